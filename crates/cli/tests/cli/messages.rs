//! What a person reads: start-up failures, the banner, logs, help and shell completions.

use std::process::Output;

use crate::served::{Served, openwork, temp_dir};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_port_in_use_is_said_once_with_the_flag_to_change_it_and_leaves_no_database() {
    let first = Served::on("sqlite::memory:", None, &[]);
    let address = first.base.trim_start_matches("http://").to_owned();
    let dir = temp_dir("port-in-use");
    let db = dir.join("openwork.db");
    let second = openwork(&[
        "serve",
        "--listen",
        &address,
        "--db",
        &format!("sqlite://{}", db.display()),
    ]);
    assert!(!second.status.success());
    let text = stderr(&second);
    assert_eq!(text.matches("cannot listen on").count(), 1, "{text}");
    assert_eq!(text.matches("already listens there").count(), 1, "{text}");
    assert!(text.contains("--listen"), "{text}");
    assert!(
        !text.contains("Caused by") && !text.contains("os error"),
        "{text}"
    );
    assert!(!db.exists(), "no database file is left behind");
    assert!(first.terminate().success());
}

#[test]
fn the_banner_lists_every_demo_credential_and_where_the_admin_token_lives() {
    let served = Served::on("sqlite::memory:", None, &[]);
    let banner = served.banner.join("\n");
    for credential in [
        "app_id cli_de30c0de00000001  app_secret openwork-demo-secret ",
        "app_id cli_de30c0de00000002  app_secret openwork-demo-secret-2 ",
        "corp_id dingdemo00000000001",
        "appkey dingdemo0000000001  appsecret openwork-demo-dingtalk-secret",
    ] {
        assert!(banner.contains(credential), "{credential} in:\n{banner}");
    }
    assert!(
        banner.contains("loaded:      the built-in demo world"),
        "{banner}"
    );
    assert!(
        banner.contains("forgets it when the server stops")
            && !banner.contains("kept in the database"),
        "an in-memory database keeps nothing:\n{banner}"
    );
    assert!(served.terminate().success());
}

#[test]
fn a_fixture_at_start_is_summarised_and_a_bad_one_is_named_once() {
    let dir = temp_dir("fixture-banner");
    let fixture = dir.join("world.yaml");
    std::fs::write(
        &fixture,
        "version: 1\ntenants:\n  - tenant_key: t1\n    apps: [{ app_id: cli_t1, app_secret: s }]\n    users: [{ user_id: a, name: A }, { user_id: b, name: B }]\n",
    )
    .unwrap();
    let fixture = fixture.display().to_string();
    let served = Served::start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--db",
            "sqlite::memory:",
            "--fixture",
            &fixture,
        ],
        &[],
    );
    let banner = served.banner.join("\n");
    assert!(
        banner.contains(&format!("loaded:      {fixture}")),
        "{banner}"
    );
    assert!(banner.contains("tenant t1: 1 app, 2 users"), "{banner}");
    assert!(served.terminate().success());

    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "version: 1\ntenants:\n  - tenant_key: t1\n    semesters: [{ start_time: 0, end_time: 1, stages: [{ deadline: yesterday }] }]\n",
    )
    .unwrap();
    let refused = openwork(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--db",
        "sqlite::memory:",
        "--fixture",
        bad.to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    let text = stderr(&refused);
    let path = "tenants[0].semesters[0].stages[0].deadline";
    assert_eq!(text.matches(path).count(), 1, "{text}");
    assert!(text.starts_with("error: fixture "), "{text}");
}

#[test]
fn logs_are_plain_off_a_terminal_and_json_when_asked() {
    let dir = temp_dir("logs");
    for (format, json) in [("text", false), ("json", true)] {
        let log_path = dir.join(format!("{format}.log"));
        let log = std::fs::File::create(&log_path).unwrap();
        let served = Served::start_logging_to(
            &[
                "--listen",
                "127.0.0.1:0",
                "--db",
                "sqlite::memory:",
                "--log-format",
                format,
                "--log-level",
                "info",
            ],
            &[],
            log,
        );
        assert!(served.terminate().success());
        let text = std::fs::read_to_string(&log_path).unwrap();
        assert!(text.contains("shutting down"), "{format}: {text}");
        assert!(
            !text.contains('\u{1b}'),
            "no colour codes in a file: {text}"
        );
        for line in text.lines() {
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(line).is_ok(),
                json,
                "{format}: {line}"
            );
        }
    }
    let quiet_log = dir.join("warn.log");
    let served = Served::start_logging_to(
        &["--listen", "127.0.0.1:0", "--db", "sqlite::memory:"],
        &[("OPENWORK_LOG_LEVEL", "warn")],
        std::fs::File::create(&quiet_log).unwrap(),
    );
    assert!(served.terminate().success());
    let text = std::fs::read_to_string(&quiet_log).unwrap();
    assert!(!text.contains("shutting down"), "warn hides info: {text}");

    let refused = openwork(&["serve", "--db", "sqlite::memory:", "--log-level", "loud=="]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("is not a level"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn every_serve_flag_names_its_environment_variable() {
    let help = String::from_utf8(openwork(&["serve", "--help"]).stdout).unwrap();
    for variable in [
        "OPENWORK_CONFIG",
        "OPENWORK_LISTEN",
        "OPENWORK_DB",
        "OPENWORK_FIXTURE",
        "OPENWORK_ADMIN_TOKEN",
        "OPENWORK_RATE_LIMITS",
        "OPENWORK_JOURNAL_SIZE",
        "OPENWORK_JOURNAL_DB",
        "OPENWORK_JOURNAL_KEEP",
        "OPENWORK_JOURNAL_MAX_AGE",
        "OPENWORK_LOG_FORMAT",
        "OPENWORK_LOG_LEVEL",
    ] {
        assert!(
            help.contains(&format!("[env: {variable}")),
            "{variable}:\n{help}"
        );
    }
    assert_eq!(
        help.matches("--").count(),
        help.matches("[env: ").count() + 1,
        "one variable per flag (besides --help):\n{help}"
    );
}

#[test]
fn completions_are_printed_for_a_shell() {
    let bash = openwork(&["completions", "bash"]);
    assert!(bash.status.success());
    let script = String::from_utf8(bash.stdout).unwrap();
    assert!(
        script.contains("complete -F") && script.contains("openwork"),
        "{script}"
    );
    assert!(
        script.contains("--journal-max-age"),
        "flags of subcommands complete too"
    );
    assert!(!openwork(&["completions", "tcsh"]).status.success());
}

#[test]
fn health_says_whether_a_server_answers() {
    let served = Served::on("sqlite::memory:", None, &[]);
    let healthy = openwork(&["health", "--server", &served.base]);
    assert!(healthy.status.success(), "{healthy:?}");
    assert!(served.terminate().success());
    let gone = openwork(&["health", "--server", "http://127.0.0.1:9"]);
    assert!(!gone.status.success());
    assert!(
        stderr(&gone).contains("nothing answers at"),
        "{}",
        stderr(&gone)
    );
}

#[test]
fn reset_with_demo_brings_the_demo_back_without_a_restart() {
    let served = Served::on("sqlite::memory:", Some("tok"), &[]);
    let remote = ["--server", served.base.as_str(), "--admin-token", "tok"];
    let emptied = openwork(&[&["reset"][..], &remote].concat());
    assert!(emptied.status.success(), "{emptied:?}");
    let again = openwork(&[&["reset", "--demo"][..], &remote].concat());
    assert!(again.status.success(), "{again:?}");
    let text = String::from_utf8(again.stdout).unwrap();
    assert!(text.starts_with("deleted 0 tenants\n"), "{text}");
    assert!(
        text.contains("loaded the built-in demo world:\n  tenant demo: 2 apps,"),
        "{text}"
    );
    // The demo app gets a token again.
    let url = format!(
        "{}/open-apis/auth/v3/tenant_access_token/internal",
        served.base
    );
    let answer: serde_json::Value = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let credentials = serde_json::json!({
            "app_id": "cli_de30c0de00000001",
            "app_secret": "openwork-demo-secret",
        });
        let reply = reqwest::Client::new().post(url).json(&credentials).send();
        reply.await.unwrap().json().await.unwrap()
    });
    assert_eq!(answer["code"], 0, "{answer}");
    assert!(served.terminate().success());
}
