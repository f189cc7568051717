//! `kiln export model.kiln --format onnx|keras|pytorch --out DIR`: the trained network of a
//! `.kiln` file handed to the wider ecosystem with kiln-ml's exporters ([`kiln_ml::export`]) —
//! the same bytes the page's Deploy step downloads — written into a folder.

use std::path::{Path, PathBuf};

use kiln_ml::export;

use crate::run::open_model;

/// A format `kiln export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// `<stem>.onnx` (opset [`export::OPSET`]).
    Onnx,
    /// `model_keras.py` + `model_keras.safetensors`.
    Keras,
    /// `model_pytorch.py` + `model_pytorch.safetensors`.
    Pytorch,
}

impl ExportFormat {
    /// Parses `onnx`, `keras` or `pytorch` (any case; `torch` for PyTorch).
    ///
    /// # Errors
    /// A message naming the formats.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "onnx" => Ok(ExportFormat::Onnx),
            "keras" => Ok(ExportFormat::Keras),
            "pytorch" | "torch" => Ok(ExportFormat::Pytorch),
            _ => Err(format!("unknown export format {s:?}: use onnx, keras or pytorch")),
        }
    }
}

/// Writes `model`'s network in `format` into the folder `out` (made if missing); returns the
/// files written, each reported through `say` with its size.
///
/// # Errors
/// A message: an unreadable or damaged model file, a layer the format cannot express (named by
/// its index and kind), or a file that cannot be written.
pub fn export(
    model: &Path,
    format: ExportFormat,
    out: &Path,
    say: &mut dyn FnMut(&str),
) -> Result<Vec<PathBuf>, String> {
    let m = open_model(model)?;
    let (net, spec, classes) = (m.network(), &m.meta().spec, &m.meta().preprocess.class_names);
    let files: Vec<(String, Vec<u8>)> = match format {
        ExportFormat::Onnx => {
            let stem = model.file_stem().and_then(|s| s.to_str()).unwrap_or("model");
            let bytes = pollster::block_on(export::onnx(net, spec, classes)).map_err(|e| e.to_string())?;
            vec![(format!("{stem}.onnx"), bytes)]
        }
        ExportFormat::Keras | ExportFormat::Pytorch => {
            let e = if format == ExportFormat::Keras {
                pollster::block_on(export::keras(net, spec, classes))
            } else {
                pollster::block_on(export::pytorch(net, spec, classes))
            }
            .map_err(|e| e.to_string())?;
            vec![(e.script_name.to_string(), e.script.into_bytes()), (e.weights_name.to_string(), e.weights)]
        }
    };
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = out.join(name);
        std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        say(&format!("wrote {} ({} KB)", path.display(), bytes.len().div_ceil(1024)));
        written.push(path);
    }
    Ok(written)
}
