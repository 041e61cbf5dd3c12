//! A store shared between threads that can be closed: what the Python and Node bindings hand
//! out. Closing waits for the calls in flight, then releases the file, so that the file can
//! be opened again as soon as `close` returns; later calls fail with `closed`.

use std::sync::RwLock;

use crate::error::{Error, Result};
use crate::store::Store;

/// A [`Store`] that any thread may close.
///
/// Every call runs under a shared lock; [`SharedStore::close`] takes the lock exclusively,
/// so it waits until the calls in flight have returned (a write in flight is committed or
/// refused as a whole), drops the store, and so releases the file before it returns.
///
/// ```
/// # use kring::{SharedStore, Store};
/// let shared = SharedStore::new(Store::in_memory()?);
/// assert_eq!(shared.with(|s| s.len())?, 0);
/// shared.close();
/// assert_eq!(shared.with(|s| s.len()).unwrap_err().code(), "closed");
/// # Ok::<(), kring::Error>(())
/// ```
#[derive(Debug)]
pub struct SharedStore {
    store: RwLock<Option<Store>>,
}

impl SharedStore {
    /// Shares `store`.
    pub fn new(store: Store) -> Self {
        SharedStore {
            store: RwLock::new(Some(store)),
        }
    }

    /// Runs `f` on the store, or fails with `closed` when it has been closed.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        // A panic never happens while the lock is held in a way that leaves the store
        // half-changed (every write is one engine transaction), so a poisoned lock is safe.
        let guard = self.store.read().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(store) => f(store),
            None => Err(Error::Closed),
        }
    }

    /// Runs `f` on the store alone: waits for the calls in flight, and holds the next ones
    /// until it returns.
    pub(crate) fn with_mut<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self.store.write().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(Error::Closed),
        }
    }

    /// Closes the store: waits for calls in flight, then releases the file. Closing twice
    /// is fine.
    pub fn close(&self) {
        let taken = self.store.write().unwrap_or_else(|p| p.into_inner()).take();
        drop(taken);
    }

    /// Whether [`SharedStore::close`] has been called.
    pub fn is_closed(&self) -> bool {
        self.store
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_none()
    }
}
