//! Large worlds for benchmarks and load tests (`openwork generate`): one tenant with as many
//! users, stage tasks, reports and workspace tasks as asked, the same for the same seed.
//!
//! The world is built from the services' own types, not as fixture text: parsing a
//! million-task fixture would cost more than writing it. What it holds obeys the fixture rules
//! all the same (the tests below check the task counts with the fixture's own rule, and that
//! reports name users of the world).

use std::collections::BTreeMap;

use openwork_performance::fixture::Section;
use openwork_performance::{
    Activity, ActivityId, AdditionalInfo, I18n, Indicator, IndicatorId, IndicatorOption, ItemId,
    Metric, MetricDimension, MetricField, MetricFieldId, MetricFieldSetting, MetricId, MetricTag,
    MetricTagId, MetricTemplate, MetricTemplateId, MetricValue, PerformanceSettings, RecordId,
    ReviewField, ReviewRecord, ReviewTemplate, ReviewTemplateId, ReviewUnit, ReviewValue, Semester,
    SemesterId, Stage, StageId, StageTask, TemplateMetric, UserGroup, UserGroupId,
};
use openwork_platform::clock::{Millis, TenantClock};
use openwork_platform::directory::{
    App, Department, DingTalkApp, IdentityPins, Tenant, TenantDirectory, User, identities_for,
};
use openwork_platform::ids::{AppId, DepartmentId, TenantKey, UserId};
use openwork_report::fixture::Section as ReportSection;
use openwork_report::{FormField, Report, ReportRule, ReportSettings, ReportTaskId, RuleId};
use openwork_server::world::TenantWorld;
use openwork_workspace::{TaskExtension, WorkspaceTask, WorkspaceTaskId};

/// The generated app: tenant token, the performance module's reads (metrics included), reports
/// and contact jobs.
pub const BENCH_APP_ID: &str = "cli_bench0000000000001";
pub const BENCH_APP_SECRET: &str = "openwork-bench-secret";
/// The same app's DingTalk credentials (workspace tasks).
pub const BENCH_DINGTALK_APP_KEY: &str = "dingbench000000001";
pub const BENCH_DINGTALK_APP_SECRET: &str = "openwork-bench-dingtalk-secret";
/// The one semester; its stages are `BENCH_SEMESTER + 1 …`.
pub const BENCH_SEMESTER: &str = "7400000000000000001";
/// The review template of the activity, with one rated field.
pub const BENCH_TEMPLATE: &str = "7400000000000000800";
/// The semester's one activity, which reviews every user.
pub const BENCH_ACTIVITY: &str = "7200000000000000900";
/// The user group of every user.
pub const BENCH_GROUP: &str = "bench-everyone";
/// The weekly report rule every report belongs to.
pub const BENCH_RULE: &str = "7450000000000000001";
/// The workspace tasks' `source`; their `source_id`s are `bench-0` … `bench-{n-1}`.
pub const BENCH_TASK_SOURCE: &str = "bench";
/// The tenant's fixed clock: 2024-06-15T10:00:00+08:00, inside the semester.
pub const BENCH_NOW: Millis = Millis(1_718_416_800_000);

const DAY_MS: i64 = 86_400_000;
const USERS_PER_DEPARTMENT: usize = 1_000;

/// How much to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorldSize {
    pub users: usize,
    /// Stages of the semester; every user has a task in each.
    pub stages: usize,
    pub reports: usize,
    pub workspace_tasks: usize,
}

impl Default for WorldSize {
    /// The benchmark world: 100,000 users, 1,000,000 stage tasks, 200,000 reports and
    /// 100,000 workspace tasks.
    fn default() -> Self {
        Self {
            users: 100_000,
            stages: 10,
            reports: 200_000,
            workspace_tasks: 100_000,
        }
    }
}

/// SplitMix64: tiny, fast, and fixed by this code rather than by a crate's version, so a seed
/// names the same world for as long as this file does not change.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn user_id(index: usize) -> UserId {
    UserId::new(format!("u{index:06}"))
}

fn department_id(index: usize) -> DepartmentId {
    DepartmentId::new(format!("d{index:03}"))
}

/// A numeric ID after `base` (a 19-digit ID), as Feishu's snowflakes look.
fn numeric_after(base: &str, offset: usize) -> String {
    let base: u64 = base.parse().expect("a numeric base ID");
    (base + offset as u64).to_string()
}

/// A tenant named `tenant_key` holding a world of `size`, the same for the same `seed`.
///
/// Stages cover every status at [`BENCH_NOW`] (late submission is not allowed): the first
/// fifth have passed deadlines (`overdue` or `all_done`), one is paused (`stage_pause`), the
/// rest are due later (`need_todo` or `all_done`).
pub fn generate_world(tenant_key: &str, seed: u64, size: WorldSize) -> TenantWorld {
    let tenant = TenantKey::new(tenant_key);
    let mut rng = SplitMix64(seed);
    let app = App {
        tenant_key: tenant.clone(),
        app_id: AppId::new(BENCH_APP_ID),
        app_secret: BENCH_APP_SECRET.to_owned(),
        name: "Benchmark".to_owned(),
        developer: tenant_key.to_owned(),
        scopes: [
            "performance:performance:readonly",
            "performance:metric:read",
            "report:task:readonly",
            "report:rule:readonly",
            "report:report",
            "contact:contact",
            "contact:user.employee_id:readonly",
        ]
        .map(str::to_owned)
        .to_vec(),
        dingtalk: Some(DingTalkApp {
            app_key: BENCH_DINGTALK_APP_KEY.to_owned(),
            app_secret: BENCH_DINGTALK_APP_SECRET.to_owned(),
            agent_id: Some("200001".to_owned()),
            permissions: None,
        }),
    };
    let department_count = size.users.div_ceil(USERS_PER_DEPARTMENT).max(1);
    let departments: Vec<Department> = (0..department_count)
        .map(|d| {
            let leader =
                (d * USERS_PER_DEPARTMENT < size.users).then(|| user_id(d * USERS_PER_DEPARTMENT));
            Department::new(
                &tenant,
                department_id(d),
                format!("部门{d:03}"),
                DepartmentId::new("0"),
                leader,
            )
        })
        .collect();
    let users: Vec<User> = (0..size.users)
        .map(|i| {
            let department = i / USERS_PER_DEPARTMENT;
            let leader = department * USERS_PER_DEPARTMENT;
            User {
                user_id: user_id(i),
                name: format!("员工{i:06}"),
                en_name: Some(format!("Employee {i}")),
                email: Some(format!("u{i:06}@bench.example")),
                mobile: Some(format!("+86139{i:08}")),
                department_ids: vec![department_id(department)],
                leader_user_id: (leader != i).then(|| user_id(leader)),
                employee_no: Some(format!("E{i:06}")),
                attributes: serde_json::Map::new(),
            }
        })
        .collect();
    let apps = vec![app];
    let identities = users
        .iter()
        .flat_map(|u| identities_for(&tenant, &apps, &u.user_id, &IdentityPins::default()))
        .collect();

    let semester_id = SemesterId::new(BENCH_SEMESTER);
    let semester_start = BENCH_NOW.0 - 165 * DAY_MS;
    let semester = Semester {
        semester_id: semester_id.clone(),
        name: I18n {
            zh_cn: "2024 年度绩效".to_owned(),
            en_us: "2024 review".to_owned(),
        },
        year: 2024,
        type_group: "Annual".to_owned(),
        semester_type: "Annual".to_owned(),
        progress: "enabled".to_owned(),
        start_time: Millis(semester_start),
        end_time: Millis(semester_start + 365 * DAY_MS - 1),
        create_time: Millis(semester_start - 10 * DAY_MS),
        modify_time: Millis(semester_start - 10 * DAY_MS),
        create_user_id: Some(user_id(0)),
        modify_user_id: Some(user_id(0)),
    };
    let passed = size.stages / 5;
    let stages: Vec<Stage> = (0..size.stages)
        .map(|s| {
            let days_from_now = if s < passed {
                -30 + 5 * s as i64
            } else {
                10 + 15 * s as i64
            };
            let stage_id = StageId::new(numeric_after(BENCH_SEMESTER, 100 + s));
            Stage {
                jump_url: Some(format!(
                    "https://performance.bench.example/review/{semester_id}/{stage_id}"
                )),
                stage_id,
                semester_id: semester_id.clone(),
                name: I18n {
                    zh_cn: format!("阶段{}", s + 1),
                    en_us: format!("Stage {}", s + 1),
                },
                deadline: Millis(BENCH_NOW.0 + days_from_now * DAY_MS),
                paused: s == passed,
                position: s as i64,
                // The first stage is the final review, its results open at its deadline.
                stage_type: if s == 0 { "leader_review" } else { "review" }.to_owned(),
                review_stage_role: None,
                template_id: None,
                results_open_time: (s == 0).then(|| Millis(BENCH_NOW.0 + days_from_now * DAY_MS)),
                // The final review's results opened in the past: as a load declares them.
                results_announced: s == 0 && days_from_now <= 0,
            }
        })
        .collect();
    let mut stage_tasks = Vec::with_capacity(size.users * size.stages);
    for stage in &stages {
        for user in &users {
            let need_todo = 1 + rng.below(5) as i64;
            let finished = if rng.chance(60) {
                need_todo
            } else {
                rng.below(need_todo as u64) as i64
            };
            stage_tasks.push(StageTask {
                semester_id: semester_id.clone(),
                stage_id: stage.stage_id.clone(),
                user_id: user.user_id.clone(),
                need_todo,
                finished,
            });
        }
    }

    let results = ReviewResults::generate(&mut rng, &stages[0], &semester, &users);
    let metrics = MetricConfiguration::generate(&users);
    let additional_infos = additional_infos(&semester, &users);
    let metric_values = metrics.values(&semester, &users);

    let rule = ReportRule {
        rule_id: RuleId::new(BENCH_RULE),
        name: "工作周报".to_owned(),
        icon_name: Some("weekly".to_owned()),
        owner_user_id: Some(user_id(0)),
        creator_user_id: Some(user_id(0)),
        created_at: Millis(semester_start),
        form: vec![
            FormField {
                field_id: numeric_after(BENCH_RULE, 1),
                name: "本周工作".to_owned(),
                field_type: "text".to_owned(),
            },
            FormField {
                field_id: numeric_after(BENCH_RULE, 2),
                name: "工时".to_owned(),
                field_type: "number".to_owned(),
            },
        ],
        need_report_user_ids: Vec::new(),
        need_report_department_ids: vec![DepartmentId::new("0")],
        to_user_ids: Vec::new(),
        cc_user_ids: Vec::new(),
        manager_user_ids: Vec::new(),
        deleted: false,
    };
    let reports = (0..size.reports)
        .map(|r| {
            let from = rng.below(size.users.max(1) as u64) as usize;
            let leader = from / USERS_PER_DEPARTMENT * USERS_PER_DEPARTMENT;
            let to = if leader == from { 0 } else { leader };
            Report {
                task_id: ReportTaskId::new(numeric_after("7460000000000000000", r)),
                rule_id: rule.rule_id.clone(),
                from_user_id: user_id(from),
                // Within the 90 days before "now", to the second.
                commit_time: Millis(BENCH_NOW.0 - rng.below(90 * 86_400) as i64 * 1_000),
                to_user_ids: vec![user_id(to)],
                values: BTreeMap::from([
                    (
                        rule.form[0].field_id.clone(),
                        format!("第 {r} 份周报的工作内容"),
                    ),
                    (
                        rule.form[1].field_id.clone(),
                        (1 + rng.below(60)).to_string(),
                    ),
                ]),
            }
        })
        .collect();

    let corp_id = format!("ding{tenant_key}");
    let workspace_tasks = (0..size.workspace_tasks)
        .map(|t| {
            let creator = user_id(rng.below(size.users.max(1) as u64) as usize);
            let executor = user_id(rng.below(size.users.max(1) as u64) as usize);
            let created = Millis(BENCH_NOW.0 - rng.below(60 * 86_400) as i64 * 1_000);
            WorkspaceTask {
                task_id: WorkspaceTaskId::new(numeric_after("7470000000000000000", t)),
                source: BENCH_TASK_SOURCE.to_owned(),
                source_id: format!("bench-{t}"),
                subject: format!("基准任务 {t}"),
                description: Some("由 openwork generate 生成".to_owned()),
                modifier_userid: Some(creator.clone()),
                creator_userid: Some(creator),
                executor_userid: Some(executor),
                tracker_userids: Vec::new(),
                priority: Some([10, 20, 30, 40][rng.below(4) as usize]),
                status_stage: Some(rng.below(3) as i64),
                status_id: None,
                task_type_id: None,
                task_type_category: None,
                parent_id: None,
                corp_id: Some(format!("bench-project-{}", t % 100)),
                belong_corp_id: Some(corp_id.clone()),
                biz_tag: BENCH_TASK_SOURCE.to_owned(),
                is_archived: false,
                is_recycled: false,
                plan_start_date: Some(created),
                plan_finish_date: Some(Millis(created.0 + 14 * DAY_MS)),
                start_date: None,
                finish_date: None,
                gmt_create: created,
                gmt_modified: created,
                extension: TaskExtension::default(),
            }
        })
        .collect();

    let everyone: Vec<UserId> = users.iter().map(|u| u.user_id.clone()).collect();
    TenantWorld {
        directory: TenantDirectory {
            tenant: Tenant {
                tenant_key: tenant,
                name: "Bench Inc.".to_owned(),
                dingtalk_corp_id: Some(corp_id),
                clock: TenantClock::fixed_at(BENCH_NOW),
            },
            apps,
            departments,
            users,
            identities,
            subscriptions: Vec::new(),
        },
        performance: Section {
            settings: PerformanceSettings {
                licensed: true,
                allow_late_submission: false,
            },
            activities: vec![Activity {
                activity_id: ActivityId::new(BENCH_ACTIVITY),
                semester_id: semester.semester_id.clone(),
                name: I18n {
                    zh_cn: "全员绩效".to_owned(),
                    en_us: "Company review".to_owned(),
                },
                description: I18n::default(),
                mode: "metric_development_and_performance_review".to_owned(),
                progress: "enabled".to_owned(),
                review_template_id: Some(ReviewTemplateId::new(BENCH_TEMPLATE)),
                metric_template_id: Some(metrics.template.template_id.clone()),
                create_time: semester.create_time,
                modify_time: semester.modify_time,
                create_user_id: semester.create_user_id.clone(),
                modify_user_id: semester.modify_user_id.clone(),
                user_groups: vec![UserGroupId::new(BENCH_GROUP)],
            }],
            // Every user is reviewed in the semester's one activity.
            user_groups: vec![UserGroup {
                group_id: UserGroupId::new(BENCH_GROUP),
                api_writable: true,
                scope_visible_setting: 1,
                members: everyone,
            }],
            semesters: vec![semester],
            stages,
            stage_tasks,
            review_templates: vec![results.template],
            indicators: vec![results.indicator],
            review_records: results.records,
            additional_infos,
            metric_values,
            metric_tags: metrics.tags,
            metric_fields: metrics.fields,
            metrics: metrics.library,
            metric_templates: vec![metrics.template],
            ..Section::default()
        },
        report: ReportSection {
            settings: ReportSettings { enabled: true },
            rules: vec![rule],
            reports,
        },
        workspace_tasks,
    }
}

/// One additional-information item for every hundredth user.
fn additional_infos(semester: &Semester, users: &[User]) -> Vec<AdditionalInfo> {
    users
        .iter()
        .enumerate()
        .step_by(100)
        .map(|(i, user)| AdditionalInfo {
            item_id: ItemId::new(numeric_after(BENCH_TEMPLATE, 200_000 + i)),
            semester_id: semester.semester_id.clone(),
            external_id: Some(format!("bench-info-{i}")),
            reviewee_user_id: user.user_id.clone(),
            item: format!("事项 {i}"),
            time: "2024-05".to_owned(),
            detailed_description: "季度复盘".to_owned(),
        })
        .collect()
}

/// A small metric configuration: two tags, three fields, two library metrics and one template
/// setting both, the first user filling in the data.
struct MetricConfiguration {
    tags: Vec<MetricTag>,
    fields: Vec<MetricField>,
    library: Vec<Metric>,
    template: MetricTemplate,
}

impl MetricConfiguration {
    fn generate(users: &[User]) -> Self {
        let id = |offset: usize| numeric_after(BENCH_TEMPLATE, 100 + offset);
        let name = |zh: &str, en: &str| I18n {
            zh_cn: zh.to_owned(),
            en_us: en.to_owned(),
        };
        let tags: Vec<MetricTag> = [("业务", "Business"), ("质量", "Quality")]
            .iter()
            .enumerate()
            .map(|(i, (zh, en))| MetricTag {
                tag_id: MetricTagId::new(id(i)),
                name: name(zh, en),
                index: i as i64,
                create_time: BENCH_NOW,
                update_time: BENCH_NOW,
            })
            .collect();
        let fields: Vec<MetricField> = [
            ("目标值", "Target", "number"),
            ("完成率", "Completion", "pencentage"),
            ("评价人", "Rater", "person"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (zh, en, kind))| MetricField {
            field_id: MetricFieldId::new(id(10 + i)),
            name: name(zh, en),
            field_type: (*kind).to_owned(),
        })
        .collect();
        let inputter = users.first().map(|u| u.user_id.clone());
        let library: Vec<Metric> = [("季度营收", 0), ("线上故障数", 1)]
            .iter()
            .enumerate()
            .map(|(i, (metric_name, tag))| Metric {
                metric_id: MetricId::new(id(20 + i)),
                name: (*metric_name).to_owned(),
                type_id: id(30),
                tags: vec![tags[*tag].tag_id.clone()],
                fields: vec![
                    MetricFieldSetting {
                        field_id: fields[0].field_id.clone(),
                        input_setting: "admin".to_owned(),
                        value: Some("100".to_owned()),
                        person: None,
                    },
                    MetricFieldSetting {
                        field_id: fields[1].field_id.clone(),
                        input_setting: "data_source_inputter".to_owned(),
                        value: None,
                        person: None,
                    },
                ],
                scoring_setting_type: "score_manually".to_owned(),
                scoring_formula: None,
                data_source_inputters: inputter.iter().cloned().collect(),
                range_of_availability: "admins_and_reviewees".to_owned(),
                is_active: true,
            })
            .collect();
        let dimension = id(40);
        let template = MetricTemplate {
            template_id: MetricTemplateId::new(id(50)),
            name: name("全员指标", "Company metrics"),
            description: I18n::default(),
            status: "enabled".to_owned(),
            total_metric_score_method: "weight".to_owned(),
            metric_weight_method: "total_sum_of_all_metric_weight_equals_1".to_owned(),
            dimensions: vec![MetricDimension {
                dimension_id: dimension.clone(),
                name: name("业绩", "Results"),
                description: I18n::default(),
                weight: Some("100".to_owned()),
            }],
            metrics: library
                .iter()
                .map(|m| TemplateMetric {
                    metric_id: m.metric_id.clone(),
                    dimension_id: dimension.clone(),
                    min: None,
                    max: None,
                })
                .collect(),
        };
        Self {
            tags,
            fields,
            library,
            template,
        }
    }
}

impl MetricConfiguration {
    /// Every hundredth user's completion of each metric, as a data-source import wrote it.
    fn values(&self, semester: &Semester, users: &[User]) -> Vec<MetricValue> {
        let completion = &self.fields[1].field_id;
        users
            .iter()
            .enumerate()
            .step_by(100)
            .flat_map(|(i, user)| {
                self.library.iter().map(move |metric| MetricValue {
                    semester_id: semester.semester_id.clone(),
                    reviewee_user_id: user.user_id.clone(),
                    metric_id: metric.metric_id.clone(),
                    field_id: completion.clone(),
                    value: Some(((i / 100) % 121).to_string()),
                    person: None,
                    import_record_id: None,
                })
            })
            .collect()
    }
}

/// The final-review results of a generated world: every user rated once on one indicator by
/// the first user, with the template and indicator they answer to.
struct ReviewResults {
    template: ReviewTemplate,
    indicator: Indicator,
    records: Vec<ReviewRecord>,
}

impl ReviewResults {
    fn generate(rng: &mut SplitMix64, stage: &Stage, semester: &Semester, users: &[User]) -> Self {
        let indicator_id = IndicatorId::new(numeric_after(BENCH_TEMPLATE, 1));
        let name = |zh: &str, en: &str| I18n {
            zh_cn: zh.to_owned(),
            en_us: en.to_owned(),
        };
        let options: Vec<IndicatorOption> = ["S", "A", "B", "C"]
            .iter()
            .enumerate()
            .map(|(i, label)| IndicatorOption {
                option_id: numeric_after(BENCH_TEMPLATE, 10 + i),
                name: name(label, label),
                label: (*label).to_owned(),
            })
            .collect();
        let field = ReviewField {
            field_id: numeric_after(BENCH_TEMPLATE, 2),
            name: name("绩效等级", "Rating"),
            indicator_id: Some(indicator_id.to_string()),
            tag_based_question_id: None,
            objective_text_qustion_title: None,
            keyresult_text_qustion_title: None,
            parent_field_id: None,
            kpi_template_id: None,
        };
        let unit_id = numeric_after(BENCH_TEMPLATE, 3);
        let records = users
            .iter()
            .enumerate()
            .map(|(i, user)| ReviewRecord {
                record_id: RecordId::new(numeric_after(BENCH_TEMPLATE, 1000 + i)),
                semester_id: semester.semester_id.clone(),
                activity_id: ActivityId::new(BENCH_ACTIVITY),
                stage_id: stage.stage_id.clone(),
                reviewee_user_id: user.user_id.clone(),
                reviewer_user_id: Some(user_id(0)),
                submit_time: Some(Millis(stage.deadline.0 - DAY_MS)),
                values: vec![ReviewValue {
                    unit_id: unit_id.clone(),
                    field_id: field.field_id.clone(),
                    indicator_id: Some(indicator_id.clone()),
                    option_id: Some(options[rng.below(4) as usize].option_id.clone()),
                    score: None,
                    text: None,
                    tag_based_question_id: None,
                    tags: Vec::new(),
                }],
            })
            .collect();
        Self {
            template: ReviewTemplate {
                review_template_id: ReviewTemplateId::new(BENCH_TEMPLATE),
                name: name("年度绩效", "Annual review"),
                description: I18n::default(),
                status: "enabled".to_owned(),
                templates: Vec::new(),
                units: vec![ReviewUnit {
                    unit_id,
                    name: name("业绩", "Results"),
                    fields: vec![field],
                }],
            },
            indicator: Indicator {
                indicator_id,
                name: name("绩效等级", "Rating"),
                indicator_type: "general_review_item".to_owned(),
                options,
            },
            records,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openwork_performance::StatusContext;
    use openwork_performance::fixture::check_task_counts;

    const SMALL: WorldSize = WorldSize {
        users: 2_500,
        stages: 10,
        reports: 300,
        workspace_tasks: 200,
    };

    #[test]
    fn the_same_seed_gives_the_same_world_and_another_seed_another() {
        let summary = |seed| {
            let world = generate_world("bench", seed, SMALL);
            let tasks: Vec<(i64, i64)> = world
                .performance
                .stage_tasks
                .iter()
                .map(|t| (t.need_todo, t.finished))
                .collect();
            let reports: Vec<(String, i64)> = world
                .report
                .reports
                .iter()
                .map(|r| (r.from_user_id.to_string(), r.commit_time.0))
                .collect();
            (tasks, reports)
        };
        assert_eq!(summary(7), summary(7));
        assert_ne!(summary(7), summary(8));
    }

    #[test]
    fn the_world_has_the_asked_size_and_keeps_the_fixture_rules() {
        let world = generate_world("bench", 1, SMALL);
        let summary = world.summary();
        assert_eq!(
            (
                summary.users,
                summary.stages,
                summary.stage_tasks,
                summary.reports,
                summary.workspace_tasks,
                summary.departments,
                world.directory.identities.len(),
            ),
            (2_500, 10, 25_000, 300, 200, 3, 2_500)
        );
        for task in &world.performance.stage_tasks {
            check_task_counts("need_todo", task.need_todo, "finished", task.finished)
                .expect("counts within the vendor's range");
        }
        let users: std::collections::HashSet<&UserId> =
            world.directory.users.iter().map(|u| &u.user_id).collect();
        for report in &world.report.reports {
            assert!(users.contains(&report.from_user_id));
            assert!(report.to_user_ids.iter().all(|u| users.contains(u)));
        }
        let sources: std::collections::HashSet<&str> = world
            .workspace_tasks
            .iter()
            .map(|t| t.source_id.as_str())
            .collect();
        assert_eq!(
            sources.len(),
            world.workspace_tasks.len(),
            "source ids unique"
        );
    }

    #[test]
    fn every_stage_task_status_occurs() {
        let world = generate_world("bench", 3, SMALL);
        let context = StatusContext {
            now: BENCH_NOW,
            allow_late_submission: world.performance.settings.allow_late_submission,
        };
        let statuses: std::collections::BTreeSet<&str> = world
            .performance
            .stage_tasks
            .iter()
            .map(|task| {
                let stage = world
                    .performance
                    .stages
                    .iter()
                    .find(|s| s.stage_id == task.stage_id)
                    .expect("its stage");
                context.status(stage, task).as_str()
            })
            .collect();
        assert_eq!(
            statuses,
            ["all_done", "need_todo", "overdue", "stage_pause"]
                .into_iter()
                .collect()
        );
    }
}
