//! Value conversion at the edge: Python <-> JSON values, and keyword arguments -> request DTOs
//! driven by `evovoice::schema` (field names, wire names and types all come from the core).

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Number, Value};

use evovoice::schema::{Described, ENUMS};

use crate::names::py_name;

/// A JSON value as Python objects (dict, list, str, int, float, bool, None).
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A Python value (dict/Mapping, list, tuple, str, int, float, bool, None) as JSON.
pub fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            Ok(Value::from(i))
        } else {
            Ok(Value::from(obj.extract::<u64>()?))
        }
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| PyValueError::new_err("NaN and infinity cannot be sent as JSON"))
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(s.to_cow()?.into_owned()))
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        obj.try_iter()?.map(|item| py_to_json(&item?)).collect::<PyResult<Vec<_>>>().map(Value::Array)
    } else if let Ok(mapping) = obj.cast::<PyMapping>() {
        let mut map = Map::new();
        for item in mapping.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key = k.cast::<PyString>().map_err(|_| PyTypeError::new_err("dictionary keys must be str"))?;
            map.insert(key.to_cow()?.into_owned(), py_to_json(&v)?);
        }
        Ok(Value::Object(map))
    } else {
        Err(PyTypeError::new_err(format!("cannot convert a {} to JSON", type_name(obj))))
    }
}

/// Any serializable core value in the API's JSON shape, as Python objects.
pub fn to_python<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    json_to_py(py, &json)
}

/// A core value from Python objects in the API's JSON shape.
pub fn from_python<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> PyResult<T> {
    serde_json::from_value(py_to_json(obj)?).map_err(|e| PyValueError::new_err(e.to_string()))
}

pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".into())
}

/// Builds the request DTO `Op` from (name, value) pairs. A name is the field's Python name
/// (snake_case; `from_` for `from`), its Rust name, or, with `wire_names`, its wire name
/// (camelCase). Unknown names are a TypeError naming the argument; `None` values are omitted.
pub fn request_from_items<'py, Op, I>(func: &str, items: I, wire_names: bool) -> PyResult<Op>
where
    Op: Described + DeserializeOwned,
    I: IntoIterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
{
    let fields = Op::SCHEMA.fields;
    let mut map = Map::new();
    for (key, value) in items {
        let key = key
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err(format!("{func}() keywords must be strings")))?
            .to_cow()?
            .into_owned();
        let field = fields
            .iter()
            .find(|f| py_name(f.name) == key || f.name == key || (wire_names && f.wire_name() == key))
            .ok_or_else(|| PyTypeError::new_err(format!("{func}() got an unexpected keyword argument '{key}'")))?;
        if value.is_none() {
            continue;
        }
        map.insert(field.wire_name(), field_value(func, &key, &field.ty(), &value)?);
    }
    serde_json::from_value(Value::Object(map)).map_err(|e| PyTypeError::new_err(format!("{func}(): {e}")))
}

/// Keyword arguments (plus `extra` pairs such as a positional session id) -> request DTO.
pub fn request_from_kwargs<'py, Op: Described + DeserializeOwned>(
    py: Python<'py>,
    func: &str,
    extra: &[(&str, Bound<'py, PyAny>)],
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Op> {
    let mut items: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> =
        extra.iter().map(|(k, v)| (PyString::new(py, k).into_any(), v.clone())).collect();
    if let Some(kwargs) = kwargs {
        for (k, v) in kwargs.iter() {
            if let Ok(name) = k.extract::<String>() {
                if extra.iter().any(|(e, _)| *e == name.as_str()) {
                    return Err(PyTypeError::new_err(format!("{func}() got multiple values for argument '{name}'")));
                }
            }
            items.push((k, v));
        }
    }
    request_from_items(func, items, false)
}

fn field_value(func: &str, key: &str, ty: &str, value: &Bound<'_, PyAny>) -> PyResult<Value> {
    let wrong = |expected: &str| {
        PyTypeError::new_err(format!("{func}() argument '{key}' must be {expected}, not {}", type_name(value)))
    };
    let string = |v: &Bound<'_, PyAny>, expected: &str| -> PyResult<Value> {
        match v.cast::<PyString>() {
            Ok(s) => Ok(Value::String(s.to_cow()?.into_owned())),
            Err(_) => Err(wrong(expected)),
        }
    };
    match ty {
        "String" => string(value, "str"),
        "bool" => value.cast::<PyBool>().map(|b| Value::Bool(b.is_true())).map_err(|_| wrong("bool")),
        "i32" | "i64" => {
            if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
                return Err(wrong("int"));
            }
            let n: i64 = value.extract()?;
            if ty == "i32" && i32::try_from(n).is_err() {
                return Err(PyOverflowError::new_err(format!("{func}() argument '{key}' is out of range")));
            }
            Ok(Value::from(n))
        }
        "f64" => {
            if value.is_instance_of::<PyBool>() {
                return Err(wrong("float"));
            }
            let f: f64 = value.extract().map_err(|_| wrong("float"))?;
            Number::from_f64(f).map(Value::Number).ok_or_else(|| wrong("a finite float"))
        }
        "Vec<String>" => {
            if value.is_instance_of::<PyString>() || !(value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()) {
                return Err(wrong("a list of str"));
            }
            value.try_iter()?.map(|item| string(&item?, "a list of str")).collect::<PyResult<Vec<_>>>().map(Value::Array)
        }
        "BTreeMap<String,String>" => {
            let dict = value.cast::<PyDict>().map_err(|_| wrong("a dict of str to str"))?;
            let mut map = Map::new();
            for (k, v) in dict.iter() {
                let k = k.cast::<PyString>().map_err(|_| wrong("a dict of str to str"))?.to_cow()?.into_owned();
                map.insert(k, string(&v, "a dict of str to str")?);
            }
            Ok(Value::Object(map))
        }
        enum_name if ENUMS.iter().any(|e| e.name == enum_name) => string(value, &format!("a {enum_name} or str")),
        other => Err(PyTypeError::new_err(format!("{func}() argument '{key}': unsupported field type {other}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Key spelling of `to_dict` / `from_dict`: the wire form (camelCase, what the API sends) or the
// Python names (snake_case, the attributes' names). Driven by the core's schema; keys that are
// not a known field's are left as they are.

/// One field's names.
struct FieldNames {
    wire: String,
    py: String,
    rust: &'static str,
    /// The DTO its value holds (itself or as a list): an index into [`TYPES`]; `ITEM` for the
    /// items of a page (the page's item type).
    nested: Option<usize>,
}

const ITEM: usize = usize::MAX;

struct TypeNames {
    name: &'static str,
    fields: Vec<FieldNames>,
}

/// Every response DTO's names, then the page envelope's (`ListResponse`, last).
fn types() -> &'static [TypeNames] {
    static TYPES: std::sync::OnceLock<Vec<TypeNames>> = std::sync::OnceLock::new();
    TYPES.get_or_init(|| {
        let schemas = evovoice::schema::response_types();
        let names = |name: &'static str, fields: &'static [evovoice::schema::FieldSchema]| TypeNames {
            name,
            fields: fields
                .iter()
                .map(|f| {
                    let ty = f.ty();
                    let inner = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')).unwrap_or(&ty);
                    let nested = if inner == "T" { Some(ITEM) } else { schemas.iter().position(|t| t.name == inner) };
                    FieldNames { wire: f.wire_name(), py: py_name(f.name), rust: f.name, nested }
                })
                .collect(),
        };
        let mut out: Vec<TypeNames> = schemas.iter().map(|t| names(t.name, t.fields)).collect();
        out.push(names(PAGE, evovoice::ListResponse::<()>::FIELDS));
        out
    })
}

/// The name [`types`] gives the page envelope.
pub const PAGE: &str = "ListResponse";

/// The index in [`types`] of the type named `name`.
pub fn type_index(name: &str) -> usize {
    types().iter().position(|t| t.name == name).unwrap_or_else(|| panic!("evovoice-python: no schema for {name}"))
}

/// Which way [`rename`] spells keys.
#[derive(Clone, Copy, PartialEq)]
pub enum Spelling {
    /// Wire names -> Python names (`to_dict(by_alias=False)`).
    Python,
    /// Wire or Python names -> wire names (`from_dict`).
    Wire,
}

/// Renames the keys of `value`, the JSON of a value of type `ty` (an index of [`types`]; `item`
/// is a page's item type), and of the DTOs it holds. Keys that are no known field's are kept
/// as they are; reading the Python spelling, a field given under both names is a ValueError.
pub fn rename(value: Value, ty: usize, item: usize, to: Spelling) -> PyResult<Value> {
    let Value::Object(map) = value else { return Ok(value) };
    let fields = &types()[ty].fields;
    let mut out = Map::new();
    for (key, v) in map {
        let field = match to {
            Spelling::Python => fields.iter().find(|f| f.wire == key),
            Spelling::Wire => fields.iter().find(|f| f.wire == key || f.py == key || f.rust == key),
        };
        let Some(field) = field else {
            out.insert(key, v);
            continue;
        };
        let v = match field.nested.map(|n| if n == ITEM { item } else { n }) {
            Some(n) if n != ITEM => match v {
                Value::Array(items) => Value::Array(items.into_iter().map(|i| rename(i, n, ITEM, to)).collect::<PyResult<_>>()?),
                other => rename(other, n, ITEM, to)?,
            },
            _ => v,
        };
        let name = if to == Spelling::Python { &field.py } else { &field.wire };
        if out.insert(name.clone(), v).is_some() {
            return Err(PyValueError::new_err(format!(
                "{}.from_dict(): field '{}' given twice (as '{}' and '{}')",
                types()[ty].name,
                field.py,
                field.wire,
                field.py
            )));
        }
    }
    Ok(Value::Object(out))
}

/// A core value of type `ty` from a Python mapping with wire (camelCase) or Python
/// (snake_case) keys, for `from_dict`.
pub fn from_dict<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, ty: usize, item: usize) -> PyResult<T> {
    let value = rename(py_to_json(obj)?, ty, item, Spelling::Wire)?;
    serde_json::from_value(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The dict of a JSON value of type `ty`: wire keys, or (`by_alias` false) Python names.
pub fn to_dict<'py>(py: Python<'py>, value: Value, ty: usize, item: usize, by_alias: bool) -> PyResult<Bound<'py, PyAny>> {
    let value = if by_alias { value } else { rename(value, ty, item, Spelling::Python)? };
    json_to_py(py, &value)
}

/// [`ITEM`] when a type has no item type (all but pages).
pub const NO_ITEM: usize = ITEM;
