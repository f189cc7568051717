//! The page's state: one [`Reducible`] value changed only through [`Action`]s (yew's
//! `use_reducer`), fed by user input and the worker's [`Event`] stream.

use std::rc::Rc;

use kiln_core::history::Series;
use kiln_core::{Engine, LrSchedule, ModelSpec, OptimizerSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_data::DatasetInfo;
use kiln_data::id::DataId;
use kiln_data::images::ImageOptions;
use kiln_data::summary::SourceSummary;
use kiln_protocol::{EpochMetrics, Event, LoadStage, TeachData, TeachFrame, TestMetrics, UploadOptions};
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

/// The data set the worker holds, as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDataset {
    /// Which data set (built-in or upload).
    pub id: DataId,
    /// Display name.
    pub name: String,
    /// Source, licence, citation (built-in sets).
    pub info: Option<DatasetInfo>,
    /// Size, task, classes, input dimensions, preview.
    pub summary: Rc<SourceSummary>,
}

/// The person's choices for the uploaded data set: those the worker applied, and those sent
/// and not yet answered (the worker keeps the files, so a choice never sends them again).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UploadChoices {
    /// What the loaded upload was prepared with.
    pub applied: UploadOptions,
    /// Sent to the worker, waiting for `DataLoaded` (then applied) or `DataFailed` (dropped).
    pub pending: Option<UploadOptions>,
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
    /// The data set the worker holds, once loaded.
    pub dataset: Option<LoadedDataset>,
    /// The data set being loaded (id), while the worker reads it.
    pub data_loading: Option<DataId>,
    /// The choices for the uploaded data set.
    pub upload: UploadChoices,
    /// Size and colour for the next image upload (and the current one).
    pub image_options: ImageOptions,
    /// How far the load in progress has got: stage, done, total.
    pub load_progress: Option<(LoadStage, u64, u64)>,
    /// A picked table file over the size limit, offered as a sample.
    pub too_big: Option<web_sys::File>,
    /// Loads asked of the worker since the page opened (tests wait for the next answer with it).
    pub loads: u32,
    /// Why the last upload could not be used (shown next to the upload control).
    pub upload_error: Option<String>,
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
    /// Step 2's model builder: the spec being edited, with undo / redo (see the builder block).
    pub builder: Rc<Builder>,
    /// Runs begun in this page (the charts show run number `runs`; tests wait for it to change).
    pub runs: u32,
}

impl Default for State {
    fn default() -> Self {
        State {
            engine_loaded: false,
            dataset: None,
            data_loading: None,
            upload: UploadChoices::default(),
            image_options: ImageOptions::default(),
            load_progress: None,
            too_big: None,
            loads: 0,
            upload_error: None,
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
            builder: Rc::new(Builder::default()),
            runs: 0,
        }
    }
}

impl State {
    /// The model the page will train: the builder's spec, with its input taken from the data set
    /// when the page knows the data's shape ([`State::data_target`]).
    pub fn model(&self) -> ModelSpec {
        let mut spec = self.builder.spec.clone();
        if let Some((input, _)) = self.data_target() {
            spec.input = input;
        }
        spec
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
    /// A data set was asked of the worker.
    DataLoading(DataId),
    /// Files were sent to the worker with these choices (a new upload, or new choices for it).
    Uploaded(UploadOptions),
    /// A picked table file is over the size limit: offer a sample.
    TooBig(Option<web_sys::File>),
    /// Image size chosen.
    SetImageOptions(ImageOptions),
    /// Picked files cannot be used (shown next to the upload controls).
    UploadError(String),
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
    /// The model builder (step 2): see [`BuilderAction`].
    Builder(BuilderAction),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Worker(event) => apply_event(&mut s, event),
            Action::DataLoading(id) => {
                s.loads += 1;
                s.data_loading = Some(id);
                s.load_progress = None;
                s.upload_error = None;
                s.too_big = None;
            }
            Action::Uploaded(o) => s.upload.pending = Some(o),
            Action::TooBig(f) => {
                s.too_big = f;
                s.upload_error = None;
            }
            Action::SetImageOptions(o) => s.image_options = o,
            Action::UploadError(e) => {
                s.upload_error = Some(e);
                s.too_big = None;
            }
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
                // The shown prediction belongs to the old text: clear it until the new one arrives.
                if t != s.try_text {
                    s.prediction = None;
                }
                s.try_text = t;
            }
            Action::Builder(a) => apply_builder(&mut s, a),
        }
        Rc::new(s)
    }
}

// ───────────────────────────── Model builder (step 2) ─────────────────────────────
// Everything the builder adds to the state lives in this block: the `Builder` value held in
// `State::builder`, its actions (`Action::Builder(BuilderAction)`), its reducer and the helpers
// that tie the spec to the data set (`data_target`, `model_summary`, `spec_error`).

use kiln_core::presets::suggest_output;
use kiln_core::{InputSpec, LayerSpec, LossSpec, ModelSummary, SpecError, Task};

/// Most specs kept on the undo (and redo) stack.
pub const UNDO_LIMIT: usize = 100;

/// The model being edited in step 2, with its undo and redo stacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Builder {
    /// The spec as edited (its input is replaced by the data's when the page knows it).
    pub spec: ModelSpec,
    /// Earlier specs, oldest first (at most [`UNDO_LIMIT`]).
    pub undo: Vec<ModelSpec>,
    /// Specs undone, most recently undone last (at most [`UNDO_LIMIT`]).
    pub redo: Vec<ModelSpec>,
    /// The selected layer: the palette inserts after it (at the end when `None`).
    pub selected: Option<usize>,
}

impl Default for Builder {
    /// The reference sentiment model at the default vocabulary and sequence length.
    fn default() -> Self {
        let prep = TextPrepConfig::default();
        Builder::new(ModelSpec::reference_sentiment(prep.vocab_size, prep.seq_len))
    }
}

impl Builder {
    /// A builder editing `spec`, with empty history.
    pub fn new(spec: ModelSpec) -> Self {
        Builder { spec, undo: Vec::new(), redo: Vec::new(), selected: None }
    }

    /// Makes `next` the current spec, remembering the current one for undo (a change that changes
    /// nothing is not recorded).
    fn commit(&mut self, next: ModelSpec) {
        if next == self.spec {
            return;
        }
        let previous = std::mem::replace(&mut self.spec, next);
        push_bounded(&mut self.undo, previous);
        self.redo.clear();
    }
}

fn push_bounded(stack: &mut Vec<ModelSpec>, spec: ModelSpec) {
    stack.push(spec);
    if stack.len() > UNDO_LIMIT {
        stack.remove(0);
    }
}

/// A change to the model being built.
#[derive(Debug, Clone, PartialEq)]
pub enum BuilderAction {
    /// Inserts a layer after the selected one (at the end when none is selected) and selects it.
    Add(LayerSpec),
    /// Removes the layer at this index.
    Remove(usize),
    /// Swaps the layer at this index with the one before it.
    MoveUp(usize),
    /// Swaps the layer at this index with the one after it.
    MoveDown(usize),
    /// Replaces the layer at this index (a setting was edited).
    Edit(usize, LayerSpec),
    /// Selects a layer (or none: the palette then adds at the end).
    Select(Option<usize>),
    /// Removes every layer.
    Clear,
    /// Sets the loss.
    SetLoss(LossSpec),
    /// Replaces the last layer, when it is a Dense layer (else appends), and the loss with
    /// [`suggest_output`] for the task.
    SuggestOutput(Task),
    /// Replaces the whole spec (a preset).
    Replace(ModelSpec),
    /// A spec file was uploaded and validated: the model, and the training settings if it had
    /// them. Only the model is undoable.
    Load(Box<ModelSpec>, Option<Box<TrainConfig>>),
    /// Goes back to the spec before the last change.
    Undo,
    /// Re-applies the last undone change.
    Redo,
}

fn apply_builder(s: &mut State, action: BuilderAction) {
    // Editing waits while a run is in the worker (the run uses the spec it was started with).
    if s.is_active() && !matches!(action, BuilderAction::Select(_)) {
        return;
    }
    let b = Rc::make_mut(&mut s.builder);
    let mut next = b.spec.clone();
    let len = next.layers.len();
    match action {
        BuilderAction::Add(layer) => {
            let at = b.selected.map_or(len, |i| (i + 1).min(len));
            next.layers.insert(at, layer);
            b.commit(next);
            b.selected = Some(at);
        }
        BuilderAction::Remove(i) if i < len => {
            next.layers.remove(i);
            b.commit(next);
            b.selected = match b.selected {
                Some(j) if j == i => None,
                Some(j) if j > i => Some(j - 1),
                other => other,
            };
        }
        BuilderAction::MoveUp(i) if i > 0 && i < len => {
            next.layers.swap(i - 1, i);
            b.commit(next);
            b.selected = Some(i - 1);
        }
        BuilderAction::MoveDown(i) if i + 1 < len => {
            next.layers.swap(i, i + 1);
            b.commit(next);
            b.selected = Some(i + 1);
        }
        BuilderAction::Edit(i, layer) if i < len => {
            next.layers[i] = layer;
            b.commit(next);
        }
        BuilderAction::Select(sel) => b.selected = sel.filter(|&i| i < len),
        BuilderAction::Clear => {
            next.layers.clear();
            b.commit(next);
            b.selected = None;
        }
        BuilderAction::SetLoss(loss) => {
            next.loss = loss;
            b.commit(next);
        }
        BuilderAction::SuggestOutput(task) => {
            let (layer, loss) = suggest_output(task);
            match next.layers.last_mut() {
                Some(last @ LayerSpec::Dense { .. }) => *last = layer,
                _ => next.layers.push(layer),
            }
            next.loss = loss;
            b.commit(next);
        }
        BuilderAction::Replace(spec) => {
            b.commit(spec);
            b.selected = None;
        }
        BuilderAction::Load(spec, config) => {
            b.commit(*spec);
            b.selected = None;
            if let Some(c) = config {
                s.config = *c;
            }
        }
        BuilderAction::Undo => {
            if let Some(prev) = b.undo.pop() {
                let current = std::mem::replace(&mut b.spec, prev);
                push_bounded(&mut b.redo, current);
                b.selected = None;
            }
        }
        BuilderAction::Redo => {
            if let Some(next) = b.redo.pop() {
                let current = std::mem::replace(&mut b.spec, next);
                push_bounded(&mut b.undo, current);
                b.selected = None;
            }
        }
        // Out-of-range indices (a stale click) change nothing.
        BuilderAction::Remove(_) | BuilderAction::MoveUp(_) | BuilderAction::MoveDown(_) | BuilderAction::Edit(..) => {}
    }
    if b.selected.is_some_and(|i| i >= b.spec.layers.len()) {
        b.selected = None;
    }
}

impl State {
    /// The selected data set's input and task as the builder checks them, or `None` when the page
    /// does not know them (then the spec keeps its own input and only [`ModelSpec::summary`]
    /// applies). Before a data set has loaded, the default review set is assumed.
    ///
    /// Sentence sets: `Tokens { seq_len, vocab_size }` from the text settings, binary;
    /// `mnist*`: 28×28 grey images, 10 classes.
    pub fn data_target(&self) -> Option<(InputSpec, Task)> {
        let text = InputSpec::Tokens { seq_len: self.prep.seq_len, vocab_size: self.prep.vocab_size };
        let Some(d) = &self.dataset else { return Some((text, Task::Binary)) };
        let sum = &d.summary;
        Some((sum.kind.input_spec(&self.prep), sum.task))
    }

    /// A ready-made model that fits the loaded data: the reference model for sentences, the small
    /// CNN for 28×28 images, a small MLP (after Flatten for other images) for the rest.
    pub fn preset_for_data(&self) -> Option<ModelSpec> {
        let (input, task) = self.data_target()?;
        let mut spec = match input {
            InputSpec::Tokens { vocab_size, seq_len } => {
                kiln_core::presets::reference_sentiment(vocab_size, seq_len).spec
            }
            InputSpec::Images { height: 28, width: 28, channels: 1 } if task == (Task::MultiClass { classes: 10 }) => {
                kiln_core::presets::small_cnn().spec
            }
            InputSpec::Images { height, width, channels } => {
                let mut s = kiln_core::presets::small_mlp(height * width * channels, task).spec;
                s.layers.insert(0, LayerSpec::Flatten);
                s
            }
            InputSpec::Features { width } => kiln_core::presets::small_mlp(width, task).spec,
        };
        spec.input = input;
        Some(spec)
    }

    /// The data's task, when known.
    pub fn task(&self) -> Option<Task> {
        self.data_target().map(|(_, task)| task)
    }

    /// The summary of [`State::model`], checked against the data's task when it is known.
    ///
    /// # Errors
    /// The first [`SpecError`]: a layer that does not fit, or an output that does not suit the
    /// loss or the data.
    pub fn model_summary(&self) -> Result<ModelSummary, SpecError> {
        let model = self.model();
        match self.task() {
            Some(task) => model.summary_for(task),
            None => model.summary(),
        }
    }

    /// Why the model cannot be trained now, if it cannot (Train is disabled meanwhile).
    pub fn spec_error(&self) -> Option<SpecError> {
        self.model_summary().err()
    }
}

#[cfg(test)]
mod builder_tests {
    use kiln_core::{Activation, Padding};

    use super::*;

    fn reduce(s: State, a: BuilderAction) -> State {
        (*Rc::new(s).reduce(Action::Builder(a))).clone()
    }

    fn kinds(s: &State) -> Vec<&'static str> {
        s.builder.spec.layers.iter().map(LayerSpec::kind).collect()
    }

    fn dense(units: usize) -> LayerSpec {
        LayerSpec::Dense { units, activation: Activation::Relu }
    }

    #[test]
    fn the_default_model_is_the_reference_and_follows_the_text_settings() {
        let s = State::default();
        assert_eq!(s.model(), ModelSpec::reference_sentiment(10_000, 500));
        assert_eq!(s.spec_error(), None);
        let s = (*Rc::new(s).reduce(Action::SetSeqLen(100))).clone();
        assert_eq!(s.model().input, InputSpec::Tokens { seq_len: 100, vocab_size: 10_000 });
        assert_eq!(s.model_summary().expect("valid").total_params, 160_289);
    }

    #[test]
    fn add_goes_after_the_selection_or_at_the_end() {
        let s = reduce(State::default(), BuilderAction::Add(LayerSpec::Dropout { rate: 0.5 }));
        assert_eq!(kinds(&s), ["Embedding", "GlobalAveragePooling1D", "Dense", "Dense", "Dropout"]);
        assert_eq!(s.builder.selected, Some(4));
        let s = reduce(s, BuilderAction::Select(Some(1)));
        let s = reduce(s, BuilderAction::Add(dense(8)));
        assert_eq!(kinds(&s), ["Embedding", "GlobalAveragePooling1D", "Dense", "Dense", "Dense", "Dropout"]);
        assert_eq!(s.builder.spec.layers[2], dense(8));
        assert_eq!(s.builder.selected, Some(2));
        // Selecting past the end selects nothing.
        let s = reduce(s, BuilderAction::Select(Some(99)));
        assert_eq!(s.builder.selected, None);
    }

    #[test]
    fn remove_and_move_keep_the_selection_sensible() {
        let s = reduce(State::default(), BuilderAction::Select(Some(3)));
        let s = reduce(s, BuilderAction::Remove(1));
        assert_eq!(kinds(&s), ["Embedding", "Dense", "Dense"]);
        assert_eq!(s.builder.selected, Some(2));
        assert!(s.spec_error().is_some(), "Dense on a sequence is invalid");
        let s = reduce(s, BuilderAction::MoveUp(2));
        assert_eq!(s.builder.spec.layers[1], LayerSpec::Dense { units: 1, activation: Activation::Sigmoid });
        assert_eq!(s.builder.selected, Some(1));
        let s = reduce(s, BuilderAction::MoveDown(1));
        assert_eq!(s.builder.spec.layers[2], LayerSpec::Dense { units: 1, activation: Activation::Sigmoid });
        // Out of range: nothing changes, nothing is recorded.
        let undo = s.builder.undo.len();
        let s = reduce(s, BuilderAction::MoveUp(0));
        let s = reduce(s, BuilderAction::MoveDown(2));
        let s = reduce(s, BuilderAction::Remove(7));
        let s = reduce(s, BuilderAction::Edit(7, dense(1)));
        assert_eq!(s.builder.undo.len(), undo);
    }

    #[test]
    fn edit_undo_redo() {
        let s0 = State::default();
        let s = reduce(s0.clone(), BuilderAction::Edit(2, dense(32)));
        assert_eq!(s.model_summary().expect("valid").total_params, 160_000 + 16 * 32 + 32 + 32 + 1);
        let s = reduce(s, BuilderAction::SetLoss(LossSpec::MeanSquaredError));
        let err = s.spec_error().expect("sigmoid with MSE").to_string();
        assert!(err.contains("mean squared error"), "{err}");
        let s = reduce(s, BuilderAction::Undo);
        assert_eq!(s.builder.spec.loss, LossSpec::BinaryCrossEntropy);
        let s = reduce(s, BuilderAction::Undo);
        assert_eq!(s.builder.spec, s0.builder.spec);
        let s = reduce(s, BuilderAction::Undo);
        assert_eq!(s.builder.spec, s0.builder.spec, "nothing left to undo");
        let s = reduce(s, BuilderAction::Redo);
        assert_eq!(s.builder.spec.layers[2], dense(32));
        // A new change forgets what was undone.
        let s = reduce(s, BuilderAction::Clear);
        assert!(s.builder.redo.is_empty());
        assert_eq!(s.spec_error(), Some(SpecError::Empty));
        // An edit that changes nothing is not recorded.
        let n = s.builder.undo.len();
        let s = reduce(s, BuilderAction::Clear);
        assert_eq!(s.builder.undo.len(), n);
    }

    #[test]
    fn history_is_bounded() {
        let mut s = State::default();
        for i in 0..(UNDO_LIMIT + 20) {
            s = reduce(s, BuilderAction::Edit(2, dense(i + 1)));
        }
        assert_eq!(s.builder.undo.len(), UNDO_LIMIT);
        for _ in 0..(UNDO_LIMIT + 5) {
            s = reduce(s, BuilderAction::Undo);
        }
        assert_eq!(s.builder.redo.len(), UNDO_LIMIT);
        assert_eq!(s.builder.spec.layers[2], dense(20), "the oldest states were dropped");
    }

    #[test]
    fn presets_keep_their_layers_and_show_the_data_mismatch() {
        let cnn = kiln_core::presets::small_cnn().spec;
        let s = reduce(State::default(), BuilderAction::Replace(cnn.clone()));
        assert_eq!(s.builder.spec, cnn);
        // The review set's input (token ids) replaces the preset's image input.
        assert!(matches!(s.model().input, InputSpec::Tokens { .. }));
        let err = s.spec_error().expect("Conv2D on token ids").to_string();
        assert!(err.contains("Conv2D"), "{err}");
        let s = reduce(s, BuilderAction::Undo);
        assert_eq!(s.spec_error(), None);
    }

    #[test]
    fn suggest_output_fixes_the_head_for_the_task() {
        let s = reduce(
            State::default(),
            BuilderAction::Edit(3, LayerSpec::Dense { units: 3, activation: Activation::Softmax }),
        );
        let s = reduce(s, BuilderAction::SetLoss(LossSpec::CategoricalCrossEntropy));
        assert!(s.spec_error().expect("3 classes on binary data").to_string().contains("two classes"));
        let s = reduce(s, BuilderAction::SuggestOutput(Task::Binary));
        assert_eq!(s.builder.spec, State::default().builder.spec);
        // After a non-Dense layer the output layer is appended.
        let s = reduce(s, BuilderAction::Add(LayerSpec::Dropout { rate: 0.2 }));
        let s = reduce(s, BuilderAction::SuggestOutput(Task::MultiClass { classes: 4 }));
        assert_eq!(kinds(&s).len(), 6);
        assert_eq!(s.builder.spec.loss, LossSpec::CategoricalCrossEntropy);
    }

    #[test]
    fn load_sets_model_and_config_and_editing_waits_for_the_run() {
        let config = TrainConfig { epochs: 3, ..TrainConfig::default() };
        let spec = ModelSpec {
            input: InputSpec::Images { height: 28, width: 28, channels: 1 },
            layers: vec![LayerSpec::Conv2D {
                filters: 4,
                kernel_size: [3, 3],
                strides: [1, 1],
                padding: Padding::Same,
                activation: Activation::Relu,
            }],
            loss: LossSpec::CategoricalCrossEntropy,
        };
        let s = reduce(State::default(), BuilderAction::Load(Box::new(spec.clone()), Some(Box::new(config.clone()))));
        assert_eq!((s.builder.spec.clone(), s.config.clone()), (spec, config));
        let running = (*Rc::new(s).reduce(Action::TrainStarted)).clone();
        let after = reduce(running.clone(), BuilderAction::Clear);
        assert_eq!(after.builder, running.builder, "no edits while a run is in the worker");
    }
}

fn apply_event(s: &mut State, event: Event) {
    match event {
        Event::Ready => s.engine_loaded = true,
        Event::Status(m) => s.status = m,
        Event::EngineChosen { engine, reason } => {
            s.engine = Some((engine, reason));
            s.runs += 1;
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
        Event::LoadProgress { stage, done, total } => {
            if s.data_loading.is_some() {
                s.load_progress = Some((stage, done, total));
            }
        }
        Event::DataLoaded { id, name, summary } => {
            s.data_loading = None;
            s.load_progress = None;
            if id.is_upload() {
                if let Some(o) = s.upload.pending.take() {
                    s.upload.applied = o;
                }
            } else {
                s.upload = UploadChoices::default();
            }
            let info = id.info().copied();
            s.dataset = Some(LoadedDataset { id, name, info, summary: Rc::from(summary) });
            s.data_ready = None;
            // A model that cannot take this data is replaced by a preset that can (undoable).
            if s.spec_error().is_some()
                && let Some(preset) = s.preset_for_data()
            {
                apply_builder(s, BuilderAction::Replace(preset));
            }
        }
        Event::DataFailed { id, message } => {
            s.data_loading = None;
            s.load_progress = None;
            s.upload.pending = None;
            let msg = format!("{}: {message}", id.name());
            if id.is_upload() {
                s.upload_error = Some(msg);
            } else {
                s.error = Some(msg);
            }
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
        // A new text hides the old text's prediction until its own arrives.
        let s = reduce(s, Action::SetTryText("good!".into()));
        assert_eq!(s.prediction, None);
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
