//! The kept session and model files on the host: the record's round trip, what a restore puts
//! back, an opened model becoming the page's model (and a damaged one changing nothing), and the
//! quota message.

use std::rc::Rc;

use kiln_core::{ModelSpec, SplitConfig, TextPrepConfig, Tokenizer, TrainConfig};
use kiln_i18n::english;
use kiln_protocol::{EpochMetrics, Event, ExportedFile, ModelFormat, ModelInfo, Msg, Reply, RunId, TestMetrics};
use yew::Reducible;

use crate::state::deploy::{DeployAction, Opening};
use crate::state::run::{Phase, RunAction};
use crate::state::session::{Charts, SESSION_VERSION, SavedData, SessionRecord, quota_message};
use crate::state::{Action, State};

fn reduce(s: State, a: Action) -> State {
    (*Rc::new(s).reduce(a)).clone()
}

fn event(s: State, run: u32, event: Event) -> State {
    reduce(s, Action::Worker(Reply { run: RunId(run), event }))
}

const TEST: TestMetrics = TestMetrics { loss: 0.4, accuracy: 0.8125, examples: 298 };

fn epoch(n: usize) -> EpochMetrics {
    EpochMetrics {
        epoch: n,
        train_loss: 0.6,
        train_accuracy: 0.7,
        val_loss: f64::NAN,
        val_accuracy: 0.65,
        samples_per_s: 900.0,
    }
}

fn record() -> SessionRecord {
    SessionRecord {
        version: SESSION_VERSION,
        dataset: Some(SavedData::Builtin("review-sentences".into())),
        prep: TextPrepConfig { vocab_size: 2000, seq_len: 100, tokenizer: Tokenizer::Keras },
        split: SplitConfig::default(),
        spec: ModelSpec::reference_sentiment(2000, 100),
        config: TrainConfig { epochs: 2, ..TrainConfig::default() },
        charts: Some(Charts {
            epochs: vec![epoch(1), epoch(2)],
            batch_loss: vec![(0.5, 0.69), (1.0, 0.6), (2.0, 0.5)],
            test: Some(TEST),
            runs: 3,
        }),
    }
}

fn info(spec: ModelSpec) -> ModelInfo {
    ModelInfo {
        name: "kiln-model.kiln".into(),
        spec,
        config: TrainConfig { epochs: 7, ..TrainConfig::default() },
        split: SplitConfig::default(),
        prep: Some(TextPrepConfig { vocab_size: 500, seq_len: 40, tokenizer: Tokenizer::Keras }),
        dataset: "review-sentences".into(),
        metrics: TEST,
        class_names: vec!["negative".into(), "positive".into()],
        kind: "text".into(),
        bytes: 12_345,
    }
}

#[test]
fn the_record_survives_json_and_other_versions_are_ignored() {
    let r = record();
    let back = SessionRecord::from_json(&r.to_json()).expect("reads back");
    // NaN (an unmeasured validation loss) travels as null and comes back as NaN.
    assert!(back.charts.as_ref().expect("charts").epochs[0].val_loss.is_nan());
    assert_eq!(back.spec, r.spec);
    assert_eq!(back.config, r.config);
    assert_eq!(back.dataset, r.dataset);
    let newer = r.to_json().replace(&format!("\"version\":{SESSION_VERSION}"), "\"version\":99");
    assert_eq!(SessionRecord::from_json(&newer), None, "another version starts fresh");
    assert_eq!(SessionRecord::from_json("{not json"), None);
}

#[test]
fn a_restore_puts_back_settings_spec_and_charts_and_the_record_of_it_is_the_same() {
    let r = record();
    let s = reduce(State::default(), Action::Restore(Box::new(r.clone())));
    assert_eq!(s.data.prep, r.prep);
    assert_eq!(s.builder.spec, r.spec);
    assert_eq!(*s.settings, r.config);
    assert_eq!(s.run.epochs.len(), 2);
    assert_eq!(s.run.batch_loss.points(), &[(0.5, 0.69), (1.0, 0.6), (2.0, 0.5)]);
    assert_eq!(s.run.test, Some(TEST));
    assert_eq!(s.run.runs, 3);
    assert_eq!(s.run.phase, Phase::Finished);
    assert_eq!(s.run.model, None, "the model comes back only when the worker has opened the kept weights");
    let again = SessionRecord::of(&s.data, &s.builder, &s.settings, &s.run);
    assert_eq!(again.spec, r.spec);
    assert_eq!(again.charts.as_ref().map(|c| c.epochs.len()), Some(2));
    assert_eq!(again.dataset, None, "no data set has loaded yet");
    let loading = reduce(
        s,
        Action::Data(crate::state::data::DataAction::Loading {
            run: RunId(2),
            id: kiln_data::id::DataId::Builtin("iris".into()),
            upload: None,
        }),
    );
    let r = SessionRecord::of(&loading.data, &loading.builder, &loading.settings, &loading.run);
    assert_eq!(r.dataset, Some(SavedData::Builtin("iris".into())), "the data set being loaded is the session's");
}

#[test]
fn an_opened_file_becomes_the_model_try_it_asks_and_train_continues_from() {
    let spec = ModelSpec::reference_sentiment(500, 40);
    let opening = Opening { run: RunId(9), name: "kiln-model.kiln".into(), restore: false };
    let s = reduce(State::default(), Action::Deploy(DeployAction::Opening(opening)));
    // An event of another run changes nothing.
    let s2 = event(s.clone(), 8, Event::ModelOpened(Box::new(info(spec.clone()))));
    assert_eq!(s2, s);
    let s = event(s, 9, Event::ModelOpened(Box::new(info(spec.clone()))));
    assert_eq!(s.run.usable_model(), Some(RunId(9)));
    assert_eq!(s.run.test, Some(TEST));
    assert_eq!(s.builder.spec, spec);
    assert_eq!(s.settings.epochs, 7);
    assert_eq!((s.data.prep.vocab_size, s.data.prep.seq_len), (500, 40));
    assert_eq!(s.deploy.opening, None);
    assert_eq!(s.deploy.continue_from(s.run.model, &s.builder.model(&s.data)), Some(RunId(9)));
    // An edited spec, or a newer model, trains from fresh weights.
    let mut other = spec.clone();
    other.layers.pop();
    assert_eq!(s.deploy.continue_from(s.run.model, &other), None);
    assert_eq!(s.deploy.continue_from(Some(RunId(10)), &spec), None);
    let reset = reduce(s, Action::Run(RunAction::Reset));
    assert_eq!(reset.deploy.continue_from(reset.run.model, &spec), None);
}

#[test]
fn a_damaged_file_says_why_and_keeps_the_current_model() {
    let spec = ModelSpec::reference_sentiment(500, 40);
    let first = Opening { run: RunId(3), name: "good.kiln".into(), restore: false };
    let s = reduce(State::default(), Action::Deploy(DeployAction::Opening(first)));
    let s = event(s, 3, Event::ModelOpened(Box::new(info(spec.clone()))));
    let bad = Opening { run: RunId(4), name: "bad.kiln".into(), restore: false };
    let s = reduce(s, Action::Deploy(DeployAction::Opening(bad)));
    let message = Msg::verbatim("the model file is damaged or too large: it is cut short");
    let s = event(s, 4, Event::ModelFailed { name: "bad.kiln".into(), message });
    let shown = english(&s.deploy.open_error.clone().expect("a message"));
    assert!(
        shown.contains("bad.kiln") && shown.contains("cut short") && shown.contains("current model is kept"),
        "{shown}"
    );
    assert_eq!(s.run.usable_model(), Some(RunId(3)));
    assert_eq!(s.builder.spec, spec);
    assert_eq!(s.page.error, None, "the message is beside the open control, not a banner");
}

#[test]
fn a_restored_model_keeps_the_restored_charts() {
    let s = reduce(State::default(), Action::Restore(Box::new(record())));
    let opening = Opening { run: RunId(1), name: "the model from your last visit".into(), restore: true };
    let s = reduce(s, Action::Deploy(DeployAction::Opening(opening)));
    let s = event(s, 1, Event::ModelOpened(Box::new(info(ModelSpec::reference_sentiment(2000, 100)))));
    assert_eq!(s.run.epochs.len(), 2, "the charts stay");
    assert_eq!(s.run.usable_model(), Some(RunId(1)));
    assert_eq!(s.deploy.kept, Some(RunId(1)), "weights from IndexedDB are not written back");
    assert_eq!(s.builder.spec, record().spec, "the restored builder spec stays");
}

#[test]
fn exports_report_what_they_wrote() {
    let s = reduce(State::default(), Action::Deploy(DeployAction::Exporting(RunId(5), ModelFormat::Keras)));
    let file = |name: &str, size: u64| ExportedFile { name: name.into(), mime: "x".into(), attachment: 1, size };
    let files = vec![file("model_keras.py", 900), file("model_keras.safetensors", 80_000)];
    let s = event(s, 5, Event::Exported { format: ModelFormat::Keras, files });
    assert_eq!(s.deploy.exporting, None);
    assert_eq!(
        s.deploy.exported.as_ref().map(english).as_deref(),
        Some("downloaded model_keras.py (900 bytes) and model_keras.safetensors (79 KB)")
    );
    let s = reduce(s, Action::Deploy(DeployAction::Exporting(RunId(6), ModelFormat::Onnx)));
    let s = event(s, 6, Event::Error(Msg::verbatim("layer 2 (MultiHeadSelfAttention) cannot be exported to ONNX")));
    assert_eq!(s.deploy.exporting, None);
    assert!(s.page.error.as_ref().map(english).is_some_and(|e| e.contains("cannot be exported")));
}

#[test]
fn quota_errors_say_what_how_big_and_what_was_kept() {
    let m = english(&quota_message(
        Msg::new("deploy-kept-weights"),
        3 * 1_048_576,
        "DOM exception: QuotaExceededError",
        Msg::verbatim("the charts"),
    ));
    assert_eq!(
        m,
        "Could not keep the trained weights (3.0 MB) for the next visit: the browser's storage quota for this page is \
         used up. Kept instead: the charts."
    );
    let m = english(&quota_message(
        Msg::new("deploy-kept-settings"),
        2048,
        "InvalidStateError",
        Msg::verbatim("the session saved before"),
    ));
    assert!(m.contains("(2 KB)") && m.contains("refused it (InvalidStateError)"), "{m}");
}

#[test]
fn a_restored_model_says_it_came_back_from_the_last_session_with_its_data_sets_name() {
    let spec = ModelSpec::reference_sentiment(2000, 100);
    // Before anything: "not started".
    assert_eq!(State::default().run.resting_status(), None);
    let s = reduce(State::default(), Action::Restore(Box::new(record())));
    let restored = s.run.resting_status().map(english);
    assert_eq!(restored.as_deref(), Some("restored from your last visit"), "the charts are back, not yet the weights");
    let opening = Opening { run: RunId(4), name: "kiln-session".into(), restore: true };
    let s = reduce(s, Action::Deploy(DeployAction::Opening(opening)));
    let s = event(s, 4, Event::ModelOpened(Box::new(info(spec.clone()))));
    assert_eq!(s.run.usable_model(), Some(RunId(4)));
    let line = s.run.resting_status().map(english).unwrap_or_default();
    assert_eq!(line, "model restored from your last session (trained on Review sentences)");
    assert!(!line.contains("opened"), "{line}");
    // A file the person opens says so, and names a built-in data set by its name, an upload by its own.
    let opening = Opening { run: RunId(5), name: "mine.kiln".into(), restore: false };
    let s = reduce(s, Action::Deploy(DeployAction::Opening(opening)));
    let upload = ModelInfo { name: "mine.kiln".into(), dataset: "upload:my reviews.csv".into(), ..info(spec) };
    let s = event(s, 5, Event::ModelOpened(Box::new(upload)));
    assert_eq!(s.run.resting_status().map(english).as_deref(), Some("opened mine.kiln: trained on my reviews.csv"));
    // Reset says what it did rather than "not started".
    let reset = reduce(s, Action::Run(RunAction::Reset));
    assert!(reset.run.resting_status().map(english).is_some_and(|m| m.starts_with("reset")));
}

#[test]
fn data_sets_are_named_by_their_display_name_and_uploads_by_their_own() {
    use crate::state::data::{dataset_label, dataset_label_of};
    use kiln_data::id::DataId;
    assert_eq!(english(&dataset_label_of("review-sentences")), "Review sentences");
    assert_eq!(english(&dataset_label(&DataId::Builtin("iris".into()))), "Iris flowers");
    assert_eq!(kiln_i18n::format(kiln_i18n::Lang::Zh, &dataset_label_of("review-sentences")), "英文评论句子");
    assert_eq!(english(&dataset_label_of("upload:pets.zip")), "pets.zip");
    assert_eq!(english(&dataset_label_of("data/my.csv")), "data/my.csv", "an id this Kiln does not know, as it is");
}
