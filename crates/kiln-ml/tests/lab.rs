//! The lab on burn's CPU backend: early stopping inside `Trainer::fit`, compression of a trained
//! model, FedAvg against plain training, and a real (small) hyper-parameter search.

use kiln_core::{
    Activation, EarlyStopping, InputSpec, LayerSpec, LossSpec, ModelSpec, OptimizerSpec, TrainConfig, stop_point,
};
use kiln_data::federated::ClientPartition;
use kiln_data::{Examples, Inputs, Splits, Targets};
use kiln_ml::compress::{CompressedModel, Stored, compress};
use kiln_ml::federated::{Federation, average};
use kiln_ml::search::Search;
use kiln_ml::weights::{read_tensors, replace_from_host};
use kiln_ml::{Control, Device, Host, Network, Trainer};
use kiln_protocol::Event;
use kiln_protocol::lab::{CompressRequest, FederatedRequest, SearchRequest, SearchSpace, SearchStrategy, WeightFormat};

/// Runs to the end, recording events; says Stop after `stop_after` control calls when set.
#[derive(Default)]
struct Recorder {
    events: Vec<Event>,
    calls: usize,
    stop_after: Option<usize>,
}

impl Host for Recorder {
    fn now_ms(&self) -> f64 {
        self.calls as f64
    }
    fn emit(&mut self, event: Event) {
        self.events.push(event);
    }
    fn control(&mut self) -> Control {
        self.calls += 1;
        match self.stop_after {
            Some(n) if self.calls > n => Control::Stop,
            _ => Control::Run,
        }
    }
    async fn yield_now(&mut self) {}
}

fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    futures::executor::block_on(f)
}

/// burn's CPU device has one random generator per process: tests that build networks hold this.
static SEEDED: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn seeded() -> std::sync::MutexGuard<'static, ()> {
    SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Four classes by quadrant of (x₁, x₂) on a grid, features x₁, x₂, x₁x₂.
fn quadrants(n_side: usize) -> Examples {
    let (mut values, mut labels) = (Vec::new(), Vec::new());
    for i in 0..n_side {
        for j in 0..n_side {
            let x1 = (i as f32 + 0.5) / n_side as f32 * 2.0 - 1.0;
            let x2 = (j as f32 + 0.5) / n_side as f32 * 2.0 - 1.0;
            values.extend([x1, x2, x1 * x2]);
            labels.push(u32::from(x1 > 0.0) * 2 + u32::from(x2 > 0.0));
        }
    }
    Examples { inputs: Inputs::Features { values, width: 3 }, targets: Targets::Classes { labels, classes: 4 } }
}

fn splits(train: Examples, validation: Examples, test: Examples) -> Splits {
    Splits {
        train,
        validation,
        test,
        class_names: ["a", "b", "c", "d"].map(String::from).to_vec(),
        test_raw: Default::default(),
    }
}

fn mlp(hidden: usize) -> ModelSpec {
    ModelSpec {
        input: InputSpec::Features { width: 3 },
        layers: vec![
            LayerSpec::Dense { units: hidden, activation: Activation::Relu },
            LayerSpec::Dense { units: 4, activation: Activation::Softmax },
        ],
        loss: LossSpec::CategoricalCrossEntropy,
    }
}

fn config(optimizer: OptimizerSpec, epochs: usize, batch_size: usize) -> TrainConfig {
    TrainConfig { epochs, batch_size, optimizer, seed: 5, ..TrainConfig::default() }
}

fn weights(net: &Network) -> Vec<Vec<f32>> {
    block(read_tensors(&net.params)).expect("reads").into_iter().map(|t| t.values).collect()
}

fn val_losses(events: &[Event]) -> Vec<f64> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Epoch(m) => Some(m.val_loss),
            _ => None,
        })
        .collect()
}

#[test]
fn early_stopping_stops_where_the_rule_says_and_restores_the_best_epoch() {
    let _g = seeded();
    // The validation labels are the training labels rotated by one class: the better the model
    // learns, the worse its validation loss, so it stops early.
    let train = quadrants(12);
    let Targets::Classes { labels, .. } = &train.targets else { unreachable!() };
    let rotated = Examples {
        inputs: train.inputs.clone(),
        targets: Targets::Classes { labels: labels.iter().map(|l| (l + 1) % 4).collect(), classes: 4 },
    };
    let data = splits(train.clone(), rotated, train);
    let early = EarlyStopping { patience: 2, ..EarlyStopping::default() };
    let cfg =
        TrainConfig { early_stopping: Some(early), ..config(OptimizerSpec::Adam { learning_rate: 0.05 }, 30, 16) };
    let mut t = Trainer::from_splits(&mlp(16), &cfg, &data, &Device::flex()).expect("builds");
    let mut host = Recorder::default();
    let outcome = block(t.fit(&mut host)).expect("trains");
    let curve = val_losses(&host.events);
    println!("validation losses {curve:.4?}");
    let (stop, best) = stop_point(early, &curve).expect("the rule stops on this curve");
    assert!(outcome.early_stopped && outcome.epochs < 30);
    assert_eq!((outcome.epochs, outcome.best_epoch), (stop, best), "fit stops where the pure rule does");
    assert_eq!(curve.len(), stop);
    // The weights are the best epoch's: evaluating them gives that epoch's validation loss.
    let restored = block(t.validation_metrics()).expect("evaluates").loss;
    let best_loss = curve[best.expect("a best epoch") - 1];
    assert!((restored - best_loss).abs() < 1e-6, "restored {restored} vs best {best_loss}");
    assert!(
        host.events
            .iter()
            .any(|e| matches!(e, Event::Status(s) if kiln_i18n::english(s).contains("early stopping after epoch")))
    );

    // Off by default, and without a validation split it is ignored with a message.
    let no_val = splits(
        quadrants(6),
        Examples {
            inputs: Inputs::Features { values: vec![], width: 3 },
            targets: Targets::Classes { labels: vec![], classes: 4 },
        },
        quadrants(6),
    );
    let cfg = TrainConfig { epochs: 3, ..cfg };
    let mut t = Trainer::from_splits(&mlp(4), &cfg, &no_val, &Device::flex()).expect("builds");
    let mut host = Recorder::default();
    let outcome = block(t.fit(&mut host)).expect("trains");
    assert_eq!((outcome.epochs, outcome.early_stopped, outcome.best_epoch), (3, false, None));
    assert!(
        host.events
            .iter()
            .any(|e| matches!(e, Event::Status(s) if kiln_i18n::english(s).contains("needs a validation split")))
    );
}

fn trained(hidden: usize, epochs: usize) -> (ModelSpec, Trainer) {
    let data = splits(quadrants(16), quadrants(7), quadrants(9));
    let spec = mlp(hidden);
    let mut t = Trainer::from_splits(
        &spec,
        &config(OptimizerSpec::Adam { learning_rate: 0.02 }, epochs, 16),
        &data,
        &Device::flex(),
    )
    .expect("builds");
    block(t.fit(&mut Recorder::default())).expect("trains");
    (spec, t)
}

#[test]
fn int8_compression_keeps_predictions_and_exports_int8_with_scales() {
    let _g = seeded();
    let (spec, t) = trained(32, 20);
    let c =
        block(compress(&spec, &t, &CompressRequest::default(), &mut Recorder::default())).expect("ok").expect("ran");
    let r = &c.report;
    println!(
        "int8: {} → {} bytes ({:.2}×), accuracy {:.3} → {:.3}, agreement {:.3}",
        r.before.bytes, r.after.bytes, r.ratio, r.before.test.accuracy, r.after.test.accuracy, r.agreement
    );
    assert!(r.before.test.accuracy > 0.9, "the model learned: {}", r.before.test.accuracy);
    assert!(r.agreement >= 0.98, "agreement {}", r.agreement);
    assert!((r.after.test.accuracy - r.before.test.accuracy).abs() <= 0.02);
    // On a 260-parameter model the f32 biases and the file's JSON header weigh as much as the
    // kernels; the data bytes by hand: int8 kernels 3·32 + 32·4, float16 scales (32 + 4)·2,
    // f32 biases (32 + 4)·4.
    assert_eq!(r.tensors.iter().map(|t| t.bytes).sum::<usize>(), 3 * 32 + 32 * 4 + (32 + 4) * 2 + (32 + 4) * 4);
    assert!(r.ratio > 1.3, "ratio {}", r.ratio);
    assert_eq!(r.before.params, t.network().num_params());
    assert_eq!(r.after.params, r.before.params);
    // Kernels are int8 with one scale per unit; biases stay f32.
    let names: Vec<(&str, &str)> = r.tensors.iter().map(|t| (t.name.as_str(), t.stored_as.as_str())).collect();
    assert_eq!(
        names,
        [
            ("linears.0.weight", "int8, one scale per output channel"),
            ("linears.0.bias", "float32"),
            ("linears.1.weight", "int8, one scale per output channel"),
            ("linears.1.bias", "float32"),
        ]
    );
    assert_eq!(r.tensors[0].layer, "Dense (relu) · layer 1");
    let Stored::Int8 { scales, axis, values } = &c.model.tensors[0].stored else { panic!("int8") };
    assert_eq!((scales.len(), *axis, values.len()), (32, 1, 3 * 32));
    // The bound holds on the real weights.
    let before = weights(t.network());
    for (info, (w, stored)) in r.tensors.iter().zip(before.iter().zip(&c.model.tensors)) {
        if let Stored::Int8 { scales, .. } = &stored.stored {
            let half_step = scales.iter().fold(0.0f32, |m, s| m.max(*s)) / 2.0;
            assert!(info.max_error <= half_step, "{}: {} > {half_step}", info.name, info.max_error);
        }
        assert_eq!(stored.dequantized().len(), w.len());
    }
    // The safetensors file reads back to the same tensors, and the exported size is that file.
    let file = c.model.to_safetensors().expect("writes");
    assert_eq!(file.len(), r.after.bytes);
    assert_eq!(CompressedModel::from_safetensors(&file).expect("reads"), c.model);
    // "Keep as the current model": the params are the dequantised weights.
    let kept = t.network().with_params(c.params);
    assert_eq!(weights(&kept), c.model.tensors.iter().map(|t| t.dequantized()).collect::<Vec<_>>());
    // The trainer itself is unchanged.
    assert_eq!(weights(t.network()), before);
}

#[test]
fn pruning_removes_exactly_the_fraction_and_fine_tuning_keeps_zeros() {
    let _g = seeded();
    let (spec, t) = trained(32, 20);
    for (format, fine_tune) in [(WeightFormat::Float32, 0), (WeightFormat::Int8, 3), (WeightFormat::Float16, 0)] {
        let req = CompressRequest { format, sparsity: 0.7, fine_tune_epochs: fine_tune, ..CompressRequest::default() };
        let c = block(compress(&spec, &t, &req, &mut Recorder::default())).expect("ok").expect("ran");
        let r = &c.report;
        println!(
            "{format:?} 70 % pruned, fine-tune {fine_tune}: accuracy {:.3} → {:.3}, {} of {} kept, gzip {} → {}",
            r.before.test.accuracy,
            r.after.test.accuracy,
            r.after.nonzero_params,
            r.after.params,
            r.before.gzip_bytes,
            r.after.gzip_bytes
        );
        assert_eq!(r.fine_tuned_epochs, fine_tune);
        for tr in &r.tensors {
            if tr.name.ends_with("weight") {
                let removed = (0.7 * tr.total as f64).round() as usize;
                assert_eq!(tr.pruned, removed, "{}: exactly 70 % removed", tr.name);
                // Pruned weights are still zero after fine-tuning and storage.
                assert!(tr.kept <= tr.total - removed, "{}: {} kept", tr.name, tr.kept);
                if format != WeightFormat::Int8 {
                    assert_eq!(tr.kept, tr.total - removed, "{}", tr.name);
                }
                // The histogram after has the removed weights in the middle bin.
                assert!(tr.after.counts[tr.after.counts.len() / 2] as usize >= removed);
            }
        }
        assert!(r.after.gzip_bytes < r.before.gzip_bytes);
        assert!(r.after.test.accuracy > 0.5, "{format:?}: {}", r.after.test.accuracy);
    }
}

#[test]
fn fedavg_with_one_client_equals_plain_training_of_the_same_batches() {
    let _g = seeded();
    let data = splits(quadrants(10), quadrants(4), quadrants(5));
    for (optimizer, rounds) in [
        (OptimizerSpec::Adam { learning_rate: 0.01 }, 1),
        (OptimizerSpec::Sgd { learning_rate: 0.1, momentum: 0.0 }, 3),
    ] {
        let cfg = config(optimizer, 1, 8);
        let req = FederatedRequest {
            clients: 1,
            local_epochs: 1,
            local_batch: 8,
            rounds,
            baseline: false,
            ..FederatedRequest::default()
        };
        let mut fed = Federation::new(&mlp(8), &cfg, &req, &data, &Device::flex()).expect("builds");
        let reports = block(fed.run(&mut Recorder::default(), |_| {})).expect("runs");
        assert_eq!(reports.len(), rounds);
        // Plain training: the same spec, seed and optimizer, stepping through the client's order.
        let mut plain = Trainer::from_splits(&mlp(8), &cfg, &data, &Device::flex()).expect("builds");
        for round in 1..=rounds {
            let order: Vec<i32> = fed.local_order(round, 0, 1).into_iter().map(|r| r as i32).collect();
            let n = order.len();
            let order = burn::tensor::Tensor::<1, burn::tensor::Int>::from_data(
                burn::tensor::TensorData::new(order, [n]),
                &Device::flex().autodiff(),
            );
            for b in 0..n.div_ceil(8) {
                plain.step(&order, b).expect("steps");
            }
        }
        assert_eq!(weights(fed.global()), weights(plain.network()), "{optimizer:?}, {rounds} round(s)");
    }
}

#[test]
fn fedavg_average_is_the_sample_weighted_mean() {
    let _g = seeded();
    let spec = ModelSpec {
        input: InputSpec::Features { width: 2 },
        layers: vec![LayerSpec::Dense { units: 1, activation: Activation::Linear }],
        loss: LossSpec::MeanSquaredError,
    };
    let device = Device::flex();
    let net = Network::new(&spec, &device).expect("builds");
    // Client A (1 example): w = [1, 2], b = 3; client B (3 examples): w = [5, -2], b = -1.
    let a = replace_from_host(net.params.clone(), &[vec![1.0, 2.0], vec![3.0]]).expect("loads");
    let b = replace_from_host(net.params.clone(), &[vec![5.0, -2.0], vec![-1.0]]).expect("loads");
    let avg = average(&[(&a, 1), (&b, 3)]).expect("averages");
    // By hand: (1·[1, 2] + 3·[5, −2]) / 4 = [4, −1]; (1·3 + 3·(−1)) / 4 = 0.
    assert_eq!(weights(&net.with_params(avg)), [vec![4.0, -1.0], vec![0.0]]);
    assert!(average(&[]).is_err());
}

#[test]
fn fedavg_learns_is_seeded_and_stops() {
    let _g = seeded();
    let data = splits(quadrants(16), quadrants(4), quadrants(9));
    let cfg = config(OptimizerSpec::Adam { learning_rate: 0.01 }, 1, 16);
    let req = FederatedRequest {
        clients: 8,
        partition: ClientPartition::Dirichlet { alpha: 0.5 },
        client_fraction: 0.5,
        local_epochs: 2,
        local_batch: 16,
        rounds: 6,
        prox_mu: 0.01,
        baseline: true,
    };
    let run = || {
        let mut fed = Federation::new(&mlp(16), &cfg, &req, &data, &Device::flex()).expect("builds");
        let setup = fed.setup().clone();
        (setup, block(fed.run(&mut Recorder::default(), |_| {})).expect("runs"))
    };
    let (setup, reports) = run();
    assert_eq!(setup.clients.iter().map(|c| c.examples).sum::<usize>(), 256);
    assert_eq!(setup.clients_per_round, 4);
    for r in &reports {
        println!(
            "round {}: global {:.3} baseline {:.3} clients {:?}",
            r.round,
            r.global.accuracy,
            r.baseline.map_or(f64::NAN, |b| b.accuracy),
            r.clients.iter().map(|c| (c.client, c.examples)).collect::<Vec<_>>()
        );
        assert_eq!(r.clients.len(), 4);
        assert!(r.clients.iter().all(|c| c.local_accuracy.is_finite()));
    }
    let last = reports.last().expect("rounds");
    assert!(last.global.accuracy > reports[0].global.accuracy.min(0.6), "FedAvg learns");
    assert!(last.baseline.expect("baseline").accuracy > 0.8, "the baseline learns");
    let (_, again) = run();
    assert_eq!(reports, again, "same seed, same run");
    // Stop in the middle of a round: no report, and the federation is over.
    let mut fed = Federation::new(&mlp(16), &cfg, &req, &data, &Device::flex()).expect("builds");
    let mut host = Recorder { stop_after: Some(3), ..Recorder::default() };
    assert_eq!(block(fed.run_round(&mut host)).expect("no error"), None);
    assert!(fed.is_finished() && fed.rounds_done() == 0);
}

#[test]
fn a_real_search_trains_trials_with_early_stopping() {
    let _g = seeded();
    let data = splits(quadrants(12), quadrants(6), quadrants(7));
    let cfg = config(OptimizerSpec::Adam { learning_rate: 0.001 }, 10, 16);
    let request = SearchRequest {
        space: SearchSpace {
            learning_rate: Some([1e-3, 0.1]),
            optimizers: vec!["adam".into(), "sgd".into()],
            ..SearchSpace::default()
        },
        strategy: SearchStrategy::SuccessiveHalving { eta: 2 },
        trials: 4,
        max_epochs: 8,
        patience: 2,
        metric: kiln_protocol::lab::SearchMetric::ValLoss,
        seed: 3,
    };
    let mut s = Search::new(&mlp(8), &cfg, &request, &data, &Device::flex()).expect("plans");
    assert_eq!(s.planner().rungs(), [(4, 2), (2, 4), (1, 8)]);
    let reports = block(s.run(&data, &mut Recorder::default(), |_| {})).expect("runs");
    for r in &reports {
        println!("{r:?}");
        assert!(r.error.is_none() && r.epochs <= r.epoch_budget && r.val_loss.is_finite());
    }
    assert_eq!(reports.len(), 4 + 2 + 1);
    let best = s.best().expect("best");
    assert_eq!(best.rung, 2);
    let (_, best_cfg) = s.best_config().expect("applies");
    assert_eq!(best_cfg.optimizer.learning_rate(), best.settings.learning_rate);
    // Same seed, same trials and results.
    let mut again = Search::new(&mlp(8), &cfg, &request, &data, &Device::flex()).expect("plans");
    assert_eq!(block(again.run(&data, &mut Recorder::default(), |_| {})).expect("runs"), reports);
    // Stop ends the search.
    let mut s = Search::new(&mlp(8), &cfg, &request, &data, &Device::flex()).expect("plans");
    let mut host = Recorder { stop_after: Some(5), ..Recorder::default() };
    assert_eq!(block(s.run_trial(&data, &mut host)).expect("no error"), None);
    assert!(s.is_finished());
}
