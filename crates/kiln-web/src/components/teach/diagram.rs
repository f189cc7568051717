//! Teaching mode's network diagram: the input features (click to add or remove one), every
//! neuron as a heatmap of its output over the input plane, every connection's width and colour
//! its weight (hover to see it, type to edit it), and the controls that add or remove neurons and
//! hidden layers.

use std::rc::Rc;

use kiln_data::teach::Feature;
use kiln_protocol::Command;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::paint::{Node, css, diverging, feature_bytes};
use crate::i18n::{Lang, Msg, t as text, tr};
use crate::link;
use crate::state::Action;
use crate::state::teach::{Link, TeachAction, TeachView};
use crate::teach_config::{MAX_LAYERS, MAX_NEURONS, NEURON_RES, TeachConfig};

/// Geometry of the diagram (CSS pixels).
const NODE: f64 = 42.0;
const ROW: f64 = 50.0;
const COL: f64 = 118.0;
const TOP: f64 = 34.0;

/// A click that changes the set-up and rebuilds the network (see the teaching page).
pub type Change<'a> = &'a dyn Fn(Rc<dyn Fn(&mut TeachConfig)>) -> Callback<MouseEvent>;

/// The middle column: features, diagram, hover panel.
pub fn network(lang: Lang, t: &TeachView, change: Change<'_>, dispatch: &Callback<Action>) -> Html {
    let c = &t.config;
    let feature_nodes = Feature::ALL.iter().map(|&f| {
        let on = c.features.contains(&f);
        let onclick = change(Rc::new(move |n: &mut TeachConfig| n.toggle_feature(f)));
        html! {
            <button class={classes!("feature", on.then_some("on"))} data-testid={format!("feature-{}", f.name())} {onclick}
                title={tr(lang, &Msg::new(if on { "teach-feature-remove" } else { "teach-feature-add" }).arg("feature", f.label()))}>
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
                    let d = dispatch.clone();
                    links.push(html! {
                        <path d={path} stroke={stroke} stroke-width={format!("{widthpx:.2}")} fill="none" class="link"
                            onmouseenter={Callback::from(move |_: MouseEvent| d.emit(Action::Teach(TeachAction::Hover(Some(link)))))}>
                            <title>{ tr(lang, &Msg::new("teach-weight").arg("weight", format!("{weight:.3}"))) }</title>
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
                text(lang, "teach-output-node")
            } else {
                tr(lang, &Msg::new("teach-node").arg("layer", col).arg("neuron", row + 1))
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
                <button class="mini" onclick={minus} disabled={n <= 1} title={text(lang, "teach-neuron-fewer")}>{ "−" }</button>
                <span>{ n }</span>
                <button class="mini" onclick={plus} disabled={n >= MAX_NEURONS} title={text(lang, "teach-neuron-more")}>{ "+" }</button>
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
                tr(lang, &Msg::new("teach-neuron-of").arg("neuron", l.from + 1).arg("layer", l.layer))
            };
            let to_name = if l.layer + 1 == columns.len() - 1 {
                text(lang, "teach-the-output")
            } else {
                tr(lang, &Msg::new("teach-neuron-of").arg("neuron", l.to + 1).arg("layer", l.layer + 1))
            };
            let run = t.run;
            let onchange = Callback::from(move |e: Event| {
                let v: HtmlInputElement = e.target_unchecked_into();
                if let (Ok(x), Some(run)) = (v.value().parse::<f32>(), run)
                    && x.is_finite()
                {
                    link::send(run, Command::SetWeight { layer: l.layer, from: l.from, to: l.to, value: x });
                }
            });
            html! {
                <div class="weight-edit" data-testid="weight-edit">
                    { tr(lang, &Msg::new("teach-weight-from").arg("from", from_name).arg("to", to_name)) }
                    <input type="number" step="0.1" value={w.map(|w| format!("{w:.3}")).unwrap_or_default()} {onchange} data-testid="weight-input" />
                </div>
            }
        }
        _ => html! { <div class="weight-edit muted">{ text(lang, "teach-hover") }</div> },
    };

    html! {
                <section class="teach-net">
                    <div class="net-head">
                        <h3>{ text(lang, "teach-features") }</h3>
                        <div class="layers-ctl">
                            <button class="mini" data-testid="add-layer" onclick={add_layer} disabled={c.hidden.len() >= MAX_LAYERS} title={text(lang, "teach-add-layer")}>{ "+" }</button>
                            <button class="mini" data-testid="remove-layer" onclick={remove_layer} disabled={c.hidden.is_empty()} title={text(lang, "teach-remove-layer")}>{ "−" }</button>
                            <b>{ tr(lang, &Msg::new("teach-hidden-layers").arg("n", c.hidden.len())) }</b>
                        </div>
                    </div>
                    <div class="net-body">
                        <div class="features">{ for feature_nodes }</div>
                        <div class="diagram" style={format!("width:{diagram_w:.0}px;height:{diagram_h:.0}px")}
                            onmouseleave={dispatch.reform(|_: MouseEvent| Action::Teach(TeachAction::Hover(None)))}>
                            <svg width={format!("{diagram_w:.0}")} height={format!("{diagram_h:.0}")}>{ for links }</svg>
                            { for layer_controls }
                            { for nodes }
                        </div>
                    </div>
                    { hover_panel }
                </section>
    }
}
