//! The web console at `/_openwork/console`: one page, compiled into the binary, that shows the
//! world and the request journal and moves clocks and faults — all through the admin API with
//! the admin token the operator types in (docs/semantics.md, "The web console").
//!
//! Why static assets and no build step: the page is plain HTML, CSS and JavaScript kept in this
//! folder and included at compile time, so the binary needs nothing at run time and the build
//! needs no network or JavaScript toolchain; and because every view calls the same admin API
//! that scripts use, the console can show nothing a script could not get.

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, header};

use crate::routes::Routes;

/// Why the console is outside the OpenAPI document.
const WEB_PAGE: &str = "the web console: a page for people, not an API";

const PAGE: &str = include_str!("index.html");
const SCRIPT: &str = include_str!("console.js");
const STYLE: &str = include_str!("console.css");

/// The page and its assets: HTML for people, outside the OpenAPI document.
pub fn routes() -> Routes {
    Routes::new()
        .unlisted(
            "/_openwork/console",
            get(|| asset(PAGE, "text/html; charset=utf-8")),
            WEB_PAGE,
        )
        .unlisted(
            "/_openwork/console/console.js",
            get(|| asset(SCRIPT, "text/javascript; charset=utf-8")),
            WEB_PAGE,
        )
        .unlisted(
            "/_openwork/console/console.css",
            get(|| asset(STYLE, "text/css; charset=utf-8")),
            WEB_PAGE,
        )
}

/// An asset of the page. The page itself holds no data: everything it shows comes from the
/// admin API, behind the admin token.
async fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'self'; style-src 'self'; script-src 'self'"),
    );
    response
}
