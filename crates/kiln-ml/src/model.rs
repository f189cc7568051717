//! [`ModelSpec`] → burn modules, and the forward pass.
//!
//! Layers map to burn modules as follows: Embedding → `burn::nn::Embedding` (Keras init
//! `U(-0.05, 0.05)`), Dense → `burn::nn::Linear` (Glorot/Xavier uniform, as Keras),
//! GlobalAveragePooling1D → a masked mean computed here. The last layer's sigmoid is *not* applied
//! in [`Network::forward`]: it returns logits, and the loss uses the numerically stable
//! log-sigmoid form. [`Network::predict_proba`] applies it.

use burn::module::Module;
use burn::nn::{Embedding, EmbeddingConfig, Initializer, Linear, LinearConfig};
use burn::tensor::activation::{relu, sigmoid};
use burn::tensor::{Device, Int, Tensor};
use kiln_core::{Activation, LayerSpec, LossSpec, ModelSpec};

use crate::MlError;

/// The trainable parameters of a network, grouped by module kind (burn's `Module` derive).
#[derive(Module, Debug, Default)]
pub struct Params {
    /// One per Embedding layer, in order. Weight `[input_dim, output_dim]`.
    pub embeddings: Vec<Embedding>,
    /// One per Dense layer, in order. Weight `[in, units]`, bias `[units]`.
    pub linears: Vec<Linear>,
}

/// One step of the forward pass; indices point into [`Params`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Embedding(usize),
    GlobalAveragePooling1D,
    Dense(usize, Activation),
}

/// A network built from a spec: its parameters and the order to apply them.
#[derive(Debug)]
pub struct Network {
    /// Parameters (what the optimizer updates).
    pub params: Params,
    plan: Vec<Op>,
    /// True when the last op's activation is folded into the loss (sigmoid + BCE).
    logits_out: bool,
}

/// Activations flowing between layers (one value per layer step, so variant size is irrelevant).
#[allow(clippy::large_enum_variant)]
enum Act {
    Tokens(Tensor<2, Int>),
    /// `[batch, seq_len, features]` plus the `[batch, seq_len]` mask of real (non-padding) tokens.
    Seq(Tensor<3>, Option<Tensor<2>>),
    Flat(Tensor<2>),
}

impl Network {
    /// Builds the network on `device`, initialising weights from the device's RNG (seed it first
    /// with `device.seed(seed)` for repeatable runs).
    ///
    /// # Errors
    /// [`MlError::Invalid`] with the spec's validation message.
    pub fn new(spec: &ModelSpec, device: &Device) -> Result<Self, MlError> {
        spec.summary().map_err(|e| MlError::Invalid(e.to_string()))?;
        let mut embeddings = Vec::new();
        let mut linears = Vec::new();
        let mut plan = Vec::new();
        let mut width = match spec.input {
            kiln_core::InputSpec::Features { width } => width,
            kiln_core::InputSpec::Tokens { .. } => 0,
        };
        for layer in &spec.layers {
            match *layer {
                LayerSpec::Embedding { input_dim, output_dim } => {
                    let cfg = EmbeddingConfig::new(input_dim, output_dim)
                        .with_initializer(Initializer::Uniform { min: -0.05, max: 0.05 });
                    embeddings.push(cfg.init(device));
                    plan.push(Op::Embedding(embeddings.len() - 1));
                    width = output_dim;
                }
                LayerSpec::GlobalAveragePooling1D => plan.push(Op::GlobalAveragePooling1D),
                LayerSpec::Dense { units, activation } => {
                    let cfg =
                        LinearConfig::new(width, units).with_initializer(Initializer::XavierUniform { gain: 1.0 });
                    linears.push(cfg.init(device));
                    plan.push(Op::Dense(linears.len() - 1, activation));
                    width = units;
                }
            }
        }
        let logits_out = spec.loss == LossSpec::BinaryCrossEntropy;
        Ok(Network { params: Params { embeddings, linears }, plan, logits_out })
    }

    /// Rebuilds a network around other parameters (e.g. after an optimizer step, or `valid()`).
    pub fn with_params(&self, params: Params) -> Self {
        Network { params, plan: self.plan.clone(), logits_out: self.logits_out }
    }

    /// Number of trainable scalars (must equal the spec's summary total).
    pub fn num_params(&self) -> usize {
        self.params.num_params()
    }

    /// Forward pass on token ids `[batch, seq_len]` → logits `[batch]` (one binary output).
    pub fn forward(&self, tokens: Tensor<2, Int>) -> Tensor<1> {
        let out = self.forward_2d(Act::Tokens(tokens));
        let [batch, _] = out.dims();
        out.reshape([batch])
    }

    /// Probability of the positive class, `[batch]`, in (0, 1).
    pub fn predict_proba(&self, tokens: Tensor<2, Int>) -> Tensor<1> {
        sigmoid(self.forward(tokens))
    }

    fn forward_2d(&self, input: Act) -> Tensor<2> {
        let last = self.plan.len().saturating_sub(1);
        let mut act = input;
        for (i, op) in self.plan.iter().enumerate() {
            act = match (*op, act) {
                (Op::Embedding(k), Act::Tokens(ids)) => {
                    let mask = ids.clone().not_equal_elem(0).float();
                    Act::Seq(self.params.embeddings[k].forward(ids), Some(mask))
                }
                (Op::GlobalAveragePooling1D, Act::Seq(x, mask)) => Act::Flat(masked_mean(x, mask)),
                (Op::Dense(k, activation), Act::Flat(x)) => {
                    let y = self.params.linears[k].forward(x);
                    let fold = i == last && self.logits_out;
                    Act::Flat(if fold { y } else { activate(y, activation) })
                }
                // Shapes were validated by `ModelSpec::summary` in `Network::new`.
                (_, other) => other,
            };
        }
        match act {
            Act::Flat(x) => x,
            Act::Seq(x, _) => {
                let [b, s, f] = x.dims();
                x.reshape([b, s * f])
            }
            Act::Tokens(ids) => ids.float(),
        }
    }
}

/// Mean over the sequence axis counting only unmasked positions:
/// `sum_t(x[b,t,:] · m[b,t]) / max(1, sum_t m[b,t])`, `[batch, seq, f]` → `[batch, f]`.
/// A sentence of only padding gives zeros rather than NaN.
fn masked_mean(x: Tensor<3>, mask: Option<Tensor<2>>) -> Tensor<2> {
    let [b, s, f] = x.dims();
    let mask = mask.unwrap_or_else(|| Tensor::ones([b, s], &x.device()));
    let count = mask.clone().sum_dim(1).clamp_min(1.0); // [b, 1]
    let summed = (x * mask.unsqueeze_dim::<3>(2)).sum_dim(1).reshape([b, f]); // [b, f]
    summed / count
}

fn activate(x: Tensor<2>, activation: Activation) -> Tensor<2> {
    match activation {
        Activation::Linear => x,
        Activation::Relu => relu(x),
        Activation::Sigmoid => sigmoid(x),
        Activation::Tanh => x.tanh(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::TensorData;

    #[test]
    fn parameter_count_matches_spec_summary() {
        let device = Device::flex();
        let spec = ModelSpec::reference_sentiment(10_000, 500);
        let net = Network::new(&spec, &device).expect("builds");
        assert_eq!(net.num_params(), 160_289);
        assert_eq!(net.num_params(), spec.summary().expect("valid").total_params);
    }

    #[test]
    fn forward_gives_one_logit_per_example_and_ignores_padding() {
        let device = Device::flex();
        device.seed(1);
        let net = Network::new(&ModelSpec::reference_sentiment(20, 6), &device).expect("builds");
        let ids = TensorData::new(vec![5i32, 7, 0, 0, 0, 0, 5, 7, 0, 0, 0, 0, 5, 7, 9, 9, 0, 0], [3, 6]);
        let p: Vec<f32> = net.predict_proba(Tensor::from_data(ids, &device)).into_data().try_to_vec().expect("f32");
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|v| (0.0..=1.0).contains(v)));
        // Rows 0 and 1 differ only in padding: same prediction.
        assert_eq!(p[0], p[1]);
        assert_ne!(p[0], p[2]);
    }

    #[test]
    fn all_padding_row_is_finite() {
        let device = Device::flex();
        let net = Network::new(&ModelSpec::reference_sentiment(20, 4), &device).expect("builds");
        let ids = TensorData::new(vec![0i32; 4], [1, 4]);
        let p: Vec<f32> = net.predict_proba(Tensor::from_data(ids, &device)).into_data().try_to_vec().expect("f32");
        assert!(p[0].is_finite());
    }
}
