//! `window.kiln`: `bench({workload, backend, epochs, steps, tasks_max})` runs a benchmark workload
//! in the training worker and resolves to `{workload, backend, samples_per_s, steps_per_s, loss,
//! memory}`, so Kiln can be measured beside the TensorFlow.js peer in the same browser; each call
//! is its own run and is settled only by that run's result or error. With `steps`, a memory run:
//! `memory` is `[[step, wasm bytes, JS heap bytes | null], ...]`. `renders()` gives the render
//! counters ([`crate::renders`]). The first reply from the worker also sets the
//! `kiln-worker-ready` performance mark (the benchmark reads it: milliseconds from navigation
//! until the worker answered).

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Function, Object, Promise, Reflect};
use kiln_core::Engine;
use kiln_protocol::{BenchRequest, Command, Event, Reply, RunId};
use wasm_bindgen::prelude::*;

use crate::link;

thread_local! {
    /// (resolve, reject) of benchmark promises waiting for the worker, by run.
    static PENDING: RefCell<HashMap<RunId, (Function, Function)>> = RefCell::new(HashMap::new());
}

fn field(opts: &JsValue, key: &str) -> JsValue {
    Reflect::get(opts, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn bench(opts: JsValue) -> Promise {
    let workload = field(&opts, "workload").as_string().unwrap_or_else(|| "sentiment-seed".into());
    let backend = field(&opts, "backend").as_string().unwrap_or_else(|| "webgpu".into());
    let epochs = field(&opts, "epochs").as_f64().unwrap_or(2.0).clamp(1.0, 100.0) as usize;
    let steps = field(&opts, "steps").as_f64().map(|s| s.clamp(10.0, 1e7) as usize);
    let tasks_max = field(&opts, "tasks_max").as_f64().map(|n| n.clamp(1.0, 4096.0) as usize);
    Promise::new(&mut |resolve, reject| {
        let engine = match Engine::parse(&backend) {
            Some(e @ (Engine::Webgpu | Engine::Cpu)) => e,
            _ => {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("backend must be \"webgpu\" or \"cpu\""));
                return;
            }
        };
        let run = link::next_run();
        PENDING.with(|p| p.borrow_mut().insert(run, (resolve, reject)));
        link::send(run, Command::Bench(BenchRequest { workload: workload.clone(), engine, epochs, steps, tasks_max }));
    })
}

thread_local! {
    /// Whether the worker has sent anything yet.
    static WORKER_SEEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sets the `kiln-worker-ready` performance mark at the worker's first reply.
fn mark_worker_ready() {
    if WORKER_SEEN.with(|s| s.replace(true)) {
        return;
    }
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark("kiln-worker-ready");
    }
}

/// Settles the benchmark promise of `reply`'s run with its `Bench` result or its `Error`; replies
/// of other runs are not a benchmark's.
pub fn on_reply(reply: &Reply) {
    mark_worker_ready();
    let settle = |ok: bool, value: JsValue| {
        if let Some((resolve, reject)) = PENDING.with(|p| p.borrow_mut().remove(&reply.run)) {
            let f = if ok { resolve } else { reject };
            let _ = f.call1(&JsValue::NULL, &value);
        }
    };
    match &reply.event {
        Event::Bench(r) => {
            let o = Object::new();
            let set = |k: &str, v: JsValue| {
                let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
            };
            set("workload", JsValue::from_str(&r.workload));
            set("backend", JsValue::from_str(&r.backend));
            set("samples_per_s", JsValue::from_f64(r.samples_per_s));
            set("steps_per_s", JsValue::from_f64(r.steps_per_s));
            set("loss", JsValue::from_f64(r.loss));
            let memory = js_sys::Array::new();
            for m in &r.memory {
                let heap = m.js_heap_bytes.map_or(JsValue::NULL, JsValue::from_f64);
                memory.push(&js_sys::Array::of3(&JsValue::from(m.step as f64), &JsValue::from_f64(m.bytes), &heap));
            }
            set("memory", memory.into());
            settle(true, o.into());
        }
        Event::Error(e) => settle(false, JsValue::from_str(&kiln_i18n::english(e))),
        _ => {}
    }
}

/// Defines `window.kiln` (`bench`, `renders`).
pub fn install() {
    let Some(window) = web_sys::window() else { return };
    let kiln = Object::new();
    let f = Closure::<dyn Fn(JsValue) -> Promise>::new(bench);
    let _ = Reflect::set(&kiln, &JsValue::from_str("bench"), f.as_ref());
    f.forget(); // lives for the page's life
    crate::renders::install(&kiln);
    let _ = Reflect::set(&window, &JsValue::from_str("kiln"), &kiln);
}
