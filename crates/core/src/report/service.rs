//! The report APIs' use cases: query submitted reports (tenant and user tokens), query rules,
//! remove a rule's board view (semantics.md §5).

use std::collections::{BTreeSet, HashMap};

use super::model::{Report, ReportRule};
use crate::Openwork;
use crate::access::Access;
use crate::clock::Millis;
use crate::directory::{Department, Tenant, User};
use crate::error::{Error, Result};
use crate::ids::{DepartmentId, ROOT_DEPARTMENT, ReportTaskId, RuleId, UserId};
use crate::paging::CursorScope;
use crate::service::{IdMapping, ServiceCatalog};
use crate::store::{ReportFilter, ReportPosition};

/// `page_size` of `tasks/query`: 0–20, 0 meaning 20.
pub const MAX_REPORT_PAGE_SIZE: usize = 20;
/// At most this many `user_ids` in `views/remove`.
pub const MAX_VIEW_USERS: usize = 200;

/// A `tasks/query` body as the caller sent it.
#[derive(Clone, Debug, Default)]
pub struct ReportTaskQuery {
    pub commit_start_time: Option<String>,
    pub commit_end_time: Option<String>,
    pub rule_id: Option<String>,
    pub user_id: Option<String>,
    pub page_token: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormContent {
    pub field_id: String,
    pub field_name: String,
    pub field_value: String,
}

/// A submitted report as the APIs show it, users written as the caller names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportItem {
    pub task_id: ReportTaskId,
    pub rule_id: RuleId,
    pub rule_name: String,
    pub from_user_id: String,
    pub from_user_name: String,
    pub department_name: String,
    /// The sender's departments, as `open_department_id`s.
    pub department_ids: Vec<String>,
    pub commit_time: Millis,
    /// In the rule's field order.
    pub form_contents: Vec<FormContent>,
    pub to_user_ids: Vec<String>,
    pub to_user_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportTaskPage {
    pub items: Vec<ReportItem>,
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

/// A required Unix-seconds field. VENDOR: missing or mistyped → the platform's 99992402.
fn required_seconds(field: &str, value: Option<&str>) -> Result<i64> {
    let text = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::field(field, "", format!("{field} is required")))?;
    text.parse()
        .map_err(|_| Error::field(field, text, "must be a Unix timestamp in seconds"))
}

/// `page_size`: required (99992402), 0–20 with 0 meaning 20 (else 1430002).
fn report_page_size(value: Option<&str>) -> Result<usize> {
    let text = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::field("page_size", "", "page_size is required"))?;
    let size: i64 = text
        .parse()
        .map_err(|_| Error::field("page_size", text, "must be an integer"))?;
    match size {
        0 => Ok(MAX_REPORT_PAGE_SIZE),
        1..=20 => Ok(size as usize),
        _ => Err(Error::ReportPageSizeInvalid),
    }
}

/// Resolves `users` to the caller's IDs and names, and their first departments.
struct People {
    external: HashMap<UserId, String>,
    users: HashMap<UserId, User>,
    departments: HashMap<DepartmentId, Department>,
}

impl People {
    fn external(&self, user: &UserId) -> Option<String> {
        self.external.get(user).cloned()
    }

    fn externals(&self, users: &[UserId]) -> Vec<String> {
        users.iter().filter_map(|u| self.external(u)).collect()
    }

    fn name(&self, user: &UserId) -> String {
        self.users
            .get(user)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    /// A department as the report APIs write it: its `open_department_id` (the root stays "0").
    fn open_department_id(&self, department: &DepartmentId) -> Option<String> {
        if department.as_str() == ROOT_DEPARTMENT {
            return Some(ROOT_DEPARTMENT.to_owned());
        }
        self.departments
            .get(department)
            .map(|d| d.open_department_id.clone())
    }
}

impl Openwork {
    /// The caller's tenant, whose report service must be enabled.
    async fn report_tenant(&self, access: &Access) -> Result<Tenant> {
        let tenant = access.tenant_key();
        let settings = access
            .snapshot()
            .cache::<ServiceCatalog>()
            .report_settings
            .get_or_load(tenant, || self.store().report_settings(tenant))
            .await?
            .ok_or(Error::ReportDisabled)?;
        if settings.enabled {
            Ok(access.tenant().clone())
        } else {
            Err(Error::ReportDisabled)
        }
    }

    async fn people(
        &self,
        ids: &IdMapping,
        tenant: &Tenant,
        users: BTreeSet<UserId>,
    ) -> Result<People> {
        let users: Vec<UserId> = users.into_iter().collect();
        let external = self.platform().external_user_ids(ids, &users).await?;
        let users: HashMap<UserId, User> = self
            .platform()
            .users(&tenant.tenant_key, &users)
            .await?
            .into_iter()
            .map(|u| (u.user_id.clone(), u))
            .collect();
        let department_ids: BTreeSet<DepartmentId> = users
            .values()
            .flat_map(|u| u.department_ids.iter().cloned())
            .collect();
        let department_ids: Vec<DepartmentId> = department_ids.into_iter().collect();
        let departments = self
            .platform()
            .departments(&tenant.tenant_key, &department_ids)
            .await?
            .into_iter()
            .map(|d| (d.department_id.clone(), d))
            .collect();
        Ok(People {
            external,
            users,
            departments,
        })
    }

    /// `report.v1.task.query`. With a tenant token: the reports committed in the window
    /// (optionally of one rule and one sender), newest first, a page at a time. With a user
    /// token: every report the user sent or received in the window, in one response.
    pub async fn query_report_tasks(
        &self,
        access: &Access,
        ids: &IdMapping,
        query: &ReportTaskQuery,
    ) -> Result<ReportTaskPage> {
        let tenant = self.report_tenant(access).await?;
        let start = required_seconds("commit_start_time", query.commit_start_time.as_deref())?;
        let end = required_seconds("commit_end_time", query.commit_end_time.as_deref())?;
        let page_size = report_page_size(query.page_size.as_deref())?;
        let page_token = query
            .page_token
            .as_deref()
            .ok_or_else(|| Error::field("page_token", "", "page_token is required (\"\" first)"))?;
        let (from, to) = (
            Millis::from_seconds(start),
            Millis(end.saturating_mul(1000) + 999),
        );

        if let Some(user) = access.user() {
            let reports = self
                .store()
                .reports_involving(&tenant.tenant_key, user, from, to)
                .await?;
            return Ok(ReportTaskPage {
                items: self.report_items(ids, &tenant, &reports).await?,
                has_more: false,
                page_token: None,
            });
        }

        let rule = match query
            .rule_id
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(rule_id) => {
                let rule_id = RuleId::from(rule_id);
                let known = self
                    .store()
                    .report_rules(&tenant.tenant_key, std::slice::from_ref(&rule_id))
                    .await?;
                if known.is_empty() {
                    return Err(Error::ReportRuleNotFound);
                }
                Some(rule_id)
            }
            None => None,
        };
        let sender = match query.user_id.as_deref().filter(|u| !u.is_empty()) {
            Some(id) => match self
                .platform()
                .internal_user_ids(ids, &[id.to_owned()])
                .await?
                .remove(id)
            {
                Some(user) => Some(user),
                // Nobody by that ID: nothing they sent.
                None => {
                    return Ok(ReportTaskPage {
                        items: Vec::new(),
                        has_more: false,
                        page_token: None,
                    });
                }
            },
            None => None,
        };
        let filter = ReportFilter {
            from,
            to,
            rule: rule.as_ref(),
            sender: sender.as_ref(),
        };
        let fingerprint = format!(
            "{start}|{end}|{}|{}",
            rule.as_ref().map_or("", |r| r.as_str()),
            sender.as_ref().map_or("", |u| u.as_str())
        );
        let cursor = CursorScope::new(access, "report.v1.task.query", fingerprint);
        let after = match page_token.trim() {
            "" => None,
            token => Some(
                cursor
                    .open(self.keys(), token)
                    .and_then(|position| decode_position(&position))
                    .ok_or_else(|| {
                        Error::field("page_token", token, "invalid page_token for this query")
                    })?,
            ),
        };
        let mut reports = self
            .store()
            .reports_page(&tenant.tenant_key, &filter, after.as_ref(), page_size + 1)
            .await?;
        let has_more = reports.len() > page_size;
        reports.truncate(page_size);
        let page_token = if has_more {
            reports
                .last()
                .map(|r| cursor.seal(self.keys(), &encode_position(r)))
        } else {
            None
        };
        Ok(ReportTaskPage {
            items: self.report_items(ids, &tenant, &reports).await?,
            has_more,
            page_token,
        })
    }

    async fn report_items(
        &self,
        ids: &IdMapping,
        tenant: &Tenant,
        reports: &[Report],
    ) -> Result<Vec<ReportItem>> {
        if reports.is_empty() {
            return Ok(Vec::new());
        }
        let rule_ids: BTreeSet<RuleId> = reports.iter().map(|r| r.rule_id.clone()).collect();
        let rule_ids: Vec<RuleId> = rule_ids.into_iter().collect();
        let rules: HashMap<RuleId, ReportRule> = self
            .store()
            .report_rules(&tenant.tenant_key, &rule_ids)
            .await?
            .into_iter()
            .map(|r| (r.rule_id.clone(), r))
            .collect();
        let everyone = reports
            .iter()
            .flat_map(|r| std::iter::once(&r.from_user_id).chain(&r.to_user_ids))
            .cloned()
            .collect();
        let people = self.people(ids, tenant, everyone).await?;
        Ok(reports
            .iter()
            .map(|report| {
                let rule = rules.get(&report.rule_id);
                let sender = people.users.get(&report.from_user_id);
                let sender_departments = sender
                    .map(|u| u.department_ids.as_slice())
                    .unwrap_or_default();
                ReportItem {
                    task_id: report.task_id.clone(),
                    rule_id: report.rule_id.clone(),
                    rule_name: rule.map(|r| r.name.clone()).unwrap_or_default(),
                    from_user_id: people.external(&report.from_user_id).unwrap_or_default(),
                    from_user_name: people.name(&report.from_user_id),
                    department_name: sender_departments
                        .first()
                        .and_then(|d| people.departments.get(d))
                        .map(|d| d.name.clone())
                        .unwrap_or_default(),
                    department_ids: sender_departments
                        .iter()
                        .filter_map(|d| people.open_department_id(d))
                        .collect(),
                    commit_time: report.commit_time,
                    form_contents: rule
                        .map(|rule| {
                            rule.form
                                .iter()
                                .map(|field| FormContent {
                                    field_id: field.field_id.clone(),
                                    field_name: field.name.clone(),
                                    field_value: if field.hides_value() {
                                        String::new()
                                    } else {
                                        report
                                            .values
                                            .get(&field.field_id)
                                            .cloned()
                                            .unwrap_or_default()
                                    },
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    to_user_ids: people.externals(&report.to_user_ids),
                    to_user_names: report.to_user_ids.iter().map(|u| people.name(u)).collect(),
                }
            })
            .collect())
    }

    /// `report.v1.rule.query`: the rules named exactly `rule_name` (deleted ones only with
    /// `include_deleted=1`).
    pub async fn query_report_rules(
        &self,
        access: &Access,
        ids: &IdMapping,
        rule_name: Option<&str>,
        include_deleted: Option<&str>,
    ) -> Result<Vec<RuleView>> {
        let tenant = self.report_tenant(access).await?;
        let name = rule_name
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Error::field("rule_name", "", "rule_name is required"))?;
        let include_deleted = match include_deleted.map(str::trim) {
            None | Some("") | Some("0") => false,
            Some("1") => true,
            Some(other) => return Err(Error::field("include_deleted", other, "must be 0 or 1")),
        };
        let rules: Vec<ReportRule> = self
            .store()
            .report_rules_named(&tenant.tenant_key, name)
            .await?
            .into_iter()
            .filter(|rule| include_deleted || !rule.deleted)
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
        let mut people = self.people(ids, &tenant, everyone).await?;
        let rule_departments: Vec<DepartmentId> = rules
            .iter()
            .flat_map(|r| r.need_report_department_ids.iter().cloned())
            .collect();
        for department in self
            .platform()
            .departments(&tenant.tenant_key, &rule_departments)
            .await?
        {
            people
                .departments
                .insert(department.department_id.clone(), department);
        }
        Ok(rules
            .into_iter()
            .map(|rule| {
                let name_of = |user: &Option<UserId>| {
                    user.as_ref().map(|u| people.name(u)).unwrap_or_default()
                };
                RuleView {
                    creator_user_id: rule
                        .creator_user_id
                        .as_ref()
                        .and_then(|u| people.external(u)),
                    creator_user_name: name_of(&rule.creator_user_id),
                    owner_user_id: rule.owner_user_id.as_ref().and_then(|u| people.external(u)),
                    owner_user_name: name_of(&rule.owner_user_id),
                    need_report_user_ids: people.externals(&rule.need_report_user_ids),
                    need_report_department_ids: rule
                        .need_report_department_ids
                        .iter()
                        .filter_map(|d| people.open_department_id(d))
                        .collect(),
                    to_user_ids: people.externals(&rule.to_user_ids),
                    cc_user_ids: people.externals(&rule.cc_user_ids),
                    manager_user_ids: people.externals(&rule.manager_user_ids),
                    rule,
                }
            })
            .collect())
    }

    /// `report.v1.rule_view.remove`: removes the rule's board view for these users (for
    /// everyone when none are given). Users nobody is known by are skipped.
    pub async fn remove_report_rule_views(
        &self,
        access: &Access,
        ids: &IdMapping,
        rule_id: &str,
        user_ids: Option<&[String]>,
    ) -> Result<()> {
        let tenant = self.report_tenant(access).await?;
        let rule_id = RuleId::from(rule_id.trim());
        let rule = self
            .store()
            .report_rules(&tenant.tenant_key, std::slice::from_ref(&rule_id))
            .await?;
        if rule.iter().all(|r| r.deleted) {
            return Err(Error::ReportRuleNotFound);
        }
        let users = match user_ids {
            Some(list) if list.len() > MAX_VIEW_USERS => {
                return Err(Error::field(
                    "user_ids",
                    list.len().to_string(),
                    format!("at most {MAX_VIEW_USERS} users"),
                ));
            }
            None | Some([]) => None,
            Some(list) => {
                let known = self.platform().internal_user_ids(ids, list).await?;
                Some(
                    list.iter()
                        .filter_map(|id| known.get(id).cloned())
                        .collect::<Vec<_>>(),
                )
            }
        };
        let now = self.tenant_now(&tenant);
        self.store()
            .remove_rule_views(&tenant.tenant_key, &rule_id, users.as_deref(), now)
            .await?;
        Ok(())
    }
}

fn encode_position(report: &Report) -> String {
    format!("{}:{}", report.commit_time.0, report.task_id)
}

fn decode_position(text: &str) -> Option<ReportPosition> {
    let (time, task) = text.split_once(':')?;
    Some(ReportPosition {
        commit_time: Millis(time.parse().ok()?),
        task_id: ReportTaskId::from(task),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes() {
        assert_eq!(report_page_size(Some("0")).unwrap(), 20);
        assert_eq!(report_page_size(Some("20")).unwrap(), 20);
        assert_eq!(report_page_size(Some("3")).unwrap(), 3);
        assert!(matches!(
            report_page_size(Some("21")),
            Err(Error::ReportPageSizeInvalid)
        ));
        assert!(matches!(
            report_page_size(Some("-1")),
            Err(Error::ReportPageSizeInvalid)
        ));
        assert!(matches!(
            report_page_size(None),
            Err(Error::Platform(
                crate::error::PlatformError::FieldValidation(_)
            ))
        ));
        assert!(matches!(
            report_page_size(Some("x")),
            Err(Error::Platform(
                crate::error::PlatformError::FieldValidation(_)
            ))
        ));
    }

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
