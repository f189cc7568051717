//! The lab's requests and results: compressing a trained model, federated training over simulated
//! clients, and hyper-parameter search. Plain serde data, like the rest of the protocol; the
//! engine (`kiln_ml::compress`, `kiln_ml::federated`, `kiln_ml::search`) takes the requests and
//! returns the results, and the worker forwards them to the page.

use serde::{Deserialize, Serialize};

pub use kiln_data::federated::ClientPartition;

use crate::nan_as_null;
use crate::{Msg, TestMetrics};

// ---------------------------------------------------------------------------------------------
// Compression
// ---------------------------------------------------------------------------------------------

/// How the kernels (Dense, Conv, Embedding, attention weights) are stored after compression.
/// Biases and normalisation parameters always stay f32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightFormat {
    /// Unchanged 32-bit floats (pruning only).
    Float32,
    /// Symmetric int8 post-training quantisation: `w ≈ q · s`, `q ∈ [−127, 127]`, one scale `s`
    /// per output channel (Dense, Conv) or per row (Embedding, position table).
    #[default]
    Int8,
    /// IEEE 754 half precision (round to nearest).
    Float16,
}

/// What to do to the trained model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CompressRequest {
    /// Storage of the kernels.
    #[serde(default)]
    pub format: WeightFormat,
    /// Fraction of each kernel's weights set to zero, smallest magnitudes first, in [0, 0.95].
    #[serde(default)]
    pub sparsity: f64,
    /// Epochs of fine-tuning after pruning (the pruned weights stay zero), 0–20; before
    /// quantisation. Uses the run's optimizer, learning rate and batch size.
    #[serde(default)]
    pub fine_tune_epochs: usize,
    /// Bins of each weight histogram (3–101; odd puts 0 in the middle bin).
    #[serde(default = "default_bins")]
    pub histogram_bins: usize,
}

fn default_bins() -> usize {
    31
}

impl Default for CompressRequest {
    /// int8, no pruning, no fine-tuning, 31 bins.
    fn default() -> Self {
        CompressRequest { format: WeightFormat::Int8, sparsity: 0.0, fine_tune_epochs: 0, histogram_bins: 31 }
    }
}

impl CompressRequest {
    /// Checks the ranges.
    ///
    /// # Errors
    /// A message naming the bad setting.
    pub fn validate(&self) -> Result<(), Msg> {
        if !(self.sparsity.is_finite() && (0.0..=0.95).contains(&self.sparsity)) {
            return Err(Msg::new("error-lab-sparsity").arg("value", (self.sparsity * 100.0).to_string()));
        }
        if self.fine_tune_epochs > 20 {
            return Err(Msg::new("error-lab-fine-tune").arg("value", self.fine_tune_epochs.to_string()));
        }
        if !(3..=101).contains(&self.histogram_bins) {
            return Err(Msg::new("error-lab-bins").arg("value", self.histogram_bins.to_string()));
        }
        Ok(())
    }
}

/// Counts of values in equal-width bins over `[lo, hi]` (values outside fall in the end bins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Left edge of the first bin.
    pub lo: f32,
    /// Right edge of the last bin.
    pub hi: f32,
    /// Values per bin.
    pub counts: Vec<u32>,
}

/// One tensor of the model before and after compression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TensorReport {
    /// burn's module path, also the tensor's name in the exported file, e.g. `linears.0.weight`.
    pub name: String,
    /// The builder layer it belongs to, e.g. `Dense(16, relu) · layer 3`.
    pub layer: String,
    /// Shape, e.g. `[16, 1]` for a Dense kernel `[in, units]`.
    pub shape: Vec<usize>,
    /// How it is stored: `int8 per output channel`, `int8 per row`, `float16`, `float32`.
    pub stored_as: String,
    /// Bytes it takes in the exported form (values plus scales).
    pub bytes: usize,
    /// Values set to zero by pruning (exactly `round(sparsity · total)` for a kernel).
    #[serde(default)]
    pub pruned: usize,
    /// Non-zero values after compression (int8 also rounds values below half a step to 0).
    pub kept: usize,
    /// Values in all.
    pub total: usize,
    /// Largest `|w − ŵ|` between the value about to be stored (after pruning and fine-tuning)
    /// and the stored, dequantised one: the storage error, at most half a scale step for int8.
    pub max_error: f32,
    /// Histogram of the original values (kernels only; empty counts for the others).
    pub before: Histogram,
    /// Histogram of the stored values over the same bins.
    pub after: Histogram,
}

/// Size and quality of one version of the model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelFigures {
    /// Size of the exported weights (a safetensors file of the stored tensors), bytes.
    pub bytes: usize,
    /// The same file compressed with gzip (zeros left by pruning compress well), bytes.
    pub gzip_bytes: usize,
    /// Trainable parameters.
    pub params: usize,
    /// Trainable parameters that are not zero.
    pub nonzero_params: usize,
    /// Loss and accuracy on the test split (after compression: computed with the dequantised
    /// weights, `q · s` in f32, not with int8 arithmetic).
    pub test: TestMetrics,
}

/// The before/after table of a compression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompressReport {
    /// What was asked.
    pub request: CompressRequest,
    /// The trained model as it was.
    pub before: ModelFigures,
    /// The compressed model.
    pub after: ModelFigures,
    /// `before.bytes / after.bytes`.
    pub ratio: f64,
    /// Fraction of test examples whose predicted class is the same before and after (NaN for
    /// regression or an empty test split).
    #[serde(with = "nan_as_null")]
    pub agreement: f64,
    /// Every tensor, in the model's order.
    pub tensors: Vec<TensorReport>,
    /// Fine-tuning epochs run (fewer than asked when stopped).
    pub fine_tuned_epochs: usize,
    /// How the test figures after compression were computed, for the page to show (in its
    /// language).
    pub note: Msg,
}

// ---------------------------------------------------------------------------------------------
// Federated learning
// ---------------------------------------------------------------------------------------------

/// A simulated federated run (FedAvg, McMahan et al. 2017; FedProx, Li et al. 2020). The model,
/// optimizer, learning rate and seed come from the run's spec and `TrainConfig`; its `epochs`
/// and `batch_size` are replaced by `rounds`, `local_epochs` and `local_batch`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FederatedRequest {
    /// Clients `N` the training split is dealt to (1–100).
    pub clients: usize,
    /// How rows are dealt: IID or non-IID by label (Dirichlet α).
    pub partition: ClientPartition,
    /// Fraction `C` of clients picked each round, in (0, 1]: `max(1, round(C·N))` clients.
    pub client_fraction: f64,
    /// Local epochs `E` each picked client trains per round (1–50).
    pub local_epochs: usize,
    /// Local batch size `B` (1–4096).
    pub local_batch: usize,
    /// Communication rounds `R` (1–1000).
    pub rounds: usize,
    /// FedProx proximal factor μ ≥ 0: each client's loss gets `μ/2 · ‖w − w_global‖²` (0 = FedAvg).
    #[serde(default)]
    pub prox_mu: f64,
    /// Also train the same model centrally on the whole training split with the same number of
    /// optimizer steps per round, for comparison.
    #[serde(default = "yes")]
    pub baseline: bool,
}

fn yes() -> bool {
    true
}

impl Default for FederatedRequest {
    /// 10 IID clients, all picked, E = 1, B = 32, 10 rounds, FedAvg, with the baseline.
    fn default() -> Self {
        FederatedRequest {
            clients: 10,
            partition: ClientPartition::Iid,
            client_fraction: 1.0,
            local_epochs: 1,
            local_batch: 32,
            rounds: 10,
            prox_mu: 0.0,
            baseline: true,
        }
    }
}

impl FederatedRequest {
    /// Checks the ranges (the partition's α is checked when the clients are made).
    ///
    /// # Errors
    /// A message naming the bad setting.
    pub fn validate(&self) -> Result<(), Msg> {
        if self.clients == 0 || self.clients > 100 {
            return Err(Msg::new("error-lab-clients").arg("value", self.clients.to_string()));
        }
        if !(self.client_fraction.is_finite() && self.client_fraction > 0.0 && self.client_fraction <= 1.0) {
            return Err(Msg::new("error-lab-fraction").arg("value", self.client_fraction.to_string()));
        }
        if !(1..=50).contains(&self.local_epochs) {
            return Err(Msg::new("error-lab-local-epochs").arg("value", self.local_epochs.to_string()));
        }
        if !(1..=4096).contains(&self.local_batch) {
            return Err(Msg::new("error-lab-local-batch").arg("value", self.local_batch.to_string()));
        }
        if !(1..=1000).contains(&self.rounds) {
            return Err(Msg::new("error-lab-rounds").arg("value", self.rounds.to_string()));
        }
        if !(self.prox_mu.is_finite() && (0.0..=100.0).contains(&self.prox_mu)) {
            return Err(Msg::new("error-lab-mu").arg("value", self.prox_mu.to_string()));
        }
        Ok(())
    }

    /// Clients picked per round: `max(1, round(C·N))`.
    pub fn clients_per_round(&self) -> usize {
        ((self.client_fraction * self.clients as f64).round() as usize).clamp(1, self.clients.max(1))
    }
}

/// One client of a federated run, as the class-mix bar shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientInfo {
    /// Training examples the client holds.
    pub examples: usize,
    /// Examples per class (index = class id; empty for regression).
    pub class_counts: Vec<usize>,
}

/// How the training split was dealt (sent once, before the first round).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FederatedSetup {
    /// Every client, in order.
    pub clients: Vec<ClientInfo>,
    /// Class names, index = class id.
    pub class_names: Vec<String>,
    /// Clients picked per round.
    pub clients_per_round: usize,
}

/// What one picked client did in a round (its own data only; nothing else leaves it but weights).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClientRound {
    /// Client index.
    pub client: usize,
    /// Its training examples (its weight in the average is `examples / Σ examples`).
    pub examples: usize,
    /// Mean training loss over its last local epoch, on its own data.
    #[serde(with = "nan_as_null")]
    pub local_loss: f64,
    /// Training accuracy over its last local epoch, on its own data (NaN for regression).
    #[serde(with = "nan_as_null")]
    pub local_accuracy: f64,
}

/// One communication round: the averaged global model on the test split, the picked clients,
/// and the centralised baseline after the same number of optimizer steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundReport {
    /// 1-based round.
    pub round: usize,
    /// The global model after averaging, on the test split.
    pub global: TestMetrics,
    /// The centralised baseline on the test split (`None` without a baseline).
    pub baseline: Option<TestMetrics>,
    /// The clients picked this round.
    pub clients: Vec<ClientRound>,
    /// Optimizer steps all clients took so far (the baseline has taken as many).
    pub steps: usize,
}

// ---------------------------------------------------------------------------------------------
// Hyper-parameter search
// ---------------------------------------------------------------------------------------------

/// The settings a search may vary; `None` / empty leaves a setting as the run has it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchSpace {
    /// Learning rate drawn log-uniformly in `[low, high]` (0 < low ≤ high ≤ 10).
    #[serde(default)]
    pub learning_rate: Option<[f64; 2]>,
    /// Batch sizes to choose from.
    #[serde(default)]
    pub batch_sizes: Vec<usize>,
    /// Units (Dense) or filters (Conv) of one layer.
    #[serde(default)]
    pub units: Option<UnitsChoice>,
    /// Rate of one Dropout layer, drawn uniformly in `[low, high]` ⊂ [0, 0.9] (to 0.05).
    #[serde(default)]
    pub dropout: Option<DropoutChoice>,
    /// Optimizer ids to choose from (`sgd`, `momentum`, `adam`, `adamw`, `rmsprop`).
    #[serde(default)]
    pub optimizers: Vec<String>,
}

/// Which layer's width varies, and the widths to choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitsChoice {
    /// 0-based index into the spec's layers (a Dense, Conv1D or Conv2D that is not the output).
    pub layer: usize,
    /// Units / filters to choose from.
    pub choices: Vec<usize>,
}

/// Which Dropout layer's rate varies, and its range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DropoutChoice {
    /// 0-based index of a Dropout layer in the spec.
    pub layer: usize,
    /// Lowest rate.
    pub low: f64,
    /// Highest rate.
    pub high: f64,
}

/// How trials are chosen and how long they train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SearchStrategy {
    /// Random search (Bergstra & Bengio 2012): every trial drawn at random, trained up to the
    /// full epoch budget.
    Random,
    /// Successive halving (Jamieson & Talwalkar 2016, the inner loop of Hyperband, Li et al.
    /// 2017): all trials start with a small epoch budget; the best `1/η` go on with `η` times
    /// the budget, until the full budget.
    SuccessiveHalving {
        /// Reduction factor η (2–4; 3 is Hyperband's default).
        eta: usize,
    },
}

/// Which validation figure ranks trials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchMetric {
    /// Lowest validation loss (the metric early stopping watches).
    #[default]
    ValLoss,
    /// Highest validation accuracy (ties broken by the loss).
    ValAccuracy,
}

/// A hyper-parameter search over the current model and data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// What may vary.
    pub space: SearchSpace,
    /// Random search or successive halving.
    pub strategy: SearchStrategy,
    /// Configurations to try (1–200).
    pub trials: usize,
    /// Most epochs a trial trains (the full budget; 1–500).
    pub max_epochs: usize,
    /// Early-stopping patience of every trial, on the validation loss (best weights restored).
    pub patience: usize,
    /// How trials are ranked.
    #[serde(default)]
    pub metric: SearchMetric,
    /// Seeds the draws (each trial trains with the run's own seed).
    pub seed: u64,
}

/// The settings of one trial (every field filled, varied or not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialSettings {
    /// Learning rate.
    pub learning_rate: f64,
    /// Batch size.
    pub batch_size: usize,
    /// Optimizer id.
    pub optimizer: String,
    /// Units / filters of the varied layer (`None` when not varied).
    pub units: Option<usize>,
    /// Rate of the varied Dropout layer (`None` when not varied).
    pub dropout: Option<f64>,
}

/// One finished training run of a search (a trial promoted by successive halving has one row
/// per rung).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialReport {
    /// 0-based configuration number.
    pub trial: usize,
    /// 0-based rung (always 0 for random search).
    pub rung: usize,
    /// Its settings.
    pub settings: TrialSettings,
    /// Epochs it was allowed.
    pub epoch_budget: usize,
    /// Epochs it ran (fewer when early stopping ended it).
    pub epochs: usize,
    /// Epoch whose weights were kept (the best validation loss).
    pub best_epoch: usize,
    /// Validation loss of the kept weights.
    #[serde(with = "nan_as_null")]
    pub val_loss: f64,
    /// Validation accuracy of the kept weights (NaN for regression).
    #[serde(with = "nan_as_null")]
    pub val_accuracy: f64,
    /// True when early stopping ended it before its budget.
    pub stopped_early: bool,
    /// `None` when it trained; otherwise why it could not (e.g. a layer width the data refuses).
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_and_fill_defaults() {
        let c: CompressRequest = serde_json::from_str(r#"{"sparsity":0.5}"#).expect("loads");
        assert_eq!(c, CompressRequest { sparsity: 0.5, ..CompressRequest::default() });
        assert!(
            CompressRequest { sparsity: 0.99, ..c }
                .validate()
                .map_err(|m| kiln_i18n::english(&m))
                .unwrap_err()
                .contains("95")
        );
        let f = FederatedRequest { partition: ClientPartition::Dirichlet { alpha: 0.5 }, ..Default::default() };
        let json = serde_json::to_string(&f).expect("serialises");
        assert!(json.contains(r#""partition":{"type":"dirichlet","alpha":0.5}"#), "{json}");
        assert_eq!(serde_json::from_str::<FederatedRequest>(&json).expect("loads"), f);
        assert_eq!(FederatedRequest { client_fraction: 0.1, clients: 10, ..f }.clients_per_round(), 1);
        assert_eq!(FederatedRequest { client_fraction: 0.01, clients: 10, ..f }.clients_per_round(), 1);
        assert!(FederatedRequest { client_fraction: 0.0, ..f }.validate().is_err());
        let r = TrialReport {
            trial: 0,
            rung: 0,
            settings: TrialSettings {
                learning_rate: 0.01,
                batch_size: 32,
                optimizer: "adam".into(),
                units: None,
                dropout: None,
            },
            epoch_budget: 5,
            epochs: 5,
            best_epoch: 5,
            val_loss: 0.5,
            val_accuracy: f64::NAN,
            stopped_early: false,
            error: None,
        };
        let json = serde_json::to_string(&r).expect("serialises");
        assert!(json.contains(r#""val_accuracy":null"#), "{json}");
        assert!(serde_json::from_str::<TrialReport>(&json).expect("loads").val_accuracy.is_nan());
    }
}
