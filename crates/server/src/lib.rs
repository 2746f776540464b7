//! The openwork HTTP server: the Feishu and DingTalk open APIs and the admin API, over axum and
//! hyper — the front ends that turn wire requests into the services' commands and their answers
//! and errors into the vendors' envelopes — and the composition root that binds the platform and
//! every service to one database.

mod admin;
pub mod config;
mod console;
pub mod dingtalk;
pub mod feishu;
mod http;
mod jobs;
pub mod journal;
pub mod middleware;
mod routes;
mod services;
pub mod state;
pub mod world;

use std::net::SocketAddr;
use std::sync::Arc;

use ::http::{StatusCode, header};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use openwork_platform::db::Db;
use openwork_platform::ids::{AppId, random_hex32};
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

pub use config::{Config, RateLimits};
use jobs::JobRunner;
use middleware::rate_limit::RateLimiter;
pub use services::{SCHEMAS, Services};
use state::AppState;
use world::fixture::{DEMO_APP_ID, DEMO_TENANT};

/// Largest accepted request body (a 10,000-user batch import is a few MB).
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Meta key of the admin token generated when none is configured.
const ADMIN_TOKEN_KEY: &str = "admin_token";

/// Every route of the server. The journal records inside the log-ID scope, so that its entries
/// carry the ID the answer does; a journal of size 0 kept nowhere adds no layer at all.
pub fn router(state: AppState) -> Router {
    let routes = routes(&state)
        .into_router()
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let routes = if state.journal.is_on() {
        routes.layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state.journal),
            journal::record,
        ))
    } else {
        routes
    };
    routes
        .layer(axum::middleware::from_fn(middleware::log_id::layer))
        .with_state(state)
}

/// Every route table, with the record of what it mounts (checked against the OpenAPI document).
pub(crate) fn routes(state: &AppState) -> routes::Routes {
    routes::Routes::new()
        .merge(feishu::router(state))
        .merge(dingtalk::router())
        .merge(admin::router())
        .merge(console::routes())
}

/// VENDOR: an unknown path or method is a plain-text 404, not a JSON envelope.
async fn not_found(method: ::http::Method, uri: ::http::Uri) -> Response {
    journal::explain(journal::explain::no_route(method.as_str(), uri.path()));
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "404 page not found",
    )
        .into_response()
}

/// The journal `config` asks for; its replica name is the address this replica listens on.
fn journal_for(config: &Config, db: &Db, addr: SocketAddr) -> journal::Journal {
    let settings = &config.journal;
    let sink = settings.in_database.then(|| {
        journal::JournalSink::start(
            openwork_platform::store::SqlJournalStore::new(db.clone()),
            journal::Retention {
                count: settings.keep,
                age: settings.max_age_seconds.map(std::time::Duration::from_secs),
            },
            addr.to_string(),
        )
    });
    journal::Journal::new(addr.to_string(), settings.size, sink)
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database {url}: {source}")]
    Database {
        url: String,
        source: openwork_platform::StoreError,
    },
    #[error("fixture {path}: {source}")]
    Fixture {
        path: String,
        source: openwork_platform::Error,
    },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Setup(#[from] openwork_platform::Error),
}

/// The demo app's credentials, when the demo world is present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoApp {
    pub app_id: String,
    pub app_secret: String,
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    admin_token: String,
    admin_token_generated: bool,
    demo_app: Option<DemoApp>,
    db: Db,
    stop: oneshot::Sender<()>,
    serving: JoinHandle<()>,
    jobs: JobRunner,
}

impl Server {
    /// Opens the database (migrating it), loads the configured fixture or, into a new empty
    /// database, the demo world, and starts serving.
    pub async fn start(config: &Config) -> Result<Self, StartError> {
        let services = Services::open(&config.db).await?;
        let Services { db, platform, .. } = &services;
        match &config.fixture {
            Some(path) => {
                let fixture_error = |source| StartError::Fixture {
                    path: path.display().to_string(),
                    source,
                };
                let text = std::fs::read_to_string(path).map_err(|err| {
                    fixture_error(openwork_platform::Error::BadRequest(err.to_string()))
                })?;
                services.load_fixture(&text).await.map_err(fixture_error)?;
            }
            None => {
                services.load_demo_if_empty().await?;
            }
        }
        let (admin_token, admin_token_generated) = match &config.admin_token {
            Some(token) => (token.clone(), false),
            None => {
                let fresh = random_hex32();
                let stored = platform.setting_or_insert(ADMIN_TOKEN_KEY, &fresh).await?;
                (stored, true)
            }
        };
        let demo_app = platform
            .app(&AppId::from(DEMO_APP_ID))
            .await?
            .filter(|app| app.tenant_key.as_str() == DEMO_TENANT)
            .map(|app| DemoApp {
                app_id: app.app_id.to_string(),
                app_secret: app.app_secret,
            });

        let listener =
            TcpListener::bind(&config.listen)
                .await
                .map_err(|source| StartError::Listen {
                    addr: config.listen.clone(),
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| StartError::Listen {
            addr: config.listen.clone(),
            source,
        })?;
        let job_wakeup = Arc::new(Notify::new());
        let jobs = JobRunner::spawn(services.contact.clone(), job_wakeup.clone());
        let db = db.clone();
        let state = AppState {
            limiter: Arc::new(RateLimiter::new(config.rate_limits == RateLimits::Vendor)),
            admin_token: admin_token.as_str().into(),
            job_wakeup,
            journal: Arc::new(journal_for(config, &services.db, addr)),
            faults: Arc::new(journal::faults::Faults::default()),
            services,
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = tokio::spawn(http::serve(listener, router(state), async move {
            let _ = stopped.await;
        }));
        Ok(Self {
            addr,
            admin_token,
            admin_token_generated,
            demo_app,
            db,
            stop,
            serving,
            jobs,
        })
    }

    /// The bound address (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn admin_token(&self) -> &str {
        &self.admin_token
    }

    /// True when the admin token was generated (and stored in the database), not configured.
    pub fn admin_token_generated(&self) -> bool {
        self.admin_token_generated
    }

    pub fn demo_app(&self) -> Option<&DemoApp> {
        self.demo_app.as_ref()
    }

    /// Stops accepting connections, lets the requests in flight finish, lets the job runner
    /// finish its chunk and give up its leases, then closes the database.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        if let Err(err) = self.serving.await {
            tracing::error!(%err, "the server task failed");
        }
        self.jobs.stop().await;
        self.db.close().await;
    }
}
