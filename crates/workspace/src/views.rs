//! The workspace answers as the wire writes them: tasks for the DingTalk gateway, task lists for
//! the admin API.

use openwork_platform::clock::Millis;
use openwork_wire::admin::{Tasklist, TasklistProject};
use openwork_wire::dingtalk::{date, workspace as wire};

use crate::model::{TasklistVisibility, WorkspaceTask};

fn format(at: Option<Millis>) -> Option<String> {
    at.map(|at| date::format(at.0))
}

impl From<WorkspaceTask> for wire::Task {
    fn from(task: WorkspaceTask) -> Self {
        Self {
            task_id: task.task_id.0,
            subject: task.subject,
            description: task.description,
            creator_userid: task.creator_userid.map(|u| u.0),
            modifier_userid: task.modifier_userid.map(|u| u.0),
            executor_userid: task.executor_userid.map(|u| u.0),
            tracker_userids: task.tracker_userids.into_iter().map(|u| u.0).collect(),
            priority: task.priority,
            status_stage: task.status_stage,
            status_id: task.status_id,
            task_type_id: task.task_type_id,
            task_type_category: task.task_type_category,
            parent_id: task.parent_id,
            is_archived: task.is_archived,
            is_recycled: task.is_recycled,
            gmt_create: date::format(task.gmt_create.0),
            gmt_modified: date::format(task.gmt_modified.0),
            start_date: format(task.start_date),
            finish_date: format(task.finish_date),
            plan_start_date: format(task.plan_start_date),
            plan_finish_date: format(task.plan_finish_date),
            source: task.source,
            source_id: task.source_id,
            biz_tag: task.biz_tag,
            corp_id: task.corp_id,
            belong_corp_id: task.belong_corp_id,
            extension: wire::TaskExtension {
                comment_count: task.extension.comment_count,
                file_path: task.extension.file_path,
                other: task.extension.other,
            },
        }
    }
}

/// A user's task list: hidden org-wide, and per project.
pub fn tasklist(userid: String, entries: Vec<TasklistVisibility>) -> Tasklist {
    Tasklist {
        userid,
        hidden_org_wide: entries.iter().any(|e| e.project_id.is_none() && e.hidden),
        projects: entries
            .into_iter()
            .filter_map(|e| {
                e.project_id.map(|project_id| TasklistProject {
                    project_id,
                    hidden: e.hidden,
                })
            })
            .collect(),
    }
}
