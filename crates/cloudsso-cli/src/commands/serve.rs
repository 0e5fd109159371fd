//! `cloudsso serve`: the emulator on a TCP listener until SIGINT or SIGTERM.

use std::io::Write as _;

use cloudsso_emulator::{Emulator, EmulatorBuilder};

use crate::cli::ServeArgs;
use crate::error::CliError;

/// The access key used when none is given; refused beyond loopback.
pub const DEFAULT_ACCESS_KEY: (&str, &str) = ("testid", "testsecret");

/// Runs `serve`.
pub async fn run(args: &ServeArgs) -> Result<(), CliError> {
    let mut builder = Emulator::builder();
    if args.access_keys.is_empty() {
        if !args.listen.ip().is_loopback() {
            return Err(CliError::usage(
                "--listen",
                format!(
                    "{} is beyond loopback, and the only access key is the default test key \
                     {}; pass --access-key ID:SECRET",
                    args.listen, DEFAULT_ACCESS_KEY.0
                ),
            ));
        }
        builder = builder.access_key(DEFAULT_ACCESS_KEY.0, DEFAULT_ACCESS_KEY.1);
    }
    for (index, value) in args.access_keys.iter().enumerate() {
        // Never echo the value: it holds a secret.
        let (id, secret, account) = access_key(value).ok_or_else(|| {
            CliError::usage(
                "--access-key",
                format!(
                    "value number {} is not ID:SECRET or ID:SECRET:ACCOUNT (the value is not \
                     shown)",
                    index + 1
                ),
            )
        })?;
        builder = match account {
            Some(account) => builder.account_access_key(id, secret, account),
            None => builder.access_key(id, secret),
        };
    }
    for directory in &args.directories {
        builder = builder.directory(directory.as_str());
    }
    for account in &args.member_accounts {
        builder = builder.member_account(account.as_str());
    }
    if let Some(state) = &args.state {
        builder = builder.state_file(state);
    }
    if let Some(seed) = &args.seed {
        let text = std::fs::read(seed).map_err(|e| {
            CliError::usage("--seed", format!("cannot read {}: {e}", seed.display()))
        })?;
        let document = serde_json::from_slice(&text).map_err(|e| {
            CliError::usage("--seed", format!("{} is not JSON: {e}", seed.display()))
        })?;
        builder = builder.seed(document);
    }
    for role in &args.roles {
        builder = builder.role(role.clone());
    }
    for value in &args.oidc_providers {
        let provider = cloudsso_emulator::OidcProvider::from_flag(value)
            .map_err(|e| CliError::usage("--oidc-provider", e.to_string()))?;
        builder = builder.oidc_provider(provider);
    }
    /// A quota flag sets the builder's quota only when given.
    type SetQuota = fn(EmulatorBuilder, u64) -> EmulatorBuilder;
    let quotas: [(Option<u64>, SetQuota); 6] = [
        (args.directory_quota, EmulatorBuilder::directory_quota),
        (args.user_quota, EmulatorBuilder::user_quota),
        (args.group_quota, EmulatorBuilder::group_quota),
        (
            args.access_configuration_quota,
            EmulatorBuilder::access_configuration_quota,
        ),
        (
            args.system_policy_quota,
            EmulatorBuilder::system_policy_quota,
        ),
        (
            args.inline_policy_quota,
            EmulatorBuilder::inline_policy_quota,
        ),
    ];
    for (quota, set) in quotas {
        if let Some(quota) = quota {
            builder = set(builder, quota);
        }
    }
    let emulator = builder
        .rate_limit(args.rate_limit)
        .global_rate_limit(args.global_rate_limit)
        .task_transition(args.task_transition)
        .build()
        .map_err(|e| CliError::usage(flag_of(&e), e.to_string()))?;

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| {
            CliError::usage("--listen", format!("cannot listen on {}: {e}", args.listen))
        })?;
    let address = listener
        .local_addr()
        .map_err(|e| CliError::usage("--listen", e.to_string()))?;
    let shutdown = shutdown_signal();
    tracing::info!(%address, accounts = ?emulator.accounts(), state = ?emulator.state_path(), rate_limit = args.rate_limit, global_rate_limit = args.global_rate_limit, task_transition = %args.task_transition, "emulator ready");
    out!("listening on http://{address}");
    let _ = std::io::stdout().flush();
    emulator
        .serve(listener, shutdown)
        .await
        .map_err(|e| CliError::Transport(format!("serving failed: {e}")))?;
    tracing::info!("stopped");
    Ok(())
}

/// `ID:SECRET` or `ID:SECRET:ACCOUNT` (the last part 16 digits), each part non-empty.
fn access_key(value: &str) -> Option<(&str, &str, Option<&str>)> {
    let (id, rest) = value.split_once(':')?;
    let (secret, account) = match rest.rsplit_once(':') {
        Some((secret, account))
            if account.len() == 16 && account.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (secret, Some(account))
        }
        _ => (rest, None),
    };
    (!id.is_empty() && !secret.is_empty()).then_some((id, secret, account))
}

fn flag_of(error: &cloudsso_emulator::BuildError) -> &'static str {
    match error {
        cloudsso_emulator::BuildError::InvalidDirectoryId { .. } => "--directory",
        cloudsso_emulator::BuildError::InvalidAccountId { .. } => "--member-account",
        cloudsso_emulator::BuildError::Seed { .. } => "--seed",
        cloudsso_emulator::BuildError::State(_) => "--state",
        cloudsso_emulator::BuildError::Sts(_) => "--oidc-provider",
        _ => "--access-key",
    }
}

/// A future that completes on SIGINT or SIGTERM. The handlers are installed here, before the
/// address is printed: a signal sent as soon as `listening on` is read must not find the
/// default action (terminating the process) still in place.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            let wait = |signal: std::io::Result<tokio::signal::unix::Signal>| async move {
                match signal {
                    Ok(mut signal) => {
                        signal.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => tracing::info!("SIGINT received"),
                () = wait(terminate) => tracing::info!("SIGTERM received"),
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("Ctrl-C received");
    }
}
