//! Sends `N` signed V3 reads (`GetMFAAuthenticationSettingInfo`) through [`Emulator::handle_at`]
//! in-process, for counts that do not depend on the machine's load, as acs-signer's `repeat`
//! example does for the signer: instructions under `valgrind --tool=callgrind`. Run it with
//! `N` and `2N` and divide the difference in `handle_at`'s inclusive count by `N`.
//!
//! ```text
//! cargo build --release -p cloudsso-emulator --example repeat_read
//! valgrind --tool=callgrind target/release/examples/repeat_read 400
//! callgrind_annotate --inclusive=yes callgrind.out.PID | grep 'Emulator::handle_at \['
//! ```
//!
//! The requests are signed before the first is handled, so the signing is outside
//! `handle_at`'s count. Under valgrind SHA-256 runs without the CPU's SHA extensions, so the
//! signature check counts more instructions than it takes time.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use cloudsso_emulator::{DEFAULT_DIRECTORY, Emulator};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("usage: repeat_read N");
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .rate_limit(0)
        .global_rate_limit(0)
        .build()
        .unwrap();
    let credentials = Credentials::new("testid", "testsecret");
    let now = SystemTime::now();
    let requests: Vec<_> = (0..n)
        .map(|_| {
            support::signed(
                &credentials,
                "GetMFAAuthenticationSettingInfo",
                &[("DirectoryId", DEFAULT_DIRECTORY)],
                SigningAlgorithm::Acs3HmacSha256,
                Format::Json,
                now,
            )
        })
        .collect();
    let answered = requests
        .into_iter()
        .map(|request| emulator.handle_at(request, now))
        .filter(|response| response.status().is_success())
        .count();
    assert_eq!(answered, n, "every read is answered");
}
