//! From a [`Table`] to training examples: target and task, input columns, missing values, a
//! seeded stratified split, then features computed with training-split statistics only
//! (numeric columns standardised, categorical columns one-hot encoded), or, for a single
//! free-text input column, token ids with a vocabulary built on the training split.
//!
//! Layout: `options` (what goes in and out), `columns` (target classes, input columns),
//! `features` (encoding with training statistics), `pipeline` ([`prepare_table`]); every item has
//! one public path, here.

mod columns;
mod features;
mod options;
mod pipeline;
#[cfg(test)]
mod tests;

pub use features::Feature;
pub use options::{MAX_LEVELS, MissingPolicy, PrepareOptions, PreparedTable};
pub use pipeline::prepare_table;
pub(crate) use pipeline::raw_rows;
