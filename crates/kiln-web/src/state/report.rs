//! The report slice: the test report of the last run that sent one ([`TestReport`], shared, never
//! copied), the decision threshold the slider set (two classes) and the confusion-matrix cell the
//! person clicked. Everything the Evaluate step draws from it — the matrix and metrics at the
//! threshold, the worst errors — is computed on the page from this by `kiln_protocol::report`'s
//! pure helpers, so moving the slider needs no round trip. A clicked cell's examples are asked of
//! the worker, which keeps the report whole (`Command::Cell` → [`CellExamples`]). It also
//! keeps the last run's [`WordMap`] (embedding models) and the word picked on it, and the
//! on-demand evaluation of a model opened from a file (`Command::Evaluate`): its report is kept
//! as the opened model's (and so is the word map that follows it for an embedding model), so it
//! is shown beside that model like a trained run's.

use std::rc::Rc;

use kiln_protocol::report::{DEFAULT_THRESHOLD, TestReport, WordMap};
use kiln_protocol::report_page::{CellExamples, CellQuery};
use kiln_protocol::{Event, RunId};

/// The Evaluate step's report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportState {
    /// The last report and the run it belongs to.
    pub report: Option<(RunId, Rc<TestReport>)>,
    /// Decision threshold on the positive class's probability, in `[0, 1]` (two classes).
    pub threshold: f64,
    /// The clicked confusion-matrix cell, `(true class, predicted class)`.
    pub cell: Option<(u32, u32)>,
    /// The last word map and the run it belongs to.
    pub word_map: Option<(RunId, Rc<WordMap>)>,
    /// The word picked on the map (hover, focus or click): its vocabulary id.
    pub map_word: Option<u32>,
    /// An on-demand evaluation the page waits for: `(its run, the model's run)`.
    pub evaluating: Option<(RunId, RunId)>,
    /// An on-demand evaluation whose report came: its word map may follow (embedding models).
    pub mapping: Option<(RunId, RunId)>,
    /// The query run of the clicked cell's examples, while the page waits for them.
    pub cell_query: Option<RunId>,
    /// The clicked cell's examples, as the worker sent them.
    pub cell_examples: Option<Rc<CellExamples>>,
}

impl Default for ReportState {
    fn default() -> Self {
        ReportState {
            report: None,
            threshold: DEFAULT_THRESHOLD,
            cell: None,
            word_map: None,
            map_word: None,
            evaluating: None,
            mapping: None,
            cell_query: None,
            cell_examples: None,
        }
    }
}

/// A change to the report view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReportAction {
    /// The slider moved (clamped to `[0, 1]`; a non-number is ignored).
    Threshold(f64),
    /// Close the cell's list.
    CloseCell,
    /// A cell's examples were asked of the worker as query run `query` (the cell opens; its
    /// examples so far stay until the answer when only the threshold changed).
    CellAsked {
        /// The request's run.
        query: RunId,
        /// What was asked.
        asked: CellQuery,
    },
    /// A word on the map was picked (its vocabulary id), or none.
    MapWord(Option<u32>),
    /// `Command::Evaluate` of model `model` was sent as run `run`.
    Evaluating {
        /// The request's run.
        run: RunId,
        /// The model evaluated.
        model: RunId,
    },
}

impl ReportState {
    /// Applies a change.
    pub fn apply(&mut self, action: ReportAction) {
        match action {
            ReportAction::Threshold(t) if t.is_finite() => self.threshold = t.clamp(0.0, 1.0),
            ReportAction::Threshold(_) => {}
            ReportAction::CloseCell => {
                self.cell = None;
                self.cell_query = None;
                self.cell_examples = None;
            }
            ReportAction::CellAsked { query, asked } => {
                let cell = (asked.truth, asked.predicted);
                if self.cell != Some(cell) {
                    self.cell_examples = None;
                }
                self.cell = Some(cell);
                self.cell_query = Some(query);
            }
            ReportAction::MapWord(id) => self.map_word = id,
            ReportAction::Evaluating { run, model } => self.evaluating = Some((run, model)),
        }
    }

    /// The slice waits for the on-demand evaluation it asked for.
    pub fn waits_for(&self, run: RunId) -> bool {
        let is = |w: Option<(RunId, RunId)>| w.is_some_and(|(r, _)| r == run);
        is(self.evaluating) || is(self.mapping) || self.cell_query == Some(run)
    }

    /// Takes in an answer of query run `run`: a cell's examples (kept when they are of the cell
    /// open now), or an event of the on-demand evaluation — its report becomes the model's
    /// (shown beside it, at the default threshold), then its word map; an error ends the wait
    /// (the banner says why).
    pub fn on_answer(&mut self, run: RunId, event: Event) {
        if self.cell_query == Some(run) {
            self.cell_query = None;
            if let Event::Cell(cell) = event
                && self.cell == Some((cell.query.truth, cell.query.predicted))
                && self.report.as_ref().is_some_and(|(r, _)| *r == cell.query.model)
            {
                self.cell_examples = Some(Rc::new(*cell));
            }
            return;
        }
        if let Some((_, model)) = self.mapping.filter(|(r, _)| *r == run) {
            self.mapping = None;
            if matches!(event, Event::WordMap(_)) {
                self.on_event(model, event);
            }
            return;
        }
        let Some((r, model)) = self.evaluating.filter(|(r, _)| *r == run) else { return };
        match event {
            Event::Report(_) => {
                self.evaluating = None;
                self.on_event(model, event);
                self.mapping = Some((r, model));
            }
            Event::Error(_) => self.evaluating = None,
            _ => {}
        }
    }

    /// The examples of the cell open now, once the worker sent them.
    pub fn shown_cell(&self) -> Option<&Rc<CellExamples>> {
        self.cell_examples.as_ref().filter(|c| self.cell == Some((c.query.truth, c.query.predicted)))
    }

    /// True for the events this slice takes in ([`Event::Report`], [`Event::WordMap`]).
    pub fn takes(event: &Event) -> bool {
        matches!(event, Event::Report(_) | Event::WordMap(_))
    }

    /// Takes in an event of run `run` (only [`Event::Report`] and [`Event::WordMap`] matter): a
    /// new report starts at the default threshold with no cell open, and drops an older run's
    /// word map; a new word map starts with no word picked.
    pub fn on_event(&mut self, run: RunId, event: Event) {
        match event {
            Event::Report(report) => {
                self.report = Some((run, Rc::new(*report)));
                self.threshold = DEFAULT_THRESHOLD;
                self.cell = None;
                self.cell_query = None;
                self.cell_examples = None;
                if self.word_map.as_ref().is_some_and(|(r, _)| *r != run) {
                    self.word_map = None;
                    self.map_word = None;
                }
            }
            Event::WordMap(map) => {
                self.word_map = Some((run, Rc::new(*map)));
                self.map_word = None;
            }
            _ => {}
        }
    }

    /// The word map to show beside `model`'s results: only that run's.
    pub fn shown_map(&self, model: Option<RunId>) -> Option<&Rc<WordMap>> {
        self.word_map.as_ref().filter(|(run, _)| Some(*run) == model).map(|(_, m)| m)
    }

    /// The report to show when `model` is the run whose model the page offers: only that run's
    /// (a report of an earlier run is not shown beside a newer run's results).
    pub fn shown(&self, model: Option<RunId>) -> Option<&Rc<TestReport>> {
        self.report.as_ref().filter(|(run, _)| Some(*run) == model).map(|(_, r)| r)
    }
}
