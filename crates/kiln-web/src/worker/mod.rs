//! The training worker. Everything that touches burn runs here, never on the page's thread.
//!
//! [`TrainingWorker`] is the dispatch loop: each [`Request`] goes to the job slot ([`jobs`]: the
//! explicit state machine Idle / Loading / Training / Paused / Teaching / Benching / Stopping),
//! which says whether it starts now, waits, runs beside the slot or is answered at once. A started
//! job runs as one task in the module of its command family — [`load`] (data sets), [`train`]
//! (guided runs), [`teach`] (teaching mode), [`bench`] (benchmarks), [`lab`] (compression,
//! federated training, search), [`model`] (prediction and
//! restore, beside the slot), [`report`] (the test report after a run, word contributions),
//! [`modelfile`] (export and opening `.kiln` files, beside the slot) — and speaks only through its [`host::Out`], which stamps every event
//! with the job's [`RunId`]. When a job ends, the slot starts whatever waits. What the worker
//! keeps between jobs (the data set, the uploaded files, the trained model) is [`Held`].
//!
//! A new command family is a module here with one `async fn run(…)`, a line in [`launch`] (or in
//! [`jobs::Jobs::receive`] for a control), and its [`Command`] / [`Event`] variants in
//! `kiln-protocol`.

mod bench;
mod host;
mod jobs;
mod lab;
mod load;
mod model;
mod modelfile;
mod report;
mod teach;
mod train;

use std::cell::RefCell;
use std::rc::Rc;

use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use kiln_protocol::{Command, Event, Reply, Request, RunId};

use crate::codec::Json;
use host::Out;
use jobs::{Decision, Jobs};

/// Registers the worker (called by the `worker` binary).
pub fn register() {
    console_error_panic_hook::set_once();
    TrainingWorker::registrar().encoding::<Json>().register();
}

/// What the worker keeps between jobs. Borrowed briefly, never across an `await`.
#[derive(Default)]
pub(crate) struct Held {
    /// The loaded data set ([`load`]).
    pub data: Option<load::HeldData>,
    /// The last upload's file handles, to read again for another image size ([`load`]).
    pub upload: Option<load::HeldUpload>,
    /// The last trained model, for "Try it" ([`model`]).
    pub trained: Option<model::Trained>,
    /// The trainer of a run that diverged, for "restore last good weights" ([`model`]).
    pub diverged: Option<model::Diverged>,
    /// The description of the held model, for saving it and scoring raw text ([`modelfile`]).
    pub saved: Option<modelfile::Saved>,
    /// The last test report whole and the run whose model it is: the page got its
    /// `for_page` part and asks for a confusion-matrix cell's examples (`Command::Cell`).
    pub report: Option<(RunId, Rc<kiln_protocol::report::TestReport>)>,
    /// The last trained model whole, and its last compression ([`lab`]).
    pub lab: lab::LabHeld,
    /// The page's assets folder (from the last built-in `LoadData`), where the jieba dictionary
    /// is fetched from when a run asks for jieba words ([`load::ensure_dictionary`]).
    pub assets: Option<String>,
}

/// The worker's state: the job slot and what it holds.
#[derive(Default)]
pub(crate) struct Shared {
    /// The job slot.
    pub jobs: RefCell<Jobs<HandlerId>>,
    /// What the worker holds.
    pub held: RefCell<Held>,
}

/// The gloo worker: the dispatch loop.
pub struct TrainingWorker {
    shared: Rc<Shared>,
}

impl Worker for TrainingWorker {
    type Message = ();
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        TrainingWorker { shared: Rc::new(Shared::default()) }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn connected(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        Out::new(scope.clone(), id, RunId::WORKER).send(Event::Ready);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, id: HandlerId) {
        let out = Out::new(scope.clone(), id, request.run);
        let decision = self.shared.jobs.borrow_mut().receive(request, id);
        match decision {
            Decision::Start(request, id) => launch(self.shared.clone(), scope.clone(), request, id),
            Decision::Beside(request) => {
                let shared = self.shared.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match request.command {
                        c @ (Command::Export { .. } | Command::OpenModel { .. }) => {
                            modelfile::run(&shared, &out, c).await
                        }
                        c => model::run(&shared, &out, c).await,
                    }
                });
            }
            Decision::Answer(event) => out.send(event),
            Decision::Done => {}
        }
    }
}

/// Runs a job that has the slot, then whatever waits for it.
fn launch(shared: Rc<Shared>, scope: WorkerScope<TrainingWorker>, request: Request, id: HandlerId) {
    wasm_bindgen_futures::spawn_local(async move {
        let out = Out::new(scope.clone(), id, request.run);
        let result = match request.command {
            Command::LoadData(source) => {
                load::run(&shared, &out, source).await;
                Ok(())
            }
            Command::Train(req) => train::run(&shared, &out, *req).await,
            Command::Teach(req) => teach::run(&shared, &out, *req).await,
            Command::Bench(req) => bench::run(&shared, &out, req).await,
            Command::Lab(command) => lab::run(&shared, &out, *command).await,
            // Controls never get the slot (see `jobs`).
            _ => Ok(()),
        };
        if let Err(message) = result {
            out.send(Event::Error(message));
        }
        let next = shared.jobs.borrow_mut().finish(request.run);
        if let Some((request, id)) = next {
            launch(shared, scope, request, id);
        }
    });
}
