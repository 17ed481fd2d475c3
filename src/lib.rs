//! # patmint
//!
//! Mint personal access tokens entirely client-side: cryptographically random tokens in
//! GitHub's formats (classic `ghp_` family with its CRC32 checksum, fine-grained `github_pat_`
//! shape, custom prefixes), the SHA-256 fingerprint a server stores instead of the secret,
//! masking for display, GitHub's scope catalogue and a storable record that never contains the
//! secret.
//!
//! Data flows one way: randomness → [`SecretToken`] → (fingerprint, mask, [`TokenRecord`]).
//!
//! ```
//! use patmint::{check, Format, SecretToken};
//! let token = SecretToken::generate(&Format::DEFAULT)?;
//! let info = check(token.expose_secret()).expect("a fresh token is valid");
//! assert_eq!(info.format, Format::DEFAULT);
//! assert_eq!(token.fingerprint().len(), 64);
//! # Ok::<(), patmint::Error>(())
//! ```
// wasm-bindgen's generated glue uses `unsafe`; the crate's own code never does.
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]
#![warn(missing_docs)]

pub mod base62;
pub mod checksum;
pub mod date;
pub mod error;
pub mod fingerprint;
pub mod format;
pub mod mask;
pub mod permissions;
pub mod record;
pub mod rng;
pub mod scan;
pub mod scopes;
pub mod token;
// The server half reads export files (serde_json, native only); not in the wasm packages yet.
#[cfg(any(not(target_arch = "wasm32"), feature = "verify"))]
pub mod verify;

#[cfg(target_arch = "wasm32")]
mod scrub;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{
    AccessError, Error, ErrorCode, FormatError, RandomError, RecordError, ScopeError, TokenError,
};
pub use fingerprint::fingerprint;
pub use format::Format;
pub use mask::mask;
pub use permissions::Level;
pub use record::TokenRecord;
pub use scopes::normalize as normalize_scopes;
pub use token::{check, check_with, generate_many, SecretToken, TokenInfo};
