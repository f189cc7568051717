//! Tests of reading tables: quoting, line ends, delimiters, headers, encodings, errors.

use super::*;
use crate::error::DataError;

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
    let csv: String = std::iter::once("a,b\n".to_owned()).chain((0..200_000).map(|i| format!("{i},x{i}\n"))).collect();
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
    assert!(kiln_i18n::english(&t.notices[0]).contains("skipped 1 row"), "{:?}", t.notices);
}

#[test]
fn latin1_is_decoded_and_said() {
    let t = read_table(b"text,label\ncaf\xe9,1\n", &ReadOptions::default()).expect("reads");
    assert_eq!(t.columns[0].get(0), "café");
    assert_eq!(t.encoding, "Windows-1252");
    assert!(kiln_i18n::english(&t.notices[0]).contains("not UTF-8"));
}

#[test]
fn duplicate_names_are_made_unique() {
    let t = read("x,x,label,x\n1,2,a,3\n");
    assert_eq!(t.names(), ["x", "x_2", "label", "x_3"]);
    assert!(kiln_i18n::english(&t.notices[0]).contains("`x` → `x_2`"));
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

fn read_undo(text: &str, undo: &[crate::reading::ReadingId]) -> Table {
    read_table(text.as_bytes(), &ReadOptions { undo: undo.to_vec(), ..ReadOptions::default() }).expect("reads")
}

fn ids(t: &Table) -> Vec<crate::reading::ReadingId> {
    t.readings.iter().map(|r| r.id.clone()).collect()
}

use crate::reading::ReadingId;

#[test]
fn excel_sep_line_is_the_delimiter_hint() {
    let t = read("\u{feff}sep=;\r\nname;price\r\na;1,5\r\nb;2\r\n");
    assert_eq!((t.delimiter, t.names()), (b';', vec!["name".to_owned(), "price".to_owned()]));
    assert_eq!((t.rows, t.lines.clone()), (2, vec![3, 4]), "lines count the sep= line");
    assert_eq!(ids(&t), [ReadingId::SepLine]);
    assert!(
        kiln_i18n::english(&t.readings[0].rule).contains("`sep=;` is Excel's delimiter hint"),
        "{}",
        kiln_i18n::english(&t.readings[0].rule)
    );
    // Undone: the line is read as the header (`sep=` and an empty name).
    let t = read_undo("sep=;\nname;price\na;1\n", &[ReadingId::SepLine]);
    assert_eq!((t.names()[0].as_str(), t.rows), ("sep=", 2));
    assert!(t.readings[0].undone);
}

#[test]
fn spaces_around_quoted_fields_are_ignored() {
    let t = read(" \"name\" , \"note\"\n\"a\", \"x, y\"\nb , \"z\"\n");
    assert_eq!(t.names(), ["name", "note"]);
    assert_eq!((t.columns[1].get(0), t.columns[1].get(1), t.columns[0].get(1)), ("x, y", "z", "b "));
    assert_eq!(ids(&t), [ReadingId::SpacesAroundQuotes]);
    let kept = read_undo(" \"name\" ,\"note\"\n1,2\n", &[ReadingId::SpacesAroundQuotes]);
    assert_eq!(kept.names()[0], "\"name\"", "RFC 4180 reading: the quotes are literal");
    assert!(kept.readings[0].undone);
}

#[test]
fn cr_only_crlf_and_mixed_line_ends() {
    for text in ["a,b\r1,x\r2,y\r3,z\r", "a,b\r\n1,x\r\n2,y\r\n3,z\r\n", "a,b\n1,x\r\n2,y\r3,z\n"] {
        let t = read(text);
        assert_eq!((t.rows, t.lines.clone()), (3, vec![2, 3, 4]), "{text:?}");
        assert_eq!(t.columns[1].get(2), "z");
    }
    let err = read_table(b"a,b\r1,2\r3\r4,5\r", &ReadOptions::default()).expect_err("ragged");
    assert!(matches!(err, DataError::Ragged { line: 3, .. }), "line numbers with CR-only ends: {err:?}");
}

#[test]
fn trailing_delimiters_drop_the_empty_last_column() {
    // Header and rows all end with a delimiter (Excel's empty last column).
    let t = read("a,b,label,\n1,2,x,\n3,4,y,\n");
    assert_eq!(t.names(), ["a", "b", "label"]);
    assert_eq!(ids(&t), [ReadingId::TrailingDelimiters]);
    assert!(
        kiln_i18n::english(&t.readings[0].rule).contains("1 empty column(s) at the end dropped"),
        "{}",
        kiln_i18n::english(&t.readings[0].rule)
    );
    // Only the rows end with one.
    let t = read("a,b,label\n1,2,x,\n3,4,y,\n");
    assert_eq!((t.names().len(), t.rows), (3, 2));
    assert!(
        kiln_i18n::english(&t.readings[0].rule).contains("extra empty field on 2 row(s)"),
        "{}",
        kiln_i18n::english(&t.readings[0].rule)
    );
    // Only the header ends with one.
    let t = read("a,b,label,\n1,2,x\n3,4,y\n");
    assert_eq!((t.names().len(), t.rows), (3, 2));
    // Undone: the empty column stays (named), or the rows are ragged.
    let kept = read_undo("a,b,label,\n1,2,x,\n", &[ReadingId::TrailingDelimiters]);
    assert_eq!(kept.names(), ["a", "b", "label", "column_4"]);
    let err = read_table(
        b"a,b,label\n1,2,x,\n",
        &ReadOptions { undo: vec![ReadingId::TrailingDelimiters], ..ReadOptions::default() },
    );
    assert!(matches!(err, Err(DataError::Ragged { .. })));
    // A real value in the extra field is still a ragged row.
    assert!(read_table(b"a,b\n1,2,3\n", &ReadOptions::default()).is_err());
}

#[test]
fn blank_lines_and_empty_rows_are_skipped() {
    let t = read("a,b,label\n\n1,2,x\n,,\n   \n3,4,y\n\r\n,,\n");
    assert_eq!((t.rows, t.lines.clone()), (2, vec![3, 6]));
    assert!(t.notices.iter().map(kiln_i18n::english).any(|n| n.contains("skipped 2 empty row(s)")), "{:?}", t.notices);
}

#[test]
fn comment_lines_only_before_the_table() {
    // numpy.savetxt(..., header="x,y,label", delimiter=",") writes the header as a comment.
    let t = read("# x,y,label\n1.0,2.0,0\n3.0,4.0,1\n");
    assert_eq!((t.names(), t.rows, t.has_header), (vec!["x".to_owned(), "y".to_owned(), "label".to_owned()], 2, true));
    assert_eq!(t.lines, [2, 3]);
    assert!(
        kiln_i18n::english(&t.readings[0].rule).contains("read as the column names"),
        "{}",
        kiln_i18n::english(&t.readings[0].rule)
    );
    // A logger's preamble, then a header; a `#` value inside the data stays data.
    let t = read("# station 7\n# exported 2024-05-01\nid,colour\n1,#ff0000\n#2,blue\n");
    assert_eq!((t.names(), t.rows), (vec!["id".to_owned(), "colour".to_owned()], 2));
    assert_eq!((t.columns[1].get(0), t.columns[0].get(1)), ("#ff0000", "#2"));
    assert_eq!(t.lines, [4, 5]);
    assert!(
        kiln_i18n::english(&t.readings[0].rule).starts_with("2 line(s) starting with `#`"),
        "{}",
        kiln_i18n::english(&t.readings[0].rule)
    );
}

#[test]
fn a_bom_before_quotes_and_a_headerless_guess_is_undoable() {
    let t = read("\u{feff}\"id\",\"label\"\r\n1,\"a\"\r\n");
    assert_eq!(t.names(), ["id", "label"]);
    let t = read("1,2\n3,4\n");
    assert_eq!(ids(&t), [ReadingId::NoHeader]);
    let h = read_undo("1,2\n3,4\n", &[ReadingId::NoHeader]);
    assert_eq!((h.names(), h.rows), (vec!["1".to_owned(), "2".to_owned()], 1));
}
