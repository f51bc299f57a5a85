//! `fnhost admin accounts create|list|get|limits`: the operator's commands, sent with the
//! credential given to `fnhost serve --operator-token` (never stored by the CLI).

use crate::client::{Api, CliError};
use crate::credentials::Credentials;
use crate::output::Output;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

/// Where the operator API is and its credential.
#[derive(Args, Clone, Debug)]
pub struct OperatorTarget {
    /// Server URL (default: the one you logged in to last).
    #[arg(long, env = "FNHOST_SERVER")]
    server: Option<String>,
    /// The operator credential of the server.
    #[arg(long, env = "FNHOST_OPERATOR_TOKEN", hide_env_values = true)]
    operator_token: String,
}

#[derive(Subcommand)]
pub enum AdminCmd {
    /// Accounts of the installation.
    Accounts {
        #[command(subcommand)]
        cmd: AccountsCmd,
    },
}

/// Limits an account may override (unset = the platform default).
#[derive(Args, Clone, Debug, Default)]
pub struct LimitArgs {
    #[arg(long)]
    max_functions: Option<i64>,
    #[arg(long)]
    max_deployed: Option<i64>,
    #[arg(long)]
    invocations_per_month: Option<i64>,
    /// Invocations per second of the account (0 = unlimited).
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Invocations per second of each function (0 = unlimited).
    #[arg(long)]
    function_rate_limit: Option<u32>,
}

impl LimitArgs {
    fn json(&self) -> Value {
        let mut v = json!({});
        let mut put = |k: &str, x: Option<Value>| {
            if let Some(x) = x {
                v[k] = x;
            }
        };
        put("maxFunctions", self.max_functions.map(Value::from));
        put("maxDeployed", self.max_deployed.map(Value::from));
        put(
            "invocationsPerMonth",
            self.invocations_per_month.map(Value::from),
        );
        put("accountRateLimit", self.rate_limit.map(Value::from));
        put(
            "functionRateLimit",
            self.function_rate_limit.map(Value::from),
        );
        v
    }
}

#[derive(Subcommand)]
pub enum AccountsCmd {
    /// Create an account with its first admin user (the password is generated and printed
    /// once unless given).
    Create {
        #[command(flatten)]
        target: OperatorTarget,
        account_id: String,
        #[arg(long, default_value = "admin")]
        admin_user: String,
        #[arg(long, env = "FNHOST_NEW_USER_PASSWORD", hide_env_values = true)]
        admin_password: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Every account with its limits.
    List {
        #[command(flatten)]
        target: OperatorTarget,
    },
    /// One account with its limits.
    Get {
        #[command(flatten)]
        target: OperatorTarget,
        account_id: String,
    },
    /// Replace an account's own limits (unset ones return to the platform default).
    Limits {
        #[command(flatten)]
        target: OperatorTarget,
        account_id: String,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

fn operator_api(t: &OperatorTarget) -> Result<Api, CliError> {
    let server = t
        .server
        .clone()
        .or(Credentials::load().active_server)
        .ok_or_else(|| CliError::Usage("no server: pass --server URL".into()))?;
    Ok(Api::new(&server, "", Some(t.operator_token.clone())))
}

fn url(api: &Api, path: &str) -> String {
    format!("{}/api/operator{path}", api.server)
}

fn print_account(v: &Value, out: Output) {
    if out.json {
        out.json_value(v);
        return;
    }
    let e = &v["effectiveLimits"];
    println!(
        "{:<16} functions {}  deployed {}  invocations/month {}  rate {}/s  function rate {}/s",
        v["accountId"].as_str().unwrap_or_default(),
        e["maxFunctions"],
        e["maxDeployed"],
        e["invocationsPerMonth"],
        e["accountRateLimit"],
        e["functionRateLimit"],
    );
}

pub(super) async fn run(cmd: AdminCmd, out: Output) -> Result<(), CliError> {
    let AdminCmd::Accounts { cmd } = cmd;
    match cmd {
        AccountsCmd::Create {
            target,
            account_id,
            admin_user,
            admin_password,
            limits,
        } => {
            let api = operator_api(&target)?;
            let mut body = json!({ "accountId": account_id, "adminUser": admin_user, "limits": limits.json() });
            if let Some(p) = admin_password {
                body["adminPassword"] = json!(p);
            }
            let v = api.post(&url(&api, "/accounts"), Some(&body)).await?.json();
            if out.json {
                out.json_value(&v);
                return Ok(());
            }
            out.ok(&format!(
                "created account {account_id} with admin `{admin_user}`"
            ));
            if let Some(p) = v["adminPassword"].as_str() {
                println!("admin password: {p}  (shown only once)");
            }
            print_account(&v, out);
        }
        AccountsCmd::List { target } => {
            let api = operator_api(&target)?;
            let v = api.get(&url(&api, "/accounts")).await?.json();
            if out.json {
                out.json_value(&v);
                return Ok(());
            }
            for a in v.as_array().cloned().unwrap_or_default() {
                print_account(&a, out);
            }
        }
        AccountsCmd::Get { target, account_id } => {
            let api = operator_api(&target)?;
            let v = api
                .get(&url(&api, &format!("/accounts/{account_id}")))
                .await?
                .json();
            print_account(&v, out);
        }
        AccountsCmd::Limits {
            target,
            account_id,
            limits,
        } => {
            let api = operator_api(&target)?;
            let v = api
                .put(
                    &url(&api, &format!("/accounts/{account_id}/limits")),
                    &limits.json(),
                )
                .await?
                .json();
            print_account(&v, out);
        }
    }
    Ok(())
}
