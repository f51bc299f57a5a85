//! `fnhost serve`: flags (each also an `FNHOST_*` variable and a key in the optional TOML file).

use clap::Args;
use fnhost_server::{Server, ServerConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// TOML file with any of the settings below (keys in snake_case, e.g. `listen = "0.0.0.0:8080"`).
    #[arg(long, env = "FNHOST_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on. Binds loopback only unless told otherwise. [default: 127.0.0.1:8080]
    #[arg(long, env = "FNHOST_LISTEN")]
    listen: Option<SocketAddr>,
    /// Directory for the SQLite database and the secrets master key. [default: ./fnhost-data]
    #[arg(long, env = "FNHOST_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// `sqlite://path` or `postgres://user@host/db`. [default: SQLite in the data directory]
    #[arg(long, env = "FNHOST_DATABASE_URL")]
    database_url: Option<String>,
    /// host[:port] that service discovery hands to clients. [default: the listen address]
    #[arg(long, env = "FNHOST_PUBLIC_HOST")]
    public_host: Option<String>,
    /// PEM certificate chain; serves HTTPS when given with --tls-key.
    #[arg(long, env = "FNHOST_TLS_CERT")]
    tls_cert: Option<PathBuf>,
    /// PEM private key for --tls-cert.
    #[arg(long, env = "FNHOST_TLS_KEY")]
    tls_key: Option<PathBuf>,
    /// Execution time limit of a function invocation, in ms. [default: 30000]
    #[arg(long, env = "FNHOST_INVOKE_TIMEOUT_MS")]
    invoke_timeout_ms: Option<u64>,
    /// Heap limit per function instance, in MiB. [default: 256]
    #[arg(long, env = "FNHOST_MEMORY_LIMIT_MB")]
    memory_limit_mb: Option<usize>,
    /// Concurrent invocations per function and node. [default: 64]
    #[arg(long, env = "FNHOST_FUNCTION_CONCURRENCY")]
    function_concurrency: Option<usize>,
    /// Invocations per second per account, across all nodes on one store; 0 = unlimited. [default: 1000]
    #[arg(long, env = "FNHOST_ACCOUNT_RATE_LIMIT")]
    account_rate_limit: Option<u32>,
    /// Invocations per second per function, across all nodes on one store; 0 = unlimited. [default: 0]
    #[arg(long, env = "FNHOST_FUNCTION_RATE_LIMIT")]
    function_rate_limit: Option<u32>,
    /// Largest request body, in bytes. [default: 1048576]
    #[arg(long, env = "FNHOST_MAX_BODY_BYTES")]
    max_body_bytes: Option<usize>,
    /// Time a client has to send its complete request, in ms (then 408). [default: 10000]
    #[arg(long, env = "FNHOST_READ_TIMEOUT_MS")]
    read_timeout_ms: Option<u64>,
    /// Functions per account. [default: 50]
    /// Open connections at once; more are closed on accept. [default: 10000, lowered to fit the descriptor limit]
    #[arg(long, env = "FNHOST_MAX_CONNECTIONS")]
    max_connections: Option<usize>,
    /// Asynchronous invocations waiting or running per account before new ones get a 429. [default: 10000]
    #[arg(long, env = "FNHOST_ASYNC_QUEUE_DEPTH")]
    async_queue_depth: Option<i64>,
    #[arg(long, env = "FNHOST_MAX_FUNCTIONS")]
    max_functions: Option<i64>,
    /// Runtime name reported by GET /runtimes. [default: "Node.js 14"]
    #[arg(long, env = "FNHOST_RUNTIME_NAME")]
    runtime_name: Option<String>,
    /// Account created on an empty store. [default: 1000]
    #[arg(long, env = "FNHOST_BOOTSTRAP_ACCOUNT")]
    bootstrap_account: Option<String>,
    /// Admin user created on an empty store. [default: admin]
    #[arg(long, env = "FNHOST_BOOTSTRAP_USER")]
    bootstrap_user: Option<String>,
    /// Password of the bootstrap admin; generated and printed once when unset.
    #[arg(long, env = "FNHOST_BOOTSTRAP_PASSWORD", hide_env_values = true)]
    bootstrap_password: Option<String>,
    /// Master key for secrets at rest, 64 hex characters. [default: generated into the data directory]
    #[arg(long, env = "FNHOST_MASTER_KEY", hide_env_values = true)]
    master_key: Option<String>,
    /// Days to keep logs and invocation records. [default: 30]
    #[arg(long, env = "FNHOST_RETENTION_DAYS")]
    retention_days: Option<u64>,
    /// Store logs and invocation records of real invocations. [default: true]
    #[arg(long, env = "FNHOST_STORE_RECORDS")]
    store_records: Option<bool>,
    /// Let functions' HTTPClient reach loopback and private networks (allowlisted names only). [default: false]
    #[arg(long, env = "FNHOST_EGRESS_ALLOW_PRIVATE")]
    egress_allow_private: Option<bool>,
    /// The service directory (LivePerson's CSDS) functions' `Toolbelt.LpClient()` looks service
    /// domains up in. [default: https://api.liveperson.net]
    #[arg(long, env = "FNHOST_CSDS_URL")]
    csds_url: Option<String>,
    /// Extra root certificates (a PEM file) trusted by functions' outbound HTTPS, e.g. a corporate CA. [default: the built-in web roots only]
    #[arg(long, env = "FNHOST_EGRESS_CA_FILE")]
    egress_ca_file: Option<std::path::PathBuf>,
    /// JS executor threads. [default: number of cores]
    #[arg(long, env = "FNHOST_JS_THREADS")]
    js_threads: Option<usize>,
    /// Run invocations on the request's own thread (a long-running call leaves it). Off: every
    /// invocation hops to the JS executor threads and back. [default: false]
    #[arg(long, env = "FNHOST_JS_INLINE")]
    js_inline: Option<bool>,
    /// Memory all function instances on this node may hold together, in MiB. [default: half the machine's memory]
    #[arg(long, env = "FNHOST_MEMORY_BUDGET_MB")]
    memory_budget_mb: Option<usize>,
    /// Invocations of one account in flight on this node before more get 429. [default: 256]
    #[arg(long, env = "FNHOST_ACCOUNT_CONCURRENCY")]
    account_concurrency: Option<usize>,
    /// Deployed functions per account (accounts can have their own). [default: the functions limit]
    #[arg(long, env = "FNHOST_MAX_DEPLOYED")]
    max_deployed_per_account: Option<i64>,
    /// Invocations per account and calendar month (UTC). [default: 150000]
    #[arg(long, env = "FNHOST_INVOCATIONS_PER_MONTH")]
    invocations_per_month: Option<i64>,
    /// Answer invocations past the monthly quota with 429. [default: false]
    #[arg(long, env = "FNHOST_ENFORCE_INVOCATION_QUOTA")]
    enforce_invocation_quota: Option<bool>,
    /// The operator's credential for the accounts API (`fnhost admin accounts …`); the API is off without it.
    #[arg(long, env = "FNHOST_OPERATOR_TOKEN", hide_env_values = true)]
    operator_token: Option<String>,
    /// Deployments kept per function. [default: 5]
    #[arg(long, env = "FNHOST_DEPLOYMENT_HISTORY")]
    deployment_history: Option<i64>,
    /// Versions kept per function beside those kept deployments refer to. [default: 50]
    #[arg(long, env = "FNHOST_VERSION_HISTORY")]
    version_history: Option<i64>,
    /// Bearer token that scrapes /metrics (Prometheus) and /metrics.json on the main address. [default: metrics off]
    #[arg(long, env = "FNHOST_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// Serve /metrics and /metrics.json without a token on this address alone (keep it private).
    #[arg(long, env = "FNHOST_METRICS_LISTEN")]
    metrics_listen: Option<std::net::SocketAddr>,
    /// SMTP server for email reports: smtp://user:pass@host:587?tls=required (STARTTLS) or smtps://host:465. [default: reports off]
    #[arg(long, env = "FNHOST_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Sender of email reports. [default: "fnhost reports <reports@localhost>"]
    #[arg(long, env = "FNHOST_SMTP_FROM")]
    smtp_from: Option<String>,
    /// OpenTelemetry collector (OTLP/HTTP, JSON), e.g. http://collector:4318: one span per invocation. [default: off]
    #[arg(long, env = "FNHOST_OTLP_ENDPOINT")]
    otlp_endpoint: Option<String>,
    /// Days to keep the activity stream. [default: 30]
    #[arg(long, env = "FNHOST_ACTIVITY_RETENTION_DAYS")]
    activity_retention_days: Option<u64>,
}

fn load(args: ServeArgs) -> Result<ServerConfig, String> {
    let mut c = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            toml::from_str::<ServerConfig>(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => ServerConfig::default(),
    };
    macro_rules! set {
        ($($field:ident),*) => { $( if let Some(v) = args.$field { c.$field = v; } )* };
    }
    set!(
        listen,
        data_dir,
        account_rate_limit,
        function_rate_limit,
        max_body_bytes,
        read_timeout_ms,
        max_connections,
        async_queue_depth,
        runtime_name,
        bootstrap_account,
        bootstrap_user,
        retention_days,
        store_records,
        egress_allow_private,
        csds_url,
        js_inline,
        invocations_per_month,
        enforce_invocation_quota,
        deployment_history,
        version_history,
        activity_retention_days,
        smtp_from
    );
    macro_rules! set_opt {
        ($($field:ident),*) => { $( if args.$field.is_some() { c.$field = args.$field; } )* };
    }
    set_opt!(
        database_url,
        public_host,
        tls_cert,
        tls_key,
        bootstrap_password,
        master_key,
        js_threads,
        memory_budget_mb,
        account_concurrency,
        max_deployed_per_account,
        operator_token,
        metrics_token,
        metrics_listen,
        smtp_url,
        otlp_endpoint,
        egress_ca_file
    );
    if let Some(v) = args.invoke_timeout_ms {
        c.limits.timeout_ms = v;
    }
    if let Some(v) = args.memory_limit_mb {
        c.limits.memory_bytes = v << 20;
    }
    if let Some(v) = args.function_concurrency {
        c.limits.concurrency = v;
    }
    if let Some(v) = args.max_functions {
        c.max_functions_per_account = v;
    }
    for (flag, v) in [
        ("--deployment-history", c.deployment_history),
        ("--version-history", c.version_history),
    ] {
        if v < 1 {
            return Err(format!("{flag} must be at least 1 (got {v})"));
        }
    }
    // A test hook, deliberately not a flag: the crash tests make the process die mid-deploy.
    if let Ok(point) = std::env::var("FNHOST_FAULT_INJECTION") {
        c.fault_injection = Some(
            fnhost_server::deployments::FaultPoint::parse(&point)
                .ok_or_else(|| format!("FNHOST_FAULT_INJECTION: unknown point `{point}`"))?,
        );
    }
    Ok(c)
}

/// `fnhost rotate-jwt-key`: the store options of `serve`, and whether old tokens die at once.
#[derive(clap::Args)]
pub struct RotateArgs {
    #[command(flatten)]
    store: ServeArgs,
    /// Refuse tokens signed with the old key at once (the key leaked), instead of accepting
    /// them until they expire.
    #[arg(long)]
    revoke_old_tokens: bool,
}

pub async fn rotate_jwt_key(args: RotateArgs) -> ExitCode {
    let config = match load(args.store) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match fnhost_server::state::rotate_jwt_key(&config, args.revoke_old_tokens).await {
        Ok(_) if args.revoke_old_tokens => {
            println!(
                "The JWT signing key was replaced; tokens signed with the old key are refused once each node syncs (about a second)."
            );
            ExitCode::SUCCESS
        }
        Ok(until) => {
            let secs = (until - fnhost_server::now_ms()).max(0) / 1000;
            println!(
                "The JWT signing key was replaced; tokens signed with the old key stay valid for {secs} s (one token lifetime)."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

pub async fn run(args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FNHOST_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = match load(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let scheme = if config.tls_cert.is_some() {
        "https"
    } else {
        "http"
    };
    let server = match Server::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let st = &server.state;
    if let Some(pw) = &st.bootstrap_password {
        println!(
            "Created account {} with admin user `{}` and password: {pw}",
            st.config.bootstrap_account, st.config.bootstrap_user
        );
        println!(
            "(shown only once; log in with: fnhost login --server {scheme}://{} --account {} --user {})",
            server.addr, st.config.bootstrap_account, st.config.bootstrap_user
        );
    }
    println!(
        "fnhost listening on {scheme}://{} (store: {:?})",
        server.addr,
        st.store.backend()
    );
    server.run_until_signal().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: ServeArgs,
    }

    #[test]
    fn toml_file_then_flags_override() {
        let dir = std::env::temp_dir().join(format!("fnhost-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("fnhost.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9999\"\naccount_rate_limit = 7\n[limits]\ntimeout_ms = 1234\n",
        )
        .unwrap();
        let w = Wrapper::try_parse_from([
            "x",
            "--config",
            file.to_str().unwrap(),
            "--account-rate-limit",
            "9",
        ])
        .unwrap();
        let c = load(w.args).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:9999");
        assert_eq!(
            c.account_rate_limit, 9,
            "flags (and FNHOST_* variables) win over the file"
        );
        assert_eq!(c.limits.timeout_ms, 1234);
        std::fs::write(&file, "no_such_key = 1\n").unwrap();
        let w = Wrapper::try_parse_from(["x", "--config", file.to_str().unwrap()]).unwrap();
        let err = load(w.args).unwrap_err();
        assert!(
            err.contains("no_such_key"),
            "a typo is reported, not ignored: {err}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
