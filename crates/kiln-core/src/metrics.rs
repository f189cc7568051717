//! Test-set metrics, computed from true and predicted labels (or values): the confusion matrix,
//! per-class precision / recall / F1 / support with macro and weighted averages, accuracy, and
//! regression's MAE, RMSE and R². Two-class curves (ROC, precision–recall, any threshold) are in
//! [`crate::curves`].
//!
//! Definitions follow scikit-learn 1.5 (`sklearn.metrics`: `confusion_matrix`,
//! `precision_recall_fscore_support`, `classification_report`, `mean_absolute_error`,
//! `root_mean_squared_error`, `r2_score`) so a teacher can check a figure against it.
//!
//! **No NaN, ever.** A ratio whose denominator is 0 is 0: a class that is never predicted has
//! precision 0, a class with no test examples has recall 0, and F1 is 0 when precision and
//! recall are both 0. This is scikit-learn's `zero_division=0`. The averages run over *every*
//! class (scikit-learn with `labels=range(k)`), so such a class pulls the macro average down —
//! which is the point of showing it.

use serde::{Deserialize, Serialize};

/// Why metrics cannot be computed from the given labels or values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetricsError {
    /// The true and predicted sequences differ in length.
    #[error("{truth} true labels but {predicted} predictions: they must pair up one to one")]
    LengthMismatch {
        /// Number of true labels (values).
        truth: usize,
        /// Number of predictions (scores).
        predicted: usize,
    },
    /// A label is not a class id.
    #[error("example {index} has class id {label}, but there are only {classes} classes")]
    LabelOutOfRange {
        /// 0-based example index.
        index: usize,
        /// The offending label.
        label: u32,
        /// Number of classes.
        classes: usize,
    },
    /// A score, value or prediction is NaN or infinite.
    #[error("example {index} has a value that is not a finite number")]
    NonFinite {
        /// 0-based example index.
        index: usize,
    },
    /// Fewer than one class, or no examples where at least one is needed.
    #[error("{0}")]
    Empty(&'static str),
}

/// `numerator / denominator`, or 0 when the denominator is 0 (scikit-learn's `zero_division=0`).
pub fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator == 0.0 { 0.0 } else { numerator / denominator }
}

/// Counts of (true class, predicted class) pairs: a `classes × classes` matrix, row = true class,
/// column = predicted class (scikit-learn's `confusion_matrix` layout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    /// Number of classes `k`.
    pub classes: usize,
    /// Row-major `[k, k]` counts: `counts[t * k + p]` examples of class `t` predicted as `p`.
    pub counts: Vec<u64>,
}

/// Precision, recall, F1 and support of one class (one-vs-rest), each in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    /// `TP / (TP + FP)`: of the examples predicted as this class, the fraction that are; 0 when
    /// the class is never predicted.
    pub precision: f64,
    /// `TP / (TP + FN)`: of the examples of this class, the fraction found; 0 when the class has
    /// no examples.
    pub recall: f64,
    /// `2·TP / (2·TP + FP + FN)`, the harmonic mean of precision and recall; 0 when both are 0.
    pub f1: f64,
    /// Examples of this class in the test split (`TP + FN`).
    pub support: u64,
}

/// Precision, recall and F1 averaged over the classes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Averages {
    /// Mean precision.
    pub precision: f64,
    /// Mean recall.
    pub recall: f64,
    /// Mean F1 (the mean of the per-class F1s, not the F1 of the means, as scikit-learn).
    pub f1: f64,
}

/// Everything a classification report shows (scikit-learn's `classification_report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassificationMetrics {
    /// The confusion matrix the rest is computed from.
    pub confusion: ConfusionMatrix,
    /// One entry per class, index = class id.
    pub per_class: Vec<ClassMetrics>,
    /// Fraction of examples on the diagonal (0 for an empty matrix).
    pub accuracy: f64,
    /// Unweighted mean over all `k` classes.
    pub macro_avg: Averages,
    /// Mean over the classes weighted by support (its recall always equals the accuracy).
    pub weighted_avg: Averages,
}

impl ConfusionMatrix {
    /// An all-zero `classes × classes` matrix.
    pub fn new(classes: usize) -> Self {
        ConfusionMatrix { classes, counts: vec![0; classes * classes] }
    }

    /// Counts `truth[i]` against `predicted[i]` for every example.
    ///
    /// # Errors
    /// [`MetricsError::LengthMismatch`] when the lengths differ; [`MetricsError::LabelOutOfRange`]
    /// for a label `≥ classes`; [`MetricsError::Empty`] when `classes` is 0.
    pub fn from_labels(truth: &[u32], predicted: &[u32], classes: usize) -> Result<Self, MetricsError> {
        if classes == 0 {
            return Err(MetricsError::Empty("a confusion matrix needs at least one class"));
        }
        if truth.len() != predicted.len() {
            return Err(MetricsError::LengthMismatch { truth: truth.len(), predicted: predicted.len() });
        }
        let mut m = ConfusionMatrix::new(classes);
        for (index, (&t, &p)) in truth.iter().zip(predicted).enumerate() {
            for label in [t, p] {
                if label as usize >= classes {
                    return Err(MetricsError::LabelOutOfRange { index, label, classes });
                }
            }
            m.counts[t as usize * classes + p as usize] += 1;
        }
        Ok(m)
    }

    /// Examples of true class `truth` predicted as `predicted` (0 outside the matrix).
    pub fn count(&self, truth: usize, predicted: usize) -> u64 {
        if truth >= self.classes || predicted >= self.classes {
            return 0;
        }
        self.counts[truth * self.classes + predicted]
    }

    /// All examples counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Examples per true class (row sums, the support), `[k]`.
    pub fn row_totals(&self) -> Vec<u64> {
        (0..self.classes).map(|t| (0..self.classes).map(|p| self.count(t, p)).sum()).collect()
    }

    /// Examples per predicted class (column sums), `[k]`.
    pub fn column_totals(&self) -> Vec<u64> {
        (0..self.classes).map(|p| (0..self.classes).map(|t| self.count(t, p)).sum()).collect()
    }

    /// Row-normalised matrix, row-major `[k, k]`: `counts[t][p] / support[t]`, so each row of a
    /// class with examples sums to 1 (the page shows it as %); a row with no examples is all 0.
    pub fn row_normalised(&self) -> Vec<f64> {
        let rows = self.row_totals();
        (0..self.classes * self.classes).map(|i| ratio(self.counts[i] as f64, rows[i / self.classes] as f64)).collect()
    }

    /// Fraction of examples predicted correctly (the diagonal over the total); 0 when empty.
    pub fn accuracy(&self) -> f64 {
        let correct: u64 = (0..self.classes).map(|c| self.count(c, c)).sum();
        ratio(correct as f64, self.total() as f64)
    }

    /// Precision, recall, F1 and support of class `class`, one-vs-rest, with `zero_division=0`
    /// (see the module comment). A class outside the matrix gives all zeros.
    pub fn class_metrics(&self, class: usize) -> ClassMetrics {
        if class >= self.classes {
            return ClassMetrics { precision: 0.0, recall: 0.0, f1: 0.0, support: 0 };
        }
        let tp = self.count(class, class) as f64;
        let predicted = self.column_totals()[class] as f64;
        let support = self.row_totals()[class];
        let (fp, fn_) = (predicted - tp, support as f64 - tp);
        ClassMetrics {
            precision: ratio(tp, predicted),
            recall: ratio(tp, support as f64),
            f1: ratio(2.0 * tp, 2.0 * tp + fp + fn_),
            support,
        }
    }

    /// The full report: per-class metrics, accuracy, macro and weighted averages.
    pub fn metrics(&self) -> ClassificationMetrics {
        let per_class: Vec<ClassMetrics> = (0..self.classes).map(|c| self.class_metrics(c)).collect();
        let k = self.classes as f64;
        let total = self.total() as f64;
        let mean = |f: fn(&ClassMetrics) -> f64| per_class.iter().map(f).sum::<f64>();
        let weighted =
            |f: fn(&ClassMetrics) -> f64| ratio(per_class.iter().map(|m| f(m) * m.support as f64).sum::<f64>(), total);
        ClassificationMetrics {
            accuracy: self.accuracy(),
            macro_avg: Averages {
                precision: ratio(mean(|m| m.precision), k),
                recall: ratio(mean(|m| m.recall), k),
                f1: ratio(mean(|m| m.f1), k),
            },
            weighted_avg: Averages {
                precision: weighted(|m| m.precision),
                recall: weighted(|m| m.recall),
                f1: weighted(|m| m.f1),
            },
            per_class,
            confusion: self.clone(),
        }
    }
}

/// The predicted class of one row of probabilities (or logits): the index of the largest value,
/// the first on a tie (NumPy's `argmax`); 0 for an empty row. NaN values are never chosen.
pub fn argmax(row: &[f32]) -> u32 {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if !v.is_nan() && (row[best].is_nan() || v > row[best]) {
            best = i;
        }
    }
    best as u32
}

/// Regression metrics of predictions against true values, in the target's own units (MAE,
/// RMSE) or unitless (R²).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RegressionMetrics {
    /// Mean absolute error `Σ|y − ŷ| / n`.
    pub mae: f64,
    /// Root mean squared error `√(Σ(y − ŷ)² / n)`.
    pub rmse: f64,
    /// Coefficient of determination `1 − Σ(y − ŷ)² / Σ(y − ȳ)²`: 1 for a perfect fit, 0 for
    /// always predicting the mean, negative for worse. When every true value is the same
    /// (`Σ(y − ȳ)² = 0`) it is 1 for a perfect fit and 0 otherwise (scikit-learn's
    /// `force_finite=True`).
    pub r2: f64,
    /// Number of examples `n`.
    pub examples: usize,
}

/// MAE, RMSE and R² of `predicted` against `truth` (computed in f64).
///
/// # Errors
/// [`MetricsError::LengthMismatch`], [`MetricsError::NonFinite`], or [`MetricsError::Empty`] for
/// no examples.
pub fn regression_metrics(truth: &[f32], predicted: &[f32]) -> Result<RegressionMetrics, MetricsError> {
    if truth.len() != predicted.len() {
        return Err(MetricsError::LengthMismatch { truth: truth.len(), predicted: predicted.len() });
    }
    if truth.is_empty() {
        return Err(MetricsError::Empty("regression metrics need at least one example"));
    }
    if let Some(index) = truth.iter().zip(predicted).position(|(t, p)| !t.is_finite() || !p.is_finite()) {
        return Err(MetricsError::NonFinite { index });
    }
    let n = truth.len() as f64;
    let mean = truth.iter().map(|&t| f64::from(t)).sum::<f64>() / n;
    let (mut abs, mut res, mut tot) = (0.0, 0.0, 0.0);
    for (&t, &p) in truth.iter().zip(predicted) {
        let (t, p) = (f64::from(t), f64::from(p));
        abs += (t - p).abs();
        res += (t - p) * (t - p);
        tot += (t - mean) * (t - mean);
    }
    let r2 = if tot == 0.0 { if res == 0.0 { 1.0 } else { 0.0 } } else { 1.0 - res / tot };
    Ok(RegressionMetrics { mae: abs / n, rmse: (res / n).sqrt(), r2, examples: truth.len() })
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
