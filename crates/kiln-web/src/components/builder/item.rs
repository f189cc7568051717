//! One entry of the builder's layer list: kind, editable settings, output shape, parameters,
//! move / remove buttons and the error that belongs to it.

use kiln_core::{Activation, LayerKind, LayerSpec, LayerSummary, Padding};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::fields::{Field, FieldValue, fields, input_bounds, set_field};
use crate::i18n::{Lang, Msg, activation_help, layer_help, t, tr, use_lang};
use crate::renders;
use crate::state::Action;
use crate::state::builder::BuilderAction;
use kiln_core::format::thousands;

/// One entry of the layer list.
#[derive(Properties, Clone, PartialEq)]
pub struct ItemProps {
    /// Its place in the list (0-based).
    pub index: usize,
    /// Layers in the list.
    pub count: usize,
    /// The layer.
    pub layer: LayerSpec,
    /// Output shape and parameters, when the layer fits.
    pub row: Option<LayerSummary>,
    /// The error to show on this layer.
    pub error: Option<String>,
    /// It is selected (new layers go after it).
    pub selected: bool,
    /// A run is in the worker: editing waits.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The `onchange` of a setting's input or select: parses, then edits the layer or reports.
fn on_field(p: &ItemProps, key: &'static str, part: usize, current: String) -> Callback<Event> {
    let d = p.dispatch.clone();
    let (index, layer) = (p.index, p.layer.clone());
    Callback::from(move |e: Event| {
        let Some(target) = e.target() else { return };
        let (value, input) = match wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(target.clone()) {
            Ok(i) => (i.value(), Some(i)),
            Err(_) => (e.target_unchecked_into::<HtmlSelectElement>().value(), None),
        };
        match set_field(&layer, key, part, &value) {
            Ok(l) => d.emit(Action::Builder(BuilderAction::Edit(index, l))),
            Err(msg) => {
                if let Some(i) = input {
                    i.set_value(&current);
                }
                d.emit(Action::Fail(msg));
            }
        }
    })
}

fn number_input(lang: Lang, p: &ItemProps, f: &Field, part: usize, value: String, auto: bool, float: bool) -> Html {
    let placeholder = if auto { t(lang, "model-auto") } else { String::new() };
    let help = t(lang, f.help);
    let testid = match f.value {
        FieldValue::Pair(_) | FieldValue::OptPair(_) => format!("{}-{}", f.key, if part == 0 { "h" } else { "w" }),
        _ => f.key.to_string(),
    };
    let (min, max) = input_bounds(f.key);
    html! {
        <input type="number" {min} {max} step={if float { "any" } else { "1" }} data-field={testid} title={help}
            value={value.clone()} {placeholder} disabled={p.locked} onchange={on_field(p, f.key, part, value)} />
    }
}

fn field_html(lang: Lang, p: &ItemProps, f: &Field) -> Html {
    let help = t(lang, f.help);
    let input = match f.value {
        FieldValue::Int(n) => number_input(lang, p, f, 0, n.to_string(), false, false),
        FieldValue::OptInt(n) => number_input(lang, p, f, 0, n.map(|n| n.to_string()).unwrap_or_default(), true, false),
        FieldValue::Float(x) => number_input(lang, p, f, 0, x.to_string(), false, true),
        FieldValue::Pair(v) => html! { <>
            { number_input(lang, p, f, 0, v[0].to_string(), false, false) }{ "×" }{ number_input(lang, p, f, 1, v[1].to_string(), false, false) }
        </> },
        FieldValue::OptPair(v) => {
            let part = |i: usize| v.map(|v| v[i].to_string()).unwrap_or_default();
            html! { <>
                { number_input(lang, p, f, 0, part(0), true, false) }{ "×" }{ number_input(lang, p, f, 1, part(1), true, false) }
            </> }
        }
        FieldValue::Act(a) => html! {
            <select data-field={f.key} title={help.clone()} disabled={p.locked} onchange={on_field(p, f.key, 0, String::new())}>
                { for Activation::ALL.iter().map(|x| html! {
                    <option value={x.id()} selected={*x == a} title={activation_help(lang, *x)}>{ x.label() }</option>
                }) }
            </select>
        },
        FieldValue::Pad(pad) => html! {
            <select data-field={f.key} title={help.clone()} disabled={p.locked} onchange={on_field(p, f.key, 0, String::new())}>
                { for Padding::ALL.iter().map(|x| html! {
                    <option value={x.id()} selected={*x == pad}>{ x.id() }</option>
                }) }
            </select>
        },
    };
    html! { <label class="setting" title={help}><span>{ f.key }</span>{ input }</label> }
}

/// One layer: kind, settings, output shape, parameters, buttons and its error.
#[component]
pub fn LayerItem(p: &ItemProps) -> Html {
    renders::rendered("LayerItem");
    let lang = use_lang();
    let i = p.index;
    let kind = LayerKind::of(&p.layer);
    let d = &p.dispatch;
    let button = |label: &'static str, action: &'static str, title: &'static str, disabled: bool, a: BuilderAction| {
        let title = t(lang, title);
        let d = d.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            d.emit(Action::Builder(a.clone()));
        });
        html! { <button class="mini" data-action={action} title={title.clone()} aria-label={title} disabled={p.locked || disabled} {onclick}>{ label }</button> }
    };
    let select = {
        let d = d.clone();
        let selected = p.selected;
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Builder(BuilderAction::Select(if selected { None } else { Some(i) })))
        })
    };
    let fields = fields(&p.layer);
    let buttons = [
        button("↑", "up", "model-layer-up", i == 0, BuilderAction::MoveUp(i)),
        button("↓", "down", "model-layer-down", i + 1 >= p.count, BuilderAction::MoveDown(i)),
        button("✕", "remove", "model-layer-remove", false, BuilderAction::Remove(i)),
    ];
    html! {
        <li data-testid={format!("layer-{i}")} data-kind={kind.id()}
            class={classes!("layer", p.selected.then_some("selected"), p.error.is_some().then_some("invalid"))}>
            <div class="layer-head">
                <span class="layer-index">{ i + 1 }</span>
                <button class="layer-kind" title={tr(lang, &Msg::new("model-layer-select").arg("help", layer_help(lang, kind)))} onclick={select}>{ kind.label() }</button>
                <span class="layer-out" title={t(lang, "model-layer-out")}>
                    { match &p.row {
                        Some(r) => html! { <><span class="shape" data-testid="layer-shape">{ r.output.to_string() }</span><span class="params">{ tr(lang, &Msg::new("model-layer-params").arg("n", thousands(r.params))) }</span></> },
                        None => html! { <span class="shape muted">{ "—" }</span> },
                    } }
                </span>
                <span class="layer-buttons">
                    { for buttons }
                </span>
            </div>
            if !fields.is_empty() {
                <div class="layer-settings">{ for fields.iter().map(|f| field_html(lang, p, f)) }</div>
            }
            if let Some(e) = &p.error {
                <p class="layer-error" data-testid="layer-error" role="alert">{ e }</p>
            }
        </li>
    }
}
