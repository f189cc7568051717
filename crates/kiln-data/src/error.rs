//! [`DataError`], the one error type of the data layer: every loader, parser and preparation step
//! returns it, with a message that names the row or column and says what to do.

/// Why data could not be read. Messages name the row and say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    /// The input is empty.
    #[error("the file is empty")]
    Empty,
    /// The input is not the expected JSON.
    #[error("not a sentiment fixture (JSON array of {{\"text\", \"class\"}}): {0}")]
    Json(String),
    /// A row has a wrong field.
    #[error("row {row}: {message}")]
    Row {
        /// 1-based data row (the header is row 0).
        row: usize,
        /// What is wrong.
        message: String,
    },
    /// The data has no usable rows.
    #[error("no data rows")]
    NoRows,
    /// The bytes are not text (NUL bytes or control characters): an image, a spreadsheet, an archive.
    #[error("not a text/CSV file (looks binary): save it as CSV (comma- or tab-separated text) and try again")]
    NotText,
    /// The bytes are UTF-16 text (a byte-order mark, or every other byte zero), as Excel's
    /// "Unicode text" and some Windows tools save it.
    #[error(
        "the file is saved as UTF-16 (\"Unicode\") text, which this page does not read: save it as UTF-8 \
         (in Excel: Save As → \"CSV UTF-8\"; in a text editor: encoding UTF-8) and load it again"
    )]
    Utf16,
    /// A row has a different number of fields from the header.
    #[error(
        "line {line} has {fields} fields but the header has {expected} ({count} such row(s) in all): fix the file, \
         or turn on \"skip malformed rows\""
    )]
    Ragged {
        /// 1-based line of the file where the row starts.
        line: u64,
        /// Fields on that row.
        fields: usize,
        /// Fields in the header.
        expected: usize,
        /// Rows with a wrong field count in the whole file.
        count: usize,
    },
    /// Anything else, as a complete sentence saying what is wrong and what to do.
    #[error("{0}")]
    Invalid(String),
}
