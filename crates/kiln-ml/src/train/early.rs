//! Early stopping inside [`Trainer::fit`]: feeds each epoch's validation metric to
//! [`EarlyStopper`] (the pure rule, in kiln-core) and keeps the best epoch's weights.

use kiln_core::{Decision, EarlyStopper, Monitor};
use kiln_protocol::{EpochMetrics, Event, Msg};

use super::{Host, Trainer};
use crate::model::Params;
use crate::weights::deep_copy;

/// Early stopping through one run.
pub(super) struct EarlyState {
    stopper: EarlyStopper,
    /// An independent copy of the weights of the best epoch (when restoring is on).
    best: Option<Params>,
}

impl Trainer {
    /// Records epoch `m` with early stopping (when configured); true when the run should stop.
    pub(super) fn early_stop_after(&mut self, m: &EpochMetrics, host: &mut impl Host) -> bool {
        let Some(config) = self.config.early_stopping else { return false };
        if self.validation.is_none() {
            if m.epoch == 1 {
                host.emit(Event::Status(Msg::new("train-status-early-no-validation")));
            }
            return false;
        }
        let state = self.early.get_or_insert_with(|| EarlyState { stopper: EarlyStopper::new(config), best: None });
        let value = match config.monitor {
            Monitor::ValLoss => m.val_loss,
            Monitor::ValAccuracy => m.val_accuracy,
        };
        match state.stopper.observe(m.epoch, value) {
            Decision::Improved => {
                if config.restore_best_weights {
                    state.best = Some(deep_copy(&self.net.params));
                }
                false
            }
            Decision::Continue => false,
            Decision::Stop { best_epoch } => {
                let best = match (best_epoch, state.stopper.best()) {
                    (Some(e), Some((_, v))) => Msg::new("train-status-early-best")
                        .arg("monitor", config.monitor.name())
                        .arg("value", format!("{v:.4}"))
                        .arg("epoch", e),
                    _ => Msg::new("train-status-early-no-finite").arg("monitor", config.monitor.name()),
                };
                host.emit(Event::Status(
                    Msg::new("train-status-early-stop")
                        .arg("epoch", m.epoch)
                        .arg("monitor", config.monitor.name())
                        .arg("wait", state.stopper.wait())
                        .arg("best", best),
                ));
                true
            }
        }
    }

    /// Ends early stopping for this run: puts back the best weights when asked and they are not
    /// the current ones. Returns the epoch whose weights the network now has (`None` without
    /// early stopping).
    pub(super) fn finish_early_stopping(&mut self, host: &mut impl Host) -> Option<usize> {
        let state = self.early.take()?;
        let config = *state.stopper.config();
        let (best_epoch, value) = state.stopper.best()?;
        if !config.restore_best_weights || best_epoch == self.epochs_done {
            return Some(self.epochs_done);
        }
        let best = state.best?;
        self.net.params = best;
        // The divergence guard's snapshots were taken after the best epoch.
        self.last_good = None;
        self.candidate = None;
        host.emit(Event::Status(
            Msg::new("train-status-early-restored")
                .arg("epoch", best_epoch)
                .arg("monitor", config.monitor.name())
                .arg("value", format!("{value:.4}")),
        ));
        Some(best_epoch)
    }
}
