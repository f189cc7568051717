//! The 2-D data sets of teaching mode ([`Dataset2d`], with their URL names), the plane they
//! live in, the limits on a configuration and [`TeachError`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Half the side of the plane: points and the heat-map grid live in `[-6, 6]²`.
pub const EXTENT: f32 = 6.0;

/// Largest number of points [`generate`] accepts (keeps a browser tab responsive).
pub const MAX_POINTS: usize = 100_000;

/// Largest noise level (TensorFlow Playground's slider maximum, 50 %).
pub const MAX_NOISE: f64 = 0.5;

/// A 2-D toy data set.
///
/// Serde names are the URL names: unit variants are plain strings (`"circle"`, `"multi-gauss"`);
/// the multi-class ones carry their class count, `{"blobs-k":{"classes":3}}`. For URLs use
/// [`fmt::Display`] / [`FromStr`], which write and read `circle`, `multi-gauss`, `blobs-k:3`,
/// `spiral-k:5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dataset2d {
    /// Binary: a disc (r < 2.5, class 1) inside a ring (3.5 ≤ r < 5, class 0). TF Playground
    /// `classifyCircleData`.
    #[default]
    Circle,
    /// Binary: class 1 where `x1·x2 ≥ 0`, from `[-5, 5]²` pushed 0.3 away from the axes (so
    /// `|x| ∈ [0.3, 5.3]`). TF Playground `classifyXORData`.
    Xor,
    /// Binary: two normal clusters, class 1 around (2, 2), class 0 around (−2, −2), variance
    /// `0.5 + 7·noise`. TF Playground `classifyTwoGaussData`.
    Gauss,
    /// Binary: two interleaved spiral arms (class 1 with phase 0, class 0 with phase π), radius
    /// `5·i/m` and angle `1.75·2π·i/m + phase` for the `i`-th of `m` points of an arm, the point at
    /// `(r·sin t, r·cos t)`. TF Playground `classifySpiralData`.
    Spiral,
    /// Binary: two interleaving half circles (scikit-learn `make_moons`: class 0 the upper arc,
    /// class 1 the lower), scaled by 3 about the pair's centre so `x1 ∈ [-4.5, 4.5]`,
    /// `x2 ∈ [-2.25, 2.25]` without noise. Points are evenly spaced along each arc.
    Moons,
    /// Binary: 4 × 4 cells of side 3 over `[-6, 6]²`, class 1 on the cells whose column + row is
    /// even (so the top-right cell is class 1, as XOR's positive quadrant).
    Checkerboard,
    /// Regression: target `(x1 + x2) / 10` (in `[-1.2, 1.2]` without noise), points uniform in
    /// `[-6, 6]²`. TF Playground `regressPlane`.
    Plane,
    /// Regression: six Gaussian bumps, +1 at (−4, 2.5), (4, 2.5), (0, −2.5) and −1 at (0, 2.5),
    /// (−4, −2.5), (4, −2.5); each bump is `sign·max(0, 1 − d/2)` at distance `d` and the target
    /// is the bump largest in absolute value, so targets lie in `[-1, 1]`. TF Playground
    /// `regressGaussian`.
    MultiGauss,
    /// Multi-class: `classes` (3–5) normal clusters centred on a circle of radius 3.5 (class `j`
    /// at angle `π/4 + 2πj/classes`), variance `0.5 + 7·noise` as [`Dataset2d::Gauss`].
    BlobsK {
        /// Number of classes, 3 to 5.
        classes: usize,
    },
    /// Multi-class: `classes` (3–5) spiral arms as [`Dataset2d::Spiral`], arm `j` (class `j`)
    /// with phase `2πj/classes`.
    SpiralK {
        /// Number of classes, 3 to 5.
        classes: usize,
    },
}

impl Dataset2d {
    /// Every data set, with 3 classes for the multi-class ones (for menus and tests).
    pub const ALL: [Dataset2d; 10] = [
        Dataset2d::Circle,
        Dataset2d::Xor,
        Dataset2d::Gauss,
        Dataset2d::Spiral,
        Dataset2d::Moons,
        Dataset2d::Checkerboard,
        Dataset2d::Plane,
        Dataset2d::MultiGauss,
        Dataset2d::BlobsK { classes: 3 },
        Dataset2d::SpiralK { classes: 3 },
    ];

    /// The URL / serde name without the class count (`"blobs-k"` for any number of blobs).
    pub fn name(self) -> &'static str {
        match self {
            Dataset2d::Circle => "circle",
            Dataset2d::Xor => "xor",
            Dataset2d::Gauss => "gauss",
            Dataset2d::Spiral => "spiral",
            Dataset2d::Moons => "moons",
            Dataset2d::Checkerboard => "checkerboard",
            Dataset2d::Plane => "plane",
            Dataset2d::MultiGauss => "multi-gauss",
            Dataset2d::BlobsK { .. } => "blobs-k",
            Dataset2d::SpiralK { .. } => "spiral-k",
        }
    }

    /// Number of classes: 2 for the binary sets, `classes` for the multi-class ones, 0 for the
    /// regressions.
    pub fn classes(self) -> usize {
        match self {
            Dataset2d::Plane | Dataset2d::MultiGauss => 0,
            Dataset2d::BlobsK { classes } | Dataset2d::SpiralK { classes } => classes,
            _ => 2,
        }
    }

    /// True for the regression sets (`plane`, `multi-gauss`).
    pub fn is_regression(self) -> bool {
        self.classes() == 0
    }

    /// Display names of the classes, index = class id (empty for regression). Binary sets use
    /// TensorFlow Playground's labels: class 0 is its −1 (drawn orange), class 1 its +1 (blue).
    pub fn class_names(self) -> Vec<String> {
        match self.classes() {
            0 => Vec::new(),
            2 => vec!["negative".into(), "positive".into()],
            k => (0..k).map(|j| format!("class {j}")).collect(),
        }
    }
}

impl fmt::Display for Dataset2d {
    /// `circle`, `multi-gauss`, …; `blobs-k:3`, `spiral-k:5` for the multi-class ones.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dataset2d::BlobsK { classes } | Dataset2d::SpiralK { classes } => {
                write!(f, "{}:{classes}", self.name())
            }
            _ => f.write_str(self.name()),
        }
    }
}

impl FromStr for Dataset2d {
    type Err = TeachError;

    /// Reads what [`fmt::Display`] writes; a bare `blobs-k` or `spiral-k` means 3 classes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, classes) = match s.split_once(':') {
            Some((name, k)) => (name, Some(k.parse::<usize>().map_err(|_| TeachError::Unknown(s.into()))?)),
            None => (s, None),
        };
        let set = match (name, classes) {
            ("blobs-k", k) => Dataset2d::BlobsK { classes: k.unwrap_or(3) },
            ("spiral-k", k) => Dataset2d::SpiralK { classes: k.unwrap_or(3) },
            (_, Some(_)) => return Err(TeachError::Unknown(s.into())),
            (name, None) => {
                Dataset2d::ALL.into_iter().find(|d| d.name() == name).ok_or_else(|| TeachError::Unknown(s.into()))?
            }
        };
        check_classes(set)?;
        Ok(set)
    }
}

/// Why a teaching-mode data set cannot be built. Each message says what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TeachError {
    /// A data set name that is not one of [`Dataset2d`]'s.
    #[error(
        "unknown data set \"{0}\" (circle, xor, gauss, spiral, moons, checkerboard, plane, multi-gauss, blobs-k:3–5, spiral-k:3–5)"
    )]
    Unknown(String),
    /// `classes` outside 3–5.
    #[error("{name} needs 3 to 5 classes, not {classes}")]
    Classes {
        /// Data set name.
        name: &'static str,
        /// The class count given.
        classes: usize,
    },
    /// Noise outside `[0, 0.5]` or not a number.
    #[error("noise must be between 0 and 0.5, not {0}")]
    Noise(f64),
    /// Too few or too many points.
    #[error("the number of points must be between 2 and {MAX_POINTS}, not {0}")]
    Points(usize),
    /// A train ratio that leaves no training point (or is not in `(0, 1]`).
    #[error("the train ratio must be in (0, 1] and leave at least one training point, not {0}")]
    TrainRatio(f64),
    /// No input feature selected.
    #[error("select at least one input feature")]
    NoFeatures,
}

pub(super) fn check_classes(set: Dataset2d) -> Result<(), TeachError> {
    match set {
        Dataset2d::BlobsK { classes } | Dataset2d::SpiralK { classes } if !(3..=5).contains(&classes) => {
            Err(TeachError::Classes { name: set.name(), classes })
        }
        _ => Ok(()),
    }
}
