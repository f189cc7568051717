//! What a trained model needs to score new raw input, kept with it in the model file: raw texts
//! → token ids, a row of column values → standardised / one-hot features, image bytes → pixels;
//! and that same fixed preprocessing applied to a whole data set, to evaluate a saved model (or
//! train it further) on data encoded exactly as it was trained.
//!
//! A [`Preprocess`] is built from what preparation already computed — the training split's
//! vocabulary ([`crate::text::Vocabulary`]), its column statistics ([`Feature`]), the image size
//! ([`ImageOptions`]) — and is plain serde data. It never refits: new input is encoded with the
//! training split's vocabulary and statistics, as the validation and test splits were. An
//! [`Encoder`] is a checked `Preprocess` ready to encode (a file from outside is validated once,
//! when the encoder is made).

use std::borrow::Cow;

use kiln_core::{InputSpec, SplitConfig, Task, TextPrepConfig, Tokenizer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::DataError;
use crate::examples::{Examples, Inputs, Splits, Targets};
use crate::images::{ImageOptions, decode_image};
use crate::raw::RawExamples;
use crate::source::Source;
use crate::split::stratified_split;
use crate::table::{Table, is_missing, parse_number};
use crate::tabular::{Feature, MissingPolicy, raw_rows};
use crate::text::Vocabulary;
use crate::tokenizer::TextTokenizer;

/// Name of the Keras-style tokenizer [`crate::text::tokenize`] implements (saved with text
/// models, so a future tokenizer change cannot silently re-encode an old model's input).
pub const TOKENIZER: &str = "kiln-words-1";

/// Name of the same tokenizer with runs of Chinese characters cut into words by jieba
/// ([`crate::tokenizer::TextTokenizer::jieba`]); scoring needs jieba's dictionary installed.
pub const TOKENIZER_JIEBA: &str = "kiln-jieba-1";

/// The name a model file records for `kind` ([`TOKENIZER`], [`TOKENIZER_JIEBA`]).
pub fn tokenizer_name(kind: Tokenizer) -> &'static str {
    match kind {
        Tokenizer::Keras => TOKENIZER,
        Tokenizer::Jieba => TOKENIZER_JIEBA,
    }
}
/// Most classes a saved model may name.
const MAX_SAVED_CLASSES: usize = 10_000;
/// Most levels one saved one-hot column may have.
const MAX_SAVED_LEVELS: usize = 10_000;

/// How raw input becomes one model input row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputPrep {
    /// Text → [`crate::text::tokenize`] → ids with the training vocabulary, post-padded /
    /// truncated to `seq_len` (`[seq_len]` ids per text).
    Text {
        /// Tokenizer name ([`TOKENIZER`] or [`TOKENIZER_JIEBA`]).
        tokenizer: String,
        /// Ids per example.
        seq_len: usize,
        /// Vocabulary capacity including padding (0) and out-of-vocabulary (1) ids: the
        /// Embedding's `input_dim`.
        vocab_size: usize,
        /// Words in id order: `words[i]` has id `i + 2`.
        words: Vec<String>,
        /// For a text model trained on a table: the text column (rows are read from it).
        column: Option<String>,
    },
    /// A row of named columns → features `[width]`, `width = Σ feature widths`.
    Table {
        /// Per input column, in feature order: training mean / scale, or one-hot levels.
        features: Vec<Feature>,
        /// Whether the training table wrote decimals with a comma (`0,5`); used for text cells
        /// of JSON rows (a CSV file says for itself).
        decimal_comma: bool,
        /// How the training rows with missing inputs were handled (also applied when a whole
        /// table is encoded for evaluation; single rows are always imputed).
        missing: MissingPolicy,
    },
    /// PNG / JPEG bytes → resized, grey or RGB pixels in `[0, 1]`, `[height, width, channels]`.
    Images {
        /// Rows of pixels.
        height: usize,
        /// Columns of pixels.
        width: usize,
        /// 1 (grey) or 3 (RGB).
        channels: usize,
    },
}

/// Everything needed to turn raw input into model input and model output into named classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preprocess {
    /// How one input is encoded.
    pub input: InputPrep,
    /// The task of the targets the model was trained on.
    pub task: Task,
    /// Class names, index = class id (empty for regression).
    pub class_names: Vec<String>,
    /// The target column, for models trained on a table.
    pub target: Option<String>,
}

impl Preprocess {
    /// A text model's preprocessing: the training vocabulary and sequence length; `column` is the
    /// text column when the texts came from a table.
    pub fn text(vocab: &Vocabulary, prep: &TextPrepConfig, column: Option<String>, splits: &Splits) -> Self {
        Preprocess {
            input: InputPrep::Text {
                tokenizer: tokenizer_name(prep.tokenizer).into(),
                seq_len: prep.seq_len,
                vocab_size: vocab.capacity(),
                words: vocab.words().to_vec(),
                column,
            },
            task: splits.task(),
            class_names: splits.class_names.clone(),
            target: None,
        }
    }

    /// A table model's preprocessing: the fitted features, how the table wrote decimals, the
    /// missing-value policy and the target column.
    pub fn table(features: &[Feature], decimal_comma: bool, missing: MissingPolicy, target: &str, s: &Splits) -> Self {
        Preprocess {
            input: InputPrep::Table { features: features.to_vec(), decimal_comma, missing },
            task: s.task(),
            class_names: s.class_names.clone(),
            target: Some(target.to_owned()),
        }
    }

    /// An image model's preprocessing: the size and colour images are converted to.
    pub fn images(options: &ImageOptions, splits: &Splits) -> Self {
        let ImageOptions { height, width, channels } = *options;
        Preprocess {
            input: InputPrep::Images { height, width, channels },
            task: splits.task(),
            class_names: splits.class_names.clone(),
            target: None,
        }
    }

    /// `text`, `table` or `images` (the word [`crate::source::SourceSummary::kind`] uses).
    pub fn kind(&self) -> &'static str {
        match self.input {
            InputPrep::Text { .. } => "text",
            InputPrep::Table { .. } => "table",
            InputPrep::Images { .. } => "images",
        }
    }

    /// Values per encoded row: `seq_len`, the feature width, or `height × width × channels`.
    pub fn row_len(&self) -> usize {
        match &self.input {
            InputPrep::Text { seq_len, .. } => *seq_len,
            InputPrep::Table { features, .. } => features.iter().map(Feature::width).sum(),
            InputPrep::Images { height, width, channels } => height * width * channels,
        }
    }

    /// The columns a row must have (tables; the text column of a text model trained on a table).
    pub fn columns(&self) -> Vec<&str> {
        match &self.input {
            InputPrep::Table { features, .. } => features.iter().map(feature_column).collect(),
            InputPrep::Text { column: Some(c), .. } => vec![c.as_str()],
            _ => Vec::new(),
        }
    }

    /// Checks that a model's input takes what this preprocessing produces.
    ///
    /// # Errors
    /// A sentence naming both shapes.
    pub fn check_model_input(&self, input: &InputSpec) -> Result<(), String> {
        let fits = match (&self.input, input) {
            (InputPrep::Text { seq_len, vocab_size, .. }, InputSpec::Tokens { seq_len: s, vocab_size: v }) => {
                seq_len == s && vocab_size <= v
            }
            (InputPrep::Table { .. }, InputSpec::Features { width }) => self.row_len() == *width,
            (InputPrep::Images { height, width, channels }, InputSpec::Images { height: h, width: w, channels: c }) => {
                (height, width, channels) == (h, w, c)
            }
            _ => false,
        };
        let made = match &self.input {
            InputPrep::Text { seq_len, vocab_size, .. } => format!("{seq_len} token ids below {vocab_size}"),
            InputPrep::Table { .. } => format!("{} features", self.row_len()),
            InputPrep::Images { height, width, channels } => format!("{height}×{width}×{channels} images"),
        };
        if fits { Ok(()) } else { Err(format!("the preprocessing makes {made} but the model's input is {input:?}")) }
    }
}

/// The column a feature reads.
fn feature_column(f: &Feature) -> &str {
    match f {
        Feature::Numeric { column, .. } | Feature::OneHot { column, .. } => column,
    }
}

/// `cell(row, column)`: a row's cell text (`None`: missing), or why the row cannot be read.
type CellFn<'f, 'c> = &'f dyn Fn(usize, &str) -> Result<Option<Cow<'c, str>>, DataError>;

/// Not yet in the message files: a saved model's encoder is not on the page yet (issue 12's
/// deploy panel brings it); its messages read in English in every language until then.
fn invalid(message: String) -> DataError {
    DataError::untranslated(message)
}

/// A validated [`Preprocess`], ready to encode raw input.
#[derive(Debug, Clone)]
pub struct Encoder {
    pre: Preprocess,
    vocab: Option<Vocabulary>,
    tokenizer: Option<TextTokenizer>,
}

impl Encoder {
    /// Checks `pre` (it may come from a file made elsewhere) and builds the vocabulary once.
    ///
    /// # Errors
    /// [`DataError::Invalid`] for an unknown tokenizer, sizes out of range (sequence length 1 to
    /// 4096, vocabulary 3 to 1,000,000 with at most `vocab_size − 2` distinct non-empty words,
    /// images 1 to 512 pixels a side with 1 or 3 channels), a table without features or with
    /// non-finite statistics, or class names that do not fit the task.
    pub fn new(pre: Preprocess) -> Result<Self, DataError> {
        let mut text_tokenizer = None;
        let vocab = match &pre.input {
            InputPrep::Text { tokenizer, seq_len, vocab_size, words, .. } => {
                let kind = match tokenizer.as_str() {
                    TOKENIZER => Tokenizer::Keras,
                    TOKENIZER_JIEBA => Tokenizer::Jieba,
                    _ => {
                        return Err(invalid(format!(
                            "the model's tokenizer `{tokenizer}` is not one this Kiln knows ({TOKENIZER}, {TOKENIZER_JIEBA}): open it with the Kiln that made it"
                        )));
                    }
                };
                let prep = TextPrepConfig { tokenizer: kind, ..TextPrepConfig::default() };
                text_tokenizer = Some(TextTokenizer::for_prep(&prep)?);
                if !(1..=4096).contains(seq_len) || !(3..=1_000_000).contains(vocab_size) {
                    return Err(invalid(format!(
                        "sequence length {seq_len} or vocabulary size {vocab_size} is out of range (1 to 4096, 3 to 1000000)"
                    )));
                }
                if words.len() > vocab_size - 2 {
                    return Err(invalid(format!(
                        "the vocabulary lists {} words but has room for {}",
                        words.len(),
                        vocab_size - 2
                    )));
                }
                let mut seen = std::collections::HashSet::with_capacity(words.len());
                if let Some(w) = words.iter().find(|w| w.is_empty() || !seen.insert(w.as_str())) {
                    return Err(invalid(format!("the vocabulary has an empty or repeated word `{w}`")));
                }
                Some(Vocabulary::from_words(words.clone(), *vocab_size))
            }
            InputPrep::Table { features, .. } => {
                check_features(features)?;
                None
            }
            InputPrep::Images { height, width, channels } => {
                if !(1..=512).contains(height) || !(1..=512).contains(width) || ![1, 3].contains(channels) {
                    return Err(invalid(format!(
                        "image size {height}×{width}×{channels} is out of range (1 to 512 a side, 1 or 3 channels)"
                    )));
                }
                None
            }
        };
        let k = pre.class_names.len();
        let fits = match pre.task {
            Task::Binary => k == 2,
            Task::MultiClass { classes } => classes == k && (2..=MAX_SAVED_CLASSES).contains(&k),
            Task::Regression => k == 0,
        };
        if !fits {
            return Err(invalid(format!("{k} class names do not fit the task {:?}", pre.task)));
        }
        Ok(Encoder { pre, vocab, tokenizer: text_tokenizer })
    }

    /// The preprocessing this encoder applies.
    pub fn preprocess(&self) -> &Preprocess {
        &self.pre
    }

    /// A text model's training vocabulary (`None` for table and image models).
    pub fn vocabulary(&self) -> Option<&Vocabulary> {
        self.vocab.as_ref()
    }

    /// A text model's tokenizer, as its file names it (`None` for table and image models).
    pub fn tokenizer(&self) -> Option<&TextTokenizer> {
        self.tokenizer.as_ref()
    }

    fn not_for(&self, what: &str) -> DataError {
        let takes = match &self.pre.input {
            InputPrep::Text { column: Some(c), .. } => format!("texts (or rows with a `{c}` column)"),
            InputPrep::Text { .. } => "texts".to_owned(),
            InputPrep::Table { .. } => format!("table rows with the columns {}", self.pre.columns().join(", ")),
            InputPrep::Images { .. } => "images (PNG or JPEG)".to_owned(),
        };
        invalid(format!("this model takes {takes}, not {what}"))
    }

    /// Encodes texts: `Inputs::Tokens` `[texts.len(), seq_len]`.
    ///
    /// # Errors
    /// [`DataError::Invalid`] when the model does not take text.
    pub fn texts(&self, texts: &[&str]) -> Result<Inputs, DataError> {
        match (&self.pre.input, &self.vocab) {
            (InputPrep::Text { seq_len, .. }, Some(vocab)) => {
                let tok = self.tokenizer.clone().unwrap_or_else(TextTokenizer::keras);
                let ids = texts.iter().flat_map(|t| vocab.encode(&tok.tokenize(t), *seq_len)).collect();
                Ok(Inputs::Tokens { ids, seq_len: *seq_len })
            }
            _ => Err(self.not_for("texts")),
        }
    }

    /// Encodes JSON rows `{column: value}`: strings and numbers are cell text, `null` is a
    /// missing value (filled as in training: the training mean or mode); columns the model does
    /// not use are ignored. `Inputs::Features` `[rows.len(), width]`, or tokens for a text model
    /// trained on a table.
    ///
    /// # Errors
    /// [`DataError::Invalid`] naming the row (1-based) for a missing column or a value that is
    /// an array or object, or when the model does not take rows.
    pub fn rows(&self, rows: &[Map<String, Value>]) -> Result<Inputs, DataError> {
        let comma = matches!(self.pre.input, InputPrep::Table { decimal_comma: true, .. });
        self.encode_cells(rows.len(), comma, &|r, column| match rows[r].get(column) {
            None => Err(invalid(format!(
                "row {} has no `{column}`: the model needs the columns {}",
                r + 1,
                self.pre.columns().join(", ")
            ))),
            Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(Cow::Borrowed(s.as_str()))),
            Some(Value::Number(n)) => Ok(Some(Cow::Owned(n.to_string()))),
            Some(Value::Bool(b)) => Ok(Some(Cow::Owned(b.to_string()))),
            Some(_) => Err(invalid(format!("row {}: `{column}` must be a string, a number or null", r + 1))),
        })
    }

    /// Encodes every row of a table (a CSV read with [`crate::read_table`]) by column name;
    /// other columns (the target, say) are ignored.
    ///
    /// # Errors
    /// [`DataError::Invalid`] when a needed column is missing or the model does not take rows.
    pub fn table(&self, table: &Table) -> Result<Inputs, DataError> {
        self.table_rows(table, &(0..table.rows).collect::<Vec<_>>())
    }

    fn table_rows(&self, table: &Table, rows: &[usize]) -> Result<Inputs, DataError> {
        let columns: Vec<(&str, usize)> =
            self.pre.columns().into_iter().map(|c| table.index_of(c).map(|i| (c, i))).collect::<Result<_, _>>()?;
        self.encode_cells(rows.len(), table.decimal_comma(), &|r, column| {
            let i = columns.iter().find(|(c, _)| *c == column).map_or(0, |(_, i)| *i);
            Ok(Some(Cow::Borrowed(table.columns[i].get(rows[r]))))
        })
    }

    /// Encodes `n` rows whose cells `cell(row, column)` gives (`None`: missing).
    fn encode_cells<'c>(&self, n: usize, comma: bool, cell: CellFn<'_, 'c>) -> Result<Inputs, DataError> {
        match &self.pre.input {
            InputPrep::Text { column: Some(column), .. } => {
                let texts: Vec<Cow<'c, str>> =
                    (0..n).map(|r| cell(r, column).map(Option::unwrap_or_default)).collect::<Result<_, _>>()?;
                self.texts(&texts.iter().map(|t| t.as_ref()).collect::<Vec<_>>())
            }
            InputPrep::Table { features, .. } => {
                let width = self.pre.row_len();
                let mut values = vec![0.0f32; n * width];
                for (r, out) in values.chunks_exact_mut(width.max(1)).enumerate() {
                    let mut at = 0;
                    for f in features {
                        let value = cell(r, feature_column(f))?;
                        encode_feature(f, value.as_deref(), comma, &mut out[at..at + f.width()]);
                        at += f.width();
                    }
                }
                Ok(Inputs::Features { values, width })
            }
            _ => Err(self.not_for("table rows")),
        }
    }

    /// Decodes images `(name, bytes)` (PNG or JPEG, any size: resized as in training):
    /// `Inputs::Images` `[images.len(), height, width, channels]`.
    ///
    /// # Errors
    /// [`DataError::Invalid`] naming the image that does not decode, or when the model does not
    /// take images.
    pub fn images(&self, images: &[(&str, &[u8])]) -> Result<Inputs, DataError> {
        let InputPrep::Images { height, width, channels } = self.pre.input else {
            return Err(self.not_for("images"));
        };
        let options = ImageOptions { height, width, channels };
        let mut pixels = Vec::with_capacity(images.len() * self.pre.row_len());
        for (name, bytes) in images {
            pixels.extend(decode_image(name, bytes, &options)?);
        }
        Ok(Inputs::Images { pixels, height, width, channels })
    }

    /// A data set split (seeded, stratified, exactly as preparation splits it) and encoded with
    /// this fixed preprocessing, with the model's class ids: to evaluate a saved model on the
    /// data it was trained on (the same `split` and `seed` give the same test rows) or on new
    /// data, or to continue training it.
    ///
    /// # Errors
    /// [`DataError::Invalid`] when the data's kind does not suit the model, a class is one the
    /// model does not know, a needed column is missing, images were read at another size, or no
    /// rows are left for training.
    pub fn splits(&self, source: &Source, split: &SplitConfig, seed: u64) -> Result<Splits, DataError> {
        split.validate().map_err(invalid)?;
        match (source, &self.pre.input) {
            (Source::Reviews(rows), InputPrep::Text { column: None, .. }) => {
                let names = ["negative".to_owned(), "positive".to_owned()];
                let labels = self.class_ids(&names, rows.iter().map(|r| r.label))?;
                let texts = |ix: &[usize]| ix.iter().map(|&i| rows[i].text.as_str()).collect::<Vec<_>>();
                self.assemble(Labels::Classes(labels), split, seed, &|ix| self.texts(&texts(ix)), &|ix| {
                    RawExamples::Texts { texts: ix.iter().map(|&i| rows[i].text.clone()).collect() }
                })
            }
            (Source::TextFolders(set), InputPrep::Text { column: None, .. }) => {
                let labels = self.class_ids(&set.class_names, set.labels.iter().copied())?;
                let texts = |ix: &[usize]| ix.iter().map(|&i| set.texts[i].as_str()).collect::<Vec<_>>();
                self.assemble(Labels::Classes(labels), split, seed, &|ix| self.texts(&texts(ix)), &|ix| {
                    RawExamples::texts_of(&set.texts, ix)
                })
            }
            (Source::Images(set), InputPrep::Images { height, width, channels }) => {
                let o = set.options;
                if (o.height, o.width, o.channels) != (*height, *width, *channels) {
                    return Err(invalid(format!(
                        "the images were read at {}×{}×{} but the model takes {height}×{width}×{channels}",
                        o.height, o.width, o.channels
                    )));
                }
                let labels = self.class_ids(&set.class_names, set.labels.iter().copied())?;
                let len = self.pre.row_len();
                self.assemble(
                    Labels::Classes(labels),
                    split,
                    seed,
                    &|ix| {
                        let mut pixels = Vec::with_capacity(ix.len() * len);
                        for &i in ix {
                            pixels.extend_from_slice(set.pixels.get(i * len..(i + 1) * len).unwrap_or(&[]));
                        }
                        Ok(Inputs::Images { pixels, height: *height, width: *width, channels: *channels })
                    },
                    &|_| RawExamples::None,
                )
            }
            (Source::Table(table, _), InputPrep::Table { .. } | InputPrep::Text { column: Some(_), .. }) => {
                self.table_splits(table, split, seed)
            }
            (other, _) => {
                let kind = match other {
                    Source::Reviews(_) | Source::TextFolders(_) => "texts",
                    Source::Table(..) => "a table",
                    Source::Images(_) => "images",
                };
                Err(self.not_for(kind))
            }
        }
    }

    /// The model's class id for each of the data's labels (`names[label]` looked up by name).
    fn class_ids(&self, names: &[String], labels: impl Iterator<Item = u32>) -> Result<Vec<u32>, DataError> {
        let map: Vec<Option<u32>> =
            names.iter().map(|n| self.pre.class_names.iter().position(|c| c == n).map(|i| i as u32)).collect();
        labels
            .map(|l| {
                map.get(l as usize).copied().flatten().ok_or_else(|| {
                    let name = names.get(l as usize).map_or("?", String::as_str);
                    self.unknown_class(name)
                })
            })
            .collect()
    }

    fn unknown_class(&self, name: &str) -> DataError {
        invalid(format!(
            "the data has the class `{name}`, which the model does not know (its classes: {})",
            self.pre.class_names.join(", ")
        ))
    }

    /// Rows of a table kept as preparation keeps them (target present; inputs present when the
    /// policy drops rows, or for a text column), with their targets.
    fn table_splits(&self, table: &Table, split: &SplitConfig, seed: u64) -> Result<Splits, DataError> {
        let target = self.pre.target.as_deref().ok_or_else(|| invalid("the model names no target column".into()))?;
        let target = table.column(target)?;
        let comma = table.decimal_comma();
        let columns: Vec<usize> = self.pre.columns().iter().map(|c| table.index_of(c)).collect::<Result<_, _>>()?;
        let (drop_missing, numeric): (bool, Vec<bool>) = match &self.pre.input {
            InputPrep::Table { features, missing, .. } => (
                *missing == MissingPolicy::DropRows,
                features.iter().map(|f| matches!(f, Feature::Numeric { .. })).collect(),
            ),
            _ => (true, vec![false]),
        };
        let present = |r: usize| {
            columns.iter().zip(&numeric).all(|(&c, &num)| {
                let cell = table.columns[c].get(r);
                if num { parse_number(cell, comma).is_some_and(f64::is_finite) } else { !is_missing(cell) }
            })
        };
        let (mut kept, mut labels, mut values) = (Vec::new(), Vec::new(), Vec::new());
        for r in 0..table.rows {
            let cell = target.get(r);
            let (label, value) = match self.pre.task {
                Task::Regression => match parse_number(cell, comma).filter(|v| v.is_finite()) {
                    Some(v) => (0, v as f32),
                    None => continue,
                },
                _ if is_missing(cell) => continue,
                _ => match self.pre.class_names.iter().position(|c| c == cell.trim()) {
                    Some(k) => (k as u32, 0.0),
                    None => return Err(self.unknown_class(cell.trim())),
                },
            };
            if drop_missing && !present(r) {
                continue;
            }
            kept.push(r);
            labels.push(label);
            values.push(value);
        }
        let labels = if self.pre.task == Task::Regression { Labels::Values(values) } else { Labels::Classes(labels) };
        let text_column = match &self.pre.input {
            InputPrep::Text { column: Some(c), .. } => Some(table.index_of(c)?),
            _ => None,
        };
        let rows = |ix: &[usize]| ix.iter().map(|&k| kept[k]).collect::<Vec<_>>();
        self.assemble(labels, split, seed, &|ix| self.table_rows(table, &rows(ix)), &|ix| {
            raw_rows(table, text_column, &rows(ix))
        })
    }

    /// Splits rows `0..labels.len()` and builds each split's examples.
    fn assemble(
        &self,
        labels: Labels,
        split: &SplitConfig,
        seed: u64,
        inputs: &dyn Fn(&[usize]) -> Result<Inputs, DataError>,
        raw: &dyn Fn(&[usize]) -> RawExamples,
    ) -> Result<Splits, DataError> {
        let strata = match &labels {
            Labels::Classes(l) => l.clone(),
            Labels::Values(v) => vec![0; v.len()],
        };
        let s = stratified_split(&strata, split, seed);
        if s.train.is_empty() {
            return Err(invalid("no rows left for training: use more data or a larger training fraction".into()));
        }
        let examples = |ix: &[usize]| -> Result<Examples, DataError> {
            let targets = match (&labels, self.pre.task) {
                (Labels::Values(v), _) => Targets::Regression { values: ix.iter().map(|&i| v[i]).collect() },
                (Labels::Classes(l), Task::MultiClass { classes }) => {
                    Targets::Classes { labels: ix.iter().map(|&i| l[i]).collect(), classes }
                }
                (Labels::Classes(l), _) => Targets::Binary { labels: ix.iter().map(|&i| l[i]).collect() },
            };
            Ok(Examples { inputs: inputs(ix)?, targets })
        };
        Ok(Splits {
            train: examples(&s.train)?,
            validation: examples(&s.validation)?,
            test: examples(&s.test)?,
            class_names: self.pre.class_names.clone(),
            test_raw: raw(&s.test),
        })
    }
}

/// Per-row targets before splitting.
enum Labels {
    Classes(Vec<u32>),
    Values(Vec<f32>),
}

/// Checks saved feature statistics.
fn check_features(features: &[Feature]) -> Result<(), DataError> {
    if features.is_empty() {
        return Err(invalid("the table model has no input columns".into()));
    }
    for f in features {
        match f {
            Feature::Numeric { column, mean, scale, .. } => {
                if !(mean.is_finite() && scale.is_finite() && *scale > 0.0) {
                    return Err(invalid(format!("`{column}`: the saved mean {mean} / scale {scale} are not usable")));
                }
            }
            Feature::OneHot { column, levels, .. } => {
                if levels.is_empty() || levels.len() > MAX_SAVED_LEVELS {
                    return Err(invalid(format!("`{column}` has {} levels (1 to {MAX_SAVED_LEVELS})", levels.len())));
                }
            }
        }
    }
    Ok(())
}

/// Writes one column's feature values into `out` (`[f.width()]`), as preparation does: a number
/// is `(x − mean) / scale` (missing or not a finite number → the mean, i.e. 0); a category is
/// one-hot over the training levels (missing → the mode; a level never seen → all zeros).
fn encode_feature(f: &Feature, cell: Option<&str>, comma: bool, out: &mut [f32]) {
    match f {
        Feature::Numeric { mean, scale, .. } => {
            let v = cell.and_then(|c| parse_number(c, comma)).filter(|v| v.is_finite()).unwrap_or(*mean);
            out[0] = ((v - mean) / scale) as f32;
        }
        Feature::OneHot { levels, mode, .. } => {
            let level = match cell {
                Some(c) if !is_missing(c) => c.trim(),
                _ => mode.as_str(),
            };
            if let Some(k) = levels.iter().position(|l| l == level) {
                out[k] = 1.0;
            }
        }
    }
}

#[cfg(test)]
#[path = "preprocess_tests.rs"]
mod tests;
