//! A custom-prefix token's own scopes: the names of the service the token is for, beside (not
//! instead of) GitHub's classic scopes, in the record's `customScopes`.
//!
//! An entry is `name` or `name:level`. A name is 1 lowercase ASCII letter, then lowercase
//! letters, digits, `_`, `.` or `-` (`deploy`, `packages`, `ci.runner`); a level is `read`,
//! `write` or `admin`; an entry is at most [`MAX_CHARS`] characters, a record holds at most
//! [`MAX_COUNT`]. Levels nest, `admin` ⊇ `write` ⊇ `read` ⊇ the bare name: `packages:write`
//! grants `packages:read` and `packages`, while a bare `deploy` grants `deploy` only — never a
//! level nobody gave. The normal form (what a record stores) is one entry per name at its
//! highest level, in the order the names were first given.
//!
//! ```
//! use patmint::custom_scopes::{allows, is_valid, normalize};
//! let granted = normalize(&["packages:read", " deploy ", "packages:write"]).unwrap();
//! assert_eq!(granted, ["packages:write", "deploy"]);
//! assert!(allows(&granted, "packages:read") && allows(&granted, "packages"));
//! assert!(!allows(&granted, "deploy:read") && !allows(&granted, "packages:admin"));
//! assert!(!is_valid("Deploy") && !is_valid("read:org") && is_valid("ci.runner-2_x:admin"));
//! ```

use crate::error::AccessError;

/// Most custom scopes a record holds (after deduplication).
pub const MAX_COUNT: usize = 32;

/// Longest custom scope entry, `name:level` included, in characters (ASCII).
pub const MAX_CHARS: usize = 64;

/// `(name, rank)` of a valid entry — rank 0 for a bare name, then 1 `read`, 2 `write`,
/// 3 `admin` — or `None`. Bytes, not `str` methods: each of those pulls code into the wasm
/// packages, which have a size budget.
fn parse(entry: &str) -> Option<(&[u8], u8)> {
    let b = entry.as_bytes();
    let (name, rank) = match b.iter().position(|&c| c == b':') {
        None => (b, 0),
        Some(at) => {
            let rank = match &b[at + 1..] {
                b"read" => 1,
                b"write" => 2,
                b"admin" => 3,
                _ => return None,
            };
            (&b[..at], rank)
        }
    };
    let valid = b.len() <= MAX_CHARS
        && name.first().is_some_and(u8::is_ascii_lowercase)
        && name.iter().all(|&c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'.' | b'-')
        });
    valid.then_some((name, rank))
}

/// Whether `entry` is a custom scope: `name` or `name:level`.
pub fn is_valid(entry: &str) -> bool {
    parse(entry).is_some()
}

/// The normal form of a list of entries (each trimmed; empty ones skipped): one entry per
/// name, at the highest level given for it, in the order the names first appear. Refuses an
/// entry that is not `name[:level]` (1-based position) and more than [`MAX_COUNT`] names.
pub fn normalize<S: AsRef<str>>(entries: &[S]) -> Result<Vec<String>, AccessError> {
    let mut out = Vec::new();
    for (i, raw) in entries.iter().enumerate() {
        add(&mut out, raw.as_ref(), i + 1)?;
    }
    Ok(out)
}

/// Adds `entry` (trimmed; ignored if empty) to `held`, a list in normal form: a new name at the
/// end, a known one raised to the higher level. `at` is the position an error names. Not
/// generic, so that its code exists once in each wasm package.
pub fn add(held: &mut Vec<String>, entry: &str, at: usize) -> Result<(), AccessError> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Ok(());
    }
    let (name, rank) =
        parse(entry).ok_or(AccessError::InvalidCustomScope { at, max: MAX_CHARS })?;
    // Entries in `held` are valid: parsing them again cannot fail.
    let full = held.len() == MAX_COUNT;
    match held.iter_mut().find_map(|h| {
        let (n, r) = parse(h)?;
        (n == name).then_some((h, r))
    }) {
        Some((h, r)) if r < rank => *h = entry.to_owned(),
        Some(_) => {}
        None if full => return Err(AccessError::TooManyCustomScopes { max: MAX_COUNT }),
        None => held.push(entry.to_owned()),
    }
    Ok(())
}

/// Whether the custom scopes `granted` hold `required` (an entry, `name[:level]`): an entry of
/// the same name at the same level or above. An invalid `required` is never held.
pub fn allows<S: AsRef<str>>(granted: &[S], required: &str) -> bool {
    let Some((name, rank)) = parse(required) else {
        return false;
    };
    granted
        .iter()
        .filter_map(|g| parse(g.as_ref()))
        .any(|(n, r)| n == name && r >= rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar() {
        for ok in [
            "deploy",
            "d",
            "ci.runner-2_x",
            "packages:read",
            "packages:write",
            "packages:admin",
            &format!("a{}", "b".repeat(MAX_CHARS - 1)),
            &format!("a{}:read", "b".repeat(MAX_CHARS - 6)),
        ] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "",
            "Deploy",
            "1deploy",
            "_deploy",
            "-x",
            "de ploy",
            "deploy:",
            ":read",
            "deploy:Read",
            "deploy:owner",
            "read:org",
            "a:read:write",
            "déploy",
            &format!("a{}", "b".repeat(MAX_CHARS)),
            &format!("a{}:read", "b".repeat(MAX_CHARS - 5)),
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn normal_form_keeps_the_highest_level_per_name_in_first_order() {
        assert_eq!(
            normalize(&[
                "zeta",
                " packages:read ",
                "",
                "packages",
                "alpha:admin",
                "packages:write"
            ])
            .unwrap(),
            ["zeta", "packages:write", "alpha:admin"]
        );
        assert_eq!(normalize::<&str>(&[]).unwrap(), Vec::<String>::new());
        assert_eq!(
            normalize(&["ok", "Not ok"]),
            Err(AccessError::InvalidCustomScope {
                at: 2,
                max: MAX_CHARS
            })
        );
        let many: Vec<String> = (0..=MAX_COUNT).map(|i| format!("s{i}")).collect();
        assert_eq!(
            normalize(&many),
            Err(AccessError::TooManyCustomScopes { max: MAX_COUNT })
        );
        assert_eq!(normalize(&many[..MAX_COUNT]).unwrap().len(), MAX_COUNT);
        // Repeats of one name count once.
        let same: Vec<&str> = ["x"; MAX_COUNT + 5].to_vec();
        assert_eq!(normalize(&same).unwrap(), ["x"]);
    }

    #[test]
    fn levels_nest_and_a_bare_name_grants_no_level() {
        let granted = ["deploy", "packages:write", "admin-panel:admin"];
        for held in [
            "deploy",
            "packages",
            "packages:read",
            "packages:write",
            "admin-panel:read",
            "admin-panel:admin",
        ] {
            assert!(allows(&granted, held), "{held}");
        }
        for not in [
            "deploy:read",
            "packages:admin",
            "pack",
            "packages2",
            "other",
            "Deploy",
            "",
        ] {
            assert!(!allows(&granted, not), "{not}");
        }
        assert!(!allows::<&str>(&[], "deploy"));
    }
}
