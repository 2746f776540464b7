//! The journal in the database: entries go to a background writer in batches (a request never
//! waits for the journal), which also applies retention; listings read every replica's entries.

use std::sync::Arc;
use std::time::Duration;

use openwork_platform::clock::{RealClock, SystemClock};
use openwork_platform::store::{JournalFilter, JournalRow, SqlJournalStore};
use openwork_wire::admin::JournalEntry;
use tokio::sync::mpsc;

use super::Recorded;

/// Entries waiting for the writer beyond this many are dropped (each one logged), so
/// that a slow database never holds requests.
const QUEUE: usize = 10_000;
/// The writer's batch.
const BATCH: usize = 500;
/// How often retention runs.
const PRUNE_EVERY: Duration = Duration::from_secs(10);

/// How long the database keeps entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Retention {
    /// At most this many entries (the newest).
    pub count: Option<u64>,
    /// None older than this.
    pub age: Option<Duration>,
}

/// The database side of a journal.
pub struct JournalSink {
    store: SqlJournalStore,
    queue: mpsc::Sender<Arc<Recorded>>,
}

impl JournalSink {
    /// Starts the writer (on the current runtime) for the entries of `replica`.
    pub fn start(store: SqlJournalStore, retention: Retention, replica: String) -> Self {
        let (queue, mut entries) = mpsc::channel::<Arc<Recorded>>(QUEUE);
        let writer = store.clone();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            let mut last_prune = tokio::time::Instant::now();
            while entries.recv_many(&mut batch, BATCH).await > 0 {
                // Redacting and serialising happen here, off the request path.
                let rows: Vec<JournalRow> = batch.drain(..).map(|r| r.row(&replica)).collect();
                if let Err(err) = writer.append(&rows).await {
                    tracing::warn!(%err, entries = rows.len(), "the request journal could not be written");
                }
                if last_prune.elapsed() >= PRUNE_EVERY {
                    last_prune = tokio::time::Instant::now();
                    let cutoff = retention
                        .age
                        .map(|age| SystemClock.now().0 - age.as_millis() as i64);
                    if let Err(err) = writer.prune(retention.count, cutoff).await {
                        tracing::warn!(%err, "the request journal's retention could not run");
                    }
                }
            }
        });
        Self { store, queue }
    }

    pub fn send(&self, entry: Arc<Recorded>) {
        if self.queue.try_send(entry).is_err() {
            tracing::warn!("the request journal's database writer is behind; an entry was dropped");
        }
    }

    pub async fn list(
        &self,
        query: &JournalFilter,
    ) -> openwork_platform::Result<Vec<JournalEntry>> {
        let rows = self.store.list(query).await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, json)| {
                let mut entry: JournalEntry = serde_json::from_str(&json).ok()?;
                entry.id = id as u64;
                Some(entry)
            })
            .collect())
    }

    pub async fn clear(&self) -> openwork_platform::Result<()> {
        Ok(self.store.clear().await?)
    }
}
