//! The report storage's conformance: every scenario runs against SQLite (in memory and in a
//! file) and PostgreSQL (`TEST_DATABASE_URL`; skipped with a message when unset, a failure when
//! `CI=true`).

use openwork_platform::catalog::{CatalogStore, Snapshot};
use openwork_platform::clock::Millis;
use openwork_platform::db::{Db, Unwatched};
use openwork_platform::fixture::directory::{self, DirectoryDoc, UserDoc};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::store::{SqlPlatformStore, write_tenant};
use openwork_report::fixture::{self, ReportDoc, ReportRuleDoc, ReportSettingsDoc, Section};
use openwork_report::store::{
    Cached, ReportCatalog, ReportFilter, ReportPosition, ReportStore, SqlReportStore, write_section,
};
use openwork_report::{ReportTaskId, RuleId};
use serde::Deserialize;

/// The report store over one database.
struct Stores {
    db: Db,
    platform: SqlPlatformStore,
    report: SqlReportStore,
}

async fn stores(db: Db) -> Stores {
    Stores {
        platform: SqlPlatformStore::new(db.clone()),
        report: SqlReportStore::new(db.clone()),
        db,
    }
}

/// The snapshot uncached reads are made "as of" (the SQL stores do not look at it).
static AT: std::sync::LazyLock<Snapshot> = std::sync::LazyLock::new(|| Snapshot::new(0));

const NOW: Millis = Millis(1_717_207_200_000);

/// One tenant with its users and report keys, in the fixture vocabulary.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tenant {
    tenant_key: String,
    #[serde(default)]
    users: Vec<UserDoc>,
    #[serde(default)]
    report: ReportSettingsDoc,
    #[serde(default)]
    report_rules: Vec<ReportRuleDoc>,
    #[serde(default)]
    reports: Vec<ReportDoc>,
}

/// Writes a tenant (replacing it) as a fixture load does; answers its report section.
async fn load(store: &Stores, yaml: &str) -> Section {
    let tenant: Tenant = serde_yaml::from_str(yaml).expect("a valid tenant");
    let (directory, builder) = directory::build(
        0,
        DirectoryDoc {
            tenant_key: tenant.tenant_key,
            name: None,
            dingtalk_corp_id: None,
            clock: None,
            apps: Vec::new(),
            departments: Vec::new(),
            users: tenant.users,
        },
        NOW,
    )
    .expect("a valid directory");
    let section = fixture::build(
        &builder,
        &tenant.report,
        &tenant.report_rules,
        &tenant.reports,
        &directory.departments,
    )
    .expect("a valid report section");
    let mut write = store.db.begin_write().await.unwrap();
    write_tenant(&mut write.tx, &directory, &Unwatched)
        .await
        .unwrap();
    write_section(
        &mut write.tx,
        &directory.tenant.tenant_key,
        &section,
        &Unwatched,
    )
    .await
    .unwrap();
    write.commit().await.unwrap();
    section
}

/// Each table's declaration names exactly the columns its migrations created.
async fn declarations_match_the_schema(store: Stores) {
    openwork_report::store::check_tables(&store.db)
        .await
        .unwrap();
}

/// The service switch is stored per tenant and read through the catalog port.
async fn settings_read_back(store: Stores) {
    load(&store, "tenant_key: t\nreport: { enabled: false }\n").await;
    let settings = store.report.settings(&AT, &"t".into()).await.unwrap();
    assert!(settings.is_some_and(|s| !s.enabled));
    assert!(
        store
            .report
            .settings(&AT, &"nope".into())
            .await
            .unwrap()
            .is_none()
    );
}

/// A rule comes back with its form in order, and the counts count it.
async fn rules_keep_their_forms(store: Stores) {
    let section = load(&store, REPORT_WORLD).await;
    let tenant = TenantKey::from("r");
    let read = store
        .report
        .report_rules(&tenant, &[RuleId::from("1"), RuleId::from("2")])
        .await
        .unwrap();
    assert_eq!(read, section.rules);
    assert_eq!(read[0].form.len(), 2);
    let counts = store.report.counts(&tenant).await.unwrap();
    assert_eq!((counts.rules, counts.reports), (2, 4));
}

/// Rules are catalog data (report pages read them through each replica's catalog cache): a
/// write to a rule or to its form moves the revision on, and the snapshot of the new revision
/// reads the rule again, whichever replica wrote it.
async fn a_rule_write_moves_the_catalog_on(store: Stores) {
    load(&store, REPORT_WORLD).await;
    let cached = Cached(store.report.clone());
    let (tenant, id) = (TenantKey::from("r"), RuleId::from("1"));
    let snapshot = async || Snapshot::new(store.platform.revision().await.unwrap());
    let rule_as_of = async |at: &Snapshot| cached.rule(at, &tenant, &id).await.unwrap().unwrap();
    let at = snapshot().await;
    let before = rule_as_of(&at).await;

    let mut renamed = (*before).clone();
    renamed.name = "月报".to_owned();
    store
        .report
        .put_report_rule(&tenant, &renamed)
        .await
        .unwrap();
    assert_eq!(
        rule_as_of(&at).await.name,
        before.name,
        "the same snapshot answers the same"
    );
    let now = snapshot().await;
    assert!(
        now.revision() > at.revision(),
        "a rule write moves the revision on"
    );
    assert_eq!(rule_as_of(&now).await.name, "月报");

    // A write to the form alone moves it too (openwork writes a form only with its rule today;
    // the form's own trigger keeps the cache right for any write that does not).
    let mut reformed = renamed.clone();
    reformed.form.pop();
    let mut write = store.db.begin_write().await.unwrap();
    sqlx::query(
        "DELETE FROM report_form_fields WHERE tenant_key = $1 AND rule_id = $2 AND field_id = $3",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .bind(&renamed.form.last().unwrap().field_id)
    .execute(&mut *write.tx)
    .await
    .unwrap();
    write.commit().await.unwrap();
    let later = snapshot().await;
    assert!(
        later.revision() > now.revision(),
        "a form write moves the revision on"
    );
    assert_eq!(rule_as_of(&later).await.form, reformed.form);
    assert!(
        cached
            .rule(&later, &tenant, &"404".into())
            .await
            .unwrap()
            .is_none()
    );
}

/// The whole section reads back as it was written (rules and reports by ID; here the fixture
/// lists them so), and nothing of another tenant comes with it.
async fn the_whole_section_reads_back(store: Stores) {
    let written = load(&store, REPORT_WORLD).await;
    load(
        &store,
        "tenant_key: other\nusers: [{ user_id: a, name: A }]\nreport: { enabled: false }\n\
         report_rules: [{ rule_id: \"9\", name: other }]\n",
    )
    .await;
    let read = store.report.section(&TenantKey::from("r")).await.unwrap();
    assert_eq!(read.settings, written.settings);
    assert_eq!(read.rules, written.rules);
    assert_eq!(read.reports, written.reports);
    let other = store
        .report
        .section(&TenantKey::from("other"))
        .await
        .unwrap();
    assert!(!other.settings.enabled);
    assert_eq!(other.rules.len(), 1);
    assert!(other.reports.is_empty());
}

const REPORT_WORLD: &str = r#"
tenant_key: r
users: [{ user_id: a, name: A }, { user_id: b, name: B }, { user_id: c, name: C }]
report_rules:
  - { rule_id: "1", name: weekly, to_user_ids: [c], form: [{ name: 本周, type: text }, { name: 工时, type: number }] }
  - { rule_id: "2", name: weekly, deleted: true }
reports:
  - { task_id: "10", rule_id: "1", from_user_id: a, commit_time: 1000 }
  - { task_id: "11", rule_id: "1", from_user_id: b, commit_time: 2000, to_user_ids: [a] }
  - { task_id: "12", rule_id: "1", from_user_id: a, commit_time: 2000 }
  - { task_id: "13", rule_id: "2", from_user_id: b, commit_time: 3000, to_user_ids: [b] }
"#;

fn task_ids(reports: Vec<openwork_report::Report>) -> Vec<String> {
    reports.into_iter().map(|r| r.task_id.0).collect()
}

async fn reports_newest_first_with_keyset_paging(store: Stores) {
    load(&store, REPORT_WORLD).await;
    let tenant = TenantKey::from("r");
    let all = ReportFilter {
        from: Millis(0),
        to: Millis(5000),
        rule: None,
        sender: None,
    };
    let page = store
        .report
        .reports_page(&tenant, &all, None, 10)
        .await
        .unwrap();
    assert_eq!(task_ids(page), ["13", "12", "11", "10"]);
    let after = ReportPosition {
        commit_time: Millis(2000),
        task_id: ReportTaskId::from("12"),
    };
    let rest = store
        .report
        .reports_page(&tenant, &all, Some(&after), 2)
        .await
        .unwrap();
    assert_eq!(task_ids(rest), ["11", "10"]);
    let (rule, sender) = (RuleId::from("1"), UserId::from("a"));
    let narrow = ReportFilter {
        from: Millis(1000),
        to: Millis(2000),
        rule: Some(&rule),
        sender: Some(&sender),
    };
    let page = store
        .report
        .reports_page(&tenant, &narrow, None, 10)
        .await
        .unwrap();
    assert_eq!(task_ids(page), ["12", "10"]);
    let involving = store
        .report
        .reports_involving(&tenant, &sender, Millis(0), Millis(5000))
        .await
        .unwrap();
    assert_eq!(
        task_ids(involving),
        ["12", "11", "10"],
        "sent, and received from b"
    );
    let c = store
        .report
        .reports_involving(&tenant, &UserId::from("c"), Millis(0), Millis(5000))
        .await
        .unwrap();
    assert_eq!(
        task_ids(c),
        ["12", "10"],
        "the rule's recipients by default"
    );
    assert!(
        store
            .report
            .delete_report(&tenant, &ReportTaskId::from("12"))
            .await
            .unwrap()
    );
    let c = store
        .report
        .reports_involving(&tenant, &UserId::from("c"), Millis(0), Millis(5000))
        .await
        .unwrap();
    assert_eq!(task_ids(c), ["10"], "recipients go with their report");
}

async fn rules_and_their_removed_views(store: Stores) {
    load(&store, REPORT_WORLD).await;
    let tenant = TenantKey::from("r");
    let named = store
        .report
        .report_rules_named(&tenant, "weekly")
        .await
        .unwrap();
    assert_eq!(named.len(), 2);
    assert!(named[1].deleted);
    let rule = RuleId::from("1");
    store
        .report
        .remove_rule_views(
            &tenant,
            &rule,
            Some(&[UserId::from("b"), UserId::from("a")]),
            Millis(1),
        )
        .await
        .unwrap();
    store
        .report
        .remove_rule_views(&tenant, &rule, Some(&[UserId::from("a")]), Millis(2))
        .await
        .unwrap();
    assert_eq!(
        store
            .report
            .rule_view_removals(&tenant, &rule)
            .await
            .unwrap(),
        vec![Some(UserId::from("a")), Some(UserId::from("b"))]
    );
    store
        .report
        .remove_rule_views(&tenant, &rule, None, Millis(3))
        .await
        .unwrap();
    assert_eq!(
        store
            .report
            .rule_view_removals(&tenant, &rule)
            .await
            .unwrap()[0],
        None
    );
}

openwork_platform::conformance!(
    setup: super::stores,
    schemas: &[&openwork_report::SCHEMA],
    scenarios: [
        declarations_match_the_schema,
        settings_read_back,
        rules_keep_their_forms,
        a_rule_write_moves_the_catalog_on,
        reports_newest_first_with_keyset_paging,
        rules_and_their_removed_views,
        the_whole_section_reads_back,
    ]
);
