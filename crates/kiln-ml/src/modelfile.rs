//! The `.kiln` model file: one trained network with everything needed to use it again — the
//! [`ModelSpec`], the training settings and split, the preprocessing that turns new raw input
//! into model input ([`Preprocess`]: vocabulary and tokenizer, column statistics and levels,
//! image size; class names), the data set's name, the test metrics, and the weights.
//!
//! **Container: one safetensors file** (<https://github.com/huggingface/safetensors>), written
//! and read on bytes with burn-store's `SafetensorsStore` (so it works in the browser: no files,
//! no threads). The description is JSON in the safetensors header's `__metadata__` under the key
//! `kiln` ([`META_KEY`]); the tensors are the network's parameters, named by their burn module
//! paths (`linears.0.weight`, `conv2ds.0.bias`, `batch_norms.0.running_mean`, …), little-endian
//! `F32`, in burn's layouts (Dense weight `[in, units]` as Keras' kernel; Conv2D weight
//! `[filters, c_in, k_h, k_w]` as PyTorch; Embedding `[input_dim, output_dim]`). Why not a zip:
//! a safetensors file is one well-specified format that Python opens as it is
//! (`safetensors.safe_open("model.kiln", "np")`, `json.loads(f.metadata()["kiln"])`), so the
//! Keras / PyTorch exports and notebooks read the very file the page downloads; it has no
//! compression, so there is no zip bomb to defend against (f32 weights barely compress anyway);
//! and its header is bounded and checked before anything is allocated.
//!
//! **Versions.** [`ModelMeta::version`] is [`FORMAT_VERSION`] (1). A newer file is refused with
//! the version it needs; version 0 is the spec-only JSON the page's Deploy step downloaded
//! before model files existed: it has no weights, and loading it says so (train it with
//! `kiln train --spec FILE`). Fields added later must have serde defaults so version-1 readers
//! of later minor changes keep working; a change old readers cannot ignore bumps the version.
//!
//! **Compressed weights (reserved).** [`WeightsInfo::encoding`] is `"f32"`. The int8 form
//! (engineer lab-core's quantisation) will be `"int8"`: each quantised parameter stored as an
//! `I8` tensor under its path plus an `F32` tensor `<path>.scale` (one scale per output
//! channel, symmetric, `w ≈ q · scale`), other parameters (biases, normalisation) staying
//! `F32`, and [`WeightsInfo::scheme`] naming the block shape. Readers that only know `"f32"`
//! refuse such a file with a message, never misread it.
//!
//! **Hostile files** are refused with a message before anything large is allocated: more than
//! [`MAX_MODEL_BYTES`], a header over [`MAX_HEADER_BYTES`], a cut-short file (the safetensors
//! offsets must cover the file exactly), not a Kiln file, another version, a spec that does not
//! validate or does not fit the preprocessing and classes, non-F32 or non-finite weights, a
//! value count that differs from the spec's parameter count (so a small file cannot ask for a
//! huge network), and tensors whose names or shapes do not fit the network.

use std::collections::HashMap;

use burn::module::Module;
use burn::store::{ModuleSnapshot, SafetensorsStore};
use burn::tensor::Device;
use kiln_core::{ModelSpec, SplitConfig, TrainConfig};
use kiln_data::{Encoder, Preprocess};
use kiln_i18n::{Localize, Msg};
use kiln_protocol::TestMetrics;
use safetensors::{Dtype, SafeTensors};
use serde::{Deserialize, Serialize};

use crate::model::Network;

/// The model-file format version this Kiln writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The `format` value of every Kiln model file.
pub const FORMAT: &str = "kiln-model";
/// The safetensors metadata key holding the JSON description.
pub const META_KEY: &str = "kiln";
/// Largest model file read (1 GiB).
pub const MAX_MODEL_BYTES: usize = 1 << 30;
/// Largest safetensors header read (64 MiB: a million-word vocabulary is about 12 MB).
pub const MAX_HEADER_BYTES: u64 = 64 << 20;

/// How the weights are stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightsInfo {
    /// `"f32"` (every parameter an F32 tensor); `"int8"` is reserved (see the module docs).
    pub encoding: String,
    /// For `"int8"`: the quantisation scheme (e.g. `"per-channel-symmetric"`); `None` for f32.
    #[serde(default)]
    pub scheme: Option<String>,
    /// Number of stored parameter values (trainable + BatchNorm running statistics).
    pub values: usize,
}

/// The description of a saved model (the JSON in the file's header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this Kiln.
    pub version: u32,
    /// The Kiln (crate) version that wrote the file.
    pub kiln_version: String,
    /// The network.
    pub spec: ModelSpec,
    /// How it was trained (epochs, batch size, optimizer, seed…).
    pub train: TrainConfig,
    /// The split fractions (with `train.seed`, they give the same test rows again).
    pub split: SplitConfig,
    /// Raw input → model input, and class names.
    pub preprocess: Preprocess,
    /// The data set it was trained on: a built-in id or the uploaded file's name.
    pub dataset: String,
    /// Test-split metrics of the saved weights.
    pub metrics: TestMetrics,
    /// The full evaluation report (confusion matrix, per-class figures), when one was made.
    #[serde(default)]
    pub report: Option<serde_json::Value>,
    /// How the weights are stored (filled in by [`save`]).
    pub weights: WeightsInfo,
}

impl ModelMeta {
    /// A description for a model trained now; `weights` is filled in by [`save`].
    pub fn new(
        spec: ModelSpec,
        train: TrainConfig,
        split: SplitConfig,
        preprocess: Preprocess,
        dataset: &str,
        metrics: TestMetrics,
    ) -> Self {
        ModelMeta {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            kiln_version: env!("CARGO_PKG_VERSION").into(),
            spec,
            train,
            split,
            preprocess,
            dataset: dataset.into(),
            metrics,
            report: None,
            weights: WeightsInfo { encoding: "f32".into(), scheme: None, values: 0 },
        }
    }
}

/// Why a model file cannot be written or read. The current model is never touched by a failed
/// load: [`load`] returns a new network or this error.
///
/// Its words are in `kiln-i18n`'s `errors.ftl` (`error-model-*`): [`Localize::msg`] gives the
/// typed message the worker sends (so the page words it in its language), `Display` the English
/// (the CLI). Each variant holds the reason as a message; details from other libraries (serde,
/// safetensors, burn-store, the spec check) are carried as they are, in English.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelFileError {
    /// Not a Kiln model file at all (`error-model-not-kiln`, with the reason).
    NotKiln(Msg),
    /// A Kiln file of a version this Kiln does not read, or weights stored in an unknown way (the
    /// whole message).
    Version(Msg),
    /// Cut short, too large or malformed (`error-model-damaged`, with the reason).
    Damaged(Msg),
    /// Well-formed, but its parts do not fit together (spec, preprocessing, classes, weights)
    /// (`error-model-inconsistent`, with the reason).
    Inconsistent(Msg),
    /// Writing failed (`error-model-save`, with the library's detail).
    Save(String),
}

impl Localize for ModelFileError {
    fn msg(&self) -> Msg {
        match self {
            ModelFileError::NotKiln(why) => Msg::new("error-model-not-kiln").arg("reason", why.clone()),
            ModelFileError::Version(m) => m.clone(),
            ModelFileError::Damaged(why) => Msg::new("error-model-damaged").arg("reason", why.clone()),
            ModelFileError::Inconsistent(why) => Msg::new("error-model-inconsistent").arg("reason", why.clone()),
            ModelFileError::Save(detail) => Msg::new("error-model-save").arg("detail", detail),
        }
    }
}

kiln_i18n::english_error!(ModelFileError);

/// A reason whose words are another library's (serde, safetensors, burn, the spec check): `id`
/// with the library's English as `detail`.
fn detail(id: &'static str, e: impl std::fmt::Display) -> Msg {
    Msg::new(id).arg("detail", e.to_string())
}

/// Writes `net` and `meta` as a `.kiln` file (bytes), filling in `meta.weights`.
///
/// # Errors
/// [`ModelFileError::Save`] when the weights cannot be collected (a quantised network: burn-store
/// refuses quantised tensors) or serialised.
pub fn save(net: &Network, meta: &ModelMeta) -> Result<Vec<u8>, ModelFileError> {
    let mut meta = meta.clone();
    meta.format = FORMAT.into();
    meta.version = FORMAT_VERSION;
    meta.weights = WeightsInfo { encoding: "f32".into(), scheme: None, values: net.params.num_params() };
    let json = serde_json::to_string(&meta).map_err(|e| ModelFileError::Save(e.to_string()))?;
    let mut store = SafetensorsStore::from_bytes(None).metadata(META_KEY, json);
    net.params.save_into(&mut store).map_err(|e| ModelFileError::Save(e.to_string()))?;
    store.get_bytes().map_err(|e| ModelFileError::Save(e.to_string()))
}

/// Reads only the description (no network is built): what the page shows about a file before
/// opening it, and the first half of [`load`]'s checks.
///
/// # Errors
/// As [`load`], except the checks of the weights against the network.
pub fn read_meta(bytes: &[u8]) -> Result<ModelMeta, ModelFileError> {
    let (meta, _) = parse(bytes)?;
    Ok(meta)
}

/// Reads a `.kiln` file: its description and its network on `device` (a plain device; wrap it
/// for training with [`crate::Trainer::with_weights`]).
///
/// # Errors
/// [`ModelFileError`] saying exactly what is wrong: too large, cut short, not a Kiln file (a
/// spec-only JSON, a zip, another safetensors file), a version this Kiln does not read, an
/// invalid spec, preprocessing or class list, weights that are not finite F32 values, whose
/// count differs from the spec's parameters, or whose names or shapes do not fit the network.
pub fn load(bytes: &[u8], device: &Device) -> Result<(Network, ModelMeta), ModelFileError> {
    let (meta, values) = parse(bytes)?;
    let wrong = ModelFileError::Inconsistent;
    let mut net = Network::new(&meta.spec, device).map_err(|e| wrong(Msg::verbatim(e.to_string())))?;
    if net.params.num_params() != values {
        return Err(wrong(
            Msg::new("error-model-network-values")
                .arg("values", values.to_string())
                .arg("params", net.params.num_params().to_string()),
        ));
    }
    let mut store = SafetensorsStore::from_bytes(Some(bytes.to_vec())).validate(true).allow_partial(false);
    let applied = net.params.load_from(&mut store).map_err(|e| wrong(detail("error-model-weights-misfit", e)))?;
    if !applied.unused.is_empty() {
        return Err(wrong(Msg::new("error-model-unused-weights").arg("names", applied.unused.join(", "))));
    }
    if !applied.errors.is_empty() || !applied.missing.is_empty() {
        return Err(wrong(detail("error-model-weights-misfit", applied)));
    }
    Ok((net, meta))
}

/// Header checks and the description; returns it with the number of stored values.
fn parse(bytes: &[u8]) -> Result<(ModelMeta, usize), ModelFileError> {
    use ModelFileError::{Damaged, Inconsistent, NotKiln, Version};
    if bytes.len() > MAX_MODEL_BYTES {
        return Err(Damaged(
            Msg::new("error-model-too-big")
                .arg("mb", (bytes.len() >> 20).to_string())
                .arg("max", (MAX_MODEL_BYTES >> 20).to_string()),
        ));
    }
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).map(|i| bytes[i]);
    if start == Some(b'{') {
        // The page's spec download is `{"model": spec, "config": …}` or a bare spec.
        let spec = serde_json::from_slice::<serde_json::Value>(bytes).ok().is_some_and(|v| {
            let model = v.get("model").cloned().unwrap_or(v);
            serde_json::from_value::<ModelSpec>(model).is_ok()
        });
        return Err(if spec {
            Version(Msg::new("error-model-spec-only"))
        } else {
            NotKiln(Msg::new("error-model-json"))
        });
    }
    if bytes.starts_with(b"PK") {
        return Err(NotKiln(Msg::new("error-model-zip")));
    }
    let Some(head) = bytes.get(..8) else {
        return Err(Damaged(Msg::new("error-model-too-short").arg("bytes", bytes.len().to_string())));
    };
    let n = u64::from_le_bytes(head.try_into().map_err(|_| Damaged(Msg::new("error-model-header-length")))?);
    if n > MAX_HEADER_BYTES {
        return Err(Damaged(
            Msg::new("error-model-header-huge")
                .arg("claimed", n.to_string())
                .arg("max", (MAX_HEADER_BYTES >> 20).to_string()),
        ));
    }
    if n.saturating_add(8) > bytes.len() as u64 {
        return Err(Damaged(
            Msg::new("error-model-cut-short")
                .arg("claimed", n.to_string())
                .arg("follow", (bytes.len() - 8).to_string()),
        ));
    }
    let (header_len, header) = SafeTensors::read_metadata(bytes).map_err(|e| match e {
        safetensors::SafeTensorError::MetadataIncompleteBuffer => Damaged(Msg::new("error-model-sizes")),
        other => Damaged(detail("error-model-not-safetensors", other)),
    })?;
    let data = &bytes[8 + header_len..];
    let empty = HashMap::new();
    let fields = header.metadata().as_ref().unwrap_or(&empty);
    let Some(json) = fields.get(META_KEY) else {
        return Err(NotKiln(Msg::new("error-model-no-description")));
    };
    let probe: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Damaged(detail("error-model-description", e)))?;
    if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(NotKiln(Msg::new("error-model-format").arg("format", FORMAT)));
    }
    let version = probe.get("version").and_then(serde_json::Value::as_u64).unwrap_or(0);
    if version != u64::from(FORMAT_VERSION) {
        let made = probe.get("kiln_version").and_then(|v| v.as_str()).unwrap_or("?");
        let why = Msg::new(if version > u64::from(FORMAT_VERSION) {
            "error-model-version-newer"
        } else {
            "error-model-version-older"
        });
        return Err(Version(
            Msg::new("error-model-version")
                .arg("version", version.to_string())
                .arg("made", made)
                .arg("reads", FORMAT_VERSION.to_string())
                .arg("why", why),
        ));
    }
    let meta: ModelMeta = serde_json::from_str(json).map_err(|e| Damaged(detail("error-model-description", e)))?;
    if meta.weights.encoding != "f32" {
        return Err(Version(Msg::new("error-model-encoding").arg("encoding", meta.weights.encoding.clone())));
    }
    check_parts(&meta)?;
    let mut values = 0usize;
    for (name, info) in header.tensors() {
        if info.dtype != Dtype::F32 {
            return Err(Inconsistent(
                Msg::new("error-model-dtype").arg("name", name.clone()).arg("dtype", format!("{:?}", info.dtype)),
            ));
        }
        // read_metadata checked that every tensor's offsets lie inside the data.
        let raw = data.get(info.data_offsets.0..info.data_offsets.1).unwrap_or_default();
        if !raw.chunks_exact(4).all(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]).is_finite()) {
            return Err(Inconsistent(Msg::new("error-model-not-finite").arg("name", name.clone())));
        }
        values += info.shape.iter().product::<usize>();
    }
    let summary = meta.spec.summary().map_err(|e| Inconsistent(Msg::verbatim(e.to_string())))?;
    let needed = summary.total_params + summary.non_trainable_params;
    if values != needed {
        return Err(Inconsistent(
            Msg::new("error-model-spec-values").arg("values", values.to_string()).arg("needed", needed.to_string()),
        ));
    }
    Ok((meta, values))
}

/// Checks that the spec, the preprocessing and the classes fit together.
fn check_parts(meta: &ModelMeta) -> Result<(), ModelFileError> {
    let wrong = ModelFileError::Inconsistent;
    meta.spec.summary_for(meta.preprocess.task).map_err(|e| wrong(detail("error-model-spec", e)))?;
    Encoder::new(meta.preprocess.clone())
        .map_err(|e| wrong(Msg::new("error-model-preprocessing").arg("detail", e.msg())))?;
    meta.preprocess.check_model_input(&meta.spec.input).map_err(|e| wrong(Msg::verbatim(e)))?;
    Ok(())
}
