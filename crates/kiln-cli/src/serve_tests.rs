use std::io::Cursor;
use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use kiln_core::TrainConfig;
use kiln_core::presets::{reference_sentiment, small_mlp};
use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, SplitConfig, Task, TextPrepConfig};
use kiln_data::images::{ImageOptions, ImageSet};
use kiln_data::source::Source;
use kiln_data::{PrepareOptions, ReadOptions, Review, read_table};
use kiln_ml::Trainer;
use kiln_ml::modelfile::{self, ModelMeta};
use tower::ServiceExt;

use super::*;
use crate::NativeHost;

const SPLIT: SplitConfig = SplitConfig { train: 0.6, validation: 0.2, test: 0.2 };

/// Trains `spec` (input fitted to the data) for one epoch and returns the `.kiln` bytes.
fn model_file(mut spec: ModelSpec, source: &Source) -> Vec<u8> {
    let prep = TextPrepConfig { vocab_size: 40, seq_len: 6, tokenizer: kiln_core::Tokenizer::Keras };
    let p = source.prepare(&prep, &SPLIT, 1).expect("prepares");
    match &p.splits.train.inputs {
        Inputs::Features { width, .. } => spec.input = InputSpec::Features { width: *width },
        Inputs::Images { height, width, channels, .. } => {
            spec.input = InputSpec::Images { height: *height, width: *width, channels: *channels }
        }
        Inputs::Tokens { .. } => {}
    }
    let config = TrainConfig { epochs: 1, batch_size: 8, ..TrainConfig::default() };
    let mut t = Trainer::from_splits(&spec, &config, &p.splits, &Device::flex()).expect("trainer");
    let outcome = pollster::block_on(t.fit(&mut NativeHost::new(|_| {}))).expect("trains");
    let meta = ModelMeta::new(spec, config, SPLIT, p.preprocess, "test", outcome.test);
    modelfile::save(t.network(), &meta).expect("saves")
}

fn text_model() -> Vec<u8> {
    let rows = (0..40)
        .map(|i| Review {
            text: if i % 2 == 0 { format!("good great fun {i}") } else { format!("bad awful dull {i}") },
            label: (i % 2 == 0) as u32,
            origin: "t".into(),
        })
        .collect();
    model_file(reference_sentiment(40, 6).spec, &Source::Reviews(rows))
}

fn table_model() -> Vec<u8> {
    let mut csv = String::from("size,colour,kind\n");
    for i in 0..30 {
        csv.push_str(&format!("{},{},{}\n", i % 10, ["red", "blue"][i % 2], ["a", "b", "c"][i % 3]));
    }
    let table = read_table(csv.as_bytes(), &ReadOptions::default()).expect("reads");
    let spec = small_mlp(1, Task::MultiClass { classes: 3 }).spec;
    model_file(spec, &Source::Table(Arc::new(table), PrepareOptions::new("kind")))
}

fn image_model() -> Vec<u8> {
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for i in 0..20 {
        pixels.extend((0..64).map(|p| if (p < 32) == (i % 2 == 0) { 0.9 } else { 0.1 }));
        labels.push((i % 2) as u32);
    }
    let options = ImageOptions { height: 8, width: 8, channels: 1 };
    let set = ImageSet { pixels, labels, class_names: vec!["top".into(), "bottom".into()], options, notices: vec![] };
    let spec = ModelSpec {
        input: InputSpec::Images { height: 8, width: 8, channels: 1 },
        layers: vec![LayerSpec::Flatten, LayerSpec::Dense { units: 1, activation: Activation::Sigmoid }],
        loss: LossSpec::BinaryCrossEntropy,
    };
    model_file(spec, &Source::Images(set))
}

fn png_base64(top_bright: bool) -> String {
    let img = image::GrayImage::from_fn(16, 16, |_, y| image::Luma([if (y < 8) == top_bright { 230 } else { 25 }]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    base64::engine::general_purpose::STANDARD.encode(out.into_inner())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().expect("runtime")
}

async fn call(router: &Router, method: &str, uri: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::builder().method(method).uri(uri).body(body.into()).expect("request");
    let res = router.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(&bytes)));
    (status, value)
}

/// Same class and probabilities within 1e-6 (batches of other sizes may round differently).
fn same(a: &Value, b: &Value) -> bool {
    let close = |x: &Value, y: &Value| match (x.as_f64(), y.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-6,
        _ => x == y,
    };
    let probs = |v: &Value| v["probabilities"].as_object().cloned().unwrap_or_default();
    a["class"] == b["class"]
        && close(&a["probability"], &b["probability"])
        && probs(a).len() == probs(b).len()
        && probs(a).iter().all(|(k, x)| close(x, &probs(b)[k]))
}

fn expected(bytes: &[u8], texts: &[&str]) -> Vec<Value> {
    let model = Model::from_bytes(bytes, &Device::flex()).expect("loads");
    let inputs = model.encoder().texts(texts).expect("encodes");
    let p = pollster::block_on(model.predict(&inputs)).expect("predicts");
    p.iter().map(|p| serde_json::to_value(p).expect("json")).collect()
}

#[test]
fn handlers_answer_health_model_and_predictions() {
    let bytes = text_model();
    let (router, _) = app(bytes.clone(), Device::flex(), &ServeOptions::default()).expect("app");
    runtime().block_on(async {
        let (s, health) = call(&router, "GET", "/health", Body::empty()).await;
        assert_eq!((s, health["status"].as_str()), (StatusCode::OK, Some("ok")));
        let (s, info) = call(&router, "GET", "/model", Body::empty()).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(info["classes"], json!(["negative", "positive"]));
        assert_eq!(info["kind"], "text");
        assert!(info["spec"]["layers"].is_array() && info["metrics"]["examples"].is_u64(), "{info}");
        let texts = ["a great fun day", "dull and awful"];
        let (s, body) = call(&router, "POST", "/predict", json!({ "texts": texts }).to_string()).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let got = body["predictions"].as_array().expect("list");
        assert!(got.iter().zip(expected(&bytes, &texts)).all(|(a, b)| same(a, &b)) && got.len() == 2, "{body}");
        let p = &body["predictions"][0];
        assert!(p["class"].is_string() && p["probability"].is_f64() && p["probabilities"]["positive"].is_f64());
    });
}

#[test]
fn concurrent_requests_are_batched_and_all_answered() {
    let bytes = text_model();
    let (router, _) = app(bytes.clone(), Device::flex(), &ServeOptions::default()).expect("app");
    let texts: Vec<String> = (0..64).map(|i| format!("{} fun {i}", ["good", "bad", "great"][i % 3])).collect();
    let want = expected(&bytes, &texts.iter().map(String::as_str).collect::<Vec<_>>());
    runtime().block_on(async {
        let mut tasks = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let (router, body) = (router.clone(), json!({ "texts": [t, t] }).to_string());
            tasks.push((i, tokio::spawn(async move { call(&router, "POST", "/predict", body).await })));
        }
        for (i, task) in tasks {
            let (s, body) = task.await.expect("task");
            assert_eq!(s, StatusCode::OK, "{body}");
            let got = body["predictions"].as_array().expect("list");
            assert!(got.len() == 2 && got.iter().all(|p| same(p, &want[i])), "{body} vs {}", want[i]);
        }
        let (_, health) = call(&router, "GET", "/health", Body::empty()).await;
        assert_eq!((health["requests"].as_u64(), health["inputs"].as_u64()), (Some(64), Some(128)), "{health}");
        assert!(health["batches"].as_u64().is_some_and(|b| (1..=64).contains(&b)), "{health}");
    });
}

#[test]
fn queued_requests_become_one_batch() {
    let bytes = text_model();
    let model = Model::from_bytes(&bytes, &Device::flex()).expect("loads");
    let (tx, rx) = mpsc::channel(64);
    let mut answers = Vec::new();
    for i in 0..10 {
        let (reply, answer) = oneshot::channel();
        let inputs = model.encoder().texts(&[&format!("good {i}")]).expect("encodes");
        tx.try_send(Job { inputs, reply }).map_err(|_| "full").expect("queued");
        answers.push(answer);
    }
    drop(tx);
    let stats = Arc::new(Stats::default());
    batcher(model, rx, 256, stats.clone());
    assert_eq!(stats.batches.load(Ordering::Relaxed), 1, "ten waiting requests, one forward pass");
    assert_eq!(stats.inputs.load(Ordering::Relaxed), 10);
    for a in answers {
        assert_eq!(a.blocking_recv().expect("answered").expect("predicted").len(), 1);
    }
}

#[test]
fn rows_and_images_are_scored() {
    let (tables, _) = app(table_model(), Device::flex(), &ServeOptions::default()).expect("app");
    let (images, _) = app(image_model(), Device::flex(), &ServeOptions::default()).expect("app");
    runtime().block_on(async {
        let rows = json!({ "rows": [{"size": 3, "colour": "red"}, {"size": "7", "colour": null}] });
        let (s, body) = call(&tables, "POST", "/predict", rows.to_string()).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let p = &body["predictions"][0];
        assert_eq!(
            p["probabilities"].as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        assert!(p.get("probability").is_none(), "three classes: no single probability");
        let (s, body) = call(&tables, "POST", "/predict", json!({"rows": [{"colour": "red"}]}).to_string()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(body["error"].as_str().is_some_and(|e| e.contains("no `size`")), "{body}");
        let imgs = json!({ "images": [png_base64(true), format!("data:image/png;base64,{}", png_base64(false))] });
        let (s, body) = call(&images, "POST", "/predict", imgs.to_string()).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert_eq!(body["predictions"].as_array().map(Vec::len), Some(2));
        for (bad, says) in [("%%%", "not base64"), ("aGVsbG8=", "not a readable PNG or JPEG")] {
            let (s, body) = call(&images, "POST", "/predict", json!({ "images": [bad] }).to_string()).await;
            assert_eq!(s, StatusCode::BAD_REQUEST);
            assert!(body["error"].as_str().is_some_and(|e| e.contains(says)), "{body}");
        }
    });
}

#[test]
fn bad_requests_get_4xx_with_a_message() {
    let options = ServeOptions { max_body_bytes: 4096, max_inputs: 5, ..ServeOptions::default() };
    let (router, _) = app(text_model(), Device::flex(), &options).expect("app");
    runtime().block_on(async {
        let big = json!({ "texts": ["x".repeat(5000)] }).to_string();
        let many = json!({ "texts": ["a", "b", "c", "d", "e", "f"] }).to_string();
        let cases: Vec<(&str, &str, String, StatusCode, &str)> = vec![
            ("POST", "/predict", "not json".into(), StatusCode::BAD_REQUEST, "not a prediction request"),
            ("POST", "/predict", "{}".into(), StatusCode::BAD_REQUEST, "no inputs"),
            ("POST", "/predict", json!({"texts": []}).to_string(), StatusCode::BAD_REQUEST, "no inputs"),
            (
                "POST",
                "/predict",
                json!({"texts": ["a"], "rows": [{}]}).to_string(),
                StatusCode::BAD_REQUEST,
                "exactly one",
            ),
            ("POST", "/predict", json!({"text": ["a"]}).to_string(), StatusCode::BAD_REQUEST, "unknown field"),
            ("POST", "/predict", json!({"texts": [1, 2]}).to_string(), StatusCode::BAD_REQUEST, "invalid type"),
            ("POST", "/predict", json!({"rows": [{"a": 1}]}).to_string(), StatusCode::BAD_REQUEST, "takes texts"),
            ("POST", "/predict", json!({"images": ["aGk="]}).to_string(), StatusCode::BAD_REQUEST, "takes texts"),
            ("POST", "/predict", many, StatusCode::PAYLOAD_TOO_LARGE, "more than the 5 allowed"),
            ("POST", "/predict", big, StatusCode::PAYLOAD_TOO_LARGE, "larger than this server accepts"),
            ("POST", "/nowhere", "{}".into(), StatusCode::NOT_FOUND, "no such route"),
        ];
        for (method, uri, body, status, says) in cases {
            let (s, answer) = call(&router, method, uri, body).await;
            assert_eq!(s, status, "{uri}: {answer}");
            assert!(answer["error"].as_str().is_some_and(|e| e.contains(says)), "{answer} should say {says}");
        }
        let (s, _) = call(&router, "GET", "/predict", Body::empty()).await;
        assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
        let (s, _) = call(&router, "GET", "/health", Body::empty()).await;
        assert_eq!(s, StatusCode::OK, "still serving");
    });
}
