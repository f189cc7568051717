//! The test-set report: a trained network run over the test split once, and everything the
//! evaluate panel shows computed from that — the confusion matrix and per-class metrics (or MAE,
//! RMSE, R²), the two-class threshold curve, and every test example's truth, probabilities and
//! look (its text and words, its image, its table row as read).
//!
//! [`test_report`] reads the predictions back once ([`predict_examples`]); the rest is
//! [`build_report`], plain host code. Size is bounded: at most [`MAX_ROWS`] examples (fewer for
//! large images, [`MAX_SHOWN_BYTES`]), texts cut to [`MAX_TEXT_CHARS`]; beyond the cap the most
//! confidently wrong examples are kept first. Metrics are always over the whole split.

use burn::tensor::Device;
use kiln_core::curves::BinaryCurve;
use kiln_core::metrics::{ConfusionMatrix, argmax, regression_metrics};
use kiln_data::{Examples, Inputs, RawExamples, Splits, Targets, tokenize};
use kiln_protocol::report::{DEFAULT_THRESHOLD, Outcome, ReportMetrics, ReportRow, Shown, ShownWord, TestReport};

use crate::MlError;
use crate::data::DeviceSplit;
use crate::eval::{Evaluator, read_vec_f};

/// Most test examples a report lists (MNIST 10k's test split is 1,000).
pub const MAX_ROWS: usize = 2_000;
/// Budget for the pixels of listed images, bytes (about 4 MB: 2,000 MNIST digits are 1.6 MB;
/// 64×64 RGB images would stop at 341).
pub const MAX_SHOWN_BYTES: usize = 4 << 20;
/// Characters of a text kept for showing (a longer document is cut, with "…").
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Tokens of a text listed with their ids.
pub const MAX_SHOWN_WORDS: usize = 400;
/// Rows per forward pass.
const BATCH: usize = 512;

/// The model's output for every row of `examples`, read back once: `(values, outputs)` with
/// `values` row-major `[n, outputs]` — probabilities for classifiers (the head's sigmoid or
/// softmax applied), the prediction for regression. Empty for an empty split.
///
/// # Errors
/// [`MlError::Data`] when the inputs do not fit the model; [`MlError::Device`] when a read-back
/// fails.
pub async fn predict_examples(evaluator: &Evaluator, examples: &Examples) -> Result<(Vec<f32>, usize), MlError> {
    let device: &Device = evaluator.device();
    let Some(split) = DeviceSplit::upload(examples, device) else { return Ok((Vec::new(), 0)) };
    let mut parts = Vec::new();
    let mut start = 0;
    while start < split.len {
        let end = (start + BATCH).min(split.len);
        let (x, _) = split.rows(start, end);
        parts.push(evaluator.network().predict(x));
        start = end;
    }
    let all = burn::tensor::Tensor::cat(parts, 0);
    let [_, outputs] = all.dims();
    Ok((read_vec_f(all).await?, outputs))
}

/// The model's output for `inputs` (one or more rows: a drawing, a dropped image, a form's
/// features), as [`predict_examples`] gives it.
///
/// # Errors
/// As [`predict_examples`].
pub async fn predict_inputs(evaluator: &Evaluator, inputs: &Inputs) -> Result<(Vec<f32>, usize), MlError> {
    let examples =
        Examples { inputs: inputs.clone(), targets: Targets::Regression { values: vec![0.0; inputs.rows()] } };
    predict_examples(evaluator, &examples).await
}

/// The test report of `evaluator`'s network on `splits.test` (class names and the raw examples
/// come from `splits` too).
///
/// # Errors
/// As [`predict_examples`] and [`build_report`].
pub async fn test_report(evaluator: &Evaluator, splits: &Splits) -> Result<TestReport, MlError> {
    let (values, outputs) = predict_examples(evaluator, &splits.test).await?;
    build_report(splits, &values, outputs)
}

/// Per-example probabilities `[n, k]` (two classes: `[1 − p, p]`) from the model's outputs.
fn class_probabilities(values: &[f32], outputs: usize, classes: usize) -> Result<Vec<Vec<f32>>, MlError> {
    match (outputs, classes) {
        (1, 2) => Ok(values.iter().map(|&p| vec![1.0 - p, p]).collect()),
        (k, c) if k == c => Ok(values.chunks(k).map(<[f32]>::to_vec).collect()),
        _ => Err(MlError::Invalid(format!(
            "the model has {outputs} outputs but the data has {classes} classes: the last Dense layer needs {classes} units (or 1 with a sigmoid for two classes)"
        ))),
    }
}

/// The report from the model's outputs on the test split, `values` row-major `[n, outputs]` as
/// [`predict_examples`] gives them.
///
/// # Errors
/// [`MlError::Data`] for an empty test split or outputs that do not match it in number;
/// [`MlError::Invalid`] when the outputs do not suit the task (e.g. 3 outputs for 2 classes).
pub fn build_report(splits: &Splits, values: &[f32], outputs: usize) -> Result<TestReport, MlError> {
    let test = &splits.test;
    let n = test.len();
    if n == 0 {
        return Err(MlError::Data(
            "the test split is empty: give the test split a share of the data to evaluate".into(),
        ));
    }
    if values.len() != n * outputs {
        return Err(MlError::Data(format!("{} predictions for {n} test examples × {outputs} outputs", values.len())));
    }
    let metric_err = |e: kiln_core::metrics::MetricsError| MlError::Data(e.to_string());
    let (metrics, outcomes): (ReportMetrics, Vec<Outcome>) = match &test.targets {
        Targets::Binary { labels } => {
            let probs = class_probabilities(values, outputs, 2)?;
            let p1: Vec<f32> = probs.iter().map(|p| p[1]).collect();
            let curve = BinaryCurve::new(labels, &p1).map_err(metric_err)?;
            let outcomes = labels
                .iter()
                .zip(probs)
                .map(|(&truth, probabilities)| Outcome::Class {
                    truth,
                    predicted: u32::from(f64::from(probabilities[1]) >= DEFAULT_THRESHOLD),
                    probabilities,
                })
                .collect();
            let metrics = ReportMetrics::Binary {
                at_default: curve.metrics_at(DEFAULT_THRESHOLD),
                roc_auc: curve.roc_auc(),
                average_precision: curve.average_precision(),
                curve,
            };
            (metrics, outcomes)
        }
        Targets::Classes { labels, classes } => {
            let probs = class_probabilities(values, outputs, *classes)?;
            let predicted: Vec<u32> = probs.iter().map(|p| argmax(p)).collect();
            let confusion = ConfusionMatrix::from_labels(labels, &predicted, *classes).map_err(metric_err)?;
            let outcomes = labels
                .iter()
                .zip(predicted)
                .zip(probs)
                .map(|((&truth, predicted), probabilities)| Outcome::Class { truth, predicted, probabilities })
                .collect();
            (ReportMetrics::MultiClass { metrics: confusion.metrics() }, outcomes)
        }
        Targets::Regression { values: truth } => {
            if outputs != 1 {
                return Err(MlError::Invalid(format!("a regression model needs 1 output, this one has {outputs}")));
            }
            let metrics = regression_metrics(truth, values).map_err(metric_err)?;
            let outcomes =
                truth.iter().zip(values).map(|(&truth, &predicted)| Outcome::Value { truth, predicted }).collect();
            (ReportMetrics::Regression { metrics }, outcomes)
        }
    };
    let kept = rows_to_keep(&outcomes, row_cap(&test.inputs));
    let columns = match &splits.test_raw {
        RawExamples::Rows { columns, .. } => columns.clone(),
        _ => Vec::new(),
    };
    let rows: Vec<ReportRow> =
        kept.iter().map(|&i| ReportRow { index: i, outcome: outcomes[i].clone(), shown: shown(splits, i) }).collect();
    Ok(TestReport {
        examples: n,
        class_names: splits.class_names.clone(),
        metrics,
        rows_left_out: n - rows.len(),
        rows,
        columns,
        compute_ms: None,
    })
}

/// How many rows fit: [`MAX_ROWS`], fewer when images would exceed [`MAX_SHOWN_BYTES`].
fn row_cap(inputs: &Inputs) -> usize {
    match inputs {
        Inputs::Images { .. } => (MAX_SHOWN_BYTES / inputs.row_len().max(1)).clamp(1, MAX_ROWS),
        _ => MAX_ROWS,
    }
}

/// The rows to list, ascending: all when they fit; else the most confidently wrong first (by
/// [`Outcome::confidence_at`] at the default threshold), then the rest in test order.
fn rows_to_keep(outcomes: &[Outcome], cap: usize) -> Vec<usize> {
    if outcomes.len() <= cap {
        return (0..outcomes.len()).collect();
    }
    let t = DEFAULT_THRESHOLD;
    let mut wrong: Vec<usize> = (0..outcomes.len())
        .filter(|&i| matches!(outcomes[i], Outcome::Value { .. }) || outcomes[i].is_wrong_at(t))
        .collect();
    wrong.sort_by(|&a, &b| outcomes[b].confidence_at(t).total_cmp(&outcomes[a].confidence_at(t)).then(a.cmp(&b)));
    wrong.truncate(cap);
    let mut keep = vec![false; outcomes.len()];
    for &i in &wrong {
        keep[i] = true;
    }
    let mut room = cap - wrong.len();
    for k in keep.iter_mut() {
        if room == 0 {
            break;
        }
        if !*k {
            *k = true;
            room -= 1;
        }
    }
    (0..outcomes.len()).filter(|&i| keep[i]).collect()
}

/// What test example `i` looked like.
fn shown(splits: &Splits, i: usize) -> Shown {
    let inputs = &splits.test.inputs;
    let len = inputs.row_len();
    match (&splits.test_raw, inputs) {
        (RawExamples::Texts { texts }, Inputs::Tokens { ids, seq_len }) if i < texts.len() => {
            let row = ids.get(i * seq_len..(i + 1) * seq_len).unwrap_or(&[]);
            shown_text(&texts[i], row)
        }
        (RawExamples::Rows { rows, .. }, _) if i < rows.len() => Shown::Row { cells: rows[i].clone() },
        (_, Inputs::Images { pixels, height, width, channels }) => Shown::Image {
            height: *height,
            width: *width,
            channels: *channels,
            pixels: pixels
                .get(i * len..(i + 1) * len)
                .unwrap_or(&[])
                .iter()
                .map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8)
                .collect(),
        },
        (_, Inputs::Features { values, .. }) => {
            Shown::Features { values: values.get(i * len..(i + 1) * len).unwrap_or(&[]).to_vec() }
        }
        (_, Inputs::Tokens { ids, .. }) => Shown::Features {
            values: ids.get(i * len..(i + 1) * len).unwrap_or(&[]).iter().map(|&id| id as f32).collect(),
        },
    }
}

/// A text and its tokens, each with the id the model saw (`ids`, the encoded row): the
/// tokenizer that encoded the split splits the text again, so token `j < seq_len` is `ids[j]`.
pub fn shown_text(text: &str, ids: &[u32]) -> Shown {
    let mut cut: String = text.chars().take(MAX_TEXT_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    let words = tokenize(text)
        .into_iter()
        .take(MAX_SHOWN_WORDS)
        .enumerate()
        .map(|(j, text)| ShownWord { text, id: ids.get(j).copied() })
        .collect();
    Shown::Text { text: cut, words }
}
