//! Additional information (补充信息): facts about reviewees that a semester's reviews refer to,
//! imported, read and deleted by the v2 APIs.
//!
//! VENDOR: an import updates rather than duplicates, matching in this order: the `item_id`
//! given, else the `external_id` given, else an item of the same reviewee, item, time and
//! description; anything else is a new item. The import is checked whole before anything is
//! written, then written in one transaction with its client token (docs/semantics.md).

use std::collections::{HashMap, HashSet};

use openwork_platform::ids::{UserId, derive_numeric_id};

use crate::command::{
    AdditionalInfoDelete, AdditionalInfoImport, AdditionalInfoQuery, InfoSelection,
};
use crate::error::{Error, Result};
use crate::model::*;
use crate::service::{Caller, Page, Pager, PerformanceService};
use crate::store::AdditionalInfoFilter;

/// What an import wrote: its record and every item as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedInfos {
    pub import_record_id: String,
    pub items: Vec<InfoView>,
}

/// An item with its reviewee named as the caller names users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfoView {
    pub info: AdditionalInfo,
    pub reviewee: String,
}

impl PerformanceService {
    /// `performance.v2.additional_information.import`.
    pub async fn import_additional_infos(
        &self,
        caller: &Caller,
        import: AdditionalInfoImport,
    ) -> Result<ImportedInfos> {
        let access = &caller.access;
        let tenant = access.tenant_key();
        let semester = self
            .semester_named(caller, &import.semester_id, Error::UnknownSemester)
            .await?;
        check_unique(
            &import,
            |i| i.item_id.as_ref().map(ItemId::to_string),
            Error::ItemIdRepeated,
        )?;
        check_unique(
            &import,
            |i| i.external_id.clone(),
            Error::ExternalIdRepeated,
        )?;
        let listed: Vec<String> = import.items.iter().map(|i| i.reviewee.clone()).collect();
        let known = self
            .platform
            .internal_user_ids(&caller.ids, &listed)
            .await?;
        let users: Vec<UserId> = known.values().cloned().collect();
        let reviewed: HashSet<UserId> = self
            .store
            .reviewee_page(
                tenant,
                &semester.semester_id,
                None,
                Some(&users),
                None,
                users.len() + 1,
            )
            .await?
            .into_iter()
            .map(|r| r.user_id)
            .collect();
        let mut reviewees = Vec::with_capacity(import.items.len());
        for item in &import.items {
            match known.get(&item.reviewee).filter(|u| reviewed.contains(*u)) {
                Some(user) => reviewees.push(user.clone()),
                None => return Err(Error::InvalidReviewee(item.reviewee.clone())),
            }
        }
        // Every stored item an imported one could update.
        let item_ids: Vec<ItemId> = import
            .items
            .iter()
            .filter_map(|i| i.item_id.clone())
            .collect();
        let external_ids: Vec<String> = import
            .items
            .iter()
            .filter_map(|i| i.external_id.clone())
            .collect();
        let mut pool: HashMap<ItemId, AdditionalInfo> = HashMap::new();
        for filter in [
            AdditionalInfoFilter::ItemIds(item_ids),
            AdditionalInfoFilter::ExternalIds(external_ids),
            AdditionalInfoFilter::Reviewees(reviewees.clone()),
        ] {
            let found = self
                .store
                .additional_infos(
                    tenant,
                    &semester.semester_id,
                    &filter,
                    None,
                    i64::MAX as usize,
                )
                .await?;
            pool.extend(found.into_iter().map(|i| (i.item_id.clone(), i)));
        }
        let record = ImportRecord {
            import_record_id: derive_numeric_id(
                tenant,
                "performance_import",
                &format!(
                    "{}/{IMPORT_ADDITIONAL_INFORMATION}/{}",
                    access.app().app_id,
                    import.client_token
                ),
            ),
            kind: IMPORT_ADDITIONAL_INFORMATION.to_owned(),
            app_id: access.app().app_id.to_string(),
            client_token: import.client_token.clone(),
            name: import.record_name.clone(),
            semester_id: semester.semester_id.clone(),
            create_time: self.platform.tenant_now(access.tenant()),
        };
        let mut written: Vec<AdditionalInfo> = Vec::with_capacity(import.items.len());
        for (index, (item, reviewee)) in import.items.iter().zip(reviewees).enumerate() {
            let mut info = AdditionalInfo {
                item_id: ItemId::new(derive_numeric_id(
                    tenant,
                    "additional_information",
                    &format!("{}/{index}", record.import_record_id),
                )),
                semester_id: semester.semester_id.clone(),
                external_id: item.external_id.clone(),
                reviewee_user_id: reviewee,
                item: item.item.clone(),
                time: item.time.clone(),
                detailed_description: item.detailed_description.clone(),
            };
            let target = match (&item.item_id, &item.external_id) {
                (Some(id), _) => Some(
                    pool.get(id)
                        .cloned()
                        .ok_or_else(|| Error::ItemNotFound(id.to_string()))?,
                ),
                (None, Some(external)) => pool
                    .values()
                    .find(|p| p.external_id.as_ref() == Some(external))
                    .cloned(),
                (None, None) => None,
            }
            .or_else(|| pool.values().find(|p| p.same_content(&info)).cloned());
            if let Some(target) = target {
                info.item_id = target.item_id.clone();
                if info.external_id.is_none() {
                    info.external_id = target.external_id.clone();
                }
            }
            if let Some(external) = &info.external_id {
                let holder = pool.values().find(|p| {
                    p.external_id.as_ref() == Some(external) && p.item_id != info.item_id
                });
                if holder.is_some() {
                    return Err(Error::ExternalIdTaken(external.clone()));
                }
            }
            // Later items of this import match the ones before them too.
            pool.insert(info.item_id.clone(), info.clone());
            written.retain(|w| w.item_id != info.item_id);
            written.push(info);
        }
        match self
            .store
            .import_additional_infos(tenant, &record, &written)
            .await
        {
            Ok(true) => {}
            Ok(false) => return Err(Error::RequestRepeated(import.client_token)),
            // Another writer gave one of these external IDs to another item meanwhile.
            Err(openwork_platform::StoreError::Conflict(_)) => {
                let external = written.iter().find_map(|w| w.external_id.clone());
                return Err(Error::ExternalIdTaken(external.unwrap_or_default()));
            }
            Err(err) => return Err(err.into()),
        }
        let items = self.info_views(caller, written).await?;
        Ok(ImportedInfos {
            import_record_id: record.import_record_id,
            items,
        })
    }

    /// `performance.v2.additional_information.query`: the selected items of the semester in
    /// `item_id` order, a page at a time; unknown IDs are left out.
    pub async fn query_additional_infos(
        &self,
        caller: &Caller,
        query: AdditionalInfoQuery,
    ) -> Result<Page<InfoView>> {
        let tenant = caller.access.tenant_key();
        let pager = Pager::open(
            &self.platform,
            caller,
            "performance.v2.additional_information.query",
            query.fingerprint(),
            query.page_size,
            query.page_token.as_deref(),
        )?;
        let after = pager.after.clone().map(ItemId::new);
        let semester = self
            .semester_named(caller, &query.semester_id, Error::UnknownSemester)
            .await?;
        let filter = match query.selection {
            InfoSelection::All => AdditionalInfoFilter::All,
            InfoSelection::ItemIds(ids) => AdditionalInfoFilter::ItemIds(ids),
            InfoSelection::ExternalIds(ids) => AdditionalInfoFilter::ExternalIds(ids),
            InfoSelection::Reviewees(listed) => {
                let known = self
                    .platform
                    .internal_user_ids(&caller.ids, &listed)
                    .await?;
                AdditionalInfoFilter::Reviewees(known.into_values().collect())
            }
        };
        let rows = self
            .store
            .additional_infos(
                tenant,
                &semester.semester_id,
                &filter,
                after.as_ref(),
                pager.limit(),
            )
            .await?;
        let page = pager.close(rows, |i| i.item_id.as_str());
        Ok(Page {
            items: self.info_views(caller, page.items).await?,
            has_more: page.has_more,
            page_token: page.page_token,
        })
    }

    /// `performance.v2.additional_informations_batch.delete`: deletes the listed items of the
    /// semester, all or none (an unknown one is 1580201 and nothing is deleted).
    pub async fn delete_additional_infos(
        &self,
        caller: &Caller,
        delete: AdditionalInfoDelete,
    ) -> Result<Vec<ItemId>> {
        let tenant = caller.access.tenant_key();
        let semester = self
            .semester_named(
                caller,
                &delete.semester_id,
                Error::UnknownSemesterOfDeletion,
            )
            .await?;
        let filter = AdditionalInfoFilter::ItemIds(delete.items.clone());
        let existing: HashSet<ItemId> = self
            .store
            .additional_infos(
                tenant,
                &semester.semester_id,
                &filter,
                None,
                delete.items.len(),
            )
            .await?
            .into_iter()
            .map(|i| i.item_id)
            .collect();
        if let Some(missing) = delete.items.iter().find(|id| !existing.contains(*id)) {
            return Err(Error::ItemNotFound(missing.to_string()));
        }
        Ok(self
            .store
            .delete_additional_infos(tenant, &semester.semester_id, &delete.items)
            .await?)
    }

    /// The semester a call names, or `unknown` naming it.
    pub(crate) async fn semester_named(
        &self,
        caller: &Caller,
        id: &SemesterId,
        unknown: fn(String) -> Error,
    ) -> Result<Semester> {
        let access = &caller.access;
        let found = self
            .catalog
            .semester(access.snapshot(), access.tenant_key(), id)
            .await?
            .ok_or_else(|| unknown(id.to_string()))?;
        Ok(found.semester.clone())
    }

    /// Items with their reviewees named as the caller names users.
    async fn info_views(
        &self,
        caller: &Caller,
        items: Vec<AdditionalInfo>,
    ) -> Result<Vec<InfoView>> {
        let users: Vec<UserId> = items.iter().map(|i| i.reviewee_user_id.clone()).collect();
        let external = self.platform.external_user_ids(&caller.ids, &users).await?;
        Ok(items
            .into_iter()
            .filter_map(|info| {
                let reviewee = external.get(&info.reviewee_user_id)?.clone();
                Some(InfoView { info, reviewee })
            })
            .collect())
    }
}

/// Refuses an import naming one `key` (item ID, external ID) twice.
fn check_unique(
    import: &AdditionalInfoImport,
    key: impl Fn(&crate::command::ImportedInfo) -> Option<String>,
    repeated: fn(String) -> Error,
) -> Result<()> {
    let mut seen = HashSet::new();
    for value in import.items.iter().filter_map(key) {
        if !seen.insert(value.clone()) {
            return Err(repeated(value));
        }
    }
    Ok(())
}
