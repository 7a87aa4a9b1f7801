//! Fault injection (`--faults` / `Options::faults`): each fault, `times=N`, the query form,
//! CORS, and that nothing happens without the flag.
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use evovoice::{ListResponse, SessionInfo};
use evovoice_emulator::{Emulator, Options, MAX_RECORDED};
use serde_json::Value;

fn faulty(seed: usize) -> Emulator {
    Emulator::start_background(Options { seed, faults: true, ..Options::default() }).expect("start")
}

fn with_fault(emu: &Emulator, path: &str, fault: &str) -> Resp {
    let auth = bearer(TOKEN);
    send(emu, "GET", path, &[("Authorization", &auth), ("X-Evovoice-Fault", fault)], None)
}

/// The raw bytes of an answer, read until the server closes (or resets) the connection.
fn raw(emu: &Emulator, path: &str, fault: &str) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", emu.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nX-Evovoice-Fault: {fault}\r\nConnection: close\r\n\r\n").unwrap();
    let mut all = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => all.extend_from_slice(&buf[..n]),
        }
    }
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").expect("headers arrive");
    (String::from_utf8_lossy(&all[..split]).to_ascii_lowercase(), all[split + 4..].to_vec())
}

fn content_length(head: &str) -> Option<usize> {
    head.lines().find_map(|l| l.strip_prefix("content-length:")).map(|v| v.trim().parse().unwrap())
}

#[test]
fn ignored_without_the_flag() {
    let emu = emu_seeded(3);
    for fault in ["500", "drop", "nonsense"] {
        let r = with_fault(&emu, "/sessions", fault);
        assert_eq!(r.status, 200, "{fault}");
        let r = get(&emu, &format!("/sessions?__fault={fault}"));
        assert_eq!(r.status, 200, "{fault}");
    }
}

#[test]
fn error_statuses() {
    let emu = faulty(3);
    let r = with_fault(&emu, "/sessions", "500");
    assert_eq!((r.status, r.error_code().as_str()), (500, "NullReferenceException"));
    assert!(r.json()["responseStatus"]["message"].as_str().unwrap().contains("Object reference"));
    let r = with_fault(&emu, "/sessions", "500; InvalidOperationException");
    assert_eq!(r.error_code(), "InvalidOperationException");

    for (fault, status) in [("502-html", 502), ("504", 504)] {
        let r = with_fault(&emu, "/sessions", fault);
        assert_eq!(r.status, status);
        assert_eq!(r.header("content-type"), Some("text/html"));
        assert!(r.text().starts_with("<html>") && r.text().contains(&status.to_string()));
    }

    let r = with_fault(&emu, "/sessions", "503");
    assert_eq!((r.status, r.header("retry-after")), (503, Some("1")));
    assert!(r.text().contains("<html>"));
    let r = with_fault(&emu, "/sessions/x", "503; 3");
    assert_eq!((r.status, r.header("retry-after")), (503, Some("3")));
    let r = with_fault(&emu, "/sessions", "429");
    assert_eq!((r.status, r.header("retry-after"), r.error_code().as_str()), (429, Some("1"), "TooManyRequests"));
    let r = with_fault(&emu, "/sessions", "429; 0");
    assert_eq!(r.header("retry-after"), Some("0"));
    // A POST is failed just the same (its body is read first).
    let auth = bearer(TOKEN);
    let r = send(&emu, "POST", "/sessions", &[("Authorization", &auth), ("Content-Type", "application/json"), ("X-Evovoice-Fault", "503")], Some(r#"{"channel":"Chat"}"#));
    assert_eq!(r.status, 503);
    assert_eq!(get(&emu, "/sessions?all=true").json()["items"].as_array().unwrap().len(), 3, "nothing was created");
}

#[test]
fn truncated_bodies() {
    let emu = faulty(5);
    let full = get(&emu, "/sessions").body;
    let (head, body) = raw(&emu, "/sessions", "truncated");
    assert!(head.starts_with("http/1.1 200"));
    assert_eq!(body, full[..full.len() / 2]);
    assert_eq!(content_length(&head), Some(body.len()), "a well-formed message with a cut JSON");
    assert!(serde_json::from_slice::<Value>(&body).unwrap_err().is_eof());

    let (head, body) = raw(&emu, "/sessions", "truncated; full-length");
    assert!(head.starts_with("http/1.1 200"));
    assert_eq!(content_length(&head), Some(full.len()), "promises the whole body");
    assert_eq!(body, full[..full.len() / 2], "then closes after half of it");
}

#[test]
fn dropped_connections() {
    let emu = faulty(5);
    let full = get(&emu, "/sessions").body;
    let (head, body) = raw(&emu, "/sessions", "drop");
    assert!(head.starts_with("http/1.1 200"));
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(!body.ends_with(b"0\r\n\r\n"), "the chunked body never ends");
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains(&String::from_utf8_lossy(&full[..full.len() / 2]).into_owned()[..20]));
    assert!(body.len() < full.len());
}

#[test]
fn invalid_json_and_wrong_types() {
    let emu = faulty(5);
    let r = with_fault(&emu, "/sessions", "invalid-json");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("application/json"));
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    let r = with_fault(&emu, "/sessions", "wrong-types");
    assert_eq!(r.json()["items"][0]["ended"], 1);
    let r = with_fault(&emu, "/sessions", "wrong-types; muted");
    assert_eq!(r.json()["items"][0]["members"][0]["muted"], "yes");
    let r = with_fault(&emu, "/sessions", "wrong-types; members");
    assert_eq!(r.json()["items"][0]["members"], serde_json::json!({}));
    let e = evovoice::response::decode_json::<ListResponse<SessionInfo>>(200, &r.body).unwrap_err();
    assert!(e.to_string().contains("items[0].members"), "{e}");

    let id = get(&emu, "/sessions").json()["items"][0]["id"].as_str().unwrap().to_owned();
    let r = with_fault(&emu, &format!("/sessions/{}", seg(&id)), "wrong-types");
    assert_eq!((r.json()["ended"].clone(), r.json()["id"].as_str()), (Value::from(1), Some(id.as_str())));
    // An empty list still gets one wrongly typed item.
    let empty = faulty(0);
    assert_eq!(with_fault(&empty, "/sessions", "wrong-types").json()["items"][0]["ended"], 1);
    // Error answers pass through: the fault is about a successful answer gone wrong.
    let r = with_fault(&emu, "/sessions/nope", "wrong-types");
    assert_eq!((r.status, r.error_code().as_str()), (404, "NotFound"));
}

#[test]
fn unknown_values_decode() {
    let emu = faulty(8);
    let r = with_fault(&emu, "/sessions", "unknown-values");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert!(v["unknownField"].is_object());
    let item = &v["items"][0];
    assert!(item["channel"].as_str().unwrap().starts_with("FutureValue"), "{item}");
    assert!(item["members"][0]["role"].as_str().unwrap().starts_with("FutureValue"));
    assert!(item["members"][0]["unknownField"].is_object());
    // The SDK reads it: unknown enum values are kept, unknown fields ignored.
    let page = evovoice::response::decode_json::<ListResponse<SessionInfo>>(200, &r.body).unwrap();
    let s = &page.items()[0];
    assert!(!s.channel.as_ref().unwrap().is_known());
    assert!(s.channel.as_ref().unwrap().as_str().starts_with("FutureValue"));
}

#[test]
fn huge_bodies_stream() {
    let emu = faulty(4);
    let normal = get(&emu, "/sessions").json();
    let (head, body) = raw(&emu, "/sessions", "huge; 3");
    assert!(head.contains("transfer-encoding: chunked"), "streamed: {head}");
    let r = common::dechunk(&body);
    assert!(r.len() > 3 * 1024 * 1024 && r.len() < 3 * 1024 * 1024 + 64 * 1024, "{}", r.len());
    let v: Value = serde_json::from_slice(&r).unwrap();
    assert_eq!(v["items"], normal["items"]);
    assert_eq!(v["hugePadding"].as_str().unwrap().len(), 3 * 1024 * 1024);
    let r = with_fault(&emu, "/sessions", "huge; 0.5");
    assert_eq!(r.json()["hugePadding"].as_str().unwrap().len(), 512 * 1024);
}

#[test]
fn delays() {
    let emu = faulty(1);
    let t = Instant::now();
    let r = with_fault(&emu, "/sessions", "delay; 300");
    assert_eq!(r.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300), "{:?}", t.elapsed());
    assert!(t.elapsed() < Duration::from_secs(3));
}

#[test]
fn times_counts_per_key_and_resets() {
    let emu = faulty(1);
    let statuses = |fault: &str, n: usize| (0..n).map(|_| with_fault(&emu, "/sessions", fault).status).collect::<Vec<_>>();
    assert_eq!(statuses("503; times=2", 4), [503, 503, 200, 200]);
    // Another spelling is another key; `key=` names one explicitly.
    assert_eq!(statuses("503; 0; times=1", 2), [503, 200]);
    assert_eq!(statuses("429; times=1; key=a", 1), [429]);
    assert_eq!(statuses("503; times=1; key=a", 1), [200], "key `a` is used up");
    emu.reset_faults();
    assert_eq!(statuses("503; times=2", 1), [503]);
    // Every request is recorded, faulted or not.
    assert_eq!(emu.requests().iter().filter(|r| r.raw_path == "/sessions").count(), 9);
}

#[test]
fn query_form_and_bad_specs() {
    let emu = faulty(1);
    assert_eq!(get(&emu, "/sessions?__fault=503").status, 503);
    assert_eq!(get(&emu, "/sessions?page=0&__fault=500%3B%20Boom").error_code(), "Boom");
    let statuses: Vec<u16> = (0..3).map(|_| get(&emu, "/sessions?__fault=502-html;times=2").status).collect();
    assert_eq!(statuses, [502, 502, 200]);
    // The header wins over the query.
    assert_eq!(with_fault(&emu, "/sessions?__fault=503", "429").status, 429);
    for bad in ["explode", "503; soon", "delay; -1", "delay; 1e300", "huge; 1e9", "429; NaN", "wrong-types; everything", "503; times=x", "503; 1; 2"] {
        let r = with_fault(&emu, "/sessions", bad);
        assert_eq!((r.status, r.error_code().as_str()), (400, "InvalidFault"), "{bad}");
    }
    assert!(with_fault(&emu, "/sessions", "explode").json()["responseStatus"]["message"].as_str().unwrap().contains("unknown-values"));
}

#[test]
fn browsers_may_send_the_header_and_read_retry_after() {
    let emu = faulty(1);
    let r = send(
        &emu,
        "OPTIONS",
        "/sessions",
        &[("Origin", "http://localhost:5173"), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "x-evovoice-fault, authorization"), ("X-Evovoice-Fault", "500")],
        None,
    );
    assert_eq!(r.status, 204, "preflights are never faulted");
    assert!(r.header("access-control-allow-headers").unwrap().contains("X-Evovoice-Fault"));
    let auth = bearer(TOKEN);
    let r = send(&emu, "GET", "/sessions", &[("Authorization", &auth), ("Origin", "http://localhost:5173"), ("X-Evovoice-Fault", "503")], None);
    assert_eq!(r.status, 503);
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:5173"));
    assert!(r.header("access-control-expose-headers").unwrap().contains("Retry-After"));
}

#[test]
fn the_request_log_is_bounded() {
    let emu = faulty(0);
    for _ in 0..MAX_RECORDED + 10 {
        let mut s = TcpStream::connect(("127.0.0.1", emu.port())).unwrap();
        s.write_all(b"OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let _ = s.read_to_end(&mut Vec::new());
    }
    assert_eq!(emu.requests().len(), MAX_RECORDED);
    assert_eq!(emu.request_count(), (MAX_RECORDED + 10) as u64);
    emu.clear_requests();
    assert_eq!((emu.requests().len(), emu.request_count()), (0, 0));
}

#[test]
fn binary_flag() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_evovoice-emulator"))
        .args(["--port", "0", "--watch-stdin", "--faults", "--max-lifetime", "60"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port: u16 = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /sessions HTTP/1.1\r\nHost: x\r\nX-Evovoice-Fault: 503; 2\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 503"), "{out}");
    assert!(out.to_ascii_lowercase().contains("retry-after: 2"));
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}
