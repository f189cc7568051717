//! Step 4, Evaluate: test metrics and "Try it" — type a sentence, see the prediction live and
//! each word's contribution to it (two-class text data sets); draw a digit or drop an image
//! (image sets, [`super::evaluate::try_image`]); edit a test row (tables,
//! [`super::evaluate::try_row`]). The test set in depth is [`super::evaluate`].

use kiln_data::draw::DigitStyle;
use kiln_data::summary::SourceKind;
use kiln_protocol::{Command, RunId, TestMetrics, TryInput};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::evaluate::try_image::TryImage;
use super::evaluate::try_row::TryRow;
use super::evaluate::words::WordContributions;
use crate::i18n::{Msg, t as text, tr, use_lang};
use crate::state::data::DataState;
use crate::state::explain::{ExplainAction, ExplainState};
use crate::state::report::ReportState;
use crate::state::try_it::{TryAction, TryIt};
use crate::state::{Action, Slice};
use crate::{link, renders};

/// What the evaluation panel shows.
#[derive(Properties, PartialEq)]
pub struct EvaluateProps {
    /// "Try it".
    pub try_it: Slice<TryIt>,
    /// Word contributions (of the typed text).
    pub explain: Slice<ExplainState>,
    /// The data set (its kind and class names).
    pub data: Slice<DataState>,
    /// The test report (its raw test rows fill the table form).
    pub report: Slice<ReportState>,
    /// The last run's test metrics.
    pub test: Option<TestMetrics>,
    /// The run whose model can predict now, if any.
    pub model: Option<RunId>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The evaluation panel.
#[component]
pub fn EvaluatePanel(props: &EvaluateProps) -> Html {
    renders::rendered("EvaluatePanel");
    let lang = use_lang();
    let t = &props.try_it;
    let sum = props.data.dataset.as_ref().map(|d| (d.id.is_upload(), d.summary.clone()));
    // "Try it" scores one text with a two-class model (the default review set before data loads).
    let is_text = sum.as_ref().is_none_or(|(_, x)| x.kind.is_text() && x.task == kiln_core::Task::Binary);
    let uploaded = sum.as_ref().is_some_and(|(u, _)| *u);
    let kind = sum.as_ref().map(|(_, x)| x.kind);
    // The canvas: models of the digit sets, whose drawings are made as their images were.
    let can_draw =
        props.data.dataset.as_ref().is_some_and(|d| !d.id.is_upload() && DigitStyle::of_dataset(d.id.name()).is_some());
    // The built-in sets' two classes are named in the page's language; an upload's as in its data.
    let builtin_name = |name: &str| match name {
        "negative" | "positive" if !uploaded => text(lang, &format!("evaluate-class-{name}")),
        _ => name.to_string(),
    };
    let names: [String; 2] = match sum.as_ref().map(|(_, x)| x.class_names.as_slice()) {
        Some([neg, pos]) => [builtin_name(neg), builtin_name(pos)],
        _ => [builtin_name("negative"), builtin_name("positive")],
    };
    let unit = match sum.as_ref().map(|(_, x)| x.kind) {
        Some(SourceKind::Images { .. }) => "images",
        Some(SourceKind::Table { .. }) => "rows",
        Some(SourceKind::Text) if uploaded => "texts",
        Some(SourceKind::Text) | None => "sentences",
    };
    let on_input = {
        let d = props.dispatch.clone();
        let model = props.model;
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let text = t.value();
            let query = model
                .map(|model| (link::start(Command::Predict { model, input: TryInput::Text(text.clone()) }), model));
            if let Some(model) = model.filter(|_| !text.trim().is_empty()) {
                let query = link::start(Command::Explain { model, text: text.clone() });
                d.emit(Action::Explain(ExplainAction::Asked { query, model, text: text.clone() }));
            }
            d.emit(Action::TryIt(TryAction::Typed { text, query }));
        })
    };
    let prediction = t.shown(props.model);
    let has_model = props.model.is_some();
    let test = match props.test {
        Some(t) if t.examples > 0 => html! {
            <div class="metrics" data-testid="test-accuracy">
                <div><b>{ format!("{:.1}%", t.accuracy * 100.0) }</b><span>{ text(lang, "evaluate-test-accuracy") }</span></div>
                <div><b>{ format!("{:.3}", t.loss) }</b><span>{ text(lang, "evaluate-test-loss") }</span></div>
                <div><b>{ t.examples }</b><span>{ tr(lang, &Msg::new("evaluate-test-examples").arg("unit", unit)) }</span></div>
            </div>
        },
        _ => {
            html! { <p class="muted">{ tr(lang, &Msg::new("evaluate-untrained").arg("unit", unit)) }</p> }
        }
    };
    let output = match (has_model, prediction, t.text.trim().is_empty()) {
        (false, _, _) => html! { <span class="muted">{ text(lang, "evaluate-train-first") }</span> },
        (true, _, true) => html! { <span class="muted">{ text(lang, "evaluate-type") }</span> },
        (true, Some(p), false) => {
            let positive = p >= 0.5;
            html! {
                <>
                    <span class={classes!("verdict", if positive { "pos" } else { "neg" })}>
                        { names[usize::from(positive)].clone() }
                    </span>
                    <span class="prob">{ tr(lang, &Msg::new("evaluate-probability").arg("pct", format!("{:.1}", p * 100.0)).arg("class", names[1].clone())) }</span>
                    <div class="meter"><div style={format!("width:{:.1}%", p * 100.0)}></div></div>
                </>
            }
        }
        (true, None, false) => html! { <span class="muted">{ "…" }</span> },
    };
    html! {
        <section class="card" id="evaluate">
            <h2><span class="step">{ "4a" }</span>{ text(lang, "evaluate-title") }</h2>
            { test }
            <h3>{ text(lang, "evaluate-try") }</h3>
            if let Some(SourceKind::Images { .. }) = kind {
                <TryImage try_it={props.try_it.clone()} model={props.model} can_draw={can_draw} dispatch={props.dispatch.clone()} />
            } else if let Some(SourceKind::Table { .. }) = kind {
                <TryRow try_it={props.try_it.clone()} model={props.model} report={props.report.shown(props.model).cloned()}
                    dispatch={props.dispatch.clone()} />
            } else if is_text {
                <textarea data-testid="try-input" rows="3"
                    placeholder={if uploaded { tr(lang, &Msg::new("evaluate-try-upload").arg("neg", names[0].clone()).arg("pos", names[1].clone())) } else { text(lang, "evaluate-try-review") }}
                    value={t.text.clone()} oninput={on_input} disabled={!has_model} />
                <div class="try-output" data-testid="try-output" aria-live="polite"
                    data-text={prediction.is_some().then(|| t.text.clone())} data-probability={prediction.map(|p| format!("{p:.6}"))}>{ output }</div>
                if let Some(x) = props.explain.get(props.model, &t.text).filter(|_| !t.text.trim().is_empty()) {
                    <WordContributions explanation={x.clone()} />
                }
            } else {
                <p class="muted" data-testid="try-output">{ text(lang, "evaluate-try-not-text") }</p>
            }
        </section>
    }
}
