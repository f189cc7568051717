//! The runs slice: one [`RunRecord`] per guided run of the session (its spec, settings, data set,
//! epoch curves, test metrics and report summary) for the runs table, and how the table is sorted.
//! A run becomes a record when the worker has chosen its engine (a Train that never began is not a
//! run); until then its request waits here.

use kiln_protocol::runs::{RunColumn, RunRecord, sort_runs};
use kiln_protocol::{Event, RunId, TrainRequest};

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
}

impl Default for RunsState {
    fn default() -> Self {
        RunsState { records: Vec::new(), pending: Vec::new(), sort: RunColumn::Run, descending: false }
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
        }
        let Some((_, record)) = self.records.iter_mut().find(|(r, _)| *r == run) else { return };
        match event {
            Event::Report(report) => record.report = Some(report.summary()),
            other => record.absorb(other),
        }
    }

    /// The records in the table's order.
    pub fn sorted(&self) -> Vec<RunRecord> {
        let mut runs: Vec<RunRecord> = self.records.iter().map(|(_, r)| r.clone()).collect();
        sort_runs(&mut runs, self.sort, self.descending);
        runs
    }
}
