//! A trained network as an ONNX model (opset 17, IR version 8), written with `prost` and the
//! declared subset of onnx.proto in `onnx_proto`.
//!
//! The graph computes what [`Network::predict`](crate::Network::predict) computes — probabilities
//! for classifiers (the sigmoid / softmax head included), the plain output for regression — from
//! the raw model input:
//!
//! | input name | type | shape |
//! |---|---|---|
//! | `input_ids` | int64 | `[batch, seq_len]` token ids (0 padding, 1 out-of-vocabulary) |
//! | `features` | float | `[batch, width]` (already standardised as Kiln prepared them) |
//! | `images` | float | `[batch, height, width, channels]` channels-last, values in `[0, 1]` |
//!
//! The output is `probabilities` `[batch, classes]` (`[batch, 1]`, the positive class, for a
//! sigmoid head) or `output` `[batch, 1]` for regression. `batch` is a symbolic dimension.
//!
//! Layer by layer (ONNX operators): Embedding → `Gather` and a padding mask (`Equal`, `Not`,
//! `Cast`); masked GlobalAveragePooling1D → `Mul`, `ReduceSum`, `Max`, `Div` (the mean over the real
//! tokens, as Kiln); masked GlobalMaxPooling1D → padding pushed to −10⁹ then `ReduceMax`; Dense →
//! `Gemm`; Conv1D / Conv2D → `Conv` with explicit `pads` (TensorFlow's "same": the odd pixel after);
//! MaxPool2D / AveragePool2D → `MaxPool` / `AveragePool` (`count_include_pad = 0`, as Keras);
//! Flatten → `Transpose` to channels-last then `Flatten` (Keras order); Dropout → nothing (the
//! identity at inference); BatchNormalization → `BatchNormalization` with the running statistics;
//! LayerNormalization → `LayerNormalization` (opset 17); activations → `Relu`, `LeakyRelu`
//! (α = 0.2), `Sigmoid`, `Tanh`, `Softmax` (the channel / feature axis) and GELU as
//! `0.5·x·(1 + erf(x/√2))`. MultiHeadSelfAttention is refused with [`ExportError::Unsupported`].
//!
//! Metadata (`metadata_props`): `kiln.spec` (the spec JSON), `kiln.class_names` (a JSON array),
//! `kiln.output` (`probabilities` or `output`).

use kiln_core::{Activation, InputSpec, LEAKY_RELU_ALPHA, LayerSpec, LossSpec, Padding, Shape};
use prost::Message;

use super::ExportError;
use super::onnx_proto::{
    AttributeProto, DimValue, Dimension, GraphProto, ModelProto, NodeProto, OperatorSetIdProto, StringStringEntryProto,
    TensorProto, TensorShapeProto, TypeProto, TypeTensor, ValueInfoProto, attribute_type, data_type,
};
use super::plan::{HostTensor, Plan, Step, same_pads};

/// The ONNX operator set the graph is written against (LayerNormalization needs 17).
pub const OPSET: i64 = 17;
/// The ONNX IR version that goes with opset 17 (ONNX 1.12).
pub const IR_VERSION: i64 = 8;

/// Activations flowing between layers: names of graph values, in the layouts Kiln uses inside.
enum Val {
    /// int64 `[batch, seq_len]`.
    Ids(String),
    /// `[batch, seq_len, features]` plus the float `[batch, seq_len]` mask (1 real, 0 padding).
    Seq(String, Option<String>),
    /// `[batch, features]`.
    Flat(String),
    /// Channels-first `[batch, c, h, w]`.
    Image(String),
}

/// Nodes and initializers of the graph being written.
#[derive(Default)]
struct Graph {
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    counter: usize,
}

fn ints(name: &str, values: &[i64]) -> AttributeProto {
    AttributeProto {
        name: Some(name.into()),
        r#type: Some(attribute_type::INTS),
        ints: values.to_vec(),
        ..Default::default()
    }
}

fn int(name: &str, value: i64) -> AttributeProto {
    AttributeProto { name: Some(name.into()), r#type: Some(attribute_type::INT), i: Some(value), ..Default::default() }
}

fn float(name: &str, value: f32) -> AttributeProto {
    AttributeProto {
        name: Some(name.into()),
        r#type: Some(attribute_type::FLOAT),
        f: Some(value),
        ..Default::default()
    }
}

fn to_i64(values: &[usize]) -> Vec<i64> {
    values.iter().map(|&v| v as i64).collect()
}

impl Graph {
    /// Adds `op` reading `inputs`; returns its output's name, `{scope}/{op}_{n}`.
    fn node(&mut self, scope: &str, op: &str, inputs: &[&str], attribute: Vec<AttributeProto>) -> String {
        self.counter += 1;
        let output = format!("{scope}/{op}_{}", self.counter);
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: vec![output.clone()],
            name: Some(output.clone()),
            op_type: Some(op.into()),
            attribute,
            doc_string: None,
        });
        output
    }

    fn tensor(&mut self, name: String, dims: &[usize], data_type: i32, raw: Vec<u8>) -> String {
        self.initializers.push(TensorProto {
            dims: to_i64(dims),
            data_type: Some(data_type),
            name: Some(name.clone()),
            raw_data: Some(raw),
        });
        name
    }

    fn weight(&mut self, name: String, t: &HostTensor) -> String {
        self.tensor(name, &t.shape, data_type::FLOAT, t.le_bytes())
    }

    /// A float constant (scalar when `dims` is empty).
    fn constant(&mut self, name: &str, dims: &[usize], values: &[f32]) -> String {
        let raw = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.tensor(format!("const/{name}"), dims, data_type::FLOAT, raw)
    }

    /// An int64 vector constant (axes, zero id).
    fn ints(&mut self, name: &str, values: &[i64]) -> String {
        let raw = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.tensor(format!("const/{name}"), &[values.len()], data_type::INT64, raw)
    }

    /// Registers the shared constants once (the first call writes them).
    fn shared(&mut self, name: &str) -> String {
        let full = format!("const/{name}");
        if self.initializers.iter().any(|t| t.name.as_deref() == Some(full.as_str())) {
            return full;
        }
        match name {
            "one" => self.constant(name, &[], &[1.0]),
            "half" => self.constant(name, &[], &[0.5]),
            "sqrt2" => self.constant(name, &[], &[std::f32::consts::SQRT_2]),
            "big" => self.constant(name, &[], &[1e9]),
            "axis1" => self.ints(name, &[1]),
            "axis2" => self.ints(name, &[2]),
            _ => {
                // "zero_id": the padding id, a scalar int64.
                self.tensor(full, &[], data_type::INT64, 0i64.to_le_bytes().to_vec())
            }
        }
    }

    fn transpose(&mut self, scope: &str, x: &str, perm: &[i64]) -> String {
        self.node(scope, "Transpose", &[x], vec![ints("perm", perm)])
    }

    /// Applies `activation`; softmax over `axis`.
    fn activate(&mut self, scope: &str, x: String, activation: Activation, axis: i64) -> String {
        match activation {
            Activation::Linear => x,
            Activation::Relu => self.node(scope, "Relu", &[&x], vec![]),
            Activation::LeakyRelu => {
                self.node(scope, "LeakyRelu", &[&x], vec![float("alpha", LEAKY_RELU_ALPHA as f32)])
            }
            Activation::Sigmoid => self.node(scope, "Sigmoid", &[&x], vec![]),
            Activation::Tanh => self.node(scope, "Tanh", &[&x], vec![]),
            Activation::Softmax => self.node(scope, "Softmax", &[&x], vec![int("axis", axis)]),
            Activation::Gelu => {
                // 0.5·x·(1 + erf(x/√2)): burn's exact GELU (the Gelu operator needs opset 20).
                let (sqrt2, one, half) = (self.shared("sqrt2"), self.shared("one"), self.shared("half"));
                let scaled = self.node(scope, "Div", &[&x, &sqrt2], vec![]);
                let erf = self.node(scope, "Erf", &[&scaled], vec![]);
                let plus = self.node(scope, "Add", &[&erf, &one], vec![]);
                let times = self.node(scope, "Mul", &[&x, &plus], vec![]);
                self.node(scope, "Mul", &[&times, &half], vec![])
            }
        }
    }

    /// Mask `[b, s]` → `[b, s, 1]`.
    fn mask3(&mut self, scope: &str, mask: &str) -> String {
        let axis2 = self.shared("axis2");
        self.node(scope, "Unsqueeze", &[mask, &axis2], vec![])
    }

    /// `[b, s]` mask → count of real tokens `[b, 1]` (`keepdims`).
    fn count(&mut self, scope: &str, mask: &str) -> String {
        let axis1 = self.shared("axis1");
        self.node(scope, "ReduceSum", &[mask, &axis1], vec![int("keepdims", 1)])
    }
}

fn flatten(g: &mut Graph, scope: &str, v: Val) -> String {
    match v {
        Val::Flat(x) => x,
        Val::Seq(x, _) => g.node(scope, "Flatten", &[&x], vec![int("axis", 1)]),
        Val::Image(x) => {
            let nhwc = g.transpose(scope, &x, &[0, 2, 3, 1]);
            g.node(scope, "Flatten", &[&nhwc], vec![int("axis", 1)])
        }
        Val::Ids(x) => {
            let f = g.node(scope, "Cast", &[&x], vec![int("to", i64::from(data_type::FLOAT))]);
            g.node(scope, "Flatten", &[&f], vec![int("axis", 1)])
        }
    }
}

/// Writes one layer. `Err` only for a layer/activation pairing the spec validation refuses.
fn layer(g: &mut Graph, s: &Step, v: Val) -> Result<Val, ExportError> {
    let scope = s.name.as_str();
    let wrong = || ExportError::Mismatch(format!("layer {} ({}) got an input it cannot take", s.index, s.layer.kind()));
    Ok(match (&s.layer, v) {
        (LayerSpec::Embedding { .. }, Val::Ids(ids)) => {
            let table = g.weight(format!("{scope}/embeddings"), s.weight("embeddings")?);
            let x = g.node(scope, "Gather", &[&table, &ids], vec![int("axis", 0)]);
            let zero = g.shared("zero_id");
            let pad = g.node(scope, "Equal", &[&ids, &zero], vec![]);
            let real = g.node(scope, "Not", &[&pad], vec![]);
            let mask = g.node(scope, "Cast", &[&real], vec![int("to", i64::from(data_type::FLOAT))]);
            Val::Seq(x, Some(mask))
        }
        (LayerSpec::GlobalAveragePooling1D, Val::Seq(x, mask)) => {
            let axis1 = g.shared("axis1");
            match mask {
                // sum_t(x·m) / max(1, sum_t m): padding never dilutes the mean; all-padding rows give 0.
                Some(m) => {
                    let m3 = g.mask3(scope, &m);
                    let xm = g.node(scope, "Mul", &[&x, &m3], vec![]);
                    let sum = g.node(scope, "ReduceSum", &[&xm, &axis1], vec![int("keepdims", 0)]);
                    let count = g.count(scope, &m);
                    let one = g.shared("one");
                    let count = g.node(scope, "Max", &[&count, &one], vec![]);
                    Val::Flat(g.node(scope, "Div", &[&sum, &count], vec![]))
                }
                None => Val::Flat(g.node(scope, "ReduceMean", &[&x], vec![ints("axes", &[1]), int("keepdims", 0)])),
            }
        }
        (LayerSpec::GlobalMaxPooling1D, Val::Seq(x, mask)) => match mask {
            // max_t(x·m + (m − 1)·10⁹) · min(1, sum_t m): as Kiln's masked max.
            Some(m) => {
                let m3 = g.mask3(scope, &m);
                let xm = g.node(scope, "Mul", &[&x, &m3], vec![]);
                let one = g.shared("one");
                let big = g.shared("big");
                let off = g.node(scope, "Sub", &[&m3, &one], vec![]);
                let push = g.node(scope, "Mul", &[&off, &big], vec![]);
                let pushed = g.node(scope, "Add", &[&xm, &push], vec![]);
                let max = g.node(scope, "ReduceMax", &[&pushed], vec![ints("axes", &[1]), int("keepdims", 0)]);
                let count = g.count(scope, &m);
                let any = g.node(scope, "Min", &[&count, &one], vec![]);
                Val::Flat(g.node(scope, "Mul", &[&max, &any], vec![]))
            }
            None => Val::Flat(g.node(scope, "ReduceMax", &[&x], vec![ints("axes", &[1]), int("keepdims", 0)])),
        },
        (LayerSpec::Dense { activation, .. }, Val::Flat(x)) => {
            let w = g.weight(format!("{scope}/kernel"), s.weight("kernel")?);
            let b = g.weight(format!("{scope}/bias"), s.weight("bias")?);
            let y = g.node(scope, "Gemm", &[&x, &w, &b], vec![]);
            Val::Flat(g.activate(scope, y, *activation, 1))
        }
        (LayerSpec::Conv1D { kernel_size, strides, padding, activation, .. }, Val::Seq(x, mask)) => {
            let Shape::Sequence { seq_len, .. } = s.input else { return Err(wrong()) };
            let (before, after) = same_pads(seq_len, *kernel_size, *strides, *padding);
            let w = g.weight(format!("{scope}/kernel"), s.weight("kernel")?);
            let b = g.weight(format!("{scope}/bias"), s.weight("bias")?);
            let ncs = g.transpose(scope, &x, &[0, 2, 1]);
            let attrs = vec![
                ints("kernel_shape", &to_i64(&[*kernel_size])),
                ints("strides", &to_i64(&[*strides])),
                ints("pads", &to_i64(&[before, after])),
            ];
            let y = g.node(scope, "Conv", &[&ncs, &w, &b], attrs);
            let nsc = g.transpose(scope, &y, &[0, 2, 1]);
            Val::Seq(g.activate(scope, nsc, *activation, 2), if s.mask_out { mask } else { None })
        }
        (LayerSpec::Conv2D { kernel_size, strides, padding, activation, .. }, Val::Image(x)) => {
            let pads = pads2d(s.input, *kernel_size, *strides, *padding).ok_or_else(wrong)?;
            let w = g.weight(format!("{scope}/kernel"), s.weight("kernel")?);
            let b = g.weight(format!("{scope}/bias"), s.weight("bias")?);
            let attrs = vec![
                ints("kernel_shape", &to_i64(kernel_size)),
                ints("strides", &to_i64(strides)),
                ints("pads", &to_i64(&pads)),
            ];
            let y = g.node(scope, "Conv", &[&x, &w, &b], attrs);
            Val::Image(g.activate(scope, y, *activation, 1))
        }
        (
            LayerSpec::MaxPool2D { pool_size, strides, padding }
            | LayerSpec::AveragePool2D { pool_size, strides, padding },
            Val::Image(x),
        ) => {
            let strides = strides.unwrap_or(*pool_size);
            let pads = pads2d(s.input, *pool_size, strides, *padding).ok_or_else(wrong)?;
            let mut attrs = vec![
                ints("kernel_shape", &to_i64(pool_size)),
                ints("strides", &to_i64(&strides)),
                ints("pads", &to_i64(&pads)),
            ];
            let op = if matches!(s.layer, LayerSpec::MaxPool2D { .. }) {
                "MaxPool"
            } else {
                attrs.push(int("count_include_pad", 0));
                "AveragePool"
            };
            Val::Image(g.node(scope, op, &[&x], attrs))
        }
        (LayerSpec::Flatten, v) => Val::Flat(flatten(g, scope, v)),
        (LayerSpec::Dropout { .. }, v) => v,
        (LayerSpec::BatchNormalization { epsilon, .. }, v) => {
            let names: Vec<String> = ["gamma", "beta", "moving_mean", "moving_variance"]
                .iter()
                .map(|role| Ok(g.weight(format!("{scope}/{role}"), s.weight(role)?)))
                .collect::<Result<_, ExportError>>()?;
            let bn = |g: &mut Graph, x: &str| {
                let inputs = [x, &names[0], &names[1], &names[2], &names[3]];
                g.node(scope, "BatchNormalization", &inputs, vec![float("epsilon", *epsilon as f32)])
            };
            match v {
                Val::Flat(x) => Val::Flat(bn(g, &x)),
                Val::Image(x) => Val::Image(bn(g, &x)),
                Val::Seq(x, m) => {
                    let ncs = g.transpose(scope, &x, &[0, 2, 1]);
                    let y = bn(g, &ncs);
                    Val::Seq(g.transpose(scope, &y, &[0, 2, 1]), m)
                }
                Val::Ids(_) => return Err(wrong()),
            }
        }
        (LayerSpec::LayerNormalization { epsilon }, v) => {
            let gamma = g.weight(format!("{scope}/gamma"), s.weight("gamma")?);
            let beta = g.weight(format!("{scope}/beta"), s.weight("beta")?);
            let attrs = || vec![int("axis", -1), float("epsilon", *epsilon as f32)];
            match v {
                Val::Flat(x) => Val::Flat(g.node(scope, "LayerNormalization", &[&x, &gamma, &beta], attrs())),
                Val::Seq(x, m) => Val::Seq(g.node(scope, "LayerNormalization", &[&x, &gamma, &beta], attrs()), m),
                Val::Image(x) => {
                    // Keras normalises the channel axis: to channels-last and back.
                    let nhwc = g.transpose(scope, &x, &[0, 2, 3, 1]);
                    let y = g.node(scope, "LayerNormalization", &[&nhwc, &gamma, &beta], attrs());
                    Val::Image(g.transpose(scope, &y, &[0, 3, 1, 2]))
                }
                Val::Ids(_) => return Err(wrong()),
            }
        }
        (LayerSpec::Activation { activation }, v) => match v {
            Val::Flat(x) => Val::Flat(g.activate(scope, x, *activation, 1)),
            Val::Seq(x, m) => Val::Seq(g.activate(scope, x, *activation, 2), m),
            Val::Image(x) => Val::Image(g.activate(scope, x, *activation, 1)),
            Val::Ids(_) => return Err(wrong()),
        },
        _ => return Err(wrong()),
    })
}

/// ONNX `pads` `[top, left, bottom, right]` for a window over an image input.
fn pads2d(input: Shape, k: [usize; 2], s: [usize; 2], padding: Padding) -> Option<[usize; 4]> {
    let Shape::Image { height, width, .. } = input else { return None };
    let (top, bottom) = same_pads(height, k[0], s[0], padding);
    let (left, right) = same_pads(width, k[1], s[1], padding);
    Some([top, left, bottom, right])
}

fn value_info(name: &str, elem_type: i32, dims: &[Option<usize>], doc: &str) -> ValueInfoProto {
    let dim = dims
        .iter()
        .map(|d| Dimension {
            value: Some(match d {
                Some(n) => DimValue::DimValue(*n as i64),
                None => DimValue::DimParam("batch".into()),
            }),
        })
        .collect();
    ValueInfoProto {
        name: Some(name.into()),
        r#type: Some(TypeProto {
            tensor_type: Some(TypeTensor { elem_type: Some(elem_type), shape: Some(TensorShapeProto { dim }) }),
        }),
        doc_string: Some(doc.into()),
    }
}

fn entry(key: &str, value: String) -> StringStringEntryProto {
    StringStringEntryProto { key: Some(key.into()), value: Some(value) }
}

/// Writes the ONNX model for a plan (weights already on the host).
pub(crate) fn write(plan: &Plan) -> Result<Vec<u8>, ExportError> {
    plan.refuse_unsupported("ONNX")?;
    let mut g = Graph::default();
    let (input, mut v) = match plan.spec.input {
        InputSpec::Tokens { seq_len, .. } => (
            value_info(
                "input_ids",
                data_type::INT64,
                &[None, Some(seq_len)],
                "token ids [batch, seq_len]: 0 padding, 1 out-of-vocabulary",
            ),
            Val::Ids("input_ids".into()),
        ),
        InputSpec::Features { width } => (
            value_info("features", data_type::FLOAT, &[None, Some(width)], "features [batch, width]"),
            Val::Flat("features".into()),
        ),
        InputSpec::Images { height, width, channels } => {
            let info = value_info(
                "images",
                data_type::FLOAT,
                &[None, Some(height), Some(width), Some(channels)],
                "images [batch, height, width, channels], channels-last, values in [0, 1]",
            );
            // Kiln's layers run channels-first inside, as burn's.
            (info, Val::Image(g.transpose("input", "images", &[0, 3, 1, 2])))
        }
    };
    for s in &plan.steps {
        v = layer(&mut g, s, v)?;
    }
    let last = flatten(&mut g, "output", v);
    let units = plan.steps.last().map_or(0, |s| s.output.last_axis());
    let (out_name, doc) = match plan.spec.loss {
        LossSpec::MeanSquaredError => ("output", "the model's output [batch, 1]".to_string()),
        LossSpec::BinaryCrossEntropy => (
            "probabilities",
            format!("probability of {:?} [batch, 1]", plan.classes.last().cloned().unwrap_or_default()),
        ),
        LossSpec::CategoricalCrossEntropy => ("probabilities", format!("class probabilities [batch, {units}]")),
    };
    g.nodes.push(NodeProto {
        input: vec![last],
        output: vec![out_name.into()],
        name: Some("output/Identity".into()),
        op_type: Some("Identity".into()),
        ..Default::default()
    });
    let graph = GraphProto {
        node: g.nodes,
        name: Some("kiln".into()),
        initializer: g.initializers,
        doc_string: Some(plan.layer_line()),
        input: vec![input],
        output: vec![value_info(out_name, data_type::FLOAT, &[None, Some(units)], &doc)],
    };
    let classes = serde_json::to_string(&plan.classes).map_err(|e| ExportError::Invalid(e.to_string()))?;
    let model = ModelProto {
        ir_version: Some(IR_VERSION),
        opset_import: vec![OperatorSetIdProto { domain: Some(String::new()), version: Some(OPSET) }],
        producer_name: Some("kiln".into()),
        producer_version: Some(env!("CARGO_PKG_VERSION").into()),
        model_version: Some(1),
        doc_string: Some(format!("Kiln model: {}", plan.layer_line())),
        graph: Some(graph),
        metadata_props: vec![
            entry("kiln.spec", plan.spec.to_json()),
            entry("kiln.class_names", classes),
            entry("kiln.output", out_name.into()),
        ],
    };
    Ok(model.encode_to_vec())
}
