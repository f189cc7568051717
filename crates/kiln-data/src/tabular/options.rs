//! What a table preparation takes ([`PrepareOptions`], [`MissingPolicy`], the level and class
//! limits) and gives ([`PreparedTable`]).

use kiln_core::{SplitConfig, TextPrepConfig};
use kiln_i18n::Msg;
use serde::{Deserialize, Serialize};

use super::features::Feature;
use crate::examples::Splits;
use crate::preview::{ColumnKind, TaskChoice};
use crate::reading::ReadingId;
use crate::text::Vocabulary;

/// What to do with rows whose inputs have missing (or non-finite) values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MissingPolicy {
    /// Fill numbers with the training mean and categories with the training mode.
    #[default]
    Impute,
    /// Leave such rows out.
    DropRows,
}

/// Most levels a categorical input may have to be one-hot encoded.
pub const MAX_LEVELS: usize = 50;

/// How to turn a table into [`Splits`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrepareOptions {
    /// Target column name.
    pub target: String,
    /// Classification or regression; `None` uses the suggestion (see [`crate::TablePreview::task`]).
    pub task: Option<TaskChoice>,
    /// Input column names; `None` uses every other column that can be encoded (free text only
    /// when it is the only other column kind).
    pub inputs: Option<Vec<String>>,
    /// Columns the user chose to leave out (used when `inputs` is `None`).
    pub ignore: Vec<String>,
    /// The user's kind overrides, by column name.
    pub kinds: Vec<(String, ColumnKind)>,
    /// Split fractions.
    pub split: SplitConfig,
    /// Seed of the split.
    pub seed: u64,
    /// Missing-value policy for inputs (rows with a missing target are always left out).
    pub missing: MissingPolicy,
    /// Vocabulary size and sequence length, used when the input is a text column.
    pub text: TextPrepConfig,
    /// Guesses the person undid (formatted numbers, decimal commas, label cleaning; the
    /// reading-level ones were applied when the table was read).
    #[serde(default)]
    pub undo: Vec<ReadingId>,
    /// Why `target` was chosen when it is the default (shown in the preview); `None` when the
    /// person chose it.
    #[serde(default)]
    pub target_reason: Option<Msg>,
}

impl PrepareOptions {
    /// Defaults for a target: suggested task, automatic inputs, 80/10/10 split, seed 42, impute.
    pub fn new(target: &str) -> Self {
        PrepareOptions {
            target: target.to_owned(),
            task: None,
            inputs: None,
            ignore: Vec::new(),
            kinds: Vec::new(),
            split: SplitConfig::default(),
            seed: 42,
            missing: MissingPolicy::Impute,
            text: TextPrepConfig { vocab_size: 10_000, seq_len: 200, ..TextPrepConfig::default() },
            undo: Vec::new(),
            target_reason: None,
        }
    }
}

/// A table prepared for training.
#[derive(Debug, Clone)]
pub struct PreparedTable {
    /// The three splits (`Inputs::Features` or `Inputs::Tokens`).
    pub splits: Splits,
    /// Feature encoding per input column (empty for a text model).
    pub features: Vec<Feature>,
    /// The text column and its training vocabulary, for a text model.
    pub vocab: Option<(String, Vocabulary)>,
    /// Rows left out (missing target, or missing inputs under [`MissingPolicy::DropRows`]).
    pub dropped_rows: usize,
    /// Sentences saying what was done: missing-value handling, constant columns, left-out columns.
    pub notices: Vec<Msg>,
}

impl PreparedTable {
    /// Feature names in column order of `Inputs::Features`, `[width]`.
    pub fn feature_names(&self) -> Vec<String> {
        self.features.iter().flat_map(Feature::names).collect()
    }
}
