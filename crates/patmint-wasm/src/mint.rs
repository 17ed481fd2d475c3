//! The minting half of the JavaScript API (cargo feature `mint`, the default package).

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::args::{self, ArgError};
use crate::scrub::StackScrub;
use crate::{coded_clipboard_rejection, error, read_prefixes, to_js_error};
use patmint::format::{self, Format};
use patmint::record::{
    Access, Expiration, FineGrainedRequest, MintRequest, RecordDraft, RepositoryAccess, TokenRecord,
};
use patmint::token::{self, SecretToken};
use patmint::ErrorCode;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A format id: a GitHub prefix, the fine-grained shape, or a custom prefix (optionally with the random length, 16..=128). */
export type FormatId = "ghp" | "gho" | "ghu" | "ghs" | "ghr" | "github_pat" | `custom:${string}`;

/**
 * Options of {@link mint}. Which fields a format takes:
 * - `ghp` and custom prefixes: `scopes`; `expiresInDays` or `expiresAt`, neither meaning no expiration.
 *   Custom prefixes also take `customScopes`, the service's own.
 * - `github_pat` (fine-grained): `resourceOwner`, `repositoryAccess`, `permissions`, `description`;
 *   an expiration is required, at most 366 days ahead; `scopes` are refused (`scopes_not_allowed`).
 * - `gho`, `ghu`, `ghs`, `ghr` (issued by GitHub to apps; minted as test fixtures): no scopes and
 *   no expiration (GitHub's own lifetime is used: 8 hours, 1 hour, 6 months; `gho` none).
 */
export interface MintOptions {
  /** Default `"ghp"`. */
  format?: FormatId | "custom";
  /** With `format: "custom"` (or no format): the custom prefix without its underscore, e.g. `"acme"`. */
  prefix?: string;
  /** What the token is for (GitHub's "Note" / "Token name"): required, at most 100 characters. */
  name: string;
  /** Classic scope ids, e.g. `["repo", "workflow"]`; normalised in the record. */
  scopes?: string[];
  /** Custom prefixes only: the service's own scopes, `name` or `name:level` (read, write, admin), e.g. `["deploy", "packages:write"]`; at most 32 of at most 64 characters; normalised in the record. */
  customScopes?: string[];
  /** One of GitHub's presets. */
  expiresInDays?: 7 | 30 | 60 | 90 | null;
  /** `YYYY-MM-DD` (end of that day, UTC) or RFC 3339; in the future, at most a year ahead. */
  expiresAt?: string | null;
  /** Fine-grained: optional description, at most 1024 characters. */
  description?: string;
  /** Fine-grained: the GitHub user or organization login the token acts on. */
  resourceOwner?: string;
  /** Fine-grained: which repositories the token reaches. */
  repositoryAccess?: RepositoryAccess;
  /** Fine-grained: permission id → level, e.g. `{ contents: "write" }` (ids from {@link permissions}). */
  permissions?: Record<string, PermissionLevel>;
}

/** A fine-grained permission level: `write` includes `read`. */
export type PermissionLevel = "read" | "write";

/** GitHub's "Repository access": public repositories (read-only), all, or up to 50 selected `owner/name`. */
export type RepositoryAccess =
  | { kind: "public" }
  | { kind: "all" }
  | { kind: "selected"; repositories: string[] };

interface RecordCommon {
  name: string;
  /** RFC 3339 UTC. */
  createdAt: string;
  /** SHA-256 of the token, 64 lowercase hex. */
  fingerprint: string;
  last4: string;
  /** RFC 3339 UTC: when the token was regenerated (a verifier refuses it). */
  replacedAt?: string;
}

/** A classic record (`ghp`, `gho`, `ghu`, `ghs`, `ghr`, `custom:<prefix>`). */
export interface ClassicTokenRecord extends RecordCommon {
  format: Exclude<FormatId, "github_pat">;
  scopes: string[];
  /** Custom prefixes: the service's own scopes, when any (one per name, at its highest level, sorted). */
  customScopes?: string[];
  /** RFC 3339 UTC, or null for no expiration. */
  expiresAt: string | null;
}

/** A fine-grained record (`github_pat`). */
export interface FineGrainedTokenRecord extends RecordCommon {
  format: "github_pat";
  description: string;
  resourceOwner: string;
  repositoryAccess: RepositoryAccess;
  /** With `metadata: "read"` added as GitHub adds it once a repository permission is chosen. */
  permissions: Record<string, PermissionLevel>;
  /** RFC 3339 UTC: fine-grained tokens always expire. */
  expiresAt: string;
}

/** What may be stored about a token (record v2): never the secret. */
export type TokenRecord = ClassicTokenRecord | FineGrainedTokenRecord;

/** One fine-grained permission of GitHub's catalogue (titles and descriptions, in each language, are in the pages' strings). */
export interface PermissionInfo {
  /** GitHub's API id, e.g. `contents`. */
  id: string;
  group: "repository" | "organization" | "account";
  /** The levels GitHub offers for it, lowest first. */
  levels: PermissionLevel[];
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
}

export interface ScopeInfo {
  id: string;
  description: string;
  parent: string | null;
}

"#;
fn string_array<S: AsRef<str>>(items: &[S]) -> Array {
    items
        .iter()
        .map(|s| JsValue::from_str(s.as_ref()))
        .collect()
}

fn invalid_option(key: &str, expected: &str) -> JsValue {
    error(
        "invalid_options",
        &["invalid mint option ", key, ": expected ", expected].concat(),
    )
}

/// `undefined`/`null` → `None`; a bounded string → `Some`; anything else is an error.
fn opt_string(options: &JsValue, key: &'static str) -> Result<Option<String>, JsValue> {
    let v = Reflect::get(options, &JsValue::from_str(key)).unwrap_or_default();
    args::opt_string(&v, key).map_err(|e| match e {
        ArgError::NotString { .. } => invalid_option(key, "a string"),
        e => e.into(),
    })
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

const MINT_KEYS: [&str; 11] = [
    "format",
    "prefix",
    "name",
    "scopes",
    "customScopes",
    "expiresInDays",
    "expiresAt",
    "description",
    "resourceOwner",
    "repositoryAccess",
    "permissions",
];

/// A typo such as `expiresIn` would otherwise silently mean "no expiration".
fn reject_unknown_keys(options: &JsValue) -> Result<(), JsValue> {
    args::check_keys(options, &MINT_KEYS).map_err(|key| {
        let name = key.as_deref().unwrap_or("(not shown)");
        error(
            "invalid_options",
            &[
                "unknown mint option ",
                name,
                ": expected ",
                &MINT_KEYS.join(", "),
            ]
            .concat(),
        )
    })
}

struct MintOptions {
    format: Option<String>,
    prefix: Option<String>,
    name: String,
    scopes: Vec<String>,
    custom_scopes: Vec<String>,
    expires_in_days: Option<u32>,
    expires_at: Option<String>,
    fine_grained: Option<FineGrainedRequest>,
}

fn get(options: &JsValue, key: &str) -> JsValue {
    Reflect::get(options, &JsValue::from_str(key)).unwrap_or_default()
}

/// `{ kind, repositories? }`, bounded before anything is copied.
fn read_repository_access(value: &JsValue) -> Result<(String, Vec<String>), JsValue> {
    const KEYS: [&str; 2] = ["kind", "repositories"];
    let wrong = || {
        invalid_option(
            "repositoryAccess",
            "{ kind: \"public\" | \"all\" | \"selected\", repositories?: [\"owner/name\", ...] }",
        )
    };
    if !value.is_object() || Array::is_array(value) {
        return Err(wrong());
    }
    args::check_keys(value, &KEYS).map_err(|_| wrong())?;
    let kind = args::opt_string(&get(value, "kind"), "repositoryAccess.kind")
        .map_err(|e| match e {
            ArgError::NotString { .. } => wrong(),
            e => e.into(),
        })?
        .ok_or_else(wrong)?;
    let repositories = args::strings(&get(value, "repositories"), "repositoryAccess.repositories")
        .map_err(|e| match e {
            ArgError::NotStringArray { .. } => wrong(),
            e => e.into(),
        })?;
    Ok((kind, repositories))
}

/// `{ id: level, ... }`: at most [`args::MAX_LIST_ITEMS`] entries, keys and levels bounded,
/// each read once.
fn read_permissions(value: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let wrong = || {
        invalid_option(
            "permissions",
            "an object of permission id to \"read\" or \"write\"",
        )
    };
    if !value.is_object() || Array::is_array(value) {
        return Err(wrong());
    }
    let keys = Object::keys(value.unchecked_ref::<Object>());
    if keys.length() > args::MAX_LIST_ITEMS {
        return Err(ArgError::TooMany {
            what: "permissions",
            max: args::MAX_LIST_ITEMS,
        }
        .into());
    }
    let mut out = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let id = args::bounded(&key, "a permission id", args::MAX_KEY_UNITS)?;
        let level = get(value, &String::from(id));
        let level = args::bounded(&level, "a permission level", args::MAX_KEY_UNITS)
            .map_err(|_| wrong())?;
        out.push((String::from(id), String::from(level)));
    }
    Ok(out)
}

impl MintOptions {
    fn read(options: &JsValue) -> Result<MintOptions, JsValue> {
        if !options.is_object() || Array::is_array(options) {
            return Err(error(
                "invalid_options",
                "mint() takes an options object: { format, name, scopes, expiresInDays | expiresAt }",
            ));
        }
        reject_unknown_keys(options)?;
        let name = opt_string(options, "name")?
            .ok_or_else(|| invalid_option("name", "a string (what the token is for)"))?;
        let scopes = Reflect::get(options, &JsValue::from_str("scopes")).unwrap_or_default();
        let scopes = args::strings(&scopes, "scopes").map_err(|e| match e {
            ArgError::NotStringArray { .. } => invalid_option("scopes", "an array of strings"),
            e => e.into(),
        })?;
        let custom_scopes = args::strings(&get(options, "customScopes"), "customScopes")?;
        let days = Reflect::get(options, &JsValue::from_str("expiresInDays")).unwrap_or_default();
        let expires_in_days = if days.is_undefined() || days.is_null() {
            None
        } else {
            match days.as_f64() {
                Some(d) if d.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&d) => {
                    Some(d as u32)
                }
                // A whole number of days; which ones are offered is the record's rule.
                _ => return Err(invalid_option("expiresInDays", "a whole number of days")),
            }
        };
        let description = opt_string(options, "description")?;
        let resource_owner = opt_string(options, "resourceOwner")?;
        let access = get(options, "repositoryAccess");
        let access = if access.is_undefined() || access.is_null() {
            None
        } else {
            Some(read_repository_access(&access)?)
        };
        let permissions = get(options, "permissions");
        let permissions = if permissions.is_undefined() || permissions.is_null() {
            None
        } else {
            Some(read_permissions(&permissions)?)
        };
        let fine_grained = (description.is_some()
            || resource_owner.is_some()
            || access.is_some()
            || permissions.is_some())
        .then(|| {
            let (repository_access, repositories) = access.unwrap_or_default();
            FineGrainedRequest {
                description: description.unwrap_or_default(),
                resource_owner: resource_owner.unwrap_or_default(),
                repository_access,
                repositories,
                permissions: permissions.unwrap_or_default(),
            }
        });
        Ok(MintOptions {
            format: opt_string(options, "format")?,
            prefix: opt_string(options, "prefix")?,
            name,
            scopes,
            custom_scopes,
            expires_in_days,
            expires_at: opt_string(options, "expiresAt")?,
            fine_grained,
        })
    }
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

/// Plain objects are built by hand rather than through serde-wasm-bindgen: its error paths
/// pull in float formatting and Unicode tables, tripling the size of the module.
fn set(target: &Object, key: &str, value: impl Into<JsValue>) {
    // Defining a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
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
    pub fn record(&self) -> Object {
        record_to_js(&self.record)
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
        coded_clipboard_rejection(
            &clipboard.write_text(self.token.expose_secret()),
            "the browser refused to write to the clipboard: ",
        )
    }
}

// A line of JS to split the bulk string.
#[wasm_bindgen(inline_js = "export function split_lines(s) { return s.split('\\n'); }")]
extern "C" {
    fn split_lines(joined: &str) -> Array;
}

#[wasm_bindgen]
extern "C" {
    // `globalThis.navigator` directly: js_sys::global() probes four globals and costs ~1 KiB.
    #[wasm_bindgen(thread_local_v2, js_namespace = globalThis, js_name = navigator)]
    static NAVIGATOR: JsValue;
}

fn clipboard() -> Result<web_sys::Clipboard, JsValue> {
    let navigator = NAVIGATOR.with(JsValue::clone);
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
            "no clipboard here: it needs a page in a secure context",
        ))
    }
}

/// Mints a token and its record. Throws a `PatmintError` on bad options.
#[wasm_bindgen]
pub fn mint(
    #[wasm_bindgen(unchecked_param_type = "MintOptions")] options: JsValue,
) -> Result<MintedToken, JsValue> {
    // Dropped last: scrubs the stack once every copy of the secret is gone.
    let _scrub = StackScrub;
    let o = MintOptions::read(&options)?;
    let format = resolve_format(o.format.as_deref(), o.prefix.as_deref())?;
    let expiration =
        Expiration::from_inputs(o.expires_in_days, o.expires_at.as_deref()).map_err(to_js_error)?;
    // Everything that does not need the token is validated first, once: bad input never costs
    // a secret's worth of randomness.
    let request = MintRequest {
        name: o.name,
        scopes: o.scopes,
        custom_scopes: o.custom_scopes,
        fine_grained: o.fine_grained,
        expiration,
    };
    let draft = RecordDraft::for_format(&format, request, now_secs()).map_err(to_js_error)?;
    let token = SecretToken::generate(&format).map_err(to_js_error)?;
    let record = draft.finish(&token).map_err(to_js_error)?;
    Ok(MintedToken { token, record })
}

/// `count` tokens (1..=100000) as strings, for scripts and benchmarks.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn generate(
    #[wasm_bindgen(unchecked_param_type = "FormatId")] format: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue,
) -> Result<Array, JsValue> {
    // Dropped last: scrubs the stack once every copy of the secret is gone.
    let _scrub = StackScrub;
    // A JsValue, not &str: the glue would read a non-string's missing `length` and trap.
    let format = args::bounded(&format, "the format", args::MAX_OPTION_UNITS)?;
    let format = Format::parse(&String::from(format)).map_err(to_js_error)?;
    // Checked here: a u32 parameter would silently turn 2**32 + 5 into 5, 1.5 into 1 and
    // "5" into 5. NaN fails the range test.
    let count = count.as_f64().unwrap_or(f64::NAN);
    if count.fract() != 0.0 || !(1.0..=token::MAX_BULK as f64).contains(&count) {
        return Err(to_js_error(patmint::Error::InvalidCount {
            max: token::MAX_BULK,
        }));
    }
    // One string across the boundary, split in JS: a call per token cost 3× the time.
    let joined = token::generate_joined(&format, count as usize, '\n').map_err(to_js_error)?;
    Ok(split_lines(&joined))
}

/// Checks a token. `prefixes` registers custom prefixes (`"acme"` or `"custom:acme"`).
/// Returns a verdict; throws only when a registered prefix is itself invalid.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[]")] prefixes: JsValue,
) -> Result<Object, JsValue> {
    // Dropped last: scrubs the stack once every copy of the secret is gone.
    let _scrub = StackScrub;
    // Everything that can fail is read before the token is copied into wasm memory, so that
    // no early return leaves a copy behind.
    let token = args::js_string(&token, "the token")?;
    let custom = read_prefixes(&prefixes)?;
    let result = Object::new();
    let verdict = if token.length() as usize > patmint::MAX_INPUT_BYTES {
        // More UTF-16 units than bytes allowed: too long, decided without copying it.
        Err(patmint::TokenError::TooLong {
            max: patmint::MAX_INPUT_BYTES,
        })
    } else {
        patmint::check_with(&Zeroizing::new(String::from(token)), &custom)
    };
    match verdict {
        Ok(info) => {
            set(&result, "valid", true);
            set(&result, "format", info.format.id());
        }
        Err(e) => {
            set(&result, "valid", false);
            set(&result, "code", e.code());
            set(&result, "message", crate::message(&e));
        }
    }
    Ok(result)
}

/// SHA-256 of the exact token, 64 lowercase hex.
#[wasm_bindgen]
pub fn fingerprint(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> Result<String, JsValue> {
    // Dropped last: scrubs the stack once every copy of the secret is gone.
    let _scrub = StackScrub;
    Ok(patmint::fingerprint(&bounded_copy(&token)?))
}

/// The masked display form of any string.
#[wasm_bindgen]
pub fn mask(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> Result<String, JsValue> {
    // Dropped last: scrubs the stack once every copy of the secret is gone.
    let _scrub = StackScrub;
    Ok(patmint::mask(&bounded_copy(&token)?))
}

/// Longest string `fingerprint` and `mask` accept, in UTF-16 units: far above any token or
/// snippet, far below what could exhaust wasm memory (which would trap).
const MAX_TEXT_UNITS: u32 = 1 << 16;

/// A string argument copied into wasm memory (zeroized after use), once known to be bounded.
fn bounded_copy(value: &JsValue) -> Result<Zeroizing<String>, JsValue> {
    let s = args::bounded(value, "the token", MAX_TEXT_UNITS)?;
    Ok(Zeroizing::new(String::from(s)))
}

/// The built-in formats. No description: pages label formats in the user's language
/// (www/lib/strings.js), and the English text would cost wasm bytes for nothing.
#[wasm_bindgen(unchecked_return_type = "FormatInfo[]")]
pub fn formats() -> Array {
    Format::builtin()
        .iter()
        .map(|f| {
            let o = Object::new();
            set(&o, "id", f.id());
            set(&o, "prefix", f.prefix());
            set(&o, "length", f.len() as u32);
            set(&o, "checksum", f.has_checksum());
            JsValue::from(o)
        })
        .collect()
}

/// GitHub's classic scope catalogue, each child after its parent.
#[wasm_bindgen(unchecked_return_type = "ScopeInfo[]")]
pub fn scopes() -> Array {
    patmint::scopes::CATALOGUE
        .iter()
        .map(|s| {
            let o = Object::new();
            set(&o, "id", s.id);
            set(&o, "description", s.description);
            set(
                &o,
                "parent",
                s.parent.map_or(JsValue::NULL, JsValue::from_str),
            );
            JsValue::from(o)
        })
        .collect()
}

/// GitHub's fine-grained permission catalogue: repository, organization, then account
/// permissions, each with the levels GitHub offers.
#[wasm_bindgen(unchecked_return_type = "PermissionInfo[]")]
pub fn permissions() -> Array {
    patmint::permissions::CATALOGUE
        .iter()
        .map(|p| {
            let o = Object::new();
            set(&o, "id", p.id);
            set(&o, "group", p.group.as_str());
            let levels: Array = p
                .offered
                .levels()
                .iter()
                .map(|l| JsValue::from_str(l.as_str()))
                .collect();
            set(&o, "levels", levels);
            JsValue::from(o)
        })
        .collect()
}

fn record_to_js(r: &TokenRecord) -> Object {
    let o = Object::new();
    set(&o, "name", r.name.as_str());
    set(&o, "format", r.format.as_str());
    match &r.access {
        Access::Classic {
            scopes,
            custom_scopes,
        } => {
            set(&o, "scopes", string_array(scopes));
            if !custom_scopes.is_empty() {
                set(&o, "customScopes", string_array(custom_scopes));
            }
        }
        Access::FineGrained(fg) => {
            set(&o, "description", fg.description.as_str());
            set(&o, "resourceOwner", fg.resource_owner.as_str());
            let access = Object::new();
            set(&access, "kind", fg.repository_access.kind());
            if let RepositoryAccess::Selected(list) = &fg.repository_access {
                set(&access, "repositories", string_array(list));
            }
            set(&o, "repositoryAccess", access);
            let permissions = Object::new();
            for (id, level) in fg.permissions.iter() {
                set(&permissions, id, level.as_str());
            }
            set(&o, "permissions", permissions);
        }
    }
    set(&o, "createdAt", r.created_at.as_str());
    set(
        &o,
        "expiresAt",
        r.expires_at
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str),
    );
    set(&o, "fingerprint", r.fingerprint.as_str());
    set(&o, "last4", r.last4.as_str());
    if let Some(at) = &r.replaced_at {
        set(&o, "replacedAt", at.as_str());
    }
    o
}

/// GitHub's normal form of a scope list; throws `unknown_scope`.
#[wasm_bindgen(js_name = normalizeScopes, unchecked_return_type = "string[]")]
pub fn normalize_scopes(
    #[wasm_bindgen(unchecked_param_type = "string[]")] scopes: JsValue,
) -> Result<Array, JsValue> {
    if !Array::is_array(&scopes) {
        return Err(ArgError::NotStringArray { what: "scopes" }.into());
    }
    patmint::scopes::normalize(&args::strings(&scopes, "scopes")?)
        .map(|v| string_array(&v))
        .map_err(to_js_error)
}
