//! Where a training step's time goes, natively on burn's CPU backend: times each phase of
//! `Trainer::step` (batch gather, forward, loss, backward, gradient collection, optimizer update)
//! over many steps of a benchmark workload and prints the mean per phase.
//!
//! `cargo run --release -p kiln-ml --example step_phases -- [workload=sentiment-seed] [steps=300]`
//! (`BURN_ADAM=1`: burn's own Adam instead of Kiln's fused one, for comparison).

use std::time::Instant;

use burn::optim::{AdamConfig, GradientsParams, SgdConfig};
use burn::tensor::{Int, Tensor, TensorData};
use kiln_core::OptimizerSpec;
use kiln_ml::data::DeviceSplit;
use kiln_ml::loss::Objective;
use kiln_ml::{Device, Network};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let name = args.get(1).map_or("sentiment-seed", String::as_str);
    let steps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(300);
    let (spec, config, data) = kiln_ml::bench::workload(name)?;
    let device = Device::flex().autodiff();
    device.seed(7);
    let mut net = Network::new(&spec, &device)?;
    let objective = Objective::new(spec.loss, net.head(), &device)?;
    let split = DeviceSplit::upload(&data.train, &device).ok_or("empty")?;
    let mut optim = match config.optimizer {
        OptimizerSpec::Sgd { .. } => SgdConfig::new().init(),
        _ if std::env::var_os("BURN_ADAM").is_some() => AdamConfig::new().with_epsilon(1e-7).init(),
        _ => kiln_ml::optim::FusedAdam::new(1e-7, None).init(),
    };
    let lr = config.optimizer.learning_rate();
    let n = split.len;
    let order: Vec<i32> = (0..n as i32).collect();
    let order = Tensor::<1, Int>::from_data(TensorData::new(order, [n]), &device);
    let batches = n.div_ceil(config.batch_size);
    let names = ["gather", "forward", "loss", "backward", "from_grads", "optim", "loss.detach*n"];
    let mut total = [0f64; 7];
    let warm = 20;
    for s in 0..steps + warm {
        let b = s % batches;
        let start = b * config.batch_size;
        let end = (start + config.batch_size).min(n);
        let mut t = Instant::now();
        let mut lap = |i: usize, t: &mut Instant| {
            if s >= warm {
                total[i] += t.elapsed().as_secs_f64();
            }
            *t = Instant::now();
        };
        let (x, y) = split.gather(order.clone().narrow(0, start, end - start));
        lap(0, &mut t);
        let out = net.forward(x);
        lap(1, &mut t);
        let (loss, correct) = objective.loss_and_correct(out, y)?;
        lap(2, &mut t);
        let grads = loss.backward();
        lap(3, &mut t);
        let grads = GradientsParams::from_grads(grads, &net.params);
        lap(4, &mut t);
        let params = std::mem::take(&mut net.params);
        net.params = optim.step(lr, params, grads);
        lap(5, &mut t);
        let l = loss.detach() * (end - start) as f64;
        drop((l, correct));
        lap(6, &mut t);
    }
    let sum: f64 = total.iter().sum();
    println!(
        "{name}: {:.3} ms/step over {steps} steps ({:.0} samples/s)",
        sum * 1e3 / steps as f64,
        (steps * config.batch_size) as f64 / sum
    );
    for (k, v) in names.iter().zip(total) {
        println!("  {k:<14} {:>8.3} ms  {:>5.1} %", v * 1e3 / steps as f64, 100.0 * v / sum);
    }
    Ok(())
}
