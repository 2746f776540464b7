//! The use cases that read review results: the performance module's view of its reviewees
//! (`user_info/query`) and their review records (`v1` and `v2` `review_datas/query`).
//!
//! A record is visible once its stage's results are open on the tenant's clock; before, the
//! review-data APIs answer as if it did not exist (docs/semantics.md).

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use openwork_platform::clock::Millis;
use openwork_platform::ids::{DepartmentId, UserId};
use openwork_platform::service::{IdHasher, UserRef, UserRefs};

use crate::command::{
    DepartmentIdType, ReviewDataV1Query, ReviewDataV2Query, SemesterChoice, StageChoice,
    UserInfoQuery,
};
use crate::error::Result;
use crate::model::*;
use crate::service::{Caller, PerformanceService, SemesterView};
use crate::store::IndexedRecord;

/// The field scopes that show each part of a `user_info/query` answer.
pub const USER_SNAPSHOT_SCOPES: UserSnapshotScopes = UserSnapshotScopes {
    department: "performance:user_snapshot.department:read",
    direct_leader: "performance:user_snapshot.direct_leader:read",
    job_family: "performance:user_snapshot.job_family:read",
    job_level: "performance:user_snapshot.job_level:read",
};

pub struct UserSnapshotScopes {
    pub department: &'static str,
    pub direct_leader: &'static str,
    pub job_family: &'static str,
    pub job_level: &'static str,
}

impl UserSnapshotScopes {
    pub fn all(&self) -> [&'static str; 4] {
        [
            self.department,
            self.direct_leader,
            self.job_family,
            self.job_level,
        ]
    }
}

/// One reviewee as `user_info/query` reports it: each part only with its field scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfoView {
    pub user: UserRef,
    pub direct_leader: Option<UserRef>,
    /// The department's ID (as `department_id_type` says) and name.
    pub department: Option<(String, String)>,
    pub job_family: Option<NamedRef>,
    pub job_level: Option<NamedRef>,
}

/// A stage with the semester it belongs to.
struct StageOf {
    stage: Arc<Stage>,
    semester_start: Millis,
}

/// A profile's records by stage, in stage order (the stage's ID borrowed from the answer's
/// stages, not copied per record).
type RecordsByStage<'a> = BTreeMap<(i64, &'a StageId), Vec<ResultRecord>>;

/// The maps an answer's records are found through, a lookup or more per record.
type Lookup<K, V> = HashMap<K, V, IdHasher>;

/// A visible record with what its views need.
pub struct ResultRecord {
    pub record: IndexedRecord,
    pub stage: Arc<Stage>,
    pub progress: i64,
}

/// One reviewee's visible records of one activity, grouped by stage in stage order.
pub struct ResultProfile {
    pub reviewee: UserRef,
    pub semester_id: SemesterId,
    pub activity: Arc<Activity>,
    pub stages: Vec<Vec<ResultRecord>>,
}

/// What `v1/review_datas/query` answers besides the profiles: the configuration they name.
pub struct ResultsV1 {
    pub semesters: Vec<SemesterView>,
    pub activities: Vec<Arc<Activity>>,
    pub indicators: Vec<Indicator>,
    pub templates: Vec<ReviewTemplate>,
    pub profiles: Vec<ResultProfile>,
    /// Reviewers (and reviewees) as the caller names users.
    pub people: UserRefs,
}

/// A tenant's review templates and indicators, by ID: catalog data (written by fixture loads
/// and the admin API only), so that review data v1 picks those its records name without a
/// statement of its own.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReviewDefinitions {
    templates: BTreeMap<ReviewTemplateId, ReviewTemplate>,
    indicators: BTreeMap<IndicatorId, Indicator>,
}

impl ReviewDefinitions {
    pub fn new(templates: Vec<ReviewTemplate>, indicators: Vec<Indicator>) -> Self {
        Self {
            templates: templates
                .into_iter()
                .map(|t| (t.review_template_id.clone(), t))
                .collect(),
            indicators: indicators
                .into_iter()
                .map(|i| (i.indicator_id.clone(), i))
                .collect(),
        }
    }

    /// The templates of `ids` the tenant has, in ID byte order.
    pub fn templates(&self, ids: &HashSet<&ReviewTemplateId>) -> Vec<ReviewTemplate> {
        picked(&self.templates, ids)
    }

    /// The indicators of `ids` the tenant has, in ID byte order.
    pub fn indicators(&self, ids: &HashSet<&str>) -> Vec<Indicator> {
        picked(&self.indicators, ids)
    }
}

/// The values of `ids` in `all`, in key order.
fn picked<K, Q, V>(all: &BTreeMap<K, V>, ids: &HashSet<&Q>) -> Vec<V>
where
    K: Ord + Borrow<Q>,
    Q: Ord + std::hash::Hash + ?Sized,
    V: Clone,
{
    let mut found: Vec<(&K, &V)> = ids.iter().filter_map(|id| all.get_key_value(*id)).collect();
    found.sort_unstable_by_key(|(id, _)| *id);
    found.into_iter().map(|(_, value)| value.clone()).collect()
}

/// `v2/review_datas/query`'s answer.
pub struct ResultsV2 {
    pub profiles: Vec<ResultProfile>,
    pub people: UserRefs,
}

/// Which records of the visible ones a query keeps.
struct RecordFilter<'a> {
    keep_stage: &'a (dyn Fn(&Stage) -> bool + Sync),
    progresses: Option<&'a [i64]>,
    updated_later_than: Option<Millis>,
}

impl PerformanceService {
    /// `performance.v2.user_info.query`: the listed users who are reviewees of the semester
    /// (in the caller's order, others left out), with the department, direct leader, job
    /// family and level the semester recorded for them — the directory's department and leader
    /// where it recorded none.
    pub async fn query_user_infos(
        &self,
        caller: &Caller,
        query: UserInfoQuery,
    ) -> Result<Vec<UserInfoView>> {
        let tenant = caller.access.tenant_key();
        let semester = self.existing_semester(caller, &query.semester_id).await?;
        let listed = self.listed_users(caller, &query.users, "user_ids").await?;
        let reviewees = self
            .reviewed_among(caller, &semester.semester_id, &listed)
            .await?;
        let users: Vec<UserId> = listed
            .into_iter()
            .filter(|u| reviewees.contains(u))
            .collect();
        let snapshots: HashMap<UserId, UserSnapshot> = self
            .store
            .user_snapshots(tenant, &semester.semester_id, &users)
            .await?
            .into_iter()
            .map(|s| (s.user_id.clone(), s))
            .collect();
        let directory = self.platform.people(&caller.access, &users).await?;
        let facts: Vec<(UserId, Option<DepartmentId>, Option<UserId>)> = users
            .iter()
            .map(|user| {
                let snapshot = snapshots.get(user);
                let live = directory.get(user);
                let department = snapshot
                    .and_then(|s| s.department_id.clone().map(DepartmentId::new))
                    .or_else(|| live.and_then(|u| u.department_ids.first().cloned()));
                let leader = snapshot
                    .and_then(|s| s.direct_leader_user_id.clone())
                    .or_else(|| live.and_then(|u| u.leader_user_id.clone()));
                (user.clone(), department, leader)
            })
            .collect();
        let department_ids: Vec<DepartmentId> =
            facts.iter().filter_map(|(_, d, _)| d.clone()).collect();
        let departments = self
            .platform
            .departments_named(&caller.access, &department_ids)
            .await?;
        let people: Vec<UserId> = facts
            .iter()
            .flat_map(|(user, _, leader)| std::iter::once(user).chain(leader))
            .cloned()
            .collect();
        let refs = self.platform.user_refs(&caller.ids, &people).await?;
        let app = caller.access.app();
        let scopes = &USER_SNAPSHOT_SCOPES;
        Ok(facts
            .into_iter()
            .filter_map(|(user, department, leader)| {
                let snapshot = snapshots.get(&user);
                Some(UserInfoView {
                    user: refs.get(&user)?.clone(),
                    direct_leader: leader
                        .and_then(|l| refs.get(&l).cloned())
                        .filter(|_| app.has_scope(scopes.direct_leader)),
                    department: department
                        .and_then(|d| departments.get(&d))
                        .filter(|_| app.has_scope(scopes.department))
                        .map(|d| {
                            let id = match query.department_id_type {
                                DepartmentIdType::DepartmentId => d.department_id.to_string(),
                                DepartmentIdType::OpenDepartmentId => d.open_department_id.clone(),
                            };
                            (id, d.name.clone())
                        }),
                    job_family: snapshot
                        .and_then(|s| s.job_family.clone())
                        .filter(|_| app.has_scope(scopes.job_family)),
                    job_level: snapshot
                        .and_then(|s| s.job_level.clone())
                        .filter(|_| app.has_scope(scopes.job_level)),
                })
            })
            .collect())
    }

    /// `performance.v1.review_data.query`: the visible records of the final-review,
    /// result-communication and view-result stages of the listed reviewees, with the
    /// semesters, activities, indicators and templates they name. A user token may only ask for
    /// its own user.
    pub async fn query_results_v1(
        &self,
        caller: &Caller,
        query: ReviewDataV1Query,
    ) -> Result<ResultsV1> {
        let tenant = caller.access.tenant_key();
        let reviewees = self
            .listed_users(caller, &query.reviewees, "reviewee_user_id_list")
            .await?;
        let semesters = self
            .semesters_where(caller, |s| match &query.semesters {
                SemesterChoice::Listed(ids) => ids.contains(&s.semester_id),
                SemesterChoice::Window { start, end } => {
                    s.start_time >= *start && s.end_time <= *end
                }
            })
            .await?;
        let types = &query.stage_types;
        let keep_stage = |stage: &Stage| types.contains(&stage.stage_type);
        let filter = RecordFilter {
            keep_stage: &keep_stage,
            progresses: query.progresses.as_deref(),
            updated_later_than: query.updated_later_than,
        };
        let (profiles, people) = self
            .result_profiles(caller, &semesters, &reviewees, &filter)
            .await?;
        let activities = unique_by(profiles.iter().map(|p| &p.activity), |a| {
            a.activity_id.clone()
        });
        let definitions = self
            .catalog
            .review_definitions(caller.access.snapshot(), tenant)
            .await?;
        let template_ids: HashSet<&ReviewTemplateId> = activities
            .iter()
            .filter_map(|a| a.review_template_id.as_ref())
            .collect();
        let indicator_ids: HashSet<&str> = profiles
            .iter()
            .flat_map(|p| p.stages.iter().flatten())
            .flat_map(|r| r.record.values())
            .filter_map(|v| v.indicator_id())
            .collect();
        let templates = definitions.templates(&template_ids);
        let indicators = definitions.indicators(&indicator_ids);
        let named: HashSet<&SemesterId> = profiles.iter().map(|p| &p.semester_id).collect();
        let semesters = semesters
            .iter()
            .filter(|s| named.contains(&s.semester_id))
            .cloned()
            .collect();
        let semesters = self.semester_views(caller, semesters).await?;
        Ok(ResultsV1 {
            semesters,
            activities,
            indicators,
            templates,
            profiles,
            people,
        })
    }

    /// `performance.v2.review_data.query`: the visible records of the listed reviewees in the
    /// listed semesters, of the stages asked for (by ID, or by type, never calibration).
    pub async fn query_results_v2(
        &self,
        caller: &Caller,
        query: ReviewDataV2Query,
    ) -> Result<ResultsV2> {
        let reviewees = self
            .listed_users(caller, &query.reviewees, "reviewee_user_ids")
            .await?;
        let semesters = self
            .semesters_where(caller, |s| query.semesters.contains(&s.semester_id))
            .await?;
        let roles = query.roles.as_deref();
        let keep_stage = |stage: &Stage| {
            let chosen = match &query.stages {
                StageChoice::Ids(ids) => ids.contains(&stage.stage_id),
                StageChoice::Types(types) => types.contains(&stage.stage_type),
                StageChoice::Nothing => false,
            };
            // VENDOR: the roles filter only `review` stages.
            let role_matches = stage.stage_type != "review"
                || roles.is_none_or(|roles| {
                    stage
                        .review_stage_role
                        .as_ref()
                        .is_some_and(|role| roles.contains(role))
                });
            chosen && role_matches && stage.stage_type != "calibration"
        };
        let filter = RecordFilter {
            keep_stage: &keep_stage,
            progresses: query.progresses.as_deref(),
            updated_later_than: query.updated_later_than,
        };
        let (profiles, people) = self
            .result_profiles(caller, &semesters, &reviewees, &filter)
            .await?;
        Ok(ResultsV2 { profiles, people })
    }

    /// The reviewees' visible records in these semesters that `filter` keeps, one profile per
    /// reviewee and activity (in the reviewees' order, then by activity), with every person
    /// they name as the caller names users.
    async fn result_profiles(
        &self,
        caller: &Caller,
        semesters: &[Semester],
        reviewees: &[UserId],
        filter: &RecordFilter<'_>,
    ) -> Result<(Vec<ResultProfile>, UserRefs)> {
        let access = &caller.access;
        let tenant = access.tenant_key();
        let now = self.platform.tenant_now(access.tenant());
        let mut stages: Lookup<StageId, StageOf> = Lookup::default();
        // Each semester's activities come with its reviewees.
        let mut reviewed = Vec::with_capacity(semesters.len());
        let mut recorded = Vec::with_capacity(semesters.len());
        for semester in semesters {
            let id = &semester.semester_id;
            let at = access.snapshot();
            let found = self.catalog.semester(at, tenant, id).await?;
            reviewed.push(self.catalog.semester_reviewees(at, tenant, id).await?);
            recorded.push(self.catalog.semester_review_records(at, tenant, id).await?);
            for stage in found.iter().flat_map(|f| f.stages.iter()) {
                let of = StageOf {
                    stage: Arc::clone(stage),
                    semester_start: semester.start_time,
                };
                stages.insert(stage.stage_id.clone(), of);
            }
        }
        // Each reviewee once, at the last place it is listed.
        let order: Lookup<&UserId, usize> = reviewees.iter().zip(0..).collect();
        let records = order.iter().flat_map(|(reviewee, position)| {
            let of_reviewee = recorded.iter().flat_map(|index| index.records_of(reviewee));
            of_reviewee.map(|record| (*position, record))
        });
        let activities: Lookup<&str, &Arc<Activity>> = reviewed
            .iter()
            .flat_map(|index| index.activities())
            .map(|a| (a.activity_id.as_str(), a))
            .collect();
        // (reviewee, activity) → stage → records, each level in order.
        let mut grouped: BTreeMap<(usize, &ActivityId), RecordsByStage> = BTreeMap::new();
        for (position, record) in records {
            let (Some(of), Some(activity)) = (
                stages.get(record.stage_id()),
                activities.get(record.activity_id()),
            ) else {
                continue;
            };
            let stage = &of.stage;
            if !stage.results_open(now) || !(filter.keep_stage)(stage) {
                continue;
            }
            let progress = record_progress(stage, record.submit_time(), of.semester_start, now);
            if filter.progresses.is_some_and(|p| !p.contains(&progress)) {
                continue;
            }
            if let Some(after) = filter.updated_later_than {
                // Only records submitted after the instant (unsubmitted ones never were).
                if record.submit_time().is_none_or(|t| t <= after) {
                    continue;
                }
            }
            grouped
                .entry((position, &activity.activity_id))
                .or_default()
                .entry((stage.position, &stage.stage_id))
                .or_default()
                .push(ResultRecord {
                    stage: Arc::clone(stage),
                    progress,
                    record,
                });
        }
        let people: Vec<UserId> = grouped
            .values()
            .flat_map(|stages| stages.values().flatten())
            .flat_map(|r| {
                std::iter::once(r.record.reviewee_user_id()).chain(r.record.reviewer_user_id())
            })
            .map(UserId::from)
            .collect();
        let refs = self.platform.user_refs(&caller.ids, &people).await?;
        let profiles = grouped
            .into_iter()
            .filter_map(|((position, activity_id), stages)| {
                let reviewee = refs.get(&reviewees[position])?.clone();
                let activity = Arc::clone(activities.get(activity_id.as_str())?);
                Some(ResultProfile {
                    reviewee,
                    semester_id: activity.semester_id.clone(),
                    activity,
                    stages: stages.into_values().collect(),
                })
            })
            .collect();
        Ok((profiles, refs))
    }
}

/// The distinct values of `items` by `key`, in first-seen order.
fn unique_by<'a, T: Clone + 'a, K: std::hash::Hash + Eq>(
    items: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let mut seen = HashSet::new();
    items
        .filter(|item| seen.insert(key(item)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_answer_the_named_ones_in_id_byte_order() {
        let indicator = |id: &str| Indicator {
            indicator_id: IndicatorId::from(id),
            name: I18n::default(),
            indicator_type: "score".to_owned(),
            options: Vec::new(),
        };
        let stored = ["9", "10", "2", "x", "a", "B", "left out"].map(indicator);
        let definitions = ReviewDefinitions::new(Vec::new(), stored.to_vec());
        // Six found (a wrong order would pass by chance once in 720), one unknown.
        let named = ["x", "9", "B", "10", "unknown", "a", "2"];
        let ids: Vec<String> = definitions
            .indicators(&named.into_iter().collect())
            .into_iter()
            .map(|i| i.indicator_id.to_string())
            .collect();
        assert_eq!(ids, ["10", "2", "9", "B", "a", "x"]);
    }
}
