//! Running `openwork serve` as a child process.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_openwork");

pub fn temp_dir(label: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "openwork-cli-{label}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `openwork ARGS…`, run to its end.
pub fn openwork(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

/// A database URL for one test: a fresh SQLite file, or a fresh PostgreSQL schema.
pub async fn database(label: &str, postgres: bool) -> Option<String> {
    if !postgres {
        return Some(format!(
            "sqlite://{}",
            temp_dir(label).join("openwork.db").display()
        ));
    }
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true requires TEST_DATABASE_URL (PostgreSQL)"
        );
        eprintln!("skipping the PostgreSQL variant of {label}: TEST_DATABASE_URL is not set");
        return None;
    };
    Some(
        openwork_platform::db::isolated_postgres_url(&base, label)
            .await
            .expect("a test schema"),
    )
}

/// A running `openwork serve` and the lines it printed up to its banner's end.
pub struct Served {
    pub child: Child,
    pub base: String,
    pub banner: Vec<String>,
}

impl Served {
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Self {
        Self::start_logging_to(args, envs, Stdio::null())
    }

    /// `openwork serve` on a free port of 127.0.0.1 with the database `db`, rate limits off and
    /// the admin token `admin_token` (`None`: the server generates one), plus `extra` flags.
    pub fn on(db: &str, admin_token: Option<&str>, extra: &[&str]) -> Self {
        let mut args = vec![
            "--listen",
            "127.0.0.1:0",
            "--db",
            db,
            "--rate-limits",
            "off",
        ];
        if let Some(token) = admin_token {
            args.extend(["--admin-token", token]);
        }
        args.extend(extra);
        Self::start(&args, &[])
    }

    /// Like `start`, with the server's log (its standard error) going to `log`.
    pub fn start_logging_to(args: &[&str], envs: &[(&str, &str)], log: impl Into<Stdio>) -> Self {
        let mut command = Command::new(BIN);
        command
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(log);
        for (key, value) in envs {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("openwork starts");
        let stdout = child.stdout.take().unwrap();
        let (lines_tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if lines_tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        let mut banner = Vec::new();
        let mut base = None;
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(60)) {
            if let Some(url) = line
                .strip_prefix("openwork ")
                .and_then(|rest| rest.split(" listening on ").nth(1))
            {
                base = Some(url.to_owned());
            }
            let done = line.starts_with("Press Ctrl-C");
            banner.push(line);
            if done {
                break;
            }
        }
        Self {
            child,
            base: base.expect("the banner names the address"),
            banner,
        }
    }

    pub fn admin_token(&self) -> String {
        self.banner
            .iter()
            .find_map(|line| line.trim().strip_prefix("admin token: "))
            .map(|rest| rest.split_whitespace().next().unwrap().to_owned())
            .expect("the banner prints the admin token")
    }

    pub fn terminate(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.child.wait().unwrap()
    }
}

impl Drop for Served {
    /// A test that fails half-way leaves no server behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
