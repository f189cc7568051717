//! Native driver for Kiln's pure crates: the same data preparation, spec and training loop the
//! browser worker runs, natively. It owns the `kiln` commands — `train` any spec on any data
//! ([`run`], data from [`data`], devices from [`engine`]), `evaluate`, `predict`, `serve`
//! ([`serve`]) and the benchmarks — and [`NativeHost`]. Used by the `kiln` binary and the
//! end-to-end tests.

use std::time::Instant;

pub mod bench_csv;
pub mod data;
pub mod engine;
pub mod report_text;
pub mod run;
pub mod serve;

use kiln_core::{ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_data::reviews;
use kiln_ml::train::FitOutcome;
use kiln_ml::{Control, Device, Host, Trainer};
use kiln_protocol::Event;

/// A [`Host`] for native runs: wall clock from [`Instant`], never stops, events to a callback.
pub struct NativeHost<F: FnMut(&Event)> {
    start: Instant,
    on_event: F,
}

impl<F: FnMut(&Event)> NativeHost<F> {
    /// A host that passes each event to `on_event`.
    pub fn new(on_event: F) -> Self {
        NativeHost { start: Instant::now(), on_event }
    }
}

impl<F: FnMut(&Event)> Host for NativeHost<F> {
    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
    fn emit(&mut self, event: Event) {
        (self.on_event)(&event);
    }
    fn control(&mut self) -> Control {
        Control::Run
    }
    async fn yield_now(&mut self) {}
}

/// Resident set size of this process now (`VmRSS` in `/proc/self/status`), bytes; `None` off
/// Linux.
pub fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Threads burn's CPU backend may use for one op: 1 (this build runs every op on the calling
/// thread).
pub fn cpu_threads() -> usize {
    1
}

/// Everything one native training run needs.
#[derive(Debug, Clone, Default)]
pub struct RunSpec {
    /// Tokenizer settings.
    pub prep: TextPrepConfig,
    /// Split fractions.
    pub split: SplitConfig,
    /// Training settings.
    pub config: TrainConfig,
}

impl RunSpec {
    /// The reference model for these settings.
    pub fn model(&self) -> ModelSpec {
        ModelSpec::reference_sentiment(self.prep.vocab_size, self.prep.seq_len)
    }
}

/// Parses the review-sentences TSV asset, prepares it and trains the reference model on the CPU
/// backend, passing every event to `on_event`.
///
/// # Errors
/// A message for a bad asset, bad settings or a failed run.
pub fn train_reviews(tsv: &str, run: &RunSpec, on_event: impl FnMut(&Event)) -> Result<FitOutcome, String> {
    let rows = reviews::parse_tsv(tsv).map_err(|e| e.to_string())?;
    let data = kiln_data::prepare_text(&rows, &run.prep, &run.split, run.config.seed).map_err(|e| e.to_string())?;
    let device = Device::flex();
    let mut trainer = Trainer::new(&run.model(), &run.config, &data, &device).map_err(|e| e.to_string())?;
    let mut host = NativeHost::new(on_event);
    pollster::block_on(trainer.fit(&mut host)).map_err(|e| e.to_string())
}
