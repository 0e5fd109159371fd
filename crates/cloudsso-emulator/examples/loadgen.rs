//! A bounded load generator for `cloudsso serve` on loopback: N keep-alive connections send
//! signed `GetMFAAuthenticationSettingInfo` (V3) for a fixed time; prints requests per second.
//!
//! `cargo run --release -p cloudsso-emulator --example loadgen -- [ADDR] [CONNECTIONS] [SECONDS]`
//!
//! Without ADDR it serves an in-process emulator (key testid:testsecret, no rate limit) on
//! 127.0.0.1:0. With ADDR, run `cloudsso serve --rate-limit 0` first. Signing happens in the
//! generator, on the same machine, so the figure is a floor for the server alone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use acs_protocol::{Credentials, SigningAlgorithm};
use acs_signer::SigningParams;
use cloudsso_emulator::Emulator;
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::TokioIo;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let address: Option<SocketAddr> = args.next().filter(|a| a != "-").map(|a| a.parse().unwrap());
    let connections: usize = args.next().map_or(32, |a| a.parse().unwrap());
    let seconds: u64 = args.next().map_or(5, |a| a.parse().unwrap()).min(60);
    let (address, _server) = match address {
        Some(address) => (address, None),
        None => {
            let emulator = Emulator::builder()
                .access_key("testid", "testsecret")
                .rate_limit(0)
                .build()
                .unwrap();
            let server = emulator.serve_loopback().await.unwrap();
            (server.address(), Some(server))
        }
    };
    let run_for = Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(connection(address, run_for)))
        .collect();
    let mut ok = 0_u64;
    let mut errors = 0_u64;
    for task in tasks {
        let (o, e) = task.await.unwrap();
        ok += o;
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{ok} ok, {errors} errors in {elapsed:.1} s over {connections} connections: {:.0} requests/s",
        (ok + errors) as f64 / elapsed
    );
}

async fn connection(address: SocketAddr, run_for: Duration) -> (u64, u64) {
    let credentials = Credentials::new("testid", "testsecret");
    let stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let (mut ok, mut errors) = (0, 0);
    let started = Instant::now();
    while started.elapsed() < run_for {
        let mut request = http::Request::post("/?DirectoryId=d-00fc2p61%2A%2A%2A%2A")
            .header("host", address.to_string())
            .header("accept", "application/json")
            .body(Vec::new())
            .unwrap();
        let params = SigningParams::builder()
            .credentials(&credentials)
            .algorithm(SigningAlgorithm::Acs3HmacSha256)
            .action("GetMFAAuthenticationSettingInfo")
            .version("2021-05-15")
            .build()
            .unwrap();
        acs_signer::sign(&mut request, &params).unwrap();
        let response = sender
            .send_request(request.map(|b| Full::new(bytes::Bytes::from(b))))
            .await
            .unwrap();
        let status = response.status();
        let _ = response.into_body().collect().await.unwrap();
        if status.is_success() {
            ok += 1;
        } else {
            errors += 1;
        }
    }
    (ok, errors)
}
