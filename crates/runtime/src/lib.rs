//! The fnhost function runtime: runs `lambda(input, callback)` in isolated QuickJS instances.
//!
//! - [`Engine`] owns the dedicated JS executor and validates code ([`Engine::validate`]).
//! - [`FunctionPool`] holds the instances of one deployed function version and invokes it.
//! - [`Outcome`] is what an invocation yields: a result or a [`FunctionError`] classified into the
//!   seed's `handler.*` codes, plus captured logs and timing.
//! - [`host`] defines the services (secrets, egress, context store, orchestrator) the embedder
//!   passes in; the runtime knows nothing of HTTP servers or storage.
//!
//! See `docs/ARCHITECTURE.md` (runtime section) for the invariants.

mod budget;
mod cipher;
mod engine;
mod fairness;
mod globals;
pub mod host;
mod instance;
mod intl;
mod json;
mod json_input;
mod logbuf;
mod modules;
mod native;
mod outcome;
mod pki;
mod pool;
mod spec;

pub use budget::MemoryBudget;
pub use engine::{Engine, EngineConfig};
pub use fairness::{QUANTUM, SLICE};
pub use host::HostServices;
pub use outcome::{FunctionError, InvokeError, LoadError, Outcome};
pub use pool::{FunctionPool, PoolStats};
pub use spec::FunctionSpec;
