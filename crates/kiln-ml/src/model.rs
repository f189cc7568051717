//! [`ModelSpec`] → burn modules, and the forward pass.
//!
//! | Keras layer | burn module / code here | init |
//! |---|---|---|
//! | Embedding | `nn::Embedding` | `U(-0.05, 0.05)` (Keras) |
//! | Dense | `nn::Linear` (weight `[in, units]`) | Glorot/Xavier uniform (Keras) |
//! | Conv1D / Conv2D | `nn::conv::Conv1d` / `Conv2d` (channels-first inside) | Conv2D: Glorot/Xavier uniform (Keras); Conv1D: burn's default Kaiming uniform (PyTorch's; burn 0.22's Conv1d cannot take Xavier, it panics) |
//! | MaxPool2D / AveragePool2D | `nn::pool::MaxPool2d` / `AvgPool2d` (`count_include_pad = false`, as Keras) | — |
//! | GlobalAverage/MaxPooling1D | masked mean / max computed here (padding ids ignored) | — |
//! | Flatten | reshape, in channels-last (Keras) order | — |
//! | Dropout | `nn::Dropout` | — |
//! | BatchNormalization | `nn::BatchNorm` (momentum `1 - keras_momentum`) | γ = 1, β = 0 |
//! | LayerNormalization | `nn::LayerNorm` | γ = 1, β = 0 |
//! | MultiHeadSelfAttention | `nn::attention::MultiHeadAttention` + a learned `[seq_len, d]` position table, residual | burn default; table `U(-0.05, 0.05)` |
//!
//! **Training vs inference.** burn has no `model.train()` switch: Dropout and BatchNorm take their
//! training path when the input tensor lives on an *autodiff* device (`device.is_autodiff()`)
//! and the layer's `training` flag is set (it is, unless frozen). So a network on
//! `device.autodiff()` drops values and uses batch statistics (updating the running ones), and
//! `Network::with_params(net.params.valid())` — parameters moved to the plain device — is the
//! inference network: Dropout is the identity and BatchNorm uses the running statistics.
//!
//! **Layouts.** Images arrive channels-last `[batch, h, w, c]` (Keras); they are permuted once to
//! burn's channels-first `[batch, c, h, w]` and kept so between layers; Flatten and
//! [`Network::forward_trace`] permute back, so flattened features are in Keras order and the
//! parameter counts of a following Dense match the summary.
//!
//! **Padding.** Token id 0 is padding: Embedding produces a `[batch, seq_len]` mask that
//! GlobalAveragePooling1D (masked mean), GlobalMaxPooling1D (masked max) and attention (masked
//! keys) honour. Layers that keep positions (Dropout, normalisation, Activation, attention and a
//! `"same"`, stride-1 Conv1D) pass the mask on; other Conv1Ds drop it.
//!
//! **Head.** With binary or categorical cross-entropy the last activation (sigmoid / softmax) is
//! folded into the loss: [`Network::forward`] returns logits and [`Network::predict`] applies it.

use burn::module::{Module, Param};
use burn::nn::attention::{MhaInput, MultiHeadAttention, MultiHeadAttentionConfig};
use burn::nn::conv::{Conv1d, Conv1dConfig, Conv2d, Conv2dConfig};
use burn::nn::pool::{AvgPool2dConfig, MaxPool2dConfig};
use burn::nn::{
    BatchNorm, BatchNormConfig, DropoutConfig, Embedding, EmbeddingConfig, Initializer, LayerNorm, LayerNormConfig,
    Linear, LinearConfig, PaddingConfig1d, PaddingConfig2d,
};
use burn::tensor::activation::{gelu, leaky_relu, relu, sigmoid, softmax};
use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_core::{Activation, InputSpec, LEAKY_RELU_ALPHA, LayerSpec, LossSpec, ModelSpec, Padding};

use crate::MlError;

/// Keras' default initializer for embeddings (`RandomUniform(-0.05, 0.05)`).
const EMBEDDING_INIT: Initializer = Initializer::Uniform { min: -0.05, max: 0.05 };
/// Keras' default kernel initializer (`glorot_uniform`).
const GLOROT: Initializer = Initializer::XavierUniform { gain: 1.0 };

/// One batch of inputs on a device.
#[derive(Debug, Clone)]
pub enum Input {
    /// Token ids `[batch, seq_len]` (id 0 is padding).
    Tokens(Tensor<2, Int>),
    /// Features `[batch, width]`.
    Features(Tensor<2>),
    /// Images `[batch, h, w, c]`, channels-last (Keras layout).
    Images(Tensor<4>),
}

/// What the last layer's activation is and whether the loss folds it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// One unit; [`Network::forward`] gives logits, the loss is BCE-with-logits, `predict`
    /// applies the sigmoid.
    Sigmoid,
    /// `k` units; `forward` gives logits, the loss is cross-entropy on log-softmax, `predict`
    /// applies the softmax.
    Softmax,
    /// Regression or other: `forward` already applies the last activation (`forward == predict`).
    Linear,
}

/// One Transformer-encoder style self-attention block: `y = x' + MHA(x', x', x')`,
/// `x' = x + positions[..seq_len]`.
#[derive(Module, Debug)]
pub struct SelfAttention {
    /// burn's multi-head attention (query/key/value/output projections `[d, d]` with biases).
    pub mha: MultiHeadAttention,
    /// Learned position table `[max_len, d_model]` (`max_len` = the spec's sequence length).
    pub positions: Param<Tensor<2>>,
}

/// The trainable parameters of a network, grouped by module kind (burn's `Module` derive); the
/// `n`-th layer of a kind uses entry `n` of its list.
#[derive(Module, Debug, Default)]
pub struct Params {
    /// One per Embedding layer, in order. Weight `[input_dim, output_dim]`.
    pub embeddings: Vec<Embedding>,
    /// One per Dense layer, in order. Weight `[in, units]`, bias `[units]`.
    pub linears: Vec<Linear>,
    /// One per Conv1D layer. Weight `[filters, c_in, k]`, bias `[filters]`.
    pub conv1ds: Vec<Conv1d>,
    /// One per Conv2D layer. Weight `[filters, c_in, k_h, k_w]`, bias `[filters]`.
    pub conv2ds: Vec<Conv2d>,
    /// One per BatchNormalization layer: γ, β `[c]` and running mean / variance `[c]`.
    pub batch_norms: Vec<BatchNorm>,
    /// One per LayerNormalization layer: γ, β `[d]`.
    pub layer_norms: Vec<LayerNorm>,
    /// One per MultiHeadSelfAttention layer.
    pub attentions: Vec<SelfAttention>,
}

/// One step of the forward pass; indices point into [`Params`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Embedding(usize),
    GlobalAveragePooling1D,
    GlobalMaxPooling1D,
    Dense(usize, Activation),
    /// Conv index, activation, whether positions are preserved (keeps the padding mask).
    Conv1D(usize, Activation, bool),
    Conv2D(usize, Activation),
    Pool2D {
        max: bool,
        size: [usize; 2],
        strides: [usize; 2],
        padding: Padding,
    },
    Flatten,
    Dropout(f64),
    BatchNorm(usize),
    LayerNorm(usize),
    Attention(usize),
    Activation(Activation),
}

/// A network built from a spec: its parameters and the order to apply them.
#[derive(Debug)]
pub struct Network {
    /// Parameters (what the optimizer updates).
    pub params: Params,
    plan: Vec<Op>,
    head: Head,
    /// Non-trainable scalars (BatchNorm running statistics), excluded from `num_params`.
    non_trainable: usize,
}

/// Activations flowing between layers.
#[allow(clippy::large_enum_variant)]
enum Act {
    Tokens(Tensor<2, Int>),
    /// `[batch, seq_len, features]` plus the `[batch, seq_len]` mask of real (non-padding) tokens
    /// (1.0 real, 0.0 padding).
    Seq(Tensor<3>, Option<Tensor<2>>),
    Flat(Tensor<2>),
    /// Channels-first `[batch, c, h, w]`.
    Image(Tensor<4>),
}

impl Network {
    /// Builds the network on `device`, initialising weights from the device's RNG (seed it first
    /// with `device.seed(seed)` for repeatable runs). Use an autodiff device to train.
    ///
    /// # Errors
    /// [`MlError::Invalid`] with the spec's validation message ([`ModelSpec::summary`]); the spec
    /// is validated before any burn module is built, so bad settings never reach burn's panics.
    pub fn new(spec: &ModelSpec, device: &Device) -> Result<Self, MlError> {
        let summary = spec.summary().map_err(|e| MlError::Invalid(e.to_string()))?;
        let mut p = Params::default();
        let mut plan = Vec::with_capacity(spec.layers.len());
        let mut shape = summary.input;
        for (layer, row) in spec.layers.iter().zip(&summary.layers) {
            let c_in = shape.last_axis();
            let op = match *layer {
                LayerSpec::Embedding { input_dim, output_dim } => {
                    let cfg = EmbeddingConfig::new(input_dim, output_dim).with_initializer(EMBEDDING_INIT);
                    p.embeddings.push(cfg.init(device));
                    Op::Embedding(p.embeddings.len() - 1)
                }
                LayerSpec::GlobalAveragePooling1D => Op::GlobalAveragePooling1D,
                LayerSpec::GlobalMaxPooling1D => Op::GlobalMaxPooling1D,
                LayerSpec::Dense { units, activation } => {
                    p.linears.push(LinearConfig::new(c_in, units).with_initializer(GLOROT).init(device));
                    Op::Dense(p.linears.len() - 1, activation)
                }
                LayerSpec::Conv1D { filters, kernel_size, strides, padding, activation } => {
                    let cfg = Conv1dConfig::new(c_in, filters, kernel_size).with_stride(strides).with_padding(
                        match padding {
                            Padding::Valid => PaddingConfig1d::Valid,
                            Padding::Same => PaddingConfig1d::Same,
                        },
                    );
                    p.conv1ds.push(cfg.init(device));
                    let keeps_positions = row.output.values() / filters.max(1) == shape.values() / c_in.max(1);
                    Op::Conv1D(p.conv1ds.len() - 1, activation, keeps_positions)
                }
                LayerSpec::Conv2D { filters, kernel_size, strides, padding, activation } => {
                    let cfg = Conv2dConfig::new([c_in, filters], kernel_size)
                        .with_stride(strides)
                        .with_padding(padding2d(padding))
                        .with_initializer(GLOROT);
                    p.conv2ds.push(cfg.init(device));
                    Op::Conv2D(p.conv2ds.len() - 1, activation)
                }
                LayerSpec::MaxPool2D { pool_size, strides, padding } => {
                    Op::Pool2D { max: true, size: pool_size, strides: strides.unwrap_or(pool_size), padding }
                }
                LayerSpec::AveragePool2D { pool_size, strides, padding } => {
                    Op::Pool2D { max: false, size: pool_size, strides: strides.unwrap_or(pool_size), padding }
                }
                LayerSpec::Flatten => Op::Flatten,
                LayerSpec::Dropout { rate } => Op::Dropout(rate),
                LayerSpec::BatchNormalization { epsilon, momentum } => {
                    // Keras: running = m·running + (1 - m)·batch; burn: running = (1 - m')·running + m'·batch.
                    let cfg = BatchNormConfig::new(c_in).with_epsilon(epsilon).with_momentum(1.0 - momentum);
                    p.batch_norms.push(cfg.init(device));
                    Op::BatchNorm(p.batch_norms.len() - 1)
                }
                LayerSpec::LayerNormalization { epsilon } => {
                    p.layer_norms.push(LayerNormConfig::new(c_in).with_epsilon(epsilon).init(device));
                    Op::LayerNorm(p.layer_norms.len() - 1)
                }
                LayerSpec::MultiHeadSelfAttention { num_heads, dropout, .. } => {
                    let mha = MultiHeadAttentionConfig::new(c_in, num_heads).with_dropout(dropout).init(device);
                    let max_len = shape.values() / c_in.max(1);
                    let positions = EMBEDDING_INIT.init([max_len, c_in], device);
                    p.attentions.push(SelfAttention { mha, positions });
                    Op::Attention(p.attentions.len() - 1)
                }
                LayerSpec::Activation { activation } => Op::Activation(activation),
            };
            plan.push(op);
            shape = row.output;
        }
        let head = match spec.loss {
            LossSpec::BinaryCrossEntropy => Head::Sigmoid,
            LossSpec::CategoricalCrossEntropy => Head::Softmax,
            LossSpec::MeanSquaredError => Head::Linear,
        };
        Ok(Network { params: p, plan, head, non_trainable: summary.non_trainable_params })
    }

    /// Rebuilds a network around other parameters (e.g. after an optimizer step, or
    /// `net.params.valid()` for inference).
    pub fn with_params(&self, params: Params) -> Self {
        Network { params, plan: self.plan.clone(), head: self.head, non_trainable: self.non_trainable }
    }

    /// Number of trainable scalars; equals the spec summary's `total_params` (BatchNorm running
    /// statistics, which burn's `Module::num_params` counts, are left out).
    pub fn num_params(&self) -> usize {
        self.params.num_params().saturating_sub(self.non_trainable)
    }

    /// How the last activation relates to [`Network::forward`]'s output and the loss.
    pub fn head(&self) -> Head {
        self.head
    }

    /// Forward pass: `[batch, outputs]`. Logits (before the sigmoid / softmax) when the head is
    /// [`Head::Sigmoid`] or [`Head::Softmax`]; the activated output for [`Head::Linear`].
    ///
    /// The input must have the spec's shape (burn panics on mismatched tensor shapes; check
    /// with [`Network::check_input`] first when the shapes come from outside).
    ///
    /// An Embedding directly followed by GlobalAveragePooling1D runs as one fused operation on the
    /// CPU engine (`pool.rs`: same values and gradients, no `[batch, seq_len, d]` activation).
    pub fn forward(&self, x: Input) -> Tensor<2> {
        let mut act = input_act(x);
        let mut i = 0;
        while i < self.plan.len() {
            if let (Op::Embedding(k), Some(Op::GlobalAveragePooling1D), Act::Tokens(ids)) =
                (self.plan[i], self.plan.get(i + 1), &act)
                && let Some(pooled) = crate::pool::embedding_mean(&self.params.embeddings[k].weight.val(), ids)
            {
                act = Act::Flat(pooled);
                i += 2;
                continue;
            }
            act = self.apply(self.plan[i], act, i + 1 == self.plan.len());
            i += 1;
        }
        flatten(act)
    }

    /// The head activation applied to [`Network::forward`]: probabilities `[batch, 1]` (sigmoid)
    /// or `[batch, k]` (softmax, rows sum to 1); the plain output for [`Head::Linear`].
    pub fn predict(&self, x: Input) -> Tensor<2> {
        self.apply_head(self.forward(x))
    }

    /// Every layer's output flattened to `[batch, features]` (channels-last order for images),
    /// after its activation; the last entry equals [`Network::predict`]. For teaching mode's
    /// neuron heatmaps.
    pub fn forward_trace(&self, x: Input) -> Vec<Tensor<2>> {
        let mut act = input_act(x);
        let mut out = Vec::with_capacity(self.plan.len());
        for (i, op) in self.plan.iter().enumerate() {
            let last = i + 1 == self.plan.len();
            act = self.apply(*op, act, last);
            let flat = flatten(clone_act(&act));
            out.push(if last { self.apply_head(flat) } else { flat });
        }
        out
    }

    /// Keras `kernel_regularizer` penalty `l1·Σ|W| + l2·ΣW²` (`[1]`) over Dense, Conv and
    /// attention projection kernels, embedding tables and the attention position table — not
    /// biases, not normalisation γ/β. `None` when both factors are 0 or there are no kernels.
    pub fn weight_penalty(&self, l1: f64, l2: f64) -> Option<Tensor<1>> {
        if l1 == 0.0 && l2 == 0.0 {
            return None;
        }
        let p = &self.params;
        let flat = |t: Tensor<2>| {
            let n = t.dims().iter().product::<usize>();
            t.reshape([n])
        };
        let mut kernels: Vec<Tensor<1>> = Vec::new();
        kernels.extend(p.embeddings.iter().map(|e| flat(e.weight.val())));
        kernels.extend(p.linears.iter().map(|l| flat(l.weight.val())));
        kernels.extend(p.conv1ds.iter().map(|c| {
            let w = c.weight.val();
            let n = w.dims().iter().product::<usize>();
            w.reshape([n])
        }));
        kernels.extend(p.conv2ds.iter().map(|c| {
            let w = c.weight.val();
            let n = w.dims().iter().product::<usize>();
            w.reshape([n])
        }));
        for a in &p.attentions {
            for l in [&a.mha.query, &a.mha.key, &a.mha.value, &a.mha.output] {
                kernels.push(flat(l.weight.val()));
            }
            kernels.push(flat(a.positions.val()));
        }
        kernels.into_iter().fold(None, |acc: Option<Tensor<1>>, w| {
            let mut term: Option<Tensor<1>> = None;
            if l1 != 0.0 {
                term = Some(w.clone().abs().sum() * l1);
            }
            if l2 != 0.0 {
                let sq = w.powi_scalar(2).sum() * l2;
                term = Some(match term {
                    Some(t) => t + sq,
                    None => sq,
                });
            }
            match (acc, term) {
                (Some(a), Some(t)) => Some(a + t),
                (a, t) => a.or(t),
            }
        })
    }

    /// Each Dense layer's `(weight [in, units], bias [units])`, in order (a zero bias for a
    /// layer without one).
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

    /// Sets Dense layer `layer`'s weight from input `from` to unit `to` to `value` (teaching
    /// mode's "edit a link"). The parameter keeps its id, so optimizer state carries over.
    /// Out-of-range indices are ignored.
    pub fn set_dense_weight(&mut self, layer: usize, from: usize, to: usize, value: f32) {
        let Some(linear) = self.params.linears.get_mut(layer) else { return };
        let [inputs, units] = linear.weight.dims();
        if from >= inputs || to >= units {
            return;
        }
        let weight = linear.weight.clone();
        linear.weight = weight.map(|w| {
            // A leaf again (detached, then gradient tracking restored), so it stays trainable.
            let require_grad = w.is_require_grad();
            let one = Tensor::<2>::from_data(TensorData::new(vec![value], [1, 1]), &w.device());
            w.detach().slice_assign([from..from + 1, to..to + 1], one).detach().set_require_grad(require_grad)
        });
    }

    /// Checks that `x` has the shape the spec's input describes (all but the batch axis), so
    /// [`Network::forward`] will not hit a burn shape panic.
    ///
    /// # Errors
    /// [`MlError::Data`] naming the expected and actual shapes.
    pub fn check_input(spec: &ModelSpec, x: &Input) -> Result<(), MlError> {
        let (expected, actual): (Vec<usize>, Vec<usize>) = match (&spec.input, x) {
            (InputSpec::Tokens { seq_len, .. }, Input::Tokens(t)) => (vec![*seq_len], t.dims()[1..].to_vec()),
            (InputSpec::Features { width }, Input::Features(t)) => (vec![*width], t.dims()[1..].to_vec()),
            (InputSpec::Images { height, width, channels }, Input::Images(t)) => {
                (vec![*height, *width, *channels], t.dims()[1..].to_vec())
            }
            _ => {
                return Err(MlError::Data(
                    "the input kind (tokens, features or images) does not match the model".into(),
                ));
            }
        };
        if expected == actual {
            Ok(())
        } else {
            Err(MlError::Data(format!("the model expects examples of shape {expected:?}, got {actual:?}")))
        }
    }

    fn apply_head(&self, logits: Tensor<2>) -> Tensor<2> {
        match self.head {
            Head::Sigmoid => sigmoid(logits),
            Head::Softmax => softmax(logits, 1),
            Head::Linear => logits,
        }
    }

    /// Applies one op. `last`: the head's activation is folded into the loss (skipped here).
    fn apply(&self, op: Op, act: Act, last: bool) -> Act {
        let fold = last && self.head != Head::Linear;
        let p = &self.params;
        match (op, act) {
            (Op::Embedding(k), Act::Tokens(ids)) => {
                let mask = ids.clone().not_equal_elem(0).float();
                Act::Seq(p.embeddings[k].forward(ids), Some(mask))
            }
            (Op::GlobalAveragePooling1D, Act::Seq(x, mask)) => Act::Flat(masked_mean(x, mask)),
            (Op::GlobalMaxPooling1D, Act::Seq(x, mask)) => Act::Flat(masked_max(x, mask)),
            (Op::Dense(k, a), Act::Flat(x)) => {
                let y = p.linears[k].forward(x);
                Act::Flat(if fold { y } else { activate(y, a, 1) })
            }
            (Op::Conv1D(k, a, keeps_positions), Act::Seq(x, mask)) => {
                // [b, n, c] → [b, c, n] → conv → [b, f, n'] → [b, n', f]
                let y = p.conv1ds[k].forward(x.swap_dims(1, 2)).swap_dims(1, 2);
                Act::Seq(activate(y, a, 2), if keeps_positions { mask } else { None })
            }
            (Op::Conv2D(k, a), Act::Image(x)) => Act::Image(activate(p.conv2ds[k].forward(x), a, 1)),
            (Op::Pool2D { max, size, strides, padding }, Act::Image(x)) => Act::Image(if max {
                MaxPool2dConfig::new(size).with_strides(strides).with_padding(padding2d(padding)).init().forward(x)
            } else {
                AvgPool2dConfig::new(size)
                    .with_strides(strides)
                    .with_padding(padding2d(padding))
                    .with_count_include_pad(false)
                    .init()
                    .forward(x)
            }),
            (Op::Flatten, act) => Act::Flat(flatten(act)),
            (Op::Dropout(rate), act) => {
                let d = DropoutConfig::new(rate).init();
                match act {
                    Act::Seq(x, m) => Act::Seq(d.forward(x), m),
                    Act::Flat(x) => Act::Flat(d.forward(x)),
                    Act::Image(x) => Act::Image(d.forward(x)),
                    other => other,
                }
            }
            (Op::BatchNorm(k), act) => {
                let bn = &p.batch_norms[k];
                match act {
                    // burn normalises axis 1: channels of a channels-first image, features of a vector.
                    Act::Flat(x) => Act::Flat(bn.forward(x)),
                    Act::Image(x) => Act::Image(bn.forward(x)),
                    Act::Seq(x, m) => Act::Seq(bn.forward(x.swap_dims(1, 2)).swap_dims(1, 2), m),
                    other => other,
                }
            }
            (Op::LayerNorm(k), act) => {
                let ln = &p.layer_norms[k];
                match act {
                    Act::Flat(x) => Act::Flat(ln.forward(x)),
                    Act::Seq(x, m) => Act::Seq(ln.forward(x), m),
                    // Keras normalises the last (channel) axis.
                    Act::Image(x) => Act::Image(ln.forward(x.permute([0, 2, 3, 1])).permute([0, 3, 1, 2])),
                    other => other,
                }
            }
            (Op::Attention(k), Act::Seq(x, mask)) => {
                let (x, mask) = self_attention(&p.attentions[k], x, mask);
                Act::Seq(x, mask)
            }
            (Op::Activation(a), act) => {
                let a = if fold { Activation::Linear } else { a };
                match act {
                    Act::Flat(x) => Act::Flat(activate(x, a, 1)),
                    Act::Seq(x, m) => Act::Seq(activate(x, a, 2), m),
                    Act::Image(x) => Act::Image(activate(x, a, 1)),
                    other => other,
                }
            }
            // Every other pairing was refused by `ModelSpec::summary` in `Network::new`.
            (_, other) => other,
        }
    }
}

fn padding2d(padding: Padding) -> PaddingConfig2d {
    match padding {
        Padding::Valid => PaddingConfig2d::Valid,
        Padding::Same => PaddingConfig2d::Same,
    }
}

fn input_act(x: Input) -> Act {
    match x {
        Input::Tokens(ids) => Act::Tokens(ids),
        Input::Features(x) => Act::Flat(x),
        // [b, h, w, c] → [b, c, h, w]
        Input::Images(x) => Act::Image(x.permute([0, 3, 1, 2])),
    }
}

fn clone_act(act: &Act) -> Act {
    match act {
        Act::Tokens(t) => Act::Tokens(t.clone()),
        Act::Seq(x, m) => Act::Seq(x.clone(), m.clone()),
        Act::Flat(x) => Act::Flat(x.clone()),
        Act::Image(x) => Act::Image(x.clone()),
    }
}

/// `[batch, features]` in Keras (channels-last) order.
fn flatten(act: Act) -> Tensor<2> {
    match act {
        Act::Flat(x) => x,
        Act::Seq(x, _) => {
            let [b, s, f] = x.dims();
            x.reshape([b, s * f])
        }
        Act::Image(x) => {
            let [b, c, h, w] = x.dims();
            x.permute([0, 2, 3, 1]).reshape([b, h * w * c])
        }
        Act::Tokens(ids) => ids.float(),
    }
}

/// `y = x' + MHA(x')`, `x' = x + positions[..n]`, padding keys masked. A runtime sequence longer
/// than the position table is cut to the table's length.
fn self_attention(block: &SelfAttention, x: Tensor<3>, mask: Option<Tensor<2>>) -> (Tensor<3>, Option<Tensor<2>>) {
    let [_, n, _] = x.dims();
    let [max_len, _] = block.positions.dims();
    let (x, mask) =
        if n > max_len { (x.narrow(1, 0, max_len), mask.map(|m| m.narrow(1, 0, max_len))) } else { (x, mask) };
    let n = n.min(max_len);
    let x = x + block.positions.val().narrow(0, 0, n).unsqueeze_dim::<3>(0);
    let mut input = MhaInput::self_attn(x.clone());
    if let Some(m) = &mask {
        input = input.mask_pad(m.clone().equal_elem(0.0));
    }
    (x + block.mha.forward(input).context, mask)
}

/// Mean over the sequence axis counting only unmasked positions:
/// `sum_t(x[b,t,:] · m[b,t]) / max(1, sum_t m[b,t])`, `[batch, seq, f]` → `[batch, f]`.
/// A sentence of only padding gives zeros rather than NaN.
///
/// Element-wise (a broadcast multiply and a sum over the sequence): measured against one batched
/// matmul `w[b,1,seq] @ x[b,seq,f]` with `w = m / max(1, Σm)` (`examples/step_phases.rs`, burn's
/// CPU backend), the matmul form's backward took ~2.5–3.6 ms per `sentiment-seed` step against
/// ~1.3–1.7 ms for this one, so this form stays.
pub(crate) fn masked_mean(x: Tensor<3>, mask: Option<Tensor<2>>) -> Tensor<2> {
    let [b, s, f] = x.dims();
    let mask = mask.unwrap_or_else(|| Tensor::ones([b, s], &x.device()));
    let count = mask.clone().sum_dim(1).clamp_min(1.0); // [b, 1]
    let summed = (x * mask.unsqueeze_dim::<3>(2)).sum_dim(1).reshape([b, f]); // [b, f]
    summed / count
}

/// Maximum over the sequence axis among unmasked positions, `[batch, seq, f]` → `[batch, f]`:
/// padded positions are pushed to −10⁹ before the max; a sentence of only padding gives zeros.
fn masked_max(x: Tensor<3>, mask: Option<Tensor<2>>) -> Tensor<2> {
    let [b, _, f] = x.dims();
    let Some(mask) = mask else { return x.max_dim(1).reshape([b, f]) };
    let any = mask.clone().sum_dim(1).clamp_max(1.0); // [b, 1]: 1 when the row has a real token
    let m = mask.unsqueeze_dim::<3>(2); // [b, s, 1]
    let pushed = x * m.clone() + (m - 1.0) * 1e9;
    pushed.max_dim(1).reshape([b, f]) * any
}

/// Applies `activation`; softmax runs over axis `softmax_dim` (the channel / feature axis).
fn activate<const D: usize>(x: Tensor<D>, activation: Activation, softmax_dim: usize) -> Tensor<D> {
    match activation {
        Activation::Linear => x,
        Activation::Relu => relu(x),
        Activation::LeakyRelu => leaky_relu(x, LEAKY_RELU_ALPHA),
        Activation::Gelu => gelu(x),
        Activation::Sigmoid => sigmoid(x),
        Activation::Tanh => x.tanh(),
        Activation::Softmax => softmax(x, softmax_dim),
    }
}

#[cfg(test)]
#[path = "model_pool_tests.rs"]
mod pool_tests;

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
