//! `kiln`: train the reference sentiment model or run a benchmark workload natively.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kiln_cli::{NativeHost, RunSpec, train_reviews};
use kiln_core::{OptimizerKind, SplitConfig, TextPrepConfig, Tokenizer, TrainConfig};
use kiln_protocol::Event;
use serde::Serialize;

#[derive(Parser)]
#[command(name = "kiln", about = "Train Kiln models natively on burn's CPU backend")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train the reference sentiment model on a review TSV asset and print metrics.
    Train {
        /// The TSV asset written by scripts/fetch-datasets.sh (review-sentences.tsv,
        /// movie-snippets.tsv, chinese-reviews.tsv).
        #[arg(long, default_value = "assets/review-sentences.tsv")]
        data: PathBuf,
        /// Full passes over the training split.
        #[arg(long, default_value_t = TrainConfig::default().epochs)]
        epochs: usize,
        /// Examples per gradient step.
        #[arg(long, default_value_t = TrainConfig::default().batch_size)]
        batch_size: usize,
        /// Optimizer: one of the page's ids (sgd, momentum, adam, adamw, rmsprop).
        #[arg(long, default_value = "adam", value_parser = optimizer_kind)]
        optimizer: OptimizerKind,
        /// Learning rate.
        #[arg(long, default_value_t = TrainConfig::default().optimizer.learning_rate())]
        learning_rate: f64,
        /// Seed for the split, initial weights and shuffling.
        #[arg(long, default_value_t = TrainConfig::default().seed)]
        seed: u64,
        /// Vocabulary size including padding and out-of-vocabulary ids.
        #[arg(long, default_value_t = TextPrepConfig::default().vocab_size)]
        vocab_size: usize,
        /// Tokens per example after padding / truncation.
        #[arg(long, default_value_t = TextPrepConfig::default().seq_len)]
        seq_len: usize,
        /// Tokenizer: `keras` (Chinese one token per character) or `jieba` (Chinese words).
        #[arg(long, default_value = "keras", value_parser = parse_tokenizer)]
        tokenizer: Tokenizer,
        /// jieba's dictionary asset, read when the tokenizer is `jieba`.
        #[arg(long, default_value = "assets/jieba-dict.txt.gz")]
        dictionary: PathBuf,
    },
    /// Generate a CSV in memory, then time reading, previewing and preparing it; prints JSON
    /// with seconds, MB/s and peak memory.
    BenchCsv {
        /// Size of the generated file in MB (10^6 bytes).
        #[arg(long, default_value_t = 100)]
        mb: usize,
    },
    /// Run a benchmark workload (shared/bench/WORKLOADS.md) on the CPU backend.
    Bench {
        /// Workload name.
        #[arg(long, default_value = "sentiment-seed")]
        workload: String,
        /// Measured epochs after one warm-up epoch.
        #[arg(long, default_value_t = 2)]
        epochs: usize,
    },
}

/// Parses `--optimizer` with the ids the page uses ([`OptimizerKind::id`]).
fn optimizer_kind(id: &str) -> Result<OptimizerKind, String> {
    OptimizerKind::parse(id).ok_or_else(|| {
        let ids: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.id()).collect();
        format!("unknown optimizer {id:?}: choose one of {}", ids.join(", "))
    })
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

/// Parses `--tokenizer` (`keras` or `jieba`, [`Tokenizer::parse`]).
fn parse_tokenizer(value: &str) -> Result<Tokenizer, String> {
    Tokenizer::parse(value).ok_or_else(|| format!("unknown tokenizer {value:?}: use keras or jieba"))
}

fn print_event(e: &Event) {
    match e {
        Event::Epoch(m) => println!(
            "epoch {:>3}  loss {:.4}  accuracy {:.2}%  val_loss {:.4}  val_accuracy {:.2}%  {:.0} samples/s",
            m.epoch,
            m.train_loss,
            m.train_accuracy * 100.0,
            m.val_loss,
            m.val_accuracy * 100.0,
            m.samples_per_s
        ),
        Event::Finished { test, .. } => {
            println!("test: loss {:.4}  accuracy {:.2}% ({} examples)", test.loss, test.accuracy * 100.0, test.examples)
        }
        _ => {}
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Train {
            data,
            epochs,
            batch_size,
            optimizer,
            learning_rate,
            seed,
            vocab_size,
            seq_len,
            tokenizer,
            dictionary,
        } => {
            let tsv = std::fs::read_to_string(&data)
                .map_err(|e| format!("{}: {e} (run scripts/fetch-datasets.sh first)", data.display()))?;
            if tokenizer.needs_dictionary() {
                let bytes = std::fs::read(&dictionary)
                    .map_err(|e| format!("{}: {e} (run scripts/fetch-datasets.sh first)", dictionary.display()))?;
                kiln_data::install_dictionary(&bytes).map_err(|e| e.to_string())?;
            }
            let run = RunSpec {
                prep: TextPrepConfig { vocab_size, seq_len, tokenizer },
                split: SplitConfig::default(),
                config: TrainConfig {
                    epochs,
                    batch_size,
                    optimizer: optimizer.spec(learning_rate),
                    seed,
                    ..TrainConfig::default()
                },
            };
            let model = serde_json::to_string(&run.model()).map_err(|e| e.to_string())?;
            println!("model: {model}");
            train_reviews(&tsv, &run, print_event).map(|_| ())
        }
        Command::BenchCsv { mb } => {
            let b = kiln_cli::bench_csv::bench_csv(mb)?;
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
        Command::Bench { workload, epochs } => {
            let device = kiln_ml::Device::flex();
            let mut host = NativeHost::new(|_: &Event| {});
            let r = pollster::block_on(kiln_ml::bench::run(&workload, "cpu-native", epochs, &device, &mut host))
                .map_err(|e| e.to_string())?;
            print_json(&kiln_protocol::BenchResult {
                samples_per_s: round(r.samples_per_s, 1),
                steps_per_s: round(r.steps_per_s, 2),
                loss: round(r.loss, 4),
                ..r
            })
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
