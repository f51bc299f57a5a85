//! How a function looks in the API (lpf's shapes): the function with its last deployment and the
//! runtime, in full for developers or as a summary for callers that only list and invoke.

use crate::auth::Permission;
use crate::state::AppState;
use fnhost_store::{DeploymentRecord, LambdaRecord};
use serde_json::{Value, json};

use super::catalog::RUNTIME_UUID;

pub(crate) fn runtime_json(st: &AppState) -> Value {
    json!({ "uuid": RUNTIME_UUID, "name": st.config.runtime_name, "baseImageName": "fnhost/quickjs" })
}

pub(crate) fn deployment_json(l: &LambdaRecord, d: &DeploymentRecord) -> Value {
    let mut v = json!({
        "uuid": d.uuid,
        "name": format!("{}-v{}", l.name, d.lambda_version),
        "lambdaUUID": d.lambda_uuid,
        "lambdaVersion": d.lambda_version,
        "imageName": "fnhost/quickjs",
        "deploymentState": d.state.as_str(),
        "createdAt": super::iso(d.created_at),
        "updatedAt": super::iso(d.updated_at),
        "deployedAt": d.deployed_at.map(super::iso),
        "createdBy": d.created_by,
        "updatedBy": d.created_by,
    });
    if let Some(e) = &d.error {
        v["deploymentError"] = serde_json::to_value(e).unwrap_or_default();
    }
    v
}

/// How much of a function a caller sees.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Detail {
    /// Everything, code and environment values included (admins and developers).
    Full,
    /// What listing and invoking need: no code, environment values or sample payload (OAuth
    /// apps and the Invocation role).
    Summary,
}

impl Detail {
    pub(crate) fn for_principal(p: &crate::auth::Principal) -> Detail {
        if p.can(Permission::LambdaSourceRead) {
            Detail::Full
        } else {
            Detail::Summary
        }
    }
}

pub(crate) fn lambda_json(st: &AppState, l: &LambdaRecord, detail: Detail) -> Value {
    let mut v = json!({
        "uuid": l.uuid,
        "version": l.version,
        "name": l.name,
        "description": l.description,
        "eventId": l.event_id,
        "state": l.state.as_str(),
        "runtime": runtime_json(st),
        "createdAt": super::iso(l.created_at),
        "createdBy": l.created_by,
        "updatedAt": super::iso(l.updated_at),
        "updatedBy": l.updated_by,
        "samplePayload": l.sample_payload.clone().unwrap_or_else(|| json!({"headers": [], "payload": {}})),
        "skills": l.skills,
        "limits": l.limits,
        "httpTrigger": l.http_trigger,
        "implementation": {
            "code": l.code,
            "dependencies": l.dependencies,
            "environmentVariables": l.env,
        },
        "lastDeployment": l.last_deployment.as_ref().map(|d| deployment_json(l, d)).unwrap_or_else(|| json!({})),
    });
    if detail == Detail::Summary {
        v["implementation"] = json!({ "dependencies": l.dependencies });
        if let Some(o) = v.as_object_mut() {
            o.remove("samplePayload");
        }
    }
    v
}
