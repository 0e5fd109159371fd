//! Serving the emulator over HTTP/1.1 with hyper: body limits, timeouts, graceful shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};

use crate::admin::{ADMIN_PATH, MAX_ADMIN_BODY_BYTES};
use crate::emulator::{Emulator, body_too_large};
use crate::wire;

/// How long a client may take to send a request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections get to finish after shutdown is asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// The most connections served at once; more wait in the listen backlog.
const MAX_CONNECTIONS: usize = 1024;
/// A body over the limit is read and dropped up to this many bytes before the refusal is
/// sent (a lingering close: the client, still sending, gets the answer, not a reset).
const DRAIN_MAX_BYTES: usize = 128 * 1024 * 1024;
/// ... and for at most this long.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

impl Emulator {
    /// Serves HTTP/1.1 on `listener` until `shutdown` completes, then stops accepting, lets
    /// open connections finish their current request (up to 10 s) and returns.
    ///
    /// Never answers bad input with a 5xx or a dropped connection: a body over
    /// [`max_body_bytes`](Self::max_body_bytes) gets `InvalidParameter`, headers hyper cannot
    /// parse get hyper's `400`/`431`.
    pub async fn serve(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> io::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut connections = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            while connections.try_join_next().is_some() {}
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        if connections.len() >= MAX_CONNECTIONS {
                            tracing::warn!(%peer, "connection limit reached; closing");
                            drop(stream);
                            continue;
                        }
                        let _ = stream.set_nodelay(true);
                        let emulator = self.clone();
                        let stop = stop_rx.clone();
                        connections.spawn(serve_connection(emulator, stream, peer, stop));
                    }
                    Err(error) => {
                        // EMFILE and the like: wait a little rather than spin.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
            }
        }
        tracing::info!(open = connections.len(), "shutting down");
        let _ = stop_tx.send(true);
        let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while connections.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!("connections still open after the grace period; closing them");
            connections.abort_all();
        }
        Ok(())
    }

    /// Serves on `127.0.0.1` at a port the system chooses, in a task of the current tokio
    /// runtime, until [`LoopbackServer::shutdown`] (or until the [`LoopbackServer`] is
    /// dropped): for tests, demos and load generators.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use cloudsso_emulator::Emulator;
    ///
    /// let emulator = Emulator::builder().access_key("testid", "testsecret").build()?;
    /// let server = emulator.serve_loopback().await?;
    /// let endpoint = format!("http://{}", server.address());
    /// // ... send requests to `endpoint`, then:
    /// server.shutdown().await?;
    /// # let _ = endpoint;
    /// # Ok(()) }
    /// ```
    pub async fn serve_loopback(&self) -> io::Result<LoopbackServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let emulator = self.clone();
        let task = tokio::spawn(async move {
            emulator
                .serve(listener, async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(LoopbackServer {
            address,
            stop,
            task,
        })
    }
}

/// An emulator served on a loopback port by [`Emulator::serve_loopback`]. Dropping it stops
/// the server as [`shutdown`](Self::shutdown) does, without waiting for it.
#[derive(Debug)]
pub struct LoopbackServer {
    address: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

impl LoopbackServer {
    /// The address served: `127.0.0.1` and the port chosen.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting, lets open connections finish their current request (up to 10 s, as
    /// [`Emulator::serve`]) and returns what serving returned; a panic of the server task is
    /// an error too.
    pub async fn shutdown(self) -> io::Result<()> {
        let _ = self.stop.send(());
        self.task.await.map_err(io::Error::other)?
    }
}

async fn serve_connection(
    emulator: Emulator,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    mut stop: watch::Receiver<bool>,
) {
    let service = service_fn(move |request: http::Request<Incoming>| {
        let emulator = emulator.clone();
        async move { Ok::<_, Infallible>(answer(&emulator, request, peer).await) }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%peer, %error, "connection ended with an error");
                }
                return;
            }
            changed = stop.changed() => {
                connection.as_mut().graceful_shutdown();
                if changed.is_err() || *stop.borrow() {
                    if let Err(error) = connection.as_mut().await {
                        tracing::debug!(%peer, %error, "connection ended with an error");
                    }
                    return;
                }
            }
        }
    }
}

/// Reads the body within the limit and hands the request to the emulator (or, under
/// [`ADMIN_PATH`], to the admin interface).
async fn answer(
    emulator: &Emulator,
    request: http::Request<Incoming>,
    peer: SocketAddr,
) -> http::Response<Full<Bytes>> {
    let (parts, mut body) = request.into_parts();
    let admin = parts.uri.path().starts_with(ADMIN_PATH);
    let max = if admin {
        MAX_ADMIN_BODY_BYTES
    } else {
        emulator.max_body_bytes()
    };
    let refuse = |parts: &http::request::Parts, found: usize| {
        let format =
            wire::requested_format(&http::Request::from_parts(parts.clone(), Bytes::new()));
        let mut response = to_hyper(emulator.reject(&body_too_large(found, max), format));
        response.headers_mut().insert(
            http::header::CONNECTION,
            http::HeaderValue::from_static("close"),
        );
        response
    };
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(length) = declared
        && length > max
    {
        // A client waiting for `100 Continue` sends nothing more: answer at once.
        if !expects_continue(&parts) {
            drain(body).await;
        }
        return refuse(&parts, length);
    }
    let collected = tokio::time::timeout(BODY_READ_TIMEOUT, async {
        let mut bytes = Vec::new();
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else {
                return Err(None);
            };
            if let Ok(data) = frame.into_data() {
                if bytes.len() + data.len() > max {
                    return Err(Some(bytes.len() + data.len()));
                }
                bytes.extend_from_slice(&data);
            }
        }
        Ok(Bytes::from(bytes))
    })
    .await;
    let bytes = match collected {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(Some(found))) => {
            drain(body).await;
            return refuse(&parts, found);
        }
        Ok(Err(None)) => return refuse(&parts, max + 1),
        Err(_) => {
            let format =
                wire::requested_format(&http::Request::from_parts(parts.clone(), Bytes::new()));
            let failure = crate::error::Failure::new(
                "RequestTimeout",
                http::StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body was not received within {} s",
                    BODY_READ_TIMEOUT.as_secs()
                ),
            );
            return to_hyper(emulator.reject(&failure, format));
        }
    };
    let request = http::Request::from_parts(parts, bytes);
    if crate::portal::is_portal_path(request.uri().path()) {
        // Sign-in steps may write the state (a password, an MFA device): off the async
        // workers.
        let worker = emulator.clone();
        let address = peer.ip();
        return match tokio::task::spawn_blocking(move || worker.handle_portal(request, address))
            .await
        {
            Ok(response) => to_hyper(response),
            Err(_) => internal_error(emulator),
        };
    }
    if admin {
        let worker = emulator.clone();
        let trusted = peer.ip().is_loopback();
        return match tokio::task::spawn_blocking(move || worker.handle_admin(&request, trusted))
            .await
        {
            Ok(response) => to_hyper(response),
            Err(_) => internal_error(emulator),
        };
    }
    let response = if emulator.has_state_file() && !is_read(&request) {
        // Changes are committed (synced) before they are acknowledged: keep that off the
        // async workers.
        let worker = emulator.clone();
        match tokio::task::spawn_blocking(move || worker.handle(request)).await {
            Ok(response) => response,
            Err(_) => return internal_error(emulator),
        }
    } else {
        emulator.handle(request)
    };
    to_hyper(response)
}

fn internal_error(emulator: &Emulator) -> http::Response<Full<Bytes>> {
    let failure = crate::error::Failure::documented(acs_protocol::ErrorCode::INTERNAL_ERROR);
    to_hyper(emulator.reject(&failure, acs_protocol::Format::Json))
}

/// Whether the request names an action that only reads (`Get*`, `List*`, but not
/// `GetTask`/`GetTaskStatus`, which count status reads): served on the async worker, as it
/// never waits for the disk.
fn is_read(request: &http::Request<Bytes>) -> bool {
    let action = request
        .headers()
        .get("x-acs-action")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            request.uri().query().and_then(|query| {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("Action="))
                    .map(str::to_owned)
            })
        });
    action.is_some_and(|action| {
        (action.starts_with("Get") || action.starts_with("List")) && !action.starts_with("GetTask")
    })
}

/// Whether the client waits for `100 Continue` before sending the body.
fn expects_continue(parts: &http::request::Parts) -> bool {
    parts
        .headers
        .get(http::header::EXPECT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
}

/// Reads and drops what is left of a refused body, up to [`DRAIN_MAX_BYTES`] and
/// [`DRAIN_TIMEOUT`], so that the refusal reaches a client that is still sending (closing
/// with unread data would make the kernel answer with a reset).
async fn drain(mut body: Incoming) {
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, async {
        let mut total = 0_usize;
        while let Some(Ok(frame)) = body.frame().await {
            if let Ok(data) = frame.into_data() {
                total = total.saturating_add(data.len());
                if total > DRAIN_MAX_BYTES {
                    return false;
                }
            }
        }
        true
    })
    .await;
    if !matches!(drained, Ok(true)) {
        tracing::debug!("a refused body was not drained within the bounds; closing");
    }
}

fn to_hyper(response: http::Response<Vec<u8>>) -> http::Response<Full<Bytes>> {
    response.map(|body| Full::new(Bytes::from(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, action_header: Option<&str>) -> http::Request<Bytes> {
        let mut builder = http::Request::post(uri);
        if let Some(action) = action_header {
            builder = builder.header("x-acs-action", action);
        }
        builder.body(Bytes::new()).unwrap()
    }

    #[test]
    fn only_pure_reads_skip_the_blocking_pool() {
        assert!(is_read(&request("/", Some("GetDirectory"))));
        assert!(is_read(&request("/?Format=JSON&Action=ListUsers", None)));
        assert!(!is_read(&request("/", Some("CreateUser"))));
        assert!(!is_read(&request(
            "/?Action=SetMFAAuthenticationStatus",
            None
        )));
        // Status reads move tasks on: they write.
        assert!(!is_read(&request("/", Some("GetTaskStatus"))));
        assert!(!is_read(&request("/?Action=GetTask", None)));
        // No action found: the blocking pool, to be safe.
        assert!(!is_read(&request("/", None)));
    }
}
