//! A deployed model: a network with its description ([`ModelMeta`]) and its [`Encoder`], scoring
//! batches of encoded inputs into named predictions — what `kiln predict`, `kiln serve` and the
//! page's "Try it" on an opened file print.

use burn::tensor::{Device, Int, Tensor, TensorData};
use kiln_core::Task;
use kiln_data::{Encoder, Examples, Inputs, Preprocess};
use kiln_i18n::Localize;
use kiln_protocol::TestMetrics;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::MlError;
use crate::data::DeviceSplit;
use crate::eval::{Evaluator, read_vec_f};
use crate::loss::Objective;
use crate::model::{Input, Network};
use crate::modelfile::{self, ModelFileError, ModelMeta};

/// Most rows scored in one forward pass (bounds device memory; larger batches are cut).
pub const PREDICT_BATCH: usize = 256;

/// One input's prediction. Serialises (JSON) as
/// `{"class": "positive", "probabilities": {"negative": 0.1, "positive": 0.9}, "probability": 0.9}`:
/// `probabilities` in class order; `probability` (of the second, "positive" class) only for two
/// classes; a regression model gives `{"value": 3.2}`. Numbers are written at the network's f32
/// precision (shortest form that reads back as the same f32).
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The most probable class (`None` for regression).
    pub class: Option<String>,
    /// Probability of every class, in class order (empty for regression).
    pub probabilities: Vec<(String, f64)>,
    /// For two classes: the probability of the second (positive) class.
    pub probability: Option<f64>,
    /// For regression: the predicted value.
    pub value: Option<f64>,
}

struct ByClass<'a>(&'a [(String, f64)]);

impl Serialize for ByClass<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, p) in self.0 {
            map.serialize_entry(name, &(*p as f32))?;
        }
        map.end()
    }
}

impl Serialize for Prediction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(v) = self.value {
            map.serialize_entry("value", &(v as f32))?;
            return map.end();
        }
        map.serialize_entry("class", &self.class)?;
        map.serialize_entry("probabilities", &ByClass(&self.probabilities))?;
        if let Some(p) = self.probability {
            map.serialize_entry("probability", &(p as f32))?;
        }
        map.end()
    }
}

/// A trained network ready to score raw input.
pub struct Model {
    meta: ModelMeta,
    encoder: Encoder,
    evaluator: Evaluator,
}

impl Model {
    /// Wraps a trained network (e.g. [`crate::Trainer::network`]) with its description, for
    /// prediction on `device` (a plain device) and for [`Model::to_bytes`].
    ///
    /// # Errors
    /// [`ModelFileError::Inconsistent`] when the preprocessing is invalid.
    pub fn new(net: &Network, meta: ModelMeta, device: &Device) -> Result<Self, ModelFileError> {
        let encoder = Encoder::new(meta.preprocess.clone()).map_err(|e| {
            ModelFileError::Inconsistent(kiln_i18n::Msg::new("error-model-preprocessing").arg("detail", e.msg()))
        })?;
        Ok(Model { meta, encoder, evaluator: Evaluator::new(net, device) })
    }

    /// Opens a `.kiln` file's bytes on `device` (see [`modelfile::load`]).
    ///
    /// # Errors
    /// As [`modelfile::load`].
    pub fn from_bytes(bytes: &[u8], device: &Device) -> Result<Self, ModelFileError> {
        let (net, meta) = modelfile::load(bytes, device)?;
        Model::new(&net, meta, device)
    }

    /// The `.kiln` file's bytes (see [`modelfile::save`]).
    ///
    /// # Errors
    /// As [`modelfile::save`].
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelFileError> {
        modelfile::save(self.evaluator.network(), &self.meta)
    }

    /// The description (spec, settings, preprocessing, metrics).
    pub fn meta(&self) -> &ModelMeta {
        &self.meta
    }

    /// Raw input → [`Inputs`] for [`Model::predict`].
    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// The inference network (to continue training: [`crate::Trainer::with_weights`]).
    pub fn network(&self) -> &Network {
        self.evaluator.network()
    }

    /// The device the network lives on.
    pub fn device(&self) -> &Device {
        self.evaluator.device()
    }

    /// Scores encoded inputs (from [`Model::encoder`]), [`PREDICT_BATCH`] rows per forward pass,
    /// one [`Prediction`] per row.
    ///
    /// # Errors
    /// [`MlError::Data`] when the inputs' kind or shape is not the model's; [`MlError::Device`]
    /// when a read-back fails.
    pub async fn predict(&self, inputs: &Inputs) -> Result<Vec<Prediction>, MlError> {
        predict_with(&self.evaluator, &self.meta.spec, &self.meta.preprocess, inputs).await
    }

    /// Mean loss and accuracy (NaN for regression) of the model on `examples` (e.g. a split
    /// from [`Encoder::splits`]), the same figures training reports for its test split.
    ///
    /// # Errors
    /// [`MlError::Invalid`] when the targets do not suit the loss; [`MlError::Data`] when the
    /// inputs do not fit the model; [`MlError::Device`] when a read-back fails.
    pub async fn evaluate(&self, examples: &Examples) -> Result<TestMetrics, MlError> {
        let Some(split) = DeviceSplit::upload(examples, self.device()) else {
            return Ok(TestMetrics { loss: f64::NAN, accuracy: f64::NAN, examples: 0 });
        };
        let (x, _) = split.rows(0, 1);
        Network::check_input(&self.meta.spec, &x)?;
        let objective = Objective::new(self.meta.spec.loss, self.network().head(), self.device())?;
        self.evaluator.evaluate(&split, &objective).await
    }

    /// The test report ([`crate::report::test_report`]) on `splits.test`: confusion matrix,
    /// per-class metrics, curves (two classes) or MAE / RMSE / R² (regression).
    ///
    /// # Errors
    /// As [`crate::report::test_report`]: outputs that do not fit the classes, a failed read-back.
    pub async fn report(&self, splits: &kiln_data::Splits) -> Result<kiln_protocol::report::TestReport, MlError> {
        crate::report::test_report(&self.evaluator, splits).await
    }
}

/// Scores encoded inputs (from `pre`'s [`Encoder`]) with `evaluator`'s network built from
/// `spec`, [`PREDICT_BATCH`] rows per forward pass, one [`Prediction`] per row named with
/// `pre`'s class names: [`Model::predict`] for a network held without its file (the page's
/// "Try it" on a model just trained).
///
/// # Errors
/// [`MlError::Data`] when the inputs' kind or shape is not the model's; [`MlError::Device`]
/// when a read-back fails.
pub async fn predict_with(
    evaluator: &Evaluator,
    spec: &kiln_core::ModelSpec,
    pre: &Preprocess,
    inputs: &Inputs,
) -> Result<Vec<Prediction>, MlError> {
    let rows = inputs.rows();
    let mut out = Vec::with_capacity(rows);
    if let (Inputs::Tokens { ids, .. }, kiln_core::InputSpec::Tokens { vocab_size, .. }) = (inputs, &spec.input)
        && let Some(&id) = ids.iter().find(|&&id| id as usize >= *vocab_size)
    {
        return Err(MlError::Data(format!("token id {id} is not below the vocabulary size {vocab_size}")));
    }
    let mut start = 0;
    while start < rows {
        let end = (start + PREDICT_BATCH).min(rows);
        let x = batch(inputs, start, end, evaluator.device());
        Network::check_input(spec, &x)?;
        let probs = read_vec_f(evaluator.network().predict(x)).await?;
        let width = probs.len() / (end - start).max(1);
        out.extend(probs.chunks(width.max(1)).map(|row| named(pre, row)));
        start = end;
    }
    Ok(out)
}

/// One row of the head's output (probabilities, or the value) with `pre`'s class names.
fn named(pre: &Preprocess, row: &[f32]) -> Prediction {
    let names = &pre.class_names;
    let row: Vec<f64> = row.iter().map(|&p| f64::from(p)).collect();
    if pre.task == Task::Regression {
        let value = row.first().copied();
        return Prediction { class: None, probabilities: Vec::new(), probability: None, value };
    }
    // One sigmoid unit: P(second class); otherwise a softmax over the classes.
    let probs: Vec<f64> = match row.as_slice() {
        [p] => vec![1.0 - p, *p],
        many => many.to_vec(),
    };
    let best = probs.iter().enumerate().fold(0, |b, (i, p)| if *p > probs[b] { i } else { b });
    let probabilities: Vec<(String, f64)> = names.iter().cloned().zip(probs.iter().copied()).collect();
    Prediction {
        class: names.get(best).cloned(),
        probability: (probs.len() == 2).then(|| probs[1]),
        probabilities,
        value: None,
    }
}

/// Rows `start..end` of `inputs` as a batch on `device`.
fn batch(inputs: &Inputs, start: usize, end: usize, device: &Device) -> Input {
    let n = end - start;
    let len = inputs.row_len();
    match inputs {
        Inputs::Tokens { ids, seq_len } => {
            let ids: Vec<i32> = ids[start * len..end * len].iter().map(|&i| i as i32).collect();
            Input::Tokens(Tensor::<2, Int>::from_data(TensorData::new(ids, [n, *seq_len]), device))
        }
        Inputs::Features { values, width } => Input::Features(Tensor::from_data(
            TensorData::new(values[start * len..end * len].to_vec(), [n, *width]),
            device,
        )),
        Inputs::Images { pixels, height, width, channels } => Input::Images(Tensor::from_data(
            TensorData::new(pixels[start * len..end * len].to_vec(), [n, *height, *width, *channels]),
            device,
        )),
    }
}
