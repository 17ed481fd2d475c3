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

use serde::{de, Deserialize};
use serde_json::{Map, Value};

use super::{TokenRecord, RECORD_KEYS};
use crate::date;
use crate::error::{Error, ErrorCode, RecordError};

/// The `format` of an export file.
pub const EXPORT_FORMAT: &str = "patmint.records";
/// The version [`ExportFile::to_json`] writes.
pub const EXPORT_VERSION: u64 = 2;
/// The [`RecordFileError::code`] of a load given up because its `stop` said so
/// ([`ExportFile::parse_until`]).
pub const STOPPED: &str = "load_stopped";

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
            "scopes" | "customScopes" => strings(value),
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
                "scopes" | "customScopes" => "an array of strings",
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

/// What is done with each entry of the records array as it is read, one JSON value at a time
/// (the array is never held whole as values: a million records as `Value`s take gigabytes).
trait Entries: Default {
    /// Entry `index`.
    fn entry(&mut self, index: usize, value: Value);
}

/// The entries validated into records, up to the first one that is not a valid record.
#[derive(Default)]
struct Validated {
    records: Vec<TokenRecord>,
    /// The first invalid entry: nothing after it is validated, only read (for JSON syntax).
    error: Option<(usize, Error)>,
}

impl Entries for Validated {
    fn entry(&mut self, index: usize, value: Value) {
        if self.error.is_none() {
            match record_from_value(value) {
                Ok(record) => self.records.push(record),
                Err(e) => self.error = Some((index, e)),
            }
        }
    }
}

/// The fingerprints the entries name (see [`ExportFile::named_fingerprints`]).
#[derive(Default)]
struct Named(Vec<String>);

impl Entries for Named {
    fn entry(&mut self, _: usize, value: Value) {
        if let Value::Object(mut entry) = value {
            if let Some(Value::String(fp)) = entry.remove("fingerprint") {
                let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
                if fp.len() == 64 && fp.bytes().all(hex) {
                    self.0.push(fp);
                }
            }
        }
    }
}

/// How often (in entries) the `stop` callback is asked.
const STOP_EVERY: usize = 4096;

/// The document read in one pass: the envelope's fields as values (they are small), the
/// records array through an [`Entries`]. Everything else is read as a `Value` and dropped, so
/// that what is valid JSON (numbers in range, nesting depth) is exactly what
/// `serde_json::from_str::<Value>` accepts.
enum Doc<E> {
    Array(E),
    Envelope(Envelope<E>),
    Other,
}

struct Envelope<E> {
    /// The first unknown key in key order (as a `serde_json::Map` iterates).
    unknown: Option<String>,
    format: Option<Value>,
    version: Option<Value>,
    exported_at: Option<Value>,
    /// `Some(None)`: `records` is not an array. A key given twice counts once, the last (as in
    /// a `serde_json::Map`).
    records: Option<Option<E>>,
}

/// Reads one JSON value through `E`: an array's entries one by one, anything else as `None`.
struct Seed<'s, E> {
    stop: &'s dyn Fn() -> bool,
    stopped: &'s core::cell::Cell<bool>,
    top: bool,
    _entries: core::marker::PhantomData<E>,
}

impl<'s, E> Seed<'s, E> {
    fn inner(&self) -> Seed<'s, E> {
        Seed {
            stop: self.stop,
            stopped: self.stopped,
            top: false,
            _entries: core::marker::PhantomData,
        }
    }
}

impl<'de, E: Entries> de::DeserializeSeed<'de> for Seed<'_, E> {
    type Value = Doc<E>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Doc<E>, D::Error> {
        d.deserialize_any(self)
    }
}

/// A scalar where an array or object was expected: read, and reported as [`Doc::Other`].
macro_rules! other {
    ($($f:ident: $t:ty),*) => {$(
        fn $f<X: de::Error>(self, _: $t) -> Result<Doc<E>, X> {
            Ok(Doc::Other)
        }
    )*};
}

impl<'de, E: Entries> de::Visitor<'de> for Seed<'_, E> {
    type Value = Doc<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    other!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);

    fn visit_unit<X: de::Error>(self) -> Result<Doc<E>, X> {
        Ok(Doc::Other)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Doc<E>, A::Error> {
        let mut entries = E::default();
        let mut index = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            if index % STOP_EVERY == 0 && (self.stop)() {
                self.stopped.set(true);
                return Err(de::Error::custom("stopped"));
            }
            entries.entry(index, value);
            index += 1;
        }
        Ok(Doc::Array(entries))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Doc<E>, A::Error> {
        if !self.top {
            // `records` is an object: read it as a value, then refuse it.
            Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
            return Ok(Doc::Other);
        }
        let mut envelope = Envelope::<E> {
            unknown: None,
            format: None,
            version: None,
            exported_at: None,
            records: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "format" => &mut envelope.format,
                "version" => &mut envelope.version,
                "exportedAt" => &mut envelope.exported_at,
                "records" => {
                    envelope.records = Some(match map.next_value_seed(self.inner())? {
                        Doc::Array(entries) => Some(entries),
                        _ => None,
                    });
                    continue;
                }
                _ => {
                    map.next_value::<Value>()?;
                    if envelope.unknown.as_ref().is_none_or(|u| key < *u) {
                        envelope.unknown = Some(key);
                    }
                    continue;
                }
            };
            *slot = Some(map.next_value::<Value>()?);
        }
        Ok(Doc::Envelope(envelope))
    }
}

/// Reads the document in one pass.
fn read<'de, R: serde_json::de::Read<'de>, E: Entries>(
    mut de: serde_json::Deserializer<R>,
    stop: &dyn Fn() -> bool,
) -> Result<Doc<E>, RecordFileError> {
    let stopped = core::cell::Cell::new(false);
    let seed = Seed::<E> {
        stop,
        stopped: &stopped,
        top: true,
        _entries: core::marker::PhantomData,
    };
    let doc =
        de::DeserializeSeed::deserialize(seed, &mut de).and_then(|doc| de.end().map(|()| doc));
    doc.map_err(|e| {
        if stopped.get() {
            RecordFileError::file(STOPPED, "the load was stopped")
        } else if e.is_io() {
            // The reader's own error is its owner's to report (and formatting it here would
            // put serde_json's and std's messages in the verifier's wasm).
            RecordFileError::file("unreadable", "the file could not be read")
        } else {
            RecordFileError::file(
                "invalid_json",
                format!("not JSON (line {}, column {})", e.line(), e.column()),
            )
        }
    })
}

/// The records array of a document and its version, after the envelope's checks.
fn entries<E>(doc: Doc<E>) -> Result<(E, Option<u64>), RecordFileError> {
    let envelope = match doc {
        Doc::Array(entries) => return Ok((entries, None)),
        Doc::Envelope(envelope) => envelope,
        Doc::Other => {
            return Err(RecordFileError::file(
                "invalid_export_file",
                "a records file is an object with records, or an array of records",
            ))
        }
    };
    if let Some(key) = envelope.unknown {
        let shown = key.len() <= 32 && key.bytes().all(|b| b.is_ascii_alphanumeric());
        return Err(RecordFileError::file(
            "unknown_field",
            if shown {
                format!("unknown export file field: {key}")
            } else {
                "unknown export file field".to_owned()
            },
        ));
    }
    if envelope.format.as_ref().and_then(Value::as_str) != Some(EXPORT_FORMAT) {
        return Err(RecordFileError::file(
            "invalid_export_file",
            format!("not a records file: format must be \"{EXPORT_FORMAT}\""),
        ));
    }
    let version = envelope.version.as_ref().and_then(Value::as_u64);
    if !matches!(version, Some(1 | 2)) {
        return Err(RecordFileError::file(
            "unsupported_version",
            "unsupported records file version: this reader knows 1 and 2",
        ));
    }
    if let Some(at) = envelope.exported_at {
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
    match envelope.records {
        Some(Some(entries)) => Ok((entries, version)),
        _ => Err(RecordFileError::file(
            "invalid_export_file",
            "records must be an array of records",
        )),
    }
}

/// The index of the first record whose fingerprint an earlier record has (by sorting: the
/// verifier's own index, [`crate::verify::RecordSet`]'s).
fn first_duplicate(records: &[TokenRecord]) -> Option<usize> {
    // Validated records have 64 lowercase hex characters: decoding cannot fail.
    let digests: Vec<[u8; 32]> = records
        .iter()
        .map(|r| crate::verify::decode_fingerprint(&r.fingerprint).unwrap_or_default())
        .collect();
    crate::verify::index_digests(&digests).1
}

/// The records of a document read through [`Validated`], after every check, or the first
/// error: each check reports the first entry it fails on; the earliest entry wins, and at the
/// same entry a version-1 file's fine-grained record comes before its duplicate (the order in
/// which one entry is checked). Every valid record comes before `error`.
fn validate(doc: Doc<Validated>) -> Result<Vec<TokenRecord>, RecordFileError> {
    let (Validated { records, error }, version) = entries(doc)?;
    let fine_in_v1 = match version {
        Some(1) => records.iter().position(|r| r.fine_grained().is_some()),
        _ => None,
    };
    let duplicate = first_duplicate(&records);
    match (fine_in_v1, duplicate) {
        (Some(i), d) if d.is_none_or(|d| i <= d) => Err(RecordFileError {
            index: Some(i),
            code: "unsupported_version",
            reason: "a version 1 file holds classic records only".to_owned(),
        }),
        (_, Some(i)) => Err(RecordFileError {
            index: Some(i),
            code: "duplicate_fingerprint",
            reason: "two records have the same fingerprint".to_owned(),
        }),
        _ => match error {
            Some((i, e)) => Err(RecordFileError::entry(i, &e)),
            None => Ok(records),
        },
    }
}

impl ExportFile {
    /// Parses an export file (v1, v2) or a bare array of records. All or nothing.
    ///
    /// Linear in the file's size (duplicates are found by sorting), and the records array is
    /// read one entry at a time: the memory it takes is about that of the records it returns.
    ///
    /// ```
    /// use patmint::record::ExportFile;
    /// assert_eq!(ExportFile::parse("[]").unwrap(), []);
    /// let err = ExportFile::parse(r#"[{"name":"x"}]"#).unwrap_err();
    /// assert_eq!(err.index, Some(0));
    /// ```
    pub fn parse(json: &str) -> Result<Vec<TokenRecord>, RecordFileError> {
        ExportFile::parse_until(json, &|| false)
    }

    /// [`ExportFile::parse`], asking `stop` every few thousand records whether to give up
    /// (a server reloading a large file that changed again, or shutting down): the error's
    /// code is then [`STOPPED`].
    pub fn parse_until(
        json: &str,
        stop: &dyn Fn() -> bool,
    ) -> Result<Vec<TokenRecord>, RecordFileError> {
        validate(read(serde_json::Deserializer::from_str(json), stop)?)
    }

    /// [`ExportFile::parse_until`] reading from `reader` (buffer it: it is read a byte at a
    /// time), so that the file's text is never held whole: a server loading a million records
    /// then needs the memory of the records only. Not UTF-8 inside a string is `invalid_json`;
    /// an error of the reader is `unreadable` (or [`STOPPED`] when `stop` says so).
    pub fn read_until<R: std::io::Read>(
        reader: R,
        stop: &dyn Fn() -> bool,
    ) -> Result<Vec<TokenRecord>, RecordFileError> {
        validate(read(serde_json::Deserializer::from_reader(reader), stop)?)
    }

    /// The fingerprints that the entries of a records file name, valid or not: each entry's
    /// `fingerprint` when it is 64 lowercase hex characters, in file order. For a file that
    /// [`ExportFile::parse`] refuses because of its entries, so that a server keeping its last
    /// good records can still drop those the file no longer names (a removal is a revocation).
    /// An entry whose fingerprint cannot be read names none: its record is dropped too, which
    /// refuses more, never less. Refused as `parse` refuses a file that is not JSON or whose
    /// envelope is wrong (then nothing of it can be trusted to name anything).
    /// Reads from `reader` (buffer it), as [`ExportFile::read_until`].
    pub fn named_fingerprints<R: std::io::Read>(reader: R) -> Result<Vec<String>, RecordFileError> {
        let doc = read(serde_json::Deserializer::from_reader(reader), &|| false)?;
        let (Named(named), _) = entries::<Named>(doc)?;
        Ok(named)
    }

    /// The v2 export file of `records`, exported at `now` (Unix seconds), pretty-printed.
    pub fn to_json(records: &[TokenRecord], now: i64) -> String {
        // Serialising plain strings and maps cannot fail.
        serde_json::to_string_pretty(&Written::new(records, now)).unwrap_or_default()
    }

    /// [`ExportFile::to_json`] written to `writer` as it is made (buffer it), so that a million
    /// records are never also held as one string of a few hundred MiB.
    pub fn write_json<W: std::io::Write>(
        records: &[TokenRecord],
        now: i64,
        writer: W,
    ) -> std::io::Result<()> {
        serde_json::to_writer_pretty(writer, &Written::new(records, now)).map_err(Into::into)
    }
}

/// What [`ExportFile::to_json`] writes.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Written<'a> {
    format: &'static str,
    version: u64,
    exported_at: String,
    records: &'a [TokenRecord],
}

impl Written<'_> {
    fn new(records: &[TokenRecord], now: i64) -> Written<'_> {
        Written {
            format: EXPORT_FORMAT,
            version: EXPORT_VERSION,
            exported_at: date::to_rfc3339(now),
            records,
        }
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
        let mut streamed = Vec::new();
        ExportFile::write_json(&v2, 1_796_169_600, &mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), written);
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

    /// The parser before it read entries one at a time (issue 25.5), kept as the oracle: the
    /// same validation, the same errors, the same indices.
    fn quadratic_parse(json: &str) -> Result<Vec<TokenRecord>, RecordFileError> {
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

    fn with_fingerprint(mut v: Value, c: char) -> Value {
        v["fingerprint"] = json!(c.to_string().repeat(64));
        v
    }

    /// Envelopes and entries of every kind, in every order (from a seeded generator): the
    /// one-pass parser answers exactly as the old one.
    #[test]
    fn the_one_pass_parser_answers_as_the_old_one() {
        let mut broken = classic();
        broken["scopes"] = json!("repo");
        let mut unknown = classic();
        unknown["token"] = json!("x");
        let mut missing = fine();
        missing.as_object_mut().unwrap().remove("last4");
        let valid = [
            with_fingerprint(classic(), 'a'),
            with_fingerprint(classic(), 'c'),
            with_fingerprint(fine(), 'b'),
            with_fingerprint(fine(), 'd'),
        ];
        let mut entries: Vec<String> = valid.iter().map(Value::to_string).collect();
        entries.extend(entries.clone());
        entries.extend([broken, unknown, missing].iter().map(Value::to_string));
        // Out of f64's range: not JSON to serde_json, wherever it is.
        entries.extend(["42", "[1e300]", "null", "[1e400]"].map(str::to_owned));
        let fields: [(&str, &str); 12] = [
            ("format", "\"patmint.records\""),
            ("format", "\"other\""),
            ("version", "1"),
            ("version", "2"),
            ("version", "2.0"),
            ("exportedAt", "\"2026-12-02T00:00:00Z\""),
            ("exportedAt", "\"later\""),
            ("records", "{}"),
            ("records", "{\"a\":1e400}"),
            ("zeta", "1"),
            ("Alpha", "{\"a\":[1,2]}"),
            ("zeta", "-1e999"),
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for round in 0..4000 {
            let records: Vec<&str> = (0..next(6))
                .map(|_| entries[next(entries.len())].as_str())
                .collect();
            let records = format!("[{}]", records.join(","));
            let json = if round % 5 == 0 {
                records
            } else {
                // Keys in any order, some twice (the last counts), some missing.
                let mut parts: Vec<String> = Vec::new();
                if next(8) != 0 {
                    parts.push(format!("\"records\":{records}"));
                }
                for _ in 0..next(5) {
                    let (k, v) = &fields[next(fields.len())];
                    parts.push(format!("\"{k}\":{v}"));
                }
                for (k, v) in [("format", json!(EXPORT_FORMAT)), ("version", json!(2))] {
                    if next(6) != 0 {
                        parts.push(format!("\"{k}\":{v}"));
                    }
                }
                for i in (1..parts.len()).rev() {
                    parts.swap(i, next(i + 1));
                }
                format!("{{{}}}", parts.join(","))
            };
            // And cut short, or with a trailing character, now and then.
            let json = match next(12) {
                0 => json[..next(json.len())].to_owned(),
                1 => format!("{json} x"),
                2 => format!("{json}\n"),
                _ => json,
            };
            assert_eq!(ExportFile::parse(&json), quadratic_parse(&json), "{json}");
        }
    }

    #[test]
    fn duplicates_are_found_among_many_records() {
        let n = 20_000;
        let records: Vec<String> = (0..n)
            .map(|i| {
                let mut v = classic();
                v["fingerprint"] = json!(format!("{:064x}", (i * 7919) % n));
                v.to_string()
            })
            .collect();
        let mut json = format!("[{}]", records.join(","));
        assert_eq!(ExportFile::parse(&json).unwrap().len(), n);
        // Entry 15 000 repeats entry 17's fingerprint, and entry 18 000 repeats entry 3's.
        let fp = |i: usize| format!("{:064x}", (i * 7919) % n);
        json = json.replacen(&fp(15_000), &fp(17), 1);
        json = json.replacen(&fp(18_000), &fp(3), 1);
        let e = ExportFile::parse(&json).unwrap_err();
        assert_eq!((e.index, e.code), (Some(15_000), "duplicate_fingerprint"));
    }

    #[test]
    fn a_stopped_parse_says_so() {
        let json = file(2, vec![classic()]);
        let e = ExportFile::parse_until(&json, &|| true).unwrap_err();
        assert_eq!((e.index, e.code), (None, STOPPED));
        assert_eq!(ExportFile::parse_until(&json, &|| false).unwrap().len(), 1);
    }

    #[test]
    fn stop_is_asked_once_every_few_thousand_records_not_per_record() {
        // Asking per record would cost a load its speed; never asking after the first few
        // thousand would make a long load unstoppable.
        let n = 2 * STOP_EVERY + 1;
        let records: Vec<Value> = (0..n)
            .map(|i| {
                let mut r = classic();
                r["fingerprint"] = json!(format!("{i:064x}"));
                r
            })
            .collect();
        let json = file(2, records);
        let asked = std::cell::Cell::new(0usize);
        let stop = || {
            asked.set(asked.get() + 1);
            false
        };
        assert_eq!(ExportFile::parse_until(&json, &stop).unwrap().len(), n);
        assert_eq!(
            asked.get(),
            3,
            "asked at records 0, {STOP_EVERY} and {}",
            2 * STOP_EVERY
        );
        // And a stop that comes late is heard: the third question ends the load.
        asked.set(0);
        let late = || {
            asked.set(asked.get() + 1);
            asked.get() == 3
        };
        let e = ExportFile::parse_until(&json, &late).unwrap_err();
        assert_eq!(e.code, STOPPED);
    }

    #[test]
    fn a_refused_file_still_names_its_fingerprints() {
        let mut bad = fine();
        bad["permissions"] = json!({ "contents": "admin" });
        let mut unreadable = with_fingerprint(classic(), 'c');
        unreadable["fingerprint"] = json!("C".repeat(64));
        let json = file(
            2,
            vec![
                classic(),
                bad,
                unreadable,
                json!(7),
                with_fingerprint(classic(), 'd'),
            ],
        );
        assert!(ExportFile::parse(&json).is_err());
        assert_eq!(
            ExportFile::named_fingerprints(json.as_bytes()).unwrap(),
            ["a".repeat(64), "b".repeat(64), "d".repeat(64)]
        );
        for broken in ["{", r#"{"format":"other","records":[]}"#] {
            assert!(ExportFile::named_fingerprints(broken.as_bytes()).is_err());
        }
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
