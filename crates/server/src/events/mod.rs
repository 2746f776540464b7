//! Event pushes (docs/events.md): the services store events in the outbox with the changes that
//! cause them (`openwork_platform::events`); this replica's [`Dispatcher`] leases due deliveries
//! and pushes each by [`webhook`] or over a [`long_connection`], recording every attempt.

mod dispatcher;
pub mod long_connection;
pub mod webhook;

pub use dispatcher::{DeliverySettings, Dispatcher};
