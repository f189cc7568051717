//! The Evaluate step's slices on the host: a report is shown only beside its own run's model, the
//! threshold recomputes the matrix from the report, explanations are matched to their query and
//! model, and the runs table keeps one record per run that began, sortable.

use std::rc::Rc;

use kiln_core::curves::BinaryCurve;
use kiln_core::{ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_protocol::report::{
    DEFAULT_THRESHOLD, ExplainMethod, Explanation, MapWord, Neighbour, Outcome, ReportMetrics, ReportRow, Shown,
    TestReport, WordContribution, WordMap,
};
use kiln_protocol::report_page::CellQuery;
use kiln_protocol::runs::RunColumn;
use kiln_protocol::{DataId, EpochMetrics, Event, Reply, RunId, TestMetrics, TrainRequest};
use yew::Reducible;

use super::explain::ExplainAction;
use super::report::ReportAction;
use super::run::RunAction;
use super::runs::RunsAction;
use super::{Action, State};

fn reduce(s: State, a: Action) -> State {
    (*Rc::new(s).reduce(a)).clone()
}

fn event(s: State, run: u32, event: Event) -> State {
    reduce(s, Action::Worker(Reply { run: RunId(run), event }))
}

/// A two-class report over six test examples with these truths and probabilities of positive.
fn report() -> TestReport {
    let truth = [0, 0, 0, 1, 1, 1];
    let p = [0.1_f32, 0.6, 0.95, 0.4, 0.7, 0.99];
    let curve = BinaryCurve::new(&truth, &p).expect("valid");
    let rows = truth
        .iter()
        .zip(p)
        .enumerate()
        .map(|(index, (&t, p))| ReportRow {
            index,
            outcome: Outcome::Class { truth: t, predicted: u32::from(p >= 0.5), probabilities: vec![1.0 - p, p] },
            shown: Shown::Text { text: format!("text {index}"), words: Vec::new() },
        })
        .collect();
    TestReport {
        examples: 6,
        class_names: vec!["negative".into(), "positive".into()],
        metrics: ReportMetrics::Binary {
            at_default: curve.metrics_at(DEFAULT_THRESHOLD),
            roc_auc: curve.roc_auc(),
            average_precision: curve.average_precision(),
            curve,
        },
        rows,
        rows_left_out: 0,
        columns: Vec::new(),
        compute_ms: None,
    }
}

fn trained(run: u32) -> State {
    let s = reduce(State::default(), Action::Run(RunAction::Started(RunId(run))));
    let s =
        event(s, run, Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("CPU") });
    event(s, run, Event::Finished { test: TestMetrics { loss: 0.5, accuracy: 0.5, examples: 6 }, stopped: false })
}

#[test]
fn a_report_is_shown_beside_its_own_model_only() {
    let s = event(trained(3), 3, Event::Report(Box::new(report())));
    let shown = s.report.shown(s.run.usable_model()).expect("shown");
    assert_eq!(shown.examples, 6);
    // A report of another run (a stale one) is dropped at the door.
    let stale = event(trained(3), 2, Event::Report(Box::new(report())));
    assert!(stale.report.report.is_none());
    // A new run begins: the old report is no longer shown beside it.
    let next = reduce(s, Action::Run(RunAction::Started(RunId(4))));
    let next =
        event(next, 4, Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("CPU") });
    assert!(next.report.shown(next.run.usable_model()).is_none());
}

#[test]
fn the_threshold_recomputes_the_matrix_on_the_page() {
    let s = event(trained(1), 1, Event::Report(Box::new(report())));
    let r = s.report.shown(Some(RunId(1))).expect("report").clone();
    let at = |t: f64| r.confusion_at(t).expect("classes").counts;
    // At 0.5: TN 1 (0.1), FP 2 (0.6, 0.95), FN 1 (0.4), TP 2.
    assert_eq!(at(s.report.threshold), vec![1, 2, 1, 2]);
    let s = reduce(s, Action::Report(ReportAction::Threshold(0.9)));
    assert_eq!(s.report.threshold, 0.9);
    assert_eq!(at(s.report.threshold), vec![2, 1, 2, 1], "0.6 and 0.7 fall below");
    let recall = |t: f64| r.metrics_at(t).expect("classes").per_class[1].recall;
    assert!(recall(0.9) < recall(0.5));
    let s = reduce(s, Action::Report(ReportAction::Threshold(f64::NAN)));
    assert_eq!(s.report.threshold, 0.9, "a non-number is ignored");
    let s = reduce(s, Action::Report(ReportAction::Threshold(7.0)));
    assert_eq!(s.report.threshold, 1.0, "clamped");
    // A cell's examples are asked of the worker: the cell opens, the answer to its query is kept,
    // an answer to another query or of another cell is not; closing and a new report reset it.
    let ask = |s: State, query: u32, truth: u32, predicted: u32| {
        let asked = CellQuery { model: RunId(1), truth, predicted, threshold: s.report.threshold };
        reduce(s, Action::Report(ReportAction::CellAsked { query: RunId(query), asked }))
    };
    let answer = |truth: u32, predicted: u32| {
        let query = CellQuery { model: RunId(1), truth, predicted, threshold: 1.0 };
        Event::Cell(Box::new(r.cell_examples(query)))
    };
    let s = ask(s, 20, 1, 0);
    assert_eq!((s.report.cell, s.report.shown_cell()), (Some((1, 0)), None));
    let s = event(s, 21, answer(1, 0));
    assert!(s.report.shown_cell().is_none(), "not the query waited for");
    let s = event(s, 20, answer(1, 0));
    let cell = s.report.shown_cell().expect("the cell's examples");
    assert_eq!((cell.count, cell.rows.len()), (3, 3), "all three positives are below 1.0");
    let s = ask(s, 22, 0, 1);
    assert!(s.report.shown_cell().is_none(), "another cell waits for its own examples");
    let s = event(s, 22, answer(1, 0));
    assert!(s.report.shown_cell().is_none(), "an answer of another cell is not shown");
    let s = reduce(s, Action::Report(ReportAction::CloseCell));
    assert_eq!(s.report.cell, None);
    let s = ask(s, 23, 0, 1);
    let s = event(s, 1, Event::Report(Box::new(report())));
    assert_eq!((s.report.threshold, s.report.cell), (DEFAULT_THRESHOLD, None));
}

#[test]
fn an_opened_models_report_and_word_map_are_the_models() {
    let s = reduce(State::default(), Action::Report(ReportAction::Evaluating { run: RunId(9), model: RunId(5) }));
    let s = event(s, 9, Event::Report(Box::new(report())));
    assert!(s.report.shown(Some(RunId(5))).is_some(), "the report is the opened model's");
    assert_eq!(s.report.evaluating, None);
    let s = event(s, 9, Event::WordMap(word_map()));
    assert_eq!(s.report.shown_map(Some(RunId(5))).map(|m| m.words.len()), Some(2), "its word map follows");
    assert!(s.report.shown(Some(RunId(5))).is_some(), "beside its report");
}

/// A two-word map: "great" and "terrible", each the other's neighbour.
fn word_map() -> Box<WordMap> {
    let word = |word: &str, id: u32, x: f32, c: f32, other: &str| MapWord {
        word: word.into(),
        id,
        x,
        y: 0.0,
        mean_contribution: Some(c),
        occurrences: 3,
        neighbours: vec![Neighbour { word: other.into(), similarity: -0.9 }],
    };
    Box::new(WordMap {
        words: vec![word("great", 2, 1.0, 0.8, "terrible"), word("terrible", 3, -1.0, -0.7, "great")],
        explained_variance: [0.9, 0.1],
        searched: 2,
        compute_ms: None,
    })
}

#[test]
fn a_word_map_is_kept_for_its_own_run_only() {
    let s = event(trained(3), 3, Event::Report(Box::new(report())));
    let s = event(s, 3, Event::WordMap(word_map()));
    let map = s.report.shown_map(s.run.usable_model()).expect("the current run's map is kept");
    assert_eq!(map.words.len(), 2);
    // Picking a word on the map, then none.
    let s = reduce(s, Action::Report(ReportAction::MapWord(Some(3))));
    assert_eq!(s.report.map_word, Some(3));
    let s = reduce(s, Action::Report(ReportAction::MapWord(None)));
    assert_eq!(s.report.map_word, None);
    // Another run's map (a stale one) is dropped at the door.
    let stale = event(trained(3), 2, Event::WordMap(word_map()));
    assert!(stale.report.word_map.is_none());
    // A new run's report drops the old run's map; a model without an Embedding sends none.
    let s = reduce(s, Action::Report(ReportAction::MapWord(Some(2))));
    let next = reduce(s, Action::Run(RunAction::Started(RunId(4))));
    let next =
        event(next, 4, Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("CPU") });
    assert!(next.report.shown_map(next.run.usable_model()).is_none(), "not shown beside a newer run");
    let next = event(next, 4, Event::Report(Box::new(report())));
    assert!(next.report.word_map.is_none() && next.report.map_word.is_none());
}

fn explanation(word: &str, c: f64) -> Box<Explanation> {
    Box::new(Explanation {
        method: ExplainMethod::IntegratedGradients,
        class: 1,
        class_name: "positive".into(),
        score: c,
        probability: Some(0.5),
        empty_score: 0.0,
        words: vec![WordContribution { text: word.into(), id: Some(5), contribution: c, probability_without: None }],
        total: c,
    })
}

#[test]
fn explanations_match_their_query_and_model() {
    let ask = |s: State, query: u32, model: u32, text: &str| {
        reduce(s, Action::Explain(ExplainAction::Asked { query: RunId(query), model: RunId(model), text: text.into() }))
    };
    let s = ask(State::default(), 10, 1, "terrible");
    assert!(s.explain.is_pending("terrible"));
    let s = event(s, 10, Event::Explained { text: "terrible".into(), explanation: explanation("terrible", -1.5) });
    assert_eq!(s.explain.get(Some(RunId(1)), "terrible").expect("there").words[0].contribution, -1.5);
    assert!(s.explain.get(Some(RunId(2)), "terrible").is_none(), "another model's page shows nothing");
    assert!(!s.explain.is_pending("terrible"));
    // An answer to a query nobody waits for is dropped; an answer for another text too.
    let s2 = event(s.clone(), 11, Event::Explained { text: "x".into(), explanation: explanation("x", 1.0) });
    assert!(s2.explain.get(Some(RunId(1)), "x").is_none());
    let s3 = ask(s.clone(), 12, 1, "good");
    let s3 = event(s3, 12, Event::Explained { text: "bad".into(), explanation: explanation("bad", 1.0) });
    assert!(s3.explain.get(Some(RunId(1)), "bad").is_none() && !s3.explain.is_pending("good"));
    // Asking the next model forgets the first one's.
    let s4 = ask(s, 13, 2, "fine");
    assert!(s4.explain.get(Some(RunId(1)), "terrible").is_none());
    // Typing keeps at most KEPT answers.
    let mut s = State::default();
    for i in 0..(super::explain::KEPT as u32 + 10) {
        let text = format!("t{i}");
        s = ask(s, 100 + i, 1, &text);
        s = event(s, 100 + i, Event::Explained { text: text.clone(), explanation: explanation(&text, 1.0) });
    }
    assert_eq!(s.explain.done.len(), super::explain::KEPT);
    assert!(s.explain.get(Some(RunId(1)), "t0").is_none() && s.explain.get(Some(RunId(1)), "t73").is_some());
}

fn request(lr: f64) -> Box<TrainRequest> {
    let mut config = TrainConfig::default();
    config.optimizer = config.optimizer.with_learning_rate(lr);
    Box::new(TrainRequest {
        dataset: DataId::Builtin("review-sentences".into()),
        prep: TextPrepConfig::default(),
        split: SplitConfig::default(),
        model: ModelSpec::reference_sentiment(1000, 100),
        config,
        from_weights: None,
    })
}

fn epoch(n: usize, acc: f64) -> Event {
    Event::Epoch(EpochMetrics {
        epoch: n,
        train_loss: 0.5,
        train_accuracy: acc,
        val_loss: 0.6,
        val_accuracy: acc,
        samples_per_s: 100.0,
    })
}

#[test]
fn the_runs_table_keeps_each_run_that_began() {
    let start = |s: State, run: u32, lr: f64| {
        let s = reduce(s, Action::Run(RunAction::Started(RunId(run))));
        reduce(
            s,
            Action::Runs(RunsAction::Started { run: RunId(run), request: request(lr), dataset: "Reviews".into() }),
        )
    };
    let cpu = || Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("CPU") };
    let finished =
        |acc: f64| Event::Finished { test: TestMetrics { loss: 0.4, accuracy: acc, examples: 6 }, stopped: false };
    // Run 1 never begins (replaced by run 2 before the worker chose an engine): not a run.
    let s = start(State::default(), 1, 0.1);
    let s = start(s, 2, 0.005);
    let s = event(s, 2, cpu());
    let s = event(s, 2, epoch(1, 0.7));
    let s = event(s, 2, finished(0.7));
    let s = event(s, 2, Event::Report(Box::new(report())));
    let s = start(s, 3, 0.01);
    let s = event(s, 3, cpu());
    let s = event(s, 3, epoch(1, 0.8));
    let s = event(s, 3, epoch(2, 0.9));
    let s = event(s, 3, finished(0.9));
    assert_eq!(s.runs.records.len(), 2);
    let rows = s.runs.sorted();
    assert_eq!(rows.iter().map(|r| r.run).collect::<Vec<_>>(), vec![1, 2], "numbered from 1 in run order");
    assert_eq!(rows[0].config.optimizer.learning_rate(), 0.005);
    assert_eq!(rows[1].epochs.len(), 2);
    assert!(rows[0].report.and_then(|r| r.roc_auc).is_some(), "the report's figures are kept");
    // Best accuracy first when sorted by it; a second click reverses.
    let s = reduce(s, Action::Runs(RunsAction::Sort(RunColumn::TestAccuracy)));
    assert_eq!(s.runs.sorted()[0].run, 2);
    let s = reduce(s, Action::Runs(RunsAction::Sort(RunColumn::TestAccuracy)));
    assert_eq!(s.runs.sorted()[0].run, 1);
    // A batch event does not copy the runs slice.
    let before = s.runs.clone();
    let s = event(s, 3, Event::Batch { epoch: 2, batch: 1, batches: 2, loss: 0.3, samples_per_s: 1.0 });
    assert!(s.runs == before, "same allocation");
}
