//! Tests of the `openwork` binary itself.

mod commands;
mod jobs;
mod served;
