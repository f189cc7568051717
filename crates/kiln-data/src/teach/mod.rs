//! Teaching mode's data (the 2-D classroom, `?mode=teach`): seeded 2-D toy data sets, the input features built from them, the
//! train / test split and the grid behind the decision-boundary heat map.
//!
//! The data sets, the noise semantics, the input features, the default of 500 points and the
//! 50 % train ratio follow TensorFlow Playground (<https://github.com/tensorflow/playground>,
//! `src/dataset.ts` and `src/playground.ts`, Copyright 2016 Google Inc., Apache-2.0); this is a
//! re-implementation, not a copy. `moons`, `checkerboard`, `blobs-k` and `spiral-k` are Kiln's
//! additions (moons after scikit-learn's `make_moons`).
//!
//! Every point lies in the plane `[-EXTENT, EXTENT]²` = `[-6, 6]²` (TensorFlow Playground's
//! `xDomain`) except the Gaussian ones (`gauss`, `blobs-k`, noisy `moons`), whose tails may
//! fall outside, as in TensorFlow Playground. Randomness comes from one ChaCha8 generator seeded
//! with [`Generate::seed`], so one configuration always gives the same points on every platform.
//!
//! Noise is a number in `[0, 0.5]` (TensorFlow Playground's slider 0–50 divided by 100). What it
//! does depends on the data set, exactly as there:
//! - `circle`, `xor`, `checkerboard`, `plane`, `multi-gauss`: the point itself is exact; its label
//!   (or target) is computed at the point shifted by uniform offsets in `±noise·S` on each axis
//!   (`S` = 5 for circle and xor, 3 — one cell — for checkerboard, 6 for the regressions), so noise
//!   flips labels near the boundary;
//! - `spiral`, `spiral-k`: the point is shifted by uniform offsets in `±noise` on each axis;
//! - `gauss`, `blobs-k`: each cluster is normal with variance `0.5 + 7·noise` (0.5 to 4);
//! - `moons`: normal offsets with standard deviation `noise` in `make_moons` units (× 3 here).
//!
//! Layout: `sets` (the data sets, limits, errors), `generate` (the generators), `features`
//! (input features, the grid), `split` (train / test, [`TeachSet`]); every item has one public
//! path, here.

mod features;
mod generate;
mod sets;
mod split;
#[cfg(test)]
mod tests;

pub use features::{Feature, features_of, grid, grid_points};
pub use generate::{Generate, TeachPoints, generate};
pub use sets::{Dataset2d, EXTENT, MAX_NOISE, MAX_POINTS, TeachError};
pub use split::{TeachSet, TrainTest, to_splits, train_test};
