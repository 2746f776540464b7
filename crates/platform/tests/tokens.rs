//! Token lifetimes, on an injected real clock instead of waiting (docs/semantics.md, "Tokens and
//! limits").

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use openwork_platform::clock::{Millis, RealClock};
use openwork_platform::db::testing::{directory_yaml, sqlite_memory, write_directory};
use openwork_platform::{Error, Platform};

/// Real time that moves only when told.
struct ManualClock(AtomicI64);

impl ManualClock {
    fn advance_seconds(&self, seconds: i64) {
        self.0.fetch_add(seconds * 1000, Ordering::SeqCst);
    }
}

impl RealClock for ManualClock {
    fn now(&self) -> Millis {
        Millis(self.0.load(Ordering::SeqCst))
    }
}

/// VENDOR: the same tenant token comes back while at least 30 minutes of its 2 hours remain,
/// a new one after; both stay valid until they expire.
#[tokio::test]
async fn a_tenant_token_is_reused_while_half_an_hour_remains_and_valid_until_it_expires() {
    let db = sqlite_memory(&[]).await;
    write_directory(&db, &directory_yaml("t1", "cli_1", &["u1"]))
        .await
        .unwrap();
    let clock = Arc::new(ManualClock(AtomicI64::new(1_717_207_200_000)));
    let platform = Platform::open_with_clock(&db, clock.clone()).await.unwrap();
    let issue = || platform.issue_tenant_token("cli_1", "s");

    let first = issue().await.unwrap();
    assert_eq!(first.expires_in, 7200);
    clock.advance_seconds(5399);
    let again = issue().await.unwrap();
    assert_eq!(
        (again.token.as_str(), again.expires_in),
        (first.token.as_str(), 1801)
    );

    clock.advance_seconds(2);
    let renewed = issue().await.unwrap();
    assert_ne!(renewed.token, first.token, "less than 30 minutes remained");
    assert_eq!(renewed.expires_in, 7200);
    assert!(platform.authenticate(&first.token).await.is_ok());

    clock.advance_seconds(1800);
    assert!(matches!(
        platform.authenticate(&first.token).await,
        Err(Error::InvalidToken { .. })
    ));
    assert!(platform.authenticate(&renewed.token).await.is_ok());
}

/// Two replicas on one database hand out the same tenant token: when it is renewed on one, and
/// when the tenant was deleted and written again through the other (which forgets its issues),
/// although each remembers the token it handed out last.
#[tokio::test]
async fn replicas_hand_out_the_same_tenant_token() {
    let db = sqlite_memory(&[]).await;
    let directory = directory_yaml("t1", "cli_1", &["u1"]);
    write_directory(&db, &directory).await.unwrap();
    let clock = Arc::new(ManualClock(AtomicI64::new(1_717_207_200_000)));
    let a = Platform::open_with_clock(&db, clock.clone()).await.unwrap();
    let b = Platform::open_with_clock(&db, clock.clone()).await.unwrap();
    let token = |replica: &Platform| {
        let replica = replica.clone();
        async move {
            replica
                .issue_tenant_token("cli_1", "s")
                .await
                .unwrap()
                .token
        }
    };

    let first = token(&a).await;
    assert_eq!(token(&b).await, first);

    clock.advance_seconds(5401);
    let renewed = token(&b).await;
    assert_ne!(renewed, first, "less than 30 minutes remained");
    assert_eq!(token(&a).await, renewed);

    b.delete_tenant(&"t1".into()).await.unwrap();
    write_directory(&db, &directory).await.unwrap();
    clock.advance_seconds(1);
    let after_reload = token(&b).await;
    assert_ne!(after_reload, renewed, "the deletion forgot the issue");
    assert_eq!(token(&a).await, after_reload);
}
