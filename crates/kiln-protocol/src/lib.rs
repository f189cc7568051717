//! The worker protocol: the page sends [`Command`]s to the training worker and receives a single
//! typed stream of [`Event`]s that feeds every chart and panel. Each crosses the boundary inside
//! an envelope naming its run ([`Request`], [`Reply`], [`RunId`]).
//!
//! Messages cross the worker boundary as JSON (the web crate's codec), so every type here is plain
//! serde data.

use serde::{Deserialize, Serialize};

pub mod deploy;
pub mod lab;
mod lab_messages;
pub mod report;
pub mod report_page;
mod run;
pub mod runs;
pub mod try_it;

pub use deploy::{ExportedFile, ModelFormat, ModelInfo};
pub use lab_messages::{LabCommand, LabEvent};
pub use run::{Reply, Request, RunId};
pub use try_it::{Scored, TryInput, TryOutcome};

use kiln_core::{Engine, LiveSettings, ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};
pub use kiln_data::id::DataId;
pub use kiln_data::summary::{SourceKind, SourceSummary};
pub use kiln_data::upload::{LoadStage, UploadOptions};
pub use kiln_i18n::Msg;

/// Where a data set comes from (see [`DataSource::id`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DataSource {
    /// A built-in data set by id (see `kiln_data::builtin::BUILTIN`); the worker fetches its
    /// asset(s) from `./assets/`.
    Builtin {
        /// Data set id, e.g. `review-sentences`, `iris`, `mnist-10k`.
        id: String,
        /// Absolute URL of the assets folder (the worker runs from a blob URL, against which
        /// `./assets/` cannot be resolved), e.g. `http://127.0.0.1:8080/assets/`.
        base_url: String,
    },
    /// Files the user picked or dropped. Their contents do not travel in this message: the page
    /// hands the browser's file objects to the worker beside it (the web crate's codec, under
    /// `attachment`), and the worker reads them in chunks. Nothing is uploaded anywhere.
    Files {
        /// What to call the data set: the file's or the picked folder's name.
        name: String,
        /// Path and size of each file, in the order of the attached file objects.
        files: Vec<FileInfo>,
        /// Which attachment holds the file objects (a number the page chose).
        attachment: u32,
        /// True for a folder picker (paths start with the picked folder's name).
        from_folder: bool,
        /// Read at most this many bytes of a single table file, cut after its last whole row (a
        /// sample of a file above the size limit); `None` reads everything.
        max_bytes: Option<u64>,
        /// The person's choices (target, task, column kinds, image size).
        options: UploadOptions,
    },
    /// Prepare the uploaded data set again with other choices. The worker keeps what it read,
    /// so only another image size reads the files again.
    Reconfigure(UploadOptions),
}

impl DataSource {
    /// The data set this source loads: a built-in id or the upload's name; `None` for
    /// [`DataSource::Reconfigure`], which changes the upload the worker already holds.
    pub fn id(&self) -> Option<DataId> {
        match self {
            DataSource::Builtin { id, .. } => Some(DataId::Builtin(id.clone())),
            DataSource::Files { name, .. } => Some(DataId::Upload(name.clone())),
            DataSource::Reconfigure(_) => None,
        }
    }
}

/// One picked file, as the page describes it to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    /// `name.csv` for a picked file; `root/class/file.png` for a file in a picked folder.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
}

/// A request from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Load a data set and summarise it (answers `DataLoaded` or `DataFailed`); the worker keeps
    /// it for the next Train. A data set that fails to load leaves the previous one in place.
    LoadData(DataSource),
    /// Prepare the loaded data set and train the model; answers with a stream of events.
    Train(Box<TrainRequest>),
    /// Stop the current run after the batch in flight; the trained-so-far model is kept.
    Stop,
    /// Hold the current run before its next batch; the weights are kept.
    Pause,
    /// Continue a paused run.
    Resume,
    /// Train one batch of a paused run, then pause again.
    Step,
    /// Change the learning rate / regularisation of the current run from its next batch.
    UpdateSettings(LiveSettings),
    /// After a divergence (NaN/inf loss): put back the last weights that gave a finite loss.
    RestoreLastGood,
    /// "Try it": score one input (a text, a drawing, an image file, a table row) with the model
    /// trained by run `model` (the worker holds the last trained or opened model; it answers
    /// [`Event::Prediction`], or an error when that is another run's or the input does not suit
    /// the model).
    Predict {
        /// The run whose model to use.
        model: RunId,
        /// What to score.
        input: TryInput,
    },
    /// Each word's contribution to the score of `text` with the model trained by run `model`
    /// (answers [`Event::Explained`]; the worker picks the method that is exact for the model,
    /// `kiln_ml::explain`). Text models only.
    Explain {
        /// The run whose model to use.
        model: RunId,
        /// Raw text (typed, or a listed test example's).
        text: String,
    },
    /// The test report of run `model`'s model (one opened from a `.kiln` file) on the test split
    /// of the data set the worker holds: split with the model's own split fractions and seed and
    /// encoded with its own preprocessing (`kiln_data::Encoder::splits`; texts with its
    /// vocabulary and tokenizer). Answers [`Event::Report`], or [`Event::Error`] saying why the
    /// data does not suit the model.
    Evaluate {
        /// The run whose model to evaluate.
        model: RunId,
    },
    /// The examples of one confusion-matrix cell of run `query.model`'s last test report (the
    /// worker keeps the report whole; the page got [`report::TestReport::for_page`]). Answers
    /// [`Event::Cell`], or [`Event::Error`] when the worker holds another run's report.
    Cell(report_page::CellQuery),
    /// Run a benchmark workload (see `shared/bench/WORKLOADS.md`) on random data.
    Bench(BenchRequest),
    /// Teaching mode: generate a 2-D data set and train on it until paused or stopped, sending a
    /// [`Event::Frame`] of the decision boundary and every neuron after each epoch (at most
    /// ~8 per second). In this mode [`Command::Step`] trains one whole epoch.
    Teach(Box<TeachRequest>),
    /// Teaching mode: set one weight of Dense layer `layer` (0-based) from input unit `from` to
    /// unit `to`; a new frame follows.
    SetWeight {
        /// Dense layer index.
        layer: usize,
        /// Input unit.
        from: usize,
        /// Output unit.
        to: usize,
        /// New weight.
        value: f32,
    },
    /// Write the model trained (or opened) by run `model` in `format`; answers
    /// [`Event::Exported`] with the files as attachments, or [`Event::Error`].
    Export {
        /// The run whose model to write.
        model: RunId,
        /// The file format.
        format: ModelFormat,
    },
    /// Open a `.kiln` model file (attached as a `File`, `Blob` or `Uint8Array`): answers
    /// [`Event::ModelOpened`] — the model becomes the one "Try it" uses and Train continues
    /// from — or [`Event::ModelFailed`], keeping the current model.
    OpenModel {
        /// The file's name (for messages).
        name: String,
        /// The attachment holding the file.
        attachment: u32,
    },
    /// A lab job (compression, federated training, search): see [`LabCommand`].
    Lab(Box<LabCommand>),
}

/// A teaching-mode run: the generated data set, the input features, the network and settings.
/// The data set and features travel in their URL form so the page's shareable link and the
/// worker parse them with the same code (`kiln_data::teach`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeachRequest {
    /// Data set, e.g. `circle`, `spiral`, `blobs-k:3`, `plane`.
    pub dataset: String,
    /// Number of points to generate.
    pub points: usize,
    /// Noise in [0, 0.5] (TensorFlow Playground's scale).
    pub noise: f64,
    /// Fraction of points used for training (the rest are the test set).
    pub train_ratio: f64,
    /// Seed of the data generator (the training seed is in `config`).
    pub data_seed: u64,
    /// Input features by name: `x1`, `x2`, `x1sq`, `x2sq`, `x1x2`, `sinx1`, `sinx2`.
    pub features: Vec<String>,
    /// Treat a classification data set as regression on targets −1/+1 (TensorFlow Playground's
    /// "problem type").
    pub regression: bool,
    /// The network (input width must equal the number of features).
    pub model: ModelSpec,
    /// Optimizer, batch size, regularisation, seed, engine (`epochs` is ignored: it plays on).
    pub config: TrainConfig,
    /// Side of the decision-boundary grid (cells), e.g. 64.
    pub boundary_res: usize,
    /// Side of each neuron's heatmap grid, e.g. 16.
    pub neuron_res: usize,
    /// Start paused (show the untrained network's first frame and wait for Play or Step).
    #[serde(default)]
    pub start_paused: bool,
}

/// The generated points, for drawing (sent once per [`Command::Teach`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeachData {
    /// `(x₁, x₂)` per point.
    pub points: Vec<[f32; 2]>,
    /// Class id (binary: 0/1) or regression target per point.
    pub values: Vec<f32>,
    /// True for training points, false for test points.
    pub is_train: Vec<bool>,
    /// Number of classes (0 for regression).
    pub classes: usize,
}

/// One teaching-mode frame: metrics and every unit's output over the input plane. Heatmap values
/// are quantised to bytes with [`quantize`] over `[-1, 1]`; probabilities are first mapped to
/// `2p − 1` so 0.5 is the neutral middle, as in TensorFlow Playground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeachFrame {
    /// Epochs trained.
    pub epoch: usize,
    /// Mean loss on the training points.
    #[serde(with = "nan_as_null")]
    pub train_loss: f64,
    /// Mean loss on the test points.
    #[serde(with = "nan_as_null")]
    pub test_loss: f64,
    /// Training accuracy (NaN for regression).
    #[serde(with = "nan_as_null")]
    pub train_accuracy: f64,
    /// Test accuracy (NaN for regression).
    #[serde(with = "nan_as_null")]
    pub test_accuracy: f64,
    /// Output over the `boundary_res²` grid, row-major from the top-left, `outputs` values per
    /// cell (1 for binary / regression, k for k classes).
    pub boundary: Vec<u8>,
    /// Values per boundary cell.
    pub outputs: usize,
    /// Per layer, per unit: the unit's output over the `neuron_res²` grid.
    pub neurons: Vec<Vec<Vec<u8>>>,
    /// Per Dense layer: weights row-major `[in, units]` and biases `[units]`.
    pub weights: Vec<(Vec<f32>, Vec<f32>)>,
}

/// Maps `v` in `[lo, hi]` (clamped) to a byte 0..=255.
pub fn quantize(v: f32, lo: f32, hi: f32) -> u8 {
    if !v.is_finite() {
        return 128;
    }
    let t = ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
    (t * 255.0).round() as u8
}

/// Inverse of [`quantize`]: the centre of the byte's bin in `[lo, hi]`.
pub fn dequantize(b: u8, lo: f32, hi: f32) -> f32 {
    lo + f32::from(b) / 255.0 * (hi - lo)
}

/// Everything the worker needs for one run (on the data set it has loaded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainRequest {
    /// Which data set (e.g. built-in `review-sentences`); the worker refuses to train if it holds
    /// another.
    pub dataset: DataId,
    /// Tokenizer / padding settings.
    pub prep: TextPrepConfig,
    /// Train / validation / test fractions.
    pub split: SplitConfig,
    /// The model to build.
    pub model: ModelSpec,
    /// Optimizer, epochs, batch size, seed, engine.
    pub config: TrainConfig,
    /// Continue from the weights of the model run `from_weights` opened from a file (its
    /// preprocessing encodes the data); `None` starts from initial weights drawn from the seed.
    #[serde(default)]
    pub from_weights: Option<RunId>,
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
    /// A memory run instead: this many steps after the warm-up epoch (epoch after epoch), with the
    /// worker's memory sampled ten times ([`BenchResult::memory`]); `epochs` is then ignored.
    #[serde(default)]
    pub steps: Option<usize>,
    /// WebGPU only: GPU tasks batched into one command submission (cubecl-wgpu's `tasks_max`),
    /// applied when this request is the first to initialise the worker's WebGPU runtime.
    #[serde(default)]
    pub tasks_max: Option<usize>,
}

/// The worker's memory after `step` optimizer steps of a benchmark's memory run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MemorySample {
    /// Steps taken after the warm-up epoch.
    pub step: usize,
    /// Bytes: the wasm memory's size in the worker, the resident set natively.
    pub bytes: f64,
    /// The worker's JavaScript heap in use (`performance.memory.usedJSHeapSize`, Chromium), bytes.
    #[serde(default)]
    pub js_heap_bytes: Option<f64>,
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
    /// Memory samples of a memory run ([`BenchRequest::steps`]), oldest first; empty otherwise.
    #[serde(default)]
    pub memory: Vec<MemorySample>,
}

/// Metrics after one epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's batches.
    #[serde(with = "nan_as_null")]
    pub train_loss: f64,
    /// Training accuracy over the epoch, in [0, 1].
    #[serde(with = "nan_as_null")]
    pub train_accuracy: f64,
    /// Validation loss (NaN when there is no validation split).
    #[serde(with = "nan_as_null")]
    pub val_loss: f64,
    /// Validation accuracy in [0, 1] (NaN when there is no validation split).
    #[serde(with = "nan_as_null")]
    pub val_accuracy: f64,
    /// Training throughput over the epoch, examples per second.
    pub samples_per_s: f64,
}

/// Final metrics on the held-out test split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TestMetrics {
    /// Mean loss on the test split (the training loss function, without regularisation).
    #[serde(with = "nan_as_null")]
    pub loss: f64,
    /// Fraction of test examples classified correctly (NaN for regression).
    #[serde(with = "nan_as_null")]
    pub accuracy: f64,
    /// Number of test examples.
    pub examples: usize,
}

/// One message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The training engine's wasm has loaded and the worker accepts commands.
    Ready,
    /// What the worker is doing now, e.g. "compiling GPU kernels…", as a message the page puts
    /// into its language.
    Status(Msg),
    /// The engine chosen for this run and why, e.g. "CPU: WebGPU unavailable: no adapter".
    EngineChosen {
        /// `Webgpu` or `Cpu`.
        engine: Engine,
        /// Why, as a message the page puts into its language.
        reason: Msg,
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
    /// Training is paused before batch `batch + 1` of `epoch` (weights kept; Resume or Step goes
    /// on from there).
    Paused {
        /// 1-based epoch.
        epoch: usize,
        /// Batches done in this epoch.
        batch: usize,
        /// Batches per epoch.
        batches: usize,
    },
    /// Training ended (all epochs, or stopped); test metrics of the model as it is now.
    Finished {
        /// Metrics on the test split.
        test: TestMetrics,
        /// True when the user pressed Stop.
        stopped: bool,
    },
    /// Answer to [`Command::Predict`]: the prediction by class name, and what the model saw.
    Prediction(Box<TryOutcome>),
    /// The run's test split evaluated in depth (matrix, per-class metrics, curves, and the test
    /// examples the page lists without asking: [`report::TestReport::for_page`]); sent after
    /// [`Event::Finished`] of a run that finished or was stopped.
    Report(Box<report::TestReport>),
    /// The run's learned word vectors (its first Embedding) projected to 2-D, with each word's
    /// mean contribution and nearest neighbours; sent after [`Event::Report`] by a run whose
    /// model has an Embedding (text data sets), never by another.
    WordMap(Box<report::WordMap>),
    /// Answer to [`Command::Explain`]: why `text` got its score, word by word.
    Explained {
        /// The text explained, as sent.
        text: String,
        /// The contributions.
        explanation: Box<report::Explanation>,
    },
    /// Answer to [`Command::Cell`]: the cell's examples, in test order.
    Cell(Box<report_page::CellExamples>),
    /// Answer to [`Command::Bench`].
    Bench(BenchResult),
    /// The last good weights were put back after a divergence (taken at `epoch`, `batch`); test
    /// metrics of the restored model follow in a `Finished` event.
    Restored {
        /// 1-based epoch the weights come from.
        epoch: usize,
        /// Batches done in that epoch.
        batch: usize,
    },
    /// Training diverged (NaN/inf loss) and stopped; `message` explains why and what to try.
    /// `can_restore` says whether last good weights are kept for [`Command::RestoreLastGood`].
    Diverged {
        /// What happened and what to try, e.g. "loss became NaN at epoch 3 batch 17: …".
        message: Msg,
        /// True when weights from before the divergence can be restored.
        can_restore: bool,
    },
    /// A data set was loaded (answer to [`Command::LoadData`]).
    DataLoaded {
        /// Which data set.
        id: DataId,
        /// Display name.
        name: String,
        /// Size, task, classes, input dimensions, preview.
        summary: Box<SourceSummary>,
    },
    /// How far a data set load has got (sent about every megabyte or 64 files, and when a stage
    /// starts): `done` of `total` units of `stage` (bytes, or files when decoding).
    LoadProgress {
        /// What the worker is doing.
        stage: LoadStage,
        /// Units done.
        done: u64,
        /// Units in all (0 when unknown).
        total: u64,
    },
    /// A data set could not be loaded: what is wrong and what to do. The previous one is kept.
    DataFailed {
        /// Which data set (for an upload, by the file's or folder's name).
        id: DataId,
        /// The message (with row / column where it applies), in no language yet.
        message: Msg,
    },
    /// Teaching mode: the generated points.
    TeachData(TeachData),
    /// Teaching mode: a frame after an epoch (or a weight edit).
    Frame(Box<TeachFrame>),
    /// Answer to [`Command::Export`]: the files written (their bytes are attachments).
    Exported {
        /// The format written.
        format: ModelFormat,
        /// The files, e.g. one `.kiln`, or a script and its weights.
        files: Vec<ExportedFile>,
    },
    /// Answer to [`Command::OpenModel`]: the file opened; its model is now the worker's.
    ModelOpened(Box<ModelInfo>),
    /// A model file could not be opened (damaged, not a Kiln file, another version…); the model
    /// the worker held is kept.
    ModelFailed {
        /// The file's name.
        name: String,
        /// What is wrong, for the page to put into its language.
        message: Msg,
    },
    /// Something went wrong; the message is meant for the user (the page puts it into its
    /// language). The worker stays usable.
    Error(Msg),
    /// Progress or a result of a lab job: see [`LabEvent`].
    Lab(Box<LabEvent>),
}

/// Serde for `f64` fields that may be NaN ("not measured"): JSON has no NaN, so it travels as
/// `null` and comes back as NaN (serde_json would otherwise write `null` and fail to read it).
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() { s.serialize_f64(*v) } else { s.serialize_none() }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmeasured_metrics_survive_json() {
        let m = EpochMetrics {
            epoch: 1,
            train_loss: 0.5,
            train_accuracy: f64::NAN,
            val_loss: f64::NAN,
            val_accuracy: f64::NAN,
            samples_per_s: 10.0,
        };
        let json = serde_json::to_string(&Event::Epoch(m)).expect("serialises");
        let Event::Epoch(back) = serde_json::from_str(&json).expect("reads back") else { panic!("not an epoch") };
        assert_eq!(back.train_loss, 0.5);
        assert!(back.train_accuracy.is_nan() && back.val_loss.is_nan());
    }

    #[test]
    fn uploads_carry_no_file_contents() {
        let cmd = Command::LoadData(DataSource::Files {
            name: "pets".into(),
            files: vec![FileInfo { path: "pets/cats/1.png".into(), size: 1234 }],
            attachment: 7,
            from_folder: true,
            max_bytes: None,
            options: UploadOptions::default(),
        });
        let json = serde_json::to_string(&cmd).expect("serialises");
        assert!(json.len() < 300, "{json}");
        assert_eq!(serde_json::from_str::<Command>(&json).expect("reads back"), cmd);
        assert_eq!(
            cmd_source_id(&cmd),
            Some(DataId::Upload("pets".into())),
            "an upload is named by its file or folder"
        );
        let ev = Event::LoadProgress { stage: LoadStage::Reading, done: 5, total: 10 };
        assert_eq!(serde_json::from_str::<Event>(&serde_json::to_string(&ev).expect("json")).expect("back"), ev);
    }

    fn cmd_source_id(cmd: &Command) -> Option<DataId> {
        match cmd {
            Command::LoadData(source) => source.id(),
            _ => None,
        }
    }

    #[test]
    fn data_events_name_their_data_set() {
        let ev = Event::DataFailed { id: DataId::Upload("a.csv".into()), message: Msg::new("error-data-empty") };
        let json = serde_json::to_string(&ev).expect("serialises");
        assert!(json.contains(r#"{"Upload":"a.csv"}"#), "{json}");
        assert_eq!(serde_json::from_str::<Event>(&json).expect("reads back"), ev);
        let builtin = DataSource::Builtin { id: "iris".into(), base_url: "http://x/assets/".into() };
        assert_eq!(builtin.id(), Some(DataId::Builtin("iris".into())));
        assert_eq!(DataSource::Reconfigure(UploadOptions::default()).id(), None);
    }

    #[test]
    fn every_message_names_its_run() {
        let request = Request {
            run: RunId(7),
            command: Command::Predict { model: RunId(3), input: TryInput::Text("good".into()) },
        };
        let json = serde_json::to_string(&request).expect("serialises");
        assert_eq!(json, r#"{"run":7,"command":{"Predict":{"model":3,"input":{"Text":"good"}}}}"#);
        assert_eq!(serde_json::from_str::<Request>(&json).expect("reads back"), request);
        let reply = Reply { run: RunId::WORKER, event: Event::Ready };
        let json = serde_json::to_string(&reply).expect("serialises");
        assert_eq!(json, r#"{"run":0,"event":"Ready"}"#);
        assert_eq!(serde_json::from_str::<Reply>(&json).expect("reads back"), reply);
    }

    #[test]
    fn quantize_by_hand() {
        assert_eq!(quantize(-1.0, -1.0, 1.0), 0);
        assert_eq!(quantize(1.0, -1.0, 1.0), 255);
        assert_eq!(quantize(0.0, -1.0, 1.0), 128);
        assert_eq!(quantize(7.0, -1.0, 1.0), 255);
        assert_eq!(quantize(f32::NAN, -1.0, 1.0), 128);
        assert!((dequantize(quantize(0.3, -1.0, 1.0), -1.0, 1.0) - 0.3).abs() < 0.005);
    }
}
