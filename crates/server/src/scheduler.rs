//! The scheduler: runs deployed functions on their cron schedules (5-field, UTC).
//!
//! Every node polls the store for due schedules; a node runs an occurrence only after claiming it
//! (moving `next_run` forward with a compare-and-set), so each occurrence runs exactly once in a
//! cluster. Scheduled runs are real invocations: their logs and records are stored.

use crate::records::Record;
use crate::state::AppState;
use fnhost_store::ScheduleRecord;

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
    let ok = matches!(&outcome, Ok(o) if o.result.is_ok());
    st.records.submit(Record::of_invocation(
        &d.account_id,
        &d.uuid,
        &request_id,
        now,
        &outcome,
    ));
    ok
}
