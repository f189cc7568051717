//! Whose message is whose: every job the page starts in the worker — a data load, a training
//! run, a teaching run, a benchmark, a prediction — has a [`RunId`] the page chose, every
//! [`Event`] it causes comes back in a [`Reply`] carrying that id, and every control names the run
//! it acts on in its [`Request`]. The page applies only the events of runs it still waits for, so
//! the tail of a stopped run can never land in a newer one, and a stale Stop or Pause cannot hit
//! a newer run (brush's per-process message stream is the model).

use serde::{Deserialize, Serialize};

use crate::{Command, Event};

/// Names one job the page started. The page counts them up from 1 for its whole life; `0` is
/// [`RunId::WORKER`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunId(pub u32);

impl RunId {
    /// The worker itself, for events no job caused ([`Event::Ready`]).
    pub const WORKER: RunId = RunId(0);
}

impl std::fmt::Display for RunId {
    /// `#7`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One message from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// For a command that starts a job ([`Command::LoadData`], [`Command::Train`],
    /// [`Command::Teach`], [`Command::Bench`], [`Command::Predict`]): the new job's id, fresh.
    /// For a control ([`Command::Stop`], [`Command::Pause`], [`Command::Resume`],
    /// [`Command::Step`], [`Command::UpdateSettings`], [`Command::SetWeight`],
    /// [`Command::RestoreLastGood`]): the run it acts on; the worker ignores a control whose run
    /// is not the one running (or waiting to run).
    pub run: RunId,
    /// What to do.
    pub command: Command,
}

/// One message from the worker to the page: an event and the run that caused it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The job whose event this is ([`RunId::WORKER`] for [`Event::Ready`]).
    pub run: RunId,
    /// What happened.
    pub event: Event,
}
