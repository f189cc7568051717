//! The evaluate step's worker side: the [`TestReport`] of a run's test split, sent right after
//! the run ends (`kiln_ml::report::test_report`, read back once), and `Explain` — one text's
//! word contributions with the held model (`kiln_ml::explain::explain_text`, the method exact
//! for the model), and the [`kiln_protocol::report::WordMap`] of an embedding model (sent after
//! the report, `kiln_ml::wordmap::word_map`), and `Evaluate` — the report of a model opened from
//! a `.kiln` file on the held data set's test split, encoded with the file's own preprocessing
//! (and its word map), and `Cell` — the examples of one confusion-matrix cell of the report the
//! worker keeps whole (the page gets only `TestReport::for_page`).
//! All run in the worker, never on the page's thread; the report and the word map carry the
//! worker's compute time (`compute_ms`, from `performance.now()`).

use std::rc::Rc;

use kiln_core::{LayerSpec, ModelSpec};
use kiln_data::InputPrep;
use kiln_data::preprocess::TOKENIZER_JIEBA;
use kiln_data::{Inputs, Splits, Vocabulary};
use kiln_i18n::Localize;
use kiln_ml::eval::Evaluator;
use kiln_ml::explain::explain_text;
use kiln_ml::report::test_report;
use kiln_ml::wordmap::{WordMapOptions, word_map};
use kiln_protocol::report::{TestReport, WordMap};
use kiln_protocol::report_page::{CellQuery, ERRORS_LISTED, SAMPLE_ROWS};
use kiln_protocol::{Event, Msg, RunId};

use super::Shared;
use super::host::Out;
use super::model::Trained;
use crate::engine::now_ms;

/// Computes the test report of `evaluator` on `splits.test`, keeps it whole as `model`'s, and
/// sends its page part ([`TestReport::for_page`]) as `out`'s run (an `Event::Report`); a failure
/// is an `Event::Error` (the run's results stay).
pub(crate) async fn send_report(shared: &Shared, out: &Out, model: RunId, evaluator: &Evaluator, splits: &Splits) {
    if splits.test.is_empty() {
        return;
    }
    let event = match report_event(evaluator, splits).await {
        Ok(report) => {
            let page = report.for_page(ERRORS_LISTED, SAMPLE_ROWS);
            shared.held.borrow_mut().report = Some((model, Rc::new(report)));
            Event::Report(Box::new(page))
        }
        Err(e) => e,
    };
    out.send(event);
}

/// The test report of `evaluator` on `splits.test`, timed in the worker, or the error event.
async fn report_event(evaluator: &Evaluator, splits: &Splits) -> Result<TestReport, Event> {
    let start = now_ms();
    match test_report(evaluator, splits).await {
        Ok(mut report) => {
            report.compute_ms = Some(now_ms() - start);
            Ok(report)
        }
        Err(e) => Err(Event::Error(Msg::new("error-worker-report").arg("message", e.to_string()))),
    }
}

/// `Cell`: the examples of one confusion-matrix cell of the held report, if it is
/// `query.model`'s.
pub(crate) fn cell(shared: &Shared, query: CellQuery) -> Event {
    match shared.held.borrow().report.as_ref() {
        Some((run, report)) if *run == query.model => Event::Cell(Box::new(report.cell_examples(query))),
        _ => Event::Error(Msg::new("error-worker-model-gone")),
    }
}

/// `Evaluate`: the test report of run `model`'s model — one the worker holds with its saved
/// description (a model opened from a `.kiln` file, or a finished run) — on the held data set,
/// split with the model's own fractions and seed and encoded with its own preprocessing (a text
/// model's vocabulary and tokenizer, a table model's statistics), so the same data gives the
/// same test rows as its training; sent as `out`'s run with [`send_report`], then, for a model
/// with an Embedding, its word map over the training split ([`send_word_map`]). An
/// [`Event::Error`] says why not: no such model, no data, data that does not suit it (another
/// kind, image size, columns or classes).
pub(crate) async fn evaluate(shared: &Shared, out: &Out, model: RunId) {
    let (evaluator, encoder, split, seed, source, spec) = {
        let held = shared.held.borrow();
        let (Some(t), Some(saved)) = (held.trained.as_ref(), held.saved.as_ref()) else {
            return out.send(Event::Error(Msg::new("error-worker-model-gone")));
        };
        if t.run != model || saved.run != model {
            return out.send(Event::Error(Msg::new("error-worker-model-gone")));
        }
        let Some(data) = held.data.as_ref() else { return out.send(Event::Error(Msg::new("error-worker-no-data"))) };
        let meta = &saved.meta;
        (t.evaluator.clone(), saved.encoder.clone(), meta.split, meta.train.seed, data.source.clone(), t.spec.clone())
    };
    if matches!(&encoder.preprocess().input, InputPrep::Text { tokenizer, .. } if tokenizer == TOKENIZER_JIEBA)
        && let Err(e) = super::load::ensure_dictionary(shared, out).await
    {
        return out.send(Event::Error(e));
    }
    let splits = match encoder.splits(&source, &split, seed) {
        Ok(s) => s,
        Err(e) => return out.send(Event::Error(Msg::new("error-worker-evaluate").arg("message", e.msg()))),
    };
    if splits.test.is_empty() {
        return out.send(Event::Error(Msg::new("error-worker-evaluate-empty")));
    }
    send_report(shared, out, model, &evaluator, &splits).await;
    if let Some(vocab) = encoder.vocabulary() {
        send_word_map(out, &evaluator, &spec, vocab, &splits.train.inputs).await;
    }
}

/// Computes the word map of `evaluator`'s Embedding (the most frequent words of `vocab`,
/// coloured by their mean contribution over `train_inputs`, the training split's token ids
/// `[examples, seq_len]`) and sends it as `out`'s run (an `Event::WordMap`). A spec without an
/// Embedding sends nothing; a failure is an `Event::Error` (the run's results and report stay).
pub(crate) async fn send_word_map(
    out: &Out,
    evaluator: &Evaluator,
    spec: &ModelSpec,
    vocab: &Vocabulary,
    train_inputs: &Inputs,
) {
    if !spec.layers.iter().any(|l| matches!(l, LayerSpec::Embedding { .. })) {
        return;
    }
    let start = now_ms();
    match word_map(evaluator, spec, vocab, train_inputs, &WordMapOptions::default()).await {
        Ok(mut map) => {
            map.compute_ms = Some(now_ms() - start);
            out.send(Event::WordMap(Box::new(finite(map))))
        }
        Err(e) => out.send(Event::Error(Msg::new("error-worker-word-map").arg("message", e.to_string()))),
    }
}

/// `map` without what JSON cannot carry (a non-finite number is written as `null`, which would
/// make the whole event unreadable on the page): words at a non-finite position and neighbours
/// at a non-finite similarity are left out, a non-finite mean contribution becomes `None`.
fn finite(mut map: WordMap) -> WordMap {
    map.words.retain(|w| w.x.is_finite() && w.y.is_finite());
    for w in &mut map.words {
        w.mean_contribution = w.mean_contribution.filter(|c| c.is_finite());
        w.neighbours.retain(|n| n.similarity.is_finite());
    }
    map.explained_variance = map.explained_variance.map(|v| if v.is_finite() { v } else { 0.0 });
    map.compute_ms = map.compute_ms.filter(|v| v.is_finite());
    map
}

/// Explains `text` with run `model`'s trained model.
pub(crate) async fn explain(shared: &Shared, model: RunId, text: String) -> Event {
    let (evaluator, spec, vocab, tokenizer, names) = {
        let held = shared.held.borrow();
        match held.trained.as_ref() {
            Some(t) if t.run != model => {
                return Event::Error(Msg::new("error-worker-model-gone"));
            }
            Some(Trained { text: Some(prep), evaluator, spec, class_names, .. }) => {
                (evaluator.clone(), spec.clone(), prep.vocab.clone(), prep.tokenizer.clone(), class_names.clone())
            }
            // A model opened from a `.kiln` file: the vocabulary and tokenizer its file names.
            Some(Trained { text: None, evaluator, spec, class_names, run }) => {
                let encoder = held.saved.as_ref().filter(|s| s.run == *run).map(|s| &s.encoder);
                match encoder.and_then(|e| Some((e.vocabulary()?.clone(), e.tokenizer()?.clone()))) {
                    Some((vocab, tokenizer)) => {
                        (evaluator.clone(), spec.clone(), vocab, tokenizer, class_names.clone())
                    }
                    None => return Event::Error(Msg::new("error-worker-explain-needs-text")),
                }
            }
            None => return Event::Error(Msg::new("error-worker-explain-no-model")),
        }
    };
    match explain_text(&evaluator, &spec, &vocab, &tokenizer, &names, &text, None, None).await {
        Ok(x) => Event::Explained { text, explanation: Box::new(x) },
        Err(e) => Event::Error(Msg::verbatim(e.to_string())),
    }
}
