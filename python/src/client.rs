//! `Client` (blocking) and `AsyncClient` (asyncio): both drive the core's native client on one
//! shared tokio runtime. Blocking calls release the GIL while they wait and check for signals
//! (Ctrl-C) every few milliseconds.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use tokio::runtime::Runtime;
use pyo3::exceptions::{PyRuntimeError, PyStopAsyncIteration};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3_async_runtimes::tokio::get_runtime;

use evovoice::{Auth, ListOperation, Operation, RequestOptions, Secret};

use crate::dto::{Answer, PyAuthenticateResponse};
use crate::errors::{invalid, to_py_err, to_py_err_detached};
use crate::raw::{raw_response, PyAsyncClientWithRawResponse, PyClientWithRawResponse, PyRawResponse};

/// The default response size cap (the core's).
const DEFAULT_MAX_RESPONSE_BYTES: i64 = evovoice::DEFAULT_MAX_RESPONSE_BYTES as i64;

/// The process that started the shared tokio runtime (0: not started yet). Its threads do not
/// survive `os.fork()`: a forked child must not wait on it.
static SHARED_RUNTIME_PID: AtomicU32 = AtomicU32::new(0);

/// Claims the shared runtime for this process; false in a child forked after it started.
fn shared_runtime_is_ours() -> bool {
    let pid = std::process::id();
    match SHARED_RUNTIME_PID.compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => true,
        Err(owner) => owner == pid,
    }
}

/// The runtime blocking calls run on: the shared one, or in a forked child a runtime of the
/// child's own (started on first use and kept for the life of the process).
fn blocking_runtime() -> &'static Runtime {
    static CHILD: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);
    if shared_runtime_is_ours() {
        return get_runtime();
    }
    let pid = std::process::id();
    let mut child = CHILD.lock().unwrap_or_else(|p| p.into_inner());
    match *child {
        Some((owner, rt)) if owner == pid => rt,
        _ => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("evovoice-io")
                .enable_all()
                .build()
                .expect("a tokio runtime for this process");
            let rt: &'static Runtime = Box::leak(Box::new(rt));
            *child = Some((pid, rt));
            rt
        }
    }
}

/// Async calls whose result has not been delivered to Python yet.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
/// Whether this process ever made an async call (only then does exit need to wait).
static ASYNC_USED: AtomicU32 = AtomicU32::new(0);

/// Counts one async call from its start until its future is done or dropped.
struct InFlight;

impl InFlight {
    fn start() -> Self {
        ASYNC_USED.store(1, Ordering::SeqCst);
        IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `future_into_py`, counted (see [`quiesce`]).
fn spawn_async<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let guard = InFlight::start();
    pyo3_async_runtimes::tokio::future_into_py(py, async move {
        let _guard = guard;
        fut.await
    })
}

/// Called at interpreter exit (atexit, before finalization starts). An async result is handed
/// to asyncio from a runtime thread, which briefly gives up the GIL while waking the event loop
/// (`call_soon_threadsafe`); if the interpreter began finalizing in that moment, the thread
/// would be killed mid-call and the process would abort. So exit waits, without the GIL, until
/// no async call is in flight and then a short grace period, long enough for such a thread to
/// finish handing over.
#[pyfunction]
#[pyo3(name = "_quiesce")]
pub fn quiesce(py: Python<'_>) {
    if ASYNC_USED.load(Ordering::SeqCst) == 0 {
        return;
    }
    py.detach(|| {
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while IN_FLIGHT.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(50));
    });
}

/// The async client runs on the shared runtime only: refused (not hung) in a forked child.
fn check_async_runtime() -> Result<(), evovoice::Error> {
    if shared_runtime_is_ours() {
        Ok(())
    } else {
        Err(invalid(
            "AsyncClient cannot run in a process forked after evovoice started its I/O threads: \
             fork before using evovoice, or use the blocking Client in the child",
        ))
    }
}

/// How often a blocking call wakes up to check for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(20);

/// Runs `fut` on the shared runtime; the calling thread waits without the GIL, checking for
/// signals between waits (a KeyboardInterrupt cancels the request).
fn block_on<F, T>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let (tx, rx) = sync_channel(1);
    let task = blocking_runtime().spawn(async move {
        let _ = tx.send(fut.await);
    });
    let mut rx = rx;
    loop {
        let (back, received) = py.detach(move || {
            let r = rx.recv_timeout(SIGNAL_POLL);
            (rx, r)
        });
        rx = back;
        match received {
            Ok(value) => return Ok(value),
            Err(RecvTimeoutError::Timeout) => {
                if let Err(e) = py.check_signals() {
                    task.abort();
                    return Err(e);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err("the request task ended without an answer"))
            }
        }
    }
}

/// `max_retries`, `max_response_bytes`, `headers` and the transport settings as given
/// (validated by [`Shared::new`]).
struct Limits {
    max_retries: i64,
    max_response_bytes: i64,
    headers: Option<BTreeMap<String, String>>,
    allow_insecure_http: bool,
    transport: Transport,
}

/// `ca_certificates=` and `proxy=`, read from their Python values.
struct Transport {
    /// PEM text of extra trusted CA certificates.
    ca_pem: Option<Vec<u8>>,
    /// `None`: the environment's proxies; `Some(None)`: none; `Some(Some(url))`: this one.
    proxy: Option<Option<String>>,
}

impl Transport {
    /// `ca_certificates`: PEM bytes, PEM text, or a path (str or os.PathLike) to a PEM file;
    /// `proxy`: None (the environment's: HTTPS_PROXY, HTTP_PROXY, NO_PROXY), a URL, or False
    /// (none at all).
    fn from_py(ca_certificates: Option<&Bound<'_, PyAny>>, proxy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let ca_pem = match ca_certificates.filter(|c| !c.is_none()) {
            None => None,
            Some(c) => Some(if let Ok(bytes) = c.cast::<pyo3::types::PyBytes>() {
                bytes.as_bytes().to_vec()
            } else if let Ok(text) = c.extract::<String>().map(|t| t.trim_start().to_owned()).and_then(|t| if t.starts_with("-----BEGIN") { Ok(t) } else { Err(pyo3::exceptions::PyValueError::new_err("")) }) {
                text.into_bytes()
            } else {
                let path: std::path::PathBuf = c.extract().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err("ca_certificates must be PEM bytes, PEM text or the path of a PEM file")
                })?;
                std::fs::read(&path).map_err(|e| {
                    pyo3::exceptions::PyFileNotFoundError::new_err(format!("ca_certificates: cannot read {}: {e}", path.display()))
                })?
            }),
        };
        let proxy = match proxy.filter(|p| !p.is_none()) {
            None => None,
            Some(p) if p.is_instance_of::<pyo3::types::PyBool>() => {
                if p.is_truthy()? {
                    None
                } else {
                    Some(None)
                }
            }
            Some(p) => Some(Some(p.extract::<String>().map_err(|_| pyo3::exceptions::PyTypeError::new_err("proxy must be a URL, False or None"))?)),
        };
        Ok(Self { ca_pem, proxy })
    }
}

/// `max_retries` as given, checked (the client's and `with_options`').
fn checked_max_retries(n: i64) -> Result<u32, evovoice::Error> {
    match n {
        0..=100 => Ok(n as u32),
        n => Err(invalid(format!("max_retries must be between 0 and 100, not {n}"))),
    }
}

impl Limits {

    fn max_response_bytes(&self) -> Result<usize, evovoice::Error> {
        usize::try_from(self.max_response_bytes)
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| invalid(format!("max_response_bytes must be a positive number of bytes, not {}", self.max_response_bytes)))
    }
}

/// What both clients share: the core client (None once closed) and the process that made it
/// (its connections belong to that process: a forked child must make its own client).
struct Shared {
    client: RwLock<Option<evovoice::Client>>,
    pid: u32,
}

impl Shared {
    fn new(
        base_url: Option<&str>,
        bearer_token: Option<String>,
        user_name: Option<String>,
        password: Option<String>,
        timeout: Option<f64>,
        limits: Limits,
    ) -> Result<Self, evovoice::Error> {
        let mut builder = evovoice::Client::builder()
            .user_agent(concat!("evovoice-python/", env!("CARGO_PKG_VERSION")));
        // The environment's EVOVOICE_* settings are the defaults; an argument given wins.
        let env = evovoice::config::EnvSettings::read();
        if let Some(url) = base_url.map(str::to_owned).or(env.base_url.clone()) {
            builder = builder.base_url(url);
        }
        if let (None, None, None, Some(auth)) = (&bearer_token, &user_name, &password, env.auth()) {
            builder = builder.auth(auth);
        }
        if let Some(pem) = &limits.transport.ca_pem {
            builder = builder.ca_certificates_pem(pem);
        }
        builder = match &limits.transport.proxy {
            None => builder,
            Some(None) => builder.no_proxy(),
            Some(Some(url)) => builder.proxy(url),
        };
        let names = ["bearer_token", "user_name", "password"];
        builder = match evovoice::Auth::from_options(bearer_token, user_name, password, names)? {
            evovoice::Auth::None => builder,
            auth => builder.auth(auth),
        };
        builder = match timeout {
            None => builder.no_timeout(),
            Some(t) if t.is_finite() && t > 0.0 && t < 1e9 => builder.timeout(Duration::from_secs_f64(t)),
            Some(t) => return Err(invalid(format!("timeout must be a positive number of seconds or None, not {t}"))),
        };
        builder = builder
            .max_retries(checked_max_retries(limits.max_retries)?)
            .max_response_bytes(limits.max_response_bytes()?)
            .allow_insecure_http(limits.allow_insecure_http);
        for (name, value) in limits.headers.into_iter().flatten() {
            builder = builder.header(name, value);
        }
        Ok(Self { client: RwLock::new(Some(builder.build()?)), pid: std::process::id() })
    }

    fn get(&self) -> Result<evovoice::Client, evovoice::Error> {
        if std::process::id() != self.pid {
            return Err(invalid(
                "this client was created in another process (before os.fork()); create a new client in this process",
            ));
        }
        self.client
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| invalid("the client is closed"))
    }

    /// The core client with `options` applied (a cheap handle on the same pool).
    fn get_with(&self, options: &RequestOptions) -> Result<evovoice::Client, evovoice::Error> {
        let client = self.get()?;
        Ok(if options.is_empty() { client } else { client.with_options(options.clone()) })
    }

    /// The options of `with_options(timeout=, headers=, max_retries=)` over `base`, checked
    /// against the client's configuration (a refused header fails here, not at the next call).
    fn options_over(
        &self,
        base: &RequestOptions,
        timeout: Option<f64>,
        headers: Option<BTreeMap<String, String>>,
        max_retries: Option<i64>,
    ) -> Result<RequestOptions, evovoice::Error> {
        let mut options = RequestOptions::new();
        if let Some(t) = timeout {
            if !(t.is_finite() && t > 0.0 && t < 1e9) {
                return Err(invalid(format!("timeout must be a positive number of seconds, not {t}")));
            }
            options = options.timeout(Duration::from_secs_f64(t));
        }
        if let Some(n) = max_retries {
            options = options.max_retries(checked_max_retries(n)?);
        }
        for (name, value) in headers.into_iter().flatten() {
            options = options.header(name, value);
        }
        let options = options.over(base);
        options.apply(&self.get()?.config())?;
        Ok(options)
    }

    fn set_auth(&self, auth: Auth) -> Result<(), evovoice::Error> {
        self.get()?.set_auth(auth)
    }

    fn close(&self) {
        self.client.write().unwrap_or_else(|p| p.into_inner()).take();
    }

    fn config(&self) -> Option<evovoice::Config> {
        self.client.read().unwrap_or_else(|p| p.into_inner()).as_ref().map(|c| c.config())
    }

    fn repr(&self, py: Python<'_>, class: &str) -> PyResult<String> {
        let Some(config) = self.config() else { return Ok(format!("<{class} (closed)>")) };
        let auth = match config.auth() {
            Auth::None => "None".to_owned(),
            Auth::Bearer(_) => "'bearer'".to_owned(),
            Auth::Basic { user_name, .. } => format!("'basic', user_name={}", py_repr(py, user_name)?),
            Auth::Session(_) => "'session'".to_owned(),
            _ => "'other'".to_owned(),
        };
        let timeout = config.timeout().map_or("None".to_owned(), |t| format!("{:?}", t.as_secs_f64()));
        Ok(format!("{class}(base_url={}, auth={auth}, timeout={timeout})", py_repr(py, config.base_url())?))
    }
}

/// Python's repr of a string.
pub fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(pyo3::types::PyString::new(py, s).repr()?.to_cow()?.into_owned())
}

/// The methods `Client` and `AsyncClient` share: their settings, `with_options` and the
/// credentials' rotation (neither waits on the network).
macro_rules! shared_methods {
    ($class:ident) => {
        #[pymethods]
        impl $class {
        #[getter]
        fn base_url(&self, py: Python<'_>) -> PyResult<String> {
            Ok(self.client(py)?.config().base_url().to_owned())
        }

        #[getter]
        fn timeout(&self, py: Python<'_>) -> PyResult<Option<f64>> {
            let client = self.client(py)?;
            Ok(client.options().timeout.or(client.config().timeout()).map(|t| t.as_secs_f64()))
        }

        /// A client that shares this one's connection pool and credentials and applies these
        /// options to every call made through it (over this client's own): `timeout` in seconds,
        /// `headers` sent with each request (a header replaces the client's of the same name; not
        /// Accept, Content-Type, Authorization or X-ss-*; values never shown), `max_retries`.
        #[pyo3(signature = (*, timeout=None, headers=None, max_retries=None))]
        fn with_options(
            &self,
            py: Python<'_>,
            timeout: Option<f64>,
            headers: Option<BTreeMap<String, String>>,
            max_retries: Option<i64>,
        ) -> PyResult<Self> {
            let options = self.shared.options_over(&self.options, timeout, headers, max_retries).map_err(|e| to_py_err(py, &e))?;
            Ok(Self { shared: self.shared.clone(), options: Arc::new(options) })
        }

        /// Replaces the credentials with a bearer token (JWT or API key) for this client and every
        /// client made from it by `with_options`; the next call uses it.
        fn set_bearer_token(&self, py: Python<'_>, token: String) -> PyResult<()> {
            self.shared.set_auth(Auth::Bearer(Secret::new(token))).map_err(|e| to_py_err(py, &e))
        }

        /// Replaces the credentials with HTTP basic authentication (see `set_bearer_token`).
        fn set_basic_auth(&self, py: Python<'_>, user_name: String, password: String) -> PyResult<()> {
            self.shared.set_auth(Auth::Basic { user_name, password: Secret::new(password) }).map_err(|e| to_py_err(py, &e))
        }
        }
    };
}

shared_methods!(PyClient);
shared_methods!(PyAsyncClient);

/// A blocking client of the Evo Voice Sessions API. The GIL is released while waiting on the
/// network; Ctrl-C interrupts a call. Thread-safe. Its repr never shows credentials.
#[pyclass(name = "Client", module = "evovoice", frozen)]
pub struct PyClient {
    shared: Arc<Shared>,
    /// What `with_options` set (empty for a client made by its constructor).
    options: Arc<RequestOptions>,
}

impl PyClient {
    fn client(&self, py: Python<'_>) -> PyResult<evovoice::Client> {
        self.shared.get_with(&self.options).map_err(|e| to_py_err(py, &e))
    }

    /// Sends `request`: its answer with the status and headers, as a `RawResponse`.
    pub(crate) fn send_raw<Op>(&self, py: Python<'_>, request: Op) -> PyResult<PyRawResponse>
    where
        Op: Operation + Send + Sync + 'static,
        Op::Response: Answer,
    {
        let client = self.client(py)?;
        let response = self.call(py, async move { client.send_with_response(&request).await })?;
        raw_response(py, response, Op::NAME)
    }

    fn call<F, T>(&self, py: Python<'_>, fut: F) -> PyResult<T>
    where
        F: Future<Output = Result<T, evovoice::Error>> + Send + 'static,
        T: Send + 'static,
    {
        block_on(py, fut)?.map_err(|e| to_py_err(py, &e))
    }

    /// Sends `request` and waits for its answer, as its Python object.
    pub(crate) fn send<Op>(&self, py: Python<'_>, request: Op) -> PyResult<Py<PyAny>>
    where
        Op: Operation + Send + Sync + 'static,
        Op::Response: Answer,
    {
        let client = self.client(py)?;
        let answer = self.call(py, async move { client.send_for_body(&request).await })?;
        crate::decode::answer(py, Op::RESPONSE_SHAPE, answer.status(), None, answer.value())
    }

    /// Every item of every page of `request`'s list.
    pub(crate) fn iterate<Op>(&self, py: Python<'_>, request: Op) -> PyResult<PySessionIterator>
    where
        Op: ListOperation + Send + Sync + 'static,
    {
        let stream = item_pages(&self.client(py)?, &request);
        Ok(PySessionIterator { state: Mutex::new(IterState { stream: Some(stream), buffer: empty_buffer() }) })
    }
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (base_url=None, *, bearer_token=None, user_name=None, password=None, timeout=Some(30.0), max_retries=2, max_response_bytes=DEFAULT_MAX_RESPONSE_BYTES, headers=None, allow_insecure_http=false, ca_certificates=None, proxy=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        base_url: Option<&str>,
        bearer_token: Option<String>,
        user_name: Option<String>,
        password: Option<String>,
        timeout: Option<f64>,
        max_retries: i64,
        max_response_bytes: i64,
        headers: Option<BTreeMap<String, String>>,
        allow_insecure_http: bool,
        ca_certificates: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        crate::logging::reset_cache();
        let transport = Transport::from_py(ca_certificates, proxy)?;
        let limits = Limits { max_retries, max_response_bytes, headers, allow_insecure_http, transport };
        let shared =
            Shared::new(base_url, bearer_token, user_name, password, timeout, limits).map_err(|e| to_py_err(py, &e))?;
        Ok(Self { shared: Arc::new(shared), options: Arc::default() })
    }


    /// Credentials login; later requests use the session (or token) it returns.
    fn login(&self, py: Python<'_>, user_name: String, password: String) -> PyResult<PyAuthenticateResponse> {
        let client = self.client(py)?;
        let inner = self.call(py, async move { client.login(&user_name, &password).await })?;
        Ok(PyAuthenticateResponse { inner })
    }

    /// Releases the connections; later calls raise InvalidRequestError.
    fn close(&self) {
        self.shared.close();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, PyTuple>) {
        self.shared.close();
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        self.shared.repr(py, "Client")
    }

    /// The same client, whose methods return a `RawResponse` (status code, headers, request
    /// id, and `.parse()` for the typed value).
    #[getter]
    fn with_raw_response(slf: Py<Self>) -> PyClientWithRawResponse {
        PyClientWithRawResponse { client: slf }
    }
}

/// An asyncio client of the Evo Voice Sessions API (a shared tokio runtime does the I/O).
/// Its repr never shows credentials.
#[pyclass(name = "AsyncClient", module = "evovoice", frozen)]
pub struct PyAsyncClient {
    shared: Arc<Shared>,
    /// What `with_options` set (empty for a client made by its constructor).
    options: Arc<RequestOptions>,
}

impl PyAsyncClient {
    fn client(&self, py: Python<'_>) -> PyResult<evovoice::Client> {
        check_async_runtime().map_err(|e| to_py_err(py, &e))?;
        self.shared.get_with(&self.options).map_err(|e| to_py_err(py, &e))
    }

    /// Sends `request`: an awaitable of its answer with the status and headers (`RawResponse`).
    pub(crate) fn send_raw<'py, Op>(&self, py: Python<'py>, request: Op) -> PyResult<Bound<'py, PyAny>>
    where
        Op: Operation + Send + Sync + 'static,
        Op::Response: Answer + Send,
    {
        let client = self.client(py)?;
        spawn_async(py, async move {
            let response = client.send_with_response(&request).await.map_err(to_py_err_detached)?;
            Python::attach(|py| raw_response(py, response, Op::NAME))
        })
    }

    /// Sends `request`: an awaitable of its answer, as its Python object.
    pub(crate) fn send<'py, Op>(&self, py: Python<'py>, request: Op) -> PyResult<Bound<'py, PyAny>>
    where
        Op: Operation + Send + Sync + 'static,
        Op::Response: Answer + Send,
    {
        let client = self.client(py)?;
        spawn_async(py, async move {
            let answer = client.send_for_body(&request).await.map_err(to_py_err_detached)?;
            let status = answer.status();
            Ok(crate::decode::Body { root: Op::RESPONSE_SHAPE, status, bytes: answer.into_parts().1 })
        })
    }

    /// Every item of every page of `request`'s list.
    pub(crate) fn iterate<Op>(&self, py: Python<'_>, request: Op) -> PyResult<PyAsyncSessionIterator>
    where
        Op: ListOperation + Send + Sync + 'static,
    {
        let stream = item_pages(&self.client(py)?, &request);
        Ok(PyAsyncSessionIterator { state: Arc::new(tokio::sync::Mutex::new(IterState { stream: Some(stream), buffer: empty_buffer() })) })
    }
}

#[pymethods]
impl PyAsyncClient {
    #[new]
    #[pyo3(signature = (base_url=None, *, bearer_token=None, user_name=None, password=None, timeout=Some(30.0), max_retries=2, max_response_bytes=DEFAULT_MAX_RESPONSE_BYTES, headers=None, allow_insecure_http=false, ca_certificates=None, proxy=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        base_url: Option<&str>,
        bearer_token: Option<String>,
        user_name: Option<String>,
        password: Option<String>,
        timeout: Option<f64>,
        max_retries: i64,
        max_response_bytes: i64,
        headers: Option<BTreeMap<String, String>>,
        allow_insecure_http: bool,
        ca_certificates: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        crate::logging::reset_cache();
        let transport = Transport::from_py(ca_certificates, proxy)?;
        let limits = Limits { max_retries, max_response_bytes, headers, allow_insecure_http, transport };
        let shared =
            Shared::new(base_url, bearer_token, user_name, password, timeout, limits).map_err(|e| to_py_err(py, &e))?;
        Ok(Self { shared: Arc::new(shared), options: Arc::default() })
    }


    /// Credentials login; later requests use the session (or token) it returns.
    fn login<'py>(&self, py: Python<'py>, user_name: String, password: String) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client(py)?;
        spawn_async(py, async move {
            let inner = client.login(&user_name, &password).await.map_err(to_py_err_detached)?;
            Ok(PyAuthenticateResponse { inner })
        })
    }

    /// Releases the connections; later calls raise InvalidRequestError.
    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.close();
        ready(py, py.None().into_bound(py))
    }

    fn __aenter__<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        ready(slf.py(), slf.into_any())
    }

    #[pyo3(signature = (*_args))]
    fn __aexit__<'py>(&self, py: Python<'py>, _args: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
        self.close(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        self.shared.repr(py, "AsyncClient")
    }

    /// The same client, whose methods return (awaitables of) a `RawResponse` (status code,
    /// headers, request id, and `.parse()` for the typed value).
    #[getter]
    fn with_raw_response(slf: Py<Self>) -> PyAsyncClientWithRawResponse {
        PyAsyncClientWithRawResponse { client: slf }
    }
}

/// An awaitable that is already done (no trip through the I/O runtime: closing and entering work
/// even where that runtime cannot run, e.g. in a forked child).
fn ready<'py>(py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let future = py.import("asyncio")?.call_method0("get_running_loop")?.call_method0("create_future")?;
    future.call_method1("set_result", (value,))?;
    Ok(future)
}

/// The items of one page still to hand out, whatever their type.
trait Buffer: Send {
    /// The next item as a Python object, or `None` when the page is used up.
    fn next_py(&mut self, py: Python<'_>) -> Option<PyResult<Py<PyAny>>>;
}

/// The item objects of a page (or the error building them, handed out once).
struct Objects(Option<PyErr>, std::vec::IntoIter<Py<PyAny>>);

impl Buffer for Objects {
    fn next_py(&mut self, _py: Python<'_>) -> Option<PyResult<Py<PyAny>>> {
        match self.0.take() {
            Some(e) => Some(Err(e)),
            None => self.1.next().map(Ok),
        }
    }
}

type ItemStream = Pin<Box<dyn Stream<Item = Result<Box<dyn Buffer>, evovoice::Error>> + Send>>;

/// The pages of `request`'s list, each as a [`Buffer`] of its items.
fn item_pages<Op>(client: &evovoice::Client, request: &Op) -> ItemStream
where
    Op: ListOperation + Send + Sync + 'static,
{
    let root = Op::RESPONSE_SHAPE;
    // Each page's objects are built in the pass that checks its body (as a list call's are).
    Box::pin(client.pages_read(request, move |status, body| {
        Python::attach(|py| {
            let mut builder = crate::decode::Builder::new(py, root, body.len());
            let checked = evovoice::response::check_response_into(root, status, None, body, &mut builder)?;
            let facts = checked.checked.page.unwrap_or_default().into();
            let items = builder.finish().map(|page| crate::dto::page_items(py, &page));
            let buffer = match items {
                Ok(items) => Objects(None, items.into_iter()),
                Err(e) => Objects(Some(e), Vec::new().into_iter()),
            };
            Ok((Box::new(buffer) as Box<dyn Buffer>, facts))
        })
    }))
}

fn empty_buffer() -> Box<dyn Buffer> {
    Box::new(Objects(None, Vec::new().into_iter()))
}

struct IterState {
    stream: Option<ItemStream>,
    buffer: Box<dyn Buffer>,
}

/// Every item of a list (e.g. every session matching a filter), fetched lazily page by page.
#[pyclass(name = "SessionIterator", module = "evovoice", frozen)]
pub struct PySessionIterator {
    state: Mutex<IterState>,
}

#[pymethods]
impl PySessionIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, pyo3::types::PyType>, item: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        crate::dto::generic_alias(cls, item)
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            let mut stream = {
                let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(item) = state.buffer.next_py(py) {
                    return item.map(Some);
                }
                match state.stream.take() {
                    Some(stream) => stream,
                    None => return Ok(None),
                }
            };
            let (page, stream) = block_on(py, async move {
                let page = stream.next().await;
                (page, stream)
            })?;
            match page {
                Some(Ok(page)) => {
                    let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
                    state.buffer = page;
                    state.stream = Some(stream);
                }
                Some(Err(e)) => return Err(to_py_err(py, &e)),
                None => return Ok(None),
            }
        }
    }
}

/// Every item of a list (e.g. every session matching a filter), fetched lazily page by page.
#[pyclass(name = "AsyncSessionIterator", module = "evovoice", frozen)]
pub struct PyAsyncSessionIterator {
    state: Arc<tokio::sync::Mutex<IterState>>,
}

#[pymethods]
impl PyAsyncSessionIterator {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, pyo3::types::PyType>, item: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        crate::dto::generic_alias(cls, item)
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state.clone();
        spawn_async(py, async move {
            let mut state = state.lock().await;
            loop {
                if let Some(item) = Python::attach(|py| state.buffer.next_py(py)) {
                    return item;
                }
                let Some(stream) = state.stream.as_mut() else {
                    return Err(PyStopAsyncIteration::new_err(()));
                };
                match stream.next().await {
                    Some(Ok(page)) => state.buffer = page,
                    Some(Err(e)) => {
                        state.stream = None;
                        return Err(to_py_err_detached(e));
                    }
                    None => {
                        state.stream = None;
                        return Err(PyStopAsyncIteration::new_err(()));
                    }
                }
            }
        })
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClient>()?;
    m.add_class::<PyAsyncClient>()?;
    m.add_class::<PySessionIterator>()?;
    m.add_class::<PyAsyncSessionIterator>()?;
    // setattr, not add_function: private, kept out of `__all__`.
    m.setattr("_quiesce", wrap_pyfunction!(quiesce, m)?)?;
    Ok(())
}
