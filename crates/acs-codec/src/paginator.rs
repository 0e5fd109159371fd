//! Paginated list operations (`NextToken`, `MaxResults`, `IsTruncated`), without I/O: the
//! caller sends each request the [`Paginator`] gives and hands back each response.

use std::collections::HashSet;
use std::fmt;

use acs_protocol::Paginated;
use acs_protocol::operation::OperationDescription;

/// The request parameter and the response field that carry the token of the next page.
const NEXT_TOKEN: &str = "NextToken";

/// Whether the operation `description` describes is paginated: its request has a
/// `NextToken` parameter and its response a `NextToken` field. For code that knows an
/// operation only by its description; the model implements [`Paginated`] for exactly these.
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
/// `O` is an operation that pages ([`Paginated`]): any other is refused at compile time.
///
/// ```compile_fail,E0277
/// use acs_codec::Paginator;
/// use cloudsso_model::{ListDirectories, ListDirectoriesRequest};
///
/// // ListDirectories answers every directory at once: it has no NextToken.
/// let pages = Paginator::<ListDirectories>::new(ListDirectoriesRequest::default());
/// ```
///
/// ```
/// use acs_codec::Paginator;
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
/// let mut pages = Paginator::<ListUsers>::new(first);
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
pub struct Paginator<O: Paginated> {
    /// The request to send next; `None` once done (or stopped).
    next: Option<O::Request>,
    /// Every token sent so far, to catch a service that repeats one.
    seen: HashSet<String>,
    /// Responses handed to `advance`.
    pages: usize,
    max_pages: usize,
}

impl<O: Paginated> Paginator<O> {
    /// The most responses by default.
    pub const DEFAULT_MAX_PAGES: usize = 10_000;

    /// Starts with `first`, the request of the first page.
    pub fn new(first: O::Request) -> Self {
        // A token the first request is sent with (resuming) counts as used.
        let seen = O::request_token(&first)
            .map(str::to_owned)
            .into_iter()
            .collect();
        Self {
            next: Some(first),
            seen,
            pages: 0,
            max_pages: Self::DEFAULT_MAX_PAGES,
        }
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
        let Some(mut next) = self.next.take() else {
            return Ok(false);
        };
        self.pages += 1;
        if O::is_truncated(response) == Some(false) {
            return Ok(false);
        }
        let token = match O::response_token(response) {
            None | Some("") => return Ok(false),
            Some(token) => token,
        };
        if self.pages >= self.max_pages {
            return Err(PaginationError::TooManyPages {
                action,
                max: self.max_pages,
                page: self.pages,
            });
        }
        if !self.seen.insert(token.to_owned()) {
            return Err(PaginationError::RepeatedToken {
                action,
                token: token.to_owned(),
                page: self.pages,
            });
        }
        O::set_request_token(&mut next, token.to_owned());
        self.next = Some(next);
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

impl<O: Paginated> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &O::DESCRIPTION.action)
            .field("next", &self.next)
            .field("pages", &self.pages)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> Clone for Paginator<O> {
    fn clone(&self) -> Self {
        Self {
            next: self.next.clone(),
            seen: self.seen.clone(),
            pages: self.pages,
            max_pages: self.max_pages,
        }
    }
}
