//! Lists every user of a directory, page by page.
//!
//! `ALIBABA_CLOUD_REGION_ID=cn-shanghai ALIBABA_CLOUD_ACCESS_KEY_ID=... \
//!  ALIBABA_CLOUD_ACCESS_KEY_SECRET=... cargo run -p cloudsso --example list_users -- d-00fc2p61****`

use futures_util::TryStreamExt as _;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(directory_id) = std::env::args().nth(1) else {
        eprintln!("usage: list_users DIRECTORY_ID");
        std::process::exit(2);
    };
    let config = cloudsso::Config::from_env().load().await?;
    let client = cloudsso::Client::new(&config);
    let mut users = client
        .list_users()
        .directory_id(directory_id)
        .into_paginator()
        .page_size(100)
        .items()
        .send();
    while let Some(user) = users.try_next().await? {
        println!(
            "{}\t{}",
            user.user_id.as_deref().unwrap_or("-"),
            user.user_name.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
