//! The word map of an embedding model: the most frequent words' learned vectors (the worker's
//! PCA of the Embedding rows, [`WordMap`]) drawn at their 2-D positions, coloured by their mean
//! contribution, and beside it the picked word's nearest neighbours by cosine similarity. A word
//! gets a text label only where it covers no more frequent word's label ([`place_labels`]); the
//! others are dots with the word as their tooltip, and zooming in (the +/− buttons, around the
//! picked word) spreads them out until they get labels too. Words are text nodes, never HTML.

use std::rc::Rc;

use kiln_protocol::report::WordMap;
use yew::prelude::*;

use super::logic::{PlotBox, label_width, percent, place_labels, word_fill};
use crate::i18n::{Msg, t as text, tr, use_lang};
use crate::state::Action;
use crate::state::report::ReportAction;

/// Width of the map's SVG, px (its viewBox; it scales to the card).
const WIDTH: f64 = 820.0;
/// Height of the map's SVG, px.
const HEIGHT: f64 = 520.0;
/// Margin around the words, px.
const MARGIN: f64 = 30.0;
/// Font size of a label, px of the viewBox.
const FONT: f64 = 13.0;
/// Deepest zoom (×8).
const MAX_ZOOM: f64 = 8.0;

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
    // (zoom, centre x, centre y) in the unzoomed viewBox.
    let view = use_state(|| (1.0f64, WIDTH / 2.0, HEIGHT / 2.0));
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
    let (zoom, cx, cy) = *view;
    // Every word's place in the (zoomed) box, and whether it is in view.
    let at: Vec<(f64, f64)> = map
        .words
        .iter()
        .map(|w| ((x_of(w.x) - cx) * zoom + WIDTH / 2.0, (y_of(w.y) - cy) * zoom + HEIGHT / 2.0))
        .collect();
    let inside = |(x, y): (f64, f64)| (0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y);
    let boxes: Vec<(f64, f64, f64)> = map
        .words
        .iter()
        .zip(&at)
        // A word out of view takes no room.
        .map(|(w, &(x, y))| if inside((x, y)) { (x, y, label_width(&w.word, FONT)) } else { (-1e9, -1e9, 0.0) })
        .collect();
    let forced = props.selected.and_then(|id| map.words.iter().position(|w| w.id == id));
    let labelled = place_labels(&boxes, FONT + 1.0, forced);
    let d = props.dispatch.clone();
    let mut dots = Vec::new();
    let mut labels = Vec::new();
    for ((w, &(x, y)), &label) in map.words.iter().zip(&at).zip(&labelled) {
        if !inside((x, y)) {
            continue;
        }
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
        let style = word_fill(w.mean_contribution.map(f64::from), max_abs);
        let (x, y) = (format!("{x:.1}"), format!("{y:.1}"));
        if label {
            labels.push(html! {
                <text {x} {y} text-anchor="middle" dominant-baseline="middle"
                    class={classes!("map-word", picked.then_some("picked"))} tabindex="0" data-word={w.word.clone()}
                    {style} onmouseenter={pick.clone()} onfocus={focus} onclick={pick}>
                    <title>{ title }</title>{ w.word.clone() }
                </text>
            });
        } else {
            dots.push(html! {
                <circle cx={x} cy={y} r="3" class="map-dot" tabindex="0" data-word={w.word.clone()}
                    {style} onmouseenter={pick.clone()} onfocus={focus} onclick={pick}>
                    <title>{ title }</title>
                </circle>
            });
        }
    }
    let placed = labels.len();
    let zoom_by = |factor: f64| {
        let view = view.clone();
        let centre = forced.and_then(|i| map.words.get(i)).map(|w| (x_of(w.x), y_of(w.y)));
        Callback::from(move |_: MouseEvent| {
            let (z, cx, cy) = *view;
            let z2 = (z * factor).clamp(1.0, MAX_ZOOM);
            let (cx, cy) = if z2 <= 1.0 { (WIDTH / 2.0, HEIGHT / 2.0) } else { centre.unwrap_or((cx, cy)) };
            view.set((z2, cx, cy));
        })
    };
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
                <svg data-testid="word-map" data-words={count.clone()} data-labels={placed.to_string()}
                    data-zoom={format!("{zoom}")} data-compute-ms={map.compute_ms.map(|v| format!("{v:.1}")).unwrap_or_default()} role="img"
                    aria-label={tr(lang, &Msg::new("evaluate-map-aria").arg("count", count))}
                    viewBox={format!("0 0 {WIDTH} {HEIGHT}")} font-size={FONT.to_string()}>
                    <rect x="0" y="0" width={WIDTH.to_string()} height={HEIGHT.to_string()} fill="none" stroke="#ccc" />
                    { for dots }
                    { for labels }
                </svg>
                <div class="map-side">{ side }</div>
            </div>
            <p class="muted small map-zoom">
                <button data-testid="map-zoom-in" disabled={zoom >= MAX_ZOOM} onclick={zoom_by(2.0)}
                    title={text(lang, "evaluate-map-zoom-in")} aria-label={text(lang, "evaluate-map-zoom-in")}>{ "+" }</button>
                <button data-testid="map-zoom-out" disabled={zoom <= 1.0} onclick={zoom_by(0.5)}
                    title={text(lang, "evaluate-map-zoom-out")} aria-label={text(lang, "evaluate-map-zoom-out")}>{ "−" }</button>
                <span>{ tr(lang, &Msg::new("evaluate-map-zoom").arg("zoom", format!("{zoom}"))) }</span>
                { " · " }{ variance }
            </p>
        </div>
    }
}
