//! Step 1, Data: the data set (built-in or the person's own, see [`super::upload`]), its size,
//! class balance, thumbnails or preview table (with the column choices for an upload), source,
//! licence and citation, and the text preparation settings.

use std::rc::Rc;

use kiln_core::Task;
use kiln_core::format::thousands;
use kiln_core::limits::VOCAB_SIZE;
use kiln_data::id::DataId;
use kiln_data::summary::SourceKind;
use kiln_data::{BUILTIN, ColumnKind, TaskChoice};
use kiln_protocol::{Command, DataSource, UploadOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::readings::Notices;
use super::upload::{UploadBox, load_progress, reconfigure};
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

/// Sequence lengths offered: the reference 500, and shorter ones that suit one-sentence reviews.
pub const SEQ_LENS: [usize; 4] = [500, 100, 50, 25];

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
            let checked =
                v.value().trim().parse::<usize>().map_err(|_| "vocabulary size must be a whole number".to_string());
            match checked.and_then(|n| VOCAB_SIZE.check("vocabulary size", n).map(|()| n)) {
                Ok(n) => d.emit(Action::Data(DataAction::SetVocab(n))),
                Err(message) => {
                    v.set_value(&current);
                    d.emit(Action::Fail(message));
                }
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
        None => html! { <p class="muted">{ "Loading the data set…" }</p> },
        Some(d) => {
            let sum = &d.summary;
            let total: usize = sum.class_counts.iter().sum::<usize>().max(1);
            let unit = match sum.kind {
                SourceKind::Text if d.id.is_upload() => "texts",
                SourceKind::Text => "sentences",
                SourceKind::Images { .. } => "images",
                SourceKind::Table { .. } => "rows",
            };
            html! {
                <>
                    if let Some(info) = &d.info { <p>{ info.description }</p> }
                    <p class="stat" data-testid="dataset-size">
                        <b>{ thousands(sum.rows) }</b>{ format!(" {unit}") }
                        { match sum.kind {
                            SourceKind::Table { width } => format!(" · {width} input features"),
                            SourceKind::Images { height, width, channels } => format!(" · {height}×{width}×{channels} pixels"),
                            SourceKind::Text => String::new(),
                        } }
                        { match sum.task {
                            Task::Binary => " · two classes".to_string(),
                            Task::MultiClass { classes } => format!(" · {classes} classes"),
                            Task::Regression => " · regression".to_string(),
                        } }
                    </p>
                    if !sum.class_counts.is_empty() {
                        <div class="balance" data-testid="class-balance" title="class balance">
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
                            <thead><tr><th>{ "class" }</th><th>{ "text (the first few of each class)" }</th></tr></thead>
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
                                        let value = if left_out { "ignore".to_string() } else { kind.clone() };
                                        html! {
                                        <th class={classes!(target.then_some("target"), left_out.then_some("left-out"))}>{ c.name.clone() }<br/>
                                            if uploaded.is_some() {
                                                <select class="chip" data-testid={format!("column-type-{i}")} onchange={column_choice(c.name.clone())} disabled={choosing}
                                                    title="How this column is used: numbers are scaled, categories become one input per value, text is split into words.">
                                                    { for ["numeric", "categorical", "text", "ignore"].iter().filter(|k| !(target && **k == "ignore")).map(|k| html! {
                                                        <option value={*k} selected={*k == value}>{ if *k == "ignore" { "leave out" } else { *k } }</option>
                                                    }) }
                                                </select>
                                            } else {
                                                <span class="chip" data-testid={format!("column-type-{i}")}>{ kind }</span>
                                            }
                                            if target { <span class="chip target">{ "to predict" }</span> }
                                            if c.missing > 0 { <span class="chip warn">{ format!("{} missing", c.missing) }</span> }
                                            if c.constant { <span class="chip warn">{ "constant" }</span> }
                                        </th>
                                    }}) }</tr>
                                </thead>
                                <tbody>{ for p.rows.iter().take(6).map(|r| html! { <tr>{ for r.iter().map(|c| html! { <td>{ c.clone() }</td> }) }</tr> }) }</tbody>
                            </table>
                            if uploaded.is_some() {
                                <div class="row">
                                    <label>{ "Column to predict " }
                                        <select data-testid="target-select" onchange={on_target} disabled={choosing}>
                                            { for p.columns.iter().map(|c| html! { <option value={c.name.clone()} selected={p.target.as_deref() == Some(c.name.as_str())}>{ c.name.clone() }</option> }) }
                                        </select>
                                    </label>
                                    <label title="Classification predicts one of the values seen (a class); regression predicts a number.">{ "Task " }
                                        <select data-testid="task-select" onchange={on_task} disabled={choosing}>
                                            <option value="classification" selected={sum.task != Task::Regression}>{ "classification (which class?)" }</option>
                                            <option value="regression" selected={sum.task == Task::Regression}>{ "regression (what number?)" }</option>
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
                            <summary>{ "Source, licence and citation" }</summary>
                            <p><b>{ "Source: " }</b>{ info.source }</p>
                            <p><b>{ "Licence: " }</b>{ info.licence }</p>
                            <p><b>{ "Cite: " }</b>{ info.citation }</p>
                        </details>
                    }
                </>
            }
        }
    };
    let selected = s.dataset.as_ref().map_or_else(|| "review-sentences".to_owned(), |d| d.id.to_string());
    let uploaded_name = s.dataset.as_ref().filter(|d| d.id.is_upload()).map(|d| d.id.name().to_owned());
    html! {
        <section class="card" id="data">
            <h2><span class="step">{ "1" }</span>{ "Data" }</h2>
            <label>{ "Data set " }
                <select data-testid="dataset-select" disabled={locked} onchange={on_dataset}>
                    { for BUILTIN.iter().map(|info| html! {
                        <option value={info.id} selected={info.id == selected}>{ info.name }</option>
                    }) }
                    if let Some(name) = uploaded_name {
                        <option value={selected.clone()} selected=true disabled=true>{ name }</option>
                    }
                </select>
            </label>
            if let Some(l) = &s.loading {
                { load_progress(&l.id, l.progress) }
            }
            <UploadBox data={props.data.clone()} locked={props.locked} engine_loaded={props.engine_loaded} dispatch={props.dispatch.clone()} />
            { body }
            if text {
            <div class="row">
                <label title="Words are lower-cased and split on punctuation. The vocabulary holds the most frequent words of the training split only; id 0 is padding, id 1 any other word.">
                    { "Vocabulary size " }
                    <input type="number" min={VOCAB_SIZE.min.to_string()} max={VOCAB_SIZE.max.to_string()} value={s.prep.vocab_size.to_string()} onchange={on_vocab} disabled={locked} />
                </label>
                <label title="Each sentence is padded with 0 or cut to this many tokens. The reference model uses 500; these sentences average about 12 words, so 100 trains 5× faster with the same result.">
                    { "Sequence length " }
                    <select onchange={on_seq} disabled={locked}>
                        { for SEQ_LENS.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == s.prep.seq_len}>{ if *n == 500 { "500 (reference)".to_string() } else { n.to_string() } }</option>
                        }) }
                    </select>
                </label>
            </div>
            }
            <p class="muted">{ format!("Split {:.0} / {:.0} / {:.0} (train / validation / test), stratified, seeded",
                s.split.train * 100.0, s.split.validation * 100.0, s.split.test * 100.0) }</p>
            if let Some((tr, va, te, vocab)) = props.prepared {
                <p class="muted" data-testid="data-ready">{ format!("Prepared: {} train · {} validation · {} test · {} words in vocabulary", thousands(tr), thousands(va), thousands(te), thousands(vocab)) }</p>
            }
        </section>
    }
}
