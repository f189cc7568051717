//! Lab → Compress: int8 / float16 storage and magnitude pruning of the trained model, the
//! before/after table (`compress-table`, with `data-ratio` and `data-accuracy-delta` in
//! percentage points) and each kernel's weight histogram before and after, as SVG; "keep as
//! current model" makes the compressed weights the ones "Try it" and evaluation use.

use kiln_core::format::thousands;
use kiln_protocol::LabCommand;
use kiln_protocol::lab::{CompressReport, CompressRequest, Histogram, ModelFigures, TensorReport, WeightFormat};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{LabProps, number, stop_and_status};
use crate::renders;
use crate::state::Action;
use crate::state::lab::{LabAction, LabJob};

/// The panel's text, in one place.
mod text {
    pub const INTRO: &str = "A trained model is mostly numbers, and most of them need not be 32-bit floats. \
        Quantisation stores each weight as an 8-bit integer times a scale per output channel; pruning sets the \
        smallest weights to exactly zero. Look at the size column against the test accuracy and the agreement: \
        how much smaller can the model get before it starts answering differently?";
    pub const NO_MODEL: &str = "Train a model in step 3 first: compression works on the trained weights.";
    pub const FORMAT: &str = "Weights stored as ";
    pub const SPARSITY: &str = "Prune ";
    pub const SPARSITY_HELP: &str = "Magnitude pruning: this fraction of each kernel's weights, the smallest first, \
        is set to zero (biases are kept).";
    pub const FINE_TUNE: &str = "Fine-tune after pruning ";
    /// Outside the label: other tests find the Epochs field by a label containing "epochs".
    pub const FINE_TUNE_UNIT: &str = " epochs";
    pub const FINE_TUNE_HELP: &str = "Train a little more with the pruned weights held at zero, to win back accuracy \
        (0 to 20 epochs).";
    pub const RUN: &str = "Compress";
    pub const KEEP: &str = "Keep as current model";
    pub const KEPT: &str = "Kept: \"Try it\" and evaluation now use the compressed model";
    pub const DEQUANTISED: &str = "Test figures after compression are computed with the dequantised weights \
        (q · scale in 32-bit floats), not with integer arithmetic.";
    pub const HISTOGRAMS: &str = "Weights of each layer: before (grey) and after (blue)";
    pub const BAD_FINE_TUNE: &str = "fine-tuning takes 0 to 20 epochs";
}

fn format_label(f: WeightFormat) -> &'static str {
    match f {
        WeightFormat::Int8 => "int8 (per output channel)",
        WeightFormat::Float16 => "float16",
        WeightFormat::Float32 => "float32 (pruning only)",
    }
}

fn pct(x: f64) -> String {
    if x.is_finite() { format!("{:.2} %", x * 100.0) } else { "–".into() }
}

fn loss(x: f64) -> String {
    if x.is_finite() { format!("{x:.4}") } else { "–".into() }
}

/// The before/after table.
fn table(r: &CompressReport) -> Html {
    let (b, a) = (&r.before, &r.after);
    let delta = (a.test.accuracy - b.test.accuracy) * 100.0;
    let delta_attr = if delta.is_finite() { format!("{delta:.2}") } else { "NaN".into() };
    let kept = |m: &ModelFigures| format!("{} of {}", thousands(m.nonzero_params), thousands(m.params));
    let row = |name: &'static str, before: String, after: String, change: String| {
        html! { <tr><th>{ name }</th><td class="num">{ before }</td><td class="num">{ after }</td><td class="num">{ change }</td></tr> }
    };
    html! {
        <table class="summary compress-table" data-testid="compress-table" data-ratio={format!("{:.3}", r.ratio)}
            data-accuracy-delta={delta_attr} data-agreement={format!("{:.4}", r.agreement)}>
            <thead><tr><th></th><th class="num">{ "before" }</th><th class="num">{ "after" }</th><th class="num">{ "change" }</th></tr></thead>
            <tbody>
                { row("size (bytes, exported weights)", thousands(b.bytes), thousands(a.bytes), format!("{:.2}× smaller", r.ratio)) }
                { row("size gzipped (bytes)", thousands(b.gzip_bytes), thousands(a.gzip_bytes),
                    format!("{:.2}× smaller", b.gzip_bytes as f64 / a.gzip_bytes.max(1) as f64)) }
                { row("parameters kept (non-zero)", kept(b), kept(a), String::new()) }
                { row("test accuracy", pct(b.test.accuracy), pct(a.test.accuracy),
                    if delta.is_finite() { format!("{delta:+.2} pp") } else { String::new() }) }
                { row("test loss", loss(b.test.loss), loss(a.test.loss), String::new()) }
                { row("same prediction as the original", String::new(), pct(r.agreement), String::new()) }
            </tbody>
        </table>
    }
}

const HW: f64 = 220.0;
const HH: f64 = 64.0;

/// One histogram's bars (counts scaled to `max`).
fn bars(h: &Histogram, max: u32, class: &'static str) -> Html {
    let n = h.counts.len().max(1) as f64;
    let w = HW / n;
    html! {
        { for h.counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, &c)| {
            // A square root keeps a tall zero bin (after pruning) from flattening the rest.
            let height = (f64::from(c) / f64::from(max.max(1))).sqrt() * (HH - 2.0);
            html! { <rect class={class} x={format!("{:.1}", i as f64 * w)} y={format!("{:.1}", HH - height)}
                width={format!("{:.1}", (w - 0.5).max(0.5))} height={format!("{height:.1}")} /> }
        }) }
    }
}

/// A kernel's histogram before and after, with its storage and error.
fn histogram(t: &TensorReport) -> Html {
    let max = t.before.counts.iter().chain(&t.after.counts).copied().max().unwrap_or(1);
    html! {
        <figure class="histogram" data-testid="weight-histogram">
            <figcaption><b>{ t.layer.clone() }</b>{ format!(" · {} · {:?}", t.name, t.shape) }</figcaption>
            <svg viewBox={format!("0 0 {HW} {}", HH + 14.0)} role="img" aria-label={format!("weights of {}", t.layer)}>
                { bars(&t.before, max, "before") }
                { bars(&t.after, max, "after") }
                <line class="axis" x1="0" x2={HW.to_string()} y1={HH.to_string()} y2={HH.to_string()} />
                <text class="tick" x="0" y={(HH + 12.0).to_string()}>{ format!("{:.2}", t.before.lo) }</text>
                <text class="tick" x={HW.to_string()} y={(HH + 12.0).to_string()} text-anchor="end">{ format!("{:.2}", t.before.hi) }</text>
            </svg>
            <div class="muted small">{ format!("{} · {} of {} kept · max |w − ŵ| {:.2e}", t.stored_as, thousands(t.kept), thousands(t.total), t.max_error) }</div>
        </figure>
    }
}

/// The compression panel (`data-testid="lab-compress"`).
#[component]
pub fn CompressPanel(props: &LabProps) -> Html {
    renders::rendered("CompressPanel");
    let lab = &props.lab;
    let req = lab.compress;
    let d = &props.dispatch;
    let set = |d: &Callback<Action>| {
        let d = d.clone();
        move |r: CompressRequest| d.emit(Action::Lab(LabAction::SetCompress(r)))
    };
    let on_format = {
        let set = set(d);
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let format = match v.value().as_str() {
                "float16" => WeightFormat::Float16,
                "float32" => WeightFormat::Float32,
                _ => WeightFormat::Int8,
            };
            set(CompressRequest { format, ..req });
        })
    };
    let on_sparsity = {
        let set = set(d);
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            if let Ok(p) = v.value().parse::<f64>() {
                set(CompressRequest { sparsity: (p / 100.0).clamp(0.0, 0.95), ..req });
            }
        })
    };
    let on_fine_tune = number(d, req.fine_tune_epochs.to_string(), move |n: usize| {
        let r = CompressRequest { fine_tune_epochs: n, ..req };
        r.validate().map(|()| LabAction::SetCompress(r)).map_err(|_| text::BAD_FINE_TUNE.into())
    });
    let on_run = {
        let (p, model) = (props.clone(), props.model);
        Callback::from(move |_| {
            if let Some(model) = model {
                p.start(LabCommand::Compress { model, request: req }, LabJob::Compress(model));
            }
        })
    };
    // The table belongs to the model it compressed; a newer trained model hides it.
    let report = lab.report.as_ref().filter(|(_, m, _)| Some(*m) == props.model);
    let on_keep = {
        let (p, compression) = (props.clone(), report.map(|(run, _, _)| *run));
        Callback::from(move |_| {
            if let Some(compression) = compression {
                p.start(LabCommand::Keep { compression }, LabJob::Keep);
            }
        })
    };
    let can = props.can_start() && props.model.is_some();
    html! {
        <div class="lab-panel" data-testid="lab-compress">
            <p class="lab-intro">{ text::INTRO }</p>
            if props.model.is_none() {
                <p class="muted">{ text::NO_MODEL }</p>
            }
            <div class="row">
                <label>{ text::FORMAT }
                    <select data-testid="compress-format" onchange={on_format}>
                        { for [WeightFormat::Int8, WeightFormat::Float16, WeightFormat::Float32].iter().map(|f| html! {
                            <option value={match f { WeightFormat::Int8 => "int8", WeightFormat::Float16 => "float16", WeightFormat::Float32 => "float32" }}
                                selected={*f == req.format}>{ format_label(*f) }</option>
                        }) }
                    </select>
                </label>
                <label title={text::SPARSITY_HELP}>{ text::SPARSITY }
                    <input type="range" min="0" max="95" step="5" data-testid="compress-sparsity"
                        value={format!("{:.0}", req.sparsity * 100.0)} onchange={on_sparsity} />
                    <b>{ format!(" {:.0} %", req.sparsity * 100.0) }</b>
                </label>
                <label title={text::FINE_TUNE_HELP}>{ text::FINE_TUNE }
                    <input type="number" min="0" max="20" data-testid="compress-fine-tune" value={req.fine_tune_epochs.to_string()} onchange={on_fine_tune} />
                </label>
                <span class="muted">{ text::FINE_TUNE_UNIT }</span>
            </div>
            <div class="row">
                <button class="primary" data-testid="compress-button" onclick={on_run} disabled={!can}>{ text::RUN }</button>
                { stop_and_status(props, |j| matches!(j, LabJob::Compress(_) | LabJob::Keep)) }
            </div>
            if let Some((_, _, r)) = report {
                { table(r) }
                <p class="muted small" data-testid="compress-note">{ text::DEQUANTISED }{ " " }{ r.note.clone() }</p>
                <div class="row">
                    <button data-testid="keep-compressed" onclick={on_keep} disabled={!props.can_start() || lab.kept.is_some()}>{ text::KEEP }</button>
                    if let Some(t) = lab.kept {
                        <span data-testid="kept">{ format!("{} (test accuracy {}).", text::KEPT, pct(t.accuracy)) }</span>
                    }
                </div>
                <h3>{ text::HISTOGRAMS }</h3>
                <div class="histograms">
                    { for r.tensors.iter().filter(|t| !t.before.counts.is_empty() && t.before.counts.iter().any(|c| *c > 0)).map(histogram) }
                </div>
            }
        </div>
    }
}
