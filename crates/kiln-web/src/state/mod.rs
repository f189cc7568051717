//! The page's state: one [`Reducible`] value ([`State`], held by yew's `use_reducer` in the App)
//! made of slices, one per concern, each with its own actions, reducer and `on_event`:
//!
//! | slice | holds | panel |
//! |---|---|---|
//! | [`page`] | guided page or teaching mode, engine loaded, the error banner | the App |
//! | [`data`] | the data set the worker holds, a load in progress, upload choices, text settings | Data |
//! | [`builder`] | the spec being edited, with undo / redo | Model |
//! | [`settings`] | the training settings ([`TrainConfig`]) | Train, Model (spec file) |
//! | [`run`] | the guided run: phase, progress, charts, test metrics, the model it left | Train, Evaluate |
//! | [`try_it`] | "Try it": the text and its prediction | Evaluate |
//! | [`report`] | the last run's test report, the threshold, the clicked matrix cell | Evaluate |
//! | [`explain`] | word contributions of typed and listed texts | Evaluate |
//! | [`runs`] | every guided run of the session, for the runs table | Evaluate |
//! | [`teach`] | teaching mode: set-up, frames, diagram | Teaching page |
//! | [`deploy`] | model files: opening, exports, the session kept in IndexedDB ([`session`]) | Deploy, Open a model file |
//! | [`lab`] | the lab's settings, its job, the compression table, rounds, trials | Lab |
//!
//! Each slice is a [`Slice`]: compared by pointer, so a panel given a slice re-renders only when
//! that slice changed, and a reducer that changes nothing returns the same state (no render at
//! all). Worker events arrive as [`Reply`]s: each slice says which runs it waits for
//! (`waits_for`) and only that slice sees the event; events of runs nobody waits for any more (a
//! stopped run's tail, a replaced teaching run) are dropped here. What crosses slices — a data set
//! that does not fit the model, a mode switch, a spec file with settings — is in this module's
//! reducer, in the open.
//!
//! A new slice is a module here with its struct, its `…Action` enum and reducer, `waits_for` and
//! `on_event`; a field of [`State`]; a variant of [`Action`]; and the lines that route to it.

pub mod builder;
pub mod data;
pub mod deploy;
pub mod explain;
pub mod lab;
pub mod page;
pub mod report;
pub mod run;
pub mod runs;
pub mod session;
pub mod settings;
pub mod teach;
pub mod try_it;

use std::ops::Deref;
use std::rc::Rc;

use kiln_core::TrainConfig;
use kiln_data::recommended_early_stopping;
use kiln_protocol::{Event, LabEvent, Msg, Reply};
use yew::Reducible;

use builder::{Builder, BuilderAction};
use data::{DataAction, DataState};
use deploy::{DeployAction, DeployState};
use explain::{ExplainAction, ExplainState};
use lab::{LabAction, LabState};
use page::{Mode, Page};
use report::{ReportAction, ReportState};
use run::{RunAction, RunState};
use runs::{RunsAction, RunsState};
use session::SessionRecord;
use settings::SettingsAction;
use teach::{TeachAction, TeachView};
use try_it::{TryAction, TryIt};

/// A slice of the page state, shared without copying. A slice is never changed in place:
/// [`Slice::update`] makes a new one, so two handles are equal exactly when they are the same
/// allocation — comparing props is a pointer comparison, whatever the slice holds.
#[derive(Debug, Default)]
pub struct Slice<T>(Rc<T>);

impl<T> Slice<T> {
    /// A slice holding `value`.
    pub fn new(value: T) -> Self {
        Slice(Rc::new(value))
    }
}

impl<T: Clone> Slice<T> {
    /// Replaces the slice with a changed copy.
    pub fn update<R>(&mut self, f: impl FnOnce(&mut T) -> R) -> R {
        let mut next = (*self.0).clone();
        let r = f(&mut next);
        self.0 = Rc::new(next);
        r
    }
}

impl<T> Clone for Slice<T> {
    fn clone(&self) -> Self {
        Slice(self.0.clone())
    }
}

impl<T> Deref for Slice<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> PartialEq for Slice<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Everything the page shows, slice by slice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// Mode, engine, error banner.
    pub page: Slice<Page>,
    /// The data set.
    pub data: Slice<DataState>,
    /// The model being built.
    pub builder: Slice<Builder>,
    /// The training settings.
    pub settings: Slice<TrainConfig>,
    /// The guided run.
    pub run: Slice<RunState>,
    /// "Try it".
    pub try_it: Slice<TryIt>,
    /// Teaching mode.
    pub teach: Slice<TeachView>,
    /// The last run's test report.
    pub report: Slice<ReportState>,
    /// Word contributions.
    pub explain: Slice<ExplainState>,
    /// The session's runs.
    pub runs: Slice<RunsState>,
    /// Model files and the kept session.
    pub deploy: Slice<DeployState>,
    /// The lab.
    pub lab: Slice<LabState>,
}

/// Everything that can change the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An event from the worker, with the run that caused it.
    Worker(Reply),
    /// Switch between the guided page and teaching mode (the caller has stopped the other's run).
    SetMode(Mode),
    /// A user-visible error not coming from the worker (e.g. an invalid setting).
    Fail(Msg),
    /// The user closed the error message.
    DismissError,
    /// The data set: see [`DataAction`].
    Data(DataAction),
    /// The model builder: see [`BuilderAction`].
    Builder(BuilderAction),
    /// The training settings: see [`SettingsAction`].
    Settings(SettingsAction),
    /// The guided run: see [`RunAction`].
    Run(RunAction),
    /// "Try it": see [`TryAction`].
    TryIt(TryAction),
    /// Teaching mode: see [`TeachAction`].
    Teach(TeachAction),
    /// The test report's view: see [`ReportAction`].
    Report(ReportAction),
    /// Word contributions: see [`ExplainAction`].
    Explain(ExplainAction),
    /// The runs table: see [`RunsAction`].
    Runs(RunsAction),
    /// Model files and the kept session: see [`DeployAction`].
    Deploy(DeployAction),
    /// Put back the session kept from the last visit (see [`session`]).
    Restore(Box<SessionRecord>),
    /// The lab: see [`LabAction`].
    Lab(LabAction),
}

impl Reducible for State {
    type Action = Action;

    /// Applies `action` to a copy (a pointer copy per slice); when no slice changed, the old state is
    /// returned as it was and nothing re-renders.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self { self } else { Rc::new(next) }
    }
}

impl State {
    fn apply(&mut self, action: Action) {
        match action {
            Action::Worker(reply) => self.on_reply(reply),
            Action::SetMode(mode) => {
                if mode != self.page.mode {
                    self.page.update(|p| p.mode = mode);
                    // Leaving either page stops its run in the worker.
                    if self.run.is_active() {
                        self.run.update(RunState::stopped_by_leaving);
                    }
                    if self.teach.run.is_some() {
                        self.teach.update(TeachView::left);
                    }
                }
            }
            Action::Fail(e) => self.page.update(|p| p.error = Some(e)),
            Action::DismissError => self.page.update(|p| p.error = None),
            Action::Data(a) => self.data.update(|d| d.apply(a)),
            Action::Builder(a) => {
                // Editing waits while a run is in the worker (the run uses the spec it started with).
                if self.run.is_active() && !matches!(a, BuilderAction::Select(_)) {
                    return;
                }
                if let BuilderAction::Load(_, Some(config)) = &a {
                    let config = (**config).clone();
                    self.settings.update(|c| *c = config);
                }
                self.builder.update(|b| b.apply(a));
            }
            Action::Settings(a) => self.settings.update(|c| settings::apply(c, a)),
            Action::Run(a) => {
                if matches!(a, RunAction::Started(_)) {
                    self.page.update(|p| p.error = None);
                }
                self.run.update(|r| r.apply(a));
            }
            Action::TryIt(a) => self.try_it.update(|t| t.apply(a)),
            Action::Teach(a) => {
                if let TeachAction::Open(..) = a {
                    self.page.update(|p| p.mode = Mode::Teach);
                }
                self.teach.update(|t| t.apply(a));
            }
            Action::Report(a) => self.report.update(|r| r.apply(a)),
            Action::Explain(a) => self.explain.update(|x| x.apply(a)),
            Action::Runs(RunsAction::Restore(n)) => self.restore_run(n),
            Action::Runs(a) => self.runs.update(|r| r.apply(a)),
            Action::Deploy(a) => self.deploy.update(|d| d.apply(a)),
            Action::Restore(record) => self.restore(*record),
            Action::Lab(a) => {
                if matches!(a, LabAction::Started(..)) {
                    self.page.update(|p| p.error = None);
                }
                // Compared by value: choosing the tab already shown renders nothing.
                let mut next = (*self.lab).clone();
                next.apply(a);
                if next != *self.lab {
                    self.lab = Slice::new(next);
                }
            }
        }
    }

    /// Hands an event to the slice that waits for its run; events of other runs are dropped.
    fn on_reply(&mut self, Reply { run, event }: Reply) {
        let banner = match &event {
            Event::Ready => {
                self.page.update(|p| p.engine_loaded = true);
                return;
            }
            Event::Error(e) => Some(e.clone()),
            _ => None,
        };
        // The runs table keeps every run's record, also of a run the page no longer waits for.
        if RunsState::takes(&event) && self.runs.waits_for(run) {
            self.runs.update(|r| r.on_event(run, &event));
        }
        let banner = if self.data.waits_for(run) {
            let loaded = matches!(event, Event::DataLoaded { .. });
            let banner = self.data.update(|d| d.on_event(event)).or(banner);
            if loaded {
                // The prepared sizes were the previous data set's.
                if self.run.data_ready.is_some() {
                    self.run.update(|r| r.data_ready = None);
                }
                // A built-in set starts with its own early stopping, as with its text settings
                // (the Chinese set: patience 3 on the validation loss, best weights restored).
                if let Some(id) = self.data.dataset.as_ref().map(|d| &d.id).filter(|id| !id.is_upload()) {
                    let early = recommended_early_stopping(id.name());
                    if self.settings.early_stopping != early {
                        self.settings.update(|c| c.early_stopping = early);
                    }
                }
                self.fit_model_to_data();
            }
            // A run's settings waiting for its data set ("restore this run's settings").
            self.restore_after_load();
            banner
        } else if self.run.waits_for(run) {
            if ReportState::takes(&event) {
                self.report.update(|r| r.on_event(run, event));
            } else {
                self.run.update(|r| r.on_event(event));
            }
            banner
        } else if self.report.waits_for(run) {
            // A cell's examples, or an opened model evaluated on demand: its report is the model's.
            self.report.update(|r| r.on_answer(run, event));
            banner
        } else if self.explain.waits_for(run) {
            self.explain.update(|x| x.on_event(run, event));
            banner
        } else if self.try_it.waits_for(run) {
            // A bad image file or an empty drawing is said in the panel, not as a banner.
            self.try_it.update(|t| t.on_event(run, event))
        } else if self.teach.waits_for(run) {
            self.teach.update(|t| t.on_event(event));
            banner
        } else if self.deploy.waits_for(run) {
            if let Some((opened, restore)) = self.deploy.update(|d| d.on_event(run, event)) {
                self.model_opened(opened, restore);
            }
            banner
        } else if self.lab.waits_for(run) {
            // A kept compression is the current model: its test metrics are the run's now.
            if let Event::Lab(e) = &event
                && let LabEvent::Kept { test } = **e
            {
                self.run.update(|r| r.test = Some(test));
            }
            self.lab.update(|l| l.on_event(event));
            banner
        } else {
            // A run the page no longer waits for.
            None
        };
        if let Some(message) = banner {
            self.page.update(|p| p.error = Some(message));
        }
    }

    /// A model that cannot take the loaded data is replaced by a preset that can (undoable).
    fn fit_model_to_data(&mut self) {
        if self.builder.check(&self.data).is_err() {
            let preset = self.data.preset();
            self.builder.update(|b| b.apply(BuilderAction::Replace(preset)));
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod evaluate_tests;

#[cfg(test)]
#[path = "restore_tests.rs"]
mod restore_tests;
