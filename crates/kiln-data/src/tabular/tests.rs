//! Tests of table preparation: targets, standardisation, one-hot rows, missing values, text.

use kiln_core::SplitConfig;

use super::*;
use crate::examples::{Examples, Inputs, Targets};
use crate::preview::{ColumnKind, TaskChoice};
use crate::table::{ReadOptions, Table, read_table};

fn table(text: &str) -> Table {
    read_table(text.as_bytes(), &ReadOptions::default()).expect("reads")
}

fn all_rows(target: &str) -> PrepareOptions {
    PrepareOptions { split: SplitConfig { train: 1.0, validation: 0.0, test: 0.0 }, ..PrepareOptions::new(target) }
}

#[test]
fn yes_no_and_zero_one_labels_are_binary() {
    let p = prepare_table(&table("x,label\n1,no\n2,yes\n3,no\n4,yes\n"), &all_rows("label")).expect("ok");
    assert_eq!(p.splits.class_names, ["no", "yes"]);
    assert!(matches!(p.splits.train.targets, Targets::Binary { .. }));
    let t = table("x,y\n1,1\n2,0\n3,1\n4,0\n");
    let p = prepare_table(&t, &all_rows("y")).expect("ok");
    assert_eq!(p.splits.class_names, ["0", "1"]);
    assert!(matches!(p.splits.train.targets, Targets::Binary { .. }));
    let r = prepare_table(&t, &PrepareOptions { task: Some(TaskChoice::Regression), ..all_rows("y") }).expect("ok");
    assert!(matches!(r.splits.train.targets, Targets::Regression { .. }));
}

#[test]
fn three_classes_sorted_numerically() {
    let p = prepare_table(&table("x,c\n1,10\n2,2\n3,1\n4,2\n"), &all_rows("c")).expect("ok");
    assert_eq!(p.splits.class_names, ["1", "2", "10"]);
    assert!(matches!(p.splits.train.targets, Targets::Classes { classes: 3, .. }));
}

#[test]
fn one_class_is_an_error() {
    let err = prepare_table(&table("x,label\n1,yes\n2,yes\n"), &all_rows("label")).expect_err("one class");
    assert!(err.to_string().starts_with("classification needs at least 2 classes; only `yes` found"), "{err}");
}

#[test]
fn standardisation_uses_training_rows_only() {
    // Rows 0..8 class a/b alternate; 50 % test. Train statistics must match a hand computation
    // over the training rows alone.
    let text = "x,k,label\n0,u,a\n2,v,b\n4,u,a\n6,v,b\n100,w,a\n200,w,b\n300,w,a\n400,w,b\n";
    let t = table(text);
    let o = PrepareOptions { split: SplitConfig { train: 0.5, validation: 0.0, test: 0.5 }, ..all_rows("label") };
    let p = prepare_table(&t, &o).expect("ok");
    let Inputs::Features { values, width } = &p.splits.train.inputs else { panic!("features") };
    let Feature::Numeric { mean, scale, .. } = &p.features[0] else { panic!("numeric") };
    let Feature::OneHot { levels, .. } = &p.features[1] else { panic!("one-hot") };
    assert_eq!(*width, 1 + levels.len());
    // Recover the raw training x from the standardised values and check the statistics.
    let xs: Vec<f64> = values.chunks(*width).map(|row| f64::from(row[0]) * scale + mean).collect();
    assert_eq!(xs.len(), 4);
    let m = xs.iter().sum::<f64>() / 4.0;
    let sd = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 4.0).sqrt();
    assert!((m - mean).abs() < 1e-3 && (sd - scale).abs() < 1e-3, "{m} {sd} vs {mean} {scale}");
    let all_mean = [0.0, 2.0, 4.0, 6.0, 100.0, 200.0, 300.0, 400.0].iter().sum::<f64>() / 8.0;
    assert!((mean - all_mean).abs() > 1e-6, "statistics must not come from all rows");
}

#[test]
fn hand_computed_standardisation() {
    // All rows train: x = 1, 2, 3, 4 → mean 2.5, population std sqrt(1.25).
    let p = prepare_table(&table("x,c,label\n1,5,a\n2,5,b\n3,5,a\n4,5,b\n"), &all_rows("label")).expect("ok");
    let Feature::Numeric { mean, scale, .. } = &p.features[0] else { panic!("numeric") };
    assert!((mean - 2.5).abs() < 1e-12 && (scale - 1.25f64.sqrt()).abs() < 1e-12);
    assert_eq!(
        p.features[1],
        Feature::Numeric { column: "c".into(), mean: 5.0, scale: 1.0, constant: true, range: Some([5.0, 5.0]) }
    );
    let Feature::Numeric { range, .. } = &p.features[0] else { panic!("numeric") };
    assert_eq!(*range, Some([1.0, 4.0]), "the training range");
    let Inputs::Features { values, .. } = &p.splits.train.inputs else { panic!("features") };
    assert!(values.iter().all(|v| v.is_finite()));
    assert!(p.notices.iter().map(kiln_i18n::english).any(|n| n.contains("`c` has one value")));
}

#[test]
fn one_hot_rows_are_exact() {
    // All rows train except the one `w` row, forced to test by its own class: `w` is unseen
    // (all zeros); the missing `k` takes the mode `u`; spaces around a level are trimmed.
    let text = "x,k,label\n1, u ,a\n2,v,a\n3,,a\n4,u,a\n5,u,b\n6,v,b\n7,u,b\n8,v,b\n9,w,c\n";
    let o = PrepareOptions { split: SplitConfig { train: 0.5, validation: 0.0, test: 0.5 }, ..all_rows("label") };
    let p = prepare_table(&table(text), &o).expect("ok");
    let Feature::OneHot { levels, mode, .. } = &p.features[1] else { panic!("one-hot") };
    let Feature::Numeric { mean, scale, .. } = p.features[0].clone() else { panic!("numeric") };
    assert_eq!(mode, &levels[0]);
    assert!(!levels.contains(&"w".to_string()), "{levels:?}");
    let rows = |e: &Examples| -> Vec<(f64, Vec<f32>)> {
        let Inputs::Features { values, width } = &e.inputs else { panic!("features") };
        values.chunks(*width).map(|r| ((f64::from(r[0]) * scale + mean).round(), r[1..].to_vec())).collect()
    };
    let onehot = |v: &str| -> Vec<f32> { levels.iter().map(|l| if l == v { 1.0 } else { 0.0 }).collect() };
    for (x, code) in rows(&p.splits.train).into_iter().chain(rows(&p.splits.test)) {
        let k = ["", "u", "v", "", "u", "u", "v", "u", "v", "w"][x as usize];
        let expected = if x == 3.0 { onehot(mode) } else { onehot(k) };
        assert_eq!(code, expected, "x = {x}");
        assert_eq!(code.iter().sum::<f32>(), if k == "w" && !levels.contains(&"w".to_string()) { 0.0 } else { 1.0 });
    }
}

#[test]
fn missing_values_impute_or_drop() {
    let text = "x,k,label\n1,u,a\n?,v,b\n3,,a\n5,u,b\n";
    let p = prepare_table(&table(text), &all_rows("label")).expect("ok");
    assert_eq!(p.splits.train.len(), 4);
    assert!(
        p.notices
            .iter()
            .map(kiln_i18n::english)
            .any(|n| n.starts_with("`x`: 1 missing") && n.contains("training mean (3.0000)"))
    );
    assert!(
        p.notices.iter().map(kiln_i18n::english).any(|n| n.starts_with("`k`: 1 missing") && n.contains("mode (`u`)"))
    );
    let d = prepare_table(&table(text), &PrepareOptions { missing: MissingPolicy::DropRows, ..all_rows("label") })
        .expect("ok");
    assert_eq!((d.splits.train.len(), d.dropped_rows), (2, 2));
}

#[test]
fn text_column_gives_tokens() {
    let text = "review,sentiment\n\"Good.<br />Great film\",pos\nawful and dull,neg\nreally good,pos\nbad,neg\n";
    let p = prepare_table(&table(text), &all_rows("sentiment")).expect("ok");
    let Inputs::Tokens { ids, seq_len } = &p.splits.train.inputs else { panic!("tokens") };
    assert_eq!((ids.len(), *seq_len), (4 * 200, 200));
    let (col, vocab) = p.vocab.as_ref().expect("vocabulary");
    assert_eq!(col, "review");
    assert_eq!(vocab.id("br"), crate::text::OOV);
    assert_eq!(p.splits.class_names, ["neg", "pos"]);
}

#[test]
fn mixing_text_and_features_is_refused() {
    let t = table("note,x,label\nthe quick brown fox jumps over the lazy dog,1,a\nhello there,2,b\n");
    let o = PrepareOptions {
        inputs: Some(vec!["note".into(), "x".into()]),
        kinds: vec![("note".into(), ColumnKind::Text)],
        ..all_rows("label")
    };
    assert!(prepare_table(&t, &o).expect_err("mixed").to_string().contains("sole input"));
}
