//! The compatibility harness's checks of openwork-sdk (run by `compat/run`): every API the SDK
//! wraps, against a server loaded with `compat/fixture.yaml`, compared with the fixture's values.
//! Writes one JSON line per check, as the Python and Node checks do.
//!
//! `cargo run -p openwork-sdk --example compat -- --base URL --results FILE --admin-token TOKEN`

use std::cell::{Cell, RefCell};
use std::fs::OpenOptions;
use std::future::Future;
use std::io::Write;

use futures::TryStreamExt;
use openwork_sdk::SdkError;
use openwork_sdk::admin::AdminClient;
use openwork_sdk::dingtalk::DingTalkClient;
use openwork_sdk::feishu::{
    ActivityQuery, AdditionalInfoImport, AdditionalInfoItem, AdditionalInfoQuery, FeishuClient,
    IndicatorQuery, MetricDetailImport, MetricDetailItem, MetricDetailQuery, MetricLibQuery,
    MetricTagQuery, MetricTemplateQuery, QuestionQuery, ReportTaskQuery, ReviewDataV1Query,
    ReviewDataV2Query, ReviewTemplateQuery, RevieweeQuery, StageTaskQuery, UserGroupWrite,
    UserInfoQuery,
};
use openwork_sdk::wire::admin::{Tasklist, TasklistProject};
use openwork_sdk::wire::dingtalk::workspace::TaskInput;
use openwork_sdk::wire::feishu::contact::{BatchDepartment, BatchUser};
use openwork_sdk::wire::feishu::performance::{
    AdditionalInformation, MetricInLibrary, MetricTemplate, RevieweeMetric, SemesterListQuery,
    UserRef,
};
use serde_json::json;

const SDK: &str = "openwork-sdk";
const APP: (&str, &str) = ("cli_compat_rust", "rust-secret");
const NO_SCOPE: (&str, &str) = ("cli_compat_noscope", "noscope-secret");
const SEMESTER: &str = "7300000000000000001";
/// The fixture's second semester (2023, no stages).
const ANNUAL_SEMESTER: &str = "7300000000000000002";
/// The activities of the semester whose groups (compat_rd, compat_ops) no client writes.
const REVIEW_ACTIVITY: &str = "7310000000000000001";
const METRIC_ACTIVITY: &str = "7310000000000000002";
/// The user group only these checks write; no activity reviews it.
const RUST_GROUP: &str = "compat_rust";
const RULE: &str = "7500000000000000001";
/// The semester's additional information (补充信息) as the fixture seeds it: item ID, external
/// ID (empty when none), reviewee, item, time, description, by item ID. These checks import,
/// update and delete only items with the external IDs rust-… and contents of their own; the
/// other clients' (py-…, node-…) are left out of what they compare.
const ADDITIONAL_INFOS: [[&str; 6]; 3] = [
    [
        "7360000000000000001",
        "compat-okr-1",
        "c01",
        "主导评审",
        "2024-03",
        "按期上线",
    ],
    [
        "7360000000000000002",
        "compat-okr-2",
        "c02",
        "带新人",
        "2024-04-01",
        "带两名新人入职",
    ],
    [
        "7360000000000000003",
        "",
        "c01",
        "值班",
        "2024-05",
        "五月值班",
    ],
];
const OTHER_CLIENTS_INFOS: [&str; 2] = ["py-", "node-"];
const UNKNOWN_INFO: &str = "7369999999999999999";
/// The metric tags (关键指标) by tag ID: ID, English name, index (an unset one is the tag's place
/// in the fixture's list), create and update times (an unset update time is the creation).
const METRIC_TAGS: [(&str, &str, i64, &str, &str); 3] = [
    (
        "7370000000000000001",
        "Business",
        1,
        "1704074400000",
        "1704074400000",
    ),
    (
        "7370000000000000002",
        "Efficiency",
        5,
        "1704160800000",
        "1704160800000",
    ),
    (
        "7370000000000000003",
        "Quality",
        0,
        "1704247200000",
        "1706752800000",
    ),
];
/// The metric fields by field ID: ID, Chinese name, type.
const METRIC_FIELDS: [(&str, &str, &str); 4] = [
    ("7380000000000000001", "目标值", "number"),
    ("7380000000000000002", "完成率", "pencentage"),
    ("7380000000000000003", "说明", "text"),
    ("7380000000000000004", "负责人", "person"),
];
/// A metric of [`METRICS`]: ID, type, tag IDs, scoring, range of availability, active.
type MetricEntry = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    bool,
);
/// The metric library by metric ID: ID, type, tag IDs, scoring, range of availability, active.
const METRICS: [MetricEntry; 4] = [
    (
        "7390000000000000001",
        "7391000000000000001",
        &["7370000000000000003", "7370000000000000001"],
        "score_by_formula",
        "only_admins",
        true,
    ),
    (
        "7390000000000000002",
        "7391000000000000002",
        &["7370000000000000003"],
        "score_manually",
        "admins_and_reviewees",
        true,
    ),
    (
        "7390000000000000003",
        "7391000000000000001",
        &["7370000000000000002"],
        "score_manually",
        "admins_and_reviewees",
        false,
    ),
    (
        "7390000000000000004",
        "7391000000000000002",
        &["7370000000000000001"],
        "score_by_formula",
        "admins_and_reviewees",
        true,
    ),
];
/// A metric as [`METRICS`] lists it.
type MetricRow<'a> = (&'a str, &'a str, Vec<&'a str>, &'a str, &'a str, bool);
/// A library metric's field: ID, input setting, value, the person's user ID.
type FieldRow<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);
/// The library metrics by metric ID, as a template answers each metric it sets: ID, name, fields
/// (in the fixture's order) and data-source inputters (user IDs).
type MetricDetails = (
    &'static str,
    &'static str,
    &'static [FieldRow<'static>],
    &'static [&'static str],
);
const METRIC_DETAILS: [MetricDetails; 4] = [
    (
        "7390000000000000001",
        "季度营收",
        &[
            ("7380000000000000001", "admin", Some("1000000"), None),
            ("7380000000000000004", "admin", None, Some("c01")),
            ("7380000000000000002", "data_source_inputter", None, None),
        ],
        &["c03", "c02"],
    ),
    (
        "7390000000000000002",
        "故障数",
        &[
            ("7380000000000000003", "reviewee", None, None),
            ("7380000000000000004", "reviewee", None, None),
        ],
        &[],
    ),
    ("7390000000000000003", "交付效率", &[], &[]),
    (
        "7390000000000000004",
        "客户满意度",
        &[("7380000000000000001", "admin", Some("95"), None)],
        &[],
    ),
];
/// A template's dimension: ID, names (zh, en), weight (unset: left out), descriptions (zh, en).
type DimensionRow<'a> = (&'a str, [&'a str; 2], Option<&'a str>, [&'a str; 2]);
/// A library metric a template sets: metric ID, dimension ID, min, max (unset: left out).
type TemplateMetricEntry = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);
/// A metric template of [`METRIC_TEMPLATES`]: ID, names (zh, en), descriptions (zh, en), status,
/// total score method, weight method, dimensions and metrics in the fixture's order.
type TemplateEntry = (
    &'static str,
    [&'static str; 2],
    [&'static str; 2],
    &'static str,
    &'static str,
    &'static str,
    &'static [DimensionRow<'static>],
    &'static [TemplateMetricEntry],
);
/// The metric templates by ID. An unset description is empty in both languages.
const METRIC_TEMPLATES: [TemplateEntry; 3] = [
    (
        "7393000000000000001",
        ["研发指标", "R&D metrics"],
        ["研发团队的关键指标", "Key metrics of R&D"],
        "enabled",
        "weight",
        "total_sum_of_all_metric_weight_equals_1",
        &[
            (
                "7394000000000000011",
                ["业绩", "Results"],
                Some("70"),
                ["业务结果", "Business results"],
            ),
            (
                "7394000000000000012",
                ["质量", "Quality"],
                Some("30"),
                ["", ""],
            ),
        ],
        &[
            (
                "7390000000000000001",
                "7394000000000000011",
                Some("0"),
                Some("120"),
            ),
            (
                "7390000000000000002",
                "7394000000000000012",
                Some("0"),
                None,
            ),
            ("7390000000000000004", "7394000000000000011", None, None),
        ],
    ),
    (
        "7393000000000000002",
        ["运营指标", "Ops metrics"],
        ["", ""],
        "disabled",
        "sum",
        "sum_of_metric_weights_for_each_dimension_equals_1",
        &[(
            "7394000000000000021",
            ["效率", "Efficiency"],
            None,
            ["", ""],
        )],
        &[(
            "7390000000000000003",
            "7394000000000000021",
            None,
            Some("100"),
        )],
    ),
    (
        "7393000000000000003",
        ["待启用指标", "Pending metrics"],
        ["", ""],
        "to_be_activated",
        "formula",
        "total_sum_of_all_metric_weight_equals_1",
        &[(
            "7394000000000000031",
            ["综合", "Overall"],
            Some("100"),
            ["", ""],
        )],
        &[(
            "7390000000000000002",
            "7394000000000000031",
            Some("1"),
            Some("10"),
        )],
    ),
];
/// A library metric as a template sets it: ID, name, type, fields, from the library, scoring,
/// inputters, dimension ID, min, max.
type TemplateMetricRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Vec<FieldRow<'a>>,
    bool,
    &'a str,
    Vec<Option<&'a str>>,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
);
/// A metric template as the answer has it: ID, names, descriptions, status, set by group, total
/// score method, weight method, dimensions, metrics, number of groups.
type TemplateRow<'a> = (
    &'a str,
    [&'a str; 2],
    [&'a str; 2],
    &'a str,
    bool,
    &'a str,
    &'a str,
    Vec<DimensionRow<'a>>,
    Vec<TemplateMetricRow<'a>>,
    usize,
);
/// Metric details (指标明细): the activity 兼容指标 names the template 研发指标, so its reviewees
/// (c01, c02, c03 of compat_rd, c07, c08 of compat_ops) have the template's metrics. The fixture
/// loads c01's values, which no check writes; each client imports into a reviewee of its own
/// (these checks c07, lark-oapi c02, the Node SDK c03), so that what it reads back is its own.
const DETAILS_TEMPLATE: &str = "7393000000000000001";
/// The semester's kpi_metric_setting stage: it has no tasks, so its status is 0 for everyone.
const METRIC_STAGE: (&str, &str, i64) = ("7300000000000000013", "kpi_metric_setting", 0);
const RUST_REVIEWEE: &str = "c07";
const RUST_METRIC_TOKEN: &str = "compat-rust-metric-1";
/// A value written into a reviewee's metric: metric ID, field ID, value, the person's user ID.
type WrittenValue = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);
/// c01's values as the fixture loads them.
const FIXTURE_METRIC_VALUES: [WrittenValue; 3] = [
    (
        "7390000000000000001",
        "7380000000000000002",
        Some("92.5"),
        None,
    ),
    (
        "7390000000000000002",
        "7380000000000000003",
        Some("兼容说明"),
        None,
    ),
    (
        "7390000000000000002",
        "7380000000000000004",
        None,
        Some("c02"),
    ),
];
/// What these checks import for c07.
const RUST_METRIC_VALUES: [WrittenValue; 3] = [
    (
        "7390000000000000001",
        "7380000000000000002",
        Some("0"),
        None,
    ),
    (
        "7390000000000000002",
        "7380000000000000003",
        Some("Rust 导入的说明"),
        None,
    ),
    (
        "7390000000000000002",
        "7380000000000000004",
        None,
        Some("c12"),
    ),
];
/// A reviewee metric as `metric_details/query` answers it: reviewee, template ID, metric ID,
/// name, dimension ID, dimension names (zh, en), weight, `add_from`, from the library, fields
/// (ID, value, person) and stage statuses (ID, type, status).
type DetailRow = (
    String,
    String,
    String,
    String,
    String,
    [String; 2],
    Option<String>,
    String,
    bool,
    Vec<(String, Option<String>, Option<String>)>,
    Vec<(String, String, i64)>,
);
/// The fixture's own workspace task (`compat`/`fixture-1`).
const FIXTURE_TASK: &str = "7600000000000000001";
/// The project and the task list only these checks touch.
const RUST_PROJECT: &str = "rust-project";
const TASKLIST_USER: &str = "c12";

type Outcome = Result<String, String>;
/// An indicator's levels as (ID, label), a question's tags as (ID, English name).
type IdPairs<'a> = Vec<(&'a str, &'a str)>;

struct Harness {
    base: String,
    admin: AdminClient,
    results: RefCell<std::fs::File>,
    failures: Cell<usize>,
}

impl Harness {
    fn from_args() -> Self {
        let args: Vec<String> = std::env::args().collect();
        let value = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .cloned()
                .unwrap_or_else(|| panic!("{name} is required"))
        };
        let base = value("--base");
        Self {
            admin: AdminClient::new(&base, value("--admin-token")),
            results: RefCell::new(
                OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(value("--results"))
                    .expect("the results file"),
            ),
            base,
            failures: Cell::new(0),
        }
    }

    async fn check(&self, endpoint: &str, name: &str, run: impl Future<Output = Outcome>) {
        let (result, detail) = match run.await {
            Ok(detail) => ("PASS", detail),
            Err(detail) => {
                self.failures.set(self.failures.get() + 1);
                ("FAIL", detail)
            }
        };
        let line = json!({
            "sdk": SDK, "sdk_version": env!("CARGO_PKG_VERSION"), "endpoint": endpoint,
            "check": name, "result": result, "detail": detail,
        });
        writeln!(self.results.borrow_mut(), "{line}").expect("write a result");
    }

    fn feishu(&self, (app_id, secret): (&str, &str)) -> FeishuClient {
        // No retry of rate-limited calls here: a check must see what the server answers.
        FeishuClient::new(app_id, secret)
            .with_base_url(&self.base)
            .with_rate_limit_retries(0)
    }
}

fn expect(condition: bool, message: impl Into<String>) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(message.into())
    }
}

/// The call must fail with this Feishu code.
fn expect_code<T: std::fmt::Debug>(result: Result<T, SdkError>, code: i64) -> Outcome {
    match result {
        Err(err) if err.feishu_code() == Some(code) => Ok(format!("refused: {err}")),
        other => Err(format!("expected code {code}, got {other:?}")),
    }
}

/// The call must fail with this DingTalk errcode.
fn expect_dingtalk<T: std::fmt::Debug>(result: Result<T, SdkError>, errcode: i64) -> Outcome {
    match result {
        Err(err @ SdkError::DingTalk { errcode: got, .. }) if got == errcode => {
            Ok(format!("refused: {err}"))
        }
        other => Err(format!("expected errcode {errcode}, got {other:?}")),
    }
}

/// The call must fail as the gateway answers a missing task: errcode 88, sub_code 60121.
fn expect_task_missing<T: std::fmt::Debug>(result: Result<T, SdkError>) -> Outcome {
    match result {
        Err(SdkError::DingTalk {
            errcode: 88,
            sub_code: Some(sub),
            ..
        }) if sub == "60121" => Ok(String::new()),
        other => Err(format!("expected 88/60121, got {other:?}")),
    }
}

fn failed<E: std::fmt::Display>(err: E) -> String {
    err.to_string()
}

/// Each user's stage statuses by the fixture: the self review (deadline 2024-06-10, passed) is
/// done by every third user and overdue for the rest; the leader review (paused) belongs to
/// c01..c06.
fn expected_statuses(user: usize) -> Vec<&'static str> {
    let first = if user % 3 == 0 { "all_done" } else { "overdue" };
    if user <= 6 {
        vec![first, "stage_pause"]
    } else {
        vec![first]
    }
}

async fn performance(h: &Harness) {
    let client = h.feishu(APP);
    let endpoint = "POST /open-apis/performance/v1/stage_tasks/find_by_page";
    h.check(
        endpoint,
        "walks every page and matches the fixture",
        async {
            let query = StageTaskQuery::semester(SEMESTER)
                .page_size(5)
                .user_id_type("user_id");
            let users: Vec<_> = client
                .stage_tasks(query)
                .try_collect()
                .await
                .map_err(failed)?;
            let ids: Vec<String> = users.iter().map(|u| u.user_id.clone()).collect();
            let expected: Vec<String> = (1..=12).map(|i| format!("c{i:02}")).collect();
            expect(ids == expected, format!("users {ids:?}"))?;
            for (i, user) in users.iter().enumerate() {
                let statuses: Vec<&str> = user
                    .stage_task_info_lists
                    .iter()
                    .map(|t| t.stage_task_status.as_str())
                    .collect();
                expect(
                    statuses == expected_statuses(i + 1),
                    format!("{}: {statuses:?}", user.user_id),
                )?;
            }
            Ok(format!("{} users over 3 pages", users.len()))
        },
    )
    .await;
    h.check(endpoint, "filters by task option", async {
        let query = StageTaskQuery::semester(SEMESTER)
            .options(&[2])
            .user_id_type("user_id");
        let users: Vec<_> = client
            .stage_tasks(query)
            .try_collect()
            .await
            .map_err(failed)?;
        let ids: Vec<&str> = users.iter().map(|u| u.user_id.as_str()).collect();
        expect(ids == ["c03", "c06", "c09", "c12"], format!("{ids:?}"))?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "an app without the scope gets 99991672", async {
        let query = StageTaskQuery::semester(SEMESTER);
        expect_code(
            h.feishu(NO_SCOPE)
                .find_stage_tasks_by_page(&query, None)
                .await,
            99991672,
        )
    })
    .await;
    h.check(endpoint, "page_size 51 gets 1580102", async {
        let query = StageTaskQuery::semester(SEMESTER).page_size(51);
        expect_code(client.find_stage_tasks_by_page(&query, None).await, 1580102)
    })
    .await;

    let endpoint = "POST /open-apis/performance/v1/stage_tasks/find_by_user_list";
    h.check(
        endpoint,
        "keeps the caller's order and leaves unknown users out",
        async {
            let query = StageTaskQuery::semester(SEMESTER).user_id_type("user_id");
            let data = client
                .find_stage_tasks_by_user_list(&query, &["c05", "nobody", "c02"])
                .await
                .map_err(failed)?;
            let ids: Vec<&str> = data.items.iter().map(|u| u.user_id.as_str()).collect();
            expect(ids == ["c05", "c02"], format!("{ids:?}"))?;
            expect(
                data.base.semester_name.zh_cn.as_deref() == Some("兼容性周期"),
                "semester name",
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(endpoint, "an unknown semester gets 1580102", async {
        let query = StageTaskQuery::semester("1");
        expect_code(
            client.find_stage_tasks_by_user_list(&query, &["c01"]).await,
            1580102,
        )
    })
    .await;

    let endpoint = "GET /open-apis/performance/v1/semesters";
    h.check(endpoint, "lists the fixture's semester", async {
        let query = SemesterListQuery {
            year: Some("2024".into()),
            user_id_type: Some("user_id".into()),
            ..SemesterListQuery::default()
        };
        let items = client.list_semesters(&query).await.map_err(failed)?;
        expect(
            items.len() == 1 && items[0].id == SEMESTER,
            format!("{items:?}"),
        )?;
        expect(
            items[0].create_user_id.as_deref() == Some("c01"),
            "create_user_id",
        )?;
        expect(
            items[0].start_time == "1704038400000" && items[0].semester_type == "H1",
            "times and type",
        )?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "year 10000 gets 1580102", async {
        let query = SemesterListQuery {
            year: Some("10000".into()),
            ..SemesterListQuery::default()
        };
        expect_code(client.list_semesters(&query).await, 1580102)
    })
    .await;

    let endpoint = "POST /open-apis/performance/v2/review_templates/query";
    h.check(endpoint, "walks every page in ID order", async {
        let query = ReviewTemplateQuery {
            ids: Vec::new(),
            page_size: Some(2),
        };
        let ids: Vec<String> = client
            .review_templates(query)
            .map_ok(|t| t.review_template_id)
            .try_collect()
            .await
            .map_err(failed)?;
        let expected: Vec<String> = (1..=5)
            .map(|i| format!("74000000000000000{i:02}"))
            .collect();
        expect(ids == expected, format!("{ids:?}"))?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "page_size 51 gets 1580102", async {
        let query = ReviewTemplateQuery {
            ids: Vec::new(),
            page_size: Some(51),
        };
        expect_code(client.query_review_templates(&query, None).await, 1580102)
    })
    .await;
}

async fn review_config(h: &Harness) {
    let client = h.feishu(APP);
    let endpoint = "POST /open-apis/performance/v2/activity/query";
    h.check(
        endpoint,
        "every activity of both semesters, in ID order",
        async {
            let activities = client
                .query_activities(
                    &ActivityQuery::semesters(&[ANNUAL_SEMESTER, SEMESTER]).user_id_type("user_id"),
                )
                .await
                .map_err(failed)?;
            let got: Vec<(&str, &str, &str, &str)> = activities
                .iter()
                .map(|a| {
                    (
                        a.id.as_str(),
                        a.semester_id.as_str(),
                        a.mode.as_str(),
                        a.progress.as_str(),
                    )
                })
                .collect();
            let expected = [
                (REVIEW_ACTIVITY, SEMESTER, "performance_review", "enabled"),
                (METRIC_ACTIVITY, SEMESTER, "metric_development", "unable"),
                (
                    "7310000000000000003",
                    SEMESTER,
                    "performance_review",
                    "initiating",
                ),
                (
                    "7310000000000000004",
                    SEMESTER,
                    "metric_development_and_performance_review",
                    "finished",
                ),
                (
                    "7320000000000000001",
                    ANNUAL_SEMESTER,
                    "performance_review",
                    "configurable",
                ),
            ];
            expect(got == expected, format!("{got:?}"))?;
            let first = &activities[0];
            expect(
                first.name.zh_cn == "兼容评估"
                    && first.description.en_us == "Compat performance review",
                format!("names {:?} {:?}", first.name, first.description),
            )?;
            // 2024-01-02T09:00:00+08:00 and 2024-01-03T09:00:00+08:00.
            expect(
                first.create_time == "1704157200000" && first.modify_time == "1704243600000",
                format!("times {} {}", first.create_time, first.modify_time),
            )?;
            expect(
                first.create_user_id.as_deref() == Some("c01")
                    && first.modify_user_id.as_deref() == Some("c02"),
                "create and modify users",
            )?;
            Ok(format!("{} activities", activities.len()))
        },
    )
    .await;
    h.check(
        endpoint,
        "activity_ids win over semester_ids; unknown IDs left out",
        async {
            // The semester is ignored when activities are listed.
            let query =
                ActivityQuery::ids(&[METRIC_ACTIVITY, "7319999999999999999", REVIEW_ACTIVITY]);
            let ids: Vec<String> = client
                .query_activities(&query)
                .await
                .map_err(failed)?
                .into_iter()
                .map(|a| a.id)
                .collect();
            expect(
                ids == [REVIEW_ACTIVITY, METRIC_ACTIVITY],
                format!("{ids:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;

    let endpoint = "POST /open-apis/performance/v2/reviewees/query";
    h.check(
        endpoint,
        "walks every page: the members of the activities' groups",
        async {
            let query = RevieweeQuery::semester(SEMESTER)
                .activities(&[REVIEW_ACTIVITY, METRIC_ACTIVITY])
                .page_size(2)
                .user_id_type("user_id");
            let reviewees: Vec<_> = client
                .reviewees(query)
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<(String, Vec<String>)> = reviewees
                .iter()
                .map(|r| {
                    (
                        r.reviewee_user_id.user_id.clone().unwrap_or_default(),
                        r.activity_ids.clone(),
                    )
                })
                .collect();
            let both = vec![REVIEW_ACTIVITY.to_owned(), METRIC_ACTIVITY.to_owned()];
            let metric = vec![METRIC_ACTIVITY.to_owned()];
            let expected: Vec<(String, Vec<String>)> = [
                ("c01", &both),
                ("c02", &both),
                ("c03", &both),
                ("c07", &metric),
                ("c08", &metric),
            ]
            .into_iter()
            .map(|(user, activities)| (user.to_owned(), activities.clone()))
            .collect();
            expect(got == expected, format!("{got:?}"))?;
            let c01 = h
                .admin
                .user_ids("compat", "c01", APP.0)
                .await
                .map_err(failed)?;
            expect(
                reviewees[0].reviewee_user_id.open_id.as_deref() == Some(c01.open_id.as_str()),
                "open_id of c01",
            )?;
            Ok(format!("{} reviewees over 3 pages", reviewees.len()))
        },
    )
    .await;
    h.check(
        endpoint,
        "user_ids narrow the list; unknown users left out",
        async {
            let query = RevieweeQuery::semester(SEMESTER)
                .activities(&[REVIEW_ACTIVITY])
                .users(&["c03", "nobody", "c07", "c01"])
                .user_id_type("user_id");
            let data = client.query_reviewees(&query, None).await.map_err(failed)?;
            let ids: Vec<&str> = data
                .reviewees
                .iter()
                .filter_map(|r| r.reviewee_user_id.user_id.as_deref())
                .collect();
            expect(ids == ["c01", "c03"], format!("{ids:?}"))?;
            expect(
                data.semester_id == SEMESTER && !data.has_more && data.page_token.is_none(),
                "one page",
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(endpoint, "an unknown semester gets 1580102", async {
        let query = RevieweeQuery::semester("7300000000000000099");
        expect_code(client.query_reviewees(&query, None).await, 1580102)
    })
    .await;

    let endpoint = "POST /open-apis/performance/v2/indicators/query";
    h.check(
        endpoint,
        "walks every page in ID order, levels as in the fixture",
        async {
            let indicators: Vec<_> = client
                .indicators(IndicatorQuery::all().page_size(2))
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<(&str, &str, &str, IdPairs)> = indicators
                .iter()
                .map(|i| {
                    (
                        i.id.as_str(),
                        i.name.en_us.as_str(),
                        i.indicator_type.as_str(),
                        i.options
                            .iter()
                            .map(|o| (o.id.as_str(), o.lable.as_str()))
                            .collect(),
                    )
                })
                .collect();
            let expected = vec![
                (
                    "7330000000000000001",
                    "Results",
                    "general_review_item",
                    vec![
                        ("7330000000000000011", "S"),
                        ("7330000000000000012", "A"),
                        ("7330000000000000013", "C"),
                    ],
                ),
                ("7330000000000000002", "Bonus", "plus", vec![]),
                (
                    "7330000000000000003",
                    "Values",
                    "okr_review_item",
                    vec![("7330000000000000031", "M")],
                ),
            ];
            expect(got == expected, format!("{got:?}"))?;
            expect(
                indicators[0].options[2].name.zh_cn == "待改进",
                "a level's name",
            )?;
            Ok(format!("{} indicators over 2 pages", indicators.len()))
        },
    )
    .await;
    h.check(endpoint, "listed IDs only, unknown ones left out", async {
        let query = IndicatorQuery::all().ids(&[
            "7330000000000000003",
            "7339999999999999999",
            "7330000000000000001",
        ]);
        let data = client
            .query_indicators(&query, None)
            .await
            .map_err(failed)?;
        let ids: Vec<&str> = data.indicators.iter().map(|i| i.id.as_str()).collect();
        expect(
            ids == ["7330000000000000001", "7330000000000000003"] && !data.has_more,
            format!("{ids:?}"),
        )?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "page_size 51 gets 1580102", async {
        expect_code(
            client
                .query_indicators(&IndicatorQuery::all().page_size(51), None)
                .await,
            1580102,
        )
    })
    .await;

    let endpoint = "POST /open-apis/performance/v2/questions/query";
    h.check(
        endpoint,
        "walks every page in ID order, tags as in the fixture",
        async {
            let questions: Vec<_> = client
                .questions(QuestionQuery::all().page_size(1))
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<(&str, &str, IdPairs)> = questions
                .iter()
                .map(|q| {
                    (
                        q.question_id.as_str(),
                        q.name.zh_cn.as_str(),
                        q.tag_items
                            .iter()
                            .map(|t| (t.id.as_str(), t.name.en_us.as_str()))
                            .collect(),
                    )
                })
                .collect();
            let expected = vec![
                (
                    "7340000000000000001",
                    "协作",
                    vec![
                        ("7340000000000000011", "Communicates proactively"),
                        ("7340000000000000012", "Helpful"),
                    ],
                ),
                (
                    "7340000000000000002",
                    "成长",
                    vec![("7340000000000000021", "Learns fast")],
                ),
            ];
            expect(got == expected, format!("{got:?}"))?;
            Ok(format!("{} questions over 2 pages", questions.len()))
        },
    )
    .await;
    h.check(endpoint, "listed IDs only", async {
        let query = QuestionQuery::all().ids(&["7340000000000000002", "7349999999999999999"]);
        let data = client.query_questions(&query, None).await.map_err(failed)?;
        let ids: Vec<&str> = data
            .tag_based_questions
            .iter()
            .map(|q| q.question_id.as_str())
            .collect();
        expect(ids == ["7340000000000000002"], format!("{ids:?}"))?;
        Ok(String::new())
    })
    .await;

    let endpoint = "POST /open-apis/performance/v2/user_group_user_rels/write";
    h.check(
        endpoint,
        "replaces the members; unknown users fail with 1; the token is spent",
        async {
            let write = UserGroupWrite::new(
                RUST_GROUP,
                "compat-rust-1",
                &["c12", "rust-nobody", "c10", "c12"],
            )
            .scope_visible_setting(1)
            .user_id_type("user_id");
            let result = client
                .write_user_group_members(&write)
                .await
                .map_err(failed)?;
            expect(
                result.success_user_ids == ["c12", "c10"],
                format!("success {:?}", result.success_user_ids),
            )?;
            let failures: Vec<(&str, i64)> = result
                .fail_user_datas
                .iter()
                .map(|f| (f.user_id.as_str(), f.fail_code))
                .collect();
            expect(
                failures == [("rust-nobody", 1)],
                format!("failures {failures:?}"),
            )?;
            let again = UserGroupWrite::new(RUST_GROUP, "compat-rust-1", &["c01"]);
            expect_code(client.write_user_group_members(&again).await, 1580110)
        },
    )
    .await;
    h.check(endpoint, "an unknown group gets 1580102", async {
        let write = UserGroupWrite::new("compat_rust_nope", "compat-rust-2", &["c01"]);
        expect_code(client.write_user_group_members(&write).await, 1580102)
    })
    .await;
    h.check(endpoint, "an app without the scope gets 99991672", async {
        let write = UserGroupWrite::new(RUST_GROUP, "compat-rust-noscope", &["c01"]);
        expect_code(
            h.feishu(NO_SCOPE).write_user_group_members(&write).await,
            99991672,
        )
    })
    .await;
}

/// A library metric's values as [`METRICS`] lists them.
fn metric_row(m: &MetricInLibrary) -> MetricRow<'_> {
    (
        m.metric_id.as_str(),
        m.type_id.as_str(),
        m.tags.iter().map(|t| t.tag_id.as_str()).collect(),
        m.scoring_setting_type.as_str(),
        m.range_of_availability.as_str(),
        m.is_active,
    )
}

/// The rows of [`METRICS`] with these IDs.
fn metric_rows(ids: &[&str]) -> Vec<MetricRow<'static>> {
    METRICS
        .iter()
        .filter(|m| ids.contains(&m.0))
        .map(|&(id, type_id, tags, scoring, range, active)| {
            (id, type_id, tags.to_vec(), scoring, range, active)
        })
        .collect()
}

/// A metric template's values as [`template_rows`] has them.
fn template_row(t: &MetricTemplate) -> TemplateRow<'_> {
    (
        t.id.as_str(),
        [t.name.zh_cn.as_str(), t.name.en_us.as_str()],
        [t.description.zh_cn.as_str(), t.description.en_us.as_str()],
        t.status.as_str(),
        t.is_set_by_group,
        t.total_metric_score_method.as_str(),
        t.metric_weight_method.as_str(),
        t.metric_dimensions
            .iter()
            .map(|d| {
                (
                    d.metric_dimension_id.as_str(),
                    [d.name.zh_cn.as_str(), d.name.en_us.as_str()],
                    d.dimension_weight.as_deref(),
                    [d.description.zh_cn.as_str(), d.description.en_us.as_str()],
                )
            })
            .collect(),
        t.metrics
            .iter()
            .map(|m| {
                (
                    m.metric_id.as_str(),
                    m.name.as_str(),
                    m.type_id.as_str(),
                    m.fields
                        .iter()
                        .map(|f| {
                            (
                                f.id.as_str(),
                                f.input_setting.as_str(),
                                f.filed_value.as_deref(),
                                f.field_value_person
                                    .as_ref()
                                    .and_then(|p| p.user_id.as_deref()),
                            )
                        })
                        .collect(),
                    m.is_from_library,
                    m.scoring_setting_type.as_str(),
                    m.data_source_inputters
                        .iter()
                        .map(|u| u.user_id.as_deref())
                        .collect(),
                    m.metric_dimension_id.as_str(),
                    m.review_rule_config.min.as_deref(),
                    m.review_rule_config.max.as_deref(),
                )
            })
            .collect(),
        t.groups.len(),
    )
}

/// The rows of [`METRIC_TEMPLATES`] with these IDs, each metric with the library's name, type,
/// fields, scoring (manual scoring spelt `socre_manually`, as the vendor does) and inputters; never
/// set per group.
fn template_rows(ids: &[&str]) -> Vec<TemplateRow<'static>> {
    METRIC_TEMPLATES
        .iter()
        .filter(|t| ids.contains(&t.0))
        .map(
            |&(id, name, description, status, total, weights, dimensions, metrics)| {
                let metrics = metrics
                    .iter()
                    .map(|&(metric_id, dimension_id, min, max)| {
                        let library = METRICS.iter().find(|m| m.0 == metric_id).unwrap();
                        let details = METRIC_DETAILS.iter().find(|m| m.0 == metric_id).unwrap();
                        let scoring = match library.3 {
                            "score_manually" => "socre_manually",
                            other => other,
                        };
                        (
                            metric_id,
                            details.1,
                            library.1,
                            details.2.to_vec(),
                            true,
                            scoring,
                            details.3.iter().map(|u| Some(*u)).collect(),
                            dimension_id,
                            min,
                            max,
                        )
                    })
                    .collect();
                (
                    id,
                    name,
                    description,
                    status,
                    false,
                    total,
                    weights,
                    dimensions.to_vec(),
                    metrics,
                    0,
                )
            },
        )
        .collect()
}

/// Checks of the key-performance metric configuration (关键指标): tags, fields, the library and
/// the templates, which no check writes.
async fn metrics(h: &Harness) {
    let client = h.feishu(APP);
    let endpoint = "GET /open-apis/performance/v2/metric_tags";
    h.check(
        endpoint,
        "walks every page by tag_id, names, index and times as in the fixture",
        async {
            let tags: Vec<_> = client
                .metric_tags(MetricTagQuery::all().page_size(2))
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<(&str, &str, i64, &str, &str)> = tags
                .iter()
                .map(|t| {
                    (
                        t.tag_id.as_str(),
                        t.tag_name.en_us.as_str(),
                        t.index,
                        t.create_time.as_str(),
                        t.update_time.as_str(),
                    )
                })
                .collect();
            expect(got == METRIC_TAGS, format!("{got:?}"))?;
            expect(tags[2].tag_name.zh_cn == "质量", "a tag's Chinese name")?;
            Ok(format!("{} tags over 2 pages", tags.len()))
        },
    )
    .await;
    h.check(
        endpoint,
        "listed IDs in one page, unknown left out",
        async {
            let query = MetricTagQuery::all().page_size(1).ids(&[
                "7370000000000000003",
                "7379999999999999999",
                "7370000000000000001",
            ]);
            let data = client
                .list_metric_tags(&query, None)
                .await
                .map_err(failed)?;
            let ids: Vec<&str> = data.items.iter().map(|t| t.tag_id.as_str()).collect();
            expect(
                ids == ["7370000000000000001", "7370000000000000003"] && !data.has_more,
                format!("{ids:?} has_more {}", data.has_more),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(endpoint, "an app without the scope gets 99991672", async {
        expect_code(
            h.feishu(NO_SCOPE)
                .list_metric_tags(&MetricTagQuery::all(), None)
                .await,
            99991672,
        )
    })
    .await;

    let endpoint = "POST /open-apis/performance/v2/metric_fields/query";
    h.check(endpoint, "every field by field_id with its type", async {
        let fields = client.query_metric_fields(&[]).await.map_err(failed)?;
        let got: Vec<(&str, &str, &str)> = fields
            .iter()
            .map(|f| {
                (
                    f.field_id.as_str(),
                    f.name.zh_cn.as_str(),
                    f.field_type.as_str(),
                )
            })
            .collect();
        expect(got == METRIC_FIELDS, format!("{got:?}"))?;
        Ok(format!("{} fields", fields.len()))
    })
    .await;
    h.check(endpoint, "listed IDs only, unknown left out", async {
        let fields = client
            .query_metric_fields(&[
                "7380000000000000004",
                "7389999999999999999",
                "7380000000000000002",
            ])
            .await
            .map_err(failed)?;
        let ids: Vec<&str> = fields.iter().map(|f| f.field_id.as_str()).collect();
        expect(
            ids == ["7380000000000000002", "7380000000000000004"],
            format!("{ids:?}"),
        )?;
        Ok(String::new())
    })
    .await;

    let endpoint = "POST /open-apis/performance/v2/metric_libs/query";
    h.check(
        endpoint,
        "walks every page by metric_id; fields, formula and people as in the fixture",
        async {
            let metrics: Vec<_> = client
                .metric_lib(MetricLibQuery::all().page_size(3).user_id_type("user_id"))
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<_> = metrics.iter().map(metric_row).collect();
            let expected = metric_rows(&METRICS.map(|m| m.0));
            expect(got == expected, format!("{got:?}"))?;
            let revenue = &metrics[0];
            let fields: Vec<(&str, &str, Option<&str>, Option<&str>)> = revenue
                .fields
                .iter()
                .map(|f| {
                    (
                        f.field_id.as_str(),
                        f.input_setting.as_str(),
                        f.field_value.as_deref(),
                        f.field_value_person
                            .as_ref()
                            .and_then(|p| p.user_id.as_deref()),
                    )
                })
                .collect();
            let expected_fields = [
                ("7380000000000000001", "admin", Some("1000000"), None),
                ("7380000000000000004", "admin", None, Some("c01")),
                ("7380000000000000002", "data_source_inputter", None, None),
            ];
            expect(fields == expected_fields, format!("fields {fields:?}"))?;
            let formula = revenue.scoring_formula.as_ref().ok_or("no formula")?;
            expect(
                (
                    formula.formula_id.as_str(),
                    formula.formula_name.as_str(),
                    formula.formula_details.as_str(),
                ) == ("7392000000000000001", "线性", "score = completion * 100"),
                format!("formula {formula:?}"),
            )?;
            let inputters: Vec<Option<&str>> = revenue
                .data_source_inputters
                .iter()
                .map(|u| u.user_id.as_deref())
                .collect();
            expect(
                inputters == [Some("c03"), Some("c02")],
                format!("inputters {inputters:?}"),
            )?;
            expect(
                revenue.name == "季度营收" && revenue.tags[0].tag_name.en_us == "Quality",
                "name and tag names",
            )?;
            Ok(format!("{} metrics over 2 pages", metrics.len()))
        },
    )
    .await;
    let filters = [
        (
            "is_active false gives the inactive metric only",
            MetricLibQuery::all().is_active(false),
            vec!["7390000000000000003"],
        ),
        (
            "tags narrow to metrics with any of them",
            MetricLibQuery::all().tags(&["7370000000000000001"]),
            vec!["7390000000000000001", "7390000000000000004"],
        ),
        (
            "types narrow",
            MetricLibQuery::all().types(&["7391000000000000002"]),
            vec!["7390000000000000002", "7390000000000000004"],
        ),
        (
            "range_of_availability narrows",
            MetricLibQuery::all().range_of_availability("only_admins"),
            vec!["7390000000000000001"],
        ),
        (
            "scoring_setting_type and is_active narrow together",
            MetricLibQuery::all()
                .scoring_setting_type("score_by_formula")
                .is_active(true),
            vec!["7390000000000000001", "7390000000000000004"],
        ),
    ];
    for (name, query, ids) in filters {
        h.check(endpoint, name, async {
            let metrics: Vec<_> = client
                .metric_lib(query.page_size(1))
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<_> = metrics.iter().map(metric_row).collect();
            expect(got == metric_rows(&ids), format!("{got:?}"))?;
            Ok(format!("{ids:?}"))
        })
        .await;
    }
    h.check(
        endpoint,
        "a misspelt scoring_setting_type gets 1580102",
        async {
            let query = MetricLibQuery::all().scoring_setting_type("socre_manually");
            expect_code(client.query_metric_lib(&query, None).await, 1580102)
        },
    )
    .await;

    let endpoint = "POST /open-apis/performance/v2/metric_templates/query";
    h.check(
        endpoint,
        "walks every page by ID; dimensions, library metrics and rules as in the fixture",
        async {
            let query = MetricTemplateQuery::all()
                .page_size(2)
                .user_id_type("user_id");
            let first = client
                .query_metric_templates(&query, None)
                .await
                .map_err(failed)?;
            expect(
                first.items.len() == 2 && first.has_more && first.page_token.is_some(),
                format!(
                    "first page: {} templates, has_more {}",
                    first.items.len(),
                    first.has_more
                ),
            )?;
            let templates: Vec<_> = client
                .metric_templates(query)
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<_> = templates.iter().map(template_row).collect();
            let expected = template_rows(&METRIC_TEMPLATES.map(|t| t.0));
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            Ok(format!("{} templates over 2 pages", templates.len()))
        },
    )
    .await;
    let filters = [
        (
            "listed IDs only, unknown left out; the result pages",
            MetricTemplateQuery::all().ids(&[
                "7393000000000000003",
                "7393999999999999999",
                "7393000000000000001",
            ]),
            vec!["7393000000000000001", "7393000000000000003"],
        ),
        (
            "status disabled gives the disabled template only",
            MetricTemplateQuery::all().status("disabled"),
            vec!["7393000000000000002"],
        ),
        (
            "listed IDs and status combine (AND)",
            MetricTemplateQuery::all()
                .ids(&["7393000000000000003", "7393000000000000002"])
                .status("to_be_activated"),
            vec!["7393000000000000003"],
        ),
    ];
    for (name, query, ids) in filters {
        h.check(endpoint, name, async {
            let templates: Vec<_> = client
                .metric_templates(query.page_size(1).user_id_type("user_id"))
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<_> = templates.iter().map(template_row).collect();
            let expected = template_rows(&ids);
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            Ok(format!("{ids:?}"))
        })
        .await;
    }
    h.check(endpoint, "people as open_ids by default", async {
        let data = client
            .query_metric_templates(
                &MetricTemplateQuery::all().ids(&["7393000000000000001"]),
                None,
            )
            .await
            .map_err(failed)?;
        let metric = data
            .items
            .first()
            .and_then(|t| t.metrics.first())
            .ok_or("no template metric")?;
        let mut expected = Vec::new();
        for user in ["c01", "c03", "c02"] {
            let ids = h
                .admin
                .user_ids("compat", user, APP.0)
                .await
                .map_err(failed)?;
            expected.push(Some(ids.open_id));
        }
        let got: Vec<Option<String>> = metric
            .fields
            .get(1)
            .map(|f| {
                f.field_value_person
                    .as_ref()
                    .and_then(|p| p.open_id.clone())
            })
            .into_iter()
            .chain(
                metric
                    .data_source_inputters
                    .iter()
                    .map(|u| u.open_id.clone()),
            )
            .collect();
        expect(
            got == expected,
            format!("got {got:?}, expected {expected:?}"),
        )?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "a misspelt status gets 1580102", async {
        let query = MetricTemplateQuery::all().status("enable");
        expect_code(client.query_metric_templates(&query, None).await, 1580102)
    })
    .await;
}

/// Checks of the review-result APIs that hold whatever results the fixture carries: refusals,
/// and answers about users no fixture has.
async fn review_results(h: &Harness) {
    let client = h.feishu(APP);
    let endpoint = "POST /open-apis/performance/v2/user_info/query";
    h.check(
        endpoint,
        "users who are not reviewees are left out",
        async {
            let query = UserInfoQuery::semester(SEMESTER, &["rust-nobody"])
                .user_id_type("user_id")
                .department_id_type("department_id");
            let data = client.query_user_infos(&query).await.map_err(failed)?;
            expect(
                data.semester_id == SEMESTER && data.user_infos.is_empty(),
                format!("{data:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(endpoint, "without user_ids gets 1580102", async {
        expect_code(
            client
                .query_user_infos(&UserInfoQuery::semester(SEMESTER, &[]))
                .await,
            1580102,
        )
    })
    .await;

    let endpoint = "POST /open-apis/performance/v1/review_datas/query";
    h.check(
        endpoint,
        "a window holding no semester finds nothing",
        async {
            // 2000-01-01 .. 2000-12-31 (UTC).
            let query = ReviewDataV1Query::between(946_684_800_000, 978_220_799_000, &["c01"])
                .user_id_type("user_id");
            let data = client.query_review_datas_v1(&query).await.map_err(failed)?;
            expect(
                data.datas.is_empty() && data.semesters.is_empty() && data.fields.is_empty(),
                format!("{data:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        endpoint,
        "a user token: its own user, and no one else (1580102)",
        async {
            let token = h
                .admin
                .user_access_token("compat", APP.0, "c12")
                .await
                .map_err(failed)?;
            let own = ReviewDataV1Query::between(946_684_800_000, 978_220_799_000, &["c12"])
                .user_id_type("user_id");
            let data = client
                .query_review_datas_v1_as_user(&token.access_token, &own)
                .await
                .map_err(failed)?;
            expect(data.datas.is_empty(), format!("{data:?}"))?;
            let other =
                ReviewDataV1Query::semesters(&[SEMESTER], &["c12", "c11"]).user_id_type("user_id");
            let outcome = expect_code(
                client
                    .query_review_datas_v1_as_user(&token.access_token, &other)
                    .await,
                1580102,
            )?;
            Ok(outcome)
        },
    )
    .await;
    h.check(
        endpoint,
        "a stage type v1 does not report gets 1580102",
        async {
            let query =
                ReviewDataV1Query::semesters(&[SEMESTER], &["c01"]).stage_types(&["review"]);
            expect_code(client.query_review_datas_v1(&query).await, 1580102)
        },
    )
    .await;

    let endpoint = "POST /open-apis/performance/v2/review_datas/query";
    h.check(endpoint, "unknown reviewees find nothing", async {
        let query = ReviewDataV2Query::semesters(&[SEMESTER], &["rust-nobody"])
            .stage_types(&["review", "leader_review"])
            .user_id_type("user_id");
        let data = client.query_review_datas_v2(&query).await.map_err(failed)?;
        expect(data.datas.is_empty(), format!("{data:?}"))?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "without semester_ids gets 1580102", async {
        let query = ReviewDataV2Query::semesters(&[], &["c01"]).stage_types(&["review"]);
        match client.query_review_datas_v2(&query).await {
            Err(SdkError::Feishu {
                code: 1580102,
                error: Some(error),
                ..
            }) if error.field_violations.first().map(|v| v.field.as_str())
                == Some("semester_ids") =>
            {
                Ok("refused: semester_ids".to_owned())
            }
            other => Err(format!("expected 1580102 on semester_ids, got {other:?}")),
        }
    })
    .await;
    h.check(endpoint, "calibration stages get 1580102", async {
        let query =
            ReviewDataV2Query::semesters(&[SEMESTER], &["c01"]).stage_types(&["calibration"]);
        expect_code(client.query_review_datas_v2(&query).await, 1580102)
    })
    .await;
}

/// Additional information as plain values: item ID, external ID, reviewee, item, time,
/// description.
fn info_values(infos: &[AdditionalInformation]) -> Vec<[String; 6]> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    infos
        .iter()
        .map(|i| {
            [
                i.item_id
                    .as_ref()
                    .map(|id| id.0.clone())
                    .unwrap_or_default(),
                text(&i.external_id),
                text(&i.reviewee_user_id),
                text(&i.item),
                text(&i.time),
                text(&i.detailed_description),
            ]
        })
        .collect()
}

fn owned_infos<const N: usize>(infos: &[[&str; 6]; N]) -> Vec<[String; 6]> {
    infos.iter().map(|i| i.map(str::to_owned)).collect()
}

/// An item of these checks: external ID, reviewee, item, time, description.
fn rust_item(info: &[&str; 5]) -> AdditionalInfoItem {
    AdditionalInfoItem::new(info[1], info[2], info[3], info[4]).external_id(info[0])
}

async fn additional_info(h: &Harness) {
    let client = h.feishu(APP);
    let query = || AdditionalInfoQuery::semester(SEMESTER).user_id_type("user_id");
    // These checks' items with these external IDs, as the query answers them.
    let own = |external_ids: Vec<&'static str>| {
        let client = &client;
        async move {
            let page = client
                .query_additional_infos(&query().external_ids(&external_ids), None)
                .await
                .map_err(failed)?;
            Ok::<_, String>(info_values(&page.additional_informations))
        }
    };
    let endpoint = "POST /open-apis/performance/v2/additional_informations/query";
    h.check(
        endpoint,
        "walks every page (page_size 2): the fixture's items",
        async {
            let infos: Vec<_> = client
                .additional_infos(query().page_size(2))
                .try_collect()
                .await
                .map_err(failed)?;
            let got: Vec<[String; 6]> = info_values(&infos)
                .into_iter()
                .filter(|i| !OTHER_CLIENTS_INFOS.iter().any(|p| i[1].starts_with(p)))
                .collect();
            let expected = owned_infos(&ADDITIONAL_INFOS);
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            Ok(format!("{} items", infos.len()))
        },
    )
    .await;
    h.check(
        endpoint,
        "item_ids win over external_ids and reviewees; unknown left out",
        async {
            let page = client
                .query_additional_infos(
                    &query()
                        .item_ids(&[UNKNOWN_INFO, ADDITIONAL_INFOS[1][0]])
                        .external_ids(&[ADDITIONAL_INFOS[0][1]])
                        .reviewees(&["c01"]),
                    None,
                )
                .await
                .map_err(failed)?;
            let got = info_values(&page.additional_informations);
            let expected = owned_infos(&[ADDITIONAL_INFOS[1]]);
            expect(
                got == expected && !page.has_more,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(endpoint, "external_ids win over reviewees", async {
        let page = client
            .query_additional_infos(
                &query()
                    .external_ids(&["rust-nope", ADDITIONAL_INFOS[1][1], ADDITIONAL_INFOS[0][1]])
                    .reviewees(&["c03"]),
                None,
            )
            .await
            .map_err(failed)?;
        let got = info_values(&page.additional_informations);
        let expected = owned_infos(&[ADDITIONAL_INFOS[0], ADDITIONAL_INFOS[1]]);
        expect(
            got == expected,
            format!("got {got:?}\nexpected {expected:?}"),
        )?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "reviewees: the items about them", async {
        let page = client
            .query_additional_infos(&query().reviewees(&["c01", "rust-nobody"]), None)
            .await
            .map_err(failed)?;
        let got: Vec<[String; 6]> = info_values(&page.additional_informations)
            .into_iter()
            .filter(|i| !OTHER_CLIENTS_INFOS.iter().any(|p| i[1].starts_with(p)))
            .collect();
        let expected = owned_infos(&[ADDITIONAL_INFOS[0], ADDITIONAL_INFOS[2]]);
        expect(
            got == expected,
            format!("got {got:?}\nexpected {expected:?}"),
        )?;
        Ok(String::new())
    })
    .await;

    let endpoint = "POST /open-apis/performance/v2/additional_informations/import";
    let first = [
        "rust-1",
        "c01",
        "Rust 事项一",
        "2024-05-21",
        "Rust 导入的第一项",
    ];
    let second = [
        "rust-2",
        "c03",
        "Rust 事项二",
        "2024-05-22",
        "Rust 导入的第二项",
    ];
    // The item IDs of rust-1 and rust-2, and their values now.
    let ids: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let current: RefCell<Vec<[String; 6]>> = RefCell::new(Vec::new());
    let with_id = |id: &str, info: &[&str; 5]| {
        let mut values = [id; 6].map(str::to_owned);
        for (value, text) in values[1..].iter_mut().zip(info) {
            *value = (*text).to_owned();
        }
        values
    };
    h.check(
        endpoint,
        "creates the items under new item_ids; the query shows them",
        async {
            let import = AdditionalInfoImport::new(
                SEMESTER,
                "compat-rust-info-1",
                [rust_item(&first), rust_item(&second)],
            )
            .import_record_name("兼容 Rust 导入")
            .user_id_type("user_id");
            let data = client
                .import_additional_infos(&import)
                .await
                .map_err(failed)?;
            expect(
                !data.import_record_id.is_empty(),
                "an empty import_record_id",
            )?;
            let got = info_values(&data.additional_informations);
            let new_ids: Vec<String> = got.iter().map(|i| i[0].clone()).collect();
            expect(
                new_ids.len() == 2
                    && new_ids[0] != new_ids[1]
                    && new_ids
                        .iter()
                        .all(|id| id.parse::<u64>().is_ok() && !id.starts_with("736000")),
                format!("item_ids {new_ids:?}"),
            )?;
            let expected = vec![with_id(&new_ids[0], &first), with_id(&new_ids[1], &second)];
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            let mut sorted = expected;
            sorted.sort_by_key(|i| i[0].parse::<u64>().unwrap_or_default());
            let queried = own(vec!["rust-1", "rust-2"]).await?;
            expect(
                queried == sorted,
                format!("queried {queried:?}\nexpected {sorted:?}"),
            )?;
            *ids.borrow_mut() = new_ids;
            *current.borrow_mut() = sorted;
            Ok(format!("import_record_id {}", data.import_record_id))
        },
    )
    .await;
    h.check(
        endpoint,
        "by external_id and by item_id updates, never duplicates",
        async {
            let known = ids.borrow().clone();
            expect(known.len() == 2, "the first import did not happen")?;
            // rust-1 by its external ID, rust-2 by its item ID (keeping its external ID).
            let first_changed = [first[0], first[1], "Rust 事项一（改）", first[3], first[4]];
            let second_changed = [
                second[0],
                second[1],
                second[2],
                second[3],
                "Rust 导入的第二项（改）",
            ];
            let by_id = AdditionalInfoItem::new(
                second_changed[1],
                second_changed[2],
                second_changed[3],
                second_changed[4],
            )
            .item_id(&known[1]);
            let import = AdditionalInfoImport::new(
                SEMESTER,
                "compat-rust-info-2",
                [rust_item(&first_changed), by_id],
            )
            .user_id_type("user_id");
            let data = client
                .import_additional_infos(&import)
                .await
                .map_err(failed)?;
            let got = info_values(&data.additional_informations);
            let mut expected = vec![
                with_id(&known[0], &first_changed),
                with_id(&known[1], &second_changed),
            ];
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            expected.sort_by_key(|i| i[0].parse::<u64>().unwrap_or_default());
            let queried = own(vec!["rust-1", "rust-2"]).await?;
            expect(
                queried == expected,
                format!("queried (no duplicate) {queried:?}\nexpected {expected:?}"),
            )?;
            *current.borrow_mut() = expected;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        endpoint,
        "a repeated client_token gets 1580110 and applies nothing",
        async {
            let before = current.borrow().clone();
            expect(!before.is_empty(), "the imports before did not happen")?;
            let third = ["rust-3", "c02", "Rust 事项三", "2024-05-23", "不应写入"];
            let import =
                AdditionalInfoImport::new(SEMESTER, "compat-rust-info-1", [rust_item(&third)])
                    .user_id_type("user_id");
            let outcome = expect_code(client.import_additional_infos(&import).await, 1580110)?;
            let queried = own(vec!["rust-1", "rust-2", "rust-3"]).await?;
            expect(
                queried == before,
                format!("the refused import changed items: {queried:?}\nexpected {before:?}"),
            )?;
            Ok(outcome)
        },
    )
    .await;
    h.check(
        endpoint,
        "a reviewee not reviewed in the semester gets 1580111",
        async {
            // The whole import is refused: rust-4 is never written (the deletion check's query
            // shows it).
            let fourth = ["rust-4", "c02", "Rust 事项四", "2024-05-24", "不应写入"];
            let fifth = ["rust-5", "c13", "Rust 事项五", "2024-05-25", "不应写入"];
            let import = AdditionalInfoImport::new(
                SEMESTER,
                "compat-rust-info-3",
                [rust_item(&fourth), rust_item(&fifth)],
            )
            .user_id_type("user_id");
            expect_code(client.import_additional_infos(&import).await, 1580111)
        },
    )
    .await;
    h.check(endpoint, "an app without the scope gets 99991672", async {
        let sixth = ["rust-6", "c02", "Rust 事项六", "2024-05-26", "不应写入"];
        let import =
            AdditionalInfoImport::new(SEMESTER, "compat-rust-info-noscope", [rust_item(&sixth)])
                .user_id_type("user_id");
        expect_code(
            h.feishu(NO_SCOPE).import_additional_infos(&import).await,
            99991672,
        )
    })
    .await;

    let endpoint = "DELETE /open-apis/performance/v2/additional_informations/batch";
    h.check(
        endpoint,
        "an unknown item_id gets 1580201 and deletes nothing",
        async {
            let known = ids.borrow().clone();
            expect(known.len() == 2, "the first import did not happen")?;
            expect_code(
                client
                    .delete_additional_infos(SEMESTER, &[&known[0], UNKNOWN_INFO])
                    .await,
                1580201,
            )
        },
    )
    .await;
    h.check(
        endpoint,
        "deletes the listed items; the refused imports wrote none",
        async {
            let known = ids.borrow().clone();
            expect(known.len() == 2, "the first import did not happen")?;
            // Both are still there: the refused deletion removed neither.
            let listed = [known[1].as_str(), known[0].as_str()];
            let deleted = client
                .delete_additional_infos(SEMESTER, &listed)
                .await
                .map_err(failed)?;
            expect(deleted == listed, format!("deleted {deleted:?}"))?;
            let left = own(vec![
                "rust-1",
                "rust-2",
                "rust-3",
                "rust-4",
                "rust-5",
                "rust-6",
                ADDITIONAL_INFOS[0][1],
            ])
            .await?;
            let expected = owned_infos(&[ADDITIONAL_INFOS[0]]);
            expect(
                left == expected,
                format!("after the deletion: {left:?}\nexpected {expected:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
}

/// The entries of a `metric_details/query` answer as plain values, people named by `user`.
fn detail_rows(entries: &[RevieweeMetric], user: impl Fn(&UserRef) -> String) -> Vec<DetailRow> {
    entries
        .iter()
        .map(|e| {
            let d = &e.metric_details;
            (
                user(&e.reviewee_user_id),
                e.metric_template_id.clone(),
                d.metric_id.clone(),
                d.name.clone(),
                d.dimension_id.clone(),
                [
                    d.dimension_name.zh_cn.clone(),
                    d.dimension_name.en_us.clone(),
                ],
                d.dimension_weight.clone(),
                d.add_from.clone(),
                d.is_from_library,
                d.fields
                    .iter()
                    .map(|f| {
                        (
                            f.field_id.clone(),
                            f.field_value.clone(),
                            f.field_value_person.as_ref().map(&user),
                        )
                    })
                    .collect(),
                e.reviewee_stage_statuses
                    .iter()
                    .map(|st| (st.stage_id.clone(), st.stage_type.clone(), st.stage_status))
                    .collect(),
            )
        })
        .collect()
}

/// `metric_details/query`'s entries for one reviewee of template 研发指标: one per metric in the
/// template's order, with its dimension, `add_from` admin, from the library, and every field of
/// the library metric with the value written (`values`), else the library's (admin fields).
/// People are named by `user(user_id)`.
fn expected_details(
    reviewee: &str,
    values: &[WrittenValue],
    user: impl Fn(&str) -> String,
) -> Vec<DetailRow> {
    let template = METRIC_TEMPLATES
        .iter()
        .find(|t| t.0 == DETAILS_TEMPLATE)
        .unwrap();
    template
        .7
        .iter()
        .map(|&(metric_id, dimension_id, _, _)| {
            let (_, name, fields, _) = METRIC_DETAILS.iter().find(|m| m.0 == metric_id).unwrap();
            let (_, names, weight, _) = template.6.iter().find(|d| d.0 == dimension_id).unwrap();
            let fields = fields
                .iter()
                .map(|&(field_id, _, value, person)| {
                    let (value, person) = values
                        .iter()
                        .find(|v| v.0 == metric_id && v.1 == field_id)
                        .map_or((value, person), |v| (v.2, v.3));
                    (
                        field_id.to_owned(),
                        value.map(str::to_owned),
                        person.map(&user),
                    )
                })
                .collect();
            (
                user(reviewee),
                DETAILS_TEMPLATE.to_owned(),
                metric_id.to_owned(),
                (*name).to_owned(),
                dimension_id.to_owned(),
                names.map(str::to_owned),
                weight.map(str::to_owned),
                "admin".to_owned(),
                true,
                fields,
                vec![(
                    METRIC_STAGE.0.to_owned(),
                    METRIC_STAGE.1.to_owned(),
                    METRIC_STAGE.2,
                )],
            )
        })
        .collect()
}

/// An import item of c07 writing these `(field ID, value)` of one metric.
fn rust_metric(metric_id: &str, values: &[(&str, &str)]) -> MetricDetailItem {
    values.iter().fold(
        MetricDetailItem::new(RUST_REVIEWEE, metric_id),
        |item, (field, value)| item.value(*field, *value),
    )
}

/// Checks of metric details (指标明细): imports into c07 and what queries read back. Within the
/// rate limits: 9 of the 10 imports and 5 of the 20 queries an app may make a minute.
async fn metric_details(h: &Harness) {
    let client = h.feishu(APP);
    let by_user_id = |u: &UserRef| u.user_id.clone().unwrap_or_default();
    let own = || async {
        let data = client
            .query_metric_details(
                &MetricDetailQuery::reviewees(SEMESTER, &[RUST_REVIEWEE]).user_id_type("user_id"),
            )
            .await
            .map_err(failed)?;
        Ok::<_, String>(detail_rows(&data.reviewee_metrics, by_user_id))
    };
    let expected_own = || expected_details(RUST_REVIEWEE, &RUST_METRIC_VALUES, str::to_owned);
    let import = |token: &str, items: Vec<MetricDetailItem>| {
        MetricDetailImport::new(SEMESTER, token, items)
            .import_record_name("兼容 Rust 指标导入")
            .user_id_type("user_id")
    };
    let imported = Cell::new(false);
    let endpoint = "POST /open-apis/performance/v2/metric_details/import";
    h.check(
        endpoint,
        "imports; the query shows exactly them, the library's and the fixture's values",
        async {
            let items = vec![
                rust_metric("7390000000000000001", &[("7380000000000000002", "0")]),
                rust_metric(
                    "7390000000000000002",
                    &[("7380000000000000003", "Rust 导入的说明")],
                )
                .person("7380000000000000004", "c12"),
            ];
            let record = client
                .import_metric_details(&import(RUST_METRIC_TOKEN, items))
                .await
                .map_err(failed)?;
            expect(
                record.parse::<u64>().is_ok(),
                format!("import_record_id {record:?}"),
            )?;
            imported.set(true);
            // c08 has the template's metrics and no values but the library's; c11 is reviewed
            // by no activity, c04 by one without a template: both left out.
            let query = MetricDetailQuery::reviewees(
                SEMESTER,
                &[RUST_REVIEWEE, "c11", "c08", "c04", "c01"],
            )
            .user_id_type("user_id");
            let data = client.query_metric_details(&query).await.map_err(failed)?;
            expect(
                data.semester_id == SEMESTER,
                format!("semester_id {}", data.semester_id),
            )?;
            let got = detail_rows(&data.reviewee_metrics, by_user_id);
            let mut expected = expected_own();
            expected.extend(expected_details("c08", &[], str::to_owned));
            expected.extend(expected_details(
                "c01",
                &FIXTURE_METRIC_VALUES,
                str::to_owned,
            ));
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            Ok(format!(
                "import_record_id {record}; {} reviewee metrics",
                got.len()
            ))
        },
    )
    .await;
    h.check(
        "POST /open-apis/performance/v2/metric_details/query",
        "people as {open_id, user_id}, open_ids by default (an imported person too)",
        async {
            expect(imported.get(), "the import did not happen")?;
            let mut open_ids = std::collections::HashMap::new();
            for user in [RUST_REVIEWEE, "c01", "c12"] {
                let ids = h
                    .admin
                    .user_ids("compat", user, APP.0)
                    .await
                    .map_err(failed)?;
                open_ids.insert(user, ids.open_id);
            }
            let data = client
                .query_metric_details(&MetricDetailQuery::reviewees(
                    SEMESTER,
                    &[open_ids[RUST_REVIEWEE].as_str()],
                ))
                .await
                .map_err(failed)?;
            // Each person as `open_id/user_id`; the default user_id_type is open_id, so user_id
            // repeats the open_id.
            let got = detail_rows(&data.reviewee_metrics, |u| {
                format!(
                    "{}/{}",
                    u.open_id.as_deref().unwrap_or("-"),
                    u.user_id.as_deref().unwrap_or("-")
                )
            });
            let expected = expected_details(RUST_REVIEWEE, &RUST_METRIC_VALUES, |u| {
                format!("{0}/{0}", open_ids[u])
            });
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        endpoint,
        "a repeated client_token gets 1580110 and changes nothing",
        async {
            expect(imported.get(), "the import did not happen")?;
            let changed = vec![rust_metric(
                "7390000000000000001",
                &[("7380000000000000002", "10")],
            )];
            let outcome = expect_code(
                client
                    .import_metric_details(&import(RUST_METRIC_TOKEN, changed))
                    .await,
                1580110,
            )?;
            let (got, expected) = (own().await?, expected_own());
            expect(
                got == expected,
                format!("the refused import changed values: {got:?}\nexpected {expected:?}"),
            )?;
            Ok(outcome)
        },
    )
    .await;
    // Each refused import holds a good value first (for c07, that must never land) and then one
    // breaking a rule; the whole import is refused.
    let note = || {
        rust_metric(
            "7390000000000000002",
            &[("7380000000000000003", "不应写入")],
        )
    };
    let rate = || rust_metric("7390000000000000001", &[("7380000000000000002", "99")]);
    let long = "长".repeat(1_001);
    let refusals = [
        (
            "a field the admin fills in gets 1580311",
            note(),
            rust_metric("7390000000000000001", &[("7380000000000000001", "1")]),
            1580311,
        ),
        (
            "a person who is no user gets 1580301",
            rate(),
            MetricDetailItem::new(RUST_REVIEWEE, "7390000000000000002")
                .person("7380000000000000004", "nobody"),
            1580301,
        ),
        (
            "a metric outside the reviewee's template gets 1580312",
            note(),
            rust_metric("7390000000000000003", &[("7380000000000000002", "1")]),
            1580312,
        ),
        (
            "a text over 1,000 characters gets 1580303",
            rate(),
            rust_metric("7390000000000000002", &[("7380000000000000003", &long)]),
            1580303,
        ),
        (
            "a field outside the metric gets 1580305",
            note(),
            rust_metric("7390000000000000004", &[("7380000000000000002", "1")]),
            1580305,
        ),
        (
            "a field twice in one metric gets 1580308",
            note(),
            rust_metric(
                "7390000000000000001",
                &[("7380000000000000002", "1"), ("7380000000000000002", "2")],
            ),
            1580308,
        ),
    ];
    for (n, (name, good, bad, code)) in refusals.into_iter().enumerate() {
        let token = format!("compat-rust-metric-bad-{n}");
        h.check(endpoint, name, async {
            expect_code(
                client
                    .import_metric_details(&import(&token, vec![good, bad]))
                    .await,
                code,
            )
        })
        .await;
    }
    h.check(endpoint, "51 metrics gets 1580102", async {
        let items = vec![note(); 51];
        expect_code(
            client
                .import_metric_details(&import("compat-rust-metric-51", items))
                .await,
            1580102,
        )
    })
    .await;
    h.check(
        "POST /open-apis/performance/v2/metric_details/query",
        "the refused imports wrote nothing",
        async {
            expect(imported.get(), "the import did not happen")?;
            let (got, expected) = (own().await?, expected_own());
            expect(
                got == expected,
                format!("got {got:?}\nexpected {expected:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /open-apis/performance/v2/metric_details/query",
        "an unknown semester gets 1580105",
        async {
            let query = MetricDetailQuery::reviewees("7309999999999999999", &[RUST_REVIEWEE])
                .user_id_type("user_id");
            expect_code(client.query_metric_details(&query).await, 1580105)
        },
    )
    .await;
}

async fn report(h: &Harness) {
    let client = h.feishu(APP);
    // 2024-06-01T00:00:00+08:00 .. 2024-06-30T23:59:59+08:00
    let june = || ReportTaskQuery::committed_between(1_717_171_200, 1_719_763_199);
    let endpoint = "POST /open-apis/report/v1/tasks/query";
    h.check(endpoint, "walks every page, newest first", async {
        let tasks: Vec<_> = client
            .report_tasks(june().page_size(3).user_id_type("user_id"))
            .try_collect()
            .await
            .map_err(failed)?;
        let ids: Vec<&str> = tasks.iter().map(|t| t.task_id.as_str()).collect();
        let expected: Vec<String> = (1..=8)
            .rev()
            .map(|r| format!("75200000000000000{r:02}"))
            .collect();
        expect(ids == expected, format!("{ids:?}"))?;
        let newest = &tasks[0];
        expect(
            newest.rule_name == "兼容周报" && newest.from_user_id == "c04",
            "rule and sender",
        )?;
        expect(
            newest.form_contents[1].field_value.is_empty(),
            "attachments are empty",
        )?;
        Ok(String::new())
    })
    .await;
    h.check(
        endpoint,
        "a user token sees what its user received",
        async {
            let token = h
                .admin
                .user_access_token("compat", APP.0, "c01")
                .await
                .map_err(failed)?;
            let data = client
                .query_report_tasks_as_user(&token.access_token, &june())
                .await
                .map_err(failed)?;
            expect(
                data.items.len() == 8 && !data.has_more,
                format!("{} items", data.items.len()),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(endpoint, "page_size 21 gets 1430002", async {
        expect_code(
            client.query_report_tasks(&june().page_size(21), "").await,
            1430002,
        )
    })
    .await;

    let endpoint = "GET /open-apis/report/v1/rules/query";
    h.check(endpoint, "finds the rule by its exact name", async {
        let rules = client
            .query_report_rules("兼容周报", false, Some("user_id"))
            .await
            .map_err(failed)?;
        expect(
            rules.len() == 1 && rules[0].rule_id == RULE,
            format!("{rules:?}"),
        )?;
        expect(rules[0].owner_user_id.as_deref() == Some("c01"), "owner")?;
        expect(
            rules[0].form_schema[1].field_type == "attachement",
            "form schema",
        )?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "an app without the scope gets 99991672", async {
        expect_code(
            h.feishu(NO_SCOPE)
                .query_report_rules("兼容周报", false, None)
                .await,
            99991672,
        )
    })
    .await;

    let endpoint = "POST /open-apis/report/v1/rules/:rule_id/views/remove";
    h.check(endpoint, "removes a user's board view", async {
        client
            .remove_report_rule_views(RULE, &["c12"], Some("user_id"))
            .await
            .map_err(failed)?;
        Ok(String::new())
    })
    .await;
    h.check(endpoint, "an unknown rule gets 1430003", async {
        expect_code(
            client.remove_report_rule_views("404", &[], None).await,
            1430003,
        )
    })
    .await;
}

/// An authorization code for `user`, from the authorization page's redirect.
async fn authorization_code(base: &str, user: &str) -> Result<String, String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(failed)?;
    let response = http
        .get(format!(
            "{base}/open-apis/authen/v1/authorize?client_id={}&redirect_uri=https://example.invalid/cb&user_id={user}",
            APP.0
        ))
        .send()
        .await
        .map_err(failed)?;
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .ok_or("no redirect")?;
    location
        .split("code=")
        .nth(1)
        .map(|rest| rest.split('&').next().unwrap_or_default().to_owned())
        .ok_or_else(|| format!("no code in {location}"))
}

async fn authen(h: &Harness) {
    let client = h.feishu(APP);
    let base = h.base.clone();
    let endpoint = "POST /open-apis/authen/v1/oidc/access_token";
    let mut refresh = String::new();
    let mut user_token = String::new();
    h.check(endpoint, "exchanges a code once", async {
        let code = authorization_code(&base, "c04").await?;
        let data = client.exchange_code(&code).await.map_err(failed)?;
        expect(
            data.token_type == "Bearer" && data.expires_in == 7200,
            "token shape",
        )?;
        refresh = data.refresh_token;
        user_token = data.access_token;
        expect_code(client.exchange_code(&code).await, 20003)
    })
    .await;
    h.check(
        "GET /open-apis/authen/v1/user_info",
        "names the signed-in user",
        async {
            let info = client.user_info(&user_token).await.map_err(failed)?;
            let ids = h
                .admin
                .user_ids("compat", "c04", APP.0)
                .await
                .map_err(failed)?;
            expect(
                info.open_id == ids.open_id && info.user_id.as_deref() == Some("c04"),
                format!("{info:?}"),
            )?;
            expect(
                info.name == "成员4" && info.email.as_deref() == Some("c4@compat.example"),
                "name and email",
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /open-apis/authen/v1/oidc/refresh_access_token",
        "rotates the refresh token",
        async {
            let renewed = client.refresh_user_token(&refresh).await.map_err(failed)?;
            expect(renewed.refresh_token != refresh, "a new refresh token")?;
            expect_code(client.refresh_user_token(&refresh).await, 20038)
        },
    )
    .await;
    h.check(
        "POST /open-apis/auth/v3/tenant_access_token/internal",
        "a wrong secret gets 10003",
        async {
            let wrong = FeishuClient::new(APP.0, "wrong").with_base_url(&base);
            expect_code(wrong.tenant_access_token().await, 10003)
        },
    )
    .await;
}

async fn contact(h: &Harness) {
    let client = h.feishu(APP);
    let endpoint = "GET /open-apis/contact/v2/task/get";
    h.check(
        "POST /open-apis/contact/v2/user/batch_add",
        "applies each item on its own",
        async {
            h.admin.set_job_runner_paused(true).await.map_err(failed)?;
            let user = |id: &str, mobile: &str| BatchUser {
                name: Some(format!("Rust {id}")),
                user_id: Some(id.into()),
                mobile: Some(mobile.into()),
                departments: Some(vec!["rd".into()]),
                ..BatchUser::default()
            };
            let task_id = client
                .batch_add_users(vec![
                    user("rust1", "+8617000000001"),
                    user("_bad", "+8617000000002"),
                    user("rust3", "+8617000000001"),
                ])
                .await
                .map_err(failed)?;
            let queued = client.batch_task(&task_id).await.map_err(failed)?;
            expect(queued.status == 1 && queued.task_info.is_none(), "queued")?;
            h.admin.step_jobs(10).await.map_err(failed)?;
            h.admin.set_job_runner_paused(false).await.map_err(failed)?;
            let done = client.batch_task(&task_id).await.map_err(failed)?;
            let codes: Vec<i64> = done.task_info.iter().flatten().map(|i| i.code).collect();
            expect(
                done.status == 9 && codes == [0, 10013, 40015],
                format!("{done:?}"),
            )?;
            let ids = h
                .admin
                .user_ids("compat", "rust1", APP.0)
                .await
                .map_err(failed)?;
            let open_id = done.task_info.as_ref().and_then(|i| i[0].open_id.clone());
            expect(
                open_id.as_deref() == Some(ids.open_id.as_str()),
                "the created user is real",
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /open-apis/contact/v2/department/batch_add",
        "parents created earlier in the batch",
        async {
            h.admin.set_job_runner_paused(true).await.map_err(failed)?;
            let department = |id: &str, parent: &str| BatchDepartment {
                id: Some(id.into()),
                name: Some(id.into()),
                parent_id: Some(parent.into()),
                ..BatchDepartment::default()
            };
            let task_id = client
                .batch_add_departments(vec![
                    department("rust-a", "0"),
                    department("rust-b", "rust-a"),
                    department("rust-c", "none"),
                ])
                .await
                .map_err(failed)?;
            h.admin.step_jobs(10).await.map_err(failed)?;
            h.admin.set_job_runner_paused(false).await.map_err(failed)?;
            let done = client.batch_task(&task_id).await.map_err(failed)?;
            let codes: Vec<i64> = done.task_info.iter().flatten().map(|i| i.code).collect();
            expect(codes == [0, 0, 40017], format!("{codes:?}"))?;
            Ok(String::new())
        },
    )
    .await;
    h.check(endpoint, "an unknown task gets 40020", async {
        expect_code(
            client.batch_task("0123456789abcdef0123456789abcdef").await,
            40020,
        )
    })
    .await;
}

async fn dingtalk(h: &Harness) {
    let client =
        DingTalkClient::new("dingcompatrust", "rust-dingtalk-secret").with_base_url(&h.base);
    let mut task_id = String::new();
    h.check(
        "POST /topapi/workspace/task/create",
        "creates a task",
        async {
            let input = TaskInput {
                source: Some("rustsdk".into()),
                source_id: Some("rust-1".into()),
                subject: Some("来自 openwork-sdk".into()),
                description: Some("初稿".into()),
                plan_finish_date: Some("2024-07-01 18:00:00".into()),
                ..TaskInput::default()
            };
            let task = client.create_task("c01", &input).await.map_err(failed)?;
            expect(
                task.plan_finish_date.as_deref() == Some("2024-07-01 18:00:00"),
                format!("{task:?}"),
            )?;
            task_id = task.task_id;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/update",
        "clears a text and a date",
        async {
            let clear = TaskInput {
                description: Some(String::new()),
                plan_finish_date: Some("1970-01-01 08:00:00".into()),
                ..TaskInput::default()
            };
            client
                .update_task("c02", &task_id, &clear)
                .await
                .map_err(failed)?;
            let task = client.task(&task_id).await.map_err(failed)?;
            expect(
                task.description.is_none() && task.plan_finish_date.is_none(),
                format!("{task:?}"),
            )?;
            expect(task.modifier_userid.as_deref() == Some("c02"), "modifier")?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/getbysourceid",
        "reads the fixture's task",
        async {
            let task = client
                .task_by_source(Some("compat"), "fixture-1")
                .await
                .map_err(failed)?;
            expect(
                task.subject == "兼容任务" && task.belong_corp_id.as_deref() == Some("dingcompat"),
                format!("{task:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/getbysourceid",
        "a missing task is 88/60121",
        async { expect_task_missing(client.task_by_source(Some("rustsdk"), "nope").await) },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/delete",
        "deletes a task",
        async {
            client.delete_task("c01", &task_id).await.map_err(failed)?;
            match client.task(&task_id).await {
                Err(SdkError::DingTalk { errcode: 88, .. }) => Ok(String::new()),
                other => Err(format!("still there: {other:?}")),
            }
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/get",
        "reads the fixture's task by id, every field",
        async {
            let task = client.task(FIXTURE_TASK).await.map_err(failed)?;
            expect(
                task.source == "compat"
                    && task.source_id == "fixture-1"
                    && task.subject == "兼容任务"
                    && task.creator_userid.as_deref() == Some("c01")
                    && task.executor_userid.as_deref() == Some("c02")
                    && task.priority == Some(20)
                    && task.plan_finish_date.as_deref() == Some("2024-06-30 18:00:00"),
                format!("{task:?}"),
            )?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/get",
        "an unknown id is 88/60121",
        async { expect_task_missing(client.task("7699999999999999999").await) },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/deletebyproject",
        "deletes the project's tasks and no other",
        async {
            for source_id in ["rust-project-1", "rust-project-2"] {
                let input = TaskInput {
                    source: Some("rustsdk".into()),
                    source_id: Some(source_id.into()),
                    subject: Some(source_id.into()),
                    corp_id: Some(RUST_PROJECT.into()),
                    ..TaskInput::default()
                };
                client.create_task("c01", &input).await.map_err(failed)?;
            }
            client
                .delete_project_tasks("c01", RUST_PROJECT)
                .await
                .map_err(failed)?;
            for source_id in ["rust-project-1", "rust-project-2"] {
                match client.task_by_source(Some("rustsdk"), source_id).await {
                    Err(SdkError::DingTalk { errcode: 88, .. }) => {}
                    other => return Err(format!("{source_id} still there: {other:?}")),
                }
            }
            client
                .task_by_source(Some("compat"), "fixture-1")
                .await
                .map_err(|err| format!("another project's task went too: {err}"))?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/task/deletebyproject",
        "an operator outside the tenant is errcode 41",
        async {
            expect_dingtalk(
                client.delete_project_tasks("nobody", RUST_PROJECT).await,
                41,
            )
        },
    )
    .await;
    let tasklist = |hidden_org_wide: bool, projects: &[(&str, bool)]| Tasklist {
        userid: TASKLIST_USER.into(),
        hidden_org_wide,
        projects: projects
            .iter()
            .map(|&(project_id, hidden)| TasklistProject {
                project_id: project_id.into(),
                hidden,
            })
            .collect(),
    };
    let shows = |expected: Tasklist| async move {
        let actual = h
            .admin
            .tasklist("compat", TASKLIST_USER)
            .await
            .map_err(failed)?;
        expect(
            actual == expected,
            format!("{actual:?}, expected {expected:?}"),
        )
    };
    h.check(
        "POST /topapi/workspace/tasklist/addbyproject",
        "shows a project in the user's list",
        async {
            shows(tasklist(false, &[])).await?;
            client
                .show_project_tasks("c01", TASKLIST_USER, RUST_PROJECT)
                .await
                .map_err(failed)?;
            shows(tasklist(false, &[(RUST_PROJECT, false)])).await?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/tasklist/addbyproject",
        "an operator outside the tenant is errcode 41",
        async {
            let outcome = expect_dingtalk(
                client
                    .show_project_tasks("nobody", TASKLIST_USER, "rust-other")
                    .await,
                41,
            )?;
            shows(tasklist(false, &[(RUST_PROJECT, false)])).await?;
            Ok(outcome)
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/tasklist/hidebyproject",
        "hides the project again",
        async {
            client
                .hide_project_tasks("c01", TASKLIST_USER, RUST_PROJECT)
                .await
                .map_err(failed)?;
            shows(tasklist(false, &[(RUST_PROJECT, true)])).await?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/tasklist/hidebyproject",
        "a user outside the tenant is errcode 41",
        async {
            expect_dingtalk(
                client
                    .hide_project_tasks("c01", "nobody", RUST_PROJECT)
                    .await,
                41,
            )
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/tasklist/hidebyorg",
        "hides the whole organisation",
        async {
            client
                .hide_all_tasks("c01", TASKLIST_USER)
                .await
                .map_err(failed)?;
            shows(tasklist(true, &[(RUST_PROJECT, true)])).await?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/tasklist/hidebyorg",
        "an operator outside the tenant is errcode 41",
        async { expect_dingtalk(client.hide_all_tasks("nobody", TASKLIST_USER).await, 41) },
    )
    .await;
    h.check(
        "POST /topapi/workspace/tasklist/hidden/cancel",
        "shows the organisation again, projects untouched",
        async {
            client
                .cancel_hidden_tasks("c01", TASKLIST_USER)
                .await
                .map_err(failed)?;
            shows(tasklist(false, &[(RUST_PROJECT, true)])).await?;
            Ok(String::new())
        },
    )
    .await;
    h.check(
        "POST /topapi/workspace/tasklist/hidden/cancel",
        "a user outside the tenant is errcode 41",
        async { expect_dingtalk(client.cancel_hidden_tasks("c01", "nobody").await, 41) },
    )
    .await;
    h.check("GET /gettoken", "a wrong secret is 40096", async {
        let wrong = DingTalkClient::new("dingcompatrust", "wrong").with_base_url(&h.base);
        match wrong.access_token().await {
            Err(SdkError::DingTalk { errcode: 40096, .. }) => Ok(String::new()),
            other => Err(format!("{other:?}")),
        }
    })
    .await;
}

#[tokio::main]
async fn main() {
    let h = Harness::from_args();
    performance(&h).await;
    review_config(&h).await;
    metrics(&h).await;
    review_results(&h).await;
    additional_info(&h).await;
    metric_details(&h).await;
    report(&h).await;
    authen(&h).await;
    contact(&h).await;
    dingtalk(&h).await;
    if h.failures.get() > 0 {
        eprintln!("openwork-sdk: {} checks failed", h.failures.get());
    }
}
