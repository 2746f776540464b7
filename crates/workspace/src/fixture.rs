//! The workspace section of a fixture (docs/fixtures.md): a tenant's `workspace_tasks`, checked
//! as the API checks them, with what the loader derives filled in.

use openwork_platform::Error;
use openwork_platform::fixture::{
    Builder, IdText, Instant, Unique, invalid, require_non_empty, text,
};
use serde::{Deserialize, Serialize};

use crate::model::*;

type Checked<T> = Result<T, Error>;

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceTaskDoc {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<IdText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub source_id: IdText,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator_userid: Option<IdText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modifier_userid: Option<IdText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executor_userid: Option<IdText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracker_userids: Vec<IdText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_stage: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_type_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_type_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<IdText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corp_id: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_archived: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_recycled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_start_date: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_finish_date: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_date: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gmt_create: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gmt_modified: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<WorkspaceExtensionDoc>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceExtensionDoc {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment_count: Option<IdText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

/// Checks a tenant's `workspace_tasks`; `dingtalk_corp_id` is the tenant's (each task's
/// `belong_corp_id`).
pub fn build(
    b: &Builder,
    docs: &[WorkspaceTaskDoc],
    dingtalk_corp_id: Option<&str>,
) -> Checked<Vec<WorkspaceTask>> {
    let mut ids = Unique::new("task_id");
    let mut sources = Unique::new("(source, source_id)");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("workspace_tasks[{i}]");
            let at = |key: &str| b.path(format!("{locator}.{key}"));
            let task_id = b.vendor_id(
                doc.task_id.as_ref(),
                "workspace_task",
                &format!("{locator}.task_id"),
            )?;
            ids.claim(&at("task_id"), &task_id)?;
            let source = doc
                .source
                .clone()
                .unwrap_or_else(|| DEFAULT_SOURCE.to_owned());
            require_non_empty(&at("source_id"), &doc.source_id.0)?;
            sources.claim(&at("source_id"), &format!("{source}/{}", doc.source_id.0))?;
            if let Some((key, rule)) = value_outside_its_set(
                doc.priority,
                doc.status_stage,
                doc.task_type_category.as_deref(),
            ) {
                return Err(invalid(at(key), rule));
            }
            let gmt_create = doc.gmt_create.map_or(b.now(), |t| t.0);
            let extension = doc.extension.as_ref();
            Ok(WorkspaceTask {
                task_id: WorkspaceTaskId::new(task_id),
                biz_tag: source.clone(),
                source,
                source_id: doc.source_id.0.clone(),
                subject: doc.subject.clone(),
                description: doc.description.clone(),
                creator_userid: b.optional_user_ref(
                    &format!("{locator}.creator_userid"),
                    doc.creator_userid.as_ref(),
                )?,
                modifier_userid: b.optional_user_ref(
                    &format!("{locator}.modifier_userid"),
                    doc.modifier_userid.as_ref().or(doc.creator_userid.as_ref()),
                )?,
                executor_userid: b.optional_user_ref(
                    &format!("{locator}.executor_userid"),
                    doc.executor_userid.as_ref(),
                )?,
                tracker_userids: b
                    .user_refs(&format!("{locator}.tracker_userids"), &doc.tracker_userids)?,
                priority: doc.priority,
                status_stage: doc.status_stage,
                status_id: doc.status_id,
                task_type_id: doc.task_type_id,
                task_type_category: doc.task_type_category.clone(),
                parent_id: text(&doc.parent_id),
                corp_id: doc.corp_id.clone(),
                belong_corp_id: dingtalk_corp_id.map(str::to_owned),
                is_archived: doc.is_archived,
                is_recycled: doc.is_recycled,
                plan_start_date: doc.plan_start_date.map(|t| t.0),
                plan_finish_date: doc.plan_finish_date.map(|t| t.0),
                start_date: doc.start_date.map(|t| t.0),
                finish_date: doc.finish_date.map(|t| t.0),
                gmt_create,
                gmt_modified: doc.gmt_modified.map_or(gmt_create, |t| t.0),
                extension: TaskExtension {
                    comment_count: extension.and_then(|e| text(&e.comment_count)),
                    file_path: extension.and_then(|e| e.file_path.clone()),
                    other: extension.and_then(|e| e.other.clone()),
                },
            })
        })
        .collect()
}
