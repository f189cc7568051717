//! Kiln's training engine, on burn.
//!
//! It owns turning a [`kiln_core::ModelSpec`] into a burn module ([`model`]), moving prepared data
//! onto a device ([`data`]), the hand-written training loop ([`train`]: one batch at a time, so a
//! caller can stop between batches, with metrics kept on the device and read back
//! asynchronously), evaluation and prediction ([`eval`]), a fused Adam for the CPU engine
//! ([`optim`]), the test-set report ([`report`]), word
//! contributions ([`explain`], exact integrated gradients in [`path`]), the word map ([`wordmap`]),
//! the benchmark workloads ([`bench`]) and exports to ONNX, Keras and PyTorch ([`export`]); and
//! the lab: compressing a trained model ([`compress`], with the int8 / float16 / pruning
//! arithmetic in [`quant`]), federated training over simulated clients ([`federated`]) and
//! hyper-parameter search ([`search`]), built on named weights ([`weights`]) and a small local
//! training loop ([`local`]); and deployment: the `.kiln` model file ([`modelfile`]) and
//! named predictions from raw input ([`predict`]) and "Try it" for every data kind ([`try_it`]).
//!
//! It must never know about the browser (no web-sys, js-sys, yew, gloo), never spawn threads,
//! read the wall clock or touch files: time comes from the caller through [`train::Host`], so the
//! same loop runs in a Web Worker, in the native CLI and in tests.

pub mod bench;
pub mod compress;
pub mod data;
pub mod eval;
pub mod explain;
pub mod export;
pub mod federated;
pub mod local;
pub mod loss;
pub mod model;
pub mod modelfile;
pub mod optim;
pub mod path;
pub mod pool;
pub mod predict;
pub mod quant;
pub mod report;
pub mod search;
pub mod teach;
pub mod train;
pub mod try_it;
pub mod weights;
pub mod wordmap;

pub use burn::tensor::{Device, DeviceKind};
pub use model::{Head, Input, Network, Params};
pub use modelfile::{ModelFileError, ModelMeta};
pub use predict::{Model, Prediction};
pub use train::{Control, Host, Trainer};

/// Errors from the training engine, with messages meant for the page.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MlError {
    /// The spec or config is invalid.
    #[error("{0}")]
    Invalid(String),
    /// The data could not be prepared.
    #[error("data: {0}")]
    Data(String),
    /// Reading a result back from the device failed (e.g. the GPU device was lost).
    #[error("the training device failed: {0}; reload the page or switch to the CPU engine")]
    Device(String),
    /// Loss became NaN or infinite.
    #[error(
        "loss became {value} at epoch {epoch} batch {batch}: the learning rate {learning_rate} is too high for {optimizer}; try {suggestion}"
    )]
    NonFinite {
        /// The bad value, as text (`NaN`, `inf`).
        value: String,
        /// 1-based epoch.
        epoch: usize,
        /// Batches done in that epoch.
        batch: usize,
        /// The learning rate in use.
        learning_rate: f64,
        /// The optimizer's name (`Adam`, `SGD`, …).
        optimizer: String,
        /// A learning rate to try instead.
        suggestion: f64,
    },
}
