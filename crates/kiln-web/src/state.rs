//! The page's state: one [`Reducible`] value changed only through [`Action`]s (yew's
//! `use_reducer`), fed by user input and the worker's [`Event`] stream.

use std::rc::Rc;

use kiln_core::history::Series;
use kiln_core::protocol::{EpochMetrics, Event, TestMetrics};
use kiln_core::{Engine, ModelSpec, OptimizerSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_data::{DatasetInfo, ReviewStats};
use yew::Reducible;

/// Most batch-loss points kept for the live chart.
const BATCH_POINTS: usize = 400;

/// A built-in data set loaded into the page.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDataset {
    /// Source, licence, citation.
    pub info: DatasetInfo,
    /// The asset text (sent to the worker on Train).
    pub text: Rc<String>,
    /// Size and class balance.
    pub stats: ReviewStats,
}

/// Where the current run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Nothing trained yet.
    #[default]
    Idle,
    /// Training in the worker.
    Running,
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

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The worker's wasm has loaded.
    pub engine_loaded: bool,
    /// The selected data set, once fetched.
    pub dataset: Option<LoadedDataset>,
    /// Tokenizer settings.
    pub prep: TextPrepConfig,
    /// Split fractions.
    pub split: SplitConfig,
    /// Training settings.
    pub config: TrainConfig,
    /// Run phase.
    pub phase: Phase,
    /// What the worker is doing.
    pub status: String,
    /// Engine in use and why.
    pub engine: Option<(Engine, String)>,
    /// (train, validation, test, vocabulary) sizes of the prepared data.
    pub data_ready: Option<(usize, usize, usize, usize)>,
    /// Progress of the current epoch.
    pub progress: Option<Progress>,
    /// Mean loss per batch group, x in fractional epochs.
    pub batch_loss: Series,
    /// Completed epochs.
    pub epochs: Vec<EpochMetrics>,
    /// Test metrics after training.
    pub test: Option<TestMetrics>,
    /// The last error, shown in the page.
    pub error: Option<String>,
    /// Text in the "Try it" box.
    pub try_text: String,
    /// Latest prediction for `try_text`: probability of positive.
    pub prediction: Option<f64>,
    /// The worker holds a trained model (it keeps the last one, also when a later run fails to start).
    pub model_available: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            engine_loaded: false,
            dataset: None,
            prep: TextPrepConfig::default(),
            split: SplitConfig::default(),
            config: TrainConfig::default(),
            phase: Phase::Idle,
            status: String::new(),
            engine: None,
            data_ready: None,
            progress: None,
            batch_loss: Series::new(BATCH_POINTS),
            epochs: Vec::new(),
            test: None,
            error: None,
            try_text: String::new(),
            prediction: None,
            model_available: false,
        }
    }
}

impl State {
    /// The model the page will train: the reference spec at the chosen vocabulary and length.
    pub fn model(&self) -> ModelSpec {
        ModelSpec::reference_sentiment(self.prep.vocab_size, self.prep.seq_len)
    }

    /// True once some model has been trained (finished or stopped) and can predict.
    pub fn has_model(&self) -> bool {
        self.model_available && self.phase != Phase::Running
    }
}

/// Everything that can change the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The worker reported `Ready`... or any other event.
    Worker(Event),
    /// The data set asset arrived and parsed.
    DatasetLoaded(LoadedDataset),
    /// Fetching or parsing the data set failed.
    DatasetFailed(String),
    /// Sequence length chosen.
    SetSeqLen(usize),
    /// Vocabulary size typed.
    SetVocab(usize),
    /// Epochs typed.
    SetEpochs(usize),
    /// Batch size typed.
    SetBatchSize(usize),
    /// Learning rate typed.
    SetLearningRate(f64),
    /// Seed typed.
    SetSeed(u64),
    /// Engine chosen.
    SetEngine(Engine),
    /// Train pressed and the request was sent.
    TrainStarted,
    /// A user-visible error not coming from the worker (e.g. invalid setting).
    Fail(String),
    /// The "Try it" text changed.
    SetTryText(String),
    /// The user closed the error message.
    DismissError,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Worker(event) => apply_event(&mut s, event),
            Action::DatasetLoaded(d) => {
                s.dataset = Some(d);
            }
            Action::DatasetFailed(e) => s.error = Some(e),
            Action::SetSeqLen(n) => s.prep.seq_len = n,
            Action::SetVocab(n) => s.prep.vocab_size = n,
            Action::SetEpochs(n) => s.config.epochs = n,
            Action::SetBatchSize(n) => s.config.batch_size = n,
            Action::SetLearningRate(lr) => s.config.optimizer = OptimizerSpec::Adam { learning_rate: lr },
            Action::SetSeed(seed) => s.config.seed = seed,
            Action::SetEngine(e) => s.config.engine = e,
            Action::TrainStarted => {
                // The previous run's results stay until the worker has chosen an engine and the new
                // run really begins (a run that fails to start loses nothing).
                s.phase = Phase::Running;
                s.status = "starting…".into();
                s.error = None;
            }
            Action::Fail(e) => s.error = Some(e),
            Action::DismissError => s.error = None,
            Action::SetTryText(t) => {
                s.try_text = t;
            }
        }
        Rc::new(s)
    }
}

fn apply_event(s: &mut State, event: Event) {
    match event {
        Event::Ready => s.engine_loaded = true,
        Event::Status(m) => s.status = m,
        Event::EngineChosen { engine, reason } => {
            s.engine = Some((engine, reason));
            s.progress = None;
            s.batch_loss = Series::new(BATCH_POINTS);
            s.epochs.clear();
            s.test = None;
            s.prediction = None;
            s.model_available = false;
        }
        Event::DataReady { train, validation, test, vocab_size } => {
            s.data_ready = Some((train, validation, test, vocab_size));
        }
        Event::Batch { epoch, batch, batches, loss, samples_per_s } => {
            s.status = "training…".into();
            s.progress = Some(Progress { epoch, batch, batches, samples_per_s });
            let x = (epoch - 1) as f64 + batch as f64 / batches.max(1) as f64;
            s.batch_loss.push(x, loss);
        }
        Event::Epoch(m) => s.epochs.push(m),
        Event::Finished { test, stopped } => {
            s.test = Some(test);
            s.model_available = true;
            s.phase = if stopped { Phase::Stopped } else { Phase::Finished };
            s.status = if stopped { "stopped".into() } else { "finished".into() };
        }
        Event::Prediction { text, probability } => {
            if text == s.try_text {
                s.prediction = Some(probability);
            }
        }
        Event::Bench(_) => {}
        Event::Error(e) => {
            if s.phase == Phase::Running {
                s.phase = Phase::Failed;
                s.status = "failed".into();
                // The worker keeps whatever was trained before the failure.
                s.model_available |= !s.epochs.is_empty();
            }
            s.error = Some(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(s: State, a: Action) -> State {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn stale_predictions_are_ignored() {
        let s = reduce(State::default(), Action::SetTryText("good".into()));
        let s = reduce(s, Action::Worker(Event::Prediction { text: "goo".into(), probability: 0.2 }));
        assert_eq!(s.prediction, None);
        let s = reduce(s, Action::Worker(Event::Prediction { text: "good".into(), probability: 0.9 }));
        assert_eq!(s.prediction, Some(0.9));
    }

    #[test]
    fn a_run_that_fails_to_start_keeps_the_previous_model_and_charts() {
        let s = reduce(State::default(), Action::TrainStarted);
        let s = reduce(s, Action::Worker(Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: "CPU".into() }));
        let test = TestMetrics { loss: 0.4, accuracy: 0.8, examples: 298 };
        let s = reduce(s, Action::Worker(Event::Finished { test, stopped: false }));
        assert!(s.has_model());
        let s = reduce(s, Action::TrainStarted);
        assert!(!s.has_model(), "no predictions while a run starts");
        let s = reduce(s, Action::Worker(Event::Error("WebGPU is not available here".into())));
        assert!(s.has_model());
        assert_eq!(s.test, Some(test));
    }

    #[test]
    fn an_error_while_running_fails_the_run_and_keeps_metrics() {
        let s = reduce(State::default(), Action::TrainStarted);
        let s = reduce(
            s,
            Action::Worker(Event::Batch { epoch: 1, batch: 5, batches: 10, loss: 0.6, samples_per_s: 100.0 }),
        );
        let s = reduce(s, Action::Worker(Event::Error("boom".into())));
        assert_eq!(s.phase, Phase::Failed);
        assert_eq!(s.error.as_deref(), Some("boom"));
        assert_eq!(s.batch_loss.points(), &[(0.5, 0.6)]);
    }
}
