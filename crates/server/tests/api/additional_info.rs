//! Additional information (补充信息): imports that create or update, queries, deletions, their
//! refusals, and two replicas importing into one semester at once.

use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestServer;

const IMPORT: &str =
    "/open-apis/performance/v2/additional_informations/import?user_id_type=user_id";
const QUERY: &str = "/open-apis/performance/v2/additional_informations/query?user_id_type=user_id";
const DELETE: &str = "/open-apis/performance/v2/additional_informations/batch";
const APP: (&str, &str) = ("cli_perf", "perf-secret");
const H1: &str = "7100000000000000001";
const SEEDED: &str = "7150000000000000001";

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - { app_id: cli_perf, app_secret: perf-secret, scopes: [performance:performance, contact:user.employee_id:readonly] }
      - { app_id: cli_reader, app_secret: reader-secret, scopes: [performance:semester_activity:read] }
    users: [{ user_id: u1, name: A }, { user_id: u2, name: B }, { user_id: outsider, name: C }]
    user_groups: [{ group_id: rd, members: [u1, u2] }]
    semesters:
      - semester_id: "7100000000000000001"
        start_time: "2024-01-01T00:00:00+08:00"
        end_time: "2024-06-30T23:59:59+08:00"
        activities: [{ activity_id: "7110000000000000001", user_groups: [rd] }]
        additional_informations:
          - { item_id: "7150000000000000001", external_id: seeded, reviewee: u1, item: 旧事项, time: "2024-01", detailed_description: 旧描述 }
"#;

async fn start() -> (TestServer, String) {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token(APP.0, APP.1).await;
    (server, token)
}

fn item(external: Option<&str>, reviewee: &str, text: &str) -> Value {
    let mut item = json!({ "reviewee_user_id": reviewee, "item": text, "time": "2024-05-01", "detailed_description": format!("{text} 的描述") });
    if let Some(external) = external {
        item["external_id"] = json!(external);
    }
    item
}

fn import(token: &str, items: Vec<Value>) -> (String, Value) {
    (
        format!("{IMPORT}&client_token={token}"),
        json!({ "semester_id": H1, "additional_informations": items }),
    )
}

/// Every item of the semester as `item_id:external_id:reviewee:item`, walking the pages.
async fn all_items(server: &TestServer, token: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut page_token: Option<String> = None;
    loop {
        let mut path = format!("{QUERY}&page_size=2");
        if let Some(page_token) = &page_token {
            path += &format!("&page_token={page_token}");
        }
        let reply = server
            .post(&path, token, json!({ "semester_id": H1 }))
            .await;
        let data = reply.data();
        for info in data["additional_informations"].as_array().unwrap() {
            found.push(format!(
                "{}:{}:{}:{}",
                info["item_id"].as_str().unwrap(),
                info["external_id"].as_str().unwrap(),
                info["reviewee_user_id"].as_str().unwrap(),
                info["item"].as_str().unwrap()
            ));
        }
        match data["page_token"].as_str() {
            Some(next) => page_token = Some(next.to_owned()),
            None => return found,
        }
    }
}

#[tokio::test]
async fn imports_create_then_update_by_item_external_id_or_content() {
    let (server, token) = start().await;
    let (path, body) = import(
        "t1",
        vec![
            item(Some("okr-1"), "u1", "项目甲"),
            item(None, "u2", "项目乙"),
        ],
    );
    let reply = server.post(&path, &token, body).await;
    let data = reply.data();
    assert!(data["import_record_id"].as_str().unwrap().starts_with('7'));
    let created = data["additional_informations"].as_array().unwrap();
    assert_eq!(created.len(), 2);
    assert_eq!(created[0]["external_id"], "okr-1");
    assert_eq!(
        created[1]["external_id"], "",
        "empty when the import gave none"
    );
    assert_eq!(created[1]["reviewee_user_id"], "u2");
    let second_id = created[1]["item_id"].as_str().unwrap().to_owned();
    assert_eq!(all_items(&server, &token).await.len(), 3);

    // By external ID, by item ID, and by identical content: updates, never duplicates.
    let mut by_item = item(None, "u2", "项目乙（改）");
    by_item["item_id"] = json!(second_id);
    let (path, body) = import(
        "t2",
        vec![
            item(Some("okr-1"), "u1", "项目甲（改）"),
            by_item,
            item(None, "u1", "旧事项").tap_time("2024-01", "旧描述"),
        ],
    );
    let reply = server.post(&path, &token, body).await;
    let updated = reply.data()["additional_informations"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(updated[1]["item_id"], second_id.as_str());
    assert_eq!(updated[2]["item_id"], SEEDED);
    assert_eq!(
        updated[2]["external_id"], "seeded",
        "an update keeps the external ID"
    );
    let items = all_items(&server, &token).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items.iter().any(|i| i.ends_with(":okr-1:u1:项目甲（改）")));
    assert!(items.contains(&format!("{second_id}::u2:项目乙（改）")));
}

trait TapTime {
    fn tap_time(self, time: &str, description: &str) -> Value;
}

impl TapTime for Value {
    /// The item with this time and description (to match a stored item's content).
    fn tap_time(mut self, time: &str, description: &str) -> Value {
        self["time"] = json!(time);
        self["detailed_description"] = json!(description);
        self
    }
}

#[tokio::test]
async fn a_repeated_client_token_applies_nothing() {
    let (server, token) = start().await;
    let (path, body) = import("same", vec![item(Some("a"), "u1", "一")]);
    server.post(&path, &token, body).await.data();
    let (path, body) = import("same", vec![item(Some("b"), "u2", "二")]);
    let reply = server.post(&path, &token, body).await;
    reply.assert_error(400, 1580110);
    assert_eq!(
        reply.body["error"]["field_violations"][0]["field"],
        "client_token"
    );
    let items = all_items(&server, &token).await;
    assert_eq!(
        items.len(),
        2,
        "the seeded item and the first import only: {items:?}"
    );
}

#[tokio::test]
async fn bad_imports_are_refused_whole() {
    let (server, token) = start().await;
    let mut unknown_item = item(None, "u1", "x");
    unknown_item["item_id"] = json!("404");
    let too_many: Vec<Value> = (0..1001)
        .map(|i| item(None, "u1", &format!("事项{i}")))
        .collect();
    let mut no_item = item(None, "u1", "x");
    no_item.as_object_mut().unwrap().remove("item");
    let cases = [
        (
            vec![item(None, "outsider", "x")],
            1580111,
            "reviewee_user_id",
        ),
        (vec![item(None, "nobody", "x")], 1580111, "reviewee_user_id"),
        (
            vec![item(Some("d"), "u1", "x"), item(Some("d"), "u2", "y")],
            1580202,
            "external_id",
        ),
        (vec![unknown_item], 1580201, "item_id"),
        (
            vec![item(None, "u1", "ok"), no_item],
            1580102,
            "additional_informations[1].item",
        ),
        (too_many, 1580102, "additional_informations"),
    ];
    for (n, (items, code, field)) in cases.into_iter().enumerate() {
        let (path, body) = import(&format!("bad-{n}"), items);
        let reply = server.post(&path, &token, body).await;
        reply.assert_error(400, code);
        assert_eq!(
            reply.body["error"]["field_violations"][0]["field"], field,
            "case {n}"
        );
    }
    // Giving a stored item's ID with another item's external ID is refused.
    let mut stolen = item(Some("seeded"), "u2", "新");
    let (path, body) = import("mine", vec![item(Some("mine"), "u2", "我的")]);
    let mine = server.post(&path, &token, body).await;
    stolen["item_id"] = mine.data()["additional_informations"][0]["item_id"].clone();
    let (path, body) = import("steal", vec![stolen]);
    server
        .post(&path, &token, body)
        .await
        .assert_error(400, 1580204);
    let unknown_semester = server
        .post(
            &format!("{IMPORT}&client_token=s"),
            &token,
            json!({ "semester_id": "404", "additional_informations": [item(None, "u1", "x")] }),
        )
        .await;
    unknown_semester.assert_error(400, 1580105);
    server
        .post(
            IMPORT,
            &token,
            json!({ "semester_id": H1, "additional_informations": [item(None, "u1", "x")] }),
        )
        .await
        .assert_error(400, 1580102);
}

#[tokio::test]
async fn queries_take_the_first_filter_given() {
    let (server, token) = start().await;
    let (path, body) = import(
        "q",
        vec![item(Some("e1"), "u1", "甲"), item(Some("e2"), "u2", "乙")],
    );
    server.post(&path, &token, body).await.data();
    let ask = |body: Value| {
        let server = &server;
        let token = &token;
        async move {
            let reply = server.post(QUERY, token, body).await;
            let mut items: Vec<String> = reply.data()["additional_informations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["item"].as_str().unwrap().to_owned())
                .collect();
            items.sort();
            items
        }
    };
    assert_eq!(
        ask(json!({ "semester_id": H1, "external_ids": ["e2"], "reviewee_user_ids": ["u1"] }))
            .await,
        ["乙"]
    );
    assert_eq!(
        ask(json!({ "semester_id": H1, "item_ids": [SEEDED], "external_ids": ["e2"] })).await,
        ["旧事项"]
    );
    assert_eq!(
        ask(json!({ "semester_id": H1, "reviewee_user_ids": ["u1"] })).await,
        ["旧事项", "甲"]
    );
    assert_eq!(
        ask(json!({ "semester_id": H1, "external_ids": ["nope"] })).await,
        Vec::<String>::new()
    );
    server
        .post(QUERY, &token, json!({ "semester_id": "404" }))
        .await
        .assert_error(400, 1580105);
    // A reader with the semester-activity scope may read; reviewees are open_ids by default.
    let reader = server.token("cli_reader", "reader-secret").await;
    let plain = "/open-apis/performance/v2/additional_informations/query";
    let read = server
        .post(plain, &reader, json!({ "semester_id": H1 }))
        .await;
    let first = &read.data()["additional_informations"][0];
    assert!(
        first["reviewee_user_id"]
            .as_str()
            .unwrap()
            .starts_with("ou_")
    );
}

#[tokio::test]
async fn deletions_are_all_or_nothing() {
    let (server, token) = start().await;
    let (path, body) = import("d", vec![item(None, "u1", "甲"), item(None, "u2", "乙")]);
    let created = server.post(&path, &token, body).await;
    let ids: Vec<String> = created.data()["additional_informations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item_id"].as_str().unwrap().to_owned())
        .collect();
    let refused = server
        .call(
            Method::DELETE,
            DELETE,
            Some(&token),
            Some(&json!({ "semester_id": H1, "additional_informations": [ids[0], "404"] })),
        )
        .await;
    refused.assert_error(400, 1580201);
    assert_eq!(all_items(&server, &token).await.len(), 3, "nothing deleted");
    let deleted = server
        .call(
            Method::DELETE,
            DELETE,
            Some(&token),
            Some(&json!({ "semester_id": H1, "additional_informations": [ids[0], SEEDED] })),
        )
        .await;
    assert_eq!(
        deleted.data()["additional_informations"],
        json!([ids[0], SEEDED])
    );
    assert_eq!(all_items(&server, &token).await.len(), 1);
    server
        .call(
            Method::DELETE,
            DELETE,
            Some(&token),
            Some(&json!({ "semester_id": "404", "additional_informations": [ids[1]] })),
        )
        .await
        .assert_error(400, 1580103);
    let reader = server.token("cli_reader", "reader-secret").await;
    server
        .call(
            Method::DELETE,
            DELETE,
            Some(&reader),
            Some(&json!({ "semester_id": H1, "additional_informations": [ids[1]] })),
        )
        .await
        .assert_error(400, 99991672);
}

/// Two replicas on one PostgreSQL import into the same semester at once, each under its own
/// client tokens: every item of both lands, and a token used on one replica is refused on the
/// other.
#[tokio::test]
async fn two_replicas_import_into_one_semester_without_losing_writes() {
    let Some(replicas) = TestServer::postgres_replicas("replica_imports", FIXTURE, APP).await
    else {
        return;
    };
    let mut calls = Vec::new();
    for round in 0..10 {
        for (r, (replica, token)) in replicas.iter().enumerate() {
            let (path, body) = import(
                &format!("replica{r}-{round}"),
                vec![item(
                    Some(&format!("r{r}-{round}")),
                    "u1",
                    &format!("事项 {r}-{round}"),
                )],
            );
            calls.push(async move { replica.post(&path, token, body).await });
        }
    }
    for reply in futures::future::join_all(calls).await {
        reply.data();
    }
    let items = all_items(&replicas[0].0, &replicas[0].1).await;
    assert_eq!(items.len(), 21, "the seeded item and 20 imports: {items:?}");
    let (path, body) = import("replica0-0", vec![item(None, "u2", "重复")]);
    let (second, token) = &replicas[1];
    second
        .post(&path, token, body)
        .await
        .assert_error(400, 1580110);
}
