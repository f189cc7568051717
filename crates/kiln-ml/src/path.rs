//! Exact integrated gradients for the layers after average pooling, on the host in f64.
//!
//! For a text model `Embedding → GlobalAveragePooling1D → Dense/Dropout/Activation …` whose
//! activations after pooling are piecewise linear (linear, ReLU, leaky ReLU; the head's sigmoid
//! or softmax is folded into the loss, so the score is a logit), the score `s(h)` of the pooled
//! vector `h` is piecewise linear along the straight path `α·h`, `α ∈ [0, 1]`: each unit's
//! pre-activation is affine in `α` until some unit crosses 0. [`PathModel::integrated_gradient`]
//! walks those pieces one by one (the gradient is constant on each) and returns
//! `∫₀¹ ∇s(α·h) dα` exactly, so that `h · ∫∇s = s(h) − s(0)` (the fundamental theorem of
//! calculus; `s(0)` is the score of the empty text, which average pooling maps to `h = 0`).
//! No step count, no approximation — the method of Sundararajan, Taly & Yan, "Axiomatic
//! Attribution for Deep Networks" (ICML 2017) evaluated in closed form.

use kiln_core::{Activation, LayerSpec, LossSpec, ModelSpec};

/// Slope of leaky ReLU below 0 (Keras 3's `leaky_relu`, as the model uses).
const LEAKY: f64 = kiln_core::LEAKY_RELU_ALPHA;
/// A pre-activation this close to 0 (relative) is "at" a breakpoint: its side is its slope's.
const AT_ZERO: f64 = 1e-10;
/// Most pieces walked (a guard; a 16-unit hidden layer has at most 17).
const MAX_PIECES: usize = 100_000;

/// One host-side step after pooling.
#[derive(Debug, Clone, PartialEq)]
pub enum HostOp {
    /// `y = x·W + b`, `w` row-major `[inputs, units]` (burn's `Linear` layout).
    Dense {
        /// Weights `[inputs, units]`.
        w: Vec<f64>,
        /// Biases `[units]`.
        b: Vec<f64>,
        /// Units.
        units: usize,
    },
    /// An element-wise piecewise-linear activation: slope 1 above 0 and `negative_slope` below.
    Piecewise {
        /// 0 for ReLU, 0.2 for leaky ReLU, 1 for linear.
        negative_slope: f64,
    },
}

/// The layers after pooling of an eligible text model.
#[derive(Debug, Clone, PartialEq)]
pub struct PathModel {
    /// Steps in order.
    pub ops: Vec<HostOp>,
}

/// The negative slope of a piecewise-linear activation, `None` for others.
fn negative_slope(a: Activation) -> Option<f64> {
    match a {
        Activation::Linear => Some(1.0),
        Activation::Relu => Some(0.0),
        Activation::LeakyRelu => Some(LEAKY),
        _ => None,
    }
}

/// The index in `rest` of the layer whose activation the loss folds in (as `Network` does: the
/// last layer, when the loss is a cross-entropy).
fn folded_layer(spec: &ModelSpec, rest: &[LayerSpec]) -> Option<usize> {
    let folds = spec.loss != LossSpec::MeanSquaredError;
    let last_acts = matches!(rest.last(), Some(LayerSpec::Dense { .. } | LayerSpec::Activation { .. }));
    (folds && last_acts).then(|| rest.len() - 1)
}

/// True when `spec` is `Embedding → GlobalAveragePooling1D →` Dense / Dropout / Activation layers
/// with piecewise-linear activations (the last activation may be anything the loss folds in:
/// sigmoid with binary cross-entropy, softmax with categorical cross-entropy). Those models get
/// exact integrated gradients; every other text model gets occlusion.
pub fn is_path_exact(spec: &ModelSpec) -> bool {
    let [LayerSpec::Embedding { .. }, LayerSpec::GlobalAveragePooling1D, rest @ ..] = spec.layers.as_slice() else {
        return false;
    };
    let folded_at = folded_layer(spec, rest);
    rest.iter().enumerate().all(|(i, layer)| {
        let folded = Some(i) == folded_at;
        match layer {
            LayerSpec::Dense { activation, .. } | LayerSpec::Activation { activation } => {
                folded || negative_slope(*activation).is_some()
            }
            LayerSpec::Dropout { .. } => true,
            _ => false,
        }
    })
}

impl PathModel {
    /// The host chain of `spec`'s layers after pooling, with Dense layer `k`'s weights
    /// `dense[k] = (w [inputs, units] row-major, b [units])`. `None` when the spec is not
    /// [`is_path_exact`] or the weights do not match it.
    pub fn new(spec: &ModelSpec, dense: &[(Vec<f32>, Vec<f32>)]) -> Option<Self> {
        if !is_path_exact(spec) {
            return None;
        }
        let rest = &spec.layers[2..];
        let folded_at = folded_layer(spec, rest);
        let mut ops = Vec::new();
        let mut k = 0;
        for (i, layer) in rest.iter().enumerate() {
            let folded = Some(i) == folded_at;
            let activation = match layer {
                LayerSpec::Dense { units, activation } => {
                    let (w, b) = dense.get(k)?;
                    k += 1;
                    if b.len() != *units || w.len() % units.max(&1) != 0 {
                        return None;
                    }
                    let to64 = |v: &[f32]| v.iter().map(|&x| f64::from(x)).collect();
                    ops.push(HostOp::Dense { w: to64(w), b: to64(b), units: *units });
                    *activation
                }
                LayerSpec::Activation { activation } => *activation,
                _ => continue,
            };
            if !folded && activation != Activation::Linear {
                ops.push(HostOp::Piecewise { negative_slope: negative_slope(activation)? });
            }
        }
        Some(PathModel { ops })
    }

    /// The outputs (logits) for pooled vector `h`.
    pub fn forward(&self, h: &[f64]) -> Vec<f64> {
        let mut x = h.to_vec();
        for op in &self.ops {
            x = match op {
                HostOp::Dense { w, b, units } => affine(&x, w, b, *units),
                HostOp::Piecewise { negative_slope } => {
                    x.iter().map(|&z| if z > 0.0 { z } else { negative_slope * z }).collect()
                }
            };
        }
        x
    }

    /// `∫₀¹ ∂s/∂h (α·h) dα` for the score `s` = output `output`, exactly (module comment);
    /// `[h.len()]`. Dotted with `h` it gives `s(h) − s(0)`.
    pub fn integrated_gradient(&self, h: &[f64], output: usize) -> Vec<f64> {
        let mut total = vec![0.0; h.len()];
        let mut a = 0.0;
        for _ in 0..MAX_PIECES {
            if a >= 1.0 {
                break;
            }
            // Values and their slopes d/dα at α = a, and each activation's slopes on the piece.
            let mut x: Vec<f64> = h.iter().map(|v| a * v).collect();
            let mut dx = h.to_vec();
            let mut step = 1.0 - a;
            let mut slopes: Vec<Vec<f64>> = Vec::new();
            for op in &self.ops {
                match op {
                    HostOp::Dense { w, b, units } => {
                        x = affine(&x, w, b, *units);
                        dx = affine(&dx, w, &vec![0.0; *units], *units);
                    }
                    HostOp::Piecewise { negative_slope } => {
                        let s: Vec<f64> = x
                            .iter()
                            .zip(&dx)
                            .map(|(&z, &dz)| {
                                let at_zero = z.abs() <= AT_ZERO * (1.0 + dz.abs());
                                let above = if at_zero { dz > 0.0 } else { z > 0.0 };
                                if !at_zero && dz != 0.0 && *negative_slope != 1.0 {
                                    let t = -z / dz;
                                    if t > 0.0 {
                                        step = step.min(t);
                                    }
                                }
                                if above { 1.0 } else { *negative_slope }
                            })
                            .collect();
                        x = x.iter().zip(&s).map(|(v, k)| v * k).collect();
                        dx = dx.iter().zip(&s).map(|(v, k)| v * k).collect();
                        slopes.push(s);
                    }
                }
            }
            // The gradient on this piece: back through the ops with the slopes fixed.
            let mut g = vec![0.0; x.len()];
            if let Some(v) = g.get_mut(output) {
                *v = 1.0;
            }
            for op in self.ops.iter().rev() {
                match op {
                    HostOp::Dense { w, units, .. } => {
                        let inputs = w.len() / units.max(&1);
                        g = (0..inputs).map(|i| (0..*units).map(|j| w[i * units + j] * g[j]).sum()).collect();
                    }
                    HostOp::Piecewise { .. } => {
                        let s = slopes.pop().unwrap_or_default();
                        g = g.iter().zip(&s).map(|(v, k)| v * k).collect();
                    }
                }
            }
            let b = (a + step).min(1.0);
            for (t, gi) in total.iter_mut().zip(&g) {
                *t += (b - a) * gi;
            }
            a = b;
        }
        total
    }
}

/// `x·W + b` with `w` row-major `[x.len(), units]`.
fn affine(x: &[f64], w: &[f64], b: &[f64], units: usize) -> Vec<f64> {
    let mut y = b.to_vec();
    for (i, &xi) in x.iter().enumerate() {
        if xi != 0.0 {
            for (j, yj) in y.iter_mut().enumerate() {
                *yj += xi * w[i * units + j];
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-checkable net: h ∈ ℝ², hidden ReLU units z₁ = h₁ − 1, z₂ = h₂ + 0.5, score
    /// s = 2·relu(z₁) − 3·relu(z₂) + 0.25.
    fn hand() -> PathModel {
        PathModel {
            ops: vec![
                HostOp::Dense { w: vec![1.0, 0.0, 0.0, 1.0], b: vec![-1.0, 0.5], units: 2 },
                HostOp::Piecewise { negative_slope: 0.0 },
                HostOp::Dense { w: vec![2.0, -3.0], b: vec![0.25], units: 1 },
            ],
        }
    }

    #[test]
    fn integrated_gradient_by_hand() {
        // h = (3, 1): along α·h, z₁ = 3α − 1 turns on at α = ⅓, z₂ = α + 0.5 is on throughout.
        // ∫∂s/∂h₁ = 2 · (1 − ⅓) = 4/3; ∫∂s/∂h₂ = −3.
        let m = hand();
        let g = m.integrated_gradient(&[3.0, 1.0], 0);
        assert!((g[0] - 4.0 / 3.0).abs() < 1e-12 && (g[1] + 3.0).abs() < 1e-12, "{g:?}");
        let (s1, s0) = (m.forward(&[3.0, 1.0])[0], m.forward(&[0.0, 0.0])[0]);
        assert!((s1 - (2.0 * 2.0 - 3.0 * 1.5 + 0.25)).abs() < 1e-12);
        assert!((3.0 * g[0] + 1.0 * g[1] - (s1 - s0)).abs() < 1e-12, "completeness");
    }

    #[test]
    fn completeness_holds_on_random_deep_nets() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        for trial in 0..50 {
            let dims = [8, 12, 9, 3];
            let mut ops = Vec::new();
            for (k, pair) in dims.windows(2).enumerate() {
                let w = (0..pair[0] * pair[1]).map(|_| rng.random_range(-1.0..1.0)).collect();
                let b = (0..pair[1]).map(|_| rng.random_range(-1.0..1.0)).collect();
                ops.push(HostOp::Dense { w, b, units: pair[1] });
                if k + 2 < dims.len() {
                    ops.push(HostOp::Piecewise { negative_slope: if trial % 2 == 0 { 0.0 } else { LEAKY } });
                }
            }
            let m = PathModel { ops };
            let h: Vec<f64> = (0..8).map(|_| rng.random_range(-2.0..2.0)).collect();
            for out in 0..3 {
                let g = m.integrated_gradient(&h, out);
                let lhs: f64 = h.iter().zip(&g).map(|(a, b)| a * b).sum();
                let rhs = m.forward(&h)[out] - m.forward(&[0.0; 8])[out];
                assert!((lhs - rhs).abs() < 1e-9 * (1.0 + rhs.abs()), "trial {trial}: {lhs} vs {rhs}");
            }
        }
    }

    #[test]
    fn eligibility() {
        let reference = ModelSpec::reference_sentiment(100, 10);
        assert!(is_path_exact(&reference));
        let mut tanh = reference.clone();
        tanh.layers[2] = LayerSpec::Dense { units: 16, activation: Activation::Tanh };
        assert!(!is_path_exact(&tanh));
        let mut max_pool = reference.clone();
        max_pool.layers[1] = LayerSpec::GlobalMaxPooling1D;
        assert!(!is_path_exact(&max_pool));
        let dense = vec![(vec![0.0; 16 * 16], vec![0.0; 16]), (vec![0.0; 16], vec![0.0; 1])];
        let m = PathModel::new(&reference, &dense).expect("eligible");
        assert_eq!(m.ops.len(), 3, "Dense, ReLU, Dense (sigmoid folded)");
        assert!(PathModel::new(&reference, &dense[..1]).is_none(), "missing weights");
    }
}
