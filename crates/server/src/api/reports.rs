//! Logs (JSON query and the CSV export `lpf logs` streams), reports (`lpf get account`,
//! `lpf metrics`), schedules and the egress allowlist.

use super::JsonBody;
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use fnhost_model::LogLevel;
use fnhost_store::{LogQuery, ScheduleRecord, StoreError, StoredLog};
use serde::Deserialize;
use serde_json::{Value, json};
use std::str::FromStr;

const DAY_MS: i64 = 86_400_000;
const MAX_WINDOW_MS: i64 = 7 * DAY_MS;
const EXPORT_LINES: i64 = 500;

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

/// Parses and checks a log window: start required, at most 7 days, inside the retention period.
fn log_window(st: &AppState, q: &[(String, String)]) -> ApiResult<(i64, i64)> {
    let now = crate::now_ms();
    let start = super::query_i64(q, "startTimestamp")?.ok_or_else(|| {
        ApiError::bad_input("query parameter `startTimestamp` (epoch ms) is required")
    })?;
    let end = super::query_i64(q, "endTimestamp")?.unwrap_or(now);
    if end < start {
        return Err(ApiError::bad_input(
            "`endTimestamp` must not be before `startTimestamp`",
        ));
    }
    if end - start > MAX_WINDOW_MS {
        return Err(ApiError::bad_input(format!(
            "the time window is {} hours; the limit is 7 days (168 hours)",
            (end - start) / 3_600_000
        )));
    }
    let oldest = now - st.config.retention_days as i64 * DAY_MS;
    if start < oldest {
        return Err(ApiError::bad_input(format!(
            "`startTimestamp` is older than the retention period of {} days",
            st.config.retention_days
        )));
    }
    Ok((start, end))
}

/// A log query for `lambdaUUID` within the checked time window of the query string.
fn log_query(
    st: &AppState,
    account_id: String,
    q: &[(String, String)],
    levels: Vec<LogLevel>,
    limit: i64,
) -> ApiResult<LogQuery> {
    let (from, to) = log_window(st, q)?;
    Ok(LogQuery {
        account_id,
        lambda_uuid: super::query_one(q, "lambdaUUID"),
        levels,
        from,
        to,
        limit,
    })
}

fn levels(q: &[(String, String)], key: &str) -> ApiResult<Vec<LogLevel>> {
    q.iter()
        .filter(|(k, v)| k == key && !v.is_empty())
        .flat_map(|(_, v)| v.split(',').map(str::to_owned).collect::<Vec<_>>())
        .map(|v| {
            LogLevel::parse(&v).ok_or_else(|| {
                ApiError::bad_input(format!(
                    "`{key}` contains `{v}`; use Debug, Info, Warn or Error"
                ))
            })
        })
        .collect()
}

fn csv_field(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn http_date(ms: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms.max(0) as u64);
    httpdate::fmt_http_date(t)
}

/// CSV in the shape of the platform's log download (`lpf logs` prints it byte for byte).
pub fn logs_csv(logs: &[StoredLog]) -> String {
    let mut out = String::from("lambdaUUID;requestID;timestamp;level;message;extras\n");
    for l in logs {
        let extras = serde_json::to_string(&l.extras).unwrap_or_else(|_| "[]".into());
        out.push_str(&format!(
            "{};{};{};{};{};{}\n",
            csv_field(&l.lambda_uuid),
            csv_field(&l.request_id),
            http_date(l.timestamp),
            l.level.as_str(),
            csv_field(&l.message),
            format_args!("\"{}\"", extras.replace('"', "\"\""))
        ));
    }
    out
}

pub(crate) async fn export_logs(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LogsRead)?;
    let q = super::query_pairs(&uri);
    let query = log_query(&st, acc, &q, levels(&q, "filterLevels")?, EXPORT_LINES)?;
    let logs = st.store.query_logs(&query).await.map_err(store_err)?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        logs_csv(&logs),
    )
        .into_response())
}

/// JSON log query, grouped by request id: `[{requestId, logs: [...]}]`.
pub(crate) async fn query_logs(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LogsRead)?;
    let q = super::query_pairs(&uri);
    let mut lv = levels(&q, "levels")?;
    lv.extend(levels(&q, "filterLevels")?);
    let query = log_query(&st, acc, &q, lv, 5_000)?;
    let logs = st.store.query_logs(&query).await.map_err(store_err)?;
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for l in logs {
        let entry = json!({ "lambdaUUID": l.lambda_uuid, "level": l.level, "message": l.message, "extras": l.extras, "timestamp": l.timestamp });
        match groups.iter_mut().find(|(id, _)| *id == l.request_id) {
            Some((_, v)) => v.push(entry),
            None => groups.push((l.request_id, vec![entry])),
        }
    }
    let body: Vec<Value> = groups
        .into_iter()
        .map(|(id, logs)| json!({ "requestId": id, "logs": logs }))
        .collect();
    Ok(super::json_ok(&body))
}

pub(crate) async fn limit_counts(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let body = json!({
        "limitTotalLambdas": st.config.max_functions_per_account,
        "limitDeployedLambdas": st.config.max_functions_per_account,
        "invocationLimitPerMonth": 150_000,
    });
    Ok(super::json_ok(&body))
}

pub(crate) async fn lambda_counts(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let all = st.store.list_lambdas(&acc).await.map_err(store_err)?;
    let deployed = all.iter().filter(|l| l.deployed.is_some()).count();
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "accountId": acc, "total": all.len(), "deployed": deployed }).to_string(),
    ))
}

pub(crate) async fn invocation_counts(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let q = super::query_pairs(&uri);
    let to = super::query_i64(&q, "endTimestamp")?.unwrap_or_else(crate::now_ms);
    let from = super::query_i64(&q, "startTimestamp")?.unwrap_or(to - 30 * DAY_MS);
    if to < from {
        return Err(ApiError::bad_input(
            "`endTimestamp` must not be before `startTimestamp`",
        ));
    }
    let window = (to - from).max(1);
    let counts = st
        .store
        .outcome_counts(&acc, None, from, to, window)
        .await
        .map_err(store_err)?;
    let (ok, all) = counts
        .iter()
        .fold((0, 0), |(ok, all), c| (ok + c.succeeded, all + c.total()));
    let body = json!({ "accountId": acc, "successfulInvocations": ok, "unsuccessfulInvocations": all - ok });
    Ok(super::json_ok(&body))
}

/// Histogram for `lpf metrics`: buckets of `bucketSize` seconds with a count per outcome class.
pub(crate) async fn invocation_histogram(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let q = super::query_pairs(&uri);
    let to = super::query_i64(&q, "endTimestamp")?.unwrap_or_else(crate::now_ms);
    let from = super::query_i64(&q, "startTimestamp")?.unwrap_or(to - DAY_MS);
    let bucket_s = super::query_i64(&q, "bucketSize")?.unwrap_or(3600);
    if !(60..=86_400).contains(&bucket_s) {
        return Err(ApiError::bad_input(
            "query parameter `bucketSize` must be between 60 and 86400 seconds",
        ));
    }
    if to < from || to - from > 31 * DAY_MS {
        return Err(ApiError::bad_input(
            "the time window must be positive and at most 31 days",
        ));
    }
    let bucket = bucket_s * 1000;
    let counts = st
        .store
        .outcome_counts(&acc, Some(&uuid), from, to, bucket)
        .await
        .map_err(store_err)?;
    let out: Vec<Value> = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let start = from + i as i64 * bucket;
            json!({ "from": start, "to": (start + bucket).min(to), "SUCCEEDED": c.succeeded, "UNKOWN": 0, "CODING_FAILURE": c.coding_failure, "PLATFORM_FAILURE": c.platform_failure, "TIMEOUT": c.timeout })
        })
        .collect();
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "invocationStatistics": out }).to_string(),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewSchedule {
    #[serde(rename = "lambdaUUID")]
    lambda_uuid: String,
    cron_expression: String,
    #[serde(default = "yes")]
    is_active: bool,
}

fn yes() -> bool {
    true
}

/// Next run of a 5-field UTC cron expression after `after_ms`.
pub fn next_run(cron: &str, after_ms: i64) -> Option<i64> {
    let c = croner::Cron::from_str(cron).ok()?;
    // Occurrences fall on whole minutes; start from a whole second so none carries milliseconds.
    let after = chrono::DateTime::from_timestamp_millis(after_ms - after_ms.rem_euclid(1000))?;
    c.find_next_occurrence(&after, false)
        .ok()
        .map(|t| t.timestamp_millis())
}

fn validate_cron(cron: &str) -> ApiResult<()> {
    if cron.split_whitespace().count() != 5 {
        return Err(ApiError::bad_input(format!(
            "field `cronExpression` must have 5 fields (minute hour day-of-month month day-of-week), got `{cron}`"
        )));
    }
    croner::Cron::from_str(cron)
        .map_err(|e| ApiError::bad_input(format!("field `cronExpression` is not valid: {e}")))?;
    Ok(())
}

fn schedule_json(s: &ScheduleRecord) -> Value {
    json!({
        "uuid": s.uuid, "lambdaUUID": s.lambda_uuid, "cronExpression": s.cron, "isActive": s.is_active,
        "createdBy": s.created_by, "nextExecution": s.next_run.map(super::iso),
        "lastExecution": s.last_run.map(super::iso), "didLastExecutionFail": s.last_failed,
    })
}

pub(crate) async fn create_schedule(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewSchedule>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleWrite)?;
    validate_cron(&req.cron_expression)?;
    let l = st
        .store
        .get_lambda(&acc, &req.lambda_uuid)
        .await
        .map_err(store_err)?
        .ok_or_else(|| super::lambdas::missing(&req.lambda_uuid))?;
    if !l.state.is_invocable() {
        return Err(ApiError::conflict(format!(
            "only deployed functions can be scheduled; `{}` is {}",
            l.name,
            l.state.as_str()
        )));
    }
    let s = ScheduleRecord {
        uuid: uuid::Uuid::new_v4().to_string(),
        account_id: acc,
        lambda_uuid: req.lambda_uuid,
        cron: req.cron_expression.clone(),
        is_active: req.is_active,
        created_by: p.actor(),
        created_at: crate::now_ms(),
        next_run: next_run(&req.cron_expression, crate::now_ms()),
        last_run: None,
        last_failed: false,
    };
    st.store
        .create_schedule(&s, st.config.max_schedules_per_account)
        .await
        .map_err(store_err)?;
    Ok(super::json_response(
        StatusCode::CREATED,
        schedule_json(&s).to_string(),
    ))
}

pub(crate) async fn list_schedules(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleRead)?;
    let list = st.store.list_schedules(&acc).await.map_err(store_err)?;
    Ok(super::json_response(
        StatusCode::OK,
        Value::Array(list.iter().map(schedule_json).collect()).to_string(),
    ))
}

#[derive(Deserialize)]
pub(crate) struct NewDomain {
    domain: String,
}

/// An FQDN or one leading `*.` wildcard; labels per RFC 1035 (letters, digits, hyphens).
pub fn valid_domain(d: &str) -> bool {
    let host = d.strip_prefix("*.").unwrap_or(d);
    !host.is_empty()
        && host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

pub(crate) async fn add_domain(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewDomain>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AllowlistWrite)?;
    let domain = req.domain.trim().to_ascii_lowercase();
    if !valid_domain(&domain) {
        return Err(ApiError::bad_input(format!(
            "field `domain`: `{}` is not a valid domain (an FQDN, optionally with one leading `*.`)",
            req.domain
        )));
    }
    let d = st
        .store
        .add_domain(&acc, &domain, crate::now_ms())
        .await
        .map_err(store_err)?;
    Ok(super::json_response(
        StatusCode::CREATED,
        json!({ "id": d.id, "domain": d.domain, "name": d.domain }).to_string(),
    ))
}

pub(crate) async fn list_domains(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AllowlistRead)?;
    let list = st.store.list_domains(&acc).await.map_err(store_err)?;
    let body: Vec<Value> = list
        .iter()
        .map(|d| json!({ "id": d.id, "domain": d.domain, "name": d.domain }))
        .collect();
    Ok(super::json_ok(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let l = StoredLog {
            account_id: "a".into(),
            lambda_uuid: "L".into(),
            request_id: "R".into(),
            timestamp: 1_644_999_935_000,
            level: LogLevel::Warn,
            message: "a;b \"c\"".into(),
            extras: vec![json!({"k": "v"})],
        };
        let csv = logs_csv(&[l]);
        assert_eq!(
            csv,
            "lambdaUUID;requestID;timestamp;level;message;extras\nL;R;Wed, 16 Feb 2022 08:25:35 GMT;Warn;\"a;b \"\"c\"\"\";\"[{\"\"k\"\":\"\"v\"\"}]\"\n"
        );
    }

    #[test]
    fn domains_and_cron_are_validated() {
        assert!(valid_domain("*.example.com") && valid_domain("api.example.org"));
        assert!(
            !valid_domain("*.*.example.com")
                && !valid_domain("example")
                && !valid_domain("-a.com")
                && !valid_domain("a b.com")
        );
        assert!(validate_cron("*/5 * * * *").is_ok());
        assert!(validate_cron("* * * * * *").is_err());
        assert!(validate_cron("61 * * * *").is_err());
        let next = next_run("0 * * * *", 0).unwrap();
        assert_eq!(next, 3_600_000);
    }
}
