//! One accepted connection's guards: the connection cap, the idle and first-byte timeout for
//! HTTP/1 and HTTP/2 alike, and JSON bodies on the answers hyper writes itself.
//!
//! **Architecture Invariant:** every accepted connection holds a [`ConnectionSlot`] for its whole
//! life, and is closed once it has had no request in flight and no bytes in either direction
//! for the idle timeout. A silent TCP connection, an HTTP/2 connection that only sent its
//! preface and a keep-alive connection nobody uses all end within that time; a slow
//! invocation does not (a request is in flight).
//!
//! hyper answers requests it cannot parse (a URI over its limit: 414; a head over its buffer:
//! 431; garbage: 400) itself, with an empty body. [`Watched`] recognises those answers as they
//! are written and sends the platform's JSON error body instead, so every answer carries a seed
//! code. Below hyper's own limits the API's guard ([`crate::api`]) answers first.

use fnhost_model::ErrorCode;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The longest request URI (bytes) and request head the server accepts.
pub const MAX_URI_BYTES: usize = 8 * 1024;
pub const MAX_HEADERS: usize = 100;
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

pub const URI_TOO_LONG: &str =
    "the request URI is longer than the server accepts (limit 8192 bytes)";
pub const HEADERS_TOO_LARGE: &str =
    "the request headers are larger than the server accepts (limit 100 headers and 65536 bytes)";

/// Descriptors kept free for the store, the data directory and outbound HTTP.
const DESCRIPTOR_RESERVE: u64 = 256;

/// The connection cap: at most this many connections are open at once; more are closed at once
/// on accept (the accept loop never blocks or spins on them).
#[derive(Clone)]
pub struct ConnectionLimit {
    slots: Arc<Semaphore>,
    max: usize,
}

/// A place under the cap, released when the connection ends.
pub struct ConnectionSlot(#[allow(dead_code)] OwnedSemaphorePermit);

impl ConnectionLimit {
    /// The configured cap, lowered to what the process's descriptor limit can hold (the soft
    /// limit is raised to the hard limit first).
    pub fn new(configured: usize) -> ConnectionLimit {
        let descriptors = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
        let fits = descriptors.saturating_sub(DESCRIPTOR_RESERVE).max(16);
        let max = configured
            .min(usize::try_from(fits).unwrap_or(usize::MAX))
            .max(1);
        if max < configured {
            tracing::warn!(
                configured,
                max,
                descriptors,
                "the connection cap is lowered to fit the descriptor limit"
            );
        }
        ConnectionLimit {
            slots: Arc::new(Semaphore::new(max)),
            max,
        }
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// A slot for a new connection, or `None` when the cap is reached.
    pub fn try_admit(&self) -> Option<ConnectionSlot> {
        self.slots
            .clone()
            .try_acquire_owned()
            .ok()
            .map(ConnectionSlot)
    }
}

/// When a connection last did anything, and how many of its requests are being answered.
pub struct Activity {
    /// When the connection was accepted.
    epoch: Instant,
    /// Milliseconds since `epoch` at the last byte read or written.
    last_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    pub fn new() -> Arc<Activity> {
        Arc::new(Activity {
            epoch: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        })
    }

    fn touch(&self) {
        let ms = self.epoch.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        let now = self.epoch.elapsed().as_millis() as u64;
        Duration::from_millis(now.saturating_sub(self.last_ms.load(Ordering::Relaxed)))
    }

    /// Marks a request as being answered until the guard drops.
    pub fn request(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self.clone())
    }

    /// Resolves once the connection has been idle (nothing in flight, no bytes) for `idle`.
    pub async fn idle(&self, idle: Duration) {
        loop {
            let quiet = self.idle_for();
            if self.in_flight.load(Ordering::Relaxed) == 0 && quiet >= idle {
                return;
            }
            let wait = idle.saturating_sub(quiet).max(Duration::from_millis(250));
            tokio::time::sleep(wait).await;
        }
    }
}

/// A request being answered (see [`Activity::request`]).
pub struct InFlight(Arc<Activity>);

impl InFlight {
    /// Keeps the request in flight until `body` has been written or dropped.
    pub fn guarding(self, body: axum::body::Body) -> Guarded {
        Guarded {
            body,
            _in_flight: self,
        }
    }
}

/// An answer's body that keeps its request in flight.
pub struct Guarded {
    body: axum::body::Body,
    _in_flight: InFlight,
}

impl http_body::Body for Guarded {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A connection's byte stream (plain TCP or TLS, below HTTP): records activity, and gives
/// hyper's own bodiless error answers a JSON body.
pub struct Watched<T> {
    io: T,
    activity: Arc<Activity>,
    /// A replacement answer being written in place of hyper's: bytes and how many are written.
    replacement: Option<(Vec<u8>, usize)>,
    /// Whether the last write took its whole buffer, so the next one starts a new message.
    at_boundary: bool,
    /// The yield before a message's first write (see [`Watched::poll_write`]), while it waits.
    turn: Option<Pin<Box<dyn std::future::Future<Output = ()> + Send>>>,
    /// The current message has had its yield: its writes go straight out.
    yielded: bool,
}

impl<T> Watched<T> {
    pub fn new(io: T, activity: Arc<Activity>) -> Self {
        activity.touch();
        Watched {
            io,
            activity,
            replacement: None,
            at_boundary: true,
            turn: None,
            yielded: false,
        }
    }
}

/// hyper's answer to a request it could not parse: the status line, `content-length: 0` and
/// no content type. The API never answers an error without a body.
fn hyper_error_answer(head: &[u8]) -> Option<(u16, &'static str)> {
    let rest = head.strip_prefix(b"HTTP/1.1 ")?;
    let (status, what) = match rest.get(..4)? {
        b"400 " => (400, "the request could not be parsed as HTTP"),
        b"414 " => (414, URI_TOO_LONG),
        b"431 " => (431, HEADERS_TOO_LARGE),
        _ => return None,
    };
    let head_end = head.windows(4).position(|w| w == b"\r\n\r\n")?;
    // hyper's error answer is a whole buffer of its own: the head and nothing after it.
    if head_end + 4 != head.len() {
        return None;
    }
    let head = std::str::from_utf8(&head[..head_end])
        .ok()?
        .to_ascii_lowercase();
    if !head.contains("\r\ncontent-length: 0") || head.contains("\r\ncontent-type:") {
        return None;
    }
    Some((status, what))
}

fn replacement_answer(status: u16, message: &str) -> Vec<u8> {
    let reason = match status {
        400 => "Bad Request",
        414 => "URI Too Long",
        _ => "Request Header Fields Too Large",
    };
    let body = serde_json::json!({
        "errorCode": ErrorCode::EsBadInput.as_str(),
        "errorMsg": message,
    })
    .to_string();
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\ndate: {}\r\n\r\n{body}",
        body.len(),
        httpdate::fmt_http_date(std::time::SystemTime::now())
    )
    .into_bytes()
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(res, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        res
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        // Only a buffer that starts a message while no request is being answered can be
        // hyper's own refusal; anything else (a body, a pipelined answer) passes untouched.
        if this.replacement.is_none()
            && this.at_boundary
            && this.activity.in_flight.load(Ordering::Relaxed) == 0
            && let Some((status, message)) = hyper_error_answer(buf)
        {
            this.replacement = Some((replacement_answer(status, message), 0));
        }
        if let Some((bytes, written)) = &mut this.replacement {
            if *written == bytes.len() && !this.at_boundary {
                // The replacement ended the conversation: nothing more goes out.
                return Poll::Ready(Err(io::ErrorKind::BrokenPipe.into()));
            }
            // Write the whole replacement, then report hyper's bytes as written (hyper retries
            // the same buffer after `Pending`, so the replacement continues where it stopped).
            while *written < bytes.len() {
                match Pin::new(&mut this.io).poll_write(cx, &bytes[*written..]) {
                    Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                    Poll::Ready(Ok(n)) => *written += n,
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => return Poll::Pending,
                }
            }
            this.activity.touch();
            // hyper's refusal counts as written; it closes the connection after it.
            this.at_boundary = false;
            return Poll::Ready(Ok(buf.len()));
        }
        // Each message waits one scheduler turn before its first write: the worker first runs the
        // other connections that are ready, so the answers of one turn go out back to back. A
        // send that wakes a sleeping reader (the client's thread) costs far more than one to a
        // reader that is already running, and under load most sends now find it running
        // (docs/BENCHMARKS.md, "Executor model": +8-10% gateway throughput). A lone request
        // waits for one pass of the scheduler, microseconds.
        if this.at_boundary && !this.yielded {
            let turn = this
                .turn
                .get_or_insert_with(|| Box::pin(tokio::task::yield_now()));
            if turn.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.turn = None;
            this.yielded = true;
        }
        let res = Pin::new(&mut this.io).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = res {
            if n == buf.len() {
                this.yielded = false;
            }
            if n > 0 {
                this.activity.touch();
            }
            this.at_boundary = n == buf.len();
        }
        res
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    // Vectored writes are left unimplemented (the default writes the first buffer), so hyper
    // hands over each answer head as one contiguous buffer that `poll_write` can recognise.
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hyper_s_bodiless_parse_errors_are_replaced() {
        let hyper = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Sat, 28 Nov 2026 18:00:00 GMT\r\n\r\n";
        assert_eq!(hyper_error_answer(hyper).map(|a| a.0), Some(431));
        let uri = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(hyper_error_answer(uri).map(|a| a.0), Some(414));
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n";
        assert!(hyper_error_answer(ours).is_none());
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert!(hyper_error_answer(ok).is_none());
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n";
        assert!(hyper_error_answer(with_body).is_none());
        // Not a buffer of its own (e.g. such text inside a body, or followed by more): untouched.
        let inside = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\nmore";
        assert!(hyper_error_answer(inside).is_none());
        let answer = String::from_utf8(replacement_answer(414, "m")).unwrap();
        let body = answer.split("\r\n\r\n").nth(1).unwrap();
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["errorCode"], "com.liveperson.faas.es.badinput");
        assert!(answer.contains(&format!("content-length: {}\r\n", body.len())));
    }

    async fn poll_once<T: AsyncWrite + Unpin>(
        w: &mut Watched<T>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut *w).poll_write(cx, bytes))).await
    }

    /// A message's first write waits one turn of the scheduler (`Pending`, its task woken
    /// again), then goes out; the rest of a partly written message does not wait again.
    #[tokio::test(flavor = "current_thread")]
    async fn a_message_waits_one_scheduler_turn_before_its_first_write() {
        use tokio::io::AsyncReadExt;
        let head = b"HTTP/1.1 200 OK\r\n";
        let (near, mut far) = tokio::io::duplex(20);
        let mut w = Watched::new(near, Activity::new());
        assert!(
            poll_once(&mut w, head).await.is_pending(),
            "a message waits a turn"
        );
        assert!(matches!(poll_once(&mut w, head).await, Poll::Ready(Ok(17))));
        // The next message waits its own turn; then the pipe takes 3 of its bytes.
        assert!(poll_once(&mut w, b"next message").await.is_pending());
        assert!(matches!(
            poll_once(&mut w, b"next message").await,
            Poll::Ready(Ok(3))
        ));
        let mut got = [0u8; 20];
        far.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"HTTP/1.1 200 OK\r\nnex");
        // Its rest goes straight out once there is room: no second turn.
        assert!(matches!(
            poll_once(&mut w, b"t message").await,
            Poll::Ready(Ok(9))
        ));
        let mut rest = [0u8; 9];
        far.read_exact(&mut rest).await.unwrap();
        assert_eq!(&rest, b"t message");
    }
}
