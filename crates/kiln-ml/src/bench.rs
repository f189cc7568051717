//! Benchmark workloads from `shared/bench/WORKLOADS.md`, measured the same way as the
//! TensorFlow.js peer: random data of the stated shapes, one warm-up epoch (shader compilation,
//! allocation), then throughput over the following epochs.

use burn::tensor::{Device, Int, Tensor};
use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, OptimizerSpec, TrainConfig};
use kiln_data::{Examples, Inputs, Splits, Targets};
use kiln_protocol::{BenchResult, MemorySample};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::eval::read_scalar_f;
use crate::train::{Host, Trainer};

/// Workloads this build can run.
pub const WORKLOADS: &[&str] = &["sentiment-seed", "mlp-784", "cnn-28", "playground-mlp"];

/// Measured epochs a native run of `workload` takes by default: enough for about a second of
/// work on one core (`playground-mlp`'s epochs are 25 tiny steps, so it takes many).
/// `tests/peer/keras_bench.py` uses the same table.
pub fn native_epochs(workload: &str) -> usize {
    if workload == "playground-mlp" { 100 } else { 3 }
}

fn config(batch_size: usize, optimizer: OptimizerSpec) -> TrainConfig {
    TrainConfig { epochs: usize::MAX, batch_size, optimizer, seed: 7, ..TrainConfig::default() }
}

fn splits(train: Examples) -> Splits {
    let empty =
        Examples { inputs: Inputs::Features { values: vec![], width: 1 }, targets: Targets::Binary { labels: vec![] } };
    Splits { train, validation: empty.clone(), test: empty, class_names: vec![], test_raw: Default::default() }
}

/// `sentiment-seed`: int token ids `[batch, 500]` uniform in 1..=9999 → Embedding(10000, 16) →
/// GlobalAveragePooling1D → Dense(16, relu) → Dense(1, sigmoid); BCE / Adam 1e-3; batch 32;
/// 2,048 samples per epoch; random labels.
fn sentiment_seed(rng: &mut ChaCha8Rng) -> (ModelSpec, TrainConfig, Splits) {
    let (n, seq) = (2048, 500);
    let ids = (0..n * seq).map(|_| rng.random_range(1..10_000u32)).collect();
    let labels = (0..n).map(|_| rng.random_range(0..2u32)).collect();
    let train = Examples { inputs: Inputs::Tokens { ids, seq_len: seq }, targets: Targets::Binary { labels } };
    (
        ModelSpec::reference_sentiment(10_000, seq),
        config(32, OptimizerSpec::Adam { learning_rate: 1e-3 }),
        splits(train),
    )
}

/// A feature-input workload: `n` random rows of `width` values in [0, 1).
fn features(rng: &mut ChaCha8Rng, n: usize, width: usize) -> Inputs {
    Inputs::Features { values: (0..n * width).map(|_| rng.random::<f32>()).collect(), width }
}

/// `mlp-784`: `[batch, 784]` → Dense(256, relu) → Dense(256, relu) → Dense(10, softmax);
/// categorical cross-entropy / Adam 1e-3; batch 128; 4,096 samples per epoch.
fn mlp_784(rng: &mut ChaCha8Rng) -> (ModelSpec, TrainConfig, Splits) {
    let n = 4096;
    let inputs = features(rng, n, 784);
    let labels = (0..n).map(|_| rng.random_range(0..10u32)).collect();
    let spec = ModelSpec {
        input: InputSpec::Features { width: 784 },
        layers: vec![
            LayerSpec::Dense { units: 256, activation: Activation::Relu },
            LayerSpec::Dense { units: 256, activation: Activation::Relu },
            LayerSpec::Dense { units: 10, activation: Activation::Softmax },
        ],
        loss: LossSpec::CategoricalCrossEntropy,
    };
    let train = Examples { inputs, targets: Targets::Classes { labels, classes: 10 } };
    (spec, config(128, OptimizerSpec::Adam { learning_rate: 1e-3 }), splits(train))
}

/// `cnn-28`: `[batch, 28, 28, 1]` → Conv2D(8, 3×3, valid, relu) → MaxPool2D(2) → Flatten →
/// Dense(10, softmax); categorical cross-entropy / Adam 1e-3; batch 64; 2,048 samples per epoch.
fn cnn_28(rng: &mut ChaCha8Rng) -> (ModelSpec, TrainConfig, Splits) {
    let n = 2048;
    let pixels = (0..n * 28 * 28).map(|_| rng.random::<f32>()).collect();
    let labels = (0..n).map(|_| rng.random_range(0..10u32)).collect();
    let train = Examples {
        inputs: Inputs::Images { pixels, height: 28, width: 28, channels: 1 },
        targets: Targets::Classes { labels, classes: 10 },
    };
    let spec = kiln_core::presets::small_cnn().spec;
    (spec, config(64, OptimizerSpec::Adam { learning_rate: 1e-3 }), splits(train))
}

/// `playground-mlp`: `[batch, 2]` → Dense(4, tanh) → Dense(2, tanh) → Dense(1, sigmoid);
/// binary cross-entropy / SGD 0.03; batch 10; 250 samples per epoch.
fn playground_mlp(rng: &mut ChaCha8Rng) -> (ModelSpec, TrainConfig, Splits) {
    let n = 250;
    let inputs = features(rng, n, 2);
    let labels = (0..n).map(|_| rng.random_range(0..2u32)).collect();
    let spec = ModelSpec {
        input: InputSpec::Features { width: 2 },
        layers: vec![
            LayerSpec::Dense { units: 4, activation: Activation::Tanh },
            LayerSpec::Dense { units: 2, activation: Activation::Tanh },
            LayerSpec::Dense { units: 1, activation: Activation::Sigmoid },
        ],
        loss: LossSpec::BinaryCrossEntropy,
    };
    let train = Examples { inputs, targets: Targets::Binary { labels } };
    (spec, config(10, OptimizerSpec::Sgd { learning_rate: 0.03, momentum: 0.0 }), splits(train))
}

/// The spec, settings and random data of `workload`.
///
/// # Errors
/// [`MlError::Invalid`] for an unknown workload.
pub fn workload(name: &str) -> Result<(ModelSpec, TrainConfig, Splits), MlError> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    Ok(match name {
        "sentiment-seed" => sentiment_seed(&mut rng),
        "mlp-784" => mlp_784(&mut rng),
        "cnn-28" => cnn_28(&mut rng),
        "playground-mlp" => playground_mlp(&mut rng),
        other => {
            return Err(MlError::Invalid(format!(
                "unknown or not yet supported workload {other:?}; available: {}",
                WORKLOADS.join(", ")
            )));
        }
    })
}

/// Trains batches `range` of the epoch's shuffled `order` and returns their summed loss `[1]`
/// as a device tensor (nothing is read back); `None` for an empty range.
fn steps(
    trainer: &mut Trainer,
    order: &Tensor<1, Int>,
    range: std::ops::Range<usize>,
) -> Result<Option<Tensor<1>>, MlError> {
    let mut total: Option<Tensor<1>> = None;
    for b in range {
        let (loss, _) = trainer.step(order, b)?;
        total = Some(match total {
            Some(t) => t + loss,
            None => loss,
        });
    }
    Ok(total)
}

/// One epoch, yielding to the host after every batch; the epoch's mean loss (one read-back).
async fn epoch(trainer: &mut Trainer, host: &mut impl Host, epoch: usize) -> Result<f64, MlError> {
    let order = trainer.permutation(epoch);
    let mut total = None;
    for b in 0..trainer.batches_per_epoch() {
        let loss = steps(trainer, &order, b..b + 1)?;
        total = match (total, loss) {
            (Some(t), Some(l)) => Some(t + l),
            (t, l) => t.or(l),
        };
        host.yield_now().await;
    }
    match total {
        Some(t) => Ok(read_scalar_f(t).await? / trainer.train_len() as f64),
        None => Ok(f64::NAN),
    }
}

/// Runs `workload` on `device`: one warm-up epoch, then `epochs` measured epochs (each ends with
/// one loss read-back, which waits for the device to finish). `backend` is the label reported.
///
/// # Errors
/// [`MlError::Invalid`] for an unknown workload; [`MlError::Device`] if a read-back fails.
pub async fn run(
    workload_name: &str,
    backend: &str,
    epochs: usize,
    device: &Device,
    host: &mut impl Host,
) -> Result<BenchResult, MlError> {
    let (spec, mut config, data) = workload(workload_name)?;
    let epochs = epochs.max(1);
    config.epochs = epochs + 1;
    let mut trainer = Trainer::from_splits(&spec, &config, &data, device)?;
    epoch(&mut trainer, host, 1).await?;
    let t0 = host.now_ms();
    let mut loss = f64::NAN;
    for e in 0..epochs {
        loss = epoch(&mut trainer, host, e + 2).await?;
    }
    let secs = ((host.now_ms() - t0) / 1000.0).max(1e-9);
    let steps = (trainer.batches_per_epoch() * epochs) as f64;
    Ok(BenchResult {
        workload: workload_name.to_owned(),
        backend: backend.to_owned(),
        samples_per_s: (trainer.train_len() * epochs) as f64 / secs,
        steps_per_s: steps / secs,
        loss,
        memory: Vec::new(),
    })
}

/// A memory run: one warm-up epoch, then `total_steps` optimizer steps (epoch after epoch,
/// yielding to the host after every batch), calling `memory` (bytes in use, e.g. the wasm
/// memory's size, and the JavaScript heap where there is one) after the warm-up and after each
/// tenth of the steps. A loop that leaks shows
/// as a rising series; throughput is reported over the whole run.
///
/// # Errors
/// As [`run`].
pub async fn soak(
    workload_name: &str,
    backend: &str,
    total_steps: usize,
    device: &Device,
    host: &mut impl Host,
    memory: impl Fn() -> (f64, Option<f64>),
) -> Result<BenchResult, MlError> {
    let (spec, mut config, data) = workload(workload_name)?;
    let batches = {
        let n = data.train.len();
        n.div_ceil(config.batch_size)
    };
    let total_steps = total_steps.max(10);
    config.epochs = 2 + total_steps.div_ceil(batches);
    let mut trainer = Trainer::from_splits(&spec, &config, &data, device)?;
    epoch(&mut trainer, host, 1).await?;
    let sample = |step| {
        let (bytes, js_heap_bytes) = memory();
        MemorySample { step, bytes, js_heap_bytes }
    };
    let mut samples = vec![sample(0)];
    let t0 = host.now_ms();
    let (mut done, mut ep, mut order, mut b) = (0usize, 2usize, trainer.permutation(2), 0usize);
    let mut loss = f64::NAN;
    let mut seen = 0usize;
    for tenth in 1..=10 {
        let until = total_steps * tenth / 10;
        while done < until {
            if b == batches {
                ep += 1;
                order = trainer.permutation(ep);
                b = 0;
            }
            let n = config.batch_size.min(trainer.train_len() - b * config.batch_size);
            seen += n;
            if let Some(l) = steps(&mut trainer, &order, b..b + 1)? {
                // One read-back per hundred steps keeps the device queue short, as training does.
                if (done + 1).is_multiple_of(100) {
                    loss = read_scalar_f(l).await? / n as f64;
                }
            }
            b += 1;
            done += 1;
            host.yield_now().await;
        }
        samples.push(sample(done));
    }
    let secs = ((host.now_ms() - t0) / 1000.0).max(1e-9);
    Ok(BenchResult {
        workload: workload_name.to_owned(),
        backend: backend.to_owned(),
        samples_per_s: seen as f64 / secs,
        steps_per_s: done as f64 / secs,
        loss,
        memory: samples,
    })
}
