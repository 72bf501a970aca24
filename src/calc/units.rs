//! The unit table: every unit name the calculator knows, its factor to the base unit and its
//! dimensions, and the counted things (`event`, `file`, ...), to which more can be added.

use std::collections::HashMap;

use super::dims::{Base, Dims};

/// A unit: so many base units of some dimensions.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Base units in one of this unit (1 KB = 1000 bytes; 1 day = 86,400 s).
    pub factor: f64,
    /// What it measures.
    pub dims: Dims,
}

/// The counted things every calculator knows.
pub const BUILTIN_COUNTS: [&str; 10] = [
    "event",
    "row",
    "record",
    "message",
    "change",
    "file",
    "partition",
    "request",
    "key",
    "user",
];

/// A count known only through a rate's initials (`QPS`, queries per second): the words
/// `query` and `queries` stay free until declared, so prose such as "4,000 metadata queries a
/// day" reads as it did before the count existed.
const QUERY: &str = "query";

/// Index of a built-in count, by name.
fn builtin(name: &str) -> Base {
    let index = BUILTIN_COUNTS
        .iter()
        .chain(&[QUERY])
        .position(|c| *c == name)
        .unwrap_or(0);
    Base::Count(u16::try_from(index).unwrap_or(0))
}

/// Seconds in a day.
pub const DAY: f64 = 86_400.0;

/// Whether a plural of `word` takes `es`: `box` -> `boxes`, `batch` -> `batches`.
fn ends_in_sibilant(word: &str) -> bool {
    word.ends_with(['s', 'x']) || word.ends_with("ch") || word.ends_with("sh")
}

/// English plural of a unit name: `query` -> `queries`, `box` -> `boxes`, `order` -> `orders`.
pub(crate) fn plural_of(singular: &str) -> String {
    match singular.strip_suffix('y') {
        Some(stem) if !stem.is_empty() && !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => {
            format!("{stem}ies")
        }
        _ if ends_in_sibilant(singular) => format!("{singular}es"),
        _ => format!("{singular}s"),
    }
}

/// The singular a declared name most likely means: `queries` -> `query`, `orders` -> `order`,
/// `address` -> `address`.
pub(crate) fn singular_of(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies").filter(|s| !s.is_empty()) {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix("es").filter(|s| ends_in_sibilant(s)) {
        stem.to_owned()
    } else {
        name.strip_suffix('s')
            .filter(|s| s.len() > 1 && !s.ends_with('s'))
            .unwrap_or(name)
            .to_owned()
    }
}

/// Unit names and count names: the built-in ones, or those one calculator declared.
#[derive(Debug, Clone, Default)]
struct Table {
    units: HashMap<String, Unit>,
    counts: Vec<String>,
}

/// The known units: the built-in table, built once per process and shared by every
/// calculator (a scenario's sizing, an answer's numbers, each estimate card), and the counts
/// this one declared on top of it.
#[derive(Debug, Clone)]
pub struct Units {
    /// The built-in table; `None` only while it is being built.
    builtin: Option<&'static Table>,
    /// What was declared here: never a name of the built-in table, counts numbered after it.
    own: Table,
}

/// Why a count could not be declared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` {problem}")]
pub struct DeclareError {
    /// The name asked for.
    pub name: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl Default for Units {
    fn default() -> Self {
        Self::new()
    }
}

impl Units {
    /// The built-in table, with nothing declared yet.
    #[must_use]
    pub fn new() -> Self {
        static BUILTIN: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        Self {
            builtin: Some(BUILTIN.get_or_init(|| Self::build().own)),
            own: Table::default(),
        }
    }

    /// Builds the built-in table (once per process, for [`Units::new`]).
    fn build() -> Self {
        let mut units = Self {
            builtin: None,
            own: Table::default(),
        };
        let time = Dims::of(Base::Time);
        let bytes = Dims::of(Base::Bytes);
        let money = Dims::of(Base::Money);
        let none = Dims::none();
        for (names, factor) in [
            (&["ns", "nanosecond", "nanoseconds"][..], 1e-9),
            (&["us", "µs", "microsecond", "microseconds"][..], 1e-6),
            (&["ms", "msec", "millisecond", "milliseconds"][..], 0.001),
            (&["s", "sec", "secs", "second", "seconds"][..], 1.0),
            (&["min", "mins", "minute", "minutes"][..], 60.0),
            (&["h", "hr", "hrs", "hour", "hours"][..], 3600.0),
            (&["d", "day", "days", "night", "nights"][..], DAY),
            (&["week", "weeks", "wk"][..], 7.0 * DAY),
            (&["month", "months", "mo"][..], 30.0 * DAY),
            (&["year", "years", "yr", "yrs"][..], 365.0 * DAY),
        ] {
            units.add(names, factor, &time);
        }
        units.add(&["B", "byte", "bytes"], 1.0, &bytes);
        units.add(&["bit", "bits", "b"], 0.125, &bytes);
        // Bytes per second as `Bps`, bits as `bps`: the case of the b decides, as in
        // `MBps` (megabytes) and `Mbps` (megabits).
        units.add(&["Bps"], 1.0, &bytes.div(&time));
        units.add(&["bps"], 0.125, &bytes.div(&time));
        for (i, prefix) in ["K", "M", "G", "T", "P", "E"].iter().enumerate() {
            let power = i32::try_from(i + 1).unwrap_or(1);
            let si = 1000f64.powi(power);
            // `kB` is the SI spelling of KB; `GBs` is the plural people write, not GB/s.
            let lower = if *prefix == "K" { "k" } else { prefix };
            units.add(
                &[
                    &format!("{prefix}B"),
                    &format!("{lower}B"),
                    &format!("{prefix}Bs"),
                    &format!("{lower}Bs"),
                ],
                si,
                &bytes,
            );
            units.add(&[&format!("{prefix}iB")], 1024f64.powi(power), &bytes);
            units.add(
                &[&format!("{prefix}b"), &format!("{prefix}bit")],
                si / 8.0,
                &bytes,
            );
            units.add(
                &[&format!("{prefix}Bps"), &format!("{lower}Bps")],
                si,
                &bytes.div(&time),
            );
            units.add(
                &[
                    &format!("{prefix}bps"),
                    &format!("{}bps", prefix.to_lowercase()),
                ],
                si / 8.0,
                &bytes.div(&time),
            );
        }
        for (names, factor) in [
            (&["kilobyte", "kilobytes"][..], 1e3),
            (&["megabyte", "megabytes"][..], 1e6),
            (&["gigabyte", "gigabytes"][..], 1e9),
            (&["terabyte", "terabytes"][..], 1e12),
            (&["petabyte", "petabytes"][..], 1e15),
            (&["exabyte", "exabytes"][..], 1e18),
        ] {
            units.add(names, factor, &bytes);
        }
        units.add(&["USD", "usd", "dollar", "dollars", "$"], 1.0, &money);
        units.add(&["cent", "cents"], 0.01, &money);
        for (names, factor) in [
            (&["percent", "%"][..], 0.01),
            (&["thousand", "thousands"][..], 1e3),
            (&["million", "millions"][..], 1e6),
            (&["billion", "billions"][..], 1e9),
            (&["trillion", "trillions"][..], 1e12),
            (&["dozen"][..], 12.0),
        ] {
            units.add(names, factor, &none);
        }
        for name in BUILTIN_COUNTS {
            // The names are valid by construction.
            let _ = units.declare_count(name);
        }
        units.own.counts.push(QUERY.to_owned());
        units.add(&["msg", "msgs"], 1.0, &Dims::of(builtin("message")));
        units.add(&["req", "reqs"], 1.0, &Dims::of(builtin("request")));
        units.add(&["evt", "evts"], 1.0, &Dims::of(builtin("event")));
        // Rates by their initials: requests and queries per second.
        units.add(
            &["rps", "RPS"],
            1.0,
            &Dims::of(builtin("request")).div(&time),
        );
        units.add(&["qps", "QPS"], 1.0, &Dims::of(builtin(QUERY)).div(&time));
        units
    }

    fn add(&mut self, names: &[&str], factor: f64, dims: &Dims) {
        for name in names {
            self.own.units.insert(
                (*name).to_owned(),
                Unit {
                    factor,
                    dims: dims.clone(),
                },
            );
        }
    }

    /// Declares a new counted thing (`order`, `seller`), its own dimension; the name as given,
    /// its singular and its English plural are all accepted. Declaring a known count again is allowed and changes nothing.
    pub fn declare_count(&mut self, name: &str) -> Result<(), DeclareError> {
        let singular = singular_of(name);
        let fail = |problem| {
            Err(DeclareError {
                name: name.to_owned(),
                problem,
            })
        };
        if singular.is_empty() || !singular.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return fail("is not a valid unit name: use lower-case letters, like `order`");
        }
        let plural = plural_of(&singular);
        let names = [name, &singular, &plural];
        // Known already: declaring it again names it (`query`, known from `QPS`).
        let known = self.counts().position(|c| *c == singular);
        if let Some(known) = known {
            let index = u16::try_from(known).unwrap_or(u16::MAX);
            let dims = Dims::of(Base::Count(index));
            let free: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| self.lookup(n).is_none())
                .collect();
            self.add(&free, 1.0, &dims);
            return Ok(());
        }
        if names.iter().any(|n| self.lookup(n).is_some()) {
            return fail("is already a unit");
        }
        let index = u16::try_from(self.counts().count()).unwrap_or(u16::MAX);
        self.add(&names, 1.0, &Dims::of(Base::Count(index)));
        self.own.counts.push(singular);
        Ok(())
    }

    /// Every count name, built-in ones first: a count's index in this order is its
    /// [`Base::Count`].
    fn counts(&self) -> impl Iterator<Item = &String> {
        self.builtin
            .into_iter()
            .flat_map(|t| &t.counts)
            .chain(&self.own.counts)
    }

    /// The unit named exactly `name`.
    fn lookup(&self, name: &str) -> Option<&Unit> {
        self.own
            .units
            .get(name)
            .or_else(|| self.builtin?.units.get(name))
    }

    /// The singular name of a counted thing.
    #[must_use]
    pub fn count_name(&self, index: u16) -> &str {
        self.counts()
            .nth(usize::from(index))
            .map_or("thing", String::as_str)
    }

    /// The plural of a counted thing's name (`queries`).
    #[must_use]
    pub fn count_plural(&self, index: u16) -> String {
        plural_of(self.count_name(index))
    }

    /// The singular name of the counted thing whose plural is `plural` (`orders` -> `order`).
    #[must_use]
    pub fn count_of_plural(&self, plural: &str) -> Option<&str> {
        self.counts()
            .find(|c| plural_of(c) == plural)
            .map(String::as_str)
    }

    /// Looks a unit up by the name written. Byte units written in lower case (`kb`, `mb/s`)
    /// are read as bytes, as people mean them in prose; `Mb` and `Mbps` stay bits.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Unit> {
        if let Some(unit) = self.lookup(name) {
            return Some(unit);
        }
        let upper_bytes = match name {
            "kb" | "Kb" => Some("KB"),
            "mb" => Some("MB"),
            "gb" => Some("GB"),
            "tb" => Some("TB"),
            "pb" => Some("PB"),
            "eb" => Some("EB"),
            "kib" => Some("KiB"),
            "mib" => Some("MiB"),
            "gib" => Some("GiB"),
            "tib" => Some("TiB"),
            _ => None,
        };
        if let Some(canonical) = upper_bytes {
            return self.lookup(canonical);
        }
        let lower = name.to_lowercase();
        // `MBPS` says bytes with its B and nothing with its case: neither reading is safe.
        if name.contains('B') && lower.ends_with("bps") {
            return None;
        }
        self.lookup(&lower)
    }

    /// Every unit name, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.own
            .units
            .keys()
            .chain(self.builtin.into_iter().flat_map(|t| t.units.keys()))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_common_units() {
        let u = Units::new();
        assert_eq!(u.get("KB").map(|x| x.factor), Some(1000.0));
        assert_eq!(u.get("KiB").map(|x| x.factor), Some(1024.0));
        assert_eq!(u.get("Mb").map(|x| x.factor), Some(125_000.0));
        assert_eq!(u.get("mb").map(|x| x.factor), Some(1e6));
        assert_eq!(u.get("month").map(|x| x.factor), Some(30.0 * DAY));
        assert_eq!(u.get("events"), u.get("event"));
        assert_ne!(
            u.get("events").map(|x| &x.dims),
            u.get("files").map(|x| &x.dims)
        );
    }

    #[test]
    fn declares_counts() {
        let mut u = Units::new();
        u.declare_count("orders").expect("new count");
        assert!(u.get("order").is_some() && u.get("orders").is_some());
        assert!(u.declare_count("day").is_err());
        assert!(
            u.declare_count("kbps").is_err(),
            "would shadow kilobits per second"
        );
        assert!(u.declare_count("Bad Name").is_err());
        assert!(u.declare_count("event").is_ok());
        u.declare_count("query").expect("new count");
        assert!(u.get("queries").is_some());
        u.declare_count("entities").expect("new count");
        assert!(u.get("entity").is_some() && u.get("entities").is_some());
        u.declare_count("address").expect("new count");
        assert!(u.get("address").is_some() && u.get("addresses").is_some());
        u.declare_count("boxes").expect("new count");
        assert!(u.get("box").is_some() && u.get("boxes").is_some());
        u.declare_count("key").expect("new count");
        assert!(u.get("keys").is_some());
    }
}
