//! A fused Embedding → masked GlobalAveragePooling1D for burn's CPU backend (flex): the reference
//! sentiment model's first two layers as one operation with its own backward pass.
//!
//! Written with burn's operations (`model.rs`), the pair costs five passes over a
//! `[batch, seq_len, d]` activation per training step (for `sentiment-seed`: 32 × 500 × 16 floats,
//! 1 MB each): the embedding gather, the mask multiply and the sum forward; the broadcast of the
//! gradient, the mask multiply and the scatter into the table's gradient backward. Profiled in the
//! browser worker they were the largest part of a step after the optimizer. [`embedding_mean`]
//! computes `out[b, :] = Σ_t E[ids[b, t], :] / max(1, #{t : ids[b, t] ≠ 0})` straight from the
//! table, and its backward adds `g[b, :] · (1 / count[b])` into the rows of the table's gradient that
//! the batch used: no `[batch, seq_len, d]` tensor exists at all.
//!
//! The arithmetic is burn's, in burn's order (a running sum over the sequence from 0.0, one
//! division by the count; the gradient scaled once per example by the count's reciprocal and added row by row in index
//! order), so the results are the same bits as the unfused graph (tested in `pool_tests.rs`). Only
//! the sign of a zero can differ (burn adds `0 · E[0]` for padding, this skips it), which changes
//! no sum and no Adam update.
//!
//! Used only on the CPU engine, f32 tables, and ids inside the table: anywhere else
//! [`embedding_mean`] returns `None` and the caller keeps burn's operations (WebGPU runs them on
//! the GPU).

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::NoCheckpointing;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind, unary};
use burn::backend::flex::FlexTensor;
use burn::backend::{Autodiff, AutodiffBackend, Flex};
use burn::tensor::{DType, Int, Tensor, TensorData};

/// The training-graph backend of the CPU engine (`Device::flex().autodiff()`).
type Ad = Autodiff<Flex, NoCheckpointing>;

/// What the backward pass needs: the batch's ids (validated, `[batch · seq_len]`), each example's
/// count of real tokens (≥ 1), and the table's shape.
#[derive(Debug, Clone)]
struct PoolState {
    ids: Vec<u32>,
    counts: Vec<f32>,
    vocab: usize,
    width: usize,
}

#[derive(Debug)]
struct EmbeddingMeanBackward;

impl Backward<Flex, 1> for EmbeddingMeanBackward {
    type State = PoolState;

    fn backward(self, ops: Ops<PoolState, 1>, grads: &mut Gradients, _checkpointer: &mut Checkpointer) {
        let Ops { parents, node, state } = ops;
        unary::<Flex, _>(parents, node, grads, |grad| table_grad(&state, grad));
    }
}

/// The masked mean of the embedded tokens, `[batch, d]`, from the table `weight` `[vocab, d]` and
/// token ids `[batch, seq_len]` (0 = padding, not counted): the same values (and gradient, on an
/// autodiff device) as `nn::Embedding` followed by Kiln's masked GlobalAveragePooling1D.
///
/// Returns `None` (the caller then uses burn's operations) when the tensors are not on burn's CPU
/// backend, the table is not f32, or an id is negative or not below `vocab`.
pub fn embedding_mean(weight: &Tensor<2>, ids: &Tensor<2, Int>) -> Option<Tensor<2>> {
    if let Ok(table) = weight.clone().try_into_primitive::<Ad>() {
        let ids = ids.clone().try_into_primitive::<Ad>().ok()?;
        let (out, state) = pool_forward(&Ad::inner(table.clone()), &ids)?;
        let out = match EmbeddingMeanBackward.prepare::<NoCheckpointing>([table.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => prep.finish(state, out),
            OpsKind::UnTracked(prep) => prep.finish(out),
        };
        return Some(Tensor::from_primitive::<Ad>(out));
    }
    // Inference on the plain CPU device (evaluation, prediction): the forward pass alone.
    let table = weight.clone().try_into_primitive::<Flex>().ok()?;
    let ids = ids.clone().try_into_primitive::<Flex>().ok()?;
    let (out, _) = pool_forward(&table, &ids)?;
    Some(Tensor::from_primitive::<Flex>(out))
}

/// Token ids as `u32`, each checked `< vocab`; `None` for another dtype or an id out of range.
fn read_ids(ids: &FlexTensor, vocab: usize) -> Option<Vec<u32>> {
    let ids = ids.to_contiguous();
    let valid = |id: i64| usize::try_from(id).ok().filter(|&i| i < vocab).and_then(|i| u32::try_from(i).ok());
    match ids.dtype() {
        DType::I32 => ids.as_slice::<i32>()?.iter().map(|&i| valid(i64::from(i))).collect(),
        DType::I64 => ids.as_slice::<i64>()?.iter().map(|&i| valid(i)).collect(),
        _ => None,
    }
}

/// The forward kernel: `[batch, d]` means and the backward's state.
fn pool_forward(table: &FlexTensor, ids: &FlexTensor) -> Option<(FlexTensor, PoolState)> {
    let (&[vocab, width], &[batch, seq]) = (table.layout().shape().as_slice(), ids.layout().shape().as_slice()) else {
        return None;
    };
    if table.dtype() != DType::F32 {
        return None;
    }
    let table = table.to_contiguous();
    let values = table.as_slice::<f32>()?;
    let ids = read_ids(ids, vocab)?;
    let mut out = vec![0f32; batch * width];
    let mut counts = Vec::with_capacity(batch);
    if width > 0 && seq > 0 {
        for (row, tokens) in out.chunks_exact_mut(width).zip(ids.chunks_exact(seq)) {
            let mut n = 0u32;
            for &id in tokens.iter().filter(|&&id| id != 0) {
                n += 1;
                let start = id as usize * width;
                for (o, &e) in row.iter_mut().zip(&values[start..start + width]) {
                    *o += e;
                }
            }
            let count = (n as f32).max(1.0);
            row.iter_mut().for_each(|o| *o /= count);
            counts.push(count);
        }
    }
    counts.resize(batch, 1.0);
    let out = FlexTensor::from_data(TensorData::new(out, [batch, width]));
    Some((out, PoolState { ids, counts, vocab, width }))
}

/// The backward kernel: the table's gradient `[vocab, d]` from the output's gradient `[batch, d]`.
fn table_grad(state: &PoolState, grad: FlexTensor) -> FlexTensor {
    let PoolState { ids, counts, vocab, width } = state;
    let (vocab, width) = (*vocab, *width);
    let grad = grad.to_contiguous();
    let mut table = vec![0f32; vocab * width];
    let batch = counts.len();
    let seq = ids.len().checked_div(batch).unwrap_or(0);
    if let (Some(g), true) = (grad.as_slice::<f32>(), width > 0 && seq > 0) {
        let mut scaled = vec![0f32; width];
        for ((g, &count), tokens) in g.chunks_exact(width).zip(counts).zip(ids.chunks_exact(seq)) {
            // burn's division backward: `g · (1 / count)`, not `g / count` (they differ in the last bit).
            let inv = 1.0 / count;
            for (s, &g) in scaled.iter_mut().zip(g) {
                *s = g * inv;
            }
            for &id in tokens.iter().filter(|&&id| id != 0) {
                let start = id as usize * width;
                for (t, &s) in table[start..start + width].iter_mut().zip(&scaled) {
                    *t += s;
                }
            }
        }
    }
    FlexTensor::from_data(TensorData::new(table, [vocab, width]))
}

#[cfg(test)]
#[path = "pool_tests.rs"]
mod tests;
