//! The default target: a column that can be predicted (not empty, not constant, not an id with a
//! different value in every row, not free text, not a category with too many values), chosen
//! with the reason said. A column named like a target (`label`, `target`, `class`, `y`…) is
//! preferred, even when it cannot be used, so its problem is the one reported; otherwise the last
//! usable column is taken (the convention of scikit-learn, UCI and Kaggle files).

use super::scan::{ColumnKind, ColumnScan};
use crate::table::Table;
use kiln_i18n::Msg;

/// Names that say a column is the one to predict (compared case-insensitively).
pub const TARGET_NAMES: [&str; 9] =
    ["label", "labels", "target", "class", "y", "outcome", "category", "sentiment", "diagnosis"];

/// Names that say a column is a row id (compared case-insensitively): pandas' `Unnamed: 0`
/// (`to_csv` with its index), R's `X` is not here since it is a common feature name.
const ID_NAMES: [&str; 8] = ["id", "index", "unnamed: 0", "row", "rowid", "row_id", "row.names", "#"];

/// Most distinct values a categorical column may have to be a default target.
const MAX_TARGET_LEVELS: usize = 200;

/// Why a column cannot be a target (the `why` of the `data-target-unfit` message: `empty`,
/// `constant`, `id-name`, `all-distinct`, `free-text`, `too-many-values`), or `None` when it can.
pub(crate) fn unfit(table: &Table, scan: &ColumnScan<'_>) -> Option<&'static str> {
    let s = &scan.summary;
    let present = table.rows - s.missing;
    let name = s.name.trim().to_lowercase();
    if present == 0 {
        return Some("empty");
    }
    if s.constant {
        return Some("constant");
    }
    let all_distinct = s.distinct_capped || (present >= 3 && s.distinct == present);
    if ID_NAMES.contains(&name.as_str()) || name.ends_with("_id") || name.ends_with(" id") {
        return Some("id-name");
    }
    if all_distinct && (s.kind != ColumnKind::Numeric || scan.consecutive_integers()) {
        return Some("all-distinct");
    }
    if s.kind == ColumnKind::Text {
        return Some("free-text");
    }
    if s.kind == ColumnKind::Categorical && (s.distinct_capped || s.distinct > MAX_TARGET_LEVELS) {
        return Some("too-many-values");
    }
    None
}

/// The default target's index and the reason it was chosen, shown in the preview.
pub(crate) fn default_target(table: &Table, scans: &[ColumnScan<'_>]) -> Option<(usize, Msg)> {
    let last = scans.len().checked_sub(1)?;
    let named = |i: usize| TARGET_NAMES.contains(&scans[i].summary.name.trim().to_lowercase().as_str());
    if let Some(i) = (0..scans.len()).rev().find(|&i| named(i) && table.rows > scans[i].summary.missing) {
        let name = &scans[i].summary.name;
        return Some((i, Msg::new("data-target-named").arg("column", name)));
    }
    let mut skipped = Vec::new();
    for i in (0..scans.len()).rev() {
        match unfit(table, &scans[i]) {
            None => {
                let name = &scans[i].summary.name;
                let why = if skipped.is_empty() {
                    Msg::new("data-target-last").arg("column", name)
                } else {
                    Msg::new("data-target-last-usable").arg("column", name).arg("skipped", skipped)
                };
                return Some((i, why));
            }
            Some(reason) if skipped.len() < 4 => {
                skipped.push(Msg::new("data-target-unfit").arg("column", &scans[i].summary.name).arg("why", reason));
            }
            Some(_) => {}
        }
    }
    let name = &scans[last].summary.name;
    Some((last, Msg::new("data-target-none").arg("column", name).arg("skipped", skipped)))
}
