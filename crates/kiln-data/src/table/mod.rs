//! Reading an uploaded table (CSV / TSV / semicolon-separated text) from bytes.
//!
//! [`read_table`] turns the bytes of a file into a [`Table`]: text decoding (UTF-8 with or without
//! BOM, else Windows-1252, said in a notice), delimiter sniffing (`,` `;` tab `|`), header
//! detection, RFC 4180 quoting (via the `csv` crate), ragged-row checks with file line numbers,
//! and unique column names. Cells are kept as text, one compact buffer per column (no per-cell
//! allocation), so a file of `b` bytes costs about `b` plus 4 bytes per cell. Type inference,
//! missing values and the preview live in [`crate::preview`]; turning a table into training
//! examples in [`crate::tabular`].
//!
//! Layout: `model` (the types), `decode` (bytes → text), `quirks` (what tools write around a
//! table), `sniff` (delimiter), `cells` (missing values, numbers plain and formatted), `read`
//! (the reader); every item has one public path, here.

mod cells;
mod decode;
mod model;
mod quirks;
mod read;
mod sniff;
#[cfg(test)]
mod tests;

pub use cells::{CURRENCY, MISSING, NumberStyle, infer_style, is_missing, parse_number};
pub use decode::decode_text;
pub use model::{Column, ReadOptions, Table};
pub use read::{PROGRESS_EVERY_BYTES, read_table, read_table_with_progress};
pub use sniff::sniff_delimiter;
