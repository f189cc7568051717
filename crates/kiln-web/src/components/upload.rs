//! Step 1's own-data box: the file and folder pickers and the drop zone, the image size, the
//! offer of a sample for a file over the limit, and the load's progress bar. The picked files'
//! `File` objects go to the worker beside the command (nothing is copied into the message, nothing
//! leaves the tab); the worker reads them in slices.

use std::cell::Cell;

use kiln_core::format::{megabytes, thousands};
use kiln_data::id::DataId;
use kiln_data::images::ImageOptions;
use kiln_data::upload::{MAX_UPLOAD_BYTES, SAMPLE_BYTES};
use kiln_protocol::{Command, DataSource, FileInfo, LoadStage, UploadOptions};
use wasm_bindgen::JsValue;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Lang, Msg, t, tr, use_lang};
use crate::state::data::{DataAction, DataState};
use crate::state::{Action, Slice};
use crate::{codec, link, renders};

/// What the upload box shows.
#[derive(Properties, PartialEq)]
pub struct UploadProps {
    /// The data slice.
    pub data: Slice<DataState>,
    /// A run is in the worker: uploads wait.
    pub locked: bool,
    /// The training engine has loaded.
    pub engine_loaded: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

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
            dispatch.emit(Action::Data(DataAction::TooBig(Some(first.clone()))));
        } else {
            dispatch.emit(Action::Data(DataAction::UploadError(
                Msg::new("data-upload-too-big")
                    .arg("name", name)
                    .arg("size", megabytes(total))
                    .arg("limit", megabytes(limit)),
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
    let id = DataId::Upload(name.clone());
    codec::attach(attachment, JsValue::from(list));
    let run = link::start(Command::LoadData(DataSource::Files {
        name,
        files: infos,
        attachment,
        from_folder,
        max_bytes,
        options: options.clone(),
    }));
    dispatch.emit(Action::Data(DataAction::Loading { run, id, upload: Some(options) }));
}

/// The files of a file list.
fn list_files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Sends new choices for the uploaded data set (the worker prepares it again from what it holds).
pub fn reconfigure(options: UploadOptions, name: &str, dispatch: &Callback<Action>) {
    let run = link::start(Command::LoadData(DataSource::Reconfigure(options.clone())));
    dispatch.emit(Action::Data(DataAction::Loading {
        run,
        id: DataId::Upload(name.to_owned()),
        upload: Some(options),
    }));
}

/// The two image sizes offered: `(value, label, options)`.
const IMAGE_SIZES: [(&str, &str); 2] = [("28", "data-image-grey"), ("32", "data-image-colour")];

fn image_choice(value: &str) -> ImageOptions {
    if value == "32" { ImageOptions::rgb32() } else { ImageOptions::default() }
}

/// The file and folder pickers and the drop zone. Files are read by the training worker in this
/// browser tab, never sent to a server.
#[component]
pub fn UploadBox(props: &UploadProps) -> Html {
    renders::rendered("UploadBox");
    let lang = use_lang();
    let s = &props.data;
    let image = s.image_options;
    // The file picker (`folder` false) and the folder picker read their files the same way.
    let picker = |folder: bool| {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            send_files(list_files(input.files()), folder, None, image, &d);
            input.set_value("");
        })
    };
    let on_pick = picker(false);
    let on_folder = picker(true);
    let on_drop = {
        let d = props.dispatch.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let files = list_files(e.data_transfer().and_then(|t| t.files()));
            // A dropped folder arrives as one empty "file" without a type: point to the folder button.
            if files.len() == 1
                && files[0].size() == 0.0
                && files[0].type_().is_empty()
                && !files[0].name().contains('.')
            {
                d.emit(Action::Data(DataAction::UploadError(
                    Msg::new("data-upload-folder").arg("name", files[0].name()),
                )));
                return;
            }
            send_files(files, false, None, image, &d);
        })
    };
    let on_sample = {
        let d = props.dispatch.clone();
        let file = s.too_big.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(f) = &file {
                send_files(vec![f.clone()], false, Some(SAMPLE_BYTES), image, &d);
            }
        })
    };
    let on_size = {
        let d = props.dispatch.clone();
        let current = s.dataset.as_ref().filter(|d| d.id.is_upload() && d.summary.kind.is_images());
        let upload = current.map(|c| (c.id.name().to_string(), s.upload.applied.clone()));
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let image = image_choice(&v.value());
            d.emit(Action::Data(DataAction::SetImageOptions(image)));
            if let Some((name, applied)) = &upload {
                reconfigure(UploadOptions { image, ..applied.clone() }, name, &d);
            }
        })
    };
    let on_over = Callback::from(|e: DragEvent| e.prevent_default());
    let disabled = props.locked || !props.engine_loaded || s.loading.is_some();
    let size_value = if image == ImageOptions::rgb32() { "32" } else { "28" };
    html! {
        <div class="drop-zone" data-testid="drop-zone" data-loads={s.loads.to_string()} ondrop={on_drop} ondragover={on_over}>
            <p><b>{ t(lang, "data-upload-own") }</b>{ t(lang, "data-upload-what") }
                <span class="muted">{ t(lang, "data-upload-local") }</span></p>
            <div class="row">
                <label>{ t(lang, "data-upload-file") }{ " " }
                    <input type="file" multiple=true accept=".csv,.tsv,.txt,.zip,.idx,.gz,.ubyte,text/csv" data-testid="upload-input" onchange={on_pick} disabled={disabled} />
                </label>
                <label>{ t(lang, "data-upload-dir") }{ " " }
                    <input type="file" webkitdirectory=true data-testid="upload-folder" onchange={on_folder} disabled={disabled} />
                </label>
                <label title={t(lang, "data-image-size.title")}>{ t(lang, "data-image-size") }{ " " }
                    <select data-testid="image-size" onchange={on_size} disabled={disabled}>
                        { for IMAGE_SIZES.iter().map(|(v, label)| html! { <option value={*v} selected={*v == size_value}>{ t(lang, label) }</option> }) }
                    </select>
                </label>
            </div>
            <span class="muted">{ t(lang, "data-upload-drop") }</span>
            if let Some(f) = &s.too_big {
                <div class="upload-error" data-testid="upload-error" role="alert">
                    { tr(lang, &Msg::new("data-upload-big-file").arg("name", f.name()).arg("size", megabytes(f.size())).arg("limit", megabytes(MAX_UPLOAD_BYTES as f64))) }
                    <button data-testid="upload-sample" onclick={on_sample} disabled={disabled}>{ tr(lang, &Msg::new("data-upload-sample").arg("size", megabytes(SAMPLE_BYTES as f64))) }</button>
                </div>
            }
            if let Some(e) = &s.upload_error {
                <div class="upload-error" data-testid="upload-error" role="alert">{ tr(lang, e) }</div>
            }
        </div>
    }
}

/// The load in progress: a progress bar (`upload-progress`) and what is being done.
pub fn load_progress(lang: Lang, id: &DataId, progress: Option<(LoadStage, u64, u64)>) -> Html {
    let name = id.name();
    let (label, value, max) = match progress {
        Some((LoadStage::Reading, done, total)) => (
            Msg::new("data-progress-reading")
                .arg("name", name)
                .arg("done", megabytes(done as f64))
                .arg("total", megabytes(total as f64)),
            Some(done),
            Some(total),
        ),
        Some((LoadStage::Parsing, done, total)) => (
            Msg::new("data-progress-rows")
                .arg("name", name)
                .arg("pct", format!("{:.0}", done as f64 / total.max(1) as f64 * 100.0)),
            Some(done),
            Some(total),
        ),
        Some((LoadStage::Decoding, done, total)) => (
            Msg::new("data-progress-files")
                .arg("done", thousands(done as usize))
                .arg("total", thousands(total as usize)),
            Some(done),
            Some(total),
        ),
        Some((LoadStage::Checking, _, _)) => (Msg::new("data-progress-checking"), None, None),
        None => (Msg::new("data-progress-loading").arg("name", name), None, None),
    };
    let label = tr(lang, &label);
    let max = max.filter(|&m| m > 0);
    html! {
        <div class="loading" aria-live="polite">
            <progress data-testid="upload-progress" value={max.and(value).map(|v| v.to_string())} max={max.map(|m| m.to_string())}></progress>
            <span class="muted">{ label }</span>
        </div>
    }
}
