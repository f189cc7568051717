//! The reader: decoded text → [`Table`] with the `csv` crate (RFC 4180 quoting), header
//! detection, ragged-row checks with file line numbers, unique column names and progress.

use std::collections::HashSet;

use super::cells::parse_number;
use super::decode::decode_text;
use super::model::{Column, ReadOptions, Table};
use super::sniff::sniff_delimiter;
use crate::error::DataError;

fn unique_names(raw: Vec<String>, notices: &mut Vec<String>) -> Vec<String> {
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
        notices.push(format!("duplicate column names were made unique: {}", renamed.join(", ")));
    }
    out
}

/// The 1-based file line where `record` starts. The `csv` crate reports the position before the
/// `\n` of a CRLF line end, one line early; this skips such leftover line-end bytes.
fn line_of(record: &csv::ByteRecord, text: &[u8]) -> u64 {
    let Some(pos) = record.position() else { return 0 };
    let mut line = pos.line();
    let mut at = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    while let Some(&b) = text.get(at) {
        match b {
            b'\n' => line += 1,
            b'\r' => {}
            _ => break,
        }
        at += 1;
    }
    line
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
    let mut notices: Vec<String> = encoding_notice.into_iter().collect();
    let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let syntax = |e: csv::Error| {
        let line = e.position().map_or(0, csv::Position::line);
        DataError::Invalid(format!("line {line} could not be read as CSV ({e}); check its quotes"))
    };
    if !reader.read_byte_record(&mut record).map_err(syntax)? {
        return Err(DataError::Empty);
    }
    let first: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
    let first_line = line_of(&record, text.as_bytes());
    let has_header =
        options.has_header.unwrap_or_else(|| !first.iter().any(|f| parse_number(f, delimiter == b';').is_some()));
    let width = first.len();
    let raw_names = if has_header { first.clone() } else { (1..=width).map(|i| format!("column_{i}")).collect() };
    if !has_header {
        notices.push(
            "the first line holds numbers, so it was read as data and the columns were named column_1, column_2…; \
             if it is a header, turn on \"first row is a header\""
                .into(),
        );
    }
    let names = unique_names(raw_names, &mut notices);
    let mut columns: Vec<Column> = names.into_iter().map(Column::new).collect();
    let mut lines = Vec::new();
    let mut push_row = |record: &csv::ByteRecord, line: u64, columns: &mut Vec<Column>| -> Result<(), DataError> {
        for (column, field) in columns.iter_mut().zip(record.iter()) {
            // Fields of valid UTF-8 split at ASCII separators are valid UTF-8.
            column.push(std::str::from_utf8(field).unwrap_or(""))?;
        }
        lines.push(line);
        Ok(())
    };
    if !has_header {
        push_row(&record, first_line, &mut columns)?;
    }
    let mut ragged: Option<(u64, usize)> = None;
    let mut ragged_count = 0usize;
    let total = text.len() as u64;
    let mut next_report = PROGRESS_EVERY_BYTES;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(syntax(e)),
        }
        let done = reader.position().byte();
        if done >= next_report {
            progress(done, total);
            next_report = done + PROGRESS_EVERY_BYTES;
        }
        let line = line_of(&record, text.as_bytes());
        if record.len() != width {
            // A lone empty field is a blank line of whitespace: skip it quietly.
            if record.len() == 1 && record.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            ragged_count += 1;
            ragged.get_or_insert((line, record.len()));
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
        notices.push(format!(
            "skipped {ragged_count} row(s) whose field count differs from the header's {width} (first: line {line} \
             with {fields} fields)"
        ));
    }
    let rows = lines.len();
    if rows == 0 {
        return Err(DataError::NoRows);
    }
    progress(total, total);
    Ok(Table { columns, rows, delimiter, has_header, encoding, lines, notices })
}
