//! Evaluation (loss and accuracy over a split) and single-sentence prediction, without autodiff.

use burn::module::Module;
use burn::nn::loss::BinaryCrossEntropyLossConfig;
use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_core::protocol::TestMetrics;

use crate::MlError;
use crate::data::DeviceSplit;
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

    /// Mean binary cross-entropy and accuracy (threshold 0.5) over `split`, read back once.
    ///
    /// # Errors
    /// [`MlError::Device`] when the read-back fails.
    pub async fn evaluate(&self, split: &DeviceSplit) -> Result<TestMetrics, MlError> {
        let bce = BinaryCrossEntropyLossConfig::new().with_logits(true).init(&self.device);
        let mut loss_sum: Option<Tensor<1>> = None;
        let mut correct: Option<Tensor<1, Int>> = None;
        let mut start = 0;
        while start < split.len {
            let end = (start + EVAL_BATCH).min(split.len);
            let (ids, labels) = split.rows(start, end);
            let logits = binary_logits(&self.net, ids);
            let n = (end - start) as f64;
            let l = bce.forward(logits.clone(), labels.clone()) * n;
            let c = logits.greater_elem(0.0).int().equal(labels).int().sum();
            loss_sum = Some(match loss_sum {
                Some(s) => s + l,
                None => l,
            });
            correct = Some(match correct {
                Some(s) => s + c,
                None => c,
            });
            start = end;
        }
        let (Some(loss_sum), Some(correct)) = (loss_sum, correct) else {
            return Ok(TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 });
        };
        let loss = read_scalar_f(loss_sum).await?;
        let correct = read_scalar_i(correct).await?;
        let n = split.len as f64;
        Ok(TestMetrics { loss: loss / n, accuracy: correct / n, examples: split.len })
    }

    /// Probability of the positive class for one encoded sentence (`[seq_len]` ids).
    ///
    /// # Errors
    /// [`MlError::Device`] when the read-back fails.
    pub async fn predict(&self, ids: &[u32]) -> Result<f64, MlError> {
        let data: Vec<i32> = ids.iter().map(|&i| i as i32).collect();
        let t = Tensor::<2, Int>::from_data(TensorData::new(data, [1, ids.len()]), &self.device);
        read_scalar_f(self.net.predict(Input::Tokens(t)).reshape([1])).await
    }
}

/// The one-logit output `[batch, 1]` of a binary model on token ids, as `[batch]`.
pub(crate) fn binary_logits(net: &Network, ids: Tensor<2, Int>) -> Tensor<1> {
    let [batch, _] = ids.dims();
    net.forward(Input::Tokens(ids)).reshape([batch])
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
