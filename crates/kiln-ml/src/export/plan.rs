//! The walk every exporter shares: the spec's layers in order with their Keras-style names, input
//! and output shapes, whether Kiln's padding mask reaches them, and their weights read back to
//! the host in burn's layouts.
//!
//! Reading is asynchronous (`into_data_async`), so it works on every engine (a synchronous read
//! panics on WebGPU), and it happens once: the exporters then only arrange host values.

use std::collections::HashMap;

use kiln_core::{LayerSpec, ModelSpec, Shape};

use super::ExportError;
use crate::Network;
use crate::eval::read_vec_f;

/// One parameter tensor on the host: row-major `values`, `shape.iter().product()` of them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HostTensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

impl HostTensor {
    /// Transposes a 2-D tensor `[r, c]` → `[c, r]`.
    pub fn transpose2(&self) -> HostTensor {
        let (r, c) = (self.shape[0], self.shape[1]);
        let mut values = vec![0.0; r * c];
        for i in 0..r {
            for j in 0..c {
                values[j * r + i] = self.values[i * c + j];
            }
        }
        HostTensor { shape: vec![c, r], values }
    }

    /// Permutes the axes: output axis `k` is input axis `perm[k]` (numpy's `transpose(perm)`).
    pub fn permute(&self, perm: &[usize]) -> HostTensor {
        let rank = self.shape.len();
        let shape: Vec<usize> = perm.iter().map(|&p| self.shape[p]).collect();
        let mut in_strides = vec![1usize; rank];
        for k in (0..rank.saturating_sub(1)).rev() {
            in_strides[k] = in_strides[k + 1] * self.shape[k + 1];
        }
        let mut values = Vec::with_capacity(self.values.len());
        let mut index = vec![0usize; rank];
        for _ in 0..self.values.len() {
            let offset: usize = (0..rank).map(|k| index[k] * in_strides[perm[k]]).sum();
            values.push(self.values[offset]);
            for k in (0..rank).rev() {
                index[k] += 1;
                if index[k] < shape[k] {
                    break;
                }
                index[k] = 0;
            }
        }
        HostTensor { shape, values }
    }

    /// The values as little-endian bytes (ONNX `raw_data`, safetensors).
    pub fn le_bytes(&self) -> Vec<u8> {
        self.values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }
}

/// One layer of the spec, ready to be written in another framework's terms.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// 0-based position in the spec.
    pub index: usize,
    /// The layer.
    pub layer: LayerSpec,
    /// Keras' automatic name: `dense`, `dense_1`, `conv2d`, … (also the PyTorch attribute).
    pub name: String,
    /// Shape entering the layer.
    pub input: Shape,
    /// Shape leaving it.
    pub output: Shape,
    /// A `[batch, seq_len]` padding mask (token id 0) reaches this layer.
    pub mask_in: bool,
    /// The mask goes on past it (Kiln's rule: Embedding makes it, position-keeping layers pass
    /// it, pooling, Flatten and position-changing Conv1Ds drop it).
    pub mask_out: bool,
    /// Weights in burn's layouts, by role: Embedding `embeddings [V, D]`; Dense `kernel [in,
    /// units]`, `bias`; Conv1D `kernel [F, C, k]`, Conv2D `kernel [F, C, kh, kw]`, `bias`;
    /// BatchNormalization `gamma`, `beta`, `moving_mean`, `moving_variance`; LayerNormalization
    /// `gamma`, `beta`.
    pub weights: Vec<(&'static str, HostTensor)>,
}

impl Step {
    /// The weight with this role (every step built by [`read`] has its layer's roles).
    pub fn weight(&self, role: &str) -> Result<&HostTensor, ExportError> {
        self.weights
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, t)| t)
            .ok_or_else(|| ExportError::Mismatch(format!("layer {} has no {role}", self.index)))
    }
}

/// The whole network, layer by layer.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub spec: ModelSpec,
    pub steps: Vec<Step>,
    /// Class names, one per output unit (two for a one-unit sigmoid head: negative, positive);
    /// empty for regression.
    pub classes: Vec<String>,
}

impl Plan {
    /// Refuses the layers a format cannot express, naming the first one.
    pub fn refuse_unsupported(&self, format: &'static str) -> Result<(), ExportError> {
        for s in &self.steps {
            if let LayerSpec::MultiHeadSelfAttention { .. } = s.layer {
                return Err(ExportError::Unsupported {
                    index: s.index,
                    kind: s.layer.kind(),
                    format,
                    reason: "Kiln's self-attention block (burn's MultiHeadAttention with a learned position table, \
                             padding keys masked and a residual connection) has no exporter yet; \
                             remove the layer or export the spec and weights as a .kiln file"
                        .into(),
                });
            }
        }
        Ok(())
    }

    /// A one-line description: `Embedding → GlobalAveragePooling1D → Dense (relu) → …`.
    pub fn layer_line(&self) -> String {
        self.steps.iter().map(|s| s.layer.display_name()).collect::<Vec<_>>().join(" → ")
    }
}

/// Keras' snake_case class name, the base of its automatic layer names.
fn keras_base(layer: &LayerSpec) -> &'static str {
    match layer {
        LayerSpec::Embedding { .. } => "embedding",
        LayerSpec::GlobalAveragePooling1D => "global_average_pooling1d",
        LayerSpec::GlobalMaxPooling1D => "global_max_pooling1d",
        LayerSpec::Dense { .. } => "dense",
        LayerSpec::Conv1D { .. } => "conv1d",
        LayerSpec::Conv2D { .. } => "conv2d",
        LayerSpec::MaxPool2D { .. } => "max_pooling2d",
        LayerSpec::AveragePool2D { .. } => "average_pooling2d",
        LayerSpec::Flatten => "flatten",
        LayerSpec::Dropout { .. } => "dropout",
        LayerSpec::BatchNormalization { .. } => "batch_normalization",
        LayerSpec::LayerNormalization { .. } => "layer_normalization",
        LayerSpec::MultiHeadSelfAttention { .. } => "multi_head_self_attention",
        LayerSpec::Activation { .. } => "activation",
    }
}

/// Output class names for the head: as given; `class_0…` when none are given; checked against
/// the number of output units.
fn class_names(spec: &ModelSpec, units: usize, given: &[String]) -> Result<Vec<String>, ExportError> {
    let wanted = match spec.loss {
        kiln_core::LossSpec::MeanSquaredError => return Ok(Vec::new()),
        kiln_core::LossSpec::BinaryCrossEntropy => 2,
        kiln_core::LossSpec::CategoricalCrossEntropy => units,
    };
    if given.is_empty() {
        return Ok((0..wanted).map(|i| format!("class_{i}")).collect());
    }
    if given.len() != wanted {
        return Err(ExportError::Classes(format!(
            "{} class names for a model with {wanted} classes; pass one name per class (or none)",
            given.len()
        )));
    }
    Ok(given.to_vec())
}

async fn host<const D: usize>(t: burn::tensor::Tensor<D>) -> Result<HostTensor, ExportError> {
    let shape = t.dims().to_vec();
    let values = read_vec_f(t).await.map_err(|e| ExportError::Device(e.to_string()))?;
    Ok(HostTensor { shape, values })
}

fn expect_shape(index: usize, role: &str, t: &HostTensor, want: &[usize]) -> Result<(), ExportError> {
    if t.shape == want {
        Ok(())
    } else {
        Err(ExportError::Mismatch(format!(
            "layer {index} {role} has shape {:?}, the spec implies {want:?}: was the network built from another spec?",
            t.shape
        )))
    }
}

/// Walks `spec` over `net`'s parameters and reads every weight back to the host.
///
/// # Errors
/// [`ExportError::Invalid`] for a spec that does not validate, [`ExportError::Mismatch`] when the
/// network's parameters do not fit the spec, [`ExportError::Classes`] for a wrong number of class
/// names, [`ExportError::Device`] when a read-back fails.
pub(crate) async fn read(net: &Network, spec: &ModelSpec, classes: &[String]) -> Result<Plan, ExportError> {
    let summary = spec.summary().map_err(|e| ExportError::Invalid(e.to_string()))?;
    let p = &net.params;
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    // Index of the next module of each burn kind (Params' lists).
    let (mut emb, mut lin, mut c1, mut c2, mut bn, mut ln) = (0, 0, 0, 0, 0, 0);
    let missing = |kind: &str, i: usize| ExportError::Mismatch(format!("the network has no {kind} number {}", i + 1));
    let mut steps = Vec::with_capacity(spec.layers.len());
    let mut shape = summary.input;
    let mut mask = false;
    for (index, (layer, row)) in spec.layers.iter().zip(&summary.layers).enumerate() {
        let base = keras_base(layer);
        let n = counts.entry(base).or_insert(0);
        let name = if *n == 0 { base.to_string() } else { format!("{base}_{n}") };
        *n += 1;
        let c_in = shape.last_axis();
        let mut weights = Vec::new();
        let mask_in = mask;
        match layer {
            LayerSpec::Embedding { input_dim, output_dim } => {
                let e = p.embeddings.get(emb).ok_or_else(|| missing("Embedding", emb))?;
                emb += 1;
                let w = host(e.weight.val()).await?;
                expect_shape(index, "embeddings", &w, &[*input_dim, *output_dim])?;
                weights.push(("embeddings", w));
                mask = true;
            }
            LayerSpec::Dense { units, .. } => {
                let l = p.linears.get(lin).ok_or_else(|| missing("Dense", lin))?;
                lin += 1;
                let w = host(l.weight.val()).await?;
                expect_shape(index, "kernel", &w, &[c_in, *units])?;
                let b = match &l.bias {
                    Some(b) => host(b.val()).await?,
                    None => HostTensor { shape: vec![*units], values: vec![0.0; *units] },
                };
                weights.extend([("kernel", w), ("bias", b)]);
            }
            LayerSpec::Conv1D { filters, kernel_size, .. } => {
                let c = p.conv1ds.get(c1).ok_or_else(|| missing("Conv1D", c1))?;
                c1 += 1;
                let w = host(c.weight.val()).await?;
                expect_shape(index, "kernel", &w, &[*filters, c_in, *kernel_size])?;
                let b = match &c.bias {
                    Some(b) => host(b.val()).await?,
                    None => HostTensor { shape: vec![*filters], values: vec![0.0; *filters] },
                };
                weights.extend([("kernel", w), ("bias", b)]);
                // As `Network::new`: the mask survives when the positions line up.
                let keeps = row.output.values() / (*filters).max(1) == shape.values() / c_in.max(1);
                mask = mask && keeps;
            }
            LayerSpec::Conv2D { filters, kernel_size, .. } => {
                let c = p.conv2ds.get(c2).ok_or_else(|| missing("Conv2D", c2))?;
                c2 += 1;
                let w = host(c.weight.val()).await?;
                expect_shape(index, "kernel", &w, &[*filters, c_in, kernel_size[0], kernel_size[1]])?;
                let b = match &c.bias {
                    Some(b) => host(b.val()).await?,
                    None => HostTensor { shape: vec![*filters], values: vec![0.0; *filters] },
                };
                weights.extend([("kernel", w), ("bias", b)]);
            }
            LayerSpec::BatchNormalization { .. } => {
                let b = p.batch_norms.get(bn).ok_or_else(|| missing("BatchNormalization", bn))?;
                bn += 1;
                for (role, t) in [
                    ("gamma", host(b.gamma.val()).await?),
                    ("beta", host(b.beta.val()).await?),
                    ("moving_mean", host(b.running_mean.value()).await?),
                    ("moving_variance", host(b.running_var.value()).await?),
                ] {
                    expect_shape(index, role, &t, &[c_in])?;
                    weights.push((role, t));
                }
            }
            LayerSpec::LayerNormalization { .. } => {
                let l = p.layer_norms.get(ln).ok_or_else(|| missing("LayerNormalization", ln))?;
                ln += 1;
                let gamma = host(l.gamma.val()).await?;
                expect_shape(index, "gamma", &gamma, &[c_in])?;
                let beta = match &l.beta {
                    Some(b) => host(b.val()).await?,
                    None => HostTensor { shape: vec![c_in], values: vec![0.0; c_in] },
                };
                weights.extend([("gamma", gamma), ("beta", beta)]);
            }
            LayerSpec::GlobalAveragePooling1D | LayerSpec::GlobalMaxPooling1D | LayerSpec::Flatten => mask = false,
            LayerSpec::MaxPool2D { .. } | LayerSpec::AveragePool2D { .. } => {}
            LayerSpec::Dropout { .. } | LayerSpec::Activation { .. } | LayerSpec::MultiHeadSelfAttention { .. } => {}
        }
        steps.push(Step {
            index,
            layer: layer.clone(),
            name,
            input: shape,
            output: row.output,
            mask_in,
            mask_out: mask,
            weights,
        });
        shape = row.output;
    }
    let units = shape.last_axis();
    Ok(Plan { spec: spec.clone(), steps, classes: class_names(spec, units, classes)? })
}

/// `"same"` padding per spatial axis as burn and TensorFlow compute it: `(before, after)` with
/// the odd pixel after, so that the output length is `ceil(n / s)`; `(0, 0)` for `"valid"`.
pub(crate) fn same_pads(n: usize, k: usize, s: usize, padding: kiln_core::Padding) -> (usize, usize) {
    if padding == kiln_core::Padding::Valid {
        return (0, 0);
    }
    let out = n.div_ceil(s.max(1));
    let total = ((out.saturating_sub(1)) * s + k).saturating_sub(n);
    (total / 2, total - total / 2)
}
