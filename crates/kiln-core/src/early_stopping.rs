//! Early stopping: end a run when the monitored validation metric has stopped improving, and
//! optionally put back the weights of its best epoch.
//!
//! The rule is Keras' `keras.callbacks.EarlyStopping` (Keras 3): after every epoch the monitored
//! value is compared with the best so far; it *improves* when it beats the best by more than
//! `min_delta` (lower for a loss, higher for an accuracy). A counter of epochs without improvement
//! is reset by an improvement, and the run stops once it reaches `patience`. A NaN value never
//! improves. The decision is a pure function of the values seen ([`EarlyStopper::observe`]), so it
//! is tested on scripted curves; `kiln_ml::Trainer::fit` feeds it each epoch's validation metric.

use serde::{Deserialize, Serialize};

/// Which validation metric early stopping watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    /// Validation loss (Keras `val_loss`); lower is better.
    #[default]
    ValLoss,
    /// Validation accuracy (Keras `val_accuracy`), a fraction in [0, 1]; higher is better.
    ValAccuracy,
}

impl Monitor {
    /// True when `value` beats `best` by more than `min_delta` in this metric's direction.
    pub fn improves(self, value: f64, best: f64, min_delta: f64) -> bool {
        match self {
            Monitor::ValLoss => value < best - min_delta,
            Monitor::ValAccuracy => value > best + min_delta,
        }
    }

    /// The metric's name as Keras logs it (`val_loss`, `val_accuracy`).
    pub fn name(self) -> &'static str {
        match self {
            Monitor::ValLoss => "val_loss",
            Monitor::ValAccuracy => "val_accuracy",
        }
    }
}

/// Early-stopping settings of a run (a field of `TrainConfig`; `None` there = off).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EarlyStopping {
    /// Epochs without improvement after which training stops (Keras `patience`; 0 stops at the
    /// first epoch that does not improve).
    pub patience: usize,
    /// The smallest change that counts as an improvement, in the metric's units (Keras
    /// `min_delta`, ≥ 0).
    #[serde(default)]
    pub min_delta: f64,
    /// The metric watched (validation loss by default).
    #[serde(default)]
    pub monitor: Monitor,
    /// When stopping (or at the end of the run), put back the weights of the best epoch (Keras
    /// `restore_best_weights`).
    #[serde(default = "yes")]
    pub restore_best_weights: bool,
}

fn yes() -> bool {
    true
}

impl Default for EarlyStopping {
    /// Patience 3 on the validation loss, best weights restored.
    fn default() -> Self {
        EarlyStopping { patience: 3, min_delta: 0.0, monitor: Monitor::ValLoss, restore_best_weights: true }
    }
}

impl EarlyStopping {
    /// Checks the settings a user can type.
    ///
    /// # Errors
    /// A message naming the bad setting and its allowed range.
    pub fn validate(&self) -> Result<(), String> {
        if self.patience > 1000 {
            return Err(format!("early-stopping patience must be between 0 and 1000 epochs, got {}", self.patience));
        }
        if !(self.min_delta.is_finite() && self.min_delta >= 0.0) {
            return Err(format!("early-stopping min_delta must be a number ≥ 0, got {}", self.min_delta));
        }
        Ok(())
    }
}

/// What to do after an epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// The value is the best so far: keep training (and keep these weights as the best).
    Improved,
    /// No improvement, patience not used up: keep training.
    Continue,
    /// Patience used up: stop now.
    Stop {
        /// 1-based epoch of the best value (`None` when no epoch gave a comparable value, e.g.
        /// every value was NaN).
        best_epoch: Option<usize>,
    },
}

/// The state of early stopping through one run: feed it each epoch's monitored value.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlyStopper {
    config: EarlyStopping,
    best: Option<(usize, f64)>,
    wait: usize,
}

impl EarlyStopper {
    /// A fresh stopper (no epoch seen).
    pub fn new(config: EarlyStopping) -> Self {
        EarlyStopper { config, best: None, wait: 0 }
    }

    /// The settings.
    pub fn config(&self) -> &EarlyStopping {
        &self.config
    }

    /// The best `(1-based epoch, value)` so far.
    pub fn best(&self) -> Option<(usize, f64)> {
        self.best
    }

    /// Epochs since the last improvement.
    pub fn wait(&self) -> usize {
        self.wait
    }

    /// Records the monitored `value` of 1-based `epoch` and says whether to go on. The first
    /// finite value always improves; NaN never does.
    pub fn observe(&mut self, epoch: usize, value: f64) -> Decision {
        let improved = match self.best {
            None => value.is_finite(),
            Some((_, best)) => self.config.monitor.improves(value, best, self.config.min_delta),
        };
        if improved {
            self.best = Some((epoch, value));
            self.wait = 0;
            return Decision::Improved;
        }
        self.wait += 1;
        if self.wait >= self.config.patience {
            Decision::Stop { best_epoch: self.best.map(|(e, _)| e) }
        } else {
            Decision::Continue
        }
    }
}

/// Where a scripted curve stops: runs [`EarlyStopper`] over `values` (value `i` is epoch `i + 1`)
/// and returns `(epoch it stopped after, best epoch)`, or `None` when it would run them all.
pub fn stop_point(config: EarlyStopping, values: &[f64]) -> Option<(usize, Option<usize>)> {
    let mut s = EarlyStopper::new(config);
    values.iter().enumerate().find_map(|(i, &v)| match s.observe(i + 1, v) {
        Decision::Stop { best_epoch } => Some((i + 1, best_epoch)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patience(p: usize) -> EarlyStopping {
        EarlyStopping { patience: p, ..EarlyStopping::default() }
    }

    #[test]
    fn stops_after_patience_epochs_without_improvement() {
        // Best at epoch 3; epochs 4 and 5 do not improve; patience 2 stops after epoch 5.
        let curve = [1.0, 0.8, 0.7, 0.72, 0.71, 0.75, 0.5];
        assert_eq!(stop_point(patience(2), &curve), Some((5, Some(3))));
        // Patience 3: epoch 6 is the third without improvement.
        assert_eq!(stop_point(patience(3), &curve), Some((6, Some(3))));
        // Patience 4 reaches epoch 7, which improves: the curve runs out first.
        assert_eq!(stop_point(patience(4), &curve), None);
        // Patience 0 (Keras): stop at the first epoch that does not improve.
        assert_eq!(stop_point(patience(0), &curve), Some((4, Some(3))));
    }

    #[test]
    fn min_delta_and_nan_do_not_count_as_improvement() {
        let config = EarlyStopping { patience: 2, min_delta: 0.05, ..EarlyStopping::default() };
        // 0.97 and 0.96 beat 1.0 by less than 0.05.
        assert_eq!(stop_point(config, &[1.0, 0.97, 0.96, 0.5]), Some((3, Some(1))));
        assert_eq!(stop_point(patience(2), &[f64::NAN, f64::NAN]), Some((2, None)));
        assert_eq!(stop_point(patience(2), &[0.9, f64::NAN, f64::NAN]), Some((3, Some(1))));
        // A NaN first epoch, then finite values: the first finite one is the best.
        assert_eq!(stop_point(patience(2), &[f64::NAN, 0.9, 1.0, 1.1]), Some((4, Some(2))));
    }

    #[test]
    fn accuracy_is_watched_upwards() {
        let config = EarlyStopping { patience: 2, monitor: Monitor::ValAccuracy, ..EarlyStopping::default() };
        assert_eq!(stop_point(config, &[0.5, 0.6, 0.7, 0.65, 0.69, 0.9]), Some((5, Some(3))));
    }

    #[test]
    fn settings_validate_and_load_with_defaults() {
        assert!(EarlyStopping::default().validate().is_ok());
        let bad = EarlyStopping { min_delta: -1.0, ..EarlyStopping::default() };
        assert!(bad.validate().unwrap_err().contains("min_delta"));
        let loaded: EarlyStopping = serde_json::from_str(r#"{"patience":5}"#).expect("loads");
        assert_eq!(loaded, EarlyStopping { patience: 5, ..EarlyStopping::default() });
    }
}
