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
      - { app_id: cli_metrics, app_secret: metrics-secret, scopes: [performance:metric:read, contact:user.employee_id:readonly] }
      - { app_id: cli_other, app_secret: other-secret, scopes: [performance:performance] }
    metric_tags:
      - { tag_id: "3", name: { zh_cn: 丙, en_us: C }, create_time: "2024-01-01T00:00:00Z", update_time: "2024-02-01T00:00:00Z" }
      - { tag_id: "1", name: { zh_cn: 甲, en_us: A }, create_time: "2024-01-01T00:00:00Z" }
      - { tag_id: "2", name: { zh_cn: 乙, en_us: B }, index: 7, create_time: "2024-01-01T00:00:00Z" }
    metric_fields:
      - { field_id: "12", name: { zh_cn: 完成率, en_us: Completion }, type: pencentage }
      - { field_id: "11", name: { zh_cn: 目标, en_us: Target } }
      - { field_id: "13", name: { zh_cn: 评价人, en_us: Rater }, type: person }
    users: [{ user_id: u1, name: A }, { user_id: u2, name: B }]
    metrics:
      - metric_id: "22"
        name: 营收
        type_id: "900"
        tags: ["1", "3"]
        fields:
          - { field_id: "11", value: "100" }
          - { field_id: "13", input_setting: admin, person: u1 }
        scoring_setting_type: score_by_formula
        scoring_formula: { formula_id: "7", name: 线性, details: "x * 100" }
        data_source_inputters: [u2]
        range_of_availability: only_admins
      - { metric_id: "21", name: 故障, type_id: "901", tags: ["2"], is_active: false }
      - { metric_id: "23", name: 质量, type_id: "900", fields: [{ field_id: "12", input_setting: reviewee }] }
    metric_templates:
      - template_id: "31"
        name: { zh_cn: 销售, en_us: Sales }
        total_metric_score_method: sum
        dimensions:
          - { dimension_id: "41", name: { zh_cn: 业绩, en_us: Results }, weight: "70" }
          - { dimension_id: "42", name: { zh_cn: 质量, en_us: Quality } }
        metrics:
          - { metric_id: "22", dimension_id: "41", min: "0", max: "120" }
          - { metric_id: "23", dimension_id: "42" }
      - { template_id: "32", status: disabled }
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
            { "field_id": "13", "name": { "zh_cn": "评价人", "en_us": "Rater" }, "type": "person" },
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

#[tokio::test]
async fn the_library_pages_by_metric_and_every_filter_narrows_it() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token("cli_metrics", "metrics-secret").await;
    let libs = "/open-apis/performance/v2/metric_libs/query?user_id_type=user_id";
    let first = server
        .post(&format!("{libs}&page_size=1"), &token, json!({}))
        .await;
    let data = first.data();
    assert_eq!(data["items"][0]["metric_id"], "21");
    assert_eq!(data["items"][0]["is_active"], json!(false));
    let next = server
        .post(
            &format!(
                "{libs}&page_size=1&page_token={}",
                data["page_token"].as_str().unwrap()
            ),
            &token,
            json!({}),
        )
        .await;
    let revenue = &next.data()["items"][0];
    assert_eq!(revenue["metric_id"], "22");
    assert_eq!(revenue["name"], "营收");
    assert_eq!(revenue["type_id"], "900");
    assert_eq!(
        revenue["tags"],
        json!([{ "tag_id": "1", "tag_name": { "zh_cn": "甲", "en_us": "A" } }, { "tag_id": "3", "tag_name": { "zh_cn": "丙", "en_us": "C" } }])
    );
    assert_eq!(
        revenue["fields"][0],
        json!({ "field_id": "11", "input_setting": "admin", "field_value": "100" })
    );
    assert_eq!(revenue["fields"][1]["field_value_person"]["user_id"], "u1");
    assert_eq!(
        revenue["scoring_formula"],
        json!({ "formula_id": "7", "formula_name": "线性", "formula_details": "x * 100" })
    );
    assert_eq!(revenue["data_source_inputters"][0]["user_id"], "u2");
    assert_eq!(revenue["range_of_availability"], "only_admins");
    let ids = |body: serde_json::Value| {
        let server = &server;
        let token = &token;
        async move {
            let reply = server.post(libs, token, body).await;
            reply.data()["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["metric_id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids(json!({ "is_active": true })).await, ["22", "23"]);
    assert_eq!(ids(json!({ "tag_ids": [2, 3] })).await, ["21", "22"]);
    assert_eq!(
        ids(json!({ "type_ids": ["900"], "scoring_setting_type": "score_manually" })).await,
        ["23"]
    );
    assert_eq!(
        ids(json!({ "range_of_availability": "only_admins" })).await,
        ["22"]
    );
    server
        .post(
            libs,
            &token,
            json!({ "scoring_setting_type": "socre_manually" }),
        )
        .await
        .assert_error(400, 1580102);
}

#[tokio::test]
async fn templates_set_library_metrics_in_dimensions() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token("cli_metrics", "metrics-secret").await;
    let templates = "/open-apis/performance/v2/metric_templates/query?user_id_type=user_id";
    let all = server.post(templates, &token, json!({})).await;
    let items = all.data()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    let sales = &items[0];
    assert_eq!(sales["id"], "31");
    assert_eq!(sales["status"], "enabled");
    assert_eq!(sales["total_metric_score_method"], "sum");
    assert_eq!(sales["is_set_by_group"], json!(false));
    assert_eq!(
        sales["metric_dimensions"][0],
        json!({ "metric_dimension_id": "41", "name": { "zh_cn": "业绩", "en_us": "Results" }, "dimension_weight": "70", "description": { "zh_cn": "", "en_us": "" } })
    );
    assert!(
        sales["metric_dimensions"][1]
            .get("dimension_weight")
            .is_none(),
        "not set, not 0"
    );
    let revenue = &sales["metrics"][0];
    assert_eq!(revenue["metric_id"], "22");
    assert_eq!(revenue["metric_dimension_id"], "41");
    assert_eq!(
        revenue["review_rule_config"],
        json!({ "max": "120", "min": "0" })
    );
    assert_eq!(
        revenue["fields"][0],
        json!({ "id": "11", "input_setting": "admin", "filed_value": "100" })
    );
    assert_eq!(revenue["data_source_inputters"][0]["user_id"], "u2");
    assert_eq!(
        sales["metrics"][1]["scoring_setting_type"], "socre_manually",
        "the vendor's spelling"
    );
    let disabled = server
        .post(templates, &token, json!({ "status": "disabled" }))
        .await;
    assert_eq!(disabled.data()["items"][0]["id"], "32");
    let both = server
        .post(
            templates,
            &token,
            json!({ "metrics_template_ids": ["31", "32"], "status": "enabled" }),
        )
        .await;
    assert_eq!(
        both.data()["items"].as_array().unwrap().len(),
        1,
        "the filters combine"
    );
    let paged = server
        .post(&format!("{templates}&page_size=1"), &token, json!({}))
        .await;
    assert_eq!(paged.data()["has_more"], json!(true));
    server
        .post(templates, &token, json!({ "status": "active" }))
        .await
        .assert_error(400, 1580102);
}
