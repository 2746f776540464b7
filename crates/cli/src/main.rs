//! `openwork`: `serve` runs the server; `load` and `reset` drive a running server through its
//! admin API (docs/semantics.md); `generate` writes a large world straight into a database.

mod export;
mod generate;
mod journal;

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use openwork_sdk::admin::AdminClient;
use openwork_server::config::{Config, RateLimits, Settings};
use openwork_server::{DemoApp, Server};

/// A request allocates and frees many small values (rows, IDs, JSON); glibc's malloc spent a
/// quarter of find_by_page's CPU time on them under load (BENCHMARKS.md), mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The demo world's semester, which shows every stage-task status.
const DEMO_SEMESTER: &str = "7235911950407352321";

#[derive(Parser)]
#[command(
    name = "openwork",
    version,
    about = "A self-hosted Feishu/Lark and DingTalk open-API server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (a new, empty database gets the built-in demo world).
    Serve(ServeArgs),
    /// Load a fixture (YAML or JSON) into a running server.
    Load {
        /// The fixture file.
        file: PathBuf,
        #[command(flatten)]
        remote: Remote,
    },
    /// Write a running server's world (or one tenant) as a fixture that loads back to it.
    Export(export::ExportArgs),
    /// Write a large generated world (default 100,000 users, 1,000,000 stage tasks) straight
    /// into a database, for benchmarks.
    Generate(generate::GenerateArgs),
    /// Show the requests a running server received, with why each refused one was refused;
    /// `--follow` keeps printing new ones.
    Requests(journal::RequestsArgs),
    /// Make calls of a running server fail on purpose (list, add, remove, clear).
    Faults(journal::FaultsArgs),
    /// Exit 0 when a running server answers its health check, 1 when it does not (for container
    /// health checks and scripts that wait for a server).
    Health {
        #[command(flatten)]
        remote: Remote,
    },
    /// Delete one tenant, or every tenant, of a running server.
    Reset {
        /// Only this tenant.
        #[arg(long)]
        tenant: Option<String>,
        #[command(flatten)]
        remote: Remote,
    },
}

/// Each flag is also `OPENWORK_<NAME>` and a key of the `--config` TOML file.
#[derive(Args)]
struct ServeArgs {
    /// A TOML config file with any of the keys below (e.g. `rate-limits = "off"`).
    #[arg(long, env = "OPENWORK_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8900].
    #[arg(long)]
    listen: Option<String>,
    /// Database URL: sqlite://FILE, sqlite::memory: or postgres://… [default: sqlite://./openwork.db].
    #[arg(long)]
    db: Option<String>,
    /// Load this fixture at start, after migrations.
    #[arg(long)]
    fixture: Option<PathBuf>,
    /// The admin API's bearer token [default: generated once and stored in the database].
    #[arg(long)]
    admin_token: Option<String>,
    /// `vendor` enforces the vendors' documented per-app limits, `off` disables them [default: vendor].
    #[arg(long)]
    rate_limits: Option<RateLimits>,
    /// How many requests the journal keeps in memory; 0 turns it off [default: 1000].
    #[arg(long)]
    journal_size: Option<usize>,
    /// Also keep the journal in the database, where every replica's requests are visible.
    #[arg(long)]
    journal_db: bool,
    /// The database journal keeps at most this many requests.
    #[arg(long)]
    journal_keep: Option<u64>,
    /// The database journal keeps no request older than this (seconds, or like 90m, 24h, 7d).
    #[arg(long)]
    journal_max_age: Option<String>,
}

#[derive(Args)]
pub(crate) struct Remote {
    /// The server's base URL.
    #[arg(
        long,
        global = true,
        env = "OPENWORK_SERVER",
        default_value = "http://127.0.0.1:8900"
    )]
    server: String,
    /// The server's admin token (`openwork serve` prints it).
    #[arg(long, global = true, env = "OPENWORK_ADMIN_TOKEN")]
    admin_token: Option<String>,
}

impl Remote {
    pub(crate) fn client(&self) -> Result<AdminClient> {
        let Some(token) = &self.admin_token else {
            bail!(
                "the admin token is required: --admin-token or OPENWORK_ADMIN_TOKEN (`openwork serve` prints it)"
            );
        };
        Ok(AdminClient::new(&self.server, token))
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Generate(args) => generate::generate(args).await,
        Command::Export(args) => export::export(args).await,
        Command::Requests(args) => journal::requests(args).await,
        Command::Faults(args) => journal::faults(args).await,
        Command::Health { remote } => {
            // The health check is the one admin call that needs no token.
            let health = AdminClient::new(&remote.server, "").health().await?;
            println!("{} is {}", remote.server, health.status);
            Ok(())
        }
        Command::Load { file, remote } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let loaded = remote.client()?.load_fixture(&text).await?;
            for tenant in loaded.tenants {
                println!(
                    "loaded tenant {}: {} apps, {} users, {} semesters, {} stage tasks, {} reports, {} workspace tasks",
                    tenant.tenant_key,
                    tenant.apps,
                    tenant.users,
                    tenant.semesters,
                    tenant.stage_tasks,
                    tenant.reports,
                    tenant.workspace_tasks
                );
            }
            Ok(())
        }
        Command::Reset { tenant, remote } => {
            let client = remote.client()?;
            match tenant {
                Some(key) => {
                    client.delete_tenant(&key).await?;
                    println!("deleted tenant {key}");
                }
                None => {
                    let done = client.reset().await?;
                    println!("deleted {} tenants", done.deleted_tenants);
                }
            }
            Ok(())
        }
    }
}

async fn serve(args: ServeArgs) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let file = match &args.config {
        Some(path) => Settings::from_toml_file(path).map_err(anyhow::Error::msg)?,
        None => Settings::default(),
    };
    let env: HashMap<String, String> = std::env::vars().collect();
    let env = Settings::from_env(&env).map_err(anyhow::Error::msg)?;
    let flags = Settings {
        listen: args.listen,
        db: args.db,
        fixture: args.fixture,
        admin_token: args.admin_token,
        rate_limits: args.rate_limits,
        journal_size: args.journal_size,
        journal_db: args.journal_db.then_some(true),
        journal_keep: args.journal_keep,
        journal_max_age: args.journal_max_age,
    };
    let config = Config::layered(file, env, flags).map_err(anyhow::Error::msg)?;
    // Listen for signals before announcing readiness: a SIGTERM right after the banner must
    // still stop the server gracefully.
    let stop = StopSignals::install()?;
    let server = Server::start(&config).await?;
    print_banner(&server, &config);
    stop.wait().await;
    tracing::info!("shutting down: finishing requests in flight");
    server.shutdown().await;
    tracing::info!("stopped");
    Ok(())
}

fn print_banner(server: &Server, config: &Config) {
    let base = server.base_url();
    println!("openwork {} listening on {base}", env!("CARGO_PKG_VERSION"));
    println!("  database:    {}", config.db);
    println!(
        "  admin token: {}{}",
        server.admin_token(),
        if server.admin_token_generated() {
            " (generated once, kept in the database)"
        } else {
            ""
        }
    );
    if config.rate_limits == RateLimits::Off {
        println!("  rate limits: off");
    }
    if let Some(DemoApp { app_id, app_secret }) = server.demo_app() {
        println!();
        println!("Demo world: tenant \"demo\", app_id {app_id}, app_secret {app_secret}");
        println!("Try (a tenant token, then the demo semester's stage tasks):");
        println!(
            "  TOKEN=$(curl -s -X POST {base}/open-apis/auth/v3/tenant_access_token/internal -d '{{\"app_id\":\"{app_id}\",\"app_secret\":\"{app_secret}\"}}' | sed -E 's/.*\"tenant_access_token\":\"([^\"]+)\".*/\\1/')"
        );
        println!(
            "  curl -s -X POST '{base}/open-apis/performance/v1/stage_tasks/find_by_page?user_id_type=user_id' -H \"Authorization: Bearer $TOKEN\" -d '{{\"semester_id\":\"{DEMO_SEMESTER}\",\"page_size\":2}}'"
        );
    }
    println!();
    println!("{READY_LINE}");
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
