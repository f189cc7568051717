//! "Restore this run's settings" and "Evaluate on <data set>" on the host: a run's spec and
//! settings come back at once on its own data set, after the load on another built-in one, and
//! never for an upload that is gone; which opened models match which data sets (the rule of
//! [`super::deploy::evaluate_match`]); an on-demand report is shown beside the opened model.

use std::rc::Rc;

use kiln_core::{InputSpec, ModelSpec, SplitConfig, Task, TextPrepConfig, Tokenizer, TrainConfig};
use kiln_data::id::DataId;
use kiln_data::summary::{SourceKind, SourceSummary};
use kiln_protocol::{Event, ModelInfo, Reply, RunId, TestMetrics, TrainRequest};
use yew::Reducible;

use super::data::DataAction;
use super::deploy::evaluate_match;
use super::run::RunAction;
use super::runs::{RestorePlan, RunsAction, restore_plan};
use super::{Action, State};

fn reduce(s: State, a: Action) -> State {
    (*Rc::new(s).reduce(a)).clone()
}

fn event(s: State, run: u32, event: Event) -> State {
    reduce(s, Action::Worker(Reply { run: RunId(run), event }))
}

fn summary(kind: SourceKind, task: Task, classes: &[&str]) -> SourceSummary {
    SourceSummary {
        rows: 100,
        kind,
        task,
        class_names: classes.iter().map(|c| (*c).to_string()).collect(),
        class_counts: vec![50; classes.len()],
        preview: None,
        thumbnails: Vec::new(),
        notices: Vec::new(),
        examples: Vec::new(),
        token_lengths: Vec::new(),
    }
}

fn review() -> SourceSummary {
    summary(SourceKind::Text, Task::Binary, &["negative", "positive"])
}

/// `s` after the worker loaded `id` (asked as run `run`).
fn load(s: State, run: u32, id: DataId, summary: SourceSummary) -> State {
    let s = reduce(s, Action::Data(DataAction::Loading { run: RunId(run), id: id.clone(), upload: None }));
    let name = id.name().to_string();
    event(s, run, Event::DataLoaded { id, name, summary: Box::new(summary) })
}

fn builtin(id: &str) -> DataId {
    DataId::Builtin(id.into())
}

/// A finished run `run` of `spec` with learning rate `lr` and `epochs` on `dataset`.
fn trained(s: State, run: u32, dataset: DataId, spec: ModelSpec, lr: f64, epochs: usize) -> State {
    let mut config = TrainConfig { epochs, batch_size: 16, ..TrainConfig::default() };
    config.optimizer = config.optimizer.with_learning_rate(lr);
    let prep = TextPrepConfig { vocab_size: 1000, seq_len: 100, tokenizer: Tokenizer::Keras };
    let request = Box::new(TrainRequest {
        dataset,
        prep,
        split: SplitConfig::default(),
        model: spec,
        config,
        from_weights: None,
    });
    let s = reduce(s, Action::Run(RunAction::Started(RunId(run))));
    let s = reduce(s, Action::Runs(RunsAction::Started { run: RunId(run), request, dataset: "Reviews".into() }));
    let s = event(s, run, Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("") });
    event(s, run, Event::Finished { test: TestMetrics { loss: 0.5, accuracy: 0.7, examples: 10 }, stopped: false })
}

fn small(units: usize) -> ModelSpec {
    let mut spec = ModelSpec::reference_sentiment(1000, 100);
    if let Some(kiln_core::LayerSpec::Dense { units: u, .. }) =
        spec.layers.iter_mut().find(|l| matches!(l, kiln_core::LayerSpec::Dense { .. }))
    {
        *u = units;
    }
    spec
}

#[test]
fn restoring_a_run_on_its_data_set_puts_its_spec_and_settings_back() {
    let s = load(State::default(), 1, builtin("review-sentences"), review());
    let s = trained(s, 2, builtin("review-sentences"), small(8), 0.005, 3);
    let s = trained(s, 3, builtin("review-sentences"), small(32), 0.01, 2);
    // Edit after the runs: another learning rate, another sequence length, another model.
    let s = reduce(s, Action::Settings(super::settings::SettingsAction::SetLearningRate(0.3)));
    let s = reduce(s, Action::Data(DataAction::SetSeqLen(40)));
    let first = s.runs.record(1).cloned().expect("run 1");
    assert_eq!(restore_plan(&first, &s.data), RestorePlan::Now);
    let r = reduce(s.clone(), Action::Runs(RunsAction::Restore(1)));
    assert_eq!(r.settings.optimizer.learning_rate(), 0.005);
    assert_eq!(r.settings.epochs, 3);
    assert_eq!(r.settings.batch_size, 16);
    assert_eq!(r.data.prep.seq_len, 100);
    assert_eq!(r.builder.model(&r.data), first.spec, "the builder shows exactly that spec");
    let params = |s: &State| s.builder.check(&s.data).map(|m| m.total_params).ok();
    assert_eq!(params(&r), first.spec.summary().ok().map(|m| m.total_params));
    assert_eq!(r.runs.restore_note.as_ref().map(|m| m.id.to_string()), Some("evaluate-restored".into()));
    assert_eq!(r.runs.restored, Some(1), "the table marks the restored run");
    // Undoable: the spec before the restore is one Undo away.
    let u = reduce(r.clone(), Action::Builder(super::builder::BuilderAction::Undo));
    assert_eq!(u.builder.spec, s.builder.spec);
    // Nothing changes while a run is in the worker.
    let busy = reduce(s.clone(), Action::Run(RunAction::Started(RunId(9))));
    let b = reduce(busy.clone(), Action::Runs(RunsAction::Restore(1)));
    assert_eq!(b.settings.optimizer.learning_rate(), 0.3);
    // An unknown run number changes nothing.
    assert!(reduce(s.clone(), Action::Runs(RunsAction::Restore(7))) == s);
}

#[test]
fn restoring_a_run_of_another_built_in_set_waits_for_its_load() {
    let s = load(State::default(), 1, builtin("review-sentences"), review());
    let s = trained(s, 2, builtin("review-sentences"), small(8), 0.005, 3);
    let s = load(
        s,
        3,
        builtin("iris"),
        summary(SourceKind::Table { width: 4 }, Task::MultiClass { classes: 3 }, &["a", "b", "c"]),
    );
    let record = s.runs.record(1).cloned().expect("run 1");
    assert_eq!(restore_plan(&record, &s.data), RestorePlan::Load("review-sentences".into()));
    // The page asks for the run's set (as the button does), then restores.
    let s =
        reduce(s, Action::Data(DataAction::Loading { run: RunId(4), id: builtin("review-sentences"), upload: None }));
    let s = reduce(s, Action::Runs(RunsAction::Restore(1)));
    assert_eq!(s.runs.restoring, Some(1));
    assert_ne!(s.settings.optimizer.learning_rate(), 0.005, "not yet: the set is loading");
    let s = event(
        s,
        4,
        Event::DataLoaded { id: builtin("review-sentences"), name: "r".into(), summary: Box::new(review()) },
    );
    assert_eq!(s.runs.restoring, None);
    assert_eq!(s.settings.optimizer.learning_rate(), 0.005);
    assert_eq!(s.builder.model(&s.data), record.spec, "after the load's own preset, the run's spec");
    // A load that fails drops the waiting restore with a note.
    let s = load(
        s,
        5,
        builtin("iris"),
        summary(SourceKind::Table { width: 4 }, Task::MultiClass { classes: 3 }, &["a", "b", "c"]),
    );
    let s =
        reduce(s, Action::Data(DataAction::Loading { run: RunId(6), id: builtin("review-sentences"), upload: None }));
    let s = reduce(s, Action::Runs(RunsAction::Restore(1)));
    let s = event(
        s,
        6,
        Event::DataFailed { id: builtin("review-sentences"), message: kiln_i18n::Msg::verbatim("offline") },
    );
    assert_eq!(s.runs.restoring, None);
    assert_eq!(s.runs.restore_note.as_ref().map(|m| m.id.to_string()), Some("evaluate-restore-failed".into()));
}

#[test]
fn restoring_a_run_of_an_upload_no_longer_loaded_says_so() {
    let upload = DataId::Upload("reviews.csv".into());
    let s = load(State::default(), 1, upload.clone(), review());
    let s = trained(s, 2, upload, small(8), 0.005, 3);
    let s = load(s, 3, builtin("review-sentences"), review());
    let record = s.runs.record(1).cloned().expect("run 1");
    assert_eq!(restore_plan(&record, &s.data), RestorePlan::Missing("reviews.csv".into()));
    let before = s.settings.clone();
    let r = reduce(s, Action::Runs(RunsAction::Restore(1)));
    assert!(r.settings == before, "nothing restored");
    let note = r.runs.restore_note.clone().expect("a note");
    assert_eq!(note.id, "evaluate-restore-missing");
    assert!(kiln_i18n::english(&note).contains("reviews.csv"), "{}", kiln_i18n::english(&note));
}

fn opened(kind: &str, input: InputSpec, classes: &[&str]) -> ModelInfo {
    let mut spec = ModelSpec::reference_sentiment(1000, 100);
    spec.input = input;
    ModelInfo {
        name: "m.kiln".into(),
        spec,
        config: TrainConfig::default(),
        split: SplitConfig::default(),
        prep: None,
        dataset: "review-sentences".into(),
        metrics: TestMetrics { loss: 0.5, accuracy: 0.7, examples: 10 },
        class_names: classes.iter().map(|c| (*c).to_string()).collect(),
        kind: kind.into(),
        bytes: 10,
    }
}

fn why(info: &ModelInfo, s: &State) -> Option<String> {
    evaluate_match(info, &s.data).err().map(|m| m.id.to_string())
}

#[test]
fn an_opened_model_matches_data_of_its_kind_shape_and_classes() {
    let text = opened("text", InputSpec::Tokens { seq_len: 100, vocab_size: 2000 }, &["negative", "positive"]);
    assert_eq!(why(&text, &State::default()).as_deref(), Some("evaluate-opened-no-data"));
    let loading = reduce(
        State::default(),
        Action::Data(DataAction::Loading { run: RunId(1), id: builtin("iris"), upload: None }),
    );
    assert_eq!(why(&text, &loading).as_deref(), Some("evaluate-opened-loading"));
    // Texts: any text settings (the model's own vocabulary encodes them), same class names in any order.
    let reviews = load(State::default(), 1, builtin("review-sentences"), review());
    assert_eq!(why(&text, &reviews), None);
    let swapped =
        load(State::default(), 1, builtin("iris"), summary(SourceKind::Text, Task::Binary, &["positive", "negative"]));
    assert_eq!(why(&text, &swapped), None);
    let others = load(State::default(), 1, builtin("iris"), summary(SourceKind::Text, Task::Binary, &["spam", "ham"]));
    assert_eq!(why(&text, &others).as_deref(), Some("evaluate-opened-classes"));
    let three = load(
        State::default(),
        1,
        builtin("iris"),
        summary(SourceKind::Text, Task::MultiClass { classes: 3 }, &["negative", "positive", "neutral"]),
    );
    assert_eq!(why(&text, &three).as_deref(), Some("evaluate-opened-classes"));
    // Another kind of input.
    let digits = summary(
        SourceKind::Images { height: 28, width: 28, channels: 1 },
        Task::MultiClass { classes: 2 },
        &["negative", "positive"],
    );
    let images = load(State::default(), 1, builtin("mnist-10k"), digits.clone());
    assert_eq!(why(&text, &images).as_deref(), Some("evaluate-opened-kind"));
    let kind = evaluate_match(&text, &images.data).expect_err("another kind");
    let said = kiln_i18n::format(kiln_i18n::Lang::En, &kind);
    assert!(said.contains("takes texts, but") && said.contains("holds images"), "{said}");
    // Images: the same [height, width, channels].
    let cnn = opened("images", InputSpec::Images { height: 28, width: 28, channels: 1 }, &["negative", "positive"]);
    assert_eq!(why(&cnn, &images), None);
    let small_digits = load(
        State::default(),
        1,
        builtin("digits"),
        SourceSummary { kind: SourceKind::Images { height: 8, width: 8, channels: 1 }, ..digits },
    );
    assert_eq!(why(&cnn, &small_digits).as_deref(), Some("evaluate-opened-shape"));
    // Tables: the same feature width; regression models need a numeric target and the reverse.
    let mlp = opened("table", InputSpec::Features { width: 4 }, &["a", "b", "c"]);
    let iris = load(
        State::default(),
        1,
        builtin("iris"),
        summary(SourceKind::Table { width: 4 }, Task::MultiClass { classes: 3 }, &["c", "b", "a"]),
    );
    assert_eq!(why(&mlp, &iris), None);
    let wide = load(
        State::default(),
        1,
        builtin("iris"),
        summary(SourceKind::Table { width: 6 }, Task::MultiClass { classes: 3 }, &["a", "b", "c"]),
    );
    assert_eq!(why(&mlp, &wide).as_deref(), Some("evaluate-opened-width"));
    let numbers =
        load(State::default(), 1, builtin("iris"), summary(SourceKind::Table { width: 4 }, Task::Regression, &[]));
    assert_eq!(why(&mlp, &numbers).as_deref(), Some("evaluate-opened-classifier"));
    let regressor = opened("table", InputSpec::Features { width: 4 }, &[]);
    assert_eq!(why(&regressor, &numbers), None);
    assert_eq!(why(&regressor, &iris).as_deref(), Some("evaluate-opened-regression"));
    // Every message reads as a sentence naming the data set.
    let m = evaluate_match(&mlp, &wide.data).expect_err("mismatch");
    assert!(kiln_i18n::english(&m).contains("6"), "{}", kiln_i18n::english(&m));
}

#[test]
fn an_on_demand_report_is_shown_beside_the_opened_model() {
    use super::report::ReportAction;
    let s = reduce(State::default(), Action::Report(ReportAction::Evaluating { run: RunId(20), model: RunId(5) }));
    assert!(s.report.waits_for(RunId(20)));
    let report = kiln_protocol::report::TestReport {
        examples: 0,
        class_names: vec!["negative".into(), "positive".into()],
        metrics: kiln_protocol::report::ReportMetrics::Regression {
            metrics: kiln_core::metrics::RegressionMetrics { mae: 0.0, rmse: 0.0, r2: 1.0, examples: 0 },
        },
        rows: Vec::new(),
        rows_left_out: 0,
        columns: Vec::new(),
        compute_ms: Some(12.0),
    };
    let s = event(s, 20, Event::Report(Box::new(report)));
    assert!(s.report.evaluating.is_none());
    assert!(s.report.shown(Some(RunId(5))).is_some(), "the opened model's report");
    assert!(s.report.shown(Some(RunId(20))).is_none());
    // An error ends the wait; a stale report of that run is then dropped.
    let s = reduce(s, Action::Report(ReportAction::Evaluating { run: RunId(21), model: RunId(5) }));
    let s = event(s, 21, Event::Error(kiln_i18n::Msg::verbatim("no")));
    assert!(s.report.evaluating.is_none() && s.page.error.is_some());
}
