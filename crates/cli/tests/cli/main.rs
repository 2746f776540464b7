//! Tests of the `openwork` binary itself.

mod catalog;
mod commands;
mod connections;
mod events;
mod export;
mod generate;
mod hostile;
mod jobs;
mod journal;
mod messages;
mod metric_imports;
mod rate_limits;
mod served;
mod storage;
