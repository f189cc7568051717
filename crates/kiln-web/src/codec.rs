//! JSON message codec for the worker bridge. gloo's default (bincode) cannot carry serde's
//! internally tagged enums, which `ModelSpec` uses.

use gloo_worker::Codec;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Encodes worker messages as JSON strings.
#[derive(Debug)]
pub struct Json;

impl Codec for Json {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Protocol types are plain data; serialising them cannot fail.
        JsValue::from_str(&serde_json::to_string(&input).unwrap_or_default())
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let text = input.as_string().unwrap_or_default();
        match serde_json::from_str(&text) {
            Ok(v) => v,
            // Both ends are built from the same protocol crate in one build: a mismatch is a
            // deployment bug (stale cached worker), not user input.
            Err(e) => panic!("worker message does not match the protocol (reload the page): {e}"),
        }
    }
}
