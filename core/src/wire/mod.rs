//! Encoding rules of the wire: path segments and ServiceStack query strings.

pub mod path;
pub mod query;
