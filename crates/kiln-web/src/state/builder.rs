//! The builder slice: the model being edited in step 2 — its spec, undo and redo stacks and the
//! selected layer — and what it becomes against the data ([`Builder::model`], [`Builder::check`]).

use kiln_core::presets::suggest_output;
use kiln_core::{LayerSpec, LossSpec, ModelSpec, ModelSummary, SpecError, Task, TextPrepConfig, TrainConfig};

use super::data::DataState;

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

impl Builder {
    /// Applies a change (the page checks first that no run is using the spec; a spec file's
    /// settings go to the settings slice).
    pub fn apply(&mut self, action: BuilderAction) {
        let b = self;
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
            BuilderAction::Load(spec, _) => {
                b.commit(*spec);
                b.selected = None;
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
            BuilderAction::Remove(_)
            | BuilderAction::MoveUp(_)
            | BuilderAction::MoveDown(_)
            | BuilderAction::Edit(..) => {}
        }
        if b.selected.is_some_and(|i| i >= b.spec.layers.len()) {
            b.selected = None;
        }
    }

    /// The model the page will train: the spec, with its input taken from the data set when the
    /// page knows the data's shape ([`DataState::target`]).
    pub fn model(&self, data: &DataState) -> ModelSpec {
        ModelSpec { input: data.target().0, ..self.spec.clone() }
    }

    /// The summary of [`Builder::model`], checked against the data's task.
    ///
    /// # Errors
    /// The first [`SpecError`]: a layer that does not fit, or an output that does not suit the
    /// loss or the data.
    pub fn check(&self, data: &DataState) -> Result<ModelSummary, SpecError> {
        self.model(data).summary_for(data.task())
    }
}
