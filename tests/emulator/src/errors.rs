//! ServiceStack-shaped error answers.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::response::Response;
use evovoice::{ErrorResponse, ResponseError, ResponseStatus};
use http::{header, HeaderValue, StatusCode};

/// `Content-Type` of every JSON answer.
pub(crate) const JSON_CT: &str = "application/json; charset=utf-8";

/// A failed request, before it becomes a response.
#[derive(Debug, Clone)]
pub(crate) enum ApiError {
    /// A JSON `{"responseStatus":...}` body with this status.
    Status { status: StatusCode, error_code: String, message: String, errors: Vec<ResponseError> },
    /// Authentication required and missing ("thrown" or "attribute" style is decided later).
    Unauthenticated,
    /// The user lacks a role.
    Forbidden,
    /// No route: plain-text 404.
    NoRoute,
}

impl ApiError {
    /// A JSON error without field errors.
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError::Status { status, error_code: code.into(), message: message.into(), errors: Vec::new() }
    }

    /// 404 NotFound.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFound", message)
    }

    /// 400 ArgumentException.
    pub(crate) fn argument(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ArgumentException", message)
    }

    /// 400 with field errors; the top level repeats the first.
    pub(crate) fn fields(errors: Vec<ResponseError>) -> Self {
        let first = errors.first().cloned().unwrap_or_default();
        ApiError::Status {
            status: StatusCode::BAD_REQUEST,
            error_code: first.error_code.unwrap_or_else(|| "ValidationException".into()),
            message: first.message.unwrap_or_else(|| "Validation failed".into()),
            errors,
        }
    }

    /// 400 SerializationException: "Unable to bind to request 'Op'" with per-field errors.
    pub(crate) fn bind(op: &str, errors: Vec<ResponseError>) -> Self {
        ApiError::Status {
            status: StatusCode::BAD_REQUEST,
            error_code: "SerializationException".into(),
            message: format!("Unable to bind to request '{op}'"),
            errors,
        }
    }
}

/// One field error: `{errorCode, fieldName, message, meta:{}}`.
pub(crate) fn field_error(code: &str, field: &str, message: impl Into<String>) -> ResponseError {
    with_fields!(ResponseError {
        error_code: Some(code.into()),
        field_name: Some(field.into()),
        message: Some(message.into()),
        meta: Some(BTreeMap::new()),
    })
}

/// FluentValidation's NotEmpty error for a PascalCase property name.
pub(crate) fn not_empty(field: &str) -> ResponseError {
    field_error("NotEmpty", field, format!("'{}' must not be empty.", spaced(field)))
}

/// `MemberToAdd` -> `Member To Add` (FluentValidation's display names).
pub(crate) fn spaced(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A JSON response with the right content type.
pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_CT));
    res
}

/// A plain-text response.
pub(crate) fn text_response(status: StatusCode, body: &str) -> Response {
    let mut res = Response::new(Body::from(body.to_owned()));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

/// Serializes a JSON error body.
pub(crate) fn status_body(error_code: &str, message: &str, errors: Vec<ResponseError>) -> Vec<u8> {
    let body = with_fields!(ErrorResponse {
        response_status: Some(with_fields!(ResponseStatus {
            error_code: Some(error_code.into()),
            message: Some(message.into()),
            errors: Some(errors),
        })),
    });
    serde_json::to_vec(&body).unwrap_or_default()
}

impl ApiError {
    /// Turns the error into a response; `attribute_style` selects how auth failures look.
    pub(crate) fn into_response(self, attribute_style: bool) -> Response {
        match self {
            ApiError::Status { status, error_code, message, errors } => {
                json_response(status, status_body(&error_code, &message, errors))
            }
            ApiError::NoRoute => text_response(StatusCode::NOT_FOUND, "Handler for Request not found"),
            ApiError::Unauthenticated if attribute_style => {
                let mut res = Response::new(Body::empty());
                *res.status_mut() = StatusCode::UNAUTHORIZED;
                res.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("basic realm=\"/auth/basic\""));
                res
            }
            ApiError::Unauthenticated => json_response(
                StatusCode::UNAUTHORIZED,
                status_body("Unauthorized", "Not Authenticated", Vec::new()),
            ),
            ApiError::Forbidden if attribute_style => {
                let mut res = text_response(StatusCode::FORBIDDEN, "Forbidden\n\nInvalid Role");
                res.extensions_mut().insert(hyper::ext::ReasonPhrase::from_static(b"Invalid Role"));
                res
            }
            ApiError::Forbidden => {
                json_response(StatusCode::FORBIDDEN, status_body("Forbidden", "Invalid Role", Vec::new()))
            }
        }
    }
}
