//! Deployments as a use case: deploy, undeploy, and their recovery after a crash.
//!
//! The state machine (each arrow is one store transaction; see `fnhost-store`'s
//! `sql_deployments.rs`):
//!
//! ```text
//! deploy:   begin ──► Build Start (leased to this node) ──validate──► finish ──► Deploy Finish + Productive
//!                                                          └─invalid─► finish ──► Build Error
//! undeploy: mark  ──► Marked Undeployed (not invocable) ──► finish ──► Draft
//! ```
//!
//! **Architecture invariant:** a crash at any step leaves a state that some node moves on
//! without a person: a running deployment whose lease ran out is claimed and finished by any
//! node's recovery loop (immediately at start on SQLite, or for deployments this node's previous
//! process held); a function left `Marked Undeployed` has its undeploy finished. So a function
//! never stays wedged in "active deployment".

use crate::activity::{Activity, ActivityKind};
use crate::state::AppState;
use fnhost_model::ErrorCode;
use fnhost_runtime::FunctionSpec;
use fnhost_store::{DeployedFunction, DeploymentErrorInfo, DeploymentRecord, Lease, StoreError};
use serde_json::json;
use std::time::Duration;

/// How long a deployment's lease lasts without renewal.
pub const LEASE: Duration = Duration::from_secs(15);
/// How often a running deployment renews its lease.
const LEASE_RENEWAL: Duration = Duration::from_secs(5);
/// How often the recovery loop looks for orphaned deployments and unfinished undeploys.
pub const RECOVERY_INTERVAL: Duration = Duration::from_secs(5);
/// A `Marked Undeployed` function older than this has lost the node that was finishing it.
const UNDEPLOY_GRACE_MS: i64 = 2_000;

/// Named points where a test can make the process die (`FNHOST_FAULT_INJECTION`), as `kill -9`
/// would: no destructor, no flush.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultPoint {
    /// The deployment is recorded (`Build Start`), nothing validated.
    DeployBegun,
    /// The code is validated, the result not recorded.
    DeployValidated,
    /// The result is recorded, the answer not sent... (the deployment is complete).
    DeployFinished,
    /// The function is `Marked Undeployed`, the deployed version not cleared.
    UndeployMarked,
}

impl FaultPoint {
    pub fn parse(s: &str) -> Option<FaultPoint> {
        Some(match s {
            "deploy-begun" => FaultPoint::DeployBegun,
            "deploy-validated" => FaultPoint::DeployValidated,
            "deploy-finished" => FaultPoint::DeployFinished,
            "undeploy-marked" => FaultPoint::UndeployMarked,
            _ => return None,
        })
    }
}

fn fault(st: &AppState, point: FaultPoint) {
    if st.config.fault_injection == Some(point) {
        eprintln!("fault injection: aborting at {point:?}");
        std::process::abort();
    }
}

fn lease(st: &AppState) -> Lease {
    Lease {
        owner: st.node_id.clone(),
        until: crate::now_ms() + LEASE.as_millis() as i64,
    }
}

/// Records a deployment and starts building it in the background (the caller answers 202).
pub async fn deploy(
    st: &AppState,
    account_id: &str,
    uuid: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let d = st
        .store
        .begin_deployment(account_id, uuid, actor, crate::now_ms(), &lease(st))
        .await?;
    fault(st, FaultPoint::DeployBegun);
    started(st, &d).await;
    let bg = st.clone();
    st.supervisor.spawn_job(async move {
        run(bg, d).await;
    });
    Ok(())
}

async fn started(st: &AppState, d: &DeploymentRecord) {
    crate::activity::record(
        st,
        Activity {
            account_id: &d.account_id,
            actor: &d.created_by,
            kind: ActivityKind::DeploymentStarted,
            lambda_uuid: Some(&d.lambda_uuid),
            details: json!({ "deployment": d.uuid, "version": d.lambda_version }),
        },
    )
    .await;
}

/// Records a deployment and runs it to its end: `Ok(Ok(()))` once the version is deployed,
/// `Ok(Err(why))` when its validation failed. The deployment runs as an owned job, so a caller
/// that goes away does not interrupt it. `Err` also when the result could not be recorded (the
/// deployment then resumes through the recovery loop).
pub async fn deploy_and_wait(
    st: &AppState,
    account_id: &str,
    uuid: &str,
    actor: &str,
) -> Result<Result<(), DeploymentErrorInfo>, StoreError> {
    let d = st
        .store
        .begin_deployment(account_id, uuid, actor, crate::now_ms(), &lease(st))
        .await?;
    fault(st, FaultPoint::DeployBegun);
    started(st, &d).await;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let bg = st.clone();
    st.supervisor.spawn_job(async move {
        let _ = tx.send(run(bg, d).await);
    });
    match rx.await {
        Ok(Some(outcome)) => Ok(outcome),
        Ok(None) | Err(_) => Err(StoreError::Unavailable(
            "the deployment result could not be recorded; it will be resumed".into(),
        )),
    }
}

/// Validates and installs a deployment, keeping its lease alive, then records the result.
/// Answers the recorded outcome, or `None` when it could not be recorded.
async fn run(st: AppState, d: DeploymentRecord) -> Option<Result<(), DeploymentErrorInfo>> {
    let mut spec = FunctionSpec::new(d.account_id.clone(), d.lambda_uuid.clone(), d.code.clone());
    spec.limits = st.config.limits;
    let validation = st.engine.validate(&spec);
    tokio::pin!(validation);
    let mut renew =
        tokio::time::interval_at(tokio::time::Instant::now() + LEASE_RENEWAL, LEASE_RENEWAL);
    let result = loop {
        tokio::select! {
            r = &mut validation => break r,
            _ = renew.tick() => {
                if let Err(e) = st.store.renew_deployment_lease(&d.uuid, &lease(&st)).await {
                    tracing::warn!(error = %e, deployment = %d.uuid, "could not renew the deployment lease");
                }
            }
        }
    };
    let outcome = result.map_err(|e| DeploymentErrorInfo {
        error_code: ErrorCode::FmContractError.as_str().into(),
        error_msg: format!("the code is not a valid lambda: {e}"),
        error_logs: vec![],
    });
    fault(&st, FaultPoint::DeployValidated);
    let now = crate::now_ms();
    // Install on this node *before* the store says Productive, so that anyone who sees the new
    // state can invoke it here at once (other nodes install on their first miss or next sync).
    let installed = match (
        &outcome,
        st.store.get_lambda(&d.account_id, &d.lambda_uuid).await,
    ) {
        (Ok(()), Ok(Some(l))) => {
            st.registry.install(DeployedFunction {
                uuid: l.uuid,
                account_id: l.account_id,
                name: l.name,
                event_id: l.event_id,
                skills: l.skills,
                version: d.lambda_version,
                code: d.code.clone(),
                env: d.env.clone(),
                changed_at: now,
                limits: d.limits,
                http_trigger: l.http_trigger,
            });
            true
        }
        _ => false,
    };
    match st.store.finish_deployment(&d, outcome.clone(), now).await {
        Ok(()) => {
            fault(&st, FaultPoint::DeployFinished);
            let (kind, details) = match &outcome {
                Ok(()) => (
                    ActivityKind::DeploymentSucceeded,
                    json!({ "deployment": d.uuid, "version": d.lambda_version }),
                ),
                Err(e) => (
                    ActivityKind::DeploymentFailed,
                    json!({ "deployment": d.uuid, "version": d.lambda_version, "errorCode": e.error_code, "errorMsg": e.error_msg }),
                ),
            };
            crate::activity::record(
                &st,
                Activity {
                    account_id: &d.account_id,
                    actor: &d.created_by,
                    kind,
                    lambda_uuid: Some(&d.lambda_uuid),
                    details,
                },
            )
            .await;
            Some(outcome)
        }
        Err(e) => {
            // The lease runs out and the recovery loop (here or on another node) retries.
            tracing::error!(error = %e, deployment = %d.uuid, "could not record the deployment result; it will be resumed");
            if installed {
                st.registry.remove(&d.lambda_uuid);
            }
            None
        }
    }
}

/// Marks a function undeployed (no longer invocable anywhere once nodes sync; at once here) and
/// clears its deployed version in the background.
pub async fn undeploy(
    st: &AppState,
    account_id: &str,
    uuid: &str,
    actor: &str,
) -> Result<(), StoreError> {
    st.store
        .undeploy(account_id, uuid, actor, crate::now_ms())
        .await?;
    st.registry.remove(uuid);
    fault(st, FaultPoint::UndeployMarked);
    crate::activity::record(
        st,
        Activity {
            account_id,
            actor,
            kind: ActivityKind::Undeployed,
            lambda_uuid: Some(uuid),
            details: json!({}),
        },
    )
    .await;
    let (bg, acc, uuid) = (st.clone(), account_id.to_owned(), uuid.to_owned());
    st.supervisor.spawn_job(async move {
        if let Err(e) = bg.store.finish_undeploy(&acc, &uuid, crate::now_ms()).await {
            tracing::error!(error = %e, lambda = %uuid, "could not finish the undeploy; it will be retried");
        }
    });
    Ok(())
}

/// Resumes what crashed nodes left: orphaned deployments and unfinished undeploys. `at_start`:
/// also this node's own leftovers from its previous process.
pub async fn recover(st: &AppState, at_start: bool) {
    match st
        .store
        .claim_orphaned_deployments(&lease(st), crate::now_ms(), at_start)
        .await
    {
        Ok(orphans) => {
            for d in orphans {
                tracing::info!(deployment = %d.uuid, lambda = %d.lambda_uuid, "resuming an interrupted deployment");
                let bg = st.clone();
                st.supervisor.spawn_job(async move {
                    run(bg, d).await;
                });
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not look for interrupted deployments"),
    }
    let before = if at_start {
        crate::now_ms() + 1
    } else {
        crate::now_ms() - UNDEPLOY_GRACE_MS
    };
    match st.store.stuck_undeploys(before).await {
        Ok(stuck) => {
            for (acc, uuid) in stuck {
                st.registry.remove(&uuid);
                if let Err(e) = st.store.finish_undeploy(&acc, &uuid, crate::now_ms()).await {
                    tracing::warn!(error = %e, lambda = %uuid, "could not finish an interrupted undeploy");
                } else {
                    tracing::info!(lambda = %uuid, "finished an interrupted undeploy");
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not look for interrupted undeploys"),
    }
}
