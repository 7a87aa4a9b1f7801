//! ServiceStack's error body: `{"responseStatus": {...}}`.
//!
//! Read in camelCase or PascalCase (servers differ in their JSON configuration).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The body of a failed request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorResponse {
    /// The error, when the server sent one.
    #[serde(alias = "ResponseStatus", skip_serializing_if = "Option::is_none")]
    pub response_status: Option<ResponseStatus>,
}

/// A ServiceStack error: a code, a message and per-field errors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResponseStatus {
    /// Machine-readable code, e.g. `NotFound`, `NotEmpty`, `Unauthorized`, or an exception name.
    #[serde(alias = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Human-readable message.
    #[serde(alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Server stack trace (debug builds of the server only).
    #[serde(alias = "StackTrace", skip_serializing_if = "Option::is_none")]
    pub stack_trace: Option<String>,
    /// Per-field errors (validation).
    #[serde(alias = "Errors", skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ResponseError>>,
    /// Extra data.
    #[serde(alias = "Meta", skip_serializing_if = "Option::is_none")]
    pub meta: Option<BTreeMap<String, String>>,
}

/// An error about one field of the request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResponseError {
    /// Machine-readable code, e.g. `NotEmpty`.
    #[serde(alias = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The request field at fault (the API's spelling, e.g. `DisplayName`).
    #[serde(alias = "FieldName", skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    /// Human-readable message.
    #[serde(alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Extra data.
    #[serde(alias = "Meta", skip_serializing_if = "Option::is_none")]
    pub meta: Option<BTreeMap<String, String>>,
}

impl ResponseStatus {
    /// The per-field errors (empty when there are none).
    pub fn field_errors(&self) -> &[ResponseError] {
        self.errors.as_deref().unwrap_or(&[])
    }
}
