//! The scanning half of the JavaScript API (cargo feature `scan`, a package of its own so that
//! pages that only mint do not download it).

use js_sys::JsString;
use wasm_bindgen::prelude::*;

use crate::args::{self, ArgError};
use crate::read_prefixes;
use crate::scrub::StackScrub;
use patmint::scan::Scanner;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One candidate token found by {@link scan}; `start`/`end` are UTF-16 indices into the text. */
export interface Finding {
  start: number;
  end: number;
  /** `ghp`…, `custom:<name>`, `github_pat`, `gitlab_pat`, `npm`, `pypi`, `slack`, `stripe`, `aws_access_key_id`, `huggingface`. */
  format: string;
  /** True only when a checksum proves the token. */
  verified: boolean;
  /** `shape_only` or `checksum_mismatch` when not verified. */
  reason?: string;
  masked: string;
}
/** What {@link redact} returns: the redacted text and the findings it masked (one scan). */
export interface Redaction {
  text: string;
  findings: Finding[];
}
"#;

/// Longest text `scan` and `redact` accept, in UTF-16 units (up to 3 bytes each in wasm).
const MAX_SCAN_UNITS: u32 = 1 << 25;

// The text crosses the boundary as UTF-8 written by the browser's TextEncoder.encodeInto
// straight into wasm memory: the glue's own string passing copies one character at a time in
// JS, and TextEncoder.encode (a new array, then a copy) runs at 190 MB/s in Chromium; both
// cost more than the scan. `encodeInto` reports units read and bytes written, packed in one
// number (read < 2^26, written < 2^27).
#[wasm_bindgen(inline_js = "const enc = new TextEncoder();
export function encode_into(s, from, view) {
  const r = enc.encodeInto(from === 0 ? s : s.slice(from), view);
  return r.read * 134217728 + r.written;
}
export function parse_json(s) { return JSON.parse(s); }
export function redaction(s, json) {
  const findings = JSON.parse(json);
  let out = '', at = 0;
  for (const f of findings) { out += s.slice(at, f.start) + f.masked; at = f.end; }
  return { text: at === 0 ? s : out + s.slice(at), findings };
}")]
extern "C" {
    fn parse_json(json: &str) -> JsValue;
    fn redaction(text: &JsString, findings: &str) -> JsValue;
    fn encode_into(text: &JsString, from: u32, into: &mut [u8]) -> f64;
}

/// `text` as UTF-8 (lone surrogates become U+FFFD, as TextEncoder does), in at most two
/// passes: one byte per unit first, which is exact for ASCII, then three per unit left, the
/// most any character needs (so the second pass always finishes, even when the first could not
/// fit a single character: `"é"` is one unit and two bytes).
fn utf8(text: &JsString) -> Vec<u8> {
    let units = text.length();
    let mut buf = vec![0u8; units as usize];
    let (mut read, mut written) = (0, 0);
    for pass in 0..2 {
        if pass == 1 {
            if read == units {
                break;
            }
            buf.resize(written + (units - read) as usize * 3, 0);
        }
        let packed = encode_into(text, read, buf.get_mut(written..).unwrap_or_default());
        let r = (packed / 134_217_728.0) as u32;
        read += r;
        written += (packed - f64::from(r) * 134_217_728.0) as usize;
    }
    buf.truncate(written);
    buf
}

/// The text to scan (UTF-8) and the scanner, read before the text is copied (see `check`).
///
/// The copy is a plain `Vec`, not `Zeroizing`: the allocator scrubs every block it frees
/// (src/scrub.rs), and scrubbing a 10 MB log twice cost more than scanning it.
fn scan_input(text: &JsValue, prefixes: &JsValue) -> Result<(Vec<u8>, Scanner), JsValue> {
    let text = args::js_string(text, "the text")?;
    let scanner = Scanner::with_formats(&read_prefixes(prefixes)?);
    if text.length() > MAX_SCAN_UNITS {
        return Err(ArgError::TooLong {
            what: "the text",
            max: MAX_SCAN_UNITS,
        }
        .into());
    }
    Ok((utf8(text), scanner))
}

/// Every candidate token in `text` (see the crate's `scan` module for the rules), with
/// `start`/`end` in UTF-16 units, as JS string indices are. `prefixes` registers custom
/// prefixes whose checksum proves their tokens.
#[wasm_bindgen(unchecked_return_type = "Finding[]")]
pub fn scan(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[]")] prefixes: JsValue,
) -> Result<JsValue, JsValue> {
    let _scrub = StackScrub;
    let (text, scanner) = scan_input(&text, &prefixes)?;
    Ok(parse_json(&findings_json(&scanner, &text)))
}

/// The findings of `text` as a JSON array, offsets in UTF-16 units.
fn findings_json(scanner: &Scanner, text: &[u8]) -> String {
    let findings = scanner.scan_bytes(text);
    // Byte offsets to UTF-16 offsets in one pass: findings are in order.
    let (mut byte, mut unit) = (0, 0);
    let mut to_units = |to: usize| {
        for &b in text.get(byte..to).unwrap_or_default() {
            unit += patmint::utf8::utf16_units(b);
        }
        byte = to;
        unit
    };
    // One JSON string across the boundary, parsed in JS: an object per finding built with
    // property calls cost 7 µs each (11 s for a text of 1.6 M fake keys). Every string in it is
    // ours — format ids, reason codes, masked forms of ASCII token characters and `•` — so
    // nothing needs escaping.
    let mut json = String::with_capacity(2 + findings.len() * 96);
    json.push('[');
    for f in &findings {
        if json.len() > 1 {
            json.push(',');
        }
        json.push_str("{\"start\":");
        push_number(&mut json, to_units(f.range.start));
        json.push_str(",\"end\":");
        push_number(&mut json, to_units(f.range.end));
        json.push_str(",\"format\":\"");
        json.push_str(&f.format);
        json.push_str(if f.verified {
            "\",\"verified\":true"
        } else {
            "\",\"verified\":false"
        });
        if let Some(r) = f.reason {
            json.push_str(",\"reason\":\"");
            json.push_str(r.code());
            json.push('"');
        }
        json.push_str(",\"masked\":\"");
        json.push_str(&f.masked);
        json.push_str("\"}");
    }
    json.push(']');
    json
}

fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// `text` with every finding replaced by its masked form, everything else unchanged, and the
/// findings themselves (`{ text, findings }`), from one scan: the one redaction path of the
/// pages, the extension and the npm package.
#[wasm_bindgen(unchecked_return_type = "Redaction")]
pub fn redact(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[]")] prefixes: JsValue,
) -> Result<JsValue, JsValue> {
    let _scrub = StackScrub;
    let (input, scanner) = scan_input(&text, &prefixes)?;
    // Spliced in JS from the original string and the findings: no redacted copy is built in
    // wasm and decoded back (that cost as much as the scan), and every character outside the
    // findings — lone surrogates included — is the original one.
    Ok(redaction(
        text.unchecked_ref(),
        &findings_json(&scanner, &input),
    ))
}
