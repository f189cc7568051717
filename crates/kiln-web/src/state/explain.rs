//! The explanation slice: word contributions the worker computed (`Command::Explain` →
//! `Event::Explained`) for the typed "Try it" text and for listed test examples, kept by text for
//! the model (run) that made them. Each ask is its own query run; answers of queries the slice no
//! longer waits for, or made by another model, are not shown.

use std::rc::Rc;

use kiln_protocol::report::Explanation;
use kiln_protocol::{Event, RunId};

/// Explanations kept at most (the oldest go first): typing makes one per keystroke.
pub const KEPT: usize = 64;

/// Word contributions asked for and received.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExplainState {
    /// The model the explanations are of.
    pub model: Option<RunId>,
    /// Queries waiting for their answer: `(query run, text)`.
    pub pending: Vec<(RunId, String)>,
    /// Answers, oldest first: `(text, explanation)`.
    pub done: Vec<(String, Rc<Explanation>)>,
}

/// A change to the explanations.
#[derive(Debug, Clone, PartialEq)]
pub enum ExplainAction {
    /// `text` was sent to the worker as query run `query`, to be explained by run `model`'s model.
    Asked {
        /// The query's run.
        query: RunId,
        /// The model's run.
        model: RunId,
        /// The text.
        text: String,
    },
}

impl ExplainState {
    /// Applies a change: asking another model forgets the first one's explanations.
    pub fn apply(&mut self, action: ExplainAction) {
        match action {
            ExplainAction::Asked { query, model, text } => {
                if self.model != Some(model) {
                    *self = ExplainState { model: Some(model), ..ExplainState::default() };
                }
                self.pending.retain(|(_, t)| *t != text);
                self.pending.push((query, text));
                if self.pending.len() > KEPT {
                    self.pending.remove(0);
                }
            }
        }
    }

    /// The slice waits for the answer to `run`.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.pending.iter().any(|(q, _)| *q == run)
    }

    /// Takes in the answer (or error) of query `run`.
    pub fn on_event(&mut self, run: RunId, event: Event) {
        let Some(i) = self.pending.iter().position(|(q, _)| *q == run) else { return };
        let (_, asked) = self.pending.remove(i);
        if let Event::Explained { text, explanation } = event
            && text == asked
        {
            self.done.retain(|(t, _)| *t != text);
            self.done.push((text, Rc::new(*explanation)));
            if self.done.len() > KEPT {
                self.done.remove(0);
            }
        }
    }

    /// The explanation of `text` by `model`'s model, if it has arrived.
    pub fn get(&self, model: Option<RunId>, text: &str) -> Option<&Rc<Explanation>> {
        if model.is_none() || self.model != model {
            return None;
        }
        self.done.iter().rev().find(|(t, _)| t == text).map(|(_, x)| x)
    }

    /// True while `text` is asked and not answered.
    pub fn is_pending(&self, text: &str) -> bool {
        self.pending.iter().any(|(_, t)| t == text)
    }
}
