//! The openwork HTTP server: the Feishu and DingTalk open APIs and the admin API, over axum and
//! hyper — the front ends that turn wire requests into the services' commands and their answers
//! and errors into the vendors' envelopes — and the composition root that binds the platform and
//! every service to one database.

mod admin;
pub mod config;
mod console;
pub mod dingtalk;
pub mod events;
pub mod feishu;
mod http;
mod jobs;
pub mod journal;
pub mod middleware;
mod refusal;
mod results_openings;
mod routes;
mod services;
pub mod state;
pub mod world;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ::http::{StatusCode, header};
use axum::Router;
use axum::response::{IntoResponse, Response};
use openwork_platform::db::Db;
use openwork_platform::directory::{App, Tenant};
use openwork_platform::ids::{TenantKey, random_hex32};
use openwork_platform::service::Platform;
use openwork_wire::admin::TenantSummary;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

pub use config::{Config, RateLimits};
use events::long_connection::{LongConnectionSettings, LongConnections};
use events::webhook::Webhooks;
use events::{DeliverySettings, Dispatcher};
use jobs::JobRunner;
use middleware::body_limit;
use middleware::frame::Frame;
use middleware::rate_limit::RateLimiter;
use results_openings::ResultsOpenings;
pub use services::{SCHEMAS, Services};
use state::{AppState, SharedState};
use world::fixture::{DEMO_APP_ID, DEMO_TENANT};

/// Meta key of the admin token generated when none is configured.
const ADMIN_TOKEN_KEY: &str = "admin_token";

/// Every route of the server, each request in its [`Frame`]; a journal of size 0 kept nowhere
/// adds nothing to it.
pub fn router(state: AppState) -> Router {
    let routes = routes(&state)
        .into_router()
        .fallback(not_found)
        .method_not_allowed_fallback(not_found);
    let frame = Frame {
        journal: state.journal.is_on().then(|| Arc::clone(&state.journal)),
        request_timeout: state.request_timeout,
    };
    body_limit::everywhere(routes, state.body_limits.api)
        .layer(axum::middleware::from_fn_with_state(
            frame,
            middleware::frame::layer,
        ))
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
    #[error(
        "cannot listen on {addr}: {}; choose another address with --listen ADDR (or OPENWORK_LISTEN), e.g. --listen 127.0.0.1:0 for any free port",
        listen_problem(.error)
    )]
    Listen {
        addr: String,
        // Not a `source`: the message says it once, in words, instead of again as a cause.
        error: std::io::Error,
    },
    #[error("{0}")]
    Setup(#[from] openwork_platform::Error),
}

/// Why an address could not be listened on, in words.
fn listen_problem(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::AddrInUse => {
            "another program (perhaps another openwork) already listens there".to_owned()
        }
        std::io::ErrorKind::AddrNotAvailable => "this machine has no such address".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "not permitted (ports below 1024 need privileges)".to_owned()
        }
        _ => error.to_string(),
    }
}

/// The demo world's tenant and its apps (every credential the start banner prints), when the
/// demo world is present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoWorld {
    pub tenant: Tenant,
    /// The demo's main app (`DEMO_APP_ID`) first.
    pub apps: Vec<App>,
}

/// The demo tenant and its apps, when the database holds the demo world (its tenant with its
/// main app).
async fn demo_world(platform: &Platform) -> Result<Option<DemoWorld>, StartError> {
    let tenant_key = TenantKey::from(DEMO_TENANT);
    let mut apps = platform.apps_of(&tenant_key).await?;
    if !apps.iter().any(|app| app.app_id.as_str() == DEMO_APP_ID) {
        return Ok(None);
    }
    apps.sort_by_key(|app| (app.app_id.as_str() != DEMO_APP_ID, app.app_id.clone()));
    let tenant = platform.existing_tenant(&tenant_key).await?;
    Ok(Some(DemoWorld { tenant, apps }))
}

/// What the server loaded as it started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// The `--fixture` file's tenants.
    Fixture {
        path: std::path::PathBuf,
        tenants: Vec<TenantSummary>,
    },
    /// The built-in demo world, into a new, empty database.
    Demo(Vec<TenantSummary>),
    /// Nothing: the database already held tenants.
    Nothing,
}

/// Where a generated admin token is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminTokenKept {
    /// In the database: the next start on it prints the same token.
    InDatabase,
    /// In an in-memory database, so only while this server runs.
    ForThisRun,
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    admin_token: String,
    admin_token_kept: Option<AdminTokenKept>,
    loaded: Loaded,
    demo: Option<DemoWorld>,
    db: Db,
    stop: oneshot::Sender<()>,
    serving: JoinHandle<()>,
    jobs: JobRunner,
    openings: ResultsOpenings,
    dispatcher: Dispatcher,
    long_connections: LongConnections,
    file_watch: JoinHandle<()>,
}

/// How often the database file is looked at (deleted or replaced under the server).
const FILE_WATCH_INTERVAL: Duration = Duration::from_secs(2);

/// Logs when the database file is deleted or replaced under the server, and when it is back:
/// `/healthz` fails meanwhile, but only a log reaches whoever does not poll it.
async fn watch_database_file(db: Db) {
    let mut reported: Option<String> = None;
    let mut ticks = tokio::time::interval(FILE_WATCH_INTERVAL);
    loop {
        ticks.tick().await;
        let problem = db.file_problem();
        match (&problem, &reported) {
            (Some(problem), None) => tracing::error!("{problem}"),
            (None, Some(_)) => tracing::info!("the database file is back where it was opened"),
            _ => {}
        }
        reported = problem;
    }
}

impl Server {
    /// Opens the database (migrating it), loads the configured fixture or, into a new empty
    /// database, the demo world, and starts serving.
    pub async fn start(config: &Config) -> Result<Self, StartError> {
        // Bind before opening the database: an address in use must fail before anything is
        // written, so that no fresh database file is left behind.
        let listen_error = |error| StartError::Listen {
            addr: config.listen.clone(),
            error,
        };
        let listener = TcpListener::bind(&config.listen)
            .await
            .map_err(listen_error)?;
        let addr = listener.local_addr().map_err(listen_error)?;
        let services = Services::open(&config.db).await?;
        let Services { db, platform, .. } = &services;
        let loaded = match &config.fixture {
            Some(path) => {
                let fixture_error = |source| StartError::Fixture {
                    path: path.display().to_string(),
                    source,
                };
                let text = std::fs::read_to_string(path).map_err(|err| {
                    fixture_error(openwork_platform::Error::BadRequest(format!(
                        "cannot read it: {err}"
                    )))
                })?;
                Loaded::Fixture {
                    path: path.clone(),
                    tenants: services.load_fixture(&text).await.map_err(fixture_error)?,
                }
            }
            None => match services.load_demo_if_empty().await? {
                Some(tenants) => Loaded::Demo(tenants),
                None => Loaded::Nothing,
            },
        };
        let (admin_token, admin_token_kept) = match &config.admin_token {
            Some(token) => (token.clone(), None),
            None => {
                let fresh = random_hex32();
                let stored = platform.setting_or_insert(ADMIN_TOKEN_KEY, &fresh).await?;
                let kept = if db.is_in_memory() {
                    AdminTokenKept::ForThisRun
                } else {
                    AdminTokenKept::InDatabase
                };
                (stored, Some(kept))
            }
        };
        let demo = demo_world(platform).await?;

        let job_wakeup = Arc::new(Notify::new());
        let jobs = JobRunner::spawn(services.contact.clone(), job_wakeup.clone());
        let openings =
            ResultsOpenings::spawn(services.platform.clone(), services.performance.clone());
        let db = db.clone();
        let events = &config.events;
        let timeout = Duration::from_secs(events.timeout_s);
        let long_connections = LongConnections::new(LongConnectionSettings {
            ping_interval_s: events.ping_interval_s,
            reconnect_interval_s: events.reconnect_interval_s,
            reconnect_nonce_s: events.reconnect_nonce_s,
            ack_timeout: timeout,
            ..LongConnectionSettings::default()
        });
        let webhooks = Webhooks::new(timeout);
        let dispatcher = Dispatcher::spawn(
            services.platform.clone(),
            webhooks.clone(),
            long_connections.clone(),
            DeliverySettings {
                retry_delays: events
                    .retry_delays_s
                    .iter()
                    .map(|&s| Duration::from_secs(s))
                    .collect(),
                timeout,
            },
        );
        let state = AppState::new(SharedState {
            limiter: Arc::new(RateLimiter::new(
                config.rate_limits == RateLimits::Vendor,
                &services.db,
            )),
            admin_token: admin_token.as_str().into(),
            job_wakeup,
            journal: Arc::new(journal_for(config, &services.db, addr)),
            faults: Arc::new(journal::faults::Faults::default()),
            long_connections: long_connections.clone(),
            webhooks,
            services,
            request_timeout: Duration::from_secs(config.request_timeout_s),
            body_limits: config.body_limits,
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let file_watch = tokio::spawn(watch_database_file(db.clone()));
        let limits = http::ConnectionLimits {
            header_timeout: Duration::from_secs(config.header_timeout_s),
            max_connections: http::connection_capacity(config.max_connections),
        };
        let serving = tokio::spawn(http::serve(listener, router(state), limits, async move {
            let _ = stopped.await;
        }));
        Ok(Self {
            addr,
            admin_token,
            admin_token_kept,
            loaded,
            demo,
            db,
            stop,
            serving,
            jobs,
            openings,
            dispatcher,
            long_connections,
            file_watch,
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

    /// Where the admin token is kept when it was generated; `None` when it was configured.
    pub fn admin_token_kept(&self) -> Option<AdminTokenKept> {
        self.admin_token_kept
    }

    /// What the server loaded as it started.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    pub fn demo(&self) -> Option<&DemoWorld> {
        self.demo.as_ref()
    }

    /// Stops accepting connections, lets the event dispatcher finish the pushes in hand (over
    /// connections still open) and give up its leases, closes the long connections (their
    /// clients reconnect elsewhere), lets the requests in flight finish, lets the job runner
    /// finish its chunk and give up its leases and the watch over results openings finish its
    /// announcement, then closes the database.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        self.dispatcher.stop().await;
        self.long_connections.close_all();
        if let Err(err) = self.serving.await {
            tracing::error!(%err, "the server task failed");
        }
        self.jobs.stop().await;
        self.openings.stop().await;
        self.file_watch.abort();
        self.db.close().await;
    }
}
