//! patmint's WebAssembly packages (mint, scan, verify; one cargo feature each, built by
//! build.sh): the only crate that knows about `wasm_bindgen`. On a native target it is empty.
//!
//! The JavaScript API It adapts, it does not
//! decide: every rule lives in the core modules.
//!
//! Secret hygiene at the boundary: secrets leave wasm memory only as JS strings created
//! directly from the token's own (zeroized-on-drop) buffer, never through an intermediate
//! Rust `String` that the glue would free without scrubbing; token inputs are taken by value
//! and zeroized after use.

#![cfg(target_arch = "wasm32")]
#![warn(missing_docs, unreachable_pub)]

use wasm_bindgen::prelude::*;

#[cfg(any(feature = "mint", feature = "scan"))]
use patmint::format::{self, Format};
use patmint::ErrorCode;

pub(crate) mod args;
#[cfg(feature = "mint")]
mod mint;
#[cfg(feature = "scan")]
mod scan;
mod scrub;
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

// Every error patmint throws is made by `patmint_error`, which remembers it: the guard of the
// JS packages (www/lib/guard.js) tells patmint's errors from anything shaped like one by
// identity, through the checker `__patmintErrors` returns. An exception that unwinds through
// wasm (an import that throws mid-call can throw anything, even a real patmint error of another
// call) means no destructor ran: the guard must tell the two apart, or a secret stays in memory.
// The checker takes each error once. The clipboard's rejection (mint) is made here too, so that
// it is one of them (instead of wasm-bindgen-futures, ~6 KiB of wasm).
#[wasm_bindgen(inline_js = "const made = new WeakSet();
export function patmint_error(code, message) {
  const err = new Error(message);
  err.name = 'PatmintError';
  err.code = code;
  made.add(err);
  return err;
}
export function error_checker() {
  return (err) => made.delete(err);
}
export function coded_clipboard_rejection(p, message) {
  return p.then(() => undefined, (e) => {
    throw patmint_error('clipboard_denied', message + ((e && e.message) || e));
  });
}")]
extern "C" {
    fn patmint_error(code: &str, message: &str) -> JsValue;
    fn error_checker() -> JsValue;
    /// `written`, its rejection made a `clipboard_denied` error: `message` and the browser's.
    #[cfg(feature = "mint")]
    pub(crate) fn coded_clipboard_rejection(
        written: &js_sys::Promise,
        message: &str,
    ) -> js_sys::Promise;
}

/// A JS `Error` named `PatmintError`, carrying `code`.
pub(crate) fn error(code: &str, message: &str) -> JsValue {
    patmint_error(code, message)
}

/// For the guard of the JS packages only (www/lib/guard.js), not part of the API: a function
/// that tells whether a value is an error this instance made, and forgets it.
#[wasm_bindgen(js_name = "__patmintErrors", skip_typescript)]
pub fn patmint_errors() -> JsValue {
    error_checker()
}

pub(crate) fn to_js_error<E: ErrorCode>(e: E) -> JsValue {
    coded(&e)
}

/// Not generic, so that the formatting code exists once rather than once per error type.
#[inline(never)]
pub(crate) fn coded(e: &dyn ErrorCode) -> JsValue {
    error(e.code(), &message(e))
}

/// An error's message. The one place this crate formats: each crate that formats into a
/// `String` carries its own copy of the formatting code (the core has one), so the wasm
/// packages build messages with `concat` elsewhere (each copy counts against the size budget).
#[inline(never)]
pub(crate) fn message(e: &dyn core::fmt::Display) -> String {
    e.to_string()
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
