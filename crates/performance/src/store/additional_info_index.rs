//! A semester's additional information held in memory: what `additional_informations/query`
//! pages through.
//!
//! Additional information is written by fixture loads, `additional_informations/import` and
//! `additional_informations/batch` (delete), each a batch a tenant sends when its reviewees'
//! records are reckoned, not a write per request. Database triggers move the catalog revision
//! on every write to their table, so each snapshot reads a semester's items once, on first use,
//! where a page cost a statement and the decoding of its rows (BENCHMARKS.md).

use std::collections::HashSet;

use super::AdditionalInfoFilter;
use crate::model::{AdditionalInfo, ItemId};

/// A semester's additional information in `item_id` byte order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SemesterAdditionalInfos {
    items: Vec<AdditionalInfo>,
}

impl SemesterAdditionalInfos {
    /// The index of these items (a semester's), in any order.
    pub fn new(mut items: Vec<AdditionalInfo>) -> Self {
        items.sort_unstable_by(|a, b| a.item_id.as_str().cmp(b.item_id.as_str()));
        Self { items }
    }

    /// The items `only` selects in `item_id` byte order after `after`, at most `limit`: one
    /// keyset page, as the store's `additional_infos` reads it.
    pub fn page(
        &self,
        only: &AdditionalInfoFilter,
        after: Option<&ItemId>,
        limit: usize,
    ) -> Vec<AdditionalInfo> {
        let first = after.map_or(0, |after| {
            self.items
                .partition_point(|i| i.item_id.as_str() <= after.as_str())
        });
        let rest = self.items[first..].iter();
        let chosen: Vec<&AdditionalInfo> = match only {
            AdditionalInfoFilter::All => rest.take(limit).collect(),
            AdditionalInfoFilter::ItemIds(ids) => {
                // Found by ID: a page of a few items costs no walk of the semester.
                let mut found: Vec<usize> = ids
                    .iter()
                    .filter_map(|id| {
                        self.items
                            .binary_search_by(|i| i.item_id.as_str().cmp(id.as_str()))
                            .ok()
                    })
                    .filter(|at| *at >= first)
                    .collect();
                found.sort_unstable();
                found.dedup();
                found
                    .iter()
                    .take(limit)
                    .map(|at| &self.items[*at])
                    .collect()
            }
            AdditionalInfoFilter::ExternalIds(ids) => {
                let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
                rest.filter(|i| i.external_id.as_deref().is_some_and(|e| wanted.contains(e)))
                    .take(limit)
                    .collect()
            }
            AdditionalInfoFilter::Reviewees(users) => {
                let wanted: HashSet<&str> = users.iter().map(|u| u.as_str()).collect();
                rest.filter(|i| wanted.contains(i.reviewee_user_id.as_str()))
                    .take(limit)
                    .collect()
            }
        };
        chosen.into_iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SemesterId;

    fn item(id: &str, external: Option<&str>, reviewee: &str) -> AdditionalInfo {
        AdditionalInfo {
            item_id: id.into(),
            semester_id: SemesterId::from("1"),
            external_id: external.map(str::to_owned),
            reviewee_user_id: reviewee.into(),
            item: format!("item {id}"),
            time: String::new(),
            detailed_description: String::new(),
        }
    }

    fn ids(page: Vec<AdditionalInfo>) -> Vec<String> {
        page.into_iter().map(|i| i.item_id.to_string()).collect()
    }

    #[test]
    fn each_filter_pages_in_item_byte_order_after_the_cursor() {
        let index = SemesterAdditionalInfos::new(vec![
            item("30", Some("x3"), "u2"),
            item("10", Some("x1"), "u1"),
            item("4", None, "u1"),
            item("20", None, "u2"),
            item("100", Some("x2"), "u1"),
        ]);
        let page = |only: &AdditionalInfoFilter, after: Option<&str>, limit| {
            ids(index.page(only, after.map(ItemId::from).as_ref(), limit))
        };
        let all = AdditionalInfoFilter::All;
        assert_eq!(page(&all, None, 10), ["10", "100", "20", "30", "4"]);
        assert_eq!(page(&all, None, 2), ["10", "100"]);
        // The cursor need not be an item.
        assert_eq!(page(&all, Some("15"), 2), ["20", "30"]);
        assert!(page(&all, Some("4"), 10).is_empty());

        let listed = AdditionalInfoFilter::ItemIds(
            ["4", "10", "missing", "4", "30"].map(ItemId::from).to_vec(),
        );
        assert_eq!(page(&listed, None, 10), ["10", "30", "4"]);
        assert_eq!(page(&listed, Some("10"), 1), ["30"]);

        let external = AdditionalInfoFilter::ExternalIds(vec!["x2".into(), "x3".into(), "".into()]);
        assert_eq!(page(&external, None, 10), ["100", "30"]);
        assert_eq!(page(&external, Some("100"), 10), ["30"]);

        let reviewees = AdditionalInfoFilter::Reviewees(vec!["u1".into()]);
        assert_eq!(page(&reviewees, None, 10), ["10", "100", "4"]);
        assert_eq!(page(&reviewees, Some("10"), 1), ["100"]);
        assert!(page(&AdditionalInfoFilter::Reviewees(Vec::new()), None, 10).is_empty());
    }
}
