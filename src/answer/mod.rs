//! Reading a candidate's Markdown answer into sentences, each with its byte span in the file,
//! its words, and the move its section names (when the answer uses headings).
//!
//! Headings name moves in many ways ("Clarifying questions", "Back of the envelope", "Risks"),
//! and so do labels at the start of a line ("**Size:** 50k/s ...", "Deep-dive - ..."): both
//! mark the move of what follows. An answer without either is analysed as a whole, its moves
//! recognised from what its sentences say. In a transcript, the interviewer's turns
//! ("Interviewer: ...", "Q: ...") are not the candidate's answer and are left out.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::scenario::Stage;
use crate::text::{Token, tokenize};

/// What kind of Markdown block a sentence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// A list item.
    ListItem,
    /// A table row.
    TableRow,
    /// A line of a code block.
    Code,
}

/// One sentence (or list item, table row, code line) of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the answer file.
    pub span: Range<usize>,
    /// Its words, with spans into the answer file.
    pub tokens: Vec<Token>,
    /// The move named by the heading above it, if any.
    pub stage: Option<Stage>,
    /// The block it came from.
    pub kind: BlockKind,
    /// The sentence ends with a question mark.
    pub question_mark: bool,
    /// Index of the block (paragraph, list item, row) it belongs to, counting from 0.
    pub block: usize,
    /// Index into [`Answer::headings`] of the nearest heading above it.
    pub heading: Option<usize>,
}

/// A parsed answer.
#[derive(Debug, Clone)]
pub struct Answer<'a> {
    /// The answer as written.
    pub source: &'a str,
    /// Its sentences in order; headings are not sentences.
    pub sentences: Vec<Sentence>,
    /// Moves named by headings or line labels, in the order they appear.
    pub headed_stages: Vec<Stage>,
    /// Every heading's words, in order.
    pub headings: Vec<Vec<Token>>,
}

impl<'a> Answer<'a> {
    /// Parses Markdown `source`.
    #[must_use]
    pub fn parse(source: &'a str) -> Self {
        let mut builder = Builder::default();
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
            builder.event(source, event, range);
        }
        builder.flush();
        Answer {
            source,
            sentences: builder.sentences,
            headed_stages: builder.headed_stages,
            headings: builder.headings,
        }
    }

    /// The text of `sentence` as written, with runs of whitespace collapsed: the evidence
    /// quoted back to the candidate.
    #[must_use]
    pub fn quote(&self, sentence: &Sentence) -> String {
        let raw = self.source.get(sentence.span.clone()).unwrap_or_default();
        // Emphasis markers split by a sentence boundary would be left dangling.
        let raw = raw.trim_matches(|c| c == '*' || c == '_').trim();
        let mut out = String::with_capacity(raw.len());
        for word in raw.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    }

    /// Number of words in the answer.
    #[must_use]
    pub fn word_count(&self) -> usize {
        self.sentences.iter().map(|s| s.tokens.len()).sum()
    }
}

/// A piece of block text and where it sits in the source.
#[derive(Debug, Clone)]
struct Piece {
    text_start: usize,
    source_start: usize,
    len: usize,
    /// Where the piece's source ends (after closing backticks, entities, ...).
    source_end: usize,
    /// False when the source bytes differ from the text (entities, escapes, code spans):
    /// offsets inside map to the piece's start, or its end for the end of a range.
    exact: bool,
}

#[derive(Default)]
struct Builder {
    text: String,
    pieces: Vec<Piece>,
    kind: Option<BlockKind>,
    in_heading: bool,
    heading_text: String,
    /// The move named by the last stage heading, and that heading's level.
    current_stage: Option<(Stage, usize)>,
    headed_stages: Vec<Stage>,
    sentences: Vec<Sentence>,
    blocks: usize,
    headings: Vec<Vec<Token>>,
    /// Inside an interviewer's turn of a transcript: its sentences are not the answer's.
    interviewer_turn: bool,
}

/// The heading level given to a move named by a line label: deeper than any heading, so the
/// next heading of any level ends it.
const LABEL_LEVEL: usize = 7;

/// Marks a soft line break in block text. It reads as a space, except that a line starting
/// with a label ("**Size:**", "Interviewer:") begins a new sentence.
const SOFT_BREAK: char = '\u{2028}';

impl Builder {
    fn event(&mut self, source: &str, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.flush();
                self.in_heading = true;
                self.heading_text.clear();
            }
            Event::End(TagEnd::Heading(level)) => {
                self.in_heading = false;
                self.interviewer_turn = false;
                self.headings.push(tokenize(&self.heading_text));
                let level = level as usize;
                if let Some(stage) = stage_of_heading(&self.heading_text) {
                    self.current_stage = Some((stage, level));
                    self.headed_stages.push(stage);
                } else if self.current_stage.is_some_and(|(_, at)| level <= at) {
                    // "## Partitioning" after "## Sizing" leaves the sizing section; a
                    // "### 1. Crashed consumer" under "## Deep dives" stays in it.
                    self.current_stage = None;
                }
            }
            Event::Start(Tag::Paragraph) => {
                self.flush();
                self.kind.get_or_insert(BlockKind::Paragraph);
            }
            Event::Start(Tag::Item) => {
                self.flush();
                self.kind = Some(BlockKind::ListItem);
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => {
                self.flush();
                self.kind = Some(BlockKind::TableRow);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.kind = Some(BlockKind::Code);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::BlockQuote(_),
            ) => {
                self.flush();
                self.kind = None;
            }
            // Text inside HTML still says something; the tags do not.
            Event::Html(html) | Event::InlineHtml(html) if !self.in_heading => {
                let text = strip_tags(&html);
                if !text.trim().is_empty() {
                    self.push(source, &text, &range);
                }
            }
            Event::End(TagEnd::TableCell) => self.push_synthetic(" | "),
            Event::Text(text) | Event::Code(text) => {
                if self.in_heading {
                    self.heading_text.push_str(&text);
                } else {
                    self.push(source, &text, &range);
                }
            }
            Event::SoftBreak => {
                if self.kind == Some(BlockKind::Code) {
                    self.push_synthetic("\n");
                } else {
                    self.push_synthetic(SOFT_BREAK.encode_utf8(&mut [0; 4]));
                }
            }
            Event::HardBreak => self.push_synthetic("\n"),
            _ => {}
        }
    }

    fn push(&mut self, source: &str, text: &str, range: &Range<usize>) {
        let exact = source.get(range.clone()) == Some(text);
        self.pieces.push(Piece {
            text_start: self.text.len(),
            source_start: range.start,
            len: text.len(),
            source_end: range.end,
            exact,
        });
        self.text.push_str(text);
    }

    fn push_synthetic(&mut self, text: &str) {
        if self.in_heading {
            self.heading_text.push(' ');
            return;
        }
        let source_start = self
            .pieces
            .last()
            .map_or(0, |p| p.source_start + if p.exact { p.len } else { 0 });
        self.pieces.push(Piece {
            text_start: self.text.len(),
            source_start,
            len: text.len(),
            source_end: source_start,
            exact: false,
        });
        self.text.push_str(text);
    }

    /// Maps the end of a range in the block text back to the answer file: through the piece
    /// holding the range's last byte, so a sentence ending in `code` keeps its code.
    fn to_source_end(&self, offset: usize) -> usize {
        let Some(last) = offset.checked_sub(1) else {
            return self.to_source(offset);
        };
        let index = self
            .pieces
            .partition_point(|p| p.text_start <= last)
            .saturating_sub(1);
        match self.pieces.get(index) {
            Some(p) if p.exact => p.source_start + (offset - p.text_start).min(p.len),
            Some(p) => p.source_end,
            None => 0,
        }
    }

    /// Maps a byte offset of the block text back to the answer file.
    fn to_source(&self, offset: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|p| p.text_start <= offset)
            .saturating_sub(1);
        match self.pieces.get(index) {
            Some(p) if p.exact => p.source_start + (offset - p.text_start).min(p.len),
            Some(p) => p.source_start,
            None => 0,
        }
    }

    fn flush(&mut self) {
        if self.text.trim().is_empty() {
            // Nothing to emit; the block kind carries over (a loose list item's paragraph is
            // still a list item).
            self.text.clear();
            self.pieces.clear();
            return;
        }
        let kind = self.kind.take().unwrap_or(BlockKind::Paragraph);
        let text = std::mem::take(&mut self.text);
        for range in split_sentences(&text) {
            let sentence_text = &text[range.clone()];
            if let Some(label) = lead_label(sentence_text) {
                self.read_label(label);
            }
            if self.interviewer_turn {
                continue;
            }
            let mut tokens = tokenize(sentence_text);
            if tokens.is_empty() {
                continue;
            }
            for token in &mut tokens {
                let start = self.to_source(range.start + token.span.start);
                let end = self.to_source_end(range.start + token.span.end).max(start);
                token.span = start..end;
            }
            let start = self.to_source(range.start);
            let end = self.to_source_end(range.end).max(start);
            self.sentences.push(Sentence {
                span: start..end,
                tokens,
                stage: self.current_stage.map(|(stage, _)| stage),
                kind,
                question_mark: sentence_text.trim_end().ends_with('?'),
                block: self.blocks,
                heading: self.headings.len().checked_sub(1),
            });
        }
        self.blocks += 1;
        self.pieces.clear();
        // An interviewer's turn ends with its block: the candidate's reply often has no label.
        self.interviewer_turn = false;
    }
}

impl Builder {
    /// A label at the start of a sentence names a move, or a speaker of a transcript.
    fn read_label(&mut self, label: &str) {
        match speaker_of(label) {
            Some(Speaker::Interviewer) => {
                self.interviewer_turn = true;
                return;
            }
            Some(Speaker::Candidate) => {
                self.interviewer_turn = false;
                return;
            }
            None => {}
        }
        if let Some(stage) = stage_of_heading(label) {
            // A label inside a headed move ("## Deep dive" then "**Skew:** ...") refines it;
            // a label naming a move starts that move.
            if self.headed_stages.last() != Some(&stage) {
                self.headed_stages.push(stage);
            }
            self.current_stage = Some((stage, LABEL_LEVEL));
        }
    }
}

/// Who speaks a turn of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speaker {
    Interviewer,
    Candidate,
}

fn speaker_of(label: &str) -> Option<Speaker> {
    let words: Vec<String> = tokenize(label).into_iter().map(|t| t.text).collect();
    match words.first().map(String::as_str) {
        Some("interviewer" | "q" | "int") if words.len() <= 3 => Some(Speaker::Interviewer),
        Some("candidate" | "me" | "a" | "answer" | "you") if words.len() <= 3 => {
            Some(Speaker::Candidate)
        }
        _ => None,
    }
}

/// Words that make the text before a colon a clause, not a label: "The design is simple:",
/// "Sizing matters here:".
const CLAUSE_WORDS: [&str; 16] = [
    "is", "are", "was", "were", "be", "we", "i", "it", "this", "that", "you", "they", "matters",
    "has", "have", "will",
];

/// Most words a line label has ("Back of the envelope:").
const LABEL_WORDS: usize = 4;

/// The label a sentence starts with: the words before a colon or a spaced dash ("**Size:**
/// ...", "Deep-dive - ...", "Interviewer: ..."), or a whole short sentence ending in a period
/// or colon ("**Risks.**"). Emphasis markers are already gone from block text.
fn lead_label(sentence: &str) -> Option<&str> {
    let text = sentence.trim_start_matches(|c: char| c.is_whitespace() || c == SOFT_BREAK);
    let separated = label_separator(text);
    // "**Risks.**" is a label; "Design for the peak." is a sentence.
    let (cut, most) = match separated {
        Some(cut) => (cut, LABEL_WORDS),
        None => (text.strip_suffix('.').map(str::len)?, 2),
    };
    let label = text[..cut].trim();
    let words = label.split_whitespace().count();
    if !(1..=most).contains(&words) {
        return None;
    }
    let plain = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')' | '&' | '/'));
    let clause = label
        .split_whitespace()
        .any(|w| CLAUSE_WORDS.contains(&w.to_lowercase().as_str()));
    if clause {
        return None;
    }
    (plain && label.chars().next()?.is_alphabetic()).then_some(label)
}

/// Where a label ends: the first `:`, or the space before the first dash with a space on
/// each side (`Risks — ...`, `Risks - ...`; not the hyphen of `at-least-once`).
fn label_separator(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.char_indices().find_map(|(i, c)| match c {
        ':' => Some(i),
        '—' | '–' | '-'
            if i > 0 && bytes[i - 1] == b' ' && bytes.get(i + c.len_utf8()) == Some(&b' ') =>
        {
            Some(i - 1)
        }
        _ => None,
    })
}

/// The text of an HTML fragment without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "approx", "ca", "cf", "incl", "esp",
];

/// Splits block text into sentence ranges (trimmed).
fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        let piece = &text[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(from + lead..from + lead + trimmed.len());
        }
    };
    for (i, c) in text.char_indices() {
        let ends = match c {
            // A newline is a hard break or a code line; a soft break ends a sentence only
            // before a line label.
            '\n' => true,
            SOFT_BREAK => {
                let rest = &text[i + c.len_utf8()..];
                lead_label(rest).is_some_and(|label| {
                    speaker_of(label).is_some() || stage_of_heading(label).is_some()
                })
            }
            '.' | '!' | '?' => {
                let next = text[i + 1..].chars().next();
                let at_boundary = next.is_none_or(char::is_whitespace);
                let word_before = text[..i]
                    .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                    .next()
                    .unwrap_or_default()
                    .to_lowercase();
                at_boundary && !ABBREVIATIONS.contains(&word_before.as_str())
            }
            _ => false,
        };
        if ends {
            push(start, i + c.len_utf8(), &mut out);
            start = i + c.len_utf8();
        }
    }
    push(start, text.len(), &mut out);
    out
}

/// The move a heading names, if it names one.
#[must_use]
pub fn stage_of_heading(heading: &str) -> Option<Stage> {
    let words: Vec<String> = tokenize(heading).into_iter().map(|t| t.text).collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    let starts = |p: &str| words.iter().any(|x| x.starts_with(p));
    // Checked most specific first: "Deep dive: trade-offs" is a deep-dive.
    if has("deep") || starts("dive") || starts("detail") || has("drill") {
        Some(Stage::DeepDive)
    } else if starts("clarif")
        || starts("ask")
        || starts("requirement")
        || starts("question")
        || starts("assum")
        || has("scope")
        || has("constraints")
    {
        Some(Stage::Clarify)
    } else if starts("siz")
        || starts("estimat")
        || starts("capacity")
        || has("envelope")
        || has("math")
        || has("numbers")
        || has("scale")
        || has("volumes")
    {
        Some(Stage::Size)
    } else if starts("sketch")
        || starts("architect")
        || has("design")
        || has("components")
        || has("pipeline")
        || has("overview")
        || (has("high") && has("level"))
        || has("approach")
        || has("solution")
    {
        Some(Stage::Sketch)
    } else if starts("defen")
        || has("trade")
        || starts("tradeoff")
        || starts("risk")
        || starts("break")
        || starts("fail")
        || starts("limit")
        || has("wrong")
        || starts("monitor")
        || has("caveats")
    {
        Some(Stage::Defend)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// One pass finds the label's end where searching for each separator would.
        #[test]
        fn the_label_separator_is_the_first_of_any(text in "[a: —–-]{0,24}") {
            let searched = [":", " — ", " – ", " - "]
                .iter()
                .filter_map(|sep| text.find(sep))
                .min();
            proptest::prop_assert_eq!(label_separator(&text), searched);
        }
    }

    #[test]
    fn headings_name_moves_in_many_ways() {
        let cases = [
            ("Clarify", Some(Stage::Clarify)),
            ("## clarifying questions", Some(Stage::Clarify)),
            ("What I asked first", Some(Stage::Clarify)),
            ("Sizing", Some(Stage::Size)),
            ("Estimates", Some(Stage::Size)),
            ("Back of the envelope", Some(Stage::Size)),
            ("Architecture", Some(Stage::Sketch)),
            ("High level design", Some(Stage::Sketch)),
            ("Deep dives", Some(Stage::DeepDive)),
            ("Deep-dive", Some(Stage::DeepDive)),
            ("Trade-offs", Some(Stage::Defend)),
            ("Risks", Some(Stage::Defend)),
            ("What could go wrong", Some(Stage::Defend)),
            ("Appendix", None),
        ];
        for (heading, stage) in cases {
            assert_eq!(stage_of_heading(heading), stage, "{heading}");
        }
    }

    #[test]
    fn splits_sentences_and_keeps_spans() {
        let src = "# Clarify\nHow fresh? I'll assume 2 min, e.g. for ops.\n\n## Size\n- 50k/s * 1 KB = 50 MB/s\n";
        let answer = Answer::parse(src);
        let quotes: Vec<String> = answer.sentences.iter().map(|s| answer.quote(s)).collect();
        assert_eq!(
            quotes,
            [
                "How fresh?",
                "I'll assume 2 min, e.g. for ops.",
                "50k/s * 1 KB = 50 MB/s"
            ]
        );
        assert_eq!(answer.sentences[0].stage, Some(Stage::Clarify));
        assert!(answer.sentences[0].question_mark);
        assert_eq!(answer.sentences[2].stage, Some(Stage::Size));
        assert_eq!(answer.sentences[2].kind, BlockKind::ListItem);
        assert_eq!(answer.headed_stages, [Stage::Clarify, Stage::Size]);
    }

    #[test]
    fn an_unnamed_heading_ends_a_move_unless_it_is_nested() {
        let src = "## Sizing\na\n### Peak\nb\n## Partitioning\nc\n";
        let answer = Answer::parse(src);
        let stages: Vec<Option<Stage>> = answer.sentences.iter().map(|s| s.stage).collect();
        assert_eq!(stages, [Some(Stage::Size), Some(Stage::Size), None]);
    }

    #[test]
    fn inline_markup_keeps_source_spans() {
        let src = "We **salt** the `seller_id` key.";
        let answer = Answer::parse(src);
        assert_eq!(answer.sentences.len(), 1);
        assert_eq!(answer.quote(&answer.sentences[0]), src);
    }

    #[test]
    fn quotes_keep_trailing_code_and_html_text() {
        let src = "We salt the `seller_id`";
        let answer = Answer::parse(src);
        assert_eq!(answer.quote(&answer.sentences[0]), src);
        let answer = Answer::parse("<div>\nWe use Kafka.\n</div>\n");
        assert_eq!(answer.sentences.len(), 1);
        assert!(answer.sentences[0].tokens.iter().any(|t| t.text == "kafka"));
    }

    #[test]
    fn loose_list_items_stay_list_items() {
        let answer = Answer::parse("- one item here\n\n- another item here\n");
        assert!(
            answer
                .sentences
                .iter()
                .all(|s| s.kind == BlockKind::ListItem)
        );
    }

    #[test]
    fn prose_without_headings_has_no_stage() {
        let answer = Answer::parse("First I would ask about freshness. Then size it.");
        assert_eq!(answer.sentences.len(), 2);
        assert!(answer.sentences.iter().all(|s| s.stage.is_none()));
        assert!(answer.headed_stages.is_empty());
    }

    #[test]
    fn line_labels_mark_moves_like_headings() {
        let src = "**Clarify:** freshness of a few minutes is fine.\n**Size:** 50k/s at 1 KB is 50 MB/s\nDeep-dive - salt the hot seller key.\n\nRisks. A sustained hot key.\n";
        let answer = Answer::parse(src);
        let stages: Vec<Option<Stage>> = answer.sentences.iter().map(|s| s.stage).collect();
        assert_eq!(
            stages,
            [
                Some(Stage::Clarify),
                Some(Stage::Size),
                Some(Stage::DeepDive),
                Some(Stage::Defend),
                Some(Stage::Defend)
            ]
        );
        assert_eq!(
            answer.headed_stages,
            [Stage::Clarify, Stage::Size, Stage::DeepDive, Stage::Defend]
        );
        let prose = Answer::parse(
            "Design for the peak. Sizing matters here: it sets the partitions. The design is simple: one log.",
        );
        assert!(prose.headed_stages.is_empty(), "{:?}", prose.headed_stages);
    }

    #[test]
    fn interviewer_turns_are_not_the_answer() {
        let src = "Interviewer: How fresh must it be?\nCandidate: A few minutes is fine, I assume.\n\n**Q:** What about a crash?\n\n**Me:** Offsets commit after the write.\n";
        let answer = Answer::parse(src);
        let quotes: Vec<String> = answer.sentences.iter().map(|s| answer.quote(s)).collect();
        assert_eq!(
            quotes,
            [
                "Candidate: A few minutes is fine, I assume.",
                "Me:** Offsets commit after the write."
            ]
        );
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        for src in [
            "",
            "\n\n",
            "#",
            "|a|b|\n|-|-|\n|1|2|",
            "```\ncode\n```",
            "é. ü? ñ!",
        ] {
            let _ = Answer::parse(src);
        }
    }
}
