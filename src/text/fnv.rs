//! FNV-1a, the hash of dei's own small-key tables: the words of an answer in the pattern
//! index, the ids of a history. Keys are short and not attacker-chosen in a way that matters
//! here, and hashing them with `SipHash` was an eighth of the scoring time and a sixth of
//! reading a large history index.

use std::hash::{BuildHasherDefault, Hasher};

/// The FNV-1a hasher.
#[derive(Default)]
pub struct Fnv(u64);

/// Builds [`Fnv`] hashers, for `HashMap` and `HashSet`.
pub type FnvBuild = BuildHasherDefault<Fnv>;

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}
