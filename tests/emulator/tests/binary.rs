//! The `evovoice-emulator` binary and the async start.
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use evovoice_emulator::{Emulator, Options};

fn get_status(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer T0K\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.lines().next().unwrap_or("").to_owned()
}

#[test]
fn binary_prints_listening_and_exits_on_stdin_eof() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_evovoice-emulator"))
        .args(["--port", "0", "--watch-stdin", "--seed", "5", "--token", "T0K", "--max-lifetime", "60"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("{line:?}")).to_owned();
    assert!(url.starts_with("http://127.0.0.1:"));
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    assert!(get_status(port, "/sessions").contains("200"));
    drop(child.stdin.take());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not exit on stdin EOF");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn binary_max_lifetime() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_evovoice-emulator"))
        .args(["--port", "0", "--max-lifetime", "1"])
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("did not exit after --max-lifetime");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_start_and_shutdown() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let port = emu.port();
    assert_eq!(emu.url(), format!("http://127.0.0.1:{port}"));
    let status = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET /sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer evovoice-dev-token\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out.lines().next().unwrap_or("").to_owned()
    })
    .await
    .unwrap();
    assert!(status.contains("200"), "{status}");
    emu.shutdown();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}
