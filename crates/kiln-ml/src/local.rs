//! The lab's own small training loops: one optimizer step on chosen rows of a split (the same
//! arithmetic as [`crate::Trainer::step`]), with an optional extra loss term (FedProx) and an
//! optional mask that keeps pruned weights at zero. Used by federated clients and by fine-tuning
//! after pruning; the host's controls are read before every batch.

use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_core::TrainConfig;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::data::{DeviceInputs, DeviceSplit};
use crate::loss::Objective;
use crate::model::Network;
use crate::train::{Control, Host};
use crate::weights::{flat_tensors, replace_tensors, tracked_tensors};

/// Mixes seeds and counters into one 64-bit seed (SplitMix64's finaliser over each word), so
/// `(seed, round, client, epoch)` tuples give unrelated ChaCha8 streams.
pub fn mix_seed(words: &[u64]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for &w in words {
        let mut z = h ^ w.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        h = z ^ (z >> 31);
    }
    h
}

/// `rows` shuffled by a ChaCha8 generator seeded with `seed`.
pub fn shuffled(rows: &[u32], seed: u64) -> Vec<u32> {
    let mut order = rows.to_vec();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    order
}

/// FedProx's proximal term `μ/2 · Σ ‖w − w_global‖²` over trainable tensors; `global` holds the
/// global model's tensors in [`flat_tensors`] order, without autodiff (constants in the loss).
pub struct Proximal {
    /// The factor μ.
    pub mu: f64,
    /// The global model's tensors, `[n]` each, with `true` for the trainable ones.
    pub global: Vec<(Tensor<1>, bool)>,
}

/// One optimizer step of `net` on rows `indices` (`[batch]` Int on the split's device) of
/// `split`: the data loss plus the run's L1/L2 penalty plus `proximal`, at the learning rate
/// `lr`. Returns the batch's summed data loss `[1]` and correct count `[1]` (`None` for
/// regression), not read back.
///
/// # Errors
/// [`MlError::Invalid`] when the targets do not suit the loss.
#[allow(clippy::too_many_arguments)]
pub fn step(
    net: &mut Network,
    optim: &mut ModuleOptimizer,
    objective: &Objective,
    split: &DeviceSplit,
    indices: Tensor<1, Int>,
    lr: f64,
    config: &TrainConfig,
    proximal: Option<&Proximal>,
) -> Result<(Tensor<1>, Option<Tensor<1, Int>>), MlError> {
    let n = indices.dims()[0] as f64;
    let (x, targets) = split.gather(indices);
    let out = net.forward(x);
    let (loss, correct) = objective.loss_and_correct(out, targets)?;
    let mut total = match net.weight_penalty(config.l1, config.l2) {
        Some(penalty) => loss.clone() + penalty,
        None => loss.clone(),
    };
    if let Some(p) = proximal.filter(|p| p.mu > 0.0) {
        let mut sq: Option<Tensor<1>> = None;
        for (w, (g, trainable)) in tracked_tensors(&net.params).into_iter().zip(&p.global) {
            if *trainable {
                let d = (w - g.clone()).powi_scalar(2).sum();
                sq = Some(match sq {
                    Some(s) => s + d,
                    None => d,
                });
            }
        }
        if let Some(sq) = sq {
            total = total + sq * (p.mu / 2.0);
        }
    }
    let grads = GradientsParams::from_grads(total.backward(), &net.params);
    let params = std::mem::take(&mut net.params);
    net.params = optim.step(lr, params, grads);
    Ok((loss.detach() * n, correct))
}

/// The device a split lives on.
pub fn split_device(split: &DeviceSplit) -> Device {
    match &split.inputs {
        DeviceInputs::Tokens(t) => t.device(),
        DeviceInputs::Features(t) => t.device(),
        DeviceInputs::Images(t) => t.device(),
    }
}

/// Multiplies every tensor by its mask (`None` leaves it), keeping pruned weights at exactly 0.
///
/// # Errors
/// [`MlError::Invalid`] when the masks do not match the network.
pub fn apply_masks(net: &mut Network, masks: &[Option<Tensor<1>>]) -> Result<(), MlError> {
    let current: Vec<Tensor<1>> = flat_tensors(&net.params)
        .into_iter()
        .zip(masks)
        .map(|((_, t), m)| match m {
            Some(m) => t * m.clone(),
            None => t,
        })
        .collect();
    let params = std::mem::take(&mut net.params);
    net.params = replace_tensors(params, &current)?;
    Ok(())
}

/// Loss and correct count summed over an epoch's batches, on the device.
#[derive(Default)]
pub struct Sums {
    /// Summed data loss `[1]`.
    pub loss: Option<Tensor<1>>,
    /// Correct predictions `[1]` (classifiers).
    pub correct: Option<Tensor<1, Int>>,
    /// Examples seen.
    pub examples: usize,
}

impl Sums {
    /// Adds one batch's results.
    pub fn add(&mut self, loss: Tensor<1>, correct: Option<Tensor<1, Int>>, n: usize) {
        self.loss = Some(match self.loss.take() {
            Some(l) => l + loss,
            None => loss,
        });
        if let Some(c) = correct {
            self.correct = Some(match self.correct.take() {
                Some(a) => a + c,
                None => c,
            });
        }
        self.examples += n;
    }
}

/// One epoch of `net` over `order` (row indices into `split`) in batches of `batch`, with the
/// host's controls before every batch. `after_step` runs after each optimizer step (e.g.
/// [`apply_masks`]). Returns the epoch's sums, or `None` when the host said Stop.
///
/// # Errors
/// As [`step`], and whatever `after_step` returns.
#[allow(clippy::too_many_arguments)]
pub async fn epoch(
    net: &mut Network,
    optim: &mut ModuleOptimizer,
    objective: &Objective,
    split: &DeviceSplit,
    order: &[u32],
    batch: usize,
    config: &TrainConfig,
    proximal: Option<&Proximal>,
    host: &mut impl Host,
    mut after_step: impl FnMut(&mut Network) -> Result<(), MlError>,
) -> Result<Option<Sums>, MlError> {
    let device = split_device(split);
    let lr = config.optimizer.learning_rate();
    let mut sums = Sums::default();
    let batch = batch.max(1);
    let mut start = 0;
    while start < order.len() {
        match host.control() {
            Control::Stop => return Ok(None),
            Control::Pause => {
                host.idle().await;
                continue;
            }
            Control::Run | Control::Step => {}
        }
        let end = (start + batch).min(order.len());
        let rows: Vec<i32> = order[start..end].iter().map(|&r| r as i32).collect();
        let indices = Tensor::<1, Int>::from_data(TensorData::new(rows, [end - start]), &device);
        let (loss, correct) = step(net, optim, objective, split, indices, lr, config, proximal)?;
        after_step(net)?;
        sums.add(loss, correct, end - start);
        start = end;
        host.yield_now().await;
    }
    Ok(Some(sums))
}
