//! Step 1, Data: the built-in data set, its size, class balance, source, licence and citation,
//! and the text preparation settings.

use std::cell::Cell;
use std::rc::Rc;

use kiln_core::Task;
use kiln_core::format::megabytes;
use kiln_data::id::DataId;
use kiln_data::images::ImageOptions;
use kiln_data::summary::SourceKind;
use kiln_data::upload::{MAX_UPLOAD_BYTES, SAMPLE_BYTES};
use kiln_data::{BUILTIN, ColumnKind, TaskChoice};
use kiln_protocol::{Command, DataSource, FileInfo, LoadStage, UploadOptions};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{PanelProps, thousands};
use crate::codec;
use crate::state::{Action, Phase};

thread_local! {
    /// Number of the next attachment (see `codec::attach`).
    static NEXT_ATTACHMENT: Cell<u32> = const { Cell::new(1) };
}

/// The path the browser gives a file: `root/class/file.png` from a folder picker, else its name.
fn file_path(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|p| p.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Hands picked files to the worker: their `File` objects go beside the command (no contents are
/// copied into the message; the worker reads them in chunks). A single table file over
/// [`MAX_UPLOAD_BYTES`] is not sent unless `max_bytes` asks for a sample of it: the page offers
/// one instead.
fn send_files(
    files: Vec<web_sys::File>,
    from_folder: bool,
    max_bytes: Option<u64>,
    image: ImageOptions,
    dispatch: &Callback<Action>,
    send: &Callback<Command>,
) {
    let Some(first) = files.first() else { return };
    let total: f64 = files.iter().map(|f| f.size()).sum();
    let limit = MAX_UPLOAD_BYTES as f64;
    let name = if from_folder {
        file_path(first).split('/').next().unwrap_or_default().to_string()
    } else {
        files.iter().map(web_sys::File::name).collect::<Vec<_>>().join(" + ")
    };
    if total > limit && max_bytes.is_none() {
        let zip = first.name().to_lowercase().ends_with(".zip");
        if files.len() == 1 && !zip {
            dispatch.emit(Action::TooBig(Some(first.clone())));
        } else {
            dispatch.emit(Action::UploadError(format!(
                "{name} is {}, more than the {} this page reads: use fewer or smaller files",
                megabytes(total),
                megabytes(limit)
            )));
        }
        return;
    }
    let infos: Vec<FileInfo> = files.iter().map(|f| FileInfo { path: file_path(f), size: f.size() as u64 }).collect();
    let list = js_sys::Array::new();
    for f in &files {
        list.push(f);
    }
    let attachment = NEXT_ATTACHMENT.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    let options = UploadOptions { image, ..UploadOptions::default() };
    dispatch.emit(Action::DataLoading(DataId::Upload(name.clone())));
    dispatch.emit(Action::Uploaded(options.clone()));
    codec::attach(attachment, JsValue::from(list));
    send.emit(Command::LoadData(DataSource::Files { name, files: infos, attachment, from_folder, max_bytes, options }));
}

/// The files of a file list.
fn list_files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Sends new choices for the uploaded data set (the worker prepares it again from what it holds).
fn reconfigure(options: UploadOptions, name: &str, dispatch: &Callback<Action>, send: &Callback<Command>) {
    dispatch.emit(Action::DataLoading(DataId::Upload(name.to_owned())));
    dispatch.emit(Action::Uploaded(options.clone()));
    send.emit(Command::LoadData(DataSource::Reconfigure(options)));
}

/// The two image sizes offered: `(value, label, options)`.
const IMAGE_SIZES: [(&str, &str); 2] = [("28", "28×28 grey"), ("32", "32×32 colour")];

fn image_choice(value: &str) -> ImageOptions {
    if value == "32" { ImageOptions::rgb32() } else { ImageOptions::default() }
}

/// The file and folder pickers and the drop zone. Files are read by the training worker in this
/// browser tab, never sent to a server.
#[component]
fn UploadBox(props: &super::PanelProps) -> Html {
    let s = &props.state;
    let image = s.image_options;
    // The file picker (`folder` false) and the folder picker read their files the same way.
    let picker = |folder: bool| {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            send_files(list_files(input.files()), folder, None, image, &d, &send);
            input.set_value("");
        })
    };
    let on_pick = picker(false);
    let on_folder = picker(true);
    let on_drop = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let files = list_files(e.data_transfer().and_then(|t| t.files()));
            // A dropped folder arrives as one empty "file" without a type: point to the folder button.
            if files.len() == 1
                && files[0].size() == 0.0
                && files[0].type_().is_empty()
                && !files[0].name().contains('.')
            {
                d.emit(Action::UploadError(format!(
                    "{} looks like a folder: use \"Choose a folder\" for a folder of class folders, or drop a .zip of it",
                    files[0].name()
                )));
                return;
            }
            send_files(files, false, None, image, &d, &send);
        })
    };
    let on_sample = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        let file = s.too_big.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(f) = &file {
                send_files(vec![f.clone()], false, Some(SAMPLE_BYTES), image, &d, &send);
            }
        })
    };
    let on_size = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        let current = s.dataset.as_ref().filter(|d| d.id.is_upload() && d.summary.kind.is_images());
        let upload = current.map(|c| (c.id.name().to_string(), s.upload.applied.clone()));
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let image = image_choice(&v.value());
            d.emit(Action::SetImageOptions(image));
            if let Some((name, applied)) = &upload {
                reconfigure(UploadOptions { image, ..applied.clone() }, name, &d, &send);
            }
        })
    };
    let on_over = Callback::from(|e: DragEvent| e.prevent_default());
    let disabled = s.is_active() || !s.engine_loaded || s.data_loading.is_some();
    let size_value = if image == ImageOptions::rgb32() { "32" } else { "28" };
    html! {
        <div class="drop-zone" data-testid="drop-zone" data-loads={s.loads.to_string()} ondrop={on_drop} ondragover={on_over}>
            <p><b>{ "Or use your own data: " }</b>{ "a table (CSV or TSV), or images or .txt files in one folder per class (a folder, or a .zip of it). " }
                <span class="muted">{ "The files are read in this page; nothing is uploaded anywhere." }</span></p>
            <div class="row">
                <label>{ "A file " }
                    <input type="file" multiple=true accept=".csv,.tsv,.txt,.zip,.idx,.gz,.ubyte,text/csv" data-testid="upload-input" onchange={on_pick} disabled={disabled} />
                </label>
                <label>{ "A folder " }
                    <input type="file" webkitdirectory=true data-testid="upload-folder" onchange={on_folder} disabled={disabled} />
                </label>
                <label title="Every image is resized to this size; colour keeps red, green and blue.">{ "Images as " }
                    <select data-testid="image-size" onchange={on_size} disabled={disabled}>
                        { for IMAGE_SIZES.iter().map(|(v, label)| html! { <option value={*v} selected={*v == size_value}>{ *label }</option> }) }
                    </select>
                </label>
            </div>
            <span class="muted">{ "You can also drop a file or a .zip here." }</span>
            if let Some(f) = &s.too_big {
                <div class="upload-error" data-testid="upload-error" role="alert">
                    { format!("{} is {}, more than the {} this page reads. ", f.name(), megabytes(f.size()), megabytes(MAX_UPLOAD_BYTES as f64)) }
                    <button data-testid="upload-sample" onclick={on_sample} disabled={disabled}>{ format!("Load the first {}", megabytes(SAMPLE_BYTES as f64)) }</button>
                </div>
            }
            if let Some(e) = &s.upload_error {
                <div class="upload-error" data-testid="upload-error" role="alert">{ e.clone() }</div>
            }
        </div>
    }
}

/// The load in progress: a progress bar (`upload-progress`) and what is being done.
fn load_progress(id: &DataId, progress: Option<(LoadStage, u64, u64)>) -> Html {
    let name = id.name();
    let (label, value, max) = match progress {
        Some((LoadStage::Reading, done, total)) => (
            format!("Reading {name}: {} of {}", megabytes(done as f64), megabytes(total as f64)),
            Some(done),
            Some(total),
        ),
        Some((LoadStage::Parsing, done, total)) => (
            format!("Reading the rows of {name}: {:.0}%", done as f64 / total.max(1) as f64 * 100.0),
            Some(done),
            Some(total),
        ),
        Some((LoadStage::Decoding, done, total)) => (
            format!("Reading the files: {} of {}", thousands(done as usize), thousands(total as usize)),
            Some(done),
            Some(total),
        ),
        Some((LoadStage::Checking, _, _)) => ("Checking the columns and classes…".to_string(), None, None),
        None => (format!("Loading {name}…"), None, None),
    };
    let max = max.filter(|&m| m > 0);
    html! {
        <div class="loading" aria-live="polite">
            <progress data-testid="upload-progress" value={max.and(value).map(|v| v.to_string())} max={max.map(|m| m.to_string())}></progress>
            <span class="muted">{ label }</span>
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
            d.emit(Action::DataLoading(DataId::Builtin(id.clone())));
            send.emit(Command::LoadData(DataSource::Builtin { id, base_url: crate::app::assets_url() }));
        })
    };
    // Choices for an uploaded table: each sends the new options; the worker re-prepares what it holds.
    let uploaded = s.dataset.as_ref().filter(|d| d.id.is_upload());
    // One choice at a time: each is sent with the options the worker has applied.
    let choosing = locked || s.data_loading.is_some();
    let choose = {
        let d = props.dispatch.clone();
        let send = props.send.clone();
        let applied = s.upload.applied.clone();
        let name = uploaded.map(|u| u.id.name().to_string());
        move |edit: fn(&mut UploadOptions, String, String), column: String| {
            let d = d.clone();
            let send = send.clone();
            let applied = applied.clone();
            let name = name.clone();
            Callback::from(move |e: Event| {
                let v: HtmlSelectElement = e.target_unchecked_into();
                let Some(name) = &name else { return };
                let mut o = applied.clone();
                edit(&mut o, column.clone(), v.value());
                reconfigure(o, name, &d, &send);
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
            if let Some(id) = &s.data_loading {
                { load_progress(id, s.load_progress) }
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
