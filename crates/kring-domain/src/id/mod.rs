//! Typed identifiers.
//!
//! Every id is 128 bits laid out like a ULID: 48 bits of milliseconds since the Unix epoch,
//! then 80 bits of entropy. That makes ids globally unique (cases move between
//! organisations) and sortable by creation time. The text form is a kind prefix and the
//! 26-character Crockford base32 encoding, e.g. `case_01HZX3J7Q8M9T3V4W5X6Y7Z8AB`, so an id
//! of one kind can never be mistaken for another.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod generator;
pub use generator::{IdGenerator, id_text};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Writes the 26 base32 characters of `value` into `out`.
fn encode_into(value: u128, out: &mut [u8]) {
    for (i, slot) in out[..26].iter_mut().enumerate() {
        let shift = 125 - 5 * i as i32;
        let idx = if shift >= 0 {
            (value >> shift) & 0x1f
        } else {
            (value << -shift) & 0x1f
        };
        *slot = ALPHABET[idx as usize];
    }
}

/// The longest prefix of any id kind, with room to spare.
const MAX_PREFIX: usize = 16;

/// The text form of an id, built on the stack (ids are written often: every read of a case
/// as JSON writes hundreds).
struct Text {
    buf: [u8; MAX_PREFIX + 1 + 26],
    len: usize,
}

impl Text {
    fn new(prefix: &str, value: u128) -> Text {
        let mut buf = [0u8; MAX_PREFIX + 1 + 26];
        let p = prefix.len();
        buf[..p].copy_from_slice(prefix.as_bytes());
        buf[p] = b'_';
        encode_into(value, &mut buf[p + 1..]);
        Text { buf, len: p + 27 }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).expect("prefixes and the alphabet are ASCII")
    }
}

/// The value of each byte as a Crockford base32 digit (case-insensitive; `O` reads as 0, `I`
/// and `L` as 1), or 255.
const DIGITS: [u8; 256] = {
    let mut t = [255u8; 256];
    let mut i = 0;
    while i < 32 {
        let c = ALPHABET[i];
        t[c as usize] = i as u8;
        t[c.to_ascii_lowercase() as usize] = i as u8;
        i += 1;
    }
    t[b'O' as usize] = 0;
    t[b'o' as usize] = 0;
    t[b'I' as usize] = 1;
    t[b'i' as usize] = 1;
    t[b'L' as usize] = 1;
    t[b'l' as usize] = 1;
    t
};

fn decode(text: &str) -> Option<u128> {
    if text.len() != 26 {
        return None;
    }
    let mut value: u128 = 0;
    for (i, c) in text.bytes().enumerate() {
        let digit = DIGITS[c as usize];
        // The first character carries only 3 bits (128 = 3 + 25 * 5).
        if digit == 255 || (i == 0 && digit > 7) {
            return None;
        }
        value = (value << 5) | digit as u128;
    }
    Some(value)
}

/// Marks the kind of an [`Id`]; implemented by the zero-sized kind types below.
pub trait IdKind: 'static {
    /// The text prefix, e.g. `case`.
    const PREFIX: &'static str;
}

/// A typed 128-bit identifier. See the module docs for its layout and text form.
pub struct Id<K: IdKind>(u128, PhantomData<fn() -> K>);

impl<K: IdKind> Id<K> {
    /// An id from its raw 128-bit value.
    pub const fn from_u128(value: u128) -> Self {
        Id(value, PhantomData)
    }

    /// The raw 128-bit value (big-endian byte order sorts like the id).
    pub const fn as_u128(&self) -> u128 {
        self.0
    }

    /// An id from a creation time and 80 bits of entropy (higher bits are ignored).
    pub fn from_parts(at: DateTime<Utc>, entropy: u128) -> Self {
        let ms = at.timestamp_millis().clamp(0, (1 << 48) - 1) as u128;
        Id::from_u128((ms << 80) | (entropy & ((1u128 << 80) - 1)))
    }

    /// The creation time encoded in the id, in milliseconds since the Unix epoch.
    pub fn timestamp_ms(&self) -> u64 {
        (self.0 >> 80) as u64
    }

    /// The same value as an id of another kind (used only by generators).
    pub(crate) fn cast<L: IdKind>(self) -> Id<L> {
        Id::from_u128(self.0)
    }
}

impl<K: IdKind> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: IdKind> Copy for Id<K> {}
impl<K: IdKind> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<K: IdKind> Eq for Id<K> {}
impl<K: IdKind> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K: IdKind> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}
impl<K: IdKind> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

impl<K: IdKind> Id<K> {
    fn text(&self) -> Text {
        const { assert!(K::PREFIX.len() <= MAX_PREFIX) };
        Text::new(K::PREFIX, self.0)
    }
}

impl<K: IdKind> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.text().as_str())
    }
}

impl<K: IdKind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a text is not an id of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a valid {expected} id: {length} characters (expected `{expected}_` followed by 26 base32 characters)"
)]
pub struct ParseIdError {
    /// The prefix that was expected.
    pub expected: &'static str,
    /// How many characters the text had. The text itself is not kept: a name or an address
    /// passed where an id goes must not travel on in an error.
    pub length: usize,
}

impl<K: IdKind> FromStr for Id<K> {
    type Err = ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseIdError {
            expected: K::PREFIX,
            length: s.chars().count(),
        };
        let rest = s
            .strip_prefix(K::PREFIX)
            .and_then(|r| r.strip_prefix('_'))
            .ok_or_else(err)?;
        decode(rest).map(Id::from_u128).ok_or_else(err)
    }
}

impl<K: IdKind> Serialize for Id<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(self.text().as_str())
        } else {
            serializer.serialize_u128(self.0)
        }
    }
}

impl<'de, K: IdKind> Deserialize<'de> for Id<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            text.parse().map_err(serde::de::Error::custom)
        } else {
            u128::deserialize(deserializer).map(Id::from_u128)
        }
    }
}

#[cfg(feature = "schema")]
impl<K: IdKind> schemars::JsonSchema for Id<K> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        let mut name = K::PREFIX.to_string();
        name[..1].make_ascii_uppercase();
        format!("{name}Id").into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": format!("^{}_[0-9A-HJKMNP-TV-Z]{{26}}$", K::PREFIX),
            "description": format!("A {} id: `{}_` and 26 Crockford base32 characters.", K::PREFIX, K::PREFIX),
        })
    }
}

macro_rules! id_kinds {
    ($($(#[$doc:meta])* $alias:ident, $kind:ident, $prefix:literal;)*) => {
        $(
            #[doc = concat!("Kind marker for [`", stringify!($alias), "`].")]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum $kind {}
            impl IdKind for $kind {
                const PREFIX: &'static str = $prefix;
            }
            $(#[$doc])*
            pub type $alias = Id<$kind>;
            const _: () = assert!($prefix.len() <= MAX_PREFIX);
        )*

        /// The prefix of every kind of id (`case`, `person`, `org`, …), in declaration order:
        /// the kind names [`id_text`] and [`IdGenerator::next_text`] take.
        pub const ID_KINDS: &[&str] = &[$(<$kind as IdKind>::PREFIX,)*];
    };
}

id_kinds! {
    /// A case: one request for a conference and everything that follows from it.
    CaseId, CaseTag, "case";
    /// A person, the same across every case they appear in.
    PersonId, PersonTag, "person";
    /// An organisation (care provider, municipality, school, …).
    OrganisationId, OrganisationTag, "org";
    /// A safety framework handed in by one professional.
    FrameworkId, FrameworkTag, "framework";
    /// An item a plan or an acceptance can point to: a case question, or a framework's
    /// concern, condition, question or criterion.
    ItemId, ItemTag, "item";
    /// A conference (the first, or a follow-up conference).
    ConferenceId, ConferenceTag, "conf";
    /// An agreement in a plan; it keeps its id across plan versions.
    AgreementId, AgreementTag, "agr";
    /// Help the circle asks of professionals.
    HelpId, HelpTag, "help";
    /// An evaluation moment.
    EvaluationId, EvaluationTag, "eval";
    /// A signal raised between evaluations.
    SignalId, SignalTag, "signal";
    /// A legal or protective measure around the family.
    MeasureId, MeasureTag, "measure";
    /// A kring store: where an event was written, and which store may write a case
    /// (format 6). Random, kept by backups; not time-ordered.
    StoreId, StoreTag, "store";
}

#[cfg(test)]
mod tests;
