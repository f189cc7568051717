//! Labelled sentences (binary sentiment) and their file forms: the npm `sentiment` package's
//! JSON fixtures, which our build step (`scripts/fetch-datasets.sh` + `kiln-assets`) converts with
//! [`parse_npm_fixture`] and [`to_tsv`] into the review TSV asset
//! (`label<TAB>origin<TAB>text`), and [`parse_tsv`], which the page and the CLI read it back with.
//! What each built-in sentence set is (source, licence, citation) is in [`crate::builtin`].

use kiln_i18n::Msg;
use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use crate::error::DataError;

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
            return Err(DataError::Row {
                row: i + 1,
                message: Msg::new("error-data-class-not-binary").arg("value", label),
            });
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
        let rec = rec.map_err(|e| DataError::Row { row, message: Msg::verbatim(e.to_string()) })?;
        if rec.len() != 3 {
            return Err(DataError::Row {
                row,
                message: Msg::new("error-data-fields").arg("expected", 3).arg("found", rec.len()),
            });
        }
        let label = match &rec[0] {
            "0" => 0,
            "1" => 1,
            other => {
                return Err(DataError::Row {
                    row,
                    message: Msg::new("error-data-label-not-binary").arg("value", other),
                });
            }
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
