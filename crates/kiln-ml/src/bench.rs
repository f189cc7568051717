//! Benchmark workloads from `shared/bench/WORKLOADS.md`, measured the same way as the
//! TensorFlow.js peer: random data of the stated shapes, one warm-up epoch (shader compilation,
//! allocation), then throughput over the following epochs.

use burn::tensor::Device;
use kiln_core::protocol::BenchResult;
use kiln_core::{Engine, ModelSpec, OptimizerSpec, TrainConfig};
use kiln_data::Encoded;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::MlError;
use crate::eval::read_scalar_f;
use crate::train::{Host, Trainer};

/// Workloads this build can run.
pub const WORKLOADS: &[&str] = &["sentiment-seed"];

/// `sentiment-seed`: int token ids `[batch, 500]` uniform in 1..=9999 → Embedding(10000, 16) →
/// GlobalAveragePooling1D → Dense(16, relu) → Dense(1, sigmoid); BCE / Adam 1e-3; batch 32;
/// 2,048 samples per epoch; random labels.
fn sentiment_seed() -> (ModelSpec, TrainConfig, Encoded) {
    let (n, seq) = (2048, 500);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let ids = (0..n * seq).map(|_| rng.random_range(1..10_000u32)).collect();
    let labels = (0..n).map(|_| rng.random_range(0..2u32)).collect();
    let config = TrainConfig {
        epochs: usize::MAX,
        batch_size: 32,
        optimizer: OptimizerSpec::Adam { learning_rate: 1e-3 },
        seed: 7,
        engine: Engine::Auto,
    };
    (ModelSpec::reference_sentiment(10_000, seq), config, Encoded { ids, labels, seq_len: seq })
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
    let (spec, mut config, data) = match workload {
        "sentiment-seed" => sentiment_seed(),
        other => {
            return Err(MlError::Invalid(format!(
                "unknown or not yet supported workload {other:?}; available: {}",
                WORKLOADS.join(", ")
            )));
        }
    };
    config.epochs = epochs.max(1) + 1;
    let empty = Encoded { seq_len: data.seq_len, ..Encoded::default() };
    let mut trainer = Trainer::from_splits(&spec, &config, &data, &empty, &empty, device)?;
    let batches = trainer.batches_per_epoch();
    let run_epoch = async |trainer: &mut Trainer, host: &mut _, epoch: usize| -> Result<f64, MlError> {
        let order = trainer.permutation(epoch);
        let mut total = None;
        for b in 0..batches {
            let (loss, _) = trainer.step(&order, b);
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

async fn yield_host(host: &mut impl Host) {
    host.yield_now().await;
}
