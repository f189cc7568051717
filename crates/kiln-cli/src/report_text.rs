//! The test report as text for `kiln evaluate`: scikit-learn's `classification_report` layout
//! (precision, recall, F1 and support per class, then accuracy and the macro and weighted
//! averages), the confusion matrix with true classes as rows, and for two classes ROC AUC and
//! average precision; for regression MAE, RMSE and R².

use kiln_core::metrics::ClassificationMetrics;
use kiln_protocol::report::{ReportMetrics, TestReport};

/// The report's lines, without trailing newlines.
pub fn lines(report: &TestReport) -> Vec<String> {
    match &report.metrics {
        ReportMetrics::Binary { at_default, roc_auc, average_precision, .. } => {
            let mut out = classification(at_default, &report.class_names);
            let f =
                |v: &Option<f64>| v.map_or_else(|| "n/a (one class in the split)".to_owned(), |v| format!("{v:.4}"));
            out.push(format!(
                "ROC AUC {}   average precision {}   (threshold 0.5 above)",
                f(roc_auc),
                f(average_precision)
            ));
            out
        }
        ReportMetrics::MultiClass { metrics } => classification(metrics, &report.class_names),
        ReportMetrics::Regression { metrics } => vec![format!(
            "MAE {:.4}   RMSE {:.4}   R² {:.4}   ({} examples)",
            metrics.mae, metrics.rmse, metrics.r2, metrics.examples
        )],
    }
}

/// Per-class table, averages and the confusion matrix.
fn classification(m: &ClassificationMetrics, names: &[String]) -> Vec<String> {
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("class {i}"));
    let width = (0..m.per_class.len()).map(|i| name(i).chars().count()).max().unwrap_or(5).max(12);
    let mut out = vec![format!("{:>width$}  precision  recall  f1-score  support", "")];
    for (i, c) in m.per_class.iter().enumerate() {
        out.push(format!(
            "{:>width$}  {:>9.4}  {:>6.4}  {:>8.4}  {:>7}",
            name(i),
            c.precision,
            c.recall,
            c.f1,
            c.support
        ));
    }
    let support: u64 = m.per_class.iter().map(|c| c.support).sum();
    out.push(format!("{:>width$}  {:>9}  {:>6}  {:>8.4}  {:>7}", "accuracy", "", "", m.accuracy, support));
    for (label, a) in [("macro avg", &m.macro_avg), ("weighted avg", &m.weighted_avg)] {
        out.push(format!("{:>width$}  {:>9.4}  {:>6.4}  {:>8.4}  {:>7}", label, a.precision, a.recall, a.f1, support));
    }
    let k = m.confusion.classes;
    let cell = (0..k).map(|i| name(i).chars().count()).max().unwrap_or(1).max(7);
    out.push("confusion matrix (rows: true class, columns: predicted)".to_owned());
    out.push(format!(
        "{:>width$}  {}",
        "",
        (0..k).map(|j| format!("{:>cell$}", name(j))).collect::<Vec<_>>().join(" ")
    ));
    for i in 0..k {
        let row: Vec<String> = (0..k).map(|j| format!("{:>cell$}", m.confusion.count(i, j))).collect();
        out.push(format!("{:>width$}  {}", name(i), row.join(" ")));
    }
    out
}
