//! `fnhost invocations get|list` and `fnhost deadletters list|redrive|delete`: the asynchronous
//! invocation queue as the API shows it.

use super::{Target, api, find};
use crate::client::CliError;
use crate::output::Output;
use clap::Subcommand;
use serde_json::Value;

#[derive(Subcommand)]
pub enum InvocationsCmd {
    /// One asynchronous invocation: state, attempts, result or error.
    Get {
        #[command(flatten)]
        target: Target,
        id: String,
    },
    /// Asynchronous invocations, newest first.
    List {
        #[command(flatten)]
        target: Target,
        /// Only this function (by name).
        #[arg(long, short = 'f')]
        function: Option<String>,
        /// Only this state: queued, running, succeeded, failed (a retry is pending) or dead.
        #[arg(long, short = 's')]
        state: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand)]
pub enum DeadlettersCmd {
    /// Dead letters with every attempt's error.
    List {
        #[command(flatten)]
        target: Target,
        /// Only this function (by name).
        #[arg(long, short = 'f')]
        function: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Queue dead letters again with fresh attempts: one by id, or all with --all.
    Redrive {
        #[command(flatten)]
        target: Target,
        id: Option<String>,
        #[arg(long, conflicts_with = "id")]
        all: bool,
    },
    /// Delete a dead letter.
    Delete {
        #[command(flatten)]
        target: Target,
        id: String,
    },
}

fn line(i: &Value, out: Output) -> String {
    let state = i["state"].as_str().unwrap_or_default();
    let state = match state {
        "succeeded" => out.green(state),
        "dead" | "failed" => out.red(state),
        other => other.to_owned(),
    };
    let outcome = if i["errorCode"].is_string() {
        format!(
            "{}: {}",
            i["errorCode"].as_str().unwrap_or_default(),
            i["errorMsg"].as_str().unwrap_or_default()
        )
    } else if !i["result"].is_null() {
        i["result"].to_string()
    } else {
        String::new()
    };
    format!(
        "{}  {:<9}  attempts {}/{}  {}  {}",
        i["invocationId"].as_str().unwrap_or_default(),
        state,
        i["attempts"],
        i["maxAttempts"],
        i["createdAt"].as_str().unwrap_or_default(),
        out.dim(&outcome)
    )
}

/// Each attempt's error of an invocation, a line each.
fn print_errors(v: &Value) {
    for e in v["errors"].as_array().into_iter().flatten() {
        println!(
            "  attempt {}: {} {}",
            e["attempt"],
            e["errorCode"].as_str().unwrap_or_default(),
            e["errorMsg"].as_str().unwrap_or_default()
        );
    }
}

/// Invocations a line each; `errors`: with every attempt's error under each.
fn print_list(list: &Value, empty: &str, errors: bool, out: Output) {
    if out.json {
        out.json_value(list);
        return;
    }
    let items = list.as_array().cloned().unwrap_or_default();
    if items.is_empty() {
        println!("{empty}");
    }
    for i in &items {
        println!("{}", line(i, out));
        if errors {
            print_errors(i);
        }
    }
}

async fn function_query(
    api: &crate::client::Api,
    name: Option<String>,
) -> Result<String, CliError> {
    Ok(match name {
        Some(n) => {
            let l = find(api, &n).await?;
            format!("&functionUuid={}", l["uuid"].as_str().unwrap_or_default())
        }
        None => String::new(),
    })
}

pub(super) async fn invocations(cmd: InvocationsCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        InvocationsCmd::Get { target, id } => {
            let api = api(&target)?;
            let v = api.get(&format!("/invocations/{id}")).await?.json();
            if out.json {
                out.json_value(&v);
                return Ok(());
            }
            println!("{}", line(&v, out));
            print_errors(&v);
            Ok(())
        }
        InvocationsCmd::List {
            target,
            function,
            state,
            limit,
        } => {
            let api = api(&target)?;
            let mut q = format!("?limit={limit}{}", function_query(&api, function).await?);
            if let Some(s) = state {
                q.push_str(&format!("&state={s}"));
            }
            let v = api.get(&format!("/invocations{q}")).await?.json();
            print_list(&v, "No asynchronous invocations.", false, out);
            Ok(())
        }
    }
}

pub(super) async fn deadletters(cmd: DeadlettersCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        DeadlettersCmd::List {
            target,
            function,
            limit,
        } => {
            let api = api(&target)?;
            let q = format!("?limit={limit}{}", function_query(&api, function).await?);
            let v = api.get(&format!("/deadletters{q}")).await?.json();
            print_list(&v, "No dead letters.", true, out);
            Ok(())
        }
        DeadlettersCmd::Redrive { target, id, all } => {
            let api = api(&target)?;
            let path = match (id, all) {
                (Some(id), _) => format!("/deadletters/{id}/redrive"),
                (None, true) => "/deadletters/redrive".to_owned(),
                (None, false) => {
                    return Err(CliError::Usage("give a dead letter's id, or --all".into()));
                }
            };
            let v = api.post(&path, None).await?.json();
            if out.json {
                out.json_value(&v);
            } else {
                out.ok(&format!("redriven: {}", v["redriven"]));
            }
            Ok(())
        }
        DeadlettersCmd::Delete { target, id } => {
            let api = api(&target)?;
            let v = api.delete(&format!("/deadletters/{id}")).await?.json();
            if out.json {
                out.json_value(&v);
            } else {
                out.ok(&format!("deleted {id}"));
            }
            Ok(())
        }
    }
}
