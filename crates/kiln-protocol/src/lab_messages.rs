//! The lab's messages between the page and the worker: [`LabCommand`] (inside
//! [`crate::Command::Lab`]) starts a compression, a federated run or a search, and its progress
//! comes back as [`LabEvent`]s (inside [`crate::Event::Lab`]) stamped with the job's run id like
//! every other event. A lab job holds the worker's job slot, reads its controls before every
//! batch, and ends at a `Stop` naming its run.

use kiln_core::{ModelSpec, TrainConfig};
use serde::{Deserialize, Serialize};

use crate::lab::{
    CompressReport, CompressRequest, FederatedRequest, FederatedSetup, RoundReport, SearchRequest, TrialReport,
};
use crate::{RunId, TestMetrics, TrainRequest};

/// A lab job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LabCommand {
    /// Compress the model trained by run `model` (the worker holds the last trained model; it
    /// answers with an error when that is another run's). Answers [`LabEvent::Compressed`].
    Compress {
        /// The run whose trained model to compress.
        model: RunId,
        /// Format, sparsity, fine-tuning, histogram bins.
        request: CompressRequest,
    },
    /// Make the compression of run `compression` (a [`LabCommand::Compress`] job) the current
    /// trained model, for "Try it", evaluation and export. Answers [`LabEvent::Kept`].
    Keep {
        /// The compression job's run.
        compression: RunId,
    },
    /// Train `train`'s model federated over simulated clients of its data set (prepared with its
    /// split and seed). Answers [`LabEvent::FederatedSetup`], one [`LabEvent::Round`] per round,
    /// then [`LabEvent::Done`].
    Federated {
        /// Data set, preparation, model and settings, as a guided run would take them.
        train: Box<TrainRequest>,
        /// Clients, partition, C, E, B, R, μ.
        request: FederatedRequest,
    },
    /// Search the settings of `train`'s model on its validation split. Answers
    /// [`LabEvent::SearchPlanned`], one [`LabEvent::Trial`] per finished trial, then
    /// [`LabEvent::SearchBest`] and [`LabEvent::Done`].
    Search {
        /// Data set, preparation, model and settings the search starts from.
        train: Box<TrainRequest>,
        /// Space, strategy, budget.
        request: SearchRequest,
    },
}

/// Progress and results of a lab job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LabEvent {
    /// The before/after table of a compression.
    Compressed(Box<CompressReport>),
    /// The compressed model is now the current model; its test metrics (dequantised weights).
    Kept {
        /// Metrics of the kept model on the test split.
        test: TestMetrics,
    },
    /// How the training split was dealt to the clients (before the first round).
    FederatedSetup(FederatedSetup),
    /// One finished communication round.
    Round(RoundReport),
    /// The search's plan: configurations to try and training runs in all (with successive
    /// halving a configuration runs once per rung it reaches).
    SearchPlanned {
        /// Configurations drawn.
        trials: usize,
        /// Most epochs a trial trains.
        max_epochs: usize,
    },
    /// One finished training run of a search.
    Trial(TrialReport),
    /// The best settings found, as a spec and settings for the builder (`None` when no trial
    /// trained).
    SearchBest {
        /// Index of the best configuration.
        trial: Option<usize>,
        /// The model and settings of the best configuration.
        best: Option<Box<(ModelSpec, TrainConfig)>>,
    },
    /// The job ended: all of it ran, or it was stopped.
    Done {
        /// True when a Stop ended it early.
        stopped: bool,
    },
}
