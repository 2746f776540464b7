//! This replica's job runner: leases contact batch-import jobs and applies them a chunk at a
//! time (the durable part lives in `openwork_contact`). Several replicas each run one; a
//! lease makes each job theirs one at a time.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openwork_contact::{CHUNK_ITEMS, ContactService, JobProgress};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

/// How often an idle runner looks for jobs submitted on other replicas.
const IDLE_POLL: Duration = Duration::from_millis(200);
/// How long to wait after a storage failure before trying again.
const ERROR_BACKOFF: Duration = Duration::from_secs(1);
/// Jobs at least this large get a progress line this often.
const PROGRESS_LOG_ITEMS: i64 = 1_000;
const PROGRESS_LOG_EVERY: Duration = Duration::from_secs(2);

pub struct JobRunner {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl JobRunner {
    pub fn spawn(contact: ContactService, wakeup: Arc<Notify>) -> Self {
        let (stop, stopped) = watch::channel(false);
        let owner = format!("runner-{}", openwork_platform::ids::random_hex32());
        let task = tokio::spawn(run(contact, owner, wakeup, stopped));
        Self { stop, task }
    }

    /// Finishes the chunk in hand, gives up this runner's leases, and stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(err) = self.task.await {
            tracing::error!(%err, "the job runner failed");
        }
    }
}

/// Waits for a wakeup, a stop, or the idle poll, whichever comes first.
async fn idle(wakeup: &Notify, stopped: &mut watch::Receiver<bool>, pause: Duration) {
    tokio::select! {
        () = wakeup.notified() => {}
        _ = stopped.changed() => {}
        () = tokio::time::sleep(pause) => {}
    }
}

async fn run(
    contact: ContactService,
    owner: String,
    wakeup: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut started: HashMap<String, Instant> = HashMap::new();
    let mut last_line = Instant::now();
    let mut holding = false;
    while !*stopped.borrow() {
        match contact.job_runner_paused().await {
            Ok(true) => {
                if holding {
                    // Let the admin API's steps take over the job this runner was on.
                    release(&contact, &owner).await;
                    holding = false;
                }
                idle(&wakeup, &mut stopped, IDLE_POLL).await;
                continue;
            }
            Ok(false) => {}
            Err(err) => {
                tracing::warn!(%err, "cannot read the job runner's pause switch");
                idle(&wakeup, &mut stopped, ERROR_BACKOFF).await;
                continue;
            }
        }
        match contact.process_job_chunk(&owner, CHUNK_ITEMS).await {
            Ok(Some(progress)) => {
                holding = !progress.finished;
                report(&contact, &progress, &mut started, &mut last_line);
            }
            Ok(None) => {
                holding = false;
                idle(&wakeup, &mut stopped, IDLE_POLL).await;
            }
            Err(err) => {
                tracing::warn!(%err, "job runner step failed; retrying");
                idle(&wakeup, &mut stopped, ERROR_BACKOFF).await;
            }
        }
    }
    release(&contact, &owner).await;
}

async fn release(contact: &ContactService, owner: &str) {
    if let Err(err) = contact.release_jobs(owner).await {
        tracing::warn!(%err, "cannot release the job runner's leases; they expire on their own");
    }
}

/// A progress line now and then for large jobs, and one when a job is done.
fn report(
    contact: &ContactService,
    progress: &JobProgress,
    started: &mut HashMap<String, Instant>,
    last_line: &mut Instant,
) {
    let began = *started
        .entry(progress.task_id.clone())
        .or_insert_with(Instant::now);
    if progress.finished {
        started.remove(&progress.task_id);
        let metrics = contact.job_metrics();
        tracing::info!(
            task_id = %progress.task_id,
            items = progress.total,
            elapsed_ms = began.elapsed().as_millis() as u64,
            items_processed_total = metrics.items_processed.load(std::sync::atomic::Ordering::Relaxed),
            "batch job done"
        );
    } else if progress.total >= PROGRESS_LOG_ITEMS && last_line.elapsed() >= PROGRESS_LOG_EVERY {
        *last_line = Instant::now();
        tracing::info!(
            task_id = %progress.task_id,
            "batch job: {}/{} items ({}%)",
            progress.processed,
            progress.total,
            progress.processed * 100 / progress.total.max(1)
        );
    }
}
