//! Step 2, Model: the visual model builder. A palette of Keras layers, the layer list with
//! editable settings, each layer's output shape and parameter count, live validation against the
//! data set, loss, presets, undo / redo, the parameter count and a memory estimate, and the spec as
//! a file (download / upload).
//!
//! The pure parts (default layers, editable fields, parsing a typed value, the memory estimate,
//! reading a spec file) are plain functions tested on the host; the components only render them.

use std::rc::Rc;

use kiln_core::limits::{BN_MOMENTUM, DROPOUT_RATE, EPSILON, LAYER_SIZE};
use kiln_core::presets;
use kiln_core::{
    Activation, InputSpec, LayerKind, LayerSpec, LayerSummary, LossSpec, ModelSpec, ModelSummary, Padding, SpecError,
    Task, TrainConfig,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{PanelProps, thousands};
use crate::state::{Action, Builder, BuilderAction};

/// Largest spec file accepted for upload (1 MB; a real spec is a few hundred bytes).
pub const MAX_SPEC_FILE_BYTES: f64 = 1_048_576.0;

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
    /// One line for the tooltip.
    pub help: &'static str,
    /// The current value.
    pub value: FieldValue,
}

const fn field(key: &'static str, help: &'static str, value: FieldValue) -> Field {
    Field { key, help, value }
}

/// The `min` / `max` of a setting's number input, from [`kiln_core::limits`] (the same ranges
/// the spec checks use).
fn input_bounds(key: &str) -> (String, Option<String>) {
    let float = |r: kiln_core::limits::FloatRange| (r.min.to_string(), Some(r.max.to_string()));
    match key {
        "rate" | "dropout" => float(DROPOUT_RATE),
        "epsilon" => float(EPSILON),
        "momentum" => float(BN_MOMENTUM),
        _ => (LAYER_SIZE.min.to_string(), Some(LAYER_SIZE.max.to_string())),
    }
}

const H_ACT: &str = "The function applied to each output value; hover the options to compare.";
const H_PAD: &str = "valid: the window stays inside the input, so the output shrinks. same: the border is padded with zeros so the size stays (÷ stride).";
const H_FILTERS: &str = "How many different patterns (filters) this layer learns; each gives one output channel.";

/// The editable settings of `layer`, in display order.
pub fn fields(layer: &LayerSpec) -> Vec<Field> {
    use FieldValue as V;
    match *layer {
        LayerSpec::Embedding { input_dim, output_dim } => vec![
            field(
                "input_dim",
                "Rows in the table: one per word id. Must be at least the vocabulary size.",
                V::Int(input_dim),
            ),
            field("output_dim", "How many numbers describe each word.", V::Int(output_dim)),
        ],
        LayerSpec::Dense { units, activation } => vec![
            field("units", "How many output values (neurons) this layer has.", V::Int(units)),
            field("activation", H_ACT, V::Act(activation)),
        ],
        LayerSpec::Conv1D { filters, kernel_size, strides, padding, activation } => vec![
            field("filters", H_FILTERS, V::Int(filters)),
            field("kernel_size", "How many neighbouring positions each filter looks at.", V::Int(kernel_size)),
            field("strides", "How far the window moves each step; 2 halves the length.", V::Int(strides)),
            field("padding", H_PAD, V::Pad(padding)),
            field("activation", H_ACT, V::Act(activation)),
        ],
        LayerSpec::Conv2D { filters, kernel_size, strides, padding, activation } => vec![
            field("filters", H_FILTERS, V::Int(filters)),
            field(
                "kernel_size",
                "The filter's window, height × width in pixels (3 × 3 is usual).",
                V::Pair(kernel_size),
            ),
            field("strides", "How far the window moves each step, down × across; 2 halves the size.", V::Pair(strides)),
            field("padding", H_PAD, V::Pad(padding)),
            field("activation", H_ACT, V::Act(activation)),
        ],
        LayerSpec::MaxPool2D { pool_size, strides, padding }
        | LayerSpec::AveragePool2D { pool_size, strides, padding } => vec![
            field("pool_size", "The window, height × width; 2 × 2 halves the image.", V::Pair(pool_size)),
            field(
                "strides",
                "How far the window moves; empty = the window size (windows do not overlap).",
                V::OptPair(strides),
            ),
            field("padding", H_PAD, V::Pad(padding)),
        ],
        LayerSpec::Dropout { rate } => {
            vec![field(
                "rate",
                "The fraction of values switched off at each training step, from 0 to below 1 (0.5 = half).",
                V::Float(rate),
            )]
        }
        LayerSpec::BatchNormalization { epsilon, momentum } => vec![
            field("epsilon", "A tiny number added before dividing, so we never divide by zero.", V::Float(epsilon)),
            field(
                "momentum",
                "How slowly the remembered mean and spread (used after training) follow each batch; 0.99 = slowly.",
                V::Float(momentum),
            ),
        ],
        LayerSpec::LayerNormalization { epsilon } => {
            vec![field(
                "epsilon",
                "A tiny number added before dividing, so we never divide by zero.",
                V::Float(epsilon),
            )]
        }
        LayerSpec::MultiHeadSelfAttention { num_heads, key_dim, dropout } => vec![
            field(
                "num_heads",
                "How many attention patterns run side by side; must divide the vector length.",
                V::Int(num_heads),
            ),
            field(
                "key_dim",
                "Size of each head's vectors; empty = vector length ÷ heads (the only size supported).",
                V::OptInt(key_dim),
            ),
            field(
                "dropout",
                "Fraction of attention weights switched off while training (0 = none).",
                V::Float(dropout),
            ),
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
pub fn set_field(layer: &LayerSpec, key: &str, part: usize, text: &str) -> Result<LayerSpec, String> {
    let t = text.trim();
    let int = || t.parse::<usize>().map_err(|_| format!("{key} must be a whole number, got \"{t}\""));
    let float = || {
        t.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("{key} must be a number such as 0.5, got \"{t}\""))
    };
    let act = || Activation::parse(t).ok_or_else(|| format!("unknown activation \"{t}\""));
    let pad = || Padding::parse(t).ok_or_else(|| format!("padding must be \"valid\" or \"same\", got \"{t}\""));
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
        _ => return Err(format!("{} has no setting {key}", layer.kind())),
    }
    Ok(l)
}

/// Estimated memory to train the model, in bytes (f32 everywhere):
///
/// - weights, their gradients and Adam's two moment estimates: `4 × params × 4` bytes;
/// - activations kept for the backward pass and their gradients:
///   `batch × Σ (values in each layer's output) × 4 × 2` bytes.
///
/// A rough guide (the engine adds workspace and the input batch), good for comparing models.
pub fn training_memory_bytes(summary: &ModelSummary, batch_size: usize) -> f64 {
    let params = (summary.total_params + summary.non_trainable_params) as f64;
    let values: f64 = summary.layers.iter().map(|l| l.output.values() as f64).sum();
    4.0 * params * 4.0 + batch_size as f64 * values * 4.0 * 2.0
}

/// `bytes` as "≈ N MB" ([`kiln_core::format::megabytes`], 1 MB = 2^20 bytes).
pub fn format_mb(bytes: f64) -> String {
    if bytes < 0.1 * kiln_core::format::MB {
        "≈ 0.1 MB or less".into()
    } else {
        format!("≈ {}", kiln_core::format::megabytes(bytes))
    }
}

/// The downloadable spec file: the model and the training settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecFile {
    /// The model (its input is the data set's).
    pub model: ModelSpec,
    /// The training settings; optional when reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<TrainConfig>,
}

/// Reads an uploaded spec file: `{"model": …, "config": …}` (config optional) or a bare
/// `ModelSpec`; the model must pass [`ModelSpec::summary`] and the settings
/// [`TrainConfig::validate`].
///
/// # Errors
/// A message saying what is wrong (not JSON, not a spec, an invalid layer or setting).
pub fn parse_spec_file(text: &str) -> Result<SpecFile, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("the file is not JSON ({e}); choose a spec downloaded from Kiln"))?;
    let file = if value.get("model").is_some() {
        serde_json::from_value::<SpecFile>(value).map_err(|e| format!("the file is not a Kiln spec: {e}"))?
    } else {
        let model =
            serde_json::from_value::<ModelSpec>(value).map_err(|e| format!("the file is not a model spec: {e}"))?;
        SpecFile { model, config: None }
    };
    file.model.summary().map_err(|e| format!("the model in the file is not valid: {e}"))?;
    if let Some(c) = &file.config {
        c.validate().map_err(|e| format!("the training settings in the file are not valid: {e}"))?;
    }
    Ok(file)
}

/// The input as the list shows it.
fn input_label(input: &InputSpec) -> String {
    match *input {
        InputSpec::Tokens { seq_len, vocab_size } => {
            format!("(None, {seq_len}): {seq_len} word ids per example, {} distinct ids", thousands(vocab_size))
        }
        InputSpec::Features { width } => format!("(None, {width}): {width} numbers per example"),
        InputSpec::Images { height, width, channels } => {
            format!("(None, {height}, {width}, {channels}): {height}×{width} images, {channels} channel(s)")
        }
    }
}

/// Where an error belongs: a layer's index, or `None` for the end of the list.
fn error_layer(e: &SpecError) -> Option<usize> {
    match e {
        SpecError::ShapeMismatch { index, .. } => Some(*index),
        SpecError::BadSetting { index, kind, .. } if *kind != "Input" => Some(*index),
        _ => None,
    }
}

/// The builder panel: derives what the view needs from the page state.
#[component]
pub fn ModelBuilder(props: &PanelProps) -> Html {
    let s = &props.state;
    let view = ViewProps {
        builder: s.builder.clone(),
        model: Rc::new(s.model()),
        task: s.task(),
        error: s.spec_error(),
        config: Rc::new(s.config.clone()),
        vocab_size: s.prep.vocab_size,
        seq_len: s.prep.seq_len,
        locked: s.is_active(),
        dispatch: props.dispatch.clone(),
    };
    html! { <BuilderView ..view /> }
}

/// What the builder view shows. Compared without `dispatch` (it always reaches the same reducer,
/// though the page makes a new callback each render), so training events that change nothing here
/// do not re-render the builder.
#[derive(Properties, Clone)]
pub struct ViewProps {
    /// The spec being edited, with history and selection.
    pub builder: Rc<Builder>,
    /// The spec as it will train (the data's input).
    pub model: Rc<ModelSpec>,
    /// The data's task, when known.
    pub task: Option<Task>,
    /// Why the model cannot train, if it cannot.
    pub error: Option<SpecError>,
    /// Training settings (batch size for the estimate; written into the spec file).
    pub config: Rc<TrainConfig>,
    /// Vocabulary size (presets).
    pub vocab_size: usize,
    /// Sequence length (presets).
    pub seq_len: usize,
    /// A run is in the worker: editing waits.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

impl PartialEq for ViewProps {
    fn eq(&self, o: &Self) -> bool {
        (Rc::ptr_eq(&self.builder, &o.builder) || self.builder == o.builder)
            && self.model == o.model
            && self.task == o.task
            && self.error == o.error
            && self.config == o.config
            && (self.vocab_size, self.seq_len, self.locked) == (o.vocab_size, o.seq_len, o.locked)
    }
}

fn preset_spec(id: &str, p: &ViewProps) -> Option<ModelSpec> {
    let task = p.task.unwrap_or(Task::Binary);
    let width = match p.model.input {
        InputSpec::Features { width } => width,
        _ => 4,
    };
    Some(match id {
        "sentiment" => presets::reference_sentiment(p.vocab_size, p.seq_len).spec,
        "mlp" => presets::small_mlp(width, task).spec,
        "cnn-28" => presets::small_cnn().spec,
        "transformer" => presets::tiny_transformer(p.vocab_size, p.seq_len, task).spec,
        _ => return None,
    })
}

/// The builder itself.
#[component]
fn BuilderView(p: &ViewProps) -> Html {
    let d = &p.dispatch;
    let act = |a: BuilderAction| Action::Builder(a);
    let spec = &p.builder.spec;
    let (rows, _) = p.model.layer_rows();
    let summary = if p.error.is_none() { p.model.summary().ok() } else { None };
    let err_at = p.error.as_ref().and_then(error_layer);
    let end_error = p.error.as_ref().filter(|_| err_at.is_none());

    let palette = {
        let input = p.model.input.clone();
        html! {
            <div class="palette" data-testid="layer-palette">
                { for LayerKind::ALL.iter().map(|&kind| {
                    let d = d.clone();
                    let input = input.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        d.emit(Action::Builder(BuilderAction::Add(kind.default_layer(&input))));
                    });
                    html! {
                        <button data-testid={format!("add-{}", kind.id())} title={kind.help()} disabled={p.locked} {onclick}>{ format!("+ {}", kind.label()) }</button>
                    }
                }) }
            </div>
        }
    };

    let on_preset = {
        let d = d.clone();
        let p = p.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Some(spec) = preset_spec(&v.value(), &p) {
                d.emit(Action::Builder(BuilderAction::Replace(spec)));
            }
            v.set_value("");
        })
    };
    let on_loss = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Some(loss) = LossSpec::parse(&v.value()) {
                d.emit(Action::Builder(BuilderAction::SetLoss(loss)));
            }
        })
    };
    let on_suggest =
        p.task.map(|task| d.reform(move |_: MouseEvent| Action::Builder(BuilderAction::SuggestOutput(task))));

    let file = SpecFile { model: (*p.model).clone(), config: Some((*p.config).clone()) };
    let json = serde_json::to_string_pretty(&file).unwrap_or_default();
    let href = format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(&json));
    let on_upload = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(f) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            if f.size() > MAX_SPEC_FILE_BYTES {
                d.emit(Action::Fail(format!(
                    "the spec file {} is {} bytes; a spec file must be under 1 MB (a real one is a few hundred bytes). The model was not changed.",
                    f.name(),
                    thousands(f.size() as usize)
                )));
                return;
            }
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = JsFuture::from(f.text()).await.ok().and_then(|v| v.as_string());
                let result = match text {
                    None => Err(format!("could not read the file {}", f.name())),
                    Some(t) => parse_spec_file(&t),
                };
                d.emit(match result {
                    Ok(file) => Action::Builder(BuilderAction::Load(Box::new(file.model), file.config.map(Box::new))),
                    Err(e) => Action::Fail(format!("{}: {e}. The model was not changed.", f.name())),
                });
            });
        })
    };

    let items = spec.layers.iter().enumerate().map(|(i, layer)| {
        let item = ItemProps {
            index: i,
            count: spec.layers.len(),
            layer: layer.clone(),
            row: rows.get(i).cloned(),
            error: (err_at == Some(i)).then(|| p.error.as_ref().map(ToString::to_string)).flatten(),
            selected: p.builder.selected == Some(i),
            locked: p.locked,
            dispatch: d.clone(),
        };
        html! { <LayerItem key={i} ..item /> }
    });

    html! {
        <section class="card builder" id="model">
            <h2><span class="step">{ "2" }</span>{ "Model" }</h2>
            <p class="muted">{ "Click a layer type to add it after the selected layer (or at the end). Hover any name or setting for a one-line explanation. Shapes and parameter counts update as you type; a layer that does not fit is marked in red with what to change." }</p>
            <div class="row builder-tools">
                <label title="Start from a ready-made model. Its layers replace the list (Undo brings yours back); the input always comes from the data set.">{ "Preset " }
                    <select data-testid="preset-select" onchange={on_preset} disabled={p.locked}>
                        <option value="" selected=true>{ "choose…" }</option>
                        <option value="sentiment" title={presets::reference_sentiment(p.vocab_size, p.seq_len).description}>{ "Reference sentiment (Keras tutorial)" }</option>
                        <option value="mlp">{ "Small MLP" }</option>
                        <option value="cnn-28">{ "Small CNN (28×28 images)" }</option>
                        <option value="transformer">{ "One-block Transformer" }</option>
                    </select>
                </label>
                <button data-testid="undo-button" title="Undo the last change to the model" disabled={p.locked || p.builder.undo.is_empty()} onclick={d.reform(move |_| act(BuilderAction::Undo))}>{ "↶ Undo" }</button>
                <button data-testid="redo-button" title="Redo the change you undid" disabled={p.locked || p.builder.redo.is_empty()} onclick={d.reform(move |_| act(BuilderAction::Redo))}>{ "↷ Redo" }</button>
                <button data-testid="clear-layers" title="Remove every layer (Undo brings them back)" disabled={p.locked || spec.layers.is_empty()} onclick={d.reform(move |_| act(BuilderAction::Clear))}>{ "Clear" }</button>
                <a class="button" data-testid="spec-download" href={href} download="kiln-model.json" title="Save the model and the training settings as a JSON file: upload it here later, or train it natively with kiln-cli.">{ "⤓ Download spec" }</a>
                <label class="button upload" title="Load a model (and training settings) from a JSON spec file. A file that is not a valid spec changes nothing.">{ "⤒ Upload spec" }
                    <input type="file" accept=".json,application/json" data-testid="spec-upload" onchange={on_upload} disabled={p.locked} />
                </label>
            </div>
            { palette }
            if p.locked {
                <p class="muted">{ "Training is using this model: changes wait until the run ends (Stop or Reset)." }</p>
            }
            <div class="layer-input" title="What one example looks like. It comes from the data set (step 1) and cannot be edited here.">
                <b>{ "Input " }</b><span class="shape">{ input_label(&p.model.input) }</span>
            </div>
            <ol class="layer-list" data-testid="layer-list">
                { for items }
            </ol>
            if spec.layers.is_empty() {
                <p class="muted">{ "No layers yet: add some from the palette above." }</p>
            }
            if let Some(e) = end_error {
                <p class="error-inline" data-testid="output-error" role="alert">{ e.to_string() }</p>
            }
            <div class="row builder-foot">
                <label title="The loss is the number training makes small. Binary cross-entropy: two classes with one sigmoid output. Categorical cross-entropy: several classes with a softmax output. Mean squared error: predicting a number.">{ "Loss " }
                    <select data-testid="loss-select" onchange={on_loss} disabled={p.locked}>
                        { for LossSpec::ALL.iter().map(|loss| html! {
                            <option value={loss.id()} selected={*loss == spec.loss} title={loss.help()}>{ loss.label() }</option>
                        }) }
                    </select>
                </label>
                <button data-testid="suggest-output" disabled={p.locked || on_suggest.is_none()} onclick={on_suggest.unwrap_or_default()}
                    title="Set the last layer and the loss to what suits the data set: Dense(1, sigmoid) + binary cross-entropy for two classes, Dense(k, softmax) + categorical cross-entropy for k classes, Dense(1) + mean squared error for a number.">
                    { "Suggest output" }
                </button>
            </div>
            <div class="row builder-totals">
                <span class="param-count" data-testid="param-count" title="Trainable parameters: the numbers training adjusts (weights and biases).">
                    { match &summary {
                        Some(s) if s.non_trainable_params > 0 => format!("{} parameters (+{} non-trainable)", thousands(s.total_params), thousands(s.non_trainable_params)),
                        Some(s) => format!("{} parameters", thousands(s.total_params)),
                        None => "— parameters (fix the model first)".to_string(),
                    } }
                </span>
                <span class="memory" data-testid="memory-estimate" title="Training memory ≈ weights + gradients + Adam's two moments (4 × parameters × 4 bytes) + activations and their gradients (batch size × values in all layer outputs × 4 bytes × 2).">
                    { match &summary {
                        Some(s) => format!("training memory {} (batch {})", format_mb(training_memory_bytes(s, p.config.batch_size)), p.config.batch_size),
                        None => String::new(),
                    } }
                </span>
            </div>
        </section>
    }
}

/// One entry of the layer list.
#[derive(Properties, Clone)]
struct ItemProps {
    index: usize,
    count: usize,
    layer: LayerSpec,
    /// Output shape and parameters, when the layer fits.
    row: Option<LayerSummary>,
    /// The error to show on this layer.
    error: Option<String>,
    selected: bool,
    locked: bool,
    dispatch: Callback<Action>,
}

impl PartialEq for ItemProps {
    /// Without `dispatch` (see [`ViewProps`]).
    fn eq(&self, o: &Self) -> bool {
        (self.index, self.count, self.selected, self.locked) == (o.index, o.count, o.selected, o.locked)
            && self.layer == o.layer
            && self.row == o.row
            && self.error == o.error
    }
}

/// The `onchange` of a setting's input or select: parses, then edits the layer or reports.
fn on_field(p: &ItemProps, key: &'static str, part: usize, current: String) -> Callback<Event> {
    let d = p.dispatch.clone();
    let (index, layer) = (p.index, p.layer.clone());
    Callback::from(move |e: Event| {
        let Some(target) = e.target() else { return };
        let (value, input) = match wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(target.clone()) {
            Ok(i) => (i.value(), Some(i)),
            Err(_) => (e.target_unchecked_into::<HtmlSelectElement>().value(), None),
        };
        match set_field(&layer, key, part, &value) {
            Ok(l) => d.emit(Action::Builder(BuilderAction::Edit(index, l))),
            Err(msg) => {
                if let Some(i) = input {
                    i.set_value(&current);
                }
                d.emit(Action::Fail(msg));
            }
        }
    })
}

fn number_input(p: &ItemProps, f: &Field, part: usize, value: String, placeholder: &'static str, float: bool) -> Html {
    let testid = match f.value {
        FieldValue::Pair(_) | FieldValue::OptPair(_) => format!("{}-{}", f.key, if part == 0 { "h" } else { "w" }),
        _ => f.key.to_string(),
    };
    let (min, max) = input_bounds(f.key);
    html! {
        <input type="number" {min} {max} step={if float { "any" } else { "1" }} data-field={testid} title={f.help}
            value={value.clone()} {placeholder} disabled={p.locked} onchange={on_field(p, f.key, part, value)} />
    }
}

fn field_html(p: &ItemProps, f: &Field) -> Html {
    let input = match f.value {
        FieldValue::Int(n) => number_input(p, f, 0, n.to_string(), "", false),
        FieldValue::OptInt(n) => number_input(p, f, 0, n.map(|n| n.to_string()).unwrap_or_default(), "auto", false),
        FieldValue::Float(x) => number_input(p, f, 0, x.to_string(), "", true),
        FieldValue::Pair(v) => html! { <>
            { number_input(p, f, 0, v[0].to_string(), "", false) }{ "×" }{ number_input(p, f, 1, v[1].to_string(), "", false) }
        </> },
        FieldValue::OptPair(v) => {
            let part = |i: usize| v.map(|v| v[i].to_string()).unwrap_or_default();
            html! { <>
                { number_input(p, f, 0, part(0), "auto", false) }{ "×" }{ number_input(p, f, 1, part(1), "auto", false) }
            </> }
        }
        FieldValue::Act(a) => html! {
            <select data-field={f.key} title={f.help} disabled={p.locked} onchange={on_field(p, f.key, 0, String::new())}>
                { for Activation::ALL.iter().map(|x| html! {
                    <option value={x.id()} selected={*x == a} title={x.help()}>{ x.label() }</option>
                }) }
            </select>
        },
        FieldValue::Pad(pad) => html! {
            <select data-field={f.key} title={f.help} disabled={p.locked} onchange={on_field(p, f.key, 0, String::new())}>
                { for Padding::ALL.iter().map(|x| html! {
                    <option value={x.id()} selected={*x == pad}>{ x.id() }</option>
                }) }
            </select>
        },
    };
    html! { <label class="setting" title={f.help}><span>{ f.key }</span>{ input }</label> }
}

/// One layer: kind, settings, output shape, parameters, buttons and its error.
#[component]
fn LayerItem(p: &ItemProps) -> Html {
    let i = p.index;
    let kind = LayerKind::of(&p.layer);
    let d = &p.dispatch;
    let button = |label: &'static str, action: &'static str, title: &'static str, disabled: bool, a: BuilderAction| {
        let d = d.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            d.emit(Action::Builder(a.clone()));
        });
        html! { <button class="mini" data-action={action} {title} aria-label={title} disabled={p.locked || disabled} {onclick}>{ label }</button> }
    };
    let select = {
        let d = d.clone();
        let selected = p.selected;
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Builder(BuilderAction::Select(if selected { None } else { Some(i) })))
        })
    };
    let fields = fields(&p.layer);
    html! {
        <li data-testid={format!("layer-{i}")} data-kind={kind.id()}
            class={classes!("layer", p.selected.then_some("selected"), p.error.is_some().then_some("invalid"))}>
            <div class="layer-head">
                <span class="layer-index">{ i + 1 }</span>
                <button class="layer-kind" title={format!("{} Click to select: new layers are added after the selected one.", kind.help())} onclick={select}>{ kind.label() }</button>
                <span class="layer-out" title="Output shape (None = any number of examples in the batch) and trainable parameters">
                    { match &p.row {
                        Some(r) => html! { <><span class="shape" data-testid="layer-shape">{ r.output.to_string() }</span><span class="params">{ format!("{} params", thousands(r.params)) }</span></> },
                        None => html! { <span class="shape muted">{ "—" }</span> },
                    } }
                </span>
                <span class="layer-buttons">
                    { button("↑", "up", "Move this layer up", i == 0, BuilderAction::MoveUp(i)) }
                    { button("↓", "down", "Move this layer down", i + 1 >= p.count, BuilderAction::MoveDown(i)) }
                    { button("✕", "remove", "Remove this layer", false, BuilderAction::Remove(i)) }
                </span>
            </div>
            if !fields.is_empty() {
                <div class="layer-settings">{ for fields.iter().map(|f| field_html(p, f)) }</div>
            }
            if let Some(e) = &p.error {
                <p class="layer-error" data-testid="layer-error" role="alert">{ e }</p>
            }
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKENS: InputSpec = InputSpec::Tokens { seq_len: 100, vocab_size: 5_000 };

    #[test]
    fn every_palette_kind_has_settings_that_round_trip() {
        for &kind in LayerKind::ALL {
            let layer = kind.default_layer(&TOKENS);
            let kind = kind.id();
            for f in fields(&layer) {
                assert!(!f.help.is_empty(), "{kind}.{}", f.key);
                // Writing back the shown value changes nothing.
                let text = match f.value {
                    FieldValue::Int(n) | FieldValue::Pair([n, _]) => n.to_string(),
                    FieldValue::OptInt(n) => n.map(|n| n.to_string()).unwrap_or_default(),
                    FieldValue::OptPair(p) => p.map(|p| p[0].to_string()).unwrap_or_default(),
                    FieldValue::Float(x) => x.to_string(),
                    FieldValue::Act(a) => a.id().to_string(),
                    FieldValue::Pad(p) => p.id().to_string(),
                };
                assert_eq!(set_field(&layer, f.key, 0, &text), Ok(layer.clone()), "{kind}.{}", f.key);
            }
        }
    }

    #[test]
    fn set_field_edits_and_rejects() {
        let conv = LayerKind::Conv2D.default_layer(&TOKENS);
        let LayerSpec::Conv2D { kernel_size, .. } = set_field(&conv, "kernel_size", 1, "5").expect("number") else {
            panic!("kind kept")
        };
        assert_eq!(kernel_size, [3, 5]);
        let edited = set_field(&conv, "activation", 0, "softmax").expect("name");
        assert_eq!(edited.activation(), Some(Activation::Softmax));
        assert!(set_field(&conv, "filters", 0, "-1").is_err());
        assert!(set_field(&conv, "filters", 0, "eight").is_err());
        assert!(set_field(&conv, "units", 0, "8").expect_err("no such").contains("no setting units"));
        assert!(set_field(&conv, "padding", 0, "full").is_err());
        // Out-of-range values are accepted here; validation names them on the layer.
        assert!(set_field(&conv, "filters", 0, "0").is_ok());
        let drop = LayerKind::Dropout.default_layer(&TOKENS);
        assert!(set_field(&drop, "rate", 0, "NaN").is_err());
        assert_eq!(set_field(&drop, "rate", 0, "0.25"), Ok(LayerSpec::Dropout { rate: 0.25 }));
        let pool = LayerKind::MaxPool2D.default_layer(&TOKENS);
        let LayerSpec::MaxPool2D { strides, .. } = set_field(&pool, "strides", 1, "1").expect("number") else {
            panic!("kind kept")
        };
        assert_eq!(strides, Some([1, 1]));
        let mha = LayerKind::MultiHeadSelfAttention.default_layer(&TOKENS);
        let with_key = set_field(&mha, "key_dim", 0, "8").expect("number");
        assert_eq!(set_field(&with_key, "key_dim", 0, " "), Ok(mha));
    }

    #[test]
    fn memory_estimate_follows_the_documented_formula() {
        let s = presets::small_cnn().spec.summary().expect("valid");
        // 4·13,610·4 bytes + 32·(26·26·8 + 13·13·8 + 1,352 + 10)·4·2 bytes.
        let expected = 4.0 * 13_610.0 * 4.0 + 32.0 * (5_408.0 + 1_352.0 + 1_352.0 + 10.0) * 8.0;
        assert_eq!(training_memory_bytes(&s, 32), expected);
        assert_eq!(format_mb(expected), "≈ 2.2 MB", "2,296,992 bytes of 2^20");
        assert_eq!(format_mb(12_345_678.0), "≈ 12 MB");
        assert_eq!(format_mb(1_000.0), "≈ 0.1 MB or less");
    }

    #[test]
    fn spec_files_round_trip_and_hostile_ones_are_refused() {
        let file = SpecFile { model: presets::small_cnn().spec, config: Some(TrainConfig::default()) };
        let text = serde_json::to_string_pretty(&file).expect("serialises");
        assert_eq!(parse_spec_file(&text), Ok(file.clone()));
        // A bare ModelSpec is accepted too.
        assert_eq!(parse_spec_file(&file.model.to_json()).map(|f| f.model), Ok(file.model.clone()));
        let bad = [
            ("not json at all", "not JSON"),
            ("{\"model\": 3}", "not a Kiln spec"),
            ("[1, 2, 3]", "not a model spec"),
            (
                r#"{"model": {"input": {"type": "Features", "width": 4}, "layers": [{"type": "Dense", "units": 1000000000000, "activation": "sigmoid"}], "loss": "binary_cross_entropy"}}"#,
                "not valid",
            ),
            (
                r#"{"input": {"type": "Features", "width": 4}, "layers": [{"type": "Dense", "units": 3, "activation": "sigmoid"}], "loss": "binary_cross_entropy"}"#,
                "not valid",
            ),
        ];
        for (text, says) in bad {
            let e = parse_spec_file(text).expect_err(text);
            assert!(e.contains(says), "{text}: {e}");
        }
        let config = TrainConfig { epochs: 0, ..TrainConfig::default() };
        let text = serde_json::to_string(&SpecFile { model: file.model, config: Some(config) }).expect("serialises");
        assert!(parse_spec_file(&text).expect_err("epochs 0").contains("training settings"));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_spec_file(&deep).is_err());
    }

    #[test]
    fn errors_are_placed_on_their_layer_or_at_the_end() {
        let mut spec = presets::small_cnn().spec;
        spec.layers.swap(2, 3);
        let e = spec.summary().expect_err("Dense before Flatten");
        assert_eq!(error_layer(&e), Some(2));
        assert_eq!(error_layer(&SpecError::OutputMismatch("x".into())), None);
        assert_eq!(error_layer(&SpecError::BadSetting { index: 0, kind: "Input", message: "x".into() }), None);
    }
}
