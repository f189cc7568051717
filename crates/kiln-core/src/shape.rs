//! Shape inference, validation and parameter counting for a [`ModelSpec`].
//!
//! Parameter counts follow Keras' `model.summary()` (and equal burn's trainable parameters):
//!
//! | layer | parameters | source |
//! |---|---|---|
//! | Embedding | `input_dim·output_dim` | Keras `Embedding` |
//! | Dense | `in·units + units` | Keras `Dense`, PyTorch `nn.Linear` |
//! | Conv1D | `k·c_in·filters + filters` | Keras `Conv1D`, PyTorch `nn.Conv1d` |
//! | Conv2D | `k_h·k_w·c_in·filters + filters` | Keras `Conv2D`, PyTorch `nn.Conv2d` |
//! | BatchNormalization | `2·c` trainable (γ, β) + `2·c` non-trainable (running mean, variance) | Keras |
//! | LayerNormalization | `2·d` (γ, β) | Keras, PyTorch `nn.LayerNorm` |
//! | MultiHeadSelfAttention | `4·(d·d + d)` + `seq_len·d` | burn `MultiHeadAttention` (4 `d→d` projections with bias) + position table |
//! | pooling, Flatten, Dropout, Activation | 0 | |
//!
//! Unlike Keras' "Param #" column (which includes BatchNormalization's running statistics),
//! [`LayerSummary::params`] and [`ModelSummary::total_params`] count *trainable* parameters (Keras'
//! "Trainable params", what the optimizer updates); the running statistics are reported apart in
//! [`LayerSummary::non_trainable`] / [`ModelSummary::non_trainable_params`].
//!
//! Output lengths of convolutions and 2-D pooling, per spatial axis with input `n`, window `k` and
//! stride `s` (Keras / TensorFlow conventions): `"valid"`: `floor((n - k) / s) + 1` (requires
//! `k ≤ n`); `"same"`: `ceil(n / s)`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::limits::{BN_MOMENTUM, DROPOUT_RATE, EPSILON, FloatRange, LAYER_SIZE, MAX_PARAMS, MAX_VALUES};
use crate::spec::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, Padding, SpecError, Task};

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
    /// A channels-last image `[batch, height, width, channels]`.
    Image {
        /// Rows.
        height: usize,
        /// Columns.
        width: usize,
        /// Channels (feature maps).
        channels: usize,
    },
}

impl Shape {
    /// Values per example (saturating): `seq_len`, `seq_len·features`, `features` or `h·w·c`.
    pub fn values(&self) -> usize {
        match *self {
            Shape::Tokens { seq_len, .. } => seq_len,
            Shape::Sequence { seq_len, features } => seq_len.saturating_mul(features),
            Shape::Vector { features } => features,
            Shape::Image { height, width, channels } => height.saturating_mul(width).saturating_mul(channels),
        }
    }

    /// Size of the last axis (the axis Dense-like layers, normalisation and softmax act on).
    pub fn last_axis(&self) -> usize {
        match *self {
            Shape::Tokens { seq_len, .. } => seq_len,
            Shape::Sequence { features, .. } | Shape::Vector { features } => features,
            Shape::Image { channels, .. } => channels,
        }
    }
}

impl fmt::Display for Shape {
    /// Keras style: `(None, 500)`, `(None, 500, 16)`, `(None, 16)`, `(None, 28, 28, 1)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Tokens { seq_len, .. } => write!(f, "(None, {seq_len})"),
            Shape::Sequence { seq_len, features } => write!(f, "(None, {seq_len}, {features})"),
            Shape::Vector { features } => write!(f, "(None, {features})"),
            Shape::Image { height, width, channels } => write!(f, "(None, {height}, {width}, {channels})"),
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
    /// Non-trainable parameters (BatchNormalization's running mean and variance).
    #[serde(default)]
    pub non_trainable: usize,
}

/// The model summary: one row per layer and the total parameter count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSummary {
    /// Input shape.
    pub input: Shape,
    /// One entry per layer, in order.
    pub layers: Vec<LayerSummary>,
    /// Sum of all layers' trainable parameters (Keras "Trainable params").
    pub total_params: usize,
    /// Sum of all layers' non-trainable parameters (Keras "Non-trainable params").
    #[serde(default)]
    pub non_trainable_params: usize,
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
        let input = input_shape(&self.input)?;
        let (rows, error) = walk_layers(&self.layers, input);
        if let Some(e) = error {
            return Err(e);
        }
        let shape = rows.last().map_or(input, |r| r.output);
        check_output(self, shape)?;
        let total = rows.iter().fold(0usize, |a, r| a.saturating_add(r.params));
        let frozen = rows.iter().fold(0usize, |a, r| a.saturating_add(r.non_trainable));
        Ok(ModelSummary { input, layers: rows, total_params: total, non_trainable_params: frozen })
    }

    /// The rows of the layers that fit, in order, stopping at the first that does not, and that
    /// layer's error (or the input's). For an editor that shows every valid layer's shape while one
    /// is wrong: `rows.len()` is the index of the offending layer. Unlike [`ModelSpec::summary`] it
    /// does not check the output against the loss, and an empty spec gives no rows and no error.
    pub fn layer_rows(&self) -> (Vec<LayerSummary>, Option<SpecError>) {
        match input_shape(&self.input) {
            Ok(input) => walk_layers(&self.layers, input),
            Err(e) => (Vec::new(), Some(e)),
        }
    }

    /// Like [`ModelSpec::summary`], and also checks that the output and loss suit the data's
    /// task: e.g. a 1-unit sigmoid output cannot tell 3 classes apart, and categorical
    /// cross-entropy needs one output unit per class.
    ///
    /// # Errors
    /// Every error of [`ModelSpec::summary`], then [`SpecError::OutputMismatch`] saying how to
    /// change the last layer and loss for `task`.
    pub fn summary_for(&self, task: Task) -> Result<ModelSummary, SpecError> {
        let summary = self.summary()?;
        let units = summary.layers.last().map_or(0, |l| l.output.last_axis());
        check_task(self.loss, units, task)?;
        Ok(summary)
    }

    /// The activation of the last layer (Dense, Conv or Activation), if it has one.
    pub fn output_activation(&self) -> Option<Activation> {
        self.layers.last().and_then(LayerSpec::activation)
    }
}

/// Infers each layer in turn from `input`, with the model-wide limits (parameter count, values
/// per example, softmax over one value); stops at the first error.
fn walk_layers(layers: &[LayerSpec], input: Shape) -> (Vec<LayerSummary>, Option<SpecError>) {
    let mut shape = input;
    let mut rows = Vec::with_capacity(layers.len());
    let (mut total, mut frozen) = (0usize, 0usize);
    for (index, layer) in layers.iter().enumerate() {
        let kind = layer.kind();
        let (output, params, non_trainable) = match infer_layer(index, layer, shape) {
            Ok(r) => r,
            Err(e) => return (rows, Some(e)),
        };
        total = total.saturating_add(params);
        frozen = frozen.saturating_add(non_trainable);
        if total.saturating_add(frozen) > MAX_PARAMS {
            let message = format!(
                "the model would have over {MAX_PARAMS} parameters, too many to train in a browser; use fewer units"
            );
            return (rows, Some(bad(index, kind, message)));
        }
        if output.values() > MAX_VALUES {
            let message = format!(
                "its output {output} would hold over {MAX_VALUES} values per example; use fewer filters or units, or pool first"
            );
            return (rows, Some(bad(index, kind, message)));
        }
        if layer.activation() == Some(Activation::Softmax) && output.last_axis() == 1 {
            let message = "softmax over a single value always outputs 1.0; use sigmoid for one unit, or at least 2 units for softmax";
            return (rows, Some(bad(index, kind, message.into())));
        }
        rows.push(LayerSummary { name: layer.display_name(), output, params, non_trainable });
        shape = output;
    }
    (rows, None)
}

fn bad(index: usize, kind: &'static str, message: String) -> SpecError {
    SpecError::BadSetting { index, kind, message }
}

fn check_dim(index: usize, kind: &'static str, what: &str, value: usize) -> Result<(), SpecError> {
    if !LAYER_SIZE.contains(value) {
        let (lo, hi) = (LAYER_SIZE.min, LAYER_SIZE.max);
        return Err(bad(index, kind, format!("{what} must be between {lo} and {hi}, got {value}")));
    }
    Ok(())
}

fn input_shape(input: &InputSpec) -> Result<Shape, SpecError> {
    let shape = match *input {
        InputSpec::Tokens { seq_len, vocab_size } => {
            check_dim(0, "Input", "sequence length", seq_len)?;
            check_dim(0, "Input", "vocabulary size", vocab_size)?;
            Shape::Tokens { seq_len, vocab_size }
        }
        InputSpec::Features { width } => {
            check_dim(0, "Input", "feature count", width)?;
            Shape::Vector { features: width }
        }
        InputSpec::Images { height, width, channels } => {
            check_dim(0, "Input", "image height", height)?;
            check_dim(0, "Input", "image width", width)?;
            check_dim(0, "Input", "image channels", channels)?;
            Shape::Image { height, width, channels }
        }
    };
    if shape.values() > MAX_VALUES {
        return Err(bad(
            0,
            "Input",
            format!("one example {shape} would hold over {MAX_VALUES} values; use smaller images"),
        ));
    }
    Ok(shape)
}

/// Output length along one axis: `"valid"`: `floor((n - k) / s) + 1`, `None` when `k > n`;
/// `"same"`: `ceil(n / s)`. `s ≥ 1` is checked by the caller.
pub fn output_len(n: usize, k: usize, s: usize, padding: Padding) -> Option<usize> {
    match padding {
        Padding::Valid => (k <= n).then(|| (n - k) / s.max(1) + 1),
        Padding::Same => Some(n.div_ceil(s.max(1))),
    }
}

/// Parameters `a·b + bias` with saturation (sizes are capped later by [`MAX_PARAMS`]; on wasm32
/// `usize` is 32 bits, so a plain product of two [`MAX_DIM`](crate::limits::MAX_DIM)s would overflow).
fn weights(factors: &[usize], bias: usize) -> usize {
    factors.iter().fold(1usize, |acc, &f| acc.saturating_mul(f)).saturating_add(bias)
}

/// Checks a real-valued setting against its range; `hint` follows the message.
fn check_in(
    index: usize,
    kind: &'static str,
    what: &str,
    range: FloatRange,
    x: f64,
    hint: &str,
) -> Result<(), SpecError> {
    if range.contains(x) { Ok(()) } else { Err(bad(index, kind, format!("{what} must be {range}, got {x}; {hint}"))) }
}

fn check_rate(index: usize, kind: &'static str, what: &str, rate: f64) -> Result<(), SpecError> {
    check_in(index, kind, what, DROPOUT_RATE, rate, "0.5 drops half the values, 0 none")
}

fn check_epsilon(index: usize, kind: &'static str, epsilon: f64) -> Result<(), SpecError> {
    check_in(index, kind, "epsilon", EPSILON, epsilon, "Keras uses 0.001")
}

/// `(output shape, trainable parameters, non-trainable parameters)` of one layer.
fn infer_layer(index: usize, layer: &LayerSpec, input: Shape) -> Result<(Shape, usize, usize), SpecError> {
    let kind = layer.kind();
    let mismatch =
        |hint: &str| SpecError::ShapeMismatch { index, kind, input: input.to_string(), hint: hint.to_string() };
    let tokens_hint = "token ids are not features; start the model with an Embedding layer";
    match *layer {
        LayerSpec::Embedding { input_dim, output_dim } => {
            check_dim(index, kind, "input_dim (vocabulary rows)", input_dim)?;
            check_dim(index, kind, "output_dim (vector length)", output_dim)?;
            let Shape::Tokens { seq_len, vocab_size } = input else {
                return Err(mismatch("Embedding takes integer token ids; put it first, on a text data set"));
            };
            if input_dim < vocab_size {
                return Err(bad(
                    index,
                    kind,
                    format!(
                        "input_dim {input_dim} is smaller than the data's vocabulary ({vocab_size} ids); set input_dim to at least {vocab_size}"
                    ),
                ));
            }
            Ok((Shape::Sequence { seq_len, features: output_dim }, weights(&[input_dim, output_dim], 0), 0))
        }
        LayerSpec::GlobalAveragePooling1D | LayerSpec::GlobalMaxPooling1D => {
            let verb =
                if matches!(layer, LayerSpec::GlobalMaxPooling1D) { "takes the maximum over" } else { "averages" };
            match input {
                Shape::Sequence { features, .. } => Ok((Shape::Vector { features }, 0, 0)),
                Shape::Tokens { .. } => {
                    Err(mismatch(&format!("{kind} {verb} a sequence of vectors; put an Embedding before it")))
                }
                Shape::Vector { .. } => Err(mismatch(&format!(
                    "{kind} {verb} a sequence (None, n, f) but gets a flat vector; put it after an Embedding, Conv1D or attention layer, or remove it"
                ))),
                Shape::Image { .. } => Err(mismatch(&format!(
                    "{kind} {verb} a sequence, not an image; use MaxPool2D / AveragePool2D and Flatten for images"
                ))),
            }
        }
        LayerSpec::Dense { units, .. } => {
            check_dim(index, kind, "units", units)?;
            match input {
                Shape::Vector { features } => {
                    Ok((Shape::Vector { features: units }, weights(&[features, units], units), 0))
                }
                Shape::Sequence { .. } => {
                    Err(mismatch("Dense here takes a flat vector; add GlobalAveragePooling1D (or Flatten) before it"))
                }
                Shape::Image { .. } => Err(mismatch("Dense takes a flat vector, not an image; add Flatten before it")),
                Shape::Tokens { .. } => Err(mismatch(tokens_hint)),
            }
        }
        LayerSpec::Conv1D { filters, kernel_size, strides, padding, .. } => {
            check_dim(index, kind, "filters", filters)?;
            check_dim(index, kind, "kernel_size", kernel_size)?;
            check_dim(index, kind, "strides", strides)?;
            let Shape::Sequence { seq_len, features } = input else {
                return Err(match input {
                    Shape::Tokens { .. } => {
                        mismatch("Conv1D needs a sequence of vectors (None, n, c); put an Embedding before it")
                    }
                    Shape::Image { .. } => {
                        mismatch("Conv1D slides along a sequence (None, n, c); use Conv2D for images")
                    }
                    _ => mismatch(
                        "Conv1D needs a sequence (None, n, c) but gets a flat vector; use Dense for flat features",
                    ),
                });
            };
            let Some(len) = output_len(seq_len, kernel_size, strides, padding) else {
                return Err(bad(
                    index,
                    kind,
                    format!(
                        "kernel_size {kernel_size} is longer than its input sequence ({seq_len}); use a smaller kernel or padding \"same\""
                    ),
                ));
            };
            Ok((
                Shape::Sequence { seq_len: len, features: filters },
                weights(&[kernel_size, features, filters], filters),
                0,
            ))
        }
        LayerSpec::Conv2D { filters, kernel_size, strides, padding, .. } => {
            check_dim(index, kind, "filters", filters)?;
            check_pair(index, kind, "kernel_size", kernel_size)?;
            check_pair(index, kind, "strides", strides)?;
            let (height, width, channels) = image(input, &mismatch, "Conv2D", "use Conv1D for sequences")?;
            let (h, w) = window(index, kind, "kernel_size", (height, width), kernel_size, strides, padding)?;
            let params = weights(&[kernel_size[0], kernel_size[1], channels, filters], filters);
            Ok((Shape::Image { height: h, width: w, channels: filters }, params, 0))
        }
        LayerSpec::MaxPool2D { pool_size, strides, padding }
        | LayerSpec::AveragePool2D { pool_size, strides, padding } => {
            let strides = strides.unwrap_or(pool_size);
            check_pair(index, kind, "pool_size", pool_size)?;
            check_pair(index, kind, "strides", strides)?;
            let (height, width, channels) =
                image(input, &mismatch, kind, "use GlobalMaxPooling1D / GlobalAveragePooling1D for sequences")?;
            let (h, w) = window(index, kind, "pool_size", (height, width), pool_size, strides, padding)?;
            Ok((Shape::Image { height: h, width: w, channels }, 0, 0))
        }
        LayerSpec::Flatten => match input {
            Shape::Tokens { .. } => Err(mismatch(tokens_hint)),
            other => Ok((Shape::Vector { features: other.values() }, 0, 0)),
        },
        LayerSpec::Dropout { rate } => {
            check_rate(index, kind, "rate", rate)?;
            match input {
                Shape::Tokens { .. } => Err(mismatch("Dropout cannot drop token ids; put it after the Embedding")),
                other => Ok((other, 0, 0)),
            }
        }
        LayerSpec::BatchNormalization { epsilon, momentum } => {
            check_epsilon(index, kind, epsilon)?;
            check_in(index, kind, "momentum", BN_MOMENTUM, momentum, "Keras uses 0.99")?;
            match input {
                Shape::Tokens { .. } => Err(mismatch(tokens_hint)),
                other => {
                    let c = other.last_axis();
                    Ok((other, weights(&[2, c], 0), weights(&[2, c], 0)))
                }
            }
        }
        LayerSpec::LayerNormalization { epsilon } => {
            check_epsilon(index, kind, epsilon)?;
            match input {
                Shape::Tokens { .. } => Err(mismatch(tokens_hint)),
                other => Ok((other, weights(&[2, other.last_axis()], 0), 0)),
            }
        }
        LayerSpec::MultiHeadSelfAttention { num_heads, key_dim, dropout } => {
            check_dim(index, kind, "num_heads", num_heads)?;
            check_rate(index, kind, "dropout", dropout)?;
            let Shape::Sequence { seq_len, features: d } = input else {
                return Err(match input {
                    Shape::Tokens { .. } => {
                        mismatch("attention mixes vectors, not token ids; put an Embedding before it")
                    }
                    Shape::Image { .. } => {
                        mismatch("MultiHeadSelfAttention needs a sequence (None, n, d); use Conv2D for images")
                    }
                    _ => mismatch(
                        "MultiHeadSelfAttention needs a sequence (None, n, d); put it before the pooling layer",
                    ),
                });
            };
            if !d.is_multiple_of(num_heads) {
                let divisors: Vec<String> =
                    (1..=d.min(64)).filter(|k| d.is_multiple_of(*k)).map(|k| k.to_string()).collect();
                return Err(bad(
                    index,
                    kind,
                    format!(
                        "num_heads {num_heads} does not divide d_model {d} (the input's last axis); use one of {}, or change the Embedding's output_dim",
                        divisors.join(", ")
                    ),
                ));
            }
            let head = d / num_heads;
            if let Some(k) = key_dim
                && k != head
            {
                return Err(bad(
                    index,
                    kind,
                    format!(
                        "key_dim {k} must be d_model / num_heads = {d} / {num_heads} = {head} here (burn's attention projects d_model → d_model); leave key_dim out or change num_heads"
                    ),
                ));
            }
            let params = weights(&[4, weights(&[d, d], d)], 0).saturating_add(weights(&[seq_len, d], 0));
            Ok((input, params, 0))
        }
        LayerSpec::Activation { .. } => match input {
            Shape::Tokens { .. } => Err(mismatch(tokens_hint)),
            other => Ok((other, 0, 0)),
        },
    }
}

fn check_pair(index: usize, kind: &'static str, what: &str, value: [usize; 2]) -> Result<(), SpecError> {
    check_dim(index, kind, &format!("{what} height"), value[0])?;
    check_dim(index, kind, &format!("{what} width"), value[1])
}

/// The `(height, width, channels)` of an image input, or a mismatch naming what `kind` needs.
fn image(
    input: Shape,
    mismatch: &dyn Fn(&str) -> SpecError,
    kind: &str,
    sequence_hint: &str,
) -> Result<(usize, usize, usize), SpecError> {
    match input {
        Shape::Image { height, width, channels } => Ok((height, width, channels)),
        Shape::Sequence { .. } => {
            Err(mismatch(&format!("{kind} needs an image input (None, h, w, c); {sequence_hint}")))
        }
        Shape::Vector { .. } => Err(mismatch(&format!(
            "{kind} needs an image input (None, h, w, c), not a flat vector; use an image data set, or Dense for features"
        ))),
        Shape::Tokens { .. } => Err(mismatch(&format!(
            "{kind} needs an image input (None, h, w, c); token ids need an Embedding (then Conv1D)"
        ))),
    }
}

/// Output `(h, w)` of a 2-D window, or a BadSetting when a `"valid"` window does not fit.
fn window(
    index: usize,
    kind: &'static str,
    what: &str,
    (height, width): (usize, usize),
    size: [usize; 2],
    strides: [usize; 2],
    padding: Padding,
) -> Result<(usize, usize), SpecError> {
    match (output_len(height, size[0], strides[0], padding), output_len(width, size[1], strides[1], padding)) {
        (Some(h), Some(w)) => Ok((h, w)),
        _ => Err(bad(
            index,
            kind,
            format!(
                "{what} {}×{} is larger than its input {height}×{width}; use a smaller {what} or padding \"same\"",
                size[0], size[1]
            ),
        )),
    }
}

fn check_output(spec: &ModelSpec, output: Shape) -> Result<(), SpecError> {
    let last_act = spec.output_activation();
    let flat = matches!(output, Shape::Vector { .. });
    match spec.loss {
        LossSpec::BinaryCrossEntropy => {
            if output != (Shape::Vector { features: 1 }) {
                return Err(SpecError::OutputMismatch(format!(
                    "binary cross-entropy needs one output unit, the model ends with {output}; make the last layer Dense(1, sigmoid)"
                )));
            }
            if last_act != Some(Activation::Sigmoid) {
                return Err(SpecError::OutputMismatch(
                    "binary cross-entropy needs a probability; give the last Dense layer a sigmoid activation".into(),
                ));
            }
        }
        LossSpec::CategoricalCrossEntropy => {
            if !flat {
                return Err(SpecError::OutputMismatch(format!(
                    "categorical cross-entropy needs one output unit per class, the model ends with {output}; end with Flatten (or pooling) and Dense(classes, softmax)"
                )));
            }
            if output.last_axis() < 2 {
                return Err(SpecError::OutputMismatch(
                    "categorical cross-entropy needs at least 2 output units (one per class); for two classes you can also use Dense(1, sigmoid) with binary cross-entropy".into(),
                ));
            }
            if last_act != Some(Activation::Softmax) {
                return Err(SpecError::OutputMismatch(
                    "categorical cross-entropy needs class probabilities; give the last Dense layer a softmax activation"
                        .into(),
                ));
            }
        }
        LossSpec::MeanSquaredError => {
            if !flat {
                return Err(SpecError::OutputMismatch(format!(
                    "mean squared error needs a flat output, the model ends with {output}; end with Flatten (or pooling) and Dense(1)"
                )));
            }
            if let Some(a @ (Activation::Sigmoid | Activation::Softmax)) = last_act {
                return Err(SpecError::OutputMismatch(format!(
                    "mean squared error on a {} output squeezes predictions into (0, 1); use a linear last layer for regression, or a cross-entropy loss for classes",
                    a.id()
                )));
            }
        }
    }
    Ok(())
}

/// Checks the (already validated) output of `units` units and `loss` against the data's task.
fn check_task(loss: LossSpec, units: usize, task: Task) -> Result<(), SpecError> {
    let err = |m: String| Err(SpecError::OutputMismatch(m));
    match (task, loss) {
        (Task::Binary, LossSpec::BinaryCrossEntropy) => Ok(()),
        (Task::Binary, LossSpec::CategoricalCrossEntropy) if units == 2 => Ok(()),
        (Task::Binary, _) => err(format!(
            "the data has two classes but the model uses {} with {units} output units; end with Dense(1, sigmoid) and binary cross-entropy",
            loss.label()
        )),
        (Task::MultiClass { classes }, _) if classes < 2 => {
            err(format!("the data has only {classes} class; a classifier needs at least 2 classes in the labels"))
        }
        (Task::MultiClass { classes: 2 }, LossSpec::BinaryCrossEntropy) => Ok(()),
        (Task::MultiClass { classes }, LossSpec::BinaryCrossEntropy) => err(format!(
            "a 1-unit sigmoid output with binary cross-entropy tells 2 classes apart, but the data has {classes}; end with Dense({classes}, softmax) and categorical cross-entropy"
        )),
        (Task::MultiClass { classes }, LossSpec::CategoricalCrossEntropy) if units != classes => err(format!(
            "the output has {units} units but the data has {classes} classes; make the last layer Dense({classes}, softmax)"
        )),
        (Task::MultiClass { .. }, LossSpec::CategoricalCrossEntropy) => Ok(()),
        (Task::MultiClass { classes }, LossSpec::MeanSquaredError) => err(format!(
            "the data has {classes} classes but the loss is mean squared error; end with Dense({classes}, softmax) and categorical cross-entropy"
        )),
        (Task::Regression, LossSpec::MeanSquaredError) if units != 1 => err(format!(
            "the data has one numeric target but the output has {units} units; make the last layer Dense(1)"
        )),
        (Task::Regression, LossSpec::MeanSquaredError) => Ok(()),
        (Task::Regression, _) => err(format!(
            "the data's target is a number, but {} is for classes; end with a linear Dense(1) and mean squared error",
            loss.label()
        )),
    }
}

#[cfg(test)]
#[path = "shape_tests.rs"]
mod tests;
