//! The report APIs' use cases: query submitted reports (tenant and user tokens), query rules,
//! remove a rule's board view (docs/semantics.md). Each takes a [`Caller`] (the proof that the
//! tenant has the service) and a command already parsed at the edge ([`crate::command`]).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use openwork_platform::access::Access;
use openwork_platform::db::Db;
use openwork_platform::directory::{Department, Person};
use openwork_platform::ids::{DepartmentId, ROOT_DEPARTMENT, UserId};
use openwork_platform::paging::{CursorScope, Pager, split_time_key, time_key};
use openwork_platform::service::{ExternalIds, IdMapping};
use openwork_platform::{Error as PlatformError, Platform};

use crate::command::{RemoveViews, RuleQuery, TaskQuery};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{
    Cached, ReportCatalog, ReportFilter, ReportPosition, ReportStore, SqlReportStore,
};

/// The report service: its use cases over the platform and its own storage.
#[derive(Clone)]
pub struct ReportService {
    pub(crate) platform: Platform,
    /// The tenants' service switches and report rules, through the catalog cache.
    catalog: Arc<dyn ReportCatalog>,
    pub(crate) store: Arc<dyn ReportStore>,
}

/// A caller of the report APIs whose `user_id_type` was accepted and whose tenant has the
/// service. Only [`ReportService::admit`] makes one.
#[derive(Clone, Debug)]
pub struct Caller {
    access: Access,
    ids: IdMapping,
}

/// A page of `tasks/query`: the reports as stored, with the rules and people its answer names.
/// [`crate::views::TaskQueryBody`] writes the answer from these, with nothing copied between.
pub struct ReportTaskPage {
    pub reports: Vec<Report>,
    /// The reports' rules, by ID (deleted ones included).
    pub(crate) rules: HashMap<RuleId, Arc<ReportRule>>,
    /// Every sender and recipient, and the senders' departments.
    pub(crate) people: People,
    pub has_more: bool,
    pub page_token: Option<String>,
}

/// A rule as `rules/query` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleView {
    pub rule: ReportRule,
    pub creator_user_id: Option<String>,
    pub creator_user_name: String,
    pub owner_user_id: Option<String>,
    pub owner_user_name: String,
    pub need_report_user_ids: Vec<String>,
    /// `open_department_id`s; `"0"` (everyone) as is.
    pub need_report_department_ids: Vec<String>,
    pub to_user_ids: Vec<String>,
    pub cc_user_ids: Vec<String>,
    pub manager_user_ids: Vec<String>,
}

/// Whose board view of a rule was removed (admin API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleViews {
    pub removed_for_everyone: bool,
    pub removed_user_ids: Vec<UserId>,
}

/// Resolves users to the caller's IDs and names, and departments to theirs.
pub(crate) struct People {
    external: ExternalIds,
    users: HashMap<UserId, Arc<Person>>,
    departments: HashMap<DepartmentId, Arc<Department>>,
}

impl People {
    pub(crate) fn new(
        external: ExternalIds,
        users: HashMap<UserId, Arc<Person>>,
        departments: HashMap<DepartmentId, Arc<Department>>,
    ) -> Self {
        Self {
            external,
            users,
            departments,
        }
    }

    /// The caller's ID of `user`, if the user exists.
    pub(crate) fn external(&self, user: &UserId) -> Option<&str> {
        self.external.get(user)
    }

    /// The caller's IDs of those of `users` that exist.
    pub(crate) fn externals<'a>(&'a self, users: &'a [UserId]) -> impl Iterator<Item = &'a str> {
        users.iter().filter_map(|u| self.external(u))
    }

    /// The user's name ("" for a user that does not exist).
    pub(crate) fn name(&self, user: &UserId) -> &str {
        self.users.get(user).map_or("", |person| &person.name)
    }

    /// The user's departments (none for a user that does not exist).
    pub(crate) fn departments_of(&self, user: &UserId) -> &[DepartmentId] {
        self.users
            .get(user)
            .map_or(&[], |person| &person.department_ids)
    }

    /// The department's name ("" for one that does not exist).
    pub(crate) fn department_name(&self, department: &DepartmentId) -> &str {
        self.departments.get(department).map_or("", |d| &d.name)
    }

    /// A department as the report APIs write it: its `open_department_id` (the root stays "0").
    pub(crate) fn open_department_id(&self, department: &DepartmentId) -> Option<&str> {
        if department.as_str() == ROOT_DEPARTMENT {
            return Some(ROOT_DEPARTMENT);
        }
        self.departments
            .get(department)
            .map(|d| d.open_department_id.as_str())
    }
}

impl ReportService {
    /// The service over the platform and the report tables of `db`.
    pub fn new(platform: Platform, db: Db) -> Self {
        let sql = SqlReportStore::new(db);
        Self {
            platform,
            catalog: Arc::new(Cached(sql.clone())),
            store: Arc::new(sql),
        }
    }

    /// Admits a caller that passed the API's scope check: its `user_id_type` (absent: `open_id`)
    /// is checked first, then whether its tenant has the report service.
    pub async fn admit(&self, access: Access, user_id_type: Option<&str>) -> Result<Caller> {
        let ids = self.platform.id_mapping(&access, user_id_type)?;
        let settings = self
            .catalog
            .settings(access.snapshot(), access.tenant_key())
            .await?
            // A tenant without settings was deleted since its token was checked.
            .ok_or_else(|| access.tenant_gone())?;
        if !settings.enabled {
            return Err(Error::Disabled);
        }
        Ok(Caller { access, ids })
    }

    /// `users` as the caller sees them, with their departments and `departments` besides.
    async fn people(
        &self,
        caller: &Caller,
        users: BTreeSet<UserId>,
        departments: impl IntoIterator<Item = DepartmentId>,
    ) -> Result<People> {
        let users: Vec<UserId> = users.into_iter().collect();
        let external = self.platform.external_user_ids(&caller.ids, &users).await?;
        let users = self.platform.people(&caller.access, &users).await?;
        let department_ids: BTreeSet<DepartmentId> = users
            .values()
            .flat_map(|person| person.department_ids.iter().cloned())
            .chain(departments)
            .collect();
        let department_ids: Vec<DepartmentId> = department_ids.into_iter().collect();
        let departments = self
            .platform
            .departments_named(&caller.access, &department_ids)
            .await?;
        Ok(People::new(external, users, departments))
    }

    /// `report.v1.task.query`. With a tenant token: the reports committed in the window
    /// (optionally of one rule and one sender), newest first, a page at a time. With a user
    /// token: every report the user sent or received in the window, in one response.
    pub async fn query_tasks(&self, caller: &Caller, query: TaskQuery) -> Result<ReportTaskPage> {
        let access = &caller.access;
        let tenant = access.tenant_key();
        if let Some(user) = access.user() {
            let reports = self
                .store
                .reports_involving(tenant, user, query.from, query.to)
                .await?;
            return self.report_page(caller, reports, false, None).await;
        }
        if let Some(rule_id) = &query.rule_id {
            let known = self
                .store
                .report_rules(tenant, std::slice::from_ref(rule_id))
                .await?;
            if known.is_empty() {
                return Err(Error::RuleNotFound);
            }
        }
        let sender = match &query.sender {
            Some(id) => match self
                .platform
                .internal_user_ids(&caller.ids, std::slice::from_ref(id))
                .await?
                .remove(id)
            {
                Some(user) => Some(user),
                // Nobody by that ID: nothing they sent.
                None => return self.report_page(caller, Vec::new(), false, None).await,
            },
            None => None,
        };
        let filter = ReportFilter {
            from: query.from,
            to: query.to,
            rule: query.rule_id.as_ref(),
            sender: sender.as_ref(),
        };
        let (start, end) = query.window;
        let fingerprint = format!(
            "{start}|{end}|{}|{}",
            query.rule_id.as_ref().map_or("", |r| r.as_str()),
            sender.as_ref().map_or("", |u| u.as_str())
        );
        let cursor = CursorScope::new(access, "report.v1.task.query", fingerprint);
        let token = query.page_token.as_deref();
        let invalid_token = || {
            PlatformError::field(
                "page_token",
                token.unwrap_or_default(),
                "invalid page_token for this query",
            )
        };
        let pager = Pager::open(self.platform.keys(), cursor, query.page_size, token)
            .ok_or_else(invalid_token)?;
        let after = pager
            .after
            .as_deref()
            .map(|key| decode_position(key).ok_or_else(invalid_token))
            .transpose()?;
        let reports = self
            .store
            .reports_page(tenant, &filter, after.as_ref(), pager.limit())
            .await?;
        let page = pager.close(reports, encode_position);
        self.report_page(caller, page.items, page.has_more, page.page_token)
            .await
    }

    /// The rules these reports were made by, by ID, from the catalog as the caller's snapshot
    /// holds them (deleted ones included: a report outlives its rule's deletion).
    async fn rules_of(
        &self,
        caller: &Caller,
        reports: &[Report],
    ) -> Result<HashMap<RuleId, Arc<ReportRule>>> {
        let access = &caller.access;
        let ids: BTreeSet<&RuleId> = reports.iter().map(|r| &r.rule_id).collect();
        let mut rules = HashMap::with_capacity(ids.len());
        for id in ids {
            let rule = self
                .catalog
                .rule(access.snapshot(), access.tenant_key(), id)
                .await?;
            if let Some(rule) = rule {
                rules.insert(id.clone(), rule);
            }
        }
        Ok(rules)
    }

    /// These reports with the rules and people their answer names.
    async fn report_page(
        &self,
        caller: &Caller,
        reports: Vec<Report>,
        has_more: bool,
        page_token: Option<String>,
    ) -> Result<ReportTaskPage> {
        let rules = self.rules_of(caller, &reports).await?;
        let everyone = reports
            .iter()
            .flat_map(|r| std::iter::once(&r.from_user_id).chain(&r.to_user_ids))
            .cloned()
            .collect();
        let people = self.people(caller, everyone, []).await?;
        Ok(ReportTaskPage {
            reports,
            rules,
            people,
            has_more,
            page_token,
        })
    }

    /// `report.v1.rule.query`: the rules named exactly `rule_name` (deleted ones only with
    /// `include_deleted=1`).
    pub async fn query_rules(&self, caller: &Caller, query: RuleQuery) -> Result<Vec<RuleView>> {
        let tenant = caller.access.tenant_key();
        let rules: Vec<ReportRule> = self
            .store
            .report_rules_named(tenant, &query.rule_name)
            .await?
            .into_iter()
            .filter(|rule| query.include_deleted || !rule.deleted)
            .collect();
        let everyone = rules
            .iter()
            .flat_map(|r| {
                [&r.creator_user_id, &r.owner_user_id]
                    .into_iter()
                    .flatten()
                    .chain(&r.need_report_user_ids)
                    .chain(&r.to_user_ids)
                    .chain(&r.cc_user_ids)
                    .chain(&r.manager_user_ids)
            })
            .cloned()
            .collect();
        let rule_departments = rules
            .iter()
            .flat_map(|r| r.need_report_department_ids.iter().cloned());
        let people = self.people(caller, everyone, rule_departments).await?;
        Ok(rules
            .into_iter()
            .map(|rule| {
                let name_of = |user: &Option<UserId>| {
                    user.as_ref()
                        .map(|u| people.name(u).to_owned())
                        .unwrap_or_default()
                };
                let external = |user: &Option<UserId>| {
                    user.as_ref()
                        .and_then(|u| people.external(u))
                        .map(str::to_owned)
                };
                let externals =
                    |users: &[UserId]| people.externals(users).map(str::to_owned).collect();
                RuleView {
                    creator_user_id: external(&rule.creator_user_id),
                    creator_user_name: name_of(&rule.creator_user_id),
                    owner_user_id: external(&rule.owner_user_id),
                    owner_user_name: name_of(&rule.owner_user_id),
                    need_report_user_ids: externals(&rule.need_report_user_ids),
                    need_report_department_ids: rule
                        .need_report_department_ids
                        .iter()
                        .filter_map(|d| people.open_department_id(d))
                        .map(str::to_owned)
                        .collect(),
                    to_user_ids: externals(&rule.to_user_ids),
                    cc_user_ids: externals(&rule.cc_user_ids),
                    manager_user_ids: externals(&rule.manager_user_ids),
                    rule,
                }
            })
            .collect())
    }

    /// `report.v1.rule_view.remove`: removes the rule's board view for these users (for
    /// everyone when none are given). Users nobody is known by are skipped.
    pub async fn remove_views(&self, caller: &Caller, command: RemoveViews) -> Result<()> {
        let access = &caller.access;
        let tenant = access.tenant_key();
        let rule = self
            .store
            .report_rules(tenant, std::slice::from_ref(&command.rule_id))
            .await?;
        if rule.iter().all(|r| r.deleted) {
            return Err(Error::RuleNotFound);
        }
        let users = match &command.users {
            None => None,
            Some(list) => {
                let known = self.platform.internal_user_ids(&caller.ids, list).await?;
                Some(
                    list.iter()
                        .filter_map(|id| known.get(id).cloned())
                        .collect::<Vec<_>>(),
                )
            }
        };
        let now = self.platform.tenant_now(access.tenant());
        self.store
            .remove_rule_views(tenant, &command.rule_id, users.as_deref(), now)
            .await
            .map_err(|err| access.failed_write(err).into())
    }
}

/// Where a page of reports ends, as its page token holds it.
pub(crate) fn encode_position(report: &Report) -> String {
    time_key(report.commit_time, report.task_id.as_str())
}

pub(crate) fn decode_position(text: &str) -> Option<ReportPosition> {
    let (commit_time, task_id) = split_time_key(text)?;
    Some(ReportPosition {
        commit_time,
        task_id: ReportTaskId::from(task_id),
    })
}

#[cfg(test)]
mod tests {
    use openwork_platform::clock::Millis;

    use super::*;

    #[test]
    fn positions_round_trip() {
        let report = Report {
            task_id: ReportTaskId::from("69:x"),
            rule_id: RuleId::from("r"),
            from_user_id: UserId::from("u"),
            commit_time: Millis(1_000),
            to_user_ids: Vec::new(),
            values: Default::default(),
        };
        let position = decode_position(&encode_position(&report)).unwrap();
        assert_eq!(position.commit_time, Millis(1_000));
        assert_eq!(position.task_id.as_str(), "69:x");
    }
}
