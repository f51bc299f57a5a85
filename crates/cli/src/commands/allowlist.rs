//! `fnhost allowlist list|add|remove`: the account's domain allowlist (the hosts functions may
//! call through the toolbelt's HTTP client), over `GET/POST /proxy-settings` and
//! `DELETE /proxy-settings/{id}`. Reading needs the Admin or Developer role; changing it, Admin.

use super::{Target, api};
use crate::client::{Api, CliError};
use crate::output::Output;
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum AllowlistCmd {
    /// The allowed domains with their ids.
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Allow domains: `fnhost allowlist add api.example.com '*.example.org'`.
    Add {
        #[command(flatten)]
        target: Target,
        /// FQDNs, optionally with one leading `*.`.
        #[arg(required = true)]
        domains: Vec<String>,
    },
    /// Remove domains, by name or by id (as `list` shows them).
    Remove {
        #[command(flatten)]
        target: Target,
        #[arg(required = true, value_name = "DOMAIN_OR_ID")]
        entries: Vec<String>,
    },
}

async fn list(api: &Api) -> Result<Vec<Value>, CliError> {
    Ok(api
        .get("/proxy-settings")
        .await?
        .json()
        .as_array()
        .cloned()
        .unwrap_or_default())
}

/// The id of `entry`: a listed domain's name (case-insensitive) or a listed id.
fn resolve(entries: &[Value], entry: &str) -> Option<(i64, String)> {
    let wanted = entry.trim().to_ascii_lowercase();
    entries
        .iter()
        .find(|d| {
            d["domain"].as_str() == Some(wanted.as_str())
                || d["id"].as_i64().map(|i| i.to_string()) == Some(wanted.clone())
        })
        .map(|d| {
            (
                d["id"].as_i64().unwrap_or_default(),
                d["domain"].as_str().unwrap_or_default().to_owned(),
            )
        })
}

pub(super) async fn run(cmd: AllowlistCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        AllowlistCmd::List { target } => {
            let api = api(&target)?;
            let entries = list(&api).await?;
            if out.json {
                out.json_value(&Value::Array(entries));
            } else if entries.is_empty() {
                println!("No domains: functions cannot make outbound calls.");
            } else {
                for d in &entries {
                    println!(
                        "{:>6}  {}",
                        d["id"].as_i64().unwrap_or_default(),
                        d["domain"].as_str().unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        AllowlistCmd::Add { target, domains } => {
            let api = api(&target)?;
            let mut added = Vec::new();
            for d in domains {
                let v = api
                    .post("/proxy-settings", Some(&json!({ "domain": d })))
                    .await?
                    .json();
                if !out.json {
                    out.ok(&format!(
                        "allowed {} (id {})",
                        v["domain"].as_str().unwrap_or_default(),
                        v["id"]
                    ));
                }
                added.push(v);
            }
            if out.json {
                out.json_value(&Value::Array(added));
            }
            Ok(())
        }
        AllowlistCmd::Remove { target, entries } => {
            let api = api(&target)?;
            let listed = list(&api).await?;
            let mut removed = Vec::new();
            for e in entries {
                let (id, domain) = resolve(&listed, &e).ok_or_else(|| {
                    CliError::Usage(format!(
                        "`{e}` is not on the allowlist of account {} (see `fnhost allowlist list`)",
                        api.account
                    ))
                })?;
                api.delete(&format!("/proxy-settings/{id}")).await?;
                if !out.json {
                    out.ok(&format!("removed {domain} (id {id})"));
                }
                removed.push(json!({ "id": id, "domain": domain }));
            }
            if out.json {
                out.json_value(&Value::Array(removed));
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_found_by_domain_or_id() {
        let l = vec![
            json!({ "id": 3, "domain": "api.example.com" }),
            json!({ "id": 7, "domain": "*.example.org" }),
        ];
        assert_eq!(
            resolve(&l, "API.example.com"),
            Some((3, "api.example.com".into()))
        );
        assert_eq!(resolve(&l, "7"), Some((7, "*.example.org".into())));
        assert_eq!(resolve(&l, "8"), None);
        assert_eq!(resolve(&l, "example.com"), None);
    }
}
