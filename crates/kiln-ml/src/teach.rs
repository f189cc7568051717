//! Teaching mode: a small network trained on a generated 2-D data set, and the frames the page
//! draws — the decision boundary (or regression surface) over the input plane and every unit's
//! output, as in TensorFlow Playground.

use burn::tensor::Device;
use kiln_core::{InputSpec, TrainConfig};
use kiln_data::teach::{self, Dataset2d, Feature, Generate};
use kiln_data::{Splits, Targets};
use kiln_protocol::{TeachData, TeachFrame, TeachRequest, quantize};

use crate::MlError;
use crate::eval::read_vec_f;
use crate::model::Head;
use crate::train::Trainer;

/// Epochs a teaching run may play (it normally stops long before).
const PLAY_EPOCHS: usize = 1_000_000;

/// Largest grid side accepted for the heatmaps (cells).
pub const MAX_RES: usize = 128;

/// A teaching-mode run: the trainer and the [`Framer`] that draws it.
pub struct TeachSession {
    trainer: Trainer,
    framer: Framer,
}

/// What a frame is computed on: the grids over the input plane and the network's output kind.
/// Kept apart from the trainer so a host can hold it while the trainer runs (teaching mode draws
/// the paused network from inside [`crate::Host::paused`]).
pub struct Framer {
    /// Boundary grid features `[boundary_res², k]`, row-major from the top-left.
    boundary_grid: Vec<f32>,
    /// Neuron grid features `[neuron_res², k]`.
    neuron_grid: Vec<f32>,
    width: usize,
    head: Head,
}

/// Parses the request's data set and features (their URL forms).
///
/// # Errors
/// [`MlError::Invalid`] naming the unknown data set or feature.
pub fn parse_request(req: &TeachRequest) -> Result<(Generate, Vec<Feature>), MlError> {
    let dataset: Dataset2d = req.dataset.parse().map_err(|e: teach::TeachError| MlError::Invalid(e.to_string()))?;
    let features = req
        .features
        .iter()
        .map(|f| f.parse::<Feature>().map_err(|e| MlError::Invalid(e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let generate =
        Generate { dataset, points: req.points, noise: req.noise, train_ratio: req.train_ratio, seed: req.data_seed };
    Ok((generate, features))
}

impl TeachSession {
    /// Generates the data, builds the network and trainer on `device`, and returns the points
    /// for drawing. With `req.regression` a classification set's labels become targets −1/+1.
    /// The "validation" split is the training points themselves, so each epoch reports the loss
    /// over the whole training set with the epoch's final weights, as TensorFlow Playground's
    /// "Training loss" does.
    ///
    /// # Errors
    /// [`MlError::Invalid`] for a bad data set, feature, grid size, spec or config;
    /// [`MlError::Data`] when the split is empty.
    pub fn new(req: &TeachRequest, device: &Device) -> Result<(Self, TeachData), MlError> {
        let (generate, features) = parse_request(req)?;
        for (name, res) in [("boundary", req.boundary_res), ("neuron", req.neuron_res)] {
            if !(2..=MAX_RES).contains(&res) {
                return Err(MlError::Invalid(format!("the {name} grid must be 2 to {MAX_RES} cells wide, got {res}")));
            }
        }
        let width = features.len();
        if req.model.input != (InputSpec::Features { width }) {
            return Err(MlError::Invalid(format!(
                "the network takes {:?} but {width} features are selected",
                req.model.input
            )));
        }
        let pg = generate.build(&features).map_err(|e| MlError::Invalid(e.to_string()))?;
        let mut splits: Splits = pg.splits;
        if req.regression {
            for split in [&mut splits.train, &mut splits.test] {
                if let Targets::Binary { labels } = &split.targets {
                    let values = labels.iter().map(|&l| if l == 1 { 1.0 } else { -1.0 }).collect();
                    split.targets = Targets::Regression { values };
                }
            }
            splits.class_names.clear();
        }
        splits.validation = splits.train.clone();
        let config = TrainConfig { epochs: 1, ..req.config.clone() };
        let mut trainer = Trainer::from_splits(&req.model, &config, &splits, device)?;
        // It plays until paused or stopped.
        trainer.extend_epochs(PLAY_EPOCHS);
        // One loss read-back per epoch: tiny nets run many epochs a second.
        trainer.report_every = trainer.batches_per_epoch();
        let head = trainer.network().head();
        let flat = |inputs: kiln_data::Inputs| match inputs {
            kiln_data::Inputs::Features { values, .. } => values,
            _ => Vec::new(),
        };
        let data = TeachData {
            values: match &pg.data.targets {
                Targets::Binary { labels } | Targets::Classes { labels, .. } => {
                    labels.iter().map(|&l| l as f32).collect()
                }
                Targets::Regression { values } => values.clone(),
            },
            is_train: {
                let mut v = vec![false; pg.data.points.len()];
                for &i in &pg.rows.train {
                    v[i] = true;
                }
                v
            },
            points: pg.data.points,
            classes: generate.dataset.classes(),
        };
        let framer = Framer {
            boundary_grid: flat(teach::grid(req.boundary_res, &features)),
            neuron_grid: flat(teach::grid(req.neuron_res, &features)),
            width,
            head,
        };
        Ok((TeachSession { trainer, framer }, data))
    }

    /// The trainer and the framer, to run epochs with the framer at hand.
    pub fn into_parts(self) -> (Trainer, Framer) {
        (self.trainer, self.framer)
    }

    /// The trainer (to run epochs, apply settings or edit weights).
    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }

    /// The trainer.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// A frame of the current weights ([`Framer::frame`]).
    ///
    /// # Errors
    /// [`MlError::Device`] when a read-back fails.
    pub async fn frame(&self) -> Result<TeachFrame, MlError> {
        self.framer.frame(&self.trainer).await
    }
}

impl Framer {
    /// Computes a frame for the trainer's current weights: loss and accuracy on the training and
    /// test points, the boundary grid and every unit's heatmap.
    ///
    /// # Errors
    /// [`MlError::Device`] when a read-back fails.
    pub async fn frame(&self, trainer: &Trainer) -> Result<TeachFrame, MlError> {
        let train = trainer.validation_metrics().await?;
        let test = trainer.test_metrics().await?;
        let eval = trainer.evaluator();
        let out = eval.predict_features(self.boundary_grid.clone(), self.width).await?;
        let cells = self.boundary_grid.len() / self.width.max(1);
        let outputs = out.len() / cells.max(1);
        let boundary = out.iter().map(|&v| self.to_byte(v)).collect();
        let traces = eval.trace_features(self.neuron_grid.clone(), self.width).await?;
        let points = self.neuron_grid.len() / self.width.max(1);
        let last = traces.len().saturating_sub(1);
        let neurons = traces
            .iter()
            .enumerate()
            .map(|(layer, values)| {
                let units = values.len() / points.max(1);
                (0..units)
                    .map(|u| {
                        (0..points)
                            .map(|p| {
                                let v = values[p * units + u];
                                if layer == last { self.to_byte(v) } else { quantize(v, -1.0, 1.0) }
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut weights = Vec::new();
        for (w, b) in trainer.network().dense_weights() {
            weights.push((read_vec_f(w).await?, read_vec_f(b).await?));
        }
        Ok(TeachFrame {
            epoch: trainer.epochs_done(),
            train_loss: train.loss,
            test_loss: test.loss,
            train_accuracy: train.accuracy,
            test_accuracy: test.accuracy,
            boundary,
            outputs,
            neurons,
            weights,
        })
    }

    /// Output value → byte: probabilities as `2p − 1`, other outputs as they are, over [−1, 1].
    fn to_byte(&self, v: f32) -> u8 {
        match self.head {
            Head::Sigmoid | Head::Softmax => quantize(2.0 * v - 1.0, -1.0, 1.0),
            Head::Linear => quantize(v, -1.0, 1.0),
        }
    }
}
