//! Deploy messages: what the worker says about a `.kiln` model file it opened ([`ModelInfo`]),
//! which file formats a trained model can be written in ([`ModelFormat`]), and the files an
//! export produced ([`ExportedFile`]). File contents never travel inside the JSON: like picked
//! files, they cross the worker boundary as attachments (a `Uint8Array` or `File` beside the
//! message, named by number; see the web crate's codec).

use kiln_core::{ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};
use serde::{Deserialize, Serialize};

use crate::TestMetrics;

/// A file format a trained model can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ModelFormat {
    /// Kiln's own model file (safetensors with the description: spec, settings, preprocessing,
    /// metrics); opens again in the page and in `kiln predict` / `kiln serve`.
    Kiln,
    /// An ONNX model (opset 17): `input_ids` / `features` / `images` in, probabilities out.
    Onnx,
    /// A Keras 3 script and its weights (safetensors).
    Keras,
    /// A PyTorch script and its state dict (safetensors).
    Pytorch,
}

impl ModelFormat {
    /// Every format, in the order the Deploy step offers them.
    pub const ALL: [ModelFormat; 4] = [ModelFormat::Kiln, ModelFormat::Onnx, ModelFormat::Keras, ModelFormat::Pytorch];

    /// Name for the person, e.g. `ONNX`.
    pub fn label(self) -> &'static str {
        match self {
            ModelFormat::Kiln => "Kiln model",
            ModelFormat::Onnx => "ONNX",
            ModelFormat::Keras => "Keras",
            ModelFormat::Pytorch => "PyTorch",
        }
    }
}

/// One file an export produced; its bytes are the message's attachment number `attachment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile {
    /// File name to save it under, e.g. `kiln-model.kiln`, `model_keras.py`.
    pub name: String,
    /// MIME type, e.g. `application/octet-stream`, `text/x-python`.
    pub mime: String,
    /// The attachment holding the bytes (a `Uint8Array`).
    pub attachment: u32,
    /// Size in bytes.
    pub size: u64,
}

/// What a `.kiln` file holds, as the page needs it once the worker opened it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The file's name.
    pub name: String,
    /// The network (its input included).
    pub spec: ModelSpec,
    /// The settings it was trained with.
    pub config: TrainConfig,
    /// The split fractions it was trained with.
    pub split: SplitConfig,
    /// For a text model: the vocabulary size, sequence length and tokenizer it encodes with.
    pub prep: Option<TextPrepConfig>,
    /// The data set it was trained on: a built-in id, or `upload:<name>`.
    pub dataset: String,
    /// Its test metrics when it was saved.
    pub metrics: TestMetrics,
    /// Class names (empty for regression).
    pub class_names: Vec<String>,
    /// `text`, `table` or `images`.
    pub kind: String,
    /// Size of the file in bytes.
    pub bytes: u64,
}
