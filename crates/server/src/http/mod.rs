//! The HTTP/1.1 listener. VENDOR: header names go out in Title-Case (`Content-Type`,
//! `X-Tt-Logid`), because the Python SDK reads them case-sensitively; `axum::serve` would write
//! them in lower case, so connections are served by hyper with `title_case_headers`.
//!
//! What a hostile client can hold is bounded: at most `--max-connections` connections (more are
//! refused with a plain 503), each with `--header-timeout` to send a request's head, and a
//! connection's first head is read here, into a buffer its own size, before hyper (and its
//! 8 KiB buffer) takes over. hyper's own refusals are rewritten into the vendors' envelopes
//! ([`parser_refusals`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, mpsc, watch};

mod parser_refusals;

use parser_refusals::RewritingParserRefusals;

/// How long in-flight requests may take to finish once shutdown begins.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// How many file descriptors are kept for everything but connections: the database, its WAL
/// and journal files, the listener, logs.
const RESERVED_FDS: usize = 64;

/// What a connection may hold.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// How long a client has to send a request's headers, counted from when the connection is
    /// ready for one: a connection that sends half a request, or sits idle between requests, is
    /// closed after it rather than held open for ever.
    pub header_timeout: Duration,
    /// The most connections served at once.
    pub max_connections: usize,
}

/// The most connections this process can hold: `wanted`, or fewer when the open-file limit is
/// lower (raised to its hard limit first, as far as the system allows). Running out of file
/// descriptors would fail `accept` and every file the server opens; refusing connections past
/// the limit keeps the ones held, and the database, working.
pub fn connection_capacity(wanted: usize) -> usize {
    let Some(open_files) = raise_open_file_limit() else {
        return wanted;
    };
    let capacity = open_files.saturating_sub(RESERVED_FDS).max(1);
    if capacity < wanted {
        // Said, not warned: the server works, with the most connections this system allows.
        tracing::info!(
            "serving at most {capacity} connections, not {wanted}: the open-file limit is \
             {open_files} (raise it with `ulimit -n`, or the container's nofile limit)"
        );
    }
    capacity.min(wanted)
}

/// Raises the soft open-file limit to the hard one; answers the limit now in force.
#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<usize> {
    None
}

/// Raises the soft open-file limit to the hard one; answers the limit now in force.
#[cfg(unix)]
fn raise_open_file_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return None;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    usize::try_from(limit.rlim_cur).ok()
}

/// What a connection past the limit is told before it is closed, without reading its request:
/// it cannot be answered in its vendor's envelope, so the status says it all.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Retry-After: 1\r\n\
Connection: close\r\n\
Content-Length: 67\r\n\
\r\n\
openwork is serving as many connections as it may; try again soon.\n";

/// The most of a first request's head read before hyper takes the connection; hyper refuses
/// heads this long anyway (a request line over 64 KB).
const FIRST_HEAD_BYTES: usize = 80 * 1024;

/// Reads the first request's head (up to its blank line, or [`FIRST_HEAD_BYTES`]) into a buffer
/// as large as what arrived. hyper reserves 8 KiB for a connection as soon as it reads from it;
/// a client that connects and sends nothing, or half a request (the slow attack that holds
/// thousands of connections), holds only these few bytes until its head is whole.
async fn first_head(stream: &TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        stream.readable().await?;
        match stream.try_read(&mut chunk) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                // Only the new bytes and the three before them can complete the blank line.
                let from = head.len().saturating_sub(3);
                head.extend_from_slice(&chunk[..n]);
                let ended = head[from..].windows(4).any(|w| w == b"\r\n\r\n");
                if ended || head.len() >= FIRST_HEAD_BYTES {
                    return Ok(head);
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(err) => return Err(err),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops accepting and waits for
/// the requests in flight. A connection past `limits.max_connections` is answered 503 and
/// closed at once; one whose first head does not arrive within the header timeout is closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    // HTTP/1.1 only (the vendors' APIs and their SDKs speak nothing else), served by hyper's own
    // HTTP/1 connection: one that first sniffs for HTTP/2 would wait for a silent client's first
    // byte with no timeout.
    let mut builder = http1::Builder::new();
    builder
        .title_case_headers(true)
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    // Every connection's task holds a clone of `open`; once they are all gone, so is every
    // connection. `stopping` tells them to finish the request in hand and close.
    let (open, mut all_closed) = mpsc::channel::<()>(1);
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        tracing::warn!(%err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                    // The socket's send buffer is empty: the refusal is written whole, at once.
                    let _ = stream.try_write(REFUSAL);
                    tracing::debug!("connection refused: {} held", limits.max_connections);
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let (builder, router) = (builder.clone(), router.clone());
                let (open, mut stopping) = (open.clone(), stopping.clone());
                let header_timeout = limits.header_timeout;
                tokio::spawn(async move {
                    let (_open, _slot) = (open, slot);
                    let head = tokio::select! {
                        head = tokio::time::timeout(header_timeout, first_head(&stream)) => head,
                        _ = stopping.changed() => return,
                    };
                    let Ok(Ok(head)) = head else {
                        return;
                    };
                    let io = RewritingParserRefusals::new(stream, head);
                    let service = TowerToHyperService::new(router);
                    let connection = builder
                        .serve_connection(TokioIo::new(io), service)
                        .with_upgrades();
                    tokio::pin!(connection);
                    let ended = tokio::select! {
                        ended = connection.as_mut() => ended,
                        _ = stopping.changed() => {
                            // An idle connection closes at once; one mid-request answers it first.
                            connection.as_mut().graceful_shutdown();
                            connection.await
                        }
                    };
                    if let Err(err) = ended {
                        tracing::debug!(%err, "connection ended with an error");
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = stop.send(true);
    drop(open);
    tokio::select! {
        _ = all_closed.recv() => tracing::info!("all connections drained"),
        () = tokio::time::sleep(DRAIN_TIMEOUT) => {
            tracing::warn!("connections still open after {DRAIN_TIMEOUT:?}; closing them");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_refusal_says_its_own_length() {
        let text = std::str::from_utf8(super::REFUSAL).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("Content-Length: "))
            .unwrap();
        assert_eq!(length.parse::<usize>().unwrap(), body.len());
    }
}
