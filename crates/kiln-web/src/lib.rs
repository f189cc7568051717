//! Kiln's browser front end: the only crate that knows yew, gloo and web-sys.
//!
//! Two wasm binaries come from it: `app` (the page: yew components and state, no training code
//! runs here) and `worker` (a Web Worker that owns burn, the data set and the model). They speak
//! the typed protocol of [`kiln_core::protocol`] through a JSON codec ([`codec::Json`]).

pub mod app;
pub mod bench_api;
pub mod codec;
pub mod components;
pub mod engine;
pub mod state;
pub mod teach_config;
pub mod worker;
