//! The platform's typed IDs, and the services' own.

pub use openwork_platform::ids::*;
use openwork_platform::string_id;

string_id!(
    /// A DingTalk workspace task id.
    WorkspaceTaskId
);
