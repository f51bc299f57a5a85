//! The store test suite, run identically against SQLite and PostgreSQL.

use fnhost_model::{KeyValue, LambdaState, LogLevel};
use fnhost_store::testing::TestDb;
use fnhost_store::*;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { let db = fnhost_store::testing::TestDb::new(fnhost_store::Backend::Sqlite).await; super::$name(&db).await; } )* }
        mod postgres { $( #[tokio::test] async fn $name() { let db = fnhost_store::testing::TestDb::new(fnhost_store::Backend::Postgres).await; super::$name(&db).await; } )* }
    };
}

on_both_backends!(
    accounts_users_and_apps,
    lambda_lifecycle,
    function_limit_and_unique_names,
    deployment_refused_while_active_and_history_kept,
    secrets_round_trip,
    logs_and_invocations,
    schedules_and_domains,
    migrations_are_idempotent,
    bulk_records_are_written_in_chunks,
    context_store_sessions_and_ttl,
    async_queue_lifecycle,
    async_queue_batches_round_trip,
    a_group_commit_keeps_no_writer_waiting,
);

fn lease() -> Lease {
    Lease {
        owner: "node-a".into(),
        until: i64::MAX,
    }
}

async fn open(db: &TestDb) -> SqlStore {
    SqlStore::connect(&db.url).await.expect("connect")
}

fn lambda(account: &str, name: &str) -> LambdaRecord {
    LambdaRecord {
        uuid: uuid::Uuid::new_v4().to_string(),
        account_id: account.into(),
        name: name.into(),
        description: "desc".into(),
        event_id: None,
        state: LambdaState::Draft,
        version: 1,
        code: "function lambda(i, cb) { cb(null, 1); }".into(),
        env: vec![KeyValue {
            key: "A".into(),
            value: "1".into(),
        }],
        dependencies: vec![],
        sample_payload: Some(serde_json::json!({"headers": [], "payload": {}})),
        skills: vec![],
        limits: fnhost_model::FunctionLimits {
            timeout_ms: Some(5_000),
            ..Default::default()
        },
        http_trigger: Default::default(),
        created_at: 1,
        created_by: "u".into(),
        updated_at: 1,
        updated_by: "u".into(),
        deployed: None,
        last_deployment: None,
    }
}

async fn accounts_users_and_apps(db: &TestDb) {
    let s = open(db).await;
    assert_eq!(s.account_count().await.unwrap(), 0);
    s.create_account("1000").await.unwrap();
    assert!(s.account_exists("1000").await.unwrap());
    assert!(!s.account_exists("2000").await.unwrap());
    let user = UserRecord {
        id: "u1".into(),
        account_id: "1000".into(),
        login_name: "alice".into(),
        password_hash: crypto::hash_password("pw"),
        roles: vec![Role::Admin, Role::Developer],
        created_at: 1,
        token_generation: 0,
    };
    s.create_user(&user).await.unwrap();
    assert!(
        matches!(s.create_user(&user).await, Err(StoreError::Conflict(m)) if m.contains("alice"))
    );
    let found = s.find_user("1000", "alice").await.unwrap().unwrap();
    assert_eq!(found.roles, vec![Role::Admin, Role::Developer]);
    assert!(crypto::verify_password("pw", &found.password_hash));
    assert!(
        s.find_user("2000", "alice").await.unwrap().is_none(),
        "users are per account"
    );
    let app = AppRecord {
        client_id: "cid".into(),
        account_id: "1000".into(),
        name: "app".into(),
        secret_hash: "h".into(),
        created_at: 1,
        revoked: false,
    };
    s.create_app(&app).await.unwrap();
    assert_eq!(s.list_apps("1000").await.unwrap().len(), 1);
    assert!(
        !s.revoke_app("2000", "cid").await.unwrap(),
        "other accounts cannot revoke"
    );
    assert!(s.revoke_app("1000", "cid").await.unwrap());
    assert!(s.find_app("cid").await.unwrap().unwrap().revoked);
    assert_eq!(s.revoked_apps().await.unwrap(), vec!["cid".to_owned()]);
    let sess = SessionRecord {
        id: "s1".into(),
        account_id: "1000".into(),
        user_id: "u1".into(),
        csrf: "c".into(),
        expires_at: 10,
    };
    s.create_session(&sess).await.unwrap();
    s.touch_session("s1", 20).await.unwrap();
    assert_eq!(s.find_session("s1").await.unwrap().unwrap().expires_at, 20);
    assert_eq!(s.meta_get_or_init("k", "v1").await.unwrap(), "v1");
    assert_eq!(s.meta_get_or_init("k", "v2").await.unwrap(), "v1");
    s.meta_set_all(&[("k", "v3"), ("k2", "w")]).await.unwrap();
    assert_eq!(s.meta_get("k").await.unwrap().as_deref(), Some("v3"));
    assert_eq!(s.meta_get("k2").await.unwrap().as_deref(), Some("w"));
}

async fn lambda_lifecycle(db: &TestDb) {
    let s = open(db).await;
    let l = lambda("1000", "fn_one");
    s.create_lambda(&l, 50).await.unwrap();
    assert!(
        s.get_lambda("2000", &l.uuid).await.unwrap().is_none(),
        "account is checked"
    );
    let d = s
        .begin_deployment("1000", &l.uuid, "u", 10, &lease())
        .await
        .unwrap();
    assert_eq!(d.code, l.code);
    assert!(
        s.deployed_since(0).await.unwrap().is_empty(),
        "nothing deployed before the deployment finishes"
    );
    s.finish_deployment(&d, Ok(()), 11).await.unwrap();
    let got = s.get_lambda("1000", &l.uuid).await.unwrap().unwrap();
    assert_eq!(got.state, LambdaState::Productive);
    assert_eq!(got.last_deployment.as_ref().unwrap().deployed_at, Some(11));
    let deployed = s.deployed_since(11).await.unwrap();
    assert_eq!(deployed.len(), 1);
    assert_eq!(deployed[0].env, l.env);
    assert_eq!(
        deployed[0].limits.timeout_ms,
        Some(5_000),
        "limits are snapshotted with the deployment"
    );

    let mut edit = got.clone();
    edit.code = "function lambda(i, cb) { cb(null, 2); }".into();
    edit.updated_at = 12;
    s.update_lambda(&edit, got.version).await.unwrap();
    assert_eq!(
        s.update_lambda(&edit, got.version).await,
        Err(StoreError::Stale)
    );
    let got = s.get_lambda("1000", &l.uuid).await.unwrap().unwrap();
    assert_eq!((got.state, got.version), (LambdaState::Modified, 2));
    assert_eq!(
        got.deployed.as_ref().unwrap().version,
        1,
        "the old version keeps serving"
    );

    assert!(
        matches!(
            s.delete_lambda("1000", &l.uuid).await,
            Err(StoreError::Conflict(_))
        ),
        "deployed functions cannot be deleted"
    );
    s.undeploy("1000", &l.uuid, "u", 13).await.unwrap();
    assert_eq!(s.undeployed_since(13).await.unwrap(), vec![l.uuid.clone()]);
    assert_eq!(
        s.get_lambda("1000", &l.uuid).await.unwrap().unwrap().state,
        LambdaState::MarkedUndeployed
    );
    assert!(
        matches!(
            s.begin_deployment("1000", &l.uuid, "u", 13, &lease()).await,
            Err(StoreError::Conflict(_))
        ),
        "no deploy while undeploying"
    );
    s.finish_undeploy("1000", &l.uuid, 14).await.unwrap();
    let got = s.get_lambda("1000", &l.uuid).await.unwrap().unwrap();
    assert_eq!(got.state, LambdaState::Draft);
    assert!(got.deployed.is_none());
    s.delete_lambda("1000", &l.uuid).await.unwrap();
    assert!(s.list_lambdas("1000").await.unwrap().is_empty());
}

async fn function_limit_and_unique_names(db: &TestDb) {
    let s = open(db).await;
    s.create_lambda(&lambda("1000", "a"), 2).await.unwrap();
    assert!(
        matches!(s.create_lambda(&lambda("1000", "a"), 2).await, Err(StoreError::Conflict(m)) if m.contains("`a`"))
    );
    s.create_lambda(&lambda("1000", "b"), 2).await.unwrap();
    assert!(
        matches!(s.create_lambda(&lambda("1000", "c"), 2).await, Err(StoreError::LimitReached(m)) if m.contains("limit is 2"))
    );
    s.create_lambda(&lambda("2000", "a"), 2).await.unwrap();
    assert_eq!(
        s.list_lambdas("1000").await.unwrap().len(),
        2,
        "a refused create leaves nothing behind"
    );
}

async fn deployment_refused_while_active_and_history_kept(db: &TestDb) {
    let s = open(db).await;
    let l = lambda("1000", "f");
    s.create_lambda(&l, 50).await.unwrap();
    let d = s
        .begin_deployment("1000", &l.uuid, "u", 1, &lease())
        .await
        .unwrap();
    assert!(
        matches!(s.begin_deployment("1000", &l.uuid, "u", 2, &lease()).await, Err(StoreError::Conflict(m)) if m.contains("active deployment"))
    );
    let mut edit = l.clone();
    edit.description = "changed".into();
    assert!(
        matches!(
            s.update_lambda(&edit, 1).await,
            Err(StoreError::Conflict(_))
        ),
        "edits refused during deployment"
    );
    let err = DeploymentErrorInfo {
        error_code: "com.liveperson.faas.fm.contract-error".into(),
        error_msg: "bad".into(),
        error_logs: vec![],
    };
    s.finish_deployment(&d, Err(err.clone()), 3).await.unwrap();
    let got = s.get_lambda("1000", &l.uuid).await.unwrap().unwrap();
    assert_eq!(got.state, LambdaState::BuildError);
    assert_eq!(got.last_deployment.unwrap().error, Some(err));
    for i in 0..7 {
        let d = s
            .begin_deployment("1000", &l.uuid, "u", 10 + i, &lease())
            .await
            .unwrap();
        s.finish_deployment(&d, Ok(()), 10 + i).await.unwrap();
    }
    assert_eq!(
        s.get_lambda("1000", &l.uuid).await.unwrap().unwrap().state,
        LambdaState::Productive
    );
}

async fn secrets_round_trip(db: &TestDb) {
    let s = open(db).await;
    s.put_secret("1000", "k", "sealed1", 1).await.unwrap();
    assert!(matches!(
        s.put_secret("1000", "k", "x", 1).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.get_secret("1000", "k").await.unwrap().as_deref(),
        Some("sealed1")
    );
    assert_eq!(s.get_secret("2000", "k").await.unwrap(), None);
    assert!(s.update_secret("1000", "k", "sealed2", 2).await.unwrap());
    assert!(!s.update_secret("1000", "missing", "x", 2).await.unwrap());
    assert_eq!(
        s.list_secret_keys("1000").await.unwrap(),
        vec!["k".to_owned()]
    );
    assert!(s.delete_secret("1000", "k").await.unwrap());
}

async fn logs_and_invocations(db: &TestDb) {
    let s = open(db).await;
    let log = |ts: i64, level: LogLevel| StoredLog {
        account_id: "1000".into(),
        lambda_uuid: "L".into(),
        request_id: format!("r{ts}"),
        timestamp: ts,
        level,
        message: "m;\"x\"".into(),
        extras: vec![serde_json::json!({"a": 1})],
    };
    s.insert_logs(&[
        log(10, LogLevel::Info),
        log(20, LogLevel::Warn),
        log(30, LogLevel::Error),
    ])
    .await
    .unwrap();
    let q = LogQuery {
        account_id: "1000".into(),
        lambda_uuid: Some("L".into()),
        levels: vec![LogLevel::Info, LogLevel::Error],
        from: 0,
        to: 100,
        limit: 500,
        newest: false,
    };
    let got = s.query_logs(&q).await.unwrap();
    assert_eq!(
        got.iter().map(|l| l.timestamp).collect::<Vec<_>>(),
        vec![10, 30]
    );
    assert_eq!(got[0].extras, vec![serde_json::json!({"a": 1})]);
    let other = LogQuery {
        account_id: "2000".into(),
        ..q.clone()
    };
    assert!(s.query_logs(&other).await.unwrap().is_empty());
    // Past the limit: the oldest lines, or the newest (still in time order).
    let few = |newest| LogQuery {
        limit: 1,
        newest,
        ..q.clone()
    };
    let ts = |v: Vec<StoredLog>| v.iter().map(|l| l.timestamp).collect::<Vec<_>>();
    assert_eq!(ts(s.query_logs(&few(false)).await.unwrap()), vec![10]);
    assert_eq!(ts(s.query_logs(&few(true)).await.unwrap()), vec![30]);
    let all_newest = LogQuery {
        newest: true,
        ..q.clone()
    };
    assert_eq!(ts(s.query_logs(&all_newest).await.unwrap()), vec![10, 30]);
    let rec = |t: i64, o: InvocationOutcome| InvocationRecord {
        account_id: "1000".into(),
        lambda_uuid: "L".into(),
        request_id: "r".into(),
        started_at: t,
        duration_ms: 3,
        outcome: o,
        error_code: (o != InvocationOutcome::Succeeded)
            .then(|| "com.liveperson.faas.handler.custom-failure".into()),
        cold_start: t == 10,
        init_us: 150,
        cpu_us: 420,
    };
    s.insert_invocations(&[
        rec(10, InvocationOutcome::Succeeded),
        rec(20, InvocationOutcome::CodingFailure),
    ])
    .await
    .unwrap();
    let inv = s
        .query_invocations("1000", Some("L"), 0, 100)
        .await
        .unwrap();
    assert_eq!(inv.len(), 2);
    assert_eq!(
        inv[1].error_code.as_deref(),
        Some("com.liveperson.faas.handler.custom-failure")
    );
    assert!(inv[0].cold_start);
    // Two log rows and one invocation batch (records are stored in batches).
    assert_eq!(s.purge_before(25).await.unwrap(), 3);
    assert_eq!(
        s.query_logs(&LogQuery {
            levels: vec![],
            ..q
        })
        .await
        .unwrap()
        .len(),
        1
    );
}

async fn schedules_and_domains(db: &TestDb) {
    let s = open(db).await;
    let sch = |u: &str, l: &str| ScheduleRecord {
        uuid: u.into(),
        account_id: "1000".into(),
        lambda_uuid: l.into(),
        cron: "*/5 * * * *".into(),
        is_active: true,
        created_by: "u".into(),
        created_at: 1,
        next_run: Some(100),
        last_run: None,
        last_failed: false,
        payload: Some(r#"{"report":"daily"}"#.into()),
        last_error_code: None,
    };
    s.create_account("1000").await.unwrap();
    for (uuid, name) in [("L1", "one"), ("L2", "two"), ("L3", "three")] {
        let mut l = lambda("1000", name);
        l.uuid = uuid.into();
        s.create_lambda(&l, 10).await.unwrap();
        if uuid != "L3" {
            let d = s
                .begin_deployment("1000", uuid, "u", 1, &lease())
                .await
                .unwrap();
            s.finish_deployment(&d, Ok(()), 2).await.unwrap();
        }
    }
    assert!(
        matches!(s.create_schedule(&sch("s0", "L3"), 5).await, Err(StoreError::Conflict(m)) if m.contains("only deployed")),
        "a function that is not deployed cannot be scheduled"
    );
    assert!(matches!(
        s.create_schedule(&sch("s0", "nope"), 5).await,
        Err(StoreError::NotFound)
    ));
    s.create_schedule(&sch("s1", "L1"), 1).await.unwrap();
    assert!(matches!(
        s.create_schedule(&sch("s2", "L2"), 1).await,
        Err(StoreError::LimitReached(_))
    ));
    assert!(matches!(
        s.create_schedule(&sch("s3", "L1"), 5).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(s.list_schedules("1000").await.unwrap().len(), 1);
    assert!(s.due_schedules(99).await.unwrap().is_empty());
    assert_eq!(s.due_schedules(100).await.unwrap().len(), 1);
    assert!(s.claim_schedule("s1", 100, Some(400), 101).await.unwrap());
    assert!(
        !s.claim_schedule("s1", 100, Some(400), 101).await.unwrap(),
        "a second node cannot claim the same run"
    );
    s.record_schedule_result("s1", Some("com.liveperson.faas.handler.custom-failure"))
        .await
        .unwrap();
    let got = s.list_schedules("1000").await.unwrap()[0].clone();
    assert_eq!(
        (got.next_run, got.last_run, got.last_failed),
        (Some(400), Some(101), true)
    );
    assert_eq!(got.payload.as_deref(), Some(r#"{"report":"daily"}"#));
    assert!(got.last_error_code.unwrap().ends_with("custom-failure"));
    // Update and delete, within the account only.
    let mut changed = s.get_schedule("1000", "s1").await.unwrap().unwrap();
    changed.cron = "0 * * * *".into();
    changed.payload = None;
    changed.is_active = false;
    changed.next_run = Some(3_600_000);
    assert!(s.update_schedule(&changed).await.unwrap());
    let got = s.get_schedule("1000", "s1").await.unwrap().unwrap();
    assert_eq!(
        (got.cron.as_str(), got.payload, got.is_active),
        ("0 * * * *", None, false)
    );
    assert!(s.get_schedule("2000", "s1").await.unwrap().is_none());
    assert!(!s.delete_schedule("2000", "s1").await.unwrap());
    assert!(s.delete_schedule("1000", "s1").await.unwrap());
    assert!(s.list_schedules("1000").await.unwrap().is_empty());
    let d = s.add_domain("1000", "*.example.com", 1).await.unwrap();
    assert_eq!(d.id, 1);
    assert!(matches!(
        s.add_domain("1000", "*.example.com", 1).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.add_domain("1000", "api.example.org", 1).await.unwrap().id,
        2
    );
    assert_eq!(s.list_domains("1000").await.unwrap().len(), 2);
}

async fn migrations_are_idempotent(db: &TestDb) {
    let s = open(db).await;
    s.create_account("1").await.unwrap();
    drop(s);
    let s = open(db).await;
    assert_eq!(s.account_count().await.unwrap(), 1);
    s.ping().await.unwrap();
}

async fn bulk_records_are_written_in_chunks(db: &TestDb) {
    let s = open(db).await;
    let logs: Vec<StoredLog> = (0..250)
        .map(|i| StoredLog {
            account_id: "1".into(),
            lambda_uuid: "L".into(),
            request_id: format!("r{i}"),
            timestamp: i,
            level: LogLevel::Info,
            message: format!("m{i}"),
            extras: vec![],
        })
        .collect();
    s.insert_logs(&logs).await.unwrap();
    let recs: Vec<InvocationRecord> = (0..250)
        .map(|i| InvocationRecord {
            account_id: "1".into(),
            lambda_uuid: "L".into(),
            request_id: format!("r{i}"),
            started_at: i,
            duration_ms: 1,
            outcome: InvocationOutcome::Succeeded,
            error_code: None,
            cold_start: false,
            init_us: 0,
            cpu_us: 0,
        })
        .collect();
    s.insert_invocations(&recs).await.unwrap();
    let q = LogQuery {
        account_id: "1".into(),
        lambda_uuid: None,
        levels: vec![],
        from: 0,
        to: 1000,
        limit: 1000,
        newest: false,
    };
    let got = s.query_logs(&q).await.unwrap();
    assert_eq!(got.len(), 250);
    assert_eq!(got[249].message, "m249");
    assert_eq!(
        s.query_invocations("1", None, 0, 1000).await.unwrap().len(),
        250
    );
}

async fn context_store_sessions_and_ttl(db: &TestDb) {
    let s = open(db).await;
    let props = |v: serde_json::Value| v.as_object().unwrap().clone();
    assert_eq!(
        s.context_merge("1", "ns", "s1", &props(serde_json::json!({"a": 1})), 0)
            .await,
        Err(StoreError::NotFound)
    );
    let ns = s
        .context_create_namespace("1", "ns", Some(60), 1_000)
        .await
        .unwrap();
    assert_eq!(
        s.context_create_namespace("1", "ns", None, 2_000)
            .await
            .unwrap(),
        ns,
        "idempotent"
    );
    let merged = s
        .context_merge(
            "1",
            "ns",
            "s1",
            &props(serde_json::json!({"a": 1, "b": "x"})),
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(
        serde_json::Value::Object(merged),
        serde_json::json!({"a": 1, "b": "x"})
    );
    s.context_merge(
        "1",
        "ns",
        "s1",
        &props(serde_json::json!({"b": "y"})),
        2_000,
    )
    .await
    .unwrap();
    assert_eq!(
        serde_json::Value::Object(s.context_get("1", "ns", "s1", 3_000).await.unwrap()),
        serde_json::json!({"a": 1, "b": "y"})
    );
    assert!(
        s.context_get("2", "ns", "s1", 3_000).await.is_err(),
        "accounts are separate"
    );
    s.context_delete_property("1", "ns", "s1", "a", 3_000)
        .await
        .unwrap();
    assert_eq!(
        serde_json::Value::Object(s.context_get("1", "ns", "s1", 3_000).await.unwrap()),
        serde_json::json!({"b": "y"})
    );
    assert_eq!(
        s.context_sessions("1", "ns", 3_000).await.unwrap(),
        vec!["s1".to_owned()]
    );
    // 60 s TTL: the session written at 3 s is gone at 64 s.
    assert!(
        s.context_get("1", "ns", "s1", 64_000)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.context_sessions("1", "ns", 64_000)
            .await
            .unwrap()
            .is_empty()
    );
    s.context_delete_namespace("1", "ns").await.unwrap();
    assert!(s.context_namespaces("1").await.unwrap().is_empty());
}

fn queued(id: &str, now: i64) -> NewAsyncInvocation {
    NewAsyncInvocation {
        id: id.into(),
        account_id: "acc".into(),
        lambda_uuid: "fn-1".into(),
        event_id: None,
        request_id: format!("req-{id}"),
        input: r#"{"payload":{}}"#.into(),
        max_attempts: 2,
        created_at: now,
        lease: None,
    }
}

/// The write connection a group commit keeps for the next batch (SQLite's only one) goes back
/// by itself within milliseconds: another write right after it is not held up, whether or not
/// the queue writer says it is idle; a release says it at once.
async fn a_group_commit_keeps_no_writer_waiting(db: &TestDb) {
    let s = open(db).await;
    let now = 1_700_000_000_000;
    for round in 0..3 {
        s.commit_batch(&[queued(&format!("w-{round}"), now)], "", &[], now)
            .await
            .unwrap();
        if round == 2 {
            s.release_batch_connection().await;
        }
        let write = s.meta_set_all(&[("after-group-commit", "yes")]);
        tokio::time::timeout(std::time::Duration::from_secs(2), write)
            .await
            .expect("a write after a group commit finishes at once, not after the pool's timeout")
            .unwrap();
    }
    assert_eq!(s.waiting("acc").await.unwrap(), 3);
}

/// Group-committed accepts and attempt ends keep every field exactly (quotes, backslashes,
/// escapes and non-ASCII text in inputs and results; absent and present event ids), and a batch
/// of successes finishes only the attempts whose claim is still held.
async fn async_queue_batches_round_trip(db: &TestDb) {
    let s = open(db).await;
    let now = 1_700_000_000_000;
    let tricky =
        r#"{"payload":{"q":"a \"quoted\" \\ back\u0000slash","u":"żółw 🐢","n":[1,2.5,null]}}"#;
    let batch: Vec<NewAsyncInvocation> = (0..150)
        .map(|n| {
            let mut i = queued(&format!("rt-{n:03}"), now + n);
            i.account_id = "rt".into();
            i.input = if n % 2 == 0 {
                tricky.into()
            } else {
                format!("{{\"n\":{n}}}")
            };
            i.event_id = (n % 3 == 0).then(|| format!("ev-{n}"));
            i.max_attempts = 1 + n % 4;
            i
        })
        .collect();
    s.enqueue_batch(&batch).await.unwrap();
    s.enqueue_batch(&[]).await.unwrap();
    assert_eq!(s.waiting("rt").await.unwrap(), 150);
    for want in &batch {
        let got = s.get_async("rt", &want.id).await.unwrap().unwrap();
        assert_eq!(
            (&got.input, &got.event_id, got.max_attempts, got.created_at),
            (
                &want.input,
                &want.event_id,
                want.max_attempts,
                want.created_at
            ),
            "{}",
            want.id
        );
        assert_eq!((got.state, got.attempts), (AsyncState::Queued, 0));
        assert_eq!(got.request_id, want.request_id);
    }
    let claimed = s
        .claim_due("node-rt", now + 1_000, now + 60_000, 150)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 150);
    let ends: Vec<(String, i64, AttemptEnd)> = claimed
        .iter()
        .enumerate()
        .map(|(n, i)| {
            // Every tenth names an attempt the claim does not hold: not finished.
            let attempt = if n % 10 == 0 {
                i.attempts + 1
            } else {
                i.attempts
            };
            let end = if n % 7 == 0 {
                AttemptEnd::Dead {
                    error: attempt_error(attempt),
                }
            } else {
                AttemptEnd::Succeeded {
                    result: format!("{{\"echo\":{}}}", serde_json::to_string(&i.input).unwrap()),
                }
            };
            (i.id.clone(), attempt, end)
        })
        .collect();
    let done = s
        .finish_attempts("node-rt", &ends, now + 2_000)
        .await
        .unwrap();
    for ((id, attempt, end), ok) in ends.iter().zip(&done) {
        let held = claimed
            .iter()
            .any(|c| &c.id == id && c.attempts == *attempt);
        assert_eq!(*ok, held, "{id}");
        let got = s.get_async("rt", id).await.unwrap().unwrap();
        match (end, held) {
            (AttemptEnd::Succeeded { result }, true) => {
                assert_eq!(got.state, AsyncState::Succeeded);
                assert_eq!(got.result.as_deref(), Some(result.as_str()));
                assert_eq!(got.finished_at, Some(now + 2_000));
            }
            (AttemptEnd::Dead { .. }, true) => assert_eq!(got.state, AsyncState::Dead),
            _ => assert_eq!(got.state, AsyncState::Running, "{id} stays claimed"),
        }
    }
    // Another owner finishes nothing.
    let again: Vec<(String, i64, AttemptEnd)> = claimed
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                i.attempts,
                AttemptEnd::Succeeded { result: "0".into() },
            )
        })
        .collect();
    let done = s
        .finish_attempts("node-other", &again, now + 3_000)
        .await
        .unwrap();
    assert!(done.iter().all(|d| !d));
    // Accepted with a lease: stored as running its first attempt, not claimable until the lease
    // expires; its end and new accepts share one commit.
    let mut leased = queued("leased", now);
    leased.account_id = "rt".into();
    leased.lease = Some(Claim {
        owner: "node-rt".into(),
        until: now + 10_000,
    });
    s.commit_batch(&[leased], "", &[], now).await.unwrap();
    let got = s.get_async("rt", "leased").await.unwrap().unwrap();
    assert_eq!((got.state, got.attempts), (AsyncState::Running, 1));
    let none = s
        .claim_due("node-x", now + 5_000, now + 6_000, 500)
        .await
        .unwrap();
    assert!(none.iter().all(|i| i.id != "leased"), "the lease holds");
    let mut next = queued("after-leased", now);
    next.account_id = "rt".into();
    let done = s
        .commit_batch(
            &[next],
            "node-rt",
            &[(
                "leased".into(),
                1,
                AttemptEnd::Succeeded { result: "7".into() },
            )],
            now + 5_001,
        )
        .await
        .unwrap();
    assert_eq!(done, vec![true]);
    assert_eq!(
        s.get_async("rt", "leased")
            .await
            .unwrap()
            .unwrap()
            .result
            .as_deref(),
        Some("7")
    );
    assert_eq!(
        s.get_async("rt", "after-leased")
            .await
            .unwrap()
            .unwrap()
            .state,
        AsyncState::Queued
    );
    let mut lost = queued("lease-expires", now);
    lost.account_id = "rt".into();
    lost.lease = Some(Claim {
        owner: "node-dead".into(),
        until: now + 100,
    });
    s.enqueue_batch(&[lost]).await.unwrap();
    let taken = s
        .claim_due("node-x", now + 200, now + 9_000, 500)
        .await
        .unwrap();
    let taken = taken
        .iter()
        .find(|i| i.id == "lease-expires")
        .expect("taken over after expiry");
    assert_eq!(taken.attempts, 2);
}

fn attempt_error(attempt: i64) -> AttemptError {
    AttemptError {
        attempt,
        at: 0,
        error_code: "com.liveperson.faas.handler.runtime-exception".into(),
        error_msg: "boom".into(),
        logs: vec![],
    }
}

async fn async_queue_lifecycle(db: &TestDb) {
    let s = open(db).await;
    let now = 1_000_000;
    for id in ["a", "b", "c"] {
        s.enqueue(&queued(id, now), 3).await.unwrap();
    }
    // The account's depth limit.
    assert!(matches!(
        s.enqueue(&queued("d", now), 3).await,
        Err(StoreError::LimitReached(_))
    ));
    // Two nodes claim different invocations; nothing is claimed twice.
    let one = s.claim_due("node-1", now, now + 100, 2).await.unwrap();
    let two = s.claim_due("node-2", now, now + 100, 5).await.unwrap();
    assert_eq!(one.len(), 2);
    assert_eq!(two.len(), 1);
    let mut ids: Vec<_> = one.iter().chain(&two).map(|i| i.id.clone()).collect();
    ids.sort();
    assert_eq!(ids, ["a", "b", "c"]);
    assert!(
        one.iter()
            .all(|i| i.state == AsyncState::Running && i.attempts == 1)
    );
    assert!(
        s.claim_due("node-2", now, now + 100, 5)
            .await
            .unwrap()
            .is_empty()
    );

    // Success; only the lease holder may finish.
    let (a, b, c) = (&one[0].id, &one[1].id, &two[0].id);
    let ok = AttemptEnd::Succeeded {
        result: "\"done\"".into(),
    };
    assert!(
        !s.finish_attempt(a, "node-2", 1, &ok, now + 1)
            .await
            .unwrap()
    );
    assert!(
        s.finish_attempt(a, "node-1", 1, &ok, now + 1)
            .await
            .unwrap()
    );
    let got = s.get_async("acc", a).await.unwrap().unwrap();
    assert_eq!(
        (got.state, got.result.as_deref()),
        (AsyncState::Succeeded, Some("\"done\""))
    );
    assert!(
        s.get_async("other", a).await.unwrap().is_none(),
        "another account sees nothing"
    );

    // A retry waits for its time, then the last attempt fails: a dead letter with both errors.
    let retry = AttemptEnd::Retry {
        error: attempt_error(1),
        next_run_at: now + 50,
    };
    assert!(
        s.finish_attempt(b, "node-1", 1, &retry, now + 1)
            .await
            .unwrap()
    );
    assert_eq!(
        s.get_async("acc", b).await.unwrap().unwrap().state,
        AsyncState::Failed
    );
    assert!(
        s.claim_due("node-1", now + 10, now + 200, 5)
            .await
            .unwrap()
            .is_empty()
    );
    let again = s.claim_due("node-1", now + 50, now + 200, 5).await.unwrap();
    assert_eq!((again.len(), again[0].attempts), (1, 2));
    let dead = AttemptEnd::Dead {
        error: attempt_error(2),
    };
    assert!(
        s.finish_attempt(b, "node-1", 2, &dead, now + 60)
            .await
            .unwrap()
    );
    let got = s.get_async("acc", b).await.unwrap().unwrap();
    assert_eq!(got.state, AsyncState::Dead);
    assert_eq!(
        got.errors.iter().map(|e| e.attempt).collect::<Vec<_>>(),
        [1, 2]
    );

    // Node 2 dies while running c: once its lease expires another node takes it over.
    assert!(
        s.claim_due("node-1", now + 99, now + 300, 5)
            .await
            .unwrap()
            .is_empty()
    );
    let taken = s
        .claim_due("node-1", now + 101, now + 300, 5)
        .await
        .unwrap();
    assert_eq!(
        (taken.len(), taken[0].id.as_str(), taken[0].attempts),
        (1, c.as_str(), 2)
    );
    assert!(
        !s.finish_attempt(c, "node-2", 1, &ok, now + 102)
            .await
            .unwrap(),
        "the old holder lost it"
    );
    // Postponed (concurrency limit): back to the queue without counting the attempt.
    let later = AttemptEnd::Postpone {
        next_run_at: now + 110,
    };
    assert!(
        s.finish_attempt(c, "node-1", 2, &later, now + 102)
            .await
            .unwrap()
    );
    let got = s.get_async("acc", c).await.unwrap().unwrap();
    assert_eq!((got.state, got.attempts), (AsyncState::Queued, 1));
    // A restarted node puts back what it was running.
    s.claim_due("node-3", now + 110, now + 10_000, 5)
        .await
        .unwrap();
    assert_eq!(s.release_claims("node-3", now + 120).await.unwrap(), 1);
    assert_eq!(
        s.get_async("acc", c).await.unwrap().unwrap().state,
        AsyncState::Queued
    );

    // Listing, stats, redrive, delete.
    let deads = s
        .list_async(
            "acc",
            &AsyncFilter {
                state: Some(AsyncState::Dead),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        deads.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        [b.as_str()]
    );
    let all = s
        .list_async(
            "acc",
            &AsyncFilter {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert!(s.queue_stats(Some("other")).await.unwrap().is_empty());
    let stats = s.queue_stats(None).await.unwrap();
    assert_eq!(stats.len(), 1);
    assert_eq!(
        (stats[0].queued, stats[0].dead, stats[0].oldest_waiting_at),
        (1, 1, Some(now))
    );
    assert_eq!(s.redrive("acc", Some(b), now + 200).await.unwrap(), 1);
    let got = s.get_async("acc", b).await.unwrap().unwrap();
    // As many fresh attempts as before, numbered on from the two it had.
    assert_eq!(
        (got.state, got.attempts, got.max_attempts),
        (AsyncState::Queued, 2, 4)
    );
    assert!(
        !s.delete_dead("acc", b).await.unwrap(),
        "only dead letters are deleted"
    );
    let claimed = s
        .claim_due("node-1", now + 200, now + 300, 5)
        .await
        .unwrap();
    let ends: Vec<(String, i64, AttemptEnd)> = claimed
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                i.attempts,
                AttemptEnd::Dead {
                    error: attempt_error(1),
                },
            )
        })
        .chain([(
            "not-claimed".to_owned(),
            1,
            AttemptEnd::Succeeded { result: "1".into() },
        )])
        .collect();
    let done = s.finish_attempts("node-1", &ends, now + 201).await.unwrap();
    assert_eq!(done.iter().filter(|d| **d).count(), claimed.len());
    assert!(
        !done.last().unwrap(),
        "an id without a lease is not finished"
    );
    assert!(s.delete_dead("acc", b).await.unwrap());
    assert_eq!(
        s.redrive("acc", None, now + 300).await.unwrap(),
        1,
        "the other dead letter"
    );
    // Group commit: one transaction; `waiting` counts what is queued, running or retrying.
    let batch: Vec<NewAsyncInvocation> = (0..5)
        .map(|n| {
            let mut i = queued(&format!("batch-{n}"), now);
            if n == 4 {
                i.account_id = "other".into();
            }
            i
        })
        .collect();
    let waiting = s
        .list_async(
            "acc",
            &AsyncFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .iter()
        .filter(|i| {
            matches!(
                i.state,
                AsyncState::Queued | AsyncState::Running | AsyncState::Failed
            )
        })
        .count() as i64;
    assert_eq!(s.waiting("acc").await.unwrap(), waiting);
    s.enqueue_batch(&batch).await.unwrap();
    assert_eq!(s.waiting("acc").await.unwrap(), waiting + 4);
    assert_eq!(s.waiting("other").await.unwrap(), 1);
    assert!(s.get_async("acc", "batch-3").await.unwrap().is_some());
    assert!(s.get_async("other", "batch-4").await.unwrap().is_some());
    // A claim taken over (the lease expired) cannot be finished by the old attempt, even by
    // the same node. An attempt cut off by a crash runs once more; cut off past the last
    // attempt, the invocation becomes a dead letter (at the next claim or at its node's restart).
    let mut one = queued("gen", now);
    one.account_id = "gen".into();
    one.max_attempts = 1;
    s.enqueue(&one, 10).await.unwrap();
    let first = s
        .claim_due("node-1", now + 5_000, now + 5_010, 10)
        .await
        .unwrap();
    let first = first.iter().find(|i| i.id == "gen").unwrap().clone();
    let second = s
        .claim_due("node-1", now + 5_020, now + 5_030, 10)
        .await
        .unwrap();
    let second = second.iter().find(|i| i.id == "gen").unwrap().clone();
    assert_eq!((first.attempts, second.attempts), (1, 2));
    let ok = AttemptEnd::Succeeded { result: "1".into() };
    assert!(
        !s.finish_attempt("gen", "node-1", 1, &ok, now + 5_021)
            .await
            .unwrap()
    );
    let none = s
        .claim_due("node-2", now + 5_040, now + 5_050, 10)
        .await
        .unwrap();
    assert!(none.iter().all(|i| i.id != "gen"), "not run a third time");
    let got = s.get_async("gen", "gen").await.unwrap().unwrap();
    assert_eq!(got.state, AsyncState::Dead);
    assert!(
        got.errors
            .last()
            .unwrap()
            .error_msg
            .contains("never finished")
    );
    let mut two = queued("gen2", now);
    two.account_id = "gen".into();
    two.max_attempts = 1;
    s.enqueue(&two, 10).await.unwrap();
    s.claim_due("node-9", now + 6_000, now + 60_000, 10)
        .await
        .unwrap();
    s.release_claims("node-9", now + 6_001).await.unwrap();
    assert_eq!(
        s.get_async("gen", "gen2").await.unwrap().unwrap().state,
        AsyncState::Queued,
        "cut off once: it runs again"
    );
    s.claim_due("node-9", now + 6_002, now + 60_000, 10)
        .await
        .unwrap();
    s.release_claims("node-9", now + 6_003).await.unwrap();
    assert_eq!(
        s.get_async("gen", "gen2").await.unwrap().unwrap().state,
        AsyncState::Dead
    );
    // Retention removes finished invocations only.
    assert_eq!(
        s.purge_async_before(now + 1_000).await.unwrap(),
        1,
        "the succeeded one"
    );
    assert!(s.get_async("acc", a).await.unwrap().is_none());
}
