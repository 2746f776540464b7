//! Admin API: the world written back as a fixture (docs/fixtures.md, "Exporting a world"), in
//! YAML unless `?format=json` asks for JSON.

use axum::extract::{FromRequestParts, Path, State};
use axum::response::IntoResponse;
use http::{StatusCode, header};
use openwork_platform::Error as PlatformError;
use openwork_platform::ids::TenantKey;
use schemars::JsonSchema;
use serde::Deserialize;

use super::{AdminAuth, AdminFailure, AdminQuery, AdminResult};
use crate::routes::{Routes, get};
use crate::state::AppState;
use crate::world::export::{ExportFormat, check_loads, render};

pub fn routes() -> Routes {
    Routes::new()
        .route("/_openwork/v1/fixture", get(export_every_tenant))
        .route(
            "/_openwork/v1/tenants/{tenant_key}/fixture",
            get(export_tenant),
        )
}

/// An export's query: `?format=yaml|json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `yaml` (the default) or `json`.
    format: Option<String>,
}

/// The format a query asks for (YAML when absent). Decoded before the tenant is looked up,
/// like a body.
struct Format(ExportFormat);

impl<S: Send + Sync> FromRequestParts<S> for Format {
    type Rejection = AdminFailure;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Self, AdminFailure> {
        let AdminQuery(query) = AdminQuery::<ExportQuery>::from_request_parts(parts, state).await?;
        match query.format.as_deref() {
            None => Ok(Self(ExportFormat::default())),
            Some(name) => ExportFormat::parse(name).map(Self).ok_or_else(|| {
                PlatformError::BadRequest(format!(
                    "format {name:?} is not one this call writes: ask for yaml or json"
                ))
                .into()
            }),
        }
    }
}

/// `GET /_openwork/v1/fixture`: every tenant as one fixture.
async fn export_every_tenant(
    _: AdminAuth,
    State(state): State<AppState>,
    Format(format): Format,
) -> AdminResult {
    exported(&state, None, format).await
}

/// `GET /_openwork/v1/tenants/{tenant_key}/fixture`: one tenant as a fixture.
async fn export_tenant(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
    Format(format): Format,
) -> AdminResult {
    exported(&state, Some(&TenantKey::new(tenant_key)), format).await
}

/// The export as text, once it is known to load. A state the fixture cannot say, or only in a
/// form its checks refuse, answers 409 `not_exportable` with the path of the value and why.
async fn exported(state: &AppState, only: Option<&TenantKey>, format: ExportFormat) -> AdminResult {
    let services = &state.services;
    let doc = services
        .export_fixture(only)
        .await
        .map_err(not_exportable)?;
    let text = render(&doc, format);
    check_loads(&text, services.platform.real_now()).map_err(|err| {
        not_exportable(match err {
            PlatformError::InvalidFixture { path, message } => PlatformError::InvalidFixture {
                path,
                message: format!(
                    "{message} (the API changed the world after it was loaded in a way a \
                     fixture's checks refuse; change it back, or export another tenant)"
                ),
            },
            other => other,
        })
    })?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, format.content_type())],
        text,
    )
        .into_response())
}

/// What the export refused to write is a conflict with the world's state, not a bad request.
fn not_exportable(err: PlatformError) -> AdminFailure {
    match err {
        PlatformError::InvalidFixture { path, message } => AdminFailure {
            path: Some(path.clone()),
            ..AdminFailure::new(
                StatusCode::CONFLICT,
                "not_exportable",
                format!("cannot export the world as a fixture: {path}: {message}"),
            )
        },
        other => AdminFailure::from(other),
    }
}
