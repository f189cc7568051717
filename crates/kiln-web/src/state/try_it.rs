//! The "Try it" slice: the text typed in step 4 and the prediction for it. Each keystroke asks
//! the worker as a new run (a query naming the model's run); only the latest query's answer is
//! shown, so a slow answer for an older text never replaces a newer one.

use kiln_protocol::{Event, RunId};

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
        }
    }

    /// The slice waits for the answer to its latest query.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.query.is_some_and(|(q, _)| q == run)
    }

    /// Applies the answer to the latest query.
    pub fn on_event(&mut self, event: Event) {
        if let (Event::Prediction { text, probability }, Some((_, model))) = (event, self.query)
            && text == self.text
        {
            self.prediction = Some(Prediction { model, probability });
        }
    }

    /// The prediction to show when `model` is the model the page offers (none otherwise).
    pub fn shown(&self, model: Option<RunId>) -> Option<f64> {
        self.prediction.filter(|p| Some(p.model) == model).map(|p| p.probability)
    }
}
