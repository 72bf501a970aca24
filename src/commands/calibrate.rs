//! `dei calibrate`: scores a folder of labelled answers, or reads a battery of labelled
//! sentences for the number checker, and says how often dei agrees.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;

use crate::cli::{Floors, Format};
use dei::calibrate::numbers::{Battery, NumbersReport};
use dei::calibrate::{Graded, Labels, Report, Scorers, Tally, compare};
use dei::rubric::Rubric;
use dei::scenario::{Catalog, Diagnostic};

pub fn run(
    catalog: &Catalog,
    dir: &Path,
    format: Format,
    floors: &Floors,
) -> anyhow::Result<ExitCode> {
    if dir.is_file() {
        if [floors.band, floors.ids, floors.order, floors.claims]
            .iter()
            .any(Option::is_some)
        {
            anyhow::bail!(
                "--min-band, --min-ids, --min-order and --min-claims apply to a calibration \
                 folder, not to a battery of sentences ({})",
                dir.display()
            );
        }
        return numbers(catalog, dir, format);
    }
    let labels_path = dir.join("labels.toml");
    let display = labels_path.display().to_string();
    let source = dei::textfile::read(&labels_path, dei::textfile::MAX_TEXT_BYTES)
        .map_err(|err| anyhow!("cannot read the labels {display}: {err}"))?;
    let labels = Labels::parse(&source, &display).map_err(|d| anyhow!("{d}"))?;
    let answers_dir = dir.join("answers");
    let mut texts = Vec::with_capacity(labels.cases.len());
    for case in &labels.cases {
        let scenario = catalog.get(case.scenario.get_ref()).map_err(|err| {
            anyhow!(
                "{}",
                Diagnostic::new(&display, err.to_string()).at(&source, &case.scenario.span())
            )
        })?;
        let path = answers_dir.join(case.file.get_ref());
        let text = dei::textfile::read(&path, dei::textfile::MAX_TEXT_BYTES).map_err(|err| {
            anyhow!(
                "{}",
                Diagnostic::new(
                    &display,
                    format!("cannot read the answer {}: {err}", path.display())
                )
                .at(&source, &case.file.span())
            )
        })?;
        texts.push((scenario, text));
    }
    warn_unlabelled(&answers_dir, &labels)?;
    let rubric = Rubric::builtin();
    let mut cards = Vec::with_capacity(texts.len());
    let mut scorers = Scorers::new(rubric);
    for (scenario, text) in &texts {
        cards.push(scorers.score(scenario, text));
    }
    let graded: Vec<Graded<'_>> = labels
        .cases
        .iter()
        .zip(&texts)
        .zip(&cards)
        .map(|((case, (_, answer)), card)| Graded { case, answer, card })
        .collect();
    let report = compare(&graded);
    super::emit(format, &report, || render(&report, dir))?;
    let missed = missed_floors(&report, floors);
    if missed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = anstream::stderr().lock();
    for line in missed {
        writeln!(err, "calibration floor not met: {line}")?;
    }
    Ok(ExitCode::from(1))
}

/// Answer files no case labels: graded by nobody, so worth a word.
fn warn_unlabelled(answers: &Path, labels: &Labels) -> anyhow::Result<()> {
    let labelled: BTreeSet<PathBuf> = labels
        .cases
        .iter()
        .map(|c| PathBuf::from(c.file.get_ref()))
        .collect();
    let mut unlabelled = Vec::new();
    let Ok(scenarios) = std::fs::read_dir(answers) else {
        return Ok(());
    };
    for scenario in scenarios.flatten() {
        let Ok(files) = std::fs::read_dir(scenario.path()) else {
            continue;
        };
        for file in files.flatten() {
            let relative = PathBuf::from(scenario.file_name()).join(file.file_name());
            let markdown = relative.extension().is_some_and(|e| e == "md");
            if markdown && !labelled.contains(&relative) {
                unlabelled.push(relative.display().to_string());
            }
        }
    }
    unlabelled.sort();
    if !unlabelled.is_empty() {
        writeln!(
            anstream::stderr().lock(),
            "note: {} answer(s) have no label and were not graded: {}",
            unlabelled.len(),
            unlabelled.join(", ")
        )?;
    }
    Ok(())
}

fn missed_floors(report: &Report, floors: &Floors) -> Vec<String> {
    [
        ("band", report.band, floors.band),
        ("ids", report.ids, floors.ids),
        ("order", report.order, floors.order),
        ("claims", report.claims, floors.claims),
    ]
    .into_iter()
    .filter_map(|(name, tally, floor)| {
        let floor = floor?;
        (tally.share() + 1e-9 < floor)
            .then(|| format!("{name} {} is below {:.0}%", percent(tally), floor * 100.0))
    })
    .collect()
}

fn percent(tally: Tally) -> String {
    format!(
        "{:.1}% ({}/{})",
        tally.share() * 100.0,
        tally.agree,
        tally.total
    )
}

fn render(report: &Report, dir: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} labelled answer{} in {}",
        report.cases,
        if report.cases == 1 { "" } else { "s" },
        dir.display()
    );
    for (name, tally) in [
        ("band", report.band),
        ("ids", report.ids),
        ("order", report.order),
        ("claims", report.claims),
    ] {
        let _ = writeln!(out, "  {name:<7} {}", percent(tally));
    }
    if report.disagreements.is_empty() {
        let _ = writeln!(out, "\nNo disagreements.");
        return out;
    }
    let _ = writeln!(out, "\n{} disagreements:", report.disagreements.len());
    for d in &report.disagreements {
        let _ = writeln!(out, "  {} [{}] {}", d.file, d.kind.name(), d.detail);
        if let Some(sentence) = &d.sentence {
            let _ = writeln!(out, "      \"{}\"", clip(sentence, 160));
        }
    }
    out
}

fn clip(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// `dei calibrate BATTERY.toml`: the number checker against labelled sentences.
fn numbers(catalog: &Catalog, path: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let display = path.display().to_string();
    let source = dei::textfile::read(path, dei::textfile::MAX_TEXT_BYTES)
        .map_err(|err| anyhow!("cannot read the battery {display}: {err}"))?;
    let battery = Battery::parse(&source, &display).map_err(|d| anyhow!("{d}"))?;
    let report = dei::calibrate::numbers::measure(&battery, |id| catalog.get(id).ok())
        .map_err(|err| anyhow!("{display}: {err}"))?;
    super::emit(format, &report, || render_numbers(&report, path))?;
    Ok(ExitCode::SUCCESS)
}

fn render_numbers(report: &NumbersReport, path: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} labelled numbers in {}",
        report.numbers,
        path.display()
    );
    for (name, tally) in [
        ("wrong numbers called off", report.wrong_called_off),
        ("calls of off that are right", report.off_calls_right),
        ("right numbers read as right", report.right_read),
        ("right numbers never called off", report.right_not_off),
        ("non-claims left unread", report.non_claims_unread),
        ("unsized quantities not judged", report.unsized_unjudged),
    ] {
        let _ = writeln!(out, "  {name:<31} {}", percent(tally));
    }
    if report.misses.is_empty() {
        let _ = writeln!(out, "\nNo disagreements.");
        return out;
    }
    let _ = writeln!(out, "\n{} disagreements:", report.misses.len());
    for m in &report.misses {
        let against = if m.reference.is_empty() {
            String::new()
        } else {
            format!(" against `{}`", m.reference)
        };
        let _ = writeln!(
            out,
            "  \"{}\" labelled {}, read as {}{against}",
            m.number,
            serde_json::to_value(m.label)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            m.read_as
        );
        let _ = writeln!(out, "      \"{}\"", clip(&m.sentence, 160));
    }
    out
}
