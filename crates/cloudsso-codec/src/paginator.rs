//! Paginated list operations (`NextToken`, `MaxResults`, `IsTruncated`), without I/O: the
//! caller sends each request the [`Paginator`] gives and hands back each response.

use std::collections::HashSet;
use std::fmt;

use acs_protocol::Operation;
use acs_protocol::operation::OperationDescription;
use serde_json::Value;

use crate::error::{NotAnObject, to_object};

/// The request parameter and the response field that carry the token of the next page.
const NEXT_TOKEN: &str = "NextToken";

/// The response field that says whether more pages follow.
const IS_TRUNCATED: &str = "IsTruncated";

/// Whether the operation `description` describes is paginated: its request has a
/// `NextToken` parameter and its response a `NextToken` field (read from the description,
/// so any such operation is, with no code of its own).
pub fn is_paginated(description: &OperationDescription) -> bool {
    description.parameter(NEXT_TOKEN).is_some()
        && description
            .response_fields
            .iter()
            .any(|field| field.wire_name == NEXT_TOKEN)
}

/// Why pagination stopped before the last page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationError {
    /// The operation has no `NextToken` in its request or its response.
    #[error(
        "{action} is not paginated: expected a NextToken request parameter and a NextToken response field"
    )]
    NotPaginated {
        /// The operation's action.
        action: &'static str,
    },
    /// The service returned a token it had returned (or been sent) before: following it
    /// would loop forever.
    #[error(
        "{action}: response {page} has NextToken `{token}`, which was already used for an earlier page; expected a new token or the last page (stopped rather than loop)"
    )]
    RepeatedToken {
        /// The operation's action.
        action: &'static str,
        /// The token, as returned.
        token: String,
        /// The response that returned it, counting from 1.
        page: usize,
    },
    /// More responses than [`Paginator::with_max_pages`] allows.
    #[error(
        "{action}: response {page} still has a NextToken; expected the last page within {max} pages"
    )]
    TooManyPages {
        /// The operation's action.
        action: &'static str,
        /// The limit.
        max: usize,
        /// The response past it, counting from 1.
        page: usize,
    },
    /// A request or response whose serde form is not an object of wire names with a
    /// string `NextToken` (a model type's bug).
    #[error(
        "{action}: {what}: {message}; expected an object of wire names with a string NextToken"
    )]
    Model {
        /// The operation's action.
        action: &'static str,
        /// `request` or `response`.
        what: &'static str,
        /// What was wrong.
        message: String,
    },
}

/// Walks the pages of a paginated list operation `O`, without I/O.
///
/// Built from the first request (usually without `NextToken`; other parameters such as
/// `MaxResults` and filters are kept for every page, as the API requires). Each
/// [`next_request`](Self::next_request) is sent by the caller, and its decoded response is
/// handed to [`advance`](Self::advance), which sets the next request's `NextToken` from
/// it. Pagination ends after a response with `IsTruncated` `false`, or without a
/// (non-empty) `NextToken`; it stops with a [`PaginationError`] when the service returns a
/// token already used (it would loop forever), or when a response past
/// [`with_max_pages`](Self::with_max_pages) (10 000 by default) still has a next page.
///
/// Works for every operation [`is_paginated`] says is, through the serde form of its
/// request and response; no operation has code of its own.
///
/// ```
/// use cloudsso_codec::Paginator;
/// use cloudsso_model::{ListUsers, ListUsersRequest, ListUsersResponse, ListUsersUser};
///
/// // Stands in for encode_request, signing, sending and decode_response.
/// fn send(request: &ListUsersRequest) -> ListUsersResponse {
///     let user = |id: &str| ListUsersUser::builder().user_id(id).build();
///     match request.next_token.as_deref() {
///         None => ListUsersResponse::builder()
///             .users([user("u-1")])
///             .is_truncated(true)
///             .next_token("t2")
///             .build(),
///         _ => ListUsersResponse::builder().users([user("u-2")]).is_truncated(false).build(),
///     }
/// }
///
/// let first = ListUsersRequest::builder().directory_id("d-1").max_results(1).build()?;
/// let mut pages = Paginator::<ListUsers>::new(first)?;
/// let mut users = Vec::new();
/// while let Some(request) = pages.next_request() {
///     let response = send(request);
///     pages.advance(&response)?;
///     users.extend(response.users.unwrap_or_default());
/// }
/// assert_eq!(users.len(), 2);
/// assert_eq!(pages.pages(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Paginator<O: Operation> {
    /// The request to send next; `None` once done (or stopped).
    next: Option<O::Request>,
    /// Every token sent so far, to catch a service that repeats one.
    seen: HashSet<String>,
    /// Responses handed to `advance`.
    pages: usize,
    max_pages: usize,
}

impl<O: Operation> Paginator<O> {
    /// The most responses by default.
    pub const DEFAULT_MAX_PAGES: usize = 10_000;

    /// Starts with `first`, the request of the first page. Fails when `O` is not paginated.
    pub fn new(first: O::Request) -> Result<Self, PaginationError> {
        let action = O::DESCRIPTION.action;
        if !is_paginated(O::DESCRIPTION) {
            return Err(PaginationError::NotPaginated { action });
        }
        let mut seen = HashSet::new();
        if let Some(token) = token_of::<O, _>(&first, "request")? {
            seen.insert(token);
        }
        Ok(Self {
            next: Some(first),
            seen,
            pages: 0,
            max_pages: Self::DEFAULT_MAX_PAGES,
        })
    }

    /// The same paginator, stopping with [`PaginationError::TooManyPages`] when response
    /// `max` still has a next page: at most `max` requests are sent.
    #[must_use]
    pub fn with_max_pages(mut self, max: usize) -> Self {
        self.max_pages = max;
        self
    }

    /// The request to send next, or `None` when every page has been read (or pagination
    /// stopped with an error). Hand its response to [`advance`](Self::advance) before
    /// asking again: until then, this is the same request.
    pub fn next_request(&self) -> Option<&O::Request> {
        self.next.as_ref()
    }

    /// Takes in the response to [`next_request`](Self::next_request): `Ok(true)` when
    /// another page follows (the next request carries its `NextToken`), `Ok(false)` when
    /// this was the last page. After an error, or once done, there is no next request.
    pub fn advance(&mut self, response: &O::Response) -> Result<bool, PaginationError> {
        let action = O::DESCRIPTION.action;
        let Some(current) = self.next.take() else {
            return Ok(false);
        };
        self.pages += 1;
        let members = to_object(response).map_err(|found| not_an_object::<O>("response", found))?;
        if members.get(IS_TRUNCATED) == Some(&Value::Bool(false)) {
            return Ok(false);
        }
        let token = match members.get(NEXT_TOKEN) {
            None | Some(Value::Null) => return Ok(false),
            Some(Value::String(token)) if token.is_empty() => return Ok(false),
            Some(Value::String(token)) => token.clone(),
            Some(other) => {
                return Err(model::<O>("response", format!("NextToken is {other}")));
            }
        };
        if self.pages >= self.max_pages {
            return Err(PaginationError::TooManyPages {
                action,
                max: self.max_pages,
                page: self.pages,
            });
        }
        if !self.seen.insert(token.clone()) {
            return Err(PaginationError::RepeatedToken {
                action,
                token,
                page: self.pages,
            });
        }
        self.next = Some(with_token::<O>(&current, token)?);
        Ok(true)
    }

    /// Whether there is no next request.
    pub fn is_done(&self) -> bool {
        self.next.is_none()
    }

    /// How many responses have been handed to [`advance`](Self::advance).
    pub fn pages(&self) -> usize {
        self.pages
    }
}

impl<O: Operation> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &O::DESCRIPTION.action)
            .field("next", &self.next)
            .field("pages", &self.pages)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl<O: Operation> Clone for Paginator<O> {
    fn clone(&self) -> Self {
        Self {
            next: self.next.clone(),
            seen: self.seen.clone(),
            pages: self.pages,
            max_pages: self.max_pages,
        }
    }
}

fn model<O: Operation>(what: &'static str, message: String) -> PaginationError {
    PaginationError::Model {
        action: O::DESCRIPTION.action,
        what,
        message,
    }
}

fn not_an_object<O: Operation>(what: &'static str, found: NotAnObject) -> PaginationError {
    let message = match found {
        NotAnObject::Other(other) => format!("serializes as {other}"),
        NotAnObject::Failed(error) => error.to_string(),
    };
    model::<O>(what, message)
}

/// The `NextToken` of a request's serde form.
fn token_of<O: Operation, T: serde::Serialize>(
    value: &T,
    what: &'static str,
) -> Result<Option<String>, PaginationError> {
    let members = to_object(value).map_err(|found| not_an_object::<O>(what, found))?;
    match members.get(NEXT_TOKEN) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(token)) => Ok(Some(token.clone())),
        Some(other) => Err(model::<O>(what, format!("NextToken is {other}"))),
    }
}

/// `request` with its `NextToken` set to `token`, everything else unchanged.
fn with_token<O: Operation>(
    request: &O::Request,
    token: String,
) -> Result<O::Request, PaginationError> {
    let mut members = to_object(request).map_err(|found| not_an_object::<O>("request", found))?;
    members.insert(NEXT_TOKEN.to_owned(), Value::String(token));
    serde_json::from_value(Value::Object(members))
        .map_err(|error| model::<O>("request", error.to_string()))
}
