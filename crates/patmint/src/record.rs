//! [`TokenRecord`]: what may be stored and sent to a server about a token, never the secret.
//!
//! Record v2: a classic record (`ghp`, `gho`, `ghu`, `ghs`, `ghr`, `custom:<prefix>`) carries
//! `scopes`, and a custom-prefix one may also carry `customScopes`, the service's own
//! ([`crate::custom_scopes`]; absent on older records, which stay valid); a fine-grained record (`github_pat`) carries `description`, `resourceOwner`,
//! `repositoryAccess` and `permissions` instead, and always expires. Either may carry
//! `replacedAt`. v1 records (classic only) are v2 classic records. The export file that holds
//! them is [`ExportFile`] (native builds and the wasm `verify` package).
//!
//! One set of rules: a record read from storage or a file goes through the same validation
//! as one being minted ([`TokenRecord`]'s `Deserialize` is checked), so a record that loads
//! is one patmint could have minted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::custom_scopes;
use crate::date;
use crate::error::{AccessError, Error, RecordError};
use crate::format::Format;
use crate::permissions::{self, Group, Level};
use crate::scopes;
use crate::token::SecretToken;

// The export file needs serde_json (the `json` feature).
#[cfg(feature = "json")]
mod file;
#[cfg(feature = "json")]
pub use file::{ExportFile, RecordFileError, EXPORT_FORMAT, EXPORT_VERSION, STOPPED};

/// Longest note/name, in characters (after trimming).
pub const MAX_NAME_CHARS: usize = 100;

/// Longest fine-grained description, in characters (after trimming). GitHub's form does not
/// state one; this bound is patmint's.
pub const MAX_DESCRIPTION_CHARS: usize = 1024;

/// Most repositories a fine-grained record may select. GitHub's form does not state one; this
/// bound is patmint's, so that a record stays small enough to check in constant time.
pub const MAX_REPOSITORIES: usize = 50;

/// The latest expiry of a fine-grained token, in calendar days (UTC) after its creation:
/// organizations' default maximum lifetime on GitHub.
pub const FINE_GRAINED_MAX_DAYS: i64 = 366;

/// Longest GitHub login (user or organization name).
pub const MAX_LOGIN_CHARS: usize = 39;

/// Longest GitHub repository name.
pub const MAX_REPOSITORY_NAME_CHARS: usize = 100;

/// The expiration presets offered by GitHub, in days.
pub const PRESET_DAYS: [u32; 4] = [7, 30, 60, 90];

/// The latest custom expiration, in seconds after now: one year, with slack so that the same
/// calendar day next year is always accepted — with a leap day between, and although a bare
/// date means the end of that day (up to 24 h later): 365 + 1 + 1 days.
pub const MAX_AHEAD_SECS: i64 = 367 * date::DAY;

/// When a token expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiration {
    /// One of [`PRESET_DAYS`] days from now.
    Days(u32),
    /// A custom moment (Unix seconds), in the future and at most a year ahead.
    At(i64),
    /// No expiration (GitHub advises against it).
    Never,
}

impl Expiration {
    /// From the two optional inputs of a form: a preset or a date (`YYYY-MM-DD` or RFC 3339);
    /// neither means no expiration.
    ///
    /// ```
    /// use patmint::record::Expiration;
    /// assert_eq!(Expiration::from_inputs(Some(30), None), Ok(Expiration::Days(30)));
    /// assert_eq!(Expiration::from_inputs(None, None), Ok(Expiration::Never));
    /// assert!(Expiration::from_inputs(None, Some("tomorrow")).is_err());
    /// ```
    pub fn from_inputs(days: Option<u32>, date: Option<&str>) -> Result<Expiration, RecordError> {
        match (days, date) {
            (Some(_), Some(_)) => Err(RecordError::ConflictingExpiration),
            (Some(d), None) if PRESET_DAYS.contains(&d) => Ok(Expiration::Days(d)),
            (Some(_), None) => Err(RecordError::InvalidPreset {
                presets: &PRESET_DAYS,
            }),
            (None, Some(s)) => date::parse(s.trim())
                .map(Expiration::At)
                .ok_or(RecordError::InvalidDate),
            (None, None) => Ok(Expiration::Never),
        }
    }

    /// The expiry moment (Unix seconds) for a token created at `now`, after validation.
    pub fn resolve(self, now: i64) -> Result<Option<i64>, RecordError> {
        match self {
            Expiration::Days(d) if PRESET_DAYS.contains(&d) => {
                Ok(Some(now.saturating_add(i64::from(d) * date::DAY)))
            }
            Expiration::Days(_) => Err(RecordError::InvalidPreset {
                presets: &PRESET_DAYS,
            }),
            Expiration::At(t) if t <= now => Err(RecordError::ExpirationInPast),
            Expiration::At(t) if t > now.saturating_add(MAX_AHEAD_SECS) => {
                Err(RecordError::ExpirationTooFar)
            }
            Expiration::At(t) => Ok(Some(t)),
            Expiration::Never => Ok(None),
        }
    }
}

/// Which repositories a fine-grained token can reach: GitHub's "Repository access".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepositoryAccess {
    /// "Public repositories (read-only)".
    Public,
    /// "All repositories" of the resource owner, present and future.
    All,
    /// "Only select repositories": `owner/name`, 1 to [`MAX_REPOSITORIES`], sorted,
    /// deduplicated ignoring case.
    Selected(Vec<String>),
}

impl RepositoryAccess {
    /// `public`, `all` or `selected`.
    pub fn kind(&self) -> &'static str {
        match self {
            RepositoryAccess::Public => "public",
            RepositoryAccess::All => "all",
            RepositoryAccess::Selected(_) => "selected",
        }
    }

    /// The selected repositories (empty unless `selected`).
    pub fn repositories(&self) -> &[String] {
        match self {
            RepositoryAccess::Selected(r) => r,
            _ => &[],
        }
    }
}

/// The fine-grained part of a record, validated and in normal form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FineGrained {
    /// GitHub's optional "Description" (may be empty).
    pub description: String,
    /// The GitHub login (user or organization) the token acts on.
    pub resource_owner: String,
    /// Which repositories it reaches.
    pub repository_access: RepositoryAccess,
    /// Permission id → level, with `metadata: read` added as GitHub adds it.
    pub permissions: PermissionSet,
}

/// A fine-grained token's permissions: id → level, sorted by id, each id once. (A sorted
/// vector rather than a `BTreeMap`: it holds a few dozen entries, and the map's code costs
/// ~6 KiB of wasm.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionSet(Vec<(String, Level)>);

impl PermissionSet {
    /// The level held for `id`, if any.
    pub fn get(&self, id: &str) -> Option<Level> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, l)| *l)
    }

    /// `(id, level)` pairs in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Level)> + '_ {
        self.0.iter().map(|(k, l)| (k.as_str(), *l))
    }

    /// How many permissions are held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `id` at `level`, keeping the higher level if it is already held.
    fn grant(&mut self, id: &str, level: Level) {
        if let Some((_, held)) = self.0.iter_mut().find(|(k, _)| k == id) {
            *held = (*held).max(level);
            return;
        }
        let at = self.0.iter().take_while(|(k, _)| k.as_str() < id).count();
        self.0.insert(at, (id.to_owned(), level));
    }
}

impl core::ops::Index<&str> for PermissionSet {
    type Output = Level;

    fn index(&self, id: &str) -> &Level {
        // Panics like a map's index on a missing key; use `get` where it may be missing.
        &self.0[self
            .0
            .iter()
            .position(|(k, _)| k == id)
            .expect("permission held")]
        .1
    }
}

/// What a fine-grained token is asked for, as a form or the CLI gives it: strings, not yet
/// validated. [`RecordDraft::fine_grained`] validates it.
///
/// ```
/// use patmint::record::{Expiration, FineGrainedRequest, RecordDraft};
/// let request = FineGrainedRequest {
///     resource_owner: "octo-org".into(),
///     repository_access: "selected".into(),
///     repositories: vec!["octo-org/api".into()],
///     permissions: vec![("contents".into(), "write".into())],
///     ..Default::default()
/// };
/// let draft = RecordDraft::fine_grained("deploy", &request, Expiration::Days(30), 0).unwrap();
/// assert_eq!(draft.format_kind(), "github_pat");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FineGrainedRequest {
    /// Optional description.
    pub description: String,
    /// The resource owner's login.
    pub resource_owner: String,
    /// `public`, `all` or `selected`.
    pub repository_access: String,
    /// `owner/name` entries; only with `selected`.
    pub repositories: Vec<String>,
    /// `(permission id, level)` pairs, levels `read` or `write`. A permission given twice
    /// keeps its higher level.
    pub permissions: Vec<(String, String)>,
}

/// Everything a mint asks for, before it is validated: [`RecordDraft::for_format`] decides
/// which fields the format takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MintRequest {
    /// The token name / note.
    pub name: String,
    /// Classic scopes (classic formats only).
    pub scopes: Vec<String>,
    /// The service's own scopes, `name[:level]` (custom prefixes only).
    pub custom_scopes: Vec<String>,
    /// The fine-grained fields (`github_pat` only).
    pub fine_grained: Option<FineGrainedRequest>,
    /// The chosen expiration ([`Expiration::Never`] when none was given).
    pub expiration: Expiration,
}

impl Default for MintRequest {
    fn default() -> MintRequest {
        MintRequest {
            name: String::new(),
            scopes: Vec::new(),
            custom_scopes: Vec::new(),
            fine_grained: None,
            expiration: Expiration::Never,
        }
    }
}

impl FineGrained {
    /// Validates a request and brings it into normal form (trimmed strings, repositories
    /// sorted and deduplicated ignoring case, `metadata: read` added once a repository
    /// permission is chosen).
    pub fn from_request(request: &FineGrainedRequest) -> Result<FineGrained, AccessError> {
        let description = request.description.trim();
        if crate::utf8::char_count(description) > MAX_DESCRIPTION_CHARS {
            return Err(AccessError::DescriptionTooLong {
                max: MAX_DESCRIPTION_CHARS,
            });
        }
        if holds_token(description, &[]) {
            return Err(AccessError::DescriptionHoldsToken);
        }
        let owner = request.resource_owner.trim();
        if owner.is_empty() {
            return Err(AccessError::ResourceOwnerRequired);
        }
        if !is_login(owner) {
            return Err(AccessError::InvalidResourceOwner {
                max: MAX_LOGIN_CHARS,
            });
        }
        let repository_access = match request.repository_access.trim() {
            "public" | "all" if !request.repositories.is_empty() => {
                return Err(AccessError::RepositoriesNotSelected)
            }
            "public" => RepositoryAccess::Public,
            "all" => RepositoryAccess::All,
            "selected" => {
                RepositoryAccess::Selected(selected_repositories(owner, &request.repositories)?)
            }
            _ => return Err(AccessError::InvalidRepositoryAccess),
        };
        let mut permissions = PermissionSet::default();
        for (id, level) in &request.permissions {
            let id = id.trim();
            let perm = permissions::find(id).ok_or_else(|| {
                AccessError::UnknownPermission(
                    permissions::looks_like_id(id).then(|| id.to_owned()),
                )
            })?;
            let level = Level::parse(level.trim()).ok_or(AccessError::InvalidLevel)?;
            if !perm.offered.offers(level) {
                return Err(AccessError::LevelNotOffered {
                    permission: perm.id,
                    offered: perm.offered.in_words(),
                });
            }
            permissions.grant(perm.id, level);
        }
        let repository_chosen = permissions.iter().any(|(id, _)| {
            id != permissions::METADATA
                && permissions::find(id).is_some_and(|p| p.group == Group::Repository)
        });
        if repository_chosen && repository_access == RepositoryAccess::Public {
            return Err(AccessError::RepositoryPermissionsNeedRepositories);
        }
        if repository_chosen && permissions.get(permissions::METADATA).is_none() {
            permissions.grant(permissions::METADATA, Level::Read);
        }
        Ok(FineGrained {
            description: description.to_owned(),
            resource_owner: owner.to_owned(),
            repository_access,
            permissions,
        })
    }

    /// Whether the token holds `permission` at `level` or above (`write` ⊇ `read`).
    pub fn allows(&self, permission: &str, level: Level) -> bool {
        self.permissions
            .get(permission)
            .is_some_and(|granted| granted.allows(level))
    }
}

/// Whether `s` is a GitHub login: 1 to 39 ASCII letters, digits or single hyphens, neither
/// starting nor ending with a hyphen (GitHub's sign-up rule, also for organizations).
///
/// ```
/// use patmint::record::is_login;
/// assert!(is_login("octo-org"));
/// assert!(!is_login("-octo") && !is_login("octo--org") && !is_login("octo_org"));
/// ```
pub fn is_login(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_LOGIN_CHARS
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && !b.windows(2).any(|w| w == b"--")
}

/// Whether `s` is a GitHub repository name: 1 to 100 ASCII letters, digits, `.`, `-` or
/// `_`, not `.` or `..`, and not ending in `.git` (any case). GitHub drops that suffix from a
/// new repository's name, and the proxies of `docs/` strip it from the URL before asking
/// (`/octo/hello.git/info/refs` asks for `octo/hello`): a record of `octo/hello.git` would never
/// match, so it is refused where it is written rather than stored to fail later.
///
/// ```
/// use patmint::record::is_repository_name;
/// assert!(is_repository_name("hello") && is_repository_name("git") && is_repository_name(".github"));
/// assert!(!is_repository_name("hello.git") && !is_repository_name("hello.GIT") && !is_repository_name(".git"));
/// ```
pub fn is_repository_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_REPOSITORY_NAME_CHARS
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
        && s != "."
        && s != ".."
        // The last four bytes against `.git` in one compare, case folded by the 0x20 bit: among
        // the bytes allowed above only `G`/`g`, `I`/`i`, `T`/`t` and `.` fold to `.git` (the
        // smallest form found: the minting core's wasm has a size budget).
        && !matches!(s.as_bytes(), [.., a, b, c, d]
            if u32::from_le_bytes([*a, *b, *c, *d]) | 0x2020_2020 == u32::from_le_bytes(*b".git"))
}

fn selected_repositories<S: AsRef<str>>(
    owner: &str,
    repositories: &[S],
) -> Result<Vec<String>, AccessError> {
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in repositories.iter().enumerate() {
        let raw = raw.as_ref().trim();
        let (repo_owner, _) = raw
            .split_once('/')
            .filter(|(o, n)| is_login(o) && is_repository_name(n))
            .ok_or(AccessError::InvalidRepository {
                at: i + 1,
                max: MAX_REPOSITORY_NAME_CHARS,
            })?;
        if !repo_owner.eq_ignore_ascii_case(owner) {
            return Err(AccessError::RepositoryOwnerMismatch(i + 1));
        }
        if !out.iter().any(|r| r.eq_ignore_ascii_case(raw)) {
            if out.len() == MAX_REPOSITORIES {
                return Err(AccessError::TooManyRepositories {
                    max: MAX_REPOSITORIES,
                });
            }
            out.push(raw.to_owned());
        }
    }
    if out.is_empty() {
        return Err(AccessError::NoRepositories);
    }
    // Insertion sort: at most 50 names, and the standard library's sort costs ~5 KiB of wasm.
    fn lower(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().map(|b| b.to_ascii_lowercase())
    }
    for i in 1..out.len() {
        let mut j = i;
        while j > 0 && lower(&out[j - 1]).gt(lower(&out[j])) {
            out.swap(j - 1, j);
            j -= 1;
        }
    }
    Ok(out)
}

/// What a token may do: classic scopes, or GitHub's fine-grained model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Classic scopes, normalised (GitHub's rule: implied scopes dropped).
    Classic {
        /// Normalised scope ids.
        scopes: Vec<String>,
        /// The service's own scopes, normalised (custom-prefix tokens only; empty for none).
        custom_scopes: Vec<String>,
    },
    /// A fine-grained token's owner, repositories and permissions.
    FineGrained(FineGrained),
}

/// The storable description of a token: safe to persist and to send to a server, because it
/// holds only the SHA-256 fingerprint and the last four characters of the secret.
///
/// JSON (camelCase): `name`, `format`, then `scopes` and, on a custom-prefix record with any,
/// `customScopes` (classic) or `description`,
/// `resourceOwner`, `repositoryAccess` (`{ kind, repositories? }`) and `permissions`
/// (fine-grained), then `createdAt`, `expiresAt` (RFC 3339 UTC; `null` = no expiration,
/// classic only), `fingerprint`, `last4` and the optional `replacedAt`. Deserialising
/// validates: unknown keys, a fine-grained field on a classic record (or the reverse), and
/// every rule of minting are refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRecord", into = "RawRecord")]
pub struct TokenRecord {
    /// What the token is for (GitHub's "Note" / "Token name").
    pub name: String,
    /// The format id, e.g. `ghp` or `github_pat`.
    pub format: String,
    /// Scopes or fine-grained access (matches the format).
    pub access: Access,
    /// Creation time, RFC 3339 UTC.
    pub created_at: String,
    /// Expiry time, RFC 3339 UTC, or `None` for no expiration (classic only).
    pub expires_at: Option<String>,
    /// SHA-256 of the token, 64 lowercase hex.
    pub fingerprint: String,
    /// The last four characters of the token.
    pub last4: String,
    /// When the token was regenerated (the record stays, marked replaced; a verifier refuses
    /// its token), RFC 3339 UTC.
    pub replaced_at: Option<String>,
}

impl TokenRecord {
    /// Builds the classic record of `token`, validating the name, scopes and expiration; `now`
    /// is Unix seconds (the caller's clock: `Date.now()` in the browser, the system clock
    /// natively).
    ///
    /// ```
    /// use patmint::{Format, SecretToken, TokenRecord, record::Expiration};
    /// let t = SecretToken::generate(&Format::DEFAULT).unwrap();
    /// let r = TokenRecord::new(" deploy ", &t, &["repo", "public_repo"], Expiration::Days(30), 0).unwrap();
    /// assert_eq!(r.name, "deploy");
    /// assert_eq!(r.scopes(), Some(&["repo".to_owned()][..]));
    /// assert_eq!(r.expires_at.as_deref(), Some("1970-01-31T00:00:00Z"));
    /// ```
    pub fn new<S: AsRef<str>>(
        name: &str,
        token: &SecretToken,
        scopes: &[S],
        expiration: Expiration,
        now: i64,
    ) -> Result<TokenRecord, Error> {
        RecordDraft::new(name, scopes, expiration, now)?.finish(token)
    }

    /// The scopes of a classic record.
    pub fn scopes(&self) -> Option<&[String]> {
        match &self.access {
            Access::Classic { scopes, .. } => Some(scopes),
            Access::FineGrained(_) => None,
        }
    }

    /// The service's own scopes of a custom-prefix record (empty for none).
    pub fn custom_scopes(&self) -> &[String] {
        match &self.access {
            Access::Classic { custom_scopes, .. } => custom_scopes,
            Access::FineGrained(_) => &[],
        }
    }

    /// The fine-grained part of a fine-grained record.
    pub fn fine_grained(&self) -> Option<&FineGrained> {
        match &self.access {
            Access::FineGrained(fg) => Some(fg),
            Access::Classic { .. } => None,
        }
    }

    /// Whether the record has been replaced (regenerated).
    pub fn is_replaced(&self) -> bool {
        self.replaced_at.is_some()
    }

    /// This record marked as replaced at `now` (Unix seconds). The record keeps everything
    /// else: a verifier refuses a replaced record's token.
    pub fn replaced(mut self, now: i64) -> TokenRecord {
        self.replaced_at = Some(date::to_rfc3339(now));
        self
    }
}

/// The record's JSON shape, before validation: what serde reads and writes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawRecord {
    name: String,
    format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    custom_scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resource_owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repository_access: Option<RawRepositoryAccess>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    permissions: Option<BTreeMap<String, String>>,
    created_at: String,
    #[serde(default)]
    expires_at: Option<String>,
    fingerprint: String,
    last4: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    replaced_at: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRepositoryAccess {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repositories: Option<Vec<String>>,
}

/// The keys a record may have, in the order they are written.
pub const RECORD_KEYS: [&str; 13] = [
    "name",
    "format",
    "scopes",
    "customScopes",
    "description",
    "resourceOwner",
    "repositoryAccess",
    "permissions",
    "createdAt",
    "expiresAt",
    "fingerprint",
    "last4",
    "replacedAt",
];

impl From<TokenRecord> for RawRecord {
    fn from(r: TokenRecord) -> RawRecord {
        let mut raw = RawRecord {
            name: r.name,
            format: r.format,
            scopes: None,
            custom_scopes: None,
            description: None,
            resource_owner: None,
            repository_access: None,
            permissions: None,
            created_at: r.created_at,
            expires_at: r.expires_at,
            fingerprint: r.fingerprint,
            last4: r.last4,
            replaced_at: r.replaced_at,
        };
        match r.access {
            Access::Classic {
                scopes,
                custom_scopes,
            } => {
                raw.scopes = Some(scopes);
                raw.custom_scopes = (!custom_scopes.is_empty()).then_some(custom_scopes);
            }
            Access::FineGrained(fg) => {
                raw.description = Some(fg.description);
                raw.resource_owner = Some(fg.resource_owner);
                raw.repository_access = Some(RawRepositoryAccess {
                    kind: fg.repository_access.kind().to_owned(),
                    repositories: match fg.repository_access {
                        RepositoryAccess::Selected(list) => Some(list),
                        _ => None,
                    },
                });
                raw.permissions = Some(
                    fg.permissions
                        .iter()
                        .map(|(id, level)| (id.to_owned(), level.as_str().to_owned()))
                        .collect(),
                );
            }
        }
        raw
    }
}

fn malformed(field: &'static str, expected: &'static str) -> Error {
    Error::Record(RecordError::Malformed { field, expected })
}

/// A stored timestamp: RFC 3339 with a time (a bare date is a form input, not a record), in
/// the range records are written in (1970 to 9999 UTC), so that it is written back unchanged.
fn stored_time(field: &'static str, value: &str) -> Result<i64, Error> {
    if value.len() > 10 {
        if let Some(t) = date::parse(value).filter(|t| (0..=date::MAX_SECS).contains(t)) {
            return Ok(t);
        }
    }
    Err(malformed(
        field,
        "an RFC 3339 time such as 2026-12-31T23:59:59Z",
    ))
}

/// Whole UTC days from `from` to `to`.
fn calendar_days(from: i64, to: i64) -> i64 {
    to.div_euclid(date::DAY) - from.div_euclid(date::DAY)
}

impl TryFrom<RawRecord> for TokenRecord {
    type Error = Error;

    fn try_from(raw: RawRecord) -> Result<TokenRecord, Error> {
        if validate_name(&raw.name)? != raw.name {
            return Err(malformed("name", "trimmed"));
        }
        let format = Format::parse(&raw.format)
            .ok()
            .filter(|f| f.id() == raw.format)
            .ok_or_else(|| {
                malformed(
                    "format",
                    "a format id such as ghp, github_pat or custom:acme",
                )
            })?;
        validate_name_for(&raw.name, &format)?;
        let created = stored_time("createdAt", &raw.created_at)?;
        let expires = raw
            .expires_at
            .as_deref()
            .map(|e| stored_time("expiresAt", e))
            .transpose()?;
        if expires.is_some_and(|e| e <= created) {
            return Err(malformed("expiresAt", "after createdAt"));
        }
        let replaced = raw
            .replaced_at
            .as_deref()
            .map(|e| stored_time("replacedAt", e))
            .transpose()?;
        if replaced.is_some_and(|r| r < created) {
            return Err(malformed("replacedAt", "not before createdAt"));
        }
        if raw.fingerprint.len() != 64
            || !raw
                .fingerprint
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(malformed(
                "fingerprint",
                "64 lowercase hexadecimal characters",
            ));
        }
        if raw.last4.len() != 4
            || !raw
                .last4
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(malformed("last4", "the last 4 characters of the token"));
        }
        let fine_fields = raw.description.is_some()
            || raw.resource_owner.is_some()
            || raw.repository_access.is_some()
            || raw.permissions.is_some();
        let custom_scopes = match raw.custom_scopes {
            None => Vec::new(),
            Some(_) if !matches!(format, Format::Custom(_)) => {
                return Err(AccessError::CustomScopesNotAllowed.into())
            }
            // One spelling of "none": the key left out.
            Some(list) if list.is_empty() => {
                return Err(malformed("customScopes", "a non-empty list, or no key"))
            }
            Some(list) => custom_scopes::normalize(&list)?,
        };
        let access = if format == Format::FineGrained {
            if raw.scopes.is_some() {
                return Err(AccessError::ScopesNotAllowed.into());
            }
            let expires = expires.ok_or(AccessError::ExpirationRequired {
                max_days: FINE_GRAINED_MAX_DAYS,
            })?;
            if calendar_days(created, expires) > FINE_GRAINED_MAX_DAYS {
                return Err(RecordError::ExpirationTooFar.into());
            }
            let access = raw
                .repository_access
                .ok_or_else(|| malformed("repositoryAccess", "present on a fine-grained record"))?;
            match (access.kind.as_str(), &access.repositories) {
                ("selected", None) => return Err(AccessError::NoRepositories.into()),
                ("public" | "all", Some(_)) => {
                    return Err(AccessError::RepositoriesNotSelected.into())
                }
                _ => {}
            }
            let request = FineGrainedRequest {
                description: raw.description.unwrap_or_default(),
                resource_owner: raw.resource_owner.unwrap_or_default(),
                repository_access: access.kind,
                repositories: access.repositories.unwrap_or_default(),
                permissions: raw
                    .permissions
                    .ok_or_else(|| malformed("permissions", "present on a fine-grained record"))?
                    .into_iter()
                    .collect(),
            };
            Access::FineGrained(FineGrained::from_request(&request)?)
        } else {
            if fine_fields {
                return Err(AccessError::FineGrainedOnly.into());
            }
            let scopes = raw
                .scopes
                .ok_or_else(|| malformed("scopes", "present on a classic record"))?;
            Access::Classic {
                scopes: scopes::normalize(&scopes)?
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                custom_scopes,
            }
        };
        Ok(TokenRecord {
            name: raw.name,
            format: raw.format,
            access,
            created_at: date::to_rfc3339(created),
            expires_at: expires.map(date::to_rfc3339),
            fingerprint: raw.fingerprint,
            last4: raw.last4,
            replaced_at: replaced.map(date::to_rfc3339),
        })
    }
}

/// A record validated before its token exists, so that bad input is refused without spending
/// a secret's worth of randomness; [`RecordDraft::finish`] attaches the token's fingerprint.
///
/// This is the core API the CLI and the wasm `mint` call: [`RecordDraft::new`] for a classic
/// (or custom-prefix) token, [`RecordDraft::fine_grained`] for `github_pat`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordDraft {
    name: String,
    access: Access,
    created_at: i64,
    expires_at: Option<i64>,
}

impl RecordDraft {
    /// Validates the name, scopes and expiration of a classic token, as [`TokenRecord::new`]
    /// does.
    pub fn new<S: AsRef<str>>(
        name: &str,
        scopes: &[S],
        expiration: Expiration,
        now: i64,
    ) -> Result<RecordDraft, Error> {
        Ok(RecordDraft {
            name: validate_name(name)?.to_owned(),
            access: Access::Classic {
                scopes: scopes::normalize(scopes)?
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                custom_scopes: Vec::new(),
            },
            created_at: now,
            expires_at: expiration.resolve(now)?,
        })
    }

    /// Validates a fine-grained token's name, access and expiration: the expiration is
    /// required and at most [`FINE_GRAINED_MAX_DAYS`] calendar days ahead.
    pub fn fine_grained(
        name: &str,
        request: &FineGrainedRequest,
        expiration: Expiration,
        now: i64,
    ) -> Result<RecordDraft, Error> {
        let name = validate_name(name)?.to_owned();
        let access = Access::FineGrained(FineGrained::from_request(request)?);
        if expiration == Expiration::Never {
            return Err(AccessError::ExpirationRequired {
                max_days: FINE_GRAINED_MAX_DAYS,
            }
            .into());
        }
        let expires_at = expiration.resolve(now)?;
        if expires_at.is_some_and(|e| calendar_days(now, e) > FINE_GRAINED_MAX_DAYS) {
            return Err(RecordError::ExpirationTooFar.into());
        }
        Ok(RecordDraft {
            name,
            access,
            created_at: now,
            expires_at,
        })
    }

    /// The draft for a token of `format`, choosing the model that fits it: fine-grained for
    /// `github_pat` (`fine_grained` required, no scopes), a test fixture with GitHub's own
    /// lifetime for `gho`/`ghu`/`ghs`/`ghr` (no scopes, no expiration given), classic scopes
    /// otherwise (no fine-grained fields), with the service's own `custom_scopes` for a custom
    /// prefix only. The wasm `mint` and the CLI both call this.
    ///
    /// ```
    /// use patmint::{Format, record::{Expiration, MintRequest, RecordDraft}};
    /// let ghs: Format = "ghs".parse().unwrap();
    /// let request = MintRequest { name: "fixture".into(), ..Default::default() };
    /// let draft = RecordDraft::for_format(&ghs, request, 0).unwrap();
    /// # let _ = draft;
    /// ```
    pub fn for_format(
        format: &Format,
        mut request: MintRequest,
        now: i64,
    ) -> Result<RecordDraft, Error> {
        let custom = core::mem::take(&mut request.custom_scopes);
        let mut draft = RecordDraft::for_github_format(format, request, now)?;
        if !custom.is_empty() {
            match (&mut draft.access, format) {
                (Access::Classic { custom_scopes, .. }, Format::Custom(_)) => {
                    *custom_scopes = custom_scopes::normalize(&custom)?;
                }
                _ => return Err(AccessError::CustomScopesNotAllowed.into()),
            }
        }
        Ok(draft)
    }

    /// [`RecordDraft::for_format`] but for the service's own custom scopes.
    fn for_github_format(
        format: &Format,
        request: MintRequest,
        now: i64,
    ) -> Result<RecordDraft, Error> {
        match format {
            Format::FineGrained => {
                if !request.scopes.is_empty() {
                    return Err(AccessError::ScopesNotAllowed.into());
                }
                let fine = request.fine_grained.unwrap_or_default();
                RecordDraft::fine_grained(&request.name, &fine, request.expiration, now)
            }
            _ if request.fine_grained.is_some() => Err(AccessError::FineGrainedOnly.into()),
            Format::Classic(c) if c.is_fixture() => {
                if !request.scopes.is_empty() {
                    return Err(AccessError::FixtureScopes.into());
                }
                if request.expiration != Expiration::Never {
                    return Err(AccessError::FixedLifetime.into());
                }
                Ok(RecordDraft {
                    name: validate_name(&request.name)?.to_owned(),
                    access: Access::Classic {
                        scopes: Vec::new(),
                        custom_scopes: Vec::new(),
                    },
                    created_at: now,
                    expires_at: c.lifetime_secs().map(|l| now.saturating_add(l)),
                })
            }
            _ => RecordDraft::new(&request.name, &request.scopes, request.expiration, now),
        }
    }

    /// Refuses a name that another live (not replaced) record of the same kind already has:
    /// GitHub requires fine-grained token names to be unique, and refuses a classic token's
    /// note that another classic token has. Callers that keep records (the CLI's records file,
    /// the pages' storage) call it before minting.
    ///
    /// ```
    /// use patmint::record::{Expiration, FineGrainedRequest, RecordDraft};
    /// let request = FineGrainedRequest { resource_owner: "octocat".into(),
    ///     repository_access: "all".into(), ..Default::default() };
    /// let draft = RecordDraft::fine_grained("deploy", &request, Expiration::Days(7), 0).unwrap();
    /// assert!(draft.check_unique_name(&[]).is_ok());
    /// ```
    pub fn check_unique_name(&self, records: &[TokenRecord]) -> Result<(), RecordError> {
        let fine = matches!(self.access, Access::FineGrained(_));
        let taken = records
            .iter()
            .any(|r| r.fine_grained().is_some() == fine && !r.is_replaced() && r.name == self.name);
        if taken {
            Err(RecordError::NameTaken)
        } else {
            Ok(())
        }
    }

    /// `github_pat` for a fine-grained draft, `classic` otherwise: which formats it fits.
    pub fn format_kind(&self) -> &'static str {
        match self.access {
            Access::FineGrained(_) => "github_pat",
            Access::Classic { .. } => "classic",
        }
    }

    /// Whether a token of `format` fits this draft: fine-grained drafts take `github_pat`
    /// tokens only, classic drafts every other format. Call it before generating the token.
    pub fn check_format(&self, format: &Format) -> Result<(), Error> {
        match (&self.access, format) {
            (Access::FineGrained(_), Format::FineGrained) => Ok(()),
            (Access::FineGrained(_), _) => Err(AccessError::FineGrainedOnly.into()),
            (Access::Classic { .. }, Format::FineGrained) => {
                Err(AccessError::ScopesNotAllowed.into())
            }
            (Access::Classic { custom_scopes, .. }, f)
                if !custom_scopes.is_empty() && !matches!(f, Format::Custom(_)) =>
            {
                Err(AccessError::CustomScopesNotAllowed.into())
            }
            (Access::Classic { .. }, _) => Ok(()),
        }
    }

    /// The record of `token`; refused if the token's format does not fit the draft, or if the
    /// name holds a token of the token's own custom prefix ([`validate_name_for`]).
    pub fn finish(self, token: &SecretToken) -> Result<TokenRecord, Error> {
        self.check_format(token.format())?;
        validate_name_for(&self.name, token.format())?;
        Ok(TokenRecord {
            name: self.name,
            format: token.format().id(),
            access: self.access,
            created_at: date::to_rfc3339(self.created_at),
            expires_at: self.expires_at.map(date::to_rfc3339),
            fingerprint: token.fingerprint(),
            last4: token.last4().to_owned(),
            replaced_at: None,
        })
    }
}

/// Whether free text (a name, a description) holds a valid token — of the built-in formats or
/// the `custom` ones — among its words, or in words that only spaces or invisible characters
/// separate (`ghp_8rDj… YX3a…`, the way the scanner reads one across a gap): a token pasted
/// into the wrong field would be stored in the record. From each character (a token glued to a
/// word is one too, as the scanner finds it), the words after it are added while only gaps
/// separate them and what they make is no longer than a custom token can be. Iterators and
/// `get`, no `str` indexing: its panic formatting costs the minting package kilobytes.
fn holds_token(text: &str, custom: &[Format]) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let gap = |c: char| {
        c.is_whitespace()
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
    };
    let mut joined = zeroize::Zeroizing::new(String::new());
    // From each character: its word and the ones after it, each piece a word and the
    // character that ends it.
    text.char_indices().any(|(i, _)| {
        joined.clear();
        for piece in text
            .get(i..)
            .unwrap_or_default()
            .split_inclusive(|c: char| !word(c))
        {
            joined.push_str(piece.trim_end_matches(|c: char| !word(c)));
            if crate::check_with(&joined, custom).is_ok() {
                return true;
            }
            if joined.len() > MAX_JOINED || !piece.trim_start_matches(word).chars().all(gap) {
                return false;
            }
        }
        false
    })
}

/// Longest run of joined words [`holds_token`] checks against a checksum: a custom token at
/// its longest (16-character prefix, 128 random, 6 checksum).
const MAX_JOINED: usize = 17 + crate::format::CUSTOM_RANDOM_MAX + crate::checksum::LEN;

/// [`validate_name`] for a record of `format`: a custom format's own tokens are refused too.
pub fn validate_name_for<'a>(name: &'a str, format: &Format) -> Result<&'a str, RecordError> {
    let name = validate_name(name)?;
    if matches!(format, Format::Custom(_)) && holds_token(name, core::slice::from_ref(format)) {
        return Err(RecordError::NameHoldsToken);
    }
    Ok(name)
}

/// The trimmed name, or why it is not acceptable.
pub fn validate_name(name: &str) -> Result<&str, RecordError> {
    let name = name.trim();
    if name.is_empty() {
        Err(RecordError::EmptyName)
    } else if crate::utf8::char_count(name) > MAX_NAME_CHARS {
        Err(RecordError::NameTooLong {
            max: MAX_NAME_CHARS,
        })
    } else if holds_token(name, &[]) {
        // A token pasted into the wrong field would be stored in the record.
        Err(RecordError::NameHoldsToken)
    } else {
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    const NOW: i64 = 1_795_472_000; // 2026-11-23T22:13:20Z

    fn token() -> SecretToken {
        SecretToken::generate(&Format::DEFAULT).unwrap()
    }

    #[test]
    fn record_holds_no_secret() {
        let t = token();
        let r = TokenRecord::new("ci", &t, &["gist"], Expiration::Never, NOW).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains(&t.expose_secret()[4..]));
        assert!(json.contains("\"expiresAt\":null"));
        assert!(json.contains("\"createdAt\":\"2026-11-23T22:13:20Z\""));
        assert_eq!(r.fingerprint, t.fingerprint());
        assert_eq!(r.last4, &t.expose_secret()[36..]);
        let back: TokenRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn a_name_holding_a_token_is_refused() {
        let t = token();
        for name in [
            t.expose_secret().to_owned(),
            format!("deploy {}", t.expose_secret()),
            format!("token={}.", t.expose_secret()),
        ] {
            assert_eq!(validate_name(&name), Err(RecordError::NameHoldsToken));
            let err = validate_name(&name).unwrap_err().to_string();
            assert!(!err.contains(&t.expose_secret()[4..12]));
        }
        assert_eq!(
            validate_name("ghp_ rotation for ci"),
            Ok("ghp_ rotation for ci")
        );
    }

    /// Issue 26.2: a token split by a space or an invisible character, and a custom token of
    /// the record's own prefix, are refused in a note and in a description.
    #[test]
    fn a_name_holding_a_split_or_custom_token_is_refused() {
        let ghp = token();
        let acme: Format = "custom:acme".parse().unwrap();
        let custom = SecretToken::generate(&acme).unwrap();
        let (g, c) = (ghp.expose_secret(), custom.expose_secret());
        for name in [
            format!("rotate {} {} now", &g[..9], &g[9..]),
            format!("{}\u{200b}{}", &g[..20], &g[20..]),
            format!("{}  {} {}", &g[..4], &g[4..30], &g[30..]),
        ] {
            assert_eq!(
                validate_name(&name),
                Err(RecordError::NameHoldsToken),
                "{name}"
            );
        }
        for name in [
            format!("deploy {c}"),
            format!("deploy {} {}", &c[..12], &c[12..]),
            format!("{} {} {}", &c[..10], &c[10..30], &c[30..]),
        ] {
            assert_eq!(
                validate_name(&name),
                Ok(name.as_str()),
                "built-in formats only"
            );
            assert_eq!(
                validate_name_for(&name, &acme),
                Err(RecordError::NameHoldsToken)
            );
            let draft = RecordDraft::new(&name, &["repo"], Expiration::Never, NOW).unwrap();
            let err = draft.finish(&custom).unwrap_err();
            assert_eq!(crate::error::ErrorCode::code(&err), "name_holds_token");
            assert!(!err.to_string().contains(&c[5..15]));
            // Imported: the record's own prefix is known.
            let mut raw = RawRecord::from(
                TokenRecord::new("n", &custom, &["repo"], Expiration::Never, NOW).unwrap(),
            );
            raw.name = name.clone();
            assert!(TokenRecord::try_from(raw).is_err(), "{name}");
        }
        // A description too (fine-grained), split by a line break.
        let mut req = FineGrainedRequest {
            resource_owner: "octo".into(),
            repository_access: "all".into(),
            ..Default::default()
        };
        req.description = format!("see\n{}\n{}", &g[..15], &g[15..]);
        assert_eq!(
            FineGrained::from_request(&req).unwrap_err(),
            AccessError::DescriptionHoldsToken
        );
        // Words that merely follow a prefix are no token.
        for name in [
            "ghp_ rotation for ci",
            "acme_ keys for the acme service",
            "ghp_x y z",
        ] {
            assert_eq!(validate_name_for(name, &acme), Ok(name));
        }
    }

    #[test]
    fn presets_and_custom_dates() {
        let at = |s| Expiration::from_inputs(None, Some(s)).unwrap().resolve(NOW);
        assert_eq!(
            Expiration::Days(90).resolve(NOW),
            Ok(Some(NOW + 90 * date::DAY))
        );
        assert_eq!(at("2026-11-24"), Ok(Some(1_795_564_799)));
        assert_eq!(at("2026-11-22"), Err(RecordError::ExpirationInPast));
        assert_eq!(
            at("2026-11-23T22:13:20Z"),
            Err(RecordError::ExpirationInPast)
        );
        assert!(at("2027-11-23").is_ok());
        assert_eq!(at("2027-11-25"), Err(RecordError::ExpirationTooFar));
        // Same calendar day next year across a leap day (2028-02-29), from midday.
        let leap_now = 1_803_902_400; // 2027-03-01T12:00:00Z
        let next_year = Expiration::from_inputs(None, Some("2028-03-01")).unwrap();
        assert!(next_year.resolve(leap_now).is_ok());
        let too_far = Expiration::from_inputs(None, Some("2028-03-03")).unwrap();
        assert_eq!(
            too_far.resolve(leap_now),
            Err(RecordError::ExpirationTooFar)
        );
        assert_eq!(
            Expiration::from_inputs(Some(14), None),
            Err(RecordError::InvalidPreset {
                presets: &PRESET_DAYS,
            })
        );
        assert_eq!(
            Expiration::Days(14).resolve(NOW),
            Err(RecordError::InvalidPreset {
                presets: &PRESET_DAYS,
            })
        );
        assert_eq!(
            Expiration::from_inputs(Some(7), Some("2026-12-01")),
            Err(RecordError::ConflictingExpiration)
        );
    }

    #[test]
    fn extreme_clocks_do_not_overflow() {
        assert_eq!(Expiration::Days(90).resolve(i64::MAX), Ok(Some(i64::MAX)));
        assert_eq!(
            Expiration::At(i64::MAX).resolve(i64::MAX - 1),
            Ok(Some(i64::MAX))
        );
        assert_eq!(
            Expiration::At(i64::MIN).resolve(i64::MIN + 1),
            Err(RecordError::ExpirationInPast)
        );
    }

    #[test]
    fn names_are_required_and_bounded() {
        let t = token();
        let mk = |n: &str| TokenRecord::new(n, &t, &["gist"], Expiration::Never, NOW);
        assert_eq!(mk("  ").unwrap_err(), Error::Record(RecordError::EmptyName));
        assert!(mk(&"é".repeat(100)).is_ok());
        assert_eq!(
            mk(&"é".repeat(101)).unwrap_err(),
            Error::Record(RecordError::NameTooLong {
                max: MAX_NAME_CHARS
            })
        );
        assert!(matches!(
            TokenRecord::new("x", &t, &["nope"], Expiration::Never, NOW),
            Err(Error::Scope(_))
        ));
    }

    #[test]
    fn unknown_fields_are_rejected_on_import() {
        let bad = r#"{"name":"x","format":"ghp","scopes":[],"createdAt":"","expiresAt":null,"fingerprint":"","last4":"","secret":"s"}"#;
        assert!(serde_json::from_str::<TokenRecord>(bad).is_err());
    }

    fn fine_token() -> SecretToken {
        SecretToken::generate(&Format::FineGrained).unwrap()
    }

    fn request(kind: &str, repos: &[&str], perms: &[(&str, &str)]) -> FineGrainedRequest {
        FineGrainedRequest {
            description: " CI deploys ".into(),
            resource_owner: "octo-org".into(),
            repository_access: kind.into(),
            repositories: repos.iter().map(|s| s.to_string()).collect(),
            permissions: perms
                .iter()
                .map(|(p, l)| (p.to_string(), l.to_string()))
                .collect(),
        }
    }

    fn access_err(r: Result<RecordDraft, Error>) -> AccessError {
        match r {
            Err(Error::Access(e)) => e,
            other => panic!("expected an access error, got {other:?}"),
        }
    }

    #[test]
    fn fine_grained_record_round_trips_with_metadata_added() {
        let req = request(
            "selected",
            &["octo-org/web", "Octo-Org/API", "octo-org/web"],
            &[
                ("contents", "write"),
                ("issues", "read"),
                ("contents", "read"),
            ],
        );
        let t = fine_token();
        let r = RecordDraft::fine_grained(" deploy ", &req, Expiration::Days(90), NOW)
            .unwrap()
            .finish(&t)
            .unwrap();
        let fg = r.fine_grained().unwrap();
        assert_eq!(fg.description, "CI deploys");
        assert_eq!(
            fg.repository_access,
            RepositoryAccess::Selected(vec!["Octo-Org/API".into(), "octo-org/web".into()])
        );
        assert_eq!(fg.permissions["contents"], Level::Write);
        assert_eq!(fg.permissions["metadata"], Level::Read);
        assert!(fg.allows("contents", Level::Read));
        assert!(!fg.allows("issues", Level::Write));
        assert_eq!(r.scopes(), None);
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""format":"github_pat","description":"CI deploys","resourceOwner":"octo-org","repositoryAccess":{"kind":"selected","repositories":["Octo-Org/API","octo-org/web"]},"permissions":{"contents":"write","issues":"read","metadata":"read"}"#), "{json}");
        assert!(!json.contains("scopes") && !json.contains("replacedAt"));
        assert!(!json.contains(&t.expose_secret()[11..]));
        let back: TokenRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        let replaced = r.clone().replaced(NOW + 60);
        let json = serde_json::to_string(&replaced).unwrap();
        assert!(
            json.ends_with(r#""replacedAt":"2026-11-23T22:14:20Z"}"#),
            "{json}"
        );
        assert!(serde_json::from_str::<TokenRecord>(&json)
            .unwrap()
            .is_replaced());
    }

    #[test]
    fn account_only_and_public_tokens_get_no_metadata() {
        let req = request("public", &[], &[("gists", "write")]);
        let d = RecordDraft::fine_grained("g", &req, Expiration::Days(7), NOW).unwrap();
        let r = d.finish(&fine_token()).unwrap();
        let fg = r.fine_grained().unwrap();
        assert_eq!(fg.permissions.len(), 1);
        assert_eq!(fg.repository_access, RepositoryAccess::Public);
        let req = request("all", &[], &[]);
        let r = RecordDraft::fine_grained("n", &req, Expiration::Days(7), NOW)
            .unwrap()
            .finish(&fine_token())
            .unwrap();
        assert!(r.fine_grained().unwrap().permissions.is_empty());
    }

    #[test]
    fn fine_grained_bad_input_gets_a_coded_error() {
        let mk = |req: &FineGrainedRequest| {
            access_err(RecordDraft::fine_grained(
                "n",
                req,
                Expiration::Days(30),
                NOW,
            ))
        };
        let code = |e: AccessError| crate::ErrorCode::code(&e);
        let cases: Vec<(FineGrainedRequest, &str)> = vec![
            (
                request("all", &[], &[("nope", "read")]),
                "unknown_permission",
            ),
            (
                request("all", &[], &[("contents", "admin")]),
                "invalid_level",
            ),
            (
                request("all", &[], &[("metadata", "write")]),
                "level_not_offered",
            ),
            (
                request("all", &[], &[("workflows", "read")]),
                "level_not_offered",
            ),
            (request("selected", &[], &[]), "no_repositories"),
            (
                request("all", &["octo-org/a"], &[]),
                "repositories_not_selected",
            ),
            (request("some", &[], &[]), "invalid_repository_access"),
            (
                request("selected", &["octo-org"], &[]),
                "invalid_repository",
            ),
            (
                request("selected", &["octo-org/a b"], &[]),
                "invalid_repository",
            ),
            (
                request("selected", &["octo-org/.."], &[]),
                "invalid_repository",
            ),
            (
                request("selected", &["octo-org/hello.git"], &[]),
                "invalid_repository",
            ),
            (
                request("selected", &["octo-org/api", "octo-org/Hello.Git"], &[]),
                "invalid_repository",
            ),
            (
                request("selected", &["other/a"], &[]),
                "repository_owner_mismatch",
            ),
            (
                request("public", &[], &[("contents", "read")]),
                "repository_permissions_need_repositories",
            ),
        ];
        for (req, expected) in cases {
            assert_eq!(code(mk(&req)), expected, "{req:?}");
        }
        for owner in [
            "",
            "-octo",
            "octo-",
            "oc--to",
            "octo_org",
            &"a".repeat(40),
            "ｏｃｔｏ",
        ] {
            let mut req = request("all", &[], &[]);
            req.resource_owner = owner.into();
            let expected = if owner.is_empty() {
                "resource_owner_required"
            } else {
                "invalid_resource_owner"
            };
            assert_eq!(code(mk(&req)), expected, "{owner}");
        }
        let mut req = request("all", &[], &[]);
        req.resource_owner = "a".repeat(39);
        assert!(RecordDraft::fine_grained("n", &req, Expiration::Days(7), NOW).is_ok());
        req.description = "é".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(code(mk(&req)), "description_too_long");
        let pasted = SecretToken::generate(&Format::DEFAULT).unwrap();
        req.description = format!("deploys ({})", pasted.expose_secret());
        assert_eq!(code(mk(&req)), "description_holds_token");
        req.description = "ghp_ tokens for deploys".into();
        assert!(RecordDraft::fine_grained("n", &req, Expiration::Days(7), NOW).is_ok());
        let many: Vec<String> = (0..=MAX_REPOSITORIES)
            .map(|i| format!("octo-org/r{i}"))
            .collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            code(mk(&request("selected", &refs, &[]))),
            "too_many_repositories"
        );
        assert!(RecordDraft::fine_grained(
            "n",
            &request("selected", &refs[..MAX_REPOSITORIES], &[]),
            Expiration::Days(7),
            NOW
        )
        .is_ok());
        // An id that might be a secret is not echoed.
        let e = mk(&request(
            "all",
            &[],
            &[("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", "read")],
        ));
        assert_eq!(e, AccessError::UnknownPermission(None));
    }

    #[test]
    fn fine_grained_tokens_expire_within_366_days() {
        let req = request("all", &[], &[]);
        let at = |s: &str| Expiration::from_inputs(None, Some(s)).unwrap();
        let draft = |e| RecordDraft::fine_grained("n", &req, e, NOW);
        assert_eq!(
            access_err(draft(Expiration::Never)),
            AccessError::ExpirationRequired {
                max_days: FINE_GRAINED_MAX_DAYS
            }
        );
        // NOW is 2026-11-23: 366 days later is 2027-11-24.
        assert!(draft(at("2027-11-24")).is_ok());
        assert_eq!(
            draft(at("2027-11-25")).unwrap_err(),
            Error::Record(RecordError::ExpirationTooFar)
        );
        assert!(draft(Expiration::Days(90)).is_ok());
    }

    #[test]
    fn names_are_unique_among_live_records_of_the_same_kind() {
        let req = request("all", &[], &[]);
        let draft = |name| RecordDraft::fine_grained(name, &req, Expiration::Days(7), NOW).unwrap();
        let existing = draft("deploy").finish(&fine_token()).unwrap();
        let classic =
            TokenRecord::new("ci", &token(), &["repo"], Expiration::Days(7), NOW).unwrap();
        let records = [existing.clone(), classic];
        assert_eq!(
            draft(" deploy ").check_unique_name(&records),
            Err(RecordError::NameTaken)
        );
        assert!(
            draft("ci").check_unique_name(&records).is_ok(),
            "a classic note does not hold a fine-grained name"
        );
        assert!(draft("Deploy").check_unique_name(&records).is_ok());
        assert!(draft("deploy")
            .check_unique_name(&[existing.replaced(NOW + 1)])
            .is_ok());
        let classic_draft =
            |name| RecordDraft::new(name, &["repo"], Expiration::Days(7), NOW).unwrap();
        assert!(classic_draft("deploy").check_unique_name(&records).is_ok());
        assert_eq!(
            classic_draft("ci").check_unique_name(&records),
            Err(RecordError::NameTaken),
            "classic notes are unique among classic tokens, as on GitHub"
        );
    }

    #[test]
    fn format_and_access_must_match() {
        let classic = RecordDraft::new("n", &["repo"], Expiration::Days(7), NOW).unwrap();
        assert_eq!(
            classic.clone().finish(&fine_token()).unwrap_err(),
            Error::Access(AccessError::ScopesNotAllowed)
        );
        assert!(classic.check_format(&Format::DEFAULT).is_ok());
        let fine =
            RecordDraft::fine_grained("n", &request("all", &[], &[]), Expiration::Days(7), NOW)
                .unwrap();
        assert_eq!(
            fine.finish(&token()).unwrap_err(),
            Error::Access(AccessError::FineGrainedOnly)
        );
    }

    fn mint_request(
        scopes: &[&str],
        fine_grained: Option<FineGrainedRequest>,
        expiration: Expiration,
    ) -> MintRequest {
        MintRequest {
            name: "svc".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            fine_grained,
            expiration,
            ..Default::default()
        }
    }

    #[test]
    fn custom_prefix_records_carry_the_services_own_scopes() {
        let acme = Format::parse("custom:acme").unwrap();
        let mint = |format: &Format, custom: &[&str]| {
            let request = MintRequest {
                name: "svc".into(),
                scopes: vec!["gist".into()],
                custom_scopes: custom.iter().map(|s| s.to_string()).collect(),
                expiration: Expiration::Days(30),
                ..Default::default()
            };
            RecordDraft::for_format(format, request, NOW)
        };
        let draft = mint(&acme, &["packages:read", "deploy", "packages:write"]).unwrap();
        let record = draft
            .clone()
            .finish(&SecretToken::generate(&acme).unwrap())
            .unwrap();
        assert_eq!(record.custom_scopes(), ["packages:write", "deploy"]);
        assert_eq!(record.scopes(), Some(&["gist".to_owned()][..]));
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(
            json["customScopes"],
            serde_json::json!(["packages:write", "deploy"])
        );
        assert_eq!(parse(json).unwrap(), record);
        // Not on a GitHub token: the draft is refused, and so is its token.
        assert_eq!(
            draft.finish(&token()).unwrap_err(),
            Error::Access(AccessError::CustomScopesNotAllowed)
        );
        let not_custom = [
            (
                Format::DEFAULT,
                mint_request(&["gist"], None, Expiration::Days(30)),
            ),
            (
                "ghs".parse().unwrap(),
                mint_request(&[], None, Expiration::Never),
            ),
            (
                Format::FineGrained,
                mint_request(&[], Some(request("all", &[], &[])), Expiration::Days(30)),
            ),
        ];
        for (format, mut request) in not_custom {
            assert!(RecordDraft::for_format(&format, request.clone(), NOW).is_ok());
            request.custom_scopes = vec!["deploy".into()];
            assert_eq!(
                RecordDraft::for_format(&format, request, NOW).unwrap_err(),
                Error::Access(AccessError::CustomScopesNotAllowed)
            );
        }
        assert_eq!(
            mint(&acme, &["deploy", "Deploy"]).unwrap_err(),
            Error::Access(AccessError::InvalidCustomScope {
                at: 2,
                max: custom_scopes::MAX_CHARS
            })
        );
        // None given: no key, as on every record before custom scopes.
        let plain = mint(&acme, &[" ", ""])
            .unwrap()
            .finish(&SecretToken::generate(&acme).unwrap())
            .unwrap();
        assert!(plain.custom_scopes().is_empty());
        assert!(serde_json::to_value(&plain)
            .unwrap()
            .get("customScopes")
            .is_none());
    }

    #[test]
    fn stored_custom_scopes_are_validated() {
        let mut custom = classic_json();
        custom["format"] = "custom:acme".into();
        let with = |list: serde_json::Value| {
            let mut v = custom.clone();
            v["customScopes"] = list;
            parse(v)
        };
        assert!(parse(custom.clone()).is_ok(), "old records stay valid");
        assert_eq!(
            with(serde_json::json!(["x:read", "x"]))
                .unwrap()
                .custom_scopes(),
            ["x:read"]
        );
        for bad in [
            serde_json::json!([]),
            serde_json::json!(["Deploy"]),
            serde_json::json!(["a:owner"]),
            serde_json::json!("deploy"),
        ] {
            assert!(with(bad.clone()).is_err(), "{bad}");
        }
        for (base, format) in [(classic_json(), "ghp"), (fine_json(), "github_pat")] {
            let mut v = base;
            v["customScopes"] = serde_json::json!(["deploy"]);
            assert!(parse(v).is_err(), "{format} with custom scopes");
        }
    }

    fn classic_json() -> serde_json::Value {
        serde_json::json!({
            "name": "ci", "format": "ghp", "scopes": ["repo"],
            "createdAt": "2026-11-23T22:13:20Z", "expiresAt": null,
            "fingerprint": "a".repeat(64), "last4": "T4V4"
        })
    }

    fn fine_json() -> serde_json::Value {
        serde_json::json!({
            "name": "ci", "format": "github_pat", "description": "",
            "resourceOwner": "octocat",
            "repositoryAccess": { "kind": "selected", "repositories": ["octocat/hello"] },
            "permissions": { "contents": "read", "metadata": "read" },
            "createdAt": "2026-11-23T22:13:20Z", "expiresAt": "2026-12-23T22:13:20Z",
            "fingerprint": "b".repeat(64), "last4": "a_Z9"
        })
    }

    fn parse(v: serde_json::Value) -> Result<TokenRecord, String> {
        serde_json::from_value::<TokenRecord>(v).map_err(|e| e.to_string())
    }

    #[test]
    fn stored_records_are_validated_like_minted_ones() {
        assert!(parse(classic_json()).is_ok());
        assert!(parse(fine_json()).is_ok());
        let bad = |base: fn() -> serde_json::Value, key: &str, value: serde_json::Value| {
            let mut v = base();
            if value.is_null() && key != "expiresAt" {
                v.as_object_mut().unwrap().remove(key);
            } else {
                v[key] = value;
            }
            parse(v).expect_err(key)
        };
        use serde_json::json;
        bad(classic_json, "fingerprint", json!("A".repeat(64)));
        bad(classic_json, "fingerprint", json!("a".repeat(63)));
        bad(classic_json, "last4", json!("T4V"));
        bad(classic_json, "last4", json!("T4V€"));
        bad(classic_json, "name", json!(" ci"));
        bad(classic_json, "name", json!(""));
        bad(classic_json, "format", json!("custom:acme:40"));
        bad(classic_json, "format", json!("custom:ghp"));
        bad(classic_json, "scopes", json!(["root"]));
        bad(classic_json, "scopes", serde_json::Value::Null);
        bad(classic_json, "createdAt", json!("2026-11-23"));
        // Out of the writable range: would be clamped, and no longer after createdAt.
        bad(
            classic_json,
            "createdAt",
            json!("1970-01-01T00:00:00+01:00"),
        );
        bad(
            classic_json,
            "expiresAt",
            json!("9999-12-31T23:59:59-01:00"),
        );
        bad(classic_json, "expiresAt", json!("2026-11-23T22:13:20Z"));
        bad(classic_json, "description", json!(""));
        bad(classic_json, "secret", json!("s"));
        bad(classic_json, "replacedAt", json!("2026-11-22T00:00:00Z"));
        bad(fine_json, "scopes", json!([]));
        bad(fine_json, "expiresAt", serde_json::Value::Null);
        bad(fine_json, "expiresAt", json!("2027-11-25T00:00:00Z"));
        bad(fine_json, "permissions", json!({ "metadata": "write" }));
        bad(fine_json, "permissions", serde_json::Value::Null);
        bad(fine_json, "resourceOwner", json!("octo cat"));
        bad(fine_json, "repositoryAccess", json!({ "kind": "selected" }));
        bad(
            fine_json,
            "repositoryAccess",
            json!({ "kind": "selected", "repositories": [] }),
        );
        bad(
            fine_json,
            "repositoryAccess",
            json!({ "kind": "all", "repositories": [] }),
        );
        bad(
            fine_json,
            "repositoryAccess",
            json!({ "kind": "all", "extra": 1 }),
        );
        bad(fine_json, "format", json!("ghp"));
        // The longest allowed expiry and GitHub's normal form on load.
        let mut v = fine_json();
        v["expiresAt"] = json!("2027-11-24T23:59:59Z");
        v["permissions"] = json!({ "issues": "write" });
        let r = parse(v).unwrap();
        assert_eq!(
            r.fine_grained().unwrap().permissions["metadata"],
            Level::Read
        );
        let mut v = classic_json();
        v["scopes"] = json!(["user", "user:email"]);
        v["createdAt"] = json!("2026-11-23T23:13:20+01:00");
        let r = parse(v).unwrap();
        assert_eq!(r.scopes().unwrap(), ["user"]);
        assert_eq!(r.created_at, "2026-11-23T22:13:20Z");
    }

    #[test]
    fn sixty_emoji_name_is_valid() {
        // 60 emoji are 120 UTF-16 units: the limit counts characters, as the JS check does.
        let mut v = classic_json();
        v["name"] = serde_json::json!("🔑".repeat(60));
        assert!(parse(v).is_ok());
        let mut v = classic_json();
        v["name"] = serde_json::json!("🔑".repeat(101));
        assert!(parse(v).is_err());
    }
}
