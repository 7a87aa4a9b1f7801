//! `with_raw_response`: the clients' methods returning a `RawResponse` (the HTTP status, the
//! headers as a case-insensitive mapping, the request id, and `.parse()` for the typed value),
//! as openai-python's `client.with_raw_response.<method>(...)`. The methods of
//! `ClientWithRawResponse` and `AsyncClientWithRawResponse` are stamped from the core's list in
//! src/methods.rs.

use pyo3::prelude::*;

use crate::client::{py_repr, PyAsyncClient, PyClient};
use crate::dto::Answer;

/// An answer with its HTTP status and headers: `status_code`, `headers` (a case-insensitive
/// mapping), `request_id` (from the usual request-id headers, when the server sent one),
/// `retry_after` (seconds, from Retry-After) and `parse()`, the typed value.
#[pyclass(name = "RawResponse", module = "evovoice", frozen)]
pub struct PyRawResponse {
    operation: &'static str,
    meta: evovoice::ResponseMeta,
    value: Py<PyAny>,
}

/// The `RawResponse` of a core answer.
pub fn raw_response<T: Answer>(py: Python<'_>, response: evovoice::Response<T>, operation: &'static str) -> PyResult<PyRawResponse> {
    let (meta, value) = response.into_parts();
    Ok(PyRawResponse { operation, meta, value: value.into_py_with(py)? })
}

#[pymethods]
impl PyRawResponse {
    /// The HTTP status.
    #[getter]
    fn status_code(&self) -> u16 {
        self.meta.status()
    }
    /// The answer's headers (an `evovoice.Headers`: lookups ignore case).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::errors::headers(py, self.meta.headers())
    }
    /// The request id the server gave the answer, if it sent one.
    #[getter]
    fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
    /// The server's Retry-After in seconds, if it sent one.
    #[getter]
    fn retry_after(&self) -> Option<f64> {
        self.meta.retry_after().map(|d| d.as_secs_f64())
    }
    /// The typed value (the same object each time).
    fn parse(&self, py: Python<'_>) -> Py<PyAny> {
        self.value.clone_ref(py)
    }
    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, pyo3::types::PyType>, item: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        crate::dto::generic_alias(cls, item)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let id = match self.meta.request_id() {
            Some(id) => py_repr(py, id)?,
            None => "None".to_owned(),
        };
        Ok(format!("RawResponse(operation={}, status_code={}, request_id={id})", py_repr(py, self.operation)?, self.meta.status()))
    }
}

/// `Client.with_raw_response`: the client's methods, each returning a `RawResponse`.
#[pyclass(name = "ClientWithRawResponse", module = "evovoice", frozen)]
pub struct PyClientWithRawResponse {
    pub(crate) client: Py<PyClient>,
}

/// `AsyncClient.with_raw_response`: the client's methods, each an awaitable of a `RawResponse`.
#[pyclass(name = "AsyncClientWithRawResponse", module = "evovoice", frozen)]
pub struct PyAsyncClientWithRawResponse {
    pub(crate) client: Py<PyAsyncClient>,
}

impl PyClientWithRawResponse {
    /// What the stamped methods call: the client's `send_raw`.
    pub(crate) fn send<Op>(&self, py: Python<'_>, request: Op) -> PyResult<PyRawResponse>
    where
        Op: evovoice::Operation + Send + Sync + 'static,
        Op::Response: Answer,
    {
        self.client.get().send_raw(py, request)
    }
}

impl PyAsyncClientWithRawResponse {
    /// What the stamped methods call: the client's `send_raw`.
    pub(crate) fn send<'py, Op>(&self, py: Python<'py>, request: Op) -> PyResult<Bound<'py, PyAny>>
    where
        Op: evovoice::Operation + Send + Sync + 'static,
        Op::Response: Answer + Send,
    {
        self.client.get().send_raw(py, request)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRawResponse>()?;
    m.add_class::<PyClientWithRawResponse>()?;
    m.add_class::<PyAsyncClientWithRawResponse>()?;
    Ok(())
}
