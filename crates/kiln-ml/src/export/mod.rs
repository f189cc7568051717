//! Carrying a trained network to the wider ecosystem: an ONNX model, and Python scripts that
//! rebuild it in Keras or PyTorch with its weights (safetensors). Everything comes back as
//! bytes or strings; writing files is the caller's job (kiln-ml never touches files).
//!
//! Each exporter takes the trained [`Network`], the [`ModelSpec`] it was built from and the class
//! names (one per output unit; two — negative, positive — for a one-unit sigmoid head; none for
//! regression, or none to get `class_0…`). The weights are read back asynchronously once
//! (`into_data_async`), so export works on every engine, WebGPU included; natively, drive the
//! future with any executor (`pollster::block_on`).
//!
//! | format | function | what comes back |
//! |---|---|---|
//! | ONNX (opset 17) | [`onnx`] | the `.onnx` bytes; the graph outputs probabilities as [`Network::predict`] |
//! | Keras 3 | [`keras`] | a script (`build_model`, `load_weights`, `tf.distribute` strategy) + safetensors in Keras layouts |
//! | PyTorch | [`pytorch`] | a script (`nn.Module`, `torchrun` + DistributedDataParallel) + safetensors state dict |
//!
//! Every layer kind except MultiHeadSelfAttention is exported; that one is refused with
//! [`ExportError::Unsupported`] naming the layer. Layouts: burn's Dense kernel is `[in, units]`
//! like Keras' (PyTorch's `nn.Linear` wants `[units, in]`); burn's convolution kernels are
//! `[filters, c_in, k…]` like PyTorch's and ONNX's (Keras wants `[k…, c_in, filters]`).

mod keras;
mod onnx;
mod onnx_proto;
mod plan;
mod python;
mod pytorch;

use kiln_core::ModelSpec;

pub use onnx::{IR_VERSION, OPSET};

use crate::Network;

/// Why a network could not be exported. Messages are meant for the page and the CLI.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    /// A layer has no equivalent in the target format.
    #[error("layer {index} ({kind}) cannot be exported to {format}: {reason}")]
    Unsupported {
        /// 0-based index of the layer in the spec.
        index: usize,
        /// Keras class name of the layer.
        kind: &'static str,
        /// `ONNX`, `Keras` or `PyTorch`.
        format: &'static str,
        /// Why, and what to do instead.
        reason: String,
    },
    /// The spec does not validate ([`ModelSpec::summary`]'s message).
    #[error("{0}")]
    Invalid(String),
    /// The network's parameters do not have the shapes the spec implies.
    #[error("the network does not match its spec: {0}")]
    Mismatch(String),
    /// The class names do not fit the output.
    #[error("class names: {0}")]
    Classes(String),
    /// Reading a weight back from the device failed.
    #[error("reading the weights from the training device failed: {0}")]
    Device(String),
}

/// A Python script and the weights it loads.
#[derive(Debug, Clone, PartialEq)]
pub struct PythonExport {
    /// The script (UTF-8 Python 3 source). By default it loads the weights from a file next to
    /// itself with the same stem: save them as `model_keras.py` + `model_keras.safetensors`.
    pub script: String,
    /// The weights, a safetensors file (float32, little-endian) whose `__metadata__` holds the
    /// spec (`kiln.spec`) and class names (`kiln.class_names`, JSON).
    pub weights: Vec<u8>,
    /// The file name the script is meant to be saved under (`model_keras.py`, `model_pytorch.py`).
    pub script_name: &'static str,
    /// The weights' file name next to it (`model_keras.safetensors`, …).
    pub weights_name: &'static str,
}

/// The network as an ONNX model (opset [`OPSET`], IR version [`IR_VERSION`]).
///
/// Input `input_ids` (int64 `[batch, seq_len]`), `features` (float `[batch, width]`) or `images`
/// (float `[batch, height, width, channels]`); output `probabilities` `[batch, classes]`
/// (`[batch, 1]` for a sigmoid head) or `output` `[batch, 1]` for regression — the values
/// [`Network::predict`] gives. See the `onnx` module doc for each layer's operators.
///
/// # Errors
/// [`ExportError::Unsupported`] for MultiHeadSelfAttention; [`ExportError::Invalid`],
/// [`ExportError::Mismatch`], [`ExportError::Classes`], [`ExportError::Device`] as their docs say.
pub async fn onnx(net: &Network, spec: &ModelSpec, class_names: &[String]) -> Result<Vec<u8>, ExportError> {
    let plan = plan::read(net, spec, class_names).await?;
    onnx::write(&plan)
}

/// "Export as Keras code": a Keras 3 script that rebuilds the network with Keras' standard
/// layers (`Embedding(mask_zero=True)` + `GlobalAveragePooling1D` for Kiln's masked mean; two
/// small subclasses where Keras' own layers drop the padding mask) and loads the weights; its
/// `main` builds the model under a `tf.distribute` strategy and can predict or continue training.
///
/// # Errors
/// As [`onnx`].
pub async fn keras(net: &Network, spec: &ModelSpec, class_names: &[String]) -> Result<PythonExport, ExportError> {
    let plan = plan::read(net, spec, class_names).await?;
    keras::write(&plan)
}

/// "Export as PyTorch code": a PyTorch script with an `nn.Module` built from `torch.nn`'s standard
/// layers (`forward` returns logits as [`Network::forward`], `predict` applies the head) and a
/// safetensors state dict in PyTorch layouts (`nn.Linear` weights `[out, in]`); its `main` runs
/// unchanged under `torchrun` with DistributedDataParallel.
///
/// # Errors
/// As [`onnx`].
pub async fn pytorch(net: &Network, spec: &ModelSpec, class_names: &[String]) -> Result<PythonExport, ExportError> {
    let plan = plan::read(net, spec, class_names).await?;
    pytorch::write(&plan)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
