//! Which columns take part: the input columns (chosen, or every encodable column besides the
//! target; the target's classes are [`crate::labels`]' business).

use super::options::{MAX_LEVELS, PrepareOptions};
use crate::error::DataError;
use crate::preview::{ColumnKind, ColumnScan};
use crate::table::Table;
use kiln_i18n::Msg;

/// Picks the input columns.
pub(super) fn input_columns(
    table: &Table,
    options: &PrepareOptions,
    target: usize,
    kinds: &[ColumnKind],
    scans: &[ColumnScan<'_>],
    notices: &mut Vec<Msg>,
) -> Result<Vec<usize>, DataError> {
    let too_many = |i: usize| {
        kinds[i] == ColumnKind::Categorical
            && (scans[i].summary.distinct_capped || scans[i].summary.distinct > MAX_LEVELS)
    };
    let chosen: Vec<usize> = match &options.inputs {
        Some(names) => {
            let mut out = Vec::new();
            for n in names {
                let i = table.index_of(n)?;
                if i == target {
                    return Err(DataError::Invalid(Msg::new("error-data-target-as-input").arg("column", n)));
                }
                if too_many(i) {
                    return Err(DataError::Invalid(
                        Msg::new("error-data-too-many-levels").arg("column", n).arg("max", MAX_LEVELS),
                    ));
                }
                out.push(i);
            }
            out
        }
        None => {
            let ignored = |i: usize| options.ignore.iter().any(|n| *n == table.columns[i].name);
            let others: Vec<usize> = (0..table.columns.len()).filter(|&i| i != target && !ignored(i)).collect();
            let usable: Vec<usize> = others.iter().copied().filter(|&i| kinds[i] != ColumnKind::Text).collect();
            if usable.is_empty() {
                others.into_iter().take(1).collect()
            } else {
                for &i in &others {
                    let name = &table.columns[i].name;
                    if kinds[i] == ColumnKind::Text {
                        notices.push(Msg::new("data-notice-free-text").arg("column", name));
                    } else if too_many(i) {
                        notices
                            .push(Msg::new("data-notice-too-many-levels").arg("column", name).arg("max", MAX_LEVELS));
                    }
                }
                usable.into_iter().filter(|&i| !too_many(i)).collect()
            }
        }
    };
    if chosen.is_empty() {
        return Err(DataError::invalid("error-data-no-inputs"));
    }
    let texts = chosen.iter().filter(|&&i| kinds[i] == ColumnKind::Text).count();
    if texts > 0 && chosen.len() > 1 {
        return Err(DataError::invalid("error-data-text-not-alone"));
    }
    Ok(chosen)
}
