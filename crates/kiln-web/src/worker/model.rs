//! The models the worker holds between jobs, and the commands that use them beside the job slot:
//! `Predict` ("Try it" with the last trained model), `Explain` (its word contributions,
//! [`super::report`]), `Evaluate` (an opened model's test report on the held data set,
//! [`super::report`]) and `RestoreLastGood` (a diverged run's last
//! weights that gave a finite loss).

use std::rc::Rc;

use kiln_core::ModelSpec;
use kiln_data::PreparedText;
use kiln_ml::Trainer;
use kiln_ml::eval::Evaluator;
use kiln_protocol::{Command, Event, Msg, RunId};

use super::Shared;
use super::host::Out;

/// The last trained model, kept for "Try it".
pub(crate) struct Trained {
    /// The run that trained it.
    pub run: RunId,
    /// An inference snapshot of its weights.
    pub evaluator: Rc<Evaluator>,
    /// The text preparation, for sentence data sets.
    pub text: Option<PreparedText>,
    /// The spec it was built from (which explanation method is exact for it).
    pub spec: ModelSpec,
    /// Class names, index = class id.
    pub class_names: Vec<String>,
}

/// A run that diverged, kept for "restore last good weights".
pub(crate) struct Diverged {
    /// The run.
    pub run: RunId,
    /// Its trainer, holding the last good weights.
    pub trainer: Trainer,
    /// Its text preparation.
    pub text: Option<PreparedText>,
    /// Its spec.
    pub spec: ModelSpec,
    /// Class names.
    pub class_names: Vec<String>,
}

/// Runs `Predict` or `RestoreLastGood`, answering as `out`'s run.
pub(crate) async fn run(shared: &Shared, out: &Out, command: Command) {
    match command {
        Command::Predict { model, text } => out.send(predict(shared, model, text).await),
        Command::Explain { model, text } => out.send(super::report::explain(shared, model, text).await),
        Command::Evaluate { model } => out.send(super::report::evaluate(shared, out, model).await),
        Command::RestoreLastGood => {
            for event in restore(shared, out.run).await {
                out.send(event);
            }
        }
        _ => {}
    }
}

/// Why "Try it" cannot score a sentence with the held model.
/// Scores `text` with run `model`'s trained model.
async fn predict(shared: &Shared, model: RunId, text: String) -> Event {
    let (ids, evaluator) = {
        let held = shared.held.borrow();
        match held.trained.as_ref() {
            Some(t) if t.run != model => {
                return Event::Error(Msg::new("error-worker-model-gone"));
            }
            Some(Trained { text: Some(prep), evaluator, .. }) => (prep.encode(&text), evaluator.clone()),
            // A model opened from a file (or trained on from one): its own vocabulary.
            Some(t) if t.text.is_none() => match super::modelfile::encode_text(shared, t.run, &text) {
                Some(Ok(ids)) => (ids, t.evaluator.clone()),
                Some(Err(e)) => return Event::Error(e),
                None => return Event::Error(Msg::new("error-worker-try-needs-text")),
            },
            Some(_) => return Event::Error(Msg::new("error-worker-try-needs-text")),
            None => return Event::Error(Msg::new("error-worker-no-model")),
        }
    };
    match evaluator.predict(&ids).await {
        Ok(p) => Event::Prediction { text, probability: p },
        Err(e) => Event::Error(Msg::verbatim(e.to_string())),
    }
}

/// Puts back the last good weights of diverged run `run` and reports its test metrics; the
/// restored model becomes the trained one.
async fn restore(shared: &Shared, run: RunId) -> Vec<Event> {
    let held = {
        let mut held = shared.held.borrow_mut();
        if held.diverged.as_ref().is_some_and(|d| d.run == run) { held.diverged.take() } else { None }
    };
    let Some(Diverged { mut trainer, text, spec, class_names, .. }) = held else {
        return vec![Event::Error(Msg::new("error-worker-nothing-to-restore"))];
    };
    let Some((epoch, batch)) = trainer.restore_last_good() else {
        return vec![Event::Error(Msg::new("error-worker-no-last-good"))];
    };
    let mut events = vec![Event::Restored { epoch, batch }];
    match trainer.test_metrics().await {
        Ok(test) => events.push(Event::Finished { test, stopped: true }),
        Err(e) => events.push(Event::Error(Msg::verbatim(e.to_string()))),
    }
    shared.held.borrow_mut().trained =
        Some(Trained { run, evaluator: Rc::new(trainer.evaluator()), text, spec, class_names });
    events
}
