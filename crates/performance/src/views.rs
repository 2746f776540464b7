//! The performance answers in the vendor's wire shapes (v1 names carry both key spellings, int64
//! values are strings).

use openwork_wire::feishu::performance as wire;

use openwork_platform::service::UserRef;

use crate::model::{I18n, Indicator, Question, ReviewTemplate, Semester};
use crate::service::{
    ActivityView, GroupWriteOutcome, Page, RevieweePage, SemesterView, StageTaskList,
    StageTaskPage, StageTaskView, UserStageTasks,
};

impl From<&StageTaskPage> for wire::FindByPageData {
    fn from(page: &StageTaskPage) -> Self {
        Self {
            base: semester_base(&page.semester),
            items: page.items.iter().map(user_stage_tasks).collect(),
            has_more: page.has_more,
            page_token: page.page_token.clone(),
        }
    }
}

impl From<StageTaskList> for wire::FindByUserListData {
    fn from(list: StageTaskList) -> Self {
        Self {
            base: semester_base(&list.semester),
            items: list.items.iter().map(user_stage_tasks).collect(),
        }
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
                    reviewee_user_id: user_ref(reviewee.user),
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

fn user_ref(user: UserRef) -> wire::UserRef {
    wire::UserRef {
        open_id: Some(user.open_id),
        user_id: Some(user.id),
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

fn stage_task_info(view: &StageTaskView) -> wire::StageTaskInfo {
    wire::StageTaskInfo {
        stage_id: view.stage.stage_id.to_string(),
        name: i18n_v1(&view.stage.name),
        deadline: view.stage.deadline.0.to_string(),
        need_todo_count: view.need_todo,
        finished_count: view.finished,
        jump_url: view.stage.jump_url.clone(),
        stage_task_status: view.status.as_str().to_owned(),
        task_option_id: view.status.option().id(),
    }
}

fn user_stage_tasks(user: &UserStageTasks) -> wire::UserStageTasks {
    wire::UserStageTasks {
        user_id: user.user_id.clone(),
        stage_num_lists: user
            .counts
            .iter()
            .map(|(option, n)| wire::StageNum {
                task_option_id: option.id(),
                stage_num: *n,
            })
            .collect(),
        stage_task_info_lists: user.tasks.iter().map(stage_task_info).collect(),
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
