//! Word contributions drawn as text: each token of an explained text on a background coloured by
//! its contribution (green towards the explained class, red away), a tooltip with the number and
//! the method, words outside the vocabulary marked as such. Words are text nodes, never HTML.

use std::rc::Rc;

use kiln_protocol::report::{Explanation, WordContribution};
use yew::prelude::*;

use super::logic::word_background;

/// What the page says (kept together for translation).
mod text {
    pub const OOV: &str = "not in the vocabulary: treated as unknown";
    pub const UNSEEN: &str = "after the sequence length: the model never saw it";
    pub fn towards(class: &str) -> String {
        format!("green: towards “{class}”, red: away from it")
    }
    pub fn sum(total: f64, score: f64, empty: f64) -> String {
        format!("sum {total:+.2} logits (score {score:+.2}, empty text {empty:+.2})")
    }
}

/// Properties: one explanation.
#[derive(Properties, PartialEq)]
pub struct WordsProps {
    /// The explanation.
    pub explanation: Rc<Explanation>,
}

/// One word's tooltip.
fn tooltip(w: &WordContribution, x: &Explanation) -> String {
    let how = x.method.describe();
    match w.id {
        None => format!("{}: {}", w.text, text::UNSEEN),
        Some(_) if !w.in_vocabulary() => {
            format!("{}: {} ({:+.3} logits towards “{}”) — {how}", w.text, text::OOV, w.contribution, x.class_name)
        }
        Some(_) => format!("{}: {:+.3} logits towards “{}” — {how}", w.text, w.contribution, x.class_name),
    }
}

/// The explained text, word by word.
#[component]
pub fn WordContributions(props: &WordsProps) -> Html {
    crate::renders::rendered("WordContributions");
    let x = &props.explanation;
    let max_abs = x.words.iter().map(|w| w.contribution.abs()).fold(0.0, f64::max);
    let method = match x.method {
        kiln_protocol::report::ExplainMethod::Occlusion => "occlusion",
        kiln_protocol::report::ExplainMethod::IntegratedGradients => "integrated-gradients",
    };
    html! {
        <div class="explained" data-testid="word-contributions" data-method={method} title={x.method.describe()}>
            <p class="words">
                { for x.words.iter().map(|w| {
                    let oov = w.id.is_some() && !w.in_vocabulary();
                    html! {
                        <span class={classes!("word", oov.then_some("oov"), w.id.is_none().then_some("unseen"))}
                            style={word_background(w.contribution, max_abs)} title={tooltip(w, x)}
                            data-word={w.text.clone()} data-contribution={format!("{:.4}", w.contribution)}
                            data-oov={oov.then_some("true")}>{ w.text.clone() }</span>
                    }
                }) }
            </p>
            <p class="muted small">
                { text::towards(&x.class_name) }{ " · " }{ text::sum(x.total, x.score, x.empty_score) }
                if x.words.iter().any(|w| w.id.is_some() && !w.in_vocabulary()) {
                    { " · " }<span class="word oov">{ "dashed" }</span>{ ": " }{ text::OOV }
                }
            </p>
        </div>
    }
}
