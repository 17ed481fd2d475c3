//! The display form of a token: prefix and last 4 characters kept, everything between replaced
//! by `•` (U+2022). Works on any string, so a malformed token is masked too, never shown.

use crate::format::{Classic, FINE_GRAINED_PREFIX};
use crate::utf8::{char_count, is_char_start};

/// The character that replaces hidden characters.
pub(crate) const MASK_CHAR: char = '•';

/// Characters kept at the end.
pub(crate) const KEEP_LAST: usize = 4;

/// Below this many characters after the prefix, nothing at all is kept: showing 4 of, say,
/// 8 characters would reveal half the secret.
pub(crate) const MIN_HIDDEN_FOR_LAST4: usize = 12;

/// A generic vendor prefix (`acme_`, `glpat-`) stays visible only when at least this many
/// characters follow it, as in a real token; otherwise `hunter2-password` would show `hunter2-`.
pub(crate) const MIN_REST_FOR_GENERIC_PREFIX: usize = 16;

/// Masks `token`.
///
/// The visible prefix is a known GitHub prefix, or a generic vendor prefix: a lower-case
/// letter, up to 15 lower-case letters or digits, then `_` or `-` (e.g. `acme_`, `glpat-`),
/// followed by at least 16 more characters.
///
/// ```
/// use patmint::mask;
/// assert_eq!(mask("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"),
///            format!("ghp_{}T4V4", "•".repeat(32)));
/// assert_eq!(mask("hunter2"), "•••••••");
/// ```
pub fn mask(token: &str) -> String {
    let prefix_len = visible_prefix_len(token.as_bytes());
    // `get`/`split_at_checked` rather than indexing: no panic path, even in theory.
    let (prefix, rest) = token.split_at_checked(prefix_len).unwrap_or(("", token));
    compose(prefix, rest, true)
}

/// The masked form of a token whose visible `prefix` is already decided: `rest` hidden, its
/// last 4 characters kept only when at least 12 are hidden and `keep_last` (the scanner clears
/// it for a run it cut short, whose end is not a token's end).
pub(crate) fn compose(prefix: &str, rest: &str, keep_last: bool) -> String {
    let hidden_count = char_count(rest);
    let keep = kept(hidden_count, keep_last);
    let mut out = String::with_capacity(prefix.len() + hidden_count * MASK_CHAR.len_utf8());
    out.push_str(prefix);
    out.extend(core::iter::repeat_n(MASK_CHAR, hidden_count - keep));
    out.push_str(last_chars(rest, keep));
    out
}

/// How many of `hidden` characters after the prefix stay visible at the end: 4 when at
/// least 12 are hidden and `keep_last`, else none (the rule of [`mask`] and [`compose`]).
pub(crate) fn kept(hidden: usize, keep_last: bool) -> usize {
    if keep_last && hidden >= MIN_HIDDEN_FOR_LAST4 {
        KEEP_LAST
    } else {
        0
    }
}

/// The last four characters of `token` (fewer if it is shorter).
pub(crate) fn last4(token: &str) -> &str {
    last_chars(token, KEEP_LAST)
}

fn last_chars(s: &str, n: usize) -> &str {
    let mut start = s.len();
    let mut taken = 0;
    while taken < n && start > 0 {
        start -= 1;
        if is_char_start(s.as_bytes()[start]) {
            taken += 1;
        }
    }
    s.get(start..).unwrap_or("")
}

/// Length in bytes of the prefix that may stay visible (always ASCII, so also characters).
pub(crate) fn visible_prefix_len(b: &[u8]) -> usize {
    if b.starts_with(FINE_GRAINED_PREFIX.as_bytes()) {
        return FINE_GRAINED_PREFIX.len();
    }
    if Classic::from_token_prefix(b).is_some() {
        return 4;
    }
    if b.first().is_some_and(u8::is_ascii_lowercase) {
        let name_len = b
            .iter()
            .take(16)
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            .count();
        let rest = b.get(name_len + 1..).map_or(0, |r| {
            // Characters, not bytes (the prefix itself is ASCII).
            r.iter().filter(|&&c| is_char_start(c)).count()
        });
        if name_len >= 2
            && matches!(b.get(name_len), Some(b'_' | b'-'))
            && rest >= MIN_REST_FOR_GENERIC_PREFIX
        {
            return name_len + 1;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_shape() {
        assert_eq!(mask(""), "");
        assert_eq!(mask("ghp_"), "ghp_");
        assert_eq!(mask("ghp_short"), "ghp_•••••");
        let fg = format!("github_pat_{}_{}", "A".repeat(22), "b".repeat(55) + "WXYZ");
        assert_eq!(mask(&fg), format!("github_pat_{}WXYZ", "•".repeat(78)));
        assert_eq!(
            mask("glpat-abcdefghijklmnopqrst"),
            "glpat-••••••••••••••••qrst"
        );
        assert_eq!(mask("acme_0123456789abcdef"), "acme_••••••••••••cdef");
        // Upper case is not a vendor prefix: everything is hidden but the end.
        assert_eq!(mask("ABC_0123456789ab"), "••••••••••••89ab");
        // Non-ASCII is counted in characters and never split.
        assert_eq!(mask("ééééééééééééé"), "•••••••••éééé");
        assert_eq!(mask("ab_日本"), "•••••");
        // Lower-case words before a separator are not a vendor prefix unless a token follows.
        assert_eq!(mask("hunter2-password"), "••••••••••••word");
        assert_eq!(mask("correcthorsebatt_staple"), "•••••••••••••••••••aple");
        assert_eq!(mask("acme_0123456789abcde"), "••••••••••••••••bcde");
        // The 2026 installation token (`ghs_`, app id, JWT) keeps its GitHub prefix.
        let ghs = format!("ghs_1234567_eyJhbGciOiJSUzI1NiJ9.{}.Sig-_0", "e".repeat(60));
        assert!(mask(&ghs).starts_with("ghs_••••"));
    }

    #[test]
    fn never_shows_more_than_prefix_and_last4() {
        let s = "xoxb-123456789012-abcdefghijklmnop";
        let m = mask(s);
        assert!(m.starts_with("xoxb-"));
        assert!(m.ends_with("mnop"));
        assert_eq!(m.chars().count(), s.chars().count());
        assert_eq!(m.chars().filter(|&c| c != MASK_CHAR).count(), 5 + 4);
    }

    #[test]
    fn last4_of_short_strings() {
        assert_eq!(last4("abc"), "abc");
        assert_eq!(last4(""), "");
        assert_eq!(last4("日本語です"), "本語です");
    }
}
