//! Stored logs: the JSON query and the CSV export that `lpf logs` streams.

use super::Path;
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use fnhost_model::LogLevel;
use fnhost_store::{LogQuery, StoreError, StoredLog};
use serde_json::{Value, json};

const DAY_MS: i64 = 86_400_000;
/// The widest log window one query may ask for.
const MAX_WINDOW_MS: i64 = 7 * DAY_MS;
/// Lines per CSV export.
const EXPORT_LINES: i64 = 500;

/// The log routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/logs"), get(query_logs))
        .route(&format!("{acc}/logs/export"), get(export_logs))
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

/// Parses and checks a log window: start required, at most 7 days, inside the retention period.
fn log_window(st: &AppState, q: &[(String, String)]) -> ApiResult<(i64, i64)> {
    let now = crate::now_ms();
    let start = super::query_timestamp(q, "startTimestamp")?.ok_or_else(|| {
        ApiError::bad_input("query parameter `startTimestamp` (epoch ms) is required")
    })?;
    let end = super::query_timestamp(q, "endTimestamp")?.unwrap_or(now);
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
        newest: false,
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
    let mut query = log_query(&st, acc, &q, lv, 5_000)?;
    // `newest=true`: past 5,000 lines, the newest ones (the console's view); default the oldest.
    query.newest = match super::query_one(&q, "newest").as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::bad_input(format!(
                "query parameter `newest` must be true or false (got `{other}`)"
            )));
        }
    };
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
}
