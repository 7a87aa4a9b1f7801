//! The operations' methods of `Client` and `AsyncClient`, stamped from the core's list
//! (`evovoice::for_each_operation!`): one per operation, and an iterator per list, each with
//! the operation's one-line doc as its docstring. The route parameters come first,
//! positionally; every other field of the request DTO is a keyword argument
//! (src/convert.rs reads them by the core's schema). Nothing here names an operation.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::client::{PyAsyncClient, PyClient};
use crate::raw::{PyAsyncClientWithRawResponse, PyClientWithRawResponse, PyRawResponse};
use crate::convert::request_from_kwargs;

macro_rules! stamp_methods {
    ([$class:ident $mode:ident $iterator:ident] $({
        kind: $kind:ident, op: $op:ident, method: $method:ident, route: $route:literal, params: [$($param:ident = $wire:ident),*], required: [$($req:ident),*],
        item: $item:ident, rust: $rust:ident, js: $js:ident, iter: [$($iter:tt)*], doc: $doc:literal
    })*) => {$(
        stamp_methods!(@$mode $class $op $rust [$($param),*] $doc [Py<PyAny>]);
        stamp_methods!(@iter $class $iterator $op [$($iter)*]);
    )*};
    (@sync $class:ident $op:ident $rust:ident [$($param:ident),*] $doc:literal [$ret:ty]) => {
        #[pymethods]
        impl $class {
            #[doc = $doc]
            #[pyo3(signature = ($($param,)* **fields))]
            fn $rust(
                &self,
                py: Python<'_>,
                $($param: &Bound<'_, PyAny>,)*
                fields: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<$ret> {
                let request: evovoice::$op = request_from_kwargs(py, stringify!($rust), &[$((stringify!($param), $param.clone())),*], fields)?;
                self.send(py, request)
            }
        }
    };
    (@async $class:ident $op:ident $rust:ident [$($param:ident),*] $doc:literal [$ret:ty]) => {
        #[pymethods]
        impl $class {
            #[doc = $doc]
            #[pyo3(signature = ($($param,)* **fields))]
            fn $rust<'py>(
                &self,
                py: Python<'py>,
                $($param: &Bound<'py, PyAny>,)*
                fields: Option<&Bound<'py, PyDict>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let request: evovoice::$op = request_from_kwargs(py, stringify!($rust), &[$((stringify!($param), $param.clone())),*], fields)?;
                self.send(py, request)
            }
        }
    };
    (@iter $class:ident $iterator:ident $op:ident [$iter:ident, $iter_js:ident]) => {
        #[pymethods]
        impl $class {
            #[doc = concat!("Every item of every page of `", stringify!($op), "`, fetched lazily page by page.")]
            #[pyo3(signature = (**filters))]
            fn $iter(&self, py: Python<'_>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<crate::client::$iterator> {
                let request: evovoice::$op = request_from_kwargs(py, stringify!($iter), &[], filters)?;
                self.iterate(py, request)
            }
        }
    };
    (@iter $class:ident $iterator:ident $op:ident []) => {};
}

/// The raw methods: one per operation, no iterators.
macro_rules! stamp_raw_methods {
    ([$class:ident $mode:ident] $({
        kind: $kind:ident, op: $op:ident, method: $method:ident, route: $route:literal, params: [$($param:ident = $wire:ident),*], required: [$($req:ident),*],
        item: $item:ident, rust: $rust:ident, js: $js:ident, iter: [$($iter:tt)*], doc: $doc:literal
    })*) => {$(
        stamp_methods!(@$mode $class $op $rust [$($param),*] $doc [PyRawResponse]);
    )*};
}

evovoice::for_each_operation!(stamp_methods PyClient sync PySessionIterator);
evovoice::for_each_operation!(stamp_methods PyAsyncClient async PyAsyncSessionIterator);
evovoice::for_each_operation!(stamp_raw_methods PyClientWithRawResponse sync);
evovoice::for_each_operation!(stamp_raw_methods PyAsyncClientWithRawResponse async);
