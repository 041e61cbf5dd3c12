//! What an export may disclose, and the pseudonymiser that applies it: keyed hashes of ids
//! (HMAC-SHA-256), no names or free text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use hmac::{Hmac, Mac};
use kring_domain::{CaseId, Error, Id, IdKind, PersonId, Result};
use sha2::Sha256;

use crate::columns::Cell;

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
    /// Where the text of every id seen in the current case is in `texts`, by kind and value.
    memo: HashMap<(&'static str, u128), Pseudonym, BuildHasherDefault<IdHasher>>,
    /// The texts of the current case's ids, one after the other.
    texts: String,
    /// Tells disclosures apart without keeping the key: a MAC of a fixed text under the key;
    /// `None` when identifying.
    fingerprint: Option<[u8; 32]>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Where an id's text is among the texts of the current case: read it with
/// [`Pseudonymiser::text`]. Made anew for every case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pseudonym(usize, usize);

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
            texts: String::new(),
        }
    }

    /// Whether `other` discloses the same way (both identifying, or the same key).
    pub(crate) fn same_disclosure(&self, other: &Pseudonymiser) -> bool {
        self.fingerprint == other.fingerprint
    }

    /// Forgets the ids of the previous case (the memo holds one case's ids).
    pub(crate) fn start_case(&mut self) {
        self.memo.clear();
        self.texts.clear();
    }

    pub(crate) fn identifying(&self) -> bool {
        self.mac.is_none()
    }

    /// Appends to `out` `{kind}_{first 12 bytes of HMAC(kind ‖ id) in hex}`, or the real id's
    /// text.
    fn write(&self, out: &mut String, kind: &str, id: u128, text: impl FnOnce() -> String) {
        match &self.mac {
            None => out.push_str(&text()),
            Some(mac) => {
                let mut mac = mac.clone();
                mac.update(kind.as_bytes());
                mac.update(&id.to_be_bytes());
                let digest = mac.finalize().into_bytes();
                out.reserve(kind.len() + 1 + 24);
                out.push_str(kind);
                out.push('_');
                for b in &digest[..12] {
                    out.push(HEX[(b >> 4) as usize] as char);
                    out.push(HEX[(b & 0xf) as usize] as char);
                }
            }
        }
    }

    /// The id's text, made once per case (a handle on it: see [`Pseudonymiser::text`]).
    fn id(&mut self, kind: &'static str, id: u128, text: impl FnOnce() -> String) -> Pseudonym {
        if let Some(p) = self.memo.get(&(kind, id)) {
            return *p;
        }
        let mut texts = std::mem::take(&mut self.texts);
        let start = texts.len();
        self.write(&mut texts, kind, id, text);
        let p = Pseudonym(start, texts.len());
        self.texts = texts;
        self.memo.insert((kind, id), p);
        p
    }

    /// The text of an id of the current case.
    pub(crate) fn text(&self, p: Pseudonym) -> &str {
        &self.texts[p.0..p.1]
    }

    pub(crate) fn case(&self, id: CaseId) -> String {
        let mut out = String::new();
        self.write(&mut out, "case", id.as_u128(), || id.to_string());
        out
    }

    /// A person's id, as a handle on its text in the current case.
    pub(crate) fn person_at(&mut self, id: PersonId) -> Pseudonym {
        self.id("person", id.as_u128(), || id.to_string())
    }

    /// Another id, as a handle on its text in the current case.
    pub(crate) fn other_at<K: IdKind>(&mut self, id: Id<K>) -> Pseudonym {
        self.id(K::PREFIX, id.as_u128(), || id.to_string())
    }

    /// Another id's text, of its own.
    pub(crate) fn other<K: IdKind>(&mut self, id: Id<K>) -> Arc<str> {
        let p = self.other_at(id);
        self.text(p).into()
    }

    /// Free text when identifying, else nothing.
    pub(crate) fn free_text<'a>(&self, text: Option<&'a str>) -> Cell<'a> {
        match (self.identifying(), text) {
            (true, Some(t)) => Cell::Text(t),
            _ => Cell::Null,
        }
    }
}
