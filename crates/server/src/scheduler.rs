//! The scheduler: runs deployed functions on their cron schedules (5-field, UTC).
//!
//! Every node polls the store for due schedules; a node runs an occurrence only after claiming it
//! (moving `next_run` forward with a compare-and-set), so each occurrence runs exactly once in a
//! cluster. Scheduled runs are real invocations through the one invoke path (`crate::invoke`):
//! their logs and records are stored.

use crate::invoke::{Invocation, Trigger};
use crate::state::AppState;
use fnhost_store::ScheduleRecord;
use std::str::FromStr;

/// Runs every schedule that is due now. Returns how many this node ran.
pub async fn run_due(st: &AppState) -> Result<usize, fnhost_store::StoreError> {
    let now = crate::now_ms();
    let mut ran = 0;
    for s in st.store.due_schedules(now).await? {
        let Some(expected) = s.next_run else { continue };
        let next = next_run(&s.cron, now);
        if !st
            .store
            .claim_schedule(&s.uuid, expected, next, now)
            .await?
        {
            continue; // another node took this occurrence
        }
        let error = invoke(st, &s, now).await;
        st.store
            .record_schedule_result(&s.uuid, error.map(|c| c.as_str()))
            .await?;
        ran += 1;
    }
    Ok(ran)
}

/// Runs one occurrence through the one invoke path, with the schedule's payload as
/// `input.payload`; the error code when the function produced no result.
async fn invoke(st: &AppState, s: &ScheduleRecord, now: i64) -> Option<fnhost_model::ErrorCode> {
    let invocation = Invocation {
        request_id: format!("schedule-{}-{now}", s.uuid),
        trigger: Trigger::Schedule {
            schedule_uuid: s.uuid.clone(),
        },
        input: Invocation::input_json(
            &now.to_string(),
            &[("X-Fnhost-Schedule".to_owned(), s.uuid.clone())],
            s.payload.as_deref().unwrap_or("{}"),
        ),
    };
    match crate::invoke::invoke(st, &s.account_id, &s.lambda_uuid, invocation).await {
        Ok(_) => None,
        Err(e) => {
            tracing::info!(schedule = %s.uuid, lambda = %s.lambda_uuid, code = e.code().as_str(), error = %e, "scheduled run failed");
            Some(e.code())
        }
    }
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
