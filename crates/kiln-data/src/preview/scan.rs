//! Per-column type inference: numbers (plain, decimal commas, formatted), categories or free
//! text; missing and non-finite values, distinct counts, constant columns, the suggested task
//! of a target, the person's kind overrides, and the number readings.

use kiln_i18n::Msg;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::reading::{Reading, ReadingId, applies};
use crate::table::{Column, NumberStyle, Table, infer_style, is_missing, parse_number};
use crate::text::tokenize;

/// How a column is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColumnKind {
    /// Numbers: standardised as inputs; a regression target or a few integer classes as target.
    Numeric,
    /// A few repeated labels: one-hot encoded as inputs; classes as target.
    Categorical,
    /// Free text (sentences): tokenized into word ids for a text model.
    Text,
}

/// Distinct values counted per column before giving up (a column with more is not categorical).
pub const DISTINCT_CAP: usize = 1000;
/// Mean length (characters) above which a non-numeric column is free text.
pub const TEXT_MEAN_CHARS: f64 = 30.0;
/// Column names that mean free text when the column is not numeric.
const TEXT_NAMES: [&str; 12] = [
    "text",
    "review",
    "reviews",
    "comment",
    "comments",
    "sentence",
    "message",
    "body",
    "content",
    "description",
    "tweet",
    "document",
];

/// What one pass over a column found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    /// Column name.
    pub name: String,
    /// The kind in use: the inferred one unless the user overrode it.
    pub kind: ColumnKind,
    /// The kind inferred from the values.
    pub inferred: ColumnKind,
    /// Missing cells (empty, `NA`, `N/A`, `?`, `NaN`, `null`, `None`).
    pub missing: usize,
    /// Cells holding `inf`, `-inf` or a number too large for a float.
    pub non_finite: usize,
    /// Distinct non-missing values (counting stops at [`DISTINCT_CAP`]).
    pub distinct: usize,
    /// True when counting stopped at [`DISTINCT_CAP`].
    pub distinct_capped: bool,
    /// At most one distinct value: carries no information.
    pub constant: bool,
    /// Mean length of the non-missing cells, in characters.
    pub mean_chars: f64,
    /// True when some number used a decimal comma (`0,5`).
    pub decimal_comma: bool,
    /// True when the numbers are formatted (thousands separators, currency signs or `%`
    /// removed to read them; see the column's reading).
    #[serde(default)]
    pub formatted: bool,
}

/// Counts values in one pass: missing, non-finite, numbers, distinct values (capped).
pub(crate) struct ColumnScan<'a> {
    pub summary: ColumnSummary,
    /// (row, cell) of the first few non-finite values.
    pub non_finite_at: Vec<(usize, &'a str)>,
    /// How the column writes its numbers (meaningful when it is numeric).
    pub style: NumberStyle,
    /// The rule used when the numbers are formatted.
    pub formatted_reading: Option<Msg>,
    /// Smallest and largest finite value (numeric columns).
    range: (f64, f64),
    numeric: bool,
    integers: bool,
    spaced: usize,
    tokens: usize,
}

/// What may be guessed about one column's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumberRules {
    /// Decimal commas allowed (`;`-separated files, unless undone).
    pub decimal_comma: bool,
    /// Formatted numbers allowed (thousands separators, currency, `%`; unless undone).
    pub formatted: bool,
}

/// The number rules for each column of `table`, after the person's undos.
pub(crate) fn number_rules(table: &Table, column: &str, undo: &[ReadingId]) -> NumberRules {
    let column = column.to_owned();
    NumberRules {
        decimal_comma: table.decimal_comma() && applies(undo, &ReadingId::DecimalComma { column: column.clone() }),
        formatted: applies(undo, &ReadingId::Numbers { column }),
    }
}

/// Scans every column of `table` with the number rules left after `undo`.
pub(crate) fn scan_table<'a>(table: &'a Table, undo: &[ReadingId]) -> Vec<ColumnScan<'a>> {
    table.columns.iter().map(|c| scan(c, number_rules(table, &c.name, undo))).collect()
}

/// The readings of the columns' numbers: formatted numbers and decimal commas, each undoable.
pub(crate) fn number_readings(scans: &[ColumnScan<'_>], undo: &[ReadingId]) -> Vec<Reading> {
    let mut out = Vec::new();
    for s in scans {
        let name = &s.summary.name;
        if let Some(r) = &s.formatted_reading {
            out.push(Reading::new(ReadingId::Numbers { column: name.clone() }, r.clone(), undo));
        } else if undo.contains(&ReadingId::Numbers { column: name.clone() }) {
            let rule = Msg::new("data-reading-numbers-as-text").arg("column", name);
            out.push(Reading::new(ReadingId::Numbers { column: name.clone() }, rule, undo));
        }
        let comma = ReadingId::DecimalComma { column: name.clone() };
        if s.summary.decimal_comma || undo.contains(&comma) {
            let rule = Msg::new("data-reading-decimal-comma").arg("column", name);
            out.push(Reading::new(comma, rule, undo));
        }
    }
    out
}

/// One pass over a column (two when its numbers are formatted).
pub(crate) fn scan(column: &Column, rules: NumberRules) -> ColumnScan<'_> {
    let decimal_comma = rules.decimal_comma;
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut capped = false;
    let (mut missing, mut non_finite, mut present, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let (mut numeric, mut integers, mut used_comma, mut spaced, mut tokens) = (true, true, false, 0usize, 0usize);
    let mut non_finite_at = Vec::new();
    let mut range = (f64::INFINITY, f64::NEG_INFINITY);
    for (row, cell) in column.iter().enumerate() {
        if is_missing(cell) {
            missing += 1;
            continue;
        }
        present += 1;
        let value = cell.trim();
        chars += value.chars().count();
        if numeric {
            match parse_number(value, decimal_comma) {
                Some(v) => {
                    used_comma |= decimal_comma && value.contains(',');
                    if !v.is_finite() {
                        non_finite += 1;
                        if non_finite_at.len() < 5 {
                            non_finite_at.push((row, value));
                        }
                    } else {
                        integers &= v.fract() == 0.0;
                        range = (range.0.min(v), range.1.max(v));
                    }
                }
                None => numeric = false,
            }
        }
        if !numeric && present <= 2000 {
            spaced += usize::from(value.contains(char::is_whitespace));
            tokens += tokenize(value).len();
        }
        if !capped {
            match index.get(value) {
                Some(&i) => counts[i].1 += 1,
                None if counts.len() < DISTINCT_CAP => {
                    index.insert(value, counts.len());
                    counts.push((value, 1));
                }
                None => capped = true,
            }
        }
    }
    let distinct = counts.len();
    let mean_chars = if present == 0 { 0.0 } else { chars as f64 / present as f64 };
    let mut style = NumberStyle { decimal_comma: used_comma, ..NumberStyle::default() };
    let mut formatted_reading = None;
    if !numeric
        && rules.formatted
        && let Some(s) = infer_style(column.iter(), decimal_comma, true)
    {
        // Formatted numbers (`1,200`, `$3.50`, `45%`): read again in that style.
        (numeric, integers, non_finite) = (true, true, 0);
        non_finite_at.clear();
        range = (f64::INFINITY, f64::NEG_INFINITY);
        let mut shown = Vec::new();
        for cell in column.iter().filter(|c| !is_missing(c)) {
            if let Some(v) = s.parse(cell) {
                integers &= v.fract() == 0.0;
                range = (range.0.min(v), range.1.max(v));
            }
            if shown.len() < 2 && s.parse(cell).is_some_and(|v| cell.trim() != format!("{v}")) {
                shown.push(format!("`{}` → {}", cell.trim(), s.parse(cell).unwrap_or_default()));
            }
        }
        used_comma = s.decimal_comma;
        style = s;
        formatted_reading = Some(formatted_rule(&column.name, &s, &shown));
    }
    let numeric = numeric && present > non_finite;
    let summary = ColumnSummary {
        name: column.name.clone(),
        kind: ColumnKind::Categorical,
        inferred: ColumnKind::Categorical,
        missing,
        non_finite: if numeric { non_finite } else { 0 },
        distinct,
        distinct_capped: capped,
        constant: distinct <= 1 && !capped,
        mean_chars,
        decimal_comma: numeric && used_comma,
        formatted: numeric && style.is_formatted(),
    };
    let mut s = ColumnScan {
        summary,
        non_finite_at: if numeric { non_finite_at } else { Vec::new() },
        style,
        formatted_reading: formatted_reading.filter(|_| numeric),
        range,
        numeric,
        integers,
        spaced,
        tokens,
    };
    s.summary.inferred = s.infer(present);
    s.summary.kind = s.summary.inferred;
    s
}

impl ColumnScan<'_> {
    fn infer(&self, present: usize) -> ColumnKind {
        if self.numeric {
            return ColumnKind::Numeric;
        }
        let sampled = present.clamp(1, 2000);
        let all_distinct = self.summary.distinct_capped || (present >= 3 && self.summary.distinct == present);
        let name = self.summary.name.to_lowercase();
        let texty_name = TEXT_NAMES.iter().any(|t| name == *t || name.ends_with(&format!("_{t}")));
        let mean_tokens = self.tokens as f64 / sampled as f64;
        let spaced = self.spaced as f64 / sampled as f64;
        if self.summary.mean_chars > TEXT_MEAN_CHARS
            || (texty_name && present > 0)
            || (all_distinct && (mean_tokens >= 3.0 || spaced > 0.5))
        {
            ColumnKind::Text
        } else {
            ColumnKind::Categorical
        }
    }

    /// True for whole numbers that are all different and fill a run (`0..n` or `1..n` in any
    /// order): a row number, not a quantity.
    pub fn consecutive_integers(&self) -> bool {
        let present = self.summary.distinct;
        self.integers() && !self.summary.distinct_capped && (self.range.1 - self.range.0 + 1.0) == present as f64
    }

    /// True when every present value is a whole number.
    pub fn integers(&self) -> bool {
        self.numeric && self.integers
    }
}

/// The sentence stating how a column's formatted numbers were read.
fn formatted_rule(name: &str, s: &NumberStyle, shown: &[String]) -> Msg {
    let mut removed = Vec::new();
    if let Some(g) = s.grouping {
        let m = match g {
            ' ' => Msg::new("data-reading-grouping-spaces"),
            '\u{a0}' => Msg::new("data-reading-grouping-nbsp"),
            g => Msg::new("data-reading-grouping").arg("separator", g.to_string()),
        };
        removed.push(m);
    }
    if s.currency {
        removed.push(Msg::new("data-reading-currency"));
    }
    if s.percent {
        removed.push(Msg::new("data-reading-percent"));
    }
    Msg::new("data-reading-numbers")
        .arg("column", name)
        .arg("removed", removed)
        .arg("examples", if shown.is_empty() { "none".to_string() } else { shown.join(", ") })
}

/// Looks up a user override for `name`.
pub(crate) fn override_for(kinds: &[(String, ColumnKind)], name: &str) -> Option<ColumnKind> {
    kinds.iter().find(|(n, _)| n == name).map(|(_, k)| *k)
}

/// Checks an override can apply: a column can be Numeric only when every present value is a number.
/// Numbers are read in the column's own style (`style`, from its scan).
pub(crate) fn check_override(
    table: &Table,
    column: &Column,
    kind: ColumnKind,
    style: &NumberStyle,
) -> Result<(), DataError> {
    if kind != ColumnKind::Numeric {
        return Ok(());
    }
    for (row, cell) in column.iter().enumerate() {
        if !is_missing(cell) && style.parse(cell).is_none() {
            return Err(DataError::Invalid(
                Msg::new("error-data-not-numeric-override")
                    .arg("column", &column.name)
                    .arg("line", table.line_of(row))
                    .arg("value", cell.chars().take(40).collect::<String>()),
            ));
        }
    }
    Ok(())
}

/// Which learning task a target suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskChoice {
    /// Predict one of a few classes (2 → binary).
    Classification,
    /// Predict a real value.
    Regression,
}

/// Most distinct whole numbers a numeric target may have to be classes by default.
pub const MAX_DEFAULT_CLASSES: usize = 20;

/// The default task for a target column: non-numeric, or whole numbers with at most
/// [`MAX_DEFAULT_CLASSES`] distinct values (such as 0/1) → classification; otherwise regression.
pub(crate) fn default_task(kind: ColumnKind, scan: &ColumnScan<'_>) -> TaskChoice {
    if kind != ColumnKind::Numeric
        || (scan.integers() && !scan.summary.distinct_capped && scan.summary.distinct <= MAX_DEFAULT_CLASSES)
    {
        TaskChoice::Classification
    } else {
        TaskChoice::Regression
    }
}
