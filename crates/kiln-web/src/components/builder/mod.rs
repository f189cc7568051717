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

use crate::i18n::{Lang, Msg, layer_help, loss_help, loss_label, t, tr, use_lang};
use crate::renders;
use crate::state::builder::{Builder, BuilderAction};
use crate::state::data::DataState;
use crate::state::{Action, Slice};
use item::{ItemProps, LayerItem};
use kiln_core::format::thousands;
use spec_file::{MAX_SPEC_FILE_BYTES, SpecFile, format_mb, parse_spec_file, training_memory_bytes};

/// The input as the list shows it.
fn input_label(lang: Lang, input: &InputSpec) -> String {
    let msg = match *input {
        InputSpec::Tokens { seq_len, vocab_size } => {
            Msg::new("model-input-tokens").arg("seq_len", seq_len).arg("vocab", thousands(vocab_size))
        }
        InputSpec::Features { width } => Msg::new("model-input-features").arg("width", width),
        InputSpec::Images { height, width, channels } => {
            Msg::new("model-input-images").arg("height", height).arg("width", width).arg("channels", channels)
        }
    };
    tr(lang, &msg)
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
    let lang = use_lang();
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
                        <button data-testid={format!("add-{}", kind.id())} title={layer_help(lang, kind)} disabled={p.locked} {onclick}>{ format!("+ {}", kind.label()) }</button>
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
                d.emit(Action::Fail(
                    Msg::new("model-error-spec-size").arg("name", f.name()).arg("bytes", thousands(f.size() as usize)),
                ));
                return;
            }
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = JsFuture::from(f.text()).await.ok().and_then(|v| v.as_string());
                let result = match text {
                    None => Err(Msg::new("model-error-spec-read").arg("name", f.name())),
                    Some(t) => parse_spec_file(&t).map_err(Msg::verbatim),
                };
                d.emit(match result {
                    Ok(file) => Action::Builder(BuilderAction::Load(Box::new(file.model), file.config.map(Box::new))),
                    Err(e) => Action::Fail(Msg::new("model-error-spec").arg("name", f.name()).arg("detail", e)),
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
            <h2><span class="step">{ "2" }</span>{ t(lang, "model-title") }</h2>
            <p class="muted">{ t(lang, "model-intro") }</p>
            <div class="row builder-tools">
                <label title={t(lang, "model-preset.title")}>{ t(lang, "model-preset") }{ " " }
                    <select data-testid="preset-select" onchange={on_preset} disabled={p.locked}>
                        <option value="" selected=true>{ t(lang, "model-preset-choose") }</option>
                        <option value="sentiment" title={t(lang, "model-preset-sentiment.title")}>{ t(lang, "model-preset-sentiment") }</option>
                        <option value="mlp">{ t(lang, "model-preset-mlp") }</option>
                        <option value="cnn-28">{ t(lang, "model-preset-cnn") }</option>
                        <option value="transformer">{ t(lang, "model-preset-transformer") }</option>
                    </select>
                </label>
                <button data-testid="undo-button" title={t(lang, "model-undo.title")} disabled={p.locked || p.builder.undo.is_empty()} onclick={d.reform(move |_| act(BuilderAction::Undo))}>{ t(lang, "model-undo") }</button>
                <button data-testid="redo-button" title={t(lang, "model-redo.title")} disabled={p.locked || p.builder.redo.is_empty()} onclick={d.reform(move |_| act(BuilderAction::Redo))}>{ t(lang, "model-redo") }</button>
                <button data-testid="clear-layers" title={t(lang, "model-clear.title")} disabled={p.locked || spec.layers.is_empty()} onclick={d.reform(move |_| act(BuilderAction::Clear))}>{ t(lang, "model-clear") }</button>
                <a class="button" data-testid="spec-download" href={href} download="kiln-model.json" title={t(lang, "model-download.title")}>{ t(lang, "model-download") }</a>
                <label class="button upload" title={t(lang, "model-upload.title")}>{ t(lang, "model-upload") }
                    <input type="file" accept=".json,application/json" data-testid="spec-upload" onchange={on_upload} disabled={p.locked} />
                </label>
            </div>
            { palette }
            if p.locked {
                <p class="muted">{ t(lang, "model-locked") }</p>
            }
            <div class="layer-input" title={t(lang, "model-input.title")}>
                <b>{ t(lang, "model-input") }{ " " }</b><span class="shape">{ input_label(lang, &p.model.input) }</span>
            </div>
            <ol class="layer-list" data-testid="layer-list">
                { for items }
            </ol>
            if spec.layers.is_empty() {
                <p class="muted">{ t(lang, "model-empty") }</p>
            }
            if let Some(e) = end_error {
                <p class="error-inline" data-testid="output-error" role="alert">{ e.to_string() }</p>
            }
            <div class="row builder-foot">
                <label title={t(lang, "model-loss.title")}>{ t(lang, "model-loss") }{ " " }
                    <select data-testid="loss-select" onchange={on_loss} disabled={p.locked}>
                        { for LossSpec::ALL.iter().map(|loss| html! {
                            <option value={loss.id()} selected={*loss == spec.loss} title={loss_help(lang, *loss)}>{ loss_label(lang, *loss) }</option>
                        }) }
                    </select>
                </label>
                <button data-testid="suggest-output" disabled={p.locked || on_suggest.is_none()} onclick={on_suggest.unwrap_or_default()}
                    title={t(lang, "model-suggest.title")}>
                    { t(lang, "model-suggest") }
                </button>
            </div>
            <div class="row builder-totals">
                <span class="param-count" data-testid="param-count" title={t(lang, "model-params.title")}>
                    { match &summary {
                        Some(s) if s.non_trainable_params > 0 => tr(lang, &Msg::new("model-params-frozen").arg("n", thousands(s.total_params)).arg("frozen", thousands(s.non_trainable_params))),
                        Some(s) => tr(lang, &Msg::new("model-params").arg("n", thousands(s.total_params))),
                        None => t(lang, "model-params-none"),
                    } }
                </span>
                <span class="memory" data-testid="memory-estimate" title={t(lang, "model-memory.title")}>
                    { match &summary {
                        Some(s) => tr(lang, &Msg::new("model-memory").arg("size", tr(lang, &format_mb(training_memory_bytes(s, p.config.batch_size)))).arg("batch", p.config.batch_size)),
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
