//! `kiln export` end to end: a model trained by `kiln train` on the built-in Iris table, written as
//! ONNX, Keras and PyTorch files — the very bytes kiln-ml's exporters give for the same model
//! (checked in onnxruntime / TensorFlow by `tests/native/export.rs`) — and clear messages for a
//! damaged model file, an unknown format and a folder that cannot be written.

use std::path::{Path, PathBuf};
use std::process::Command;

use kiln_ml::{Device, Model, export};

fn kiln(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kiln")).args(args).output().expect("runs kiln");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The JSON header of a safetensors file (8-byte little-endian length, then JSON).
fn safetensors_header(bytes: &[u8]) -> serde_json::Value {
    let n = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")) as usize;
    serde_json::from_slice(&bytes[8..8 + n]).expect("a JSON header")
}

#[test]
fn export_writes_onnx_keras_and_pytorch_files_of_a_trained_model() {
    let dir = std::env::temp_dir().join(format!("kiln-cli-{}-export", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let assets = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    assert!(assets.join("iris.csv").exists(), "run scripts/fetch-datasets.sh first");
    let model = dir.join("iris.kiln");
    let (ok, _, err) = kiln(&[
        "train",
        "--data",
        "iris",
        "--assets",
        s(&assets),
        "--epochs",
        "3",
        "--engine",
        "cpu",
        "--out",
        s(&model),
    ]);
    assert!(ok, "{err}");
    let bytes = std::fs::read(&model).expect("model written");
    let m = Model::from_bytes(&bytes, &Device::flex()).expect("opens");
    let (spec, classes) = (&m.meta().spec, &m.meta().preprocess.class_names);
    assert_eq!(classes.len(), 3, "iris has three species");

    let out = dir.join("onnx");
    let (ok, stdout, err) = kiln(&["export", s(&model), "--format", "onnx", "--out", s(&out)]);
    assert!(ok, "{err}");
    assert!(stdout.contains("iris.onnx"), "{stdout}");
    let written = std::fs::read(out.join("iris.onnx")).expect("onnx written");
    let expected = pollster::block_on(export::onnx(m.network(), spec, classes)).expect("exports");
    assert_eq!(written, expected, "the CLI writes kiln-ml's ONNX bytes for the model");

    for (format, stem, framework) in [("keras", "model_keras", "keras"), ("PyTorch", "model_pytorch", "torch")] {
        let out = dir.join(format);
        let (ok, stdout, err) = kiln(&["export", s(&model), "--format", format, "--out", s(&out)]);
        assert!(ok, "{format}: {err}");
        assert_eq!(stdout.lines().count(), 2, "script and weights: {stdout}");
        let script = std::fs::read_to_string(out.join(format!("{stem}.py"))).expect("script written");
        assert!(script.contains(&format!("import {framework}")), "{format} script imports {framework}");
        let weights = std::fs::read(out.join(format!("{stem}.safetensors"))).expect("weights written");
        let header = safetensors_header(&weights);
        let tensors = header.as_object().expect("an object").keys().filter(|k| *k != "__metadata__").count();
        assert_eq!(tensors, 2 * (spec.layers.iter().filter(|l| l.kind() == "Dense").count()), "{header}");
    }

    let damaged = dir.join("cut.kiln");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).expect("writes");
    let (ok, _, err) = kiln(&["export", s(&damaged), "--format", "onnx", "--out", s(&dir)]);
    assert!(!ok && err.contains("cut short"), "{err}");
    let (ok, _, err) = kiln(&["export", s(&model), "--format", "tflite", "--out", s(&dir)]);
    assert!(!ok && err.contains("use onnx, keras or pytorch"), "{err}");
    let (ok, _, err) = kiln(&["export", s(&model), "--format", "onnx", "--out", s(&model)]);
    assert!(!ok && err.contains("iris.kiln"), "a file is not a folder: {err}");
    assert!(!err.contains("panicked"), "{err}");
}
