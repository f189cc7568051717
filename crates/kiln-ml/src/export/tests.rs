//! Unit tests of the exporters' structure and layouts. The numerical checks against real
//! runtimes (onnxruntime, TensorFlow) are in `tests/native/export.rs`.

use std::collections::HashSet;

use burn::tensor::Device;
use futures::executor::block_on;
use kiln_core::presets::{small_cnn, tiny_transformer};
use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, Padding, Task};
use prost::Message;
use safetensors::SafeTensors;

use super::onnx_proto::{DimValue, ModelProto, ValueInfoProto, data_type};
use super::plan::{HostTensor, same_pads};
use super::*;

fn net(spec: &ModelSpec) -> Network {
    let device = Device::flex();
    device.seed(3);
    Network::new(spec, &device).expect("builds")
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i}")).collect()
}

/// Every layer kind Kiln exports, over each input kind.
fn zoo() -> Vec<ModelSpec> {
    let conv1d =
        |padding, strides, activation| LayerSpec::Conv1D { filters: 4, kernel_size: 3, strides, padding, activation };
    vec![
        ModelSpec {
            input: InputSpec::Tokens { seq_len: 7, vocab_size: 30 },
            layers: vec![
                LayerSpec::Embedding { input_dim: 30, output_dim: 6 },
                conv1d(Padding::Same, 1, Activation::Gelu),
                LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.99 },
                LayerSpec::LayerNormalization { epsilon: 1e-3 },
                LayerSpec::Dropout { rate: 0.3 },
                LayerSpec::GlobalMaxPooling1D,
                LayerSpec::Dense { units: 5, activation: Activation::LeakyRelu },
                LayerSpec::Dense { units: 1, activation: Activation::Sigmoid },
            ],
            loss: LossSpec::BinaryCrossEntropy,
        },
        ModelSpec {
            input: InputSpec::Tokens { seq_len: 8, vocab_size: 30 },
            layers: vec![
                LayerSpec::Embedding { input_dim: 30, output_dim: 6 },
                conv1d(Padding::Valid, 2, Activation::Tanh),
                LayerSpec::Activation { activation: Activation::Softmax },
                LayerSpec::Flatten,
                LayerSpec::Dense { units: 3, activation: Activation::Softmax },
            ],
            loss: LossSpec::CategoricalCrossEntropy,
        },
        ModelSpec {
            input: InputSpec::Images { height: 7, width: 6, channels: 2 },
            layers: vec![
                LayerSpec::Conv2D {
                    filters: 3,
                    kernel_size: [2, 2],
                    strides: [1, 1],
                    padding: Padding::Same,
                    activation: Activation::Tanh,
                },
                LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.9 },
                LayerSpec::AveragePool2D { pool_size: [2, 2], strides: Some([1, 1]), padding: Padding::Same },
                LayerSpec::MaxPool2D { pool_size: [3, 3], strides: Some([2, 2]), padding: Padding::Same },
                LayerSpec::LayerNormalization { epsilon: 1e-5 },
                LayerSpec::Activation { activation: Activation::Softmax },
                LayerSpec::Flatten,
                LayerSpec::Dense { units: 1, activation: Activation::Linear },
            ],
            loss: LossSpec::MeanSquaredError,
        },
    ]
}

/// Every node input is the graph input, an initializer or an earlier node's output.
fn check_topology(model: &ModelProto) {
    let graph = model.graph.as_ref().expect("graph");
    let mut known: HashSet<String> = graph.input.iter().filter_map(|i| i.name.clone()).collect();
    known.extend(graph.initializer.iter().filter_map(|t| t.name.clone()));
    for node in &graph.node {
        for input in &node.input {
            assert!(known.contains(input), "{:?} reads {input} before it exists", node.name);
        }
        known.extend(node.output.iter().cloned());
    }
    for output in &graph.output {
        assert!(known.contains(output.name.as_deref().unwrap_or_default()), "graph output never written");
    }
}

fn dims(v: &ValueInfoProto) -> Vec<String> {
    let t = v.r#type.as_ref().and_then(|t| t.tensor_type.as_ref()).expect("tensor type");
    let shape = t.shape.as_ref().expect("shape");
    shape
        .dim
        .iter()
        .map(|d| match &d.value {
            Some(DimValue::DimValue(n)) => n.to_string(),
            Some(DimValue::DimParam(p)) => p.clone(),
            None => "?".into(),
        })
        .collect()
}

#[test]
fn onnx_model_declares_opset_inputs_outputs_and_weights() {
    let spec = ModelSpec::reference_sentiment(20, 6);
    let bytes = block_on(onnx(&net(&spec), &spec, &["negative".into(), "positive".into()])).expect("exports");
    let model = ModelProto::decode(bytes.as_slice()).expect("decodes");
    assert_eq!(model.ir_version, Some(IR_VERSION));
    assert_eq!(model.opset_import[0].version, Some(OPSET));
    const { assert!(OPSET <= 18) };
    let graph = model.graph.as_ref().expect("graph");
    assert_eq!(graph.input[0].name.as_deref(), Some("input_ids"));
    assert_eq!(
        graph.input[0].r#type.as_ref().and_then(|t| t.tensor_type.as_ref()).and_then(|t| t.elem_type),
        Some(data_type::INT64)
    );
    assert_eq!(dims(&graph.input[0]), ["batch", "6"]);
    assert_eq!(graph.output[0].name.as_deref(), Some("probabilities"));
    assert_eq!(dims(&graph.output[0]), ["batch", "1"]);
    let weights: Vec<(String, Vec<i64>)> = graph
        .initializer
        .iter()
        .filter(|t| !t.name.as_deref().unwrap_or_default().starts_with("const/"))
        .map(|t| (t.name.clone().unwrap_or_default(), t.dims.clone()))
        .collect();
    let expected = [
        ("embedding/embeddings", vec![20, 16]),
        ("dense/kernel", vec![16, 16]),
        ("dense/bias", vec![16]),
        ("dense_1/kernel", vec![16, 1]),
        ("dense_1/bias", vec![1]),
    ];
    assert_eq!(weights, expected.map(|(n, d)| (n.to_string(), d)));
    let ops: Vec<&str> = graph.node.iter().filter_map(|n| n.op_type.as_deref()).collect();
    for op in ["Gather", "ReduceSum", "Div", "Gemm", "Relu", "Sigmoid"] {
        assert!(ops.contains(&op), "{op} in {ops:?}");
    }
    let meta: Vec<(&str, &str)> = model
        .metadata_props
        .iter()
        .map(|e| (e.key.as_deref().unwrap_or(""), e.value.as_deref().unwrap_or("")))
        .collect();
    assert!(meta.contains(&("kiln.class_names", r#"["negative","positive"]"#)), "{meta:?}");
    assert!(meta.iter().any(|(k, v)| *k == "kiln.spec" && ModelSpec::from_json(v).as_ref() == Ok(&spec)));
    check_topology(&model);
}

#[test]
fn every_layer_kind_but_attention_exports_in_every_format() {
    for spec in zoo() {
        let classes = match spec.loss {
            LossSpec::BinaryCrossEntropy => names(2),
            LossSpec::CategoricalCrossEntropy => names(3),
            LossSpec::MeanSquaredError => vec![],
        };
        let n = net(&spec);
        let bytes = block_on(onnx(&n, &spec, &classes)).expect("onnx");
        check_topology(&ModelProto::decode(bytes.as_slice()).expect("decodes"));
        let k = block_on(keras(&n, &spec, &classes)).expect("keras");
        let t = block_on(pytorch(&n, &spec, &classes)).expect("pytorch");
        for (e, what) in [(&k, "keras"), (&t, "pytorch")] {
            SafeTensors::deserialize(&e.weights).unwrap_or_else(|err| panic!("{what}: {err}"));
            assert!(e.script.contains("def main(argv=None):"), "{what}");
        }
        if matches!(spec.layers.get(5), Some(LayerSpec::GlobalMaxPooling1D)) {
            assert!(k.script.contains("MaskedGlobalMaxPooling1D(name=\"global_max_pooling1d\")"));
            assert!(k.script.contains("MaskKeepingConv1D(4, 3, strides=1, padding=\"same\""));
            assert!(t.script.contains("masked_max(x, mask)"));
        }
    }
}

#[test]
fn attention_is_refused_naming_the_layer() {
    let spec = tiny_transformer(30, 8, Task::Binary).spec;
    let n = net(&spec);
    let classes = names(2);
    let errors = [
        block_on(onnx(&n, &spec, &classes)).err(),
        block_on(keras(&n, &spec, &classes)).err(),
        block_on(pytorch(&n, &spec, &classes)).err(),
    ];
    for (e, format) in errors.into_iter().zip(["ONNX", "Keras", "PyTorch"]) {
        let e = e.expect("refused");
        assert!(
            matches!(e, ExportError::Unsupported { index: 1, kind: "MultiHeadSelfAttention", format: f, .. } if f == format)
        );
        assert!(
            e.to_string().starts_with(&format!("layer 1 (MultiHeadSelfAttention) cannot be exported to {format}")),
            "{e}"
        );
    }
}

#[test]
fn class_names_must_fit_the_output() {
    let spec = ModelSpec::reference_sentiment(20, 6);
    let n = net(&spec);
    let e = block_on(onnx(&n, &spec, &names(3))).expect_err("3 names, 2 classes");
    assert_eq!(
        e,
        ExportError::Classes("3 class names for a model with 2 classes; pass one name per class (or none)".into())
    );
    let k = block_on(keras(&n, &spec, &[])).expect("default names");
    assert!(k.script.contains(r#"CLASS_NAMES = ["class_0", "class_1"]"#));
}

#[test]
fn a_network_from_another_spec_is_a_mismatch() {
    let n = net(&ModelSpec::reference_sentiment(20, 6));
    let e = block_on(onnx(&n, &ModelSpec::reference_sentiment(30, 6), &[])).expect_err("other vocabulary");
    assert!(matches!(&e, ExportError::Mismatch(m) if m.contains("layer 0 embeddings has shape [20, 16]")), "{e}");
}

fn tensor(st: &SafeTensors, name: &str) -> (Vec<usize>, Vec<f32>) {
    let t = st.tensor(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let values = t.data().chunks(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    (t.shape().to_vec(), values)
}

fn burn_values<const D: usize>(t: burn::tensor::Tensor<D>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_to_vec().expect("f32")
}

#[test]
fn keras_and_pytorch_weights_use_each_frameworks_layouts() {
    let spec = small_cnn().spec;
    let n = net(&spec);
    let classes = names(10);
    let k = block_on(keras(&n, &spec, &classes)).expect("keras");
    let t = block_on(pytorch(&n, &spec, &classes)).expect("pytorch");
    let conv = burn_values(n.params.conv2ds[0].weight.val()); // [8, 1, 3, 3]
    let dense = burn_values(n.params.linears[0].weight.val()); // [1352, 10]
    let ks = SafeTensors::deserialize(&k.weights).expect("keras weights");
    let (shape, values) = tensor(&ks, "conv2d/kernel");
    assert_eq!(shape, [3, 3, 1, 8]);
    // Keras [kh, kw, c = 1, f] ← burn [f, c = 1, kh, kw]: element (i, j, 0, f) = burn (f, 0, i, j).
    for (i, j, f) in [(0, 0, 0), (1, 2, 5), (2, 1, 7)] {
        assert_eq!(values[(i * 3 + j) * 8 + f], conv[f * 9 + i * 3 + j]);
    }
    assert_eq!(tensor(&ks, "dense/kernel"), (vec![1352, 10], dense.clone()));
    let ts = SafeTensors::deserialize(&t.weights).expect("pytorch weights");
    assert_eq!(tensor(&ts, "conv2d.weight"), (vec![8, 1, 3, 3], conv));
    let (shape, values) = tensor(&ts, "dense.weight");
    assert_eq!(shape, [10, 1352]);
    assert_eq!(values[3 * 1352 + 700], dense[700 * 10 + 3], "nn.Linear weight is [out, in]");
    let keys: HashSet<String> = ts.names().into_iter().map(str::to_string).collect();
    assert_eq!(keys, ["conv2d.weight", "conv2d.bias", "dense.weight", "dense.bias"].map(String::from).into());
    assert!(t.script.contains("self.conv2d = nn.Conv2d(1, 8, (3, 3), stride=(1, 1), padding=(0, 0))"), "{}", t.script);
    assert!(t.script.contains("x = x.permute(0, 2, 3, 1).flatten(1)"));
}

#[test]
fn batch_norm_becomes_pytorch_buffers_with_the_counter() {
    let spec = zoo().swap_remove(0);
    let t = block_on(pytorch(&net(&spec), &spec, &names(2))).expect("pytorch");
    let ts = SafeTensors::deserialize(&t.weights).expect("weights");
    for key in ["weight", "bias", "running_mean", "running_var"] {
        assert_eq!(ts.tensor(&format!("batch_normalization.{key}")).expect(key).shape(), [4]);
    }
    let counter = ts.tensor("batch_normalization.num_batches_tracked").expect("counter");
    assert_eq!((counter.dtype(), counter.shape()), (safetensors::Dtype::I64, &[][..]));
    // Keras momentum 0.99 weighs the running value; PyTorch's 0.01 weighs the batch.
    assert!(t.script.contains("nn.BatchNorm1d(4, eps=0.001, momentum=0.01"), "{}", t.script);
}

#[test]
fn permute_moves_every_value() {
    let t = HostTensor { shape: vec![2, 3, 4], values: (0..24).map(|v| v as f32).collect() };
    let p = t.permute(&[2, 0, 1]); // [4, 2, 3]
    assert_eq!(p.shape, [4, 2, 3]);
    for (a, b, c) in [(0, 0, 0), (1, 2, 3), (0, 1, 2)] {
        assert_eq!(p.values[(c * 2 + a) * 3 + b], t.values[(a * 3 + b) * 4 + c]);
    }
    let m = HostTensor { shape: vec![2, 3], values: (0..6).map(|v| v as f32).collect() };
    assert_eq!(m.transpose2(), m.permute(&[1, 0]));
}

#[test]
fn same_padding_gives_the_summarys_output_lengths() {
    for n in 1..12 {
        for k in 1..5 {
            for s in 1..4 {
                let (a, b) = same_pads(n, k, s, Padding::Same);
                assert!(b == a || b == a + 1, "the odd pixel goes after");
                assert_eq!(
                    (n + a + b - k) / s + 1,
                    kiln_core::shape::output_len(n, k, s, Padding::Same).expect("same")
                );
            }
        }
    }
    assert_eq!(same_pads(9, 3, 1, Padding::Valid), (0, 0));
}
