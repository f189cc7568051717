//! Splits uploaded to a device once, so batches are gathered on the device (no per-batch upload
//! of examples).

use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_data::{Examples, Inputs, Targets};

use crate::model::Input;

/// A split's inputs on a device, `n` rows.
#[derive(Debug, Clone)]
pub enum DeviceInputs {
    /// Token ids `[n, seq_len]`.
    Tokens(Tensor<2, Int>),
    /// Features `[n, width]`.
    Features(Tensor<2>),
    /// Images `[n, height, width, channels]`.
    Images(Tensor<4>),
}

/// A split's targets on a device, `[n]`.
#[derive(Debug, Clone)]
pub enum DeviceTargets {
    /// Class ids (0/1 for binary) `[n]`.
    Labels(Tensor<1, Int>),
    /// Regression values `[n]`.
    Values(Tensor<1>),
}

impl DeviceTargets {
    fn select(&self, indices: Tensor<1, Int>) -> Self {
        match self {
            DeviceTargets::Labels(t) => DeviceTargets::Labels(t.clone().select(0, indices)),
            DeviceTargets::Values(t) => DeviceTargets::Values(t.clone().select(0, indices)),
        }
    }

    fn narrow(&self, start: usize, len: usize) -> Self {
        match self {
            DeviceTargets::Labels(t) => DeviceTargets::Labels(t.clone().narrow(0, start, len)),
            DeviceTargets::Values(t) => DeviceTargets::Values(t.clone().narrow(0, start, len)),
        }
    }
}

/// One split on a device.
#[derive(Debug, Clone)]
pub struct DeviceSplit {
    /// Model inputs, `n` rows.
    pub inputs: DeviceInputs,
    /// Targets, `n` entries.
    pub targets: DeviceTargets,
    /// Number of examples `n`.
    pub len: usize,
}

impl DeviceSplit {
    /// Uploads `split` to `device`. Returns `None` for an empty split.
    pub fn upload(split: &Examples, device: &Device) -> Option<Self> {
        let n = split.len();
        if n == 0 || split.inputs.rows() != n {
            return None;
        }
        let inputs = match &split.inputs {
            Inputs::Tokens { ids, seq_len } => {
                let ids: Vec<i32> = ids.iter().map(|&id| id as i32).collect();
                DeviceInputs::Tokens(Tensor::from_data(TensorData::new(ids, [n, *seq_len]), device))
            }
            Inputs::Features { values, width } => {
                DeviceInputs::Features(Tensor::from_data(TensorData::new(values.clone(), [n, *width]), device))
            }
            Inputs::Images { pixels, height, width, channels } => DeviceInputs::Images(Tensor::from_data(
                TensorData::new(pixels.clone(), [n, *height, *width, *channels]),
                device,
            )),
        };
        let targets = match &split.targets {
            Targets::Binary { labels } | Targets::Classes { labels, .. } => {
                let labels: Vec<i32> = labels.iter().map(|&l| l as i32).collect();
                DeviceTargets::Labels(Tensor::from_data(TensorData::new(labels, [n]), device))
            }
            Targets::Regression { values } => {
                DeviceTargets::Values(Tensor::from_data(TensorData::new(values.clone(), [n]), device))
            }
        };
        Some(DeviceSplit { inputs, targets, len: n })
    }

    /// The same split on another device (one copy per device of a data-parallel run).
    pub fn to_device(&self, device: &Device) -> Self {
        let inputs = match &self.inputs {
            DeviceInputs::Tokens(t) => DeviceInputs::Tokens(t.clone().to_device(device)),
            DeviceInputs::Features(t) => DeviceInputs::Features(t.clone().to_device(device)),
            DeviceInputs::Images(t) => DeviceInputs::Images(t.clone().to_device(device)),
        };
        let targets = match &self.targets {
            DeviceTargets::Labels(t) => DeviceTargets::Labels(t.clone().to_device(device)),
            DeviceTargets::Values(t) => DeviceTargets::Values(t.clone().to_device(device)),
        };
        DeviceSplit { inputs, targets, len: self.len }
    }

    /// Rows `indices` (a `[batch]` Int tensor on the same device).
    pub fn gather(&self, indices: Tensor<1, Int>) -> (Input, DeviceTargets) {
        let x = match &self.inputs {
            DeviceInputs::Tokens(t) => Input::Tokens(t.clone().select(0, indices.clone())),
            DeviceInputs::Features(t) => Input::Features(t.clone().select(0, indices.clone())),
            DeviceInputs::Images(t) => Input::Images(t.clone().select(0, indices.clone())),
        };
        (x, self.targets.select(indices))
    }

    /// Contiguous rows `start..end`.
    pub fn rows(&self, start: usize, end: usize) -> (Input, DeviceTargets) {
        let len = end - start;
        let x = match &self.inputs {
            DeviceInputs::Tokens(t) => Input::Tokens(t.clone().narrow(0, start, len)),
            DeviceInputs::Features(t) => Input::Features(t.clone().narrow(0, start, len)),
            DeviceInputs::Images(t) => Input::Images(t.clone().narrow(0, start, len)),
        };
        (x, self.targets.narrow(start, len))
    }
}
