//! Kiln's data layer: turns bytes into examples a model can train on.
//!
//! It owns the built-in data sets' list ([`builtin`]: source, licence, citation, how each asset
//! is read) and which data set an id names ([`id`]), the review loader ([`reviews`]), teaching
//! mode's generated 2-D sets ([`teach`]), text preparation ([`text`]: tokenizer, vocabulary,
//! encoding), seeded stratified splitting ([`split`]), the clients of a simulated federated run
//! ([`federated`]: IID or Dirichlet non-IID by label) and the prepared, padded sentence sets
//! ([`prepare`]); and "bring your own data": picked files and class folders ([`files`]), tables
//! ([`table`] reads, [`preview`] summarises, [`tabular`] prepares), text folders ([`textset`])
//! and images ([`images`]), drawings and dropped files for "Try it" ([`draw`]), the test
//! examples as read for the test report ([`raw`]), what a person's picked files and preview choices become
//! ([`upload`]), and what a saved model needs to score new raw input ([`preprocess`]). Every data set becomes one [`Source`] ([`source`]), summarised for the page
//! ([`summary`]) and prepared into [`Splits`] ([`examples`]); every failure is a [`DataError`]
//! ([`error`]). Chinese: the built-in review set's cleaning and settings ([`chinese_reviews`]),
//! jieba word segmentation ([`segment`]), the tokenizer choice every text path uses
//! ([`tokenizer`]) and token-length distributions ([`lengths`]).
//!
//! Modules form layers; each uses only layers below it, so there are no cycles (within the
//! folder modules too, whose `mod.rs` only declares and re-exports): `error`, `files`, `split`,
//! `builtin`, `raw` · `id`, `reviews`, `segment`, `table`, `text` · `chinese_reviews`, `tokenizer` ·
//! `lengths`, `prepare`, `preview` · `examples` · `federated`, `images`, `tabular`, `teach` ·
//! `draw`, `textset` · `summary` · `source` · `upload` · `preprocess`.
//! It takes bytes or strings, never paths, so an upload and a test fixture go through the same
//! code. It must never depend on burn, web-sys, js-sys, yew or gloo.

pub mod builtin;
pub mod chinese_reviews;
pub mod draw;
pub mod error;
pub mod examples;
pub mod federated;
pub mod files;
pub mod id;
pub mod images;
pub mod labels;
pub mod lengths;
pub mod prepare;
pub mod preprocess;
pub mod preview;
pub mod raw;
pub mod reading;
pub mod reviews;
pub mod segment;
pub mod source;
pub mod split;
pub mod summary;
pub mod table;
pub mod tabular;
pub mod teach;
pub mod text;
pub mod textset;
pub mod tokenizer;
pub mod upload;

pub use builtin::{AssetKind, BUILTIN, CHINESE_REVIEWS, DatasetInfo};
pub use chinese_reviews::{recommended_early_stopping, recommended_prep, recommended_train};
pub use error::DataError;
pub use examples::{Examples, Inputs, Splits, Targets};
pub use files::{ClassFile, UploadedFile};
pub use id::DataId;
pub use lengths::TokenLengths;
pub use prepare::{Encoded, PreparedText, prepare_text};
pub use preprocess::{Encoder, InputPrep, Preprocess};
pub use preview::{ColumnKind, ColumnSummary, PreviewOptions, TablePreview, TaskChoice, preview_table};
pub use raw::RawExamples;
pub use reading::{Reading, ReadingId};
pub use reviews::{Review, ReviewStats};
pub use segment::{DictionaryInfo, Segmenter, install_dictionary};
pub use source::Source;
pub use summary::{SourceKind, SourceSummary};
pub use table::{Column, ReadOptions, Table, read_table};
pub use tabular::{Feature, MissingPolicy, PrepareOptions, PreparedTable, prepare_table};
pub use teach::{
    Dataset2d, Generate, TeachError, TeachPoints, TeachSet, TrainTest, generate, grid, grid_points, to_splits,
    train_test,
};
pub use text::{Vocabulary, tokenize};
pub use textset::{TextFolders, prepare_text_folders, read_text_folders};
pub use tokenizer::{TextTokenizer, TokenizerState};
pub use upload::{LoadStage, UploadKind, UploadOptions, upload_kind};
