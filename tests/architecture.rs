//! The layers hold: every `use crate::…` (or `crate::…`/`super::…` path) in `src/` names a
//! module of a lower layer than its own, as the layer table in docs/architecture.md says.
//! The table is read from the doc, so the doc and the code cannot drift apart: a module
//! missing from the table, or a table row naming no module, fails too. Code inside
//! `#[cfg(test)]` is not part of the library and may build its fixtures from any layer.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module's layer, from the `## Layers` table of docs/architecture.md:
/// rows `| N | `module`, `module` | … |`.
fn layer_table(doc: &str) -> BTreeMap<String, usize> {
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with("Layers"))
        .expect("docs/architecture.md has a `## Layers` section");
    let mut layers = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let Some(Ok(layer)) = cells.get(1).map(|c| c.parse::<usize>()) else {
            continue; // the header and its rule
        };
        for module in cells[2].split(',') {
            let module = module.trim().trim_matches('`').to_string();
            assert!(
                layers.insert(module.clone(), layer).is_none(),
                "`{module}` is in two rows of the layer table"
            );
        }
    }
    layers
}

/// The source with comments, string and character literals blanked (newlines kept, so
/// line numbers stay right).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            // A doc comment's paths count (an intra-doc link up the layers is a path up
            // them): its words and `::` are kept, nothing that could open a string.
            let doc = matches!(rest.get(2), Some('/' | '!')) && rest.get(3) != Some(&'/');
            while i < chars.len() && chars[i] != '\n' {
                let c = chars[i];
                if doc && (c.is_alphanumeric() || c == '_' || c == ':') {
                    out.push(c);
                } else {
                    blank(&mut out, c);
                }
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            let mut depth = 0;
            loop {
                if chars[i..].starts_with(&['/', '*']) {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i..].starts_with(&['*', '/']) {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= chars.len() {
                    break;
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(rest, &chars[..i]) {
            // r"…", r#"…"#, br"…": ends at a quote followed by as many hashes.
            let opening = hashes + 2 + usize::from(rest[0] == 'b');
            (0..opening).for_each(|k| blank(&mut out, chars[i + k]));
            i += opening;
            while i < chars.len() {
                if chars[i] == '"' && chars[i + 1..].iter().take(hashes).all(|&c| c == '#') {
                    (0..=hashes).for_each(|_| out.push(' '));
                    i += hashes + 1;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if rest[0] == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let step = if chars[i] == '\\' { 2 } else { 1 };
                for &c in chars.iter().skip(i).take(step) {
                    blank(&mut out, c);
                }
                i += step;
            }
            out.push(' ');
            i += 1;
        } else if let Some(length) = char_literal_length(rest) {
            (0..length).for_each(|_| out.push(' '));
            i += length;
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    out
}

/// The number of `#`s of a raw string starting here (`r"`, `r#"`, `br"`), unless the `r`
/// ends an identifier.
fn raw_string_start(rest: &[char], before: &[char]) -> Option<usize> {
    if before
        .last()
        .is_some_and(|&c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let rest = if rest.first() == Some(&'b') {
        &rest[1..]
    } else {
        rest
    };
    if rest.first() != Some(&'r') {
        return None;
    }
    let hashes = rest[1..].iter().take_while(|&&c| c == '#').count();
    (rest.get(1 + hashes) == Some(&'"')).then_some(hashes)
}

/// The length of a character literal starting here (`'x'`, `'\n'`, `'\u{4e00}'`), or
/// `None` for a lifetime or label.
fn char_literal_length(rest: &[char]) -> Option<usize> {
    if rest.first() != Some(&'\'') {
        return None;
    }
    if rest.get(1) == Some(&'\\') {
        // Past the backslash and the character it escapes (which may be a quote).
        let end = rest.get(3..)?.iter().position(|&c| c == '\'')?;
        return Some(end + 4);
    }
    (rest.get(2) == Some(&'\'')).then_some(3)
}

/// The code with every item under `#[cfg(test)]` blanked: up to its `;`, the brace that
/// closes its block, or (a field, an argument) the `,` that ends it.
fn without_tests(code: &str) -> String {
    let mut out: Vec<char> = code.chars().collect();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= out.len() {
        if out[i..i + marker.len()] != marker[..] {
            i += 1;
            continue;
        }
        let mut j = i + marker.len();
        let mut depth = 0usize;
        while j < out.len() {
            match out[j] {
                '{' | '(' | '[' => depth += 1,
                // The end of what holds the item (a struct's last field): not its own.
                '}' | ')' | ']' if depth == 0 => {
                    j -= 1;
                    break;
                }
                '}' if depth == 1 => break,
                '}' | ')' | ']' => depth -= 1,
                ';' | ',' if depth == 0 => break,
                _ => {}
            }
            j += 1;
        }
        let end = j.min(out.len() - 1);
        for c in &mut out[i..=end] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        i = end + 1;
    }
    out.into_iter().collect()
}

/// The files a file declares as test modules (`#[cfg(test)] mod tests;`): test code too.
fn test_files(relative: &Path, code: &str) -> Vec<PathBuf> {
    let owner = relative.file_stem().unwrap_or_default();
    let dir = if ["mod", "lib", "main"].iter().any(|name| owner == *name) {
        relative.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        relative.with_extension("")
    };
    let mut files = Vec::new();
    for (at, _) in code.match_indices("#[cfg(test)]") {
        let rest = code[at + "#[cfg(test)]".len()..].trim_start();
        let rest = rest.strip_prefix("pub ").unwrap_or(rest).trim_start();
        let Some(rest) = rest.strip_prefix("mod ") else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if rest.trim_start()[name.len()..]
            .trim_start()
            .starts_with(';')
        {
            files.push(dir.join(format!("{name}.rs")));
            files.push(dir.join(&name).join("mod.rs"));
        }
    }
    files
}

/// The module path of a source file: `src/app/keymap.rs` → `app::keymap`,
/// `src/app/mod.rs` → `app`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every top-level module a file's code names, with the line: `crate::x`, `crate::{x, y}`,
/// and `super::` paths that climb to the crate root (spaces around `::` allowed).
fn references(code: &str, module: &[String]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    for at in word_starts(code, "crate") {
        if code[..at].ends_with('$') {
            continue; // `$crate` in a macro
        }
        if let Some(after) = after_separator(&code[at + "crate".len()..]) {
            found.extend(
                first_names(after)
                    .into_iter()
                    .map(|name| (line_of(at), name)),
            );
        }
    }
    let inline = inline_modules(code);
    for at in word_starts(code, "super") {
        let before = code[..at].trim_end();
        if before.ends_with("::") {
            continue; // counted from the first `super` of the chain
        }
        let mut after = &code[at..];
        let mut climbs = 0;
        while let Some(rest) = after.strip_prefix("super").and_then(after_separator) {
            climbs += 1;
            after = rest;
        }
        // `super` is the parent of the module the path is written in: the file's, or
        // an inline `mod … { … }` within it. At the root after as many climbs as that
        // module is deep.
        let depth = module.len() + inline.iter().filter(|r| r.contains(&at)).count();
        if climbs >= depth {
            found.extend(
                first_names(after)
                    .into_iter()
                    .map(|name| (line_of(at), name)),
            );
        }
    }
    found
}

/// Where `word` starts as a whole word in the code.
fn word_starts<'a>(code: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| {
            !code[..at].ends_with(is_word) && !code[at + word.len()..].starts_with(is_word)
        })
}

/// What follows a path's `::` (with any spaces around it), if one follows.
fn after_separator(text: &str) -> Option<&str> {
    text.trim_start().strip_prefix("::").map(str::trim_start)
}

/// Where each inline module's block (`mod name { … }`) lies in the code.
fn inline_modules(code: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = code.as_bytes();
    let mut blocks = Vec::new();
    for (at, _) in code.match_indices("mod ") {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let rest = code[at + 4..].trim_start();
        let name_length = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name_length == 0 || !rest[name_length..].trim_start().starts_with('{') {
            continue; // `mod name;`: a file of its own
        }
        let open = code.len() - rest[name_length..].trim_start().len();
        let mut depth = 0usize;
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth <= 1 => {
                    blocks.push(open..open + i);
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
    }
    blocks
}

/// The first path segment after `crate::`: one name, or each of a `{…}` group's.
fn first_names(after: &str) -> Vec<String> {
    let after = after.trim_start();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = after.strip_prefix('{') else {
        return vec![ident(after)];
    };
    let mut names = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                names.push(ident(&group[start..i]));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                names.push(ident(&group[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    names.retain(|n| !n.is_empty() && n != "self");
    names
}

/// What runs against the table in one file: `file:line: …` messages.
fn violations(relative: &Path, source: &str, layers: &BTreeMap<String, usize>) -> Vec<String> {
    let module = module_path(relative);
    let own = &module[0];
    let Some(&own_layer) = layers.get(own) else {
        return vec![format!(
            "src/{}: module `{own}` is in no row of the layer table in docs/architecture.md",
            relative.display()
        )];
    };
    let code = without_tests(&code_only(source));
    let mut found = Vec::new();
    for (line, name) in references(&code, &module) {
        if name == *own {
            continue;
        }
        match layers.get(&name) {
            Some(&layer) if layer < own_layer => {}
            Some(&layer) => found.push(format!(
                "src/{}:{line}: `{own}` (layer {own_layer}) uses `{name}` (layer {layer}); \
                 a module may use only lower layers",
                relative.display()
            )),
            None => found.push(format!(
                "src/{}:{line}: `{own}` uses `{name}`, which is in no row of the layer table",
                relative.display()
            )),
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn documented_layers() -> BTreeMap<String, usize> {
    layer_table(&fs::read_to_string(root().join("docs/architecture.md")).unwrap())
}

#[test]
fn every_import_runs_down_the_layers() {
    let layers = documented_layers();
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let sources: Vec<(PathBuf, String)> = files
        .iter()
        .map(|file| {
            let relative = file.strip_prefix(&src).unwrap().to_path_buf();
            (relative, fs::read_to_string(file).unwrap())
        })
        .collect();
    let tests: Vec<PathBuf> = sources
        .iter()
        .flat_map(|(relative, source)| test_files(relative, &code_only(source)))
        .collect();
    let (mut checked, mut paths, mut found) = (0, 0, Vec::new());
    for (relative, source) in &sources {
        // The crate root declares the modules; the binary is the edge above them all.
        if ["lib.rs", "main.rs"]
            .iter()
            .any(|root| relative == Path::new(root))
            || tests.contains(relative)
        {
            continue;
        }
        checked += 1;
        let code = without_tests(&code_only(source));
        paths += references(&code, &module_path(relative)).len();
        found.extend(violations(relative, source, &layers));
    }
    assert!(
        found.is_empty(),
        "imports against the layers:\n{}",
        found.join("\n")
    );
    // Not vacuous: the crate has well over a hundred files and many paths between them.
    assert!(
        checked > 100 && paths > 300,
        "{checked} files, {paths} paths checked"
    );
}

#[test]
fn the_layer_table_names_every_module_once() {
    let layers = documented_layers();
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let declared: Vec<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect();
    for module in &declared {
        assert!(layers.contains_key(module), "`{module}` is in no layer");
    }
    for module in layers.keys() {
        assert!(
            declared.contains(module),
            "the table names `{module}`, which lib.rs does not declare"
        );
    }
}

#[test]
fn the_module_table_agrees_with_the_layers_and_the_tree() {
    let layers = documented_layers();
    let doc = fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with("Modules"))
        .expect("docs/architecture.md has a `## Modules` section");
    let mut named = 0;
    for row in section.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let Ok(layer) = cells[0].trim_start_matches("| ").parse::<usize>() else {
            continue; // the header, and main.rs above the layers
        };
        for module in cells[1].split(", ") {
            let path: Vec<&str> = module.trim_matches('`').split("::").collect();
            assert_eq!(
                layers.get(path[0]),
                Some(&layer),
                "the Modules row of {module}"
            );
            let file = root().join("src").join(path.join("/"));
            assert!(
                file.with_extension("rs").is_file() || file.join("mod.rs").is_file(),
                "the Modules table names {module}, which src/ does not have"
            );
            named += 1;
        }
    }
    assert!(
        named >= layers.len(),
        "the Modules table names {named} modules"
    );
    // Every module's own modules are told of too (in a row of their own or their parent's).
    for top in layers.keys() {
        let Ok(entries) = fs::read_dir(root().join("src").join(top)) else {
            continue; // a module of one file
        };
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let name = name.trim_end_matches(".rs");
            if name != "mod" && name != "tests" {
                let module = format!("`{top}::{name}`");
                assert!(
                    section.contains(&module),
                    "the Modules table tells nothing of {module}"
                );
            }
        }
    }
}

#[test]
fn a_wrong_import_is_named_with_its_file_and_line() {
    let layers = layer_table(
        "# A\n\n## Layers\n\n| layer | modules |\n|---|---|\n| 0 | `text` |\n| 1 | `model`, `search` |\n| 2 | `app` |\n",
    );
    let source = "//! A model.\nuse crate::text::width; // crate::app in a comment\n\
                  const S: &str = \"crate::app\";\nuse crate::{search::romanize, text};\n\
                  fn f() -> usize { crate::app::size() }\n\
                  #[cfg(test)]\nmod tests {\n    use crate::app::App;\n}\n";
    let found = violations(Path::new("model.rs"), source, &layers);
    assert_eq!(
        found,
        [
            "src/model.rs:4: `model` (layer 1) uses `search` (layer 1); a module may use only lower layers",
            "src/model.rs:5: `model` (layer 1) uses `app` (layer 2); a module may use only lower layers",
        ]
    );
    // `super::super::` from `model::units` climbs to the root; `super::` alone does not.
    let nested = "use super::Unit;\nuse super::super::app::App;\nfn f() { let q = '\\''; let c = '\"'; let l: &'static str = r#\"crate::app\"#; }\n";
    let found = violations(Path::new("model/units.rs"), nested, &layers);
    assert_eq!(
        found,
        [
            "src/model/units.rs:2: `model` (layer 1) uses `app` (layer 2); a module may use only lower layers"
        ]
    );
    // Inside an inline module, `super::` is the file's own module.
    let inline = "mod unix {\n    use super::session;\n    use super::super::app;\n}\n";
    let found = violations(Path::new("model/units.rs"), inline, &layers);
    assert_eq!(found.len(), 0, "{found:?}");
    let found = violations(Path::new("model.rs"), inline, &layers);
    assert_eq!(
        found,
        [
            "src/model.rs:3: `model` (layer 1) uses `app` (layer 2); a module may use only lower layers"
        ]
    );
    // A doc link, a spaced path and a field under #[cfg(test)] before a real one.
    let tricky = "/// Drawn by [crate::app::App].\nstruct S {\n    #[cfg(test)]\n    seen: crate::app::Seen,\n    \
                  width: crate ::app::Width,\n}\n";
    let found = violations(Path::new("text.rs"), tricky, &layers);
    assert_eq!(
        found,
        [
            "src/text.rs:1: `text` (layer 0) uses `app` (layer 2); a module may use only lower layers",
            "src/text.rs:5: `text` (layer 0) uses `app` (layer 2); a module may use only lower layers",
        ]
    );
    assert_eq!(
        test_files(Path::new("tui/screen/mod.rs"), "#[cfg(test)]\nmod tests;\n"),
        [
            PathBuf::from("tui/screen/tests.rs"),
            PathBuf::from("tui/screen/tests/mod.rs")
        ]
    );
    assert_eq!(
        test_files(Path::new("model.rs"), "#[cfg(test)]\nmod tests {}\n"),
        Vec::<PathBuf>::new()
    );
    let unknown = violations(Path::new("export.rs"), "", &layers);
    assert!(
        unknown[0].contains("in no row of the layer table"),
        "{unknown:?}"
    );
}
