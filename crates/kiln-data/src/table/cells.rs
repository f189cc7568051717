//! One cell's meaning: missing-value spellings and numbers as spreadsheet users write them.

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
