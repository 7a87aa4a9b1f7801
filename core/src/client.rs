//! The native async client (feature `native`): reqwest + rustls, connection reuse, timeouts.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use futures_core::Stream;
use futures_util::{stream, TryStreamExt};

use crate::config::{Auth, Config, Secret, DEFAULT_MAX_RESPONSE_BYTES};
use crate::meta::Response;
use crate::options::RequestOptions;
use crate::retry::{parse_retry_after, Outcome, RetryPolicy};
use crate::models::*;
use crate::operations::{ListOperation, Operation};
use crate::request::{build_login_request, build_request};
use crate::response::{decode_response, parse_response, response_meta, ReceivedAt};
use crate::{paging, Error};

/// The default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);


/// An async client of the Evo Voice Sessions API.
///
/// Cheap to clone (clones share one connection pool and one login). Secrets never appear in its
/// `Debug` output.
///
/// ```no_run
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use evovoice::{Client, FlowChannels, NewSession, ListSessions};
/// use futures_util::TryStreamExt;
///
/// let client = Client::builder()
///     .base_url("http://127.0.0.1:8080")   // default: https://evovoice.io
///     .bearer_token("evovoice-dev-token")  // or .basic_auth(user, password)
///     .timeout(std::time::Duration::from_secs(30))
///     .build()?;
/// let session = client.new_session(&NewSession::new(FlowChannels::Chat).display_name("Support")).await?;
/// let id = session.id.clone().unwrap_or_default();
/// assert_eq!(client.get_session(&id).await?.display_name.as_deref(), Some("Support"));
/// let all: Vec<_> = client.iter_sessions(&ListSessions::new()).try_collect().await?;
/// assert!(all.iter().any(|s| s.id.as_deref() == Some(id.as_str())));
/// # Ok(()) }
/// ```
///
/// (The README's version of this program runs against the emulator in `make test-dist`; the
/// crate's own tests run it in-process, see `tests/client.rs` in the repository.)
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// What [`Client::with_options`] set: applied to every call made through this handle.
    options: Option<Arc<RequestOptions>>,
}

struct Inner {
    http: reqwest::Client,
    config: RwLock<Config>,
    max_response_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("config", &self.config()).field("options", &self.options).finish_non_exhaustive()
    }
}

/// Builds a [`Client`]. Invalid settings are reported by [`ClientBuilder::build`].
///
/// ```
/// use std::time::Duration;
/// use evovoice::Client;
///
/// let client = Client::builder()
///     .base_url("https://evovoice.io")
///     .bearer_token("my-token")
///     .timeout(Duration::from_secs(10))
///     .max_retries(0)
///     .build()?;
/// assert!(!format!("{client:?}").contains("my-token")); // secrets stay out of Debug
///
/// // Settings are checked once, by build():
/// let err = Client::builder().base_url("not a url").build().unwrap_err();
/// assert_eq!(err.kind(), evovoice::ErrorKind::InvalidRequest);
/// # Ok::<(), evovoice::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent: String,
    max_response_bytes: usize,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    headers: Vec<(String, String)>,
    /// Extra trusted CA certificates (PEM), besides the system's and the webpki roots.
    ca_pems: Vec<Vec<u8>>,
    proxy: ProxySetting,
    http_client: Option<reqwest::Client>,
}

/// Where requests go through.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ProxySetting {
    /// The environment's (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`), as reqwest reads it.
    Environment,
    /// This proxy, for every request.
    Url(String),
    /// None, whatever the environment says.
    Off,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            auth: Auth::None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("evovoice-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            headers: Vec::new(),
            ca_pems: Vec::new(),
            proxy: ProxySetting::Environment,
            http_client: None,
        }
    }
}

impl ClientBuilder {
    /// The API's base URL (default `https://evovoice.io`); may carry a path prefix.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    /// Authenticate with a bearer token (JWT or API key).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Auth::Bearer(Secret::new(token));
        self
    }
    /// Authenticate with HTTP basic authentication.
    pub fn basic_auth(mut self, user_name: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Auth::Basic { user_name: user_name.into(), password: Secret::new(password) };
        self
    }
    /// Any [`Auth`].
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }
    /// Per-request timeout, connection to last byte (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// No per-request timeout.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }
    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }
    /// Largest response body accepted (default 64 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// When failed requests are retried (default: GETs on connect failures, 429, 502, 503, 504;
    /// POSTs only when nothing was sent; at most 2 retries). [`RetryPolicy::NONE`] disables.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
    /// Shorthand for the retry policy's `max_retries`.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }
    /// Allows credentials over plain `http://` to a non-loopback host (clear text; off by default).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// A header sent with every request (see [`Config::add_header`]); checked by `build`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Trusts the CA certificates in `pem` (one or more PEM blocks) besides the operating
    /// system's roots (which, with `SSL_CERT_FILE` / `SSL_CERT_DIR`, are trusted by default):
    /// for a server behind a private or corporate CA. Verification is never turned off.
    pub fn ca_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.ca_pems.push(pem.as_ref().to_vec());
        self
    }

    /// Sends every request through this proxy (`http://host:port`, `https://..`,
    /// `socks5://..` are not supported), whatever the environment says. Without it, the
    /// environment's proxies are used (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// Uses no proxy, not even the environment's.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Off;
        self
    }

    /// Sends requests with this `reqwest::Client` (your own pools, DNS resolver, middleware,
    /// TLS settings). Its settings replace the builder's transport settings: with it,
    /// `connect_timeout`, `user_agent`, `ca_certificates_pem` and `proxy` are refused by
    /// [`ClientBuilder::build`]. The per-request timeout, retries, headers and credentials
    /// are still the builder's.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Takes the settings the environment gives (see `EnvSettings`):
    /// `EVOVOICE_BASE_URL`, and the credentials `EVOVOICE_TOKEN` (a bearer token or API key)
    /// or `EVOVOICE_USER` + `EVOVOICE_PASSWORD`. Call it first: a setting made after it wins.
    pub fn from_env(mut self) -> Self {
        let env = crate::config::EnvSettings::read();
        if let Some(url) = &env.base_url {
            self.base_url = url.clone();
        }
        if let Some(auth) = env.auth() {
            self.auth = auth;
        }
        self
    }

    /// The reqwest client the settings describe.
    fn http(&mut self) -> Result<reqwest::Client, Error> {
        let invalid = |what: String| Error::InvalidRequest { message: what };
        if let Some(client) = self.http_client.take() {
            let default = ClientBuilder::default();
            if !self.ca_pems.is_empty() || self.proxy != ProxySetting::Environment || self.user_agent != default.user_agent || self.connect_timeout != default.connect_timeout {
                return Err(invalid("with http_client, set the proxy, CA certificates, user agent and connect timeout on that reqwest::Client".into()));
            }
            return Ok(client);
        }
        let mut builder = reqwest::Client::builder()
            .user_agent(self.user_agent.clone())
            .connect_timeout(self.connect_timeout)
            .redirect(same_origin_redirects());
        for pem in &self.ca_pems {
            let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| invalid(format!("the CA certificates are not valid PEM: {e}")))?;
            if certs.is_empty() {
                return Err(invalid("no certificate found in the CA certificates PEM".into()));
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        builder = match &self.proxy {
            ProxySetting::Environment => builder,
            ProxySetting::Off => builder.no_proxy(),
            ProxySetting::Url(url) => builder.proxy(reqwest::Proxy::all(url.as_str()).map_err(|e| invalid(format!("the proxy URL is not valid: {e}")))?),
        };
        builder.build().map_err(|e| Error::Transport {
            message: format!("could not create the HTTP client: {e}"),
            kind: crate::TransportErrorKind::Other,
            source: Some(crate::error::Cause::new(e)),
        })
    }

    /// Validates the settings and builds the client.
    pub fn build(mut self) -> Result<Client, Error> {
        let mut config = Config::new(&self.base_url)?;
        config.set_auth(std::mem::take(&mut self.auth))?;
        config.set_timeout(self.timeout);
        config.set_retry_policy(self.retry);
        config.set_allow_insecure_http(self.allow_insecure_http);
        for (name, value) in &self.headers {
            config.add_header(name, value)?;
        }
        if *config.auth() != Auth::None {
            config.check_credentials_transport()?;
        }
        let http = self.http()?;
        let inner = Inner { http, config: RwLock::new(config), max_response_bytes: self.max_response_bytes };
        Ok(Client { inner: Arc::new(inner), options: None })
    }
}

/// Follows up to 5 redirects, and only within the same origin: credentials are never sent on
/// to another host.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let origin = |u: &reqwest::Url| (u.scheme().to_owned(), u.host_str().map(str::to_owned), u.port_or_known_default());
        let first = attempt.previous().first().map(origin);
        if attempt.previous().len() > 5 || first != Some(origin(attempt.url())) {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

impl Client {
    /// A builder with the defaults (base URL `https://evovoice.io`, no credentials, 30 s).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client set up from the environment ([`ClientBuilder::from_env`]): `EVOVOICE_BASE_URL`,
    /// `EVOVOICE_TOKEN` or `EVOVOICE_USER` + `EVOVOICE_PASSWORD`; the rest as the defaults.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().from_env().build()
    }

    /// A snapshot of the configuration (base URL, auth, timeout).
    pub fn config(&self) -> Config {
        self.inner.config.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the authentication (e.g. a refreshed token) for every handle of this client;
    /// the next call uses it. Refused as [`ClientBuilder::build`] refuses it: invalid
    /// credentials, or credentials over plain `http://` to a host that is not this machine
    /// (unless allowed).
    pub fn set_auth(&self, auth: Auth) -> Result<(), Error> {
        self.inner.config.write().unwrap_or_else(|p| p.into_inner()).set_credentials(auth)
    }

    /// A handle on the same client (same connection pool, login and configuration) whose calls
    /// all apply `options` (a timeout, headers, a retry count), over those of this handle. Cheap:
    /// an `Arc` clone. A header the client's rules refuse fails each call with
    /// [`Error::InvalidRequest`].
    ///
    /// ```no_run
    /// # async fn f(client: evovoice::Client) -> Result<(), evovoice::Error> {
    /// use evovoice::RequestOptions;
    /// use std::time::Duration;
    /// let quick = client.with_options(RequestOptions::new().timeout(Duration::from_secs(2)).max_retries(0));
    /// let session = quick.get_session("id").await?;
    /// let traced = client.with_options(RequestOptions::new().header("X-Trace-Id", "t-42"));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let options = match &self.options {
            Some(base) => options.over(base),
            None => options,
        };
        Client { inner: self.inner.clone(), options: Some(Arc::new(options)) }
    }

    /// The per-call options this handle applies (none for a client from the builder).
    pub fn options(&self) -> RequestOptions {
        self.options.as_deref().cloned().unwrap_or_default()
    }

    /// The configuration of a call: the client's, with this handle's options applied.
    fn call_config(&self) -> Result<Config, Error> {
        let config = self.config();
        match &self.options {
            Some(options) => options.apply(&config),
            None => Ok(config),
        }
    }

    /// Sends any [`Operation`] and decodes its answer.
    pub async fn send<Op: Operation>(&self, op: &Op) -> Result<Op::Response, Error> {
        let config = self.call_config()?;
        let request = build_request(&config, op)?;
        let answer = self.execute(request, &config, Op::NAME, Op::ROUTE).await?;
        parse_response::<Op>(answer.as_response(false))
    }

    /// Sends any [`Operation`]: its decoded answer with the answer's status, headers and request
    /// id ([`Response`]). Errors carry the same metadata ([`Error::meta`]).
    pub async fn send_with_response<Op: Operation>(&self, op: &Op) -> Result<Response<Op::Response>, Error> {
        let config = self.call_config()?;
        let request = build_request(&config, op)?;
        let answer = self.execute(request, &config, Op::NAME, Op::ROUTE).await?;
        let response = answer.as_response(true);
        let meta = response_meta(&response);
        Ok(Response::new(meta, parse_response::<Op>(response)?))
    }

    /// Sends any [`Operation`] and gives its 2xx answer undecoded: the body, with the answer's
    /// metadata, for a binding that reads it itself (with
    /// [`check_response_into`](crate::response::check_response_into)). Any other answer is the
    /// same error [`Client::send`] gives.
    #[cfg(feature = "bindings")]
    #[doc(hidden)]
    pub async fn send_for_body<Op: Operation>(&self, op: &Op) -> Result<Response<Vec<u8>>, Error> {
        let config = self.call_config()?;
        let request = build_request(&config, op)?;
        let answer = self.execute(request, &config, Op::NAME, Op::ROUTE).await?;
        let response = answer.as_response(false);
        if !response.status().is_success() {
            return Err(crate::response::api_error(&response, response.body()));
        }
        let meta = response_meta(&answer.as_response(true));
        Ok(Response::new(meta, answer.body))
    }

    /// Logs in with ServiceStack credentials auth (`POST /auth/credentials`); later requests
    /// use the bearer token or session it returns.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), evovoice::Error> {
    /// let client = evovoice::Client::builder().base_url("http://127.0.0.1:8080").build()?;
    /// let auth = client.login("dev@evovoice.local", "dev").await?;
    /// println!("signed in as {:?}", auth.user_name);
    /// let me = client.list_sessions(&evovoice::ListSessions::default()).await?; // as that user
    /// # let _ = me; Ok(()) }
    /// ```
    pub async fn login(&self, user_name: &str, password: &str) -> Result<AuthenticateResponse, Error> {
        let config = self.call_config()?;
        let request = build_login_request(&config, user_name, password)?;
        let answer: AuthenticateResponse = decode_response(self.execute(request, &config, Authenticate::NAME, Authenticate::ROUTE).await?.as_response(false))?;
        self.inner.config.write().unwrap_or_else(|p| p.into_inner()).apply_login(&answer)?;
        Ok(answer)
    }

    /// Every page of `request`'s list, starting at its page (0 when unset), fetched lazily.
    pub fn pages<Op>(&self, request: &Op) -> impl Stream<Item = Result<Op::Response, Error>> + Send + 'static
    where
        Op: ListOperation + Send + Sync + 'static,
        Op::Item: Send + 'static,
    {
        self.page_stream(request, |client, request| async move {
            let page = client.send(&request).await?;
            let following = paging::next_page(&request, &page);
            Ok((page, following))
        })
    }

    /// [`Client::pages`] for a binding that reads each page's body itself: `read` gets each 2xx
    /// answer's status and body and gives its value and the facts paging needs (see
    /// [`crate::paging::next_page_number`]); an error of `read` ends the stream.
    #[cfg(feature = "bindings")]
    #[doc(hidden)]
    pub fn pages_read<Op, T, R>(&self, request: &Op, read: R) -> impl Stream<Item = Result<T, Error>> + Send + 'static
    where
        Op: ListOperation + Send + Sync + 'static,
        T: Send + 'static,
        R: Fn(u16, &[u8]) -> Result<(T, paging::PageAnswer), Error> + Send + Sync + 'static,
    {
        let read = Arc::new(read);
        self.page_stream(request, move |client, request| {
            let read = read.clone();
            async move {
                let answer = client.send_for_body(&request).await?;
                let (value, facts) = read(answer.status(), answer.value())?;
                let following = paging::next_page_number(request.page_request(), facts).map(|n| request.with_page(n));
                Ok((value, following))
            }
        })
    }

    /// The pages of `request`, from the page it asks for (or the first): `fetch` gets each
    /// request and gives its page and the request of the next one (`None` after the last).
    fn page_stream<Op, T, F, Fut>(&self, request: &Op, fetch: F) -> impl Stream<Item = Result<T, Error>> + Send + 'static
    where
        Op: ListOperation + Send + Sync + 'static,
        T: Send + 'static,
        F: Fn(Client, Op) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(T, Option<Op>), Error>> + Send + 'static,
    {
        let first = request.with_page(request.page_request().page.unwrap_or(0));
        let client = self.clone();
        stream::try_unfold(Some(first), move |next| {
            let fetch = next.map(|request| fetch(client.clone(), request));
            async move {
                let Some(fetch) = fetch else { return Ok(None) };
                let (page, following) = fetch.await?;
                Ok(Some((page, following)))
            }
        })
    }

    /// Every item of every page of `request`'s list, fetched lazily page by page.
    pub fn items<Op>(&self, request: &Op) -> impl Stream<Item = Result<Op::Item, Error>> + Send + 'static
    where
        Op: ListOperation + Send + Sync + 'static,
        Op::Item: Send + 'static,
    {
        self.pages(request).map_ok(|page| stream::iter(page.items.unwrap_or_default().into_iter().map(Ok))).try_flatten()
    }

    /// Every page of sessions matching `filter` ([`Client::pages`] of a [`ListSessions`]).
    pub fn iter_pages(&self, filter: &ListSessions) -> impl Stream<Item = Result<ListResponse<SessionInfo>, Error>> + Send + 'static {
        self.pages(filter)
    }

    /// Sends with retries as the config's [`RetryPolicy`] allows: operation `name` (route
    /// template `route`), logged as a `tracing` span `evovoice.call` with a DEBUG event per
    /// attempt (its number, status or error kind, elapsed time, the wait before a retry) and
    /// one when the call ends. No event carries a header, a credential or a body.
    async fn execute(&self, request: http::Request<Vec<u8>>, config: &Config, name: &'static str, route: &'static str) -> Result<Answer, Error> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::InvalidRequest {
                message: "evovoice::Client needs a tokio runtime: await its calls in code run by tokio (e.g. #[tokio::main]), \
                          or use the sans-IO pair build_request / parse_response with a blocking HTTP client"
                    .into(),
            });
        }
        use tracing::Instrument;
        let span = tracing::debug_span!("evovoice.call", operation = name, method = %request.method(), route);
        self.attempts(request, config, name).instrument(span).await
    }

    /// The attempts of [`Client::execute`] (their events name the operation too, for loggers
    /// that do not show spans, e.g. Python's `logging` through the `log` crate).
    async fn attempts(&self, request: http::Request<Vec<u8>>, config: &Config, operation: &'static str) -> Result<Answer, Error> {
        let policy = config.retry_policy();
        let method = request.method().clone();
        let started = std::time::Instant::now();
        let mut retry = 0;
        loop {
            let attempt = clone_request(&request);
            let attempt_started = std::time::Instant::now();
            let (outcome, result) = match self.execute_once(attempt, config.timeout()).await {
                Ok((retry_after, answer)) => {
                    let outcome = Outcome::Status { status: answer.status.as_u16(), retry_after };
                    (outcome, Ok(answer))
                }
                Err((outcome, e)) => (outcome, Err(e)),
            };
            let elapsed_ms = attempt_started.elapsed().as_millis() as u64;
            let wait = policy.delay(&method, retry, outcome, jitter());
            let wait_ms = wait.map(|w| w.as_millis() as u64);
            match &result {
                Ok(answer) => tracing::debug!(operation, attempt = retry + 1, status = answer.status.as_u16(), elapsed_ms, retry_in_ms = wait_ms, "evovoice attempt answered"),
                Err(e) => tracing::debug!(operation, attempt = retry + 1, error = e.kind().as_str(), transport = e.is_connection(), elapsed_ms, retry_in_ms = wait_ms, "evovoice attempt failed"),
            }
            match wait {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
                None => {
                    let total_ms = started.elapsed().as_millis() as u64;
                    match &result {
                        Ok(answer) => tracing::debug!(operation, attempts = retry + 1, status = answer.status.as_u16(), total_ms, "evovoice call done"),
                        Err(e) => tracing::debug!(operation, attempts = retry + 1, error = e.kind().as_str(), total_ms, "evovoice call failed"),
                    }
                    return result;
                }
            }
        }
    }

    async fn execute_once(
        &self,
        request: http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<(Option<Duration>, Answer), (Outcome, Error)> {
        let mut request = reqwest::Request::try_from(request).map_err(|e| {
            (Outcome::Other, Error::InvalidRequest { message: format!("the request URL is not valid: {e}") })
        })?;
        *request.timeout_mut() = timeout;
        let mut response = self.inner.http.execute(request).await.map_err(|e| {
            let outcome = if e.is_connect() { Outcome::ConnectFailed } else { Outcome::Other };
            // No status line came: the connection failed.
            (outcome, transport_error(e, true))
        })?;
        let status = response.status();
        let received_at = SystemTime::now();
        let retry_after = response
            .headers()
            .get(http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, received_at));
        // hyper keeps a reason phrase that differs from the canonical one (e.g. "Invalid Role").
        let reason = response
            .extensions()
            .get::<hyper::ext::ReasonPhrase>()
            .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned());
        let limit = self.inner.max_response_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err((Outcome::Other, too_large(limit)));
        }
        let mut body = Vec::with_capacity(response.content_length().unwrap_or(0).min(limit as u64) as usize);
        let headers = std::mem::take(response.headers_mut());
        while let Some(chunk) = response.chunk().await.map_err(|e| (Outcome::Other, transport_error(e, false)))? {
            if body.len() + chunk.len() > limit {
                return Err((Outcome::Other, too_large(limit)));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((retry_after, Answer { status, headers, body, reason, received_at }))
    }
}

/// The methods of [`Client`], one per operation (and an iterator per list), stamped from
/// [`for_each_operation!`](crate::for_each_operation).
macro_rules! client_methods {
    (@method get $op:ident $rust:ident [$($param:ident),*] $doc:literal) => {
        #[doc = $doc]
        #[allow(clippy::needless_update)]
        pub async fn $rust(&self, $($param: &str),*) -> Result<<$op as Operation>::Response, Error> {
            self.send(&$op { $($param: Some($param.to_owned()),)* ..Default::default() }).await
        }
    };
    (@method $kind:ident $op:ident $rust:ident [$($param:ident),*] $doc:literal) => {
        #[doc = $doc]
        pub async fn $rust(&self, request: &$op) -> Result<<$op as Operation>::Response, Error> {
            self.send(request).await
        }
    };
    (@iter $op:ident $item:ident [$iter:ident, $iter_js:ident]) => {
        #[doc = concat!("Every item of every page of `", stringify!($op), "` matching `filter`, starting at its page (0 when unset), fetched lazily page by page.")]
        #[doc = ""]
        #[doc = "```no_run"]
        #[doc = "# async fn run(client: evovoice::Client) -> Result<(), evovoice::Error> {"]
        #[doc = "use futures_util::TryStreamExt;"]
        #[doc = ""]
        #[doc = concat!("let mut items = std::pin::pin!(client.", stringify!($iter), "(&evovoice::", stringify!($op), "::default()));")]
        #[doc = "while let Some(item) = items.try_next().await? {"]
        #[doc = "    println!(\"{item:?}\"); // the next page is fetched when this one is used up"]
        #[doc = "}"]
        #[doc = "# Ok(()) }"]
        #[doc = "```"]
        pub fn $iter(&self, filter: &$op) -> impl Stream<Item = Result<$item, Error>> + Send + 'static {
            self.items(filter)
        }
    };
    (@iter $op:ident $item:ident []) => {};
    ([] $({
        kind: $kind:ident, op: $op:ident, method: $method:ident, route: $route:literal, params: [$($param:ident = $wire:ident),*], required: [$($req:ident),*],
        item: $item:ident, rust: $rust:ident, js: $js:ident, iter: [$($iter:tt)*], doc: $doc:literal
    })*) => {
        impl Client {
            $(
                client_methods!(@method $kind $op $rust [$($param),*] $doc);
                client_methods!(@iter $op $item [$($iter)*]);
            )*
        }
    };
}

crate::for_each_operation!(client_methods);

fn clone_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// A random number in [0, 1) for backoff jitter (std's per-process random hash keys).
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// A whole answer, as the transport received it.
struct Answer {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
    /// The reason phrase, when hyper kept one.
    reason: Option<String>,
    received_at: SystemTime,
}

impl Answer {
    /// The answer as the sans-IO parser reads it; the headers only where they are read (an
    /// error's metadata, or `all_headers`), so that a plain success costs no copy of them.
    fn as_response(&self, all_headers: bool) -> http::Response<&[u8]> {
        let mut r = http::Response::new(self.body.as_slice());
        *r.status_mut() = self.status;
        if all_headers || !self.status.is_success() {
            *r.headers_mut() = self.headers.clone();
        }
        if let Some(reason) = &self.reason {
            r.extensions_mut().insert(crate::ReasonPhrase(reason.clone()));
        }
        r.extensions_mut().insert(ReceivedAt(self.received_at));
        r
    }
}

fn too_large(limit: usize) -> Error {
    Error::response_too_large(limit as u64, "max_response_bytes")
}

/// The error of a failed exchange; `before_answer`: no answer had come. Its message is the
/// whole chain of causes, and says first which kind of failure it is.
fn transport_error(e: reqwest::Error, before_answer: bool) -> Error {
    use std::error::Error as _;
    use crate::TransportErrorKind as K;
    let timed_out = e.is_timeout();
    let e = e.without_url();
    let mut chain = e.to_string();
    let mut kind = None;
    let mut source = e.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        if kind.is_none() {
            kind = classify(s);
        }
        source = s.source();
    }
    if timed_out {
        return Error::Timeout { message: chain };
    }
    let kind = match kind {
        Some(kind) => kind,
        None if e.is_connect() => K::Connect,
        None if before_answer => K::ConnectionReset,
        None if e.is_body() || e.is_decode() => K::BodyCutOff,
        None => K::Other,
    };
    // An answer that broke off is a cut body, whatever the socket said.
    let kind = if before_answer { kind } else { K::BodyCutOff };
    let what = match kind {
        K::Dns => "the host name could not be resolved (DNS)",
        K::ConnectionRefused => "the connection was refused",
        K::Tls => "TLS failed (is the server's certificate trusted? see ca_certificates)",
        K::Connect => "could not connect",
        K::ConnectionReset => "the connection was closed before the answer",
        K::BodyCutOff => "the answer broke off",
        _ => "the exchange failed",
    };
    Error::Transport { message: format!("{what}: {chain}"), kind, source: Some(crate::error::Cause::new(e)) }
}

/// The kind of failure one error of a cause chain shows, if it shows one.
fn classify(e: &(dyn std::error::Error + 'static)) -> Option<crate::TransportErrorKind> {
    use crate::TransportErrorKind as K;
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        match io.kind() {
            std::io::ErrorKind::ConnectionRefused => return Some(K::ConnectionRefused),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::UnexpectedEof => {
                return Some(K::ConnectionReset)
            }
            _ => {}
        }
    }
    let text = e.to_string().to_ascii_lowercase();
    if text.contains("dns error") || text.contains("failed to lookup address") || text.contains("name or service not known") {
        Some(K::Dns)
    } else if text.contains("certificate") || text.contains("tls") || text.contains("handshake") {
        Some(K::Tls)
    } else {
        None
    }
}
