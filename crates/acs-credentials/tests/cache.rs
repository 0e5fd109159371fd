//! The cache: one refresh in flight however many tasks ask, refresh before expiry, cached
//! credentials served while valid when a refresh fails, expired ones never.

mod common;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use acs_client::ProvideCredentials;
use acs_credentials::{TimeSource, UriCredentialsProvider};
use common::{Answer, in_an_hour, metadata_body, serve};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_tasks_cause_one_fetch() {
    let server = serve(|_| {
        Answer::ok(metadata_body("STS.one", in_an_hour())).delayed(Duration::from_millis(200))
    })
    .await;
    let provider = Arc::new(UriCredentialsProvider::new(
        format!("{}/creds", server.url()),
        common::http(),
    ));
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.provide_credentials().await })
        })
        .collect();
    for task in tasks {
        let credentials = task.await.unwrap().unwrap();
        assert_eq!(credentials.access_key_id(), "STS.one");
    }
    assert_eq!(
        server.count(),
        1,
        "one refresh in flight, whatever the number of callers"
    );
    // And the cached value is served afterwards without a request.
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.count(), 1);
}

/// A clock the test moves by hand.
fn manual_clock(start: SystemTime) -> (TimeSource, Arc<AtomicU64>) {
    let offset = Arc::new(AtomicU64::new(0));
    let o = offset.clone();
    (
        TimeSource::from_fn(move || start + Duration::from_secs(o.load(Ordering::SeqCst))),
        offset,
    )
}

#[tokio::test]
async fn credentials_are_refreshed_fifteen_minutes_before_they_expire() {
    let start = SystemTime::now();
    let expiration = start + Duration::from_secs(3600);
    let n = Arc::new(AtomicUsize::new(0));
    let n2 = n.clone();
    let server = serve(move |_| {
        let i = n2.fetch_add(1, Ordering::SeqCst);
        Answer::ok(metadata_body(
            &format!("STS.{i}"),
            expiration + Duration::from_secs(3600 * i as u64),
        ))
    })
    .await;
    let (clock, offset) = manual_clock(start);
    let provider =
        UriCredentialsProvider::new(server.url(), common::http()).with_time_source(clock);
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.0"
    );
    // 44 minutes later: still fresh.
    offset.store(44 * 60, Ordering::SeqCst);
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.0"
    );
    assert_eq!(server.count(), 1);
    // 45 minutes later: 15 minutes remain, refresh.
    offset.store(45 * 60, Ordering::SeqCst);
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.1"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn short_lived_credentials_are_not_refetched_on_every_call() {
    let start = SystemTime::now();
    // 900 s, the shortest STS duration: stale after half, not at once.
    let server =
        serve(move |_| Answer::ok(metadata_body("STS.short", start + Duration::from_secs(900))))
            .await;
    let (clock, offset) = manual_clock(start);
    let provider =
        UriCredentialsProvider::new(server.url(), common::http()).with_time_source(clock);
    provider.provide_credentials().await.unwrap();
    offset.store(449, Ordering::SeqCst);
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.count(), 1);
    offset.store(450, Ordering::SeqCst);
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_failed_refresh_serves_the_cached_credentials_while_valid_and_never_after() {
    let start = SystemTime::now();
    let expiration = start + Duration::from_secs(3600);
    let failing = Arc::new(Mutex::new(false));
    let f = failing.clone();
    let server = serve(move |_| {
        if *f.lock().unwrap() {
            Answer::status(500, r#"{"Code":"InternalError","Message":"down"}"#)
        } else {
            Answer::ok(metadata_body("STS.cached", expiration))
        }
    })
    .await;
    let (clock, offset) = manual_clock(start);
    let provider =
        UriCredentialsProvider::new(server.url(), common::http()).with_time_source(clock);
    provider.provide_credentials().await.unwrap();
    *failing.lock().unwrap() = true;
    // Stale but valid: the refresh fails, the cached credentials are served.
    offset.store(50 * 60, Ordering::SeqCst);
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.cached"
    );
    assert_eq!(server.count(), 2);
    // Right after, no new attempt (back-off) but still served.
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.count(), 2);
    // After the back-off, another attempt.
    offset.store(50 * 60 + 11, Ordering::SeqCst);
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.count(), 3);
    // Expired: the error, not the credentials.
    offset.store(3600, Ordering::SeqCst);
    let error = provider.provide_credentials().await.unwrap_err();
    let text = format!("{error} {:?}", error);
    assert!(
        text.contains("500") || text.contains("InternalError"),
        "{text}"
    );
    assert!(!text.contains("secret-of"), "{text}");
}

#[tokio::test]
async fn building_a_provider_sends_nothing() {
    let server = serve(|_| Answer::ok(metadata_body("STS.x", in_an_hour()))).await;
    let _provider = UriCredentialsProvider::new(server.url(), common::http());
    let env = common::env_with_home(
        std::path::Path::new("/nonexistent"),
        &[("ALIBABA_CLOUD_CREDENTIALS_URI", &server.url())],
    );
    let _chain = acs_credentials::CredentialsChain::default_chain(&env, &common::http());
    tokio::task::yield_now().await;
    assert_eq!(server.count(), 0);
}
