//! Exports checked in real runtimes: the reference sentiment model (review sentences), the MNIST
//! CNN (`small_cnn`, mnist-10k) and an Iris MLP (`small_mlp`), each trained briefly on the real
//! built-in data, are exported to ONNX, Keras and PyTorch; `tests/export/check.py` runs the ONNX
//! file in onnxruntime and the Keras script in TensorFlow, and checks the PyTorch script and
//! state dict statically (torch itself is not installed); their predictions on the test split
//! must equal Kiln's to 1e-5.
//!
//! Python comes from `$KILN_PYTHON`, else the venv `scripts/setup-python.sh` makes in
//! `$HOME/.cache/kiln/venv`. Without it (or its packages) each test says SKIPPED on stderr —
//! past the test harness' capture — and passes; with `KILN_REQUIRE_EXPORT_CHECK=1` (CI) it fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use burn::module::Module;
use kiln_cli::NativeHost;
use kiln_core::presets::{reference_sentiment, small_cnn, small_mlp};
use kiln_core::{
    Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, OptimizerSpec, Padding, SplitConfig, Task, TextPrepConfig,
    TrainConfig,
};
use kiln_data::source::Source;
use kiln_data::{AssetKind, Inputs, PrepareOptions, ReadOptions, Splits, Targets, TaskChoice, read_table};
use kiln_ml::{Device, Input, Network, Trainer, export};
use kiln_tests::asset_bytes;
use safetensors::tensor::{Dtype, TensorView};

/// Largest difference allowed between Kiln's prediction and a runtime's.
const TOLERANCE: f64 = 1e-5;

/// One trained model at a time (burn's CPU generator is per process; see pipeline.rs).
static SEEDED: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn python() -> PathBuf {
    std::env::var_os("KILN_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".cache/kiln/venv/bin/python")
    })
}

/// Says SKIPPED where the person running the tests sees it, or fails when checks are required.
fn skip(test: &str, why: &str) {
    let message = format!(
        "\n!!! SKIPPED {test}: {why}\n!!! install the Python side with scripts/setup-python.sh \
         (or set KILN_PYTHON); KILN_REQUIRE_EXPORT_CHECK=1 makes this a failure\n"
    );
    assert!(std::env::var("KILN_REQUIRE_EXPORT_CHECK").as_deref() != Ok("1"), "{message}");
    // Straight to stderr: the test harness captures only print!/eprint!.
    let _ = std::io::stderr().write_all(message.as_bytes());
}

/// Loads a built-in set and prepares its splits.
fn splits(kind: AssetKind, main: &str, labels: Option<&str>, prep: &TextPrepConfig) -> Splits {
    let labels = labels.map(asset_bytes);
    let source = Source::builtin(kind, &asset_bytes(main), labels.as_deref()).expect("asset loads");
    source.prepare(prep, &SplitConfig::default(), 42).expect("prepares").splits
}

/// Trains `spec` on `data` and returns the inference network.
fn train(spec: &ModelSpec, data: &Splits, config: &TrainConfig) -> Network {
    let device = Device::flex();
    let mut trainer = Trainer::from_splits(spec, config, data, &device).expect("trainer");
    let outcome = pollster::block_on(trainer.fit(&mut NativeHost::new(|_| {}))).expect("trains");
    println!(
        "trained {} epochs: test loss {:.4}, accuracy {:.3}",
        outcome.epochs, outcome.test.loss, outcome.test.accuracy
    );
    let net = trainer.network();
    net.with_params(net.params.valid())
}

/// The first `n` test examples as a Kiln input, and the file check.py reads (`x`, and the targets
/// as `y`).
fn test_inputs(data: &Splits, n: usize) -> (Input, Vec<u8>) {
    let device = Device::flex();
    let test = &data.test;
    let n = n.min(test.len());
    let row = test.inputs.row_len();
    let (y_bytes, y_dtype): (Vec<u8>, Dtype) = match &test.targets {
        Targets::Binary { labels } | Targets::Classes { labels, .. } => {
            (labels[..n].iter().flat_map(|&l| i64::from(l).to_le_bytes()).collect(), Dtype::I64)
        }
        Targets::Regression { values } => (values[..n].iter().flat_map(|v| v.to_le_bytes()).collect(), Dtype::F32),
    };
    let (input, x_bytes, x_shape, x_dtype): (Input, Vec<u8>, Vec<usize>, Dtype) = match &test.inputs {
        Inputs::Tokens { ids, seq_len } => {
            let ids: Vec<i64> = ids[..n * row].iter().map(|&i| i.into()).collect();
            let t = burn::tensor::TensorData::new(ids.clone(), [n, *seq_len]);
            let bytes = ids.iter().flat_map(|v| v.to_le_bytes()).collect();
            (Input::Tokens(burn::tensor::Tensor::from_data(t, &device)), bytes, vec![n, *seq_len], Dtype::I64)
        }
        Inputs::Features { values, width } => {
            let v = values[..n * row].to_vec();
            let bytes = v.iter().flat_map(|x| x.to_le_bytes()).collect();
            let t = burn::tensor::TensorData::new(v, [n, *width]);
            (Input::Features(burn::tensor::Tensor::from_data(t, &device)), bytes, vec![n, *width], Dtype::F32)
        }
        Inputs::Images { pixels, height, width, channels } => {
            let v = pixels[..n * row].to_vec();
            let bytes = v.iter().flat_map(|x| x.to_le_bytes()).collect();
            let shape = [n, *height, *width, *channels];
            let t = burn::tensor::TensorData::new(v, shape);
            (Input::Images(burn::tensor::Tensor::from_data(t, &device)), bytes, shape.to_vec(), Dtype::F32)
        }
    };
    let views = [
        ("x", TensorView::new(x_dtype, x_shape, &x_bytes).expect("x view")),
        ("y", TensorView::new(y_dtype, vec![n], &y_bytes).expect("y view")),
    ];
    (input, safetensors::serialize(views, None).expect("inputs file"))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// Exports `net` in every format, runs check.py and compares its predictions with Kiln's.
fn check_exports(test: &str, spec: &ModelSpec, net: &Network, data: &Splits, n: usize) {
    let (input, inputs_file) = test_inputs(data, n);
    let kiln: Vec<f32> = net.predict(input).into_data().convert::<f32>().try_to_vec().expect("f32 predictions");
    let (lo, hi) = kiln.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), v| (l.min(*v), h.max(*v)));
    println!("{test}: Kiln's predictions range over [{lo:.4}, {hi:.4}]");
    let classes = &data.class_names;
    let onnx = pollster::block_on(export::onnx(net, spec, classes)).expect("onnx export");
    let keras = pollster::block_on(export::keras(net, spec, classes)).expect("keras export");
    let torch = pollster::block_on(export::pytorch(net, spec, classes)).expect("pytorch export");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("test directory");
    write(&dir, "inputs.safetensors", &inputs_file);
    write(&dir, "model.onnx", &onnx);
    write(&dir, keras.script_name, keras.script.as_bytes());
    write(&dir, keras.weights_name, &keras.weights);
    write(&dir, torch.script_name, torch.script.as_bytes());
    write(&dir, torch.weights_name, &torch.weights);
    println!(
        "exports in {}: onnx {} B, keras weights {} B, pytorch weights {} B",
        dir.display(),
        onnx.len(),
        keras.weights.len(),
        torch.weights.len()
    );

    let python = python();
    if !python.exists() {
        return skip(test, &format!("no Python at {}", python.display()));
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("export/check.py");
    let out = Command::new(&python).arg(&script).arg(&dir).output().expect("python runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        return skip(test, stderr.trim());
    }
    println!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.status.success(), "check.py failed ({}):\n{stderr}", out.status);
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("results.json")).expect("results.json")).expect("json");
    for format in ["onnx", "keras"] {
        let theirs: Vec<f64> =
            results[format].as_array().expect("a list").iter().map(|v| v.as_f64().expect("a number")).collect();
        assert_eq!(theirs.len(), kiln.len(), "{format}: {} values for Kiln's {}", theirs.len(), kiln.len());
        let max = kiln.iter().zip(&theirs).map(|(a, b)| (f64::from(*a) - b).abs()).fold(0.0, f64::max);
        println!("{test} {format}: max |kiln - {format}| = {max:.3e} over {} values", kiln.len());
        assert!(max <= TOLERANCE, "{test} {format}: predictions differ by {max:e} (> {TOLERANCE:e})");
    }
}

#[test]
fn reference_sentiment_model_exports_match() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let prep = TextPrepConfig::default();
    let data = splits(AssetKind::ReviewTsv, "review-sentences.tsv", None, &prep);
    let spec = reference_sentiment(prep.vocab_size, prep.seq_len).spec;
    let net = train(&spec, &data, &TrainConfig { epochs: 3, ..TrainConfig::default() });
    check_exports("sentiment", &spec, &net, &data, 300);
}

#[test]
fn mnist_cnn_exports_match() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let labels = Some("mnist-10k-labels.idx.gz");
    let kind = AssetKind::IdxImages { labels: "mnist-10k-labels.idx.gz" };
    let data = splits(kind, "mnist-10k-images.idx.gz", labels, &TextPrepConfig::default());
    let spec = small_cnn().spec;
    let net = train(&spec, &data, &TrainConfig { epochs: 1, batch_size: 64, ..TrainConfig::default() });
    check_exports("mnist-cnn", &spec, &net, &data, 200);
}

#[test]
fn iris_mlp_exports_match() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = splits(AssetKind::TableCsv { target: "species" }, "iris.csv", None, &TextPrepConfig::default());
    let width = data.train.inputs.row_len();
    let spec = small_mlp(width, Task::MultiClass { classes: 3 }).spec;
    let net = train(&spec, &data, &TrainConfig { epochs: 40, batch_size: 16, ..TrainConfig::default() });
    check_exports("iris-mlp", &spec, &net, &data, 100);
}

// ---- Every other layer kind, on real data: masked and unmasked sequences, uneven "same"
// padding, BatchNormalization's running statistics after training, LayerNormalization over
// channels, GELU / leaky ReLU / tanh, a standalone softmax, Dropout, and a regression head. ----

fn dense(units: usize, activation: Activation) -> LayerSpec {
    LayerSpec::Dense { units, activation }
}

const BN: LayerSpec = LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.9 };
const LN: LayerSpec = LayerSpec::LayerNormalization { epsilon: 1e-3 };

fn reviews(prep: &TextPrepConfig, layers: Vec<LayerSpec>) -> (Splits, ModelSpec) {
    let data = splits(AssetKind::ReviewTsv, "review-sentences.tsv", None, prep);
    let input = InputSpec::Tokens { seq_len: prep.seq_len, vocab_size: prep.vocab_size };
    (data, ModelSpec { input, layers, loss: LossSpec::BinaryCrossEntropy })
}

#[test]
fn masked_sequence_layers_export_match() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let prep = TextPrepConfig { vocab_size: 2000, seq_len: 40, ..TextPrepConfig::default() };
    let (data, spec) = reviews(
        &prep,
        vec![
            LayerSpec::Embedding { input_dim: 2000, output_dim: 8 },
            // "same", stride 1: positions line up, the padding mask goes on.
            LayerSpec::Conv1D {
                filters: 8,
                kernel_size: 3,
                strides: 1,
                padding: Padding::Same,
                activation: Activation::Gelu,
            },
            BN,
            LN,
            LayerSpec::Dropout { rate: 0.2 },
            LayerSpec::GlobalMaxPooling1D,
            dense(8, Activation::LeakyRelu),
            dense(1, Activation::Sigmoid),
        ],
    );
    let net = train(&spec, &data, &TrainConfig { epochs: 2, ..TrainConfig::default() });
    check_exports("text-masked", &spec, &net, &data, 300);
}

#[test]
fn unmasked_sequence_layers_export_match() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let prep = TextPrepConfig { vocab_size: 2000, seq_len: 41, ..TextPrepConfig::default() };
    let (data, spec) = reviews(
        &prep,
        vec![
            LayerSpec::Embedding { input_dim: 2000, output_dim: 8 },
            // "valid", stride 2: positions change, the mask stops (Kiln and Keras alike).
            LayerSpec::Conv1D {
                filters: 6,
                kernel_size: 4,
                strides: 2,
                padding: Padding::Valid,
                activation: Activation::Tanh,
            },
            LayerSpec::Activation { activation: Activation::Softmax },
            LayerSpec::GlobalAveragePooling1D,
            dense(1, Activation::Sigmoid),
        ],
    );
    let config =
        TrainConfig { epochs: 2, optimizer: OptimizerSpec::Adam { learning_rate: 0.01 }, ..TrainConfig::default() };
    let net = train(&spec, &data, &config);
    check_exports("text-unmasked", &spec, &net, &data, 300);
}

#[test]
fn image_layers_with_uneven_same_padding_export_match() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let labels = "digits-8x8-labels.idx.gz";
    let data =
        splits(AssetKind::IdxImages { labels }, "digits-8x8-images.idx.gz", Some(labels), &TextPrepConfig::default());
    let spec = ModelSpec {
        input: InputSpec::Images { height: 8, width: 8, channels: 1 },
        layers: vec![
            // An even kernel with "same": one pixel of padding, after (TensorFlow's rule).
            LayerSpec::Conv2D {
                filters: 4,
                kernel_size: [2, 2],
                strides: [1, 1],
                padding: Padding::Same,
                activation: Activation::Tanh,
            },
            BN,
            LayerSpec::AveragePool2D { pool_size: [2, 2], strides: Some([1, 1]), padding: Padding::Same },
            LayerSpec::MaxPool2D { pool_size: [3, 3], strides: Some([2, 2]), padding: Padding::Same },
            LN,
            LayerSpec::Activation { activation: Activation::Gelu },
            LayerSpec::Flatten,
            LayerSpec::Dropout { rate: 0.25 },
            dense(16, Activation::Relu),
            BN,
            dense(10, Activation::Softmax),
        ],
        loss: LossSpec::CategoricalCrossEntropy,
    };
    let net = train(&spec, &data, &TrainConfig { epochs: 3, ..TrainConfig::default() });
    check_exports("image-layers", &spec, &net, &data, 180);
}

#[test]
fn regression_mlp_with_normalisation_exports_match() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let table = read_table(&asset_bytes("iris.csv"), &ReadOptions::default()).expect("iris reads");
    let options = PrepareOptions { task: Some(TaskChoice::Regression), ..PrepareOptions::new("petal width (cm)") };
    let source = Source::Table(std::sync::Arc::new(table), options);
    let data = source.prepare(&TextPrepConfig::default(), &SplitConfig::default(), 42).expect("prepares").splits;
    let spec = ModelSpec {
        input: InputSpec::Features { width: data.train.inputs.row_len() },
        layers: vec![
            dense(16, Activation::Linear),
            BN,
            LayerSpec::Activation { activation: Activation::Tanh },
            LN,
            LayerSpec::Dropout { rate: 0.1 },
            dense(1, Activation::Linear),
        ],
        loss: LossSpec::MeanSquaredError,
    };
    let net = train(&spec, &data, &TrainConfig { epochs: 30, batch_size: 16, ..TrainConfig::default() });
    check_exports("regression-mlp", &spec, &net, &data, 100);
}
