#![allow(clippy::print_stdout, clippy::print_stderr)] // The command line prints by design.

//! The `dockls` binary: `dockls server` (also `dockls --stdio`), `dockls check`,
//! `dockls rules`, `dockls rule CODE`.

mod check;
mod output;
mod rules;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "dockls",
    version,
    about = "A fast, daemon-free language server and linter for Dockerfiles",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Run the language server over stdio (same as `dockls server`).
    #[arg(long)]
    stdio: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server over stdin/stdout.
    Server {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check Dockerfiles and print what is wrong.
    Check(check::CheckArgs),
    /// List every rule.
    Rules(rules::RulesArgs),
    /// Print a rule's documentation.
    Rule {
        /// A code, rule name, hadolint ID or BuildKit check name.
        name: String,
    },
}

fn init_logging() {
    let filter = std::env::var("DOCKLS_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .try_init();
}

fn serve() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dockls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let orderly = runtime.block_on(dockls_lsp::run_stdio());
    // Reading stdin blocks a runtime thread until the client closes the pipe, and dropping the
    // runtime would wait for it: after `exit` the process must end while stdin is still open
    // (Neovim and VS Code keep it open and wait for the process to go).
    runtime.shutdown_background();
    if orderly {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None if cli.stdio => serve(),
        None => {
            eprintln!("dockls: no command given; try `dockls check .`, `dockls server` or `dockls --help`");
            ExitCode::from(2)
        }
        Some(Command::Server { .. }) => serve(),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Rules(args)) => rules::list(args),
        Some(Command::Rule { name }) => rules::show(&name),
    }
}
