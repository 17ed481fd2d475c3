//! Reading JS arguments: every string and list is type-checked and bounded in length and count
//! *before* a byte of it is copied into wasm memory. An unbounded copy is how an export traps
//! (out of memory → `unreachable`), and a trap leaves whatever was in memory — a token among
//! it — unscrubbed, since no destructor runs. The bounds are stated here once; every error
//! message is formatted from them.

use core::fmt;

use js_sys::{Array, JsString};
use wasm_bindgen::{JsCast, JsValue};

use patmint::ErrorCode;

/// Longest string option (a name, a format id, a prefix, a date, a description), in UTF-16
/// units. Far above what the core accepts (it then says exactly what is wrong), far below what
/// could exhaust memory.
#[cfg(feature = "mint")]
pub(crate) const MAX_OPTION_UNITS: u32 = 1024;

/// Most items in a list argument (scopes, prefixes, repositories, permissions).
pub(crate) const MAX_LIST_ITEMS: u32 = 256;

/// Longest item of a list, in UTF-16 units. With [`MAX_LIST_ITEMS`] it bounds a list's total
/// size to 64 Ki units.
pub(crate) const MAX_ITEM_UNITS: u32 = 256;

/// Longest key of an options object that is even looked at, in UTF-16 units.
#[cfg(any(feature = "mint", feature = "verify"))]
pub(crate) const MAX_KEY_UNITS: u32 = 64;

/// Why an argument was refused at the boundary. `what` names the argument, never its value.
pub(crate) enum ArgError {
    /// Not a string.
    NotString { what: &'static str },
    /// Not an array of strings.
    NotStringArray { what: &'static str },
    /// A string longer than `max` UTF-16 units.
    TooLong { what: &'static str, max: u32 },
    /// A list with more than `max` items.
    TooMany { what: &'static str, max: u32 },
    /// A list item longer than `max` UTF-16 units.
    ItemTooLong { what: &'static str, max: u32 },
}

impl ErrorCode for ArgError {
    fn code(&self) -> &'static str {
        match self {
            ArgError::NotString { .. } | ArgError::NotStringArray { .. } => "invalid_argument",
            ArgError::TooLong { .. } | ArgError::TooMany { .. } | ArgError::ItemTooLong { .. } => {
                "too_long"
            }
        }
    }
}

impl fmt::Display for ArgError {
    // One write path for every variant: each `write!` costs wasm bytes against the budget.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, text, limit) = match self {
            ArgError::NotString { what } => (what, " must be a string", None),
            ArgError::NotStringArray { what } => (what, " must be an array of strings", None),
            ArgError::TooLong { what, max } => {
                (what, " is too long: at most ", Some((max, " characters")))
            }
            ArgError::TooMany { what, max } => {
                (what, " has too many items: at most ", Some((max, "")))
            }
            ArgError::ItemTooLong { what, max } => (
                what,
                ": an item is too long: at most ",
                Some((max, " characters")),
            ),
        };
        f.write_str(what)?;
        f.write_str(text)?;
        match limit {
            // Not `write!`: each format string costs its own formatting code in the wasm packages.
            Some((&max, unit)) => {
                // usize, whose formatting the core's messages already carry.
                fmt::Display::fmt(&(max as usize), f)?;
                f.write_str(unit)
            }
            None => Ok(()),
        }
    }
}

impl From<ArgError> for JsValue {
    fn from(e: ArgError) -> JsValue {
        crate::coded(&e)
    }
}

/// `value` as a JS string, not yet copied.
pub(crate) fn js_string<'a>(
    value: &'a JsValue,
    what: &'static str,
) -> Result<&'a JsString, ArgError> {
    value
        .dyn_ref::<JsString>()
        .ok_or(ArgError::NotString { what })
}

/// `value` as a JS string of at most `max` UTF-16 units, not yet copied.
#[cfg(any(feature = "mint", feature = "verify"))]
pub(crate) fn bounded<'a>(
    value: &'a JsValue,
    what: &'static str,
    max: u32,
) -> Result<&'a JsString, ArgError> {
    let s = js_string(value, what)?;
    if s.length() > max {
        return Err(ArgError::TooLong { what, max });
    }
    Ok(s)
}

/// A string option: `undefined`/`null` → `None`, a string of at most [`MAX_OPTION_UNITS`] →
/// its copy.
#[cfg(feature = "mint")]
pub(crate) fn opt_string(value: &JsValue, what: &'static str) -> Result<Option<String>, ArgError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    Ok(Some(bounded(value, what, MAX_OPTION_UNITS)?.into()))
}

/// An array of strings (`undefined`/`null` is empty): at most [`MAX_LIST_ITEMS`] items of at
/// most [`MAX_ITEM_UNITS`] each, every item checked before any is copied.
pub(crate) fn strings(value: &JsValue, what: &'static str) -> Result<Vec<String>, ArgError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Err(ArgError::NotStringArray { what });
    }
    let array: &Array = value.unchecked_ref();
    if array.length() > MAX_LIST_ITEMS {
        return Err(ArgError::TooMany {
            what,
            max: MAX_LIST_ITEMS,
        });
    }
    // Read each item once (a getter may answer differently twice), check all, then copy.
    let items: Vec<JsValue> = array.iter().take(MAX_LIST_ITEMS as usize).collect();
    for item in &items {
        let s = item
            .dyn_ref::<JsString>()
            .ok_or(ArgError::NotStringArray { what })?;
        if s.length() > MAX_ITEM_UNITS {
            return Err(ArgError::ItemTooLong {
                what,
                max: MAX_ITEM_UNITS,
            });
        }
    }
    Ok(items
        .iter()
        .map(|i| String::from(i.unchecked_ref::<JsString>()))
        .collect())
}

/// The own keys of an options object, each copied only when short enough to be one of the
/// `known` keys; the first other key is returned as `Err(Some(name))` when it is short and
/// plain enough to name in a message, `Err(None)` otherwise.
#[cfg(any(feature = "mint", feature = "verify"))]
pub(crate) fn check_keys(options: &JsValue, known: &[&str]) -> Result<(), Option<String>> {
    let keys = js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>());
    // Keys are distinct: among any `known.len() + 1` of them one is unknown, so no more are read.
    for key in keys.iter().take(known.len() + 1) {
        let Some(s) = key.dyn_ref::<JsString>() else {
            return Err(None);
        };
        if s.length() > MAX_KEY_UNITS {
            return Err(None);
        }
        let name = String::from(s);
        if !known.contains(&name.as_str()) {
            let plain = name.len() <= 32 && name.bytes().all(|b| b.is_ascii_alphanumeric());
            return Err(plain.then_some(name));
        }
    }
    Ok(())
}
