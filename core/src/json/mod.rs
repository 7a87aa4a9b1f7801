//! JSON without serde: what the WebAssembly build uses in place of serde_json, so that it
//! carries no per-type decoder code.
//!
//! - [`Value`] / [`parse`]: a small JSON value tree (requests on their way to the wire, error
//!   bodies, login answers).
//! - [`shape`]: the DTO schema in a form a program can walk (field wire names and types).
//! - [`transcode`]: one schema-driven pass over a response body that checks it against the
//!   type the operation returns (with the typed decoder's rules and errors) and says whether
//!   the body can be handed to `JSON.parse` as it is, or gives the canonical text to hand over.

pub mod shape;
pub mod transcode;
mod value;

pub use value::{parse, write_string, ParseError, Value};
