//! What the access family needs from the directory and identity families and their shared
//! helpers (`crate::params`, `crate::ids::resource_id`, the directory and principal
//! lookups) until those land on main: the same signatures, so that switching is a change of
//! `use` lines only.

use std::sync::atomic::{AtomicU64, Ordering};

use cloudsso_model::PrincipalType;

use crate::error::Failure;
use crate::state::AccountState;

/// Directory `directory` exists, or `EntityNotExists.Directory`.
pub(crate) fn require_directory(state: &AccountState, directory: &str) -> Result<(), Failure> {
    directory_create_time(state, directory).map(|_| ())
}

/// When directory `directory` was created, or `EntityNotExists.Directory`.
pub(crate) fn directory_create_time(
    state: &AccountState,
    directory: &str,
) -> Result<String, Failure> {
    state
        .directory
        .directories
        .get(directory)
        .map(|d| d.create_time.clone())
        .ok_or_else(|| crate::service::directory_not_found(directory))
}

/// The name of principal `id` of `kind`, or `EntityNotExists.User` / `.Group` (the
/// emulator has no users or groups yet).
pub(crate) fn principal_name(
    state: &AccountState,
    directory: &str,
    kind: &PrincipalType,
    id: &str,
) -> Result<String, Failure> {
    principal_name_now(state, directory, kind.as_str(), id).ok_or_else(|| {
        let kind = if *kind == PrincipalType::Group {
            "Group"
        } else {
            "User"
        };
        super::not_found(
            kind,
            format!(
                "The specified {} does not exist: {kind}Id `{id}` is not known in directory \
                 `{directory}`.",
                kind.to_lowercase()
            ),
        )
    })
}

/// The current name of principal `id` of `kind`, if it exists.
pub(crate) fn principal_name_now(
    _state: &AccountState,
    _directory: &str,
    _kind: &str,
    _id: &str,
) -> Option<String> {
    None
}

/// Request parameter checks, as `crate::params` words them.
pub(crate) mod params {
    use acs_codec::RequestError;
    use acs_protocol::Operation;
    use cloudsso_model::DirectoryId;
    use http::StatusCode;

    use crate::error::Failure;

    /// The most characters of a value quoted back in an error message.
    const QUOTED_CHARS: usize = 80;

    /// A request field that may or may not be given: `Option<T>` for an optional
    /// parameter, `T` for one the API marks required (the codec refused its absence).
    pub(crate) trait Given<T> {
        /// The value, if given.
        fn given(&self) -> Option<&T>;
    }

    impl<T> Given<T> for T {
        fn given(&self) -> Option<&T> {
            Some(self)
        }
    }

    impl<T> Given<T> for Option<T> {
        fn given(&self) -> Option<&T> {
            self.as_ref()
        }
    }

    /// `Missing{Name}` for a parameter operation `O` needs.
    pub(crate) fn missing<O: Operation>(name: &'static str) -> Failure {
        Failure::from(RequestError::MissingParameter {
            action: O::DESCRIPTION.action,
            name,
        })
    }

    /// `Invalid{Name}`: parameter `name` is `value`, `expected` was.
    pub(crate) fn invalid(name: &str, value: &str, expected: &str) -> Failure {
        let mut quoted: String = value.chars().take(QUOTED_CHARS).collect();
        if value.chars().nth(QUOTED_CHARS).is_some() {
            quoted.push('…');
        }
        Failure::new(
            format!("Invalid{name}"),
            StatusCode::BAD_REQUEST,
            format!("parameter {name} is `{quoted}`; expected {expected}"),
        )
    }

    /// The `DirectoryId` a request of `O` must carry.
    pub(crate) fn directory<O: Operation>(id: &impl Given<DirectoryId>) -> Result<&str, Failure> {
        id.given()
            .map(DirectoryId::as_str)
            .ok_or_else(|| missing::<O>("DirectoryId"))
    }

    /// Text parameter `name` of `O` within its documented length, if given.
    pub(crate) fn text<'a, O: Operation>(
        name: &str,
        value: &'a impl Given<String>,
    ) -> Result<Option<&'a str>, Failure> {
        let Some(value) = value.given() else {
            return Ok(None);
        };
        if let Some(limits) = O::DESCRIPTION.parameter(name).map(|p| p.limits) {
            let length = u64::try_from(value.chars().count()).unwrap_or(u64::MAX);
            let too_short = limits.min_length.is_some_and(|min| length < min);
            let too_long = limits.max_length.is_some_and(|max| length > max);
            if too_short || too_long {
                let expected = match (limits.min_length, limits.max_length) {
                    (Some(min), Some(max)) => format!("{min} to {max} characters"),
                    (Some(min), None) => format!("at least {min} characters"),
                    (None, Some(max)) => format!("at most {max} characters"),
                    (None, None) => "a text".to_owned(),
                };
                return Err(invalid(name, value, &expected));
            }
        }
        Ok(Some(value.as_str()))
    }

    /// Text parameter `name` of `O` that must be present and non-empty.
    pub(crate) fn required_text<'a, O: Operation>(
        name: &'static str,
        value: &'a impl Given<String>,
    ) -> Result<&'a str, Failure> {
        match text::<O>(name, value)? {
            None => Err(missing::<O>(name)),
            Some("") => Err(invalid(name, "", "a non-empty value")),
            Some(value) => Ok(value),
        }
    }

    /// Integer parameter `name` of `O` within its documented range, if given.
    pub(crate) fn integer<O: Operation>(
        name: &str,
        value: Option<i64>,
    ) -> Result<Option<i64>, Failure> {
        let Some(value) = value else {
            return Ok(None);
        };
        if let Some(limits) = O::DESCRIPTION.parameter(name).map(|p| p.limits) {
            let low = limits.minimum.is_some_and(|min| value < min);
            let high = limits.maximum.is_some_and(|max| value > max);
            if low || high {
                let expected = match (limits.minimum, limits.maximum) {
                    (Some(min), Some(max)) => format!("an integer from {min} to {max}"),
                    (Some(min), None) => format!("an integer of at least {min}"),
                    (None, Some(max)) => format!("an integer of at most {max}"),
                    (None, None) => "an integer".to_owned(),
                };
                return Err(invalid(name, &value.to_string(), &expected));
            }
        }
        Ok(Some(value))
    }
}

/// Resource IDs, as `crate::ids::resource_id` makes them.
pub(crate) mod ids {
    use super::{AtomicU64, Ordering};

    const BASE36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

    /// The last time part handed out.
    static LAST_MILLIS: AtomicU64 = AtomicU64::new(0);

    /// `prefix` and 20 lower-case letters and digits: 9 of the time in milliseconds (base
    /// 36, strictly increasing in the process, so IDs sort in creation order), 11 random.
    pub(crate) fn resource_id(prefix: &str) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let previous = LAST_MILLIS
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
                Some(now.max(last.saturating_add(1)))
            })
            .unwrap_or(now);
        let mut millis = now.max(previous.saturating_add(1));
        let mut time = [b'0'; 9];
        for digit in time.iter_mut().rev() {
            *digit = BASE36[usize::try_from(millis % 36).unwrap_or(0)];
            millis /= 36;
        }
        let mut random = [0_u8; 11];
        if getrandom::fill(&mut random).is_err() {
            random = [7; 11];
        }
        let mut id = String::with_capacity(prefix.len() + 20);
        id.push_str(prefix);
        id.extend(time.iter().map(|&b| char::from(b)));
        id.extend(
            random
                .iter()
                .map(|&b| char::from(BASE36[usize::from(b) % BASE36.len()])),
        );
        id
    }
}
