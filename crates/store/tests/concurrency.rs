//! Store behaviour under concurrency and after crashes, on SQLite and PostgreSQL: parallel
//! writers never fail with a 5xx-class error, real conflicts stay conflicts, interrupted
//! deployments can be claimed and resumed, and reports come from rollups.

use fnhost_model::{KeyValue, LambdaState};
use fnhost_store::testing::TestDb;
use fnhost_store::*;
use std::sync::Arc;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { let db = fnhost_store::testing::TestDb::new(fnhost_store::Backend::Sqlite).await; super::$name(&db).await; } )* }
        mod postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { let db = fnhost_store::testing::TestDb::new(fnhost_store::Backend::Postgres).await; super::$name(&db).await; } )* }
    };
}

on_both_backends!(
    parallel_creates_never_fail_and_respect_the_limit,
    parallel_read_modify_write_loses_nothing,
    interrupted_deployments_are_claimed_once,
    stuck_undeploys_are_found,
    reports_come_from_rollups_written_with_the_records,
    account_totals_mix_hours_and_minutes_exactly,
);

async fn open(db: &TestDb) -> Arc<SqlStore> {
    Arc::new(SqlStore::connect(&db.url).await.expect("connect"))
}

fn lambda(account: &str, name: &str) -> LambdaRecord {
    LambdaRecord {
        uuid: uuid::Uuid::new_v4().to_string(),
        account_id: account.into(),
        name: name.into(),
        description: "d".into(),
        event_id: None,
        state: LambdaState::Draft,
        version: 1,
        code: "function lambda(i, cb) { cb(null, 1); }".into(),
        env: vec![KeyValue {
            key: "A".into(),
            value: "1".into(),
        }],
        dependencies: vec![],
        sample_payload: None,
        skills: vec![],
        limits: Default::default(),
        http_trigger: Default::default(),
        created_at: 1,
        created_by: "u".into(),
        updated_at: 1,
        updated_by: "u".into(),
        deployed: None,
        last_deployment: None,
    }
}

/// Creates from 16 tasks at once: every answer is success, "limit reached" or a name conflict
/// (never a store failure), colliding names give exactly one winner, and the function limit
/// holds exactly.
async fn parallel_creates_never_fail_and_respect_the_limit(db: &TestDb) {
    let s = open(db).await;
    s.create_account("1").await.unwrap();
    s.create_account("2").await.unwrap();
    let run = |account: &'static str, per_task: usize, max: i64| {
        let mut tasks = Vec::new();
        for t in 0..16 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                let mut out = Vec::new();
                for i in 0..per_task {
                    // Tasks 0 and 1 use the same names: real conflicts.
                    let name = format!("f-{}-{i}", if t < 2 { 0 } else { t });
                    out.push(s.create_lambda(&lambda(account, &name), max).await);
                }
                out
            }));
        }
        tasks
    };
    let tally = |results: Vec<Result<(), StoreError>>| {
        let (mut ok, mut conflicts, mut limited) = (0, 0, 0);
        for r in results {
            match r {
                Ok(()) => ok += 1,
                Err(StoreError::Conflict(m)) => {
                    assert!(m.contains("already exists"), "{m}");
                    conflicts += 1
                }
                Err(StoreError::LimitReached(_)) => limited += 1,
                Err(e) => panic!("a parallel create failed: {e:?}"),
            }
        }
        (ok, conflicts, limited)
    };
    let mut results = Vec::new();
    for t in run("1", 13, 1_000) {
        results.extend(t.await.unwrap());
    }
    assert_eq!(
        tally(results),
        (195, 13, 0),
        "one winner per colliding name"
    );
    assert_eq!(s.list_lambdas("1").await.unwrap().len(), 195);
    let mut results = Vec::new();
    for t in run("2", 5, 50) {
        results.extend(t.await.unwrap());
    }
    let (ok, conflicts, limited) = tally(results);
    assert_eq!(ok, 50, "the limit holds exactly");
    assert_eq!(ok + conflicts + limited, 80);
    assert_eq!(s.list_lambdas("2").await.unwrap().len(), 50);
}

/// Concurrent merges into one context session and concurrent allowlist adds keep every write.
async fn parallel_read_modify_write_loses_nothing(db: &TestDb) {
    let s = open(db).await;
    s.create_account("1").await.unwrap();
    s.context_create_namespace("1", "ns", None, 0)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for t in 0..16 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..5 {
                let mut p = serde_json::Map::new();
                p.insert(format!("k{t}-{i}"), serde_json::json!(i));
                s.context_merge("1", "ns", "sess", &p, 1).await.unwrap();
                s.add_domain("1", &format!("d{t}-{i}.example.com"), 1)
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(s.context_get("1", "ns", "sess", 1).await.unwrap().len(), 80);
    let domains = s.list_domains("1").await.unwrap();
    assert_eq!(domains.len(), 80);
    let mut ids: Vec<i64> = domains.iter().map(|d| d.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 80, "allowlist ids are unique");
}

async fn interrupted_deployments_are_claimed_once(db: &TestDb) {
    let s = open(db).await;
    s.create_account("1").await.unwrap();
    let l = lambda("1", "f");
    s.create_lambda(&l, 10).await.unwrap();
    let dead = Lease {
        owner: "node-dead".into(),
        until: 1_000,
    };
    let d = s
        .begin_deployment("1", &l.uuid, "u", 500, &dead)
        .await
        .unwrap();
    // Another node while the lease still runs: nothing to claim (on PostgreSQL).
    let other = Lease {
        owner: "node-b".into(),
        until: 20_000,
    };
    if s.backend() == Backend::Postgres {
        assert!(
            s.claim_orphaned_deployments(&other, 900, true)
                .await
                .unwrap()
                .is_empty()
        );
    }
    // After the lease ran out, exactly one claimer wins and gets the code snapshot.
    let claimed = s
        .claim_orphaned_deployments(&other, 2_000, false)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].uuid, d.uuid);
    assert_eq!(claimed[0].code, l.code);
    assert_eq!(claimed[0].env, l.env);
    let third = Lease {
        owner: "node-c".into(),
        until: 30_000,
    };
    assert!(
        s.claim_orphaned_deployments(&third, 2_001, false)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(s.renew_deployment_lease(&d.uuid, &other).await.unwrap());
    assert!(!s.renew_deployment_lease(&d.uuid, &third).await.unwrap());
    // The restarted owner takes back its own deployment at start, even with a live lease.
    let claimed = s
        .claim_orphaned_deployments(&other, 2_002, true)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    s.finish_deployment(&claimed[0], Ok(()), 3_000)
        .await
        .unwrap();
    let got = s.get_lambda("1", &l.uuid).await.unwrap().unwrap();
    assert_eq!(got.state, LambdaState::Productive);
    assert!(
        s.claim_orphaned_deployments(&third, i64::MAX - 1, true)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn stuck_undeploys_are_found(db: &TestDb) {
    let s = open(db).await;
    s.create_account("1").await.unwrap();
    let l = lambda("1", "f");
    s.create_lambda(&l, 10).await.unwrap();
    let lease = Lease {
        owner: "n".into(),
        until: i64::MAX,
    };
    let d = s
        .begin_deployment("1", &l.uuid, "u", 1, &lease)
        .await
        .unwrap();
    s.finish_deployment(&d, Ok(()), 2).await.unwrap();
    s.undeploy("1", &l.uuid, "u", 100).await.unwrap();
    assert!(s.stuck_undeploys(50).await.unwrap().is_empty());
    assert_eq!(
        s.stuck_undeploys(101).await.unwrap(),
        vec![("1".to_owned(), l.uuid.clone())]
    );
    s.finish_undeploy("1", &l.uuid, 200).await.unwrap();
    assert!(s.stuck_undeploys(i64::MAX).await.unwrap().is_empty());
    // Deployable again.
    s.begin_deployment("1", &l.uuid, "u", 300, &lease)
        .await
        .unwrap();
}

async fn reports_come_from_rollups_written_with_the_records(db: &TestDb) {
    let s = open(db).await;
    let rec = |i: i64, outcome| InvocationRecord {
        account_id: "1".into(),
        lambda_uuid: if i % 2 == 0 { "A" } else { "B" }.into(),
        request_id: format!("r{i}"),
        started_at: 1_000_000 + i * 1_000,
        duration_ms: 2,
        outcome,
        error_code: None,
        cold_start: false,
        init_us: 0,
        cpu_us: 0,
    };
    let mut recs = Vec::new();
    for i in 0..300 {
        let o = match i % 10 {
            0 => InvocationOutcome::Timeout,
            1 => InvocationOutcome::CodingFailure,
            _ => InvocationOutcome::Succeeded,
        };
        recs.push(rec(i, o));
    }
    // In two batches, so rollup rows are added to, not replaced.
    s.record_invocations(&recs[..150], &[]).await.unwrap();
    s.record_invocations(&recs[150..], &[]).await.unwrap();
    let all = s
        .outcome_counts("1", None, 0, 10_000_000, 10_000_000)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].total(), 300);
    assert_eq!(all[0].timeout, 30);
    assert_eq!(all[0].coding_failure, 30);
    assert_eq!(all[0].succeeded, 240);
    let a = s
        .outcome_counts("1", Some("A"), 0, 10_000_000, 10_000_000)
        .await
        .unwrap();
    assert_eq!(a[0].total(), 150);
    // Per-minute buckets over the 300 s span: 5 or 6 minutes, all records accounted for.
    let buckets = s
        .outcome_counts("1", None, 960_000, 1_320_000, 60_000)
        .await
        .unwrap();
    assert_eq!(buckets.len(), 6);
    assert_eq!(buckets.iter().map(|b| b.total()).sum::<i64>(), 300);
    assert!(
        s.outcome_counts("2", None, 0, 10_000_000, 10_000_000)
            .await
            .unwrap()[0]
            .total()
            == 0
    );
    // Retention removes rollups with the records.
    s.purge_before(i64::MAX / 2).await.unwrap();
    assert_eq!(
        s.outcome_counts("1", None, 0, 10_000_000, 10_000_000)
            .await
            .unwrap()[0]
            .total(),
        0
    );
}

/// Account-wide totals read whole hours from the hourly rollups and the ragged edges from the
/// minute rollups: for windows at arbitrary offsets the answer equals a count of the records
/// whose minute starts in the window.
async fn account_totals_mix_hours_and_minutes_exactly(db: &TestDb) {
    let s = open(db).await;
    let base = 1_700_000_123_456; // not aligned to a minute or an hour
    let recs: Vec<InvocationRecord> = (0..700)
        .map(|i| InvocationRecord {
            account_id: "1".into(),
            lambda_uuid: format!("L{}", i % 3),
            request_id: format!("r{i}"),
            started_at: base + i * 77_000,
            duration_ms: 1,
            outcome: if i % 5 == 0 {
                InvocationOutcome::CodingFailure
            } else {
                InvocationOutcome::Succeeded
            },
            error_code: None,
            cold_start: false,
            init_us: 0,
            cpu_us: 0,
        })
        .collect();
    s.record_invocations(&recs, &[]).await.unwrap();
    let minute = |t: i64| t - t.rem_euclid(60_000);
    for (from_off, to_off) in [
        (0, 700 * 77_000),
        (5 * 60_000 + 1, 3 * 3_600_000 + 17),
        (3_599_999, 7_200_001),
        (-10_000_000, 10 * 3_600_000),
        (40 * 60_000, 41 * 60_000),
    ] {
        let (from, to) = (base + from_off, base + to_off);
        let expected = recs
            .iter()
            .filter(|r| minute(r.started_at) >= minute(from) && minute(r.started_at) <= to)
            .count() as i64;
        let got = s
            .outcome_counts("1", None, from, to, (to - from).max(1))
            .await
            .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].total(), expected, "window {from_off}..{to_off}");
    }
}
