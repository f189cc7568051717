//! `kiln train`, `kiln evaluate` and `kiln predict`: any spec on any data through the page's
//! pipeline (kiln-data's [`kiln_data::source::Source`], kiln-ml's [`Trainer`]), printing the
//! page's per-epoch metrics, and the `.kiln` model file in and out.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use kiln_core::presets::{reference_sentiment, small_cnn, small_mlp, suggest_output};
use kiln_core::{Engine, InputSpec, ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_data::images::ImageOptions;
use kiln_data::{InputPrep, Inputs, ReadOptions, Splits, read_table};
use kiln_ml::modelfile::{self, ModelMeta};
use kiln_ml::{Device, Model, Trainer};
use kiln_protocol::{Event, TestMetrics};

use crate::NativeHost;
use crate::data::{self, DataArgs};
use crate::engine::{self, EngineArg};

/// What `kiln train` was asked.
#[derive(Debug, Clone)]
pub struct TrainArgs {
    /// A spec (`.json`: a `ModelSpec` or the page's `{"model", "config"}` download) or a saved
    /// model (`.kiln`: training continues from its weights and preprocessing); `None`: a preset
    /// for the data's kind.
    pub spec: Option<PathBuf>,
    /// The data.
    pub data: DataArgs,
    /// Where the `.kiln` file is written.
    pub out: PathBuf,
    /// Overrides of the spec file's (or the default) training settings.
    pub epochs: Option<usize>,
    /// Examples per gradient step.
    pub batch_size: Option<usize>,
    /// The optimizer (its learning rate: `learning_rate`, else the spec file's).
    pub optimizer: Option<kiln_core::OptimizerKind>,
    /// The optimizer's learning rate.
    pub learning_rate: Option<f64>,
    /// Seed of the split, initial weights and shuffling.
    pub seed: Option<u64>,
    /// Text preparation when the spec does not fix it (its input is not token ids).
    pub prep: TextPrepConfig,
    /// Engine.
    pub engine: EngineArg,
    /// Devices to train on, data-parallel.
    pub devices: usize,
}

/// Reads a spec file: a bare `ModelSpec` or the page's `{"model": …, "config": …}`.
///
/// # Errors
/// A message naming the file.
pub fn read_spec(path: &Path) -> Result<(ModelSpec, Option<TrainConfig>), String> {
    let text = String::from_utf8(data::read(path)?).map_err(|_| format!("{}: not a text file", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON ({e})", path.display()))?;
    let (model, config) = match value.get("model") {
        Some(m) => (m.clone(), value.get("config").cloned()),
        None => (value, None),
    };
    let spec: ModelSpec =
        serde_json::from_value(model).map_err(|e| format!("{}: not a model spec ({e})", path.display()))?;
    let config = config
        .map(serde_json::from_value::<TrainConfig>)
        .transpose()
        .map_err(|e| format!("{}: bad training settings ({e})", path.display()))?;
    Ok((spec, config))
}

/// Opens a `.kiln` file on the CPU.
///
/// # Errors
/// The path and the model file's message.
pub fn open_model(path: &Path) -> Result<Model, String> {
    Model::from_bytes(&data::read(path)?, &Device::flex()).map_err(|e| format!("{}: {e}", path.display()))
}

/// The preset Kiln offers for the data: the reference sentiment model for text, a small MLP for
/// tables, a small CNN for images; the last layer and loss suit the task.
fn default_spec(splits: &Splits, prep: &TextPrepConfig) -> ModelSpec {
    let task = splits.task();
    let (out, loss) = suggest_output(task);
    let mut spec = match splits.train.inputs {
        Inputs::Tokens { .. } => reference_sentiment(prep.vocab_size, prep.seq_len).spec,
        Inputs::Features { width, .. } => return small_mlp(width, task).spec,
        Inputs::Images { height, width, channels, .. } => {
            ModelSpec { input: InputSpec::Images { height, width, channels }, ..small_cnn().spec }
        }
    };
    spec.layers.pop();
    spec.layers.push(out);
    spec.loss = loss;
    spec
}

/// The data's input shape in the spec (the page does the same: the input is the data's).
fn fit_input(spec: &mut ModelSpec, splits: &Splits) {
    match splits.train.inputs {
        Inputs::Features { width, .. } => spec.input = InputSpec::Features { width },
        Inputs::Images { height, width, channels, .. } => spec.input = InputSpec::Images { height, width, channels },
        Inputs::Tokens { .. } => {}
    }
}

fn percent(x: f64) -> String {
    if x.is_nan() { "-".into() } else { format!("{:.2}%", x * 100.0) }
}

/// The line printed for an epoch or the finished run (the page's charts show the same figures).
pub fn event_line(e: &Event) -> Option<String> {
    match e {
        Event::Epoch(m) => Some(format!(
            "epoch {:>3}  loss {:.4}  accuracy {}  val_loss {:.4}  val_accuracy {}  {:.0} samples/s",
            m.epoch,
            m.train_loss,
            percent(m.train_accuracy),
            m.val_loss,
            percent(m.val_accuracy),
            m.samples_per_s
        )),
        Event::Finished { test, .. } => Some(test_line("test", test)),
        _ => None,
    }
}

fn test_line(what: &str, t: &TestMetrics) -> String {
    format!("{what}: loss {:.4}  accuracy {} ({} examples)", t.loss, percent(t.accuracy), t.examples)
}

/// Writes `bytes` to `path` through a temporary file and a rename (no half-written model).
///
/// # Errors
/// The path and the I/O error.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("kiln.tmp");
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Trains, printing each line through `say`, and writes the `.kiln` file; returns its description.
///
/// # Errors
/// A message: unreadable spec, model or data, a spec that does not fit the data, bad settings,
/// divergence, or the file not written.
pub fn train(args: &TrainArgs, say: &mut dyn FnMut(&str)) -> Result<ModelMeta, String> {
    let spec_path = args.spec.as_deref();
    let saved = match spec_path {
        Some(p) if p.extension().is_some_and(|e| e == "kiln") => Some(open_model(p)?),
        _ => None,
    };
    let (file_spec, file_config) = match (spec_path, &saved) {
        (_, Some(m)) => (Some(m.meta().spec.clone()), Some(m.meta().train.clone())),
        (Some(p), None) => {
            let (s, c) = read_spec(p)?;
            (Some(s), c)
        }
        (None, None) => (None, None),
    };
    let mut data_args = args.data.clone();
    let mut prep = args.prep;
    if let Some(InputSpec::Tokens { seq_len, vocab_size }) = file_spec.as_ref().map(|s| &s.input) {
        prep = TextPrepConfig { vocab_size: *vocab_size, seq_len: *seq_len, tokenizer: prep.tokenizer };
    }
    if let Some(InputPrep::Images { height, width, channels }) = saved.as_ref().map(|m| &m.meta().preprocess.input) {
        data_args.image = ImageOptions { height: *height, width: *width, channels: *channels };
    }
    let loaded = data::load(&data_args)?;
    // Without a spec file's settings, a built-in set starts from the page's settings for it
    // (the Chinese reviews: early stopping on val_loss, best weights kept).
    let mut config = file_config.unwrap_or_else(|| match args.data.data.as_slice() {
        [id] => kiln_data::recommended_train(id),
        _ => TrainConfig::default(),
    });
    config.epochs = args.epochs.unwrap_or(config.epochs);
    config.batch_size = args.batch_size.unwrap_or(config.batch_size);
    config.seed = args.seed.unwrap_or(config.seed);
    if let Some(kind) = args.optimizer {
        config.optimizer = kind.spec(config.optimizer.learning_rate());
    }
    if let Some(lr) = args.learning_rate {
        config.optimizer = config.optimizer.with_learning_rate(lr);
    }
    let split = saved.as_ref().map_or_else(SplitConfig::default, |m| m.meta().split);
    let (splits, preprocess) = match &saved {
        Some(m) => {
            let splits =
                m.encoder().splits(&loaded.source, &split, config.seed).map_err(|e| format!("{}: {e}", loaded.name))?;
            (splits, m.meta().preprocess.clone())
        }
        None => {
            let p = loaded.source.prepare(&prep, &split, config.seed).map_err(|e| format!("{}: {e}", loaded.name))?;
            (p.splits, p.preprocess)
        }
    };
    // A saved model keeps its spec; a spec file takes the data's input shape, as in the page.
    let spec = match (&saved, file_spec) {
        (Some(m), _) => m.meta().spec.clone(),
        (None, Some(mut s)) => {
            fit_input(&mut s, &splits);
            s
        }
        (None, None) => default_spec(&splits, &prep),
    };
    let devices = engine::choose(args.engine, args.devices)?;
    config.engine = if devices.engine == "cpu" { Engine::Cpu } else { Engine::Webgpu };
    say(&format!("engine: {}", devices.reason));
    say(&format!(
        "data: {} ({}): {} train / {} validation / {} test",
        loaded.name,
        preprocess.kind(),
        splits.train.len(),
        splits.validation.len(),
        splits.test.len()
    ));
    say(&format!("model: {}", serde_json::to_string(&spec).unwrap_or_default()));
    if let (Some(_), Some(p)) = (&saved, spec_path) {
        say(&format!("continuing from the weights in {}", p.display()));
    }
    let mut trainer = Trainer::from_splits(&spec, &config, &splits, &devices.devices[0]).map_err(|e| e.to_string())?;
    if let Some(m) = &saved {
        trainer = trainer.with_weights(m.network()).map_err(|e| e.to_string())?;
    }
    if devices.devices.len() > 1 {
        trainer = trainer.with_devices(&devices.devices[1..]).map_err(|e| e.to_string())?;
    }
    let mut host = NativeHost::new(|e: &Event| {
        if let Some(line) = event_line(e) {
            say(&line);
        }
    });
    let outcome = pollster::block_on(trainer.fit(&mut host)).map_err(|e| e.to_string())?;
    let meta = ModelMeta::new(spec, trainer.config().clone(), split, preprocess, &loaded.name, outcome.test);
    let bytes = modelfile::save(trainer.network(), &meta).map_err(|e| e.to_string())?;
    write_file(&args.out, &bytes)?;
    say(&format!("saved {} ({} KB)", args.out.display(), bytes.len().div_ceil(1024)));
    modelfile::read_meta(&bytes).map_err(|e| e.to_string())
}

/// `kiln evaluate`: the model on a data set's test split (the split and seed it was trained
/// with, so on its own data set this repeats its test metrics), or on every row with `all`.
///
/// # Errors
/// A message: unreadable model or data, or data that does not suit the model.
pub fn evaluate(
    model: &Path,
    data_args: &DataArgs,
    all: bool,
    say: &mut dyn FnMut(&str),
) -> Result<TestMetrics, String> {
    let model = open_model(model)?;
    let m = model.meta();
    let mut data_args = data_args.clone();
    if let InputPrep::Images { height, width, channels } = m.preprocess.input {
        data_args.image = ImageOptions { height, width, channels };
    }
    let loaded = data::load(&data_args)?;
    let split = if all { SplitConfig { train: 1.0, validation: 0.0, test: 0.0 } } else { m.split };
    let splits =
        model.encoder().splits(&loaded.source, &split, m.train.seed).map_err(|e| format!("{}: {e}", loaded.name))?;
    let examples = if all { &splits.train } else { &splits.test };
    say(&format!("model: trained on {} ({} layers, Kiln {})", m.dataset, m.spec.layers.len(), m.kiln_version));
    say(&test_line("saved test", &m.metrics));
    let t = pollster::block_on(model.evaluate(examples)).map_err(|e| e.to_string())?;
    let which = if all { "all rows" } else { "test split" };
    say(&test_line(&format!("{} ({which})", loaded.name), &t));
    // The report reads `test`: with --all, every row is in the training split (test is empty), so
    // swap them rather than copy the data.
    let mut evaluated = splits;
    if all {
        std::mem::swap(&mut evaluated.test, &mut evaluated.train);
        evaluated.test_raw = kiln_data::raw::RawExamples::None;
    }
    if !evaluated.test.is_empty() {
        let report = pollster::block_on(model.report(&evaluated)).map_err(|e| e.to_string())?;
        for line in crate::report_text::lines(&report) {
            say(&line);
        }
    }
    Ok(t)
}

/// Every image file named (folders: the files in them, sorted).
fn image_files(paths: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            inner.sort();
            out.extend(image_files(&inner)?);
        } else {
            out.push((p.display().to_string(), data::read(p)?));
        }
    }
    Ok(out)
}

/// `kiln predict`: scores lines of text (files or `input`), CSV tables (files or `input`) or
/// image files, writing one JSON object per input to `output`; returns how many.
///
/// # Errors
/// A message: unreadable model or input, input the model does not take, or a write failure.
pub fn predict(model: &Path, files: &[PathBuf], input: &mut dyn Read, output: &mut dyn Write) -> Result<usize, String> {
    let model = open_model(model)?;
    let enc = model.encoder();
    let wanted = &model.meta().preprocess.input;
    let mut batches: Vec<Inputs> = Vec::new();
    if let InputPrep::Images { .. } = wanted {
        if files.is_empty() {
            return Err("this model scores images: name the image files (or folders) to score".into());
        }
        for chunk in image_files(files)?.chunks(kiln_ml::predict::PREDICT_BATCH) {
            let named: Vec<(&str, &[u8])> = chunk.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            batches.push(enc.images(&named).map_err(|e| e.to_string())?);
        }
    } else {
        let mut texts: Vec<Vec<u8>> = files.iter().map(|f| data::read(f)).collect::<Result<_, _>>()?;
        if texts.is_empty() {
            let mut all = Vec::new();
            input.read_to_end(&mut all).map_err(|e| format!("stdin: {e}"))?;
            texts.push(all);
        }
        for bytes in texts {
            // Tables come as CSV; a text model trained on a table's column takes that CSV or
            // plain lines.
            let table = match wanted {
                InputPrep::Table { .. } => {
                    Some(read_table(&bytes, &ReadOptions::default()).map_err(|e| e.to_string())?)
                }
                InputPrep::Text { column: Some(c), .. } => {
                    read_table(&bytes, &ReadOptions::default()).ok().filter(|t| t.column_index(c).is_some())
                }
                _ => None,
            };
            batches.push(match table {
                Some(t) => enc.table(&t).map_err(|e| e.to_string())?,
                None => lines(enc, &bytes)?,
            });
        }
    }
    let mut n = 0;
    for inputs in &batches {
        for p in pollster::block_on(model.predict(inputs)).map_err(|e| e.to_string())? {
            let line = serde_json::to_string(&p).map_err(|e| e.to_string())?;
            writeln!(output, "{line}").map_err(|e| format!("output: {e}"))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Non-blank lines of UTF-8 text, one input each.
fn lines(enc: &kiln_data::Encoder, bytes: &[u8]) -> Result<Inputs, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the input is not UTF-8 text".to_owned())?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    enc.texts(&lines).map_err(|e| e.to_string())
}
