//! `openwork export [TENANT]`: a running server's world (or one tenant of it) as a fixture that
//! loads back to the same state (docs/fixtures.md, "Exporting a world").

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use openwork_platform::clock::{RealClock, SystemClock};
use openwork_sdk::admin::FixtureFormat;
use openwork_sdk::wire::admin::TenantSummary;
use openwork_server::world::TenantWorld;
use openwork_server::world::fixture::parse;

use crate::{Remote, counted, describe_tenants};

#[derive(Args)]
pub struct ExportArgs {
    /// Only this tenant [default: every tenant].
    tenant: Option<String>,
    /// Write the fixture to this file (and a summary to stderr) instead of to stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    format: Format,
    #[command(flatten)]
    remote: Remote,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

pub async fn export(args: ExportArgs) -> Result<()> {
    let format = match args.format {
        Format::Yaml => FixtureFormat::Yaml,
        Format::Json => FixtureFormat::Json,
    };
    let text = args
        .remote
        .client()?
        .export_fixture_as(args.tenant.as_deref(), format)
        .await?;
    let Some(path) = args.output else {
        print!("{text}");
        return Ok(());
    };
    std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("{}", summary(&text)?);
    Ok(())
}

/// `exported 1 tenant:` and a line per tenant saying what it holds: the export read back as a
/// load would read it.
fn summary(text: &str) -> Result<String> {
    let worlds = parse(text, SystemClock.now())
        .context("the server's export does not read back as a fixture")?;
    let tenants: Vec<TenantSummary> = worlds.iter().map(TenantWorld::summary).collect();
    let mut lines = vec![format!(
        "exported {}:",
        counted(tenants.len() as u64, "tenant", "tenants")
    )];
    lines.extend(
        describe_tenants(&tenants)
            .into_iter()
            .map(|line| format!("  {line}")),
    );
    Ok(lines.join("\n"))
}
