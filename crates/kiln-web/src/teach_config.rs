//! Teaching mode's whole set-up as one value, and its URL form: a teacher shares a link and the
//! class opens the same data, network and hyper-parameters (`?mode=teach&data=spiral&…`).
//! The URL form is one table, [`PROPS`] (TensorFlow Playground's `State.PROPS`): each key once,
//! with how it is written and read, so the two directions cannot drift apart. The ranges and
//! choices the page's controls offer are here too. Pure (no browser calls), so it is tested on
//! the host.

use kiln_core::limits::{FloatRange, IntRange, LEARNING_RATE, PENALTY};
use kiln_core::{Activation, Engine, InputSpec, LayerSpec, LossSpec, ModelSpec, OptimizerKind, TrainConfig};
use kiln_data::teach::{Dataset2d, Feature, MAX_NOISE};
use kiln_protocol::TeachRequest;

/// Most hidden layers the diagram offers (TensorFlow Playground: 6).
pub const MAX_LAYERS: usize = 8;
/// Most neurons per hidden layer (TensorFlow Playground: 8).
pub const MAX_NEURONS: usize = 16;
/// Neurons per hidden layer.
pub const NEURONS: IntRange = IntRange { min: 1, max: MAX_NEURONS };
/// Points generated.
pub const POINTS: IntRange = IntRange { min: 10, max: 5000 };
/// Noise (TensorFlow Playground's scale; the slider shows it × 100).
pub const NOISE: FloatRange = FloatRange::closed(0.0, MAX_NOISE);
/// Training share of the points (the slider shows it in %).
pub const TRAIN_RATIO: FloatRange = FloatRange::closed(0.1, 0.9);
/// Examples per step (TensorFlow Playground's slider: 1 to 30).
pub const BATCH_SIZE: IntRange = IntRange { min: 1, max: 30 };
/// The hidden layers' activations offered (TensorFlow Playground's four).
pub const ACTIVATIONS: [Activation; 4] = [Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Linear];
/// Learning rates the select offers (a link may carry any rate in [`LEARNING_RATE`]).
pub const LEARNING_RATES: [f64; 11] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];
/// Regularisation rates the select offers (a link may carry any rate in [`PENALTY`]).
pub const REG_RATES: [f64; 8] = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];
/// Side of the decision-boundary grid, cells.
pub const BOUNDARY_RES: usize = 64;
/// Side of each neuron's heatmap, cells.
pub const NEURON_RES: usize = 20;

/// Regularisation, as TensorFlow Playground offers it (penalty on the weights in the loss).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum Regularization {
    /// No penalty.
    None,
    /// `rate · Σ|w|`.
    L1,
    /// `rate · Σw²`.
    L2,
}

impl Regularization {
    /// Every choice, in the select's order.
    pub const ALL: &'static [Regularization] = <Regularization as strum::VariantArray>::VARIANTS;

    /// URL / select value.
    pub fn id(self) -> &'static str {
        match self {
            Regularization::None => "none",
            Regularization::L1 => "l1",
            Regularization::L2 => "l2",
        }
    }

    /// The select's label.
    pub fn label(self) -> &'static str {
        match self {
            Regularization::None => "None",
            Regularization::L1 => "L1",
            Regularization::L2 => "L2",
        }
    }

    /// The choice with this [`Regularization::id`].
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.id() == id)
    }
}

/// Everything the teaching page is set to.
#[derive(Debug, Clone, PartialEq)]
pub struct TeachConfig {
    /// Generated data set.
    pub dataset: Dataset2d,
    /// Noise, 0–0.5.
    pub noise: f64,
    /// Training share of the points, 0.1–0.9.
    pub train_ratio: f64,
    /// Points generated.
    pub points: usize,
    /// Data generator seed ("regenerate" draws a new one).
    pub data_seed: u64,
    /// Selected input features, in the canonical order of [`Feature::ALL`].
    pub features: Vec<Feature>,
    /// Neurons per hidden layer.
    pub hidden: Vec<usize>,
    /// Activation of the hidden layers.
    pub activation: Activation,
    /// Optimizer.
    pub optimizer: OptimizerKind,
    /// Learning rate.
    pub learning_rate: f64,
    /// Regularisation kind.
    pub regularization: Regularization,
    /// Regularisation rate.
    pub reg_rate: f64,
    /// Examples per step.
    pub batch_size: usize,
    /// Regression instead of classification (always for the regression data sets).
    pub regression: bool,
    /// Weight-initialisation and shuffle seed.
    pub seed: u64,
    /// Show the output as hard classes instead of shades.
    pub discretize: bool,
    /// Training engine.
    pub engine: Engine,
}

impl Default for TeachConfig {
    /// TensorFlow Playground's opening set-up: circle, x₁ and x₂, two hidden layers of 4 and 2
    /// tanh neurons, SGD at 0.03, batch 10, half the points for training.
    fn default() -> Self {
        TeachConfig {
            dataset: Dataset2d::Circle,
            noise: 0.0,
            train_ratio: 0.5,
            points: 500,
            data_seed: 1,
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.03,
            regularization: Regularization::None,
            reg_rate: 0.0,
            batch_size: 10,
            regression: false,
            seed: 1,
            discretize: false,
            engine: Engine::Auto,
        }
    }
}

impl TeachConfig {
    /// True when the network should predict a number rather than a class.
    pub fn is_regression(&self) -> bool {
        self.regression || self.dataset.is_regression()
    }

    /// The network: features → hidden Dense layers → the output the task needs.
    pub fn model(&self) -> ModelSpec {
        let mut layers: Vec<LayerSpec> =
            self.hidden.iter().map(|&units| LayerSpec::Dense { units, activation: self.activation }).collect();
        let (out, loss) = if self.is_regression() {
            // TensorFlow Playground's regression output is linear (its classifier's is tanh).
            (LayerSpec::Dense { units: 1, activation: Activation::Linear }, LossSpec::MeanSquaredError)
        } else if self.dataset.classes() > 2 {
            (
                LayerSpec::Dense { units: self.dataset.classes(), activation: Activation::Softmax },
                LossSpec::CategoricalCrossEntropy,
            )
        } else {
            (LayerSpec::Dense { units: 1, activation: Activation::Sigmoid }, LossSpec::BinaryCrossEntropy)
        };
        layers.push(out);
        ModelSpec { input: InputSpec::Features { width: self.features.len() }, layers, loss }
    }

    /// The training settings.
    pub fn train_config(&self) -> TrainConfig {
        let optimizer = self.optimizer.spec(self.learning_rate);
        let (l1, l2) = match self.regularization {
            Regularization::None => (0.0, 0.0),
            Regularization::L1 => (self.reg_rate, 0.0),
            Regularization::L2 => (0.0, self.reg_rate),
        };
        TrainConfig {
            epochs: 1,
            batch_size: self.batch_size,
            optimizer,
            l1,
            l2,
            seed: self.seed,
            engine: self.engine,
            ..TrainConfig::default()
        }
    }

    /// The worker request for this set-up.
    pub fn request(&self, start_paused: bool) -> TeachRequest {
        TeachRequest {
            dataset: self.dataset.to_string(),
            points: self.points,
            noise: self.noise,
            train_ratio: self.train_ratio,
            data_seed: self.data_seed,
            features: self.features.iter().map(|f| f.name().to_string()).collect(),
            regression: self.is_regression(),
            model: self.model(),
            config: self.train_config(),
            boundary_res: BOUNDARY_RES,
            neuron_res: NEURON_RES,
            start_paused,
        }
    }

    /// Toggles a feature, keeping the canonical order and at least one feature.
    pub fn toggle_feature(&mut self, f: Feature) {
        if let Some(i) = self.features.iter().position(|&g| g == f) {
            if self.features.len() > 1 {
                self.features.remove(i);
            }
        } else {
            self.features.push(f);
            self.features.sort_by_key(|g| Feature::ALL.iter().position(|h| h == g));
        }
    }

    /// The URL query for this set-up (without the leading `?`): `mode=teach`, then every key
    /// of [`PROPS`] in order.
    pub fn to_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("mode", "teach");
        for prop in PROPS {
            query.append_pair(prop.key, &(prop.write)(self));
        }
        query.finish()
    }

    /// Reads a set-up from a URL query (with or without `?`). Missing keys keep their defaults;
    /// each unreadable value is skipped and named in the returned notes, so a damaged link still
    /// opens. Keys that are not in [`PROPS`] (such as `mode`) are left alone.
    pub fn from_query(query: &str) -> (Self, Vec<kiln_i18n::Msg>) {
        let mut c = TeachConfig::default();
        let mut notes = Vec::new();
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            if let Some(prop) = PROPS.iter().find(|p| p.key == key)
                && !(prop.read)(&mut c, &value)
            {
                notes.push(
                    kiln_i18n::Msg::new("teach-note-ignored").arg("key", key.as_ref()).arg("value", value.as_ref()),
                );
            }
        }
        (c, notes)
    }
}

/// One key of the teaching set-up's URL form.
pub struct Prop {
    /// The query key, e.g. `lr`.
    pub key: &'static str,
    /// The value as written into the link.
    pub write: fn(&TeachConfig) -> String,
    /// Sets the value from the link's text; false (and nothing changed) when it is not valid.
    pub read: fn(&mut TeachConfig, &str) -> bool,
}

/// Stores `value` in `slot` when there is one; says whether there was.
fn set<T>(slot: &mut T, value: Option<T>) -> bool {
    value.map(|v| *slot = v).is_some()
}

fn float_in(v: &str, range: FloatRange) -> Option<f64> {
    v.parse::<f64>().ok().filter(|x| range.contains(*x))
}

fn int_in(v: &str, range: IntRange) -> Option<usize> {
    v.parse::<usize>().ok().filter(|n| range.contains(*n))
}

/// Features by name, kept in the canonical order of [`Feature::ALL`]; at least one.
fn read_features(v: &str) -> Option<Vec<Feature>> {
    let fs = v.split(',').map(str::parse).collect::<Result<Vec<Feature>, _>>().ok()?;
    (!fs.is_empty()).then(|| Feature::ALL.into_iter().filter(|f| fs.contains(f)).collect())
}

/// Hidden layer sizes, `4,2`; empty for none.
fn read_layers(v: &str) -> Option<Vec<usize>> {
    if v.is_empty() {
        return Some(Vec::new());
    }
    let hs: Vec<usize> = v.split(',').map(|n| int_in(n, NEURONS)).collect::<Option<_>>()?;
    (hs.len() <= MAX_LAYERS).then_some(hs)
}

fn join<T: ToString>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// The URL form, in the order the keys are written: every key once, both directions.
pub const PROPS: &[Prop] = &[
    Prop { key: "data", write: |c| c.dataset.to_string(), read: |c, v| set(&mut c.dataset, v.parse().ok()) },
    Prop { key: "noise", write: |c| c.noise.to_string(), read: |c, v| set(&mut c.noise, float_in(v, NOISE)) },
    Prop {
        key: "train",
        write: |c| c.train_ratio.to_string(),
        read: |c, v| set(&mut c.train_ratio, float_in(v, TRAIN_RATIO)),
    },
    Prop { key: "points", write: |c| c.points.to_string(), read: |c, v| set(&mut c.points, int_in(v, POINTS)) },
    Prop { key: "dseed", write: |c| c.data_seed.to_string(), read: |c, v| set(&mut c.data_seed, v.parse().ok()) },
    Prop {
        key: "features",
        write: |c| c.features.iter().map(|f| f.name()).collect::<Vec<_>>().join(","),
        read: |c, v| set(&mut c.features, read_features(v)),
    },
    Prop { key: "layers", write: |c| join(&c.hidden), read: |c, v| set(&mut c.hidden, read_layers(v)) },
    Prop {
        key: "act",
        write: |c| c.activation.id().to_string(),
        read: |c, v| set(&mut c.activation, ACTIVATIONS.into_iter().find(|a| a.id() == v)),
    },
    Prop {
        key: "opt",
        write: |c| c.optimizer.id().to_string(),
        read: |c, v| set(&mut c.optimizer, OptimizerKind::parse(v)),
    },
    Prop {
        key: "lr",
        write: |c| c.learning_rate.to_string(),
        read: |c, v| set(&mut c.learning_rate, float_in(v, LEARNING_RATE)),
    },
    Prop {
        key: "reg",
        write: |c| c.regularization.id().to_string(),
        read: |c, v| set(&mut c.regularization, Regularization::parse(v)),
    },
    Prop { key: "rate", write: |c| c.reg_rate.to_string(), read: |c, v| set(&mut c.reg_rate, float_in(v, PENALTY)) },
    Prop {
        key: "batch",
        write: |c| c.batch_size.to_string(),
        read: |c, v| set(&mut c.batch_size, int_in(v, BATCH_SIZE)),
    },
    Prop {
        key: "problem",
        write: |c| if c.regression { "regression" } else { "classification" }.to_string(),
        read: |c, v| {
            let regression = match v {
                "regression" => Some(true),
                "classification" => Some(false),
                _ => None,
            };
            set(&mut c.regression, regression)
        },
    },
    Prop { key: "seed", write: |c| c.seed.to_string(), read: |c, v| set(&mut c.seed, v.parse().ok()) },
    Prop {
        key: "discrete",
        write: |c| if c.discretize { "1" } else { "0" }.to_string(),
        read: |c, v| set(&mut c.discretize, Some(v == "1")),
    },
    Prop { key: "engine", write: |c| c.engine.as_str().to_string(), read: |c, v| set(&mut c.engine, Engine::parse(v)) },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_round_trips() {
        let c = TeachConfig {
            dataset: Dataset2d::SpiralK { classes: 4 },
            noise: 0.25,
            features: vec![Feature::X1, Feature::X2, Feature::SinX1],
            hidden: vec![8, 8, 3],
            activation: Activation::Relu,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.003,
            regularization: Regularization::L2,
            reg_rate: 0.001,
            batch_size: 25,
            seed: 77,
            data_seed: 9,
            discretize: true,
            engine: Engine::Cpu,
            ..TeachConfig::default()
        };
        let (back, notes) = TeachConfig::from_query(&c.to_query());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, c);
        assert_eq!(back.request(true), c.request(true));
    }

    #[test]
    fn every_key_is_written_once_and_read_back() {
        let query = TeachConfig::default().to_query();
        let keys: Vec<String> = form_urlencoded::parse(query.as_bytes()).map(|(k, _)| k.into_owned()).collect();
        let mut expected = vec!["mode".to_string()];
        expected.extend(PROPS.iter().map(|p| p.key.to_string()));
        assert_eq!(keys, expected);
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "no key twice");
        // Each key's own value, read into a default set-up, is accepted.
        let c = TeachConfig { hidden: vec![], ..TeachConfig::default() };
        for prop in PROPS {
            let mut d = TeachConfig::default();
            assert!((prop.read)(&mut d, &(prop.write)(&c)), "{}", prop.key);
        }
    }

    #[test]
    fn a_damaged_link_still_opens_and_says_what_was_ignored() {
        let (c, notes) = TeachConfig::from_query("?mode=teach&data=spiral&lr=banana&layers=4,99&features=x1,zz");
        assert_eq!(c.dataset, Dataset2d::Spiral);
        assert_eq!(c.learning_rate, 0.03);
        assert_eq!(c.hidden, vec![4, 2]);
        assert_eq!(c.features, vec![Feature::X1, Feature::X2]);
        assert_eq!(notes.len(), 3, "{notes:?}");
    }

    #[test]
    fn model_follows_the_task() {
        let mut c = TeachConfig::default();
        assert_eq!(c.model().loss, LossSpec::BinaryCrossEntropy);
        assert_eq!(c.model().summary().expect("valid").total_params, 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1);
        c.dataset = Dataset2d::Plane;
        assert_eq!(c.model().loss, LossSpec::MeanSquaredError);
        c.dataset = Dataset2d::BlobsK { classes: 3 };
        assert_eq!(c.model().loss, LossSpec::CategoricalCrossEntropy);
        c.hidden.clear();
        assert!(c.model().summary().is_ok(), "no hidden layer is a valid (linear) model");
    }

    #[test]
    fn feature_toggles_keep_order_and_one_feature() {
        let mut c = TeachConfig::default();
        c.toggle_feature(Feature::X1X2);
        c.toggle_feature(Feature::X1Sq);
        assert_eq!(c.features, vec![Feature::X1, Feature::X2, Feature::X1Sq, Feature::X1X2]);
        c.features = vec![Feature::X1];
        c.toggle_feature(Feature::X1);
        assert_eq!(c.features, vec![Feature::X1]);
    }
}
