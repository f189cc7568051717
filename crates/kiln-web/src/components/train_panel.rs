//! Step 3, Train: engine, hyper-parameters, Train / Stop, progress and the live charts.

use kiln_core::limits::{BATCH_SIZE, EPOCHS, GRADIENT_CLIP, LEARNING_RATE, PENALTY};
use kiln_core::{Engine, LrSchedule, OptimizerKind};
use kiln_protocol::{Command, TrainRequest};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::chart::{Chart, Line};
use super::{PanelProps, thousands};
use crate::state::{Action, Phase};

const TRAIN_COLOR: &str = "#2563eb";
const VAL_COLOR: &str = "#ea580c";
const BATCH_COLOR: &str = "#93c5fd";

/// An `onchange` handler for a number field: a value that parses and passes `check` dispatches
/// `make(value)`; anything else shows the check's message (or `unreadable` when it is not a
/// number) and puts the field back to `current`, so what is shown is what is used.
fn number_input<T: std::str::FromStr + Copy + 'static>(
    dispatch: &Callback<Action>,
    current: String,
    check: impl Fn(T) -> Result<(), String> + 'static,
    make: impl Fn(T) -> Action + 'static,
    unreadable: &'static str,
) -> Callback<Event> {
    let d = dispatch.clone();
    Callback::from(move |e: Event| {
        let v: HtmlInputElement = e.target_unchecked_into();
        let checked =
            v.value().trim().parse::<T>().map_err(|_| unreadable.to_string()).and_then(|n| check(n).map(|()| n));
        match checked {
            Ok(n) => d.emit(make(n)),
            Err(message) => {
                v.set_value(&current);
                d.emit(Action::Fail(message));
            }
        }
    })
}

/// The training panel.
#[component]
pub fn TrainPanel(props: &PanelProps) -> Html {
    let s = &props.state;
    let running = s.phase == Phase::Running;
    let paused = s.phase == Phase::Paused;
    let active = running || paused;
    // Settings unlock once the engine and the data set are ready (and stay locked while training),
    // so nothing typed during loading can be lost to the first render with loaded data. While
    // paused, the live settings (learning rate, L1, L2, weight decay) unlock: they apply on resume.
    let locked = active || !s.engine_loaded || s.dataset.is_none();
    let live_locked = running || !s.engine_loaded || s.dataset.is_none();
    let d = &props.dispatch;
    let on_engine = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Some(engine) = Engine::parse(&v.value()) {
                d.emit(Action::SetEngine(engine));
            }
        })
    };
    let on_epochs = number_input(
        d,
        s.config.epochs.to_string(),
        |n: usize| EPOCHS.check("epochs", n),
        Action::SetEpochs,
        "epochs must be a whole number",
    );
    let on_batch = number_input(
        d,
        s.config.batch_size.to_string(),
        |n: usize| BATCH_SIZE.check("batch size", n),
        Action::SetBatchSize,
        "batch size must be a whole number",
    );
    let on_lr = number_input(
        d,
        s.config.optimizer.learning_rate().to_string(),
        |x: f64| LEARNING_RATE.check("learning rate", x),
        Action::SetLearningRate,
        "learning rate must be a number above 0, e.g. 0.001",
    );
    let on_opt = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            d.emit(Action::SetOptimizer(v.value()));
        })
    };
    let on_schedule = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            d.emit(Action::SetSchedule(match v.value().as_str() {
                "step" => LrSchedule::StepDecay { every: 3, gamma: 0.5 },
                "cosine" => LrSchedule::Cosine,
                _ => LrSchedule::Constant,
            }));
        })
    };
    let on_l1 =
        number_input(d, s.config.l1.to_string(), |x| PENALTY.check("L1", x), Action::SetL1, "L1 must be a number");
    let on_l2 =
        number_input(d, s.config.l2.to_string(), |x| PENALTY.check("L2", x), Action::SetL2, "L2 must be a number");
    let on_wd = number_input(
        d,
        s.config.weight_decay.to_string(),
        |x| PENALTY.check("weight decay", x),
        Action::SetWeightDecay,
        "weight decay must be a number",
    );
    let on_clip = number_input(
        d,
        s.config.gradient_clip.map_or(String::new(), |c| c.to_string()),
        // 0 turns clipping off; anything else must be a valid norm.
        |x: f64| if x == 0.0 { Ok(()) } else { GRADIENT_CLIP.check("gradient clipping norm (0 turns it off)", x) },
        |x: f64| Action::SetClip((x > 0.0).then_some(x)),
        "gradient clipping must be a positive number (0 turns it off)",
    );
    let on_pause = {
        let send = props.send.clone();
        let d = d.clone();
        Callback::from(move |_| {
            send.emit(Command::Pause);
            d.emit(Action::Paused);
        })
    };
    let on_resume = {
        let send = props.send.clone();
        let d = d.clone();
        let live = s.config.live();
        Callback::from(move |_| {
            send.emit(Command::UpdateSettings(live));
            send.emit(Command::Resume);
            d.emit(Action::Resumed);
        })
    };
    let on_step = {
        let send = props.send.clone();
        let live = s.config.live();
        Callback::from(move |_| {
            send.emit(Command::UpdateSettings(live));
            send.emit(Command::Step);
        })
    };
    let on_reset = {
        let send = props.send.clone();
        let d = d.clone();
        Callback::from(move |_| {
            send.emit(Command::Stop);
            d.emit(Action::Reset);
        })
    };
    let on_restore = {
        let send = props.send.clone();
        Callback::from(move |_| send.emit(Command::RestoreLastGood))
    };
    let on_seed =
        number_input(d, s.config.seed.to_string(), |_: u64| Ok(()), Action::SetSeed, "seed must be a whole number ≥ 0");
    let on_train = {
        let state = s.clone();
        let send = props.send.clone();
        let d = d.clone();
        Callback::from(move |_| {
            let Some(ds) = &state.dataset else {
                d.emit(Action::Fail("the data set has not loaded yet".into()));
                return;
            };
            if let Err(e) = state.config.validate() {
                d.emit(Action::Fail(e));
                return;
            }
            if let Some(e) = state.spec_error() {
                d.emit(Action::Fail(format!("the model cannot be trained yet: {e}")));
                return;
            }
            d.emit(Action::TrainStarted);
            send.emit(Command::Train(Box::new(TrainRequest {
                dataset: ds.id.clone(),
                prep: state.prep,
                split: state.split,
                model: state.model(),
                config: state.config.clone(),
            })));
        })
    };
    let on_stop = {
        let send = props.send.clone();
        Callback::from(move |_| send.emit(Command::Stop))
    };

    let optimizer_help = std::iter::once("How the weights follow the gradient.")
        .chain(OptimizerKind::ALL.iter().map(|k| k.help()))
        .collect::<Vec<_>>()
        .join(" ");
    let train_loss: Vec<(f64, f64)> = s.epochs.iter().map(|m| (m.epoch as f64, m.train_loss)).collect();
    let val_loss: Vec<(f64, f64)> =
        s.epochs.iter().filter(|m| m.val_loss.is_finite()).map(|m| (m.epoch as f64, m.val_loss)).collect();
    let train_acc: Vec<(f64, f64)> = s.epochs.iter().map(|m| (m.epoch as f64, m.train_accuracy)).collect();
    let val_acc: Vec<(f64, f64)> =
        s.epochs.iter().filter(|m| m.val_accuracy.is_finite()).map(|m| (m.epoch as f64, m.val_accuracy)).collect();
    let x_max = s.config.epochs as f64;
    let loss_title = match s.builder.spec.loss {
        kiln_core::LossSpec::BinaryCrossEntropy => "Loss (binary cross-entropy)",
        kiln_core::LossSpec::CategoricalCrossEntropy => "Loss (categorical cross-entropy)",
        kiln_core::LossSpec::MeanSquaredError => "Loss (mean squared error)",
    };

    let progress = match (s.progress, s.phase) {
        (Some(p), _) => {
            let done =
                ((p.epoch - 1) as f64 + p.batch as f64 / p.batches.max(1) as f64) / s.config.epochs.max(1) as f64;
            html! {
                <div class="progress" data-testid="progress">
                    <div class="bar"><div style={format!("width:{:.1}%", done * 100.0)}></div></div>
                    <span>{ format!("epoch {}/{} · batch {}/{} · {} samples/s · {}", p.epoch, s.config.epochs, p.batch, p.batches, thousands(p.samples_per_s.round() as usize), s.status) }</span>
                </div>
            }
        }
        (None, Phase::Running | Phase::Paused) => html! {
            <div class="progress" data-testid="progress">
                <div class="bar indeterminate"><div></div></div><span>{ &s.status }</span>
            </div>
        },
        _ => html! { <div class="progress" data-testid="progress"><span class="muted">{ "not started" }</span></div> },
    };

    html! {
        <section class="card wide" id="train" data-run={s.runs.to_string()}>
            <h2><span class="step">{ "3" }</span>{ "Train" }</h2>
            <div class="row">
                <label title="Auto measures what is fastest for this model on this machine. WebGPU runs burn's wgpu backend on your graphics card; CPU runs burn's CPU backend compiled to WebAssembly.">
                    { "Engine " }
                    <select data-testid="backend-select" onchange={on_engine} disabled={locked}>
                        { for Engine::ALL.iter().map(|e| html! {
                            <option value={e.as_str()} selected={*e == s.config.engine}>{ e.label() }</option>
                        }) }
                    </select>
                </label>
                <label title="One epoch is one full pass over the training sentences.">{ "Epochs " }
                    <input type="number" min={EPOCHS.min.to_string()} max={EPOCHS.max.to_string()} value={s.config.epochs.to_string()} onchange={on_epochs} disabled={locked} /></label>
                <label title="Adam's step size. 0.001 is the reference's (Keras') default and reaches about 80 % test accuracy in 10 epochs on these 2,400 training sentences. 0.005 learns in 3 epochs but over-fits: watch the validation loss climb while the training loss falls to zero.">{ "Learning rate " }
                    <input type="number" step="any" min={LEARNING_RATE.min.to_string()} max={LEARNING_RATE.max.to_string()} value={s.config.optimizer.learning_rate().to_string()} onchange={on_lr} disabled={live_locked} data-testid="lr-input" /></label>
                <label title={optimizer_help}>{ "Optimizer " }
                    <select data-testid="optimizer-select" onchange={on_opt} disabled={locked}>
                        { for OptimizerKind::ALL.iter().map(|k| html! {
                            <option value={k.id()} selected={s.config.optimizer.kind() == *k} title={k.help()}>{ k.label() }</option>
                        }) }
                    </select></label>
                <label title="How the learning rate changes during the run. Constant: never. Step decay: halves every 3 epochs. Cosine: glides smoothly down to zero by the last epoch.">{ "Schedule " }
                    <select onchange={on_schedule} disabled={locked}>
                        <option value="constant" selected={s.config.schedule == LrSchedule::Constant}>{ "constant" }</option>
                        <option value="step" selected={matches!(s.config.schedule, LrSchedule::StepDecay { .. })}>{ "step decay (×0.5 every 3 epochs)" }</option>
                        <option value="cosine" selected={s.config.schedule == LrSchedule::Cosine}>{ "cosine" }</option>
                    </select></label>
                <label title="Sentences per gradient step.">{ "Batch size " }
                    <input type="number" min={BATCH_SIZE.min.to_string()} max={BATCH_SIZE.max.to_string()} value={s.config.batch_size.to_string()} onchange={on_batch} disabled={locked} /></label>
                <label title="Seeds the split, the initial weights and the shuffling: the same seed gives the same run.">{ "Seed " }
                    <input type="number" min="0" value={s.config.seed.to_string()} onchange={on_seed} disabled={locked} /></label>
            </div>
            <div class="row">
                <label title="L1 regularisation: adds λ·Σ|w| to the loss, pushing unhelpful weights to exactly zero. 0 = off.">{ "L1 " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={s.config.l1.to_string()} onchange={on_l1} disabled={live_locked} /></label>
                <label title="L2 regularisation: adds λ·Σw² to the loss, keeping weights small so the model over-fits less. 0 = off.">{ "L2 " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={s.config.l2.to_string()} onchange={on_l2} disabled={live_locked} /></label>
                <label title="Weight decay: shrinks every weight a little at each step (AdamW does this apart from the gradient). 0 = off.">{ "Weight decay " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={s.config.weight_decay.to_string()} onchange={on_wd} disabled={live_locked} /></label>
                <label title="Gradient clipping: if the gradient's overall length is above this, scale it down to it. Stops one bad batch from throwing the weights far away. Empty or 0 = off.">{ "Clip gradient norm " }
                    <input type="number" step="any" min="0" placeholder="off" value={s.config.gradient_clip.map_or(String::new(), |c| c.to_string())} onchange={on_clip} disabled={locked} /></label>
            </div>
            <div class="row">
                <button class="primary" data-testid="train-button" onclick={on_train} disabled={active || s.dataset.is_none() || !s.engine_loaded || s.spec_error().is_some()}
                    title={s.spec_error().map(|e| format!("Fix the model first (step 2): {e}"))}>
                    { if s.engine_loaded { "Train" } else { "Loading engine…" } }
                </button>
                <button data-testid="pause-button" onclick={on_pause} disabled={!running} title="Hold training before the next batch; the weights are kept.">{ "Pause" }</button>
                <button data-testid="resume-button" onclick={on_resume} disabled={!paused} title="Go on from where it paused, with the learning rate and regularisation now set.">{ "Resume" }</button>
                <button data-testid="step-button" onclick={on_step} disabled={!paused} title="Train exactly one batch, then pause again.">{ "Step" }</button>
                <button data-testid="stop-button" onclick={on_stop} disabled={!active}>{ "Stop" }</button>
                <button data-testid="reset-button" onclick={on_reset} disabled={s.phase == Phase::Idle && s.epochs.is_empty()} title="Forget the trained weights and the charts; the next Train starts from new initial weights drawn from the seed.">{ "Reset" }</button>
                <span class="backend" data-testid="backend">
                    { match &s.engine { Some((_, why)) => why.clone(), None => if s.engine_loaded { "engine: chosen when you press Train".into() } else { "loading the training engine…".into() } } }
                </span>
            </div>
            if let Some((msg, can_restore)) = &s.diverged {
                <div class="diverged" data-testid="nan-explanation" role="alert">
                    <b>{ "Training stopped: " }</b>{ msg.clone() }
                    if *can_restore {
                        <button data-testid="restore-button" onclick={on_restore}>{ "Restore last good weights" }</button>
                    }
                </div>
            }
            { progress }
            <div class="charts">
                <Chart title={loss_title} testid="loss-chart" x_max={x_max} lines={vec![
                    Line { label: "batches", color: BATCH_COLOR, points: s.batch_loss.points().to_vec(), dots: false },
                    Line { label: "train", color: TRAIN_COLOR, points: train_loss, dots: true },
                    Line { label: "validation", color: VAL_COLOR, points: val_loss, dots: true },
                ]} />
                <Chart title="Accuracy" testid="accuracy-chart" x_max={x_max} y_range={Some((0.4, 1.0))} percent=true lines={vec![
                    Line { label: "train", color: TRAIN_COLOR, points: train_acc, dots: true },
                    Line { label: "validation", color: VAL_COLOR, points: val_acc, dots: true },
                ]} />
            </div>
        </section>
    }
}
