//! Calibration: how often the scorer agrees with an experienced interviewer.
//!
//! A calibration folder holds answers (`answers/SCENARIO/NAME.md`) and a `labels.toml` with one
//! `[[case]]` per answer: the band the interviewer gave, the rubric ids they were confident
//! about, and the verdict on each number they checked. [`Labels::parse`] reads that file with
//! located errors; [`compare`] sets dei's scorecards beside the labels and counts four
//! agreements (band, ids, order, claims), listing every disagreement with the sentence behind it.
//! Reading the files and scoring are the shell's job; everything here is pure.

pub mod numbers;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::scenario::Diagnostic;
use crate::score::{Band, ItemResult, Scorecard, claims::ClaimVerdict};

/// One labelled answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The answer's path under `answers/`.
    pub file: toml::Spanned<String>,
    /// The scenario the answer is graded against.
    pub scenario: toml::Spanned<String>,
    /// The interviewer's band.
    pub band: LabelBand,
    /// Strong signals the answer must earn.
    #[serde(default)]
    pub signals: Vec<String>,
    /// Strong signals the answer must not earn.
    #[serde(default)]
    pub not_signals: Vec<String>,
    /// Red flags that must fire.
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// Red flags that must not fire.
    #[serde(default)]
    pub not_red_flags: Vec<String>,
    /// Numbers the interviewer checked.
    #[serde(default)]
    pub claims: Vec<LabelledClaim>,
}

/// A band as labels write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelBand {
    /// Would pass a senior round.
    Strong,
    /// Some moves done well, others missing.
    Mixed,
    /// Would not pass.
    Weak,
}

impl LabelBand {
    /// The scorer's band of the same name.
    #[must_use]
    pub fn band(self) -> Band {
        match self {
            Self::Strong => Band::Strong,
            Self::Mixed => Band::Mixed,
            Self::Weak => Band::Weak,
        }
    }

    /// Higher is better: strong 2, mixed 1, weak 0.
    fn rank(self) -> u8 {
        match self {
            Self::Strong => 2,
            Self::Mixed => 1,
            Self::Weak => 0,
        }
    }
}

/// A number the interviewer checked, exactly as the answer writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledClaim {
    /// The number's words as they appear in the answer.
    pub text: String,
    /// Within 2x of the scenario's figure for what the sentence is about, or not.
    pub verdict: LabelVerdict,
}

/// A claim verdict as labels write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelVerdict {
    /// Within 2x.
    Ok,
    /// Further off.
    Off,
}

impl LabelVerdict {
    fn matches(self, verdict: ClaimVerdict) -> bool {
        matches!(
            (self, verdict),
            (Self::Ok, ClaimVerdict::Ok) | (Self::Off, ClaimVerdict::Off)
        )
    }

    fn name(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Off => "off",
        }
    }
}

/// A parsed `labels.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// One per answer.
    #[serde(default, rename = "case")]
    pub cases: Vec<Case>,
}

impl Labels {
    /// Parses `source`, shown in errors as `display`; an error names the file, line and column.
    pub fn parse(source: &str, display: &str) -> Result<Self, Box<Diagnostic>> {
        let labels: Self = toml::from_str(source).map_err(|err| {
            let diagnostic = Diagnostic::new(display, err.message().to_owned());
            Box::new(match err.span() {
                Some(span) => diagnostic.at(source, &span),
                None => diagnostic,
            })
        })?;
        let mut seen: BTreeMap<&str, Range<usize>> = BTreeMap::new();
        for case in &labels.cases {
            if let Some(first) = seen.insert(case.file.get_ref(), case.file.span()) {
                let line = crate::scenario::Location::of_span(source, &first).line;
                return Err(Box::new(
                    Diagnostic::new(
                        display,
                        format!(
                            "`{}` is labelled twice (first on line {line})",
                            case.file.get_ref()
                        ),
                    )
                    .at(source, &case.file.span())
                    .with_help("keep one [[case]] per answer"),
                ));
            }
        }
        Ok(labels)
    }
}

/// One case graded: the label, the answer's text and dei's scorecard.
pub struct Graded<'a> {
    /// The label.
    pub case: &'a Case,
    /// The answer's Markdown.
    pub answer: &'a str,
    /// dei's verdict on it.
    pub card: &'a Scorecard,
}

/// Agreements out of comparisons made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Comparisons where dei agrees with the label.
    pub agree: usize,
    /// Comparisons made.
    pub total: usize,
}

impl Tally {
    fn count(&mut self, agreed: bool) {
        self.total += 1;
        self.agree += usize::from(agreed);
    }

    /// The share that agree, 1.0 when nothing was compared.
    #[must_use]
    pub fn share(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.agree as f64 / self.total as f64
        }
    }
}

/// What a disagreement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The band differs.
    Band,
    /// A labelled rubric id differs.
    Id,
    /// Two answers are scored in the wrong order.
    Order,
    /// A labelled number's verdict differs or the number was not read.
    Claim,
}

impl Kind {
    /// The name used in output.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Band => "band",
            Self::Id => "id",
            Self::Order => "order",
            Self::Claim => "claim",
        }
    }
}

/// One place where dei and the label part ways.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// The answer's path under `answers/`.
    pub file: String,
    /// Band, id, order or claim.
    pub kind: Kind,
    /// What differs.
    pub detail: String,
    /// The sentence involved, when there is one.
    #[serde(skip)]
    pub sentence: Option<String>,
}

/// The four figures and every disagreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Labelled answers graded.
    pub cases: usize,
    /// Same band as the label.
    pub band: Tally,
    /// Labelled ids that dei judges the same way.
    pub ids: Tally,
    /// Pairs of differently banded answers to one scenario in the right order by score.
    pub order: Tally,
    /// Labelled numbers dei reads with the same verdict.
    pub claims: Tally,
    /// Every disagreement, in case order.
    pub disagreements: Vec<Disagreement>,
}

/// One prepared scorer per scenario, made the first time that scenario is graded, so a
/// folder or a battery of many texts prepares each scenario once.
pub struct Scorers<'s> {
    rubric: &'s crate::rubric::Rubric,
    made: Vec<(&'s str, crate::score::Scorer<'s>)>,
}

impl<'s> Scorers<'s> {
    /// No scorer made yet; each will grade against `rubric`.
    #[must_use]
    pub fn new(rubric: &'s crate::rubric::Rubric) -> Self {
        Self {
            rubric,
            made: Vec::new(),
        }
    }

    /// Scores `text` against `scenario`.
    pub fn score(&mut self, scenario: &'s crate::scenario::Scenario, text: &str) -> Scorecard {
        let index = self
            .made
            .iter()
            .position(|(id, _)| *id == scenario.id)
            .unwrap_or_else(|| {
                let scorer = crate::score::Scorer::new(scenario, self.rubric);
                self.made.push((&scenario.id, scorer));
                self.made.len() - 1
            });
        self.made[index].1.score(text)
    }
}

/// Compares dei's scorecards with the labels.
#[must_use]
pub fn compare(graded: &[Graded<'_>]) -> Report {
    let mut report = Report {
        cases: graded.len(),
        band: Tally::default(),
        ids: Tally::default(),
        order: Tally::default(),
        claims: Tally::default(),
        disagreements: Vec::new(),
    };
    for g in graded {
        compare_band(g, &mut report);
        compare_ids(g, &mut report);
        compare_claims(g, &mut report);
    }
    compare_order(graded, &mut report);
    report
}

fn disagree(
    report: &mut Report,
    g: &Graded<'_>,
    kind: Kind,
    detail: String,
    sentence: Option<String>,
) {
    report.disagreements.push(Disagreement {
        file: g.case.file.get_ref().clone(),
        kind,
        detail,
        sentence,
    });
}

fn compare_band(g: &Graded<'_>, report: &mut Report) {
    let agreed = g.card.band == g.case.band.band();
    report.band.count(agreed);
    if !agreed {
        let detail = format!(
            "labelled {}, scored {} {}{}",
            g.case.band.band().name(),
            g.card.band.name(),
            g.card.score,
            if g.card.capped { " (capped)" } else { "" }
        );
        disagree(report, g, Kind::Band, detail, None);
    }
}

fn compare_ids(g: &Graded<'_>, report: &mut Report) {
    let lists: [(&[String], &[ItemResult], bool, &str); 4] = [
        (&g.case.signals, &g.card.signals, true, "signal"),
        (&g.case.not_signals, &g.card.signals, false, "signal"),
        (&g.case.red_flags, &g.card.red_flags, true, "red flag"),
        (&g.case.not_red_flags, &g.card.red_flags, false, "red flag"),
    ];
    for (ids, items, want, what) in lists {
        for id in ids {
            let item = items.iter().find(|item| &item.id == id);
            // An item the scenario scopes out cannot be hit: that agrees with "must not", and
            // disagrees with "must".
            let hit = item.is_some_and(|item| item.hit);
            let agreed = hit == want;
            report.ids.count(agreed);
            if agreed {
                continue;
            }
            let detail = match (item, want) {
                (None, _) => {
                    format!("{what} `{id}` labelled as expected, not in force for this scenario")
                }
                (Some(_), true) if what == "signal" => {
                    format!("signal `{id}` labelled earned, not earned")
                }
                (Some(_), true) => format!("red flag `{id}` labelled raised, not raised"),
                (Some(_), false) if what == "signal" => {
                    format!("signal `{id}` labelled not earned, earned")
                }
                (Some(_), false) => format!("red flag `{id}` labelled not raised, raised"),
            };
            let sentence = item.and_then(|item| item.evidence.clone());
            disagree(report, g, Kind::Id, detail, sentence);
        }
    }
}

fn compare_claims(g: &Graded<'_>, report: &mut Report) {
    for label in &g.case.claims {
        let Some(start) = g.answer.find(&label.text) else {
            report.claims.count(false);
            let detail = format!("\"{}\" is not in the answer as written", label.text);
            disagree(report, g, Kind::Claim, detail, None);
            continue;
        };
        let end = start + label.text.len();
        let read = g
            .card
            .claims
            .iter()
            .find(|c| c.span[0] < end && start < c.span[1]);
        let agreed = read.is_some_and(|c| label.verdict.matches(c.verdict));
        report.claims.count(agreed);
        if agreed {
            continue;
        }
        let detail = match read {
            None => format!(
                "\"{}\" labelled {}, not read as a number to check",
                label.text,
                label.verdict.name()
            ),
            Some(c) => format!(
                "\"{}\" labelled {}, dei says {} ({:.2}x from {} `{}`)",
                label.text,
                label.verdict.name(),
                c.verdict.name(),
                c.factor,
                c.expected,
                c.reference
            ),
        };
        disagree(
            report,
            g,
            Kind::Claim,
            detail,
            Some(sentence_around(g.answer, start, end)),
        );
    }
}

/// The line of `text` holding bytes `start..end`, trimmed, for showing a number in context.
fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
    text[from..to].trim().to_owned()
}

fn compare_order(graded: &[Graded<'_>], report: &mut Report) {
    for (i, a) in graded.iter().enumerate() {
        for b in &graded[i + 1..] {
            if a.case.scenario.get_ref() != b.case.scenario.get_ref()
                || a.case.band.rank() == b.case.band.rank()
            {
                continue;
            }
            let (high, low) = if a.case.band.rank() > b.case.band.rank() {
                (a, b)
            } else {
                (b, a)
            };
            let agreed = high.card.score > low.card.score;
            report.order.count(agreed);
            if !agreed {
                let detail = format!(
                    "labelled {} above {} ({}), scored {} and {}",
                    high.case.band.band().name(),
                    low.case.band.band().name(),
                    low.case.file.get_ref(),
                    high.card.score,
                    low.card.score
                );
                disagree(report, high, Kind::Order, detail, None);
            }
        }
    }
}

/// A floor given on the command line: `0.95`, `95` or `95%` all mean 95%.
pub fn parse_floor(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let (number, percent) = match trimmed.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (trimmed, false),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a share; write 0.95, 95 or 95%"))?;
    let share = if percent || value > 1.0 {
        value / 100.0
    } else {
        value
    };
    if share.is_finite() && (0.0..=1.0).contains(&share) {
        Ok(share)
    } else {
        Err(format!("`{text}` is not between 0% and 100%"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    const LABELS: &str = r#"
[[case]]
file = "realtime-analytics/good.md"
scenario = "realtime-analytics"
band = "strong"
signals = ["capacity-math"]
not_red_flags = ["no-clarify"]
[[case.claims]]
text = "50 MB/s"
verdict = "ok"

[[case]]
file = "realtime-analytics/thin.md"
scenario = "realtime-analytics"
band = "weak"
red_flags = ["tool-list"]
"#;

    #[test]
    fn a_broken_labels_file_is_located() {
        let err = Labels::parse(
            "[[case]]\nfile = \"a.md\"\nscenario = \"x\"\nband = \"great\"\n",
            "labels.toml",
        )
        .expect_err("unknown band");
        let loc = err.location.clone().expect("located");
        assert_eq!(loc.line, 4, "{err}");
        assert!(err.to_string().starts_with("labels.toml:4:"), "{err}");
    }

    #[test]
    fn a_case_labelled_twice_is_refused() {
        let twice = "[[case]]\nfile = \"a.md\"\nscenario = \"x\"\nband = \"weak\"\n[[case]]\nfile = \"a.md\"\nscenario = \"x\"\nband = \"weak\"\n";
        let err = Labels::parse(twice, "labels.toml").expect_err("duplicate");
        assert!(
            err.to_string().contains("labelled twice (first on line 2)"),
            "{err}"
        );
    }

    #[test]
    fn floors_accept_shares_and_percentages() {
        assert_eq!(parse_floor("0.95"), Ok(0.95));
        assert_eq!(parse_floor("95"), Ok(0.95));
        assert_eq!(parse_floor("95%"), Ok(0.95));
        assert!(parse_floor("high").is_err());
        assert!(parse_floor("150%").is_err());
    }

    #[test]
    fn figures_count_agreements_and_list_each_disagreement() {
        let rubric = Rubric::builtin();
        let catalog = Catalog::builtin(rubric);
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        let labels = Labels::parse(LABELS, "labels.toml").expect("valid");
        let good = scenario.model_answer.clone().unwrap_or_default();
        let good = format!("{good}\n\nPeak is 50 MB/s.\n");
        let thin = "Kafka, Spark, Snowflake. Done.";
        let cards = [
            crate::score::score(scenario, &good, rubric),
            crate::score::score(scenario, thin, rubric),
        ];
        let graded = [
            Graded {
                case: &labels.cases[0],
                answer: &good,
                card: &cards[0],
            },
            Graded {
                case: &labels.cases[1],
                answer: thin,
                card: &cards[1],
            },
        ];
        let report = compare(&graded);
        assert_eq!(report.cases, 2);
        assert_eq!(report.band.total, 2);
        assert_eq!(report.ids.total, 3);
        assert_eq!(report.order, Tally { agree: 1, total: 1 });
        assert_eq!(report.claims.total, 1);
        let disagreements = report.band.total - report.band.agree + report.ids.total
            - report.ids.agree
            + report.claims.total
            - report.claims.agree;
        assert_eq!(report.disagreements.len(), disagreements);
    }
}
