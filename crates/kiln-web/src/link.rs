//! The page's end of the link to the training worker: spawning it, sending [`Request`]s, and
//! choosing run ids. A command that starts a job goes through [`start`], which picks a fresh
//! [`RunId`] and returns it, so the caller can tell its slice which run to wait for; a control
//! goes through [`send`] with the id of the run it acts on. Requests sent before the worker is
//! spawned (e.g. `window.kiln.bench` right after load) are queued and sent then.

use std::cell::{Cell, RefCell};

use gloo_worker::{HandlerId, Spawnable, Worker, WorkerBridge, WorkerScope};
use kiln_protocol::{Command, Reply, Request, RunId};

use crate::codec::Json;

/// The page's handle on the training worker: the same messages as
/// `worker::TrainingWorker`, none of its code, so the page's wasm does not link burn. The
/// worker binary registers the real one.
pub struct WorkerProxy;

impl Worker for WorkerProxy {
    type Message = ();
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        WorkerProxy
    }
    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}
    fn received(&mut self, _scope: &WorkerScope<Self>, _msg: Request, _id: HandlerId) {}
}

thread_local! {
    static BRIDGE: RefCell<Option<WorkerBridge<WorkerProxy>>> = const { RefCell::new(None) };
    /// Requests sent before the worker was spawned.
    static QUEUED: RefCell<Vec<Request>> = const { RefCell::new(Vec::new()) };
    /// The last run id given out (0 is the worker's own).
    static LAST_RUN: Cell<u32> = const { Cell::new(0) };
}

/// Spawns the worker (once, from the App); every reply goes to `on_reply`.
///
/// The worker starts from a `blob:` loader that gloo-worker writes (`with_loader(false)`:
/// `importScripts("…/worker.js"); wasm_bindgen("…/worker_bg.wasm")`), never from `./worker.js`
/// itself: a worker with a local-scheme URL inherits its creator's Content-Security-Policy (CSP
/// Level 3), so the page's meta policy (`www/index.html`: `connect-src 'self'`) binds the worker
/// too on a static host that sends no headers; a worker loaded from a URL would take its policy
/// from that response's headers alone (tests/browser/csp.test.mjs checks it).
pub fn spawn(on_reply: impl Fn(Reply) + 'static) {
    let bridge = WorkerProxy::spawner()
        .encoding::<Json>()
        .as_module(false)
        .with_loader(false)
        .callback(on_reply)
        .spawn("./worker.js");
    for request in QUEUED.with(|q| std::mem::take(&mut *q.borrow_mut())) {
        bridge.send(request);
    }
    BRIDGE.with(|b| *b.borrow_mut() = Some(bridge));
}

/// Sends `command` acting on `run` (a control, or a start whose id the caller chose).
pub fn send(run: RunId, command: Command) {
    let request = Request { run, command };
    BRIDGE.with(|b| match b.borrow().as_ref() {
        Some(bridge) => bridge.send(request),
        None => QUEUED.with(|q| q.borrow_mut().push(request)),
    });
}

/// A fresh run id.
pub fn next_run() -> RunId {
    LAST_RUN.with(|n| {
        n.set(n.get() + 1);
        RunId(n.get())
    })
}

/// Starts a job: sends `command` as a fresh run and returns its id.
pub fn start(command: Command) -> RunId {
    let run = next_run();
    send(run, command);
    run
}
