//! Why a text model scored a text so: each word's contribution to the score, by a method that
//! is exact for the model, named in the result ([`kiln_protocol::report::Explanation`]).
//!
//! **The score** is the explained class's logit: for two classes the log-odds of positive
//! `ln p/(1 − p)` (so + is green, towards positive, and − red); for more classes that class's
//! logit. A word outside the vocabulary is scored as the model sees it, as the unknown id 1;
//! a word after the sequence length is never seen and contributes 0.
//!
//! **Which method.** *Occlusion* (word `i`'s contribution is `s(text) − s(text with word i
//! deleted)`, the model run again on the shorter text) is exact for every model about what it
//! measures, so it is the method for Conv1D, attention, max pooling or tanh layers. For the
//! reference model — Embedding → masked GlobalAveragePooling1D → Dense(ReLU) → Dense(sigmoid) —
//! it is honest but misleading: average pooling makes a deleted word's effect its difference
//! from the *other* words (for a model linear after pooling the contributions sum to exactly 0),
//! so in "awful, terrible, boring" no word looks negative. Plain gradient × input is not exact
//! either: the ReLU layer makes the score non-linear and its biases leave a remainder. What *is*
//! exact there is gradient × input integrated along the straight path from the empty text:
//! after pooling the network is piecewise linear, so the integral is computed in closed form
//! ([`crate::path`]), and word `i`'s contribution `(1/n)·eᵢ·∫∇s` sums over the words to exactly
//! `s(text) − s(empty text)`. So models of that shape ([`crate::path::is_path_exact`]) get
//! [`ExplainMethod::IntegratedGradients`] and all others [`ExplainMethod::Occlusion`];
//! [`explain_text`] takes either when asked.

use burn::tensor::{Int, Tensor, TensorData};
use kiln_core::{InputSpec, ModelSpec};
use kiln_data::{TextTokenizer, Vocabulary};
use kiln_protocol::report::{ExplainMethod, Explanation, WordContribution};

use crate::MlError;
use crate::eval::{Evaluator, read_vec_f};
use crate::model::{Head, Input};
use crate::path::{PathModel, is_path_exact};

/// Rows per forward pass when occluding.
const BATCH: usize = 256;

/// The method [`explain_text`] uses for `spec` when not told (module comment).
pub fn default_method(spec: &ModelSpec) -> ExplainMethod {
    if is_path_exact(spec) { ExplainMethod::IntegratedGradients } else { ExplainMethod::Occlusion }
}

/// The sequence length of a text model.
fn seq_len(spec: &ModelSpec) -> Result<usize, MlError> {
    match spec.input {
        InputSpec::Tokens { seq_len, .. } => Ok(seq_len),
        _ => Err(MlError::Invalid("word contributions are for text models (token inputs)".into())),
    }
}

/// The host-side chain after pooling of `evaluator`'s network (weights read back).
pub(crate) async fn path_model(evaluator: &Evaluator, spec: &ModelSpec) -> Result<PathModel, MlError> {
    let mut dense = Vec::new();
    for (w, b) in evaluator.network().dense_weights() {
        dense.push((read_vec_f(w).await?, read_vec_f(b).await?));
    }
    PathModel::new(spec, &dense).ok_or_else(|| {
        MlError::Invalid(
            "integrated gradients are exact only for Embedding → GlobalAveragePooling1D → Dense layers with linear, ReLU or leaky-ReLU activations; use occlusion".into(),
        )
    })
}

/// Rows `ids` of the (first) Embedding's table, read back, row-major `[ids.len(), d]`, and `d`.
pub(crate) async fn embedding_rows(evaluator: &Evaluator, ids: Option<&[u32]>) -> Result<(Vec<f32>, usize), MlError> {
    let table = evaluator
        .network()
        .params
        .embeddings
        .first()
        .ok_or_else(|| MlError::Invalid("the model has no Embedding layer".into()))?
        .weight
        .val();
    let [_, d] = table.dims();
    let table = match ids {
        Some(ids) => {
            let idx: Vec<i32> = ids.iter().map(|&i| i as i32).collect();
            let idx = Tensor::<1, Int>::from_data(TensorData::new(idx, [ids.len()]), evaluator.device());
            table.select(0, idx)
        }
        None => table,
    };
    Ok((read_vec_f(table).await?, d))
}

/// The explained class and its score and probability from one row of outputs (logits, or the
/// value for regression): two classes → class 1; more → `class` or the most probable.
fn pick(head: Head, outputs: &[f64], class: Option<u32>) -> (u32, f64, Option<f64>) {
    match head {
        Head::Sigmoid => (1, outputs[0], Some(1.0 / (1.0 + (-outputs[0]).exp()))),
        Head::Softmax => {
            let best = outputs.iter().enumerate().fold(0, |b, (i, &v)| if v > outputs[b] { i } else { b });
            let c = class.map_or(best, |c| (c as usize).min(outputs.len() - 1));
            let max = outputs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let z: f64 = outputs.iter().map(|v| (v - max).exp()).sum();
            (c as u32, outputs[c], Some((outputs[c] - max).exp() / z))
        }
        Head::Linear => (0, outputs[0], None),
    }
}

/// Each word's contribution to the score of `text` (module comment), with `method` or else
/// [`default_method`]; `class` chooses the class explained for a softmax model (default: the
/// predicted one). `class_names` names it. The text is tokenized with `tokenizer` and encoded with
/// `vocab` as training data was (a jieba model's words are jieba's words, never characters).
///
/// # Errors
/// [`MlError::Invalid`] for a model that does not take tokens, or integrated gradients asked
/// for a model where they are not exact; [`MlError::Device`] when a read-back fails.
#[allow(clippy::too_many_arguments)] // the model, its text preparation, the text and two choices
pub async fn explain_text(
    evaluator: &Evaluator,
    spec: &ModelSpec,
    vocab: &Vocabulary,
    tokenizer: &TextTokenizer,
    class_names: &[String],
    text: &str,
    method: Option<ExplainMethod>,
    class: Option<u32>,
) -> Result<Explanation, MlError> {
    let seq_len = seq_len(spec)?;
    let tokens = tokenizer.tokenize(text);
    let ids = vocab.encode(&tokens, seq_len);
    let seen = tokens.len().min(seq_len);
    let head = evaluator.network().head();
    let method = method.unwrap_or_else(|| default_method(spec));
    let (class, score, probability, empty_score, contributions, without) = match method {
        ExplainMethod::IntegratedGradients => {
            let model = path_model(evaluator, spec).await?;
            let (rows, d) = embedding_rows(evaluator, Some(&ids[..seen])).await?;
            let (h, out_full) = pooled_and_outputs(&model, &rows, d);
            let (class, score, probability) = pick(head, &out_full, class);
            let empty = model.forward(&vec![0.0; d])[class_output(head, class)];
            let c = integrated_contributions(&model, &rows, d, &h, class_output(head, class));
            (class, score, probability, empty, c, vec![None; seen])
        }
        ExplainMethod::Occlusion => {
            let mut batch = vec![ids.clone()];
            for i in 0..seen {
                let mut rest = tokens.clone();
                rest.remove(i);
                batch.push(vocab.encode(&rest, seq_len));
            }
            batch.push(vec![0; seq_len]);
            let outs = logits(evaluator, &batch, seq_len).await?;
            let (class, score, probability) = pick(head, &outs[0], class);
            let k = class_output(head, class);
            let empty = outs[seen + 1][k];
            let c = (1..=seen).map(|r| score - outs[r][k]).collect();
            let without = (1..=seen).map(|r| pick(head, &outs[r], Some(class)).2).collect();
            (class, score, probability, empty, c, without)
        }
    };
    let words: Vec<WordContribution> = tokens
        .into_iter()
        .enumerate()
        .map(|(j, text)| WordContribution {
            text,
            id: (j < seen).then(|| ids[j]),
            contribution: contributions.get(j).copied().unwrap_or(0.0),
            probability_without: without.get(j).copied().flatten(),
        })
        .collect();
    Ok(Explanation {
        method,
        class,
        class_name: class_names.get(class as usize).cloned().unwrap_or_else(|| format!("class {class}")),
        score,
        probability,
        empty_score,
        total: words.iter().map(|w| w.contribution).sum(),
        words,
    })
}

/// Which output holds class `class`'s score (a sigmoid head has one output for class 1).
fn class_output(head: Head, class: u32) -> usize {
    match head {
        Head::Softmax => class as usize,
        Head::Sigmoid | Head::Linear => 0,
    }
}

/// The pooled vector `h` (mean of the `n` rows `[n, d]`; zeros for none) and the outputs for it.
pub(crate) fn pooled_and_outputs(model: &PathModel, rows: &[f32], d: usize) -> (Vec<f64>, Vec<f64>) {
    let n = rows.len() / d.max(1);
    let mut h = vec![0.0; d];
    for row in rows.chunks(d.max(1)) {
        for (hk, &v) in h.iter_mut().zip(row) {
            *hk += f64::from(v);
        }
    }
    if n > 0 {
        h.iter_mut().for_each(|v| *v /= n as f64);
    }
    let out = model.forward(&h);
    (h, out)
}

/// Word `i`'s contribution `(1/n)·eᵢ·∫∇s` for each of the `n` embedding rows (`[n, d]`).
pub(crate) fn integrated_contributions(
    model: &PathModel,
    rows: &[f32],
    d: usize,
    h: &[f64],
    output: usize,
) -> Vec<f64> {
    let n = rows.len() / d.max(1);
    if n == 0 {
        return Vec::new();
    }
    let g = model.integrated_gradient(h, output);
    rows.chunks(d).map(|e| e.iter().zip(&g).map(|(&x, gk)| f64::from(x) * gk).sum::<f64>() / n as f64).collect()
}

/// Logits (or regression outputs) for encoded rows of `seq_len` ids, `[rows][outputs]`.
pub(crate) async fn logits(evaluator: &Evaluator, rows: &[Vec<u32>], seq_len: usize) -> Result<Vec<Vec<f64>>, MlError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut parts = Vec::new();
    for chunk in rows.chunks(BATCH) {
        let ids: Vec<i32> = chunk.iter().flatten().map(|&i| i as i32).collect();
        let x = Tensor::<2, Int>::from_data(TensorData::new(ids, [chunk.len(), seq_len]), evaluator.device());
        parts.push(evaluator.network().forward(Input::Tokens(x)));
    }
    let all = Tensor::cat(parts, 0);
    let [_, outputs] = all.dims();
    let values = read_vec_f(all).await?;
    Ok(values.chunks(outputs.max(1)).map(|r| r.iter().map(|&v| f64::from(v)).collect()).collect())
}
