//! Function templates (lpf-spec §1.6): the starting code offered per event when a function is
//! created, `GET /api/account/{acc}/templates[?eventId=]`. The code lives in
//! `crates/server/templates/*.js`, sample inputs per event in `templates/payloads.json`; the
//! console's create form and the template test (`crates/server/tests/templates.rs`, every template
//! deployed and invoked against a local fake LivePerson cloud) read the same table.

use super::Path;
use crate::auth::{Auth, Permission};
use crate::error::ApiResult;
use crate::state::AppState;
use axum::Router;
use axum::http::Uri;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

/// One template: its id, display name, the event it is for (`None`: No Event) and its code.
pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    pub event_id: Option<&'static str>,
    pub code: &'static str,
}

macro_rules! template {
    ($id:literal, $name:literal, $event:expr) => {
        Template {
            id: $id,
            name: $name,
            event_id: $event,
            code: include_str!(concat!("../../templates/", $id, ".js")),
        }
    };
}

const END: Option<&str> = Some("controllerbot_messaging_conversation_end");

/// Every template, in the order the console offers them (an event's default first).
pub const TEMPLATES: &[Template] = &[
    template!("greeting", "Greeting Template", None),
    template!("http", "HTTP Template", None),
    template!("logging", "Logging Template", None),
    template!("salesforce", "Salesforce Template", None),
    template!("secret-storage", "Secret Storage Template", None),
    template!("conversation-end", "Messaging Conversation End", END),
    template!("keyword-scanner", "Keyword Scanner", END),
    template!("replace-files", "Replace Files for Conversation", END),
    template!(
        "conversation-idle",
        "Messaging Conversation Idle",
        Some("controllerbot_messaging_conversation_idle")
    ),
    template!(
        "conversation-routing",
        "Messaging Conversation Routing",
        Some("controllerbot_messaging_conversation_routing")
    ),
    template!(
        "line-in-off-hours",
        "Messaging Line in Off-Hours",
        Some("controllerbot_messaging_mid_conversation_msg")
    ),
    template!(
        "consumer-step-up",
        "Messaging Consumer Step Up",
        Some("controllerbot_messaging_consumer_step_up")
    ),
    template!(
        "new-conversation",
        "Messaging New Conversation",
        Some("controllerbot_messaging_new_conversation")
    ),
    template!(
        "participants-change",
        "Messaging Participants Change",
        Some("controllerbot_messaging_participants_change")
    ),
    template!(
        "survey-ended",
        "Messaging Survey Ended",
        Some("surveybot_messaging_survey_ended")
    ),
    template!(
        "survey-started",
        "Messaging Survey Started",
        Some("surveybot_messaging_survey_started")
    ),
    template!("ttr", "Messaging TTR", Some("controllerbot_messaging_ttr")),
    template!(
        "chat-post-survey",
        "Chat Post Survey E-Mail Transcript",
        Some("denver_post_survey_email_transcript")
    ),
    template!(
        "conversational-command",
        "Conversational Command",
        Some("conversational_command")
    ),
    template!(
        "third-party-bots",
        "Default Template",
        Some("bot_connectors_custom_integration")
    ),
];

/// Sample inputs' payloads per event id (`""`: No Event).
const PAYLOADS: &str = include_str!("../../templates/payloads.json");

/// The sample payload of an event (`None`: No Event).
pub fn sample_payload(event_id: Option<&str>) -> Value {
    let all: Value = serde_json::from_str(PAYLOADS).expect("templates/payloads.json is JSON");
    all.get(event_id.unwrap_or(""))
        .cloned()
        .unwrap_or(json!({}))
}

/// The template routes of one account.
pub(super) fn router() -> Router<AppState> {
    Router::new().route(&format!("{}/templates", super::ACCOUNT), get(list))
}

fn template_json(t: &Template) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "eventId": t.event_id,
        "code": t.code,
        "samplePayload": sample_payload(t.event_id),
    })
}

async fn list(Path(acc): Path<String>, Auth(p): Auth, uri: Uri) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let q = super::query_pairs(&uri);
    let event = super::query_one(&q, "eventId");
    let list: Vec<Value> = TEMPLATES
        .iter()
        .filter(|t| match event.as_deref() {
            None => true,
            Some("No Event") => t.event_id.is_none(),
            Some(e) => t.event_id == Some(e),
        })
        .map(template_json)
        .collect();
    Ok(super::json_ok(&list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_a_known_event_and_a_sample_payload() {
        for t in TEMPLATES {
            assert!(t.code.contains("function lambda"), "{}", t.id);
            if let Some(e) = t.event_id {
                assert!(
                    super::super::catalog::EVENTS.iter().any(|(id, _)| *id == e),
                    "{}: unknown event {e}",
                    t.id
                );
            }
            let all: Value = serde_json::from_str(PAYLOADS).unwrap();
            assert!(all.get(t.event_id.unwrap_or("")).is_some(), "{}", t.id);
        }
    }
}
