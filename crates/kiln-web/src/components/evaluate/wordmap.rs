//! The word map of an embedding model: the most frequent words' learned vectors (the worker's
//! PCA of the Embedding rows, [`WordMap`]) drawn as SVG text labels at their 2-D positions,
//! coloured by their mean contribution, and beside it the picked word's nearest neighbours by
//! cosine similarity. Words are text nodes, never HTML.

use std::rc::Rc;

use kiln_protocol::report::WordMap;
use yew::prelude::*;

use super::logic::{PlotBox, percent, word_fill};
use crate::i18n::{Msg, t as text, tr, use_lang};
use crate::state::Action;
use crate::state::report::ReportAction;

/// Width of the map's SVG, px (its viewBox; it scales to the card).
const WIDTH: f64 = 820.0;
/// Height of the map's SVG, px.
const HEIGHT: f64 = 520.0;
/// Margin around the words, px.
const MARGIN: f64 = 30.0;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct WordMapProps {
    /// The map the worker sent.
    pub map: Rc<WordMap>,
    /// The class the colours are contributions towards (the word map's class 1, as the worker
    /// computes it); `None` for a regression model (contributions to the predicted value).
    pub class: Option<String>,
    /// The picked word's vocabulary id.
    pub selected: Option<u32>,
    /// Dispatches [`ReportAction::MapWord`].
    pub dispatch: Callback<Action>,
}

/// The word map and its neighbour list.
#[component]
pub fn WordMapView(props: &WordMapProps) -> Html {
    let lang = use_lang();
    let map = &props.map;
    // Separate x and y ranges so the cloud fills the wide box.
    let xs = PlotBox::fitting(WIDTH, MARGIN, map.words.iter().map(|w| f64::from(w.x)));
    let ys = PlotBox::fitting(HEIGHT, MARGIN, map.words.iter().map(|w| f64::from(w.y)));
    let x_of = |x: f32| {
        let (lo, hi) = xs.range;
        MARGIN + (f64::from(x) - lo) / (hi - lo) * (WIDTH - 2.0 * MARGIN)
    };
    let y_of = |y: f32| {
        let (lo, hi) = ys.range;
        HEIGHT - MARGIN - (f64::from(y) - lo) / (hi - lo) * (HEIGHT - 2.0 * MARGIN)
    };
    let max_abs = map
        .words
        .iter()
        .filter_map(|w| w.mean_contribution)
        .map(|c| f64::from(c).abs())
        .filter(|c| c.is_finite())
        .fold(0.0, f64::max);
    let d = props.dispatch.clone();
    let labels = map.words.iter().map(|w| {
        let id = w.id;
        let pick = d.reform(move |_: MouseEvent| Action::Report(ReportAction::MapWord(Some(id))));
        let focus = d.reform(move |_: FocusEvent| Action::Report(ReportAction::MapWord(Some(id))));
        let title = match w.mean_contribution {
            Some(c) => tr(
                lang,
                &Msg::new("evaluate-map-word-title")
                    .arg("word", w.word.clone())
                    .arg("value", format!("{c:+.3}"))
                    .arg("count", w.occurrences.to_string()),
            ),
            None => tr(lang, &Msg::new("evaluate-map-word-unseen").arg("word", w.word.clone())),
        };
        let picked = props.selected == Some(id);
        html! {
            <text x={format!("{:.1}", x_of(w.x))} y={format!("{:.1}", y_of(w.y))} text-anchor="middle"
                class={classes!("map-word", picked.then_some("picked"))} tabindex="0"
                style={word_fill(w.mean_contribution.map(f64::from), max_abs)}
                onmouseenter={pick.clone()} onfocus={focus} onclick={pick}>
                <title>{ title }</title>{ w.word.clone() }
            </text>
        }
    });
    let picked = props.selected.and_then(|id| map.words.iter().find(|w| w.id == id));
    let side = match picked {
        Some(w) => html! {
            <div class="map-neighbours" data-testid="word-map-neighbours" aria-live="polite">
                <h4>{ tr(lang, &Msg::new("evaluate-map-neighbours").arg("word", w.word.clone())) }</h4>
                <ol>
                    { for w.neighbours.iter().map(|n| html! {
                        <li><span>{ n.word.clone() }</span>{ " " }<b>{ format!("{:.3}", n.similarity) }</b></li>
                    }) }
                </ol>
            </div>
        },
        None => html! { <p class="muted map-neighbours">{ text(lang, "evaluate-map-pick") }</p> },
    };
    let count = map.words.len().to_string();
    let variance = tr(
        lang,
        &Msg::new("evaluate-map-variance")
            .arg("x", percent(map.explained_variance[0]))
            .arg("y", percent(map.explained_variance[1])),
    );
    let help = match &props.class {
        Some(class) => tr(
            lang,
            &Msg::new("evaluate-map-help")
                .arg("count", count.clone())
                .arg("class", super::words::class_label(lang, class)),
        ),
        None => tr(lang, &Msg::new("evaluate-map-help-value").arg("count", count.clone())),
    };
    html! {
        <div class="word-map-panel">
            <h3>{ text(lang, "evaluate-map-title") }</h3>
            <p class="muted small">{ help }</p>
            <div class="word-map-row">
                <svg data-testid="word-map" data-words={count.clone()} data-compute-ms={map.compute_ms.map(|v| format!("{v:.1}")).unwrap_or_default()} role="img"
                    aria-label={tr(lang, &Msg::new("evaluate-map-aria").arg("count", count))}
                    viewBox={format!("0 0 {WIDTH} {HEIGHT}")} font-size="13"
                    onmouseleave={d.reform(|_| Action::Report(ReportAction::MapWord(None)))}>
                    <rect x="0" y="0" width={WIDTH.to_string()} height={HEIGHT.to_string()} fill="none" stroke="#ccc" />
                    { for labels }
                </svg>
                <div class="map-side">{ side }</div>
            </div>
            <p class="muted small">{ variance }</p>
        </div>
    }
}
