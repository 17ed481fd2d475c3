//! Contracts between the core and the pages: the JS record check and the core's record schema
//! accept and refuse the same records (`tests/contract/records.json`, also read by
//! `tests/js/contract.test.mjs`), and the pages' English catalogue strings are the core's.
#![cfg(not(target_arch = "wasm32"))]

use patmint::record::{ExportFile, TokenRecord};
use patmint::{permissions, scopes};

fn fixtures() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/contract/records.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_core_accepts_and_refuses_the_contract_records() {
    let doc = fixtures();
    for case in doc["valid"].as_array().unwrap() {
        let record = &case["record"];
        let parsed = serde_json::from_value::<TokenRecord>(record.clone());
        assert!(parsed.is_ok(), "{}: {:?}", case["note"], parsed.err());
        // What the core writes back is accepted again, unchanged.
        let written = serde_json::to_value(parsed.unwrap()).unwrap();
        let again: TokenRecord = serde_json::from_value(written.clone()).unwrap();
        assert_eq!(serde_json::to_value(again).unwrap(), written);
    }
    for case in doc["invalid"].as_array().unwrap() {
        let parsed = serde_json::from_value::<TokenRecord>(case["record"].clone());
        assert!(parsed.is_err(), "{} was accepted", case["note"]);
    }
}

#[test]
fn the_export_file_reader_agrees_entry_by_entry() {
    let doc = fixtures();
    let valid: Vec<serde_json::Value> = doc["valid"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // Distinct fingerprints: the file reader refuses duplicates.
            let mut r = c["record"].clone();
            r["fingerprint"] = format!("{i:064x}").into();
            r
        })
        .collect();
    let file = serde_json::json!({ "format": "patmint.records", "version": 2, "records": valid });
    assert_eq!(
        ExportFile::parse(&file.to_string()).unwrap().len(),
        valid.len()
    );
    for case in doc["invalid"].as_array().unwrap() {
        let file = serde_json::json!({ "format": "patmint.records", "version": 2,
            "records": [valid[0].clone(), case["record"].clone()] });
        let err = ExportFile::parse(&file.to_string()).unwrap_err();
        assert_eq!(err.index, Some(1), "{}", case["note"]);
    }
}

/// `'key': 'value',` lines of one language table of www/lib/catalogue-strings.js.
fn catalogue_strings(lang: &str) -> std::collections::HashMap<String, String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/lib/catalogue-strings.js"
    ))
    .unwrap();
    let start = text.find(&format!("\n  {lang}: {{")).unwrap();
    let end = start + text[start..].find("\n  },").unwrap();
    text[start..end]
        .lines()
        .filter_map(|line| {
            let line = line.trim().strip_suffix(',')?;
            let (k, v) = line.split_once("': '")?;
            let unescape = |s: &str| s.replace("\\'", "'").replace("\\\\", "\\");
            Some((
                unescape(k.strip_prefix('\'')?),
                unescape(v.strip_suffix('\'')?),
            ))
        })
        .collect()
}

#[test]
fn the_pages_catalogue_strings_are_the_cores() {
    let en = catalogue_strings("en");
    let ja = catalogue_strings("ja");
    let mut expected = 0;
    for p in permissions::CATALOGUE {
        assert_eq!(
            en.get(&format!("perm.{}", p.id)).map(String::as_str),
            Some(p.title)
        );
        assert_eq!(
            en.get(&format!("perm.{}.desc", p.id)).map(String::as_str),
            Some(p.description)
        );
        assert!(
            ja.contains_key(&format!("perm.{}.desc", p.id)),
            "ja {}",
            p.id
        );
        expected += 2;
    }
    for s in scopes::CATALOGUE {
        assert_eq!(
            en.get(&format!("scope.{}", s.id)).map(String::as_str),
            Some(s.description)
        );
        let translated = ja.get(&format!("scope.{}", s.id)).unwrap();
        assert_ne!(translated, s.description, "scope {} not translated", s.id);
        expected += 1;
    }
    assert_eq!(en.len(), expected, "no stale entries");
    assert_eq!(ja.len(), expected, "no stale entries");
}

/// The demo page draws the scope tree before the wasm arrives, from www/lib/scope-catalogue.js:
/// its `['id', 'parent' | null]` rows are the core's catalogue, in the same order.
#[test]
fn the_pages_scope_tree_is_the_cores() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/lib/scope-catalogue.js"
    ))
    .unwrap();
    let rows: Vec<(String, Option<String>)> = text
        .lines()
        .filter_map(|line| {
            let row = line.trim().strip_prefix("['")?.strip_suffix("],")?;
            let (id, parent) = row.split_once("', ")?;
            let parent = match parent {
                "null" => None,
                p => Some(p.strip_prefix('\'')?.strip_suffix('\'')?.to_string()),
            };
            Some((id.to_string(), parent))
        })
        .collect();
    let core: Vec<(String, Option<String>)> = scopes::CATALOGUE
        .iter()
        .map(|s| (s.id.to_string(), s.parent.map(str::to_string)))
        .collect();
    assert_eq!(rows, core);
}

/// Issue 26.11: the pages refuse the same vendors' prefixes as the core: www/lib/model.js's
/// `VENDOR_PREFIXES` is `format::VENDOR_PREFIXES`, in the same order.
#[test]
fn the_pages_refuse_the_vendor_prefixes_the_core_refuses() {
    let model = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/lib/model.js"
    ))
    .unwrap();
    let start = model
        .find("export const VENDOR_PREFIXES = Object.freeze([")
        .expect("model.js declares VENDOR_PREFIXES");
    let list = &model[start..];
    let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
    let js: Vec<&str> = list
        .split(',')
        .map(|w| w.trim().trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect();
    assert_eq!(js, patmint::format::VENDOR_PREFIXES);
}
