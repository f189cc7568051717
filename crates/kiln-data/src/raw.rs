//! The test examples as they were read, before encoding: what the page needs to *show* an example
//! of the test report (its text, its table row). Encoded inputs lose this — token ids lose
//! out-of-vocabulary words and case, standardised features lose the values a person typed.
//! Images need nothing here: their model inputs are the pixels.

use serde::{Deserialize, Serialize};

/// The raw form of every test example, in test-split order (entry `i` is the test row `i` of
/// [`crate::Splits::test`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum RawExamples {
    /// Nothing kept: images (the inputs are the pixels) and generated sets (the inputs are the
    /// features).
    #[default]
    None,
    /// The text of each test example as read (a review sentence, a document, a text cell).
    Texts {
        /// One text per test row.
        texts: Vec<String>,
    },
    /// The table rows of the test examples, every column as read (the target too).
    Rows {
        /// Column names, in file order.
        columns: Vec<String>,
        /// One row of cells per test example, `columns.len()` cells each, as in the file.
        rows: Vec<Vec<String>>,
    },
}

impl RawExamples {
    /// Number of examples held (0 for [`RawExamples::None`]).
    pub fn len(&self) -> usize {
        match self {
            RawExamples::None => 0,
            RawExamples::Texts { texts } => texts.len(),
            RawExamples::Rows { rows, .. } => rows.len(),
        }
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The texts of `rows` of `texts` (indices into it).
    pub fn texts_of(texts: &[impl AsRef<str>], rows: &[usize]) -> Self {
        RawExamples::Texts { texts: rows.iter().filter_map(|&i| texts.get(i)).map(|t| t.as_ref().to_owned()).collect() }
    }
}

#[cfg(test)]
mod tests {
    use kiln_core::{SplitConfig, TextPrepConfig};

    use super::*;
    use crate::examples::{Inputs, Splits};
    use crate::reviews::Review;
    use crate::table::{ReadOptions, read_table};
    use crate::tabular::{PrepareOptions, prepare_table};
    use crate::text::tokenize;

    #[test]
    fn review_test_texts_line_up_with_the_encoded_rows() {
        let reviews: Vec<Review> = (0..40)
            .map(|i| Review {
                text: format!("Sentence number {i} is {}", ["bad", "GOOD"][i % 2]),
                label: (i % 2) as u32,
                origin: "t".into(),
            })
            .collect();
        let p = crate::prepare_text(
            &reviews,
            &TextPrepConfig { vocab_size: 50, seq_len: 6, ..TextPrepConfig::default() },
            &SplitConfig::default(),
            3,
        )
        .expect("prepares");
        let s = Splits::from(&p);
        let RawExamples::Texts { texts } = &s.test_raw else { panic!("texts expected") };
        assert_eq!(texts.len(), s.test.len());
        let Inputs::Tokens { ids, seq_len } = &s.test.inputs else { panic!("tokens") };
        for (text, row) in texts.iter().zip(ids.chunks(*seq_len)) {
            assert_eq!(p.vocab.encode(&tokenize(text), *seq_len), row, "{text}");
        }
    }

    #[test]
    fn table_test_rows_are_the_cells_as_read() {
        let csv: String = std::iter::once("size,colour,label\n".to_owned())
            .chain((0..30).map(|i| format!("{}.5,{},{}\n", i, ["red", "blue"][i % 2], ["yes", "no"][i % 2])))
            .collect();
        let t = read_table(csv.as_bytes(), &ReadOptions::default()).expect("reads");
        let p = prepare_table(&t, &PrepareOptions::new("label")).expect("prepares");
        let RawExamples::Rows { columns, rows } = &p.splits.test_raw else { panic!("rows expected") };
        assert_eq!(columns, &["size", "colour", "label"]);
        assert_eq!(rows.len(), p.splits.test.len());
        for row in rows {
            let i: usize = row[0].trim_end_matches(".5").parse().expect("a row number");
            assert_eq!(row, &[format!("{i}.5"), ["red", "blue"][i % 2].to_owned(), ["yes", "no"][i % 2].to_owned()]);
        }
    }
}
