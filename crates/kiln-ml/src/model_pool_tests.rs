//! Tests of the sequence pooling in `model.rs`: [`masked_mean`] against a loop over the values,
//! forward and backward, including a row of only padding.

use burn::tensor::{Distribution, TensorData};

use super::*;

const B: usize = 4;
const S: usize = 5;
const F: usize = 3;

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32")
}

fn assert_close(a: &[f32], b: &[f32], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= 1e-6 * (1.0 + y.abs()), "{what}[{i}]: {x} vs {y}");
    }
}

/// `[4, 5]` mask: a full row, two partly padded rows and a row of only padding.
#[rustfmt::skip]
const MASK: [f32; B * S] = [
    1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0,
    1.0, 0.0, 1.0, 0.0, 0.0,
];

fn mask(device: &Device) -> Tensor<2> {
    Tensor::from_data(TensorData::new(MASK.to_vec(), [B, S]), device)
}

/// Real positions of row `b` (at least 1, as the layer divides).
fn count(b: usize) -> f32 {
    MASK[b * S..(b + 1) * S].iter().sum::<f32>().max(1.0)
}

#[test]
fn masked_mean_averages_only_real_positions() {
    let device = Device::flex();
    device.seed(2);
    let x = Tensor::<3>::random([B, S, F], Distribution::Normal(0.0, 1.0), &device);
    let xs = values(x.clone());
    let mut want = vec![0f32; B * F];
    for b in 0..B {
        for k in 0..F {
            let sum: f32 = (0..S).map(|t| xs[(b * S + t) * F + k] * MASK[b * S + t]).sum();
            want[b * F + k] = sum / count(b);
        }
    }
    let got = values(masked_mean(x.clone(), Some(mask(&device))));
    assert_close(&got, &want, "masked");
    assert_eq!(&got[2 * F..3 * F], &[0.0; F], "a row of only padding pools to zeros, not NaN");
    // Without a mask every position counts.
    let plain = values(x.mean_dim(1).reshape([B, F]));
    assert_close(
        &values(masked_mean(Tensor::from_data(TensorData::new(xs, [B, S, F]), &device), None)),
        &plain,
        "no mask",
    );
}

#[test]
fn masked_mean_gradients_are_the_mask_over_the_count() {
    // loss = Σ_b,k w[b,k] · mean_b,k  ⇒  ∂loss/∂x[b,t,k] = w[b,k] · m[b,t] / count(b).
    let device = Device::flex().autodiff();
    device.seed(4);
    let x = Tensor::<3>::random([B, S, F], Distribution::Normal(0.0, 1.0), &device).require_grad();
    let w = Tensor::<2>::random([B, F], Distribution::Normal(0.0, 1.0), &device);
    let ws = values(w.clone());
    let loss = (masked_mean(x.clone(), Some(mask(&device))) * w).sum();
    let got = values(x.grad(&loss.backward()).expect("x has a gradient"));
    let want: Vec<f32> = (0..B * S * F)
        .map(|i| (i / (S * F), i / F % S, i % F))
        .map(|(b, t, k)| ws[b * F + k] * MASK[b * S + t] / count(b))
        .collect();
    assert_close(&got, &want, "dloss/dx");
    assert!(got[2 * S * F..3 * S * F].iter().all(|g| *g == 0.0), "the all-padding row gets no gradient");
    assert!(got[..S * F].iter().any(|g| *g != 0.0), "the full row has gradients");
}
