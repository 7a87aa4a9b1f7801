//! Answers as Python objects, built in the one pass of the core's transcoder that checks the
//! body (`evovoice::json::transcode::transcode_into`): the core reads and checks every value
//! with the typed decode's rules and errors and reports it; [`Builder`] turns each into its
//! Python object (a `str`, an `int`, an enum value, a DTO object, a read-only list) and puts it
//! in its place. No Rust value stands between the bytes and the Python objects, and no field
//! name is written here: the fields come by index from the core's schema.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

use evovoice::json::shape::{shapes, Root};
use evovoice::json::transcode::{unescape, Sink};
use evovoice::schema::{EnumSchema, ENUMS};

use crate::dto::{Build, PyListResponse, Unknown};

/// The object of an answer's body (`status`: the answer's, for errors), read as `root`.
pub fn answer(py: Python<'_>, root: Root, status: u16, reason: Option<&str>, body: &[u8]) -> PyResult<Py<PyAny>> {
    let mut builder = Builder::new(py, root, body.len());
    match evovoice::response::check_response_into(root, status, reason, body, &mut builder) {
        Ok(_) => builder.finish(),
        Err(e) => Err(crate::errors::to_py_err(py, &e)),
    }
}

/// An answer's body still to read (as [`answer`] reads it) when it becomes a Python object: an
/// async call hands this to asyncio, so the body is read while the result is handed over, in
/// the one time the runtime thread holds the GIL.
pub struct Body {
    pub root: Root,
    pub status: u16,
    pub bytes: Vec<u8>,
}

impl<'py> IntoPyObject<'py> for Body {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        answer(py, self.root, self.status, None, &self.bytes).map(|o| o.into_bound(py))
    }
}

/// The object of a core value: its JSON text read as an answer's body is.
pub fn from_value<T: serde::Serialize>(py: Python<'_>, root: Root, value: &T) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_vec(value).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    answer(py, root, 200, None, &text)
}

/// What is being built.
enum Frame {
    /// A DTO object of the type at index `t`: its field values are `values[base..]`.
    Object { t: usize, base: usize, field: usize, extra: Vec<(String, Box<str>)> },
    /// A list, or a map of strings: its items (a map's keys and values, alternating) are
    /// `values[base..]`.
    Items { base: usize },
}

/// The [`Sink`] building the Python objects of one body.
pub struct Builder<'py> {
    py: Python<'py>,
    /// For each type of the pass's shapes: how its object is built (`None`: a page's envelope).
    builders: Vec<Option<Build>>,
    /// For each type: how many fields it has.
    sizes: Vec<usize>,
    /// The page's item class name (a page's body).
    item_type: &'static str,
    /// The values of the objects and lists being built.
    values: Vec<Option<Py<PyAny>>>,
    frames: Vec<Frame>,
    /// The enums met so far: their index in `ENUMS` and class.
    enums: Vec<(*const EnumSchema, usize, &'static crate::enums::EnumClass)>,
    root: Option<Py<PyAny>>,
    error: Option<PyErr>,
    strings: StringCache,
    /// Where the next value goes: `values[at]` when the innermost frame is an object (see
    /// [`Builder::put`]).
    at: Option<usize>,
}

/// The longest string [`StringCache`] keeps.
const CACHED_LEN: usize = 24;

/// The short strings of one body built so far, by their bytes (direct-mapped: a string
/// evicts the one in its slot): the same text met again (an account, an endpoint, a name on
/// many sessions) is the same `str` object, not a new one. Strings are immutable, so sharing
/// one is not seen, but for less memory and less time.
struct StringCache {
    mask: usize,
    /// (length, the text's words, its `str`).
    slots: Vec<(usize, [u64; 3], Option<Py<PyAny>>)>,
}

/// The bytes of a text of 1 to [`CACHED_LEN`] bytes as three words (overlapping loads): two
/// texts of the same length are equal exactly when their words are.
#[inline(always)]
fn words(t: &[u8]) -> [u64; 3] {
    #[inline(always)]
    fn l8(t: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&t[i..i + 8]);
        u64::from_le_bytes(w)
    }
    #[inline(always)]
    fn l4(t: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&t[i..i + 4]);
        u64::from(u32::from_le_bytes(w))
    }
    let n = t.len();
    let l8 = |i: usize| l8(t, i);
    let l4 = |i: usize| l4(t, i);
    if n >= 16 {
        [l8(0), l8(8), l8(n - 8)]
    } else if n >= 8 {
        [l8(0), l8(n - 8), 0]
    } else if n >= 4 {
        [l4(0) | l4(n - 4) << 32, 0, 0]
    } else {
        [u64::from(t[0]) | u64::from(t[n / 2]) << 8 | u64::from(t[n - 1]) << 16, 0, 0]
    }
}

impl StringCache {
    /// A cache sized for a body of `len` bytes (about one slot per 64 bytes, 16 to 1024).
    fn new(len: usize) -> Self {
        let n = (len / 64).clamp(16, 1024).next_power_of_two();
        StringCache { mask: n - 1, slots: (0..n).map(|_| (0, [0; 3], None)).collect() }
    }

    /// The `str` of `text` (UTF-8): the cached one, or a new one (cached when short).
    #[inline]
    fn get(&mut self, py: Python<'_>, text: &str) -> Py<PyAny> {
        let bytes = text.as_bytes();
        let n = bytes.len();
        if n > CACHED_LEN || n == 0 {
            return PyString::new(py, text).into_any().unbind();
        }
        let w = words(bytes);
        let h = (w[0].wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ w[1].rotate_left(29) ^ w[2].rotate_left(43) ^ n as u64).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        let (len, key, obj) = &mut self.slots[(h >> 40) as usize & self.mask];
        if let Some(obj) = obj {
            if *len == n && *key == w {
                return obj.clone_ref(py);
            }
        }
        let new = PyString::new(py, text).into_any().unbind();
        (*len, *key) = (n, w);
        *obj = Some(new.clone_ref(py));
        new
    }
}

impl<'py> Builder<'py> {
    /// A builder of a body of `len` bytes read as `root`.
    pub fn new(py: Python<'py>, root: Root, len: usize) -> Self {
        let types = &shapes(root).types;
        let builders = types.iter().map(|t| crate::dto::builder_of(t.name)).collect();
        let sizes = types.iter().map(|t| t.fields.len()).collect();
        let item_type = match root {
            Root::List(schema) => schema.name,
            _ => "",
        };
        Builder { py, builders, sizes, item_type, values: Vec::with_capacity(256), frames: Vec::with_capacity(8), enums: Vec::new(), root: None, error: None, strings: StringCache::new(len), at: None }
    }

    /// The object built (the whole body has been reported).
    pub fn finish(mut self) -> PyResult<Py<PyAny>> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        Ok(self.root.take().unwrap_or_else(|| self.py.None()))
    }

    /// Puts `value` where the innermost open object, list or map wants it.
    #[inline]
    fn put(&mut self, value: PyResult<Py<PyAny>>) {
        let value = match value {
            Ok(v) => v,
            Err(e) => {
                self.error.get_or_insert(e);
                return;
            }
        };
        if let Some(at) = self.at {
            if let Some(slot) = self.values.get_mut(at) {
                *slot = Some(value);
                return;
            }
        }
        self.put_slow(value);
    }

    #[inline(never)]
    fn put_slow(&mut self, value: Py<PyAny>) {
        match self.frames.last() {
            Some(Frame::Object { base, field, .. }) => {
                let at = base + field;
                self.values[at] = Some(value);
            }
            Some(Frame::Items { .. }) => self.values.push(Some(value)),
            None => self.root = Some(value),
        }
    }

    fn text(raw: &[u8], escaped: bool) -> std::borrow::Cow<'_, str> {
        if escaped {
            unescape(raw).into()
        } else {
            // The transcoder checked it: UTF-8.
            String::from_utf8_lossy(raw)
        }
    }

    /// The index in `ENUMS` and the class of `schema`'s enum.
    fn enum_class(&mut self, schema: &'static EnumSchema) -> Option<PyResult<(usize, &'static crate::enums::EnumClass)>> {
        let key = schema as *const EnumSchema;
        if let Some((_, i, class)) = self.enums.iter().find(|(k, ..)| *k == key) {
            return Some(Ok((*i, *class)));
        }
        let i = ENUMS.iter().position(|e| e.name == schema.name)?;
        Some(crate::enums::class(self.py, i).map(|class| {
            self.enums.push((key, i, class));
            (i, class)
        }))
    }

    fn begin_items(&mut self) {
        self.frames.push(Frame::Items { base: self.values.len() });
        self.at = None;
    }

    /// The list or map that ends: where its items start in `values`.
    fn end_items(&mut self) -> Option<usize> {
        let Some(Frame::Items { base }) = self.frames.pop() else { return None };
        self.at = None;
        Some(base)
    }

    /// The page (`ListResponse`) of the envelope's field values.
    fn page(&self, values: Vec<Option<Py<PyAny>>>) -> PyResult<Py<PyAny>> {
        let py = self.py;
        let mut values = values.into_iter();
        let items = values.next().flatten();
        let int = |v: Option<Py<PyAny>>| v.map(|v| v.extract::<i64>(py)).transpose();
        let mut rest = evovoice::ListResponse::<()>::default();
        rest.total_count = int(values.next().flatten())?;
        rest.total_pages = int(values.next().flatten())?;
        rest.has_more_pages = values.next().flatten().map(|v| v.extract::<bool>(py)).transpose()?;
        let page = PyListResponse::new(items, self.item_type, rest);
        Ok(crate::dto::untracked(Bound::new(py, page)?).into_any().unbind())
    }
}

impl Sink for Builder<'_> {
    fn begin_object(&mut self, t: usize) {
        let base = self.values.len();
        self.values.resize_with(base + self.sizes[t], || None);
        self.frames.push(Frame::Object { t, base, field: 0, extra: Vec::new() });
        self.at = None;
    }

    #[inline]
    fn field(&mut self, f: usize) {
        if let Some(Frame::Object { field, base, .. }) = self.frames.last_mut() {
            *field = f;
            self.at = Some(*base + f);
        }
    }

    fn end_object(&mut self) {
        let Some(Frame::Object { t, base, extra, .. }) = self.frames.pop() else { return };
        // The frame it ends in: its next value comes after a `field` (an object's) or is pushed.
        self.at = None;
        let extra: Unknown = (!extra.is_empty()).then(|| extra.into_boxed_slice());
        let object = match self.builders[t] {
            Some(build) => {
                let object = build(self.py, &mut self.values[base..], extra);
                self.values.truncate(base);
                object
            }
            None => {
                let values: Vec<_> = self.values.drain(base..).collect();
                self.page(values)
            }
        };
        self.put(object);
    }

    fn unknown(&mut self, name: &[u8], escaped: bool, value: &[u8]) {
        if let Some(Frame::Object { extra, .. }) = self.frames.last_mut() {
            let name = Self::text(name, escaped).into_owned();
            extra.push((name, String::from_utf8_lossy(value).into()));
        }
    }

    fn begin_list(&mut self) {
        self.begin_items();
    }

    fn end_list(&mut self) {
        let Some(base) = self.end_items() else { return };
        let list = crate::dto::read_only_list(self.py, self.values.drain(base..).flatten()).map(Bound::unbind);
        self.put(list);
    }

    fn begin_map(&mut self) {
        self.begin_items();
    }

    fn end_map(&mut self) {
        let Some(base) = self.end_items() else { return };
        let mut strings = self.values.drain(base..).flatten();
        let mut entries = Vec::new();
        while let (Some(k), Some(v)) = (strings.next(), strings.next()) {
            entries.push((k, v));
        }
        drop(strings);
        // As the core's `BTreeMap` reads it: keys in order (code point order is UTF-8's byte
        // order), a repeated key's last value.
        if entries.len() > 1 {
            // SAFETY: keys are `str` objects built by `string`.
            let order = |a: &Py<PyAny>, b: &Py<PyAny>| unsafe { pyo3::ffi::PyUnicode_Compare(a.as_ptr(), b.as_ptr()) }.cmp(&0);
            entries.sort_by(|(a, _), (b, _)| order(a, b));
            // The sort is stable: of equal keys, the last sent is last; it gives its value.
            entries.dedup_by(|(later, value), (kept, kept_value)| {
                let same = order(later, kept).is_eq();
                if same {
                    std::mem::swap(value, kept_value);
                }
                same
            });
        }
        let dict = crate::dto::read_only_dict(self.py, entries).map(Bound::unbind);
        self.put(dict);
    }

    #[inline]
    fn string(&mut self, raw: &[u8], escaped: bool) {
        let value = if escaped {
            PyString::new(self.py, &unescape(raw)).into_any().unbind()
        } else {
            // SAFETY: the transcoder checked the string: UTF-8.
            self.strings.get(self.py, unsafe { std::str::from_utf8_unchecked(raw) })
        };
        self.put(Ok(value));
    }

    fn enum_value(&mut self, schema: &'static EnumSchema, known: Option<usize>, raw: &[u8], escaped: bool) {
        let value = match self.enum_class(schema) {
            Some(Ok((e, class))) => match known {
                Some(k) => Ok(class.known(self.py, k)),
                None => crate::enums::value(self.py, e, &Self::text(raw, escaped)).map(Bound::unbind),
            },
            Some(Err(err)) => Err(err),
            None => Ok(PyString::new(self.py, &Self::text(raw, escaped)).into_any().unbind()),
        };
        self.put(value);
    }

    fn boolean(&mut self, value: bool) {
        self.put(Ok(PyBool::new(self.py, value).to_owned().into_any().unbind()));
    }

    fn integer(&mut self, value: i64) {
        self.put(value.into_pyobject(self.py).map(|v| v.into_any().unbind()).map_err(Into::into));
    }

    fn float(&mut self, text: &[u8]) {
        // serde_json's own reading of the number: the value the typed decode gives.
        let value = serde_json::from_slice::<f64>(text)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
            .and_then(|f| Ok(f.into_pyobject(self.py)?.into_any().unbind()));
        self.put(value);
    }

    fn any(&mut self, text: &[u8]) {
        let value = serde_json::from_slice::<serde_json::Value>(text)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
            .and_then(|v| Ok(crate::convert::json_to_py(self.py, &v)?.unbind()));
        self.put(value);
    }
}
