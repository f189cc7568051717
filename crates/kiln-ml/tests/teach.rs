//! Teaching mode's learning checks (issue: "Teaching mode"): with fixed seeds, on burn's CPU
//! backend, the same session the browser worker runs.

use kiln_core::{Activation, InputSpec, LayerSpec, LiveSettings, LossSpec, ModelSpec, OptimizerSpec, TrainConfig};
use kiln_ml::teach::TeachSession;
use kiln_ml::{Control, Device, Host, MlError};
use kiln_protocol::{Event, TeachRequest, dequantize};

struct Quiet;

impl Host for Quiet {
    fn now_ms(&self) -> f64 {
        0.0
    }
    fn emit(&mut self, _event: Event) {}
    fn control(&mut self) -> Control {
        Control::Run
    }
    async fn yield_now(&mut self) {}
}

fn request(dataset: &str, features: &[&str], hidden: &[usize], optimizer: OptimizerSpec) -> TeachRequest {
    let mut layers: Vec<LayerSpec> =
        hidden.iter().map(|&units| LayerSpec::Dense { units, activation: Activation::Tanh }).collect();
    layers.push(LayerSpec::Dense { units: 1, activation: Activation::Sigmoid });
    TeachRequest {
        dataset: dataset.into(),
        points: 500,
        noise: 0.0,
        train_ratio: 0.5,
        data_seed: 1,
        features: features.iter().map(|f| f.to_string()).collect(),
        regression: false,
        model: ModelSpec {
            input: InputSpec::Features { width: features.len() },
            layers,
            loss: LossSpec::BinaryCrossEntropy,
        },
        config: TrainConfig { batch_size: 10, optimizer, seed: 1, ..TrainConfig::default() },
        boundary_res: 32,
        neuron_res: 8,
        start_paused: false,
    }
}

/// Trains `epochs` epochs and returns the last frame's test accuracy.
fn train(req: &TeachRequest, epochs: usize) -> Result<f64, MlError> {
    let (mut session, data) = TeachSession::new(req, &Device::flex())?;
    assert_eq!(data.points.len(), req.points);
    for _ in 0..epochs {
        futures::executor::block_on(session.trainer_mut().run_epoch(&mut Quiet))?;
    }
    let frame = futures::executor::block_on(session.frame())?;
    Ok(frame.test_accuracy)
}

/// burn's CPU device has one random generator per process and initialises weights lazily: tests
/// that train hold this so another test cannot draw from it between a seed and an init.
static SEEDED: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn spiral_with_two_hidden_layers_of_eight_tanh_reaches_90_percent() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let req = request("spiral", &["x1", "x2"], &[8, 8], OptimizerSpec::Adam { learning_rate: 0.01 });
    let acc = train(&req, 300).expect("trains");
    println!("spiral, x1 x2, 8-8 tanh, Adam 0.01, 300 epochs: test accuracy {:.1} %", acc * 100.0);
    assert!(acc >= 0.90, "test accuracy {acc}");
}

#[test]
fn xor_with_the_product_feature_reaches_95_percent() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let req = request("xor", &["x1x2"], &[], OptimizerSpec::Sgd { learning_rate: 0.03, momentum: 0.0 });
    let acc = train(&req, 50).expect("trains");
    println!("xor, x1x2 only, no hidden layer, SGD 0.03, 50 epochs: test accuracy {:.1} %", acc * 100.0);
    assert!(acc >= 0.95, "test accuracy {acc}");
}

#[test]
fn spiral_regression_at_learning_rate_10_explains_the_nan() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut req = request("spiral", &["x1", "x2"], &[8, 8], OptimizerSpec::Sgd { learning_rate: 10.0, momentum: 0.0 });
    req.regression = true;
    req.model.layers.pop();
    req.model.layers.push(LayerSpec::Dense { units: 1, activation: Activation::Linear });
    req.model.loss = LossSpec::MeanSquaredError;
    let err = train(&req, 50).expect_err("diverges");
    let msg = err.to_string();
    assert!(msg.starts_with("loss became"), "{msg}");
    assert!(msg.contains("the learning rate 10 is too high for SGD; try 0.01"), "{msg}");
}

#[test]
fn frames_cover_every_unit_and_weight_edits_show() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let req = request("circle", &["x1", "x2"], &[4, 2], OptimizerSpec::Sgd { learning_rate: 0.03, momentum: 0.0 });
    let (mut session, _) = TeachSession::new(&req, &Device::flex()).expect("builds");
    let frame = futures::executor::block_on(session.frame()).expect("frame");
    assert_eq!(frame.boundary.len(), 32 * 32);
    assert_eq!(frame.outputs, 1);
    let units: Vec<usize> = frame.neurons.iter().map(Vec::len).collect();
    assert_eq!(units, [4, 2, 1]);
    assert!(frame.neurons.iter().flatten().all(|n| n.len() == 8 * 8));
    let shapes: Vec<(usize, usize)> = frame.weights.iter().map(|(w, b)| (w.len(), b.len())).collect();
    assert_eq!(shapes, [(2 * 4, 4), (4 * 2, 2), (2, 1)]);
    // Edit the weight from x1 to the first neuron; the next frame shows it.
    session.trainer_mut().network_mut().set_dense_weight(0, 0, 0, 2.5);
    let after = futures::executor::block_on(session.frame()).expect("frame");
    assert_eq!(after.weights[0].0[0], 2.5);
    assert_ne!(after.neurons[0][0], frame.neurons[0][0], "the neuron's heatmap changes");
    // A neuron heatmap decodes back into [-1, 1].
    assert!(after.neurons[0][0].iter().all(|&b| (-1.0..=1.0).contains(&dequantize(b, -1.0, 1.0))));
    // Live settings apply without a rebuild.
    let live = LiveSettings { learning_rate: 0.1, l1: 0.0, l2: 0.01, weight_decay: 0.0 };
    session.trainer_mut().apply_settings(live).expect("valid");
    assert_eq!(session.trainer().config().l2, 0.01);
}

#[test]
fn same_seed_same_first_epoch_loss() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let req = request("gauss", &["x1", "x2"], &[4], OptimizerSpec::Sgd { learning_rate: 0.03, momentum: 0.0 });
    let first = |r: &TeachRequest| {
        let (mut s, _) = TeachSession::new(r, &Device::flex()).expect("builds");
        futures::executor::block_on(s.trainer_mut().run_epoch(&mut Quiet)).expect("epoch").expect("ran").val_loss
    };
    assert_eq!(first(&req), first(&req));
    let mut other = req.clone();
    other.config.seed = 2;
    assert_ne!(first(&req), first(&other));
}
