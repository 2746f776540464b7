//! The report answers in the vendor's wire shapes (times in seconds), and reports as the admin
//! API lists them.

use openwork_wire::admin;
use openwork_wire::feishu::report as wire;
use openwork_wire::json::{WriteJson, write_bool, write_int, write_string, write_strings};

use crate::admin::ListedReport;
use crate::model::{Report, ReportRule};
use crate::service::{People, ReportTaskPage, RuleView};

impl From<ListedReport> for admin::Report {
    fn from(ListedReport { report, rule_name }: ListedReport) -> Self {
        Self {
            task_id: report.task_id.0,
            rule_id: report.rule_id.0,
            rule_name,
            from_user_id: report.from_user_id.0,
            commit_time: report.commit_time.to_rfc3339(),
            commit_time_ms: report.commit_time.0,
            to_user_ids: report.to_user_ids.into_iter().map(|u| u.0).collect(),
            form_values: report.values,
        }
    }
}

/// `data` of `tasks/query` as written to the answer: the JSON of [`wire::TaskQueryData`] (a
/// test reads it back as that type and writes it again, byte for byte), written straight from
/// the stored reports, their rules and the directory cache's people. Copying each item's dozen
/// strings into owned values and walking serde over them was a third of a page's time.
pub struct TaskQueryBody<'a>(pub &'a ReportTaskPage);

impl WriteJson for TaskQueryBody<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let page = self.0;
        out.extend_from_slice(b"{\"items\":[");
        for (n, report) in page.reports.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            let rule = page.rules.get(&report.rule_id).map(|rule| &**rule);
            write_report(out, report, rule, &page.people);
        }
        out.extend_from_slice(b"],\"has_more\":");
        write_bool(out, page.has_more);
        if let Some(token) = &page.page_token {
            out.extend_from_slice(b",\"page_token\":");
            write_string(out, token);
        }
        out.push(b'}');
    }
}

/// One report as [`wire::ReportTask`] writes it: the sender's first department names the
/// report's department, its form's values follow the rule's field order (attachments and
/// images with an empty value), and users and departments nobody knows are left out of the ID
/// lists (a recipient's name stays, empty).
fn write_report(out: &mut Vec<u8>, report: &Report, rule: Option<&ReportRule>, people: &People) {
    let sender_departments = people.departments_of(&report.from_user_id);
    out.extend_from_slice(b"{\"task_id\":");
    write_string(out, report.task_id.as_str());
    out.extend_from_slice(b",\"rule_name\":");
    write_string(out, rule.map_or("", |r| &r.name));
    out.extend_from_slice(b",\"from_user_id\":");
    write_string(
        out,
        people.external(&report.from_user_id).unwrap_or_default(),
    );
    out.extend_from_slice(b",\"from_user_name\":");
    write_string(out, people.name(&report.from_user_id));
    out.extend_from_slice(b",\"department_name\":");
    write_string(
        out,
        sender_departments
            .first()
            .map_or("", |d| people.department_name(d)),
    );
    out.extend_from_slice(b",\"commit_time\":");
    write_int(out, report.commit_time.seconds());
    out.extend_from_slice(b",\"form_contents\":[");
    let form = rule.map_or(&[][..], |r| &r.form);
    for (n, field) in form.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let value = if field.hides_value() {
            ""
        } else {
            report
                .values
                .get(&field.field_id)
                .map_or("", String::as_str)
        };
        out.extend_from_slice(b"{\"field_id\":");
        write_string(out, &field.field_id);
        out.extend_from_slice(b",\"field_name\":");
        write_string(out, &field.name);
        out.extend_from_slice(b",\"field_value\":");
        write_string(out, value);
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"rule_id\":");
    write_string(out, report.rule_id.as_str());
    out.extend_from_slice(b",\"department_ids\":");
    write_strings(
        out,
        sender_departments
            .iter()
            .filter_map(|d| people.open_department_id(d)),
    );
    out.extend_from_slice(b",\"to_user_ids\":");
    write_strings(out, people.externals(&report.to_user_ids));
    out.extend_from_slice(b",\"to_user_names\":");
    write_strings(out, report.to_user_ids.iter().map(|u| people.name(u)));
    out.push(b'}');
}

/// `rules/query`'s answer.
pub fn rule_list(rules: Vec<RuleView>) -> wire::RuleQueryData {
    wire::RuleQueryData {
        rules: rules.into_iter().map(rule).collect(),
    }
}

fn rule(view: RuleView) -> wire::Rule {
    let rule = view.rule;
    wire::Rule {
        rule_id: rule.rule_id.0,
        name: rule.name,
        icon_name: rule.icon_name,
        created_at: rule.created_at.seconds(),
        creator_user_id: view.creator_user_id,
        creator_user_name: view.creator_user_name,
        owner_user_id: view.owner_user_id,
        owner_user_name: view.owner_user_name,
        form_schema: rule
            .form
            .into_iter()
            .map(|f| wire::FormSchema {
                name: f.name,
                field_type: f.field_type,
            })
            .collect(),
        is_deleted: i64::from(rule.deleted),
        need_report_user_ids: view.need_report_user_ids,
        need_report_department_ids: view.need_report_department_ids,
        need_report_chat_ids: Vec::new(),
        cc_user_ids: view.cc_user_ids,
        cc_department_ids: Vec::new(),
        to_user_ids: view.to_user_ids,
        to_chat_ids: Vec::new(),
        to_leaders: Vec::new(),
        to_department_owners: Vec::new(),
        manager_user_ids: view.manager_user_ids,
        cc_chat_ids: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};
    use std::sync::Arc;

    use openwork_platform::clock::Millis;
    use openwork_platform::directory::{Department, Person, UserIds};
    use openwork_platform::ids::{DepartmentId, UserId, UserIdType};
    use openwork_platform::service::ExternalIds;

    use super::*;
    use crate::model::{FormField, ReportTaskId, RuleId};

    fn field(id: &str, name: &str, field_type: &str) -> FormField {
        FormField {
            field_id: id.to_owned(),
            name: name.to_owned(),
            field_type: field_type.to_owned(),
        }
    }

    fn report(task: &str, rule: &str, from: &str, to: &[&str]) -> Report {
        Report {
            task_id: ReportTaskId::from(task),
            rule_id: RuleId::from(rule),
            from_user_id: UserId::from(from),
            commit_time: Millis(1_718_416_801_999),
            to_user_ids: to.iter().map(|u| UserId::from(*u)).collect(),
            values: BTreeMap::from([
                ("1".to_owned(), "第一 \"周\"\n\u{2028}".to_owned()),
                ("2".to_owned(), "shot.png".to_owned()),
            ]),
        }
    }

    /// What a page's `data` must look like: the answer's bytes read back as the wire type and
    /// written again are the same bytes, so the hand-written answer has exactly the wire type's
    /// fields, in its order, with its values.
    #[test]
    fn a_report_page_writes_what_the_wire_type_writes() {
        let weekly = ReportRule {
            rule_id: RuleId::from("71"),
            name: "周报 \\ weekly".to_owned(),
            icon_name: None,
            owner_user_id: None,
            creator_user_id: None,
            created_at: Millis(0),
            form: vec![field("1", "本周工作", "text"), field("2", "截图", "image")],
            need_report_user_ids: Vec::new(),
            need_report_department_ids: Vec::new(),
            to_user_ids: Vec::new(),
            cc_user_ids: Vec::new(),
            manager_user_ids: Vec::new(),
            deleted: false,
        };
        let ids = |user: &str| {
            Arc::new(UserIds {
                user_id: UserId::from(user),
                open_id: format!("ou_{user}").into(),
                union_id: format!("on_{user}").into(),
            })
        };
        let person = |name: &str, departments: &[&str]| {
            Arc::new(Person {
                name: name.into(),
                department_ids: departments.iter().map(|d| DepartmentId::from(*d)).collect(),
                leader_user_id: None,
            })
        };
        let east = Department {
            department_id: DepartmentId::from("east"),
            name: "华东".to_owned(),
            parent_id: DepartmentId::from("0"),
            leader_user_id: None,
            open_department_id: "od-east".to_owned(),
            chat_id: None,
        };
        let people = People::new(
            ExternalIds::new(UserIdType::OpenId, [ids("a"), ids("b")]),
            HashMap::from([
                (UserId::from("a"), person("甲", &["east", "0", "gone"])),
                (UserId::from("b"), person("乙", &[])),
            ]),
            HashMap::from([(DepartmentId::from("east"), Arc::new(east))]),
        );
        let page = ReportTaskPage {
            reports: vec![
                report("9002", "71", "a", &["b", "nobody"]),
                // A rule nobody knows (deleted rules are read too): no name, no form.
                report("9001", "72", "b", &[]),
            ],
            rules: HashMap::from([(weekly.rule_id.clone(), Arc::new(weekly))]),
            people,
            has_more: true,
            page_token: Some("next".to_owned()),
        };
        let mut written = Vec::new();
        TaskQueryBody(&page).write_json(&mut written);
        let read: wire::TaskQueryData = serde_json::from_slice(&written).unwrap();

        let first = &read.items[0];
        assert_eq!(
            (
                first.task_id.as_str(),
                first.rule_name.as_str(),
                first.from_user_id.as_str(),
                first.from_user_name.as_str(),
                first.department_name.as_str(),
                first.commit_time,
                first.rule_id.as_str(),
            ),
            (
                "9002",
                "周报 \\ weekly",
                "ou_a",
                "甲",
                "华东",
                1_718_416_801,
                "71"
            )
        );
        let form: Vec<(&str, &str, &str)> = first
            .form_contents
            .iter()
            .map(|c| {
                (
                    c.field_id.as_str(),
                    c.field_name.as_str(),
                    c.field_value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            form,
            [
                ("1", "本周工作", "第一 \"周\"\n\u{2028}"),
                ("2", "截图", "")
            ],
            "the rule's order; an image's value left empty"
        );
        assert_eq!(
            first.department_ids,
            ["od-east", "0"],
            "an unknown department is left out"
        );
        assert_eq!(
            first.to_user_ids,
            ["ou_b"],
            "an unknown recipient is left out of the IDs"
        );
        assert_eq!(
            first.to_user_names,
            ["乙", ""],
            "and named with an empty name"
        );
        let second = &read.items[1];
        assert_eq!(
            (second.rule_name.as_str(), second.department_name.as_str()),
            ("", "")
        );
        assert!(second.form_contents.is_empty() && second.department_ids.is_empty());
        assert_eq!(
            (read.has_more, read.page_token.as_deref()),
            (true, Some("next"))
        );
        assert_eq!(
            String::from_utf8(serde_json::to_vec(&read).unwrap()).unwrap(),
            String::from_utf8(written).unwrap()
        );

        let last = ReportTaskPage {
            has_more: false,
            page_token: None,
            ..page
        };
        let mut written = Vec::new();
        TaskQueryBody(&last).write_json(&mut written);
        let read: wire::TaskQueryData = serde_json::from_slice(&written).unwrap();
        assert_eq!(
            serde_json::to_vec(&read).unwrap(),
            written,
            "no page_token on the last page"
        );
    }
}
