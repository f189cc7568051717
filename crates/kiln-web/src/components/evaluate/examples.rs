//! Test examples as the report lists them — the errors worst first, or the examples of one
//! confusion-matrix cell: the text (with a "why?" button that asks the worker for its word
//! contributions), the image as a thumbnail, or the table row, with the true label, the
//! predicted label and its probability.

use std::rc::Rc;

use kiln_protocol::report::{Outcome, ReportRow, Shown, TestReport};
use kiln_protocol::{Command, RunId};
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::logic::percent;
use super::words::WordContributions;
use crate::i18n::{Lang, Msg, tr, use_lang};
use crate::link;
use crate::state::explain::{ExplainAction, ExplainState};
use crate::state::{Action, Slice};

/// An image drawn on a canvas, pixel for pixel (CSS scales it up).
#[derive(Properties, PartialEq)]
pub(crate) struct ThumbProps {
    /// Rows of pixels.
    pub height: usize,
    /// Columns of pixels.
    pub width: usize,
    /// 1 (grey) or 3 (RGB).
    pub channels: usize,
    /// Bytes 0–255, row-major `[height, width, channels]`.
    pub pixels: Rc<Vec<u8>>,
}

/// The canvas of one image.
#[component]
pub(crate) fn Thumb(props: &ThumbProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with((props.pixels.clone(), props.width, props.height, props.channels), move |(px, w, h, c)| {
            let Some(el) = canvas.cast::<HtmlCanvasElement>() else { return };
            let Some(ctx) = el
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|x| x.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            let rgba: Vec<u8> = match *c {
                3 => px
                    .chunks(3)
                    .flat_map(|p| [p[0], p.get(1).copied().unwrap_or(0), p.get(2).copied().unwrap_or(0), 255])
                    .collect(),
                _ => px.iter().flat_map(|&g| [g, g, g, 255]).collect(),
            };
            if rgba.len() == w * h * 4
                && let Ok(img) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
                    wasm_bindgen::Clamped(&rgba),
                    *w as u32,
                    *h as u32,
                )
            {
                let _ = ctx.put_image_data(&img, 0.0, 0.0);
            }
        });
    }
    html! { <canvas class="thumb-px" ref={canvas} width={props.width.to_string()} height={props.height.to_string()} /> }
}

/// Properties of a list of examples.
#[derive(Properties, PartialEq)]
pub struct ExamplesProps {
    /// The report they come from (class and column names).
    pub report: Rc<TestReport>,
    /// The examples, in the order to show.
    pub rows: Rc<Vec<ReportRow>>,
    /// Decision threshold (two classes): the prediction shown is at this threshold.
    pub threshold: f64,
    /// `data-testid` of the list.
    pub testid: &'static str,
    /// Word contributions asked for and received.
    pub explain: Slice<ExplainState>,
    /// The run whose model the page offers.
    pub model: Option<RunId>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

fn class_name(report: &TestReport, class: u32) -> Msg {
    match report.class_names.get(class as usize) {
        Some(n) => super::words::class_msg(n),
        None => Msg::new("evaluate-class-n").arg("class", class.to_string()),
    }
}

/// The truth, prediction and probability of one row at `threshold`.
fn outcome_line(lang: Lang, report: &TestReport, row: &ReportRow, threshold: f64) -> String {
    let msg = match &row.outcome {
        Outcome::Class { truth, .. } => {
            let predicted = row.outcome.predicted_at(threshold).unwrap_or(0);
            Msg::new("evaluate-outcome")
                .arg("truth", class_name(report, *truth))
                .arg("predicted", class_name(report, predicted))
                .arg("sure", percent(row.outcome.confidence_at(threshold)))
        }
        Outcome::Value { truth, predicted } => Msg::new("evaluate-outcome-value")
            .arg("truth", format!("{truth:.3}"))
            .arg("predicted", format!("{predicted:.3}"))
            .arg("off", format!("{:.3}", (truth - predicted).abs())),
    };
    tr(lang, &msg)
}

/// A list of test examples.
#[component]
pub fn ExampleList(props: &ExamplesProps) -> Html {
    crate::renders::rendered("ExampleList");
    let lang = use_lang();
    let report = &props.report;
    html! {
        <ol class="examples" data-testid={props.testid} data-count={props.rows.len().to_string()}>
            { for props.rows.iter().map(|row| {
                let line = outcome_line(lang, report, row, props.threshold);
                let wrong = row.outcome.is_wrong_at(props.threshold);
                let predicted = row.outcome.predicted_at(props.threshold).map(|p| p.to_string());
                let truth = match &row.outcome { Outcome::Class { truth, .. } => Some(truth.to_string()), Outcome::Value { .. } => None };
                html! {
                    <li class={classes!("example", wrong.then_some("wrong"))} data-index={row.index.to_string()}
                        data-true={truth} data-predicted={predicted}>
                        { shown(lang, report, &row.shown, props) }
                        <div class="outcome">{ line }</div>
                    </li>
                }
            }) }
        </ol>
    }
}

/// What one example looked like.
fn shown(lang: Lang, report: &TestReport, what: &Shown, props: &ExamplesProps) -> Html {
    match what {
        Shown::Text { text: t, .. } => {
            let explained = props.explain.get(props.model, t).cloned();
            let asking = props.explain.is_pending(t);
            let ask = {
                let (d, model, t) = (props.dispatch.clone(), props.model, t.clone());
                Callback::from(move |_: MouseEvent| {
                    if let Some(model) = model {
                        let query = link::start(Command::Explain { model, text: t.clone() });
                        d.emit(Action::Explain(ExplainAction::Asked { query, model, text: t.clone() }));
                    }
                })
            };
            html! {
                <div class="shown-text">
                    if let Some(x) = explained {
                        <WordContributions explanation={x} />
                    } else {
                        <span class="text">{ t.clone() }</span>
                        <button class="why" data-testid="why" onclick={ask} disabled={asking || props.model.is_none()}>
                            { if asking { "…".to_string() } else { crate::i18n::t(lang, "evaluate-why") } }
                        </button>
                    }
                </div>
            }
        }
        Shown::Image { height, width, channels, pixels } => html! {
            <Thumb height={*height} width={*width} channels={*channels} pixels={Rc::new(pixels.clone())} />
        },
        Shown::Row { cells } => html! {
            // Column name over value, wrapping inside the card however many columns there are.
            <dl class="row-cells">
                { for cells.iter().enumerate().map(|(j, c)| html! {
                    <div><dt>{ report.columns.get(j).cloned().unwrap_or_default() }</dt><dd>{ c.clone() }</dd></div>
                }) }
            </dl>
        },
        Shown::Features { values } => html! {
            <span class="text">{ values.iter().map(|v| format!("{v:.3}")).collect::<Vec<_>>().join(", ") }</span>
        },
    }
}
