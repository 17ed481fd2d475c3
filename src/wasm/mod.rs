//! The JavaScript API: the only module that knows about `wasm_bindgen`. It adapts, it does not
//! decide: every rule lives in the core modules.
//!
//! Secret hygiene at the boundary: secrets leave wasm memory only as JS strings created
//! directly from the token's own (zeroized-on-drop) buffer, never through an intermediate
//! Rust `String` that the glue would free without scrubbing; token inputs are taken by value
//! and zeroized after use.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::ErrorCode;
use crate::format::{self, Format};

#[cfg(feature = "mint")]
mod mint;
#[cfg(feature = "scan")]
mod scan;
#[cfg(feature = "mint")]
pub use mint::*;
#[cfg(feature = "scan")]
pub use scan::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Every error thrown (or rejected) by patmint is an `Error` with a stable `code`. */
export interface PatmintError extends Error {
  code: string;
}
"#;

/// A JS `Error` carrying `code`.
pub(crate) fn error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("PatmintError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

pub(crate) fn to_js_error<E: ErrorCode>(e: E) -> JsValue {
    coded(&e)
}

/// Not generic, so that the formatting code exists once rather than once per error type.
#[inline(never)]
pub(crate) fn coded(e: &dyn ErrorCode) -> JsValue {
    error(e.code(), &e.to_string())
}

/// An array of strings; `undefined`/`null` is empty. Read by hand (not `Vec<String>` in the
/// signature) so that a wrong type gets a coded error, and to save ~2 KiB of glue code.
pub(crate) fn read_strings(value: &JsValue, what: &str) -> Result<Vec<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let wrong = || {
        error(
            "invalid_argument",
            &format!("{what} must be an array of strings"),
        )
    };
    if !Array::is_array(value) {
        return Err(wrong());
    }
    Array::from(value)
        .iter()
        .map(|s| s.as_string())
        .collect::<Option<Vec<String>>>()
        .ok_or_else(wrong)
}

/// Custom prefixes given as `"acme"` or `"custom:acme"`.
pub(crate) fn read_prefixes(prefixes: &JsValue) -> Result<Vec<Format>, JsValue> {
    let mut custom = Vec::new();
    for p in read_strings(prefixes, "prefixes")? {
        let f = match Format::parse(&p) {
            Ok(f @ Format::Custom(_)) => f,
            _ => Format::Custom(
                format::Custom::new(&p, format::CUSTOM_RANDOM_DEFAULT).map_err(to_js_error)?,
            ),
        };
        custom.push(f);
    }
    Ok(custom)
}

pub(crate) fn js_string<'a>(
    value: &'a JsValue,
    what: &str,
) -> Result<&'a js_sys::JsString, JsValue> {
    value
        .dyn_ref::<js_sys::JsString>()
        .ok_or_else(|| error("invalid_argument", &format!("{what} must be a string")))
}
