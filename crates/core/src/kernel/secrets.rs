//! Secrets handed to clients (session cookies, API tokens, CSRF tokens) and the
//! hashes they are stored as.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A fresh random secret of 256 bits, URL-safe, with `prefix` so that a leaked
/// one is recognisable (`rps_` sessions, `rpt_` tokens).
pub fn new_secret(prefix: &str) -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// What a secret is stored and looked up as. A fast hash is right here: the
/// secret has 256 random bits, so there is nothing to guess offline.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_fresh_prefixed_and_hash_stably() {
        let (a, b) = (super::new_secret("rpt_").expect("rng"), super::new_secret("rpt_").expect("rng"));
        assert!(a.starts_with("rpt_") && a.len() == 4 + 43);
        assert_ne!(a, b);
        assert_eq!(super::hash(&a), super::hash(&a));
        assert_ne!(super::hash(&a), super::hash(&b));
        assert_eq!(super::hash("abc").len(), 64);
    }
}
