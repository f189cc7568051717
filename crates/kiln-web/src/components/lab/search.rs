//! Lab → Search: a hyper-parameter search over the settings the person ticks — learning rate
//! (log range), batch size, units of the first hidden layer, dropout, optimizer — by random
//! search or successive halving, each trial a real training run scored on the validation split
//! with early stopping; the live, sortable trials table (`trials-table`, `data-trials`), a chart
//! of each trial's validation loss, and "use the best" (`use-best`), which loads the best
//! settings into the builder and the training settings.

use kiln_core::{LayerSpec, ModelSpec};
use kiln_protocol::LabCommand;
use kiln_protocol::lab::{
    DropoutChoice, SearchMetric, SearchRequest, SearchSpace, SearchStrategy, TrialReport, UnitsChoice,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{LabProps, number, stop_and_status};
use crate::components::chart::{Chart, Line};
use crate::renders;
use crate::state::Action;
use crate::state::builder::BuilderAction;
use crate::state::lab::{LabAction, LabJob, SearchForm, TrialSort};

/// The panel's text, in one place.
mod text {
    pub const INTRO: &str = "Choosing a learning rate, a batch size or a layer's width by hand takes many runs. A \
        search does those runs for you: each trial trains the model with settings drawn from the ranges you tick \
        and is scored on the validation split. Successive halving gives every trial a few epochs and only the \
        best third more. Look at how much the validation loss varies from trial to trial, then load the best.";
    pub const SPACE: &str = "Search over: ";
    pub const LR: &str = "learning rate from ";
    pub const LR_TO: &str = " to ";
    pub const BATCH: &str = "batch size (16, 32, 64, 128)";
    pub const UNITS: &str = "units of the first hidden layer (8–64)";
    pub const DROPOUT: &str = "dropout rate (0–0.5)";
    pub const OPTIMIZERS: &str = "optimizer (SGD, Adam, RMSprop)";
    pub const STRATEGY: &str = "Strategy ";
    pub const TRIALS: &str = "Trials ";
    pub const EPOCHS: &str = "Epochs per trial (at most) ";
    pub const PATIENCE: &str = "Early-stopping patience ";
    pub const RUN: &str = "Search";
    pub const USE_BEST: &str = "Use the best settings";
    pub const NO_SPACE: &str = "tick at least one setting to search over";
    pub const NO_UNITS: &str = "the model has no hidden Dense or convolution layer whose units could vary";
    pub const NO_DROPOUT: &str = "the model has no Dropout layer: add one in step 2 to search its rate";
}

const BATCH_SIZES: [usize; 4] = [16, 32, 64, 128];
const UNIT_CHOICES: [usize; 4] = [8, 16, 32, 64];
const OPTIMIZERS: [&str; 3] = ["sgd", "adam", "rmsprop"];
const LOSS_COLOR: &str = "#2563eb";
const BEST_COLOR: &str = "#16a34a";

/// The first Dense or convolution layer that is not the output layer (the last Dense).
fn hidden_layer(spec: &ModelSpec) -> Option<usize> {
    let last_dense = spec.layers.iter().rposition(|l| matches!(l, LayerSpec::Dense { .. }));
    spec.layers.iter().enumerate().position(|(i, l)| {
        Some(i) != last_dense
            && matches!(l, LayerSpec::Dense { .. } | LayerSpec::Conv1D { .. } | LayerSpec::Conv2D { .. })
    })
}

/// The request for the ticked form on `spec`.
fn request(form: &SearchForm, spec: &ModelSpec, seed: u64) -> Result<SearchRequest, String> {
    let units = if form.units {
        let layer = hidden_layer(spec).ok_or(text::NO_UNITS)?;
        Some(UnitsChoice { layer, choices: UNIT_CHOICES.to_vec() })
    } else {
        None
    };
    let dropout = if form.dropout {
        let layer = spec.layers.iter().position(|l| matches!(l, LayerSpec::Dropout { .. })).ok_or(text::NO_DROPOUT)?;
        Some(DropoutChoice { layer, low: 0.0, high: 0.5 })
    } else {
        None
    };
    let space = SearchSpace {
        learning_rate: form.learning_rate,
        batch_sizes: if form.batch_sizes { BATCH_SIZES.to_vec() } else { Vec::new() },
        units,
        dropout,
        optimizers: if form.optimizers { OPTIMIZERS.iter().map(|s| s.to_string()).collect() } else { Vec::new() },
    };
    if space == SearchSpace::default() {
        return Err(text::NO_SPACE.into());
    }
    Ok(SearchRequest {
        space,
        strategy: form.strategy,
        trials: form.trials,
        max_epochs: form.max_epochs,
        patience: form.patience,
        metric: form.metric,
        seed,
    })
}

fn num(x: f64, digits: usize) -> String {
    if x.is_finite() { format!("{x:.digits$}") } else { "–".into() }
}

/// The trials in the order asked.
fn sorted(trials: &[TrialReport], sort: TrialSort) -> Vec<&TrialReport> {
    let mut v: Vec<&TrialReport> = trials.iter().collect();
    let key = |x: f64, sign: f64| if x.is_finite() { sign * x } else { f64::INFINITY };
    match sort {
        TrialSort::Order => {}
        TrialSort::ValLoss => v.sort_by(|a, b| key(a.val_loss, 1.0).total_cmp(&key(b.val_loss, 1.0))),
        TrialSort::ValAccuracy => v.sort_by(|a, b| key(a.val_accuracy, -1.0).total_cmp(&key(b.val_accuracy, -1.0))),
        TrialSort::LearningRate => v.sort_by(|a, b| a.settings.learning_rate.total_cmp(&b.settings.learning_rate)),
    }
    v
}

/// The search panel (`data-testid="lab-search"`).
#[component]
pub fn SearchPanel(props: &LabProps) -> Html {
    renders::rendered("SearchPanel");
    let lab = &props.lab;
    let form = lab.search.clone();
    let d = &props.dispatch;
    let set = {
        let d = d.clone();
        move |f: SearchForm| d.emit(Action::Lab(LabAction::SetSearch(f)))
    };
    let tick = |change: fn(&mut SearchForm, bool)| {
        let (set, form) = (set.clone(), form.clone());
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            let mut f = form.clone();
            change(&mut f, v.checked());
            set(f);
        })
    };
    let on_lr = tick(|f, on| f.learning_rate = on.then_some([1e-4, 1e-1]));
    let lr = form.learning_rate.unwrap_or([1e-4, 1e-1]);
    let lr_bound = |i: usize| {
        let form = form.clone();
        number(d, lr[i].to_string(), move |x: f64| {
            let mut r = lr;
            r[i] = x;
            if r[0] > 0.0 && r[0] <= r[1] && r[1] <= 10.0 {
                Ok(LabAction::SetSearch(SearchForm { learning_rate: Some(r), ..form.clone() }))
            } else {
                Err(format!("the learning-rate range must satisfy 0 < low ≤ high ≤ 10, got [{}, {}]", r[0], r[1]))
            }
        })
    };
    let on_batch = tick(|f, on| f.batch_sizes = on);
    let on_units = tick(|f, on| f.units = on);
    let on_dropout = tick(|f, on| f.dropout = on);
    let on_opt = tick(|f, on| f.optimizers = on);
    let on_strategy = {
        let (set, form) = (set.clone(), form.clone());
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let strategy = if v.value() == "halving" {
                SearchStrategy::SuccessiveHalving { eta: 3 }
            } else {
                SearchStrategy::Random
            };
            set(SearchForm { strategy, ..form.clone() });
        })
    };
    let bounded = |value: usize, lo: usize, hi: usize, what: &'static str, put: fn(&mut SearchForm, usize)| {
        let form = form.clone();
        number(d, value.to_string(), move |n: usize| {
            if (lo..=hi).contains(&n) {
                let mut f = form.clone();
                put(&mut f, n);
                Ok(LabAction::SetSearch(f))
            } else {
                Err(format!("{what} must be {lo} to {hi}, got {n}"))
            }
        })
    };
    let on_trials = bounded(form.trials, 1, 200, "trials", |f, n| f.trials = n);
    let on_epochs = bounded(form.max_epochs, 1, 500, "epochs per trial", |f, n| f.max_epochs = n);
    let on_patience = bounded(form.patience, 0, 100, "patience", |f, n| f.patience = n);
    let on_run = {
        let (p, form) = (props.clone(), form.clone());
        Callback::from(move |_| {
            let started = p.train_request().and_then(|train| {
                let request = request(&form, &train.model, train.config.seed)?;
                Ok(LabCommand::Search { train: Box::new(train), request })
            });
            match started {
                Ok(command) => p.start(command, LabJob::Search),
                Err(e) => p.dispatch.emit(Action::Fail(e)),
            }
        })
    };
    let on_best = {
        let (d, best) = (d.clone(), lab.best.clone());
        Callback::from(move |_| {
            if let Some((_, b)) = &best {
                let (spec, config) = (**b).clone();
                d.emit(Action::Builder(BuilderAction::Load(Box::new(spec), Some(Box::new(config)))));
            }
        })
    };
    let sort_by = |s: TrialSort, label: &'static str| {
        let on = lab.sort == s;
        html! { <th class="num"><button class={classes!("sort", on.then_some("on"))} onclick={d.reform(move |_| Action::Lab(LabAction::Sort(s)))}>{ label }{ if on { " ▾" } else { "" } }</button></th> }
    };
    let best = lab.best.as_ref().map(|(t, _)| *t);
    let losses: Vec<(f64, f64)> = lab
        .trials
        .iter()
        .enumerate()
        .filter(|(_, t)| t.val_loss.is_finite())
        .map(|(i, t)| ((i + 1) as f64, t.val_loss))
        .collect();
    let mut best_so_far = Vec::new();
    let mut low = f64::INFINITY;
    for &(x, y) in &losses {
        low = low.min(y);
        best_so_far.push((x, low));
    }
    let planned_runs = lab.planned.map_or(form.trials, |(t, _)| t) as f64;
    let halving = matches!(form.strategy, SearchStrategy::SuccessiveHalving { .. });
    html! {
        <div class="lab-panel" data-testid="lab-search">
            <p class="lab-intro">{ text::INTRO }</p>
            <div class="row space">
                <b>{ text::SPACE }</b>
                <label><input type="checkbox" data-testid="search-lr" checked={form.learning_rate.is_some()} onchange={on_lr} />{ text::LR }</label>
                <input type="number" step="any" class="short" value={lr[0].to_string()} onchange={lr_bound(0)} disabled={form.learning_rate.is_none()} />
                { text::LR_TO }
                <input type="number" step="any" class="short" value={lr[1].to_string()} onchange={lr_bound(1)} disabled={form.learning_rate.is_none()} />
                <label><input type="checkbox" data-testid="search-batch" checked={form.batch_sizes} onchange={on_batch} />{ text::BATCH }</label>
                <label><input type="checkbox" data-testid="search-units" checked={form.units} onchange={on_units} />{ text::UNITS }</label>
                <label><input type="checkbox" data-testid="search-dropout" checked={form.dropout} onchange={on_dropout} />{ text::DROPOUT }</label>
                <label><input type="checkbox" data-testid="search-optimizer" checked={form.optimizers} onchange={on_opt} />{ text::OPTIMIZERS }</label>
            </div>
            <div class="row">
                <label>{ text::STRATEGY }
                    <select data-testid="search-strategy" onchange={on_strategy}>
                        <option value="random" selected={!halving}>{ "random search" }</option>
                        <option value="halving" selected={halving}>{ "successive halving (η = 3)" }</option>
                    </select>
                </label>
                <label>{ text::TRIALS }<input type="number" min="1" max="200" data-testid="search-trials" value={form.trials.to_string()} onchange={on_trials} /></label>
                <label>{ text::EPOCHS }<input type="number" min="1" max="500" data-testid="search-epochs" value={form.max_epochs.to_string()} onchange={on_epochs} /></label>
                <label>{ text::PATIENCE }<input type="number" min="0" max="100" value={form.patience.to_string()} onchange={on_patience} /></label>
            </div>
            <div class="row">
                <button class="primary" data-testid="search-button" onclick={on_run} disabled={!props.can_start()}>{ text::RUN }</button>
                { stop_and_status(props, |j| j == LabJob::Search) }
                <button data-testid="use-best" onclick={on_best} disabled={lab.best.is_none() || props.training}>{ text::USE_BEST }</button>
            </div>
            <div class="search-results">
                <table class="summary trials-table" data-testid="trials-table" data-trials={lab.trials.len().to_string()}
                    data-best={best.map_or(String::new(), |b| b.to_string())}>
                    <thead><tr>
                        { sort_by(TrialSort::Order, "#") }
                        { sort_by(TrialSort::LearningRate, "learning rate") }
                        <th class="num">{ "batch" }</th><th>{ "optimizer" }</th><th class="num">{ "units" }</th><th class="num">{ "dropout" }</th>
                        <th class="num">{ "epochs" }</th>
                        { sort_by(TrialSort::ValLoss, "val loss") }
                        { sort_by(TrialSort::ValAccuracy, "val accuracy") }
                    </tr></thead>
                    <tbody>
                        { for sorted(&lab.trials, lab.sort).into_iter().map(|t| html! {
                            <tr class={classes!((Some(t.trial) == best).then_some("best"))} title={t.error.clone()}>
                                <td class="num">{ format!("{}{}", t.trial + 1, if t.rung > 0 { format!(" · rung {}", t.rung) } else { String::new() }) }</td>
                                <td class="num">{ format!("{:.2e}", t.settings.learning_rate) }</td>
                                <td class="num">{ t.settings.batch_size }</td>
                                <td>{ t.settings.optimizer.clone() }</td>
                                <td class="num">{ t.settings.units.map_or("–".into(), |u| u.to_string()) }</td>
                                <td class="num">{ t.settings.dropout.map_or("–".into(), |r| format!("{r:.2}")) }</td>
                                <td class="num">{ format!("{}/{}{}", t.epochs, t.epoch_budget, if t.stopped_early { " (early)" } else { "" }) }</td>
                                <td class="num">{ if t.error.is_some() { "failed".into() } else { num(t.val_loss, 4) } }</td>
                                <td class="num">{ if t.val_accuracy.is_finite() { format!("{:.1} %", t.val_accuracy * 100.0) } else { "–".into() } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <Chart title={if form.metric == SearchMetric::ValLoss { "Validation loss per trial" } else { "Validation loss per trial (ranked by accuracy)" }}
                    testid="trials-chart" x_max={planned_runs} x_label="trial (in the order run)" lines={vec![
                    Line { label: "validation loss", color: LOSS_COLOR, points: losses, dots: true },
                    Line { label: "best so far", color: BEST_COLOR, points: best_so_far, dots: false },
                ]} />
            </div>
        </div>
    }
}
