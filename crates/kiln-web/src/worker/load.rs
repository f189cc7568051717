//! `LoadData`: a built-in data set (the worker fetches its assets) or the person's picked files
//! (the browser's `File` objects arrive beside the command and are read here in slices, with
//! `LoadProgress` for the page's bar), summarised for the page and kept for the next Train. A
//! failed load keeps the previous data set; the picked files are kept too, so `Reconfigure`
//! (another target, task, column kind or image size) prepares them again without the page
//! sending anything.

use std::rc::Rc;

use kiln_core::Tokenizer;
use kiln_data::builtin::AssetKind;
use kiln_data::chinese_reviews::recommended_prep;
use kiln_data::files::UploadedFile;
use kiln_data::id::DataId;
use kiln_data::segment::{DICTIONARY_ASSET, install_dictionary, installed_dictionary};
use kiln_data::source::Source;
use kiln_data::summary::SourceSummary;
use kiln_data::upload::{LoadStage, UploadOptions, cut_at_last_row};
use kiln_i18n::Localize;
use kiln_protocol::{DataSource, Event, FileInfo, Msg};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::Shared;
use super::host::Out;
use crate::{codec, engine};

/// The data set the worker holds: its id and contents.
pub(crate) struct HeldData {
    /// Which data set.
    pub id: DataId,
    /// The contents, prepared again for each run.
    pub source: Rc<Source>,
}

/// An upload the worker can read again.
pub(crate) struct HeldUpload {
    /// Which upload.
    id: DataId,
    /// The `File` objects, in the order of `infos`.
    files: js_sys::Array,
    infos: Vec<FileInfo>,
    from_folder: bool,
    max_bytes: Option<u64>,
}

/// Loads `source`, keeps it, and answers `DataLoaded` or `DataFailed`.
pub(crate) async fn run(shared: &Shared, out: &Out, source: DataSource) {
    let event = load(shared, out, source).await;
    out.send(event);
}

/// The message of a JS error value, without its stack (the browser's words, shown as they are).
fn js_message(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_default()
}

/// The data set a run names, when it is the one the worker holds, with jieba's dictionary
/// installed first when the run's `tokenizer` segments Chinese words ([`ensure_dictionary`]).
/// Every command that prepares the held data (`Train`, the lab's jobs) starts here.
///
/// # Errors
/// `error-worker-no-data` when no data set is loaded, `error-worker-other-data` (naming both)
/// when another one is, and [`ensure_dictionary`]'s message.
pub(crate) async fn held_source(
    shared: &Shared,
    out: &Out,
    dataset: &DataId,
    tokenizer: Tokenizer,
) -> Result<Rc<Source>, Msg> {
    let source = match shared.held.borrow().data.as_ref() {
        Some(d) if d.id == *dataset => d.source.clone(),
        Some(d) => {
            return Err(Msg::new("error-worker-other-data")
                .arg("held", d.id.to_string())
                .arg("wanted", dataset.to_string()));
        }
        None => return Err(Msg::new("error-worker-no-data")),
    };
    if tokenizer == Tokenizer::Jieba {
        ensure_dictionary(shared, out).await?;
    }
    Ok(source)
}

/// Installs jieba's dictionary (the asset [`DICTIONARY_ASSET`], about 2 MB gzip) from the page's
/// assets folder unless it already is, saying so in a status line; a run that segments Chinese
/// words calls this before preparing.
///
/// # Errors
/// A message naming the asset when it cannot be fetched or read (with what to do).
pub(crate) async fn ensure_dictionary(shared: &Shared, out: &Out) -> Result<(), Msg> {
    if installed_dictionary().is_some() {
        return Ok(());
    }
    let Some(base) = shared.held.borrow().assets.clone() else {
        return Err(Msg::new("error-worker-dictionary-fetch").arg("asset", DICTIONARY_ASSET).arg("detail", "-"));
    };
    out.send(Event::Status(Msg::new("train-status-dictionary")));
    let bytes = fetch_bytes(&base, DICTIONARY_ASSET)
        .await
        .map_err(|e| Msg::new("error-worker-dictionary-fetch").arg("asset", DICTIONARY_ASSET).arg("detail", e))?;
    install_dictionary(&bytes).map(|_| ()).map_err(|e| e.msg())
}

/// Fetches an asset from the page's assets folder (`base_url` ends with `/`).
///
/// # Errors
/// A message naming the URL: not in a worker, no answer, an HTTP error, an unreadable body.
async fn fetch_bytes(base_url: &str, file: &str) -> Result<Vec<u8>, Msg> {
    let url = format!("{base_url}{file}");
    let failed = |detail: String| Msg::new("error-worker-fetch").arg("url", url.as_str()).arg("detail", detail);
    let scope: web_sys::WorkerGlobalScope = js_sys::global().dyn_into().map_err(|_| failed(String::new()))?;
    let resp = JsFuture::from(scope.fetch_with_str(&url)).await.map_err(|e| failed(js_message(&e)))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| failed(String::new()))?;
    if !resp.ok() {
        return Err(Msg::new("error-worker-http").arg("url", url.as_str()).arg("status", resp.status()));
    }
    let body = resp.array_buffer().map_err(|e| failed(js_message(&e)))?;
    let buf = JsFuture::from(body).await.map_err(|e| failed(js_message(&e)))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Sends [`Event::LoadProgress`] at most every `PROGRESS_EVERY_MS` (and always when the stage
/// changes), so a folder of thousands of small files does not flood the page.
struct ProgressOut<'a> {
    out: &'a Out,
    last: f64,
    /// The last event sent: stage, done, total.
    sent: Option<(LoadStage, u64, u64)>,
}

/// Least time between two progress events.
const PROGRESS_EVERY_MS: f64 = 50.0;

impl ProgressOut<'_> {
    fn send(&mut self, stage: LoadStage, done: u64, total: u64) {
        let now = engine::now_ms();
        let same_stage = self.sent.is_some_and(|(s, _, _)| s == stage);
        if self.sent == Some((stage, done, total))
            || (same_stage && now - self.last < PROGRESS_EVERY_MS && done < total)
        {
            return;
        }
        self.sent = Some((stage, done, total));
        self.last = now;
        self.out.send(Event::LoadProgress { stage, done, total });
    }
}

/// Bytes read from a file per step (each step is one `Blob.slice(…).arrayBuffer()`): small
/// enough for a progress bar that moves on a few-MB file, large enough that the steps' own cost
/// does not count.
const CHUNK_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// Reads the picked files in chunks, reporting progress; a single table file past `max_bytes` is
/// read only that far and cut after its last whole row.
async fn read_files(
    files: &js_sys::Array,
    infos: &[FileInfo],
    max_bytes: Option<u64>,
    progress: &mut ProgressOut<'_>,
) -> Result<Vec<UploadedFile>, Msg> {
    if files.length() as usize != infos.len() {
        return Err(Msg::new("error-worker-files-lost"));
    }
    let limit = max_bytes.map_or(f64::INFINITY, |m| m as f64);
    let total: f64 = infos.iter().map(|f| (f.size as f64).min(limit)).sum();
    let mut done = 0.0;
    let mut out = Vec::with_capacity(infos.len());
    progress.send(LoadStage::Reading, 0, total as u64);
    for (file, info) in files.iter().zip(infos) {
        let unreadable =
            |detail: String| Msg::new("error-worker-file-read").arg("path", info.path.as_str()).arg("detail", detail);
        let blob: web_sys::Blob = file.dyn_into().map_err(|_| unreadable(String::new()))?;
        let size = blob.size().min(limit);
        let mut bytes = Vec::with_capacity(size as usize);
        let mut at = 0.0;
        while at < size {
            let end = (at + CHUNK_BYTES).min(size);
            let part = blob.slice_with_f64_and_f64(at, end).map_err(|e| unreadable(js_message(&e)))?;
            let buf = JsFuture::from(part.array_buffer()).await.map_err(|e| unreadable(js_message(&e)))?;
            let chunk = js_sys::Uint8Array::new(&buf);
            let start = bytes.len();
            bytes.resize(start + chunk.length() as usize, 0);
            chunk.copy_to(&mut bytes[start..]);
            done += end - at;
            at = end;
            progress.send(LoadStage::Reading, done as u64, total as u64);
        }
        if blob.size() > size {
            let whole = cut_at_last_row(&bytes).len();
            bytes.truncate(whole);
        }
        out.push(UploadedFile { path: info.path.clone(), bytes });
    }
    Ok(out)
}

/// Reads the held upload's files and builds the data set with `options`.
async fn read_upload(
    held: &HeldUpload,
    options: &UploadOptions,
    progress: &mut ProgressOut<'_>,
) -> Result<Source, Msg> {
    let files = read_files(&held.files, &held.infos, held.max_bytes, progress).await?;
    Source::upload(files, held.from_folder, options, &mut |stage, done, total| progress.send(stage, done, total))
        .map_err(|e| e.msg())
}

/// Loads a data set and keeps it for the next Train; a failure keeps the previous one. Uploads
/// send [`Event::LoadProgress`] while they are read.
async fn load(shared: &Shared, out: &Out, source: DataSource) -> Event {
    let mut progress = ProgressOut { out, last: f64::NEG_INFINITY, sent: None };
    let mut held = None;
    let (id, name, loaded) = match source {
        DataSource::Builtin { id, base_url } => {
            let Some(info) = kiln_data::builtin::find(&id) else {
                let message = Msg::new("error-worker-no-builtin").arg("id", id.as_str());
                return Event::DataFailed { id: DataId::Builtin(id), message };
            };
            shared.held.borrow_mut().assets = Some(base_url.clone());
            let loaded = async {
                // The set's token lengths are counted with jieba too once its dictionary is in.
                if recommended_prep(&id).tokenizer == Tokenizer::Jieba {
                    ensure_dictionary(shared, out).await?;
                }
                let main = fetch_bytes(&base_url, info.asset).await?;
                let labels = match info.kind {
                    AssetKind::IdxImages { labels } => Some(fetch_bytes(&base_url, labels).await?),
                    _ => None,
                };
                Source::builtin(info.kind, &main, labels.as_deref()).map_err(|e| e.msg())
            }
            .await;
            (DataId::Builtin(id), info.name.to_string(), loaded)
        }
        DataSource::Files { name, files: infos, attachment, from_folder, max_bytes, options } => {
            let id = DataId::Upload(name.clone());
            let Some(files) = codec::take_attachment(attachment) else {
                return Event::DataFailed { id, message: Msg::new("error-worker-files-lost") };
            };
            let upload =
                HeldUpload { id: id.clone(), files: js_sys::Array::from(&files), infos, from_folder, max_bytes };
            let loaded = read_upload(&upload, &options, &mut progress).await;
            held = Some(upload);
            (id, name, loaded)
        }
        DataSource::Reconfigure(options) => {
            let current = shared.held.borrow().data.as_ref().map(|d| (d.id.clone(), d.source.clone()));
            let Some((id, source)) = current.filter(|(id, _)| id.is_upload()) else {
                return Event::DataFailed {
                    id: DataId::Upload(String::new()),
                    message: Msg::new("error-worker-no-upload"),
                };
            };
            let name = id.name().to_string();
            let loaded = match source.reconfigure(&options) {
                Some(src) => Ok(src),
                None => {
                    let upload = shared.held.borrow_mut().upload.take();
                    match upload.filter(|u| u.id == id) {
                        Some(u) => {
                            let loaded = read_upload(&u, &options, &mut progress).await;
                            held = Some(u);
                            loaded
                        }
                        None => Err(Msg::new("error-worker-files-gone")),
                    }
                }
            };
            (id, name, loaded)
        }
    };
    if loaded.is_ok() {
        progress.send(LoadStage::Checking, 0, 0);
    }
    let summary = loaded.and_then(|src| src.summary().map(|s| (src, s)).map_err(|e| e.msg()));
    match summary {
        Ok((src, mut summary)) => {
            if let Some(h) = &held {
                sample_notice(h, &mut summary);
            }
            let mut holds = shared.held.borrow_mut();
            holds.data = Some(HeldData { id: id.clone(), source: Rc::new(src) });
            if let Some(h) = held {
                holds.upload = Some(h);
            }
            Event::DataLoaded { id, name, summary: Box::new(summary) }
        }
        Err(message) => {
            // A failed re-read keeps the files for the next try.
            let mut holds = shared.held.borrow_mut();
            if let Some(h) = held.filter(|h| holds.upload.is_none() && h.id == id) {
                holds.upload = Some(h);
            }
            Event::DataFailed { id, message }
        }
    }
}

/// Says when only the start of a file was read.
fn sample_notice(held: &HeldUpload, summary: &mut SourceSummary) {
    let Some(limit) = held.max_bytes else { return };
    if let Some(f) = held.infos.iter().find(|f| f.size > limit) {
        summary.notices.insert(
            0,
            Msg::new("data-notice-sample").arg("read", limit >> 20).arg("size", f.size >> 20).arg("rows", summary.rows),
        );
    }
}
