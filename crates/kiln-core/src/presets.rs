//! Ready-made models for the visual builder: each a valid [`ModelSpec`] with a name and a
//! one-line description, plus [`suggest_output`], the last layer and loss that suit a task.

use crate::spec::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, Padding, Task};

/// A named, described model the page offers as a starting point.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// Stable identifier (used in URLs and the benchmark workloads), e.g. `cnn-28`.
    pub id: &'static str,
    /// Short name shown in the page.
    pub name: &'static str,
    /// One line saying what it is and what it suits.
    pub description: &'static str,
    /// The model.
    pub spec: ModelSpec,
}

/// The output layer and loss Kiln suggests for `task`:
/// binary → `Dense(1, sigmoid)` + binary cross-entropy; `k` classes → `Dense(k, softmax)` +
/// categorical cross-entropy (integer labels); regression → `Dense(1)` (linear) + mean squared
/// error. A multi-class task with fewer than 2 classes gets `Dense(2, softmax)`, which
/// [`ModelSpec::summary_for`] then reports against the data.
pub fn suggest_output(task: Task) -> (LayerSpec, LossSpec) {
    match task {
        Task::Binary => (LayerSpec::Dense { units: 1, activation: Activation::Sigmoid }, LossSpec::BinaryCrossEntropy),
        Task::MultiClass { classes } => (
            LayerSpec::Dense { units: classes.max(2), activation: Activation::Softmax },
            LossSpec::CategoricalCrossEntropy,
        ),
        Task::Regression => (LayerSpec::Dense { units: 1, activation: Activation::Linear }, LossSpec::MeanSquaredError),
    }
}

/// The reference sentiment model ([`ModelSpec::reference_sentiment`]): 160,289 parameters for a
/// 10,000-id vocabulary.
pub fn reference_sentiment(vocab_size: usize, seq_len: usize) -> Preset {
    Preset {
        id: "sentiment",
        name: "Sentiment (Keras tutorial)",
        description: "Embedding → average of the words → Dense(16, relu) → sigmoid: the Keras text-classification model",
        spec: ModelSpec::reference_sentiment(vocab_size, seq_len),
    }
}

/// Small multilayer perceptron: Features(width) → Dense(16, relu) → Dense(16, relu) → the
/// [`suggest_output`] layer and loss for `task`.
pub fn small_mlp(width: usize, task: Task) -> Preset {
    let (out, loss) = suggest_output(task);
    Preset {
        id: "mlp",
        name: "Small MLP",
        description: "Two hidden Dense(16, relu) layers: a first model for tabular features",
        spec: ModelSpec {
            input: InputSpec::Features { width },
            layers: vec![
                LayerSpec::Dense { units: 16, activation: Activation::Relu },
                LayerSpec::Dense { units: 16, activation: Activation::Relu },
                out,
            ],
            loss,
        },
    }
}

/// Small CNN for 28×28 grey-scale images with 10 classes (the `cnn-28` workload):
/// Conv2D(8, 3×3, relu) → MaxPool2D(2) → Flatten → Dense(10, softmax), categorical
/// cross-entropy. Parameters: 3·3·1·8 + 8 = 80, then 13·13·8·10 + 10 = 13,530; 13,610 in all.
pub fn small_cnn() -> Preset {
    Preset {
        id: "cnn-28",
        name: "Small CNN (28×28)",
        description: "One 3×3 convolution, 2×2 max pooling and a softmax over 10 classes: digits-sized images",
        spec: ModelSpec {
            input: InputSpec::Images { height: 28, width: 28, channels: 1 },
            layers: vec![
                LayerSpec::Conv2D {
                    filters: 8,
                    kernel_size: [3, 3],
                    strides: [1, 1],
                    padding: Padding::Valid,
                    activation: Activation::Relu,
                },
                LayerSpec::MaxPool2D { pool_size: [2, 2], strides: None, padding: Padding::Valid },
                LayerSpec::Flatten,
                LayerSpec::Dense { units: 10, activation: Activation::Softmax },
            ],
            loss: LossSpec::CategoricalCrossEntropy,
        },
    }
}

/// One-block Transformer for text: Embedding(vocab, 32) → MultiHeadSelfAttention(4 heads) →
/// GlobalAveragePooling1D → Dense(16, relu) → the [`suggest_output`] layer and loss for `task`.
pub fn tiny_transformer(vocab_size: usize, seq_len: usize, task: Task) -> Preset {
    let (out, loss) = suggest_output(task);
    Preset {
        id: "transformer",
        name: "Tiny Transformer",
        description: "Word vectors plus positions, one self-attention block, then an average: words see their context",
        spec: ModelSpec {
            input: InputSpec::Tokens { seq_len, vocab_size },
            layers: vec![
                LayerSpec::Embedding { input_dim: vocab_size, output_dim: 32 },
                LayerSpec::MultiHeadSelfAttention { num_heads: 4, key_dim: None, dropout: 0.0 },
                LayerSpec::GlobalAveragePooling1D,
                LayerSpec::Dense { units: 16, activation: Activation::Relu },
                out,
            ],
            loss,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_for_its_task() {
        let presets = [
            (reference_sentiment(10_000, 500), Task::Binary, 160_289),
            (small_mlp(4, Task::MultiClass { classes: 3 }), Task::MultiClass { classes: 3 }, 403),
            (small_mlp(2, Task::Regression), Task::Regression, 337),
            (small_mlp(2, Task::Binary), Task::Binary, 337),
            (small_cnn(), Task::MultiClass { classes: 10 }, 13_610),
            // 100·32 + 4·(32·32 + 32) + 20·32 + (32·16 + 16) + (16 + 1)
            (tiny_transformer(100, 20, Task::Binary), Task::Binary, 8_609),
        ];
        for (p, task, params) in presets {
            assert!(!p.name.is_empty() && !p.description.is_empty() && !p.id.is_empty());
            let s = p.spec.summary_for(task).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert_eq!(s.total_params, params, "{}", p.id);
        }
    }

    #[test]
    fn cnn_preset_matches_keras_summary() {
        let s = small_cnn().spec.summary().expect("valid");
        let shapes: Vec<String> = s.layers.iter().map(|l| l.output.to_string()).collect();
        assert_eq!(shapes, ["(None, 26, 26, 8)", "(None, 13, 13, 8)", "(None, 1352)", "(None, 10)"]);
        let names: Vec<&str> = s.layers.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Conv2D (relu)", "MaxPool2D", "Flatten", "Dense (softmax)"]);
    }

    #[test]
    fn suggested_outputs_fit_their_tasks() {
        for task in [Task::Binary, Task::MultiClass { classes: 5 }, Task::Regression] {
            let (out, loss) = suggest_output(task);
            let mut spec = small_mlp(3, task).spec;
            spec.layers.pop();
            spec.layers.push(out);
            spec.loss = loss;
            spec.summary_for(task).expect("fits");
        }
    }
}
