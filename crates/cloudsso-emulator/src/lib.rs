//! A local Alibaba Cloud CloudSSO (API version `2021-05-15`) for tests and tools.
//!
//! The emulator serves all 87 operations of the API with the service's semantics
//! ([`Emulator::implemented_actions`]), organised as moto organises a service: a module per
//! resource family (`directory`, `identity`, `access`) over one state layer of journaled
//! tables, kept per account. An action outside the API answers `InvalidAction.NotFound`
//! (404). It refuses bad requests the way the service does:
//!
//! - every request is verified with [`acs_signer::verify`] (V3 `ACS3-*` and V2 `HMAC-SHA1`,
//!   the 15-minute time window, nonce replay) against the configured access keys;
//! - every failure is the documented code and HTTP status in the format the client asked for
//!   (`Format` parameter, then `Accept`, then XML), with a fresh `RequestId` and a `HostId`;
//!   no input yields a 5xx (but a state file that cannot be written: `ServiceUnavailable`);
//! - every access key belongs to an account, and the state is kept per account: one
//!   account's key never sees or changes another's;
//! - calls over the rate limits (per second and operation: per account, `Throttling.User`;
//!   across all accounts, `Throttling.Api`) carry an `x-ratelimit-user-api` header giving
//!   the time left;
//! - with a state file, the state is a SQLite database: every acknowledged change is
//!   committed first (one transaction per request, only the changed rows), and a file that
//!   is not ours is refused at start and left untouched;
//! - STS 2015-04-01 on the same listener, routed by version (`src/sts/`): `AssumeRole` for
//!   configured ([`RamRole`]) or own-account roles, the anonymous `AssumeRoleWithOIDC`
//!   checking RS256 ID tokens of configured providers ([`OidcProvider`]), and
//!   `GetCallerIdentity`; the temporary credentials it issues are accepted, with their
//!   security token and until they expire, acting for the role's account;
//! - an admin interface under [`ADMIN_PATH`] (reset, dump, seed, task transition), from
//!   loopback clients and from the library ([`Emulator::reset`], [`Emulator::dump`],
//!   [`Emulator::load_seed`], [`Emulator::set_task_transition`]);
//! - the CloudSSO user portal on every other path ([`Emulator::handle_portal`]): the
//!   device-authorization sign-in with PKCE, the listings and `/cloud-credentials` of
//!   `cloudsso login` and the aliyun CLI, and HTML sign-in pages at `/<DirectoryName>/login`
//!   and `/device/code` that enforce the directory's password, login and MFA settings (see
//!   the README's section on the user portal);
//! - one `tracing` line per request: action, access key ID, status, outcome, latency. No
//!   secret is ever logged.
//!
//! [`Emulator::handle`] answers one `http::Request<Bytes>` in-process (for tests and
//! benches); [`Emulator::serve`] serves HTTP/1.1 on a tokio listener until a shutdown future
//! completes; [`Emulator::serve_loopback`] serves on a loopback port in a task (for tests,
//! demos and load generators).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use cloudsso_emulator::Emulator;
//!
//! let emulator = Emulator::builder()
//!     .access_key("testid", "testsecret")
//!     .directory("d-00fc2p61****")
//!     .state_file("state.db")
//!     .rate_limit(100)
//!     .build()?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! emulator.serve(listener, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```

mod access;
mod admin;
mod directory;
mod emulator;
mod error;
mod identity;
mod ids;
mod pagination;
mod params;
mod portal;
mod server;
mod service;
mod settings;
mod state;
mod sts;
mod throttle;
mod wire;

pub use admin::{
    ADMIN_PATH, AdminError, DUMP_FORMAT, DUMP_VERSION, MAX_ADMIN_BODY_BYTES, REDACTED_SECRET,
};
pub use directory::DirectoryState;
pub use emulator::{
    DEFAULT_ACCOUNT, DEFAULT_DIRECTORY, DEFAULT_DIRECTORY_QUOTA, DEFAULT_GLOBAL_RATE_LIMIT,
    DEFAULT_HOST_ID, DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT, DEFAULT_REGION, Emulator,
    EmulatorBuilder, RATE_LIMIT_HEADER, REQUEST_ID_HEADER,
};
pub use error::{BuildError, StateError};
pub use portal::{
    ACCESS_TOKEN_LIFETIME, DEFAULT_POLL_INTERVAL, DEVICE_CODE_LIFETIME, SESSION_LIFETIME,
};
pub use server::LoopbackServer;
pub use settings::{TaskTransition, TaskTransitionError};
pub use sts::config::{OidcProvider, RamRole, StsConfigError};
pub use throttle::RateLimitStatus;

/// The `format` marker of a state database's `meta` table.
pub const STATE_FORMAT: &str = state::STATE_MARKER;
/// The schema version of the state database this build writes.
pub const STATE_SCHEMA_VERSION: u32 = state::SCHEMA_VERSION;
