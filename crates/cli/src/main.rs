//! `openwork`: `serve` runs the server; `load`, `reset` and the other commands drive a running
//! server through its admin API (docs/admin-api.md); `generate` writes a large world straight
//! into a database.

mod export;
mod generate;
mod journal;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, CommandFactory, Parser, Subcommand};
use openwork_sdk::SdkError;
use openwork_sdk::admin::AdminClient;
use openwork_sdk::wire::admin::TenantSummary;

/// A request allocates and frees many small values (rows, IDs, JSON); glibc's malloc spent a
/// quarter of find_by_page's CPU time on them under load (BENCHMARKS.md), mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Serve(Box<serve::ServeArgs>),
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
        #[arg(long, conflicts_with = "demo")]
        tenant: Option<String>,
        /// Then load the built-in demo world again (no restart needed).
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        remote: Remote,
    },
    /// Print a completion script for your shell, e.g. `openwork completions bash >
    /// ~/.local/share/bash-completion/completions/openwork`.
    Completions { shell: clap_complete::Shell },
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            return fail(&anyhow::Error::new(err).context("cannot start the async runtime"));
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

/// Prints `err` once: its message, then each cause that says something the message did not. A
/// server that does not answer at all is said in those words, with the flag that names it.
fn fail(err: &anyhow::Error) -> ExitCode {
    if let Some(SdkError::Transport(transport)) = err.downcast_ref::<SdkError>()
        && transport.is_connect()
    {
        let server = transport
            .url()
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_default();
        eprintln!(
            "error: nothing answers at {server}: is `openwork serve` running there? (--server URL or OPENWORK_SERVER)"
        );
        return ExitCode::FAILURE;
    }
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text = format!("{text}: {cause}");
        }
    }
    eprintln!("error: {text}");
    ExitCode::FAILURE
}

async fn run(command: Command) -> Result<()> {
    match command {
        Command::Serve(args) => serve::serve(*args).await,
        Command::Generate(args) => generate::generate(args).await,
        Command::Export(args) => export::export(args).await,
        Command::Requests(args) => journal::requests(args).await,
        Command::Faults(args) => journal::faults(args).await,
        Command::Health { remote } => health(&remote.server).await,
        Command::Load { file, remote } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let loaded = remote.client()?.load_fixture(&text).await?;
            println!("loaded {}:", file.display());
            for line in describe_tenants(&loaded.tenants) {
                println!("  {line}");
            }
            Ok(())
        }
        Command::Reset {
            tenant,
            demo,
            remote,
        } => {
            let client = remote.client()?;
            match tenant {
                Some(key) => {
                    client.delete_tenant(&key).await?;
                    println!("deleted tenant {key}");
                }
                None => {
                    let done = if demo {
                        client.reset_to_demo().await?
                    } else {
                        client.reset().await?
                    };
                    println!(
                        "deleted {}",
                        counted(done.deleted_tenants, "tenant", "tenants")
                    );
                    if let Some(tenants) = done.loaded {
                        println!("loaded the built-in demo world:");
                        for line in describe_tenants(&tenants) {
                            println!("  {line}");
                        }
                    }
                }
            }
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "openwork",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}

/// `openwork health`: exits 0 only when the server answers that its database does.
async fn health(server: &str) -> Result<()> {
    // The health check is the one admin call that needs no token.
    match AdminClient::new(server, "").health().await {
        Ok(health) if health.status == "ok" => {
            println!("{server} is ok");
            Ok(())
        }
        Ok(health) => {
            let problem = health
                .problem
                .unwrap_or_else(|| "its database does not answer".to_owned());
            bail!("{server} answers, but is {}: {problem}", health.status)
        }
        Err(SdkError::Transport(_)) => {
            bail!(
                "nothing answers at {server}: is `openwork serve` running there? (--server URL or OPENWORK_SERVER)"
            )
        }
        Err(err) => Err(err.into()),
    }
}

/// One line per tenant: its key and what it holds, e.g. `tenant t1: 1 app, 20 users`.
pub(crate) fn describe_tenants(tenants: &[TenantSummary]) -> Vec<String> {
    tenants
        .iter()
        .map(|t| {
            let parts: Vec<String> = [
                (t.apps, "app", "apps"),
                (t.departments, "department", "departments"),
                (t.users, "user", "users"),
                (t.semesters, "semester", "semesters"),
                (t.stages, "stage", "stages"),
                (t.stage_tasks, "stage task", "stage tasks"),
                (t.review_templates, "review template", "review templates"),
                (t.report_rules, "report rule", "report rules"),
                (t.reports, "report", "reports"),
                (t.workspace_tasks, "workspace task", "workspace tasks"),
            ]
            .into_iter()
            .filter(|(count, _, _)| *count > 0)
            .map(|(count, one, many)| counted(count as u64, one, many))
            .collect();
            let held = if parts.is_empty() {
                "nothing yet".to_owned()
            } else {
                parts.join(", ")
            };
            format!("tenant {}: {held}", t.tenant_key)
        })
        .collect()
}

/// `1 tenant`, `2 tenants`.
pub(crate) fn counted(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
