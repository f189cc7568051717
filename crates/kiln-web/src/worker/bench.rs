//! `Bench`: runs a benchmark workload (`shared/bench/WORKLOADS.md`) on random data on the engine
//! asked for, and answers with its figures (`window.kiln.bench`).

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
    let chosen = engine::choose(req.engine, Purpose::Bench, |_| {}).await.map_err(Msg::verbatim)?;
    let label = if chosen.engine == Engine::Cpu { "cpu" } else { "webgpu" };
    let mut host = RunHost::new(shared.clone(), out.clone());
    let result = kiln_ml::bench::run(&req.workload, label, req.epochs, &chosen.device, &mut host)
        .await
        .map_err(|e| Msg::verbatim(e.to_string()))?;
    out.send(Event::Bench(result));
    Ok(())
}
