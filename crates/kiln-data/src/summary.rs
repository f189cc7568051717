//! What the page is told about a loaded data set: [`SourceSummary`] (size, task, classes, the
//! model's input as a [`SourceKind`], preview, thumbnails, notices), plain serde data that
//! crosses the worker boundary as JSON, and the helpers that fill it from prepared splits.

use kiln_core::{InputSpec, Task, TextPrepConfig};
use kiln_i18n::Msg;
use serde::{Deserialize, Serialize};

use crate::examples::{Splits, Targets};
use crate::images::ImageSet;
use crate::lengths::TokenLengths;
use crate::preview::TablePreview;
use crate::reviews::Review;
use crate::segment::installed_dictionary;
use crate::textset::TextFolders;
use crate::tokenizer::TextTokenizer;

/// What one example of a loaded data set is, as the model sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum SourceKind {
    /// Text: token ids `[seq_len]`, whose length and vocabulary come from the text settings
    /// (sentence sets, a table whose input is one text column, text folders).
    Text,
    /// A table: `width` features per row (numeric columns plus one-hot levels), `[width]`.
    Table {
        /// Features per row after one-hot encoding.
        width: usize,
    },
    /// Images `[height, width, channels]`, channels-last.
    Images {
        /// Rows of pixels.
        height: usize,
        /// Columns of pixels.
        width: usize,
        /// 1 (grey) or 3 (RGB).
        channels: usize,
    },
}

impl SourceKind {
    /// True for token-id input.
    pub fn is_text(self) -> bool {
        self == SourceKind::Text
    }

    /// True for image input.
    pub fn is_images(self) -> bool {
        matches!(self, SourceKind::Images { .. })
    }

    /// The model input that fits, with `prep` (sequence length, vocabulary size) for text.
    pub fn input_spec(self, prep: &TextPrepConfig) -> InputSpec {
        match self {
            SourceKind::Text => InputSpec::Tokens { seq_len: prep.seq_len, vocab_size: prep.vocab_size },
            SourceKind::Table { width } => InputSpec::Features { width },
            SourceKind::Images { height, width, channels } => InputSpec::Images { height, width, channels },
        }
    }
}

/// What the page shows about a loaded data set (it crosses the worker boundary as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    /// Examples (rows, sentences or images).
    pub rows: usize,
    /// What the model's input is: token ids, table features or images.
    pub kind: SourceKind,
    /// The task the targets define.
    pub task: Task,
    /// Class names (empty for regression).
    pub class_names: Vec<String>,
    /// Examples per class, same order.
    pub class_counts: Vec<usize>,
    /// Table preview (first rows, column kinds, missing counts), for tables.
    pub preview: Option<TablePreview>,
    /// For images: up to 4 thumbnails per class, each `(class id, grey pixels 0–255 row-major)`.
    pub thumbnails: Vec<(u32, Vec<u8>)>,
    /// What was done or found (encoding, skipped rows, imputation, constant columns…).
    pub notices: Vec<Msg>,
    /// For text folders: up to 3 documents per class, each `(class id, text)` cut to 160
    /// characters.
    #[serde(default)]
    pub examples: Vec<(u32, String)>,
    /// For sentence sets: tokens per sentence under each tokenizer available (Keras always,
    /// jieba once its dictionary is installed), for choosing the sequence length.
    #[serde(default)]
    pub token_lengths: Vec<TokenLengths>,
}

/// Class names and counts over all three splits.
pub(crate) fn class_counts(s: &Splits) -> (Vec<String>, Vec<usize>) {
    let k = match &s.train.targets {
        Targets::Binary { .. } => 2,
        Targets::Classes { classes, .. } => *classes,
        Targets::Regression { .. } => return (vec![], vec![]),
    };
    let mut counts = vec![0usize; k];
    for split in [&s.train, &s.validation, &s.test] {
        if let Targets::Binary { labels } | Targets::Classes { labels, .. } = &split.targets {
            for &l in labels {
                if let Some(c) = counts.get_mut(l as usize) {
                    *c += 1;
                }
            }
        }
    }
    let names = (0..k).map(|i| s.class_names.get(i).cloned().unwrap_or_else(|| format!("class {i}"))).collect();
    (names, counts)
}

/// Up to `per_class` documents of each class, cut to 160 characters.
pub(crate) fn text_examples(set: &TextFolders, per_class: usize) -> Vec<(u32, String)> {
    let mut taken = vec![0usize; set.class_names.len()];
    let mut out = Vec::new();
    for (text, &label) in set.texts.iter().zip(&set.labels) {
        let Some(t) = taken.get_mut(label as usize) else { continue };
        if *t < per_class {
            *t += 1;
            let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut cut: String = one_line.chars().take(160).collect();
            if cut.len() < one_line.len() {
                cut.push('…');
            }
            out.push((label, cut));
        }
    }
    out
}

/// Tokens per sentence with the Keras tokenizer and, once its dictionary is installed, jieba.
pub(crate) fn sentence_lengths(reviews: &[Review]) -> Vec<TokenLengths> {
    let mut tokenizers = vec![TextTokenizer::keras()];
    tokenizers.extend(installed_dictionary().map(TextTokenizer::jieba));
    tokenizers.iter().map(|t| TokenLengths::of(reviews.iter().map(|r| r.text.as_str()), t)).collect()
}

/// Up to `per_class` images of each class as grey bytes (the mean over channels).
pub(crate) fn thumbnails(set: &ImageSet, per_class: usize) -> Vec<(u32, Vec<u8>)> {
    let o = &set.options;
    let len = o.height * o.width * o.channels;
    let mut taken = vec![0usize; set.class_names.len()];
    let mut out = Vec::new();
    for (i, &label) in set.labels.iter().enumerate() {
        let Some(t) = taken.get_mut(label as usize) else { continue };
        if *t >= per_class {
            continue;
        }
        *t += 1;
        let px = &set.pixels[i * len..(i + 1) * len];
        let grey = px
            .chunks(o.channels.max(1))
            .map(|c| (c.iter().sum::<f32>() / c.len() as f32 * 255.0).round().clamp(0.0, 255.0) as u8)
            .collect();
        out.push((label, grey));
    }
    out
}
