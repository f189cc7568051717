//! "Open a model file": a `.kiln` file picked or dropped goes to the worker, which checks it
//! (damaged, hostile or not a Kiln file: a message here, and the current model is kept) and makes
//! it the page's model — "Try it" answers with the file's own preprocessing, Train continues from
//! its weights, and the data set it was trained on is loaded when it is a built-in one.

use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use super::{load_builtin, open_model};
use crate::i18n::{Msg, t, tr, use_lang};
use crate::renders;
use crate::state::data::DataState;
use crate::state::deploy::{DeployState, dataset_to_load, opened_name};
use crate::state::session::size;
use crate::state::{Action, Slice};

/// What the panel shows.
#[derive(Properties, PartialEq)]
pub struct OpenProps {
    /// Model files.
    pub deploy: Slice<DeployState>,
    /// The data set (to load the one the file was trained on).
    pub data: Slice<DataState>,
    /// A run is in the worker: opening waits.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The "Open a model file" card.
#[component]
pub fn ModelOpen(props: &OpenProps) -> Html {
    renders::rendered("ModelOpen");
    let lang = use_lang();
    // A file trained on another built-in data set brings that data set along.
    {
        let (deploy, data, d) = (props.deploy.clone(), props.data.clone(), props.dispatch.clone());
        let opened = deploy.opened.as_ref().map(|o| o.run);
        use_effect_with(opened, move |_| {
            if let Some(o) = &deploy.opened
                && deploy.kept != Some(o.run)
                && let Some(id) = dataset_to_load(&o.info, &data)
            {
                load_builtin(id, &d);
            }
        });
    }
    let open = {
        let d = props.dispatch.clone();
        move |file: web_sys::File| open_model(file.name(), file.into(), false, &d)
    };
    let on_pick = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|f| f.get(0));
            input.set_value("");
            if let Some(f) = file {
                open(f);
            }
        })
    };
    let locked = props.locked;
    let on_drop = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        if let Some(f) = e.data_transfer().and_then(|t| t.files()).and_then(|f| f.get(0))
            && !locked
        {
            open(f);
        }
    });
    let on_over = Callback::from(|e: DragEvent| e.prevent_default());
    let d = &props.deploy;
    html! {
        <section class="card" id="open-model">
            <h2>{ t(lang, "deploy-open-title") }</h2>
            <div class="drop-zone" data-testid="model-drop" ondrop={on_drop} ondragover={on_over}>
                <p>{ t(lang, "deploy-open-intro") }</p>
                <label class="button upload">{ t(lang, "deploy-open-pick") }
                    <input type="file" accept=".kiln,application/octet-stream" data-testid="model-open" onchange={on_pick} disabled={props.locked} />
                </label>
            </div>
            if d.opening.is_some() {
                <p class="muted">{ t(lang, "deploy-opening") }</p>
            }
            if let Some(e) = &d.open_error {
                <p class="error-inline" data-testid="model-message" role="alert">{ tr(lang, e) }</p>
            }
            if let Some(o) = &d.opened {
                <p data-testid="model-opened" data-run={o.run.0.to_string()}>
                    { tr(lang, &opened_line(o)) }
                </p>
            }
        </section>
    }
}

/// "Opened name (size): a text model trained on …, 2 classes, test accuracy 81.0%."
fn opened_line(o: &crate::state::deploy::Opened) -> Msg {
    let accuracy = o.info.metrics.accuracy;
    let accuracy = if accuracy.is_finite() {
        Msg::new("deploy-opened-accuracy").arg("pct", format!("{:.1}", accuracy * 100.0))
    } else {
        Msg::verbatim("")
    };
    // The model kept in this browser was restored, not opened: say so.
    let line = if o.restore { Msg::new("deploy-restored") } else { Msg::new("deploy-opened") };
    line.arg("name", opened_name(&o.info.name, o.restore))
        .arg("size", size(o.info.bytes as usize))
        .arg("kind", o.info.kind.clone())
        .arg("dataset", crate::state::data::dataset_label_of(&o.info.dataset))
        .arg("classes", o.info.class_names.len())
        .arg("accuracy", accuracy)
}
