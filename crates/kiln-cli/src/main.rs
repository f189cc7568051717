//! `kiln`: train any spec on any data, evaluate, predict and export with `.kiln` model files, serve
//! predictions over HTTP, and run the benchmark workloads — natively.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kiln_cli::data::DataArgs;
use kiln_cli::engine::{self, EngineArg};
use kiln_cli::export::{self, ExportFormat};
use kiln_cli::run::{self, TrainArgs};
use kiln_cli::serve::{self, ServeOptions};
use kiln_cli::{NativeHost, bench_csv};
use kiln_core::{OptimizerKind, TextPrepConfig, Tokenizer};
use kiln_data::TaskChoice;
use kiln_data::images::ImageOptions;
use kiln_protocol::Event;
use serde::Serialize;

#[derive(Parser)]
#[command(name = "kiln", about = "Train, evaluate, predict and serve Kiln models natively (burn)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Classification or regression (tables).
#[derive(Clone, Copy, ValueEnum)]
enum TaskArg {
    Classification,
    Regression,
}

/// Where the data comes from (the page's Data step).
#[derive(Args)]
struct DataOpts {
    /// A built-in data set id (review-sentences, movie-snippets, iris, wine, breast-cancer,
    /// penguins, digits-8x8, mnist-10k), a table file (.csv/.tsv), a .zip or folder of class
    /// folders (images or .txt), or two IDX files (give --data twice).
    #[arg(long, default_value = "review-sentences")]
    data: Vec<String>,
    /// Column to predict (tables); default: the built-in set's target, else the last column.
    #[arg(long)]
    target: Option<String>,
    /// Classification or regression (tables); default: the suggestion for the target.
    #[arg(long, value_enum)]
    task: Option<TaskArg>,
    /// A column to leave out of the inputs (repeatable).
    #[arg(long)]
    ignore: Vec<String>,
    /// Size images are converted to, HEIGHTxWIDTHxCHANNELS (channels 1 = grey, 3 = RGB).
    #[arg(long, default_value = "28x28x1", value_parser = parse_image_size)]
    image_size: ImageOptions,
    /// Folder of the built-in data sets' assets (made by scripts/fetch-datasets.sh).
    #[arg(long, default_value = "assets")]
    assets: PathBuf,
}

impl DataOpts {
    fn args(&self) -> DataArgs {
        DataArgs {
            data: self.data.clone(),
            target: self.target.clone(),
            task: self.task.map(|t| match t {
                TaskArg::Classification => TaskChoice::Classification,
                TaskArg::Regression => TaskChoice::Regression,
            }),
            ignore: self.ignore.clone(),
            image: self.image_size,
            assets: self.assets.clone(),
        }
    }
}

fn parse_image_size(s: &str) -> Result<ImageOptions, String> {
    let parts: Vec<usize> = s
        .split(['x', 'X', '×'])
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{s}` is not HEIGHTxWIDTHxCHANNELS, e.g. 28x28x1"))?;
    match parts.as_slice() {
        [h, w, c] => Ok(ImageOptions { height: *h, width: *w, channels: *c }),
        [h, w] => Ok(ImageOptions { height: *h, width: *w, channels: 1 }),
        _ => Err(format!("`{s}` is not HEIGHTxWIDTHxCHANNELS, e.g. 28x28x1")),
    }
}

#[derive(Subcommand)]
enum Command {
    /// Train a spec (.json from the page's builder, or a .kiln to continue training) on a data
    /// set, print the metrics of every epoch and write a .kiln model file.
    Train {
        /// The model: a spec (.json) or a model file (.kiln); default: the page's preset for the
        /// data's kind (reference sentiment model, small MLP, small CNN).
        #[arg(long)]
        spec: Option<PathBuf>,
        #[command(flatten)]
        data: DataOpts,
        /// Where to write the trained model.
        #[arg(long, default_value = "model.kiln")]
        out: PathBuf,
        /// Full passes over the training split (default: the spec file's, else 10).
        #[arg(long)]
        epochs: Option<usize>,
        /// Examples per gradient step (default: the spec file's, else 32).
        #[arg(long)]
        batch_size: Option<usize>,
        /// Optimizer: one of the page's ids (sgd, momentum, adam, adamw, rmsprop); default: the
        /// spec file's, else Adam.
        #[arg(long, value_parser = optimizer_kind)]
        optimizer: Option<OptimizerKind>,
        /// The optimizer's learning rate (default: the spec file's, else Adam's 0.001).
        #[arg(long)]
        learning_rate: Option<f64>,
        /// Seed for the split, initial weights and shuffling (default: the spec file's, else 42).
        #[arg(long)]
        seed: Option<u64>,
        /// Vocabulary size for text, including padding and out-of-vocabulary ids (when the spec
        /// does not fix it). Default: the built-in set's recommendation (the page's), else 10000.
        #[arg(long)]
        vocab_size: Option<usize>,
        /// Tokens per text after padding / truncation (when the spec does not fix it). Default:
        /// the built-in set's recommendation (the page's; 200 for chinese-reviews), else 500.
        #[arg(long)]
        seq_len: Option<usize>,
        /// Tokenizer for text: `keras` (Chinese one token per character) or `jieba` (Chinese
        /// words; reads --dictionary). Default: the built-in set's recommendation, else keras.
        #[arg(long, value_parser = parse_tokenizer)]
        tokenizer: Option<Tokenizer>,
        /// jieba's dictionary asset (made by scripts/fetch-datasets.sh), read for `--tokenizer jieba`.
        #[arg(long, default_value = "assets/jieba-dict.txt.gz")]
        dictionary: PathBuf,
        /// auto: a GPU when one is built in and present, else the CPU.
        #[arg(long, value_enum, default_value = "auto")]
        engine: EngineArg,
        /// Devices to train on, data-parallel (burn's device API: gradients averaged on the
        /// first device).
        #[arg(long, default_value_t = 1)]
        devices: usize,
    },
    /// Print a model's test metrics on a data set (by default its test split, with the split and
    /// seed it was trained with).
    Evaluate {
        /// The .kiln model file.
        model: PathBuf,
        #[command(flatten)]
        data: DataOpts,
        /// Evaluate on every row instead of the test split (new data).
        #[arg(long)]
        all: bool,
    },
    /// Score inputs with a model: lines of text (stdin or files), CSV tables (stdin or files) or
    /// image files / folders; one JSON object per input.
    Predict {
        /// The .kiln model file.
        model: PathBuf,
        /// Input files (text lines, CSV, or images / folders of images); none: read stdin.
        inputs: Vec<PathBuf>,
    },
    /// Write a model's network for other tools: ONNX, or a Keras / PyTorch script with its
    /// weights (safetensors), into a folder.
    Export {
        /// The .kiln model file.
        model: PathBuf,
        /// onnx, keras or pytorch.
        #[arg(long, value_parser = ExportFormat::parse)]
        format: ExportFormat,
        /// Folder to write the files into (made if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Serve predictions over HTTP: POST /predict, GET /health, GET /model.
    Serve {
        /// The .kiln model file.
        model: PathBuf,
        /// Port to listen on.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on (127.0.0.1: this machine only).
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
        /// Largest request body, MB.
        #[arg(long, default_value_t = 16)]
        max_body_mb: usize,
        /// Most inputs in one request.
        #[arg(long, default_value_t = ServeOptions::default().max_inputs)]
        max_inputs: usize,
        /// Most inputs scored in one forward pass (requests are batched together).
        #[arg(long, default_value_t = ServeOptions::default().max_batch)]
        max_batch: usize,
        /// Engine the model runs on.
        #[arg(long, value_enum, default_value = "cpu")]
        engine: EngineArg,
    },
    /// Generate a CSV in memory, then time reading, previewing and preparing it; prints JSON
    /// with seconds, MB/s and peak memory.
    BenchCsv {
        /// Size of the generated file in MB (10^6 bytes).
        #[arg(long, default_value_t = 100)]
        mb: usize,
    },
    /// Run benchmark workloads (shared/bench/WORKLOADS.md) on the CPU backend; prints one JSON
    /// line per run (samples/s, steps/s, loss).
    Bench {
        /// A workload name, several separated by commas, or `all`.
        #[arg(long, default_value = "all")]
        workload: String,
        /// Measured epochs after one warm-up epoch (default: 3, 100 for `playground-mlp`).
        #[arg(long)]
        epochs: Option<usize>,
        /// Runs of each workload (each with its own warm-up).
        #[arg(long, default_value_t = 1)]
        repeats: usize,
        /// A memory run instead: this many steps, the resident set sampled ten times.
        #[arg(long)]
        steps: Option<usize>,
    },
}

/// Parses `--optimizer` with the ids the page uses ([`OptimizerKind::id`]).
fn optimizer_kind(id: &str) -> Result<OptimizerKind, String> {
    OptimizerKind::parse(id).ok_or_else(|| {
        let ids: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.id()).collect();
        format!("unknown optimizer {id:?}: choose one of {}", ids.join(", "))
    })
}

/// Parses `--tokenizer` (`keras` or `jieba`, [`Tokenizer::parse`]).
fn parse_tokenizer(value: &str) -> Result<Tokenizer, String> {
    Tokenizer::parse(value).ok_or_else(|| format!("unknown tokenizer {value:?}: use keras or jieba"))
}

/// Reads and installs jieba's dictionary (needed to train or score with `Tokenizer::Jieba`).
fn install_dictionary(path: &std::path::Path) -> Result<(), String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: {e} (run scripts/fetch-datasets.sh first)", path.display()))?;
    kiln_data::install_dictionary(&bytes).map(|_| ()).map_err(|e| e.to_string())
}

/// `kiln bench-csv`'s one-line JSON report (figures rounded for reading).
#[derive(Serialize)]
struct CsvReport {
    file_mb: f64,
    rows: usize,
    parse_s: f64,
    parse_mb_per_s: f64,
    preview_s: f64,
    prepare_s: f64,
    feature_width: usize,
    /// `null` where the peak is not known (off Linux).
    peak_mb: Option<f64>,
}

/// `kiln bench`'s JSON line per run: the benchmark result, with the fields the Keras peer
/// (tests/peer/keras_bench.py) prints beside it, so `tests/browser/bench.mjs` reads both alike.
#[derive(Serialize)]
struct BenchReport {
    /// `"kiln"` (the peer prints `"keras"`).
    #[serde(rename = "impl")]
    implementation: &'static str,
    /// Threads one op may use ([`kiln_cli::cpu_threads`]).
    threads: usize,
    #[serde(flatten)]
    result: kiln_protocol::BenchResult,
}

/// `x` rounded to `digits` decimals.
fn round(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}

/// Prints one value as a JSON line.
fn print_json(value: &impl Serialize) -> Result<(), String> {
    println!("{}", serde_json::to_string(value).map_err(|e| e.to_string())?);
    Ok(())
}

fn run(cli: Cli) -> Result<(), String> {
    let mut say = |line: &str| println!("{line}");
    match cli.command {
        Command::Train {
            spec,
            data,
            out,
            epochs,
            batch_size,
            optimizer,
            learning_rate,
            seed,
            vocab_size,
            seq_len,
            tokenizer,
            dictionary,
            engine,
            devices,
        } => {
            // A built-in set starts from the page's text settings for it; flags override them.
            let recommended = match data.data.as_slice() {
                [id] => kiln_data::chinese_reviews::recommended_prep(id),
                _ => TextPrepConfig { tokenizer: Tokenizer::Keras, ..TextPrepConfig::default() },
            };
            let tokenizer = tokenizer.unwrap_or(recommended.tokenizer);
            let vocab_size = vocab_size.unwrap_or(recommended.vocab_size);
            let seq_len = seq_len.unwrap_or(recommended.seq_len);
            if tokenizer.needs_dictionary() {
                install_dictionary(&dictionary)?;
            }
            let args = TrainArgs {
                spec,
                data: data.args(),
                out,
                epochs,
                batch_size,
                optimizer,
                learning_rate,
                seed,
                prep: TextPrepConfig { vocab_size, seq_len, tokenizer },
                engine,
                devices,
            };
            run::train(&args, &mut say).map(|_| ())
        }
        Command::Evaluate { model, data, all } => run::evaluate(&model, &data.args(), all, &mut say).map(|_| ()),
        Command::Predict { model, inputs } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            run::predict(&model, &inputs, &mut std::io::stdin().lock(), &mut out).map(|_| ())
        }
        Command::Export { model, format, out } => export::export(&model, format, &out, &mut say).map(|_| ()),
        Command::Serve { model, port, host, max_body_mb, max_inputs, max_batch, engine } => {
            let options = ServeOptions {
                addr: (host, port).into(),
                max_body_bytes: max_body_mb.saturating_mul(1 << 20),
                max_inputs,
                max_batch,
                ..ServeOptions::default()
            };
            let device = engine::choose(engine, 1)?;
            let bytes = kiln_cli::data::read(&model)?;
            serve::run(bytes, device.devices[0].clone(), &options, &mut say)
        }
        Command::BenchCsv { mb } => {
            let b = bench_csv::bench_csv(mb)?;
            print_json(&CsvReport {
                file_mb: round(b.bytes as f64 / 1e6, 1),
                rows: b.rows,
                parse_s: round(b.parse_s, 3),
                parse_mb_per_s: round(b.parse_mb_per_s(), 1),
                preview_s: round(b.preview_s, 3),
                prepare_s: round(b.prepare_s, 3),
                feature_width: b.width,
                peak_mb: b.peak_bytes.map(|p| round(p as f64 / 1e6, 1)),
            })
        }
        Command::Bench { workload, epochs, repeats, steps } => {
            let names: Vec<&str> = if workload == "all" {
                kiln_ml::bench::WORKLOADS.to_vec()
            } else {
                workload.split(',').map(str::trim).collect()
            };
            let device = kiln_ml::Device::flex();
            let threads = kiln_cli::cpu_threads();
            for name in names {
                for _ in 0..repeats.max(1) {
                    let mut host = NativeHost::new(|_: &Event| {});
                    let run = async {
                        match steps {
                            Some(n) => {
                                let rss = || (kiln_cli::resident_memory().map_or(f64::NAN, |b| b as f64), None);
                                kiln_ml::bench::soak(name, "cpu-native", n, &device, &mut host, rss).await
                            }
                            None => {
                                let epochs = epochs.unwrap_or_else(|| kiln_ml::bench::native_epochs(name));
                                kiln_ml::bench::run(name, "cpu-native", epochs, &device, &mut host).await
                            }
                        }
                    };
                    let r = pollster::block_on(run).map_err(|e| e.to_string())?;
                    print_json(&BenchReport {
                        implementation: "kiln",
                        threads,
                        result: kiln_protocol::BenchResult {
                            samples_per_s: round(r.samples_per_s, 1),
                            steps_per_s: round(r.steps_per_s, 2),
                            loss: round(r.loss, 4),
                            ..r
                        },
                    })?;
                }
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiln: {e}");
            ExitCode::FAILURE
        }
    }
}
