//! A battery of labelled sentences for the number checker: each sentence, read alone against
//! its scenario, and each number in it labelled with what an interviewer would say of it. The
//! figures say how often a wrong number is called off, how often a call of off is right, how
//! often a right number is read as right, and whether non-claims stay unread.

use serde::{Deserialize, Serialize};

use crate::rubric::Rubric;
use crate::scenario::{Diagnostic, Scenario};
use crate::score::claims::{Claim, ClaimVerdict};

use super::{Scorers, Tally};

/// What a labelled number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberLabel {
    /// A sizing claim within 2x of the figure its sentence is about.
    Ok,
    /// A sizing claim further off than that: must be called off.
    Off,
    /// A fact from the prompt said again: never called off.
    Given,
    /// A quantity of something the scenario gives no figure for: neither ok nor off.
    Unsized,
    /// Not a sizing claim (a version, a port, a year, a number in a question): not read.
    None,
}

/// One labelled number, as its sentence writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledNumber {
    /// The number's words, a substring of the sentence.
    pub number: String,
    /// What it is.
    pub label: NumberLabel,
    /// The sizing id it is about, for `ok`, `off` and `given`.
    #[serde(default)]
    pub about: Option<String>,
}

/// One sentence of the battery.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledSentence {
    /// The scenario it answers.
    pub scenario: String,
    /// The sentence, read alone.
    pub text: String,
    /// Its labelled numbers.
    #[serde(default)]
    pub numbers: Vec<LabelledNumber>,
}

/// A parsed battery file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Battery {
    /// Every sentence, in file order.
    #[serde(default, rename = "sentence")]
    pub sentences: Vec<LabelledSentence>,
}

impl Battery {
    /// Parses `source`, shown in errors as `display`; an error names the line and column.
    pub fn parse(source: &str, display: &str) -> Result<Self, Box<Diagnostic>> {
        toml::from_str(source).map_err(|err| {
            let diagnostic = Diagnostic::new(display, err.message().to_owned());
            Box::new(match err.span() {
                Some(span) => diagnostic.at(source, &span),
                None => diagnostic,
            })
        })
    }
}

/// A number where the checker and the label part ways.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// The sentence.
    pub sentence: String,
    /// The number as labelled.
    pub number: String,
    /// Its label.
    pub label: NumberLabel,
    /// What the checker made of it: `ok`, `off`, `unchecked`, or `not read`.
    pub read_as: String,
    /// The figure it was compared with, when one was.
    pub reference: String,
}

/// The battery's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NumbersReport {
    /// Numbers labelled.
    pub numbers: usize,
    /// Wrong numbers called off.
    pub wrong_called_off: Tally,
    /// Calls of off that are wrong numbers.
    pub off_calls_right: Tally,
    /// Right numbers (`ok` and `given`) read as right.
    pub right_read: Tally,
    /// Right numbers never called off.
    pub right_not_off: Tally,
    /// Non-claims left unread.
    pub non_claims_unread: Tally,
    /// Quantities the scenario does not size, neither passed nor faulted.
    pub unsized_unjudged: Tally,
    /// Every disagreement, in file order.
    pub misses: Vec<Miss>,
}

/// Reads every sentence of `battery` against its scenario (`scenario` finds it) and compares
/// each labelled number with the claim that covers it. A scenario that cannot be found is an
/// error naming it.
pub fn measure<'s>(
    battery: &Battery,
    scenario: impl Fn(&str) -> Option<&'s Scenario>,
) -> Result<NumbersReport, String> {
    let mut report = NumbersReport::default();
    let rubric = Rubric::builtin();
    let mut scorers = Scorers::new(rubric);
    for sentence in &battery.sentences {
        let scenario = scenario(&sentence.scenario)
            .ok_or_else(|| format!("no scenario `{}`", sentence.scenario))?;
        // Read as `dei score` reads it, with the sentence acts (a question, a retraction).
        let found = scorers.score(scenario, &sentence.text).claims;
        for number in &sentence.numbers {
            let start = sentence
                .text
                .find(&number.number)
                .ok_or_else(|| format!("\"{}\" is not in \"{}\"", number.number, sentence.text))?;
            let end = start + number.number.len();
            let read = found.iter().find(|c| c.span[0] < end && start < c.span[1]);
            tally(&mut report, sentence, number, read);
        }
    }
    Ok(report)
}

fn tally(
    report: &mut NumbersReport,
    sentence: &LabelledSentence,
    number: &LabelledNumber,
    read: Option<&Claim>,
) {
    report.numbers += 1;
    let verdict = read.map(|c| c.verdict);
    let off = verdict == Some(ClaimVerdict::Off);
    if off {
        report
            .off_calls_right
            .count(number.label == NumberLabel::Off);
    }
    let agreed = match number.label {
        NumberLabel::Off => {
            report.wrong_called_off.count(off);
            off
        }
        NumberLabel::Ok | NumberLabel::Given => {
            let right = verdict == Some(ClaimVerdict::Ok);
            report.right_read.count(right);
            report.right_not_off.count(!off);
            right
        }
        NumberLabel::None => {
            report.non_claims_unread.count(read.is_none());
            read.is_none()
        }
        NumberLabel::Unsized => {
            let unjudged = !matches!(verdict, Some(ClaimVerdict::Ok | ClaimVerdict::Off));
            report.unsized_unjudged.count(unjudged);
            unjudged
        }
    };
    if !agreed {
        report.misses.push(Miss {
            sentence: sentence.text.clone(),
            number: number.number.clone(),
            label: number.label,
            read_as: verdict.map_or("not read", ClaimVerdict::name).to_owned(),
            reference: read.map(|c| c.reference.clone()).unwrap_or_default(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Catalog;

    const BATTERY: &str = r#"
[[sentence]]
scenario = "realtime-analytics"
text = "At the sale peak we take 50k events/s, and Kafka 3.6 is fine."
[[sentence.numbers]]
number = "50k events/s"
label = "ok"
about = "peak_rate"
[[sentence.numbers]]
number = "3.6"
label = "none"

[[sentence]]
scenario = "realtime-analytics"
text = "The peak is about 500 events/s."
[[sentence.numbers]]
number = "500 events/s"
label = "off"
"#;

    #[test]
    fn each_label_is_counted_where_it_belongs() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let battery = Battery::parse(BATTERY, "battery.toml").expect("parses");
        let report = measure(&battery, |id| catalog.get(id).ok()).expect("measures");
        assert_eq!(report.numbers, 3);
        assert_eq!(report.right_read, Tally { agree: 1, total: 1 });
        assert_eq!(report.non_claims_unread, Tally { agree: 1, total: 1 });
        assert_eq!(report.wrong_called_off, Tally { agree: 1, total: 1 });
        assert_eq!(report.off_calls_right, Tally { agree: 1, total: 1 });
        assert!(report.misses.is_empty(), "{:?}", report.misses);
    }

    #[test]
    fn a_number_missing_from_its_sentence_or_an_unknown_scenario_is_an_error() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let bad = BATTERY.replace("number = \"3.6\"", "number = \"3.7\"");
        let battery = Battery::parse(&bad, "b.toml").expect("parses");
        let err = measure(&battery, |id| catalog.get(id).ok()).expect_err("missing number");
        assert!(err.contains("\"3.7\" is not in"), "{err}");
        let battery = Battery::parse(BATTERY, "b.toml").expect("parses");
        let err = measure(&battery, |_| None).expect_err("no scenario");
        assert_eq!(err, "no scenario `realtime-analytics`");
        let err = Battery::parse("[[sentence]]\nscenario = 3\n", "b.toml").expect_err("bad");
        assert!(err.to_string().contains("b.toml:2"), "{err}");
    }
}
