//! Kiln's data layer: turns bytes into examples a model can train on.
//!
//! It owns the built-in data sets' list ([`builtin`]: source, licence, citation, how each asset
//! is read), the review loader ([`reviews`]), teaching mode's generated 2-D sets
//! ([`playground`]), text preparation ([`text`]: tokenizer and
//! vocabulary), seeded stratified splitting ([`split`]) and the prepared, padded tensors-to-be
//! ([`prepare`]); and "bring your own data": tables ([`table`] reads, [`preview`] summarises,
//! [`tabular`] prepares), text folders ([`textset`]) and images ([`images`]), and what a
//! person's picked files and preview choices become ([`upload`]); and what a saved model needs to
//! score new raw input ([`preprocess`]).
//! It takes bytes or strings, never paths, so an upload and a test fixture go through the same code. It must never depend on burn, web-sys, js-sys, yew or gloo.

pub mod builtin;
pub mod examples;
pub mod images;
pub mod playground;
pub mod prepare;
pub mod preprocess;
pub mod preview;
pub mod reviews;
pub mod source;
pub mod split;
pub mod table;
pub mod tabular;
pub mod text;
pub mod textset;
pub mod upload;

pub use builtin::{AssetKind, BUILTIN};
pub use examples::{Examples, Inputs, Splits, Targets, Task};
pub use playground::{
    Dataset2d, Generate, Playground, PlaygroundData, PlaygroundError, TrainTest, generate, grid, grid_points,
    to_splits, train_test,
};
pub use prepare::{Encoded, PreparedText, prepare_text};
pub use preprocess::{Encoder, InputPrep, Preprocess};
pub use preview::{ColumnKind, ColumnSummary, PreviewOptions, TablePreview, TaskChoice, preview_table};
pub use reviews::{DataError, DatasetInfo, Review, ReviewStats};
pub use table::{Column, ReadOptions, Table, read_table};
pub use tabular::{Feature, MissingPolicy, PrepareOptions, PreparedTable, prepare_table};
pub use text::{Vocabulary, tokenize};
pub use textset::{TextFolders, prepare_text_folders, read_text_folders};
pub use upload::{LoadStage, UploadKind, UploadOptions, UploadedFile, upload_kind};
