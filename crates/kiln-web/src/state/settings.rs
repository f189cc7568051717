//! The settings slice: the training settings the person edits in step 3 ([`TrainConfig`]); a
//! run takes a copy when it starts, and the live ones (learning rate, regularisation) are sent to
//! a paused run on Resume or Step.

use kiln_core::{EarlyStopping, Engine, LrSchedule, OptimizerKind, TrainConfig};

/// A change to the training settings (values already checked against [`kiln_core::limits`]).
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsAction {
    /// Epochs typed.
    SetEpochs(usize),
    /// Batch size typed.
    SetBatchSize(usize),
    /// Learning rate typed.
    SetLearningRate(f64),
    /// Optimizer chosen (the learning rate is kept).
    SetOptimizer(OptimizerKind),
    /// Learning-rate schedule chosen.
    SetSchedule(LrSchedule),
    /// L1 factor typed.
    SetL1(f64),
    /// L2 factor typed.
    SetL2(f64),
    /// Weight decay typed.
    SetWeightDecay(f64),
    /// Gradient clipping norm typed (`None` = off).
    SetClip(Option<f64>),
    /// Seed typed.
    SetSeed(u64),
    /// Engine chosen.
    SetEngine(Engine),
    /// Early stopping set (`None` = off).
    SetEarlyStopping(Option<EarlyStopping>),
}

/// Applies a change.
pub fn apply(c: &mut TrainConfig, action: SettingsAction) {
    match action {
        SettingsAction::SetEpochs(n) => c.epochs = n,
        SettingsAction::SetBatchSize(n) => c.batch_size = n,
        SettingsAction::SetLearningRate(lr) => c.optimizer = c.optimizer.with_learning_rate(lr),
        SettingsAction::SetOptimizer(kind) => c.optimizer = kind.spec(c.optimizer.learning_rate()),
        SettingsAction::SetSchedule(s) => c.schedule = s,
        SettingsAction::SetL1(x) => c.l1 = x,
        SettingsAction::SetL2(x) => c.l2 = x,
        SettingsAction::SetWeightDecay(x) => c.weight_decay = x,
        SettingsAction::SetClip(x) => c.gradient_clip = x,
        SettingsAction::SetSeed(s) => c.seed = s,
        SettingsAction::SetEngine(e) => c.engine = e,
        SettingsAction::SetEarlyStopping(e) => c.early_stopping = e,
    }
}
