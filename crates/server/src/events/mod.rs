//! Event pushes: webhooks and the long connection.

pub mod long_connection;
pub mod webhook;
