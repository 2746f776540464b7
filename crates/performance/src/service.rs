//! The performance APIs' use cases: stage tasks by page and by user list, semesters, review
//! templates. Each takes a [`Caller`] (the proof that the tenant is licensed) and a command
//! already parsed at the edge ([`crate::command`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use openwork_platform::access::Access;
use openwork_platform::db::Db;
use openwork_platform::ids::{UserId, derive_numeric_id};
use openwork_platform::paging::{self, CursorScope};
use openwork_platform::service::{IdHasher, IdMapping, UserRef, UserRefs};
use openwork_platform::{Platform, TokenKind};

use crate::command::{
    ActivityQuery, ConfigQuery, FindByPage, FindByUserList, GroupMembersWrite, MetricFieldQuery,
    MetricLibQuery, MetricTagQuery, MetricTemplateQuery, ReviewTemplateQuery, RevieweeQuery,
    SemesterQuery, StageTaskFilter,
};
use crate::error::{Error, Result};
use crate::model::*;
use crate::status::{CompletionFilter, StageTaskStatus, StatusContext, TaskOption};
use crate::store::{
    Cached, EVERY_ROW, GroupWrite, PackedTask, PerformanceCatalog, PerformanceStore, SemesterTasks,
    SqlPerformanceStore, UserTasks,
};

/// The performance service: its use cases over the platform and its own storage.
#[derive(Clone)]
pub struct PerformanceService {
    pub(crate) platform: Platform,
    /// Settings and semesters, through the catalog cache.
    pub(crate) catalog: Arc<dyn PerformanceCatalog>,
    pub(crate) store: Arc<dyn PerformanceStore>,
}

/// A caller of the performance APIs whose `user_id_type` was accepted and whose tenant holds a
/// performance licence. Only [`PerformanceService::admit`] makes one.
#[derive(Clone, Debug)]
pub struct Caller {
    pub(crate) access: Access,
    pub(crate) ids: IdMapping,
    settings: PerformanceSettings,
}

/// One stage task as an API reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTaskView {
    /// Shared by every task of the stage on a page (a page of 50 users has 500 task views).
    pub stage: Arc<Stage>,
    pub need_todo: i64,
    pub finished: i64,
    pub status: StageTaskStatus,
}

/// One user's matching stage tasks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserStageTasks {
    /// The user as the caller names users (`user_id_type`).
    pub user_id: String,
    /// Per counted option, how many of the user's matching tasks have it.
    pub counts: Vec<(TaskOption, i64)>,
    /// Ordered by deadline, then `stage_id`.
    pub tasks: Vec<StageTaskView>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTaskPage {
    pub semester: Semester,
    pub items: Vec<UserStageTasks>,
    pub has_more: bool,
    pub page_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTaskList {
    pub semester: Semester,
    pub items: Vec<UserStageTasks>,
}

/// A semester with its creator and modifier written as the caller names users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemesterView {
    pub semester: Semester,
    pub create_user_id: Option<String>,
    pub modify_user_id: Option<String>,
}

/// An activity with its creator and modifier written as the caller names users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityView {
    pub activity: Activity,
    pub create_user_id: Option<String>,
    pub modify_user_id: Option<String>,
}

/// A reviewee as a caller sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevieweeView {
    pub user: UserRef,
    pub activities: Vec<ActivityId>,
    /// Set once one of its activities has started.
    pub profile_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevieweePage {
    pub semester_id: SemesterId,
    pub reviewees: Page<RevieweeView>,
}

/// What a group write did with each listed user (as the caller named them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupWriteOutcome {
    pub written: Vec<String>,
    /// VENDOR: fail code 1, "员工未找到".
    pub not_found: Vec<String>,
}

/// Everything one stage-task query needs about its semester.
struct SemesterScope {
    semester: Semester,
    stages: HashMap<StageId, Arc<Stage>>,
    /// Which tasks of which stages match, in the form a store can filter on.
    selection: Vec<(StageId, CompletionFilter)>,
    context: StatusContext,
    counted: Vec<TaskOption>,
}

impl SemesterScope {
    /// The stages of `index`, by position, as this query sees them (`None`: a stage it does not
    /// select, so no task of it is on a page).
    fn stages_of(&self, index: &SemesterTasks) -> Vec<Option<Arc<Stage>>> {
        index
            .stages()
            .iter()
            .map(|stage_id| self.stages.get(stage_id).cloned())
            .collect()
    }

    /// One user's entry: `tasks`, whose stages are positions in `stages` (from
    /// [`Self::stages_of`]).
    fn view(
        &self,
        user_id: String,
        tasks: &[PackedTask],
        stages: &[Option<Arc<Stage>>],
    ) -> UserStageTasks {
        let mut views: Vec<StageTaskView> = tasks
            .iter()
            .map(|task| {
                let stage = stages[task.stage()]
                    .clone()
                    .expect("a selected task's stage is one the query selects");
                StageTaskView {
                    status: self.context.status_in(&stage, task.is_complete()),
                    stage,
                    need_todo: task.need_todo(),
                    finished: task.finished(),
                }
            })
            .collect();
        views.sort_by(|a, b| {
            (a.stage.deadline, &a.stage.stage_id).cmp(&(b.stage.deadline, &b.stage.stage_id))
        });
        let counts = self
            .counted
            .iter()
            .map(|option| {
                let n = views
                    .iter()
                    .filter(|v| v.status.option() == *option)
                    .count();
                (*option, n as i64)
            })
            .collect();
        UserStageTasks {
            user_id,
            counts,
            tasks: views,
        }
    }
}

/// A keyset page of one query: the platform's [`paging::Pager`], its tokens bound to the
/// caller, the API and the query's filters, answering this crate's [`Page`].
pub(crate) struct Pager<'a>(paging::Pager<'a>);

impl<'a> Pager<'a> {
    /// VENDOR: a page token that does not open for this query is 1580102 naming `page_token`.
    pub(crate) fn open(
        platform: &'a Platform,
        caller: &Caller,
        api: &'static str,
        fingerprint: String,
        page_size: usize,
        page_token: Option<&str>,
    ) -> Result<Self> {
        let cursor = CursorScope::new(&caller.access, api, fingerprint);
        paging::Pager::open(platform.keys(), cursor, page_size, page_token)
            .map(Self)
            .ok_or_else(|| {
                Error::param(
                    "page_token",
                    page_token.unwrap_or_default(),
                    "invalid page_token for this query",
                )
            })
    }

    /// The last key of the previous page; `None` on the first.
    pub(crate) fn after(&self) -> Option<&str> {
        self.0.after.as_deref()
    }

    /// How many rows to read: one more than a page, to know whether another follows.
    pub(crate) fn limit(&self) -> usize {
        self.0.limit()
    }

    /// The page of `rows` (read with [`Pager::limit`]), with the token of the next one.
    pub(crate) fn close<T>(&self, rows: Vec<T>, key: impl Fn(&T) -> &str) -> Page<T> {
        let page = self.0.close(rows, |row| key(row).to_owned());
        Page {
            items: page.items,
            has_more: page.has_more,
            page_token: page.page_token,
        }
    }
}

/// One page of a paged API's answer (this crate's own type, so that its views can turn it into
/// wire types).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    pub page_token: Option<String>,
}

impl PerformanceService {
    /// The service over the platform and the performance tables of `db`.
    pub fn new(platform: Platform, db: Db) -> Self {
        let sql = SqlPerformanceStore::new(db);
        Self {
            platform,
            catalog: Arc::new(Cached(sql.clone())),
            store: Arc::new(sql),
        }
    }

    /// Admits a caller that passed the API's scope check: its `user_id_type` (absent: `open_id`)
    /// is checked first, then its tenant's licence.
    pub async fn admit(&self, access: Access, user_id_type: Option<&str>) -> Result<Caller> {
        let ids = self.platform.id_mapping(&access, user_id_type)?;
        let settings = self
            .catalog
            .settings(access.snapshot(), access.tenant_key())
            .await?
            // A tenant without settings was deleted since its token was checked.
            .ok_or_else(|| access.tenant_gone())?;
        if !settings.licensed {
            return Err(Error::NotLicensed);
        }
        Ok(Caller {
            access,
            ids,
            settings,
        })
    }

    async fn semester_scope(
        &self,
        caller: &Caller,
        filter: &StageTaskFilter,
    ) -> Result<SemesterScope> {
        let access = &caller.access;
        let found = self
            .catalog
            .semester(access.snapshot(), access.tenant_key(), &filter.semester_id)
            .await?
            .ok_or_else(|| {
                Error::param(
                    "semester_id",
                    filter.semester_id.as_str(),
                    "semester not found",
                )
            })?;
        let context = StatusContext {
            now: self.platform.tenant_now(access.tenant()),
            allow_late_submission: caller.settings.allow_late_submission,
        };
        let (semester, stages) = (&found.semester, &found.stages);
        let selection = stages
            .iter()
            .filter(|stage| filter.within_window(stage.deadline))
            .filter_map(|stage| {
                let complete = filter.wants(context.status_in(stage, true).option());
                let incomplete = filter.wants(context.status_in(stage, false).option());
                let completion = match (complete, incomplete) {
                    (true, true) => CompletionFilter::Any,
                    (true, false) => CompletionFilter::Complete,
                    (false, true) => CompletionFilter::Incomplete,
                    (false, false) => return None,
                };
                Some((stage.stage_id.clone(), completion))
            })
            .collect();
        let counted = filter
            .options
            .clone()
            .unwrap_or_else(|| TaskOption::defaults(context.allow_late_submission));
        Ok(SemesterScope {
            semester: semester.clone(),
            stages: stages
                .iter()
                .map(|s| (s.stage_id.clone(), Arc::clone(s)))
                .collect(),
            selection,
            context,
            counted,
        })
    }

    /// The stage-task index of the scope's semester (built once per catalog revision).
    async fn semester_index(
        &self,
        caller: &Caller,
        scope: &SemesterScope,
    ) -> Result<Arc<SemesterTasks>> {
        let access = &caller.access;
        Ok(self
            .catalog
            .semester_tasks(
                access.snapshot(),
                access.tenant_key(),
                &scope.semester.semester_id,
            )
            .await?)
    }

    /// `performance.v1.stage_task.find_by_page`: every user with a matching stage task, in
    /// `user_id` order, a page at a time (keyset paging on `user_id`, so a page costs the same
    /// wherever it is and data changing between pages neither skips nor repeats a user).
    pub async fn find_by_page(&self, caller: &Caller, query: FindByPage) -> Result<StageTaskPage> {
        let pager = Pager::open(
            &self.platform,
            caller,
            "performance.v1.stage_task.find_by_page",
            query.filter.fingerprint(),
            query.page_size,
            query.page_token.as_deref(),
        )?;
        let after = pager.after().map(UserId::from);
        let scope = self.semester_scope(caller, &query.filter).await?;
        if scope.selection.is_empty() {
            return Ok(StageTaskPage {
                semester: scope.semester,
                items: Vec::new(),
                has_more: false,
                page_token: None,
            });
        }
        let index = self.semester_index(caller, &scope).await?;
        let rows = index.page(&scope.selection, after.as_ref(), pager.limit());
        let Page {
            items: page,
            has_more,
            page_token,
        } = pager.close(rows, |tasks| tasks.user_id.as_str());
        let items = self.user_views(caller, &scope, &index, page).await?;
        Ok(StageTaskPage {
            semester: scope.semester,
            items,
            has_more,
            page_token,
        })
    }

    /// `performance.v1.stage_task.find_by_user_list`: the listed users (in the caller's order,
    /// unknown ones left out) with their matching stage tasks. A user token may only ask for
    /// its own user.
    pub async fn find_by_user_list(
        &self,
        caller: &Caller,
        query: FindByUserList,
    ) -> Result<StageTaskList> {
        let users = self
            .listed_users(caller, &query.users, "user_id_lists")
            .await?;
        let scope = self.semester_scope(caller, &query.filter).await?;
        if scope.selection.is_empty() || users.is_empty() {
            return Ok(StageTaskList {
                semester: scope.semester,
                items: Vec::new(),
            });
        }
        let index = self.semester_index(caller, &scope).await?;
        let listed = index.listed(&scope.selection, users);
        let items = self.user_views(caller, &scope, &index, listed).await?;
        Ok(StageTaskList {
            semester: scope.semester,
            items,
        })
    }

    /// The tenant users a request lists (`field`), in its order, each once; IDs that name
    /// nobody are left out. A user token may only list its own user (1580102 naming the other).
    pub(crate) async fn listed_users(
        &self,
        caller: &Caller,
        listed: &[String],
        field: &str,
    ) -> Result<Vec<UserId>> {
        let known = self.platform.internal_user_ids(&caller.ids, listed).await?;
        let access = &caller.access;
        if access.kind() == TokenKind::User {
            let own = access.user().expect("user tokens name their user");
            if let Some(other) = listed.iter().find(|id| known.get(*id) != Some(own)) {
                return Err(Error::param(
                    field,
                    other.as_str(),
                    "a user access token may only ask for its own user",
                ));
            }
        }
        let mut seen = HashSet::with_capacity_and_hasher(listed.len(), IdHasher::default());
        Ok(listed
            .iter()
            .filter_map(|id| known.get(id))
            .filter(|user| seen.insert(*user))
            .cloned()
            .collect())
    }

    /// The answer's entries for these users and their tasks, in the order given, each user
    /// under the caller's `user_id_type`.
    async fn user_views(
        &self,
        caller: &Caller,
        scope: &SemesterScope,
        index: &SemesterTasks,
        users: Vec<UserTasks>,
    ) -> Result<Vec<UserStageTasks>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let stages = scope.stages_of(index);
        let internal: Vec<UserId> = users.iter().map(|u| u.user_id.clone()).collect();
        let external = self
            .platform
            .external_user_ids(&caller.ids, &internal)
            .await?;
        Ok(users
            .iter()
            .filter_map(|user| {
                let id = external.get(&user.user_id)?.to_owned();
                Some(scope.view(id, &user.tasks, &stages))
            })
            .collect())
    }

    /// `performance.v1.semester.list`: every semester matching the filters (no paging),
    /// ordered by start time, then ID.
    pub async fn list_semesters(
        &self,
        caller: &Caller,
        query: SemesterQuery,
    ) -> Result<Vec<SemesterView>> {
        let matches = |s: &Semester| {
            query.start.is_none_or(|start| s.start_time >= start)
                && query.end.is_none_or(|end| s.end_time <= end)
                && query.year.is_none_or(|year| s.year == year)
                && query
                    .type_group
                    .as_deref()
                    .is_none_or(|g| s.type_group == g)
                && query
                    .semester_type
                    .as_deref()
                    .is_none_or(|t| s.semester_type == t)
        };
        let semesters = self.semesters_where(caller, matches).await?;
        self.semester_views(caller, semesters).await
    }

    /// The caller's tenant's semesters that `keep` keeps, by start time, then ID.
    pub(crate) async fn semesters_where(
        &self,
        caller: &Caller,
        keep: impl Fn(&Semester) -> bool,
    ) -> Result<Vec<Semester>> {
        let access = &caller.access;
        let all = self
            .catalog
            .semester_list(access.snapshot(), access.tenant_key())
            .await?;
        Ok(all.iter().filter(|s| keep(s)).cloned().collect())
    }

    /// Semesters with their creators and modifiers named as the caller names users.
    pub(crate) async fn semester_views(
        &self,
        caller: &Caller,
        semesters: Vec<Semester>,
    ) -> Result<Vec<SemesterView>> {
        self.with_creators(
            caller,
            semesters,
            |s| [&s.create_user_id, &s.modify_user_id],
            |semester, [create_user_id, modify_user_id]| SemesterView {
                semester,
                create_user_id,
                modify_user_id,
            },
        )
        .await
    }

    /// Items with their creator and modifier (as `people` finds them) named as the caller
    /// names users, made into views by `view`.
    async fn with_creators<T, V>(
        &self,
        caller: &Caller,
        items: Vec<T>,
        people: impl Fn(&T) -> [&Option<UserId>; 2],
        view: impl Fn(T, [Option<String>; 2]) -> V,
    ) -> Result<Vec<V>> {
        let named: Vec<UserId> = items.iter().flat_map(&people).flatten().cloned().collect();
        let external = self.platform.external_user_ids(&caller.ids, &named).await?;
        let name = |user: &Option<UserId>| {
            user.as_ref()
                .and_then(|u| external.get(u).map(str::to_owned))
        };
        Ok(items
            .into_iter()
            .map(|item| {
                let names = people(&item).map(name);
                view(item, names)
            })
            .collect())
    }

    /// `performance.v2.review_template.query`: templates by ID (all when none are listed),
    /// ordered by ID, a page at a time. Unknown IDs are left out.
    pub async fn query_review_templates(
        &self,
        caller: &Caller,
        query: ReviewTemplateQuery,
    ) -> Result<Page<ReviewTemplate>> {
        let pager = self.config_pager(caller, "performance.v2.review_template.query", &query)?;
        let after = pager.after().map(ReviewTemplateId::from);
        let rows = self
            .store
            .review_templates(
                caller.access.tenant_key(),
                query.ids.as_deref(),
                after.as_ref(),
                pager.limit(),
            )
            .await?;
        Ok(pager.close(rows, |t| t.review_template_id.as_str()))
    }

    /// `performance.v2.indicator.query`: indicators by ID (all when none are listed), ordered
    /// by ID, a page at a time. Unknown IDs are left out.
    pub async fn query_indicators(
        &self,
        caller: &Caller,
        query: ConfigQuery<IndicatorId>,
    ) -> Result<Page<Indicator>> {
        let pager = self.config_pager(caller, "performance.v2.indicator.query", &query)?;
        let after = pager.after().map(IndicatorId::from);
        let rows = self
            .store
            .indicators(
                caller.access.tenant_key(),
                query.ids.as_deref(),
                after.as_ref(),
                pager.limit(),
            )
            .await?;
        Ok(pager.close(rows, |i| i.indicator_id.as_str()))
    }

    /// `performance.v2.question.query`: tag-based questions by ID (all when none are listed),
    /// ordered by ID, a page at a time. Unknown IDs are left out.
    pub async fn query_questions(
        &self,
        caller: &Caller,
        query: ConfigQuery<QuestionId>,
    ) -> Result<Page<Question>> {
        let pager = self.config_pager(caller, "performance.v2.question.query", &query)?;
        let after = pager.after().map(QuestionId::from);
        let rows = self
            .store
            .questions(
                caller.access.tenant_key(),
                query.ids.as_deref(),
                after.as_ref(),
                pager.limit(),
            )
            .await?;
        Ok(pager.close(rows, |q| q.question_id.as_str()))
    }

    /// `performance.v2.metric_tag.list`: the listed tags (one page), or every tag by ID a page
    /// at a time.
    pub async fn list_metric_tags(
        &self,
        caller: &Caller,
        query: MetricTagQuery,
    ) -> Result<Page<MetricTag>> {
        let tenant = caller.access.tenant_key();
        match query {
            MetricTagQuery::Listed(ids) => {
                let items = self
                    .store
                    .metric_tags(tenant, Some(&ids), None, ids.len())
                    .await?;
                Ok(Page {
                    items,
                    has_more: false,
                    page_token: None,
                })
            }
            MetricTagQuery::Paged {
                page_size,
                page_token,
            } => {
                let pager = Pager::open(
                    &self.platform,
                    caller,
                    "performance.v2.metric_tag.list",
                    String::new(),
                    page_size,
                    page_token.as_deref(),
                )?;
                let after = pager.after().map(MetricTagId::from);
                let rows = self
                    .store
                    .metric_tags(tenant, None, after.as_ref(), pager.limit())
                    .await?;
                Ok(pager.close(rows, |t| t.tag_id.as_str()))
            }
        }
    }

    /// `performance.v2.metric_lib.query`: the library's metrics that match every filter given,
    /// by ID, a page at a time, with their tags, fields and inputters.
    pub async fn query_metrics(
        &self,
        caller: &Caller,
        query: MetricLibQuery,
    ) -> Result<(Page<Metric>, UserRefs, Vec<MetricTag>)> {
        let tenant = caller.access.tenant_key();
        let pager = Pager::open(
            &self.platform,
            caller,
            "performance.v2.metric_lib.query",
            query.fingerprint(),
            query.page_size,
            query.page_token.as_deref(),
        )?;
        let after = pager.after().map(MetricId::from);
        let rows = self
            .store
            .metrics(tenant, after.as_ref(), pager.limit(), &query.filter)
            .await?;
        let page = pager.close(rows, |m| m.metric_id.as_str());
        let people: Vec<UserId> = page
            .items
            .iter()
            .flat_map(Metric::people)
            .cloned()
            .collect();
        let refs = self.platform.user_refs(&caller.ids, &people).await?;
        let tag_ids: Vec<MetricTagId> = page
            .items
            .iter()
            .flat_map(|m| m.tags.iter().cloned())
            .collect();
        let tags = if tag_ids.is_empty() {
            Vec::new()
        } else {
            self.store
                .metric_tags(tenant, Some(&tag_ids), None, tag_ids.len())
                .await?
        };
        Ok((page, refs, tags))
    }

    /// `performance.v2.metric_template.query`: the selected templates by ID, a page at a time,
    /// with the library metrics they set (and those metrics' people named as the caller names
    /// users).
    pub async fn query_metric_templates(
        &self,
        caller: &Caller,
        query: MetricTemplateQuery,
    ) -> Result<(Page<MetricTemplate>, Vec<Metric>, UserRefs)> {
        let tenant = caller.access.tenant_key();
        let pager = Pager::open(
            &self.platform,
            caller,
            "performance.v2.metric_template.query",
            query.fingerprint(),
            query.page_size,
            query.page_token.as_deref(),
        )?;
        let after = pager.after().map(MetricTemplateId::from);
        let rows = self
            .store
            .metric_templates(
                tenant,
                query.ids.as_deref(),
                query.status.as_deref(),
                after.as_ref(),
                pager.limit(),
            )
            .await?;
        let page = pager.close(rows, |t| t.template_id.as_str());
        // The library metrics the page sets, whole (they are few).
        let library: Vec<Metric> = self
            .store
            .metrics(tenant, None, EVERY_ROW, &Default::default())
            .await?
            .into_iter()
            .filter(|m| {
                page.items
                    .iter()
                    .any(|t| t.metrics.iter().any(|tm| tm.metric_id == m.metric_id))
            })
            .collect();
        let people: Vec<UserId> = library.iter().flat_map(Metric::people).cloned().collect();
        let refs = self.platform.user_refs(&caller.ids, &people).await?;
        Ok((page, library, refs))
    }

    /// `performance.v2.metric_field.query`: the listed fields (unknown ones left out), or every
    /// field, by ID.
    pub async fn query_metric_fields(
        &self,
        caller: &Caller,
        query: MetricFieldQuery,
    ) -> Result<Vec<MetricField>> {
        Ok(self
            .store
            .metric_fields(caller.access.tenant_key(), query.ids.as_deref())
            .await?)
    }

    fn config_pager<Id: AsRef<str>>(
        &self,
        caller: &Caller,
        api: &'static str,
        query: &ConfigQuery<Id>,
    ) -> Result<Pager<'_>> {
        Pager::open(
            &self.platform,
            caller,
            api,
            query.fingerprint(),
            query.page_size,
            query.page_token.as_deref(),
        )
    }

    /// `performance.v2.activity.query`: the listed activities, or those of the listed
    /// semesters, ordered by ID; unknown IDs are left out.
    pub async fn query_activities(
        &self,
        caller: &Caller,
        query: ActivityQuery,
    ) -> Result<Vec<ActivityView>> {
        let tenant = caller.access.tenant_key();
        let activities = match &query {
            ActivityQuery::Ids(ids) => self.store.activities(tenant, &[], Some(ids)).await?,
            ActivityQuery::OfSemesters(ids) => self.store.activities(tenant, ids, None).await?,
            ActivityQuery::Nothing => Vec::new(),
        };
        self.with_creators(
            caller,
            activities,
            |a| [&a.create_user_id, &a.modify_user_id],
            |activity, [create_user_id, modify_user_id]| ActivityView {
                activity,
                create_user_id,
                modify_user_id,
            },
        )
        .await
    }

    /// `performance.v2.reviewee.query`: the semester's reviewees (members of the user groups its
    /// activities review), in `user_id` order, a page at a time, each with the activities it is
    /// reviewed in. Listed users who are not reviewees are left out.
    pub async fn query_reviewees(
        &self,
        caller: &Caller,
        query: RevieweeQuery,
    ) -> Result<RevieweePage> {
        let tenant = caller.access.tenant_key();
        let pager = Pager::open(
            &self.platform,
            caller,
            "performance.v2.reviewee.query",
            query.fingerprint(),
            query.page_size,
            query.page_token.as_deref(),
        )?;
        let after = pager.after().map(UserId::from);
        let semester = self.existing_semester(caller, &query.semester_id).await?;
        let users = match &query.users {
            Some(listed) => {
                let known = self.platform.internal_user_ids(&caller.ids, listed).await?;
                Some(known.into_values().collect::<Vec<_>>())
            }
            None => None,
        };
        let index = self
            .catalog
            .semester_reviewees(caller.access.snapshot(), tenant, &semester.semester_id)
            .await?;
        let rows = index.page(
            query.activities.as_deref(),
            users.as_deref(),
            after.as_ref(),
            pager.limit(),
        );
        let page = pager.close(rows, |r| r.user_id.as_str());
        let started: HashSet<&ActivityId> = index
            .activities()
            .iter()
            .filter(|a| a.has_started())
            .map(|a| &a.activity_id)
            .collect();
        let internal: Vec<UserId> = page.items.iter().map(|r| r.user_id.clone()).collect();
        let refs = self.platform.user_refs(&caller.ids, &internal).await?;
        let items = page
            .items
            .into_iter()
            .filter_map(|reviewee| {
                let user = refs.get(&reviewee.user_id)?.clone();
                let profile_url = reviewee
                    .activities
                    .iter()
                    .find(|a| started.contains(a))
                    .map(|activity| profile_url(&semester.semester_id, activity, &user));
                Some(RevieweeView {
                    user,
                    activities: reviewee.activities,
                    profile_url,
                })
            })
            .collect();
        Ok(RevieweePage {
            semester_id: semester.semester_id,
            reviewees: Page {
                items,
                has_more: page.has_more,
                page_token: page.page_token,
            },
        })
    }

    /// Which of these users are reviewed in the semester (members of a group one of its
    /// activities reviews).
    pub(crate) async fn reviewed_among(
        &self,
        caller: &Caller,
        semester: &SemesterId,
        users: &[UserId],
    ) -> Result<HashSet<UserId>> {
        let access = &caller.access;
        Ok(self
            .catalog
            .semester_reviewees(access.snapshot(), access.tenant_key(), semester)
            .await?
            .page(None, Some(users), None, users.len())
            .into_iter()
            .map(|r| r.user_id)
            .collect())
    }

    /// The record of an import of `kind` the caller makes under `client_token` into
    /// `semester`, made now on the tenant's clock. Its ID is derived from the app, the kind and
    /// the token, so that a retry names the same record.
    pub(crate) fn import_record(
        &self,
        caller: &Caller,
        kind: &str,
        client_token: &str,
        name: &str,
        semester: &SemesterId,
    ) -> ImportRecord {
        let access = &caller.access;
        let app_id = access.app().app_id.to_string();
        ImportRecord {
            import_record_id: derive_numeric_id(
                access.tenant_key(),
                "performance_import",
                &format!("{app_id}/{kind}/{client_token}"),
            ),
            kind: kind.to_owned(),
            app_id,
            client_token: client_token.to_owned(),
            name: name.to_owned(),
            semester_id: semester.clone(),
            create_time: self.platform.tenant_now(access.tenant()),
        }
    }

    /// The semester a query names. VENDOR: an unknown semester is 1580102 naming it.
    pub(crate) async fn existing_semester(
        &self,
        caller: &Caller,
        id: &SemesterId,
    ) -> Result<Semester> {
        self.semester_named(caller, id, |id| {
            Error::param("semester_id", id, "semester not found")
        })
        .await
    }

    /// `performance.v2.user_group_user_rel.write`: replaces a user group's members with the
    /// listed users the tenant has (the others are reported as not found, fail code 1), once
    /// per client token.
    pub async fn write_group_members(
        &self,
        caller: &Caller,
        write: GroupMembersWrite,
    ) -> Result<GroupWriteOutcome> {
        let tenant = caller.access.tenant_key();
        let group = self
            .store
            .user_group(tenant, &write.group_id)
            .await?
            .ok_or_else(|| {
                Error::param("group_id", write.group_id.as_str(), "user group not found")
            })?;
        if !group.api_writable {
            return Err(Error::GroupNotApiWritable(group.group_id.to_string()));
        }
        let known = self
            .platform
            .internal_user_ids(&caller.ids, &write.users)
            .await?;
        let mut seen = HashSet::new();
        let mut outcome = GroupWriteOutcome::default();
        let mut members = Vec::new();
        for listed in &write.users {
            match known.get(listed) {
                Some(user) => {
                    if seen.insert(user.clone()) {
                        members.push(user.clone());
                        outcome.written.push(listed.clone());
                    }
                }
                None => outcome.not_found.push(listed.clone()),
            }
        }
        let stored = GroupWrite {
            app_id: caller.access.app().app_id.clone(),
            client_token: write.client_token.clone(),
            group_id: group.group_id,
            scope_visible_setting: write.scope_visible_setting,
            members,
        };
        if !self.store.write_group_members(tenant, &stored).await? {
            return Err(Error::RequestRepeated(write.client_token));
        }
        Ok(outcome)
    }
}

/// A reviewee's profile page. VENDOR: the real page lives on the vendor's performance site;
/// openwork names the semester, activity and user so that a client can tell pages apart.
fn profile_url(semester: &SemesterId, activity: &ActivityId, user: &UserRef) -> String {
    format!(
        "https://perf.feishu.cn/perf/profile?semesterId={semester}&activityId={activity}&openId={}",
        user.open_id()
    )
}
