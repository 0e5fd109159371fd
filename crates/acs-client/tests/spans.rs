//! The client's `tracing` spans, read off a subscriber layer. One test in this binary, with
//! the subscriber global: scoped subscribers in parallel tests share callsite interest and
//! would lose spans.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};

use acs_client::DisplayErrorContext;
use cloudsso_emulator::DEFAULT_DIRECTORY;
use cloudsso_model::{GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest};
use common::*;

fn get_status(directory: &str) -> GetMfaAuthenticationStatusRequest {
    GetMfaAuthenticationStatusRequest::builder()
        .directory_id(directory)
        .build()
        .unwrap()
}

#[test]
fn spans_show_operations_and_attempts() {
    use tracing_subscriber::layer::SubscriberExt as _;
    let log = SpanLog::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(log.clone()))
        .unwrap();
    each_attempt_with_status_and_request_id_and_no_secret(&log);
    a_burst_over_the_rate_limit_all_succeeds_with_retries(&log);
}

/// Every value recorded on the client's spans: (span name, field, value).
#[derive(Clone, Default)]
struct SpanLog(Arc<Mutex<Vec<(String, String, String)>>>);

struct Fields<'a>(&'a str, &'a SpanLog);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let value = format!("{value:?}").trim_matches('"').to_owned();
        self.1
            .0
            .lock()
            .unwrap()
            .push((self.0.to_owned(), field.name().to_owned(), value));
    }
}

impl<S> tracing_subscriber::Layer<S> for SpanLog
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attributes: &tracing::span::Attributes<'_>,
        _: &tracing::span::Id,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) {
        attributes.record(&mut Fields(attributes.metadata().name(), self));
    }

    fn on_record(
        &self,
        id: &tracing::span::Id,
        values: &tracing::span::Record<'_>,
        context: tracing_subscriber::layer::Context<'_, S>,
    ) {
        if let Some(span) = context.span(id) {
            values.record(&mut Fields(span.name(), self));
        }
    }
}

/// A 503 then the emulator: two attempt spans with their status and request ID.
fn each_attempt_with_status_and_request_id_and_no_secret(log: &SpanLog) {
    log.0.lock().unwrap().clear();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = emulator(0).await;
        let first = json_response(
            503,
            "Service Unavailable",
            "x-acs-request-id: R-503\r\n",
            r#"{"Code":"ServiceUnavailable","Message":"m"}"#,
        );
        let recorded = recording_proxy_to_with_first_answer(server.address(), first).await;
        let config = common::config(&format!("http://{}", recorded.address)).build();
        client(&config)
            .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
            .await
            .unwrap();
    });
    let log = log.0.lock().unwrap().clone();
    let values = |span: &str, field: &str| -> Vec<String> {
        log.iter()
            .filter(|(s, f, _)| s == span && f == field)
            .map(|(_, _, v)| v.clone())
            .collect()
    };
    assert_eq!(values("attempt", "attempt"), ["1", "2"]);
    assert_eq!(values("attempt", "status"), ["503", "200"]);
    let ids = values("attempt", "request_id");
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], "R-503");
    assert_eq!(
        values("operation", "action"),
        ["GetMFAAuthenticationStatus"]
    );
    assert_eq!(values("operation", "attempts"), ["2"]);
    assert_eq!(
        values("operation", "status").last().map(String::as_str),
        Some("200")
    );
    assert_eq!(values("operation", "latency_ms").len(), 1);
    assert!(
        log.iter().all(|(_, _, v)| !v.contains(KEY_SECRET)),
        "{log:?}"
    );
}

/// Twelve calls at once against five calls a second: all succeed, the retries show.
fn a_burst_over_the_rate_limit_all_succeeds_with_retries(log: &SpanLog) {
    log.0.lock().unwrap().clear();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // Five calls per second; twelve at once need three one-second windows.
        let server = emulator(5).await;
        let config = common::config(&format!("http://{}", server.address())).build();
        let client = client(&config);
        let calls = (0..12).map(|_| {
            let client = client.clone();
            async move {
                client
                    .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
                    .await
            }
        });
        let results = futures_join_all(calls).await;
        for result in &results {
            if let Err(error) = result {
                panic!("{}", DisplayErrorContext(error));
            }
        }
    });
    let attempts: Vec<u64> = log
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|(span, field, _)| span == "attempt" && field == "attempt")
        .map(|(_, _, value)| value.parse().unwrap())
        .collect();
    assert!(attempts.len() > 12, "{attempts:?}");
    assert!(attempts.contains(&2), "{attempts:?}");
    assert!(
        attempts.iter().all(|&a| (1..=3).contains(&a)),
        "{attempts:?}"
    );
}

/// Joins futures on the current task (no extra dependency).
async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    let futures: Vec<F> = futures.into_iter().collect();
    let count = futures.len();
    for (index, future) in futures.into_iter().enumerate() {
        set.spawn(async move { (index, future.await) });
    }
    let mut results: Vec<Option<F::Output>> = (0..count).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        let (index, output) = joined.unwrap();
        results[index] = Some(output);
    }
    results.into_iter().map(Option::unwrap).collect()
}
