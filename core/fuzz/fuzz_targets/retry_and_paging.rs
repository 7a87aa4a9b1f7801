//! The pure decisions the transports rely on: `Retry-After` parsing, the retry policy and the
//! next-page computation, on arbitrary values. Never a panic; POSTs are never retried after a
//! status; no delay exceeds its bounds; paging always moves forward.
#![no_main]

use std::time::{Duration, SystemTime};

use arbitrary::Arbitrary;
use evovoice::retry::parse_retry_after;
use evovoice::*;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    retry_after: String,
    now_secs: u32,
    max_retries: u32,
    base_ms: u32,
    max_ms: u32,
    max_after_ms: u32,
    retry: u32,
    post: bool,
    outcome: u8,
    status: u16,
    jitter: u32,
    page: Option<i32>,
    all: Option<bool>,
    count_per_page: Option<i32>,
    simplified: Option<bool>,
    items: u8,
    total_count: Option<i64>,
    total_pages: Option<i64>,
    more: Option<bool>,
}

/// A value of one of core's DTOs (non-exhaustive: built from its `Default`) with these fields set.
macro_rules! with_fields {
    ($t:ident { $($f:ident: $v:expr),* $(,)? }) => {{
        let mut value = $t::default();
        $(value.$f = $v;)*
        value
    }};
}

fuzz_target!(|i: Input| {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::from(i.now_secs));
    let after = parse_retry_after(&i.retry_after, now);

    let policy = with_fields!(RetryPolicy {
        max_retries: i.max_retries % 10,
        base_delay: Duration::from_millis(u64::from(i.base_ms)),
        max_delay: Duration::from_millis(u64::from(i.max_ms)),
        max_retry_after: Duration::from_millis(u64::from(i.max_after_ms)),
    });
    let outcome = match i.outcome % 3 {
        0 => Outcome::ConnectFailed,
        1 => Outcome::Status { status: i.status, retry_after: after },
        _ => Outcome::Other,
    };
    let method = if i.post { http::Method::POST } else { http::Method::GET };
    // A jitter in [0, 1), as a transport supplies it.
    let jitter = f64::from(i.jitter) / (f64::from(u32::MAX) + 1.0);
    let retry = i.retry % 12;
    if let Some(wait) = policy.delay(&method, retry, outcome, jitter) {
        assert!(retry < policy.max_retries);
        match outcome {
            Outcome::ConnectFailed => assert!(wait <= policy.max_delay),
            Outcome::Status { status, retry_after } => {
                assert!(!i.post, "a POST was retried after an answer");
                assert!(matches!(status, 429 | 502 | 503 | 504), "{status} retried");
                match retry_after {
                    Some(ra) => assert!(wait >= ra && ra <= policy.max_retry_after && wait <= ra.max(policy.max_delay)),
                    None => assert!(wait <= policy.max_delay),
                }
            }
            Outcome::Other => panic!("an unknown failure was retried"),
            other => panic!("an outcome this target does not make: {other:?}"),
        }
    }

    let request = with_fields!(ListSessions {
        page: i.page,
        all: i.all,
        count_per_page: i.count_per_page,
        simplified_paging: i.simplified,
    });
    let page = with_fields!(ListResponse { items: Some(vec![(); usize::from(i.items % 64)]), total_count: i.total_count, total_pages: i.total_pages, has_more_pages: i.more });
    if let Some(next) = paging::next_page(&request, &page) {
        assert_eq!(next.page, Some(request.page.unwrap_or(0).max(0) + 1), "paging moves one page forward");
        assert!(!page.items().is_empty() && request.all != Some(true));
    }
});
