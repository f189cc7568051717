//! The teaching slice: teaching mode's set-up (mirrored in the URL), the run the page waits for,
//! whether it plays, the generated points, the latest frame, the loss curves and the connection
//! under the pointer.

use std::rc::Rc;

use kiln_core::history::Series;
use kiln_protocol::{Event, Msg, RunId, TeachData, TeachFrame};

use super::run::BATCH_POINTS;
use crate::teach_config::TeachConfig;

/// A connection in the teaching diagram: Dense layer, input unit, output unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// Dense layer index (0 = first hidden layer).
    pub layer: usize,
    /// Input unit.
    pub from: usize,
    /// Output unit.
    pub to: usize,
}

/// Teaching mode.
#[derive(Debug, Clone, PartialEq)]
pub struct TeachView {
    /// The set-up (mirrored in the URL).
    pub config: TeachConfig,
    /// The run in the worker the page waits for (frames are coming or it is paused).
    pub run: Option<RunId>,
    /// Epochs are playing.
    pub playing: bool,
    /// The engine the run uses and why.
    pub engine: Option<Msg>,
    /// The generated points.
    pub data: Option<Rc<TeachData>>,
    /// The latest frame.
    pub frame: Option<Rc<TeachFrame>>,
    /// Frames received since the page loaded (drawn on arrival).
    pub frames: usize,
    /// Training loss per epoch.
    pub train_loss: Series,
    /// Test loss per epoch.
    pub test_loss: Series,
    /// Why the last run diverged, if it did.
    pub diverged: Option<Msg>,
    /// The connection under the pointer.
    pub hovered: Option<Link>,
    /// Values from the opening link that were ignored.
    pub notes: Vec<Msg>,
}

impl TeachView {
    fn new(config: TeachConfig, notes: Vec<Msg>) -> Self {
        TeachView {
            config,
            run: None,
            playing: false,
            engine: None,
            data: None,
            frame: None,
            frames: 0,
            train_loss: Series::new(BATCH_POINTS),
            test_loss: Series::new(BATCH_POINTS),
            diverged: None,
            hovered: None,
            notes,
        }
    }
}

impl Default for TeachView {
    fn default() -> Self {
        TeachView::new(TeachConfig::default(), Vec::new())
    }
}

/// A change to teaching mode from the page.
#[derive(Debug, Clone, PartialEq)]
pub enum TeachAction {
    /// The set-up changed.
    Set(TeachConfig),
    /// A run was (re)started in the worker as `run`; `playing` unless it starts paused.
    Started {
        /// The new run.
        run: RunId,
        /// Epochs play at once.
        playing: bool,
    },
    /// Play / pause pressed.
    Playing(bool),
    /// The pointer is over a connection (or left it).
    Hover(Option<Link>),
    /// Teaching mode opened from a link: its set-up and what was ignored.
    Open(TeachConfig, Vec<Msg>),
}

impl TeachView {
    /// Applies a change.
    pub fn apply(&mut self, action: TeachAction) {
        match action {
            TeachAction::Set(c) => self.config = c,
            TeachAction::Started { run, playing } => {
                self.run = Some(run);
                self.playing = playing;
                self.diverged = None;
                self.frame = None;
                self.train_loss = Series::new(BATCH_POINTS);
                self.test_loss = Series::new(BATCH_POINTS);
            }
            TeachAction::Playing(p) => self.playing = p,
            TeachAction::Hover(l) => self.hovered = l,
            TeachAction::Open(c, notes) => *self = TeachView::new(c, notes),
        }
    }

    /// The person left teaching mode: its run was stopped, nothing of it is awaited any more.
    pub fn left(&mut self) {
        self.run = None;
        self.playing = false;
    }

    /// The slice waits for the events of its run.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.run == Some(run)
    }

    /// Applies an event of the run.
    pub fn on_event(&mut self, event: Event) {
        match event {
            Event::EngineChosen { reason, .. } => self.engine = Some(reason),
            Event::TeachData(d) => self.data = Some(Rc::new(d)),
            Event::Frame(f) => {
                self.frames += 1;
                self.train_loss.push(f.epoch as f64, f.train_loss);
                self.test_loss.push(f.epoch as f64, f.test_loss);
                self.frame = Some(Rc::from(f));
            }
            Event::Paused { .. } | Event::Error(_) => self.playing = false,
            Event::Diverged { message, .. } => {
                self.playing = false;
                self.diverged = Some(message);
            }
            _ => {}
        }
    }
}
