//! The catalogue of token formats: GitHub's classic family, GitHub's fine-grained shape and
//! custom prefixes, each with a stable id.

use core::fmt;

use crate::checksum;
use crate::error::FormatError;

/// The GitHub classic family: 4-character prefix + 30 random + 6 checksum = 40 characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Classic {
    /// `ghp_`: personal access token (classic).
    Ghp,
    /// `gho_`: OAuth access token.
    Gho,
    /// `ghu_`: GitHub App user-to-server token.
    Ghu,
    /// `ghs_`: GitHub App installation (server-to-server) token.
    Ghs,
    /// `ghr_`: GitHub App refresh token.
    Ghr,
}

/// Random characters in a classic token.
pub const CLASSIC_RANDOM_LEN: usize = 30;
/// Total length of a classic token.
pub const CLASSIC_LEN: usize = 4 + CLASSIC_RANDOM_LEN + checksum::LEN;

/// The fine-grained prefix.
pub const FINE_GRAINED_PREFIX: &str = "github_pat_";
/// Characters of the first random part of a fine-grained token.
pub const FINE_GRAINED_FIRST: usize = 22;
/// Characters of the second random part of a fine-grained token.
pub const FINE_GRAINED_SECOND: usize = 59;
/// Total length of a fine-grained token: `github_pat_` + 22 + `_` + 59.
pub const FINE_GRAINED_LEN: usize = 11 + FINE_GRAINED_FIRST + 1 + FINE_GRAINED_SECOND;

/// Longest GitHub App installation token of the 2026 form (`ghs_<app id>_<JWT>`) that is
/// recognised, in characters. GitHub issues them at "about 520 characters", varying with the
/// claims, and asks integrators to allow at least 520
/// (<https://github.blog/changelog/2026-04-24-notice-about-upcoming-new-format-for-github-app-installation-tokens/>,
/// read 2026-12-02); twice that leaves room for longer claims and still bounds the work.
pub const GHS_JWT_MAX_LEN: usize = 1024;
/// Shortest body after `ghs_` of the 2026 form: GitHub's published pattern is
/// `ghs_[A-Za-z0-9._]{36,}`.
pub const GHS_JWT_MIN_BODY: usize = 36;

/// Length of the body of a 2026 installation token at the start of `body` (the bytes after
/// `ghs_`): an app id in decimal, `_`, then a JWT — three base64url segments joined by `.`,
/// the header starting with `eyJ` (`{"` encoded). The run is maximal: `None` when the shape
/// does not match, or when the run goes on past [`GHS_JWT_MAX_LEN`]. Shape only: the JWT is
/// signed by GitHub, and nobody else can check it.
///
/// ```
/// use patmint::format::ghs_jwt_body_len;
/// let body = format!("12345_eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJnaXRodWIifQ.{}", "s".repeat(40));
/// assert_eq!(ghs_jwt_body_len(format!("{body}. Done").as_bytes()), Some(body.len()));
/// assert_eq!(ghs_jwt_body_len(b"12345_notajwt"), None);
/// ```
#[inline(never)]
pub fn ghs_jwt_body_len(body: &[u8]) -> Option<usize> {
    // Plain loops over `get`: iterator chains and slicing cost the minting package ~0.3 KB.
    let mut i = 0;
    while body.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == 0 || i > 20 || body.get(i) != Some(&b'_') || body.get(i + 1..i + 4) != Some(b"eyJ") {
        return None;
    }
    i += 1;
    let (mut dots, mut segment) = (0, 0);
    while let Some(&b) = body.get(i) {
        if b == b'.' && segment > 0 && dots < 2 {
            dots += 1;
            segment = 0;
        } else if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            segment += 1;
        } else {
            break;
        }
        i += 1;
        if 4 + i > GHS_JWT_MAX_LEN {
            return None;
        }
    }
    (dots == 2 && segment > 0 && i >= GHS_JWT_MIN_BODY).then_some(i)
}

/// Bounds of a custom prefix (without its `_`), in characters.
pub const CUSTOM_PREFIX_MIN: usize = 2;
/// See [`CUSTOM_PREFIX_MIN`].
pub const CUSTOM_PREFIX_MAX: usize = 16;

/// Bounds and default of the random part of a custom-prefix token.
pub const CUSTOM_RANDOM_MIN: usize = 16;
/// See [`CUSTOM_RANDOM_MIN`].
pub const CUSTOM_RANDOM_MAX: usize = 128;
/// See [`CUSTOM_RANDOM_MIN`].
pub const CUSTOM_RANDOM_DEFAULT: usize = 30;

/// Other vendors' prefixes that the scanner knows (`src/scan/formats.rs`), as a custom prefix
/// would be written (`npm` of `npm_`, `sk` of `sk_live_` and `sk-proj-`): a custom format that
/// took one would have its tokens reported as that vendor's — `npm_` tokens even proven, as
/// they carry the same checksum. The scanner's test `vendor_prefixes_are_the_catalogues` holds
/// this list to its catalogue, and tests/contract.rs the pages' copy (www/lib/model.js).
pub const VENDOR_PREFIXES: [&str; 17] = [
    "npm", "glpat", "pypi", "xoxa", "xoxb", "xoxp", "xoxr", "xoxs", "sk", "rk", "hf", "shpat",
    "shpss", "shpca", "shppa", "sb", "dp",
];

const INVALID_PREFIX: FormatError = FormatError::InvalidPrefix {
    min: CUSTOM_PREFIX_MIN,
    max: CUSTOM_PREFIX_MAX,
};
const INVALID_LENGTH: FormatError = FormatError::InvalidLength {
    min: CUSTOM_RANDOM_MIN,
    max: CUSTOM_RANDOM_MAX,
};

impl Classic {
    /// All members, in GitHub's documentation order.
    pub const ALL: [Classic; 5] = [
        Classic::Ghp,
        Classic::Gho,
        Classic::Ghu,
        Classic::Ghs,
        Classic::Ghr,
    ];

    /// The stable id, e.g. `ghp`.
    pub const fn id(self) -> &'static str {
        match self {
            Classic::Ghp => "ghp",
            Classic::Gho => "gho",
            Classic::Ghu => "ghu",
            Classic::Ghs => "ghs",
            Classic::Ghr => "ghr",
        }
    }

    /// The prefix including its underscore, e.g. `ghp_`.
    pub const fn prefix(self) -> &'static str {
        match self {
            Classic::Ghp => "ghp_",
            Classic::Gho => "gho_",
            Classic::Ghu => "ghu_",
            Classic::Ghs => "ghs_",
            Classic::Ghr => "ghr_",
        }
    }

    /// Whether tokens of this type are issued by GitHub to apps rather than created by people
    /// (`gho_`, `ghu_`, `ghs_`, `ghr_`): patmint mints them only as test fixtures, without
    /// scopes and with GitHub's own lifetime ([`Classic::lifetime_secs`]).
    pub fn is_fixture(self) -> bool {
        !matches!(self, Classic::Ghp)
    }

    /// GitHub's fixed lifetime of an app-issued token, in seconds (GitHub Docs, read
    /// 2026-12-02: "Refreshing user access tokens" — a user access token expires after eight
    /// hours, its refresh token after six months, the example response giving
    /// `refresh_token_expires_in: 15811200`; "Authenticating as a GitHub App installation" —
    /// an installation access token expires after one hour). `None` for `ghp_`, whose owner
    /// chooses, and for `gho_`: OAuth app tokens do not expire ("Token expiration and
    /// revocation": GitHub revokes one unused for a year).
    pub fn lifetime_secs(self) -> Option<i64> {
        match self {
            Classic::Ghp | Classic::Gho => None,
            Classic::Ghu => Some(8 * 3600),
            Classic::Ghs => Some(3600),
            Classic::Ghr => Some(15_811_200),
        }
    }

    fn from_letter(b: u8) -> Option<Classic> {
        match b {
            b'p' => Some(Classic::Ghp),
            b'o' => Some(Classic::Gho),
            b'u' => Some(Classic::Ghu),
            b's' => Some(Classic::Ghs),
            b'r' => Some(Classic::Ghr),
            _ => None,
        }
    }

    /// The classic member whose prefix starts `token`, if any.
    pub fn from_token_prefix(token: &[u8]) -> Option<Classic> {
        match token {
            [b'g', b'h', letter, b'_', ..] => Classic::from_letter(*letter),
            _ => None,
        }
    }

    fn description(self) -> &'static str {
        match self {
            Classic::Ghp => "GitHub personal access token (classic)",
            Classic::Gho => "GitHub OAuth access token",
            Classic::Ghu => "GitHub App user-to-server token",
            Classic::Ghs => "GitHub App installation token (40-character form, before 2026)",
            Classic::Ghr => "GitHub App refresh token",
        }
    }
}

/// A custom prefix (`[a-z][a-z0-9]{1,15}`, stored with its trailing `_`) and the length of the
/// random part.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Custom {
    prefix: String,
    random_len: usize,
}

impl Custom {
    /// A custom format; `name` is the prefix without the underscore, e.g. `acme`.
    ///
    /// ```
    /// use patmint::format::Custom;
    /// assert!(Custom::new("acme", 30).is_ok());
    /// assert!(Custom::new("Acme", 30).is_err()); // upper case
    /// assert!(Custom::new("ghp", 30).is_err()); // GitHub's
    /// assert!(Custom::new("npm", 30).is_err()); // npm's (VENDOR_PREFIXES)
    /// assert!(Custom::new("acme", 8).is_err()); // too short to be a secret
    /// ```
    pub fn new(name: &str, random_len: usize) -> Result<Custom, FormatError> {
        let b = name.as_bytes();
        let shape_ok = (CUSTOM_PREFIX_MIN..=CUSTOM_PREFIX_MAX).contains(&b.len())
            && b[0].is_ascii_lowercase()
            && b[1..]
                .iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        // GitHub's own prefixes: the classic ids and `github` (of `github_pat_`). Written out, as
        // deriving them from the catalogue cost the packages bytes they do not have; the test
        // `github_prefixes_are_never_custom` holds this list to `Classic::ALL`.
        let reserved = matches!(name, "ghp" | "gho" | "ghu" | "ghs" | "ghr" | "github");
        if !shape_ok || reserved {
            return Err(INVALID_PREFIX);
        }
        if VENDOR_PREFIXES.contains(&name) {
            return Err(FormatError::VendorPrefix);
        }
        if !(CUSTOM_RANDOM_MIN..=CUSTOM_RANDOM_MAX).contains(&random_len) {
            return Err(INVALID_LENGTH);
        }
        let mut prefix = String::with_capacity(b.len() + 1);
        prefix.push_str(name);
        prefix.push('_');
        Ok(Custom { prefix, random_len })
    }

    /// The prefix including its underscore.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The prefix without its underscore.
    pub fn name(&self) -> &str {
        self.prefix.strip_suffix('_').unwrap_or(&self.prefix)
    }

    /// The number of random characters generated.
    pub fn random_len(&self) -> usize {
        self.random_len
    }
}

/// A token format.
///
/// ```
/// use patmint::Format;
/// let f: Format = "ghp".parse().unwrap();
/// assert_eq!(f.prefix(), "ghp_");
/// assert_eq!(f.len(), 40);
/// let c: Format = "custom:acme:40".parse().unwrap();
/// assert_eq!(c.id(), "custom:acme");
/// assert_eq!(c.len(), 5 + 40 + 6);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The GitHub classic family (with CRC32 checksum).
    Classic(Classic),
    /// GitHub fine-grained `github_pat_`: shape only, GitHub publishes no checksum for it.
    FineGrained,
    /// A custom prefix with the classic checksum.
    Custom(Custom),
}

impl Format {
    /// The personal access token (classic), `ghp`: the default.
    pub const DEFAULT: Format = Format::Classic(Classic::Ghp);

    /// Parses a format id: `ghp`, `gho`, `ghu`, `ghs`, `ghr`, `github_pat`, `custom:<prefix>`
    /// or `custom:<prefix>:<random length>`.
    pub fn parse(id: &str) -> Result<Format, FormatError> {
        if let Some(rest) = id.strip_prefix("custom:") {
            let (name, len) = match rest.split_once(':') {
                None => (rest, CUSTOM_RANDOM_DEFAULT),
                Some((name, len)) => (name, parse_small(len).ok_or(INVALID_LENGTH)?),
            };
            return Custom::new(name, len).map(Format::Custom);
        }
        if id == "github_pat" {
            return Ok(Format::FineGrained);
        }
        Classic::ALL
            .into_iter()
            .find(|c| c.id() == id)
            .map(Format::Classic)
            .ok_or(FormatError::UnknownFormat)
    }

    /// The stable id: `ghp`, …, `github_pat`, `custom:<prefix>`.
    pub fn id(&self) -> String {
        match self {
            Format::Classic(c) => c.id().to_owned(),
            Format::FineGrained => "github_pat".to_owned(),
            Format::Custom(c) => {
                let mut id = String::with_capacity(7 + c.name().len());
                id.push_str("custom:");
                id.push_str(c.name());
                id
            }
        }
    }

    /// The literal prefix, including its trailing underscore.
    pub fn prefix(&self) -> &str {
        match self {
            Format::Classic(c) => c.prefix(),
            Format::FineGrained => FINE_GRAINED_PREFIX,
            Format::Custom(c) => c.prefix(),
        }
    }

    /// Total length in characters of a token generated in this format.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        match self {
            Format::Classic(_) => CLASSIC_LEN,
            Format::FineGrained => FINE_GRAINED_LEN,
            Format::Custom(c) => c.prefix.len() + c.random_len + checksum::LEN,
        }
    }

    /// Whether tokens of this format carry a checksum that [`crate::check`] verifies.
    pub fn has_checksum(&self) -> bool {
        !matches!(self, Format::FineGrained)
    }

    /// A one-line human description.
    pub fn description(&self) -> &'static str {
        match self {
            Format::Classic(c) => c.description(),
            Format::FineGrained => {
                "GitHub fine-grained personal access token (shape only: no public checksum)"
            }
            Format::Custom(_) => "Custom prefix with a CRC32 checksum",
        }
    }

    /// The built-in formats, in the order a picker should show them.
    pub fn builtin() -> Vec<Format> {
        let mut all: Vec<Format> = Classic::ALL.into_iter().map(Format::Classic).collect();
        all.push(Format::FineGrained);
        all
    }
}

/// A decimal of 1 to 3 digits (enough for 16..=128); a hand-written loop because
/// `str::parse::<usize>` costs ~0.3 KiB of wasm for its overflow and sign handling.
fn parse_small(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 3 {
        return None;
    }
    s.bytes().try_fold(0, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + usize::from(b - b'0'))
    })
}

impl core::str::FromStr for Format {
    type Err = FormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::parse(s)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for f in Format::builtin() {
            assert_eq!(Format::parse(&f.id()).unwrap(), f);
        }
        let c = Format::parse("custom:acme").unwrap();
        assert_eq!(c.id(), "custom:acme");
        assert_eq!(c.prefix(), "acme_");
        assert_eq!(c.len(), 5 + 30 + 6);
    }

    #[test]
    fn lengths() {
        assert_eq!(CLASSIC_LEN, 40);
        assert_eq!(FINE_GRAINED_LEN, 93);
        assert_eq!(Format::FineGrained.len(), 93);
    }

    #[test]
    fn bad_ids() {
        use FormatError::UnknownFormat;
        for (id, err) in [
            ("", UnknownFormat),
            ("GHP", UnknownFormat),
            ("ghp_", UnknownFormat),
            ("custom:", INVALID_PREFIX),
            ("custom:a", INVALID_PREFIX),
            ("custom:1abc", INVALID_PREFIX),
            ("custom:abc_def", INVALID_PREFIX),
            ("custom:abcdefghijklmnopq", INVALID_PREFIX),
            ("custom:github", INVALID_PREFIX),
            ("custom:acme:15", INVALID_LENGTH),
            ("custom:acme:129", INVALID_LENGTH),
            ("custom:acme:x", INVALID_LENGTH),
            ("custom:acme:-1", INVALID_LENGTH),
            ("custom:acme:+30", INVALID_LENGTH),
            ("custom:acme:0030", INVALID_LENGTH),
            ("custom:acme:", INVALID_LENGTH),
            ("custom:é", INVALID_PREFIX),
        ] {
            assert_eq!(Format::parse(id), Err(err), "{id}");
        }
        assert!(Format::parse("custom:abcdefghijklmnop:128").is_ok());
    }

    #[test]
    fn github_prefixes_are_never_custom() {
        for c in Classic::ALL {
            assert_eq!(Custom::new(c.id(), 30), Err(INVALID_PREFIX), "{}", c.id());
        }
        assert!(FINE_GRAINED_PREFIX.starts_with("github_"));
        assert_eq!(Custom::new("github", 30), Err(INVALID_PREFIX));
        for near in ["gh", "ghx", "ghpp", "githu", "githubx", "pat"] {
            assert!(Custom::new(near, 30).is_ok(), "{near}");
        }
    }

    #[test]
    fn classic_prefix_detection() {
        assert_eq!(Classic::from_token_prefix(b"ghr_x"), Some(Classic::Ghr));
        assert_eq!(Classic::from_token_prefix(b"ghx_"), None);
        assert_eq!(Classic::from_token_prefix(b"gh"), None);
    }
}
