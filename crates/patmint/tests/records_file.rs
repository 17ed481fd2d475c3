//! The records-file parser's refusals, exactly: which field a wrong type is reported for and
//! what was expected there, when a key is named in an error and when it is not, and the
//! envelope's `exportedAt`. Through the public API (`ExportFile::parse`), so the parser's
//! internals can change freely; these are the cases mutation testing (`./build.sh mutants`)
//! found untested.
#![cfg(not(target_arch = "wasm32"))]

use patmint::record::{ExportFile, RecordFileError};
use patmint::ErrorCode;
use serde_json::{json, Value};

fn classic() -> Value {
    json!({
        "name": "ci", "format": "ghp", "scopes": ["repo"],
        "createdAt": "2026-11-23T22:13:20Z", "expiresAt": null,
        "fingerprint": "a".repeat(64), "last4": "T4V4"
    })
}

fn fine() -> Value {
    json!({
        "name": "deploy", "format": "github_pat", "description": "",
        "resourceOwner": "octocat",
        "repositoryAccess": { "kind": "selected", "repositories": ["octocat/widgets"] },
        "permissions": { "contents": "write", "metadata": "read" },
        "createdAt": "2026-11-23T22:13:20Z", "expiresAt": "2026-12-23T22:13:20Z",
        "fingerprint": "b".repeat(64), "last4": "abcd", "replacedAt": null
    })
}

fn parse(records: Vec<Value>) -> Result<usize, RecordFileError> {
    let file = json!({ "format": "patmint.records", "version": 2, "records": records });
    ExportFile::parse(&file.to_string()).map(|r| r.len())
}

/// The error for a file holding `record` alone, as (index, code, message).
fn refusal(record: Value) -> (Option<usize>, &'static str, String) {
    let e = parse(vec![record]).unwrap_err();
    // The code callers read through the trait (the CLI, the wasm verifier) is the field's.
    assert_eq!(ErrorCode::code(&e), e.code);
    (e.index, e.code, e.to_string())
}

#[test]
fn a_wrong_type_names_the_field_and_what_it_must_be() {
    assert_eq!(parse(vec![classic(), fine()]), Ok(2));
    let cases: [(Value, &str, Value, &str); 7] = [
        (classic(), "scopes", json!("repo"), "an array of strings"),
        (classic(), "scopes", json!([1]), "an array of strings"),
        (
            fine(),
            "permissions",
            json!(["contents"]),
            "an object of levels (read or write)",
        ),
        (
            fine(),
            "repositoryAccess",
            json!({ "kind": "selected", "repositories": "octocat/widgets" }),
            "{ kind, repositories? } with strings",
        ),
        (classic(), "expiresAt", json!(0), "a string or null"),
        (fine(), "replacedAt", json!(true), "a string or null"),
        (classic(), "last4", json!(1234), "a string"),
    ];
    for (mut record, field, value, expected) in cases {
        record[field] = value;
        assert_eq!(
            refusal(record),
            (
                Some(0),
                "malformed_record",
                format!("record 0: malformed record: {field} must be {expected}")
            ),
            "{field}"
        );
    }
}

#[test]
fn a_missing_field_is_named() {
    for field in ["name", "format", "createdAt", "fingerprint", "last4"] {
        let mut record = classic();
        record.as_object_mut().unwrap().remove(field);
        assert_eq!(
            refusal(record),
            (
                Some(0),
                "malformed_record",
                format!("record 0: malformed record: {field} must be present")
            )
        );
    }
}

#[test]
fn an_unknown_key_is_named_only_when_it_cannot_be_a_secret() {
    // Up to 32 letters and digits: a field name someone misspelt, shown to help them.
    let longest = "k".repeat(32);
    for key in ["token", "Scopes", "x1", longest.as_str()] {
        let mut record = classic();
        record[key] = json!("x");
        assert_eq!(
            refusal(record),
            (
                Some(0),
                "unknown_field",
                format!("record 0: unknown record field: {key}")
            )
        );
        let file = json!({ "format": "patmint.records", "version": 2, "records": [], key: "x" });
        let e = ExportFile::parse(&file.to_string()).unwrap_err();
        assert_eq!(
            (e.index, e.code, e.to_string()),
            (
                None,
                "unknown_field",
                format!("unknown export file field: {key}")
            )
        );
    }
    // Longer, or with anything but letters and digits (a token used as a key): not repeated.
    let long = "k".repeat(33);
    for key in [
        long.as_str(),
        "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",
        "gh-p",
        "é",
    ] {
        let mut record = classic();
        record[key] = json!("x");
        assert_eq!(
            refusal(record),
            (
                Some(0),
                "unknown_field",
                "record 0: unknown record field".to_owned()
            )
        );
        let file = json!({ "format": "patmint.records", "version": 2, "records": [], key: "x" });
        let e = ExportFile::parse(&file.to_string()).unwrap_err();
        assert_eq!(
            (e.index, e.code, e.to_string()),
            (
                None,
                "unknown_field",
                "unknown export file field".to_owned()
            )
        );
    }
}

#[test]
fn exported_at_is_a_time_not_a_date() {
    let file = |at: Value| {
        json!({ "format": "patmint.records", "version": 2, "exportedAt": at, "records": [] })
            .to_string()
    };
    for at in ["2026-12-02T00:00:00Z", "2026-12-02T00:00:00.5+09:00"] {
        assert_eq!(ExportFile::parse(&file(json!(at))), Ok(vec![]), "{at}");
    }
    // A bare date (which a form accepts) is not when a file was written; nor is anything
    // long that is not a time, nor a number.
    for at in [
        json!("2026-12-02"),
        json!("not a time at all"),
        json!("2026-12-02T25:00:00Z"),
        json!(1_796_169_600),
    ] {
        let e = ExportFile::parse(&file(at.clone())).unwrap_err();
        assert_eq!(
            (e.index, e.code, e.to_string()),
            (
                None,
                "invalid_export_file",
                "exportedAt must be an RFC 3339 time".to_owned()
            ),
            "{at}"
        );
    }
}
