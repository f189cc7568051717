//! Evaluation (loss and accuracy over a split) and single-sentence prediction, without autodiff.

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_protocol::TestMetrics;

use crate::MlError;
use crate::data::DeviceSplit;
use crate::loss::Objective;
use crate::model::{Input, Network};

/// Examples per evaluation batch (bounds device memory; no gradients are kept).
const EVAL_BATCH: usize = 512;

/// A network with autodiff removed, for evaluation and prediction.
pub struct Evaluator {
    net: Network,
    device: Device,
}

impl Evaluator {
    /// Takes a snapshot of `net` for inference (`Module::valid`: no autodiff graph). `device` is
    /// the plain (non-autodiff) device the data lives on.
    pub fn new(net: &Network, device: &Device) -> Self {
        Evaluator { net: net.with_params(net.params.valid()), device: device.clone() }
    }

    /// The inference network.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The device inputs must be on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Mean loss and accuracy (NaN for regression) of `objective` over `split`, read back once.
    ///
    /// # Errors
    /// [`MlError::Device`] when the read-back fails; [`MlError::Invalid`] when the targets do not
    /// suit the objective.
    pub async fn evaluate(&self, split: &DeviceSplit, objective: &Objective) -> Result<TestMetrics, MlError> {
        let mut loss_sum: Option<Tensor<1>> = None;
        let mut correct: Option<Tensor<1, Int>> = None;
        let mut start = 0;
        while start < split.len {
            let end = (start + EVAL_BATCH).min(split.len);
            let (x, targets) = split.rows(start, end);
            let out = self.net.forward(x);
            let n = (end - start) as f64;
            let (l, c) = objective.loss_and_correct(out, targets)?;
            let l = l * n;
            loss_sum = Some(match loss_sum {
                Some(s) => s + l,
                None => l,
            });
            if let Some(c) = c {
                correct = Some(match correct {
                    Some(s) => s + c,
                    None => c,
                });
            }
            start = end;
        }
        let Some(loss_sum) = loss_sum else {
            return Ok(TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 });
        };
        let loss = read_scalar_f(loss_sum).await?;
        let n = split.len as f64;
        let accuracy = match correct {
            Some(c) => read_scalar_i(c).await? / n,
            None => f64::NAN,
        };
        Ok(TestMetrics { loss: loss / n, accuracy, examples: split.len })
    }

    /// Probability of the positive class for one encoded sentence (`[seq_len]` ids).
    ///
    /// # Errors
    /// [`MlError::Device`] when the read-back fails.
    pub async fn predict(&self, ids: &[u32]) -> Result<f64, MlError> {
        let data: Vec<i32> = ids.iter().map(|&i| i as i32).collect();
        let t = Tensor::<2, Int>::from_data(TensorData::new(data, [1, ids.len()]), &self.device);
        let p = self.net.predict(Input::Tokens(t));
        let [rows, outputs] = p.dims();
        // Binary head: one probability; a 2-unit softmax head: the positive class's.
        read_scalar_f(p.narrow(1, outputs - 1, 1).reshape([rows])).await
    }

    /// Predictions for `rows` feature rows (`values` row-major `[rows, width]`): the head's output
    /// `[rows, outputs]`, row-major (probabilities for classifiers).
    ///
    /// # Errors
    /// [`MlError::Device`] when the read-back fails.
    pub async fn predict_features(&self, values: Vec<f32>, width: usize) -> Result<Vec<f32>, MlError> {
        let rows = values.len() / width.max(1);
        let x = Tensor::<2>::from_data(TensorData::new(values, [rows, width]), &self.device);
        read_vec_f(self.net.predict(Input::Features(x))).await
    }

    /// Every layer's output for `rows` feature rows, each row-major `[rows, features]` (for the
    /// teaching mode's neuron heatmaps); the last is the prediction.
    ///
    /// # Errors
    /// [`MlError::Device`] when a read-back fails.
    pub async fn trace_features(&self, values: Vec<f32>, width: usize) -> Result<Vec<Vec<f32>>, MlError> {
        let rows = values.len() / width.max(1);
        let x = Tensor::<2>::from_data(TensorData::new(values, [rows, width]), &self.device);
        let mut out = Vec::new();
        for t in self.net.forward_trace(Input::Features(x)) {
            out.push(read_vec_f(t).await?);
        }
        Ok(out)
    }
}

/// Reads a float tensor back to the host, row-major.
pub(crate) async fn read_vec_f<const D: usize>(t: Tensor<D>) -> Result<Vec<f32>, MlError> {
    let data = t.into_data_async().await.map_err(|e| MlError::Device(format!("{e:?}")))?;
    data.convert::<f32>().try_to_vec().map_err(|e| MlError::Device(format!("{e:?}")))
}

/// Reads a one-element float tensor back to the host.
pub(crate) async fn read_scalar_f(t: Tensor<1>) -> Result<f64, MlError> {
    let data = t.into_data_async().await.map_err(|e| MlError::Device(format!("{e:?}")))?;
    let v: Vec<f32> = data.convert::<f32>().try_to_vec().map_err(|e| MlError::Device(format!("{e:?}")))?;
    v.first().map(|&x| f64::from(x)).ok_or_else(|| MlError::Device("empty read-back".into()))
}

/// Reads a one-element int tensor back to the host.
pub(crate) async fn read_scalar_i(t: Tensor<1, Int>) -> Result<f64, MlError> {
    let data = t.into_data_async().await.map_err(|e| MlError::Device(format!("{e:?}")))?;
    let v: Vec<i64> = data.convert::<i64>().try_to_vec().map_err(|e| MlError::Device(format!("{e:?}")))?;
    v.first().map(|&x| x as f64).ok_or_else(|| MlError::Device("empty read-back".into()))
}
