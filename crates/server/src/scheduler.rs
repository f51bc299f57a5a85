//! The scheduler: runs deployed functions on their cron schedules (5-field, UTC).
//!
//! Every node polls the store for due schedules; a node runs an occurrence only after claiming it
//! (moving `next_run` forward with a compare-and-set), so each occurrence runs exactly once in a
//! cluster. Scheduled runs are real invocations: their logs and records are stored.

use crate::records::Record;
use crate::state::AppState;
use fnhost_model::LogLevel;
use fnhost_store::{InvocationOutcome, InvocationRecord, ScheduleRecord, StoredLog};
use std::time::Duration;

/// Starts the polling loop.
pub fn spawn(st: AppState) {
    tokio::spawn(async move {
        let mut tick =
            tokio::time::interval(Duration::from_millis(st.config.schedule_poll_ms.max(100)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = run_due(&st).await {
                tracing::warn!(error = %e, "scheduler poll failed");
            }
        }
    });
}

/// Runs every schedule that is due now. Returns how many this node ran.
pub async fn run_due(st: &AppState) -> Result<usize, fnhost_store::StoreError> {
    let now = crate::now_ms();
    let mut ran = 0;
    for s in st.store.due_schedules(now).await? {
        let Some(expected) = s.next_run else { continue };
        let next = crate::api::next_run(&s.cron, now);
        if !st
            .store
            .claim_schedule(&s.uuid, expected, next, now)
            .await?
        {
            continue; // another node took this occurrence
        }
        let failed = !invoke(st, &s, now).await;
        st.store.record_schedule_result(&s.uuid, failed).await?;
        ran += 1;
    }
    Ok(ran)
}

async fn invoke(st: &AppState, s: &ScheduleRecord, now: i64) -> bool {
    let Some(d) = st
        .registry
        .get(&s.lambda_uuid)
        .filter(|d| d.account_id == s.account_id)
    else {
        tracing::info!(schedule = %s.uuid, lambda = %s.lambda_uuid, "scheduled function is not deployed; skipped");
        return false;
    };
    let input = format!(
        r#"{{"timestamp":{now},"headers":[{{"key":"X-Fnhost-Schedule","value":"{}"}}],"payload":{{}}}}"#,
        s.uuid
    );
    let request_id = format!("schedule-{}-{now}", s.uuid);
    let outcome = d.pool.invoke(input).await;
    let (ok, class, code, duration, cold, init, logs) = match &outcome {
        Ok(o) => {
            let (class, code) = match &o.result {
                Ok(_) => (InvocationOutcome::Succeeded, None),
                Err(e) if e.code == fnhost_model::ErrorCode::HandlerExecutionTimeExceeded => {
                    (InvocationOutcome::Timeout, Some(e.code.as_str().to_owned()))
                }
                Err(e) => (
                    InvocationOutcome::CodingFailure,
                    Some(e.code.as_str().to_owned()),
                ),
            };
            (
                o.result.is_ok(),
                class,
                code,
                o.duration.as_millis() as i64,
                o.cold_start,
                o.init_time.as_micros() as i64,
                o.logs.clone(),
            )
        }
        Err(_) => (
            false,
            InvocationOutcome::PlatformFailure,
            None,
            0,
            false,
            0,
            Vec::new(),
        ),
    };
    let stored = logs
        .into_iter()
        .filter(|l| l.level != LogLevel::Debug)
        .map(|l| StoredLog {
            account_id: d.account_id.clone(),
            lambda_uuid: d.uuid.clone(),
            request_id: request_id.clone(),
            timestamp: l.timestamp,
            level: l.level,
            message: l.message,
            extras: l.extras,
        })
        .collect();
    st.records.submit(Record::Invocation(
        InvocationRecord {
            account_id: d.account_id.clone(),
            lambda_uuid: d.uuid.clone(),
            request_id,
            started_at: now,
            duration_ms: duration,
            outcome: class,
            error_code: code,
            cold_start: cold,
            init_us: init,
        },
        stored,
    ));
    ok
}
