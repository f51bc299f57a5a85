//! `fnhost apps …` and `fnhost users …`: the account's OAuth apps and users.

use super::{Target, api};
use crate::client::CliError;
use crate::output::Output;
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum AppsCmd {
    /// Create an app; prints its client id and secret (shown once).
    Create {
        #[command(flatten)]
        target: Target,
        name: String,
    },
    /// The account's apps.
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Revoke an app: its tokens are refused from now on.
    Revoke {
        #[command(flatten)]
        target: Target,
        client_id: String,
    },
}

#[derive(Subcommand)]
pub enum UsersCmd {
    /// Create a user with roles FaaS-Admin, FaaS-Developer and/or FaaS-Invocation.
    Create {
        #[command(flatten)]
        target: Target,
        username: String,
        #[arg(long, env = "FNHOST_NEW_USER_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// The account's users and their roles.
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Delete a user (their sessions end at once).
    Delete {
        #[command(flatten)]
        target: Target,
        username: String,
    },
    /// Replace a user's roles (their sessions end; they log in again).
    Role {
        #[command(flatten)]
        target: Target,
        username: String,
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// Set another user's password (admin).
    ResetPassword {
        #[command(flatten)]
        target: Target,
        username: String,
        #[arg(long, env = "FNHOST_NEW_USER_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Change your own password.
    Passwd {
        #[command(flatten)]
        target: Target,
        #[arg(long, env = "FNHOST_PASSWORD", hide_env_values = true)]
        current: String,
        #[arg(long, env = "FNHOST_NEW_PASSWORD", hide_env_values = true)]
        new: String,
    },
}

fn done(out: Output, v: &Value, text: &str) {
    if out.json {
        out.json_value(v);
    } else {
        out.ok(text);
    }
}

pub(super) async fn apps(cmd: AppsCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        AppsCmd::Create { target, name } => {
            let api = api(&target)?;
            let v = api
                .post("/apps", Some(&json!({ "name": name })))
                .await?
                .json();
            if out.json {
                out.json_value(&v);
                return Ok(());
            }
            out.ok(&format!("created app `{name}`"));
            println!(
                "client_id:     {}",
                v["client_id"].as_str().unwrap_or_default()
            );
            println!(
                "client_secret: {}  (shown only once)",
                v["client_secret"].as_str().unwrap_or_default()
            );
            println!(
                "token URL:     {}/sentinel/api/account/{}/app/token?v=2.0",
                api.server, api.account
            );
            Ok(())
        }
        AppsCmd::List { target } => {
            let v = api(&target)?.get("/apps").await?.json();
            if out.json {
                out.json_value(&v);
                return Ok(());
            }
            for a in v.as_array().cloned().unwrap_or_default() {
                println!(
                    "{}  {:<24}  {}{}",
                    a["client_id"].as_str().unwrap_or_default(),
                    a["name"].as_str().unwrap_or_default(),
                    a["createdAt"].as_str().unwrap_or_default(),
                    if a["revoked"] == true {
                        "  revoked"
                    } else {
                        ""
                    }
                );
            }
            Ok(())
        }
        AppsCmd::Revoke { target, client_id } => {
            let v = api(&target)?
                .delete(&format!("/apps/{client_id}"))
                .await?
                .json();
            done(out, &v, &format!("revoked app {client_id}"));
            Ok(())
        }
    }
}

pub(super) async fn users(cmd: UsersCmd, out: Output) -> Result<(), CliError> {
    match cmd {
        UsersCmd::Create {
            target,
            username,
            password,
            roles,
        } => {
            let body = json!({ "username": username, "password": password, "roles": roles });
            let v = api(&target)?.post("/users", Some(&body)).await?.json();
            done(
                out,
                &v,
                &format!("created user `{username}` with roles {}", v["roles"]),
            );
        }
        UsersCmd::List { target } => {
            let v = api(&target)?.get("/users").await?.json();
            if out.json {
                out.json_value(&v);
                return Ok(());
            }
            for u in v.as_array().cloned().unwrap_or_default() {
                let roles: Vec<&str> = u["roles"]
                    .as_array()
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                println!(
                    "{:<24}  {:<44}  {}",
                    u["loginName"].as_str().unwrap_or_default(),
                    roles.join(","),
                    u["createdAt"].as_str().unwrap_or_default()
                );
            }
        }
        UsersCmd::Delete { target, username } => {
            let v = api(&target)?
                .delete(&format!("/users/{username}"))
                .await?
                .json();
            done(
                out,
                &v,
                &format!("deleted user `{username}`; their sessions have ended"),
            );
        }
        UsersCmd::Role {
            target,
            username,
            roles,
        } => {
            let v = api(&target)?
                .put(&format!("/users/{username}"), &json!({ "roles": roles }))
                .await?
                .json();
            done(
                out,
                &v,
                &format!("`{username}` now has roles {}", v["roles"]),
            );
        }
        UsersCmd::ResetPassword {
            target,
            username,
            password,
        } => {
            let body = json!({ "password": password });
            let v = api(&target)?
                .post(&format!("/users/{username}/password"), Some(&body))
                .await?
                .json();
            done(
                out,
                &v,
                &format!("password of `{username}` reset; their sessions have ended"),
            );
        }
        UsersCmd::Passwd {
            target,
            current,
            new,
        } => {
            let body = json!({ "currentPassword": current, "newPassword": new });
            let v = api(&target)?.post("/password", Some(&body)).await?.json();
            done(
                out,
                &v,
                "password changed; log in again with `fnhost login`",
            );
        }
    }
    Ok(())
}
