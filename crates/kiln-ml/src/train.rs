//! The training loop: burn's custom-training-loop pattern (forward, `backward`,
//! `GradientsParams::from_grads`, `optim.step`), generalised to any [`ModelSpec`] and driven one
//! batch at a time so the caller can stop between batches.
//!
//! GPU-friendly by design: the splits live on the device, batches are gathered there, and the
//! running loss / correct counts are accumulated as device tensors and read back asynchronously
//! only every few batches (`report_every`) and at the end of each epoch.

use std::future::Future;

use burn::optim::decay::WeightDecayConfig;
use burn::optim::grad_clipping::GradientClippingConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamWConfig, GradientsParams, ModuleOptimizer, RmsPropConfig, SgdConfig};
use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_core::{InputSpec, LiveSettings, LossSpec, ModelSpec, OptimizerSpec, TrainConfig};
use kiln_data::{Inputs, PreparedText, Splits, Targets};
use kiln_protocol::{EpochMetrics, Event, Msg, TestMetrics};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::data::DeviceSplit;
use crate::eval::{Evaluator, read_scalar_f, read_scalar_i};
use crate::loss::Objective;
use crate::model::{Network, Params};
use crate::optim::FusedAdam;

mod early;
mod parallel;
pub use parallel::Replica;

/// What the host wants done before the next batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Keep training.
    Run,
    /// Hold the weights and wait (the loop sleeps through [`Host::idle`]).
    Pause,
    /// Train exactly one batch, then pause (the host returns `Step` once, then `Pause`).
    Step,
    /// End the run after the current batch; test metrics are computed on the weights so far.
    Stop,
}

/// What the training loop needs from whoever runs it (the Web Worker, the CLI, a test).
pub trait Host {
    /// Milliseconds since an arbitrary origin (`performance.now()` in a worker).
    fn now_ms(&self) -> f64;
    /// Receives every progress event.
    fn emit(&mut self, event: Event);
    /// Checked before every batch.
    fn control(&mut self) -> Control;
    /// New live settings (learning rate, regularisation) to apply from the next batch, if the
    /// user changed them; the weights are kept.
    fn take_settings(&mut self) -> Option<LiveSettings> {
        None
    }
    /// Gives the host's event loop a turn between batches, so a Stop message can arrive.
    fn yield_now(&mut self) -> impl Future<Output = ()>;
    /// Waits a little while paused (a worker sleeps ~30 ms; defaults to [`Host::yield_now`]).
    fn idle(&mut self) -> impl Future<Output = ()> {
        self.yield_now()
    }
    /// Called again and again while the run is paused (before the next batch), with the trainer
    /// itself: a host may look at or change the network here — teaching mode applies weight
    /// edits and sends a picture of the paused network. Defaults to [`Host::idle`].
    ///
    /// # Errors
    /// Whatever the host's work there fails with (the run then ends with that error).
    fn paused(&mut self, trainer: &mut Trainer) -> impl Future<Output = Result<(), MlError>> {
        let _ = trainer;
        async move {
            self.idle().await;
            Ok(())
        }
    }
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
    /// True when early stopping ended the run before its last epoch.
    pub early_stopped: bool,
    /// With early stopping: the epoch whose weights the model has at the end (the best one when
    /// `restore_best_weights` is on, else the last).
    pub best_epoch: Option<usize>,
}

/// A model, its optimizer and its data on one device, trained batch by batch.
pub struct Trainer {
    net: Network,
    optim: ModuleOptimizer,
    objective: Objective,
    train: DeviceSplit,
    validation: Option<DeviceSplit>,
    test: Option<DeviceSplit>,
    plain: Device,
    autodiff: Device,
    config: TrainConfig,
    epochs_done: usize,
    /// Steps taken in the whole run (drives the learning-rate schedule).
    steps_done: usize,
    /// Batches done in the epoch in progress (a paused or stepped run resumes there).
    batch_in_epoch: usize,
    /// Weights confirmed good by a finite loss read-back after them, and where they were taken.
    last_good: Option<(Params, usize, usize)>,
    /// Weights at the last read-back, confirmed by the next finite one.
    candidate: Option<(Params, usize, usize)>,
    /// Batches between two loss read-backs (and `Event::Batch` events).
    pub report_every: usize,
    /// Early stopping's state through the current run (`train/early.rs`).
    early: Option<early::EarlyState>,
    /// Extra devices for data-parallel steps ([`Trainer::with_devices`]); empty: one device.
    replicas: Vec<Replica>,
}

/// Builds burn's optimizer for `config` (Keras defaults: Adam ε = 1e-7; RMSprop α = 0.9, ε = 1e-7,
/// no momentum), with weight decay and gradient clipping when set.
pub(crate) fn optimizer(config: &TrainConfig) -> ModuleOptimizer {
    let decay = (config.weight_decay > 0.0).then(|| WeightDecayConfig::new(config.weight_decay as f32));
    let optim = match config.optimizer {
        OptimizerSpec::Sgd { momentum, .. } => SgdConfig::new()
            .with_weight_decay(decay)
            .with_momentum((momentum > 0.0).then(|| MomentumConfig::new().with_momentum(momentum)))
            .init(),
        // One fused pass on the CPU engine, burn's Adam elsewhere (crate::optim).
        OptimizerSpec::Adam { .. } => {
            FusedAdam::new(1e-7, (config.weight_decay > 0.0).then_some(config.weight_decay as f32)).init()
        }
        OptimizerSpec::AdamW { .. } => {
            AdamWConfig::new().with_epsilon(1e-7).with_weight_decay(config.weight_decay as f32).init()
        }
        OptimizerSpec::RmsProp { .. } => {
            RmsPropConfig::new().with_alpha(0.9).with_momentum(0.0).with_epsilon(1e-7).with_weight_decay(decay).init()
        }
    };
    match config.gradient_clip {
        Some(norm) => optim.with_grad_clipping(GradientClippingConfig::Norm(norm as f32).init()),
        None => optim,
    }
}

impl Trainer {
    /// Builds the network (weights seeded from `config.seed`), the optimizer, and uploads the
    /// prepared text splits to `device` (a plain device; autodiff is added here).
    ///
    /// # Errors
    /// [`MlError::Invalid`] for an invalid spec or config, or a spec that does not fit the data.
    pub fn new(spec: &ModelSpec, config: &TrainConfig, data: &PreparedText, device: &Device) -> Result<Self, MlError> {
        if let InputSpec::Tokens { vocab_size, seq_len } = spec.input
            && (vocab_size < data.vocab.capacity() || seq_len != data.prep.seq_len)
        {
            return Err(MlError::Invalid(format!(
                "the model's input ({seq_len} tokens, {vocab_size} ids) does not match the prepared data ({} tokens, {} ids)",
                data.prep.seq_len,
                data.vocab.capacity()
            )));
        }
        Self::from_splits(spec, config, &Splits::from(data), device)
    }

    /// Like [`Trainer::new`] for any prepared data set (features, images, tokens).
    ///
    /// # Errors
    /// [`MlError::Invalid`] for an invalid spec or config, or a spec whose input or output does not
    /// fit the data; [`MlError::Data`] for an empty training split or inconsistent rows.
    pub fn from_splits(
        spec: &ModelSpec,
        config: &TrainConfig,
        data: &Splits,
        device: &Device,
    ) -> Result<Self, MlError> {
        config.validate().map_err(MlError::Invalid)?;
        check_input(spec, &data.train.inputs)?;
        for (name, split) in [("training", &data.train), ("validation", &data.validation), ("test", &data.test)] {
            if !split.is_empty() {
                split.check().map_err(|e| MlError::Data(format!("{name} split: {}", kiln_i18n::english(&e))))?;
            }
        }
        let plain = device.clone();
        let autodiff = device.clone().autodiff();
        autodiff.seed(config.seed);
        let net = Network::new(spec, &autodiff)?;
        let objective = Objective::new(spec.loss, net.head(), &autodiff)?;
        check_targets(spec, &data.train.targets)?;
        let train = DeviceSplit::upload(&data.train, &autodiff)
            .ok_or_else(|| MlError::Data("the training split is empty".into()))?;
        let batches = train.len.div_ceil(config.batch_size);
        Ok(Trainer {
            net,
            optim: optimizer(config),
            objective,
            train,
            validation: DeviceSplit::upload(&data.validation, &plain),
            test: DeviceSplit::upload(&data.test, &plain),
            plain,
            autodiff,
            config: config.clone(),
            epochs_done: 0,
            steps_done: 0,
            batch_in_epoch: 0,
            last_good: None,
            candidate: None,
            report_every: batches.div_ceil(10).max(1),
            early: None,
            replicas: Vec::new(),
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

    /// The run's settings (with any live changes applied).
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// The loss the run trains with (for evaluating other weights the same way).
    pub fn objective(&self) -> &Objective {
        &self.objective
    }

    /// The training split, on the autodiff device.
    pub fn train_split(&self) -> &DeviceSplit {
        &self.train
    }

    /// The validation split on the plain device (`None` when empty).
    pub fn validation_split(&self) -> Option<&DeviceSplit> {
        self.validation.as_ref()
    }

    /// The test split on the plain device (`None` when empty).
    pub fn test_split(&self) -> Option<&DeviceSplit> {
        self.test.as_ref()
    }

    /// The network as trained so far.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// Mutable access to the network (teaching mode edits single weights between batches).
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.net
    }

    /// An inference snapshot of the current weights (for prediction and evaluation).
    pub fn evaluator(&self) -> Evaluator {
        Evaluator::new(&self.net, &self.plain)
    }

    /// The plain (inference) device the validation and test splits live on.
    pub fn device(&self) -> &Device {
        &self.plain
    }

    /// More epochs for a run that already finished (Train again without Reset continues).
    pub fn extend_epochs(&mut self, epochs: usize) {
        self.config.epochs = self.epochs_done + epochs.max(1);
    }

    /// Applies changed live settings from the next batch. The weights are kept; a weight-decay
    /// change rebuilds the optimizer (its moment estimates restart).
    ///
    /// # Errors
    /// [`MlError::Invalid`] for an out-of-range setting (nothing is changed).
    pub fn apply_settings(&mut self, live: LiveSettings) -> Result<(), MlError> {
        live.validate().map_err(MlError::Invalid)?;
        let rebuild = live.weight_decay != self.config.weight_decay;
        self.config.set_live(live);
        if rebuild {
            self.optim = optimizer(&self.config);
        }
        Ok(())
    }

    /// The learning rate the next step will use (the schedule applied to the base rate).
    pub fn current_learning_rate(&self) -> f64 {
        let total = self.config.epochs.saturating_mul(self.batches_per_epoch());
        self.config.schedule.rate(self.config.optimizer.learning_rate(), self.epochs_done, self.steps_done, total)
    }

    /// True when weights confirmed by a finite loss are kept to restore after a divergence.
    pub fn has_last_good(&self) -> bool {
        self.last_good.is_some()
    }

    /// Puts back the last weights confirmed good (after NaN/inf loss) and restarts the optimizer.
    /// Returns the epoch and batch they were taken at, or `None` when there are none (the
    /// network then keeps its weights).
    pub fn restore_last_good(&mut self) -> Option<(usize, usize)> {
        let (params, epoch, batch) = self.last_good.clone()?;
        self.net.params = params;
        self.optim = optimizer(&self.config);
        self.candidate = None;
        self.batch_in_epoch = 0;
        Some((epoch, batch))
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
    /// back: returns the batch's summed loss `[1]` (data loss, without the L1/L2 penalty) and its
    /// correct count `[1]` (`None` for regression) as device tensors.
    ///
    /// # Errors
    /// [`MlError::Invalid`] when the targets do not suit the loss.
    pub fn step(
        &mut self,
        order: &Tensor<1, Int>,
        batch: usize,
    ) -> Result<(Tensor<1>, Option<Tensor<1, Int>>), MlError> {
        if !self.replicas.is_empty() {
            return self.step_parallel(order, batch);
        }
        let start = batch * self.config.batch_size;
        let end = (start + self.config.batch_size).min(self.train.len);
        let (x, targets) = self.train.gather(order.clone().narrow(0, start, end - start));
        let out = self.net.forward(x);
        let (loss, correct) = self.objective.loss_and_correct(out, targets)?;
        let total = match self.net.weight_penalty(self.config.l1, self.config.l2) {
            Some(penalty) => loss.clone() + penalty,
            None => loss.clone(),
        };
        let grads = GradientsParams::from_grads(total.backward(), &self.net.params);
        let params = std::mem::take(&mut self.net.params);
        let lr = self.current_learning_rate();
        self.net.params = self.optim.step(lr, params, grads);
        self.steps_done += 1;
        let n = (end - start) as f64;
        Ok((loss.detach() * n, correct))
    }

    /// Trains until the configured epochs are done, the host stops it, or the loss diverges,
    /// emitting `Batch`, `Epoch`, `Paused` and `Finished` events through `host`. The host's
    /// [`Control`] is read before every batch: Pause holds the weights (calling
    /// [`Host::paused`] until it changes), Step runs one batch, and live settings are applied as
    /// they arrive. Call it again after a Stop or a Finished
    /// run (with [`Trainer::extend_epochs`]) to continue from the same weights.
    ///
    /// With [`TrainConfig::early_stopping`] set and a validation split, each epoch's monitored
    /// validation metric goes through [`kiln_core::EarlyStopper`]: the run ends when patience is
    /// used up, and (with `restore_best_weights`) the best epoch's weights are put back when it
    /// ends, before the test metrics — as Keras' `EarlyStopping` callback does. Each step is
    /// announced with an `Event::Status`.
    ///
    /// # Errors
    /// [`MlError::NonFinite`] as soon as a read-back loss is NaN or infinite (training stops;
    /// [`Trainer::restore_last_good`] puts back the last good weights); [`MlError::Device`] when
    /// a read-back fails.
    pub async fn fit(&mut self, host: &mut impl Host) -> Result<FitOutcome, MlError> {
        let mut stopped = false;
        let mut early_stopped = false;
        while self.epochs_done < self.config.epochs {
            match self.run_epoch(host).await? {
                None => {
                    stopped = true;
                    break;
                }
                Some(m) if self.early_stop_after(&m, host) => {
                    early_stopped = true;
                    break;
                }
                Some(_) => {}
            }
        }
        // Early stopping's state lasts until the run ends (a Stop and a new call continue it).
        let best_epoch = if stopped { None } else { self.finish_early_stopping(host) };
        let test = self.test_metrics().await?;
        host.emit(Event::Finished { test, stopped });
        Ok(FitOutcome { test, stopped, epochs: self.epochs_done, early_stopped, best_epoch })
    }

    /// Trains the rest of the current epoch (from where a paused or stopped call left it) and
    /// emits its `Epoch` event. Returns its metrics, or `None` when the host said Stop first.
    ///
    /// # Errors
    /// As [`Trainer::fit`].
    pub async fn run_epoch(&mut self, host: &mut impl Host) -> Result<Option<EpochMetrics>, MlError> {
        let batches = self.batches_per_epoch();
        let epoch = self.epochs_done + 1;
        let order = self.permutation(epoch);
        let t0 = host.now_ms();
        let mut epoch_loss: Option<Tensor<1>> = None;
        let mut epoch_correct: Option<Tensor<1, Int>> = None;
        let mut group_loss: Option<Tensor<1>> = None;
        let (mut group_n, mut seen) = (0usize, 0usize);
        let mut paused = false;
        while self.batch_in_epoch < batches {
            let b = self.batch_in_epoch;
            if let Some(live) = host.take_settings() {
                match self.apply_settings(live) {
                    Ok(()) => host.emit(Event::Status(
                        Msg::new("train-status-settings-applied")
                            .arg("epoch", epoch)
                            .arg("batch", b + 1)
                            .arg("lr", live.learning_rate.to_string())
                            .arg("l1", live.l1.to_string())
                            .arg("l2", live.l2.to_string())
                            .arg("decay", live.weight_decay.to_string()),
                    )),
                    Err(e) => host.emit(Event::Error(Msg::verbatim(e.to_string()))),
                }
            }
            let control = host.control();
            match control {
                Control::Stop => return Ok(None),
                Control::Pause => {
                    if !paused {
                        paused = true;
                        host.emit(Event::Paused { epoch, batch: b, batches });
                    }
                    host.paused(self).await?;
                    continue;
                }
                Control::Run | Control::Step => paused = false,
            }
            let (loss, correct) = self.step(&order, b)?;
            self.batch_in_epoch = b + 1;
            let n = self.config.batch_size.min(self.train.len - b * self.config.batch_size);
            seen += n;
            group_n += n;
            epoch_loss = Some(add(epoch_loss, loss.clone()));
            if let Some(c) = correct {
                epoch_correct = Some(match epoch_correct {
                    Some(acc) => acc + c,
                    None => c,
                });
            }
            group_loss = Some(add(group_loss, loss));
            let report = (b + 1).is_multiple_of(self.report_every) || b + 1 == batches || control == Control::Step;
            if report {
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
        self.epochs_done = epoch;
        self.batch_in_epoch = 0;
        let secs = ((host.now_ms() - t0) / 1000.0).max(1e-9);
        // Loss and accuracy over the batches run in this call (all of them unless resumed).
        let train_loss = match epoch_loss {
            Some(l) => read_scalar_f(l).await? / seen.max(1) as f64,
            None => f64::NAN,
        };
        let train_accuracy = match epoch_correct {
            Some(c) => read_scalar_i(c).await? / seen.max(1) as f64,
            None => f64::NAN,
        };
        let val = match &self.validation {
            Some(v) => Some(self.evaluator().evaluate(v, &self.objective).await?),
            None => None,
        };
        let metrics = EpochMetrics {
            epoch,
            train_loss,
            train_accuracy,
            val_loss: val.map_or(f64::NAN, |m| m.loss),
            val_accuracy: val.map_or(f64::NAN, |m| m.accuracy),
            samples_per_s: seen as f64 / secs,
        };
        host.emit(Event::Epoch(metrics));
        host.yield_now().await;
        Ok(Some(metrics))
    }

    /// Metrics of the current weights on the validation split (NaN fields when it is empty).
    ///
    /// # Errors
    /// [`MlError::Device`] when a read-back fails.
    pub async fn validation_metrics(&self) -> Result<TestMetrics, MlError> {
        match &self.validation {
            Some(v) => self.evaluator().evaluate(v, &self.objective).await,
            None => Ok(TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 }),
        }
    }

    /// Metrics of the current weights on the test split (NaN fields when it is empty).
    ///
    /// # Errors
    /// [`MlError::Device`] when a read-back fails.
    pub async fn test_metrics(&self) -> Result<TestMetrics, MlError> {
        match &self.test {
            Some(t) => self.evaluator().evaluate(t, &self.objective).await,
            None => Ok(TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 }),
        }
    }

    fn check_finite(&mut self, value: f64, epoch: usize, batch: usize) -> Result<(), MlError> {
        if value.is_finite() {
            // The weights saved at the previous read-back produced this finite loss: keep them.
            if let Some(c) = self.candidate.take() {
                self.last_good = Some(c);
            }
            self.candidate = Some((self.net.params.clone(), epoch, batch));
            return Ok(());
        }
        let learning_rate = self.config.optimizer.learning_rate();
        Err(MlError::NonFinite {
            value: format!("{value}"),
            epoch,
            batch,
            learning_rate,
            optimizer: self.config.optimizer.kind().label().into(),
            suggestion: suggested_rate(&self.config.optimizer),
        })
    }
}

/// A learning rate that usually trains with this optimizer: the Keras default for adaptive
/// optimizers (0.001), 0.01 for SGD; a tenth of the current rate when that is already lower.
fn suggested_rate(o: &OptimizerSpec) -> f64 {
    let typical = match o {
        OptimizerSpec::Sgd { .. } => 0.01,
        _ => 0.001,
    };
    let lr = o.learning_rate();
    if lr > typical { typical } else { lr / 10.0 }
}

/// Checks that the data's input form matches the spec's input.
fn check_input(spec: &ModelSpec, inputs: &Inputs) -> Result<(), MlError> {
    let ok = match (&spec.input, inputs) {
        (InputSpec::Tokens { seq_len, .. }, Inputs::Tokens { seq_len: s, .. }) => seq_len == s,
        (InputSpec::Features { width }, Inputs::Features { width: w, .. }) => width == w,
        (InputSpec::Images { height, width, channels }, Inputs::Images { height: h, width: w, channels: c, .. }) => {
            (height, width, channels) == (h, w, c)
        }
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let data = match inputs {
        Inputs::Tokens { seq_len, .. } => format!("token ids of length {seq_len}"),
        Inputs::Features { width, .. } => format!("{width} numeric features"),
        Inputs::Images { height, width, channels, .. } => format!("{height}×{width}×{channels} images"),
    };
    Err(MlError::Invalid(format!(
        "the model's input {:?} does not match the data ({data}); change the model's input to fit",
        spec.input
    )))
}

/// Checks that the loss and output width suit the data's targets.
fn check_targets(spec: &ModelSpec, targets: &Targets) -> Result<(), MlError> {
    let outputs = spec.summary().ok().and_then(|s| s.layers.last().map(|l| l.output.to_string()));
    let outputs = outputs.unwrap_or_default();
    let fits = match (spec.loss, targets) {
        (LossSpec::BinaryCrossEntropy, Targets::Binary { .. }) => true,
        (LossSpec::CategoricalCrossEntropy, Targets::Classes { classes, .. }) => {
            outputs == format!("(None, {classes})")
        }
        (LossSpec::CategoricalCrossEntropy, Targets::Binary { .. }) => outputs == "(None, 2)",
        (LossSpec::MeanSquaredError, Targets::Regression { .. }) => true,
        _ => false,
    };
    if fits {
        return Ok(());
    }
    let want = match targets {
        Targets::Binary { .. } => "two classes: end with Dense(1, sigmoid) and binary cross-entropy".to_string(),
        Targets::Classes { classes, .. } => {
            format!("{classes} classes: end with Dense({classes}, softmax) and categorical cross-entropy")
        }
        Targets::Regression { .. } => "numbers: end with Dense(1) and mean squared error".to_string(),
    };
    Err(MlError::Invalid(format!(
        "the data's targets do not fit the loss ({:?}, output {outputs}): the data has {want}",
        spec.loss
    )))
}

fn add(acc: Option<Tensor<1>>, x: Tensor<1>) -> Tensor<1> {
    match acc {
        Some(a) => a + x,
        None => x,
    }
}
