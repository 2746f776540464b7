//! The request journal's table: entries of every replica, each the admin API's JSON with the
//! columns listings filter on. The journal is diagnostic and bounded by retention, so entries
//! are stored as that JSON rather than column by column.

use crate::db::{Db, Dialect, backend};
use crate::error::StoreResult;

/// One entry as written: the filter columns and the entry's JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalRow {
    pub time_ms: i64,
    pub log_id: String,
    pub tenant_key: Option<String>,
    pub app_id: Option<String>,
    pub path: String,
    pub status: i64,
    pub code: Option<i64>,
    pub entry: String,
}

/// Which entries a listing selects; every filter given narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalFilter {
    pub log_id: Option<String>,
    pub tenant_key: Option<String>,
    pub app_id: Option<String>,
    /// Entries whose path contains this text.
    pub path_contains: Option<String>,
    pub code: Option<i64>,
    pub status: Option<i64>,
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    /// Entries after this ID, oldest first (for following); otherwise newest first.
    pub after_id: Option<i64>,
    pub limit: usize,
}

/// The journal table of a database.
#[derive(Clone)]
pub struct SqlJournalStore {
    db: Db,
}

impl SqlJournalStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Appends entries in one transaction.
    pub async fn append(&self, rows: &[JournalRow]) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        for row in rows {
            sqlx::query(
                "INSERT INTO request_journal \
                 (time_ms, log_id, tenant_key, app_id, path, status, code, entry) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(row.time_ms)
            .bind(row.log_id.as_str())
            .bind(row.tenant_key.as_deref())
            .bind(row.app_id.as_deref())
            .bind(row.path.as_str())
            .bind(row.status)
            .bind(row.code)
            .bind(row.entry.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        }
        write.commit().await
    }

    /// The selected entries as `(id, JSON)`.
    pub async fn list(&self, filter: &JournalFilter) -> StoreResult<Vec<(i64, String)>> {
        let mut clauses = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut numbers: Vec<i64> = Vec::new();
        // Placeholders are numbered in the order they are bound: texts first, then numbers.
        let text_columns = [
            ("log_id", &filter.log_id),
            ("tenant_key", &filter.tenant_key),
            ("app_id", &filter.app_id),
        ];
        for (column, value) in text_columns {
            if let Some(value) = value {
                texts.push(value.clone());
                clauses.push(format!("{column} = ${}", texts.len()));
            }
        }
        if let Some(part) = &filter.path_contains {
            texts.push(part.clone());
            // A plain substring test, so that `%` and `_` in the filter mean themselves.
            let position = match self.db.dialect() {
                Dialect::Sqlite => "instr",
                Dialect::Postgres => "strpos",
            };
            clauses.push(format!("{position}(path, ${}) > 0", texts.len()));
        }
        let number_columns = [
            ("code = ", filter.code),
            ("status = ", filter.status),
            ("time_ms >= ", filter.since_ms),
            ("time_ms <= ", filter.until_ms),
            ("id > ", filter.after_id),
        ];
        for (test, value) in number_columns {
            if let Some(value) = value {
                numbers.push(value);
                clauses.push(format!("{test}${}", texts.len() + numbers.len()));
            }
        }
        let order = if filter.after_id.is_some() {
            "ASC"
        } else {
            "DESC"
        };
        let sql = format!(
            "SELECT id, entry FROM request_journal {} ORDER BY id {order} LIMIT {}",
            if clauses.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", clauses.join(" AND "))
            },
            filter.limit
        );
        let mut query = sqlx::query_as::<_, (i64, String)>(&sql);
        for text in &texts {
            query = query.bind(text.as_str());
        }
        for number in &numbers {
            query = query.bind(*number);
        }
        query.fetch_all(self.db.pool()).await.map_err(backend)
    }

    pub async fn clear(&self) -> StoreResult<()> {
        sqlx::query("DELETE FROM request_journal")
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Keeps at most `keep` entries (the newest) and none older than `older_than_ms`.
    pub async fn prune(&self, keep: Option<u64>, older_than_ms: Option<i64>) -> StoreResult<()> {
        if let Some(cutoff) = older_than_ms {
            sqlx::query("DELETE FROM request_journal WHERE time_ms < $1")
                .bind(cutoff)
                .execute(self.db.pool())
                .await
                .map_err(backend)?;
        }
        if let Some(keep) = keep {
            let keep = i64::try_from(keep).unwrap_or(i64::MAX);
            sqlx::query(
                "DELETE FROM request_journal WHERE id <= \
                 (SELECT COALESCE(MAX(id), 0) FROM request_journal) - $1",
            )
            .bind(keep)
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        }
        Ok(())
    }
}
