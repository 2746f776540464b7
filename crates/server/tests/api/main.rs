//! Integration tests against the real server (port 0, fresh SQLite database per test).

mod additional_info;
mod admin;
mod browse;
mod contact;
mod dingtalk;
mod events;
mod export;
mod journal;
mod long_connection;
mod metric_details;
mod metrics;
mod openapi;
mod performance;
mod performance_events;
mod platform;
mod report;
mod review_config;
mod review_results;
mod statistics;
mod support;
mod upgrade;
mod world;
