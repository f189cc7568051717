//! The confusion matrix (counts and row-normalised %, class names as text; a click on a cell
//! lists its test examples) and the per-class table (precision, recall, F1, support; macro and
//! weighted averages; accuracy), both of one `ClassificationMetrics` — at the slider's threshold
//! for two classes.

use kiln_core::metrics::{Averages, ClassificationMetrics};
use yew::prelude::*;

use super::logic::{cell_background, dark_cell, fixed3, percent};
use crate::i18n::{Lang, Msg, t, tr, use_lang};

/// Properties of the matrix.
#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    /// Matrix and metrics.
    pub metrics: ClassificationMetrics,
    /// Class names, index = class id.
    pub names: Vec<String>,
    /// The open cell.
    pub selected: Option<(u32, u32)>,
    /// A cell was clicked: `(true, predicted)`.
    pub on_cell: Callback<(u32, u32)>,
}

fn name(lang: Lang, names: &[String], i: usize) -> String {
    match names.get(i) {
        Some(n) => super::words::class_label(lang, n),
        None => tr(lang, &Msg::new("evaluate-class-n").arg("class", i.to_string())),
    }
}

/// The confusion matrix.
#[component]
pub fn Confusion(props: &MatrixProps) -> Html {
    crate::renders::rendered("Confusion");
    let lang = use_lang();
    let m = &props.metrics.confusion;
    let k = m.classes;
    let shares = m.row_normalised();
    html! {
        <table class="confusion" data-testid="confusion-matrix" data-total={m.total().to_string()} data-classes={k.to_string()}>
            <caption>{ t(lang, "evaluate-matrix-caption") }</caption>
            <thead><tr>
                <th class="corner">{ t(lang, "evaluate-matrix-corner") }</th>
                { for (0..k).map(|p| html! { <th scope="col">{ name(lang, &props.names, p) }</th> }) }
            </tr></thead>
            <tbody>
                { for (0..k).map(|t| html! {
                    <tr>
                        <th scope="row">{ name(lang, &props.names, t) }</th>
                        { for (0..k).map(|p| {
                            let count = m.count(t, p);
                            let share = shares.get(t * k + p).copied().unwrap_or(0.0);
                            let on = props.selected == Some((t as u32, p as u32));
                            let cb = props.on_cell.clone();
                            let onclick = Callback::from(move |_: MouseEvent| cb.emit((t as u32, p as u32)));
                            html! {
                                <td style={cell_background(share, t == p)} class={classes!(on.then_some("on"), dark_cell(share).then_some("dark"))}>
                                    <button class="cell" data-true={t.to_string()} data-predicted={p.to_string()} data-count={count.to_string()}
                                        aria-pressed={on.to_string()} {onclick}
                                        title={tr(lang, &Msg::new("evaluate-matrix-cell").arg("count", count.to_string())
                                            .arg("truth", name(lang, &props.names, t)).arg("predicted", name(lang, &props.names, p)))}>
                                        <b>{ count }</b><small>{ percent(share) }</small>
                                    </button>
                                </td>
                            }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// Properties of the per-class table.
#[derive(Properties, PartialEq)]
pub struct ClassTableProps {
    /// The metrics.
    pub metrics: ClassificationMetrics,
    /// Class names.
    pub names: Vec<String>,
}

fn average_row(label: &str, a: &Averages, support: u64) -> Html {
    html! {
        <tr class="avg">
            <th scope="row">{ label.to_string() }</th>
            <td class="num">{ fixed3(a.precision) }</td><td class="num">{ fixed3(a.recall) }</td>
            <td class="num">{ fixed3(a.f1) }</td><td class="num">{ support }</td>
        </tr>
    }
}

/// Precision, recall, F1 and support per class, the averages and the accuracy.
#[component]
pub fn ClassTable(props: &ClassTableProps) -> Html {
    crate::renders::rendered("ClassTable");
    let lang = use_lang();
    let m = &props.metrics;
    let total = m.confusion.total();
    html! {
        <table class="summary class-metrics" data-testid="class-metrics" data-accuracy={format!("{:.4}", m.accuracy)}>
            <thead><tr>
                <th>{ t(lang, "evaluate-class") }</th><th class="num">{ t(lang, "evaluate-precision") }</th><th class="num">{ t(lang, "evaluate-recall") }</th>
                <th class="num">{ "F1" }</th><th class="num">{ t(lang, "evaluate-support") }</th>
            </tr></thead>
            <tbody>
                { for m.per_class.iter().enumerate().map(|(i, c)| html! {
                    <tr data-class={i.to_string()} data-precision={format!("{:.4}", c.precision)}
                        data-recall={format!("{:.4}", c.recall)} data-f1={format!("{:.4}", c.f1)}>
                        <th scope="row">{ name(lang, &props.names, i) }</th>
                        <td class="num">{ fixed3(c.precision) }</td><td class="num">{ fixed3(c.recall) }</td>
                        <td class="num">{ fixed3(c.f1) }</td><td class="num">{ c.support }</td>
                    </tr>
                }) }
                { average_row(&t(lang, "evaluate-macro"), &m.macro_avg, total) }
                { average_row(&t(lang, "evaluate-weighted"), &m.weighted_avg, total) }
            </tbody>
            <tfoot><tr>
                <td>{ t(lang, "evaluate-accuracy") }</td><td></td><td></td>
                <td class="num" data-testid="report-accuracy">{ percent(m.accuracy) }</td><td class="num">{ total }</td>
            </tr></tfoot>
            <caption class="caption-bottom">{ t(lang, "evaluate-zero-division") }</caption>
        </table>
    }
}
