//! The TOML reader's messages in the words of a scenario file: where it gives no place (a
//! dotted key nested too deep) the place is found, and where it names serde's view of a value
//! ("invalid type: map" for a datetime) the value is named as the file writes it.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

/// How deep the TOML reader lets arrays, inline tables and dotted keys nest (its own limit,
/// which it does not export).
pub(super) const TOML_DEPTH_LIMIT: usize = 80;

/// What to say about one TOML error: the message, where, and how to fix it.
pub(super) struct Said {
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

/// The message for `err` found in `source`; `datetimes` are the spans of the datetime values
/// in the value being read, so that one where text was expected is named as a datetime.
pub(super) fn say(err: &toml::de::Error, source: &str, datetimes: &[Range<usize>]) -> Said {
    let message = err.message();
    let span = err.span();
    let too_deep = message == "recursion limit" || message.starts_with("cannot recurse further");
    if too_deep {
        return Said {
            message: format!(
                "nested more than {TOML_DEPTH_LIMIT} levels deep (arrays, inline tables or \
                 dotted key parts)"
            ),
            span: span.or_else(|| deep_dotted_key(source, TOML_DEPTH_LIMIT)),
            help: Some("a scenario needs a few levels at most; flatten this value".into()),
        };
    }
    let on_datetime = span.as_ref().is_some_and(|s| datetimes.contains(s));
    if let (true, Some(expected)) = (on_datetime, message.strip_prefix("invalid type: map, "))
        && let Some(span) = span
    {
        let written = source.get(span.clone()).unwrap_or_default();
        return Said {
            message: format!("{expected}, found a datetime"),
            help: Some(format!(
                "TOML reads an unquoted date or time as a datetime; write it in quotes \
                 (\"{written}\") if it is text"
            )),
            span: Some(span),
        };
    }
    Said {
        message: message.to_owned(),
        span,
        help: None,
    }
}

/// The spans of every datetime value in `value`, to recognise errors about them.
pub(super) fn datetime_spans(value: &Spanned<DeValue<'_>>) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    // A loop, not recursion: the reader has already bounded the depth, but this need not rely
    // on it.
    while let Some(value) = stack.pop() {
        match value.get_ref() {
            DeValue::Datetime(_) => found.push(value.span()),
            DeValue::Array(items) => stack.extend(items.iter()),
            DeValue::Table(table) => stack.extend(table.values()),
            _ => {}
        }
    }
    found
}

/// The first key of `source` made of at least `limit` dotted parts (`a.b.c ...`, in a
/// header, before `=` or in an inline table), as a byte range: the TOML reader refuses such a
/// key without saying where. Strings and comments are skipped so their dots do not count.
pub(super) fn deep_dotted_key(source: &str, limit: usize) -> Option<Range<usize>> {
    let bytes = source.as_bytes();
    // The dotted run being read: where it started and how many parts it has so far.
    let mut run: Option<(usize, usize)> = None;
    let mut after_dot = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let part_end = match b {
            b'#' => {
                i = line_end(bytes, i);
                run = None;
                continue;
            }
            b'"' | b'\'' if bytes[i..].starts_with(&[b, b, b]) => {
                // A multi-line string is never part of a key.
                i = triple_end(bytes, i + 3, b);
                run = None;
                continue;
            }
            b'"' | b'\'' => quoted_end(bytes, i, b),
            b'.' => {
                if run.is_some() && !after_dot {
                    after_dot = true;
                } else {
                    run = None;
                }
                i += 1;
                continue;
            }
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            _ if is_bare(b) => i + bytes[i..].iter().take_while(|c| is_bare(**c)).count(),
            _ => {
                run = None;
                after_dot = false;
                i += 1;
                continue;
            }
        };
        run = match run {
            Some((start, parts)) if after_dot => Some((start, parts + 1)),
            _ => Some((i, 1)),
        };
        after_dot = false;
        if let Some((start, parts)) = run
            && parts >= limit
        {
            return Some(start..part_end);
        }
        i = part_end;
    }
    None
}

fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Where the line holding byte `i` ends (its `\n`, or the end).
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|c| *c == b'\n')
        .map_or(bytes.len(), |n| i + n)
}

/// Just past the one-line string opened by `quote` at `i` (a basic string's `\"` does not
/// close it); an unclosed string ends with its line.
fn quoted_end(bytes: &[u8], i: usize, quote: u8) -> usize {
    let mut j = i + 1;
    while j < bytes.len() && bytes[j] != b'\n' {
        if bytes[j] == b'\\' && quote == b'"' {
            j += 2;
            continue;
        }
        if bytes[j] == quote {
            return j + 1;
        }
        j += 1;
    }
    j.min(bytes.len())
}

/// Just past the `"""` or `'''` that closes a multi-line string whose text starts at `from`.
fn triple_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut j = from;
    while j < bytes.len() {
        if bytes[j] == b'\\' && quote == b'"' {
            j += 2;
            continue;
        }
        if bytes[j..].starts_with(&[quote, quote, quote]) {
            return j + 3;
        }
        j += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dotted(parts: usize) -> String {
        vec!["a"; parts].join(".")
    }

    #[test]
    fn a_deep_dotted_key_is_found_where_it_is_written() {
        let source = format!("id = \"x\"\n\n[{}]\n", dotted(100));
        let span = deep_dotted_key(&source, 80).expect("found");
        assert_eq!(span.start, source.find("[a").expect("header") + 1);
        assert_eq!(&source[span.clone()], dotted(80));

        let source = format!("x = {{ {} = 1 }}\n", dotted(90));
        let span = deep_dotted_key(&source, 80).expect("found");
        assert_eq!(span.start, 6);
    }

    #[test]
    fn dots_in_strings_comments_and_numbers_do_not_count() {
        let dots = dotted(100);
        for source in [
            format!("x = \"{dots}\"\n"),
            format!("x = '{dots}'\n"),
            format!("# {dots}\n"),
            format!("x = \"\"\"\n{dots}\n\"\"\"\n"),
            format!("x = '''\n{dots} = 1\n'''\n"),
            format!("{} = 1\n", dotted(79)),
            "x = 1.5\ny = 2.5\n".to_owned(),
        ] {
            assert_eq!(deep_dotted_key(&source, 80), None, "{source}");
        }
        // Quoted parts count as parts, and the dots inside them do not.
        let quoted = vec!["\"a.b\""; 80].join(".");
        assert_eq!(
            deep_dotted_key(&format!("{quoted} = 1\n"), 80),
            Some(0..quoted.len())
        );
        assert_eq!(
            deep_dotted_key(&format!("{} = 1\n", vec!["\"a.b\""; 79].join(".")), 80),
            None
        );
    }

    #[test]
    fn datetimes_are_found_at_any_depth() {
        let source = "x = [1, { when = 1979-05-27 }, [07:32:00]]\n";
        let doc = toml::de::DeTable::parse(source).expect("TOML");
        let (_, value) = doc.get_ref().iter().next().expect("x");
        let mut spans: Vec<&str> = datetime_spans(value)
            .into_iter()
            .map(|s| &source[s])
            .collect();
        spans.sort_unstable();
        assert_eq!(spans, ["07:32:00", "1979-05-27"]);
    }
}
