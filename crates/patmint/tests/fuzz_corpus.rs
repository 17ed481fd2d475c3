//! Replays the committed fuzz corpus (fuzz/corpus) through the fuzz targets' bodies on stable
//! Rust, so that every input a fuzzing run found interesting stays a regression test.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/targets.rs"]
mod targets;

use std::fs;
use std::path::Path;

fn replay(target: &str, body: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        body(&fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "empty corpus for {target}");
}

#[test]
fn fragments_corpus() {
    replay("fragments", targets::fragments_target);
}

#[test]
fn check_corpus() {
    replay("check", targets::check_target);
}

#[test]
fn normalize_scopes_corpus() {
    replay("normalize_scopes", targets::normalize_scopes_target);
}

#[test]
fn record_json_corpus() {
    replay("record_json", targets::record_json_target);
}

#[test]
fn dates_corpus() {
    replay("dates", targets::dates_target);
}

#[test]
fn format_ids_corpus() {
    replay("format_ids", targets::format_ids_target);
}

#[test]
fn scan_corpus() {
    replay("scan", targets::scan_target);
}

#[test]
fn redact_corpus() {
    replay("redact", targets::redact_target);
}

/// The scanner's seeds are look-alikes and shape-only fakes: no file in them may hold a token
/// whose checksum is valid (no secret in the repository, and push protection would flag it).
#[test]
fn scan_and_redact_corpora_hold_no_valid_token() {
    let scanner =
        patmint::scan::Scanner::with_formats(&[patmint::Format::parse("custom:acme").unwrap()]);
    for target in ["scan", "redact"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target);
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let data = fs::read(&path).unwrap();
            let verified = scanner
                .scan_bytes(&data)
                .iter()
                .filter(|f| f.verified)
                .count();
            assert_eq!(verified, 0, "{}: a valid token", path.display());
        }
    }
}
