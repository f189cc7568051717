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
use crate::i18n::{Msg, t, tr, use_lang};
use crate::renders;
use crate::state::Action;
use crate::state::builder::BuilderAction;
use crate::state::lab::{LabAction, LabJob, SearchForm, TrialSort};

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
fn request(form: &SearchForm, spec: &ModelSpec, seed: u64) -> Result<SearchRequest, Msg> {
    let units = if form.units {
        let layer = hidden_layer(spec).ok_or_else(|| Msg::new("lab-search-no-units"))?;
        Some(UnitsChoice { layer, choices: UNIT_CHOICES.to_vec() })
    } else {
        None
    };
    let dropout = if form.dropout {
        let layer = spec
            .layers
            .iter()
            .position(|l| matches!(l, LayerSpec::Dropout { .. }))
            .ok_or_else(|| Msg::new("lab-search-no-dropout"))?;
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
        return Err(Msg::new("lab-search-no-space"));
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
    let lang = use_lang();
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
                Err(Msg::new("lab-search-bad-lr").arg("low", r[0].to_string()).arg("high", r[1].to_string()))
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
        // `what` is a message id (the field's name).
        let form = form.clone();
        number(d, value.to_string(), move |n: usize| {
            if (lo..=hi).contains(&n) {
                let mut f = form.clone();
                put(&mut f, n);
                Ok(LabAction::SetSearch(f))
            } else {
                Err(Msg::new("lab-search-out-of-range")
                    .arg("what", Msg::new(what))
                    .arg("lo", lo)
                    .arg("hi", hi)
                    .arg("value", n.to_string()))
            }
        })
    };
    let on_trials = bounded(form.trials, 1, 200, "lab-search-what-trials", |f, n| f.trials = n);
    let on_epochs = bounded(form.max_epochs, 1, 500, "lab-search-what-epochs", |f, n| f.max_epochs = n);
    let on_patience = bounded(form.patience, 0, 100, "lab-search-what-patience", |f, n| f.patience = n);
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
        let (d, best) = (d.clone(), lab.best_settings());
        Callback::from(move |_| {
            if let Some((spec, config)) = &best {
                d.emit(Action::Builder(BuilderAction::Load(Box::new(spec.clone()), Some(Box::new(config.clone())))));
            }
        })
    };
    let sort_by = |s: TrialSort, label: &'static str| {
        let on = lab.sort == s;
        html! { <th class="num"><button class={classes!("sort", on.then_some("on"))} onclick={d.reform(move |_| Action::Lab(LabAction::Sort(s)))}>{ t(lang, label) }{ if on { " ▾" } else { "" } }</button></th> }
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
            <p class="lab-intro">{ t(lang, "lab-search-intro") }</p>
            { props.uses_current(lang, "lab-search-uses") }
            <div class="row space">
                <b>{ t(lang, "lab-search-space") }{ " " }</b>
                <label><input type="checkbox" data-testid="search-lr" checked={form.learning_rate.is_some()} onchange={on_lr} />{ t(lang, "lab-search-lr") }{ " " }</label>
                <input type="number" step="any" class="short" value={lr[0].to_string()} onchange={lr_bound(0)} disabled={form.learning_rate.is_none()} />
                { " " }{ t(lang, "lab-search-lr-to") }{ " " }
                <input type="number" step="any" class="short" value={lr[1].to_string()} onchange={lr_bound(1)} disabled={form.learning_rate.is_none()} />
                <label><input type="checkbox" data-testid="search-batch" checked={form.batch_sizes} onchange={on_batch} />{ t(lang, "lab-search-batch") }</label>
                <label><input type="checkbox" data-testid="search-units" checked={form.units} onchange={on_units} />{ t(lang, "lab-search-units") }</label>
                <label><input type="checkbox" data-testid="search-dropout" checked={form.dropout} onchange={on_dropout} />{ t(lang, "lab-search-dropout") }</label>
                <label><input type="checkbox" data-testid="search-optimizer" checked={form.optimizers} onchange={on_opt} />{ t(lang, "lab-search-optimizers") }</label>
            </div>
            <div class="row">
                <label>{ t(lang, "lab-search-strategy") }{ " " }
                    <select data-testid="search-strategy" onchange={on_strategy}>
                        <option value="random" selected={!halving}>{ t(lang, "lab-search-random") }</option>
                        <option value="halving" selected={halving}>{ t(lang, "lab-search-halving") }</option>
                    </select>
                </label>
                <label>{ t(lang, "lab-search-trials") }{ " " }<input type="number" min="1" max="200" data-testid="search-trials" value={form.trials.to_string()} onchange={on_trials} /></label>
                <label>{ t(lang, "lab-search-epochs") }{ " " }<input type="number" min="1" max="500" data-testid="search-epochs" value={form.max_epochs.to_string()} onchange={on_epochs} /></label>
                <label>{ t(lang, "lab-search-patience") }{ " " }<input type="number" min="0" max="100" value={form.patience.to_string()} onchange={on_patience} /></label>
            </div>
            <div class="row">
                <button class="primary" data-testid="search-button" onclick={on_run} disabled={!props.can_start()}>{ t(lang, "lab-search-run") }</button>
                { stop_and_status(lang, props, |j| j == LabJob::Search) }
                <button data-testid="use-best" onclick={on_best} disabled={lab.best.is_none() || props.training}>{ t(lang, "lab-search-use-best") }</button>
            </div>
            <div class="search-results">
                <table class="summary trials-table" data-testid="trials-table" data-trials={lab.trials.len().to_string()}
                    data-best={best.map_or(String::new(), |b| b.to_string())}>
                    <thead><tr>
                        { sort_by(TrialSort::Order, "lab-search-col-trial") }
                        { sort_by(TrialSort::LearningRate, "lab-search-col-lr") }
                        <th class="num">{ t(lang, "lab-search-col-batch") }</th><th>{ t(lang, "lab-search-col-optimizer") }</th>
                        <th class="num">{ t(lang, "lab-search-col-units") }</th><th class="num">{ t(lang, "lab-search-col-dropout") }</th>
                        <th class="num">{ t(lang, "lab-search-col-epochs") }</th>
                        { sort_by(TrialSort::ValLoss, "lab-search-col-val-loss") }
                        { sort_by(TrialSort::ValAccuracy, "lab-search-col-val-accuracy") }
                    </tr></thead>
                    <tbody>
                        { for sorted(&lab.trials, lab.sort).into_iter().map(|row| html! {
                            <tr class={classes!((Some(row.trial) == best).then_some("best"))} title={row.error.clone()}>
                                <td class="num">{ if row.rung > 0 {
                                    tr(lang, &Msg::new("lab-search-trial-rung").arg("trial", (row.trial + 1).to_string()).arg("rung", row.rung.to_string()))
                                } else {
                                    (row.trial + 1).to_string()
                                } }</td>
                                <td class="num">{ format!("{:.2e}", row.settings.learning_rate) }</td>
                                <td class="num">{ row.settings.batch_size }</td>
                                <td>{ row.settings.optimizer.clone() }</td>
                                <td class="num">{ row.settings.units.map_or("–".into(), |u| u.to_string()) }</td>
                                <td class="num">{ row.settings.dropout.map_or("–".into(), |r| format!("{r:.2}")) }</td>
                                <td class="num">{ tr(lang, &Msg::new(if row.stopped_early { "lab-search-epochs-early" } else { "lab-search-epochs-of" })
                                    .arg("epochs", row.epochs.to_string()).arg("budget", row.epoch_budget.to_string())) }</td>
                                <td class="num">{ if row.error.is_some() { t(lang, "lab-search-failed") } else { num(row.val_loss, 4) } }</td>
                                <td class="num">{ if row.val_accuracy.is_finite() { format!("{:.1} %", row.val_accuracy * 100.0) } else { "–".into() } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <Chart title={t(lang, if form.metric == SearchMetric::ValLoss { "lab-search-chart" } else { "lab-search-chart-ranked" })}
                    testid="trials-chart" x_max={planned_runs} x_label={t(lang, "lab-search-chart-x")} lines={vec![
                    Line { label: t(lang, "lab-search-chart-loss"), color: LOSS_COLOR, points: losses, dots: true },
                    Line { label: t(lang, "lab-search-chart-best"), color: BEST_COLOR, points: best_so_far, dots: false },
                ]} />
            </div>
        </div>
    }
}
