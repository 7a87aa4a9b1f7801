//! Per-call options (`Client::with_options`) and response metadata (`send_with_response`, the
//! metadata of errors) against the emulator with fault injection: faults are asked for with the
//! `X-Evovoice-Fault` header, which is itself a per-call header.

use std::time::{Duration, Instant};

use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN};

async fn emulator() -> Emulator {
    Emulator::start(Options { faults: true, ..Options::default() }).await.expect("emulator starts")
}

fn client(emu: &Emulator) -> Client {
    Client::builder()
        .base_url(emu.url())
        .bearer_token(DEV_TOKEN)
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(10)))
        .build()
        .unwrap()
}

/// The client with a fault asked for on every call.
fn faulty(c: &Client, fault: &str) -> Client {
    c.with_options(RequestOptions::new().header("X-Evovoice-Fault", fault))
}

async fn a_session(c: &Client) -> String {
    let chat = NewSession::new(FlowChannels::Chat).display_name("Options");
    c.new_session(&chat).await.unwrap().id.unwrap()
}

#[tokio::test]
async fn a_per_call_timeout_shorter_than_the_clients_ends_the_call() {
    let emu = emulator().await;
    let c = client(&emu);
    let id = a_session(&c).await;
    let slow = faulty(&c, "delay; 2000");
    let started = Instant::now();
    let e = slow.with_options(RequestOptions::new().timeout(Duration::from_millis(300))).get_session(&id).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(took >= Duration::from_millis(300) && took < Duration::from_millis(1500), "{took:?}");
    // The handle it came from keeps the client's 30 s.
    assert_eq!(c.config().timeout(), Some(Duration::from_secs(30)));
    assert!(c.options().is_empty());
}

#[tokio::test]
async fn per_call_max_retries_zero_stops_a_gets_retries() {
    let emu = emulator().await;
    let c = client(&emu);
    let id = a_session(&c).await;
    emu.clear_requests();
    let e = faulty(&c, "503; 0").get_session(&id).await.unwrap_err();
    assert_eq!((e.status(), emu.request_count()), (Some(503), 3), "the client's policy: 1 attempt + 2 retries");
    emu.clear_requests();
    let e = faulty(&c, "503; 0").with_options(RequestOptions::new().max_retries(0)).get_session(&id).await.unwrap_err();
    assert_eq!((e.status(), emu.request_count()), (Some(503), 1), "max_retries 0: one attempt");
    assert!(e.is_server_error() && !e.is_rate_limited(), "{e}");
}

#[tokio::test]
async fn per_call_headers_reach_the_server_and_follow_the_client_rules() {
    let emu = emulator().await;
    let c = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).header("X-Trace-Id", "client").build().unwrap();
    let id = a_session(&c).await;
    emu.clear_requests();
    let traced = c.with_options(RequestOptions::new().header("x-trace-id", "call-1").header("Idempotency-Key", "k-1"));
    traced.get_session(&id).await.unwrap();
    let seen = emu.requests();
    let last = seen.last().unwrap();
    assert_eq!((last.header("x-trace-id"), last.header("idempotency-key")), (Some("call-1"), Some("k-1")));
    assert_eq!(last.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("x-trace-id")).count(), 1, "replaces the client's");
    c.get_session(&id).await.unwrap();
    assert_eq!(emu.requests().last().unwrap().header("x-trace-id"), Some("client"));
    // The SDK's own headers are refused, before any I/O; values never in Debug.
    emu.clear_requests();
    let e = c.with_options(RequestOptions::new().header("Authorization", "Bearer other")).get_session(&id).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
    assert_eq!(emu.request_count(), 0);
    assert!(!format!("{traced:?}").contains("call-1"), "{traced:?}");
}

#[tokio::test]
async fn a_raw_response_has_status_headers_and_the_typed_value() {
    let emu = emulator().await;
    let c = client(&emu);
    let id = a_session(&c).await;
    let r = c.send_with_response(&GetSession::new(&id)).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.header("Content-Type").is_some_and(|v| v.starts_with("application/json")), "{:?}", r.headers());
    assert_eq!(r.value().id.as_deref(), Some(id.as_str()));
    assert_eq!(r.request_id(), None, "the emulator sends no request id");
    let session: SessionInfo = r.into_value();
    assert_eq!(session.id.as_deref(), Some(id.as_str()));
    // A page, through a list operation.
    let page = c.send_with_response(&ListSessions::new().count_per_page(1)).await.unwrap();
    assert_eq!((page.status(), page.value().items().len()), (200, 1));
}

#[tokio::test]
async fn rate_limits_server_errors_and_refused_connections_are_told_apart() {
    let emu = emulator().await;
    let c = client(&emu);
    let id = a_session(&c).await;
    let once = RequestOptions::new().max_retries(0);

    let e = faulty(&c, "429; 7").with_options(once.clone()).get_session(&id).await.unwrap_err();
    assert!(e.is_rate_limited() && !e.is_server_error(), "{e}");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(e.headers().iter().find(|(n, _)| n == "retry-after").map(|(_, v)| v.as_str()), Some("7"));
    assert_eq!(e.meta().map(ResponseMeta::status), Some(429));
    assert!(e.to_string().contains("rate limited: try again in 7 s"), "{e}");

    let e = faulty(&c, "503; 0").with_options(once.clone()).get_session(&id).await.unwrap_err();
    assert!(e.is_server_error() && e.status() == Some(503) && !e.is_connection(), "{e}");
    let e = faulty(&c, "500").with_options(once.clone()).get_session(&id).await.unwrap_err();
    assert!(e.is_server_error(), "{e}");

    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let refused = Client::builder().base_url(format!("http://127.0.0.1:{port}")).max_retries(0).build().unwrap();
    let e = refused.get_session("x").await.unwrap_err();
    assert!(e.is_connection() && e.kind() == ErrorKind::Transport && e.status().is_none(), "{e}");
    // An answer that breaks off is a transport error, not a connection error.
    let e = faulty(&c, "drop").with_options(once).get_session(&id).await.unwrap_err();
    assert!(e.kind() == ErrorKind::Transport && !e.is_connection(), "{e:?}");
}

#[tokio::test]
async fn a_rotated_token_is_used_by_the_next_call() {
    let emu = emulator().await;
    let c = Client::builder().base_url(emu.url()).bearer_token("wrong-token").build().unwrap();
    let e = c.list_sessions(&ListSessions::new()).await.unwrap_err();
    assert!(e.is_unauthorized(), "{e}");
    let quick = c.with_options(RequestOptions::new().max_retries(0));
    c.set_auth(Auth::Bearer(Secret::new(DEV_TOKEN))).unwrap();
    c.list_sessions(&ListSessions::new()).await.unwrap();
    quick.list_sessions(&ListSessions::new()).await.expect("handles share the login");
}
