//! Kiln's pure vocabulary: what a model, a training run and a data set *are*, independent of any
//! tensor library or browser.
//!
//! This crate owns [`ModelSpec`] (a Keras-style layer list), shape inference and parameter
//! counting, ready-made models ([`presets`]), [`TrainConfig`], bounded metric history, the
//! learning [`Task`] every crate shares and the one byte formatter ([`format`]). It must
//! never depend on burn, web-sys, js-sys, yew or gloo: everything here builds and tests on the
//! host. (The worker protocol is in `kiln-protocol`, which can also name data types.)

pub mod config;
pub mod format;
pub mod history;
pub mod presets;
pub mod shape;
pub mod spec;

pub use config::{
    Engine, LiveSettings, LrSchedule, OptimizerSpec, SplitConfig, TextPrepConfig, Tokenizer, TrainConfig,
};
pub use shape::{LayerSummary, ModelSummary, Shape};
pub use spec::{Activation, InputSpec, LEAKY_RELU_ALPHA, LayerSpec, LossSpec, ModelSpec, Padding, SpecError, Task};
