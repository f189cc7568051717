//! The model as a file, and what it costs: the downloadable spec file (the model and the
//! training settings), reading an uploaded one (validated before anything changes), and the
//! training-memory estimate shown under the layer list.

use kiln_core::{ModelSpec, ModelSummary, TrainConfig};
use serde::{Deserialize, Serialize};

/// Largest spec file accepted for upload (1 MB; a real spec is a few hundred bytes).
pub const MAX_SPEC_FILE_BYTES: f64 = 1_048_576.0;

/// Estimated memory to train the model, in bytes (f32 everywhere):
///
/// - weights, their gradients and Adam's two moment estimates: `4 × params × 4` bytes;
/// - activations kept for the backward pass and their gradients:
///   `batch × Σ (values in each layer's output) × 4 × 2` bytes.
///
/// A rough guide (the engine adds workspace and the input batch), good for comparing models.
pub fn training_memory_bytes(summary: &ModelSummary, batch_size: usize) -> f64 {
    let params = (summary.total_params + summary.non_trainable_params) as f64;
    let values: f64 = summary.layers.iter().map(|l| l.output.values() as f64).sum();
    4.0 * params * 4.0 + batch_size as f64 * values * 4.0 * 2.0
}

/// `bytes` as "≈ N MB" ([`kiln_core::format::megabytes`], 1 MB = 2^20 bytes), or the message
/// `model-memory-tiny` ("≈ 0.1 MB or less") under 0.1 MB.
pub fn format_mb(bytes: f64) -> crate::i18n::Msg {
    if bytes < 0.1 * kiln_core::format::MB {
        crate::i18n::Msg::new("model-memory-tiny")
    } else {
        crate::i18n::Msg::verbatim(format!("≈ {}", kiln_core::format::megabytes(bytes)))
    }
}

/// The downloadable spec file: the model and the training settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecFile {
    /// The model (its input is the data set's).
    pub model: ModelSpec,
    /// The training settings; optional when reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<TrainConfig>,
}

/// Reads an uploaded spec file: `{"model": …, "config": …}` (config optional) or a bare
/// `ModelSpec`; the model must pass [`ModelSpec::summary`] and the settings
/// [`TrainConfig::validate`].
///
/// # Errors
/// A message saying what is wrong (not JSON, not a spec, an invalid layer or setting).
pub fn parse_spec_file(text: &str) -> Result<SpecFile, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("the file is not JSON ({e}); choose a spec downloaded from Kiln"))?;
    let file = if value.get("model").is_some() {
        serde_json::from_value::<SpecFile>(value).map_err(|e| format!("the file is not a Kiln spec: {e}"))?
    } else {
        let model =
            serde_json::from_value::<ModelSpec>(value).map_err(|e| format!("the file is not a model spec: {e}"))?;
        SpecFile { model, config: None }
    };
    file.model.summary().map_err(|e| format!("the model in the file is not valid: {e}"))?;
    if let Some(c) = &file.config {
        c.validate().map_err(|e| format!("the training settings in the file are not valid: {e}"))?;
    }
    Ok(file)
}
