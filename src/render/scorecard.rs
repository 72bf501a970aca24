//! The text scorecard printed by `dei score`.

use std::fmt::Write as _;

use super::{paint, styles};
use crate::score::{Band, ItemResult, Scorecard};

/// Longest quote shown before it is shortened.
const QUOTE_MAX: usize = 220;

/// Renders `card` for a terminal `width` columns wide.
#[must_use]
pub fn scorecard(card: &Scorecard, width: usize) -> String {
    let mut out = String::new();
    header(&mut out, card, width);
    moves(&mut out, card, width);
    signals(&mut out, card, width);
    red_flags(&mut out, card, width);
    claims(&mut out, card, width);
    simulations(&mut out, card, width);
    out
}

fn simulations(out: &mut String, card: &Scorecard, width: usize) {
    use crate::score::design::SimVerdict;
    if card.simulations.is_empty() && card.simulations_not_run.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", paint(styles::HEADING, "Simulation"));
    let text_width = width.saturating_sub(INDENT.len()).max(30);
    for sim in &card.simulations {
        let mark = match sim.verdict {
            SimVerdict::Holds => paint(styles::GOOD, "✓"),
            SimVerdict::Breaks => paint(styles::BAD, "✗"),
        };
        let _ = writeln!(out, "  {mark} {}", paint(styles::CODE, sim.kind));
        wrapped(out, &sim.summary, INDENT, text_width, anstyle::Style::new());
        if let Some(quote) = &sim.evidence {
            wrapped(
                out,
                &format!("“{}”", shorten(quote, QUOTE_MAX)),
                INDENT,
                text_width,
                styles::EMPHASIS,
            );
        }
    }
    for skipped in &card.simulations_not_run {
        let _ = writeln!(
            out,
            "  {} {}",
            paint(styles::DIM, "-"),
            paint(styles::CODE, &format!("{}: not run", skipped.kind))
        );
        wrapped(out, &skipped.note, INDENT, text_width, styles::DIM);
    }
}

fn claims(out: &mut String, card: &Scorecard, width: usize) {
    use crate::score::claims::ClaimVerdict;
    if card.claims.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", paint(styles::HEADING, "Numbers"));
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
            ClaimVerdict::Ok => (paint(styles::GOOD, "✓"), String::new()),
            ClaimVerdict::Off => (
                paint(styles::BAD, "✗"),
                format!("  {}x off", crate::calc::format::number(claim.factor)),
            ),
            ClaimVerdict::Unchecked => (paint(styles::DIM, "?"), String::new()),
        };
        let mut given = if claim.given { "  (given)" } else { "" }.to_owned();
        if times > 1 {
            let _ = write!(given, "  ×{times}");
        }
        let _ = writeln!(
            out,
            "  {mark} “{}”{}{}",
            claim.text,
            paint(styles::BAD, &verdict),
            paint(styles::DIM, &given)
        );
        if claim.verdict == ClaimVerdict::Off {
            let why = if claim.reference == crate::score::claims::WORKED {
                format!("→ the numbers it is worked from give {}", claim.expected)
            } else {
                format!(
                    "→ the scenario's figure is {} ({})",
                    claim.expected, claim.reference
                )
            };
            wrapped(out, &why, INDENT, text_width, styles::DIM);
        }
        if claim.verdict == ClaimVerdict::Unchecked {
            wrapped(
                out,
                "→ unchecked: the scenario sizes nothing this sentence is about",
                INDENT,
                text_width,
                styles::DIM,
            );
        }
    }
}

/// Indent of the lines under each rubric item.
const INDENT: &str = "      ";

fn header(out: &mut String, card: &Scorecard, width: usize) {
    let band_style = match card.band {
        Band::Strong => styles::GOOD,
        Band::Mixed => styles::WARN,
        Band::Weak => styles::BAD,
    };
    let _ = writeln!(
        out,
        "{}  {}  {}",
        paint(styles::HEADING, &card.scenario),
        paint(styles::STRONG, &format!("{}/100", card.score)),
        paint(band_style.bold(), card.band.name()),
    );
    let how = if card.headed {
        "moves taken from its headings and its content"
    } else {
        "no move headings, so the moves were recognised from what it says"
    };
    let _ = writeln!(
        out,
        "{}",
        paint(
            styles::DIM,
            &format!(
                "{} word{}; {how}",
                card.words,
                if card.words == 1 { "" } else { "s" }
            )
        )
    );
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
    let _ = writeln!(out, "{}", paint(styles::DIM, &sum));
    if let Some(note) = card.relevance_note() {
        wrapped(out, &note, "", width, styles::WARN);
    }
}

/// The `--explain` section: per rubric item, each sentence it considered, whether it counted
/// and why.
#[must_use]
pub fn explanation(card: &Scorecard, answer: &str, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}",
        paint(styles::HEADING, "Why each item came out so")
    );
    for item in card.signals.iter().chain(&card.red_flags) {
        let Some(considered) = &item.considered else {
            continue;
        };
        let verdict = if item.hit { "hit" } else { "not hit" };
        let _ = writeln!(out, "  {} ({verdict})", paint(styles::STRONG, &item.id));
        if considered.is_empty() {
            let note = match (&item.evidence, item.evidence_kind) {
                (Some(note), Some(crate::score::EvidenceKind::Note)) => note.as_str(),
                _ => "no sentence names it",
            };
            let _ = writeln!(out, "    {}", paint(styles::DIM, note));
        }
        for c in considered {
            let quote = answer.get(c.span[0]..c.span[1]).unwrap_or_default();
            let quote = shorten(&quote.split_whitespace().collect::<Vec<_>>().join(" "), 70);
            let mark = if c.counted { "✓" } else { "·" };
            wrapped(
                &mut out,
                &format!("{mark} \u{201c}{quote}\u{201d}: {}", c.why),
                "    ",
                width,
                if c.counted { styles::GOOD } else { styles::DIM },
            );
        }
    }
    out
}

/// Columns the move name, bar and points take before a move's reason.
const MOVE_LINE: usize = 2 + 10 + 1 + 20 + 6;

fn moves(out: &mut String, card: &Scorecard, width: usize) {
    let _ = writeln!(out, "\n{}", paint(styles::HEADING, "Moves"));
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
        let _ = write!(
            out,
            "  {:<10} {} {:>2}/{:<2}",
            stage.stage.title(),
            paint(
                if stage.present {
                    styles::GOOD
                } else {
                    styles::DIM
                },
                &bar
            ),
            stage.score,
            stage.max,
        );
        if note.is_empty() {
            out.push('\n');
        } else if fits {
            let _ = writeln!(out, "  {}", paint(styles::DIM, &note));
        } else {
            out.push('\n');
            let indent = " ".repeat(13);
            wrapped(
                out,
                &note,
                &indent,
                width.saturating_sub(13).max(20),
                styles::DIM,
            );
        }
    }
}

fn signals(out: &mut String, card: &Scorecard, width: usize) {
    let text_width = width.saturating_sub(INDENT.len()).max(30);
    let _ = writeln!(out, "\n{}", paint(styles::HEADING, "Strong signals"));
    for s in &card.signals {
        let mark = if s.hit {
            paint(styles::GOOD, "✓")
        } else {
            paint(styles::BAD, "✗")
        };
        // "  ✓ id  title" on one line: a title too long for it ends in an ellipsis.
        let room = width.saturating_sub(6 + s.id.chars().count());
        let _ = writeln!(
            out,
            "  {mark} {}  {}",
            paint(styles::CODE, &s.id),
            fit(&s.title, room)
        );
        if s.hit {
            evidence(out, s, INDENT, text_width);
        } else {
            wrapped(
                out,
                &format!("→ {}", s.advice),
                INDENT,
                text_width,
                styles::DIM,
            );
        }
    }
}

fn red_flags(out: &mut String, card: &Scorecard, width: usize) {
    let text_width = width.saturating_sub(INDENT.len()).max(30);
    let _ = writeln!(out, "\n{}", paint(styles::HEADING, "Red flags"));
    let fired: Vec<&ItemResult> = card.raised_flags().collect();
    if fired.is_empty() {
        let _ = writeln!(out, "  {}", paint(styles::GOOD, "none raised"));
    }
    for f in &fired {
        let penalty = f
            .points_taken()
            .map(|p| format!("  (-{p})"))
            .unwrap_or_default();
        let room = width.saturating_sub(6 + f.id.chars().count() + penalty.chars().count());
        let _ = writeln!(
            out,
            "  {} {}  {}{}",
            paint(styles::BAD, "!"),
            paint(styles::CODE, &f.id),
            fit(&f.title, room),
            paint(styles::DIM, &penalty)
        );
        evidence(out, f, INDENT, text_width);
        wrapped(
            out,
            &format!("→ {}", f.advice),
            INDENT,
            text_width,
            styles::DIM,
        );
    }
    let clear: Vec<&str> = card
        .red_flags
        .iter()
        .filter(|f| !f.hit)
        .map(|f| f.id.as_str())
        .collect();
    if !clear.is_empty() {
        wrapped(
            out,
            &format!("clear: {}", clear.join(", ")),
            "  ",
            width.saturating_sub(2).max(30),
            styles::DIM,
        );
    }
}

fn evidence(out: &mut String, item: &ItemResult, indent: &str, width: usize) {
    let Some(text) = &item.evidence else { return };
    let shown = match item.evidence_kind {
        Some(crate::score::EvidenceKind::Note) => format!("({text})"),
        _ => format!("“{}”", shorten(text, QUOTE_MAX)),
    };
    wrapped(out, &shown, indent, width, styles::EMPHASIS);
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

pub(super) fn wrapped(
    out: &mut String,
    text: &str,
    indent: &str,
    width: usize,
    style: anstyle::Style,
) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}{}", paint(style, &line));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{}", paint(style, &line));
    }
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
