//! `serve` (banner, config layering, graceful shutdown) and the admin commands `load` and
//! `reset`.

use std::path::Path;
use std::process::Command;

use crate::served::{Served, openwork, temp_dir};

fn small_fixture(dir: &Path) -> String {
    let path = dir.join("fixture.yaml");
    std::fs::write(
        &path,
        "version: 1\ntenants:\n  - tenant_key: t1\n    apps: [{ app_id: cli_t1, app_secret: s }]\n    users: [{ user_id: a, name: A }]\n",
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn the_banner_commands_answer_with_code_zero() {
    let dir = temp_dir("banner");
    let db = format!("sqlite://{}", dir.join("openwork.db").display());
    let served = Served::start(&["--listen", "127.0.0.1:0", "--db", &db], &[]);
    let script: Vec<String> = served
        .banner
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.starts_with("TOKEN=") || l.starts_with("DT=") || l.starts_with("curl "))
        .map(str::to_owned)
        .collect();
    assert_eq!(script.len(), 4, "{:#?}", served.banner);
    let run = |pair: &[String]| -> serde_json::Value {
        let output = Command::new("bash")
            .args(["-c", &pair.join("\n")])
            .output()
            .unwrap();
        serde_json::from_slice(&output.stdout).expect("JSON from the second command")
    };
    let feishu = run(&script[..2]);
    assert_eq!(feishu["code"], 0, "{feishu}");
    assert_eq!(feishu["data"]["items"].as_array().unwrap().len(), 2);
    let dingtalk = run(&script[2..]);
    assert_eq!(dingtalk["errcode"], 0, "{dingtalk}");
    assert_eq!(dingtalk["result"]["task_id"], "111", "{dingtalk}");
    assert!(served.terminate().success(), "SIGTERM is a clean stop");
}

#[test]
fn sigterm_finishes_cleanly_and_the_database_reopens() {
    let dir = temp_dir("restart");
    let db = format!("sqlite://{}", dir.join("openwork.db").display());
    let fixture = small_fixture(&dir);
    let served = Served::start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--db",
            &db,
            "--fixture",
            &fixture,
        ],
        &[],
    );
    let token = served.admin_token();
    assert!(served.terminate().success());
    // Same database, no fixture: the data and the generated admin token are still there.
    let served = Served::start(&["--listen", "127.0.0.1:0", "--db", &db], &[]);
    assert_eq!(served.admin_token(), token);
    assert!(
        !served.banner.iter().any(|l| l.contains("Demo world")),
        "a database with tenants does not get the demo world"
    );
    assert!(served.terminate().success());
}

#[test]
fn load_and_reset_drive_a_running_server() {
    let dir = temp_dir("load");
    let served = Served::start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--db",
            "sqlite::memory:",
            "--admin-token",
            "tok",
        ],
        &[],
    );
    let fixture = small_fixture(&dir);
    let loaded = openwork(&[
        "load",
        &fixture,
        "--server",
        &served.base,
        "--admin-token",
        "tok",
    ]);
    assert!(loaded.status.success(), "{loaded:?}");
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("tenant t1: 1 app, 1 user\n"));

    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "version: 1\ntenants:\n  - tenant_key: t2\n    users: [{ user_id: a, name: A, leader_user_id: zz }]\n").unwrap();
    let refused = openwork(&[
        "load",
        bad.to_str().unwrap(),
        "--server",
        &served.base,
        "--admin-token",
        "tok",
    ]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("tenants[0].users[0].leader_user_id: unknown user \"zz\""),
        "{refused:?}"
    );

    let no_token = openwork(&["load", &fixture, "--server", &served.base]);
    assert!(!no_token.status.success());
    assert!(String::from_utf8_lossy(&no_token.stderr).contains("admin token is required"));
    let wrong_token = openwork(&["reset", "--server", &served.base, "--admin-token", "nope"]);
    assert!(!wrong_token.status.success());
    assert!(String::from_utf8_lossy(&wrong_token.stderr).contains("401"));

    let one = openwork(&[
        "reset",
        "--tenant",
        "t1",
        "--server",
        &served.base,
        "--admin-token",
        "tok",
    ]);
    assert!(one.status.success());
    assert_eq!(
        String::from_utf8_lossy(&one.stdout).trim(),
        "deleted tenant t1"
    );
    let all = openwork(&["reset", "--server", &served.base, "--admin-token", "tok"]);
    assert!(all.status.success());
    // Only the demo world's tenant was left.
    assert_eq!(
        String::from_utf8_lossy(&all.stdout).trim(),
        "deleted 1 tenant"
    );
    assert!(served.terminate().success());
}

#[test]
fn settings_layer_file_then_env_then_flags() {
    let dir = temp_dir("config");
    let config = dir.join("openwork.toml");
    std::fs::write(
        &config,
        "listen = \"127.0.0.1:1\"\ndb = \"sqlite::memory:\"\nadmin-token = \"from-file\"\nrate-limits = \"off\"\n",
    )
    .unwrap();
    // The environment overrides the file's listen address; the flag overrides its token.
    let served = Served::start(
        &[
            "--config",
            config.to_str().unwrap(),
            "--admin-token",
            "from-flag",
        ],
        &[
            ("OPENWORK_LISTEN", "127.0.0.1:0"),
            ("OPENWORK_ADMIN_TOKEN", "from-env"),
        ],
    );
    assert!(!served.base.ends_with(":1"));
    assert_eq!(served.admin_token(), "from-flag");
    assert!(served.banner.iter().any(|l| l.contains("rate limits: off")));
    assert!(served.terminate().success());

    std::fs::write(&config, "lisen = \"x\"\n").unwrap();
    let refused = openwork(&["serve", "--config", config.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unknown field"));
}
