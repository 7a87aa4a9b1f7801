//! `EvoVoiceClient`: the five operations, login and paging, over fetch.

use std::cell::RefCell;
use std::rc::Rc;

use evovoice::{
    paging, AddConferenceMember, Auth, Authenticate, Config, Error, GetSession, InviteChatMember, ListSessions,
    NewSession, Operation, Outcome,
};
use js_sys::{Object, Promise};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::RequestCredentials;

use crate::convert::{self, error_to_js, CallOptions};
use crate::transport::{self, SendOptions};

#[wasm_bindgen(module = "/js/evovoice.js")]
extern "C" {
    fn iterate(pager: JsValue) -> JsValue;
}

struct Inner {
    config: RefCell<Config>,
    credentials: Option<RequestCredentials>,
    max_response_bytes: f64,
}

impl Inner {
    async fn send<Op: Operation>(&self, op: &Op, opts: &CallOptions) -> Result<Op::Response, Error> {
        let config = self.config.borrow().clone();
        let req = evovoice::build_request(&config, op)?;
        self.exchange::<Op>(&config, req, opts).await
    }

    /// Sends with retries as the config's `RetryPolicy` decides (the loop of the core's native
    /// client): every attempt's outcome goes to `RetryPolicy::delay`, which says whether and how
    /// long to wait. The timeout applies to each attempt; the caller's signal also ends a wait.
    async fn exchange<Op: Operation>(&self, config: &Config, req: http::Request<Vec<u8>>, opts: &CallOptions) -> Result<Op::Response, Error> {
        let timeout_ms = opts.timeout_ms.unwrap_or_else(|| config.timeout().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0));
        let send = SendOptions {
            credentials: self.credentials,
            signal: opts.signal.clone(),
            timeout_ms,
            max_response_bytes: self.max_response_bytes,
        };
        let policy = config.retry_policy();
        let mut retry = 0;
        loop {
            let (outcome, result) = match transport::send(&req, &send).await {
                Ok((res, retry_after)) => (Outcome::Status { status: res.status().as_u16(), retry_after }, Ok(res)),
                Err((outcome, e)) => (outcome, Err(e)),
            };
            match policy.delay(req.method(), retry, outcome, js_sys::Math::random()) {
                Some(wait) => {
                    if !transport::sleep(wait, send.signal.clone()).await {
                        return Err(Error::Aborted);
                    }
                    retry += 1;
                }
                None => {
                    let (parts, body) = result?.into_parts();
                    return evovoice::parse_response::<Op>(http::Response::from_parts(parts, body.as_slice()));
                }
            }
        }
    }
}

/// A client of the Evo Voice Sessions API. Every method returns a Promise of a plain object in
/// the API's JSON shape (camelCase) and rejects with an `EvoVoiceError`.
#[wasm_bindgen(js_name = EvoVoiceClient)]
pub struct EvoVoiceClient {
    inner: Rc<Inner>,
}

fn promise<F, T>(fut: F) -> Promise
where
    F: std::future::Future<Output = Result<T, Error>> + 'static,
    T: Serialize,
{
    future_to_promise(async move {
        match fut.await {
            Ok(v) => convert::to_js(&v).map_err(|e| error_to_js(&e)),
            Err(e) => Err(error_to_js(&e)),
        }
    })
}

fn rejected(e: Error) -> Promise {
    Promise::reject(&error_to_js(&e))
}

impl EvoVoiceClient {
    fn call<Op>(&self, op: Result<Op, Error>, options: Option<Object>) -> Promise
    where
        Op: Operation + 'static,
        Op::Response: Serialize,
    {
        let (op, opts) = match (op, convert::call_options_from_js(options)) {
            (Ok(op), Ok(opts)) => (op, opts),
            (Err(e), _) | (_, Err(e)) => return rejected(e),
        };
        let inner = self.inner.clone();
        promise(async move { inner.send(&op, &opts).await })
    }

    fn dto<Op: Operation + DeserializeOwned>(request: &JsValue) -> Result<Op, Error> {
        convert::dto_from_js(request, Op::NAME)
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
        };
        Ok(Self { inner: Rc::new(inner) })
    }

    /// The base URL requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.borrow().base_url().to_owned()
    }

    /// How the client authenticates: `"none"`, `"bearer"`, `"basic"` or `"session"` (never the secret).
    #[wasm_bindgen(getter, js_name = authScheme)]
    pub fn auth_scheme(&self) -> String {
        match self.inner.config.borrow().auth() {
            Auth::None => "none",
            Auth::Bearer(_) => "bearer",
            Auth::Basic { .. } => "basic",
            Auth::Session(_) => "session",
            #[allow(unreachable_patterns)]
            _ => "other",
        }
        .to_owned()
    }

    /// Create a new session (`NewSession`).
    #[wasm_bindgen(js_name = newSession, unchecked_return_type = "Promise<SessionInfo>")]
    pub fn new_session(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewSession")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Promise {
        self.call(Self::dto::<NewSession>(&request), options)
    }

    /// One page of sessions (`ListSessions`; pages are 0-based).
    #[wasm_bindgen(js_name = listSessions, unchecked_return_type = "Promise<ListResponse<SessionInfo>>")]
    pub fn list_sessions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListSessions")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Promise {
        self.call(Self::dto::<ListSessions>(&filter), options)
    }

    /// The session with this id (`GetSession`).
    #[wasm_bindgen(js_name = getSession, unchecked_return_type = "Promise<SessionInfo>")]
    pub fn get_session(
        &self,
        #[wasm_bindgen(js_name = sessionId, unchecked_param_type = "string")] session_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Promise {
        let op = convert::string_arg(&session_id, "the session id").map(GetSession::new);
        self.call(op, options)
    }

    /// Dial a member into the session's conference (`AddConferenceMember`).
    #[wasm_bindgen(js_name = addConferenceMember, unchecked_return_type = "Promise<SessionInfo>")]
    pub fn add_conference_member(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddConferenceMember")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Promise {
        self.call(Self::dto::<AddConferenceMember>(&request), options)
    }

    /// Add a member to a chat session (`InviteChatMember`).
    #[wasm_bindgen(js_name = inviteChatMember, unchecked_return_type = "Promise<SessionInfo>")]
    pub fn invite_chat_member(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InviteChatMember")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Promise {
        self.call(Self::dto::<InviteChatMember>(&request), options)
    }

    /// Every session of every page, starting at `filter.page` (default 0): an async iterator.
    #[wasm_bindgen(js_name = iterSessions, unchecked_return_type = "AsyncGenerator<SessionInfo, void, undefined>")]
    pub fn iter_sessions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListSessions")] filter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        let first = Self::dto::<ListSessions>(&filter).map_err(|e| error_to_js(&e))?;
        let opts = convert::call_options_from_js(options).map_err(|e| error_to_js(&e))?;
        let pager = SessionPager { inner: self.inner.clone(), next: Rc::new(RefCell::new(Some(first))), opts };
        Ok(iterate(pager.into()))
    }

    /// Signs in with a user name and password (`POST /auth/credentials`); later calls use the
    /// session. Resolves to the user's details (without the session id or tokens).
    #[wasm_bindgen(unchecked_return_type = "Promise<AuthenticateResponse>")]
    pub fn login(
        &self,
        #[wasm_bindgen(js_name = userName, unchecked_param_type = "string")] user_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<Object>,
    ) -> Promise {
        let args = (|| {
            let user = convert::string_arg(&user_name, "the user name")?;
            let password = convert::string_arg(&password, "the password")?;
            let opts = convert::call_options_from_js(options)?;
            let config = self.inner.config.borrow().clone();
            Ok::<_, Error>((evovoice::build_login_request(&config, &user, &password)?, config, opts))
        })();
        let (req, config, opts) = match args {
            Ok(a) => a,
            Err(e) => return rejected(e),
        };
        let inner = self.inner.clone();
        promise(async move {
            let mut answer = inner.exchange::<Authenticate>(&config, req, &opts).await?;
            inner.config.borrow_mut().apply_login(&answer)?;
            answer.session_id = None;
            answer.bearer_token = None;
            answer.refresh_token = None;
            Ok(answer)
        })
    }

    /// A description without secrets, e.g. `EvoVoiceClient(https://evovoice.io, bearer)`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("EvoVoiceClient({}, {})", self.base_url(), self.auth_scheme())
    }

    /// What `JSON.stringify` shows: `{ baseUrl, authScheme }`, never a secret.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ baseUrl: string; authScheme: string }")]
    pub fn to_json(&self) -> JsValue {
        let o = Object::new();
        let _ = js_sys::Reflect::set(&o, &"baseUrl".into(), &self.base_url().into());
        let _ = js_sys::Reflect::set(&o, &"authScheme".into(), &self.auth_scheme().into());
        o.into()
    }
}

/// The state of one `iterSessions` walk (internal; driven by the package's async generator).
#[wasm_bindgen(js_name = SessionPager, skip_typescript)]
pub struct SessionPager {
    inner: Rc<Inner>,
    next: Rc<RefCell<Option<ListSessions>>>,
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
        let (inner, next, opts) = (self.inner.clone(), self.next.clone(), self.opts.clone());
        future_to_promise(async move {
            let page = inner.send(&request, &opts).await.map_err(|e| error_to_js(&e))?;
            *next.borrow_mut() = paging::next_page(&request, &page);
            convert::to_js(page.items()).map_err(|e| error_to_js(&e))
        })
    }
}
