//! # evovoice-emulator
//!
//! A stateful, in-memory emulator of the Evo Voice Sessions API that follows ServiceStack's wire
//! conventions (routes, binding, errors, authentication, paging), so that SDK users and every
//! test in this repository can run offline against a real HTTP server.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use evovoice_emulator::{Emulator, Options};
//! let emu = Emulator::start(Options { seed: 100, ..Options::default() }).await?;
//! println!("{}", emu.url()); // http://127.0.0.1:PORT
//! emu.shutdown();
//! # Ok(()) }
//! ```
//!
//! See the crate's README for the exact semantics (0-based pages, filters, auth styles).
#![warn(missing_docs)]

/// A value of one of the SDK's DTOs (non-exhaustive: built from its `Default`) with these
/// fields set: `with_fields!(SessionLogInfo { date: Some(d), message })`.
macro_rules! with_fields {
    ($t:ident { $($f:ident $(: $v:expr)?),* $(,)? }) => {{
        let mut value = $t::default();
        $(with_fields!(@set value $f $($v)?);)*
        value
    }};
    (@set $value:ident $f:ident $v:expr) => { $value.$f = $v };
    (@set $value:ident $f:ident) => { $value.$f = $f };
}

mod auth;
mod binding;
mod catalog;
mod cors;
mod errors;
mod faults;
mod ops;
mod routes;
mod seed;
mod state;
mod util;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::sync::watch;

use crate::state::{lock, Shared};

/// The default user's API key / bearer token.
pub const DEV_TOKEN: &str = "evovoice-dev-token";
/// The default user's name (an email address).
pub const DEV_USER: &str = "dev@evovoice.local";
/// The default user's password.
pub const DEV_PASSWORD: &str = "dev";
/// The role-less user's API key (requests with it get 403 on NewSession / InviteChatMember).
pub const VIEWER_TOKEN: &str = "evovoice-viewer-token";

/// How authentication failures look (Evo Voice's choice is unverified; clients must cope with both).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthStyle {
    /// Thrown in service code: JSON bodies, 401 "Not Authenticated" / 403 "Invalid Role".
    #[default]
    Thrown,
    /// ServiceStack's `[Authenticate]` / `[RequiredRole]` attributes: 401 with an empty body and
    /// `WWW-Authenticate: basic realm="/auth/basic"`; 403 with reason phrase "Invalid Role" and a
    /// text/plain body starting `Forbidden`.
    Attribute,
}

/// A user the emulator knows.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    /// User name (an email address), for Basic auth and credentials login; case-insensitive.
    pub user_name: String,
    /// Password.
    pub password: String,
    /// API key, accepted as `Authorization: Bearer <key>` or as Basic user name with an empty password.
    pub api_key: Option<String>,
    /// Roles (`User` is needed for NewSession and InviteChatMember; `Admin` has every role).
    pub roles: Vec<String>,
    /// Display name.
    pub display_name: String,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("user_name", &self.user_name)
            .field("password", &"***")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("roles", &self.roles)
            .field("display_name", &self.display_name)
            .finish()
    }
}

impl User {
    /// The default users: `dev@evovoice.local` / `dev` (key `evovoice-dev-token`, role `User`)
    /// and `viewer@evovoice.local` / `viewer` (key `evovoice-viewer-token`, no roles).
    pub fn defaults() -> Vec<User> {
        vec![
            User {
                user_name: DEV_USER.into(),
                password: DEV_PASSWORD.into(),
                api_key: Some(DEV_TOKEN.into()),
                roles: vec!["User".into()],
                display_name: "Dev User".into(),
            },
            User {
                user_name: "viewer@evovoice.local".into(),
                password: "viewer".into(),
                api_key: Some(VIEWER_TOKEN.into()),
                roles: Vec::new(),
                display_name: "Viewer".into(),
            },
        ]
    }
}

/// How to start an emulator.
#[derive(Clone, Debug)]
pub struct Options {
    /// Address to bind (default 127.0.0.1).
    pub host: IpAddr,
    /// Port to bind; 0 picks a free port (default 0).
    pub port: u16,
    /// Number of generated seed sessions (default 0). Same number, same data.
    pub seed: usize,
    /// Known users (default [`User::defaults`]).
    pub users: Vec<User>,
    /// Extra allowed CORS origins. http(s) origins on localhost, 127.0.0.1 and [::1] (any port)
    /// are always allowed; `"*"` allows any origin.
    pub allowed_origins: Vec<String>,
    /// How authentication failures look (default [`AuthStyle::Thrown`]).
    pub auth_style: AuthStyle,
    /// Honour fault-injection requests (`X-Evovoice-Fault` header or `__fault` query parameter;
    /// see the README). Off by default: without it both are ignored.
    pub faults: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            seed: 0,
            users: User::defaults(),
            allowed_origins: Vec::new(),
            auth_style: AuthStyle::Thrown,
            faults: false,
        }
    }
}

/// How many requests [`Emulator::requests`] keeps (the most recent), so that a long-running
/// emulator does not grow without bound.
pub const MAX_RECORDED: usize = 4096;

/// One request as the emulator received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path and query exactly as received (not percent-decoded).
    pub raw_path: String,
    /// Headers in received order (names lowercase).
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// How long a stopping server waits for open requests before dropping them.
const GRACE: Duration = Duration::from_secs(3);

async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let app = Router::new().fallback(routes::handle).with_state(shared);
    let mut stop2 = stop.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = stop.wait_for(|v| *v).await;
    });
    tokio::select! {
        _ = server => {}
        _ = async move {
            let _ = stop2.wait_for(|v| *v).await;
            tokio::time::sleep(GRACE).await;
        } => {}
    }
}

impl Emulator {
    /// Binds and starts serving on the current tokio runtime.
    pub async fn start(opts: Options) -> std::io::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind((opts.host, opts.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(opts));
        let (stop, rx) = watch::channel(false);
        tokio::spawn(serve(listener, shared.clone(), rx));
        Ok(Emulator { addr, shared, stop, thread: None })
    }

    /// Binds and starts serving on a thread of its own (with its own runtime); usable from
    /// synchronous code. Returns once the port is bound.
    pub fn start_background(opts: Options) -> std::io::Result<Emulator> {
        let std_listener = std::net::TcpListener::bind((opts.host, opts.port))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let shared = Arc::new(Shared::new(opts));
        let (stop, rx) = watch::channel(false);
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new().name("evovoice-emulator".into()).spawn(move || {
            rt.block_on(async move {
                match tokio::net::TcpListener::from_std(std_listener) {
                    Ok(listener) => serve(listener, thread_shared, rx).await,
                    Err(e) => eprintln!("evovoice-emulator: {e}"),
                }
            });
            rt.shutdown_timeout(Duration::from_millis(100));
        })?;
        Ok(Emulator { addr, shared, stop, thread: Some(thread) })
    }

    /// The base URL, e.g. `http://127.0.0.1:8080` (IPv6 hosts in brackets).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The requests received so far, in order: all of them, or the most recent
    /// [`MAX_RECORDED`] when more arrived (see [`Emulator::request_count`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).iter().cloned().collect()
    }

    /// How many requests arrived since the start (or the last [`Emulator::clear_requests`]),
    /// including those no longer kept by [`Emulator::requests`].
    pub fn request_count(&self) -> u64 {
        self.shared.request_count.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Forgets the recorded requests (and resets the count).
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
        self.shared.request_count.store(0, std::sync::atomic::Ordering::Relaxed);
    }

    /// Forgets how often each fault with `times=N` has applied, so it applies again.
    pub fn reset_faults(&self) {
        lock(&self.shared.fault_counts).clear();
    }

    /// Stops the server gracefully (open requests get a few seconds). For a background
    /// emulator this waits for its thread.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop_now();
    }
}
