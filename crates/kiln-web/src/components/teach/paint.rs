//! Teaching mode's pictures: TensorFlow Playground's colours, heatmaps of bytes (quantised over
//! [−1, 1]) painted into canvases, the decision boundary with the points, the input features'
//! fixed heatmaps, and the small canvas component every neuron is drawn in.

use std::rc::Rc;

use kiln_data::teach::{EXTENT, Feature, grid_points};
use kiln_protocol::{TeachData, TeachFrame, dequantize};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

use crate::renders;
use crate::teach_config::{BOUNDARY_RES, NEURON_RES};

/// TensorFlow Playground's palette: orange (−1) → light grey (0) → blue (+1).
const NEG: [f32; 3] = [245.0, 147.0, 34.0];
const MID: [f32; 3] = [232.0, 234.0, 235.0];
const POS: [f32; 3] = [8.0, 119.0, 189.0];
/// Colours of up to 5 classes (multi-class data sets).
const CLASS_COLORS: [[f32; 3]; 5] =
    [[8.0, 119.0, 189.0], [245.0, 147.0, 34.0], [22.0, 163.0, 74.0], [147.0, 51.0, 234.0], [220.0, 38.0, 38.0]];

/// Diverging colour for `v` in [−1, 1].
pub fn diverging(v: f32) -> [u8; 3] {
    let t = v.clamp(-1.0, 1.0);
    let (a, b, k) = if t < 0.0 { (MID, NEG, -t) } else { (MID, POS, t) };
    [0, 1, 2].map(|i| (a[i] + (b[i] - a[i]) * k).round() as u8)
}

/// A CSS colour for an RGB triple.
pub fn css(rgb: [u8; 3]) -> String {
    format!("rgb({},{},{})", rgb[0], rgb[1], rgb[2])
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok())
}

/// Paints `res × res` RGBA pixels into `canvas` (whose size must be `res × res`).
fn put_pixels(canvas: &HtmlCanvasElement, res: usize, rgba: &[u8]) {
    if let Some(ctx) = context(canvas)
        && let Ok(img) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), res as u32, res as u32)
    {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}

/// RGBA for one heatmap of bytes (quantised [−1, 1]); `discrete` snaps to the sign.
fn heatmap_rgba(values: &[u8], discrete: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * 4);
    for &b in values {
        let mut v = dequantize(b, -1.0, 1.0);
        if discrete {
            v = if v >= 0.0 { 1.0 } else { -1.0 };
        }
        let [r, g, bl] = diverging(v);
        out.extend([r, g, bl, 255]);
    }
    out
}

/// RGBA for a k-class boundary: the most probable class's colour, paler where it is less sure.
fn classes_rgba(values: &[u8], k: usize, discrete: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() / k.max(1) * 4);
    for cell in values.chunks(k.max(1)) {
        let (best, &b) = cell.iter().enumerate().max_by_key(|(_, b)| **b).unwrap_or((0, &0));
        let p = (dequantize(b, -1.0, 1.0) + 1.0) / 2.0; // back to a probability
        let conf = if discrete { 1.0 } else { ((p - 1.0 / k as f32) / (1.0 - 1.0 / k as f32)).clamp(0.0, 1.0) };
        let c = CLASS_COLORS[best % CLASS_COLORS.len()];
        let rgb = [0, 1, 2].map(|i| (MID[i] + (c[i] - MID[i]) * (0.25 + 0.75 * conf)).round() as u8);
        out.extend([rgb[0], rgb[1], rgb[2], 255]);
    }
    out
}

/// Canvas size of the decision-boundary view, CSS pixels.
pub const VIEW: f64 = 330.0;

/// Draws the boundary (scaled smoothly from its grid) and the points.
pub fn draw_boundary(
    canvas: &HtmlCanvasElement,
    frame: &TeachFrame,
    data: Option<&TeachData>,
    discrete: bool,
    show_test: bool,
) {
    let Some(ctx) = context(canvas) else { return };
    let res = BOUNDARY_RES;
    let rgba = if frame.outputs > 1 {
        classes_rgba(&frame.boundary, frame.outputs, discrete)
    } else {
        heatmap_rgba(&frame.boundary, discrete)
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(small) = doc.create_element("canvas").ok().and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok()) else {
        return;
    };
    small.set_width(res as u32);
    small.set_height(res as u32);
    put_pixels(&small, res, &rgba);
    ctx.set_image_smoothing_enabled(true);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&small, 0.0, 0.0, VIEW, VIEW);
    let Some(data) = data else { return };
    let to_px = |x: f32| (f64::from(x) + f64::from(EXTENT)) / (2.0 * f64::from(EXTENT)) * VIEW;
    for (i, p) in data.points.iter().enumerate() {
        let train = data.is_train.get(i).copied().unwrap_or(true);
        if !train && !show_test {
            continue;
        }
        let v = data.values.get(i).copied().unwrap_or(0.0);
        let fill = if data.classes > 2 {
            let c = CLASS_COLORS[(v as usize) % CLASS_COLORS.len()];
            css([c[0] as u8, c[1] as u8, c[2] as u8])
        } else if data.classes == 2 {
            css(diverging(if v >= 0.5 { 1.0 } else { -1.0 }))
        } else {
            css(diverging(v))
        };
        ctx.begin_path();
        let _ = ctx.arc(to_px(p[0]), VIEW - to_px(p[1]), 3.6, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(&fill);
        ctx.fill();
        ctx.set_line_width(if train { 1.0 } else { 1.6 });
        ctx.set_stroke_style_str(if train { "#ffffff" } else { "#111827" });
        ctx.stroke();
    }
}

/// A feature's values over the neuron grid, scaled into [−1, 1] by its largest magnitude. They
/// never change, so each is computed once and shared by every render.
pub fn feature_bytes(f: Feature) -> Rc<Vec<u8>> {
    thread_local! {
        static CACHE: Vec<Rc<Vec<u8>>> = Feature::ALL
            .iter()
            .map(|&f| {
                let vals: Vec<f32> = grid_points(NEURON_RES).iter().map(|&p| f.apply(p)).collect();
                let max = vals.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-6);
                Rc::new(vals.iter().map(|v| kiln_protocol::quantize(v / max, -1.0, 1.0)).collect())
            })
            .collect();
    }
    let i = Feature::ALL.iter().position(|&g| g == f).unwrap_or(0);
    CACHE.with(|c| c[i].clone())
}

/// One small canvas showing a heatmap.
#[derive(Properties, PartialEq)]
pub struct NodeProps {
    /// The heatmap, `NEURON_RES²` bytes.
    pub values: Rc<Vec<u8>>,
    /// Snap to the sign (the output under "Discretize output").
    pub discrete: bool,
    /// Tooltip.
    #[prop_or_default]
    pub title: String,
}

/// A neuron (or input feature) as a heatmap canvas.
#[component]
pub fn Node(props: &NodeProps) -> Html {
    renders::rendered("Node");
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with((props.values.clone(), props.discrete), move |(values, discrete)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                put_pixels(&c, NEURON_RES, &heatmap_rgba(values, *discrete));
            }
        });
    }
    html! {
        <canvas ref={canvas} class="neuron" width={NEURON_RES.to_string()} height={NEURON_RES.to_string()} title={props.title.clone()} />
    }
}
