//! The admin API's request journal and injected faults (docs/semantics.md, "The request
//! journal" and "Fault injection").

use openwork_wire::admin::{Fault, FaultList, FaultSpec, JournalEntry, JournalPage, JournalQuery};
use reqwest::Method;

use crate::admin::AdminClient;
use crate::{SdkError, segment};

impl AdminClient {
    /// The journal's entries that `query` selects: newest first, or oldest first after
    /// `query.after` (to follow it).
    pub async fn requests(&self, query: &JournalQuery) -> Result<Vec<JournalEntry>, SdkError> {
        let page: JournalPage =
            Self::send(self.request(Method::GET, "/requests").query(query)).await?;
        Ok(page.entries)
    }

    /// One entry, by its ID or its `log_id`.
    pub async fn request_entry(&self, id_or_log_id: &str) -> Result<JournalEntry, SdkError> {
        Self::send(self.request(Method::GET, &format!("/requests/{}", segment(id_or_log_id)))).await
    }

    /// Forgets every entry.
    pub async fn clear_requests(&self) -> Result<(), SdkError> {
        Self::send_bodiless(self.request(Method::DELETE, "/requests")).await
    }

    pub async fn faults(&self) -> Result<Vec<Fault>, SdkError> {
        let list: FaultList = Self::send(self.request(Method::GET, "/faults")).await?;
        Ok(list.faults)
    }

    /// Injects a fault; answers it with its ID.
    pub async fn add_fault(&self, spec: &FaultSpec) -> Result<Fault, SdkError> {
        Self::send(self.request(Method::POST, "/faults").json(spec)).await
    }

    pub async fn remove_fault(&self, id: u64) -> Result<(), SdkError> {
        Self::send_bodiless(self.request(Method::DELETE, &format!("/faults/{id}"))).await
    }

    pub async fn clear_faults(&self) -> Result<(), SdkError> {
        Self::send_bodiless(self.request(Method::DELETE, "/faults")).await
    }
}
