//! `EvoVoiceClient`: its options, login and paging, over fetch; its methods of the operations
//! are stamped in [`crate::methods`] from the core's list.
//!
//! Requests go to the core as JSON text and come back built; answers go to the core as bytes,
//! which it checks against the operation's response schema, then to `JSON.parse`. Nothing here
//! is specific to an operation: each is data, the core's `OperationInfo`.

use std::cell::RefCell;
use std::rc::Rc;

use evovoice::json::Value;
use evovoice::models::Authenticate;
use evovoice::request::{build_request_json, Target, WireRequest};
use evovoice::response::{check_response, CheckedBody};
use evovoice::{paging, Auth, Config, Error, OperationInfo, Secret};
use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::convert::{self, error_to_js, invalid, CallOptions};
use crate::snippet;
use crate::transport::{self, Finish, SendOptions};


/// The login's operation and route (for its `onEvent` events).
const LOGIN: Target = Target::of::<Authenticate>();

struct Inner {
    config: RefCell<Config>,
    /// The fetch credentials mode (undefined: fetch's default).
    credentials: JsValue,
    max_response_bytes: f64,
    /// The `onEvent` hook (undefined when none).
    on_event: JsValue,
}

/// A checked answer and the body `parseJson` reads when the core left it as it came (its bytes,
/// or a fetched body's chunks).
pub struct Checked {
    body: JsValue,
    checked: CheckedBody,
}

impl Checked {
    /// The answer as a plain JS value; a page always has its `items` (an empty array when the
    /// server sent none).
    pub fn to_js(&self) -> Result<JsValue, Error> {
        let parsed = match &self.checked.checked.rewritten {
            None => snippet::parse_json(&self.body, self.checked.start),
            Some(text) => snippet::parse_json(&Uint8Array::from(text.as_slice()).into(), 0),
        };
        let value = parsed.map_err(|_| invalid("the checked answer could not be read by JSON.parse"))?;
        // No items: absent, null or []; [] in every case.
        if self.checked.checked.page.is_some_and(|p| p.items == 0) {
            let _ = Reflect::set(&value, &JsValue::from_str(paging::ITEMS), &js_sys::Array::new());
        }
        Ok(value)
    }
}

/// Checks a (sans-IO or fetched) answer against `op`'s response shape.
pub fn check(op: &OperationInfo, status: u16, reason: Option<&str>, body: JsValue, bytes: &[u8]) -> Result<Checked, Error> {
    let checked = check_response(op.response, status, reason, bytes)?;
    Ok(Checked { body, checked })
}

impl Inner {
    /// Builds `request` (JSON text of `op`'s request DTO) and sends it.
    fn send(&self, op: &OperationInfo, request: &[u8], opts: &CallOptions, finish: Finish) -> Result<Promise, Error> {
        self.exchange(&op.target, opts, &mut |config| build_request_json(config, &op.target, op.request, request), finish)
    }

    /// Builds the request with `build` from the config of the call (see [`with_options`]), then
    /// sends it with retries as that config's `RetryPolicy` decides (the loop of the core's
    /// native client, run by `transport`). The timeout applies to each attempt; the caller's
    /// signal also ends a wait. (`build` is a `dyn`: one body for every call and the login.)
    /// `target` names the call in the `onEvent` events (its operation and route template).
    fn exchange(&self, target: &Target, opts: &CallOptions, build: &mut dyn FnMut(&Config) -> Result<WireRequest, Error>, finish: Finish) -> Result<Promise, Error> {
        let client = self.config.borrow();
        let mut applied = None;
        let config = with_options(&client, opts, &mut applied)?;
        let req = build(config)?;
        let send = SendOptions {
            credentials: &self.credentials,
            on_event: &self.on_event,
            target,
            signal: opts.signal.clone(),
            timeout_ms: config.timeout().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0),
            max_response_bytes: self.max_response_bytes,
            raw: opts.raw,
        };
        Ok(transport::send(req, config.retry_policy(), &send, finish))
    }
}

/// The config a call is built and sent with: the client's with the call's options applied over
/// it by the core (`RequestOptions::apply`: its timeout, retry count and headers, under the
/// client header rules), or the client's itself when the call has none (the common case: no
/// copy).
fn with_options<'a>(client: &'a Config, opts: &CallOptions, applied: &'a mut Option<Config>) -> Result<&'a Config, Error> {
    let r = &opts.request;
    if r.timeout.is_none() && r.max_retries.is_none() && r.headers.is_empty() {
        return Ok(client);
    }
    Ok(applied.insert(opts.request.apply(client)?))
}

/// A client of the Evo Voice Sessions API. Every method returns a Promise of a plain object in
/// the API's JSON shape (camelCase) and rejects with an `EvoVoiceError`.
#[wasm_bindgen(js_name = EvoVoiceClient)]
pub struct EvoVoiceClient {
    inner: Rc<Inner>,
}

fn rejected(e: Error) -> Promise {
    Promise::reject(&error_to_js(&e))
}

impl EvoVoiceClient {
    /// New credentials, checked by the core (`Config::set_credentials`: a refused one changes
    /// nothing).
    fn set_auth(&self, auth: Result<Auth, Error>) -> Result<(), JsValue> {
        auth.and_then(|auth| self.inner.config.borrow_mut().set_credentials(auth)).map_err(|e| error_to_js(&e))
    }

    /// One call of `op` with `request` (JSON text of its DTO).
    fn call(&self, op: &'static OperationInfo, request: Result<Vec<u8>, Error>, options: Option<Object>) -> Promise {
        let sent = request.and_then(|request| {
            let opts = convert::call_options_from_js(options)?;
            let finish: Finish = Box::new(move |a| check(op, a.status, Some(&a.reason), a.body, &a.bytes)?.to_js());
            self.inner.send(op, &request, &opts, finish)
        });
        sent.unwrap_or_else(rejected)
    }

    /// One call of `op` with a request object from JS (what the stamped methods of every
    /// operation but a get call).
    #[inline(never)]
    pub(crate) fn call_dto(&self, op: &'static OperationInfo, request: &JsValue, options: Option<Object>) -> Promise {
        self.call(op, Self::dto(request, op), options)
    }

    /// One call of a get operation `op`, from the values of its route parameters.
    #[inline(never)]
    pub(crate) fn call_params(&self, op: &'static OperationInfo, args: &[&JsValue], options: Option<Object>) -> Promise {
        // The request object `{ sessionId }`: checked against the request's schema as any other.
        let request = Object::new();
        for (param, arg) in op.params.iter().zip(args) {
            let _ = Reflect::set(&request, &JsValue::from_str(param.wire), arg);
        }
        self.call_dto(op, &request.into(), options)
    }

    /// Every item of every page of `op`'s list, starting at `filter.page` (default 0): an
    /// async iterator (what the stamped `iter*` methods return).
    #[inline(never)]
    pub(crate) fn iterate(&self, op: &'static OperationInfo, filter: &JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        let first = Self::dto(filter, op)
            .and_then(|text| evovoice::request::check_request_json(&op.target, op.request, &text))
            .map_err(|e| error_to_js(&e))?;
        let mut opts = convert::call_options_from_js(options).map_err(|e| error_to_js(&e))?;
        // An iterator yields items: `raw` does not apply to its pages.
        opts.raw = false;
        let pager = SessionPager { inner: self.inner.clone(), op, next: Rc::new(RefCell::new(Some(first))), opts };
        Ok(snippet::iterate(pager.into()))
    }

    fn dto(request: &JsValue, op: &OperationInfo) -> Result<Vec<u8>, Error> {
        convert::dto_json_from_js(request, op.name())
    }
}


#[wasm_bindgen(js_class = EvoVoiceClient)]
impl EvoVoiceClient {
    /// A client for `{ baseUrl, bearerToken | userName + password, timeoutMs, credentials,
    /// headers, maxRetries, maxResponseBytes, allowInsecureHttp }`. Throws an `EvoVoiceError`
    /// (kind `invalidRequest`) for bad options, and for credentials that would travel in clear
    /// text (`http://` to a host that is not this machine, unless `allowInsecureHttp`).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<Object>) -> Result<EvoVoiceClient, JsValue> {
        let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        let settings = convert::settings_from_js(&options).map_err(|e| error_to_js(&e))?;
        if *settings.config.auth() != Auth::None {
            settings.config.check_credentials_transport().map_err(|e| error_to_js(&e))?;
        }
        let inner = Inner {
            config: RefCell::new(settings.config),
            credentials: settings.credentials,
            max_response_bytes: settings.max_response_bytes,
            on_event: settings.on_event,
        };
        Ok(Self { inner: Rc::new(inner) })
    }

    /// The base URL requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl, unchecked_return_type = "string")]
    pub fn base_url(&self) -> JsValue {
        // A JsValue, not a String: no deferred free in the glue.
        JsValue::from_str(self.inner.config.borrow().base_url())
    }

    /// How the client authenticates (never the secret): `"bearer"`, `"basic"` or `"session"`
    /// (a login's) with credentials of its own; without: `"cookie"` when it sends the
    /// browser's cookies (`credentials: "include"` or `"same-origin"`: a cookie session, e.g.
    /// after a reload), else `"none"`.
    #[wasm_bindgen(getter, js_name = authScheme, unchecked_return_type = "AuthScheme")]
    pub fn auth_scheme(&self) -> JsValue {
        let scheme = match self.inner.config.borrow().auth() {
            Auth::None if self.inner.credentials.as_string().is_some_and(|c| c != "omit") => "cookie",
            Auth::None => "none",
            Auth::Bearer(_) => "bearer",
            Auth::Basic { .. } => "basic",
            Auth::Session(_) => "session",
            #[allow(unreachable_patterns)]
            _ => "other",
        };
        JsValue::from_str(scheme)
    }

    /// Signs in with a user name and password (`POST /auth/credentials`); later calls use the
    /// session. Resolves to the user's details (without the session id or tokens).
    /// (Declared with the operations' methods by build.rs: `raw` types as theirs.)
    #[wasm_bindgen(skip_typescript)]
    pub fn login(
        &self,
        #[wasm_bindgen(js_name = userName, unchecked_param_type = "string")] user_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Promise {
        let sent = (|| {
            let user = convert::string_arg(&user_name, "the user name")?;
            let password = convert::string_arg(&password, "the password")?;
            let opts = convert::call_options_from_js(options)?;
            let inner = self.inner.clone();
            let finish: Finish = Box::new(move |a| {
                let answer = evovoice::parse_login_answer(a.status, Some(&a.reason), &a.bytes)?;
                inner.config.borrow_mut().apply_login(&answer)?;
                convert::json_to_js(&answer.public_json())
            });
            self.inner.exchange(&LOGIN, &opts, &mut |config| evovoice::request::build_login_wire(config, &user, &password), finish)
        })();
        sent.unwrap_or_else(rejected)
    }

    /// Replaces the client's credentials with a bearer token (a JWT or an API key): later calls
    /// send it (a call in flight keeps what it was sent with). Throws an `EvoVoiceError` (kind
    /// `invalidRequest`) for an empty token, or one that would travel in clear text (as the
    /// constructor); the client's credentials are then unchanged.
    #[wasm_bindgen(js_name = setBearerToken)]
    pub fn set_bearer_token(&self, #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue) -> Result<(), JsValue> {
        let auth = convert::string_arg(&token, "the token").map(|t| Auth::Bearer(Secret::new(t)));
        self.set_auth(auth)
    }
}

/// The state of one `iterSessions` walk (internal; driven by the package's async generator).
#[wasm_bindgen(js_name = SessionPager, skip_typescript)]
pub struct SessionPager {
    inner: Rc<Inner>,
    op: &'static OperationInfo,
    next: Rc<RefCell<Option<Value>>>,
    opts: CallOptions,
}

#[wasm_bindgen(js_class = SessionPager)]
impl SessionPager {
    /// The items of the next page, or `undefined` after the last page.
    #[wasm_bindgen(js_name = nextPage)]
    pub fn next_page(&self) -> Promise {
        let Some(request) = self.next.borrow_mut().take() else {
            return Promise::resolve(&JsValue::UNDEFINED);
        };
        let body = request.to_json();
        let (op, next) = (self.op, self.next.clone());
        let finish: Finish = Box::new(move |a| {
            let page = check(op, a.status, Some(&a.reason), a.body, &a.bytes)?;
            let facts = page.checked.checked.page.unwrap_or_default();
            *next.borrow_mut() = paging::next_page_json(&request, facts.into());
            Ok(Reflect::get(&page.to_js()?, &JsValue::from_str(paging::ITEMS)).unwrap_or(JsValue::UNDEFINED))
        });
        self.inner.send(self.op, body.as_bytes(), &self.opts, finish).unwrap_or_else(rejected)
    }
}
