//! The arithmetic of compression on host values: symmetric int8 with one scale per channel,
//! float16, magnitude pruning and histograms. No tensors here, so every bound is tested directly.
//!
//! **int8.** For each channel `c` (a slice along the channel axis), `s_c` is the smallest float16
//! value ≥ `max|w| / 127`, and `q = round(w / s_c)` clamped to `[−127, 127]` (symmetric, no zero
//! point; −128 unused, as in TensorFlow Lite's and PyTorch's symmetric per-channel schemes). The
//! stored value is `ŵ = q · s_c`, and `|w − ŵ| ≤ s_c / 2` for every weight. Scales are float16
//! (as llama.cpp's `Q8_0` blocks store them): rounding up keeps the bound, `q · s_c` is exact in
//! f32 (8 × 11 significant bits), and a 16-wide embedding row then costs 16 + 2 bytes instead of
//! 16 + 4. burn 0.22's `Quantizer` is not used: its quantised tensors cannot be written by
//! `SafetensorsStore`, its `per_block` panics on shapes that do not divide, and the page needs the
//! plain int8 values and scales anyway (to export and to draw).
//!
//! **Pruning.** Magnitude pruning (Han et al. 2015, "Learning both Weights and Connections for
//! Efficient Neural Networks", arXiv:1506.02626), per tensor: the `round(p · n)` weights of
//! smallest `|w|` become 0 (ties broken by position), so exactly that many are removed.

use half::f16;

/// The largest int8 magnitude used (symmetric range `[−127, 127]`).
pub const QMAX: f32 = 127.0;

/// Stride of `axis` in a row-major `shape` (product of the later dimensions).
fn stride(shape: &[usize], axis: usize) -> usize {
    shape.iter().skip(axis + 1).product()
}

/// The channel of row-major element `i` along `axis`.
fn channel(shape: &[usize], axis: usize, i: usize) -> usize {
    (i / stride(shape, axis)) % shape.get(axis).copied().unwrap_or(1).max(1)
}

/// The smallest float16 value ≥ `x` (for `x ≥ 0`), as f32; `None` when it overflows float16.
pub fn f16_at_least(x: f32) -> Option<f32> {
    let h = f16::from_f32(x);
    let up = if h.to_f32() < x { f16::from_bits(h.to_bits() + 1) } else { h };
    up.is_finite().then(|| up.to_f32())
}

/// One tensor in symmetric per-channel int8: `values` row-major like the original, `scales[c]`
/// for channel `c` along `axis` (every scale a float16 value).
#[derive(Debug, Clone, PartialEq)]
pub struct Int8 {
    /// Quantised values `q`, row-major, in `[−127, 127]`.
    pub values: Vec<i8>,
    /// One scale per channel (`shape[axis]` of them), each exactly representable in float16.
    pub scales: Vec<f32>,
    /// The channel axis.
    pub axis: usize,
}

/// Quantises row-major `values` of `shape` with one scale per slice along `axis`. Returns `None`
/// when a scale would overflow float16 (a weight beyond about 8.3 million), or when `values`
/// does not fill `shape`: such a tensor is kept as f32.
pub fn quantize_int8(values: &[f32], shape: &[usize], axis: usize) -> Option<Int8> {
    let channels = *shape.get(axis)?;
    if values.len() != shape.iter().product::<usize>() || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mut max = vec![0.0f32; channels];
    for (i, v) in values.iter().enumerate() {
        let c = channel(shape, axis, i);
        max[c] = max[c].max(v.abs());
    }
    let scales: Vec<f32> = max.iter().map(|m| f16_at_least(m / QMAX)).collect::<Option<_>>()?;
    let q = values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let s = scales[channel(shape, axis, i)];
            if s == 0.0 { 0 } else { (f64::from(v) / f64::from(s)).round().clamp(-127.0, 127.0) as i8 }
        })
        .collect();
    Some(Int8 { values: q, scales, axis })
}

/// `ŵ = q · s` for every value (exact in f32).
pub fn dequantize_int8(q: &Int8, shape: &[usize]) -> Vec<f32> {
    q.values.iter().enumerate().map(|(i, &v)| f32::from(v) * q.scales[channel(shape, q.axis, i)]).collect()
}

/// Float16 bit patterns of `values` (round to nearest even); `None` when one overflows.
pub fn to_f16_bits(values: &[f32]) -> Option<Vec<u16>> {
    values
        .iter()
        .map(|&v| {
            let h = f16::from_f32(v);
            h.is_finite().then(|| h.to_bits())
        })
        .collect()
}

/// The f32 values of float16 bit patterns.
pub fn from_f16_bits(bits: &[u16]) -> Vec<f32> {
    bits.iter().map(|&b| f16::from_bits(b).to_f32()).collect()
}

/// The keep-mask of magnitude pruning at `sparsity` ∈ [0, 1]: `false` for the `round(sparsity·n)`
/// values of smallest `|w|` (the earlier position first among equals), `true` for the rest.
pub fn prune_mask(values: &[f32], sparsity: f64) -> Vec<bool> {
    let n = values.len();
    let remove = ((sparsity.clamp(0.0, 1.0) * n as f64).round() as usize).min(n);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[a].abs().total_cmp(&values[b].abs()).then(a.cmp(&b)));
    let mut keep = vec![true; n];
    for &i in &order[..remove] {
        keep[i] = false;
    }
    keep
}

/// Counts of `values` in `bins` equal-width bins over `[lo, hi]`; values outside (and NaN) fall
/// in the nearest end bin.
pub fn histogram(values: &[f32], lo: f32, hi: f32, bins: usize) -> Vec<u32> {
    let bins = bins.max(1);
    let mut counts = vec![0u32; bins];
    let width = (hi - lo) / bins as f32;
    for &v in values {
        let b = if width > 0.0 && v.is_finite() { ((v - lo) / width).floor() } else { 0.0 };
        let b = (b.max(0.0) as usize).min(bins - 1);
        counts[b] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// Random shapes and values (normal-ish, with outliers, zero channels and exact zeros).
    fn random_tensor(rng: &mut ChaCha8Rng) -> (Vec<usize>, Vec<f32>) {
        let rank = rng.random_range(1..=4usize);
        let shape: Vec<usize> = (0..rank).map(|_| rng.random_range(1..=9usize)).collect();
        let n: usize = shape.iter().product();
        let scale = 10f32.powf(rng.random_range(-4.0..2.0f32));
        let values = (0..n)
            .map(|_| match rng.random_range(0..20) {
                0 => 0.0,
                1 => rng.random_range(-50.0..50.0f32) * scale,
                _ => rng.random_range(-1.0..1.0f32) * scale,
            })
            .collect();
        (shape, values)
    }

    #[test]
    fn int8_round_trip_is_within_half_a_scale_step() {
        let mut rng = ChaCha8Rng::seed_from_u64(14);
        for _ in 0..500 {
            let (shape, values) = random_tensor(&mut rng);
            let axis = rng.random_range(0..shape.len());
            let q = quantize_int8(&values, &shape, axis).expect("finite, small weights quantise");
            assert_eq!(q.scales.len(), shape[axis]);
            let back = dequantize_int8(&q, &shape);
            for (i, (&w, &w_hat)) in values.iter().zip(&back).enumerate() {
                let s = q.scales[channel(&shape, axis, i)];
                let err = (f64::from(w) - f64::from(w_hat)).abs();
                assert!(err <= f64::from(s) / 2.0 * (1.0 + 1e-9), "|{w} − {w_hat}| = {err} > {s}/2");
                // ŵ = q·s is exact in f32.
                assert_eq!(f64::from(w_hat), f64::from(q.values[i]) * f64::from(s));
            }
            // Each scale is the smallest float16 ≥ max|w|/127, and −128 is never used.
            for (c, &s) in q.scales.iter().enumerate() {
                let max = values
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| channel(&shape, axis, *i) == c)
                    .fold(0.0f32, |m, (_, v)| m.max(v.abs()));
                assert!(s >= max / QMAX && f16::from_f32(s).to_f32() == s);
                assert!(s == 0.0 || f16::from_bits(f16::from_f32(s).to_bits() - 1).to_f32() < max / QMAX);
            }
            assert!(q.values.iter().all(|&v| v != i8::MIN));
        }
    }

    #[test]
    fn channels_follow_the_axis() {
        // A Dense kernel [in = 2, units = 3], per unit (axis 1): columns share a scale.
        let w = [1.0, -0.5, 0.25, -127.0, 2.0, 0.0];
        let q = quantize_int8(&w, &[2, 3], 1).expect("quantises");
        assert_eq!(
            q.scales,
            [1.0, f16_at_least(2.0 / 127.0).expect("fits"), f16_at_least(0.25 / 127.0).expect("fits")]
        );
        assert_eq!(q.values[3], -127);
        assert_eq!(q.values[5], 0);
        // An embedding [rows = 2, dim = 3], per row (axis 0).
        let q = quantize_int8(&w, &[2, 3], 0).expect("quantises");
        assert_eq!(q.scales, [f16_at_least(1.0 / 127.0).expect("fits"), 1.0]);
        assert_eq!(dequantize_int8(&q, &[2, 3])[3], -127.0);
        // An all-zero channel gets scale 0 and zeros.
        let q = quantize_int8(&[0.0, 0.0, 3.0, 1.0], &[2, 2], 0).expect("quantises");
        assert_eq!(q.scales[0], 0.0);
        assert_eq!(dequantize_int8(&q, &[2, 2])[..2], [0.0, 0.0]);
        // Non-finite or huge weights are not quantised.
        assert!(quantize_int8(&[f32::NAN, 1.0], &[2], 0).is_none());
        assert!(quantize_int8(&[1e9, 1.0], &[2], 0).is_none());
        assert!(quantize_int8(&[1.0], &[2], 0).is_none());
    }

    #[test]
    fn float16_rounds_to_nearest() {
        let bits = to_f16_bits(&[1.0, 0.1, -3.5, 65504.0]).expect("fits");
        let back = from_f16_bits(&bits);
        assert_eq!(back[0], 1.0);
        assert!((back[1] - 0.1).abs() <= 0.1 * 2f32.powi(-11));
        assert_eq!(back[2], -3.5);
        assert!(to_f16_bits(&[70000.0]).is_none());
    }

    #[test]
    fn pruning_removes_exactly_the_requested_fraction() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for _ in 0..200 {
            let n = rng.random_range(1..3000usize);
            // Few distinct magnitudes, so ties are common.
            let values: Vec<f32> = (0..n).map(|_| rng.random_range(-8..=8i32) as f32 * 0.125).collect();
            let sparsity = rng.random_range(0.0..=0.95f64);
            let keep = prune_mask(&values, sparsity);
            let removed = keep.iter().filter(|k| !**k).count();
            assert_eq!(removed, (sparsity * n as f64).round() as usize, "n {n} sparsity {sparsity}");
            // Every removed weight is no larger than every kept one.
            let largest_removed =
                values.iter().zip(&keep).filter(|(_, k)| !**k).map(|(v, _)| v.abs()).fold(0.0, f32::max);
            let smallest_kept =
                values.iter().zip(&keep).filter(|(_, k)| **k).map(|(v, _)| v.abs()).fold(f32::INFINITY, f32::min);
            assert!(largest_removed <= smallest_kept);
        }
        assert_eq!(prune_mask(&[3.0, -1.0, 2.0, 0.5], 0.5), [true, false, true, false]);
        assert_eq!(prune_mask(&[1.0, 1.0, 1.0, 1.0], 0.5), [false, false, true, true]);
        assert!(prune_mask(&[1.0, 2.0], 0.0).iter().all(|k| *k));
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let counts = histogram(&[-1.0, -0.5, 0.0, 0.0, 0.49, 1.0, 7.0, f32::NAN], -1.0, 1.0, 4);
        assert_eq!(counts, [2, 1, 3, 2]);
        assert_eq!(histogram(&[0.0, 0.0], 0.0, 0.0, 3), [2, 0, 0]);
    }
}
