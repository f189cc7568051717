//! Step 1, Data: the data set (built-in or the person's own, see [`super::upload`]), its size,
//! class balance, thumbnails or preview table (with the column choices for an upload), source,
//! licence and citation, and the text preparation settings.

use std::rc::Rc;

use kiln_core::format::thousands;
use kiln_core::limits::VOCAB_SIZE;
use kiln_core::{Task, Tokenizer};
use kiln_data::id::DataId;
use kiln_data::summary::SourceKind;
use kiln_data::{BUILTIN, ColumnKind, TaskChoice};
use kiln_protocol::{Command, DataSource, UploadOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::readings::Notices;
use super::upload::{UploadBox, load_progress, reconfigure};
use crate::i18n::{Lang, Msg, t, tokenizer_label, tr, use_lang};
use crate::state::data::{DataAction, DataState};
use crate::state::run::Prepared;
use crate::state::{Action, Slice};
use crate::{link, renders, url};

/// A small grey image (an example of an image class).
#[derive(Properties, PartialEq)]
struct ThumbProps {
    label: String,
    pixels: Rc<Vec<u8>>,
    side: usize,
}

#[component]
fn Thumb(props: &ThumbProps) -> Html {
    renders::rendered("Thumb");
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with((props.pixels.clone(), props.side), move |(px, side)| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else { return };
            let Some(ctx) =
                c.get_context("2d").ok().flatten().and_then(|x| x.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            let rgba: Vec<u8> = px.iter().flat_map(|&g| [g, g, g, 255]).collect();
            if let Ok(img) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
                wasm_bindgen::Clamped(&rgba),
                *side as u32,
                *side as u32,
            ) {
                let _ = ctx.put_image_data(&img, 0.0, 0.0);
            }
        });
    }
    html! {
        <figure class="thumb"><canvas ref={canvas} width={props.side.to_string()} height={props.side.to_string()} /><figcaption>{ props.label.clone() }</figcaption></figure>
    }
}

/// Sequence lengths offered: the reference 500, and shorter ones that suit one-sentence reviews
/// (the Chinese set's recommended 128 joins them when it is chosen).
pub const SEQ_LENS: [usize; 4] = [500, 100, 50, 25];

/// The values of an upload column's kind menu (`data-kind-<value>` names each).
const COLUMN_KINDS: [&str; 4] = ["numeric", "categorical", "text", IGNORE];
/// The kind menu's value that leaves a column out.
const IGNORE: &str = "ignore";

/// A built-in data set's name in `lang` (`data-set-<id>`).
fn set_name(lang: Lang, id: &str) -> String {
    t(lang, &format!("data-set-{id}"))
}

/// A built-in data set's description in `lang` (`data-set-<id>.description`).
fn set_description(lang: Lang, id: &str) -> String {
    t(lang, &format!("data-set-{id}.description"))
}

/// What the data panel shows.
#[derive(Properties, PartialEq)]
pub struct DataProps {
    /// The data slice.
    pub data: Slice<DataState>,
    /// Sizes of the data the last run prepared.
    pub prepared: Option<Prepared>,
    /// A run is in the worker: the data set and its settings wait.
    pub locked: bool,
    /// The training engine has loaded.
    pub engine_loaded: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The data panel.
#[component]
pub fn DataPanel(props: &DataProps) -> Html {
    renders::rendered("DataPanel");
    let lang = use_lang();
    let s = &props.data;
    // Settings unlock once the engine and the data set are ready (and stay locked while a run is
    // in the worker), so nothing typed during loading can be lost to the first render with
    // loaded data.
    let locked = props.locked || !props.engine_loaded || s.dataset.is_none();
    let on_seq = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = v.value().parse() {
                d.emit(Action::Data(DataAction::SetSeqLen(n)));
            }
        })
    };
    let on_vocab = {
        let d = props.dispatch.clone();
        let current = s.prep.vocab_size.to_string();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            let checked = v.value().trim().parse::<usize>().map_err(|_| Msg::new("data-error-vocab"));
            let in_range = |n: usize| {
                if VOCAB_SIZE.contains(n) {
                    Ok(n)
                } else {
                    Err(super::train_settings::int_range_error(VOCAB_SIZE, "data-name-vocab", n))
                }
            };
            match checked.and_then(in_range) {
                Ok(n) => d.emit(Action::Data(DataAction::SetVocab(n))),
                Err(message) => {
                    v.set_value(&current);
                    d.emit(Action::Fail(message));
                }
            }
        })
    };
    let on_tokenizer = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Some(tok) = Tokenizer::parse(&v.value()) {
                d.emit(Action::Data(DataAction::SetTokenizer(tok)));
            }
        })
    };
    let on_dataset = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let id = v.value();
            let run = link::start(Command::LoadData(DataSource::Builtin { id: id.clone(), base_url: url::assets() }));
            d.emit(Action::Data(DataAction::Loading { run, id: DataId::Builtin(id), upload: None }));
        })
    };
    // Choices for an uploaded table: each sends the new options; the worker re-prepares what it holds.
    let uploaded = s.dataset.as_ref().filter(|d| d.id.is_upload());
    // One choice at a time: each is sent with the options the worker has applied.
    let choosing = locked || s.loading.is_some();
    let choose = {
        let d = props.dispatch.clone();
        let applied = s.upload.applied.clone();
        let name = uploaded.map(|u| u.id.name().to_string());
        move |edit: fn(&mut UploadOptions, String, String), column: String| {
            let d = d.clone();
            let applied = applied.clone();
            let name = name.clone();
            Callback::from(move |e: Event| {
                let v: HtmlSelectElement = e.target_unchecked_into();
                let Some(name) = &name else { return };
                let mut o = applied.clone();
                edit(&mut o, column.clone(), v.value());
                reconfigure(o, name, &d);
            })
        }
    };
    let on_target = choose(
        |o, _, v| {
            o.ignore.retain(|c| *c != v);
            o.task = None;
            o.target = Some(v);
        },
        String::new(),
    );
    let on_task = choose(
        |o, _, v| o.task = Some(if v == "regression" { TaskChoice::Regression } else { TaskChoice::Classification }),
        String::new(),
    );
    let column_choice = |column: String| {
        choose(
            |o, column, v| {
                o.kinds.retain(|(c, _)| *c != column);
                o.ignore.retain(|c| *c != column);
                match v.as_str() {
                    "ignore" => o.ignore.push(column),
                    "numeric" => o.kinds.push((column, ColumnKind::Numeric)),
                    "text" => o.kinds.push((column, ColumnKind::Text)),
                    _ => o.kinds.push((column, ColumnKind::Categorical)),
                }
            },
            column,
        )
    };
    let text = s.dataset.as_ref().is_none_or(|d| d.summary.kind.is_text());
    let body = match &s.dataset {
        None => html! { <p class="muted">{ t(lang, "data-loading") }</p> },
        Some(d) => {
            let sum = &d.summary;
            let total: usize = sum.class_counts.iter().sum::<usize>().max(1);
            let unit = match sum.kind {
                SourceKind::Text if d.id.is_upload() => "texts",
                SourceKind::Text => "sentences",
                SourceKind::Images { .. } => "images",
                SourceKind::Table { .. } => "rows",
            };
            let unit = tr(lang, &Msg::new("data-unit").arg("unit", unit).arg("n", sum.rows));
            html! {
                <>
                    if let Some(info) = &d.info { <p>{ set_description(lang, info.id) }</p> }
                    <p class="stat" data-testid="dataset-size">
                        <b>{ thousands(sum.rows) }</b>{ format!(" {unit}") }
                        { match sum.kind {
                            SourceKind::Table { width } => tr(lang, &Msg::new("data-features").arg("width", width)),
                            SourceKind::Images { height, width, channels } => tr(lang, &Msg::new("data-pixels").arg("size", format!("{height}×{width}×{channels}"))),
                            SourceKind::Text => String::new(),
                        } }
                        { match sum.task {
                            Task::Binary => t(lang, "data-two-classes"),
                            Task::MultiClass { classes } => tr(lang, &Msg::new("data-classes").arg("classes", classes)),
                            Task::Regression => t(lang, "data-regression"),
                        } }
                    </p>
                    if !sum.class_counts.is_empty() {
                        <div class="balance" data-testid="class-balance" title={t(lang, "data-balance")}>
                            { for sum.class_names.iter().zip(&sum.class_counts).enumerate().map(|(i, (name, n))| {
                                let pct = *n as f64 / total as f64 * 100.0;
                                html! { <div class={format!("c{}", i % 6)} style={format!("width:{pct:.1}%")} title={format!("{name}: {n}")}>{ format!("{name} {} ({pct:.0}%)", thousands(*n)) }</div> }
                            }) }
                        </div>
                    }
                    if !sum.thumbnails.is_empty() {
                        <div class="thumbs" data-testid="thumbnails">
                            { for sum.thumbnails.iter().map(|(label, px)| html! {
                                <Thumb label={sum.class_names.get(*label as usize).cloned().unwrap_or_default()} pixels={Rc::new(px.clone())} side={match sum.kind { SourceKind::Images { height, .. } => height, _ => 0 }} />
                            }) }
                        </div>
                    }
                    if !sum.examples.is_empty() {
                        <table class="summary examples" data-testid="text-examples">
                            <thead><tr><th>{ t(lang, "data-examples-class") }</th><th>{ t(lang, "data-examples-text") }</th></tr></thead>
                            <tbody>{ for sum.examples.iter().map(|(label, text)| html! {
                                <tr><td>{ sum.class_names.get(*label as usize).cloned().unwrap_or_default() }</td><td>{ text.clone() }</td></tr>
                            }) }</tbody>
                        </table>
                    }
                    if let Some(p) = &sum.preview {
                        // Keyed by the load count: after each answer the choices show what the
                        // worker applied, not what was last picked (a refused choice springs back).
                        <div class="preview" key={s.loads.to_string()}>
                            <table class="summary" data-testid="preview-table">
                                <thead>
                                    <tr>{ for p.columns.iter().enumerate().map(|(i, c)| {
                                        let kind = format!("{:?}", c.kind).to_lowercase();
                                        let target = p.target.as_deref() == Some(c.name.as_str());
                                        let left_out = s.upload.applied.ignore.contains(&c.name);
                                        let value = if left_out { IGNORE.to_string() } else { kind.clone() };
                                        html! {
                                        <th class={classes!(target.then_some("target"), left_out.then_some("left-out"))}>{ c.name.clone() }<br/>
                                            if uploaded.is_some() {
                                                <select class="chip" data-testid={format!("column-type-{i}")} onchange={column_choice(c.name.clone())} disabled={choosing}
                                                    title={t(lang, "data-column-kind.title")}>
                                                    { for COLUMN_KINDS.iter().filter(|k| !(target && **k == IGNORE)).map(|k| html! {
                                                        <option value={*k} selected={*k == value}>{ t(lang, &format!("data-kind-{k}")) }</option>
                                                    }) }
                                                </select>
                                            } else {
                                                <span class="chip" data-testid={format!("column-type-{i}")}>{ t(lang, &format!("data-kind-{kind}")) }</span>
                                            }
                                            if target { <span class="chip target">{ t(lang, "data-to-predict") }</span> }
                                            if c.missing > 0 { <span class="chip warn">{ tr(lang, &Msg::new("data-missing").arg("n", c.missing)) }</span> }
                                            if c.constant { <span class="chip warn">{ t(lang, "data-constant") }</span> }
                                        </th>
                                    }}) }</tr>
                                </thead>
                                <tbody>{ for p.rows.iter().take(6).map(|r| html! { <tr>{ for r.iter().map(|c| html! { <td>{ c.clone() }</td> }) }</tr> }) }</tbody>
                            </table>
                            if uploaded.is_some() {
                                <div class="row">
                                    <label>{ t(lang, "data-target") }{ " " }
                                        <select data-testid="target-select" onchange={on_target} disabled={choosing}>
                                            { for p.columns.iter().map(|c| html! { <option value={c.name.clone()} selected={p.target.as_deref() == Some(c.name.as_str())}>{ c.name.clone() }</option> }) }
                                        </select>
                                    </label>
                                    <label title={t(lang, "data-task.title")}>{ t(lang, "data-task") }{ " " }
                                        <select data-testid="task-select" onchange={on_task} disabled={choosing}>
                                            <option value="classification" selected={sum.task != Task::Regression}>{ t(lang, "data-task-classification") }</option>
                                            <option value="regression" selected={sum.task == Task::Regression}>{ t(lang, "data-task-regression") }</option>
                                        </select>
                                    </label>
                                </div>
                            }
                        </div>
                    }
                    if !sum.notices.is_empty() {
                    <Notices notices={sum.notices.clone()}
                        readings={sum.preview.as_ref().map(|p| p.readings.clone()).unwrap_or_default()}
                        applied={s.upload.applied.clone()} upload={uploaded.map(|u| u.id.name().to_owned())}
                        busy={choosing} dispatch={props.dispatch.clone()} />
                    }
                    if let Some(info) = &d.info {
                        <details class="provenance" open=true>
                            <summary>{ t(lang, "data-provenance") }</summary>
                            <p><b>{ t(lang, "data-source") }</b>{ info.source }</p>
                            <p><b>{ t(lang, "data-licence") }</b>{ info.licence }</p>
                            <p><b>{ t(lang, "data-cite") }</b>{ info.citation }</p>
                        </details>
                    }
                </>
            }
        }
    };
    let mut seq_lens = SEQ_LENS.to_vec();
    if !seq_lens.contains(&s.prep.seq_len) {
        seq_lens.push(s.prep.seq_len);
        seq_lens.sort_unstable_by(|a, b| b.cmp(a));
    }
    // Tokens per text under the chosen tokenizer (jieba's once its dictionary is in).
    let lengths = s
        .dataset
        .as_ref()
        .and_then(|d| d.summary.token_lengths.iter().find(|l| l.tokenizer == s.prep.tokenizer).cloned());
    let selected = s.dataset.as_ref().map_or_else(|| "review-sentences".to_owned(), |d| d.id.to_string());
    let uploaded_name = s.dataset.as_ref().filter(|d| d.id.is_upload()).map(|d| d.id.name().to_owned());
    html! {
        <section class="card" id="data" data-dataset={s.dataset.as_ref().map(|d| d.id.to_string())}
            data-loading={s.loading.as_ref().map(|l| l.id.to_string())}>
            <h2><span class="step">{ "1" }</span>{ t(lang, "data-title") }</h2>
            <label>{ t(lang, "data-set") }{ " " }
                <select data-testid="dataset-select" disabled={locked} onchange={on_dataset}>
                    { for BUILTIN.iter().map(|info| html! {
                        <option value={info.id} selected={info.id == selected}>{ set_name(lang, info.id) }</option>
                    }) }
                    if let Some(name) = uploaded_name {
                        <option value={selected.clone()} selected=true disabled=true>{ name }</option>
                    }
                </select>
            </label>
            if let Some(l) = &s.loading {
                { load_progress(lang, &l.id, l.progress) }
            }
            <UploadBox data={props.data.clone()} locked={props.locked} engine_loaded={props.engine_loaded} dispatch={props.dispatch.clone()} />
            { body }
            if text {
            <div class="row">
                <label title={t(lang, "data-tokenizer.title")}>
                    { t(lang, "data-tokenizer") }{ " " }
                    <select data-testid="tokenizer-select" onchange={on_tokenizer} disabled={locked}>
                        { for Tokenizer::ALL.iter().map(|k| html! {
                            <option value={k.as_str()} selected={*k == s.prep.tokenizer}>{ tokenizer_label(lang, *k) }</option>
                        }) }
                    </select>
                </label>
                <label title={t(lang, "data-vocab.title")}>
                    { t(lang, "data-vocab") }{ " " }
                    <input type="number" min={VOCAB_SIZE.min.to_string()} max={VOCAB_SIZE.max.to_string()} value={s.prep.vocab_size.to_string()} onchange={on_vocab} disabled={locked} />
                </label>
                <label title={t(lang, "data-seq-len.title")}>
                    { t(lang, "data-seq-len") }{ " " }
                    <select data-testid="seq-len-select" onchange={on_seq} disabled={locked}>
                        { for seq_lens.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == s.prep.seq_len}>{ if *n == 500 { tr(lang, &Msg::new("data-seq-len-reference").arg("n", 500)) } else { n.to_string() } }</option>
                        }) }
                    </select>
                </label>
            </div>
            if let Some(l) = lengths {
                <p class="muted" data-testid="token-lengths">{ tr(lang, &Msg::new("data-lengths")
                    .arg("tokenizer", tokenizer_label(lang, l.tokenizer)).arg("mean", format!("{:.0}", l.mean))
                    .arg("max", l.max).arg("suggested", l.suggested_seq_len())) }</p>
            }
            }
            <p class="muted">{ tr(lang, &Msg::new("data-split").arg("train", format!("{:.0}", s.split.train * 100.0))
                .arg("validation", format!("{:.0}", s.split.validation * 100.0)).arg("test", format!("{:.0}", s.split.test * 100.0))) }</p>
            if let Some((n_train, n_val, n_test, vocab)) = props.prepared {
                <p class="muted" data-testid="data-ready">{ tr(lang, &Msg::new("data-prepared").arg("train", n_train).arg("validation", n_val).arg("test", n_test).arg("vocab", vocab)) }</p>
            }
        </section>
    }
}
