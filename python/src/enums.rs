//! The API's enums as Python `str` subclasses (one class per `evovoice::schema::ENUMS` entry),
//! created when the module loads. A value equals its wire string; known values are shared
//! instances, unknown ones are kept as sent.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

use evovoice::schema::ENUMS;

use crate::names::const_name;

/// One enum class and its known values' shared instances (in `ENUMS` order).
pub struct EnumClass {
    cls: Py<PyType>,
    known: Vec<(&'static str, Py<PyAny>)>,
}

impl EnumClass {
    /// The shared instance of the `known`-th known value.
    #[inline]
    pub fn known(&self, py: Python<'_>, known: usize) -> Py<PyAny> {
        self.known[known].1.clone_ref(py)
    }
}

static CLASSES: PyOnceLock<Vec<EnumClass>> = PyOnceLock::new();

fn create(py: Python<'_>, name: &'static str, values: &'static [&'static str]) -> PyResult<EnumClass> {
    let ns = PyDict::new(py);
    ns.set_item("__slots__", PyTuple::empty(py))?;
    ns.set_item("__module__", "evovoice")?;
    ns.set_item(
        "__doc__",
        format!(
            "A `{name}` value: a `str` equal to its wire name. Values a newer server sends that this SDK does not know are kept as they are.\n\nKnown values: {}.",
            values.join(", ")
        ),
    )?;
    ns.set_item("KNOWN", PyTuple::new(py, values)?)?;
    let bases = PyTuple::new(py, [py.get_type::<PyString>()])?;
    let cls = py.get_type::<PyType>().call1((name, bases, ns))?.cast_into::<PyType>()?;
    let mut known = Vec::with_capacity(values.len());
    for v in values {
        let instance = cls.call1((*v,))?;
        cls.setattr(const_name(v).as_str(), &instance)?;
        known.push((*v, instance.unbind()));
    }
    Ok(EnumClass { cls: cls.unbind(), known })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = CLASSES.get_or_try_init(py, || {
        ENUMS.iter().map(|e| create(py, e.name, e.values)).collect::<PyResult<Vec<_>>>()
    })?;
    for (e, c) in ENUMS.iter().zip(classes) {
        m.add(e.name, c.cls.bind(py))?;
    }
    Ok(())
}

/// The Python value of the `index`-th enum of `ENUMS` with wire text `wire`.
pub fn value<'py>(py: Python<'py>, index: usize, wire: &str) -> PyResult<Bound<'py, PyAny>> {
    let classes = CLASSES
        .get(py)
        .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("evovoice enums are not initialized"))?;
    let class = &classes[index];
    for (known, obj) in &class.known {
        if *known == wire {
            return Ok(obj.bind(py).clone());
        }
    }
    class.cls.bind(py).call1((wire,))
}

/// The class of the `index`-th enum of `ENUMS`.
pub fn class(py: Python<'_>, index: usize) -> PyResult<&'static EnumClass> {
    let classes = CLASSES
        .get(py)
        .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("evovoice enums are not initialized"))?;
    classes.get(index).ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("no such evovoice enum"))
}
