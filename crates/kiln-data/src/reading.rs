//! Readings: the guesses Kiln makes about how a file was written (an Excel `sep=` line, a
//! trailing delimiter, thousands separators, labels that differ only in case…). Each one is
//! stated in the preview as a [`Reading`] with the rule used, and each can be undone: the page
//! sends its [`ReadingId`] back in the person's choices (`UploadOptions::undo`), and the data
//! is read again without that guess. Nothing here reads data; the readers report what they did.

use kiln_i18n::Msg;
use serde::{Deserialize, Serialize};

/// Which guess a [`Reading`] is, and what to send back to undo it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ReadingId {
    /// The first line `sep=;` (Excel's delimiter hint) used as the delimiter, not read as data.
    SepLine,
    /// Leading lines starting with `#` before the table skipped (or, for numpy's `savetxt`,
    /// `# a,b,c` read as the header).
    CommentLines,
    /// Spaces between a delimiter and a quote ignored (`a, "b"` read as `a` and `b`).
    SpacesAroundQuotes,
    /// Empty fields made by delimiters at the ends of lines dropped (an empty last column).
    TrailingDelimiters,
    /// The first line read as data, not column names (it holds numbers).
    NoHeader,
    /// A column read as numbers after removing thousands separators, currency signs or `%`.
    Numbers {
        /// The column.
        column: String,
    },
    /// A column's decimal commas read as decimal points (`0,5` → 0.5).
    DecimalComma {
        /// The column.
        column: String,
    },
    /// Spaces around the target's labels removed (` yes` and `yes` are one class).
    TrimmedLabels {
        /// The target column.
        column: String,
    },
    /// Target labels that differ only in letter case merged into one class.
    MergedCase {
        /// The target column.
        column: String,
    },
}

impl ReadingId {
    /// True for the guesses made while reading the file (undoing one reads the file again);
    /// false for those about a column's values, which apply to the table already read.
    pub fn when_reading(&self) -> bool {
        matches!(
            self,
            ReadingId::SepLine
                | ReadingId::CommentLines
                | ReadingId::SpacesAroundQuotes
                | ReadingId::TrailingDelimiters
                | ReadingId::NoHeader
        )
    }
}

/// One guess, as the page shows it: what was done, by which rule, and whether the person undid
/// it (then the data was read without it, and the page offers to apply it again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// What to send back (in `UploadOptions::undo`) to undo it.
    pub id: ReadingId,
    /// The rule and what it did, as a message shown as text (never markup).
    pub rule: Msg,
    /// True when the person undid it: the data was read without this guess.
    pub undone: bool,
}

impl Reading {
    /// A reading of `id` with `rule`, undone when `undo` lists `id`.
    pub fn new(id: ReadingId, rule: Msg, undo: &[ReadingId]) -> Self {
        let undone = undo.contains(&id);
        Reading { id, rule, undone }
    }
}

/// True when `undo` does not list `id` (the guess applies).
pub fn applies(undo: &[ReadingId], id: &ReadingId) -> bool {
    !undo.contains(id)
}

/// Up to three examples, quoted for a sentence: `` `a`, `b`, `c` ``.
pub fn examples<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .take(3)
        .map(|v| format!("`{}`", v.chars().take(40).collect::<String>()))
        .collect::<Vec<_>>()
        .join(", ")
}
