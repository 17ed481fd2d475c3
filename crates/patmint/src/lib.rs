#![doc = include_str!("../README.md")]
//!
//! ## Module hierarchy
//!
//! The modules import one way: each only from modules of the layers above its own, never
//! from its own layer or below (`tests/layers.rs` holds every `crate::` path to this list),
//! so that each layer can be read, tested and changed knowing only those above it.
//!
//! 1. `error`, `utf8`, `date`, `fingerprint`, `permissions`: import nothing of the
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
//! 10. `store`: what a verifier needs of a records store (snapshots, changes since a version).
//!
//! The WebAssembly boundary (crate `patmint-wasm`) and the binary (crate `patmint-cli`) are
//! crates of their own over this one: it knows neither JavaScript nor HTTP.
#![forbid(unsafe_code)]
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
// The server half reads export files: serde_json, behind the `json` feature.
#[cfg(feature = "json")]
pub mod verify;
// A store's rows are export-file records in JSON; its interface is the verifier's.
#[cfg(feature = "store")]
pub mod store;

// Private: their public items are re-exported below, so that no module shares its name
// with a function at the root (`patmint::mask` and `patmint::check` are the functions).
mod check;
mod error;
mod fingerprint;
mod mask;
pub mod utf8;

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
