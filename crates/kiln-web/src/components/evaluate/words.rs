//! Word contributions drawn as text: each token of an explained text on a background coloured by
//! its contribution (green towards the explained class, red away), a tooltip with the number and
//! the method, words outside the vocabulary marked as such. Words are text nodes, never HTML.

use std::rc::Rc;

use kiln_protocol::report::{Explanation, WordContribution};
use yew::prelude::*;

use super::logic::word_background;
use crate::i18n::{Lang, Msg, t, tr, use_lang};

/// Properties: one explanation.
#[derive(Properties, PartialEq)]
pub struct WordsProps {
    /// The explanation.
    pub explanation: Rc<Explanation>,
}

/// The message id of the method's one-sentence description (`evaluate-method-<id>`).
fn method_id(x: &Explanation) -> &'static str {
    match x.method {
        kiln_protocol::report::ExplainMethod::Occlusion => "occlusion",
        kiln_protocol::report::ExplainMethod::IntegratedGradients => "integrated-gradients",
    }
}

/// The method's one sentence, in `lang`.
/// The explained class's name in the page's language: the built-in sets' "negative" and
/// "positive" are translated (as "Try it" shows them), any other name is shown as in the data.
fn class_name(lang: Lang, x: &Explanation) -> String {
    class_label(lang, &x.class_name)
}

/// A class name as a message: the review sets' `negative` / `positive` (English words in the
/// data files) in the page's language, any other name as it is in the data.
pub fn class_msg(name: &str) -> Msg {
    match name {
        "negative" => Msg::new("evaluate-class-negative"),
        "positive" => Msg::new("evaluate-class-positive"),
        other => Msg::verbatim(other.to_owned()),
    }
}

/// A class name in the page's language: the built-in sets' "negative" and "positive" are
/// translated, any other name is shown as in the data.
pub fn class_label(lang: Lang, name: &str) -> String {
    tr(lang, &class_msg(name))
}

fn describe(lang: Lang, x: &Explanation) -> String {
    t(lang, &format!("evaluate-method-{}", method_id(x)))
}

/// One word's tooltip.
fn tooltip(lang: Lang, w: &WordContribution, x: &Explanation) -> String {
    let msg = match w.id {
        None => Msg::new("evaluate-word-unseen"),
        Some(_) if !w.in_vocabulary() => Msg::new("evaluate-word-oov-towards"),
        Some(_) => Msg::new("evaluate-word-towards"),
    };
    let msg = msg
        .arg("word", w.text.clone())
        .arg("logits", format!("{:+.3}", w.contribution))
        .arg("class", class_name(lang, x))
        .arg("how", describe(lang, x));
    tr(lang, &msg)
}

/// The explained text, word by word.
#[component]
pub fn WordContributions(props: &WordsProps) -> Html {
    crate::renders::rendered("WordContributions");
    let lang = use_lang();
    let x = &props.explanation;
    let max_abs = x.words.iter().map(|w| w.contribution.abs()).fold(0.0, f64::max);
    let method = method_id(x);
    html! {
        <div class="explained" data-testid="word-contributions" data-method={method} title={describe(lang, x)}>
            <p class="words">
                { for x.words.iter().map(|w| {
                    let oov = w.id.is_some() && !w.in_vocabulary();
                    html! {
                        <span class={classes!("word", oov.then_some("oov"), w.id.is_none().then_some("unseen"))}
                            style={word_background(w.contribution, max_abs)} title={tooltip(lang, w, x)}
                            data-word={w.text.clone()} data-contribution={format!("{:.4}", w.contribution)}
                            data-oov={oov.then_some("true")}>{ w.text.clone() }</span>
                    }
                }) }
            </p>
            <p class="muted small">
                { tr(lang, &Msg::new("evaluate-words-towards").arg("class", class_name(lang, x))) }{ " · " }
                { tr(lang, &Msg::new("evaluate-words-sum")
                    .arg("total", format!("{:+.2}", x.total))
                    .arg("score", format!("{:+.2}", x.score))
                    .arg("empty", format!("{:+.2}", x.empty_score))) }
                if x.words.iter().any(|w| w.id.is_some() && !w.in_vocabulary()) {
                    { " · " }<span class="word oov">{ t(lang, "evaluate-words-dashed") }</span>{ ": " }{ t(lang, "evaluate-word-oov") }
                }
            </p>
        </div>
    }
}
