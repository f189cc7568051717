//! The training loop: burn's custom-training-loop pattern (forward, `backward`,
//! `GradientsParams::from_grads`, `optim.step`), generalised to any [`ModelSpec`] and driven one
//! batch at a time so the caller can stop between batches.
//!
//! GPU-friendly by design: the splits live on the device, batches are gathered there, and the
//! running loss / correct counts are accumulated as device tensors and read back asynchronously
//! only every few batches (`report_every`) and at the end of each epoch.

use std::future::Future;

use burn::nn::loss::{BinaryCrossEntropyLoss, BinaryCrossEntropyLossConfig};
use burn::optim::ModuleOptimizer;
use burn::optim::{AdamConfig, GradientsParams, SgdConfig};
use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_core::protocol::{EpochMetrics, Event, TestMetrics};
use kiln_core::{ModelSpec, OptimizerSpec, TrainConfig};
use kiln_data::{Encoded, PreparedText};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::data::DeviceSplit;
use crate::eval::{Evaluator, binary_logits, read_scalar_f, read_scalar_i};
use crate::model::Network;

/// What the training loop needs from whoever runs it (the Web Worker, the CLI, a test).
pub trait Host {
    /// Milliseconds since an arbitrary origin (`performance.now()` in a worker).
    fn now_ms(&self) -> f64;
    /// Receives every progress event.
    fn emit(&mut self, event: Event);
    /// True once the user asked to stop; checked before every batch.
    fn stop_requested(&self) -> bool;
    /// Gives the host's event loop a turn between batches, so a Stop message can arrive.
    fn yield_now(&mut self) -> impl Future<Output = ()>;
}

/// How a call to [`Trainer::fit`] ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOutcome {
    /// Metrics of the final model on the test split (NaN fields when it is empty).
    pub test: TestMetrics,
    /// True when the host asked to stop before the last epoch ended.
    pub stopped: bool,
    /// Epochs completed.
    pub epochs: usize,
}

/// A model, its optimizer and its data on one device, trained batch by batch.
pub struct Trainer {
    net: Network,
    optim: ModuleOptimizer,
    learning_rate: f64,
    bce: BinaryCrossEntropyLoss,
    train: DeviceSplit,
    validation: Option<DeviceSplit>,
    test: Option<DeviceSplit>,
    plain: Device,
    autodiff: Device,
    config: TrainConfig,
    epochs_done: usize,
    /// Batches between two loss read-backs (and `Event::Batch` events).
    pub report_every: usize,
}

impl Trainer {
    /// Builds the network (weights seeded from `config.seed`), the optimizer, and uploads the
    /// prepared splits to `device` (a plain device; autodiff is added here).
    ///
    /// # Errors
    /// [`MlError::Invalid`] for an invalid spec or config, or a spec that does not fit the data.
    pub fn new(spec: &ModelSpec, config: &TrainConfig, data: &PreparedText, device: &Device) -> Result<Self, MlError> {
        if let kiln_core::InputSpec::Tokens { vocab_size, seq_len } = spec.input
            && (vocab_size < data.vocab.capacity() || seq_len != data.prep.seq_len)
        {
            return Err(MlError::Invalid(format!(
                "the model's input ({seq_len} tokens, {vocab_size} ids) does not match the prepared data ({} tokens, {} ids)",
                data.prep.seq_len,
                data.vocab.capacity()
            )));
        }
        Self::from_splits(spec, config, &data.train, &data.validation, &data.test, device)
    }

    /// Like [`Trainer::new`] from already encoded splits (used by benchmarks on random data).
    ///
    /// # Errors
    /// [`MlError::Invalid`] for an invalid spec or config; [`MlError::Data`] for an empty
    /// training split.
    pub fn from_splits(
        spec: &ModelSpec,
        config: &TrainConfig,
        train: &Encoded,
        validation: &Encoded,
        test: &Encoded,
        device: &Device,
    ) -> Result<Self, MlError> {
        config.validate().map_err(MlError::Invalid)?;
        let plain = device.clone();
        let autodiff = device.clone().autodiff();
        autodiff.seed(config.seed);
        let net = Network::new(spec, &autodiff)?;
        let train =
            DeviceSplit::upload(train, &autodiff).ok_or_else(|| MlError::Data("the training split is empty".into()))?;
        let optim = match config.optimizer {
            OptimizerSpec::Adam { .. } => AdamConfig::new().with_epsilon(1e-7).init(),
            OptimizerSpec::Sgd { .. } => SgdConfig::new().init(),
        };
        let batches = train.len.div_ceil(config.batch_size);
        Ok(Trainer {
            net,
            optim,
            learning_rate: config.optimizer.learning_rate(),
            bce: BinaryCrossEntropyLossConfig::new().with_logits(true).init(&autodiff),
            train,
            validation: DeviceSplit::upload(validation, &plain),
            test: DeviceSplit::upload(test, &plain),
            plain,
            autodiff,
            config: config.clone(),
            epochs_done: 0,
            report_every: batches.div_ceil(10).max(1),
        })
    }

    /// Batches per epoch (the last one may be smaller).
    pub fn batches_per_epoch(&self) -> usize {
        self.train.len.div_ceil(self.config.batch_size)
    }

    /// Training examples.
    pub fn train_len(&self) -> usize {
        self.train.len
    }

    /// Epochs completed so far.
    pub fn epochs_done(&self) -> usize {
        self.epochs_done
    }

    /// The network as trained so far.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// An inference snapshot of the current weights (for prediction and evaluation).
    pub fn evaluator(&self) -> Evaluator {
        Evaluator::new(&self.net, &self.plain)
    }

    /// The shuffled order of training rows for `epoch` (1-based), seeded by the config's seed:
    /// a `[n]` Int tensor on the training device.
    pub fn permutation(&self, epoch: usize) -> Tensor<1, Int> {
        let mut order: Vec<i32> = (0..self.train.len as i32).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(self.config.seed ^ (epoch as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        order.shuffle(&mut rng);
        Tensor::from_data(TensorData::new(order, [self.train.len]), &self.autodiff)
    }

    /// One optimizer step on batch `batch` (0-based) of the epoch's `order`. Nothing is read
    /// back: returns the batch's summed loss `[1]` and correct count `[1]` as device tensors.
    pub fn step(&mut self, order: &Tensor<1, Int>, batch: usize) -> (Tensor<1>, Tensor<1, Int>) {
        let start = batch * self.config.batch_size;
        let end = (start + self.config.batch_size).min(self.train.len);
        let (ids, labels) = self.train.gather(order.clone().narrow(0, start, end - start));
        let logits = binary_logits(&self.net, ids);
        let loss = self.bce.forward(logits.clone(), labels.clone());
        let grads = GradientsParams::from_grads(loss.backward(), &self.net.params);
        let params = std::mem::take(&mut self.net.params);
        self.net.params = self.optim.step(self.learning_rate, params, grads);
        let n = (end - start) as f64;
        let correct = logits.detach().greater_elem(0.0).int().equal(labels).int().sum();
        (loss.detach() * n, correct)
    }

    /// Trains the remaining epochs, emitting `Batch`, `Epoch` and `Finished` events through
    /// `host`, checking for Stop before every batch.
    ///
    /// # Errors
    /// [`MlError::NonFinite`] as soon as a read-back loss is NaN or infinite (training stops);
    /// [`MlError::Device`] when a read-back fails.
    pub async fn fit(&mut self, host: &mut impl Host) -> Result<FitOutcome, MlError> {
        let batches = self.batches_per_epoch();
        let mut stopped = false;
        while self.epochs_done < self.config.epochs && !stopped {
            let epoch = self.epochs_done + 1;
            let order = self.permutation(epoch);
            let t0 = host.now_ms();
            let mut epoch_loss: Option<Tensor<1>> = None;
            let mut epoch_correct: Option<Tensor<1, Int>> = None;
            let mut group_loss: Option<Tensor<1>> = None;
            let (mut group_n, mut seen) = (0usize, 0usize);
            for b in 0..batches {
                if host.stop_requested() {
                    stopped = true;
                    break;
                }
                let (loss, correct) = self.step(&order, b);
                let n = (self.config.batch_size).min(self.train.len - b * self.config.batch_size);
                seen += n;
                group_n += n;
                epoch_loss = Some(add(epoch_loss, loss.clone()));
                epoch_correct = Some(match epoch_correct {
                    Some(c) => c + correct,
                    None => correct,
                });
                group_loss = Some(add(group_loss, loss));
                if (b + 1) % self.report_every == 0 || b + 1 == batches {
                    if let Some(g) = group_loss.take() {
                        let mean = read_scalar_f(g).await? / group_n as f64;
                        self.check_finite(mean, epoch, b + 1)?;
                        let secs = ((host.now_ms() - t0) / 1000.0).max(1e-9);
                        host.emit(Event::Batch {
                            epoch,
                            batch: b + 1,
                            batches,
                            loss: mean,
                            samples_per_s: seen as f64 / secs,
                        });
                    }
                    group_n = 0;
                }
                host.yield_now().await;
            }
            if stopped || seen == 0 {
                break;
            }
            let (Some(loss), Some(correct)) = (epoch_loss, epoch_correct) else { break };
            let train_loss = read_scalar_f(loss).await? / seen as f64;
            let train_accuracy = read_scalar_i(correct).await? / seen as f64;
            let secs = ((host.now_ms() - t0) / 1000.0).max(1e-9);
            let val = match &self.validation {
                Some(v) => Some(self.evaluator().evaluate(v).await?),
                None => None,
            };
            self.epochs_done = epoch;
            host.emit(Event::Epoch(EpochMetrics {
                epoch,
                train_loss,
                train_accuracy,
                val_loss: val.map_or(f64::NAN, |m| m.loss),
                val_accuracy: val.map_or(f64::NAN, |m| m.accuracy),
                samples_per_s: seen as f64 / secs,
            }));
            host.yield_now().await;
        }
        let test = match &self.test {
            Some(t) => self.evaluator().evaluate(t).await?,
            None => TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 },
        };
        host.emit(Event::Finished { test, stopped });
        Ok(FitOutcome { test, stopped, epochs: self.epochs_done })
    }

    fn check_finite(&self, value: f64, epoch: usize, batch: usize) -> Result<(), MlError> {
        if value.is_finite() {
            return Ok(());
        }
        Err(MlError::NonFinite { value: format!("{value}"), epoch, batch, learning_rate: self.learning_rate })
    }
}

fn add(acc: Option<Tensor<1>>, x: Tensor<1>) -> Tensor<1> {
    match acc {
        Some(a) => a + x,
        None => x,
    }
}
