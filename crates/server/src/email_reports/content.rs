//! What an email report says (lpf-spec §6.3): for one account and period, the functions against
//! the limits, successful / failed / timed-out / code-failure invocations, a table of deployed
//! functions with the same counters, and each figure's change since the previous report. Built
//! from the rollups; rendered as plain text and as HTML.

use crate::state::AppState;
use fnhost_store::{OutcomeCounts, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The four counters a report shows for the account and for each function.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub succeeded: i64,
    /// Every unsuccessful invocation (code errors, timeouts, platform and uncategorised).
    pub failed: i64,
    pub timeout: i64,
    /// The function's own errors.
    pub code_failure: i64,
}

impl From<&OutcomeCounts> for Counters {
    fn from(c: &OutcomeCounts) -> Self {
        Counters {
            succeeded: c.succeeded,
            failed: c.coding_failure + c.platform_failure + c.timeout,
            timeout: c.timeout,
            code_failure: c.coding_failure,
        }
    }
}

/// One deployed function's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionLine {
    pub name: String,
    pub event: Option<String>,
    pub counters: Counters,
}

/// The figures of one report (stored after sending, for the next report's deltas).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub account_id: String,
    pub from: i64,
    pub to: i64,
    pub functions: i64,
    pub functions_limit: i64,
    pub deployed: i64,
    pub deployed_limit: i64,
    pub totals: Counters,
    /// By function uuid.
    pub per_function: BTreeMap<String, FunctionLine>,
}

/// Reads the figures of `[from, to)` for an account.
pub async fn summarize(
    st: &AppState,
    account: &str,
    from: i64,
    to: i64,
) -> Result<Summary, StoreError> {
    let lambdas = st.store.list_lambdas(account).await?;
    let window = (to - from).max(1);
    let totals = st
        .store
        .outcome_counts(account, None, from, to - 1, window)
        .await?;
    let mut per_function = BTreeMap::new();
    for l in lambdas.iter().filter(|l| l.deployed.is_some()) {
        let c = st
            .store
            .outcome_counts(account, Some(&l.uuid), from, to - 1, window)
            .await?;
        per_function.insert(
            l.uuid.clone(),
            FunctionLine {
                name: l.name.clone(),
                event: l.event_id.clone(),
                counters: c.first().map(Counters::from).unwrap_or_default(),
            },
        );
    }
    Ok(Summary {
        account_id: account.to_owned(),
        from,
        to,
        functions: lambdas.len() as i64,
        functions_limit: st.max_functions(account),
        deployed: per_function.len() as i64,
        deployed_limit: st.max_deployed(account),
        totals: totals.first().map(Counters::from).unwrap_or_default(),
        per_function,
    })
}

/// ` (+3)`, ` (-1)`, ` (±0)`, or nothing without a previous report.
fn delta(now: i64, before: Option<i64>) -> String {
    match before {
        None => String::new(),
        Some(b) if now == b => " (±0)".into(),
        Some(b) => format!(" ({:+})", now - b),
    }
}

fn day(ms: i64) -> String {
    crate::api::iso(ms)
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}

/// The subject line.
pub fn subject(s: &Summary) -> String {
    format!(
        "fnhost report for account {}: {} – {} UTC",
        s.account_id,
        day(s.from),
        day(s.to)
    )
}

/// The account's rows: label, value, delta.
fn rows(s: &Summary, prev: Option<&Summary>) -> Vec<(String, String)> {
    let p = |f: fn(&Summary) -> i64| prev.map(f);
    vec![
        (
            "Total functions".into(),
            format!(
                "{} of {}{}",
                s.functions,
                s.functions_limit,
                delta(s.functions, p(|x| x.functions))
            ),
        ),
        (
            "Deployed functions".into(),
            format!(
                "{} of {}{}",
                s.deployed,
                s.deployed_limit,
                delta(s.deployed, p(|x| x.deployed))
            ),
        ),
        (
            "Successful invocations".into(),
            format!(
                "{}{}",
                s.totals.succeeded,
                delta(s.totals.succeeded, p(|x| x.totals.succeeded))
            ),
        ),
        (
            "Failed invocations".into(),
            format!(
                "{}{}",
                s.totals.failed,
                delta(s.totals.failed, p(|x| x.totals.failed))
            ),
        ),
        (
            "Ended with timeout".into(),
            format!(
                "{}{}",
                s.totals.timeout,
                delta(s.totals.timeout, p(|x| x.totals.timeout))
            ),
        ),
        (
            "Function failure (code errors)".into(),
            format!(
                "{}{}",
                s.totals.code_failure,
                delta(s.totals.code_failure, p(|x| x.totals.code_failure))
            ),
        ),
    ]
}

/// Each deployed function's cells: name, event, and the four counters with deltas.
fn function_rows(s: &Summary, prev: Option<&Summary>) -> Vec<[String; 6]> {
    s.per_function
        .iter()
        .map(|(uuid, f)| {
            let before = prev
                .and_then(|p| p.per_function.get(uuid))
                .map(|l| l.counters);
            let c = f.counters;
            [
                f.name.clone(),
                f.event.clone().unwrap_or_else(|| "No Event".into()),
                format!(
                    "{}{}",
                    c.succeeded,
                    delta(c.succeeded, before.map(|b| b.succeeded))
                ),
                format!("{}{}", c.failed, delta(c.failed, before.map(|b| b.failed))),
                format!(
                    "{}{}",
                    c.timeout,
                    delta(c.timeout, before.map(|b| b.timeout))
                ),
                format!(
                    "{}{}",
                    c.code_failure,
                    delta(c.code_failure, before.map(|b| b.code_failure))
                ),
            ]
        })
        .collect()
}

const HEADERS: [&str; 6] = [
    "Function",
    "Event",
    "Successful",
    "Failed",
    "Timeout",
    "Code errors",
];

/// The plain-text part.
pub fn text(s: &Summary, prev: Option<&Summary>) -> String {
    let mut out = format!("{}\n\n", subject(s));
    for (label, value) in rows(s, prev) {
        out.push_str(&format!("{label:<32} {value}\n"));
    }
    out.push_str("\nDeployed functions\n");
    let lines = function_rows(s, prev);
    if lines.is_empty() {
        out.push_str("(none)\n");
    }
    out.push_str(&HEADERS.join(" | "));
    out.push('\n');
    for l in lines {
        out.push_str(&l.join(" | "));
        out.push('\n');
    }
    if prev.is_some() {
        out.push_str("\nFigures in parentheses: change since the previous report.\n");
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The HTML part (inline styles only: mail clients drop style sheets).
pub fn html(s: &Summary, prev: Option<&Summary>) -> String {
    let mut out = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif\"><h2>{}</h2><table cellpadding=\"4\">",
        esc(&subject(s))
    );
    for (label, value) in rows(s, prev) {
        out.push_str(&format!(
            "<tr><th align=\"left\">{}</th><td>{}</td></tr>",
            esc(&label),
            esc(&value)
        ));
    }
    out.push_str("</table><h3>Deployed functions</h3><table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tr>");
    for h in HEADERS {
        out.push_str(&format!("<th>{h}</th>"));
    }
    out.push_str("</tr>");
    for l in function_rows(s, prev) {
        out.push_str("<tr>");
        for c in l {
            out.push_str(&format!("<td>{}</td>", esc(&c)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    if prev.is_some() {
        out.push_str(
            "<p><small>Figures in parentheses: change since the previous report.</small></p>",
        );
    }
    out.push_str("</body></html>");
    out
}
