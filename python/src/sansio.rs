//! The public sans-IO pair: `build_request(operation, request, ...)` -> `HttpRequest`, and
//! `parse_response(operation, status, body, reason=...)` -> the typed value or the mapped
//! exception. Both call the core's `build_request` / `parse_response`; the operation is chosen
//! by the core's `Operation::NAME`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyMapping, PyString};

use evovoice::operations::Operation;
use evovoice::Config;

use crate::client::py_repr;
use crate::convert::request_from_items;
use crate::dto::Answer;
use crate::errors::to_py_err;

/// Calls `$body` with the type alias `$op` bound to the operation named `$name` (any
/// operation of the core's list).
macro_rules! with_operation {
    ($name:expr, $op:ident => $body:expr) => {{
        let name: &str = $name;
        evovoice::for_each_operation!(with_operation_of name, $op, $body)
    }};
}

macro_rules! with_operation_of {
    ([$name:ident, $alias:ident, $body:expr] $({ kind: $kind:ident, op: $op:ident, $($rest:tt)* })*) => {{
        $(
            if $name == <evovoice::$op as Operation>::NAME {
                #[allow(dead_code)]
                type $alias = evovoice::$op;
                return $body;
            }
        )*
        let known: Vec<&str> = evovoice::OPERATIONS.iter().map(|op| op.name()).collect();
        Err(PyValueError::new_err(format!("unknown operation {:?}; expected one of {}", $name, known.join(", "))))
    }};
}

/// An HTTP request built by `build_request`. Its repr hides credentials.
#[pyclass(name = "HttpRequest", module = "evovoice", frozen)]
pub struct PyHttpRequest {
    method: String,
    url: String,
    /// (lower-case name, value, sensitive)
    headers: Vec<(String, String, bool)>,
    body: Vec<u8>,
}

#[pymethods]
impl PyHttpRequest {
    #[getter]
    fn method(&self) -> &str {
        &self.method
    }
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }
    /// Header names in lower case.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value, _) in &self.headers {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }
    /// The body (empty for GET).
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.body)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut headers = Vec::with_capacity(self.headers.len());
        for (n, v, sensitive) in &self.headers {
            let shown = if *sensitive { evovoice::REDACTED } else { v.as_str() };
            headers.push(format!("{}: {}", py_repr(py, n)?, py_repr(py, shown)?));
        }
        Ok(format!(
            "HttpRequest(method={}, url={}, headers={{{}}}, body=<{} bytes>)",
            py_repr(py, &self.method)?,
            py_repr(py, &self.url)?,
            headers.join(", "),
            self.body.len()
        ))
    }
}

fn config(
    base_url: Option<&str>,
    bearer_token: Option<String>,
    user_name: Option<String>,
    password: Option<String>,
) -> Result<Config, evovoice::Error> {
    let mut config = Config::new(base_url.unwrap_or(evovoice::DEFAULT_BASE_URL))?;
    if let Some(token) = bearer_token {
        config = config.with_bearer_token(token)?;
    }
    if user_name.is_some() || password.is_some() {
        config = config.with_basic_auth(user_name.unwrap_or_default(), password.unwrap_or_default())?;
    }
    Ok(config)
}

fn request_items<'py>(request: Option<&Bound<'py, PyAny>>) -> PyResult<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
    let Some(request) = request.filter(|r| !r.is_none()) else { return Ok(Vec::new()) };
    let mapping = request
        .cast::<PyMapping>()
        .map_err(|_| PyTypeError::new_err("build_request(): request must be a mapping of field names to values"))?;
    mapping.items()?.iter().map(|item| item.extract()).collect()
}

/// The HTTP request of `operation` with `request`'s fields (wire camelCase or snake_case keys).
/// Raises InvalidRequestError when the request cannot be sent (e.g. an empty session id) and
/// TypeError for an unknown field.
#[pyfunction]
#[pyo3(signature = (operation, request=None, *, base_url=None, bearer_token=None, user_name=None, password=None))]
fn build_request(
    py: Python<'_>,
    operation: &str,
    request: Option<&Bound<'_, PyAny>>,
    base_url: Option<&str>,
    bearer_token: Option<String>,
    user_name: Option<String>,
    password: Option<String>,
) -> PyResult<PyHttpRequest> {
    let config = config(base_url, bearer_token, user_name, password).map_err(|e| to_py_err(py, &e))?;
    let items = request_items(request)?;
    let built = (|| -> PyResult<http::Request<Vec<u8>>> {
        with_operation!(operation, Op => {
            let op: Op = request_from_items("build_request", items, true)?;
            evovoice::build_request(&config, &op).map_err(|e| to_py_err(py, &e))
        })
    })()?;
    let headers = built
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned(), v.is_sensitive()))
        .collect();
    let (parts, body) = built.into_parts();
    Ok(PyHttpRequest { method: parts.method.as_str().to_owned(), url: parts.uri.to_string(), headers, body })
}

/// The response headers given to `parse_response`: a mapping or (name, value) pairs.
fn header_map(headers: Option<&Bound<'_, PyAny>>) -> PyResult<http::HeaderMap> {
    let mut map = http::HeaderMap::new();
    let Some(headers) = headers.filter(|h| !h.is_none()) else { return Ok(map) };
    let pairs: Vec<(String, String)> = match headers.cast::<PyMapping>() {
        Ok(mapping) => mapping.items()?.iter().map(|item| item.extract()).collect::<PyResult<_>>()?,
        Err(_) => headers.try_iter()?.map(|item| item?.extract()).collect::<PyResult<_>>()?,
    };
    for (name, value) in pairs {
        let bad = || PyValueError::new_err(format!("parse_response(): `{name}` is not a valid header"));
        let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad())?;
        map.append(name.clone(), http::HeaderValue::from_str(&value).map_err(|_| bad())?);
    }
    Ok(map)
}

/// Decodes the answer to `operation`: the typed value, or raises the mapped EvoVoiceError.
/// `headers` (a mapping or (name, value) pairs) give the error its `headers`, `request_id`
/// and `retry_after` (an HTTP-date Retry-After is read against the `Date` header).
#[pyfunction]
#[pyo3(signature = (operation, status, body, *, reason=None, headers=None))]
fn parse_response(
    py: Python<'_>,
    operation: &str,
    status: u16,
    body: &Bound<'_, PyAny>,
    reason: Option<String>,
    headers: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let headers = header_map(headers)?;
    let owned;
    let bytes: &[u8] = if let Ok(b) = body.cast::<PyBytes>() {
        b.as_bytes()
    } else if let Ok(s) = body.cast::<PyString>() {
        owned = s.to_cow()?.into_owned();
        owned.as_bytes()
    } else {
        return Err(PyTypeError::new_err("parse_response(): body must be bytes or str"));
    };
    let status = http::StatusCode::from_u16(status).map_err(|_| PyValueError::new_err(format!("invalid HTTP status {status}")))?;
    let make_response = || {
        let mut response = http::Response::new(bytes);
        *response.status_mut() = status;
        *response.headers_mut() = headers.clone();
        if let Some(reason) = &reason {
            response.extensions_mut().insert(evovoice::ReasonPhrase(reason.clone()));
        }
        response
    };
    with_operation!(operation, Op => {
        if status.is_success() {
            // The body's objects are built in the pass that checks it (holding the GIL).
            crate::decode::answer(py, <Op as evovoice::Operation>::RESPONSE_SHAPE, status.as_u16(), reason.as_deref(), bytes)
        } else {
            // The error needs no Python object until it is raised: other Python threads run
            // meanwhile.
            match py.detach(|| evovoice::parse_response::<Op>(make_response())) {
                Ok(value) => value.into_py_with(py),
                Err(e) => Err(to_py_err(py, &e)),
            }
        }
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHttpRequest>()?;
    m.add_function(wrap_pyfunction!(build_request, m)?)?;
    m.add_function(wrap_pyfunction!(parse_response, m)?)?;
    Ok(())
}
