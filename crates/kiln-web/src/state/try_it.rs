//! The "Try it" slice: the text typed in step 4 and the prediction for it, and the panel for the
//! other data kinds (a drawing or a dropped image for image models, the row form for tables)
//! with its latest answer. Each keystroke, stroke, file or edit asks the worker as a new run (a
//! query naming the model's run); only the latest query's answer is shown, so a slow answer for
//! an older input never replaces a newer one.

use std::rc::Rc;

use kiln_protocol::{Event, Msg, RunId, TryOutcome};

/// A prediction, and the model (run) that made it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// The run whose model answered.
    pub model: RunId,
    /// Probability of the positive class, in [0, 1].
    pub probability: f64,
}

/// "Try it".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TryIt {
    /// Text in the box.
    pub text: String,
    /// The query the page waits for, and the model it asked.
    pub query: Option<(RunId, RunId)>,
    /// The latest prediction for `text`.
    pub prediction: Option<Prediction>,
    /// The drawing / image / row panel.
    pub panel: TryPanel,
}

/// "Try it" for images and tables: the latest query and its answer (or why it failed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TryPanel {
    /// The query the page waits for, and the model it asked.
    pub query: Option<(RunId, RunId)>,
    /// The latest answer, and the model that gave it.
    pub outcome: Option<(RunId, Rc<TryOutcome>)>,
    /// Why the latest input could not be scored (a file that is not an image, say); the last
    /// answer stays shown beside it.
    pub error: Option<Msg>,
    /// The row form's cells `(column, text)` as the person left them (tables).
    pub row: Vec<(String, String)>,
    /// The shown answer is not of the form as it is now (a field is empty or not a number):
    /// hidden until the next answer, `error` says which field.
    pub stale: bool,
}

/// A change to "Try it".
#[derive(Debug, Clone, PartialEq)]
pub enum TryAction {
    /// The text changed; `query` is the run that asks the worker about it and the model asked
    /// (`None` when no model can answer).
    Typed {
        /// The new text.
        text: String,
        /// `(query run, model run)`.
        query: Option<(RunId, RunId)>,
    },
    /// A drawing, an image file or a row was sent: `(query run, model run)`.
    Asked {
        /// `(query run, model run)`.
        query: (RunId, RunId),
        /// The row form's cells when a row was sent (kept as typed).
        row: Option<Vec<(String, String)>>,
    },
    /// The drawing was cleared: nothing to show until the next stroke.
    Cleared,
    /// The row form cannot be scored as it is (`message` names the field): its answer is
    /// hidden and no query is waited for until a valid edit.
    Invalid {
        /// The form's cells as typed.
        row: Vec<(String, String)>,
        /// Which field, and why.
        message: Msg,
    },
}

impl TryIt {
    /// Applies a change.
    pub fn apply(&mut self, action: TryAction) {
        match action {
            TryAction::Typed { text, query } => {
                // The shown prediction belongs to the old text: clear it until the new one arrives.
                if text != self.text {
                    self.prediction = None;
                }
                self.text = text;
                self.query = query;
            }
            TryAction::Asked { query, row } => {
                self.panel.query = Some(query);
                if let Some(row) = row {
                    self.panel.row = row;
                }
            }
            TryAction::Cleared => {
                self.panel.query = None;
                self.panel.outcome = None;
                self.panel.error = None;
            }
            TryAction::Invalid { row, message } => {
                self.panel.query = None;
                self.panel.row = row;
                self.panel.error = Some(message);
                self.panel.stale = true;
            }
        }
    }

    /// The slice waits for the answer to its latest queries.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.query.is_some_and(|(q, _)| q == run) || self.panel.query.is_some_and(|(q, _)| q == run)
    }

    /// Applies the answer to a latest query; gives back an error that is not the panel's (to
    /// show as the page's banner).
    pub fn on_event(&mut self, run: RunId, event: Event) -> Option<Msg> {
        if let Some((_, model)) = self.panel.query.filter(|(q, _)| *q == run) {
            match event {
                Event::Prediction(outcome) if outcome.text.is_none() => {
                    // A column the row did not have shows the value the model used for it (the
                    // training fill); what the person typed stays as typed.
                    for f in &outcome.fields {
                        if !self.panel.row.iter().any(|(c, _)| *c == f.column) {
                            self.panel.row.push((f.column.clone(), f.value.clone()));
                        }
                    }
                    self.panel.outcome = Some((model, Rc::new(*outcome)));
                    self.panel.error = None;
                    self.panel.stale = false;
                }
                Event::Error(message) => self.panel.error = Some(message),
                _ => {}
            }
            return None;
        }
        match event {
            Event::Prediction(outcome) => {
                if let (Some((_, model)), Some(text), Some(probability)) =
                    (self.query, outcome.text.as_ref(), outcome.prediction.probability)
                    && *text == self.text
                {
                    self.prediction = Some(Prediction { model, probability });
                }
                None
            }
            Event::Error(message) => Some(message),
            _ => None,
        }
    }

    /// The prediction to show when `model` is the model the page offers (none otherwise).
    pub fn shown(&self, model: Option<RunId>) -> Option<f64> {
        self.prediction.filter(|p| Some(p.model) == model).map(|p| p.probability)
    }

    /// The panel's answer to show when `model` is the model the page offers.
    pub fn panel_shown(&self, model: Option<RunId>) -> Option<&Rc<TryOutcome>> {
        self.panel.outcome.as_ref().filter(|(m, _)| Some(*m) == model).map(|(_, o)| o)
    }
}
