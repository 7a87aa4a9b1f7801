//! The client's `tracing` events: a span per call, an event per attempt with its number,
//! status and the wait before a retry, and no secret in any line. Alone in its test binary:
//! other tests calling the client on other threads at the same time would race the callsite
//! registration of the thread-local subscriber used here.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN};

/// A tracing writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_attempt_and_wait_is_traced_without_secrets() {
    let emu = Emulator::start(Options { faults: true, ..Options::default() }).await.unwrap();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let c = Client::builder()
        .base_url(emu.url())
        .bearer_token(DEV_TOKEN)
        .header("X-Trace-Secret", "header-VALUE-1")
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    let flaky = c.with_options(RequestOptions::new().header("X-Evovoice-Fault", "503;0; times=2; key=trace"));
    flaky.list_sessions(&ListSessions::default()).await.unwrap();
    let failing = Client::builder().base_url(emu.url()).basic_auth("dev@evovoice.local", "pw-SECRET-2").max_retries(0).build().unwrap();
    failing.with_options(RequestOptions::new().header("X-Evovoice-Fault", "500")).list_sessions(&ListSessions::default()).await.unwrap_err();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let attempts: Vec<&&str> = lines.iter().filter(|l| l.contains("evovoice attempt")).collect();
    assert!(attempts.len() >= 4, "{text}");
    assert!(attempts[0].contains("attempt=1") && attempts[0].contains("status=503") && attempts[0].contains("retry_in_ms="), "{text}");
    assert!(attempts[1].contains("attempt=2") && attempts[1].contains("status=503") && attempts[1].contains("retry_in_ms="), "{text}");
    assert!(attempts[2].contains("attempt=3") && attempts[2].contains("status=200") && !attempts[2].contains("retry_in_ms"), "{text}");
    assert!(attempts[0].contains("evovoice.call") && attempts[0].contains("operation=\"ListSessions\"") && attempts[0].contains("route=\"/sessions\""), "{text}");
    assert!(lines.iter().any(|l| l.contains("evovoice call done") && l.contains("attempts=3")), "{text}");
    assert!(lines.iter().any(|l| l.contains("evovoice call done") && l.contains("attempts=1 status=500")), "{text}");
    for secret in [DEV_TOKEN, "header-VALUE-1", "pw-SECRET-2", "ZGV2QGV2b3ZvaWNlLmxvY2Fs", "Dev Account"] {
        assert!(!text.contains(secret), "{secret} in the log:\n{text}");
    }
}

