//! The two-class curves as SVG — ROC with its AUC and precision–recall with its average precision,
//! the slider's threshold marked on both — and the regression scatter of predicted against true
//! values with the diagonal of a perfect fit. `data-points` says how many points are drawn.

use yew::prelude::*;

use super::logic::{PlotBox, thin};
use crate::i18n::{t, use_lang};

/// Side of each plot, px (viewBox units; CSS sizes it).
const SIZE: f64 = 300.0;
/// Room for the axes.
const MARGIN: f64 = 36.0;
/// Most vertices of a drawn curve.
const MAX_VERTICES: usize = 400;
/// Most dots of a scatter.
const MAX_DOTS: usize = 2_000;

/// Properties of a curve.
#[derive(Properties, PartialEq)]
pub struct CurveProps {
    /// `data-testid`.
    pub testid: &'static str,
    /// Title, e.g. "ROC curve · AUC 0.912".
    pub title: String,
    /// Axis names `(x, y)`, in the page's language.
    pub axes: (String, String),
    /// The curve, `(x, y)` in the unit square.
    pub points: Vec<(f64, f64)>,
    /// The threshold's point.
    pub marker: (f64, f64),
    /// The marker's label, e.g. "threshold 0.50".
    pub marker_label: String,
    /// Draw the chance diagonal (ROC).
    #[prop_or_default]
    pub diagonal: bool,
    /// `data-auc` (ROC: the area, 4 decimals).
    #[prop_or_default]
    pub auc: Option<String>,
    /// `data-ap` (precision–recall: the average precision).
    #[prop_or_default]
    pub ap: Option<String>,
}

/// Axes of a plot: frame, ticks at 0, 0.5, 1 of the range and the axis names.
fn axes(b: &PlotBox, names: (&str, &str)) -> Html {
    let (lo, hi) = b.range;
    let ticks = [lo, (lo + hi) / 2.0, hi];
    html! {
        <g>
            <rect class="frame" x={MARGIN.to_string()} y={MARGIN.to_string()} width={(SIZE - 2.0 * MARGIN).to_string()} height={(SIZE - 2.0 * MARGIN).to_string()} />
            { for ticks.iter().map(|&t| html! {
                <g>
                    <text class="tick" x={format!("{:.1}", b.x(t))} y={(SIZE - MARGIN + 16.0).to_string()} text-anchor="middle">{ format!("{t:.2}") }</text>
                    <text class="tick" x={(MARGIN - 5.0).to_string()} y={format!("{:.1}", b.y(t) + 4.0)} text-anchor="end">{ short_tick(t) }</text>
                </g>
            }) }
            <text class="axis-label" x={(SIZE / 2.0).to_string()} y={(SIZE - 4.0).to_string()} text-anchor="middle">{ names.0.to_string() }</text>
            <text class="axis-label" x="10" y={(SIZE / 2.0).to_string()} text-anchor="middle" transform={format!("rotate(-90 10 {})", SIZE / 2.0)}>{ names.1.to_string() }</text>
        </g>
    }
}

/// A y-axis tick as short as it reads exactly (`0.50` → `0.5`, `1.00` → `1`), so it leaves room for
/// the axis name beside it.
fn short_tick(t: f64) -> String {
    let s = format!("{t:.2}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

/// A curve in the unit square with the threshold marked.
#[component]
pub fn Curve(props: &CurveProps) -> Html {
    crate::renders::rendered("Curve");
    let b = PlotBox::unit(SIZE, MARGIN);
    let pts = thin(&props.points, MAX_VERTICES);
    let (mx, my) = props.marker;
    html! {
        <figure class="chart curve" data-testid={props.testid} data-points={pts.len().to_string()}
            data-marker={format!("{mx:.4},{my:.4}")} data-auc={props.auc.clone()} data-ap={props.ap.clone()}>
            <figcaption>{ props.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {SIZE} {SIZE}")} role="img" aria-label={props.title.clone()}>
                { axes(&b, (&props.axes.0, &props.axes.1)) }
                if props.diagonal {
                    <line class="chance" x1={b.x(0.0).to_string()} y1={b.y(0.0).to_string()} x2={b.x(1.0).to_string()} y2={b.y(1.0).to_string()} />
                }
                <polyline points={b.polyline(&pts)} fill="none" stroke="#2563eb" stroke-width="3" />
                <circle class="marker" cx={format!("{:.1}", b.x(mx))} cy={format!("{:.1}", b.y(my))} r="7" />
                // Right of the marker in the left half, left of it in the right half: never clipped.
                <text class="marker-label" x={format!("{:.1}", if mx > 0.5 { b.x(mx) - 10.0 } else { b.x(mx) + 10.0 })}
                    text-anchor={if mx > 0.5 { "end" } else { "start" }}
                    y={format!("{:.1}", (b.y(my) + 22.0).min(SIZE - MARGIN - 6.0))}>{ props.marker_label.clone() }</text>
            </svg>
        </figure>
    }
}

/// Properties of the regression scatter.
#[derive(Properties, PartialEq)]
pub struct ScatterProps {
    /// `(true, predicted)` per test example.
    pub points: Vec<(f64, f64)>,
}

/// Predicted against true values, the diagonal where they would be equal.
#[component]
pub fn Scatter(props: &ScatterProps) -> Html {
    crate::renders::rendered("Scatter");
    let lang = use_lang();
    let b = PlotBox::fitting(SIZE, MARGIN, props.points.iter().flat_map(|&(t, p)| [t, p]));
    let pts = thin(&props.points, MAX_DOTS);
    let (lo, hi) = b.range;
    html! {
        <figure class="chart curve" data-testid="scatter" data-points={pts.len().to_string()}>
            <figcaption>{ t(lang, "evaluate-scatter") }</figcaption>
            <svg viewBox={format!("0 0 {SIZE} {SIZE}")} role="img" aria-label={t(lang, "evaluate-scatter.aria-label")}>
                { axes(&b, (&t(lang, "evaluate-scatter-true"), &t(lang, "evaluate-scatter-predicted"))) }
                <line class="chance" x1={b.x(lo).to_string()} y1={b.y(lo).to_string()} x2={b.x(hi).to_string()} y2={b.y(hi).to_string()} />
                { for pts.iter().map(|&(t, p)| html! {
                    <circle class="dot" cx={format!("{:.1}", b.x(t))} cy={format!("{:.1}", b.y(p))} r="3" />
                }) }
            </svg>
        </figure>
    }
}
