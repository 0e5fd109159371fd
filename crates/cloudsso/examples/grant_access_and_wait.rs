//! Grants a user an access configuration on an account, and waits for the task to finish.
//!
//! `cargo run -p cloudsso --example grant_access_and_wait -- DIRECTORY_ID \
//!  ACCESS_CONFIGURATION_ID ACCOUNT_ID USER_ID` with the region and keys in the environment.

use std::time::Duration;

use cloudsso::types::PrincipalType;
use cloudsso::{WaitError, WaiterConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [directory, access_configuration, account, user] = args.as_slice() else {
        eprintln!(
            "usage: grant_access_and_wait DIRECTORY_ID ACCESS_CONFIGURATION_ID ACCOUNT_ID USER_ID"
        );
        std::process::exit(2);
    };
    let config = cloudsso::Config::from_env().load().await?;
    let client = cloudsso::Client::new(&config);
    let granted = client
        .create_access_assignment()
        .directory_id(directory)
        .access_configuration_id(access_configuration)
        .target_type("RD-Account")
        .target_id(account)
        .principal_type(PrincipalType::User)
        .principal_id(user)
        .send_and_wait(WaiterConfig::new(Duration::from_secs(300)))
        .await;
    match granted {
        Ok(response) => {
            let task = response.task.and_then(|t| t.task_id).unwrap_or_default();
            println!("granted (task {task})");
            Ok(())
        }
        Err(WaitError::Failed { what, reason }) => {
            eprintln!("{what} failed: {}", reason.unwrap_or_default());
            std::process::exit(1);
        }
        Err(other) => Err(other.into()),
    }
}
