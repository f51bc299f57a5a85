//! The fnhost platform server: gateway (invoke), management API, auth, rate limits and the wiring
//! of the runtime to the store.
//!
//! - [`Server::start`] builds the state ([`state`]), binds and serves the [`api`] router.
//! - [`registry`] keeps deployed functions in memory so invocations never wait on the store.
//! - [`host`] gives functions their secrets, egress and orchestration.
//! - [`records`] writes logs and invocation records off the hot path.
//! - [`activity`] records who changed what in each account (the activity stream).
//! - [`deployments`] runs deploys and undeploys and resumes those a crash interrupted.
//! - [`console`] serves the web console (embedded assets, strict CSP) at `/`.
//! - [`supervisor`] owns every background task and job; shutdown goes through it.

pub mod account_limits;
pub mod activity;
pub mod api;
pub mod async_invocations;
pub mod auth;
pub mod config;
pub mod connection;
pub mod console;
pub mod csds;
mod data_dir;
pub mod deployments;
pub mod egress;
pub mod egress_clients;
pub mod email_reports;
pub mod error;
pub mod host;
pub mod invoke;
pub mod metrics;
pub mod otlp;
pub mod passwords;
pub mod quota;
pub mod records;
pub mod registry;
pub mod scheduler;
pub mod serve;
pub mod signing_keys;
pub mod state;
pub mod supervisor;
pub mod throttle;

pub use config::ServerConfig;
pub use serve::Server;
pub use state::{AppState, StartError};

pub use fnhost_model::now_ms;

/// The OpenAPI document (also served at `/openapi.json`).
pub fn openapi() -> &'static str {
    api::OPENAPI_DOCUMENT
}
