//! `openwork serve`: the flags (each also an `OPENWORK_*` variable and a key of the `--config`
//! file), logging, the start banner and the stop signals.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use openwork_server::config::{Config, LogFormat, RateLimits, Settings};
use openwork_server::{AdminTokenKept, DemoWorld, Loaded, Server};

use crate::describe_tenants;

/// The demo world's semester, which shows every stage-task status.
const DEMO_SEMESTER: &str = "7235911950407352321";

/// Each flag is also `OPENWORK_<NAME>` and a key of the `--config` TOML file (e.g.
/// `rate-limits = "off"`); a flag beats its variable, which beats the file.
#[derive(Args)]
pub struct ServeArgs {
    /// A TOML config file with any of the keys below (e.g. `rate-limits = "off"`).
    #[arg(long, env = "OPENWORK_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free one [default: 127.0.0.1:8900].
    #[arg(long, env = "OPENWORK_LISTEN")]
    listen: Option<String>,
    /// Database URL: sqlite://FILE, sqlite::memory: or postgres://… [default: sqlite://./openwork.db].
    #[arg(long, env = "OPENWORK_DB")]
    db: Option<String>,
    /// Load this fixture at start, after migrations.
    #[arg(long, env = "OPENWORK_FIXTURE")]
    fixture: Option<PathBuf>,
    /// The admin API's bearer token [default: generated once and kept in the database].
    #[arg(long, env = "OPENWORK_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// `vendor` enforces the vendors' documented per-app limits, `off` disables them [default: vendor].
    #[arg(long, env = "OPENWORK_RATE_LIMITS")]
    rate_limits: Option<RateLimits>,
    /// How many requests the journal keeps in memory; 0 turns it off [default: 1000].
    #[arg(long, env = "OPENWORK_JOURNAL_SIZE")]
    journal_size: Option<usize>,
    /// Also keep the journal in the database, where every replica's requests are visible.
    #[arg(
        long,
        env = "OPENWORK_JOURNAL_DB",
        value_name = "true|false",
        num_args = 0..=1,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    journal_db: Option<bool>,
    /// The database journal keeps at most this many requests.
    #[arg(long, env = "OPENWORK_JOURNAL_KEEP")]
    journal_keep: Option<u64>,
    /// The database journal keeps no request older than this (seconds, or like 90m, 24h, 7d).
    #[arg(long, env = "OPENWORK_JOURNAL_MAX_AGE")]
    journal_max_age: Option<String>,
    /// `text` (coloured on a terminal) or `json` (one object per line) [default: text].
    #[arg(long, env = "OPENWORK_LOG_FORMAT")]
    log_format: Option<LogFormat>,
    /// `error`, `warn`, `info`, `debug` or `trace`, or RUST_LOG-style directives such as
    /// `info,openwork_server=debug` [default: RUST_LOG, else info].
    #[arg(long, env = "OPENWORK_LOG_LEVEL")]
    log_level: Option<String>,
    /// How long a client may take to send a request's headers, and how long an idle keep-alive
    /// connection stays open [default: 20s].
    #[arg(long, env = "OPENWORK_HEADER_TIMEOUT")]
    header_timeout: Option<String>,
    /// How long a request may take, from its headers to its answer; a slower one is answered
    /// with its vendor's "busy" error [default: 60s].
    #[arg(long, env = "OPENWORK_REQUEST_TIMEOUT")]
    request_timeout: Option<String>,
    /// The most connections served at once (capped by the open-file limit); more are refused
    /// with 503 [default: 30000].
    #[arg(long, env = "OPENWORK_MAX_CONNECTIONS")]
    max_connections: Option<usize>,
    /// The largest body of a vendor call (but the token calls and batch imports), in bytes or
    /// like 512K, 4M [default: 4M].
    #[arg(long, env = "OPENWORK_MAX_BODY_SIZE", value_name = "SIZE")]
    max_body_size: Option<String>,
    /// The largest body of a batch import (`contact/v2/*/batch_add`) [default: 32M].
    #[arg(long, env = "OPENWORK_MAX_BATCH_SIZE", value_name = "SIZE")]
    max_batch_size: Option<String>,
    /// The largest fixture the admin API takes [default: 64M].
    #[arg(long, env = "OPENWORK_MAX_FIXTURE_SIZE", value_name = "SIZE")]
    max_fixture_size: Option<String>,
    /// Delays before each retry of an event push that failed, comma-separated; empty: no retry
    /// [default: 15s,5m,1h,6h, the vendor's].
    #[arg(long, env = "OPENWORK_EVENT_RETRIES", value_name = "DELAYS")]
    event_retries: Option<String>,
    /// How long a webhook may take to answer, and a long-connection client to acknowledge, an
    /// event [default: 3s].
    #[arg(long, env = "OPENWORK_EVENT_TIMEOUT")]
    event_timeout: Option<String>,
    /// The long connection's ping interval the SDKs are told [default: 120s].
    #[arg(long, env = "OPENWORK_EVENT_PING_INTERVAL")]
    event_ping_interval: Option<String>,
    /// How long the SDKs wait between attempts to reconnect a long connection [default: 120s].
    #[arg(long, env = "OPENWORK_EVENT_RECONNECT_INTERVAL")]
    event_reconnect_interval: Option<String>,
    /// The most the SDKs wait, at random, before their first reconnect attempt [default: 30s].
    #[arg(long, env = "OPENWORK_EVENT_RECONNECT_NONCE")]
    event_reconnect_nonce: Option<String>,
}

pub async fn serve(args: ServeArgs) -> Result<()> {
    let file = match &args.config {
        Some(path) => Settings::from_toml_file(path).map_err(anyhow::Error::msg)?,
        None => Settings::default(),
    };
    let flags = Settings {
        listen: args.listen,
        db: args.db,
        fixture: args.fixture,
        admin_token: args.admin_token,
        rate_limits: args.rate_limits,
        journal_size: args.journal_size,
        journal_db: args.journal_db,
        journal_keep: args.journal_keep,
        journal_max_age: args.journal_max_age,
        log_format: args.log_format,
        log_level: args.log_level,
        header_timeout: args.header_timeout,
        request_timeout: args.request_timeout,
        max_connections: args.max_connections,
        max_body_size: args.max_body_size,
        max_batch_size: args.max_batch_size,
        max_fixture_size: args.max_fixture_size,
        event_retries: args.event_retries,
        event_timeout: args.event_timeout,
        event_ping_interval: args.event_ping_interval,
        event_reconnect_interval: args.event_reconnect_interval,
        event_reconnect_nonce: args.event_reconnect_nonce,
    };
    let config = Config::layered(file, flags).map_err(anyhow::Error::msg)?;
    init_logging(&config)?;
    // Listen for signals before announcing readiness: a SIGTERM right after the banner must
    // still stop the server gracefully.
    let stop = StopSignals::install()?;
    #[cfg(unix)]
    report_bus_errors()?;
    let server = Server::start(&config).await?;
    print_banner(&server, &config);
    stop.wait().await;
    tracing::info!("shutting down: finishing requests in flight");
    server.shutdown().await;
    tracing::info!("stopped");
    Ok(())
}

/// Logs go to standard error, coloured only when it is a terminal (and `NO_COLOR` is unset).
fn init_logging(config: &Config) -> Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter = match &config.log_level {
        Some(level) => EnvFilter::try_new(quiet_sqlx(level)).map_err(|err| {
            anyhow::anyhow!(
                "log level {level:?} is not a level (error, warn, info, debug, trace) or RUST_LOG directives: {err}"
            )
        })?,
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| quiet_sqlx("info").into()),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Text => {
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            builder.with_ansi(colour).init();
        }
        LogFormat::Json => builder.json().with_ansi(false).init(),
    }
    Ok(())
}

/// sqlx logs every statement it runs at `debug` (slow ones at `warn`): a bare level such as
/// `debug` keeps sqlx at `warn`, as the default does, unless the directives name sqlx.
fn quiet_sqlx(level: &str) -> String {
    if level.contains("sqlx") {
        level.to_owned()
    } else {
        format!("{level},sqlx=warn")
    }
}

fn print_banner(server: &Server, config: &Config) {
    let base = server.base_url();
    println!("openwork {} listening on {base}", env!("CARGO_PKG_VERSION"));
    println!("  database:    {}", config.db);
    let kept = match server.admin_token_kept() {
        None => "",
        Some(AdminTokenKept::InDatabase) => " (generated once, kept in the database)",
        Some(AdminTokenKept::ForThisRun) => {
            " (generated for this run: an in-memory database forgets it when the server stops)"
        }
    };
    println!("  admin token: {}{kept}", server.admin_token());
    if config.rate_limits == RateLimits::Off {
        println!("  rate limits: off");
    }
    match server.loaded() {
        Loaded::Fixture { path, tenants } => {
            println!("  loaded:      {}", path.display());
            for line in describe_tenants(tenants) {
                println!("               {line}");
            }
        }
        Loaded::Demo(_) => {
            println!("  loaded:      the built-in demo world (a new, empty database)")
        }
        Loaded::Nothing => {}
    }
    if let Some(demo) = server.demo() {
        print_demo(&base, demo);
    }
    println!();
    println!("{READY_LINE}");
}

/// Every credential of the demo world, and a first call for each vendor.
fn print_demo(base: &str, demo: &DemoWorld) {
    println!();
    println!(
        "Demo world: tenant {:?} ({})",
        demo.tenant.tenant_key.as_str(),
        demo.tenant.name
    );
    println!("  Feishu/Lark apps:");
    for app in &demo.apps {
        println!(
            "    app_id {}  app_secret {}  ({})",
            app.app_id, app.app_secret, app.name
        );
    }
    if let Some(corp_id) = &demo.tenant.dingtalk_corp_id {
        println!("  DingTalk: corp_id {corp_id}");
        for (app, dingtalk) in demo
            .apps
            .iter()
            .filter_map(|app| app.dingtalk.as_ref().map(|d| (app, d)))
        {
            let agent = dingtalk
                .agent_id
                .as_deref()
                .map(|id| format!("  agent_id {id}"))
                .unwrap_or_default();
            println!(
                "    appkey {}  appsecret {}{agent}  ({})",
                dingtalk.app_key, dingtalk.app_secret, app.name
            );
        }
    }
    let Some(main) = demo.apps.first() else {
        return;
    };
    let (app_id, app_secret) = (&main.app_id, &main.app_secret);
    println!("Try Feishu (a tenant token, then the demo semester's stage tasks):");
    println!(
        "  TOKEN=$(curl -s -X POST {base}/open-apis/auth/v3/tenant_access_token/internal -d '{{\"app_id\":\"{app_id}\",\"app_secret\":\"{app_secret}\"}}' | sed -E 's/.*\"tenant_access_token\":\"([^\"]+)\".*/\\1/')"
    );
    println!(
        "  curl -s -X POST '{base}/open-apis/performance/v1/stage_tasks/find_by_page?user_id_type=user_id' -H \"Authorization: Bearer $TOKEN\" -d '{{\"semester_id\":\"{DEMO_SEMESTER}\",\"page_size\":2}}'"
    );
    if let Some(dingtalk) = &main.dingtalk {
        println!("Try DingTalk (an access token, then a workspace to-do):");
        println!(
            "  DT=$(curl -s '{base}/gettoken?appkey={}&appsecret={}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')",
            dingtalk.app_key, dingtalk.app_secret
        );
        println!(
            "  curl -s -X POST \"{base}/topapi/workspace/task/get?access_token=$DT\" -d '{{\"task_id\":\"111\"}}'"
        );
    }
}

/// What the server says when a memory-mapped file fails under it. SQLite maps its `-shm` file
/// (the WAL index) into memory; when that file is truncated, or its disk fails, the next access
/// is a SIGBUS, which by default ends the process without a word. There is no safe way to go on
/// from inside SQLite, so the server says what happened and exits (code 70, EX_SOFTWARE).
#[cfg(unix)]
fn report_bus_errors() -> Result<()> {
    extern "C" fn on_sigbus(_: libc::c_int) {
        const MESSAGE: &[u8] = b"openwork stopped: a memory-mapped file failed (SIGBUS). With a \
SQLite database this is its -shm file (the WAL index): it was truncated or deleted, or its disk \
is full or failing. Every committed change is kept (in the database and its -wal file); \
restore the file system and start openwork again.\n";
        // SAFETY: write(2) and _exit(2) are async-signal-safe.
        unsafe {
            libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
            libc::_exit(70);
        }
    }
    // SAFETY: the handler only calls async-signal-safe functions; the struct is zeroed, then
    // its handler set, as sigaction(2) expects.
    let installed = unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut())
    };
    if installed != 0 {
        anyhow::bail!(
            "cannot install a SIGBUS handler: {}",
            std::io::Error::last_os_error()
        );
    }
    Ok(())
}

/// The banner's last line: the server is ready.
const READY_LINE: &str = "Press Ctrl-C (or send SIGTERM) to stop.";

/// SIGINT (Ctrl-C) and SIGTERM, registered up front.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt()).context("install a SIGINT handler")?,
                terminate: signal(SignalKind::terminate()).context("install a SIGTERM handler")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
