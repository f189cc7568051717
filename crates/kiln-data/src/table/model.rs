//! The parsed table: [`Table`] (named text columns plus what reading noticed), its compact
//! [`Column`]s (one string and end offsets each) and the [`ReadOptions`] a reader takes.

use kiln_i18n::Msg;
use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::reading::{Reading, ReadingId};

/// How to read a table. The defaults sniff everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// Field separator (`b','`, `b';'`, `b'\t'`, `b'|'`…); `None` sniffs it from the first rows.
    pub delimiter: Option<u8>,
    /// Whether the first row holds column names; `None` guesses (a header has no numbers in it).
    pub has_header: Option<bool>,
    /// Skip rows whose field count differs from the header (counted in a notice) instead of
    /// failing with [`DataError::Ragged`].
    pub skip_malformed: bool,
    /// Guesses the person undid (`sep=` line, comment lines, spaces around quotes, trailing
    /// delimiters, no header): the file is read without them.
    #[serde(default)]
    pub undo: Vec<ReadingId>,
}

/// One column: a name and its cells as text, stored compactly (one string + end offsets).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Column {
    /// Column name, unique within the table (duplicates get `_2`, `_3`…).
    pub name: String,
    text: String,
    ends: Vec<u32>,
}

impl Column {
    pub(super) fn new(name: String) -> Self {
        Column { name, ..Column::default() }
    }

    pub(super) fn push(&mut self, cell: &str) -> Result<(), DataError> {
        self.text.push_str(cell);
        let end = u32::try_from(self.text.len())
            .map_err(|_| DataError::Invalid(Msg::new("error-data-column-too-large").arg("column", &self.name)))?;
        self.ends.push(end);
        Ok(())
    }

    /// Number of cells (= rows of the table).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell of data row `row` (0-based), `""` past the end.
    pub fn get(&self, row: usize) -> &str {
        let Some(&end) = self.ends.get(row) else { return "" };
        let start = if row == 0 { 0 } else { self.ends[row - 1] as usize };
        self.text.get(start..end as usize).unwrap_or("")
    }

    /// All cells in row order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone + '_ {
        (0..self.len()).map(move |r| self.get(r))
    }
}

/// A parsed table: named text columns of equal length, plus what reading it noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Columns in file order.
    pub columns: Vec<Column>,
    /// Number of data rows (the header is not a row).
    pub rows: usize,
    /// The field separator used.
    pub delimiter: u8,
    /// Whether the first line was read as column names.
    pub has_header: bool,
    /// `"UTF-8"` or `"Windows-1252"`.
    pub encoding: &'static str,
    /// File line (1-based) where each data row starts; lets messages point into the file.
    pub lines: Vec<u64>,
    /// Things the user should know (encoding, renamed columns, skipped rows), one sentence each.
    pub notices: Vec<Msg>,
    /// The guesses made reading the file (delimiter hint, comment lines, spaces around quotes,
    /// trailing delimiters, no header), applied or undone.
    pub readings: Vec<Reading>,
}

impl Table {
    /// Index of the column called `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The column called `name`.
    ///
    /// # Errors
    /// [`DataError::Invalid`] listing the column names when there is none by that name.
    pub fn column(&self, name: &str) -> Result<&Column, DataError> {
        self.index_of(name).map(|i| &self.columns[i])
    }

    /// Index of the column called `name`.
    ///
    /// # Errors
    /// [`DataError::Invalid`] listing the column names when there is none by that name.
    pub fn index_of(&self, name: &str) -> Result<usize, DataError> {
        self.column_index(name).ok_or_else(|| {
            let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
            DataError::Invalid(Msg::new("error-data-no-column").arg("column", name).arg("columns", names.join(", ")))
        })
    }

    /// Column names in file order.
    pub fn names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// The file line where data row `row` (0-based) starts.
    pub fn line_of(&self, row: usize) -> u64 {
        self.lines.get(row).copied().unwrap_or(0)
    }

    /// Whether numbers may use a decimal comma (`0,5`): only when fields are separated by `;`.
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }
}
