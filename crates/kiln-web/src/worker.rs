//! The training worker. Everything that touches burn runs here, never on the page's thread:
//! data preparation, engine choice, the training loop (yielding to the worker's event loop
//! between batches so Stop arrives at once), evaluation, prediction and benchmarks.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use kiln_core::{Engine, LiveSettings};
use kiln_data::PreparedText;
use kiln_data::builtin::AssetKind;
use kiln_data::files::UploadedFile;
use kiln_data::id::DataId;
use kiln_data::source::Source;
use kiln_data::summary::SourceSummary;
use kiln_data::upload::{LoadStage, UploadOptions, cut_at_last_row};
use kiln_ml::eval::Evaluator;
use kiln_ml::teach::TeachSession;
use kiln_ml::{Control, Device, Host, MlError, Trainer};
use kiln_protocol::{BenchRequest, Command, DataSource, Event, FileInfo, TeachRequest, TrainRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::codec::{self, Json};
use crate::engine::{self, Choice};

/// Registers the worker (called by the `worker` binary).
pub fn register() {
    console_error_panic_hook::set_once();
    TrainingWorker::registrar().encoding::<Json>().register();
}

/// The last trained model, kept for "Try it".
struct Trained {
    evaluator: Rc<Evaluator>,
    /// The text preparation, for sentence data sets ("Try it").
    data: Option<PreparedText>,
}

/// A weight edit from the teaching mode's network diagram.
#[derive(Debug, Clone, Copy)]
struct WeightEdit {
    layer: usize,
    from: usize,
    to: usize,
    value: f32,
}

struct Shared {
    busy: Cell<bool>,
    /// What the page asked for last (Step is consumed by one batch, or one epoch in teach mode).
    control: Cell<Control>,
    /// Live settings waiting to be applied before the next batch.
    settings: Cell<Option<LiveSettings>>,
    /// Teaching-mode weight edits waiting to be applied.
    edits: RefCell<Vec<WeightEdit>>,
    trained: RefCell<Option<Trained>>,
    /// The trainer of a run that diverged, kept for "restore last good weights".
    diverged: RefCell<Option<(Trainer, Option<PreparedText>)>>,
    /// A Train/Teach that arrived during a run: it starts when that run has stopped.
    pending: RefCell<Option<(Command, HandlerId)>>,
    /// The loaded data set: its id and contents.
    data: RefCell<Option<(DataId, Rc<Source>)>>,
    /// The last upload that loaded: the browser's file objects (handles, not contents), to read
    /// again when a choice needs it (another image size).
    upload: RefCell<Option<HeldUpload>>,
}

/// An upload the worker can read again.
struct HeldUpload {
    /// Which upload.
    id: DataId,
    /// The `File` objects, in the order of `infos`.
    files: js_sys::Array,
    infos: Vec<FileInfo>,
    from_folder: bool,
    max_bytes: Option<u64>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            busy: Cell::new(false),
            control: Cell::new(Control::Run),
            settings: Cell::new(None),
            edits: RefCell::new(Vec::new()),
            trained: RefCell::new(None),
            diverged: RefCell::new(None),
            pending: RefCell::new(None),
            data: RefCell::new(None),
            upload: RefCell::new(None),
        }
    }
}

/// gloo worker state: flags shared with the running task.
pub struct TrainingWorker {
    shared: Rc<Shared>,
}

impl Worker for TrainingWorker {
    type Message = ();
    type Input = Command;
    type Output = Event;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        TrainingWorker { shared: Rc::new(Shared::default()) }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn connected(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        scope.respond(id, Event::Ready);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Command, id: HandlerId) {
        let shared = self.shared.clone();
        let scope = scope.clone();
        match msg {
            Command::LoadData(source) => {
                wasm_bindgen_futures::spawn_local(async move {
                    let event = load_data(&shared, source, &scope, id).await;
                    scope.respond(id, event);
                });
            }
            Command::Stop => shared.control.set(Control::Stop),
            Command::Pause if shared.busy.get() => shared.control.set(Control::Pause),
            Command::Resume if shared.busy.get() => shared.control.set(Control::Run),
            Command::Step if shared.busy.get() => shared.control.set(Control::Step),
            Command::Pause | Command::Resume | Command::Step => {
                scope.respond(id, Event::Error("nothing is training: press Train first".into()));
            }
            Command::UpdateSettings(live) => match live.validate() {
                Ok(()) if shared.busy.get() => shared.settings.set(Some(live)),
                // Not training: the page keeps the values and sends them with the next Train.
                Ok(()) => {}
                Err(e) => scope.respond(id, Event::Error(e)),
            },
            Command::SetWeight { layer, from, to, value } => {
                if value.is_finite() {
                    shared.edits.borrow_mut().push(WeightEdit { layer, from, to, value });
                } else {
                    scope.respond(id, Event::Error(format!("a weight must be a finite number, got {value}")));
                }
            }
            Command::RestoreLastGood => {
                wasm_bindgen_futures::spawn_local(async move {
                    for event in restore(&shared).await {
                        scope.respond(id, event);
                    }
                });
            }
            Command::Predict { text } => {
                wasm_bindgen_futures::spawn_local(async move {
                    let event = predict(&shared, text).await;
                    scope.respond(id, event);
                });
            }
            Command::Bench(_) if shared.busy.get() => {
                scope.respond(id, Event::Error("a run is already in progress: press Stop first".into()));
            }
            // A new Train or Teach while a run is going replaces it: stop the old run after its
            // batch, then start this one (e.g. Reset in teaching mode).
            cmd @ (Command::Train(_) | Command::Teach(_)) if shared.busy.get() => {
                shared.control.set(Control::Stop);
                *shared.pending.borrow_mut() = Some((cmd, id));
            }
            cmd @ (Command::Train(_) | Command::Teach(_) | Command::Bench(_)) => launch(shared, scope, cmd, id),
        }
    }
}

/// Runs a Train, Teach or Bench command as the worker's one task, then whatever replaced it.
fn launch(shared: Rc<Shared>, scope: WorkerScope<TrainingWorker>, cmd: Command, id: HandlerId) {
    start(&shared);
    wasm_bindgen_futures::spawn_local(async move {
        let mut host = WorkerHost::new(scope.clone(), id, shared.clone());
        let result = match cmd {
            Command::Train(req) => train(*req, &mut host, &shared).await,
            Command::Teach(req) => teach(*req, &mut host, &shared).await,
            Command::Bench(req) => bench(req, &mut host).await.map(|r| scope.respond(id, Event::Bench(r))),
            _ => Ok(()),
        };
        if let Err(message) = result {
            scope.respond(id, Event::Error(message));
        }
        shared.busy.set(false);
        let next = shared.pending.borrow_mut().take();
        if let Some((cmd, id)) = next {
            launch(shared, scope, cmd, id);
        }
    });
}

/// Marks the worker busy with a fresh run: no stale Stop, settings or edits.
fn start(shared: &Shared) {
    shared.busy.set(true);
    shared.control.set(Control::Run);
    shared.settings.set(None);
    shared.edits.borrow_mut().clear();
    shared.diverged.borrow_mut().take();
}

/// The loop's view of the worker: clock, events out, Stop flag, and a yield to the event loop.
struct WorkerHost {
    scope: WorkerScope<TrainingWorker>,
    id: HandlerId,
    shared: Rc<Shared>,
    last_yield: f64,
    /// When the last `Batch` event went out (they are thinned to one per `BATCH_EVERY_MS`).
    last_batch: f64,
    /// Teaching mode: per-batch and per-epoch events are not sent (frames carry the metrics).
    quiet: bool,
}

impl WorkerHost {
    fn new(scope: WorkerScope<TrainingWorker>, id: HandlerId, shared: Rc<Shared>) -> Self {
        WorkerHost { scope, id, shared, last_yield: engine::now_ms(), last_batch: f64::NEG_INFINITY, quiet: false }
    }
}

/// Yield at most this often: a zero-delay timer costs ~4 ms once nested, which would dominate
/// small CPU steps, while 20 ms keeps Stop effectively immediate.
const YIELD_EVERY_MS: f64 = 20.0;

/// Least time between two `Batch` events sent to the page.
const BATCH_EVERY_MS: f64 = 50.0;

impl Host for WorkerHost {
    fn now_ms(&self) -> f64 {
        engine::now_ms()
    }

    fn emit(&mut self, event: Event) {
        match event {
            Event::Batch { .. } | Event::Epoch(_) | Event::Status(_) if self.quiet => {}
            Event::Batch { batch, batches, .. } if batch < batches => {
                // Small models report hundreds of batch groups a second: thin them so the page
                // re-renders at a sane rate (the epoch's last batch always goes out).
                let now = engine::now_ms();
                if now - self.last_batch >= BATCH_EVERY_MS {
                    self.last_batch = now;
                    self.scope.respond(self.id, event);
                }
            }
            other => self.scope.respond(self.id, other),
        }
    }

    fn control(&mut self) -> Control {
        match self.shared.control.get() {
            Control::Step => {
                self.shared.control.set(Control::Pause);
                Control::Step
            }
            other => other,
        }
    }

    fn take_settings(&mut self) -> Option<LiveSettings> {
        self.shared.settings.take()
    }

    async fn idle(&mut self) {
        gloo_timers::future::TimeoutFuture::new(30).await;
        self.last_yield = engine::now_ms();
    }

    async fn yield_now(&mut self) {
        let now = engine::now_ms();
        if now - self.last_yield >= YIELD_EVERY_MS {
            gloo_timers::future::TimeoutFuture::new(0).await;
            self.last_yield = engine::now_ms();
        }
    }
}

async fn train(req: TrainRequest, host: &mut WorkerHost, shared: &Shared) -> Result<(), String> {
    let source = match shared.data.borrow().as_ref() {
        Some((id, source)) if *id == req.dataset => source.clone(),
        Some((id, _)) => return Err(format!("the worker holds {id}, not {}: choose the data set again", req.dataset)),
        None => return Err("no data set is loaded yet: wait for it, or choose one".into()),
    };
    host.emit(Event::Status("preparing data: encoding, splitting…".into()));
    let prepared =
        source.prepare(&req.prep, &req.split, req.config.seed).map_err(|e| format!("{}: {e}", req.dataset))?;
    let splits = prepared.splits;
    host.emit(Event::DataReady {
        train: splits.train.len(),
        validation: splits.validation.len(),
        test: splits.test.len(),
        vocab_size: prepared.text.as_ref().map_or(0, |t| t.vocab.len()),
    });
    let (engine, device, reason) = match engine::choose(req.config.engine).await? {
        Choice::Use { engine, device, reason } => (engine, device, reason),
        Choice::Calibrate { gpu, description } => {
            host.emit(Event::Status("measuring WebGPU and CPU on this model (compiling GPU kernels)…".into()));
            calibrate(&req, &splits, gpu, description).await?
        }
    };
    host.emit(Event::EngineChosen { engine, reason });
    let mut trainer = Trainer::from_splits(&req.model, &req.config, &splits, &device).map_err(|e| e.to_string())?;
    if engine == Engine::Webgpu {
        host.emit(Event::Status("compiling GPU kernels… (the first batch takes a few seconds)".into()));
    } else {
        host.emit(Event::Status("training…".into()));
    }
    let outcome = trainer.fit(host).await;
    // Keep whatever was trained (also after Stop or divergence) for "Try it".
    let data = prepared.text;
    *shared.trained.borrow_mut() = Some(Trained { evaluator: Rc::new(trainer.evaluator()), data: data.clone() });
    match outcome {
        Ok(_) => Ok(()),
        Err(e @ MlError::NonFinite { .. }) => {
            let can_restore = trainer.has_last_good();
            host.emit(Event::Diverged { message: e.to_string(), can_restore });
            *shared.diverged.borrow_mut() = Some((trainer, data));
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// The message of a JS error value, without its stack.
fn js_message(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Fetches an asset from the page's assets folder (`base_url` ends with `/`).
async fn fetch_bytes(base_url: &str, file: &str) -> Result<Vec<u8>, String> {
    let scope: web_sys::WorkerGlobalScope =
        js_sys::global().dyn_into().map_err(|_| "not running in a worker".to_string())?;
    let url = format!("{base_url}{file}");
    let resp = JsFuture::from(scope.fetch_with_str(&url))
        .await
        .map_err(|e| format!("could not fetch {url}: {}", js_message(&e)))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| format!("{url}: not a response"))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {} (was the data set built? run scripts/fetch-datasets.sh)", resp.status()));
    }
    let body = resp.array_buffer().map_err(|e| js_message(&e))?;
    let buf = JsFuture::from(body).await.map_err(|e| format!("could not read {url}: {}", js_message(&e)))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Sends [`Event::LoadProgress`] at most every `PROGRESS_EVERY_MS` (and always when the stage
/// changes), so a folder of thousands of small files does not flood the page.
struct ProgressOut<'a> {
    scope: &'a WorkerScope<TrainingWorker>,
    id: HandlerId,
    last: f64,
    /// The last event sent: stage, done, total.
    sent: Option<(LoadStage, u64, u64)>,
}

/// Least time between two progress events.
const PROGRESS_EVERY_MS: f64 = 50.0;

impl ProgressOut<'_> {
    fn send(&mut self, stage: LoadStage, done: u64, total: u64) {
        let now = engine::now_ms();
        let same_stage = self.sent.is_some_and(|(s, _, _)| s == stage);
        if self.sent == Some((stage, done, total))
            || (same_stage && now - self.last < PROGRESS_EVERY_MS && done < total)
        {
            return;
        }
        self.sent = Some((stage, done, total));
        self.last = now;
        self.scope.respond(self.id, Event::LoadProgress { stage, done, total });
    }
}

/// Bytes read from a file per step (each step is one `Blob.slice(…).arrayBuffer()`): small
/// enough for a progress bar that moves on a few-MB file, large enough that the steps' own cost
/// does not count.
const CHUNK_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// Reads the picked files in chunks, reporting progress; a single table file past `max_bytes` is
/// read only that far and cut after its last whole row.
async fn read_files(
    files: &js_sys::Array,
    infos: &[FileInfo],
    max_bytes: Option<u64>,
    progress: &mut ProgressOut<'_>,
) -> Result<Vec<UploadedFile>, String> {
    if files.length() as usize != infos.len() {
        return Err("the chosen files did not reach the training engine: choose them again".into());
    }
    let limit = max_bytes.map_or(f64::INFINITY, |m| m as f64);
    let total: f64 = infos.iter().map(|f| (f.size as f64).min(limit)).sum();
    let mut done = 0.0;
    let mut out = Vec::with_capacity(infos.len());
    progress.send(LoadStage::Reading, 0, total as u64);
    for (file, info) in files.iter().zip(infos) {
        let blob: web_sys::Blob = file.dyn_into().map_err(|_| format!("{}: not a file", info.path))?;
        let size = blob.size().min(limit);
        let mut bytes = Vec::with_capacity(size as usize);
        let mut at = 0.0;
        while at < size {
            let end = (at + CHUNK_BYTES).min(size);
            let part = blob
                .slice_with_f64_and_f64(at, end)
                .map_err(|e| format!("{}: the browser could not read the file ({})", info.path, js_message(&e)))?;
            let buf = JsFuture::from(part.array_buffer())
                .await
                .map_err(|e| format!("{}: the browser could not read the file ({})", info.path, js_message(&e)))?;
            let chunk = js_sys::Uint8Array::new(&buf);
            let start = bytes.len();
            bytes.resize(start + chunk.length() as usize, 0);
            chunk.copy_to(&mut bytes[start..]);
            done += end - at;
            at = end;
            progress.send(LoadStage::Reading, done as u64, total as u64);
        }
        if blob.size() > size {
            let whole = cut_at_last_row(&bytes).len();
            bytes.truncate(whole);
        }
        out.push(UploadedFile { path: info.path.clone(), bytes });
    }
    Ok(out)
}

/// Reads the held upload's files and builds the data set with `options`.
async fn read_upload(
    held: &HeldUpload,
    options: &UploadOptions,
    progress: &mut ProgressOut<'_>,
) -> Result<Source, String> {
    let files = read_files(&held.files, &held.infos, held.max_bytes, progress).await?;
    Source::upload(files, held.from_folder, options, &mut |stage, done, total| progress.send(stage, done, total))
        .map_err(|e| e.to_string())
}

/// Loads a data set and keeps it for the next Train; a failure keeps the previous one. Uploads
/// send [`Event::LoadProgress`] while they are read.
async fn load_data(
    shared: &Shared,
    source: DataSource,
    scope: &WorkerScope<TrainingWorker>,
    handler: HandlerId,
) -> Event {
    let mut progress = ProgressOut { scope, id: handler, last: f64::NEG_INFINITY, sent: None };
    let mut held = None;
    let (id, name, loaded) = match source {
        DataSource::Builtin { id, base_url } => {
            let Some(info) = kiln_data::builtin::find(&id) else {
                let message = format!("there is no built-in data set {id:?}");
                return Event::DataFailed { id: DataId::Builtin(id), message };
            };
            let loaded = async {
                let main = fetch_bytes(&base_url, info.asset).await?;
                let labels = match info.kind {
                    AssetKind::IdxImages { labels } => Some(fetch_bytes(&base_url, labels).await?),
                    _ => None,
                };
                Source::builtin(info.kind, &main, labels.as_deref()).map_err(|e| e.to_string())
            }
            .await;
            (DataId::Builtin(id), info.name.to_string(), loaded)
        }
        DataSource::Files { name, files: infos, attachment, from_folder, max_bytes, options } => {
            let id = DataId::Upload(name.clone());
            let Some(files) = codec::take_attachment(attachment) else {
                return Event::DataFailed {
                    id,
                    message: "the chosen files did not reach the training engine: choose them again".into(),
                };
            };
            let upload =
                HeldUpload { id: id.clone(), files: js_sys::Array::from(&files), infos, from_folder, max_bytes };
            let loaded = read_upload(&upload, &options, &mut progress).await;
            held = Some(upload);
            (id, name, loaded)
        }
        DataSource::Reconfigure(options) => {
            let current = shared.data.borrow().clone();
            let Some((id, source)) = current.filter(|(id, _)| id.is_upload()) else {
                return Event::DataFailed {
                    id: DataId::Upload(String::new()),
                    message: "there is no uploaded data set to change: choose a file again".into(),
                };
            };
            let name = id.name().to_string();
            let loaded = match source.reconfigure(&options) {
                Some(src) => Ok(src),
                None => {
                    let upload = shared.upload.borrow_mut().take();
                    match upload.filter(|u| u.id == id) {
                        Some(u) => {
                            let loaded = read_upload(&u, &options, &mut progress).await;
                            held = Some(u);
                            loaded
                        }
                        None => Err("the files are no longer at hand: choose them again".into()),
                    }
                }
            };
            (id, name, loaded)
        }
    };
    if loaded.is_ok() {
        progress.send(LoadStage::Checking, 0, 0);
    }
    let summary = loaded.and_then(|src| src.summary().map(|s| (src, s)).map_err(|e| e.to_string()));
    match summary {
        Ok((src, mut summary)) => {
            if let Some(h) = &held {
                sample_notice(h, &mut summary);
            }
            *shared.data.borrow_mut() = Some((id.clone(), Rc::new(src)));
            if let Some(h) = held {
                *shared.upload.borrow_mut() = Some(h);
            }
            Event::DataLoaded { id, name, summary: Box::new(summary) }
        }
        Err(message) => {
            // A failed re-read keeps the files for the next try.
            if let Some(h) = held.filter(|h| shared.upload.borrow().is_none() && h.id == id) {
                *shared.upload.borrow_mut() = Some(h);
            }
            Event::DataFailed { id, message }
        }
    }
}

/// Says when only the start of a file was read.
fn sample_notice(held: &HeldUpload, summary: &mut SourceSummary) {
    let Some(limit) = held.max_bytes else { return };
    if let Some(f) = held.infos.iter().find(|f| f.size > limit) {
        summary.notices.insert(
            0,
            format!(
                "only the first {} MB of the {} MB file were read ({} rows): a sample, not the whole file",
                limit >> 20,
                f.size >> 20,
                summary.rows
            ),
        );
    }
}

/// Puts back the last good weights of a diverged run and reports its test metrics.
async fn restore(shared: &Shared) -> Vec<Event> {
    let Some((mut trainer, data)) = shared.diverged.borrow_mut().take() else {
        return vec![Event::Error("there are no saved weights to restore: train again".into())];
    };
    let Some((epoch, batch)) = trainer.restore_last_good() else {
        return vec![Event::Error(
            "no weights from before the divergence were saved: lower the learning rate and train again".into(),
        )];
    };
    let mut events = vec![Event::Restored { epoch, batch }];
    match trainer.test_metrics().await {
        Ok(test) => events.push(Event::Finished { test, stopped: true }),
        Err(e) => events.push(Event::Error(e.to_string())),
    }
    *shared.trained.borrow_mut() = Some(Trained { evaluator: Rc::new(trainer.evaluator()), data });
    events
}

/// Teaching mode: plays epochs until Stop, pausing and stepping (one epoch) on request, applying
/// weight edits and live settings, and sending a frame after each epoch (at most every
/// `FRAME_EVERY_MS`) and after each edit.
async fn teach(req: TeachRequest, host: &mut WorkerHost, shared: &Shared) -> Result<(), String> {
    /// Minimum time between two frames while playing (~16 frames per second). Measured with the
    /// spiral 2-8-8-1 net: a frame costs ~3 % of the worker's time at 8 frames/s, and decoding and
    /// painting it leaves the page's thread over 95 % idle.
    const FRAME_EVERY_MS: f64 = 60.0;
    let (engine, device, reason) = match req.config.engine {
        Engine::Webgpu => {
            let device = engine::wgpu_device()
                .await
                .map_err(|e| format!("WebGPU is not available here: {e}. Choose \"CPU\" or \"Auto\""))?;
            (Engine::Webgpu, device, "WebGPU: selected".to_string())
        }
        _ => {
            let params = req.model.summary().map(|s| s.total_params).unwrap_or(0);
            let why = if req.config.engine == Engine::Cpu {
                "CPU: selected".to_string()
            } else {
                format!("CPU: a {params}-parameter network is tiny, so per-step GPU dispatch overhead would dominate")
            };
            (Engine::Cpu, Device::flex(), why)
        }
    };
    host.emit(Event::EngineChosen { engine, reason });
    host.quiet = true;
    let (mut session, data) = TeachSession::new(&req, &device).map_err(|e| e.to_string())?;
    host.emit(Event::TeachData(data));
    let frame = session.frame().await.map_err(|e| e.to_string())?;
    host.emit(Event::Frame(Box::new(frame)));
    let mut last_frame = engine::now_ms();
    let mut paused_sent = false;
    if req.start_paused && shared.control.get() == Control::Run {
        shared.control.set(Control::Pause);
    }
    loop {
        let edits: Vec<WeightEdit> = shared.edits.borrow_mut().drain(..).collect();
        if !edits.is_empty() {
            for e in edits {
                session.trainer_mut().network_mut().set_dense_weight(e.layer, e.from, e.to, e.value);
            }
            let frame = session.frame().await.map_err(|e| e.to_string())?;
            host.emit(Event::Frame(Box::new(frame)));
        }
        if let Some(live) = shared.settings.take()
            && let Err(e) = session.trainer_mut().apply_settings(live)
        {
            host.emit(Event::Error(e.to_string()));
        }
        let step = match shared.control.get() {
            Control::Stop => break,
            Control::Pause => {
                if !paused_sent {
                    paused_sent = true;
                    let t = session.trainer();
                    host.emit(Event::Paused { epoch: t.epochs_done(), batch: 0, batches: t.batches_per_epoch() });
                }
                gloo_timers::future::TimeoutFuture::new(30).await;
                continue;
            }
            Control::Step => {
                shared.control.set(Control::Run);
                true
            }
            Control::Run => false,
        };
        paused_sent = false;
        match session.trainer_mut().run_epoch(host).await {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e @ MlError::NonFinite { .. }) => {
                host.emit(Event::Diverged { message: e.to_string(), can_restore: false });
                return Ok(());
            }
            Err(e) => return Err(e.to_string()),
        }
        if step {
            shared.control.set(Control::Pause);
        }
        let now = engine::now_ms();
        if step || now - last_frame >= FRAME_EVERY_MS || shared.control.get() != Control::Run {
            let frame = session.frame().await.map_err(|e| e.to_string())?;
            host.emit(Event::Frame(Box::new(frame)));
            last_frame = engine::now_ms();
        }
    }
    let frame = session.frame().await.map_err(|e| e.to_string())?;
    host.emit(Event::Frame(Box::new(frame)));
    Ok(())
}

/// Times a few steps of the real model on each engine and picks the faster.
async fn calibrate(
    req: &TrainRequest,
    data: &kiln_data::Splits,
    gpu: Device,
    description: String,
) -> Result<(Engine, Device, String), String> {
    const STEPS: usize = 3;
    let cpu = Device::flex();
    let mut ms = [0.0f64; 2];
    for (slot, device) in [&cpu, &gpu].into_iter().enumerate() {
        let mut t = Trainer::from_splits(&req.model, &req.config, data, device).map_err(|e| e.to_string())?;
        let order = t.permutation(1);
        // Warm-up step (kernel compilation, allocation), then timed steps ending in a read-back.
        let (loss, _) = t.step(&order, 0).map_err(|e| e.to_string())?;
        let _ = loss.into_data_async().await;
        let t0 = engine::now_ms();
        let mut last = None;
        for b in 1..=STEPS.min(t.batches_per_epoch().saturating_sub(1)).max(1) {
            last = Some(t.step(&order, b % t.batches_per_epoch()).map_err(|e| e.to_string())?.0);
        }
        if let Some(l) = last {
            let _ = l.into_data_async().await;
        }
        ms[slot] = (engine::now_ms() - t0) / STEPS as f64;
    }
    let (cpu_ms, gpu_ms) = (ms[0], ms[1]);
    Ok(if gpu_ms < cpu_ms {
        (
            Engine::Webgpu,
            gpu,
            format!("WebGPU: faster for this model ({gpu_ms:.1} vs {cpu_ms:.1} ms/step on {description})"),
        )
    } else {
        (Engine::Cpu, cpu, format!("CPU: faster for this model ({cpu_ms:.1} vs {gpu_ms:.1} ms/step on WebGPU)"))
    })
}

async fn predict(shared: &Shared, text: String) -> Event {
    let (ids, evaluator) = {
        let trained = shared.trained.borrow();
        match trained.as_ref() {
            Some(Trained { data: Some(d), evaluator }) => (d.encode(&text), evaluator.clone()),
            Some(_) => {
                return Event::Error(
                    "\"Try it\" takes a sentence: it works for models trained on a sentence data set".into(),
                );
            }
            None => return Event::Error("train a model first, then try a sentence".into()),
        }
    };
    match evaluator.predict(&ids).await {
        Ok(p) => Event::Prediction { text, probability: p },
        Err(e) => Event::Error(e.to_string()),
    }
}

async fn bench(req: BenchRequest, host: &mut WorkerHost) -> Result<kiln_protocol::BenchResult, String> {
    let device = match req.engine {
        Engine::Cpu => Device::flex(),
        Engine::Webgpu | Engine::Auto => engine::wgpu_device().await?,
    };
    let label = if req.engine == Engine::Cpu { "cpu" } else { "webgpu" };
    kiln_ml::bench::run(&req.workload, label, req.epochs, &device, host).await.map_err(|e| e.to_string())
}
