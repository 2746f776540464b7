//! What the performance service tells subscribers: `performance.stage_task.open_result_v2` when a
//! stage's results open to its reviewees, and `performance.review_data.changed_v2` when review
//! records change. Each is rendered for every subscribing app (its own user IDs) and stored with
//! the change that causes it, in its transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use openwork_platform::clock::Millis;
use openwork_platform::events::{Delivery, NewEvent, SeenUser, Subscriber, deliveries_of};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_wire::feishu::events::{
    EventUserId, ItemsEvent, OpenResult, REVIEW_DATA_CHANGED, ReviewDataChange,
    STAGE_TASK_OPEN_RESULT, StageChange,
};
use serde::Serialize;

use crate::command::V2_RESULT_STAGE_TYPES;
use crate::error::Result;
use crate::model::*;
use crate::service::PerformanceService;
use crate::status::CompletionFilter;
use crate::store::{EVERY_ROW, SemesterReviews};

/// An event carries at most this many items; longer lists are split over several events.
const ITEMS_PER_EVENT: usize = 100;

/// A reviewee whose results open with a stage's, in the activity that reviews them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct OpenedFor {
    pub user: UserId,
    pub activity: ActivityId,
}

/// The reviewees whose results open when `stage`'s do: users with a task in the stage who are
/// members of a user group an activity of its semester reviews, once per such activity; sorted.
///
/// Why both: stage tasks are to-dos, and reviewers (leaders) have them too, so a task alone does
/// not make a reviewee; and an activity's members without a task in the stage have nothing in
/// it (a review record belongs to a stage task of its reviewee, as fixtures require). What
/// opens is exactly what the review-data APIs start to show: records of such pairs.
pub(crate) fn stage_reviewees(
    stage: &StageId,
    tasks: &[StageTask],
    activities: &[Activity],
    members: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<OpenedFor> {
    let with_task: BTreeSet<&UserId> = tasks
        .iter()
        .filter(|task| &task.stage_id == stage)
        .map(|task| &task.user_id)
        .collect();
    let mut opened = Vec::new();
    for user in with_task {
        for activity in activities {
            let reviews = activity.user_groups.iter().any(|group| {
                members
                    .get(group.as_str())
                    .is_some_and(|m| m.contains(user.as_str()))
            });
            if reviews {
                opened.push(OpenedFor {
                    user: user.clone(),
                    activity: activity.activity_id.clone(),
                });
            }
        }
    }
    opened.sort();
    opened
}

/// One reviewee's review data that changed in one activity: the stages and roles whose records
/// differ, in stage order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RevieweeChanges {
    pub user: UserId,
    pub semester: SemesterId,
    pub activity: ActivityId,
    pub stages: Vec<StageChange>,
}

/// Where a record belongs as the event reports it: its stage (with the stage's place, to sort
/// by), the stage's type and the reviewing role.
type ChangeKey = (UserId, ActivityId, (i64, StageId), String, String);

/// What replacing a semester's stages and records (`before`) by `stages` and `records` changes
/// in review data: per reviewee and activity, every (stage, role) whose records differ in any
/// way (added, removed, answered or submitted otherwise); sorted by reviewee and activity.
pub(crate) fn review_data_changes(
    semester: &SemesterId,
    before: &SemesterReviews,
    stages: &[Stage],
    records: &[ReviewRecord],
) -> Vec<RevieweeChanges> {
    let old = records_by_key(&before.stages, &before.records);
    let new = records_by_key(stages, records);
    let keys: BTreeSet<&ChangeKey> = old.keys().chain(new.keys()).collect();
    let mut changed: BTreeMap<(UserId, ActivityId), Vec<StageChange>> = BTreeMap::new();
    for key in keys {
        if old.get(key) == new.get(key) {
            continue;
        }
        let (user, activity, (_, stage_id), stage_type, role) = key.clone();
        changed
            .entry((user, activity))
            .or_default()
            .push(StageChange {
                stage_id: stage_id.to_string(),
                stage_type,
                review_stage_role: role,
            });
    }
    changed
        .into_iter()
        .map(|((user, activity), stages)| RevieweeChanges {
            user,
            semester: semester.clone(),
            activity,
            stages,
        })
        .collect()
}

/// The records of stages the vendor reports on, grouped by [`ChangeKey`], each group by ID.
/// Records of calibration and key-metric stages are no review data the vendor reports (its
/// `stage_changes[].stage_type` does not name them, and `v2/review_datas/query` never returns
/// them), so they are left out.
fn records_by_key<'a>(
    stages: &[Stage],
    records: &'a [ReviewRecord],
) -> BTreeMap<ChangeKey, Vec<&'a ReviewRecord>> {
    let stages: HashMap<&StageId, &Stage> = stages.iter().map(|s| (&s.stage_id, s)).collect();
    let mut grouped: BTreeMap<ChangeKey, Vec<&ReviewRecord>> = BTreeMap::new();
    for record in records {
        let Some(stage) = stages.get(&record.stage_id) else {
            continue;
        };
        if !V2_RESULT_STAGE_TYPES.contains(&stage.stage_type.as_str()) {
            continue;
        }
        let key = (
            record.reviewee_user_id.clone(),
            record.activity_id.clone(),
            (stage.position, stage.stage_id.clone()),
            stage.stage_type.clone(),
            review_stage_role(stage, record).to_owned(),
        );
        grouped.entry(key).or_default().push(record);
    }
    for group in grouped.values_mut() {
        group.sort_by(|a, b| a.record_id.as_str().cmp(b.record_id.as_str()));
    }
    grouped
}

/// The vendor's `review_stage_role` of a record: the role its stage declares (openwork's roles
/// are the vendor's). A stage declaring none is a self-review when the reviewees review
/// themselves, a 360° review by invited reviewers when the reviewer is anonymous, and otherwise
/// the review by the reviewee's leader (openwork's leader stages name no role).
fn review_stage_role<'a>(stage: &'a Stage, record: &ReviewRecord) -> &'a str {
    if let Some(role) = &stage.review_stage_role {
        return role;
    }
    match &record.reviewer_user_id {
        Some(reviewer) if reviewer == &record.reviewee_user_id => "reviewee",
        None => "invited_reviewer",
        Some(_) => "solid_line_leader",
    }
}

impl PerformanceService {
    /// The announcement that `stage`'s results opened, one event per subscribing app for each
    /// hundred of `reviewees` (none when nobody subscribes or nobody's results open).
    pub(crate) async fn opening_deliveries(
        &self,
        tenant: &TenantKey,
        subscribers: &[Subscriber],
        stage: &Stage,
        reviewees: &[OpenedFor],
    ) -> Result<Vec<Delivery>> {
        let Some(open_time) = stage.results_open_time else {
            return Ok(Vec::new());
        };
        self.deliveries_per_subscriber(
            tenant,
            subscribers,
            STAGE_TASK_OPEN_RESULT,
            reviewees,
            |reviewee| &reviewee.user,
            |reviewee, user_id| OpenResult {
                user_id,
                semester_id: stage.semester_id.to_string(),
                activity_id: reviewee.activity.to_string(),
                open_time: open_time.0.to_string(),
            },
        )
        .await
    }

    /// The announcement of a stored stage's opening: its reviewees read from storage only when
    /// an app subscribes.
    pub(crate) async fn stored_opening_deliveries(
        &self,
        tenant: &TenantKey,
        stage: &Stage,
    ) -> Result<Vec<Delivery>> {
        let subscribers = self
            .platform
            .event_subscribers(tenant, STAGE_TASK_OPEN_RESULT)
            .await?;
        if subscribers.is_empty() {
            return Ok(Vec::new());
        }
        let semester = std::slice::from_ref(&stage.semester_id);
        let every_task = [(stage.stage_id.clone(), CompletionFilter::Any)];
        let at = self.platform.snapshot().await?;
        let index = self
            .catalog
            .semester_tasks(&at, tenant, &stage.semester_id)
            .await?;
        let tasks = index.stage_tasks(index.page(&every_task, None, EVERY_ROW));
        let activities = self.store.activities(tenant, semester, None).await?;
        let members = self
            .store
            .user_groups(tenant)
            .await?
            .into_iter()
            .map(|g| {
                let members = g.members.iter().map(ToString::to_string).collect();
                (g.group_id.to_string(), members)
            })
            .collect();
        let reviewees = stage_reviewees(&stage.stage_id, &tasks, &activities, &members);
        self.opening_deliveries(tenant, &subscribers, stage, &reviewees)
            .await
    }

    /// `performance.review_data.changed_v2` for `changes`, one event per subscribing app for
    /// each hundred reviewees and activities (none when nobody subscribes).
    pub(crate) async fn review_data_deliveries(
        &self,
        tenant: &TenantKey,
        changes: &[RevieweeChanges],
    ) -> Result<Vec<Delivery>> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let subscribers = self
            .platform
            .event_subscribers(tenant, REVIEW_DATA_CHANGED)
            .await?;
        self.deliveries_per_subscriber(
            tenant,
            &subscribers,
            REVIEW_DATA_CHANGED,
            changes,
            |change| &change.user,
            |change, user_id| ReviewDataChange {
                user_id,
                semester_id: change.semester.to_string(),
                activity_id: change.activity.to_string(),
                stage_changes: change.stages.clone(),
            },
        )
        .await
    }

    /// `event_type` events for each subscriber, stored as deliveries: one item per entry whose
    /// user (`user_of`) the subscriber can see, made by `item` with the user's IDs as that
    /// subscriber sees them.
    async fn deliveries_per_subscriber<E, T: Serialize + Clone>(
        &self,
        tenant: &TenantKey,
        subscribers: &[Subscriber],
        event_type: &str,
        entries: &[E],
        user_of: impl Fn(&E) -> &UserId,
        item: impl Fn(&E, EventUserId) -> T,
    ) -> Result<Vec<Delivery>> {
        let users: Vec<UserId> = unique(entries.iter().map(&user_of));
        let mut events = Vec::new();
        for subscriber in subscribers {
            let seen = self.platform.seen_users(tenant, subscriber, &users).await?;
            let items: Vec<T> = entries
                .iter()
                .filter_map(|entry| Some(item(entry, event_user(seen.get(user_of(entry))?))))
                .collect();
            events.extend(items_events(subscriber, event_type, items));
        }
        Ok(deliveries_of(
            tenant,
            subscribers,
            &events,
            self.platform.real_now(),
        ))
    }

    /// Announces every stage whose results are open on its tenant's clock (at real time
    /// `real_now`) and were not announced, each in a transaction of its own that claims the
    /// opening first: of several replicas doing this at once, one announces each opening.
    /// Answers how many this call announced. Every replica calls it once a second, so that
    /// results opening as time passes are announced within about a second.
    pub async fn announce_opened_results(&self, real_now: Millis) -> Result<usize> {
        let mut clocks: HashMap<TenantKey, Millis> = HashMap::new();
        let mut announced = 0;
        for (tenant, stage) in self.store.unannounced_openings().await? {
            let now = match clocks.get(&tenant) {
                Some(now) => *now,
                None => {
                    let now = self
                        .platform
                        .existing_tenant(&tenant)
                        .await?
                        .clock
                        .now(real_now);
                    *clocks.entry(tenant.clone()).or_insert(now)
                }
            };
            if !stage.results_open(now) {
                continue;
            }
            let deliveries = self.stored_opening_deliveries(&tenant, &stage).await?;
            if self
                .store
                .announce_results(&tenant, &stage, &deliveries)
                .await?
            {
                announced += 1;
            }
        }
        Ok(announced)
    }
}

/// A user in the ID forms the app sees them in.
fn event_user(seen: &SeenUser) -> EventUserId {
    EventUserId {
        user_id: seen.user_id.clone(),
        open_id: seen.open_id.clone(),
        union_id: seen.union_id.clone(),
    }
}

/// `{"items": [...]}` events of `event_type` for the subscriber, [`ITEMS_PER_EVENT`] items each
/// (none without items).
fn items_events<T: Serialize + Clone>(
    subscriber: &Subscriber,
    event_type: &str,
    items: Vec<T>,
) -> Vec<NewEvent> {
    items
        .chunks(ITEMS_PER_EVENT)
        .map(|chunk| NewEvent {
            app_id: subscriber.app.app_id.clone(),
            event_type: event_type.to_owned(),
            event: serde_json::to_value(ItemsEvent {
                items: chunk.to_vec(),
            })
            .expect("event bodies serialise"),
        })
        .collect()
}

/// The distinct users, in first-seen order.
fn unique<'a>(users: impl Iterator<Item = &'a UserId>) -> Vec<UserId> {
    let mut seen = HashSet::new();
    users.filter(|u| seen.insert(*u)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, position: i64, stage_type: &str, role: Option<&str>) -> Stage {
        Stage {
            stage_id: StageId::from(id),
            semester_id: SemesterId::from("s"),
            name: I18n::default(),
            deadline: Millis(0),
            jump_url: None,
            paused: false,
            position,
            stage_type: stage_type.to_owned(),
            review_stage_role: role.map(str::to_owned),
            template_id: None,
            results_open_time: None,
            results_announced: false,
        }
    }

    fn record(id: &str, stage: &str, reviewee: &str, reviewer: Option<&str>) -> ReviewRecord {
        ReviewRecord {
            record_id: RecordId::from(id),
            semester_id: SemesterId::from("s"),
            activity_id: ActivityId::from("a"),
            stage_id: StageId::from(stage),
            reviewee_user_id: UserId::from(reviewee),
            reviewer_user_id: reviewer.map(UserId::from),
            submit_time: None,
            values: Vec::new(),
        }
    }

    fn changes_of(before: &[ReviewRecord], after: &[ReviewRecord]) -> Vec<(String, Vec<String>)> {
        let stages = vec![
            stage("self", 0, "review", Some("reviewee")),
            stage("lead", 1, "leader_review", None),
            stage("cal", 2, "calibration", None),
        ];
        let before = SemesterReviews {
            stages: stages.clone(),
            records: before.to_vec(),
        };
        review_data_changes(&SemesterId::from("s"), &before, &stages, after)
            .into_iter()
            .map(|c| {
                let stages = c
                    .stages
                    .iter()
                    .map(|s| format!("{}:{}:{}", s.stage_id, s.stage_type, s.review_stage_role))
                    .collect();
                (c.user.to_string(), stages)
            })
            .collect()
    }

    #[test]
    fn only_records_that_differ_are_changes() {
        let mut submitted = record("1", "self", "u1", Some("u1"));
        let unchanged = vec![submitted.clone(), record("2", "lead", "u1", Some("boss"))];
        assert!(changes_of(&unchanged, &unchanged).is_empty());
        submitted.submit_time = Some(Millis(5));
        let after = vec![submitted, record("2", "lead", "u1", Some("boss"))];
        assert_eq!(
            changes_of(&unchanged, &after),
            [("u1".to_owned(), vec!["self:review:reviewee".to_owned()])]
        );
    }

    #[test]
    fn added_and_removed_records_are_changes_in_stage_order() {
        let before = vec![record("2", "lead", "u1", Some("boss"))];
        let after = vec![
            record("1", "self", "u1", Some("u1")),
            record("3", "lead", "u2", None),
            record("4", "cal", "u2", Some("boss")),
        ];
        assert_eq!(
            changes_of(&before, &after),
            [
                (
                    "u1".to_owned(),
                    vec![
                        "self:review:reviewee".to_owned(),
                        "lead:leader_review:solid_line_leader".to_owned()
                    ]
                ),
                (
                    "u2".to_owned(),
                    vec!["lead:leader_review:invited_reviewer".to_owned()]
                ),
            ]
        );
    }

    #[test]
    fn long_item_lists_are_split_into_events_of_a_hundred() {
        use openwork_platform::directory::App;
        use openwork_platform::events::Subscription;
        let app_id = openwork_platform::ids::AppId::from("cli_de30c0de00000001");
        let subscriber = Subscriber {
            app: App {
                tenant_key: "t".into(),
                app_id: app_id.clone(),
                app_secret: String::new(),
                name: String::new(),
                developer: String::new(),
                scopes: Vec::new(),
                dingtalk: None,
            },
            subscription: Subscription {
                tenant_key: "t".into(),
                app_id,
                event_types: vec![STAGE_TASK_OPEN_RESULT.into()],
                request_url: None,
                long_connection: true,
                verification_token: String::new(),
                encrypt_key: String::new(),
            },
        };
        let sizes = |items: usize| -> Vec<usize> {
            items_events(&subscriber, STAGE_TASK_OPEN_RESULT, (0..items).collect())
                .iter()
                .map(|e| e.event["items"].as_array().unwrap().len())
                .collect()
        };
        assert_eq!(sizes(250), [100, 100, 50]);
        assert_eq!(sizes(100), [100]);
        assert!(sizes(0).is_empty(), "no items, no event");
    }

    #[test]
    fn reviewees_are_task_holders_an_activity_reviews() {
        let task = |user: &str, stage: &str| StageTask {
            semester_id: SemesterId::from("s"),
            stage_id: StageId::from(stage),
            user_id: UserId::from(user),
            need_todo: 1,
            finished: 0,
        };
        let members: BTreeMap<String, BTreeSet<String>> = [
            ("rd", vec!["u1", "u2"]),
            ("ops", vec!["u2"]),
            ("leads", vec!["boss"]),
        ]
        .into_iter()
        .map(|(g, m)| (g.to_owned(), m.into_iter().map(str::to_owned).collect()))
        .collect();
        let tasks = [
            task("u2", "final"),
            task("u1", "final"),
            task("boss", "final"),
            task("u3", "final"),
            task("u1", "other"),
        ];
        let activities = [
            Activity::enabled("a1", &["rd"]),
            Activity::enabled("a2", &["ops"]),
        ];
        let opened: Vec<(String, String)> =
            stage_reviewees(&StageId::from("final"), &tasks, &activities, &members)
                .into_iter()
                .map(|o| (o.user.to_string(), o.activity.to_string()))
                .collect();
        let pair = |u: &str, a: &str| (u.to_owned(), a.to_owned());
        assert_eq!(
            opened,
            [pair("u1", "a1"), pair("u2", "a1"), pair("u2", "a2")]
        );
    }
}
