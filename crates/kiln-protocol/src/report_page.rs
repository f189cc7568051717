//! What of a [`TestReport`] travels to the page, and what the page asks for later. The worker
//! keeps the whole report (every listed test example with its text, image or row); the page gets
//! [`TestReport::for_page`] — the metrics, and only the examples it shows without asking: the
//! candidates of the most-confidently-wrong list at *any* threshold and a sample of test rows
//! ("Try it" fills its table form from one). A click on a confusion-matrix cell asks the worker
//! for that cell's examples ([`CellQuery`] → [`CellExamples`]). So the message the page decodes on
//! its main thread stays small whatever the test split (MNIST's 1,000 thumbnails are 1.2 MB of
//! JSON; the errors and the sample are about 40 kB).

use serde::{Deserialize, Serialize};

use crate::RunId;
use crate::report::{DEFAULT_THRESHOLD, Outcome, ReportMetrics, ReportRow, TestReport};

/// Most confidently wrong examples the page lists.
pub const ERRORS_LISTED: usize = 12;
/// Examples of one confusion-matrix cell the worker sends (the cell's count is exact).
pub const CELL_LISTED: usize = 40;
/// Test rows sent with the report besides the errors, the first in test order (the split is
/// shuffled, so a random sample): "Try it" fills its form from one of them.
pub const SAMPLE_ROWS: usize = 24;

/// The page asks for the examples of one confusion-matrix cell of run `model`'s last report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CellQuery {
    /// The run whose report it is (the model's run, also for a model opened from a file).
    pub model: RunId,
    /// True class.
    pub truth: u32,
    /// Predicted class at `threshold`.
    pub predicted: u32,
    /// Decision threshold (two classes; ignored otherwise), in `[0, 1]`.
    pub threshold: f64,
}

/// The worker's answer to a [`CellQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellExamples {
    /// The question answered.
    pub query: CellQuery,
    /// The cell's examples among those the worker keeps (the matrix's count unless the report
    /// was capped: [`TestReport::rows_left_out`]).
    pub count: usize,
    /// The first [`CELL_LISTED`] of them, in test order.
    pub rows: Vec<ReportRow>,
}

impl TestReport {
    /// The report as the page gets it: the same metrics, and as `rows` only (ascending by
    /// index) the rows that can be among the `errors` most confidently wrong at any threshold
    /// ([`TestReport::most_confidently_wrong`]) plus the first `sample` rows. For three or more
    /// classes those are the `errors` worst rows. For two classes the errors at threshold `t` are
    /// the positives with `p < t` (ranked by `1 − p`) and the negatives with `p ≥ t` (ranked by
    /// `p`): the `errors` positives of lowest `p` and the `errors` negatives of highest `p` hold
    /// the list at every `t` (exact unless two probabilities tie to float rounding right at `t`).
    /// Regression keeps every row (the predicted-vs-true scatter draws them all).
    pub fn for_page(&self, errors: usize, sample: usize) -> TestReport {
        let mut keep: Vec<usize> = match &self.metrics {
            ReportMetrics::Regression { .. } => return self.clone(),
            ReportMetrics::Binary { .. } => {
                let side = |class: u32| {
                    let mut rows: Vec<(usize, f32)> = self
                        .rows
                        .iter()
                        .enumerate()
                        .filter_map(|(i, r)| match &r.outcome {
                            // Ranked by the probability of the other class, as the list ranks them.
                            Outcome::Class { truth, probabilities, .. } if *truth == class => {
                                Some((i, probabilities.get(1 - class as usize).copied().unwrap_or(0.0)))
                            }
                            _ => None,
                        })
                        .collect();
                    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    rows.into_iter().take(errors).map(|(i, _)| i).collect::<Vec<_>>()
                };
                let mut both = side(1);
                both.extend(side(0));
                both
            }
            ReportMetrics::MultiClass { .. } => {
                let worst = self.most_confidently_wrong(DEFAULT_THRESHOLD, errors);
                worst.iter().filter_map(|w| self.rows.iter().position(|r| r.index == w.index)).collect()
            }
        };
        keep.extend(0..sample.min(self.rows.len()));
        keep.sort_unstable();
        keep.dedup();
        TestReport { rows: keep.iter().map(|&i| self.rows[i].clone()).collect(), ..self.without_rows() }
    }

    /// The examples of one cell, as the worker answers `query`.
    pub fn cell_examples(&self, query: CellQuery) -> CellExamples {
        let rows = self.cell(query.truth, query.predicted, query.threshold);
        CellExamples { query, count: rows.len(), rows: rows.into_iter().take(CELL_LISTED).cloned().collect() }
    }

    /// A copy without its rows.
    fn without_rows(&self) -> TestReport {
        TestReport {
            examples: self.examples,
            class_names: self.class_names.clone(),
            metrics: self.metrics.clone(),
            rows: Vec::new(),
            rows_left_out: self.rows_left_out,
            columns: self.columns.clone(),
            compute_ms: self.compute_ms,
        }
    }
}
