//! Function states, deployment states and `{key, value}` pairs.

use serde::{Deserialize, Serialize};

/// A function's HTTP trigger (`ANY /fn/{account}/{name}/{*path}`): off unless enabled; a
/// public trigger needs no token (rate limits and body limits still apply). Takes effect at once
/// on every node, without a redeploy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpTrigger {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub public: bool,
}

/// A `{key, value}` pair, as used for headers, environment variables and dependencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

/// The lifecycle state of a function (lpf-spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LambdaState {
    Draft,
    Productive,
    Modified,
    #[serde(rename = "Marked Undeployed")]
    MarkedUndeployed,
    #[serde(rename = "Build Error")]
    BuildError,
    #[serde(rename = "Deploy Error")]
    DeployError,
}

impl LambdaState {
    pub const fn as_str(self) -> &'static str {
        match self {
            LambdaState::Draft => "Draft",
            LambdaState::Productive => "Productive",
            LambdaState::Modified => "Modified",
            LambdaState::MarkedUndeployed => "Marked Undeployed",
            LambdaState::BuildError => "Build Error",
            LambdaState::DeployError => "Deploy Error",
        }
    }

    pub fn parse(s: &str) -> Option<LambdaState> {
        [
            LambdaState::Draft,
            LambdaState::Productive,
            LambdaState::Modified,
            LambdaState::MarkedUndeployed,
            LambdaState::BuildError,
            LambdaState::DeployError,
        ]
        .into_iter()
        .find(|st| st.as_str().eq_ignore_ascii_case(s))
    }

    /// A function in this state has a running deployment that can be invoked.
    pub const fn is_invocable(self) -> bool {
        matches!(self, LambdaState::Productive | LambdaState::Modified)
    }
}

/// The state of one deployment (lpf-spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentState {
    #[serde(rename = "Build Start")]
    BuildStart,
    #[serde(rename = "Build Finish")]
    BuildFinish,
    #[serde(rename = "Deploy Start")]
    DeployStart,
    #[serde(rename = "Deploy Finish")]
    DeployFinish,
    #[serde(rename = "Build Error")]
    BuildError,
    #[serde(rename = "Deploy Error")]
    DeployError,
    #[serde(rename = "Undeployed")]
    Undeployed,
}

impl DeploymentState {
    pub const fn as_str(self) -> &'static str {
        match self {
            DeploymentState::BuildStart => "Build Start",
            DeploymentState::BuildFinish => "Build Finish",
            DeploymentState::DeployStart => "Deploy Start",
            DeploymentState::DeployFinish => "Deploy Finish",
            DeploymentState::BuildError => "Build Error",
            DeploymentState::DeployError => "Deploy Error",
            DeploymentState::Undeployed => "Undeployed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_their_wire_names() {
        for st in [
            "Draft",
            "Productive",
            "Modified",
            "Marked Undeployed",
            "Build Error",
            "Deploy Error",
        ] {
            let parsed = LambdaState::parse(st).unwrap();
            assert_eq!(parsed.as_str(), st);
            assert_eq!(serde_json::to_value(parsed).unwrap(), st);
        }
        assert!(LambdaState::Modified.is_invocable());
        assert!(!LambdaState::Draft.is_invocable());
    }
}
