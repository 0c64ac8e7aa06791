//! The `ctlex` binary: argv → config → run → exit code. All counting lives in the library; the
//! front end (this file, [`cli`], [`config`] and [`cmd`]) only wires it to files, the terminal and exit codes,
//! and is the only part that prints.

/// `eprintln!` that never panics: a message that cannot reach a closed or broken stderr is
/// dropped, and the run goes on to write its outputs.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;
mod cmd;
mod config;
mod files;
mod outputs;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use cli::Cli;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if let Err(e) = files::remove_temporaries_on_interrupt(|| {
        say!("ctlex: interrupted; no partial file left");
    }) {
        say!("ctlex: warning: an interrupted run may leave temporary files: {e}");
    }
    match cli.into_config().and_then(cmd::run) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            say!("ctlex: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
