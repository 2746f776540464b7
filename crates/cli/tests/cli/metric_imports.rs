//! A server killed (SIGKILL) in the middle of a stream of key-metric imports: after a restart on
//! the same database, each import is there whole or not at all, and none is applied twice when
//! the client sends them all again with their client tokens.

use openwork_sdk::feishu::FeishuClient;
use serde_json::{Value, json};

use crate::served::{Served, database, temp_dir};

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - { app_id: cli_kpi, app_secret: kpi-secret, scopes: [performance:metric:write, contact:user.employee_id:readonly] }
    users: [{ user_id: u1, name: A }, { user_id: u2, name: B }]
    user_groups: [{ group_id: sales, members: [u1, u2] }]
    metric_fields:
      - { field_id: "12", name: { zh_cn: 完成率, en_us: Completion }, type: pencentage }
    metrics:
      - { metric_id: "23", name: 质量, fields: [{ field_id: "12", input_setting: data_source_inputter }] }
    metric_templates:
      - template_id: "31"
        dimensions: [{ dimension_id: "42", name: { zh_cn: 质量, en_us: Quality } }]
        metrics: [{ metric_id: "23", dimension_id: "42" }]
    semesters:
      - semester_id: "7100000000000000001"
        start_time: "2024-01-01T00:00:00+08:00"
        end_time: "2024-06-30T23:59:59+08:00"
        activities:
          - { activity_id: "7110000000000000001", mode: metric_development, metric_template_id: "31", user_groups: [sales] }
"#;
const IMPORTS: u32 = 400;
/// Imports answered before the kill; the next is in flight when it comes.
const KILLED_AFTER: u32 = 60;
/// The answer to an import whose client token was used already.
const TOKEN_USED: i64 = 1580110;

struct Importer {
    http: reqwest::Client,
    token: String,
}

impl Importer {
    async fn new(base: &str) -> Self {
        let token = FeishuClient::new("cli_kpi", "kpi-secret")
            .with_base_url(base)
            .tenant_access_token()
            .await
            .unwrap();
        Self {
            http: reqwest::Client::new(),
            token,
        }
    }

    /// Import `n` (client token `import-{n}`): the value `n` for both reviewees. Answers its
    /// code, or `None` when no answer came.
    async fn import(&self, base: &str, n: u32) -> Option<i64> {
        let metrics: Vec<Value> = ["u1", "u2"]
            .map(|user| json!({"reviewee_user_id": user, "metric_id": "23", "fields": [{"field_id": "12", "field_value": n.to_string()}]}))
            .into();
        let answer = self
            .http
            .post(format!(
                "{base}/open-apis/performance/v2/metric_details/import?user_id_type=user_id&client_token=import-{n}"
            ))
            .bearer_auth(&self.token)
            .json(&json!({"semester_id": "7100000000000000001", "import_record_name": "kill", "imported_metrics": metrics}))
            .send()
            .await
            .ok()?;
        let body: Value = answer.json().await.ok()?;
        body["code"].as_i64()
    }

    /// The value each reviewee holds.
    async fn values(&self, base: &str) -> Vec<String> {
        let answer: Value = self
            .http
            .post(format!(
                "{base}/open-apis/performance/v2/metric_details/query?user_id_type=user_id"
            ))
            .bearer_auth(&self.token)
            .json(&json!({"semester_id": "7100000000000000001", "reviewee_user_ids": ["u1", "u2"]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["data"]["reviewee_metrics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|reviewee| {
                let fields = &reviewee["metric_details"]["fields"];
                fields[0]["field_value"].as_str().unwrap_or("").to_owned()
            })
            .collect()
    }
}

async fn killed_mid_imports_and_restarted(postgres: bool) {
    let label = if postgres {
        "metric_kill_pg"
    } else {
        "metric_kill_sqlite"
    };
    let Some(db) = database(label, postgres).await else {
        return;
    };
    let fixture = temp_dir(label).join("fixture.yaml");
    std::fs::write(&fixture, FIXTURE).unwrap();
    let fixture = fixture.display().to_string();
    let mut first = Served::on(&db, Some("admin"), &["--fixture", &fixture]);
    let importer = Importer::new(&first.base).await;
    for n in 1..=KILLED_AFTER {
        assert_eq!(importer.import(&first.base, n).await, Some(0), "import {n}");
    }
    // The next imports go on while the server is killed under them.
    let base = first.base.clone();
    let in_flight = tokio::spawn(async move {
        let importer = Importer::new(&base).await;
        for n in KILLED_AFTER + 1..=IMPORTS {
            if importer.import(&base, n).await.is_none() {
                return n;
            }
        }
        IMPORTS + 1
    });
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    first.child.kill().expect("SIGKILL");
    first.child.wait().unwrap();
    let unanswered = in_flight.await.unwrap();
    assert!(
        unanswered <= IMPORTS,
        "the server was killed after every import"
    );

    let second = Served::on(&db, Some("admin"), &[]);
    let importer = Importer::new(&second.base).await;
    // Whole or not at all: both reviewees hold the value of one import.
    let values = importer.values(&second.base).await;
    assert_eq!(values.len(), 2);
    assert_eq!(
        values[0], values[1],
        "an import applied in part: {values:?}"
    );
    let last: u32 = values[0].parse().unwrap();
    eprintln!("killed with import {unanswered} unanswered; the last kept is {last}");
    assert!(
        last + 1 >= unanswered && last <= unanswered,
        "answered imports are kept, nothing later exists: {last}, first unanswered {unanswered}"
    );
    // Sent again, every import that was applied is refused as a used token, never applied
    // twice; the one in flight at the kill is applied now if it was not then.
    for n in 1..unanswered {
        assert_eq!(
            importer.import(&second.base, n).await,
            Some(TOKEN_USED),
            "import {n}"
        );
    }
    let resent = importer.import(&second.base, unanswered).await;
    let expected = if last == unanswered { TOKEN_USED } else { 0 };
    assert_eq!(resent, Some(expected), "the import in flight at the kill");
    let values = importer.values(&second.base).await;
    assert_eq!(values, [unanswered.to_string(), unanswered.to_string()]);
    assert!(second.terminate().success());
}

#[tokio::test]
async fn metric_imports_killed_mid_way_on_sqlite_are_whole_and_once() {
    killed_mid_imports_and_restarted(false).await;
}

#[tokio::test]
async fn metric_imports_killed_mid_way_on_postgres_are_whole_and_once() {
    killed_mid_imports_and_restarted(true).await;
}
