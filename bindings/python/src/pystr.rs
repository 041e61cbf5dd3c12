//! Reading a Python `str` as UTF-8 without copying it.
//!
//! The module is built for the stable ABI of Python 3.9, where pyo3 reads a `str` by encoding
//! it to a new `bytes` object and copying that into a `String`. `PyUnicode_AsUTF8AndSize`,
//! which lends the string's own UTF-8 (for ASCII text, its data itself), joined the stable ABI
//! in Python 3.10: it is used when the running Python is 3.10 or newer. (On Windows the
//! import library of the 3.9 stable ABI does not have it, so there the copy stays.)

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::PyString;

#[cfg(not(windows))]
mod fast {
    use std::sync::atomic::{AtomicU8, Ordering};

    use pyo3::ffi;
    use pyo3::prelude::*;
    use pyo3::types::PyString;

    unsafe extern "C" {
        // Part of the stable ABI since 3.10 (and of the full API since 3.3).
        fn PyUnicode_AsUTF8AndSize(
            unicode: *mut ffi::PyObject,
            size: *mut ffi::Py_ssize_t,
        ) -> *const std::ffi::c_char;
    }

    /// 0: not known yet, 1: usable, 2: not (Python 3.9).
    static USABLE: AtomicU8 = AtomicU8::new(0);

    fn usable(py: Python<'_>) -> bool {
        match USABLE.load(Ordering::Relaxed) {
            1 => true,
            2 => false,
            _ => {
                let ok = py.version_info() >= (3, 10);
                USABLE.store(if ok { 1 } else { 2 }, Ordering::Relaxed);
                ok
            }
        }
    }

    /// The string's UTF-8, lent for as long as the string is borrowed; `None` on Python 3.9
    /// or when the string is not valid Unicode (lone surrogates; the error is cleared).
    pub fn utf8<'a>(s: &'a Bound<'_, PyString>) -> Option<&'a str> {
        if !usable(s.py()) {
            return None;
        }
        let mut size: ffi::Py_ssize_t = 0;
        // SAFETY: `s` is a `str`; the function returns NULL with an exception set, or a
        // pointer to `size` bytes of UTF-8 owned by (cached in) the string object, valid
        // while it lives, which `'a` guarantees.
        unsafe {
            let data = PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size);
            if data.is_null() {
                let _ = PyErr::take(s.py());
                return None;
            }
            let bytes = std::slice::from_raw_parts(data.cast::<u8>(), size as usize);
            Some(std::str::from_utf8_unchecked(bytes))
        }
    }
}

/// A `str` as UTF-8: lent where the running Python allows it, else copied. An error for text
/// that is not valid Unicode (lone surrogates).
pub fn utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    #[cfg(not(windows))]
    if let Some(text) = fast::utf8(s) {
        return Ok(Cow::Borrowed(text));
    }
    s.to_cow()
}
