//! The contact storage's conformance: every scenario runs against SQLite (in memory and in a
//! file) and PostgreSQL (`TEST_DATABASE_URL`; skipped with a message when unset, a failure when
//! `CI=true`).

use openwork_contact::ItemOutcome;
use openwork_contact::store::{JobChunk, JobPosition, JobStore, SqlJobStore};
use openwork_platform::clock::Millis;
use openwork_platform::db::Db;
use openwork_platform::db::testing::{directory_yaml as world_text, write_directory};
use openwork_platform::ids::{AppId, TenantKey, UserId};
use openwork_platform::store::{DirectoryStore, SqlPlatformStore};

/// The platform's and the contact stores over one database.
struct Stores {
    db: Db,
    platform: SqlPlatformStore,
    contact: SqlJobStore,
}

async fn stores(db: Db) -> Stores {
    Stores {
        platform: SqlPlatformStore::new(db.clone()),
        contact: SqlJobStore::new(db.clone()),
        db,
    }
}

async fn load(store: &Stores, text: &str) {
    write_directory(&store.db, text)
        .await
        .expect("the tenant is written");
}

/// Each table's declaration names exactly the columns its migrations created.
async fn declarations_match_the_schema(store: Stores) {
    openwork_contact::store::check_tables(&store.db)
        .await
        .unwrap();
}

fn job(task_id: &str, submitted_at: i64, total: i64) -> openwork_contact::Job {
    openwork_contact::Job {
        task_id: task_id.into(),
        tenant: TenantKey::from("t1"),
        app: AppId::from("cli_1"),
        kind: openwork_contact::JobKind::AddUser,
        status: 1,
        total,
        processed: 0,
        succeeded: 0,
        failed: 0,
        create_time: Millis(5),
        submitted_at: Millis(submitted_at),
        finish_time: None,
    }
}

/// The task IDs of a page of the tenant's jobs.
async fn job_ids(
    store: &Stores,
    tenant: &TenantKey,
    after: Option<&JobPosition>,
    limit: usize,
) -> Vec<String> {
    let jobs = store.contact.jobs_page(tenant, after, limit).await.unwrap();
    jobs.into_iter().map(|job| job.task_id).collect()
}

/// A tenant's jobs are read a page at a time, newest submission first, ties by `task_id`
/// descending; another tenant's are never among them.
async fn jobs_are_paged_newest_first_within_their_tenant(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    for (task_id, submitted_at) in [("a", 10), ("b", 20), ("c", 20), ("d", 30)] {
        store
            .contact
            .create_job(&job(task_id, submitted_at, 1), &["{}".into()])
            .await
            .unwrap();
    }
    let elsewhere = openwork_contact::Job {
        tenant: TenantKey::from("t2"),
        app: AppId::from("cli_2"),
        ..job("e", 40, 1)
    };
    store
        .contact
        .create_job(&elsewhere, &["{}".into()])
        .await
        .unwrap();
    let t1 = TenantKey::from("t1");
    assert_eq!(job_ids(&store, &t1, None, 10).await, ["d", "c", "b", "a"]);
    assert_eq!(job_ids(&store, &t1, None, 2).await, ["d", "c"]);
    let after_c = JobPosition {
        submitted_at: Millis(20),
        task_id: "c".into(),
    };
    assert_eq!(job_ids(&store, &t1, Some(&after_c), 10).await, ["b", "a"]);
    let jobs = store
        .contact
        .jobs_page(&TenantKey::from("t2"), None, 10)
        .await
        .unwrap();
    assert_eq!(jobs, vec![elsewhere], "read back whole");
}

async fn jobs_are_leased_to_one_owner_and_committed_once(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    store
        .contact
        .create_job(&job("old", 1, 2), &["{\"a\":1}".into(), "{\"a\":2}".into()])
        .await
        .unwrap();
    store
        .contact
        .create_job(&job("new", 2, 1), &["{}".into()])
        .await
        .unwrap();
    let tenant = TenantKey::from("t1");
    let claimed = store
        .contact
        .claim_job("A", Millis(100), Millis(200))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.task_id, "old", "oldest first");
    let other = store
        .contact
        .claim_job("B", Millis(100), Millis(200))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(other.task_id, "new", "a held job is not handed out twice");
    assert!(
        store
            .contact
            .claim_job("C", Millis(150), Millis(250))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .contact
            .claim_job("A", Millis(150), Millis(300))
            .await
            .unwrap()
            .unwrap()
            .task_id,
        "old",
        "its holder keeps it"
    );
    assert_eq!(
        store.contact.job_items("old", 1, 10).await.unwrap(),
        vec![(1, "{\"a\":2}".to_owned())]
    );

    let user = openwork_platform::directory::User {
        user_id: UserId::from("made"),
        name: "Made".into(),
        ..Default::default()
    };
    let chunk = |owner: &'static str, first: i64, finish: Option<Millis>| JobChunk {
        job: &claimed,
        owner,
        first_index: first,
        outcomes: vec![(
            first,
            ItemOutcome {
                code: 0,
                msg: "success".into(),
                ..ItemOutcome::default()
            },
        )],
        succeeded: 1,
        failed: 0,
        users: if first == 0 {
            vec![user.clone()]
        } else {
            Vec::new()
        },
        identities: Vec::new(),
        departments: Vec::new(),
        events: Vec::new(),
        lease_until: Millis(400),
        finish_time: finish,
    };
    assert!(
        !store
            .contact
            .commit_job_chunk(&chunk("B", 0, None))
            .await
            .unwrap(),
        "not the holder"
    );
    assert!(
        store
            .contact
            .commit_job_chunk(&chunk("A", 0, None))
            .await
            .unwrap()
    );
    assert!(
        !store
            .contact
            .commit_job_chunk(&chunk("A", 0, None))
            .await
            .unwrap(),
        "items already done"
    );
    assert_eq!(
        store
            .platform
            .existing_users(&tenant, &[UserId::from("made")])
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .contact
            .commit_job_chunk(&chunk("A", 1, Some(Millis(9))))
            .await
            .unwrap()
    );
    let done = store.contact.job(&tenant, "old").await.unwrap().unwrap();
    assert_eq!(
        (
            done.status,
            done.processed,
            done.succeeded,
            done.finish_time
        ),
        (9, 2, 2, Some(Millis(9)))
    );
    assert_eq!(store.contact.job_results(&done).await.unwrap().len(), 2);
    assert!(
        store
            .contact
            .job(&TenantKey::from("t2"), "old")
            .await
            .unwrap()
            .is_none(),
        "tenant-bound"
    );

    // A lease that expired, or was released, goes to the next claimant.
    assert!(
        store
            .contact
            .claim_job("C", Millis(201), Millis(300))
            .await
            .unwrap()
            .is_some(),
        "B's lease expired"
    );
    store.contact.release_jobs("C").await.unwrap();
    assert_eq!(
        store
            .contact
            .claim_job("D", Millis(202), Millis(300))
            .await
            .unwrap()
            .unwrap()
            .task_id,
        "new"
    );
    assert!(
        store
            .contact
            .fail_job("new", "D", Millis(10))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .contact
            .job(&tenant, "new")
            .await
            .unwrap()
            .unwrap()
            .status,
        10
    );
}

openwork_platform::conformance!(
    setup: super::stores,
    schemas: &[&openwork_contact::SCHEMA],
    scenarios: [
        declarations_match_the_schema,
        jobs_are_leased_to_one_owner_and_committed_once,
        jobs_are_paged_newest_first_within_their_tenant,
    ]
);
