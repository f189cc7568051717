//! `kiln serve model.kiln`: predictions over HTTP (axum on tokio), 127.0.0.1 by default.
//!
//! | route | answer |
//! |---|---|
//! | `POST /predict` | body `{"texts": [...]}`, `{"rows": [{column: value}]}` or `{"images": [base64 PNG/JPEG]}` (a `data:` URL prefix is allowed) → `{"predictions": [...]}`, one object per input, the ones `kiln predict` prints |
//! | `GET /health` | `{"status": "ok", "requests", "batches", "inputs"}` (counts since start) |
//! | `GET /model` | spec, kind, task, classes, columns, metrics, data set, training settings |
//!
//! **Batching.** One thread owns the network (burn runs a model on the thread that holds it);
//! requests are encoded on tokio's threads (image decoding in `spawn_blocking`) and queued; the
//! model thread takes the first waiting request and every other one already queued (up to
//! `max_batch` inputs), scores them in one forward pass and answers each. Nothing waits for a
//! batch to fill, so a lone request is never delayed, and under load the batches grow by
//! themselves.
//!
//! **Limits and errors.** Bodies over `max_body_bytes` get 413, more than `max_inputs` inputs
//! 413, a full queue 503; a body that is not JSON, names no input or two kinds, has an empty
//! list or input this model does not take gets 400 with `{"error": "…"}`; unknown routes 404,
//! wrong methods 405. A panic in a handler becomes a 500 (tower-http's `CatchPanicLayer`) and
//! one in the model thread an error answer for that batch; the server keeps serving.

use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use kiln_data::{Encoder, Inputs};
use kiln_ml::{Device, Model, ModelMeta, Prediction};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use tokio::sync::{mpsc, oneshot};

/// Server settings (all have command-line flags).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on (127.0.0.1 unless asked otherwise).
    pub addr: SocketAddr,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Most inputs in one request.
    pub max_inputs: usize,
    /// Most inputs scored in one forward pass (several requests together).
    pub max_batch: usize,
    /// Most requests waiting for the model before new ones get 503.
    pub queue: usize,
}

impl Default for ServeOptions {
    /// 127.0.0.1:8000, 16 MiB bodies, 1,024 inputs a request, batches of 256, 1,024 waiting.
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 8000)),
            max_body_bytes: 16 << 20,
            max_inputs: 1024,
            max_batch: 256,
            queue: 1024,
        }
    }
}

/// Counts since the server started (shown by `GET /health`).
#[derive(Debug, Default)]
pub struct Stats {
    /// Answered `POST /predict` requests that reached the model.
    pub requests: AtomicUsize,
    /// Forward passes run.
    pub batches: AtomicUsize,
    /// Inputs scored.
    pub inputs: AtomicUsize,
}

/// One request waiting for the model.
struct Job {
    inputs: Inputs,
    reply: oneshot::Sender<Result<Vec<Prediction>, String>>,
}

#[derive(Clone)]
struct App {
    encoder: Arc<Encoder>,
    model_info: Arc<Value>,
    queue: mpsc::Sender<Job>,
    stats: Arc<Stats>,
    max_inputs: usize,
}

/// What `GET /model` answers.
fn model_info(meta: &ModelMeta) -> Value {
    json!({
        "format": meta.format,
        "version": meta.version,
        "kiln_version": meta.kiln_version,
        "dataset": meta.dataset,
        "kind": meta.preprocess.kind(),
        "task": meta.preprocess.task,
        "classes": meta.preprocess.class_names,
        "columns": meta.preprocess.columns(),
        "metrics": meta.metrics,
        "report": meta.report,
        "spec": meta.spec,
        "train": meta.train,
    })
}

/// The inputs of several requests as one batch (all of the model's one kind).
fn concat(parts: &[&Inputs]) -> Option<Inputs> {
    let mut it = parts.iter();
    let mut all = (*it.next()?).clone();
    for p in it {
        match (&mut all, p) {
            (Inputs::Tokens { ids, seq_len }, Inputs::Tokens { ids: more, seq_len: s }) if *s == *seq_len => {
                ids.extend_from_slice(more)
            }
            (Inputs::Features { values, width }, Inputs::Features { values: more, width: w }) if *w == *width => {
                values.extend_from_slice(more)
            }
            (Inputs::Images { pixels, .. }, Inputs::Images { pixels: more, .. }) => pixels.extend_from_slice(more),
            _ => return None,
        }
    }
    Some(all)
}

/// The model thread: takes the first waiting job and every job already queued (up to
/// `max_batch` inputs), scores them in one pass and answers each.
fn batcher(model: Model, mut rx: mpsc::Receiver<Job>, max_batch: usize, stats: Arc<Stats>) {
    while let Some(first) = rx.blocking_recv() {
        let mut rows = first.inputs.rows();
        let mut jobs = vec![first];
        while rows < max_batch {
            match rx.try_recv() {
                Ok(job) => {
                    rows += job.inputs.rows();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        let parts: Vec<&Inputs> = jobs.iter().map(|j| &j.inputs).collect();
        let result = match concat(&parts) {
            Some(all) => catch_unwind(AssertUnwindSafe(|| pollster::block_on(model.predict(&all))))
                .map_err(|_| "the model failed on this batch".to_owned())
                .and_then(|r| r.map_err(|e| e.to_string())),
            None => Err("requests of different input kinds were batched together".into()),
        };
        stats.batches.fetch_add(1, Ordering::Relaxed);
        stats.inputs.fetch_add(rows, Ordering::Relaxed);
        let mut predictions = result.map(Vec::into_iter);
        for job in jobs {
            let n = job.inputs.rows();
            let answer = match &mut predictions {
                Ok(all) => Ok(all.by_ref().take(n).collect()),
                Err(e) => Err(e.clone()),
            };
            let _ = job.reply.send(answer);
        }
    }
}

/// Loads the model on `device` in its own thread and builds the router.
///
/// # Errors
/// The model file's message, or a thread that could not start.
pub fn app(bytes: Vec<u8>, device: Device, options: &ServeOptions) -> Result<(Router, ModelMeta), String> {
    let (tx, rx) = mpsc::channel::<Job>(options.queue.max(1));
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(ModelMeta, Encoder), String>>();
    let stats = Arc::new(Stats::default());
    let (thread_stats, max_batch) = (stats.clone(), options.max_batch.max(1));
    std::thread::Builder::new()
        .name("kiln-model".into())
        .spawn(move || match Model::from_bytes(&bytes, &device) {
            Ok(model) => {
                let _ = ready_tx.send(Ok((model.meta().clone(), model.encoder().clone())));
                batcher(model, rx, max_batch, thread_stats);
            }
            Err(e) => {
                let _ = ready_tx.send(Err(e.to_string()));
            }
        })
        .map_err(|e| format!("could not start the model thread: {e}"))?;
    let (meta, encoder) = ready_rx.recv().map_err(|_| "the model thread stopped".to_owned())??;
    let state = App {
        encoder: Arc::new(encoder),
        model_info: Arc::new(model_info(&meta)),
        queue: tx,
        stats,
        max_inputs: options.max_inputs,
    };
    let router = Router::new()
        .route("/predict", post(predict))
        .route("/health", get(health))
        .route("/model", get(model))
        .fallback(|| async {
            error(StatusCode::NOT_FOUND, "no such route: use POST /predict, GET /health or GET /model")
        })
        .layer(axum::extract::DefaultBodyLimit::max(options.max_body_bytes))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            error(StatusCode::INTERNAL_SERVER_ERROR, "the server failed on this request")
        }))
        .with_state(state);
    Ok((router, meta))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], json!({ "error": message }).to_string()).into_response()
}

fn ok(body: &Value) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

async fn health(State(app): State<App>) -> Response {
    let s = &app.stats;
    ok(&json!({
        "status": "ok",
        "requests": s.requests.load(Ordering::Relaxed),
        "batches": s.batches.load(Ordering::Relaxed),
        "inputs": s.inputs.load(Ordering::Relaxed),
    }))
}

async fn model(State(app): State<App>) -> Response {
    ok(&app.model_info)
}

/// The body of `POST /predict`: exactly one of the three lists.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PredictRequest {
    texts: Option<Vec<String>>,
    rows: Option<Vec<Map<String, Value>>>,
    images: Option<Vec<String>>,
}

/// Decodes the request's inputs with the model's preprocessing.
fn encode(encoder: &Encoder, req: PredictRequest) -> Result<Inputs, String> {
    match (req.texts, req.rows, req.images) {
        (Some(texts), None, None) => {
            encoder.texts(&texts.iter().map(String::as_str).collect::<Vec<_>>()).map_err(|e| e.to_string())
        }
        (None, Some(rows), None) => encoder.rows(&rows).map_err(|e| e.to_string()),
        (None, None, Some(images)) => {
            let mut decoded = Vec::with_capacity(images.len());
            for (i, b64) in images.iter().enumerate() {
                let data = b64.split_once(";base64,").map_or(b64.as_str(), |(_, d)| d);
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(data.trim())
                    .map_err(|e| format!("image {} is not base64 ({e})", i + 1))?;
                decoded.push((format!("image {}", i + 1), bytes));
            }
            let named: Vec<(&str, &[u8])> = decoded.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            encoder.images(&named).map_err(|e| e.to_string())
        }
        _ => Err("give exactly one of \"texts\", \"rows\" or \"images\"".into()),
    }
}

async fn predict(State(app): State<App>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let status = e.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "the request body is larger than this server accepts (see --max-body-mb)".to_owned()
            } else {
                e.body_text()
            };
            return error(status, &message);
        }
    };
    let req: PredictRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("the body is not a prediction request: {e}")),
    };
    let count = [req.texts.as_ref().map(Vec::len), req.rows.as_ref().map(Vec::len), req.images.as_ref().map(Vec::len)]
        .into_iter()
        .flatten()
        .sum::<usize>();
    if count == 0 {
        return error(StatusCode::BAD_REQUEST, "the request has no inputs: give a non-empty list");
    }
    if count > app.max_inputs {
        let message =
            format!("{count} inputs in one request, more than the {} allowed (see --max-inputs)", app.max_inputs);
        return error(StatusCode::PAYLOAD_TOO_LARGE, &message);
    }
    let encoder = app.encoder.clone();
    let inputs = match tokio::task::spawn_blocking(move || encode(&encoder, req)).await {
        Ok(Ok(inputs)) => inputs,
        Ok(Err(message)) => return error(StatusCode::BAD_REQUEST, &message),
        Err(_) => return error(StatusCode::INTERNAL_SERVER_ERROR, "the server failed reading this request"),
    };
    let (reply, answer) = oneshot::channel();
    if app.queue.try_send(Job { inputs, reply }).is_err() {
        return error(StatusCode::SERVICE_UNAVAILABLE, "the server is busy: try again shortly");
    }
    match answer.await {
        Ok(Ok(predictions)) => {
            app.stats.requests.fetch_add(1, Ordering::Relaxed);
            ok(&json!({ "predictions": predictions }))
        }
        Ok(Err(message)) => error(StatusCode::INTERNAL_SERVER_ERROR, &message),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the model thread stopped"),
    }
}

/// Serves until Ctrl-C (tokio runtime with one worker thread per core, at most 8).
///
/// # Errors
/// The model file's message, an address that cannot be bound, or a server failure.
pub fn run(bytes: Vec<u8>, device: Device, options: &ServeOptions, say: &mut dyn FnMut(&str)) -> Result<(), String> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the server runtime: {e}"))?;
    runtime.block_on(async {
        let (router, meta) = app(bytes, device, options)?;
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        say(&format!(
            "serving a {} model ({}, classes: {}) on http://{addr} — POST /predict, GET /health, GET /model; Ctrl-C stops",
            meta.preprocess.kind(),
            meta.dataset,
            meta.preprocess.class_names.join(", ")
        ));
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("the server failed: {e}"))
    })
}

#[cfg(test)]
#[path = "serve_tests.rs"]
mod tests;
