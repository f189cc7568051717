//! [`DataError`], the one error type of the data layer: every loader, parser and preparation step
//! returns it, with a message that names the row or column and says what to do. Its words are in
//! `kiln-i18n`'s `errors.ftl` (`error-data-*`): [`Localize::msg`] gives the typed message the
//! worker sends, `Display` the English.

use kiln_i18n::{Localize, Msg};

/// Why data could not be read. Messages name the row and say what to do.
#[derive(Debug, Clone, PartialEq)]
pub enum DataError {
    /// The input is empty.
    Empty,
    /// The input is not the expected JSON (serde's message, with line and column).
    Json(String),
    /// A row has a wrong field.
    Row {
        /// 1-based data row (the header is row 0).
        row: usize,
        /// What is wrong.
        message: Msg,
    },
    /// The data has no usable rows.
    NoRows,
    /// The bytes are not text (NUL bytes or control characters): an image, a spreadsheet, an archive.
    NotText,
    /// The bytes are UTF-16 text (a byte-order mark, or every other byte zero), as Excel's
    /// "Unicode text" and some Windows tools save it.
    Utf16,
    /// A row has a different number of fields from the header.
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
    /// Anything else, as a complete message saying what is wrong and what to do.
    Invalid(Msg),
}

impl DataError {
    /// [`DataError::Invalid`] with the message `id` and no arguments.
    pub fn invalid(id: &'static str) -> Self {
        DataError::Invalid(Msg::new(id))
    }

    /// [`DataError::Invalid`] with an English sentence not yet in the message files, shown as it
    /// is in every language (`common-verbatim`). Only for messages the page does not show yet
    /// (a saved model's encoder, the lab's client split); each one is a translation still owed.
    pub fn untranslated(english: String) -> Self {
        DataError::Invalid(Msg::verbatim(english))
    }
}

impl Localize for DataError {
    fn msg(&self) -> Msg {
        match self {
            DataError::Empty => Msg::new("error-data-empty"),
            DataError::Json(detail) => Msg::new("error-data-json").arg("detail", detail),
            DataError::Row { row, message } => {
                Msg::new("error-data-row").arg("row", *row).arg("message", message.clone())
            }
            DataError::NoRows => Msg::new("error-data-no-rows"),
            DataError::NotText => Msg::new("error-data-not-text"),
            DataError::Utf16 => Msg::new("error-data-utf16"),
            DataError::Ragged { line, fields, expected, count } => Msg::new("error-data-ragged")
                .arg("line", *line)
                .arg("fields", *fields)
                .arg("expected", *expected)
                .arg("count", *count),
            DataError::Invalid(m) => m.clone(),
        }
    }
}

kiln_i18n::english_error!(DataError);
