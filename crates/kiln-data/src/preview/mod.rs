//! What a table holds, before training: per-column type inference (numbers plain or formatted,
//! categories, free text), missing and non-finite values, constant columns, the default target
//! and its reason, the class balance of a target, the readings (guesses, each undoable), and the
//! serde-serialisable [`TablePreview`] the worker sends to the page as JSON.
//!
//! Layout: `scan` (one column), `target` (the default target), `table` (the preview); every
//! item has one public path, here.

mod scan;
mod table;
mod target;
#[cfg(test)]
mod tests;

pub use scan::{ColumnKind, ColumnSummary, DISTINCT_CAP, MAX_DEFAULT_CLASSES, TEXT_MEAN_CHARS, TaskChoice};
pub(crate) use scan::{ColumnScan, check_override, default_task, number_rules, override_for, scan_table};
pub use table::{PreviewOptions, TablePreview, preview_table};
pub use target::TARGET_NAMES;
pub(crate) use target::default_target;
