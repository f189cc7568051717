//! Kiln's browser front end: the only crate that knows yew, gloo and web-sys.
//!
//! Two wasm binaries come from it: `app` (the page: yew components and state, no training code
//! runs here) and `worker` (a Web Worker that owns burn, the data set and the model). They speak
//! the typed protocol of [`kiln_protocol`] — every request and event naming its run — through a
//! JSON codec ([`codec::Json`]).
//!
//! The page: [`app`] lays out the panels ([`components`]), each given the slices of the page
//! state it shows ([`state`]); [`link`] sends requests to the worker and hands out run ids;
//! [`url`] holds teaching mode's shareable link ([`teach_config`]); [`bench_api`] and
//! [`renders`] are `window.kiln`. The worker ([`worker`], with [`engine`]) comes with the `worker`
//! feature (on by default), which brings in burn; the page's binary is built without it.

pub mod app;
pub mod bench_api;
pub mod codec;
pub mod components;
#[cfg(feature = "worker")]
pub mod engine;
pub mod i18n;
pub mod link;
pub mod renders;
pub mod state;
pub mod teach_config;
pub mod url;
#[cfg(feature = "worker")]
pub mod worker;

/// Runs the wasm module's static constructors (`__wasm_call_ctors`) once; both binaries call it
/// first thing in `main`.
///
/// burn's GPU compiler stack registers types through the `inventory` crate, i.e. functions in
/// `.init_array`. When no code calls `__wasm_call_ctors` itself, wasm-ld links the module
/// "command-style": it wraps *every exported function* (`*.command_export`) in a call to all the
/// constructors, and the JS glue calls exports for every closure call, externref and
/// allocation. Measured in the worker: 60 % of its time, a 2-4-2-1 MLP step 80× slower than
/// natively, and the page's thread slowed the same way. An explicit call from `main` makes
/// wasm-ld leave the exports alone (wasm-bindgen documents the rule at
/// `__wbindgen_skip_interpret_calls`).
#[allow(unsafe_code)]
pub fn run_static_constructors() {
    #[cfg(target_arch = "wasm32")]
    {
        unsafe extern "C" {
            fn __wasm_call_ctors();
        }
        // SAFETY: the linker-synthesised constructor list, run exactly once, before any code
        // that reads what the constructors register.
        unsafe { __wasm_call_ctors() }
    }
}
