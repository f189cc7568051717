//! The lab slice: the three lab panels' settings, the lab job the page waits for (one at a
//! time: compression, federated training or search), and what each job sent back — the
//! compression table, the clients and rounds of a federated run, the trials of a search. Events of
//! other runs never reach it (see [`super`]); a Stop, a new guided run or a failure ends the job
//! (`LabEvent::Done` or `Event::Error`).

use kiln_core::{LayerSpec, ModelSpec, TrainConfig};
use kiln_data::id::DataId;
use kiln_protocol::lab::{
    ClientPartition, CompressReport, CompressRequest, FederatedRequest, FederatedSetup, RoundReport, SearchMetric,
    SearchStrategy, TrialReport,
};
use kiln_protocol::{Event, LabEvent, Msg, RunId, TestMetrics};

/// Which lab panel is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LabTab {
    /// Compress the trained model.
    #[default]
    Compress,
    /// Federated training.
    Federated,
    /// Hyper-parameter search.
    Search,
}

/// Which kind of lab job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabJob {
    /// A compression of the model trained by this run.
    Compress(RunId),
    /// "Keep as current model".
    Keep,
    /// A federated run.
    Federated,
    /// A search.
    Search,
}

/// The search panel's ticked space (turned into a `SearchSpace` when Search is pressed).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchForm {
    /// Vary the learning rate, log-uniformly in this range.
    pub learning_rate: Option<[f64; 2]>,
    /// Vary the batch size among 16, 32, 64, 128.
    pub batch_sizes: bool,
    /// Vary the units of the first hidden Dense / Conv layer among 8, 16, 32, 64.
    pub units: bool,
    /// Vary the rate of the first Dropout layer in [0, 0.5].
    pub dropout: bool,
    /// Vary the optimizer among SGD, Adam, RMSprop.
    pub optimizers: bool,
    /// Random search or successive halving.
    pub strategy: SearchStrategy,
    /// Configurations to try.
    pub trials: usize,
    /// Most epochs per trial.
    pub max_epochs: usize,
    /// Early-stopping patience per trial.
    pub patience: usize,
    /// How trials are ranked.
    pub metric: SearchMetric,
}

impl Default for SearchForm {
    /// Learning rate in [1e-4, 1e-1] and batch size, random search, 12 trials of at most 20
    /// epochs, patience 3, ranked by validation loss.
    fn default() -> Self {
        SearchForm {
            learning_rate: Some([1e-4, 1e-1]),
            batch_sizes: true,
            units: false,
            dropout: false,
            optimizers: false,
            strategy: SearchStrategy::Random,
            trials: 12,
            max_epochs: 20,
            patience: 3,
            metric: SearchMetric::ValLoss,
        }
    }
}

/// Column the trials table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrialSort {
    /// Run order.
    #[default]
    Order,
    /// Validation loss, lowest first.
    ValLoss,
    /// Validation accuracy, highest first.
    ValAccuracy,
    /// Learning rate, lowest first.
    LearningRate,
}

/// The lab.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// The panel shown.
    pub tab: LabTab,
    /// The lab job the page waits for, and its kind.
    pub job: Option<(RunId, LabJob)>,
    /// The job is still in the worker.
    pub running: bool,
    /// What the worker is doing (`None` before the first job).
    pub status: Option<Msg>,
    /// Compression settings.
    pub compress: CompressRequest,
    /// The last compression's table, its job and the model run it compressed.
    pub report: Option<(RunId, RunId, Box<CompressReport>)>,
    /// The compressed model was kept as the current one: its test metrics.
    pub kept: Option<TestMetrics>,
    /// Federated settings.
    pub federated: FederatedRequest,
    /// The clients of the last federated run.
    pub setup: Option<FederatedSetup>,
    /// Its rounds so far.
    pub rounds: Vec<RoundReport>,
    /// The search form.
    pub search: SearchForm,
    /// Configurations and epochs of the last search.
    pub planned: Option<(usize, usize)>,
    /// Its finished trials, in run order.
    pub trials: Vec<TrialReport>,
    /// Its best configuration (index) and the settings to load.
    pub best: Option<(usize, Box<(ModelSpec, TrainConfig)>)>,
    /// How the trials table is sorted.
    pub sort: TrialSort,
    /// The last job was stopped by the person.
    pub stopped: bool,
}

impl Default for LabState {
    fn default() -> Self {
        LabState {
            tab: LabTab::Compress,
            job: None,
            running: false,
            status: None,
            compress: CompressRequest::default(),
            report: None,
            kept: None,
            federated: FederatedRequest {
                clients: 10,
                partition: ClientPartition::Dirichlet { alpha: 0.5 },
                rounds: 10,
                ..FederatedRequest::default()
            },
            setup: None,
            rounds: Vec::new(),
            search: SearchForm::default(),
            planned: None,
            trials: Vec::new(),
            best: None,
            sort: TrialSort::Order,
            stopped: false,
        }
    }
}

/// A change to the lab from the page.
#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    /// A panel was chosen.
    Tab(LabTab),
    /// A job was sent as this run.
    Started(RunId, LabJob),
    /// Stop was pressed (the job's `Done` follows).
    Stopping,
    /// Compression settings changed.
    SetCompress(CompressRequest),
    /// Federated settings changed (already checked).
    SetFederated(FederatedRequest),
    /// The search form changed.
    SetSearch(SearchForm),
    /// A trials-table column was clicked.
    Sort(TrialSort),
}

/// `x` to `digits` significant digits (3: 0.020746268240354356 → 0.0207), so a value found by a
/// search reads as a person would type it; 0 and non-finite values are returned as they are.
pub fn significant(x: f64, digits: usize) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{:.*e}", digits.saturating_sub(1), x).parse().unwrap_or(x)
}

impl LabState {
    /// The search's best settings as "Use the best settings" loads them: the trial's spec and
    /// training settings with the learning rate and Dropout rates to 3 significant digits (the
    /// search drew them from a continuous range; 0.0207 trains as 0.020746 does).
    pub fn best_settings(&self) -> Option<(ModelSpec, TrainConfig)> {
        let (_, best) = self.best.as_ref()?;
        let (mut spec, mut config) = (**best).clone();
        config.optimizer = config.optimizer.with_learning_rate(significant(config.optimizer.learning_rate(), 3));
        for layer in &mut spec.layers {
            if let LayerSpec::Dropout { rate } = layer {
                *rate = significant(*rate, 3);
            }
        }
        Some((spec, config))
    }

    /// The slice waits for its job's events.
    pub fn waits_for(&self, run: RunId) -> bool {
        self.job.is_some_and(|(r, _)| r == run)
    }

    /// The kind of job running, if one is.
    pub fn running_job(&self) -> Option<LabJob> {
        self.job.filter(|_| self.running).map(|(_, j)| j)
    }

    /// Applies a change.
    pub fn apply(&mut self, action: LabAction) {
        match action {
            LabAction::Tab(t) => self.tab = t,
            LabAction::Started(run, job) => {
                self.job = Some((run, job));
                self.running = true;
                self.stopped = false;
                self.status = Some(Msg::new("lab-status-starting"));
                match job {
                    LabJob::Compress(_) => {
                        self.report = None;
                        self.kept = None;
                    }
                    LabJob::Keep => {}
                    LabJob::Federated => {
                        self.setup = None;
                        self.rounds.clear();
                    }
                    LabJob::Search => {
                        self.planned = None;
                        self.trials.clear();
                        self.best = None;
                    }
                }
            }
            LabAction::Stopping => self.status = Some(Msg::new("lab-status-stopping")),
            LabAction::SetCompress(r) => self.compress = r,
            LabAction::SetFederated(r) => self.federated = r,
            LabAction::SetSearch(f) => self.search = f,
            LabAction::Sort(s) => self.sort = s,
        }
    }

    /// Applies an event of the job.
    pub fn on_event(&mut self, event: Event) {
        match event {
            Event::Status(s) => self.status = Some(s),
            Event::EngineChosen { reason, .. } => self.status = Some(reason),
            Event::Error(_) => self.running = false,
            Event::Lab(e) => self.on_lab(*e),
            _ => {}
        }
    }

    fn on_lab(&mut self, event: LabEvent) {
        match event {
            LabEvent::Compressed(report) => {
                if let Some((run, LabJob::Compress(model))) = self.job {
                    self.report = Some((run, model, report));
                }
            }
            LabEvent::Kept { test } => self.kept = Some(test),
            LabEvent::FederatedSetup(s) => self.setup = Some(s),
            LabEvent::Round(r) => {
                self.status = Some(
                    Msg::new("lab-status-round")
                        .arg("round", r.round.to_string())
                        .arg("rounds", self.federated.rounds.to_string()),
                );
                self.rounds.push(r);
            }
            LabEvent::SearchPlanned { trials, max_epochs } => self.planned = Some((trials, max_epochs)),
            LabEvent::Trial(t) => {
                self.status = Some(Msg::new("lab-status-trial").arg("trial", t.trial + 1).arg("rung", t.rung));
                self.trials.push(t);
            }
            LabEvent::SearchBest { trial, best } => self.best = trial.zip(best),
            LabEvent::Done { stopped } => {
                self.running = false;
                self.stopped = stopped;
                self.status = Some(Msg::new(if stopped { "lab-status-stopped" } else { "lab-status-done" }));
            }
        }
    }
}

/// Where the page's model came from, as the lab needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelData {
    /// The data set it was trained on.
    pub dataset: DataId,
    /// It was trained in this page (a guided run): the worker holds its trainer and splits, so it
    /// can be compressed. A model opened from a file or restored from the last session cannot.
    pub trained_here: bool,
}

impl super::State {
    /// The data set the model that "Try it" and the lab use was trained on, and how the page got
    /// it: from the runs table for a guided run, from the file for an opened or restored model.
    pub fn model_data(&self) -> Option<ModelData> {
        let model = self.run.usable_model()?;
        if let Some((_, record)) = self.runs.records.iter().find(|(run, _)| *run == model) {
            return Some(ModelData { dataset: record.dataset_id.clone(), trained_here: true });
        }
        let opened = self.deploy.opened.as_ref().filter(|o| o.run == model)?;
        let dataset = opened.info.dataset.parse::<DataId>().unwrap_or_else(|never| match never {});
        Some(ModelData { dataset, trained_here: false })
    }
}

/// Why Lab → Compress cannot run on the page's model now, as the message it shows (`None`: it
/// can). Compression measures the model on its own test split, so it refuses a model trained on
/// another data set than the one chosen now (the tabs would otherwise work on different data),
/// a model opened from a file or restored (the worker has no training data for it), and no model.
pub fn compress_refusal(model: Option<&ModelData>, current: Option<&DataId>) -> Option<Msg> {
    let Some(model) = model else { return Some(Msg::new("lab-compress-no-model")) };
    if !model.trained_here {
        return Some(Msg::new("lab-compress-opened").arg("model", super::data::dataset_label(&model.dataset)));
    }
    match current {
        Some(current) if *current != model.dataset => Some(
            Msg::new("lab-compress-other-data")
                .arg("model", super::data::dataset_label(&model.dataset))
                .arg("current", super::data::dataset_label(current)),
        ),
        _ => None,
    }
}

#[cfg(test)]
#[path = "lab_tests.rs"]
mod tests;
