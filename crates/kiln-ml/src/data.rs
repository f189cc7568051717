//! Prepared splits uploaded to a device once, so batches are gathered on the device (no per-batch
//! upload of examples).

use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_data::Encoded;

/// One split on a device: token ids `[n, seq_len]` and labels `[n]` (0/1).
#[derive(Debug, Clone)]
pub struct DeviceSplit {
    /// Token ids `[n, seq_len]`.
    pub ids: Tensor<2, Int>,
    /// Labels `[n]`.
    pub labels: Tensor<1, Int>,
    /// Number of examples `n`.
    pub len: usize,
}

impl DeviceSplit {
    /// Uploads `split` to `device`. Returns `None` for an empty split.
    pub fn upload(split: &Encoded, device: &Device) -> Option<Self> {
        if split.is_empty() {
            return None;
        }
        let n = split.len();
        let ids: Vec<i32> = split.ids.iter().map(|&id| id as i32).collect();
        let labels: Vec<i32> = split.labels.iter().map(|&l| l as i32).collect();
        Some(DeviceSplit {
            ids: Tensor::from_data(TensorData::new(ids, [n, split.seq_len]), device),
            labels: Tensor::from_data(TensorData::new(labels, [n]), device),
            len: n,
        })
    }

    /// Rows `indices` (a `[batch]` Int tensor on the same device): ids `[batch, seq_len]`,
    /// labels `[batch]`.
    pub fn gather(&self, indices: Tensor<1, Int>) -> (Tensor<2, Int>, Tensor<1, Int>) {
        (self.ids.clone().select(0, indices.clone()), self.labels.clone().select(0, indices))
    }

    /// Contiguous rows `start..end`.
    pub fn rows(&self, start: usize, end: usize) -> (Tensor<2, Int>, Tensor<1, Int>) {
        (self.ids.clone().narrow(0, start, end - start), self.labels.clone().narrow(0, start, end - start))
    }
}
