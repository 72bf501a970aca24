//! Partition skew: keys routed by hash to partitions, one hot key (or a Zipf law) carrying a
//! large share; optionally the hot keys salted over sub-keys with a second stage combining the
//! partials.

use serde::Serialize;

use super::{ConfigError, SimRng, mix, require};

/// How keys are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyLaw {
    /// Key 0 carries this share of events; the rest are uniform over the other keys.
    HotKey {
        /// Share of events on the hot key, 0-1.
        share: f64,
    },
    /// Key popularity falls as rank^-exponent.
    Zipf {
        /// The exponent (around 1 for web traffic).
        exponent: f64,
    },
}

/// A skew simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkewConfig {
    /// Events to route.
    pub events: u64,
    /// Partitions.
    pub partitions: u32,
    /// Distinct keys.
    pub keys: u64,
    /// How keys are drawn.
    pub law: KeyLaw,
    /// Spread each hot key over this many sub-keys (1 = no salting).
    pub salt: u32,
    /// Arrival rate, events per second, to compare the hottest partition with its capacity.
    pub rate: Option<f64>,
    /// What one partition takes, events per second.
    pub partition_capacity: Option<f64>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkewOutcome {
    /// Events that landed on each partition.
    pub partitions: Vec<u64>,
    /// The hottest partition's share of all events.
    pub max_partition_share: f64,
    /// Hottest partition over the mean.
    pub imbalance: f64,
    /// The per-key totals combined from the partials equal the unsalted truth.
    pub totals_match: bool,
    /// Keys that were salted.
    pub salted_keys: u64,
    /// Events per second on the hottest partition, when a rate was given.
    pub hottest_rate: Option<f64>,
    /// Whether that exceeds the capacity given.
    pub exceeds_capacity: Option<bool>,
}

/// Largest run simulated.
pub const MAX_EVENTS: u64 = 10_000_000_000;

/// Keys whose expected share is above this fraction of one partition's fair share are hot.
const HOT_FRACTION: f64 = 0.5;

/// Runs the simulation: every event drawn and routed.
pub fn run(config: &SkewConfig, seed: u64) -> Result<SkewOutcome, ConfigError> {
    validate(config)?;
    let p = u64::from(config.partitions);
    let sampler = Sampler::new(config.law, config.keys);
    let hot = hot_keys(config, &sampler.shares())?;
    let route: Vec<u32> = (0..config.keys).map(|k| (mix(k) % p) as u32).collect();
    let routed = match config.law {
        KeyLaw::HotKey { .. } => route_hot_key(config, &sampler, &hot, &route, seed),
        KeyLaw::Zipf { .. } => route_each_key(config, &sampler, &hot, &route, seed),
    };
    Ok(settle(config, hot.len(), routed))
}

/// The outcome [`run`] tends to, worked out from the key law instead of drawn event by event:
/// each key's expected share of the events lands where the hash sends it (a salted key's share
/// split evenly over its sub-keys' partitions), and the shares are rounded to whole events
/// that still add up. `dei score` judges a design with this: the verdict is the one the run
/// converges on, with no sampling noise, at a cost that grows with partitions (and with keys
/// under a Zipf law) rather than with events. `dei sim` and the lab keep the full run.
pub fn expected(config: &SkewConfig) -> Result<SkewOutcome, ConfigError> {
    validate(config)?;
    let p = u64::from(config.partitions);
    let zipf;
    let shares = match config.law {
        KeyLaw::HotKey { share } => KeyShares::Hot {
            share: if config.keys == 1 { 1.0 } else { share },
        },
        KeyLaw::Zipf { exponent } => {
            zipf = zipf_probabilities(config.keys, exponent);
            KeyShares::Ranked(&zipf)
        }
    };
    let hot = hot_keys(config, &shares)?;
    let events = config.events as f64;
    let salt = u64::from(config.salt);
    let mut load = vec![0.0; config.partitions as usize];
    let mut hot_events = Vec::with_capacity(hot.len());
    let mut spread = |key: u64, share: f64, load: &mut [f64]| {
        let each = share * events / salt as f64;
        for sub in 0..salt {
            load[(mix(key ^ mix(sub + 1)) % p) as usize] += each;
        }
        hot_events.push(share * events);
    };
    match shares {
        KeyShares::Hot { share } => {
            if hot.is_empty() {
                load[(mix(0) % p) as usize] += share * events;
            } else {
                spread(0, share, &mut load);
            }
            // The other keys are equally likely, so the hash spreads them as evenly as their
            // number allows: the first `extra` partitions hold one key more than the rest.
            let others = config.keys - 1;
            if others > 0 {
                let per_key = (1.0 - share) * events / others as f64;
                let (base, extra) = (others / p, others % p);
                for (i, l) in load.iter_mut().enumerate() {
                    *l += per_key * (base + u64::from((i as u64) < extra)) as f64;
                }
            }
        }
        KeyShares::Ranked(probability) => {
            let mut hot_keys = hot.iter().peekable();
            for (key, share) in (0..config.keys).zip(probability) {
                if hot_keys.next_if_eq(&&key).is_some() {
                    spread(key, *share, &mut load);
                } else {
                    load[(mix(key) % p) as usize] += share * events;
                }
            }
        }
    }
    let counts = whole_events(&load, config.events);
    let truth_hot = whole_events(&hot_events, hot_events.iter().sum::<f64>().round() as u64);
    let partials = truth_hot
        .iter()
        .flat_map(|&truth| whole_events(&vec![truth as f64 / salt as f64; salt as usize], truth))
        .collect();
    Ok(settle(
        config,
        hot.len(),
        Routed {
            counts,
            partials,
            truth_hot,
        },
    ))
}

/// Rounds expected loads to whole events adding up to `total`: each gets its floor, and the
/// events left over go to the largest remainders (ties to the lower index).
fn whole_events(load: &[f64], total: u64) -> Vec<u64> {
    let mut counts: Vec<u64> = load.iter().map(|l| l.max(0.0).floor() as u64).collect();
    let left = total.saturating_sub(counts.iter().sum());
    let mut by_remainder: Vec<usize> = (0..load.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let rest = |i: usize| load[i] - load[i].floor();
        rest(b).total_cmp(&rest(a)).then(a.cmp(&b))
    });
    for i in by_remainder
        .into_iter()
        .cycle()
        .take(usize::try_from(left).unwrap_or(usize::MAX))
    {
        counts[i] += 1;
    }
    counts
}

/// The figures of an outcome, from where the events went.
fn settle(config: &SkewConfig, salted_keys: usize, routed: Routed) -> SkewOutcome {
    let Routed {
        counts,
        partials,
        truth_hot,
    } = routed;
    let salt = u64::from(config.salt);
    let totals_match = truth_hot.iter().enumerate().all(|(i, truth)| {
        let start = i * salt as usize;
        partials[start..start + salt as usize].iter().sum::<u64>() == *truth
    }) && counts.iter().sum::<u64>() == config.events;
    let max = counts.iter().copied().max().unwrap_or(0);
    let share = max as f64 / config.events as f64;
    let mean = config.events as f64 / f64::from(config.partitions);
    let hottest_rate = config.rate.map(|r| r * share);
    SkewOutcome {
        max_partition_share: share,
        imbalance: max as f64 / mean,
        totals_match,
        salted_keys: salted_keys as u64,
        exceeds_capacity: hottest_rate
            .zip(config.partition_capacity)
            .map(|(rate, cap)| rate > cap),
        hottest_rate,
        partitions: counts,
    }
}

/// The checks both [`run`] and [`expected`] make before they start.
fn validate(config: &SkewConfig) -> Result<(), ConfigError> {
    require(config.events > 0, "--events", "must be at least 1")?;
    require(
        config.events <= MAX_EVENTS,
        "--events",
        "at most 10 billion events are simulated (a billion takes about 6 s)",
    )?;
    require(config.partitions > 0, "--partitions", "must be at least 1")?;
    require(
        config.partitions <= 100_000,
        "--partitions",
        "at most 100,000 partitions are simulated",
    )?;
    require(config.keys > 0, "--keys", "must be at least 1")?;
    require(
        config.keys <= 10_000_000,
        "--keys",
        "at most 10 million keys are simulated",
    )?;
    require(
        (1..=4096).contains(&config.salt),
        "--salt",
        "must be between 1 (no salting) and 4,096 sub-keys",
    )?;
    match config.law {
        KeyLaw::HotKey { share } => require(
            (0.0..=1.0).contains(&share),
            "--hot-key-share",
            "must be between 0% and 100%",
        )?,
        KeyLaw::Zipf { exponent } => require(
            exponent > 0.0 && exponent <= 5.0,
            "--zipf",
            "the exponent must be above 0 and at most 5",
        )?,
    }
    Ok(())
}

/// Which keys are hot (expected share above half a partition's fair share), when salting is
/// on; refused when their partial counts would be too many to keep.
fn hot_keys(config: &SkewConfig, law: &KeyShares<'_>) -> Result<Vec<u64>, ConfigError> {
    let fair = 1.0 / f64::from(config.partitions);
    let hot: Vec<u64> = if config.salt > 1 {
        law.keys_above(HOT_FRACTION * fair)
    } else {
        Vec::new()
    };
    require(
        hot.len() as u64 * u64::from(config.salt) <= 10_000_000,
        "--salt",
        format!(
            "{} hot keys x {} sub-keys is too many partial counts to keep; use fewer sub-keys",
            hot.len(),
            config.salt
        ),
    )?;
    Ok(hot)
}

/// Where the events went: per partition, and per (hot key, sub-key) partial with each hot
/// key's true total.
struct Routed {
    counts: Vec<u64>,
    partials: Vec<u64>,
    truth_hot: Vec<u64>,
}

/// Routes every event, whatever the key law: a key drawn per event, then its partition (a
/// salted hot key's sub-key drawn too).
fn route_each_key(
    config: &SkewConfig,
    sampler: &Sampler,
    hot: &[u64],
    route: &[u32],
    seed: u64,
) -> Routed {
    let p = u64::from(config.partitions);
    let mut is_hot = vec![u32::MAX; usize::try_from(config.keys).unwrap_or(usize::MAX)];
    for (i, k) in hot.iter().enumerate() {
        is_hot[*k as usize] = i as u32;
    }
    let salt = u64::from(config.salt);
    // Partials per (hot key, salt): the first stage; the second stage sums them.
    let mut partials = vec![0u64; hot.len() * config.salt as usize];
    let mut truth_hot = vec![0u64; hot.len()];
    let mut counts = vec![0u64; config.partitions as usize];
    let mut rng = SimRng::new(seed);
    for _ in 0..config.events {
        let key = sampler.sample(&mut rng);
        let slot = is_hot[key as usize];
        if slot == u32::MAX {
            counts[route[key as usize] as usize] += 1;
        } else {
            let sub = rng.below(salt);
            let partition = mix(key ^ mix(sub + 1)) % p;
            counts[partition as usize] += 1;
            partials[slot as usize * salt as usize + sub as usize] += 1;
            truth_hot[slot as usize] += 1;
        }
    }
    Routed {
        counts,
        partials,
        truth_hot,
    }
}

/// [`route_each_key`] for the hot-key law, drawing the same numbers in the same order (so
/// the outcome is the same to the event) at a fraction of the cost: only key 0 can be hot,
/// so the per-event lookups of "is this key hot" and of the sampler's law go, and the hot
/// key's partition per sub-key is computed once. `dei sim skew` and the lab run this on a
/// million events or more; `dei score` uses [`expected`] instead.
fn route_hot_key(
    config: &SkewConfig,
    sampler: &Sampler,
    hot: &[u64],
    route: &[u32],
    seed: u64,
) -> Routed {
    let p = u64::from(config.partitions);
    let salt = u64::from(config.salt);
    let mut counts = vec![0u64; config.partitions as usize];
    let mut rng = SimRng::new(seed);
    let threshold = sampler.hot_threshold;
    let single = config.keys == 1;
    let others = config.keys - 1;
    if hot.is_empty() {
        let home = route[0] as usize;
        for _ in 0..config.events {
            if rng.next_u64() < threshold || single {
                counts[home] += 1;
            } else {
                counts[route[(1 + rng.below(others)) as usize] as usize] += 1;
            }
        }
        return Routed {
            counts,
            partials: Vec::new(),
            truth_hot: Vec::new(),
        };
    }
    // Key 0 is the one hot key: its partition per sub-key, as `route_each_key` mixes it.
    let spread: Vec<usize> = (0..salt)
        .map(|sub| (mix(mix(sub + 1)) % p) as usize)
        .collect();
    let mut partials = vec![0u64; spread.len()];
    let mut truth = 0;
    for _ in 0..config.events {
        if rng.next_u64() < threshold || single {
            let sub = rng.below(salt) as usize;
            counts[spread[sub]] += 1;
            partials[sub] += 1;
            truth += 1;
        } else {
            counts[route[(1 + rng.below(others)) as usize] as usize] += 1;
        }
    }
    Routed {
        counts,
        partials,
        truth_hot: vec![truth],
    }
}

/// Draws keys in O(1): a hot key and a uniform rest, or Walker's alias table for Zipf.
struct Sampler {
    hot_threshold: u64,
    keys: u64,
    alias: Option<(Vec<f64>, Vec<u32>)>,
    probability: Vec<f64>,
}

impl Sampler {
    fn new(law: KeyLaw, keys: u64) -> Self {
        match law {
            KeyLaw::HotKey { share } => {
                let share = if keys == 1 { 1.0 } else { share };
                Self {
                    hot_threshold: (share * u64::MAX as f64) as u64,
                    keys,
                    alias: None,
                    probability: Vec::new(),
                }
            }
            KeyLaw::Zipf { exponent } => {
                let probability = zipf_probabilities(keys, exponent);
                Self {
                    hot_threshold: 0,
                    keys,
                    alias: Some(alias_table(&probability)),
                    probability,
                }
            }
        }
    }

    #[inline]
    fn sample(&self, rng: &mut SimRng) -> u64 {
        match &self.alias {
            None => {
                let r = rng.next_u64();
                if r < self.hot_threshold || self.keys == 1 {
                    0
                } else {
                    1 + rng.below(self.keys - 1)
                }
            }
            Some((prob, alias)) => {
                let i = rng.below(self.keys) as usize;
                if rng.unit() < prob[i] {
                    i as u64
                } else {
                    u64::from(alias[i])
                }
            }
        }
    }

    /// Each key's expected share, as this sampler draws them.
    fn shares(&self) -> KeyShares<'_> {
        match &self.alias {
            None => KeyShares::Hot {
                share: self.hot_threshold as f64 / u64::MAX as f64,
            },
            Some(_) => KeyShares::Ranked(&self.probability),
        }
    }
}

/// Each key's expected share of the events.
enum KeyShares<'a> {
    /// Key 0 has this share; the others split the rest evenly.
    Hot { share: f64 },
    /// Key k has share `[k]`, largest first.
    Ranked(&'a [f64]),
}

impl KeyShares<'_> {
    /// Keys whose expected share is above `share`.
    fn keys_above(&self, share: f64) -> Vec<u64> {
        match self {
            Self::Hot { share: hot } => {
                if *hot > share {
                    vec![0]
                } else {
                    Vec::new()
                }
            }
            Self::Ranked(probability) => probability
                .iter()
                .enumerate()
                .take_while(|(_, p)| **p > share)
                .map(|(k, _)| k as u64)
                .collect(),
        }
    }
}

/// Zipf shares of `keys` keys: rank r (from 1) in proportion to r^-exponent.
fn zipf_probabilities(keys: u64, exponent: f64) -> Vec<f64> {
    let weights: Vec<f64> = (1..=keys).map(|r| (r as f64).powf(-exponent)).collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

/// Vose's alias method: probability and alias tables for O(1) sampling.
fn alias_table(probability: &[f64]) -> (Vec<f64>, Vec<u32>) {
    let n = probability.len();
    let mut prob = vec![0.0; n];
    let mut alias = vec![0u32; n];
    let scaled: Vec<f64> = probability.iter().map(|p| p * n as f64).collect();
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| scaled[i] < 1.0);
    let mut scaled = scaled;
    while let (Some(s), Some(l)) = (small.pop(), large.pop()) {
        prob[s] = scaled[s];
        alias[s] = l as u32;
        scaled[l] = scaled[l] + scaled[s] - 1.0;
        if scaled[l] < 1.0 {
            small.push(l);
        } else {
            large.push(l);
        }
    }
    for i in small.into_iter().chain(large) {
        prob[i] = 1.0;
    }
    (prob, alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(share: f64, salt: u32) -> SkewConfig {
        SkewConfig {
            events: 1_000_000,
            partitions: 24,
            keys: 50_000,
            law: KeyLaw::HotKey { share },
            salt,
            rate: Some(50_000.0),
            partition_capacity: Some(10_000.0),
        }
    }

    #[test]
    fn a_hot_key_melts_one_partition() {
        let out = run(&config(0.4, 1), 1).expect("runs");
        assert!(out.max_partition_share > 0.4, "{}", out.max_partition_share);
        assert!(out.imbalance > 9.0, "{}", out.imbalance);
        assert_eq!(out.exceeds_capacity, Some(true));
        assert_eq!(out.partitions.iter().sum::<u64>(), 1_000_000);
    }

    #[test]
    fn salting_spreads_it_and_the_totals_still_match() {
        let out = run(&config(0.4, 24), 1).expect("runs");
        assert!(out.imbalance < 2.0, "{}", out.imbalance);
        assert!(out.totals_match);
        assert_eq!(out.salted_keys, 1);
        assert_eq!(out.exceeds_capacity, Some(false));
    }

    #[test]
    fn zipf_keys_are_skewed_and_reproducible() {
        let mut c = config(0.0, 1);
        c.law = KeyLaw::Zipf { exponent: 1.2 };
        let a = run(&c, 9).expect("runs");
        let b = run(&c, 9).expect("runs");
        assert_eq!(a, b);
        assert!(a.imbalance > 2.0, "{}", a.imbalance);
    }

    proptest::proptest! {
        /// The hot-key fast path routes every event exactly where the general one does.
        #[test]
        fn the_hot_key_path_is_the_general_one_to_the_event(
            events in 1u64..20_000,
            partitions in 1u32..64,
            keys in 1u64..5_000,
            share in 0.0f64..=1.0,
            salt in 1u32..40,
            seed in proptest::prelude::any::<u64>(),
        ) {
            let mut c = config(share, salt);
            (c.events, c.partitions, c.keys) = (events, partitions, keys);
            let sampler = Sampler::new(c.law, c.keys);
            let hot = if salt > 1 {
                sampler.shares().keys_above(HOT_FRACTION / f64::from(partitions))
            } else {
                Vec::new()
            };
            let route: Vec<u32> = (0..keys).map(|k| (mix(k) % u64::from(partitions)) as u32).collect();
            let fast = route_hot_key(&c, &sampler, &hot, &route, seed);
            let each = route_each_key(&c, &sampler, &hot, &route, seed);
            proptest::prop_assert_eq!(fast.counts, each.counts);
            proptest::prop_assert_eq!(fast.partials, each.partials);
            proptest::prop_assert_eq!(fast.truth_hot, each.truth_hot);
        }
    }

    #[test]
    fn the_expected_outcome_is_where_the_run_converges() {
        for (share, salt) in [(0.4, 1), (0.4, 24), (0.02, 1), (0.0, 8), (1.0, 16)] {
            let c = config(share, salt);
            let (drawn, expected) = (run(&c, 5).expect("runs"), expected(&c).expect("works"));
            assert!(
                (drawn.max_partition_share - expected.max_partition_share).abs() < 0.01,
                "{share} over {salt}: drawn {} expected {}",
                drawn.max_partition_share,
                expected.max_partition_share
            );
            assert_eq!(drawn.exceeds_capacity, expected.exceeds_capacity);
            assert_eq!(drawn.salted_keys, expected.salted_keys);
            assert!(expected.totals_match);
        }
        let mut z = config(0.0, 1);
        z.law = KeyLaw::Zipf { exponent: 1.1 };
        for salt in [1, 16] {
            z.salt = salt;
            let (drawn, expected) = (run(&z, 5).expect("runs"), expected(&z).expect("works"));
            assert!((drawn.imbalance - expected.imbalance).abs() < 0.2 * expected.imbalance);
            assert_eq!(drawn.salted_keys, expected.salted_keys);
        }
    }

    #[test]
    fn an_unsalted_hot_key_takes_its_share_plus_an_even_part_of_the_rest() {
        let out = expected(&config(0.4, 1)).expect("works");
        // 40% on one partition, and 60% of 1M over 49,999 keys spread over 24 partitions.
        let hottest = *out.partitions.iter().max().expect("partitions");
        assert!((424_990..=425_010).contains(&hottest), "{hottest}");
        assert_eq!(out.exceeds_capacity, Some(true));
    }

    #[test]
    fn few_keys_fill_only_as_many_partitions() {
        let mut c = config(0.0, 1);
        c.keys = 5;
        let out = expected(&c).expect("works");
        // Key 0 is not hot and the four others fill four partitions: at most five are used.
        assert!(out.partitions.iter().filter(|&&n| n > 0).count() <= 5);
        assert_eq!(out.partitions.iter().sum::<u64>(), 1_000_000);
    }

    proptest::proptest! {
        /// Whole events always add up, per partition and per salted key.
        #[test]
        fn expected_counts_add_up(
            events in 1u64..5_000_000,
            partitions in 1u32..200,
            keys in 1u64..100_000,
            share in 0.0f64..=1.0,
            salt in 1u32..64,
            zipf in proptest::option::of(0.5f64..2.0),
        ) {
            let mut c = config(share, salt);
            (c.events, c.partitions, c.keys) = (events, partitions, keys);
            if let Some(exponent) = zipf {
                c.law = KeyLaw::Zipf { exponent };
            }
            let out = expected(&c).expect("works");
            proptest::prop_assert_eq!(out.partitions.iter().sum::<u64>(), events);
            proptest::prop_assert!(out.totals_match);
            proptest::prop_assert!(out.imbalance >= 1.0 - 1e-9);
        }
    }

    #[test]
    fn bad_configs_say_which_option() {
        let mut c = config(1.5, 1);
        assert_eq!(run(&c, 1).expect_err("share").option, "--hot-key-share");
        c = config(0.4, 1);
        c.partitions = 0;
        assert_eq!(run(&c, 1).expect_err("partitions").option, "--partitions");
        assert_eq!(expected(&c).expect_err("partitions").option, "--partitions");
    }
}
