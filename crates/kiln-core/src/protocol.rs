//! The worker protocol: the page sends [`Command`]s to the training worker and receives a single
//! typed stream of [`Event`]s that feeds every chart and panel.
//!
//! Messages cross the worker boundary as JSON (the web crate's codec), so every type here is plain
//! serde data.

use serde::{Deserialize, Serialize};

use crate::config::{Engine, SplitConfig, TextPrepConfig, TrainConfig};
use crate::spec::ModelSpec;

/// A request from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Prepare the data set and train the model; answers with a stream of events.
    Train(Box<TrainRequest>),
    /// Stop the current run after the batch in flight; the trained-so-far model is kept.
    Stop,
    /// Predict the probability of the positive class for a sentence with the last trained model.
    Predict {
        /// Raw text as typed by the user.
        text: String,
    },
    /// Run a benchmark workload (see `shared/bench/WORKLOADS.md`) on random data.
    Bench(BenchRequest),
}

/// Everything the worker needs for one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainRequest {
    /// Data set id (e.g. `review-sentences`), for messages.
    pub dataset: String,
    /// The data set's text (the built-in asset, TSV `label<TAB>origin<TAB>text`).
    pub data: String,
    /// Tokenizer / padding settings.
    pub prep: TextPrepConfig,
    /// Train / validation / test fractions.
    pub split: SplitConfig,
    /// The model to build.
    pub model: ModelSpec,
    /// Optimizer, epochs, batch size, seed, engine.
    pub config: TrainConfig,
}

/// A benchmark request (`window.kiln.bench`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchRequest {
    /// Workload name, e.g. `sentiment-seed`.
    pub workload: String,
    /// `Webgpu` or `Cpu`.
    pub engine: Engine,
    /// Measured epochs after one warm-up epoch.
    pub epochs: usize,
}

/// Result of one benchmark run, the same fields the TensorFlow.js peer prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchResult {
    /// Workload name.
    pub workload: String,
    /// `webgpu` or `cpu`.
    pub backend: String,
    /// Training examples per second over the measured epochs.
    pub samples_per_s: f64,
    /// Optimizer steps per second over the measured epochs.
    pub steps_per_s: f64,
    /// Mean loss of the last measured epoch.
    pub loss: f64,
}

/// Metrics after one epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's batches.
    pub train_loss: f64,
    /// Training accuracy over the epoch, in [0, 1].
    pub train_accuracy: f64,
    /// Validation loss (NaN when there is no validation split).
    pub val_loss: f64,
    /// Validation accuracy in [0, 1] (NaN when there is no validation split).
    pub val_accuracy: f64,
    /// Training throughput over the epoch, examples per second.
    pub samples_per_s: f64,
}

/// Final metrics on the held-out test split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TestMetrics {
    /// Mean binary cross-entropy on the test split.
    pub loss: f64,
    /// Fraction of test examples classified correctly (threshold 0.5).
    pub accuracy: f64,
    /// Number of test examples.
    pub examples: usize,
}

/// One message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The training engine's wasm has loaded and the worker accepts commands.
    Ready,
    /// What the worker is doing now, e.g. "compiling GPU kernels…".
    Status(String),
    /// The engine chosen for this run and why, e.g. "CPU: WebGPU unavailable: no adapter".
    EngineChosen {
        /// `Webgpu` or `Cpu`.
        engine: Engine,
        /// Human-readable reason.
        reason: String,
    },
    /// The data set was tokenized and split.
    DataReady {
        /// Training examples.
        train: usize,
        /// Validation examples.
        validation: usize,
        /// Test examples.
        test: usize,
        /// Words in the vocabulary, including the padding and out-of-vocabulary ids.
        vocab_size: usize,
    },
    /// Progress within an epoch (sent every few batches).
    Batch {
        /// 1-based epoch.
        epoch: usize,
        /// Batches done in this epoch.
        batch: usize,
        /// Batches per epoch.
        batches: usize,
        /// Mean loss over the batches since the last `Batch` event.
        loss: f64,
        /// Examples per second since the epoch started.
        samples_per_s: f64,
    },
    /// An epoch finished.
    Epoch(EpochMetrics),
    /// Training ended (all epochs, or stopped); test metrics of the model as it is now.
    Finished {
        /// Metrics on the test split.
        test: TestMetrics,
        /// True when the user pressed Stop.
        stopped: bool,
    },
    /// Answer to [`Command::Predict`].
    Prediction {
        /// The text that was scored.
        text: String,
        /// Probability of the positive class, in [0, 1].
        probability: f64,
    },
    /// Answer to [`Command::Bench`].
    Bench(BenchResult),
    /// Something went wrong; the message is meant for the user. The worker stays usable.
    Error(String),
}
