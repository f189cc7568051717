//! The data slice: the data set the worker holds (as the page shows it), the load in progress and
//! its progress, the person's choices for an upload, and the text preparation and split
//! settings; plus what the model builder needs from the data ([`DataState::target`]).

use std::rc::Rc;

use kiln_core::{InputSpec, ModelSpec, SplitConfig, Task, TextPrepConfig};
use kiln_data::DatasetInfo;
use kiln_data::chinese_reviews::recommended_prep;
use kiln_data::id::DataId;
use kiln_data::images::ImageOptions;
use kiln_data::summary::SourceSummary;
use kiln_protocol::{Event, LoadStage, Msg, RunId, UploadOptions};

/// A data set as the page names it: a built-in one by its name in the page's language
/// (`data-set-<id>`, e.g. "Review sentences" for `review-sentences`), an upload — or an id this
/// Kiln does not know, such as the file a CLI run was trained on — by its name as it is.
pub fn dataset_label(id: &DataId) -> Msg {
    match id {
        DataId::Builtin(b) if kiln_data::builtin::find(b).is_some() => Msg::new(format!("data-set-{b}")),
        other => Msg::verbatim(other.name()),
    }
}

/// [`dataset_label`] of a data set in its text form (`iris`, `upload:pets.zip`), as a model file
/// records it.
pub fn dataset_label_of(text: &str) -> Msg {
    match text.parse::<DataId>() {
        Ok(id) => dataset_label(&id),
        Err(never) => match never {},
    }
}

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

/// A load the page waits for.
#[derive(Debug, Clone, PartialEq)]
pub struct Loading {
    /// Its run.
    pub run: RunId,
    /// The data set asked for.
    pub id: DataId,
    /// How far it has got: stage, done, total.
    pub progress: Option<(LoadStage, u64, u64)>,
}

/// The data slice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataState {
    /// The data set the worker holds, once loaded.
    pub dataset: Option<LoadedDataset>,
    /// The load in progress.
    pub loading: Option<Loading>,
    /// The choices for the uploaded data set.
    pub upload: UploadChoices,
    /// Size and colour for the next image upload (and the current one).
    pub image_options: ImageOptions,
    /// A picked table file over the size limit, offered as a sample.
    pub too_big: Option<web_sys::File>,
    /// Loads asked of the worker since the page opened (tests wait for the next answer with it).
    pub loads: u32,
    /// Why the last upload could not be used (shown next to the upload control).
    pub upload_error: Option<Msg>,
    /// Tokenizer settings.
    pub prep: TextPrepConfig,
    /// Split fractions.
    pub split: SplitConfig,
}

/// A change to the data slice.
#[derive(Debug, Clone, PartialEq)]
pub enum DataAction {
    /// A data set was asked of the worker as run `run` (built-in id, or `upload:<name>`), with
    /// the upload choices sent along (a new upload, or new choices for it).
    Loading {
        /// The load's run.
        run: RunId,
        /// The data set asked for.
        id: DataId,
        /// The choices sent with an upload.
        upload: Option<UploadOptions>,
    },
    /// A picked table file is over the size limit: offer a sample.
    TooBig(Option<web_sys::File>),
    /// Image size chosen.
    SetImageOptions(ImageOptions),
    /// Picked files cannot be used (shown next to the upload controls).
    UploadError(Msg),
    /// Sequence length chosen.
    SetSeqLen(usize),
    /// Vocabulary size typed.
    SetVocab(usize),
    /// Tokenizer chosen (Keras words and characters, or jieba words).
    SetTokenizer(kiln_core::Tokenizer),
}

impl DataState {
    /// Applies a change.
    pub fn apply(&mut self, action: DataAction) {
        match action {
            DataAction::Loading { run, id, upload } => {
                self.loads += 1;
                self.loading = Some(Loading { run, id, progress: None });
                self.upload_error = None;
                self.too_big = None;
                if upload.is_some() {
                    self.upload.pending = upload;
                }
            }
            DataAction::TooBig(f) => {
                self.too_big = f;
                self.upload_error = None;
            }
            DataAction::SetImageOptions(o) => self.image_options = o,
            DataAction::UploadError(e) => {
                self.upload_error = Some(e);
                self.too_big = None;
            }
            DataAction::SetSeqLen(n) => self.prep.seq_len = n,
            DataAction::SetVocab(n) => self.prep.vocab_size = n,
            DataAction::SetTokenizer(tok) => self.prep.tokenizer = tok,
        }
    }

    /// The slice waits for the events of the load in progress.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.loading.as_ref().is_some_and(|l| l.run == run)
    }

    /// Applies an event of the load in progress; returns a message for the page's banner.
    pub fn on_event(&mut self, event: Event) -> Option<Msg> {
        match event {
            Event::LoadProgress { stage, done, total } => {
                if let Some(l) = &mut self.loading {
                    l.progress = Some((stage, done, total));
                }
                None
            }
            Event::DataLoaded { id, name, summary } => {
                self.loading = None;
                if id.is_upload() {
                    if let Some(o) = self.upload.pending.take() {
                        self.upload.applied = o;
                    }
                } else {
                    self.upload = UploadChoices::default();
                    // A built-in set starts with its own text settings (the Chinese set: jieba
                    // words, 200 tokens); choosing another set puts the reference's back.
                    self.prep = recommended_prep(id.name());
                }
                let info = id.info().copied();
                self.dataset = Some(LoadedDataset { id, name, info, summary: Rc::from(summary) });
                None
            }
            Event::DataFailed { id, message } => {
                self.loading = None;
                self.upload.pending = None;
                let msg = Msg::new("data-failed").arg("name", id.name()).arg("message", message);
                if id.is_upload() {
                    self.upload_error = Some(msg);
                    None
                } else {
                    Some(msg)
                }
            }
            Event::Error(_) => {
                // Refused before it began (a run is using the engine): the banner says why.
                self.loading = None;
                self.upload.pending = None;
                None
            }
            _ => None,
        }
    }

    /// The data set's input and task as the builder checks them ([`kiln_data::SourceKind::input_spec`]:
    /// token ids of the text settings' length and vocabulary, `Features { width }` for tables,
    /// channels-last images). Before a data set has loaded, the default review set is assumed.
    pub fn target(&self) -> (InputSpec, Task) {
        match &self.dataset {
            Some(d) => (d.summary.kind.input_spec(&self.prep), d.summary.task),
            None => (InputSpec::Tokens { seq_len: self.prep.seq_len, vocab_size: self.prep.vocab_size }, Task::Binary),
        }
    }

    /// The data's task.
    pub fn task(&self) -> Task {
        self.target().1
    }

    /// A ready-made model that fits the data: the reference model for sentences, the small CNN
    /// for 28×28 images with 10 classes, a small MLP (after Flatten for other images) for the rest.
    pub fn preset(&self) -> ModelSpec {
        let (input, task) = self.target();
        let mut spec = match input {
            InputSpec::Tokens { vocab_size, seq_len } => {
                kiln_core::presets::reference_sentiment(vocab_size, seq_len).spec
            }
            InputSpec::Images { height: 28, width: 28, channels: 1 } if task == (Task::MultiClass { classes: 10 }) => {
                kiln_core::presets::small_cnn().spec
            }
            InputSpec::Images { height, width, channels } => {
                let mut s = kiln_core::presets::small_mlp(height * width * channels, task).spec;
                s.layers.insert(0, kiln_core::LayerSpec::Flatten);
                s
            }
            InputSpec::Features { width } => kiln_core::presets::small_mlp(width, task).spec,
        };
        spec.input = input;
        spec
    }

    /// The loaded data set is an upload.
    pub fn is_upload(&self) -> bool {
        self.dataset.as_ref().is_some_and(|d| d.id.is_upload())
    }
}
