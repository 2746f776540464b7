//! A semester's reviewees held in memory: what `reviewees/query`, `user_info/query` and
//! `metric_details/query` select from.
//!
//! Who a semester reviews follows from its activities, the user groups they review and those
//! groups' members. Database triggers move the catalog revision on every write to those tables,
//! so each snapshot builds a semester's index once, on first use, as it does its stage tasks
//! (`task_index`). Activities and their groups are written by fixture loads, the admin API and
//! semester replacements; members also by the vendor API that replaces a group's members
//! (`user_group_user_rels/write`), which a tenant calls when its organisation changes, not per
//! request: such a write costs the replicas a rebuild of the catalog entries they use, and a
//! page of reviewees costs no statement at all where it cost a join of members and activities
//! (BENCHMARKS.md).

use std::sync::Arc;

use openwork_platform::ids::UserId;

use super::Reviewee;
use crate::model::{Activity, ActivityId};

/// A semester's activities and every member of a group one of them reviews, users in `user_id`
/// byte order, each with the activities reviewing it.
#[derive(Debug, Default)]
pub struct SemesterReviewees {
    /// The semester's activities in ID byte order, each with its user groups (shared with
    /// the answers that name them: review data names an activity per profile).
    activities: Vec<Arc<Activity>>,
    users: Vec<UserId>,
    /// `users[i]` is reviewed in the activities at `reviewed_in[starts[i]..starts[i + 1]]`
    /// (positions in `activities`, ascending).
    starts: Vec<usize>,
    reviewed_in: Vec<u32>,
}

impl SemesterReviewees {
    /// The index of these activities (a semester's) and memberships: each a member of a group
    /// with an activity reviewing that group, in any order, repeats allowed (a user in two
    /// groups of one activity). Memberships of activities not given are left out.
    pub fn new(
        mut activities: Vec<Activity>,
        memberships: impl IntoIterator<Item = (UserId, ActivityId)>,
    ) -> Self {
        activities.sort_unstable_by(|a, b| a.activity_id.cmp(&b.activity_id));
        let mut pairs: Vec<(UserId, u32)> = memberships
            .into_iter()
            .filter_map(|(user, activity)| {
                let at = activities
                    .binary_search_by(|a| a.activity_id.cmp(&activity))
                    .ok()?;
                Some((user, at as u32))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut index = Self {
            activities: activities.into_iter().map(Arc::new).collect(),
            starts: vec![0],
            ..Self::default()
        };
        for (user, activity) in pairs {
            if index.users.last() != Some(&user) {
                if !index.users.is_empty() {
                    index.starts.push(index.reviewed_in.len());
                }
                index.users.push(user);
            }
            index.reviewed_in.push(activity);
        }
        if !index.users.is_empty() {
            index.starts.push(index.reviewed_in.len());
        }
        index.reviewed_in.shrink_to_fit();
        index
    }

    /// The semester's activities in ID byte order, each with its user groups.
    pub fn activities(&self) -> &[Arc<Activity>] {
        &self.activities
    }

    /// The reviewees in `user_id` byte order after `after`, at most `limit`, each with the
    /// activities (in ID order) it is reviewed in; only those of `activities` and `users` when
    /// given (a user reviewed in none of those activities is left out).
    pub fn page(
        &self,
        activities: Option<&[ActivityId]>,
        users: Option<&[UserId]>,
        after: Option<&UserId>,
        limit: usize,
    ) -> Vec<Reviewee> {
        let chosen: Vec<bool> = self
            .activities
            .iter()
            .map(|a| activities.is_none_or(|chosen| chosen.contains(&a.activity_id)))
            .collect();
        let first = after.map_or(0, |after| self.users.partition_point(|u| u <= after));
        match users {
            // Walked from `first` only as far as the page needs, not listed to the end.
            None => self.reviewees_at(first..self.users.len(), &chosen, limit),
            Some(users) => {
                let mut found: Vec<usize> = users
                    .iter()
                    .filter_map(|user| self.users.binary_search(user).ok())
                    .filter(|at| *at >= first)
                    .collect();
                found.sort_unstable();
                found.dedup();
                self.reviewees_at(found.into_iter(), &chosen, limit)
            }
        }
    }

    /// The first `limit` of the users at `positions` reviewed in a chosen activity.
    fn reviewees_at(
        &self,
        positions: impl Iterator<Item = usize>,
        chosen: &[bool],
        limit: usize,
    ) -> Vec<Reviewee> {
        positions
            .filter_map(|user| self.reviewee(user, chosen))
            .take(limit)
            .collect()
    }

    /// The `user`-th user with the chosen activities it is reviewed in, if any.
    fn reviewee(&self, user: usize, chosen: &[bool]) -> Option<Reviewee> {
        let activities: Vec<ActivityId> = self.reviewed_in
            [self.starts[user]..self.starts[user + 1]]
            .iter()
            .map(|at| *at as usize)
            .filter(|at| chosen[*at])
            .map(|at| self.activities[at].activity_id.clone())
            .collect();
        (!activities.is_empty()).then(|| Reviewee {
            user_id: self.users[user].clone(),
            activities,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Activities `12` and `11` (given out of order); `b` in both (twice in `11`), `_a`, `B`
    /// and `a` in one each, and a membership of an activity of another semester.
    fn index() -> SemesterReviewees {
        let memberships = [
            ("b", "12"),
            ("_a", "11"),
            ("b", "11"),
            ("B", "12"),
            ("b", "11"),
            ("a", "11"),
            ("z", "99"),
        ];
        SemesterReviewees::new(
            vec![Activity::enabled("12", &[]), Activity::enabled("11", &[])],
            memberships.map(|(u, a)| (UserId::from(u), ActivityId::from(a))),
        )
    }

    fn shown(page: Vec<Reviewee>) -> Vec<String> {
        page.into_iter()
            .map(|r| {
                let activities: Vec<&str> = r.activities.iter().map(|a| a.as_str()).collect();
                format!("{}:{}", r.user_id, activities.join("+"))
            })
            .collect()
    }

    fn ids(ids: &[&str]) -> Vec<UserId> {
        ids.iter().map(|id| UserId::from(*id)).collect()
    }

    #[test]
    fn reviewees_page_in_byte_order_with_their_activities_in_id_order() {
        let index = index();
        let ids: Vec<&str> = index
            .activities()
            .iter()
            .map(|a| a.activity_id.as_str())
            .collect();
        assert_eq!(ids, ["11", "12"]);
        assert_eq!(
            shown(index.page(None, None, None, 10)),
            ["B:12", "_a:11", "a:11", "b:11+12"]
        );
        assert_eq!(shown(index.page(None, None, None, 2)), ["B:12", "_a:11"]);
        // `after` need not be a reviewee.
        assert_eq!(
            shown(index.page(None, None, Some(&"Z".into()), 2)),
            ["_a:11", "a:11"]
        );
        assert!(index.page(None, None, Some(&"b".into()), 10).is_empty());
    }

    #[test]
    fn chosen_activities_and_listed_users_narrow_the_page() {
        let index = index();
        let twelve = [ActivityId::from("12")];
        assert_eq!(
            shown(index.page(Some(&twelve), None, None, 10)),
            ["B:12", "b:12"]
        );
        let listed = ids(&["b", "nobody", "B", "b", "a"]);
        assert_eq!(
            shown(index.page(None, Some(&listed), None, 10)),
            ["B:12", "a:11", "b:11+12"],
            "in byte order, once each, non-reviewees left out"
        );
        assert_eq!(
            shown(index.page(None, Some(&listed), Some(&"B".into()), 1)),
            ["a:11"]
        );
        assert_eq!(
            shown(index.page(Some(&twelve), Some(&listed), None, 10)),
            ["B:12", "b:12"]
        );
        assert!(index.page(None, Some(&[]), None, 10).is_empty());
        assert!(index.page(Some(&[]), None, None, 10).is_empty());
        assert!(
            SemesterReviewees::default()
                .page(None, None, None, 10)
                .is_empty()
        );
    }
}
