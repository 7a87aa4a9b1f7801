//! The native transport as users meet it outside the lab: a server behind a private CA, an
//! explicit proxy, the caller's own reqwest client, the environment's configuration, tracing
//! events of every attempt (tests/tracing_events.rs), and no tokio runtime. (Settings read from the process environment
//! are tested in tests/transport_env.rs, a binary of its own: the environment is process-wide.)

mod support;


use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN};

#[tokio::test]
async fn a_private_ca_is_refused_by_default_and_trusted_when_given() {
    let server = support::tls_server().await;
    let strict = Client::builder().base_url(&server.url).max_retries(0).build().unwrap();
    let e = strict.get_session("s1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(e.is_connection(), "no answer came: {e:?}");
    assert!(e.to_string().to_lowercase().contains("certificate"), "the message says why: {e}");

    let trusting = Client::builder().base_url(&server.url).ca_certificates_pem(&server.ca_pem).build().unwrap();
    assert_eq!(trusting.get_session("s1").await.unwrap().id.as_deref(), Some("s1"));

    let bad = Client::builder().ca_certificates_pem("not a certificate").build().unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidRequest, "{bad}");
}

#[tokio::test]
async fn an_explicit_proxy_carries_the_traffic() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let proxy = support::proxy().await;
    let via = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).proxy(&proxy.url).build().unwrap();
    via.list_sessions(&ListSessions::default()).await.unwrap();
    assert_eq!(proxy.count(), 1);
    let direct = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).no_proxy().build().unwrap();
    direct.list_sessions(&ListSessions::default()).await.unwrap();
    assert_eq!(proxy.count(), 1, "no_proxy: straight to the server");
    // HTTPS through the proxy: a CONNECT tunnel.
    let server = support::tls_server().await;
    let tunnelled = Client::builder().base_url(&server.url).ca_certificates_pem(&server.ca_pem).proxy(&proxy.url).build().unwrap();
    tunnelled.get_session("s1").await.unwrap();
    assert_eq!(proxy.count(), 2);
    let e = Client::builder().proxy("not a url").build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
}

#[tokio::test]
async fn the_callers_own_reqwest_client_is_used() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let proxy = support::proxy().await;
    let mine = reqwest::Client::builder().proxy(reqwest::Proxy::all(&proxy.url).unwrap()).build().unwrap();
    let c = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).http_client(mine.clone()).build().unwrap();
    c.list_sessions(&ListSessions::default()).await.unwrap();
    assert_eq!(proxy.count(), 1, "the request went through the caller's client");
    let e = Client::builder().http_client(mine).proxy(&proxy.url).build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "transport settings belong on the caller's client: {e}");
}

#[test]
fn without_a_tokio_runtime_a_call_is_an_error_not_a_panic() {
    let c = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let mut call = std::pin::pin!(c.get_session("s1"));
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match call.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Err(e)) => {
            assert_eq!(e.kind(), ErrorKind::InvalidRequest);
            assert!(e.to_string().contains("tokio runtime"), "{e}");
        }
        other => panic!("expected an immediate error, got {:?}", other.map(|r| r.map(|s| s.id))),
    }
}

use std::future::Future as _;
