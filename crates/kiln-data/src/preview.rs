//! What a table holds, before training: per-column type inference, missing and non-finite
//! values, constant columns, the class balance of a target, and the serde-serialisable
//! [`TablePreview`] the worker sends to the page as JSON.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::table::{Column, Table, is_missing, parse_number};
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
}

/// Counts values in one pass: missing, non-finite, numbers, distinct values (capped).
pub(crate) struct ColumnScan<'a> {
    pub summary: ColumnSummary,
    /// Distinct values with counts, in first-seen order (empty once capped).
    pub counts: Vec<(&'a str, usize)>,
    /// (row, cell) of the first few non-finite values.
    pub non_finite_at: Vec<(usize, &'a str)>,
    numeric: bool,
    integers: bool,
    spaced: usize,
    tokens: usize,
}

pub(crate) fn scan(column: &Column, decimal_comma: bool) -> ColumnScan<'_> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut capped = false;
    let (mut missing, mut non_finite, mut present, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let (mut numeric, mut integers, mut used_comma, mut spaced, mut tokens) = (true, true, false, 0usize, 0usize);
    let mut non_finite_at = Vec::new();
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
                    } else if v.fract() != 0.0 {
                        integers = false;
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
    };
    let mut s = ColumnScan {
        summary,
        counts: if capped { Vec::new() } else { counts },
        non_finite_at: if numeric { non_finite_at } else { Vec::new() },
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

    /// True when every present value is a whole number.
    pub fn integers(&self) -> bool {
        self.numeric && self.integers
    }
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

/// What the page shows about a table before training. Every string is data to be shown as text,
/// never markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TablePreview {
    /// Column names in file order.
    pub names: Vec<String>,
    /// One summary per column.
    pub columns: Vec<ColumnSummary>,
    /// The first rows, cells as text, `[rows.len(), names.len()]`.
    pub rows: Vec<Vec<String>>,
    /// File line (1-based) where each previewed row starts.
    pub lines: Vec<u64>,
    /// Number of data rows in the table.
    pub row_count: usize,
    /// The field separator, as a character.
    pub delimiter: char,
    /// Whether the first line was read as column names.
    pub has_header: bool,
    /// `"UTF-8"` or `"Windows-1252"`.
    pub encoding: String,
    /// The chosen target column, if any.
    pub target: Option<String>,
    /// The task suggested for the target (the user may pick the other).
    pub task: Option<TaskChoice>,
    /// Rows per target value, most frequent first (empty for regression or no target).
    pub class_balance: Vec<(String, usize)>,
    /// Sentences about the data: encoding, renamed columns, missing and non-finite values,
    /// constant columns, skipped rows.
    pub notices: Vec<String>,
}

/// What to preview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewOptions {
    /// Target column; `None` picks the last column.
    pub target: Option<String>,
    /// Rows of cells to include (0 → 20).
    pub rows: usize,
    /// The user's kind overrides, by column name.
    pub kinds: Vec<(String, ColumnKind)>,
}

/// Looks up a user override for `name`.
pub(crate) fn override_for(kinds: &[(String, ColumnKind)], name: &str) -> Option<ColumnKind> {
    kinds.iter().find(|(n, _)| n == name).map(|(_, k)| *k)
}

/// Checks an override can apply: a column can be Numeric only when every present value is a number.
pub(crate) fn check_override(table: &Table, column: &Column, kind: ColumnKind) -> Result<(), DataError> {
    if kind != ColumnKind::Numeric {
        return Ok(());
    }
    let comma = table.decimal_comma();
    for (row, cell) in column.iter().enumerate() {
        if !is_missing(cell) && parse_number(cell, comma).is_none() {
            return Err(DataError::Invalid(format!(
                "column `{}` cannot be numeric: line {} has `{}`; fix the value or treat the column as categorical",
                column.name,
                table.line_of(row),
                cell.chars().take(40).collect::<String>()
            )));
        }
    }
    Ok(())
}

/// Summarises a table for the page.
///
/// # Errors
/// [`DataError::Invalid`] when the target or an overridden column does not exist, or an override
/// to numeric does not fit the values.
pub fn preview_table(table: &Table, options: &PreviewOptions) -> Result<TablePreview, DataError> {
    let comma = table.decimal_comma();
    let mut notices = table.notices.clone();
    let mut columns = Vec::with_capacity(table.columns.len());
    let mut scans = Vec::with_capacity(table.columns.len());
    for (name, _) in &options.kinds {
        table.column(name)?;
    }
    for column in &table.columns {
        let mut s = scan(column, comma);
        if let Some(kind) = override_for(&options.kinds, &column.name) {
            check_override(table, column, kind)?;
            s.summary.kind = kind;
        }
        let name = &column.name;
        let sum = &s.summary;
        if sum.missing > 0 {
            notices.push(format!("`{name}` has {} missing value(s)", sum.missing));
        }
        if !s.non_finite_at.is_empty() {
            let at: Vec<String> =
                s.non_finite_at.iter().map(|(r, v)| format!("line {} (`{v}`)", table.line_of(*r))).collect();
            notices.push(format!(
                "`{name}` has {} non-finite value(s): {}; they are treated as missing",
                sum.non_finite,
                at.join(", ")
            ));
        }
        if sum.constant {
            notices.push(format!("`{name}` has the same value in every row: it carries no information"));
        }
        if sum.decimal_comma {
            notices.push(format!("`{name}`: decimal commas read as decimal points (0,5 → 0.5)"));
        }
        columns.push(s.summary.clone());
        scans.push(s);
    }
    let target_index = match &options.target {
        Some(t) => Some(table.index_of(t)?),
        None => table.columns.len().checked_sub(1),
    };
    let (mut task, mut class_balance) = (None, Vec::new());
    if let Some(i) = target_index {
        let s = &scans[i];
        let t = default_task(s.summary.kind, s);
        if t == TaskChoice::Classification {
            let mut counts = s.counts.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect::<Vec<_>>();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            class_balance = counts;
        }
        task = Some(t);
    }
    let n = if options.rows == 0 { 20 } else { options.rows }.min(table.rows);
    let rows = (0..n)
        .map(|r| {
            table
                .columns
                .iter()
                .map(|c| {
                    let cell = c.get(r);
                    if cell.len() > 200 {
                        let cut: String = cell.chars().take(200).collect();
                        format!("{cut}…")
                    } else {
                        cell.to_owned()
                    }
                })
                .collect()
        })
        .collect();
    Ok(TablePreview {
        names: table.names(),
        columns,
        rows,
        lines: table.lines[..n].to_vec(),
        row_count: table.rows,
        delimiter: char::from(table.delimiter),
        has_header: table.has_header,
        encoding: table.encoding.to_owned(),
        target: target_index.map(|i| table.columns[i].name.clone()),
        task,
        class_balance,
        notices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{ReadOptions, read_table};

    fn preview(text: &str, target: Option<&str>) -> TablePreview {
        let t = read_table(text.as_bytes(), &ReadOptions::default()).expect("reads");
        preview_table(&t, &PreviewOptions { target: target.map(str::to_owned), ..PreviewOptions::default() })
            .expect("previews")
    }

    fn kinds(p: &TablePreview) -> Vec<ColumnKind> {
        p.columns.iter().map(|c| c.kind).collect()
    }

    #[test]
    fn infers_kinds_missing_and_constants() {
        let p = preview(
            "x,c,k,note,label\n1,5,a,the quick brown fox,yes\n?,5,b,jumps over the lazy dog,no\nNA,5,a,and runs far away,yes\n4,5,a,into the woods,no\n",
            None,
        );
        use ColumnKind::*;
        assert_eq!(kinds(&p), [Numeric, Numeric, Categorical, Text, Categorical]);
        assert_eq!(p.columns[0].missing, 2);
        assert!(p.columns[1].constant && !p.columns[0].constant);
        assert_eq!(p.target.as_deref(), Some("label"));
        assert_eq!(p.task, Some(TaskChoice::Classification));
        assert_eq!(p.class_balance, [("no".to_owned(), 2), ("yes".to_owned(), 2)]);
        assert!(p.notices.iter().any(|n| n == "`x` has 2 missing value(s)"));
        assert!(p.notices.iter().any(|n| n.starts_with("`c` has the same value")));
        let json = serde_json::to_string(&p).expect("serialises");
        assert_eq!(serde_json::from_str::<TablePreview>(&json).expect("parses"), p);
    }

    #[test]
    fn numeric_targets_suggest_a_task() {
        assert_eq!(preview("x,y\n1,0\n2,1\n3,0\n", None).task, Some(TaskChoice::Classification));
        assert_eq!(preview("x,y\n1,0.5\n2,1.25\n3,0\n", None).task, Some(TaskChoice::Regression));
    }

    #[test]
    fn decimal_commas_with_semicolons() {
        let p = preview("a;b\n0,5;x\n1,25;y\n", None);
        assert_eq!(p.columns[0].kind, ColumnKind::Numeric);
        assert!(p.columns[0].decimal_comma);
    }

    #[test]
    fn non_finite_values_are_located() {
        let p = preview("x1,x2\n1,inf\n2,-inf\n3,4\n", None);
        assert_eq!(p.columns[1].non_finite, 2);
        assert!(p.notices.iter().any(|n| n.contains("line 2 (`inf`), line 3 (`-inf`)")), "{:?}", p.notices);
    }

    #[test]
    fn overrides_are_checked() {
        let t = read_table(b"a,b\n1,x\n2,y\n", &ReadOptions::default()).expect("reads");
        let opts = |k| PreviewOptions { kinds: vec![("b".into(), k)], ..PreviewOptions::default() };
        let err = preview_table(&t, &opts(ColumnKind::Numeric)).expect_err("b is not numeric").to_string();
        assert!(err.contains("line 2 has `x`"), "{err}");
        assert_eq!(preview_table(&t, &opts(ColumnKind::Text)).expect("ok").columns[1].kind, ColumnKind::Text);
    }
}
