//! The JavaScript API: the only module that knows about `wasm_bindgen`. It adapts, it does not
//! decide: every rule lives in the core modules.
//!
//! Secret hygiene at the boundary: secrets leave wasm memory only as JS strings created
//! directly from the token's own (zeroized-on-drop) buffer, never through an intermediate
//! Rust `String` that the glue would free without scrubbing; token inputs are taken by value
//! and zeroized after use.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::error::ErrorCode;
#[cfg(any(feature = "mint", feature = "scan"))]
use crate::format::{self, Format};

pub(crate) mod args;
#[cfg(feature = "mint")]
mod mint;
#[cfg(feature = "scan")]
mod scan;
#[cfg(feature = "verify")]
mod verify;
#[cfg(feature = "mint")]
pub use mint::*;
#[cfg(feature = "scan")]
pub use scan::*;
#[cfg(feature = "verify")]
pub use verify::*;

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

/// Custom prefixes given as `"acme"` or `"custom:acme"`.
#[cfg(any(feature = "mint", feature = "scan"))]
pub(crate) fn read_prefixes(prefixes: &JsValue) -> Result<Vec<Format>, JsValue> {
    let mut custom = Vec::new();
    for p in args::strings(prefixes, "prefixes")? {
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
