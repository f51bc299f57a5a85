//! Email reports as a use case: each account with a report on gets one per day (at 01:00 UTC,
//! for the previous day) or per week (Monday 01:00 UTC, for the previous Monday–Sunday), the
//! first one at the next full hour after it was turned on, sent over SMTP (lettre) with a
//! plain-text and an HTML part to at most 10 recipients.
//!
//! **Architecture invariant:** exactly one node sends each report. Every node's loop looks for
//! due reports; the send is preceded by a compare-and-set on the account's last period sent
//! (`claim_report`), so only one node wins; a failed send gives the period back and a later
//! tick tries again.

pub mod content;

use crate::state::AppState;
use fnhost_store::{ReportFrequency, ReportSettings, StoreError};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Reports go out this long after their period ends (01:00 UTC).
const SEND_DELAY_MS: i64 = HOUR_MS;
/// 1970-01-01 was a Thursday: Mondays are 4 days after the epoch, modulo a week.
const MONDAY_OFFSET_MS: i64 = 4 * DAY_MS;

/// Why a report could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no SMTP server is configured (start `fnhost serve` with --smtp-url)")]
    NoSmtp,
    #[error("the SMTP URL is not valid: {0}")]
    SmtpUrl(String),
    #[error("the report has no recipients")]
    NoRecipients,
    #[error("`{0}` is not a valid email address")]
    Address(String),
    #[error("the message could not be built: {0}")]
    Message(String),
    #[error("the SMTP server refused the report: {0}")]
    Send(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The latest complete period of `frequency` whose report is due at `now`: `[start, end)` ms.
pub fn due_period(frequency: ReportFrequency, now: i64) -> Option<(i64, i64)> {
    let t = now - SEND_DELAY_MS;
    match frequency {
        ReportFrequency::None => None,
        ReportFrequency::Daily => {
            let end = t - t.rem_euclid(DAY_MS);
            Some((end - DAY_MS, end))
        }
        ReportFrequency::Weekly => {
            let week = 7 * DAY_MS;
            let end = t - (t - MONDAY_OFFSET_MS).rem_euclid(week);
            Some((end - week, end))
        }
    }
}

/// The next full hour after `now` (when a newly enabled report may first go out).
pub fn next_full_hour(now: i64) -> i64 {
    now - now.rem_euclid(HOUR_MS) + HOUR_MS
}

fn mailbox(address: &str) -> Result<Mailbox, ReportError> {
    address
        .parse::<Mailbox>()
        .map_err(|_| ReportError::Address(address.to_owned()))
}

/// Checks one recipient address as the sender will parse it.
pub fn valid_address(address: &str) -> bool {
    address.parse::<lettre::Address>().is_ok()
}

/// Builds and sends the report of `[from, to)` for `settings.account_id`; returns its summary.
pub async fn send(
    st: &AppState,
    settings: &ReportSettings,
    from: i64,
    to: i64,
) -> Result<content::Summary, ReportError> {
    let url = st.config.smtp_url.as_deref().ok_or(ReportError::NoSmtp)?;
    if settings.recipients.is_empty() {
        return Err(ReportError::NoRecipients);
    }
    let summary = content::summarize(st, &settings.account_id, from, to).await?;
    let previous: Option<content::Summary> = settings
        .last_summary
        .clone()
        .and_then(|v| serde_json::from_value(v).ok());
    let mut builder = Message::builder()
        .from(mailbox(&st.config.smtp_from)?)
        .subject(content::subject(&summary));
    for r in &settings.recipients {
        builder = builder.to(mailbox(r)?);
    }
    let message = builder
        .multipart(MultiPart::alternative_plain_html(
            content::text(&summary, previous.as_ref()),
            content::html(&summary, previous.as_ref()),
        ))
        .map_err(|e| ReportError::Message(e.to_string()))?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|e| ReportError::SmtpUrl(e.to_string()))?
        .build();
    transport
        .send(message)
        .await
        .map_err(|e| ReportError::Send(e.to_string()))?;
    Ok(summary)
}

/// One round of the report loop: sends every due report this node wins the claim for.
pub async fn run_due(st: &AppState) -> Result<(), StoreError> {
    if st.config.smtp_url.is_none() {
        return Ok(());
    }
    let now = crate::now_ms();
    for settings in st.store.active_report_settings().await? {
        if now < settings.not_before {
            continue;
        }
        let Some((start, end)) = due_period(settings.frequency, now) else {
            continue;
        };
        if settings.last_period_start.is_some_and(|last| last >= start) {
            continue;
        }
        if !st.store.claim_report(&settings.account_id, start).await? {
            continue; // another node sends it
        }
        match send(st, &settings, start, end).await {
            Ok(summary) => {
                let value = serde_json::to_value(&summary).unwrap_or_default();
                st.store
                    .save_report_summary(&settings.account_id, &value)
                    .await?;
                tracing::info!(account = %settings.account_id, recipients = settings.recipients.len(), "email report sent");
            }
            Err(e) => {
                tracing::warn!(account = %settings.account_id, error = %e, "email report not sent; it will be retried");
                st.store
                    .release_report(&settings.account_id, start, settings.last_period_start)
                    .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = HOUR_MS;
    // 2026-11-25 is a Wednesday; 2026-11-23 the Monday before.
    const WED: i64 = 1_795_564_800_000;
    const MON: i64 = WED - 2 * DAY_MS;

    #[test]
    fn daily_reports_cover_yesterday_from_one_o_clock() {
        assert_eq!(
            due_period(ReportFrequency::Daily, WED + H),
            Some((WED - DAY_MS, WED))
        );
        assert_eq!(
            due_period(ReportFrequency::Daily, WED + 23 * H),
            Some((WED - DAY_MS, WED))
        );
        // Before 01:00 the day before yesterday is the latest due one.
        assert_eq!(
            due_period(ReportFrequency::Daily, WED + H - 1),
            Some((WED - 2 * DAY_MS, WED - DAY_MS))
        );
        assert_eq!(due_period(ReportFrequency::None, WED), None);
    }

    #[test]
    fn weekly_reports_cover_monday_to_sunday() {
        assert_eq!((MON / DAY_MS + 3) % 7, 0, "MON is a Monday");
        let week = 7 * DAY_MS;
        assert_eq!(
            due_period(ReportFrequency::Weekly, MON + H),
            Some((MON - week, MON))
        );
        assert_eq!(
            due_period(ReportFrequency::Weekly, WED),
            Some((MON - week, MON))
        );
        assert_eq!(
            due_period(ReportFrequency::Weekly, MON + H - 1),
            Some((MON - 2 * week, MON - week))
        );
        assert_eq!(next_full_hour(WED + 1), WED + H);
        assert_eq!(next_full_hour(WED), WED + H);
    }
}
