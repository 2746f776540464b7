//! The server's configuration: one typed tree, layered defaults → TOML file → `OPENWORK_*`
//! environment → command-line flags (docs/semantics.md, "The command line").

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8900";
pub const DEFAULT_DB: &str = "sqlite://./openwork.db";

/// Whether the vendors' per-app rate limits are enforced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateLimits {
    /// The documented vendor limits (docs/semantics.md, "Tokens and limits").
    #[default]
    Vendor,
    /// No limits (load tests, bulk scripts).
    Off,
}

impl std::str::FromStr for RateLimits {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, String> {
        match value {
            "vendor" => Ok(Self::Vendor),
            "off" => Ok(Self::Off),
            other => Err(format!(
                "rate limits must be `vendor` or `off`, not {other:?}"
            )),
        }
    }
}

/// The resolved configuration of `openwork serve`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    pub listen: String,
    /// `sqlite://FILE`, `sqlite::memory:` or `postgres://…`.
    pub db: String,
    /// A fixture to load at start, after migrations.
    pub fixture: Option<PathBuf>,
    /// The admin API's bearer token; generated and stored in the database when absent.
    pub admin_token: Option<String>,
    pub rate_limits: RateLimits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: DEFAULT_LISTEN.to_owned(),
            db: DEFAULT_DB.to_owned(),
            fixture: None,
            admin_token: None,
            rate_limits: RateLimits::Vendor,
        }
    }
}

/// One layer of settings: every key optional. The TOML file, the environment and the flags each
/// give one; later layers win.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    pub listen: Option<String>,
    pub db: Option<String>,
    pub fixture: Option<PathBuf>,
    pub admin_token: Option<String>,
    pub rate_limits: Option<RateLimits>,
}

impl Settings {
    /// The `OPENWORK_*` variables among `vars`.
    pub fn from_env(vars: &HashMap<String, String>) -> Result<Self, String> {
        let get = |name: &str| vars.get(name).filter(|v| !v.is_empty()).cloned();
        Ok(Self {
            listen: get("OPENWORK_LISTEN"),
            db: get("OPENWORK_DB"),
            fixture: get("OPENWORK_FIXTURE").map(PathBuf::from),
            admin_token: get("OPENWORK_ADMIN_TOKEN"),
            rate_limits: get("OPENWORK_RATE_LIMITS")
                .map(|v| v.parse())
                .transpose()
                .map_err(|err| format!("OPENWORK_RATE_LIMITS: {err}"))?,
        })
    }

    /// A TOML config file (the same keys as the flags, e.g. `rate-limits = "off"`).
    pub fn from_toml_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("cannot read config file {}: {err}", path.display()))?;
        toml::from_str(&text).map_err(|err| format!("config file {}: {err}", path.display()))
    }

    fn over(self, base: Self) -> Self {
        Self {
            listen: self.listen.or(base.listen),
            db: self.db.or(base.db),
            fixture: self.fixture.or(base.fixture),
            admin_token: self.admin_token.or(base.admin_token),
            rate_limits: self.rate_limits.or(base.rate_limits),
        }
    }
}

impl Config {
    /// Layers the settings over the defaults: `file`, then `env`, then `flags`.
    pub fn layered(file: Settings, env: Settings, flags: Settings) -> Self {
        let merged = flags.over(env.over(file));
        let defaults = Self::default();
        Self {
            listen: merged.listen.unwrap_or(defaults.listen),
            db: merged.db.unwrap_or(defaults.db),
            fixture: merged.fixture,
            admin_token: merged.admin_token,
            rate_limits: merged.rate_limits.unwrap_or(defaults.rate_limits),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_layers_win_and_defaults_fill_the_rest() {
        let file: Settings = toml::from_str(
            "listen = \"0.0.0.0:1\"\ndb = \"sqlite::memory:\"\nrate-limits = \"off\"",
        )
        .unwrap();
        let vars = HashMap::from([
            ("OPENWORK_LISTEN".to_owned(), "127.0.0.1:2".to_owned()),
            ("OPENWORK_ADMIN_TOKEN".to_owned(), "env-token".to_owned()),
        ]);
        let env = Settings::from_env(&vars).unwrap();
        let flags = Settings {
            admin_token: Some("flag-token".into()),
            ..Settings::default()
        };
        let config = Config::layered(file, env, flags);
        assert_eq!(config.listen, "127.0.0.1:2");
        assert_eq!(config.db, "sqlite::memory:");
        assert_eq!(config.admin_token.as_deref(), Some("flag-token"));
        assert_eq!(config.rate_limits, RateLimits::Off);
        assert_eq!(
            Config::layered(
                Settings::default(),
                Settings::default(),
                Settings::default()
            ),
            Config::default()
        );
    }

    #[test]
    fn bad_values_are_reported() {
        let vars = HashMap::from([("OPENWORK_RATE_LIMITS".to_owned(), "some".to_owned())]);
        assert!(
            Settings::from_env(&vars)
                .unwrap_err()
                .contains("OPENWORK_RATE_LIMITS")
        );
        assert!(toml::from_str::<Settings>("lisen = \"x\"").is_err());
    }
}
