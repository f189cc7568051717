use kiln_protocol::lab::UnitsChoice;

use super::*;

fn base() -> TrialSettings {
    TrialSettings { learning_rate: 0.001, batch_size: 32, optimizer: "adam".into(), units: Some(16), dropout: None }
}

fn request(strategy: SearchStrategy, trials: usize, seed: u64) -> SearchRequest {
    SearchRequest {
        space: SearchSpace {
            learning_rate: Some([1e-4, 1.0]),
            batch_sizes: vec![],
            units: None,
            dropout: None,
            optimizers: vec!["sgd".into(), "adam".into()],
        },
        strategy,
        trials,
        max_epochs: 27,
        patience: 3,
        metric: SearchMetric::ValLoss,
        seed,
    }
}

/// A synthetic validation loss with its optimum at Adam, learning rate 0.01: a bowl in
/// log10(lr), plus 0.5 for SGD, plus `1/epochs` (more budget helps every configuration equally,
/// so the ranking does not depend on the budget).
fn objective(s: &TrialSettings, epochs: usize) -> f64 {
    (s.learning_rate.log10() + 2.0).powi(2) + if s.optimizer == "adam" { 0.0 } else { 0.5 } + 1.0 / epochs as f64
}

/// Runs a planner to the end on the objective; returns it and the epochs it trained.
fn drive(mut p: Planner) -> (Planner, usize) {
    let mut epochs = 0;
    while let Some(run) = p.next_run() {
        epochs += run.epochs;
        p.record(run.trial, run.rung, (objective(&run.settings, run.epochs), 0.0));
    }
    (p, epochs)
}

fn assert_finds_optimum(p: &Planner) {
    let (best, _) = p.best().expect("a best trial");
    let s = &p.configs()[best];
    // The best of every configuration drawn, at the full budget …
    let argmin = (0..p.configs().len())
        .min_by(|&a, &b| objective(&p.configs()[a], 27).total_cmp(&objective(&p.configs()[b], 27)))
        .expect("configs");
    assert_eq!(best, argmin, "the strategy keeps the best configuration it drew");
    // … which is close to the known optimum.
    assert_eq!(s.optimizer, "adam");
    assert!((s.learning_rate.log10() + 2.0).abs() < 0.3, "learning rate {} vs 0.01", s.learning_rate);
}

#[test]
fn random_search_finds_the_known_optimum() {
    let (p, epochs) = drive(Planner::new(&request(SearchStrategy::Random, 60, 1), &base()).expect("plans"));
    assert_eq!(p.rungs(), [(60, 27)]);
    assert_eq!(epochs, 60 * 27);
    assert_finds_optimum(&p);
}

#[test]
fn successive_halving_finds_the_known_optimum_with_fewer_epochs() {
    let sh = SearchStrategy::SuccessiveHalving { eta: 3 };
    let (p, epochs) = drive(Planner::new(&request(sh, 81, 2), &base()).expect("plans"));
    // 81 configurations for 1 epoch, 27 for 3, 9 for 9, 3 for 27… capped by R = 27: s = 3.
    assert_eq!(p.rungs(), [(81, 1), (27, 3), (9, 9), (3, 27)]);
    assert_eq!(epochs, 81 + 27 * 3 + 9 * 9 + 3 * 27);
    assert!(epochs < 81 * 27 / 5, "{epochs} epochs, random search would take {}", 81 * 27);
    assert_finds_optimum(&p);
    // Every run of the last rung is a configuration promoted through each rung before it.
    assert_eq!(rungs(sh, 12, 9), [(12, 1), (4, 3), (1, 9)]);
    assert_eq!(rungs(sh, 12, 30), [(12, 3), (4, 9), (1, 30)]);
    assert_eq!(rungs(sh, 2, 30), [(2, 30)], "fewer configurations than η: one rung");
}

#[test]
fn same_seed_same_trials() {
    let a = Planner::new(&request(SearchStrategy::Random, 12, 7), &base()).expect("plans");
    let b = Planner::new(&request(SearchStrategy::Random, 12, 7), &base()).expect("plans");
    let c = Planner::new(&request(SearchStrategy::Random, 12, 8), &base()).expect("plans");
    assert_eq!(a.configs(), b.configs());
    assert_ne!(a.configs(), c.configs());
    for s in a.configs() {
        assert!((1e-4..=1.0).contains(&s.learning_rate));
        assert_eq!(s.batch_size, 32, "not varied: the run's own");
        assert_eq!(s.units, Some(16));
    }
}

#[test]
fn spaces_are_checked_against_the_spec_and_applied() {
    let spec = kiln_core::presets::small_mlp(4, kiln_core::Task::MultiClass { classes: 3 }).spec;
    let config = TrainConfig::default();
    let mut space =
        SearchSpace { units: Some(UnitsChoice { layer: 1, choices: vec![8, 64] }), ..SearchSpace::default() };
    let b = base_settings(&spec, &config, &space).expect("layer 2 is Dense(16)");
    assert_eq!(b.units, Some(16));
    let s = TrialSettings { units: Some(64), optimizer: "momentum".into(), learning_rate: 0.05, ..b };
    let (spec2, config2) = apply(&spec, &config, &space, &s).expect("applies");
    assert_eq!(spec2.layers[1], LayerSpec::Dense { units: 64, activation: kiln_core::Activation::Relu });
    assert_eq!(config2.optimizer, OptimizerSpec::Sgd { learning_rate: 0.05, momentum: 0.9 });
    space.dropout = Some(kiln_protocol::lab::DropoutChoice { layer: 0, low: 0.1, high: 0.5 });
    assert!(base_settings(&spec, &config, &space).unwrap_err().contains("not a Dropout"));
    let mut r = request(SearchStrategy::SuccessiveHalving { eta: 9 }, 12, 0);
    assert!(validate(&r).unwrap_err().contains("η"));
    r.strategy = SearchStrategy::Random;
    r.space.learning_rate = Some([0.1, 0.01]);
    assert!(validate(&r).unwrap_err().contains("learning-rate"));
    r.space.learning_rate = None;
    r.space.optimizers = vec!["lion".into()];
    assert!(validate(&r).unwrap_err().contains("lion"));
}
