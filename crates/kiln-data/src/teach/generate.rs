//! The seeded generators: a [`Generate`] configuration (checked) becomes [`TeachPoints`], one
//! ChaCha8 stream per configuration, as TensorFlow Playground's `dataset.ts` draws them.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::sets::{Dataset2d, MAX_NOISE, MAX_POINTS, TeachError, check_classes};
use crate::examples::Targets;

/// How to generate a teaching-mode data set. Serde fills missing fields from [`Default`].
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
    pub fn check(&self) -> Result<(), TeachError> {
        check_classes(self.dataset)?;
        if !(0.0..=MAX_NOISE).contains(&self.noise) {
            return Err(TeachError::Noise(self.noise));
        }
        if !(2..=MAX_POINTS).contains(&self.points) {
            return Err(TeachError::Points(self.points));
        }
        if !(self.train_ratio > 0.0 && self.train_ratio <= 1.0) || train_count(self.points, self.train_ratio) == 0 {
            return Err(TeachError::TrainRatio(self.train_ratio));
        }
        Ok(())
    }
}

/// A generated data set: points in generation order (class by class for the classifications).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeachPoints {
    /// `(x1, x2)` per point, `[n]`, in `[-6, 6]²` except Gaussian tails.
    pub points: Vec<[f32; 2]>,
    /// One target per point: `Binary` (0/1), `Classes` (`0..classes`) or `Regression`.
    pub targets: Targets,
    /// Display names of the classes (empty for regression).
    pub class_names: Vec<String>,
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

pub(super) fn multi_gauss_target(x: f64, y: f64) -> f64 {
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
pub(super) fn checker_class(x: f64, y: f64) -> u32 {
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
pub fn generate(config: &Generate) -> Result<TeachPoints, TeachError> {
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
    Ok(TeachPoints { points, targets, class_names: config.dataset.class_names() })
}

/// Number of training rows TF Playground takes: `⌊n · ratio⌋`.
pub(super) fn train_count(n: usize, ratio: f64) -> usize {
    ((n as f64 * ratio).floor() as usize).min(n)
}
