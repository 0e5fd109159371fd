//! What a user was granted, and the two listings of it (portal.md §3): a user sees exactly
//! the (account, access configuration) pairs that access assignments grant to the user or
//! to a group the user is in, in ID order, paged by `MaxResults` (1 to 100, default 100)
//! and an opaque `NextToken`. An account's `DisplayName` is its ID (the emulator knows no
//! account names).

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use bytes::Bytes;

use cloudsso_model::PrincipalType;

use super::UserRef;
use super::api::{self, ApiError};
use crate::emulator::Emulator;
use crate::state::AccountState;

/// The most items of one page, and the default.
const MAX_RESULTS: usize = 100;

/// Account ID to the IDs of the access configurations granted there.
pub(crate) type Grants = BTreeMap<String, BTreeSet<String>>;

/// The pairs granted to user `user` of `directory`, directly or through its groups.
pub(crate) fn grants(state: &AccountState, directory: &str, user: &str) -> Grants {
    let groups = state.identity.groups_of(directory, user);
    let mut out = Grants::new();
    for (_, assignment) in state
        .access
        .assignments
        .prefix(&crate::access::prefix(directory))
    {
        let principal = assignment.principal_type.as_str();
        let granted = if principal == PrincipalType::User.as_str() {
            assignment.principal_id == user
        } else if principal == PrincipalType::Group.as_str() {
            groups.contains(&assignment.principal_id)
        } else {
            false
        };
        if granted {
            out.entry(assignment.target_id.clone())
                .or_default()
                .insert(assignment.access_configuration_id.clone());
        }
    }
    out
}

/// The grants of `user`, read now.
pub(crate) fn grants_of(emulator: &Emulator, user: &UserRef) -> Grants {
    emulator
        .inner()
        .store
        .read(&user.directory.account, |state| {
            grants(state, &user.directory.id, &user.user_id)
        })
}

/// `MaxResults` and `NextToken` of the query.
fn page_of(query: &[(String, String)]) -> Result<(usize, Option<String>), ApiError> {
    let mut max = MAX_RESULTS;
    let mut next = None;
    for (name, value) in query {
        match name.as_str() {
            "MaxResults" => {
                max = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_RESULTS).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid("MaxResults", value, "an integer from 1 to 100")
                    })?;
            }
            "NextToken" if !value.is_empty() => next = Some(value.clone()),
            _ => {}
        }
    }
    Ok((max, next))
}

/// One page of `ids` (sorted) after `next`, and the token of the next page.
fn page<'a>(
    ids: impl Iterator<Item = &'a String>,
    max: usize,
    next: Option<&str>,
) -> (Vec<&'a String>, Option<String>) {
    let mut items: Vec<&String> = ids
        .filter(|id| next.is_none_or(|after| id.as_str() > after))
        .take(max + 1)
        .collect();
    let truncated = items.len() > max;
    items.truncate(max);
    let token = if truncated {
        items.last().map(|id| (*id).clone())
    } else {
        None
    };
    (items, token)
}

fn paged(key: &str, items: Vec<serde_json::Value>, next: Option<String>) -> serde_json::Value {
    let mut body = serde_json::json!({
        key: items,
        "IsTruncated": next.is_some(),
        "RequestId": crate::ids::request_id(),
    });
    if let (Some(next), Some(object)) = (next, body.as_object_mut()) {
        object.insert("NextToken".to_owned(), serde_json::Value::String(next));
    }
    body
}

/// `GET /access-assignments/accounts`.
pub(crate) fn accounts(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    api::answer((|| {
        let (max, next) = page_of(&api::query(request))?;
        let user = api::authenticate(emulator, request, now)?;
        let grants = grants_of(emulator, &user);
        let (ids, token) = page(grants.keys(), max, next.as_deref());
        let items = ids
            .into_iter()
            .map(|id| serde_json::json!({"AccountId": id, "DisplayName": id}))
            .collect();
        Ok(paged("Accounts", items, token))
    })())
}

/// `GET /access-assignments/access-configurations?AccountId=…`: the access configurations
/// granted on that account (none for an account not granted).
pub(crate) fn access_configurations(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    api::answer((|| {
        let query = api::query(request);
        let account = api::account_id(
            query
                .iter()
                .find(|(k, _)| k == "AccountId")
                .map(|(_, v)| v.as_str()),
        )?
        .to_owned();
        let (max, next) = page_of(&query)?;
        let user = api::authenticate(emulator, request, now)?;
        let items = emulator
            .inner()
            .store
            .read(&user.directory.account, |state| {
                let granted = grants(state, &user.directory.id, &user.user_id)
                    .remove(&account)
                    .unwrap_or_default();
                let (ids, token) = page(granted.iter(), max, next.as_deref());
                let items: Vec<serde_json::Value> = ids
                    .into_iter()
                    .filter_map(|id| {
                        let row = state
                            .access
                            .access_configurations
                            .get(&crate::access::key(&user.directory.id, id))?;
                        let mut item = serde_json::json!({
                            "AccessConfigurationId": id,
                            "AccessConfigurationName": row.access_configuration_name,
                        });
                        if let (Some(description), Some(object)) =
                            (&row.description, item.as_object_mut())
                        {
                            object.insert(
                                "AccessConfigurationDescription".to_owned(),
                                serde_json::Value::String(description.clone()),
                            );
                        }
                        Some(item)
                    })
                    .collect();
                (items, token)
            });
        Ok(paged("AccessConfigurationsForAccount", items.0, items.1))
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_token() {
        let ids: Vec<String> = (1..=5).map(|i| format!("{i:016}")).collect();
        let (first, token) = page(ids.iter(), 2, None);
        assert_eq!(first, vec![&ids[0], &ids[1]]);
        assert_eq!(token.as_deref(), Some(ids[1].as_str()));
        let (second, token) = page(ids.iter(), 2, token.as_deref());
        assert_eq!(second, vec![&ids[2], &ids[3]]);
        let (last, token) = page(ids.iter(), 2, token.as_deref());
        assert_eq!(last, vec![&ids[4]]);
        assert_eq!(token, None);
    }
}
