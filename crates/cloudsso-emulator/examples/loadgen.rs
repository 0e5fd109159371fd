//! A bounded load generator for the emulator on loopback: N keep-alive connections send
//! signed V3 requests for a fixed time; prints requests per second.
//!
//! `cargo run --release -p cloudsso-emulator --example loadgen -- [ADDR|-] [CONNECTIONS]
//! [SECONDS] [--write] [--state FILE] [--users N] [--bare]`
//!
//! - Reads (`GetMFAAuthenticationSettingInfo`) by default; `--write` sends
//!   `SetMFAAuthenticationStatus` (alternately `Enabled` and `Disabled`).
//! - Without ADDR (or with `-`) it serves an in-process emulator (key testid:testsecret, no
//!   rate limit), kept in the SQLite database FILE with `--state`, holding N users' MFA
//!   settings in the directory with `--users` (loaded as a seed).
//! - `--bare` then also serves, in the same process and run, a bare hyper server answering
//!   every request with the emulator's answer to the first one (same status, headers and
//!   body size), loads it the same way first, and prints the emulator's throughput as a
//!   fraction of it.
//! - With ADDR, run `cloudsso serve --rate-limit 0 --global-rate-limit 0` first, or
//!   `loadgen --serve` (the same in-process emulator, serving until killed, printing its
//!   address), or `loadgen --serve-bare ADDR` (the bare hyper server, answering with the
//!   answer of the emulator at ADDR).
//! - `--server-pid PID` (with ADDR) also prints the CPU time the server process `PID` spent
//!   per request (user + system, from `/proc/PID/stat`). With server and generator in two
//!   processes this compares the two servers' cost, whatever else the machine is running;
//!   requests per second on a shared machine measure the machine as much as the server.
//!
//! Signing happens in the generator, on the same machine, so the figures are floors for the
//! server alone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use acs_protocol::{Credentials, SigningAlgorithm};
use acs_signer::SigningParams;
use bytes::Bytes;
use cloudsso_emulator::{DEFAULT_ACCOUNT, DEFAULT_DIRECTORY, Emulator};
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::TokioIo;

#[derive(Default)]
struct Options {
    address: Option<SocketAddr>,
    connections: usize,
    seconds: u64,
    write: bool,
    state: Option<PathBuf>,
    users: usize,
    bare: bool,
    serve: bool,
    serve_bare: Option<SocketAddr>,
    server_pid: Option<u32>,
}

fn options() -> Options {
    let mut options = Options {
        connections: 32,
        seconds: 5,
        ..Options::default()
    };
    let mut positional = 0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--write" => options.write = true,
            "--bare" => options.bare = true,
            "--state" => options.state = Some(args.next().unwrap().into()),
            "--users" => options.users = args.next().unwrap().parse().unwrap(),
            "--serve" => options.serve = true,
            "--serve-bare" => options.serve_bare = Some(args.next().unwrap().parse().unwrap()),
            "--server-pid" => options.server_pid = Some(args.next().unwrap().parse().unwrap()),
            _ => {
                match positional {
                    0 => {
                        options.address = Some(arg).filter(|a| a != "-").map(|a| a.parse().unwrap())
                    }
                    1 => options.connections = arg.parse().unwrap(),
                    2 => options.seconds = arg.parse::<u64>().unwrap().min(60),
                    _ => panic!("unexpected argument {arg}"),
                }
                positional += 1;
            }
        }
    }
    options
}

#[tokio::main]
async fn main() {
    let options = options();
    let kind = if options.write { "write" } else { "read" };
    if let Some(emulator) = options.serve_bare {
        let (parts, body) = first_answer(emulator, options.write).await;
        println!("bare hyper listening on {}", serve_bare(parts, body).await);
        std::future::pending::<()>().await;
    }
    let (address, _server) = match options.address {
        Some(address) => (address, None),
        None => {
            let mut builder = Emulator::builder()
                .access_key("testid", "testsecret")
                .rate_limit(0)
                .global_rate_limit(0);
            if let Some(state) = &options.state {
                builder = builder.state_file(state);
            }
            let emulator = builder.build().unwrap();
            if options.users > 0 {
                let started = Instant::now();
                emulator.load_seed(users_seed(options.users)).unwrap();
                println!(
                    "seeded {} users in {:.1} s",
                    options.users,
                    started.elapsed().as_secs_f64()
                );
            }
            let server = emulator.serve_loopback().await.unwrap();
            if options.serve {
                println!("emulator listening on {}", server.address());
                std::future::pending::<()>().await;
            }
            (server.address(), Some(server))
        }
    };
    let run_for = Duration::from_secs(options.seconds);
    let mut baseline = None;
    if options.bare {
        let (parts, body) = first_answer(address, options.write).await;
        let bare = serve_bare(parts, body.clone()).await;
        let rate = load(
            bare,
            options.connections,
            run_for,
            options.write,
            "bare hyper",
        )
        .await;
        println!("(bare answer: {} bytes)", body.len());
        baseline = Some(rate);
    }
    let cpu_before = options.server_pid.map(process_cpu_seconds);
    let started = Instant::now();
    let rate = load(
        address,
        options.connections,
        run_for,
        options.write,
        &format!("emulator {kind}"),
    )
    .await;
    if let (Some(pid), Some(before)) = (options.server_pid, cpu_before) {
        let requests = rate * started.elapsed().as_secs_f64();
        let cpu = process_cpu_seconds(pid) - before;
        println!(
            "server process {pid}: {:.2} µs of CPU per request ({cpu:.2} s for {requests:.0} requests)",
            cpu * 1e6 / requests
        );
    }
    if let Some(baseline) = baseline {
        println!("emulator / bare hyper: {:.2}x", rate / baseline);
    }
}

/// User plus system CPU seconds process `pid` has spent (all its threads), from `/proc`.
fn process_cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces, so split after its `)`):
    // utime and stime are the 14th and 15th fields of the line, in clock ticks.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let per_second: f64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0);
    ticks as f64 / per_second
}

/// A seed of `n` users' MFA settings in the documented directory.
fn users_seed(n: usize) -> serde_json::Value {
    let mut rows = serde_json::Map::new();
    for i in 0..n {
        rows.insert(
            format!("{DEFAULT_DIRECTORY}/u-{i:012}"),
            serde_json::json!({"UserMFAAuthenticationSettings": "Enabled"}),
        );
    }
    serde_json::json!({"accounts": {DEFAULT_ACCOUNT: {"user_mfa_settings": rows}}})
}

/// The emulator's answer to one request, to be replayed by the bare server.
async fn first_answer(address: SocketAddr, write: bool) -> (http::response::Parts, Bytes) {
    let mut sender = connect(address).await;
    let response = sender
        .send_request(request(address, write, 0))
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    (parts, body.collect().await.unwrap().to_bytes())
}

/// A bare hyper server answering every request with `parts` and `body`.
async fn serve_bare(parts: http::response::Parts, body: Bytes) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            stream.set_nodelay(true).unwrap();
            let parts = parts.clone();
            let body = body.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| {
                        let mut response = http::Response::new(Full::new(body.clone()));
                        *response.status_mut() = parts.status;
                        *response.headers_mut() = parts.headers.clone();
                        async move {
                            let _ = request.into_body().collect().await;
                            Ok::<_, Infallible>(response)
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    address
}

async fn load(
    address: SocketAddr,
    connections: usize,
    run_for: Duration,
    write: bool,
    label: &str,
) -> f64 {
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(connection(address, run_for, write)))
        .collect();
    let mut ok = 0_u64;
    let mut errors = 0_u64;
    for task in tasks {
        let (o, e) = task.await.unwrap();
        ok += o;
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rate = (ok + errors) as f64 / elapsed;
    println!(
        "{label}: {ok} ok, {errors} errors in {elapsed:.1} s over {connections} connections: {rate:.0} requests/s"
    );
    rate
}

async fn connect(address: SocketAddr) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    sender
}

fn request(address: SocketAddr, write: bool, round: u64) -> http::Request<Full<Bytes>> {
    let credentials = Credentials::new("testid", "testsecret");
    let (action, uri) = if write {
        let status = if round.is_multiple_of(2) {
            "Enabled"
        } else {
            "Disabled"
        };
        (
            "SetMFAAuthenticationStatus",
            format!("/?DirectoryId=d-00fc2p61%2A%2A%2A%2A&MFAAuthenticationStatus={status}"),
        )
    } else {
        (
            "GetMFAAuthenticationSettingInfo",
            "/?DirectoryId=d-00fc2p61%2A%2A%2A%2A".to_owned(),
        )
    };
    let mut request = http::Request::post(uri)
        .header("host", address.to_string())
        .header("accept", "application/json")
        .body(Vec::new())
        .unwrap();
    let params = SigningParams::builder()
        .credentials(&credentials)
        .algorithm(SigningAlgorithm::Acs3HmacSha256)
        .action(action)
        .version("2021-05-15")
        .build()
        .unwrap();
    acs_signer::sign(&mut request, &params).unwrap();
    request.map(|b| Full::new(Bytes::from(b)))
}

async fn connection(address: SocketAddr, run_for: Duration, write: bool) -> (u64, u64) {
    let mut sender = connect(address).await;
    let (mut ok, mut errors) = (0, 0);
    let started = Instant::now();
    let mut round = 0_u64;
    while started.elapsed() < run_for {
        round += 1;
        let response = sender
            .send_request(request(address, write, round))
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
