//! Work reports (汇报): tasks/query with tenant and user tokens, rules/query, views/remove, the
//! OAuth code flow of user tokens.

use std::fmt::Write;

use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestServer;

const TASKS: &str = "/open-apis/report/v1/tasks/query";
const RULES: &str = "/open-apis/report/v1/rules/query";
const WEEKLY: &str = "6894000000000000001";
const MONTHLY: &str = "6894000000000000002";
const OLD: &str = "6894000000000000003";
const APP: (&str, &str) = ("cli_reports", "reports-secret");
/// 2024-05-01T00:00:00Z
const BASE: i64 = 1_714_521_600;

/// One report: (task_id, rule, sender, commit time in seconds, recipients).
fn reports() -> Vec<(String, &'static str, String, i64, Vec<String>)> {
    (1..=25)
        .map(|i: i64| {
            let rule = if i % 4 == 0 { MONTHLY } else { WEEKLY };
            let sender = format!("r{:02}", i % 5 + 1);
            // Every third report shares its time with the next: ties are ordered by task_id.
            let time = BASE + (i / 3) * 3600;
            let to = vec![format!("r{:02}", (i + 1) % 5 + 6)];
            (format!("69690000000000000{i:02}"), rule, sender, time, to)
        })
        .collect()
}

fn fixture() -> String {
    let mut out = String::from(
        "version: 1\ntenants:\n  - tenant_key: acme\n    clock: \"2024-06-15T10:00:00+08:00\"\n    apps:\n",
    );
    writeln!(out, "      - {{ app_id: {}, app_secret: {}, scopes: [report:task:readonly, report:rule:readonly, report:report, contact:user.employee_id:readonly, contact:user.email:readonly] }}", APP.0, APP.1).unwrap();
    out.push_str(
        "      - { app_id: cli_bare, app_secret: bare, scopes: [report:task:readonly] }\n",
    );
    out.push_str("    departments:\n      - { department_id: sales, name: 销售部 }\n      - { department_id: east, name: 华东, parent_id: sales }\n    users:\n");
    for i in 1..=11 {
        let dept = if i <= 5 { "east" } else { "sales" };
        writeln!(out, "      - {{ user_id: r{i:02}, name: 用户{i}, email: r{i}@acme.example, mobile: \"+86139000000{i:02}\", department_ids: [{dept}] }}").unwrap();
    }
    writeln!(out, "    report_rules:\n      - rule_id: \"{WEEKLY}\"\n        name: 周报\n        icon_name: weekly\n        owner_user_id: r06\n        creator_user_id: r07\n        created_at: \"2024-01-01T00:00:00Z\"\n        form:\n          - {{ field_id: \"1\", name: 本周工作, type: text }}\n          - {{ field_id: \"2\", name: 工时, type: number }}\n          - {{ field_id: \"3\", name: 附件, type: attachement }}\n          - {{ field_id: \"4\", name: 截图, type: image }}\n        need_report_user_ids: [r01, r02]\n        need_report_department_ids: [east, \"0\"]\n        to_user_ids: [r06]\n        cc_user_ids: [r07]\n        manager_user_ids: [r08]").unwrap();
    writeln!(out, "      - {{ rule_id: \"{MONTHLY}\", name: 月报, form: [{{ field_id: \"9\", name: 总结, type: text }}] }}").unwrap();
    writeln!(
        out,
        "      - {{ rule_id: \"{OLD}\", name: 周报, deleted: true }}"
    )
    .unwrap();
    out.push_str("    reports:\n");
    for (task_id, rule, sender, time, to) in reports() {
        let values = if rule == WEEKLY {
            format!("{{ \"1\": 工作{task_id}, \"2\": \"40\", \"3\": file.pdf, \"4\": shot.png }}")
        } else {
            format!("{{ \"9\": 总结{task_id} }}")
        };
        writeln!(out, "      - {{ task_id: \"{task_id}\", rule_id: \"{rule}\", from_user_id: {sender}, commit_time: {}, to_user_ids: [{}], values: {values} }}", time * 1000, to.join(", ")).unwrap();
    }
    out.push_str("  - tenant_key: quiet\n    report: { enabled: false }\n    apps: [{ app_id: cli_quiet, app_secret: quiet, scopes: [report:task:readonly, report:rule:readonly, report:report] }]\n");
    out.push_str("  - tenant_key: other\n    apps: [{ app_id: cli_other_reports, app_secret: other, scopes: [report:task:readonly, report:rule:readonly, report:report] }]\n    users: [{ user_id: r01, name: 其他 }]\n");
    writeln!(
        out,
        "    report_rules: [{{ rule_id: \"7000000000000000001\", name: 周报 }}]"
    )
    .unwrap();
    out
}

async fn world() -> (TestServer, String) {
    let server = TestServer::start_with(&fixture(), RateLimits::Off).await;
    let token = server.token(APP.0, APP.1).await;
    (server, token)
}

/// The oracle: task IDs committed in the window (seconds, inclusive), filtered, newest first.
fn expected(start: i64, end: i64, rule: Option<&str>, sender: Option<&str>) -> Vec<String> {
    let mut matching: Vec<(i64, String)> = reports()
        .into_iter()
        .filter(|r| start <= r.3 && r.3 <= end)
        .filter(|r| rule.is_none_or(|rule| r.1 == rule))
        .filter(|r| sender.is_none_or(|s| r.2 == s))
        .map(|r| (r.3, r.0))
        .collect();
    matching.sort_by(|a, b| b.cmp(a));
    matching.into_iter().map(|(_, id)| id).collect()
}

/// Every page of tasks/query, checking the paging contract.
async fn walk(server: &TestServer, token: &str, body: Value, page_size: i64) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page_token = String::new();
    loop {
        let mut request = body.clone();
        request["page_size"] = json!(page_size);
        request["page_token"] = json!(page_token);
        let reply = server
            .post(&format!("{TASKS}?user_id_type=user_id"), token, request)
            .await;
        let data = reply.data().clone();
        // Paging only inside data, as the vendor's page for this call shows.
        assert!(reply.body.get("has_more").is_none(), "{}", reply.body);
        items.extend(data["items"].as_array().unwrap().iter().cloned());
        if data["has_more"] == json!(true) {
            page_token = data["page_token"]
                .as_str()
                .expect("a token with has_more")
                .to_owned();
        } else {
            assert!(data.get("page_token").is_none());
            return items;
        }
    }
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["task_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_window_is_inclusive_and_filters_combine() {
    let (server, token) = world().await;
    let all = (BASE, BASE + 10 * 3600);
    for (start, end, rule, sender) in [
        (all.0, all.1, None, None),
        (BASE + 3600, BASE + 3 * 3600, None, None),
        (BASE + 3600 + 1, BASE + 3 * 3600 - 1, None, None),
        (all.0, all.1, Some(MONTHLY), None),
        (all.0, all.1, None, Some("r03")),
        (all.0, all.1, Some(WEEKLY), Some("r02")),
        (BASE + 20 * 3600, BASE + 30 * 3600, None, None),
    ] {
        let mut body = json!({"commit_start_time": start, "commit_end_time": end});
        if let Some(rule) = rule {
            body["rule_id"] = json!(rule);
        }
        if let Some(sender) = sender {
            body["user_id"] = json!(sender);
        }
        let items = walk(&server, &token, body, 20).await;
        assert_eq!(
            ids(&items),
            expected(start, end, rule, sender),
            "{start}..{end} {rule:?} {sender:?}"
        );
    }
}

#[tokio::test]
async fn paging_walks_equal_the_unpaged_result() {
    let (server, token) = world().await;
    let body = json!({"commit_start_time": BASE, "commit_end_time": BASE + 100_000});
    let whole = walk(&server, &token, body.clone(), 0).await;
    assert_eq!(ids(&whole), expected(BASE, BASE + 100_000, None, None));
    assert_eq!(whole.len(), 25);
    for size in [1, 3, 7, 20] {
        assert_eq!(
            walk(&server, &token, body.clone(), size).await,
            whole,
            "page size {size}"
        );
    }
}

#[tokio::test]
async fn items_have_the_vendor_shape() {
    let (server, token) = world().await;
    let reply = server
        .post(
            &format!("{TASKS}?user_id_type=user_id"),
            &token,
            json!({"commit_start_time": BASE, "commit_end_time": BASE, "page_size": 20, "page_token": "", "rule_id": WEEKLY.parse::<i64>().unwrap(), "user_id": "r02"}),
        )
        .await;
    let item = &reply.data()["items"][0];
    assert_eq!(item["task_id"], "6969000000000000001");
    assert_eq!(item["rule_name"], "周报");
    assert_eq!(item["from_user_id"], "r02");
    assert_eq!(item["from_user_name"], "用户2");
    assert_eq!(item["department_name"], "华东");
    assert!(
        item["department_ids"][0]
            .as_str()
            .unwrap()
            .starts_with("od-")
    );
    assert_eq!(item["commit_time"], BASE);
    assert_eq!(item["to_user_ids"], json!(["r08"]));
    assert_eq!(item["to_user_names"], json!(["用户8"]));
    let contents: Vec<(&str, &str, &str)> = item["form_contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["field_id"].as_str().unwrap(),
                c["field_name"].as_str().unwrap(),
                c["field_value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        contents,
        [
            ("1", "本周工作", "工作6969000000000000001"),
            ("2", "工时", "40"),
            ("3", "附件", ""),
            ("4", "截图", ""),
        ],
        "rule order, attachments and images empty"
    );
    // open_id by default, in the filter and in the answer.
    let r02 = server.admin.user_ids("acme", "r02", APP.0).await.unwrap();
    let reply = server
        .post(TASKS, &token, json!({"commit_start_time": BASE, "commit_end_time": BASE, "page_size": 1, "page_token": "", "user_id": r02.open_id}))
        .await;
    let items = reply.data()["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["from_user_id"], r02.open_id);
    assert_eq!(items[0]["task_id"], "6969000000000000001");
}

#[tokio::test]
async fn a_user_token_sees_what_its_user_sent_and_received() {
    let (server, _) = world().await;
    let minted = server
        .admin
        .user_access_token("acme", APP.0, "r02")
        .await
        .unwrap();
    let window = json!({"commit_start_time": BASE, "commit_end_time": BASE + 100_000, "page_size": 3, "page_token": ""});
    let reply = server
        .post(
            &format!("{TASKS}?user_id_type=user_id"),
            &minted.access_token,
            window,
        )
        .await;
    let data = reply.data();
    assert_eq!(
        data["has_more"], false,
        "one response, whatever the page size"
    );
    let mut expected: Vec<(i64, String)> = reports()
        .into_iter()
        .filter(|r| r.2 == "r02" || r.4.contains(&"r02".to_owned()))
        .map(|r| (r.3, r.0))
        .collect();
    expected.sort_by(|a, b| b.cmp(a));
    let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
    assert!(expected.len() > 3);
    assert_eq!(ids(data["items"].as_array().unwrap()), expected);
    // r11 sends and receives nothing.
    let r11 = server
        .admin
        .user_access_token("acme", APP.0, "r11")
        .await
        .unwrap();
    let reply = server
        .post(TASKS, &r11.access_token, json!({"commit_start_time": BASE, "commit_end_time": BASE + 100_000, "page_size": 0, "page_token": ""}))
        .await;
    assert_eq!(reply.data()["items"], json!([]));
}

#[tokio::test]
async fn every_error_code() {
    let (server, token) = world().await;
    let window = json!({"commit_start_time": BASE, "commit_end_time": BASE + 10, "page_size": 5, "page_token": ""});
    let with = |key: &str, value: Value| {
        let mut body = window.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = window.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    for body in [with("page_size", json!(21)), with("page_size", json!(-1))] {
        let reply = server.post(TASKS, &token, body).await;
        reply.assert_error(400, 1430002);
        assert_eq!(reply.body["msg"], "page size invalid");
    }
    let reply = server
        .post(TASKS, &token, with("rule_id", json!("404")))
        .await;
    reply.assert_error(400, 1430003);
    for field in [
        "commit_start_time",
        "commit_end_time",
        "page_size",
        "page_token",
    ] {
        let reply = server.post(TASKS, &token, without(field)).await;
        reply.assert_error(400, 99992402);
        assert_eq!(reply.body["error"]["field_violations"][0]["field"], field);
    }
    let reply = server
        .post(TASKS, &token, with("commit_start_time", json!("soon")))
        .await;
    reply.assert_error(400, 99992402);
    let reply = server
        .post(TASKS, &token, with("page_token", json!("forged")))
        .await;
    reply.assert_error(400, 99992402);

    let quiet = server.token("cli_quiet", "quiet").await;
    for reply in [
        server.post(TASKS, &quiet, window.clone()).await,
        server.get(&format!("{RULES}?rule_name=x"), &quiet).await,
        server
            .post(
                &format!("/open-apis/report/v1/rules/{WEEKLY}/views/remove"),
                &quiet,
                json!({}),
            )
            .await,
    ] {
        reply.assert_error(400, 1430001);
        assert_eq!(reply.body["msg"], "tenant key not exist");
    }
    // Scopes: the bare app may read tasks but not rules.
    let bare = server.token("cli_bare", "bare").await;
    assert_eq!(server.post(TASKS, &bare, window.clone()).await.code(), 0);
    server
        .get(&format!("{RULES}?rule_name=周报"), &bare)
        .await
        .assert_error(400, 99991672);
    let reply = server
        .post(&format!("{TASKS}?user_id_type=user_id"), &bare, window)
        .await;
    reply.assert_error(400, 99991672);
}

#[tokio::test]
async fn tasks_query_is_limited_to_ten_a_second() {
    let server = TestServer::start(&fixture()).await;
    let token = server.token(APP.0, APP.1).await;
    let body = json!({"commit_start_time": BASE, "commit_end_time": BASE, "page_size": 1, "page_token": ""});
    // The window opens with the first call, so ten quick calls fit and the eleventh does not.
    for call in 1..=10 {
        assert_eq!(
            server.post(TASKS, &token, body.clone()).await.code(),
            0,
            "call {call}"
        );
    }
    let reply = server.post(TASKS, &token, body).await;
    reply.assert_error(429, 99991400);
    assert_eq!(reply.headers["x-ogw-ratelimit-limit"], "10");
    assert_eq!(reply.headers["x-ogw-ratelimit-reset"], "1");
}

#[tokio::test]
async fn tenants_are_isolated() {
    let (server, _) = world().await;
    let other = server.token("cli_other_reports", "other").await;
    let reply = server
        .post(TASKS, &other, json!({"commit_start_time": BASE, "commit_end_time": BASE + 100_000, "page_size": 20, "page_token": "", "rule_id": WEEKLY}))
        .await;
    reply.assert_error(400, 1430003);
    let reply = server
        .post(TASKS, &other, json!({"commit_start_time": BASE, "commit_end_time": BASE + 100_000, "page_size": 20, "page_token": ""}))
        .await;
    assert_eq!(reply.data()["items"], json!([]));
    let rules = server.get(&format!("{RULES}?rule_name=周报"), &other).await;
    let ids: Vec<&str> = rules.data()["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["7000000000000000001"]);
}

#[tokio::test]
async fn rules_are_found_by_exact_name() {
    let (server, token) = world().await;
    let names = |reply: &crate::support::Reply| -> Vec<String> {
        reply.data()["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let weekly = server
        .get(
            &format!("{RULES}?rule_name=周报&user_id_type=user_id"),
            &token,
        )
        .await;
    assert_eq!(names(&weekly), [WEEKLY]);
    let rule = &weekly.data()["rules"][0];
    assert_eq!(rule["icon_name"], "weekly");
    assert_eq!(rule["created_at"], 1_704_067_200);
    assert_eq!(
        (
            rule["owner_user_id"].as_str(),
            rule["owner_user_name"].as_str()
        ),
        (Some("r06"), Some("用户6"))
    );
    assert_eq!(
        (
            rule["creator_user_id"].as_str(),
            rule["creator_user_name"].as_str()
        ),
        (Some("r07"), Some("用户7"))
    );
    assert_eq!(rule["is_deleted"], 0);
    assert_eq!(
        rule["form_schema"][2],
        json!({"name": "附件", "type": "attachement"})
    );
    assert_eq!(rule["need_report_user_ids"], json!(["r01", "r02"]));
    let departments = rule["need_report_department_ids"].as_array().unwrap();
    assert!(departments[0].as_str().unwrap().starts_with("od-"));
    assert_eq!(departments[1], "0", "everyone");
    assert_eq!(
        (
            rule["to_user_ids"].clone(),
            rule["cc_user_ids"].clone(),
            rule["manager_user_ids"].clone()
        ),
        (json!(["r06"]), json!(["r07"]), json!(["r08"]))
    );
    let with_deleted = server
        .get(&format!("{RULES}?rule_name=周报&include_deleted=1"), &token)
        .await;
    assert_eq!(names(&with_deleted), [WEEKLY, OLD]);
    assert_eq!(with_deleted.data()["rules"][1]["is_deleted"], 1);
    assert!(names(&server.get(&format!("{RULES}?rule_name=周"), &token).await).is_empty());
    server.get(RULES, &token).await.assert_error(400, 99992402);
    server
        .get(&format!("{RULES}?rule_name=周报&include_deleted=2"), &token)
        .await
        .assert_error(400, 99992402);
}

#[tokio::test]
async fn views_are_removed_for_users_or_everyone() {
    let (server, token) = world().await;
    let views = || async {
        server
            .admin_call(
                Method::GET,
                &format!("/tenants/acme/report_rules/{WEEKLY}/views"),
                None,
            )
            .await
            .body
    };
    assert_eq!(views().await["removed_user_ids"], json!([]));
    let r03 = server.admin.user_ids("acme", "r03", APP.0).await.unwrap();
    let path = format!("/open-apis/report/v1/rules/{WEEKLY}/views/remove");
    let reply = server
        .post(
            &path,
            &token,
            json!({"user_ids": [r03.open_id, "ou_nobody"]}),
        )
        .await;
    assert_eq!(reply.data(), &json!({}));
    let state = views().await;
    assert_eq!(state["removed_user_ids"], json!(["r03"]));
    assert_eq!(state["removed_for_everyone"], false);
    let reply = server
        .post(
            &format!("{path}?user_id_type=user_id"),
            &token,
            json!({"user_ids": ["r04"]}),
        )
        .await;
    assert_eq!(reply.code(), 0);
    assert_eq!(views().await["removed_user_ids"], json!(["r03", "r04"]));
    assert_eq!(server.post(&path, &token, json!({})).await.code(), 0);
    assert_eq!(views().await["removed_for_everyone"], true);
    let too_many: Vec<String> = (0..201).map(|i| format!("u{i}")).collect();
    server
        .post(&path, &token, json!({"user_ids": too_many}))
        .await
        .assert_error(400, 99992402);
    server
        .post(
            &format!("/open-apis/report/v1/rules/{OLD}/views/remove"),
            &token,
            json!({}),
        )
        .await
        .assert_error(400, 1430003);
    server
        .post(
            "/open-apis/report/v1/rules/404/views/remove",
            &token,
            json!({}),
        )
        .await
        .assert_error(400, 1430003);
}

#[tokio::test]
async fn a_report_submitted_through_the_admin_api_shows_in_the_next_query() {
    let (server, token) = world().await;
    let put_rule = async |name: &str, field_name: &str| {
        let rule = server
            .admin_call(
                Method::PUT,
                "/tenants/acme/report_rules/6894000000000000009",
                Some(json!({"name": name, "form": [{"field_id": "d1", "name": field_name, "type": "text"}], "to_user_ids": ["r09"]})),
            )
            .await;
        assert_eq!(rule.status, 200, "{:#}", rule.body);
    };
    let first_item = async || {
        let reply = server
            .post(
                &format!("{TASKS}?user_id_type=user_id"),
                &token,
                json!({"commit_start_time": BASE + 400_000, "commit_end_time": BASE + 600_000, "page_size": 20, "page_token": ""}),
            )
            .await;
        reply.data()["items"][0].clone()
    };
    put_rule("日报", "今日").await;
    let submitted = server
        .admin_call(
            Method::POST,
            "/tenants/acme/reports",
            Some(json!({"rule_id": "6894000000000000009", "from_user_id": "r01", "commit_time": (BASE + 500_000) * 1000, "values": {"d1": "完成"}})),
        )
        .await;
    assert_eq!(submitted.status, 200, "{:#}", submitted.body);
    let task_id = submitted.body["task_id"].as_str().unwrap().to_owned();
    let item = first_item().await;
    assert_eq!(item["task_id"], task_id.as_str());
    assert_eq!(
        item["to_user_ids"],
        json!(["r09"]),
        "the rule's recipients by default"
    );
    assert_eq!(item["form_contents"][0]["field_value"], "完成");
    // Pages read rules through the catalog cache: a rule written since shows in the next page.
    put_rule("每日汇报", "今日进展").await;
    let item = first_item().await;
    assert_eq!(
        (&item["rule_name"], &item["form_contents"][0]["field_name"]),
        (&json!("每日汇报"), &json!("今日进展"))
    );
    let bad = server
        .admin_call(Method::POST, "/tenants/acme/reports", Some(json!({"rule_id": "6894000000000000009", "from_user_id": "r01", "commit_time": 0, "values": {"zz": "x"}})))
        .await;
    assert_eq!(
        (bad.status, bad.body["error"]["path"].as_str()),
        (400, Some("values.zz"))
    );
    let deleted = server
        .admin_call(
            Method::DELETE,
            &format!("/tenants/acme/reports/{task_id}"),
            None,
        )
        .await;
    assert_eq!(deleted.status, 200);
    let rule_gone = server
        .admin_call(
            Method::DELETE,
            "/tenants/acme/report_rules/6894000000000000009",
            None,
        )
        .await;
    assert_eq!(rule_gone.status, 200);
    let rules = server
        .get(
            &format!("{RULES}?rule_name=每日汇报&include_deleted=1"),
            &token,
        )
        .await;
    assert_eq!(rules.data()["rules"][0]["is_deleted"], 1);
}

#[tokio::test]
async fn the_oauth_code_flow_end_to_end() {
    let (server, app_token) = world().await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // The page lists the tenant's users.
    let page = no_redirects
        .get(format!("{}/open-apis/authen/v1/authorize?client_id={}&redirect_uri=https://app.example/cb&state=s1", server.base, APP.0))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("用户3") && html.contains("user_id=r03"),
        "{html}"
    );
    // Choosing a user redirects with a code and the state.
    let chosen = no_redirects
        .get(format!("{}/open-apis/authen/v1/authorize?client_id={}&redirect_uri=https://app.example/cb&state=s1&user_id=r03", server.base, APP.0))
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 302);
    let location = chosen.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://app.example/cb?code="),
        "{location}"
    );
    assert!(location.ends_with("&state=s1"));
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();

    let exchange = "/open-apis/authen/v1/oidc/access_token";
    let reply = server
        .post(
            exchange,
            &app_token,
            json!({"grant_type": "authorization_code", "code": code}),
        )
        .await;
    let data = reply.data().clone();
    assert_eq!(data["token_type"], "Bearer");
    assert_eq!(data["expires_in"], 7200);
    assert_eq!(data["refresh_expires_in"], 2_592_000);
    assert!(
        data["scope"]
            .as_str()
            .unwrap()
            .contains("report:task:readonly")
    );
    let user_token = data["access_token"].as_str().unwrap().to_owned();
    let refresh = data["refresh_token"].as_str().unwrap().to_owned();
    // The code is single-use.
    let again = server
        .post(
            exchange,
            &app_token,
            json!({"grant_type": "authorization_code", "code": code}),
        )
        .await;
    assert_eq!((again.status, again.code()), (200, 20003));

    let info = server
        .get("/open-apis/authen/v1/user_info", &user_token)
        .await;
    let r03 = server.admin.user_ids("acme", "r03", APP.0).await.unwrap();
    let info = info.data();
    assert_eq!(info["open_id"], r03.open_id);
    assert_eq!(info["union_id"], r03.union_id);
    assert_eq!(info["user_id"], "r03");
    assert_eq!(info["name"], "用户3");
    assert_eq!(info["email"], "r3@acme.example");
    assert!(info.get("mobile").is_none(), "no phone scope, no mobile");
    assert_eq!(info["tenant_key"], "acme");

    let refresh_path = "/open-apis/authen/v1/oidc/refresh_access_token";
    let renewed = server
        .post(
            refresh_path,
            &app_token,
            json!({"grant_type": "refresh_token", "refresh_token": refresh}),
        )
        .await;
    let renewed_data = renewed.data().clone();
    let new_refresh = renewed_data["refresh_token"].as_str().unwrap();
    assert_ne!(new_refresh, refresh, "refresh tokens rotate");
    let new_user_token = renewed_data["access_token"].as_str().unwrap();
    // A new token even within the same second as the exchange, as at the vendor.
    assert_ne!(
        new_user_token, user_token,
        "every refresh issues a new token"
    );
    assert_eq!(
        server
            .get("/open-apis/authen/v1/user_info", new_user_token)
            .await
            .code(),
        0
    );
    let reused = server
        .post(
            refresh_path,
            &app_token,
            json!({"grant_type": "refresh_token", "refresh_token": refresh}),
        )
        .await;
    assert_eq!((reused.status, reused.code()), (200, 20038));
    let wrong_grant = server
        .post(
            refresh_path,
            &app_token,
            json!({"grant_type": "authorization_code", "refresh_token": new_refresh}),
        )
        .await;
    assert_eq!(wrong_grant.code(), 20036);
    let missing = server
        .post(
            exchange,
            &app_token,
            json!({"grant_type": "authorization_code"}),
        )
        .await;
    assert_eq!(missing.code(), 20001);
    // Another app cannot spend this app's refresh token.
    let bare = server.token("cli_bare", "bare").await;
    let foreign = server
        .post(
            refresh_path,
            &bare,
            json!({"grant_type": "refresh_token", "refresh_token": new_refresh}),
        )
        .await;
    assert_eq!(foreign.code(), 20024);
    // user_info takes user tokens only; tenant tokens are refused.
    server
        .get("/open-apis/authen/v1/user_info", &app_token)
        .await
        .assert_error(400, 99991663);
    // An unknown user cannot be chosen.
    let unknown = no_redirects
        .get(format!(
            "{}/open-apis/authen/v1/index?app_id={}&redirect_uri=https://app.example/cb&user_id=zz",
            server.base, APP.0
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
}
