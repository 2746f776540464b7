//! The journal in the database: entries go to a background writer in batches (a request never
//! waits for the journal), which also applies retention; listings read every replica's entries.

use std::sync::Arc;
use std::time::Duration;

use openwork_platform::store::{JournalFilter, JournalRow, SqlJournalStore};
use openwork_wire::admin::{JournalEntry, JournalQuery};

use super::Recorded;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::mpsc;

/// Entries waiting for the writer beyond this many are dropped (and counted in the log), so
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

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1_000;

fn millis(text: &str) -> Result<i64, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .map_err(|_| format!("{text:?} is not an RFC 3339 time like 2024-06-15T10:00:00Z"))
}

/// The storage filter of a listing's query; a bad time or limit is the caller's error, in words.
pub fn filter_of(query: &JournalQuery) -> Result<JournalFilter, String> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(format!("limit must be 1 to {MAX_LIMIT}, not {limit}"));
    }
    Ok(JournalFilter {
        log_id: query.log_id.clone(),
        tenant_key: query.tenant_key.clone(),
        app_id: query.app_id.clone(),
        path_contains: query.path.clone(),
        code: query.code,
        status: query.status.map(i64::from),
        since_ms: query.since.as_deref().map(millis).transpose()?,
        until_ms: query.until.as_deref().map(millis).transpose()?,
        after_id: query.after.map(|id| i64::try_from(id).unwrap_or(i64::MAX)),
        limit,
    })
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
                    let cutoff = retention.age.map(|age| {
                        (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
                            - age.as_millis() as i64
                    });
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
