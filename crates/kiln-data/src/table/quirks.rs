//! What spreadsheet tools and libraries write around a table, found before the `csv` crate
//! reads it: Excel's `sep=;` delimiter hint line (which Excel reads and some exporters write for
//! it), leading `#` comment lines (numpy's `savetxt` writes its header as `# a,b,c`; instrument
//! and logger exports put notes there), and spaces between delimiters and quotes (`a, "b"`, as
//! hand-edited files and some exporters write; RFC 4180 makes those spaces part of the field and
//! the quotes literal, so the `csv` crate keeps them, while Excel, LibreOffice and Python's
//! `skipinitialspace` do not). Line counting that treats `\r`, `\n` and `\r\n` alike is here too.
//!
//! Comment lines are recognised only before the first row: a `#` inside the data (`#1 fan`,
//! `#ff0000`) is a value, so the `csv` crate's `comment` option, which skips such lines anywhere,
//! is not used.

use std::borrow::Cow;

/// A `sep=X` first line: the delimiter it names and the bytes it takes (with its line end).
pub(super) fn sep_line(text: &str) -> Option<(u8, usize)> {
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    let line = text[..end].trim();
    let line = line.strip_prefix('"').and_then(|l| l.strip_suffix('"')).unwrap_or(line);
    let rest = line.get(..4).filter(|p| p.eq_ignore_ascii_case("sep="))?;
    let value = &line[rest.len()..];
    let d = match value {
        "\\t" => b'\t',
        v if v.len() == 1 && v.is_ascii() => v.as_bytes()[0],
        _ => return None,
    };
    if d.is_ascii_alphanumeric() || d == b'"' {
        return None;
    }
    Some((d, line_end(text, end)))
}

/// The index just past the line end at `end` (`\r\n`, `\r` or `\n`), or `end` at the text's end.
fn line_end(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    match (b.get(end), b.get(end + 1)) {
        (Some(b'\r'), Some(b'\n')) => end + 2,
        (Some(_), _) => end + 1,
        (None, _) => end,
    }
}

/// Leading comment lines: each line before the first row that starts with `#` (after spaces).
/// Returns the lines (without their line ends) and the bytes they take.
pub(super) fn comment_lines(text: &str) -> (Vec<&str>, usize) {
    let mut at = 0;
    let mut lines = Vec::new();
    while at < text.len() {
        let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
        let line = &text[at..end];
        if !line.trim_start().starts_with('#') {
            break;
        }
        lines.push(line);
        at = line_end(text, end);
    }
    (lines, at)
}

/// True when the sample shows spaces between a delimiter and a quote, outside quoted fields:
/// `a, "b"` or `"a" ,b` (spaces or, unless tab is the delimiter, tabs).
pub(super) fn spaces_around_quotes(sample: &str, delimiter: u8) -> bool {
    strip_spaces_around_quotes(sample, delimiter).len() != sample.len()
}

/// Removes spaces (and tabs, unless tab is the delimiter) between a field's start and an opening
/// quote, and between a closing quote and the field's end, outside quoted fields. Everything
/// else, line ends included, is kept, so line numbers do not move.
pub(super) fn strip_spaces_around_quotes(text: &str, delimiter: u8) -> Cow<'_, str> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let b = text.as_bytes();
    let blank = |c: u8| c == b' ' || (c == b'\t' && delimiter != b'\t');
    let ends_field = |c: u8| c == delimiter || c == b'\n' || c == b'\r';
    let mut out = Vec::with_capacity(b.len());
    let mut state = At::FieldStart;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match state {
            At::FieldStart | At::AfterQuote if blank(c) => {
                let mut j = i;
                while j < b.len() && blank(b[j]) {
                    j += 1;
                }
                let next = b.get(j).copied();
                let drop = match state {
                    At::FieldStart => next == Some(b'"'),
                    _ => next.is_none_or(ends_field),
                };
                if !drop {
                    out.extend_from_slice(&b[i..j]);
                    state = At::Unquoted;
                }
                i = j;
                continue;
            }
            At::Quoted => {
                out.push(c);
                if c == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        out.push(b'"');
                        i += 1;
                    } else {
                        state = At::AfterQuote;
                    }
                }
            }
            At::FieldStart if c == b'"' => {
                out.push(c);
                state = At::Quoted;
            }
            _ => {
                out.push(c);
                state = if ends_field(c) { At::FieldStart } else { At::Unquoted };
            }
        }
        i += 1;
    }
    // Only ASCII bytes were removed from valid UTF-8, so the result is valid UTF-8.
    String::from_utf8(out).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Counts file lines up to byte offsets given in increasing order, treating `\r\n`, a lone `\r`
/// (classic Mac, Excel for Mac's "CSV (Macintosh)") and `\n` each as one line end.
pub(super) struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// Starts at line `first` (1-based) at the start of `text`.
    pub(super) fn new(text: &'a [u8], first: u64) -> Self {
        LineCounter { text, at: 0, line: first }
    }

    /// The line of the record starting at `byte`; line-end bytes at `byte` (the `csv` crate
    /// reports a record's start before the line end that precedes it) are counted first.
    pub(super) fn line_at(&mut self, byte: usize) -> u64 {
        let t = self.text;
        let mut i = self.at;
        let end = byte.min(t.len());
        let count = |i: usize, line: &mut u64| match t[i] {
            b'\n' => *line += 1,
            b'\r' if t.get(i + 1) != Some(&b'\n') => *line += 1,
            _ => {}
        };
        while i < end {
            count(i, &mut self.line);
            i += 1;
        }
        while i < t.len() && matches!(t[i], b'\r' | b'\n') {
            count(i, &mut self.line);
            i += 1;
        }
        self.at = i.max(self.at);
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line("sep=;\r\na;b\n"), Some((b';', 7)));
        assert_eq!(sep_line("\"sep=,\"\na,b\n"), Some((b',', 8)));
        assert_eq!(sep_line("SEP=|\ra|b\r"), Some((b'|', 6)));
        assert_eq!(sep_line("sep=\\t\na\tb\n"), Some((b'\t', 7)));
        assert_eq!(sep_line("sep,x\n1,2\n"), None);
        assert_eq!(sep_line("sep=ab\n"), None);
    }

    #[test]
    fn comments_only_at_the_top() {
        let (lines, at) = comment_lines("# made by a logger\n# x,y\n1,2\n# not a comment\n");
        assert_eq!(lines, ["# made by a logger", "# x,y"]);
        assert_eq!(at, 25);
        assert_eq!(comment_lines("a,b\n# x\n").0.len(), 0);
    }

    #[test]
    fn spaces_between_delimiters_and_quotes() {
        assert!(spaces_around_quotes("a, \"b\"\n", b','));
        assert!(spaces_around_quotes(" \"name\" , \"age\"\n", b','));
        assert!(!spaces_around_quotes("a,\"b, \"\"c\"\"\"\n", b','));
        assert!(!spaces_around_quotes("a, b\n", b','));
        let s = strip_spaces_around_quotes(" \"name\" , \"note, with comma\"\r\n1, \"a \"\"q\"\" b\" \r\nx, y\n", b',');
        assert_eq!(s, "\"name\",\"note, with comma\"\r\n1,\"a \"\"q\"\" b\"\r\nx, y\n");
    }

    #[test]
    fn lines_with_any_line_end() {
        let t = b"a\rb\r\nc\nd";
        let mut c = LineCounter::new(t, 1);
        assert_eq!((c.line_at(0), c.line_at(2), c.line_at(5), c.line_at(7)), (1, 2, 3, 4));
        // A record start reported before its line end.
        let mut c = LineCounter::new(b"a\r\nb\r\n", 1);
        assert_eq!((c.line_at(0), c.line_at(1)), (1, 2));
    }
}
