//! The library is what servers and other tools build on: `cargo add patmint` must not pull a
//! CLI parser, an async runtime, an HTTP stack or JavaScript bindings. Those belong to the
//! `patmint-cli` and `patmint-wasm` crates.

use std::process::Command;

/// The crates in the library's normal dependency tree for `target` ("all", or the host's if
/// empty).
fn normal_dependencies(target: &str, features: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--manifest-path",
            manifest,
            "-p",
            "patmint",
        ])
        .args(["-e", "normal", "--prefix", "none"])
        .args(if target.is_empty() {
            vec![]
        } else {
            vec!["--target", target]
        })
        .args(features)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

// On wasm32 alone, getrandom reaches the browser's crypto.getRandomValues through
// wasm-bindgen (its `wasm_js` backend): the one JS binding the library has, for randomness.
#[test]
fn the_library_carries_no_cli_runtime_http_or_js_dependency() {
    for features in [&[][..], &["--all-features"], &["--no-default-features"]] {
        for (target, banned) in [
            (
                "",
                &[
                    "clap",
                    "tokio",
                    "hyper",
                    "wasm-bindgen",
                    "js-sys",
                    "web-sys",
                ][..],
            ),
            ("all", &["clap", "tokio", "hyper", "web-sys"]),
        ] {
            let tree = normal_dependencies(target, features);
            assert!(tree.iter().any(|c| c == "sha2"), "{features:?}: {tree:?}");
            for banned in banned {
                assert!(
                    !tree.iter().any(|c| c == banned),
                    "{target} {features:?}: {banned} in the library's dependencies: {tree:?}"
                );
            }
        }
    }
}
