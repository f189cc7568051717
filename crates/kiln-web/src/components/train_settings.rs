//! Step 3's settings: engine, epochs, learning rate, optimizer, schedule, batch size, seed,
//! regularisation and gradient clipping. Every number is checked against [`kiln_core::limits`]
//! (the inputs' `min` / `max` come from there too); a bad value gives a message and springs back,
//! so what is shown is what is used. Its own component, so a training event (which changes the
//! run, not the settings) does not re-render it.

use kiln_core::limits::{BATCH_SIZE, EPOCHS, FloatRange, GRADIENT_CLIP, IntRange, LEARNING_RATE, PENALTY};
use kiln_core::{Engine, LrSchedule, OptimizerKind, TrainConfig};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::lab::early_stopping::EarlyStoppingRow;
use crate::i18n::{Msg, t, use_lang};
use crate::renders;
use crate::state::settings::SettingsAction;
use crate::state::{Action, Slice};

/// An `onchange` handler for a number field: a value that parses and passes `check` dispatches
/// `make(value)`; anything else shows the check's message (or the message `unreadable` when it
/// is not a number) and puts the field back to `current`, so what is shown is what is used.
fn number_input<T: std::str::FromStr + Copy + 'static>(
    dispatch: &Callback<Action>,
    current: String,
    check: impl Fn(T) -> Result<(), Msg> + 'static,
    make: impl Fn(T) -> SettingsAction + 'static,
    unreadable: &'static str,
) -> Callback<Event> {
    let d = dispatch.clone();
    Callback::from(move |e: Event| {
        let v: HtmlInputElement = e.target_unchecked_into();
        let checked =
            v.value().trim().parse::<T>().map_err(|_| Msg::new(unreadable)).and_then(|n| check(n).map(|()| n));
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

/// "`name` must be a whole number from `min` to `max`, got `n`" ([`IntRange::check`]'s words),
/// `name` being a message id.
fn int_ok(r: IntRange, name: &'static str, n: usize) -> Result<(), Msg> {
    if r.contains(n) { Ok(()) } else { Err(int_range_error(r, name, n)) }
}

/// The message of [`int_ok`].
pub fn int_range_error(r: IntRange, name: &'static str, n: usize) -> Msg {
    Msg::new("train-error-range-int")
        .arg("name", Msg::new(name))
        .arg("min", r.min.to_string())
        .arg("max", r.max.to_string())
        .arg("value", n.to_string())
}

/// "`name` must be a number `range`, got `x`" ([`FloatRange::check`]'s words), `name` being a
/// message id.
fn float_ok(r: FloatRange, name: &'static str, x: f64) -> Result<(), Msg> {
    if r.contains(x) { Ok(()) } else { Err(float_range_error(r, name, x)) }
}

/// The message of [`float_ok`]: the range in words as [`FloatRange`]'s `Display` says it.
fn float_range_error(r: FloatRange, name: &'static str, x: f64) -> Msg {
    let id = match (r.max.is_finite(), r.min_open, r.max_open) {
        (false, true, _) => "train-range-above",
        (false, false, _) => "train-range-at-least",
        (true, false, false) => "train-range-from-to",
        (true, true, true) => "train-range-above-below",
        (true, false, true) => "train-range-at-least-below",
        (true, true, false) => "train-range-above-at-most",
    };
    let range = Msg::new(id).arg("min", r.min.to_string()).arg("max", r.max.to_string());
    Msg::new("train-error-range-float").arg("name", Msg::new(name)).arg("range", range).arg("value", x.to_string())
}

/// The settings rows.
#[component]
pub fn TrainSettings(props: &SettingsProps) -> Html {
    renders::rendered("TrainSettings");
    let lang = use_lang();
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
        |n: usize| int_ok(EPOCHS, "train-name-epochs", n),
        SettingsAction::SetEpochs,
        "train-error-epochs",
    );
    let on_batch = number_input(
        d,
        c.batch_size.to_string(),
        |n: usize| int_ok(BATCH_SIZE, "train-name-batch", n),
        SettingsAction::SetBatchSize,
        "train-error-batch",
    );
    let on_lr = number_input(
        d,
        c.optimizer.learning_rate().to_string(),
        |x: f64| float_ok(LEARNING_RATE, "train-name-lr", x),
        SettingsAction::SetLearningRate,
        "train-error-lr",
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
    let on_l1 = number_input(
        d,
        c.l1.to_string(),
        |x| float_ok(PENALTY, "train-l1", x),
        SettingsAction::SetL1,
        "train-error-l1",
    );
    let on_l2 = number_input(
        d,
        c.l2.to_string(),
        |x| float_ok(PENALTY, "train-l2", x),
        SettingsAction::SetL2,
        "train-error-l2",
    );
    let on_wd = number_input(
        d,
        c.weight_decay.to_string(),
        |x| float_ok(PENALTY, "train-name-wd", x),
        SettingsAction::SetWeightDecay,
        "train-error-wd",
    );
    let on_clip = number_input(
        d,
        c.gradient_clip.map_or(String::new(), |c| c.to_string()),
        // 0 turns clipping off; anything else must be a valid norm.
        |x: f64| if x == 0.0 { Ok(()) } else { float_ok(GRADIENT_CLIP, "train-name-clip", x) },
        |x: f64| SettingsAction::SetClip((x > 0.0).then_some(x)),
        "train-error-clip",
    );
    let on_seed = number_input(d, c.seed.to_string(), |_: u64| Ok(()), SettingsAction::SetSeed, "train-error-seed");
    let optimizer_help = std::iter::once(t(lang, "train-optimizer.title"))
        .chain(OptimizerKind::ALL.iter().map(|k| crate::i18n::optimizer_help(lang, *k)))
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <>
            <div class="row">
                <label title={t(lang, "train-engine.title")}>
                    { t(lang, "train-engine") }{ " " }
                    <select data-testid="backend-select" onchange={on_engine} disabled={locked}>
                        { for Engine::ALL.iter().map(|e| html! {
                            <option value={e.as_str()} selected={*e == c.engine}>{ if *e == Engine::Auto { t(lang, "train-engine-auto") } else { e.label().to_string() } }</option>
                        }) }
                    </select>
                </label>
                <label title={t(lang, "train-epochs.title")}>{ t(lang, "train-epochs") }{ " " }
                    <input type="number" min={EPOCHS.min.to_string()} max={EPOCHS.max.to_string()} value={c.epochs.to_string()} onchange={on_epochs} disabled={locked} /></label>
                <label title={t(lang, "train-lr.title")}>{ t(lang, "train-lr") }{ " " }
                    <input type="number" step="any" min={LEARNING_RATE.min.to_string()} max={LEARNING_RATE.max.to_string()} value={c.optimizer.learning_rate().to_string()} onchange={on_lr} disabled={live_locked} data-testid="lr-input" /></label>
                <label title={optimizer_help}>{ t(lang, "train-optimizer") }{ " " }
                    <select data-testid="optimizer-select" onchange={on_opt} disabled={locked}>
                        { for OptimizerKind::ALL.iter().map(|k| html! {
                            <option value={k.id()} selected={c.optimizer.kind() == *k} title={crate::i18n::optimizer_help(lang, *k)}>{ crate::i18n::optimizer_label(lang, *k) }</option>
                        }) }
                    </select></label>
                <label title={t(lang, "train-schedule.title")}>{ t(lang, "train-schedule") }{ " " }
                    <select onchange={on_schedule} disabled={locked}>
                        <option value="constant" selected={c.schedule == LrSchedule::Constant}>{ t(lang, "train-schedule-constant") }</option>
                        <option value="step" selected={matches!(c.schedule, LrSchedule::StepDecay { .. })}>{ t(lang, "train-schedule-step") }</option>
                        <option value="cosine" selected={c.schedule == LrSchedule::Cosine}>{ t(lang, "train-schedule-cosine") }</option>
                    </select></label>
                <label title={t(lang, "train-batch.title")}>{ t(lang, "train-batch") }{ " " }
                    <input type="number" min={BATCH_SIZE.min.to_string()} max={BATCH_SIZE.max.to_string()} value={c.batch_size.to_string()} onchange={on_batch} disabled={locked} /></label>
                <label title={t(lang, "train-seed.title")}>{ t(lang, "train-seed") }{ " " }
                    <input type="number" min="0" value={c.seed.to_string()} onchange={on_seed} disabled={locked} /></label>
            </div>
            <div class="row">
                <label title={t(lang, "train-l1.title")}>{ t(lang, "train-l1") }{ " " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={c.l1.to_string()} onchange={on_l1} disabled={live_locked} /></label>
                <label title={t(lang, "train-l2.title")}>{ t(lang, "train-l2") }{ " " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={c.l2.to_string()} onchange={on_l2} disabled={live_locked} /></label>
                <label title={t(lang, "train-wd.title")}>{ t(lang, "train-wd") }{ " " }
                    <input type="number" step="any" min={PENALTY.min.to_string()} max={PENALTY.max.to_string()} value={c.weight_decay.to_string()} onchange={on_wd} disabled={live_locked} /></label>
                <label title={t(lang, "train-clip.title")}>{ t(lang, "train-clip") }{ " " }
                    <input type="number" step="any" min="0" placeholder={t(lang, "train-clip-off")} value={c.gradient_clip.map_or(String::new(), |c| c.to_string())} onchange={on_clip} disabled={locked} /></label>
            </div>
            <EarlyStoppingRow settings={props.settings.clone()} {locked} dispatch={d.clone()} />
        </>
    }
}
