//! Seeded, deterministic simulations of the three failure modes that sink most pipeline
//! designs: partition skew ([`skew`]), duplicate redelivery after a crash ([`redelivery`]) and
//! small files ([`small_files`]). Pure functions of their configuration and seed: the same
//! inputs give the same outcome on every machine (xoshiro256++ is a fixed algorithm).

pub mod profile;
pub mod redelivery;
pub mod skew;
pub mod small_files;

use rand::{Rng as _, SeedableRng as _};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The seed used when none is given, so a run reproduces exactly.
pub const DEFAULT_SEED: u64 = 20_261_124;

/// The simulations' random source: fast, seeded, and the same on every platform.
#[derive(Debug, Clone)]
pub struct SimRng(Xoshiro256PlusPlus);

impl SimRng {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(Xoshiro256PlusPlus::seed_from_u64(seed))
    }

    /// 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform integer below `n` (multiply-shift: no division, negligible bias for the
    /// sizes simulated here).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform float in [0, 1).
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// A configuration a simulation cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{option}: {problem}")]
pub struct ConfigError {
    /// The option at fault (`--partitions`).
    pub option: &'static str,
    /// What is wrong, and the fix.
    pub problem: String,
}

pub(crate) fn require(
    ok: bool,
    option: &'static str,
    problem: impl Into<String>,
) -> Result<(), ConfigError> {
    if ok {
        Ok(())
    } else {
        Err(ConfigError {
            option,
            problem: problem.into(),
        })
    }
}

/// A stable 64-bit mix (`SplitMix64`'s finaliser): how keys are hashed to partitions.
#[inline]
#[must_use]
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_stream() {
        let a: Vec<u64> = (0..4)
            .scan(SimRng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(SimRng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        let mut r = SimRng::new(1);
        assert!((0..1000).all(|_| r.below(10) < 10 && (0.0..1.0).contains(&r.unit())));
    }
}
