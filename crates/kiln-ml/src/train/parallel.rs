//! Two ways a [`Trainer`] starts other than from fresh weights on one device: from a saved
//! network's weights ([`Trainer::with_weights`], "continue training") and data-parallel over
//! several devices of one machine ([`Trainer::with_devices`]).
//!
//! **Data parallelism** uses burn's own gradient transfer and accumulation
//! (`GradientsParams::to_device` and `GradientsAccumulator`, what burn-train's `MultiDevice`
//! strategy does with its optimizer on the main device): each step's batch is cut into one
//! contiguous shard per device; every device runs forward and backward on its shard with a copy
//! of the weights (`Module::fork`); each gradient, weighted by its shard's share of the batch,
//! is moved to the main device and summed there; the optimizer steps once, on the main device.
//! The weighted sum is the gradient of the whole batch's mean loss, so N devices train the same
//! run as one within float rounding (tested with two CPU devices). burn-train's strategy sums
//! unweighted gradients of N full batches instead; weighting keeps the learning rate's meaning.
//!
//! kiln-ml never spawns threads, so the shards are issued one after another from one thread. On
//! GPU backends (wgpu, CUDA) burn queues kernels asynchronously, so the devices compute at the
//! same time and only the gradient transfers wait; on burn's CPU backend (one device, run
//! synchronously) several "devices" are the same computation in pieces: a check of the path,
//! not a speed-up. BatchNorm uses each shard's own batch statistics (the running statistics
//! follow the main device's shard), as PyTorch's DataParallel without SyncBatchNorm; Dropout
//! draws its own masks on each device.

use burn::module::Module;
use burn::optim::{GradientsAccumulator, GradientsParams};
use burn::store::{ModuleSnapshot, SafetensorsStore};
use burn::tensor::{Device, Int, Tensor};

use super::{Trainer, add, optimizer};
use crate::MlError;
use crate::data::DeviceSplit;
use crate::model::{Network, Params};

/// One extra device of a data-parallel run: its autodiff device and its copy of the training
/// split (uploaded once, so batches are gathered there).
pub struct Replica {
    device: Device,
    train: DeviceSplit,
}

impl Trainer {
    /// Starts from `net`'s weights instead of fresh ones (continue training a loaded model:
    /// `net` from [`crate::Model::network`] or another trainer); the optimizer starts afresh.
    /// The weights are copied through burn-store's safetensors form, so `net` may live on any
    /// device.
    ///
    /// # Errors
    /// [`MlError::Invalid`] when `net`'s parameters do not fit this trainer's spec (names or
    /// shapes differ).
    pub fn with_weights(mut self, net: &Network) -> Result<Self, MlError> {
        let bad = |e: String| MlError::Invalid(format!("the weights do not fit this model: {e}"));
        let mut out = SafetensorsStore::from_bytes(None);
        net.params.save_into(&mut out).map_err(|e| bad(e.to_string()))?;
        let bytes = out.get_bytes().map_err(|e| bad(e.to_string()))?;
        let mut store = SafetensorsStore::from_bytes(Some(bytes)).validate(true).allow_partial(false);
        let applied = self.net.params.load_from(&mut store).map_err(|e| bad(e.to_string()))?;
        if !applied.unused.is_empty() {
            return Err(bad(format!("unused weights {}", applied.unused.join(", "))));
        }
        self.optim = optimizer(&self.config);
        self.last_good = None;
        self.candidate = None;
        Ok(self)
    }

    /// Trains data-parallel: `extra` are devices besides the one given to
    /// [`Trainer::from_splits`] (the main device, which keeps the optimizer, the validation and
    /// test splits and the weights). Each gets a copy of the training split.
    ///
    /// # Errors
    /// [`MlError::Invalid`] when a batch would leave a device without rows (more devices than
    /// examples per batch).
    pub fn with_devices(mut self, extra: &[Device]) -> Result<Self, MlError> {
        if extra.len() + 1 > self.config.batch_size {
            return Err(MlError::Invalid(format!(
                "{} devices need a batch size of at least {} (one example each)",
                extra.len() + 1,
                extra.len() + 1
            )));
        }
        self.replicas = extra
            .iter()
            .map(|d| {
                let device = d.clone().autodiff();
                Replica { train: self.train.to_device(&device), device }
            })
            .collect();
        Ok(self)
    }

    /// Number of devices a step runs on (1 unless [`Trainer::with_devices`]).
    pub fn devices(&self) -> usize {
        1 + self.replicas.len()
    }

    /// [`Trainer::step`] over every device: returns the batch's summed loss `[1]` and correct
    /// count `[1]` on the main device, nothing read back.
    pub(super) fn step_parallel(
        &mut self,
        order: &Tensor<1, Int>,
        batch: usize,
    ) -> Result<(Tensor<1>, Option<Tensor<1, Int>>), MlError> {
        let start = batch * self.config.batch_size;
        let n = (start + self.config.batch_size).min(self.train.len) - start;
        let devices = self.devices();
        let mut accumulator = GradientsAccumulator::<Params>::new();
        let mut loss_sum: Option<Tensor<1>> = None;
        let mut correct_sum: Option<Tensor<1, Int>> = None;
        for k in 0..devices {
            let (from, to) = (start + n * k / devices, start + n * (k + 1) / devices);
            if from == to {
                continue;
            }
            let rows = order.clone().narrow(0, from, to - from);
            let (net, x, targets) = match k.checked_sub(1).and_then(|r| self.replicas.get(r)) {
                None => {
                    let (x, t) = self.train.gather(rows);
                    (self.net.with_params(self.net.params.clone()), x, t)
                }
                Some(r) => {
                    let (x, t) = r.train.gather(rows.to_device(&r.device));
                    (self.net.with_params(self.net.params.clone().fork(&r.device)), x, t)
                }
            };
            let (loss, correct) = self.objective.loss_and_correct(net.forward(x), targets)?;
            let share = (to - from) as f64 / n as f64;
            let mut total = loss.clone() * share;
            if k == 0
                && let Some(penalty) = self.net.weight_penalty(self.config.l1, self.config.l2)
            {
                total = total + penalty;
            }
            let grads = GradientsParams::from_grads(total.backward(), &net.params).to_device(&self.plain, &net.params);
            accumulator.accumulate(&self.net.params, grads);
            loss_sum = Some(add(loss_sum, (loss.detach() * (to - from) as f64).to_device(&self.autodiff)));
            if let Some(c) = correct {
                let c = c.to_device(&self.autodiff);
                correct_sum = Some(match correct_sum {
                    Some(acc) => acc + c,
                    None => c,
                });
            }
        }
        let grads = accumulator.grads();
        let params = std::mem::take(&mut self.net.params);
        let lr = self.current_learning_rate();
        self.net.params = self.optim.step(lr, params, grads);
        self.steps_done += 1;
        let loss = loss_sum.ok_or_else(|| MlError::Data("an empty batch".into()))?;
        Ok((loss, correct_sum))
    }
}
