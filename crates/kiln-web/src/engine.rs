//! Choosing the training engine inside the worker: probing the browser's WebGPU adapter,
//! initialising burn's wgpu runtime once for the page's life (a second init panics in burn), and
//! the Auto policy.

use std::cell::RefCell;

use js_sys::{Promise, Reflect};
use kiln_core::Engine;
use kiln_ml::Device;
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

#[cfg(target_arch = "wasm32")]
async fn init_wgpu() -> Result<Device, String> {
    Device::wgpu_options().init_async().await.map_err(|e| format!("WebGPU initialisation failed: {e}"))
}

/// Host builds (tests, clippy) compile burn without its wgpu backend.
#[cfg(not(target_arch = "wasm32"))]
async fn init_wgpu() -> Result<Device, String> {
    Err("WebGPU is only compiled into the browser build".into())
}

/// The engine the user asked for, resolved to a device and a reason shown in the page.
pub enum Choice {
    /// Use this device.
    Use {
        /// `Webgpu` or `Cpu`.
        engine: Engine,
        /// The device to train on.
        device: Device,
        /// Why, e.g. "CPU: WebGPU unavailable: no adapter".
        reason: String,
    },
    /// Auto found a hardware adapter: the caller should measure both engines on the model.
    Calibrate {
        /// The WebGPU device.
        gpu: Device,
        /// Adapter description.
        description: String,
    },
}

/// Resolves `requested`.
///
/// # Errors
/// A clear message when WebGPU was asked for explicitly but is not available.
pub async fn choose(requested: Engine) -> Result<Choice, String> {
    match requested {
        Engine::Cpu => Ok(Choice::Use {
            engine: Engine::Cpu,
            device: Device::flex(),
            reason: "CPU: selected (burn's CPU backend compiled to WebAssembly)".into(),
        }),
        Engine::Webgpu => {
            let device = wgpu_device().await.map_err(|why| {
                format!("WebGPU is not available here: {why}. Choose \"CPU\" or \"Auto\" in the engine menu.")
            })?;
            let desc = match adapter().await {
                Adapter::Present { description, fallback } => {
                    format!("{}{}", description, if fallback { ", software adapter" } else { "" })
                }
                Adapter::Unavailable(_) => String::new(),
            };
            Ok(Choice::Use { engine: Engine::Webgpu, device, reason: format!("WebGPU: selected ({desc})") })
        }
        Engine::Auto => match adapter().await {
            Adapter::Unavailable(why) => Ok(Choice::Use {
                engine: Engine::Cpu,
                device: Device::flex(),
                reason: format!("CPU: WebGPU unavailable: {why}"),
            }),
            Adapter::Present { fallback: true, description } => Ok(Choice::Use {
                engine: Engine::Cpu,
                device: Device::flex(),
                reason: format!(
                    "CPU: the WebGPU adapter is a software renderer ({description}), slower than the CPU engine for a model this size"
                ),
            }),
            Adapter::Present { fallback: false, description } => match wgpu_device().await {
                Ok(gpu) => Ok(Choice::Calibrate { gpu, description }),
                Err(why) => Ok(Choice::Use {
                    engine: Engine::Cpu,
                    device: Device::flex(),
                    reason: format!("CPU: WebGPU unavailable: {why}"),
                }),
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
