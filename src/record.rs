//! [`TokenRecord`]: what may be stored and sent to a server about a token, never the secret.

use serde::{Deserialize, Serialize};

use crate::date;
use crate::error::{Error, RecordError};
use crate::scopes;
use crate::token::SecretToken;

/// Longest note/name, in characters (after trimming).
pub const MAX_NAME_CHARS: usize = 100;

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
            (Some(_), None) => Err(RecordError::InvalidPreset),
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
            Expiration::Days(_) => Err(RecordError::InvalidPreset),
            Expiration::At(t) if t <= now => Err(RecordError::ExpirationInPast),
            Expiration::At(t) if t > now.saturating_add(MAX_AHEAD_SECS) => {
                Err(RecordError::ExpirationTooFar)
            }
            Expiration::At(t) => Ok(Some(t)),
            Expiration::Never => Ok(None),
        }
    }
}

/// The storable description of a token: safe to persist and to send to a server, because it
/// holds only the SHA-256 fingerprint and the last four characters of the secret.
///
/// Serialised with camelCase keys: `name`, `format`, `scopes`, `createdAt`, `expiresAt`
/// (RFC 3339 UTC or `null`), `fingerprint`, `last4`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenRecord {
    /// What the token is for (GitHub's "Note").
    pub name: String,
    /// The format id, e.g. `ghp`.
    pub format: String,
    /// Normalised scopes.
    pub scopes: Vec<String>,
    /// Creation time, RFC 3339 UTC.
    pub created_at: String,
    /// Expiry time, RFC 3339 UTC, or `None` for no expiration.
    pub expires_at: Option<String>,
    /// SHA-256 of the token, 64 lowercase hex.
    pub fingerprint: String,
    /// The last four characters of the token.
    pub last4: String,
}

impl TokenRecord {
    /// Builds the record of `token`, validating the name, scopes and expiration; `now` is Unix
    /// seconds (the caller's clock: `Date.now()` in the browser, the system clock natively).
    ///
    /// ```
    /// use patmint::{Format, SecretToken, TokenRecord, record::Expiration};
    /// let t = SecretToken::generate(&Format::DEFAULT).unwrap();
    /// let r = TokenRecord::new(" deploy ", &t, &["repo", "public_repo"], Expiration::Days(30), 0).unwrap();
    /// assert_eq!(r.name, "deploy");
    /// assert_eq!(r.scopes, ["repo"]);
    /// assert_eq!(r.expires_at.as_deref(), Some("1970-01-31T00:00:00Z"));
    /// ```
    pub fn new<S: AsRef<str>>(
        name: &str,
        token: &SecretToken,
        scopes: &[S],
        expiration: Expiration,
        now: i64,
    ) -> Result<TokenRecord, Error> {
        Ok(RecordDraft::new(name, scopes, expiration, now)?.finish(token))
    }
}

/// A record validated before its token exists, so that bad input is refused without spending
/// a secret's worth of randomness; [`RecordDraft::finish`] attaches the token's fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordDraft {
    name: String,
    scopes: Vec<String>,
    created_at: i64,
    expires_at: Option<i64>,
}

impl RecordDraft {
    /// Validates the name, scopes and expiration, as [`TokenRecord::new`] does.
    pub fn new<S: AsRef<str>>(
        name: &str,
        scopes: &[S],
        expiration: Expiration,
        now: i64,
    ) -> Result<RecordDraft, Error> {
        Ok(RecordDraft {
            name: validate_name(name)?.to_owned(),
            scopes: scopes::normalize(scopes)?
                .into_iter()
                .map(str::to_owned)
                .collect(),
            created_at: now,
            expires_at: expiration.resolve(now)?,
        })
    }

    /// The record of `token`.
    pub fn finish(self, token: &SecretToken) -> TokenRecord {
        TokenRecord {
            name: self.name,
            format: token.format().id(),
            scopes: self.scopes,
            created_at: date::to_rfc3339(self.created_at),
            expires_at: self.expires_at.map(date::to_rfc3339),
            fingerprint: token.fingerprint(),
            last4: token.last4().to_owned(),
        }
    }
}

/// The trimmed name, or why it is not acceptable.
pub fn validate_name(name: &str) -> Result<&str, RecordError> {
    let name = name.trim();
    if name.is_empty() {
        Err(RecordError::EmptyName)
    } else if crate::mask::char_count(name) > MAX_NAME_CHARS {
        Err(RecordError::NameTooLong)
    } else if name
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| crate::token::check(word).is_ok())
    {
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
            Err(RecordError::InvalidPreset)
        );
        assert_eq!(
            Expiration::Days(14).resolve(NOW),
            Err(RecordError::InvalidPreset)
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
            Error::Record(RecordError::NameTooLong)
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
}
