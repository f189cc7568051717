//! Step 3's settings: engine, epochs, learning rate, optimizer, schedule, batch size, seed,
//! regularisation and gradient clipping. Every number is checked against [`kiln_core::limits`]
//! (the inputs' `min` / `max` come from there too); a bad value gives a message and springs back,
//! so what is shown is what is used. Its own component, so a training event (which changes the
//! run, not the settings) does not re-render it.

use kiln_core::limits::{BATCH_SIZE, EPOCHS, GRADIENT_CLIP, LEARNING_RATE, PENALTY};
use kiln_core::{Engine, LrSchedule, OptimizerKind, TrainConfig};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::lab::early_stopping::EarlyStoppingRow;
use crate::renders;
use crate::state::settings::SettingsAction;
use crate::state::{Action, Slice};

/// An `onchange` handler for a number field: a value that parses and passes `check` dispatches
/// `make(value)`; anything else shows the check's message (or `unreadable` when it is not a
/// number) and puts the field back to `current`, so what is shown is what is used.
fn number_input<T: std::str::FromStr + Copy + 'static>(
    dispatch: &Callback<Action>,
    current: String,
    check: impl Fn(T) -> Result<(), String> + 'static,
    make: impl Fn(T) -> SettingsAction + 'static,
    unreadable: &'static str,
) -> Callback<Event> {
    let d = dispatch.clone();
    Callback::from(move |e: Event| {
        let v: HtmlInputElement = e.target_unchecked_into();
        let checked =
            v.value().trim().parse::<T>().map_err(|_| unreadable.to_string()).and_then(|n| check(n).map(|()| n));
        match checked {
            Ok(n) => d.emit(Action::Settings(make(n))),
            Err(message) => {
                v.set_value(&current);
                d.emit(Action::Fail(message));
            }
        }
    })
}

/// What the settings rows show.
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The training settings.
    pub settings: Slice<TrainConfig>,
    /// Settings that only a new run can take are locked (a run is in the worker, or the engine
    /// or the data set is not ready).
    pub locked: bool,
    /// The live settings (learning rate, regularisation) are locked: a run is training (while it
    /// is paused they apply on Resume).
    pub live_locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The settings rows.
#[component]
pub fn TrainSettings(props: &SettingsProps) -> Html {
    renders::rendered("TrainSettings");
    let c = &*props.settings;
    let (locked, live_locked) = (props.locked, props.live_locked);
    let d = &props.dispatch;
    let on_engine = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Some(engine) = Engine::parse(&v.value()) {
                d.emit(Action::Settings(SettingsAction::SetEngine(engine)));
            }
        })
    };
    let on_epochs = number_input(
        d,
        c.epochs.to_string(),
        |n: usize| EPOCHS.check("epochs", n),
        SettingsAction::SetEpochs,
        "epochs must be a whole number",
    );
    let on_batch = number_input(
        d,
        c.batch_size.to_string(),
        |n: usize| BATCH_SIZE.check("batch size", n),
        SettingsAction::SetBatchSize,
        "batch size must be a whole number",
    );
    let on_lr = number_input(
        d,
        c.optimizer.learning_rate().to_string(),
        |x: f64| LEARNING_RATE.check("learning rate", x),
        SettingsAction::SetLearningRate,
        "learning rate must be a number above 0, e.g. 0.001",
    );
    let on_opt = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Some(kind) = OptimizerKind::parse(&v.value()) {
                d.emit(Action::Settings(SettingsAction::SetOptimizer(kind)));
            }
        })
    };
    let on_schedule = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            d.emit(Action::Settings(SettingsAction::SetSchedule(match v.value().as_str() {
                "step" => LrSchedule::StepDecay { every: 3, gamma: 0.5 },
                "cosine" => LrSchedule::Cosine,
                _ => LrSchedule::Constant,
            })));
        })
    };
    let on_l1 =
        number_input(d, c.l1.to_string(), |x| PENALTY.check("L1", x), SettingsAction::SetL1, "L1 must be a number");
    let on_l2 =
        number_input(d, c.l2.to_string(), |x| PENALTY.check("L2", x), SettingsAction::SetL2, "L2 must be a number");
    let on_wd = number_input(
        d,
        c.weight_decay.to_string(),
        |x| PENALTY.check("weight decay", x),
        SettingsAction::SetWeightDecay,
        "weight decay must be a number",
    );
    let on_clip = number_input(
        d,
        c.gradient_clip.map_or(String::new(), |c| c.to_string()),
        // 0 turns clipping off; anything else must be a valid norm.
        |x: f64| if x == 0.0 { Ok(()) } else { GRADIENT_CLIP.check("gradient clipping norm (0 turns it off)", x) },
        |x: f64| SettingsAction::SetClip((x > 0.0).then_some(x)),
        "gradient clipping must be a positive number (0 turns it off)",
    );
    let on_seed = number_input(
        d,
        c.seed.to_string(),
        |_: u64| Ok(()),
        SettingsAction::SetSeed,
        "seed must be a whole number ≥ 0",
    );
    let optimizer_help = std::iter::once("How the weights follow the gradient.")
        .chain(OptimizerKind::ALL.iter().map(|k| k.help()))
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <>
            <div class="row">
                <label title="Auto measures what is fastest for this model on this machine. WebGPU runs burn's wgpu backend on your graphics card; CPU runs burn's CPU backend compiled to WebAssembly.">
                    { "Engine " }
                    <select data-testid="backend-select" onchange={on_engine} disabled={locked}>
                        { for Engine::ALL.iter().map(|e| html! {
                            <option value={e.as_str()} selected={*e == c.engine}>{ e.label() }</option>
                        }) }
                    </select>
                </label>
                <label title="One epoch is one full pass over the training sentences.">{ "Epochs " }
                    <input type="number" min={EPOCHS.min.to_string()} max={EPOCHS.max.to_string()} value={c.epochs.to_string()} onchange={on_epochs} disabled={locked} /></label>
                <label title="Adam's step size. 0.001 is the reference's (Keras') default and reaches about 80 % test accuracy in 10 epochs on these 2,400 training sentences. 0.005 learns in 3 epochs but over-fits: watch the validation loss climb while the training loss falls to zero.">{ "Learning rate " }
                    <input type="number" step="any" min={LEARNING_RATE.min.to_string()} max={LEARNING_RATE.max.to_string()} value={c.optimizer.learning_rate().to_string()} onchange={on_lr} disabled={live_locked} data-testid="lr-input" /></label>
                <label title={optimizer_help}>{ "Optimizer " }
                    <select data-testid="optimizer-select" onchange={on_opt} disabled={locked}>
                        { for OptimizerKind::ALL.iter().map(|k| html! {
                            <option value={k.id()} selected={c.optimizer.kind() == *k} title={k.help()}>{ k.label() }</option>
                        }) }
                    </select></label>
                <label title="How the learning rate changes during the run. Constant: never. Step decay: halves every 3 epochs. Cosine: glides smoothly down to zero by the last epoch.">{ "Schedule " }
                    <select onchange={on_schedule} disabled={locked}>
                        <option value="constant" selected={c.schedule == LrSchedule::Constant}>{ "constant" }</option>
                        <option value="step" selected={matches!(c.schedule, LrSchedule::StepDecay { .. })}>{ "step decay (×0.5 every 3 epochs)" }</option>
                        <option value="cosine" selected={c.schedule == LrSchedule::Cosine}>{ "cosine" }</option>
                    </select></label>
                <label title="Sentences per gradient step.">{ "Batch size " }
                    <input type="number" min={BATCH_SIZE.min.to_string()} max={BATCH_SIZE.max.to_string()} value={c.batch_size.to_string()} onchange={on_batch} disabled={locked} /></label>
                <label title="Seeds the split, the initial weights and the shuffling: the same seed gives the same run.">{ "Seed " }
                    <input type="number" min="0" value={c.seed.to_string()} onchange={on_seed} disabled={locked} /></label>
            </div>
            <div class="row">
                <label title="L1 regularisation: adds λ·Σ|w| to the loss, pushing unhelpful weights to exactly zero. 0 = off.">{ "L1 " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={c.l1.to_string()} onchange={on_l1} disabled={live_locked} /></label>
                <label title="L2 regularisation: adds λ·Σw² to the loss, keeping weights small so the model over-fits less. 0 = off.">{ "L2 " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={c.l2.to_string()} onchange={on_l2} disabled={live_locked} /></label>
                <label title="Weight decay: shrinks every weight a little at each step (AdamW does this apart from the gradient). 0 = off.">{ "Weight decay " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={c.weight_decay.to_string()} onchange={on_wd} disabled={live_locked} /></label>
                <label title="Gradient clipping: if the gradient's overall length is above this, scale it down to it. Stops one bad batch from throwing the weights far away. Empty or 0 = off.">{ "Clip gradient norm " }
                    <input type="number" step="any" min="0" placeholder="off" value={c.gradient_clip.map_or(String::new(), |c| c.to_string())} onchange={on_clip} disabled={locked} /></label>
            </div>
            <EarlyStoppingRow settings={props.settings.clone()} {locked} dispatch={d.clone()} />
        </>
    }
}
