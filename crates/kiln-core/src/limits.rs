//! The allowed range of every number a person types — epochs, batch size, learning rate,
//! regularisation, layer sizes, dropout, normalisation settings, vocabulary size — in one place.
//! [`TrainConfig::validate`](crate::TrainConfig::validate) and the spec checks
//! ([`ModelSpec::summary`](crate::ModelSpec::summary)) test values against these constants, and
//! the page's inputs take their `min` / `max` from them, so the form and the checks cannot
//! disagree. Changing a limit is a change here only.

use std::fmt;

/// Whole numbers from `min` to `max`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntRange {
    /// Smallest allowed value.
    pub min: usize,
    /// Largest allowed value.
    pub max: usize,
}

impl IntRange {
    /// True when `n` is allowed.
    pub const fn contains(&self, n: usize) -> bool {
        n >= self.min && n <= self.max
    }

    /// Checks a setting called `name`.
    ///
    /// # Errors
    /// `"{name} must be a whole number from {min} to {max}, got {n}"`.
    pub fn check(&self, name: &str, n: usize) -> Result<(), String> {
        if self.contains(n) { Ok(()) } else { Err(format!("{name} must be a whole number {self}, got {n}")) }
    }
}

impl fmt::Display for IntRange {
    /// `from 1 to 1000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "from {} to {}", self.min, self.max)
    }
}

/// Real numbers from `min` to `max`; `min_open` / `max_open` leave out the end itself (a learning
/// rate must be above 0, a dropout rate below 1). NaN and infinities are never allowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FloatRange {
    /// Lower end.
    pub min: f64,
    /// Upper end (`f64::INFINITY` for "no upper limit").
    pub max: f64,
    /// `min` itself is not allowed.
    pub min_open: bool,
    /// `max` itself is not allowed.
    pub max_open: bool,
}

impl FloatRange {
    /// `[min, max]`, both ends allowed.
    pub const fn closed(min: f64, max: f64) -> Self {
        FloatRange { min, max, min_open: false, max_open: false }
    }

    /// True when `x` is a finite number in the range.
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite()
            && (if self.min_open { x > self.min } else { x >= self.min })
            && (if self.max_open { x < self.max } else { x <= self.max })
    }

    /// Checks a setting called `name`.
    ///
    /// # Errors
    /// `"{name} must be a number above 0 and at most 10, got -3"` (the range in words).
    pub fn check(&self, name: &str, x: f64) -> Result<(), String> {
        if self.contains(x) { Ok(()) } else { Err(format!("{name} must be a number {self}, got {x}")) }
    }
}

impl fmt::Display for FloatRange {
    /// The range in words: `from 0 to 1`, `above 0 and at most 10`, `at least 0 and below 1`,
    /// `above 0` (no upper limit).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let low = if self.min_open { "above" } else { "at least" };
        match (self.max.is_finite(), self.min_open, self.max_open) {
            (false, _, _) => write!(f, "{low} {}", self.min),
            (true, false, false) => write!(f, "from {} to {}", self.min, self.max),
            (true, _, true) => write!(f, "{low} {} and below {}", self.min, self.max),
            (true, true, false) => write!(f, "above {} and at most {}", self.min, self.max),
        }
    }
}

/// Full passes over the training split.
pub const EPOCHS: IntRange = IntRange { min: 1, max: 1000 };
/// Examples per gradient step.
pub const BATCH_SIZE: IntRange = IntRange { min: 1, max: 4096 };
/// Base learning rate: above 0, at most 10 (far beyond anything that trains, so a person can
/// watch a run diverge).
pub const LEARNING_RATE: FloatRange = FloatRange { min: 0.0, max: 10.0, min_open: true, max_open: false };
/// L1 and L2 penalty factors and weight decay.
pub const PENALTY: FloatRange = FloatRange::closed(0.0, 1.0);
/// SGD momentum μ (0 = plain SGD).
pub const SGD_MOMENTUM: FloatRange = FloatRange { min: 0.0, max: 1.0, min_open: false, max_open: true };
/// Step decay's factor per decay.
pub const DECAY_FACTOR: FloatRange = FloatRange { min: 0.0, max: 1.0, min_open: true, max_open: false };
/// Gradient clipping's global norm (off is `None`, not 0).
pub const GRADIENT_CLIP: FloatRange = FloatRange { min: 0.0, max: f64::INFINITY, min_open: true, max_open: true };
/// Vocabulary size the page offers, including the padding and out-of-vocabulary ids.
pub const VOCAB_SIZE: IntRange = IntRange { min: 3, max: 100_000 };

/// Largest size accepted for any one dimension setting (units, filters, kernel, sequence length,
/// image side…): keeps a typo (1e9 units) from allocating the browser to death.
pub const MAX_DIM: usize = 1 << 20;
/// Any one dimension setting of a layer or input.
pub const LAYER_SIZE: IntRange = IntRange { min: 1, max: MAX_DIM };
/// Largest parameter count a model may have in the browser (about 256 MiB of f32 weights, before
/// gradients and optimizer state).
pub const MAX_PARAMS: usize = 64 << 20;
/// Largest number of values one example's input or any layer's output may hold (64 MiB of f32
/// per example), so e.g. a 100,000 × 100,000 image or 10⁶ filters are refused before allocation.
pub const MAX_VALUES: usize = 16 << 20;
/// Dropout rates (Dropout, attention dropout): the fraction dropped.
pub const DROPOUT_RATE: FloatRange = FloatRange { min: 0.0, max: 1.0, min_open: false, max_open: true };
/// Normalisation ε.
pub const EPSILON: FloatRange = FloatRange { min: 0.0, max: 1.0, min_open: true, max_open: false };
/// BatchNormalization's Keras momentum.
pub const BN_MOMENTUM: FloatRange = FloatRange { min: 0.0, max: 1.0, min_open: false, max_open: true };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_in_words_and_checks() {
        assert_eq!(LEARNING_RATE.to_string(), "above 0 and at most 10");
        assert_eq!(PENALTY.to_string(), "from 0 to 1");
        assert_eq!(DROPOUT_RATE.to_string(), "at least 0 and below 1");
        assert_eq!(GRADIENT_CLIP.to_string(), "above 0");
        assert_eq!(EPOCHS.to_string(), "from 1 to 1000");
        assert!(LEARNING_RATE.contains(10.0) && !LEARNING_RATE.contains(0.0) && !LEARNING_RATE.contains(f64::NAN));
        assert!(DROPOUT_RATE.contains(0.0) && !DROPOUT_RATE.contains(1.0));
        assert!(!GRADIENT_CLIP.contains(f64::INFINITY) && GRADIENT_CLIP.contains(1e9));
        assert_eq!(
            LEARNING_RATE.check("learning rate", -3.0),
            Err("learning rate must be a number above 0 and at most 10, got -3".into())
        );
        assert_eq!(
            BATCH_SIZE.check("batch size", 0),
            Err("batch size must be a whole number from 1 to 4096, got 0".into())
        );
        assert_eq!(EPOCHS.check("epochs", 1000), Ok(()));
    }
}
