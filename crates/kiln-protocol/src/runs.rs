//! Runs side by side: one [`RunRecord`] per finished run of the session (its spec, settings, data
//! set, per-epoch curves and test-report summary), and how the runs table sorts them. The page
//! builds a record from the [`TrainRequest`] it sent and the events of that run
//! ([`RunRecord::absorb`]); "restore this run's settings" reads `spec`, `config`, `prep` and
//! `split` back.

use serde::{Deserialize, Serialize};

use kiln_core::{Engine, ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};

use crate::report::ReportSummary;
use crate::{DataId, EpochMetrics, Event, TestMetrics, TrainRequest};

/// One training run, kept for comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The run's number in the session, from 1.
    pub run: u32,
    /// Which data set (a built-in id such as `review-sentences`, or an upload).
    pub dataset_id: DataId,
    /// Data set display name.
    pub dataset_name: String,
    /// The model trained.
    pub spec: ModelSpec,
    /// Optimizer, epochs, batch size, seed, engine asked for.
    pub config: TrainConfig,
    /// Text settings (vocabulary size, sequence length).
    pub prep: TextPrepConfig,
    /// Split fractions.
    pub split: SplitConfig,
    /// The engine that ran it (`None` until the worker says).
    pub engine: Option<Engine>,
    /// One entry per finished epoch, in order (the loss / accuracy curves).
    pub epochs: Vec<EpochMetrics>,
    /// Test loss and accuracy when it finished.
    pub test: Option<TestMetrics>,
    /// The test report's figures, when a report was made.
    pub report: Option<ReportSummary>,
    /// True when it was stopped before its last epoch; false while running or when complete.
    pub stopped: bool,
    /// True once a `Finished` event arrived.
    pub finished: bool,
}

/// A column of the runs table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunColumn {
    /// Run number.
    Run,
    /// Data set name.
    Dataset,
    /// Number of layers in the model.
    Layers,
    /// Learning rate.
    LearningRate,
    /// Batch size.
    BatchSize,
    /// Epochs finished.
    Epochs,
    /// Final training loss.
    TrainLoss,
    /// Final validation loss.
    ValLoss,
    /// Test loss.
    TestLoss,
    /// Test accuracy.
    TestAccuracy,
    /// Macro-averaged F1 on the test split.
    MacroF1,
    /// ROC AUC on the test split.
    RocAuc,
    /// R² on the test split.
    R2,
}

/// A value to sort by: numbers before text; missing (`None`, NaN) always last.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    /// A number.
    Number(Option<f64>),
    /// Text.
    Text(String),
}

impl RunRecord {
    /// A record for a run just started with `request`.
    pub fn new(run: u32, request: &TrainRequest, dataset_name: &str) -> Self {
        RunRecord {
            run,
            dataset_id: request.dataset.clone(),
            dataset_name: dataset_name.to_owned(),
            spec: request.model.clone(),
            config: request.config.clone(),
            prep: request.prep,
            split: request.split,
            engine: None,
            epochs: Vec::new(),
            test: None,
            report: None,
            stopped: false,
            finished: false,
        }
    }

    /// Takes in one event of this run: the engine, each epoch, the end. Other events are ignored.
    pub fn absorb(&mut self, event: &Event) {
        match event {
            Event::EngineChosen { engine, .. } => self.engine = Some(*engine),
            Event::Epoch(m) => self.epochs.push(*m),
            Event::Finished { test, stopped } => {
                self.test = Some(*test);
                self.stopped = *stopped;
                self.finished = true;
            }
            _ => {}
        }
    }

    /// The value of `column` for sorting.
    pub fn sort_key(&self, column: RunColumn) -> SortKey {
        let last = self.epochs.last();
        let finite = |v: f64| v.is_finite().then_some(v);
        let n = |v: Option<f64>| SortKey::Number(v.and_then(finite));
        match column {
            RunColumn::Run => n(Some(f64::from(self.run))),
            RunColumn::Dataset => SortKey::Text(self.dataset_name.to_lowercase()),
            RunColumn::Layers => n(Some(self.spec.layers.len() as f64)),
            RunColumn::LearningRate => n(Some(self.config.optimizer.learning_rate())),
            RunColumn::BatchSize => n(Some(self.config.batch_size as f64)),
            RunColumn::Epochs => n(Some(self.epochs.len() as f64)),
            RunColumn::TrainLoss => n(last.map(|m| m.train_loss)),
            RunColumn::ValLoss => n(last.map(|m| m.val_loss)),
            RunColumn::TestLoss => n(self.test.map(|t| t.loss)),
            RunColumn::TestAccuracy => n(self.test.map(|t| t.accuracy)),
            RunColumn::MacroF1 => n(self.report.and_then(|r| r.macro_f1)),
            RunColumn::RocAuc => n(self.report.and_then(|r| r.roc_auc)),
            RunColumn::R2 => n(self.report.and_then(|r| r.r2)),
        }
    }
}

/// Sorts `runs` by `column`, ascending or descending; runs missing the value go last either way,
/// equal values keep run order.
pub fn sort_runs(runs: &mut [RunRecord], column: RunColumn, descending: bool) {
    use std::cmp::Ordering;
    runs.sort_by(|a, b| {
        let order = match (a.sort_key(column), b.sort_key(column)) {
            (SortKey::Number(Some(x)), SortKey::Number(Some(y))) => {
                let o = x.total_cmp(&y);
                if descending { o.reverse() } else { o }
            }
            (SortKey::Number(Some(_)), SortKey::Number(None)) => Ordering::Less,
            (SortKey::Number(None), SortKey::Number(Some(_))) => Ordering::Greater,
            (SortKey::Text(x), SortKey::Text(y)) => {
                let o = x.cmp(&y);
                if descending { o.reverse() } else { o }
            }
            _ => Ordering::Equal,
        };
        order.then(a.run.cmp(&b.run))
    });
}
