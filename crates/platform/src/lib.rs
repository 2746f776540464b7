//! openwork's kernel: what every vendor service stands on, and nothing service-specific.
//!
//! - [`ids`], [`clock`]: typed IDs and their vendor-shaped derivation; instants, the tenants'
//!   virtual clocks and the real clock.
//! - [`token`], [`access`]: signed access tokens, callers and the proof that a caller passed an
//!   API's scope check ([`access::Access`]), which every use case takes.
//! - [`paging`]: page tokens bound to their query.
//! - [`directory`]: tenants, apps, departments, users and how each app sees each user.
//! - [`error`]: the error every service's own error enum wraps.
//! - [`events`]: event subscriptions and the outbox of events to push, written with the change
//!   that caused them.
//! - [`catalog`]: the per-replica cache of what requests read on their way in.
//! - [`db`]: the database, its migrations and the declaration of tables; [`store`]: the
//!   platform's own tables.
//! - [`fixture`]: the fixture format's machinery and its directory section.
//! - [`service::Platform`]: the platform's use cases.

pub mod access;
pub mod catalog;
pub mod clock;
pub mod db;
pub mod directory;
pub mod error;
pub mod events;
pub mod fixture;
pub mod ids;
pub mod paging;
pub mod service;
pub mod store;
pub mod token;

pub use error::{Error, FieldViolation, Result, StoreError, StoreResult, TokenKind};
pub use service::Platform;
