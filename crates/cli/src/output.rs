//! How the CLI talks to people (colors on a terminal, plain otherwise) and to scripts (`--output json`),
//! and what each platform error code means and what to do about it.

use std::io::IsTerminal;

#[derive(Clone, Copy)]
pub struct Output {
    pub json: bool,
    color: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Output { json, color }
    }
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn is_terminal(&self) -> bool {
        self.color
    }
    /// Prints a success line (text mode) or nothing (json mode prints the data instead).
    pub fn ok(&self, msg: &str) {
        if !self.json {
            println!("{} {msg}", self.green("✔"));
        }
    }
    pub fn json_value(&self, v: &serde_json::Value) {
        println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
    }
}

/// What a platform error code means and what to do about it.
pub fn explain(code: &str, message: &str) -> String {
    use fnhost_model::ErrorCode::*;
    let Some(code) = fnhost_model::ErrorCode::parse(code) else {
        return String::new();
    };
    let hint = match code {
        HandlerCustomFailure => "the function called callback(error). Check the function's own error message above.".to_owned(),
        HandlerRuntimeException => "the function threw (or a promise it started was rejected). Look at the stack in the logs; `fnhost invoke --local` reproduces it without a server.".to_owned(),
        HandlerExecutionTimeExceeded => {
            let limit = message.split("exceeded ").nth(1).map(|s| s.split(')').next().unwrap_or(s).to_owned()).unwrap_or_else(|| "30000 ms".into());
            format!("the function ran longer than its limit ({limit}). Check for a missing callback() call on some path, a slow external call, or a blocking loop.")
        }
        HandlerLogLimitReached => "the function wrote more than 10 log entries or 6000 characters in one invocation. Log less, or aggregate into one entry.".to_owned(),
        EsNotDeployed => "the function exists but is not deployed. Run `fnhost deploy <name>`.".to_owned(),
        EsMissingLambda => "no such function in this account. Check the name/UUID with `fnhost get functions`.".to_owned(),
        EsBadInput => "the request was malformed or too large; the message names the field and the limit.".to_owned(),
        EsUnavailable | FmUnavailable => "the server could not reach its database. Retry; if it persists, check the server's store.".to_owned(),
        EsGeneral | FmGeneral => "the server hit an unexpected error (logged on the server). Retry, then report it.".to_owned(),
        FmContractError => "the code is not a valid lambda: it must parse and define `function lambda(input, callback)`.".to_owned(),
        FmConflict => "the change conflicts with the function's state (for example a deployment in progress). Wait and retry.".to_owned(),
        Unauthorized => "not logged in, or the session expired. Run `fnhost login`.".to_owned(),
        Forbidden => "your user lacks the permission for this action (see the message), or the token is for another account.".to_owned(),
        RateLimited => "too many invocations per second. Slow down and retry after the time the server asked for.".to_owned(),
        RequestTimeout => "the request was not sent completely in time. Check the network and retry.".to_owned(),
        NotFound | MethodNotAllowed => code.meaning().to_owned(),
    };
    format!("what it means: {hint}")
}
