//! The coordinator pool: coordinators kept across cases with what they offer, and the query
//! that ranks those who fit a case ([`kring_domain::pool`]).

use std::panic::{AssertUnwindSafe, catch_unwind};

use kring_domain::pool::{self, CoordinatorMatch, PoolEntry};
use kring_domain::{CaseId, PersonId};
use redb::{ReadableDatabase, ReadableTable, TableError};

use crate::codec;
use crate::error::{Error, Result};
use crate::store::{Store, caught, corrupted_on_panic};
use crate::tables::COORDINATORS;

impl Store {
    /// Adds a coordinator to the pool, or replaces their entry (their profile, or whether
    /// they are available). The profile is checked as an assignment checks it.
    pub fn register_coordinator(&self, entry: &PoolEntry) -> Result<()> {
        pool::check_entry(entry)?;
        self.writable()?;
        let run = || -> Result<()> {
            let txn = self.db.begin_write()?;
            txn.open_table(COORDINATORS)?.insert(
                entry.coordinator.person.id.as_u128(),
                codec::encode(entry)?.as_slice(),
            )?;
            Ok(txn.commit()?)
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }

    /// The pool, in person-id order (empty in a store that never had one).
    pub fn coordinator_pool(&self) -> Result<Vec<PoolEntry>> {
        corrupted_on_panic(|| {
            let r = self.db.begin_read()?;
            let table = match r.open_table(COORDINATORS) {
                Ok(t) => t,
                Err(TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                Err(e) => return Err(e.into()),
            };
            let mut out = Vec::new();
            for entry in table.iter()? {
                out.push(codec::decode(entry?.1.value())?);
            }
            Ok(out)
        })
    }

    /// One coordinator's entry in the pool.
    pub fn pool_entry(&self, person: PersonId) -> Result<PoolEntry> {
        self.coordinator_pool()?
            .into_iter()
            .find(|e| e.coordinator.person.id == person)
            .ok_or_else(|| Error::not_found("coordinator", person))
    }

    /// The coordinators of the pool who may be assigned to `case`, best fit to the family's
    /// wishes first (see [`pool::rank_coordinators`]).
    pub fn match_coordinators(&self, case: CaseId) -> Result<Vec<CoordinatorMatch>> {
        let case = self.case(case)?;
        Ok(pool::rank_coordinators(&case, &self.coordinator_pool()?))
    }
}
