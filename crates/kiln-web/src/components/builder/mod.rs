//! Step 2, Model: the visual model builder. A palette of Keras layers ([`LayerKind::ALL`]), the
//! layer list with editable settings ([`item`], [`fields`]), each layer's output shape and
//! parameter count, live validation against the data set, loss, presets, undo / redo, the
//! parameter count and a memory estimate, and the spec as a file ([`spec_file`]: download /
//! upload). The edited spec and its history are the builder slice ([`crate::state::builder`]).

pub mod fields;
pub mod item;
pub mod spec_file;

use kiln_core::presets;
use kiln_core::{InputSpec, LayerKind, LossSpec, ModelSpec, SpecError, Task, TrainConfig};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::renders;
use crate::state::builder::{Builder, BuilderAction};
use crate::state::data::DataState;
use crate::state::{Action, Slice};
use item::{ItemProps, LayerItem};
use kiln_core::format::thousands;
use spec_file::{MAX_SPEC_FILE_BYTES, SpecFile, format_mb, parse_spec_file, training_memory_bytes};

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

/// What the builder panel shows.
#[derive(Properties, PartialEq)]
pub struct BuilderProps {
    /// The spec being edited, with history and selection.
    pub builder: Slice<Builder>,
    /// The data set (the model's input and task come from it).
    pub data: Slice<DataState>,
    /// Training settings (batch size for the estimate; written into the spec file).
    pub settings: Slice<TrainConfig>,
    /// A run is in the worker: editing waits.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The builder panel: derives what the view needs from its slices.
#[component]
pub fn ModelBuilder(props: &BuilderProps) -> Html {
    renders::rendered("ModelBuilder");
    let view = ViewProps {
        builder: props.builder.clone(),
        model: props.builder.model(&props.data),
        task: Some(props.data.task()),
        error: props.builder.check(&props.data).err(),
        config: props.settings.clone(),
        vocab_size: props.data.prep.vocab_size,
        seq_len: props.data.prep.seq_len,
        locked: props.locked,
        dispatch: props.dispatch.clone(),
    };
    html! { <BuilderView ..view /> }
}

/// What the builder view shows, derived once per change of the panel's slices.
#[derive(Properties, Clone, PartialEq)]
pub struct ViewProps {
    /// The spec being edited, with history and selection.
    pub builder: Slice<Builder>,
    /// The spec as it will train (the data's input).
    pub model: ModelSpec,
    /// The data's task, when known.
    pub task: Option<Task>,
    /// Why the model cannot train, if it cannot.
    pub error: Option<SpecError>,
    /// Training settings (batch size for the estimate; written into the spec file).
    pub config: Slice<TrainConfig>,
    /// Vocabulary size (presets).
    pub vocab_size: usize,
    /// Sequence length (presets).
    pub seq_len: usize,
    /// A run is in the worker: editing waits.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
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
    renders::rendered("BuilderView");
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

    let file = SpecFile { model: p.model.clone(), config: Some((*p.config).clone()) };
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

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
