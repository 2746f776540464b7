//! Whole tenants in storage, across every component's tables: each scenario runs against SQLite
//! (in memory and in a file) and against PostgreSQL (`TEST_DATABASE_URL`; skipped with a message
//! when unset, a failure when `CI=true`).

use openwork_contact::ItemOutcome;
use openwork_contact::store::{JobChunk, JobStore, SqlJobStore};
use openwork_performance::ImportRecord;
use openwork_performance::store::{GroupWrite, PerformanceStore, SqlPerformanceStore};
use openwork_platform::clock::Millis;
use openwork_platform::db::{Db, Unwatched};
use openwork_platform::events::{
    AfterAttempt, Attempt, Channel, Delivery, DeliveryState, EventStore, SqlEventStore,
    new_event_id,
};
use openwork_platform::ids::{AppId, TenantKey, UserId};
use openwork_platform::store::{GrantKind, OAuthGrant, SqlPlatformStore, TenantStore, TokenStore};
use openwork_report::RuleId;
use openwork_report::store::{ReportStore, SqlReportStore};
use openwork_workspace::store::{SqlWorkspaceStore, WorkspaceStore};

use super::fixture;

/// The platform's and the services' stores over one database.
struct Stores {
    db: Db,
    platform: SqlPlatformStore,
    performance: SqlPerformanceStore,
    report: SqlReportStore,
    contact: SqlJobStore,
    workspace: SqlWorkspaceStore,
}

async fn stores(db: Db) -> Stores {
    Stores {
        platform: SqlPlatformStore::new(db.clone()),
        performance: SqlPerformanceStore::new(db.clone()),
        report: SqlReportStore::new(db.clone()),
        contact: SqlJobStore::new(db.clone()),
        workspace: SqlWorkspaceStore::new(db.clone()),
        db,
    }
}

const NOW: Millis = Millis(1_717_207_200_000);

/// A tenant with one app, the given users and a stage task for the first user.
fn world_text(tenant: &str, app: &str, users: &[&str]) -> String {
    let first_user = users[0];
    let users: Vec<String> = users
        .iter()
        .map(|u| format!("      - {{ user_id: {u}, name: {u}, mobile: \"+86{u}\" }}"))
        .collect();
    format!(
        "version: 1\ntenants:\n  - tenant_key: {tenant}\n    dingtalk_corp_id: corp-{tenant}\n    clock: 1000\n    apps:\n      - {{ app_id: {app}, app_secret: s, scopes: [report:report], dingtalk: {{ app_key: key-{app}, app_secret: ds }} }}\n    users:\n{}\n    semesters:\n      - start_time: 0\n        end_time: 1\n        stages: [{{ deadline: 1, tasks: [{{ user_id: {}, need_todo: 2, finished: 1 }}] }}]\n",
        users.join("\n"),
        first_user,
    )
}

async fn load(store: &Stores, text: &str) {
    let worlds = fixture::parse(text, NOW).expect("valid fixture");
    let mut write = store.db.begin_write().await.unwrap();
    for world in &worlds {
        world
            .write(&mut write.tx, &Unwatched)
            .await
            .expect("written");
    }
    write.commit().await.unwrap();
}

/// Every table of tenant data is owned by its tenant: deleting the tenants leaves no row in any
/// table but the server-wide ones (found in the database's own catalog, so a new table is
/// checked too). The demo world fills every table the fixture format reaches; a job, a grant, a
/// task list, a removed view, a group write and an import fill the rest.
async fn deleted_tenants_leave_nothing_behind(store: Stores) {
    load(&store, fixture::DEMO).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    let demo = TenantKey::from("demo");
    let job = openwork_contact::Job {
        task_id: "job".into(),
        tenant: demo.clone(),
        app: AppId::from(fixture::DEMO_APP_ID),
        kind: openwork_contact::JobKind::AddUser,
        status: 1,
        total: 1,
        processed: 0,
        succeeded: 0,
        failed: 0,
        create_time: NOW,
        submitted_at: NOW,
        finish_time: None,
    };
    store
        .contact
        .create_job(&job, &["{}".to_owned()])
        .await
        .unwrap();
    let claimed = store
        .contact
        .claim_job("A", NOW, Millis(NOW.0 + 1))
        .await
        .unwrap();
    let chunk = JobChunk {
        job: &claimed.expect("the job"),
        owner: "A",
        first_index: 0,
        outcomes: vec![(0, ItemOutcome::default())],
        succeeded: 0,
        failed: 1,
        users: Vec::new(),
        identities: Vec::new(),
        departments: Vec::new(),
        events: vec![Delivery {
            event_id: new_event_id(NOW),
            channel: Channel::Webhook,
            tenant_key: demo.clone(),
            app_id: AppId::from(fixture::DEMO_APP_ID),
            event_type: "contact.user.created_v3".into(),
            create_time: NOW,
            event: "{}".into(),
            state: DeliveryState::Pending,
            attempts: 0,
            next_attempt_at: NOW,
            delivered_at: None,
        }],
        lease_until: NOW,
        finish_time: Some(NOW),
    };
    assert!(store.contact.commit_job_chunk(&chunk).await.unwrap());
    let events = SqlEventStore::new(store.db.clone());
    let leased = events
        .lease_due(Channel::Webhook, None, "A", NOW, Millis(NOW.0 + 1), 10)
        .await
        .unwrap();
    let attempt = Attempt {
        attempt: 1,
        at: NOW,
        duration_ms: 1,
        replica: "A".into(),
        target: "http://127.0.0.1:9/".into(),
        delivered: false,
        status: None,
        detail: "refused".into(),
    };
    assert!(
        events
            .finish_attempt(&leased[0], "A", &attempt, AfterAttempt::GiveUp)
            .await
            .unwrap()
    );
    let grant = OAuthGrant {
        kind: GrantKind::Code,
        tenant: demo.clone(),
        app: AppId::from(fixture::DEMO_APP_ID),
        user: UserId::from("u001"),
        expires_at: NOW,
    };
    store
        .platform
        .put_oauth_grant("hash", &grant)
        .await
        .unwrap();
    store
        .report
        .remove_rule_views(&demo, &RuleId::from("6894419345318182932"), None, NOW)
        .await
        .unwrap();
    store
        .workspace
        .set_tasklist_visibility(&demo, &UserId::from("u001"), None, true, NOW)
        .await
        .unwrap();
    let group_write = GroupWrite {
        app_id: AppId::from(fixture::DEMO_APP_ID),
        client_token: "token".into(),
        group_id: "rd-reviewees".into(),
        scope_visible_setting: 1,
        members: vec![UserId::from("u001")],
    };
    assert!(
        store
            .performance
            .write_group_members(&demo, &group_write)
            .await
            .unwrap()
    );
    let import = ImportRecord {
        import_record_id: "1".into(),
        kind: "additional_information".into(),
        app_id: fixture::DEMO_APP_ID.into(),
        client_token: "token".into(),
        name: "API导入".into(),
        semester_id: "7235911950407352321".into(),
        create_time: NOW,
    };
    assert!(
        store
            .performance
            .import_additional_infos(&demo, &import, &[])
            .await
            .unwrap()
    );
    if store.db.dialect() == openwork_platform::db::Dialect::Postgres {
        let key = openwork_platform::store::RateKey {
            tenant: demo.as_str(),
            app: fixture::DEMO_APP_ID,
            api: "performance.v1.semester.list",
        };
        let window = openwork_platform::store::count_call(&store.db, key, NOW.0, 60_000)
            .await
            .unwrap();
        assert_eq!(window.calls, 1);
    }
    let filled = openwork_platform::db::tenant_data_rows(&store.db)
        .await
        .unwrap();
    let empty: Vec<_> = filled.iter().filter(|(_, rows)| *rows == 0).collect();
    assert!(
        empty.is_empty(),
        "tables this test does not fill: {empty:?}"
    );

    assert!(store.platform.delete_tenant(&demo).await.unwrap());
    assert!(store.platform.delete_tenant(&"t2".into()).await.unwrap());
    let left: Vec<_> = openwork_platform::db::tenant_data_rows(&store.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, rows)| *rows > 0)
        .collect();
    assert!(left.is_empty(), "rows left behind: {left:?}");
}

openwork_platform::conformance!(
    setup: super::stores,
    // Every component's schema after the platform's (which the harness migrates first), so that
    // a new service's tables are checked too.
    schemas: &crate::SCHEMAS[1..],
    scenarios: [deleted_tenants_leave_nothing_behind]
);
