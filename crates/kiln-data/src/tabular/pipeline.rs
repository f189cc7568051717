//! [`prepare_table`]: target and task, inputs, missing values, the seeded stratified split, then
//! features or token ids, checked finite.

use super::columns::input_columns;
use super::features::{Decoded, Feature, encode_features, fit_features, impute_notices};
use super::options::{MissingPolicy, PrepareOptions, PreparedTable};
use crate::error::DataError;
use crate::examples::{Examples, Inputs, Splits, Targets};
use crate::labels::{MAX_CLASSES, target_labels};
use crate::preview::{
    ColumnKind, ColumnScan, TaskChoice, check_override, default_task, number_rules, override_for, scan_table,
};
use crate::raw::RawExamples;
use crate::split::stratified_split;
use crate::table::{Table, is_missing};
use crate::text::check_text_prep;
use crate::tokenizer::encode_texts;
use kiln_i18n::Msg;

/// Prepares a table for training: picks the target, task and inputs, handles missing values,
/// splits (seeded, stratified by class), and encodes with training-split statistics only.
///
/// Numeric inputs are standardised with the training mean and standard deviation (a column with
/// one value is divided by 1 and flagged); categorical inputs are one-hot encoded over the
/// training levels; one free-text input gives token ids (`[n, text.seq_len]`) with a vocabulary
/// built on the training split. Two classes give [`Targets::Binary`], more give
/// [`Targets::Classes`]; regression targets are used as they are.
///
/// # Errors
/// [`DataError::Invalid`] with a sentence saying what to do: an unknown column, a regression
/// target that is not numeric, fewer than 2 classes ("classification needs at least 2 classes;
/// only `yes` found"), too many classes or levels, a text column mixed with other inputs, bad
/// split or text settings, or no rows left for training.
pub fn prepare_table(table: &Table, options: &PrepareOptions) -> Result<PreparedTable, DataError> {
    options.split.validate().map_err(|e| DataError::Invalid(Msg::verbatim(e)))?;
    let target = table.index_of(&options.target)?;
    for name in options.kinds.iter().map(|(n, _)| n).chain(&options.ignore) {
        table.column(name)?;
    }
    if options.ignore.contains(&options.target) {
        return Err(DataError::Invalid(Msg::new("error-data-target-left-out").arg("column", &options.target)));
    }
    let scans: Vec<ColumnScan<'_>> = scan_table(table, &options.undo);
    let mut kinds = Vec::with_capacity(scans.len());
    for (column, s) in table.columns.iter().zip(&scans) {
        let kind = override_for(&options.kinds, &column.name).unwrap_or(s.summary.inferred);
        check_override(table, column, kind, &s.style)?;
        kinds.push(kind);
    }
    let mut notices = Vec::new();
    let target_name = &table.columns[target].name;
    let task = options.task.unwrap_or_else(|| default_task(kinds[target], &scans[target]));
    let inputs = input_columns(table, options, target, &kinds, &scans, &mut notices)?;

    // Per-row target: class id or value; None = leave the row out.
    let (class_names, class_ids, values): (Vec<String>, Vec<Option<u32>>, Vec<Option<f32>>) = match task {
        TaskChoice::Classification => {
            let comma = number_rules(table, target_name, &options.undo).decimal_comma;
            let labels = target_labels(&table.columns[target], comma, &options.undo, MAX_CLASSES)?;
            (labels.names, labels.ids, Vec::new())
        }
        TaskChoice::Regression => {
            if kinds[target] != ColumnKind::Numeric {
                return Err(DataError::Invalid(Msg::new("error-data-target-not-numeric").arg("column", target_name)));
            }
            let v = table.columns[target]
                .iter()
                .map(|c| scans[target].style.parse(c).map(|v| v as f32).filter(|v| v.is_finite()))
                .collect();
            (Vec::new(), Vec::new(), v)
        }
    };
    let target_ok = |r: usize| match task {
        TaskChoice::Classification => class_ids[r].is_some(),
        TaskChoice::Regression => values[r].is_some(),
    };
    let text_input = (kinds[inputs[0]] == ColumnKind::Text).then_some(inputs[0]);
    // Each input column decoded once, in row order (numbers parsed, categories as ids): the
    // later passes visit rows in shuffled split order, and re-reading cells there costs a parse
    // and several cache misses per cell.
    let decoded: Vec<Decoded<'_>> = if text_input.is_some() {
        Vec::new()
    } else {
        inputs.iter().map(|&i| Decoded::of(&table.columns[i], kinds[i], &scans[i].style)).collect()
    };
    let cell_ok = |k: usize, r: usize| match decoded.get(k) {
        Some(d) => d.present(r),
        None => !is_missing(table.columns[inputs[k]].get(r)),
    };
    let drop_inputs = options.missing == MissingPolicy::DropRows || text_input.is_some();
    let (mut no_target, mut no_input) = (0usize, 0usize);
    let kept: Vec<usize> = (0..table.rows)
        .filter(|&r| {
            if !target_ok(r) {
                no_target += 1;
                false
            } else if drop_inputs && !(0..inputs.len()).all(|k| cell_ok(k, r)) {
                no_input += 1;
                false
            } else {
                true
            }
        })
        .collect();
    if no_target > 0 {
        notices.push(Msg::new("data-notice-no-target").arg("rows", no_target).arg("column", target_name));
    }
    if no_input > 0 {
        let why = if text_input.is_some() { "empty-text" } else { "missing-inputs" };
        notices.push(Msg::new("data-notice-no-input").arg("rows", no_input).arg("why", why));
    }
    let strata: Vec<u32> = match task {
        TaskChoice::Classification => kept.iter().map(|&r| class_ids[r].unwrap_or(0)).collect(),
        TaskChoice::Regression => vec![0; kept.len()],
    };
    if let TaskChoice::Classification = task {
        let mut present: Vec<u32> = strata.clone();
        present.sort_unstable();
        present.dedup();
        if present.len() < 2 {
            let only = present.first().map_or("", |&c| class_names[c as usize].as_str());
            return Err(DataError::Invalid(Msg::new("error-data-one-class-rows").arg("class", only)));
        }
    }
    let split = stratified_split(&strata, &options.split, options.seed);
    if split.train.is_empty() {
        return Err(DataError::Invalid(
            Msg::new("error-data-no-training-rows").arg("usable", kept.len()).arg("rows", table.rows),
        ));
    }
    let rows_of = |ix: &[usize]| ix.iter().map(|&k| kept[k]).collect::<Vec<usize>>();
    let parts = [rows_of(&split.train), rows_of(&split.validation), rows_of(&split.test)];
    let targets_of = |rows: &[usize]| match task {
        TaskChoice::Regression => {
            Targets::Regression { values: rows.iter().map(|&r| values[r].unwrap_or(0.0)).collect() }
        }
        TaskChoice::Classification => {
            let labels = rows.iter().map(|&r| class_ids[r].unwrap_or(0)).collect();
            if class_names.len() == 2 {
                Targets::Binary { labels }
            } else {
                Targets::Classes { labels, classes: class_names.len() }
            }
        }
    };

    let (features, vocab, inputs_of): (Vec<Feature>, _, Vec<Inputs>) = if let Some(col) = text_input {
        check_text_prep(&options.text)?;
        let column = &table.columns[col];
        let docs: Vec<Vec<&str>> = parts.iter().map(|p| p.iter().map(|&r| column.get(r)).collect()).collect();
        let (vocab, encoded) = encode_texts(&docs, &options.text)?;
        let inputs = encoded.into_iter().map(|ids| Inputs::Tokens { ids, seq_len: options.text.seq_len }).collect();
        (Vec::new(), Some((column.name.clone(), vocab)), inputs)
    } else {
        let names: Vec<&str> = inputs.iter().map(|&i| table.columns[i].name.as_str()).collect();
        let features = fit_features(&names, &decoded, &parts[0], &mut notices)?;
        if options.missing == MissingPolicy::Impute {
            impute_notices(&names, &decoded, &kept, &features, &mut notices);
        }
        let width: usize = features.iter().map(Feature::width).sum();
        let inputs = parts
            .iter()
            .map(|rows| Inputs::Features { values: encode_features(&features, &decoded, rows, width), width })
            .collect();
        (features, None, inputs)
    };
    let mut examples =
        inputs_of.into_iter().zip(&parts).map(|(inputs, rows)| Examples { inputs, targets: targets_of(rows) });
    let (Some(train), Some(validation), Some(test)) = (examples.next(), examples.next(), examples.next()) else {
        return Err(DataError::NoRows);
    };
    for (split, e) in [("training", &train), ("validation", &validation), ("test", &test)] {
        e.check().map_err(|m| {
            DataError::Invalid(Msg::new("error-data-split-check").arg("split", split).arg("problem", m))
        })?;
    }
    Ok(PreparedTable {
        splits: Splits { train, validation, test, class_names, test_raw: raw_rows(table, text_input, &parts[2]) },
        features,
        vocab,
        dropped_rows: no_target + no_input,
        notices,
    })
}

/// The test rows as read, for the test report: the text cell of a text-column table, else every
/// cell of the row.
pub(crate) fn raw_rows(table: &Table, text_input: Option<usize>, rows: &[usize]) -> RawExamples {
    match text_input {
        Some(col) => RawExamples::Texts { texts: rows.iter().map(|&r| table.columns[col].get(r).to_owned()).collect() },
        None => RawExamples::Rows {
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            rows: rows.iter().map(|&r| table.columns.iter().map(|c| c.get(r).to_owned()).collect()).collect(),
        },
    }
}
