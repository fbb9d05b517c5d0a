//! Random tokens and their digests: session and link tokens, API keys, gift-card codes.
//! Below both the database's repositories (which store digests) and authentication
//! (which hands tokens out and checks them).

use sha2::{Digest, Sha256};

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex::encode(bytes)
}

/// SHA-256 as lowercase hex: how session tokens, set-password tokens and API keys are
/// stored (they are 256-bit random, so a fast hash is enough; a password is not).
pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// True when `token` looks like a one-time link's token (64 hex digits): checked before
/// anything costs a lookup or a hash.
pub fn is_link_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Equal-time comparison of two hex digests.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (random_hex(32), random_hex(32));
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same_digest(&sha256_hex("x"), &sha256_hex("x")));
        assert!(!same_digest(&sha256_hex("x"), &sha256_hex("y")));
    }
}
