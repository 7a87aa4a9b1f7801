//! The fault matrix: `evovoice::Client` against the emulator started with fault injection, one
//! test per fault. Each gives the documented error kind with a useful message (or a value), and
//! the emulator's request log shows how many attempts the client made.
//!
//! The client cannot add headers, so faults travel in the `__fault` query parameter: GETs send
//! it as a field of a custom [`Operation`]; POSTs, whose fields all go to the body, carry it in
//! their route.

use std::time::{Duration, Instant};

use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN};
use serde::Serialize;

/// GetSession plus a fault.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FaultyGet {
    session_id: String,
    #[serde(rename = "__fault")]
    fault: String,
}

impl Operation for FaultyGet {
    type Response = SessionInfo;
    const NAME: &'static str = "GetSession";
    const METHOD: http::Method = http::Method::GET;
    const ROUTE: &'static str = "/sessions/{sessionId}";
}

/// ListSessions plus a fault.
#[derive(Serialize)]
struct FaultyList {
    #[serde(flatten)]
    list: ListSessions,
    #[serde(rename = "__fault")]
    fault: String,
}

impl Operation for FaultyList {
    type Response = ListResponse<SessionInfo>;
    const NAME: &'static str = "ListSessions";
    const METHOD: http::Method = http::Method::GET;
    const ROUTE: &'static str = "/sessions";
}

/// NewSession with a fault in its route (a POST sends every field in the body).
macro_rules! faulty_new {
    ($name:ident, $query:literal) => {
        #[derive(Serialize)]
        #[serde(transparent)]
        struct $name(NewSession);
        impl Operation for $name {
            type Response = SessionInfo;
            const NAME: &'static str = "NewSession";
            const METHOD: http::Method = http::Method::POST;
            const ROUTE: &'static str = concat!("/sessions?__fault=", $query);
        }
    };
}
faulty_new!(New503, "503%3B0");
faulty_new!(New429, "429%3B0");
faulty_new!(New502, "502-html");
faulty_new!(NewDelayed, "delay%3B1000");

async fn emulator(seed: usize) -> Emulator {
    Emulator::start(Options { seed, faults: true, ..Default::default() }).await.expect("emulator starts")
}

/// Retries as by default, but with short backoffs so the matrix stays fast.
fn client(emu: &Emulator) -> Client {
    builder(emu).build().unwrap()
}

fn builder(emu: &Emulator) -> ClientBuilder {
    Client::builder()
        .base_url(emu.url())
        .bearer_token(DEV_TOKEN)
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(10)))
}

fn list(fault: &str) -> FaultyList {
    FaultyList { list: ListSessions::new(), fault: fault.into() }
}

/// How many requests for `path_prefix` the emulator received.
fn attempts(emu: &Emulator, path_prefix: &str) -> usize {
    emu.requests().iter().filter(|r| r.raw_path.starts_with(path_prefix)).count()
}

fn chat() -> NewSession {
    NewSession::new(FlowChannels::Chat).display_name("faults")
}

#[tokio::test]
async fn status_500_is_an_api_error_with_the_server_code_and_is_not_retried() {
    let emu = emulator(2).await;
    let e = client(&emu).send(&list("500")).await.unwrap_err();
    assert_eq!((e.kind(), e.status(), e.error_code()), (ErrorKind::Api, Some(500), Some("NullReferenceException")));
    let text = e.to_string();
    assert!(text.contains("HTTP 500 NullReferenceException: Object reference not set"), "{text}");
    assert_eq!(attempts(&emu, "/sessions"), 1);
}

#[tokio::test]
async fn html_502_is_an_api_error_not_a_decode_error() {
    let emu = emulator(2).await;
    let once = builder(&emu).retry_policy(RetryPolicy::NONE).build().unwrap();
    let e = once.send(&list("502-html")).await.unwrap_err();
    assert_eq!((e.kind(), e.status(), e.error_code()), (ErrorKind::Api, Some(502), Some("502")));
    assert_eq!(e.response_status().unwrap().message.as_deref(), Some("Bad Gateway"));
    assert_eq!(attempts(&emu, "/sessions"), 1);
    // With the default policy a GET is tried 1 + 2 times, then the 502 is returned.
    emu.clear_requests();
    let e = client(&emu).send(&list("502-html")).await.unwrap_err();
    assert_eq!(e.status(), Some(502));
    assert_eq!(attempts(&emu, "/sessions"), 3);
}

#[tokio::test]
async fn gets_retry_503_and_429_then_succeed_or_give_up() {
    let emu = emulator(2).await;
    let c = client(&emu);
    // 503, 503, then the real answer.
    let page = c.send(&list("503;0;times=2")).await.unwrap();
    assert_eq!(page.items().len(), 2);
    assert_eq!(attempts(&emu, "/sessions"), 3);

    emu.clear_requests();
    let page = c.send(&list("429;0;times=1")).await.unwrap();
    assert_eq!(page.items().len(), 2);
    assert_eq!(attempts(&emu, "/sessions"), 2);

    // Always unavailable: 1 + max_retries attempts, then the error.
    for (fault, status) in [("503;0", 503), ("429;0", 429), ("504", 504)] {
        emu.clear_requests();
        let e = c.send(&list(fault)).await.unwrap_err();
        assert_eq!((e.kind(), e.status()), (ErrorKind::Api, Some(status)), "{fault}");
        assert_eq!(attempts(&emu, "/sessions"), 3, "{fault}");
    }
    emu.clear_requests();
    let three = builder(&emu).max_retries(3).build().unwrap();
    assert!(three.send(&list("503;0")).await.is_err());
    assert_eq!(attempts(&emu, "/sessions"), 4);

    // A Retry-After longer than the policy's max_retry_after (30 s) is not waited for.
    emu.clear_requests();
    let started = Instant::now();
    let e = c.send(&list("429;60")).await.unwrap_err();
    assert_eq!(e.status(), Some(429));
    assert_eq!(attempts(&emu, "/sessions"), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let emu = emulator(1).await;
    let started = Instant::now();
    let page = client(&emu).send(&list("503;1;times=1")).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(page.items().len(), 1);
    assert_eq!(attempts(&emu, "/sessions"), 2);
    assert!(waited >= Duration::from_secs(1) && waited < Duration::from_millis(1800), "waited {waited:?}");
}

#[tokio::test]
async fn posts_are_never_retried_after_an_answer() {
    let emu = emulator(0).await;
    let c = client(&emu);
    let e = c.send(&New503(chat())).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    let e = c.send(&New429(chat())).await.unwrap_err();
    assert_eq!(e.status(), Some(429));
    let e = c.send(&New502(chat())).await.unwrap_err();
    assert_eq!(e.status(), Some(502));
    assert_eq!(attempts(&emu, "/sessions"), 3, "one attempt each");
    // A POST that times out (the server may still act on it) is not sent again either.
    let slow = builder(&emu).timeout(Duration::from_millis(200)).build().unwrap();
    assert_eq!(slow.send(&NewDelayed(chat())).await.unwrap_err().kind(), ErrorKind::Timeout);
    assert_eq!(attempts(&emu, "/sessions"), 4);
}

#[tokio::test]
async fn truncated_and_invalid_bodies_are_decode_errors() {
    let emu = emulator(4).await;
    let c = client(&emu);
    let e = c.send(&list("truncated")).await.unwrap_err();
    let Error::Decode { status, path, message, snippet } = &e else { panic!("{e:?}") };
    assert_eq!(*status, 200);
    assert!(message.contains("EOF"), "{message}");
    assert!(path.starts_with("items"), "the path says where the body stopped: {path}");
    assert!(snippet.starts_with("{\"items\":["), "{snippet}");
    assert!(e.to_string().contains("could not decode"), "{e}");

    let e = c.send(&list("invalid-json")).await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Decode, Some(200)));
    assert!(e.to_string().contains("not json"), "the snippet shows the body: {e}");
    // Neither is retried: the server answered.
    assert_eq!(attempts(&emu, "/sessions"), 2);
}

#[tokio::test]
async fn a_body_cut_short_of_its_content_length_is_a_transport_error() {
    let emu = emulator(4).await;
    let e = client(&emu).send(&list("truncated;full-length")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(e.to_string().starts_with("transport error: "), "{e}");
    assert_eq!(attempts(&emu, "/sessions"), 1);
}

#[tokio::test]
async fn wrong_types_are_decode_errors_naming_the_field() {
    let emu = emulator(3).await;
    let c = client(&emu);
    for (fault, want) in [
        ("wrong-types", "items[0].ended"),
        ("wrong-types;muted", "items[0].members[0].muted"),
        ("wrong-types;members", "items[0].members"),
    ] {
        let e = c.send(&list(fault)).await.unwrap_err();
        let Error::Decode { path, message, .. } = &e else { panic!("{fault}: {e:?}") };
        assert_eq!(path, want, "{fault}");
        assert!(message.contains("invalid type"), "{fault}: {message}");
        assert!(e.to_string().contains(want), "{e}");
    }
    let id = c.list_sessions(&ListSessions::new()).await.unwrap().items()[0].id.clone().unwrap();
    let e = c.send(&FaultyGet { session_id: id, fault: "wrong-types".into() }).await.unwrap_err();
    assert!(matches!(&e, Error::Decode { path, .. } if path == "ended"), "{e:?}");
}

#[tokio::test]
async fn unknown_values_and_fields_are_not_errors() {
    let emu = emulator(6).await;
    let c = client(&emu);
    let plain = c.list_sessions(&ListSessions::new()).await.unwrap();
    let odd = c.send(&list("unknown-values")).await.unwrap();
    assert_eq!(odd.items().len(), plain.items().len());
    for (a, b) in odd.items().iter().zip(plain.items()) {
        assert_eq!(a.id, b.id);
        let channel = a.channel.as_ref().unwrap();
        assert!(!channel.is_known());
        assert_eq!(channel.as_str(), format!("FutureValue{}", b.channel.as_ref().unwrap().as_str()));
        for (m, n) in a.members.iter().flatten().zip(b.members.iter().flatten()) {
            assert_eq!(m.identity, n.identity);
            assert!(!m.role.as_ref().unwrap().is_known());
            assert_eq!(m.application_data, n.application_data, "string maps are untouched");
        }
    }
    let id = plain.items()[0].id.clone().unwrap();
    let s = c.send(&FaultyGet { session_id: id.clone(), fault: "unknown-values".into() }).await.unwrap();
    assert_eq!(s.id, Some(id));
}

#[tokio::test]
async fn huge_bodies_hit_the_size_cap_or_decode() {
    let emu = emulator(2).await;
    let capped = builder(&emu).max_response_bytes(1024 * 1024).build().unwrap();
    let started = Instant::now();
    let e = capped.send(&list("huge;4")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(e.to_string().contains("larger than the 1048576-byte limit"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Under the cap (the default is 64 MiB) it is just a big answer with an unknown field.
    let page = client(&emu).send(&list("huge;4")).await.unwrap();
    assert_eq!(page.items().len(), 2);
    assert_eq!(attempts(&emu, "/sessions"), 2, "a size error is not retried");
}

#[tokio::test]
async fn a_delay_longer_than_the_timeout_is_a_timeout_within_a_small_margin() {
    let emu = emulator(1).await;
    let timeout = Duration::from_millis(400);
    let c = builder(&emu).timeout(timeout).build().unwrap();
    let started = Instant::now();
    let e = c.send(&list("delay;3000")).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert!(e.to_string().contains("timed out"), "{e}");
    eprintln!("timeout {timeout:?} -> error after {took:?}");
    assert!(took >= timeout && took < timeout + Duration::from_millis(250), "took {took:?}");
    assert_eq!(attempts(&emu, "/sessions"), 1, "a timeout is not retried");
    // A delay within the timeout is only a slow answer.
    assert_eq!(c.send(&list("delay;100")).await.unwrap().items().len(), 1);
    // The client is still usable after a timeout.
    assert_eq!(c.list_sessions(&ListSessions::new()).await.unwrap().items().len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let emu = emulator(4).await;
    let c = client(&emu);
    let e = c.send(&list("drop")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(e.to_string().starts_with("transport error: "), "{e}");
    assert_eq!(attempts(&emu, "/sessions"), 1, "dropped mid-body: not retried");
    // The pool recovers.
    assert_eq!(c.list_sessions(&ListSessions::new()).await.unwrap().items().len(), 4);
}

#[tokio::test]
async fn errors_never_carry_the_token() {
    let emu = emulator(2).await;
    let c = Client::builder()
        .base_url(emu.url())
        .bearer_token("tok-FAULT-SECRET")
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::NONE)
        .build()
        .unwrap();
    for fault in ["500", "502-html", "503", "truncated", "truncated;full-length", "invalid-json", "wrong-types", "delay;1000", "drop", "huge;1"] {
        let e = match c.send(&list(fault)).await {
            Err(e) => e,
            Ok(_) => continue,
        };
        let text = format!("{e} {e:?}");
        assert!(!text.contains("tok-FAULT-SECRET"), "{fault}: {text}");
    }
}
