//! Opening in milliseconds (`StoreBuilder::trust_clean_close`): the check that decides
//! whether a store file may be opened without checking every page.
//!
//! The engine checks every page's checksum on open only when asked to (which takes seconds at
//! 100,000 cases) or when it repairs after an unclean shutdown. Without that check, a damaged
//! page in the engine's own bookkeeping tables (freed pages, allocated pages, allocator state)
//! can make the first durable commit, or the commit the engine makes when the file is closed,
//! panic while it is already unwinding from a panic, which aborts the process: no guard can
//! catch that. Damage anywhere else is read as a panic or an error that the store turns into
//! `corrupted`.
//!
//! So before opening without the full check, kring reads the file's header and verifies
//! every page of the engine's system tree (the table of system tables and each system table)
//! the way the engine's own check does: XXH3-128 of each page's used bytes against the
//! checksum its parent records. That is a few dozen pages even at 100,000 cases. Anything
//! unexpected (a recovery flag, an unknown header layout, a checksum that does not match, a
//! page out of bounds, a cycle) answers "check everything", never "refuse": this module can
//! only make opening slower, not refuse a file the engine would accept.
//!
//! It is not enough against hostile or badly damaged files: fuzzing found files that pass it
//! and still make the engine abort when it closes them (its page allocator hands out a page
//! twice). So it is used only when the caller asks to trust a clean close.
//!
//! The layout read here is redb's file format 3 (redb 4.x); `docs/format.md` names the fields.

use redb::StorageBackend;

const MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];
/// The only page size kring's stores use (the engine's default).
const PAGE: u64 = 4096;
const LEAF: u8 = 1;
const BRANCH: u8 = 2;
/// Header byte 9: which commit slot is primary, whether recovery is needed, whether the last
/// commit used two-phase commit.
const GOD_BYTE: usize = 9;
const PRIMARY_SLOT: u8 = 1;
const RECOVERY_REQUIRED: u8 = 2;
const TWO_PHASE_COMMIT: u8 = 4;
/// The commit slots: 128 bytes each from offset 64; the engine's file format version 3.
const SLOTS: usize = 64;
const SLOT_LEN: usize = 128;
const SLOT_VERSION: u8 = 3;
/// The deepest tree walked.
const MAX_DEPTH: usize = 64;

fn xxh3(bytes: &[u8]) -> u128 {
    twox_hash::XxHash3_128::oneshot(bytes)
}

fn le<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}
fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    le::<2>(b, at).map(|x| u16::from_le_bytes(x) as usize)
}
fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    le::<4>(b, at).map(|x| u32::from_le_bytes(x) as usize)
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    le::<8>(b, at).map(u64::from_le_bytes)
}
fn u128_at(b: &[u8], at: usize) -> Option<u128> {
    le::<16>(b, at).map(u128::from_le_bytes)
}

/// A tree's root: its page number and the checksum of the root page.
type Root = (u64, u128);

/// What the walk does with each (key, value) of a verified leaf.
type OnPair<'a> = dyn FnMut(&[u8], &[u8]) -> Option<()> + 'a;

/// Whether the file may be opened without checking every page: it was closed cleanly, and
/// every page of the engine's system tree is what its parents' checksums say. Any doubt
/// (including an I/O error) is `false`.
pub(crate) fn fast_open_is_safe(file: &impl StorageBackend) -> bool {
    check(file).is_some()
}

fn check(file: &impl StorageBackend) -> Option<()> {
    let len = file.len().ok()?;
    let mut head = [0u8; SLOTS + 2 * SLOT_LEN];
    file.read(0, &mut head).ok()?;
    if head[..9] != MAGIC {
        return None;
    }
    let god = head[GOD_BYTE];
    // Closed cleanly, with two-phase commit, and nothing else set.
    if god & !(PRIMARY_SLOT | TWO_PHASE_COMMIT) != 0
        || god & RECOVERY_REQUIRED != 0
        || god & TWO_PHASE_COMMIT == 0
    {
        return None;
    }
    if u32_at(&head, 12)? as u64 != PAGE {
        return None;
    }
    let region_header_pages = u32_at(&head, 16)? as u64;
    let region_data_pages = u32_at(&head, 20)? as u64;
    let at = SLOTS + SLOT_LEN * (god & PRIMARY_SLOT) as usize;
    let slot = &head[at..at + SLOT_LEN];
    if slot[0] != SLOT_VERSION || u128_at(slot, 112)? != xxh3(&slot[..112]) {
        return None;
    }
    let system_root = match slot[2] {
        0 => return Some(()), // no system tables yet
        _ => (u64_at(slot, 40)?, u128_at(slot, 48)?),
    };
    let mut walker = Walker {
        file,
        len,
        region_size: (region_header_pages + region_data_pages).checked_mul(PAGE)?,
        region_header: region_header_pages.checked_mul(PAGE)?,
        budget: len / PAGE + 1,
    };
    // The table of system tables: names → definitions, each with its root.
    let mut tables = Vec::new();
    walker.tree(system_root, None, None, &mut |_, value| {
        tables.push(definition(value)?);
        Some(())
    })?;
    for t in tables {
        if let Some(root) = t.root {
            walker.tree(root, t.key_width, t.value_width, &mut |_, _| Some(()))?;
        }
    }
    Some(())
}

/// What the walk needs of a table's definition in the table of tables.
struct Definition {
    root: Option<Root>,
    key_width: Option<usize>,
    value_width: Option<usize>,
}

fn definition(v: &[u8]) -> Option<Definition> {
    // Ordinary tables only (1 and 3); the engine keeps no multimap among its system tables.
    if !matches!(v.first()?, 1 | 3) {
        return None;
    }
    let root = match v.get(9)? {
        0 => None,
        _ => Some((u64_at(v, 10)?, u128_at(v, 18)?)),
    };
    let width = |flag: usize| -> Option<Option<usize>> {
        Some(match v.get(flag)? {
            0 => None,
            _ => Some(u32_at(v, flag + 1)?),
        })
    };
    Some(Definition {
        root,
        key_width: width(42)?,
        value_width: width(47)?,
    })
}

struct Walker<'a, S: StorageBackend> {
    file: &'a S,
    len: u64,
    region_size: u64,
    region_header: u64,
    /// Pages left to read: a cycle or a lying tree ends the walk.
    budget: u64,
}

impl<S: StorageBackend> Walker<'_, S> {
    fn page(&mut self, number: u64) -> Option<Vec<u8>> {
        let order = (number >> 59) as u32;
        if order > 20 || self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        let index = number & (0x000F_FFFF >> order);
        let region = (number >> 20) & 0x000F_FFFF;
        let size = PAGE << order;
        // The super-header takes the first page; regions follow.
        let start = PAGE
            .checked_add(region.checked_mul(self.region_size)?)?
            .checked_add(self.region_header)?
            .checked_add(index.checked_mul(size)?)?;
        if start.checked_add(size)? > self.len {
            return None;
        }
        let mut page = vec![0; size as usize];
        self.file.read(start, &mut page).ok()?;
        Some(page)
    }

    /// Verifies every page of the tree at `root` and hands each leaf value to `value`.
    fn tree(
        &mut self,
        root: Root,
        key_width: Option<usize>,
        value_width: Option<usize>,
        value: &mut OnPair<'_>,
    ) -> Option<()> {
        let mut path = Vec::new();
        self.node(root, key_width, value_width, &mut path, value)
    }

    fn node(
        &mut self,
        (number, checksum): Root,
        kw: Option<usize>,
        vw: Option<usize>,
        path: &mut Vec<u64>,
        value: &mut OnPair<'_>,
    ) -> Option<()> {
        if path.len() >= MAX_DEPTH || path.contains(&number) {
            return None;
        }
        path.push(number);
        let p = self.page(number)?;
        let n = u16_at(&p, 2)?;
        match p[0] {
            LEAF => {
                if n == 0 {
                    return None;
                }
                // Offsets of variable-width keys, then of variable-width values, then keys,
                // then values.
                let offsets = |width: Option<usize>| if width.is_none() { 4 * n } else { 0 };
                let keys_start = 4 + offsets(kw) + offsets(vw);
                let key_end = |i: usize| match kw {
                    Some(w) => keys_start.checked_add(w.checked_mul(i + 1)?),
                    None => u32_at(&p, 4 + 4 * i),
                };
                let last_key_end = key_end(n - 1)?;
                let value_end = |i: usize| match vw {
                    Some(w) => last_key_end.checked_add(w.checked_mul(i + 1)?),
                    None => u32_at(&p, 4 + 4 * i + if kw.is_none() { 4 * n } else { 0 }),
                };
                let end = value_end(n - 1)?;
                if end > p.len() || xxh3(&p[..end]) != checksum {
                    return None;
                }
                for i in 0..n {
                    let ks = if i == 0 { keys_start } else { key_end(i - 1)? };
                    let vs = if i == 0 {
                        last_key_end
                    } else {
                        value_end(i - 1)?
                    };
                    let (ke, ve) = (key_end(i)?, value_end(i)?);
                    value(p.get(ks..ke)?, p.get(vs..ve)?)?;
                }
            }
            BRANCH => {
                let children = n + 1;
                let end = match kw {
                    Some(w) => 8 + 24 * children + w.checked_mul(n)?,
                    None if n == 0 => return None,
                    None => u32_at(&p, 8 + 24 * children + 4 * (n - 1))?,
                };
                if end > p.len() || xxh3(&p[..end]) != checksum {
                    return None;
                }
                for i in 0..children {
                    let child_checksum = u128_at(&p, 8 + 16 * i)?;
                    let child = u64_at(&p, 8 + 16 * children + 8 * i)?;
                    self.node((child, child_checksum), kw, vw, path, value)?;
                }
            }
            _ => return None,
        }
        path.pop();
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The bytes on an in-memory backend, as a store opened with `with_backend` has them.
    fn on_backend(bytes: Vec<u8>) -> redb::backends::InMemoryBackend {
        let b = redb::backends::InMemoryBackend::new();
        b.set_len(bytes.len() as u64).unwrap();
        b.write(0, &bytes).unwrap();
        b
    }

    #[test]
    fn golden_stores_closed_cleanly_open_fast() {
        for v in 1..=crate::codec::FORMAT_VERSION {
            let golden = bytes(&format!("tests/golden/format-v{v}.kring"));
            assert!(fast_open_is_safe(&on_backend(golden)), "format {v}");
        }
    }

    #[test]
    fn damaged_bookkeeping_or_an_unclean_close_asks_for_the_full_check() {
        // Inputs that aborted the process when opened without the full check (their damage
        // is in the engine's bookkeeping; `crash-double-panic`'s is in a table of kring's,
        // which passes this check and is refused as `corrupted` when read).
        for name in ["crash-unchecked-open", "crash-btree-page-type"] {
            let input = bytes(&format!("crates/kring-fuzz/regressions/open_store/{name}"));
            assert!(!fast_open_is_safe(&on_backend(input)), "{name}");
        }
        let golden = bytes("tests/golden/format-v4.kring");
        let mut unclean = golden.clone();
        unclean[GOD_BYTE] |= RECOVERY_REQUIRED;
        assert!(!fast_open_is_safe(&on_backend(unclean)));
        // A flipped byte in the primary commit slot (which names the system tree's root) is
        // noticed.
        let mut missed = 0;
        for at in [64usize, 66, 100, 150, 180] {
            let mut d = golden.clone();
            d[at] ^= 0x40;
            if fast_open_is_safe(&on_backend(d)) {
                missed += 1;
            }
        }
        assert_eq!(missed, 0, "damage to the commit slots went unnoticed");
        assert!(!fast_open_is_safe(&on_backend(golden[..5000].to_vec())));
        assert!(!fast_open_is_safe(&on_backend(Vec::new())));
    }
}
