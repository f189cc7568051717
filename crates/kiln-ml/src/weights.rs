//! A network's tensors by name: listing them, reading them back to the host, writing host values
//! back in, independent copies, and weighted averages (FedAvg).
//!
//! Names are burn's module paths (`linears.0.weight`, `conv2ds.1.bias`,
//! `batch_norms.0.running_mean`, `attentions.0.mha.query.weight`, `attentions.0.positions`), the
//! names `burn::store::SafetensorsStore` writes, so a compressed file and a float one name their
//! tensors alike. The order is burn's visiting order, stable for one spec.

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::tensor::{Tensor, TensorData};

use crate::MlError;
use crate::eval::read_vec_f;
use crate::model::Params;

/// What kind of tensor it is, from the burn module that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensorKind {
    /// An Embedding table `[input_dim, output_dim]`, or an attention position table
    /// `[max_len, d_model]`: one row per token id / position.
    RowTable,
    /// A Dense (`Linear`) kernel `[in, units]`, also attention projections `[d, d]`.
    DenseKernel,
    /// A Conv1D `[filters, c_in, k]` or Conv2D `[filters, c_in, k_h, k_w]` kernel.
    ConvKernel,
    /// A bias, a normalisation γ/β, or a BatchNorm running statistic.
    Other,
}

impl TensorKind {
    /// True for the weight matrices compression quantises and prunes.
    pub fn is_kernel(self) -> bool {
        self != TensorKind::Other
    }

    /// The axis holding one scale per slice for per-channel int8: the units axis (1) of a Dense
    /// kernel, the filters axis (0) of a Conv kernel, the row axis (0) of a table.
    pub fn channel_axis(self) -> usize {
        match self {
            TensorKind::DenseKernel => 1,
            _ => 0,
        }
    }
}

/// One tensor's name, shape and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorInfo {
    /// burn's module path, e.g. `linears.0.weight`.
    pub name: String,
    /// Shape, e.g. `[in, units]`.
    pub shape: Vec<usize>,
    /// What it is.
    pub kind: TensorKind,
    /// False for BatchNorm running statistics (not trained, not counted as parameters).
    pub trainable: bool,
}

/// A tensor read back to the host: its info and row-major values.
#[derive(Debug, Clone, PartialEq)]
pub struct HostTensor {
    /// Name, shape and kind.
    pub info: TensorInfo,
    /// Row-major values, `shape.iter().product()` of them.
    pub values: Vec<f32>,
}

struct Collect {
    path: Vec<String>,
    /// Container type of each entered module (`Struct:Linear`, `Vec`, …).
    types: Vec<String>,
    out: Vec<(TensorInfo, Tensor<1>)>,
    /// Detach the tensors (no gradient flows back through them).
    detach: bool,
}

impl ModuleVisitor for Collect {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.path.push(name.to_string());
        self.types.push(container_type.to_string());
    }
    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
        self.types.pop();
    }
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let name = self.path.join(".");
        let field = self.path.last().map_or("", String::as_str);
        // burn passes the type of the struct whose field is entered (`Struct:Linear` for `weight`).
        let owner = self.types.last().map_or("", String::as_str);
        let kind = match (owner, field) {
            ("Struct:Embedding", "weight") | ("Struct:SelfAttention", "positions") => TensorKind::RowTable,
            ("Struct:Linear", "weight") => TensorKind::DenseKernel,
            ("Struct:Conv1d" | "Struct:Conv2d", "weight") => TensorKind::ConvKernel,
            _ => TensorKind::Other,
        };
        let trainable = !name.ends_with("running_mean") && !name.ends_with("running_var");
        let t = param.val();
        let shape = t.dims().to_vec();
        let n = shape.iter().product::<usize>();
        let t = if self.detach { t.detach() } else { t };
        self.out.push((TensorInfo { name, shape, kind, trainable }, t.reshape([n])));
    }
}

/// Every float tensor of `params` with its info, flattened to `[n]` (detached: no gradient).
pub fn flat_tensors(params: &Params) -> Vec<(TensorInfo, Tensor<1>)> {
    let mut c = Collect { path: Vec::new(), types: Vec::new(), out: Vec::new(), detach: true };
    params.visit(&mut c);
    c.out
}

/// Every float tensor flattened to `[n]`, still attached to the autodiff graph (for a loss term
/// on the weights, such as FedProx's), in [`flat_tensors`] order.
pub fn tracked_tensors(params: &Params) -> Vec<Tensor<1>> {
    let mut c = Collect { path: Vec::new(), types: Vec::new(), out: Vec::new(), detach: false };
    params.visit(&mut c);
    c.out.into_iter().map(|(_, t)| t).collect()
}

/// Names, shapes and kinds of every float tensor, in order.
pub fn tensor_infos(params: &Params) -> Vec<TensorInfo> {
    flat_tensors(params).into_iter().map(|(i, _)| i).collect()
}

/// Reads every float tensor back to the host (one asynchronous read per tensor).
///
/// # Errors
/// [`MlError::Device`] when a read-back fails.
pub async fn read_tensors(params: &Params) -> Result<Vec<HostTensor>, MlError> {
    let mut out = Vec::new();
    for (info, t) in flat_tensors(params) {
        out.push(HostTensor { info, values: read_vec_f(t).await? });
    }
    Ok(out)
}

struct Replace<'a> {
    values: &'a [Tensor<1>],
    next: usize,
    error: Option<String>,
}

impl ModuleMapper for Replace<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let i = self.next;
        self.next += 1;
        let Some(new) = self.values.get(i).cloned() else {
            self.error.get_or_insert_with(|| format!("no values for tensor {i}"));
            return param;
        };
        let shape = param.shape();
        if new.dims()[0] != shape.num_elements() {
            self.error.get_or_insert_with(|| format!("tensor {i}: {} values for shape {shape:?}", new.dims()[0]));
            return param;
        }
        param.map(|old| {
            // A leaf again, on the old tensor's device, with its gradient setting.
            let require_grad = old.is_require_grad();
            new.to_device(&old.device()).reshape(shape).detach().set_require_grad(require_grad)
        })
    }
}

/// `params` with every float tensor replaced, in [`flat_tensors`] order, by `values` (each
/// `[n]`, any device; moved to the tensor's device). Parameter ids, devices and gradient
/// settings are kept, so the result trains like the original.
///
/// # Errors
/// [`MlError::Invalid`] when the number of tensors or a length does not match.
pub fn replace_tensors(params: Params, values: &[Tensor<1>]) -> Result<Params, MlError> {
    let mut m = Replace { values, next: 0, error: None };
    let out = params.map(&mut m);
    if m.next != values.len() {
        m.error.get_or_insert_with(|| format!("{} tensors given for {} in the model", values.len(), m.next));
    }
    match m.error {
        Some(e) => Err(MlError::Invalid(format!("cannot load the weights: {e}"))),
        None => Ok(out),
    }
}

/// [`replace_tensors`] from host values (row-major, in [`flat_tensors`] order).
///
/// # Errors
/// As [`replace_tensors`].
pub fn replace_from_host(params: Params, values: &[Vec<f32>]) -> Result<Params, MlError> {
    let device = flat_tensors(&params).first().map(|(_, t)| t.device());
    let Some(device) = device else { return Ok(params) };
    let tensors: Vec<Tensor<1>> =
        values.iter().map(|v| Tensor::from_data(TensorData::new(v.clone(), [v.len()]), &device)).collect();
    replace_tensors(params, &tensors)
}

/// An independent copy of `params` on the same device, trainable as they were: BatchNorm
/// running statistics are not shared with the original (a plain `clone` shares them, and
/// training the clone would move the original's).
pub fn deep_copy(params: &Params) -> Params {
    let on_autodiff = flat_tensors(params).first().is_some_and(|(_, t)| t.device().is_autodiff());
    if on_autodiff { params.valid().train() } else { params.valid() }
}

/// Adds `c · w` for every tensor `w` of `params` to `acc` (starting a sum when `acc` is `None`),
/// in [`flat_tensors`] order: `[n]` tensors on the first model's device.
///
/// # Errors
/// [`MlError::Invalid`] when `params` has other tensors (number or shapes) than the sum.
pub fn accumulate(acc: Option<Vec<Tensor<1>>>, params: &Params, c: f64) -> Result<Vec<Tensor<1>>, MlError> {
    let tensors: Vec<Tensor<1>> = flat_tensors(params).into_iter().map(|(_, t)| t).collect();
    match acc {
        None => Ok(tensors.into_iter().map(|t| t * c).collect()),
        Some(sum) => {
            if sum.len() != tensors.len() || sum.iter().zip(&tensors).any(|(a, b)| a.dims() != b.dims()) {
                return Err(MlError::Invalid("the models to average have different layers".into()));
            }
            Ok(sum
                .into_iter()
                .zip(tensors)
                .map(|(a, b)| {
                    let b = b.to_device(&a.device());
                    a + b * c
                })
                .collect())
        }
    }
}

/// The weighted sum `Σ_k c_k · w_k` of each tensor over models with the same spec, in
/// [`flat_tensors`] order. FedAvg passes `c_k = n_k / Σ n`.
///
/// # Errors
/// [`MlError::Invalid`] for no models, or models whose tensors differ in number or shape.
pub fn weighted_sum(models: &[(&Params, f64)]) -> Result<Vec<Tensor<1>>, MlError> {
    let mut acc = None;
    for (params, c) in models {
        acc = Some(accumulate(acc, params, *c)?);
    }
    acc.ok_or_else(|| MlError::Invalid("no models to average".into()))
}
