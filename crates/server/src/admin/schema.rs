//! `GET /_openwork/v1/fixture.schema.json`: the fixture format as a JSON Schema, for editors
//! (docs/fixtures.md, "Editor support").
//!
//! It needs no admin token, like `healthz`: it is public metadata — the same for every server
//! of a version, holding no tenant's data — and editors fetch it with no way to send a token.

use std::sync::LazyLock;

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

use crate::routes::{Routes, get};
use crate::world::fixture::json_schema;

pub const PATH: &str = "/_openwork/v1/fixture.schema.json";

pub fn routes() -> Routes {
    Routes::new().route(PATH, get(fixture_schema))
}

/// The schema never changes while the server runs: made once, on the first request.
static FIXTURE_SCHEMA: LazyLock<String> = LazyLock::new(|| {
    serde_json::to_string_pretty(&json_schema()).expect("the fixture schema serialises")
});

/// `GET /_openwork/v1/fixture.schema.json`.
async fn fixture_schema() -> Response {
    let mut response = FIXTURE_SCHEMA.as_str().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/schema+json"),
    );
    response
}
