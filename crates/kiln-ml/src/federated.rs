//! Federated learning, simulated: FedAvg (McMahan et al. 2017, "Communication-Efficient Learning
//! of Deep Networks from Decentralized Data", AISTATS, arXiv:1602.05629, Algorithm 1) over clients
//! made from the training split, with FedProx's proximal term as an option (Li et al. 2020,
//! "Federated Optimization in Heterogeneous Networks", MLSys, arXiv:1812.06127).
//!
//! Each round: pick `m = max(1, round(C·N))` clients (seeded); each starts from the global
//! weights, trains `E` local epochs in batches of `B` on its own rows only (a fresh optimizer of
//! the run's kind, constant learning rate; loss `+ μ/2 ‖w − w_global‖²` with FedProx), and sends
//! back only its weights; the server sets `w_global = Σ_k (n_k / Σ n) · w_k` over the picked
//! clients (every tensor, BatchNorm statistics too). The global model is then measured on the test
//! split. A centralised baseline — the same model from the same initial weights, trained on the
//! whole training split with batch `B` — takes as many optimizer steps as all clients together did
//! that round, so both curves share one x-axis and one compute budget.
//!
//! [`Federation::run_round`] runs one round and returns its report, so the worker yields and can
//! cancel between rounds; the host's controls are also read before every batch.

use kiln_core::{LrSchedule, ModelSpec, TrainConfig};
use kiln_data::Splits;
use kiln_data::Targets;
use kiln_data::federated::{class_mix, partition_clients};
use kiln_protocol::TestMetrics;
use kiln_protocol::lab::{ClientInfo, ClientRound, FederatedRequest, FederatedSetup, RoundReport};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::eval::{Evaluator, read_scalar_f, read_scalar_i};
use crate::local::{Proximal, epoch, mix_seed, shuffled};
use crate::model::{Network, Params};
use crate::train::{Control, Host, Trainer, optimizer};
use crate::weights::{accumulate, deep_copy, flat_tensors, replace_tensors};
use burn::tensor::Device;

/// A simulated federation: the clients' rows, the global model and the centralised baseline.
pub struct Federation {
    /// Holds the data on the device and the objective; trained as the centralised baseline.
    base: Trainer,
    global: Network,
    /// Each client's row indices into the training split.
    clients: Vec<Vec<u32>>,
    request: FederatedRequest,
    /// The run's settings with `batch_size = B`.
    config: TrainConfig,
    setup: FederatedSetup,
    rounds_done: usize,
    steps: usize,
    /// The baseline's place: (1-based epoch, next batch).
    baseline_at: (usize, usize),
    cancelled: bool,
}

/// FedAvg's average of client models: `Σ_k (n_k / Σ n) · w_k` for every tensor, as parameters
/// shaped like the first model's (same device and ids).
///
/// # Errors
/// [`MlError::Invalid`] for no models, no examples, or models with other layers.
pub fn average(models: &[(&Params, usize)]) -> Result<Params, MlError> {
    let total: usize = models.iter().map(|(_, n)| n).sum();
    let (Some((first, _)), true) = (models.first(), total > 0) else {
        return Err(MlError::Invalid("nothing to average: no clients with examples".into()));
    };
    let mut acc = None;
    for (params, n) in models {
        acc = Some(accumulate(acc, params, *n as f64 / total as f64)?);
    }
    replace_tensors(deep_copy(first), &acc.unwrap_or_default())
}

impl Federation {
    /// Deals the training split to the clients and builds the global model and the baseline from
    /// `config`'s seed (both start from the same weights). `config`'s optimizer, learning rate,
    /// regularisation and seed are used; its epochs and batch size are replaced by the request's,
    /// its schedule by a constant rate and its early stopping is off.
    ///
    /// # Errors
    /// [`MlError::Invalid`] for a bad request, spec or config, or a partition the data cannot
    /// take (see [`kiln_data::federated::partition_clients`]); [`MlError::Data`] for unusable data.
    pub fn new(
        spec: &ModelSpec,
        config: &TrainConfig,
        request: &FederatedRequest,
        data: &Splits,
        device: &Device,
    ) -> Result<Self, MlError> {
        request.validate().map_err(|m| MlError::Invalid(kiln_i18n::english(&m)))?;
        // Clients and baseline both step at the constant base learning rate.
        let config = TrainConfig {
            batch_size: request.local_batch,
            epochs: request.rounds,
            schedule: LrSchedule::Constant,
            early_stopping: None,
            ..config.clone()
        };
        let base = Trainer::from_splits(spec, &config, data, device)?;
        let parts =
            partition_clients(&data.train.targets, request.clients, request.partition, mix_seed(&[config.seed, 0xC1]))
                .map_err(|e| MlError::Invalid(e.to_string()))?;
        let (labels, classes) = match &data.train.targets {
            Targets::Binary { labels } => (Some(labels), 2),
            Targets::Classes { labels, classes } => (Some(labels), *classes),
            Targets::Regression { .. } => (None, 0),
        };
        let mix = labels.map(|l| class_mix(&parts, l, classes)).unwrap_or_default();
        let setup = FederatedSetup {
            clients: parts
                .iter()
                .enumerate()
                .map(|(k, rows)| ClientInfo {
                    examples: rows.len(),
                    class_counts: mix.get(k).cloned().unwrap_or_default(),
                })
                .collect(),
            class_names: data.class_names.clone(),
            clients_per_round: request.clients_per_round(),
        };
        let clients = parts.into_iter().map(|rows| rows.into_iter().map(|r| r as u32).collect()).collect();
        let global = base.network().with_params(deep_copy(&base.network().params));
        Ok(Federation {
            base,
            global,
            clients,
            request: *request,
            config,
            setup,
            rounds_done: 0,
            steps: 0,
            baseline_at: (1, 0),
            cancelled: false,
        })
    }

    /// The clients and their class mix (for the stacked bars).
    pub fn setup(&self) -> &FederatedSetup {
        &self.setup
    }

    /// Rounds completed.
    pub fn rounds_done(&self) -> usize {
        self.rounds_done
    }

    /// True when all rounds ran or the run was cancelled.
    pub fn is_finished(&self) -> bool {
        self.cancelled || self.rounds_done >= self.request.rounds
    }

    /// The global model.
    pub fn global(&self) -> &Network {
        &self.global
    }

    /// The centralised baseline (its network and data).
    pub fn baseline(&self) -> &Trainer {
        &self.base
    }

    /// Client `k`'s rows (indices into the training split).
    pub fn client_rows(&self, k: usize) -> &[u32] {
        self.clients.get(k).map_or(&[], Vec::as_slice)
    }

    /// The clients picked in 1-based `round`, ascending (all of them when `C = 1`).
    pub fn picked(&self, round: usize) -> Vec<usize> {
        let n = self.clients.len();
        let mut all: Vec<usize> = (0..n).collect();
        let m = self.request.clients_per_round();
        if m < n {
            all.shuffle(&mut ChaCha8Rng::seed_from_u64(mix_seed(&[self.config.seed, 0x9C, round as u64])));
            all.truncate(m);
            all.sort_unstable();
        }
        all
    }

    /// The order client `client` visits its rows in local epoch `epoch` (1-based) of `round`.
    pub fn local_order(&self, round: usize, client: usize, epoch: usize) -> Vec<u32> {
        let seed = mix_seed(&[self.config.seed, round as u64, client as u64, epoch as u64]);
        shuffled(self.client_rows(client), seed)
    }

    /// Runs the next round: local training on the picked clients, the weighted average, the
    /// baseline's steps, and the test metrics of both. Returns `None` when all rounds are done or
    /// the host said Stop (the run is then over: nothing of the unfinished round is kept).
    ///
    /// # Errors
    /// [`MlError::Device`] when a read-back fails; [`MlError::Invalid`] for targets that do not
    /// suit the loss.
    pub async fn run_round(&mut self, host: &mut impl Host) -> Result<Option<RoundReport>, MlError> {
        if self.is_finished() {
            return Ok(None);
        }
        let round = self.rounds_done + 1;
        let picked = self.picked(round);
        let total: usize = picked.iter().map(|&k| self.clients[k].len()).sum();
        let proximal = (self.request.prox_mu > 0.0).then(|| Proximal {
            mu: self.request.prox_mu,
            // Off the autodiff graph: constants in every step's loss (a detached autodiff tensor
            // reused across backward passes hits burn's "graph tape already consumed").
            global: flat_tensors(&self.global.params)
                .into_iter()
                .map(|(i, t)| (t.without_autodiff(), i.trainable))
                .collect(),
        });
        let batch = self.request.local_batch;
        let mut sum = None;
        let mut clients = Vec::with_capacity(picked.len());
        let mut steps = 0;
        for &k in &picked {
            let mut local = self.global.with_params(deep_copy(&self.global.params));
            let mut optim = optimizer(&self.config);
            let mut last = None;
            for e in 1..=self.request.local_epochs {
                let order = self.local_order(round, k, e);
                steps += order.len().div_ceil(batch);
                let done = epoch(
                    &mut local,
                    &mut optim,
                    self.base.objective(),
                    self.base.train_split(),
                    &order,
                    batch,
                    &self.config,
                    proximal.as_ref(),
                    host,
                    |_| Ok(()),
                )
                .await?;
                match done {
                    Some(s) => last = Some(s),
                    None => {
                        self.cancelled = true;
                        return Ok(None);
                    }
                }
            }
            let n = self.clients[k].len();
            sum = Some(accumulate(sum, &local.params, n as f64 / total.max(1) as f64)?);
            let (mut local_loss, mut local_accuracy) = (f64::NAN, f64::NAN);
            if let Some(s) = last.filter(|s| s.examples > 0) {
                if let Some(l) = s.loss {
                    local_loss = read_scalar_f(l).await? / s.examples as f64;
                }
                if let Some(c) = s.correct {
                    local_accuracy = read_scalar_i(c).await? / s.examples as f64;
                }
            }
            clients.push(ClientRound { client: k, examples: n, local_loss, local_accuracy });
        }
        let baseline = if self.request.baseline {
            if !self.baseline_steps(steps, host).await? {
                self.cancelled = true;
                return Ok(None);
            }
            Some(self.base.test_metrics().await?)
        } else {
            None
        };
        let params = std::mem::take(&mut self.global.params);
        self.global.params = replace_tensors(params, &sum.unwrap_or_default())?;
        self.rounds_done = round;
        self.steps += steps;
        let global = match self.base.test_split() {
            Some(test) => {
                Evaluator::new(&self.global, self.base.device()).evaluate(test, self.base.objective()).await?
            }
            None => TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 },
        };
        host.yield_now().await;
        Ok(Some(RoundReport { round, global, baseline, clients, steps: self.steps }))
    }

    /// `steps` optimizer steps of the baseline on the whole training split, continuing its
    /// shuffled epochs. False when the host said Stop.
    async fn baseline_steps(&mut self, steps: usize, host: &mut impl Host) -> Result<bool, MlError> {
        let batches = self.base.batches_per_epoch();
        let (mut epoch, mut b) = self.baseline_at;
        let mut order = self.base.permutation(epoch);
        for _ in 0..steps {
            loop {
                match host.control() {
                    Control::Stop => return Ok(false),
                    Control::Pause => host.idle().await,
                    Control::Run | Control::Step => break,
                }
            }
            if b == batches {
                epoch += 1;
                b = 0;
                order = self.base.permutation(epoch);
            }
            self.base.step(&order, b)?;
            b += 1;
            host.yield_now().await;
        }
        self.baseline_at = (epoch, b);
        Ok(true)
    }

    /// Runs every remaining round, passing each report to `on_round`. Returns the reports.
    ///
    /// # Errors
    /// As [`Federation::run_round`].
    pub async fn run(
        &mut self,
        host: &mut impl Host,
        mut on_round: impl FnMut(&RoundReport),
    ) -> Result<Vec<RoundReport>, MlError> {
        let mut reports = Vec::new();
        while let Some(r) = self.run_round(host).await? {
            on_round(&r);
            reports.push(r);
        }
        Ok(reports)
    }
}
