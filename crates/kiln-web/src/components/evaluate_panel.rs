//! Step 4, Evaluate: test metrics and "Try it" — type a sentence, see the prediction live.

use kiln_protocol::Command;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::PanelProps;
use crate::state::Action;

/// The evaluation panel.
#[component]
pub fn EvaluatePanel(props: &PanelProps) -> Html {
    let s = &props.state;
    let on_input = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        let can_predict = s.has_model();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let text = t.value();
            d.emit(Action::SetTryText(text.clone()));
            if can_predict {
                send.emit(Command::Predict { text });
            }
        })
    };
    let unit = match s.dataset.as_ref().map(|d| d.summary.kind.as_str()) {
        Some("images") => "test images (never trained on)",
        Some("table") => "test rows (never trained on)",
        _ => "test sentences (never trained on)",
    };
    let test = match s.test {
        Some(t) if t.examples > 0 => html! {
            <div class="metrics" data-testid="test-accuracy">
                <div><b>{ format!("{:.1}%", t.accuracy * 100.0) }</b><span>{ "test accuracy" }</span></div>
                <div><b>{ format!("{:.3}", t.loss) }</b><span>{ "test loss" }</span></div>
                <div><b>{ t.examples }</b><span>{ unit }</span></div>
            </div>
        },
        _ => html! { <p class="muted">{ "Train a model to see how it does on sentences it has never seen." }</p> },
    };
    let output = match (s.has_model(), s.prediction, s.try_text.trim().is_empty()) {
        (false, _, _) => html! { <span class="muted">{ "train a model first" }</span> },
        (true, _, true) => html! { <span class="muted">{ "type a sentence" }</span> },
        (true, Some(p), false) => {
            let positive = p >= 0.5;
            html! {
                <>
                    <span class={classes!("verdict", if positive { "pos" } else { "neg" })}>
                        { if positive { "positive" } else { "negative" } }
                    </span>
                    <span class="prob">{ format!("{:.1}% positive", p * 100.0) }</span>
                    <div class="meter"><div style={format!("width:{:.1}%", p * 100.0)}></div></div>
                </>
            }
        }
        (true, None, false) => html! { <span class="muted">{ "…" }</span> },
    };
    html! {
        <section class="card" id="evaluate">
            <h2><span class="step">{ "4" }</span>{ "Evaluate" }</h2>
            { test }
            <h3>{ "Try it" }</h3>
            <textarea data-testid="try-input" rows="3" placeholder="Type a review, e.g. “The food was great and the staff were friendly”"
                value={s.try_text.clone()} oninput={on_input} disabled={!s.has_model()} />
            <div class="try-output" data-testid="try-output" aria-live="polite"
                data-text={s.prediction.is_some().then(|| s.try_text.clone())}>{ output }</div>
        </section>
    }
}
