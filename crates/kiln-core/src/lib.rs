//! Kiln's pure vocabulary: what a model, a training run and a data set *are*, independent of any
//! tensor library or browser.
//!
//! This crate owns [`ModelSpec`] (a Keras-style layer list), shape inference and parameter
//! counting, ready-made models ([`presets`]), [`TrainConfig`], the early-stopping rule
//! ([`early_stopping`]), bounded metric history, the learning [`Task`] every crate shares, the
//! one byte formatter ([`format`]), what the page offers to choose from ([`catalog`]: layer
//! kinds, optimizers), the allowed range of every typed value ([`limits`]) and test-set
//! metrics ([`metrics`], [`curves`]: confusion matrix, per-class scores, ROC / precision–recall). It must
//! never depend on burn, web-sys, js-sys, yew or gloo: everything here builds and tests on the
//! host. (The worker protocol is in `kiln-protocol`, which can also name data types.)

pub mod catalog;
pub mod config;
pub mod curves;
pub mod early_stopping;
pub mod format;
pub mod history;
pub mod limits;
pub mod metrics;
pub mod presets;
pub mod shape;
pub mod spec;

pub use catalog::{LayerKind, OptimizerKind};
pub use config::{
    Engine, LiveSettings, LrSchedule, OptimizerSpec, SplitConfig, TextPrepConfig, Tokenizer, TrainConfig,
};
pub use early_stopping::{Decision, EarlyStopper, EarlyStopping, Monitor, stop_point};
pub use shape::{LayerSummary, ModelSummary, Shape};
pub use spec::{Activation, InputSpec, LEAKY_RELU_ALPHA, LayerSpec, LossSpec, ModelSpec, Padding, SpecError, Task};
