//! What the access family reads of the directory and identity families: the directory and
//! principal lookups.

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
        .ok_or_else(|| crate::directory::directory_not_found(directory))
}

/// The name of principal `id` of `kind`, or `EntityNotExists.User` / `.Group`.
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
    state: &AccountState,
    directory: &str,
    kind: &str,
    id: &str,
) -> Option<String> {
    if kind == PrincipalType::Group.as_str() {
        state
            .identity
            .group(directory, id)
            .map(|g| g.group_name.clone())
    } else {
        state
            .identity
            .user(directory, id)
            .map(|u| u.user_name.clone())
    }
}
