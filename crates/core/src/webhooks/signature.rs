//! Signing as the Standard Webhooks specification says: the secret is
//! `whsec_` and the base64 of its key; each request is signed over
//! `{webhook-id}.{webhook-timestamp}.{body}` with HMAC-SHA256, and the
//! `webhook-signature` header carries `v1,` and the base64 of the result, one
//! per secret in force, separated by spaces.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The prefix of a secret as handed out.
const PREFIX: &str = "whsec_";

/// A fresh secret: 24 random bytes (192 bits), as the reference
/// implementations make them.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut key = [0u8; 24];
    getrandom::fill(&mut key)?;
    Ok(format!("{PREFIX}{}", STANDARD.encode(key)))
}

/// The key of `secret` (with or without its prefix); none when the rest is
/// not base64.
fn key(secret: &str) -> Option<Vec<u8>> {
    STANDARD.decode(secret.strip_prefix(PREFIX).unwrap_or(secret)).ok()
}

/// `v1,` and the signature of one message with one secret; none for a
/// secret that does not decode.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key(secret)?).ok()?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// The `webhook-signature` header: one signature per secret, space
/// separated (two while a rotated secret is still honoured).
pub fn header(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets.iter().filter_map(|secret| sign(secret, id, timestamp, body)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specification_test_vector_is_reproduced() {
        // The vector the Standard Webhooks specification and its reference
        // libraries publish.
        let signed = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(signed.as_deref(), Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    #[test]
    fn a_rotated_secret_signs_beside_the_new_one() {
        let (old, new) = (new_secret().expect("rng"), new_secret().expect("rng"));
        assert!(old.starts_with("whsec_") && old.len() == 6 + 32 && old != new);
        let both = header(&[&new, &old], "msg_1", 1, b"{}");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(Some(parts[0].to_owned()), sign(&new, "msg_1", 1, b"{}"));
        assert_eq!(Some(parts[1].to_owned()), sign(&old, "msg_1", 1, b"{}"));
        assert_eq!(sign("whsec_not base64!", "msg_1", 1, b"{}"), None);
    }
}
