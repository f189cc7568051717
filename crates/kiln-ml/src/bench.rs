//! Benchmark workloads from `shared/bench/WORKLOADS.md`, measured the same way as the
//! TensorFlow.js peer: random data of the stated shapes, one warm-up epoch (shader compilation,
//! allocation), then throughput over the following epochs.

use burn::tensor::Device;
use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, OptimizerSpec, TrainConfig};
use kiln_data::{Examples, Inputs, Splits, Targets};
use kiln_protocol::BenchResult;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::eval::read_scalar_f;
use crate::train::{Host, Trainer};

/// Workloads this build can run.
pub const WORKLOADS: &[&str] = &["sentiment-seed", "mlp-784", "cnn-28", "playground-mlp"];

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

/// Runs `workload` on `device`: one warm-up epoch, then `epochs` measured epochs (each ends with
/// one loss read-back, which waits for the device to finish). `backend` is the label reported.
///
/// # Errors
/// [`MlError::Invalid`] for an unknown workload; [`MlError::Device`] if a read-back fails.
pub async fn run(
    workload: &str,
    backend: &str,
    epochs: usize,
    device: &Device,
    host: &mut impl Host,
) -> Result<BenchResult, MlError> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (spec, mut config, data) = match workload {
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
    };
    config.epochs = epochs.max(1) + 1;
    let mut trainer = Trainer::from_splits(&spec, &config, &data, device)?;
    let batches = trainer.batches_per_epoch();
    let run_epoch = async |trainer: &mut Trainer, host: &mut _, epoch: usize| -> Result<f64, MlError> {
        let order = trainer.permutation(epoch);
        let mut total = None;
        for b in 0..batches {
            let (loss, _) = trainer.step(&order, b)?;
            total = Some(match total {
                Some(t) => t + loss,
                None => loss,
            });
            yield_host(host).await;
        }
        match total {
            Some(t) => Ok(read_scalar_f(t).await? / trainer.train_len() as f64),
            None => Ok(f64::NAN),
        }
    };
    run_epoch(&mut trainer, host, 1).await?;
    let t0 = host.now_ms();
    let mut loss = f64::NAN;
    for e in 0..epochs.max(1) {
        loss = run_epoch(&mut trainer, host, e + 2).await?;
    }
    let secs = ((host.now_ms() - t0) / 1000.0).max(1e-9);
    let steps = (batches * epochs.max(1)) as f64;
    Ok(BenchResult {
        workload: workload.to_owned(),
        backend: backend.to_owned(),
        samples_per_s: (trainer.train_len() * epochs.max(1)) as f64 / secs,
        steps_per_s: steps / secs,
        loss,
    })
}

/// Names the host's type for the async closure above (closures cannot be generic).
async fn yield_host(host: &mut impl Host) {
    host.yield_now().await;
}
