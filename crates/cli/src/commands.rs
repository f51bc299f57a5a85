//! The developer workflow: login → init/create → push → deploy → invoke → logs.

use crate::client::{Api, CliError};
use crate::credentials::{Credential, Credentials};
use crate::output::{Output, explain};
use crate::project;
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::process::ExitCode;
use std::time::{Duration, Instant};

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
        /// config.json, secrets from functions/settings.json.
        #[arg(long, short = 'l')]
        local: bool,
        /// JSON payload, overriding config.json's `input.payload`.
        #[arg(long)]
        payload: Option<String>,
    },
    /// Show stored logs of a function (Debug logs are never stored).
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
        #[arg(value_parser = ["functions", "deployments", "events", "account"])]
        what: String,
    },
    /// OAuth apps for external invocation (client credentials).
    Apps {
        #[command(subcommand)]
        cmd: AppsCmd,
    },
    /// Users of the account.
    Users {
        #[command(subcommand)]
        cmd: UsersCmd,
    },
}

#[derive(Subcommand)]
pub enum AppsCmd {
    /// Create an app; prints its client id and secret (shown once).
    Create {
        #[command(flatten)]
        target: Target,
        name: String,
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

fn api(target: &Target) -> Result<Api, CliError> {
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

async fn find(api: &Api, name: &str) -> Result<Value, CliError> {
    api.lambda_by_name(name).await?.ok_or_else(|| {
        CliError::Usage(format!(
            "function `{name}` was not found on account {}; push it first",
            api.account
        ))
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
        } => invoke(target, name, local, payload, out).await,
        Workflow::Logs {
            target,
            name,
            start,
            end,
            levels,
            follow,
        } => logs(target, name, start, end, levels, follow, out).await,
        Workflow::Get { target, what } => get(target, &what, out).await,
        Workflow::Apps {
            cmd: AppsCmd::Create { target, name },
        } => {
            let api = api(&target)?;
            let v = api
                .post("/apps", Some(&json!({ "name": name })))
                .await?
                .json();
            if out.json {
                out.json_value(&v);
            } else {
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
            }
            Ok(())
        }
        Workflow::Users {
            cmd:
                UsersCmd::Create {
                    target,
                    username,
                    password,
                    roles,
                },
        } => {
            let api = api(&target)?;
            let v = api
                .post(
                    "/users",
                    Some(&json!({ "username": username, "password": password, "roles": roles })),
                )
                .await?
                .json();
            if out.json {
                out.json_value(&v)
            } else {
                out.ok(&format!(
                    "created user `{username}` with roles {}",
                    v["roles"]
                ))
            }
            Ok(())
        }
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
                expires_at: fnhost_server::now_ms() + 8 * 3_600_000,
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

async fn deploy_one(
    api: &Api,
    name: &str,
    deploy: bool,
    timeout: u64,
    no_wait: bool,
    out: Output,
) -> Result<(), CliError> {
    let lambda = find(api, name).await?;
    let uuid = lambda["uuid"].as_str().unwrap_or_default().to_owned();
    let started = Instant::now();
    let prev_deployed = lambda["lastDeployment"]["deployedAt"]
        .as_str()
        .map(str::to_owned);
    if deploy {
        api.post(&format!("/deployments/{uuid}"), None).await?;
    } else {
        api.delete(&format!("/deployments/{uuid}")).await?;
    }
    if no_wait {
        out.ok(&format!("{name}: deployment started"));
        return Ok(());
    }
    let spinner = if out.is_terminal() && !out.json {
        let s = indicatif::ProgressBar::new_spinner();
        s.enable_steady_tick(Duration::from_millis(80));
        Some(s)
    } else {
        None
    };
    let mut last_state = String::new();
    loop {
        let l = api.get(&format!("/lambdas/{uuid}")).await?.json()[0].clone();
        let state = l["state"].as_str().unwrap_or_default().to_owned();
        let dep_state = l["lastDeployment"]["deploymentState"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let label = if dep_state.is_empty() {
            state.clone()
        } else {
            format!("{state} ({dep_state})")
        };
        if label != last_state {
            match &spinner {
                Some(s) => s.set_message(format!("{name}: {label}")),
                None if !out.json => println!("  {name}: {label}"),
                None => {}
            }
            last_state = label;
        }
        let deployed_at = l["lastDeployment"]["deployedAt"]
            .as_str()
            .map(str::to_owned);
        let done = if deploy {
            (state == "Productive" || state == "Modified")
                && deployed_at.is_some()
                && deployed_at != prev_deployed
        } else {
            state == "Draft"
        };
        if done {
            if let Some(s) = spinner {
                s.finish_and_clear();
            }
            let verb = if deploy { "deployed" } else { "undeployed" };
            if out.json {
                out.json_value(&json!({ "name": name, "uuid": uuid, "state": state, "seconds": started.elapsed().as_secs_f64() }));
            } else {
                out.ok(&format!(
                    "{name} {verb} in {:.2}s",
                    started.elapsed().as_secs_f64()
                ));
            }
            return Ok(());
        }
        if state == "Build Error" || state == "Deploy Error" {
            if let Some(s) = spinner {
                s.finish_and_clear();
            }
            let e = &l["lastDeployment"]["deploymentError"];
            return Err(CliError::Platform {
                status: 400,
                code: e["errorCode"]
                    .as_str()
                    .unwrap_or("com.liveperson.faas.fm.general")
                    .to_owned(),
                message: format!(
                    "{name}: {state}: {}",
                    e["errorMsg"].as_str().unwrap_or("deployment failed")
                ),
                logs: vec![],
            });
        }
        if started.elapsed() > Duration::from_secs(timeout) {
            return Err(CliError::Network(format!(
                "{name}: still `{state}` after {timeout}s; check later with `fnhost get deployments`"
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn invoke(
    target: Target,
    name: String,
    local: bool,
    payload: Option<String>,
    out: Output,
) -> Result<(), CliError> {
    let root = project::root().ok();
    let mut input = match &root {
        Some(r) if r.join("functions").join(&name).join("config.json").exists() => {
            project::load(r, &name)?.config["input"].clone()
        }
        _ => json!({ "headers": [], "payload": {} }),
    };
    if let Some(p) = payload {
        input["payload"] = serde_json::from_str(&p)
            .map_err(|e| CliError::Usage(format!("--payload is not valid JSON: {e}")))?;
    }
    input["timestamp"] = json!(fnhost_server::now_ms());
    if local {
        return invoke_local(root, &name, input, target.account, out).await;
    }
    let api = api(&target)?;
    let lambda = find(&api, &name).await?;
    let uuid = lambda["uuid"].as_str().unwrap_or_default();
    let reply = api
        .post(&format!("/lambdas/{uuid}/invoke?v=1"), Some(&input))
        .await?;
    print_invocation(&reply.json(), out);
    Ok(())
}

fn print_invocation(v: &Value, out: Output) {
    if out.json {
        out.json_value(v);
        return;
    }
    for l in v["logs"].as_array().into_iter().flatten() {
        let extras = l["extras"]
            .as_array()
            .filter(|a| !a.is_empty())
            .map(|a| format!(" {}", Value::Array(a.clone())))
            .unwrap_or_default();
        println!(
            "{} {}{}",
            out.dim(&format!("[{}]", l["level"].as_str().unwrap_or(""))),
            l["message"].as_str().unwrap_or(""),
            extras
        );
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&v["result"]).unwrap_or_default()
    );
}

async fn invoke_local(
    root: Option<std::path::PathBuf>,
    name: &str,
    input: Value,
    account: Option<String>,
    out: Output,
) -> Result<(), CliError> {
    use fnhost_runtime::host::memory::{
        MemoryContextStore, MemorySecrets, NoEgress, NoOrchestrator,
    };
    use std::sync::Arc;
    let root = root.ok_or_else(|| {
        CliError::Usage("invoke --local needs a project (run it inside one)".into())
    })?;
    let f = project::load(&root, name)?;
    let account = account
        .or_else(|| std::env::var("BRAND_ID").ok())
        .unwrap_or_else(|| "local".into());
    let services = fnhost_runtime::HostServices {
        secrets: Arc::new(MemorySecrets::with(&account, project::local_secrets(&root))),
        http: Arc::new(NoEgress),
        context: Arc::new(MemoryContextStore::default()),
        orchestrator: Arc::new(NoOrchestrator),
    };
    let engine = fnhost_runtime::Engine::new(fnhost_runtime::EngineConfig::default(), services)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut spec = fnhost_runtime::FunctionSpec::new(account, format!("local-{name}"), f.code);
    for kv in project::env_vars(&f.config) {
        spec.env.insert(
            kv["key"].as_str().unwrap_or_default().to_owned(),
            kv["value"].as_str().unwrap_or_default().to_owned(),
        );
    }
    let pool = engine.pool(spec);
    let outcome = pool
        .invoke(input.to_string())
        .await
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let logs = serde_json::to_value(&outcome.logs).unwrap_or_default();
    match outcome.result {
        Ok(json) => {
            print_invocation(
                &json!({ "result": serde_json::from_str::<Value>(&json).unwrap_or(Value::Null), "logs": logs }),
                out,
            );
            Ok(())
        }
        Err(e) => Err(CliError::Platform {
            status: 901,
            code: e.code.as_str().to_owned(),
            message: e.message,
            logs: logs.as_array().cloned().unwrap_or_default(),
        }),
    }
}

fn parse_start(s: &str, now: i64) -> Result<i64, CliError> {
    if let Ok(ms) = s.parse::<i64>() {
        return Ok(ms);
    }
    let (num, unit) = s.split_at(s.len().saturating_sub(1));
    let n: i64 = num.parse().map_err(|_| {
        CliError::Usage(format!(
            "--start `{s}`: use epoch ms or a duration like 15m, 2h, 1d"
        ))
    })?;
    let ms = match unit {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => {
            return Err(CliError::Usage(format!(
                "--start `{s}`: unknown unit `{unit}`"
            )));
        }
    };
    Ok(now - n * ms)
}

async fn logs(
    target: Target,
    name: String,
    start: Option<String>,
    end: Option<i64>,
    levels: Vec<String>,
    follow: bool,
    out: Output,
) -> Result<(), CliError> {
    let api = api(&target)?;
    let lambda = find(&api, &name).await?;
    let uuid = lambda["uuid"].as_str().unwrap_or_default().to_owned();
    let now = fnhost_server::now_ms();
    let mut from = parse_start(start.as_deref().unwrap_or("1h"), now)?;
    loop {
        let to = end.unwrap_or_else(fnhost_server::now_ms);
        let mut path = format!("/logs?lambdaUUID={uuid}&startTimestamp={from}&endTimestamp={to}");
        for l in &levels {
            path.push_str(&format!("&levels={l}"));
        }
        let groups = api.get(&path).await?.json();
        for g in groups.as_array().into_iter().flatten() {
            if out.json {
                println!("{g}");
                continue;
            }
            println!(
                "{}",
                out.bold(&format!(
                    "request {}",
                    g["requestId"].as_str().unwrap_or("")
                ))
            );
            for l in g["logs"].as_array().into_iter().flatten() {
                let ts = l["timestamp"].as_i64().unwrap_or(0);
                from = from.max(ts + 1);
                let extras = l["extras"]
                    .as_array()
                    .filter(|a| !a.is_empty())
                    .map(|a| format!(" {}", Value::Array(a.clone())))
                    .unwrap_or_default();
                println!(
                    "  {} {:<5} {}{}",
                    out.dim(&ts.to_string()),
                    l["level"].as_str().unwrap_or(""),
                    l["message"].as_str().unwrap_or(""),
                    extras
                );
            }
        }
        if !follow {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

async fn get(target: Target, what: &str, out: Output) -> Result<(), CliError> {
    let api = api(&target)?;
    let (value, rows): (Value, Vec<Vec<String>>) = match what {
        "functions" => {
            let l = api.lambdas().await?;
            let rows: Vec<Vec<String>> = l
                .iter()
                .map(|f| -> Vec<String> {
                    vec![
                        f["name"].as_str().unwrap_or("").into(),
                        f["state"].as_str().unwrap_or("").into(),
                        f["eventId"].as_str().unwrap_or("No Event").into(),
                        f["updatedAt"].as_str().unwrap_or("").into(),
                        f["uuid"].as_str().unwrap_or("").into(),
                    ]
                })
                .collect();
            (
                Value::Array(l),
                std::iter::once(vec![
                    "NAME".into(),
                    "STATE".into(),
                    "EVENT".into(),
                    "UPDATED".into(),
                    "UUID".into(),
                ])
                .chain(rows)
                .collect(),
            )
        }
        "deployments" => {
            let l: Vec<Value> = api
                .lambdas()
                .await?
                .into_iter()
                .filter(|f| f["lastDeployment"]["uuid"].is_string())
                .collect();
            let rows: Vec<Vec<String>> = l
                .iter()
                .map(|f| {
                    let d = &f["lastDeployment"];
                    vec![
                        f["name"].as_str().unwrap_or("").into(),
                        f["state"].as_str().unwrap_or("").into(),
                        d["deploymentState"].as_str().unwrap_or("").into(),
                        d["deployedAt"].as_str().unwrap_or("-").into(),
                        d["createdBy"].as_str().unwrap_or("").into(),
                    ]
                })
                .collect();
            (
                Value::Array(l),
                std::iter::once(vec![
                    "NAME".into(),
                    "STATE".into(),
                    "DEPLOYMENT".into(),
                    "DEPLOYED AT".into(),
                    "BY".into(),
                ])
                .chain(rows)
                .collect(),
            )
        }
        "events" => {
            let v = api.get("/events").await?.json();
            let rows: Vec<Vec<String>> = v
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    vec![
                        e["eventName"].as_str().unwrap_or("").into(),
                        e["eventId"].as_str().unwrap_or("").into(),
                    ]
                })
                .collect();
            (
                v,
                std::iter::once(vec!["EVENT".into(), "EVENT ID".into()])
                    .chain(rows)
                    .collect(),
            )
        }
        _ => {
            let limits = api.get("/reports/limitCounts").await?.json();
            let counts = api.get("/reports/lambdaCounts").await?.json();
            let inv = api.get("/reports/invocationCounts").await?.json();
            let v = json!({ "limits": limits, "functions": counts, "invocations": inv });
            let rows = vec![
                vec![
                    "Functions".into(),
                    format!("{} of {}", counts["total"], limits["limitTotalLambdas"]),
                ],
                vec![
                    "Deployed".into(),
                    format!(
                        "{} of {}",
                        counts["deployed"], limits["limitDeployedLambdas"]
                    ),
                ],
                vec![
                    "Successful invocations (30 d)".into(),
                    inv["successfulInvocations"].to_string(),
                ],
                vec![
                    "Failed invocations (30 d)".into(),
                    inv["unsuccessfulInvocations"].to_string(),
                ],
            ];
            (v, rows)
        }
    };
    if out.json {
        out.json_value(&value);
        return Ok(());
    }
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for (n, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect();
        let line = line.join("  ");
        println!(
            "{}",
            if n == 0 && what != "account" {
                out.bold(&line)
            } else {
                line
            }
        );
    }
    Ok(())
}
