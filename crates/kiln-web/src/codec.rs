//! JSON message codec for the worker bridge, with attachments. gloo's default (bincode) cannot
//! carry serde's internally tagged enums, which `ModelSpec` uses.
//!
//! Attachments: a message is JSON text, but an upload's `File` objects must reach the worker
//! without their contents being copied into the message. The page calls [`attach`] with a number
//! and a JS value (an array of `File`s) just before sending the command that names that number;
//! the next encoded message carries the pending attachments beside its JSON (`{json,
//! attachments: [[n, value], …]}`), which the browser passes on by structured clone (a `File` is a
//! handle: its bytes stay on disk). On the worker side [`Json::decode`] keeps them by number until
//! [`take_attachment`] is called. Keyed by number, so a message queued before the worker started
//! still finds its attachment.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_worker::Codec;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

thread_local! {
    /// Attachments waiting for the next encoded message (page side).
    static OUTGOING: RefCell<Vec<(u32, JsValue)>> = const { RefCell::new(Vec::new()) };
    /// Attachments received, by number, until taken (worker side).
    static INCOMING: RefCell<HashMap<u32, JsValue>> = RefCell::new(HashMap::new());
}

/// Sends `value` with the next message to the worker, under the number `id` (which the message
/// names, e.g. `DataSource::Files::attachment`).
pub fn attach(id: u32, value: JsValue) {
    OUTGOING.with(|o| o.borrow_mut().push((id, value)));
}

/// Takes the attachment numbered `id` that came with a message (worker side), if it came.
pub fn take_attachment(id: u32) -> Option<JsValue> {
    INCOMING.with(|i| i.borrow_mut().remove(&id))
}

/// Encodes worker messages as JSON strings (with an envelope when attachments are pending).
#[derive(Debug)]
pub struct Json;

impl Codec for Json {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Protocol types are plain data; serialising them cannot fail.
        let text = JsValue::from_str(&serde_json::to_string(&input).unwrap_or_default());
        let pending = OUTGOING.with(|o| std::mem::take(&mut *o.borrow_mut()));
        if pending.is_empty() {
            return text;
        }
        let list = js_sys::Array::new();
        for (id, value) in pending {
            list.push(&js_sys::Array::of2(&JsValue::from(id), &value));
        }
        let envelope = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&envelope, &"json".into(), &text);
        let _ = js_sys::Reflect::set(&envelope, &"attachments".into(), &list);
        envelope.into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let text = match input.as_string() {
            Some(text) => text,
            None => {
                if let Ok(list) = js_sys::Reflect::get(&input, &"attachments".into()) {
                    for pair in js_sys::Array::from(&list).iter() {
                        let pair = js_sys::Array::from(&pair);
                        if let Some(id) = pair.get(0).as_f64() {
                            INCOMING.with(|i| i.borrow_mut().insert(id as u32, pair.get(1)));
                        }
                    }
                }
                js_sys::Reflect::get(&input, &"json".into()).ok().and_then(|j| j.as_string()).unwrap_or_default()
            }
        };
        match serde_json::from_str(&text) {
            Ok(v) => v,
            // Both ends are built from the same protocol crate in one build: a mismatch is a
            // deployment bug (stale cached worker), not user input.
            Err(e) => panic!("worker message does not match the protocol (reload the page): {e}"),
        }
    }
}
