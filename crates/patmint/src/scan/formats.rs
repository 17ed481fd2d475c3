//! The scanner's catalogue: every format it knows, as data — prefix, body alphabet, body
//! length, id, proof and source. The scan loop reads this table; nothing else states a
//! format's shape. GitHub's own formats take their prefixes and lengths from
//! [`crate::format`], the catalogue `check` and `mask` use.

use crate::format::{Classic, CLASSIC_LEN, FINE_GRAINED_LEN};
use crate::format::{FINE_GRAINED_PREFIX, GHS_JWT_MAX_LEN, GHS_JWT_MIN_BODY};

/// The characters a format's body may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// `[0-9A-Za-z]`
    Alnum,
    /// `[A-Za-z]`
    Alpha,
    /// `[0-9A-Z]`
    UpperDigit,
    /// `[0-9a-f]` (Shopify writes lower-case hex)
    Hex,
    /// `[0-9A-Za-z_-]` (base64url)
    Dashed,
    /// `[0-9A-Za-z-]`
    AlnumDash,
    /// `[0-9A-Za-z_]` (GitHub fine-grained: two parts joined by `_`)
    Word,
    /// `[0-9A-Za-z_.-]` (GitLab routable tokens, JWTs)
    Dotted,
    /// `[0-9A-Za-z/]` (the path of a Slack webhook URL)
    Path,
    /// Base64 lines of a PEM block: `[0-9A-Za-z+/=]` and line breaks.
    Pem,
}

impl Class {
    /// Whether `b` may stand in a body of this class: one bit per class in a byte table
    /// (a `match` of ranges cost the scanner package 0.4 KB).
    #[inline]
    pub(crate) fn allows(self, b: u8) -> bool {
        CLASSES
            .get(usize::from(b))
            .is_some_and(|c| c & (1 << self as u16) != 0)
    }

    const fn admits(self, b: u8) -> bool {
        let alnum = b.is_ascii_alphanumeric();
        match self {
            Class::Alnum => alnum,
            Class::Alpha => b.is_ascii_alphabetic(),
            Class::UpperDigit => b.is_ascii_uppercase() || b.is_ascii_digit(),
            Class::Hex => b.is_ascii_digit() || (b >= b'a' && b <= b'f'),
            Class::Dashed => alnum || b == b'_' || b == b'-',
            Class::AlnumDash => alnum || b == b'-',
            Class::Word => alnum || b == b'_',
            Class::Dotted => alnum || b == b'_' || b == b'-' || b == b'.',
            Class::Path => alnum || b == b'/',
            Class::Pem => alnum || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n'),
        }
    }

    /// Whether a `-` next to a candidate of this class would continue it (the boundary rule).
    pub(crate) fn dashed(self) -> bool {
        matches!(self, Class::Dashed | Class::AlnumDash | Class::Dotted)
    }
}

const ALL_CLASSES: [Class; 10] = [
    Class::Alnum,
    Class::Alpha,
    Class::UpperDigit,
    Class::Hex,
    Class::Dashed,
    Class::AlnumDash,
    Class::Word,
    Class::Dotted,
    Class::Path,
    Class::Pem,
];

/// For each ASCII byte, one bit per [`Class`] that admits it (no class admits another).
static CLASSES: [u16; 128] = {
    let mut table = [0u16; 128];
    let mut b = 0;
    while b < 128 {
        let mut c = 0;
        while c < ALL_CLASSES.len() {
            if ALL_CLASSES[c].admits(b as u8) {
                table[b] |= 1 << ALL_CLASSES[c] as u16;
            }
            c += 1;
        }
        b += 1;
    }
    table
};

/// What proves a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Proof {
    /// GitHub's rule: the last 6 body characters are the CRC32 of the rest of the body, in
    /// base62. Proven tokens are found wherever their characters stand.
    Crc62,
    /// GitLab's routable tokens: a CRC32 in base36 (7 characters) of everything before it.
    GitLabCrc36,
    /// No checksum: the shape only, and the boundary rule.
    Shape,
}

/// Structure a shape must have beyond its alphabet and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extra {
    None,
    /// `_` at [`FINE_GRAINED_FIRST`] and nowhere else.
    FineGrained,
    /// The body starts with PyPI's macaroon header.
    PypiHeader,
    /// The body starts with a digit.
    DigitFirst,
    /// The body holds OpenAI's marker, `T3BlbkFJ` (base64 of `OpenAI`).
    OpenAiMarker,
    /// The body ends with `AA` (Anthropic).
    EndsWithAA,
    /// `T…/B…/…`: team, bot and secret of a Slack webhook.
    Webhook,
    /// `<app id>_<JWT>`: [`crate::format::ghs_jwt_body_len`].
    GhsJwt,
    /// A PEM private key block up to its `-----END … PRIVATE KEY-----` line.
    Pem,
}

/// One format of the catalogue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    /// Stable id, as in `Finding::format`.
    pub id: &'static str,
    /// The literal prefix; it stays visible in the masked form.
    pub prefix: &'static str,
    /// The body's alphabet.
    pub class: Class,
    /// Body length bounds, in characters.
    pub min: u16,
    pub max: u16,
    pub proof: Proof,
    pub extra: Extra,
    /// Where the prefix's last trigger byte stands in it: the scan loop matches the prefix
    /// there.
    pub anchor: u8,
    /// That trigger byte and the byte before it in the prefix (0 at its start).
    pub key: [u8; 2],
}

const fn classic(c: Classic) -> Spec {
    Spec {
        id: c.id(),
        prefix: c.prefix(),
        class: Class::Alnum,
        min: (CLASSIC_LEN - 4) as u16,
        max: (CLASSIC_LEN - 4) as u16,
        proof: Proof::Crc62,
        extra: Extra::None,
        anchor: anchor(c.prefix()),
        key: key(c.prefix()),
    }
}

const fn shape(id: &'static str, prefix: &'static str, class: Class, min: u16, max: u16) -> Spec {
    Spec {
        id,
        prefix,
        class,
        min,
        max,
        proof: Proof::Shape,
        extra: Extra::None,
        anchor: anchor(prefix),
        key: key(prefix),
    }
}

const fn with(spec: Spec, extra: Extra) -> Spec {
    Spec { extra, ..spec }
}

/// Longest GitLab routable payload (GitLab's published detector: `[0-9A-Za-z_-]{27,300}`).
const GITLAB_PAYLOAD_MAX: usize = 300;
const GITLAB_PAYLOAD_MIN: usize = 27;

/// PyPI's macaroon header: `pypi-` then base64 of the location `pypi.org`.
pub(crate) const PYPI_HEADER: &[u8] = b"AgEIcHlwaS5vcmc";

/// Longest PEM body accepted (an 8192-bit RSA key in PKCS#8 is about 6.5 KB).
pub(crate) const PEM_MAX: usize = 12 * 1024;

/// The catalogue. Sources (read 2026-12-02):
/// - GitHub: <https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/>,
///   the 2026 installation tokens: <https://github.blog/changelog/2026-04-24-notice-about-upcoming-new-format-for-github-app-installation-tokens/>
/// - npm (GitHub's checksum rule): <https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/>,
///   as validated by CredSweeper and base62-token.js.
/// - GitLab routable tokens: <https://handbook.gitlab.com/handbook/engineering/architecture/design-documents/cells/routable_tokens/>,
///   GitLab's secret-detection rules (`glpat-[0-9a-zA-Z_-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7}`) and
///   osv-scalibr's check vectors; legacy: <https://docs.gitlab.com/security/tokens/>.
/// - PyPI: <https://docs.pypi.org/api/secrets/>; Slack: <https://api.slack.com/authentication/token-types>
///   and <https://api.slack.com/messaging/webhooks>; Stripe: <https://docs.stripe.com/keys>;
///   AWS: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html>;
///   Hugging Face: <https://huggingface.co/docs/hub/security-tokens>.
/// - OpenAI (`sk-proj-`, `sk-svcacct-`, `sk-admin-`, the `T3BlbkFJ` marker): <https://platform.openai.com/docs/api-reference/authentication>
///   and GitHub's secret-scanning partner patterns; Anthropic (`sk-ant-api03-` + 93 + `AA`):
///   <https://docs.anthropic.com/en/api/getting-started>; Google (`AIza` + 35):
///   <https://cloud.google.com/docs/authentication/api-keys>; Shopify (`shpat_`, `shpss_`,
///   `shpca_`, `shppa_` + 32 hex): <https://shopify.dev/docs/apps/build/authentication-authorization>;
///   Supabase (`sb_secret_`): <https://supabase.com/docs/guides/api/api-keys>; Doppler
///   (`dp.pt.`, `dp.st.`, `dp.ct.`, `dp.sa.`, `dp.scim.`, `dp.audit.` + 40–44):
///   <https://docs.doppler.com/reference/auth-token-formats>; PEM: RFC 7468.
///
/// Order matters where prefixes overlap: the first spec that matches at a position wins.
pub(crate) static SPECS: &[Spec] = &[
    classic(Classic::Ghp),
    classic(Classic::Gho),
    classic(Classic::Ghu),
    classic(Classic::Ghs),
    classic(Classic::Ghr),
    Spec {
        id: "npm",
        prefix: "npm_",
        anchor: 3,
        key: *b"_m",
        ..classic(Classic::Ghp)
    },
    Spec {
        id: "gitlab_pat",
        prefix: "glpat-",
        class: Class::Dotted,
        min: (GITLAB_PAYLOAD_MIN + 10) as u16,
        max: (GITLAB_PAYLOAD_MAX + 13) as u16,
        proof: Proof::GitLabCrc36,
        extra: Extra::None,
        anchor: 5,
        key: *b"-t",
    },
    // Shape only from here on.
    with(
        shape(
            "ghs",
            "ghs_",
            Class::Dotted,
            GHS_JWT_MIN_BODY as u16,
            (GHS_JWT_MAX_LEN - 4) as u16,
        ),
        Extra::GhsJwt,
    ),
    with(
        shape(
            "github_pat",
            FINE_GRAINED_PREFIX,
            Class::Word,
            (FINE_GRAINED_LEN - FINE_GRAINED_PREFIX.len()) as u16,
            (FINE_GRAINED_LEN - FINE_GRAINED_PREFIX.len()) as u16,
        ),
        Extra::FineGrained,
    ),
    shape("gitlab_pat", "glpat-", Class::Dashed, 20, 20),
    with(
        shape(
            "pypi",
            "pypi-",
            Class::Dashed,
            PYPI_HEADER.len() as u16 + 49,
            PYPI_HEADER.len() as u16 + 1024,
        ),
        Extra::PypiHeader,
    ),
    with(
        shape("slack", "xoxa-", Class::AlnumDash, 20, 255),
        Extra::DigitFirst,
    ),
    with(
        shape("slack", "xoxb-", Class::AlnumDash, 20, 255),
        Extra::DigitFirst,
    ),
    with(
        shape("slack", "xoxp-", Class::AlnumDash, 20, 255),
        Extra::DigitFirst,
    ),
    with(
        shape("slack", "xoxr-", Class::AlnumDash, 20, 255),
        Extra::DigitFirst,
    ),
    with(
        shape("slack", "xoxs-", Class::AlnumDash, 20, 255),
        Extra::DigitFirst,
    ),
    with(
        shape(
            "slack_webhook",
            "https://hooks.slack.com/services/",
            Class::Path,
            44,
            80,
        ),
        Extra::Webhook,
    ),
    shape("stripe", "sk_live_", Class::Alnum, 20, 247),
    shape("stripe", "sk_test_", Class::Alnum, 20, 247),
    shape("stripe", "rk_live_", Class::Alnum, 20, 247),
    shape("stripe", "rk_test_", Class::Alnum, 20, 247),
    shape("aws_access_key_id", "AKIA", Class::UpperDigit, 16, 16),
    shape("huggingface", "hf_", Class::Alpha, 34, 34),
    with(
        shape("openai", "sk-proj-", Class::Dashed, 124, 164),
        Extra::OpenAiMarker,
    ),
    with(
        shape("openai", "sk-svcacct-", Class::Dashed, 124, 164),
        Extra::OpenAiMarker,
    ),
    with(
        shape("openai", "sk-admin-", Class::Dashed, 124, 164),
        Extra::OpenAiMarker,
    ),
    with(
        shape("openai", "sk-", Class::Alnum, 48, 48),
        Extra::OpenAiMarker,
    ),
    with(
        shape("anthropic", "sk-ant-api03-", Class::Dashed, 95, 95),
        Extra::EndsWithAA,
    ),
    with(
        shape("anthropic", "sk-ant-admin01-", Class::Dashed, 95, 95),
        Extra::EndsWithAA,
    ),
    shape("google_api_key", "AIza", Class::Dashed, 35, 35),
    shape("shopify", "shpat_", Class::Hex, 32, 32),
    shape("shopify", "shpss_", Class::Hex, 32, 32),
    shape("shopify", "shpca_", Class::Hex, 32, 32),
    shape("shopify", "shppa_", Class::Hex, 32, 32),
    shape("supabase", "sb_secret_", Class::Dashed, 31, 64),
    shape("doppler", "dp.pt.", Class::Alnum, 40, 44),
    shape("doppler", "dp.st.", Class::Alnum, 40, 44),
    shape("doppler", "dp.ct.", Class::Alnum, 40, 44),
    shape("doppler", "dp.sa.", Class::Alnum, 40, 44),
    shape("doppler", "dp.scim.", Class::Alnum, 40, 44),
    shape("doppler", "dp.audit.", Class::Alnum, 40, 44),
    with(
        shape("private_key", "-----BEGIN ", Class::Pem, 40, PEM_MAX as u16),
        Extra::Pem,
    ),
];

/// How many entries at the start of [`SPECS`] carry a checksum (they are tried first).
pub(crate) const PROVEN: usize = 7;

/// The longest body of a checksummed format, in characters (custom prefixes included).
pub(crate) const PROVEN_BODY_MAX: usize = {
    let mut m = crate::format::CUSTOM_RANDOM_MAX + crate::checksum::LEN;
    let mut i = 0;
    while i < PROVEN {
        if SPECS[i].max as usize > m {
            m = SPECS[i].max as usize;
        }
        i += 1;
    }
    m
};

/// [`Spec::key`] of a prefix.
const fn key(prefix: &str) -> [u8; 2] {
    let p = prefix.as_bytes();
    let a = anchor(prefix) as usize;
    [p[a], if a > 0 { p[a - 1] } else { 0 }]
}

/// The bytes the scan loop stops at: every prefix holds at least one, and the loop matches a
/// prefix at the last one it holds (its anchor).
pub(crate) const TRIGGERS: [u8; 5] = [b'_', b'-', b'.', b'K', b'z'];

/// Index in `prefix` of its last trigger byte.
pub(crate) const fn anchor(prefix: &str) -> u8 {
    let p = prefix.as_bytes();
    let mut i = p.len();
    while i > 0 {
        i -= 1;
        let mut t = 0;
        while t < TRIGGERS.len() {
            if p[i] == TRIGGERS[t] {
                return i as u8;
            }
            t += 1;
        }
    }
    panic!("a prefix without a trigger byte")
}

/// Whether the catalogue entry `s` may end or be anchored at a trigger with the byte `b` placed
/// `back` places before it: the prefix's own byte, every byte where the prefix has none, for
/// checksummed formats (whose prefix is read across gaps) the bytes a gap may end with (one
/// back) or hold (two back) and, two back, the byte before a one-byte gap; for the
/// fine-grained format (joined across one line break) the bytes of a line break. The one rule
/// behind [`BEFORE`] and [`SPEC_BEFORE`].
const fn may_precede(s: &Spec, back: usize, b: u8) -> bool {
    use crate::scan::join::{gap_end, in_gap};
    let p = s.prefix.as_bytes();
    let a = s.anchor as usize;
    let proven = !matches!(s.proof, Proof::Shape);
    let wraps = matches!(s.extra, Extra::FineGrained);
    let gap = if back == 1 { gap_end(b) } else { in_gap(b) };
    let wrap = wraps && (b == b'\n' || back == 2 && (b == b'\r' || b == b'='));
    let any = a < back || proven && gap || wrap;
    // A gap of one byte before the trigger puts the prefix's own byte two back.
    let gapped = (proven || wraps) && back == 2 && b == p[a - 1];
    any || gapped || b == p[a - back]
}

/// Index in [`TRIGGERS`] of the entry `s`'s anchor byte.
const fn trigger_index(s: &Spec) -> usize {
    let mut k = 0;
    while TRIGGERS[k] != s.key[0] {
        k += 1;
    }
    k
}

/// For each byte, one bit per trigger byte (in [`TRIGGERS`] order) that some catalogue prefix
/// may end or be anchored at with this byte `back` places before the trigger
/// ([`may_precede`]). Computed at compile time from [`SPECS`].
const fn before(back: usize) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < SPECS.len() {
        let s = &SPECS[i];
        let k = trigger_index(s);
        let mut b = 0;
        while b < 256 {
            if may_precede(s, back, b as u8) {
                table[b] |= 1 << k;
            }
            b += 1;
        }
        i += 1;
    }
    table
}

/// [`before`] one and two places before the trigger.
pub(crate) const BEFORE: [[u8; 256]; 2] = [before(1), before(2)];

/// For each byte, one bit per [`SPECS`] entry anchored at it (a table rather than a `match` of
/// the trigger bytes, whose branches the processor mispredicted at every other stop).
/// Natively only, like [`SPEC_BEFORE`].
#[cfg(not(target_arch = "wasm32"))]
pub(crate) static SPEC_AT: [u64; 256] = {
    let mut masks = [0u64; 256];
    let mut i = 0;
    while i < SPECS.len() {
        masks[SPECS[i].key[0] as usize] |= 1 << i;
        i += 1;
    }
    masks
};

/// For each byte, one bit per [`SPECS`] entry that [`may_precede`] it one and two places
/// before its trigger: ANDed with [`SPEC_AT`], three table loads name the entries worth trying
/// at a stop byte (usually none), where the per-trigger [`BEFORE`] only rejects and every entry
/// was then compared. Natively only: 4 KB of tables in a scanner package with about 100 B
/// of its budget left, where the browser scan's time is mostly getting the text in.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) static SPEC_BEFORE: [[u64; 256]; 2] = [spec_before(1), spec_before(2)];

#[cfg(not(target_arch = "wasm32"))]
const fn spec_before(back: usize) -> [u64; 256] {
    assert!(SPECS.len() <= 64, "one bit per catalogue entry");
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < SPECS.len() {
        let mut b = 0;
        while b < 256 {
            if may_precede(&SPECS[i], back, b as u8) {
                table[b] |= 1 << i;
            }
            b += 1;
        }
        i += 1;
    }
    table
}

/// One bit per [`SPECS`] entry that carries a checksum (the first [`PROVEN`]).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const PROVEN_MASK: u64 = (1 << PROVEN) - 1;

/// GitLab's routable layout, read from the body characters `c` (after `glpat-`): payload,
/// `.`, an optional 2-character version and `.`, the 2-character payload length, then the
/// 7-character base36 CRC32 of everything before it (prefix included). Returns the body
/// length and whether the CRC matches.
pub(crate) fn gitlab_routable(prefix: &[u8], c: &[u8]) -> Option<(usize, bool)> {
    let payload = c
        .iter()
        .take(GITLAB_PAYLOAD_MAX + 1)
        .take_while(|&&b| Class::Dashed.allows(b))
        .count();
    if !(GITLAB_PAYLOAD_MIN..=GITLAB_PAYLOAD_MAX).contains(&payload)
        || c.get(payload) != Some(&b'.')
    {
        return None;
    }
    let base36 = |s: &[u8]| {
        s.iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    };
    let after = payload + 1;
    let versioned = c.get(after + 2) == Some(&b'.') && c.get(after..after + 2).is_some_and(base36);
    let sum_at = if versioned { after + 5 } else { after + 2 };
    let end = sum_at + 7;
    let tail = c.get(after..end)?;
    if !tail.iter().all(|&b| b == b'.' || base36(&[b])) || !base36(&c[sum_at..end]) {
        return None;
    }
    let mut crc = crate::checksum::digest();
    crc.update(prefix);
    crc.update(&c[..sum_at]);
    let want = crc.finalize();
    let got = c[sum_at..end]
        .iter()
        .try_fold(0u64, |acc, &b| {
            let d = if b.is_ascii_digit() {
                b - b'0'
            } else {
                b - b'a' + 10
            };
            Some(acc * 36 + u64::from(d))
        })
        .filter(|&v| v <= u64::from(u32::MAX));
    Some((end, got == Some(u64::from(want))))
}

/// The first position of `needle` in `hay`. Naive, on inputs of at most a few hundred bytes:
/// `memchr::memmem` would cost the scanner package several KB of wasm.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The `T…/B…/secret` path of a Slack webhook, at the start of `c`: its length.
pub(crate) fn webhook_len(c: &[u8]) -> Option<usize> {
    let part = |from: usize, lead: Option<u8>| -> Option<usize> {
        let s = c.get(from..)?;
        if let Some(l) = lead {
            if s.first() != Some(&l) {
                return None;
            }
        }
        let n = s
            .iter()
            .take_while(|b| Class::UpperDigit.allows(**b))
            .count();
        (8..=16).contains(&n).then_some(from + n)
    };
    let team = part(0, Some(b'T'))?;
    let bot = part(
        team.checked_add(1).filter(|_| c.get(team) == Some(&b'/'))?,
        Some(b'B'),
    )?;
    if c.get(bot) != Some(&b'/') {
        return None;
    }
    let secret = c[bot + 1..]
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (secret == 24).then_some(bot + 1 + secret)
}

/// A PEM private key block at the start of `c` (after `-----BEGIN `): the label (`RSA `,
/// `EC `, `OPENSSH `, `ENCRYPTED `… or none) then `PRIVATE KEY-----`, a base64 body (headers
/// such as `Proc-Type:` allowed), and the matching `-----END <label>PRIVATE KEY-----`. Returns
/// the length up to the end line's last `-` and the length of the header line.
pub(crate) fn pem_len(c: &[u8]) -> Option<(usize, usize)> {
    let window = &c[..c.len().min(40)];
    let label = find(window, b"PRIVATE KEY-----")?;
    let head = label + 16;
    let label = &c[..label];
    let words = label.iter().all(|b| b.is_ascii_uppercase() || *b == b' ');
    if !words || !(label.is_empty() || label.ends_with(b" ") && !label.starts_with(b" ")) {
        return None;
    }
    let rest = c.get(head..)?;
    // Read up to the end line, stopping at anything a key block cannot hold, and at another
    // BEGIN line: each byte is read for one block at most, so the scan stays linear.
    let header_ok =
        |b: &u8| Class::Pem.allows(*b) || matches!(b, b' ' | b':' | b',' | b'-' | b'\t');
    let mut end = 0;
    loop {
        let b = *rest.get(end).filter(|_| end < PEM_MAX)?;
        if b == b'-' && rest[end..].starts_with(b"-----") {
            if rest[end..].starts_with(b"-----END ") {
                break;
            }
            return None;
        }
        if !header_ok(&b) {
            return None;
        }
        end += 1;
    }
    if rest[..end]
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .count()
        < 40
    {
        return None;
    }
    let tail = &rest[end + 9..];
    if !(tail.starts_with(label) && tail[label.len()..].starts_with(b"PRIVATE KEY-----")) {
        return None;
    }
    Some((head + end + 9 + label.len() + 16, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_has_an_anchor_and_fits_its_class() {
        for (i, s) in SPECS.iter().enumerate() {
            assert_eq!(i < PROVEN, s.proof != Proof::Shape, "{}", s.id);
        }
        for s in SPECS {
            assert_eq!(s.anchor, anchor(s.prefix), "{}", s.id);
            assert_eq!(s.key, key(s.prefix), "{}", s.id);
            assert!(s.min <= s.max, "{}", s.id);
        }
    }

    #[test]
    fn gitlab_vectors() {
        // osv-scalibr's test vectors (fake tokens), one per layout.
        let ok = |t: &str| gitlab_routable(b"glpat-", &t.as_bytes()[6..]);
        assert_eq!(
            ok("glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.01.0r0l8l6ir"),
            Some((40, true))
        );
        assert_eq!(
            ok("glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.0r03gxo7s"),
            Some((37, true))
        );
        assert_eq!(
            ok("glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.01.0r03gxo7a"),
            Some((40, false))
        );
        assert_eq!(ok("glpat-vzDNJu3Lvh4YCCekKsnx"), None);
    }

    #[test]
    fn webhook_and_pem_shapes() {
        assert_eq!(
            webhook_len(b"T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\""),
            Some(44)
        );
        assert_eq!(webhook_len(b"T00000000/B00000000/XXXX"), None);
        let body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n".repeat(3);
        let pem = format!("RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----");
        assert_eq!(
            pem_len(format!("{pem}\nmore").as_bytes()).map(|p| p.0),
            Some(pem.len())
        );
        let other = format!("RSA PRIVATE KEY-----\n{body}-----END EC PRIVATE KEY-----");
        assert_eq!(pem_len(other.as_bytes()), None);
        assert_eq!(
            pem_len(b"CERTIFICATE-----\nMIIB-----END CERTIFICATE-----"),
            None
        );
    }
}
