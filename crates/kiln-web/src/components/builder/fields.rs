//! The editable settings of each layer kind, as the builder's layer list shows them: which
//! fields a layer has (Keras names, one-line help, current value), the `min` / `max` of their
//! inputs (from [`kiln_core::limits`]), and how a typed value becomes an edited layer. Pure, so it
//! is tested on the host.

use kiln_core::limits::{BN_MOMENTUM, DROPOUT_RATE, EPSILON, LAYER_SIZE};
use kiln_core::{Activation, LayerSpec, Padding};
use kiln_i18n::Msg;

/// The value of one editable setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue {
    /// A whole number.
    Int(usize),
    /// A whole number or empty (automatic).
    OptInt(Option<usize>),
    /// A real number.
    Float(f64),
    /// Height × width.
    Pair([usize; 2]),
    /// Height × width, or empty (automatic).
    OptPair(Option<[usize; 2]>),
    /// An activation.
    Act(Activation),
    /// Border handling.
    Pad(Padding),
}

/// One editable setting of a layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The Keras field name (also the input's `data-field`).
    pub key: &'static str,
    /// The message id of its one-line tooltip (`model-help-…` in `model.ftl`).
    pub help: &'static str,
    /// The current value.
    pub value: FieldValue,
}

const fn field(key: &'static str, help: &'static str, value: FieldValue) -> Field {
    Field { key, help, value }
}

/// The `min` / `max` of a setting's number input, from [`kiln_core::limits`] (the same ranges
/// the spec checks use).
pub fn input_bounds(key: &str) -> (String, Option<String>) {
    let float = |r: kiln_core::limits::FloatRange| (r.min.to_string(), Some(r.max.to_string()));
    match key {
        "rate" | "dropout" => float(DROPOUT_RATE),
        "epsilon" => float(EPSILON),
        "momentum" => float(BN_MOMENTUM),
        _ => (LAYER_SIZE.min.to_string(), Some(LAYER_SIZE.max.to_string())),
    }
}

const H_ACT: &str = "model-help-activation";
const H_PAD: &str = "model-help-padding";
const H_FILTERS: &str = "model-help-filters";

/// The editable settings of `layer`, in display order.
pub fn fields(layer: &LayerSpec) -> Vec<Field> {
    use FieldValue as V;
    match *layer {
        LayerSpec::Embedding { input_dim, output_dim } => vec![
            field("input_dim", "model-help-input-dim", V::Int(input_dim)),
            field("output_dim", "model-help-output-dim", V::Int(output_dim)),
        ],
        LayerSpec::Dense { units, activation } => {
            vec![field("units", "model-help-units", V::Int(units)), field("activation", H_ACT, V::Act(activation))]
        }
        LayerSpec::Conv1D { filters, kernel_size, strides, padding, activation } => vec![
            field("filters", H_FILTERS, V::Int(filters)),
            field("kernel_size", "model-help-kernel-size", V::Int(kernel_size)),
            field("strides", "model-help-strides", V::Int(strides)),
            field("padding", H_PAD, V::Pad(padding)),
            field("activation", H_ACT, V::Act(activation)),
        ],
        LayerSpec::Conv2D { filters, kernel_size, strides, padding, activation } => vec![
            field("filters", H_FILTERS, V::Int(filters)),
            field("kernel_size", "model-help-kernel-size-2", V::Pair(kernel_size)),
            field("strides", "model-help-strides-2", V::Pair(strides)),
            field("padding", H_PAD, V::Pad(padding)),
            field("activation", H_ACT, V::Act(activation)),
        ],
        LayerSpec::MaxPool2D { pool_size, strides, padding }
        | LayerSpec::AveragePool2D { pool_size, strides, padding } => vec![
            field("pool_size", "model-help-pool-size", V::Pair(pool_size)),
            field("strides", "model-help-strides-3", V::OptPair(strides)),
            field("padding", H_PAD, V::Pad(padding)),
        ],
        LayerSpec::Dropout { rate } => {
            vec![field("rate", "model-help-rate", V::Float(rate))]
        }
        LayerSpec::BatchNormalization { epsilon, momentum } => vec![
            field("epsilon", "model-help-epsilon", V::Float(epsilon)),
            field("momentum", "model-help-momentum", V::Float(momentum)),
        ],
        LayerSpec::LayerNormalization { epsilon } => {
            vec![field("epsilon", "model-help-epsilon", V::Float(epsilon))]
        }
        LayerSpec::MultiHeadSelfAttention { num_heads, key_dim, dropout } => vec![
            field("num_heads", "model-help-num-heads", V::Int(num_heads)),
            field("key_dim", "model-help-key-dim", V::OptInt(key_dim)),
            field("dropout", "model-help-dropout", V::Float(dropout)),
        ],
        LayerSpec::Activation { activation } => vec![field("activation", H_ACT, V::Act(activation))],
        LayerSpec::GlobalAveragePooling1D | LayerSpec::GlobalMaxPooling1D | LayerSpec::Flatten => Vec::new(),
    }
}

/// `layer` with setting `key` (part 0 = height, 1 = width of a pair) set from the typed `text`.
/// Numbers that parse are accepted even when out of range: the live validation then names the
/// problem on the layer.
///
/// # Errors
/// A message when `text` is not a number (or not an activation / padding name) or `key` is not a
/// setting of this layer.
pub fn set_field(layer: &LayerSpec, key: &str, part: usize, text: &str) -> Result<LayerSpec, Msg> {
    let t = text.trim();
    let bad = |id: &'static str| Msg::new(id).arg("key", key).arg("value", t);
    let int = || t.parse::<usize>().map_err(|_| bad("model-error-int"));
    let float = || t.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| bad("model-error-float"));
    let act = || Activation::parse(t).ok_or_else(|| bad("model-error-activation"));
    let pad = || Padding::parse(t).ok_or_else(|| bad("model-error-padding"));
    let part = part.min(1);
    let mut l = layer.clone();
    match (&mut l, key) {
        (LayerSpec::Embedding { input_dim: v, .. }, "input_dim")
        | (LayerSpec::Embedding { output_dim: v, .. }, "output_dim")
        | (LayerSpec::Dense { units: v, .. }, "units")
        | (LayerSpec::Conv1D { filters: v, .. } | LayerSpec::Conv2D { filters: v, .. }, "filters")
        | (LayerSpec::Conv1D { kernel_size: v, .. }, "kernel_size")
        | (LayerSpec::Conv1D { strides: v, .. }, "strides")
        | (LayerSpec::MultiHeadSelfAttention { num_heads: v, .. }, "num_heads") => *v = int()?,
        (LayerSpec::Conv2D { kernel_size: p, .. }, "kernel_size")
        | (LayerSpec::Conv2D { strides: p, .. }, "strides")
        | (LayerSpec::MaxPool2D { pool_size: p, .. } | LayerSpec::AveragePool2D { pool_size: p, .. }, "pool_size") => {
            p[part] = int()?;
        }
        (LayerSpec::MaxPool2D { strides, .. } | LayerSpec::AveragePool2D { strides, .. }, "strides") => {
            if t.is_empty() {
                *strides = None;
            } else {
                let n = int()?;
                let mut p = strides.unwrap_or([n, n]);
                p[part] = n;
                *strides = Some(p);
            }
        }
        (LayerSpec::MultiHeadSelfAttention { key_dim, .. }, "key_dim") => {
            *key_dim = if t.is_empty() { None } else { Some(int()?) };
        }
        (LayerSpec::Dropout { rate: x }, "rate")
        | (
            LayerSpec::BatchNormalization { epsilon: x, .. } | LayerSpec::LayerNormalization { epsilon: x },
            "epsilon",
        )
        | (LayerSpec::BatchNormalization { momentum: x, .. }, "momentum")
        | (LayerSpec::MultiHeadSelfAttention { dropout: x, .. }, "dropout") => *x = float()?,
        (
            LayerSpec::Dense { activation, .. }
            | LayerSpec::Conv1D { activation, .. }
            | LayerSpec::Conv2D { activation, .. }
            | LayerSpec::Activation { activation },
            "activation",
        ) => *activation = act()?,
        (
            LayerSpec::Conv1D { padding, .. }
            | LayerSpec::Conv2D { padding, .. }
            | LayerSpec::MaxPool2D { padding, .. }
            | LayerSpec::AveragePool2D { padding, .. },
            "padding",
        ) => *padding = pad()?,
        _ => return Err(Msg::new("model-error-no-setting").arg("layer", layer.kind()).arg("key", key)),
    }
    Ok(l)
}
