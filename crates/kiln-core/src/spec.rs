//! Model specifications: a serde-friendly, Keras-style description of a network.
//!
//! A [`ModelSpec`] is data, not code: it round-trips through JSON, is validated by
//! [`ModelSpec::summary`](crate::shape) and is turned into a burn module by `kiln-ml`.

use serde::{Deserialize, Serialize};

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
}

/// Element-wise activation applied after a layer (Keras `activation=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// Identity: `f(x) = x` (Keras `"linear"`).
    #[default]
    Linear,
    /// Rectified linear unit: `f(x) = max(0, x)`.
    Relu,
    /// Logistic sigmoid: `f(x) = 1 / (1 + e^-x)`, output in (0, 1).
    Sigmoid,
    /// Hyperbolic tangent, output in (-1, 1).
    Tanh,
}

impl Activation {
    /// The Keras name, as shown in the page.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }
}

/// One layer, named as in Keras (burn module underneath in `kiln-ml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum LayerSpec {
    /// Looks up a learned vector per token id: `[batch, seq_len]` → `[batch, seq_len, output_dim]`.
    /// Parameters: `input_dim × output_dim`. Id 0 is padding and is masked out by later pooling.
    Embedding {
        /// Number of rows (vocabulary size, including padding and out-of-vocabulary ids).
        input_dim: usize,
        /// Length of each embedding vector.
        output_dim: usize,
    },
    /// Mean over the sequence axis, ignoring padding positions:
    /// `[batch, seq_len, features]` → `[batch, features]`. No parameters.
    GlobalAveragePooling1D,
    /// Fully connected layer `y = activation(x W + b)`: `[batch, in]` → `[batch, units]`.
    /// Parameters: `in × units + units` (burn `Linear`, PyTorch `nn.Linear`).
    Dense {
        /// Number of output units.
        units: usize,
        /// Activation applied to the output.
        #[serde(default)]
        activation: Activation,
    },
}

impl LayerSpec {
    /// The Keras class name shown in the summary table.
    pub fn kind(&self) -> &'static str {
        match self {
            LayerSpec::Embedding { .. } => "Embedding",
            LayerSpec::GlobalAveragePooling1D => "GlobalAveragePooling1D",
            LayerSpec::Dense { .. } => "Dense",
        }
    }
}

/// The loss minimised during training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossSpec {
    /// Binary cross-entropy `-(y log p + (1-y) log(1-p))`, for one sigmoid output unit and labels
    /// 0/1. Computed from the logits (before the sigmoid) for numerical stability.
    BinaryCrossEntropy,
    /// Categorical cross-entropy `-log softmax(z)_y` over `k` softmax outputs with integer class
    /// labels (Keras `SparseCategoricalCrossentropy`); computed from the logits.
    CategoricalCrossEntropy,
    /// Mean squared error `(ŷ - y)²` for one linear output (regression).
    MeanSquaredError,
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
