//! The admin interface for test harnesses: reset, dump, seed and the task transition, from
//! the library ([`Emulator::reset`] and friends) and over HTTP under [`ADMIN_PATH`] on the
//! API's own listener.
//!
//! | request | does |
//! | --- | --- |
//! | `POST /_emulator/reset` | every account back to its initial state (configured directories, then the seed) |
//! | `GET /_emulator/state` | the state as a dump document, secrets redacted (`?include-secrets=true`: as stored) |
//! | `POST /_emulator/seed` | loads a dump document over the state (rows with the same key replaced) |
//! | `GET /_emulator/task-transition` | `{"TaskTransition":"reads:1"}` |
//! | `PUT /_emulator/task-transition` | sets it: `{"TaskTransition":"immediate"}`, `"reads:N"` or `"seconds:S"` |
//!
//! Over HTTP it answers only requests from a loopback address (the emulator's own machine);
//! others get `403 Forbidden.Admin`. Answers are JSON; errors `{"Code","Message"}`.
//!
//! The dump (and seed) document is every account's tables:
//! `{"format":"cloudsso-emulator-dump","version":1,"accounts":{"1234567890123456":
//! {"directories":{"d-1":{"DirectoryName":"one",...}}}}}`: each table by its SQLite name,
//! each row by its key, as the `sqlite3` shell shows them.

use std::collections::BTreeMap;
use std::sync::Arc;

use http::{Method, StatusCode};

use crate::emulator::Emulator;
use crate::settings::TaskTransition;
use crate::state::InitError;

/// The path prefix the admin interface answers under; no API request uses it.
pub const ADMIN_PATH: &str = "/_emulator/";
/// The `format` of a dump document.
pub const DUMP_FORMAT: &str = "cloudsso-emulator-dump";
/// The version of the dump document this build writes and reads.
pub const DUMP_VERSION: u32 = 1;
/// What a dump shows instead of a secret ([`Emulator::dump`]); a seed carrying it loads the
/// row without that secret.
pub const REDACTED_SECRET: &str = crate::state::REDACTED;
/// The largest admin request body (a seed document): 64 MiB.
pub const MAX_ADMIN_BODY_BYTES: usize = 64 * 1024 * 1024;

/// A dump or seed document, read.
#[derive(Debug, Clone)]
pub(crate) struct Dump {
    /// Account to table to key to row.
    pub(crate) accounts: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}

impl Dump {
    /// Reads a dump document: `format` (if given) must be [`DUMP_FORMAT`], `version` (if
    /// given) at most [`DUMP_VERSION`]; `accounts` maps 16-digit IDs to tables.
    pub(crate) fn from_json(document: serde_json::Value) -> Result<Self, String> {
        let serde_json::Value::Object(mut document) = document else {
            return Err("the seed document is not a JSON object".to_owned());
        };
        if let Some(format) = document.get("format")
            && format.as_str() != Some(DUMP_FORMAT)
        {
            return Err(format!(
                "the seed document's format is {format}; expected \"{DUMP_FORMAT}\""
            ));
        }
        if let Some(version) = document.get("version")
            && !version
                .as_u64()
                .is_some_and(|v| v >= 1 && v <= u64::from(DUMP_VERSION))
        {
            return Err(format!(
                "the seed document's version is {version}; expected 1 to {DUMP_VERSION}"
            ));
        }
        let accounts = match document.remove("accounts") {
            Some(serde_json::Value::Object(accounts)) => accounts,
            _ => {
                return Err(
                    "the seed document has no `accounts` object (account ID to tables)".to_owned(),
                );
            }
        };
        let mut out = BTreeMap::new();
        for (account, tables) in accounts {
            if !crate::settings::is_account_id(&account) {
                return Err(format!(
                    "account `{account}` of the seed document is not a 16-digit account ID"
                ));
            }
            let serde_json::Value::Object(tables) = tables else {
                return Err(format!(
                    "account {account} of the seed document is not an object of tables"
                ));
            };
            out.insert(account, tables);
        }
        Ok(Self { accounts: out })
    }
}

/// Why an admin call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// The seed document does not fit the emulator's tables.
    #[error("the seed document is refused: {reason}")]
    InvalidSeed {
        /// Why.
        reason: String,
    },
    /// The change could not be persisted; nothing changed.
    #[error("the state could not be persisted: {reason}")]
    State {
        /// Why.
        reason: String,
    },
}

impl From<InitError> for AdminError {
    fn from(error: InitError) -> Self {
        match error {
            InitError::Invalid(reason) => Self::InvalidSeed { reason },
            InitError::State(error) => Self::State {
                reason: error.to_string(),
            },
        }
    }
}

impl Emulator {
    /// Brings every account back to its initial state: everything removed, then the
    /// configured directories (or the documented one) for each account of a key, then the
    /// seed given at build. One transaction.
    pub fn reset(&self) -> Result<(), AdminError> {
        // The user portal's sign-ins, tokens and sessions go with the state they refer to.
        self.inner().portal.clear();
        self.initialize(true, true).map_err(AdminError::from)
    }

    /// The state as a dump document (every account's non-empty tables), which
    /// [`load_seed`](Self::load_seed) and [`EmulatorBuilder::seed`](crate::EmulatorBuilder::seed) read.
    /// Every secret (password hashes, MFA device seeds, SCIM credential hashes, temporary
    /// credentials' secrets) is shown as [`REDACTED_SECRET`]; a seed carrying that marker
    /// loads the row without its secret (a user without a password, a device or credential
    /// that nothing matches). [`dump_including_secrets`](Self::dump_including_secrets) keeps
    /// them.
    pub fn dump(&self) -> Result<serde_json::Value, AdminError> {
        self.dump_document(false)
    }

    /// The state as a dump document with every secret as stored (hashes and seeds, never a
    /// plain-text password), so that a dump → seed round trip keeps passwords, MFA devices
    /// and credentials working. For a harness that needs exactly that; keep such a document
    /// as private as the state file.
    pub fn dump_including_secrets(&self) -> Result<serde_json::Value, AdminError> {
        self.dump_document(true)
    }

    fn dump_document(&self, include_secrets: bool) -> Result<serde_json::Value, AdminError> {
        let accounts = self
            .inner()
            .store
            .dump(include_secrets)
            .map_err(|reason| AdminError::State { reason })?;
        Ok(serde_json::json!({
            "format": DUMP_FORMAT,
            "version": DUMP_VERSION,
            "secrets": if include_secrets { "included" } else { "redacted" },
            "accounts": accounts,
        }))
    }

    /// Loads a seed document over the state, in one transaction: each row replaces the row
    /// with the same key, other rows are kept. A table or row that does not fit refuses the
    /// whole document, naming it.
    pub fn load_seed(&self, document: serde_json::Value) -> Result<(), AdminError> {
        let dump =
            Dump::from_json(document).map_err(|reason| AdminError::InvalidSeed { reason })?;
        self.inner().store.load(&dump.accounts)?;
        Ok(())
    }

    /// When tasks of the asynchronous operations finish, from now on.
    pub fn set_task_transition(&self, transition: TaskTransition) {
        let mut settings = match self.inner().settings.write() {
            Ok(settings) => settings,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut next = (**settings).clone();
        next.task_transition = transition;
        *settings = Arc::new(next);
    }

    /// When tasks of the asynchronous operations finish.
    pub fn task_transition(&self) -> TaskTransition {
        self.settings().task_transition
    }

    /// Answers an admin request (path under [`ADMIN_PATH`]); `trusted` is whether it comes
    /// from the emulator's machine (or the library).
    pub(crate) fn handle_admin(
        &self,
        request: &http::Request<bytes::Bytes>,
        trusted: bool,
    ) -> http::Response<Vec<u8>> {
        if !trusted {
            return answer(
                StatusCode::FORBIDDEN,
                error_body(
                    "Forbidden.Admin",
                    "the admin interface answers only requests from a loopback address",
                ),
            );
        }
        let path = request.uri().path();
        let name = path.strip_prefix(ADMIN_PATH).unwrap_or(path);
        let method = request.method();
        let result = match (name, method) {
            ("reset", &Method::POST) => self.reset().map(|()| serde_json::json!({"Reset": true})),
            ("state", &Method::GET) => match request.uri().query() {
                None | Some("" | "include-secrets=false") => self.dump(),
                Some("include-secrets=true") => self.dump_including_secrets(),
                Some(other) => {
                    return answer(
                        StatusCode::BAD_REQUEST,
                        error_body(
                            "InvalidParameter.Query",
                            &format!(
                                "the query `{}` is not understood; expected nothing or \
                                 include-secrets=true",
                                other.chars().take(128).collect::<String>()
                            ),
                        ),
                    );
                }
            },
            ("seed", &Method::POST) => match serde_json::from_slice(request.body()) {
                Ok(document) => self
                    .load_seed(document)
                    .map(|()| serde_json::json!({"Loaded": true})),
                Err(e) => Err(AdminError::InvalidSeed {
                    reason: format!("the body is not JSON: {e}"),
                }),
            },
            ("task-transition", &Method::GET) => Ok(transition_body(self.task_transition())),
            ("task-transition", &Method::PUT | &Method::POST) => {
                let parsed: Result<TaskTransition, String> = serde_json::from_slice::<
                    serde_json::Value,
                >(request.body())
                .map_err(|e| format!("the body is not JSON: {e}"))
                .and_then(|body| {
                    body.get("TaskTransition")
                        .and_then(serde_json::Value::as_str)
                        .ok_or_else(|| "the body has no string `TaskTransition`".to_owned())?
                        .parse()
                        .map_err(|e: crate::settings::TaskTransitionError| e.to_string())
                });
                match parsed {
                    Ok(transition) => {
                        self.set_task_transition(transition);
                        Ok(transition_body(transition))
                    }
                    Err(message) => {
                        return answer(
                            StatusCode::BAD_REQUEST,
                            error_body("InvalidParameter.TaskTransition", &message),
                        );
                    }
                }
            }
            ("reset" | "state" | "seed" | "task-transition", _) => {
                return answer(
                    StatusCode::METHOD_NOT_ALLOWED,
                    error_body(
                        "UnsupportedHTTPMethod",
                        &format!("{method} is not supported by {path}"),
                    ),
                );
            }
            _ => {
                return answer(
                    StatusCode::NOT_FOUND,
                    error_body(
                        "InvalidApi.NotFound",
                        &format!(
                            "{path} is not an admin endpoint; expected {ADMIN_PATH}reset, \
                             state, seed or task-transition"
                        ),
                    ),
                );
            }
        };
        match result {
            Ok(body) => answer(StatusCode::OK, body),
            Err(error @ AdminError::InvalidSeed { .. }) => answer(
                StatusCode::BAD_REQUEST,
                error_body("InvalidParameter.Seed", &error.to_string()),
            ),
            Err(error) => answer(
                StatusCode::SERVICE_UNAVAILABLE,
                error_body("ServiceUnavailable", &error.to_string()),
            ),
        }
    }
}

fn transition_body(transition: TaskTransition) -> serde_json::Value {
    serde_json::json!({ "TaskTransition": transition.to_string() })
}

fn error_body(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "Code": code, "Message": message })
}

fn answer(status: StatusCode, body: serde_json::Value) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.to_string().into_bytes());
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_from_beyond_loopback_is_forbidden() {
        let emulator = Emulator::builder()
            .access_key("testid", "testsecret")
            .build()
            .unwrap();
        let request = http::Request::post("http://localhost/_emulator/reset")
            .body(bytes::Bytes::new())
            .unwrap();
        let response = emulator.handle_admin(&request, false);
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(body["Code"], "Forbidden.Admin");
        assert_eq!(
            emulator.handle_admin(&request, true).status(),
            StatusCode::OK
        );
    }
}
