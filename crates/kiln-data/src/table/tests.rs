//! Tests of reading tables: quoting, line ends, delimiters, headers, encodings, errors.

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
