//! Sends a core `WireRequest` with `fetch`, retrying as the core's `RetryPolicy` decides (what
//! each attempt's answer or failure means is the core's `retry::answered_attempt` /
//! `retry::failed_attempt`). Works in
//! browsers, web workers and Node 18+ (global `fetch`).
//!
//! The waiting is JavaScript's: the package's snippet (`run` in js/evovoice.js) is a loop of
//! `fetch` → [`Exchange::answered`] / [`Exchange::failed`] → sleep or [`Exchange::finish`]. Every
//! decision is made here, synchronously, by the core: what an attempt's outcome is, whether and
//! how long to wait before the next one (`RetryPolicy::delay`), which error a failure is, and what
//! the final answer becomes. (No Rust futures: a state machine per call cost the package more
//! bytes than all of its decisions.)
//!
//! Timeouts and caller aborts share one AbortController per attempt (`linkSignal`); which one
//! fired decides the error kind.

use std::time::{Duration, UNIX_EPOCH};

use evovoice::request::{Target, WireRequest};
use evovoice::retry::{answered_attempt, failed_attempt, Interrupted, RetryPolicy, Stage};
use evovoice::{Error, ResponseMeta};
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::convert::{error_to_js, error_with_headers, meta_from_js};
use crate::snippet::run_js;


/// How to send.
pub struct SendOptions<'a> {
    /// The fetch credentials mode (undefined: fetch's default).
    pub credentials: &'a JsValue,
    /// The client's `onEvent` hook (undefined: none), called with an event per attempt and
    /// one per call.
    pub on_event: &'a JsValue,
    /// The operation and route template the events name.
    pub target: &'a Target,
    /// The caller's abort signal.
    pub signal: Option<AbortSignal>,
    /// Milliseconds before giving up on one attempt (0: never).
    pub timeout_ms: f64,
    /// Largest response body accepted.
    pub max_response_bytes: f64,
    /// Resolve to `{ data, status, headers }` (the answer's) instead of the value.
    pub raw: bool,
}

/// A complete answer.
pub struct Answered {
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// The body as `fetchBytes` gave it (a `Uint8Array`, with its value if it parsed it: what
    /// `parseJson` gives when the core finds the body canonical).
    pub body: JsValue,
    /// The body's bytes, copied into wasm memory for the core.
    pub bytes: Vec<u8>,
}

/// What the final answer becomes (checked against a schema, a login applied, ...).
pub type Finish = Box<dyn FnOnce(Answered) -> Result<JsValue, Error>>;

/// One call in flight: its retry state and, once the attempts are over, its result.
#[wasm_bindgen(skip_typescript)]
pub struct Exchange {
    method: http::Method,
    policy: RetryPolicy,
    retry: u32,
    timeout_ms: f64,
    max_bytes: f64,
    last: Option<Result<Answered, Error>>,
    finish: Option<Finish>,
    /// The last answer's `Headers` and the core's reading of them (request id, Retry-After):
    /// an error of that answer carries them (see [`Exchange::finish`]).
    headers: JsValue,
    meta: ResponseMeta,
}

/// Sends `req` (with retries) and resolves to what `finish` makes of the final answer; rejects
/// with an `EvoVoiceError`.
pub fn send(req: WireRequest, policy: RetryPolicy, opts: &SendOptions, finish: Finish) -> Promise {
    // A plain object of names to values, as fetch takes it (names are unique: the core built them).
    let headers = js_sys::Object::new();
    for h in &req.headers {
        let _ = js_sys::Reflect::set(&headers, &JsValue::from_str(&h.name), &JsValue::from_str(&h.value));
    }
    let body = (!req.body.is_empty()).then(|| Uint8Array::from(req.body.as_slice()));
    let x = Exchange {
        method: req.method.clone(),
        policy,
        retry: 0,
        timeout_ms: opts.timeout_ms,
        max_bytes: opts.max_response_bytes,
        last: None,
        finish: Some(finish),
        headers: JsValue::UNDEFINED,
        meta: ResponseMeta::default(),
    };
    // The URL goes to fetch exactly as the core built it.
    let m = req.method.as_str();
    let t = opts.target;
    run_js(x, m, &req.url, headers, body, opts.credentials, opts.signal.clone(), opts.timeout_ms, opts.max_response_bytes, opts.raw, opts.on_event, t.name, t.route)
}

#[wasm_bindgen]
impl Exchange {
    /// An attempt was answered (`fetchBytes`' answer: `body` undefined when too large). Returns the milliseconds to wait before the next attempt, or -1 when this answer
    /// is the last. `headers` is the answer's `Headers`, `now_ms` is `Date.now()` (for a
    /// `Retry-After` date), `jitter` a `Math.random()` (the backoff's share).
    #[allow(clippy::too_many_arguments)]
    pub fn answered(
        &mut self,
        status: u16,
        #[wasm_bindgen(unchecked_param_type = "string")] reason: JsValue,
        too_large: bool,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] body: JsValue,
        headers: JsValue,
        now_ms: f64,
        jitter: f64,
    ) -> f64 {
        let now = UNIX_EPOCH + Duration::from_millis(now_ms as u64);
        let limit = too_large.then_some((self.max_bytes as u64, "maxResponseBytes"));
        // The core reads the answer's request id and Retry-After once: for the retry policy here,
        // and for the error of the last answer.
        let meta = meta_from_js(status, &headers, Some(now));
        let (outcome, result) = match answered_attempt(status, meta.retry_after(), limit) {
            Ok(outcome) => (outcome, Ok(())),
            Err((outcome, e)) => (outcome, Err(e)),
        };
        let wait = self.next(outcome, jitter);
        if wait < 0.0 {
            self.last = Some(result.map(|()| {
                // Copied into wasm memory for the core (an answer too large is an error: no body).
                let bytes = body.unchecked_ref::<Uint8Array>().to_vec();
                // A JsValue until here: only the last answer's reason phrase is read.
                Answered { status, reason: reason.as_string().unwrap_or_default(), body, bytes }
            }));
            (self.headers, self.meta) = (headers, meta);
        }
        wait
    }

    /// An attempt failed before a whole answer came: `fetchBytes` rejected with `message` at
    /// its `stage` (0 send: no answer at all, 1 receive: the answer broke off, 2 a redirect);
    /// `why` is what ended it, if the attempt's signal did: 1 its timeout, 2 the caller's
    /// abort, 0 neither. Returns the wait before the next attempt, or -1. What it means is the
    /// core's `retry::failed_attempt`. (Numbers, not strings: less glue.)
    pub fn failed(&mut self, stage: u8, #[wasm_bindgen(unchecked_param_type = "string")] message: JsValue, why: u8, jitter: f64) -> f64 {
        let message = message.as_string();
        let stage = match stage {
            0 => Stage::Send,
            2 => Stage::Redirect,
            _ => Stage::Receive,
        };
        let interrupted = match why {
            1 => Some(Interrupted::Timeout),
            2 => Some(Interrupted::Aborted),
            _ => None,
        };
        let (outcome, error) = failed_attempt(&self.method, stage, interrupted, message, self.timeout_ms as u64);
        let wait = self.next(outcome, jitter);
        if wait < 0.0 {
            self.last = Some(Err(error));
        }
        wait
    }

    /// The caller's signal ended a wait between attempts.
    pub fn aborted(&mut self) {
        self.last = Some(Err(Error::Aborted));
    }

    /// The call's value, or throws its `EvoVoiceError`: one that came with an answer carries
    /// its `Headers`, and the core's reading of them (request id, `Retry-After`).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        match (self.last.take(), self.finish.take()) {
            (Some(Ok(answer)), Some(finish)) => {
                let meta = std::mem::take(&mut self.meta);
                finish(answer).map_err(|e| error_with_headers(&e.with_meta(meta), &self.headers))
            }
            (Some(Err(e)), _) => Err(error_to_js(&e)),
            _ => Err(error_to_js(&Error::transport(evovoice::error::TransportErrorKind::Other, "the exchange ended without an answer"))),
        }
    }
}

impl Exchange {
    /// Asks the policy about the attempt that just ended: milliseconds to wait, or -1.
    fn next(&mut self, outcome: evovoice::Outcome, jitter: f64) -> f64 {
        match self.policy.delay(&self.method, self.retry, outcome, jitter) {
            Some(wait) => {
                self.retry += 1;
                wait.as_secs_f64() * 1000.0
            }
            None => -1.0,
        }
    }
}
