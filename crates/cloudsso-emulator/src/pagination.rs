//! Keyset paging: the one way every paginated list of the emulator pages (service.md §6).
//!
//! A list is a sequence of items, each with a unique string key, in ascending key order. A
//! page is the first `MaxResults` items whose key is greater than the cursor; `NextToken`
//! carries the key of the last item returned. Because the cursor is a key and not an
//! offset, pages partition the list even when items are created or deleted between pages:
//! every item that exists from the first page to the last is returned exactly once, an item
//! deleted before its page comes is not returned, and an item created after the cursor
//! passed its place is not returned (one created ahead of the cursor is).
//!
//! `NextToken` is opaque (URL-safe Base64) and checked: it carries a checksum over the key
//! and the listing's *scope* (the action, the directory and every filter parameter), so a
//! token that was changed, comes from another listing, or is used with other filters is
//! refused with `InvalidNextToken` (400) instead of silently paging something else. The
//! service says "other parameters must stay unchanged between pages"; the emulator enforces
//! it.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cloudsso_model::RequestId;
use http::StatusCode;

use crate::error::Failure;

/// The `MaxResults` bounds and default of one list operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bounds {
    /// The largest `MaxResults` accepted.
    pub(crate) max: i64,
    /// The page size when `MaxResults` is not given.
    pub(crate) default: i64,
}

/// `MaxResults` 1-100, default 10: ListUsers, ListGroups, ListGroupMembers,
/// ListJoinedGroupsForUser, ListAccessConfigurations, ListUserProvisionings,
/// ListUserProvisioningEvents.
pub(crate) const UP_TO_100: Bounds = Bounds {
    max: 100,
    default: 10,
};

/// `MaxResults` 1-20, default 10: ListAccessAssignments, ListAccessConfigurationProvisionings,
/// ListTasks.
pub(crate) const UP_TO_20: Bounds = Bounds {
    max: 20,
    default: 10,
};

/// The first byte of every token, so that a later layout can be told apart.
const TOKEN_VERSION: u8 = 1;
/// Version byte and checksum.
const TOKEN_HEADER: usize = 9;
/// The longest token accepted (keys are short; this bounds the work on garbage).
const MAX_TOKEN_LEN: usize = 2048;

/// One page request, checked: where the page starts and how long it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PageRequest {
    scope: String,
    after: Option<String>,
    max_results: i64,
}

impl PageRequest {
    /// Checks `MaxResults` (1 to `bounds.max`, else `InvalidMaxResults`) and `NextToken` (a
    /// token this listing gave for the same `scope`, else `InvalidNextToken`). An empty
    /// `NextToken` is the first page. `scope` names the listing: the action, the directory and
    /// every filter parameter as given, in a fixed order.
    pub(crate) fn new(
        bounds: Bounds,
        scope: impl Into<String>,
        max_results: Option<i64>,
        next_token: Option<&str>,
    ) -> Result<Self, Failure> {
        let scope = scope.into();
        let max_results = match max_results {
            None => bounds.default,
            Some(n) if (1..=bounds.max).contains(&n) => n,
            Some(n) => {
                return Err(Failure::new(
                    "InvalidMaxResults",
                    StatusCode::BAD_REQUEST,
                    format!(
                        "parameter MaxResults is {n}; expected an integer from 1 to {}",
                        bounds.max
                    ),
                ));
            }
        };
        let after = match next_token {
            None | Some("") => None,
            Some(token) => Some(decode_token(&scope, token).ok_or_else(|| {
                Failure::new(
                    "InvalidNextToken",
                    StatusCode::BAD_REQUEST,
                    format!(
                        "parameter NextToken is `{}`; expected the NextToken of the previous \
                         page of this same listing (same action, directory and filters)",
                        token.chars().take(128).collect::<String>()
                    ),
                )
            })?),
        };
        Ok(Self {
            scope,
            after,
            max_results,
        })
    }

    /// The page of `items` (each with its unique key; any order, sorted here): the first
    /// `MaxResults` items with a key greater than the cursor, `TotalCounts` the number of
    /// all `items`, and a `NextToken` when more follow.
    pub(crate) fn page<K: AsRef<str>, T>(
        &self,
        items: impl IntoIterator<Item = (K, T)>,
    ) -> Page<T> {
        let mut all: Vec<(K, T)> = items.into_iter().collect();
        // Already sorted in the common case (a table iterated in key order): linear then.
        all.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        let total = all.len();
        let size = usize::try_from(self.max_results).unwrap_or(usize::MAX);
        let start = match &self.after {
            None => 0,
            Some(after) => all.partition_point(|(key, _)| key.as_ref() <= after.as_str()),
        };
        let mut rest = all.into_iter().skip(start);
        let mut items = Vec::with_capacity(size.min(total));
        let mut last_key = None;
        for (key, item) in rest.by_ref().take(size) {
            last_key = Some(key);
            items.push(item);
        }
        let is_truncated = rest.next().is_some();
        let next_token = match (is_truncated, last_key) {
            (true, Some(key)) => Some(encode_token(&self.scope, key.as_ref())),
            _ => None,
        };
        Page {
            items,
            next_token,
            is_truncated,
            max_results: self.max_results,
            total_counts: i64::try_from(total).unwrap_or(i64::MAX),
        }
    }
}

/// One page of a list, with what the response reports beside the items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Page<T> {
    /// The items of this page, in key order.
    pub(crate) items: Vec<T>,
    /// `NextToken`: present when more items follow.
    pub(crate) next_token: Option<String>,
    /// `IsTruncated`: whether more items follow.
    pub(crate) is_truncated: bool,
    /// `MaxResults`: the page size in force (the default when none was asked).
    pub(crate) max_results: i64,
    /// `TotalCounts`: the number of items in the whole list (with the filters).
    pub(crate) total_counts: i64,
}

impl<T> Page<T> {
    /// The same page with each item turned into what the response carries.
    pub(crate) fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_token: self.next_token,
            is_truncated: self.is_truncated,
            max_results: self.max_results,
            total_counts: self.total_counts,
        }
    }
}

impl<T> Page<T> {
    /// The List* response carrying this page: its items, `NextToken` (when more follow),
    /// `IsTruncated`, `MaxResults`, `TotalCounts`, and `RequestId`. Every paginated
    /// operation answers through this, so the four fields mean the same everywhere.
    pub(crate) fn into_response<R: PagedResponse<Item = T>>(self, request_id: RequestId) -> R {
        let mut response = R::default();
        response.fill(self, request_id);
        response
    }
}

/// The response of a paginated List* operation: a list and the four paging fields.
pub(crate) trait PagedResponse: Default {
    /// What the response's list holds.
    type Item;
    /// Sets the list, the paging fields and `RequestId` from `page`.
    fn fill(&mut self, page: Page<Self::Item>, request_id: RequestId);
}

/// Implements [`PagedResponse`] for each `Response.list: Item` given (the generated
/// responses share the field names, but no trait names them).
macro_rules! paged_responses {
    ($($response:ident . $list:ident : $item:ident),* $(,)?) => {$(
        impl PagedResponse for cloudsso_model::$response {
            type Item = cloudsso_model::$item;

            fn fill(&mut self, page: Page<Self::Item>, request_id: RequestId) {
                self.$list = Some(page.items);
                self.next_token = page.next_token;
                self.is_truncated = Some(page.is_truncated);
                self.max_results = Some(page.max_results);
                self.total_counts = Some(page.total_counts);
                self.request_id = Some(request_id);
            }
        }
    )*};
}

paged_responses! {
    ListUsersResponse.users: ListUsersUser,
    ListGroupsResponse.groups: Group,
    ListGroupMembersResponse.group_members: GroupMember,
    ListJoinedGroupsForUserResponse.joined_groups: JoinedGroup,
    ListAccessConfigurationsResponse.access_configurations:
        CreateAccessConfigurationAccessConfiguration,
    ListAccessConfigurationProvisioningsResponse.access_configuration_provisionings:
        AccessConfigurationProvisioning,
    ListAccessAssignmentsResponse.access_assignments: AccessAssignment,
    ListTasksResponse.tasks: GetTaskTask,
    ListUserProvisioningsResponse.user_provisionings: UserProvisioning,
    ListUserProvisioningEventsResponse.user_provisioning_events: UserProvisioningEvent,
}

/// FNV-1a (64 bits) over the scope, a separator and the key: stable across versions and
/// restarts, so a token stays valid as long as the state does.
fn checksum(scope: &str, key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in scope.bytes().chain([0]).chain(key.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn encode_token(scope: &str, key: &str) -> String {
    let mut bytes = Vec::with_capacity(TOKEN_HEADER + key.len());
    bytes.push(TOKEN_VERSION);
    bytes.extend_from_slice(&checksum(scope, key).to_be_bytes());
    bytes.extend_from_slice(key.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The key a token carries, if it is a token of `scope`.
fn decode_token(scope: &str, token: &str) -> Option<String> {
    if token.len() > MAX_TOKEN_LEN {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let (header, key) = bytes.split_at_checked(TOKEN_HEADER)?;
    let (version, sum) = header.split_first()?;
    let key = std::str::from_utf8(key).ok()?;
    let sum = u64::from_be_bytes(sum.try_into().ok()?);
    (*version == TOKEN_VERSION && sum == checksum(scope, key)).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("k{i:03}")).collect()
    }

    fn request(scope: &str, max: Option<i64>, token: Option<&str>) -> PageRequest {
        PageRequest::new(UP_TO_20, scope, max, token).unwrap()
    }

    #[test]
    fn pages_walk_the_list_in_key_order() {
        let mut list = keys(25);
        list.reverse(); // any order in, key order out
        let first = request("s", Some(10), None).page(list.iter().map(|k| (k, k.clone())));
        assert_eq!(first.items, keys(10));
        assert!(first.is_truncated);
        assert_eq!(first.total_counts, 25);
        assert_eq!(first.max_results, 10);
        let token = first.next_token.unwrap();
        let second = request("s", Some(10), Some(&token)).page(list.iter().map(|k| (k, k)));
        assert_eq!(second.items.len(), 10);
        assert_eq!(second.items[0], "k010");
        let third =
            request("s", Some(10), second.next_token.as_deref()).page(list.iter().map(|k| (k, k)));
        assert_eq!(third.items.len(), 5);
        assert!(!third.is_truncated);
        assert_eq!(third.next_token, None);
    }

    #[test]
    fn an_exact_fit_is_not_truncated_and_the_default_applies() {
        let list = keys(10);
        let page = request("s", None, None).page(list.iter().map(|k| (k, ())));
        assert_eq!(page.items.len(), 10);
        assert!(!page.is_truncated);
        assert_eq!(page.next_token, None);
        assert_eq!(page.max_results, 10);
        let empty = request("s", None, Some("")).page(Vec::<(String, ())>::new());
        assert!(empty.items.is_empty() && !empty.is_truncated && empty.total_counts == 0);
    }

    #[test]
    fn changes_between_pages_keep_the_partition() {
        let mut list = keys(6);
        let first = request("s", Some(3), None).page(list.iter().map(|k| (k, k.clone())));
        assert_eq!(first.items, ["k000", "k001", "k002"]);
        // The last returned item and a later one go, one before and one after come.
        list.retain(|k| k != "k002" && k != "k004");
        list.push("k0000".to_owned());
        list.push("k0035".to_owned());
        let second = request("s", Some(3), first.next_token.as_deref())
            .page(list.iter().map(|k| (k, k.clone())));
        assert_eq!(second.items, ["k003", "k0035", "k005"]);
        assert!(!second.is_truncated);
    }

    #[test]
    fn bad_tokens_and_sizes_are_refused() {
        let list = keys(5);
        let token = request("a", Some(2), None)
            .page(list.iter().map(|k| (k, ())))
            .next_token
            .unwrap();
        for bad in [
            "garbage!",
            "AAAA",
            &token[..token.len() - 1],
            &format!("{token}A"),
            &"A".repeat(4000),
        ] {
            let failure = PageRequest::new(UP_TO_20, "a", None, Some(bad)).unwrap_err();
            assert_eq!(failure.code, "InvalidNextToken", "{bad}");
            assert_eq!(failure.status, StatusCode::BAD_REQUEST);
        }
        // Another scope (another filter) refuses the token.
        let failure = PageRequest::new(UP_TO_20, "b", None, Some(&token)).unwrap_err();
        assert!(failure.message.contains("NextToken"), "{}", failure.message);
        for n in [0, -1, 21] {
            let failure = PageRequest::new(UP_TO_20, "a", Some(n), None).unwrap_err();
            assert_eq!(failure.code, "InvalidMaxResults");
            assert!(failure.message.contains("1 to 20"), "{}", failure.message);
        }
        assert!(PageRequest::new(UP_TO_100, "a", Some(100), None).is_ok());
    }

    #[test]
    fn a_token_names_its_key_and_is_url_safe() {
        let token = encode_token("scope", "d-1/ac-2");
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(decode_token("scope", &token).as_deref(), Some("d-1/ac-2"));
        assert_eq!(decode_token("other", &token), None);
    }
}
