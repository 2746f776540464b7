//! Explanations: for every refused request, which rule fired, in the terms of the fixture and
//! the command line, and what to change. They go into the journal entry and the
//! `X-Openwork-Explain` header; the vendor's body is never touched.

use openwork_platform::error::{GatewayError, OAuthError};
use openwork_platform::{Error as PlatformError, FieldViolation, TokenKind};

use super::facts;

/// "app `cli_x`", or "the app" when the caller is not known yet.
fn the_app() -> String {
    facts()
        .app_id
        .map_or_else(|| "the app".to_owned(), |app| format!("app `{app}`"))
}

/// "`find_by_page`-like operation name", or "this API".
fn the_operation() -> String {
    facts()
        .operation
        .map_or_else(|| "this API".to_owned(), |op| format!("`{op}`"))
}

fn token_source(presented: TokenKind) -> &'static str {
    match presented {
        TokenKind::Tenant => {
            "get a new one from POST /open-apis/auth/v3/tenant_access_token/internal"
        }
        TokenKind::User => {
            "get a new one through the OAuth flow or POST /_openwork/v1/tenants/{tenant}/user_access_tokens"
        }
        TokenKind::DingTalk => "get a new one from GET /gettoken",
    }
}

/// A platform error's rule and fix.
pub fn platform(err: &PlatformError) -> String {
    match err {
        PlatformError::InvalidCredentials => {
            "no app of any tenant has this app_id and app_secret; \
             compare them with the app's entry under tenants[].apps[] in the fixture (the \
             demo's are printed at start)"
                .to_owned()
        }
        PlatformError::MissingToken => format!(
            "{} needs an access token: send `Authorization: Bearer <token>`; a tenant token comes \
             from POST /open-apis/auth/v3/tenant_access_token/internal",
            the_operation()
        ),
        PlatformError::InvalidToken { presented } => format!(
            "the access token is not one openwork issued, has expired, or is of a kind {} does \
             not take (tokens also end when a fixture load or reset replaces their tenant); {}",
            the_operation(),
            token_source(*presented)
        ),
        PlatformError::TenantGone { presented } => format!(
            "the token's tenant was deleted or replaced while the request ran; {}",
            token_source(*presented)
        ),
        PlatformError::ScopeRequired { scopes } => scope_required(scopes),
        PlatformError::RateLimited {
            limit,
            reset_seconds,
        } => format!(
            "rate limit of {limit} calls for {} reached by {}; the window resets in \
             {reset_seconds} s. `openwork serve --rate-limits off` disables limits",
            the_operation(),
            the_app()
        ),
        PlatformError::FieldValidation(violations) => {
            fields("the request does not fit the API's schema", violations)
        }
        PlatformError::OAuth(oauth) => oauth_rule(oauth).to_owned(),
        PlatformError::Gateway(gateway) => self::gateway(gateway),
        PlatformError::NotFound { what } => format!("{what} does not exist"),
        PlatformError::InvalidFixture { path, message } => {
            format!("the fixture breaks a rule at {path}: {message}")
        }
        PlatformError::BadRequest(message) => message.clone(),
        PlatformError::Storage(_) => internal(),
    }
}

/// The app lacks every scope the operation accepts.
fn scope_required(scopes: &[String]) -> String {
    let hint = if scopes == ["contact:user.employee_id:readonly"] {
        ", which `user_id_type=user_id` needs (or ask with `user_id_type=open_id`)"
    } else {
        ""
    };
    format!(
        "{} lacks {} {}{hint}; add one to the app's `scopes` in the fixture (tenants[].apps[] \
         with its app_id) and load it again",
        the_app(),
        if scopes.len() == 1 {
            "scope"
        } else {
            "every one of the scopes"
        },
        scopes
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn oauth_rule(err: &OAuthError) -> &'static str {
    match err {
        OAuthError::InvalidRequest(_) => {
            "the OAuth request lacks a parameter or has a malformed one"
        }
        OAuthError::UnsupportedGrantType => {
            "grant_type must be authorization_code (or refresh_token on the refresh endpoint)"
        }
        OAuthError::InvalidCode => {
            "the OAuth code is unknown or was used already: codes are single-use"
        }
        OAuthError::ExpiredCode => "the OAuth code is older than 5 minutes; sign in again",
        OAuthError::InvalidRefreshToken => {
            "the refresh token is unknown or was used already: refresh tokens rotate"
        }
        OAuthError::ExpiredRefreshToken => "the refresh token has expired; sign in again",
        OAuthError::AppMismatch => "the code or refresh token belongs to another app",
    }
}

pub fn gateway(err: &GatewayError) -> String {
    match err {
        GatewayError::UnknownApi(name) => format!(
            "openwork serves no DingTalk API named {name}; docs/compat.md lists the supported ones"
        ),
        GatewayError::MissingArgument(name) => format!("the required argument {name} is missing"),
        GatewayError::InvalidArgument { name, reason } => {
            format!("the argument {name} is invalid: {reason}")
        }
        GatewayError::NoPermission(api) => format!(
            "{} may not call {api}; add it to the app's `dingtalk.permissions` in the fixture",
            the_app()
        ),
        GatewayError::MissingCredentials => {
            "/gettoken needs appkey and appsecret (or corpid and corpsecret)".to_owned()
        }
        GatewayError::BadCredentials => "no app has this appkey and appsecret; compare them with \
             the app's `dingtalk` entry in the fixture"
            .to_owned(),
    }
}

/// Offending values, each with why.
pub fn fields(rule: &str, violations: &[FieldViolation]) -> String {
    let each: Vec<String> = violations
        .iter()
        .map(|v| {
            if v.value.is_empty() {
                format!("{}: {}", v.field, v.description)
            } else {
                format!("{} = {:?}: {}", v.field, v.value, v.description)
            }
        })
        .collect();
    format!("{rule}: {}", each.join("; "))
}

/// A failure inside openwork.
pub fn internal() -> String {
    "openwork failed inside; the server log has the cause under this request's log_id".to_owned()
}

/// A path no route serves.
pub fn no_route(method: &str, path: &str) -> String {
    format!(
        "openwork serves no {method} {path}: the vendor answers an unknown path with this plain \
         404 too; docs/compat.md lists every endpoint openwork serves"
    )
}
