//! A classification target's labels, cleaned in the open: spaces around a label are removed and
//! labels that differ only in letter case are merged into one class, each stated as a
//! [`Reading`] the person can undo (then ` yes`, `Yes` and `yes` stay three classes). Classes
//! are sorted, numerically when they are numbers.

use kiln_i18n::Msg;
use std::collections::HashMap;

use crate::error::DataError;
use crate::reading::{Reading, ReadingId, applies, examples};
use crate::table::{Column, is_missing, parse_number};

/// Most classes a classification target may have.
pub const MAX_CLASSES: usize = 200;

/// The classes of a target column and the class of each row.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// Class names, sorted (numerically when every name is a number), index = class id.
    pub names: Vec<String>,
    /// Rows per class, same order.
    pub counts: Vec<usize>,
    /// Class id per row (`None` where the label is missing).
    pub ids: Vec<Option<u32>>,
    /// What cleaning did (trimming, case merges), applied or undone.
    pub readings: Vec<Reading>,
}

/// Reads the labels of `column` as classes, cleaning them unless `undo` says otherwise.
///
/// # Errors
/// [`DataError::Invalid`] with what to do: more than `max_classes` distinct labels, no labels,
/// or only one class ("classification needs at least 2 classes; only `yes` found").
pub fn target_labels(
    column: &Column,
    decimal_comma: bool,
    undo: &[ReadingId],
    max_classes: usize,
) -> Result<Labels, DataError> {
    let name = &column.name;
    let trim_id = ReadingId::TrimmedLabels { column: name.clone() };
    let case_id = ReadingId::MergedCase { column: name.clone() };
    let trim = applies(undo, &trim_id);
    let too_many =
        || DataError::Invalid(Msg::new("error-data-too-many-classes").arg("column", name).arg("max", max_classes));
    // Distinct keys in first-seen order, with counts; labels with spaces around them.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut keys: Vec<(&str, usize)> = Vec::new();
    let mut spaced: Vec<&str> = Vec::new();
    for cell in column.iter() {
        if is_missing(cell) {
            continue;
        }
        let t = cell.trim();
        if t.len() != cell.len() && spaced.len() < 1000 && !spaced.contains(&cell) {
            spaced.push(cell);
        }
        let key = if trim { t } else { cell };
        match index.get(key) {
            Some(&i) => keys[i].1 += 1,
            None => {
                if keys.len() >= max_classes * 4 {
                    return Err(too_many());
                }
                index.insert(key, keys.len());
                keys.push((key, 1));
            }
        }
    }
    let mut readings = Vec::new();
    if !spaced.is_empty() {
        let shown: Vec<String> = spaced.iter().map(|s| format!("\"{s}\"")).collect();
        let rule = Msg::new("data-reading-trimmed-labels")
            .arg("column", name)
            .arg("labels", spaced.len())
            .arg("examples", examples(shown.iter().map(String::as_str)));
        readings.push(Reading::new(trim_id, rule, undo));
    }
    // Labels that differ only in case: grouped by their lower-case form.
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (k, _)) in keys.iter().enumerate() {
        groups.entry(k.to_lowercase()).or_default().push(i);
    }
    let mut merged: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    merged.sort_by_key(|g| g[0]);
    // canonical[i]: the key index that key i is counted as.
    let mut canonical: Vec<usize> = (0..keys.len()).collect();
    if !merged.is_empty() {
        let merge = applies(undo, &case_id);
        let mut said = Vec::new();
        for g in &merged {
            // The most frequent spelling (the first seen on a tie) names the class.
            let best = g.iter().copied().max_by(|&a, &b| keys[a].1.cmp(&keys[b].1).then(b.cmp(&a))).unwrap_or(g[0]);
            if merge {
                for &i in g {
                    canonical[i] = best;
                }
            }
            let others: Vec<&str> = g.iter().filter(|&&i| i != best).map(|&i| keys[i].0).collect();
            said.push(Msg::new("data-reading-merged-one").arg("label", keys[best].0).arg("others", examples(others)));
        }
        let n: usize = merged.iter().map(Vec::len).sum();
        let rule = Msg::new("data-reading-merged-case")
            .arg("column", name)
            .arg("labels", n)
            .arg("merged", said.into_iter().take(3).collect::<Vec<_>>());
        readings.push(Reading::new(case_id, rule, undo));
    }
    let mut classes: Vec<usize> = (0..keys.len()).filter(|&i| canonical[i] == i).collect();
    if classes.len() > max_classes {
        return Err(too_many());
    }
    let numbers: Option<Vec<f64>> = classes.iter().map(|&i| parse_number(keys[i].0, decimal_comma)).collect();
    match numbers {
        Some(v) => {
            let mut order: Vec<(f64, usize)> = v.into_iter().zip(classes.iter().copied()).collect();
            order.sort_by(|a, b| a.0.total_cmp(&b.0));
            classes = order.into_iter().map(|(_, i)| i).collect();
        }
        None => classes.sort_by(|&a, &b| keys[a].0.cmp(keys[b].0)),
    }
    let names: Vec<String> = classes.iter().map(|&i| keys[i].0.to_owned()).collect();
    match names.as_slice() {
        [] => return Err(DataError::Invalid(Msg::new("error-data-target-empty").arg("column", name))),
        [only] => {
            return Err(DataError::Invalid(Msg::new("error-data-one-class-in").arg("class", only).arg("column", name)));
        }
        _ => {}
    }
    let mut class_of = vec![0u32; keys.len()];
    for (c, &k) in classes.iter().enumerate() {
        class_of[k] = c as u32;
    }
    let mut counts = vec![0usize; names.len()];
    let ids = column
        .iter()
        .map(|cell| {
            if is_missing(cell) {
                return None;
            }
            let key = if trim { cell.trim() } else { cell };
            let class = class_of[canonical[*index.get(key)?]];
            counts[class as usize] += 1;
            Some(class)
        })
        .collect();
    Ok(Labels { names, counts, ids, readings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{ReadOptions, read_table};

    fn labels(text: &str, undo: &[ReadingId]) -> Result<Labels, DataError> {
        let t = read_table(text.as_bytes(), &ReadOptions::default()).expect("reads");
        target_labels(&t.columns[1], false, undo, 200)
    }

    #[test]
    fn case_and_spaces_are_merged_and_said() {
        let l = labels("x,y\n1,positive\n2, positive\n3,Positive\n4,negative\n5,positive\n", &[]).expect("ok");
        assert_eq!(l.names, ["negative", "positive"]);
        assert_eq!(l.counts, [1, 4]);
        assert_eq!(l.ids, [Some(1), Some(1), Some(1), Some(0), Some(1)]);
        assert_eq!(l.readings.len(), 2, "{:?}", l.readings);
        assert!(
            kiln_i18n::english(&l.readings[0].rule).contains("spaces around 1 label"),
            "{}",
            kiln_i18n::english(&l.readings[0].rule)
        );
        assert!(
            kiln_i18n::english(&l.readings[1].rule).contains("merged as `positive` (with `Positive`)"),
            "{}",
            kiln_i18n::english(&l.readings[1].rule)
        );
        assert!(l.readings.iter().all(|r| !r.undone));
    }

    #[test]
    fn undo_keeps_the_labels_apart() {
        let undo = [ReadingId::MergedCase { column: "y".into() }, ReadingId::TrimmedLabels { column: "y".into() }];
        let l = labels("x,y\n1,positive\n2, positive\n3,Positive\n4,negative\n", &undo).expect("ok");
        assert_eq!(l.names, [" positive", "Positive", "negative", "positive"]);
        assert!(l.readings.iter().all(|r| r.undone), "still stated, as undone");
    }

    #[test]
    fn numbers_sort_numerically_and_one_class_is_an_error() {
        let l = labels("x,y\n1,10\n2,9\n3,10\n", &[]).expect("ok");
        assert_eq!(l.names, ["9", "10"]);
        let err = labels("x,y\n1,Yes\n2,yes\n3,YES\n", &[]).expect_err("one class once merged");
        assert!(err.to_string().contains("only `Yes` found"), "{err}");
    }
}
