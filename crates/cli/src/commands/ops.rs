//! The commands that wait on or read from a server: deploy/undeploy with state polling, invoke
//! (remote and local), logs and `get`.

use super::Target;
use super::{api, find};
use crate::client::{Api, CliError};
use crate::output::Output;
use crate::project;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

pub(super) async fn deploy_one(
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
                    .unwrap_or(fnhost_model::ErrorCode::FmGeneral.as_str())
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

pub(super) async fn invoke(
    target: Target,
    name: String,
    local: bool,
    payload: Option<String>,
    asynchronous: bool,
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
    input["timestamp"] = json!(fnhost_model::now_ms());
    if local {
        return invoke_local(root, &name, input, target.account, out).await;
    }
    let api = api(&target)?;
    let lambda = find(&api, &name).await?;
    let uuid = lambda["uuid"].as_str().unwrap_or_default();
    if asynchronous {
        let reply = api
            .post(
                &format!("/lambdas/{uuid}/invoke?v=1&async=true"),
                Some(&input),
            )
            .await?
            .json();
        if out.json {
            out.json_value(&reply);
        } else {
            println!("{}", reply["invocationId"].as_str().unwrap_or_default());
        }
        return Ok(());
    }
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
    use fnhost_runtime::host::memory::{MemoryContextStore, MemorySecrets, NoOrchestrator};
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
        http: Arc::new(crate::local_egress::LocalEgress::new(
            project::local_allowlist(&root),
        )),
        context: Arc::new(MemoryContextStore::default()),
        orchestrator: Arc::new(NoOrchestrator),
        directory: Arc::new(fnhost_server::csds::CsdsDirectory::new(
            &std::env::var("FNHOST_CSDS_URL")
                .unwrap_or_else(|_| fnhost_server::csds::DEFAULT_CSDS_URL.into()),
        )),
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

pub(super) async fn logs(
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
    let now = fnhost_model::now_ms();
    let mut from = parse_start(start.as_deref().unwrap_or("1h"), now)?;
    // The first answer holds the newest 5,000 lines of the window; `--follow` then reads on
    // from the last one shown, oldest first, so it skips none.
    let mut newest = true;
    loop {
        let to = end.unwrap_or_else(fnhost_model::now_ms);
        let mut path = format!(
            "/logs?lambdaUUID={uuid}&startTimestamp={from}&endTimestamp={to}&newest={newest}"
        );
        newest = false;
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

/// A header row plus one row per item; each column reads a string at a JSON path (or a default).
fn table(items: &[Value], columns: &[(&str, &[&str], &str)]) -> Vec<Vec<String>> {
    let header = columns.iter().map(|(h, _, _)| (*h).to_owned()).collect();
    let rows = items.iter().map(|item| {
        columns
            .iter()
            .map(|(_, path, default)| {
                path.iter()
                    .fold(item, |v, k| &v[*k])
                    .as_str()
                    .unwrap_or(default)
                    .to_owned()
            })
            .collect()
    });
    std::iter::once(header).chain(rows).collect()
}

pub(super) async fn get(target: Target, what: &str, out: Output) -> Result<(), CliError> {
    let api = api(&target)?;
    let (value, rows): (Value, Vec<Vec<String>>) = match what {
        "functions" => {
            let l = api.lambdas().await?;
            let rows = table(
                &l,
                &[
                    ("NAME", &["name"], ""),
                    ("STATE", &["state"], ""),
                    ("EVENT", &["eventId"], "No Event"),
                    ("UPDATED", &["updatedAt"], ""),
                    ("UUID", &["uuid"], ""),
                ],
            );
            (Value::Array(l), rows)
        }
        "deployments" => {
            let l: Vec<Value> = api
                .lambdas()
                .await?
                .into_iter()
                .filter(|f| f["lastDeployment"]["uuid"].is_string())
                .collect();
            let rows = table(
                &l,
                &[
                    ("NAME", &["name"], ""),
                    ("STATE", &["state"], ""),
                    ("DEPLOYMENT", &["lastDeployment", "deploymentState"], ""),
                    ("DEPLOYED AT", &["lastDeployment", "deployedAt"], "-"),
                    ("BY", &["lastDeployment", "createdBy"], ""),
                ],
            );
            (Value::Array(l), rows)
        }
        "latency" => {
            let mut out_rows = vec![
                ["NAME", "INVOCATIONS (24 h)", "P50", "P95", "P99"]
                    .map(String::from)
                    .to_vec(),
            ];
            let mut all = Vec::new();
            let ms = |v: &Value| v.as_f64().map_or("-".to_owned(), |x| format!("{x} ms"));
            for f in api.lambdas().await? {
                let uuid = f["uuid"].as_str().unwrap_or_default();
                let mut l = api.get(&format!("/reports/latency/{uuid}")).await?.json();
                out_rows.push(vec![
                    f["name"].as_str().unwrap_or_default().to_owned(),
                    l["count"].to_string(),
                    ms(&l["p50Ms"]),
                    ms(&l["p95Ms"]),
                    ms(&l["p99Ms"]),
                ]);
                l["name"] = f["name"].clone();
                all.push(l);
            }
            (Value::Array(all), out_rows)
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
