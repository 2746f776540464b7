//! `openwork generate`: a large world written straight into a database, for benchmarks and
//! load tests, with the progress of each large table on stderr.

use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use openwork_platform::db::WriteProgress;
use openwork_server::Services;
use openwork_server::config::DEFAULT_DB;
use world::{
    BENCH_APP_ID, BENCH_APP_SECRET, BENCH_DINGTALK_APP_KEY, BENCH_DINGTALK_APP_SECRET,
    BENCH_SEMESTER, WorldSize, generate_world,
};

mod world;

#[derive(Args)]
pub struct GenerateArgs {
    /// Database URL: sqlite://FILE or postgres://… (migrated first; the tenant is replaced).
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// The same seed writes the same world.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The tenant to (re)create.
    #[arg(long, default_value = "bench")]
    tenant: String,
    #[arg(long, default_value_t = WorldSize::default().users)]
    users: usize,
    /// Stages of the semester; every user has a task in each.
    #[arg(long, default_value_t = WorldSize::default().stages)]
    stages: usize,
    #[arg(long, default_value_t = WorldSize::default().reports)]
    reports: usize,
    #[arg(long, default_value_t = WorldSize::default().workspace_tasks)]
    workspace_tasks: usize,
}

pub async fn generate(args: GenerateArgs) -> Result<()> {
    let started = Instant::now();
    let size = WorldSize {
        users: args.users,
        stages: args.stages,
        reports: args.reports,
        workspace_tasks: args.workspace_tasks,
    };
    let world = generate_world(&args.tenant, args.seed, size);
    eprintln!(
        "generated tenant {} in memory ({:.1} s); writing to {}",
        args.tenant,
        started.elapsed().as_secs_f64(),
        args.db
    );
    let services = Services::open(&args.db)
        .await
        .with_context(|| format!("cannot open {}", args.db))?;
    let progress = TableProgress::new();
    let summaries = services
        .load_worlds(std::slice::from_ref(&world), &progress)
        .await
        .with_context(|| {
            format!(
                "cannot write tenant {}: the generated apps ({BENCH_APP_ID}, {BENCH_DINGTALK_APP_KEY}) \
                 may be in one tenant of a database only; regenerate that tenant or use another database",
                args.tenant
            )
        })?;
    progress.finish();
    let summary = &summaries[0];
    println!(
        "wrote tenant {} in {:.1} s: {} users, {} stage tasks in {} stages, {} reports, {} workspace tasks",
        summary.tenant_key,
        started.elapsed().as_secs_f64(),
        summary.users,
        summary.stage_tasks,
        summary.stages,
        summary.reports,
        summary.workspace_tasks
    );
    println!("  Feishu app:   app_id {BENCH_APP_ID}, app_secret {BENCH_APP_SECRET}");
    println!(
        "  DingTalk app: appkey {BENCH_DINGTALK_APP_KEY}, appsecret {BENCH_DINGTALK_APP_SECRET}"
    );
    println!("  semester:     {BENCH_SEMESTER}");
    Ok(())
}

/// A bar per table on a terminal; elsewhere (CI logs, pipes) one line per finished table.
struct TableProgress {
    bars: MultiProgress,
    current: Mutex<Option<(String, ProgressBar, Instant)>>,
}

impl TableProgress {
    fn new() -> Self {
        Self {
            bars: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            current: Mutex::new(None),
        }
    }

    fn finish(&self) {
        if let Some((table, bar, started)) = self.current.lock().expect("progress").take() {
            Self::done(&table, &bar, started);
        }
    }

    fn done(table: &str, bar: &ProgressBar, started: Instant) {
        bar.finish();
        if bar.is_hidden() {
            eprintln!(
                "{table}: {} rows written ({:.1} s)",
                bar.position(),
                started.elapsed().as_secs_f64()
            );
        }
    }
}

impl WriteProgress for TableProgress {
    fn rows_written(&self, table: &str, written: usize, total: usize) {
        let mut current = self.current.lock().expect("progress");
        if current.as_ref().is_none_or(|(name, ..)| name != table) {
            if let Some((previous, bar, started)) = current.take() {
                Self::done(&previous, &bar, started);
            }
            let bar = self.bars.add(ProgressBar::new(total as u64));
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix:>18} [{bar:40}] {pos:>9}/{len:9} {per_sec:>12} {elapsed:>4}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar.set_prefix(table.to_owned());
            *current = Some((table.to_owned(), bar, Instant::now()));
        }
        if let Some((_, bar, _)) = current.as_ref() {
            bar.set_position(written as u64);
        }
    }
}
