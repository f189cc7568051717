//! How a job speaks and listens: [`Out`] sends its events to the page stamped with its run id,
//! and [`RunHost`] is the training loop's [`Host`] for that run — the worker's clock, events out
//! (`Batch` thinned to a sane rate), the run's controls and live settings from the job slot, and a
//! yield to the worker's event loop between batches so a Stop arrives at once.

use std::rc::Rc;

use gloo_worker::{HandlerId, WorkerScope};
use kiln_core::LiveSettings;
use kiln_ml::{Control, Host};
use kiln_protocol::{Event, Reply, RunId};

use super::{Shared, TrainingWorker};
use crate::engine;

/// Sends one job's events to the page.
#[derive(Clone)]
pub(crate) struct Out {
    scope: WorkerScope<TrainingWorker>,
    handler: HandlerId,
    /// The job.
    pub run: RunId,
}

impl Out {
    /// Events of `run` for the page at `handler`.
    pub fn new(scope: WorkerScope<TrainingWorker>, handler: HandlerId, run: RunId) -> Self {
        Out { scope, handler, run }
    }

    /// Sends `event` as this job's.
    pub fn send(&self, event: Event) {
        self.scope.respond(self.handler, Reply { run: self.run, event });
    }
}

/// Yield at most this often: a zero-delay timer costs ~4 ms once nested, which would dominate
/// small CPU steps, while 20 ms keeps Stop effectively immediate.
const YIELD_EVERY_MS: f64 = 20.0;

/// Least time between two `Batch` events sent to the page.
const BATCH_EVERY_MS: f64 = 50.0;

/// Sleep between two looks at the controls while paused.
const IDLE_MS: u32 = 30;

/// The training loop's view of the worker, for one run.
pub(crate) struct RunHost {
    shared: Rc<Shared>,
    /// Where the run's events go.
    pub out: Out,
    last_yield: f64,
    /// When the last `Batch` event went out.
    last_batch: f64,
}

impl RunHost {
    /// The host of `out.run`.
    pub fn new(shared: Rc<Shared>, out: Out) -> Self {
        RunHost { shared, out, last_yield: engine::now_ms(), last_batch: f64::NEG_INFINITY }
    }

    /// The worker's state (the job slot, what it holds).
    pub fn shared(&self) -> &Shared {
        &self.shared
    }
}

impl Host for RunHost {
    fn now_ms(&self) -> f64 {
        engine::now_ms()
    }

    fn emit(&mut self, event: Event) {
        match event {
            Event::Batch { batch, batches, .. } if batch < batches => {
                // Small models report hundreds of batch groups a second: thin them so the page
                // re-renders at a sane rate (the epoch's last batch always goes out).
                let now = engine::now_ms();
                if now - self.last_batch >= BATCH_EVERY_MS {
                    self.last_batch = now;
                    self.out.send(event);
                }
            }
            other => self.out.send(other),
        }
    }

    fn control(&mut self) -> Control {
        self.shared.jobs.borrow_mut().control(self.out.run)
    }

    fn take_settings(&mut self) -> Option<LiveSettings> {
        self.shared.jobs.borrow_mut().take_settings(self.out.run)
    }

    async fn idle(&mut self) {
        gloo_timers::future::TimeoutFuture::new(IDLE_MS).await;
        self.last_yield = engine::now_ms();
    }

    async fn yield_now(&mut self) {
        let now = engine::now_ms();
        if now - self.last_yield >= YIELD_EVERY_MS {
            gloo_timers::future::TimeoutFuture::new(0).await;
            self.last_yield = engine::now_ms();
        }
    }
}
