//! From a [`Table`] to training examples: target and task, input columns, missing values, a
//! seeded stratified split, then features computed with training-split statistics only
//! (numeric columns standardised, categorical columns one-hot encoded), or, for a single
//! free-text input column, token ids with a vocabulary built on the training split.

use std::collections::HashMap;

use kiln_core::{SplitConfig, TextPrepConfig};
use serde::{Deserialize, Serialize};

use crate::examples::{Examples, Inputs, Splits, Targets};
use crate::preview::{ColumnKind, ColumnScan, TaskChoice, check_override, default_task, override_for, scan};
use crate::raw::RawExamples;
use crate::reviews::DataError;
use crate::split::stratified_split;
use crate::table::{Column, Table, is_missing, parse_number};
use crate::text::Vocabulary;
use crate::textset::{check_text_prep, encode_texts};

/// What to do with rows whose inputs have missing (or non-finite) values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MissingPolicy {
    /// Fill numbers with the training mean and categories with the training mode.
    #[default]
    Impute,
    /// Leave such rows out.
    DropRows,
}

/// Most levels a categorical input may have to be one-hot encoded.
pub const MAX_LEVELS: usize = 50;
/// Most classes a classification target may have.
pub const MAX_CLASSES: usize = 200;

/// How to turn a table into [`Splits`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrepareOptions {
    /// Target column name.
    pub target: String,
    /// Classification or regression; `None` uses the suggestion (see [`crate::TablePreview::task`]).
    pub task: Option<TaskChoice>,
    /// Input column names; `None` uses every other column that can be encoded (free text only
    /// when it is the only other column kind).
    pub inputs: Option<Vec<String>>,
    /// Columns the user chose to leave out (used when `inputs` is `None`).
    pub ignore: Vec<String>,
    /// The user's kind overrides, by column name.
    pub kinds: Vec<(String, ColumnKind)>,
    /// Split fractions.
    pub split: SplitConfig,
    /// Seed of the split.
    pub seed: u64,
    /// Missing-value policy for inputs (rows with a missing target are always left out).
    pub missing: MissingPolicy,
    /// Vocabulary size and sequence length, used when the input is a text column.
    pub text: TextPrepConfig,
}

impl PrepareOptions {
    /// Defaults for a target: suggested task, automatic inputs, 80/10/10 split, seed 42, impute.
    pub fn new(target: &str) -> Self {
        PrepareOptions {
            target: target.to_owned(),
            task: None,
            inputs: None,
            ignore: Vec::new(),
            kinds: Vec::new(),
            split: SplitConfig::default(),
            seed: 42,
            missing: MissingPolicy::Impute,
            text: TextPrepConfig { vocab_size: 10_000, seq_len: 200 },
        }
    }
}

/// How one input column became features (what a prediction for a new row must repeat).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Feature {
    /// One feature: `(x − mean) / scale`, missing → mean.
    Numeric {
        /// Column name.
        column: String,
        /// Training-split mean.
        mean: f64,
        /// Training-split standard deviation (population), or 1 when it is 0.
        scale: f64,
        /// True when the column had one value in the training split (scale 1, no information).
        constant: bool,
    },
    /// One 0/1 feature per level seen in the training split; an unseen level is all zeros.
    OneHot {
        /// Column name.
        column: String,
        /// Levels, most frequent first (feature order).
        levels: Vec<String>,
        /// The training mode, used for missing values.
        mode: String,
    },
}

impl Feature {
    /// Number of feature values this column produces.
    pub fn width(&self) -> usize {
        match self {
            Feature::Numeric { .. } => 1,
            Feature::OneHot { levels, .. } => levels.len(),
        }
    }

    /// Feature names: the column, or `column=level` per level.
    pub fn names(&self) -> Vec<String> {
        match self {
            Feature::Numeric { column, .. } => vec![column.clone()],
            Feature::OneHot { column, levels, .. } => levels.iter().map(|l| format!("{column}={l}")).collect(),
        }
    }
}

/// A table prepared for training.
#[derive(Debug, Clone)]
pub struct PreparedTable {
    /// The three splits (`Inputs::Features` or `Inputs::Tokens`).
    pub splits: Splits,
    /// Feature encoding per input column (empty for a text model).
    pub features: Vec<Feature>,
    /// The text column and its training vocabulary, for a text model.
    pub vocab: Option<(String, Vocabulary)>,
    /// Rows left out (missing target, or missing inputs under [`MissingPolicy::DropRows`]).
    pub dropped_rows: usize,
    /// Sentences saying what was done: missing-value handling, constant columns, left-out columns.
    pub notices: Vec<String>,
}

impl PreparedTable {
    /// Feature names in column order of `Inputs::Features`, `[width]`.
    pub fn feature_names(&self) -> Vec<String> {
        self.features.iter().flat_map(Feature::names).collect()
    }
}

fn invalid(message: String) -> DataError {
    DataError::Invalid(message)
}

/// Class list and per-row class ids of a classification target (`None` where missing).
fn classes(table: &Table, col: usize, scan: &ColumnScan<'_>) -> Result<(Vec<String>, Vec<Option<u32>>), DataError> {
    let column = &table.columns[col];
    let name = &column.name;
    if scan.summary.distinct_capped || scan.summary.distinct > MAX_CLASSES {
        return Err(invalid(format!(
            "`{name}` has more than {MAX_CLASSES} distinct values, too many classes: choose regression (if it is a \
             number) or another target"
        )));
    }
    let mut names: Vec<String> = scan.counts.iter().map(|(v, _)| (*v).to_owned()).collect();
    let numeric: Option<Vec<f64>> = names.iter().map(|n| parse_number(n, table.decimal_comma())).collect();
    match numeric {
        Some(_) => names.sort_by(|a, b| {
            let (x, y) = (parse_number(a, true).unwrap_or(0.0), parse_number(b, true).unwrap_or(0.0));
            x.total_cmp(&y)
        }),
        None => names.sort(),
    }
    match names.len() {
        0 => return Err(invalid(format!("`{name}` has no values: choose another target"))),
        1 => {
            return Err(invalid(format!(
                "classification needs at least 2 classes; only `{}` found in `{name}`: choose another target or add \
                 rows of other classes",
                names[0]
            )));
        }
        _ => {}
    }
    let ids: Vec<Option<u32>> = column
        .iter()
        .map(|c| if is_missing(c) { None } else { names.iter().position(|n| n == c.trim()).map(|i| i as u32) })
        .collect();
    Ok((names, ids))
}

/// Picks the input columns.
fn input_columns(
    table: &Table,
    options: &PrepareOptions,
    target: usize,
    kinds: &[ColumnKind],
    scans: &[ColumnScan<'_>],
    notices: &mut Vec<String>,
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
                    return Err(invalid(format!("`{n}` is the target: it cannot also be an input")));
                }
                if too_many(i) {
                    return Err(invalid(format!(
                        "`{n}` has more than {MAX_LEVELS} distinct values, too many to one-hot encode: leave it out \
                         or treat it as numeric or text"
                    )));
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
                        notices.push(format!("`{name}` is free text: left out (choose it alone for a text model)"));
                    } else if too_many(i) {
                        notices.push(format!(
                            "`{name}` has more than {MAX_LEVELS} distinct values: left out (too many to one-hot encode)"
                        ));
                    }
                }
                usable.into_iter().filter(|&i| !too_many(i)).collect()
            }
        }
    };
    if chosen.is_empty() {
        return Err(invalid("no input columns: choose at least one column besides the target".into()));
    }
    let texts = chosen.iter().filter(|&&i| kinds[i] == ColumnKind::Text).count();
    if texts > 0 && chosen.len() > 1 {
        return Err(invalid(
            "a text column can only be the sole input (a text model): choose just the text column, or treat it as \
             categorical"
                .into(),
        ));
    }
    Ok(chosen)
}

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
    options.split.validate().map_err(invalid)?;
    let comma = table.decimal_comma();
    let target = table.index_of(&options.target)?;
    for name in options.kinds.iter().map(|(n, _)| n).chain(&options.ignore) {
        table.column(name)?;
    }
    if options.ignore.contains(&options.target) {
        return Err(invalid(format!("`{}` is the column to predict: it cannot be left out", options.target)));
    }
    let scans: Vec<ColumnScan<'_>> = table.columns.iter().map(|c| scan(c, comma)).collect();
    let mut kinds = Vec::with_capacity(scans.len());
    for (column, s) in table.columns.iter().zip(&scans) {
        let kind = override_for(&options.kinds, &column.name).unwrap_or(s.summary.inferred);
        check_override(table, column, kind)?;
        kinds.push(kind);
    }
    let mut notices = Vec::new();
    let target_name = &table.columns[target].name;
    let task = options.task.unwrap_or_else(|| default_task(kinds[target], &scans[target]));
    let inputs = input_columns(table, options, target, &kinds, &scans, &mut notices)?;

    // Per-row target: class id or value; None = leave the row out.
    let (class_names, class_ids, values): (Vec<String>, Vec<Option<u32>>, Vec<Option<f32>>) = match task {
        TaskChoice::Classification => {
            let (names, ids) = classes(table, target, &scans[target])?;
            (names, ids, Vec::new())
        }
        TaskChoice::Regression => {
            if kinds[target] != ColumnKind::Numeric {
                return Err(invalid(format!(
                    "`{target_name}` is not numeric, so it cannot be a regression target: choose classification"
                )));
            }
            let v = table.columns[target]
                .iter()
                .map(|c| parse_number(c, comma).map(|v| v as f32).filter(|v| v.is_finite()))
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
        inputs.iter().map(|&i| Decoded::of(&table.columns[i], kinds[i], comma)).collect()
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
        notices.push(format!("left out {no_target} row(s) whose target `{target_name}` is missing or not finite"));
    }
    if no_input > 0 {
        let why = if text_input.is_some() { "empty text" } else { "missing or non-finite inputs (policy: drop rows)" };
        notices.push(format!("left out {no_input} row(s) with {why}"));
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
            return Err(invalid(format!(
                "classification needs at least 2 classes; only `{only}` found in the usable rows: fix the missing \
                 inputs or add rows of other classes"
            )));
        }
    }
    let split = stratified_split(&strata, &options.split, options.seed);
    if split.train.is_empty() {
        return Err(invalid(format!(
            "no rows left for training ({} usable of {}): use more data or a larger training fraction",
            kept.len(),
            table.rows
        )));
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
        let (vocab, encoded) = encode_texts(&docs, &options.text);
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
    for (name, e) in [("training", &train), ("validation", &validation), ("test", &test)] {
        e.check().map_err(|m| invalid(format!("{name} split: {m}; check the values of that column")))?;
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
fn raw_rows(table: &Table, text_input: Option<usize>, rows: &[usize]) -> RawExamples {
    match text_input {
        Some(col) => RawExamples::Texts { texts: rows.iter().map(|&r| table.columns[col].get(r).to_owned()).collect() },
        None => RawExamples::Rows {
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            rows: rows.iter().map(|&r| table.columns.iter().map(|c| c.get(r).to_owned()).collect()).collect(),
        },
    }
}

/// Marks a missing category in [`Decoded::Categorical`].
const NO_LEVEL: u32 = u32::MAX;

/// One input column read once, in row order.
enum Decoded<'a> {
    /// Values; NaN where missing or not finite.
    Numeric(Vec<f64>),
    /// Per-row index into `values` (trimmed, in first-seen order), [`NO_LEVEL`] where missing.
    Categorical { ids: Vec<u32>, values: Vec<&'a str> },
}

impl<'a> Decoded<'a> {
    fn of(column: &'a Column, kind: ColumnKind, comma: bool) -> Self {
        if kind == ColumnKind::Numeric {
            return Decoded::Numeric(
                column.iter().map(|c| parse_number(c, comma).filter(|v| v.is_finite()).unwrap_or(f64::NAN)).collect(),
            );
        }
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut values = Vec::new();
        let ids = column
            .iter()
            .map(|cell| {
                if is_missing(cell) {
                    return NO_LEVEL;
                }
                let cell = cell.trim();
                *index.entry(cell).or_insert_with(|| {
                    values.push(cell);
                    // Categorical inputs have at most MAX_LEVELS distinct values (checked before).
                    u32::try_from(values.len() - 1).unwrap_or(NO_LEVEL)
                })
            })
            .collect();
        Decoded::Categorical { ids, values }
    }

    /// True when row `r` has a usable value.
    fn present(&self, r: usize) -> bool {
        match self {
            Decoded::Numeric(v) => !v[r].is_nan(),
            Decoded::Categorical { ids, .. } => ids[r] != NO_LEVEL,
        }
    }
}

/// Training-split statistics of each input column (`names` and `decoded` in input order).
fn fit_features(
    names: &[&str],
    decoded: &[Decoded<'_>],
    train: &[usize],
    notices: &mut Vec<String>,
) -> Result<Vec<Feature>, DataError> {
    let mut out = Vec::with_capacity(decoded.len());
    for (&name, d) in names.iter().zip(decoded) {
        match d {
            Decoded::Numeric(values) => {
                let (mut n, mut mean, mut m2) = (0usize, 0.0f64, 0.0f64);
                for &r in train {
                    let v = values[r];
                    if !v.is_nan() {
                        // Welford: stable for large values and long columns.
                        n += 1;
                        let d = v - mean;
                        mean += d / n as f64;
                        m2 += d * (v - mean);
                    }
                }
                if n == 0 {
                    return Err(invalid(format!(
                        "`{name}` has no numeric values in the training rows: leave it out or fix the file"
                    )));
                }
                let std = (m2 / n as f64).sqrt();
                let constant = !(std > 1e-12 && std.is_finite());
                if constant {
                    notices.push(format!(
                        "`{name}` has one value in the training rows: kept unscaled (divided by 1); it carries no \
                         information"
                    ));
                }
                let scale = if constant { 1.0 } else { std };
                out.push(Feature::Numeric { column: name.to_owned(), mean, scale, constant });
            }
            Decoded::Categorical { ids, values } => {
                let mut counts = vec![0usize; values.len()];
                for &r in train {
                    if let Some(c) = counts.get_mut(ids[r] as usize) {
                        *c += 1;
                    }
                }
                let mut seen: Vec<(&str, usize)> =
                    values.iter().zip(counts).filter(|&(_, c)| c > 0).map(|(v, c)| (*v, c)).collect();
                seen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                let levels: Vec<String> = seen.iter().map(|(v, _)| (*v).to_owned()).collect();
                let mode = levels.first().cloned().unwrap_or_default();
                if levels.len() == 1 {
                    notices.push(format!("`{name}` has one value in the training rows: it carries no information"));
                }
                out.push(Feature::OneHot { column: name.to_owned(), levels, mode });
            }
        }
    }
    Ok(out)
}

fn impute_notices(
    names: &[&str],
    decoded: &[Decoded<'_>],
    kept: &[usize],
    features: &[Feature],
    notices: &mut Vec<String>,
) {
    for ((name, d), f) in names.iter().zip(decoded).zip(features) {
        let missing = kept.iter().filter(|&&r| !d.present(r)).count();
        if missing == 0 {
            continue;
        }
        let how = match f {
            Feature::Numeric { mean, .. } => format!("the training mean ({mean:.4})"),
            Feature::OneHot { mode, .. } => format!("the training mode (`{mode}`)"),
        };
        notices.push(format!("`{name}`: {missing} missing or non-finite value(s) filled with {how}"));
    }
}

/// Encodes `rows` with fitted features, row-major `[rows.len(), width]`.
fn encode_features(features: &[Feature], decoded: &[Decoded<'_>], rows: &[usize], width: usize) -> Vec<f32> {
    // Per categorical column: decoded id → position among the training levels (None: unseen),
    // and the mode's position for missing cells.
    let slots: Vec<(Vec<Option<usize>>, Option<usize>)> = features
        .iter()
        .zip(decoded)
        .map(|(f, d)| match (f, d) {
            (Feature::OneHot { levels, mode, .. }, Decoded::Categorical { values, .. }) => {
                let at = |v: &str| levels.iter().position(|l| l == v);
                (values.iter().map(|v| at(v)).collect(), at(mode))
            }
            _ => (Vec::new(), None),
        })
        .collect();
    let mut out = vec![0.0f32; rows.len() * width];
    for (row_out, &r) in out.chunks_exact_mut(width.max(1)).zip(rows) {
        let mut at = 0;
        for ((f, d), (slot, mode)) in features.iter().zip(decoded).zip(&slots) {
            match (f, d) {
                (Feature::Numeric { mean, scale, .. }, Decoded::Numeric(values)) => {
                    let v = if values[r].is_nan() { *mean } else { values[r] };
                    row_out[at] = ((v - mean) / scale) as f32;
                }
                (_, Decoded::Categorical { ids, .. }) => {
                    let level = if ids[r] == NO_LEVEL { *mode } else { slot.get(ids[r] as usize).copied().flatten() };
                    if let Some(k) = level {
                        row_out[at + k] = 1.0;
                    }
                }
                // Features are fitted from the decoded columns, so kinds always match.
                _ => {}
            }
            at += f.width();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{ReadOptions, read_table};

    fn table(text: &str) -> Table {
        read_table(text.as_bytes(), &ReadOptions::default()).expect("reads")
    }

    fn all_rows(target: &str) -> PrepareOptions {
        PrepareOptions { split: SplitConfig { train: 1.0, validation: 0.0, test: 0.0 }, ..PrepareOptions::new(target) }
    }

    #[test]
    fn yes_no_and_zero_one_labels_are_binary() {
        let p = prepare_table(&table("x,label\n1,no\n2,yes\n3,no\n4,yes\n"), &all_rows("label")).expect("ok");
        assert_eq!(p.splits.class_names, ["no", "yes"]);
        assert!(matches!(p.splits.train.targets, Targets::Binary { .. }));
        let t = table("x,y\n1,1\n2,0\n3,1\n4,0\n");
        let p = prepare_table(&t, &all_rows("y")).expect("ok");
        assert_eq!(p.splits.class_names, ["0", "1"]);
        assert!(matches!(p.splits.train.targets, Targets::Binary { .. }));
        let r = prepare_table(&t, &PrepareOptions { task: Some(TaskChoice::Regression), ..all_rows("y") }).expect("ok");
        assert!(matches!(r.splits.train.targets, Targets::Regression { .. }));
    }

    #[test]
    fn three_classes_sorted_numerically() {
        let p = prepare_table(&table("x,c\n1,10\n2,2\n3,1\n4,2\n"), &all_rows("c")).expect("ok");
        assert_eq!(p.splits.class_names, ["1", "2", "10"]);
        assert!(matches!(p.splits.train.targets, Targets::Classes { classes: 3, .. }));
    }

    #[test]
    fn one_class_is_an_error() {
        let err = prepare_table(&table("x,label\n1,yes\n2,yes\n"), &all_rows("label")).expect_err("one class");
        assert!(err.to_string().starts_with("classification needs at least 2 classes; only `yes` found"), "{err}");
    }

    #[test]
    fn standardisation_uses_training_rows_only() {
        // Rows 0..8 class a/b alternate; 50 % test. Train statistics must match a hand computation
        // over the training rows alone.
        let text = "x,k,label\n0,u,a\n2,v,b\n4,u,a\n6,v,b\n100,w,a\n200,w,b\n300,w,a\n400,w,b\n";
        let t = table(text);
        let o = PrepareOptions { split: SplitConfig { train: 0.5, validation: 0.0, test: 0.5 }, ..all_rows("label") };
        let p = prepare_table(&t, &o).expect("ok");
        let Inputs::Features { values, width } = &p.splits.train.inputs else { panic!("features") };
        let Feature::Numeric { mean, scale, .. } = &p.features[0] else { panic!("numeric") };
        let Feature::OneHot { levels, .. } = &p.features[1] else { panic!("one-hot") };
        assert_eq!(*width, 1 + levels.len());
        // Recover the raw training x from the standardised values and check the statistics.
        let xs: Vec<f64> = values.chunks(*width).map(|row| f64::from(row[0]) * scale + mean).collect();
        assert_eq!(xs.len(), 4);
        let m = xs.iter().sum::<f64>() / 4.0;
        let sd = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 4.0).sqrt();
        assert!((m - mean).abs() < 1e-3 && (sd - scale).abs() < 1e-3, "{m} {sd} vs {mean} {scale}");
        let all_mean = [0.0, 2.0, 4.0, 6.0, 100.0, 200.0, 300.0, 400.0].iter().sum::<f64>() / 8.0;
        assert!((mean - all_mean).abs() > 1e-6, "statistics must not come from all rows");
    }

    #[test]
    fn hand_computed_standardisation() {
        // All rows train: x = 1, 2, 3, 4 → mean 2.5, population std sqrt(1.25).
        let p = prepare_table(&table("x,c,label\n1,5,a\n2,5,b\n3,5,a\n4,5,b\n"), &all_rows("label")).expect("ok");
        let Feature::Numeric { mean, scale, .. } = &p.features[0] else { panic!("numeric") };
        assert!((mean - 2.5).abs() < 1e-12 && (scale - 1.25f64.sqrt()).abs() < 1e-12);
        assert_eq!(p.features[1], Feature::Numeric { column: "c".into(), mean: 5.0, scale: 1.0, constant: true });
        let Inputs::Features { values, .. } = &p.splits.train.inputs else { panic!("features") };
        assert!(values.iter().all(|v| v.is_finite()));
        assert!(p.notices.iter().any(|n| n.contains("`c` has one value")));
    }

    #[test]
    fn one_hot_rows_are_exact() {
        // All rows train except the one `w` row, forced to test by its own class: `w` is unseen
        // (all zeros); the missing `k` takes the mode `u`; spaces around a level are trimmed.
        let text = "x,k,label\n1, u ,a\n2,v,a\n3,,a\n4,u,a\n5,u,b\n6,v,b\n7,u,b\n8,v,b\n9,w,c\n";
        let o = PrepareOptions { split: SplitConfig { train: 0.5, validation: 0.0, test: 0.5 }, ..all_rows("label") };
        let p = prepare_table(&table(text), &o).expect("ok");
        let Feature::OneHot { levels, mode, .. } = &p.features[1] else { panic!("one-hot") };
        let Feature::Numeric { mean, scale, .. } = p.features[0].clone() else { panic!("numeric") };
        assert_eq!(mode, &levels[0]);
        assert!(!levels.contains(&"w".to_string()), "{levels:?}");
        let rows = |e: &Examples| -> Vec<(f64, Vec<f32>)> {
            let Inputs::Features { values, width } = &e.inputs else { panic!("features") };
            values.chunks(*width).map(|r| ((f64::from(r[0]) * scale + mean).round(), r[1..].to_vec())).collect()
        };
        let onehot = |v: &str| -> Vec<f32> { levels.iter().map(|l| if l == v { 1.0 } else { 0.0 }).collect() };
        for (x, code) in rows(&p.splits.train).into_iter().chain(rows(&p.splits.test)) {
            let k = ["", "u", "v", "", "u", "u", "v", "u", "v", "w"][x as usize];
            let expected = if x == 3.0 { onehot(mode) } else { onehot(k) };
            assert_eq!(code, expected, "x = {x}");
            assert_eq!(
                code.iter().sum::<f32>(),
                if k == "w" && !levels.contains(&"w".to_string()) { 0.0 } else { 1.0 }
            );
        }
    }

    #[test]
    fn missing_values_impute_or_drop() {
        let text = "x,k,label\n1,u,a\n?,v,b\n3,,a\n5,u,b\n";
        let p = prepare_table(&table(text), &all_rows("label")).expect("ok");
        assert_eq!(p.splits.train.len(), 4);
        assert!(p.notices.iter().any(|n| n.starts_with("`x`: 1 missing") && n.contains("training mean (3.0000)")));
        assert!(p.notices.iter().any(|n| n.starts_with("`k`: 1 missing") && n.contains("mode (`u`)")));
        let d = prepare_table(&table(text), &PrepareOptions { missing: MissingPolicy::DropRows, ..all_rows("label") })
            .expect("ok");
        assert_eq!((d.splits.train.len(), d.dropped_rows), (2, 2));
    }

    #[test]
    fn text_column_gives_tokens() {
        let text = "review,sentiment\n\"Good.<br />Great film\",pos\nawful and dull,neg\nreally good,pos\nbad,neg\n";
        let p = prepare_table(&table(text), &all_rows("sentiment")).expect("ok");
        let Inputs::Tokens { ids, seq_len } = &p.splits.train.inputs else { panic!("tokens") };
        assert_eq!((ids.len(), *seq_len), (4 * 200, 200));
        let (col, vocab) = p.vocab.as_ref().expect("vocabulary");
        assert_eq!(col, "review");
        assert_eq!(vocab.id("br"), crate::text::OOV);
        assert_eq!(p.splits.class_names, ["neg", "pos"]);
    }

    #[test]
    fn mixing_text_and_features_is_refused() {
        let t = table("note,x,label\nthe quick brown fox jumps over the lazy dog,1,a\nhello there,2,b\n");
        let o = PrepareOptions {
            inputs: Some(vec!["note".into(), "x".into()]),
            kinds: vec![("note".into(), ColumnKind::Text)],
            ..all_rows("label")
        };
        assert!(prepare_table(&t, &o).expect_err("mixed").to_string().contains("sole input"));
    }
}
