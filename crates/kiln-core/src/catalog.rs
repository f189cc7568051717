//! What Kiln offers a person to choose from, each choice once: the layer kinds of the builder's
//! palette ([`LayerKind`]) and the optimizers ([`OptimizerKind`]). Each has `ALL` (every value,
//! in the order the page lists them; derived, so a new variant cannot be left out), a stable
//! `id` (URLs, `<select>` values, the CLI), a `label` shown to people and a one-line `help`.
//! Activations, losses and padding carry the same four in [`crate::spec`].
//!
//! Adding a layer: a [`LayerSpec`] variant (Keras fields), its [`LayerKind`] here (the compiler
//! then asks for its id, help and default settings), its shape rule in [`crate::shape`] and its
//! burn module in `kiln-ml`'s `model.rs`. Adding an optimizer: an [`OptimizerSpec`] variant and its
//! [`OptimizerKind`] here, then burn's optimizer in `kiln-ml`'s `train.rs`.

use strum::VariantArray;

use crate::config::OptimizerSpec;
use crate::spec::{Activation, InputSpec, LayerSpec, Padding};

/// A kind of layer, as the builder's palette offers it (one per [`LayerSpec`] variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, VariantArray)]
pub enum LayerKind {
    /// [`LayerSpec::Dense`].
    Dense,
    /// [`LayerSpec::Embedding`].
    Embedding,
    /// [`LayerSpec::GlobalAveragePooling1D`].
    GlobalAveragePooling1D,
    /// [`LayerSpec::GlobalMaxPooling1D`].
    GlobalMaxPooling1D,
    /// [`LayerSpec::Conv1D`].
    Conv1D,
    /// [`LayerSpec::Conv2D`].
    Conv2D,
    /// [`LayerSpec::MaxPool2D`].
    MaxPool2D,
    /// [`LayerSpec::AveragePool2D`].
    AveragePool2D,
    /// [`LayerSpec::Flatten`].
    Flatten,
    /// [`LayerSpec::Dropout`].
    Dropout,
    /// [`LayerSpec::BatchNormalization`].
    BatchNormalization,
    /// [`LayerSpec::LayerNormalization`].
    LayerNormalization,
    /// [`LayerSpec::MultiHeadSelfAttention`].
    MultiHeadSelfAttention,
    /// [`LayerSpec::Activation`].
    Activation,
}

impl LayerKind {
    /// Every kind, in the palette's order.
    pub const ALL: &'static [LayerKind] = LayerKind::VARIANTS;

    /// The Keras class name, also the spec's `type` tag and the palette's `data-testid` suffix.
    pub fn id(self) -> &'static str {
        match self {
            LayerKind::Dense => "Dense",
            LayerKind::Embedding => "Embedding",
            LayerKind::GlobalAveragePooling1D => "GlobalAveragePooling1D",
            LayerKind::GlobalMaxPooling1D => "GlobalMaxPooling1D",
            LayerKind::Conv1D => "Conv1D",
            LayerKind::Conv2D => "Conv2D",
            LayerKind::MaxPool2D => "MaxPool2D",
            LayerKind::AveragePool2D => "AveragePool2D",
            LayerKind::Flatten => "Flatten",
            LayerKind::Dropout => "Dropout",
            LayerKind::BatchNormalization => "BatchNormalization",
            LayerKind::LayerNormalization => "LayerNormalization",
            LayerKind::MultiHeadSelfAttention => "MultiHeadSelfAttention",
            LayerKind::Activation => "Activation",
        }
    }

    /// The name shown in the page (the Keras class name: it is what the field calls it).
    pub fn label(self) -> &'static str {
        self.id()
    }

    /// The kind with this [`LayerKind::id`].
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.id() == id)
    }

    /// The kind of a layer.
    pub fn of(layer: &LayerSpec) -> Self {
        match layer {
            LayerSpec::Embedding { .. } => LayerKind::Embedding,
            LayerSpec::GlobalAveragePooling1D => LayerKind::GlobalAveragePooling1D,
            LayerSpec::GlobalMaxPooling1D => LayerKind::GlobalMaxPooling1D,
            LayerSpec::Dense { .. } => LayerKind::Dense,
            LayerSpec::Conv1D { .. } => LayerKind::Conv1D,
            LayerSpec::Conv2D { .. } => LayerKind::Conv2D,
            LayerSpec::MaxPool2D { .. } => LayerKind::MaxPool2D,
            LayerSpec::AveragePool2D { .. } => LayerKind::AveragePool2D,
            LayerSpec::Flatten => LayerKind::Flatten,
            LayerSpec::Dropout { .. } => LayerKind::Dropout,
            LayerSpec::BatchNormalization { .. } => LayerKind::BatchNormalization,
            LayerSpec::LayerNormalization { .. } => LayerKind::LayerNormalization,
            LayerSpec::MultiHeadSelfAttention { .. } => LayerKind::MultiHeadSelfAttention,
            LayerSpec::Activation { .. } => LayerKind::Activation,
        }
    }

    /// One line a student understands (the palette's and the layer list's tooltip).
    pub fn help(self) -> &'static str {
        match self {
            LayerKind::Dense => {
                "Every output unit is a weighted sum of all inputs plus a bias: the basic building block."
            }
            LayerKind::Embedding => {
                "Turns each word id into a learned list of numbers (a vector); similar words end up with similar vectors."
            }
            LayerKind::GlobalAveragePooling1D => {
                "Averages the vectors of all words in a sentence into one vector (padding ignored)."
            }
            LayerKind::GlobalMaxPooling1D => "Keeps, for each feature, its largest value over all words of a sentence.",
            LayerKind::Conv1D => {
                "Slides small learned filters along a sequence to spot short patterns, like a two- or three-word phrase."
            }
            LayerKind::Conv2D => {
                "Slides small learned filters over an image to spot local patterns such as edges and corners."
            }
            LayerKind::MaxPool2D => "Shrinks an image by keeping the largest value in each small window.",
            LayerKind::AveragePool2D => "Shrinks an image by averaging each small window.",
            LayerKind::Flatten => {
                "Lays an image (or sequence) out as one long row of numbers so Dense layers can use it."
            }
            LayerKind::Dropout => {
                "While training, randomly switches off some values so the network cannot rely on any one: less over-fitting."
            }
            LayerKind::BatchNormalization => {
                "Rescales each channel to mean 0 and spread 1 over the batch, which makes training faster and steadier."
            }
            LayerKind::LayerNormalization => {
                "Rescales each example's features to mean 0 and spread 1 (used in Transformers)."
            }
            LayerKind::MultiHeadSelfAttention => {
                "Lets every word look at every other word and mix in what matters: the heart of a Transformer."
            }
            LayerKind::Activation => "Applies a function to every value on its own, e.g. relu sets negatives to 0.",
        }
    }

    /// A new layer of this kind with sensible settings (what the palette adds). `input` is the
    /// model's input: an Embedding gets one row per token id of the data (10,000 otherwise).
    pub fn default_layer(self, input: &InputSpec) -> LayerSpec {
        let vocab = match *input {
            InputSpec::Tokens { vocab_size, .. } => vocab_size,
            _ => 10_000,
        };
        match self {
            LayerKind::Dense => LayerSpec::Dense { units: 16, activation: Activation::Relu },
            LayerKind::Embedding => LayerSpec::Embedding { input_dim: vocab, output_dim: 16 },
            LayerKind::GlobalAveragePooling1D => LayerSpec::GlobalAveragePooling1D,
            LayerKind::GlobalMaxPooling1D => LayerSpec::GlobalMaxPooling1D,
            LayerKind::Conv1D => LayerSpec::Conv1D {
                filters: 16,
                kernel_size: 3,
                strides: 1,
                padding: Padding::Valid,
                activation: Activation::Relu,
            },
            LayerKind::Conv2D => LayerSpec::Conv2D {
                filters: 8,
                kernel_size: [3, 3],
                strides: [1, 1],
                padding: Padding::Valid,
                activation: Activation::Relu,
            },
            LayerKind::MaxPool2D => LayerSpec::MaxPool2D { pool_size: [2, 2], strides: None, padding: Padding::Valid },
            LayerKind::AveragePool2D => {
                LayerSpec::AveragePool2D { pool_size: [2, 2], strides: None, padding: Padding::Valid }
            }
            LayerKind::Flatten => LayerSpec::Flatten,
            LayerKind::Dropout => LayerSpec::Dropout { rate: 0.5 },
            LayerKind::BatchNormalization => LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.99 },
            LayerKind::LayerNormalization => LayerSpec::LayerNormalization { epsilon: 1e-3 },
            LayerKind::MultiHeadSelfAttention => {
                LayerSpec::MultiHeadSelfAttention { num_heads: 2, key_dim: None, dropout: 0.0 }
            }
            LayerKind::Activation => LayerSpec::Activation { activation: Activation::Relu },
        }
    }
}

/// An optimizer as the page and the CLI offer it; SGD with momentum is its own choice (momentum
/// 0.9), as in TensorFlow Playground and most courses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, VariantArray)]
pub enum OptimizerKind {
    /// Plain SGD.
    Sgd,
    /// SGD with momentum 0.9.
    Momentum,
    /// Adam.
    Adam,
    /// AdamW.
    AdamW,
    /// RMSprop.
    RmsProp,
}

impl OptimizerKind {
    /// Every optimizer, in the order the selects list them.
    pub const ALL: &'static [OptimizerKind] = OptimizerKind::VARIANTS;

    /// Momentum used by [`OptimizerKind::Momentum`].
    pub const MOMENTUM: f64 = 0.9;

    /// The short id used in `<select>` values, URLs (`opt=adam`) and the CLI (`--optimizer`).
    pub fn id(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
            OptimizerKind::AdamW => "adamw",
            OptimizerKind::RmsProp => "rmsprop",
        }
    }

    /// The name as a teacher says it (also in the divergence message: "too high for SGD").
    pub fn label(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD",
            OptimizerKind::Momentum => "SGD with momentum",
            OptimizerKind::Adam => "Adam",
            OptimizerKind::AdamW => "AdamW",
            OptimizerKind::RmsProp => "RMSprop",
        }
    }

    /// One line on how it follows the gradient.
    pub fn help(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD: a plain step down the slope.",
            OptimizerKind::Momentum => "SGD with momentum: keeps rolling in the direction it was going.",
            OptimizerKind::Adam => "Adam: a separate, self-tuning step size per weight (the usual default).",
            OptimizerKind::AdamW => "AdamW: Adam with weight decay done right.",
            OptimizerKind::RmsProp => "RMSprop: divides each step by a running size of that weight's gradients.",
        }
    }

    /// The optimizer with this [`OptimizerKind::id`].
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.id() == id)
    }

    /// The optimizer's spec at `learning_rate`.
    pub fn spec(self, learning_rate: f64) -> OptimizerSpec {
        match self {
            OptimizerKind::Sgd => OptimizerSpec::Sgd { learning_rate, momentum: 0.0 },
            OptimizerKind::Momentum => OptimizerSpec::Sgd { learning_rate, momentum: Self::MOMENTUM },
            OptimizerKind::Adam => OptimizerSpec::Adam { learning_rate },
            OptimizerKind::AdamW => OptimizerSpec::AdamW { learning_rate },
            OptimizerKind::RmsProp => OptimizerSpec::RmsProp { learning_rate },
        }
    }

    /// The kind of an optimizer spec (SGD with any momentum above 0 is [`OptimizerKind::Momentum`]).
    pub fn of(spec: &OptimizerSpec) -> Self {
        match spec {
            OptimizerSpec::Sgd { momentum, .. } if *momentum > 0.0 => OptimizerKind::Momentum,
            OptimizerSpec::Sgd { .. } => OptimizerKind::Sgd,
            OptimizerSpec::Adam { .. } => OptimizerKind::Adam,
            OptimizerSpec::AdamW { .. } => OptimizerKind::AdamW,
            OptimizerSpec::RmsProp { .. } => OptimizerKind::RmsProp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKENS: InputSpec = InputSpec::Tokens { seq_len: 100, vocab_size: 5_000 };

    #[test]
    fn every_layer_kind_has_an_id_help_and_a_default_of_its_kind() {
        assert_eq!(LayerKind::ALL.len(), 14);
        assert_eq!(LayerKind::ALL[0], LayerKind::Dense, "the palette starts with Dense");
        for &kind in LayerKind::ALL {
            let layer = kind.default_layer(&TOKENS);
            assert_eq!(LayerKind::of(&layer), kind);
            assert_eq!(layer.kind(), kind.id(), "the spec's type tag is the id");
            assert_eq!(LayerKind::parse(kind.id()), Some(kind));
            assert!(!kind.help().is_empty() && !kind.label().is_empty());
        }
        assert_eq!(
            LayerKind::Embedding.default_layer(&TOKENS),
            LayerSpec::Embedding { input_dim: 5_000, output_dim: 16 }
        );
        assert_eq!(LayerKind::parse("Lstm"), None);
    }

    #[test]
    fn optimizer_ids_round_trip() {
        let ids: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(ids, ["sgd", "momentum", "adam", "adamw", "rmsprop"]);
        for &kind in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::parse(kind.id()), Some(kind));
            assert_eq!(OptimizerKind::of(&kind.spec(0.01)), kind);
            assert_eq!(kind.spec(0.01).learning_rate(), 0.01);
            assert!(!kind.help().is_empty());
        }
        assert_eq!(OptimizerKind::parse("lion"), None);
    }
}
