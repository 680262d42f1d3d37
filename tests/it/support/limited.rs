//! Running the binary under a budget the test sets: an address-space limit (through the
//! POSIX shell's `ulimit -v`) and a wall-clock deadline that only guards against a hang.
//! The deadline is generous on purpose: it is not a benchmark, and machines are shared.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// What a bounded run ended with.
pub struct Bounded {
    pub output: Output,
    pub elapsed: Duration,
}

impl Bounded {
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
}

/// Runs the binary with `args` (and `stdin`, if any) in at most `memory_mib` of address
/// space, killing it and failing the test if it outlives `deadline`. glibc's per-thread
/// malloc arenas reserve address space they never touch, so they are capped at two: the
/// limit then measures what the program uses.
pub fn run_limited(args: &[&str], memory_mib: u64, deadline: Duration) -> Bounded {
    run_limited_in(None, args, None, memory_mib, deadline)
}

/// [`run_limited`] in a working directory and with bytes on stdin.
pub fn run_limited_in(
    dir: Option<&std::path::Path>,
    args: &[&str],
    stdin: Option<&[u8]>,
    memory_mib: u64,
    deadline: Duration,
) -> Bounded {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "ulimit -v {} && exec \"$0\" \"$@\"",
            memory_mib * 1024
        ))
        .arg(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("NIANBAO_CONFIG")
        .env("XDG_CONFIG_HOME", super::NO_CONFIG_HOME)
        .env("MALLOC_ARENA_MAX", "2")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("sh runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        // A writer thread: a child that stops reading must not block the test.
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = pipe.write_all(&bytes);
        });
    }
    let output = wait_within(child, deadline, &format!("nianbao {args:?}"));
    Bounded {
        output,
        elapsed: started.elapsed(),
    }
}

/// The child's output once it ends; killed, and the test failed, if it is still running
/// after `deadline` (a hang, not a slow machine: deadlines are generous).
pub fn wait_within(mut child: Child, deadline: Duration, what: &str) -> Output {
    let started = Instant::now();
    while child.try_wait().expect("child state").is_none() {
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {deadline:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("output")
}
