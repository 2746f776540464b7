//! The platform's typed IDs.

pub use openwork_platform::ids::*;
