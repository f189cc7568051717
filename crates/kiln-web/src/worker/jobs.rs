//! The worker's job slot as a state machine with no browser in it (tested on the host): what is
//! running ([`Activity`]), which starts wait for the slot, and the controls that reach the
//! running job — Pause, Resume, Step, Stop, live settings and weight edits — each naming its run,
//! so a stale control cannot touch a newer run.
//!
//! The dispatch loop ([`super`]) asks [`Jobs::receive`] what to do with each request and
//! [`Jobs::finish`] what to start when a job ends; the running job's host asks [`Jobs::control`]
//! before every batch.
//!
//! | request \ slot | Idle | Loading, Benching, Stopping | Training, Teaching, Paused |
//! |---|---|---|---|
//! | `LoadData` | start | wait | refused: stop the run first |
//! | `Train`, `Teach` | start | wait (replacing a waiting Train / Teach) | stop it, then start (wait) |
//! | `Bench` | start | wait | refused: press Stop first |
//! | `Lab` | start | wait | refused: stop it first (a Train or Teach stops a lab job) |
//! | `Predict`, `Explain`, `Evaluate`, `Cell`, `RestoreLastGood`, `Export`, `OpenModel` | beside the slot (they use the models the worker holds) | | |

use std::collections::VecDeque;

use kiln_core::LiveSettings;
use kiln_ml::Control;
use kiln_protocol::{Command, Event, Msg, Request, RunId};

/// What the worker is doing: one job at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activity {
    /// Nothing: the next start begins at once.
    #[default]
    Idle,
    /// Reading and preparing a data set.
    Loading(RunId),
    /// A guided run's batches are going; `step` when one batch was asked for (then Paused).
    Training {
        /// The run.
        run: RunId,
        /// One more batch, then pause.
        step: bool,
    },
    /// A guided or teaching run holds its weights before its next batch.
    Paused {
        /// The run.
        run: RunId,
        /// A teaching run (Resume goes back to Teaching, Step trains one epoch).
        teach: bool,
    },
    /// Teaching mode plays epochs; `step` when one epoch was asked for (then Paused).
    Teaching {
        /// The run.
        run: RunId,
        /// One more epoch, then pause.
        step: bool,
    },
    /// A benchmark workload runs.
    Benching(RunId),
    /// A lab job (compression, federated training, search) runs; Stop ends it.
    Lab(RunId),
    /// Stop was asked: the run ends after its batch in flight (a Train or Teach may wait).
    Stopping(RunId),
}

impl Activity {
    /// The run in the slot, if any.
    pub fn run(self) -> Option<RunId> {
        match self {
            Activity::Idle => None,
            Activity::Loading(run)
            | Activity::Benching(run)
            | Activity::Lab(run)
            | Activity::Stopping(run)
            | Activity::Training { run, .. }
            | Activity::Paused { run, .. }
            | Activity::Teaching { run, .. } => Some(run),
        }
    }

    /// A training, teaching or lab run is in the slot (running or paused).
    fn is_run(self) -> bool {
        matches!(
            self,
            Activity::Training { .. } | Activity::Paused { .. } | Activity::Teaching { .. } | Activity::Lab(_)
        )
    }
}

/// A weight edit from teaching mode's network diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightEdit {
    /// Dense layer index.
    pub layer: usize,
    /// Input unit.
    pub from: usize,
    /// Output unit.
    pub to: usize,
    /// New weight.
    pub value: f32,
}

/// What the dispatch loop does with a request.
#[derive(Debug, PartialEq)]
pub enum Decision<H> {
    /// Start this job now: the slot is now its.
    Start(Request, H),
    /// Run it beside the slot (prediction, restore).
    Beside(Request),
    /// Send this event for the request's run.
    Answer(Event),
    /// Applied, waiting for the slot, or stale: nothing to send now.
    Done,
}

/// The job slot. `H` is whatever the worker needs to answer the page (gloo's handler id).
#[derive(Debug)]
pub struct Jobs<H> {
    activity: Activity,
    waiting: VecDeque<(Request, H)>,
    settings: Option<LiveSettings>,
    edits: Vec<WeightEdit>,
}

impl<H> Default for Jobs<H> {
    fn default() -> Self {
        Jobs { activity: Activity::Idle, waiting: VecDeque::new(), settings: None, edits: Vec::new() }
    }
}

impl<H> Jobs<H> {
    /// What the worker is doing.
    pub fn activity(&self) -> Activity {
        self.activity
    }

    /// Decides what to do with `request` (from `handler`).
    pub fn receive(&mut self, request: Request, handler: H) -> Decision<H> {
        let run = request.run;
        let current = self.activity.run() == Some(run);
        match &request.command {
            Command::Predict { .. }
            | Command::Explain { .. }
            | Command::Evaluate { .. }
            | Command::Cell(_)
            | Command::RestoreLastGood
            | Command::Export { .. }
            | Command::OpenModel { .. } => Decision::Beside(request),
            Command::Stop => {
                if current && self.activity.is_run() {
                    self.activity = Activity::Stopping(run);
                }
                self.waiting.retain(|(r, _)| r.run != run);
                Decision::Done
            }
            Command::Pause | Command::Resume | Command::Step => self.control_command(run, &request.command),
            Command::UpdateSettings(live) => match live.validate() {
                Err(e) => Decision::Answer(Event::Error(Msg::verbatim(e))),
                // Not this run's slot: the page keeps the values and sends them with its next start.
                Ok(()) => {
                    if current && self.activity.is_run() {
                        self.settings = Some(*live);
                    }
                    Decision::Done
                }
            },
            Command::SetWeight { layer, from, to, value } => {
                if !value.is_finite() {
                    return Decision::Answer(Event::Error(
                        Msg::new("error-worker-weight-not-finite").arg("value", value.to_string()),
                    ));
                }
                let teaching =
                    matches!(self.activity, Activity::Teaching { .. } | Activity::Paused { teach: true, .. });
                if current && teaching {
                    self.edits.push(WeightEdit { layer: *layer, from: *from, to: *to, value: *value });
                }
                Decision::Done
            }
            Command::LoadData(_) => match self.activity {
                Activity::Idle => self.start(request, handler),
                Activity::Loading(_) | Activity::Benching(_) | Activity::Stopping(_) => self.wait(request, handler),
                _ => Decision::Answer(Event::Error(Msg::new("error-worker-busy-data"))),
            },
            Command::Train(_) | Command::Teach(_) => {
                // The newest Train or Teach replaces one still waiting and the run in the slot.
                self.waiting.retain(|(r, _)| !matches!(r.command, Command::Train(_) | Command::Teach(_)));
                match self.activity {
                    Activity::Idle => self.start(request, handler),
                    a if a.is_run() => {
                        self.activity = Activity::Stopping(a.run().unwrap_or(run));
                        self.wait(request, handler)
                    }
                    _ => self.wait(request, handler),
                }
            }
            Command::Lab(_) => match self.activity {
                Activity::Idle => self.start(request, handler),
                a if a.is_run() => Decision::Answer(Event::Error(Msg::new("error-worker-busy-lab"))),
                _ => self.wait(request, handler),
            },
            Command::Bench(_) => match self.activity {
                Activity::Idle => self.start(request, handler),
                a if a.is_run() => Decision::Answer(Event::Error(Msg::new("error-worker-busy"))),
                _ => self.wait(request, handler),
            },
        }
    }

    fn control_command(&mut self, run: RunId, command: &Command) -> Decision<H> {
        let next = match (self.activity, command) {
            (Activity::Training { run: r, .. }, Command::Pause) if r == run => Activity::Paused { run, teach: false },
            (Activity::Teaching { run: r, .. }, Command::Pause) if r == run => Activity::Paused { run, teach: true },
            (Activity::Paused { run: r, teach: false }, Command::Resume) if r == run => {
                Activity::Training { run, step: false }
            }
            (Activity::Paused { run: r, teach: true }, Command::Resume) if r == run => {
                Activity::Teaching { run, step: false }
            }
            (Activity::Paused { run: r, teach: false } | Activity::Training { run: r, .. }, Command::Step)
                if r == run =>
            {
                Activity::Training { run, step: true }
            }
            (Activity::Paused { run: r, teach: true } | Activity::Teaching { run: r, .. }, Command::Step)
                if r == run =>
            {
                Activity::Teaching { run, step: true }
            }
            // Already in that state, or stopping: nothing to do.
            (a, _) if a.run() == Some(run) => a,
            _ if self.waiting.iter().any(|(r, _)| r.run == run) => return Decision::Done,
            _ => return Decision::Answer(Event::Error(Msg::new("error-worker-not-training"))),
        };
        self.activity = next;
        Decision::Done
    }

    /// Gives the slot to `request`: a fresh run starts with no stale settings or edits.
    fn start(&mut self, request: Request, handler: H) -> Decision<H> {
        self.activity = match &request.command {
            Command::LoadData(_) => Activity::Loading(request.run),
            Command::Train(_) => Activity::Training { run: request.run, step: false },
            Command::Teach(t) if t.start_paused => Activity::Paused { run: request.run, teach: true },
            Command::Teach(_) => Activity::Teaching { run: request.run, step: false },
            Command::Lab(_) => Activity::Lab(request.run),
            _ => Activity::Benching(request.run),
        };
        self.settings = None;
        self.edits.clear();
        Decision::Start(request, handler)
    }

    fn wait(&mut self, request: Request, handler: H) -> Decision<H> {
        self.waiting.push_back((request, handler));
        Decision::Done
    }

    /// The job of `run` has ended: frees the slot and starts the first waiting request, if any.
    pub fn finish(&mut self, run: RunId) -> Option<(Request, H)> {
        if self.activity.run() == Some(run) {
            self.activity = Activity::Idle;
        }
        if self.activity != Activity::Idle {
            return None;
        }
        let (request, handler) = self.waiting.pop_front()?;
        match self.start(request, handler) {
            Decision::Start(request, handler) => Some((request, handler)),
            _ => None,
        }
    }

    /// The control for the next batch of `run` (checked by its host before every batch): Stop
    /// when the run no longer has the slot. A Step is handed out once, then the run pauses.
    pub fn control(&mut self, run: RunId) -> Control {
        match self.activity {
            Activity::Training { run: r, step } if r == run => {
                if step {
                    self.activity = Activity::Paused { run, teach: false };
                    Control::Step
                } else {
                    Control::Run
                }
            }
            // A teaching step is one whole epoch: see `epoch_done`.
            Activity::Teaching { run: r, .. } | Activity::Loading(r) | Activity::Benching(r) | Activity::Lab(r)
                if r == run =>
            {
                Control::Run
            }
            Activity::Paused { run: r, .. } if r == run => Control::Pause,
            _ => Control::Stop,
        }
    }

    /// A teaching run finished an epoch: after a Step it pauses now.
    pub fn epoch_done(&mut self, run: RunId) {
        if self.activity == (Activity::Teaching { run, step: true }) {
            self.activity = Activity::Paused { run, teach: true };
        }
    }

    /// Live settings sent for `run` since the last call.
    pub fn take_settings(&mut self, run: RunId) -> Option<LiveSettings> {
        if self.activity.run() == Some(run) { self.settings.take() } else { None }
    }

    /// Weight edits sent for `run` since the last call.
    pub fn take_edits(&mut self, run: RunId) -> Vec<WeightEdit> {
        if self.activity.run() == Some(run) { std::mem::take(&mut self.edits) } else { Vec::new() }
    }
}

#[cfg(test)]
#[path = "jobs_tests.rs"]
mod tests;
