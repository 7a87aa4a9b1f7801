//! The core's `tracing` events reach Python's `logging` (loggers `evovoice.*`, e.g.
//! `evovoice.client`): tracing's `log` feature turns them into `log` records and pyo3-log hands
//! those to Python. Only the SDK's own records pass (other crates' are dropped on the Rust
//! side). Python loggers and their levels are cached for speed: the cache is dropped whenever
//! a client is created and by `evovoice._reset_logging_cache()` (called by the package when
//! EVOVOICE_LOG configures the `evovoice` logger).

use std::sync::OnceLock;

use pyo3::prelude::*;

static RESET: OnceLock<pyo3_log::ResetHandle> = OnceLock::new();

/// Installs the bridge (once per process).
pub fn install(py: Python<'_>) -> PyResult<()> {
    if RESET.get().is_some() {
        return Ok(());
    }
    let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels)?
        .filter(log::LevelFilter::Off)
        .filter_target("evovoice".to_owned(), log::LevelFilter::Debug);
    // Another extension in the process may have installed a `log` logger first: then the SDK's
    // records go wherever that one sends them.
    if let Ok(handle) = logger.install() {
        let _ = RESET.set(handle);
    }
    Ok(())
}

/// Drops the cached loggers and levels: a level set since is honoured.
pub fn reset_cache() {
    if let Some(handle) = RESET.get() {
        handle.reset();
    }
}

/// Drops pyo3-log's cache of Python loggers and levels (after `logging` is reconfigured).
#[pyfunction]
#[pyo3(name = "_reset_logging_cache")]
pub fn reset_logging_cache() {
    reset_cache();
}
