//! A line chart drawn as SVG from yew's `html!`: axes, ticks, legend and one polyline per series.
//! `data-points` on the root says how many points are drawn (the browser tests read it).

use yew::prelude::*;

/// One line on the chart.
#[derive(Clone, PartialEq)]
pub struct Line {
    /// Legend label.
    pub label: String,
    /// CSS colour.
    pub color: &'static str,
    /// Points `(x, y)`.
    pub points: Vec<(f64, f64)>,
    /// Draw a dot on each point (epoch values) rather than only a line (batch values).
    pub dots: bool,
}

/// Chart properties.
#[derive(Properties, Clone, PartialEq)]
pub struct ChartProps {
    /// Title above the chart.
    pub title: AttrValue,
    /// `data-testid` of the chart.
    pub testid: &'static str,
    /// Lines to draw.
    pub lines: Vec<Line>,
    /// Fixed y range (e.g. 0..1 for accuracy), else fitted to the data.
    #[prop_or_default]
    pub y_range: Option<(f64, f64)>,
    /// Show y ticks as percentages.
    #[prop_or_default]
    pub percent: bool,
    /// Smallest x extent (e.g. the number of epochs planned).
    #[prop_or(1.0)]
    pub x_max: f64,
    /// The x axis' name, in the page's language (e.g. "epoch").
    pub x_label: AttrValue,
}

const W: f64 = 520.0;
const H: f64 = 260.0;
const L: f64 = 56.0;
const R: f64 = 12.0;
const T: f64 = 12.0;
const B: f64 = 36.0;

/// The chart.
#[component]
pub fn Chart(props: &ChartProps) -> Html {
    crate::renders::rendered("Chart");
    let n_points: usize = props.lines.iter().map(|l| l.points.len()).sum();
    let ys = props.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
    let (lo, hi) =
        ys.filter(|y| y.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
    // A fixed range (accuracy from 40 %) still widens to take in every point: a chance-level
    // run is drawn inside the axes, never over the tick labels.
    let (mut y0, mut y1) = match props.y_range {
        Some((a, b)) if lo.is_finite() => (a.min(lo), b.max(hi)),
        Some(range) => range,
        None if lo.is_finite() => (lo.min(0.0), hi * 1.05),
        None => (0.0, 1.0),
    };
    if y1 - y0 < 1e-9 {
        y1 = y0 + 1.0;
    }
    if !y0.is_finite() {
        y0 = 0.0;
    }
    let x_max = props.lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).fold(props.x_max.max(1e-9), f64::max);
    let sx = move |x: f64| L + x / x_max * (W - L - R);
    let sy = move |y: f64| T + (1.0 - (y - y0) / (y1 - y0)) * (H - T - B);
    let y_ticks: Vec<f64> = (0..=4).map(|i| y0 + (y1 - y0) * i as f64 / 4.0).collect();
    let x_step = (x_max / 5.0).ceil().max(1.0);
    let x_ticks: Vec<f64> = (0..).map(|i| i as f64 * x_step).take_while(|x| *x <= x_max + 1e-9).collect();
    let fmt_y = |y: f64| if props.percent { format!("{:.0}%", y * 100.0) } else { format!("{y:.2}") };
    html! {
        <figure class="chart" data-testid={props.testid} data-points={n_points.to_string()}>
            <figcaption>{ props.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={props.title.clone()}>
                { for y_ticks.iter().map(|&y| html! {
                    <g>
                        <line class="grid" x1={L.to_string()} x2={(W - R).to_string()} y1={sy(y).to_string()} y2={sy(y).to_string()} />
                        <text class="tick" x={(L - 6.0).to_string()} y={(sy(y) + 4.0).to_string()} text-anchor="end">{ fmt_y(y) }</text>
                    </g>
                }) }
                { for x_ticks.iter().map(|&x| html! {
                    <text class="tick" x={sx(x).to_string()} y={(H - B + 18.0).to_string()} text-anchor="middle">{ format!("{x:.0}") }</text>
                }) }
                <text class="axis-label" x={((L + W - R) / 2.0).to_string()} y={(H - 2.0).to_string()} text-anchor="middle">{ props.x_label.clone() }</text>
                <line class="axis" x1={L.to_string()} x2={L.to_string()} y1={T.to_string()} y2={(H - B).to_string()} />
                <line class="axis" x1={L.to_string()} x2={(W - R).to_string()} y1={(H - B).to_string()} y2={(H - B).to_string()} />
                { for props.lines.iter().map(|line| {
                    let pts: String = line.points.iter().map(|&(x, y)| format!("{:.1},{:.1} ", sx(x), sy(y))).collect();
                    html! {
                        <g>
                            <polyline points={pts} fill="none" stroke={line.color} stroke-width="2.5" />
                            { for line.points.iter().filter(|_| line.dots).map(|&(x, y)| html! {
                                <circle cx={format!("{:.1}", sx(x))} cy={format!("{:.1}", sy(y))} r="4" fill={line.color} />
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <div class="legend">
                { for props.lines.iter().map(|l| html! {
                    <span><i style={format!("background:{}", l.color)}></i>{ l.label.clone() }</span>
                }) }
            </div>
        </figure>
    }
}
