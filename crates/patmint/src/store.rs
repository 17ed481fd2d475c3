//! What a verifier needs of a records store, whatever holds the records (the export file, a
//! database): every record at a version ([`Snapshot`]), then what changed since that version
//! ([`Delta`]), applied to the index in use ([`apply`]). No runtime is assumed: [`Store`]'s
//! methods return futures that any executor (or none, for a store that never waits) can drive.
//!
//! A store keeps each record in the export file's JSON shape, keyed by its fingerprint, and
//! every row is validated here on every load ([`decode_row`]): a row that is not a valid record
//! (or whose record names another fingerprint than its key) never becomes an allow — in a
//! snapshot it is left out, in a delta it removes whatever record its key had.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::record::RecordFileError;
use crate::verify::{Reason, RecordSet, Requirement, Verdict};
use crate::TokenRecord;

/// A store's change counter: every change gets a larger one.
pub type Version = u64;

/// The longest row (a record's JSON) read: a record is well under 8 KiB (100 repositories of
/// 100 characters at most, a 1024-character description).
pub const MAX_ROW_BYTES: usize = 64 * 1024;

/// One change to the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A record added, or replacing the record of the same fingerprint.
    Put(Box<TokenRecord>),
    /// The record of this fingerprint deleted (revoked), or no longer a valid record.
    Remove(String),
}

/// A row of a store that is not a valid record: its key and why (never the row itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// The row's key, as the store holds it (shown escaped by `Debug`).
    pub key: String,
    /// Why the row was refused: an error code and message of the record's validation.
    pub error: String,
}

/// Every record of a store at `version`.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The change counter the records are at.
    pub version: Version,
    /// The valid records.
    pub records: Vec<TokenRecord>,
    /// The rows left out: their tokens are refused.
    pub bad: Vec<BadRow>,
}

/// What changed in a store after one version, up to `version`.
#[derive(Debug, Default)]
pub struct Delta {
    /// The change counter this delta brings the records to.
    pub version: Version,
    /// The changes, oldest first.
    pub changes: Vec<Change>,
    /// The rows that were not valid records (each also a [`Change::Remove`] of its key).
    pub bad: Vec<BadRow>,
}

/// What a verifier needs of a store. The futures are `Send`, so a multi-threaded runtime may
/// drive them.
pub trait Store {
    /// Why the store could not answer (unreachable, refused, not migrated…).
    type Error: fmt::Display;

    /// Every record, and the version they are at.
    fn load_all(&self) -> impl Future<Output = Result<Snapshot, Self::Error>> + Send;

    /// What changed after `version`.
    fn changes_since(
        &self,
        version: Version,
    ) -> impl Future<Output = Result<Delta, Self::Error>> + Send;
}

/// The record of a row keyed by `key`, validated as every record of an export file is (the
/// same schema and rules), and refused if it names another fingerprint than `key` or is longer
/// than [`MAX_ROW_BYTES`]. The error is a code and message, never the row.
pub fn decode_row(key: &str, json: &str) -> Result<TokenRecord, BadRow> {
    let bad = |error: String| BadRow {
        key: key.to_owned(),
        error,
    };
    if json.len() > MAX_ROW_BYTES {
        return Err(bad(format!(
            "row_too_long: longer than {MAX_ROW_BYTES} bytes"
        )));
    }
    let record: TokenRecord = serde_json::from_str(json).map_err(|e| bad(json_error(&e)))?;
    if record.fingerprint != key {
        return Err(bad(
            "key_mismatch: the record's fingerprint is not its key".into()
        ));
    }
    Ok(record)
}

/// serde_json's error in words: its category and column, never its message (which can quote
/// the row's text).
fn json_error(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Io => "unreadable",
        serde_json::error::Category::Syntax => "not JSON",
        serde_json::error::Category::Data => "not a valid record",
        serde_json::error::Category::Eof => "truncated JSON",
    };
    format!("invalid_record: {what} (column {})", e.column())
}

/// Decodes rows `(key, json)` into a snapshot at `version`: valid records kept, the rest in
/// [`Snapshot::bad`].
pub fn snapshot_from_rows<K: AsRef<str>, J: AsRef<str>>(
    version: Version,
    rows: impl IntoIterator<Item = (K, J)>,
) -> Snapshot {
    let mut snapshot = Snapshot {
        version,
        ..Snapshot::default()
    };
    for (key, json) in rows {
        match decode_row(key.as_ref(), json.as_ref()) {
            Ok(r) => snapshot.records.push(r),
            Err(b) => snapshot.bad.push(b),
        }
    }
    snapshot
}

/// Decodes changed rows into a delta at `version`: `(key, Some(json))` is a put, `(key, None)`
/// a removal; a row that is not a valid record removes its key.
pub fn delta_from_rows<K: AsRef<str>, J: AsRef<str>>(
    version: Version,
    rows: impl IntoIterator<Item = (K, Option<J>)>,
) -> Delta {
    let mut delta = Delta {
        version,
        ..Delta::default()
    };
    for (key, json) in rows {
        let key = key.as_ref();
        match json.map(|j| decode_row(key, j.as_ref())) {
            Some(Ok(r)) => delta.changes.push(Change::Put(Box::new(r))),
            Some(Err(b)) => {
                delta.bad.push(b);
                delta.changes.push(Change::Remove(key.to_owned()));
            }
            None => delta.changes.push(Change::Remove(key.to_owned())),
        }
    }
    delta
}

/// The records of a snapshot, indexed. Records of the same fingerprint cannot both be in a
/// store keyed by it; if a snapshot has them anyway, the set is refused.
pub fn index(snapshot: Snapshot) -> Result<RecordSet, RecordFileError> {
    RecordSet::new(snapshot.records)
}

/// `set` with `changes` applied (in order), re-indexed: O(n log n) in the records, so a large
/// set is rebuilt off the request path and swapped in whole.
pub fn apply(set: &RecordSet, changes: &[Change]) -> Result<RecordSet, RecordFileError> {
    let mut records: Vec<Option<TokenRecord>> = set.records().cloned().map(Some).collect();
    let mut at: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| (r.fingerprint.clone(), i)))
        .collect();
    for change in changes {
        match change {
            Change::Put(r) => match at.get(&r.fingerprint) {
                Some(&i) => records[i] = Some((**r).clone()),
                None => {
                    at.insert(r.fingerprint.clone(), records.len());
                    records.push(Some((**r).clone()));
                }
            },
            Change::Remove(key) => {
                if let Some(i) = at.remove(key) {
                    records[i] = None;
                }
            }
        }
    }
    RecordSet::new(records.into_iter().flatten().collect())
}

/// An index and the changes made since it was built, kept apart so that a change applies in
/// time proportional to the changes, not to the records: a revocation must not wait for a
/// million records to be re-sorted. The changed records form a small index of their own
/// (`top`); every fingerprint a change names is shadowed in `base`. [`Layered::compact`] folds
/// them into a new base, off the request path.
#[derive(Debug, Default)]
pub struct Layered {
    base: Arc<RecordSet>,
    shadowed: HashSet<String>,
    top: RecordSet,
}

impl Layered {
    /// `base` with no changes.
    pub fn new(base: Arc<RecordSet>) -> Layered {
        Layered {
            base,
            shadowed: HashSet::new(),
            top: RecordSet::default(),
        }
    }

    /// The base index.
    pub fn base(&self) -> &Arc<RecordSet> {
        &self.base
    }

    /// How many fingerprints the changes name (what compaction would fold in).
    pub fn pending(&self) -> usize {
        self.shadowed.len()
    }

    /// The records in use: the base's that no change names, then the changed ones.
    pub fn records(&self) -> impl Iterator<Item = &TokenRecord> {
        self.base
            .records()
            .filter(|r| !self.shadowed.contains(&r.fingerprint))
            .chain(self.top.records())
    }

    /// How many records are in use. O(changes).
    pub fn len(&self) -> usize {
        let hidden = self
            .shadowed
            .iter()
            .filter(|fp| self.base.contains(fp))
            .count();
        self.base.len() - hidden + self.top.len()
    }

    /// Whether no record is in use.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// This index with `changes` applied: O(changes so far), the base shared.
    pub fn with_changes(&self, changes: &[Change]) -> Result<Layered, RecordFileError> {
        let mut shadowed = self.shadowed.clone();
        for change in changes {
            shadowed.insert(match change {
                Change::Put(r) => r.fingerprint.clone(),
                Change::Remove(key) => key.clone(),
            });
        }
        Ok(Layered {
            base: self.base.clone(),
            shadowed,
            top: apply(&self.top, changes)?,
        })
    }

    /// The records in use, as one index: O(n log n), for a thread off the request path.
    pub fn compact(&self) -> Result<RecordSet, RecordFileError> {
        RecordSet::new(self.records().cloned().collect())
    }

    /// Verifies `token` as [`RecordSet::verify`] does against the records in use.
    pub fn verify(&self, token: &str, now: i64, requirement: &Requirement) -> Verdict<'_> {
        let below = self.base.verify(token, now, requirement);
        let shadowed = match below.record() {
            Some(r) => self.shadowed.contains(&r.fingerprint),
            None => false,
        };
        if !shadowed && (below.record().is_some() || self.top.is_empty()) {
            return below;
        }
        let above = self.top.verify(token, now, requirement);
        if above.record().is_some() {
            above
        } else if shadowed {
            // Removed since the base was built.
            Verdict::Deny(Reason::Unknown, None)
        } else {
            below
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Expiration;
    use crate::verify::Requirement;
    use crate::{Format, SecretToken};

    fn minted(name: &str) -> (SecretToken, TokenRecord) {
        let t = SecretToken::generate(&Format::DEFAULT).unwrap();
        let r = TokenRecord::new(name, &t, &["repo"], Expiration::Never, 0).unwrap();
        (t, r)
    }

    fn json(r: &TokenRecord) -> String {
        serde_json::to_string(r).unwrap()
    }

    #[test]
    fn rows_are_validated_and_keyed() {
        let (_, r) = minted("ci");
        assert_eq!(decode_row(&r.fingerprint, &json(&r)).unwrap(), r);
        // Another record's key, an unknown key, a bad field, an over-long row: all refused.
        let (_, other) = minted("other");
        let e = decode_row(&other.fingerprint, &json(&r)).unwrap_err();
        assert!(e.error.starts_with("key_mismatch"), "{e:?}");
        let extra = json(&r).replacen('{', "{\"admin\":true,", 1);
        assert!(decode_row(&r.fingerprint, &extra).is_err());
        let bad_scope = json(&r).replace("\"repo\"", "\"root\"");
        assert!(decode_row(&r.fingerprint, &bad_scope).is_err());
        let long = format!("{}{}", json(&r), " ".repeat(MAX_ROW_BYTES));
        assert!(decode_row(&r.fingerprint, &long)
            .unwrap_err()
            .error
            .starts_with("row_too_long"));
    }

    #[test]
    fn a_bad_row_never_allows() {
        let (t, r) = minted("ci");
        let s = snapshot_from_rows(3, [(r.fingerprint.clone(), json(&r))]);
        let set = index(s).unwrap();
        let now = 1;
        assert!(set
            .verify(t.expose_secret(), now, &Requirement::none())
            .is_allowed());
        // The row is changed into something invalid: its token stops working.
        let broken = json(&r).replace("\"repo\"", "\"root\"");
        let delta = delta_from_rows(4, [(r.fingerprint.clone(), Some(broken.clone()))]);
        assert_eq!(delta.bad.len(), 1);
        let set = apply(&set, &delta.changes).unwrap();
        assert!(!set
            .verify(t.expose_secret(), now, &Requirement::none())
            .is_allowed());
        // Nor does a snapshot holding that row allow it.
        let s = snapshot_from_rows(4, [(r.fingerprint.clone(), broken)]);
        assert_eq!((s.records.len(), s.bad.len()), (0, 1));
    }

    #[test]
    fn layered_changes_match_a_rebuilt_index() {
        let none = Requirement::none();
        let minted: Vec<_> = (0..6).map(|i| minted(&format!("r{i}"))).collect();
        let base = RecordSet::new(minted[..4].iter().map(|(_, r)| r.clone()).collect()).unwrap();
        let layered = Layered::new(Arc::new(base));
        let changes = [
            Change::Remove(minted[0].1.fingerprint.clone()),
            Change::Put(Box::new(minted[1].1.clone().replaced(5))),
            Change::Put(Box::new(minted[4].1.clone())),
            Change::Remove(minted[2].1.fingerprint.clone()),
            Change::Put(Box::new(minted[2].1.clone())),
        ];
        // One at a time, as a verifier receives them.
        let mut l = layered;
        for c in &changes {
            l = l.with_changes(std::slice::from_ref(c)).unwrap();
        }
        let rebuilt = apply(
            &RecordSet::new(minted[..4].iter().map(|(_, r)| r.clone()).collect()).unwrap(),
            &changes,
        )
        .unwrap();
        let compacted = l.compact().unwrap();
        assert_eq!(l.len(), rebuilt.len());
        assert_eq!(compacted.len(), rebuilt.len());
        for (t, _) in &minted {
            let want = rebuilt.verify(t.expose_secret(), 6, &none);
            assert_eq!(
                l.verify(t.expose_secret(), 6, &none).reason(),
                want.reason()
            );
            assert_eq!(l.verify(t.expose_secret(), 6, &none).name(), want.name());
            assert_eq!(
                compacted.verify(t.expose_secret(), 6, &none).reason(),
                want.reason()
            );
        }
        // Removed (0), replaced (1), untouched (3), added (4), removed then added back (2),
        // never recorded (5).
        let reasons: Vec<_> = minted
            .iter()
            .map(|(t, _)| l.verify(t.expose_secret(), 6, &none).reason())
            .collect();
        assert_eq!(
            reasons,
            [
                Some(Reason::Unknown),
                Some(Reason::Replaced),
                None,
                None,
                None,
                Some(Reason::Unknown)
            ]
        );
    }

    #[test]
    fn changes_apply_in_order() {
        let (ta, a) = minted("a");
        let (tb, b) = minted("b");
        let none = Requirement::none();
        let set = index(snapshot_from_rows(1, [(a.fingerprint.clone(), json(&a))])).unwrap();
        let set = apply(
            &set,
            &[
                Change::Put(Box::new(b.clone())),
                Change::Remove(a.fingerprint.clone()),
                Change::Put(Box::new(b.clone().replaced(5))),
                Change::Remove("0".repeat(64)),
            ],
        )
        .unwrap();
        assert_eq!(set.len(), 1);
        assert!(!set.verify(ta.expose_secret(), 6, &none).is_allowed());
        // Replaced: refused, though its record is still there.
        assert!(!set.verify(tb.expose_secret(), 6, &none).is_allowed());
        let set = apply(&set, &[Change::Put(Box::new(b))]).unwrap();
        assert!(set.verify(tb.expose_secret(), 6, &none).is_allowed());
        assert_eq!(set.records().count(), 1);
    }
}
