//! Typed errors, one enum per concern, each with a stable machine code.
//!
//! Messages are written for people and never contain the input that caused them: a rejected
//! "token" may well be a real secret pasted by mistake.

use core::fmt;

/// An error with a stable, machine-readable code (`snake_case`), used by the CLI output and
/// mapped to the `code` property of JavaScript errors.
pub trait ErrorCode: fmt::Display {
    /// The stable code, e.g. `checksum_mismatch`.
    fn code(&self) -> &'static str;
}

/// Why a string is not a valid token.
///
/// ```
/// use patmint::{check, ErrorCode};
/// let err = check("ghp_not-a-token").unwrap_err();
/// assert_eq!(err.code(), "wrong_length");
/// assert!(!err.to_string().contains("not-a-token"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The input is empty.
    Empty,
    /// The input is longer than any token format allows; it was not examined further.
    TooLong {
        /// Longest input examined, in bytes.
        max: usize,
    },
    /// The input does not start with a known prefix.
    UnknownPrefix,
    /// The prefix is known but the length (in characters) is wrong.
    WrongLength {
        /// Expected length in characters (the minimum when a range is allowed).
        expected: usize,
        /// Upper bound when the format allows a range of lengths.
        expected_max: Option<usize>,
        /// Length found, in characters.
        found: usize,
    },
    /// A character that the format does not allow; `position` is its 0-based character index.
    InvalidCharacter {
        /// 0-based index of the offending character (counted in Unicode scalar values).
        position: usize,
    },
    /// The checksum does not match the random part: a typo, or not a real token.
    ChecksumMismatch,
}

impl ErrorCode for TokenError {
    fn code(&self) -> &'static str {
        match self {
            TokenError::Empty => "empty",
            TokenError::TooLong { .. } => "too_long",
            TokenError::UnknownPrefix => "unknown_prefix",
            TokenError::WrongLength { .. } => "wrong_length",
            TokenError::InvalidCharacter { .. } => "invalid_character",
            TokenError::ChecksumMismatch => "checksum_mismatch",
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Empty => f.write_str("the token is empty"),
            TokenError::TooLong { max } => num(
                f,
                "the input is longer than ",
                *max,
                " bytes, which no token format allows",
            ),
            TokenError::UnknownPrefix => f.write_str(
                "unknown token prefix: expected ghp_, gho_, ghu_, ghs_, ghr_, github_pat_ \
                 or a registered custom prefix",
            ),
            TokenError::WrongLength {
                expected,
                expected_max: None,
                found,
            } => {
                num(
                    f,
                    "wrong length: expected ",
                    *expected,
                    " characters, found ",
                )?;
                num(f, "", *found, "")
            }
            TokenError::WrongLength {
                expected,
                expected_max: Some(max),
                found,
            } => {
                num(f, "wrong length: expected ", *expected, " to ")?;
                num(f, "", *max, " characters, found ")?;
                num(f, "", *found, "")
            }
            TokenError::InvalidCharacter { position } => num(
                f,
                "invalid character at position ",
                position + 1,
                " (1-based): only 0-9, A-Z and a-z are allowed there",
            ),
            TokenError::ChecksumMismatch => f.write_str(
                "checksum mismatch: the last 6 characters do not match the rest \
                 (a typo, or not a real token)",
            ),
        }
    }
}

impl std::error::Error for TokenError {}

/// Why a format id or custom-prefix specification was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The id is not one of the known formats.
    UnknownFormat,
    /// A custom prefix that is not a lowercase letter followed by lowercase letters or digits,
    /// `min..=max` characters in all, or that collides with a GitHub prefix.
    InvalidPrefix {
        /// Shortest prefix allowed, in characters.
        min: usize,
        /// Longest prefix allowed, in characters.
        max: usize,
    },
    /// A custom prefix that another vendor's tokens start with (`npm`, `hf`, `sk`, …:
    /// `format::VENDOR_PREFIXES`): the scanner would report its tokens as that vendor's.
    VendorPrefix,
    /// A custom random length outside `min..=max`.
    InvalidLength {
        /// Fewest random characters allowed.
        min: usize,
        /// Most random characters allowed.
        max: usize,
    },
}

impl ErrorCode for FormatError {
    fn code(&self) -> &'static str {
        match self {
            FormatError::UnknownFormat => "unknown_format",
            FormatError::InvalidPrefix { .. } => "invalid_prefix",
            FormatError::VendorPrefix => "vendor_prefix",
            FormatError::InvalidLength { .. } => "invalid_length",
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::UnknownFormat => f.write_str(
                "unknown format: expected ghp, gho, ghu, ghs, ghr, github_pat or custom:<prefix>",
            ),
            FormatError::InvalidPrefix { min, max } => {
                num(f, "invalid prefix: use ", *min, " to ")?;
                num(
                    f,
                    "",
                    *max,
                    " characters, a lowercase letter followed by lowercase letters or digits \
                     (e.g. acme), and not a GitHub prefix",
                )
            }
            FormatError::VendorPrefix => f.write_str(
                "prefix taken: another vendor's tokens start with it, so a scanner would report \
                 yours as theirs",
            ),
            FormatError::InvalidLength { min, max } => {
                num(
                    f,
                    "invalid length: the random part must have ",
                    *min,
                    " to ",
                )?;
                num(f, "", *max, " characters")
            }
        }
    }
}

impl std::error::Error for FormatError {}

/// Why a scope list was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeError {
    /// A scope that is not in GitHub's classic catalogue. Carries the scope only when it looks
    /// like a scope name (short, `[a-z_:]`), so that a pasted secret is never echoed.
    UnknownScope(Option<String>),
}

impl ErrorCode for ScopeError {
    fn code(&self) -> &'static str {
        "unknown_scope"
    }
}

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeError::UnknownScope(Some(s)) => write!(f, "unknown scope: {s}"),
            ScopeError::UnknownScope(None) => f.write_str("unknown scope"),
        }
    }
}

impl std::error::Error for ScopeError {}

/// Why a token record (name, expiration) was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// The note/name is empty after trimming.
    EmptyName,
    /// The name is too long.
    NameTooLong {
        /// Longest name allowed, in characters.
        max: usize,
    },
    /// The name holds a token (pasted into the wrong field): a name is stored, a token never is.
    NameHoldsToken,
    /// An expiration preset (in days) that is not one of `presets`.
    InvalidPreset {
        /// The presets offered, in days.
        presets: &'static [u32],
    },
    /// A custom expiration date that cannot be parsed.
    InvalidDate,
    /// A custom expiration that is not in the future.
    ExpirationInPast,
    /// A custom expiration more than one year ahead.
    ExpirationTooFar,
    /// Both a preset and a custom date were given.
    ConflictingExpiration,
    /// A fine-grained token name already used by another (not replaced) fine-grained record:
    /// GitHub requires token names to be unique.
    NameTaken,
    /// A stored record whose field is malformed (read from storage or an export file).
    Malformed {
        /// The field, in its JSON spelling (e.g. `fingerprint`).
        field: &'static str,
        /// What was expected there.
        expected: &'static str,
    },
    /// A stored record with a key that no record has. Carries the key only when it looks
    /// like one (short, ASCII letters and digits).
    UnknownField(Option<String>),
}

impl ErrorCode for RecordError {
    fn code(&self) -> &'static str {
        match self {
            RecordError::EmptyName => "empty_name",
            RecordError::NameTooLong { .. } => "name_too_long",
            RecordError::NameHoldsToken => "name_holds_token",
            RecordError::InvalidPreset { .. } => "invalid_expiration",
            RecordError::InvalidDate => "invalid_date",
            RecordError::ExpirationInPast => "expiration_in_past",
            RecordError::ExpirationTooFar => "expiration_too_far",
            RecordError::ConflictingExpiration => "conflicting_expiration",
            RecordError::NameTaken => "name_taken",
            RecordError::Malformed { .. } => "malformed_record",
            RecordError::UnknownField(_) => "unknown_field",
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::EmptyName => f.write_str("a note is required: what is this token for?"),
            RecordError::NameTooLong { max } => {
                num(f, "the note is too long: at most ", *max, " characters")
            }
            RecordError::NameHoldsToken => f.write_str(
                "the note holds a token: a note is stored with the record, so it must never \
                 contain the secret",
            ),
            RecordError::InvalidPreset { presets } => write!(
                f,
                "invalid expiration: choose {} days, a date, or none",
                OneOf(presets)
            ),
            RecordError::InvalidDate => f.write_str(
                "invalid date: use YYYY-MM-DD or an RFC 3339 time such as 2026-12-31T23:59:59Z",
            ),
            RecordError::ExpirationInPast => {
                f.write_str("the expiration date must be in the future")
            }
            RecordError::ExpirationTooFar => {
                f.write_str("the expiration date must be at most one year ahead")
            }
            RecordError::ConflictingExpiration => {
                f.write_str("give either a number of days or a date for the expiration, not both")
            }
            RecordError::NameTaken => {
                f.write_str("a token with this name already exists: token names are unique")
            }
            RecordError::Malformed { field, expected } => {
                write!(f, "malformed record: {field} must be {expected}")
            }
            RecordError::UnknownField(Some(k)) => write!(f, "unknown record field: {k}"),
            RecordError::UnknownField(None) => f.write_str("unknown record field"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Why the fine-grained part of a token (resource owner, repository access, permissions) was
/// rejected, or a field given to the wrong kind of token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessError {
    /// Classic scopes given for a fine-grained token, which has permissions instead.
    ScopesNotAllowed,
    /// A fine-grained field (description, resource owner, repository access, permissions)
    /// given for a token format that has scopes.
    FineGrainedOnly,
    /// A permission that is not in GitHub's catalogue. Carries the id only when it looks like
    /// one (short, `[a-z_]`).
    UnknownPermission(Option<String>),
    /// A level other than `read` or `write`.
    InvalidLevel,
    /// A level GitHub does not offer for that permission (e.g. `metadata: write`).
    LevelNotOffered {
        /// The permission id.
        permission: &'static str,
        /// The levels GitHub offers for it, in words (`read`, `write` or `read or write`).
        offered: &'static str,
    },
    /// No resource owner.
    ResourceOwnerRequired,
    /// A resource owner that is not a GitHub login.
    InvalidResourceOwner {
        /// Longest login, in characters.
        max: usize,
    },
    /// A repository access kind other than `public`, `all` or `selected`.
    InvalidRepositoryAccess,
    /// "Only select repositories" with no repository.
    NoRepositories,
    /// Repositories listed while the access is not "Only select repositories".
    RepositoriesNotSelected,
    /// Too many repositories.
    TooManyRepositories {
        /// Most repositories allowed.
        max: usize,
    },
    /// A repository that is not `owner/name` with GitHub's rules for both parts.
    InvalidRepository {
        /// The 1-based position in the list.
        at: usize,
        /// Longest repository name, in characters.
        max: usize,
    },
    /// A repository whose owner is not the resource owner.
    RepositoryOwnerMismatch(usize),
    /// Repository permissions with "Public repositories (read-only)" access.
    RepositoryPermissionsNeedRepositories,
    /// A description that is too long.
    DescriptionTooLong {
        /// Longest description allowed, in characters.
        max: usize,
    },
    /// A description that holds a valid token (pasted into the wrong field, it would be
    /// stored in the record).
    DescriptionHoldsToken,
    /// No expiration: fine-grained tokens always expire.
    ExpirationRequired {
        /// The most days ahead an expiration may be.
        max_days: i64,
    },
    /// An expiration given for an app-issued fixture (`gho_`, `ghu_`, `ghs_`, `ghr_`), whose
    /// lifetime is GitHub's.
    FixedLifetime,
    /// Scopes given for an app-issued fixture: patmint mints those without scopes.
    FixtureScopes,
    /// A custom scope (the service's own) that is not `name` or `name:level`.
    InvalidCustomScope {
        /// The 1-based position in the list.
        at: usize,
        /// Longest entry, in characters.
        max: usize,
    },
    /// Too many custom scopes.
    TooManyCustomScopes {
        /// Most custom scopes allowed.
        max: usize,
    },
    /// Custom scopes given for a token that has no custom prefix.
    CustomScopesNotAllowed,
}

impl ErrorCode for AccessError {
    fn code(&self) -> &'static str {
        match self {
            AccessError::ScopesNotAllowed => "scopes_not_allowed",
            AccessError::FineGrainedOnly => "fine_grained_only",
            AccessError::UnknownPermission(_) => "unknown_permission",
            AccessError::InvalidLevel => "invalid_level",
            AccessError::LevelNotOffered { .. } => "level_not_offered",
            AccessError::ResourceOwnerRequired => "resource_owner_required",
            AccessError::InvalidResourceOwner { .. } => "invalid_resource_owner",
            AccessError::InvalidRepositoryAccess => "invalid_repository_access",
            AccessError::NoRepositories => "no_repositories",
            AccessError::RepositoriesNotSelected => "repositories_not_selected",
            AccessError::TooManyRepositories { .. } => "too_many_repositories",
            AccessError::InvalidRepository { .. } => "invalid_repository",
            AccessError::RepositoryOwnerMismatch(_) => "repository_owner_mismatch",
            AccessError::RepositoryPermissionsNeedRepositories => {
                "repository_permissions_need_repositories"
            }
            AccessError::DescriptionTooLong { .. } => "description_too_long",
            AccessError::DescriptionHoldsToken => "description_holds_token",
            AccessError::ExpirationRequired { .. } => "expiration_required",
            AccessError::FixedLifetime => "fixed_lifetime",
            AccessError::FixtureScopes => "fixture_scopes",
            AccessError::InvalidCustomScope { .. } => "invalid_custom_scope",
            AccessError::TooManyCustomScopes { .. } => "too_many_custom_scopes",
            AccessError::CustomScopesNotAllowed => "custom_scopes_not_allowed",
        }
    }
}

impl fmt::Display for AccessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccessError::ScopesNotAllowed => {
                f.write_str("fine-grained tokens have no scopes: choose permissions instead")
            }
            AccessError::FineGrainedOnly => f.write_str(
                "description, resource owner, repository access and permissions belong to \
                 fine-grained tokens (format github_pat)",
            ),
            AccessError::UnknownPermission(Some(id)) => write!(f, "unknown permission: {id}"),
            AccessError::UnknownPermission(None) => f.write_str("unknown permission"),
            AccessError::InvalidLevel => f.write_str("invalid level: use read or write"),
            AccessError::LevelNotOffered {
                permission,
                offered,
            } => write!(
                f,
                "GitHub offers only {offered} for the permission {permission}"
            ),
            AccessError::ResourceOwnerRequired => f.write_str(
                "a resource owner is required: the user or organization the token acts on",
            ),
            AccessError::InvalidResourceOwner { max } => num(
                f,
                "invalid resource owner: a GitHub login has 1 to ",
                *max,
                " letters, digits or single hyphens, and does not start or end with a hyphen",
            ),
            AccessError::InvalidRepositoryAccess => {
                f.write_str("invalid repository access: choose public, all or selected")
            }
            AccessError::NoRepositories => {
                f.write_str("choose at least one repository, or another repository access")
            }
            AccessError::RepositoriesNotSelected => f.write_str(
                "repositories are listed only with \"Only select repositories\" (selected)",
            ),
            AccessError::TooManyRepositories { max } => {
                num(f, "too many repositories: at most ", *max, "")
            }
            AccessError::InvalidRepository { at, max } => {
                num(
                    f,
                    "repository ",
                    *at,
                    " is not owner/name: a name has 1 to ",
                )?;
                num(
                    f,
                    "",
                    *max,
                    " letters, digits, '.', '-' or '_', not ending in .git",
                )
            }
            AccessError::RepositoryOwnerMismatch(at) => num(
                f,
                "repository ",
                *at,
                " does not belong to the resource owner",
            ),
            AccessError::RepositoryPermissionsNeedRepositories => f.write_str(
                "repository permissions need \"All repositories\" or \"Only select \
                 repositories\": public repositories are read-only",
            ),
            AccessError::DescriptionTooLong { max } => num(
                f,
                "the description is too long: at most ",
                *max,
                " characters",
            ),
            AccessError::ExpirationRequired { max_days } => num(
                f,
                "fine-grained tokens must expire: choose at most ",
                *max_days as usize,
                " days",
            ),
            AccessError::DescriptionHoldsToken => f.write_str(
                "the description holds a token: it is stored with the record, so it must never \
                 contain the secret",
            ),
            AccessError::FixedLifetime => f.write_str(
                "gho_, ghu_, ghs_ and ghr_ tokens have GitHub's own lifetime: give no expiration",
            ),
            AccessError::FixtureScopes => {
                f.write_str("gho_, ghu_, ghs_ and ghr_ test fixtures are minted without scopes")
            }
            AccessError::InvalidCustomScope { at, max } => {
                num(f, "service scope ", *at, " is not name or name:level (a-z first, then a-z, 0-9, . - _; level read, write or admin; at most ")?;
                num(f, "", *max, " characters)")
            }
            AccessError::TooManyCustomScopes { max } => {
                num(f, "too many service scopes: at most ", *max, "")
            }
            AccessError::CustomScopesNotAllowed => {
                f.write_str("a service's own scopes belong to custom-prefix tokens")
            }
        }
    }
}

impl std::error::Error for AccessError {}

/// The operating system / browser random source failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RandomError;

impl ErrorCode for RandomError {
    fn code(&self) -> &'static str {
        "random_unavailable"
    }
}

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the system's secure random number generator is unavailable")
    }
}

impl std::error::Error for RandomError {}

/// Writes `before`, `n` and `after`. Messages with numbers are put together this way rather
/// than with `write!`: each format string costs its own formatting code in the wasm packages,
/// which have a size budget (build.sh).
pub(crate) fn num(f: &mut fmt::Formatter<'_>, before: &str, n: usize, after: &str) -> fmt::Result {
    f.write_str(before)?;
    fmt::Display::fmt(&n, f)?;
    f.write_str(after)
}

/// A list of numbers as a message says it: `7, 30, 60 or 90`.
pub(crate) struct OneOf(pub(crate) &'static [u32]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((last, rest)) = self.0.split_last() else {
            return Ok(());
        };
        for (i, &n) in rest.iter().enumerate() {
            num(f, if i > 0 { ", " } else { "" }, n as usize, "")?;
        }
        num(
            f,
            if rest.is_empty() { "" } else { " or " },
            *last as usize,
            "",
        )
    }
}

/// Any error of the crate, for callers that do several steps at once (minting = format +
/// randomness + record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`TokenError`].
    Token(TokenError),
    /// See [`FormatError`].
    Format(FormatError),
    /// See [`ScopeError`].
    Scope(ScopeError),
    /// See [`RecordError`].
    Record(RecordError),
    /// See [`AccessError`].
    Access(AccessError),
    /// See [`RandomError`].
    Random(RandomError),
    /// A bulk count outside the allowed range.
    InvalidCount {
        /// Largest count allowed.
        max: usize,
    },
}

impl ErrorCode for Error {
    fn code(&self) -> &'static str {
        match self {
            Error::Token(e) => e.code(),
            Error::Format(e) => e.code(),
            Error::Scope(e) => e.code(),
            Error::Record(e) => e.code(),
            Error::Access(e) => e.code(),
            Error::Random(e) => e.code(),
            Error::InvalidCount { .. } => "invalid_count",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Token(e) => e.fmt(f),
            Error::Format(e) => e.fmt(f),
            Error::Scope(e) => e.fmt(f),
            Error::Record(e) => e.fmt(f),
            Error::Access(e) => e.fmt(f),
            Error::Random(e) => e.fmt(f),
            Error::InvalidCount { max } => num(f, "invalid count: use 1 to ", *max, ""),
        }
    }
}

impl std::error::Error for Error {}

macro_rules! from_error {
    ($($variant:ident($ty:ty)),*) => {
        $(impl From<$ty> for Error {
            fn from(e: $ty) -> Self {
                Error::$variant(e)
            }
        })*
    };
}
from_error!(
    Token(TokenError),
    Format(FormatError),
    Scope(ScopeError),
    Record(RecordError),
    Access(AccessError),
    Random(RandomError)
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_snake_case() {
        let all: Vec<Box<dyn ErrorCode>> = vec![
            Box::new(TokenError::Empty),
            Box::new(TokenError::TooLong { max: 1024 }),
            Box::new(TokenError::UnknownPrefix),
            Box::new(TokenError::WrongLength {
                expected: 40,
                expected_max: None,
                found: 3,
            }),
            Box::new(TokenError::InvalidCharacter { position: 0 }),
            Box::new(TokenError::ChecksumMismatch),
            Box::new(FormatError::UnknownFormat),
            Box::new(ScopeError::UnknownScope(None)),
            Box::new(RecordError::ExpirationTooFar),
            Box::new(RecordError::Malformed {
                field: "last4",
                expected: "4 characters",
            }),
            Box::new(AccessError::LevelNotOffered {
                permission: "metadata",
                offered: "read",
            }),
            Box::new(AccessError::RepositoryPermissionsNeedRepositories),
            Box::new(RandomError),
            Box::new(Error::InvalidCount { max: 5 }),
        ];
        for e in all {
            assert!(e
                .code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn messages_give_the_numbers() {
        let e = TokenError::WrongLength {
            expected: 40,
            expected_max: None,
            found: 41,
        };
        assert_eq!(
            e.to_string(),
            "wrong length: expected 40 characters, found 41"
        );
        let e = TokenError::InvalidCharacter { position: 4 };
        assert!(e.to_string().contains("position 5"));
        // Bounds come with the variant: the message restates no limit of its own.
        let bounded: [(Box<dyn ErrorCode>, &str); 14] = [
            (
                Box::new(TokenError::TooLong { max: 7 }),
                "longer than 7 bytes",
            ),
            (
                Box::new(RecordError::NameTooLong { max: 7 }),
                "at most 7 characters",
            ),
            (
                Box::new(AccessError::TooManyRepositories { max: 7 }),
                "at most 7",
            ),
            (
                Box::new(AccessError::DescriptionTooLong { max: 7 }),
                "at most 7 characters",
            ),
            (Box::new(Error::InvalidCount { max: 7 }), "1 to 7"),
            (
                Box::new(FormatError::InvalidPrefix { min: 3, max: 7 }),
                "use 3 to 7 characters",
            ),
            (
                Box::new(FormatError::InvalidLength { min: 3, max: 7 }),
                "3 to 7 characters",
            ),
            (
                Box::new(RecordError::InvalidPreset {
                    presets: &[1, 2, 3],
                }),
                "choose 1, 2 or 3 days",
            ),
            (
                Box::new(AccessError::InvalidResourceOwner { max: 7 }),
                "1 to 7 letters",
            ),
            (
                Box::new(AccessError::InvalidRepository { at: 2, max: 7 }),
                "repository 2 is not owner/name: a name has 1 to 7 letters",
            ),
            (
                Box::new(AccessError::ExpirationRequired { max_days: 7 }),
                "at most 7 days",
            ),
            (
                Box::new(AccessError::InvalidCustomScope { at: 2, max: 7 }),
                "service scope 2 is not name or name:level",
            ),
            (
                Box::new(AccessError::InvalidCustomScope { at: 2, max: 7 }),
                "at most 7 characters",
            ),
            (
                Box::new(AccessError::TooManyCustomScopes { max: 7 }),
                "at most 7",
            ),
        ];
        for (e, says) in bounded {
            assert!(e.to_string().contains(says), "{e}");
        }
        assert_eq!(OneOf(&[]).to_string(), "");
        assert_eq!(OneOf(&[7]).to_string(), "7");
        assert_eq!(OneOf(&[7, 30]).to_string(), "7 or 30");
    }
}
