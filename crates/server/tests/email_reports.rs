//! Email reports through a real SMTP server (aiosmtpd, started by the test): settings are
//! validated, a due report goes out with a plain-text and an HTML part, the counts of the
//! period, and deltas against the previous report; with two nodes on one PostgreSQL exactly one
//! node sends each report.
//!
//! Needs Python with aiosmtpd: `FNHOST_TEST_PYTHON` (test.sh sets it to a venv it makes from
//! tests/smtp/requirements.txt), else `python3`.

mod common;
use common::*;
use fnhost_store::{
    Backend, InvocationOutcome, InvocationRecord, ReportSettingsStore, SqlStore, Store,
};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_sink() -> Sink {
    let python = std::env::var("FNHOST_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = std::env::temp_dir().join(format!("fnhost-smtp-{}", uuid::Uuid::new_v4().simple()));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp/sink.py");
    let mut child = Command::new(&python)
        .arg(script)
        .arg(port.to_string())
        .arg(&dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let mut line = String::new();
    use std::io::BufRead;
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(
        line.trim(),
        "ready",
        "the SMTP sink did not start; it needs aiosmtpd (pip install -r tests/smtp/requirements.txt, or run ./test.sh)"
    );
    Sink { child, port, dir }
}

impl Sink {
    fn messages(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for n in 1.. {
            let eml = self.dir.join(format!("{n}.eml"));
            if !eml.exists() {
                break;
            }
            let rcpt = std::fs::read_to_string(self.dir.join(format!("{n}.rcpt"))).unwrap();
            out.push((std::fs::read_to_string(eml).unwrap(), rcpt));
        }
        out
    }

    async fn wait_for(&self, n: usize) -> Vec<(String, String)> {
        for _ in 0..200 {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{n} messages expected, {} arrived", self.messages().len());
    }
}

/// Invocation records in yesterday's period (what the daily report due now covers).
async fn yesterday_records(store: &dyn Store, uuid: &str) {
    let now = fnhost_server::now_ms();
    let (from, _) =
        fnhost_server::email_reports::due_period(fnhost_store::ReportFrequency::Daily, now)
            .unwrap();
    let rec = |i: i64, outcome| InvocationRecord {
        account_id: "1000".into(),
        lambda_uuid: uuid.into(),
        request_id: format!("r{i}"),
        started_at: from + 3_600_000 + i,
        duration_ms: 3,
        outcome,
        error_code: None,
        cold_start: false,
        init_us: 0,
        cpu_us: 0,
    };
    let mut records: Vec<_> = (0..5)
        .map(|i| rec(i, InvocationOutcome::Succeeded))
        .collect();
    records.push(rec(10, InvocationOutcome::CodingFailure));
    records.push(rec(11, InvocationOutcome::Timeout));
    store.insert_invocations(&records).await.unwrap();
}

/// Makes the account's report due now (the first one waits for the next full hour).
async fn make_due(url: &str) {
    let store = SqlStore::connect(url).await.unwrap();
    let mut s = store.get_report_settings("1000").await.unwrap().unwrap();
    s.not_before = 0;
    store.put_report_settings(&s).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_due_report_goes_out_with_text_html_and_deltas() {
    let sink = start_sink();
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let t = TestServer::start_with(Backend::Sqlite, |c| {
        c.smtp_url = Some(smtp);
        c.report_poll_ms = 200;
    })
    .await;
    let uuid = t
        .deploy("reported", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let store = SqlStore::connect(&t.database_url()).await.unwrap();
    yesterday_records(&store, &uuid).await;

    // Validation names the field and the limit; nothing is stored.
    let put = |body| {
        t.call(
            reqwest::Method::PUT,
            "reports/email",
            Some(&t.admin_token),
            Some(body),
        )
    };
    let r = put(json!({"frequency": "Hourly", "recipients": ["a@example.com"]})).await;
    assert_eq!(r.status, 400);
    assert!(r.text.contains("frequency"), "{}", r.text);
    let eleven: Vec<String> = (0..11).map(|i| format!("u{i}@example.com")).collect();
    let r = put(json!({"frequency": "Daily", "recipients": eleven})).await;
    assert_eq!(r.status, 400);
    assert!(r.text.contains("limit is 10"), "{}", r.text);
    let r = put(json!({"frequency": "Daily", "recipients": ["not an address"]})).await;
    assert_eq!(r.status, 400);
    assert_eq!(t.get("reports/email").await.body["frequency"], "None");

    let r =
        put(json!({"frequency": "Daily", "recipients": ["ops@example.com", "dev@example.com"]}))
            .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["nextReportAt"].is_string(), "{}", r.text);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        sink.messages().is_empty(),
        "the first report waits for the next full hour"
    );
    make_due(&t.database_url()).await;
    let msgs = sink.wait_for(1).await;
    let (eml, rcpt) = &msgs[0];
    assert!(
        rcpt.contains("ops@example.com") && rcpt.contains("dev@example.com"),
        "{rcpt}"
    );
    assert!(
        eml.contains("Subject: fnhost report for account 1000"),
        "{eml}"
    );
    assert!(eml.contains("multipart/alternative"), "{eml}");
    assert!(
        eml.contains("text/plain") && eml.contains("text/html"),
        "{eml}"
    );
    let flat = eml.replace("=\r\n", "").replace("=\n", "");
    assert!(
        flat.contains("Successful invocations") && flat.contains("reported"),
        "{flat}"
    );
    // 5 successes, 2 failures (one a timeout, one a code error) yesterday.
    assert!(
        flat.contains("Successful invocations           5"),
        "{flat}"
    );
    assert!(
        flat.contains("Failed invocations               2"),
        "{flat}"
    );
    assert!(
        flat.contains("reported | No Event | 5 | 2 | 1 | 1"),
        "{flat}"
    );
    // Not again for the same period.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(sink.messages().len(), 1);

    // On demand: the same period again, now with deltas against the previous report.
    let r = t.post("reports/email/send", json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let msgs = sink.wait_for(2).await;
    let flat = msgs[1].0.replace("=\r\n", "").replace("=\n", "");
    assert!(
        flat.contains("5 (±0)") || flat.contains("5 (=C2=B10)"),
        "deltas: {flat}"
    );
    let acts = t.get("activities?kind=report.").await;
    assert_eq!(
        acts.body[0]["details"]["frequency"], "Daily",
        "{}",
        acts.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_reports_say_so() {
    let t = TestServer::start(Backend::Sqlite).await;
    let r = t
        .call(
            reqwest::Method::PUT,
            "reports/email",
            Some(&t.admin_token.clone()),
            Some(json!({"frequency": "Weekly", "recipients": ["a@example.com"]})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["smtpConfigured"], false);
    let s = t.post("reports/email/send", json!({})).await;
    assert_eq!(s.status, 409, "{}", s.text);
    assert!(s.text.contains("--smtp-url"), "{}", s.text);
}

/// Two nodes poll for due reports every 100 ms: exactly one sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_one_node_sends_each_report() {
    let sink = start_sink();
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let a = TestServer::start_with(Backend::Postgres, |c| {
        c.smtp_url = Some(smtp.clone());
        c.report_poll_ms = 100;
    })
    .await;
    let url = a.database_url();
    let (b, _b_dir) = a
        .second_node(|c| {
            c.smtp_url = Some(smtp);
            c.report_poll_ms = 100;
        })
        .await;
    let r = a
        .call(
            reqwest::Method::PUT,
            "reports/email",
            Some(&a.admin_token.clone()),
            Some(json!({"frequency": "Daily", "recipients": ["ops@example.com"]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    make_due(&url).await;
    sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.messages().len(), 1, "two nodes, one report");
    b.shutdown().await;
}
