//! Evaluating a scenario's sizing: every given and derived quantity through the calculator,
//! in order, so later expressions can use earlier ids; a failing expression is reported at its
//! place in the file.

use crate::calc::dims::{Base, Dims};
use crate::calc::{Calculator, Quantity, Shown, format};

use super::context::FileCx;
use super::model::Sizing;

/// One evaluated sizing quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Size {
    /// Its id (`peak_rate`).
    pub id: String,
    /// What it is, for people.
    pub label: String,
    /// Derived by the candidate (otherwise given by the interviewer).
    pub derived: bool,
    /// The value.
    pub quantity: Quantity,
    /// How the value is shown (`50 MB/s`).
    pub shown: Shown,
    /// What a sentence says when a number in it is this quantity: groups of alternative words
    /// or phrases (lower case), each group to be said ([`about`]).
    pub about: Vec<Vec<String>>,
}

/// Two words share a stem: "compression" and "compressed", "partitions" and "partition".
#[must_use]
pub fn same_stem(a: &str, b: &str) -> bool {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    common >= 6 || a.starts_with(b) || b.starts_with(a)
}

/// Words in sizing ids that do not say what a sentence is about.
const GENERIC: [&str; 10] = [
    "rate", "size", "events", "total", "bytes", "count", "per", "day", "avg", "share",
];

/// The word groups that say a sentence is about a quantity: the author's `about` patterns
/// (`"ingest|bandwidth"` is one group of two alternatives), else each distinctive word of its
/// id once, leaving out generic words and the name of what it counts ("events" says nothing
/// about which event rate). `counted` are the names of the things its unit counts (`event`
/// for `events/s`; periods are not counted things: "nightly" still names a cost per night).
#[must_use]
pub fn about(id: &str, patterns: &[String], counted: &[&str]) -> Vec<Vec<String>> {
    if !patterns.is_empty() {
        return patterns
            .iter()
            .map(|group| {
                group
                    .split('|')
                    .map(|alt| alt.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|alt| !alt.is_empty())
                    .map(|alt| alt.to_lowercase())
                    .collect::<Vec<_>>()
            })
            .filter(|group| !group.is_empty())
            .collect();
    }
    let mut words: Vec<String> = Vec::new();
    for w in id.split('_') {
        let useful = w.len() >= 3
            && !GENERIC.iter().any(|g| same_stem(g, w))
            && !counted.iter().any(|c| same_stem(c, w));
        if useful && !words.iter().any(|x| same_stem(x, w)) {
            words.push(w.to_owned());
        }
    }
    words.into_iter().map(|w| vec![w]).collect()
}

/// Reads every load profile the way a simulation will, reporting a field that does not read
/// as what it must be (a share, a rate, a size, a duration).
pub(super) fn check_profiles(cx: &mut FileCx<'_>, profiles: &super::model::LoadProfiles) {
    use crate::sim::profile;
    use crate::sim::redelivery::{CommitOrder, WriteMode};
    let results = [
        (
            "skew",
            profiles
                .skew
                .as_ref()
                .map(|p| profile::skew(p, 1).map(|_| ())),
        ),
        (
            "redelivery",
            profiles.redelivery.as_ref().map(|p| {
                profile::redelivery(p, CommitOrder::AfterWrite, WriteMode::Upsert).map(|_| ())
            }),
        ),
        (
            "small_files",
            profiles
                .small_files
                .as_ref()
                .map(|p| profile::small_files(p, None, None).map(|_| ())),
        ),
    ];
    for (kind, result) in results {
        if let Some(Err(err)) = result {
            cx.error_at(
                &format!("load_profiles.{kind}.{}", err.field),
                format!("load profile `{kind}`: {err}"),
                None,
            );
        }
    }
}

pub(super) fn evaluate(cx: &mut FileCx<'_>, sizing: &Sizing) -> Vec<Size> {
    let mut calc = Calculator::new();
    for (i, unit) in sizing.units.iter().enumerate() {
        if let Err(err) = calc.declare_count(unit) {
            let path = cx.item("sizing.units", i);
            cx.error_at(&path, format!("cannot declare the unit: {err}"), None);
        }
    }
    let lists = [
        ("sizing.given", &sizing.given, false),
        ("sizing.derived", &sizing.derived, true),
    ];
    let mut sizes = Vec::new();
    for (list, quantities, derived) in lists {
        for (i, q) in quantities.iter().enumerate() {
            if q.expr.trim().is_empty() {
                continue; // Reported by the checks.
            }
            let path = format!("{}.expr", cx.item(list, i));
            // An id that is also a unit would shadow it when answers are read: "600 tables"
            // would become 600 times the `tables` figure.
            if calc.units().get(&q.id).is_some() {
                let id_path = format!("{}.id", cx.item(list, i));
                cx.error_at(
                    &id_path,
                    format!("sizing id `{}` is also a unit name", q.id),
                    Some(format!(
                        "rename it, e.g. `{}_count` or `total_{}`",
                        q.id.trim_end_matches('s'),
                        q.id
                    )),
                );
                continue;
            }
            match calc.eval(&q.expr) {
                Ok(answer) => {
                    calc.set(&q.id, answer.quantity.clone());
                    let shown = format::show(&answer, calc.units());
                    let counted: Vec<&str> = shown
                        .unit
                        .split(|c: char| !c.is_alphabetic())
                        .filter(|w| w.len() >= 3)
                        .filter(|w| {
                            calc.units()
                                .get(w)
                                .is_none_or(|u| u.dims != Dims::of(Base::Time))
                        })
                        .collect();
                    sizes.push(Size {
                        id: q.id.clone(),
                        label: q.label.clone(),
                        derived,
                        about: about(&q.id, &q.about, &counted),
                        shown,
                        quantity: answer.quantity,
                    });
                }
                Err(err) => cx.error_in_string(
                    &path,
                    &err.span,
                    format!("sizing `{}` does not evaluate: {}", q.id, err.message),
                    err.help.clone(),
                ),
            }
        }
    }
    sizes
}
