//! "Try it" inputs → model input → named prediction, on burn's CPU backend.

use std::io::Cursor;
use std::sync::Arc;

use futures::executor::block_on;
use kiln_core::presets::small_cnn;
use kiln_core::{InputSpec, SplitConfig, Task, TextPrepConfig};
use kiln_data::source::Source;
use kiln_data::{Encoder, Inputs, PrepareOptions, Preprocess, ReadOptions, read_table};
use kiln_protocol::try_it::FieldKind;

use super::*;
use crate::eval::Evaluator;
use crate::predict::predict_with;
use crate::{Device, Network};

/// An image model's encoder of `side × side` grey images and ten digit classes.
fn digits_encoder(side: usize) -> Encoder {
    Encoder::new(Preprocess {
        input: InputPrep::Images { height: side, width: side, channels: 1 },
        task: Task::MultiClass { classes: 10 },
        class_names: (0..10).map(|c| c.to_string()).collect(),
        target: None,
    })
    .expect("valid")
}

/// A transparent 120×160 canvas with one opaque vertical stroke (a "1"), RGBA.
fn one_stroke() -> (u32, u32, Vec<u8>) {
    let (w, h) = (120u32, 160u32);
    let mut rgba = vec![0u8; (w * h * 4) as usize];
    for y in 30..130 {
        for x in 70..82 {
            let i = ((y * w + x) * 4) as usize;
            rgba[i..i + 4].copy_from_slice(&[20, 20, 20, 255]);
        }
    }
    (w, h, rgba)
}

#[test]
fn a_drawn_stroke_is_centred_like_mnist_and_scored_by_class() {
    let encoder = digits_encoder(28);
    let (w, h, rgba) = one_stroke();
    let encoded = drawing(&encoder, "mnist-10k", w, h, &rgba).expect("draws");
    let seen = encoded.seen.clone().expect("the input seen");
    assert_eq!((seen.height, seen.width, seen.channels, seen.pixels.len()), (28, 28, 1, 784));
    let Inputs::Images { pixels, height: 28, width: 28, channels: 1 } = &encoded.inputs else { panic!("one image") };
    // The stroke was moved from the canvas' right half to the middle: 20 pixels tall, centred.
    let mass: f32 = pixels.iter().sum();
    let cx = pixels.iter().enumerate().map(|(i, v)| v * ((i % 28) as f32 + 0.5)).sum::<f32>() / mass;
    let cy = pixels.iter().enumerate().map(|(i, v)| v * ((i / 28) as f32 + 0.5)).sum::<f32>() / mass;
    assert!((cx - 14.5).abs() <= 0.5 && (cy - 14.5).abs() <= 0.5, "centre of mass ({cx}, {cy})");
    let rows = (0..28).filter(|r| pixels[r * 28..(r + 1) * 28].iter().any(|&v| v > 0.1)).count();
    assert_eq!(rows, 20, "the digit's box is 20 pixels tall");
    assert_eq!(seen.pixels, pixels.iter().map(|v| (v * 255.0).round() as u8).collect::<Vec<_>>());

    // Scored by an (untrained) MNIST network: ten named probabilities summing to 1.
    let device = Device::flex();
    let spec = small_cnn().spec;
    assert_eq!(spec.input, InputSpec::Images { height: 28, width: 28, channels: 1 });
    let evaluator = Evaluator::new(&Network::new(&spec, &device).expect("builds"), &device);
    let p = block_on(predict_with(&evaluator, &spec, encoder.preprocess(), &encoded.inputs)).expect("predicts");
    let outcome = encoded.outcome(p.into_iter().next().expect("one row"));
    let probs = &outcome.prediction.probabilities;
    assert_eq!(
        probs.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    );
    assert!((probs.iter().map(|(_, p)| p).sum::<f64>() - 1.0).abs() < 1e-5);
    let best = probs.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|(c, _)| c.clone());
    assert_eq!(outcome.prediction.class, best);
    assert_eq!((outcome.prediction.probability, outcome.prediction.value), (None, None));
}

#[test]
fn drawings_suit_digit_models_only_and_say_why_not() {
    let (w, h, rgba) = one_stroke();
    let eight = drawing(&digits_encoder(8), "digits-8x8", w, h, &rgba).expect("8×8 digits");
    assert_eq!(eight.seen.map(|s| (s.height, s.pixels.len())), Some((8, 64)));
    let err = |e: Result<TryEncoded, DataError>| e.err().map(|e| kiln_i18n::Localize::msg(&e).id);
    // A size that is not the set's, another image set, blank canvas, wrong byte count.
    assert_eq!(err(drawing(&digits_encoder(8), "mnist-10k", w, h, &rgba)), Some("error-try-not-digits".into()));
    assert_eq!(err(drawing(&digits_encoder(28), "upload:cats", w, h, &rgba)), Some("error-try-not-digits".into()));
    assert_eq!(
        err(drawing(&digits_encoder(28), "mnist-10k", w, h, &vec![0; rgba.len()])),
        Some("error-data-draw-empty".into())
    );
    assert_eq!(err(drawing(&digits_encoder(28), "mnist-10k", w, h, &rgba[4..])), Some("error-data-draw-bytes".into()));
    assert_eq!(err(row(&digits_encoder(28), &[])), Some("error-try-not-table".into()));
}

#[test]
fn a_dropped_file_is_made_like_a_drawing_and_a_bad_one_is_refused() {
    let (w, h, rgba) = one_stroke();
    let img = image::RgbaImage::from_raw(w, h, rgba.clone()).expect("fits");
    let mut png = Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).expect("encodes");
    let encoder = digits_encoder(28);
    let from_file = image_file(&encoder, "mnist-10k", "one.png", &png.into_inner()).expect("decodes");
    let drawn = drawing(&encoder, "mnist-10k", w, h, &rgba).expect("draws");
    assert_eq!(from_file.inputs, drawn.inputs);
    let bad = image_file(&encoder, "mnist-10k", "notes.png", b"not an image").expect_err("refused");
    assert!(bad.to_string().contains("notes.png"), "{bad}");
}

const CSV: &str = "petal,colour,label\n1.5,red,a\n2.5,blue,b\n3.0,red,a\n4.5,green,b\n1.0,blue,a\n5.5,red,b\n2.0,green,a\n\
    6.0,blue,b\n1.2,red,a\n4.8,green,b\n0.9,blue,a\n5.1,red,b\n";

#[test]
fn a_form_row_encodes_as_the_same_csv_row() {
    let table = Arc::new(read_table(CSV.as_bytes(), &ReadOptions::default()).expect("reads"));
    let source = Source::Table(table.clone(), PrepareOptions::new("label"));
    let split = SplitConfig { train: 0.5, validation: 0.25, test: 0.25 };
    let prepared = source.prepare(&TextPrepConfig::default(), &split, 1).expect("prepares");
    let encoder = Encoder::new(prepared.preprocess.clone()).expect("valid");
    let Inputs::Features { values, width } = encoder.table(&table).expect("the CSV encodes") else {
        panic!("features")
    };
    for r in 0..table.rows {
        // The form sends every cell as text, the target too (ignored).
        let cells: Vec<(String, String)> =
            table.columns.iter().map(|c| (c.name.clone(), c.get(r).to_owned())).collect();
        let encoded = row(&encoder, &cells).expect("the row encodes");
        assert_eq!(encoded.inputs, Inputs::Features { values: values[r * width..(r + 1) * width].to_vec(), width });
        let shown: Vec<(&str, &str)> = encoded.fields.iter().map(|f| (f.column.as_str(), f.value.as_str())).collect();
        assert_eq!(shown, [("petal", table.columns[0].get(r)), ("colour", table.columns[1].get(r))]);
    }
    // An empty form is filled as training filled missing values: the mean and the mode.
    let empty = row(&encoder, &[]).expect("fills");
    let (FieldKind::Number { mean, range, .. }, FieldKind::Category { levels }) =
        (&empty.fields[0].kind, &empty.fields[1].kind)
    else {
        panic!("a number and a category: {:?}", empty.fields)
    };
    assert_eq!(empty.fields[0].value, format_number(*mean));
    assert!(range.is_some_and(|[lo, hi]| lo <= *mean && *mean <= hi), "the training range: {range:?}");
    assert_eq!(levels.len(), 3);
    assert!(levels.contains(&empty.fields[1].value));
    let Inputs::Features { values, .. } = &empty.inputs else { panic!("features") };
    assert!(values[0].abs() < 1e-6, "the mean standardises to 0: {values:?}");
}

#[test]
fn means_read_as_a_person_writes_them() {
    assert_eq!(format_number(5.843333333), "5.8433");
    assert_eq!(format_number(3.0), "3");
    assert_eq!(format_number(-0.00001), "0");
    assert_eq!(format_number(0.25), "0.25");
}
