//! The metrics against values computed by hand (and, where noted, scikit-learn's documented
//! examples).

use super::*;
use crate::curves::{BinaryCurve, mann_whitney_auc};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

/// Three classes, class 2 never predicted:
/// ```text
///            pred 0  pred 1  pred 2
/// true 0        2       1       0
/// true 1        1       3       0
/// true 2        1       2       0
/// ```
fn three_class() -> ConfusionMatrix {
    let truth = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2];
    let predicted = [0, 0, 1, 1, 1, 1, 0, 1, 0, 1];
    ConfusionMatrix::from_labels(&truth, &predicted, 3).expect("valid labels")
}

#[test]
fn three_class_confusion_matrix_by_hand() {
    let m = three_class();
    assert_eq!(m.counts, [2, 1, 0, 1, 3, 0, 1, 2, 0]);
    assert_eq!(m.total(), 10);
    assert_eq!(m.row_totals(), [3, 4, 3]);
    assert_eq!(m.column_totals(), [4, 6, 0]);
    let r = m.row_normalised();
    for (got, want) in r.iter().zip([2.0 / 3.0, 1.0 / 3.0, 0.0, 0.25, 0.75, 0.0, 1.0 / 3.0, 2.0 / 3.0, 0.0]) {
        close(*got, want);
    }
    close(m.accuracy(), 0.5);
}

#[test]
fn per_class_metrics_with_a_class_never_predicted_have_no_nan() {
    let r = three_class().metrics();
    // Class 0: TP 2, FP 2, FN 1.  Class 1: TP 3, FP 3, FN 1.  Class 2: TP 0, FP 0, FN 3.
    let c0 = r.per_class[0];
    close(c0.precision, 0.5);
    close(c0.recall, 2.0 / 3.0);
    close(c0.f1, 4.0 / 7.0);
    assert_eq!(c0.support, 3);
    let c1 = r.per_class[1];
    close(c1.precision, 0.5);
    close(c1.recall, 0.75);
    close(c1.f1, 0.6);
    assert_eq!(c1.support, 4);
    // Never predicted: precision 0/0 → 0 (zero_division=0), recall 0/3, F1 0.
    let c2 = r.per_class[2];
    assert_eq!((c2.precision, c2.recall, c2.f1, c2.support), (0.0, 0.0, 0.0, 3));
    close(r.accuracy, 0.5);
    close(r.macro_avg.precision, 1.0 / 3.0);
    close(r.macro_avg.recall, 17.0 / 36.0);
    close(r.macro_avg.f1, 41.0 / 105.0);
    close(r.weighted_avg.precision, 0.35);
    close(r.weighted_avg.recall, 0.5);
    close(r.weighted_avg.f1, (3.0 * 4.0 / 7.0 + 4.0 * 0.6) / 10.0);
    let all = [r.accuracy, r.macro_avg.f1, r.weighted_avg.f1];
    assert!(all.iter().chain(r.per_class.iter().flat_map(|c| [&c.precision, &c.recall, &c.f1])).all(|v| v.is_finite()));
}

#[test]
fn empty_and_bad_input() {
    let empty = ConfusionMatrix::new(2).metrics();
    assert_eq!(empty.accuracy, 0.0);
    assert_eq!(empty.macro_avg.f1, 0.0);
    assert_eq!(empty.weighted_avg.recall, 0.0);
    assert_eq!(
        ConfusionMatrix::from_labels(&[0, 1], &[0], 2),
        Err(MetricsError::LengthMismatch { truth: 2, predicted: 1 })
    );
    let e = ConfusionMatrix::from_labels(&[0, 3], &[0, 0], 3).expect_err("label 3 of 3 classes");
    assert_eq!(e.to_string(), "example 1 has class id 3, but there are only 3 classes");
    assert!(ConfusionMatrix::from_labels(&[], &[], 0).is_err());
    assert_eq!(three_class().count(5, 0), 0);
}

#[test]
fn argmax_takes_the_first_maximum_and_skips_nan() {
    assert_eq!(argmax(&[0.1, 0.7, 0.2]), 1);
    assert_eq!(argmax(&[0.5, 0.5]), 0);
    assert_eq!(argmax(&[f32::NAN, 0.2, 0.1]), 1);
    assert_eq!(argmax(&[]), 0);
}

#[test]
fn regression_on_known_fits() {
    // scikit-learn's documented example: MAE 0.5, MSE 0.375, R² 0.9486…
    let m = regression_metrics(&[3.0, -0.5, 2.0, 7.0], &[2.5, 0.0, 2.0, 8.0]).expect("valid");
    close(m.mae, 0.5);
    close(m.rmse, 0.375f64.sqrt());
    // ȳ = 2.875, SS_tot = 29.1875, SS_res = 1.5.
    close(m.r2, 1.0 - 1.5 / 29.1875);
    assert_eq!(m.examples, 4);
    // An exact linear fit y = 2x + 1, and always predicting the mean.
    let x = [0.0f32, 1.0, 2.0, 3.0, 4.0];
    let y: Vec<f32> = x.iter().map(|v| 2.0 * v + 1.0).collect();
    close(regression_metrics(&y, &y).expect("valid").r2, 1.0);
    close(regression_metrics(&y, &[5.0; 5]).expect("valid").r2, 0.0);
    // Constant truth: perfect → 1, otherwise 0 (force_finite), never NaN.
    close(regression_metrics(&[2.0, 2.0], &[2.0, 2.0]).expect("valid").r2, 1.0);
    close(regression_metrics(&[2.0, 2.0], &[1.0, 3.0]).expect("valid").r2, 0.0);
    assert!(regression_metrics(&[], &[]).is_err());
    assert_eq!(regression_metrics(&[1.0, f32::NAN], &[1.0, 1.0]), Err(MetricsError::NonFinite { index: 1 }));
}

/// Positives score {0.35, 0.8, 0.4}, negatives {0.1, 0.4, 0.7}; one tie at 0.4.
/// Pairs won by the positive: 0.35 beats 0.1 (1); 0.8 beats all (3); 0.4 beats 0.1 and ties 0.4
/// (1.5). U = 5.5 of 9 pairs.
const TRUTH: [u32; 6] = [0, 0, 1, 1, 1, 0];
const SCORES: [f32; 6] = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7];

#[test]
fn roc_auc_equals_mann_whitney_on_a_tiny_set_with_a_tie() {
    let curve = BinaryCurve::new(&TRUTH, &SCORES).expect("valid");
    assert_eq!((curve.positives, curve.negatives), (3, 3));
    let roc = curve.roc();
    let third = 1.0 / 3.0;
    let expected =
        [(0.0, 0.0), (0.0, third), (third, third), (2.0 * third, 2.0 * third), (2.0 * third, 1.0), (1.0, 1.0)];
    assert_eq!(roc.len(), expected.len());
    for (a, b) in roc.iter().zip(expected) {
        assert!((a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12, "{a:?} vs {b:?}");
    }
    let auc = curve.roc_auc().expect("both classes present");
    close(auc, 5.5 / 9.0);
    let mw = mann_whitney_auc(&TRUTH, &SCORES).expect("valid").expect("defined");
    close(mw, 5.5 / 9.0);
    // Brute force over all pairs, ties ½.
    let mut u = 0.0;
    for (i, &ti) in TRUTH.iter().enumerate() {
        for (j, &tj) in TRUTH.iter().enumerate() {
            if ti == 1 && tj == 0 {
                u += if SCORES[i] > SCORES[j] {
                    1.0
                } else if SCORES[i] == SCORES[j] {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    close(u / 9.0, auc);
    // scikit-learn's documented example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75.
    let doc = BinaryCurve::new(&[0, 0, 1, 1], &[0.1, 0.4, 0.35, 0.8]).expect("valid");
    close(doc.roc_auc().expect("defined"), 0.75);
}

#[test]
fn average_precision_is_the_step_sum() {
    // Thresholds 0.8, 0.7, 0.4, 0.35, 0.1 → (R, P) = (⅓, 1), (⅓, ½), (⅔, ½), (1, ⅗), (1, ½).
    let curve = BinaryCurve::new(&TRUTH, &SCORES).expect("valid");
    close(curve.average_precision().expect("positives"), 1.0 / 3.0 + 0.5 / 3.0 + 0.6 / 3.0);
    let pr = curve.precision_recall();
    assert_eq!(pr[0], (0.0, 1.0));
    assert_eq!(pr.len(), 6);
    close(pr[4].1, 0.6);
    // scikit-learn's documented example: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333.
    let doc = BinaryCurve::new(&[0, 0, 1, 1], &[0.1, 0.4, 0.35, 0.8]).expect("valid");
    close(doc.average_precision().expect("positives"), 0.5 + 0.5 * 2.0 / 3.0);
}

#[test]
fn any_threshold_gives_the_counting_confusion_matrix() {
    let curve = BinaryCurve::new(&TRUTH, &SCORES).expect("valid");
    for t in [-1.0, 0.0, 0.1, 0.2, 0.35, 0.36, 0.4, 0.5, 0.7, 0.75, 0.8, 0.9, 2.0] {
        let predicted: Vec<u32> = SCORES.iter().map(|&s| u32::from(f64::from(s) >= t)).collect();
        let counted = ConfusionMatrix::from_labels(&TRUTH, &predicted, 2).expect("valid");
        assert_eq!(curve.confusion_at(t), counted, "threshold {t}");
    }
    // Raising the threshold from 0.5 to 0.9 lowers the positives' recall (⅓ → 0).
    close(curve.metrics_at(0.5).per_class[1].recall, 1.0 / 3.0);
    close(curve.metrics_at(0.3).per_class[1].recall, 1.0);
    assert_eq!(curve.metrics_at(0.9).per_class[1].recall, 0.0);
    assert_eq!(curve.metrics_at(0.9).per_class[1].precision, 0.0, "nothing predicted positive: 0, not NaN");
    assert_eq!(curve.roc_at(2.0), (0.0, 0.0));
    assert_eq!(curve.roc_at(0.0), (1.0, 1.0));
    assert_eq!(curve.precision_recall_at(2.0), (0.0, 1.0));
}

#[test]
fn one_class_curves_are_undefined_not_nan() {
    let curve = BinaryCurve::new(&[1, 1], &[0.2, 0.9]).expect("valid");
    assert_eq!(curve.roc_auc(), None);
    assert!(curve.roc().iter().all(|(x, y)| x.is_finite() && y.is_finite()));
    assert_eq!(mann_whitney_auc(&[0, 0], &[0.2, 0.9]), Ok(None));
    assert_eq!(BinaryCurve::new(&[0, 0], &[0.2, 0.9]).expect("valid").average_precision(), None);
    assert!(BinaryCurve::new(&[0, 2], &[0.2, 0.9]).is_err());
    assert!(BinaryCurve::new(&[0, 1], &[0.2, f32::INFINITY]).is_err());
}
