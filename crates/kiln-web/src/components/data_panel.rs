//! Step 1, Data: the built-in data set, its size, class balance, source, licence and citation,
//! and the text preparation settings.

use std::rc::Rc;

use kiln_data::{BUILTIN, Task};
use kiln_protocol::{Command, DataSource};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{PanelProps, thousands};
use crate::state::{Action, Phase, Upload};

/// Largest file the page reads (bigger ones get a message offering a sample). The bytes cross to
/// the worker inside a JSON message for now, which costs several times the file's size in memory:
/// until they travel as a transferable buffer, uploads stay small.
const MAX_FILE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// Reads a picked or dropped file and hands its bytes to the worker.
fn read_file(file: web_sys::File, dispatch: Callback<Action>, send: Callback<Command>) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        dispatch.emit(Action::Fail(format!(
            "{name} is {:.0} MB; this page reads files up to 20 MB for now. Take a sample of its rows (e.g. the first 100,000 lines) and load that.",
            file.size() / 1048576.0
        )));
        return;
    }
    dispatch.emit(Action::DataLoading(format!("upload:{name}")));
    wasm_bindgen_futures::spawn_local(async move {
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        match buffer {
            Ok(buf) => {
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                dispatch.emit(Action::Uploaded(Upload { name: name.clone(), bytes: Rc::new(bytes.clone()) }));
                send.emit(Command::LoadData(DataSource::Upload { name, bytes, target: None }));
            }
            Err(_) => dispatch.emit(Action::Fail(format!("{name}: the browser could not read the file"))),
        }
    });
}

/// The file picker and drop zone. Files are read here and go to the worker, never to a server.
#[component]
fn UploadBox(props: &super::PanelProps) -> Html {
    let s = &props.state;
    let on_pick = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, d.clone(), send.clone());
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|t| t.files()).and_then(|f| f.get(0)) {
                read_file(file, d.clone(), send.clone());
            }
        })
    };
    let on_over = Callback::from(|e: DragEvent| e.prevent_default());
    let disabled = s.is_active() || !s.engine_loaded;
    html! {
        <div class="drop-zone" data-testid="drop-zone" ondrop={on_drop} ondragover={on_over}>
            <label>{ "Or use your own table: " }
                <input type="file" accept=".csv,.tsv,.txt,text/csv" data-testid="upload-input" onchange={on_pick} disabled={disabled} />
            </label>
            <span class="muted">{ " or drop a CSV / TSV file here. It is read in this page; nothing is uploaded anywhere." }</span>
            if let Some(e) = &s.upload_error {
                <div class="upload-error" data-testid="upload-error" role="alert">{ e.clone() }</div>
            }
        </div>
    }
}

/// A small grey image (an example of an image class).
#[derive(Properties, PartialEq)]
struct ThumbProps {
    label: String,
    pixels: Rc<Vec<u8>>,
    side: usize,
}

#[component]
fn Thumb(props: &ThumbProps) -> Html {
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

/// The data panel.
#[component]
pub fn DataPanel(props: &PanelProps) -> Html {
    let s = &props.state;
    let running = s.phase == Phase::Running;
    // Settings unlock once the engine and the data set are ready (and stay locked while training),
    // so nothing typed during loading can be lost to the first render with loaded data.
    let locked = running || !s.engine_loaded || s.dataset.is_none();
    let on_seq = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = v.value().parse() {
                d.emit(Action::SetSeqLen(n));
            }
        })
    };
    let on_vocab = {
        let d = props.dispatch.clone();
        let current = s.prep.vocab_size.to_string();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            match v.value().trim().parse::<usize>() {
                Ok(n) if (3..=100_000).contains(&n) => d.emit(Action::SetVocab(n)),
                _ => {
                    v.set_value(&current);
                    d.emit(Action::Fail("vocabulary size must be a whole number between 3 and 100000".into()));
                }
            }
        })
    };
    let on_dataset = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let id = v.value();
            d.emit(Action::DataLoading(id.clone()));
            send.emit(Command::LoadData(DataSource::Builtin { id, base_url: crate::app::assets_url() }));
        })
    };
    let on_target = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        let upload = s.upload.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Some(u) = &upload {
                d.emit(Action::DataLoading(format!("upload:{}", u.name)));
                send.emit(Command::LoadData(DataSource::Upload {
                    name: u.name.clone(),
                    bytes: (*u.bytes).clone(),
                    target: Some(v.value()),
                }));
            }
        })
    };
    let text = s.dataset.as_ref().is_none_or(|d| d.summary.kind == "text");
    let body = match &s.dataset {
        None => html! { <p class="muted">{ "Loading the data set…" }</p> },
        Some(d) => {
            let sum = &d.summary;
            let total: usize = sum.class_counts.iter().sum::<usize>().max(1);
            let unit = match sum.kind.as_str() {
                "text" => "sentences",
                "images" => "images",
                _ => "rows",
            };
            html! {
                <>
                    if let Some(info) = &d.info { <p>{ info.description }</p> }
                    <p class="stat" data-testid="dataset-size">
                        <b>{ thousands(sum.rows) }</b>{ format!(" {unit}") }
                        { match sum.input_dims.as_slice() {
                            [w] => format!(" · {w} input features"),
                            [h, w, c] => format!(" · {h}×{w}×{c} pixels"),
                            _ => String::new(),
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
                                <Thumb label={sum.class_names.get(*label as usize).cloned().unwrap_or_default()} pixels={Rc::new(px.clone())} side={sum.input_dims.first().copied().unwrap_or(0)} />
                            }) }
                        </div>
                    }
                    if let Some(p) = &sum.preview {
                        <div class="preview">
                            <table class="summary" data-testid="preview-table">
                                <thead>
                                    <tr>{ for p.columns.iter().enumerate().map(|(i, c)| html! {
                                        <th>{ c.name.clone() }<br/>
                                            <span class="chip" data-testid={format!("column-type-{i}")}>{ format!("{:?}", c.kind).to_lowercase() }</span>
                                            if c.missing > 0 { <span class="chip warn">{ format!("{} missing", c.missing) }</span> }
                                            if c.constant { <span class="chip warn">{ "constant" }</span> }
                                        </th>
                                    }) }</tr>
                                </thead>
                                <tbody>{ for p.rows.iter().take(6).map(|r| html! { <tr>{ for r.iter().map(|c| html! { <td>{ c.clone() }</td> }) }</tr> }) }</tbody>
                            </table>
                            if s.upload.is_some() && d.id.starts_with("upload:") {
                                <label>{ "Column to predict " }
                                    <select data-testid="target-select" onchange={on_target} disabled={locked}>
                                        { for p.columns.iter().map(|c| html! { <option value={c.name.clone()} selected={p.target.as_deref() == Some(c.name.as_str())}>{ c.name.clone() }</option> }) }
                                    </select>
                                </label>
                            }
                        </div>
                    }
                    if !sum.notices.is_empty() {
                        <ul class="notices">{ for sum.notices.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
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
    let selected = s.dataset.as_ref().map_or("review-sentences", |d| d.id.as_str());
    html! {
        <section class="card" id="data">
            <h2><span class="step">{ "1" }</span>{ "Data" }</h2>
            <label>{ "Data set " }
                <select data-testid="dataset-select" disabled={locked} onchange={on_dataset}>
                    { for BUILTIN.iter().map(|info| html! {
                        <option value={info.id} selected={info.id == selected}>{ info.name }</option>
                    }) }
                    if selected.starts_with("upload:") {
                        <option value={selected.to_string()} selected=true disabled=true>{ selected.trim_start_matches("upload:").to_string() }</option>
                    }
                </select>
            </label>
            if let Some(id) = &s.data_loading {
                <p class="muted" data-testid="upload-progress">{ format!("loading {}…", id.trim_start_matches("upload:")) }</p>
            }
            <UploadBox ..props.clone() />
            { body }
            if text {
            <div class="row">
                <label title="Words are lower-cased and split on punctuation. The vocabulary holds the most frequent words of the training split only; id 0 is padding, id 1 any other word.">
                    { "Vocabulary size " }
                    <input type="number" min="3" max="100000" value={s.prep.vocab_size.to_string()} onchange={on_vocab} disabled={locked} />
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
            if let Some((tr, va, te, vocab)) = s.data_ready {
                <p class="muted" data-testid="data-ready">{ format!("Prepared: {} train · {} validation · {} test · {} words in vocabulary", thousands(tr), thousands(va), thousands(te), thousands(vocab)) }</p>
            }
        </section>
    }
}
