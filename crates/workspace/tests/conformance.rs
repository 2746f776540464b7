//! The workspace storage's conformance: every scenario runs against SQLite (in memory and in a
//! file) and PostgreSQL (`TEST_DATABASE_URL`; skipped with a message when unset, a failure when
//! `CI=true`).

use openwork_platform::StoreError;
use openwork_platform::clock::Millis;
use openwork_platform::db::Db;
use openwork_platform::db::testing::{directory_yaml, write_directory};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_workspace::store::{SqlWorkspaceStore, WorkspaceStore};
use openwork_workspace::{TaskExtension, TasklistVisibility, WorkspaceTask, WorkspaceTaskId};

struct Stores {
    db: Db,
    workspace: SqlWorkspaceStore,
}

async fn stores(db: Db) -> Stores {
    Stores {
        workspace: SqlWorkspaceStore::new(db.clone()),
        db,
    }
}

async fn load(store: &Stores, tenant: &str) {
    write_directory(
        &store.db,
        &directory_yaml(tenant, &format!("cli_{tenant}"), &["u1"]),
    )
    .await
    .expect("the tenant is written");
}

fn task(id: &str, source_id: &str, project: Option<&str>) -> WorkspaceTask {
    WorkspaceTask {
        task_id: WorkspaceTaskId::from(id),
        source: "tb".into(),
        source_id: source_id.into(),
        subject: format!("task {id}"),
        description: None,
        creator_userid: Some(UserId::from("u1")),
        modifier_userid: None,
        executor_userid: None,
        tracker_userids: vec![UserId::from("u1"), UserId::from("u2")],
        priority: Some(20),
        status_stage: None,
        status_id: None,
        task_type_id: None,
        task_type_category: Some("bug".into()),
        parent_id: None,
        corp_id: project.map(str::to_owned),
        belong_corp_id: Some("corp".into()),
        biz_tag: "tb".into(),
        is_archived: false,
        is_recycled: true,
        plan_start_date: Some(Millis(1)),
        plan_finish_date: None,
        start_date: None,
        finish_date: Some(Millis(2)),
        gmt_create: Millis(3),
        gmt_modified: Millis(4),
        extension: TaskExtension {
            comment_count: Some("2".into()),
            file_path: None,
            other: Some(r#"{"a":1}"#.into()),
        },
    }
}

/// Each table's declaration names exactly the columns its migrations created.
async fn declarations_match_the_schema(store: Stores) {
    openwork_workspace::store::check_tables(&store.db)
        .await
        .unwrap();
}

/// A task reads back as written, by ID and by source; `(source, source_id)` is unique within a
/// tenant (a conflict changes nothing); another tenant sees none of it; a task of a tenant that
/// is gone is refused as such.
async fn tasks_are_unique_by_source_within_their_tenant(store: Stores) {
    load(&store, "t1").await;
    load(&store, "t2").await;
    let (t1, t2) = (TenantKey::from("t1"), TenantKey::from("t2"));
    let ws = &store.workspace;
    let first = task("71", "a", Some("p1"));
    ws.insert_task(&t1, &first).await.unwrap();
    assert_eq!(
        ws.task(&t1, &first.task_id).await.unwrap().as_ref(),
        Some(&first)
    );
    assert_eq!(
        ws.task_by_source(&t1, "tb", "a").await.unwrap().as_ref(),
        Some(&first)
    );
    assert!(matches!(
        ws.insert_task(&t1, &task("72", "a", None)).await,
        Err(StoreError::Conflict(_))
    ));
    let second = task("72", "b", Some("p1"));
    ws.insert_task(&t1, &second).await.unwrap();
    assert!(
        matches!(
            ws.replace_task(&t1, &task("72", "a", None)).await,
            Err(StoreError::Conflict(_))
        ),
        "a replacement may not take another task's source"
    );
    assert_eq!(
        ws.task(&t1, &second.task_id).await.unwrap().as_ref(),
        Some(&second),
        "the refused replacement changed nothing"
    );
    let renamed = WorkspaceTask {
        subject: "renamed".into(),
        ..second.clone()
    };
    ws.replace_task(&t1, &renamed).await.unwrap();
    assert_eq!(ws.task(&t1, &second.task_id).await.unwrap(), Some(renamed));

    ws.insert_task(&t2, &task("71", "a", Some("p1")))
        .await
        .expect("another tenant has its own IDs and sources");
    assert!(
        ws.task(&t2, &WorkspaceTaskId::from("72"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(ws.count_tasks(&t1).await.unwrap(), 2);

    assert_eq!(ws.delete_project_tasks(&t1, "p1").await.unwrap(), 2);
    assert_eq!(ws.count_tasks(&t1).await.unwrap(), 0);
    assert_eq!(ws.count_tasks(&t2).await.unwrap(), 1);
    assert!(ws.delete_task(&t2, &first.task_id).await.unwrap());
    assert!(!ws.delete_task(&t2, &first.task_id).await.unwrap());

    assert!(matches!(
        ws.insert_task(&TenantKey::from("gone"), &first).await,
        Err(StoreError::OwnerGone(_))
    ));
}

/// Tasks are read a page at a time in `task_id` order, only the tenant's own.
async fn tasks_are_paged_by_id_within_their_tenant(store: Stores) {
    load(&store, "t1").await;
    load(&store, "t2").await;
    let (t1, t2) = (TenantKey::from("t1"), TenantKey::from("t2"));
    let ws = &store.workspace;
    for (id, source_id) in [("73", "c"), ("71", "a"), ("72", "b")] {
        ws.insert_task(&t1, &task(id, source_id, None))
            .await
            .unwrap();
    }
    ws.insert_task(&t2, &task("70", "a", None)).await.unwrap();
    let ids = |tasks: Vec<WorkspaceTask>| -> Vec<String> {
        tasks.into_iter().map(|t| t.task_id.0).collect()
    };
    let first = ws.tasks_page(&t1, None, 2).await.unwrap();
    assert_eq!(first[0], task("71", "a", None), "read back whole");
    assert_eq!(ids(first), ["71", "72"]);
    let after = WorkspaceTaskId::from("72");
    assert_eq!(
        ids(ws.tasks_page(&t1, Some(&after), 2).await.unwrap()),
        ["73"]
    );
    assert_eq!(ids(ws.tasks_page(&t2, None, 10).await.unwrap()), ["70"]);
}

/// A user's task list is hidden or shown org-wide and per project, the last change winning.
async fn tasklist_visibility_keeps_the_last_change(store: Stores) {
    load(&store, "t1").await;
    let t1 = TenantKey::from("t1");
    let user = UserId::from("u1");
    let ws = &store.workspace;
    ws.set_tasklist_visibility(&t1, &user, Some("p2"), true, Millis(1))
        .await
        .unwrap();
    ws.set_tasklist_visibility(&t1, &user, None, true, Millis(2))
        .await
        .unwrap();
    ws.set_tasklist_visibility(&t1, &user, Some("p2"), false, Millis(3))
        .await
        .unwrap();
    assert_eq!(
        ws.tasklist_visibility(&t1, &user).await.unwrap(),
        vec![
            TasklistVisibility {
                project_id: None,
                hidden: true,
                changed_at: Millis(2),
            },
            TasklistVisibility {
                project_id: Some("p2".into()),
                hidden: false,
                changed_at: Millis(3),
            },
        ]
    );
    assert!(
        ws.tasklist_visibility(&TenantKey::from("t2"), &user)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        ws.set_tasklist_visibility(&TenantKey::from("gone"), &user, None, true, Millis(4))
            .await,
        Err(StoreError::OwnerGone(_))
    ));
}

openwork_platform::conformance!(
    setup: super::stores,
    schemas: &[&openwork_workspace::SCHEMA],
    scenarios: [
        declarations_match_the_schema,
        tasks_are_unique_by_source_within_their_tenant,
        tasks_are_paged_by_id_within_their_tenant,
        tasklist_visibility_keeps_the_last_change,
    ]
);
