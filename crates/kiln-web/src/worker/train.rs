//! `Train`: prepares the data set the worker holds with the run's split and seed, chooses the
//! engine ([`crate::engine`]), trains batch by batch through a [`RunHost`] and keeps the result:
//! the trained model for "Try it", or a diverged run's trainer for "restore last good weights".

use std::rc::Rc;

use kiln_core::Engine;
use kiln_core::Tokenizer;
use kiln_i18n::Localize;
use kiln_ml::{MlError, Trainer};
use kiln_protocol::{Event, Msg, TrainRequest};

use super::Shared;
use super::host::{Out, RunHost};
use super::model::{Diverged, Trained};
use crate::engine::{self, Purpose};

/// Runs one guided training run to its end (finished, stopped or diverged).
///
/// # Errors
/// A message for the page: no or another data set held, data that cannot be prepared, an engine
/// that cannot be used, a spec that does not fit, a failed device.
pub(crate) async fn run(shared: &Rc<Shared>, out: &Out, req: TrainRequest) -> Result<(), Msg> {
    // A new run: an earlier divergence can no longer be restored.
    shared.held.borrow_mut().diverged = None;
    let source = match shared.held.borrow().data.as_ref() {
        Some(d) if d.id == req.dataset => d.source.clone(),
        Some(d) => {
            return Err(Msg::new("error-worker-other-data")
                .arg("held", d.id.to_string())
                .arg("wanted", req.dataset.to_string()));
        }
        None => return Err(Msg::new("error-worker-no-data")),
    };
    if req.prep.tokenizer == Tokenizer::Jieba {
        super::load::ensure_dictionary(shared, out).await?;
    }
    out.send(Event::Status(Msg::new("train-status-preparing")));
    let prepared = source.prepare(&req.prep, &req.split, req.config.seed).map_err(|e| {
        Msg::new("error-worker-prepare").arg("dataset", req.dataset.to_string()).arg("message", e.msg())
    })?;
    let splits = prepared.splits;
    out.send(Event::DataReady {
        train: splits.train.len(),
        validation: splits.validation.len(),
        test: splits.test.len(),
        vocab_size: prepared.text.as_ref().map_or(0, |t| t.vocab.len()),
    });
    let purpose = Purpose::Train { model: &req.model, config: &req.config, data: &splits };
    let chosen = engine::choose(req.config.engine, purpose, |status| out.send(Event::Status(status)))
        .await
        .map_err(Msg::verbatim)?;
    out.send(Event::EngineChosen { engine: chosen.engine, reason: chosen.reason });
    let mut trainer = Trainer::from_splits(&req.model, &req.config, &splits, &chosen.device)
        .map_err(|e| Msg::verbatim(e.to_string()))?;
    out.send(Event::Status(Msg::new(if chosen.engine == Engine::Webgpu {
        "train-status-compiling"
    } else {
        "train-status-training"
    })));
    let mut host = RunHost::new(shared.clone(), out.clone());
    let outcome = trainer.fit(&mut host).await;
    // Keep whatever was trained (also after Stop or divergence) for "Try it".
    let text = prepared.text;
    let trained = Trained { run: out.run, evaluator: Rc::new(trainer.evaluator()), text: text.clone() };
    shared.held.borrow_mut().trained = Some(trained);
    match outcome {
        Ok(_) => Ok(()),
        Err(e @ MlError::NonFinite { .. }) => {
            let can_restore = trainer.has_last_good();
            out.send(Event::Diverged { message: Msg::verbatim(e.to_string()), can_restore });
            shared.held.borrow_mut().diverged = Some(Diverged { run: out.run, trainer, text });
            Ok(())
        }
        Err(e) => Err(Msg::verbatim(e.to_string())),
    }
}
