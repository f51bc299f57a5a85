//! The activity stream as a use case: every change a person or app makes to an account, and
//! every failed login, recorded with who, when and what (names and versions, never secret
//! values). Handlers call [`record`] after the change succeeded; the answer waits for it, so an
//! acknowledged change has its activity stored.

use crate::state::AppState;
use fnhost_store::ActivityRecord;
use serde_json::Value;

/// What happened. Each kind has one stable name (`noun.verb`); filters accept a name or a
/// prefix such as `deployment.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    LambdaCreated,
    LambdaUpdated,
    LambdaDeleted,
    VersionRestored,
    DeploymentStarted,
    DeploymentSucceeded,
    DeploymentFailed,
    Undeployed,
    RolledBack,
    ScheduleCreated,
    ScheduleUpdated,
    ScheduleDeleted,
    SecretCreated,
    SecretUpdated,
    SecretDeleted,
    DomainAdded,
    DomainRemoved,
    AppCreated,
    AppRevoked,
    UserCreated,
    UserDeleted,
    UserRoleChanged,
    UserPasswordReset,
    UserPasswordChanged,
    ReportSettingsChanged,
    LoginFailed,
}

impl ActivityKind {
    pub const ALL: &'static [ActivityKind] = &[
        ActivityKind::LambdaCreated,
        ActivityKind::LambdaUpdated,
        ActivityKind::LambdaDeleted,
        ActivityKind::VersionRestored,
        ActivityKind::DeploymentStarted,
        ActivityKind::DeploymentSucceeded,
        ActivityKind::DeploymentFailed,
        ActivityKind::Undeployed,
        ActivityKind::RolledBack,
        ActivityKind::ScheduleCreated,
        ActivityKind::ScheduleUpdated,
        ActivityKind::ScheduleDeleted,
        ActivityKind::SecretCreated,
        ActivityKind::SecretUpdated,
        ActivityKind::SecretDeleted,
        ActivityKind::DomainAdded,
        ActivityKind::DomainRemoved,
        ActivityKind::AppCreated,
        ActivityKind::AppRevoked,
        ActivityKind::UserCreated,
        ActivityKind::UserDeleted,
        ActivityKind::UserRoleChanged,
        ActivityKind::UserPasswordReset,
        ActivityKind::UserPasswordChanged,
        ActivityKind::ReportSettingsChanged,
        ActivityKind::LoginFailed,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ActivityKind::LambdaCreated => "lambda.created",
            ActivityKind::LambdaUpdated => "lambda.updated",
            ActivityKind::LambdaDeleted => "lambda.deleted",
            ActivityKind::VersionRestored => "lambda.restored",
            ActivityKind::DeploymentStarted => "deployment.started",
            ActivityKind::DeploymentSucceeded => "deployment.succeeded",
            ActivityKind::DeploymentFailed => "deployment.failed",
            ActivityKind::Undeployed => "deployment.undeployed",
            ActivityKind::RolledBack => "deployment.rolledback",
            ActivityKind::ScheduleCreated => "schedule.created",
            ActivityKind::ScheduleUpdated => "schedule.updated",
            ActivityKind::ScheduleDeleted => "schedule.deleted",
            ActivityKind::SecretCreated => "secret.created",
            ActivityKind::SecretUpdated => "secret.updated",
            ActivityKind::SecretDeleted => "secret.deleted",
            ActivityKind::DomainAdded => "allowlist.added",
            ActivityKind::DomainRemoved => "allowlist.removed",
            ActivityKind::AppCreated => "app.created",
            ActivityKind::AppRevoked => "app.revoked",
            ActivityKind::UserCreated => "user.created",
            ActivityKind::UserDeleted => "user.deleted",
            ActivityKind::UserRoleChanged => "user.role_changed",
            ActivityKind::UserPasswordReset => "user.password_reset",
            ActivityKind::UserPasswordChanged => "user.password_changed",
            ActivityKind::ReportSettingsChanged => "report.settings_changed",
            ActivityKind::LoginFailed => "login.failed",
        }
    }

    /// Whether `filter` (a kind's name, or a prefix ending in `.`) names any kind.
    pub fn is_known_filter(filter: &str) -> bool {
        ActivityKind::ALL.iter().any(|k| {
            let name = k.as_str();
            name == filter || (filter.ends_with('.') && name.starts_with(filter))
        })
    }
}

/// One activity about to be recorded.
pub struct Activity<'a> {
    pub account_id: &'a str,
    pub actor: &'a str,
    pub kind: ActivityKind,
    pub lambda_uuid: Option<&'a str>,
    pub details: Value,
}

/// Stores an activity. A store failure is logged, not returned: the change it describes has
/// already happened and its answer must not turn into an error.
pub async fn record(st: &AppState, a: Activity<'_>) {
    let rec = ActivityRecord {
        id: uuid::Uuid::now_v7().to_string(),
        account_id: a.account_id.to_owned(),
        at: crate::now_ms(),
        actor: a.actor.to_owned(),
        kind: a.kind.as_str().to_owned(),
        lambda_uuid: a.lambda_uuid.map(str::to_owned),
        details: a.details,
    };
    if let Err(e) = st.store.record_activity(&rec).await {
        tracing::warn!(error = %e, kind = rec.kind, "could not record an activity");
    }
}

/// Records what `principal` did in `account_id` (the common case of [`record`]).
pub async fn by(
    st: &AppState,
    principal: &crate::auth::Principal,
    account_id: &str,
    kind: ActivityKind,
    lambda_uuid: Option<&str>,
    details: Value,
) {
    record(
        st,
        Activity {
            account_id,
            actor: &principal.actor(),
            kind,
            lambda_uuid,
            details,
        },
    )
    .await;
}
