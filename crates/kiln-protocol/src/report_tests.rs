//! The page-side helpers of the report and the runs table, on hand-made data.

use super::*;
use crate::runs::{RunColumn, RunRecord, sort_runs};
use crate::{EpochMetrics, Event, TestMetrics, TrainRequest};

/// Test row `index` of a two-class report: its true class, p(positive) and what the page shows.
fn binary_row(index: usize, truth: u32, p: f32, shown: Shown) -> ReportRow {
    let outcome = Outcome::Class { truth, predicted: u32::from(p >= 0.5), probabilities: vec![1.0 - p, p] };
    ReportRow { index, outcome, shown }
}

/// Four test sentences: truth 0, 0, 1, 1 with p(positive) 0.2, 0.7, 0.9, 0.45.
fn binary_report() -> TestReport {
    let truth = [0u32, 0, 1, 1];
    let p = [0.2f32, 0.7, 0.9, 0.45];
    let curve = BinaryCurve::new(&truth, &p).expect("valid");
    let rows = (0..4)
        .map(|i| {
            let words = vec![ShownWord { text: "text".into(), id: Some(1) }];
            binary_row(i, truth[i], p[i], Shown::Text { text: format!("text {i}"), words })
        })
        .collect();
    TestReport {
        examples: 4,
        class_names: vec!["negative".into(), "positive".into()],
        metrics: ReportMetrics::Binary {
            at_default: curve.metrics_at(DEFAULT_THRESHOLD),
            roc_auc: curve.roc_auc(),
            average_precision: curve.average_precision(),
            curve,
        },
        rows,
        rows_left_out: 0,
        columns: vec![],
        compute_ms: None,
    }
}

#[test]
fn threshold_cells_and_errors() {
    let r = binary_report();
    // At 0.5: TN 1 (0.2), FP 1 (0.7), FN 1 (0.45), TP 1 (0.9).
    assert_eq!(r.confusion_at(0.5).expect("classification").counts, [1, 1, 1, 1]);
    // At 0.4 the 0.45 positive is found; at 0.95 nothing is predicted positive.
    assert_eq!(r.confusion_at(0.4).expect("classification").counts, [1, 1, 0, 2]);
    assert_eq!(r.confusion_at(0.95).expect("classification").counts, [2, 0, 2, 0]);
    let recall = |t| r.metrics_at(t).expect("classification").per_class[1].recall;
    assert!(recall(0.9) <= recall(0.5), "a higher threshold never raises recall");
    let idx = |rows: Vec<&ReportRow>| rows.iter().map(|r| r.index).collect::<Vec<_>>();
    assert_eq!(idx(r.cell(0, 1, 0.5)), [1]);
    assert_eq!(idx(r.cell(1, 0, 0.5)), [3]);
    assert_eq!(idx(r.cell(1, 1, 0.4)), [2, 3]);
    // Wrong at 0.5: the 0.7 negative (70 % sure of "positive") before the 0.45 positive (55 % sure of "negative").
    assert_eq!(idx(r.most_confidently_wrong(0.5, 10)), [1, 3]);
    assert_eq!(idx(r.most_confidently_wrong(0.5, 1)), [1]);
    let s = r.summary();
    assert_eq!((s.accuracy, s.roc_auc, s.examples), (Some(0.5), Some(0.75), 4));
    assert_eq!(s.r2, None);
    assert!(!ShownWord { text: "zzz".into(), id: Some(1) }.in_vocabulary());
    assert!(ShownWord { text: "good".into(), id: Some(7) }.in_vocabulary());
}

#[test]
fn report_survives_json() {
    let r = binary_report();
    let json = serde_json::to_string(&r).expect("serialises");
    assert_eq!(serde_json::from_str::<TestReport>(&json).expect("reads back"), r);
}

#[test]
fn images_travel_as_base64() {
    let shown = Shown::Image { height: 1, width: 3, channels: 1, pixels: vec![0, 128, 255] };
    let json = serde_json::to_string(&shown).expect("serialises");
    assert_eq!(json, r#"{"type":"Image","height":1,"width":3,"channels":1,"pixels":"AID/"}"#);
    assert_eq!(serde_json::from_str::<Shown>(&json).expect("reads back"), shown);
    assert!(serde_json::from_str::<Shown>(&json.replace("AID/", "!!")).is_err());
}

#[test]
fn regression_errors_are_sorted_by_size() {
    let rows = [(1.0f32, 1.5f32), (2.0, 0.0), (3.0, 3.1)]
        .iter()
        .enumerate()
        .map(|(index, &(truth, predicted))| ReportRow {
            index,
            outcome: Outcome::Value { truth, predicted },
            shown: Shown::Features { values: vec![truth] },
        })
        .collect();
    let metrics = kiln_core::metrics::regression_metrics(&[1.0, 2.0, 3.0], &[1.5, 0.0, 3.1]).expect("valid");
    let r = TestReport {
        examples: 3,
        class_names: vec![],
        metrics: ReportMetrics::Regression { metrics },
        rows,
        rows_left_out: 0,
        columns: vec![],
        compute_ms: None,
    };
    assert_eq!(r.most_confidently_wrong(0.5, 5).iter().map(|r| r.index).collect::<Vec<_>>(), [1, 0, 2]);
    assert!(r.confusion_at(0.5).is_none() && r.cell(0, 0, 0.5).is_empty());
    assert_eq!(r.summary().mae, Some(metrics.mae));
}

fn epoch(epoch: usize, val_loss: f64) -> Event {
    Event::Epoch(EpochMetrics {
        epoch,
        train_loss: 0.5,
        train_accuracy: 0.8,
        val_loss,
        val_accuracy: 0.7,
        samples_per_s: 100.0,
    })
}

#[test]
fn runs_record_their_events_and_sort() {
    let request = |lr: f64| TrainRequest {
        dataset: crate::DataId::Builtin("review-sentences".into()),
        prep: kiln_core::TextPrepConfig::default(),
        split: kiln_core::SplitConfig::default(),
        model: kiln_core::ModelSpec::reference_sentiment(100, 10),
        config: kiln_core::TrainConfig {
            optimizer: kiln_core::OptimizerSpec::Adam { learning_rate: lr },
            ..kiln_core::TrainConfig::default()
        },
        from_weights: None,
    };
    let mut runs = Vec::new();
    for (i, (lr, val)) in [(0.01, 0.4), (0.1, f64::NAN), (0.001, 0.3)].into_iter().enumerate() {
        let mut r = RunRecord::new(i as u32 + 1, &request(lr), "Review sentences");
        r.absorb(&Event::EngineChosen { engine: kiln_core::Engine::Cpu, reason: kiln_i18n::Msg::verbatim("test") });
        r.absorb(&epoch(1, 0.9));
        r.absorb(&epoch(2, val));
        r.absorb(&Event::Finished { test: TestMetrics { loss: val, accuracy: 0.8, examples: 10 }, stopped: false });
        runs.push(r);
    }
    assert_eq!(runs[0].epochs.len(), 2);
    assert!(runs[0].finished && runs[0].engine == Some(kiln_core::Engine::Cpu));
    sort_runs(&mut runs, RunColumn::LearningRate, false);
    assert_eq!(runs.iter().map(|r| r.run).collect::<Vec<_>>(), [3, 1, 2]);
    // NaN validation loss goes last whichever way.
    sort_runs(&mut runs, RunColumn::ValLoss, true);
    assert_eq!(runs.iter().map(|r| r.run).collect::<Vec<_>>(), [1, 3, 2]);
    sort_runs(&mut runs, RunColumn::ValLoss, false);
    assert_eq!(runs.iter().map(|r| r.run).collect::<Vec<_>>(), [3, 1, 2]);
    let json = serde_json::to_string(&runs).expect("serialises");
    let back: Vec<RunRecord> = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back[0].run, 3);
}

#[test]
fn report_and_explanation_events_survive_json() {
    let report = Event::Report(Box::new(binary_report()));
    let json = serde_json::to_string(&crate::Reply { run: crate::RunId(4), event: report.clone() }).expect("json");
    let back: crate::Reply = serde_json::from_str(&json).expect("reads back");
    assert_eq!((back.run, back.event), (crate::RunId(4), report));
    let explained = Event::Explained {
        text: "so good".into(),
        explanation: Box::new(Explanation {
            method: ExplainMethod::Occlusion,
            class: 1,
            class_name: "positive".into(),
            score: 1.5,
            probability: Some(0.82),
            empty_score: 0.1,
            words: vec![WordContribution {
                text: "so".into(),
                id: Some(1),
                contribution: 0.2,
                probability_without: Some(0.8),
            }],
            total: 0.2,
        }),
    };
    let json = serde_json::to_string(&explained).expect("json");
    assert_eq!(serde_json::from_str::<Event>(&json).expect("reads back"), explained);
    let ask = crate::Command::Explain { model: crate::RunId(3), text: "so good".into() };
    let json = serde_json::to_string(&ask).expect("json");
    assert_eq!(json, r#"{"Explain":{"model":3,"text":"so good"}}"#);
}

#[test]
fn the_page_gets_the_errors_of_every_threshold_and_a_sample() {
    // 40 sentences: truth alternates, p(positive) spread over (0, 1).
    let n = 40;
    let truth: Vec<u32> = (0..n).map(|i| (i % 2) as u32).collect();
    let p: Vec<f32> = (0..n).map(|i| ((i * 37) % n) as f32 / n as f32 + 0.01).collect();
    let curve = BinaryCurve::new(&truth, &p).expect("valid");
    let mut r = binary_report();
    r.examples = n;
    r.metrics = ReportMetrics::Binary {
        at_default: curve.metrics_at(DEFAULT_THRESHOLD),
        roc_auc: curve.roc_auc(),
        average_precision: curve.average_precision(),
        curve,
    };
    r.rows = (0..n).map(|i| binary_row(i, truth[i], p[i], Shown::Features { values: vec![i as f32] })).collect();
    let page = r.for_page(3, 2);
    assert!(page.rows.len() <= 3 + 3 + 2 && page.rows.len() < n, "{} rows sent", page.rows.len());
    assert!(page.rows.windows(2).all(|w| w[0].index < w[1].index), "test order");
    assert!(page.rows.iter().any(|x| x.index == 0) && page.rows.iter().any(|x| x.index == 1), "the sample");
    assert_eq!(page.metrics, r.metrics, "the metrics travel whole");
    let idx = |rows: Vec<&ReportRow>| rows.iter().map(|r| r.index).collect::<Vec<_>>();
    for t in (0..=100).map(|k| f64::from(k) / 100.0) {
        assert_eq!(idx(page.most_confidently_wrong(t, 3)), idx(r.most_confidently_wrong(t, 3)), "at {t}");
    }
    // A cell's examples come from the whole report, capped, with the exact count.
    let cell = r.cell_examples(crate::report_page::CellQuery {
        model: crate::RunId(7),
        truth: 1,
        predicted: 1,
        threshold: 0.3,
    });
    assert_eq!(cell.count, r.cell(1, 1, 0.3).len());
    assert_eq!(cell.rows.len(), cell.count.min(crate::report_page::CELL_LISTED));
    assert!(
        cell.rows
            .iter()
            .all(|x| matches!(x.outcome, Outcome::Class { truth: 1, .. }) && x.outcome.predicted_at(0.3) == Some(1))
    );
}

#[test]
fn the_page_gets_every_regression_row() {
    let mut r = binary_report();
    r.metrics = ReportMetrics::Regression {
        metrics: kiln_core::metrics::regression_metrics(&[1.0, 2.0], &[1.5, 2.0]).expect("fit"),
    };
    assert_eq!(r.for_page(1, 0).rows.len(), r.rows.len());
}
