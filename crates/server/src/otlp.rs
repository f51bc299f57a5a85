//! Optional OpenTelemetry export (`--otlp-endpoint`): one span per invocation, with the account,
//! the function, the trigger and how it ended, sent in batches over OTLP/HTTP (JSON) by the
//! OpenTelemetry SDK on its own thread. Without an endpoint nothing is built and the invoke path
//! pays one `Option` check.

use opentelemetry::KeyValue;
use opentelemetry::trace::{Span, SpanKind, Status, Tracer, TracerProvider};
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::trace::SdkTracerProvider;
use std::time::SystemTime;

/// Why the exporter could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("cannot export traces to {endpoint}: {reason}")]
pub struct OtlpError {
    endpoint: String,
    reason: String,
}

/// The node's span exporter.
pub struct Traces {
    provider: SdkTracerProvider,
    tracer: opentelemetry_sdk::trace::SdkTracer,
}

/// What one invocation span says.
pub struct InvocationSpan<'a> {
    pub account: &'a str,
    pub function: &'a str,
    pub name: &'a str,
    pub request_id: &'a str,
    pub trigger: &'a str,
    /// `None` when it succeeded, else its seed code.
    pub error_code: Option<&'a str>,
    pub started: SystemTime,
}

impl Traces {
    /// Exports to `endpoint`, the collector's OTLP/HTTP traces URL (e.g.
    /// `http://collector:4318/v1/traces`; a base URL gets `/v1/traces` appended).
    pub fn new(endpoint: &str, node_id: &str) -> Result<Traces, OtlpError> {
        let url = if endpoint.trim_end_matches('/').ends_with("/v1/traces") {
            endpoint.to_owned()
        } else {
            format!("{}/v1/traces", endpoint.trim_end_matches('/'))
        };
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpJson)
            .with_endpoint(url.clone())
            .build()
            .map_err(|e| OtlpError {
                endpoint: url.clone(),
                reason: e.to_string(),
            })?;
        let resource = opentelemetry_sdk::Resource::builder()
            .with_service_name("fnhost")
            .with_attribute(KeyValue::new("service.instance.id", node_id.to_owned()))
            .build();
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build();
        let tracer = provider.tracer("fnhost");
        Ok(Traces { provider, tracer })
    }

    /// Records one finished invocation.
    pub fn invocation(&self, s: InvocationSpan<'_>) {
        let mut span = self
            .tracer
            .span_builder("invoke")
            .with_kind(SpanKind::Server)
            .with_start_time(s.started)
            .with_attributes(vec![
                KeyValue::new("faas.account", s.account.to_owned()),
                KeyValue::new("faas.function", s.function.to_owned()),
                KeyValue::new("faas.name", s.name.to_owned()),
                KeyValue::new("faas.invocation_id", s.request_id.to_owned()),
                KeyValue::new("faas.trigger", s.trigger.to_owned()),
                KeyValue::new("faas.code", s.error_code.unwrap_or("ok").to_owned()),
            ])
            .start(&self.tracer);
        if let Some(code) = s.error_code {
            span.set_status(Status::error(code.to_owned()));
        }
        span.end();
    }

    /// Sends what is buffered and stops the exporter (at shutdown). Runs the SDK's blocking
    /// flush off the async threads.
    pub async fn shutdown(&self) {
        let provider = self.provider.clone();
        let _ = tokio::task::spawn_blocking(move || {
            if let Err(e) = provider.shutdown() {
                tracing::warn!(error = %e, "could not flush the last traces");
            }
        })
        .await;
    }
}
