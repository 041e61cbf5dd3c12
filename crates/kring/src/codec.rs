//! All encoding of stored values happens here, so that a later format can move to another
//! codec while old files stay readable.
//!
//! Every stored value is an **envelope**: `[format version: u16 LE][codec tag: u8][payload]`.
//! Codec tag 1 is bincode 2.0.1 (`config::standard()`: little-endian, variable-length
//! integers) over the serde form of the value. Format 2 stores times and dates as integers
//! (see [`kring_domain::wire`]); format 1 stored them as text, and its values are decoded
//! in that mode. Decoding always sets a size limit, so a hostile length prefix cannot make
//! it allocate without bound.

use kring_domain::wire;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// The format version this build writes, and the newest it reads.
pub const FORMAT_VERSION: u16 = 2;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT: u16 = 1;
/// Codec tag of bincode 2.0.1 with the standard configuration.
pub const CODEC_BINCODE: u8 = 1;
/// The largest payload decoded, in bytes.
pub const MAX_VALUE: usize = 64 * 1024 * 1024;

const HEADER: usize = 3;

/// Encodes `value` in an envelope of the current format.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(CODEC_BINCODE);
    bincode::serde::encode_into_std_write(value, &mut out, bincode::config::standard())
        .map_err(|e| Error::Internal(format!("encoding failed: {e}")))?;
    Ok(out)
}

/// Decodes an envelope written by this or an earlier format version.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    if bytes.len() < HEADER {
        return Err(Error::Corrupted(format!(
            "a stored value of {} bytes has no envelope",
            bytes.len()
        )));
    }
    let version = u16::from_le_bytes([bytes[0], bytes[1]]);
    if version > FORMAT_VERSION {
        return Err(Error::UpgradeRequired {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version < OLDEST_FORMAT {
        return Err(Error::Corrupted(format!("format version {version}")));
    }
    match bytes[2] {
        CODEC_BINCODE => {
            let config = bincode::config::standard().with_limit::<MAX_VALUE>();
            let payload = &bytes[HEADER..];
            let decoded = if version == 1 {
                wire::decode_text_times(|| bincode::serde::decode_from_slice(payload, config))
            } else {
                bincode::serde::decode_from_slice(payload, config)
            };
            let (value, read) =
                decoded.map_err(|e| Error::Corrupted(format!("value does not decode: {e}")))?;
            if read != bytes.len() - HEADER {
                return Err(Error::Corrupted(format!(
                    "{} trailing bytes after a value",
                    bytes.len() - HEADER - read
                )));
            }
            Ok(value)
        }
        tag => Err(Error::Corrupted(format!("unknown codec tag {tag}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring_domain::{Case, Event};
    use kring_testkit::example;

    #[test]
    fn every_stored_type_round_trips() {
        let (s, _) = example::full_story();
        for e in &s.events {
            assert_eq!(&decode::<Event>(&encode(e).unwrap()).unwrap(), e);
        }
        let case = s.case.unwrap();
        assert_eq!(decode::<Case>(&encode(&case).unwrap()).unwrap(), case);
    }

    #[test]
    fn bad_envelopes_are_typed_errors() {
        let good = encode(&42u64).unwrap();
        assert!(matches!(decode::<u64>(&[1]), Err(Error::Corrupted(_))));
        let mut newer = good.clone();
        newer[0] = 9;
        assert!(matches!(
            decode::<u64>(&newer),
            Err(Error::UpgradeRequired { found: 9, .. })
        ));
        let mut codec = good.clone();
        codec[2] = 7;
        assert!(matches!(decode::<u64>(&codec), Err(Error::Corrupted(_))));
        let mut trailing = good;
        trailing.push(0);
        assert!(matches!(decode::<u64>(&trailing), Err(Error::Corrupted(_))));
        // A hostile length prefix: a string claiming 2^60 bytes.
        let mut hostile = vec![1, 0, 1, 0xFF];
        hostile.extend_from_slice(&(1u64 << 60).to_le_bytes());
        assert!(matches!(
            decode::<String>(&hostile),
            Err(Error::Corrupted(_))
        ));
    }
}
