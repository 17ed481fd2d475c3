#![doc = include_str!("../CRATE-README.md")]
//!
//! ## Module hierarchy
//!
//! The modules import one way: each only from modules of the layers above its own, never
//! from its own layer or below (a unit test of this file holds every `crate::` path to this
//! list), so that each layer can be read, tested and changed knowing only those above it.
//!
//! 1. `error`, `utf8`, `date`, `fingerprint`, `permissions`, `scrub`: import nothing of the
//!    crate. Errors carry their bounds (`TooLong { max }`) rather than importing the limits.
//! 2. `rng`, `scopes`, `custom_scopes`: randomness, GitHub's classic scopes, a custom-prefix
//!    token's own scopes.
//! 3. `base62`: the alphabet, and unbiased sampling from it.
//! 4. `checksum`: GitHub's CRC32 in base62.
//! 5. `format`: the catalogue of token formats.
//! 6. `check`, `mask`: checking a string against the formats; the display form of a token.
//! 7. `token`: minting.
//! 8. `record`, `scan`: what is stored about a token; finding tokens in text.
//! 9. `verify`: the server half, over records.
//! 10. `wasm`: the WebAssembly boundary, over all of the above.
// wasm-bindgen's generated glue uses `unsafe`; the crate's own code never does.
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]
#![warn(missing_docs, unreachable_pub)]

pub mod base62;
pub mod checksum;
pub mod custom_scopes;
pub mod date;
pub mod format;
pub mod permissions;
pub mod record;
pub mod rng;
pub mod scan;
pub mod scopes;
pub mod token;
// The server half reads export files (serde_json, native only); not in the wasm packages yet.
#[cfg(any(not(target_arch = "wasm32"), feature = "verify"))]
pub mod verify;

// Private: their public items are re-exported below, so that no module shares its name
// with a function at the root (`patmint::mask` and `patmint::check` are the functions).
mod check;
mod error;
mod fingerprint;
mod mask;
#[cfg(target_arch = "wasm32")]
mod scrub;
mod utf8;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use check::{check, check_with, TokenInfo, MAX_INPUT_BYTES};
pub use error::{
    AccessError, Error, ErrorCode, FormatError, RandomError, RecordError, ScopeError, TokenError,
};
pub use fingerprint::{fingerprint, verify as verify_fingerprint};
pub use format::Format;
pub use mask::mask;
pub use permissions::Level;
pub use record::TokenRecord;
pub use scopes::normalize as normalize_scopes;
pub use token::{generate_many, SecretToken};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// The layers of the module doc comment above: module name → layer number.
    fn layers(lib: &str) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for line in lib.lines() {
            let Some(item) = line.strip_prefix("//! ") else {
                continue;
            };
            let Some((n, rest)) = item.split_once(". ") else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else { continue };
            let names = rest.split(':').next().unwrap_or_default();
            for name in names.split('`').skip(1).step_by(2) {
                out.insert(name.to_owned(), n);
            }
        }
        out
    }

    /// The module each root re-export (`pub use module::{Name, ...}`) comes from.
    fn reexports(lib: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut rest = lib;
        while let Some(at) = rest.find("\npub use ") {
            rest = &rest[at + 9..];
            let stmt = &rest[..rest.find(';').unwrap()];
            let (module, names) = stmt.split_once("::").unwrap();
            for name in names
                .split(|c: char| "{}, \n".contains(c))
                .filter(|n| !n.is_empty())
            {
                out.insert(name.to_owned(), module.to_owned());
            }
            // `normalize as normalize_scopes`: the last word is the name at the root.
            if let Some((_, alias)) = stmt.rsplit_once(" as ") {
                out.insert(alias.trim().to_owned(), module.to_owned());
            }
        }
        out
    }

    /// The crate's modules a source file names (`crate::x`, `crate::{x, y as z}`), comments
    /// left out.
    fn imports(source: &str, reexports: &BTreeMap<String, String>) -> Vec<String> {
        let code: String = source
            .lines()
            .map(|l| l.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        let ident = |s: &str| -> String {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        let mut out = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            let after = &code[at + 7..];
            let names: Vec<String> = match after.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap()]
                    .split(',')
                    .map(ident)
                    .collect(),
                None => vec![ident(after)],
            };
            for name in names.into_iter().filter(|n| !n.is_empty()) {
                out.push(reexports.get(&name).cloned().unwrap_or(name));
            }
        }
        out
    }

    #[test]
    fn imports_follow_the_module_hierarchy() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
        let (layers, reexports) = (layers(&lib), reexports(&lib));
        assert!(
            layers.len() >= 15 && reexports.len() >= 15,
            "{layers:?} {reexports:?}"
        );
        let mut files = vec![];
        let mut dirs = vec![src.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() && !path.ends_with("bin") {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut modules_seen = 0;
        for file in files {
            let rel = file
                .strip_prefix(&src)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            let module = rel.split(['/', '.']).next().unwrap();
            if module == "lib" {
                continue;
            }
            let own = *layers
                .get(module)
                .unwrap_or_else(|| panic!("module {module} is in no layer of lib.rs"));
            modules_seen += 1;
            let source = std::fs::read_to_string(&file).unwrap();
            for used in imports(&source, &reexports) {
                if used == module {
                    continue;
                }
                let layer = layers
                    .get(&used)
                    .unwrap_or_else(|| panic!("{rel}: crate::{used}?"));
                assert!(
                    *layer < own,
                    "{rel} (layer {own}) imports {used} (layer {layer}): imports go one way"
                );
            }
        }
        assert!(modules_seen >= layers.len());
    }
}
