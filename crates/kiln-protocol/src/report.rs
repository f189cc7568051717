//! What the worker sends after a run to show the test set in depth: the [`TestReport`] (metrics,
//! curves, and every test example with its truth, prediction and what it looked like), the
//! [`Explanation`] of one text's score word by word, and the [`WordMap`] of learned word
//! vectors. Plain serde data plus pure helpers the page calls while the person explores (the
//! matrix at another threshold, the examples of one cell, the worst errors first), so a
//! threshold slider needs no round trip to the worker.
//!
//! Built by `kiln_ml::report`, `kiln_ml::explain` and `kiln_ml::wordmap`; the metric definitions
//! are `kiln_core::metrics` and `kiln_core::curves` (scikit-learn's, `zero_division=0`).

use serde::{Deserialize, Serialize};

use kiln_core::curves::BinaryCurve;
use kiln_core::metrics::{ClassificationMetrics, ConfusionMatrix, RegressionMetrics, argmax};

/// The decision threshold of a two-class model unless the person moves the slider: an example
/// is predicted positive when its probability is `≥ 0.5`.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// The test split of one run, evaluated in depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestReport {
    /// Test examples evaluated (every metric is over all of them, even when `rows` is capped).
    pub examples: usize,
    /// Class names, index = class id (empty for regression).
    pub class_names: Vec<String>,
    /// Metrics and, for two classes, the threshold curve.
    pub metrics: ReportMetrics,
    /// One row per test example kept, in test-split order (`index` ascending). When the split
    /// is too large to send whole, the most confidently wrong examples are kept first, then
    /// the others in test order, up to the cap (`kiln_ml::report`).
    pub rows: Vec<ReportRow>,
    /// Test examples not in `rows` (0 unless the split was capped).
    pub rows_left_out: usize,
    /// Column names for [`Shown::Row`] cells (tables; empty otherwise).
    pub columns: Vec<String>,
    /// How long the worker took to make this report (predictions and metrics), in ms of the
    /// worker's `performance.now()`; `None` when not measured (kiln-ml reads no clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_ms: Option<f64>,
}

/// The report's metrics, by task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ReportMetrics {
    /// Two classes: metrics at [`DEFAULT_THRESHOLD`] plus everything a threshold slider needs.
    Binary {
        /// Confusion matrix, per-class metrics, averages and accuracy at 0.5.
        at_default: ClassificationMetrics,
        /// Counts at every distinct probability: the exact matrix at any threshold, the ROC and
        /// precision–recall curves.
        curve: BinaryCurve,
        /// Area under the ROC curve (`None` when the test split has one class only).
        roc_auc: Option<f64>,
        /// Average precision (`None` when the test split has no positives).
        average_precision: Option<f64>,
    },
    /// Three or more classes: predicted class = the most probable (argmax).
    MultiClass {
        /// Confusion matrix, per-class metrics, averages and accuracy.
        metrics: ClassificationMetrics,
    },
    /// A real-valued target.
    Regression {
        /// MAE, RMSE, R².
        metrics: RegressionMetrics,
    },
}

/// One test example in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    /// Position in the test split (0-based).
    pub index: usize,
    /// Truth and prediction.
    pub outcome: Outcome,
    /// What the example looked like.
    pub shown: Shown,
}

/// A test example's truth and the model's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Outcome {
    /// Classification.
    Class {
        /// True class id.
        truth: u32,
        /// Predicted class at the default threshold (two classes) or argmax.
        predicted: u32,
        /// Probability of each class, `[k]`, summing to 1 (two classes: `[1 − p, p]`).
        probabilities: Vec<f32>,
    },
    /// Regression, in the target's units.
    Value {
        /// True value.
        truth: f32,
        /// Predicted value.
        predicted: f32,
    },
}

/// What the page shows for one example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Shown {
    /// A text: as read (cut to `kiln_ml::report::MAX_TEXT_CHARS` characters) and its words.
    Text {
        /// The text.
        text: String,
        /// Its tokens in order, as the tokenizer split them.
        words: Vec<ShownWord>,
    },
    /// An image as the model saw it: bytes 0–255, row-major `[height, width, channels]`.
    Image {
        /// Rows.
        height: usize,
        /// Columns.
        width: usize,
        /// 1 (grey) or 3 (RGB).
        channels: usize,
        /// `height × width × channels` bytes (one base64 string in JSON: a third of the size
        /// of an array of numbers).
        #[serde(with = "base64_bytes")]
        pixels: Vec<u8>,
    },
    /// A table row as read: one cell per [`TestReport::columns`] entry.
    Row {
        /// Cells as in the file.
        cells: Vec<String>,
    },
    /// Only the model's input features (generated data sets).
    Features {
        /// The feature values.
        values: Vec<f32>,
    },
}

/// One token of a text and how the model saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownWord {
    /// The token (lower-cased by the tokenizer).
    pub text: String,
    /// Its id: `Some(1)` when not in the vocabulary (treated as unknown), `None` when it comes
    /// after the sequence length and the model never saw it.
    pub id: Option<u32>,
}

impl ShownWord {
    /// True when the word has its own vocabulary id.
    pub fn in_vocabulary(&self) -> bool {
        self.id.is_some_and(|id| id >= 2)
    }
}

impl Outcome {
    /// The predicted class at `threshold` (two classes: positive when `p ≥ threshold`; more
    /// classes: argmax, the threshold ignored); `None` for regression.
    pub fn predicted_at(&self, threshold: f64) -> Option<u32> {
        match self {
            Outcome::Class { probabilities, .. } if probabilities.len() == 2 => {
                Some(u32::from(f64::from(probabilities[1]) >= threshold))
            }
            Outcome::Class { probabilities, .. } => Some(argmax(probabilities)),
            Outcome::Value { .. } => None,
        }
    }

    /// How confident the prediction at `threshold` is: the probability given to the predicted
    /// class; for regression the absolute error (larger is a worse miss).
    pub fn confidence_at(&self, threshold: f64) -> f64 {
        match (self, self.predicted_at(threshold)) {
            (Outcome::Class { probabilities, .. }, Some(p)) => {
                probabilities.get(p as usize).map_or(0.0, |&v| f64::from(v))
            }
            (Outcome::Value { truth, predicted }, _) => f64::from((truth - predicted).abs()),
            _ => 0.0,
        }
    }

    /// True when the prediction at `threshold` is wrong (regression: never, use the error).
    pub fn is_wrong_at(&self, threshold: f64) -> bool {
        match self {
            Outcome::Class { truth, .. } => self.predicted_at(threshold) != Some(*truth),
            Outcome::Value { .. } => false,
        }
    }
}

impl TestReport {
    /// The confusion matrix at `threshold` (exact over all test examples; the threshold only
    /// matters for two classes); `None` for regression.
    pub fn confusion_at(&self, threshold: f64) -> Option<ConfusionMatrix> {
        match &self.metrics {
            ReportMetrics::Binary { curve, .. } => Some(curve.confusion_at(threshold)),
            ReportMetrics::MultiClass { metrics } => Some(metrics.confusion.clone()),
            ReportMetrics::Regression { .. } => None,
        }
    }

    /// Per-class metrics, averages and accuracy at `threshold`; `None` for regression.
    pub fn metrics_at(&self, threshold: f64) -> Option<ClassificationMetrics> {
        self.confusion_at(threshold).map(|m| m.metrics())
    }

    /// The rows of one confusion-matrix cell at `threshold` (true class `truth`, predicted
    /// `predicted`), in test order.
    pub fn cell(&self, truth: u32, predicted: u32, threshold: f64) -> Vec<&ReportRow> {
        self.rows
            .iter()
            .filter(|r| match &r.outcome {
                Outcome::Class { truth: t, .. } => *t == truth && r.outcome.predicted_at(threshold) == Some(predicted),
                Outcome::Value { .. } => false,
            })
            .collect()
    }

    /// The errors, worst first: wrong predictions at `threshold` by the probability given to
    /// the wrong class (highest first), or for regression every row by absolute error; ties in
    /// test order. At most `limit`.
    pub fn most_confidently_wrong(&self, threshold: f64, limit: usize) -> Vec<&ReportRow> {
        let mut wrong: Vec<&ReportRow> = self
            .rows
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Value { .. }) || r.outcome.is_wrong_at(threshold))
            .collect();
        wrong.sort_by(|a, b| {
            b.outcome
                .confidence_at(threshold)
                .total_cmp(&a.outcome.confidence_at(threshold))
                .then(a.index.cmp(&b.index))
        });
        wrong.truncate(limit);
        wrong
    }

    /// The figures a runs table shows.
    pub fn summary(&self) -> ReportSummary {
        let mut s = ReportSummary { examples: self.examples, ..ReportSummary::default() };
        match &self.metrics {
            ReportMetrics::Binary { at_default, roc_auc, average_precision, .. } => {
                s.accuracy = Some(at_default.accuracy);
                s.macro_f1 = Some(at_default.macro_avg.f1);
                s.roc_auc = *roc_auc;
                s.average_precision = *average_precision;
            }
            ReportMetrics::MultiClass { metrics } => {
                s.accuracy = Some(metrics.accuracy);
                s.macro_f1 = Some(metrics.macro_avg.f1);
            }
            ReportMetrics::Regression { metrics } => {
                s.mae = Some(metrics.mae);
                s.rmse = Some(metrics.rmse);
                s.r2 = Some(metrics.r2);
            }
        }
        s
    }
}

/// A test report in a few numbers (a runs-table row); `None` where the task has no such figure.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ReportSummary {
    /// Test examples.
    pub examples: usize,
    /// Accuracy (at 0.5 for two classes).
    pub accuracy: Option<f64>,
    /// Macro-averaged F1.
    pub macro_f1: Option<f64>,
    /// ROC AUC (two classes).
    pub roc_auc: Option<f64>,
    /// Average precision (two classes).
    pub average_precision: Option<f64>,
    /// Mean absolute error (regression).
    pub mae: Option<f64>,
    /// Root mean squared error (regression).
    pub rmse: Option<f64>,
    /// R² (regression).
    pub r2: Option<f64>,
}

/// How a word's contribution was computed (the page's tooltip says it: `evaluate-method-<id>` in
/// kiln-i18n's `evaluate.ftl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExplainMethod {
    /// The score with the word minus the score with the word deleted (a real forward pass each).
    Occlusion,
    /// Gradient × input on the word's embedding, the gradient averaged exactly along the straight
    /// path from the empty sentence (integrated gradients in closed form): the contributions add
    /// up to the score minus the empty sentence's score.
    IntegratedGradients,
}

/// One word of an explained text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordContribution {
    /// The token.
    pub text: String,
    /// Its id: `Some(1)` out of vocabulary ("treated as unknown"), `None` past the sequence
    /// length (never seen; contribution 0).
    pub id: Option<u32>,
    /// Contribution to the explained class's score, in logits: positive pushes towards the
    /// class (for two classes, towards positive), negative away.
    pub contribution: f64,
    /// Occlusion only: the class's probability with this word deleted.
    pub probability_without: Option<f64>,
}

impl WordContribution {
    /// True when the word has its own vocabulary id.
    pub fn in_vocabulary(&self) -> bool {
        self.id.is_some_and(|id| id >= 2)
    }
}

/// Why a text got its score, word by word.
///
/// **What the contributions sum to.** The score `s` is the explained class's logit (two
/// classes: the log-odds of positive, `ln p/(1 − p)`); `s(∅)` is the score of the empty text
/// (all padding). With [`ExplainMethod::IntegratedGradients`], `Σ contribution = s(text) − s(∅)`
/// exactly (to float rounding). With [`ExplainMethod::Occlusion`], word `i`'s contribution is
/// `s(text) − s(text without word i)`, so `Σ contribution = n·s(text) − Σᵢ s(text without i)`
/// over the `n` words seen; that is *not* `s(text) − s(∅)` in general (words interact), and for
/// a model that is linear after average pooling it is exactly 0: each word is then measured
/// against the text's other words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// How the contributions were computed.
    pub method: ExplainMethod,
    /// The class explained (two classes: 1, positive).
    pub class: u32,
    /// Its name.
    pub class_name: String,
    /// The explained class's logit for the text.
    pub score: f64,
    /// The explained class's probability for the text (`None` for regression).
    pub probability: Option<f64>,
    /// The explained class's logit for the empty text.
    pub empty_score: f64,
    /// Every token of the text, in order.
    pub words: Vec<WordContribution>,
    /// `Σ contribution` (see the type's comment for what it equals).
    pub total: f64,
}

/// Learned word vectors of an Embedding layer, projected to 2-D for drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordMap {
    /// The most frequent words (vocabulary order, most frequent first).
    pub words: Vec<MapWord>,
    /// Fraction of the words' variance along each of the two axes drawn (PCA components 1, 2).
    pub explained_variance: [f64; 2],
    /// Vocabulary ids the neighbours were searched among.
    pub searched: usize,
    /// How long the worker took to make this map, in ms of the worker's `performance.now()`;
    /// `None` when not measured (kiln-ml reads no clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_ms: Option<f64>,
}

/// One word on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapWord {
    /// The word.
    pub word: String,
    /// Its vocabulary id.
    pub id: u32,
    /// Coordinates on the first two principal components (the embedding's units).
    pub x: f32,
    /// See `x`.
    pub y: f32,
    /// Mean contribution over its occurrences in the examples given (logits, the explanation's
    /// method); `None` when it does not occur there.
    pub mean_contribution: Option<f32>,
    /// Occurrences counted for `mean_contribution`.
    pub occurrences: u32,
    /// Nearest words by cosine similarity of their vectors, most similar first.
    pub neighbours: Vec<Neighbour>,
}

/// A nearby word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    /// The word.
    pub word: String,
    /// Cosine similarity in `[−1, 1]`.
    pub similarity: f32,
}

/// Serde for bytes as one standard base64 string.
pub(crate) mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<T: AsRef<[u8]>, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(v.as_ref()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
