//! Render and event counters for `window.kiln.renders()`, so the effect of a change on
//! re-rendering can be measured (`tests/browser/renders.mjs`). Each component function calls
//! [`rendered`] first thing; the worker bridge calls [`event`] when an event arrives. yew renders
//! in a microtask after a dispatch and each worker message is its own task, so the renders
//! counted between two arrivals are the ones the earlier event caused: `{"Batch": n,
//! "Batch>TrainPanel": k, …}` says that `n` Batch events re-rendered `TrainPanel` `k` times. A
//! map update per render: cheap enough to keep in release builds.

use std::cell::RefCell;
use std::collections::BTreeMap;

use kiln_protocol::Event;
use wasm_bindgen::prelude::*;

#[derive(Default)]
struct Counts {
    /// Totals by key: event kinds, `kind>Component` attributions, `render:Component`.
    totals: BTreeMap<String, u32>,
    /// The last event kind that arrived.
    last: Option<&'static str>,
    /// Renders since that arrival, by component.
    since: BTreeMap<&'static str, u32>,
}

thread_local! {
    static COUNTS: RefCell<Option<Counts>> = const { RefCell::new(None) };
}

fn with<R>(f: impl FnOnce(&mut Counts) -> R) -> R {
    COUNTS.with(|c| f(c.borrow_mut().get_or_insert_with(Counts::default)))
}

/// Counts one render of the component `name`.
pub fn rendered(name: &'static str) {
    with(|c| {
        *c.since.entry(name).or_insert(0) += 1;
        *c.totals.entry(format!("render:{name}")).or_insert(0) += 1;
    });
}

/// The variant's name, for the counters.
fn kind(event: &Event) -> &'static str {
    match event {
        Event::Batch { .. } => "Batch",
        Event::Epoch(_) => "Epoch",
        Event::Frame(_) => "Frame",
        Event::Status(_) => "Status",
        Event::Prediction { .. } => "Prediction",
        _ => "other",
    }
}

/// Counts one worker event reaching the page (by kind: `Batch`, `Epoch`, `Frame`, …), and
/// charges the renders since the previous arrival to the previous event.
pub fn event(event: &Event) {
    let kind = kind(event);
    with(|c| {
        let since = std::mem::take(&mut c.since);
        if let Some(last) = c.last {
            for (name, n) in since {
                *c.totals.entry(format!("{last}>{name}")).or_insert(0) += n;
            }
        }
        c.last = Some(kind);
        *c.totals.entry(kind.to_string()).or_insert(0) += 1;
    });
}

/// The counters as a JS object.
fn snapshot() -> JsValue {
    let o = js_sys::Object::new();
    with(|c| {
        for (k, v) in &c.totals {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from(*v));
        }
    });
    o.into()
}

/// Adds `renders()` to the `window.kiln` object.
pub fn install(kiln: &js_sys::Object) {
    let f = Closure::<dyn Fn() -> JsValue>::new(snapshot);
    let _ = js_sys::Reflect::set(kiln, &JsValue::from_str("renders"), f.as_ref());
    f.forget(); // lives for the page's life
}
