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
use crate::i18n::{Lang, Msg, t, tr, use_lang};
use crate::renders;
use crate::state::Action;
use crate::state::lab::{LabAction, LabJob, compress_refusal};

/// A format's value in the menu (and its message, `lab-format-<value>`).
fn format_value(f: WeightFormat) -> &'static str {
    match f {
        WeightFormat::Int8 => "int8",
        WeightFormat::Float16 => "float16",
        WeightFormat::Float32 => "float32",
    }
}

/// How kiln-ml says a tensor is stored, in `lang` (`kiln_ml::compress`'s `stored_as`; any other
/// text is shown as it is).
fn stored_as(lang: Lang, stored: &str) -> String {
    let id = match stored {
        "int8, one scale per row" => "lab-stored-int8-row",
        "int8, one scale per output channel" => "lab-stored-int8-channel",
        _ => return stored.to_string(),
    };
    t(lang, id)
}

fn pct(x: f64) -> String {
    if x.is_finite() { format!("{:.2} %", x * 100.0) } else { "–".into() }
}

fn loss(x: f64) -> String {
    if x.is_finite() { format!("{x:.4}") } else { "–".into() }
}

/// The before/after table.
fn table(lang: Lang, r: &CompressReport) -> Html {
    let (b, a) = (&r.before, &r.after);
    let delta = (a.test.accuracy - b.test.accuracy) * 100.0;
    let delta_attr = if delta.is_finite() { format!("{delta:.2}") } else { "NaN".into() };
    let kept = |m: &ModelFigures| {
        tr(lang, &Msg::new("lab-of").arg("part", thousands(m.nonzero_params)).arg("whole", thousands(m.params)))
    };
    let smaller = |x: f64| tr(lang, &Msg::new("lab-smaller").arg("ratio", format!("{x:.2}")));
    let row = |name: &'static str, before: String, after: String, change: String| {
        html! { <tr><th>{ t(lang, name) }</th><td class="num">{ before }</td><td class="num">{ after }</td><td class="num">{ change }</td></tr> }
    };
    html! {
        <table class="summary compress-table" data-testid="compress-table" data-ratio={format!("{:.3}", r.ratio)}
            data-accuracy-delta={delta_attr} data-agreement={format!("{:.4}", r.agreement)}>
            <thead><tr><th></th><th class="num">{ t(lang, "lab-before") }</th><th class="num">{ t(lang, "lab-after") }</th><th class="num">{ t(lang, "lab-change") }</th></tr></thead>
            <tbody>
                { row("lab-row-size", thousands(b.bytes), thousands(a.bytes), smaller(r.ratio)) }
                { row("lab-row-gzip", thousands(b.gzip_bytes), thousands(a.gzip_bytes),
                    smaller(b.gzip_bytes as f64 / a.gzip_bytes.max(1) as f64)) }
                { row("lab-row-params", kept(b), kept(a), String::new()) }
                { row("lab-row-accuracy", pct(b.test.accuracy), pct(a.test.accuracy),
                    if delta.is_finite() { tr(lang, &Msg::new("lab-pp").arg("delta", format!("{delta:+.2}"))) } else { String::new() }) }
                { row("lab-row-loss", loss(b.test.loss), loss(a.test.loss), String::new()) }
                { row("lab-row-agreement", String::new(), pct(r.agreement), String::new()) }
            </tbody>
        </table>
    }
}

/// CSS classes of a histogram's bars before and after compression.
const BEFORE_CLASS: &str = "before";
const AFTER_CLASS: &str = "after";

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
fn histogram(lang: Lang, t: &TensorReport) -> Html {
    let max = t.before.counts.iter().chain(&t.after.counts).copied().max().unwrap_or(1);
    html! {
        <figure class="histogram" data-testid="weight-histogram">
            <figcaption><b>{ t.layer.clone() }</b>{ format!(" · {} · {:?}", t.name, t.shape) }</figcaption>
            <svg viewBox={format!("0 0 {HW} {}", HH + 14.0)} role="img" aria-label={tr(lang, &Msg::new("lab-histogram").arg("layer", t.layer.clone()))}>
                { bars(&t.before, max, BEFORE_CLASS) }
                { bars(&t.after, max, AFTER_CLASS) }
                <line class="axis" x1="0" x2={HW.to_string()} y1={HH.to_string()} y2={HH.to_string()} />
                <text class="tick" x="0" y={(HH + 12.0).to_string()}>{ format!("{:.2}", t.before.lo) }</text>
                <text class="tick" x={HW.to_string()} y={(HH + 12.0).to_string()} text-anchor="end">{ format!("{:.2}", t.before.hi) }</text>
            </svg>
            <div class="muted small">{ tr(lang, &Msg::new("lab-tensor-line")
                .arg("stored", stored_as(lang, &t.stored_as))
                .arg("kept", thousands(t.kept))
                .arg("total", thousands(t.total))
                .arg("error", format!("{:.2e}", t.max_error))) }</div>
        </figure>
    }
}

/// The compression panel (`data-testid="lab-compress"`).
#[component]
pub fn CompressPanel(props: &LabProps) -> Html {
    renders::rendered("CompressPanel");
    let lang = use_lang();
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
        r.validate().map(|()| LabAction::SetCompress(r)).map_err(|_| Msg::new("lab-compress-bad-fine-tune"))
    });
    // Compression measures the model on its own test split: it refuses a model of another data
    // set than the one chosen now, and one opened from a file (no training data in the worker).
    let current = props.data.dataset.as_ref().map(|d| &d.id);
    let refusal = compress_refusal(props.model_data.as_ref().filter(|_| props.model.is_some()), current);
    let on_run = {
        let (p, model, refusal) = (props.clone(), props.model, refusal.clone());
        Callback::from(move |_| match (&refusal, model) {
            (Some(why), _) => p.dispatch.emit(Action::Fail(why.clone())),
            (None, Some(model)) => p.start(LabCommand::Compress { model, request: req }, LabJob::Compress(model)),
            (None, None) => {}
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
    let can = props.can_start() && props.model.is_some() && refusal.is_none();
    html! {
        <div class="lab-panel" data-testid="lab-compress">
            <p class="lab-intro">{ t(lang, "lab-compress-intro") }</p>
            if let Some(why) = &refusal {
                <p class="lab-uses refused" data-testid="lab-uses" role="status">{ tr(lang, why) }</p>
            } else if let Some(m) = &props.model_data {
                <p class="lab-uses" data-testid="lab-uses" data-dataset={m.dataset.to_string()}>
                    { tr(lang, &Msg::new("lab-compress-uses").arg("dataset", crate::state::data::dataset_label(&m.dataset))) }
                </p>
            }
            <div class="row">
                <label>{ t(lang, "lab-compress-format") }{ " " }
                    <select data-testid="compress-format" onchange={on_format}>
                        { for [WeightFormat::Int8, WeightFormat::Float16, WeightFormat::Float32].iter().map(|f| html! {
                            <option value={format_value(*f)}
                                selected={*f == req.format}>{ t(lang, &format!("lab-format-{}", format_value(*f))) }</option>
                        }) }
                    </select>
                </label>
                <label title={t(lang, "lab-compress-sparsity.title")}>{ t(lang, "lab-compress-sparsity") }{ " " }
                    <input type="range" min="0" max="95" step="5" data-testid="compress-sparsity"
                        value={format!("{:.0}", req.sparsity * 100.0)} onchange={on_sparsity} />
                    <b>{ format!(" {:.0} %", req.sparsity * 100.0) }</b>
                </label>
                <label title={t(lang, "lab-compress-fine-tune.title")}>{ t(lang, "lab-compress-fine-tune") }{ " " }
                    <input type="number" min="0" max="20" data-testid="compress-fine-tune" value={req.fine_tune_epochs.to_string()} onchange={on_fine_tune} />
                </label>
                <span class="muted">{ " " }{ t(lang, "lab-compress-fine-tune-unit") }</span>
            </div>
            <div class="row">
                <button class="primary" data-testid="compress-button" onclick={on_run} disabled={!can}>{ t(lang, "lab-compress-run") }</button>
                { stop_and_status(lang, props, |j| matches!(j, LabJob::Compress(_) | LabJob::Keep)) }
            </div>
            if let Some((_, _, r)) = report {
                { table(lang, r) }
                <p class="muted small" data-testid="compress-note">{ tr(lang, &r.note) }</p>
                <div class="row">
                    <button data-testid="keep-compressed" onclick={on_keep} disabled={!props.can_start() || lab.kept.is_some()}>{ t(lang, "lab-compress-keep") }</button>
                    if let Some(t) = lab.kept {
                        <span data-testid="kept">{ tr(lang, &Msg::new("lab-compress-kept").arg("pct", pct(t.accuracy))) }</span>
                    }
                </div>
                <h3>{ t(lang, "lab-compress-histograms") }</h3>
                <div class="histograms">
                    { for r.tensors.iter().filter(|t| !t.before.counts.is_empty() && t.before.counts.iter().any(|c| *c > 0)).map(|t| histogram(lang, t)) }
                </div>
            }
        </div>
    }
}
