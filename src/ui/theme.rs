//! Colours and emphasis. Two kinds of theme:
//!
//! - `dark`, `light` and `contrast` keep the terminal's own background and foreground
//!   and must read on any palette, dark or light: text that carries meaning is in the
//!   terminal's foreground (bold where it stands out), in the two basic colours that read
//!   on every common palette (bright red and bright magenta), or in a pair of foreground
//!   and background set together (selection, the active tab, highlights); other colours
//!   only draw lines (borders, frames, bars). The tests check every style against nine
//!   palettes (xterm, GNOME, Solarized, Windows, macOS; dark and light).
//! - `projector-dark` and `projector-light` paint every cell's background themselves,
//!   from the xterm 256-colour table (the same on every 256-colour terminal), so a screen
//!   looks the same on any terminal and on a projector.
//!
//! Without colour (NO_COLOR) every theme is monochrome: selection and emphasis use
//! reverse video, bold and underline only.

use ratatui::style::{Color, Modifier, Style};

use crate::settings::{RiseColours, ThemeName};

/// The styles the UI draws with.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Which theme this is, with colour or not, and how rises are coloured: what a switch
    /// to another theme keeps.
    pub name: ThemeName,
    pub colour: bool,
    pub rises: RiseColours,
    /// Every cell's style before anything is drawn: the painted foreground and background
    /// of a projector theme; nothing (the terminal's own colours) for the others.
    pub base: Style,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    /// Selection in a pane without focus.
    pub selected_unfocused: Style,
    pub heading: Style,
    pub section: Style,
    pub marker: Style,
    pub highlight: Style,
    /// Matched characters in finder hits.
    pub matched: Style,
    pub frame: Style,
    pub case_title: Style,
    pub caption: Style,
    pub footnote: Style,
    pub value: Style,
    pub up: Style,
    pub down: Style,
    pub bar: Style,
    pub bar_other: Style,
    pub key: Style,
}

/// A colour of the xterm 256-colour table.
const fn x(n: u8) -> Color {
    Color::Indexed(n)
}

/// The colours of a projector theme, as xterm-256 indices: one accent carries titles,
/// focus, selection and bars, so the two projector themes differ only in these.
struct ProjectorColours {
    text: u8,
    background: u8,
    dim: u8,
    accent: u8,
    /// Text on the accent (the active tab, the selection).
    on_accent: u8,
    /// The selection in a pane without focus: text and background.
    unfocused: (u8, u8),
    heading: u8,
    marker: u8,
    /// The background of highlighted text (its text is black).
    highlight: u8,
    frame: u8,
    case_title: u8,
    caption: u8,
    value: u8,
    bar_other: u8,
}

impl Theme {
    /// The theme with rises and falls coloured as asked (without colour, never).
    pub fn with_rises(mut self, rises: RiseColours) -> Theme {
        self.rises = rises;
        let (red, green) = match self.name {
            ThemeName::ProjectorDark => (x(203), x(114)),
            ThemeName::ProjectorLight => (x(124), x(28)),
            _ => (Color::Red, Color::Green),
        };
        let colours = match rises {
            RiseColours::None => return self,
            RiseColours::RedUp => (red, green),
            RiseColours::GreenUp => (green, red),
        };
        // Without colour (NO_COLOR), the arrows alone.
        if self.colour {
            self.up = Style::new().fg(colours.0);
            self.down = Style::new().fg(colours.1);
        }
        self
    }

    /// The same kind of theme (colour, rises) under another name.
    pub fn renamed(&self, name: ThemeName) -> Theme {
        Theme::new(name, self.colour).with_rises(self.rises)
    }

    /// Whether every cell gets the theme's own background.
    pub fn paints_background(&self) -> bool {
        self.base.bg.is_some()
    }

    pub fn new(name: ThemeName, colour: bool) -> Theme {
        if !colour {
            return Theme::monochrome(name);
        }
        let plain = Style::default();
        let bold = Modifier::BOLD;
        let dim = plain.add_modifier(Modifier::DIM);
        match name {
            // Accents in the terminal's own palette: bright red and bright magenta read
            // on every palette tested (a contrast of 3 or more); cyan and blue only draw
            // lines; selection and the active tab set both colours.
            ThemeName::Dark => Theme {
                name,
                colour,
                rises: RiseColours::None,
                base: plain,
                text: plain,
                dim,
                title: plain.add_modifier(bold),
                tab: plain,
                tab_active: plain.fg(Color::Black).bg(Color::Cyan).add_modifier(bold),
                border: plain.fg(Color::Blue),
                border_focused: plain.fg(Color::Cyan),
                selected: plain.fg(Color::Black).bg(Color::Cyan),
                selected_unfocused: plain.add_modifier(Modifier::REVERSED),
                heading: plain.fg(Color::LightMagenta).add_modifier(bold),
                section: plain.add_modifier(bold | Modifier::UNDERLINED),
                marker: plain.fg(Color::LightMagenta),
                highlight: plain.fg(Color::Black).bg(Color::Yellow),
                matched: plain
                    .fg(Color::LightRed)
                    .add_modifier(bold | Modifier::UNDERLINED),
                frame: plain.fg(Color::Cyan),
                case_title: plain.add_modifier(bold),
                caption: plain.add_modifier(Modifier::ITALIC),
                footnote: dim,
                value: plain.add_modifier(bold),
                up: plain,
                down: plain,
                bar: plain.fg(Color::Cyan),
                bar_other: plain.fg(Color::Magenta),
                key: plain.fg(Color::LightMagenta).add_modifier(bold),
            },
            ThemeName::Light => Theme {
                name,
                colour,
                rises: RiseColours::None,
                base: plain,
                text: plain,
                dim,
                title: plain.add_modifier(bold),
                tab: plain,
                tab_active: plain.fg(Color::White).bg(Color::Blue).add_modifier(bold),
                border: plain.fg(Color::Blue),
                border_focused: plain.fg(Color::LightMagenta),
                selected: plain.fg(Color::White).bg(Color::Blue),
                selected_unfocused: plain.add_modifier(Modifier::REVERSED),
                heading: plain.fg(Color::LightRed).add_modifier(bold),
                section: plain.add_modifier(bold | Modifier::UNDERLINED),
                marker: plain.fg(Color::LightMagenta),
                highlight: plain.fg(Color::Black).bg(Color::Yellow),
                matched: plain
                    .fg(Color::LightMagenta)
                    .add_modifier(bold | Modifier::UNDERLINED),
                frame: plain.fg(Color::Blue),
                case_title: plain.add_modifier(bold),
                caption: plain.add_modifier(Modifier::ITALIC),
                footnote: dim,
                value: plain.add_modifier(bold),
                up: plain,
                down: plain,
                bar: plain.fg(Color::Blue),
                bar_other: plain.fg(Color::Magenta),
                key: plain.fg(Color::LightRed).add_modifier(bold),
            },
            // The terminal's foreground at full strength, and reverse video: the most
            // contrast the terminal has, whatever its palette.
            ThemeName::Contrast => {
                let strong = plain.add_modifier(bold);
                let reversed = strong.add_modifier(Modifier::REVERSED);
                Theme {
                    name,
                    colour,
                    rises: RiseColours::None,
                    base: plain,
                    text: plain,
                    dim: plain,
                    title: strong,
                    tab: plain,
                    tab_active: reversed,
                    border: plain,
                    border_focused: strong,
                    selected: reversed,
                    selected_unfocused: plain.add_modifier(Modifier::REVERSED),
                    heading: strong.add_modifier(Modifier::UNDERLINED),
                    section: strong.add_modifier(Modifier::UNDERLINED),
                    marker: strong,
                    highlight: plain.fg(Color::Black).bg(Color::Yellow).add_modifier(bold),
                    matched: strong.add_modifier(Modifier::UNDERLINED),
                    frame: plain,
                    case_title: strong,
                    caption: plain.add_modifier(Modifier::ITALIC),
                    footnote: plain,
                    value: strong,
                    up: strong,
                    down: strong,
                    bar: plain,
                    bar_other: strong,
                    key: strong.add_modifier(Modifier::UNDERLINED),
                }
            }
            ThemeName::ProjectorDark => Theme::projector(
                name,
                colour,
                &ProjectorColours {
                    text: 255,
                    background: 235,
                    dim: 250,
                    accent: 117,
                    on_accent: 16,
                    unfocused: (255, 239),
                    heading: 222,
                    marker: 213,
                    highlight: 222,
                    frame: 111,
                    case_title: 153,
                    caption: 150,
                    value: 222,
                    bar_other: 213,
                },
            ),
            ThemeName::ProjectorLight => Theme::projector(
                name,
                colour,
                &ProjectorColours {
                    text: 235,
                    background: 231,
                    dim: 240,
                    accent: 25,
                    on_accent: 231,
                    unfocused: (16, 252),
                    heading: 124,
                    marker: 90,
                    highlight: 229,
                    frame: 25,
                    case_title: 24,
                    caption: 22,
                    value: 19,
                    bar_other: 130,
                },
            ),
        }
    }

    /// A theme that paints its own background, so a slide looks the same on any terminal.
    fn projector(name: ThemeName, colour: bool, colours: &ProjectorColours) -> Theme {
        let plain = Style::default();
        let bold = Modifier::BOLD;
        let on = |fg: u8| plain.fg(x(fg));
        let accent = on(colours.accent);
        let on_accent = on(colours.on_accent).bg(x(colours.accent));
        Theme {
            name,
            colour,
            rises: RiseColours::None,
            base: on(colours.text).bg(x(colours.background)),
            text: plain,
            dim: on(colours.dim),
            title: accent.add_modifier(bold),
            tab: on(colours.dim),
            tab_active: on_accent.add_modifier(bold),
            border: on(colours.dim),
            border_focused: accent,
            selected: on_accent,
            selected_unfocused: on(colours.unfocused.0).bg(x(colours.unfocused.1)),
            heading: on(colours.heading).add_modifier(bold),
            section: accent.add_modifier(bold),
            marker: on(colours.marker),
            highlight: on(16).bg(x(colours.highlight)),
            matched: plain.add_modifier(bold | Modifier::UNDERLINED),
            frame: on(colours.frame),
            case_title: on(colours.case_title).add_modifier(bold),
            caption: on(colours.caption),
            footnote: on(colours.dim),
            value: on(colours.value).add_modifier(bold),
            up: plain,
            down: plain,
            bar: accent,
            bar_other: on(colours.bar_other),
            key: accent.add_modifier(bold),
        }
    }

    /// No colour at all: nothing depends on it.
    fn monochrome(name: ThemeName) -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        let reversed = plain.add_modifier(Modifier::REVERSED);
        Theme {
            name,
            colour: false,
            rises: RiseColours::None,
            base: plain,
            text: plain,
            dim: plain,
            title: bold,
            tab: plain,
            tab_active: reversed.add_modifier(Modifier::BOLD),
            border: plain,
            border_focused: bold,
            selected: reversed.add_modifier(Modifier::BOLD),
            selected_unfocused: reversed,
            heading: bold,
            section: bold.add_modifier(Modifier::UNDERLINED),
            marker: bold,
            highlight: reversed,
            matched: bold.add_modifier(Modifier::UNDERLINED),
            frame: plain,
            case_title: bold,
            caption: plain.add_modifier(Modifier::ITALIC),
            footnote: plain,
            value: bold,
            up: bold,
            down: bold,
            bar: plain,
            bar_other: bold,
            key: bold,
        }
    }

    /// Every style with its name and what it draws, for the readability tests.
    pub fn styles(&self) -> [(&'static str, Style, Role); 24] {
        use Role::*;
        [
            ("text", self.text, Text),
            ("dim", self.dim, Secondary),
            ("title", self.title, Text),
            ("tab", self.tab, Text),
            ("tab_active", self.tab_active, Text),
            ("border", self.border, Line),
            ("border_focused", self.border_focused, Line),
            ("selected", self.selected, Text),
            ("selected_unfocused", self.selected_unfocused, Text),
            ("heading", self.heading, Text),
            ("section", self.section, Text),
            ("marker", self.marker, Text),
            ("highlight", self.highlight, Text),
            ("matched", self.matched, Text),
            ("frame", self.frame, Line),
            ("case_title", self.case_title, Text),
            ("caption", self.caption, Text),
            ("footnote", self.footnote, Secondary),
            ("value", self.value, Text),
            ("up", self.up, Text),
            ("down", self.down, Text),
            ("bar", self.bar, Line),
            ("bar_other", self.bar_other, Line),
            ("key", self.key, Text),
        ]
    }
}

/// What a style draws, which sets how much contrast it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Text to read.
    Text,
    /// Text that steps back (dim, footnotes).
    Secondary,
    /// Lines and blocks: borders, frames, bars.
    Line,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::{Palette, Rgb, contrast};

    /// The colours a style shows on a terminal with this palette: foreground and
    /// background after the base style, reverse video and faint (drawn halfway to the
    /// background, as most terminals do).
    fn shown(theme: &Theme, style: Style, palette: &Palette) -> (Rgb, Rgb) {
        let style = theme.base.patch(style);
        let mut fg = palette.resolve(style.fg.unwrap_or(Color::Reset), true);
        let mut bg = palette.resolve(style.bg.unwrap_or(Color::Reset), false);
        if style.add_modifier.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        if style.add_modifier.contains(Modifier::DIM) {
            fg = fg.mix(bg, 0.5);
        }
        (fg, bg)
    }

    #[test]
    fn the_terminal_themes_read_on_every_common_palette_dark_or_light() {
        let mut failures = Vec::new();
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Contrast] {
            let theme = Theme::new(name, true).with_rises(RiseColours::None);
            for palette in &Palette::COMMON {
                for (style_name, style, role) in theme.styles() {
                    let (fg, bg) = shown(&theme, style, palette);
                    let ratio = contrast(fg, bg);
                    let least = match role {
                        Role::Text => 3.0,
                        // Faint text is modelled halfway to the background, the most
                        // any terminal fades it.
                        Role::Secondary => 1.8,
                        Role::Line => 1.6,
                    };
                    if ratio < least {
                        failures.push(format!(
                            "{}.{style_name} on {}: {ratio:.2} < {least}",
                            name.label(),
                            palette.name
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_projector_themes_paint_strong_contrast_with_fixed_colours() {
        for name in [ThemeName::ProjectorDark, ThemeName::ProjectorLight] {
            let theme = Theme::new(name, true);
            assert!(theme.paints_background() && name.paints_background());
            // Painted colours are from the 256-colour table, never the terminal's palette:
            // they look the same on every palette.
            for (style_name, style, role) in theme.styles() {
                let style = theme.base.patch(style);
                for colour in [style.fg, style.bg] {
                    assert!(
                        matches!(colour, Some(Color::Indexed(16..))),
                        "{name:?}.{style_name}: {colour:?}"
                    );
                }
                let (a, b) = (Palette::COMMON[0], Palette::COMMON[5]);
                let (fg, bg) = shown(&theme, style, &a);
                assert_eq!((fg, bg), shown(&theme, style, &b), "{style_name}");
                let least = match role {
                    Role::Text => 4.5,
                    Role::Secondary => 4.5,
                    Role::Line => 2.5,
                };
                let ratio = contrast(fg, bg);
                assert!(ratio >= least, "{name:?}.{style_name}: {ratio:.2}");
            }
        }
        assert!(!Theme::new(ThemeName::Dark, true).paints_background());
    }

    #[test]
    fn without_colour_every_theme_is_monochrome() {
        for name in ThemeName::ALL {
            let theme = Theme::new(name, false);
            assert!(!theme.paints_background(), "{name:?}");
            for (style_name, style, _) in theme.styles() {
                assert_eq!((style.fg, style.bg), (None, None), "{name:?}.{style_name}");
            }
        }
    }

    #[test]
    fn rises_and_falls_carry_no_colour_unless_asked() {
        for name in [ThemeName::Dark, ThemeName::Light] {
            let theme = Theme::new(name, true);
            assert_eq!(theme.up, theme.down, "{name:?}: a colour judges the change");
            let chinese = theme.with_rises(RiseColours::RedUp);
            assert_eq!(chinese.up.fg, Some(Color::Red));
            assert_eq!(chinese.down.fg, Some(Color::Green));
            let western = theme.with_rises(RiseColours::GreenUp);
            assert_eq!(western.up.fg, Some(Color::Green));
            // A switch of theme keeps the choice.
            let switched = chinese.renamed(ThemeName::ProjectorLight);
            assert_eq!(switched.up.fg, Some(Color::Indexed(124)));
            assert_eq!(switched.rises, RiseColours::RedUp);
        }
        let plain = Theme::new(ThemeName::Dark, false).with_rises(RiseColours::RedUp);
        assert_eq!(plain.up.fg, None, "no colour with NO_COLOR");
    }

    #[test]
    fn the_theme_key_cycles_through_every_theme() {
        let mut seen = vec![ThemeName::Dark];
        while seen.len() < 6 {
            seen.push(seen.last().unwrap().next());
        }
        assert_eq!(&seen[..5], &ThemeName::ALL);
        assert_eq!(seen[5], ThemeName::Dark);
    }

    #[test]
    fn a_background_picks_dark_or_light() {
        assert_eq!(
            ThemeName::for_background(Rgb(0xfd, 0xf6, 0xe3)),
            ThemeName::Light
        );
        assert_eq!(
            ThemeName::for_background(Rgb(0x00, 0x2b, 0x36)),
            ThemeName::Dark
        );
        assert_eq!(ThemeName::from_colorfgbg("15;0"), Some(ThemeName::Dark));
        assert_eq!(ThemeName::from_colorfgbg("0;15"), Some(ThemeName::Light));
        assert_eq!(
            ThemeName::from_colorfgbg("0;default;15"),
            Some(ThemeName::Light)
        );
        assert_eq!(ThemeName::from_colorfgbg("default"), None);
        assert_eq!(ThemeName::from_colorfgbg(""), None);
    }
}
