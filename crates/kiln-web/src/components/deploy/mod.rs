//! Step 5, Deploy, and the model as a file: "Download model" (the `.kiln` file: network,
//! preprocessing, settings, metrics), the ONNX / Keras / PyTorch exports, "Open a model file"
//! ([`open`]), the session kept across reloads ([`keeper`] writes it, [`restore_or_start`] puts it
//! back at start-up, [`store`] is IndexedDB) and "Start fresh".
//!
//! The worker writes the files; their bytes come back as attachments of its `Exported` event,
//! which [`on_reply`] (called for every reply, before the state sees it) turns into a download or
//! an IndexedDB write, depending on why the page asked ([`Purpose`]).

pub mod keeper;
pub mod open;
pub mod store;

use std::cell::RefCell;
use std::collections::HashMap;

use kiln_data::builtin::REVIEW_SENTENCES;
use kiln_data::id::DataId;
use kiln_protocol::{Command, DataSource, Event, ModelFormat, Reply, RunId};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::i18n::{Msg, t, tr, use_lang};
use crate::state::data::DataAction;
use crate::state::deploy::{DeployAction, DeployState, Opening};
use crate::state::session::{SavedData, quota_message};
use crate::state::{Action, Slice, State};
use crate::{codec, link, renders, url};

/// Why the page asked the worker for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The person pressed a download button.
    Download,
    /// The `.kiln` bytes for IndexedDB (the session kept across reloads).
    Keep,
}

thread_local! {
    /// Export runs the page waits for, and why it asked.
    static PURPOSES: RefCell<HashMap<RunId, Purpose>> = RefCell::new(HashMap::new());
}

/// Number of the page's model-file attachments (above the uploads' numbers).
pub(crate) fn attachment_for(run: RunId) -> u32 {
    (1 << 30) + run.0
}

/// Asks the worker for model `model` in `format`; returns the export's run.
pub fn request_export(model: RunId, format: ModelFormat, purpose: Purpose) -> RunId {
    let run = link::start(Command::Export { model, format });
    PURPOSES.with(|p| p.borrow_mut().insert(run, purpose));
    run
}

/// Hands a file to the browser as a download.
fn download(name: &str, mime: &str, bytes: &JsValue) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has started; the object URL can go once this task ends.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Every worker reply passes here first: an `Exported` event's files are downloaded or kept.
pub fn on_reply(reply: &Reply, dispatch: &UseReducerDispatcher<State>) {
    let Event::Exported { files, .. } = &reply.event else { return };
    let Some(purpose) = PURPOSES.with(|p| p.borrow_mut().remove(&reply.run)) else { return };
    for file in files {
        let Some(bytes) = codec::take_attachment(file.attachment) else { continue };
        match purpose {
            Purpose::Download => {
                if let Err(e) = download(&file.name, &file.mime, &bytes) {
                    dispatch.dispatch(Action::Fail(
                        Msg::new("deploy-download-failed").arg("name", &file.name).arg("detail", format!("{e:?}")),
                    ));
                }
            }
            Purpose::Keep => {
                let d = dispatch.clone();
                let size = file.size as usize;
                wasm_bindgen_futures::spawn_local(async move {
                    let Ok(bytes) = bytes.dyn_into::<js_sys::Uint8Array>() else { return };
                    if let Err(e) = store::write_weights(&bytes).await {
                        store::forget_weights().await;
                        let kept = Msg::new("deploy-kept-instead-no-weights");
                        let note = quota_message(Msg::new("deploy-kept-weights"), size, &e, kept);
                        d.dispatch(Action::Deploy(DeployAction::Note(Some(note))));
                    }
                });
            }
        }
    }
}

/// Sends a `.kiln` file (a `File`, or the kept bytes) to the worker to open.
pub fn open_model(name: String, file: JsValue, restore: bool, dispatch: &Callback<Action>) {
    let run = link::next_run();
    codec::attach(attachment_for(run), file);
    link::send(run, Command::OpenModel { name: name.clone(), attachment: attachment_for(run) });
    dispatch.emit(Action::Deploy(DeployAction::Opening(Opening { run, name, restore })));
}

/// Loads built-in data set `id` in the worker.
pub fn load_builtin(id: &str, dispatch: &Callback<Action>) {
    let run = link::start(Command::LoadData(DataSource::Builtin { id: id.to_string(), base_url: url::assets() }));
    dispatch.emit(Action::Data(DataAction::Loading { run, id: DataId::Builtin(id.to_string()), upload: None }));
}

/// At start-up: puts back the session kept in IndexedDB — its data set (an upload is asked for
/// again), settings, spec, charts and model — or starts on the default data set.
pub fn restore_or_start(dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let kept = store::read().await;
        let (record, weights, note) = match kept {
            Ok((record, weights)) => (record, weights, None),
            Err(e) => (None, None, Some(Msg::new("deploy-session-unreadable").arg("error", e))),
        };
        let Some(record) = record else {
            load_builtin(REVIEW_SENTENCES.id, &dispatch);
            dispatch.emit(Action::Deploy(DeployAction::Note(note)));
            dispatch.emit(Action::Deploy(DeployAction::Restored));
            return;
        };
        let dataset = record.dataset.clone();
        dispatch.emit(Action::Restore(Box::new(record)));
        let mut note = Msg::new("deploy-session-restored");
        match dataset {
            Some(SavedData::Builtin(id)) if kiln_data::builtin::find(&id).is_some() => load_builtin(&id, &dispatch),
            Some(SavedData::Upload(name)) => {
                note = Msg::new("deploy-session-upload").arg("name", name);
                load_builtin(REVIEW_SENTENCES.id, &dispatch);
            }
            _ => load_builtin(REVIEW_SENTENCES.id, &dispatch),
        }
        if let Some(bytes) = weights {
            open_model("the model from your last visit".into(), bytes.into(), true, &dispatch);
        }
        dispatch.emit(Action::Deploy(DeployAction::Note(Some(note))));
        dispatch.emit(Action::Deploy(DeployAction::Restored));
    });
}

/// What the Deploy step shows.
#[derive(Properties, PartialEq)]
pub struct DeployProps {
    /// Model files and the kept session.
    pub deploy: Slice<DeployState>,
    /// The run whose model can be written now, if any.
    pub model: Option<RunId>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// Step 5: downloads, exports, the kept session.
#[component]
pub fn DeployPanel(props: &DeployProps) -> Html {
    renders::rendered("DeployPanel");
    let lang = use_lang();
    let busy = props.deploy.exporting.is_some();
    let button = |format: ModelFormat, testid: &'static str, label: String, title: String| {
        let (d, model) = (props.dispatch.clone(), props.model);
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(model) = model {
                let run = request_export(model, format, Purpose::Download);
                d.emit(Action::Deploy(DeployAction::Exporting(run, format)));
            }
        });
        html! { <button data-testid={testid} {onclick} disabled={props.model.is_none() || busy} {title}>{ label }</button> }
    };
    let on_fresh = Callback::from(|_: MouseEvent| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = store::clear().await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
    });
    let d = &props.deploy;
    let download =
        button(ModelFormat::Kiln, "model-download", t(lang, "deploy-download"), t(lang, "deploy-download.title"));
    let onnx =
        button(ModelFormat::Onnx, "export-onnx", t(lang, "deploy-export-onnx"), t(lang, "deploy-export-onnx.title"));
    let keras = button(
        ModelFormat::Keras,
        "export-keras",
        t(lang, "deploy-export-keras"),
        t(lang, "deploy-export-keras.title"),
    );
    let pytorch = button(
        ModelFormat::Pytorch,
        "export-pytorch",
        t(lang, "deploy-export-pytorch"),
        t(lang, "deploy-export-pytorch.title"),
    );
    html! {
        <section class="card" id="deploy">
            <h2><span class="step">{ "5" }</span>{ t(lang, "deploy-title") }</h2>
            <p>{ t(lang, "deploy-intro") }</p>
            <pre>{ "kiln predict kiln-model.kiln < sentences.txt\nkiln serve kiln-model.kiln --port 8000" }</pre>
            <div class="row">
                { download }
            </div>
            <p class="muted">{ t(lang, "deploy-exports") }</p>
            <div class="row">
                { onnx }
                { keras }
                { pytorch }
            </div>
            <p class="muted" data-testid="deploy-status" aria-live="polite">
                { match (props.model, busy, &d.exported) {
                    (None, _, _) => t(lang, "deploy-no-model"),
                    (_, true, _) => t(lang, "deploy-writing"),
                    (_, false, Some(done)) => tr(lang, done),
                    (_, false, None) => String::new(),
                } }
            </p>
            <h3>{ t(lang, "deploy-session") }</h3>
            <p class="muted">{ t(lang, "deploy-keep") }</p>
            if let Some(note) = &d.note {
                <p class="note" data-testid="session-note" role="status">{ tr(lang, note) }</p>
            }
            <button data-testid="start-fresh" onclick={on_fresh} title={t(lang, "deploy-fresh.title")}>{ t(lang, "deploy-fresh") }</button>
        </section>
    }
}
