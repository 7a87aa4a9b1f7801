//! Core errors -> the Python exception tree of evovoice/_errors.py. The class is chosen from
//! the core's `ErrorKind` and its status helpers (`is_validation()`, ...); the text of the
//! exception is the core's message (which never contains secrets).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

use evovoice::{Error, ErrorKind};

use crate::dto::{PyFieldError, PyResponseStatus};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The Python exception for a core error.
pub fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    build(py, e).unwrap_or_else(|err| err)
}

/// [`to_py_err`] from a thread that does not hold the GIL (inside a future).
pub fn to_py_err_detached(e: Error) -> PyErr {
    Python::attach(|py| to_py_err(py, &e))
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let module = ERRORS.get_or_try_init(py, || py.import("evovoice._errors").map(Bound::unbind))?.bind(py);
    let text = e.to_string();
    let exc = match e.kind() {
        ErrorKind::Api => {
            let class = if e.is_validation() {
                "ValidationError"
            } else if e.is_unauthorized() {
                "AuthenticationError"
            } else if e.is_forbidden() {
                "ForbiddenError"
            } else if e.is_not_found() {
                "NotFoundError"
            } else if e.is_rate_limited() {
                "RateLimitError"
            } else if e.is_server_error() {
                "ServerError"
            } else {
                "ApiError"
            };
            let status = e.response_status().cloned().unwrap_or_default();
            let field_errors: Vec<PyFieldError> = e.field_errors().iter().cloned().map(|inner| PyFieldError { inner }).collect();
            let message = status.message.clone();
            module.getattr(class)?.call1((e.status(), e.error_code(), message, field_errors, PyResponseStatus { inner: status }))?
        }
        ErrorKind::Decode => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("status", e.status())?;
            if let Error::Decode { path, message, snippet, .. } = e {
                kwargs.set_item("path", path)?;
                kwargs.set_item("detail", message)?;
                kwargs.set_item("snippet", snippet)?;
            }
            module.getattr("DecodeError")?.call((text.as_str(),), Some(&kwargs))?
        }
        ErrorKind::Transport if e.is_connection() => module.getattr("ConnectionError")?.call1((text.as_str(),))?,
        ErrorKind::Transport => module.getattr("TransportError")?.call1((text.as_str(),))?,
        ErrorKind::Timeout => module.getattr("TimeoutError")?.call1((text.as_str(),))?,
        ErrorKind::InvalidRequest => module.getattr("InvalidRequestError")?.call1((text.as_str(),))?,
        _ => module.getattr("EvoVoiceError")?.call1((text.as_str(),))?,
    };
    exc.setattr("args", (text.as_str(),))?;
    exc.setattr("kind", e.kind().as_str())?;
    if let Some(kind) = e.transport_kind() {
        exc.setattr("transport_kind", kind.as_str())?;
    }
    if let Some(meta) = e.meta() {
        exc.setattr("headers", headers(py, meta.headers())?)?;
        exc.setattr("request_id", meta.request_id())?;
        exc.setattr("retry_after", meta.retry_after().map(|d| d.as_secs_f64()))?;
    }
    Ok(PyErr::from_value(exc))
}

/// An `evovoice.Headers` (a case-insensitive mapping) of an answer's headers; the values of
/// the core's sensitive headers are hidden in its repr.
pub fn headers<'py>(py: Python<'py>, pairs: &[(String, String)]) -> PyResult<Bound<'py, PyAny>> {
    static HEADERS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = HEADERS.get_or_try_init(py, || py.import("evovoice._headers")?.getattr("Headers").map(Bound::unbind))?.bind(py);
    class.call1((pairs.to_vec(), evovoice::meta::SENSITIVE_HEADERS.to_vec()))
}

/// A core `InvalidRequest` error (for refusals made at the edge, e.g. a closed client).
pub fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidRequest { message: message.into() }
}
