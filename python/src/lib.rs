//! `evovoice._evovoice`: the native part of the Python package `evovoice`.
//!
//! A thin adapter: Python values are converted at the edge (src/convert.rs), the core crate
//! `evovoice` does the work (routes, encoding, decoding, paging, errors), and its values come
//! back wrapped in Python classes whose getters are generated from `evovoice::schema`
//! (build.rs). No route, field name, encoding rule or error mapping is written here.

use pyo3::prelude::*;

mod client;
mod convert;
mod decode;
mod dto;
mod enums;
mod errors;
mod logging;
mod methods;
mod names;
mod raw;
mod sansio;

/// The `.pyi` text generated from the core's schema (the test suite compares it with the
/// committed evovoice/_evovoice.pyi).
#[pyfunction]
#[pyo3(name = "_generated_stubs")]
fn generated_stubs() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/_evovoice.pyi"))
}

#[pymodule]
fn _evovoice(m: &Bound<'_, PyModule>) -> PyResult<()> {
    enums::register(m)?;
    dto::register_all(m)?;
    client::register(m)?;
    raw::register(m)?;
    sansio::register(m)?;
    // setattr, not add: kept out of `__all__`.
    m.setattr("_generated_stubs", wrap_pyfunction!(generated_stubs, m)?)?;
    m.setattr("_reset_logging_cache", wrap_pyfunction!(logging::reset_logging_cache, m)?)?;
    logging::install(m.py())?;
    // setattr, not add: kept out of `__all__` (as in the stub).
    m.setattr("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

/// The extension's own allocations (decoded pages: thousands of small strings) use mimalloc:
/// in `make bench`'s profile glibc malloc spent a quarter of list-1000 in page faults and
/// heap trimming.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
