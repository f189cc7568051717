//! Step 4 in depth: the test report of the run whose model the page offers — the confusion matrix
//! and per-class metrics (at the slider's threshold for two classes, with the ROC and
//! precision–recall curves), MAE / RMSE / R² and a scatter for regression, the examples of a
//! clicked cell, the most confidently wrong test examples, the word map of an embedding model —
//! and the runs table. Everything is
//! computed on the page from the report the worker sent ([`crate::state::report`]) with
//! `kiln_protocol::report`'s pure helpers; "why?" and a clicked cell's examples ask the worker
//! (which keeps the report whole; the page got only the errors and a sample).

pub mod curves;
pub mod examples;
pub mod logic;
pub mod matrix;
pub mod runs;
pub mod try_image;
pub mod try_row;
pub mod wordmap;
pub mod words;

use std::rc::Rc;

use kiln_protocol::report::{Outcome, ReportMetrics, ReportRow, TestReport};
use kiln_protocol::report_page::{CellQuery, ERRORS_LISTED};
use kiln_protocol::{Command, RunId};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Msg, t as text, tr, use_lang};
use crate::state::data::DataState;
use crate::state::deploy::{DeployState, dataset_label, evaluate_match};
use crate::state::explain::ExplainState;
use crate::state::report::{ReportAction, ReportState};
use crate::state::runs::RunsState;
use crate::state::{Action, Slice};
use curves::{Curve, Scatter};
use examples::ExampleList;
use logic::{fixed3, percent};
use matrix::{ClassTable, Confusion};
use runs::RunsTable;
use wordmap::WordMapView;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct ReportProps {
    /// The report and its view.
    pub report: Slice<ReportState>,
    /// Word contributions.
    pub explain: Slice<ExplainState>,
    /// The session's runs.
    pub runs: Slice<RunsState>,
    /// The run whose model the page offers (its report is shown).
    pub model: Option<RunId>,
    /// The data set (restoring a run's settings, evaluating an opened model on it).
    pub data: Slice<DataState>,
    /// Model files: the model opened from a `.kiln` file, evaluated on demand.
    pub deploy: Slice<DeployState>,
    /// A run is in the worker: restoring and evaluating wait.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// Asks the worker for the examples of cell `(truth, predicted)` of run `model`'s report at
/// `threshold` (the list opens when they come).
fn ask_cell(model: Option<RunId>, (truth, predicted): (u32, u32), threshold: f64, dispatch: &Callback<Action>) {
    let Some(model) = model else { return };
    let threshold = if threshold.is_finite() { threshold.clamp(0.0, 1.0) } else { return };
    let asked = CellQuery { model, truth, predicted, threshold };
    let query = crate::link::start(Command::Cell(asked));
    dispatch.emit(Action::Report(ReportAction::CellAsked { query, asked }));
}

fn name(report: &TestReport, class: u32) -> Msg {
    match report.class_names.get(class as usize) {
        Some(n) => words::class_msg(n),
        None => Msg::new("evaluate-class-n").arg("class", class.to_string()),
    }
}

/// "Evaluate on <data set>" for a model opened from a file (the page's model now), or why it
/// cannot be evaluated on the loaded data set; nothing for a model trained here.
fn evaluate_opened(props: &ReportProps, lang: crate::i18n::Lang) -> Option<Html> {
    let opened = props.deploy.opened.as_ref().filter(|o| Some(o.run) == props.model)?;
    let model = opened.run;
    let running = props.report.evaluating.is_some_and(|(_, m)| m == model);
    let intro = tr(
        lang,
        &Msg::new("evaluate-opened-intro")
            .arg("name", crate::state::deploy::opened_name(&opened.info.name, opened.restore)),
    );
    let action = match (evaluate_match(&opened.info, &props.data), props.data.dataset.as_ref()) {
        (Ok(()), Some(d)) => {
            let d2 = props.dispatch.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                let run = crate::link::start(Command::Evaluate { model });
                d2.emit(Action::Report(ReportAction::Evaluating { run, model }));
            });
            html! {
                <>
                    <button class="primary" data-testid="evaluate-opened" data-run={model.0.to_string()} disabled={props.locked || running}
                        title={text(lang, "evaluate-opened-button.title")} {onclick}>
                        { tr(lang, &Msg::new("evaluate-opened-button").arg("dataset", dataset_label(d))) }
                    </button>
                    if running { <span class="muted">{ text(lang, "evaluate-opened-running") }</span> }
                </>
            }
        }
        (Err(why), _) => {
            html! { <span class="muted" data-testid="evaluate-opened-why" role="status">{ tr(lang, &why) }</span> }
        }
        (Ok(()), None) => html! {},
    };
    Some(html! {
        <div class="row evaluate-opened">
            <span>{ intro }</span>
            { action }
        </div>
    })
}

/// The report panel.
#[component]
pub fn ReportPanel(props: &ReportProps) -> Html {
    crate::renders::rendered("ReportPanel");
    let lang = use_lang();
    let view = &props.report;
    let runs = html! { <RunsTable runs={props.runs.clone()} current={props.model} data={props.data.clone()} locked={props.locked} dispatch={props.dispatch.clone()} /> };
    let opened = evaluate_opened(props, lang);
    let Some(report) = view.shown(props.model).cloned() else {
        return html! {
            <section class="card wide" id="report">
                <h2><span class="step">{ "4b" }</span>{ text(lang, "evaluate-report-title") }</h2>
                { for opened }
                <p class="muted">{ text(lang, "evaluate-report-none") }</p>
                { runs }
            </section>
        };
    };
    let t = view.threshold;
    let d = props.dispatch.clone();
    let on_cell = {
        let (d, open, model) = (d.clone(), view.cell, props.model);
        Callback::from(move |cell: (u32, u32)| {
            if open == Some(cell) {
                d.emit(Action::Report(ReportAction::CloseCell));
            } else {
                ask_cell(model, cell, t, &d);
            }
        })
    };
    let classification = report.metrics_at(t).map(|m| {
        html! {
            <div class="report-grid">
                <Confusion metrics={m.clone()} names={report.class_names.clone()} selected={view.cell} on_cell={on_cell.clone()} />
                <ClassTable metrics={m} names={report.class_names.clone()} />
            </div>
        }
    });
    let binary = match &report.metrics {
        ReportMetrics::Binary { curve, roc_auc, average_precision, .. } => {
            let on_threshold = {
                let (d, open, model) = (d.clone(), view.cell, props.model);
                Callback::from(move |e: InputEvent| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    let value = input.value_as_number();
                    d.emit(Action::Report(ReportAction::Threshold(value)));
                    // The open cell's examples at the new threshold.
                    if let Some(cell) = open {
                        ask_cell(model, cell, value, &d);
                    }
                })
            };
            let auc = roc_auc.map_or("—".to_string(), |a| format!("{a:.3}"));
            let ap = average_precision.map_or("—".to_string(), |a| format!("{a:.3}"));
            let label = tr(lang, &Msg::new("evaluate-threshold-marker").arg("value", format!("{t:.2}")));
            Some(html! {
                <>
                    <div class="row threshold">
                        <label for="threshold">{ text(lang, "evaluate-threshold") }</label>
                        <input type="range" id="threshold" data-testid="threshold" min="0" max="1" step="0.01"
                            value={format!("{t:.2}")} oninput={on_threshold} aria-describedby="threshold-help" />
                        <b class="threshold-value" data-testid="threshold-value">{ format!("{t:.2}") }</b>
                        <span class="muted" id="threshold-help">{ text(lang, "evaluate-threshold-help") }</span>
                    </div>
                    <div class="curves">
                        <Curve testid="roc-curve" title={tr(lang, &Msg::new("evaluate-roc").arg("auc", auc))} axes={(text(lang, "evaluate-fpr"), text(lang, "evaluate-tpr"))}
                            points={curve.roc()} marker={curve.roc_at(t)} marker_label={label.clone()} diagonal=true
                            auc={roc_auc.map(|a| format!("{a:.4}"))} />
                        <Curve testid="pr-curve" title={tr(lang, &Msg::new("evaluate-pr").arg("ap", ap))} axes={(text(lang, "evaluate-recall"), text(lang, "evaluate-precision"))}
                            points={curve.precision_recall()} marker={curve.precision_recall_at(t)} marker_label={label}
                            ap={average_precision.map(|a| format!("{a:.4}"))} />
                    </div>
                </>
            })
        }
        _ => None,
    };
    let regression = match &report.metrics {
        ReportMetrics::Regression { metrics } => {
            let points: Vec<(f64, f64)> = report
                .rows
                .iter()
                .filter_map(|r| match r.outcome {
                    Outcome::Value { truth, predicted } => Some((f64::from(truth), f64::from(predicted))),
                    Outcome::Class { .. } => None,
                })
                .collect();
            Some(html! {
                <div class="report-grid">
                    <div class="metrics" data-testid="regression-metrics">
                        <div><b data-testid="mae">{ fixed3(metrics.mae) }</b><span>{ text(lang, "evaluate-mae") }</span></div>
                        <div><b data-testid="rmse">{ fixed3(metrics.rmse) }</b><span>{ text(lang, "evaluate-rmse") }</span></div>
                        <div><b data-testid="r2">{ fixed3(metrics.r2) }</b><span>{ text(lang, "evaluate-r2") }</span></div>
                    </div>
                    <Scatter {points} />
                </div>
            })
        }
        _ => None,
    };
    let cell = view.cell.map(|(ct, cp)| {
        let close = d.reform(|_| Action::Report(ReportAction::CloseCell));
        let list = match view.shown_cell() {
            Some(c) => html! {
                <>
                    <h3>{ tr(lang, &Msg::new("evaluate-cell").arg("count", c.count.to_string()).arg("truth", name(&report, ct)).arg("predicted", name(&report, cp))) }
                        <button class="dismiss" onclick={close}>{ text(lang, "evaluate-close") }</button></h3>
                    <ExampleList report={report.clone()} rows={Rc::new(c.rows.clone())} threshold={c.query.threshold} testid="cell-examples"
                        explain={props.explain.clone()} model={props.model} dispatch={d.clone()} />
                </>
            },
            None => html! { <p class="muted" role="status">{ text(lang, "evaluate-cell-asking") }</p> },
        };
        html! { <div class="cell-list">{ list }</div> }
    });
    let errors: Rc<Vec<ReportRow>> =
        Rc::new(report.most_confidently_wrong(t, ERRORS_LISTED).into_iter().cloned().collect());
    let is_regression = matches!(report.metrics, ReportMetrics::Regression { .. });
    let accuracy = report.metrics_at(t).map(|m| m.accuracy);
    // The worker's word map explains class 1 (`WordMapOptions::default`), the value for regression.
    let map_class = if is_regression { None } else { report.class_names.get(1).cloned() };
    let word_map = view.shown_map(props.model).cloned().map(|map| {
        html! { <WordMapView {map} class={map_class.clone()} selected={view.map_word} dispatch={d.clone()} /> }
    });
    html! {
        <section class="card wide" id="report" data-examples={report.examples.to_string()}
            data-compute-ms={report.compute_ms.map(|v| format!("{v:.1}")).unwrap_or_default()}
            data-accuracy={accuracy.map(|a| a.to_string()).unwrap_or_default()}>
            <h2><span class="step">{ "4b" }</span>{ text(lang, "evaluate-report-title") }
                if let Some(a) = accuracy { <span class="chip big">{ tr(lang, &Msg::new("evaluate-accuracy-chip").arg("pct", percent(a))) }</span> }</h2>
            { for opened }
            { for binary }
            { for classification }
            { for regression }
            { for cell }
            <h3>{ text(lang, if is_regression { "evaluate-biggest-errors" } else { "evaluate-confident-errors" }) }</h3>
            if errors.is_empty() {
                <p class="muted" data-testid="errors-list" data-count="0">{ text(lang, "evaluate-no-errors") }</p>
            } else {
                <ExampleList report={report.clone()} rows={errors.clone()} threshold={t} testid="errors-list"
                    explain={props.explain.clone()} model={props.model} dispatch={d.clone()} />
            }
            if report.rows_left_out > 0 {
                <p class="muted small">{ tr(lang, &Msg::new("evaluate-left-out").arg("count", report.rows_left_out.to_string())) }</p>
            }
            { for word_map }
            { runs }
        </section>
    }
}
