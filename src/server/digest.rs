//! Content hashes needed on both sides of a layer: the store repository makes the policy
//! hash of a theme's CSS once per record, and the page policy (`csp`) hashes the rest.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha2::{Digest, Sha256};

/// `'sha256-…'`, the CSP source expression allowing exactly this inline content.
pub fn hash_source(content: &[u8]) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(content)))
}

#[cfg(test)]
mod tests {
    use super::hash_source;

    #[test]
    fn hash_source_is_base64_sha256() {
        // The value browsers report for an empty inline element.
        assert_eq!(hash_source(b""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    }
}
