//! Slow clients do not starve a server built with `oapi_runtime::server::serve`
//! (issue 13, point 5): while 1,050 connections that sent half a request
//! head are held open, normal requests are still answered promptly, by a
//! server process limited to 1,024 file descriptors.
//!
//! `axum::serve`, which the generated README used to show, accepts
//! connections until the process has no descriptor left and then waits
//! for the half-open ones forever: requests time out. `serve` keeps at most
//! 512 connections by default (under the 1,024 limit) and makes room for a
//! new connection by closing the one that has waited longest for a request.
//!
//! The server runs in a process of its own so that the descriptor limit
//! binds it and not the test: this test binary starts itself again to run
//! [`slow_clients_server`], which lowers its soft `RLIMIT_NOFILE` to 1,024,
//! serves the Hypto router on 127.0.0.1 and prints its address. The test
//! holds its 1,050 connections plus a few more, so it raises its own soft
//! limit (up to the hard limit) if it is lower.
#![cfg(unix)]

mod server_support;

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use oapi_runtime::server::serve;
use server_support::hypto::Hypto;
use server_support::{GOOD, TestAuth};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// Set in the environment of the server process.
const CHILD: &str = "OAPI_SLOW_CLIENTS_SERVER";
/// The server process's soft file descriptor limit, a common default.
const SERVER_FD_LIMIT: u64 = 1_024;
/// Half-open connections held: more than the server process has descriptors.
const HALF_OPEN: usize = 1_050;
/// Normal requests sent while they are held.
const NORMAL_REQUESTS: usize = 20;
/// The longest one step may take: far above what each takes (milliseconds),
/// far below what a starved server makes a client wait (for ever).
const PATIENCE: Duration = Duration::from_secs(10);

/// The soft and hard `RLIMIT_NOFILE`.
fn fd_limits() -> (u64, u64) {
    let mut limits = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `getrlimit` writes the limits into the struct it is given, which lives here.
    let status = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limits) };
    assert_eq!(status, 0, "getrlimit: {}", std::io::Error::last_os_error());
    (limits.rlim_cur, limits.rlim_max)
}

fn set_soft_fd_limit(soft: u64) {
    let (_, hard) = fd_limits();
    let limits = libc::rlimit { rlim_cur: soft, rlim_max: hard };
    // SAFETY: `setrlimit` only reads the struct it is given.
    let status = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limits) };
    assert_eq!(status, 0, "setrlimit({soft}): {}", std::io::Error::last_os_error());
}

/// The server process (see the module documentation); does nothing unless
/// started by [`slow_clients_do_not_starve_the_server`].
#[test]
#[ignore = "the server process of `slow_clients_do_not_starve_the_server`, which starts it"]
fn slow_clients_server() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    set_soft_fd_limit(SERVER_FD_LIMIT);
    // Exit once the test closes our stdin: when it ends, and if it dies.
    std::thread::spawn(|| {
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let served = runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        println!("listening on {}", listener.local_addr()?);
        // The default limits, but a header-read timeout beyond the test's patience: what
        // keeps requests served is the connection limit, not half-open connections timing out.
        serve(listener, hypto_iam_server::router(Hypto::default(), TestAuth))
            .header_read_timeout(Duration::from_secs(600))
            .await
    });
    served.expect("serves");
}

/// The server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start the server process; its address.
fn start_server() -> (Server, SocketAddr) {
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["slow_clients_server", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the test binary starts");
    let stdout = child.stdout.take().expect("piped");
    let server = Server(child);
    let (found, address) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            // The line may start with libtest's `test slow_clients_server ... `.
            if let Some((_, address)) = line.split_once("listening on ") {
                let _ = found.send(address.to_owned());
            }
        }
    });
    let address = address.recv_timeout(Duration::from_secs(60)).expect("the server process prints its address");
    (server, address.parse().expect("an address"))
}

/// A request head, cut off in the middle of a header.
const HALF: &[u8] = b"POST /organizations/ORG0000001/users/user_1/credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriz";

/// Send a valid request on a new connection; its status.
async fn normal_request(address: SocketAddr) -> u16 {
    let mut stream = TcpStream::connect(address).await.expect("connects");
    let request = format!(
        "POST /organizations/ORG0000001/users/user_1/credentials HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Authorization: Bearer {GOOD}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\
         Connection: close\r\n\r\n{{}}"
    );
    stream.write_all(request.as_bytes()).await.expect("sends");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("reads");
    let response = String::from_utf8_lossy(&response);
    response.split(' ').nth(1).and_then(|status| status.parse().ok()).unwrap_or(0)
}

#[test]
fn slow_clients_do_not_starve_the_server() {
    let needed = (HALF_OPEN + NORMAL_REQUESTS + 100) as u64;
    let (soft, hard) = fd_limits();
    if soft < needed {
        assert!(hard >= needed, "this test holds {HALF_OPEN} connections: it needs `ulimit -Hn` of {needed} or more");
        set_soft_fd_limit(needed);
    }
    let (_server, address) = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let mut held = Vec::with_capacity(HALF_OPEN);
        let connecting = async {
            for _ in 0..HALF_OPEN {
                let mut stream = TcpStream::connect(address).await.expect("connects");
                stream.write_all(HALF).await.expect("sends half a head");
                held.push(stream);
            }
        };
        tokio::time::timeout(PATIENCE * 3, connecting).await.expect("the half-open connections are made");
        assert_eq!(held.len(), HALF_OPEN);

        for i in 0..NORMAL_REQUESTS {
            let status = tokio::time::timeout(PATIENCE, normal_request(address)).await;
            let status = status.unwrap_or_else(|_| panic!("request {i} not answered within {PATIENCE:?}"));
            assert_eq!(status, 201, "request {i}");
        }
        drop(held);
    });
}
