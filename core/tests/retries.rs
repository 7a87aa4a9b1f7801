//! Retries against a scripted loopback server that counts the requests it receives.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use evovoice::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Answers the n-th request with `script[n]` (the last entry repeats); returns (url, counter).
async fn scripted(script: Vec<&'static str>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let answer = script[n.min(script.len() - 1)];
            let mut buf = vec![0u8; 16 * 1024];
            let _ = sock.read(&mut buf).await;
            let _ = sock.write_all(answer.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    (url, count)
}

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 11\r\n\r\n{\"id\":\"s1\"}";
const UNAVAILABLE: &str = "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
const BAD_GATEWAY: &str = "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\nconnection: close\r\ncontent-length: 13\r\n\r\n<html></html>";
const TOO_MANY_LATER: &str = "HTTP/1.1 429 Too Many Requests\r\nretry-after: 3600\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
const SERVER_ERROR: &str = "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 63\r\n\r\n{\"responseStatus\":{\"errorCode\":\"Boom\",\"message\":\"it broke\"}}   ";

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .bearer_token("t")
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(20)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn gets_retry_transient_failures_then_succeed() {
    let (url, count) = scripted(vec![UNAVAILABLE, BAD_GATEWAY, OK]).await;
    let s = client(&url).get_session("s1").await.unwrap();
    assert_eq!(s.id.as_deref(), Some("s1"));
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn gets_give_up_after_the_limit() {
    let (url, count) = scripted(vec![UNAVAILABLE]).await;
    let e = client(&url).get_session("s1").await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 3, "1 attempt + 2 retries");

    let (url, count) = scripted(vec![UNAVAILABLE]).await;
    let none = Client::builder().base_url(&url).retry_policy(RetryPolicy::NONE).build().unwrap();
    assert!(none.get_session("s1").await.is_err());
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn posts_are_never_retried_once_sent() {
    let (url, count) = scripted(vec![UNAVAILABLE, OK]).await;
    let e = client(&url).new_session(&NewSession::new(FlowChannels::Voice)).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn long_retry_after_and_non_transient_errors_are_not_retried() {
    let (url, count) = scripted(vec![TOO_MANY_LATER, OK]).await;
    let started = Instant::now();
    let e = client(&url).get_session("s1").await.unwrap_err();
    assert_eq!(e.status(), Some(429));
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() < Duration::from_secs(5));

    let (url, count) = scripted(vec![SERVER_ERROR, OK]).await;
    let e = client(&url).get_session("s1").await.unwrap_err();
    assert_eq!((e.status(), e.error_code()), (Some(500), Some("Boom")));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn connect_failures_end_as_transport_errors() {
    // Nothing listens: every attempt (retried, as the policy's unit tests prove it may be, since
    // nothing was sent) fails to connect; the caller gets a transport error, not a hang.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let c = Client::builder()
        .base_url(format!("http://{closed}"))
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(100)).max_delay(Duration::from_millis(100)))
        .build()
        .unwrap();
    let e = c.new_session(&NewSession::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
}

#[tokio::test]
async fn credentials_are_refused_over_plain_http_to_remote_hosts() {
    let e = Client::builder().base_url("http://evovoice.io").bearer_token("t").build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert!(e.to_string().contains("clear text"));
    assert!(Client::builder().base_url("http://evovoice.io").bearer_token("t").allow_insecure_http(true).build().is_ok());
    let anonymous = Client::builder().base_url("http://evovoice.io").build().unwrap();
    assert_eq!(anonymous.login("u", "p").await.unwrap_err().kind(), ErrorKind::InvalidRequest);
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[tokio::test]
async fn redirects_never_carry_credentials_to_another_origin() {
    // Another origin (same host, other port) that must never be reached.
    let (elsewhere, reached) = scripted(vec![OK]).await;
    let to_elsewhere = leak(format!(
        "HTTP/1.1 302 Found\r\nlocation: {elsewhere}/sessions/s1\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"
    ));
    let (url, count) = scripted(vec![to_elsewhere]).await;
    let e = client(&url).get_session("s1").await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Api, Some(302)), "{e:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(reached.load(Ordering::SeqCst), 0, "the other origin got a request");

    // Within the same origin a redirect is followed.
    const TO_SAME: &str = "HTTP/1.1 301 Moved Permanently\r\nlocation: /sessions/s1?moved=1\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
    let (url, count) = scripted(vec![TO_SAME, OK]).await;
    assert_eq!(client(&url).get_session("s1").await.unwrap().id.as_deref(), Some("s1"));
    assert_eq!(count.load(Ordering::SeqCst), 2);
}
