//! The run slice: the guided run the page waits for — its phase, status, engine, progress,
//! charts and test metrics — and which run's model the worker holds for "Try it". Events of
//! other runs never reach it (see [`super`]).

use kiln_core::Engine;
use kiln_core::history::Series;
use kiln_protocol::{EpochMetrics, Event, Msg, RunId, TestMetrics};

/// Most batch-loss points kept for the live chart.
pub const BATCH_POINTS: usize = 400;

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Nothing trained yet.
    #[default]
    Idle,
    /// Training in the worker.
    Running,
    /// Paused by the user (weights kept; Resume or Step go on).
    Paused,
    /// Finished all epochs.
    Finished,
    /// Stopped by the user.
    Stopped,
    /// Stopped by an error.
    Failed,
}

/// Progress within the current epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// 1-based epoch.
    pub epoch: usize,
    /// Batches done.
    pub batch: usize,
    /// Batches per epoch.
    pub batches: usize,
    /// Examples per second.
    pub samples_per_s: f64,
}

/// (train, validation, test, vocabulary) sizes of the prepared data.
pub type Prepared = (usize, usize, usize, usize);

/// The guided run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunState {
    /// The run the page waits for (the last one started, until Reset).
    pub run: Option<RunId>,
    /// Its phase.
    pub phase: Phase,
    /// What the worker is doing.
    pub status: Msg,
    /// Engine in use and why.
    pub engine: Option<(Engine, Msg)>,
    /// Sizes of the prepared data.
    pub data_ready: Option<Prepared>,
    /// Progress of the current epoch.
    pub progress: Option<Progress>,
    /// Mean loss per batch group, x in fractional epochs.
    pub batch_loss: Series,
    /// Completed epochs.
    pub epochs: Vec<EpochMetrics>,
    /// Test metrics after training.
    pub test: Option<TestMetrics>,
    /// The run whose trained model the worker holds (it keeps the last one, also when a later run
    /// fails to start).
    pub model: Option<RunId>,
    /// The run diverged: the explanation, and whether last good weights can be restored.
    pub diverged: Option<(Msg, bool)>,
    /// Runs begun in this page (the charts show run number `runs`; tests wait for it to change).
    pub runs: u32,
    /// The run that really began (the worker chose its engine and replaced the previous model's
    /// charts); a run that fails before that leaves the worker's previous model in place.
    pub began: Option<RunId>,
}

impl Default for RunState {
    fn default() -> Self {
        RunState {
            run: None,
            phase: Phase::Idle,
            status: Msg::new("train-status-idle"),
            engine: None,
            data_ready: None,
            progress: None,
            batch_loss: Series::new(BATCH_POINTS),
            epochs: Vec::new(),
            test: None,
            model: None,
            diverged: None,
            runs: 0,
            began: None,
        }
    }
}

/// A change to the guided run from the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunAction {
    /// Train pressed and the request sent as this run.
    Started(RunId),
    /// Pause pressed.
    Pausing,
    /// Resume or Step pressed.
    Resumed,
    /// Reset pressed: forget the run, its charts and its model.
    Reset,
}

impl RunState {
    /// A run is in the worker: running or paused.
    pub fn is_active(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::Paused)
    }

    /// The run whose model can predict now: one was trained (finished or stopped) and no run is
    /// in the worker.
    pub fn usable_model(&self) -> Option<RunId> {
        self.model.filter(|_| !self.is_active())
    }

    /// The line shown where the progress bar is when no epoch is under way: `None` before
    /// anything was trained, opened or restored ("not started"); otherwise the status — finished,
    /// stopped, reset, a model restored from the last session or opened from a file.
    pub fn resting_status(&self) -> Option<&Msg> {
        let untouched = self.phase == Phase::Idle
            && self.model.is_none()
            && self.epochs.is_empty()
            && self.test.is_none()
            && self.status == Msg::new("train-status-idle");
        (!untouched).then_some(&self.status)
    }

    /// The slice waits for the events of its run.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.run == Some(run)
    }

    /// Applies a change.
    pub fn apply(&mut self, action: RunAction) {
        match action {
            RunAction::Started(run) => {
                // The previous run's results stay until the worker has chosen an engine and the
                // new run really begins (a run that fails to start loses nothing).
                self.run = Some(run);
                self.phase = Phase::Running;
                self.status = Msg::new("train-status-starting");
                self.diverged = None;
            }
            RunAction::Pausing => {
                if self.phase == Phase::Running {
                    self.phase = Phase::Paused;
                    self.status = Msg::new("train-status-pausing");
                }
            }
            RunAction::Resumed => {
                if self.phase == Phase::Paused {
                    self.phase = Phase::Running;
                    self.status = Msg::new("train-status-training");
                }
            }
            RunAction::Reset => {
                *self = RunState {
                    runs: self.runs,
                    engine: self.engine.clone(),
                    data_ready: self.data_ready,
                    status: Msg::new("train-status-reset"),
                    ..RunState::default()
                };
            }
        }
    }

    /// The person left the guided page: the run was stopped (its final metrics still come).
    pub fn stopped_by_leaving(&mut self) {
        self.phase = Phase::Stopped;
    }

    /// Applies an event of the run.
    pub fn on_event(&mut self, event: Event) {
        match event {
            Event::Status(m) => self.status = m,
            Event::EngineChosen { engine, reason } => {
                self.engine = Some((engine, reason));
                self.runs += 1;
                self.progress = None;
                self.batch_loss = Series::new(BATCH_POINTS);
                self.epochs.clear();
                self.test = None;
                // The worker replaces its model with this run's when the run ends.
                self.model = None;
                self.began = self.run;
            }
            Event::DataReady { train, validation, test, vocab_size } => {
                self.data_ready = Some((train, validation, test, vocab_size));
            }
            Event::Batch { epoch, batch, batches, loss, samples_per_s } => {
                if self.phase == Phase::Running {
                    self.status = Msg::new("train-status-training");
                }
                self.progress = Some(Progress { epoch, batch, batches, samples_per_s });
                let x = (epoch - 1) as f64 + batch as f64 / batches.max(1) as f64;
                self.batch_loss.push(x, loss);
            }
            Event::Epoch(m) => self.epochs.push(m),
            Event::Paused { epoch, batch, batches } if self.is_active() => {
                self.phase = Phase::Paused;
                self.status = Msg::new("train-status-paused").arg("batch", batch + 1).arg("epoch", epoch);
                if let Some(p) = &mut self.progress {
                    p.batch = batch;
                    p.batches = batches;
                }
            }
            Event::Diverged { message, can_restore } => {
                self.phase = Phase::Failed;
                self.status = Msg::new("train-status-diverged");
                self.keep_partial_model();
                self.diverged = Some((message, can_restore));
            }
            Event::Restored { epoch, batch } => {
                self.diverged = None;
                self.status = Msg::new("train-status-restored").arg("epoch", epoch).arg("batch", batch);
            }
            Event::Finished { test, stopped } => {
                self.test = Some(test);
                self.model = self.run;
                self.phase = if stopped { Phase::Stopped } else { Phase::Finished };
                self.status = Msg::new(if stopped { "train-status-stopped" } else { "train-status-finished" });
            }
            Event::Error(_) if self.is_active() => {
                self.phase = Phase::Failed;
                self.status = Msg::new("train-status-failed");
                // The worker keeps whatever was trained before the failure.
                self.keep_partial_model();
            }
            _ => {}
        }
    }

    /// After a failure mid-run: the worker keeps what was trained, if an epoch was.
    fn keep_partial_model(&mut self) {
        if self.began == self.run && !self.epochs.is_empty() {
            self.model = self.run;
        }
    }
}
