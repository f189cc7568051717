//! A fused Adam update for burn's CPU backend (flex); burn's own Adam everywhere else.
//!
//! burn's `Adam` is written as tensor operations: per parameter tensor, about eleven element-wise
//! passes (`m·β₁`, `g·(1−β₁)`, add, `g²`, …, `p − lr·u`), several of them allocating a fresh buffer
//! of the parameter's size. On the CPU engine those passes dominated a training step of the
//! reference sentiment model (its 160,000-value embedding table is updated every step): measured
//! natively, the optimizer was about half of the step. [`FusedAdam`] does the same arithmetic in
//! one pass over the parameter, its gradient and both moments, in place (the tensors' buffers are
//! taken without copying when nothing else holds them): 4 reads and 3 writes per value, the
//! memory-traffic minimum for Adam. The arithmetic is burn's, operation for operation, so the
//! results are the same to the last bit (tested against burn's `Adam`), and the state is burn's
//! [`AdamState`], so records and `to_device` behave as with burn's optimizer.
//!
//! On any other device (WebGPU) it defers to burn's `Adam`: there the passes run on the GPU, and
//! reading the tensors to the host would be the slow part.

use burn::optim::{AdamConfig, AdamState, AdaptiveMomentumState, LearningRate, ModuleOptimizer, Optimizer};
use burn::tensor::{DType, Device, Tensor, TensorData};

/// Adam (Kingma & Ba 2015, as burn and Keras compute it: bias corrections folded into the step,
/// `ε` scaled by `√(1−β₂ᵗ)`), fused into one pass on the CPU engine.
#[derive(Clone)]
pub struct FusedAdam {
    beta_1: f32,
    beta_2: f32,
    epsilon: f32,
    /// L2 penalty added to the gradient (`g + λ·p`, burn's `WeightDecay`), if any.
    weight_decay: Option<f32>,
    /// burn's Adam with the same settings, for devices other than the CPU engine.
    fallback: burn::optim::Adam,
}

impl FusedAdam {
    /// Adam with β₁ = 0.9, β₂ = 0.999 (burn's and Keras' defaults), `epsilon` and an optional L2
    /// weight-decay penalty.
    pub fn new(epsilon: f32, weight_decay: Option<f32>) -> Self {
        let decay = weight_decay.map(burn::optim::decay::WeightDecayConfig::new);
        let fallback = AdamConfig::new().with_epsilon(epsilon).with_weight_decay(decay).build();
        FusedAdam { beta_1: 0.9, beta_2: 0.999, epsilon, weight_decay, fallback }
    }

    /// The module optimizer (what `Trainer` steps).
    pub fn init(self) -> ModuleOptimizer {
        ModuleOptimizer::from(self)
    }
}

/// True for burn's CPU backend (flex), where tensors live in host memory.
fn on_cpu(device: &Device) -> bool {
    *device == Device::flex()
}

impl Optimizer for FusedAdam {
    type State<const D: usize> = AdamState<D>;

    fn step<const D: usize>(
        &self,
        lr: LearningRate,
        tensor: Tensor<D>,
        grad: Tensor<D>,
        state: Option<Self::State<D>>,
    ) -> (Tensor<D>, Option<Self::State<D>>) {
        let device = tensor.device();
        let f32s = tensor.dtype() == DType::F32
            && grad.dtype() == DType::F32
            && state.as_ref().is_none_or(|s| {
                s.momentum.moment_1.dtype() == DType::F32
                    && s.momentum.moment_2.dtype() == DType::F32
                    && s.momentum.max_moment_2.is_none()
            });
        if !on_cpu(&device) || !f32s {
            return self.fallback.step(lr, tensor, grad, state);
        }
        let shape = tensor.shape();
        let n = shape.num_elements();
        let fresh = state.is_none();
        let (time, m, v) = match state {
            Some(s) => (s.momentum.time, s.momentum.moment_1.into_data(), s.momentum.moment_2.into_data()),
            // β·0 + x = x exactly, so zero moments give burn's first step.
            None => (0, TensorData::new(vec![0f32; n], shape.clone()), TensorData::new(vec![0f32; n], shape.clone())),
        };
        let (mut p, g, mut m, mut v) = (tensor.into_data(), grad.into_data(), m, v);
        let back = |d: TensorData| Tensor::<D>::from_data(d, &device);
        let slices = (p.as_mut_slice::<f32>(), g.as_slice::<f32>(), m.as_mut_slice::<f32>(), v.as_mut_slice::<f32>());
        let (Ok(ps), Ok(gs), Ok(ms), Ok(vs)) = slices else {
            // Not reachable for f32 host tensors; burn's Adam keeps the step correct regardless.
            let state = (!fresh).then(|| AdamState::new(AdaptiveMomentumState::new(time, back(m), back(v))));
            return self.fallback.step(lr, back(p), back(g), state);
        };
        let time = time + 1;
        self.update(lr as f32, time, ps, gs, ms, vs);
        let momentum = AdaptiveMomentumState::new(time, back(m), back(v));
        (back(p), Some(AdamState::new(momentum)))
    }

    fn to_device<const D: usize>(state: Self::State<D>, device: &Device) -> Self::State<D> {
        <burn::optim::Adam as Optimizer>::to_device(state, device)
    }
}

impl FusedAdam {
    /// One Adam step in place: `p`, its gradient `g`, first and second moments `m`, `v` (equal
    /// lengths), `time` the step number after this one (1-based). burn's formula and order:
    /// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `p ← p − lr · (m·c) / (√v + ε·√(1−β₂ᵗ))` with
    /// `c = √(1−β₂ᵗ) / (1−β₁ᵗ)`.
    fn update(&self, lr: f32, time: usize, p: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32]) {
        let (b1, b2) = (self.beta_1, self.beta_2);
        let t = i32::try_from(time).unwrap_or(i32::MAX);
        let bc2_sqrt = (1.0 - b2.powi(t)).sqrt();
        let factor = bc2_sqrt / (1.0 - b1.powi(t));
        let eps = self.epsilon * bc2_sqrt;
        let (f1, f2) = (1.0 - b1, 1.0 - b2);
        let wd = self.weight_decay;
        for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
            let g = match wd {
                Some(wd) => *p * wd + g,
                None => g,
            };
            *m = *m * b1 + g * f1;
            *v = *v * b2 + (g * g) * f2;
            *p -= (*m * factor) / (v.sqrt() + eps) * lr;
        }
    }
}

#[cfg(test)]
mod tests {
    use burn::nn::{Linear, LinearConfig};
    use burn::optim::decay::WeightDecayConfig;
    use burn::optim::{AdamConfig, GradientsParams};
    use burn::tensor::{Distribution, Tensor};

    use super::*;

    fn values(l: &Linear) -> Vec<f32> {
        let mut v = l.weight.val().into_data().try_to_vec::<f32>().expect("f32");
        v.extend(l.bias.as_ref().expect("bias").val().into_data().try_to_vec::<f32>().expect("f32"));
        v
    }

    /// `steps` steps of `optim` on a 7→5 Linear from seed 3, loss `mean((x·W + b)²)` on fixed inputs.
    fn train(mut optim: ModuleOptimizer, steps: usize) -> (Linear, Vec<Vec<f32>>) {
        let device = Device::flex().autodiff();
        device.seed(3);
        let mut model: Linear = LinearConfig::new(7, 5).init(&device);
        let x = Tensor::<2>::random([4, 7], Distribution::Normal(0.0, 1.0), &device);
        let mut snapshots = Vec::new();
        for _ in 0..steps {
            let y = model.forward(x.clone());
            let grads = GradientsParams::from_grads((y.clone() * y).mean().backward(), &model);
            // A clone held elsewhere (as the trainer's last-good snapshot is) must stay unchanged.
            let kept = model.clone();
            model = optim.step(1e-2, model, grads);
            snapshots.push(values(&kept));
        }
        (model, snapshots)
    }

    #[test]
    fn fused_adam_matches_burns_adam_bit_for_bit() {
        for decay in [None, Some(0.05f32)] {
            let burn = AdamConfig::new().with_epsilon(1e-7).with_weight_decay(decay.map(WeightDecayConfig::new)).init();
            let (expected, expected_path) = train(burn, 6);
            let (actual, actual_path) = train(FusedAdam::new(1e-7, decay).init(), 6);
            assert_eq!(values(&expected), values(&actual), "weight decay {decay:?}");
            assert_eq!(expected_path, actual_path, "the weights before each step (kept clones) are untouched");
            assert_ne!(expected_path[0], values(&actual), "training moved the weights");
        }
    }

    /// Every parameter of `net`, flattened in a fixed order.
    fn network_values(net: &crate::Network) -> Vec<f32> {
        crate::weights::flat_tensors(&net.params)
            .into_iter()
            .flat_map(|(_, t)| t.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32"))
            .collect()
    }

    /// `steps` steps of `optim` on a small Kiln sentiment network (Embedding 40×8 over 12 tokens →
    /// masked mean → Dense 8 relu → Dense 1), binary cross-entropy on fixed ids (with padding)
    /// and labels: the shape of the reference model, where the embedding's gradient is sparse
    /// (rows of unseen ids are zero) as it is in real training.
    fn train_network(mut optim: ModuleOptimizer, steps: usize) -> Vec<f32> {
        use burn::tensor::{Int, TensorData};
        let device = Device::flex().autodiff();
        device.seed(5);
        let spec = kiln_core::ModelSpec::reference_sentiment(40, 12);
        let mut net = crate::Network::new(&spec, &device).expect("builds");
        let (n, seq) = (6usize, 12usize);
        let ids: Vec<i32> =
            (0..n * seq).map(|i| if i % seq >= 9 - i / seq { 0 } else { 1 + (i * 7 % 29) as i32 }).collect();
        let labels: Vec<i32> = (0..n as i32).map(|i| i % 2).collect();
        let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [n]), &device);
        let loss_fn = burn::nn::loss::BinaryCrossEntropyLossConfig::new().with_logits(true).init(&device);
        for _ in 0..steps {
            let x = crate::Input::Tokens(Tensor::from_data(TensorData::new(ids.clone(), [n, seq]), &device));
            let loss = loss_fn.forward(net.forward(x).reshape([n]), y.clone());
            let grads = GradientsParams::from_grads(loss.backward(), &net.params);
            let params = std::mem::take(&mut net.params);
            net.params = optim.step(3e-2, params, grads);
        }
        network_values(&net)
    }

    #[test]
    fn fused_adam_trains_a_network_as_burns_adam_does() {
        const STEPS: usize = 40;
        for decay in [None, Some(0.01f32)] {
            let burn = AdamConfig::new().with_epsilon(1e-7).with_weight_decay(decay.map(WeightDecayConfig::new)).init();
            let expected = train_network(burn, STEPS);
            let actual = train_network(FusedAdam::new(1e-7, decay).init(), STEPS);
            let start = train_network(FusedAdam::new(1e-7, decay).init(), 0);
            assert_eq!(expected.len(), actual.len());
            let worst = expected.iter().zip(&actual).map(|(e, a)| (e - a).abs()).fold(0f32, f32::max);
            assert!(worst <= 1e-5, "weight decay {decay:?}: largest difference {worst:e} after {STEPS} steps");
            let moved = start.iter().zip(&actual).map(|(s, a)| (s - a).abs()).fold(0f32, f32::max);
            assert!(moved > 1e-2, "training moved the weights (by at most {moved:e})");
        }
    }
}
