//! Model specifications: a serde-friendly, Keras-style description of a network.
//!
//! A [`ModelSpec`] is data, not code: it round-trips through JSON, is validated by
//! [`ModelSpec::summary`](crate::shape) and is turned into a burn module by `kiln-ml`.

use serde::{Deserialize, Serialize};
use strum::VariantArray;

use crate::catalog::LayerKind;

/// What the model is fed, per example (the batch dimension is implicit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum InputSpec {
    /// Integer token ids, tensor shape `[batch, seq_len]`; id 0 is padding, id 1 out-of-vocabulary.
    Tokens {
        /// Sequence length after padding / truncation.
        seq_len: usize,
        /// Number of distinct ids the data can contain (vocabulary size including padding and
        /// out-of-vocabulary ids). An `Embedding` must have at least this many rows.
        vocab_size: usize,
    },
    /// Real-valued features, tensor shape `[batch, width]`.
    Features {
        /// Number of features per example.
        width: usize,
    },
    /// Images, channels-last like Keras: tensor shape `[batch, height, width, channels]`
    /// (`kiln-ml` permutes to burn's channels-first layout inside convolutions).
    Images {
        /// Rows of pixels.
        height: usize,
        /// Columns of pixels.
        width: usize,
        /// Values per pixel (1 for grey scale, 3 for RGB).
        channels: usize,
    },
}

/// Negative slope of [`Activation::LeakyRelu`]: `f(x) = x` for `x ≥ 0`, `0.2·x` otherwise.
///
/// Fixed, not a setting, so that `Activation` stays a plain name; 0.2 is the default
/// `negative_slope` of Keras 3's `keras.activations.leaky_relu` (what `activation="leaky_relu"`
/// gives in Keras). PyTorch's `nn.LeakyReLU` defaults to 0.01.
pub const LEAKY_RELU_ALPHA: f64 = 0.2;

/// Element-wise activation applied after a layer (Keras `activation=`), or as its own
/// [`LayerSpec::Activation`] layer. Serialised with Keras' string names ([`Activation::id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, VariantArray)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// Identity: `f(x) = x` (Keras `"linear"`).
    #[default]
    Linear,
    /// Rectified linear unit: `f(x) = max(0, x)`.
    Relu,
    /// Leaky ReLU: `f(x) = x` for `x ≥ 0`, `α·x` otherwise, with α = [`LEAKY_RELU_ALPHA`] (0.2).
    #[serde(rename = "leaky_relu")]
    LeakyRelu,
    /// Gaussian error linear unit, `f(x) = x·Φ(x)` (exact erf form, as burn's `gelu`).
    Gelu,
    /// Logistic sigmoid: `f(x) = 1 / (1 + e^-x)`, output in (0, 1).
    Sigmoid,
    /// Hyperbolic tangent, output in (-1, 1).
    Tanh,
    /// Softmax over the last axis: `f(x)_i = e^{x_i} / Σ_j e^{x_j}`; outputs sum to 1.
    Softmax,
}

impl Activation {
    /// Every activation, in the order the page's selects list them.
    pub const ALL: &'static [Activation] = Activation::VARIANTS;

    /// The Keras name (the spec's JSON value, `<select>` values and URLs: `act=relu`).
    pub fn id(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Gelu => "gelu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Softmax => "softmax",
        }
    }

    /// The name shown in the page: the Keras name, as people type it in Keras.
    pub fn label(self) -> &'static str {
        self.id()
    }

    /// One line on what it does (the selects' tooltips).
    pub fn help(self) -> &'static str {
        match self {
            Activation::Linear => "linear: passes values through unchanged",
            Activation::Relu => "relu: negatives become 0, positives pass (the usual choice for hidden layers)",
            Activation::LeakyRelu => "leaky_relu: like relu, but negatives are multiplied by 0.2 instead of dropped",
            Activation::Gelu => "gelu: a smooth relu, used in Transformers",
            Activation::Sigmoid => "sigmoid: squeezes any value into 0…1 (a probability for two classes)",
            Activation::Tanh => "tanh: squeezes any value into −1…1",
            Activation::Softmax => "softmax: turns the outputs into probabilities that add up to 1 (one per class)",
        }
    }

    /// The activation with this [`Activation::id`].
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.id() == id)
    }
}

/// How a convolution or pooling window treats the border (Keras `padding=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, VariantArray)]
#[serde(rename_all = "lowercase")]
pub enum Padding {
    /// No padding: output length `floor((n - k) / s) + 1`; the window must fit (`k ≤ n`).
    #[default]
    Valid,
    /// Zero padding (split as evenly as possible, extra at the end, like TensorFlow) so that the
    /// output length is `ceil(n / s)`.
    Same,
}

impl Padding {
    /// Both, `valid` first.
    pub const ALL: &'static [Padding] = Padding::VARIANTS;

    /// The Keras name (JSON value and `<select>` value).
    pub fn id(self) -> &'static str {
        match self {
            Padding::Valid => "valid",
            Padding::Same => "same",
        }
    }

    /// The padding with this [`Padding::id`].
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.id() == id)
    }
}

/// One layer, named as in Keras (burn module underneath in `kiln-ml`). Serialised with a `type`
/// tag and Keras field names, e.g. `{"type": "Conv2D", "filters": 8, "kernel_size": 3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum LayerSpec {
    /// Looks up a learned vector per token id: `[batch, seq_len]` → `[batch, seq_len, output_dim]`.
    /// Parameters: `input_dim × output_dim`. Id 0 is padding and is masked out by later pooling
    /// and attention.
    Embedding {
        /// Number of rows (vocabulary size, including padding and out-of-vocabulary ids).
        input_dim: usize,
        /// Length of each embedding vector.
        output_dim: usize,
    },
    /// Mean over the sequence axis, ignoring padding positions:
    /// `[batch, seq_len, features]` → `[batch, features]`. No parameters.
    GlobalAveragePooling1D,
    /// Maximum over the sequence axis, ignoring padding positions:
    /// `[batch, seq_len, features]` → `[batch, features]`. No parameters.
    GlobalMaxPooling1D,
    /// Fully connected layer `y = activation(x W + b)`: `[batch, in]` → `[batch, units]`.
    /// Parameters: `in × units + units` (burn `Linear`, PyTorch `nn.Linear`). Needs a flat
    /// input: put `Flatten` or a global pooling layer before it on images and sequences.
    Dense {
        /// Number of output units.
        units: usize,
        /// Activation applied to the output.
        #[serde(default)]
        activation: Activation,
    },
    /// 1-D convolution over a sequence (Keras `Conv1D`, burn `Conv1d`):
    /// `[batch, n, c_in]` → `[batch, n_out, filters]`. Parameters: `kernel_size·c_in·filters +
    /// filters`.
    Conv1D {
        /// Number of output channels.
        filters: usize,
        /// Window length.
        kernel_size: usize,
        /// Step between windows (default 1).
        #[serde(default = "one")]
        strides: usize,
        /// Border handling (default `"valid"`).
        #[serde(default)]
        padding: Padding,
        /// Activation applied to the output.
        #[serde(default)]
        activation: Activation,
    },
    /// 2-D convolution over an image (Keras `Conv2D`, burn `Conv2d`), channels-last:
    /// `[batch, h, w, c_in]` → `[batch, h_out, w_out, filters]`. Parameters:
    /// `k_h·k_w·c_in·filters + filters`.
    Conv2D {
        /// Number of output channels.
        filters: usize,
        /// Window `[height, width]`; JSON accepts `3` or `[3, 3]`, as Keras.
        #[serde(deserialize_with = "pair")]
        kernel_size: [usize; 2],
        /// Step `[down, across]` (default `[1, 1]`); JSON accepts a number or a pair.
        #[serde(default = "ones", deserialize_with = "pair")]
        strides: [usize; 2],
        /// Border handling (default `"valid"`).
        #[serde(default)]
        padding: Padding,
        /// Activation applied to the output.
        #[serde(default)]
        activation: Activation,
    },
    /// Maximum over each window of an image (Keras `MaxPooling2D` / `MaxPool2D`):
    /// `[batch, h, w, c]` → `[batch, h_out, w_out, c]`. No parameters.
    #[serde(alias = "MaxPooling2D")]
    MaxPool2D {
        /// Window `[height, width]` (default `[2, 2]`); JSON accepts a number or a pair.
        #[serde(default = "twos", deserialize_with = "pair")]
        pool_size: [usize; 2],
        /// Step (default: `pool_size`, as Keras).
        #[serde(default, deserialize_with = "opt_pair", skip_serializing_if = "Option::is_none")]
        strides: Option<[usize; 2]>,
        /// Border handling (default `"valid"`).
        #[serde(default)]
        padding: Padding,
    },
    /// Mean over each window of an image (Keras `AveragePooling2D` / `AvgPool2D`); with `"same"`
    /// padding the border windows average only real pixels, as Keras. No parameters.
    #[serde(alias = "AveragePooling2D", alias = "AvgPool2D")]
    AveragePool2D {
        /// Window `[height, width]` (default `[2, 2]`); JSON accepts a number or a pair.
        #[serde(default = "twos", deserialize_with = "pair")]
        pool_size: [usize; 2],
        /// Step (default: `pool_size`, as Keras).
        #[serde(default, deserialize_with = "opt_pair", skip_serializing_if = "Option::is_none")]
        strides: Option<[usize; 2]>,
        /// Border handling (default `"valid"`).
        #[serde(default)]
        padding: Padding,
    },
    /// Flattens each example to a vector, in channels-last (Keras) order:
    /// `[batch, h, w, c]` → `[batch, h·w·c]`, `[batch, n, f]` → `[batch, n·f]`; a flat vector
    /// passes unchanged. No parameters.
    Flatten,
    /// Randomly zeroes a fraction `rate` of the values while training and scales the rest by
    /// `1 / (1 - rate)`; the identity at inference. No parameters.
    Dropout {
        /// Fraction dropped, in `[0, 1)`.
        rate: f64,
    },
    /// Normalises each channel (the last axis) with batch statistics while training and running
    /// statistics at inference, then scales by γ and shifts by β. Parameters: `2·c` trainable
    /// (γ, β) plus `2·c` non-trainable (running mean and variance).
    BatchNormalization {
        /// Added to the variance before the square root (Keras default 0.001).
        #[serde(default = "bn_epsilon")]
        epsilon: f64,
        /// Keras momentum: `running = momentum·running + (1 - momentum)·batch` (default 0.99).
        /// burn/PyTorch use the complement (`kiln-ml` passes `1 - momentum`).
        #[serde(default = "bn_momentum")]
        momentum: f64,
    },
    /// Normalises each example over its last axis, then scales by γ and shifts by β.
    /// Parameters: `2·d` (burn `LayerNorm`, Keras `LayerNormalization(axis=-1)`).
    LayerNormalization {
        /// Added to the variance before the square root (Keras default 0.001).
        #[serde(default = "bn_epsilon")]
        epsilon: f64,
    },
    /// One Transformer-encoder style self-attention block over a sequence of vectors
    /// (`d_model` = the input's last axis): `y = x' + MHA(x', x', x')` with `x' = x + P`, where `P`
    /// is a learned `[seq_len, d_model]` position table. Padding keys (token id 0) are masked.
    /// `[batch, n, d_model]` → `[batch, n, d_model]`. Parameters: `4·(d·d + d)` (burn
    /// `MultiHeadAttention`: query, key, value and output projections, each `d → d` with bias)
    /// plus `seq_len·d` (the position table).
    MultiHeadSelfAttention {
        /// Number of attention heads; must divide `d_model`.
        num_heads: usize,
        /// Size of each head's query/key vectors (Keras `key_dim`). burn projects `d_model →
        /// d_model`, so it must equal `d_model / num_heads`; leave it out to get that value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_dim: Option<usize>,
        /// Dropout applied to the attention weights while training, in `[0, 1)` (default 0).
        #[serde(default)]
        dropout: f64,
    },
    /// A standalone activation (Keras `Activation`), applied element-wise (softmax: over the
    /// last axis). No parameters.
    Activation {
        /// Which activation.
        activation: Activation,
    },
}

fn one() -> usize {
    1
}
fn ones() -> [usize; 2] {
    [1, 1]
}
fn twos() -> [usize; 2] {
    [2, 2]
}
fn bn_epsilon() -> f64 {
    1e-3
}
fn bn_momentum() -> f64 {
    0.99
}

/// Keras accepts `3` or `[3, 3]` for 2-D sizes.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrPair {
    One(usize),
    Pair([usize; 2]),
}

fn pair<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[usize; 2], D::Error> {
    Ok(match OneOrPair::deserialize(d)? {
        OneOrPair::One(n) => [n, n],
        OneOrPair::Pair(p) => p,
    })
}

fn opt_pair<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<[usize; 2]>, D::Error> {
    Ok(match Option::<OneOrPair>::deserialize(d)? {
        None => None,
        Some(OneOrPair::One(n)) => Some([n, n]),
        Some(OneOrPair::Pair(p)) => Some(p),
    })
}

impl LayerSpec {
    /// The Keras class name shown in the summary table ([`LayerKind::id`]).
    pub fn kind(&self) -> &'static str {
        LayerKind::of(self).id()
    }

    /// The activation this layer applies to its output, for layers that have one (Dense, Conv1D,
    /// Conv2D, Activation); `None` for the others.
    pub fn activation(&self) -> Option<Activation> {
        match self {
            LayerSpec::Dense { activation, .. }
            | LayerSpec::Conv1D { activation, .. }
            | LayerSpec::Conv2D { activation, .. }
            | LayerSpec::Activation { activation } => Some(*activation),
            _ => None,
        }
    }

    /// The summary table's name: the Keras class, plus the activation when it is not linear,
    /// e.g. `Dense (relu)`, `Conv2D (relu)`, `Activation (softmax)`.
    pub fn display_name(&self) -> String {
        match self.activation() {
            Some(a) if a != Activation::Linear || matches!(self, LayerSpec::Activation { .. }) => {
                format!("{} ({})", self.kind(), a.id())
            }
            _ => self.kind().to_string(),
        }
    }
}

/// The loss minimised during training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum LossSpec {
    /// Binary cross-entropy `-(y log p + (1-y) log(1-p))`, for one sigmoid output unit and labels
    /// 0/1. Computed from the logits (before the sigmoid) for numerical stability.
    #[serde(alias = "binary_crossentropy")]
    BinaryCrossEntropy,
    /// Categorical cross-entropy `-log p_y` for a softmax output over `k ≥ 2` units and *integer*
    /// class labels `0..k` (Keras `sparse_categorical_crossentropy`; one-hot labels are not used).
    /// Computed from the logits (log-softmax) for numerical stability.
    #[serde(alias = "sparse_categorical_crossentropy")]
    CategoricalCrossEntropy,
    /// Mean squared error `mean((y - ŷ)²)` for regression, on a linear (or other unbounded)
    /// output.
    #[serde(alias = "mse")]
    MeanSquaredError,
}

impl LossSpec {
    /// Every loss, in the order the builder's select lists them.
    pub const ALL: &'static [LossSpec] = LossSpec::VARIANTS;

    /// The JSON value (`binary_cross_entropy`, …), also the `<select>` value.
    pub fn id(self) -> &'static str {
        match self {
            LossSpec::BinaryCrossEntropy => "binary_cross_entropy",
            LossSpec::CategoricalCrossEntropy => "categorical_cross_entropy",
            LossSpec::MeanSquaredError => "mean_squared_error",
        }
    }

    /// The name as people say it, e.g. "binary cross-entropy".
    pub fn label(self) -> &'static str {
        match self {
            LossSpec::BinaryCrossEntropy => "binary cross-entropy",
            LossSpec::CategoricalCrossEntropy => "categorical cross-entropy",
            LossSpec::MeanSquaredError => "mean squared error",
        }
    }

    /// One line on what it suits.
    pub fn help(self) -> &'static str {
        match self {
            LossSpec::BinaryCrossEntropy => "Binary cross-entropy: two classes with one sigmoid output.",
            LossSpec::CategoricalCrossEntropy => "Categorical cross-entropy: several classes with a softmax output.",
            LossSpec::MeanSquaredError => "Mean squared error: predicting a number.",
        }
    }

    /// The loss with this [`LossSpec::id`].
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|l| l.id() == id)
    }
}

/// The kind of problem a data set poses, which decides the output layer and loss a model should
/// have ([`ModelSpec::summary_for`] checks a spec against it). The one task type of every crate:
/// `kiln-data`'s targets report it, the protocol carries it, the page and the CLI show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Task {
    /// Two classes, labels 0/1: Dense(1, sigmoid) + binary cross-entropy.
    Binary,
    /// `classes ≥ 2` classes, integer labels `0..classes`: Dense(classes, softmax) + categorical
    /// cross-entropy.
    MultiClass {
        /// Number of classes.
        classes: usize,
    },
    /// One real-valued target: Dense(1, linear) + mean squared error.
    Regression,
}

/// A whole model: input, layers in order, and loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// What one example looks like.
    pub input: InputSpec,
    /// Layers applied in order.
    pub layers: Vec<LayerSpec>,
    /// The training objective.
    pub loss: LossSpec,
}

impl ModelSpec {
    /// The reference sentiment model (Keras text-classification tutorial):
    /// Embedding(vocab, 16) → GlobalAveragePooling1D → Dense(16, relu) → Dense(1, sigmoid),
    /// binary cross-entropy. 160,289 parameters for `vocab_size = 10_000`.
    pub fn reference_sentiment(vocab_size: usize, seq_len: usize) -> Self {
        ModelSpec {
            input: InputSpec::Tokens { seq_len, vocab_size },
            layers: vec![
                LayerSpec::Embedding { input_dim: vocab_size, output_dim: 16 },
                LayerSpec::GlobalAveragePooling1D,
                LayerSpec::Dense { units: 16, activation: Activation::Relu },
                LayerSpec::Dense { units: 1, activation: Activation::Sigmoid },
            ],
            loss: LossSpec::BinaryCrossEntropy,
        }
    }

    /// Serialises the spec as pretty JSON (the downloadable spec file).
    pub fn to_json(&self) -> String {
        // A ModelSpec holds only strings, numbers and enums: serialisation cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Parses a spec from JSON.
    ///
    /// # Errors
    /// [`SpecError::Json`] with serde's message (line and column) when the text is not a spec.
    pub fn from_json(text: &str) -> Result<Self, SpecError> {
        serde_json::from_str(text).map_err(|e| SpecError::Json(e.to_string()))
    }
}

/// Why a spec cannot be built or trained. Each message says what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// The spec has no layers.
    #[error("the model has no layers: add at least one Dense layer")]
    Empty,
    /// A layer cannot take the shape produced by the previous one.
    #[error("layer {index} ({kind}) cannot take input of shape {input}: {hint}")]
    ShapeMismatch {
        /// 0-based index of the offending layer.
        index: usize,
        /// Keras class name of the layer.
        kind: &'static str,
        /// The incoming shape, Keras style, e.g. `(None, 500)`.
        input: String,
        /// What to do about it.
        hint: String,
    },
    /// A size setting is zero or absurd.
    #[error("layer {index} ({kind}): {message}")]
    BadSetting {
        /// 0-based index of the offending layer.
        index: usize,
        /// Keras class name of the layer.
        kind: &'static str,
        /// What is wrong and the allowed range.
        message: String,
    },
    /// The last layer does not match the loss.
    #[error("the output does not fit the loss: {0}")]
    OutputMismatch(String),
    /// The JSON text is not a valid spec.
    #[error("not a valid model spec: {0}")]
    Json(String),
}
