//! Teaching mode: TensorFlow Playground's classroom view, on Kiln's engine. Data sets and
//! features on the left, the network in the middle (every neuron a heatmap of its output over the
//! input plane, every connection's width and colour its weight), the decision boundary with the
//! points on the right; play / pause / step / reset on top. The set-up lives in the URL.

use std::rc::Rc;

use kiln_core::{Activation, Engine, LiveSettings, OptimizerKind};
use kiln_data::teach::{Dataset2d, EXTENT, Feature, grid_points};
use kiln_protocol::{Command, TeachData, TeachFrame, dequantize};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlInputElement, HtmlSelectElement, ImageData};
use yew::prelude::*;

use super::PanelProps;
use super::chart::{Chart, Line};
use crate::state::{Action, Link, State};
use crate::teach_config::{
    ACTIVATIONS, BATCH_SIZE, BOUNDARY_RES, LEARNING_RATES, MAX_LAYERS, MAX_NEURONS, NEURON_RES, NOISE, REG_RATES,
    Regularization, TRAIN_RATIO, TeachConfig,
};

/// TensorFlow Playground's palette: orange (−1) → light grey (0) → blue (+1).
const NEG: [f32; 3] = [245.0, 147.0, 34.0];
const MID: [f32; 3] = [232.0, 234.0, 235.0];
const POS: [f32; 3] = [8.0, 119.0, 189.0];
/// Colours of up to 5 classes (multi-class data sets).
const CLASS_COLORS: [[f32; 3]; 5] =
    [[8.0, 119.0, 189.0], [245.0, 147.0, 34.0], [22.0, 163.0, 74.0], [147.0, 51.0, 234.0], [220.0, 38.0, 38.0]];

/// Diverging colour for `v` in [−1, 1].
fn diverging(v: f32) -> [u8; 3] {
    let t = v.clamp(-1.0, 1.0);
    let (a, b, k) = if t < 0.0 { (MID, NEG, -t) } else { (MID, POS, t) };
    [0, 1, 2].map(|i| (a[i] + (b[i] - a[i]) * k).round() as u8)
}

fn css(rgb: [u8; 3]) -> String {
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
const VIEW: f64 = 330.0;

/// Draws the boundary (scaled smoothly from its grid) and the points.
fn draw_boundary(
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
fn feature_bytes(f: Feature) -> Rc<Vec<u8>> {
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
struct NodeProps {
    values: Rc<Vec<u8>>,
    discrete: bool,
    #[prop_or_default]
    title: String,
}

#[component]
fn Node(props: &NodeProps) -> Html {
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

/// An edit of the set-up from a control's value.
type EditWith<T> = dyn Fn(&mut TeachConfig, T);

/// Geometry of the diagram (CSS pixels).
const NODE: f64 = 42.0;
const ROW: f64 = 50.0;
const COL: f64 = 118.0;
const TOP: f64 = 34.0;

/// The teaching page.
#[component]
pub fn TeachPage(props: &PanelProps) -> Html {
    let s: &State = &props.state;
    let t = &s.teach;
    let c = &t.config;
    let boundary = use_node_ref();
    {
        let boundary = boundary.clone();
        let frame = t.frame.clone();
        let data = t.data.clone();
        use_effect_with((frame, data, c.discretize), move |(frame, data, discrete)| {
            if let (Some(canvas), Some(frame)) = (boundary.cast::<HtmlCanvasElement>(), frame) {
                draw_boundary(&canvas, frame, data.as_deref(), *discrete, true);
            }
        });
    }
    // (Re)start the run in the worker: keeps playing if it was playing.
    let restart = {
        let send = props.send.clone();
        let d = props.dispatch.clone();
        move |cfg: TeachConfig, playing: bool| {
            crate::app::set_url_query(&cfg.to_query());
            send.emit(Command::Teach(Box::new(cfg.request(!playing))));
            d.emit(Action::SetTeach(cfg));
            d.emit(Action::TeachStarted { playing });
        }
    };
    let playing = t.playing;
    // A change that rebuilds the network or the data (as in TensorFlow Playground).
    let change = {
        let cfg = c.clone();
        let restart = restart.clone();
        move |f: Rc<dyn Fn(&mut TeachConfig)>| {
            let cfg = cfg.clone();
            let restart = restart.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = cfg.clone();
                f(&mut next);
                restart(next, playing);
            })
        }
    };
    // A change of a live setting: applied to the running network from its next batch.
    let live = {
        let cfg = c.clone();
        let send = props.send.clone();
        let d = props.dispatch.clone();
        move |next: TeachConfig| {
            let tc = next.train_config();
            crate::app::set_url_query(&next.to_query());
            send.emit(Command::UpdateSettings(LiveSettings {
                learning_rate: tc.optimizer.learning_rate(),
                l1: tc.l1,
                l2: tc.l2,
                weight_decay: 0.0,
            }));
            let _ = &cfg;
            d.emit(Action::SetTeach(next));
        }
    };
    let on_play = {
        let send = props.send.clone();
        let d = props.dispatch.clone();
        let started = t.started;
        let cfg = c.clone();
        let restart = restart.clone();
        Callback::from(move |_: MouseEvent| {
            if !started {
                restart(cfg.clone(), true);
            } else if playing {
                send.emit(Command::Pause);
                d.emit(Action::TeachPlaying(false));
            } else {
                send.emit(Command::Resume);
                d.emit(Action::TeachPlaying(true));
            }
        })
    };
    let on_step = {
        let send = props.send.clone();
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            send.emit(Command::Step);
            d.emit(Action::TeachPlaying(false));
        })
    };
    let on_reset = {
        let cfg = c.clone();
        let restart = restart.clone();
        Callback::from(move |_: MouseEvent| restart(cfg.clone(), false))
    };
    let select = |f: Rc<EditWith<String>>, rebuild: bool| {
        let cfg = c.clone();
        let restart = restart.clone();
        let live = live.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let mut next = cfg.clone();
            f(&mut next, v.value());
            if rebuild { restart(next, playing) } else { live(next) }
        })
    };
    let slider = |f: Rc<EditWith<f64>>| {
        let cfg = c.clone();
        let restart = restart.clone();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            if let Ok(x) = v.value().parse::<f64>() {
                let mut next = cfg.clone();
                f(&mut next, x);
                restart(next, playing);
            }
        })
    };

    // --- Left column: data and features --------------------------------------------------
    let data_buttons = Dataset2d::ALL.iter().map(|&ds| {
        let name = ds.name();
        let testid = format!("dataset-{name}");
        let selected = std::mem::discriminant(&ds) == std::mem::discriminant(&c.dataset);
        let onclick = change(Rc::new(move |n: &mut TeachConfig| {
            n.dataset = ds;
            if ds.is_regression() {
                n.regression = true;
            } else if n.regression && !n.dataset.is_regression() {
                n.regression = ds.classes() == 2 && n.regression;
            }
        }));
        html! { <button class={classes!("ds", selected.then_some("on"))} data-testid={testid} {onclick}>{ name }</button> }
    });
    let feature_nodes = Feature::ALL.iter().map(|&f| {
        let on = c.features.contains(&f);
        let onclick = change(Rc::new(move |n: &mut TeachConfig| n.toggle_feature(f)));
        html! {
            <button class={classes!("feature", on.then_some("on"))} data-testid={format!("feature-{}", f.name())} {onclick}
                title={format!("{}: click to {} this input", f.label(), if on { "remove" } else { "add" })}>
                <Node values={feature_bytes(f)} discrete={false} />
                <span>{ f.label() }</span>
            </button>
        }
    });

    // --- Middle: the network diagram -----------------------------------------------------
    let frame = t.frame.clone();
    let width = c.features.len();
    let mut columns: Vec<usize> = vec![width];
    columns.extend(c.hidden.iter().copied());
    let outputs = frame.as_ref().map_or(1, |f| f.outputs.max(1));
    columns.push(outputs);
    let max_rows = columns.iter().copied().max().unwrap_or(1);
    let diagram_w = COL * (columns.len() - 1) as f64 + NODE + 20.0;
    let diagram_h = TOP + ROW * max_rows as f64 + 10.0;
    let node_xy = |col: usize, row: usize| (10.0 + COL * col as f64, TOP + ROW * row as f64);
    let mut links = Vec::new();
    if let Some(f) = &frame {
        for (layer, (w, _)) in f.weights.iter().enumerate() {
            let fan_in = columns[layer];
            let units = columns.get(layer + 1).copied().unwrap_or(1);
            if w.len() != fan_in * units {
                continue;
            }
            for from in 0..fan_in {
                for to in 0..units {
                    let weight = w[from * units + to];
                    let (x1, y1) = node_xy(layer, from);
                    let (x2, y2) = node_xy(layer + 1, to);
                    let (x1, y1, x2, y2) = (x1 + NODE, y1 + NODE / 2.0, x2, y2 + NODE / 2.0);
                    let mx = (x1 + x2) / 2.0;
                    let path = format!("M{x1:.1},{y1:.1} C{mx:.1},{y1:.1} {mx:.1},{y2:.1} {x2:.1},{y2:.1}");
                    let link = Link { layer, from, to };
                    let hovered = t.hovered == Some(link);
                    let stroke = css(diverging(weight.clamp(-1.0, 1.0) * 0.9 + weight.signum() * 0.1));
                    let widthpx = (weight.abs() * 2.5).clamp(0.6, 7.0) + if hovered { 2.0 } else { 0.0 };
                    let d = props.dispatch.clone();
                    links.push(html! {
                        <path d={path} stroke={stroke} stroke-width={format!("{widthpx:.2}")} fill="none" class="link"
                            onmouseenter={Callback::from(move |_: MouseEvent| d.emit(Action::Hover(Some(link))))}>
                            <title>{ format!("weight {weight:.3}") }</title>
                        </path>
                    });
                }
            }
        }
    }
    let mut nodes = Vec::new();
    for (col, &n) in columns.iter().enumerate() {
        for row in 0..n {
            let (x, y) = node_xy(col, row);
            let values: Rc<Vec<u8>> = if col == 0 {
                c.features.get(row).map(|&f| feature_bytes(f)).unwrap_or_default()
            } else {
                Rc::new(
                    frame
                        .as_ref()
                        .and_then(|f| f.neurons.get(col - 1))
                        .and_then(|l| l.get(row))
                        .cloned()
                        .unwrap_or_else(|| vec![128; NEURON_RES * NEURON_RES]),
                )
            };
            let title = if col == 0 {
                c.features.get(row).map(|f| f.label().to_string()).unwrap_or_default()
            } else if col == columns.len() - 1 {
                "output".to_string()
            } else {
                format!("layer {col}, neuron {}", row + 1)
            };
            nodes.push(html! {
                <div class="node" style={format!("left:{x:.0}px;top:{y:.0}px")}>
                    <Node values={values} discrete={c.discretize && col == columns.len() - 1} title={title} />
                </div>
            });
        }
    }
    // +/− neurons above each hidden layer.
    let layer_controls = c.hidden.iter().enumerate().map(|(i, &n)| {
        let (x, _) = node_xy(i + 1, 0);
        let plus = change(Rc::new(move |cfg: &mut TeachConfig| {
            if let Some(h) = cfg.hidden.get_mut(i) {
                *h = (*h + 1).min(MAX_NEURONS);
            }
        }));
        let minus = change(Rc::new(move |cfg: &mut TeachConfig| {
            if let Some(h) = cfg.hidden.get_mut(i) {
                *h = h.saturating_sub(1).max(1);
            }
        }));
        html! {
            <div class="layer-ctl" style={format!("left:{:.0}px", x - 14.0)}>
                <button class="mini" onclick={minus} disabled={n <= 1} title="one neuron fewer">{ "−" }</button>
                <span>{ n }</span>
                <button class="mini" onclick={plus} disabled={n >= MAX_NEURONS} title="one neuron more">{ "+" }</button>
            </div>
        }
    });
    let add_layer = change(Rc::new(|cfg: &mut TeachConfig| {
        if cfg.hidden.len() < MAX_LAYERS {
            cfg.hidden.push(2);
        }
    }));
    let remove_layer = change(Rc::new(|cfg: &mut TeachConfig| {
        cfg.hidden.pop();
    }));
    let hover_panel = match (t.hovered, &frame) {
        (Some(l), Some(f)) => {
            let units = columns.get(l.layer + 1).copied().unwrap_or(1);
            let w = f.weights.get(l.layer).and_then(|(w, _)| w.get(l.from * units + l.to)).copied();
            let from_name = if l.layer == 0 {
                c.features.get(l.from).map(|f| f.label().to_string()).unwrap_or_default()
            } else {
                format!("neuron {} of layer {}", l.from + 1, l.layer)
            };
            let to_name = if l.layer + 1 == columns.len() - 1 {
                "the output".to_string()
            } else {
                format!("neuron {} of layer {}", l.to + 1, l.layer + 1)
            };
            let send = props.send.clone();
            let onchange = Callback::from(move |e: Event| {
                let v: HtmlInputElement = e.target_unchecked_into();
                if let Ok(x) = v.value().parse::<f32>()
                    && x.is_finite()
                {
                    send.emit(Command::SetWeight { layer: l.layer, from: l.from, to: l.to, value: x });
                }
            });
            html! {
                <div class="weight-edit" data-testid="weight-edit">
                    { format!("Weight from {from_name} to {to_name}: ") }
                    <input type="number" step="0.1" value={w.map(|w| format!("{w:.3}")).unwrap_or_default()} {onchange} data-testid="weight-input" />
                </div>
            }
        }
        _ => html! { <div class="weight-edit muted">{ "Hover a connection to see its weight and edit it." }</div> },
    };

    // --- Right: output ------------------------------------------------------------------
    let pct = |x: f64| if x.is_finite() { format!("{:.1} %", x * 100.0) } else { "—".into() };
    let num = |x: f64| if x.is_finite() { format!("{x:.3}") } else { "—".into() };
    let (train_loss, test_loss, test_acc, train_acc, epoch) = match &frame {
        Some(f) => (num(f.train_loss), num(f.test_loss), pct(f.test_accuracy), pct(f.train_accuracy), f.epoch),
        None => ("—".into(), "—".into(), "—".into(), "—".into(), 0),
    };
    let d = props.dispatch.clone();
    let on_discrete = {
        let cfg = c.clone();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            let mut next = cfg.clone();
            next.discretize = v.checked();
            crate::app::set_url_query(&next.to_query());
            d.emit(Action::SetTeach(next));
        })
    };
    let on_lr = select(Rc::new(|n, v| n.learning_rate = v.parse().unwrap_or(n.learning_rate)), false);
    let on_rate = select(Rc::new(|n, v| n.reg_rate = v.parse().unwrap_or(n.reg_rate)), false);
    let on_reg =
        select(Rc::new(|n, v| n.regularization = Regularization::parse(&v).unwrap_or(Regularization::None)), false);
    let on_act = select(Rc::new(|n, v| n.activation = Activation::parse(&v).unwrap_or(Activation::Tanh)), true);
    let on_opt = select(Rc::new(|n, v| n.optimizer = OptimizerKind::parse(&v).unwrap_or(OptimizerKind::Sgd)), true);
    let on_problem = select(Rc::new(|n, v| n.regression = v == "regression"), true);
    let on_engine = select(Rc::new(|n, v| n.engine = Engine::parse(&v).unwrap_or(Engine::Auto)), true);
    let on_batch = slider(Rc::new(|n, x| n.batch_size = (x as usize).clamp(BATCH_SIZE.min, BATCH_SIZE.max)));
    let on_noise = slider(Rc::new(|n, x| n.noise = (x / 100.0).clamp(NOISE.min, NOISE.max)));
    let on_ratio = slider(Rc::new(|n, x| n.train_ratio = (x / 100.0).clamp(TRAIN_RATIO.min, TRAIN_RATIO.max)));
    let regenerate = change(Rc::new(|n: &mut TeachConfig| n.data_seed = n.data_seed.wrapping_add(1)));
    let pct_attr = |x: f64| format!("{:.0}", x * 100.0);
    let opt = |v: &str, label: &str, cur: bool| html! { <option value={v.to_string()} selected={cur}>{ label.to_string() }</option> };

    html! {
        <div class="teach" data-testid="teach">
            <div class="teach-bar">
                <button class="play" data-testid="play-button" onclick={on_play} aria-label={if playing { "Pause" } else { "Play" }}
                    title="Play / pause training">{ if playing { "❚❚" } else { "▶" } }</button>
                <button data-testid="teach-step" onclick={on_step} disabled={playing} title="Train one epoch">{ "Step" }</button>
                <button data-testid="teach-reset" onclick={on_reset} title="New initial weights (same seed) and epoch 0">{ "Reset" }</button>
                <div class="epoch"><span>{ "Epoch" }</span><b data-testid="epoch">{ format!("{epoch:06}") }</b></div>
                <label title="How big each step down the loss is. Too small: slow. Too big: the loss jumps around or becomes NaN.">{ "Learning rate" }
                    <select onchange={on_lr}>{ for LEARNING_RATES.iter().map(|&x| opt(&x.to_string(), &x.to_string(), (x - c.learning_rate).abs() < 1e-12)) }</select></label>
                <label title="What each hidden neuron applies to its weighted sum.">{ "Activation" }
                    <select onchange={on_act}>{ for ACTIVATIONS.iter().map(|a| opt(a.id(), a.label(), c.activation == *a)) }</select></label>
                <label title="A penalty on large weights added to the loss: L1 pushes weights to exactly zero, L2 keeps them small.">{ "Regularization" }
                    <select onchange={on_reg}>{ for Regularization::ALL.iter().map(|r| opt(r.id(), r.label(), c.regularization == *r)) }</select></label>
                <label title="How strong the regularization penalty is.">{ "Reg. rate" }
                    <select onchange={on_rate}>{ for REG_RATES.iter().map(|&x| opt(&x.to_string(), &x.to_string(), (x - c.reg_rate).abs() < 1e-12)) }</select></label>
                <label title="How the weights are updated from the gradient.">{ "Optimizer" }
                    <select onchange={on_opt}>{ for OptimizerKind::ALL.iter().map(|k| opt(k.id(), k.label(), c.optimizer == *k)) }</select></label>

            </div>
            if let Some(msg) = &t.diverged {
                <div class="error" data-testid="nan-explanation" role="alert">{ msg.clone() }{ " — press Reset to start again." }</div>
            }
            if !t.notes.is_empty() {
                <div class="notice">{ t.notes.join("; ") }</div>
            }
            <div class="teach-main">
                <section class="teach-data">
                    <h3>{ "Data" }</h3>
                    <div class="ds-grid">{ for data_buttons }</div>
                    <label>{ format!("Training data: {:.0} %", c.train_ratio * 100.0) }
                        <input type="range" min={pct_attr(TRAIN_RATIO.min)} max={pct_attr(TRAIN_RATIO.max)} step="10" value={pct_attr(c.train_ratio)} onchange={on_ratio} /></label>
                    <label>{ format!("Noise: {:.0}", c.noise * 100.0) }
                        <input type="range" min={pct_attr(NOISE.min)} max={pct_attr(NOISE.max)} step="5" value={pct_attr(c.noise)} onchange={on_noise} /></label>
                    <label>{ format!("Batch size: {}", c.batch_size) }
                        <input type="range" min={BATCH_SIZE.min.to_string()} max={BATCH_SIZE.max.to_string()} step="1" value={c.batch_size.to_string()} onchange={on_batch} /></label>
                    <button onclick={regenerate} data-testid="regenerate">{ "Regenerate" }</button>
                <label class="col" title="Classification predicts the colour; regression predicts a number from −1 to 1.">{ "Problem" }
                    <select onchange={on_problem} disabled={c.dataset.is_regression() || c.dataset.classes() > 2}>
                        { opt("classification", "Classification", !c.is_regression()) }
                        { opt("regression", "Regression", c.is_regression()) }
                    </select></label>
                <label class="col" title="Tiny networks train fastest on the CPU: each GPU dispatch costs more than the whole step.">{ "Engine" }
                    <select onchange={on_engine}>{ for Engine::ALL.iter().map(|e| opt(e.as_str(), e.label(), c.engine == *e)) }</select></label>

                </section>
                <section class="teach-net">
                    <div class="net-head">
                        <h3>{ "Features" }</h3>
                        <div class="layers-ctl">
                            <button class="mini" data-testid="add-layer" onclick={add_layer} disabled={c.hidden.len() >= MAX_LAYERS} title="add a hidden layer">{ "+" }</button>
                            <button class="mini" data-testid="remove-layer" onclick={remove_layer} disabled={c.hidden.is_empty()} title="remove the last hidden layer">{ "−" }</button>
                            <b>{ format!("{} hidden layer{}", c.hidden.len(), if c.hidden.len() == 1 { "" } else { "s" }) }</b>
                        </div>
                    </div>
                    <div class="net-body">
                        <div class="features">{ for feature_nodes }</div>
                        <div class="diagram" style={format!("width:{diagram_w:.0}px;height:{diagram_h:.0}px")}
                            onmouseleave={props.dispatch.reform(|_: MouseEvent| Action::Hover(None))}>
                            <svg width={format!("{diagram_w:.0}")} height={format!("{diagram_h:.0}")}>{ for links }</svg>
                            { for layer_controls }
                            { for nodes }
                        </div>
                    </div>
                    { hover_panel }
                </section>
                <section class="teach-out">
                    <h3>{ "Output" }</h3>
                    <div class="out-metrics">
                        <div><span>{ "Test loss" }</span><b data-testid="test-loss">{ test_loss }</b></div>
                        <div><span>{ "Training loss" }</span><b>{ train_loss }</b></div>
                        <div><span>{ "Test accuracy" }</span><b data-testid="test-accuracy">{ test_acc }</b></div>
                        <div><span>{ "Training accuracy" }</span><b>{ train_acc }</b></div>
                    </div>
                    <canvas ref={boundary} data-testid="boundary" data-frames={t.frames.to_string()} width={VIEW.to_string()} height={VIEW.to_string()} class="boundary" />
                    <label class="check"><input type="checkbox" checked={c.discretize} onchange={on_discrete} />{ " Discretize output" }</label>
                    <Chart title="Loss" testid="teach-loss-chart" x_max={1.0} lines={vec![
                        Line { label: "training", color: "#2563eb", points: t.train_loss.points().to_vec(), dots: false },
                        Line { label: "test", color: "#ea580c", points: t.test_loss.points().to_vec(), dots: false },
                    ]} />
                    <p class="backend" data-testid="backend">{ s.engine.as_ref().map(|(_, why)| why.clone()).unwrap_or_default() }</p>
                </section>
            </div>
        </div>
    }
}
