//! `fnhost schedules create|list|update|delete`: cron runs of deployed functions, with an
//! optional JSON payload passed as `input.payload`.

use super::{Target, api, find};
use crate::client::CliError;
use crate::output::Output;
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum SchedulesCmd {
    /// Schedule a deployed function: `fnhost schedules create hello "*/5 * * * *" --payload '{"a":1}'`.
    Create {
        #[command(flatten)]
        target: Target,
        /// The function's name.
        function: String,
        /// Five-field cron expression (UTC).
        cron: String,
        /// JSON passed as `input.payload` (at most 8,000 characters).
        #[arg(long)]
        payload: Option<String>,
        /// Create it paused.
        #[arg(long)]
        inactive: bool,
    },
    /// Schedules with their last and next runs and the last result.
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Change a schedule's expression, payload or active flag.
    Update {
        #[command(flatten)]
        target: Target,
        id: String,
        #[arg(long)]
        cron: Option<String>,
        /// New JSON payload; `null` removes it.
        #[arg(long)]
        payload: Option<String>,
        #[arg(long, conflicts_with = "resume")]
        pause: bool,
        #[arg(long)]
        resume: bool,
    },
    /// Delete a schedule.
    Delete {
        #[command(flatten)]
        target: Target,
        id: String,
    },
}

fn parse_payload(p: &str) -> Result<Value, CliError> {
    serde_json::from_str(p)
        .map_err(|e| CliError::Usage(format!("--payload is not valid JSON: {e}")))
}

/// One schedule as a line; `names` maps function ids to names (the schedule has only the id).
fn print_one(v: &Value, names: &std::collections::HashMap<String, String>, out: Output) {
    if out.json {
        out.json_value(v);
        return;
    }
    let last = match (
        v["lastExecution"].as_str(),
        v["didLastExecutionFail"].as_bool(),
    ) {
        (None, _) => "never ran".to_owned(),
        (Some(at), Some(true)) => out.red(&format!(
            "last {at} failed ({})",
            v["lastErrorCode"].as_str().unwrap_or("?")
        )),
        (Some(at), _) => out.green(&format!("last {at} ok")),
    };
    let function = v["lambdaUUID"].as_str().unwrap_or_default();
    println!(
        "{}  {:<20}  {:<14}  {}  next {}  {}{}",
        v["uuid"].as_str().unwrap_or_default(),
        names.get(function).map(String::as_str).unwrap_or(function),
        v["cronExpression"].as_str().unwrap_or_default(),
        if v["isActive"] == true {
            "active"
        } else {
            "paused"
        },
        v["nextExecution"].as_str().unwrap_or("-"),
        last,
        if v["payload"].is_null() {
            String::new()
        } else {
            format!("  payload {}", v["payload"])
        }
    );
}

pub(super) async fn run(cmd: SchedulesCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        SchedulesCmd::Create {
            target,
            function,
            cron,
            payload,
            inactive,
        } => {
            let api = api(&target)?;
            let l = find(&api, &function).await?;
            let mut body =
                json!({ "lambdaUUID": l["uuid"], "cronExpression": cron, "isActive": !inactive });
            if let Some(p) = payload {
                body["payload"] = parse_payload(&p)?;
            }
            let v = api.post("/schedules", Some(&body)).await?.json();
            let names = [(
                l["uuid"].as_str().unwrap_or_default().to_owned(),
                function.clone(),
            )];
            print_one(&v, &names.into_iter().collect(), out);
            Ok(())
        }
        SchedulesCmd::List { target } => {
            let api = api(&target)?;
            let v = api.get("/schedules").await?.json();
            if out.json {
                out.json_value(&v);
                return Ok(());
            }
            let list = v.as_array().cloned().unwrap_or_default();
            if list.is_empty() {
                println!("No schedules.");
            }
            let names = function_names(&api).await?;
            for s in &list {
                print_one(s, &names, out);
            }
            Ok(())
        }
        SchedulesCmd::Update {
            target,
            id,
            cron,
            payload,
            pause,
            resume,
        } => {
            let api = api(&target)?;
            let mut body = json!({});
            if let Some(c) = cron {
                body["cronExpression"] = json!(c);
            }
            if let Some(p) = payload {
                body["payload"] = parse_payload(&p)?;
            }
            if pause || resume {
                body["isActive"] = json!(resume);
            }
            let v = api.put(&format!("/schedules/{id}"), &body).await?.json();
            print_one(&v, &function_names(&api).await?, out);
            Ok(())
        }
        SchedulesCmd::Delete { target, id } => {
            let api = api(&target)?;
            let v = api.delete(&format!("/schedules/{id}")).await?.json();
            if out.json {
                out.json_value(&v);
            } else {
                out.ok(&format!("deleted schedule {id}"));
            }
            Ok(())
        }
    }
}

/// The account's function names by id.
async fn function_names(
    api: &crate::client::Api,
) -> Result<std::collections::HashMap<String, String>, CliError> {
    Ok(api
        .lambdas()
        .await?
        .into_iter()
        .filter_map(|l| {
            Some((
                l["uuid"].as_str()?.to_owned(),
                l["name"].as_str()?.to_owned(),
            ))
        })
        .collect())
}
