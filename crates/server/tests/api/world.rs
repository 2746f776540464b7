//! The test world: tenants, apps and a semester with stage tasks in every status, written as
//! data so that the expected answers can be computed independently of the server (an oracle
//! implementing docs/semantics.md, "Performance", in the plainest way).

use std::fmt::Write;

pub const SEMESTER: &str = "7100000000000000001";
pub const OTHER_SEMESTER: &str = "7100000000000000099";
/// 2024-06-15T10:00:00+08:00
pub const NOW_MS: i64 = 1_718_416_800_000;

pub const FULL_APP: (&str, &str) = ("cli_full", "full-secret");
pub const NO_SCOPE_APP: (&str, &str) = ("cli_noscope", "none-secret");
/// Performance scopes but not the employee-id scope, and another developer.
pub const PARTNER_APP: (&str, &str) = ("cli_partner", "partner-secret");
/// Only `performance:semester:read`.
pub const SEMESTER_READER_APP: (&str, &str) = ("cli_semesters", "semesters-secret");
/// Only `performance:review_template:read`.
pub const TEMPLATE_READER_APP: (&str, &str) = ("cli_templates", "templates-secret");
pub const OTHER_TENANT_APP: (&str, &str) = ("cli_other", "other-secret");
pub const UNLICENSED_APP: (&str, &str) = ("cli_unlicensed", "unlicensed-secret");

pub struct StageSpec {
    pub id: &'static str,
    pub deadline_ms: i64,
    pub paused: bool,
}

pub const STAGES: [StageSpec; 4] = [
    // 2024-03-31T23:59:59+08:00: passed
    StageSpec {
        id: "7200000000000000001",
        deadline_ms: 1_711_900_799_000,
        paused: false,
    },
    // 2024-06-30T23:59:59+08:00
    StageSpec {
        id: "7200000000000000002",
        deadline_ms: 1_719_763_199_000,
        paused: false,
    },
    // 2024-07-31T23:59:59+08:00, paused
    StageSpec {
        id: "7200000000000000003",
        deadline_ms: 1_722_441_599_000,
        paused: true,
    },
    // 2024-06-20T23:59:59+08:00: five days after NOW_MS
    StageSpec {
        id: "7200000000000000004",
        deadline_ms: 1_718_899_199_000,
        paused: false,
    },
];

pub const USERS: usize = 26;

pub fn user_id(i: usize) -> String {
    format!("u{i:02}")
}

/// (stage index, user number, need_todo, finished)
pub fn tasks() -> Vec<(usize, usize, i64, i64)> {
    let mut tasks = Vec::new();
    for i in 1..=25 {
        tasks.push((0, i, 2, if i % 3 == 0 { 2 } else { 1 }));
        if i % 2 == 1 {
            tasks.push((1, i, 3, if i % 5 == 0 { 3 } else { 0 }));
        }
        if i <= 10 {
            tasks.push((2, i, 1, 0));
        }
        if i >= 20 {
            tasks.push((3, i, 1, 0));
        }
    }
    // u26 has no task at all.
    tasks
}

fn tenant(
    out: &mut String,
    key: &str,
    licensed: bool,
    allow_late: bool,
    apps: &[(&str, &str, &str, &[&str])],
    semester: &str,
) {
    writeln!(out, "  - tenant_key: {key}\n    clock: {NOW_MS}\n    performance: {{ licensed: {licensed}, allow_late_submission: {allow_late} }}\n    apps:").unwrap();
    for (id, secret, developer, scopes) in apps {
        writeln!(out, "      - {{ app_id: {id}, app_secret: {secret}, developer: {developer}, scopes: [{}] }}", scopes.join(", ")).unwrap();
    }
    writeln!(
        out,
        "    departments: [{{ department_id: d1, name: D1 }}]\n    users:"
    )
    .unwrap();
    for i in 1..=USERS {
        writeln!(
            out,
            "      - {{ user_id: {}, name: User {i}, department_ids: [d1] }}",
            user_id(i)
        )
        .unwrap();
    }
    writeln!(out, "    semesters:\n      - semester_id: \"{semester}\"\n        name: {{ zh-CN: 测试周期, en-US: Test semester }}\n        year: 2024\n        type_group: Semi-annual\n        type: H1\n        start_time: \"2024-01-01T00:00:00+08:00\"\n        end_time: \"2024-06-30T23:59:59+08:00\"\n        create_user_id: u01\n        stages:").unwrap();
    for (s, stage) in STAGES.iter().enumerate() {
        writeln!(out, "          - stage_id: \"{}\"\n            name: {{ zh-CN: 环节{s}, en-US: stage {s} }}\n            deadline: {}\n            paused: {}\n            tasks:", stage.id, stage.deadline_ms, stage.paused).unwrap();
        for (_, i, need, finished) in tasks().into_iter().filter(|t| t.0 == s) {
            writeln!(
                out,
                "              - {{ user_id: {}, need_todo: {need}, finished: {finished} }}",
                user_id(i)
            )
            .unwrap();
        }
    }
}

const PERF_READ: &str = "performance:performance:readonly";
const EMPLOYEE_ID: &str = "contact:user.employee_id:readonly";

/// The whole fixture: tenant `acme` (strict deadlines), `lenient` (late submission allowed),
/// `other` (isolation) and `unlicensed`.
pub fn fixture() -> String {
    let mut out = String::from("version: 1\ntenants:\n");
    tenant(
        &mut out,
        "acme",
        true,
        false,
        &[
            (FULL_APP.0, FULL_APP.1, "acme", &[PERF_READ, EMPLOYEE_ID]),
            (NO_SCOPE_APP.0, NO_SCOPE_APP.1, "acme", &[]),
            (
                PARTNER_APP.0,
                PARTNER_APP.1,
                "partner",
                &["performance:performance"],
            ),
            (
                SEMESTER_READER_APP.0,
                SEMESTER_READER_APP.1,
                "acme",
                &["performance:semester:read"],
            ),
            (
                TEMPLATE_READER_APP.0,
                TEMPLATE_READER_APP.1,
                "acme",
                &["performance:review_template:read"],
            ),
        ],
        SEMESTER,
    );
    out.push_str("    review_templates:\n");
    for t in 1..=7 {
        writeln!(out, "      - review_template_id: \"73000000000000000{t:02}\"\n        name: {{ zh_cn: 模板{t}, en_us: Template {t} }}\n        status: enabled\n        templates: [{{ template_id: \"74000000000000000{t:02}\", name: {{ zh_cn: 评估, en_us: Review }}, stage_type: review, review_stage_role: reviewee }}]\n        units: [{{ unit_id: \"75000000000000000{t:02}\", name: {{ zh_cn: 业绩, en_us: Results }}, fields: [{{ field_id: \"76000000000000000{t:02}\", name: {{ zh_cn: 评分, en_us: Score }} }}] }}]").unwrap();
    }
    tenant(
        &mut out,
        "lenient",
        true,
        true,
        &[(
            "cli_lenient",
            "lenient-secret",
            "lenient",
            &[PERF_READ, EMPLOYEE_ID],
        )],
        "7100000000000000050",
    );
    tenant(
        &mut out,
        "other",
        true,
        false,
        &[(
            OTHER_TENANT_APP.0,
            OTHER_TENANT_APP.1,
            "other",
            &[PERF_READ, EMPLOYEE_ID],
        )],
        OTHER_SEMESTER,
    );
    tenant(
        &mut out,
        "unlicensed",
        false,
        false,
        &[(
            UNLICENSED_APP.0,
            UNLICENSED_APP.1,
            "unlicensed",
            &[PERF_READ, EMPLOYEE_ID],
        )],
        "7100000000000000077",
    );
    out
}

/// One expected stage task: (stage_id, status, option).
pub type Expected = (String, &'static str, i64);

/// The oracle: each user's matching tasks (ordered by deadline, then stage_id), for a filter.
pub fn expected(
    options: &[i64],
    after: Option<i64>,
    before: Option<i64>,
    now: i64,
    allow_late: bool,
) -> Vec<(String, Vec<Expected>)> {
    let mut by_user: Vec<(String, Vec<(i64, Expected)>)> = Vec::new();
    for i in 1..=USERS {
        let mut matching = Vec::new();
        for (s, _, need, finished) in tasks().into_iter().filter(|t| t.1 == i) {
            let stage = &STAGES[s];
            let (status, option) = if stage.paused {
                ("stage_pause", 1)
            } else if finished >= need {
                ("all_done", 2)
            } else if !allow_late && stage.deadline_ms < now {
                ("overdue", 3)
            } else {
                ("need_todo", 1)
            };
            let in_window = after.is_none_or(|a| a <= stage.deadline_ms)
                && before.is_none_or(|b| stage.deadline_ms <= b);
            if in_window && (options.is_empty() || options.contains(&option)) {
                matching.push((stage.deadline_ms, (stage.id.to_owned(), status, option)));
            }
        }
        matching.sort_by(|a, b| (a.0, &a.1.0).cmp(&(b.0, &b.1.0)));
        if !matching.is_empty() {
            by_user.push((user_id(i), matching));
        }
    }
    by_user
        .into_iter()
        .map(|(user, tasks)| (user, tasks.into_iter().map(|(_, t)| t).collect()))
        .collect()
}
