//! `Train`: prepares the data set the worker holds with the run's split and seed, chooses the
//! engine ([`crate::engine`]), trains batch by batch through a [`RunHost`] and keeps the result:
//! the trained model for "Try it" (with what a `.kiln` file of it needs), or a diverged run's
//! trainer for "restore last good weights"; a run that finished or was stopped then sends its
//! test report ([`super::report`]). A run naming an opened model file
//! (`from_weights`) encodes the data with the file's preprocessing and starts from its weights.

use std::rc::Rc;

use kiln_core::Engine;
use kiln_i18n::Localize;
use kiln_ml::{MlError, ModelMeta, Trainer};
use kiln_protocol::{Event, Msg, TrainRequest};

use super::Shared;
use super::host::{Out, RunHost};
use super::model::{Diverged, Trained};
use super::modelfile::{self, Saved};
use super::report;
use crate::engine::{self, Purpose};

/// Runs one guided training run to its end (finished, stopped or diverged).
///
/// # Errors
/// A message for the page: no or another data set held, data that cannot be prepared, an engine
/// that cannot be used, a spec that does not fit, a failed device.
pub(crate) async fn run(shared: &Rc<Shared>, out: &Out, req: TrainRequest) -> Result<(), Msg> {
    // A new run: an earlier divergence can no longer be restored.
    shared.held.borrow_mut().diverged = None;
    let source = super::load::held_source(shared, out, &req.dataset, req.prep.tokenizer).await?;
    out.send(Event::Status(Msg::new("train-status-preparing")));
    // Continuing an opened model file: the data is encoded with the file's preprocessing.
    let from = req.from_weights.map(|r| modelfile::continue_from(shared, r)).transpose()?;
    let prepare_failed = |e: kiln_data::DataError| {
        Msg::new("error-worker-prepare").arg("dataset", req.dataset.to_string()).arg("message", e.msg())
    };
    let (splits, text, preprocess) = match &from {
        Some((encoder, _)) => {
            let splits = encoder.splits(&source, &req.split, req.config.seed).map_err(prepare_failed)?;
            (splits, None, encoder.preprocess().clone())
        }
        None => {
            let p = source.prepare(&req.prep, &req.split, req.config.seed).map_err(prepare_failed)?;
            (p.splits, p.text, p.preprocess)
        }
    };
    let vocab_size = match &preprocess.input {
        kiln_data::InputPrep::Text { vocab_size, .. } => text.as_ref().map_or(*vocab_size, |t| t.vocab.len()),
        _ => 0,
    };
    out.send(Event::DataReady {
        train: splits.train.len(),
        validation: splits.validation.len(),
        test: splits.test.len(),
        vocab_size,
    });
    let purpose = Purpose::Train { model: &req.model, config: &req.config, data: &splits };
    let chosen = engine::choose(req.config.engine, purpose, |status| out.send(Event::Status(status)))
        .await
        .map_err(Msg::verbatim)?;
    out.send(Event::EngineChosen { engine: chosen.engine, reason: chosen.reason });
    let mut trainer = Trainer::from_splits(&req.model, &req.config, &splits, &chosen.device)
        .map_err(|e| Msg::verbatim(e.to_string()))?;
    if let Some((_, net)) = &from {
        trainer = trainer.with_weights(net).map_err(|e| Msg::verbatim(e.to_string()))?;
    }
    out.send(Event::Status(Msg::new(if chosen.engine == Engine::Webgpu {
        "train-status-compiling"
    } else {
        "train-status-training"
    })));
    let mut host = RunHost::new(shared.clone(), out.clone());
    let outcome = trainer.fit(&mut host).await;
    // Keep whatever was trained (also after Stop or divergence) for "Try it".
    let evaluator = Rc::new(trainer.evaluator());
    let class_names = splits.class_names.clone();
    let trained = Trained {
        run: out.run,
        evaluator: evaluator.clone(),
        text: text.clone(),
        spec: req.model.clone(),
        class_names: class_names.clone(),
    };
    shared.held.borrow_mut().trained = Some(trained);
    shared.held.borrow_mut().saved = None;
    match outcome {
        Ok(o) => {
            // What a `.kiln` file of this model says about it (Deploy → Download model).
            let meta =
                ModelMeta::new(req.model.clone(), req.config, req.split, preprocess, &req.dataset.to_string(), o.test);
            shared.held.borrow_mut().saved = Saved::new(out.run, meta);
            // The evaluate step: the test split in depth, after `Finished`.
            report::send_report(shared, out, out.run, &evaluator, &splits).await;
            // Embedding models (text data sets): the learned word vectors on a 2-D map, computed
            // beside the slot once this job has ended, so a Train, Lab or LoadData sent meanwhile
            // waits for it instead of being refused as "busy".
            let word_map = text.as_ref().map(|prep| (prep.vocab.clone(), req.model.clone(), splits.train.inputs));
            // The whole trainer stays for the lab (compression measures on its test split).
            let model = super::lab::TrainedModel { run: out.run, spec: req.model, trainer, text, class_names };
            shared.held.borrow_mut().lab = super::lab::LabHeld { trained: Some(model), compressed: None };
            if let Some((vocab, spec, inputs)) = word_map {
                let out = out.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    report::send_word_map(&out, &evaluator, &spec, &vocab, &inputs).await;
                });
            }
            Ok(())
        }
        Err(e @ MlError::NonFinite { .. }) => {
            let can_restore = trainer.has_last_good();
            out.send(Event::Diverged { message: Msg::verbatim(e.to_string()), can_restore });
            shared.held.borrow_mut().diverged =
                Some(Diverged { run: out.run, trainer, text, spec: req.model.clone(), class_names });
            Ok(())
        }
        Err(e) => Err(Msg::verbatim(e.to_string())),
    }
}
