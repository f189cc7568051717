//! A loaded data set, whatever it came from (a built-in asset or a file the user picked), how it
//! becomes [`Splits`] for a run, and its [`SourceSummary`]. The worker keeps one [`Source`]; each
//! Train prepares it again with that run's split, seed and text settings. Reading picked files
//! into a `Source` is [`crate::upload`]'s business.

use kiln_i18n::Msg;
use std::sync::Arc;

use kiln_core::{SplitConfig, Task, TextPrepConfig};

use crate::builtin::AssetKind;
use crate::error::DataError;
use crate::examples::{Inputs, Splits, Targets};
use crate::images::{ImageSet, load_idx, prepare_images};
use crate::prepare::{Encoded, PreparedText, prepare_text};
use crate::preprocess::Preprocess;
use crate::preview::{PreviewOptions, TablePreview, preview_table};
use crate::reviews::{Review, ReviewStats, parse_tsv};
use crate::summary::{SourceKind, SourceSummary, class_counts, sentence_lengths, text_examples, thumbnails};
use crate::table::{ReadOptions, Table, read_table};
use crate::tabular::{PrepareOptions, PreparedTable, prepare_table};
use crate::text::Vocabulary;
use crate::textset::{TextFolders, prepare_text_set};
use crate::tokenizer::TextTokenizer;

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
    // `prepare` has just tokenized with this choice, so it is available.
    let tokenizer = TextTokenizer::for_prep(prep).ok()?;
    Some(PreparedText {
        vocab: vocab.clone(),
        train: empty.clone(),
        validation: empty.clone(),
        test: empty,
        test_texts: Vec::new(),
        prep: *prep,
        tokenizer,
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
                let labels = labels.ok_or_else(|| DataError::invalid("error-data-no-labels-file"))?;
                Ok(Source::Images(load_idx(main, labels)?))
            }
        }
    }

    /// Prepares the splits for a run, checking that every split asked for has examples and every
    /// class is in the training split ([`Splits::check_sizes`]), so a run never starts on an
    /// empty split.
    ///
    /// # Errors
    /// [`DataError`] naming what does not fit (a target with one class, no usable input, a split
    /// too small for the data: "the validation split is empty: 7 rows with 10 % for validation
    /// give none; …").
    pub fn prepare(&self, prep: &TextPrepConfig, split: &SplitConfig, seed: u64) -> Result<Prepared, DataError> {
        let p = self.prepare_unchecked(prep, split, seed)?;
        p.splits.check_sizes(split, self.unit()).map_err(DataError::Invalid)?;
        Ok(p)
    }

    /// What one example is called in messages: `sentences`, `rows`, `images` or `texts`.
    pub fn unit(&self) -> &'static str {
        match self {
            Source::Reviews(_) => "sentences",
            Source::Table(..) => "rows",
            Source::Images(_) => "images",
            Source::TextFolders(_) => "texts",
        }
    }

    /// [`Source::prepare`] without the size check (the summary states it instead).
    fn prepare_unchecked(&self, prep: &TextPrepConfig, split: &SplitConfig, seed: u64) -> Result<Prepared, DataError> {
        match self {
            Source::Reviews(rows) => {
                let text = prepare_text(rows, prep, split, seed)?;
                let splits = Splits::from(&text);
                let preprocess = Preprocess::text(&text.vocab, prep, None, &splits);
                Ok(Prepared { splits, text: Some(text), preprocess })
            }
            Source::Table(table, options) => {
                let options = PrepareOptions { split: *split, seed, text: *prep, ..options.clone() };
                let p = prepare_table(table, &options)?;
                let mut preprocess = match &p.vocab {
                    Some((column, vocab)) => Preprocess::text(vocab, prep, Some(column.clone()), &p.splits),
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
                    Some((_, vocab)) => Preprocess::text(vocab, prep, None, &p.splits),
                    None => return Err(DataError::invalid("error-data-no-vocabulary")),
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
                other = self.prepare_unchecked(&TextPrepConfig::default(), &SplitConfig::default(), 42)?;
                &other.splits
            }
        };
        let split = match self {
            Source::Table(_, options) => options.split,
            _ => SplitConfig::default(),
        };
        // Too small for the default split: said now; Train refuses with the same message.
        let small = s.check_sizes(&split, self.unit()).err().map(|m| {
            let pct = |f: f64| format!("{:.0} %", f * 100.0);
            Msg::new("data-notice-too-small")
                .arg("train", pct(split.train))
                .arg("validation", pct(split.validation))
                .arg("test", pct(split.test))
                .arg("problem", m)
        });
        let (class_names, class_counts) = class_counts(s);
        let rows = s.train.len() + s.validation.len() + s.test.len();
        let mut summary = match self {
            Source::Reviews(reviews) => {
                let stats = ReviewStats::of(reviews);
                SourceSummary {
                    rows: stats.total,
                    kind: SourceKind::Text,
                    task: Task::Binary,
                    class_names: vec!["negative".into(), "positive".into()],
                    class_counts: vec![stats.total - stats.positive, stats.positive],
                    preview: None,
                    thumbnails: vec![],
                    notices: vec![],
                    examples: vec![],
                    token_lengths: sentence_lengths(reviews),
                }
            }
            Source::Table(table, options) => {
                let preview = preview_table(
                    table,
                    &PreviewOptions {
                        target: Some(options.target.clone()),
                        rows: 8,
                        kinds: options.kinds.clone(),
                        undo: options.undo.clone(),
                        target_reason: options.target_reason.clone(),
                    },
                )?;
                let full = full.as_ref().ok_or(DataError::NoRows)?;
                // A table whose input is a text column trains a text model (token ids).
                let text = matches!(s.train.inputs, Inputs::Tokens { .. });
                SourceSummary {
                    rows,
                    kind: if text { SourceKind::Text } else { SourceKind::Table { width: full.feature_names().len() } },
                    task: s.task(),
                    class_names,
                    class_counts,
                    notices: table_notices(&preview, &full.notices),
                    preview: Some(preview),
                    thumbnails: vec![],
                    examples: vec![],
                    token_lengths: vec![],
                }
            }
            Source::TextFolders(set) => SourceSummary {
                rows,
                kind: SourceKind::Text,
                task: s.task(),
                class_names,
                class_counts,
                preview: None,
                thumbnails: vec![],
                notices: set.notices.clone(),
                examples: text_examples(set, 3),
                token_lengths: vec![],
            },
            Source::Images(set) => {
                let o = &set.options;
                SourceSummary {
                    rows,
                    kind: SourceKind::Images { height: o.height, width: o.width, channels: o.channels },
                    task: s.task(),
                    class_names,
                    class_counts,
                    preview: None,
                    thumbnails: thumbnails(set, 4),
                    notices: set.notices.clone(),
                    examples: vec![],
                    token_lengths: vec![],
                }
            }
        };
        summary.notices.extend(small);
        Ok(summary)
    }
}

/// What the page lists under a table: the default target's reason, every guess in force (each
/// reading's rule; undone ones are said too), what reading the file found (skipped rows, the
/// encoding, missing values…), then what preparing did.
fn table_notices(preview: &TablePreview, prepared: &[Msg]) -> Vec<Msg> {
    let mut out = Vec::new();
    if let (Some(t), Some(why)) = (&preview.target, &preview.target_reason) {
        out.push(Msg::new("data-notice-predicting").arg("column", t).arg("why", why.clone()));
    }
    for r in &preview.readings {
        out.push(if r.undone { Msg::new("data-notice-undone").arg("rule", r.rule.clone()) } else { r.rule.clone() });
    }
    // What reading the file said (skipped empty rows, the encoding, missing values…), then what
    // preparing did; each sentence once, and reading rules only once (above).
    let rules: Vec<&Msg> = preview.readings.iter().map(|r| &r.rule).collect();
    for n in preview.notices.iter().chain(prepared) {
        if !rules.contains(&n) && !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}
