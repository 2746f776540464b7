//! The contact answers in the vendor's wire shapes (times in seconds), and jobs as the admin
//! API lists them.

use openwork_wire::admin;
use openwork_wire::feishu::contact as wire;

use crate::model::{Job, STATUS_DONE, STATUS_FAILED};
use crate::service::{ItemReport, JobReport};

impl From<Job> for admin::ContactJob {
    fn from(job: Job) -> Self {
        let status = match job.status {
            STATUS_DONE => "done",
            STATUS_FAILED => "failed",
            // STATUS_RUNNING, the only other status a job is given: queued or being applied.
            _ => "running",
        };
        Self {
            progress: job.progress(),
            task_id: job.task_id,
            app_id: job.app.0,
            kind: job.kind.as_str().to_owned(),
            status: status.to_owned(),
            status_code: job.status,
            total: job.total,
            processed: job.processed,
            succeeded: job.succeeded,
            failed: job.failed,
            create_time: job.create_time.to_rfc3339(),
            create_time_ms: job.create_time.0,
            finish_time: job.finish_time.map(|t| t.to_rfc3339()),
            finish_time_ms: job.finish_time.map(|t| t.0),
        }
    }
}

impl From<JobReport> for wire::TaskData {
    fn from(report: JobReport) -> Self {
        let job = report.job;
        wire::TaskData {
            progress: job.progress(),
            task_id: job.task_id,
            kind: job.kind.as_str().to_owned(),
            status: job.status,
            total_num: job.total,
            success_num: job.succeeded,
            fail_num: job.failed,
            create_time: job.create_time.seconds(),
            finish_time: job.finish_time.map(|t| t.seconds()),
            task_info: report
                .items
                .map(|items| items.into_iter().map(task_info).collect()),
        }
    }
}

fn task_info(item: ItemReport) -> wire::TaskInfo {
    match item {
        ItemReport::User {
            item,
            outcome,
            open_id,
        } => wire::TaskInfo {
            action: outcome.succeeded().then_some(1),
            name: item.name,
            email: item.email,
            mobile: item.mobile,
            // VENDOR: the given user_id, or the generated one once the item succeeded.
            user_id: outcome.user_id.map(|u| u.0).or(item.user_id),
            departments: item.departments,
            open_id,
            code: outcome.code,
            msg: outcome.msg,
            ..wire::TaskInfo::default()
        },
        ItemReport::Department { item, outcome } => wire::TaskInfo {
            action: outcome.succeeded().then_some(1),
            name: item.name,
            department_id: outcome.department_id.or(item.id),
            parent_id: item.parent_id,
            chat_id: outcome.chat_id,
            code: outcome.code,
            msg: outcome.msg,
            ..wire::TaskInfo::default()
        },
    }
}
