//! The `cloudsso` command line: call, sign, decode and serve Alibaba Cloud CloudSSO (API
//! version `2021-05-15`), and a demo of the whole stack.
//!
//! The binary is a thin wrapper over [`run`]; everything is here so that it can be tested.
//!
//! - `call ACTION [--Param value]...`: sign, send, decode, print as JSON.
//! - `sign ACTION [--Param value]...`: print the signed request (`--output http|json|curl`).
//! - `decode ACTION`: decode a response body from stdin.
//! - `schema [ACTION]`: the schema reference: every parameter and response field by its wire
//!   name, nested members included, with type, location, style, required-ness, allowed values
//!   and limits ([`mod@reference`]), and the JSON Schemas (`--output json|text`).
//! - `serve`: the emulator ([`cloudsso_emulator`]).
//! - `demo`: the documented examples end to end against an in-process emulator.
//! - `login --profile NAME`: CloudSSO sign-in (device authorization with PKCE at the user
//!   portal), saved as an aliyun CLI profile in mode `CloudSSO` ([`commands::login`]).
//!
//! Operation parameters are given as the aliyun CLI takes them ([`parameters`]): scalars by
//! wire name (`--DirectoryId d-00fc2p61****`), lists and objects flattened
//! (`--Tags.1.Key k --Tags.1.Value v`), and parameters that travel as JSON text as one flag
//! holding it (`--AllowedVerificationTypes '["TOTP","WebAuthn"]'`). Names are checked against
//! the operation's description, then the codec decodes them as a server would and encodes the
//! typed request; nothing given is silently left out.
//!
//! Exit codes: 0 success, 1 a service error (or no answer), 2 a usage or input error, with a
//! message that names the flag.
//!
//! **Transport.** `call` sends through [`acs_client`]: each attempt signed afresh, retries
//! with backoff for throttling, server errors, connection failures and timeouts
//! (`--max-attempts`), a read timeout per attempt (`--timeout`), pooled connections, and the
//! proxies of `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (`CONNECT` for `https://`).
//!
//! **TLS.** `call` speaks HTTP/1.1, over TLS for `https://` endpoints (the
//! default `https://cloudsso.<region>.aliyuncs.com` is one): rustls with the ring crypto
//! provider, checking the server's certificate against Mozilla's roots
//! compiled in (webpki-roots), or against the certificates of `--ca-bundle FILE` (without it,
//! of the file `SSL_CERT_FILE` names) instead (a corporate proxy's CA, a test server's
//! certificate). SNI is the endpoint's host, ALPN
//! offers `http/1.1` only. A certificate that does not verify, or a failed handshake, exits 1
//! naming the endpoint and rustls's reason. Why these: pure Rust apart from ring's C and
//! assembly, which any C compiler builds, so no system OpenSSL, no cmake (aws-lc-rs, rustls's
//! default provider, needs it) and no dependence on the machine's certificate store: the
//! binary trusts the same roots wherever it runs. `http://` endpoints (the emulator, a local
//! proxy) are plain HTTP.

/// `println!` that never panics: a closed stdout (`| head`) is ignored.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod cli;
pub mod commands;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod operation;
pub mod parameters;
pub mod params;
pub mod reference;
pub mod render;
pub mod signing;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};
use crate::credentials::Environment;
use crate::error::CliError;

/// Runs the command line `args` (program name first) in `env`; returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>, env: &Environment) -> ExitCode {
    let split = match params::split(args) {
        Ok(split) => split,
        Err(error) => return report(&error),
    };
    let cli = match Cli::try_parse_from(split.args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let takes_params = matches!(cli.command, Command::Call(_) | Command::Sign(_));
    if !takes_params && let Some((name, _)) = split.params.first() {
        return report(&CliError::usage(
            format!("--{name}"),
            "operation parameters are taken by call and sign only",
        ));
    }
    if let Command::Serve(_) = cli.command {
        init_logging();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return report(&CliError::Transport(format!("cannot start tokio: {error}"))),
    };
    let result = runtime.block_on(async {
        match &cli.command {
            Command::Call(args) => commands::call::run(args, &split.params, env).await,
            Command::Sign(args) => commands::sign::run(args, &split.params, env).await,
            Command::Decode(args) => commands::decode::run(args, &mut std::io::stdin().lock()),
            Command::Schema(args) => commands::schema::run(args),
            Command::Serve(args) => commands::serve::run(args).await,
            Command::Demo(args) => commands::demo::run(args).await,
            Command::Login(args) => commands::login::run(args, env).await,
            Command::Credentials(args) => commands::credentials::run(args, env).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(&error),
    }
}

/// Prints `error` on stderr and gives its exit code.
fn report(error: &CliError) -> ExitCode {
    match error {
        CliError::Service(service) => {
            errln!(
                "error: {}: {}\n  RequestId: {}\n  HTTP status: {}",
                service.code(),
                service.message(),
                service.request_id().unwrap_or("-"),
                service.status().as_u16()
            );
        }
        other => errln!("error: {other}"),
    }
    error.exit_code()
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
