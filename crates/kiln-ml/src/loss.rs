//! The training objective for each output head, and its accuracy, kept on the device.

use burn::nn::loss::{BinaryCrossEntropyLoss, BinaryCrossEntropyLossConfig, CrossEntropyLoss, MseLoss, Reduction};
use burn::tensor::{Device, Int, Tensor};
use kiln_core::LossSpec;

use crate::MlError;
use crate::data::DeviceTargets;
use crate::model::Head;

/// A loss ready to apply to `[batch, outputs]` network outputs.
pub enum Objective {
    /// Binary cross-entropy from one logit per example (`BinaryCrossEntropyLossConfig::with_logits`).
    Binary(BinaryCrossEntropyLoss),
    /// Categorical cross-entropy from `k` logits and integer labels (burn `CrossEntropyLoss`,
    /// log-softmax inside).
    Categorical(CrossEntropyLoss),
    /// Mean squared error against one real target.
    Regression(MseLoss),
}

impl Objective {
    /// The objective for `loss` on a network whose output head is `head`.
    ///
    /// # Errors
    /// [`MlError::Invalid`] when the head does not suit the loss (validated specs never hit this).
    pub fn new(loss: LossSpec, head: Head, device: &Device) -> Result<Self, MlError> {
        Ok(match (loss, head) {
            (LossSpec::BinaryCrossEntropy, Head::Sigmoid) => {
                Objective::Binary(BinaryCrossEntropyLossConfig::new().with_logits(true).init(device))
            }
            (LossSpec::CategoricalCrossEntropy, Head::Softmax) => {
                Objective::Categorical(CrossEntropyLoss::new(None, device))
            }
            (LossSpec::MeanSquaredError, Head::Linear) => Objective::Regression(MseLoss::new()),
            (loss, head) => {
                return Err(MlError::Invalid(format!(
                    "the loss {loss:?} does not suit the model's output ({head:?}): use Dense(1, sigmoid) with binary cross-entropy, Dense(k, softmax) with categorical cross-entropy, Dense(1) with mean squared error"
                )));
            }
        })
    }

    /// Mean loss over the batch `[1]`, and the number of correct predictions `[1]` for
    /// classifiers (`None` for regression). `out` is `[batch, outputs]` from `Network::forward`.
    ///
    /// # Errors
    /// [`MlError::Invalid`] when the targets' kind does not match the objective.
    pub fn loss_and_correct(
        &self,
        out: Tensor<2>,
        targets: DeviceTargets,
    ) -> Result<(Tensor<1>, Option<Tensor<1, Int>>), MlError> {
        let [batch, _] = out.dims();
        match (self, targets) {
            (Objective::Binary(bce), DeviceTargets::Labels(y)) => {
                let logits = out.reshape([batch]);
                let correct = logits.clone().detach().greater_elem(0.0).int().equal(y.clone()).int().sum();
                Ok((bce.forward(logits, y), Some(correct)))
            }
            (Objective::Categorical(ce), DeviceTargets::Labels(y)) => {
                let predicted = out.clone().detach().argmax(1).reshape([batch]);
                let correct = predicted.equal(y.clone()).int().sum();
                Ok((ce.forward(out, y), Some(correct)))
            }
            (Objective::Regression(mse), DeviceTargets::Values(y)) => {
                Ok((mse.forward(out.reshape([batch]), y, Reduction::Mean), None))
            }
            _ => Err(MlError::Invalid(
                "the data's targets do not fit the loss: class labels need a cross-entropy loss, numbers need mean squared error".into(),
            )),
        }
    }
}
