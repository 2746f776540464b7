//! `openwork requests` and `openwork faults` against a running server with the demo world.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::served::{BIN, Served};

const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";
const FIND: &str = "/open-apis/performance/v1/stage_tasks/find_by_page";

/// A server with the demo world in memory and the admin token `tok`.
fn demo_server() -> Served {
    Served::on("sqlite::memory:", Some("tok"), &[])
}

fn admin(served: &Served, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .args(["--server", &served.base, "--admin-token", "tok"])
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `curl` of a demo call without a token; answers the log ID of the refusal.
fn refused_call(served: &Served) -> String {
    let output = Command::new("curl")
        .args([
            "-s",
            "-D",
            "-",
            "-X",
            "POST",
            &format!("{}{FIND}", served.base),
            "-d",
            "{}",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("X-Tt-Logid: "))
        .expect("a log ID header")
        .trim()
        .to_owned()
}

#[test]
fn requests_shows_why_a_call_failed_and_follows_new_ones() {
    let served = demo_server();
    let log_id = refused_call(&served);
    let shown = stdout(&admin(&served, &["requests", "--log-id", &log_id]));
    assert!(
        shown.contains(&format!("400 99991661 POST {FIND}")),
        "{shown}"
    );
    assert!(
        shown.contains("why: `performance.v1.stage_task.find_by_page` needs an access token"),
        "{shown}"
    );
    let as_json = stdout(&admin(
        &served,
        &["requests", "--log-id", &log_id, "--json"],
    ));
    let entry: serde_json::Value = serde_json::from_str(as_json.trim()).unwrap();
    assert_eq!(entry["log_id"], log_id.as_str());
    let missing = admin(&served, &["requests", "--log-id", "nope"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no request with this log ID"));

    // --follow prints requests that arrive after it started.
    let mut follow = Command::new(BIN)
        .args(["requests", "--follow", "--limit", "1", "--path", TOKEN_PATH])
        .args(["--server", &served.base, "--admin-token", "tok"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    let credentials = r#"{"app_id":"cli_de30c0de00000001","app_secret":"nope"}"#;
    Command::new("curl")
        .args([
            "-s",
            "-X",
            "POST",
            &format!("{}{TOKEN_PATH}", served.base),
            "-d",
            credentials,
        ])
        .output()
        .unwrap();
    let mut lines = BufReader::new(follow.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.contains(&format!("200 10003 POST {TOKEN_PATH}")),
        "{first}"
    );
    let why = lines.next().unwrap().unwrap();
    assert!(
        why.contains("no app of any tenant has this app_id and app_secret"),
        "{why}"
    );
    follow.kill().unwrap();
    follow.wait().unwrap();
    assert!(served.terminate().success());
}

#[test]
fn faults_are_added_listed_hit_and_removed() {
    let served = demo_server();
    let added = stdout(&admin(
        &served,
        &[
            "faults",
            "add",
            "--operation",
            "*",
            "--error",
            "99991400",
            "--times",
            "1",
        ],
    ));
    assert!(added.starts_with("fault 1: "), "{added}");
    assert!(stdout(&admin(&served, &["faults", "list"])).contains("99991400"));
    // The fault hits only calls that passed the token check: an unauthenticated one is refused
    // before it, so the fault is still there.
    refused_call(&served);
    assert!(stdout(&admin(&served, &["faults", "list"])).contains("1 more"));
    let ambiguous = admin(
        &served,
        &[
            "faults",
            "add",
            "--operation",
            "*",
            "--drop",
            "--latency",
            "5",
        ],
    );
    assert!(!ambiguous.status.success());
    assert!(String::from_utf8_lossy(&ambiguous.stderr).contains("not several"));
    assert_eq!(
        stdout(&admin(&served, &["faults", "remove", "1"])).trim(),
        "removed fault 1"
    );
    assert_eq!(
        stdout(&admin(&served, &["faults", "list"])).trim(),
        "no faults"
    );
    let gone = admin(&served, &["faults", "remove", "1"]);
    assert!(!gone.status.success());
    assert!(String::from_utf8_lossy(&gone.stderr).contains("fault 1 not found"));
    assert!(served.terminate().success());
}
