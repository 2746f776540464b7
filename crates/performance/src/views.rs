//! The performance answers in the vendor's wire shapes (v1 names carry both key spellings, int64
//! values are strings), and in the admin API's.

use openwork_wire::admin;
use openwork_wire::feishu::performance as wire;
use openwork_wire::json::{WriteJson, write_bool, write_int, write_serialized, write_string};

use openwork_platform::service::{UserRef, UserRefs};

use std::sync::Arc;

use openwork_platform::ids::UserId;
use openwork_wire::lenient::NumberText;

use crate::additional::{ImportedInfos, InfoView};
use crate::admin::StageTaskNow;
use crate::metric_details::{FieldValue, MetricDetails, MetricSheet, SheetMetric};
use crate::model::{
    I18n, Indicator, ItemId, Metric, MetricField, MetricTag, MetricTemplate, NamedRef, Question,
    ReviewTemplate, Semester, SemesterId, SemesterStages, Stage,
};
use crate::results::{ResultProfile, ResultRecord, ResultsV1, ResultsV2, UserInfoView};
use crate::service::{
    ActivityView, GroupWriteOutcome, Page, RevieweePage, SemesterView, StageTaskList,
    StageTaskPage, UserStageTasks,
};
use crate::store::{IndexedRecord, IndexedValue};

/// `data` of `find_by_page` as written to the answer: the JSON of [`wire::FindByPageData`] (a
/// test reads it back as that type and writes it again, byte for byte), written by hand (see
/// [`StageTaskItems`]).
pub struct FindByPageBody<'a> {
    base: wire::SemesterBase,
    items: StageTaskItems<'a>,
    has_more: bool,
    page_token: Option<&'a str>,
}

impl<'a> From<&'a StageTaskPage> for FindByPageBody<'a> {
    fn from(page: &'a StageTaskPage) -> Self {
        Self {
            base: semester_base(&page.semester),
            items: StageTaskItems::new(&page.items),
            has_more: page.has_more,
            page_token: page.page_token.as_deref(),
        }
    }
}

impl WriteJson for FindByPageBody<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.items.write_with_base(&self.base, out);
        out.extend_from_slice(b",\"has_more\":");
        write_bool(out, self.has_more);
        if let Some(token) = self.page_token {
            out.extend_from_slice(b",\"page_token\":");
            write_string(out, token);
        }
        out.push(b'}');
    }
}

/// `data` of `find_by_user_list` as written to the answer: the JSON of
/// [`wire::FindByUserListData`] (tested as [`FindByPageBody`] is).
pub struct FindByUserListBody<'a> {
    base: wire::SemesterBase,
    items: StageTaskItems<'a>,
}

impl<'a> From<&'a StageTaskList> for FindByUserListBody<'a> {
    fn from(list: &'a StageTaskList) -> Self {
        Self {
            base: semester_base(&list.semester),
            items: StageTaskItems::new(&list.items),
        }
    }
}

impl WriteJson for FindByUserListBody<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.items.write_with_base(&self.base, out);
        out.push(b'}');
    }
}

/// Users with their stage tasks, as `[wire::UserStageTasks]` writes them. A page of 50 users has
/// 500 tasks of a handful of stages. Each stage's own fields (ID, names, deadline, URL) are
/// written once per page and copied into each of its tasks, and the rest is written by hand:
/// serde's walk, escaping eight keys per task, was the largest share of a page's time.
struct StageTaskItems<'a> {
    users: &'a [UserStageTasks],
    /// The page's stages (a handful), each with its fields written.
    stages: Vec<(&'a Stage, StageFields)>,
}

/// One stage's own fields of a [`wire::StageTaskInfo`], as JSON: what comes before a task's
/// counts, and its `jump_url` member (empty when it has none).
struct StageFields {
    head: Vec<u8>,
    jump_url: Vec<u8>,
}

impl StageFields {
    fn of(stage: &Stage) -> Self {
        let mut head = b"{\"stage_id\":".to_vec();
        write_string(&mut head, stage.stage_id.as_str());
        head.extend_from_slice(b",\"name\":");
        write_serialized(&mut head, &i18n_v1(&stage.name));
        head.extend_from_slice(b",\"deadline\":");
        write_string(&mut head, &stage.deadline.0.to_string());
        head.extend_from_slice(b",\"need_todo_count\":");
        let mut jump_url = Vec::new();
        if let Some(url) = &stage.jump_url {
            jump_url.extend_from_slice(b",\"jump_url\":");
            write_string(&mut jump_url, url);
        }
        Self { head, jump_url }
    }
}

/// Where `stage` is among a page's stages: by address first, as the tasks of one stage share its
/// `Arc` (comparing IDs for each of a page's hundreds of tasks showed in profiles), by ID only
/// for a stage met the first time.
fn stage_position(stages: &[(&Stage, StageFields)], stage: &Stage) -> Option<usize> {
    let found =
        |same: fn(&Stage, &Stage) -> bool| stages.iter().position(|(known, _)| same(known, stage));
    found(|a, b| std::ptr::eq(a, b)).or_else(|| found(|a, b| a.stage_id == b.stage_id))
}

/// Bytes a task writes beside its stage's fields, and a user beside its tasks, at most for
/// counts of up to a few digits and IDs of a few tens of characters: what the answer's buffer
/// reserves up front, so that it is not grown (and copied) a dozen times.
const TASK_BYTES: usize = 96;
const USER_BYTES: usize = 192;

impl<'a> StageTaskItems<'a> {
    fn new(users: &'a [UserStageTasks]) -> Self {
        let mut stages: Vec<(&'a Stage, StageFields)> = Vec::new();
        for task in users.iter().flat_map(|user| &user.tasks) {
            if stage_position(&stages, &task.stage).is_none() {
                stages.push((&task.stage, StageFields::of(&task.stage)));
            }
        }
        Self { users, stages }
    }

    /// A task's stage fields: a scan of a handful (cheaper than hashing its ID for each of a
    /// page's hundreds of tasks).
    fn fields_of(&self, stage: &Stage) -> &StageFields {
        let at = stage_position(&self.stages, stage).expect("new() wrote every stage of the page");
        &self.stages[at].1
    }

    /// `{"base":…,"items":[…]`: how both answers that list stage tasks begin.
    fn write_with_base(&self, base: &wire::SemesterBase, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"base\":");
        write_serialized(out, base);
        out.extend_from_slice(b",\"items\":");
        self.write_json(out);
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        let widest_stage = self
            .stages
            .iter()
            .map(|(_, fields)| fields.head.len() + fields.jump_url.len())
            .max()
            .unwrap_or_default();
        let tasks: usize = self.users.iter().map(|user| user.tasks.len()).sum();
        out.reserve(self.users.len() * USER_BYTES + tasks * (widest_stage + TASK_BYTES));
        out.push(b'[');
        for (n, user) in self.users.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"user_id\":");
            write_string(out, &user.user_id);
            out.extend_from_slice(b",\"stage_num_lists\":[");
            for (n, (option, count)) in user.counts.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"task_option_id\":");
                write_int(out, option.id());
                out.extend_from_slice(b",\"stage_num\":");
                write_int(out, *count);
                out.push(b'}');
            }
            out.extend_from_slice(b"],\"stage_task_info_lists\":[");
            for (n, task) in user.tasks.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                let stage = self.fields_of(&task.stage);
                out.extend_from_slice(&stage.head);
                write_int(out, task.need_todo);
                out.extend_from_slice(b",\"finished_count\":");
                write_int(out, task.finished);
                out.extend_from_slice(&stage.jump_url);
                out.extend_from_slice(b",\"stage_task_status\":");
                write_string(out, task.status.as_str());
                out.extend_from_slice(b",\"task_option_id\":");
                write_int(out, task.status.option().id());
                out.push(b'}');
            }
            out.extend_from_slice(b"]}");
        }
        out.push(b']');
    }
}

/// `semesters`' answer.
pub fn semester_list(semesters: Vec<SemesterView>) -> wire::SemesterListData {
    wire::SemesterListData {
        items: semesters.into_iter().map(semester_item).collect(),
    }
}

/// VENDOR: paging only inside `data`, as the vendor's page shows it for this call (and for
/// `indicators/query` and `questions/query`).
impl From<Page<ReviewTemplate>> for wire::ReviewTemplateData {
    fn from(page: Page<ReviewTemplate>) -> Self {
        Self {
            review_templates: page.items.iter().map(review_template).collect(),
            has_more: page.has_more,
            page_token: page.page_token,
        }
    }
}

impl From<Page<Indicator>> for wire::IndicatorQueryData {
    fn from(page: Page<Indicator>) -> Self {
        Self {
            indicators: page
                .items
                .iter()
                .map(|indicator| wire::Indicator {
                    id: indicator.indicator_id.to_string(),
                    name: i18n_v2(&indicator.name),
                    indicator_type: indicator.indicator_type.clone(),
                    options: indicator
                        .options
                        .iter()
                        .map(|option| wire::IndicatorOption {
                            id: option.option_id.clone(),
                            name: i18n_v2(&option.name),
                            lable: option.label.clone(),
                        })
                        .collect(),
                })
                .collect(),
            has_more: page.has_more,
            page_token: page.page_token,
        }
    }
}

impl From<Page<Question>> for wire::QuestionQueryData {
    fn from(page: Page<Question>) -> Self {
        Self {
            tag_based_questions: page
                .items
                .iter()
                .map(|question| wire::Question {
                    question_id: question.question_id.to_string(),
                    name: i18n_v2(&question.name),
                    tag_items: question
                        .tag_items
                        .iter()
                        .map(|tag| wire::TagItem {
                            id: tag.tag_id.clone(),
                            name: i18n_v2(&tag.name),
                        })
                        .collect(),
                })
                .collect(),
            has_more: page.has_more,
            page_token: page.page_token,
        }
    }
}

/// `activity/query`'s answer.
pub fn activity_list(activities: Vec<ActivityView>) -> wire::ActivityQueryData {
    wire::ActivityQueryData {
        activities: activities
            .into_iter()
            .map(|view| {
                let activity = view.activity;
                wire::Activity {
                    id: activity.activity_id.to_string(),
                    name: i18n_v2(&activity.name),
                    description: i18n_v2(&activity.description),
                    semester_id: activity.semester_id.to_string(),
                    mode: activity.mode,
                    progress: activity.progress,
                    create_time: activity.create_time.0.to_string(),
                    modify_time: activity.modify_time.0.to_string(),
                    create_user_id: view.create_user_id,
                    modify_user_id: view.modify_user_id,
                }
            })
            .collect(),
    }
}

/// VENDOR: paging only inside `data`, as for the other v2 queries.
impl From<RevieweePage> for wire::RevieweeQueryData {
    fn from(page: RevieweePage) -> Self {
        Self {
            semester_id: page.semester_id.to_string(),
            reviewees: page
                .reviewees
                .items
                .into_iter()
                .map(|reviewee| wire::Reviewee {
                    reviewee_user_id: user_ref(&reviewee.user),
                    activity_ids: reviewee
                        .activities
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                    reviewprofile_url: reviewee.profile_url,
                })
                .collect(),
            has_more: page.reviewees.has_more,
            page_token: page.reviewees.page_token,
        }
    }
}

/// VENDOR: fail code 1 is "员工未找到" (no such employee).
const FAIL_USER_NOT_FOUND: i64 = 1;

impl From<GroupWriteOutcome> for wire::GroupWriteData {
    fn from(outcome: GroupWriteOutcome) -> Self {
        Self {
            data: wire::GroupWriteResult {
                success_user_ids: outcome.written,
                fail_user_datas: outcome
                    .not_found
                    .into_iter()
                    .map(|user_id| wire::GroupWriteFailure {
                        user_id,
                        fail_code: FAIL_USER_NOT_FOUND,
                    })
                    .collect(),
            },
        }
    }
}

fn user_ref(user: &UserRef) -> wire::UserRef {
    wire::UserRef {
        open_id: Some(user.open_id().to_owned()),
        user_id: Some(user.id().to_owned()),
    }
}

fn i18n_v1(name: &I18n) -> wire::I18nV1 {
    wire::I18nV1::new(&name.zh_cn, &name.en_us)
}

fn i18n_v2(name: &I18n) -> wire::I18nV2 {
    wire::I18nV2 {
        zh_cn: name.zh_cn.clone(),
        en_us: name.en_us.clone(),
    }
}

fn semester_base(semester: &Semester) -> wire::SemesterBase {
    wire::SemesterBase {
        semester_id: semester.semester_id.to_string(),
        semester_name: i18n_v1(&semester.name),
        start_time: semester.start_time.0.to_string(),
        end_time: semester.end_time.0.to_string(),
    }
}

fn semester_item(view: SemesterView) -> wire::SemesterItem {
    let s = view.semester;
    wire::SemesterItem {
        id: s.semester_id.to_string(),
        year: i64::from(s.year),
        type_group: s.type_group,
        semester_type: s.semester_type,
        name: i18n_v1(&s.name),
        progress: s.progress,
        start_time: s.start_time.0.to_string(),
        end_time: s.end_time.0.to_string(),
        create_time: s.create_time.0.to_string(),
        modify_time: s.modify_time.0.to_string(),
        create_user_id: view.create_user_id,
        modify_user_id: view.modify_user_id,
    }
}

fn review_template(t: &ReviewTemplate) -> wire::ReviewTemplate {
    wire::ReviewTemplate {
        review_template_id: t.review_template_id.to_string(),
        name: i18n_v2(&t.name),
        description: i18n_v2(&t.description),
        status: t.status.clone(),
        templates: t
            .templates
            .iter()
            .map(|st| wire::StageTemplate {
                template_id: st.template_id.clone(),
                name: i18n_v2(&st.name),
                stage_type: st.stage_type.clone(),
                review_stage_role: st.review_stage_role.clone(),
                review_stage_data_write_mode: st.review_stage_data_write_mode.clone(),
            })
            .collect(),
        units: t
            .units
            .iter()
            .map(|unit| wire::ReviewUnit {
                unit_id: unit.unit_id.clone(),
                name: i18n_v2(&unit.name),
                fields: unit
                    .fields
                    .iter()
                    .map(|f| wire::ReviewField {
                        field_id: f.field_id.clone(),
                        name: i18n_v2(&f.name),
                        indicator_id: f.indicator_id.clone(),
                        tag_based_question_id: f.tag_based_question_id.clone(),
                        objective_text_qustion_title: f
                            .objective_text_qustion_title
                            .as_ref()
                            .map(i18n_v2),
                        keyresult_text_qustion_title: f
                            .keyresult_text_qustion_title
                            .as_ref()
                            .map(i18n_v2),
                        parent_field_id: f.parent_field_id.clone(),
                        kpi_template_id: f.kpi_template_id.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// `user_info/query`'s answer.
pub fn user_info_list(semester_id: &SemesterId, users: Vec<UserInfoView>) -> wire::UserInfoData {
    let named = |named: NamedRef| wire::NamedRef {
        id: named.id,
        name: i18n_v2(&named.name),
    };
    wire::UserInfoData {
        semester_id: semester_id.to_string(),
        user_infos: users
            .into_iter()
            .map(|view| wire::UserInfo {
                user_id: user_ref(&view.user),
                direct_leader_user_id: view.direct_leader.as_ref().map(user_ref),
                // The directory keeps one name per department: both languages show it.
                department: view.department.map(|(id, name)| wire::NamedRef {
                    id,
                    name: wire::I18nV2 {
                        zh_cn: name.clone(),
                        en_us: name,
                    },
                }),
                job_family: view.job_family.map(named),
                job_level: view.job_level.map(named),
            })
            .collect(),
    }
}

/// `data` of `v1/review_datas/query` as written to the answer: the JSON of
/// [`wire::ReviewDataV1Data`]. The configuration the results name (a few semesters,
/// activities, indicators and templates) goes through serde; the results themselves, nearly
/// all of an answer (28 of its 30 KB for 50 reviewees), are written straight from the
/// profiles, without a wire copy of every record's strings for serde to walk.
pub struct ReviewDataV1Body(pub ResultsV1);

impl WriteJson for ReviewDataV1Body {
    fn write_json(&self, out: &mut Vec<u8>) {
        let results = &self.0;
        let templates = || results.templates.iter();
        let units: Vec<wire::UnitV1> = templates()
            .flat_map(|t| t.units.iter())
            .map(|unit| wire::UnitV1 {
                id: unit.unit_id.clone(),
                name: i18n_v1(&unit.name),
            })
            .collect();
        let fields: Vec<wire::FieldV1> = templates()
            .flat_map(|t| t.units.iter().flat_map(|u| u.fields.iter()))
            .map(|field| wire::FieldV1 {
                id: field.field_id.clone(),
                name: i18n_v1(&field.name),
                indicator_id: field.indicator_id.clone(),
                parent_field_id: field.parent_field_id.clone(),
            })
            .collect();
        let stage_templates: Vec<wire::TemplateV1> = templates()
            .flat_map(|t| t.templates.iter())
            .map(|stage| wire::TemplateV1 {
                id: stage.template_id.clone(),
                name: i18n_v1(&stage.name),
                stage: stage.stage_type.clone(),
            })
            .collect();
        let semesters: Vec<wire::SemesterItem> = results
            .semesters
            .iter()
            .cloned()
            .map(semester_item)
            .collect();
        let activities: Vec<wire::ActivityV1> = results
            .activities
            .iter()
            .map(|a| wire::ActivityV1 {
                id: a.activity_id.to_string(),
                name: i18n_v1(&a.name),
                semester_id: a.semester_id.to_string(),
            })
            .collect();
        let indicators: Vec<wire::IndicatorV1> = results
            .indicators
            .iter()
            .map(|i| wire::IndicatorV1 {
                id: i.indicator_id.to_string(),
                name: i18n_v1(&i.name),
                options: i
                    .options
                    .iter()
                    .map(|o| wire::IndicatorOptionV1 {
                        id: o.option_id.clone(),
                        name: i18n_v1(&o.name),
                        label: o.label.clone(),
                    })
                    .collect(),
            })
            .collect();
        out.extend_from_slice(b"{\"semesters\":");
        write_serialized(out, &semesters);
        out.extend_from_slice(b",\"activities\":");
        write_serialized(out, &activities);
        out.extend_from_slice(b",\"indicators\":");
        write_serialized(out, &indicators);
        out.extend_from_slice(b",\"templates\":");
        write_serialized(out, &stage_templates);
        out.extend_from_slice(b",\"units\":");
        write_serialized(out, &units);
        out.extend_from_slice(b",\"fields\":");
        write_serialized(out, &fields);
        out.extend_from_slice(b",\"datas\":[");
        for (n, profile) in results.profiles.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            write_profile_v1(out, profile, &results.people);
        }
        out.extend_from_slice(b"]}");
    }
}

/// A profile as [`wire::ReviewProfileV1`] writes it: each stage with its records' answers.
fn write_profile_v1(out: &mut Vec<u8>, profile: &ResultProfile, people: &UserRefs) {
    out.extend_from_slice(b"{\"user_id\":");
    write_user_ref(out, &profile.reviewee);
    out.extend_from_slice(b",\"semester_id\":");
    write_string(out, profile.semester_id.as_str());
    out.extend_from_slice(b",\"activity_id\":");
    write_string(out, profile.activity.activity_id.as_str());
    out.extend_from_slice(b",\"stages\":[");
    for (n, records) in profile.stages.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let stage = &records[0].stage;
        out.extend_from_slice(b"{\"stage_type\":");
        write_string(out, &stage.stage_type);
        out.extend_from_slice(b",\"progress\":");
        // The stage is as far as its least advanced record.
        write_int(out, records.iter().map(|r| r.progress).min().unwrap_or(0));
        out.extend_from_slice(b",\"data\":[");
        let answers = records
            .iter()
            .flat_map(|r| r.record.values().map(move |v| (r, v)));
        for (n, (record, value)) in answers.enumerate() {
            if n > 0 {
                out.push(b',');
            }
            write_detail_v1(out, stage, &record.record, value, people);
        }
        out.extend_from_slice(b"]}");
    }
    out.extend_from_slice(b"]}");
}

/// An answer as [`wire::ReviewDetailV1`] writes it, members it lacks left out.
fn write_detail_v1(
    out: &mut Vec<u8>,
    stage: &Stage,
    record: &IndexedRecord,
    value: IndexedValue<'_>,
    people: &UserRefs,
) {
    out.push(b'{');
    if let Some(template) = &stage.template_id {
        out.extend_from_slice(b"\"template_id\":");
        write_string(out, template);
        out.push(b',');
    }
    out.extend_from_slice(b"\"unit_id\":");
    write_string(out, value.unit_id());
    out.extend_from_slice(b",\"field_id\":");
    write_string(out, value.field_id());
    let reviewer = record.reviewer_user_id().and_then(|u| people.get(u));
    if let Some(reviewer) = reviewer {
        out.extend_from_slice(b",\"reviewer_user_id\":");
        write_user_ref(out, reviewer);
    }
    if let Some(time) = record.submit_time() {
        // Milliseconds as a JSON string.
        out.extend_from_slice(b",\"submit_time\":\"");
        write_int(out, time.0);
        out.push(b'"');
    }
    let optional = [
        (&b",\"indicator_id\":"[..], value.indicator_id()),
        (b",\"option_id\":", value.option_id()),
        (b",\"score\":", value.score()),
        (b",\"text\":", value.text()),
    ];
    for (member, text) in optional {
        if let Some(text) = text {
            out.extend_from_slice(member);
            write_string(out, text);
        }
    }
    out.push(b'}');
}

impl From<ResultsV2> for wire::ReviewDataV2Data {
    fn from(results: ResultsV2) -> Self {
        let person = |user: &str| results.people.get(user).map(user_ref);
        let datas = results
            .profiles
            .into_iter()
            .map(|profile| wire::ReviewProfileV2 {
                user_id: user_ref(&profile.reviewee),
                semester_id: profile.semester_id.to_string(),
                activity_id: profile.activity.activity_id.to_string(),
                review_template_id: profile
                    .activity
                    .review_template_id
                    .as_ref()
                    .map(ToString::to_string),
                stages: profile
                    .stages
                    .iter()
                    .map(|records| {
                        let stage = &records[0].stage;
                        wire::ReviewStageV2 {
                            stage_id: stage.stage_id.to_string(),
                            stage_type: stage.stage_type.clone(),
                            review_stage_role: stage.review_stage_role.clone(),
                            template_id: stage.template_id.clone(),
                            records: records
                                .iter()
                                .map(|r| review_record_v2(r, &person))
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect();
        Self { datas }
    }
}

/// A record's values grouped by unit, in the order the units first appear.
fn review_record_v2(
    result: &ResultRecord,
    person: &dyn Fn(&str) -> Option<wire::UserRef>,
) -> wire::ReviewRecord {
    let record = &result.record;
    let mut units: Vec<wire::ReviewUnitData> = Vec::new();
    for value in record.values() {
        let detail = wire::ReviewDetailV2 {
            field_id: value.field_id().to_owned(),
            reviewer_user_id: record.reviewer_user_id().and_then(person),
            submit_time: record.submit_time().map(|t| t.0.to_string()),
            indicator_id: value.indicator_id().map(str::to_owned),
            option_id: value.option_id().map(str::to_owned),
            score: value.score().map(str::to_owned),
            text: value.text().map(str::to_owned),
            tag_based_question_id: value.tag_based_question_id().map(str::to_owned),
            tag_text_item_data: value
                .tags()
                .map(|(tag_id, text)| wire::TagText {
                    tag_text_id: tag_id.to_owned(),
                    tag_text: text.to_owned(),
                })
                .collect(),
        };
        match units.iter_mut().find(|u| u.unit_id == value.unit_id()) {
            Some(unit) => unit.data.push(detail),
            None => units.push(wire::ReviewUnitData {
                unit_id: value.unit_id().to_owned(),
                data: vec![detail],
            }),
        }
    }
    wire::ReviewRecord {
        record_id: record.record_id().to_owned(),
        progress: result.progress,
        units,
    }
}

fn additional_information(view: InfoView) -> wire::AdditionalInformation {
    let info = view.info;
    wire::AdditionalInformation {
        item_id: Some(NumberText(info.item_id.to_string())),
        // VENDOR: empty when the import gave none.
        external_id: Some(info.external_id.unwrap_or_default()),
        reviewee_user_id: Some(view.reviewee),
        item: Some(info.item),
        time: Some(info.time),
        detailed_description: Some(info.detailed_description),
    }
}

impl From<ImportedInfos> for wire::AdditionalInfoImportData {
    fn from(imported: ImportedInfos) -> Self {
        Self {
            import_record_id: imported.import_record_id,
            additional_informations: imported
                .items
                .into_iter()
                .map(additional_information)
                .collect(),
        }
    }
}

impl From<Page<InfoView>> for wire::AdditionalInfoQueryData {
    fn from(page: Page<InfoView>) -> Self {
        Self {
            additional_informations: page.items.into_iter().map(additional_information).collect(),
            has_more: page.has_more,
            page_token: page.page_token,
        }
    }
}

/// `additional_informations/batch`'s answer: the item IDs deleted.
pub fn deleted_infos(items: Vec<ItemId>) -> wire::AdditionalInfoDeleteData {
    wire::AdditionalInfoDeleteData {
        additional_informations: items.into_iter().map(|i| i.to_string()).collect(),
    }
}

/// VENDOR: paging only inside `data`, as for the other v2 queries.
impl From<Page<MetricTag>> for wire::MetricTagData {
    fn from(page: Page<MetricTag>) -> Self {
        Self {
            items: page
                .items
                .iter()
                .map(|tag| wire::MetricTag {
                    tag_id: tag.tag_id.to_string(),
                    tag_name: i18n_v2(&tag.name),
                    index: tag.index,
                    create_time: tag.create_time.0.to_string(),
                    update_time: tag.update_time.0.to_string(),
                })
                .collect(),
            has_more: page.has_more,
            page_token: page.page_token,
        }
    }
}

/// `metric_fields/query`'s answer.
pub fn metric_field_list(fields: Vec<MetricField>) -> wire::MetricFieldData {
    wire::MetricFieldData {
        items: fields
            .into_iter()
            .map(|field| wire::MetricField {
                field_id: field.field_id.to_string(),
                name: i18n_v2(&field.name),
                field_type: field.field_type,
            })
            .collect(),
    }
}

/// `metric_libs/query`'s answer: each metric with its tags named and its people as the caller
/// names users. VENDOR: paging only inside `data`, as for the other v2 queries.
pub fn metric_lib(
    page: Page<Metric>,
    people: &UserRefs,
    tags: &[MetricTag],
) -> wire::MetricLibData {
    let person = |user: &UserId| people.get(user).map(user_ref);
    wire::MetricLibData {
        items: page
            .items
            .iter()
            .map(|metric| wire::MetricInLibrary {
                metric_id: metric.metric_id.to_string(),
                name: metric.name.clone(),
                type_id: metric.type_id.clone(),
                tags: metric
                    .tags
                    .iter()
                    .filter_map(|id| tags.iter().find(|t| &t.tag_id == id))
                    .map(|tag| wire::MetricTagRef {
                        tag_id: tag.tag_id.to_string(),
                        tag_name: i18n_v2(&tag.name),
                    })
                    .collect(),
                fields: metric
                    .fields
                    .iter()
                    .map(|field| wire::MetricFieldInLibrary {
                        field_id: field.field_id.to_string(),
                        input_setting: field.input_setting.clone(),
                        field_value: field.value.clone(),
                        field_value_person: field.person.as_ref().and_then(person),
                    })
                    .collect(),
                scoring_setting_type: metric.scoring_setting_type.clone(),
                scoring_formula: metric
                    .scoring_formula
                    .as_ref()
                    .map(|f| wire::ScoringFormula {
                        formula_id: f.formula_id.clone(),
                        formula_name: f.name.clone(),
                        formula_details: f.details.clone(),
                    }),
                data_source_inputters: metric
                    .data_source_inputters
                    .iter()
                    .filter_map(person)
                    .collect(),
                range_of_availability: metric.range_of_availability.clone(),
                is_active: metric.is_active,
            })
            .collect(),
        has_more: page.has_more,
        page_token: page.page_token,
    }
}

/// `metric_templates/query`'s answer: each template's dimensions, and its metrics as the library
/// has them. VENDOR: templates spell manual scoring `socre_manually`.
pub fn metric_templates(
    page: Page<MetricTemplate>,
    library: &[Metric],
    people: &UserRefs,
) -> wire::MetricTemplateData {
    let person = |user: &UserId| people.get(user).map(user_ref);
    let items = page
        .items
        .iter()
        .map(|template| wire::MetricTemplate {
            id: template.template_id.to_string(),
            name: i18n_v2(&template.name),
            description: i18n_v2(&template.description),
            status: template.status.clone(),
            is_set_by_group: false,
            total_metric_score_method: template.total_metric_score_method.clone(),
            metric_weight_method: template.metric_weight_method.clone(),
            metric_dimensions: template
                .dimensions
                .iter()
                .map(|d| wire::MetricDimension {
                    metric_dimension_id: d.dimension_id.clone(),
                    name: i18n_v2(&d.name),
                    dimension_weight: d.weight.clone(),
                    description: i18n_v2(&d.description),
                })
                .collect(),
            metrics: template
                .metrics
                .iter()
                .filter_map(|set| {
                    let metric = library.iter().find(|m| m.metric_id == set.metric_id)?;
                    Some(wire::MetricInTemplate {
                        metric_id: metric.metric_id.to_string(),
                        name: metric.name.clone(),
                        type_id: metric.type_id.clone(),
                        fields: metric
                            .fields
                            .iter()
                            .map(|f| wire::MetricFieldInTemplate {
                                id: f.field_id.to_string(),
                                input_setting: f.input_setting.clone(),
                                filed_value: f.value.clone(),
                                field_value_person: f.person.as_ref().and_then(person),
                            })
                            .collect(),
                        is_from_library: true,
                        scoring_setting_type: match metric.scoring_setting_type.as_str() {
                            "score_manually" => "socre_manually".to_owned(),
                            other => other.to_owned(),
                        },
                        data_source_inputters: metric
                            .data_source_inputters
                            .iter()
                            .filter_map(person)
                            .collect(),
                        metric_dimension_id: set.dimension_id.clone(),
                        review_rule_config: wire::MetricReviewRuleConfig {
                            max: set.max.clone(),
                            min: set.min.clone(),
                        },
                    })
                })
                .collect(),
            groups: Vec::new(),
        })
        .collect();
    wire::MetricTemplateData {
        items,
        has_more: page.has_more,
        page_token: page.page_token,
    }
}

/// `data` of `metric_details/query` as written to the answer: the JSON of
/// [`wire::MetricDetailQueryData`] (tested as [`FindByPageBody`] is), one entry per metric of
/// each reviewee. VENDOR: metrics of templates are added by the admin and come from the
/// library. An answer of 50 reviewees repeats each metric of their template 50 times: each
/// metric's own members are written once per answer and copied into every entry, and each
/// reviewee's ID and stage statuses once per reviewee (cloning the metric into every entry and
/// serde's walk over the copies were most of the answer's time).
pub struct MetricDetailsBody<'a> {
    details: &'a MetricDetails,
    /// The answer's sheets (told apart by address), each with its metrics' members in order.
    sheets: Vec<(&'a MetricSheet, Vec<MetricMembers>)>,
}

/// A sheet metric's members in an entry, as JSON: those before its fields (from the template
/// ID on) and those after them (closing its `metric_details`).
struct MetricMembers {
    head: Vec<u8>,
    tail: Vec<u8>,
}

impl MetricMembers {
    fn of(sheet: &MetricSheet, metric: &SheetMetric) -> Self {
        let mut head = b",\"metric_template_id\":".to_vec();
        write_string(&mut head, sheet.template_id.as_str());
        head.extend_from_slice(b",\"metric_details\":{\"metric_id\":");
        write_string(&mut head, metric.metric.metric_id.as_str());
        head.extend_from_slice(b",\"name\":");
        write_string(&mut head, &metric.metric.name);
        head.extend_from_slice(b",\"fields\":");
        let dimension = &metric.dimension;
        let mut tail = b",\"dimension_id\":".to_vec();
        write_string(&mut tail, &dimension.dimension_id);
        tail.extend_from_slice(b",\"dimension_name\":");
        write_serialized(&mut tail, &i18n_v2(&dimension.name));
        if let Some(weight) = &dimension.weight {
            tail.extend_from_slice(b",\"dimension_weight\":");
            write_string(&mut tail, weight);
        }
        tail.extend_from_slice(b",\"add_from\":\"admin\",\"is_from_library\":true}");
        Self { head, tail }
    }
}

impl<'a> From<&'a MetricDetails> for MetricDetailsBody<'a> {
    fn from(details: &'a MetricDetails) -> Self {
        let mut sheets: Vec<(&MetricSheet, Vec<MetricMembers>)> = Vec::new();
        for reviewee in &details.reviewees {
            let sheet = &*reviewee.sheet;
            if !sheets.iter().any(|(known, _)| std::ptr::eq(*known, sheet)) {
                let members = sheet
                    .metrics
                    .iter()
                    .map(|metric| MetricMembers::of(sheet, metric))
                    .collect();
                sheets.push((sheet, members));
            }
        }
        Self { details, sheets }
    }
}

impl WriteJson for MetricDetailsBody<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"semester_id\":");
        write_string(out, self.details.semester_id.as_str());
        out.extend_from_slice(b",\"reviewee_metrics\":[");
        let (mut reviewee_ref, mut statuses) = (Vec::new(), Vec::new());
        let mut first = true;
        for reviewee in &self.details.reviewees {
            let sheet = &*reviewee.sheet;
            let (_, members) = self
                .sheets
                .iter()
                .find(|(known, _)| std::ptr::eq(*known, sheet))
                .expect("every sheet of the answer has its members");
            reviewee_ref.clear();
            write_user_ref(&mut reviewee_ref, &reviewee.reviewee);
            statuses.clear();
            write_stage_statuses(&mut statuses, &reviewee.stage_statuses);
            let metrics = sheet.metrics.iter().zip(members).zip(&reviewee.values);
            for ((metric, members), values) in metrics {
                if !std::mem::take(&mut first) {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"reviewee_user_id\":");
                out.extend_from_slice(&reviewee_ref);
                out.extend_from_slice(&members.head);
                write_field_values(out, metric, values);
                out.extend_from_slice(&members.tail);
                out.extend_from_slice(b",\"reviewee_stage_statuses\":");
                out.extend_from_slice(&statuses);
                out.push(b'}');
            }
        }
        out.extend_from_slice(b"]}");
    }
}

/// A user as [`wire::UserRef`] writes one named both ways.
fn write_user_ref(out: &mut Vec<u8>, user: &UserRef) {
    out.extend_from_slice(b"{\"open_id\":");
    write_string(out, user.open_id());
    out.extend_from_slice(b",\"user_id\":");
    write_string(out, user.id());
    out.push(b'}');
}

/// A metric's fields with their values, as `[wire::MetricFieldInDetails]` writes them.
fn write_field_values(out: &mut Vec<u8>, metric: &SheetMetric, values: &[FieldValue]) {
    out.push(b'[');
    for (n, (field, value)) in metric.fields.iter().zip(values).enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"field_id\":");
        write_string(out, field.setting.field_id.as_str());
        if let Some(text) = &value.value {
            out.extend_from_slice(b",\"field_value\":");
            write_string(out, text);
        }
        if let Some(person) = &value.person {
            out.extend_from_slice(b",\"field_value_person\":");
            write_user_ref(out, person);
        }
        out.push(b'}');
    }
    out.push(b']');
}

/// A reviewee's status in each metric stage, as `[wire::RevieweeStageStatus]` writes them.
fn write_stage_statuses(out: &mut Vec<u8>, statuses: &[(Arc<Stage>, i64)]) {
    out.push(b'[');
    for (n, (stage, status)) in statuses.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"stage_id\":");
        write_string(out, stage.stage_id.as_str());
        out.extend_from_slice(b",\"stage_type\":");
        write_string(out, &stage.stage_type);
        out.extend_from_slice(b",\"stage_status\":");
        write_int(out, *status);
        out.push(b'}');
    }
    out.push(b']');
}

// --- The admin API's answers ---

impl From<&Stage> for admin::Stage {
    fn from(stage: &Stage) -> Self {
        Self {
            stage_id: stage.stage_id.0.clone(),
            semester_id: stage.semester_id.0.clone(),
            name: admin_name(&stage.name),
            deadline: stage.deadline.to_rfc3339(),
            deadline_ms: stage.deadline.0,
            jump_url: stage.jump_url.clone(),
            paused: stage.paused,
            stage_type: stage.stage_type.clone(),
            results_open_time: stage.results_open_time.map(|t| t.to_rfc3339()),
        }
    }
}

impl From<&SemesterStages> for admin::Semester {
    fn from(found: &SemesterStages) -> Self {
        let semester = &found.semester;
        Self {
            semester_id: semester.semester_id.0.clone(),
            name: admin_name(&semester.name),
            year: semester.year,
            type_group: semester.type_group.clone(),
            semester_type: semester.semester_type.clone(),
            progress: semester.progress.clone(),
            start_time: semester.start_time.to_rfc3339(),
            start_time_ms: semester.start_time.0,
            end_time: semester.end_time.to_rfc3339(),
            end_time_ms: semester.end_time.0,
            stages: found
                .stages
                .iter()
                .map(|s| admin::Stage::from(&**s))
                .collect(),
        }
    }
}

impl From<StageTaskNow> for admin::UserStageTask {
    fn from(now: StageTaskNow) -> Self {
        Self {
            user_id: now.task.user_id.0,
            need_todo: now.task.need_todo,
            finished: now.task.finished,
            status: now.status.as_str().to_owned(),
        }
    }
}

fn admin_name(name: &I18n) -> admin::I18nName {
    admin::I18nName {
        zh_cn: name.zh_cn.clone(),
        en_us: name.en_us.clone(),
    }
}

#[cfg(test)]
mod tests {
    use openwork_platform::clock::Millis;
    use openwork_platform::directory::UserIds;
    use openwork_platform::ids::UserIdType;

    use super::*;
    use crate::metric_details::RevieweeMetrics;
    use crate::model::{
        Activity, IndicatorOption, ReviewField, ReviewRecord, ReviewUnit, ReviewValue, StageId,
        StageTemplate,
    };
    use crate::service::StageTaskView;
    use crate::status::{StageTaskStatus, TaskOption};

    /// A user whose `open_id` is `open_id`, named `id` by the caller.
    fn user(open_id: &str, id: &str) -> UserRef {
        let ids = UserIds {
            user_id: id.into(),
            open_id: open_id.into(),
            union_id: "on_unused".into(),
        };
        UserRef::new(Arc::new(ids), UserIdType::UserId)
    }

    fn stage(id: &str, name: &str, jump_url: Option<&str>) -> Arc<Stage> {
        Arc::new(Stage {
            stage_id: StageId::from(id),
            semester_id: SemesterId::from("7"),
            name: I18n {
                zh_cn: name.to_owned(),
                en_us: format!("{name} (en)"),
            },
            deadline: Millis(1_718_416_800_000),
            jump_url: jump_url.map(str::to_owned),
            paused: false,
            position: 0,
            stage_type: "review".to_owned(),
            review_stage_role: None,
            template_id: None,
            results_open_time: None,
            results_announced: false,
        })
    }

    /// Semester 7, in progress.
    fn semester(name: I18n) -> Semester {
        Semester {
            semester_id: SemesterId::from("7"),
            name,
            year: 2024,
            type_group: "Annual".to_owned(),
            semester_type: "Annual".to_owned(),
            progress: "in_progress".to_owned(),
            start_time: Millis(1),
            end_time: Millis(2),
            create_time: Millis(0),
            modify_time: Millis(0),
            create_user_id: None,
            modify_user_id: None,
        }
    }

    fn task(stage: &Arc<Stage>, need_todo: i64, status: StageTaskStatus) -> StageTaskView {
        StageTaskView {
            stage: Arc::clone(stage),
            need_todo,
            finished: 1,
            status,
        }
    }

    fn json_of(body: &impl WriteJson) -> Vec<u8> {
        let mut out = Vec::new();
        body.write_json(&mut out);
        out
    }

    /// What a page's `data` must look like: the answer's bytes read back as the wire type and
    /// written again are the same bytes, so the fast rendering has exactly the wire type's
    /// fields, in its order, with its values.
    #[test]
    fn stage_task_answers_write_what_the_wire_types_write() {
        let review = stage(
            "701",
            "自评 \"Q2\"\n",
            Some("https://example.com/r?a=1&b=\u{2028}"),
        );
        let calibration = stage("702", "校准", None);
        let users = vec![
            UserStageTasks {
                user_id: "ou_1".to_owned(),
                counts: vec![(TaskOption::Todo, 1), (TaskOption::Done, 1)],
                tasks: vec![
                    task(&review, 2, StageTaskStatus::NeedTodo),
                    task(&calibration, 1, StageTaskStatus::AllDone),
                ],
            },
            UserStageTasks {
                user_id: "ou_\\2".to_owned(),
                counts: Vec::new(),
                tasks: vec![task(&review, 3, StageTaskStatus::Overdue)],
            },
        ];
        let semester = semester(I18n {
            zh_cn: "2024 年度".to_owned(),
            en_us: "2024".to_owned(),
        });
        let page = StageTaskPage {
            semester: semester.clone(),
            items: users.clone(),
            has_more: true,
            page_token: Some("next".to_owned()),
        };
        let written = json_of(&FindByPageBody::from(&page));
        let read: wire::FindByPageData = serde_json::from_slice(&written).unwrap();
        let first = &read.items[0].stage_task_info_lists[0];
        assert_eq!(
            (
                first.stage_id.as_str(),
                first.name.zh_cn.as_deref(),
                first.name.en_us_dashed.as_deref(),
                first.deadline.as_str(),
                first.jump_url.as_deref(),
            ),
            (
                "701",
                Some("自评 \"Q2\"\n"),
                Some("自评 \"Q2\"\n (en)"),
                "1718416800000",
                Some("https://example.com/r?a=1&b=\u{2028}"),
            )
        );
        let counts = |user: &wire::UserStageTasks| -> Vec<(i64, i64, String, i64)> {
            user.stage_task_info_lists
                .iter()
                .map(|t| {
                    let status = t.stage_task_status.clone();
                    (
                        t.need_todo_count,
                        t.finished_count,
                        status,
                        t.task_option_id,
                    )
                })
                .collect()
        };
        assert_eq!(
            counts(&read.items[0]),
            [(2, 1, "need_todo".into(), 1), (1, 1, "all_done".into(), 2)]
        );
        assert_eq!(read.items[0].stage_task_info_lists[1].jump_url, None);
        assert_eq!(read.items[1].user_id, "ou_\\2");
        assert_eq!(counts(&read.items[1]), [(3, 1, "overdue".into(), 3)]);
        let nums: Vec<(i64, i64)> = read.items[0]
            .stage_num_lists
            .iter()
            .map(|n| (n.task_option_id, n.stage_num))
            .collect();
        assert_eq!(nums, [(1, 1), (2, 1)]);
        assert_eq!(
            String::from_utf8(serde_json::to_vec(&read).unwrap()).unwrap(),
            String::from_utf8(written).unwrap()
        );
        let list = StageTaskList {
            semester,
            items: users,
        };
        let written = json_of(&FindByUserListBody::from(&list));
        let read: wire::FindByUserListData = serde_json::from_slice(&written).unwrap();
        assert_eq!(read.items.len(), 2);
        assert_eq!(
            String::from_utf8(serde_json::to_vec(&read).unwrap()).unwrap(),
            String::from_utf8(written).unwrap()
        );
    }

    /// Metric details written by hand read back as the wire type and written again are the
    /// same bytes; the members of each reviewee's metrics are the reviewee's and its sheet's.
    /// Review data v1's answer, written by hand, reads back as the wire type and writes the
    /// same bytes again: two reviewees, one with an answer of every member (a stage template,
    /// a reviewer, a submit time, an indicator, an option, a score and a text that needs
    /// escapes) in two stages, the other with an anonymous, unsubmitted, bare answer.
    #[test]
    fn review_data_v1_writes_what_the_wire_types_write() {
        let name = |zh: &str| I18n {
            zh_cn: zh.to_owned(),
            en_us: format!("{zh} \"en\""),
        };
        let mut final_review = (*stage("701", "终评", None)).clone();
        final_review.stage_type = "leader_review".to_owned();
        final_review.template_id = Some("st1".to_owned());
        let final_review = Arc::new(final_review);
        let view_result = stage("702", "查看", None);
        let answer = |score: Option<&str>, text: Option<&str>| ReviewValue {
            unit_id: "un1".to_owned(),
            field_id: "f1".to_owned(),
            indicator_id: score.map(|_| "i1".into()),
            option_id: score.map(|_| "o1".to_owned()),
            score: score.map(str::to_owned),
            text: text.map(str::to_owned),
            tag_based_question_id: None,
            tags: Vec::new(),
        };
        let record = |id: &str, reviewee: &str, reviewer: Option<&str>, values| ReviewRecord {
            record_id: id.into(),
            semester_id: "7".into(),
            activity_id: "a1".into(),
            stage_id: "701".into(),
            reviewee_user_id: reviewee.into(),
            reviewer_user_id: reviewer.map(UserId::from),
            submit_time: reviewer.map(|_| Millis(1_715_738_400_000)),
            values,
        };
        let result = |stage: &Arc<Stage>, progress, record| ResultRecord {
            record: crate::store::indexed(&record),
            stage: Arc::clone(stage),
            progress,
        };
        let activity = Arc::new(Activity {
            name: name("全员"),
            ..Activity::enabled("a1", &[])
        });
        let u1_answers = vec![
            answer(Some("3.5"), Some("好\n\"ok\"\u{2028}")),
            answer(None, None),
        ];
        let profiles = vec![
            ResultProfile {
                reviewee: user("ou_1", "u\\1"),
                semester_id: "7".into(),
                activity: Arc::clone(&activity),
                stages: vec![
                    vec![
                        result(
                            &final_review,
                            3,
                            record("r1", "u1", Some("lead"), u1_answers),
                        ),
                        result(&final_review, 1, record("r2", "u1", Some("gone"), vec![])),
                    ],
                    vec![result(
                        &view_result,
                        0,
                        record("r3", "u1", Some("lead"), vec![answer(Some("9"), None)]),
                    )],
                ],
            },
            ResultProfile {
                reviewee: user("ou_2", "u2"),
                semester_id: "7".into(),
                activity: Arc::clone(&activity),
                stages: vec![vec![result(
                    &view_result,
                    2,
                    record("r4", "u2", None, vec![answer(None, None)]),
                )]],
            },
        ];
        let field = ReviewField {
            field_id: "f1".to_owned(),
            name: name("等级"),
            indicator_id: Some("i1".to_owned()),
            tag_based_question_id: None,
            objective_text_qustion_title: None,
            keyresult_text_qustion_title: None,
            parent_field_id: None,
            kpi_template_id: None,
        };
        let results = ResultsV1 {
            semesters: vec![SemesterView {
                semester: semester(name("2024 年度")),
                create_user_id: Some("ou_c".to_owned()),
                modify_user_id: None,
            }],
            activities: vec![activity],
            indicators: vec![Indicator {
                indicator_id: "i1".into(),
                name: name("绩效等级"),
                indicator_type: "general_review_item".to_owned(),
                options: vec![IndicatorOption {
                    option_id: "o1".to_owned(),
                    name: name("S"),
                    label: "S".to_owned(),
                }],
            }],
            templates: vec![ReviewTemplate {
                review_template_id: "rt".into(),
                name: name("模板"),
                description: I18n::default(),
                status: "enabled".to_owned(),
                templates: vec![StageTemplate {
                    template_id: "st1".to_owned(),
                    name: name("终评模板"),
                    stage_type: "leader_review".to_owned(),
                    review_stage_role: None,
                    review_stage_data_write_mode: None,
                }],
                units: vec![ReviewUnit {
                    unit_id: "un1".to_owned(),
                    name: name("业绩"),
                    fields: vec![field],
                }],
            }],
            profiles,
            people: UserRefs::from_iter([
                ("lead".into(), user("ou_lead", "lead")),
                ("u1".into(), user("ou_1", "u\\1")),
            ]),
        };
        let written = json_of(&ReviewDataV1Body(results));
        let read: wire::ReviewDataV1Data = serde_json::from_slice(&written).unwrap();
        assert_eq!(serde_json::to_vec(&read).unwrap(), written);
        let details: Vec<Vec<(i64, usize)>> = read
            .datas
            .iter()
            .map(|p| {
                p.stages
                    .iter()
                    .map(|s| (s.progress, s.data.len()))
                    .collect()
            })
            .collect();
        assert_eq!(details, [vec![(1, 2), (0, 1)], vec![(2, 1)]]);
        let first = &read.datas[0].stages[0].data[0];
        assert_eq!(first.template_id.as_deref(), Some("st1"));
        assert_eq!(first.text.as_deref(), Some("好\n\"ok\"\u{2028}"));
        assert_eq!(first.submit_time.as_deref(), Some("1715738400000"));
        assert_eq!(
            first
                .reviewer_user_id
                .as_ref()
                .and_then(|r| r.user_id.as_deref()),
            Some("lead")
        );
        let bare = &read.datas[1].stages[0].data[0];
        assert_eq!(
            (bare.reviewer_user_id.as_ref(), bare.submit_time.as_ref()),
            (None, None)
        );
        assert_eq!(
            (read.units.len(), read.fields.len(), read.templates.len()),
            (1, 1, 1)
        );
    }

    #[test]
    fn metric_details_write_what_the_wire_types_write() {
        let sheet = Arc::new(crate::metric_details::tests::sheet());
        let mut weighted = (*sheet).clone();
        weighted.template_id = "t2".into();
        let dimension = &mut weighted.metrics[0].dimension;
        dimension.weight = Some("60".to_owned());
        dimension.name = I18n {
            zh_cn: "业绩 \"A\"".to_owned(),
            en_us: "Results\n".to_owned(),
        };
        let mut second = weighted.metrics[0].clone();
        second.metric.metric_id = "m2".into();
        second.fields.truncate(1);
        weighted.metrics.push(second);
        let weighted = Arc::new(weighted);
        let text = |value: &str| FieldValue {
            value: Some(value.to_owned()),
            person: None,
        };
        let empty = FieldValue {
            value: None,
            person: None,
        };
        let rater = FieldValue {
            value: None,
            person: Some(user("ou_r", "r")),
        };
        let five = || {
            vec![
                text("100"),
                empty.clone(),
                text("0.5"),
                rater.clone(),
                text("好\u{2028}"),
            ]
        };
        let metric_stage = stage("703", "指标", None);
        let details = MetricDetails {
            semester_id: SemesterId::from("7"),
            reviewees: vec![
                RevieweeMetrics {
                    reviewee: user("ou_1", "u\\1"),
                    sheet: Arc::clone(&sheet),
                    values: vec![five()],
                    stage_statuses: vec![(Arc::clone(&metric_stage), 1)],
                },
                RevieweeMetrics {
                    reviewee: user("ou_2", "u2"),
                    sheet: Arc::clone(&weighted),
                    values: vec![five(), vec![empty.clone()]],
                    stage_statuses: Vec::new(),
                },
                RevieweeMetrics {
                    reviewee: user("ou_3", "u3"),
                    sheet,
                    values: vec![five()],
                    stage_statuses: vec![(metric_stage, 0)],
                },
            ],
        };
        let written = json_of(&MetricDetailsBody::from(&details));
        let read: wire::MetricDetailQueryData = serde_json::from_slice(&written).unwrap();
        let entries: Vec<(&str, &str, &str, Option<&str>, usize)> = read
            .reviewee_metrics
            .iter()
            .map(|entry| {
                let details = &entry.metric_details;
                (
                    entry.reviewee_user_id.user_id.as_deref().unwrap(),
                    entry.metric_template_id.as_str(),
                    details.metric_id.as_str(),
                    details.dimension_weight.as_deref(),
                    entry.reviewee_stage_statuses.len(),
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                ("u\\1", "t1", "m1", None, 1),
                ("u2", "t2", "m1", Some("60"), 0),
                ("u2", "t2", "m2", Some("60"), 0),
                ("u3", "t1", "m1", None, 1),
            ]
        );
        let fields = &read.reviewee_metrics[0].metric_details.fields;
        assert_eq!(fields[0].field_value.as_deref(), Some("100"));
        assert_eq!(fields[1].field_value, None);
        assert_eq!(
            fields[3]
                .field_value_person
                .as_ref()
                .unwrap()
                .open_id
                .as_deref(),
            Some("ou_r")
        );
        assert_eq!(
            read.reviewee_metrics[3].reviewee_stage_statuses[0].stage_status,
            0
        );
        assert_eq!(read.reviewee_metrics[2].metric_details.fields.len(), 1);
        assert_eq!(
            String::from_utf8(serde_json::to_vec(&read).unwrap()).unwrap(),
            String::from_utf8(written).unwrap()
        );
    }
}
