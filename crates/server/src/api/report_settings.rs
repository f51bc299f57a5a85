//! The account's email report (`GET|PUT /reports/email`): frequency None / Daily / Weekly and up
//! to 10 recipients; `POST /reports/email/send` sends the report of the last complete period at
//! once (a test, or a report on demand), without touching the schedule.

use super::JsonBody;
use super::Path;
use crate::activity::{self, ActivityKind};
use crate::auth::{Auth, Permission};
use crate::email_reports::{self, ReportError};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use fnhost_model::ErrorCode;
use fnhost_store::{ReportFrequency, ReportSettings};
use serde::Deserialize;
use serde_json::json;

/// Email report routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(
            &format!("{acc}/reports/email"),
            get(get_settings).put(put_settings),
        )
        .route(&format!("{acc}/reports/email/send"), post(send_now))
}

/// The most recipients one report has.
const MAX_RECIPIENTS: usize = 10;

fn store_err(e: fnhost_store::StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

fn current(acc: &str, s: Option<ReportSettings>) -> ReportSettings {
    s.unwrap_or(ReportSettings {
        account_id: acc.to_owned(),
        frequency: ReportFrequency::None,
        recipients: vec![],
        not_before: 0,
        last_period_start: None,
        last_summary: None,
        updated_at: 0,
    })
}

fn settings_json(st: &AppState, s: &ReportSettings) -> serde_json::Value {
    let next = email_reports::due_period(s.frequency, crate::now_ms()).map(|(start, end)| {
        let due_next = if s.last_period_start.is_some_and(|l| l >= start) {
            // This period is sent: the next one ends a period later.
            end + (end - start) + 3_600_000
        } else {
            end + 3_600_000
        };
        due_next.max(s.not_before)
    });
    json!({
        "frequency": s.frequency.as_str(),
        "recipients": s.recipients,
        "smtpConfigured": st.config.smtp_url.is_some(),
        "nextReportAt": next.map(super::iso),
        "lastPeriodStart": s.last_period_start.map(super::iso),
    })
}

async fn get_settings(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let s = st
        .store
        .get_report_settings(&acc)
        .await
        .map_err(store_err)?;
    Ok(super::json_ok(&settings_json(&st, &current(&acc, s))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsBody {
    frequency: String,
    #[serde(default)]
    recipients: Vec<String>,
}

async fn put_settings(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<SettingsBody>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    let frequency = ReportFrequency::parse(&req.frequency).ok_or_else(|| {
        ApiError::bad_input(format!(
            "field `frequency` must be None, Daily or Weekly (got `{}`)",
            req.frequency
        ))
    })?;
    let mut recipients: Vec<String> = Vec::new();
    for r in &req.recipients {
        let r = r.trim().to_owned();
        if !email_reports::valid_address(&r) {
            return Err(ApiError::bad_input(format!(
                "field `recipients`: `{r}` is not a valid email address"
            )));
        }
        if !recipients.iter().any(|x| x.eq_ignore_ascii_case(&r)) {
            recipients.push(r);
        }
    }
    if recipients.len() > MAX_RECIPIENTS {
        return Err(ApiError::bad_input(format!(
            "field `recipients` has {} addresses; the limit is {MAX_RECIPIENTS}",
            recipients.len()
        )));
    }
    if frequency != ReportFrequency::None && recipients.is_empty() {
        return Err(ApiError::bad_input(
            "field `recipients` must name at least one address for a Daily or Weekly report",
        ));
    }
    let before = current(
        &acc,
        st.store
            .get_report_settings(&acc)
            .await
            .map_err(store_err)?,
    );
    let now = crate::now_ms();
    let turned_on = before.frequency == ReportFrequency::None && frequency != ReportFrequency::None;
    let next = ReportSettings {
        frequency,
        recipients: recipients.clone(),
        // LivePerson: the first report goes out at the next full hour.
        not_before: if turned_on {
            email_reports::next_full_hour(now)
        } else {
            before.not_before
        },
        updated_at: now,
        ..before.clone()
    };
    st.store
        .put_report_settings(&next)
        .await
        .map_err(store_err)?;
    let added: Vec<&String> = recipients
        .iter()
        .filter(|r| !before.recipients.contains(r))
        .collect();
    let removed: Vec<&String> = before
        .recipients
        .iter()
        .filter(|r| !recipients.contains(r))
        .collect();
    let details = json!({ "frequency": frequency.as_str(), "previousFrequency": before.frequency.as_str(),
        "recipientsAdded": added, "recipientsRemoved": removed });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::ReportSettingsChanged,
        None,
        details,
    )
    .await;
    Ok(super::json_ok(&settings_json(&st, &next)))
}

async fn send_now(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    let s = current(
        &acc,
        st.store
            .get_report_settings(&acc)
            .await
            .map_err(store_err)?,
    );
    let frequency = match s.frequency {
        ReportFrequency::None => ReportFrequency::Daily,
        f => f,
    };
    let (from, to) = email_reports::due_period(frequency, crate::now_ms()).expect("a period");
    match email_reports::send(&st, &s, from, to).await {
        Ok(summary) => Ok(super::json_ok(&json!({
            "sent": true,
            "subject": email_reports::content::subject(&summary),
            "recipients": s.recipients,
            "from": super::iso(from),
            "to": super::iso(to),
        }))),
        Err(ReportError::Store(e)) => Err(store_err(e)),
        Err(e @ (ReportError::NoSmtp | ReportError::NoRecipients)) => {
            Err(ApiError::conflict(e.to_string()))
        }
        Err(e) => Err(ApiError::new(ErrorCode::FmUnavailable, e.to_string())),
    }
}
