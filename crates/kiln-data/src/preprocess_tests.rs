use crate::files::ClassFile;
use std::io::Cursor;
use std::sync::Arc;

use kiln_core::{SplitConfig, TextPrepConfig};
use serde_json::json;

use super::*;
use crate::images::load_image_folders;
use crate::reviews::Review;
use crate::table::{ReadOptions, read_table};
use crate::tabular::PrepareOptions;
use crate::textset::read_text_folders;

const PENGUINISH: &str = "bill,island,mass,species\n\
    39.1,Torgersen,3750,Adelie\n40.3,Biscoe,NA,Adelie\n46.5,Dream,3500,Chinstrap\n50.0,Dream,3900,Chinstrap\n\
    47.0,Biscoe,5000,Gentoo\n,Biscoe,5200,Gentoo\n38.0,Torgersen,3600,Adelie\n49.5,Dream,3700,Chinstrap\n\
    48.1,Biscoe,5100,Gentoo\n37.2,Dream,3300,Adelie\n51.3,Dream,3850,Chinstrap\n45.9,Biscoe,4900,Gentoo\n";

fn split() -> SplitConfig {
    SplitConfig { train: 0.5, validation: 0.25, test: 0.25 }
}

/// Preparing a source and re-encoding it with the saved preprocessing give the same splits.
fn same_splits(source: &Source, prep: &TextPrepConfig) -> Preprocess {
    let prepared = source.prepare(prep, &split(), 7).expect("prepares");
    let encoder = Encoder::new(prepared.preprocess.clone()).expect("valid");
    let again = encoder.splits(source, &split(), 7).expect("re-encodes");
    assert_eq!(again, prepared.splits, "fixed preprocessing reproduces preparation");
    let json = serde_json::to_string(&prepared.preprocess).expect("serialises");
    assert_eq!(serde_json::from_str::<Preprocess>(&json).expect("parses"), prepared.preprocess);
    prepared.preprocess
}

#[test]
fn tables_re_encode_exactly_with_missing_values() {
    let table = Arc::new(read_table(PENGUINISH.as_bytes(), &ReadOptions::default()).expect("reads"));
    let pre = same_splits(&Source::Table(table.clone(), PrepareOptions::new("species")), &TextPrepConfig::default());
    assert_eq!(pre.kind(), "table");
    assert_eq!(pre.columns(), ["bill", "island", "mass"]);
    assert_eq!(pre.class_names, ["Adelie", "Chinstrap", "Gentoo"]);
    let drop = PrepareOptions { missing: MissingPolicy::DropRows, ..PrepareOptions::new("species") };
    same_splits(&Source::Table(table.clone(), drop), &TextPrepConfig::default());
    let regression = PrepareOptions { task: Some(crate::TaskChoice::Regression), ..PrepareOptions::new("mass") };
    let pre = same_splits(&Source::Table(table, regression), &TextPrepConfig::default());
    assert_eq!(pre.task, Task::Regression);
}

#[test]
fn json_rows_encode_like_training_rows() {
    let table = read_table(PENGUINISH.as_bytes(), &ReadOptions::default()).expect("reads");
    let source = Source::Table(Arc::new(table), PrepareOptions::new("species"));
    let pre = source.prepare(&TextPrepConfig::default(), &split(), 7).expect("prepares").preprocess;
    let InputPrep::Table { features, .. } = &pre.input else { panic!("table") };
    let (Feature::Numeric { mean, scale, .. }, Feature::OneHot { levels, mode, .. }) = (&features[0], &features[1])
    else {
        panic!("numeric bill, one-hot island")
    };
    let enc = Encoder::new(pre.clone()).expect("valid");
    let rows = vec![
        json!({"bill": 45.0, "island": " Dream ", "mass": "4000", "extra": [1]}),
        json!({"bill": null, "island": null, "mass": "heavy"}),
        json!({"bill": "44", "island": "Atlantis", "mass": 1}),
    ];
    let rows: Vec<Map<String, Value>> = rows.into_iter().map(|r| r.as_object().cloned().expect("object")).collect();
    let Inputs::Features { values, width } = enc.rows(&rows).expect("encodes") else { panic!("features") };
    assert_eq!(width, 1 + levels.len() + 1);
    let row = |r: usize| &values[r * width..(r + 1) * width];
    assert!((f64::from(row(0)[0]) - (45.0 - mean) / scale).abs() < 1e-6);
    let dream = levels.iter().position(|l| l == "Dream").expect("level");
    assert_eq!(row(0)[1 + dream], 1.0, "trimmed level");
    assert_eq!(row(1)[0], 0.0, "missing number is the mean");
    let m = levels.iter().position(|l| l == mode).expect("mode");
    assert_eq!(row(1)[1 + m], 1.0, "missing category is the mode");
    assert_eq!(row(1)[width - 1], 0.0, "not a number is the mean");
    assert!(row(2)[1..1 + levels.len()].iter().all(|&v| v == 0.0), "unseen level is all zeros");
    let err = enc.rows(&[Map::new()]).expect_err("missing column").to_string();
    assert!(err.contains("row 1 has no `bill`") && err.contains("bill, island, mass"), "{err}");
    let nested = json!({"bill": {"a": 1}, "island": "x", "mass": 1}).as_object().cloned().expect("object");
    assert!(enc.rows(&[nested]).expect_err("object").to_string().contains("must be a string, a number or null"));
    assert!(enc.texts(&["hello"]).expect_err("not text").to_string().contains("takes table rows with the columns"));
}

fn reviews() -> Vec<Review> {
    (0..24)
        .map(|i| Review {
            text: if i % 2 == 0 {
                format!("good great fun, a lovely evening out w{i}")
            } else {
                format!("bad awful dull, a wasted evening out w{i}")
            },
            label: (i % 2 == 0) as u32,
            origin: "t".into(),
        })
        .collect()
}

#[test]
fn texts_re_encode_exactly() {
    let prep = TextPrepConfig { vocab_size: 20, seq_len: 5, tokenizer: kiln_core::Tokenizer::Keras };
    let pre = same_splits(&Source::Reviews(reviews()), &prep);
    let enc = Encoder::new(pre).expect("valid");
    let Inputs::Tokens { ids, seq_len } = enc.texts(&["GOOD, great!", ""]).expect("encodes") else { panic!() };
    assert_eq!(seq_len, 5);
    assert_eq!(ids.len(), 10);
    assert!(ids[0] >= 2 && ids[1] >= 2 && ids[2..].iter().all(|&i| i == 0));
    assert!(enc.images(&[("a.png", b"x")]).expect_err("not images").to_string().contains("takes texts"));
    let files: Vec<ClassFile> = reviews()
        .into_iter()
        .enumerate()
        .map(|(i, r)| ClassFile::new(["neg", "pos"][r.label as usize], format!("{i}.txt"), r.text.into_bytes()))
        .collect();
    same_splits(&Source::TextFolders(Arc::new(read_text_folders(&files).expect("reads"))), &prep);
    let csv: String = std::iter::once("review,label\n".to_owned())
        .chain(reviews().iter().map(|r| format!("\"{}\",{}\n", r.text, ["no", "yes"][r.label as usize])))
        .collect();
    let table = Arc::new(read_table(csv.as_bytes(), &ReadOptions::default()).expect("reads"));
    let pre = same_splits(&Source::Table(table, PrepareOptions::new("label")), &prep);
    assert_eq!(pre.columns(), ["review"]);
    let row = json!({"review": "good fun"}).as_object().cloned().expect("object");
    let enc = Encoder::new(pre).expect("valid");
    assert_eq!(enc.rows(&[row]).expect("rows"), enc.texts(&["good fun"]).expect("texts"));
}

fn png(value: u8) -> Vec<u8> {
    let img = image::GrayImage::from_fn(9, 7, |x, y| image::Luma([value.wrapping_add((x * y) as u8)]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    out.into_inner()
}

#[test]
fn images_re_encode_exactly() {
    let files: Vec<ClassFile> =
        (0..12).map(|i| ClassFile::new(["dark", "light"][i % 2], format!("{i}.png"), png(i as u8 * 20))).collect();
    let options = ImageOptions { height: 6, width: 5, channels: 1 };
    let set = load_image_folders(&files, &options).expect("loads");
    let pre = same_splits(&Source::Images(set.clone()), &TextPrepConfig::default());
    let enc = Encoder::new(pre).expect("valid");
    let Inputs::Images { pixels, .. } = enc.images(&[("0.png", &files[0].bytes)]).expect("decodes") else { panic!() };
    assert_eq!(pixels, set.pixels[..30]);
    let err = enc.images(&[("x.png", b"junk")]).expect_err("bad image").to_string();
    assert!(err.contains("x.png is not a readable"), "{err}");
    let other = load_image_folders(&files, &ImageOptions::default()).expect("loads");
    let err = enc.splits(&Source::Images(other), &split(), 1).expect_err("size").to_string();
    assert!(err.contains("read at 28×28×1 but the model takes 6×5×1"), "{err}");
}

#[test]
fn hostile_preprocessing_is_refused() {
    let base = Preprocess {
        input: InputPrep::Text {
            tokenizer: TOKENIZER.into(),
            seq_len: 4,
            vocab_size: 5,
            words: vec!["a".into(), "b".into()],
            column: None,
        },
        task: Task::Binary,
        class_names: vec!["n".into(), "p".into()],
        target: None,
    };
    assert!(Encoder::new(base.clone()).is_ok());
    let with = |input: InputPrep| Preprocess { input, ..base.clone() };
    let text = |tokenizer: &str, seq_len, vocab_size, words: &[&str]| InputPrep::Text {
        tokenizer: tokenizer.into(),
        seq_len,
        vocab_size,
        words: words.iter().map(|w| (*w).to_owned()).collect(),
        column: None,
    };
    let cases = [
        (with(text("bpe", 4, 5, &["a"])), "tokenizer `bpe`"),
        (with(text(TOKENIZER, 0, 5, &["a"])), "out of range"),
        (with(text(TOKENIZER, 4, 4, &["a", "b", "c"])), "room for 2"),
        (with(text(TOKENIZER, 4, 9, &["a", "a"])), "repeated word `a`"),
        (with(InputPrep::Images { height: 0, width: 5, channels: 1 }), "out of range"),
        (with(InputPrep::Images { height: 4, width: 5, channels: 2 }), "out of range"),
        (with(InputPrep::Table { features: vec![], decimal_comma: false, missing: MissingPolicy::Impute }), "no input"),
        (Preprocess { class_names: vec!["only".into()], ..base.clone() }, "do not fit the task"),
    ];
    for (pre, message) in cases {
        let err = Encoder::new(pre).expect_err(message).to_string();
        assert!(err.contains(message), "{err} should say {message}");
    }
    let nan = Feature::Numeric { column: "x".into(), mean: f64::NAN, scale: 1.0, constant: false, range: None };
    let table = with(InputPrep::Table { features: vec![nan], decimal_comma: false, missing: MissingPolicy::Impute });
    assert!(Encoder::new(table).expect_err("nan").to_string().contains("not usable"));
}

#[test]
fn unknown_classes_and_kinds_are_messages() {
    let prep = TextPrepConfig { vocab_size: 20, seq_len: 5, tokenizer: kiln_core::Tokenizer::Keras };
    let pre = Source::Reviews(reviews()).prepare(&prep, &split(), 7).expect("prepares").preprocess;
    let enc = Encoder::new(pre).expect("valid");
    let files: Vec<ClassFile> =
        (0..6).map(|i| ClassFile::new(["neg", "maybe"][i % 2], format!("{i}.txt"), b"good".to_vec())).collect();
    let folders = Source::TextFolders(Arc::new(read_text_folders(&files).expect("reads")));
    let err = enc.splits(&folders, &split(), 1).expect_err("classes").to_string();
    assert!(err.contains("class `maybe`") && err.contains("negative, positive"), "{err}");
    let table = read_table(PENGUINISH.as_bytes(), &ReadOptions::default()).expect("reads");
    let err = enc.splits(&Source::Table(Arc::new(table), PrepareOptions::new("species")), &split(), 1);
    assert!(err.expect_err("kind").to_string().contains("not a table"));
}
