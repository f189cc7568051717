//! The models the worker holds between jobs, and the commands that use them beside the job slot:
//! `Predict` ("Try it" with the last trained or opened model: a text, a drawing, an image file or
//! a table row, made into model input by [`kiln_ml::try_it`] with the model's own encoder),
//! `Explain` (its word contributions,
//! [`super::report`]), `Evaluate` (an opened model's test report on the held data set,
//! [`super::report`]), `Cell` (the examples of one cell of the held report) and `RestoreLastGood` (a diverged run's last
//! weights that gave a finite loss).

use std::rc::Rc;

use kiln_core::ModelSpec;
use kiln_data::PreparedText;
use kiln_i18n::Localize;
use kiln_ml::Trainer;
use kiln_ml::eval::Evaluator;
use kiln_ml::try_it::{self, TryEncoded};
use kiln_protocol::{Command, Event, Msg, RunId, Scored, TryInput, TryOutcome};

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
        Command::Predict { model, input: TryInput::Text(text) } => out.send(predict(shared, model, text).await),
        Command::Predict { model, input } => out.send(predict_input(shared, model, input).await),
        Command::Explain { model, text } => out.send(super::report::explain(shared, model, text).await),
        Command::Evaluate { model } => super::report::evaluate(shared, out, model).await,
        Command::Cell(query) => out.send(super::report::cell(shared, query)),
        Command::RestoreLastGood => {
            for event in restore(shared, out.run).await {
                out.send(event);
            }
        }
        _ => {}
    }
}

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
    let class_names = shared.held.borrow().trained.as_ref().map(|t| t.class_names.clone()).unwrap_or_default();
    match evaluator.predict(&ids).await {
        Ok(p) => Event::Prediction(Box::new(TryOutcome {
            text: Some(text),
            prediction: two_classes(&class_names, p),
            seen: None,
            fields: Vec::new(),
        })),
        Err(e) => Event::Error(Msg::verbatim(e.to_string())),
    }
}

/// A two-class text model's answer `p` (of the second class) by class name.
fn two_classes(names: &[String], p: f64) -> Scored {
    let [negative, positive] = match names {
        [n, q] => [n.clone(), q.clone()],
        _ => ["negative".to_owned(), "positive".to_owned()],
    };
    Scored {
        class: Some(if p >= 0.5 { positive.clone() } else { negative.clone() }),
        probabilities: vec![(negative, 1.0 - p), (positive, p)],
        probability: Some(p),
        value: None,
    }
}

/// Most bytes of an image file "Try it" reads (a phone photo is a few MB).
const MAX_TRY_FILE_BYTES: f64 = 32.0 * 1_048_576.0;

/// The bytes of the attached image file `name` (a `File` or `Uint8Array`).
async fn file_bytes(name: &str, attachment: u32) -> Result<Vec<u8>, Msg> {
    super::modelfile::attached_bytes(name, attachment, MAX_TRY_FILE_BYTES, |mb| {
        Msg::new("error-try-file-too-big")
            .arg("name", name)
            .arg("mb", mb)
            .arg("max", (MAX_TRY_FILE_BYTES / 1_048_576.0).to_string())
    })
    .await
}

/// Scores a drawing, an image file or a table row with run `model`'s model, through its encoder
/// (a trained model's or an opened file's: [`super::modelfile::Saved`]).
async fn predict_input(shared: &Shared, model: RunId, input: TryInput) -> Event {
    let file = match &input {
        TryInput::ImageFile { name, attachment } => match file_bytes(name, *attachment).await {
            Ok(bytes) => Some(bytes),
            Err(e) => return Event::Error(e),
        },
        _ => None,
    };
    let (encoded, evaluator, spec, encoder) = {
        let held = shared.held.borrow();
        let (trained, saved) = match (held.trained.as_ref(), held.saved.as_ref()) {
            (Some(t), _) if t.run != model => return Event::Error(Msg::new("error-worker-model-gone")),
            (Some(t), Some(s)) if s.run == model => (t, s),
            (Some(_), _) => return Event::Error(Msg::new("error-try-no-encoder")),
            (None, _) => return Event::Error(Msg::new("error-worker-no-model")),
        };
        let (encoder, dataset) = (&saved.encoder, saved.meta.dataset.as_str());
        let encoded: Result<TryEncoded, _> = match (&input, &file) {
            (TryInput::Drawing { width, height, rgba }, _) => try_it::drawing(encoder, dataset, *width, *height, rgba),
            (TryInput::ImageFile { name, .. }, Some(bytes)) => try_it::image_file(encoder, dataset, name, bytes),
            (TryInput::Row(cells), _) => try_it::row(encoder, cells),
            _ => return Event::Error(Msg::new("error-worker-try-needs-text")),
        };
        match encoded {
            Ok(e) => (e, trained.evaluator.clone(), trained.spec.clone(), encoder.clone()),
            Err(e) => return Event::Error(e.msg()),
        }
    };
    match kiln_ml::predict::predict_with(&evaluator, &spec, encoder.preprocess(), &encoded.inputs).await {
        Ok(p) => match p.into_iter().next() {
            Some(p) => Event::Prediction(Box::new(encoded.outcome(p))),
            None => Event::Error(try_it::no_prediction()),
        },
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
