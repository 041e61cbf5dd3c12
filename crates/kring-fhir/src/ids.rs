//! Deterministic UUIDs for the entries of a bundle.
//!
//! A resource's UUID is the name-based UUIDv8 of RFC 9562 (appendix B.2) over SHA-256: the
//! first 128 bits of `SHA-256("kring:" + case id + "/" + resource type + "/" + key)`, with the
//! version nibble set to 8 and the variant bits to `10`. The key is the kring id the resource
//! stands for (`person_01H…`), with a suffix where one kring id gives several resources
//! (`agr_01H…/plan/2`, the agreement's `Task` in plan version 2). The case id is part of the
//! name, so the same person in two cases gives two resources that share their `identifier`
//! but not their UUID: each bundle stands alone.

use std::fmt::Write;

use kring_domain::CaseId;
use sha2::{Digest, Sha256};

/// The UUID of the resource of type `resource_type` with `key` in case `case`, in its
/// lower-case 8-4-4-4-12 text form.
pub(crate) fn uuid(case: CaseId, resource_type: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kring:");
    hasher.update(case.to_string().as_bytes());
    hasher.update(b"/");
    hasher.update(resource_type.as_bytes());
    hasher.update(b"/");
    hasher.update(key.as_bytes());
    let digest = hasher.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_is_a_v8_uuid_and_stable() {
        let case = CaseId::from_u128(0x0190_0000_0000_0000_0000_0000_0000_0001);
        let a = uuid(case, "Patient", "person_x");
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert_eq!(a, uuid(case, "Patient", "person_x"));
        assert_ne!(a, uuid(case, "RelatedPerson", "person_x"));
        assert_ne!(
            a,
            uuid(CaseId::from_u128(2), "Patient", "person_x"),
            "the case is part of the name"
        );
    }
}
