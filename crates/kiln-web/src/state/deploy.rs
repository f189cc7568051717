//! The deploy slice: model files. A `.kiln` file being opened (picked, dropped, or the weights
//! kept from the last visit) and the model it became; exports in flight (Download model, ONNX,
//! Keras, PyTorch) and what the last one wrote; the session kept in IndexedDB — whether the
//! restore at start-up is done (only then does the page write), which run's weights are kept,
//! and the notes the person must see (a quota error, an upload to pick again).
//!
//! An opened file changes other slices ([`State::model_opened`]): its spec, settings, text and
//! split settings go to the builder, settings and data slices, and its run becomes the run
//! slice's model, so "Try it" asks it at once and Train continues from its weights.

use std::rc::Rc;

use kiln_core::{InputSpec, ModelSpec, Task};
use kiln_data::id::DataId;
use kiln_data::summary::SourceKind;
use kiln_protocol::{Event, ModelFormat, ModelInfo, Msg, RunId};

use super::State;
use super::builder::BuilderAction;
use super::data::{DataState, LoadedDataset};
use super::run::Phase;

/// A file being opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// The `OpenModel` run.
    pub run: RunId,
    /// The file's name.
    pub name: String,
    /// The weights kept from the last visit (the restored session already set spec and charts).
    pub restore: bool,
}

/// A model the worker opened from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// Its run (the run slice's model while nothing newer was trained).
    pub run: RunId,
    /// What the file holds.
    pub info: Rc<ModelInfo>,
    /// It is the model kept from the last visit (not a file the person picked).
    pub restore: bool,
}

/// The deploy slice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeployState {
    /// The file being opened.
    pub opening: Option<Opening>,
    /// The last model opened from a file.
    pub opened: Option<Opened>,
    /// Why the last file could not be opened (the current model was kept).
    pub open_error: Option<Msg>,
    /// An export the page waits for: its run and format.
    pub exporting: Option<(RunId, ModelFormat)>,
    /// What the last export wrote, e.g. "kiln-model.kiln (42 KB)".
    pub exported: Option<Msg>,
    /// The restore at start-up has finished: the page may write the session now.
    pub restored: bool,
    /// The run whose weights were sent to IndexedDB (or are being).
    pub kept: Option<RunId>,
    /// The export that writes `kept`'s weights for IndexedDB.
    pub keeping: Option<RunId>,
    /// A note about the kept session: restored, an upload to pick again, a quota error.
    pub note: Option<Msg>,
}

/// A change to the deploy slice.
#[derive(Debug, Clone, PartialEq)]
pub enum DeployAction {
    /// A model file was sent to the worker as run `run`.
    Opening(Opening),
    /// An export was asked as run `run`.
    Exporting(RunId, ModelFormat),
    /// The weights of model `model` are being written for IndexedDB by export run `run`.
    Keeping {
        /// The model's run.
        model: RunId,
        /// The export's run.
        run: RunId,
    },
    /// The start-up restore finished.
    Restored,
    /// A note about the kept session (`None` clears it).
    Note(Option<Msg>),
}

impl DeployState {
    /// Applies a change.
    pub fn apply(&mut self, action: DeployAction) {
        match action {
            DeployAction::Opening(o) => {
                self.open_error = None;
                self.opening = Some(o);
            }
            DeployAction::Exporting(run, format) => {
                self.exported = None;
                self.exporting = Some((run, format));
            }
            DeployAction::Keeping { model, run } => {
                self.kept = Some(model);
                self.keeping = Some(run);
            }
            DeployAction::Restored => self.restored = true,
            DeployAction::Note(n) => self.note = n,
        }
    }

    /// The slice waits for the file being opened and the exports it asked for.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.opening.as_ref().is_some_and(|o| o.run == run)
            || self.exporting.is_some_and(|(r, _)| r == run)
            || self.keeping == Some(run)
    }

    /// Applies an event of one of its runs; returns the model opened, if the event says so.
    pub fn on_event(&mut self, run: RunId, event: Event) -> Option<(Opened, bool)> {
        match event {
            Event::ModelOpened(info) => {
                let opening = self.opening.take().filter(|o| o.run == run)?;
                let opened = Opened { run, info: Rc::from(info), restore: opening.restore };
                self.opened = Some(opened.clone());
                self.open_error = None;
                if opening.restore {
                    self.kept = Some(run);
                }
                Some((opened, opening.restore))
            }
            Event::ModelFailed { name, message } => {
                let restore = self.opening.take().is_some_and(|o| o.restore);
                self.open_error = Some(if restore {
                    Msg::new("deploy-open-failed-restore").arg("message", message)
                } else {
                    Msg::new("deploy-open-failed").arg("name", name).arg("message", message)
                });
                None
            }
            Event::Exported { files, .. } => {
                if self.keeping == Some(run) {
                    self.keeping = None;
                } else if self.exporting.is_some_and(|(r, _)| r == run) {
                    self.exporting = None;
                    let list: Vec<Msg> = files
                        .iter()
                        .map(|f| {
                            Msg::new("deploy-file")
                                .arg("name", &f.name)
                                .arg("size", super::session::size(f.size as usize))
                        })
                        .collect();
                    self.exported = Some(Msg::new("deploy-downloaded").arg("files", list));
                }
                None
            }
            Event::Error(_) => {
                // A model that cannot be kept is not asked for again (`kept` stays).
                if self.keeping == Some(run) {
                    self.keeping = None;
                }
                if self.exporting.is_some_and(|(r, _)| r == run) {
                    self.exporting = None;
                }
                None
            }
            _ => None,
        }
    }

    /// The opened model a Train of `spec` continues from: the file's run, when it is still the
    /// model the page holds (`model`) and the builder's spec is the file's.
    pub fn continue_from(&self, model: Option<RunId>, spec: &ModelSpec) -> Option<RunId> {
        self.opened.as_ref().filter(|o| Some(o.run) == model && o.info.spec == *spec).map(|o| o.run)
    }
}

impl State {
    /// A model file was opened as run `opened.run`: it becomes the page's model. A file (not the
    /// restore of the last visit) also brings its spec, settings, text and split settings, and
    /// clears the charts, which belonged to another model.
    pub(super) fn model_opened(&mut self, opened: Opened, restore: bool) {
        let info = opened.info.clone();
        if !restore {
            if let Some(prep) = info.prep {
                self.data.update(|d| d.prep = prep);
            }
            self.data.update(|d| d.split = info.split);
            let config = info.config.clone();
            self.settings.update(|c| *c = config);
            self.builder.update(|b| b.apply(BuilderAction::Load(Box::new(info.spec.clone()), None)));
        }
        self.run.update(|r| {
            if !restore {
                *r = super::run::RunState { runs: r.runs, engine: r.engine.clone(), ..Default::default() };
            }
            r.model = Some(opened.run);
            r.test = Some(info.metrics);
            r.phase = Phase::Finished;
            let dataset = super::data::dataset_label_of(&info.dataset);
            r.status = if restore {
                Msg::new("deploy-status-restored-model").arg("dataset", dataset)
            } else {
                Msg::new("deploy-status-opened").arg("name", opened_name(&info.name, restore)).arg("dataset", dataset)
            };
        });
    }
}

/// The name an opened model is shown by: its file's, or "the model from your last visit" for the
/// one kept in this browser (`restore`).
pub fn opened_name(name: &str, restore: bool) -> Msg {
    if restore { Msg::new("deploy-last-visit-model") } else { Msg::verbatim(name) }
}

/// The built-in data set an opened model was trained on, when the page holds another one.
pub fn dataset_to_load(info: &ModelInfo, data: &DataState) -> Option<&'static str> {
    let builtin = kiln_data::builtin::find(&info.dataset)?;
    let current = data.loading.as_ref().map(|l| &l.id).or(data.dataset.as_ref().map(|d| &d.id));
    (current.map(ToString::to_string).as_deref() != Some(builtin.id)).then_some(builtin.id)
}

/// A data set's name for messages: a built-in one's in the page's language (`data-set-<id>`),
/// an upload's as it was picked.
pub fn dataset_label(d: &LoadedDataset) -> Msg {
    match &d.id {
        DataId::Builtin(id) => Msg::new(format!("data-set-{id}")),
        _ => Msg::verbatim(d.name.clone()),
    }
}

/// The message word for a model or data kind (`text`, `table`, `images`).
fn kind_word(kind: &str) -> Msg {
    match kind {
        "table" => Msg::new("evaluate-kind-table"),
        "images" => Msg::new("evaluate-kind-images"),
        _ => Msg::new("evaluate-kind-text"),
    }
}

/// Whether the opened model `info` can be evaluated on the data set the page holds, or why not.
///
/// The rule: the same kind of input (texts, table rows, images); for images the same
/// `[height, width, channels]`, for tables the same feature width; the same task — a regression
/// model needs a numeric target, a classifier classes — and the same class names (in any order:
/// the worker maps the data's labels to the model's class ids by name). A text model's sequence
/// length and vocabulary need not match the page's text settings: the worker encodes the raw test
/// texts with the model's own vocabulary and tokenizer (`kiln_data::Encoder::splits`), which also
/// checks a table's columns.
///
/// # Errors
/// The message saying why not: no data set, one still loading, another kind, another image size
/// or feature width, another task or other classes.
pub fn evaluate_match(info: &ModelInfo, data: &DataState) -> Result<(), Msg> {
    if data.loading.is_some() {
        return Err(Msg::new("evaluate-opened-loading"));
    }
    let Some(d) = &data.dataset else { return Err(Msg::new("evaluate-opened-no-data")) };
    let name = dataset_label(d);
    let summary = &d.summary;
    let data_kind = match summary.kind {
        SourceKind::Text => "text",
        SourceKind::Table { .. } => "table",
        SourceKind::Images { .. } => "images",
    };
    if data_kind != info.kind {
        return Err(Msg::new("evaluate-opened-kind")
            .arg("model", kind_word(&info.kind))
            .arg("dataset", name)
            .arg("data", kind_word(data_kind)));
    }
    match (&info.spec.input, summary.kind) {
        (&InputSpec::Images { height, width, channels }, SourceKind::Images { height: h, width: w, channels: c })
            if (height, width, channels) != (h, w, c) =>
        {
            return Err(Msg::new("evaluate-opened-shape")
                .arg("model", format!("{height}×{width}×{channels}"))
                .arg("dataset", name)
                .arg("data", format!("{h}×{w}×{c}")));
        }
        (&InputSpec::Features { width }, SourceKind::Table { width: w }) if width != w => {
            return Err(Msg::new("evaluate-opened-width")
                .arg("model", width.to_string())
                .arg("dataset", name)
                .arg("data", w.to_string()));
        }
        _ => {}
    }
    let regression_data = summary.task == Task::Regression;
    match (info.class_names.is_empty(), regression_data) {
        (true, false) => return Err(Msg::new("evaluate-opened-regression").arg("dataset", name)),
        (false, true) => return Err(Msg::new("evaluate-opened-classifier").arg("dataset", name)),
        (true, true) => return Ok(()),
        (false, false) => {}
    }
    let mut model: Vec<&str> = info.class_names.iter().map(String::as_str).collect();
    let mut theirs: Vec<&str> = summary.class_names.iter().map(String::as_str).collect();
    model.sort_unstable();
    theirs.sort_unstable();
    if model != theirs {
        return Err(Msg::new("evaluate-opened-classes")
            .arg("model", info.class_names.join(", "))
            .arg("dataset", name)
            .arg("data", summary.class_names.join(", ")));
    }
    Ok(())
}
