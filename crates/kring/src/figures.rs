//! Reading every case's figures (`kring_domain::figures`), kept beside each case state in
//! format 7's `figures` table and rewritten with it.

use kring_domain::Case;
use kring_domain::figures::CaseFigures;
use redb::ReadableDatabase;

use crate::codec;
use crate::error::Result;
use crate::read::open_if_there;
use crate::store::{Store, corrupted_on_panic};
use crate::tables::{CASES, FIGURES};

impl Store {
    /// Every case's figures ([`CaseFigures`]) from one snapshot, in id order. In a store of
    /// an older format (read before it is upgraded), they are made from each whole case.
    /// The snapshot stays open while the iterator lives; commits made meanwhile are not seen.
    pub fn figures(&self) -> Result<Figures> {
        corrupted_on_panic(|| {
            let r = self.db.begin_read()?;
            let (range, stored) = match open_if_there(&r, FIGURES)? {
                Some(table) => (table.range::<u128>(..)?, true),
                None => (r.open_table(CASES)?.range::<u128>(..)?, false),
            };
            // The range keeps the read transaction alive until it is dropped.
            Ok(Figures { range, stored })
        })
    }
}

/// Every case's figures: see [`Store::figures`].
pub struct Figures {
    /// The `figures` table, or in a store of an older format the `cases` table.
    range: redb::Range<'static, u128, &'static [u8]>,
    stored: bool,
}

impl std::fmt::Debug for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Figures").finish_non_exhaustive()
    }
}

impl Iterator for Figures {
    type Item = Result<CaseFigures>;

    fn next(&mut self) -> Option<Result<CaseFigures>> {
        let entry = self.range.next()?;
        Some(corrupted_on_panic(|| {
            let (_, value) = entry?;
            if self.stored {
                codec::decode(value.value())
            } else {
                Ok(CaseFigures::from(&codec::decode::<Case>(value.value())?))
            }
        }))
    }
}
