//! # evovoice
//!
//! Client SDK for the Evo Voice Sessions API (a ServiceStack service): create, list, fetch and
//! join sessions (calls, chats, faxes).
//!
//! - [`models`]: every DTO of the API, typed; unknown enum values and unknown fields tolerated.
//! - [`Operation`]: what each request DTO sends and gets back.
//! - Sans-IO: [`build_request`] turns a DTO into an `http::Request<Vec<u8>>`, [`parse_response`]
//!   turns an `http::Response` into the typed answer or an [`Error`]. Bring your own HTTP stack,
//!   or use…
//! - [`Client`] (feature `native`, on by default): an async client on reqwest + rustls.
//!
//! Wire rules (routes, path and query encoding, error bodies, paging) live here once; the
//! JavaScript (WebAssembly) and Python packages call this crate.
#![warn(missing_docs)]

/// What `Debug` shows in place of a secret.
pub const REDACTED: &str = "***";

pub mod config;
pub mod enums;
pub mod error;
pub mod json;
mod json_path;
pub mod meta;
pub mod models;
pub mod operations;
pub mod options;
pub mod paging;
pub mod request;
pub mod schema;
pub mod response;
pub mod retry;
pub mod wire;

#[cfg(feature = "native")]
mod client;

#[cfg(feature = "native")]
pub use client::{Client, ClientBuilder};
pub use config::{Auth, Config, Secret, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES};
pub use enums::*;
pub use error::{Error, ErrorKind, TransportErrorKind};
pub use meta::{Response, ResponseMeta};
pub use models::*;
pub use operations::{CallKind, ListOperation, Operation, OperationInfo, OPERATIONS};
pub use options::RequestOptions;
pub use request::{build_login_request, build_request};
pub use response::{decode_json, decode_response, error_from_answer, parse_login_answer, parse_response, response_meta, ReasonPhrase, ReceivedAt};
pub use retry::{Outcome, RetryPolicy};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The README's Rust blocks, compiled as doctests (the quick start is `no_run` here: `make
/// test-dist` runs it against the emulator from a scratch crate).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
