//! Dimensions: what a quantity measures, as integer exponents of base dimensions. Counts are
//! each their own base dimension, so events/s can never silently equal files/s.

use std::fmt;

/// A base dimension: time, bytes, money, or a counted thing (`event`, `file`, ...), by index
/// into the unit table's list of count names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Base {
    /// Seconds.
    Time,
    /// Bytes (a bit is an eighth of one).
    Bytes,
    /// US dollars.
    Money,
    /// A counted thing; the index names it in [`super::units::Units::count_name`].
    Count(u16),
}

/// Exponents of base dimensions, sorted by base and without zeros, so equal dimensions compare
/// equal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Dims(Vec<(Base, i8)>);

impl Dims {
    /// Dimensionless.
    #[must_use]
    pub fn none() -> Self {
        Self(Vec::new())
    }

    /// One base dimension to the first power.
    #[must_use]
    pub fn of(base: Base) -> Self {
        Self(vec![(base, 1)])
    }

    /// True for a plain number.
    #[must_use]
    pub fn is_none(&self) -> bool {
        self.0.is_empty()
    }

    /// The exponent of `base`.
    #[must_use]
    pub fn exponent(&self, base: Base) -> i8 {
        self.0
            .iter()
            .find(|(b, _)| *b == base)
            .map_or(0, |(_, e)| *e)
    }

    /// The base dimensions and their exponents.
    pub fn iter(&self) -> impl Iterator<Item = (Base, i8)> + '_ {
        self.0.iter().copied()
    }

    /// The counted things and their exponents (`events/s` has `event` to the 1).
    #[must_use]
    pub fn counts(&self) -> Vec<(u16, i8)> {
        self.0
            .iter()
            .filter_map(|(base, e)| match base {
                Base::Count(i) => Some((*i, *e)),
                _ => None,
            })
            .collect()
    }

    /// The dimensions of a product.
    #[must_use]
    pub fn mul(&self, other: &Self) -> Self {
        self.combine(other, 1)
    }

    /// The dimensions of a quotient.
    #[must_use]
    pub fn div(&self, other: &Self) -> Self {
        self.combine(other, -1)
    }

    /// The dimensions raised to an integer power.
    #[must_use]
    pub fn pow(&self, n: i8) -> Self {
        let mut out: Vec<(Base, i8)> = self
            .0
            .iter()
            .map(|(b, e)| (*b, e.saturating_mul(n)))
            .collect();
        out.retain(|(_, e)| *e != 0);
        Self(out)
    }

    fn combine(&self, other: &Self, sign: i8) -> Self {
        let mut out = self.0.clone();
        for (base, exp) in &other.0 {
            match out.iter_mut().find(|(b, _)| b == base) {
                Some((_, e)) => *e = e.saturating_add(exp * sign),
                None => out.push((*base, exp * sign)),
            }
        }
        out.retain(|(_, e)| *e != 0);
        out.sort_by_key(|(b, _)| *b);
        Self(out)
    }
}

impl fmt::Display for Dims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("a plain number");
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(b, e)| {
                let name = match b {
                    Base::Time => "time".to_owned(),
                    Base::Bytes => "data".to_owned(),
                    Base::Money => "money".to_owned(),
                    Base::Count(i) => format!("count#{i}"),
                };
                if *e == 1 { name } else { format!("{name}^{e}") }
            })
            .collect();
        f.write_str(&parts.join(" * "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_cancel() {
        let rate = Dims::of(Base::Count(0)).div(&Dims::of(Base::Time));
        let back = rate.mul(&Dims::of(Base::Time));
        assert_eq!(back, Dims::of(Base::Count(0)));
        assert!(rate.div(&rate).is_none());
        assert_eq!(rate.exponent(Base::Time), -1);
    }

    #[test]
    fn counts_are_distinct() {
        assert_ne!(Dims::of(Base::Count(0)), Dims::of(Base::Count(1)));
    }
}
