//! TensorFlow Playground's input features of a point (`x1`, `x1²`, `sin x2`…) and the
//! heat-map grid over the plane, as model inputs.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::sets::EXTENT;
use crate::examples::Inputs;

/// A TensorFlow Playground input feature of a point `(x1, x2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Feature {
    /// `x1`.
    #[serde(rename = "x1")]
    X1,
    /// `x2`.
    #[serde(rename = "x2")]
    X2,
    /// `x1²`.
    #[serde(rename = "x1sq")]
    X1Sq,
    /// `x2²`.
    #[serde(rename = "x2sq")]
    X2Sq,
    /// `x1·x2`.
    #[serde(rename = "x1x2")]
    X1X2,
    /// `sin x1`.
    #[serde(rename = "sinx1")]
    SinX1,
    /// `sin x2`.
    #[serde(rename = "sinx2")]
    SinX2,
}

impl Feature {
    /// All seven, in TensorFlow Playground's order.
    pub const ALL: [Feature; 7] =
        [Feature::X1, Feature::X2, Feature::X1Sq, Feature::X2Sq, Feature::X1X2, Feature::SinX1, Feature::SinX2];

    /// The serde / URL name (`x1`, `x1sq`, `sinx2`, …).
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Sq => "x1sq",
            Feature::X2Sq => "x2sq",
            Feature::X1X2 => "x1x2",
            Feature::SinX1 => "sinx1",
            Feature::SinX2 => "sinx2",
        }
    }

    /// A display label (`X₁`, `X₁²`, `sin(X₂)`, …).
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "X₁",
            Feature::X2 => "X₂",
            Feature::X1Sq => "X₁²",
            Feature::X2Sq => "X₂²",
            Feature::X1X2 => "X₁X₂",
            Feature::SinX1 => "sin(X₁)",
            Feature::SinX2 => "sin(X₂)",
        }
    }

    /// The feature's value at `point = [x1, x2]` (raw, not standardised, as in TF Playground:
    /// `x1`, `x2` in `[-6, 6]`, squares up to 36, product in `[-36, 36]`, sines in `[-1, 1]`).
    pub fn apply(self, point: [f32; 2]) -> f32 {
        let [x1, x2] = point;
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Sq => x1 * x1,
            Feature::X2Sq => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => x1.sin(),
            Feature::SinX2 => x2.sin(),
        }
    }
}

impl FromStr for Feature {
    type Err = String;

    /// Reads a [`Feature::name`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Feature::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown input feature \"{s}\" (x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)"))
    }
}

/// Features of the given points, row-major `[points.len(), features.len()]`, columns in the
/// order of `features`.
pub fn features_of(points: &[[f32; 2]], features: &[Feature]) -> Inputs {
    let values = points.iter().flat_map(|&p| features.iter().map(move |f| f.apply(p))).collect();
    Inputs::Features { values, width: features.len() }
}

/// The `res × res` points of the heat-map grid, row-major from the top-left corner: row `r`
/// (0 at the top) has `x2 = 6 − 12·r/(res − 1)`, column `c` (0 at the left) has
/// `x1 = −6 + 12·c/(res − 1)`; point `r·res + c`. Corners are included. `res = 1` gives the
/// centre `(0, 0)`; `res = 0` nothing. TF Playground uses 100 × 100.
pub fn grid_points(res: usize) -> Vec<[f32; 2]> {
    let coord = |i: usize| if res > 1 { -EXTENT + 2.0 * EXTENT * i as f32 / (res - 1) as f32 } else { 0.0 };
    (0..res).flat_map(|r| (0..res).map(move |c| [coord(c), -coord(r)])).collect()
}

/// The heat-map grid of [`grid_points`] as model inputs, `Inputs::Features [res·res,
/// features.len()]` in the same row-major, top-left-first order (width 0 when `features` is
/// empty).
pub fn grid(res: usize, features: &[Feature]) -> Inputs {
    features_of(&grid_points(res), features)
}
