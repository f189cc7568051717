//! The page state's reducers on the host: each slice's rules, and the routing by run that keeps
//! a stale event out of a newer run.

use std::rc::Rc;

use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, Padding, SpecError, Task, TrainConfig};
use kiln_i18n::english;
use kiln_protocol::{Event, Msg, Reply, RunId, TeachFrame, TestMetrics};
use yew::Reducible;

use super::builder::{BuilderAction, UNDO_LIMIT};
use super::page::Mode;
use super::run::{Phase, RunAction};
use super::teach::TeachAction;
use super::try_it::TryAction;
use super::{Action, State};
use crate::teach_config::TeachConfig;

fn reduce(s: State, a: Action) -> State {
    (*Rc::new(s).reduce(a)).clone()
}

fn event(s: State, run: u32, event: Event) -> State {
    reduce(s, Action::Worker(Reply { run: RunId(run), event }))
}

fn started(run: u32) -> State {
    reduce(State::default(), Action::Run(RunAction::Started(RunId(run))))
}

const CPU: fn() -> Event =
    || Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("CPU") };
const TEST: TestMetrics = TestMetrics { loss: 0.4, accuracy: 0.8, examples: 298 };
const BATCH: Event = Event::Batch { epoch: 1, batch: 5, batches: 10, loss: 0.6, samples_per_s: 100.0 };

fn frame(epoch: usize) -> Event {
    Event::Frame(Box::new(TeachFrame {
        epoch,
        train_loss: 0.5,
        test_loss: 0.6,
        train_accuracy: 0.8,
        test_accuracy: 0.7,
        boundary: vec![128; 4],
        outputs: 1,
        neurons: vec![],
        weights: vec![],
    }))
}

/// The worker's answer for a typed text scored `p`.
fn text_answer(text: &str, p: f64) -> Event {
    Event::Prediction(Box::new(kiln_protocol::TryOutcome {
        text: Some(text.into()),
        prediction: kiln_protocol::Scored {
            class: None,
            probabilities: vec![("negative".into(), 1.0 - p), ("positive".into(), p)],
            probability: Some(p),
            value: None,
        },
        seen: None,
        fields: vec![],
    }))
}

#[test]
fn stale_predictions_are_ignored() {
    let q = |q: u32| Some((RunId(q), RunId(1)));
    let s = reduce(State::default(), Action::TryIt(TryAction::Typed { text: "goo".into(), query: q(5) }));
    let s = reduce(s, Action::TryIt(TryAction::Typed { text: "good".into(), query: q(6) }));
    // The answer to the older query comes last: it is not shown.
    let s = event(s, 5, text_answer("goo", 0.2));
    assert_eq!(s.try_it.shown(Some(RunId(1))), None);
    let s = event(s, 6, text_answer("good", 0.9));
    assert_eq!(s.try_it.shown(Some(RunId(1))), Some(0.9));
    assert_eq!(s.try_it.shown(Some(RunId(2))), None, "another model's prediction is not shown");
    // A new text hides the old text's prediction until its own arrives.
    let s = reduce(s, Action::TryIt(TryAction::Typed { text: "good!".into(), query: q(7) }));
    assert_eq!(s.try_it.shown(Some(RunId(1))), None);
}

#[test]
fn a_run_that_fails_to_start_keeps_the_previous_model_and_charts() {
    let s = event(started(1), 1, CPU());
    let epoch = kiln_protocol::EpochMetrics {
        epoch: 1,
        train_loss: 0.5,
        train_accuracy: 0.8,
        val_loss: 0.6,
        val_accuracy: 0.7,
        samples_per_s: 100.0,
    };
    // With a completed epoch on the charts: the failed start must not claim run 2 holds a model.
    let s = event(s, 1, Event::Epoch(epoch));
    let s = event(s, 1, Event::Finished { test: TEST, stopped: false });
    assert_eq!(s.run.usable_model(), Some(RunId(1)));
    let s = reduce(s, Action::Run(RunAction::Started(RunId(2))));
    assert_eq!(s.run.usable_model(), None, "no predictions while a run starts");
    let s = event(s, 2, Event::Error(Msg::verbatim("WebGPU is not available here")));
    assert_eq!(s.run.usable_model(), Some(RunId(1)));
    assert_eq!(s.run.test, Some(TEST));
    assert_eq!(s.page.error.as_ref().map(english).as_deref(), Some("WebGPU is not available here"));
}

#[test]
fn an_error_while_running_fails_the_run_and_keeps_metrics() {
    let s = event(started(1), 1, BATCH);
    let s = event(s, 1, Event::Error(Msg::verbatim("boom")));
    assert_eq!(s.run.phase, Phase::Failed);
    assert_eq!(s.page.error.as_ref().map(english).as_deref(), Some("boom"));
    assert_eq!(s.run.batch_loss.points(), &[(0.5, 0.6)]);
}

#[test]
fn pause_resume_and_divergence_phases() {
    let s = reduce(started(1), Action::Run(RunAction::Pausing));
    assert_eq!(s.run.phase, Phase::Paused);
    let s = event(s, 1, Event::Paused { epoch: 2, batch: 4, batches: 10 });
    assert_eq!(english(&s.run.status), "paused before batch 5 of epoch 2");
    assert_eq!(s.run.usable_model(), None, "a paused run is still in the worker");
    let s = reduce(s, Action::Run(RunAction::Resumed));
    assert_eq!(s.run.phase, Phase::Running);
    let msg = "loss became NaN at epoch 3 batch 17: the learning rate 10 is too high for Adam; try 0.001";
    let s = event(s, 1, Event::Diverged { message: Msg::verbatim(msg), can_restore: true });
    assert_eq!(s.run.phase, Phase::Failed);
    assert_eq!(s.run.diverged, Some((Msg::verbatim(msg), true)));
    let s = event(s, 1, Event::Restored { epoch: 3, batch: 10 });
    assert_eq!(s.run.diverged, None);
}

#[test]
fn a_second_train_ignores_the_first_runs_tail() {
    let s = event(started(1), 1, CPU());
    let s = event(s, 1, BATCH);
    // Train again while run 1 is still in the worker (it stops it and starts run 2).
    let s = reduce(s, Action::Run(RunAction::Started(RunId(2))));
    let before = s.clone();
    // Run 1's last events arrive: they change nothing, not even a render.
    let s = event(s, 1, BATCH);
    let s = event(s, 1, Event::Finished { test: TEST, stopped: true });
    let s = event(s, 1, Event::Error(Msg::verbatim("late")));
    assert_eq!(s, before, "the same state: nothing re-renders");
    assert_eq!(s.run.phase, Phase::Running);
    assert_eq!(s.run.test, None);
    let s = event(s, 2, CPU());
    let s = event(s, 2, BATCH);
    assert_eq!((s.run.runs, s.run.batch_loss.points().len()), (2, 1));
}

#[test]
fn reset_forgets_the_run_and_switching_pages_keeps_each_pages_events_apart() {
    let s = event(started(1), 1, CPU());
    let s = reduce(s, Action::Run(RunAction::Reset));
    let s = event(s, 1, Event::Finished { test: TEST, stopped: true });
    assert_eq!((s.run.phase, s.run.test, s.run.usable_model()), (Phase::Idle, None, None));

    // A guided run, then teaching mode mid-run, then back.
    let s = event(started(2), 2, CPU());
    let s = event(s, 2, BATCH);
    let s = reduce(s, Action::SetMode(Mode::Teach));
    assert_eq!(s.run.phase, Phase::Stopped);
    let s = reduce(s, Action::Teach(TeachAction::Started { run: RunId(3), playing: false }));
    // Run 2's final metrics still reach the guided run; run 3's events reach teaching mode.
    let s = event(s, 2, Event::Finished { test: TEST, stopped: true });
    let s =
        event(s, 3, Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("tiny") });
    let s = event(s, 3, Event::Paused { epoch: 1, batch: 0, batches: 5 });
    let s = event(s, 3, frame(1));
    assert_eq!((s.run.runs, s.run.test, s.run.batch_loss.points().len()), (1, Some(TEST), 1));
    assert_eq!(
        s.run.engine.as_ref().map(|e| e.1.clone()),
        Some(kiln_i18n::Msg::verbatim("CPU")),
        "the teaching engine is not the run's"
    );
    assert_eq!((s.teach.frames, s.teach.engine.clone()), (1, Some(kiln_i18n::Msg::verbatim("tiny"))));
    let s = reduce(s, Action::SetMode(Mode::Guided));
    assert_eq!((s.teach.run, s.teach.playing), (None, false));
    let s = event(s, 3, frame(2));
    assert_eq!(s.teach.frames, 1, "the stopped teaching run's last frame is dropped");
    assert_eq!(s.run.usable_model(), Some(RunId(2)));
}

#[test]
fn teach_frames_count_and_errors_stop_playing() {
    let s = reduce(State::default(), Action::Teach(TeachAction::Open(TeachConfig::default(), vec![])));
    assert_eq!(s.page.mode, Mode::Teach);
    let s = reduce(s, Action::Teach(TeachAction::Started { run: RunId(4), playing: true }));
    let s = event(s, 4, frame(3));
    assert_eq!(s.teach.frames, 1);
    assert_eq!(s.teach.test_loss.points(), &[(3.0, 0.6)]);
    let s = event(s, 4, Event::Error(Msg::verbatim("lost")));
    assert!(!s.teach.playing);
    assert_eq!(s.run.phase, Phase::Idle, "a teaching error does not touch the guided run");
}

fn build(s: State, a: BuilderAction) -> State {
    reduce(s, Action::Builder(a))
}

fn kinds(s: &State) -> Vec<&'static str> {
    s.builder.spec.layers.iter().map(LayerSpec::kind).collect()
}

fn dense(units: usize) -> LayerSpec {
    LayerSpec::Dense { units, activation: Activation::Relu }
}

fn spec_error(s: &State) -> Option<SpecError> {
    s.builder.check(&s.data).err()
}

#[test]
fn the_default_model_is_the_reference_and_follows_the_text_settings() {
    let s = State::default();
    assert_eq!(s.builder.model(&s.data), ModelSpec::reference_sentiment(10_000, 500));
    assert_eq!(spec_error(&s), None);
    let s = reduce(s, Action::Data(super::data::DataAction::SetSeqLen(100)));
    assert_eq!(s.builder.model(&s.data).input, InputSpec::Tokens { seq_len: 100, vocab_size: 10_000 });
    assert_eq!(s.builder.check(&s.data).expect("valid").total_params, 160_289);
}

#[test]
fn add_goes_after_the_selection_or_at_the_end() {
    let s = build(State::default(), BuilderAction::Add(LayerSpec::Dropout { rate: 0.5 }));
    assert_eq!(kinds(&s), ["Embedding", "GlobalAveragePooling1D", "Dense", "Dense", "Dropout"]);
    assert_eq!(s.builder.selected, Some(4));
    let s = build(s, BuilderAction::Select(Some(1)));
    let s = build(s, BuilderAction::Add(dense(8)));
    assert_eq!(kinds(&s), ["Embedding", "GlobalAveragePooling1D", "Dense", "Dense", "Dense", "Dropout"]);
    assert_eq!(s.builder.spec.layers[2], dense(8));
    assert_eq!(s.builder.selected, Some(2));
    // Selecting past the end selects nothing.
    let s = build(s, BuilderAction::Select(Some(99)));
    assert_eq!(s.builder.selected, None);
}

#[test]
fn remove_and_move_keep_the_selection_sensible() {
    let s = build(State::default(), BuilderAction::Select(Some(3)));
    let s = build(s, BuilderAction::Remove(1));
    assert_eq!(kinds(&s), ["Embedding", "Dense", "Dense"]);
    assert_eq!(s.builder.selected, Some(2));
    assert!(spec_error(&s).is_some(), "Dense on a sequence is invalid");
    let s = build(s, BuilderAction::MoveUp(2));
    assert_eq!(s.builder.spec.layers[1], LayerSpec::Dense { units: 1, activation: Activation::Sigmoid });
    assert_eq!(s.builder.selected, Some(1));
    let s = build(s, BuilderAction::MoveDown(1));
    assert_eq!(s.builder.spec.layers[2], LayerSpec::Dense { units: 1, activation: Activation::Sigmoid });
    // Out of range: nothing changes, nothing is recorded.
    let undo = s.builder.undo.len();
    let s = build(s, BuilderAction::MoveUp(0));
    let s = build(s, BuilderAction::MoveDown(2));
    let s = build(s, BuilderAction::Remove(7));
    let s = build(s, BuilderAction::Edit(7, dense(1)));
    assert_eq!(s.builder.undo.len(), undo);
}

#[test]
fn edit_undo_redo() {
    let s0 = State::default();
    let s = build(s0.clone(), BuilderAction::Edit(2, dense(32)));
    assert_eq!(s.builder.check(&s.data).expect("valid").total_params, 160_000 + 16 * 32 + 32 + 32 + 1);
    let s = build(s, BuilderAction::SetLoss(LossSpec::MeanSquaredError));
    let err = spec_error(&s).expect("sigmoid with MSE").to_string();
    assert!(err.contains("mean squared error"), "{err}");
    let s = build(s, BuilderAction::Undo);
    assert_eq!(s.builder.spec.loss, LossSpec::BinaryCrossEntropy);
    let s = build(s, BuilderAction::Undo);
    assert_eq!(s.builder.spec, s0.builder.spec);
    let s = build(s, BuilderAction::Undo);
    assert_eq!(s.builder.spec, s0.builder.spec, "nothing left to undo");
    let s = build(s, BuilderAction::Redo);
    assert_eq!(s.builder.spec.layers[2], dense(32));
    // A new change forgets what was undone.
    let s = build(s, BuilderAction::Clear);
    assert!(s.builder.redo.is_empty());
    assert_eq!(spec_error(&s), Some(SpecError::Empty));
    // An edit that changes nothing is not recorded.
    let n = s.builder.undo.len();
    let s = build(s, BuilderAction::Clear);
    assert_eq!(s.builder.undo.len(), n);
}

#[test]
fn history_is_bounded() {
    let mut s = State::default();
    for i in 0..(UNDO_LIMIT + 20) {
        s = build(s, BuilderAction::Edit(2, dense(i + 1)));
    }
    assert_eq!(s.builder.undo.len(), UNDO_LIMIT);
    for _ in 0..(UNDO_LIMIT + 5) {
        s = build(s, BuilderAction::Undo);
    }
    assert_eq!(s.builder.redo.len(), UNDO_LIMIT);
    assert_eq!(s.builder.spec.layers[2], dense(20), "the oldest states were dropped");
}

#[test]
fn presets_keep_their_layers_and_show_the_data_mismatch() {
    let cnn = kiln_core::presets::small_cnn().spec;
    let s = build(State::default(), BuilderAction::Replace(cnn.clone()));
    assert_eq!(s.builder.spec, cnn);
    // The review set's input (token ids) replaces the preset's image input.
    assert!(matches!(s.builder.model(&s.data).input, InputSpec::Tokens { .. }));
    let err = spec_error(&s).expect("Conv2D on token ids").to_string();
    assert!(err.contains("Conv2D"), "{err}");
    let s = build(s, BuilderAction::Undo);
    assert_eq!(spec_error(&s), None);
}

#[test]
fn suggest_output_fixes_the_head_for_the_task() {
    let s =
        build(State::default(), BuilderAction::Edit(3, LayerSpec::Dense { units: 3, activation: Activation::Softmax }));
    let s = build(s, BuilderAction::SetLoss(LossSpec::CategoricalCrossEntropy));
    assert!(spec_error(&s).expect("3 classes on binary data").to_string().contains("two classes"));
    let s = build(s, BuilderAction::SuggestOutput(Task::Binary));
    assert_eq!(s.builder.spec, State::default().builder.spec);
    // After a non-Dense layer the output layer is appended.
    let s = build(s, BuilderAction::Add(LayerSpec::Dropout { rate: 0.2 }));
    let s = build(s, BuilderAction::SuggestOutput(Task::MultiClass { classes: 4 }));
    assert_eq!(kinds(&s).len(), 6);
    assert_eq!(s.builder.spec.loss, LossSpec::CategoricalCrossEntropy);
}

#[test]
fn load_sets_model_and_config_and_editing_waits_for_the_run() {
    let config = TrainConfig { epochs: 3, ..TrainConfig::default() };
    let spec = ModelSpec {
        input: InputSpec::Images { height: 28, width: 28, channels: 1 },
        layers: vec![LayerSpec::Conv2D {
            filters: 4,
            kernel_size: [3, 3],
            strides: [1, 1],
            padding: Padding::Same,
            activation: Activation::Relu,
        }],
        loss: LossSpec::CategoricalCrossEntropy,
    };
    let s = build(State::default(), BuilderAction::Load(Box::new(spec.clone()), Some(Box::new(config.clone()))));
    assert_eq!((s.builder.spec.clone(), (*s.settings).clone()), (spec, config));
    let running = reduce(s, Action::Run(RunAction::Started(RunId(1))));
    let after = build(running.clone(), BuilderAction::Clear);
    assert_eq!(after, running, "no edits while a run is in the worker");
}

/// The built-in set `id` loaded as run `run`.
fn loaded(s: State, run: u32, id: &str) -> State {
    let id = kiln_data::DataId::Builtin(id.into());
    let s = reduce(s, Action::Data(super::data::DataAction::Loading { run: RunId(run), id: id.clone(), upload: None }));
    let summary = kiln_data::SourceSummary {
        rows: 10,
        kind: kiln_data::SourceKind::Text,
        task: Task::Binary,
        class_names: vec!["negative".into(), "positive".into()],
        class_counts: vec![5, 5],
        preview: None,
        thumbnails: vec![],
        notices: vec![],
        examples: vec![],
        token_lengths: vec![],
    };
    event(s, run, Event::DataLoaded { id, name: "set".into(), summary: Box::new(summary) })
}

#[test]
fn a_built_in_set_starts_with_its_text_settings_and_early_stopping() {
    let s = loaded(State::default(), 1, "chinese-reviews");
    assert_eq!(s.data.prep, kiln_data::chinese_reviews::CHINESE_REVIEWS_PREP);
    assert_eq!(s.settings.early_stopping, Some(kiln_core::EarlyStopping::default()));
    assert_eq!(
        *s.settings,
        kiln_data::recommended_train("chinese-reviews"),
        "the settings the native test trains with"
    );
    // Another built-in set puts the reference's back.
    let s = loaded(s, 2, "review-sentences");
    assert_eq!(s.settings.early_stopping, None);
    assert_eq!(s.data.prep, kiln_core::TextPrepConfig::default());
}

#[test]
fn the_image_and_row_panel_shows_its_latest_answer_and_keeps_errors_off_the_banner() {
    use kiln_protocol::try_it::{FieldKind, TryField};
    let answer = |class: &str, fields: Vec<TryField>| {
        Event::Prediction(Box::new(kiln_protocol::TryOutcome {
            text: None,
            prediction: kiln_protocol::Scored {
                class: Some(class.into()),
                probabilities: vec![("a".into(), 0.3), ("b".into(), 0.7)],
                probability: Some(0.7),
                value: None,
            },
            seen: None,
            fields,
        }))
    };
    let asked = |q: u32, row: Option<Vec<(String, String)>>| {
        Action::TryIt(TryAction::Asked { query: (RunId(q), RunId(1)), row })
    };
    let s = reduce(State::default(), asked(5, None));
    let s = reduce(s, asked(6, Some(vec![("x".into(), "2".into())])));
    // The older stroke's answer comes last: not shown.
    let s = event(s, 5, answer("a", vec![]));
    assert!(s.try_it.panel_shown(Some(RunId(1))).is_none());
    let field = |column: &str, value: &str| TryField {
        column: column.into(),
        kind: FieldKind::Number { mean: 0.0, scale: 1.0, range: None },
        value: value.into(),
    };
    let s = event(s, 6, answer("b", vec![field("x", "2"), field("y", "0.5")]));
    let shown = s.try_it.panel_shown(Some(RunId(1))).expect("shown");
    assert_eq!(shown.prediction.class.as_deref(), Some("b"));
    assert!(s.try_it.panel_shown(Some(RunId(2))).is_none(), "another model's answer is not shown");
    // The typed cell stays; the column the row lacked shows the value used for it.
    assert_eq!(s.try_it.panel.row, [("x".to_owned(), "2".to_owned()), ("y".to_owned(), "0.5".to_owned())]);
    // A bad file: said in the panel, the last answer kept, no banner.
    let s = reduce(s, asked(7, None));
    let s = event(s, 7, Event::Error(kiln_protocol::Msg::new("error-data-image")));
    assert_eq!(s.try_it.panel.error.as_ref().map(|m| &m.id[..]), Some("error-data-image"));
    assert!(s.try_it.panel_shown(Some(RunId(1))).is_some());
    assert_eq!(s.page.error, None);
    let s = reduce(s, Action::TryIt(TryAction::Cleared));
    assert!(s.try_it.panel_shown(Some(RunId(1))).is_none() && s.try_it.panel.error.is_none());
}
