//! Teaching mode's data: seeded 2-D toy data sets, the input features built from them, the
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

use std::fmt;
use std::str::FromStr;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::examples::{Examples, Inputs, Splits, Targets};

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
    type Err = PlaygroundError;

    /// Reads what [`fmt::Display`] writes; a bare `blobs-k` or `spiral-k` means 3 classes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, classes) = match s.split_once(':') {
            Some((name, k)) => (name, Some(k.parse::<usize>().map_err(|_| PlaygroundError::Unknown(s.into()))?)),
            None => (s, None),
        };
        let set = match (name, classes) {
            ("blobs-k", k) => Dataset2d::BlobsK { classes: k.unwrap_or(3) },
            ("spiral-k", k) => Dataset2d::SpiralK { classes: k.unwrap_or(3) },
            (_, Some(_)) => return Err(PlaygroundError::Unknown(s.into())),
            (name, None) => Dataset2d::ALL
                .into_iter()
                .find(|d| d.name() == name)
                .ok_or_else(|| PlaygroundError::Unknown(s.into()))?,
        };
        check_classes(set)?;
        Ok(set)
    }
}

/// Why a playground configuration cannot be built. Each message says what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PlaygroundError {
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

fn check_classes(set: Dataset2d) -> Result<(), PlaygroundError> {
    match set {
        Dataset2d::BlobsK { classes } | Dataset2d::SpiralK { classes } if !(3..=5).contains(&classes) => {
            Err(PlaygroundError::Classes { name: set.name(), classes })
        }
        _ => Ok(()),
    }
}

/// How to generate a playground data set. Serde fills missing fields from [`Default`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Generate {
    /// Which data set (default `circle`, TF Playground's default).
    pub dataset: Dataset2d,
    /// Number of points, 2 to [`MAX_POINTS`] (default 500, TF Playground's count for
    /// classification; it uses 1200 for regression).
    pub points: usize,
    /// Noise level in `[0, 0.5]` (default 0); see the module docs for what it does per data set.
    pub noise: f64,
    /// Fraction of the points used for training, in `(0, 1]` (default 0.5); the rest are test.
    pub train_ratio: f64,
    /// Seed of the generator and of the train / test shuffle.
    pub seed: u64,
}

impl Default for Generate {
    fn default() -> Self {
        Generate { dataset: Dataset2d::Circle, points: 500, noise: 0.0, train_ratio: 0.5, seed: 0 }
    }
}

impl Generate {
    /// Checks every field.
    ///
    /// # Errors
    /// The first field out of range.
    pub fn check(&self) -> Result<(), PlaygroundError> {
        check_classes(self.dataset)?;
        if !(0.0..=MAX_NOISE).contains(&self.noise) {
            return Err(PlaygroundError::Noise(self.noise));
        }
        if !(2..=MAX_POINTS).contains(&self.points) {
            return Err(PlaygroundError::Points(self.points));
        }
        if !(self.train_ratio > 0.0 && self.train_ratio <= 1.0) || train_count(self.points, self.train_ratio) == 0 {
            return Err(PlaygroundError::TrainRatio(self.train_ratio));
        }
        Ok(())
    }

    /// Generates the points ([`generate`]), splits them ([`train_test`]) and builds the features
    /// ([`to_splits`]) in one go.
    ///
    /// # Errors
    /// A field out of range, or no feature selected.
    pub fn build(&self, features: &[Feature]) -> Result<Playground, PlaygroundError> {
        let data = generate(self)?;
        let rows = train_test(data.points.len(), self.train_ratio, self.seed);
        let splits = to_splits(&data, &rows, features)?;
        Ok(Playground { data, rows, splits })
    }
}

/// A generated data set: points in generation order (class by class for the classifications).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaygroundData {
    /// `(x1, x2)` per point, `[n]`, in `[-6, 6]²` except Gaussian tails.
    pub points: Vec<[f32; 2]>,
    /// One target per point: `Binary` (0/1), `Classes` (`0..classes`) or `Regression`.
    pub targets: Targets,
    /// Display names of the classes (empty for regression).
    pub class_names: Vec<String>,
}

/// Which rows of a [`PlaygroundData`] are train and which test, for drawing them apart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TrainTest {
    /// Row indices of the training points.
    pub train: Vec<usize>,
    /// Row indices of the test points.
    pub test: Vec<usize>,
}

/// Everything [`Generate::build`] makes: the points (to draw), the split rows and the splits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Playground {
    /// The generated points and targets.
    pub data: PlaygroundData,
    /// Which points are train and test.
    pub rows: TrainTest,
    /// Features and targets per split, ready for `kiln-ml`.
    pub splits: Splits,
}

/// Uniform in `[a, b)` (TF Playground's `randUniform`).
fn uniform(rng: &mut ChaCha8Rng, a: f64, b: f64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * (b - a) + a
}

/// Normal with the given mean and *variance*, by the Marsaglia polar method (as TF Playground's
/// `normalRandom`; G. Marsaglia and T. A. Bray, "A convenient method for generating normal
/// variables", SIAM Review 6(3), 1964). `s = 0` is rejected too, so the log is always finite.
fn normal(rng: &mut ChaCha8Rng, mean: f64, variance: f64) -> f64 {
    loop {
        let v1 = uniform(rng, -1.0, 1.0);
        let v2 = uniform(rng, -1.0, 1.0);
        let s = v1 * v1 + v2 * v2;
        if s > 0.0 && s <= 1.0 {
            return mean + variance.sqrt() * (-2.0 * s.ln() / s).sqrt() * v1;
        }
    }
}

/// Points per class when `n` points are shared by `k` classes: the first `n % k` get one more.
fn per_class(n: usize, k: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..k).map(move |j| (j, n / k + usize::from(j < n % k)))
}

/// TF Playground's Gaussian variance: linear from 0.5 at noise 0 to 4 at noise 0.5.
fn gauss_variance(noise: f64) -> f64 {
    0.5 + 7.0 * noise
}

/// The six bumps of `multi-gauss`: centre x, centre y, sign.
const BUMPS: [(f64, f64, f64); 6] =
    [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];

fn multi_gauss_target(x: f64, y: f64) -> f64 {
    let mut best: f64 = 0.0;
    for (cx, cy, sign) in BUMPS {
        let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        let v = sign * (1.0 - d / 2.0).clamp(0.0, 1.0);
        if v.abs() > best.abs() {
            best = v;
        }
    }
    best
}

/// Checkerboard class of a point: 1 when column + row of its 3 × 3 cell is even.
fn checker_class(x: f64, y: f64) -> u32 {
    let cell = |v: f64| ((v + 6.0) / 3.0).floor().clamp(0.0, 3.0) as i64;
    u32::from((cell(x) + cell(y)) % 2 == 0)
}

/// Spiral arms: `k` arms with phases `phase(j)`, labels `label(j)`, `n` points in all.
fn spirals(
    rng: &mut ChaCha8Rng,
    n: usize,
    k: usize,
    noise: f64,
    phase: impl Fn(usize) -> f64,
    label: impl Fn(usize) -> u32,
    out: &mut (Vec<[f64; 2]>, Vec<u32>),
) {
    for (j, m) in per_class(n, k) {
        for i in 0..m {
            let f = i as f64 / m as f64;
            let r = 5.0 * f;
            let t = 1.75 * f * std::f64::consts::TAU + phase(j);
            let x = r * t.sin() + uniform(rng, -1.0, 1.0) * noise;
            let y = r * t.cos() + uniform(rng, -1.0, 1.0) * noise;
            out.0.push([x, y]);
            out.1.push(label(j));
        }
    }
}

/// Generates `config.points` points of `config.dataset` with `config.noise`, seeded by
/// `config.seed` (ChaCha8). Points come class by class (shuffle with [`train_test`]); two-class
/// sets give the first class `⌈n/2⌉` points, `k`-class sets give each class `⌊n/k⌋` or one more.
/// The uniform / checkerboard / regression sets draw each class at random, so their balance is
/// only approximate.
///
/// # Errors
/// A field of `config` out of range ([`Generate::check`]).
pub fn generate(config: &Generate) -> Result<PlaygroundData, PlaygroundError> {
    config.check()?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let rng = &mut rng;
    let (n, noise) = (config.points, config.noise);
    let mut cls: (Vec<[f64; 2]>, Vec<u32>) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut reg: Vec<f64> = Vec::new();
    match config.dataset {
        Dataset2d::Circle => {
            let radius = 5.0;
            // Class 1 (TF's +1) inside, class 0 (−1) in the ring; the label is taken at the
            // noisy position, the point is stored exact.
            for (j, m) in per_class(n, 2) {
                let (r0, r1) = if j == 0 { (0.0, 0.5 * radius) } else { (0.7 * radius, radius) };
                for _ in 0..m {
                    let r = uniform(rng, r0, r1);
                    let angle = uniform(rng, 0.0, std::f64::consts::TAU);
                    let (x, y) = (r * angle.sin(), r * angle.cos());
                    let nx = uniform(rng, -radius, radius) * noise;
                    let ny = uniform(rng, -radius, radius) * noise;
                    let inside = ((x + nx).powi(2) + (y + ny).powi(2)).sqrt() < 0.5 * radius;
                    cls.0.push([x, y]);
                    cls.1.push(u32::from(inside));
                }
            }
        }
        Dataset2d::Xor => {
            let pad = |v: f64| if v > 0.0 { v + 0.3 } else { v - 0.3 };
            for _ in 0..n {
                let x = pad(uniform(rng, -5.0, 5.0));
                let y = pad(uniform(rng, -5.0, 5.0));
                let nx = uniform(rng, -5.0, 5.0) * noise;
                let ny = uniform(rng, -5.0, 5.0) * noise;
                cls.0.push([x, y]);
                cls.1.push(u32::from((x + nx) * (y + ny) >= 0.0));
            }
        }
        Dataset2d::Gauss => {
            let variance = gauss_variance(noise);
            for (j, m) in per_class(n, 2) {
                let (c, label) = if j == 0 { (2.0, 1) } else { (-2.0, 0) };
                for _ in 0..m {
                    let x = normal(rng, c, variance);
                    let y = normal(rng, c, variance);
                    cls.0.push([x, y]);
                    cls.1.push(label);
                }
            }
        }
        Dataset2d::Spiral => {
            let phase = |j: usize| if j == 0 { 0.0 } else { std::f64::consts::PI };
            spirals(rng, n, 2, noise, phase, |j| u32::from(j == 0), &mut cls);
        }
        Dataset2d::SpiralK { classes } => {
            let phase = |j: usize| std::f64::consts::TAU * j as f64 / classes as f64;
            spirals(rng, n, classes, noise, phase, |j| j as u32, &mut cls);
        }
        Dataset2d::Moons => {
            // make_moons: upper arc (cos t, sin t), lower arc (1 − cos t, 0.5 − sin t), t evenly
            // spaced in [0, π]; normal noise of deviation `noise`; then centred and scaled by 3.
            for (j, m) in per_class(n, 2) {
                for i in 0..m {
                    let t = if m > 1 { std::f64::consts::PI * i as f64 / (m - 1) as f64 } else { 0.0 };
                    let (x, y) = if j == 0 { (t.cos(), t.sin()) } else { (1.0 - t.cos(), 0.5 - t.sin()) };
                    let (x, y) = if noise > 0.0 {
                        (x + normal(rng, 0.0, noise * noise), y + normal(rng, 0.0, noise * noise))
                    } else {
                        (x, y)
                    };
                    cls.0.push([(x - 0.5) * 3.0, (y - 0.25) * 3.0]);
                    cls.1.push(j as u32);
                }
            }
        }
        Dataset2d::Checkerboard => {
            for _ in 0..n {
                let x = uniform(rng, -6.0, 6.0);
                let y = uniform(rng, -6.0, 6.0);
                let nx = uniform(rng, -3.0, 3.0) * noise;
                let ny = uniform(rng, -3.0, 3.0) * noise;
                cls.0.push([x, y]);
                cls.1.push(checker_class(x + nx, y + ny));
            }
        }
        Dataset2d::BlobsK { classes } => {
            let variance = gauss_variance(noise);
            for (j, m) in per_class(n, classes) {
                let a = std::f64::consts::FRAC_PI_4 + std::f64::consts::TAU * j as f64 / classes as f64;
                let (cx, cy) = (3.5 * a.cos(), 3.5 * a.sin());
                for _ in 0..m {
                    let x = normal(rng, cx, variance);
                    let y = normal(rng, cy, variance);
                    cls.0.push([x, y]);
                    cls.1.push(j as u32);
                }
            }
        }
        Dataset2d::Plane | Dataset2d::MultiGauss => {
            for _ in 0..n {
                let x = uniform(rng, -6.0, 6.0);
                let y = uniform(rng, -6.0, 6.0);
                let nx = uniform(rng, -6.0, 6.0) * noise;
                let ny = uniform(rng, -6.0, 6.0) * noise;
                let target = if config.dataset == Dataset2d::Plane {
                    (x + nx + y + ny) / 10.0
                } else {
                    multi_gauss_target(x + nx, y + ny)
                };
                cls.0.push([x, y]);
                reg.push(target);
            }
        }
    }
    let points = cls.0.iter().map(|&[x, y]| [x as f32, y as f32]).collect();
    let targets = match config.dataset.classes() {
        0 => Targets::Regression { values: reg.iter().map(|&v| v as f32).collect() },
        2 => Targets::Binary { labels: cls.1 },
        classes => Targets::Classes { labels: cls.1, classes },
    };
    Ok(PlaygroundData { points, targets, class_names: config.dataset.class_names() })
}

/// Number of training rows TF Playground takes: `⌊n · ratio⌋`.
fn train_count(n: usize, ratio: f64) -> usize {
    ((n as f64 * ratio).floor() as usize).min(n)
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

fn subset(data: &PlaygroundData, rows: &[usize], features: &[Feature]) -> Examples {
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
/// [`PlaygroundError::NoFeatures`] when `features` is empty.
pub fn to_splits(data: &PlaygroundData, rows: &TrainTest, features: &[Feature]) -> Result<Splits, PlaygroundError> {
    if features.is_empty() {
        return Err(PlaygroundError::NoFeatures);
    }
    let train = subset(data, &rows.train, features);
    let test = subset(data, &rows.test, features);
    let validation = subset(data, &[], features);
    Ok(Splits { train, validation, test, class_names: data.class_names.clone(), test_raw: Default::default() })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn make(dataset: Dataset2d, points: usize, noise: f64, seed: u64) -> PlaygroundData {
        generate(&Generate { dataset, points, noise, seed, ..Generate::default() }).unwrap()
    }

    fn labels(d: &PlaygroundData) -> Vec<u32> {
        match &d.targets {
            Targets::Binary { labels } | Targets::Classes { labels, .. } => labels.clone(),
            Targets::Regression { .. } => panic!("regression"),
        }
    }

    fn values(d: &PlaygroundData) -> Vec<f32> {
        match &d.targets {
            Targets::Regression { values } => values.clone(),
            _ => panic!("not regression"),
        }
    }

    fn count(labels: &[u32], class: u32) -> usize {
        labels.iter().filter(|&&l| l == class).count()
    }

    fn radius(p: [f32; 2]) -> f32 {
        (p[0] * p[0] + p[1] * p[1]).sqrt()
    }

    fn inside(p: [f32; 2], e: f32) -> bool {
        p[0].abs() <= e && p[1].abs() <= e
    }

    #[test]
    fn circle_radii_and_labels_without_noise() {
        let d = make(Dataset2d::Circle, 500, 0.0, 1);
        let l = labels(&d);
        assert_eq!((count(&l, 1), count(&l, 0)), (250, 250));
        for (p, &c) in d.points.iter().zip(&l) {
            let r = radius(*p);
            if c == 1 {
                assert!(r < 2.5 + 1e-5, "inner point at r = {r}");
            } else {
                assert!((3.5 - 1e-5..5.0 + 1e-5).contains(&r), "outer point at r = {r}");
            }
        }
        // Points come class by class: the first half is the disc.
        assert!(l[..250].iter().all(|&c| c == 1));
    }

    #[test]
    fn circle_and_xor_noise_flips_labels_not_points() {
        // Zero noise: every label is the geometric one. More noise: more flipped labels.
        let flipped = |set: Dataset2d, noise: f64| {
            let d = make(set, 2000, noise, 3);
            let l = labels(&d);
            d.points
                .iter()
                .zip(&l)
                .enumerate()
                .filter(|(i, (p, c))| match set {
                    Dataset2d::Circle => u32::from(*i < 1000) != **c,
                    _ => u32::from(p[0] * p[1] >= 0.0) != **c,
                })
                .count()
        };
        for set in [Dataset2d::Circle, Dataset2d::Xor] {
            let (a, b, c) = (flipped(set, 0.0), flipped(set, 0.1), flipped(set, 0.5));
            assert_eq!(a, 0, "{set}");
            assert!(0 < b && b < c, "{set}: {a} {b} {c}");
        }
        // Circle points stay in their annuli whatever the noise.
        let d = make(Dataset2d::Circle, 500, 0.5, 3);
        assert!(d.points[..250].iter().all(|&p| radius(p) < 2.5 + 1e-5));
        assert!(d.points[250..].iter().all(|&p| radius(p) >= 3.5 - 1e-5));
    }

    #[test]
    fn xor_padding_and_quadrants() {
        let d = make(Dataset2d::Xor, 1000, 0.0, 5);
        let l = labels(&d);
        for (p, &c) in d.points.iter().zip(&l) {
            assert!(p[0].abs() >= 0.3 - 1e-6 && p[0].abs() <= 5.3 + 1e-5, "{p:?}");
            assert!(p[1].abs() >= 0.3 - 1e-6 && p[1].abs() <= 5.3 + 1e-5, "{p:?}");
            assert_eq!(c, u32::from(p[0] * p[1] >= 0.0));
        }
        let ones = count(&l, 1);
        assert!((450..=550).contains(&ones), "{ones} of 1000 in class 1");
    }

    #[test]
    fn gauss_centres_and_variance_scale_with_noise() {
        let stats = |noise: f64| {
            let d = make(Dataset2d::Gauss, 4000, noise, 7);
            let l = labels(&d);
            assert_eq!((count(&l, 1), count(&l, 0)), (2000, 2000));
            let pos: Vec<f32> = d.points.iter().zip(&l).filter(|(_, c)| **c == 1).map(|(p, _)| p[0]).collect();
            let mean = pos.iter().sum::<f32>() / pos.len() as f32;
            let var = pos.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / pos.len() as f32;
            let neg_mean = d.points.iter().zip(&l).filter(|(_, c)| **c == 0).map(|(p, _)| p[1]).sum::<f32>() / 2000.0;
            (mean, neg_mean, var)
        };
        let (m, nm, v) = stats(0.0);
        assert!((m - 2.0).abs() < 0.1 && (nm + 2.0).abs() < 0.1, "{m} {nm}");
        assert!((v - 0.5).abs() < 0.06, "variance {v} at noise 0");
        let (m, _, v) = stats(0.5);
        assert!((m - 2.0).abs() < 0.2, "{m}");
        assert!((v - 4.0).abs() < 0.4, "variance {v} at noise 0.5");
    }

    #[test]
    fn spiral_follows_its_arms() {
        let d = make(Dataset2d::Spiral, 500, 0.0, 2);
        let l = labels(&d);
        assert_eq!((count(&l, 1), count(&l, 0)), (250, 250));
        for arm in [&d.points[..250], &d.points[250..]] {
            let r: Vec<f32> = arm.iter().map(|&p| radius(p)).collect();
            assert!(r.windows(2).all(|w| w[0] < w[1]), "radius increases with the index");
            assert!(r[0] < 1e-6 && r[249] < 5.0);
            for (i, &ri) in r.iter().enumerate() {
                assert!((ri - 5.0 * i as f32 / 250.0).abs() < 1e-4);
            }
        }
        // Angle: t = 1.75·2π·i/n (+π for the second arm), point (r sin t, r cos t).
        let t = 1.75 * std::f64::consts::TAU * 100.0 / 250.0;
        let (r, p, q) = (2.0, d.points[100], d.points[350]);
        assert!((f64::from(p[0]) - r * t.sin()).abs() < 1e-5 && (f64::from(p[1]) - r * t.cos()).abs() < 1e-5);
        assert!((q[0] + p[0]).abs() < 1e-5 && (q[1] + p[1]).abs() < 1e-5, "second arm is the first turned by π");
        assert!(l[..250].iter().all(|&c| c == 1));
    }

    #[test]
    fn spiral_noise_is_a_bounded_uniform_offset() {
        let clean = make(Dataset2d::Spiral, 500, 0.0, 4);
        let spread = |noise: f64| {
            let d = make(Dataset2d::Spiral, 500, noise, 4);
            let offs: Vec<f32> = d
                .points
                .iter()
                .zip(&clean.points)
                .flat_map(|(p, c)| [(p[0] - c[0]).abs(), (p[1] - c[1]).abs()])
                .collect();
            let max = offs.iter().copied().fold(0.0, f32::max);
            assert!(max <= noise as f32 + 1e-5, "offset {max} beyond noise {noise}");
            offs.iter().sum::<f32>() / offs.len() as f32
        };
        assert_eq!(spread(0.0), 0.0);
        let (a, b) = (spread(0.1), spread(0.5));
        // Mean |U(−s, s)| = s/2.
        assert!((a - 0.05).abs() < 0.01 && (b - 0.25).abs() < 0.03 && a < b, "{a} {b}");
    }

    #[test]
    fn spiral_k_has_k_balanced_rotated_arms() {
        for k in 3..=5 {
            let d = make(Dataset2d::SpiralK { classes: k }, 500, 0.0, 9);
            let l = labels(&d);
            assert!(matches!(d.targets, Targets::Classes { classes, .. } if classes == k));
            let counts: Vec<usize> = (0..k as u32).map(|c| count(&l, c)).collect();
            assert!(counts.iter().all(|&c| c == 500 / k || c == 500 / k + 1), "{counts:?}");
            assert_eq!(counts.iter().sum::<usize>(), 500);
            // The last point of each arm sits at phase 2πj/k ahead of the first arm's.
            let m = counts[1];
            let start: usize = counts[..1].iter().sum();
            let p = d.points[start + 1];
            let f = 1.0 / m as f64;
            let t = 1.75 * f * std::f64::consts::TAU + std::f64::consts::TAU / k as f64;
            assert!((f64::from(p[0]) - 5.0 * f * t.sin()).abs() < 1e-5, "k = {k}");
        }
    }

    #[test]
    fn moons_without_noise_lie_on_their_arcs() {
        let d = make(Dataset2d::Moons, 201, 0.0, 0);
        let l = labels(&d);
        assert_eq!((count(&l, 0), count(&l, 1)), (101, 100));
        for (p, &c) in d.points.iter().zip(&l) {
            // Back to make_moons units.
            let (x, y) = (f64::from(p[0]) / 3.0 + 0.5, f64::from(p[1]) / 3.0 + 0.25);
            let (cx, cy) = if c == 0 { (0.0, 0.0) } else { (1.0, 0.5) };
            let r = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
            assert!((r - 1.0).abs() < 1e-5, "{p:?}");
            assert!(if c == 0 { y >= cy - 1e-6 } else { y <= cy + 1e-6 });
            assert!(p[0].abs() <= 4.5 + 1e-5 && p[1].abs() <= 2.25 + 1e-5);
        }
        // Even spacing: endpoints of the upper arc at t = 0 and π.
        assert!((d.points[0][0] - 1.5).abs() < 1e-5 && (d.points[100][0] + 4.5).abs() < 1e-5);
        // Noise: normal offsets, spread grows with noise.
        let spread = |noise: f64| {
            let n = make(Dataset2d::Moons, 201, noise, 0);
            n.points.iter().zip(&d.points).map(|(a, b)| (a[0] - b[0]).powi(2)).sum::<f32>() / 201.0
        };
        let (a, b) = (spread(0.1), spread(0.3));
        assert!((a.sqrt() - 0.3).abs() < 0.06 && (b.sqrt() - 0.9).abs() < 0.15, "{a} {b}");
    }

    #[test]
    fn checkerboard_cells() {
        let d = make(Dataset2d::Checkerboard, 2000, 0.0, 11);
        let l = labels(&d);
        for (p, &c) in d.points.iter().zip(&l) {
            assert!(inside(*p, 6.0));
            let cell = |v: f32| ((v + 6.0) / 3.0).floor() as i32;
            assert_eq!(c, u32::from((cell(p[0]) + cell(p[1])) % 2 == 0), "{p:?}");
        }
        assert_eq!(checker_class(4.5, 4.5), 1);
        assert_eq!(checker_class(1.5, 4.5), 0);
        assert_eq!(checker_class(-4.5, -4.5), 1);
        let ones = count(&l, 1);
        assert!((900..=1100).contains(&ones), "{ones}");
        let noisy = labels(&make(Dataset2d::Checkerboard, 2000, 0.3, 11));
        let flips = noisy.iter().zip(&l).filter(|(a, b)| a != b).count();
        assert!(flips > 100, "{flips}");
    }

    #[test]
    fn plane_target_is_sum_over_ten() {
        let d = make(Dataset2d::Plane, 500, 0.0, 13);
        for (p, v) in d.points.iter().zip(values(&d)) {
            assert!(inside(*p, 6.0));
            assert!((v - (p[0] + p[1]) / 10.0).abs() < 1e-5);
        }
        let err = |noise: f64| {
            let d = make(Dataset2d::Plane, 500, noise, 13);
            d.points.iter().zip(values(&d)).map(|(p, v)| (v - (p[0] + p[1]) / 10.0).abs()).sum::<f32>() / 500.0
        };
        assert!(err(0.1) < err(0.5));
    }

    #[test]
    fn multi_gauss_bumps() {
        assert!((multi_gauss_target(-4.0, 2.5) - 1.0).abs() < 1e-12);
        assert!((multi_gauss_target(0.0, 2.5) + 1.0).abs() < 1e-12);
        assert!((multi_gauss_target(4.0, -1.5) + 0.5).abs() < 1e-12);
        assert_eq!(multi_gauss_target(-2.0, 0.0), 0.0);
        let d = make(Dataset2d::MultiGauss, 1200, 0.0, 17);
        for (p, v) in d.points.iter().zip(values(&d)) {
            assert!(inside(*p, 6.0) && (-1.0..=1.0).contains(&v));
            assert!((f64::from(v) - multi_gauss_target(f64::from(p[0]), f64::from(p[1]))).abs() < 1e-5);
        }
    }

    #[test]
    fn blobs_k_balanced_around_their_centres() {
        for k in 3..=5 {
            let d = make(Dataset2d::BlobsK { classes: k }, 600, 0.0, 19);
            let l = labels(&d);
            for j in 0..k {
                let pts: Vec<_> = d.points.iter().zip(&l).filter(|(_, c)| **c == j as u32).map(|(p, _)| *p).collect();
                assert!(pts.len() == 600 / k || pts.len() == 600 / k + 1);
                let a = std::f32::consts::FRAC_PI_4 + std::f32::consts::TAU * j as f32 / k as f32;
                let mx = pts.iter().map(|p| p[0]).sum::<f32>() / pts.len() as f32;
                let my = pts.iter().map(|p| p[1]).sum::<f32>() / pts.len() as f32;
                assert!((mx - 3.5 * a.cos()).abs() < 0.25 && (my - 3.5 * a.sin()).abs() < 0.25, "k {k} class {j}");
            }
        }
    }

    #[test]
    fn ranges_inside_the_plane() {
        for set in [Dataset2d::Circle, Dataset2d::Xor, Dataset2d::Spiral, Dataset2d::SpiralK { classes: 5 }] {
            for noise in [0.0, 0.5] {
                let d = make(set, 500, noise, 23);
                assert!(d.points.iter().all(|&p| inside(p, 6.0)), "{set} at noise {noise}");
            }
        }
        for set in [Dataset2d::Checkerboard, Dataset2d::Plane, Dataset2d::MultiGauss, Dataset2d::Moons] {
            let d = make(set, 500, 0.0, 23);
            assert!(d.points.iter().all(|&p| inside(p, 6.0)), "{set}");
        }
        // Gaussian sets at noise 0 stay inside; only tails at high noise may leave.
        for set in [Dataset2d::Gauss, Dataset2d::BlobsK { classes: 4 }] {
            let d = make(set, 500, 0.0, 23);
            assert!(d.points.iter().all(|&p| inside(p, 6.0)), "{set}");
            let d = make(set, 500, 0.5, 23);
            let out = d.points.iter().filter(|&&p| !inside(p, 6.0)).count();
            assert!(out < 75, "{set}: {out} outside");
        }
    }

    #[test]
    fn deterministic_per_seed() {
        for set in Dataset2d::ALL {
            let a = make(set, 300, 0.2, 42);
            assert_eq!(a, make(set, 300, 0.2, 42), "{set}");
            assert_eq!(a.points.len(), 300);
            assert_ne!(a.points, make(set, 300, 0.2, 43).points, "{set}");
        }
        // Noiseless moons are evenly spaced: the seed has nothing to draw.
        assert_eq!(make(Dataset2d::Moons, 300, 0.0, 1), make(Dataset2d::Moons, 300, 0.0, 2));
    }

    #[test]
    fn odd_counts_and_errors() {
        assert_eq!(make(Dataset2d::Circle, 5, 0.0, 0).points.len(), 5);
        let bad = |g: Generate| generate(&g).unwrap_err();
        let g = Generate::default();
        assert_eq!(bad(Generate { noise: 0.6, ..g.clone() }), PlaygroundError::Noise(0.6));
        assert!(matches!(bad(Generate { noise: f64::NAN, ..g.clone() }), PlaygroundError::Noise(_)));
        assert_eq!(bad(Generate { points: 1, ..g.clone() }), PlaygroundError::Points(1));
        assert_eq!(bad(Generate { train_ratio: 0.001, points: 10, ..g.clone() }), PlaygroundError::TrainRatio(0.001));
        let e = bad(Generate { dataset: Dataset2d::BlobsK { classes: 6 }, ..g });
        assert_eq!(e.to_string(), "blobs-k needs 3 to 5 classes, not 6");
    }

    #[test]
    fn serde_and_url_names() {
        let names = ["circle", "xor", "gauss", "spiral", "moons", "checkerboard", "plane", "multi-gauss"];
        for (set, name) in Dataset2d::ALL.iter().zip(names) {
            assert_eq!(serde_json::to_string(set).unwrap(), format!("\"{name}\""));
            assert_eq!(name.parse::<Dataset2d>().unwrap(), *set);
        }
        let blobs = Dataset2d::BlobsK { classes: 4 };
        assert_eq!(serde_json::to_string(&blobs).unwrap(), r#"{"blobs-k":{"classes":4}}"#);
        assert_eq!(blobs.to_string(), "blobs-k:4");
        assert_eq!("blobs-k:4".parse::<Dataset2d>().unwrap(), blobs);
        assert_eq!("spiral-k:5".parse::<Dataset2d>().unwrap(), Dataset2d::SpiralK { classes: 5 });
        assert_eq!("spiral-k".parse::<Dataset2d>().unwrap(), Dataset2d::SpiralK { classes: 3 });
        assert!("spiral-k:9".parse::<Dataset2d>().is_err());
        assert!("circle:3".parse::<Dataset2d>().is_err());
        assert!("donut".parse::<Dataset2d>().is_err());
        let g: Generate = serde_json::from_str(r#"{"dataset":"spiral","noise":0.25}"#).unwrap();
        assert_eq!((g.dataset, g.points, g.noise, g.train_ratio), (Dataset2d::Spiral, 500, 0.25, 0.5));
        let f: Vec<Feature> = serde_json::from_str(r#"["x1","x2","x1sq","x2sq","x1x2","sinx1","sinx2"]"#).unwrap();
        assert_eq!(f, Feature::ALL);
        assert_eq!("x1x2".parse::<Feature>(), Ok(Feature::X1X2));
    }

    #[test]
    fn feature_values_by_hand() {
        let p = [2.0, -3.0];
        let got: Vec<f32> = Feature::ALL.iter().map(|f| f.apply(p)).collect();
        let want = [2.0, -3.0, 4.0, 9.0, -6.0, 0.909_297_4, -0.141_120_01];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{got:?}");
        }
    }

    #[test]
    fn splits_follow_tf_playground() {
        let g = Generate { dataset: Dataset2d::Xor, points: 501, noise: 0.1, train_ratio: 0.5, seed: 8 };
        let feats = [Feature::X1, Feature::X1X2, Feature::SinX2];
        let pg = g.build(&feats).unwrap();
        let s = &pg.splits;
        assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (250, 0, 251));
        for e in [&s.train, &s.validation, &s.test] {
            assert_eq!(e.check(), Ok(()));
            assert_eq!(e.inputs.row_len(), 3);
        }
        assert_eq!(s.class_names, ["negative", "positive"]);
        // Row k of train is data row rows.train[k], features in the given order.
        let Inputs::Features { values, width } = &s.train.inputs else { panic!() };
        let Targets::Binary { labels: all } = &pg.data.targets else { panic!() };
        let Targets::Binary { labels } = &s.train.targets else { panic!() };
        for (k, &r) in pg.rows.train.iter().enumerate().take(20) {
            let p = pg.data.points[r];
            assert_eq!(&values[k * width..(k + 1) * width], &[p[0], p[0] * p[1], p[1].sin()]);
            assert_eq!(labels[k], all[r]);
        }
        // A partition of all rows, repeatable, shuffled.
        let mut all_rows: Vec<usize> = pg.rows.train.iter().chain(&pg.rows.test).copied().collect();
        all_rows.sort_unstable();
        assert_eq!(all_rows, (0..501).collect::<Vec<_>>());
        assert_eq!(pg, g.build(&feats).unwrap());
        assert_ne!(pg.rows.train, (0..250).collect::<Vec<_>>());
        assert_eq!(g.build(&[]), Err(PlaygroundError::NoFeatures));
        // Regression and multi-class targets carry through.
        let r = Generate { dataset: Dataset2d::Plane, train_ratio: 0.8, ..g.clone() }.build(&[Feature::X1]).unwrap();
        assert_eq!((r.splits.train.len(), r.splits.test.len()), (400, 101));
        assert_eq!(r.splits.task(), crate::Task::Regression);
        assert!(r.splits.class_names.is_empty());
        let k = Generate { dataset: Dataset2d::SpiralK { classes: 4 }, ..g }.build(&Feature::ALL).unwrap();
        assert_eq!(k.splits.task(), crate::Task::MultiClass { classes: 4 });
        assert_eq!(k.splits.class_names.len(), 4);
    }

    #[test]
    fn grid_is_row_major_from_the_top_left() {
        let pts = grid_points(3);
        assert_eq!(
            pts,
            [
                [-6.0, 6.0],
                [0.0, 6.0],
                [6.0, 6.0],
                [-6.0, 0.0],
                [0.0, 0.0],
                [6.0, 0.0],
                [-6.0, -6.0],
                [0.0, -6.0],
                [6.0, -6.0]
            ]
        );
        assert_eq!(grid_points(1), [[0.0, 0.0]]);
        assert!(grid_points(0).is_empty());
        let g = grid(100, &[Feature::X2, Feature::X1Sq]);
        assert_eq!((g.rows(), g.row_len()), (10_000, 2));
        let Inputs::Features { values, .. } = &g else { panic!() };
        // Point 1 is top row, second column: x1 = −6 + 12/99, x2 = 6.
        assert_eq!(values[2], 6.0);
        assert!((values[3] - (-6.0f32 + 12.0 / 99.0).powi(2)).abs() < 1e-5);
        // The last point is the bottom-right corner (6, −6).
        assert_eq!(&values[values.len() - 2..], &[-6.0, 36.0]);
    }
}
