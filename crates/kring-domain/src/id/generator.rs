//! Making ids: from a seeded generator, or as text for a kind named at run time.

use chrono::{DateTime, Utc};

use super::{CaseTag, ID_KINDS, Id, IdKind, Text};

/// The prefix in [`ID_KINDS`] equal to `kind`; any other name is `invalid_input` naming
/// the known kinds.
fn known_kind(kind: &str) -> Result<&'static str, crate::Error> {
    ID_KINDS
        .iter()
        .copied()
        .find(|k| *k == kind)
        .ok_or_else(|| {
            crate::Error::invalid(
                "kind",
                format!(
                    "unknown id kind `{}`; expected one of: {}",
                    kind.chars().take(64).collect::<String>(),
                    ID_KINDS.join(", ")
                ),
            )
        })
}

/// The text form of the id of the kind named `kind` (one of [`ID_KINDS`]) with the raw
/// value `value`, e.g. `case_01HZX3J7Q8M9T3V4W5X6Y7Z8AB`: for callers that name the kind at
/// run time. An unknown kind is `invalid_input`, naming the known kinds.
pub fn id_text(kind: &str, value: u128) -> Result<String, crate::Error> {
    Ok(Text::new(known_kind(kind)?, value).as_str().to_owned())
}

/// Makes ids without reading a clock or an entropy source: time comes in with each call,
/// entropy from a seeded generator. Ids made by one generator are strictly increasing
/// for non-decreasing times.
#[derive(Debug, Clone)]
pub struct IdGenerator {
    state: u64,
    last: u128,
}

impl IdGenerator {
    /// A generator seeded with `seed` (use real entropy when ids must be globally unique).
    pub fn new(seed: u64) -> Self {
        IdGenerator {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            last: 0,
        }
    }

    fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A new id of kind `K` created at `at`.
    pub fn next<K: IdKind>(&mut self, at: DateTime<Utc>) -> Id<K> {
        let entropy = ((self.next_u64() as u128) << 64) | self.next_u64() as u128;
        let mut id = Id::<K>::from_parts(at, entropy).as_u128();
        if id <= self.last {
            id = self.last + 1;
        }
        self.last = id;
        Id::<CaseTag>::from_u128(id).cast()
    }

    /// A new id of the kind named `kind` (one of [`ID_KINDS`]) created at `at`, as text. An
    /// unknown kind is `invalid_input`, naming the known kinds, and makes no id.
    pub fn next_text(&mut self, kind: &str, at: DateTime<Utc>) -> Result<String, crate::Error> {
        let prefix = known_kind(kind)?;
        Ok(Text::new(prefix, self.next::<CaseTag>(at).as_u128())
            .as_str()
            .to_owned())
    }
}
