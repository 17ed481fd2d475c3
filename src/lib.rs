#![doc = include_str!("../CRATE-README.md")]
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
