//! Kiln's data layer: turns bytes into examples a model can train on.
//!
//! It owns the built-in data sets' loaders ([`reviews`]), teaching mode's generated 2-D sets
//! ([`playground`]), text preparation ([`text`]: tokenizer and
//! vocabulary), seeded stratified splitting ([`split`]) and the prepared, padded tensors-to-be
//! ([`prepare`]). It takes bytes or strings, never paths, so an upload and a test fixture go
//! through the same code. It must never depend on burn, web-sys, js-sys, yew or gloo.

pub mod examples;
pub mod playground;
pub mod prepare;
pub mod reviews;
pub mod split;
pub mod text;

pub use examples::{Examples, Inputs, Splits, Targets, Task};
pub use playground::{
    Dataset2d, Feature, Generate, Playground, PlaygroundData, PlaygroundError, TrainTest, generate, grid, grid_points,
    to_splits, train_test,
};
pub use prepare::{Encoded, PreparedText, prepare_text};
pub use reviews::{DataError, DatasetInfo, Review, ReviewStats};
pub use text::{Vocabulary, tokenize};
