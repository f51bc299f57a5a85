//! Codes of host-service failures: what a function sees as `err.code` when a toolbelt call
//! (secrets, HTTP egress, context store, host plumbing) rejects. Documented in `docs/ERRORS.md`.
//!
//! The secret and CSDS codes are LivePerson's own (`com.liveperson.faas.secret.*` and
//! `com.liveperson.faas.csds.*`, what the toolbelt's `SecretError` and `InternalError` carry); connection failures use Node's errno names (`ECONNREFUSED`,
//! `ECONNRESET`) as `request`/`axios` would; the rest are fnhost's (`com.fnhost.*`).

/// One host-service failure code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HostErrorCode {
    SecretNotFound,
    SecretInvalidFormat,
    SecretOpFailed,
    EgressBadRequest,
    EgressTooLarge,
    EgressUnavailable,
    ConnectionRefused,
    ConnectionReset,
    ContextForbidden,
    ContextInvalidNamespace,
    ContextNamespaceNotFound,
    ContextTooLarge,
    ContextUnavailable,
    CsdsNotFound,
    CsdsFailure,
    BadArguments,
    UnknownService,
}

impl HostErrorCode {
    pub const ALL: [HostErrorCode; 17] = [
        HostErrorCode::SecretNotFound,
        HostErrorCode::SecretInvalidFormat,
        HostErrorCode::SecretOpFailed,
        HostErrorCode::EgressBadRequest,
        HostErrorCode::EgressTooLarge,
        HostErrorCode::EgressUnavailable,
        HostErrorCode::ConnectionRefused,
        HostErrorCode::ConnectionReset,
        HostErrorCode::ContextForbidden,
        HostErrorCode::ContextInvalidNamespace,
        HostErrorCode::ContextNamespaceNotFound,
        HostErrorCode::ContextTooLarge,
        HostErrorCode::ContextUnavailable,
        HostErrorCode::CsdsNotFound,
        HostErrorCode::CsdsFailure,
        HostErrorCode::BadArguments,
        HostErrorCode::UnknownService,
    ];

    /// The code as the function sees it.
    pub const fn as_str(self) -> &'static str {
        match self {
            HostErrorCode::SecretNotFound => "com.liveperson.faas.secret.not-found",
            HostErrorCode::SecretInvalidFormat => "com.liveperson.faas.secret.invalid-format",
            HostErrorCode::SecretOpFailed => "com.liveperson.faas.secret.op-failed",
            HostErrorCode::EgressBadRequest => "com.fnhost.egress.bad-request",
            HostErrorCode::EgressTooLarge => "com.fnhost.egress.too-large",
            HostErrorCode::EgressUnavailable => "com.fnhost.egress.unavailable",
            HostErrorCode::ConnectionRefused => "ECONNREFUSED",
            HostErrorCode::ConnectionReset => "ECONNRESET",
            HostErrorCode::ContextForbidden => "com.fnhost.context.forbidden",
            HostErrorCode::ContextInvalidNamespace => "com.fnhost.context.invalid-namespace",
            HostErrorCode::ContextNamespaceNotFound => "com.fnhost.context.namespace-not-found",
            HostErrorCode::ContextTooLarge => "com.fnhost.context.too-large",
            HostErrorCode::ContextUnavailable => "com.fnhost.context.unavailable",
            HostErrorCode::CsdsNotFound => "com.liveperson.faas.csds.domain.not-found",
            HostErrorCode::CsdsFailure => "com.liveperson.faas.csds.op-failed",
            HostErrorCode::BadArguments => "com.fnhost.host.bad-arguments",
            HostErrorCode::UnknownService => "com.fnhost.host.unknown-service",
        }
    }

    /// What it means, for documentation and CLI explanations.
    pub const fn meaning(self) -> &'static str {
        match self {
            HostErrorCode::SecretNotFound => "the secret does not exist in the account",
            HostErrorCode::SecretInvalidFormat => "the secret's key or value breaks a limit",
            HostErrorCode::SecretOpFailed => "the secret store could not be reached",
            HostErrorCode::EgressBadRequest => {
                "the HTTP request is malformed (method, URL, body, client certificate or key)"
            }
            HostErrorCode::EgressTooLarge => "the response exceeded the size limit",
            HostErrorCode::EgressUnavailable => "the allowlist could not be read",
            HostErrorCode::ConnectionRefused => "the remote host could not be reached",
            HostErrorCode::ConnectionReset => "the connection broke while reading the response",
            HostErrorCode::ContextForbidden => "the context store of another account was requested",
            HostErrorCode::ContextInvalidNamespace => "the namespace name breaks a rule",
            HostErrorCode::ContextNamespaceNotFound => "the namespace does not exist",
            HostErrorCode::ContextTooLarge => "the session's properties exceed the size limit",
            HostErrorCode::ContextUnavailable => "the context store could not be reached",
            HostErrorCode::CsdsNotFound => {
                "the service directory (CSDS) has no domain for the service"
            }
            HostErrorCode::CsdsFailure => "the service directory (CSDS) could not be read",
            HostErrorCode::BadArguments => "a toolbelt call passed malformed arguments",
            HostErrorCode::UnknownService => "no such host service",
        }
    }
}

impl std::fmt::Display for HostErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::HostErrorCode;

    #[test]
    fn codes_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for c in HostErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c}");
            assert!(!c.meaning().is_empty());
        }
    }
}
