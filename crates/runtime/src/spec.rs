//! What the runtime needs to know about one deployed function version.

use fnhost_model::Limits;
use std::collections::BTreeMap;

/// A function version ready to run: its code, env vars, owner and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionSpec {
    pub account_id: String,
    pub lambda_uuid: String,
    pub code: String,
    /// Environment variables (`process.env`); `BRAND_ID` is always set to the account id.
    pub env: BTreeMap<String, String>,
    pub limits: Limits,
}

impl FunctionSpec {
    pub fn new(
        account_id: impl Into<String>,
        lambda_uuid: impl Into<String>,
        code: impl Into<String>,
    ) -> Self {
        FunctionSpec {
            account_id: account_id.into(),
            lambda_uuid: lambda_uuid.into(),
            code: code.into(),
            env: BTreeMap::new(),
            limits: Limits::default(),
        }
    }
}
