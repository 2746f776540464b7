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
use crate::store::{AdditionalInfoFilter, EVERY_ROW};

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
        let reviewed = self
            .reviewed_among(caller, &semester.semester_id, &users)
            .await?;
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
                .additional_infos(tenant, &semester.semester_id, &filter, None, EVERY_ROW)
                .await?;
            pool.extend(found.into_iter().map(|i| (i.item_id.clone(), i)));
        }
        let record = self.import_record(
            caller,
            IMPORT_ADDITIONAL_INFORMATION,
            &import.client_token,
            &import.record_name,
            &semester.semester_id,
        );
        let candidates = import
            .items
            .iter()
            .zip(reviewees)
            .enumerate()
            .map(|(index, (item, reviewee))| {
                let fresh = AdditionalInfo {
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
                (item.item_id.clone(), fresh)
            })
            .collect();
        let written = plan_import(candidates, pool)?;
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
        let after = pager.after().map(ItemId::from);
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
            .catalog
            .semester_additional_infos(caller.access.snapshot(), tenant, &semester.semester_id)
            .await?
            .page(&filter, after.as_ref(), pager.limit());
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
                let reviewee = external.get(&info.reviewee_user_id)?.to_owned();
                Some(InfoView { info, reviewee })
            })
            .collect())
    }
}

/// What an import writes: each candidate (the item ID it names, if any, and its content under
/// a fresh ID) becomes the stored item it updates — by that item ID, else by its external ID,
/// else by identical content — or a new item. `pool` holds every stored item it could update;
/// items of the import join it as they are planned, so later ones match earlier ones.
fn plan_import(
    candidates: Vec<(Option<ItemId>, AdditionalInfo)>,
    mut pool: HashMap<ItemId, AdditionalInfo>,
) -> Result<Vec<AdditionalInfo>> {
    let mut written: Vec<AdditionalInfo> = Vec::with_capacity(candidates.len());
    for (named, mut info) in candidates {
        let target = match (&named, &info.external_id) {
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
            info.item_id = target.item_id;
            if info.external_id.is_none() {
                info.external_id = target.external_id;
            }
        }
        if let Some(external) = &info.external_id {
            let held_elsewhere = pool
                .values()
                .any(|p| p.external_id.as_ref() == Some(external) && p.item_id != info.item_id);
            if held_elsewhere {
                return Err(Error::ExternalIdTaken(external.clone()));
            }
        }
        pool.insert(info.item_id.clone(), info.clone());
        written.retain(|w| w.item_id != info.item_id);
        written.push(info);
    }
    Ok(written)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn info(id: &str, external: Option<&str>, item: &str) -> AdditionalInfo {
        AdditionalInfo {
            item_id: ItemId::from(id),
            semester_id: SemesterId::from("s"),
            external_id: external.map(str::to_owned),
            reviewee_user_id: UserId::from("u"),
            item: item.to_owned(),
            time: "t".to_owned(),
            detailed_description: "d".to_owned(),
        }
    }

    fn pool(items: &[AdditionalInfo]) -> HashMap<ItemId, AdditionalInfo> {
        items
            .iter()
            .map(|i| (i.item_id.clone(), i.clone()))
            .collect()
    }

    fn ids(written: &[AdditionalInfo]) -> Vec<&str> {
        written.iter().map(|w| w.item_id.as_str()).collect()
    }

    #[test]
    fn an_import_updates_by_item_id_then_external_id_then_content() {
        let stored = pool(&[
            info("a", Some("ea"), "A"),
            info("b", None, "B"),
            info("c", None, "C"),
        ]);
        let written = plan_import(
            vec![
                (Some(ItemId::from("b")), info("new1", None, "B2")),
                (None, info("new2", Some("ea"), "A2")),
                (None, info("new3", None, "C")),
                (None, info("new4", None, "D")),
            ],
            stored,
        )
        .unwrap();
        assert_eq!(ids(&written), ["b", "a", "c", "new4"]);
        assert_eq!(written[1].item, "A2");
    }

    #[test]
    fn an_update_keeps_the_stored_external_id_and_later_items_match_earlier_ones() {
        let stored = pool(&[info("a", Some("ea"), "A")]);
        let written = plan_import(
            vec![
                (Some(ItemId::from("a")), info("n1", None, "A2")),
                (None, info("n2", None, "D")),
                (None, info("n3", None, "D")),
            ],
            stored,
        )
        .unwrap();
        assert_eq!(ids(&written), ["a", "n2"], "identical content once");
        assert_eq!(written[0].external_id.as_deref(), Some("ea"));
    }

    #[test]
    fn unknown_item_ids_and_taken_external_ids_are_refused() {
        let stored = pool(&[info("a", Some("ea"), "A"), info("b", None, "B")]);
        let unknown = plan_import(
            vec![(Some(ItemId::from("x")), info("n", None, "X"))],
            stored.clone(),
        );
        assert!(matches!(unknown, Err(Error::ItemNotFound(id)) if id == "x"));
        let taken = plan_import(
            vec![(Some(ItemId::from("b")), info("n", Some("ea"), "B"))],
            stored,
        );
        assert!(matches!(taken, Err(Error::ExternalIdTaken(id)) if id == "ea"));
    }
}
