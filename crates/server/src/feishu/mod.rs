//! The Feishu open platform: one route table per vendor service, each endpoint declaring the
//! tokens and scopes it accepts and its documented rate limit.

mod auth;
pub(crate) mod authen;
mod contact;
pub mod envelope;
pub mod extract;
mod performance;
mod report;

use std::collections::BTreeSet;

use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use openwork_platform::Error;
use openwork_platform::TokenKind;
use openwork_platform::access::Access;

use crate::journal;
use crate::journal::faults::Vendor;
use crate::middleware::rate_limit::RateLimit;
use crate::routes::{Routes, Served};
use crate::state::AppState;
use envelope::FeishuError;
use extract::bearer_token;

/// What a Feishu API accepts: its vendor name (for limits and logs), token kinds, scopes (any one
/// suffices; none means no scope check) and documented rate limit.
#[derive(Debug)]
pub struct Endpoint {
    pub name: &'static str,
    pub tokens: &'static [TokenKind],
    pub scopes: &'static [&'static str],
    pub rate_limit: Option<RateLimit>,
}

pub const TENANT: &[TokenKind] = &[TokenKind::Tenant];
pub const TENANT_OR_USER: &[TokenKind] = &[TokenKind::Tenant, TokenKind::User];
pub const USER: &[TokenKind] = &[TokenKind::User];

/// Guards `route` with `endpoint`'s checks, in the vendor's order: token → scope → rate limit.
/// Parameters are checked after, by the handler's extractors. The handler reads the checked
/// caller as `Extension<Access>`.
pub fn guarded(state: &AppState, endpoint: &'static Endpoint, route: Served) -> Served {
    let state = state.clone();
    route.layered(|route| route.route_layer(from_fn_with_state((state, endpoint), authorize)))
}

async fn authorize(
    State((state, endpoint)): State<(AppState, &'static Endpoint)>,
    mut request: Request,
    next: Next,
) -> Response {
    journal::note_operation(endpoint.name);
    let token = bearer_token(request.headers()).map(str::to_owned);
    match check(&state, endpoint, token).await {
        Ok(access) => {
            let injected = state
                .faults
                .inject(
                    Vendor::Feishu,
                    endpoint.name,
                    access.tenant_key().as_str(),
                    access.app().app_id.as_str(),
                )
                .await;
            if let Some(answer) = injected {
                return answer;
            }
            request.extensions_mut().insert(access);
            next.run(request).await
        }
        Err(err) => FeishuError::from(err).into_response(),
    }
}

async fn check(
    state: &AppState,
    endpoint: &Endpoint,
    token: Result<String, Error>,
) -> Result<Access, Error> {
    let principal = state.services.platform.authenticate(&token?).await?;
    journal::note_principal(&principal);
    if !endpoint.tokens.contains(&principal.kind) {
        // VENDOR: a valid token of a kind the API does not take is refused as invalid.
        return Err(Error::InvalidToken {
            presented: principal.kind,
        });
    }
    let access = principal.authorize(endpoint.scopes)?;
    if let Some(limit) = endpoint.rate_limit {
        state
            .limiter
            .check(
                access.tenant_key().as_str(),
                access.app().app_id.as_str(),
                endpoint.name,
                limit,
            )
            .await?;
    }
    Ok(access)
}

/// Every scope openwork knows: each one some endpoint accepts, and each one that shows fields.
/// A fixture may grant only these, so that a typo fails the load instead of a later call.
pub fn known_scopes() -> BTreeSet<&'static str> {
    endpoints()
        .flat_map(|endpoint| endpoint.scopes.iter().copied())
        .chain(openwork_platform::service::field_scopes())
        .chain(openwork_performance::USER_SNAPSHOT_SCOPES.all())
        .collect()
}

/// Every endpoint of every service (the token calls of `auth/v3` check no token and have none).
pub fn endpoints() -> impl Iterator<Item = &'static Endpoint> {
    endpoints_by_service()
        .into_iter()
        .flat_map(|(_, endpoints)| endpoints.iter().copied())
}

/// The endpoints of each service, by the service's path segment under `/open-apis/`.
pub fn endpoints_by_service() -> [(&'static str, &'static [&'static Endpoint]); 4] {
    [
        ("authen", authen::ENDPOINTS),
        ("contact", contact::ENDPOINTS),
        ("performance", performance::ENDPOINTS),
        ("report", report::ENDPOINTS),
    ]
}

/// Every Feishu route.
pub fn router(state: &AppState) -> Routes {
    Routes::new()
        .merge(auth::routes())
        .merge(authen::routes(state))
        .merge(contact::routes(state))
        .merge(performance::routes(state))
        .merge(report::routes(state))
        .merge(crate::events::long_connection::routes())
}

#[cfg(test)]
mod tests {
    /// Each service module lists every endpoint it declares in its `ENDPOINTS`, so that
    /// [`super::known_scopes`] misses none (a forgotten one would refuse fixtures granting its
    /// scopes).
    #[test]
    fn every_declared_endpoint_is_listed() {
        let modules = [
            ("authen", include_str!("authen.rs")),
            ("contact", include_str!("contact.rs")),
            ("performance", include_str!("performance.rs")),
            ("report", include_str!("report.rs")),
        ];
        for (module, source) in modules {
            let listed = &source[source.find("static ENDPOINTS").expect(module)..];
            let listed: Vec<&str> = listed[..listed.find("];").expect(module)]
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .collect();
            for line in source.lines() {
                let Some(rest) = line.strip_prefix("static ") else {
                    continue;
                };
                let Some(name) = rest.strip_suffix(": Endpoint = Endpoint {") else {
                    continue;
                };
                assert!(
                    listed.contains(&name),
                    "{module}.rs declares {name} but its ENDPOINTS does not list it"
                );
            }
        }
    }

    /// The compat report's coverage line counts the performance endpoints openwork serves.
    #[test]
    fn the_compat_report_knows_how_many_performance_endpoints_there_are() {
        let report = include_str!("../../../../compat/report.py");
        let served = super::performance::ENDPOINTS.len();
        assert!(
            report.contains(&format!("\"/open-apis/performance/\", {served})")),
            "compat/report.py's MODULES must say openwork serves {served} performance endpoints"
        );
    }
}
