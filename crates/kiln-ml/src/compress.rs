//! Compressing a trained model: magnitude pruning (optionally fine-tuned with the pruned weights
//! held at zero), then int8 or float16 storage of the kernels, and the before/after table.
//!
//! The stored form is [`CompressedModel`]: every tensor by name (burn's module path) and shape,
//! kernels as int8 values plus one float16-exact scale per output channel (Dense, Conv) or per row
//! (Embedding, position tables), or as float16; biases, normalisation parameters and BatchNorm
//! statistics as f32. [`CompressedModel::to_safetensors`] writes it as a safetensors file (int8
//! tensors `I8`, their scales `<name>.scale` as `F16` in a broadcastable shape so that
//! `w = q · scale` with NumPy broadcasting, the rest `F32`); the size in the report is that file's.
//!
//! The test figures after compression are computed with the **dequantised** weights (`q · s` in
//! f32) in the ordinary f32 network: they measure what the stored numbers lose, not the speed of
//! int8 arithmetic (burn 0.22 has no int8 kernels in the browser).

use std::collections::HashMap;
use std::io::Write;

use burn::tensor::{Int, Tensor, TensorData};
use kiln_core::{LayerSpec, ModelSpec};
use kiln_protocol::TestMetrics;
use kiln_protocol::lab::{CompressReport, CompressRequest, Histogram, ModelFigures, TensorReport, WeightFormat};
use safetensors::tensor::{Dtype, TensorView};

use crate::MlError;
use crate::data::DeviceSplit;
use crate::eval::{Evaluator, read_scalar_i};
use crate::local::{apply_masks, epoch, mix_seed, shuffled};
use crate::model::{Head, Network, Params};
use crate::quant::{dequantize_int8, from_f16_bits, histogram, prune_mask, quantize_int8, to_f16_bits};
use crate::train::{Host, Trainer, optimizer};
use crate::weights::{HostTensor, TensorInfo, deep_copy, read_tensors, replace_from_host};

/// How one tensor is stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// Symmetric int8: `w ≈ values[i] · scales[channel of i along axis]`.
    Int8 {
        /// Row-major values in `[−127, 127]`.
        values: Vec<i8>,
        /// One scale per slice along `axis` (each exactly a float16 value).
        scales: Vec<f32>,
        /// The channel axis: 1 for a Dense kernel `[in, units]`, 0 for Conv kernels and tables.
        axis: usize,
    },
    /// IEEE 754 half precision bit patterns, row-major.
    Float16(Vec<u16>),
    /// 32-bit floats, row-major.
    Float32(Vec<f32>),
}

/// One stored tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct CompressedTensor {
    /// burn's module path, e.g. `linears.0.weight` (the name `SafetensorsStore` uses).
    pub name: String,
    /// Shape of the tensor, e.g. `[in, units]`.
    pub shape: Vec<usize>,
    /// Its values.
    pub stored: Stored,
}

impl CompressedTensor {
    /// The f32 values the network uses (`q · s` for int8), row-major.
    pub fn dequantized(&self) -> Vec<f32> {
        match &self.stored {
            Stored::Int8 { values, scales, axis } => dequantize_int8(
                &crate::quant::Int8 { values: values.clone(), scales: scales.clone(), axis: *axis },
                &self.shape,
            ),
            Stored::Float16(bits) => from_f16_bits(bits),
            Stored::Float32(v) => v.clone(),
        }
    }

    /// Bytes of values plus scales (1 per int8 value + 2 per scale; 2 per float16; 4 per f32).
    pub fn bytes(&self) -> usize {
        match &self.stored {
            Stored::Int8 { values, scales, .. } => values.len() + 2 * scales.len(),
            Stored::Float16(bits) => 2 * bits.len(),
            Stored::Float32(v) => 4 * v.len(),
        }
    }

    /// How it is stored, for the table.
    pub fn stored_as(&self) -> &'static str {
        match &self.stored {
            Stored::Int8 { axis: 0, .. } if self.shape.len() == 2 => "int8, one scale per row",
            Stored::Int8 { .. } => "int8, one scale per output channel",
            Stored::Float16(_) => "float16",
            Stored::Float32(_) => "float32",
        }
    }
}

/// A compressed model: every tensor of the network, in the network's order.
#[derive(Debug, Clone, PartialEq)]
pub struct CompressedModel {
    /// The tensors, in [`crate::weights::flat_tensors`] order.
    pub tensors: Vec<CompressedTensor>,
}

/// Metadata key holding the tensor names in model order (safetensors sorts its own index).
const ORDER_KEY: &str = "kiln.order";
/// Metadata key prefix of an int8 tensor's channel axis.
const AXIS_KEY: &str = "kiln.axis.";

impl CompressedModel {
    /// The model as a safetensors file: int8 tensors `I8` with `<name>.scale` (`F16`, shape 1
    /// except along the channel axis), float16 `F16`, others `F32`; metadata `kiln.order` (the
    /// names in model order, comma-separated) and `kiln.axis.<name>` per int8 tensor.
    ///
    /// # Errors
    /// [`MlError::Invalid`] when safetensors refuses a tensor (a shape that does not match).
    pub fn to_safetensors(&self) -> Result<Vec<u8>, MlError> {
        let mut bufs: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = Vec::new();
        let mut meta = HashMap::new();
        for t in &self.tensors {
            match &t.stored {
                Stored::Int8 { values, scales, axis } => {
                    bufs.push((t.name.clone(), Dtype::I8, t.shape.clone(), values.iter().map(|&v| v as u8).collect()));
                    let mut shape = vec![1; t.shape.len()];
                    shape[*axis] = scales.len();
                    let bits = to_f16_bits(scales).unwrap_or_default();
                    bufs.push((
                        format!("{}.scale", t.name),
                        Dtype::F16,
                        shape,
                        bits.iter().flat_map(|b| b.to_le_bytes()).collect(),
                    ));
                    meta.insert(format!("{AXIS_KEY}{}", t.name), axis.to_string());
                }
                Stored::Float16(bits) => {
                    bufs.push((
                        t.name.clone(),
                        Dtype::F16,
                        t.shape.clone(),
                        bits.iter().flat_map(|b| b.to_le_bytes()).collect(),
                    ));
                }
                Stored::Float32(v) => {
                    bufs.push((
                        t.name.clone(),
                        Dtype::F32,
                        t.shape.clone(),
                        v.iter().flat_map(|x| x.to_le_bytes()).collect(),
                    ));
                }
            }
        }
        meta.insert(ORDER_KEY.to_string(), self.tensors.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(","));
        let views = bufs
            .iter()
            .map(|(name, dtype, shape, data)| TensorView::new(*dtype, shape.clone(), data).map(|v| (name.clone(), v)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| MlError::Invalid(format!("cannot write the compressed model: {e}")))?;
        safetensors::serialize(views, Some(meta))
            .map_err(|e| MlError::Invalid(format!("cannot write the compressed model: {e}")))
    }

    /// Reads a file written by [`CompressedModel::to_safetensors`].
    ///
    /// # Errors
    /// [`MlError::Data`] when the bytes are not such a file.
    pub fn from_safetensors(bytes: &[u8]) -> Result<Self, MlError> {
        let bad = |e: String| MlError::Data(format!("not a compressed Kiln model: {e}"));
        let (_, header) = safetensors::SafeTensors::read_metadata(bytes).map_err(|e| bad(e.to_string()))?;
        let meta = header.metadata().clone().unwrap_or_default();
        let file = safetensors::SafeTensors::deserialize(bytes).map_err(|e| bad(e.to_string()))?;
        let order = meta.get(ORDER_KEY).ok_or_else(|| bad(format!("no {ORDER_KEY}")))?;
        let mut tensors = Vec::new();
        for name in order.split(',').filter(|n| !n.is_empty()) {
            let view = file.tensor(name).map_err(|e| bad(e.to_string()))?;
            let shape = view.shape().to_vec();
            let data = view.data();
            let stored = match view.dtype() {
                Dtype::I8 => {
                    let scale = file.tensor(&format!("{name}.scale")).map_err(|e| bad(e.to_string()))?;
                    let axis = meta.get(&format!("{AXIS_KEY}{name}")).and_then(|a| a.parse().ok()).unwrap_or(0);
                    let bits: Vec<u16> =
                        scale.data().chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
                    Stored::Int8 { values: data.iter().map(|&b| b as i8).collect(), scales: from_f16_bits(&bits), axis }
                }
                Dtype::F16 => Stored::Float16(data.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect()),
                Dtype::F32 => Stored::Float32(
                    data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect(),
                ),
                other => return Err(bad(format!("{name} has type {other:?}"))),
            };
            tensors.push(CompressedTensor { name: name.to_string(), shape, stored });
        }
        Ok(CompressedModel { tensors })
    }

    /// The float model as a compressed model (every tensor `Float32`), for the "before" size.
    pub fn float(tensors: &[HostTensor]) -> Self {
        CompressedModel {
            tensors: tensors
                .iter()
                .map(|t| CompressedTensor {
                    name: t.info.name.clone(),
                    shape: t.info.shape.clone(),
                    stored: Stored::Float32(t.values.clone()),
                })
                .collect(),
        }
    }
}

/// The result of [`compress`].
pub struct Compression {
    /// The before/after table for the page.
    pub report: CompressReport,
    /// The stored tensors (to export, or to put in a model file).
    pub model: CompressedModel,
    /// The compressed network's parameters (dequantised values), trainable on the run's
    /// device: `trainer.network_mut().params = compression.params` keeps it as the current model.
    pub params: Params,
}

/// gzip size of `bytes` (flate2, default level).
fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = e.write_all(bytes);
    e.finish().map_or(bytes.len(), |v| v.len())
}

/// The builder layer a tensor belongs to: `Dense (relu) · layer 3` for `linears.0.weight` when the
/// first Dense is the third layer (the tensor's own name when no layer matches).
pub fn layer_label(spec: &ModelSpec, name: &str) -> String {
    let mut parts = name.split('.');
    let (kind, index) = (parts.next().unwrap_or(""), parts.next().and_then(|i| i.parse::<usize>().ok()));
    let matches = |l: &LayerSpec| match kind {
        "embeddings" => matches!(l, LayerSpec::Embedding { .. }),
        "linears" => matches!(l, LayerSpec::Dense { .. }),
        "conv1ds" => matches!(l, LayerSpec::Conv1D { .. }),
        "conv2ds" => matches!(l, LayerSpec::Conv2D { .. }),
        "batch_norms" => matches!(l, LayerSpec::BatchNormalization { .. }),
        "layer_norms" => matches!(l, LayerSpec::LayerNormalization { .. }),
        "attentions" => matches!(l, LayerSpec::MultiHeadSelfAttention { .. }),
        _ => false,
    };
    let found = index.and_then(|k| spec.layers.iter().enumerate().filter(|(_, l)| matches(l)).nth(k));
    match found {
        Some((i, l)) => format!("{} · layer {}", l.display_name(), i + 1),
        None => name.to_string(),
    }
}

/// Compresses the trainer's current model as `request` asks and measures both versions on the
/// test split. `spec` is the run's model (it names the layers). Fine-tuning, when asked, trains
/// on the training split with the run's optimizer, learning rate and batch size, reading the
/// host's controls before every batch. The trainer is not changed.
///
/// Returns `None` when the host said Stop during fine-tuning.
///
/// # Errors
/// [`MlError::Invalid`] for a bad request; [`MlError::Device`] when a read-back fails.
pub async fn compress(
    spec: &ModelSpec,
    trainer: &Trainer,
    request: &CompressRequest,
    host: &mut impl Host,
) -> Result<Option<Compression>, MlError> {
    request.validate().map_err(|m| MlError::Invalid(kiln_i18n::english(&m)))?;
    let original = trainer.network();
    let before = read_tensors(&original.params).await?;
    // 1. Pruning masks (kernels only), and the pruned values.
    let masks: Vec<Option<Vec<bool>>> = before
        .iter()
        .map(|t| (t.info.kind.is_kernel() && request.sparsity > 0.0).then(|| prune_mask(&t.values, request.sparsity)))
        .collect();
    let pruned: Vec<Vec<f32>> = before
        .iter()
        .zip(&masks)
        .map(|(t, m)| match m {
            Some(m) => t.values.iter().zip(m).map(|(&v, &k)| if k { v } else { 0.0 }).collect(),
            None => t.values.clone(),
        })
        .collect();
    // 2. Optional fine-tuning with the pruned weights held at zero.
    let mut tuned = pruned;
    let mut fine_tuned_epochs = 0;
    if request.fine_tune_epochs > 0 {
        let Some((values, epochs)) = fine_tune(trainer, &tuned, &masks, request.fine_tune_epochs, host).await? else {
            return Ok(None);
        };
        tuned = values;
        fine_tuned_epochs = epochs;
    }
    // 3. Storage.
    let model = CompressedModel {
        tensors: before.iter().zip(&tuned).map(|(t, v)| store(&t.info, v, request.format)).collect(),
    };
    let after_values: Vec<Vec<f32>> = model.tensors.iter().map(CompressedTensor::dequantized).collect();
    let params = replace_from_host(deep_copy(&original.params), &after_values)?;
    let compressed = original.with_params(params);
    // 4. Measures.
    let plain = trainer.device();
    let (old_eval, new_eval) = (Evaluator::new(original, plain), Evaluator::new(&compressed, plain));
    let (test_before, test_after, agreement) = match trainer.test_split() {
        Some(test) => (
            old_eval.evaluate(test, trainer.objective()).await?,
            new_eval.evaluate(test, trainer.objective()).await?,
            agreement(old_eval.network(), new_eval.network(), test).await?,
        ),
        None => {
            let none = TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 };
            (none, none, f64::NAN)
        }
    };
    let float_file = CompressedModel::float(&before).to_safetensors()?;
    let file = model.to_safetensors()?;
    let count = |values: &[Vec<f32>], nonzero: bool| -> usize {
        before
            .iter()
            .zip(values)
            .filter(|(t, _)| t.info.trainable)
            .map(|(_, v)| if nonzero { v.iter().filter(|x| **x != 0.0).count() } else { v.len() })
            .sum()
    };
    let before_values: Vec<Vec<f32>> = before.iter().map(|t| t.values.clone()).collect();
    let figures = |bytes: &[u8], values: &[Vec<f32>], test| ModelFigures {
        bytes: bytes.len(),
        gzip_bytes: gzip_len(bytes),
        params: count(values, false),
        nonzero_params: count(values, true),
        test,
    };
    let tensors = before
        .iter()
        .zip(&model.tensors)
        .zip(tuned.iter().zip(&after_values))
        .zip(&masks)
        .map(|(((t, c), (kept, after)), mask)| {
            let pruned = mask.as_ref().map_or(0, |m| m.iter().filter(|k| !**k).count());
            tensor_report(spec, t, c, kept, after, pruned, request.histogram_bins)
        })
        .collect();
    let report = CompressReport {
        request: *request,
        before: figures(&float_file, &before_values, test_before),
        after: figures(&file, &after_values, test_after),
        ratio: float_file.len() as f64 / file.len().max(1) as f64,
        agreement,
        tensors,
        fine_tuned_epochs,
        note: kiln_i18n::Msg::new("lab-compress-note"),
    };
    Ok(Some(Compression { report, model, params: compressed.params }))
}

/// Stores one tensor's values in `format` (kernels only; others, and kernels that do not fit
/// the format, stay f32).
fn store(info: &TensorInfo, values: &[f32], format: WeightFormat) -> CompressedTensor {
    let stored = match (info.kind.is_kernel(), format) {
        (true, WeightFormat::Int8) => match quantize_int8(values, &info.shape, info.kind.channel_axis()) {
            Some(q) => Stored::Int8 { values: q.values, scales: q.scales, axis: q.axis },
            None => Stored::Float32(values.to_vec()),
        },
        (true, WeightFormat::Float16) => match to_f16_bits(values) {
            Some(bits) => Stored::Float16(bits),
            None => Stored::Float32(values.to_vec()),
        },
        _ => Stored::Float32(values.to_vec()),
    };
    CompressedTensor { name: info.name.clone(), shape: info.shape.clone(), stored }
}

fn tensor_report(
    spec: &ModelSpec,
    original: &HostTensor,
    stored: &CompressedTensor,
    kept_values: &[f32],
    after: &[f32],
    pruned: usize,
    bins: usize,
) -> TensorReport {
    let max_error = kept_values.iter().zip(after).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    // One symmetric range for both histograms, so the bars line up.
    let m = original.values.iter().chain(after).fold(0.0f32, |m, v| m.max(v.abs()));
    let m = if m > 0.0 { m } else { 1.0 };
    let hist = |values: &[f32]| Histogram {
        lo: -m,
        hi: m,
        counts: if original.info.kind.is_kernel() { histogram(values, -m, m, bins) } else { Vec::new() },
    };
    TensorReport {
        name: original.info.name.clone(),
        layer: layer_label(spec, &original.info.name),
        shape: original.info.shape.clone(),
        stored_as: stored.stored_as().into(),
        bytes: stored.bytes(),
        pruned,
        kept: after.iter().filter(|v| **v != 0.0).count(),
        total: after.len(),
        max_error,
        before: hist(&original.values),
        after: hist(after),
    }
}

/// Fine-tunes a copy of the trainer's network from `values` for `epochs` epochs, multiplying the
/// kernels by their masks after every step. Returns the tuned values and the epochs run, or
/// `None` when the host said Stop.
async fn fine_tune(
    trainer: &Trainer,
    values: &[Vec<f32>],
    masks: &[Option<Vec<bool>>],
    epochs: usize,
    host: &mut impl Host,
) -> Result<Option<(Vec<Vec<f32>>, usize)>, MlError> {
    let config = trainer.config();
    let original = trainer.network();
    let mut net = original.with_params(replace_from_host(deep_copy(&original.params), values)?);
    let split = trainer.train_split();
    let device = crate::local::split_device(split);
    let mask_tensors: Vec<Option<Tensor<1>>> = masks
        .iter()
        .map(|m| {
            m.as_ref().map(|m| {
                let v: Vec<f32> = m.iter().map(|&k| if k { 1.0 } else { 0.0 }).collect();
                Tensor::from_data(TensorData::new(v, [m.len()]), &device)
            })
        })
        .collect();
    let mut optim = optimizer(config);
    let rows: Vec<u32> = (0..split.len as u32).collect();
    for e in 0..epochs {
        let order = shuffled(&rows, mix_seed(&[config.seed, 0xF1AE, e as u64]));
        let done = epoch(
            &mut net,
            &mut optim,
            trainer.objective(),
            split,
            &order,
            config.batch_size,
            config,
            None,
            host,
            |n| apply_masks(n, &mask_tensors),
        )
        .await?;
        if done.is_none() {
            return Ok(None);
        }
    }
    let tuned = read_tensors(&net.params).await?.into_iter().map(|t| t.values).collect();
    Ok(Some((tuned, epochs)))
}

/// Fraction of `split`'s examples whose predicted class is the same under `a` and `b` (argmax for
/// softmax heads, `logit > 0` for sigmoid heads); NaN for regression.
///
/// # Errors
/// [`MlError::Device`] when the read-back fails.
pub async fn agreement(a: &Network, b: &Network, split: &DeviceSplit) -> Result<f64, MlError> {
    let class = |net: &Network, x| -> Option<Tensor<2, Int>> {
        let out = net.forward(x);
        match net.head() {
            Head::Softmax => Some(out.argmax(1)),
            Head::Sigmoid => Some(out.greater_elem(0.0).int()),
            Head::Linear => None,
        }
    };
    let mut same: Option<Tensor<1, Int>> = None;
    let mut start = 0;
    while start < split.len {
        let end = (start + 512).min(split.len);
        let (x, _) = split.rows(start, end);
        let (Some(ca), Some(cb)) = (class(a, x.clone()), class(b, x)) else { return Ok(f64::NAN) };
        let s = ca.equal(cb).int().sum();
        same = Some(match same {
            Some(acc) => acc + s,
            None => s,
        });
        start = end;
    }
    match same {
        Some(s) => Ok(read_scalar_i(s).await? / split.len as f64),
        None => Ok(f64::NAN),
    }
}
