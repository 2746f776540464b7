//! The HTTP/1.1 listener. VENDOR: header names go out in Title-Case (`Content-Type`,
//! `X-Tt-Logid`), because the Python SDK reads them case-sensitively; `axum::serve` would write
//! them in lower case, so connections are served by hyper with `title_case_headers`.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// How long in-flight requests may take to finish once shutdown begins.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `router` on `listener` until `shutdown` resolves, then stops accepting and waits for
/// the requests in flight. A client gets `header_timeout` to send a request's headers, counted
/// from when the connection is ready for one: a connection that sends half a request, or sits
/// idle between requests, is closed after it rather than held open for ever.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    // HTTP/1.1 only (the vendors' APIs and their SDKs speak nothing else), served by hyper's own
    // HTTP/1 connection: one that first sniffs for HTTP/2 would wait for a silent client's first
    // byte with no timeout.
    let mut builder = http1::Builder::new();
    builder
        .title_case_headers(true)
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
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
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(router.clone());
                let connection = builder
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades();
                let (open, mut stopping) = (open.clone(), stopping.clone());
                tokio::spawn(async move {
                    let _open = open;
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
