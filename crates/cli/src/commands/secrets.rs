//! `fnhost secrets list|set|delete`: the account's secrets, read by functions through the
//! toolbelt's `SecretClient`. Values are never shown: `list` prints the keys only. `set` creates
//! a secret (`POST /secrets`) or replaces an existing one's value (`PUT /secrets/{key}`).

use super::{Target, api};
use crate::client::CliError;
use crate::output::Output;
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum SecretsCmd {
    /// The keys of the account's secrets (values are never shown).
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Create a secret or replace its value: `fnhost secrets set api_key "$VALUE"`.
    Set {
        #[command(flatten)]
        target: Target,
        key: String,
        /// The value (or set FNHOST_SECRET_VALUE, which keeps it out of the shell history).
        #[arg(env = "FNHOST_SECRET_VALUE", hide_env_values = true)]
        value: String,
    },
    /// Delete secrets; functions reading them fail from then on.
    Delete {
        #[command(flatten)]
        target: Target,
        #[arg(required = true)]
        keys: Vec<String>,
    },
}

pub(super) async fn run(cmd: SecretsCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        SecretsCmd::List { target } => {
            let api = api(&target)?;
            let v = api.get("/secrets").await?.json();
            let keys: Vec<&str> = v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["key"].as_str())
                .collect();
            if out.json {
                out.json_value(&json!(keys));
            } else if keys.is_empty() {
                println!("No secrets.");
            } else {
                keys.iter().for_each(|k| println!("{k}"));
            }
            Ok(())
        }
        SecretsCmd::Set { target, key, value } => {
            let api = api(&target)?;
            let created = api
                .post("/secrets", Some(&json!({ "key": key, "value": value })))
                .await;
            let what = match created {
                Ok(_) => "created",
                Err(CliError::Platform { status: 409, .. }) => {
                    let path = format!("/secrets/{}", urlencoding(&key));
                    api.put(&path, &json!({ "value": value })).await?;
                    "updated"
                }
                Err(e) => return Err(e),
            };
            if out.json {
                out.json_value(&json!({ "key": key, "result": what }));
            } else {
                out.ok(&format!("{what} secret {key}"));
            }
            Ok(())
        }
        SecretsCmd::Delete { target, keys } => {
            let api = api(&target)?;
            let mut deleted = Vec::new();
            for k in keys {
                api.delete(&format!("/secrets/{}", urlencoding(&k))).await?;
                if !out.json {
                    out.ok(&format!("deleted secret {k}"));
                }
                deleted.push(Value::String(k));
            }
            if out.json {
                out.json_value(&Value::Array(deleted));
            }
            Ok(())
        }
    }
}

/// Keys are A-Z, a-z, 0-9, `_` and `-` (the server refuses others), so only a key the server
/// would refuse anyway needs escaping; escape everything else byte by byte to keep the path whole.
fn urlencoding(key: &str) -> String {
    key.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
