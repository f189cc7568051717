//! The runs slice: one [`RunRecord`] per guided run of the session (its spec, settings, data set,
//! epoch curves, test metrics and report summary) for the runs table, and how the table is sorted.
//! A run becomes a record when the worker has chosen its engine (a Train that never began is not a
//! run); until then its request waits here.
//!
//! "Restore this run's settings" ([`RunsAction::Restore`], [`restore_plan`]) puts a record's spec,
//! training, text and split settings back into the builder, settings and data slices — at once
//! when its data set is the loaded one, after the load when it is another built-in set (the
//! record waits in [`RunsState::restoring`]), and not at all, with a note saying why, when it was
//! an upload that is no longer loaded.

use kiln_data::id::DataId;
use kiln_protocol::runs::{RunColumn, RunRecord, sort_runs};
use kiln_protocol::{Event, Msg, RunId, TrainRequest};

use super::State;
use super::builder::BuilderAction;
use super::data::DataState;

/// Runs of the session, for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct RunsState {
    /// Records in run order, with the run id each came from.
    pub records: Vec<(RunId, RunRecord)>,
    /// Train requests sent and not yet begun: `(run, request, data set name)`.
    pub pending: Vec<(RunId, Box<TrainRequest>, String)>,
    /// Column sorted by.
    pub sort: RunColumn,
    /// Largest first.
    pub descending: bool,
    /// The run number whose settings are put back once its data set has loaded.
    pub restoring: Option<u32>,
    /// What the last "restore" did, or why it could not (shown under the table).
    pub restore_note: Option<Msg>,
    /// The run number whose settings were restored last (the table marks it, not the latest
    /// run's, until another run begins).
    pub restored: Option<u32>,
}

impl Default for RunsState {
    fn default() -> Self {
        RunsState {
            records: Vec::new(),
            pending: Vec::new(),
            sort: RunColumn::Run,
            descending: false,
            restoring: None,
            restore_note: None,
            restored: None,
        }
    }
}

/// What "restore this run's settings" must do first, given the data set the page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestorePlan {
    /// The run's data set is the loaded one (or is loading): put the settings back now (or when
    /// it has loaded).
    Now,
    /// The run was trained on this other built-in data set: load it, then put the settings back.
    Load(String),
    /// The run was trained on an upload that is no longer loaded: pick its files again (the name).
    Missing(String),
}

/// What restoring `record` needs, with `data` the page's data slice: the data set loading (or,
/// when none loads, the loaded one) is compared with the run's.
pub fn restore_plan(record: &RunRecord, data: &DataState) -> RestorePlan {
    let current = data.loading.as_ref().map(|l| &l.id).or(data.dataset.as_ref().map(|d| &d.id));
    match &record.dataset_id {
        id if current == Some(id) => RestorePlan::Now,
        DataId::Builtin(id) => RestorePlan::Load(id.clone()),
        other => RestorePlan::Missing(other.name().to_string()),
    }
}

/// A change to the runs table.
#[derive(Debug, Clone, PartialEq)]
pub enum RunsAction {
    /// Train was pressed: `request` was sent as run `run` on the data set named `dataset`.
    Started {
        /// The run.
        run: RunId,
        /// What it trains.
        request: Box<TrainRequest>,
        /// Data set display name.
        dataset: String,
    },
    /// A column header was clicked: sort by it (again: the other way round).
    Sort(RunColumn),
    /// "Restore this run's settings" for run number `n` (the page has already asked for its data
    /// set when [`restore_plan`] said [`RestorePlan::Load`]). Cross-slice: see
    /// [`State::restore_run`].
    Restore(u32),
}

impl RunsState {
    /// Applies a change.
    pub fn apply(&mut self, action: RunsAction) {
        match action {
            RunsAction::Started { run, request, dataset } => {
                // Only the newest waiting Train can begin (the worker replaces a waiting one).
                self.pending.clear();
                self.pending.push((run, request, dataset));
            }
            // Handled by `State::restore_run`, which changes other slices too.
            RunsAction::Restore(_) => {}
            RunsAction::Sort(column) => {
                if self.sort == column {
                    self.descending = !self.descending;
                } else {
                    self.sort = column;
                    // Scores read best-first; the rest in ascending order.
                    self.descending = matches!(
                        column,
                        RunColumn::TestAccuracy | RunColumn::MacroF1 | RunColumn::RocAuc | RunColumn::R2
                    );
                }
            }
        }
    }

    /// True for the events a record takes in (others need no copy of this slice).
    pub fn takes(event: &Event) -> bool {
        matches!(event, Event::EngineChosen { .. } | Event::Epoch(_) | Event::Finished { .. } | Event::Report(_))
    }

    /// The slice waits for `run`'s events.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.pending.iter().any(|(r, ..)| *r == run) || self.records.iter().any(|(r, _)| *r == run)
    }

    /// Takes in an event of `run`.
    pub fn on_event(&mut self, run: RunId, event: &Event) {
        if let Event::EngineChosen { .. } = event
            && let Some(i) = self.pending.iter().position(|(r, ..)| *r == run)
        {
            let (_, request, dataset) = self.pending.remove(i);
            let number = self.records.len() as u32 + 1;
            self.records.push((run, RunRecord::new(number, &request, &dataset)));
            self.restored = None;
        }
        let Some((_, record)) = self.records.iter_mut().find(|(r, _)| *r == run) else { return };
        match event {
            Event::Report(report) => record.report = Some(report.summary()),
            other => record.absorb(other),
        }
    }

    /// The record of run number `n`.
    pub fn record(&self, n: u32) -> Option<&RunRecord> {
        self.records.iter().map(|(_, r)| r).find(|r| r.run == n)
    }

    /// The records in the table's order.
    pub fn sorted(&self) -> Vec<RunRecord> {
        let mut runs: Vec<RunRecord> = self.records.iter().map(|(_, r)| r.clone()).collect();
        sort_runs(&mut runs, self.sort, self.descending);
        runs
    }
}

impl State {
    /// "Restore this run's settings" for run number `n`: its spec (undoable), training settings,
    /// text and split settings go back now when its data set is the page's ([`RestorePlan::Now`];
    /// while that set is still loading, once it has loaded); an upload no longer loaded leaves
    /// everything as it is and says so. Nothing changes while a run is in the worker.
    pub(super) fn restore_run(&mut self, n: u32) {
        if self.run.is_active() {
            return;
        }
        let Some(record) = self.runs.record(n).cloned() else { return };
        match restore_plan(&record, &self.data) {
            RestorePlan::Now if self.data.loading.is_none() => self.put_back(&record),
            // Loading (the page asked for the run's set just before): put back once it has loaded.
            RestorePlan::Now | RestorePlan::Load(_) => self.runs.update(|r| {
                r.restoring = Some(n);
                r.restore_note = Some(Msg::new("evaluate-restore-loading").arg("run", n.to_string()));
            }),
            RestorePlan::Missing(name) => self.runs.update(|r| {
                r.restoring = None;
                r.restore_note = Some(Msg::new("evaluate-restore-missing").arg("run", n.to_string()).arg("name", name));
            }),
        }
    }

    /// A load finished (or failed): a restore waiting for it is done now when the loaded set is
    /// its run's, and dropped otherwise.
    pub(super) fn restore_after_load(&mut self) {
        let Some(n) = self.runs.restoring.filter(|_| self.data.loading.is_none()) else { return };
        let record = self.runs.record(n).cloned();
        let loaded = self.data.dataset.as_ref().map(|d| &d.id);
        match record {
            Some(record) if loaded == Some(&record.dataset_id) => self.put_back(&record),
            _ => self.runs.update(|r| {
                r.restoring = None;
                r.restore_note = Some(Msg::new("evaluate-restore-failed").arg("run", n.to_string()));
            }),
        }
    }

    /// Puts `record`'s spec and settings into the builder, settings and data slices.
    fn put_back(&mut self, record: &RunRecord) {
        self.data.update(|d| {
            d.prep = record.prep;
            d.split = record.split;
        });
        let config = record.config.clone();
        self.settings.update(|c| *c = config);
        self.builder.update(|b| b.apply(BuilderAction::Replace(record.spec.clone())));
        self.runs.update(|r| {
            r.restoring = None;
            r.restored = Some(record.run);
            r.restore_note = Some(Msg::new("evaluate-restored").arg("run", record.run.to_string()));
        });
    }
}
