//! From labelled sentences to padded id matrices, ready to become tensors.

use kiln_core::{SplitConfig, TextPrepConfig};
use kiln_i18n::Msg;

use crate::error::DataError;
use crate::reviews::Review;
use crate::split::stratified_split;
use crate::text::{PAD, Vocabulary, check_text_prep};
use crate::tokenizer::TextTokenizer;

/// One split, encoded: `ids` is a row-major `[n, seq_len]` matrix of token ids, `labels` has `n`
/// entries (0 or 1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Encoded {
    /// Token ids, row-major `[len(), seq_len]`; 0 is padding.
    pub ids: Vec<u32>,
    /// One label per row.
    pub labels: Vec<u32>,
    /// Sequence length (columns of `ids`).
    pub seq_len: usize,
}

impl Encoded {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when the split has no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Fraction of ids in the split that are real tokens rather than padding.
    pub fn fill_ratio(&self) -> f64 {
        if self.ids.is_empty() {
            return 0.0;
        }
        self.ids.iter().filter(|&&id| id != PAD).count() as f64 / self.ids.len() as f64
    }
}

/// A text data set prepared for training.
#[derive(Debug, Clone)]
pub struct PreparedText {
    /// Vocabulary built from the training split only.
    pub vocab: Vocabulary,
    /// Training split.
    pub train: Encoded,
    /// Validation split.
    pub validation: Encoded,
    /// Test split.
    pub test: Encoded,
    /// The test sentences as read, in test-split order (shown in the test report).
    pub test_texts: Vec<String>,
    /// Settings used.
    pub prep: TextPrepConfig,
    /// The tokenizer `prep` chose (with its dictionary), for new text.
    pub tokenizer: TextTokenizer,
}

impl PreparedText {
    /// Encodes new text with the training vocabulary, `[seq_len]` ids.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        self.vocab.encode(&self.tokenizer.tokenize(text), self.prep.seq_len)
    }
}

/// Tokenizes, splits (seeded, stratified), builds the vocabulary on the training split only and
/// encodes all three splits.
///
/// # Errors
/// [`DataError::NoRows`] when `reviews` is empty; [`DataError::Invalid`] for a bad split, sequence
/// length or vocabulary size, when the training split gets no rows, or when `prep` asks for
/// jieba before its dictionary is installed ([`crate::segment::install_dictionary`]).
pub fn prepare_text(
    reviews: &[Review],
    prep: &TextPrepConfig,
    split: &SplitConfig,
    seed: u64,
) -> Result<PreparedText, DataError> {
    if reviews.is_empty() {
        return Err(DataError::NoRows);
    }
    split.validate().map_err(|e| DataError::Invalid(Msg::verbatim(e)))?;
    check_text_prep(prep)?;
    let tokenizer = TextTokenizer::for_prep(prep)?;
    let tokens: Vec<Vec<String>> = reviews.iter().map(|r| tokenizer.tokenize(&r.text)).collect();
    let labels: Vec<u32> = reviews.iter().map(|r| r.label).collect();
    let splits = stratified_split(&labels, split, seed);
    if splits.train.is_empty() {
        return Err(DataError::Invalid(Msg::new("error-data-train-split-empty").arg("unit", "sentences")));
    }
    let vocab = Vocabulary::build(splits.train.iter().map(|&i| tokens[i].as_slice()), prep.vocab_size);
    let encode = |rows: &[usize]| {
        let mut e = Encoded { seq_len: prep.seq_len, ..Encoded::default() };
        for &i in rows {
            e.ids.extend(vocab.encode(&tokens[i], prep.seq_len));
            e.labels.push(labels[i]);
        }
        e
    };
    Ok(PreparedText {
        train: encode(&splits.train),
        validation: encode(&splits.validation),
        test: encode(&splits.test),
        test_texts: splits.test.iter().map(|&i| reviews[i].text.clone()).collect(),
        vocab,
        prep: *prep,
        tokenizer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reviews() -> Vec<Review> {
        (0..20)
            .map(|i| Review {
                text: if i % 2 == 0 { format!("good great w{i}") } else { format!("bad awful w{i}") },
                label: (i % 2 == 0) as u32,
                origin: "t".into(),
            })
            .collect()
    }

    #[test]
    fn vocabulary_comes_from_training_split_only() {
        let p = prepare_text(
            &reviews(),
            &TextPrepConfig { vocab_size: 100, seq_len: 4, ..TextPrepConfig::default() },
            &SplitConfig::default(),
            1,
        )
        .expect("prepares");
        assert_eq!((p.train.len(), p.validation.len(), p.test.len()), (16, 2, 2));
        assert_eq!(p.train.ids.len(), 16 * 4);
        // Every w<i> appears once; the test rows' own w<i> was never in training → OOV.
        let test_ids = &p.test.ids;
        assert!(test_ids.chunks(4).all(|row| row[2] == crate::text::OOV && row[3] == PAD));
        assert_eq!(p.encode("GOOD, great!"), vec![p.vocab.id("good"), p.vocab.id("great"), PAD, PAD]);
        assert!((p.train.fill_ratio() - 0.75).abs() < 1e-9);
    }

    #[test]
    fn bad_settings_are_errors() {
        let r = reviews();
        let bad = TextPrepConfig { vocab_size: 100, seq_len: 0, ..TextPrepConfig::default() };
        assert!(
            prepare_text(&r, &bad, &SplitConfig::default(), 1).unwrap_err().to_string().contains("sequence length")
        );
        assert_eq!(
            prepare_text(&[], &TextPrepConfig::default(), &SplitConfig::default(), 1).unwrap_err(),
            DataError::NoRows
        );
    }
}
