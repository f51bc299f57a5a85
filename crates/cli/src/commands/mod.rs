//! The developer workflow: login → init/create → push → deploy → invoke → logs.

use crate::client::{Api, CliError};
use crate::credentials::{Credential, Credentials};
use crate::output::{Output, explain};
use crate::project;

mod account;
mod admin;
mod allowlist;
mod history;
mod ops;
mod queue;
mod reports;
mod schedules;
mod secrets;
use clap::{Args, Subcommand};
use ops::{deploy_one, get, invoke, logs};
use serde_json::{Value, json};
use std::process::ExitCode;

/// Which server and account a command talks to (default: the active login).
#[derive(Args, Clone, Debug, Default)]
pub struct Target {
    /// Server URL, e.g. http://127.0.0.1:8080 (default: the one you logged in to last).
    #[arg(long, env = "FNHOST_SERVER", global = true)]
    server: Option<String>,
    /// Account id (default: the one you logged in to last).
    #[arg(long, short = 'a', env = "FNHOST_ACCOUNT", global = true)]
    account: Option<String>,
}

#[derive(Subcommand)]
pub enum Workflow {
    /// Log in and store a credential for this server and account (file mode 0600).
    Login {
        #[command(flatten)]
        target: Target,
        /// User name.
        #[arg(long, short = 'u')]
        user: Option<String>,
        /// Password (or set FNHOST_PASSWORD).
        #[arg(long, short = 'p', env = "FNHOST_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Use an existing bearer token instead of a password.
        #[arg(long)]
        token: Option<String>,
    },
    /// Forget the stored credential of a server and account.
    Logout {
        #[command(flatten)]
        target: Target,
    },
    /// Create a project (functions/, settings.json) and optionally functions in it. Compatible with lpf.
    Init {
        /// Functions to create.
        names: Vec<String>,
    },
    /// Create a function locally: functions/<name>/index.js and config.json.
    Create {
        name: String,
        #[arg(long, short = 'd', default_value = "")]
        description: String,
        /// Event id the function listens to (see `fnhost get events`).
        #[arg(long, short = 'e')]
        event: Option<String>,
    },
    /// Upload functions (create or update); unchanged functions are skipped.
    Push {
        #[command(flatten)]
        target: Target,
        names: Vec<String>,
        /// Push every function of the project.
        #[arg(long)]
        all: bool,
    },
    /// Download functions into the project (overwrites index.js and config.json).
    Pull {
        #[command(flatten)]
        target: Target,
        names: Vec<String>,
        #[arg(long)]
        all: bool,
    },
    /// Deploy functions and wait until they are Productive.
    Deploy {
        #[command(flatten)]
        target: Target,
        names: Vec<String>,
        /// Give up waiting after this many seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Do not wait for the deployment to finish.
        #[arg(long)]
        no_wait: bool,
    },
    /// Undeploy functions and wait until they are Draft again.
    Undeploy {
        #[command(flatten)]
        target: Target,
        names: Vec<String>,
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
    /// Invoke a function with the `input` of its config.json (or --payload).
    Invoke {
        #[command(flatten)]
        target: Target,
        name: String,
        /// Run it here with the runtime built into this binary: no server needed; env vars from
        /// config.json, secrets from functions/settings.json, outbound HTTP only to the hosts in
        /// its `whitelist`.
        #[arg(long, short = 'l')]
        local: bool,
        /// JSON payload, overriding config.json's `input.payload`.
        #[arg(long)]
        payload: Option<String>,
        /// Queue the invocation and print its id at once (follow it with `fnhost invocations get`).
        #[arg(long = "async", conflicts_with = "local")]
        asynchronous: bool,
    },
    /// Show stored logs of a function, the newest 5,000 lines of the window at most (Debug logs
    /// are never stored).
    Logs {
        #[command(flatten)]
        target: Target,
        name: String,
        /// Start, as epoch ms or a duration back from now (`15m`, `2h`, `1d`). Default: 1h.
        #[arg(long, short = 's')]
        start: Option<String>,
        /// End, as epoch ms. Default: now.
        #[arg(long, short = 'e')]
        end: Option<i64>,
        /// Levels to show: Info Warn Error.
        #[arg(long, short = 'l', num_args = 1..)]
        levels: Vec<String>,
        /// Keep polling for new logs.
        #[arg(long, short = 'f')]
        follow: bool,
    },
    /// List functions, deployments, events or account figures.
    Get {
        #[command(flatten)]
        target: Target,
        /// `latency`: p50/p95/p99 of every function over the last 24 h.
        #[arg(value_parser = ["functions", "deployments", "events", "account", "latency"])]
        what: String,
    },
    /// OAuth apps for external invocation (client credentials).
    Apps {
        #[command(subcommand)]
        cmd: account::AppsCmd,
    },
    /// The domain allowlist: hosts functions may call (list, add, remove).
    Allowlist {
        #[command(subcommand)]
        cmd: allowlist::AllowlistCmd,
    },
    /// Secrets functions read (list keys, set, delete); values are never shown.
    Secrets {
        #[command(subcommand)]
        cmd: secrets::SecretsCmd,
    },
    /// Users of the account.
    Users {
        #[command(subcommand)]
        cmd: account::UsersCmd,
    },
    /// Asynchronous invocations: follow one, or list them.
    Invocations {
        #[command(subcommand)]
        cmd: queue::InvocationsCmd,
    },
    /// Schedules: cron runs of deployed functions, with an optional payload.
    Schedules {
        #[command(subcommand)]
        cmd: schedules::SchedulesCmd,
    },
    /// Dead letters: asynchronous invocations whose every attempt failed.
    Deadletters {
        #[command(subcommand)]
        cmd: queue::DeadlettersCmd,
    },
    /// A function's versions and deployments: who changed what, when, and what is deployed.
    History {
        #[command(flatten)]
        target: Target,
        name: String,
    },
    /// Unified diff of two versions of a function (default: deployed → draft).
    Diff {
        #[command(flatten)]
        target: Target,
        name: String,
        from: Option<i64>,
        to: Option<i64>,
    },
    /// Restore a version and deploy it in one step (default: the last good deployment before
    /// the current one).
    Rollback {
        #[command(flatten)]
        target: Target,
        name: String,
        /// The version to return to.
        #[arg(value_name = "VERSION")]
        target_version: Option<i64>,
    },
    /// The account's activity stream: who did what, when.
    Activity {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        filter: history::ActivityFilter,
    },
    /// The account's email report: frequency and recipients, or send one now.
    Reports {
        #[command(subcommand)]
        cmd: reports::ReportsCmd,
    },
    /// Operator commands (accounts), with the credential given to `fnhost serve --operator-token`.
    Admin {
        #[command(subcommand)]
        cmd: admin::AdminCmd,
    },
}

pub async fn run(cmd: Workflow, out: Output) -> ExitCode {
    match dispatch(cmd, out).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e, out);
            match e {
                CliError::Usage(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

fn report(e: &CliError, out: Output) {
    if out.json {
        let v = match e {
            CliError::Platform {
                status,
                code,
                message,
                logs,
            } => {
                json!({ "error": { "status": status, "errorCode": code, "errorMsg": message, "errorLogs": logs } })
            }
            other => json!({ "error": { "errorMsg": other.to_string() } }),
        };
        out.json_value(&v);
        return;
    }
    eprintln!("{} {e}", out.red("✖"));
    if let CliError::Platform {
        code,
        message,
        logs,
        ..
    } = e
    {
        let hint = explain(code, message);
        if !hint.is_empty() {
            eprintln!("  {}", out.dim(&hint));
        }
        for l in logs {
            eprintln!(
                "  [{}] {}",
                l["level"].as_str().unwrap_or(""),
                l["message"].as_str().unwrap_or("")
            );
        }
    }
}

pub(super) fn api(target: &Target) -> Result<Api, CliError> {
    let creds = Credentials::load();
    let server = target
        .server
        .clone()
        .or(creds.active_server.clone())
        .ok_or_else(|| {
            CliError::Usage("no server: run `fnhost login --server URL --account ID` first".into())
        })?;
    let account = target
        .account
        .clone()
        .or(creds.active_account.clone())
        .ok_or_else(|| CliError::Usage("no account: pass --account or log in first".into()))?;
    let token = creds.get(&server, &account).map(|c| c.token.clone());
    if token.is_none() {
        return Err(CliError::Usage(format!(
            "not logged in to account {account} on {server}: run `fnhost login`"
        )));
    }
    Ok(Api::new(&server, &account, token))
}

fn names_or_all(
    names: Vec<String>,
    all: bool,
) -> Result<(std::path::PathBuf, Vec<String>), CliError> {
    let root = project::root()?;
    let names = if all || names.is_empty() {
        project::all(&root)
    } else {
        names
    };
    if names.is_empty() {
        return Err(CliError::Usage(
            "no functions given and none in the project".into(),
        ));
    }
    Ok((root, names))
}

pub(super) async fn find(api: &Api, name: &str) -> Result<Value, CliError> {
    // Answered as the server answers an unknown function (exit status 1, not a usage error).
    api.lambda_by_name(name)
        .await?
        .ok_or_else(|| CliError::Platform {
            status: 404,
            code: fnhost_model::ErrorCode::EsMissingLambda.as_str().to_owned(),
            message: format!(
                "function `{name}` was not found on account {}; push it first",
                api.account
            ),
            logs: Vec::new(),
        })
}

async fn dispatch(cmd: Workflow, out: Output) -> Result<(), CliError> {
    match cmd {
        Workflow::Login {
            target,
            user,
            password,
            token,
        } => login(target, user, password, token, out).await,
        Workflow::Logout { target } => {
            let mut creds = Credentials::load();
            let server = target
                .server
                .or(creds.active_server.clone())
                .unwrap_or_default();
            let account = target
                .account
                .or(creds.active_account.clone())
                .unwrap_or_default();
            if let Some(a) = creds.entries.get_mut(&server) {
                a.remove(&account);
            }
            creds.save().map_err(|e| CliError::Usage(e.to_string()))?;
            out.ok(&format!("logged out of account {account} on {server}"));
            Ok(())
        }
        Workflow::Init { names } => {
            let root = std::env::current_dir().map_err(|e| CliError::Usage(e.to_string()))?;
            let created = project::init(&root, &names)?;
            for p in &created {
                out.ok(&format!("created {}", p.display()));
            }
            if !out.json {
                println!(
                    "Next: edit functions/<name>/index.js, then `fnhost push <name>` and `fnhost deploy <name>`."
                );
            }
            Ok(())
        }
        Workflow::Create {
            name,
            description,
            event,
        } => {
            let root = project::root()?;
            let mut created = Vec::new();
            project::create(&root, &name, &description, event.as_deref(), &mut created)?;
            out.ok(&format!("created {}", created[0].display()));
            Ok(())
        }
        Workflow::Push { target, names, all } => push(target, names, all, out).await,
        Workflow::Pull { target, names, all } => {
            let api = api(&target)?;
            let root = project::root()?;
            let remote = api.lambdas().await?;
            let wanted: Vec<&Value> = if all || names.is_empty() {
                remote.iter().collect()
            } else {
                remote
                    .iter()
                    .filter(|l| names.iter().any(|n| l["name"] == *n))
                    .collect()
            };
            for n in &names {
                if !remote.iter().any(|l| l["name"] == *n) {
                    return Err(CliError::Usage(format!(
                        "function `{n}` was not found on account {}",
                        api.account
                    )));
                }
            }
            for l in wanted {
                project::save(&root, l)?;
                out.ok(&format!(
                    "pulled {}",
                    l["name"].as_str().unwrap_or_default()
                ));
            }
            Ok(())
        }
        Workflow::Deploy {
            target,
            names,
            timeout,
            no_wait,
        } => {
            let api = api(&target)?;
            let (_, names) = names_or_all(names, false)?;
            for name in names {
                deploy_one(&api, &name, true, timeout, no_wait, out).await?;
            }
            Ok(())
        }
        Workflow::Undeploy {
            target,
            names,
            timeout,
        } => {
            let api = api(&target)?;
            let (_, names) = names_or_all(names, false)?;
            for name in names {
                deploy_one(&api, &name, false, timeout, false, out).await?;
            }
            Ok(())
        }
        Workflow::Invoke {
            target,
            name,
            local,
            payload,
            asynchronous,
        } => invoke(target, name, local, payload, asynchronous, out).await,
        Workflow::Logs {
            target,
            name,
            start,
            end,
            levels,
            follow,
        } => logs(target, name, start, end, levels, follow, out).await,
        Workflow::Get { target, what } => get(target, &what, out).await,
        Workflow::Invocations { cmd } => queue::invocations(cmd, out).await,
        Workflow::Schedules { cmd } => schedules::run(cmd, out).await,
        Workflow::Deadletters { cmd } => queue::deadletters(cmd, out).await,
        Workflow::Apps { cmd } => account::apps(cmd, out).await,
        Workflow::Users { cmd } => account::users(cmd, out).await,
        Workflow::Allowlist { cmd } => allowlist::run(cmd, out).await,
        Workflow::Secrets { cmd } => secrets::run(cmd, out).await,
        Workflow::History { target, name } => history::history(target, name, out).await,
        Workflow::Diff {
            target,
            name,
            from,
            to,
        } => history::diff(target, name, from, to, out).await,
        Workflow::Rollback {
            target,
            name,
            target_version,
        } => history::rollback(target, name, target_version, out).await,
        Workflow::Activity { target, filter } => history::activity(target, filter, out).await,
        Workflow::Admin { cmd } => admin::run(cmd, out).await,
        Workflow::Reports { cmd } => reports::run(cmd, out).await,
    }
}

async fn login(
    target: Target,
    user: Option<String>,
    password: Option<String>,
    token: Option<String>,
    out: Output,
) -> Result<(), CliError> {
    let mut creds = Credentials::load();
    let server = target
        .server
        .or(creds.active_server.clone())
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let account = target
        .account
        .ok_or_else(|| CliError::Usage("--account is required".into()))?;
    let cred = match token {
        Some(token) => Credential {
            token,
            user: user.unwrap_or_default(),
            user_id: String::new(),
            expires_at: 0,
        },
        None => {
            let user =
                user.ok_or_else(|| CliError::Usage("--user is required (or use --token)".into()))?;
            let password = password.ok_or_else(|| {
                CliError::Usage("--password or FNHOST_PASSWORD is required".into())
            })?;
            let api = Api::new(&server, &account, None);
            let v = api
                .post(
                    "/login?v=1.3",
                    Some(&json!({ "username": user, "password": password })),
                )
                .await?
                .json();
            Credential {
                token: v["bearer"].as_str().unwrap_or_default().to_owned(),
                user,
                user_id: v["config"]["userId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                expires_at: fnhost_model::now_ms() + 8 * 3_600_000,
            }
        }
    };
    let user_name = cred.user.clone();
    creds
        .entries
        .entry(server.clone())
        .or_default()
        .insert(account.clone(), cred);
    creds.active_server = Some(server.clone());
    creds.active_account = Some(account.clone());
    creds
        .save()
        .map_err(|e| CliError::Usage(format!("cannot store the credential: {e}")))?;
    if out.json {
        out.json_value(&json!({ "server": server, "account": account, "user": user_name }));
    } else {
        out.ok(&format!(
            "logged in to account {account} on {server} as {user_name}"
        ));
    }
    Ok(())
}

async fn push(target: Target, names: Vec<String>, all: bool, out: Output) -> Result<(), CliError> {
    let api = api(&target)?;
    let (root, names) = names_or_all(names, all)?;
    let remote = api.lambdas().await?;
    let mut results = Vec::new();
    for name in names {
        let f = project::load(&root, &name)?;
        let event = f.config["event"]
            .as_str()
            .filter(|e| *e != "No Event" && !e.is_empty())
            .map(str::to_owned);
        let implementation = json!({ "code": f.code, "dependencies": [], "environmentVariables": project::env_vars(&f.config) });
        let existing = remote.iter().find(|l| l["name"] == name.as_str());
        let status = match existing {
            None => {
                let body = json!({ "name": name, "description": f.config["description"], "eventId": event, "implementation": implementation, "samplePayload": f.config["input"] });
                api.post("/lambdas", Some(&body)).await?;
                "created"
            }
            Some(l) => {
                let body = json!({ "name": name, "version": l["version"], "description": f.config["description"], "implementation": implementation, "samplePayload": f.config["input"] });
                let uuid = l["uuid"].as_str().unwrap_or_default();
                match api
                    .put(&format!("/lambdas/{uuid}"), &body)
                    .await?
                    .status
                    .as_u16()
                {
                    304 => "unchanged",
                    _ => "updated",
                }
            }
        };
        if !out.json {
            out.ok(&format!("{name}: {status}"));
        }
        results.push(json!({ "name": name, "result": status }));
    }
    if out.json {
        out.json_value(&Value::Array(results));
    }
    Ok(())
}
