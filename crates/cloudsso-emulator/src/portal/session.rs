//! Browser sessions: a random ID in a `HttpOnly; SameSite=Strict` cookie, everything else
//! server-side (keyed by the ID's SHA-256); a CSRF token per session that every form
//! carries and every POST must return; a new ID once the user has signed in (no fixation).

use std::time::SystemTime;

use bytes::Bytes;
use http::HeaderValue;

use super::{DirectoryRef, SESSION_LIFETIME, UserRef, digest, random_token};
use crate::emulator::Emulator;

/// The session cookie's name.
pub(crate) const COOKIE: &str = "cloudsso_portal_session";

/// Where a browser is in signing in.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Not signed in.
    Anonymous,
    /// The password was right but must be changed first.
    ChangePassword(UserRef),
    /// MFA applies and no TOTP device is bound: bind this secret (`optional` when the
    /// directory lets the user skip, `OnlyRiskyLogin` with `Autonomous`).
    BindMfa {
        user: UserRef,
        secret: Vec<u8>,
        optional: bool,
    },
    /// MFA applies: a code of a bound device.
    VerifyMfa(UserRef),
    /// Signed in.
    SignedIn(UserRef),
}

impl std::fmt::Debug for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Anonymous => f.write_str("Anonymous"),
            Self::ChangePassword(u) => f.debug_tuple("ChangePassword").field(u).finish(),
            Self::BindMfa { user, optional, .. } => f
                .debug_struct("BindMfa")
                .field("user", user)
                .field("optional", optional)
                .finish_non_exhaustive(),
            Self::VerifyMfa(u) => f.debug_tuple("VerifyMfa").field(u).finish(),
            Self::SignedIn(u) => f.debug_tuple("SignedIn").field(u).finish(),
        }
    }
}

impl Stage {
    /// The user this stage is about, once the password was right.
    pub(crate) fn user(&self) -> Option<&UserRef> {
        match self {
            Self::Anonymous => None,
            Self::ChangePassword(u) | Self::VerifyMfa(u) | Self::SignedIn(u) => Some(u),
            Self::BindMfa { user, .. } => Some(user),
        }
    }
}

/// One browser's session.
#[derive(Clone)]
pub(crate) struct BrowserSession {
    pub(crate) csrf: String,
    pub(crate) expires_at: SystemTime,
    /// The directory being signed in to.
    pub(crate) directory: Option<DirectoryRef>,
    pub(crate) stage: Stage,
    /// A user code entered on the verification page, to approve once signed in.
    pub(crate) user_code: Option<String>,
}

impl std::fmt::Debug for BrowserSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowserSession")
            .field("directory", &self.directory)
            .field("stage", &self.stage)
            .finish_non_exhaustive()
    }
}

/// The session of a request: its ID (as the cookie carries it) and its state.
#[derive(Clone)]
pub(crate) struct Current {
    pub(crate) id: String,
    pub(crate) session: BrowserSession,
    /// Whether the cookie must be (re)set on the answer.
    pub(crate) new: bool,
}

impl std::fmt::Debug for Current {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The ID is the cookie's secret value: never shown.
        f.debug_struct("Current")
            .field("session", &self.session)
            .field("new", &self.new)
            .finish_non_exhaustive()
    }
}

/// The session cookie's value, if the request carries one.
fn cookie(request: &http::Request<Bytes>) -> Option<String> {
    request
        .headers()
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The request's live session, if any.
pub(crate) fn existing(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> Option<Current> {
    let id = cookie(request)?;
    let portal = emulator.inner().portal.lock();
    let session = portal
        .sessions
        .get(&digest(&id))
        .filter(|s| s.expires_at > now)?
        .clone();
    Some(Current {
        id,
        session,
        new: false,
    })
}

/// The request's session, or a new anonymous one.
pub(crate) fn current(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> Current {
    existing(emulator, request, now).unwrap_or_else(|| Current {
        id: random_token(43),
        session: BrowserSession {
            csrf: random_token(43),
            expires_at: now + SESSION_LIFETIME,
            directory: None,
            stage: Stage::Anonymous,
            user_code: None,
        },
        new: true,
    })
}

/// Stores `current` (a new session only while there is room).
pub(crate) fn save(emulator: &Emulator, current: &Current) {
    let mut portal = emulator.inner().portal.lock();
    let key = digest(&current.id);
    if current.new && !super::has_room(&portal.sessions) {
        return;
    }
    portal.sessions.insert(key, current.session.clone());
}

/// Gives `current` a new ID (after signing in), forgetting the old one.
pub(crate) fn rotate(emulator: &Emulator, current: &mut Current) {
    emulator
        .inner()
        .portal
        .lock()
        .sessions
        .remove(&digest(&current.id));
    current.id = random_token(43);
    current.session.csrf = random_token(43);
    current.new = true;
}

/// Forgets the session (signing out).
pub(crate) fn remove(emulator: &Emulator, current: &Current) {
    emulator
        .inner()
        .portal
        .lock()
        .sessions
        .remove(&digest(&current.id));
}

/// Sets the cookie on `response` when the session is new.
pub(crate) fn with_cookie(
    mut response: http::Response<Vec<u8>>,
    current: &Current,
) -> http::Response<Vec<u8>> {
    if current.new {
        let value = format!(
            "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
            current.id,
            SESSION_LIFETIME.as_secs()
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .append(http::header::SET_COOKIE, value);
        }
    }
    response
}

/// Whether `form`'s `csrf` field is the session's token (in constant time).
pub(crate) fn csrf_ok(current: &Current, form: &Form) -> bool {
    let given = form.get("csrf");
    !current.new
        && !given.is_empty()
        && bool::from(subtle::ConstantTimeEq::ct_eq(
            given.as_bytes(),
            current.session.csrf.as_bytes(),
        ))
}

/// A submitted form (`application/x-www-form-urlencoded`).
#[derive(Default)]
pub(crate) struct Form(Vec<(String, String)>);

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Forms carry passwords and codes: only their field names.
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

impl Form {
    /// The form of a request's body.
    pub(crate) fn parse(request: &http::Request<Bytes>) -> Self {
        Self(
            form_urlencoded::parse(request.body())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of field `name` ("" when absent).
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}
