//! `fnhost`: the platform server (`fnhost serve`) and the developer workflow in one binary.

mod client;
mod commands;
mod credentials;
mod local_egress;
mod output;
mod project;
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// fnhost — a self-hosted functions platform compatible with LivePerson Functions (v1).
///
/// Start a server with `fnhost serve`, log in with `fnhost login`, then `fnhost init`,
/// `fnhost push`, `fnhost deploy` and `fnhost invoke` your functions.
#[derive(Parser)]
#[command(
    name = "fnhost",
    version,
    propagate_version = true,
    after_help = "Examples:\n  fnhost serve                                   # SQLite in ./fnhost-data, 127.0.0.1:8080\n  fnhost login --server http://127.0.0.1:8080 -a 1000 -u admin -p '<password>'\n  fnhost init hello && fnhost push hello && fnhost deploy hello\n  fnhost invoke hello --payload '{\"name\":\"you\"}'\n  fnhost invoke hello --local                    # no server: the runtime runs in-process\n  fnhost logs hello --start 2h --levels Warn Error --follow\n  fnhost apps create my-integration              # client credentials for external callers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Output format for scripts: `text` (default) or `json`.
    #[arg(long, short = 'o', global = true, default_value = "text", value_parser = ["text", "json"])]
    output: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run the platform server (gateway, management API, auth) on the embedded SQLite store or PostgreSQL.
    Serve(Box<serve::ServeArgs>),
    /// Replace the JWT signing key of an installation (same store options as `serve`). Running
    /// nodes switch within a second; tokens signed with the old key stay valid for one token
    /// lifetime, or not at all with --revoke-old-tokens.
    RotateJwtKey(Box<serve::RotateArgs>),
    #[command(flatten)]
    Workflow(commands::Workflow),
}

/// mimalloc for every Rust allocation: it measured faster than glibc malloc on the invoke path,
/// where blocks are freed on other threads than the one that made them (docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Invocations run JS on these threads (`--js-inline`): their stacks are far larger than
    // QuickJS's stack limit, so deep recursion ends in a RangeError, never an abort.
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .thread_stack_size(8 << 20)
        // With --js-inline each long call runs on a thread of its own (see the runtime's fairness).
        .max_blocking_threads(4096)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out = output::Output::new(cli.output == "json");
    match cli.command {
        Command::Serve(args) => rt.block_on(serve::run(*args)),
        Command::RotateJwtKey(args) => rt.block_on(serve::rotate_jwt_key(*args)),
        Command::Workflow(w) => rt.block_on(commands::run(w, out)),
    }
}

#[cfg(test)]
mod tests {
    /// Every command's arguments are consistent (clap checks names, conflicts and defaults).
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
