//! A loaded data set, whatever it came from (a built-in asset or a file the user picked), and how
//! it becomes [`Splits`] for a run. The worker keeps one [`Source`]; each Train prepares it again
//! with that run's split, seed and text settings.

use std::sync::Arc;

use kiln_core::{SplitConfig, TextPrepConfig};
use serde::{Deserialize, Serialize};

use crate::builtin::AssetKind;
use crate::examples::{Splits, Targets, Task};
use crate::images::{ImageSet, load_idx, prepare_images};
use crate::prepare::{Encoded, PreparedText, prepare_text};
use crate::preprocess::Preprocess;
use crate::preview::{PreviewOptions, TablePreview, preview_table};
use crate::reviews::{DataError, Review, ReviewStats, parse_tsv};
use crate::table::{ReadOptions, Table, read_table};
use crate::tabular::{PrepareOptions, PreparedTable, prepare_table};
use crate::text::Vocabulary;
use crate::textset::{TextFolders, prepare_text_set};
use crate::upload::UploadOptions;

/// Largest upload read, bytes (200 MiB; a bigger table file gets an offer to read a sample of
/// [`crate::upload::SAMPLE_BYTES`]).
pub const MAX_UPLOAD_BYTES: usize = 200 << 20;
/// Most columns an uploaded table may have (a wider file is almost surely not a table, and
/// would take minutes to infer).
pub const MAX_COLUMNS: usize = 10_000;

/// A data set held in memory, ready to be prepared.
#[derive(Debug, Clone)]
pub enum Source {
    /// Labelled sentences (binary sentiment).
    Reviews(Vec<Review>),
    /// A table and how to prepare it (the table is shared, so other choices cost no copy).
    Table(Arc<Table>, PrepareOptions),
    /// Labelled images.
    Images(ImageSet),
    /// Labelled documents from one folder per class.
    TextFolders(Arc<TextFolders>),
}

/// What the page shows about a loaded data set (it crosses the worker boundary as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    /// Examples (rows, sentences or images).
    pub rows: usize,
    /// `text`, `table` or `images`.
    pub kind: String,
    /// The task the targets define.
    pub task: Task,
    /// Class names (empty for regression).
    pub class_names: Vec<String>,
    /// Examples per class, same order.
    pub class_counts: Vec<usize>,
    /// Model input width for tables (after one-hot encoding), `[height, width, channels]` for
    /// images; empty for text (it depends on the sequence length chosen).
    pub input_dims: Vec<usize>,
    /// Table preview (first rows, column kinds, missing counts), for tables.
    pub preview: Option<TablePreview>,
    /// For images: up to 4 thumbnails per class, each `(class id, grey pixels 0–255 row-major)`.
    pub thumbnails: Vec<(u32, Vec<u8>)>,
    /// What was done or found (encoding, skipped rows, imputation, constant columns…).
    pub notices: Vec<String>,
    /// For text folders: up to 3 documents per class, each `(class id, text)` cut to 160
    /// characters.
    #[serde(default)]
    pub examples: Vec<(u32, String)>,
}

/// A data set prepared for one run.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The splits to train on.
    pub splits: Splits,
    /// The text preparation (vocabulary), for "Try it" on two-class text sets.
    pub text: Option<PreparedText>,
    /// What a model trained on these splits needs to score new raw input (saved in the model
    /// file).
    pub preprocess: Preprocess,
}

/// "Try it" for a prepared two-class text table or text folders: the vocabulary and sequence
/// length (the splits themselves are in [`Prepared::splits`]).
fn try_it(p: &PreparedTable, prep: &TextPrepConfig) -> Option<PreparedText> {
    let (_, vocab): &(String, Vocabulary) = p.vocab.as_ref()?;
    if !matches!(p.splits.train.targets, Targets::Binary { .. }) {
        return None;
    }
    let empty = Encoded { ids: Vec::new(), labels: Vec::new(), seq_len: prep.seq_len };
    Some(PreparedText {
        vocab: vocab.clone(),
        train: empty.clone(),
        validation: empty.clone(),
        test: empty,
        prep: *prep,
    })
}

impl Source {
    /// Reads a built-in asset of `kind` from its file(s): `main` is the asset, `labels` the
    /// labels file of an image set.
    ///
    /// # Errors
    /// [`DataError`] when the asset does not parse (a broken build step).
    pub fn builtin(kind: AssetKind, main: &[u8], labels: Option<&[u8]>) -> Result<Self, DataError> {
        match kind {
            AssetKind::ReviewTsv => {
                let text = std::str::from_utf8(main).map_err(|_| DataError::NotText)?;
                Ok(Source::Reviews(parse_tsv(text)?))
            }
            AssetKind::TableCsv { target } => {
                let table = read_table(main, &ReadOptions::default())?;
                Ok(Source::Table(Arc::new(table), PrepareOptions::new(target)))
            }
            AssetKind::IdxImages { .. } => {
                let labels = labels.ok_or_else(|| DataError::Invalid("the labels file is missing".into()))?;
                Ok(Source::Images(load_idx(main, labels)?))
            }
        }
    }

    /// Reads an uploaded table (CSV / TSV / semicolon): the target is the last column unless
    /// `target` names one.
    ///
    /// # Errors
    /// [`DataError`] with the row / column and what to do.
    pub fn upload_table(bytes: &[u8], target: Option<&str>) -> Result<Self, DataError> {
        let options = UploadOptions { target: target.map(str::to_owned), ..UploadOptions::default() };
        Source::upload_table_with(bytes, &options, &mut |_, _, _| {})
    }

    /// Prepares the splits for a run.
    ///
    /// # Errors
    /// [`DataError`] naming what does not fit (a target with one class, no usable input…).
    pub fn prepare(&self, prep: &TextPrepConfig, split: &SplitConfig, seed: u64) -> Result<Prepared, DataError> {
        match self {
            Source::Reviews(rows) => {
                let text = prepare_text(rows, prep, split, seed)?;
                let splits = Splits::from(&text);
                let preprocess = Preprocess::text(&text.vocab, prep.seq_len, None, &splits);
                Ok(Prepared { splits, text: Some(text), preprocess })
            }
            Source::Table(table, options) => {
                let options = PrepareOptions { split: *split, seed, text: *prep, ..options.clone() };
                let p = prepare_table(table, &options)?;
                let mut preprocess = match &p.vocab {
                    Some((column, vocab)) => Preprocess::text(vocab, prep.seq_len, Some(column.clone()), &p.splits),
                    None => Preprocess::table(
                        &p.features,
                        table.decimal_comma(),
                        options.missing,
                        &options.target,
                        &p.splits,
                    ),
                };
                // A text model trained on a table reads its target from the same column.
                preprocess.target = Some(options.target.clone());
                Ok(Prepared { text: try_it(&p, prep), splits: p.splits, preprocess })
            }
            Source::Images(set) => {
                let splits = prepare_images(set, split, seed)?;
                Ok(Prepared { preprocess: Preprocess::images(&set.options, &splits), splits, text: None })
            }
            Source::TextFolders(set) => {
                let p = prepare_text_set(set, prep, split, seed)?;
                let preprocess = match &p.vocab {
                    Some((_, vocab)) => Preprocess::text(vocab, prep.seq_len, None, &p.splits),
                    None => return Err(DataError::Invalid("the text folders gave no vocabulary".into())),
                };
                Ok(Prepared { text: try_it(&p, prep), splits: p.splits, preprocess })
            }
        }
    }

    /// What the page shows about the data set, preparing it once with default settings to learn
    /// the model's input width and the task.
    ///
    /// # Errors
    /// [`DataError`] when it cannot be prepared (the page shows the message, keeps the old data).
    pub fn summary(&self) -> Result<SourceSummary, DataError> {
        // A table is prepared once here (its notices are needed too); the rest through `prepare`.
        let full = match self {
            Source::Table(table, options) => Some(prepare_table(table, options)?),
            _ => None,
        };
        let other;
        let s: &Splits = match &full {
            Some(p) => &p.splits,
            None => {
                other = self.prepare(&TextPrepConfig::default(), &SplitConfig::default(), 42)?;
                &other.splits
            }
        };
        let (class_names, class_counts) = class_counts(s);
        let rows = s.train.len() + s.validation.len() + s.test.len();
        Ok(match self {
            Source::Reviews(reviews) => {
                let stats = ReviewStats::of(reviews);
                SourceSummary {
                    rows: stats.total,
                    kind: "text".into(),
                    task: Task::Binary,
                    class_names: vec!["negative".into(), "positive".into()],
                    class_counts: vec![stats.total - stats.positive, stats.positive],
                    input_dims: vec![],
                    preview: None,
                    thumbnails: vec![],
                    notices: vec![],
                    examples: vec![],
                }
            }
            Source::Table(table, options) => {
                let preview = preview_table(
                    table,
                    &PreviewOptions { target: Some(options.target.clone()), rows: 8, kinds: options.kinds.clone() },
                )?;
                let full = full.as_ref().ok_or(DataError::NoRows)?;
                // A table whose input is a text column trains a text model (token ids).
                let text = matches!(s.train.inputs, crate::examples::Inputs::Tokens { .. });
                SourceSummary {
                    rows,
                    kind: if text { "text" } else { "table" }.into(),
                    task: s.task(),
                    class_names,
                    class_counts,
                    input_dims: if text { vec![] } else { vec![full.feature_names().len()] },
                    notices: full.notices.clone(),
                    preview: Some(preview),
                    thumbnails: vec![],
                    examples: vec![],
                }
            }
            Source::TextFolders(set) => SourceSummary {
                rows,
                kind: "text".into(),
                task: s.task(),
                class_names,
                class_counts,
                input_dims: vec![],
                preview: None,
                thumbnails: vec![],
                notices: set.notices.clone(),
                examples: text_examples(set, 3),
            },
            Source::Images(set) => {
                let o = &set.options;
                SourceSummary {
                    rows,
                    kind: "images".into(),
                    task: s.task(),
                    class_names,
                    class_counts,
                    input_dims: vec![o.height, o.width, o.channels],
                    preview: None,
                    thumbnails: thumbnails(set, 4),
                    notices: set.notices.clone(),
                    examples: vec![],
                }
            }
        })
    }
}

/// Class names and counts over all three splits.
fn class_counts(s: &Splits) -> (Vec<String>, Vec<usize>) {
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
fn text_examples(set: &TextFolders, per_class: usize) -> Vec<(u32, String)> {
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

/// Up to `per_class` images of each class as grey bytes (the mean over channels).
fn thumbnails(set: &ImageSet, per_class: usize) -> Vec<(u32, Vec<u8>)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uploaded_table_summarises_and_prepares() {
        let csv = b"a,b,label\n1,x,yes\n2,y,no\n3,x,yes\n4,y,no\n5,x,yes\n6,y,no\n7,x,yes\n8,y,no\n9,x,yes\n10,y,no\n";
        let src = Source::upload_table(csv, None).expect("reads");
        let s = src.summary().expect("summary");
        assert_eq!(s.kind, "table");
        assert_eq!(s.rows, 10);
        assert_eq!(s.task, Task::Binary);
        assert_eq!(s.class_counts.iter().sum::<usize>(), 10);
        assert_eq!(s.input_dims, vec![3], "a numeric column and a one-hot column of two levels");
        assert!(s.preview.is_some());
        let text = b"review,sentiment\n\"a fine film\",pos\n\"a bad film\",neg\n\"so good\",pos\n\"so bad\",neg\n\"great\",pos\n\"awful\",neg\n\"loved it\",pos\n\"hated it\",neg\n\"superb\",pos\n\"dull\",neg\n";
        let t = Source::upload_table(text, None).expect("reads").summary().expect("summary");
        assert_eq!((t.kind.as_str(), t.input_dims.len()), ("text", 0), "a text column trains a text model");
        let p = src.prepare(&TextPrepConfig::default(), &SplitConfig::default(), 1).expect("prepares");
        assert_eq!(p.splits.train.len() + p.splits.validation.len() + p.splits.test.len(), 10);
    }

    #[test]
    fn a_very_wide_line_is_refused_at_once() {
        let wide = format!("{}b\n", "a,".repeat(3_000_000));
        let err = Source::upload_table(wide.as_bytes(), None).expect_err("refused before parsing");
        assert!(err.to_string().contains("3000001 fields"), "{err}");
    }

    #[test]
    fn bad_uploads_are_messages() {
        assert!(Source::upload_table(b"", None).is_err());
        let err = Source::upload_table(b"a,b\n1,2\n", Some("zzz")).expect_err("no such column");
        assert!(err.to_string().contains("zzz"), "{err}");
        let one_class = Source::upload_table(b"x,y\n1,a\n2,a\n3,a\n", None).expect("reads");
        let err = one_class.summary().expect_err("one class");
        assert!(err.to_string().contains("at least 2 classes"), "{err}");
    }
}
