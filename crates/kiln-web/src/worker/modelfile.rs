//! Model files in the worker, beside the job slot: `Export` writes the model of a run as a
//! `.kiln` file ([`kiln_ml::modelfile`]) or hands it to ONNX / Keras / PyTorch
//! ([`kiln_ml::export`]), and `OpenModel` reads a `.kiln` file the page attached (a picked or
//! dropped `File`, or the bytes the page kept in IndexedDB) and makes it the model "Try it" uses
//! and Train continues from. The bytes travel as attachments ([`crate::codec`]), never inside the
//! JSON. A file that cannot be opened leaves the held model as it was.
//!
//! What a run leaves for this module is [`Saved`]: the description a `.kiln` file needs (spec,
//! settings, split, preprocessing, data set, test metrics) and the encoder that scores raw text
//! with the model's own vocabulary.

use std::cell::Cell;
use std::rc::Rc;

use kiln_core::{ModelSpec, TextPrepConfig, Tokenizer};
use kiln_data::preprocess::TOKENIZER_JIEBA;
use kiln_data::{Encoder, InputPrep, Inputs, Preprocess};
use kiln_i18n::Localize;
use kiln_ml::eval::Evaluator;
use kiln_ml::modelfile::{self, MAX_MODEL_BYTES, ModelMeta};
use kiln_ml::weights::{read_tensors, replace_from_host};
use kiln_ml::{Device, Model, Network, export};
use kiln_protocol::{Command, Event, ExportedFile, ModelFormat, ModelInfo, Msg, RunId};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::Shared;
use super::host::Out;
use super::model::Trained;
use crate::codec;

/// What a finished (or opened) run leaves for saving and for "Try it" on raw text.
pub(crate) struct Saved {
    /// The run whose model this describes (the held [`Trained`] of the same run).
    pub run: RunId,
    /// The description written into the `.kiln` file.
    pub meta: ModelMeta,
    /// Raw input → model input with the model's own preprocessing.
    pub encoder: Rc<Encoder>,
    /// The model came from a file: a Train naming this run continues from its weights.
    pub from_file: bool,
}

impl Saved {
    /// The description of run `run`'s model; `None` when the preprocessing is unusable (then the
    /// model can still be tried, but not saved).
    pub fn new(run: RunId, meta: ModelMeta) -> Option<Self> {
        let encoder = Rc::new(Encoder::new(meta.preprocess.clone()).ok()?);
        Some(Saved { run, meta, encoder, from_file: false })
    }
}

thread_local! {
    /// The last attachment number given to an exported file.
    static LAST_ATTACHMENT: Cell<u32> = const { Cell::new(0) };
}

/// Runs `Export` or `OpenModel`, answering as `out`'s run.
pub(crate) async fn run(shared: &Shared, out: &Out, command: Command) {
    let event = match command {
        Command::Export { model, format } => match export_files(shared, model, format).await {
            Ok(files) => {
                let files = files
                    .into_iter()
                    .map(|(name, mime, bytes)| {
                        let attachment = LAST_ATTACHMENT.with(|n| {
                            n.set(n.get() + 1);
                            n.get()
                        });
                        codec::attach(attachment, js_sys::Uint8Array::from(bytes.as_slice()).into());
                        ExportedFile { name, mime: mime.into(), attachment, size: bytes.len() as u64 }
                    })
                    .collect();
                Event::Exported { format, files }
            }
            Err(e) => Event::Error(e),
        },
        Command::OpenModel { name, attachment } => match open(shared, out.run, &name, attachment).await {
            Ok(info) => Event::ModelOpened(Box::new(info)),
            Err(message) => Event::ModelFailed { name, message },
        },
        _ => return,
    };
    out.send(event);
}

/// The text of `text` as model input for run `run`'s model, through its saved encoder; `None`
/// when the worker has no encoder for that run.
pub(crate) fn encode_text(shared: &Shared, run: RunId, text: &str) -> Option<Result<Vec<u32>, Msg>> {
    let held = shared.held.borrow();
    let saved = held.saved.as_ref().filter(|s| s.run == run)?;
    if !matches!(saved.meta.preprocess.input, InputPrep::Text { .. }) {
        return None;
    }
    Some(match saved.encoder.texts(&[text]) {
        Ok(Inputs::Tokens { ids, .. }) => Ok(ids),
        Ok(_) => Err(Msg::new("error-worker-not-text-model")),
        Err(e) => Err(e.msg()),
    })
}

/// The opened model of run `run` to continue training from: its encoder and its network.
pub(crate) fn continue_from(shared: &Shared, run: RunId) -> Result<(Rc<Encoder>, Network), Msg> {
    let held = shared.held.borrow();
    match (held.saved.as_ref(), held.trained.as_ref()) {
        (Some(s), Some(t)) if s.run == run && t.run == run && s.from_file => {
            Ok((s.encoder.clone(), copy(t.evaluator.network())))
        }
        _ => Err(Msg::new("error-worker-opened-gone")),
    }
}

/// Another handle on `net`'s weights (burn tensors are reference-counted: nothing is copied).
fn copy(net: &Network) -> Network {
    net.with_params(net.params.clone())
}

/// A copy of `net` on the CPU device, read back asynchronously (a synchronous read panics on
/// WebGPU, and burn-store reads synchronously).
async fn on_cpu(net: &Network, spec: &ModelSpec) -> Result<Network, Msg> {
    let copy = Network::new(spec, &Device::flex()).map_err(verbatim)?;
    let values: Vec<Vec<f32>> =
        read_tensors(&net.params).await.map_err(verbatim)?.into_iter().map(|t| t.values).collect();
    let params = replace_from_host(copy.params.clone(), &values).map_err(verbatim)?;
    Ok(copy.with_params(params))
}

/// The files of run `model`'s model in `format`: `(name, MIME type, bytes)`.
async fn export_files(
    shared: &Shared,
    model: RunId,
    format: ModelFormat,
) -> Result<Vec<(String, &'static str, Vec<u8>)>, Msg> {
    let (net, meta) = {
        let held = shared.held.borrow();
        match (held.trained.as_ref(), held.saved.as_ref()) {
            (Some(t), Some(s)) if t.run == model && s.run == model => (copy(t.evaluator.network()), s.meta.clone()),
            (Some(t), _) if t.run == model => {
                return Err(Msg::new("error-worker-unsaveable"));
            }
            _ => return Err(Msg::new("error-worker-model-gone")),
        }
    };
    let net = on_cpu(&net, &meta.spec).await?;
    let classes = &meta.preprocess.class_names;
    let spec = &meta.spec;
    let python = |e: export::PythonExport| {
        vec![
            (e.script_name.to_string(), "text/x-python", e.script.into_bytes()),
            (e.weights_name.to_string(), "application/octet-stream", e.weights),
        ]
    };
    Ok(match format {
        ModelFormat::Kiln => {
            vec![(
                "kiln-model.kiln".into(),
                "application/octet-stream",
                modelfile::save(&net, &meta).map_err(|e| e.msg())?,
            )]
        }
        ModelFormat::Onnx => vec![(
            "kiln-model.onnx".into(),
            "application/octet-stream",
            export::onnx(&net, spec, classes).await.map_err(verbatim)?,
        )],
        ModelFormat::Keras => python(export::keras(&net, spec, classes).await.map_err(verbatim)?),
        ModelFormat::Pytorch => python(export::pytorch(&net, spec, classes).await.map_err(verbatim)?),
    })
}

/// A library's error, shown as it is (kiln-ml's errors are English in every language).
fn verbatim(e: impl std::fmt::Display) -> Msg {
    Msg::verbatim(e.to_string())
}

/// The message of a JS error value.
fn js_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| format!("{e:?}"))
}

/// The bytes of the attached `Blob` / `File` or `Uint8Array` named `name` (a `.kiln` file, or
/// an image file for "Try it"); a file over `max_bytes` is refused with `too_big(size in MB)`
/// before it is read.
///
/// # Errors
/// The attachment is gone or is not a file, it is too big, or reading it failed.
pub(super) async fn attached_bytes(
    name: &str,
    attachment: u32,
    max_bytes: f64,
    too_big: impl FnOnce(String) -> Msg,
) -> Result<Vec<u8>, Msg> {
    let Some(value) = codec::take_attachment(attachment) else {
        return Err(Msg::new("error-worker-attachment-lost").arg("name", name));
    };
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    let blob: web_sys::Blob = value.dyn_into().map_err(|_| Msg::new("error-worker-not-a-file").arg("name", name))?;
    if blob.size() > max_bytes {
        return Err(too_big((blob.size() / 1_048_576.0).round().to_string()));
    }
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| Msg::new("error-worker-model-read").arg("detail", js_message(&e)))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Opens the attached `.kiln` file as run `run`'s model; on success it replaces the held one.
async fn open(shared: &Shared, run: RunId, name: &str, attachment: u32) -> Result<ModelInfo, Msg> {
    let bytes = attached_bytes(name, attachment, MAX_MODEL_BYTES as f64, |mb| {
        Msg::new("error-worker-model-too-big").arg("mb", mb).arg("max", (MAX_MODEL_BYTES >> 20).to_string())
    })
    .await?;
    let device = Device::flex();
    let model = Model::from_bytes(&bytes, &device).map_err(|e| e.msg())?;
    let meta = model.meta().clone();
    let info = info(name, &meta, bytes.len() as u64);
    let evaluator = Rc::new(Evaluator::new(model.network(), &device));
    let saved = Saved { run, meta: meta.clone(), encoder: Rc::new(model.encoder().clone()), from_file: true };
    let mut held = shared.held.borrow_mut();
    held.trained = Some(Trained {
        run,
        evaluator,
        text: None,
        spec: meta.spec.clone(),
        class_names: meta.preprocess.class_names.clone(),
    });
    held.saved = Some(saved);
    held.diverged = None;
    Ok(info)
}

/// What the page needs to know about an opened file.
pub(crate) fn info(name: &str, meta: &ModelMeta, bytes: u64) -> ModelInfo {
    let Preprocess { input, class_names, .. } = &meta.preprocess;
    let prep = match input {
        InputPrep::Text { tokenizer, seq_len, vocab_size, .. } => Some(TextPrepConfig {
            vocab_size: *vocab_size,
            seq_len: *seq_len,
            tokenizer: if tokenizer == TOKENIZER_JIEBA { Tokenizer::Jieba } else { Tokenizer::Keras },
        }),
        _ => None,
    };
    ModelInfo {
        name: name.into(),
        spec: meta.spec.clone(),
        config: meta.train.clone(),
        split: meta.split,
        prep,
        dataset: meta.dataset.clone(),
        metrics: meta.metrics,
        class_names: class_names.clone(),
        kind: meta.preprocess.kind().into(),
        bytes,
    }
}
