//! The platform storage's conformance: every scenario runs against SQLite (in memory and in a
//! file) and PostgreSQL (`TEST_DATABASE_URL`; skipped with a message when unset, a failure when
//! `CI=true`).

use openwork_platform::StoreError;
use openwork_platform::catalog::{CatalogStore, Snapshot};
use openwork_platform::clock::{Millis, TenantClock};
use openwork_platform::db::Db;
use openwork_platform::db::testing::{directory_yaml as world_text, write_directory};
use openwork_platform::ids::{AppId, TenantKey, UserId, UserIdType};
use openwork_platform::store::{
    DirectoryStore, GlobalId, GrantKind, JournalFilter, JournalRow, MetaStore, OAuthGrant,
    SqlJournalStore, SqlPlatformStore, TenantStore, TokenIssue, TokenStore,
};

/// The platform's store over one database.
struct Stores {
    db: Db,
    platform: SqlPlatformStore,
}

async fn stores(db: Db) -> Stores {
    Stores {
        platform: SqlPlatformStore::new(db.clone()),
        db,
    }
}

/// The snapshot uncached reads are made "as of" (the SQL stores do not look at it).
static AT: std::sync::LazyLock<Snapshot> = std::sync::LazyLock::new(|| Snapshot::new(0));

async fn write(store: &Stores, text: &str) -> Result<(), StoreError> {
    write_directory(&store.db, text).await
}

async fn load(store: &Stores, text: &str) {
    write(store, text).await.expect("the tenant is written");
}

/// Each table's declaration names exactly the columns its migrations created.
async fn declarations_match_the_schema(store: Stores) {
    openwork_platform::store::check_tables(&store.db)
        .await
        .unwrap();
}

async fn replace_then_read_back(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1", "u2"])).await;
    let tenant = store
        .platform
        .tenant(&AT, &"t1".into())
        .await
        .unwrap()
        .expect("tenant");
    assert_eq!(tenant.clock, TenantClock::fixed_at(Millis(1000)));
    assert_eq!(tenant.dingtalk_corp_id.as_deref(), Some("corp-t1"));
    let app = store
        .platform
        .app(&AT, &"cli_1".into())
        .await
        .unwrap()
        .expect("app");
    assert_eq!(app.scopes, vec!["a:b".to_owned()]);
    assert_eq!(app.dingtalk.unwrap().app_key, "key-cli_1");
    assert!(store.platform.has_tenants().await.unwrap());
}

async fn replacing_is_idempotent_and_isolated(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1", "u2"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    load(&store, &world_text("t1", "cli_1", &["u3"])).await;
    let t1 = TenantKey::from("t1");
    let app = AppId::from("cli_1");
    let users: Vec<UserId> = ["u1", "u2", "u3"].into_iter().map(UserId::from).collect();
    let seen = store
        .platform
        .identities_of_users(&t1, &app, &users)
        .await
        .unwrap();
    assert_eq!(seen.len(), 1, "the reload replaced t1's users");
    assert_eq!(seen[0].user_id.as_str(), "u3");
    let t2 = store
        .platform
        .identities_of_users(&"t2".into(), &"cli_2".into(), &users)
        .await
        .unwrap();
    assert_eq!(t2.len(), 1, "t2 untouched");
}

async fn identities_resolve_by_every_kind_within_the_tenant(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1", "u2"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    let (t1, app) = (TenantKey::from("t1"), AppId::from("cli_1"));
    let u1 = store
        .platform
        .identities_of_users(&t1, &app, &[UserId::from("u1")])
        .await
        .unwrap()
        .remove(0);
    for (kind, id) in [
        (UserIdType::OpenId, u1.open_id.clone()),
        (UserIdType::UnionId, u1.union_id.clone()),
        (UserIdType::UserId, "u1".to_owned()),
    ] {
        let found = store
            .platform
            .identities_by_external_id(&t1, &app, kind, &[id.clone(), "nobody".into()])
            .await
            .unwrap();
        assert_eq!(found, vec![u1.clone()], "{kind:?}");
        let elsewhere = store
            .platform
            .identities_by_external_id(&"t2".into(), &app, kind, &[id])
            .await
            .unwrap();
        assert!(
            elsewhere.is_empty(),
            "another tenant never sees it ({kind:?})"
        );
    }
}

async fn deleting_tenants(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    assert!(store.platform.delete_tenant(&"t1".into()).await.unwrap());
    assert!(!store.platform.delete_tenant(&"t1".into()).await.unwrap());
    assert!(
        store
            .platform
            .tenant(&AT, &"t1".into())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .platform
            .app(&AT, &"cli_1".into())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .platform
            .tenant(&AT, &"t2".into())
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.platform.delete_all_tenants().await.unwrap(), 1);
    assert!(!store.platform.has_tenants().await.unwrap());
}

/// Tenants are listed by key; a tenant's users and departments are read a page at a time in
/// ID order, only its own.
async fn tenants_and_directory_pages(store: Stores) {
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    load(&store, "tenant_key: t1\nusers: [{ user_id: u3, name: C }, { user_id: u1, name: A }, { user_id: u2, name: B }]\ndepartments: [{ department_id: b, name: B }, { department_id: a, name: A }, { department_id: c, name: C, parent_id: a }]\n").await;
    let tenants = store.platform.tenants().await.unwrap();
    let keys: Vec<&str> = tenants.iter().map(|t| t.tenant_key.as_str()).collect();
    assert_eq!(keys, ["t1", "t2"]);
    assert_eq!(tenants[1].dingtalk_corp_id.as_deref(), Some("corp-t2"));
    assert_eq!(tenants[1].clock, TenantClock::fixed_at(Millis(1000)));

    let t1 = TenantKey::from("t1");
    let users = store.platform.users_page(&t1, None, 2).await.unwrap();
    let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    let rest = store
        .platform
        .users_page(&t1, Some(&UserId::from("u2")), 2)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].user_id.as_str(), "u3");
    let elsewhere = store
        .platform
        .users_page(&"t2".into(), None, 10)
        .await
        .unwrap();
    assert_eq!(elsewhere.len(), 1, "only the tenant's own users");

    let departments = store
        .platform
        .departments_page(&t1, None, 10)
        .await
        .unwrap();
    let ids: Vec<&str> = departments
        .iter()
        .map(|d| d.department_id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(departments[2].parent_id.as_str(), "a");
    let after_a = store
        .platform
        .departments_page(&t1, Some(&"a".into()), 1)
        .await
        .unwrap();
    assert_eq!(after_a[0].department_id.as_str(), "b");
}

async fn clocks_are_stored(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    let clock = TenantClock {
        fixed: None,
        offset_ms: -5000,
    };
    assert!(
        store
            .platform
            .set_tenant_clock(&"t1".into(), clock)
            .await
            .unwrap()
    );
    assert!(
        !store
            .platform
            .set_tenant_clock(&"nope".into(), clock)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .platform
            .tenant(&AT, &"t1".into())
            .await
            .unwrap()
            .unwrap()
            .clock,
        clock
    );
}

async fn global_ids_name_their_tenant(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    let owners = store
        .platform
        .global_id_owners(GlobalId::AppId, &["cli_1".into(), "cli_x".into()])
        .await
        .unwrap();
    assert_eq!(owners, vec![("cli_1".to_owned(), TenantKey::from("t1"))]);
    let owners = store
        .platform
        .global_id_owners(GlobalId::DingTalkAppKey, &["key-cli_1".into()])
        .await
        .unwrap();
    assert_eq!(owners.len(), 1);
    let owners = store
        .platform
        .global_id_owners(GlobalId::DingTalkCorpId, &["corp-t1".into()])
        .await
        .unwrap();
    assert_eq!(owners.len(), 1);
}

async fn an_app_cannot_be_in_two_tenants(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    match write(&store, &world_text("t2", "cli_1", &["u1"])).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(
        store
            .platform
            .tenant(&AT, &"t2".into())
            .await
            .unwrap()
            .is_none(),
        "nothing written"
    );
}

async fn meta_values_are_written_once(store: Stores) {
    let first = store.platform.meta_get_or_insert("k", "one").await.unwrap();
    let second = store.platform.meta_get_or_insert("k", "two").await.unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("one", "one"));
}

/// A stored issue stays while it is reusable, whoever claims a new one: replicas that race to
/// renew a token all hand out the one stored first.
async fn a_token_issue_is_kept_while_reusable(store: Stores) {
    let app = AppId::from("cli_1");
    assert!(
        store
            .platform
            .app_token_issue(&app)
            .await
            .unwrap()
            .is_none()
    );
    let issue = |at: i64, fingerprint: &str| TokenIssue {
        issued_at: Millis(at),
        credential_fingerprint: fingerprint.to_owned(),
    };
    // (claimed, reusable after, stored after the claim, why)
    let claims = [
        (issue(1000, "f"), 0, issue(1000, "f"), "none yet"),
        (issue(2000, "f"), 500, issue(1000, "f"), "reusable"),
        (issue(3000, "f"), 1000, issue(3000, "f"), "too old"),
        (issue(4000, "g"), 0, issue(4000, "g"), "new secret"),
        (issue(3500, "g"), 0, issue(3500, "g"), "future"),
    ];
    for (claimed, reusable_after, stored, why) in claims {
        let answered = store
            .platform
            .claim_app_token_issue(&app, &claimed, Millis(reusable_after))
            .await
            .unwrap();
        assert_eq!(answered, stored, "{why}");
    }
    assert_eq!(
        store.platform.app_token_issue(&app).await.unwrap(),
        Some(issue(3500, "g"))
    );
}

async fn the_database_answers(store: Stores) {
    store.db.ping().await.unwrap();
    store.db.close().await;
}

/// Users whose IDs sort differently in byte order and in most locales, two stages, and tasks
/// complete (c) and incomplete (i).
async fn oauth_grants_are_taken_once(store: Stores) {
    load(&store, &world_text("t", "cli_1", &["u"])).await;
    let grant = OAuthGrant {
        kind: GrantKind::Code,
        tenant: TenantKey::from("t"),
        app: AppId::from("cli_1"),
        user: UserId::from("u"),
        expires_at: Millis(99),
    };
    store.platform.put_oauth_grant("h1", &grant).await.unwrap();
    assert!(
        store
            .platform
            .take_oauth_grant("h1", GrantKind::Refresh)
            .await
            .unwrap()
            .is_none(),
        "kind matters"
    );
    assert_eq!(
        store
            .platform
            .take_oauth_grant("h1", GrantKind::Code)
            .await
            .unwrap(),
        Some(grant)
    );
    assert!(
        store
            .platform
            .take_oauth_grant("h1", GrantKind::Code)
            .await
            .unwrap()
            .is_none()
    );
}

async fn prefetches_for_batch_rules(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["Mixed", "u2"])).await;
    let tenant = TenantKey::from("t1");
    let found = store
        .platform
        .user_ids_ignoring_case(&tenant, &["MIXED".into(), "nobody".into()])
        .await
        .unwrap();
    assert_eq!(found, vec!["mixed".to_owned()]);
    let mobiles = store
        .platform
        .used_mobiles(&tenant, &["+86u2".into(), "+0".into()])
        .await
        .unwrap();
    assert_eq!(mobiles, vec!["+86u2".to_owned()]);
}

/// The request journal's table: every filter narrows a listing (a path filter is a plain
/// substring, `%` and `_` included), `after_id` follows oldest first, and retention keeps the
/// newest entries by count and drops old ones by age.
async fn journal_entries_filter_and_expire(store: Stores) {
    let journal = SqlJournalStore::new(store.db.clone());
    let row = |time_ms: i64, app: &str, path: &str, code: i64| JournalRow {
        time_ms,
        log_id: format!("log-{time_ms}"),
        tenant_key: Some("t".into()),
        app_id: Some(app.into()),
        path: path.into(),
        status: if code == 0 { 200 } else { 400 },
        code: Some(code),
        entry: format!("{{\"at\":{time_ms}}}"),
    };
    journal
        .append(&[
            row(1_000, "cli_a", "/open-apis/x", 0),
            row(2_000, "cli_b", "/open-apis/100%_done", 99991400),
            row(3_000, "cli_a", "/topapi/y", 0),
            row(4_000, "cli_a", "/open-apis/x", 99991672),
        ])
        .await
        .unwrap();
    let times = |filter: JournalFilter| {
        let journal = journal.clone();
        async move {
            journal
                .list(&JournalFilter {
                    limit: 10,
                    ..filter
                })
                .await
                .unwrap()
                .into_iter()
                .map(|(_, entry)| entry)
                .collect::<Vec<_>>()
        }
    };
    let at = |ms: &[i64]| {
        ms.iter()
            .map(|ms| format!("{{\"at\":{ms}}}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        times(JournalFilter::default()).await,
        at(&[4_000, 3_000, 2_000, 1_000])
    );
    let app_a = JournalFilter {
        app_id: Some("cli_a".into()),
        path_contains: Some("open-apis".into()),
        ..JournalFilter::default()
    };
    assert_eq!(times(app_a).await, at(&[4_000, 1_000]));
    let literal = JournalFilter {
        path_contains: Some("%_d".into()),
        ..JournalFilter::default()
    };
    assert_eq!(times(literal).await, at(&[2_000]));
    let window = JournalFilter {
        since_ms: Some(2_000),
        until_ms: Some(3_000),
        code: Some(0),
        ..JournalFilter::default()
    };
    assert_eq!(times(window).await, at(&[3_000]));
    let first_id = journal
        .list(&JournalFilter {
            limit: 10,
            ..JournalFilter::default()
        })
        .await
        .unwrap()
        .last()
        .unwrap()
        .0;
    let following = JournalFilter {
        after_id: Some(first_id),
        log_id: None,
        ..JournalFilter::default()
    };
    assert_eq!(
        times(following).await,
        at(&[2_000, 3_000, 4_000]),
        "oldest first"
    );
    journal.prune(Some(3), Some(1_500)).await.unwrap();
    assert_eq!(
        times(JournalFilter::default()).await,
        at(&[4_000, 3_000, 2_000])
    );
    journal.prune(Some(1), None).await.unwrap();
    assert_eq!(times(JournalFilter::default()).await, at(&[4_000]));
    journal.clear().await.unwrap();
    assert!(times(JournalFilter::default()).await.is_empty());
}

/// A tenant's whole directory reads back as it was written: apps, departments and users in
/// declaration order, identities by user then app; another tenant's rows stay out.
async fn the_whole_directory_reads_back(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u2", "u1", "u3"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    let directory = store
        .platform
        .tenant_directory(&"t1".into())
        .await
        .unwrap()
        .expect("the tenant");
    assert_eq!(directory.tenant.tenant_key.as_str(), "t1");
    assert_eq!(directory.tenant.clock, TenantClock::fixed_at(Millis(1000)));
    let apps: Vec<&str> = directory.apps.iter().map(|a| a.app_id.as_str()).collect();
    assert_eq!(apps, ["cli_1"]);
    let users: Vec<&str> = directory.users.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(users, ["u2", "u1", "u3"], "declaration order");
    let identities: Vec<(&str, &str)> = directory
        .identities
        .iter()
        .map(|i| (i.user_id.as_str(), i.app_id.as_str()))
        .collect();
    assert_eq!(
        identities,
        [("u1", "cli_1"), ("u2", "cli_1"), ("u3", "cli_1")]
    );
    assert!(
        store
            .platform
            .tenant_directory(&"nope".into())
            .await
            .unwrap()
            .is_none()
    );
}

openwork_platform::conformance!(
    setup: super::stores,
    schemas: &[],
    scenarios: [
        declarations_match_the_schema,
        replace_then_read_back,
        replacing_is_idempotent_and_isolated,
        identities_resolve_by_every_kind_within_the_tenant,
        deleting_tenants,
        clocks_are_stored,
        tenants_and_directory_pages,
        global_ids_name_their_tenant,
        an_app_cannot_be_in_two_tenants,
        meta_values_are_written_once,
        a_token_issue_is_kept_while_reusable,
        the_database_answers,
        oauth_grants_are_taken_once,
        prefetches_for_batch_rules,
        journal_entries_filter_and_expire,
        the_whole_directory_reads_back,
    ]
);
