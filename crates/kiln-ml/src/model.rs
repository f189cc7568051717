//! [`ModelSpec`] → burn modules, and the forward pass.
//!
//! Layers map to burn modules as follows: Embedding → `burn::nn::Embedding` (Keras init
//! `U(-0.05, 0.05)`), Dense → `burn::nn::Linear` (Glorot/Xavier uniform, as Keras),
//! GlobalAveragePooling1D → a masked mean computed here. The last layer's sigmoid is *not* applied
//! in [`Network::forward`]: it returns logits, and the loss uses the numerically stable
//! log-sigmoid form. [`Network::predict_proba`] applies it.

use burn::module::Module;
use burn::nn::{Embedding, EmbeddingConfig, Initializer, Linear, LinearConfig};
use burn::tensor::activation::{relu, sigmoid, softmax};
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

/// One batch of model inputs on a device.
#[derive(Debug, Clone)]
pub enum Input {
    /// Token ids `[batch, seq_len]` (0 = padding).
    Tokens(Tensor<2, Int>),
    /// Real-valued features `[batch, width]`.
    Features(Tensor<2>),
    /// Images `[batch, height, width, channels]`, channels-last.
    Images(Tensor<4>),
}

impl Input {
    /// Examples in the batch.
    pub fn batch(&self) -> usize {
        match self {
            Input::Tokens(t) => t.dims()[0],
            Input::Features(t) => t.dims()[0],
            Input::Images(t) => t.dims()[0],
        }
    }
}

/// The last layer's activation and how the loss treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// One sigmoid unit; `forward` returns its logit and binary cross-entropy applies it.
    Sigmoid,
    /// `k` softmax units; `forward` returns logits and cross-entropy applies log-softmax.
    Softmax,
    /// Any other output (regression): `forward` returns the activated values.
    Linear,
}

/// A network built from a spec: its parameters and the order to apply them.
#[derive(Debug)]
pub struct Network {
    /// Parameters (what the optimizer updates).
    pub params: Params,
    plan: Vec<Op>,
    /// The output head; when not `Linear` the last activation is folded into the loss.
    head: Head,
}

/// Activations flowing between layers (one value per layer step, so variant size is irrelevant).
#[allow(clippy::large_enum_variant)]
enum Act {
    Tokens(Tensor<2, Int>),
    Image(Tensor<4>),
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
        let head = match (spec.loss, spec.layers.last()) {
            (LossSpec::BinaryCrossEntropy, Some(LayerSpec::Dense { activation: Activation::Sigmoid, .. })) => {
                Head::Sigmoid
            }
            (LossSpec::CategoricalCrossEntropy, _) => Head::Softmax,
            _ => Head::Linear,
        };
        Ok(Network { params: Params { embeddings, linears }, plan, head })
    }

    /// Rebuilds a network around other parameters (e.g. after an optimizer step, or `valid()`).
    pub fn with_params(&self, params: Params) -> Self {
        Network { params, plan: self.plan.clone(), head: self.head }
    }

    /// Number of trainable scalars (must equal the spec's summary total).
    pub fn num_params(&self) -> usize {
        self.params.num_params()
    }

    /// What the last layer's activation is, and whether [`Network::forward`] leaves it to the loss.
    pub fn head(&self) -> Head {
        self.head
    }

    /// Forward pass → `[batch, outputs]`: logits when [`Network::head`] is `Sigmoid` or `Softmax`
    /// (the loss applies the activation in its numerically stable form), values otherwise.
    pub fn forward(&self, x: Input) -> Tensor<2> {
        self.forward_2d(x.into())
    }

    /// Forward pass with the head's activation applied: probabilities for classifiers,
    /// `[batch, outputs]`.
    pub fn predict(&self, x: Input) -> Tensor<2> {
        self.head_activation(self.forward(x))
    }

    /// Probability of the positive class for token ids `[batch, seq_len]` → `[batch]`.
    pub fn predict_proba(&self, tokens: Tensor<2, Int>) -> Tensor<1> {
        let p = self.predict(Input::Tokens(tokens));
        let [batch, _] = p.dims();
        p.reshape([batch])
    }

    /// Each layer's output flattened to `[batch, features]`, after its activation (the last is
    /// [`Network::predict`]'s output): what the teaching mode draws as neuron heatmaps.
    pub fn forward_trace(&self, x: Input) -> Vec<Tensor<2>> {
        let last = self.plan.len().saturating_sub(1);
        let mut out = Vec::with_capacity(self.plan.len());
        let mut act: Act = x.into();
        for (i, op) in self.plan.iter().enumerate() {
            let fold = i == last && self.head != Head::Linear;
            act = self.apply(*op, act, fold);
            let flat = flatten(&act);
            out.push(if fold { self.head_activation(flat) } else { flat });
        }
        out
    }

    /// `l1·Σ|W| + l2·ΣW²` over kernel and embedding weights (not biases), as Keras'
    /// `kernel_regularizer=L1L2(l1, l2)`; `None` when both are 0.
    pub fn weight_penalty(&self, l1: f64, l2: f64) -> Option<Tensor<1>> {
        if l1 == 0.0 && l2 == 0.0 {
            return None;
        }
        let mut weights: Vec<Tensor<2>> = self.params.linears.iter().map(|l| l.weight.val()).collect();
        weights.extend(self.params.embeddings.iter().map(|e| e.weight.val()));
        let mut total: Option<Tensor<1>> = None;
        for w in weights {
            let mut term: Option<Tensor<1>> = None;
            if l1 != 0.0 {
                term = Some(w.clone().abs().sum() * l1);
            }
            if l2 != 0.0 {
                let sq = w.square().sum() * l2;
                term = Some(match term {
                    Some(t) => t + sq,
                    None => sq,
                });
            }
            if let Some(t) = term {
                total = Some(match total {
                    Some(acc) => acc + t,
                    None => t,
                });
            }
        }
        total
    }

    /// Each Dense layer's weight `[in, units]` and bias `[units]`, in order.
    pub fn dense_weights(&self) -> Vec<(Tensor<2>, Tensor<1>)> {
        self.params
            .linears
            .iter()
            .map(|l| {
                let w = l.weight.val();
                let [_, units] = w.dims();
                let b = l.bias.as_ref().map_or_else(|| Tensor::zeros([units], &w.device()), |b| b.val());
                (w, b)
            })
            .collect()
    }

    /// Sets one weight of Dense layer `layer` (0-based among Dense layers): the connection from
    /// input unit `from` to output unit `to`. Out-of-range indices are ignored.
    pub fn set_dense_weight(&mut self, layer: usize, from: usize, to: usize, value: f32) {
        let Some(linear) = self.params.linears.get_mut(layer) else { return };
        let [fan_in, units] = linear.weight.val().dims();
        if from >= fan_in || to >= units || !value.is_finite() {
            return;
        }
        let device = linear.weight.val().device();
        let placeholder = burn::module::Param::from_tensor(Tensor::zeros([1, 1], &device));
        let weight = std::mem::replace(&mut linear.weight, placeholder);
        linear.weight = weight.map(|w| {
            let v = Tensor::<2>::from_data(burn::tensor::TensorData::new(vec![value], [1, 1]), &device);
            w.slice_assign([from..from + 1, to..to + 1], v)
        });
    }

    fn apply(&self, op: Op, act: Act, fold: bool) -> Act {
        match (op, act) {
            (Op::Embedding(k), Act::Tokens(ids)) => {
                let mask = ids.clone().not_equal_elem(0).float();
                Act::Seq(self.params.embeddings[k].forward(ids), Some(mask))
            }
            (Op::GlobalAveragePooling1D, Act::Seq(x, mask)) => Act::Flat(masked_mean(x, mask)),
            (Op::Dense(k, activation), Act::Flat(x)) => {
                let y = self.params.linears[k].forward(x);
                Act::Flat(if fold { y } else { activate(y, activation) })
            }
            // Shapes were validated by `ModelSpec::summary` in `Network::new`.
            (_, other) => other,
        }
    }

    fn forward_2d(&self, input: Act) -> Tensor<2> {
        let last = self.plan.len().saturating_sub(1);
        let mut act = input;
        for (i, op) in self.plan.iter().enumerate() {
            act = self.apply(*op, act, i == last && self.head != Head::Linear);
        }
        flatten(&act)
    }

    fn head_activation(&self, y: Tensor<2>) -> Tensor<2> {
        match self.head {
            Head::Sigmoid => sigmoid(y),
            Head::Softmax => softmax(y, 1),
            Head::Linear => y,
        }
    }
}

impl From<Input> for Act {
    fn from(x: Input) -> Self {
        match x {
            Input::Tokens(t) => Act::Tokens(t),
            Input::Features(t) => Act::Flat(t),
            Input::Images(t) => Act::Image(t),
        }
    }
}

fn flatten(act: &Act) -> Tensor<2> {
    match act {
        Act::Flat(x) => x.clone(),
        Act::Seq(x, _) => {
            let [b, s, f] = x.dims();
            x.clone().reshape([b, s * f])
        }
        Act::Tokens(ids) => ids.clone().float(),
        Act::Image(x) => {
            let [b, h, w, c] = x.dims();
            x.clone().reshape([b, h * w * c])
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
