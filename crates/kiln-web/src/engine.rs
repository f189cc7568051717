//! Choosing the training engine inside the worker, in one place with one set of messages: probing
//! the browser's WebGPU adapter, initialising burn's wgpu runtime once for the page's life (a
//! second init panics in burn), and the Auto policy for each [`Purpose`] — a training run (no
//! adapter or a software one → CPU; a hardware adapter → time both engines on the model), teaching
//! mode (CPU) and benchmarks (the engine named).

use kiln_i18n::Msg;
use std::cell::RefCell;

use js_sys::{Promise, Reflect};
use kiln_core::{Engine, ModelSpec, TrainConfig};
use kiln_data::Splits;
use kiln_ml::{Device, Trainer};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the browser's WebGPU adapter is, as far as the page can tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Adapter {
    /// `navigator.gpu` is missing or `requestAdapter()` returned null / failed.
    Unavailable(String),
    /// An adapter exists.
    Present {
        /// `adapter.info.isFallbackAdapter`: a software implementation (e.g. SwiftShader).
        fallback: bool,
        /// Vendor / architecture / description, for the page.
        description: String,
    },
}

thread_local! {
    /// `tasks_max` for the WebGPU runtime when it is initialised (a benchmark may set it first).
    static TASKS_MAX: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    static ADAPTER: RefCell<Option<Adapter>> = const { RefCell::new(None) };
    static WGPU: RefCell<Option<Result<Device, String>>> = const { RefCell::new(None) };
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: JsValue) -> String {
    v.as_string().unwrap_or_default()
}

/// Probes `navigator.gpu.requestAdapter()` once and caches the answer.
pub async fn adapter() -> Adapter {
    if let Some(a) = ADAPTER.with(|c| c.borrow().clone()) {
        return a;
    }
    let a = probe().await;
    ADAPTER.with(|c| *c.borrow_mut() = Some(a.clone()));
    a
}

async fn probe() -> Adapter {
    let global = js_sys::global();
    let gpu = get(&get(&global, "navigator"), "gpu");
    if gpu.is_undefined() || gpu.is_null() {
        return Adapter::Unavailable("this browser has no WebGPU (navigator.gpu is missing)".into());
    }
    let request = get(&gpu, "requestAdapter");
    let Some(request) = request.dyn_ref::<js_sys::Function>() else {
        return Adapter::Unavailable("navigator.gpu.requestAdapter is missing".into());
    };
    let promise = match request.call0(&gpu) {
        Ok(p) => Promise::from(p),
        Err(_) => return Adapter::Unavailable("requestAdapter() threw".into()),
    };
    match JsFuture::from(promise).await {
        Ok(a) if !a.is_null() && !a.is_undefined() => {
            let info = get(&a, "info");
            let fallback = get(&info, "isFallbackAdapter").as_bool().unwrap_or(false)
                || get(&a, "isFallbackAdapter").as_bool().unwrap_or(false);
            let parts: Vec<String> = ["vendor", "architecture", "description"]
                .iter()
                .map(|k| text(get(&info, k)))
                .filter(|s| !s.is_empty())
                .collect();
            Adapter::Present { fallback, description: parts.join(" ") }
        }
        Ok(_) => Adapter::Unavailable("no adapter (the browser or machine does not offer WebGPU)".into()),
        Err(e) => Adapter::Unavailable(format!("requestAdapter() failed: {e:?}")),
    }
}

/// burn's wgpu device, initialised on first use and kept for the page's life.
///
/// # Errors
/// Why WebGPU cannot be used (no adapter, or burn's initialisation failed).
pub async fn wgpu_device() -> Result<Device, String> {
    if let Some(d) = WGPU.with(|c| c.borrow().clone()) {
        return d;
    }
    let result = match adapter().await {
        Adapter::Unavailable(why) => Err(why),
        Adapter::Present { .. } => init_wgpu().await,
    };
    WGPU.with(|c| *c.borrow_mut() = Some(result.clone()));
    result
}

/// Sets cubecl-wgpu's `tasks_max` (GPU tasks per command submission) for the WebGPU runtime,
/// if it is not initialised yet; ignored afterwards (it is set once per page).
pub fn set_wgpu_tasks_max(tasks: usize) {
    TASKS_MAX.with(|t| t.set(Some(tasks.max(1))));
}

#[cfg(target_arch = "wasm32")]
async fn init_wgpu() -> Result<Device, String> {
    let mut options = Device::wgpu_options();
    if let Some(n) = TASKS_MAX.with(std::cell::Cell::get) {
        options = options.tasks_max(n);
    }
    options.init_async().await.map_err(|e| format!("WebGPU initialisation failed: {e}"))
}

/// Host builds (tests, clippy) compile burn without its wgpu backend.
#[cfg(not(target_arch = "wasm32"))]
async fn init_wgpu() -> Result<Device, String> {
    Err("WebGPU is only compiled into the browser build".into())
}

/// What the engine is for: how `Auto` decides.
pub enum Purpose<'a> {
    /// A training run: with a hardware adapter, Auto times a few steps of this model on both
    /// engines ([`calibrate`]) and takes the faster.
    Train {
        /// The model to train.
        model: &'a ModelSpec,
        /// Its settings.
        config: &'a TrainConfig,
        /// The prepared data.
        data: &'a Splits,
    },
    /// Teaching mode's tiny network of `params` parameters: Auto takes the CPU (each GPU dispatch
    /// costs more than the whole step).
    Teach {
        /// Trainable parameters.
        params: usize,
    },
    /// A benchmark: the engine named (Auto means WebGPU).
    Bench,
}

/// The engine chosen, its device, and why (shown in the page).
pub struct Chosen {
    /// `Webgpu` or `Cpu`.
    pub engine: Engine,
    /// The device to train on.
    pub device: Device,
    /// Why, e.g. "CPU: WebGPU unavailable: no adapter", in the page's language.
    pub reason: Msg,
}

fn cpu(reason: Msg) -> Chosen {
    Chosen { engine: Engine::Cpu, device: Device::flex(), reason }
}

/// The message when WebGPU was asked for and cannot be used.
fn unavailable(why: &str) -> String {
    format!("WebGPU is not available here: {why}. Choose \"CPU\" or \"Auto\" in the engine menu.")
}

/// Resolves `requested` for `purpose`; `status` hears what takes time (measuring both engines).
///
/// # Errors
/// A clear message when WebGPU was asked for explicitly but is not available, or when measuring
/// the model fails.
pub async fn choose(requested: Engine, purpose: Purpose<'_>, mut status: impl FnMut(Msg)) -> Result<Chosen, String> {
    match (requested, purpose) {
        (Engine::Cpu, _) => Ok(cpu(Msg::new("train-engine-cpu-selected"))),
        (Engine::Webgpu, _) | (Engine::Auto, Purpose::Bench) => {
            let device = wgpu_device().await.map_err(|why| unavailable(&why))?;
            let reason = match adapter().await {
                Adapter::Present { description, fallback: true } => {
                    Msg::new("train-engine-webgpu-selected-software").arg("adapter", description)
                }
                Adapter::Present { description, fallback: false } => {
                    Msg::new("train-engine-webgpu-selected").arg("adapter", description)
                }
                Adapter::Unavailable(_) => Msg::new("train-engine-webgpu-selected").arg("adapter", String::new()),
            };
            Ok(Chosen { engine: Engine::Webgpu, device, reason })
        }
        (Engine::Auto, Purpose::Teach { params }) => {
            Ok(cpu(Msg::new("train-engine-cpu-tiny").arg("params", params.to_string())))
        }
        (Engine::Auto, Purpose::Train { model, config, data }) => match adapter().await {
            Adapter::Unavailable(why) => Ok(cpu(Msg::new("train-engine-cpu-unavailable").arg("why", why))),
            Adapter::Present { fallback: true, description } => {
                Ok(cpu(Msg::new("train-engine-cpu-software").arg("adapter", description)))
            }
            Adapter::Present { fallback: false, description } => match wgpu_device().await {
                Ok(gpu) => {
                    status(Msg::new("train-status-measuring"));
                    calibrate(model, config, data, gpu, &description).await
                }
                Err(why) => Ok(cpu(Msg::new("train-engine-cpu-unavailable").arg("why", why))),
            },
        },
    }
}

/// The worker's clock, `performance.now()` in milliseconds.
pub fn now_ms() -> f64 {
    let perf = get(&js_sys::global(), "performance");
    let now = get(&perf, "now");
    now.dyn_ref::<js_sys::Function>().and_then(|f| f.call0(&perf).ok()).and_then(|v| v.as_f64()).unwrap_or(0.0)
}

/// Times a few steps of the real model on each engine and picks the faster. Each engine first
/// takes `WARMUP` steps, each read back and followed by a turn of the event loop: kernels compile
/// then, and with burn's autotune the tuning results arrive only when the worker yields. Then
/// `STEPS` timed steps end in one read-back (the GPU queue drained), so both engines are timed
/// doing the same work with their best kernels.
///
/// # Errors
/// A message when the model cannot be built or a step fails.
async fn calibrate(
    model: &ModelSpec,
    config: &TrainConfig,
    data: &Splits,
    gpu: Device,
    description: &str,
) -> Result<Chosen, String> {
    const WARMUP: usize = 2;
    const STEPS: usize = 3;
    let cpu_device = Device::flex();
    let mut ms = [0.0f64; 2];
    for (slot, device) in [&cpu_device, &gpu].into_iter().enumerate() {
        let mut t = Trainer::from_splits(model, config, data, device).map_err(|e| e.to_string())?;
        let order = t.permutation(1);
        let batches = t.batches_per_epoch().max(1);
        for b in 0..WARMUP {
            let (loss, _) = t.step(&order, b % batches).map_err(|e| e.to_string())?;
            let _ = loss.into_data_async().await;
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        let t0 = now_ms();
        let mut last = None;
        for b in 0..STEPS {
            last = Some(t.step(&order, (WARMUP + b) % batches).map_err(|e| e.to_string())?.0);
        }
        if let Some(l) = last {
            let _ = l.into_data_async().await;
        }
        ms[slot] = (now_ms() - t0) / STEPS as f64;
    }
    let (cpu_ms, gpu_ms) = (ms[0], ms[1]);
    Ok(if gpu_ms < cpu_ms {
        Chosen {
            engine: Engine::Webgpu,
            device: gpu,
            reason: Msg::new("train-engine-webgpu-faster")
                .arg("gpu", format!("{gpu_ms:.1}"))
                .arg("cpu", format!("{cpu_ms:.1}"))
                .arg("adapter", description.to_owned()),
        }
    } else {
        cpu(Msg::new("train-engine-cpu-faster").arg("cpu", format!("{cpu_ms:.1}")).arg("gpu", format!("{gpu_ms:.1}")))
    })
}

/// The worker's memory for benchmark memory runs: the wasm memory's size in bytes (it only
/// grows, so a leak shows as growth) and the JavaScript heap in use
/// (`performance.memory.usedJSHeapSize`, Chromium only).
pub fn memory_bytes() -> (f64, Option<f64>) {
    let wasm = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| js_sys::ArrayBuffer::from(m.buffer()).byte_length() as f64)
        .unwrap_or(f64::NAN);
    let js = get(&get(&get(&js_sys::global(), "performance"), "memory"), "usedJSHeapSize").as_f64();
    (wasm, js)
}
