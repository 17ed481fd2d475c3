//! The server half: a [`RecordSet`] built from token records (what an export file holds) and
//! [`RecordSet::verify`], which turns a presented token into a [`Verdict`] for a [`Requirement`].
//!
//! The order of the checks is fixed: the token's shape (and checksum, where its format has one)
//! before anything else, so garbage never costs a hash; then the SHA-256 fingerprint, looked
//! up by its first 8 bytes and compared in full in constant time; then the record's state
//! (replaced, expired); then the requirement. A verdict carries one [`Reason`] and the
//! record, never anything of the token.
//!
//! As on GitHub, where each endpoint names both the classic scope and the fine-grained
//! permission it needs, a requirement may name both. A classic token (and a custom-prefix one)
//! is held to the scopes, with GitHub's implications (`repo` grants `public_repo`), and to
//! the service's own custom scopes ([`crate::custom_scopes`]: `admin` ⊇ `write` ⊇ `read` ⊇
//! the bare name), which only a custom-prefix record can hold — so a requirement of both
//! kinds of scopes needs both, and a record's custom scopes never stand in for a GitHub
//! scope; a
//! fine-grained token to the permissions (`write` grants `read`) and the repositories (each must
//! be covered by its repository access: one of the selected repositories, or any repository of
//! its resource owner with "all"; "public" covers none, since a verifier cannot know whether a
//! repository is public). A requirement written for one kind only refuses tokens of the other
//! kind — a token is never let through because the operator did not think of its kind. An
//! empty requirement accepts any valid, current token.
//!
//! ```
//! use patmint::{Format, SecretToken, TokenRecord, record::Expiration};
//! use patmint::verify::{Reason, RecordSet, Requirement};
//! let token = SecretToken::generate(&Format::DEFAULT).unwrap();
//! let record = TokenRecord::new("ci", &token, &["repo"], Expiration::Days(30), 0).unwrap();
//! let set = RecordSet::new(vec![record]).unwrap();
//! let read = Requirement::parse(&["public_repo"], &[], &[]).unwrap();
//! assert_eq!(set.verify(token.expose_secret(), 60, &read).name(), Some("ci"));
//! let admin = Requirement::parse(&["admin:org"], &[], &[]).unwrap();
//! assert_eq!(set.verify(token.expose_secret(), 60, &admin).reason(), Some(Reason::InsufficientScope));
//! assert_eq!(set.verify("ghp_nope", 60, &read).reason(), Some(Reason::Malformed));
//! ```

use core::fmt;

use subtle::ConstantTimeEq;

use crate::custom_scopes;
use crate::date;
use crate::error::ErrorCode;
use crate::fingerprint;
use crate::format::Format;
use crate::permissions::{self, Group, Level};
use crate::record::{self, FineGrained, RecordFileError, RepositoryAccess, TokenRecord};
use crate::scopes;

/// Why a token was refused: one code for the operator's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Not a token of any accepted format (or its checksum is wrong); it was never hashed.
    Malformed,
    /// Well-formed, but no record has its fingerprint.
    Unknown,
    /// The record's expiry has passed.
    Expired,
    /// The record was replaced by a regenerated token.
    Replaced,
    /// A classic token without a required scope.
    InsufficientScope,
    /// A fine-grained token without a required permission (or level).
    InsufficientPermission,
    /// A fine-grained token whose repository access does not cover the repository asked for.
    RepositoryNotAllowed,
}

impl Reason {
    /// Every reason, in the order of the checks.
    pub const ALL: [Reason; 7] = [
        Reason::Malformed,
        Reason::Unknown,
        Reason::Expired,
        Reason::Replaced,
        Reason::InsufficientScope,
        Reason::InsufficientPermission,
        Reason::RepositoryNotAllowed,
    ];

    /// The stable code, e.g. `insufficient_scope`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Malformed => "malformed",
            Reason::Unknown => "unknown",
            Reason::Expired => "expired",
            Reason::Replaced => "replaced",
            Reason::InsufficientScope => "insufficient_scope",
            Reason::InsufficientPermission => "insufficient_permission",
            Reason::RepositoryNotAllowed => "repository_not_allowed",
        }
    }

    /// Whether the token itself is not (or no longer) a credential — HTTP 401 — rather than
    /// a valid credential without enough access — HTTP 403.
    pub fn is_unauthenticated(self) -> bool {
        matches!(
            self,
            Reason::Malformed | Reason::Unknown | Reason::Expired | Reason::Replaced
        )
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The outcome of [`RecordSet::verify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// The token is known, current and sufficient.
    Allow(&'a TokenRecord),
    /// Refused; the record is there when the token was known.
    Deny(Reason, Option<&'a TokenRecord>),
}

impl<'a> Verdict<'a> {
    /// Whether access is granted.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Verdict::Allow(_))
    }

    /// Why not, if refused.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Verdict::Allow(_) => None,
            Verdict::Deny(r, _) => Some(*r),
        }
    }

    /// The record the token matched, if any.
    pub fn record(&self) -> Option<&'a TokenRecord> {
        match self {
            Verdict::Allow(r) | Verdict::Deny(_, Some(r)) => Some(r),
            Verdict::Deny(_, None) => None,
        }
    }

    /// The matched record's name, if any.
    pub fn name(&self) -> Option<&'a str> {
        self.record().map(|r| r.name.as_str())
    }
}

/// Longest requirement list accepted (scopes, permissions or repositories), so that a header
/// cannot make one check arbitrarily expensive.
pub const MAX_REQUIREMENT_ITEMS: usize = 64;

// Scopes are deduplicated into the catalogue's ids, so their list is bounded by the catalogue;
// a catalogue that outgrew the bound would need a count in `Requirement::parse`, as the
// permissions and repositories have.
const _: () = assert!(scopes::CATALOGUE.len() <= MAX_REQUIREMENT_ITEMS);

/// What a request needs. Build it with [`Requirement::parse`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirement {
    scopes: Vec<&'static str>,
    /// `name[:level]` entries, valid, each name once at its highest level.
    custom_scopes: Vec<String>,
    permissions: Vec<(&'static str, Level)>,
    repositories: Vec<String>,
}

/// Why a requirement (from a header, a query or the command line) is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequirementError {
    /// A scope outside GitHub's classic catalogue (named: requirements are not secrets).
    UnknownScope(String),
    /// A custom scope that is not `name` or `name:level` (read, write or admin).
    InvalidCustomScope(String),
    /// Not `NAME:LEVEL` with a permission of GitHub's catalogue and `read` or `write`.
    InvalidPermission(String),
    /// Not `OWNER/NAME` as GitHub spells them.
    InvalidRepository(String),
    /// More than [`MAX_REQUIREMENT_ITEMS`] entries.
    TooMany,
}

impl ErrorCode for RequirementError {
    fn code(&self) -> &'static str {
        match self {
            RequirementError::UnknownScope(_) => "unknown_scope",
            RequirementError::InvalidCustomScope(_) => "invalid_custom_scope",
            RequirementError::InvalidPermission(_) => "invalid_permission",
            RequirementError::InvalidRepository(_) => "invalid_repository",
            RequirementError::TooMany => "too_many",
        }
    }
}

impl fmt::Display for RequirementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequirementError::UnknownScope(s) => {
                write!(f, "unknown scope in the requirement: {}", Shown(s))
            }
            RequirementError::InvalidCustomScope(s) => write!(
                f,
                "invalid custom scope in the requirement (expected NAME or NAME:LEVEL, a name \
                 of a-z, 0-9, '.', '-' or '_' starting with a letter, a level of read, write \
                 or admin): {}",
                Shown(s)
            ),
            RequirementError::InvalidPermission(s) => write!(
                f,
                "invalid permission in the requirement (expected NAME:read or NAME:write with \
                 a permission id of GitHub's catalogue, e.g. contents:read): {}",
                Shown(s)
            ),
            RequirementError::InvalidRepository(s) => write!(
                f,
                "invalid repository in the requirement (expected OWNER/NAME, the name without \
                 '.git' at the end): {}",
                Shown(s)
            ),
            RequirementError::TooMany => write!(
                f,
                "too many entries in the requirement (at most {MAX_REQUIREMENT_ITEMS} of each kind)"
            ),
        }
    }
}

impl std::error::Error for RequirementError {}

/// A requirement's value, shown in an error only when it cannot be a secret: at most 40
/// characters of lowercase letters and `:_-./` — every scope and permission id, and no random
/// part of a token (base62: a 30-character run without a digit or a capital letter has a
/// chance of about 10⁻¹²). Anything else, a token pasted into the wrong place or one riding
/// in a request's path, is described, never repeated into a log.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let harmless = s.len() <= 40
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b":_-./".contains(&b));
        if harmless {
            write!(f, "{s:?}")
        } else {
            write!(f, "(a value of {} bytes, not shown)", s.len())
        }
    }
}

/// Splits comma-separated lists, trimming spaces and dropping empty entries.
fn items<S: AsRef<str>>(lists: &[S]) -> impl Iterator<Item = &str> {
    lists
        .iter()
        .flat_map(|l| l.as_ref().split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Requirement {
    /// Nothing required: any valid, current token.
    pub fn none() -> Requirement {
        Requirement::default()
    }

    /// From comma-separated lists (each argument may hold several lists, e.g. repeated
    /// headers): classic scopes, fine-grained permissions `NAME:LEVEL`, repositories
    /// `OWNER/NAME`.
    pub fn parse<S: AsRef<str>>(
        scopes: &[S],
        permissions: &[S],
        repositories: &[S],
    ) -> Result<Requirement, RequirementError> {
        let mut req = Requirement::default();
        for s in items(scopes) {
            let scope = scopes::find(s)
                .ok_or_else(|| RequirementError::UnknownScope(s.to_owned()))?
                .id;
            // Deduplicated: at most the catalogue, within the bound (asserted at compile time).
            if !req.scopes.contains(&scope) {
                req.scopes.push(scope);
            }
        }
        for p in items(permissions) {
            let invalid = || RequirementError::InvalidPermission(p.to_owned());
            let (id, level) = p.split_once(':').ok_or_else(invalid)?;
            let id = permissions::find(id.trim()).ok_or_else(invalid)?.id;
            let level = Level::parse(level.trim()).ok_or_else(invalid)?;
            // The stronger of two mentions of one permission.
            match req.permissions.iter_mut().find(|(known, _)| *known == id) {
                Some(entry) => entry.1 = entry.1.max(level),
                None => req.permissions.push((id, level)),
            }
            if req.permissions.len() > MAX_REQUIREMENT_ITEMS {
                return Err(RequirementError::TooMany);
            }
        }
        for r in items(repositories) {
            let valid = r
                .split_once('/')
                .is_some_and(|(o, n)| record::is_login(o) && record::is_repository_name(n));
            if !valid {
                return Err(RequirementError::InvalidRepository(r.to_owned()));
            }
            if !req.repositories.iter().any(|k| k.eq_ignore_ascii_case(r)) {
                req.repositories.push(r.to_owned());
            }
            if req.repositories.len() > MAX_REQUIREMENT_ITEMS {
                return Err(RequirementError::TooMany);
            }
        }
        Ok(req)
    }

    /// This requirement, also needing the service's own custom scopes `name[:level]` (from
    /// comma-separated lists, as [`Requirement::parse`] reads its own; at most
    /// [`custom_scopes::MAX_COUNT`] names, as a record holds): only a custom-prefix record that
    /// holds them all passes; a fine-grained token is held to the permissions.
    ///
    /// ```
    /// use patmint::verify::Requirement;
    /// let r = Requirement::parse(&["repo"], &[], &[]).unwrap();
    /// let r = r.with_custom_scopes(&["deploy, packages:write"]).unwrap();
    /// assert_eq!(r.custom_scopes(), ["deploy", "packages:write"]);
    /// assert!(Requirement::none().with_custom_scopes(&["Deploy"]).is_err());
    /// ```
    pub fn with_custom_scopes<S: AsRef<str>>(
        mut self,
        lists: &[S],
    ) -> Result<Requirement, RequirementError> {
        for entry in items(lists) {
            custom_scopes::add(&mut self.custom_scopes, entry, 0).map_err(|e| match e {
                crate::error::AccessError::InvalidCustomScope { .. } => {
                    RequirementError::InvalidCustomScope(entry.to_owned())
                }
                _ => RequirementError::TooMany,
            })?;
        }
        Ok(self)
    }

    /// Whether nothing is required beyond a valid token.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty() && self.custom_scopes.is_empty() && !self.is_fine_grained()
    }

    fn is_fine_grained(&self) -> bool {
        !self.permissions.is_empty() || !self.repositories.is_empty()
    }

    /// The required classic scopes.
    pub fn scopes(&self) -> &[&'static str] {
        &self.scopes
    }

    /// The required custom scopes, `name[:level]`.
    pub fn custom_scopes(&self) -> &[String] {
        &self.custom_scopes
    }

    /// The required fine-grained permissions.
    pub fn permissions(&self) -> &[(&'static str, Level)] {
        &self.permissions
    }

    /// The repositories (`owner/name`) the token must reach.
    pub fn repositories(&self) -> &[String] {
        &self.repositories
    }

    fn check(&self, record: &TokenRecord) -> Result<(), Reason> {
        if self.is_empty() {
            return Ok(());
        }
        match (record.scopes(), record.fine_grained()) {
            (Some(granted), _) => {
                // A requirement without scopes of either kind was written for fine-grained
                // tokens only.
                let custom = record.custom_scopes();
                let enough = !(self.scopes.is_empty() && self.custom_scopes.is_empty())
                    && self.scopes.iter().all(|s| scopes::allows(granted, s))
                    && self
                        .custom_scopes
                        .iter()
                        .all(|s| custom_scopes::allows(custom, s));
                enough.then_some(()).ok_or(Reason::InsufficientScope)
            }
            (None, Some(fine)) => self.check_fine_grained(fine),
            (None, None) => Err(Reason::InsufficientScope),
        }
    }

    fn check_fine_grained(&self, fine: &FineGrained) -> Result<(), Reason> {
        if !self.is_fine_grained() {
            // Written for classic tokens only.
            return Err(Reason::InsufficientPermission);
        }
        // A repository permission applies to some repository: unnamed, no repository access
        // can be shown to cover it, so the request is refused rather than let through as if
        // unrestricted (a proxy that could not tell the repository omits it).
        if self.repositories.is_empty()
            && self
                .permissions
                .iter()
                .any(|&(id, _)| permissions::find(id).is_some_and(|p| p.group == Group::Repository))
        {
            return Err(Reason::RepositoryNotAllowed);
        }
        for repo in &self.repositories {
            let covered = match &fine.repository_access {
                RepositoryAccess::Selected(list) => {
                    list.iter().any(|r| r.eq_ignore_ascii_case(repo))
                }
                RepositoryAccess::All => repo
                    .split_once('/')
                    .is_some_and(|(owner, _)| owner.eq_ignore_ascii_case(&fine.resource_owner)),
                RepositoryAccess::Public => false,
            };
            if !covered {
                return Err(Reason::RepositoryNotAllowed);
            }
        }
        if self
            .permissions
            .iter()
            .all(|&(id, level)| fine.allows(id, level))
        {
            Ok(())
        } else {
            Err(Reason::InsufficientPermission)
        }
    }
}

/// What verifying needs of a record, decoded once. Kept beside the records (not around
/// them), so that building a set never holds two copies of a million records.
struct Entry {
    format: Format,
    expires_at: Option<i64>,
}

/// Records indexed by fingerprint, ready to verify tokens against.
#[derive(Default)]
pub struct RecordSet {
    records: Vec<TokenRecord>,
    /// `digests[i]` and `entries[i]` are what verifying needs of `records[i]`.
    digests: Vec<[u8; 32]>,
    entries: Vec<Entry>,
    /// (first 8 bytes of the digest, entry index), sorted by key, then digest, then index:
    /// the lookup key. The full digest is then compared in constant time.
    index: Vec<(u64, u32)>,
    /// The custom formats of the records, so their tokens pass the shape check.
    custom: Vec<Format>,
}

impl fmt::Debug for RecordSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecordSet({} records)", self.entries.len())
    }
}

fn key(digest: &[u8; 32]) -> u64 {
    let mut k = [0u8; 8];
    k.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(k)
}

/// The index of digests for looking them up: `(first 8 bytes, position)` sorted by key, then
/// digest, then position, so that equal digests are neighbours (the earlier first) even among
/// colliding keys; and the first position (in list order) whose digest an earlier one has.
/// O(n log n). One function for [`RecordSet::new`] and the export file's duplicate check
/// (`ExportFile::parse`), so that the verifier's wasm carries one sort.
pub(crate) fn index_digests(digests: &[[u8; 32]]) -> (Vec<(u64, u32)>, Option<usize>) {
    let mut index: Vec<(u64, u32)> = digests
        .iter()
        .enumerate()
        .map(|(i, d)| (key(d), i as u32))
        .collect();
    index.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| digests[a.1 as usize].cmp(&digests[b.1 as usize]))
            .then(a.1.cmp(&b.1))
    });
    let duplicate = index
        .windows(2)
        .filter(|w| digests[w[0].1 as usize] == digests[w[1].1 as usize])
        .map(|w| w[1].1 as usize)
        .min();
    (index, duplicate)
}

/// The 32 bytes of a fingerprint (64 lowercase hex characters).
pub(crate) fn decode_fingerprint(hex: &str) -> Option<[u8; 32]> {
    let b = hex.as_bytes();
    if b.len() != fingerprint::HEX_LEN || !b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
    {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        let nibble = |c: u8| if c <= b'9' { c - b'0' } else { c - b'a' + 10 };
        *o = nibble(pair[0]) << 4 | nibble(pair[1]);
    }
    Some(out)
}

impl RecordSet {
    /// Indexes `records`, refusing the whole list if one is unusable: a fingerprint that is
    /// not 64 lowercase hex, an unknown format, an unreadable expiry, or a fingerprint that
    /// appears twice (which record would decide?). O(n log n); the error names the first
    /// unusable record, else the first that repeats an earlier record's fingerprint.
    pub fn new(records: Vec<TokenRecord>) -> Result<RecordSet, RecordFileError> {
        let bad = |i: usize, code: &'static str, reason: &str| RecordFileError {
            index: Some(i),
            code,
            reason: reason.to_owned(),
        };
        if records.len() > u32::MAX as usize {
            return Err(RecordFileError {
                index: None,
                code: "too_many_records",
                reason: "too many records".into(),
            });
        }
        let mut entries = Vec::with_capacity(records.len());
        let mut digests = Vec::with_capacity(records.len());
        let mut custom: Vec<Format> = Vec::new();
        for (i, record) in records.iter().enumerate() {
            let digest = decode_fingerprint(&record.fingerprint).ok_or_else(|| {
                bad(
                    i,
                    "invalid_fingerprint",
                    "the fingerprint is not 64 lowercase hex characters",
                )
            })?;
            let format = Format::parse(&record.format)
                .map_err(|e| bad(i, "invalid_format", &format!("format: {e}")))?;
            let expires_at =
                match &record.expires_at {
                    None => None,
                    Some(s) => Some(date::parse(s).ok_or_else(|| {
                        bad(i, "invalid_date", "expiresAt is not an RFC 3339 time")
                    })?),
                };
            if matches!(format, Format::Custom(_))
                && !custom.iter().any(|c| c.prefix() == format.prefix())
            {
                custom.push(format.clone());
            }
            digests.push(digest);
            entries.push(Entry { format, expires_at });
        }
        let (index, duplicate) = index_digests(&digests);
        if let Some(i) = duplicate {
            return Err(bad(
                i,
                "duplicate_fingerprint",
                "the same fingerprint as another record",
            ));
        }
        Ok(RecordSet {
            records,
            digests,
            entries,
            index,
            custom,
        })
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The records, in their original order.
    pub fn records(&self) -> impl Iterator<Item = &TokenRecord> {
        self.records.iter()
    }

    /// The records, in their original order, given back (e.g. to add one and write them).
    pub fn into_records(self) -> Vec<TokenRecord> {
        self.records
    }

    /// Whether a record has this fingerprint (64 lowercase hex; anything else: no).
    pub fn contains(&self, fingerprint: &str) -> bool {
        let Some(digest) = decode_fingerprint(fingerprint) else {
            return false;
        };
        let k = key(&digest);
        let start = self.index.partition_point(|&(x, _)| x < k);
        self.index[start..]
            .iter()
            .take_while(|&&(x, _)| x == k)
            .any(|&(_, i)| self.digests[i as usize] == digest)
    }

    /// Verifies `token` at `now` (Unix seconds) against `requirement`.
    pub fn verify(&self, token: &str, now: i64, requirement: &Requirement) -> Verdict<'_> {
        let Ok(info) = crate::check_with(token, &self.custom) else {
            return Verdict::Deny(Reason::Malformed, None);
        };
        let digest = fingerprint::digest(token);
        let k = key(&digest);
        let start = self.index.partition_point(|&(x, _)| x < k);
        let mut found = None;
        // Every candidate with the same 8-byte key (almost always none or one).
        for &(_, i) in self.index[start..].iter().take_while(|&&(x, _)| x == k) {
            let i = i as usize;
            if bool::from(self.digests[i].ct_eq(&digest)) {
                found = Some((&self.entries[i], &self.records[i]));
            }
        }
        let Some((entry, record)) = found else {
            return Verdict::Deny(Reason::Unknown, None);
        };
        // Defence in depth: a record whose format is not the token's is inconsistent.
        if entry.format.prefix() != info.format.prefix() {
            return Verdict::Deny(Reason::Unknown, None);
        }
        if record.is_replaced() {
            return Verdict::Deny(Reason::Replaced, Some(record));
        }
        if entry.expires_at.is_some_and(|t| now >= t) {
            return Verdict::Deny(Reason::Expired, Some(record));
        }
        match requirement.check(record) {
            Ok(()) => Verdict::Allow(record),
            Err(reason) => Verdict::Deny(reason, Some(record)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Expiration;
    use crate::SecretToken;

    const NOW: i64 = 1_795_472_000;

    fn minted(format: &str, scopes: &[&str], exp: Expiration) -> (SecretToken, TokenRecord) {
        let t = SecretToken::generate(&Format::parse(format).unwrap()).unwrap();
        let r = TokenRecord::new("n", &t, scopes, exp, NOW).unwrap();
        (t, r)
    }

    fn req(scopes: &[&str]) -> Requirement {
        Requirement::parse(scopes, &[], &[]).unwrap()
    }

    #[test]
    fn classic_scopes_follow_github_implications() {
        let (t, r) = minted("ghp", &["repo", "admin:org"], Expiration::Days(7));
        let set = RecordSet::new(vec![r]).unwrap();
        let t = t.expose_secret();
        for ok in [
            &["repo"][..],
            &["public_repo"],
            &["repo:status", "read:org"],
            &["write:org"],
            &[],
        ] {
            assert!(set.verify(t, NOW, &req(ok)).is_allowed(), "{ok:?}");
        }
        for no in [&["workflow"][..], &["repo", "gist"], &["delete_repo"]] {
            assert_eq!(
                set.verify(t, NOW, &req(no)).reason(),
                Some(Reason::InsufficientScope)
            );
        }
        let narrow = minted("ghp", &["public_repo"], Expiration::Never);
        let set = RecordSet::new(vec![narrow.1]).unwrap();
        assert_eq!(
            set.verify(narrow.0.expose_secret(), NOW, &req(&["repo"]))
                .reason(),
            Some(Reason::InsufficientScope)
        );
    }

    #[test]
    fn reasons_in_order() {
        let (t, r) = minted("ghp", &["gist"], Expiration::Days(7));
        let set = RecordSet::new(vec![r]).unwrap();
        let s = t.expose_secret();
        let none = Requirement::none();
        assert_eq!(set.verify(s, NOW, &none).name(), Some("n"));
        // The last moment before expiry, and the expiry itself.
        let exp = NOW + 7 * date::DAY;
        assert!(set.verify(s, exp - 1, &none).is_allowed());
        let v = set.verify(s, exp, &none);
        assert_eq!(v.reason(), Some(Reason::Expired));
        assert_eq!(v.name(), Some("n"));
        // One character changed: the checksum catches it before any hashing.
        let mut changed = s.to_owned().into_bytes();
        changed[10] = if changed[10] == b'a' { b'b' } else { b'a' };
        let changed = String::from_utf8(changed).unwrap();
        assert_eq!(
            set.verify(&changed, NOW, &none),
            Verdict::Deny(Reason::Malformed, None)
        );
        // A valid token nobody recorded.
        let other = SecretToken::generate(&Format::DEFAULT).unwrap();
        assert_eq!(
            set.verify(other.expose_secret(), NOW, &none),
            Verdict::Deny(Reason::Unknown, None)
        );
        for junk in ["", "x", &"a".repeat(10_000), "ghp_", "Bearer ghp_x"] {
            assert_eq!(
                set.verify(junk, NOW, &none).reason(),
                Some(Reason::Malformed)
            );
        }
    }

    /// A custom-prefix token with GitHub's `scopes` and the service's own `custom`.
    fn custom(scopes: &[&str], custom: &[&str]) -> (SecretToken, TokenRecord) {
        let format = Format::parse("custom:acme").unwrap();
        let request = crate::record::MintRequest {
            name: "svc".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            custom_scopes: custom.iter().map(|s| s.to_string()).collect(),
            expiration: Expiration::Days(30),
            ..Default::default()
        };
        let draft = crate::record::RecordDraft::for_format(&format, request, NOW).unwrap();
        let t = SecretToken::generate(&format).unwrap();
        let r = draft.finish(&t).unwrap();
        (t, r)
    }

    fn with_custom(scopes: &[&str], custom: &[&str]) -> Requirement {
        req(scopes).with_custom_scopes(custom).unwrap()
    }

    #[test]
    fn custom_scopes_are_the_services_own_and_never_stand_in_for_githubs() {
        let (t, r) = custom(&["gist"], &["deploy", "packages:write"]);
        let (g, plain) = minted("ghp", &["repo"], Expiration::Never);
        let (f, fine) = fine("all", &[], &[("contents", "read")]);
        let set = RecordSet::new(vec![r, plain, fine]).unwrap();
        let (t, g, f) = (t.expose_secret(), g.expose_secret(), f.expose_secret());
        for ok in [
            with_custom(&[], &["deploy"]),
            with_custom(&[], &["packages:read, packages"]),
            with_custom(&["gist"], &["packages:write", "deploy"]),
            with_custom(&[], &[]),
            req(&["gist"]),
        ] {
            assert!(set.verify(t, NOW, &ok).is_allowed(), "{ok:?}");
        }
        for no in [
            // A level nobody gave, a name nobody gave.
            with_custom(&[], &["deploy:read"]),
            with_custom(&[], &["packages:admin"]),
            with_custom(&[], &["pack"]),
            // GitHub's scopes are still GitHub's: custom ones never satisfy them.
            with_custom(&["repo"], &["deploy"]),
            req(&["repo"]),
            // Written for fine-grained tokens only.
            need(&[], &["contents:read"], &["acme/x"]),
        ] {
            assert_eq!(
                set.verify(t, NOW, &no).reason(),
                Some(Reason::InsufficientScope),
                "{no:?}"
            );
        }
        // A GitHub token has no custom scopes; a fine-grained one is held to its permissions.
        assert_eq!(
            set.verify(g, NOW, &with_custom(&["repo"], &["deploy"]))
                .reason(),
            Some(Reason::InsufficientScope)
        );
        assert!(set.verify(g, NOW, &req(&["repo"])).is_allowed());
        assert_eq!(
            set.verify(f, NOW, &with_custom(&[], &["deploy"])).reason(),
            Some(Reason::InsufficientPermission)
        );
        let both = need(&[], &["contents:read"], &["acme/x"])
            .with_custom_scopes(&["deploy"])
            .unwrap();
        assert!(set.verify(f, NOW, &both).is_allowed());
        assert!(set.verify(t, NOW, &both).is_allowed());
    }

    #[test]
    fn custom_scope_requirements_are_checked_and_bounded() {
        let r = with_custom(
            &[],
            &["deploy, packages:read", "packages:write", "packages"],
        );
        assert_eq!(r.custom_scopes(), ["deploy", "packages:write"]);
        assert!(!r.is_empty());
        for bad in ["Deploy", "deploy:owner", "read:org", "a b", ":read"] {
            assert_eq!(
                Requirement::none().with_custom_scopes(&[bad]),
                Err(RequirementError::InvalidCustomScope(bad.to_owned()))
            );
        }
        let e = Requirement::none().with_custom_scopes(&["X1"]).unwrap_err();
        assert_eq!(e.code(), "invalid_custom_scope");
        let token = SecretToken::generate(&Format::DEFAULT).unwrap();
        let e = Requirement::none()
            .with_custom_scopes(&[token.expose_secret()])
            .unwrap_err();
        assert!(!e.to_string().contains(&token.expose_secret()[4..]));
        let many: Vec<String> = (0..=custom_scopes::MAX_COUNT)
            .map(|i| format!("s{i}"))
            .collect();
        assert_eq!(
            Requirement::none().with_custom_scopes(&many),
            Err(RequirementError::TooMany)
        );
        assert!(Requirement::none()
            .with_custom_scopes(&many[..custom_scopes::MAX_COUNT])
            .is_ok());
    }

    #[test]
    fn custom_prefixes_of_the_records_are_accepted() {
        let (t, r) = minted("custom:acme:40", &[], Expiration::Never);
        let set = RecordSet::new(vec![r]).unwrap();
        assert!(set
            .verify(t.expose_secret(), NOW, &Requirement::none())
            .is_allowed());
        let empty = RecordSet::new(vec![]).unwrap();
        assert_eq!(
            empty
                .verify(t.expose_secret(), NOW, &Requirement::none())
                .reason(),
            Some(Reason::Malformed)
        );
    }

    #[test]
    fn many_records_each_found() {
        let mut tokens = Vec::new();
        let mut records = Vec::new();
        for i in 0..300 {
            let (t, mut r) = minted("ghp", &["repo"], Expiration::Never);
            r.name = format!("r{i}");
            tokens.push(t);
            records.push(r);
        }
        let set = RecordSet::new(records).unwrap();
        assert_eq!(set.len(), 300);
        for (i, t) in tokens.iter().enumerate() {
            let name = format!("r{i}");
            assert_eq!(
                set.verify(t.expose_secret(), NOW, &Requirement::none())
                    .name(),
                Some(name.as_str())
            );
        }
    }

    #[test]
    fn bad_records_refuse_the_whole_set() {
        let (_, r) = minted("ghp", &[], Expiration::Never);
        let mut upper = r.clone();
        upper.fingerprint = upper.fingerprint.to_uppercase();
        let mut date = r.clone();
        date.expires_at = Some("soon".into());
        let mut format = r.clone();
        format.format = "xyz".into();
        for (bad, reason) in [
            (vec![r.clone(), upper], "fingerprint"),
            (vec![r.clone(), date], "expiresAt"),
            (vec![r.clone(), format], "format"),
            (vec![r.clone(), r.clone()], "same fingerprint"),
        ] {
            let e = RecordSet::new(bad).unwrap_err();
            assert!(!e.code.is_empty());
            assert_eq!(e.index, Some(1));
            assert!(e.to_string().contains(reason), "{e}");
        }
    }

    #[test]
    fn duplicates_are_found_among_colliding_keys() {
        // Three fingerprints with the same first 8 bytes (the lookup key): the first and the
        // third are equal, another record sorts between them.
        let (_, r) = minted("ghp", &["repo"], Expiration::Never);
        let with = |tail: char| {
            let mut r = r.clone();
            r.fingerprint = format!("{}{}", "0".repeat(16), tail.to_string().repeat(48));
            r
        };
        let e = RecordSet::new(vec![with('a'), with('1'), with('a')]).unwrap_err();
        assert_eq!((e.index, e.code), (Some(2), "duplicate_fingerprint"));
        // The first record (in list order) that repeats an earlier one is named.
        let e = RecordSet::new(vec![with('b'), with('c'), with('a'), with('c'), with('b')])
            .unwrap_err();
        assert_eq!(e.index, Some(3));
        let many: Vec<TokenRecord> = (0..20_000)
            .map(|i| {
                let mut r = r.clone();
                r.fingerprint = format!("{:064x}", i * 7919 % 20_000);
                r
            })
            .collect();
        let mut dup = many.clone();
        dup[12_345].fingerprint = dup[42].fingerprint.clone();
        assert_eq!(RecordSet::new(many).unwrap().len(), 20_000);
        assert_eq!(RecordSet::new(dup).unwrap_err().index, Some(12_345));
    }

    #[test]
    fn requirement_errors_never_echo_a_token() {
        let t = SecretToken::generate(&Format::DEFAULT).unwrap();
        let e = Requirement::parse(&[t.expose_secret()], &[], &[]).unwrap_err();
        assert!(!e.to_string().contains(&t.expose_secret()[4..]));
        let e = Requirement::parse(&["repo, nope"], &[], &[]).unwrap_err();
        assert_eq!(e.to_string(), "unknown scope in the requirement: \"nope\"");
        // Values that are not exactly a token, and custom-prefix tokens, are not shown either.
        let fine = SecretToken::generate(&Format::FineGrained).unwrap();
        let custom = SecretToken::generate(&Format::parse("custom:acme").unwrap()).unwrap();
        let (t, f, c) = (
            t.expose_secret(),
            fine.expose_secret(),
            custom.expose_secret(),
        );
        for value in [
            format!("Bearer {t}"),
            format!("{t}x"),
            format!("{t}:read"),
            format!("x{}", &t[1..]),
            t[4..].to_owned(),
            c.to_owned(),
            format!("{f}:read"),
        ] {
            for e in [
                Requirement::parse(&[value.as_str()], &[], &[]).unwrap_err(),
                Requirement::parse(&[""], &[value.as_str()], &[]).unwrap_err(),
                Requirement::parse(&[""], &[""], &[value.as_str()]).unwrap_err(),
                Requirement::parse(&[""], &[""], &[format!("acme/{value}/x").as_str()])
                    .unwrap_err(),
            ] {
                let shown = e.to_string();
                for secret in [t, f, c] {
                    for w in secret.as_bytes().windows(12) {
                        let w = std::str::from_utf8(w).unwrap();
                        assert!(!shown.contains(w), "{shown}");
                    }
                }
            }
        }
        let many = vec!["repo"; 1000].join(",");
        assert!(Requirement::parse(&[many.as_str()], &[], &[]).is_ok());
        let all: Vec<&str> = scopes::CATALOGUE.iter().map(|s| s.id).collect();
        assert!(Requirement::parse(&all, &[], &[]).is_ok());
    }

    fn fine(access: &str, repos: &[&str], perms: &[(&str, &str)]) -> (SecretToken, TokenRecord) {
        let request = crate::record::FineGrainedRequest {
            resource_owner: "acme".into(),
            repository_access: access.into(),
            repositories: repos.iter().map(|r| r.to_string()).collect(),
            permissions: perms
                .iter()
                .map(|(p, l)| (p.to_string(), l.to_string()))
                .collect(),
            ..Default::default()
        };
        let draft =
            crate::record::RecordDraft::fine_grained("fg", &request, Expiration::Days(30), NOW)
                .unwrap();
        let t = SecretToken::generate(&Format::FineGrained).unwrap();
        let r = draft.finish(&t).unwrap();
        (t, r)
    }

    fn need(scopes: &[&str], perms: &[&str], repos: &[&str]) -> Requirement {
        Requirement::parse(scopes, perms, repos).unwrap()
    }

    #[test]
    fn fine_grained_permissions_and_repositories() {
        let (read, r1) = fine("selected", &["acme/widgets"], &[("contents", "read")]);
        let (write, r2) = fine(
            "selected",
            &["Acme/Widgets", "acme/b"],
            &[("contents", "write")],
        );
        let (all, r3) = fine("all", &[], &[("contents", "read"), ("issues", "write")]);
        let (public, r4) = fine("public", &[], &[]);
        let set = RecordSet::new(vec![r1, r2, r3, r4]).unwrap();
        let v =
            |t: &SecretToken, req: &Requirement| set.verify(t.expose_secret(), NOW, req).reason();
        let clone = need(&["repo"], &["contents:read"], &["acme/widgets"]);
        let push = need(&["repo"], &["contents:write"], &["acme/widgets"]);
        assert_eq!(v(&read, &clone), None);
        assert_eq!(v(&read, &push), Some(Reason::InsufficientPermission));
        assert_eq!(
            v(&write, &clone),
            None,
            "write grants read; names ignore case"
        );
        assert_eq!(v(&write, &push), None);
        assert_eq!(v(&all, &clone), None);
        assert_eq!(v(&all, &push), Some(Reason::InsufficientPermission));
        // metadata:read is added as GitHub adds it.
        assert_eq!(
            v(&read, &need(&[], &["metadata:read"], &["acme/widgets"])),
            None
        );
        // A repository permission without a repository: no token's access can be shown to
        // cover it, whatever its repository access (a proxy that lost the repository).
        for t in [&read, &write, &all, &public] {
            for p in ["metadata:read", "contents:read"] {
                assert_eq!(
                    v(t, &need(&[], &[p], &[])),
                    Some(Reason::RepositoryNotAllowed),
                    "{p}"
                );
            }
        }
        // Account and organization permissions name no repository.
        let (member, r5) = fine("all", &[], &[("members", "read")]);
        let set = RecordSet::new(vec![r5]).unwrap();
        let need_members = need(&[], &["members:read"], &[]);
        assert_eq!(
            set.verify(member.expose_secret(), NOW, &need_members)
                .reason(),
            None
        );
        let elsewhere = need(&[], &["contents:read"], &["acme/other"]);
        assert_eq!(v(&read, &elsewhere), Some(Reason::RepositoryNotAllowed));
        assert_eq!(
            v(&all, &elsewhere),
            None,
            "all: any repository of the owner"
        );
        let foreign = need(&[], &["contents:read"], &["octo/widgets"]);
        assert_eq!(v(&all, &foreign), Some(Reason::RepositoryNotAllowed));
        assert_eq!(v(&public, &clone), Some(Reason::RepositoryNotAllowed));
        // A requirement for one kind refuses the other kind.
        assert_eq!(
            v(&read, &need(&["repo"], &[], &[])),
            Some(Reason::InsufficientPermission)
        );
        let (classic, rc) = minted("ghp", &["repo"], Expiration::Never);
        let set2 = RecordSet::new(vec![rc]).unwrap();
        let c = |req: &Requirement| set2.verify(classic.expose_secret(), NOW, req).reason();
        assert_eq!(c(&clone), None);
        assert_eq!(
            c(&need(&[], &["contents:read"], &[])),
            Some(Reason::InsufficientScope)
        );
        assert_eq!(
            c(&need(&[], &[], &["acme/widgets"])),
            Some(Reason::InsufficientScope)
        );
        assert_eq!(c(&Requirement::none()), None);
        assert_eq!(v(&public, &Requirement::none()), None);
    }

    #[test]
    fn replaced_records_are_refused() {
        let (t, r) = minted("ghp", &["repo"], Expiration::Never);
        let set = RecordSet::new(vec![r.replaced(NOW)]).unwrap();
        let v = set.verify(t.expose_secret(), NOW, &Requirement::none());
        assert_eq!(v.reason(), Some(Reason::Replaced));
        assert_eq!(v.name(), Some("n"));
    }

    #[test]
    fn permission_and_repository_syntax() {
        let r = need(
            &[],
            &["contents:read, contents:write", "issues:read"],
            &["a/b", "A/B"],
        );
        assert_eq!(
            r.permissions(),
            [("contents", Level::Write), ("issues", Level::Read)]
        );
        assert_eq!(r.repositories(), ["a/b"]);
        for bad in ["contents", "contents:admin", "nope:read", ":read"] {
            assert_eq!(
                Requirement::parse(&[""], &[bad], &[""]).unwrap_err().code(),
                "invalid_permission",
                "{bad}"
            );
        }
        // `a/b.git`: what the docs' proxies send for `/a/b.git.git/` only (they strip one
        // `.git`); no record can name it, so the requirement is refused, not left unmatched.
        for bad in [
            "widgets", "a/", "/b", "a/b/c", "-a/b", "a/..", "a/b.git", "a/.GIT",
        ] {
            assert_eq!(
                Requirement::parse(&[""], &[""], &[bad]).unwrap_err().code(),
                "invalid_repository",
                "{bad}"
            );
        }
    }

    #[test]
    fn reason_codes_and_statuses() {
        let codes: Vec<_> = Reason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                "malformed",
                "unknown",
                "expired",
                "replaced",
                "insufficient_scope",
                "insufficient_permission",
                "repository_not_allowed"
            ]
        );
        let unauth: Vec<_> = Reason::ALL
            .iter()
            .filter(|r| r.is_unauthenticated())
            .collect();
        assert_eq!(unauth.len(), 4);
    }

    #[test]
    fn requirement_lists_hold_at_most_max_items_of_each_kind() {
        let ids: Vec<String> = permissions::CATALOGUE
            .iter()
            .map(|p| format!("{}:read", p.id))
            .collect();
        let repos: Vec<String> = (0..=MAX_REQUIREMENT_ITEMS)
            .map(|i| format!("acme/r{i}"))
            .collect();
        let (at_most, over) = (MAX_REQUIREMENT_ITEMS, MAX_REQUIREMENT_ITEMS + 1);
        let ok = Requirement::parse(&[], &ids[..at_most], &[]).unwrap();
        assert_eq!(ok.permissions().len(), at_most);
        let e = Requirement::parse(&[], &ids[..over], &[]).unwrap_err();
        assert_eq!(e, RequirementError::TooMany);
        assert_eq!(
            e.to_string(),
            "too many entries in the requirement (at most 64 of each kind)"
        );
        let ok = Requirement::parse(&[], &[], &repos[..at_most]).unwrap();
        assert_eq!(ok.repositories().len(), at_most);
        let e = Requirement::parse(&[], &[], &repos[..over]).unwrap_err();
        assert_eq!(e, RequirementError::TooMany);
        // Repeats are one entry: the bound is on what a check has to do.
        let again = vec!["contents:read"; over];
        assert_eq!(need(&[], &again, &[]).permissions().len(), 1);
        // Scopes: every one of the catalogue at once is within the bound (asserted at compile
        // time), and repeats are one entry.
        let all: Vec<&str> = scopes::CATALOGUE.iter().map(|s| s.id).collect();
        assert_eq!(need(&all, &[], &[]).scopes(), all);
        assert_eq!(
            need(&["gist, repo", "gist"], &[], &[]).scopes(),
            ["gist", "repo"]
        );
    }

    #[test]
    fn requirement_values_are_shown_only_when_short_and_plain() {
        let shown = |v: &str| {
            Requirement::parse(&[v], &[], &[])
                .unwrap_err()
                .to_string()
                .strip_prefix("unknown scope in the requirement: ")
                .unwrap()
                .to_owned()
        };
        let forty = "a".repeat(40);
        assert_eq!(shown(&forty), format!("\"{forty}\""));
        assert_eq!(shown("read:a_b-c.d/e"), "\"read:a_b-c.d/e\"");
        let forty_one = "a".repeat(41);
        assert_eq!(shown(&forty_one), "(a value of 41 bytes, not shown)");
        for hidden in ["Nope", "nope1", "no pe", "nopé"] {
            assert_eq!(
                shown(hidden),
                format!("(a value of {} bytes, not shown)", hidden.len()),
                "{hidden}"
            );
        }
    }

    #[test]
    fn record_set_accessors_and_debug() {
        let (t1, mut r1) = minted("ghp", &["repo"], Expiration::Never);
        let (_, mut r2) = minted("ghp", &[], Expiration::Never);
        r1.name = "first".into();
        r2.name = "second".into();
        let set = RecordSet::new(vec![r1.clone(), r2.clone()]).unwrap();
        assert_eq!((set.len(), set.is_empty()), (2, false));
        assert_eq!(set.records().cloned().collect::<Vec<_>>(), [r1.clone(), r2]);
        // Debug says how many, never a fingerprint or a name.
        assert_eq!(format!("{set:?}"), "RecordSet(2 records)");
        let empty = RecordSet::new(vec![]).unwrap();
        assert_eq!((empty.len(), empty.is_empty()), (0, true));
        assert_eq!(empty.records().count(), 0);
        assert_eq!(format!("{empty:?}"), "RecordSet(0 records)");
        // What a verdict carries.
        let allowed = set.verify(t1.expose_secret(), NOW, &Requirement::none());
        assert_eq!(allowed.record(), Some(&r1));
        let unknown = SecretToken::generate(&Format::DEFAULT).unwrap();
        let unknown = set.verify(unknown.expose_secret(), NOW, &Requirement::none());
        assert_eq!((unknown.record(), unknown.name()), (None, None));
        assert_eq!(Reason::Expired.to_string(), "expired");
        assert_eq!(
            Reason::RepositoryNotAllowed.to_string(),
            "repository_not_allowed"
        );
    }

    #[test]
    fn a_duplicate_is_refused_wherever_it_is_in_the_list() {
        let (_, a) = minted("ghp", &[], Expiration::Never);
        let (_, b) = minted("ghp", &[], Expiration::Never);
        let (_, c) = minted("ghp", &[], Expiration::Never);
        let e = RecordSet::new(vec![a.clone(), b, c, a]).unwrap_err();
        assert_eq!((e.index, e.code), (Some(3), "duplicate_fingerprint"));
    }
}
