//! Hyper-parameter search: random search (Bergstra & Bengio 2012, "Random Search for
//! Hyper-Parameter Optimization", JMLR 13) and successive halving (Jamieson & Talwalkar 2016,
//! "Non-stochastic Best Arm Identification and Hyperparameter Optimization", AISTATS; the inner
//! loop of Hyperband, Li et al. 2017, JMLR 18).
//!
//! The [`Planner`] is pure: it draws every configuration up front from a ChaCha8 generator seeded
//! by the request (learning rate log-uniform, batch size / optimizer / units from the ticked
//! lists, dropout uniform to 0.05), proposes runs and ranks the scores it is told, so the strategies
//! are tested on synthetic objectives. Successive halving with `n` configurations, reduction `η`
//! and a full budget of `R` epochs uses `s = ⌊log_η min(n, R)⌋` promotions: rung `i` trains
//! `⌊n / ηⁱ⌋` configurations for `⌊R / ηˢ⌋ · ηⁱ` epochs (the last rung `R`), and the best
//! `⌊n / ηⁱ⁺¹⌋` go on. A promoted configuration trains again from its initial weights with the
//! larger budget (the same seed, so its first epochs repeat exactly).
//!
//! [`Search`] runs the proposals as real training runs ([`Trainer::fit`]) scored on the validation
//! split, each with early stopping (best weights restored), one trial per call of
//! [`Search::run_trial`] so the worker yields between trials and can cancel.

use kiln_core::{EarlyStopping, LayerSpec, ModelSpec, Monitor, OptimizerSpec, TrainConfig};
use kiln_data::Splits;
use kiln_protocol::Event;
use kiln_protocol::lab::{SearchMetric, SearchRequest, SearchSpace, SearchStrategy, TrialReport, TrialSettings};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::train::{Control, Host, Trainer};
use burn::tensor::Device;

/// A run the planner wants: train configuration `trial` for `epochs` epochs (rung `rung`).
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// 0-based configuration number.
    pub trial: usize,
    /// 0-based rung.
    pub rung: usize,
    /// Its settings.
    pub settings: TrialSettings,
    /// Epoch budget.
    pub epochs: usize,
}

/// Ranking key: lower is better, compared lexicographically; NaN counts as worst.
pub type Key = (f64, f64);

fn key_cmp(a: &Key, b: &Key) -> std::cmp::Ordering {
    let fix = |v: f64| if v.is_nan() { f64::INFINITY } else { v };
    fix(a.0).total_cmp(&fix(b.0)).then(fix(a.1).total_cmp(&fix(b.1)))
}

/// Draws configurations and decides which run next (no training here).
#[derive(Debug, Clone)]
pub struct Planner {
    configs: Vec<TrialSettings>,
    /// `(configurations, epoch budget)` of each rung.
    rungs: Vec<(usize, usize)>,
    rung: usize,
    members: Vec<usize>,
    next_member: usize,
    /// Every recorded run: (trial, rung, key).
    history: Vec<(usize, usize, Key)>,
}

/// Checks a request's numbers.
///
/// # Errors
/// A message naming the bad setting.
pub fn validate(request: &SearchRequest) -> Result<(), String> {
    if !(1..=200).contains(&request.trials) {
        return Err(format!("a search tries 1 to 200 configurations, got {}", request.trials));
    }
    if !(1..=500).contains(&request.max_epochs) {
        return Err(format!("trials train 1 to 500 epochs, got {}", request.max_epochs));
    }
    if request.patience > 100 {
        return Err(format!("early-stopping patience must be 0 to 100, got {}", request.patience));
    }
    if let SearchStrategy::SuccessiveHalving { eta } = request.strategy
        && !(2..=4).contains(&eta)
    {
        return Err(format!("successive halving's η must be 2, 3 or 4, got {eta}"));
    }
    let space = &request.space;
    if let Some([lo, hi]) = space.learning_rate
        && !(lo.is_finite() && hi.is_finite() && lo > 0.0 && lo <= hi && hi <= 10.0)
    {
        return Err(format!("the learning-rate range must satisfy 0 < low ≤ high ≤ 10, got [{lo}, {hi}]"));
    }
    if let Some(b) = space.batch_sizes.iter().find(|b| !(1..=4096).contains(*b)) {
        return Err(format!("batch sizes must be 1 to 4096, got {b}"));
    }
    if let Some(o) = space.optimizers.iter().find(|o| OptimizerSpec::from_id(o, 0.001).is_none()) {
        return Err(format!("unknown optimizer {o:?}: use sgd, momentum, adam, adamw or rmsprop"));
    }
    if let Some(u) = &space.units
        && (u.choices.is_empty() || u.choices.iter().any(|&c| !(1..=4096).contains(&c)))
    {
        return Err("the units to try must be 1 to 4096, at least one".into());
    }
    if let Some(d) = space.dropout
        && !(d.low.is_finite() && d.high.is_finite() && 0.0 <= d.low && d.low <= d.high && d.high <= 0.9)
    {
        return Err(format!("the dropout range must satisfy 0 ≤ low ≤ high ≤ 0.9, got [{}, {}]", d.low, d.high));
    }
    Ok(())
}

/// The rungs of a strategy: `(configurations, epochs)` each.
pub fn rungs(strategy: SearchStrategy, trials: usize, max_epochs: usize) -> Vec<(usize, usize)> {
    let SearchStrategy::SuccessiveHalving { eta } = strategy else { return vec![(trials, max_epochs)] };
    let eta = eta.max(2);
    let mut s = 0u32;
    while eta.pow(s + 1) <= trials.min(max_epochs) {
        s += 1;
    }
    let r0 = (max_epochs / eta.pow(s)).max(1);
    (0..=s)
        .map(|i| {
            let epochs = if i == s { max_epochs } else { r0 * eta.pow(i) };
            ((trials / eta.pow(i)).max(1), epochs)
        })
        .collect()
}

/// Draws `request.trials` settings: what the space does not vary comes from `base`.
pub fn sample(request: &SearchRequest, base: &TrialSettings) -> Vec<TrialSettings> {
    let mut rng = ChaCha8Rng::seed_from_u64(request.seed);
    let space = &request.space;
    (0..request.trials)
        .map(|_| {
            let learning_rate = match space.learning_rate {
                Some([lo, hi]) if hi > lo => rng.random_range(lo.ln()..=hi.ln()).exp(),
                Some([lo, _]) => lo,
                None => base.learning_rate,
            };
            let mut pick = |list: &[usize]| list.get(rng.random_range(0..list.len().max(1))).copied();
            let batch_size = pick(&space.batch_sizes).unwrap_or(base.batch_size);
            let units = space.units.as_ref().and_then(|u| pick(&u.choices)).or(base.units);
            let optimizer = match space.optimizers.len() {
                0 => base.optimizer.clone(),
                n => space.optimizers[rng.random_range(0..n)].clone(),
            };
            let dropout = match space.dropout {
                Some(d) if d.high > d.low => {
                    let v: f64 = rng.random_range(d.low..=d.high);
                    Some(((v / 0.05).round() * 0.05).clamp(d.low, d.high))
                }
                Some(d) => Some(d.low),
                None => base.dropout,
            };
            TrialSettings { learning_rate, batch_size, optimizer, units, dropout }
        })
        .collect()
}

impl Planner {
    /// Draws the configurations and lays out the rungs.
    ///
    /// # Errors
    /// A message for a bad request ([`validate`]).
    pub fn new(request: &SearchRequest, base: &TrialSettings) -> Result<Self, String> {
        validate(request)?;
        let configs = sample(request, base);
        let rungs = rungs(request.strategy, request.trials, request.max_epochs);
        Ok(Planner { members: (0..configs.len()).collect(), configs, rungs, rung: 0, next_member: 0, history: vec![] })
    }

    /// Every configuration drawn, by trial number.
    pub fn configs(&self) -> &[TrialSettings] {
        &self.configs
    }

    /// `(configurations, epochs)` per rung.
    pub fn rungs(&self) -> &[(usize, usize)] {
        &self.rungs
    }

    /// Most epochs the whole search can train (early stopping usually needs fewer).
    pub fn epoch_budget(&self) -> usize {
        self.rungs.iter().map(|(n, e)| n * e).sum()
    }

    /// The next run, or `None` when the search is over (or the current rung waits for scores).
    pub fn next_run(&mut self) -> Option<Proposal> {
        if self.next_member == self.members.len() {
            self.promote()?;
        }
        let trial = *self.members.get(self.next_member)?;
        self.next_member += 1;
        Some(Proposal {
            trial,
            rung: self.rung,
            settings: self.configs[trial].clone(),
            epochs: self.rungs[self.rung].1,
        })
    }

    /// Moves the best of a finished rung to the next one; `None` when there is none.
    fn promote(&mut self) -> Option<()> {
        let next = self.rungs.get(self.rung + 1)?.0;
        let mut scored: Vec<(usize, Key)> =
            self.history.iter().filter(|(_, r, _)| *r == self.rung).map(|(t, _, k)| (*t, *k)).collect();
        if scored.len() < self.members.len() {
            return None;
        }
        scored.sort_by(|a, b| key_cmp(&a.1, &b.1).then(a.0.cmp(&b.0)));
        self.members = scored.into_iter().take(next).map(|(t, _)| t).collect();
        self.rung += 1;
        self.next_member = 0;
        Some(())
    }

    /// Records the score of a run (lower is better; NaN is worst).
    pub fn record(&mut self, trial: usize, rung: usize, key: Key) {
        self.history.push((trial, rung, key));
    }

    /// The best `(trial, key)` at the highest rung that has a score.
    pub fn best(&self) -> Option<(usize, Key)> {
        let top = self.history.iter().map(|(_, r, _)| *r).max()?;
        self.history
            .iter()
            .filter(|(_, r, _)| *r == top)
            .min_by(|a, b| key_cmp(&a.2, &b.2).then(a.0.cmp(&b.0)))
            .map(|(t, _, k)| (*t, *k))
    }
}

/// The settings a spec and config have now, with the varied layer's width and rate filled in.
///
/// # Errors
/// A message when the space names a layer the spec does not have, or of the wrong kind.
pub fn base_settings(spec: &ModelSpec, config: &TrainConfig, space: &SearchSpace) -> Result<TrialSettings, String> {
    let units = match &space.units {
        Some(u) => Some(match spec.layers.get(u.layer) {
            Some(LayerSpec::Dense { units, .. }) => *units,
            Some(LayerSpec::Conv1D { filters, .. } | LayerSpec::Conv2D { filters, .. }) => *filters,
            _ => {
                return Err(format!(
                    "layer {} is not a Dense or convolution layer, so it has no units to vary",
                    u.layer + 1
                ));
            }
        }),
        None => None,
    };
    let dropout = match space.dropout {
        Some(d) => Some(match spec.layers.get(d.layer) {
            Some(LayerSpec::Dropout { rate }) => *rate,
            _ => return Err(format!("layer {} is not a Dropout layer", d.layer + 1)),
        }),
        None => None,
    };
    Ok(TrialSettings {
        learning_rate: config.optimizer.learning_rate(),
        batch_size: config.batch_size,
        optimizer: config.optimizer.id().into(),
        units,
        dropout,
    })
}

/// The spec and config of a trial: `settings` applied to the run's `spec` and `config`.
///
/// # Errors
/// A message for an unknown optimizer or a layer that does not fit (see [`base_settings`]).
pub fn apply(
    spec: &ModelSpec,
    config: &TrainConfig,
    space: &SearchSpace,
    settings: &TrialSettings,
) -> Result<(ModelSpec, TrainConfig), String> {
    base_settings(spec, config, space)?;
    let mut spec = spec.clone();
    if let (Some(u), Some(n)) = (&space.units, settings.units) {
        match spec.layers.get_mut(u.layer) {
            Some(LayerSpec::Dense { units, .. }) => *units = n,
            Some(LayerSpec::Conv1D { filters, .. } | LayerSpec::Conv2D { filters, .. }) => *filters = n,
            _ => {}
        }
    }
    if let (Some(d), Some(r)) = (space.dropout, settings.dropout)
        && let Some(LayerSpec::Dropout { rate }) = spec.layers.get_mut(d.layer)
    {
        *rate = r;
    }
    let optimizer = match OptimizerSpec::from_id(&settings.optimizer, settings.learning_rate) {
        // The run's own optimizer keeps its momentum.
        Some(_) if settings.optimizer == config.optimizer.id() => {
            config.optimizer.with_learning_rate(settings.learning_rate)
        }
        Some(o) => o,
        None => return Err(format!("unknown optimizer {:?}", settings.optimizer)),
    };
    Ok((spec, TrainConfig { optimizer, batch_size: settings.batch_size, ..config.clone() }))
}

/// A host that passes controls through but keeps a trial's own events (batches, epochs) from
/// the page, and applies no live settings.
struct Muted<'a, H: Host>(&'a mut H);

impl<H: Host> Host for Muted<'_, H> {
    fn now_ms(&self) -> f64 {
        self.0.now_ms()
    }
    fn emit(&mut self, _event: Event) {}
    fn control(&mut self) -> Control {
        self.0.control()
    }
    async fn yield_now(&mut self) {
        self.0.yield_now().await;
    }
    async fn idle(&mut self) {
        self.0.idle().await;
    }
}

/// A search over one model and data set: the planner and the finished trials.
pub struct Search {
    spec: ModelSpec,
    config: TrainConfig,
    request: SearchRequest,
    planner: Planner,
    device: Device,
    reports: Vec<TrialReport>,
    cancelled: bool,
}

impl Search {
    /// Plans a search of `request.space` around the run's `spec` and `config`.
    ///
    /// # Errors
    /// [`MlError::Invalid`] for a bad request or a space that does not fit the spec;
    /// [`MlError::Data`] when `data` has no validation split (trials are scored on it).
    pub fn new(
        spec: &ModelSpec,
        config: &TrainConfig,
        request: &SearchRequest,
        data: &Splits,
        device: &Device,
    ) -> Result<Self, MlError> {
        if data.validation.is_empty() {
            return Err(MlError::Data("a search scores each trial on the validation split, which is empty: give the split a validation fraction".into()));
        }
        let base = base_settings(spec, config, &request.space).map_err(MlError::Invalid)?;
        let planner = Planner::new(request, &base).map_err(MlError::Invalid)?;
        Ok(Search {
            spec: spec.clone(),
            config: config.clone(),
            request: request.clone(),
            planner,
            device: device.clone(),
            reports: Vec::new(),
            cancelled: false,
        })
    }

    /// The plan (configurations drawn, rungs).
    pub fn planner(&self) -> &Planner {
        &self.planner
    }

    /// Every finished run so far, in order.
    pub fn reports(&self) -> &[TrialReport] {
        &self.reports
    }

    /// True when every run is done or the search was cancelled.
    pub fn is_finished(&self) -> bool {
        self.cancelled || self.planner.clone().next_run().is_none()
    }

    /// Trains the next proposed run on `data` (the same splits every time) and returns its
    /// report; `None` when the search is over or the host said Stop (which ends the search).
    ///
    /// # Errors
    /// [`MlError::Device`] when a read-back fails. A trial that cannot train (a width the data
    /// refuses, a diverging learning rate) is a report with `error` set and ranks last.
    pub async fn run_trial(&mut self, data: &Splits, host: &mut impl Host) -> Result<Option<TrialReport>, MlError> {
        if self.cancelled {
            return Ok(None);
        }
        let Some(p) = self.planner.next_run() else { return Ok(None) };
        let mut report = TrialReport {
            trial: p.trial,
            rung: p.rung,
            settings: p.settings.clone(),
            epoch_budget: p.epochs,
            epochs: 0,
            best_epoch: 0,
            val_loss: f64::NAN,
            val_accuracy: f64::NAN,
            stopped_early: false,
            error: None,
        };
        match self.train(&p, data, host).await {
            Ok(Some((epochs, best_epoch, stopped_early, val))) => {
                report.epochs = epochs;
                report.best_epoch = best_epoch;
                report.stopped_early = stopped_early;
                report.val_loss = val.loss;
                report.val_accuracy = val.accuracy;
            }
            Ok(None) => {
                self.cancelled = true;
                return Ok(None);
            }
            Err(e @ MlError::Device(_)) => return Err(e),
            Err(e) => report.error = Some(e.to_string()),
        }
        let key = match self.request.metric {
            SearchMetric::ValLoss => (report.val_loss, -report.val_accuracy),
            SearchMetric::ValAccuracy => (-report.val_accuracy, report.val_loss),
        };
        self.planner.record(p.trial, p.rung, key);
        self.reports.push(report.clone());
        Ok(Some(report))
    }

    /// One trial's training: `(epochs, best epoch, stopped early, validation metrics)`, or
    /// `None` when the host said Stop.
    async fn train(
        &self,
        p: &Proposal,
        data: &Splits,
        host: &mut impl Host,
    ) -> Result<Option<(usize, usize, bool, kiln_protocol::TestMetrics)>, MlError> {
        let (spec, config) =
            apply(&self.spec, &self.config, &self.request.space, &p.settings).map_err(MlError::Invalid)?;
        let early = EarlyStopping {
            patience: self.request.patience,
            min_delta: 0.0,
            monitor: Monitor::ValLoss,
            restore_best_weights: true,
        };
        let config = TrainConfig { epochs: p.epochs, early_stopping: Some(early), ..config };
        let mut trainer = Trainer::from_splits(&spec, &config, data, &self.device)?;
        let outcome = trainer.fit(&mut Muted(host)).await?;
        if outcome.stopped {
            return Ok(None);
        }
        let val = trainer.validation_metrics().await?;
        Ok(Some((outcome.epochs, outcome.best_epoch.unwrap_or(outcome.epochs), outcome.early_stopped, val)))
    }

    /// Runs every remaining trial, passing each report to `on_trial`.
    ///
    /// # Errors
    /// As [`Search::run_trial`].
    pub async fn run(
        &mut self,
        data: &Splits,
        host: &mut impl Host,
        mut on_trial: impl FnMut(&TrialReport),
    ) -> Result<Vec<TrialReport>, MlError> {
        let mut out = Vec::new();
        while let Some(r) = self.run_trial(data, host).await? {
            on_trial(&r);
            out.push(r);
        }
        Ok(out)
    }

    /// The best run so far (at the highest rung reached).
    pub fn best(&self) -> Option<&TrialReport> {
        let (trial, _) = self.planner.best()?;
        let top = self.reports.iter().filter(|r| r.trial == trial).map(|r| r.rung).max()?;
        self.reports.iter().find(|r| r.trial == trial && r.rung == top)
    }

    /// "Use the best": the spec and config of the best run (epochs as the run had them, early
    /// stopping off as before), for the builder.
    pub fn best_config(&self) -> Option<(ModelSpec, TrainConfig)> {
        let best = self.best()?;
        apply(&self.spec, &self.config, &self.request.space, &best.settings).ok()
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
