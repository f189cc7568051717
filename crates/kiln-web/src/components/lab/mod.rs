//! Step 6, the lab: three panels that each take the model and data set of the guided flow a step
//! further — [`compress`] (int8 / float16 / pruning of the trained model), [`federated`]
//! (FedAvg over simulated clients) and [`search`] (hyper-parameter search) — plus
//! [`early_stopping`], the option every guided run gets in step 3. Each lab job runs in the
//! worker as one cancellable run (`Command::Lab`); the panels show the lab slice
//! ([`crate::state::lab`]).

pub mod compress;
pub mod early_stopping;
pub mod federated;
pub mod search;

use std::str::FromStr;

use kiln_core::TrainConfig;
use kiln_protocol::{Command, LabCommand, RunId, TrainRequest};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Lang, Msg, t, tr, use_lang};
use crate::state::builder::Builder;
use crate::state::data::DataState;
use crate::state::lab::{LabAction, LabJob, LabState, LabTab, ModelData};
use crate::state::{Action, Slice};
use crate::{link, renders};

/// What every lab panel is given.
#[derive(Properties, PartialEq, Clone)]
pub struct LabProps {
    /// The lab slice.
    pub lab: Slice<LabState>,
    /// The run whose trained model the worker holds, when one can be used now.
    pub model: Option<RunId>,
    /// Where that model came from: its data set, and whether it was trained in this page.
    #[prop_or_default]
    pub model_data: Option<ModelData>,
    /// A guided run is in the worker.
    pub training: bool,
    /// The training engine has loaded.
    pub engine_loaded: bool,
    /// The data set.
    pub data: Slice<DataState>,
    /// The model being built.
    pub builder: Slice<Builder>,
    /// The training settings.
    pub settings: Slice<TrainConfig>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

impl LabProps {
    /// A lab job can start now.
    pub fn can_start(&self) -> bool {
        self.engine_loaded && !self.training && !self.lab.running && self.data.dataset.is_some()
    }

    /// Sends `command` as a new lab run of kind `job`.
    pub fn start(&self, command: LabCommand, job: LabJob) {
        let run = link::start(Command::Lab(Box::new(command)));
        self.dispatch.emit(Action::Lab(LabAction::Started(run, job)));
    }

    /// The line a panel that trains the builder's model from new weights shows: which model and
    /// which data set (the one chosen now) it uses. `id` is the panel's message.
    pub fn uses_current(&self, lang: Lang, id: &'static str) -> Html {
        let Some(ds) = &self.data.dataset else { return Html::default() };
        html! {
            <p class="lab-uses" data-testid="lab-uses" data-dataset={ds.id.to_string()}>
                { tr(lang, &Msg::new(id).arg("dataset", crate::state::data::dataset_label(&ds.id))) }
            </p>
        }
    }

    /// The guided run's request as Train would send it now (data set, split, model, settings).
    ///
    /// # Errors
    /// A message when the data set has not loaded, a setting is invalid or the model does not fit.
    pub fn train_request(&self) -> Result<TrainRequest, Msg> {
        let Some(ds) = &self.data.dataset else { return Err(Msg::new("train-error-no-data")) };
        self.settings.validate().map_err(Msg::verbatim)?;
        self.builder.check(&self.data).map_err(|e| Msg::new("train-error-model").arg("detail", e.to_string()))?;
        Ok(TrainRequest {
            dataset: ds.id.clone(),
            prep: self.data.prep,
            split: self.data.split,
            model: self.builder.model(&self.data),
            config: (*self.settings).clone(),
            // A lab job trains from fresh weights (an opened file's weights stay for Train).
            from_weights: None,
        })
    }
}

/// An `onchange` for a number field: a value that parses and that `make` accepts dispatches the
/// action; otherwise the message shows and the field goes back to `current`.
pub(crate) fn number<T: FromStr + 'static>(
    dispatch: &Callback<Action>,
    current: String,
    make: impl Fn(T) -> Result<LabAction, Msg> + 'static,
) -> Callback<Event> {
    let d = dispatch.clone();
    Callback::from(move |e: Event| {
        let v: HtmlInputElement = e.target_unchecked_into();
        let parsed = v
            .value()
            .trim()
            .parse::<T>()
            .map_err(|_| Msg::new("lab-not-a-number").arg("value", format!("{:?}", v.value())));
        match parsed.and_then(&make) {
            Ok(action) => d.emit(Action::Lab(action)),
            Err(message) => {
                v.set_value(&current);
                d.emit(Action::Fail(message));
            }
        }
    })
}

/// The Stop button of a lab job and its status line.
pub(crate) fn stop_and_status(lang: Lang, props: &LabProps, is_mine: impl Fn(LabJob) -> bool) -> Html {
    let lab = &props.lab;
    let mine = lab.job.is_some_and(|(_, j)| is_mine(j));
    let running = mine && lab.running;
    let on_stop = {
        let (job, d) = (lab.job, props.dispatch.clone());
        Callback::from(move |_| {
            if let Some((run, _)) = job {
                link::send(run, Command::Stop);
                d.emit(Action::Lab(LabAction::Stopping));
            }
        })
    };
    html! {
        <>
            <button data-testid="lab-stop" onclick={on_stop} disabled={!running}>{ t(lang, "lab-stop") }</button>
            if mine {
                <span class="lab-status" data-testid="lab-status" data-running={running.to_string()}>
                    if running { <span class="spinner"></span> }
                    { lab.status.as_ref().map(|m| tr(lang, m)).unwrap_or_default() }
                </span>
            }
        </>
    }
}

/// The lab: tabs and the panel chosen.
#[component]
pub fn LabPanel(props: &LabProps) -> Html {
    renders::rendered("LabPanel");
    let lang = use_lang();
    let tab = props.lab.tab;
    let to = |t: LabTab| props.dispatch.reform(move |_| Action::Lab(LabAction::Tab(t)));
    let tab_button = |to_tab: LabTab, label: &'static str, id: &'static str| {
        html! { <button class={classes!((tab == to_tab).then_some("on"))} data-testid={id} onclick={to(to_tab)}>{ t(lang, label) }</button> }
    };
    html! {
        <section class="card wide lab" id="lab">
            <h2><span class="step">{ "6" }</span>{ t(lang, "lab-title") }</h2>
            <p class="muted">{ t(lang, "lab-intro") }</p>
            <nav class="lab-tabs">
                { tab_button(LabTab::Compress, "lab-tab-compress", "lab-tab-compress") }
                { tab_button(LabTab::Federated, "lab-tab-federated", "lab-tab-federated") }
                { tab_button(LabTab::Search, "lab-tab-search", "lab-tab-search") }
            </nav>
            { match tab {
                LabTab::Compress => html! { <compress::CompressPanel ..props.clone() /> },
                LabTab::Federated => html! { <federated::FederatedPanel ..props.clone() /> },
                LabTab::Search => html! { <search::SearchPanel ..props.clone() /> },
            } }
        </section>
    }
}
