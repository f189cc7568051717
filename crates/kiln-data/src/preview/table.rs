//! The JSON preview of a table ([`TablePreview`]): column summaries, the first rows, the
//! target (the person's or the default, with its reason), its class balance, every reading and
//! the notices. Every string in it is data to be shown as text, never markup.

use kiln_i18n::Msg;
use serde::{Deserialize, Serialize};

use super::scan::{
    ColumnKind, ColumnSummary, TaskChoice, check_override, default_task, number_readings, number_rules, override_for,
    scan_table,
};
use super::target::default_target;
use crate::error::DataError;
use crate::labels::{MAX_CLASSES, target_labels};
use crate::reading::{Reading, ReadingId};
use crate::table::Table;

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
    /// Why this target: chosen by the person (`None`), or the default's reason ("`species` is
    /// the last column that can be predicted (`id` has a different value in every row)").
    #[serde(default)]
    pub target_reason: Option<Msg>,
    /// Every guess made reading the table (delimiter hint, trailing delimiters, formatted
    /// numbers, label cleaning…), each with its rule and a way to undo it.
    #[serde(default)]
    pub readings: Vec<Reading>,
    /// Sentences about the data: encoding, renamed columns, missing and non-finite values,
    /// constant columns, skipped rows, and the rule of every reading in force (so a page that
    /// shows only notices still states each guess).
    pub notices: Vec<Msg>,
}

/// What to preview.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PreviewOptions {
    /// Target column; `None` picks one that can be predicted (see [`TablePreview::target_reason`]).
    pub target: Option<String>,
    /// Rows of cells to include (0 → 20).
    pub rows: usize,
    /// The user's kind overrides, by column name.
    pub kinds: Vec<(String, ColumnKind)>,
    /// Guesses the person undid (column-level: numbers, decimal commas, label cleaning).
    #[serde(default)]
    pub undo: Vec<ReadingId>,
    /// The reason a default `target` was chosen, when the caller chose it (shown as is).
    #[serde(default)]
    pub target_reason: Option<Msg>,
}

/// Summarises a table for the page.
///
/// # Errors
/// [`DataError::Invalid`] when the target or an overridden column does not exist, or an override
/// to numeric does not fit the values.
pub fn preview_table(table: &Table, options: &PreviewOptions) -> Result<TablePreview, DataError> {
    let undo = &options.undo;
    let mut notices = table.notices.clone();
    for (name, _) in &options.kinds {
        table.column(name)?;
    }
    let mut scans = scan_table(table, undo);
    let mut columns = Vec::with_capacity(table.columns.len());
    for (column, s) in table.columns.iter().zip(&mut scans) {
        if let Some(kind) = override_for(&options.kinds, &column.name) {
            check_override(table, column, kind, &s.style)?;
            s.summary.kind = kind;
        }
        let name = &column.name;
        let sum = &s.summary;
        if sum.missing > 0 {
            notices.push(Msg::new("data-notice-missing").arg("column", name).arg("missing", sum.missing));
        }
        if !s.non_finite_at.is_empty() {
            let at: Vec<Msg> = s
                .non_finite_at
                .iter()
                .map(|(r, v)| Msg::new("data-notice-at-line").arg("line", table.line_of(*r)).arg("value", *v))
                .collect();
            notices.push(
                Msg::new("data-notice-non-finite").arg("column", name).arg("count", sum.non_finite).arg("at", at),
            );
        }
        if sum.constant {
            notices.push(Msg::new("data-notice-constant").arg("column", name));
        }
        columns.push(s.summary.clone());
    }
    let mut readings = table.readings.clone();
    readings.extend(number_readings(&scans, undo));
    let (target_index, target_reason) = match &options.target {
        Some(t) => (Some(table.index_of(t)?), options.target_reason.clone()),
        None => match default_target(table, &scans) {
            Some((i, why)) => (Some(i), Some(why)),
            None => (None, None),
        },
    };
    let (mut task, mut class_balance) = (None, Vec::new());
    if let Some(i) = target_index {
        let s = &scans[i];
        let t = default_task(s.summary.kind, s);
        if t == TaskChoice::Classification {
            let rules = number_rules(table, &s.summary.name, undo);
            if let Ok(labels) = target_labels(&table.columns[i], rules.decimal_comma, undo, MAX_CLASSES) {
                let mut counts: Vec<(String, usize)> = labels.names.into_iter().zip(labels.counts).collect();
                counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                class_balance = counts;
                readings.extend(labels.readings);
            }
        }
        task = Some(t);
    }
    notices.extend(readings.iter().filter(|r| !r.undone).map(|r| r.rule.clone()));
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
        target_reason,
        readings,
        notices,
    })
}
