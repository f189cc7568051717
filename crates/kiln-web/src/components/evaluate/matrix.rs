//! The confusion matrix (counts and row-normalised %, class names as text; a click on a cell
//! lists its test examples) and the per-class table (precision, recall, F1, support; macro and
//! weighted averages; accuracy), both of one `ClassificationMetrics` — at the slider's threshold
//! for two classes.

use kiln_core::metrics::{Averages, ClassificationMetrics};
use yew::prelude::*;

use super::logic::{cell_background, dark_cell, fixed3, percent};

/// What the page says (kept together for translation).
mod text {
    pub const CAPTION: &str =
        "Confusion matrix: rows are the true class, columns the predicted class. Click a cell to list its examples.";
    pub const TRUE_PRED: &str = "true ↓ · predicted →";
    pub const CLASS: &str = "class";
    pub const PRECISION: &str = "precision";
    pub const RECALL: &str = "recall";
    pub const F1: &str = "F1";
    pub const SUPPORT: &str = "support";
    pub const MACRO: &str = "macro average";
    pub const WEIGHTED: &str = "weighted average";
    pub const ACCURACY: &str = "accuracy";
    pub const ZERO: &str = "A class never predicted has precision 0 (scikit-learn's zero_division=0), never NaN.";
}

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

fn name(names: &[String], i: usize) -> String {
    names.get(i).cloned().unwrap_or_else(|| format!("class {i}"))
}

/// The confusion matrix.
#[component]
pub fn Confusion(props: &MatrixProps) -> Html {
    crate::renders::rendered("Confusion");
    let m = &props.metrics.confusion;
    let k = m.classes;
    let shares = m.row_normalised();
    html! {
        <table class="confusion" data-testid="confusion-matrix" data-total={m.total().to_string()} data-classes={k.to_string()}>
            <caption>{ text::CAPTION }</caption>
            <thead><tr>
                <th class="corner">{ text::TRUE_PRED }</th>
                { for (0..k).map(|p| html! { <th scope="col">{ name(&props.names, p) }</th> }) }
            </tr></thead>
            <tbody>
                { for (0..k).map(|t| html! {
                    <tr>
                        <th scope="row">{ name(&props.names, t) }</th>
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
                                        title={format!("{} of {} predicted as {}", count, name(&props.names, t), name(&props.names, p))}>
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
    let m = &props.metrics;
    let total = m.confusion.total();
    html! {
        <table class="summary class-metrics" data-testid="class-metrics" data-accuracy={format!("{:.4}", m.accuracy)}>
            <thead><tr>
                <th>{ text::CLASS }</th><th class="num">{ text::PRECISION }</th><th class="num">{ text::RECALL }</th>
                <th class="num">{ text::F1 }</th><th class="num">{ text::SUPPORT }</th>
            </tr></thead>
            <tbody>
                { for m.per_class.iter().enumerate().map(|(i, c)| html! {
                    <tr data-class={i.to_string()} data-precision={format!("{:.4}", c.precision)}
                        data-recall={format!("{:.4}", c.recall)} data-f1={format!("{:.4}", c.f1)}>
                        <th scope="row">{ name(&props.names, i) }</th>
                        <td class="num">{ fixed3(c.precision) }</td><td class="num">{ fixed3(c.recall) }</td>
                        <td class="num">{ fixed3(c.f1) }</td><td class="num">{ c.support }</td>
                    </tr>
                }) }
                { average_row(text::MACRO, &m.macro_avg, total) }
                { average_row(text::WEIGHTED, &m.weighted_avg, total) }
            </tbody>
            <tfoot><tr>
                <td>{ text::ACCURACY }</td><td></td><td></td>
                <td class="num" data-testid="report-accuracy">{ percent(m.accuracy) }</td><td class="num">{ total }</td>
            </tr></tfoot>
            <caption class="caption-bottom">{ text::ZERO }</caption>
        </table>
    }
}
