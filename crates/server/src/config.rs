//! The server's configuration: one typed tree, layered defaults → TOML file → `OPENWORK_*`
//! environment → command-line flags (docs/semantics.md, "The command line").

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::events::long_connection::LongConnectionSettings;
use crate::middleware::body_limit::BodyLimits;

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

/// How log lines are written to standard error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One human-readable line per event (coloured on a terminal).
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, String> {
        match value {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(format!(
                "the log format must be `text` or `json`, not {other:?}"
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
    pub journal: JournalConfig,
    pub log_format: LogFormat,
    /// What is logged: a level (`error`, `warn`, `info`, `debug`, `trace`) or `RUST_LOG`-style
    /// directives; `None` leaves it to `RUST_LOG`, else `info`.
    pub log_level: Option<String>,
    /// Seconds a client has to send a request's headers, counted from when its connection is
    /// ready for one (so also how long an idle keep-alive connection stays open).
    pub header_timeout_s: u64,
    /// Seconds a request may take, from its headers read to its answer.
    pub request_timeout_s: u64,
    /// The most connections served at once (fewer if the open-file limit is lower); more are
    /// refused with 503.
    pub max_connections: usize,
    /// How large request bodies may be, in bytes.
    pub body_limits: BodyLimits,
    pub events: EventsConfig,
}

/// How events are pushed (docs/events.md). The defaults are the vendor's; tests shorten them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventsConfig {
    /// Seconds between a failed attempt and the next, one per retry: the vendor's 15 s, 5 min,
    /// 1 h and 6 h. An event whose every retry failed is given up.
    pub retry_delays_s: Vec<u64>,
    /// A webhook must answer, and a long-connection client acknowledge, within this many seconds.
    pub timeout_s: u64,
    /// The long connection's `PingInterval`, `ReconnectInterval` and `ReconnectNonce` (seconds),
    /// which the SDKs take from openwork.
    pub ping_interval_s: u32,
    pub reconnect_interval_s: u32,
    pub reconnect_nonce_s: u32,
}

impl Default for EventsConfig {
    /// The long connection's own defaults (the SDKs'), and the vendor's retry schedule.
    fn default() -> Self {
        let connection = LongConnectionSettings::default();
        Self {
            retry_delays_s: vec![15, 5 * 60, 60 * 60, 6 * 60 * 60],
            timeout_s: connection.ack_timeout.as_secs(),
            ping_interval_s: connection.ping_interval_s,
            reconnect_interval_s: connection.reconnect_interval_s,
            reconnect_nonce_s: connection.reconnect_nonce_s,
        }
    }
}

/// Where the request journal is kept (docs/semantics.md, "The request journal").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalConfig {
    /// How many entries this replica keeps in memory; 0 turns the journal off (unless it is
    /// kept in the database).
    pub size: usize,
    /// Also keep entries in the database, where every replica's are visible.
    pub in_database: bool,
    /// The database keeps at most this many entries.
    pub keep: Option<u64>,
    /// The database keeps no entry older than this many seconds.
    pub max_age_seconds: Option<u64>,
}

impl Default for JournalConfig {
    fn default() -> Self {
        Self {
            size: crate::journal::DEFAULT_CAPACITY,
            in_database: false,
            keep: None,
            max_age_seconds: None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: DEFAULT_LISTEN.to_owned(),
            db: DEFAULT_DB.to_owned(),
            fixture: None,
            admin_token: None,
            rate_limits: RateLimits::Vendor,
            journal: JournalConfig::default(),
            log_format: LogFormat::Text,
            log_level: None,
            header_timeout_s: 20,
            request_timeout_s: 60,
            max_connections: 30_000,
            body_limits: BodyLimits::default(),
            events: EventsConfig::default(),
        }
    }
}

/// One layer of settings: every key optional. The TOML file gives one, the command line
/// another (each flag read from its `OPENWORK_*` variable when it is not given); the command
/// line wins.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    pub listen: Option<String>,
    pub db: Option<String>,
    pub fixture: Option<PathBuf>,
    pub admin_token: Option<String>,
    pub rate_limits: Option<RateLimits>,
    pub journal_size: Option<usize>,
    pub journal_db: Option<bool>,
    pub journal_keep: Option<u64>,
    /// Seconds, or a number with `s`, `m`, `h` or `d`.
    pub journal_max_age: Option<String>,
    pub log_format: Option<LogFormat>,
    pub log_level: Option<String>,
    pub header_timeout: Option<String>,
    pub request_timeout: Option<String>,
    pub max_connections: Option<usize>,
    /// Sizes: bytes, or a number with `K`, `M` or `G` (binary: `64M` is 64 MiB).
    pub max_body_size: Option<String>,
    pub max_batch_size: Option<String>,
    pub max_fixture_size: Option<String>,
    /// Durations separated by commas, e.g. `15s,5m,1h,6h`; empty: no retry.
    pub event_retries: Option<String>,
    pub event_timeout: Option<String>,
    pub event_ping_interval: Option<String>,
    pub event_reconnect_interval: Option<String>,
    pub event_reconnect_nonce: Option<String>,
}

impl Settings {
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
            journal_size: self.journal_size.or(base.journal_size),
            journal_db: self.journal_db.or(base.journal_db),
            journal_keep: self.journal_keep.or(base.journal_keep),
            journal_max_age: self.journal_max_age.or(base.journal_max_age),
            log_format: self.log_format.or(base.log_format),
            log_level: self.log_level.or(base.log_level),
            header_timeout: self.header_timeout.or(base.header_timeout),
            request_timeout: self.request_timeout.or(base.request_timeout),
            max_connections: self.max_connections.or(base.max_connections),
            max_body_size: self.max_body_size.or(base.max_body_size),
            max_batch_size: self.max_batch_size.or(base.max_batch_size),
            max_fixture_size: self.max_fixture_size.or(base.max_fixture_size),
            event_retries: self.event_retries.or(base.event_retries),
            event_timeout: self.event_timeout.or(base.event_timeout),
            event_ping_interval: self.event_ping_interval.or(base.event_ping_interval),
            event_reconnect_interval: self
                .event_reconnect_interval
                .or(base.event_reconnect_interval),
            event_reconnect_nonce: self.event_reconnect_nonce.or(base.event_reconnect_nonce),
        }
    }
}

/// A duration in seconds: a number, optionally followed by `s`, `m`, `h` or `d`.
pub fn seconds(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((at, unit @ ('s' | 'm' | 'h' | 'd'))) => (&text[..at], unit),
        _ => (text, 's'),
    };
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration like 3600, 90m, 24h or 7d"))?;
    let scale = match unit {
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => 1,
    };
    Ok(number * scale)
}

impl Config {
    /// Layers the settings over the defaults: `file`, then `flags`.
    pub fn layered(file: Settings, flags: Settings) -> Result<Self, String> {
        let merged = flags.over(file);
        let defaults = Self::default();
        if merged.max_connections == Some(0) {
            return Err("max connections: must be at least 1".to_owned());
        }
        Ok(Self {
            listen: merged
                .listen
                .map_or(defaults.listen, |listen| every_interface(&listen)),
            db: merged.db.unwrap_or(defaults.db),
            fixture: merged.fixture,
            admin_token: merged.admin_token,
            rate_limits: merged.rate_limits.unwrap_or(defaults.rate_limits),
            journal: JournalConfig {
                size: merged.journal_size.unwrap_or(defaults.journal.size),
                in_database: merged.journal_db.unwrap_or(false),
                keep: merged.journal_keep,
                max_age_seconds: merged
                    .journal_max_age
                    .as_deref()
                    .map(seconds)
                    .transpose()
                    .map_err(|err| format!("journal max age: {err}"))?,
            },
            log_format: merged.log_format.unwrap_or(defaults.log_format),
            log_level: merged.log_level,
            header_timeout_s: setting_seconds(
                "header timeout",
                merged.header_timeout,
                1,
                defaults.header_timeout_s,
            )?,
            request_timeout_s: setting_seconds(
                "request timeout",
                merged.request_timeout,
                1,
                defaults.request_timeout_s,
            )?,
            max_connections: merged.max_connections.unwrap_or(defaults.max_connections),
            body_limits: BodyLimits {
                api: setting_size(
                    "max body size",
                    merged.max_body_size,
                    defaults.body_limits.api,
                )?,
                batch: setting_size(
                    "max batch size",
                    merged.max_batch_size,
                    defaults.body_limits.batch,
                )?,
                fixture: setting_size(
                    "max fixture size",
                    merged.max_fixture_size,
                    defaults.body_limits.fixture,
                )?,
            },
            events: EventsConfig {
                retry_delays_s: match merged.event_retries.as_deref() {
                    Some(list) => list
                        .split(',')
                        .map(str::trim)
                        .filter(|delay| !delay.is_empty())
                        .map(seconds)
                        .collect::<Result<_, _>>()
                        .map_err(|err| format!("event retries: {err}"))?,
                    None => defaults.events.retry_delays_s,
                },
                timeout_s: setting_seconds(
                    "event timeout",
                    merged.event_timeout,
                    1,
                    defaults.events.timeout_s,
                )?,
                ping_interval_s: small_seconds(
                    "event ping interval",
                    merged.event_ping_interval,
                    defaults.events.ping_interval_s,
                )?,
                reconnect_interval_s: small_seconds(
                    "event reconnect interval",
                    merged.event_reconnect_interval,
                    defaults.events.reconnect_interval_s,
                )?,
                reconnect_nonce_s: small_seconds(
                    "event reconnect nonce",
                    merged.event_reconnect_nonce,
                    defaults.events.reconnect_nonce_s,
                )?,
            },
        })
    }
}

/// `:PORT` is `PORT` on every interface (as Go and many servers read it); other addresses are
/// left as they are.
fn every_interface(listen: &str) -> String {
    match listen.strip_prefix(':') {
        Some(port) => format!("0.0.0.0:{port}"),
        None => listen.to_owned(),
    }
}

/// A size in bytes: a number, optionally followed by `K`, `M` or `G` (binary multiples, in
/// either case, with or without a trailing `iB` or `B`).
fn byte_size(text: &str) -> Result<usize, String> {
    let lower = text.trim().to_ascii_lowercase();
    let unitless = lower
        .strip_suffix("ib")
        .or_else(|| lower.strip_suffix('b'))
        .unwrap_or(&lower);
    let (number, scale) = match unitless.char_indices().last() {
        Some((at, 'k')) => (&unitless[..at], 1 << 10),
        Some((at, 'm')) => (&unitless[..at], 1 << 20),
        Some((at, 'g')) => (&unitless[..at], 1 << 30),
        _ => (unitless, 1),
    };
    number
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|&bytes| bytes > 0)
        .ok_or_else(|| format!("{text:?} is not a size like 65536, 512K, 64M or 1G"))
}

/// A size setting in bytes; `default` when absent.
fn setting_size(name: &str, text: Option<String>, default: usize) -> Result<usize, String> {
    text.map_or(Ok(default), |text| {
        byte_size(&text).map_err(|err| format!("{name}: {err}"))
    })
}

/// A duration setting in seconds, at least `min`; `default` when absent.
fn setting_seconds(
    name: &str,
    text: Option<String>,
    min: u64,
    default: u64,
) -> Result<u64, String> {
    let Some(text) = text else {
        return Ok(default);
    };
    let value = seconds(&text).map_err(|err| format!("{name}: {err}"))?;
    if value < min {
        return Err(format!("{name}: must be at least {min} s, not {text:?}"));
    }
    Ok(value)
}

/// A duration the long connection's settings carry as a 32-bit number of seconds (at least 1).
fn small_seconds(name: &str, text: Option<String>, default: u32) -> Result<u32, String> {
    let value = setting_seconds(name, text, 1, u64::from(default))?;
    u32::try_from(value).map_err(|_| format!("{name}: {value} s is too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(byte_size("65536"), Ok(65_536));
        assert_eq!(byte_size("512K"), Ok(512 * 1024));
        assert_eq!(byte_size("64M"), Ok(64 * 1024 * 1024));
        assert_eq!(byte_size("64MiB"), Ok(64 * 1024 * 1024));
        assert_eq!(byte_size(" 1gb "), Ok(1 << 30));
        for bad in ["", "0", "M", "-1", "12X", "99999999999999999999G"] {
            assert!(byte_size(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_bare_port_listens_on_every_interface() {
        let listen = |text: &str| {
            let flags = Settings {
                listen: Some(text.to_owned()),
                ..Settings::default()
            };
            Config::layered(Settings::default(), flags).unwrap().listen
        };
        assert_eq!(listen(":0"), "0.0.0.0:0");
        assert_eq!(listen(":8900"), "0.0.0.0:8900");
        assert_eq!(listen("127.0.0.1:0"), "127.0.0.1:0");
        assert_eq!(listen("[::1]:0"), "[::1]:0");
    }

    #[test]
    fn the_command_line_wins_and_defaults_fill_the_rest() {
        let file: Settings = toml::from_str(
            "listen = \"0.0.0.0:1\"\ndb = \"sqlite::memory:\"\nrate-limits = \"off\"\nlog-format = \"json\"",
        )
        .unwrap();
        let flags = Settings {
            listen: Some("127.0.0.1:2".into()),
            admin_token: Some("flag-token".into()),
            ..Settings::default()
        };
        let config = Config::layered(file, flags).unwrap();
        assert_eq!(config.listen, "127.0.0.1:2");
        assert_eq!(config.db, "sqlite::memory:");
        assert_eq!(config.admin_token.as_deref(), Some("flag-token"));
        assert_eq!(config.rate_limits, RateLimits::Off);
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(
            Config::layered(Settings::default(), Settings::default()).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn bad_values_are_reported() {
        assert!(toml::from_str::<Settings>("lisen = \"x\"").is_err());
        assert!(
            "xml"
                .parse::<LogFormat>()
                .unwrap_err()
                .contains("`text` or `json`")
        );
        let age = Settings {
            journal_max_age: Some("a week".into()),
            ..Settings::default()
        };
        let err = Config::layered(age, Settings::default()).unwrap_err();
        assert!(
            err.contains("journal max age") && err.contains("7d"),
            "{err}"
        );
    }

    #[test]
    fn durations_take_units() {
        assert_eq!(seconds("3600"), Ok(3_600));
        assert_eq!(seconds("90m"), Ok(5_400));
        assert_eq!(seconds("24h"), Ok(86_400));
        assert_eq!(seconds("7d"), Ok(604_800));
        assert!(seconds("h").is_err());
    }

    #[test]
    fn event_settings_take_durations_and_say_which_one_is_wrong() {
        let flags = Settings {
            event_retries: Some("1s, 2m,".into()),
            event_timeout: Some("2s".into()),
            event_reconnect_nonce: Some("1".into()),
            ..Settings::default()
        };
        let events = Config::layered(Settings::default(), flags).unwrap().events;
        assert_eq!(events.retry_delays_s, [1, 120]);
        assert_eq!((events.timeout_s, events.reconnect_nonce_s), (2, 1));
        assert_eq!(
            events.ping_interval_s,
            EventsConfig::default().ping_interval_s
        );

        let none = Settings {
            event_retries: Some(String::new()),
            ..Settings::default()
        };
        let events = Config::layered(Settings::default(), none).unwrap().events;
        assert!(events.retry_delays_s.is_empty(), "an empty list: no retry");

        for (flags, named) in [
            (
                Settings {
                    event_retries: Some("15s,soon".into()),
                    ..Settings::default()
                },
                "event retries",
            ),
            (
                Settings {
                    event_timeout: Some("0".into()),
                    ..Settings::default()
                },
                "event timeout",
            ),
            (
                Settings {
                    event_ping_interval: Some("9999999999".into()),
                    ..Settings::default()
                },
                "event ping interval",
            ),
        ] {
            let err = Config::layered(Settings::default(), flags).unwrap_err();
            assert!(err.starts_with(named), "{err}");
        }
    }
}
