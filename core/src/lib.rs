//! # evovoice
//!
//! Client SDK for the Evo Voice Sessions API (a ServiceStack service): create, list, fetch and
//! join sessions (calls, chats, faxes).
//!
//! - [`models`]: every DTO of the API, typed; unknown enum values and unknown fields kept.
//! - [`Operation`]: what each request DTO sends and gets back.
//! - Sans-IO: [`build_request`] turns a DTO into an `http::Request<Vec<u8>>`, [`parse_response`]
//!   turns an `http::Response` into the typed answer or an [`Error`]. Bring your own HTTP stack,
//!   or use…
//! - [`Client`] (feature `native`, on by default): an async client on reqwest + rustls.
//!
//! Wire rules (routes, path and query encoding, error bodies, paging) live here once; the
//! JavaScript (WebAssembly) and Python packages call this crate.
//!
//! ## Public surface and semver
//!
//! What is documented here is the API covered by semver. A newer server may add fields and
//! enum values: the DTOs, the API's enums, [`ErrorKind`], [`Auth`] and the option structs are
//! `#[non_exhaustive]` (build requests with `new(..)` and the setters, `match` with a `_` arm),
//! and a value this SDK does not know is kept (an enum's `Unknown`, a DTO's `extra`).
//!
//! The plumbing the npm and Python packages of this SDK share with it (the JSON reader and
//! transcoder, the schema, the wire and paging rules, the retry steps, the operations as
//! data, `for_each_operation!`) is public only with the cargo feature `bindings`, hidden
//! from the documentation and **not covered by semver**: do not enable it in an application.
#![warn(missing_docs)]

/// What `Debug` shows in place of a secret.
pub const REDACTED: &str = "***";

/// Declares modules of the bindings' plumbing (see "Public surface" above): public, but hidden
/// from the documentation, with the `bindings` feature; private to the crate without it.
macro_rules! plumbing {
    ($($(#[$meta:meta])* mod $name:ident;)*) => {$(
        #[cfg(feature = "bindings")]
        #[doc(hidden)]
        $(#[$meta])*
        pub mod $name;
        #[cfg(not(feature = "bindings"))]
        #[allow(dead_code, unused_imports)]
        $(#[$meta])*
        mod $name;
    )*};
}

pub mod enums;
pub mod error;
mod json_path;
pub mod models;
#[cfg(doctest)]
mod semver_proofs;

plumbing! {
    mod config;
    mod json;
    mod meta;
    mod options;
    mod paging;
    mod request;
    mod response;
    mod retry;
    mod schema;
    mod wire;
}

// Declared without the macro: it exports `for_each_operation!`, which a module made by a macro
// could not (`macro_export` from a macro expansion is not reachable by path).
#[cfg(feature = "bindings")]
#[doc(hidden)]
pub mod operations;
#[cfg(not(feature = "bindings"))]
#[allow(dead_code, unused_imports)]
mod operations;

#[cfg(feature = "native")]
mod client;

#[cfg(feature = "native")]
pub use client::{Client, ClientBuilder};
pub use config::{Auth, Config, Secret, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES};
pub use enums::*;
pub use error::{Error, ErrorKind, TransportErrorKind};
pub use meta::{Response, ResponseMeta};
pub use models::*;
pub use operations::{ListOperation, Operation};
pub use options::RequestOptions;
pub use paging::PageRequest;
pub use request::{build_login_request, build_request};
pub use response::{decode_json, parse_login_answer, parse_response, response_meta, ReasonPhrase, ReceivedAt};
pub use retry::RetryPolicy;

/// What the npm and Python packages of this SDK use besides the public API: with the
/// `bindings` feature only, hidden from the documentation, not covered by semver.
#[cfg(feature = "bindings")]
#[doc(hidden)]
pub use {
    operations::{CallKind, OperationInfo, OPERATIONS},
    response::{decode_response, error_from_answer},
    retry::Outcome,
};
#[cfg(not(feature = "bindings"))]
#[allow(unused_imports)]
use {
    operations::{CallKind, OperationInfo, OPERATIONS},
    response::{decode_response, error_from_answer},
};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The README's Rust blocks, compiled as doctests (the quick start is `no_run` here: `make
/// test-dist` runs it against the emulator from a scratch crate).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
