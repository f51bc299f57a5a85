//! `fnhost history|diff|rollback|activity`: what changed, when and by whom, and the way back.

use super::{Target, api, find};
use crate::client::CliError;
use crate::output::Output;
use clap::Args;
use serde_json::{Value, json};

pub(super) async fn history(target: Target, name: String, out: Output) -> Result<(), CliError> {
    let api = api(&target)?;
    let l = find(&api, &name).await?;
    let uuid = l["uuid"].as_str().unwrap_or_default();
    let versions = api.get(&format!("/lambdas/{uuid}/versions")).await?.json();
    let deployments = api
        .get(&format!("/lambdas/{uuid}/deployments"))
        .await?
        .json();
    if out.json {
        out.json_value(&json!({ "versions": versions, "deployments": deployments }));
        return Ok(());
    }
    println!("{}", out.bold(&format!("{name}: versions (newest first)")));
    for v in versions.as_array().cloned().unwrap_or_default() {
        let changes: Vec<&str> = v["changes"]
            .as_array()
            .map(|c| c.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut marks = Vec::new();
        if v["deployed"] == true {
            marks.push(out.green("deployed"));
        }
        if v["current"] == true {
            marks.push("draft".to_owned());
        }
        println!(
            "  v{:<4} {}  {:<16} {:<28} {}{}",
            v["version"],
            v["createdAt"].as_str().unwrap_or_default(),
            v["createdBy"].as_str().unwrap_or_default(),
            changes.join(", "),
            v["note"]
                .as_str()
                .map(|n| format!("({n}) "))
                .unwrap_or_default(),
            marks.join(" ")
        );
    }
    println!("{}", out.bold("deployments (newest first)"));
    let list = deployments.as_array().cloned().unwrap_or_default();
    if list.is_empty() {
        println!("  none");
    }
    for d in list {
        let state = d["deploymentState"].as_str().unwrap_or_default();
        let state = if state == "Deploy Finish" {
            out.green(state)
        } else if state == "Build Error" {
            out.red(state)
        } else {
            state.to_owned()
        };
        println!(
            "  v{:<4} {}  {:<16} {}{}",
            d["lambdaVersion"],
            d["createdAt"].as_str().unwrap_or_default(),
            d["createdBy"].as_str().unwrap_or_default(),
            state,
            d["deploymentError"]["errorMsg"]
                .as_str()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

pub(super) async fn diff(
    target: Target,
    name: String,
    from: Option<i64>,
    to: Option<i64>,
    out: Output,
) -> Result<(), CliError> {
    let api = api(&target)?;
    let l = find(&api, &name).await?;
    let uuid = l["uuid"].as_str().unwrap_or_default();
    let mut query = Vec::new();
    if let Some(f) = from {
        query.push(format!("from={f}"));
    }
    if let Some(t) = to {
        query.push(format!("to={t}"));
    }
    let v = api
        .get(&format!("/lambdas/{uuid}/diff?{}", query.join("&")))
        .await?
        .json();
    if out.json {
        out.json_value(&v);
        return Ok(());
    }
    let text = v["diff"].as_str().unwrap_or_default();
    if text.is_empty() {
        println!("v{} and v{} are identical", v["from"], v["to"]);
        return Ok(());
    }
    for line in text.lines() {
        if line.starts_with('+') && !line.starts_with("+++") {
            println!("{}", out.green(line));
        } else if line.starts_with('-') && !line.starts_with("---") {
            println!("{}", out.red(line));
        } else {
            println!("{line}");
        }
    }
    Ok(())
}

pub(super) async fn rollback(
    target: Target,
    name: String,
    version: Option<i64>,
    out: Output,
) -> Result<(), CliError> {
    let api = api(&target)?;
    let l = find(&api, &name).await?;
    let uuid = l["uuid"].as_str().unwrap_or_default();
    let body = match version {
        Some(v) => json!({ "version": v }),
        None => json!({}),
    };
    let v = api
        .post(&format!("/lambdas/{uuid}/rollback"), Some(&body))
        .await?
        .json();
    if out.json {
        out.json_value(&v);
    } else {
        out.ok(&format!(
            "{name}: rolled back to v{} (now v{}), deployed",
            v["restoredVersion"], v["version"]
        ));
    }
    Ok(())
}

/// Filters of `fnhost activity`.
#[derive(Args, Debug, Default)]
pub struct ActivityFilter {
    /// Only this function's activities.
    #[arg(long = "function", short = 'f')]
    function: Option<String>,
    /// Only what this user (or `app:<client id>`) did.
    #[arg(long)]
    user: Option<String>,
    /// Kinds or prefixes, e.g. `deployment.` or `login.failed` (repeatable).
    #[arg(long)]
    kind: Vec<String>,
    /// How far back, e.g. `2h`, `7d` (default: everything kept).
    #[arg(long)]
    since: Option<String>,
    /// At most this many (newest first).
    #[arg(long, default_value_t = 50)]
    limit: i64,
}

/// `2h`, `30m`, `7d` as milliseconds.
fn duration_ms(s: &str) -> Result<i64, CliError> {
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = n
        .parse()
        .map_err(|_| CliError::Usage(format!("--since `{s}`: expected e.g. 30m, 2h or 7d")))?;
    let unit_ms = match unit {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" | "" => 86_400_000,
        _ => {
            return Err(CliError::Usage(format!(
                "--since `{s}`: expected e.g. 30m, 2h or 7d"
            )));
        }
    };
    Ok(n * unit_ms)
}

pub(super) async fn activity(
    target: Target,
    filter: ActivityFilter,
    out: Output,
) -> Result<(), CliError> {
    let api = api(&target)?;
    let mut query = vec![format!("limit={}", filter.limit)];
    if let Some(name) = &filter.function {
        let l = find(&api, name).await?;
        query.push(format!("lambda={}", l["uuid"].as_str().unwrap_or_default()));
    }
    if let Some(u) = &filter.user {
        query.push(format!("user={}", urlencode(u)));
    }
    for k in &filter.kind {
        query.push(format!("kind={}", urlencode(k)));
    }
    if let Some(s) = &filter.since {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        query.push(format!("from={}", (now - duration_ms(s)?).max(0)));
    }
    let v = api
        .get(&format!("/activities?{}", query.join("&")))
        .await?
        .json();
    if out.json {
        out.json_value(&v);
        return Ok(());
    }
    let list = v.as_array().cloned().unwrap_or_default();
    if list.is_empty() {
        println!("No activity.");
    }
    for a in list {
        let details = a["details"]
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| {
                        format!(
                            "{k}={}",
                            v.as_str().map(str::to_owned).unwrap_or(v.to_string())
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let kind = a["kind"].as_str().unwrap_or_default();
        let kind = if kind.ends_with("failed") {
            out.red(kind)
        } else {
            kind.to_owned()
        };
        println!(
            "{}  {:<16} {:<24} {}",
            a["at"].as_str().unwrap_or_default(),
            a["actor"].as_str().unwrap_or_default(),
            kind,
            details
        );
    }
    Ok(())
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
