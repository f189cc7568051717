//! How long documents are in tokens, per tokenizer: the distribution the page shows beside the
//! sequence-length setting, and the rule that picks a default length from it.

use kiln_core::Tokenizer;
use serde::{Deserialize, Serialize};

use crate::tokenizer::TextTokenizer;

/// Sequence lengths offered as defaults, in tokens (500 is the reference's).
pub const SEQ_LEN_STEPS: [usize; 10] = [16, 32, 64, 100, 128, 200, 256, 300, 400, 500];
/// Share of documents a suggested sequence length keeps whole: 99 %, since padding is masked
/// out of pooling and costs only time (on the Chinese reviews, keeping the long 5 % whole
/// scored higher on validation than cutting them at the 95 % length; `tests/native/chinese.rs`).
pub const KEEP_WHOLE: f64 = 0.99;

/// Token counts of a set of documents under one tokenizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenLengths {
    /// The tokenizer counted with.
    pub tokenizer: Tokenizer,
    /// Documents counted.
    pub documents: usize,
    /// Mean tokens per document.
    pub mean: f64,
    /// Longest document, tokens.
    pub max: usize,
    /// `(p, tokens)`: `p` % of documents have at most `tokens` tokens, for p = 50, 75, 90, 95, 99.
    pub percentiles: Vec<(u32, usize)>,
    /// Histogram over [`SEQ_LEN_STEPS`]: `(upper, count)` counts documents with more tokens than
    /// the previous step and at most `upper` (the first bin starts at 0); a last bin with
    /// `upper = max` holds those longer than 500.
    pub histogram: Vec<(usize, usize)>,
    /// Documents with more tokens than each [`SEQ_LEN_STEPS`] entry, same order: what a
    /// sequence length of that many tokens would truncate.
    pub truncated: Vec<usize>,
}

impl TokenLengths {
    /// Counts the tokens of each text with `tokenizer`.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>, tokenizer: &TextTokenizer) -> Self {
        let counts: Vec<usize> = texts.into_iter().map(|t| tokenizer.tokenize(t).len()).collect();
        TokenLengths::from_counts(tokenizer.kind(), counts)
    }

    /// The distribution of these per-document token counts.
    pub fn from_counts(tokenizer: Tokenizer, mut counts: Vec<usize>) -> Self {
        counts.sort_unstable();
        let n = counts.len();
        let max = counts.last().copied().unwrap_or(0);
        // Nearest-rank percentile: the smallest count with at least p % of documents at or below it.
        let percentile = |p: u32| {
            let rank = (n * p as usize).div_ceil(100).max(1);
            counts.get(rank - 1).copied().unwrap_or(0)
        };
        let at_most = |len: usize| counts.partition_point(|&c| c <= len);
        let mut histogram = Vec::new();
        let mut below = 0;
        for &step in &SEQ_LEN_STEPS {
            let upto = at_most(step);
            histogram.push((step, upto - below));
            below = upto;
        }
        if n > below {
            histogram.push((max, n - below));
        }
        TokenLengths {
            tokenizer,
            documents: n,
            mean: if n == 0 { 0.0 } else { counts.iter().sum::<usize>() as f64 / n as f64 },
            max,
            percentiles: [50, 75, 90, 95, 99].into_iter().map(|p| (p, percentile(p))).collect(),
            histogram,
            truncated: SEQ_LEN_STEPS.iter().map(|&s| n - at_most(s)).collect(),
        }
    }

    /// The shortest of [`SEQ_LEN_STEPS`] that keeps at least [`KEEP_WHOLE`] of the documents
    /// whole (500 if none does): longer sequences cost time in every step but add only padding
    /// for most documents.
    pub fn suggested_seq_len(&self) -> usize {
        let allowed = ((1.0 - KEEP_WHOLE) * self.documents as f64).floor() as usize;
        SEQ_LEN_STEPS.iter().zip(&self.truncated).find(|&(_, &cut)| cut <= allowed).map_or(500, |(&step, _)| step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_counted_distribution() {
        // 20 documents: 1..=18 tokens, then 150 and 600.
        let mut counts: Vec<usize> = (1..=18).collect();
        counts.extend([150, 600]);
        let l = TokenLengths::from_counts(Tokenizer::Keras, counts);
        assert_eq!((l.documents, l.max), (20, 600));
        assert!((l.mean - (171.0 + 750.0) / 20.0).abs() < 1e-9);
        assert_eq!(l.percentiles, [(50, 10), (75, 15), (90, 18), (95, 150), (99, 600)]);
        assert_eq!(
            l.histogram,
            [
                (16, 16),
                (32, 2),
                (64, 0),
                (100, 0),
                (128, 0),
                (200, 1),
                (256, 0),
                (300, 0),
                (400, 0),
                (500, 0),
                (600, 1)
            ]
        );
        assert_eq!(l.truncated, [4, 2, 2, 2, 2, 1, 1, 1, 1, 1]);
        // 1 % of 20 is no document, and no step keeps the 600-token one whole: the longest, 500.
        assert_eq!(l.suggested_seq_len(), 500);
        // 100 documents: 99 of 1..=18 tokens, one of 150. One may be cut: 32 cuts only the longest.
        let mut counts: Vec<usize> = (0..99).map(|i| 1 + i % 18).collect();
        counts.push(150);
        let l = TokenLengths::from_counts(Tokenizer::Keras, counts);
        assert_eq!((l.truncated[0], l.truncated[1]), (11, 1));
        assert_eq!(l.suggested_seq_len(), 32);
        let empty = TokenLengths::from_counts(Tokenizer::Jieba, vec![]);
        assert_eq!((empty.documents, empty.mean, empty.suggested_seq_len()), (0, 0.0, 16));
    }

    #[test]
    fn counts_come_from_the_tokenizer() {
        let l = TokenLengths::of(["a b c", "", "好的"], &TextTokenizer::keras());
        assert_eq!((l.documents, l.max, l.percentiles[0]), (3, 3, (50, 2)));
    }
}
