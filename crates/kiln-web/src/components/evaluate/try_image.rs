//! "Try it" for image models: draw a digit on a canvas (mouse, touch or pen, through pointer
//! events; the digit sets only) or drop / pick a PNG or JPEG file. After each stroke the canvas'
//! RGBA `ImageData` goes to the worker, which makes it into the model's input the way the
//! training images were made (`kiln_ml::try_it`); the answer shows every class's probability as
//! a bar and, small, the 28×28 (or 8×8) input the model actually saw.

use std::rc::Rc;

use kiln_protocol::{Command, RunId, TryInput};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, DragEvent, HtmlCanvasElement, HtmlInputElement, PointerEvent};
use yew::prelude::*;

use super::examples::Thumb;
use super::try_row::Probabilities;
use crate::i18n::{t, tr, use_lang};
use crate::state::try_it::{TryAction, TryIt};
use crate::state::{Action, Slice};
use crate::{codec, link, renders};

/// Pixels of the drawing canvas a side (its bitmap; CSS shows it larger). Six times MNIST's 28.
const CANVAS_SIDE: u32 = 168;
/// Stroke width in canvas pixels: about MNIST's pen once the digit is scaled into its 20×20 box.
const PEN: f64 = 13.0;

/// What the image panel shows.
#[derive(Properties, PartialEq)]
pub struct TryImageProps {
    /// "Try it".
    pub try_it: Slice<TryIt>,
    /// The run whose model can predict now, if any.
    pub model: Option<RunId>,
    /// The canvas is offered (models of the digit sets: MNIST, 8×8 digits).
    pub can_draw: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The canvas' 2-D context.
fn context(canvas: &NodeRef) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let el = canvas.cast::<HtmlCanvasElement>()?;
    let ctx = el.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()?;
    Some((el, ctx))
}

/// The pointer's position in canvas pixels (the canvas is shown at another CSS size).
fn at(el: &HtmlCanvasElement, e: &PointerEvent) -> (f64, f64) {
    let (cw, ch) = (f64::from(el.client_width().max(1)), f64::from(el.client_height().max(1)));
    (f64::from(e.offset_x()) * f64::from(el.width()) / cw, f64::from(e.offset_y()) * f64::from(el.height()) / ch)
}

/// Asks the worker about `input` with `model`, as a new query of the panel.
fn ask(model: RunId, input: TryInput, dispatch: &Callback<Action>) {
    let query = link::start(Command::Predict { model, input });
    dispatch.emit(Action::TryIt(TryAction::Asked { query: (query, model), row: None }));
}

/// The image panel.
#[component]
pub fn TryImage(props: &TryImageProps) -> Html {
    renders::rendered("TryImage");
    let lang = use_lang();
    let canvas = use_node_ref();
    // The last point of the stroke being drawn (`None` between strokes).
    let last = use_mut_ref(|| None::<(f64, f64)>);
    let model = props.model;

    let on_down = {
        let (canvas, last) = (canvas.clone(), last.clone());
        Callback::from(move |e: PointerEvent| {
            let Some((el, ctx)) = context(&canvas) else { return };
            e.prevent_default();
            let _ = el.set_pointer_capture(e.pointer_id());
            let (x, y) = at(&el, &e);
            ctx.set_fill_style_str("#111");
            ctx.begin_path();
            let _ = ctx.arc(x, y, PEN / 2.0, 0.0, std::f64::consts::TAU);
            ctx.fill();
            *last.borrow_mut() = Some((x, y));
        })
    };
    let on_move = {
        let (canvas, last) = (canvas.clone(), last.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(from) = *last.borrow() else { return };
            let Some((el, ctx)) = context(&canvas) else { return };
            let to = at(&el, &e);
            ctx.set_stroke_style_str("#111");
            ctx.set_line_width(PEN);
            ctx.set_line_cap("round");
            ctx.set_line_join("round");
            ctx.begin_path();
            ctx.move_to(from.0, from.1);
            ctx.line_to(to.0, to.1);
            ctx.stroke();
            *last.borrow_mut() = Some(to);
        })
    };
    let on_up = {
        let (canvas, last, d) = (canvas.clone(), last.clone(), props.dispatch.clone());
        Callback::from(move |_: PointerEvent| {
            if last.borrow_mut().take().is_none() {
                return;
            }
            let (Some(model), Some((el, ctx))) = (model, context(&canvas)) else { return };
            let Ok(data) = ctx.get_image_data(0.0, 0.0, f64::from(el.width()), f64::from(el.height())) else { return };
            let input = TryInput::Drawing { width: data.width(), height: data.height(), rgba: data.data().0 };
            ask(model, input, &d);
        })
    };
    let on_clear = {
        let (canvas, d) = (canvas.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((el, ctx)) = context(&canvas) {
                ctx.clear_rect(0.0, 0.0, f64::from(el.width()), f64::from(el.height()));
            }
            d.emit(Action::TryIt(TryAction::Cleared));
        })
    };
    let send_file = {
        let d = props.dispatch.clone();
        Rc::new(move |file: web_sys::File| {
            let Some(model) = model else { return };
            let query = link::next_run();
            // Above the uploads' and the model files' attachment numbers.
            let attachment = (1 << 29) + query.0;
            codec::attach(attachment, file.clone().into());
            link::send(query, Command::Predict { model, input: TryInput::ImageFile { name: file.name(), attachment } });
            d.emit(Action::TryIt(TryAction::Asked { query: (query, model), row: None }));
        })
    };
    let on_pick = {
        let send = send_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|f| f.get(0));
            input.set_value("");
            if let Some(f) = file {
                send(f);
            }
        })
    };
    let on_drop = {
        let send = send_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(f) = e.data_transfer().and_then(|t| t.files()).and_then(|f| f.get(0)) {
                send(f);
            }
        })
    };
    let on_over = Callback::from(|e: DragEvent| e.prevent_default());

    let panel = &props.try_it.panel;
    let outcome = props.try_it.panel_shown(model);
    let seen = outcome.and_then(|o| o.seen.as_ref());
    let has_model = model.is_some();
    // The input the model saw: under the canvas, or beside the answer when there is no canvas.
    let seen_figure = match seen {
        Some(s) => html! {
            <figure class="try-seen" data-testid="try-seen" data-size={format!("{}×{}", s.height, s.width)}>
                <Thumb height={s.height} width={s.width} channels={s.channels} pixels={Rc::new(s.pixels.clone())} />
                <figcaption>{ tr(lang, &crate::i18n::Msg::new("evaluate-draw-seen").arg("height", s.height).arg("width", s.width)) }</figcaption>
            </figure>
        },
        None => html! {},
    };
    html! {
        <div class="try-image" data-testid="try-image" ondrop={on_drop} ondragover={on_over}>
            if props.can_draw {
                <div class="draw-side">
                    <canvas data-testid="draw-canvas" ref={canvas} class={classes!("draw", (!has_model).then_some("off"))}
                        width={CANVAS_SIDE.to_string()} height={CANVAS_SIDE.to_string()}
                        aria-label={t(lang, "evaluate-draw-label")} role="img"
                        onpointerdown={has_model.then_some(on_down)} onpointermove={on_move}
                        onpointerup={on_up.clone()} onpointercancel={on_up} />
                    <button data-testid="draw-clear" onclick={on_clear}>{ t(lang, "evaluate-draw-clear") }</button>
                    { seen_figure.clone() }
                </div>
            }
            <div class="try-result">
                <p class="muted">{ t(lang, if !has_model { "evaluate-train-first" } else if props.can_draw { "evaluate-draw-hint" } else { "evaluate-image-hint" }) }</p>
                <label class="button upload">{ t(lang, "evaluate-image-pick") }
                    <input type="file" accept="image/png,image/jpeg" data-testid="try-image-file" onchange={on_pick} disabled={!has_model} />
                </label>
                if let Some(e) = &panel.error {
                    <p class="try-error" data-testid="try-error" role="alert">{ tr(lang, e) }</p>
                }
                if let Some(o) = outcome {
                    <div class="try-answer">
                        if !props.can_draw {
                            { seen_figure.clone() }
                        }
                        <Probabilities scored={o.prediction.clone()} />
                    </div>
                }
            </div>
        </div>
    }
}
