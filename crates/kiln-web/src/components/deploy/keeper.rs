//! Keeps the session in IndexedDB as the page changes: the [`SessionRecord`] whenever the data
//! set, text or split settings, spec, settings or the finished run's charts change (never during
//! a run: the charts move with every batch), and the model's `.kiln` bytes once per trained or
//! opened model. Nothing is written before the start-up restore has finished, so a reload never
//! overwrites the session it is about to put back.

use kiln_core::TrainConfig;
use kiln_protocol::{ModelFormat, Msg};
use yew::prelude::*;

use super::{Purpose, request_export, store};
use crate::state::builder::Builder;
use crate::state::data::DataState;
use crate::state::deploy::{DeployAction, DeployState};
use crate::state::run::RunState;
use crate::state::session::{SessionRecord, quota_message};
use crate::state::{Action, Slice};

/// The slices the kept session is made of.
#[derive(Properties, PartialEq)]
pub struct KeeperProps {
    /// The data set and its settings.
    pub data: Slice<DataState>,
    /// The spec.
    pub builder: Slice<Builder>,
    /// The training settings.
    pub settings: Slice<TrainConfig>,
    /// The run: its charts and model.
    pub run: Slice<RunState>,
    /// Whether the restore finished, and which model is kept.
    pub deploy: Slice<DeployState>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// Renders nothing; writes the session.
#[component]
pub fn SessionKeeper(props: &KeeperProps) -> Html {
    let restored = props.deploy.restored;
    let record = (restored && !props.run.is_active())
        .then(|| SessionRecord::of(&props.data, &props.builder, &props.settings, &props.run));
    {
        let d = props.dispatch.clone();
        use_effect_with(record, move |record| {
            if let Some(record) = record.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(e) = store::write_record(&record).await {
                        let kept = Msg::new("deploy-kept-instead-previous");
                        let note = quota_message(Msg::new("deploy-kept-settings"), record.to_json().len(), &e, kept);
                        d.emit(Action::Deploy(DeployAction::Note(Some(note))));
                    }
                });
            }
        });
    }
    let model = props.run.usable_model().filter(|m| restored && props.deploy.kept != Some(*m));
    {
        let d = props.dispatch.clone();
        use_effect_with(model, move |model| {
            if let Some(model) = *model {
                let run = request_export(model, ModelFormat::Kiln, Purpose::Keep);
                d.emit(Action::Deploy(DeployAction::Keeping { model, run }));
            }
        });
    }
    Html::default()
}
