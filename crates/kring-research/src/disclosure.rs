//! What an export may disclose, and the pseudonymiser that applies it: keyed hashes of ids
//! (HMAC-SHA-256), no names or free text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use hmac::{Hmac, Mac};
use kring_domain::{CaseId, Error, Id, IdKind, PersonId, Result};
use sha2::Sha256;

use crate::table::Value;

/// Fewest different byte values a pseudonymisation key must hold. 16 random bytes hold
/// fewer than 8 different values with a probability below 10^-9.
pub const MIN_KEY_DISTINCT: usize = 8;

/// Shortest key accepted for pseudonymisation, in bytes.
pub const MIN_KEY_LEN: usize = 16;

/// What an export may disclose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disclosure {
    /// Ids replaced by keyed hashes; no names, contact details or free text; birth years only;
    /// dates and times as the Monday of their week (durations, in days from the request, stay
    /// exact).
    Pseudonymised(PseudonymKey),
    /// Real ids, names and free text. Only for use inside the organisation holding the records.
    Identifying,
}

/// A pseudonymisation key that passed the checks of [`Disclosure::pseudonymised`]; the only
/// way to make one. Its `Debug` form never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct PseudonymKey(Vec<u8>);

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PseudonymKey(<{} bytes, redacted>)", self.0.len())
    }
}

impl Disclosure {
    /// The disclosure a caller chose with the two options every binding offers: `identifying`
    /// (explicit opt-in to real ids, names and free text) or else a pseudonymisation `key`,
    /// which is then required and checked as by [`Disclosure::pseudonymised`].
    pub fn from_options(key: Option<Vec<u8>>, identifying: bool) -> Result<Self> {
        match (key, identifying) {
            (_, true) => Ok(Disclosure::Identifying),
            (Some(key), false) => Disclosure::pseudonymised(key),
            (None, false) => Err(Error::invalid(
                "key",
                "a pseudonymisation key is required (or an explicitly identifying export)",
            )),
        }
    }

    /// Pseudonymised with `key`: at least [`MIN_KEY_LEN`] bytes, of which at least
    /// [`MIN_KEY_DISTINCT`] differ. A weak key (all zeros, one byte repeated, a short
    /// pattern) would let anyone who guesses it undo the pseudonyms, so it is refused.
    pub fn pseudonymised(key: impl Into<Vec<u8>>) -> Result<Self> {
        let key = key.into();
        if key.len() < MIN_KEY_LEN {
            return Err(Error::invalid(
                "key",
                format!("{} bytes; at least {MIN_KEY_LEN}", key.len()),
            ));
        }
        let mut seen = [false; 256];
        key.iter().for_each(|&b| seen[b as usize] = true);
        if seen.iter().filter(|&&s| s).count() < MIN_KEY_DISTINCT {
            return Err(Error::invalid(
                "key",
                format!(
                    "a weak key: fewer than {MIN_KEY_DISTINCT} different byte values; use random bytes (for example 32 from os.urandom or crypto.randomBytes)"
                ),
            ));
        }
        Ok(Disclosure::Pseudonymised(PseudonymKey(key)))
    }
}

/// A hasher for the memo of ids: ids are 48 bits of time and 80 of entropy, so mixing the
/// two halves with one multiplication spreads them well.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u128(&mut self, v: u128) {
        let folded = (v as u64) ^ ((v >> 64) as u64).rotate_left(29);
        self.0 = (self.0 ^ folded).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_usize(&mut self, v: usize) {
        self.0 = (self.0 ^ v as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The pseudonymiser: how ids, names and free text come out under one [`Disclosure`]: the keyed MAC is set up
/// once (its key blocks hashed once), and the text of every id is made once per case.
#[derive(Clone)]
pub(crate) struct Pseudonymiser {
    /// The MAC after the key, cloned for every id; `None` when identifying.
    mac: Option<Hmac<Sha256>>,
    /// The text of every id seen in the current case, by kind and value.
    memo: HashMap<(&'static str, u128), String, BuildHasherDefault<IdHasher>>,
    /// Tells disclosures apart without keeping the key: a MAC of a fixed text under the key;
    /// `None` when identifying.
    fingerprint: Option<[u8; 32]>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Pseudonymiser {
    pub(crate) fn new(disclosure: &Disclosure) -> Self {
        let mac = match disclosure {
            Disclosure::Identifying => None,
            Disclosure::Pseudonymised(PseudonymKey(key)) => {
                Some(Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length"))
            }
        };
        let fingerprint = mac.as_ref().map(|mac| {
            let mut mac = mac.clone();
            mac.update(b"kring: which key");
            mac.finalize().into_bytes().into()
        });
        Pseudonymiser {
            mac,
            fingerprint,
            memo: HashMap::default(),
        }
    }

    /// Whether `other` discloses the same way (both identifying, or the same key).
    pub(crate) fn same_disclosure(&self, other: &Pseudonymiser) -> bool {
        self.fingerprint == other.fingerprint
    }

    /// Forgets the ids of the previous case (the memo holds one case's ids).
    pub(crate) fn start_case(&mut self) {
        self.memo.clear();
    }

    pub(crate) fn identifying(&self) -> bool {
        self.mac.is_none()
    }

    /// `{kind}_{first 12 bytes of HMAC(kind ‖ id) in hex}`, or the real id's text.
    fn text(&self, kind: &str, id: u128, text: impl FnOnce() -> String) -> String {
        match &self.mac {
            None => text(),
            Some(mac) => {
                let mut mac = mac.clone();
                mac.update(kind.as_bytes());
                mac.update(&id.to_be_bytes());
                let digest = mac.finalize().into_bytes();
                let mut out = String::with_capacity(kind.len() + 1 + 24);
                out.push_str(kind);
                out.push('_');
                for b in &digest[..12] {
                    out.push(HEX[(b >> 4) as usize] as char);
                    out.push(HEX[(b & 0xf) as usize] as char);
                }
                out
            }
        }
    }

    /// The id's cell, made once per case and cloned after that.
    fn id(&mut self, kind: &'static str, id: u128, text: impl FnOnce() -> String) -> Value {
        if let Some(t) = self.memo.get(&(kind, id)) {
            return Value::Text(t.clone());
        }
        let t = self.text(kind, id, text);
        self.memo.insert((kind, id), t.clone());
        Value::Text(t)
    }

    pub(crate) fn case(&self, id: CaseId) -> String {
        self.text("case", id.as_u128(), || id.to_string())
    }

    pub(crate) fn person(&mut self, id: PersonId) -> Value {
        self.id("person", id.as_u128(), || id.to_string())
    }

    pub(crate) fn other<K: IdKind>(&mut self, id: Id<K>) -> Value {
        self.id(K::PREFIX, id.as_u128(), || id.to_string())
    }

    pub(crate) fn free_text(&self, text: Option<&str>) -> Value {
        match (self.identifying(), text) {
            (true, Some(t)) => Value::Text(t.to_string()),
            _ => Value::Null,
        }
    }
}
