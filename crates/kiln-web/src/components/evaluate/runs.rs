//! Runs side by side: the runs table (one row per guided run of the session, sortable by any
//! column; the current run marked) and the runs chart, every run's validation loss and accuracy
//! per epoch overlaid (training values when a run had no validation split), and per run
//! "restore this run's settings" (its spec and settings back into the builder and settings, after
//! loading its data set when that is another built-in one).

use kiln_protocol::RunId;
use kiln_protocol::runs::{RunColumn, RunRecord};
use yew::prelude::*;

use super::logic::{PlotBox, fixed3, percent};
use crate::components::deploy::load_builtin;
use crate::i18n::{Lang, Msg, t, tr, use_lang};
use crate::state::data::DataState;
use crate::state::runs::{RestorePlan, RunsAction, RunsState, restore_plan};
use crate::state::{Action, Slice};

/// Colours of the runs' lines, in turn.
const COLOURS: [&str; 8] = ["#2563eb", "#ea580c", "#15803d", "#9333ea", "#b91c1c", "#0891b2", "#ca8a04", "#475569"];

/// The table's columns and their headers' message ids.
const COLUMNS: [(RunColumn, &str); 12] = [
    (RunColumn::Run, "evaluate-runs-run"),
    (RunColumn::Dataset, "evaluate-runs-dataset"),
    (RunColumn::Layers, "evaluate-runs-layers"),
    (RunColumn::LearningRate, "evaluate-runs-lr"),
    (RunColumn::BatchSize, "evaluate-runs-batch"),
    (RunColumn::Epochs, "evaluate-runs-epochs"),
    (RunColumn::TrainLoss, "evaluate-runs-train-loss"),
    (RunColumn::ValLoss, "evaluate-runs-val-loss"),
    (RunColumn::TestLoss, "evaluate-runs-test-loss"),
    (RunColumn::TestAccuracy, "evaluate-runs-test-accuracy"),
    (RunColumn::MacroF1, "evaluate-runs-macro-f1"),
    (RunColumn::RocAuc, "evaluate-runs-roc-auc"),
];

/// One cell's text.
fn cell(lang: Lang, r: &RunRecord, column: RunColumn) -> String {
    let last = r.epochs.last();
    match column {
        RunColumn::Run => format!("#{}", r.run),
        RunColumn::Dataset => match &r.dataset_id {
            // A built-in set by its name in the page's language (`data-set-<id>`).
            kiln_data::id::DataId::Builtin(id) if kiln_i18n::has(lang, &format!("data-set-{id}")) => {
                t(lang, &format!("data-set-{id}"))
            }
            _ => r.dataset_name.clone(),
        },
        RunColumn::Layers => r.spec.layers.len().to_string(),
        RunColumn::LearningRate => format!("{}", r.config.optimizer.learning_rate()),
        RunColumn::BatchSize => r.config.batch_size.to_string(),
        RunColumn::Epochs if r.stopped => {
            tr(lang, &Msg::new("evaluate-runs-stopped").arg("epochs", r.epochs.len().to_string()))
        }
        RunColumn::Epochs => r.epochs.len().to_string(),
        RunColumn::TrainLoss => last.map_or("—".into(), |m| fixed3(m.train_loss)),
        RunColumn::ValLoss => last.map_or("—".into(), |m| fixed3(m.val_loss)),
        RunColumn::TestLoss => r.test.map_or("—".into(), |t| fixed3(t.loss)),
        RunColumn::TestAccuracy => r.test.map_or("—".into(), |t| percent(t.accuracy)),
        RunColumn::MacroF1 => r.report.and_then(|s| s.macro_f1).map_or("—".into(), fixed3),
        RunColumn::RocAuc => r.report.and_then(|s| s.roc_auc).map_or("—".into(), fixed3),
        RunColumn::R2 => r.report.and_then(|s| s.r2).map_or("—".into(), fixed3),
    }
}

/// Properties.
#[derive(Properties, PartialEq)]
pub struct RunsProps {
    /// The session's runs.
    pub runs: Slice<RunsState>,
    /// The run the page shows now.
    pub current: Option<RunId>,
    /// The data set (a run trained on another one loads it before its settings are restored).
    pub data: Slice<DataState>,
    /// A run is in the worker: restoring waits.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The curve of one run: validation values, or training values without a validation split.
fn series(r: &RunRecord, accuracy: bool) -> Vec<(f64, f64)> {
    r.epochs
        .iter()
        .map(|m| {
            let (val, train) = if accuracy { (m.val_accuracy, m.train_accuracy) } else { (m.val_loss, m.train_loss) };
            (m.epoch as f64, if val.is_finite() { val } else { train })
        })
        .filter(|p| p.1.is_finite())
        .collect()
}

/// One overlay chart of every run's `accuracy` or loss curve.
fn overlay(lang: Lang, records: &[(RunId, RunRecord)], accuracy: bool) -> Html {
    const W: f64 = 300.0;
    let lines: Vec<(usize, Vec<(f64, f64)>)> =
        records.iter().map(|(_, r)| (r.run as usize, series(r, accuracy))).filter(|(_, s)| !s.is_empty()).collect();
    let max_epoch = lines.iter().flat_map(|(_, s)| s.iter().map(|p| p.0)).fold(1.0, f64::max);
    let max_y =
        if accuracy { 1.0 } else { lines.iter().flat_map(|(_, s)| s.iter().map(|p| p.1)).fold(1e-9, f64::max) * 1.05 };
    // Map each run's points into the unit square, then into the plot.
    let b = PlotBox::unit(W, 30.0);
    let n: usize = lines.iter().map(|(_, s)| s.len()).sum();
    html! {
        <figure class="chart curve">
            <figcaption>{ t(lang, if accuracy { "evaluate-runs-accuracy-chart" } else { "evaluate-runs-loss-chart" }) }</figcaption>
            // 18 units of room left of the frame: the y ticks ("100%", "0.75") are never cut.
            <svg viewBox={format!("-18 0 {} {W}", W + 18.0)} role="img" data-points={n.to_string()}>
                <rect class="frame" x="30" y="30" width={(W - 60.0).to_string()} height={(W - 60.0).to_string()} />
                <text class="tick" x="26" y="34" text-anchor="end">{ if accuracy { "100%".to_string() } else { format!("{max_y:.2}") } }</text>
                <text class="tick" x="26" y={(W - 28.0).to_string()} text-anchor="end">{ "0" }</text>
                <text class="tick" x={(W - 30.0).to_string()} y={(W - 14.0).to_string()} text-anchor="middle">{ tr(lang, &Msg::new("evaluate-runs-epoch-tick").arg("epoch", format!("{max_epoch:.0}"))) }</text>
                { for lines.iter().map(|(run, s)| {
                    let unit: Vec<(f64, f64)> = s.iter().map(|&(x, y)| (x / max_epoch, y / max_y)).collect();
                    let colour = COLOURS[(run + COLOURS.len() - 1) % COLOURS.len()];
                    // A dot per epoch as well: a one-epoch run is one point, which a line cannot show.
                    html! {
                        <g data-run={run.to_string()}>
                            <polyline points={b.polyline(&unit)} fill="none" stroke={colour} stroke-width="3" />
                            { for unit.iter().map(|&(x, y)| html! {
                                <circle cx={format!("{:.1}", b.x(x))} cy={format!("{:.1}", b.y(y))} r="4" fill={colour} />
                            }) }
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

/// "Restore this run's settings" for `r`: loads its built-in data set first when another is
/// loaded; an upload no longer loaded is said under the table (the reducer's note).
fn restore_button(lang: Lang, r: &RunRecord, data: &DataState, locked: bool, dispatch: &Callback<Action>) -> Html {
    let plan = restore_plan(r, data);
    let title = match &plan {
        RestorePlan::Missing(name) => tr(lang, &Msg::new("evaluate-restore-missing-title").arg("name", name.clone())),
        _ => t(lang, "evaluate-restore.title"),
    };
    let n = r.run;
    let d = dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        if let RestorePlan::Load(id) = &plan {
            load_builtin(id, &d);
        }
        d.emit(Action::Runs(RunsAction::Restore(n)));
    });
    html! {
        <button class="restore" data-testid="restore-run" data-run={n.to_string()} {title} disabled={locked} {onclick}>
            { t(lang, "evaluate-restore") }
        </button>
    }
}

/// The runs table and chart.
#[component]
pub fn RunsTable(props: &RunsProps) -> Html {
    crate::renders::rendered("RunsTable");
    let lang = use_lang();
    let runs = &props.runs;
    let sorted = runs.sorted();
    // The run whose settings were restored last, else the run whose model the page offers.
    let current = runs
        .restored
        .or_else(|| props.current.and_then(|c| runs.records.iter().find(|(r, _)| *r == c)).map(|(_, r)| r.run));
    let regression = runs.records.iter().any(|(_, r)| r.report.is_some_and(|s| s.r2.is_some()));
    let columns: Vec<(RunColumn, &str)> = COLUMNS
        .iter()
        .copied()
        .map(|(c, h)| if regression && c == RunColumn::RocAuc { (RunColumn::R2, "evaluate-runs-r2") } else { (c, h) })
        .collect();
    html! {
        <div class="runs">
            <h3>{ t(lang, "evaluate-runs-title") }</h3>
            if runs.records.is_empty() {
                <p class="muted">{ t(lang, "evaluate-runs-empty") }</p>
            }
            <div class="table-scroll">
            <table class="summary runs-table" data-testid="runs-table" data-runs={runs.records.len().to_string()}>
                <thead><tr>
                    { for columns.iter().map(|&(c, h)| {
                        let on = runs.sort == c;
                        let arrow = if !on { "" } else if runs.descending { " ▼" } else { " ▲" };
                        let d = props.dispatch.clone();
                        html! {
                            <th aria-sort={if on { if runs.descending { "descending" } else { "ascending" } } else { "none" }}>
                                <button class="sort" title={t(lang, "evaluate-runs-sort")} data-column={format!("{c:?}")}
                                    onclick={Callback::from(move |_: MouseEvent| d.emit(Action::Runs(RunsAction::Sort(c))))}>
                                    { format!("{}{arrow}", t(lang, h)) }
                                </button>
                            </th>
                        }
                    }) }
                    <th class="plain">{ t(lang, "evaluate-runs-restore-column") }</th>
                </tr></thead>
                <tbody>
                    { for sorted.iter().map(|r| html! {
                        <tr class={classes!((Some(r.run) == current).then_some("current"))} data-run={r.run.to_string()}>
                            { for columns.iter().map(|&(c, _)| html! { <td>{ cell(lang, r, c) }</td> }) }
                            <td>{ restore_button(lang, r, &props.data, props.locked, &props.dispatch) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if let Some(note) = &runs.restore_note {
                <p class="muted" data-testid="restore-note" role="status">{ tr(lang, note) }</p>
            }
            if !runs.records.is_empty() {
                <div class="runs-chart" data-testid="runs-chart" data-runs={runs.records.iter().filter(|(_, r)| !r.epochs.is_empty()).count().to_string()}>
                    { overlay(lang, &runs.records, false) }
                    { overlay(lang, &runs.records, true) }
                    <div class="legend">
                        { for runs.records.iter().map(|(_, r)| html! {
                            <span><i style={format!("background:{}", COLOURS[(r.run as usize + COLOURS.len() - 1) % COLOURS.len()])}></i>{ tr(lang, &Msg::new("evaluate-runs-legend").arg("run", r.run.to_string()).arg("lr", r.config.optimizer.learning_rate().to_string())) }</span>
                        }) }
                    </div>
                </div>
            }
        </div>
    }
}
