//! The training loop on burn's CPU backend: every optimizer and loss learns, and the controls
//! (pause, step, live settings, stop, divergence and restore) behave as the page relies on.

use std::collections::VecDeque;

use kiln_core::{
    Activation, InputSpec, LayerSpec, LiveSettings, LossSpec, LrSchedule, ModelSpec, OptimizerSpec, TrainConfig,
};
use kiln_data::{Examples, Inputs, Splits, Targets};
use kiln_ml::{Control, Device, Host, MlError, Trainer};
use kiln_protocol::Event;

/// A host that replays a script of controls (then `Run`) and records events.
#[derive(Default)]
struct Scripted {
    controls: VecDeque<Control>,
    settings: VecDeque<(usize, LiveSettings)>,
    calls: usize,
    events: Vec<Event>,
}

impl Host for Scripted {
    fn now_ms(&self) -> f64 {
        self.calls as f64
    }
    fn emit(&mut self, event: Event) {
        self.events.push(event);
    }
    fn control(&mut self) -> Control {
        self.calls += 1;
        self.controls.pop_front().unwrap_or(Control::Run)
    }
    fn take_settings(&mut self) -> Option<LiveSettings> {
        if self.settings.front().is_some_and(|(at, _)| *at <= self.calls) {
            return self.settings.pop_front().map(|(_, s)| s);
        }
        None
    }
    async fn yield_now(&mut self) {}
}

impl Scripted {
    fn epoch_losses(&self) -> Vec<f64> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Epoch(m) => Some(m.train_loss),
                _ => None,
            })
            .collect()
    }
}

/// XOR-like quadrants: label 1 when x₁·x₂ > 0; features x₁, x₂, x₁x₂ on a fixed grid.
fn quadrants(n_side: usize) -> Splits {
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for i in 0..n_side {
        for j in 0..n_side {
            let x1 = (i as f32 + 0.5) / n_side as f32 * 2.0 - 1.0;
            let x2 = (j as f32 + 0.5) / n_side as f32 * 2.0 - 1.0;
            values.extend([x1, x2, x1 * x2]);
            labels.push(u32::from(x1 * x2 > 0.0));
        }
    }
    let train = Examples { inputs: Inputs::Features { values, width: 3 }, targets: Targets::Binary { labels } };
    Splits {
        validation: train.clone(),
        test: train.clone(),
        train,
        class_names: vec!["-".into(), "+".into()],
        test_raw: Default::default(),
    }
}

fn mlp(width: usize, hidden: usize, out: usize, last: Activation, loss: LossSpec) -> ModelSpec {
    ModelSpec {
        input: InputSpec::Features { width },
        layers: vec![
            LayerSpec::Dense { units: hidden, activation: Activation::Tanh },
            LayerSpec::Dense { units: out, activation: last },
        ],
        loss,
    }
}

fn binary_spec() -> ModelSpec {
    mlp(3, 8, 1, Activation::Sigmoid, LossSpec::BinaryCrossEntropy)
}

fn config(optimizer: OptimizerSpec, epochs: usize) -> TrainConfig {
    TrainConfig { epochs, batch_size: 16, optimizer, seed: 3, ..TrainConfig::default() }
}

fn fit(spec: &ModelSpec, cfg: &TrainConfig, data: &Splits, host: &mut Scripted) -> Result<Trainer, MlError> {
    let mut t = Trainer::from_splits(spec, cfg, data, &Device::flex())?;
    futures::executor::block_on(t.fit(host))?;
    Ok(t)
}

/// burn's CPU device has one random generator per process and initialises weights lazily: tests
/// that train hold this so another test cannot draw from it between a seed and an init.
static SEEDED: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn every_optimizer_learns_quadrants() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = quadrants(12);
    for opt in [
        OptimizerSpec::Sgd { learning_rate: 0.3, momentum: 0.0 },
        OptimizerSpec::Sgd { learning_rate: 0.1, momentum: 0.9 },
        OptimizerSpec::Adam { learning_rate: 0.03 },
        OptimizerSpec::AdamW { learning_rate: 0.03 },
        OptimizerSpec::RmsProp { learning_rate: 0.01 },
    ] {
        let mut host = Scripted::default();
        let t = fit(&binary_spec(), &config(opt, 30), &data, &mut host).expect("trains");
        let losses = host.epoch_losses();
        assert!(losses[29] < losses[0] * 0.6, "{opt:?}: loss {} → {}", losses[0], losses[29]);
        let acc = futures::executor::block_on(t.test_metrics()).expect("metrics").accuracy;
        assert!(acc >= 0.9, "{opt:?}: accuracy {acc}");
    }
}

#[test]
fn softmax_classes_and_regression_learn() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // Three classes by angle sector; regression target x₁ + x₂.
    let mut values = Vec::new();
    let (mut classes, mut targets) = (Vec::new(), Vec::new());
    for k in 0..150 {
        let a = k as f32 / 150.0 * std::f32::consts::TAU;
        let r = 0.5 + (k % 5) as f32 * 0.1;
        let (x1, x2) = (r * a.cos(), r * a.sin());
        values.extend([x1, x2]);
        classes.push((k * 3 / 150) as u32);
        targets.push(x1 + x2);
    }
    let inputs = Inputs::Features { values, width: 2 };
    let cls = Examples { inputs: inputs.clone(), targets: Targets::Classes { labels: classes, classes: 3 } };
    let cls = Splits {
        train: cls.clone(),
        validation: cls.clone(),
        test: cls,
        class_names: vec![],
        test_raw: Default::default(),
    };
    let spec = mlp(2, 16, 3, Activation::Softmax, LossSpec::CategoricalCrossEntropy);
    let mut host = Scripted::default();
    let t = fit(&spec, &config(OptimizerSpec::Adam { learning_rate: 0.03 }, 40), &cls, &mut host).expect("trains");
    let m = futures::executor::block_on(t.test_metrics()).expect("metrics");
    assert!(m.accuracy > 0.9, "3-class accuracy {}", m.accuracy);

    let reg = Examples { inputs, targets: Targets::Regression { values: targets } };
    let reg = Splits {
        train: reg.clone(),
        validation: reg.clone(),
        test: reg,
        class_names: vec![],
        test_raw: Default::default(),
    };
    let spec = mlp(2, 8, 1, Activation::Linear, LossSpec::MeanSquaredError);
    let mut host = Scripted::default();
    let t = fit(&spec, &config(OptimizerSpec::Adam { learning_rate: 0.03 }, 40), &reg, &mut host).expect("trains");
    let m = futures::executor::block_on(t.test_metrics()).expect("metrics");
    assert!(m.loss < 0.01, "regression MSE {}", m.loss);
    assert!(m.accuracy.is_nan(), "regression has no accuracy");
}

#[test]
fn pause_step_and_resume_keep_the_weights() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = quadrants(8); // 64 rows, 4 batches of 16
    let cfg = config(OptimizerSpec::Adam { learning_rate: 0.01 }, 1);
    // Two batches, pause (seen twice), step one batch, pause, then run to the end.
    let mut host = Scripted {
        controls: [Control::Run, Control::Run, Control::Pause, Control::Pause, Control::Step, Control::Pause]
            .into_iter()
            .collect(),
        ..Scripted::default()
    };
    let mut t = Trainer::from_splits(&binary_spec(), &cfg, &data, &Device::flex()).expect("builds");
    futures::executor::block_on(t.fit(&mut host)).expect("trains");
    let paused: Vec<usize> = host
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Paused { batch, .. } => Some(*batch),
            _ => None,
        })
        .collect();
    assert_eq!(paused, [2, 3], "paused after two batches, then after the stepped one");
    let stepped_report = host.events.iter().any(|e| matches!(e, Event::Batch { batch: 3, .. }));
    assert!(stepped_report, "a stepped batch reports its loss at once");
    assert_eq!(t.epochs_done(), 1);

    // The same run without pausing ends with the same weights: pausing loses nothing.
    let mut plain = Scripted::default();
    let mut u = Trainer::from_splits(&binary_spec(), &cfg, &data, &Device::flex()).expect("builds");
    futures::executor::block_on(u.fit(&mut plain)).expect("trains");
    let a = futures::executor::block_on(t.test_metrics()).expect("metrics").loss;
    let b = futures::executor::block_on(u.test_metrics()).expect("metrics").loss;
    assert!((a - b).abs() < 1e-6, "paused run {a} vs straight run {b}");
}

#[test]
fn stop_then_fit_again_continues_where_it_stopped() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = quadrants(8);
    let cfg = config(OptimizerSpec::Adam { learning_rate: 0.01 }, 2);
    let mut host = Scripted {
        controls: [Control::Run, Control::Run, Control::Run, Control::Run, Control::Run, Control::Stop]
            .into_iter()
            .collect(),
        ..Scripted::default()
    };
    let mut t = Trainer::from_splits(&binary_spec(), &cfg, &data, &Device::flex()).expect("builds");
    let outcome = futures::executor::block_on(t.fit(&mut host)).expect("runs");
    assert!(outcome.stopped);
    assert_eq!(outcome.epochs, 1, "stopped after epoch 1 batch 1");
    let outcome = futures::executor::block_on(t.fit(&mut Scripted::default())).expect("continues");
    assert!(!outcome.stopped);
    assert_eq!(outcome.epochs, 2);
}

#[test]
fn live_learning_rate_change_applies_without_reset() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = quadrants(8);
    let cfg = config(OptimizerSpec::Sgd { learning_rate: 0.1, momentum: 0.0 }, 1);
    let live = LiveSettings { learning_rate: 0.5, l1: 0.0, l2: 0.001, weight_decay: 0.0 };
    let mut host = Scripted { settings: [(2, live)].into_iter().collect(), ..Scripted::default() };
    let mut t = Trainer::from_splits(&binary_spec(), &cfg, &data, &Device::flex()).expect("builds");
    futures::executor::block_on(t.fit(&mut host)).expect("trains");
    assert_eq!(t.config().optimizer.learning_rate(), 0.5);
    assert_eq!(t.config().l2, 0.001);
    assert!(
        host.events
            .iter()
            .any(|e| matches!(e, Event::Status(s) if kiln_i18n::english(s).contains("learning rate 0.5")))
    );
    let bad = LiveSettings { learning_rate: -1.0, ..live };
    assert!(t.apply_settings(bad).is_err());
    assert_eq!(t.config().optimizer.learning_rate(), 0.5, "a bad value changes nothing");
}

#[test]
fn divergence_is_explained_and_last_good_weights_restore() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // A regression target of 1e6 with SGD at lr 10 explodes within a few batches.
    let mut values = Vec::new();
    let mut targets = Vec::new();
    for k in 0..200 {
        let x = k as f32 / 20.0;
        values.extend([x, -x]);
        targets.push(1.0e6 * x);
    }
    let ex =
        Examples { inputs: Inputs::Features { values, width: 2 }, targets: Targets::Regression { values: targets } };
    let data = Splits {
        train: ex.clone(),
        validation: ex.clone(),
        test: ex,
        class_names: vec![],
        test_raw: Default::default(),
    };
    let spec = mlp(2, 8, 1, Activation::Linear, LossSpec::MeanSquaredError);
    let mut cfg = config(OptimizerSpec::Sgd { learning_rate: 10.0, momentum: 0.0 }, 5);
    cfg.batch_size = 10;
    let mut t = Trainer::from_splits(&spec, &cfg, &data, &Device::flex()).expect("builds");
    t.report_every = 1;
    let err = futures::executor::block_on(t.fit(&mut Scripted::default())).expect_err("diverges");
    let msg = err.to_string();
    assert!(msg.starts_with("loss became"), "{msg}");
    assert!(msg.contains("the learning rate 10 is too high for SGD; try 0.01"), "{msg}");
    if t.has_last_good() {
        let (epoch, batch) = t.restore_last_good().expect("restores");
        assert!(epoch >= 1 && batch >= 1);
        let m = futures::executor::block_on(t.test_metrics()).expect("metrics");
        assert!(m.loss.is_finite(), "restored weights give a finite loss, got {}", m.loss);
    }
}

#[test]
fn cosine_schedule_reaches_zero_and_mismatched_data_is_refused() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = quadrants(4);
    let mut cfg = config(OptimizerSpec::Adam { learning_rate: 0.01 }, 2);
    cfg.schedule = LrSchedule::Cosine;
    let mut t = Trainer::from_splits(&binary_spec(), &cfg, &data, &Device::flex()).expect("builds");
    assert_eq!(t.current_learning_rate(), 0.01);
    futures::executor::block_on(t.fit(&mut Scripted::default())).expect("trains");
    assert!(t.current_learning_rate().abs() < 1e-12);

    let wrong_width = mlp(5, 4, 1, Activation::Sigmoid, LossSpec::BinaryCrossEntropy);
    let err = Trainer::from_splits(&wrong_width, &cfg, &data, &Device::flex()).err().expect("refused");
    assert!(err.to_string().contains("does not match the data (3 numeric features)"), "{err}");
    let wrong_loss = mlp(3, 4, 1, Activation::Linear, LossSpec::MeanSquaredError);
    let err = Trainer::from_splits(&wrong_loss, &cfg, &data, &Device::flex()).err().expect("refused");
    assert!(err.to_string().contains("targets do not fit the loss"), "{err}");
}

/// Pauses once, edits a weight from inside [`Host::paused`], then runs on.
struct EditsWhilePaused {
    inner: Scripted,
    /// Calls of `paused` and the weight read there after the edit.
    seen: Vec<f32>,
}

impl Host for EditsWhilePaused {
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
    fn emit(&mut self, event: Event) {
        self.inner.emit(event);
    }
    fn control(&mut self) -> Control {
        // Paused before the first batch until the hook has run twice.
        if self.seen.len() < 2 { Control::Pause } else { Control::Run }
    }
    async fn yield_now(&mut self) {}
    async fn paused(&mut self, trainer: &mut Trainer) -> Result<(), MlError> {
        trainer.network_mut().set_dense_weight(0, 0, 0, 2.5);
        let (w, _) = trainer.network().dense_weights().remove(0);
        let data = w.into_data_async().await.map_err(|e| MlError::Device(format!("{e:?}")))?;
        self.seen.push(data.try_to_vec::<f32>().map_err(|e| MlError::Device(format!("{e:?}")))?[0]);
        Ok(())
    }
}

#[test]
fn the_paused_hook_gets_the_trainer_and_its_edits_stay() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = quadrants(4);
    let cfg = config(OptimizerSpec::Sgd { learning_rate: 1e-9, momentum: 0.0 }, 1);
    let mut host = EditsWhilePaused { inner: Scripted::default(), seen: Vec::new() };
    let mut t = Trainer::from_splits(&binary_spec(), &cfg, &data, &Device::flex()).expect("builds");
    futures::executor::block_on(t.fit(&mut host)).expect("trains");
    assert_eq!(host.seen, [2.5, 2.5], "the hook ran while paused and saw its own edit");
    let paused = host.inner.events.iter().filter(|e| matches!(e, Event::Paused { .. })).count();
    assert_eq!(paused, 1, "one Paused event for one pause");
    // A tiny learning rate keeps the edited weight through the epoch.
    let (w, _) = t.network().dense_weights().remove(0);
    let w = futures::executor::block_on(w.into_data_async()).expect("reads").try_to_vec::<f32>().expect("f32");
    assert!((w[0] - 2.5).abs() < 1e-4, "{}", w[0]);
}
