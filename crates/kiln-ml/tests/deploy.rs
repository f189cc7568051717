//! The `.kiln` model file and deployment on burn's CPU backend: every preset and data kind
//! (text, table, images) saves and loads with the same predictions from raw input, hostile files
//! are refused with messages, training continues from loaded weights, and data-parallel training
//! over several devices gives the same run as one device.

use std::io::Cursor;
use std::sync::Arc;

use futures::executor::block_on;
use kiln_core::presets::{reference_sentiment, small_cnn, small_mlp, tiny_transformer};
use kiln_core::{
    Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, Padding, SplitConfig, Task, TextPrepConfig, TrainConfig,
};
use kiln_data::images::{ImageOptions, ImageSet};
use kiln_data::source::{Prepared, Source};
use kiln_data::{Inputs, PrepareOptions, ReadOptions, Review, TaskChoice, read_table};
use kiln_ml::modelfile::{self, ModelFileError, ModelMeta};
use kiln_ml::{Control, Device, Host, Model, Trainer};
use kiln_protocol::Event;
use serde_json::{Map, Value, json};

struct Quiet(Vec<f64>);

impl Host for Quiet {
    fn now_ms(&self) -> f64 {
        0.0
    }
    fn emit(&mut self, event: Event) {
        if let Event::Epoch(m) = event {
            self.0.push(m.train_loss);
        }
    }
    fn control(&mut self) -> Control {
        Control::Run
    }
    async fn yield_now(&mut self) {}
}

const GOOD: [&str; 6] = ["good", "great", "lovely", "fun", "superb", "happy"];
const BAD: [&str; 6] = ["bad", "awful", "dull", "boring", "poor", "sad"];

fn reviews() -> Source {
    let rows = (0..80)
        .map(|i| {
            let words = if i % 2 == 0 { GOOD } else { BAD };
            let text = format!("the film was {} and {} w{}", words[i % 6], words[(i / 2) % 6], i % 7);
            Review { text, label: (i % 2 == 0) as u32, origin: "test".into() }
        })
        .collect();
    Source::Reviews(rows)
}

fn texts() -> Vec<String> {
    vec!["a great and lovely film".into(), "dull, boring, sad".into(), "".into(), "unknown words only".into()]
}

fn table_csv() -> String {
    let mut s = String::from("x1,x2,colour,label\n");
    for i in 0..90 {
        let class = i % 3;
        let x1 = class as f64 * 2.0 + (i % 5) as f64 * 0.3;
        let colour = ["red", "green", "blue"][(i / 3 + class) % 3];
        let x2 = if i % 17 == 0 { "NA".to_owned() } else { format!("{:.2}", (i % 7) as f64 - class as f64) };
        s.push_str(&format!("{x1},{x2},{colour},{}\n", ["setosa", "versicolor", "virginica"][class]));
    }
    s
}

fn table(target: &str, task: Option<TaskChoice>) -> Source {
    let t = read_table(table_csv().as_bytes(), &ReadOptions::default()).expect("reads");
    Source::Table(Arc::new(t), PrepareOptions { task, ..PrepareOptions::new(target) })
}

fn rows() -> Vec<Map<String, Value>> {
    [
        json!({"x1": 0.3, "x2": "1.5", "colour": "red", "label": "setosa"}),
        json!({"x1": "4.2", "x2": null, "colour": "purple", "label": null}),
        json!({"x1": 2.0, "x2": -1, "colour": "blue", "label": "virginica"}),
    ]
    .into_iter()
    .filter_map(|v| v.as_object().cloned())
    .collect()
}

/// 28×28 grey images of 10 classes: class `c` is a bright 6×6 square at a position of its own.
fn digit(c: usize, shift: usize) -> Vec<f32> {
    let mut px = vec![0.05f32; 28 * 28];
    let (r0, c0) = (2 + (c / 5) * 12 + shift, 2 + (c % 5) * 5);
    for r in r0..r0 + 6 {
        for col in c0..c0 + 5 {
            px[r * 28 + col] = 0.95;
        }
    }
    px
}

fn images() -> Source {
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for i in 0..40 {
        pixels.extend(digit(i % 10, i / 10));
        labels.push((i % 10) as u32);
    }
    Source::Images(ImageSet {
        pixels,
        labels,
        class_names: (0..10).map(|c| c.to_string()).collect(),
        options: ImageOptions::default(),
        notices: vec![],
    })
}

fn png(px: &[f32]) -> Vec<u8> {
    let img = image::GrayImage::from_fn(28, 28, |x, y| image::Luma([(px[(y * 28 + x) as usize] * 255.0) as u8]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    out.into_inner()
}

const PREP: TextPrepConfig = TextPrepConfig { vocab_size: 50, seq_len: 8, tokenizer: kiln_core::Tokenizer::Keras };
const SPLIT: SplitConfig = SplitConfig { train: 0.5, validation: 0.25, test: 0.25 };

fn config() -> TrainConfig {
    TrainConfig { epochs: 2, batch_size: 8, seed: 3, ..TrainConfig::default() }
}

/// Prepares `source`, fits the data's input into `spec` and trains it; returns the trainer, the
/// preparation and the model's description.
fn train(name: &str, mut spec: ModelSpec, source: &Source) -> (Trainer, Prepared, ModelMeta) {
    let prepared = source.prepare(&PREP, &SPLIT, 3).expect("prepares");
    match &prepared.splits.train.inputs {
        Inputs::Features { width, .. } => spec.input = InputSpec::Features { width: *width },
        Inputs::Images { height, width, channels, .. } => {
            spec.input = InputSpec::Images { height: *height, width: *width, channels: *channels }
        }
        Inputs::Tokens { .. } => {}
    }
    let device = Device::flex();
    let mut trainer = Trainer::from_splits(&spec, &config(), &prepared.splits, &device).expect(name);
    let outcome = block_on(trainer.fit(&mut Quiet(vec![]))).expect("trains");
    let meta = ModelMeta::new(spec, config(), SPLIT, prepared.preprocess.clone(), name, outcome.test);
    (trainer, prepared, meta)
}

/// Equal JSON, numbers within a relative 1e-12.
fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        _ => a == b,
    }
}

fn raw_inputs(model: &Model, kind: &str) -> Inputs {
    let enc = model.encoder();
    match kind {
        "text" => enc.texts(&texts().iter().map(String::as_str).collect::<Vec<_>>()),
        "table" => enc.rows(&rows()),
        _ => {
            let files: Vec<Vec<u8>> = [(3, 0), (7, 2), (0, 1)].iter().map(|&(c, s)| png(&digit(c, s))).collect();
            enc.images(&files.iter().map(|b| ("digit.png", b.as_slice())).collect::<Vec<_>>())
        }
    }
    .expect("raw input encodes")
}

fn kitchen_sink_text() -> ModelSpec {
    let relu = Activation::Relu;
    ModelSpec {
        input: InputSpec::Tokens { seq_len: 8, vocab_size: 50 },
        layers: vec![
            LayerSpec::Embedding { input_dim: 50, output_dim: 8 },
            LayerSpec::Conv1D { filters: 8, kernel_size: 3, strides: 1, padding: Padding::Same, activation: relu },
            LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.9 },
            LayerSpec::LayerNormalization { epsilon: 1e-3 },
            LayerSpec::MultiHeadSelfAttention { num_heads: 2, key_dim: None, dropout: 0.0 },
            LayerSpec::Dropout { rate: 0.2 },
            LayerSpec::GlobalMaxPooling1D,
            LayerSpec::Dense { units: 1, activation: Activation::Sigmoid },
        ],
        loss: LossSpec::BinaryCrossEntropy,
    }
}

fn kitchen_sink_images() -> ModelSpec {
    ModelSpec {
        input: InputSpec::Images { height: 28, width: 28, channels: 1 },
        layers: vec![
            LayerSpec::Conv2D {
                filters: 4,
                kernel_size: [3, 3],
                strides: [1, 1],
                padding: Padding::Same,
                activation: Activation::Relu,
            },
            LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.9 },
            LayerSpec::AveragePool2D { pool_size: [2, 2], strides: None, padding: Padding::Valid },
            LayerSpec::Flatten,
            LayerSpec::Dense { units: 10, activation: Activation::Softmax },
        ],
        loss: LossSpec::CategoricalCrossEntropy,
    }
}

#[test]
fn every_preset_and_data_kind_round_trips_with_the_same_predictions() {
    let three = Task::MultiClass { classes: 3 };
    let cases: Vec<(&str, ModelSpec, Source, &str)> = vec![
        ("sentiment", reference_sentiment(50, 8).spec, reviews(), "text"),
        ("transformer", tiny_transformer(50, 8, Task::Binary).spec, reviews(), "text"),
        ("text-all-layers", kitchen_sink_text(), reviews(), "text"),
        ("mlp-classes", small_mlp(1, three).spec, table("label", None), "table"),
        ("mlp-regression", small_mlp(1, Task::Regression).spec, table("x1", Some(TaskChoice::Regression)), "table"),
        ("cnn-28", small_cnn().spec, images(), "images"),
        ("images-all-layers", kitchen_sink_images(), images(), "images"),
    ];
    for (name, spec, source, kind) in cases {
        let (trainer, _, meta) = train(name, spec, &source);
        let bytes = modelfile::save(trainer.network(), &meta).expect("saves");
        let trained = Model::new(trainer.network(), meta.clone(), trainer.device()).expect("model");
        let loaded = Model::from_bytes(&bytes, &Device::flex()).unwrap_or_else(|e| panic!("{name}: {e}"));
        // serde_json's default float parsing may land one unit in the last place away.
        for (a, b) in [
            (json!(loaded.meta().spec), json!(meta.spec)),
            (json!(loaded.meta().preprocess), json!(meta.preprocess)),
            (json!(loaded.meta().metrics), json!(meta.metrics)),
            (json!(loaded.meta().train), json!(meta.train)),
        ] {
            assert!(close(&a, &b), "{name}: {a} vs {b}");
        }
        let summary = meta.spec.summary().expect("valid");
        assert_eq!(loaded.meta().weights.values, summary.total_params + summary.non_trainable_params, "{name}");
        assert_eq!(loaded.network().num_params(), summary.total_params, "{name}");
        let again = Model::from_bytes(&loaded.to_bytes().expect("re-saves"), &Device::flex()).expect("reloads");
        let x = raw_inputs(&trained, kind);
        let expected = block_on(trained.predict(&x)).expect("predicts");
        assert_eq!(expected.len(), x.rows(), "{name}");
        for model in [&loaded, &again] {
            let got = block_on(model.predict(&raw_inputs(model, kind))).expect("predicts");
            for (a, b) in expected.iter().zip(&got) {
                assert_eq!(a.class, b.class, "{name}");
                for ((na, pa), (nb, pb)) in a.probabilities.iter().zip(&b.probabilities) {
                    assert!(na == nb && (pa - pb).abs() < 1e-6, "{name}: {pa} vs {pb}");
                }
                let (va, vb) = (a.value.unwrap_or(0.0), b.value.unwrap_or(0.0));
                assert!((va - vb).abs() < 1e-6, "{name}: {va} vs {vb}");
            }
        }
        let first = serde_json::to_value(&expected[0]).expect("json");
        match kind {
            "text" => {
                assert!(first["probability"].is_f64(), "{first}");
                let p = first["probabilities"].as_object().expect("by class");
                assert_eq!(p.keys().collect::<Vec<_>>(), ["negative", "positive"]);
            }
            _ if name == "mlp-regression" => assert!(first["value"].is_f64() && first.get("class").is_none()),
            _ => assert!(first["class"].is_string() && first.get("probability").is_none(), "{first}"),
        }
    }
}

#[test]
fn training_continues_from_loaded_weights_on_the_same_test_rows() {
    let source = reviews();
    let (trainer, _, meta) = train("sentiment", reference_sentiment(50, 8).spec, &source);
    let bytes = modelfile::save(trainer.network(), &meta).expect("saves");
    let model = Model::from_bytes(&bytes, &Device::flex()).expect("loads");
    let m = model.meta();
    let splits = model.encoder().splits(&source, &m.split, m.train.seed).expect("re-encodes");
    let device = Device::flex();
    let mut more = Trainer::from_splits(&m.spec, &m.train, &splits, &device)
        .expect("trainer")
        .with_weights(model.network())
        .expect("weights fit");
    let test = block_on(more.test_metrics()).expect("evaluates");
    assert_eq!(test.examples, m.metrics.examples);
    assert!((test.loss - m.metrics.loss).abs() < 1e-6, "{} vs {}", test.loss, m.metrics.loss);
    assert!((test.accuracy - m.metrics.accuracy).abs() < 1e-12, "{} vs {}", test.accuracy, m.metrics.accuracy);
    let mut host = Quiet(vec![]);
    more.extend_epochs(1);
    block_on(more.fit(&mut host)).expect("trains on");
    assert_eq!(host.0.len(), 1);
    let other = reference_sentiment(60, 8).spec;
    let err = Trainer::from_splits(&other, &m.train, &splits, &device).expect("trainer").with_weights(model.network());
    assert!(err.err().expect("shapes differ").to_string().contains("do not fit"));
}

#[test]
fn several_devices_train_the_same_run_as_one() {
    let prepared = reviews().prepare(&PREP, &SPLIT, 3).expect("prepares");
    let spec = reference_sentiment(50, 8).spec;
    let three =
        ModelSpec { input: InputSpec::Features { width: 0 }, ..small_mlp(1, Task::MultiClass { classes: 3 }).spec };
    let table = table("label", None).prepare(&PREP, &SPLIT, 3).expect("prepares");
    let Inputs::Features { width, .. } = table.splits.train.inputs else { panic!("features") };
    let three = ModelSpec { input: InputSpec::Features { width }, ..three };
    for (spec, splits, extra) in [(spec, &prepared.splits, 1), (three, &table.splits, 2)] {
        let config = TrainConfig { batch_size: 7, ..config() };
        let device = Device::flex();
        let mut one = Trainer::from_splits(&spec, &config, splits, &device).expect("trainer");
        let mut many = Trainer::from_splits(&spec, &config, splits, &device)
            .expect("trainer")
            .with_weights(one.network())
            .expect("same spec")
            .with_devices(&vec![Device::flex(); extra])
            .expect("devices");
        assert_eq!(many.devices(), extra + 1);
        let (mut a, mut b) = (Quiet(vec![]), Quiet(vec![]));
        let ta = block_on(one.fit(&mut a)).expect("one device");
        let tb = block_on(many.fit(&mut b)).expect("several devices");
        for (x, y) in a.0.iter().zip(&b.0) {
            assert!((x - y).abs() < 1e-5, "epoch losses {x} vs {y}");
        }
        assert!((ta.test.loss - tb.test.loss).abs() < 1e-5, "{} vs {}", ta.test.loss, tb.test.loss);
        let (pa, pb) = (one.network().dense_weights(), many.network().dense_weights());
        for ((wa, _), (wb, _)) in pa.into_iter().zip(pb) {
            let diff: f32 = (wa - wb).abs().max().into_scalar();
            assert!(diff < 1e-5, "weights differ by {diff}");
        }
    }
    let err = Trainer::from_splits(&reference_sentiment(50, 8).spec, &config(), &prepared.splits, &Device::flex())
        .expect("trainer")
        .with_devices(&vec![Device::flex(); 8]);
    assert!(err.err().expect("too many").to_string().contains("batch size of at least 9"));
}

/// The header JSON and the data bytes of a safetensors file.
fn split_file(bytes: &[u8]) -> (Value, Vec<u8>) {
    let n = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")) as usize;
    (serde_json::from_slice(&bytes[8..8 + n]).expect("header"), bytes[8 + n..].to_vec())
}

fn join_file(header: &Value, data: &[u8]) -> Vec<u8> {
    let h = serde_json::to_vec(header).expect("json");
    let mut out = (h.len() as u64).to_le_bytes().to_vec();
    out.extend(h);
    out.extend(data);
    out
}

fn edit_header(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let (mut header, data) = split_file(bytes);
    edit(&mut header);
    join_file(&header, &data)
}

fn edit_meta(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    edit_header(bytes, |h| {
        let mut meta: Value = serde_json::from_str(h["__metadata__"]["kiln"].as_str().expect("kiln")).expect("meta");
        edit(&mut meta);
        h["__metadata__"]["kiln"] = Value::String(meta.to_string());
    })
}

#[test]
fn hostile_model_files_are_refused_with_messages() {
    let (trainer, _, meta) = train("mlp", small_mlp(1, Task::MultiClass { classes: 3 }).spec, &table("label", None));
    let good = modelfile::save(trainer.network(), &meta).expect("saves");
    let device = Device::flex();
    assert!(Model::from_bytes(&good, &device).is_ok());
    let first_weight = |h: &Value| h.as_object().and_then(|o| o.keys().find(|k| k.ends_with("weight")).cloned());
    let mut nan = good.clone();
    let (header, _) = split_file(&good);
    let n = good.len() - split_file(&good).1.len();
    let start = header[first_weight(&header).expect("a weight")]["data_offsets"][0].as_u64().expect("offset") as usize;
    nan[n + start..n + start + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    let mut trailing = good.clone();
    trailing.extend(b"junk");
    let spec_json = meta.spec.to_json().into_bytes();
    let mut huge = good.clone();
    huge[..8].copy_from_slice(&(1u64 << 40).to_le_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("half", good[..good.len() / 2].to_vec(), "cut short"),
        ("last bytes", good[..good.len() - 4].to_vec(), "cut short"),
        ("stub", good[..5].to_vec(), "too short to hold a header"),
        ("trailing", trailing, "bytes after the weights"),
        ("huge header", huge, "header claims 1099511627776 bytes"),
        ("empty", vec![], "too short"),
        ("spec only", spec_json, "format version 0"),
        ("other json", b"{\"hello\": 1}".to_vec(), "it is JSON"),
        ("zip", b"PK\x03\x04rest of a zip".to_vec(), "zip archive"),
        ("newer", edit_meta(&good, |m| m["version"] = json!(2)), "format version 2 (written by Kiln"),
        ("format", edit_meta(&good, |m| m["format"] = json!("onnx")), "not a Kiln model file"),
        ("int8", edit_meta(&good, |m| m["weights"]["encoding"] = json!("int8")), "as `int8`"),
        ("garbled", edit_meta(&good, |m| m["spec"] = json!("nope")), "its description"),
        (
            "no description",
            edit_header(&good, |h| {
                h["__metadata__"].as_object_mut().map(|o| o.remove("kiln"));
            }),
            "without Kiln's description",
        ),
        ("bigger spec", edit_meta(&good, |m| m["spec"]["layers"][0]["units"] = json!(64)), "parameters"),
        ("classes", edit_meta(&good, |m| m["preprocess"]["class_names"] = json!(["a", "b"])), "do not fit the task"),
        (
            "features",
            edit_meta(&good, |m| {
                m["preprocess"]["input"]["features"].as_array_mut().map(Vec::pop);
            }),
            "the preprocessing makes",
        ),
        (
            "swapped shape",
            edit_header(&good, |h| {
                let name = first_weight(h).expect("weight");
                let shape = h[&name]["shape"].as_array_mut().expect("shape");
                shape.reverse();
            }),
            "do not fit the network",
        ),
        (
            "dtype",
            edit_header(&good, |h| {
                let name = first_weight(h).expect("weight");
                h[&name]["dtype"] = json!("I32");
            }),
            "not F32",
        ),
        ("nan", nan, "NaN or infinite"),
    ];
    for (name, bytes, message) in cases {
        let err = match Model::from_bytes(&bytes, &device) {
            Ok(_) => panic!("{name}: accepted"),
            Err(e) => e,
        };
        assert!(err.to_string().contains(message), "{name}: `{err}` should say `{message}`");
        assert_eq!(
            modelfile::read_meta(&bytes).is_err(),
            !matches!(err, ModelFileError::Inconsistent(ref m) if kiln_i18n::english(m).contains("do not fit the network")),
            "{name}"
        );
    }
}
