//! The server half of the JavaScript API (cargo feature `verify`, a package of its own): it
//! carries a JSON parser for the export file, which pages that only mint or scan never need.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::{self, ArgError};
use crate::scrub::StackScrub;
use crate::{error, to_js_error};
use patmint::record::ExportFile;
use patmint::verify::{RecordSet, Requirement};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** What {@link verify} requires of a token; every key optional, `{}` (or none) accepts any valid, current token. */
export interface Requirement {
  /** Classic scopes, with GitHub's implications (`repo` grants `public_repo`). */
  scopes?: string[];
  /** The service's own scopes `name` or `name:level` that a custom-prefix token must hold (`admin` grants `write`, `write` grants `read`, any level the bare name). */
  customScopes?: string[];
  /** Fine-grained permissions by id (`write` grants `read`). */
  permissions?: { [name: string]: 'read' | 'write' };
  /** `OWNER/NAME`: a fine-grained token's repository access must cover it. */
  repository?: string;
}

/** The answer of {@link verify}: never anything of the token. */
export interface Verdict {
  allowed: boolean;
  /** Why not: `malformed`, `unknown`, `expired`, `replaced`, `insufficient_scope`, `insufficient_permission`, `repository_not_allowed`. */
  reason?: 'malformed' | 'unknown' | 'expired' | 'replaced' | 'insufficient_scope' | 'insufficient_permission' | 'repository_not_allowed';
  /** The name of the record the token matched (absent for `malformed` and `unknown`). */
  name?: string;
}
"#;

/// Longest records JSON `verify` accepts, in UTF-16 units (4 Mi: above the 5 MB that browsers
/// give a page's localStorage, and about 10 000 records; far below what could exhaust wasm
/// memory once parsed). The records are not secret, but they are an argument.
pub const MAX_RECORDS_UNITS: u32 = 1 << 22;

const REQUIREMENT_KEYS: [&str; 4] = ["scopes", "customScopes", "permissions", "repository"];

fn invalid_requirement() -> JsValue {
    error(
        "invalid_requirement",
        "the requirement must be an object { scopes?: string[], customScopes?: string[], permissions?: { name: \"read\" | \"write\" }, repository?: string }",
    )
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or_default()
}

/// `{ scopes, customScopes, permissions, repository }` as lists for [`Requirement::parse`], each bounded
/// before it is copied.
fn read_requirement(value: &JsValue) -> Result<Requirement, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Requirement::none());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(invalid_requirement());
    }
    args::check_keys(value, &REQUIREMENT_KEYS).map_err(|_| invalid_requirement())?;
    let scopes = args::strings(&get(value, "scopes"), "requirement.scopes")?;
    let custom_scopes = args::strings(&get(value, "customScopes"), "requirement.customScopes")?;
    let mut permissions = Vec::new();
    let perms = get(value, "permissions");
    if !perms.is_undefined() && !perms.is_null() {
        if !perms.is_object() || Array::is_array(&perms) {
            return Err(invalid_requirement());
        }
        let keys = Object::keys(perms.unchecked_ref::<Object>());
        if keys.length() > args::MAX_LIST_ITEMS {
            return Err(ArgError::TooMany {
                what: "requirement.permissions",
                max: args::MAX_LIST_ITEMS,
            }
            .into());
        }
        for key in keys.iter() {
            let id = args::bounded(&key, "a permission id", args::MAX_KEY_UNITS)?;
            let level = get(&perms, &String::from(id));
            let level = args::bounded(&level, "a permission level", args::MAX_KEY_UNITS)?;
            let mut permission = String::from(id);
            permission.push(':');
            permission.push_str(&String::from(level));
            permissions.push(permission);
        }
    }
    let repository = get(value, "repository");
    let mut repositories = Vec::new();
    if !repository.is_undefined() && !repository.is_null() {
        let r = args::bounded(&repository, "requirement.repository", args::MAX_ITEM_UNITS)?;
        repositories.push(String::from(r));
    }
    Requirement::parse(&scopes, &permissions, &repositories)
        .and_then(|r| r.with_custom_scopes(&custom_scopes))
        .map_err(to_js_error)
}

/// The verdict on `token` against the records of `recordsJson` (an export file, v1 or v2, or a
/// bare array of records, as `records.json` holds) for `requirement`, at the current time:
/// `{ allowed: true, name }` or `{ allowed: false, reason, name? }`. Throws a `PatmintError`
/// only for a bad argument (a records file that does not load, an invalid requirement); a bad
/// token is a verdict (`malformed`), never an error.
#[wasm_bindgen(unchecked_return_type = "Verdict")]
pub fn verify(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(js_name = recordsJson, unchecked_param_type = "string")] records_json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Requirement")] requirement: JsValue,
) -> Result<Object, JsValue> {
    // Dropped last: scrubs the stack once every copy of the secret is gone.
    let _scrub = StackScrub;
    // Everything that can fail is read before the token is copied into wasm memory, so that no
    // early return leaves a copy behind.
    let token = args::js_string(&token, "the token")?;
    let records = args::bounded(&records_json, "the records JSON", MAX_RECORDS_UNITS)?;
    let requirement = read_requirement(&requirement)?;
    let records = ExportFile::parse(&String::from(records)).map_err(to_js_error)?;
    let set = RecordSet::new(records).map_err(to_js_error)?;
    let now = (js_sys::Date::now() / 1000.0).floor() as i64;
    let verdict = if token.length() as usize > patmint::MAX_INPUT_BYTES {
        // More UTF-16 units than any token has bytes: malformed, decided without copying it.
        patmint::verify::Verdict::Deny(patmint::verify::Reason::Malformed, None)
    } else {
        set.verify(&Zeroizing::new(String::from(token)), now, &requirement)
    };
    let out = Object::new();
    let put = |key: &str, value: JsValue| {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&out, &JsValue::from_str(key), &value);
    };
    put("allowed", verdict.is_allowed().into());
    if let Some(reason) = verdict.reason() {
        put("reason", reason.code().into());
    }
    if let Some(name) = verdict.name() {
        put("name", name.into());
    }
    Ok(out)
}

/// Checks an export file (v1, v2) or a bare array of records as a verifier would read it, and
/// returns how many records it holds: the pages' import reads the file's entries only once
/// this has accepted them all, so that the file's rules are the core's. All or nothing: a bad
/// file throws a `PatmintError` whose `index` is the 0-based index of the offending record
/// (absent when the file itself is wrong).
#[wasm_bindgen(js_name = checkRecordsFile)]
pub fn check_records_file(
    #[wasm_bindgen(js_name = recordsJson, unchecked_param_type = "string")] records_json: JsValue,
) -> Result<u32, JsValue> {
    let json = args::bounded(&records_json, "the records JSON", MAX_RECORDS_UNITS)?;
    match ExportFile::parse(&String::from(json)) {
        Ok(records) => Ok(records.len() as u32),
        Err(e) => {
            let err = crate::coded(&e);
            if let Some(index) = e.index {
                // Setting a property on a fresh Error object cannot fail.
                let _ = Reflect::set(
                    &err,
                    &JsValue::from_str("index"),
                    &JsValue::from(index as u32),
                );
            }
            Err(err)
        }
    }
}
