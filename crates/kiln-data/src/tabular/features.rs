//! How input columns become features, with training-split statistics only: [`Feature`]
//! (standardised numbers, one-hot levels), each column decoded once in row order, the fit, the
//! imputation notices and the row-major encoding.

use kiln_i18n::Msg;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::preview::ColumnKind;
use crate::table::{Column, NumberStyle, is_missing};

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
        /// Smallest and largest training-split value, to warn when a new row is outside the range
        /// the model was trained on; `None` in files written before it was kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        range: Option<[f64; 2]>,
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

/// Marks a missing category in [`Decoded::Categorical`].
const NO_LEVEL: u32 = u32::MAX;

/// One input column read once, in row order.
pub(super) enum Decoded<'a> {
    /// Values; NaN where missing or not finite.
    Numeric(Vec<f64>),
    /// Per-row index into `values` (trimmed, in first-seen order), [`NO_LEVEL`] where missing.
    Categorical { ids: Vec<u32>, values: Vec<&'a str> },
}

impl<'a> Decoded<'a> {
    /// Numbers are read in the column's `style` (from its scan).
    pub(super) fn of(column: &'a Column, kind: ColumnKind, style: &NumberStyle) -> Self {
        if kind == ColumnKind::Numeric {
            return Decoded::Numeric(
                column.iter().map(|c| style.parse(c).filter(|v| v.is_finite()).unwrap_or(f64::NAN)).collect(),
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
    pub(super) fn present(&self, r: usize) -> bool {
        match self {
            Decoded::Numeric(v) => !v[r].is_nan(),
            Decoded::Categorical { ids, .. } => ids[r] != NO_LEVEL,
        }
    }
}

/// Training-split statistics of each input column (`names` and `decoded` in input order).
pub(super) fn fit_features(
    names: &[&str],
    decoded: &[Decoded<'_>],
    train: &[usize],
    notices: &mut Vec<Msg>,
) -> Result<Vec<Feature>, DataError> {
    let mut out = Vec::with_capacity(decoded.len());
    for (&name, d) in names.iter().zip(decoded) {
        match d {
            Decoded::Numeric(values) => {
                let (mut n, mut mean, mut m2) = (0usize, 0.0f64, 0.0f64);
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for &r in train {
                    let v = values[r];
                    if !v.is_nan() {
                        (lo, hi) = (lo.min(v), hi.max(v));
                        // Welford: stable for large values and long columns.
                        n += 1;
                        let d = v - mean;
                        mean += d / n as f64;
                        m2 += d * (v - mean);
                    }
                }
                if n == 0 {
                    return Err(DataError::Invalid(Msg::new("error-data-no-numbers").arg("column", name)));
                }
                let std = (m2 / n as f64).sqrt();
                let constant = !(std > 1e-12 && std.is_finite());
                if constant {
                    notices.push(Msg::new("data-notice-constant-numeric").arg("column", name));
                }
                let scale = if constant { 1.0 } else { std };
                let range = (lo.is_finite() && hi.is_finite()).then_some([lo, hi]);
                out.push(Feature::Numeric { column: name.to_owned(), mean, scale, constant, range });
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
                    notices.push(Msg::new("data-notice-constant-category").arg("column", name));
                }
                out.push(Feature::OneHot { column: name.to_owned(), levels, mode });
            }
        }
    }
    Ok(out)
}

pub(super) fn impute_notices(
    names: &[&str],
    decoded: &[Decoded<'_>],
    kept: &[usize],
    features: &[Feature],
    notices: &mut Vec<Msg>,
) {
    for ((name, d), f) in names.iter().zip(decoded).zip(features) {
        let missing = kept.iter().filter(|&&r| !d.present(r)).count();
        if missing == 0 {
            continue;
        }
        let how = match f {
            Feature::Numeric { mean, .. } => Msg::new("data-notice-fill-mean").arg("mean", format!("{mean:.4}")),
            Feature::OneHot { mode, .. } => Msg::new("data-notice-fill-mode").arg("mode", mode),
        };
        notices.push(Msg::new("data-notice-filled").arg("column", *name).arg("missing", missing).arg("how", how));
    }
}

/// Encodes `rows` with fitted features, row-major `[rows.len(), width]`.
pub(super) fn encode_features(features: &[Feature], decoded: &[Decoded<'_>], rows: &[usize], width: usize) -> Vec<f32> {
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
