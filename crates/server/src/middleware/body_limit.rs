//! How large a request body may be, per route, and the one way handlers read a body. A body is
//! read only up to its route's limit, never buffered past it: a client that sends more gets its
//! vendor's invalid-parameter answer (each reader says it in its own envelope) after at most the
//! limit has been read, and one that declares more in `Content-Length` before any is read.
//!
//! VENDOR: neither vendor documents its gateway's limits. openwork's are generous for what each
//! call carries, and small where a call is unauthenticated (docs/compat.md, "Request limits").

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request};
use axum::routing::MethodRouter;
use axum::{Extension, Router};
use http::Extensions;
use http_body::Body as _;

use crate::state::AppState;

/// The token calls: a few credentials, read before anyone is authenticated, so not configurable:
/// no client needs more, and a larger limit would only let strangers make the server read more.
pub const TOKEN_BODY_BYTES: usize = 64 * 1024;

/// The configurable limits (`--max-body-size`, `--max-batch-size`, `--max-fixture-size`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyLimits {
    /// Every vendor call but the token calls and the batch imports.
    pub api: usize,
    /// The batch imports (`contact/v2/*/batch_add`): a 10,000-user batch is a few MB.
    pub batch: usize,
    /// The admin API's fixture upload.
    pub fixture: usize,
}

impl Default for BodyLimits {
    fn default() -> Self {
        Self {
            api: 4 * 1024 * 1024,
            batch: 32 * 1024 * 1024,
            fixture: 64 * 1024 * 1024,
        }
    }
}

/// The limit of the route a request was routed to.
#[derive(Clone, Copy, Debug)]
struct BodyLimit(usize);

/// Gives every route of `router` the limit `bytes`, unless its own says otherwise. axum's
/// extractors that read bodies (`Bytes`, `Json`, …) keep to the same limit.
pub fn everywhere(router: Router<AppState>, bytes: usize) -> Router<AppState> {
    router
        .layer(Extension(BodyLimit(bytes)))
        .layer(DefaultBodyLimit::max(bytes))
}

/// Gives one route the limit `bytes`.
pub fn on_route(route: MethodRouter<AppState>, bytes: usize) -> MethodRouter<AppState> {
    route
        .route_layer(Extension(BodyLimit(bytes)))
        .layer(DefaultBodyLimit::max(bytes))
}

/// Why a body could not be read, in words for the caller.
#[derive(Debug)]
pub struct Unreadable(pub String);

/// The body of `request`, read up to its route's limit.
pub async fn read(request: Request) -> Result<Bytes, Unreadable> {
    let limit = limit_of(request.extensions());
    read_body(request.into_body(), limit).await
}

/// `body`, read up to `limit` bytes; one whose `Content-Length` says more is not read at all.
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, Unreadable> {
    if body.size_hint().lower() > limit as u64 {
        return Err(too_large(limit));
    }
    axum::body::to_bytes(body, limit).await.map_err(|err| {
        let past_limit = std::error::Error::source(&err)
            .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
        if past_limit {
            too_large(limit)
        } else {
            Unreadable("the request body broke off before its end; send it again".to_owned())
        }
    })
}

fn too_large(limit: usize) -> Unreadable {
    Unreadable(format!(
        "the request body is larger than the {} bytes this call accepts; send a smaller one",
        thousands(limit)
    ))
}

/// Every route gets a limit ([`everywhere`]); a router built without one reads nothing.
fn limit_of(extensions: &Extensions) -> usize {
    extensions.get::<BodyLimit>().map_or(0, |limit| limit.0)
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(65_536), "65,536");
        assert_eq!(thousands(33_554_432), "33,554,432");
    }

    #[tokio::test]
    async fn a_body_is_read_up_to_its_limit_and_no_further() {
        let read = read_body(Body::from(vec![b'x'; 10]), 10).await.unwrap();
        assert_eq!(read.len(), 10);
        let Unreadable(why) = read_body(Body::from(vec![b'x'; 11]), 10).await.unwrap_err();
        assert_eq!(
            why,
            "the request body is larger than the 10 bytes this call accepts; send a smaller one"
        );
        // A body of unknown length is cut off at the limit as it streams in.
        let chunks =
            [b"xxxxxx", b"xxxxxx"].map(|chunk| Ok::<_, std::io::Error>(Bytes::from_static(chunk)));
        let streamed = Body::from_stream(futures::stream::iter(chunks));
        let Unreadable(why) = read_body(streamed, 10).await.unwrap_err();
        assert!(why.contains("larger than the 10 bytes"), "{why}");
    }
}
