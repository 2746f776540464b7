//! A semester's stage tasks held in memory: what `find_by_page`, `find_by_user_list` and their
//! siblings select from.
//!
//! Stage tasks are catalog data (written by fixture loads, the admin API and semester
//! replacements, never by the vendor APIs that read them): database triggers move the catalog
//! revision on every write to them, so each snapshot builds a semester's index once, on first
//! use, and every request of that revision on this replica selects from it (see
//! `openwork_platform::catalog`). A page then costs no statement at all, where reading it from
//! the database cost a statement, its rows and their conversion (BENCHMARKS.md).

use openwork_platform::ids::UserId;

use super::{StageSelection, UserTasks};
use crate::model::{SemesterId, StageId, StageTask};
use crate::status::CompletionFilter;

/// Every stage task of one semester, grouped by user, users in `user_id` byte order.
#[derive(Debug, Default)]
pub struct SemesterTasks {
    semester_id: SemesterId,
    /// The stages tasks name, by the index a [`PackedTask`] holds.
    stages: Vec<StageId>,
    users: Vec<UserId>,
    /// `users[i]`'s tasks are `tasks[starts[i]..starts[i + 1]]`, in the order they were given.
    starts: Vec<usize>,
    tasks: Vec<PackedTask>,
}

/// A stage task without its semester and user (the index knows both): 12 bytes, so that a
/// million tasks stay within the server's memory budget. Pages hand them out as they are: a
/// page's views find each task's stage by its position, with no IDs copied per task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackedTask {
    /// The task's stage: its position in [`SemesterTasks::stages`].
    stage: u32,
    // Counts are 0..=99999 (the vendor's range, which every write checks).
    need_todo: u32,
    finished: u32,
}

impl PackedTask {
    /// The task's stage: its position in [`SemesterTasks::stages`].
    pub fn stage(&self) -> usize {
        self.stage as usize
    }

    pub fn need_todo(&self) -> i64 {
        self.need_todo.into()
    }

    pub fn finished(&self) -> i64 {
        self.finished.into()
    }

    pub fn is_complete(&self) -> bool {
        // The rule of `StageTask::is_complete`.
        self.finished >= self.need_todo
    }
}

/// Builds a [`SemesterTasks`] a user at a time, without holding more than the index itself (the
/// benchmark's million tasks, read whole as `StageTask`s first, took the server to 300 MB).
pub struct SemesterTasksBuilder {
    index: SemesterTasks,
}

impl SemesterTasksBuilder {
    /// Adds a user and its tasks (each user once; in `user_id` byte order is fastest).
    pub fn user<'a>(
        &mut self,
        user_id: UserId,
        tasks: impl IntoIterator<Item = (&'a str, u32, u32)>,
    ) {
        let index = &mut self.index;
        index.users.push(user_id);
        for (stage_id, need_todo, finished) in tasks {
            let stage = match index.stages.iter().position(|s| s.as_str() == stage_id) {
                Some(known) => known,
                None => {
                    index.stages.push(StageId::from(stage_id));
                    index.stages.len() - 1
                }
            };
            index.tasks.push(PackedTask {
                stage: stage as u32,
                need_todo,
                finished,
            });
        }
        index.starts.push(index.tasks.len());
    }

    pub fn build(mut self) -> SemesterTasks {
        if !self.index.users.is_sorted() {
            self.index.sort_users();
        }
        self.index.tasks.shrink_to_fit();
        self.index
    }
}

impl SemesterTasks {
    /// An empty index of `semester_id`'s tasks, to fill.
    pub fn builder(semester_id: SemesterId) -> SemesterTasksBuilder {
        SemesterTasksBuilder {
            index: Self {
                semester_id,
                starts: vec![0],
                ..Self::default()
            },
        }
    }

    /// Puts users given out of order (a database whose text order is not byte order) in
    /// `user_id` byte order, each with its own tasks.
    fn sort_users(&mut self) {
        let mut order: Vec<usize> = (0..self.users.len()).collect();
        order.sort_unstable_by(|a, b| self.users[*a].cmp(&self.users[*b]));
        let mut users = Vec::with_capacity(self.users.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut tasks = Vec::with_capacity(self.tasks.len());
        starts.push(0);
        for user in order {
            users.push(std::mem::take(&mut self.users[user]));
            tasks.extend_from_slice(&self.tasks[self.starts[user]..self.starts[user + 1]]);
            starts.push(tasks.len());
        }
        (self.users, self.starts, self.tasks) = (users, starts, tasks);
    }

    /// Users with at least one selected task, in `user_id` byte order, after `after`, at most
    /// `limit`, each with its selected tasks.
    pub fn page(
        &self,
        selection: &StageSelection,
        after: Option<&UserId>,
        limit: usize,
    ) -> Vec<UserTasks> {
        let wanted = self.wanted(selection);
        let first = after.map_or(0, |after| self.users.partition_point(|u| u <= after));
        (first..self.users.len())
            .filter_map(|user| self.selected(user, &wanted))
            .take(limit)
            .collect()
    }

    /// These users, in the order given, each with its selected tasks (none for a user the
    /// semester does not know).
    pub fn listed(&self, selection: &StageSelection, users: Vec<UserId>) -> Vec<UserTasks> {
        let wanted = self.wanted(selection);
        users
            .into_iter()
            .map(|user_id| {
                let tasks = match self.users.binary_search(&user_id) {
                    Ok(user) => self.selected_tasks(user, &wanted),
                    Err(_) => Vec::new(),
                };
                UserTasks { user_id, tasks }
            })
            .collect()
    }

    /// The selected tasks of these users (unknown users have none).
    pub fn of_users(&self, selection: &StageSelection, users: &[UserId]) -> Vec<StageTask> {
        self.stage_tasks(self.listed(selection, users.to_vec()))
    }

    /// The tasks of these entries (of a page, or [`Self::listed`]) as whole stage tasks.
    pub fn stage_tasks(&self, users: Vec<UserTasks>) -> Vec<StageTask> {
        let mut tasks = Vec::new();
        for user in users {
            tasks.extend(user.tasks.iter().map(|task| StageTask {
                semester_id: self.semester_id.clone(),
                stage_id: self.stages[task.stage()].clone(),
                user_id: user.user_id.clone(),
                need_todo: task.need_todo(),
                finished: task.finished(),
            }));
        }
        tasks
    }

    /// The stages the tasks name, by [`PackedTask::stage`].
    pub fn stages(&self) -> &[StageId] {
        &self.stages
    }

    /// How many tasks the semester has (its index's size).
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Per stage index, which of its tasks the selection wants (`None`: none).
    fn wanted(&self, selection: &StageSelection) -> Vec<Option<CompletionFilter>> {
        self.stages
            .iter()
            .map(|stage| {
                selection
                    .iter()
                    .find(|(selected, _)| selected == stage)
                    .map(|(_, completion)| *completion)
            })
            .collect()
    }

    /// The `user`-th user with its tasks that `wanted` selects, if any.
    fn selected(&self, user: usize, wanted: &[Option<CompletionFilter>]) -> Option<UserTasks> {
        let tasks = self.selected_tasks(user, wanted);
        (!tasks.is_empty()).then(|| UserTasks {
            user_id: self.users[user].clone(),
            tasks,
        })
    }

    /// The tasks of the `user`-th user that `wanted` selects.
    fn selected_tasks(&self, user: usize, wanted: &[Option<CompletionFilter>]) -> Vec<PackedTask> {
        self.tasks[self.starts[user]..self.starts[user + 1]]
            .iter()
            .filter(|task| match wanted[task.stage()] {
                None => false,
                Some(CompletionFilter::Any) => true,
                Some(CompletionFilter::Complete) => task.is_complete(),
                Some(CompletionFilter::Incomplete) => !task.is_complete(),
            })
            .copied()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(user: &str, stage: &str, need_todo: i64, finished: i64) -> StageTask {
        StageTask {
            semester_id: SemesterId::from("m"),
            stage_id: StageId::from(stage),
            user_id: UserId::from(user),
            need_todo,
            finished,
        }
    }

    /// Users `b`, `B`, `a`, `_x`, `Z1` (out of byte order, as a database might give them).
    fn index() -> SemesterTasks {
        let mut builder = SemesterTasks::builder(SemesterId::from("m"));
        builder.user("b".into(), [("s1", 1, 1), ("s2", 1, 0)]);
        builder.user("B".into(), [("s1", 2, 0)]);
        builder.user("a".into(), [("s1", 1, 1)]);
        builder.user("_x".into(), [("s2", 1, 0)]);
        builder.user("Z1".into(), [("s2", 0, 0)]);
        builder.build()
    }

    /// A page entry's tasks as (stage, need_todo, finished).
    fn tasks<'a>(index: &'a SemesterTasks, user: &UserTasks) -> Vec<(&'a str, i64, i64)> {
        user.tasks
            .iter()
            .map(|t| {
                (
                    index.stages()[t.stage()].as_str(),
                    t.need_todo(),
                    t.finished(),
                )
            })
            .collect()
    }

    fn ids(page: &[UserTasks]) -> Vec<&str> {
        page.iter().map(|u| u.user_id.as_str()).collect()
    }

    #[test]
    fn pages_follow_byte_order_and_the_selection() {
        let index = index();
        let all = [
            (StageId::from("s1"), CompletionFilter::Any),
            (StageId::from("s2"), CompletionFilter::Any),
        ];
        assert_eq!(
            ids(&index.page(&all, None, 10)),
            ["B", "Z1", "_x", "a", "b"]
        );
        assert_eq!(ids(&index.page(&all, Some(&"Z1".into()), 2)), ["_x", "a"]);
        // `after` need not be a user of the semester.
        assert_eq!(ids(&index.page(&all, Some(&"Y".into()), 1)), ["Z1"]);
        let complete = [(StageId::from("s1"), CompletionFilter::Complete)];
        assert_eq!(ids(&index.page(&complete, None, 10)), ["a", "b"]);
        let incomplete = [
            (StageId::from("s1"), CompletionFilter::Incomplete),
            (StageId::from("s2"), CompletionFilter::Incomplete),
        ];
        let page = index.page(&incomplete, None, 10);
        assert_eq!(ids(&page), ["B", "_x", "b"]);
        assert_eq!(
            tasks(&index, &page[2]),
            [("s2", 1, 0)],
            "b's s1 task is done"
        );
        assert!(index.page(&[], None, 10).is_empty());
        assert!(
            index
                .page(
                    &[(StageId::from("elsewhere"), CompletionFilter::Any)],
                    None,
                    10
                )
                .is_empty()
        );
    }

    #[test]
    fn users_sorted_into_byte_order_keep_their_own_tasks() {
        let index = index();
        let all = [
            (StageId::from("s2"), CompletionFilter::Any),
            (StageId::from("s1"), CompletionFilter::Any),
        ];
        let page = index.page(&all, Some(&"a".into()), 1);
        assert_eq!(tasks(&index, &page[0]), [("s1", 1, 1), ("s2", 1, 0)]);
        let page = index.page(&all, None, 1);
        assert_eq!(tasks(&index, &page[0]), [("s1", 2, 0)]);
    }

    #[test]
    fn listed_users_keep_the_callers_order_and_unknown_ones_have_nothing() {
        let index = index();
        let incomplete = [
            (StageId::from("s1"), CompletionFilter::Incomplete),
            (StageId::from("s2"), CompletionFilter::Incomplete),
        ];
        let users = [UserId::from("b"), UserId::from("nobody"), UserId::from("B")];
        assert_eq!(
            index.of_users(&incomplete, &users),
            [task("b", "s2", 1, 0), task("B", "s1", 2, 0)]
        );
        let listed = index.listed(&incomplete, users.to_vec());
        assert_eq!(ids(&listed), ["b", "nobody", "B"]);
        let listed: Vec<_> = listed.iter().map(|user| tasks(&index, user)).collect();
        assert_eq!(listed, [vec![("s2", 1, 0)], vec![], vec![("s1", 2, 0)]]);
        assert_eq!(index.len(), 6);
    }
}
