//! The reader: decoded text → [`Table`] with the `csv` crate (RFC 4180 quoting; `\r`, `\n` and
//! `\r\n` line ends alike), after what tools write around a table (`quirks`): header detection,
//! trailing delimiters, empty rows, ragged-row checks with file line numbers, unique column
//! names and progress. Every guess is a [`Reading`] in [`Table::readings`].

use kiln_i18n::Msg;
use std::borrow::Cow;
use std::collections::HashSet;

use super::cells::parse_number;
use super::decode::decode_text;
use super::model::{Column, ReadOptions, Table};
use super::quirks::{LineCounter, comment_lines, sep_line, spaces_around_quotes, strip_spaces_around_quotes};
use super::sniff::sniff_delimiter;
use crate::error::DataError;
use crate::reading::{Reading, ReadingId, applies};

fn unique_names(raw: Vec<String>, notices: &mut Vec<Msg>) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut renamed = Vec::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, name) in raw.into_iter().enumerate() {
        let base = if name.trim().is_empty() { format!("column_{}", i + 1) } else { name.trim().to_owned() };
        let mut candidate = base.clone();
        let mut k = 2;
        while seen.contains(&candidate) {
            candidate = format!("{base}_{k}");
            k += 1;
        }
        if candidate != base {
            renamed.push(format!("`{base}` → `{candidate}`"));
        }
        seen.insert(candidate.clone());
        out.push(candidate);
    }
    if !renamed.is_empty() {
        notices.push(Msg::new("data-notice-duplicate-names").arg("renamed", renamed.join(", ")));
    }
    out
}

/// Reads a table from the bytes of an uploaded file.
///
/// # Errors
/// [`DataError::Empty`] (no bytes or only blank lines), [`DataError::NotText`] (binary),
/// [`DataError::NoRows`] (a header and nothing else), [`DataError::Ragged`] (a row with a
/// different field count, unless `options.skip_malformed`), [`DataError::Invalid`] for a CSV
/// syntax error (with its line).
pub fn read_table(bytes: &[u8], options: &ReadOptions) -> Result<Table, DataError> {
    read_table_with_progress(bytes, options, &mut |_, _| {})
}

/// Bytes read between two calls of a progress callback (1 MiB).
pub const PROGRESS_EVERY_BYTES: u64 = 1 << 20;

/// [`read_table`], calling `progress(done, total)` (bytes of the decoded text) about every
/// [`PROGRESS_EVERY_BYTES`] and once at the end, so a caller can move a progress bar.
///
/// # Errors
/// As [`read_table`].
pub fn read_table_with_progress(
    bytes: &[u8],
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Table, DataError> {
    let (text, encoding, encoding_notice) = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err(DataError::Empty);
    }
    let undo = &options.undo;
    let mut notices: Vec<Msg> = encoding_notice.into_iter().collect();
    let mut readings = Vec::new();
    let (body, first_line, hinted) = before_the_table(&text, options, &mut readings);
    if body.trim().is_empty() {
        return Err(DataError::Empty);
    }
    let delimiter = options.delimiter.or(hinted).unwrap_or_else(|| sniff_delimiter(&body));
    let body = around_quotes(body, delimiter, undo, &mut readings);
    let text = body.as_bytes();
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text);
    let mut record = csv::ByteRecord::new();
    let syntax = |e: csv::Error, lines: &mut LineCounter<'_>| {
        let line = e.position().map_or(0, |p| lines.line_at(usize::try_from(p.byte()).unwrap_or(usize::MAX)));
        DataError::Invalid(Msg::new("error-data-csv-syntax").arg("line", line).arg("detail", e.to_string()))
    };
    let mut lines_of = LineCounter::new(text, first_line);
    let start = |r: &csv::ByteRecord| r.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(DataError::Empty),
        Err(e) => return Err(syntax(e, &mut lines_of)),
    }
    let first: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
    let header_line = lines_of.line_at(start(&record));
    let has_header = match options.has_header {
        Some(h) => h,
        None if first.iter().any(|f| parse_number(f, delimiter == b';').is_some()) => {
            let id = ReadingId::NoHeader;
            let rule = Msg::new("data-reading-no-header");
            let reading = Reading::new(id, rule, undo);
            let header = reading.undone;
            readings.push(reading);
            header
        }
        None => true,
    };
    let width = first.len();
    let trailing = applies(undo, &ReadingId::TrailingDelimiters);
    // Header fields at the end without a name: an empty last column (a trailing delimiter).
    let unnamed_tail = if has_header { first.iter().rev().take_while(|f| f.trim().is_empty()).count() } else { 0 };
    let raw_names = if has_header { first.clone() } else { (1..=width).map(|i| format!("column_{i}")).collect() };
    let names = unique_names(raw_names, &mut notices);
    let mut columns: Vec<Column> = names.into_iter().map(Column::new).collect();
    let mut lines = Vec::new();
    let mut push_row = |record: &csv::ByteRecord, line: u64, columns: &mut Vec<Column>| -> Result<(), DataError> {
        for (k, column) in columns.iter_mut().enumerate() {
            // Fields of valid UTF-8 split at ASCII separators are valid UTF-8.
            column.push(record.get(k).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or(""))?;
        }
        lines.push(line);
        Ok(())
    };
    if !has_header {
        push_row(&record, header_line, &mut columns)?;
    }
    let blank = |f: &[u8]| f.iter().all(u8::is_ascii_whitespace);
    let mut ragged: Option<(u64, usize)> = None;
    let (mut ragged_count, mut empty_rows, mut trailing_rows) = (0usize, 0usize, 0usize);
    let total = text.len() as u64;
    let mut next_report = PROGRESS_EVERY_BYTES;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(syntax(e, &mut lines_of)),
        }
        let done = reader.position().byte();
        if done >= next_report {
            progress(done, total);
            next_report = done + PROGRESS_EVERY_BYTES;
        }
        let line = lines_of.line_at(start(&record));
        let n = record.len();
        if n != width {
            // A lone empty field is a blank line of whitespace: skip it quietly.
            if n == 1 && record.get(0).is_some_and(blank) {
                continue;
            }
            // Delimiters at the ends of lines: extra empty fields, or fewer fields where the
            // header's last names are empty.
            let extra_empty = n > width && record.iter().skip(width).all(blank);
            if trailing && (extra_empty || (n < width && n >= width - unnamed_tail)) {
                trailing_rows += 1;
            } else {
                ragged_count += 1;
                ragged.get_or_insert((line, n));
                continue;
            }
        }
        if width > 1 && record.iter().all(blank) {
            // `,,,`: how spreadsheets write an empty row.
            empty_rows += 1;
            continue;
        }
        if ragged.is_none() || options.skip_malformed {
            push_row(&record, line, &mut columns)?;
        }
    }
    if let Some((line, fields)) = ragged {
        if !options.skip_malformed {
            return Err(DataError::Ragged { line, fields, expected: width, count: ragged_count });
        }
        notices.push(
            Msg::new("data-notice-ragged")
                .arg("rows", ragged_count)
                .arg("width", width)
                .arg("line", line)
                .arg("fields", fields),
        );
    }
    if empty_rows > 0 {
        notices.push(Msg::new("data-notice-empty-rows").arg("rows", empty_rows));
    }
    // Empty columns at the end, unnamed (or without a header): made by trailing delimiters.
    let dropped = columns
        .iter()
        .enumerate()
        .rev()
        .take_while(|(k, c)| (!has_header || *k >= width - unnamed_tail) && c.iter().all(|v| v.trim().is_empty()))
        .count()
        .min(width.saturating_sub(1));
    if dropped > 0 || trailing_rows > 0 {
        let mut what = Vec::new();
        if dropped > 0 {
            what.push(Msg::new("data-reading-empty-columns").arg("columns", dropped));
        }
        if trailing_rows > 0 {
            what.push(Msg::new("data-reading-extra-field").arg("rows", trailing_rows));
        }
        let rule = Msg::new("data-reading-trailing").arg("what", what);
        readings.push(Reading::new(ReadingId::TrailingDelimiters, rule, undo));
        if trailing {
            columns.truncate(columns.len() - dropped);
        }
    }
    let rows = lines.len();
    if rows == 0 {
        return Err(DataError::NoRows);
    }
    progress(total, total);
    Ok(Table { columns, rows, delimiter, has_header, encoding, lines, notices, readings })
}

/// Handles what comes before the table: Excel's `sep=` line and leading `#` comment lines (the
/// last one read as the header when it has the data's field count, as numpy's `savetxt` writes
/// it). Returns the text from the header on, its first line's number in the file and the
/// delimiter a `sep=` line named.
fn before_the_table<'a>(
    text: &'a str,
    options: &ReadOptions,
    readings: &mut Vec<Reading>,
) -> (Cow<'a, str>, u64, Option<u8>) {
    let undo = &options.undo;
    let (mut body, mut first_line, mut hinted) = (text, 1u64, None);
    if let Some((d, len)) = sep_line(body) {
        let shown = body[..len].trim();
        let rule = Msg::new("data-reading-sep-line")
            .arg("line", shown)
            .arg("delimiter", if d == b'\t' { "tab".to_owned() } else { char::from(d).to_string() });
        let r = Reading::new(ReadingId::SepLine, rule, undo);
        if !r.undone {
            (body, first_line, hinted) = (&body[len..], 2, Some(d));
        }
        readings.push(r);
    }
    let (comments, len) = comment_lines(body);
    let Some(&last) = comments.last() else { return (Cow::Borrowed(body), first_line, hinted) };
    let rest = &body[len..];
    // numpy's savetxt: `# a,b,c` above rows with as many fields.
    let header = last.trim_start().trim_start_matches('#').trim();
    let next = rest.lines().next().unwrap_or("");
    let d = options.delimiter.or(hinted).unwrap_or_else(|| sniff_delimiter(rest));
    let fields = |l: &str| l.split(char::from(d)).count();
    let is_header = fields(header) > 1
        && fields(header) == fields(next)
        && !header.split(char::from(d)).any(|f| parse_number(f, d == b';').is_some());
    let rule = if is_header {
        Msg::new("data-reading-comment-header")
            .arg("lines", comments.len())
            .arg("header", last.chars().take(60).collect::<String>())
    } else {
        Msg::new("data-reading-comments").arg("lines", comments.len())
    };
    let r = Reading::new(ReadingId::CommentLines, rule, undo);
    let undone = r.undone;
    readings.push(r);
    if undone {
        return (Cow::Borrowed(body), first_line, hinted);
    }
    let skipped = comments.len() as u64;
    if is_header {
        (Cow::Owned(format!("{header}\n{rest}")), first_line + skipped - 1, hinted)
    } else {
        (Cow::Borrowed(rest), first_line + skipped, hinted)
    }
}

/// Spaces between delimiters and quotes (`a, "b"`): found in the first 256 KB, removed (unless
/// undone) so the quotes are read as quotes.
fn around_quotes<'a>(
    body: Cow<'a, str>,
    delimiter: u8,
    undo: &[ReadingId],
    readings: &mut Vec<Reading>,
) -> Cow<'a, str> {
    let mut end = body.len().min(256 * 1024);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    if !spaces_around_quotes(&body[..end], delimiter) {
        return body;
    }
    let rule = Msg::new("data-reading-spaces-quotes");
    let r = Reading::new(ReadingId::SpacesAroundQuotes, rule, undo);
    let undone = r.undone;
    readings.push(r);
    if undone {
        return body;
    }
    match strip_spaces_around_quotes(&body, delimiter) {
        Cow::Borrowed(_) => body,
        Cow::Owned(s) => Cow::Owned(s),
    }
}
