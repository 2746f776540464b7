//! Tests of the `openwork` binary itself.

mod commands;
mod generate;
mod jobs;
mod served;
