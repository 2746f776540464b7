//! Key-performance metric configuration (关键指标): tags and fields.

use openwork_server::RateLimits;
use serde_json::json;

use crate::support::TestServer;

const TAGS: &str = "/open-apis/performance/v2/metric_tags";
const FIELDS: &str = "/open-apis/performance/v2/metric_fields/query";

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - { app_id: cli_metrics, app_secret: metrics-secret, scopes: [performance:metric:read] }
      - { app_id: cli_other, app_secret: other-secret, scopes: [performance:performance] }
    metric_tags:
      - { tag_id: "3", name: { zh_cn: 丙, en_us: C }, create_time: "2024-01-01T00:00:00Z", update_time: "2024-02-01T00:00:00Z" }
      - { tag_id: "1", name: { zh_cn: 甲, en_us: A }, create_time: "2024-01-01T00:00:00Z" }
      - { tag_id: "2", name: { zh_cn: 乙, en_us: B }, index: 7, create_time: "2024-01-01T00:00:00Z" }
    metric_fields:
      - { field_id: "12", name: { zh_cn: 完成率, en_us: Completion }, type: pencentage }
      - { field_id: "11", name: { zh_cn: 目标, en_us: Target } }
"#;

#[tokio::test]
async fn tags_page_by_id_or_come_listed_in_one_page() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token("cli_metrics", "metrics-secret").await;
    let first = server.get(&format!("{TAGS}?page_size=2"), &token).await;
    let data = first.data();
    let ids: Vec<&str> = data["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(data["items"][1]["index"], 7);
    assert_eq!(
        data["items"][0]["tag_name"],
        json!({ "zh_cn": "甲", "en_us": "A" })
    );
    assert_eq!(data["items"][0]["create_time"], "1704067200000");
    assert_eq!(
        data["items"][0]["update_time"], "1704067200000",
        "defaults to the creation"
    );
    assert_eq!(data["has_more"], json!(true));
    let next = server
        .get(
            &format!(
                "{TAGS}?page_size=2&page_token={}",
                data["page_token"].as_str().unwrap()
            ),
            &token,
        )
        .await;
    let rest = next.data();
    assert_eq!(rest["items"][0]["tag_id"], "3");
    assert_eq!(rest["items"][0]["index"], 0);
    assert_eq!(rest["items"][0]["update_time"], "1706745600000");
    assert_eq!(rest["has_more"], json!(false));
    // Listed tags (repeated keys, as the SDKs send them) come in one page.
    let listed = server
        .get(
            &format!("{TAGS}?tag_ids=3&tag_ids=1&tag_ids=404&page_size=1"),
            &token,
        )
        .await;
    let ids: Vec<&str> = listed.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "3"]);
    assert_eq!(listed.data()["has_more"], json!(false));
    server
        .get(&format!("{TAGS}?page_size=51"), &token)
        .await
        .assert_error(400, 1580102);
    let other = server.token("cli_other", "other-secret").await;
    server.get(TAGS, &other).await.assert_error(400, 99991672);
}

#[tokio::test]
async fn fields_are_all_or_the_listed_ones() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token("cli_metrics", "metrics-secret").await;
    let all = server.post(FIELDS, &token, json!({})).await;
    assert_eq!(
        all.data()["items"],
        json!([
            { "field_id": "11", "name": { "zh_cn": "目标", "en_us": "Target" }, "type": "text" },
            { "field_id": "12", "name": { "zh_cn": "完成率", "en_us": "Completion" }, "type": "pencentage" },
        ])
    );
    assert!(all.data().get("has_more").is_none(), "not paged");
    let listed = server
        .post(FIELDS, &token, json!({ "field_ids": [12, "404"] }))
        .await;
    assert_eq!(listed.data()["items"].as_array().unwrap().len(), 1);
    let too_many: Vec<String> = (0..51).map(|i| i.to_string()).collect();
    server
        .post(FIELDS, &token, json!({ "field_ids": too_many }))
        .await
        .assert_error(400, 1580102);
}
