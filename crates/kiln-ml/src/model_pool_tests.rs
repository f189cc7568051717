//! Tests of the sequence pooling in `model.rs`: the batched-matmul form of [`masked_mean`]
//! against the element-wise form it replaced, forward and backward.

use burn::tensor::{Distribution, TensorData};

use super::*;

/// The element-wise masked mean (the form before the matmul): `Σ_t x·m / max(1, Σ_t m)`.
fn masked_mean_elementwise(x: Tensor<3>, mask: Option<Tensor<2>>) -> Tensor<2> {
    let [b, s, f] = x.dims();
    let mask = mask.unwrap_or_else(|| Tensor::ones([b, s], &x.device()));
    let count = mask.clone().sum_dim(1).clamp_min(1.0);
    (x * mask.unsqueeze_dim::<3>(2)).sum_dim(1).reshape([b, f]) / count
}

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
fn mask(device: &Device) -> Tensor<2> {
    #[rustfmt::skip]
    let m = vec![
        1.0f32, 1.0, 1.0, 1.0, 1.0,
        1.0, 1.0, 0.0, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0, 0.0,
        1.0, 0.0, 1.0, 0.0, 0.0,
    ];
    Tensor::from_data(TensorData::new(m, [4, 5]), device)
}

#[test]
fn masked_mean_matmul_form_matches_the_elementwise_form() {
    let device = Device::flex();
    device.seed(2);
    let x = Tensor::<3>::random([4, 5, 3], Distribution::Normal(0.0, 1.0), &device);
    let got = values(masked_mean(x.clone(), Some(mask(&device))));
    let want = values(masked_mean_elementwise(x.clone(), Some(mask(&device))));
    assert_close(&got, &want, "masked");
    assert_eq!(&got[6..9], &[0.0, 0.0, 0.0], "a row of only padding pools to zeros, not NaN");
    // Row 1 is the mean of its first two positions.
    let xs = values(x.clone());
    for k in 0..3 {
        let mean = (xs[15 + k] + xs[18 + k]) / 2.0;
        assert!((got[3 + k] - mean).abs() < 1e-6, "row 1 feature {k}: {} vs {mean}", got[3 + k]);
    }
    let got = values(masked_mean(x.clone(), None));
    assert_close(&got, &values(masked_mean_elementwise(x, None)), "no mask");
}

#[test]
fn masked_mean_matmul_form_has_the_elementwise_gradients() {
    let device = Device::flex().autodiff();
    device.seed(4);
    let x0 = Tensor::<3>::random([4, 5, 3], Distribution::Normal(0.0, 1.0), &device);
    let w = Tensor::<2>::random([4, 3], Distribution::Normal(0.0, 1.0), &device);
    let grad = |f: fn(Tensor<3>, Option<Tensor<2>>) -> Tensor<2>| {
        let x = x0.clone().detach().require_grad();
        let loss = (f(x.clone(), Some(mask(&device))) * w.clone()).sum();
        values(x.grad(&loss.backward()).expect("x has a gradient"))
    };
    let got = grad(masked_mean);
    let want = grad(masked_mean_elementwise);
    assert_close(&got, &want, "dloss/dx");
    // Padded positions get no gradient; row 2 (all padding) none at all.
    assert!(got[30..45].iter().all(|g| *g == 0.0), "all-padding row: {:?}", &got[30..45]);
    assert!(got[21..30].iter().all(|g| *g == 0.0), "padded positions of row 1");
    assert!(got[..15].iter().any(|g| *g != 0.0), "the full row has gradients");
}
