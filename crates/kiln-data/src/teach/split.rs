//! Train / test rows as TensorFlow Playground splits them, the [`Splits`] built from them, and
//! [`TeachSet`]: everything [`Generate::build`] makes in one go.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::features::{Feature, features_of};
use super::generate::{Generate, TeachPoints, generate, train_count};
use super::sets::TeachError;
use crate::examples::{Examples, Splits, Targets};

/// Which rows of a [`TeachPoints`] are train and which test, for drawing them apart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TrainTest {
    /// Row indices of the training points.
    pub train: Vec<usize>,
    /// Row indices of the test points.
    pub test: Vec<usize>,
}

/// Everything [`Generate::build`] makes: the points (to draw), the split rows and the splits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeachSet {
    /// The generated points and targets.
    pub data: TeachPoints,
    /// Which points are train and test.
    pub rows: TrainTest,
    /// Features and targets per split, ready for `kiln-ml`.
    pub splits: Splits,
}

/// Splits rows `0..n` as TF Playground does: shuffle all, the first `⌊n · train_ratio⌋` train,
/// the rest test (not stratified). The shuffle uses ChaCha8 seeded by `seed` on stream 1, so it
/// is independent of the generator's draws (stream 0) for the same seed.
pub fn train_test(n: usize, train_ratio: f64, seed: u64) -> TrainTest {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(1);
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut rng);
    let test = rows.split_off(train_count(n, train_ratio.clamp(0.0, 1.0)));
    TrainTest { train: rows, test }
}

fn subset(data: &TeachPoints, rows: &[usize], features: &[Feature]) -> Examples {
    let points: Vec<[f32; 2]> = rows.iter().filter_map(|&r| data.points.get(r).copied()).collect();
    let pick = |labels: &[u32]| rows.iter().filter_map(|&r| labels.get(r).copied()).collect::<Vec<u32>>();
    let targets = match &data.targets {
        Targets::Binary { labels } => Targets::Binary { labels: pick(labels) },
        Targets::Classes { labels, classes } => Targets::Classes { labels: pick(labels), classes: *classes },
        Targets::Regression { values } => {
            Targets::Regression { values: rows.iter().filter_map(|&r| values.get(r).copied()).collect() }
        }
    };
    Examples { inputs: features_of(&points, features), targets }
}

/// Builds [`Splits`] from generated data: train and test rows as `rows` says (see
/// [`train_test`]), inputs `Inputs::Features [n, features.len()]`, targets as generated.
///
/// Validation is empty, as in TensorFlow Playground, which shows only train and test loss: with a
/// few hundred points a third split would leave too few to learn from, and the test points
/// drawn on the plane are the thing being taught. Rows outside the data are skipped.
///
/// # Errors
/// [`TeachError::NoFeatures`] when `features` is empty.
pub fn to_splits(data: &TeachPoints, rows: &TrainTest, features: &[Feature]) -> Result<Splits, TeachError> {
    if features.is_empty() {
        return Err(TeachError::NoFeatures);
    }
    let train = subset(data, &rows.train, features);
    let test = subset(data, &rows.test, features);
    let validation = subset(data, &[], features);
    Ok(Splits { train, validation, test, class_names: data.class_names.clone(), test_raw: Default::default() })
}

impl Generate {
    /// Generates the points ([`generate`]), splits them ([`train_test`]) and builds the features
    /// ([`to_splits`]) in one go.
    ///
    /// # Errors
    /// A field out of range, or no feature selected.
    pub fn build(&self, features: &[Feature]) -> Result<TeachSet, TeachError> {
        let data = generate(self)?;
        let rows = train_test(data.points.len(), self.train_ratio, self.seed);
        let splits = to_splits(&data, &rows, features)?;
        Ok(TeachSet { data, rows, splits })
    }
}
