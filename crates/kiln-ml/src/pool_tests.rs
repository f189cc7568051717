//! Tests of `pool.rs`: the fused Embedding → masked mean against burn's `Embedding` followed by
//! the model's masked mean, forward values and the table's gradient, bit for bit.

use burn::module::Param;
use burn::nn::Embedding;
use burn::optim::GradientsParams;
use burn::tensor::Device;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32")
}

/// `[batch, seq]` ids in 1..vocab, each row padded (id 0) after a random length; row 1 is only
/// padding, row 2 has no padding and repeats one id.
fn ids(batch: usize, seq: usize, vocab: u32, rng: &mut ChaCha8Rng) -> Vec<i32> {
    let mut ids = Vec::with_capacity(batch * seq);
    for b in 0..batch {
        let len = match b {
            1 => 0,
            2 => seq,
            _ => rng.random_range(1..=seq),
        };
        for t in 0..seq {
            ids.push(match (b, t < len) {
                (_, false) => 0,
                (2, true) if t % 3 == 0 => 7,
                _ => rng.random_range(1..vocab) as i32,
            });
        }
    }
    ids
}

/// A `shape` tensor of values uniform in `[-scale, scale)`.
fn random(shape: &[usize; 2], scale: f32, rng: &mut ChaCha8Rng, device: &Device) -> Tensor<2> {
    let values = (0..shape[0] * shape[1]).map(|_| rng.random_range(-scale..scale)).collect::<Vec<f32>>();
    Tensor::from_data(TensorData::new(values, *shape), device)
}

/// The pooled output and the table's gradient of `loss = Σ out ⊙ r` (r fixed random), with the
/// fused operation (`fused`) or burn's (`Embedding::forward` + the model's masked mean).
fn run(fused: bool, batch: usize, seq: usize, vocab: usize, width: usize) -> (Vec<f32>, Vec<f32>) {
    // Values from a seeded ChaCha stream, not the device's generator (tests run in parallel).
    let device = Device::flex().autodiff();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let table = random(&[vocab, width], 0.05, &mut rng, &device);
    let embedding = Embedding { weight: Param::from_tensor(table) };
    let ids =
        Tensor::<2, Int>::from_data(TensorData::new(ids(batch, seq, vocab as u32, &mut rng), [batch, seq]), &device);
    let r = random(&[batch, width], 1.0, &mut rng, &device);
    let out = if fused {
        embedding_mean(&embedding.weight.val(), &ids).expect("the fused path runs on the CPU engine")
    } else {
        let mask = ids.clone().not_equal_elem(0).float();
        crate::model::masked_mean(embedding.forward(ids), Some(mask))
    };
    let loss = (out.clone() * r).sum();
    let grads = GradientsParams::from_grads(loss.backward(), &embedding);
    let grad = grads.get::<2>(embedding.weight.id).expect("the table has a gradient");
    (values(out), values(grad))
}

#[test]
fn fused_embedding_mean_matches_burns_graph_bit_for_bit() {
    // A small case and the reference model's own shape (sentiment-seed: 32 × 500 over 10,000 × 16).
    for (batch, seq, vocab, width) in [(6, 40, 50, 16), (5, 9, 12, 3), (32, 500, 10_000, 16)] {
        let (out, grad) = run(true, batch, seq, vocab, width);
        let (expected_out, expected_grad) = run(false, batch, seq, vocab, width);
        assert_eq!(out, expected_out, "forward {batch}×{seq}");
        // Equal as numbers (+0.0 == -0.0: padding's row may differ only in the sign of zero).
        assert_eq!(grad, expected_grad, "table gradient {batch}×{seq}");
        assert!(out[width..2 * width].iter().all(|&v| v == 0.0), "a row of only padding pools to zeros");
        assert!(grad[..width].iter().all(|&v| v == 0.0), "padding's row gets no gradient");
        assert!(grad.iter().any(|&v| v != 0.0), "the used rows get a gradient");
    }
}

#[test]
fn inference_on_the_plain_device_gives_the_same_values() {
    let device = Device::flex();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let table = random(&[30, 4], 1.0, &mut rng, &device);
    let ids = Tensor::<2, Int>::from_data(TensorData::new(ids(4, 10, 30, &mut rng), [4, 10]), &device);
    let fused = embedding_mean(&table, &ids).expect("runs on the plain CPU device");
    let embedding = Embedding { weight: Param::from_tensor(table) };
    let mask = ids.clone().not_equal_elem(0).float();
    let expected = crate::model::masked_mean(embedding.forward(ids), Some(mask));
    assert_eq!(values(fused), values(expected));
}

#[test]
fn ids_outside_the_table_fall_back_to_burn() {
    let device = Device::flex().autodiff();
    let table = Tensor::<2>::zeros([5, 2], &device);
    for bad in [5, -1] {
        let ids = Tensor::<2, Int>::from_data(TensorData::new(vec![1, bad, 0], [1, 3]), &device);
        assert!(embedding_mean(&table, &ids).is_none(), "id {bad}");
    }
}
