//! `openwork requests` and `openwork faults`: the request journal and injected faults of a
//! running server, through its admin API.

use std::time::Duration;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use openwork_sdk::wire::admin::{Fault, FaultAction, FaultSpec, JournalEntry, JournalQuery};

use crate::Remote;

/// How often `--follow` asks for new entries.
const FOLLOW_EVERY: Duration = Duration::from_millis(500);

#[derive(Args)]
pub struct RequestsArgs {
    /// Keep printing new requests as they arrive (Ctrl-C stops).
    #[arg(short, long)]
    follow: bool,
    /// Only the request with this log ID (`X-Tt-Logid`, `error.log_id`).
    #[arg(long)]
    log_id: Option<String>,
    #[arg(long)]
    tenant: Option<String>,
    #[arg(long)]
    app: Option<String>,
    /// Only paths that contain this text.
    #[arg(long)]
    path: Option<String>,
    /// Only answers with this vendor code.
    #[arg(long)]
    code: Option<i64>,
    /// Only answers with this HTTP status.
    #[arg(long)]
    status: Option<u16>,
    /// Only requests at or after this RFC 3339 time.
    #[arg(long)]
    since: Option<String>,
    /// How many of the latest requests to show first.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print each entry as one JSON line, bodies and headers included.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    remote: Remote,
}

pub async fn requests(args: RequestsArgs) -> Result<()> {
    let client = args.remote.client()?;
    let mut query = JournalQuery {
        log_id: args.log_id.clone(),
        tenant_key: args.tenant.clone(),
        app_id: args.app.clone(),
        path: args.path.clone(),
        code: args.code,
        status: args.status,
        since: args.since.clone(),
        limit: Some(args.limit),
        ..JournalQuery::default()
    };
    let mut latest = client.requests(&query).await?;
    latest.reverse();
    for entry in &latest {
        print_entry(entry, args.json)?;
    }
    if !args.follow {
        if latest.is_empty() && args.log_id.is_some() {
            bail!(
                "no request with this log ID in the journal (it keeps the latest --journal-size requests)"
            );
        }
        return Ok(());
    }
    // Follow from the newest entry seen; entries answered meanwhile come oldest first.
    let mut after = latest.last().map_or(0, |e| e.id);
    if after == 0 {
        after = client
            .requests(&JournalQuery {
                limit: Some(1),
                ..JournalQuery::default()
            })
            .await?
            .first()
            .map_or(0, |e| e.id);
    }
    query.limit = Some(1_000);
    loop {
        query.after = Some(after);
        for entry in client.requests(&query).await? {
            after = after.max(entry.id);
            print_entry(&entry, args.json)?;
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
}

fn print_entry(entry: &JournalEntry, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(entry)?);
        return Ok(());
    }
    let code = entry.code.map_or_else(|| "-".to_owned(), |c| c.to_string());
    let who = entry.app_id.as_deref().unwrap_or("-");
    let query = entry
        .query
        .as_deref()
        .map_or_else(String::new, |q| format!("?{q}"));
    println!(
        "{} {} {code} {} {}{query} app={who} {:.1}ms log_id={}",
        entry.time, entry.status, entry.method, entry.path, entry.duration_ms, entry.log_id
    );
    if let Some(fault) = &entry.fault {
        println!("    fault: {fault}");
    }
    if let Some(why) = &entry.explanation {
        println!("    why: {why}");
    }
    Ok(())
}

#[derive(Args)]
pub struct FaultsArgs {
    #[command(subcommand)]
    command: FaultCommand,
    #[command(flatten)]
    remote: Remote,
}

#[derive(Subcommand)]
enum FaultCommand {
    /// The faults in force.
    List,
    /// Make calls of one operation (or `*`) fail: give exactly one of --error, --latency,
    /// --drop, --server-error.
    Add(AddFault),
    /// Remove one fault by its ID.
    Remove { id: u64 },
    /// Remove every fault.
    Clear,
}

#[derive(Args)]
struct AddFault {
    /// The operation as journal entries name it (`performance.v1.stage_task.find_by_page`,
    /// `dingtalk.oapi.workspace.task.get`), or `*` for all.
    #[arg(long)]
    operation: String,
    #[arg(long)]
    app: Option<String>,
    #[arg(long)]
    tenant: Option<String>,
    /// Answer this vendor error code (Feishu `code` or DingTalk `errcode`).
    #[arg(long)]
    error: Option<i64>,
    /// The error's message.
    #[arg(long, requires = "error")]
    msg: Option<String>,
    /// The error's HTTP status [default: Feishu 400, DingTalk 200].
    #[arg(long, requires = "error")]
    http_status: Option<u16>,
    /// Delay the call this many milliseconds, then serve it.
    #[arg(long)]
    latency: Option<u64>,
    /// Close the connection without an answer.
    #[arg(long)]
    drop: bool,
    /// Answer this 5xx status (503 when given without a value).
    #[arg(long, num_args = 0..=1, default_missing_value = "503")]
    server_error: Option<u16>,
    /// Only the next this many matching calls [default: until removed].
    #[arg(long)]
    times: Option<u64>,
    /// Hit a matching call with this probability (0 to 1).
    #[arg(long)]
    probability: Option<f64>,
}

impl AddFault {
    fn action(&self) -> Result<FaultAction> {
        let mut actions = Vec::new();
        if let Some(code) = self.error {
            actions.push(FaultAction::VendorError {
                code,
                msg: self.msg.clone(),
                http_status: self.http_status,
            });
        }
        if let Some(ms) = self.latency {
            actions.push(FaultAction::Latency { ms });
        }
        if self.drop {
            actions.push(FaultAction::Drop);
        }
        if let Some(status) = self.server_error {
            actions.push(FaultAction::ServerError {
                status: Some(status),
            });
        }
        match actions.len() {
            1 => Ok(actions.remove(0)),
            0 => bail!(
                "say what the fault does: --error CODE, --latency MS, --drop or --server-error"
            ),
            _ => bail!("give one of --error, --latency, --drop and --server-error, not several"),
        }
    }
}

fn print_fault(fault: &Fault) {
    let limit = fault
        .remaining
        .map_or_else(|| "until removed".to_owned(), |n| format!("{n} more"));
    println!(
        "fault {}: {} on {}{}{} ({limit}, {} hits)",
        fault.id,
        serde_json::to_string(&fault.spec.action).unwrap_or_default(),
        fault.spec.operation,
        fault
            .spec
            .app_id
            .as_deref()
            .map_or_else(String::new, |a| format!(" app={a}")),
        fault
            .spec
            .tenant_key
            .as_deref()
            .map_or_else(String::new, |t| format!(" tenant={t}")),
        fault.hits
    );
}

pub async fn faults(args: FaultsArgs) -> Result<()> {
    let client = args.remote.client()?;
    match args.command {
        FaultCommand::List => {
            let faults = client.faults().await?;
            if faults.is_empty() {
                println!("no faults");
            }
            faults.iter().for_each(print_fault);
        }
        FaultCommand::Add(add) => {
            let spec = FaultSpec {
                operation: add.operation.clone(),
                app_id: add.app.clone(),
                tenant_key: add.tenant.clone(),
                action: add.action()?,
                times: add.times,
                probability: add.probability,
            };
            print_fault(&client.add_fault(&spec).await?);
        }
        FaultCommand::Remove { id } => {
            client.remove_fault(id).await?;
            println!("removed fault {id}");
        }
        FaultCommand::Clear => {
            client.clear_faults().await?;
            println!("removed every fault");
        }
    }
    Ok(())
}
