//! Teaching mode's whole set-up as one value, and its URL form: a teacher shares a link and the
//! class opens the same data, network and hyper-parameters (`?mode=teach&data=spiral&…`).
//! Pure (no browser calls), so it is tested on the host.

use kiln_core::{Activation, Engine, InputSpec, LayerSpec, LossSpec, ModelSpec, OptimizerSpec, TrainConfig};
use kiln_data::teach::{Dataset2d, Feature, MAX_NOISE};
use kiln_protocol::TeachRequest;

/// Most hidden layers the diagram offers (TensorFlow Playground: 6).
pub const MAX_LAYERS: usize = 8;
/// Most neurons per hidden layer (TensorFlow Playground: 8).
pub const MAX_NEURONS: usize = 16;
/// Side of the decision-boundary grid, cells.
pub const BOUNDARY_RES: usize = 64;
/// Side of each neuron's heatmap, cells.
pub const NEURON_RES: usize = 20;

/// Regularisation, as TensorFlow Playground offers it (penalty on the weights in the loss).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regularization {
    /// No penalty.
    None,
    /// `rate · Σ|w|`.
    L1,
    /// `rate · Σw²`.
    L2,
}

impl Regularization {
    /// URL / select value.
    pub fn id(self) -> &'static str {
        match self {
            Regularization::None => "none",
            Regularization::L1 => "l1",
            Regularization::L2 => "l2",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "none" => Regularization::None,
            "l1" => Regularization::L1,
            "l2" => Regularization::L2,
            _ => return None,
        })
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
    /// Optimizer id (`sgd`, `momentum`, `adam`, `adamw`, `rmsprop`).
    pub optimizer: &'static str,
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
            optimizer: "sgd",
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

const OPTIMIZERS: [&str; 5] = ["sgd", "momentum", "adam", "adamw", "rmsprop"];
const ACTIVATIONS: [Activation; 4] = [Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Linear];

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
        let optimizer = OptimizerSpec::from_id(self.optimizer, self.learning_rate)
            .unwrap_or(OptimizerSpec::Sgd { learning_rate: self.learning_rate, momentum: 0.0 });
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

    /// The URL query for this set-up (without the leading `?`).
    pub fn to_query(&self) -> String {
        let features: Vec<&str> = self.features.iter().map(|f| f.name()).collect();
        let hidden: Vec<String> = self.hidden.iter().map(usize::to_string).collect();
        form_urlencoded::Serializer::new(String::new())
            .append_pair("mode", "teach")
            .append_pair("data", &self.dataset.to_string())
            .append_pair("noise", &self.noise.to_string())
            .append_pair("train", &self.train_ratio.to_string())
            .append_pair("points", &self.points.to_string())
            .append_pair("dseed", &self.data_seed.to_string())
            .append_pair("features", &features.join(","))
            .append_pair("layers", &hidden.join(","))
            .append_pair("act", self.activation.name())
            .append_pair("opt", self.optimizer)
            .append_pair("lr", &self.learning_rate.to_string())
            .append_pair("reg", self.regularization.id())
            .append_pair("rate", &self.reg_rate.to_string())
            .append_pair("batch", &self.batch_size.to_string())
            .append_pair("problem", if self.regression { "regression" } else { "classification" })
            .append_pair("seed", &self.seed.to_string())
            .append_pair("discrete", if self.discretize { "1" } else { "0" })
            .append_pair("engine", self.engine.as_str())
            .finish()
    }

    /// Reads a set-up from a URL query (with or without `?`). Missing keys keep their defaults;
    /// each unreadable value is skipped and named in the returned notes, so a damaged link still
    /// opens.
    pub fn from_query(query: &str) -> (Self, Vec<String>) {
        let mut c = TeachConfig::default();
        let mut notes = Vec::new();
        let query = query.trim_start_matches('?');
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let v = value.as_ref();
            let ok = match key.as_ref() {
                "mode" => true,
                "data" => v.parse().map(|d| c.dataset = d).is_ok(),
                "noise" => parse_in(v, 0.0, MAX_NOISE).map(|x| c.noise = x).is_some(),
                "train" => parse_in(v, 0.1, 0.9).map(|x| c.train_ratio = x).is_some(),
                "points" => v.parse().ok().filter(|n| (10..=5000).contains(n)).map(|n| c.points = n).is_some(),
                "dseed" => v.parse().map(|n| c.data_seed = n).is_ok(),
                "seed" => v.parse().map(|n| c.seed = n).is_ok(),
                "features" => {
                    let fs: Result<Vec<Feature>, _> = v.split(',').map(str::parse).collect();
                    match fs {
                        Ok(fs) if !fs.is_empty() => {
                            c.features = Feature::ALL.into_iter().filter(|f| fs.contains(f)).collect();
                            true
                        }
                        _ => false,
                    }
                }
                "layers" if v.is_empty() => {
                    c.hidden.clear();
                    true
                }
                "layers" => {
                    let hs: Option<Vec<usize>> =
                        v.split(',').map(|n| n.parse().ok().filter(|n| (1..=MAX_NEURONS).contains(n))).collect();
                    match hs {
                        Some(hs) if hs.len() <= MAX_LAYERS => {
                            c.hidden = hs;
                            true
                        }
                        _ => false,
                    }
                }
                "act" => ACTIVATIONS.iter().find(|a| a.name() == v).map(|a| c.activation = *a).is_some(),
                "opt" => OPTIMIZERS.iter().find(|o| **o == v).map(|o| c.optimizer = o).is_some(),
                "lr" => parse_in(v, 1e-6, 10.0).map(|x| c.learning_rate = x).is_some(),
                "reg" => Regularization::parse(v).map(|r| c.regularization = r).is_some(),
                "rate" => parse_in(v, 0.0, 1.0).map(|x| c.reg_rate = x).is_some(),
                "batch" => v.parse().ok().filter(|n| (1..=100).contains(n)).map(|n| c.batch_size = n).is_some(),
                "problem" => match v {
                    "regression" => {
                        c.regression = true;
                        true
                    }
                    "classification" => {
                        c.regression = false;
                        true
                    }
                    _ => false,
                },
                "discrete" => {
                    c.discretize = v == "1";
                    true
                }
                "engine" => Engine::parse(v).map(|e| c.engine = e).is_some(),
                _ => true,
            };
            if !ok {
                notes.push(format!("ignored {key}={v} from the link (not a valid value)"));
            }
        }
        (c, notes)
    }
}

fn parse_in(v: &str, lo: f64, hi: f64) -> Option<f64> {
    v.parse::<f64>().ok().filter(|x| x.is_finite() && (lo..=hi).contains(x))
}

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
            optimizer: "adam",
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
