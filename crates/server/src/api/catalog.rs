//! What an account can build on: the runtime (`GET /runtimes`) and the event sources a function
//! may listen to (`GET /events`, lpf-spec §3.5).

use super::Path;
use super::lambda_views::runtime_json;
use crate::auth::{Auth, Permission};
use crate::error::ApiResult;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

/// The runtime and event routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/runtimes"), get(runtimes))
        .route(&format!("{acc}/events"), get(events))
}

/// The one runtime fnhost offers: QuickJS with Node-compatible globals.
pub const RUNTIME_UUID: &str = "7d4f7bde-5bb2-4a9b-9a39-0c5b0f1e0001";

/// Event sources (lpf-spec §3.5).
pub const EVENTS: &[(&str, &str)] = &[
    (
        "denver_post_survey_email_transcript",
        "Chat Post Survey E-Mail Transcript",
    ),
    ("conversational_command", "Conversational Command"),
    (
        "controllerbot_messaging_new_conversation",
        "Messaging New Conversation",
    ),
    ("controllerbot_messaging_ttr", "Messaging TTR"),
    (
        "controllerbot_messaging_participants_change",
        "Messaging Participants Change",
    ),
    (
        "controllerbot_messaging_conversation_idle",
        "Messaging Conversation Idle",
    ),
    (
        "controllerbot_messaging_conversation_routing",
        "Messaging Conversation Routing",
    ),
    (
        "controllerbot_messaging_mid_conversation_msg",
        "Messaging Line in Off-Hours",
    ),
    (
        "controllerbot_messaging_conversation_end",
        "Messaging Conversation End",
    ),
    // LivePerson never published this event's id; fnhost names it in the same scheme.
    (
        "controllerbot_messaging_consumer_step_up",
        "Messaging Consumer Step Up",
    ),
    (
        "surveybot_messaging_survey_started",
        "Messaging Survey Started",
    ),
    ("surveybot_messaging_survey_ended", "Messaging Survey Ended"),
    (
        "bot_connectors_custom_integration",
        "Third-Party Bots Custom Integration",
    ),
    ("bot_connectors_pre_hook", "Third-Party Bots Pre Hook"),
    ("bot_connectors_post_hook", "Third-Party Bots Post Hook"),
    ("bot_connectors_error_hook", "Third-Party Bots Error Hook"),
];

pub(crate) async fn runtimes(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    Ok(super::json_response(
        StatusCode::OK,
        json!([runtime_json(&st)]).to_string(),
    ))
}

pub(crate) async fn events(Path(acc): Path<String>, Auth(p): Auth) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let list: Vec<Value> = EVENTS
        .iter()
        .map(|(id, name)| json!({ "eventId": id, "eventName": name }))
        .collect();
    Ok(super::json_ok(&list))
}
