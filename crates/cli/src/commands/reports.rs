//! `fnhost reports email|send`: the account's email report (frequency None / Daily / Weekly,
//! up to 10 recipients) and a report on demand.

use super::{Target, api};
use crate::client::CliError;
use crate::output::Output;
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum ReportsCmd {
    /// Show the email report setting, or change it with --frequency and --to.
    Email {
        #[command(flatten)]
        target: Target,
        /// None, Daily (01:00 UTC, the previous day) or Weekly (Monday 01:00 UTC).
        #[arg(long)]
        frequency: Option<String>,
        /// A recipient (repeat for more, at most 10); replaces the list.
        #[arg(long = "to")]
        recipients: Vec<String>,
    },
    /// Send the report of the last complete period now.
    Send {
        #[command(flatten)]
        target: Target,
    },
}

fn print(v: &Value, out: Output) {
    if out.json {
        out.json_value(v);
        return;
    }
    let to: Vec<&str> = v["recipients"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    println!(
        "frequency:   {}",
        v["frequency"].as_str().unwrap_or_default()
    );
    println!(
        "recipients:  {}",
        if to.is_empty() {
            "-".into()
        } else {
            to.join(", ")
        }
    );
    println!("next report: {}", v["nextReportAt"].as_str().unwrap_or("-"));
    if v["smtpConfigured"] == false {
        println!(
            "{}",
            out.red("the server has no SMTP server configured (--smtp-url): no report goes out")
        );
    }
}

pub(super) async fn run(cmd: ReportsCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        ReportsCmd::Email {
            target,
            frequency,
            recipients,
        } => {
            let api = api(&target)?;
            let v = if frequency.is_none() && recipients.is_empty() {
                api.get("/reports/email").await?.json()
            } else {
                let current = api.get("/reports/email").await?.json();
                let frequency = frequency
                    .map(Value::from)
                    .unwrap_or_else(|| current["frequency"].clone());
                let recipients = if recipients.is_empty() {
                    current["recipients"].clone()
                } else {
                    json!(recipients)
                };
                let body = json!({ "frequency": frequency, "recipients": recipients });
                api.put("/reports/email", &body).await?.json()
            };
            print(&v, out);
        }
        ReportsCmd::Send { target } => {
            let v = api(&target)?
                .post("/reports/email/send", None)
                .await?
                .json();
            if out.json {
                out.json_value(&v);
            } else {
                out.ok(&format!(
                    "sent \"{}\" to {}",
                    v["subject"].as_str().unwrap_or_default(),
                    v["recipients"]
                ));
            }
        }
    }
    Ok(())
}
