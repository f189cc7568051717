//! Two-class evaluation from scores (the model's probability of the positive class): the
//! metrics at any decision threshold, the ROC curve and its area, the precision–recall curve and
//! its average precision.
//!
//! One [`BinaryCurve`] holds, for every distinct score, how many positives and negatives score at
//! least that much. That is all the curves need, and it answers "the confusion matrix at threshold
//! t" exactly for any `t` by a binary search, so the page's threshold slider recomputes the
//! matrix and metrics live without the examples. An example is predicted positive when its score
//! is `≥ threshold` (scikit-learn's `roc_curve` convention; at 0.5 this agrees with the training
//! accuracy, which counts `logit > 0`, except for a score of exactly 0.5).
//!
//! Definitions follow scikit-learn 1.5: `roc_curve` / `roc_auc_score` (trapezoids through the
//! points of every distinct threshold, which equals the Mann–Whitney U statistic over
//! `positives × negatives` with ties counted ½) and `precision_recall_curve` /
//! `average_precision_score` (`AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ`, a step sum without interpolation).

use serde::{Deserialize, Serialize};

use crate::metrics::{ClassificationMetrics, ConfusionMatrix, MetricsError, ratio};

/// The examples scoring at least `threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThresholdPoint {
    /// A score that occurs in the data (probability of the positive class).
    pub threshold: f64,
    /// True positives: positive examples with score `≥ threshold`.
    pub tp: u64,
    /// False positives: negative examples with score `≥ threshold`.
    pub fp: u64,
}

/// Cumulative counts at every distinct score of a two-class test split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinaryCurve {
    /// Examples of class 1.
    pub positives: u64,
    /// Examples of class 0.
    pub negatives: u64,
    /// One point per distinct score, highest threshold first (so `tp` and `fp` never decrease);
    /// the last point has every example predicted positive.
    pub points: Vec<ThresholdPoint>,
}

impl BinaryCurve {
    /// Builds the curve from labels (0 or 1) and scores (any finite numbers; probabilities of
    /// class 1 here), one each per example. O(n log n).
    ///
    /// # Errors
    /// [`MetricsError::LengthMismatch`], [`MetricsError::LabelOutOfRange`] for a label above 1,
    /// [`MetricsError::NonFinite`] for a NaN or infinite score.
    pub fn new(truth: &[u32], scores: &[f32]) -> Result<Self, MetricsError> {
        if truth.len() != scores.len() {
            return Err(MetricsError::LengthMismatch { truth: truth.len(), predicted: scores.len() });
        }
        if let Some(index) = truth.iter().position(|&t| t > 1) {
            return Err(MetricsError::LabelOutOfRange { index, label: truth[index], classes: 2 });
        }
        if let Some(index) = scores.iter().position(|s| !s.is_finite()) {
            return Err(MetricsError::NonFinite { index });
        }
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let (mut tp, mut fp) = (0u64, 0u64);
        let mut points: Vec<ThresholdPoint> = Vec::new();
        for (k, &i) in order.iter().enumerate() {
            if truth[i] == 1 {
                tp += 1;
            } else {
                fp += 1;
            }
            // Close a point after the last example of each distinct score.
            let last_of_score = order.get(k + 1).is_none_or(|&j| scores[j] != scores[i]);
            if last_of_score {
                points.push(ThresholdPoint { threshold: f64::from(scores[i]), tp, fp });
            }
        }
        Ok(BinaryCurve { positives: tp, negatives: fp, points })
    }

    /// `(tp, fp)` at `threshold`: examples with score `≥ threshold`.
    fn counts_at(&self, threshold: f64) -> (u64, u64) {
        let k = self.points.partition_point(|p| p.threshold >= threshold);
        match k.checked_sub(1).and_then(|i| self.points.get(i)) {
            Some(p) => (p.tp, p.fp),
            None => (0, 0),
        }
    }

    /// The 2×2 confusion matrix when examples scoring `≥ threshold` are predicted positive
    /// (row = true class 0 / 1, column = predicted class 0 / 1).
    pub fn confusion_at(&self, threshold: f64) -> ConfusionMatrix {
        let (tp, fp) = self.counts_at(threshold);
        ConfusionMatrix { classes: 2, counts: vec![self.negatives - fp, fp, self.positives - tp, tp] }
    }

    /// Per-class metrics, averages and accuracy at `threshold` (see [`BinaryCurve::confusion_at`]).
    pub fn metrics_at(&self, threshold: f64) -> ClassificationMetrics {
        self.confusion_at(threshold).metrics()
    }

    /// The ROC curve as `(false-positive rate, true-positive rate)` points, from `(0, 0)` (no
    /// example predicted positive) to `(1, 1)`, one point per distinct score after the first.
    /// A class with no examples gives rates of 0 (no NaN).
    pub fn roc(&self) -> Vec<(f64, f64)> {
        let (p, n) = (self.positives as f64, self.negatives as f64);
        std::iter::once((0.0, 0.0))
            .chain(self.points.iter().map(|q| (ratio(q.fp as f64, n), ratio(q.tp as f64, p))))
            .collect()
    }

    /// The point of the ROC curve at `threshold` (for marking the slider's position).
    pub fn roc_at(&self, threshold: f64) -> (f64, f64) {
        let (tp, fp) = self.counts_at(threshold);
        (ratio(fp as f64, self.negatives as f64), ratio(tp as f64, self.positives as f64))
    }

    /// Area under the ROC curve by trapezoids (scikit-learn's `roc_auc_score`), equal to the
    /// Mann–Whitney probability that a random positive scores above a random negative, ties ½
    /// (see [`mann_whitney_auc`]). `None` when either class has no examples (undefined).
    pub fn roc_auc(&self) -> Option<f64> {
        if self.positives == 0 || self.negatives == 0 {
            return None;
        }
        let roc = self.roc();
        Some(roc.windows(2).map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0).sum())
    }

    /// The precision–recall curve as `(recall, precision)` points: first `(0, 1)` (scikit-learn's
    /// end point, no example predicted positive), then one per distinct score, highest first.
    /// Recall is 0 when there are no positives.
    pub fn precision_recall(&self) -> Vec<(f64, f64)> {
        let p = self.positives as f64;
        std::iter::once((0.0, 1.0))
            .chain(self.points.iter().map(|q| (ratio(q.tp as f64, p), ratio(q.tp as f64, (q.tp + q.fp) as f64))))
            .collect()
    }

    /// The precision–recall point at `threshold`, `(recall, precision)`; precision is 1 when no
    /// example scores that high (the curve's first point).
    pub fn precision_recall_at(&self, threshold: f64) -> (f64, f64) {
        let (tp, fp) = self.counts_at(threshold);
        if tp + fp == 0 {
            return (0.0, 1.0);
        }
        (ratio(tp as f64, self.positives as f64), tp as f64 / (tp + fp) as f64)
    }

    /// Average precision, scikit-learn's `average_precision_score`: `Σₙ (Rₙ − Rₙ₋₁) Pₙ` over the
    /// distinct thresholds, highest first, with `R₀ = 0` — each gain in recall weighted by the
    /// precision reached there, no interpolation. `None` when there are no positives.
    pub fn average_precision(&self) -> Option<f64> {
        if self.positives == 0 {
            return None;
        }
        let pr = self.precision_recall();
        Some(pr.windows(2).map(|w| (w[1].0 - w[0].0) * w[1].1).sum())
    }
}

/// The Mann–Whitney U statistic of the positives' scores against the negatives', divided by
/// `positives × negatives`: the probability that a random positive scores above a random negative,
/// a tie counting ½. Computed from mid-ranks, `U = R₊ − n₊(n₊ + 1)/2`. `None` when either class
/// has no examples. Equal to [`BinaryCurve::roc_auc`] (tested).
///
/// # Errors
/// As [`BinaryCurve::new`].
pub fn mann_whitney_auc(truth: &[u32], scores: &[f32]) -> Result<Option<f64>, MetricsError> {
    // Validates like the curve does.
    let curve = BinaryCurve::new(truth, scores)?;
    let (pos, neg) = (curve.positives as f64, curve.negatives as f64);
    if pos == 0.0 || neg == 0.0 {
        return Ok(None);
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        // Ranks start..end (1-based start+1 ..= end) share their mean.
        let mid_rank = (start + 1 + end) as f64 / 2.0;
        rank_sum += mid_rank * order[start..end].iter().filter(|&&i| truth[i] == 1).count() as f64;
        start = end;
    }
    Ok(Some((rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)))
}
