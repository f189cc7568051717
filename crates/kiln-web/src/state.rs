//! The page's state: one [`Reducible`] value changed only through [`Action`]s (yew's
//! `use_reducer`), fed by user input and the worker's [`Event`] stream.

use std::rc::Rc;

use kiln_core::history::Series;
use kiln_core::protocol::{EpochMetrics, Event, TeachData, TeachFrame, TestMetrics};
use kiln_core::{Engine, LrSchedule, ModelSpec, OptimizerSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_data::{DatasetInfo, ReviewStats};
use yew::Reducible;

use crate::teach_config::TeachConfig;

/// Which page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The five steps: data → model → train → evaluate → deploy.
    #[default]
    Guided,
    /// Teaching mode: 2-D data sets, decision boundary, network diagram.
    Teach,
}

/// A connection in the teaching diagram: Dense layer, input unit, output unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// Dense layer index (0 = first hidden layer).
    pub layer: usize,
    /// Input unit.
    pub from: usize,
    /// Output unit.
    pub to: usize,
}

/// Teaching mode's part of the page state.
#[derive(Debug, Clone, PartialEq)]
pub struct TeachView {
    /// The set-up (mirrored in the URL).
    pub config: TeachConfig,
    /// A run exists in the worker (frames are coming or it is paused).
    pub started: bool,
    /// Epochs are playing.
    pub playing: bool,
    /// The generated points.
    pub data: Option<Rc<TeachData>>,
    /// The latest frame.
    pub frame: Option<Rc<TeachFrame>>,
    /// Frames received since the page loaded (drawn on arrival).
    pub frames: usize,
    /// Training loss per epoch.
    pub train_loss: Series,
    /// Test loss per epoch.
    pub test_loss: Series,
    /// Why the last run diverged, if it did.
    pub diverged: Option<String>,
    /// The connection under the pointer.
    pub hovered: Option<Link>,
    /// Values from the opening link that were ignored.
    pub notes: Vec<String>,
}

impl TeachView {
    fn new(config: TeachConfig, notes: Vec<String>) -> Self {
        TeachView {
            config,
            started: false,
            playing: false,
            data: None,
            frame: None,
            frames: 0,
            train_loss: Series::new(BATCH_POINTS),
            test_loss: Series::new(BATCH_POINTS),
            diverged: None,
            hovered: None,
            notes,
        }
    }
}

impl Default for TeachView {
    fn default() -> Self {
        TeachView::new(TeachConfig::default(), Vec::new())
    }
}

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
    /// The last run diverged: the explanation, and whether last good weights can be restored.
    pub diverged: Option<(String, bool)>,
    /// Guided steps or teaching mode.
    pub mode: Mode,
    /// Teaching mode.
    pub teach: TeachView,
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
            diverged: None,
            mode: Mode::Guided,
            teach: TeachView::default(),
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
        self.model_available && !self.is_active()
    }

    /// A run is in the worker: running or paused.
    pub fn is_active(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::Paused)
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
    /// Optimizer chosen (by id: `sgd`, `momentum`, `adam`, `adamw`, `rmsprop`).
    SetOptimizer(String),
    /// Learning-rate schedule chosen.
    SetSchedule(LrSchedule),
    /// L1 factor typed.
    SetL1(f64),
    /// L2 factor typed.
    SetL2(f64),
    /// Weight decay typed.
    SetWeightDecay(f64),
    /// Gradient clipping norm typed (`None` = off).
    SetClip(Option<f64>),
    /// Pause pressed.
    Paused,
    /// Resume or Step pressed.
    Resumed,
    /// Reset pressed: forget the trained model and the charts.
    Reset,
    /// Switch between the guided page and teaching mode.
    SetMode(Mode),
    /// Teaching mode: the set-up changed.
    SetTeach(TeachConfig),
    /// Teaching mode: a run was (re)started in the worker; `playing` unless it starts paused.
    TeachStarted {
        /// Epochs play at once.
        playing: bool,
    },
    /// Teaching mode: play / pause pressed.
    TeachPlaying(bool),
    /// Teaching mode: the pointer is over a connection (or left it).
    Hover(Option<Link>),
    /// Teaching mode opened from a link: its set-up and what was ignored.
    OpenTeach(TeachConfig, Vec<String>),
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
            Action::SetLearningRate(lr) => s.config.optimizer = s.config.optimizer.with_learning_rate(lr),
            Action::SetOptimizer(id) => {
                if let Some(o) = OptimizerSpec::from_id(&id, s.config.optimizer.learning_rate()) {
                    s.config.optimizer = o;
                }
            }
            Action::SetSchedule(sch) => s.config.schedule = sch,
            Action::SetL1(x) => s.config.l1 = x,
            Action::SetL2(x) => s.config.l2 = x,
            Action::SetWeightDecay(x) => s.config.weight_decay = x,
            Action::SetClip(c) => s.config.gradient_clip = c,
            Action::Paused => {
                if s.phase == Phase::Running {
                    s.phase = Phase::Paused;
                    s.status = "pausing…".into();
                }
            }
            Action::Resumed => {
                if s.phase == Phase::Paused {
                    s.phase = Phase::Running;
                    s.status = "training…".into();
                }
            }
            Action::Reset => {
                s.progress = None;
                s.batch_loss = Series::new(BATCH_POINTS);
                s.epochs.clear();
                s.test = None;
                s.prediction = None;
                s.model_available = false;
                s.diverged = None;
                s.phase = Phase::Idle;
                s.status = "reset: the next Train starts from new initial weights (same seed)".into();
            }
            Action::SetMode(m) => {
                s.mode = m;
                // Leaving either page stops its run in the worker.
                s.teach.started = false;
                s.teach.playing = false;
                if s.is_active() {
                    s.phase = Phase::Stopped;
                }
            }
            Action::SetTeach(c) => s.teach.config = c,
            Action::TeachStarted { playing } => {
                s.teach.started = true;
                s.teach.playing = playing;
                s.teach.diverged = None;
                s.teach.frame = None;
                s.teach.train_loss = Series::new(BATCH_POINTS);
                s.teach.test_loss = Series::new(BATCH_POINTS);
            }
            Action::TeachPlaying(p) => s.teach.playing = p,
            Action::Hover(l) => s.teach.hovered = l,
            Action::OpenTeach(c, notes) => {
                s.mode = Mode::Teach;
                s.teach = TeachView::new(c, notes);
            }
            Action::SetSeed(seed) => s.config.seed = seed,
            Action::SetEngine(e) => s.config.engine = e,
            Action::TrainStarted => {
                // The previous run's results stay until the worker has chosen an engine and the new
                // run really begins (a run that fails to start loses nothing).
                s.phase = Phase::Running;
                s.status = "starting…".into();
                s.error = None;
                s.diverged = None;
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
            if s.phase == Phase::Running {
                s.status = "training…".into();
            }
            s.progress = Some(Progress { epoch, batch, batches, samples_per_s });
            let x = (epoch - 1) as f64 + batch as f64 / batches.max(1) as f64;
            s.batch_loss.push(x, loss);
        }
        Event::Epoch(m) => s.epochs.push(m),
        Event::Paused { epoch, batch, batches } => {
            if s.mode == Mode::Teach {
                s.teach.playing = false;
            } else if s.is_active() {
                s.phase = Phase::Paused;
                s.status = format!("paused before batch {} of epoch {epoch}", batch + 1);
                if let Some(p) = &mut s.progress {
                    p.batch = batch;
                    p.batches = batches;
                }
            }
        }
        Event::Diverged { message, can_restore } => {
            if s.mode == Mode::Teach {
                s.teach.playing = false;
                s.teach.diverged = Some(message);
            } else {
                s.phase = Phase::Failed;
                s.status = "diverged".into();
                s.model_available |= !s.epochs.is_empty();
                s.diverged = Some((message, can_restore));
            }
        }
        Event::Restored { epoch, batch } => {
            s.diverged = None;
            s.status = format!("restored the weights from epoch {epoch} batch {batch}");
        }
        Event::TeachData(d) => s.teach.data = Some(Rc::new(d)),
        Event::Frame(f) => {
            s.teach.frames += 1;
            s.teach.train_loss.push(f.epoch as f64, f.train_loss);
            s.teach.test_loss.push(f.epoch as f64, f.test_loss);
            s.teach.frame = Some(Rc::from(f));
        }
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
            if s.mode == Mode::Teach {
                s.teach.playing = false;
            }
            if s.is_active() {
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

    #[test]
    fn pause_resume_and_divergence_phases() {
        let s = reduce(State::default(), Action::TrainStarted);
        let s = reduce(s, Action::Paused);
        assert_eq!(s.phase, Phase::Paused);
        let s = reduce(s, Action::Worker(Event::Paused { epoch: 2, batch: 4, batches: 10 }));
        assert_eq!(s.status, "paused before batch 5 of epoch 2");
        assert!(!s.has_model(), "a paused run is still in the worker");
        let s = reduce(s, Action::Resumed);
        assert_eq!(s.phase, Phase::Running);
        let msg = "loss became NaN at epoch 3 batch 17: the learning rate 10 is too high for Adam; try 0.001";
        let s = reduce(s, Action::Worker(Event::Diverged { message: msg.into(), can_restore: true }));
        assert_eq!(s.phase, Phase::Failed);
        assert_eq!(s.diverged, Some((msg.to_string(), true)));
        let s = reduce(s, Action::Worker(Event::Restored { epoch: 3, batch: 10 }));
        assert_eq!(s.diverged, None);
    }

    #[test]
    fn teach_frames_count_and_leaving_teach_stops() {
        let s = reduce(State::default(), Action::OpenTeach(TeachConfig::default(), vec![]));
        assert_eq!(s.mode, Mode::Teach);
        let s = reduce(s, Action::TeachStarted { playing: true });
        let frame = TeachFrame {
            epoch: 3,
            train_loss: 0.5,
            test_loss: 0.6,
            train_accuracy: 0.8,
            test_accuracy: 0.7,
            boundary: vec![128; 4],
            outputs: 1,
            neurons: vec![],
            weights: vec![],
        };
        let s = reduce(s, Action::Worker(Event::Frame(Box::new(frame))));
        assert_eq!(s.teach.frames, 1);
        assert_eq!(s.teach.test_loss.points(), &[(3.0, 0.6)]);
        let s = reduce(s, Action::SetMode(Mode::Guided));
        assert!(!s.teach.started && !s.teach.playing);
    }
}
