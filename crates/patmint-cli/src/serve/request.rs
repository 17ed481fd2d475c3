//! What a forward-auth request says: the requirement, from the one source the operator
//! configured, and the token, from `Authorization`.
//!
//! The requirement is the operator's, never the client's. Caddy's `forward_auth` and Traefik's
//! `forwardAuth` copy the client's request headers onto the auth request, and nginx's
//! `auth_request` passes them on unless the configuration overrides each one, so a requirement
//! read from headers by default would let a client write its own. It comes from the auth URI's
//! query (`--requirement-from query`, the default) or, when the operator says the proxy sets
//! them, from `X-Patmint-*` headers (`--requirement-from headers`) — never from both. Whatever
//! the source, anything that is not exactly what patmint reads is refused (400): an unknown key
//! or header (`scopes=`, `Scope=`, `X-Patmint-Scopes`), an `X-Patmint-*` header in query mode
//! (a client trying to widen its requirement, or a proxy that forwards them), a query in header
//! mode, an empty value (a proxy that could not derive the repository), a value that does not
//! decode. A typo never becomes an empty requirement.

use hyper::header::{HeaderMap, AUTHORIZATION};
use patmint::verify::Requirement;
use zeroize::Zeroizing;

/// The longest `Authorization` value considered; a longer one is malformed.
const MAX_AUTHORIZATION_BYTES: usize = 2048;

/// Where the requirement of each request comes from (one source per deployment).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RequirementSource {
    /// The query of the auth URI the proxy calls (`/auth?scope=repo&repo=acme/widgets`), as
    /// written in the proxy's configuration. `X-Patmint-*` request headers are refused.
    Query,
    /// `X-Patmint-Scope`, `X-Patmint-Custom-Scope`, `X-Patmint-Permission` and
    /// `X-Patmint-Repo` request headers, for a
    /// proxy configured to set them and to drop any the client sent. A query is refused.
    Headers,
}

/// The keys of a requirement, in the order of [`Requirement::parse`]'s lists, then the
/// service's own custom scopes ([`Requirement::with_custom_scopes`]).
const KEYS: [&str; 4] = ["scope", "permission", "repo", "custom_scope"];
/// The same keys as header names after `X-Patmint-` (nginx drops headers with `_` by default).
const HEADER_KEYS: [&str; 4] = ["scope", "permission", "repo", "custom-scope"];
const HEADER_PREFIX: &str = "x-patmint-";

/// The requirement of a request from `source`. The error is for the operator's log: it names
/// the key, never a value that could be a secret.
pub fn requirement(
    source: RequirementSource,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<Requirement, String> {
    let mut lists: [Vec<String>; 4] = Default::default();
    let patmint_headers = headers
        .keys()
        .filter(|name| name.as_str().starts_with(HEADER_PREFIX));
    match source {
        RequirementSource::Query => {
            if let Some(name) = patmint_headers.into_iter().next() {
                return Err(format!(
                    "the request carries {}: with --requirement-from query the requirement \
                     comes only from the auth URI's query (have the proxy drop X-Patmint-* \
                     request headers)",
                    shown_key(name.as_str())
                ));
            }
            for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let slot = KEYS.iter().position(|k| *k == key).ok_or_else(|| {
                    format!(
                        "unknown query parameter {} (the requirement's keys are scope, \
                         custom_scope, permission and repo)",
                        shown_key(key)
                    )
                })?;
                let value = percent_decode(value)
                    .ok_or_else(|| format!("the query parameter {key} does not decode to UTF-8"))?;
                lists[slot].push(non_empty(key, value)?);
            }
        }
        RequirementSource::Headers => {
            if query.is_some_and(|q| !q.is_empty()) {
                return Err(
                    "the auth URI has a query: with --requirement-from headers the \
                            requirement comes only from X-Patmint-* headers"
                        .to_owned(),
                );
            }
            for name in patmint_headers {
                let key = &name.as_str()[HEADER_PREFIX.len()..];
                let slot = HEADER_KEYS.iter().position(|k| *k == key).ok_or_else(|| {
                    format!(
                        "unknown requirement header {} (patmint reads X-Patmint-Scope, \
                         X-Patmint-Custom-Scope, X-Patmint-Permission and X-Patmint-Repo)",
                        shown_key(name.as_str())
                    )
                })?;
                for value in headers.get_all(name) {
                    let value = value
                        .to_str()
                        .map_err(|_| format!("{name} is not printable ASCII"))?;
                    lists[slot].push(non_empty(name.as_str(), value.to_owned())?);
                }
            }
        }
    }
    Requirement::parse(&lists[0], &lists[1], &lists[2])
        .and_then(|r| r.with_custom_scopes(&lists[3]))
        .map_err(|e| e.to_string())
}

/// A value must say something: an empty one is a proxy that could not derive it (a repository
/// its pattern did not match), not "nothing required".
fn non_empty(key: &str, value: String) -> Result<String, String> {
    if value.split(',').all(|item| item.trim().is_empty()) {
        Err(format!("{key} is empty"))
    } else {
        Ok(value)
    }
}

/// A key or header name for the log: shown if it is short and made of letters, digits, `-`
/// and `_` (a name, not a value); described otherwise.
fn shown_key(key: &str) -> String {
    let plain = key.len() <= 32
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain && !super::log::token_shaped(key) {
        format!("{key:?}")
    } else {
        format!("(a name of {} bytes, not shown)", key.len())
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The token of `Authorization`: `Basic` (the token as the password, or as the user name with
/// an empty or `x-oauth-basic` password — what git and curl send), `Bearer` or GitHub's
/// `token` scheme. `None` when there is no (single) such header; a malformed one yields a
/// string that fails the token check.
pub fn credentials(headers: &HeaderMap) -> Option<Zeroizing<String>> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return Some(Zeroizing::new(String::new()));
    }
    let raw = value.as_bytes();
    if raw.len() > MAX_AUTHORIZATION_BYTES {
        return Some(Zeroizing::new(String::new()));
    }
    let (scheme, rest) = match raw.iter().position(|&c| c == b' ') {
        Some(i) => (&raw[..i], &raw[i + 1..]),
        None => (raw, &raw[raw.len()..]),
    };
    let rest = rest.trim_ascii();
    let utf8 = |b: &[u8]| Zeroizing::new(String::from_utf8_lossy(b).into_owned());
    if scheme.eq_ignore_ascii_case(b"bearer") || scheme.eq_ignore_ascii_case(b"token") {
        return Some(utf8(rest));
    }
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return Some(Zeroizing::new(String::new()));
    }
    let Some(decoded) = base64_decode(rest) else {
        return Some(Zeroizing::new(String::new()));
    };
    let (user, password) = match decoded.iter().position(|&c| c == b':') {
        Some(i) => (&decoded[..i], &decoded[i + 1..]),
        None => (&decoded[..], &decoded[decoded.len()..]),
    };
    if password.is_empty() || password == b"x-oauth-basic" {
        Some(utf8(user))
    } else {
        Some(utf8(password))
    }
}

/// Standard base64 (with or without padding) into a zeroized buffer, sized up front so that
/// it never reallocates (a reallocation would leave a copy of the credentials behind).
fn base64_decode(s: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    const BASIC: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let mut out = Zeroizing::new(vec![0u8; base64::decoded_len_estimate(s.len())]);
    let n = BASIC.decode_slice(s, &mut out[..]).ok()?;
    out.truncate(n);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;
    use RequirementSource::{Headers, Query};

    fn auth(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn credentials_from_every_scheme() {
        let t = "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";
        let b64 = |s: &str| {
            // Small encoder for the test.
            const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut out = String::new();
            for chunk in s.as_bytes().chunks(3) {
                let n = chunk.iter().fold(0u32, |a, &c| a << 8 | u32::from(c))
                    << (8 * (3 - chunk.len()));
                for k in 0..=chunk.len() {
                    out.push(char::from(A[(n >> (18 - 6 * k) & 63) as usize]));
                }
                out.push_str(&"=".repeat(3 - chunk.len()));
            }
            out
        };
        for v in [
            format!("Bearer {t}"),
            format!("token {t}"),
            format!("TOKEN  {t} "),
            format!("Basic {}", b64(&format!("git:{t}"))),
            format!("basic {}", b64(&format!("{t}:"))),
            format!("Basic {}", b64(&format!("{t}:x-oauth-basic"))),
            format!("Basic {}", b64(t)),
        ] {
            assert_eq!(
                credentials(&auth(&v)).as_deref().map(|s| s.as_str()),
                Some(t),
                "{v}"
            );
        }
        assert_eq!(credentials(&HeaderMap::new()), None);
        for bad in [
            "Digest x",
            "Basic !!!!",
            "Basic Q",
            &"Bearer x".repeat(1000),
        ] {
            assert_eq!(
                credentials(&auth(bad)).as_deref().map(|s| s.as_str()),
                Some(""),
                "{bad}"
            );
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn the_query_is_the_requirement_by_default() {
        let r = requirement(
            Query,
            &HeaderMap::new(),
            Some("scope=repo,%20gist&scope=read%3Aorg"),
        )
        .unwrap();
        assert_eq!(r.scopes(), ["repo", "gist", "read:org"]);
        let r = requirement(
            Query,
            &headers(&[
                ("authorization", "Bearer x"),
                ("x-forwarded-for", "1.2.3.4"),
            ]),
            Some("permission=contents:read&repo=acme/widgets"),
        )
        .unwrap();
        assert_eq!(r.repositories(), ["acme/widgets"]);
        assert!(requirement(Query, &HeaderMap::new(), None)
            .unwrap()
            .is_empty());
        assert!(requirement(Query, &HeaderMap::new(), Some(""))
            .unwrap()
            .is_empty());
        // The service's own scopes (issue 26.5).
        let r = requirement(
            Query,
            &HeaderMap::new(),
            Some("custom_scope=deploy,packages:read&custom_scope=packages%3Awrite&scope=repo"),
        )
        .unwrap();
        assert_eq!(r.custom_scopes(), ["deploy", "packages:write"]);
        assert_eq!(r.scopes(), ["repo"]);
    }

    #[test]
    fn a_client_sent_requirement_header_is_refused_in_query_mode() {
        // What Caddy and Traefik forward from the client: never a widening, always a 400.
        for name in [
            "x-patmint-scope",
            "x-patmint-permission",
            "x-patmint-repo",
            "x-patmint-custom-scope",
            "x-patmint-scopes",
            "x-patmint-token-name",
        ] {
            let h = headers(&[(name, "metadata:read")]);
            let e = requirement(Query, &h, Some("scope=repo")).unwrap_err();
            assert!(e.contains(name), "{e}");
        }
    }

    #[test]
    fn typos_and_empty_values_are_refused_not_ignored() {
        for query in [
            "scopes=repo",
            "Scope=repo",
            "permissions=contents:read",
            "repository=acme/widgets",
            "scope=repo&x=1",
            "scope",
            "repo=",
            "repo=%20",
            "permission=contents:read&repo=",
            "scope=,",
            "scope=%ff",
            "scope=%f",
            "scope=%+1",
            "scope=nope",
            "custom_scope=",
            "custom_scope=Deploy",
            "custom_scope=deploy:owner",
            "custom-scope=deploy",
            "custom_scopes=deploy",
        ] {
            assert!(
                requirement(Query, &HeaderMap::new(), Some(query)).is_err(),
                "{query}"
            );
        }
        for h in [
            headers(&[("x-patmint-scopes", "repo")]),
            headers(&[("x-patmint-repo", "")]),
            headers(&[("x-patmint-scope", "repo"), ("x-patmint-repository", "a/b")]),
            headers(&[("x-patmint-custom_scope", "deploy")]),
            headers(&[("x-patmint-custom-scope", "")]),
            headers(&[("x-patmint-custom-scope", "a:b")]),
        ] {
            assert!(requirement(Headers, &h, None).is_err(), "{h:?}");
        }
    }

    #[test]
    fn header_mode_reads_only_headers() {
        let h = headers(&[
            ("x-patmint-scope", "repo, gist"),
            ("x-patmint-scope", "workflow"),
            ("x-patmint-repo", "acme/widgets"),
            ("x-patmint-custom-scope", "deploy:admin, deploy"),
        ]);
        let r = requirement(Headers, &h, None).unwrap();
        assert_eq!(r.scopes(), ["repo", "gist", "workflow"]);
        assert_eq!(r.custom_scopes(), ["deploy:admin"]);
        assert_eq!(r.repositories(), ["acme/widgets"]);
        assert!(requirement(Headers, &h, Some("scope=admin:org")).is_err());
        assert!(requirement(Headers, &HeaderMap::new(), None)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn errors_name_keys_never_values() {
        let token = "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";
        for query in [
            format!("{token}=1"),
            format!("scope={token}"),
            format!("repo=acme/{token}/x"),
            format!("permission=contents:{token}"),
            format!("custom_scope={token}"),
            format!("custom_scope=deploy:{token}"),
        ] {
            let e = requirement(Query, &HeaderMap::new(), Some(&query)).unwrap_err();
            assert!(!e.contains(&token[4..16]), "{e}");
        }
        let mut h = HeaderMap::new();
        h.insert(
            hyper::header::HeaderName::from_bytes(format!("x-patmint-{}", &token[4..]).as_bytes())
                .unwrap(),
            HeaderValue::from_static("1"),
        );
        for source in [Query, Headers] {
            let e = requirement(source, &h, None).unwrap_err();
            assert!(!e.contains(&token[4..16].to_ascii_lowercase()), "{e}");
        }
    }
}
