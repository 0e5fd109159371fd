//! Any bytes as a server-side request: up to the first NUL the query string, after it a
//! form body; the first byte picks the method.
#![no_main]

use acs_protocol::Operation;
use acs_codec::{RequestHandler, RequestOptions, dispatch_request, requested_format};
use libfuzzer_sys::fuzz_target;

struct Ignore;

impl RequestHandler for Ignore {
    type Output = ();
    fn handle<O: Operation>(self, _: O::Request) {}
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let (query, body) = match rest.iter().position(|b| *b == 0) {
        Some(nul) => (&rest[..nul], &rest[nul + 1..]),
        None => (rest, &[][..]),
    };
    let method = if first % 2 == 0 { "POST" } else { "GET" };
    let Ok(query) = std::str::from_utf8(query) else {
        return;
    };
    let Ok(request) = http::Request::builder()
        .method(method)
        .uri(format!("/?{query}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_vec())
    else {
        return;
    };
    let _ = requested_format(&request);
    let _ = dispatch_request(&request, &RequestOptions::DEFAULT, Ignore);
});
