//! `dei ask`

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use serde::Serialize;

use crate::cli::AskArgs;
use dei::practice::Interviewer;
use dei::render::{paint, styles};
use dei::scenario::Catalog;

/// Longest message accepted: a Clarify question or a deep-dive reply is a few hundred bytes.
const MAX_MESSAGE_BYTES: u64 = 64 * 1024;

/// `--format json` of a Clarify message.
#[derive(Serialize)]
struct ClarifyJson<'a> {
    reply: &'a str,
    facts: Vec<&'a str>,
    assumptions: &'a [String],
    kind: &'static str,
}

/// `--format json` of a follow-up reply.
#[derive(Serialize)]
struct FollowUpJson<'a> {
    reply: &'a str,
    grade: &'static str,
    covered: &'a [usize],
    missing: &'a [usize],
    probe: Option<&'a str>,
}

pub fn run(catalog: &Catalog, args: &AskArgs) -> anyhow::Result<ExitCode> {
    let format = args.format;
    let scenario = catalog.get(&args.scenario)?;
    let text = message(&args.text)?;
    for id in &args.revealed {
        if !scenario.facts.iter().any(|f| &f.id == id) {
            let hint = dei::suggest::did_you_mean(
                id,
                scenario.facts.iter().map(|f| f.id.as_str()),
                || {
                    format!(
                        "`dei show {}` has the scenario; its facts are in its file",
                        scenario.id
                    )
                },
            );
            bail!(
                "--revealed: scenario `{}` has no fact `{id}`; {hint}",
                scenario.id
            );
        }
    }
    let interviewer = Interviewer::new(scenario);
    let Some(id) = args.followup.as_deref() else {
        let reply = interviewer.reply(&text, &args.revealed);
        let json = ClarifyJson {
            reply: &reply.text,
            facts: reply
                .facts
                .iter()
                .map(|&i| scenario.facts[i].id.as_str())
                .collect(),
            assumptions: &reply.assumptions,
            kind: reply.kind.id(),
        };
        return super::emit(format, &json, || {
            let mut out = format!("{}\n", reply.text);
            let facts = if json.facts.is_empty() {
                "none".to_owned()
            } else {
                json.facts.join(", ")
            };
            out.push_str(&paint(
                styles::DIM,
                &format!("\n{} · facts: {facts}\n", json.kind),
            ));
            if args.explain {
                out.push_str(&explanation(&interviewer, scenario, &text));
            }
            out
        });
    };
    let followup = scenario
        .followups
        .iter()
        .find(|f| f.id == id)
        .ok_or_else(|| {
            let hint = dei::suggest::did_you_mean(
                id,
                scenario.followups.iter().map(|f| f.id.as_str()),
                || {
                    let ids: Vec<&str> = scenario.followups.iter().map(|f| f.id.as_str()).collect();
                    format!("its follow-ups are {}", ids.join(", "))
                },
            );
            anyhow!("scenario `{}` has no follow-up `{id}`; {hint}", scenario.id)
        })?;
    let (judgement, words) = interviewer.judge(followup, &text);
    let json = FollowUpJson {
        reply: &words,
        grade: judgement.grade.id(),
        covered: &judgement.covered,
        missing: &judgement.missing,
        probe: judgement.probe.as_deref(),
    };
    super::emit(format, &json, || {
        let mut out = format!("{words}\n\n");
        out.push_str(&paint(
            styles::DIM,
            &format!("{} · {}\n", judgement.grade.id(), judgement.feedback),
        ));
        for (i, point) in followup.good_points.iter().enumerate() {
            let mark = if judgement.covered.contains(&i) {
                "✓"
            } else {
                "·"
            };
            out.push_str(&paint(
                styles::DIM,
                &format!("  {mark} {i}. {}\n", point.trim()),
            ));
        }
        out
    })
}

/// Per part of the message, every fact with a case: weight, asked or named, coverage.
fn explanation(
    interviewer: &Interviewer<'_>,
    scenario: &dei::scenario::Scenario,
    text: &str,
) -> String {
    let mut out = String::new();
    for (part, ranked) in interviewer.explain(text) {
        let _ = write!(out, "\n\"{part}\"\n");
        if ranked.is_empty() {
            out.push_str("  no fact explains any of it\n");
        }
        for e in ranked {
            let _ = writeln!(
                out,
                "  {:<24} {:>5.2}  {}  explains {:>3.0}%",
                scenario.facts[e.fact].id,
                e.score,
                if e.intent { "asked" } else { "named" },
                e.coverage * 100.0
            );
        }
    }
    out
}

/// The message, from the argument or from standard input for `-`, made safe to print.
fn message(arg: &str) -> anyhow::Result<String> {
    let text = if arg == "-" {
        dei::textfile::read_limited(std::io::stdin().lock(), MAX_MESSAGE_BYTES).map_err(
            |err| match err {
                dei::textfile::ReadError::TooLarge { limit } => anyhow!(
                    "the message on standard input is over {} KB; say one thing at a time",
                    limit / 1024
                ),
                dei::textfile::ReadError::NotUtf8 { line, byte } => anyhow!(
                    "the message on standard input is not valid UTF-8 (first bad byte on line {line}, byte {byte})"
                ),
                other => anyhow!("cannot read the message on standard input: {other}"),
            },
        )?
    } else {
        arg.to_owned()
    };
    if dei::text::is_blank(&text) {
        bail!("the message is empty; say what you would ask or answer");
    }
    Ok(dei::text::printable(&text).into_owned())
}
