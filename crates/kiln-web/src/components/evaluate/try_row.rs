//! "Try it" for table models: a form with one input per input column of the model (numbers as
//! decimal text inputs, categorical columns as a `<select>` of the categories seen in training),
//! filled with a random row of the test split ("Random test row" draws another), editable; each
//! change asks the worker, which encodes the row with the model's own encoder (the path
//! `kiln predict` scores CSV rows with), and the answer shows the predicted class with every
//! class's probability (or the value, for regression). A number field left empty or not a
//! number is named and the answer hidden until it is fixed; a number outside the training range
//! is predicted with a warning naming the column's training minimum and maximum. Also
//! [`Probabilities`], the bars both image and table panels show.

use std::rc::Rc;

use kiln_protocol::report::{Shown, TestReport};
use kiln_protocol::try_it::FieldKind;
use kiln_protocol::{Command, RunId, Scored, TryInput};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Msg, t, tr, use_lang};
use crate::state::try_it::{TryAction, TryIt};
use crate::state::{Action, Slice};
use crate::{link, renders};

/// A prediction's classes as bars (or its value).
#[derive(Properties, PartialEq)]
pub struct ProbabilitiesProps {
    /// The prediction.
    pub scored: Scored,
}

/// The predicted class and every class's probability as a bar, most probable marked; the figures
/// are also `data-class`, `data-probabilities` (JSON `[[class, p], …]`) and `data-value`.
#[component]
pub fn Probabilities(props: &ProbabilitiesProps) -> Html {
    let lang = use_lang();
    let s = &props.scored;
    let json = serde_json::to_string(&s.probabilities).unwrap_or_default();
    if let Some(v) = s.value {
        return html! {
            <div class="try-probs" data-testid="try-prediction" data-value={format!("{v}")}>
                <p class="try-class">{ tr(lang, &Msg::new("evaluate-try-value").arg("value", format!("{v:.4}"))) }</p>
            </div>
        };
    }
    let class = s.class.clone().unwrap_or_default();
    html! {
        <div class="try-probs" data-testid="try-prediction" data-class={class.clone()} data-probabilities={json}>
            <p class="try-class">{ tr(lang, &Msg::new("evaluate-try-class").arg("class", class.clone())) }</p>
            <ul class="prob-bars" aria-label={t(lang, "evaluate-try-probabilities")}>
                { for s.probabilities.iter().map(|(name, p)| html! {
                    <li class={classes!((*name == class).then_some("top"))} data-class={name.clone()}>
                        <span class="name">{ name.clone() }</span>
                        <span class="bar"><span style={format!("width:{:.1}%", p * 100.0)}></span></span>
                        <span class="pct">{ format!("{:.1}%", p * 100.0) }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// What the row form shows.
#[derive(Properties, PartialEq)]
pub struct TryRowProps {
    /// "Try it".
    pub try_it: Slice<TryIt>,
    /// The run whose model can predict now, if any.
    pub model: Option<RunId>,
    /// That model's test report (its raw test rows fill the form).
    pub report: Option<Rc<TestReport>>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// A random raw test row `(column, cell)` of `report` (none when it has no table rows); its
/// missing cells are left out, so the worker fills them as training did and the form shows that.
fn random_row(report: Option<&TestReport>) -> Vec<(String, String)> {
    let Some(r) = report else { return Vec::new() };
    let rows: Vec<&Vec<String>> = r
        .rows
        .iter()
        .filter_map(|row| match &row.shown {
            Shown::Row { cells } => Some(cells),
            _ => None,
        })
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let i = ((js_sys::Math::random() * rows.len() as f64) as usize).min(rows.len() - 1);
    r.columns
        .iter()
        .cloned()
        .zip(rows[i].iter().cloned())
        .filter(|(_, cell)| !kiln_data::table::is_missing(cell.trim()))
        .collect()
}

/// A finite number typed in a form field (`None` for an empty, unreadable or infinite one).
fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number as a warning shows it: plain up to 4 decimals, in e-notation when huge or tiny.
fn short(v: f64) -> String {
    if v != 0.0 && !(1e-4..1e6).contains(&v.abs()) {
        return format!("{v:e}");
    }
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The warning for a number field whose value lies outside the training range `[lo, hi]`.
fn out_of_range(column: &str, text: &str, kind: &FieldKind) -> Option<Msg> {
    let (FieldKind::Number { range: Some([lo, hi]), .. }, Some(v)) = (kind, number(text)) else { return None };
    (v < *lo || v > *hi).then(|| {
        Msg::new("evaluate-row-out-of-range")
            .arg("column", column)
            .arg("value", short(v))
            .arg("min", short(*lo))
            .arg("max", short(*hi))
    })
}

/// Asks the worker about `row` with `model`, as a new query of the panel.
fn ask(model: RunId, row: Vec<(String, String)>, dispatch: &Callback<Action>) {
    let query = link::start(Command::Predict { model, input: TryInput::Row(row.clone()) });
    dispatch.emit(Action::TryIt(TryAction::Asked { query: (query, model), row: Some(row) }));
}

/// The row form.
#[component]
pub fn TryRow(props: &TryRowProps) -> Html {
    renders::rendered("TryRow");
    let lang = use_lang();
    let model = props.model;
    // A new model, or its report arriving: a random test row (or, without one, the training means).
    {
        let (report, d) = (props.report.clone(), props.dispatch.clone());
        use_effect_with((model, report.is_some()), move |(model, _)| {
            if let Some(model) = *model {
                ask(model, random_row(report.as_deref()), &d);
            }
        });
    }
    let on_random = {
        let (report, d) = (props.report.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(model) = model {
                ask(model, random_row(report.as_deref()), &d);
            }
        })
    };
    let panel = &props.try_it.panel;
    let Some(outcome) = props.try_it.panel_shown(model) else {
        let note = if model.is_some() { "…".to_owned() } else { t(lang, "evaluate-train-first") };
        return html! { <div class="try-row" data-testid="row-form"><p class="muted">{ note }</p></div> };
    };
    let value_of = |column: &str, fallback: &str| {
        panel.row.iter().find(|(c, _)| c == column).map_or_else(|| fallback.to_owned(), |(_, v)| v.clone())
    };
    // Editing one cell sends the whole row again; a number field that is empty or not a number is
    // named instead, the answer hidden. The fields are text inputs (`inputmode=decimal`), so what
    // was typed stays as typed ("-" or "1e" on the way to a number) and can be named.
    let numeric: Rc<Vec<String>> = Rc::new(
        outcome
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Number { .. }))
            .map(|f| f.column.clone())
            .collect(),
    );
    let edit = |column: String| {
        let (row, d, numeric) = (panel.row.clone(), props.dispatch.clone(), numeric.clone());
        move |value: String| {
            let Some(model) = model else { return };
            let mut row = row.clone();
            match row.iter_mut().find(|(c, _)| *c == column) {
                Some(cell) => cell.1 = value,
                None => row.push((column.clone(), value)),
            }
            // The first number field that is not a number (this one, or one left so before).
            let bad = row.iter().find(|(c, v)| numeric.contains(c) && number(v).is_none()).map(|(c, _)| c.clone());
            match bad {
                None => ask(model, row, &d),
                Some(field) => {
                    let message = Msg::new("evaluate-row-invalid").arg("column", field);
                    d.emit(Action::TryIt(TryAction::Invalid { row, message }));
                }
            }
        }
    };
    let mut warnings = Vec::new();
    let fields = outcome.fields.iter().map(|f| {
        let value = value_of(&f.column, &f.value);
        let set = edit(f.column.clone());
        let input = match &f.kind {
            FieldKind::Number { mean, .. } => {
                let invalid = number(&value).is_none();
                if let Some(w) = out_of_range(&f.column, &value, &f.kind) {
                    warnings.push(w);
                }
                let oninput = Callback::from(move |e: InputEvent| set(e.target_unchecked_into::<HtmlInputElement>().value()));
                html! { <input type="text" inputmode="decimal" data-column={f.column.clone()} value={value.clone()} {oninput}
                    aria-invalid={invalid.to_string()} class={classes!(invalid.then_some("invalid"))}
                    title={tr(lang, &Msg::new("evaluate-row-mean").arg("mean", format!("{mean:.4}")))} /> }
            }
            FieldKind::Category { levels } => {
                let onchange = Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()));
                let unseen = !levels.contains(&value);
                html! {
                    <select data-column={f.column.clone()} {onchange}>
                        { for levels.iter().map(|l| html! { <option value={l.clone()} selected={*l == value}>{ l.clone() }</option> }) }
                        if unseen {
                            <option value={value.clone()} selected=true>{ tr(lang, &Msg::new("evaluate-row-unseen").arg("value", value.clone())) }</option>
                        }
                    </select>
                }
            }
        };
        html! { <label class="row-field"><span>{ f.column.clone() }</span>{ input }</label> }
    });
    let fields: Vec<Html> = fields.collect();
    html! {
        <div class="try-row" data-testid="row-form" data-columns={outcome.fields.len().to_string()}>
            <div class="row-fields">
                { for fields }
                <button data-testid="random-row" onclick={on_random}>{ t(lang, "evaluate-row-random") }</button>
            </div>
            <div class="try-result">
                if let Some(e) = &panel.error {
                    <p class="try-error" data-testid="try-error" role="alert">{ tr(lang, e) }</p>
                }
                if !panel.stale {
                    { for warnings.iter().map(|w| html! {
                        <p class="try-warning" data-testid="row-range-warning" role="status">{ tr(lang, w) }</p>
                    }) }
                    <Probabilities scored={outcome.prediction.clone()} />
                }
            </div>
        </div>
    }
}
