//! The export file: what the page exports and a server imports.
//!
//! ```json
//! { "format": "patmint.records", "version": 2, "exportedAt": "2026-12-02T17:00:00Z",
//!   "records": [ … ] }
//! ```
//!
//! Readers accept v1 files (classic records only), v2 files and a bare JSON array of records.
//! Unknown keys are refused, in the envelope and in each record; an invalid entry is reported
//! with its index and the reason; nothing partial is accepted. Error messages never quote the
//! input's values (a record file could hold a token pasted in the wrong place).

use core::fmt;

use serde_json::{Map, Value};

use super::{TokenRecord, RECORD_KEYS};
use crate::date;
use crate::error::{Error, ErrorCode, RecordError};

/// The `format` of an export file.
pub const EXPORT_FORMAT: &str = "patmint.records";
/// The version [`ExportFile::to_json`] writes.
pub const EXPORT_VERSION: u64 = 2;

/// Why a records file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFileError {
    /// The 0-based index of the offending record, or `None` when the file itself is wrong.
    pub index: Option<usize>,
    /// A stable code, e.g. `malformed_record` or `invalid_json`.
    pub code: &'static str,
    /// A message for people; it never quotes the file's values.
    pub reason: String,
}

impl RecordFileError {
    fn file(code: &'static str, reason: impl Into<String>) -> RecordFileError {
        RecordFileError {
            index: None,
            code,
            reason: reason.into(),
        }
    }

    fn entry(index: usize, e: &dyn ErrorCode) -> RecordFileError {
        RecordFileError {
            index: Some(index),
            code: e.code(),
            reason: e.to_string(),
        }
    }
}

impl ErrorCode for RecordFileError {
    fn code(&self) -> &'static str {
        self.code
    }
}

impl fmt::Display for RecordFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "record {i}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for RecordFileError {}

/// Reading and writing export files.
pub struct ExportFile;

/// The JSON type each record key must have (before the record's own validation), so that a
/// wrong type is reported by field name rather than by serde's message, which quotes values.
fn check_types(entry: &Map<String, Value>) -> Result<(), Error> {
    for (key, value) in entry {
        let Some(field) = RECORD_KEYS.iter().copied().find(|k| k == key) else {
            let shown = key.len() <= 32 && key.bytes().all(|b| b.is_ascii_alphanumeric());
            return Err(RecordError::UnknownField(shown.then(|| key.clone())).into());
        };
        let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        let ok = match field {
            "scopes" => strings(value),
            "permissions" => value
                .as_object()
                .is_some_and(|m| m.values().all(Value::is_string)),
            "repositoryAccess" => value.as_object().is_some_and(|m| {
                m.iter().all(|(k, v)| match k.as_str() {
                    "kind" => v.is_string(),
                    "repositories" => strings(v),
                    _ => false,
                })
            }),
            "expiresAt" | "replacedAt" => value.is_string() || value.is_null(),
            _ => value.is_string(),
        };
        if !ok {
            let expected = match field {
                "scopes" => "an array of strings",
                "permissions" => "an object of levels (read or write)",
                "repositoryAccess" => "{ kind, repositories? } with strings",
                "expiresAt" | "replacedAt" => "a string or null",
                _ => "a string",
            };
            return Err(RecordError::Malformed { field, expected }.into());
        }
    }
    for field in ["name", "format", "createdAt", "fingerprint", "last4"] {
        if !entry.contains_key(field) {
            return Err(RecordError::Malformed {
                field,
                expected: "present",
            }
            .into());
        }
    }
    Ok(())
}

/// One record from its JSON value, with the record's full validation.
pub(super) fn record_from_value(value: Value) -> Result<TokenRecord, Error> {
    let Value::Object(entry) = value else {
        return Err(RecordError::Malformed {
            field: "record",
            expected: "an object",
        }
        .into());
    };
    check_types(&entry)?;
    let raw: super::RawRecord = serde_json::from_value(Value::Object(entry)).map_err(|_| {
        Error::Record(RecordError::Malformed {
            field: "record",
            expected: "a token record",
        })
    })?;
    TokenRecord::try_from(raw)
}

impl ExportFile {
    /// Parses an export file (v1, v2) or a bare array of records. All or nothing.
    ///
    /// ```
    /// use patmint::record::ExportFile;
    /// assert_eq!(ExportFile::parse("[]").unwrap(), []);
    /// let err = ExportFile::parse(r#"[{"name":"x"}]"#).unwrap_err();
    /// assert_eq!(err.index, Some(0));
    /// ```
    pub fn parse(json: &str) -> Result<Vec<TokenRecord>, RecordFileError> {
        let doc: Value = serde_json::from_str(json).map_err(|e| {
            RecordFileError::file(
                "invalid_json",
                format!("not JSON (line {}, column {})", e.line(), e.column()),
            )
        })?;
        let (entries, version) = match doc {
            Value::Array(entries) => (entries, None),
            Value::Object(mut envelope) => {
                for key in envelope.keys() {
                    if !matches!(
                        key.as_str(),
                        "format" | "version" | "exportedAt" | "records"
                    ) {
                        let shown =
                            key.len() <= 32 && key.bytes().all(|b| b.is_ascii_alphanumeric());
                        return Err(RecordFileError::file(
                            "unknown_field",
                            if shown {
                                format!("unknown export file field: {key}")
                            } else {
                                "unknown export file field".to_owned()
                            },
                        ));
                    }
                }
                if envelope.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
                    return Err(RecordFileError::file(
                        "invalid_export_file",
                        format!("not a records file: format must be \"{EXPORT_FORMAT}\""),
                    ));
                }
                let version = envelope.get("version").and_then(Value::as_u64);
                if !matches!(version, Some(1 | 2)) {
                    return Err(RecordFileError::file(
                        "unsupported_version",
                        "unsupported records file version: this reader knows 1 and 2",
                    ));
                }
                if let Some(at) = envelope.get("exportedAt") {
                    let valid = at
                        .as_str()
                        .is_some_and(|s| s.len() > 10 && date::parse(s).is_some());
                    if !valid {
                        return Err(RecordFileError::file(
                            "invalid_export_file",
                            "exportedAt must be an RFC 3339 time",
                        ));
                    }
                }
                match envelope.remove("records") {
                    Some(Value::Array(entries)) => (entries, version),
                    _ => {
                        return Err(RecordFileError::file(
                            "invalid_export_file",
                            "records must be an array of records",
                        ))
                    }
                }
            }
            _ => {
                return Err(RecordFileError::file(
                    "invalid_export_file",
                    "a records file is an object with records, or an array of records",
                ))
            }
        };
        let mut records: Vec<TokenRecord> = Vec::with_capacity(entries.len());
        for (i, value) in entries.into_iter().enumerate() {
            let record = record_from_value(value).map_err(|e| RecordFileError::entry(i, &e))?;
            if version == Some(1) && record.fine_grained().is_some() {
                return Err(RecordFileError {
                    index: Some(i),
                    code: "unsupported_version",
                    reason: "a version 1 file holds classic records only".to_owned(),
                });
            }
            if records.iter().any(|r| r.fingerprint == record.fingerprint) {
                return Err(RecordFileError {
                    index: Some(i),
                    code: "duplicate_fingerprint",
                    reason: "two records have the same fingerprint".to_owned(),
                });
            }
            records.push(record);
        }
        Ok(records)
    }

    /// The v2 export file of `records`, exported at `now` (Unix seconds), pretty-printed.
    pub fn to_json(records: &[TokenRecord], now: i64) -> String {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Envelope<'a> {
            format: &'static str,
            version: u64,
            exported_at: String,
            records: &'a [TokenRecord],
        }
        let envelope = Envelope {
            format: EXPORT_FORMAT,
            version: EXPORT_VERSION,
            exported_at: date::to_rfc3339(now),
            records,
        };
        // Serialising plain strings and maps cannot fail.
        serde_json::to_string_pretty(&envelope).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            "resourceOwner": "octocat", "repositoryAccess": { "kind": "all" },
            "permissions": { "contents": "write", "metadata": "read" },
            "createdAt": "2026-11-23T22:13:20Z", "expiresAt": "2026-12-23T22:13:20Z",
            "fingerprint": "b".repeat(64), "last4": "abcd", "replacedAt": "2026-11-24T00:00:00Z"
        })
    }

    fn file(version: u64, records: Vec<Value>) -> String {
        json!({ "format": EXPORT_FORMAT, "version": version,
                "exportedAt": "2026-12-02T00:00:00Z", "records": records })
        .to_string()
    }

    #[test]
    fn reads_v1_v2_and_bare_arrays_and_writes_v2() {
        let v1 = ExportFile::parse(&file(1, vec![classic()])).unwrap();
        assert_eq!(v1.len(), 1);
        let v2 = ExportFile::parse(&file(2, vec![classic(), fine()])).unwrap();
        assert_eq!(v2.len(), 2);
        assert!(v2[1].is_replaced());
        let bare = ExportFile::parse(&Value::Array(vec![classic(), fine()]).to_string()).unwrap();
        assert_eq!(bare, v2);
        let written = ExportFile::to_json(&v2, 1_796_169_600);
        assert!(written.contains("\"version\": 2"));
        assert!(written.contains("\"exportedAt\": \"2026-12-02T00:00:00Z\""));
        assert_eq!(ExportFile::parse(&written).unwrap(), v2);
        // v1 writers (the page today) wrote exactly these keys; they still load.
        let page_v1 = r#"{"format":"patmint.records","version":1,"exportedAt":"2026-12-01T10:00:00.000Z","records":[{"name":"n","format":"custom:acme","scopes":[],"createdAt":"2026-12-01T10:00:00Z","expiresAt":"2026-12-31T10:00:00Z","fingerprint":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","last4":"W0rd"}]}"#;
        assert_eq!(ExportFile::parse(page_v1).unwrap()[0].format, "custom:acme");
    }

    #[test]
    fn a_bad_entry_is_reported_with_its_index_and_nothing_is_accepted() {
        let mut bad = fine();
        bad["permissions"] = json!({ "contents": "admin" });
        let e = ExportFile::parse(&file(2, vec![classic(), bad])).unwrap_err();
        assert_eq!((e.index, e.code), (Some(1), "invalid_level"));
        assert!(e.to_string().starts_with("record 1: "));

        let e = ExportFile::parse(&file(1, vec![fine()])).unwrap_err();
        assert_eq!((e.index, e.code), (Some(0), "unsupported_version"));

        let e = ExportFile::parse(&file(2, vec![classic(), classic()])).unwrap_err();
        assert_eq!((e.index, e.code), (Some(1), "duplicate_fingerprint"));

        let mut typed = classic();
        typed["scopes"] = json!("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");
        let e = ExportFile::parse(&file(2, vec![typed])).unwrap_err();
        assert_eq!((e.index, e.code), (Some(0), "malformed_record"));
        assert!(!e.to_string().contains("ghp_"), "{e}");

        let mut extra = classic();
        extra["token"] = json!("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");
        let e = ExportFile::parse(&file(2, vec![extra])).unwrap_err();
        assert_eq!((e.index, e.code), (Some(0), "unknown_field"));
        assert!(e.to_string().contains("token") && !e.to_string().contains("ghp_"));

        let e = ExportFile::parse(&Value::Array(vec![json!(42)]).to_string()).unwrap_err();
        assert_eq!((e.index, e.code), (Some(0), "malformed_record"));
    }

    #[test]
    fn bad_envelopes_are_refused() {
        let cases = [
            ("{", "invalid_json"),
            ("42", "invalid_export_file"),
            (
                r#"{"format":"other","version":2,"records":[]}"#,
                "invalid_export_file",
            ),
            (
                r#"{"format":"patmint.records","version":3,"records":[]}"#,
                "unsupported_version",
            ),
            (
                r#"{"format":"patmint.records","records":[]}"#,
                "unsupported_version",
            ),
            (
                r#"{"format":"patmint.records","version":2}"#,
                "invalid_export_file",
            ),
            (
                r#"{"format":"patmint.records","version":2,"records":{}}"#,
                "invalid_export_file",
            ),
            (
                r#"{"format":"patmint.records","version":2,"exportedAt":"yesterday","records":[]}"#,
                "invalid_export_file",
            ),
            (
                r#"{"format":"patmint.records","version":2,"records":[],"signature":"x"}"#,
                "unknown_field",
            ),
        ];
        for (json, code) in cases {
            let e = ExportFile::parse(json).unwrap_err();
            assert_eq!((e.index, e.code), (None, code), "{json}");
        }
    }
}
