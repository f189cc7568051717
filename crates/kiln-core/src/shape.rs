//! Shape inference, validation and parameter counting for a [`ModelSpec`].
//!
//! Parameter counts follow Keras' `model.summary()`: Embedding `input_dim × output_dim`;
//! Dense `in × units + units` (weights plus biases); pooling layers have none.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::spec::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, SpecError};

/// Largest size accepted for any one dimension setting: keeps a typo (1e9 units) from
/// allocating the browser to death.
pub const MAX_DIM: usize = 1 << 20;
/// Largest parameter count a model may have in the browser (about 256 MiB of f32 weights, before
/// gradients and optimizer state).
pub const MAX_PARAMS: usize = 64 << 20;

/// The shape of one example's activations (batch dimension implicit, shown as `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// Integer token ids `[batch, seq_len]`.
    Tokens {
        /// Sequence length.
        seq_len: usize,
        /// Number of distinct ids the data may contain.
        vocab_size: usize,
    },
    /// A sequence of vectors `[batch, seq_len, features]`.
    Sequence {
        /// Sequence length.
        seq_len: usize,
        /// Features per position.
        features: usize,
    },
    /// A flat vector `[batch, features]`.
    Vector {
        /// Features per example.
        features: usize,
    },
}

impl fmt::Display for Shape {
    /// Keras style: `(None, 500)`, `(None, 500, 16)`, `(None, 16)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Tokens { seq_len, .. } => write!(f, "(None, {seq_len})"),
            Shape::Sequence { seq_len, features } => write!(f, "(None, {seq_len}, {features})"),
            Shape::Vector { features } => write!(f, "(None, {features})"),
        }
    }
}

/// One row of the model summary table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerSummary {
    /// Display name, e.g. `Dense (relu)`.
    pub name: String,
    /// Output shape of this layer.
    pub output: Shape,
    /// Trainable parameters in this layer.
    pub params: usize,
}

/// The model summary: one row per layer and the total parameter count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSummary {
    /// Input shape.
    pub input: Shape,
    /// One entry per layer, in order.
    pub layers: Vec<LayerSummary>,
    /// Sum of all layers' parameters.
    pub total_params: usize,
}

impl ModelSpec {
    /// Infers every layer's output shape and parameter count, validating the spec.
    ///
    /// # Errors
    /// [`SpecError`] naming the first layer that does not fit, with a hint on how to fix it; or
    /// [`SpecError::OutputMismatch`] when the last layer does not suit the loss.
    pub fn summary(&self) -> Result<ModelSummary, SpecError> {
        if self.layers.is_empty() {
            return Err(SpecError::Empty);
        }
        let input = match self.input {
            InputSpec::Tokens { seq_len, vocab_size } => {
                check_dim(0, "Input", "sequence length", seq_len)?;
                check_dim(0, "Input", "vocabulary size", vocab_size)?;
                Shape::Tokens { seq_len, vocab_size }
            }
            InputSpec::Features { width } => {
                check_dim(0, "Input", "feature count", width)?;
                Shape::Vector { features: width }
            }
        };
        let mut shape = input;
        let mut rows = Vec::with_capacity(self.layers.len());
        let mut total: usize = 0;
        for (index, layer) in self.layers.iter().enumerate() {
            let (output, params) = infer_layer(index, layer, shape)?;
            total = total.saturating_add(params);
            if total > MAX_PARAMS {
                return Err(SpecError::BadSetting {
                    index,
                    kind: layer.kind(),
                    message: format!(
                        "the model would have over {MAX_PARAMS} parameters, too many to train in a browser; use fewer units"
                    ),
                });
            }
            let name = match layer {
                LayerSpec::Dense { activation, .. } if *activation != Activation::Linear => {
                    format!("Dense ({})", activation.name())
                }
                other => other.kind().to_string(),
            };
            rows.push(LayerSummary { name, output, params });
            shape = output;
        }
        check_output(self, shape)?;
        Ok(ModelSummary { input, layers: rows, total_params: total })
    }
}

fn check_dim(index: usize, kind: &'static str, what: &str, value: usize) -> Result<(), SpecError> {
    if value == 0 || value > MAX_DIM {
        return Err(SpecError::BadSetting {
            index,
            kind,
            message: format!("{what} must be between 1 and {MAX_DIM}, got {value}"),
        });
    }
    Ok(())
}

fn infer_layer(index: usize, layer: &LayerSpec, input: Shape) -> Result<(Shape, usize), SpecError> {
    let kind = layer.kind();
    let mismatch =
        |hint: &str| SpecError::ShapeMismatch { index, kind, input: input.to_string(), hint: hint.to_string() };
    match *layer {
        LayerSpec::Embedding { input_dim, output_dim } => {
            check_dim(index, kind, "input_dim (vocabulary rows)", input_dim)?;
            check_dim(index, kind, "output_dim (vector length)", output_dim)?;
            let Shape::Tokens { seq_len, vocab_size } = input else {
                return Err(mismatch("Embedding takes integer token ids; put it first, on a text data set"));
            };
            if input_dim < vocab_size {
                return Err(SpecError::BadSetting {
                    index,
                    kind,
                    message: format!(
                        "input_dim {input_dim} is smaller than the data's vocabulary ({vocab_size} ids); set input_dim to at least {vocab_size}"
                    ),
                });
            }
            Ok((Shape::Sequence { seq_len, features: output_dim }, input_dim * output_dim))
        }
        LayerSpec::GlobalAveragePooling1D => match input {
            Shape::Sequence { features, .. } => Ok((Shape::Vector { features }, 0)),
            _ => Err(mismatch("GlobalAveragePooling1D averages a sequence; put it after an Embedding")),
        },
        LayerSpec::Dense { units, .. } => {
            check_dim(index, kind, "units", units)?;
            match input {
                Shape::Vector { features } => Ok((Shape::Vector { features: units }, features * units + units)),
                Shape::Sequence { .. } => {
                    Err(mismatch("Dense here takes a flat vector; add GlobalAveragePooling1D before it"))
                }
                Shape::Tokens { .. } => {
                    Err(mismatch("token ids are not features; start the model with an Embedding layer"))
                }
            }
        }
    }
}

fn check_output(spec: &ModelSpec, output: Shape) -> Result<(), SpecError> {
    match spec.loss {
        LossSpec::BinaryCrossEntropy => {
            let ok_shape = output == Shape::Vector { features: 1 };
            let last_act = match spec.layers.last() {
                Some(LayerSpec::Dense { activation, .. }) => Some(*activation),
                _ => None,
            };
            if !ok_shape {
                return Err(SpecError::OutputMismatch(format!(
                    "binary cross-entropy needs one output unit, the model ends with {output}; make the last layer Dense(1, sigmoid)"
                )));
            }
            if last_act != Some(Activation::Sigmoid) {
                return Err(SpecError::OutputMismatch(
                    "binary cross-entropy needs a probability; give the last Dense layer a sigmoid activation".into(),
                ));
            }
            Ok(())
        }
        LossSpec::CategoricalCrossEntropy => match output {
            Shape::Vector { features } if features >= 2 => Ok(()),
            _ => Err(SpecError::OutputMismatch(format!(
                "categorical cross-entropy needs one output unit per class (at least 2), the model ends with {output}"
            ))),
        },
        LossSpec::MeanSquaredError => match output {
            Shape::Vector { features: 1 } => Ok(()),
            _ => Err(SpecError::OutputMismatch(format!(
                "mean squared error needs one output unit, the model ends with {output}; make the last layer Dense(1)"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_model_matches_keras_summary() {
        let s = ModelSpec::reference_sentiment(10_000, 500).summary().expect("valid");
        let shapes: Vec<String> = s.layers.iter().map(|l| l.output.to_string()).collect();
        assert_eq!(shapes, ["(None, 500, 16)", "(None, 16)", "(None, 16)", "(None, 1)"]);
        let params: Vec<usize> = s.layers.iter().map(|l| l.params).collect();
        // Keras: 10000*16, 0, 16*16+16, 16*1+1.
        assert_eq!(params, [160_000, 0, 272, 17]);
        assert_eq!(s.total_params, 160_289);
        assert_eq!(s.input.to_string(), "(None, 500)");
    }

    fn err(spec: ModelSpec) -> String {
        spec.summary().expect_err("should be invalid").to_string()
    }

    #[test]
    fn invalid_specs_say_what_to_fix() {
        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers.remove(1);
        assert!(err(s).contains("add GlobalAveragePooling1D"));

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers[0] = LayerSpec::Embedding { input_dim: 50, output_dim: 16 };
        assert!(err(s).contains("at least 10000"));

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers[3] = LayerSpec::Dense { units: 3, activation: Activation::Sigmoid };
        assert!(err(s).contains("one output unit"));

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers[3] = LayerSpec::Dense { units: 1, activation: Activation::Relu };
        assert!(err(s).contains("sigmoid"));

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers[2] = LayerSpec::Dense { units: 0, activation: Activation::Relu };
        assert!(err(s).contains("units must be between 1"));

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers.clear();
        assert_eq!(err(s), SpecError::Empty.to_string());

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers.remove(0);
        assert!(err(s).contains("GlobalAveragePooling1D averages a sequence"));

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.input = InputSpec::Features { width: 4 };
        assert!(err(s).contains("put it first, on a text data set"));

        let mut s = ModelSpec::reference_sentiment(10_000, 100);
        s.layers[2] = LayerSpec::Dense { units: MAX_DIM, activation: Activation::Relu };
        s.layers.insert(3, LayerSpec::Dense { units: MAX_DIM, activation: Activation::Relu });
        assert!(err(s).contains("too many to train"));
    }

    #[test]
    fn spec_round_trips_through_json() {
        let spec = ModelSpec::reference_sentiment(10_000, 500);
        let json = spec.to_json();
        assert!(json.contains("\"GlobalAveragePooling1D\""));
        assert_eq!(ModelSpec::from_json(&json).expect("parses"), spec);
    }

    #[test]
    fn hostile_json_is_an_error_not_a_panic() {
        for text in ["", "{", "[]", "{\"input\":1}", "{\"layers\":[{\"type\":\"Nope\"}]}", "\u{0}"] {
            assert!(matches!(ModelSpec::from_json(text), Err(SpecError::Json(_))), "{text:?}");
        }
    }
}
