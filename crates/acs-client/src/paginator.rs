//! Paginated list operations as `Stream`s: of pages ([`Paginator::send`]) or of items
//! ([`Paginator::items`]), over any operation that pages ([`Paginated`]).
//!
//! The walk is the codec's sans-IO [`acs_codec::Paginator`]: each page's request carries the
//! `NextToken` of the page before, pagination ends after `IsTruncated` `false` or without a
//! token, and a token the service repeats ends the stream with
//! [`SdkError::PaginationError`] instead of looping.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use acs_protocol::Paginated;
use futures_core::Stream;

use crate::client::{CallOptions, Client};
use crate::error::SdkError;

/// A paginated call that has not started: made by a fluent builder's `into_paginator()`, or
/// by [`Paginator::new`] from a client and a first request.
pub struct Paginator<O: Paginated> {
    client: Client,
    first: Result<O::Request, SdkError>,
    options: CallOptions,
    page_size: Option<i64>,
    max_pages: usize,
}

impl<O: Paginated> Paginator<O> {
    /// Pages from `first` (usually without `NextToken`), sent by `client` with `options`; an
    /// `Err` (a request that could not be built) is the stream's only item.
    pub fn new(client: Client, first: Result<O::Request, SdkError>, options: CallOptions) -> Self {
        Self {
            client,
            first,
            options,
            page_size: None,
            max_pages: acs_codec::Paginator::<O>::DEFAULT_MAX_PAGES,
        }
    }

    /// The same, asking for at most `size` items per page (`MaxResults`).
    #[must_use]
    pub fn page_size(mut self, size: i64) -> Self {
        self.page_size = Some(size);
        self
    }

    /// The same, stopping with an error when page `max` still has a next page.
    #[must_use]
    pub fn max_pages(mut self, max: usize) -> Self {
        self.max_pages = max;
        self
    }

    /// The pages, one response each, as a `Stream` (`next().await`, `try_collect()`).
    pub fn send(self) -> PaginationStream<O::Response> {
        PaginationStream::new(pages::<O>(self))
    }

    /// The items of every page instead of the pages.
    pub fn items(self) -> ItemPaginator<O> {
        ItemPaginator(self)
    }
}

impl<O: Paginated> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &O::DESCRIPTION.action)
            .field("page_size", &self.page_size)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

/// A [`Paginator`] of items: [`send`](Self::send) gives each item of every page.
pub struct ItemPaginator<O: Paginated>(Paginator<O>);

impl<O: Paginated> ItemPaginator<O> {
    /// Every item of every page, as a `Stream`.
    pub fn send(self) -> PaginationStream<O::Item> {
        let pages = Box::pin(pages::<O>(self.0));
        let items = futures_util::stream::unfold(
            (pages, VecDeque::<O::Item>::new()),
            |(mut pages, mut buffered)| async move {
                loop {
                    if let Some(item) = buffered.pop_front() {
                        return Some((Ok(item), (pages, buffered)));
                    }
                    match futures_util::StreamExt::next(&mut pages).await {
                        None => return None,
                        Some(Err(error)) => return Some((Err(error), (pages, buffered))),
                        Some(Ok(page)) => buffered.extend(O::items(page)),
                    }
                }
            },
        );
        PaginationStream::new(items)
    }
}

impl<O: Paginated> fmt::Debug for ItemPaginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ItemPaginator").field(&self.0).finish()
    }
}

/// The pages or items of a paginated call: a `Stream` of `Result<T, SdkError>` that ends
/// after the last page, or after its first error.
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, SdkError>> + Send>>,
}

impl<T> PaginationStream<T> {
    fn new(stream: impl Stream<Item = Result<T, SdkError>> + Send + 'static) -> Self {
        Self {
            inner: Box::pin(stream),
        }
    }

    /// The next page or item, `None` at the end (the same as `StreamExt::next`).
    pub async fn next(&mut self) -> Option<Result<T, SdkError>> {
        futures_util::StreamExt::next(self).await
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = Result<T, SdkError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaginationStream").finish_non_exhaustive()
    }
}

/// A walk between pages: the client, the call's options and the sans-IO paginator.
struct Walk<O: Paginated> {
    client: Client,
    options: CallOptions,
    pages: acs_codec::Paginator<O>,
}

/// Where the stream is: walking, about to yield an error, or (`None`) done.
type State<O> = Option<Result<Box<Walk<O>>, SdkError>>;

fn pages<O: Paginated>(
    paginator: Paginator<O>,
) -> impl Stream<Item = Result<O::Response, SdkError>> + Send + 'static {
    let start = match paginator.first {
        Err(error) => Err(error),
        Ok(mut first) => {
            if let Some(size) = paginator.page_size {
                O::set_page_size(&mut first, size);
            }
            Ok(Box::new(Walk {
                client: paginator.client,
                options: paginator.options,
                pages: acs_codec::Paginator::<O>::new(first).with_max_pages(paginator.max_pages),
            }))
        }
    };
    let start: State<O> = Some(start);
    futures_util::stream::unfold(start, |state| async move {
        let mut walk = match state? {
            Err(error) => return Some((Err(error), None)),
            Ok(walk) => walk,
        };
        let request = walk.pages.next_request()?.clone();
        let response = match walk.client.send_with::<O>(request, &walk.options).await {
            Ok(response) => response,
            Err(error) => return Some((Err(error), None)),
        };
        match walk.pages.advance(&response) {
            Ok(true) => Some((Ok(response), Some(Ok(walk)))),
            Ok(false) => Some((Ok(response), None)),
            // The page is yielded, then the error: its items were returned by the service.
            Err(error) => Some((Ok(response), Some(Err(SdkError::PaginationError(error))))),
        }
    })
}
