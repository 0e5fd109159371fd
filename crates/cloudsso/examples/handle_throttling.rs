//! Throttling: retries are on by default (3 attempts, backoff with jitter, the service's own
//! wait honoured); a call still throttled after them says so with `is_throttling()`.
//!
//! Runs against the emulator in process with a limit of 2 calls per second, so that a burst
//! of 10 calls meets it: `cargo run -p cloudsso --example handle_throttling`.

use std::time::Duration;

use cloudsso::acs_client::acs_protocol::Credentials;
use cloudsso::acs_client::{HttpClient, RetryConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = cloudsso_emulator::Emulator::builder()
        .access_key("testid", "testsecret")
        .rate_limit(2)
        .build()?;
    let in_process = HttpClient::from_fn(move |request| {
        let response = emulator.handle(request).map(bytes::Bytes::from);
        async move { Ok(response) }
    });
    let config = cloudsso::Config::builder()
        .region("cn-shanghai")
        .credentials_provider(Credentials::new("testid", "testsecret"))
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .http_client(in_process)
        .build();
    let client = cloudsso::Client::new(&config);
    for call in 1..=10 {
        let answer = client
            .get_mfa_authentication_status()
            .directory_id(cloudsso_emulator::DEFAULT_DIRECTORY)
            .send()
            .await;
        match answer {
            Ok(_) => println!("call {call}: ok"),
            Err(error) if error.is_throttling() => {
                println!("call {call}: still throttled after retries; backing off");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}
