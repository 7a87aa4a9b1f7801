//! A tiny raw HTTP/1.1 client, so tests control the exact bytes of the request line (raw paths)
//! and can read reason phrases.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use evovoice_emulator::{Emulator, Options};
use serde_json::Value;

pub const TOKEN: &str = "evovoice-dev-token";
pub const VIEWER: &str = "evovoice-viewer-token";

pub fn emu() -> Emulator {
    Emulator::start_background(Options::default()).expect("start")
}

pub fn emu_seeded(n: usize) -> Emulator {
    Emulator::start_background(Options { seed: n, ..Options::default() }).expect("start")
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn error_code(&self) -> String {
        self.json()["responseStatus"]["errorCode"].as_str().unwrap_or("").to_owned()
    }
}

/// Sends one request (`Connection: close`) and reads the whole answer.
pub fn send(emu: &Emulator, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", emu.port())).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n", emu.port());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    if let Some(b) = body {
        req.push_str(b);
    }
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Resp {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let mut parts = status_line.splitn(3, ' ');
    parts.next();
    let status: u16 = parts.next().unwrap().parse().unwrap();
    let reason = parts.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Resp { status, reason, headers, body }
}

pub fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(pos) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..pos]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[pos + 2..pos + 2 + size]);
        b = &b[pos + 2 + size + 2..];
    }
    out
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

pub fn get(emu: &Emulator, path: &str) -> Resp {
    let auth = bearer(TOKEN);
    send(emu, "GET", path, &[("Authorization", &auth), ("Accept", "application/json")], None)
}

pub fn post_json(emu: &Emulator, path: &str, body: &Value) -> Resp {
    let auth = bearer(TOKEN);
    send(emu, "POST", path, &[("Authorization", &auth), ("Content-Type", "application/json")], Some(&body.to_string()))
}

/// Creates a session (as the dev user) and returns its JSON.
pub fn create(emu: &Emulator, body: Value) -> Value {
    let r = post_json(emu, "/sessions", &body);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// Percent-encodes a path segment the way the SDK does.
pub fn seg(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
