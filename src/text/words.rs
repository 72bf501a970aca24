//! Words as meaning-bearers: which words of a text carry content, and their stems, so two
//! texts can be compared by what they say rather than by how they spell it ("committed" and
//! "commits" are one word here).

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::Token;

/// Words that carry no content of their own in a question or a reply: function words,
/// question words, auxiliaries and the filler of speech.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "actually",
    "after",
    "again",
    "ah",
    "all",
    "alright",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anything",
    "anyway",
    "are",
    "as",
    "at",
    "basically",
    "be",
    "been",
    "being",
    "bit",
    "both",
    "but",
    "by",
    "can",
    "cool",
    "could",
    "curious",
    "did",
    "do",
    "does",
    "doing",
    "each",
    "either",
    "else",
    "er",
    "even",
    "ever",
    "for",
    "from",
    "get",
    "gets",
    "go",
    "going",
    "gonna",
    "got",
    "guess",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "her",
    "here",
    "hey",
    "hi",
    "hmm",
    "honestly",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "kind",
    "kinda",
    "know",
    "like",
    "literally",
    "look",
    "lot",
    "many",
    "maybe",
    "me",
    "mean",
    "might",
    "mm",
    "more",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needs",
    "neither",
    "nor",
    "now",
    "of",
    "oh",
    "ok",
    "okay",
    "on",
    "one",
    "or",
    "other",
    "our",
    "out",
    "over",
    "perhaps",
    "please",
    "pretty",
    "probably",
    "quite",
    "really",
    "right",
    "said",
    "say",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "something",
    "sort",
    "sorta",
    "still",
    "such",
    "sure",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "to",
    "too",
    "uh",
    "um",
    "up",
    "us",
    "very",
    "wanna",
    "want",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "whats",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "wonder",
    "wondering",
    "would",
    "yeah",
    "yep",
    "yes",
    "you",
    "your",
    "yup",
];

/// True when `word` (lower case) carries no content of its own.
#[must_use]
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// The stem of `word` (lower case): "committed", "commits" and "committing" share one.
#[must_use]
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
        .into_owned()
}

/// The stems of the content words of `tokens`, each with the index of its token, in order.
/// Numbers are kept as written (`50,000` stays a word: it is content).
#[must_use]
pub fn content_stems(tokens: &[Token]) -> Vec<(usize, String)> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !is_stopword(&t.text) && (t.numeric || t.text.chars().count() > 1))
        .map(|(i, t)| {
            (
                i,
                if t.numeric {
                    t.text.clone()
                } else {
                    stem(&t.text)
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn the_stopword_list_is_sorted_so_it_can_be_searched() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]), "sort STOPWORDS");
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stem("committed"), stem("commits"));
        assert_eq!(stem("partitions"), stem("partition"));
        assert_eq!(stem("duplicates"), stem("duplicated"));
    }

    #[test]
    fn content_words_leave_out_function_words() {
        let tokens = tokenize("How fresh do the dashboards need to be?");
        let stems: Vec<String> = content_stems(&tokens).into_iter().map(|(_, s)| s).collect();
        assert_eq!(stems, ["fresh", "dashboard"]);
    }
}
