//! `Bench`: runs a benchmark workload (`shared/bench/WORKLOADS.md`) on random data on the engine
//! asked for, and answers with its figures (`window.kiln.bench`); with `steps`, a memory run
//! (the worker's memory sampled ten times, [`kiln_ml::bench::soak`]).

use std::rc::Rc;

use kiln_core::Engine;
use kiln_protocol::{BenchRequest, Event, Msg};

use super::Shared;
use super::host::{Out, RunHost};
use crate::engine::{self, Purpose};

/// Runs the workload and sends `Event::Bench`.
///
/// # Errors
/// A message when the engine cannot be used or the workload is unknown or fails.
pub(crate) async fn run(shared: &Rc<Shared>, out: &Out, req: BenchRequest) -> Result<(), Msg> {
    if let Some(n) = req.tasks_max {
        engine::set_wgpu_tasks_max(n);
    }
    let chosen = engine::choose(req.engine, Purpose::Bench, |_| {}).await.map_err(Msg::verbatim)?;
    let label = if chosen.engine == Engine::Cpu { "cpu" } else { "webgpu" };
    let mut host = RunHost::new(shared.clone(), out.clone());
    let result = match req.steps {
        Some(steps) => {
            kiln_ml::bench::soak(&req.workload, label, steps, &chosen.device, &mut host, engine::memory_bytes).await
        }
        None => kiln_ml::bench::run(&req.workload, label, req.epochs, &chosen.device, &mut host).await,
    }
    .map_err(|e| Msg::verbatim(e.to_string()))?;
    out.send(Event::Bench(result));
    Ok(())
}
