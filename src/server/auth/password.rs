//! argon2id password hashes. (Random tokens and their digests: `server::tokens`.)

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;
/// Longest password accepted (argon2 takes any length; this bounds the work per request).
pub const MAX_PASSWORD: usize = 256;

/// Checks a new password's length; the message is shown next to the field.
pub fn check_new(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Err(format!("use at least {MIN_PASSWORD} characters"))
    } else if password.len() > MAX_PASSWORD {
        Err(format!("use at most {MAX_PASSWORD} characters"))
    } else {
        Ok(())
    }
}

/// An argon2id PHC string for `password` (default parameters: 19 MiB, 2 passes).
/// Slow on purpose: call it off the async threads ([`hash_blocking`]).
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
}

/// True when `password` matches the stored `phc` hash.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Whose passwords are hashed: each lane has its own permits, so a flood of shoppers'
/// sign-ins (open to anyone on any store) cannot keep the console's staff from signing in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// Platform admins, owners and staff (the console and the dashboards).
    Staff,
    /// Shoppers of every store.
    Shoppers,
}

/// At most this many argon2 computations at once per lane: each holds 19 MiB, and sign-in
/// is open to anyone, so the memory they may take must not grow with the request rate.
const PARALLEL_HASHES: usize = 3;

fn hashing_permits(lane: Lane) -> &'static tokio::sync::Semaphore {
    static STAFF: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(PARALLEL_HASHES);
    static SHOPPERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(PARALLEL_HASHES);
    match lane {
        Lane::Staff => &STAFF,
        Lane::Shoppers => &SHOPPERS,
    }
}

/// [`hash`] on the blocking pool.
pub async fn hash_blocking(lane: Lane, password: String) -> String {
    let _permit = hashing_permits(lane).acquire().await;
    tokio::task::spawn_blocking(move || hash(&password)).await.unwrap_or_default()
}

/// [`verify`] on the blocking pool. With no stored hash (unknown user, or a user who
/// never set a password) it still spends the same time, so timing tells nothing.
pub async fn verify_blocking(lane: Lane, password: String, phc: Option<String>) -> bool {
    let _permit = hashing_permits(lane).acquire().await;
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => verify(&password, &phc),
        None => {
            verify(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("not a password of anyone"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterz", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn new_passwords_have_bounds() {
        assert!(check_new("short").is_err());
        assert!(check_new("long enough!").is_ok());
        assert!(check_new(&"x".repeat(MAX_PASSWORD + 1)).is_err());
    }
}
