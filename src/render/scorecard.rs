//! The scorecard as a [`Doc`]: printed by `dei score` (ANSI), shown on the practice screen
//! (ratatui), both from the one document.

use std::fmt::Write as _;

use super::doc::{Doc, Line, Marks, Role, Span};
use crate::score::{Band, ItemResult, Scorecard};

/// Longest quote shown before it is shortened.
const QUOTE_MAX: usize = 220;

/// Renders `card` for a terminal `width` columns wide, with ANSI styles.
#[must_use]
pub fn scorecard(card: &Scorecard, width: usize) -> String {
    scorecard_doc(card, width).ansi()
}

/// The scorecard of `card` laid out for `width` columns.
#[must_use]
pub fn scorecard_doc(card: &Scorecard, width: usize) -> Doc {
    let mut out = Doc::new();
    header(&mut out, card, width);
    moves(&mut out, card, width);
    signals(&mut out, card, width);
    red_flags(&mut out, card, width);
    claims(&mut out, card, width);
    simulations(&mut out, card, width);
    out
}

/// A blank line, then `title` as a heading.
fn section(out: &mut Doc, title: &str) {
    out.blank();
    out.push(Line::of(Role::Heading, title));
}

fn plain(text: impl Into<String>) -> Span {
    Span::plain(text)
}

fn span(role: Role, text: impl Into<String>) -> Span {
    Span::new(role, text)
}

fn simulations(out: &mut Doc, card: &Scorecard, width: usize) {
    use crate::score::design::SimVerdict;
    if card.simulations.is_empty() && card.simulations_not_run.is_empty() {
        return;
    }
    section(out, "Simulation");
    let text_width = width.saturating_sub(INDENT.len()).max(30);
    for sim in &card.simulations {
        let mark = match sim.verdict {
            SimVerdict::Holds => span(Role::Good, "✓"),
            SimVerdict::Breaks => span(Role::Bad, "✗"),
        };
        out.push(Line::new(vec![
            plain("  "),
            mark,
            plain(" "),
            span(Role::Code, sim.kind),
        ]));
        out.wrapped(&sim.summary, INDENT, text_width, Role::Plain);
        if let Some(quote) = &sim.evidence {
            out.wrapped(
                &format!("“{}”", shorten(quote, QUOTE_MAX)),
                INDENT,
                text_width,
                Role::Emphasis,
            );
        }
    }
    for skipped in &card.simulations_not_run {
        out.push(Line::new(vec![
            plain("  "),
            span(Role::Dim, "-"),
            plain(" "),
            span(Role::Code, format!("{}: not run", skipped.kind)),
        ]));
        out.wrapped(&skipped.note, INDENT, text_width, Role::Dim);
    }
}

fn claims(out: &mut Doc, card: &Scorecard, width: usize) {
    use crate::score::claims::ClaimVerdict;
    if card.claims.is_empty() {
        return;
    }
    section(out, "Numbers");
    let text_width = width.saturating_sub(INDENT.len()).max(30);
    // The same number with the same verdict (the scratchpad, then a sentence) is listed
    // once, with how often it was said.
    let same = |a: &crate::score::claims::Claim, b: &crate::score::claims::Claim| {
        a.text == b.text && a.verdict == b.verdict && a.expected == b.expected
    };
    for (i, claim) in card.claims.iter().enumerate() {
        if card.claims[..i].iter().any(|c| same(c, claim)) {
            continue;
        }
        let times = card.claims.iter().filter(|c| same(c, claim)).count();
        let (mark, verdict) = match claim.verdict {
            ClaimVerdict::Ok => (span(Role::Good, "✓"), String::new()),
            ClaimVerdict::Off => (
                span(Role::Bad, "✗"),
                format!("  {}x off", crate::calc::format::number(claim.factor)),
            ),
            ClaimVerdict::Unchecked => (span(Role::Dim, "?"), String::new()),
        };
        let mut given = if claim.given { "  (given)" } else { "" }.to_owned();
        if times > 1 {
            let _ = write!(given, "  ×{times}");
        }
        out.push(Line::new(vec![
            plain("  "),
            mark,
            plain(format!(" “{}”", claim.text)),
            span(Role::Bad, verdict),
            span(Role::Dim, given),
        ]));
        if claim.verdict == ClaimVerdict::Off {
            let why = if claim.reference == crate::score::claims::WORKED {
                format!("→ the numbers it is worked from give {}", claim.expected)
            } else {
                format!(
                    "→ the scenario's figure is {} ({})",
                    claim.expected, claim.reference
                )
            };
            out.wrapped(&why, INDENT, text_width, Role::Dim);
        }
        if claim.verdict == ClaimVerdict::Unchecked {
            out.wrapped(
                "→ unchecked: the scenario sizes nothing this sentence is about",
                INDENT,
                text_width,
                Role::Dim,
            );
        }
    }
}

/// Indent of the lines under each rubric item.
const INDENT: &str = "      ";

fn header(out: &mut Doc, card: &Scorecard, width: usize) {
    let band = match card.band {
        Band::Strong => Role::Good,
        Band::Mixed => Role::Warn,
        Band::Weak => Role::Bad,
    };
    out.push(Line::new(vec![
        span(Role::Heading, card.scenario.clone()),
        plain("  "),
        span(Role::Strong, format!("{}/100", card.score)),
        plain("  "),
        span(band, card.band.name()).marked(Marks::BOLD),
    ]));
    let how = if card.headed {
        "moves taken from its headings and its content"
    } else {
        "no move headings, so the moves were recognised from what it says"
    };
    out.push(Line::of(
        Role::Dim,
        format!(
            "{} word{}; {how}",
            card.words,
            if card.words == 1 { "" } else { "s" }
        ),
    ));
    let mut sum = format!(
        "{} point{} from the moves",
        card.moves_total,
        if card.moves_total == 1 { "" } else { "s" }
    );
    if card.penalty_total > 0 {
        let _ = write!(sum, ", -{} for red flags", card.penalty_total);
    }
    if card.capped {
        let _ = write!(
            sum,
            "; held at {} because a move is missing (a strong answer makes all five)",
            card.score
        );
    }
    out.push(Line::of(Role::Dim, sum));
    if let Some(note) = card.relevance_note() {
        out.wrapped(&note, "", width, Role::Warn);
    }
}

/// The `--explain` section: per rubric item, each sentence it considered, whether it counted
/// and why.
#[must_use]
pub fn explanation(card: &Scorecard, answer: &str, width: usize) -> String {
    explanation_doc(card, answer, width).ansi()
}

/// The `--explain` section as a document.
#[must_use]
pub fn explanation_doc(card: &Scorecard, answer: &str, width: usize) -> Doc {
    let mut out = Doc::new();
    section(&mut out, "Why each item came out so");
    for item in card.signals.iter().chain(&card.red_flags) {
        let Some(considered) = &item.considered else {
            continue;
        };
        let verdict = if item.hit { "hit" } else { "not hit" };
        out.push(Line::new(vec![
            plain("  "),
            span(Role::Strong, item.id.clone()),
            plain(format!(" ({verdict})")),
        ]));
        if considered.is_empty() {
            let note = match (&item.evidence, item.evidence_kind) {
                (Some(note), Some(crate::score::EvidenceKind::Note)) => note.as_str(),
                _ => "no sentence names it",
            };
            out.push(Line::new(vec![plain("    "), span(Role::Dim, note)]));
        }
        for c in considered {
            let quote = answer.get(c.span[0]..c.span[1]).unwrap_or_default();
            let quote = shorten(&quote.split_whitespace().collect::<Vec<_>>().join(" "), 70);
            let mark = if c.counted { "✓" } else { "·" };
            out.wrapped(
                &format!("{mark} \u{201c}{quote}\u{201d}: {}", c.why),
                "    ",
                width,
                if c.counted { Role::Good } else { Role::Dim },
            );
        }
    }
    out
}

/// Columns the move name, bar and points take before a move's reason.
const MOVE_LINE: usize = 2 + 10 + 1 + 20 + 6;

fn moves(out: &mut Doc, card: &Scorecard, width: usize) {
    section(out, "Moves");
    for stage in &card.stages {
        let filled = (stage.score * 20)
            .checked_div(stage.max)
            .unwrap_or(0)
            .min(20) as usize;
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled));
        // Why the move lost points; a move with no content says that first.
        let note = if stage.present {
            stage.lost.clone().unwrap_or_default()
        } else {
            "not found in the answer".to_owned()
        };
        let fits = MOVE_LINE + 2 + note.chars().count() <= width;
        let mut line = Line::new(vec![
            plain(format!("  {:<10} ", stage.stage.title())),
            span(if stage.present { Role::Good } else { Role::Dim }, bar),
            plain(format!(" {:>2}/{:<2}", stage.score, stage.max)),
        ]);
        if note.is_empty() {
            out.push(line);
        } else if fits {
            line.spans.push(plain("  "));
            line.spans.push(span(Role::Dim, note));
            out.push(line);
        } else {
            out.push(line);
            let indent = " ".repeat(13);
            out.wrapped(&note, &indent, width.saturating_sub(13).max(20), Role::Dim);
        }
    }
}

fn signals(out: &mut Doc, card: &Scorecard, width: usize) {
    let text_width = width.saturating_sub(INDENT.len()).max(30);
    section(out, "Strong signals");
    for s in &card.signals {
        let mark = if s.hit {
            span(Role::Good, "✓")
        } else {
            span(Role::Bad, "✗")
        };
        // "  ✓ id  title" on one line: a title too long for it ends in an ellipsis.
        let room = width.saturating_sub(6 + s.id.chars().count());
        out.push(Line::new(vec![
            plain("  "),
            mark,
            plain(" "),
            span(Role::Code, s.id.clone()),
            plain(format!("  {}", fit(&s.title, room))),
        ]));
        if s.hit {
            evidence(out, s, INDENT, text_width);
        } else {
            out.wrapped(&format!("→ {}", s.advice), INDENT, text_width, Role::Dim);
        }
    }
}

fn red_flags(out: &mut Doc, card: &Scorecard, width: usize) {
    let text_width = width.saturating_sub(INDENT.len()).max(30);
    section(out, "Red flags");
    let fired: Vec<&ItemResult> = card.raised_flags().collect();
    if fired.is_empty() {
        out.push(Line::new(vec![
            plain("  "),
            span(Role::Good, "none raised"),
        ]));
    }
    for f in &fired {
        let penalty = f
            .points_taken()
            .map(|p| format!("  (-{p})"))
            .unwrap_or_default();
        let room = width.saturating_sub(6 + f.id.chars().count() + penalty.chars().count());
        out.push(Line::new(vec![
            plain("  "),
            span(Role::Bad, "!"),
            plain(" "),
            span(Role::Code, f.id.clone()),
            plain(format!("  {}", fit(&f.title, room))),
            span(Role::Dim, penalty),
        ]));
        evidence(out, f, INDENT, text_width);
        out.wrapped(&format!("→ {}", f.advice), INDENT, text_width, Role::Dim);
    }
    let clear: Vec<&str> = card
        .red_flags
        .iter()
        .filter(|f| !f.hit)
        .map(|f| f.id.as_str())
        .collect();
    if !clear.is_empty() {
        out.wrapped(
            &format!("clear: {}", clear.join(", ")),
            "  ",
            width.saturating_sub(2).max(30),
            Role::Dim,
        );
    }
}

fn evidence(out: &mut Doc, item: &ItemResult, indent: &str, width: usize) {
    let Some(text) = &item.evidence else { return };
    let shown = match item.evidence_kind {
        Some(crate::score::EvidenceKind::Note) => format!("({text})"),
        _ => format!("“{}”", shorten(text, QUOTE_MAX)),
    };
    out.wrapped(&shown, indent, width, Role::Emphasis);
}

/// `text` in at most `room` columns: whole, or cut at a word and ended with an ellipsis.
fn fit(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_owned();
    }
    let keep = room.saturating_sub(1);
    let cut: String = text.chars().take(keep).collect();
    // Cut at a word: where the cut already falls between words, or at the last space.
    let whole = text.chars().nth(keep) == Some(' ');
    let cut = match cut.rsplit_once(' ') {
        Some((head, _)) if !whole => head,
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::{fit, shorten};

    #[test]
    fn shortens_on_a_word_boundary() {
        assert_eq!(shorten("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(shorten("short", 12), "short");
    }

    #[test]
    fn a_title_too_long_for_its_line_ends_in_an_ellipsis() {
        assert_eq!(
            fit("Names the trade-off behind each choice", 40),
            "Names the trade-off behind each choice"
        );
        assert_eq!(
            fit("Names the trade-off behind each choice", 20),
            "Names the trade-off…"
        );
        assert!(
            fit("Names the trade-off behind each choice", 20)
                .chars()
                .count()
                <= 20
        );
    }
}
