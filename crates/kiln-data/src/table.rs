//! Reading an uploaded table (CSV / TSV / semicolon-separated text) from bytes.
//!
//! [`read_table`] turns the bytes of a file into a [`Table`]: text decoding (UTF-8 with or without
//! BOM, else Windows-1252, said in a notice), delimiter sniffing (`,` `;` tab `|`), header
//! detection, RFC 4180 quoting (via the `csv` crate), ragged-row checks with file line numbers,
//! and unique column names. Cells are kept as text, one compact buffer per column (no per-cell
//! allocation), so a file of `b` bytes costs about `b` plus 4 bytes per cell. Type inference,
//! missing values and the preview live in [`crate::preview`]; turning a table into training
//! examples in [`crate::tabular`].

use std::borrow::Cow;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::reviews::DataError;

/// How to read a table. The defaults sniff everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// Field separator (`b','`, `b';'`, `b'\t'`, `b'|'`…); `None` sniffs it from the first rows.
    pub delimiter: Option<u8>,
    /// Whether the first row holds column names; `None` guesses (a header has no numbers in it).
    pub has_header: Option<bool>,
    /// Skip rows whose field count differs from the header (counted in a notice) instead of
    /// failing with [`DataError::Ragged`].
    pub skip_malformed: bool,
}

/// One column: a name and its cells as text, stored compactly (one string + end offsets).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Column {
    /// Column name, unique within the table (duplicates get `_2`, `_3`…).
    pub name: String,
    text: String,
    ends: Vec<u32>,
}

impl Column {
    fn new(name: String) -> Self {
        Column { name, ..Column::default() }
    }

    fn push(&mut self, cell: &str) -> Result<(), DataError> {
        self.text.push_str(cell);
        let end = u32::try_from(self.text.len()).map_err(|_| {
            DataError::Invalid(format!(
                "column `{}` holds more than 4 GB of text: the file is too large to load in a browser tab; use a sample",
                self.name
            ))
        })?;
        self.ends.push(end);
        Ok(())
    }

    /// Number of cells (= rows of the table).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell of data row `row` (0-based), `""` past the end.
    pub fn get(&self, row: usize) -> &str {
        let Some(&end) = self.ends.get(row) else { return "" };
        let start = if row == 0 { 0 } else { self.ends[row - 1] as usize };
        self.text.get(start..end as usize).unwrap_or("")
    }

    /// All cells in row order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(move |r| self.get(r))
    }
}

/// A parsed table: named text columns of equal length, plus what reading it noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Columns in file order.
    pub columns: Vec<Column>,
    /// Number of data rows (the header is not a row).
    pub rows: usize,
    /// The field separator used.
    pub delimiter: u8,
    /// Whether the first line was read as column names.
    pub has_header: bool,
    /// `"UTF-8"` or `"Windows-1252"`.
    pub encoding: &'static str,
    /// File line (1-based) where each data row starts; lets messages point into the file.
    pub lines: Vec<u64>,
    /// Things the user should know (encoding, renamed columns, skipped rows), one sentence each.
    pub notices: Vec<String>,
}

impl Table {
    /// Index of the column called `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The column called `name`.
    ///
    /// # Errors
    /// [`DataError::Invalid`] listing the column names when there is none by that name.
    pub fn column(&self, name: &str) -> Result<&Column, DataError> {
        self.index_of(name).map(|i| &self.columns[i])
    }

    /// Index of the column called `name`.
    ///
    /// # Errors
    /// [`DataError::Invalid`] listing the column names when there is none by that name.
    pub fn index_of(&self, name: &str) -> Result<usize, DataError> {
        self.column_index(name).ok_or_else(|| {
            let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
            DataError::Invalid(format!("there is no column `{name}`; the columns are: {}", names.join(", ")))
        })
    }

    /// Column names in file order.
    pub fn names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// The file line where data row `row` (0-based) starts.
    pub fn line_of(&self, row: usize) -> u64 {
        self.lines.get(row).copied().unwrap_or(0)
    }

    /// Whether numbers may use a decimal comma (`0,5`): only when fields are separated by `;`.
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }
}

/// File signatures of common non-text uploads: PNG, JPEG, GIF, ZIP (also .xlsx / .docx), gzip,
/// PDF, OLE (.xls / .doc), 7z, RIFF (WebP, WAV).
const BINARY_MAGIC: [&[u8]; 10] = [
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"%PDF-",
    b"\xd0\xcf\x11\xe0",
    b"7z\xbc\xaf",
    b"RIFF",
];

/// Checks that `bytes` look like text and decodes them: UTF-8 (a BOM is dropped) or, when that
/// fails, Windows-1252 (a superset of Latin-1), which is said in the returned notice.
///
/// # Errors
/// [`DataError::Empty`] for no bytes; [`DataError::Utf16`] for UTF-16 text (say "save it as
/// UTF-8"); [`DataError::NotText`] when there are NUL bytes or many control characters, or start
/// with the signature of a known binary format (PNG, ZIP/XLSX…).
pub fn decode_text(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str, Option<String>), DataError> {
    if bytes.is_empty() {
        return Err(DataError::Empty);
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if looks_utf16(head) {
        return Err(DataError::Utf16);
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    if bytes.contains(&0) || controls * 100 > head.len() || BINARY_MAGIC.iter().any(|m| bytes.starts_with(m)) {
        return Err(DataError::NotText);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), "UTF-8", None)),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            let notice = format!(
                "the file is not UTF-8 (first at line {line}); it was read as Windows-1252 / Latin-1 (é, ï, £…). \
                 If letters look wrong, save it as \"CSV UTF-8\" and upload it again"
            );
            Ok((text, "Windows-1252", Some(notice)))
        }
    }
}

/// True for UTF-16 text: a UTF-16 byte-order mark, or (without one) mostly-ASCII text whose
/// every other byte is zero — at least 90 % of the even or of the odd bytes of `head`, and
/// almost none of the others.
fn looks_utf16(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return true;
    }
    let pairs = head.len() / 2;
    if pairs < 2 {
        return false;
    }
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).take(pairs).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let few = |n: usize| n * 20 <= pairs;
    (mostly(even) && few(odd)) || (mostly(odd) && few(even))
}

const SNIFF_BYTES: usize = 256 * 1024;
const SNIFF_ROWS: usize = 50;

/// Picks the delimiter among `,` `;` tab `|` from the first rows: the one giving the same field
/// count (more than one) on the most rows, then the most fields, then the order above.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text.as_bytes()[..end];
    let mut best = (b',', 0usize, 0usize);
    for delim in [b',', b';', b'\t', b'|'] {
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(sample);
        let mut record = csv::ByteRecord::new();
        let mut counts = Vec::new();
        while counts.len() < SNIFF_ROWS && matches!(reader.read_byte_record(&mut record), Ok(true)) {
            counts.push(record.len());
        }
        // The last sampled row may be cut off by the sample end: ignore it when more follow.
        if end < text.len() && counts.len() > 1 {
            counts.pop();
        }
        let Some(&first) = counts.first() else { continue };
        if first < 2 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == first).count();
        if (agree, first) > (best.1, best.2) {
            best = (delim, agree, first);
        }
    }
    best.0
}

/// Recognised spellings of a missing value (compared case-insensitively after trimming).
pub const MISSING: [&str; 7] = ["", "na", "n/a", "?", "nan", "null", "none"];

/// True when a cell means "no value": empty, `NA`, `N/A`, `?`, `NaN`, `null`, `None`.
pub fn is_missing(cell: &str) -> bool {
    let t = cell.trim();
    t.len() <= 4 && MISSING.iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// Parses a number the way a spreadsheet user writes it: surrounding spaces allowed, `inf` /
/// `-inf` / `1e999` give non-finite values, and with `decimal_comma` `0,5` reads as 0.5.
/// Missing values (see [`is_missing`]) are not numbers.
pub fn parse_number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let t = cell.trim();
    if t.is_empty() || is_missing(t) {
        return None;
    }
    let first = t.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.' | b'i' | b'I')) {
        return None;
    }
    if let Ok(v) = t.parse::<f64>() {
        return Some(v);
    }
    if decimal_comma && t.bytes().filter(|&b| b == b',').count() == 1 && !t.contains('.') {
        return t.replacen(',', ".", 1).parse::<f64>().ok();
    }
    None
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Table {
        read_table(text.as_bytes(), &ReadOptions::default()).expect("reads")
    }

    #[test]
    fn quotes_newlines_bom_and_crlf() {
        let t = read("\u{feff}name,text\r\na,\"x, \"\"y\"\"\"\r\nb,\"two\r\nlines\"\r\n");
        assert_eq!(t.names(), ["name", "text"]);
        assert_eq!(t.rows, 2);
        assert_eq!(t.columns[1].get(0), "x, \"y\"");
        assert_eq!(t.columns[1].get(1), "two\r\nlines");
        assert_eq!(t.lines, [2, 3]);
        assert_eq!(t.encoding, "UTF-8");
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(read("a;b\n1,5;2\n").delimiter, b';');
        assert_eq!(read("a\tb\n\"x, y\"\t2\n").delimiter, b'\t');
        assert_eq!(read("a|b|c\n1|2|3\n").delimiter, b'|');
        assert_eq!(read("a,b\n1,2\n").delimiter, b',');
    }

    #[test]
    fn header_is_detected() {
        let t = read("1,2\n3,4\n");
        assert!(!t.has_header);
        assert_eq!(t.names(), ["column_1", "column_2"]);
        assert_eq!(t.rows, 2);
    }

    #[test]
    fn errors_are_messages() {
        let err = |s: &[u8]| read_table(s, &ReadOptions::default()).expect_err("fails").to_string();
        assert_eq!(err(b""), "the file is empty");
        assert_eq!(err(b"\n\n"), "the file is empty");
        assert_eq!(err(b"a,b\n"), "no data rows");
        assert!(err(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").starts_with("not a text/CSV file (looks binary)"));
        // UTF-16 (Excel's "Unicode text"), with and without a byte-order mark, little and big endian.
        let utf16 = |big: bool, bom: bool| {
            let mut out: Vec<u8> = if bom { if big { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] } } else { vec![] };
            for u in "a,b\r\n1,2\r\n3,4\r\n".encode_utf16() {
                out.extend(if big { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            out
        };
        for (big, bom) in [(false, true), (true, true), (false, false), (true, false)] {
            let m = err(&utf16(big, bom));
            assert!(m.contains("UTF-16") && m.contains("save it as UTF-8"), "{big} {bom}: {m}");
        }
        assert!(err(b"a,b\n\0\0\0\0\x01\x02\x03\x04").starts_with("not a text/CSV"), "binary is not UTF-16");
        let ragged = err(b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n");
        assert!(ragged.starts_with("line 3 has 2 fields but the header has 3 (2 such row(s) in all)"), "{ragged}");
    }

    #[test]
    fn progress_reaches_the_end() {
        let csv: String =
            std::iter::once("a,b\n".to_owned()).chain((0..200_000).map(|i| format!("{i},x{i}\n"))).collect();
        let mut seen = Vec::new();
        let t = read_table_with_progress(csv.as_bytes(), &ReadOptions::default(), &mut |d, n| seen.push((d, n)))
            .expect("reads");
        assert_eq!(t.rows, 200_000);
        assert!(seen.len() >= 2, "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "done only grows");
        assert_eq!(seen.last(), Some(&(csv.len() as u64, csv.len() as u64)));
    }

    #[test]
    fn ragged_rows_can_be_skipped() {
        let t = read_table(b"a,b\n1,2\n3\n4,5\n", &ReadOptions { skip_malformed: true, ..ReadOptions::default() })
            .expect("reads");
        assert_eq!(t.rows, 2);
        assert!(t.notices[0].contains("skipped 1 row"), "{:?}", t.notices);
    }

    #[test]
    fn latin1_is_decoded_and_said() {
        let t = read_table(b"text,label\ncaf\xe9,1\n", &ReadOptions::default()).expect("reads");
        assert_eq!(t.columns[0].get(0), "café");
        assert_eq!(t.encoding, "Windows-1252");
        assert!(t.notices[0].contains("not UTF-8"));
    }

    #[test]
    fn duplicate_names_are_made_unique() {
        let t = read("x,x,label,x\n1,2,a,3\n");
        assert_eq!(t.names(), ["x", "x_2", "label", "x_3"]);
        assert!(t.notices[0].contains("`x` → `x_2`"));
    }

    #[test]
    fn numbers_and_missing() {
        assert_eq!(parse_number(" 2.5 ", false), Some(2.5));
        assert_eq!(parse_number("0,5", true), Some(0.5));
        assert_eq!(parse_number("0,5", false), None);
        assert_eq!(parse_number("1,234,5", true), None);
        assert!(parse_number("-inf", false).is_some_and(|v| v == f64::NEG_INFINITY));
        assert!(parse_number("1e309", false).is_some_and(f64::is_infinite));
        assert_eq!(parse_number("NaN", false), None);
        assert_eq!(parse_number("nine", false), None);
        for m in ["", " ", "NA", "n/a", "?", "NaN", "NULL", "None"] {
            assert!(is_missing(m), "{m:?}");
        }
        assert!(!is_missing("0"));
    }
}
