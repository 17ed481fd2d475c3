//! The JavaScript API: the only module that knows about `wasm_bindgen`. It adapts, it does not
//! decide: every rule lives in the core modules.
//!
//! Secret hygiene at the boundary: secrets leave wasm memory only as JS strings created
//! directly from the token's own (zeroized-on-drop) buffer, never through an intermediate
//! Rust `String` that the glue would free without scrubbing; token inputs are taken by value
//! and zeroized after use.

use js_sys::{Array, Promise, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::error::ErrorCode;
use crate::format::{self, Format};
use crate::record::{Expiration, TokenRecord};
use crate::token::{self, SecretToken};
use crate::{fingerprint as fp, mask as mk, scopes as sc};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A format id: a GitHub prefix, the fine-grained shape, or a custom prefix (optionally with the random length, 16..=128). */
export type FormatId = "ghp" | "gho" | "ghu" | "ghs" | "ghr" | "github_pat" | `custom:${string}`;

/** Options of {@link mint}. Give at most one of `expiresInDays` and `expiresAt`; neither means no expiration. */
export interface MintOptions {
  /** Default `"ghp"`. */
  format?: FormatId | "custom";
  /** With `format: "custom"` (or no format): the custom prefix without its underscore, e.g. `"acme"`. */
  prefix?: string;
  /** What the token is for (GitHub's "Note"): required, at most 100 characters. */
  name: string;
  /** Classic scope ids, e.g. `["repo", "workflow"]`; normalised in the record. */
  scopes?: string[];
  /** One of GitHub's presets. */
  expiresInDays?: 7 | 30 | 60 | 90 | null;
  /** `YYYY-MM-DD` (end of that day, UTC) or RFC 3339; in the future, at most a year ahead. */
  expiresAt?: string | null;
}

/** What may be stored about a token: never the secret. */
export interface TokenRecord {
  name: string;
  format: string;
  scopes: string[];
  /** RFC 3339 UTC. */
  createdAt: string;
  /** RFC 3339 UTC, or null for no expiration. */
  expiresAt: string | null;
  /** SHA-256 of the token, 64 lowercase hex. */
  fingerprint: string;
  last4: string;
}

/** The verdict of {@link check}. */
export interface CheckResult {
  valid: boolean;
  format?: string;
  /** A stable code such as `checksum_mismatch` when invalid. */
  code?: string;
  /** A human message; it never contains the input. */
  message?: string;
}

export interface FormatInfo {
  id: string;
  prefix: string;
  /** Total length in characters. */
  length: number;
  /** Whether {@link check} can verify a checksum (false for the fine-grained shape). */
  checksum: boolean;
  description: string;
}

export interface ScopeInfo {
  id: string;
  description: string;
  parent: string | null;
}

/** Every error thrown (or rejected) by patmint is an `Error` with a stable `code`. */
export interface PatmintError extends Error {
  code: string;
}
"#;

/// A JS `Error` carrying `code`.
fn error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("PatmintError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn to_js_error<E: ErrorCode>(e: E) -> JsValue {
    error(e.code(), &e.to_string())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error("internal", &e.to_string()))
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

const MINT_KEYS: [&str; 6] = [
    "format",
    "prefix",
    "name",
    "scopes",
    "expiresInDays",
    "expiresAt",
];

/// serde-wasm-bindgen reads only the fields it knows, so a typo such as `expiresIn` would
/// silently mean "no expiration": reject unknown keys here.
fn reject_unknown_keys(options: &JsValue) -> Result<(), JsValue> {
    if !options.is_object() {
        return Ok(()); // the deserializer reports the wrong type
    }
    for key in js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !MINT_KEYS.contains(&key.as_str()) {
            let shown = key.len() <= 32 && key.bytes().all(|b| b.is_ascii_alphanumeric());
            let name = if shown { key.as_str() } else { "(not shown)" };
            return Err(error(
                "invalid_options",
                &format!(
                    "unknown mint option {name}: expected {}",
                    MINT_KEYS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MintOptions {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    expires_in_days: Option<u32>,
    #[serde(default)]
    expires_at: Option<String>,
}

fn resolve_format(format: Option<&str>, prefix: Option<&str>) -> Result<Format, JsValue> {
    match (format, prefix) {
        (None | Some("custom"), Some(p)) => format::Custom::new(p, format::CUSTOM_RANDOM_DEFAULT)
            .map(Format::Custom)
            .map_err(to_js_error),
        (Some(_), Some(_)) => Err(error(
            "invalid_options",
            "give a prefix only with format \"custom\"",
        )),
        (Some("custom"), None) => Err(error("invalid_prefix", "format \"custom\" needs a prefix")),
        (f, None) => Format::parse(f.unwrap_or("ghp")).map_err(to_js_error),
    }
}

/// A freshly minted token. The secret stays in wasm memory until `reveal()` or
/// `copyToClipboard()`; `free()` zeroizes it.
#[wasm_bindgen]
pub struct MintedToken {
    token: SecretToken,
    record: TokenRecord,
}

#[wasm_bindgen]
impl MintedToken {
    /// The display form, e.g. `ghp_••••…••T4V4`.
    #[wasm_bindgen(getter)]
    pub fn masked(&self) -> String {
        self.token.masked()
    }

    /// SHA-256 of the token, 64 lowercase hex.
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.record.fingerprint.clone()
    }

    /// The format id, e.g. `ghp`.
    #[wasm_bindgen(getter)]
    pub fn format(&self) -> String {
        self.record.format.clone()
    }

    /// The storable record (a plain object; never contains the secret).
    #[wasm_bindgen(unchecked_return_type = "TokenRecord")]
    pub fn record(&self) -> Result<JsValue, JsValue> {
        to_js(&self.record)
    }

    /// The secret in clear: call only when the user asked to see it.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn reveal(&self) -> JsValue {
        JsValue::from_str(self.token.expose_secret())
    }

    /// Writes the secret to the clipboard (`navigator.clipboard.writeText`). Rejects with a
    /// `PatmintError` (`clipboard_unavailable` or `clipboard_denied`).
    #[wasm_bindgen(js_name = copyToClipboard, unchecked_return_type = "Promise<void>")]
    pub fn copy_to_clipboard(&self) -> Promise {
        let clipboard = match clipboard() {
            Ok(c) => c,
            Err(e) => return Promise::reject(&e),
        };
        let written = clipboard.write_text(self.token.expose_secret());
        wasm_bindgen_futures::future_to_promise(async move {
            wasm_bindgen_futures::JsFuture::from(written)
                .await
                .map_err(|e| {
                    let why = e
                        .dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                        .unwrap_or_default();
                    error(
                        "clipboard_denied",
                        &format!("the browser refused to write to the clipboard: {why}"),
                    )
                })?;
            Ok(JsValue::UNDEFINED)
        })
    }
}

fn clipboard() -> Result<web_sys::Clipboard, JsValue> {
    let global = js_sys::global();
    let navigator = Reflect::get(&global, &JsValue::from_str("navigator")).unwrap_or_default();
    let clipboard = if navigator.is_object() {
        Reflect::get(&navigator, &JsValue::from_str("clipboard")).unwrap_or_default()
    } else {
        JsValue::UNDEFINED
    };
    if clipboard.is_object() {
        Ok(clipboard.unchecked_into())
    } else {
        Err(error(
            "clipboard_unavailable",
            "no clipboard here: it needs a secure context (https or localhost) and a page, not a worker",
        ))
    }
}

/// Mints a token and its record. Throws a `PatmintError` on bad options.
#[wasm_bindgen]
pub fn mint(
    #[wasm_bindgen(unchecked_param_type = "MintOptions")] options: JsValue,
) -> Result<MintedToken, JsValue> {
    reject_unknown_keys(&options)?;
    let o: MintOptions = serde_wasm_bindgen::from_value(options)
        .map_err(|e| error("invalid_options", &format!("invalid mint options: {e}")))?;
    let format = resolve_format(o.format.as_deref(), o.prefix.as_deref())?;
    let expiration =
        Expiration::from_inputs(o.expires_in_days, o.expires_at.as_deref()).map_err(to_js_error)?;
    // Validate everything that does not need the token first, so bad input never costs a
    // secret's worth of randomness.
    crate::record::validate_name(&o.name).map_err(to_js_error)?;
    sc::normalize(&o.scopes).map_err(to_js_error)?;
    let now = now_secs();
    expiration.resolve(now).map_err(to_js_error)?;
    let token = SecretToken::generate(&format).map_err(to_js_error)?;
    let record =
        TokenRecord::new(&o.name, &token, &o.scopes, expiration, now).map_err(to_js_error)?;
    Ok(MintedToken { token, record })
}

/// `count` tokens (1..=100000) as strings, for scripts and benchmarks.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn generate(
    #[wasm_bindgen(unchecked_param_type = "FormatId")] format: &str,
    count: u32,
) -> Result<Array, JsValue> {
    let format = Format::parse(format).map_err(to_js_error)?;
    let tokens = token::generate_many(&format, count as usize).map_err(to_js_error)?;
    let out = Array::new_with_length(count);
    for (i, t) in tokens.iter().enumerate() {
        out.set(i as u32, JsValue::from_str(t.expose_secret()));
    }
    Ok(out)
}

#[derive(Serialize)]
struct CheckResult {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

/// Checks a token. `prefixes` registers custom prefixes (`"acme"` or `"custom:acme"`).
/// Returns a verdict; throws only when a registered prefix is itself invalid.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(token: String, prefixes: Option<Vec<String>>) -> Result<JsValue, JsValue> {
    let token = Zeroizing::new(token);
    let mut custom = Vec::new();
    for p in prefixes.unwrap_or_default() {
        let f = match Format::parse(&p) {
            Ok(f @ Format::Custom(_)) => f,
            _ => Format::Custom(
                format::Custom::new(&p, format::CUSTOM_RANDOM_DEFAULT).map_err(to_js_error)?,
            ),
        };
        custom.push(f);
    }
    let result = match token::check_with(&token, &custom) {
        Ok(info) => CheckResult {
            valid: true,
            format: Some(info.format.id()),
            code: None,
            message: None,
        },
        Err(e) => CheckResult {
            valid: false,
            format: None,
            code: Some(e.code()),
            message: Some(e.to_string()),
        },
    };
    to_js(&result)
}

/// SHA-256 of the exact token, 64 lowercase hex.
#[wasm_bindgen]
pub fn fingerprint(token: String) -> String {
    let token = Zeroizing::new(token);
    fp::fingerprint(&token)
}

/// Whether `token` hashes to `fingerprint`, compared in constant time.
#[wasm_bindgen(js_name = verifyFingerprint)]
pub fn verify_fingerprint(token: String, fingerprint: &str) -> bool {
    let token = Zeroizing::new(token);
    fp::verify(&token, fingerprint)
}

/// The masked display form of any string.
#[wasm_bindgen]
pub fn mask(token: String) -> String {
    let token = Zeroizing::new(token);
    mk::mask(&token)
}

#[derive(Serialize)]
struct FormatInfo<'a> {
    id: String,
    prefix: &'a str,
    length: usize,
    checksum: bool,
    description: &'a str,
}

/// The built-in formats.
#[wasm_bindgen(unchecked_return_type = "FormatInfo[]")]
pub fn formats() -> Result<JsValue, JsValue> {
    let all = Format::builtin();
    let infos: Vec<FormatInfo> = all
        .iter()
        .map(|f| FormatInfo {
            id: f.id(),
            prefix: f.prefix(),
            length: f.len(),
            checksum: f.has_checksum(),
            description: f.description(),
        })
        .collect();
    to_js(&infos)
}

#[derive(Serialize)]
struct ScopeInfo {
    id: &'static str,
    description: &'static str,
    parent: Option<&'static str>,
}

/// GitHub's classic scope catalogue, each child after its parent.
#[wasm_bindgen(unchecked_return_type = "ScopeInfo[]")]
pub fn scopes() -> Result<JsValue, JsValue> {
    let infos: Vec<ScopeInfo> = sc::CATALOGUE
        .iter()
        .map(|s| ScopeInfo {
            id: s.id,
            description: s.description,
            parent: s.parent,
        })
        .collect();
    to_js(&infos)
}

/// GitHub's normal form of a scope list; throws `unknown_scope`.
#[wasm_bindgen(js_name = normalizeScopes)]
pub fn normalize_scopes(scopes: Vec<String>) -> Result<Vec<String>, JsValue> {
    sc::normalize(&scopes)
        .map(|v| v.into_iter().map(str::to_owned).collect())
        .map_err(to_js_error)
}
