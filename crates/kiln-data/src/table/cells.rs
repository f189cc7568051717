//! One cell's meaning: missing-value spellings, and numbers as spreadsheet users write them:
//! plain (`2.5`, `-inf`), with a decimal comma (`0,5`), or formatted ([`NumberStyle`]: thousands
//! separators `1,200` / `1.200,50` / `1 200`, currency signs `$3.50` / `3,50 €`, percentages
//! `45%` → 0.45, accounting negatives `(1,200)`), as Excel, LibreOffice and Google Sheets write
//! a formatted cell's displayed value to CSV.

use serde::{Deserialize, Serialize};

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

/// Currency signs removed from a formatted number (before or after it, spaces allowed).
pub const CURRENCY: [char; 6] = ['$', '€', '£', '¥', '₹', '₩'];

/// How one column writes its numbers. The default is plain numbers ([`parse_number`] without
/// decimal commas).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberStyle {
    /// `0,5` means 0.5 (only ever guessed for `;`-separated files).
    pub decimal_comma: bool,
    /// The thousands separator (`,` `.` space, no-break space or `'`), when the column groups
    /// digits in threes (`1,200`).
    pub grouping: Option<char>,
    /// Some cells carry a currency sign ([`CURRENCY`]), removed.
    pub currency: bool,
    /// Some cells end with `%`: the value is divided by 100 (`45%` → 0.45, what the
    /// spreadsheet cell holds).
    pub percent: bool,
}

impl NumberStyle {
    /// True when the style removes anything from the cells (grouping, currency or percent).
    pub fn is_formatted(&self) -> bool {
        self.grouping.is_some() || self.currency || self.percent
    }

    /// Parses a cell in this style (missing values are not numbers).
    pub fn parse(&self, cell: &str) -> Option<f64> {
        if !self.is_formatted() {
            return parse_number(cell, self.decimal_comma);
        }
        let (v, _, _) = parse_formatted(cell, self.decimal_comma, self.grouping)?;
        Some(v)
    }
}

/// Parses a formatted number: optional sign or accounting parentheses, a currency sign before or
/// after, digits grouped by `grouping` in threes, a decimal part after `.` (or `,` with
/// `decimal_comma`), an optional `%`. Returns the value and whether a currency sign and a `%`
/// were present.
fn parse_formatted(cell: &str, decimal_comma: bool, grouping: Option<char>) -> Option<(f64, bool, bool)> {
    let mut t = cell.trim();
    if t.is_empty() || is_missing(t) {
        return None;
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    let strip_currency = |s: &str| -> Option<String> {
        let s = s.trim();
        let s = s.strip_prefix(CURRENCY).or_else(|| s.strip_suffix(CURRENCY))?;
        Some(s.trim().to_owned())
    };
    let mut currency = false;
    let mut body = t.to_owned();
    for _ in 0..2 {
        // `-$3.50`, `$-3.50`, `$(3.50)`: sign and currency in either order.
        if let Some(rest) = body.strip_prefix('-') {
            negative = !negative;
            body = rest.trim().to_owned();
        } else if let Some(rest) = body.strip_prefix('+') {
            body = rest.trim().to_owned();
        }
        if let Some(rest) = strip_currency(&body) {
            currency = true;
            body = rest;
        }
        if let Some(inner) = body.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            negative = !negative;
            body = inner.trim().to_owned();
        }
    }
    let percent = body.ends_with('%');
    if percent {
        body = body.trim_end_matches('%').trim_end().to_owned();
    }
    let (decimal, other) = if decimal_comma { (',', '.') } else { ('.', ',') };
    let (int, frac) = match body.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (body.as_str(), None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let digits: String = match grouping {
        Some(g) if int.contains(g) => {
            let groups: Vec<&str> = int.split(g).collect();
            let ok = groups.first().is_some_and(|f| (1..=3).contains(&f.len()))
                && groups[1..].iter().all(|p| p.len() == 3)
                && groups.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return None;
            }
            groups.concat()
        }
        _ => int.to_owned(),
    };
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || int.contains(other) && grouping != Some(other)
    {
        return None;
    }
    let text = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let mut v: f64 = text.parse().ok()?;
    if percent {
        v /= 100.0;
    }
    Some((if negative { -v } else { v }, currency, percent))
}

/// The style under which every present cell of `cells` is a number, or `None` when some cell is
/// not a number in any style. Plain numbers come first (with decimal commas only when
/// `decimal_comma` is allowed, as for `;`-separated files); only when they fail are formatted
/// styles tried (`formatted`), in the order the separators make sense for the file: `1,200.50`,
/// `1 200.50`, `1'200.50` (and, with decimal commas, `1.200,50`, `1 200,50` first).
pub fn infer_style<'a>(
    cells: impl Iterator<Item = &'a str> + Clone,
    decimal_comma: bool,
    formatted: bool,
) -> Option<NumberStyle> {
    let present = || cells.clone().filter(|c| !is_missing(c));
    let plain = NumberStyle { decimal_comma, ..NumberStyle::default() };
    if present().all(|c| parse_number(c, decimal_comma).is_some()) {
        return Some(plain);
    }
    if !formatted {
        return None;
    }
    let nbsp = '\u{a0}';
    let mut candidates: Vec<(bool, Option<char>)> = Vec::new();
    if decimal_comma {
        candidates.extend([(true, Some('.')), (true, Some(' ')), (true, Some(nbsp)), (true, None)]);
    }
    candidates.extend([
        (false, Some(',')),
        (false, Some(' ')),
        (false, Some(nbsp)),
        (false, Some('\'')),
        (false, None),
    ]);
    for (comma, grouping) in candidates {
        let (mut currency, mut percent, mut grouped, mut ok) = (false, false, false, true);
        for c in present() {
            match parse_formatted(c, comma, grouping) {
                Some((_, cur, pct)) => {
                    currency |= cur;
                    percent |= pct;
                    grouped |= grouping.is_some_and(|g| c.contains(g));
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            let style = NumberStyle { decimal_comma: comma, grouping: grouping.filter(|_| grouped), currency, percent };
            // A style that removes nothing is plain numbers, which failed above.
            if style.is_formatted() {
                return Some(style);
            }
        }
    }
    None
}
