//! The lab's command family ([`LabCommand`]): compressing the trained model, keeping the
//! compressed one, federated training over simulated clients, and a hyper-parameter search. Each
//! is one job in the slot (`Activity::Lab`), trains through a [`RunHost`] (so the job slot's Stop
//! reaches it before every batch, and the worker yields between batches), and speaks only
//! [`LabEvent`]s, ending with [`LabEvent::Done`]. The engine work is kiln-ml's
//! (`compress`, `federated`, `search`); this module prepares the data, holds the models between
//! jobs ([`LabHeld`]) and forwards the reports.

use std::rc::Rc;

use kiln_core::ModelSpec;
use kiln_data::{PreparedText, Splits};
use kiln_i18n::Localize;
use kiln_ml::compress::compress;
use kiln_ml::federated::Federation;
use kiln_ml::search::Search;
use kiln_ml::{Device, Params, Trainer};
use kiln_protocol::lab::{CompressRequest, FederatedRequest, SearchRequest};
use kiln_protocol::{Event, LabCommand, LabEvent, Msg, RunId, TrainRequest};

use super::Shared;
use super::host::{Out, RunHost};
use super::model::Trained;
use crate::engine::{self, Purpose};

/// The last trained model, whole (network, optimizer, splits on the device), for compression.
pub(crate) struct TrainedModel {
    /// The run that trained it.
    pub run: RunId,
    /// Its spec (names the layers in the report).
    pub spec: ModelSpec,
    /// Its trainer.
    pub trainer: Trainer,
    /// Its text preparation, for "Try it" once a compressed version is kept.
    pub text: Option<PreparedText>,
    /// Its class names, index = class id (for word contributions of a kept compression).
    pub class_names: Vec<String>,
}

/// A compression's weights, kept until "keep as current model" or the next compression.
pub(crate) struct Compressed {
    /// The compression job.
    pub run: RunId,
    /// The run whose model was compressed.
    pub model: RunId,
    /// The compressed (dequantised) parameters, on the trainer's device.
    pub params: Params,
}

/// What the lab keeps between jobs.
#[derive(Default)]
pub(crate) struct LabHeld {
    /// The last trained model (set by every guided run that trained).
    pub trained: Option<TrainedModel>,
    /// The last compression.
    pub compressed: Option<Compressed>,
}

/// Wraps a lab event.
fn lab(event: LabEvent) -> Event {
    Event::Lab(Box::new(event))
}

/// Runs one lab job to its end (done or stopped).
///
/// # Errors
/// A message for the page: no trained model (or another run's), no or another data set held,
/// data that cannot be prepared, a request out of range, a failed device.
pub(crate) async fn run(shared: &Rc<Shared>, out: &Out, command: LabCommand) -> Result<(), Msg> {
    let stopped = match command {
        LabCommand::Compress { model, request } => compress_job(shared, out, model, request).await?,
        LabCommand::Keep { compression } => keep(shared, out, compression).await?,
        LabCommand::Federated { train, request } => federated(shared, out, &train, request).await?,
        LabCommand::Search { train, request } => search(shared, out, &train, request).await?,
    };
    out.send(lab(LabEvent::Done { stopped }));
    Ok(())
}

/// Compresses run `model`'s trained model. True when stopped during fine-tuning.
async fn compress_job(shared: &Rc<Shared>, out: &Out, model: RunId, request: CompressRequest) -> Result<bool, Msg> {
    request.validate()?;
    // Taken out while the job runs (nothing else uses it meanwhile: the job holds the slot).
    let held = shared.held.borrow_mut().lab.trained.take();
    let Some(trained) = held else {
        return Err(Msg::new("error-lab-no-model"));
    };
    if trained.run != model {
        shared.held.borrow_mut().lab.trained = Some(trained);
        return Err(Msg::new("error-worker-model-gone"));
    }
    out.send(Event::Status(Msg::new("lab-status-compressing")));
    let mut host = RunHost::new(shared.clone(), out.clone());
    let result = compress(&trained.spec, &trained.trainer, &request, &mut host).await;
    shared.held.borrow_mut().lab.trained = Some(trained);
    match result.map_err(verbatim)? {
        Some(c) => {
            shared.held.borrow_mut().lab.compressed = Some(Compressed { run: out.run, model, params: c.params });
            out.send(lab(LabEvent::Compressed(Box::new(c.report))));
            Ok(false)
        }
        None => Ok(true),
    }
}

/// Makes compression `compression`'s weights the current model.
async fn keep(shared: &Rc<Shared>, out: &Out, compression: RunId) -> Result<bool, Msg> {
    let (compressed, trained) = {
        let mut held = shared.held.borrow_mut();
        let lab = &mut held.lab;
        match (&lab.compressed, &lab.trained) {
            (Some(c), Some(t)) if c.run == compression && c.model == t.run => {
                (lab.compressed.take(), lab.trained.take())
            }
            _ => (None, None),
        }
    };
    let (Some(compressed), Some(mut trained)) = (compressed, trained) else {
        return Err(Msg::new("error-lab-compression-gone"));
    };
    trained.trainer.network_mut().params = compressed.params;
    let test = trained.trainer.test_metrics().await;
    let evaluator = Rc::new(trained.trainer.evaluator());
    {
        let mut held = shared.held.borrow_mut();
        held.trained = Some(Trained {
            run: trained.run,
            evaluator,
            text: trained.text.clone(),
            spec: trained.spec.clone(),
            class_names: trained.class_names.clone(),
        });
        held.lab.trained = Some(trained);
    }
    out.send(lab(LabEvent::Kept { test: test.map_err(verbatim)? }));
    Ok(false)
}

/// Prepares the data set the worker holds as `req` asks and chooses the engine.
async fn prepare(shared: &Shared, out: &Out, req: &TrainRequest) -> Result<(Splits, Device), Msg> {
    let source = super::load::held_source(shared, out, &req.dataset, req.prep.tokenizer).await?;
    out.send(Event::Status(Msg::new("train-status-preparing")));
    let prepared = source.prepare(&req.prep, &req.split, req.config.seed).map_err(|e| {
        Msg::new("error-worker-prepare").arg("dataset", req.dataset.to_string()).arg("message", e.msg())
    })?;
    let splits = prepared.splits;
    let purpose = Purpose::Train { model: &req.model, config: &req.config, data: &splits };
    let chosen = engine::choose(req.config.engine, purpose, |status| out.send(Event::Status(status)))
        .await
        .map_err(Msg::verbatim)?;
    out.send(Event::EngineChosen { engine: chosen.engine, reason: chosen.reason });
    Ok((splits, chosen.device))
}

/// Runs a federated simulation round by round. True when stopped.
async fn federated(shared: &Rc<Shared>, out: &Out, req: &TrainRequest, request: FederatedRequest) -> Result<bool, Msg> {
    request.validate()?;
    let (splits, device) = prepare(shared, out, req).await?;
    let mut fed = Federation::new(&req.model, &req.config, &request, &splits, &device).map_err(verbatim)?;
    out.send(lab(LabEvent::FederatedSetup(fed.setup().clone())));
    out.send(Event::Status(Msg::new("lab-status-federated")));
    let mut host = RunHost::new(shared.clone(), out.clone());
    while let Some(report) = fed.run_round(&mut host).await.map_err(verbatim)? {
        out.send(lab(LabEvent::Round(report)));
    }
    Ok(fed.rounds_done() < request.rounds)
}

/// Runs a search trial by trial. True when stopped.
async fn search(shared: &Rc<Shared>, out: &Out, req: &TrainRequest, request: SearchRequest) -> Result<bool, Msg> {
    let (splits, device) = prepare(shared, out, req).await?;
    let mut search = Search::new(&req.model, &req.config, &request, &splits, &device).map_err(verbatim)?;
    out.send(lab(LabEvent::SearchPlanned { trials: request.trials, max_epochs: request.max_epochs }));
    out.send(Event::Status(Msg::new("lab-status-searching")));
    let mut host = RunHost::new(shared.clone(), out.clone());
    while let Some(report) = search.run_trial(&splits, &mut host).await.map_err(verbatim)? {
        out.send(lab(LabEvent::Trial(report)));
    }
    // Runs still planned: the search was stopped.
    let stopped = search.planner().clone().next_run().is_some();
    out.send(lab(LabEvent::SearchBest {
        trial: search.best().map(|b| b.trial),
        best: search.best_config().map(Box::new),
    }));
    Ok(stopped)
}

/// A library's error, shown as it is (kiln-ml's errors are English in every language).
fn verbatim(e: impl std::fmt::Display) -> Msg {
    Msg::verbatim(e.to_string())
}
