//! The performance APIs' use cases: stage tasks by page and by user list, semesters, review
//! templates. Inputs arrive as the vendor sent them (strings that should hold numbers, lists
//! that may be too long) and are validated here, so every front end gets the same answers.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::model::{
    PerformanceSettings, ReviewTemplate, Semester, SemesterStages, Stage, StageTask,
};
use super::status::{CompletionFilter, StageTaskStatus, StatusContext, TaskOption};
use crate::Openwork;
use crate::access::Access;
use crate::clock::Millis;
use crate::directory::Tenant;
use crate::error::{Error, Result};
use crate::ids::{ReviewTemplateId, SemesterId, StageId, UserId};
use crate::paging::CursorScope;
use crate::service::IdMapping;
use crate::service::ServiceCatalog;
use crate::store::UserTasks;
use openwork_platform::{FieldViolation, TokenKind};

/// `page_size` of `find_by_page` and `review_templates/query`: default 20, at most 50; 0 means
/// the default.
pub const DEFAULT_PAGE_SIZE: usize = 20;
pub const MAX_PAGE_SIZE: usize = 50;
/// At most this many users in `find_by_user_list`, templates in `review_template_ids`.
pub const MAX_LISTED_IDS: usize = 50;
/// At most this many `task_option_lists` values.
pub const MAX_TASK_OPTIONS: usize = 3;

fn invalid(field: &str, value: impl Into<String>, description: impl Into<String>) -> Error {
    Error::PerformanceParamInvalid(vec![FieldViolation::new(field, value, description)])
}

/// A stage-task query as the caller sent it.
#[derive(Clone, Debug, Default)]
pub struct StageTaskQuery {
    pub semester_id: Option<String>,
    pub task_option_lists: Option<Vec<String>>,
    pub after_time: Option<String>,
    pub before_time: Option<String>,
}

/// A validated stage-task filter.
#[derive(Clone, Debug, PartialEq, Eq)]
struct StageTaskFilter {
    semester_id: SemesterId,
    /// As the caller listed them (deduplicated); `None` when absent or empty.
    options: Option<Vec<TaskOption>>,
    after: Option<Millis>,
    before: Option<Millis>,
}

impl StageTaskFilter {
    fn parse(query: &StageTaskQuery) -> Result<Self> {
        let semester_id = query
            .semester_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| invalid("semester_id", "", "semester_id is required"))?;
        let options = match query.task_option_lists.as_deref() {
            None | Some([]) => None,
            Some(values) if values.len() > MAX_TASK_OPTIONS => {
                return Err(invalid(
                    "task_option_lists",
                    values.join(","),
                    format!("at most {MAX_TASK_OPTIONS} values"),
                ));
            }
            Some(values) => {
                let mut options = Vec::with_capacity(values.len());
                for value in values {
                    let option = value
                        .trim()
                        .parse()
                        .ok()
                        .and_then(TaskOption::from_id)
                        .ok_or_else(|| {
                            invalid("task_option_lists", value.as_str(), "values are 1, 2 or 3")
                        })?;
                    if !options.contains(&option) {
                        options.push(option);
                    }
                }
                Some(options)
            }
        };
        Ok(Self {
            semester_id: SemesterId::new(semester_id),
            options,
            after: parse_millis("after_time", query.after_time.as_deref())?,
            before: parse_millis("before_time", query.before_time.as_deref())?,
        })
    }

    /// The filter set a page token is bound to.
    fn fingerprint(&self) -> String {
        let options: Vec<String> = self
            .options
            .iter()
            .flatten()
            .map(|o| o.id().to_string())
            .collect();
        format!(
            "{}|{}|{:?}|{:?}",
            self.semester_id,
            options.join(","),
            self.after,
            self.before
        )
    }

    fn within_window(&self, deadline: Millis) -> bool {
        self.after.is_none_or(|after| after <= deadline)
            && self.before.is_none_or(|before| deadline <= before)
    }

    fn wants(&self, option: TaskOption) -> bool {
        self.options.as_ref().is_none_or(|o| o.contains(&option))
    }
}

fn parse_millis(field: &str, value: Option<&str>) -> Result<Option<Millis>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse()
            .map(|ms| Some(Millis(ms)))
            .map_err(|_| invalid(field, text, "must be a millisecond timestamp")),
    }
}

fn parse_page_size(value: Option<&str>) -> Result<usize> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_PAGE_SIZE),
        Some(text) => match text.parse::<i64>() {
            Ok(0) => Ok(DEFAULT_PAGE_SIZE),
            Ok(size) if (1..=MAX_PAGE_SIZE as i64).contains(&size) => Ok(size as usize),
            _ => Err(invalid(
                "page_size",
                text,
                format!("must be within 0..={MAX_PAGE_SIZE}"),
            )),
        },
    }
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

/// A semester list query as the caller sent it.
#[derive(Clone, Debug, Default)]
pub struct SemesterQuery {
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub year: Option<String>,
    pub type_group: Option<String>,
    pub semester_type: Option<String>,
}

/// A semester with its creator and modifier written as the caller names users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemesterView {
    pub semester: Semester,
    pub create_user_id: Option<String>,
    pub modify_user_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewTemplatePage {
    pub templates: Vec<ReviewTemplate>,
    pub has_more: bool,
    pub page_token: Option<String>,
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
    fn view(&self, user_id: String, tasks: &[StageTask]) -> UserStageTasks {
        let mut views: Vec<StageTaskView> = tasks
            .iter()
            .map(|task| {
                let stage = Arc::clone(&self.stages[&task.stage_id]);
                StageTaskView {
                    status: self.context.status(&stage, task),
                    stage,
                    need_todo: task.need_todo,
                    finished: task.finished,
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

impl Openwork {
    /// The caller's tenant, which must hold a performance licence, with its settings.
    async fn licensed_tenant(&self, access: &Access) -> Result<(Tenant, PerformanceSettings)> {
        let tenant = access.tenant_key();
        let settings = access
            .snapshot()
            .cache::<ServiceCatalog>()
            .performance_settings
            .get_or_load(tenant, || self.store().performance_settings(tenant))
            .await?
            .ok_or(openwork_platform::Error::InvalidToken {
                presented: access.kind(),
            })?;
        if settings.licensed {
            Ok((access.tenant().clone(), settings))
        } else {
            Err(Error::PerformanceNotLicensed)
        }
    }

    async fn semester_scope(
        &self,
        access: &Access,
        (tenant, settings): &(Tenant, PerformanceSettings),
        filter: &StageTaskFilter,
    ) -> Result<SemesterScope> {
        let key = (tenant.tenant_key.clone(), filter.semester_id.clone());
        let found = access
            .snapshot()
            .cache::<ServiceCatalog>()
            .semesters
            .get_or_load(&key, || async {
                let Some(found) = self.store().semester(&key.0, &key.1).await? else {
                    return Ok(None);
                };
                let stages = self.store().stages(&key.0, &key.1).await?;
                Ok(Some(Arc::new(SemesterStages {
                    semester: found,
                    stages: stages.into_iter().map(Arc::new).collect(),
                })))
            })
            .await?
            .ok_or_else(|| {
                invalid(
                    "semester_id",
                    filter.semester_id.as_str(),
                    "semester not found",
                )
            })?;
        let context = StatusContext {
            now: self.tenant_now(tenant),
            allow_late_submission: settings.allow_late_submission,
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

    /// `performance.v1.stage_task.find_by_page`: every user with a matching stage task, in
    /// `user_id` order, a page at a time (keyset paging on `user_id`, so a page costs the same
    /// wherever it is and data changing between pages neither skips nor repeats a user).
    pub async fn find_stage_tasks_by_page(
        &self,
        access: &Access,
        ids: &IdMapping,
        query: &StageTaskQuery,
        page_size: Option<&str>,
        page_token: Option<&str>,
    ) -> Result<StageTaskPage> {
        let licensed = self.licensed_tenant(access).await?;
        let tenant = &licensed.0;
        let filter = StageTaskFilter::parse(query)?;
        let page_size = parse_page_size(page_size)?;
        let cursor = CursorScope::new(
            access,
            "performance.v1.stage_task.find_by_page",
            filter.fingerprint(),
        );
        let after = match page_token.map(str::trim).filter(|t| !t.is_empty()) {
            Some(token) => Some(UserId::new(cursor.open(self.keys(), token).ok_or_else(
                || invalid("page_token", token, "invalid page_token for this query"),
            )?)),
            None => None,
        };
        let scope = self.semester_scope(access, &licensed, &filter).await?;
        if scope.selection.is_empty() {
            return Ok(StageTaskPage {
                semester: scope.semester,
                items: Vec::new(),
                has_more: false,
                page_token: None,
            });
        }
        let mut page = self
            .store()
            .stage_task_page(
                &tenant.tenant_key,
                &scope.semester.semester_id,
                &scope.selection,
                after.as_ref(),
                page_size + 1,
            )
            .await?;
        let has_more = page.len() > page_size;
        page.truncate(page_size);
        let page_token = if has_more {
            page.last()
                .map(|last| cursor.seal(self.keys(), last.user_id.as_str()))
        } else {
            None
        };
        let items = self.user_views(ids, &scope, page).await?;
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
    pub async fn find_stage_tasks_by_user_list(
        &self,
        access: &Access,
        ids: &IdMapping,
        query: &StageTaskQuery,
        user_id_lists: Option<&[String]>,
    ) -> Result<StageTaskList> {
        let licensed = self.licensed_tenant(access).await?;
        let tenant = &licensed.0;
        let filter = StageTaskFilter::parse(query)?;
        let listed = match user_id_lists {
            None | Some([]) => {
                return Err(invalid("user_id_lists", "", "user_id_lists is required"));
            }
            Some(list) if list.len() > MAX_LISTED_IDS => {
                return Err(invalid(
                    "user_id_lists",
                    list.len().to_string(),
                    format!("at most {MAX_LISTED_IDS} users"),
                ));
            }
            Some(list) => list,
        };
        let known = self.platform().internal_user_ids(ids, listed).await?;
        if access.kind() == TokenKind::User {
            let own = access.user().expect("user tokens name their user");
            if let Some(other) = listed.iter().find(|id| known.get(*id) != Some(own)) {
                return Err(invalid(
                    "user_id_lists",
                    other.as_str(),
                    "a user access token may only ask for its own user",
                ));
            }
        }
        let mut seen = HashSet::new();
        let users: Vec<UserId> = listed
            .iter()
            .filter_map(|id| known.get(id).cloned())
            .filter(|user| seen.insert(user.clone()))
            .collect();
        let scope = self.semester_scope(access, &licensed, &filter).await?;
        let tasks = if scope.selection.is_empty() || users.is_empty() {
            Vec::new()
        } else {
            self.store()
                .stage_tasks_of(
                    &tenant.tenant_key,
                    &scope.semester.semester_id,
                    &scope.selection,
                    &users,
                )
                .await?
        };
        let mut by_user: HashMap<UserId, Vec<StageTask>> = HashMap::new();
        for task in tasks {
            by_user.entry(task.user_id.clone()).or_default().push(task);
        }
        let listed = users
            .into_iter()
            .map(|user_id| UserTasks {
                tasks: by_user.remove(&user_id).unwrap_or_default(),
                user_id,
            })
            .collect();
        let items = self.user_views(ids, &scope, listed).await?;
        Ok(StageTaskList {
            semester: scope.semester,
            items,
        })
    }

    /// The answer's entries for these users and their tasks, in the order given, each user
    /// under the caller's `user_id_type`.
    async fn user_views(
        &self,
        ids: &IdMapping,
        scope: &SemesterScope,
        users: Vec<UserTasks>,
    ) -> Result<Vec<UserStageTasks>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let internal: Vec<UserId> = users.iter().map(|u| u.user_id.clone()).collect();
        let external = self.platform().external_user_ids(ids, &internal).await?;
        Ok(users
            .iter()
            .filter_map(|user| {
                let id = external.get(&user.user_id)?.clone();
                Some(scope.view(id, &user.tasks))
            })
            .collect())
    }

    /// `performance.v1.semester.list`: every semester matching the filters (no paging),
    /// ordered by start time, then ID.
    pub async fn list_semesters(
        &self,
        access: &Access,
        ids: &IdMapping,
        query: &SemesterQuery,
    ) -> Result<Vec<SemesterView>> {
        let (tenant, _) = self.licensed_tenant(access).await?;
        let start = parse_millis("start_time", query.start_time.as_deref())?;
        let end = parse_millis("end_time", query.end_time.as_deref())?;
        let year = match query.year.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                text.parse::<i32>()
                    .ok()
                    .filter(|y| (0..=9999).contains(y))
                    .ok_or_else(|| invalid("year", text, "must be within 0..=9999"))?,
            ),
        };
        let one_of = |field: &str, value: &Option<String>, allowed: &[&str]| -> Result<()> {
            match value.as_deref() {
                Some(v) if !v.is_empty() && !allowed.contains(&v) => Err(invalid(
                    field,
                    v,
                    format!("must be one of {}", allowed.join(", ")),
                )),
                _ => Ok(()),
            }
        };
        one_of("type_group", &query.type_group, super::SEMESTER_TYPE_GROUPS)?;
        one_of("type", &query.semester_type, super::SEMESTER_TYPES)?;
        let matches = |s: &Semester| {
            start.is_none_or(|start| s.start_time >= start)
                && end.is_none_or(|end| s.end_time <= end)
                && year.is_none_or(|year| s.year == year)
                && query
                    .type_group
                    .as_deref()
                    .is_none_or(|g| g.is_empty() || s.type_group == g)
                && query
                    .semester_type
                    .as_deref()
                    .is_none_or(|t| t.is_empty() || s.semester_type == t)
        };
        let semesters: Vec<Semester> = self
            .store()
            .semesters(&tenant.tenant_key)
            .await?
            .into_iter()
            .filter(matches)
            .collect();
        let people: Vec<UserId> = semesters
            .iter()
            .flat_map(|s| [&s.create_user_id, &s.modify_user_id])
            .flatten()
            .cloned()
            .collect();
        let external = self.platform().external_user_ids(ids, &people).await?;
        let name = |user: &Option<UserId>| user.as_ref().and_then(|u| external.get(u).cloned());
        Ok(semesters
            .into_iter()
            .map(|semester| SemesterView {
                create_user_id: name(&semester.create_user_id),
                modify_user_id: name(&semester.modify_user_id),
                semester,
            })
            .collect())
    }

    /// `performance.v2.review_template.query`: templates by ID (all when none are listed),
    /// ordered by ID, a page at a time. Unknown IDs are left out.
    pub async fn query_review_templates(
        &self,
        access: &Access,
        review_template_ids: Option<&[String]>,
        page_size: Option<&str>,
        page_token: Option<&str>,
    ) -> Result<ReviewTemplatePage> {
        let (tenant, _) = self.licensed_tenant(access).await?;
        let page_size = parse_page_size(page_size)?;
        let wanted: Option<Vec<ReviewTemplateId>> = match review_template_ids {
            None | Some([]) => None,
            Some(list) if list.len() > MAX_LISTED_IDS => {
                return Err(invalid(
                    "review_template_ids",
                    list.len().to_string(),
                    format!("at most {MAX_LISTED_IDS} templates"),
                ));
            }
            Some(list) => Some(
                list.iter()
                    .map(|id| ReviewTemplateId::new(id.trim()))
                    .collect(),
            ),
        };
        let mut fingerprint: Vec<&str> = wanted.iter().flatten().map(|id| id.as_str()).collect();
        fingerprint.sort_unstable();
        let cursor = CursorScope::new(
            access,
            "performance.v2.review_template.query",
            fingerprint.join(","),
        );
        let after = match page_token.map(str::trim).filter(|t| !t.is_empty()) {
            Some(token) => Some(ReviewTemplateId::new(
                cursor.open(self.keys(), token).ok_or_else(|| {
                    invalid("page_token", token, "invalid page_token for this query")
                })?,
            )),
            None => None,
        };
        let mut templates = self
            .store()
            .review_templates(
                &tenant.tenant_key,
                wanted.as_deref(),
                after.as_ref(),
                page_size + 1,
            )
            .await?;
        let has_more = templates.len() > page_size;
        templates.truncate(page_size);
        let page_token = if has_more {
            templates
                .last()
                .map(|t| cursor.seal(self.keys(), t.review_template_id.as_str()))
        } else {
            None
        };
        Ok(ReviewTemplatePage {
            templates,
            has_more,
            page_token,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(options: &[&str]) -> StageTaskQuery {
        StageTaskQuery {
            semester_id: Some("1".into()),
            task_option_lists: Some(options.iter().map(|o| (*o).to_owned()).collect()),
            ..StageTaskQuery::default()
        }
    }

    fn field_of(err: Error) -> String {
        match err {
            Error::PerformanceParamInvalid(v) => v[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn filters_are_validated() {
        assert!(StageTaskFilter::parse(&query(&["1", "3"])).is_ok());
        assert_eq!(
            field_of(StageTaskFilter::parse(&query(&["4"])).unwrap_err()),
            "task_option_lists"
        );
        assert_eq!(
            field_of(StageTaskFilter::parse(&query(&["1", "2", "3", "1"])).unwrap_err()),
            "task_option_lists"
        );
        let missing = StageTaskQuery::default();
        assert_eq!(
            field_of(StageTaskFilter::parse(&missing).unwrap_err()),
            "semester_id"
        );
        let bad_time = StageTaskQuery {
            after_time: Some("yesterday".into()),
            ..query(&[])
        };
        assert_eq!(
            field_of(StageTaskFilter::parse(&bad_time).unwrap_err()),
            "after_time"
        );
    }

    #[test]
    fn page_sizes() {
        assert_eq!(parse_page_size(None).unwrap(), 20);
        assert_eq!(parse_page_size(Some("0")).unwrap(), 20);
        assert_eq!(parse_page_size(Some("50")).unwrap(), 50);
        assert!(parse_page_size(Some("51")).is_err());
        assert!(parse_page_size(Some("-1")).is_err());
        assert!(parse_page_size(Some("x")).is_err());
    }

    #[test]
    fn deadline_bounds_are_inclusive() {
        let filter = StageTaskFilter {
            semester_id: SemesterId::from("1"),
            options: None,
            after: Some(Millis(10)),
            before: Some(Millis(20)),
        };
        assert!(filter.within_window(Millis(10)));
        assert!(filter.within_window(Millis(20)));
        assert!(!filter.within_window(Millis(9)));
        assert!(!filter.within_window(Millis(21)));
    }

    #[test]
    fn the_fingerprint_changes_with_every_filter() {
        let base = StageTaskFilter::parse(&query(&["1"])).unwrap();
        let other_options = StageTaskFilter::parse(&query(&["2"])).unwrap();
        let other_window = StageTaskFilter {
            after: Some(Millis(1)),
            ..base.clone()
        };
        assert_ne!(base.fingerprint(), other_options.fingerprint());
        assert_ne!(base.fingerprint(), other_window.fingerprint());
    }
}
