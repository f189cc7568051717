//! The session kept across reloads, as plain data: what the page writes to IndexedDB after each
//! change ([`SessionRecord`]: the chosen data set, text and split settings, the builder's spec, the
//! training settings and the charts of the last run) and how it is put back
//! ([`State::restore`](super::State)). The trained weights are kept beside it as the `.kiln`
//! file's bytes (see `components::deploy::store`). An uploaded data set is recorded by its name
//! only: the page never keeps the data, so after a reload it asks for the files again instead
//! of silently using other data.
//!
//! Pure (no browser): tested on the host.

use kiln_core::history::Series;
use kiln_core::{ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_data::id::DataId;
use kiln_protocol::{EpochMetrics, Msg, TestMetrics};
use serde::{Deserialize, Serialize};

use super::State;
use super::builder::Builder;
use super::data::DataState;
use super::run::{BATCH_POINTS, Phase, RunState};

/// The record format's version; a record of another version is ignored (a fresh session).
pub const SESSION_VERSION: u32 = 1;

/// The data set a session used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SavedData {
    /// A built-in data set, loaded again on reload.
    Builtin(String),
    /// An upload, by the file's or folder's name: the person is asked to pick it again.
    Upload(String),
}

/// The charts and test metrics of the last run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Charts {
    /// Completed epochs.
    pub epochs: Vec<EpochMetrics>,
    /// The batch-loss curve, `(fractional epoch, loss)`.
    pub batch_loss: Vec<(f64, f64)>,
    /// Test metrics of the trained model.
    pub test: Option<TestMetrics>,
    /// Runs begun (the charts show run number `runs`).
    pub runs: u32,
}

/// Everything the page keeps about a session, except the weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// [`SESSION_VERSION`].
    pub version: u32,
    /// The data set chosen.
    pub dataset: Option<SavedData>,
    /// Text settings.
    pub prep: TextPrepConfig,
    /// Split fractions.
    pub split: SplitConfig,
    /// The builder's spec.
    pub spec: ModelSpec,
    /// The training settings.
    pub config: TrainConfig,
    /// The last run's charts (none before the first run).
    pub charts: Option<Charts>,
}

impl SessionRecord {
    /// The record of the page as it is now.
    pub fn of(data: &DataState, builder: &Builder, settings: &TrainConfig, run: &RunState) -> Self {
        // The data set being loaded counts already (a reload during the load loads it again).
        let id = data.dataset.as_ref().map(|d| &d.id).or(data.loading.as_ref().map(|l| &l.id));
        let dataset = id.map(|id| match id {
            DataId::Builtin(id) => SavedData::Builtin(id.clone()),
            DataId::Upload(name) => SavedData::Upload(name.clone()),
        });
        let r = run;
        let charts = (!r.epochs.is_empty() || r.test.is_some()).then(|| Charts {
            epochs: r.epochs.clone(),
            batch_loss: r.batch_loss.points().to_vec(),
            test: r.test,
            runs: r.runs,
        });
        SessionRecord {
            version: SESSION_VERSION,
            dataset,
            prep: data.prep,
            split: data.split,
            spec: builder.spec.clone(),
            config: settings.clone(),
            charts,
        }
    }

    /// The record as JSON (what IndexedDB stores).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored record; `None` for another version or anything unreadable (a fresh session).
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str::<SessionRecord>(text).ok().filter(|r| r.version == SESSION_VERSION)
    }
}

/// The page's message when the stored session could not take `what` (`bytes` long): what was
/// being saved, how big, why, and what was kept instead.
pub fn quota_message(what: Msg, bytes: usize, error: &str, kept: Msg) -> Msg {
    let why = if error.contains("QuotaExceeded") || error.to_lowercase().contains("quota") {
        Msg::new("deploy-quota-full")
    } else {
        Msg::new("deploy-quota-refused").arg("error", error)
    };
    Msg::new("deploy-quota").arg("what", what).arg("size", size(bytes)).arg("why", why).arg("kept", kept)
}

/// `bytes` for the person: bytes, KB or MB.
pub fn size(bytes: usize) -> Msg {
    match bytes {
        0..1024 => Msg::new("deploy-size-bytes").arg("bytes", bytes.to_string()),
        1024..1_048_576 => Msg::new("deploy-size-kb").arg("kb", bytes.div_ceil(1024).to_string()),
        _ => Msg::verbatim(kiln_core::format::megabytes(bytes as f64)),
    }
}

impl State {
    /// Puts back a stored session (before its data set and model have loaded): settings, spec and
    /// charts. The model itself comes back when the worker has opened the kept `.kiln` bytes.
    pub(super) fn restore(&mut self, record: SessionRecord) {
        self.data.update(|d| {
            d.prep = record.prep;
            d.split = record.split;
        });
        self.settings.update(|c| *c = record.config);
        self.builder.update(|b| *b = Builder::new(record.spec));
        if let Some(charts) = record.charts {
            self.run.update(|r| {
                let mut series = Series::new(BATCH_POINTS);
                for (x, y) in charts.batch_loss {
                    series.push(x, y);
                }
                r.batch_loss = series;
                r.epochs = charts.epochs;
                r.test = charts.test;
                r.runs = charts.runs;
                r.phase = Phase::Finished;
                r.status = Msg::new("deploy-status-restored");
            });
        }
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
