//! The platform's typed IDs, and the services' own.

pub use openwork_platform::ids::*;
use openwork_platform::string_id;

string_id!(
    /// A report rule (汇报规则) id.
    RuleId
);
string_id!(
    /// A submitted report (汇报任务) id.
    ReportTaskId
);
string_id!(
    /// A DingTalk workspace task id.
    WorkspaceTaskId
);
