//! The training worker. Everything that touches burn runs here, never on the page's thread:
//! data preparation, engine choice, the training loop (yielding to the worker's event loop
//! between batches so Stop arrives at once), evaluation, prediction and benchmarks.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use kiln_core::Engine;
use kiln_core::protocol::{BenchRequest, Command, Event, TrainRequest};
use kiln_data::PreparedText;
use kiln_ml::eval::Evaluator;
use kiln_ml::{Device, Host, Trainer};

use crate::codec::Json;
use crate::engine::{self, Choice};

/// Registers the worker (called by the `worker` binary).
pub fn register() {
    console_error_panic_hook::set_once();
    TrainingWorker::registrar().encoding::<Json>().register();
}

/// The last trained model, kept for "Try it".
struct Trained {
    evaluator: Rc<Evaluator>,
    data: PreparedText,
}

#[derive(Default)]
struct Shared {
    busy: Cell<bool>,
    stop: Cell<bool>,
    trained: RefCell<Option<Trained>>,
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
            Command::Stop => shared.stop.set(true),
            Command::Predict { text } => {
                wasm_bindgen_futures::spawn_local(async move {
                    let event = predict(&shared, text).await;
                    scope.respond(id, event);
                });
            }
            Command::Train(_) | Command::Bench(_) if shared.busy.get() => {
                scope.respond(id, Event::Error("a run is already in progress: press Stop first".into()));
            }
            Command::Train(req) => {
                shared.busy.set(true);
                shared.stop.set(false);
                wasm_bindgen_futures::spawn_local(async move {
                    let mut host = WorkerHost::new(scope.clone(), id, shared.clone());
                    if let Err(message) = train(*req, &mut host, &shared).await {
                        scope.respond(id, Event::Error(message));
                    }
                    shared.busy.set(false);
                });
            }
            Command::Bench(req) => {
                shared.busy.set(true);
                shared.stop.set(false);
                wasm_bindgen_futures::spawn_local(async move {
                    let mut host = WorkerHost::new(scope.clone(), id, shared.clone());
                    let event = match bench(req, &mut host).await {
                        Ok(r) => Event::Bench(r),
                        Err(e) => Event::Error(e),
                    };
                    scope.respond(id, event);
                    shared.busy.set(false);
                });
            }
        }
    }
}

/// The loop's view of the worker: clock, events out, Stop flag, and a yield to the event loop.
struct WorkerHost {
    scope: WorkerScope<TrainingWorker>,
    id: HandlerId,
    shared: Rc<Shared>,
    last_yield: f64,
}

impl WorkerHost {
    fn new(scope: WorkerScope<TrainingWorker>, id: HandlerId, shared: Rc<Shared>) -> Self {
        WorkerHost { scope, id, shared, last_yield: engine::now_ms() }
    }
}

/// Yield at most this often: a zero-delay timer costs ~4 ms once nested, which would dominate
/// small CPU steps, while 20 ms keeps Stop effectively immediate.
const YIELD_EVERY_MS: f64 = 20.0;

impl Host for WorkerHost {
    fn now_ms(&self) -> f64 {
        engine::now_ms()
    }

    fn emit(&mut self, event: Event) {
        self.scope.respond(self.id, event);
    }

    fn stop_requested(&self) -> bool {
        self.shared.stop.get()
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
    host.emit(Event::Status("preparing data: tokenizing, building the vocabulary, splitting…".into()));
    let rows = kiln_data::reviews::parse_tsv(&req.data).map_err(|e| format!("{}: {e}", req.dataset))?;
    let data = kiln_data::prepare_text(&rows, &req.prep, &req.split, req.config.seed)
        .map_err(|e| format!("{}: {e}", req.dataset))?;
    host.emit(Event::DataReady {
        train: data.train.len(),
        validation: data.validation.len(),
        test: data.test.len(),
        vocab_size: data.vocab.len(),
    });
    let (engine, device, reason) = match engine::choose(req.config.engine).await? {
        Choice::Use { engine, device, reason } => (engine, device, reason),
        Choice::Calibrate { gpu, description } => {
            host.emit(Event::Status("measuring WebGPU and CPU on this model (compiling GPU kernels)…".into()));
            calibrate(&req, &data, gpu, description).await?
        }
    };
    host.emit(Event::EngineChosen { engine, reason });
    let mut trainer = Trainer::new(&req.model, &req.config, &data, &device).map_err(|e| e.to_string())?;
    if engine == Engine::Webgpu {
        host.emit(Event::Status("compiling GPU kernels… (the first batch takes a few seconds)".into()));
    } else {
        host.emit(Event::Status("training…".into()));
    }
    let outcome = trainer.fit(host).await;
    // Keep whatever was trained (also after Stop or divergence) for "Try it".
    *shared.trained.borrow_mut() = Some(Trained { evaluator: Rc::new(trainer.evaluator()), data });
    outcome.map(|_| ()).map_err(|e| e.to_string())
}

/// Times a few steps of the real model on each engine and picks the faster.
async fn calibrate(
    req: &TrainRequest,
    data: &PreparedText,
    gpu: Device,
    description: String,
) -> Result<(Engine, Device, String), String> {
    const STEPS: usize = 3;
    let cpu = Device::flex();
    let mut ms = [0.0f64; 2];
    for (slot, device) in [&cpu, &gpu].into_iter().enumerate() {
        let mut t = Trainer::new(&req.model, &req.config, data, device).map_err(|e| e.to_string())?;
        let order = t.permutation(1);
        // Warm-up step (kernel compilation, allocation), then timed steps ending in a read-back.
        let (loss, _) = t.step(&order, 0);
        let _ = loss.into_data_async().await;
        let t0 = engine::now_ms();
        let mut last = None;
        for b in 1..=STEPS.min(t.batches_per_epoch().saturating_sub(1)).max(1) {
            last = Some(t.step(&order, b % t.batches_per_epoch()).0);
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
            Some(t) => (t.data.encode(&text), t.evaluator.clone()),
            None => return Event::Error("train a model first, then try a sentence".into()),
        }
    };
    match evaluator.predict(&ids).await {
        Ok(p) => Event::Prediction { text, probability: p },
        Err(e) => Event::Error(e.to_string()),
    }
}

async fn bench(req: BenchRequest, host: &mut WorkerHost) -> Result<kiln_core::protocol::BenchResult, String> {
    let device = match req.engine {
        Engine::Cpu => Device::flex(),
        Engine::Webgpu | Engine::Auto => engine::wgpu_device().await?,
    };
    let label = if req.engine == Engine::Cpu { "cpu" } else { "webgpu" };
    kiln_ml::bench::run(&req.workload, label, req.epochs, &device, host).await.map_err(|e| e.to_string())
}
