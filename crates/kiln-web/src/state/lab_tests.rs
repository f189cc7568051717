//! The lab slice on the host: its events reach it only for its own job, a job ends at `Done` or
//! an error, and a compression table belongs to the model it compressed.

use std::rc::Rc;

use kiln_protocol::lab::{ClientRound, RoundReport};
use kiln_protocol::{Event, LabEvent, Reply, RunId, TestMetrics};
use yew::Reducible;

use super::{LabAction, LabJob, LabTab};
use crate::state::run::RunAction;
use crate::state::{Action, State};

fn reduce(s: State, a: Action) -> State {
    (*Rc::new(s).reduce(a)).clone()
}

fn event(s: State, run: u32, event: Event) -> State {
    reduce(s, Action::Worker(Reply { run: RunId(run), event }))
}

const TEST: TestMetrics = TestMetrics { loss: 0.3, accuracy: 0.9, examples: 30 };

fn round(round: usize) -> Event {
    Event::Lab(Box::new(LabEvent::Round(RoundReport {
        round,
        global: TEST,
        baseline: Some(TEST),
        clients: vec![ClientRound { client: 0, examples: 10, local_loss: 0.2, local_accuracy: 0.95 }],
        steps: 4 * round,
    })))
}

#[test]
fn lab_events_reach_only_the_lab_job_they_belong_to() {
    let s = reduce(State::default(), Action::Run(RunAction::Started(RunId(1))));
    let s = reduce(s, Action::Lab(LabAction::Started(RunId(2), LabJob::Federated)));
    assert!(s.lab.running);
    let before = s.run.clone();
    let s = event(s, 2, round(1));
    let s = event(s, 2, round(2));
    assert_eq!(s.lab.rounds.len(), 2);
    assert!(s.run == before, "the guided run's slice is untouched");
    // A round of an older lab job (stopped, then replaced) is dropped.
    let s = reduce(s, Action::Lab(LabAction::Started(RunId(3), LabJob::Federated)));
    assert!(s.lab.rounds.is_empty(), "a new federated run starts with an empty chart");
    let s = event(s, 2, round(3));
    assert!(s.lab.rounds.is_empty());
    let s = event(s, 3, Event::Lab(Box::new(LabEvent::Done { stopped: true })));
    assert!(!s.lab.running && s.lab.stopped);
    assert_eq!(s.lab.status.as_ref().map(kiln_i18n::english).as_deref(), Some("stopped"));
}

#[test]
fn an_error_ends_the_lab_job_and_shows_the_banner() {
    let s = reduce(State::default(), Action::Lab(LabAction::Started(RunId(4), LabJob::Search)));
    let s =
        event(s, 4, Event::Error(kiln_protocol::Msg::verbatim("a search scores each trial on the validation split")));
    assert!(!s.lab.running);
    assert!(s.page.error.as_ref().map(kiln_i18n::english).is_some_and(|e| e.contains("validation")));
    // Starting the next job clears the banner.
    let s = reduce(s, Action::Lab(LabAction::Started(RunId(5), LabJob::Search)));
    assert_eq!(s.page.error, None);
}

#[test]
fn a_compression_table_names_the_model_it_compressed_and_unchanged_tabs_do_not_render() {
    let s = reduce(State::default(), Action::Lab(LabAction::Started(RunId(7), LabJob::Compress(RunId(6)))));
    let s = event(s, 7, Event::Lab(Box::new(LabEvent::Kept { test: TEST })));
    assert_eq!(s.lab.kept, Some(TEST));
    assert_eq!(s.run.test, Some(TEST), "the kept model's test metrics are the run's");
    let s = reduce(s, Action::Lab(LabAction::Tab(LabTab::Search)));
    let rc = Rc::new(s);
    let same = rc.clone().reduce(Action::Lab(LabAction::Tab(LabTab::Search)));
    assert!(Rc::ptr_eq(&rc, &same), "choosing the tab shown changes nothing");
}

#[test]
fn the_best_settings_load_with_three_significant_digits() {
    use kiln_core::{LayerSpec, ModelSpec, TrainConfig};

    use super::{LabState, significant};
    assert_eq!(significant(0.020746268240354356, 3), 0.0207);
    assert_eq!(significant(0.020746268240354356, 3).to_string(), "0.0207");
    assert_eq!(significant(0.00012345, 3).to_string(), "0.000123");
    assert_eq!(significant(0.29999, 3).to_string(), "0.3");
    assert_eq!(significant(0.0, 3), 0.0);
    assert!(significant(f64::NAN, 3).is_nan());
    let mut spec = ModelSpec::reference_sentiment(2000, 100);
    spec.layers.push(LayerSpec::Dropout { rate: 0.237_462_3 });
    let config = TrainConfig::default();
    let config = TrainConfig { optimizer: config.optimizer.with_learning_rate(0.020746268240354356), ..config };
    let lab = LabState { best: Some((3, Box::new((spec.clone(), config.clone())))), ..LabState::default() };
    let (best_spec, best_config) = lab.best_settings().expect("a best trial");
    assert_eq!(best_config.optimizer.learning_rate().to_string(), "0.0207");
    assert_eq!(best_config.epochs, config.epochs);
    assert!(best_spec.layers.contains(&LayerSpec::Dropout { rate: 0.237 }));
    assert_eq!(best_spec.layers.len(), spec.layers.len());
    assert_eq!(LabState::default().best_settings(), None);
}

#[test]
fn compress_works_on_a_model_of_the_data_set_chosen_now_and_says_why_not_otherwise() {
    use kiln_data::id::DataId;

    use super::{ModelData, compress_refusal};
    let reviews = DataId::Builtin("review-sentences".into());
    let iris = DataId::Builtin("iris".into());
    let here = ModelData { dataset: reviews.clone(), trained_here: true };
    assert_eq!(compress_refusal(Some(&here), Some(&reviews)), None);
    assert_eq!(compress_refusal(Some(&here), None), None, "no data set chosen: nothing to contradict");
    let other = compress_refusal(Some(&here), Some(&iris)).map(|m| kiln_i18n::english(&m)).unwrap_or_default();
    assert!(other.contains("trained on Review sentences") && other.contains("chosen now is Iris flowers"), "{other}");
    let opened = ModelData { dataset: reviews.clone(), trained_here: false };
    let why = compress_refusal(Some(&opened), Some(&reviews)).map(|m| kiln_i18n::english(&m)).unwrap_or_default();
    assert!(why.contains("opened from a file or restored"), "{why}");
    assert_eq!(
        compress_refusal(None, Some(&reviews)).map(|m| m.id.to_string()).as_deref(),
        Some("lab-compress-no-model")
    );
}

#[test]
fn the_model_data_comes_from_the_runs_table_or_the_opened_file() {
    use kiln_core::{ModelSpec, SplitConfig, TrainConfig};
    use kiln_data::id::DataId;
    use kiln_protocol::{ModelInfo, TrainRequest};

    use crate::state::deploy::{DeployAction, Opening};
    use crate::state::runs::RunsAction;
    let spec = ModelSpec::reference_sentiment(500, 40);
    let request = TrainRequest {
        dataset: DataId::Builtin("movie-snippets".into()),
        prep: kiln_core::TextPrepConfig::default(),
        split: SplitConfig::default(),
        model: spec.clone(),
        config: TrainConfig::default(),
        from_weights: None,
    };
    let s = reduce(State::default(), Action::Run(RunAction::Started(RunId(1))));
    let s = reduce(
        s,
        Action::Runs(RunsAction::Started { run: RunId(1), request: Box::new(request), dataset: "Movie".into() }),
    );
    let s = event(s, 1, Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_protocol::Msg::new("x") });
    assert_eq!(s.model_data(), None, "no model until the run finishes");
    let s = event(s, 1, Event::Finished { test: TEST, stopped: false });
    let here = s.model_data().expect("the trained model");
    assert_eq!((here.dataset, here.trained_here), (DataId::Builtin("movie-snippets".into()), true));
    let opening = Opening { run: RunId(2), name: "m.kiln".into(), restore: false };
    let s = reduce(s, Action::Deploy(DeployAction::Opening(opening)));
    let info = ModelInfo {
        name: "m.kiln".into(),
        spec,
        config: TrainConfig::default(),
        split: SplitConfig::default(),
        prep: None,
        dataset: "upload:pets.zip".into(),
        metrics: TEST,
        class_names: vec!["cat".into(), "dog".into()],
        kind: "images".into(),
        bytes: 10,
    };
    let s = event(s, 2, Event::ModelOpened(Box::new(info)));
    let opened = s.model_data().expect("the opened model");
    assert_eq!((opened.dataset, opened.trained_here), (DataId::Upload("pets.zip".into()), false));
}
