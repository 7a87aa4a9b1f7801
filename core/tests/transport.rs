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
    via.list_sessions(&ListSessions::new()).await.unwrap();
    assert_eq!(proxy.count(), 1);
    let direct = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).no_proxy().build().unwrap();
    direct.list_sessions(&ListSessions::new()).await.unwrap();
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
    c.list_sessions(&ListSessions::new()).await.unwrap();
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

/// The kind and the chain of causes of a transport error.
fn cause_of(e: &Error) -> (Option<TransportErrorKind>, String) {
    use std::error::Error as _;
    let mut chain = Vec::new();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    assert!(!chain.is_empty(), "{e:?} keeps its cause");
    (e.transport_kind(), chain.join(" <- "))
}

#[tokio::test]
async fn dns_refused_tls_and_cut_answers_each_say_which_they_are() {
    let once = |url: &str| Client::builder().base_url(url).max_retries(0).build().unwrap();
    // A name that cannot resolve. The resolver is one that fails every lookup (no DNS query
    // leaves this machine), given through the caller's own reqwest client.
    let no_dns = reqwest::Client::builder().dns_resolver(std::sync::Arc::new(NoDns)).build().unwrap();
    let e = Client::builder().base_url("http://no-such-host.invalid").http_client(no_dns).max_retries(0).build().unwrap().get_session("s1").await.unwrap_err();
    let (kind, chain) = cause_of(&e);
    assert_eq!(kind, Some(TransportErrorKind::Dns), "{e} / {chain}");
    assert!(e.is_connection() && e.to_string().contains("DNS"), "{e}");

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = once(&format!("http://127.0.0.1:{port}")).get_session("s1").await.unwrap_err();
    let (kind, chain) = cause_of(&e);
    assert_eq!(kind, Some(TransportErrorKind::ConnectionRefused), "{e} / {chain}");
    assert!(e.to_string().contains("refused"), "{e}");

    let server = support::tls_server().await;
    let e = once(&server.url).get_session("s1").await.unwrap_err();
    let (kind, chain) = cause_of(&e);
    assert_eq!(kind, Some(TransportErrorKind::Tls), "{e} / {chain}");
    assert!(chain.to_lowercase().contains("certificate"), "{chain}");

    let emu = Emulator::start(Options { faults: true, ..Options::default() }).await.unwrap();
    let c = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).max_retries(0).build().unwrap();
    let id = c.new_session(&NewSession::new(FlowChannels::Chat).display_name("x")).await.unwrap().id.unwrap();
    let e = c.with_options(RequestOptions::new().header("X-Evovoice-Fault", "drop")).get_session(&id).await.unwrap_err();
    let (kind, _) = cause_of(&e);
    assert_eq!(kind, Some(TransportErrorKind::BodyCutOff), "{e}");
    assert!(!e.is_connection());
    let small = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).max_response_bytes(1024).build().unwrap();
    let e = small.with_options(RequestOptions::new().header("X-Evovoice-Fault", "huge; 1")).get_session(&id).await.unwrap_err();
    assert_eq!(e.transport_kind(), Some(TransportErrorKind::TooLarge), "{e}");
    assert_eq!(TransportErrorKind::ConnectionRefused.as_str(), "connectionRefused");
}

/// A resolver that fails every lookup, as a name that does not exist does.
struct NoDns;

impl reqwest::dns::Resolve for NoDns {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let message = format!("failed to lookup address information: {} is not known", name.as_str());
        Box::pin(async move { Err(message.into()) })
    }
}
