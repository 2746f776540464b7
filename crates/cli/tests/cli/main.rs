//! Tests of the `openwork` binary itself.

mod catalog;
mod commands;
mod generate;
mod jobs;
mod journal;
mod messages;
mod served;
