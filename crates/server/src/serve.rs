//! Listening: TCP (optionally TLS via rustls), HTTP/1.1 and HTTP/2, graceful shutdown that drains
//! in-flight requests, and a header read timeout.

use crate::connection::{Activity, ConnectionLimit, Watched};
use crate::state::{AppState, StartError};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Pause after a failed `accept` (e.g. no descriptors left) so the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The address a request came from (a request extension set by the accept loop).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub std::net::IpAddr);

/// Concurrent requests (streams) on one HTTP/2 connection.
const MAX_CONCURRENT_STREAMS: u32 = 100;

/// HTTP/1 and HTTP/2 settings every connection is served with: the header read timeout, the
/// head limits (hyper's own, above the API's guard in `api::oversized_head`), and on HTTP/2
/// a stream limit and keep-alive pings that end dead connections.
fn connection_builder(idle: Duration) -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(idle)
        .keep_alive(true)
        // Room for the API's guard to answer oversized heads itself (with a JSON body).
        .max_headers(4 * crate::connection::MAX_HEADERS)
        .max_buf_size(8 * crate::connection::MAX_HEADER_BYTES)
        // One contiguous buffer per answer head (see `connection::Watched`).
        .writev(false);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(MAX_CONCURRENT_STREAMS)
        .max_header_list_size(4 * crate::connection::MAX_HEADER_BYTES as u32)
        .max_pending_accept_reset_streams(Some(20))
        .max_local_error_reset_streams(Some(256))
        .keep_alive_interval(Some(idle))
        .keep_alive_timeout(Duration::from_secs(10));
    builder
}

/// The service for one connection: marks each request in flight (for the idle timeout) and
/// attaches the peer address (login throttling by source).
fn connection_service(
    app: axum::Router,
    peer: Peer,
    activity: std::sync::Arc<Activity>,
) -> TowerToHyperService<
    impl tower::Service<
        axum::http::Request<hyper::body::Incoming>,
        Response = axum::response::Response,
        Error = std::convert::Infallible,
        Future = impl Send,
    > + Clone,
> {
    TowerToHyperService::new(tower::service_fn(
        move |mut req: axum::http::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(peer);
            let in_flight = activity.request();
            let answer = tower::ServiceExt::oneshot(app.clone(), req);
            // In flight until the answer's body is written (or dropped).
            async move {
                answer
                    .await
                    .map(|res| res.map(|body| axum::body::Body::new(in_flight.guarding(body))))
            }
        },
    ))
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    /// Where `/metrics` is served alone, with `--metrics-listen`.
    pub metrics_addr: Option<SocketAddr>,
    pub state: AppState,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    metrics_task: Option<JoinHandle<()>>,
}

fn tls_acceptor(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> Result<tokio_rustls::TlsAcceptor, StartError> {
    let tls = |m: String| StartError::Tls(m);
    let certs = rustls_pemfile::certs(&mut std::io::BufReader::new(
        std::fs::File::open(cert).map_err(|e| tls(format!("{}: {e}", cert.display())))?,
    ))
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| tls(e.to_string()))?;
    let key = rustls_pemfile::private_key(&mut std::io::BufReader::new(
        std::fs::File::open(key).map_err(|e| tls(format!("{}: {e}", key.display())))?,
    ))
    .map_err(|e| tls(e.to_string()))?
    .ok_or_else(|| tls("no private key found".into()))?;
    let mut config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| tls(e.to_string()))?
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .map_err(|e| tls(e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

impl Server {
    /// Builds the state, binds the listener and starts serving.
    pub async fn start(config: crate::ServerConfig) -> Result<Server, StartError> {
        let listen = config.listen;
        let tls = match (&config.tls_cert, &config.tls_key) {
            (Some(c), Some(k)) => Some(tls_acceptor(c, k)?),
            (None, None) => None,
            _ => {
                return Err(StartError::Tls(
                    "--tls-cert and --tls-key must be given together".into(),
                ));
            }
        };
        let state = AppState::build(config).await?;
        state.start_background().await;
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| StartError::Listen(listen, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError::Listen(listen, e))?;
        let (stop, mut stopped) = watch::channel(false);
        let (metrics_addr, metrics_task) = match state.config.metrics_listen {
            Some(at) => {
                let l = TcpListener::bind(at)
                    .await
                    .map_err(|e| StartError::Listen(at, e))?;
                let bound = l.local_addr().map_err(|e| StartError::Listen(at, e))?;
                let app = crate::api::metrics::scrape_router(state.clone());
                let mut stop_metrics = stop.subscribe();
                let task = tokio::spawn(async move {
                    let serve = axum::serve(l, app).with_graceful_shutdown(async move {
                        let _ = stop_metrics.changed().await;
                    });
                    if let Err(e) = serve.await {
                        tracing::warn!(error = %e, "the metrics listener stopped");
                    }
                });
                (Some(bound), Some(task))
            }
            None => (None, None),
        };
        let app = crate::api::router(state.clone());
        let idle = state.config.read_timeout();
        let drain = state.config.drain_timeout();
        let limit = ConnectionLimit::new(state.config.max_connections);
        let builder = connection_builder(idle);
        let task = tokio::spawn(async move {
            let graceful = hyper_util::server::graceful::GracefulShutdown::new();
            let mut refused_since_log = 0u64;
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let (tcp, peer) = match accepted {
                            Ok(accepted) => accepted,
                            Err(e) => {
                                // Out of descriptors (or similar): back off instead of spinning.
                                tracing::warn!(error = %e, "accept failed");
                                tokio::time::sleep(ACCEPT_BACKOFF).await;
                                continue;
                            }
                        };
                        let Some(slot) = limit.try_admit() else {
                            // At the cap: close at once, so the client fails fast and the
                            // connections already open keep being served.
                            refused_since_log += 1;
                            if refused_since_log == 1 || refused_since_log.is_multiple_of(1000) {
                                tracing::warn!(max = limit.max(), refused = refused_since_log, "connection cap reached; closing new connections");
                            }
                            drop(tcp);
                            continue;
                        };
                        let _ = tcp.set_nodelay(true);
                        let activity = Activity::new();
                        let service = connection_service(app.clone(), Peer(peer.ip()), activity.clone());
                        let builder = builder.clone();
                        match &tls {
                            None => {
                                let io = TokioIo::new(Watched::new(tcp, activity.clone()));
                                let conn = graceful.watch(builder.serve_connection_with_upgrades(io, service).into_owned());
                                tokio::spawn(async move {
                                    let _slot = slot;
                                    tokio::select! {
                                        _ = conn => {}
                                        _ = activity.idle(idle) => {}
                                    }
                                });
                            }
                            Some(acceptor) => {
                                let acceptor = acceptor.clone();
                                let watcher = graceful.watcher();
                                tokio::spawn(async move {
                                    let _slot = slot;
                                    let Ok(Ok(stream)) = tokio::time::timeout(idle, acceptor.accept(tcp)).await else { return };
                                    let io = TokioIo::new(Watched::new(stream, activity.clone()));
                                    let conn = watcher.watch(builder.serve_connection_with_upgrades(io, service).into_owned());
                                    tokio::select! {
                                        _ = conn => {}
                                        _ = activity.idle(idle) => {}
                                    }
                                });
                            }
                        }
                    }
                    _ = stopped.changed() => break,
                }
            }
            drop(listener);
            // Drain in-flight requests, bounded by the invocation timeout plus a margin.
            if tokio::time::timeout(drain, graceful.shutdown())
                .await
                .is_err()
            {
                tracing::warn!(
                    ?drain,
                    "requests still running after the drain bound; closing them"
                );
            }
        });
        Ok(Server {
            addr,
            metrics_addr,
            state,
            stop,
            task,
            metrics_task,
        })
    }

    /// Stops accepting connections, waits for in-flight requests (bounded by the invocation
    /// timeout), stops background work and writes every queued invocation record. Returns how
    /// many records were written since start.
    pub async fn shutdown(self) -> u64 {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        if let Some(t) = self.metrics_task {
            let _ = t.await;
        }
        self.state.stop_background().await
    }

    /// Serves until Ctrl-C or SIGTERM, then shuts down gracefully.
    pub async fn run_until_signal(self) {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        let term = async {
            if let Ok(mut s) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            {
                s.recv().await;
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {}
            _ = term => {}
        }
        tracing::info!(
            "shutting down: draining in-flight requests (a second signal exits at once)"
        );
        tokio::spawn(async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("second signal: exiting without waiting");
            std::process::exit(130);
        });
        #[cfg(unix)]
        tokio::spawn(async {
            if let Ok(mut s) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            {
                s.recv().await;
                eprintln!("second signal: exiting without waiting");
                std::process::exit(143);
            }
        });
        self.shutdown().await;
    }
}
