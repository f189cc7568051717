//! Step 3, Train: the settings ([`super::train_settings`]), Train / Pause / Resume / Step / Stop /
//! Reset, progress and the live charts. Every control names the run it acts on.

use kiln_core::TrainConfig;
use kiln_protocol::{Command, RunId, TrainRequest};
use yew::prelude::*;

use super::chart::{Chart, Line};
use super::train_settings::TrainSettings;
use crate::i18n::{Msg, t, tr, use_lang};
use crate::state::builder::Builder;
use crate::state::data::DataState;
use crate::state::run::{Phase, RunAction, RunState};
use crate::state::runs::RunsAction;
use crate::state::{Action, Slice};
use crate::{link, renders};
use kiln_core::format::thousands;

const TRAIN_COLOR: &str = "#2563eb";
const VAL_COLOR: &str = "#ea580c";
const BATCH_COLOR: &str = "#93c5fd";

/// What the training panel shows.
#[derive(Properties, PartialEq)]
pub struct TrainProps {
    /// The guided run.
    pub run: Slice<RunState>,
    /// The training settings.
    pub settings: Slice<TrainConfig>,
    /// The model being built (what Train sends; the loss names the chart).
    pub builder: Slice<Builder>,
    /// The data set (what Train prepares).
    pub data: Slice<DataState>,
    /// The training engine has loaded.
    pub engine_loaded: bool,
    /// The opened model file a Train continues from (see `DeployState::continue_from`).
    #[prop_or_default]
    pub from_weights: Option<RunId>,
    /// That model is the one restored from the last session (not a file the person opened).
    #[prop_or_default]
    pub from_last_session: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The training panel.
#[component]
pub fn TrainPanel(props: &TrainProps) -> Html {
    renders::rendered("TrainPanel");
    let lang = use_lang();
    let s = &props.run;
    let c = &*props.settings;
    let running = s.phase == Phase::Running;
    let paused = s.phase == Phase::Paused;
    let active = running || paused;
    // Settings unlock once the engine and the data set are ready (and stay locked while training),
    // so nothing typed during loading can be lost to the first render with loaded data. While
    // paused, the live settings (learning rate, L1, L2, weight decay) unlock: they apply on resume.
    // Train waits while another data set loads: it would train on the one being replaced.
    let data_ready = props.data.dataset.is_some() && props.data.loading.is_none();
    let locked = active || !props.engine_loaded || props.data.dataset.is_none();
    let live_locked = running || !props.engine_loaded || props.data.dataset.is_none();
    // Shape inference on every render (each batch event): microseconds, and always current.
    let spec_error = props.builder.check(&props.data).err();
    let d = &props.dispatch;
    // Every control names the run it acts on, so a click that arrives late cannot touch a newer
    // run.
    let run = s.run;
    let control = move |command: Command| {
        if let Some(run) = run {
            link::send(run, command);
        }
    };
    let on_pause = {
        let d = d.clone();
        Callback::from(move |_| {
            control(Command::Pause);
            d.emit(Action::Run(RunAction::Pausing));
        })
    };
    let on_resume = {
        let d = d.clone();
        let live = c.live();
        Callback::from(move |_| {
            control(Command::UpdateSettings(live));
            control(Command::Resume);
            d.emit(Action::Run(RunAction::Resumed));
        })
    };
    let on_step = {
        let live = c.live();
        Callback::from(move |_| {
            control(Command::UpdateSettings(live));
            control(Command::Step);
        })
    };
    let on_reset = {
        let d = d.clone();
        Callback::from(move |_| {
            control(Command::Stop);
            d.emit(Action::Run(RunAction::Reset));
        })
    };
    let on_restore = Callback::from(move |_| control(Command::RestoreLastGood));

    let on_train = {
        let (data, builder, settings) = (props.data.clone(), props.builder.clone(), props.settings.clone());
        let from_weights = props.from_weights;
        let d = d.clone();
        Callback::from(move |_| {
            let (Some(ds), None) = (&data.dataset, &data.loading) else {
                d.emit(Action::Fail(Msg::new("train-error-no-data")));
                return;
            };
            if let Err(e) = settings.validate() {
                d.emit(Action::Fail(Msg::verbatim(e)));
                return;
            }
            if let Err(e) = builder.check(&data) {
                d.emit(Action::Fail(Msg::new("train-error-model").arg("detail", e.to_string())));
                return;
            }
            let request = Box::new(TrainRequest {
                dataset: ds.id.clone(),
                prep: data.prep,
                split: data.split,
                model: builder.model(&data),
                config: (*settings).clone(),
                from_weights,
            });
            let run = link::start(Command::Train(request.clone()));
            d.emit(Action::Run(RunAction::Started(run)));
            d.emit(Action::Runs(RunsAction::Started { run, request, dataset: ds.name.clone() }));
        })
    };
    let on_stop = Callback::from(move |_| control(Command::Stop));

    let train_loss: Vec<(f64, f64)> = s.epochs.iter().map(|m| (m.epoch as f64, m.train_loss)).collect();
    let val_loss: Vec<(f64, f64)> =
        s.epochs.iter().filter(|m| m.val_loss.is_finite()).map(|m| (m.epoch as f64, m.val_loss)).collect();
    let train_acc: Vec<(f64, f64)> = s.epochs.iter().map(|m| (m.epoch as f64, m.train_accuracy)).collect();
    let val_acc: Vec<(f64, f64)> =
        s.epochs.iter().filter(|m| m.val_accuracy.is_finite()).map(|m| (m.epoch as f64, m.val_accuracy)).collect();
    let x_max = c.epochs as f64;
    let loss_title =
        tr(lang, &Msg::new("train-chart-loss").arg("loss", crate::i18n::loss_label(lang, props.builder.spec.loss)));

    let progress = match (s.progress, s.phase) {
        (Some(p), _) => {
            let done = ((p.epoch - 1) as f64 + p.batch as f64 / p.batches.max(1) as f64) / c.epochs.max(1) as f64;
            html! {
                <div class="progress" data-testid="progress">
                    <div class="bar"><div style={format!("width:{:.1}%", done * 100.0)}></div></div>
                    <span>{ tr(lang, &Msg::new("train-progress").arg("epoch", p.epoch).arg("epochs", c.epochs).arg("batch", p.batch).arg("batches", p.batches).arg("speed", thousands(p.samples_per_s.round() as usize)).arg("status", s.status.clone())) }</span>
                </div>
            }
        }
        (None, Phase::Running | Phase::Paused) => html! {
            <div class="progress" data-testid="progress">
                <div class="bar indeterminate"><div></div></div><span>{ tr(lang, &s.status) }</span>
            </div>
        },
        _ => {
            let line = s.resting_status().map_or_else(|| t(lang, "train-not-started"), |m| tr(lang, m));
            html! { <div class="progress" data-testid="progress"><span class="muted">{ line }</span></div> }
        }
    };

    html! {
        <section class="card wide" id="train" data-run={s.runs.to_string()}>
            <h2><span class="step">{ "3" }</span>{ t(lang, "train-title") }</h2>
            <TrainSettings settings={props.settings.clone()} {locked} {live_locked} dispatch={d.clone()} />
            <div class="row">
                <button class="primary" data-testid="train-button" onclick={on_train} disabled={active || !data_ready || !props.engine_loaded || spec_error.is_some()}
                    title={spec_error.as_ref().map(|e| tr(lang, &Msg::new("train-button-fix").arg("detail", e.to_string())))}>
                    { t(lang, if props.engine_loaded { "train-button" } else { "train-button-loading" }) }
                </button>
                <button data-testid="pause-button" onclick={on_pause} disabled={!running} title={t(lang, "train-pause.title")}>{ t(lang, "train-pause") }</button>
                <button data-testid="resume-button" onclick={on_resume} disabled={!paused} title={t(lang, "train-resume.title")}>{ t(lang, "train-resume") }</button>
                <button data-testid="step-button" onclick={on_step} disabled={!paused} title={t(lang, "train-step.title")}>{ t(lang, "train-step") }</button>
                <button data-testid="stop-button" onclick={on_stop} disabled={!active}>{ t(lang, "train-stop") }</button>
                <button data-testid="reset-button" onclick={on_reset} disabled={s.phase == Phase::Idle && s.epochs.is_empty()} title={t(lang, "train-reset.title")}>{ t(lang, "train-reset") }</button>
                <span class="backend" data-testid="backend">
                    { match &s.engine { Some((_, why)) => tr(lang, why), None => t(lang, if props.engine_loaded { "train-engine-later" } else { "common-engine-loading" }) } }
                </span>
            </div>
            if props.from_weights.is_some() && !active {
                <p class="muted" data-testid="train-from">{ t(lang, if props.from_last_session { "train-from-restored" } else { "train-from-weights" }) }</p>
            }
            if let Some((msg, can_restore)) = &s.diverged {
                <div class="diverged" data-testid="nan-explanation" role="alert">
                    <b>{ t(lang, "train-diverged") }</b>{ tr(lang, msg) }
                    if *can_restore {
                        <button data-testid="restore-button" onclick={on_restore}>{ t(lang, "train-restore") }</button>
                    }
                </div>
            }
            { progress }
            <div class="charts">
                <Chart title={loss_title} testid="loss-chart" x_max={x_max} x_label={t(lang, "train-chart-epoch")} lines={vec![
                    Line { label: t(lang, "train-chart-batches"), color: BATCH_COLOR, points: s.batch_loss.points().to_vec(), dots: false },
                    Line { label: t(lang, "train-chart-train"), color: TRAIN_COLOR, points: train_loss, dots: true },
                    Line { label: t(lang, "train-chart-validation"), color: VAL_COLOR, points: val_loss, dots: true },
                ]} />
                <Chart title={t(lang, "train-chart-accuracy")} testid="accuracy-chart" x_max={x_max} x_label={t(lang, "train-chart-epoch")} y_range={Some((0.4, 1.0))} percent=true lines={vec![
                    Line { label: t(lang, "train-chart-train"), color: TRAIN_COLOR, points: train_acc, dots: true },
                    Line { label: t(lang, "train-chart-validation"), color: VAL_COLOR, points: val_acc, dots: true },
                ]} />
            </div>
        </section>
    }
}
