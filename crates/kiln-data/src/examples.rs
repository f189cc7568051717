//! The one in-memory form every data set takes before training: row-major inputs plus targets,
//! already split. Built-in sets, uploads and the teaching-mode generators all produce
//! [`Splits`]; `kiln-ml` uploads them to a device without knowing where they came from.

use kiln_core::{SplitConfig, Task};
use kiln_i18n::Msg;
use serde::{Deserialize, Serialize};

use crate::prepare::{Encoded, PreparedText};
use crate::raw::RawExamples;

/// Model inputs of one split, row-major, `n` rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Inputs {
    /// Token ids `[n, seq_len]`; 0 is padding, 1 out-of-vocabulary.
    Tokens {
        /// Row-major ids, `n × seq_len` entries.
        ids: Vec<u32>,
        /// Columns per row.
        seq_len: usize,
    },
    /// Real-valued features `[n, width]` (already standardised or transformed as the data set says).
    Features {
        /// Row-major values, `n × width` entries, all finite.
        values: Vec<f32>,
        /// Features per row.
        width: usize,
    },
    /// Images `[n, height, width, channels]`, channels-last as in Keras, values scaled to `[0, 1]`.
    Images {
        /// Row-major pixels, `n × height × width × channels` entries.
        pixels: Vec<f32>,
        /// Rows of pixels.
        height: usize,
        /// Columns of pixels.
        width: usize,
        /// 1 (grey) or 3 (RGB).
        channels: usize,
    },
}

impl Inputs {
    /// Values per row (`seq_len`, `width` or `height × width × channels`).
    pub fn row_len(&self) -> usize {
        match self {
            Inputs::Tokens { seq_len, .. } => *seq_len,
            Inputs::Features { width, .. } => *width,
            Inputs::Images { height, width, channels, .. } => height * width * channels,
        }
    }

    /// Number of rows `n` (0 when a row has no values).
    pub fn rows(&self) -> usize {
        let stored = match self {
            Inputs::Tokens { ids, .. } => ids.len(),
            Inputs::Features { values, .. } => values.len(),
            Inputs::Images { pixels, .. } => pixels.len(),
        };
        stored.checked_div(self.row_len()).unwrap_or(0)
    }
}

/// What the model should predict, one entry per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Targets {
    /// Binary classification: 0 or 1 per row `[n]` (class names in [`Splits::class_names`]).
    Binary {
        /// 0 or 1.
        labels: Vec<u32>,
    },
    /// Multi-class classification: a class id in `0..classes` per row `[n]`.
    Classes {
        /// Class ids.
        labels: Vec<u32>,
        /// Number of classes (≥ 2).
        classes: usize,
    },
    /// Regression: one real value per row `[n]`.
    Regression {
        /// Target values, all finite.
        values: Vec<f32>,
    },
}

impl Targets {
    /// Number of rows `n`.
    pub fn len(&self) -> usize {
        match self {
            Targets::Binary { labels } | Targets::Classes { labels, .. } => labels.len(),
            Targets::Regression { values } => values.len(),
        }
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The learning task these targets define (kiln-core's [`Task`], shared by every crate).
    pub fn task(&self) -> Task {
        match self {
            Targets::Binary { .. } => Task::Binary,
            Targets::Classes { classes, .. } => Task::MultiClass { classes: *classes },
            Targets::Regression { .. } => Task::Regression,
        }
    }
}

/// One split: inputs and targets with the same number of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Examples {
    /// Model inputs, `n` rows.
    pub inputs: Inputs,
    /// Targets, `n` entries.
    pub targets: Targets,
}

impl Examples {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// True when the split has no rows.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Checks that inputs and targets agree on the row count and that values are finite.
    ///
    /// # Errors
    /// A message naming what disagrees.
    pub fn check(&self) -> Result<(), Msg> {
        let (rows, n) = (self.inputs.rows(), self.targets.len());
        if rows != n {
            return Err(Msg::new("error-data-rows-targets").arg("rows", rows).arg("targets", n));
        }
        if let Inputs::Features { values, width } = &self.inputs
            && let Some(i) = values.iter().position(|v| !v.is_finite())
        {
            return Err(Msg::new("error-data-not-finite").arg("row", i / width + 1).arg("column", i % width + 1));
        }
        if let Targets::Regression { values } = &self.targets
            && let Some(i) = values.iter().position(|v| !v.is_finite())
        {
            return Err(Msg::new("error-data-target-not-finite").arg("row", i + 1));
        }
        if let Targets::Classes { labels, classes } = &self.targets
            && let Some(i) = labels.iter().position(|&c| c as usize >= *classes)
        {
            return Err(Msg::new("error-data-class-id")
                .arg("row", i + 1)
                .arg("id", labels[i])
                .arg("classes", *classes));
        }
        Ok(())
    }
}

impl From<&Encoded> for Examples {
    fn from(e: &Encoded) -> Self {
        Examples {
            inputs: Inputs::Tokens { ids: e.ids.clone(), seq_len: e.seq_len },
            targets: Targets::Binary { labels: e.labels.clone() },
        }
    }
}

/// A data set ready to train on: three splits sharing one input form and one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Splits {
    /// Training split (the only one statistics and vocabularies are computed from).
    pub train: Examples,
    /// Validation split (may be empty).
    pub validation: Examples,
    /// Test split (may be empty).
    pub test: Examples,
    /// Display names of the classes, index = class id (empty for regression).
    pub class_names: Vec<String>,
    /// The test examples as read (text, table row), for showing them in the test report;
    /// [`RawExamples::None`] for images and generated sets.
    #[serde(default)]
    pub test_raw: RawExamples,
}

impl Splits {
    /// The task of the training targets.
    pub fn task(&self) -> Task {
        self.train.targets.task()
    }
}

impl From<&PreparedText> for Splits {
    fn from(p: &PreparedText) -> Self {
        Splits {
            train: (&p.train).into(),
            validation: (&p.validation).into(),
            test: (&p.test).into(),
            class_names: vec!["negative".into(), "positive".into()],
            test_raw: RawExamples::Texts { texts: p.test_texts.clone() },
        }
    }
}

impl Splits {
    /// Checks that these splits can be trained on: the training split is not empty, the
    /// validation and test splits are not empty when `config` gives them a fraction above 0,
    /// and every class has examples in the training split. `unit` names the examples (`rows`,
    /// `images`, `texts`, `sentences`).
    ///
    /// # Errors
    /// A message naming the counts and what to do: "the validation split is empty: 7 rows with
    /// 10 % for validation give none; add rows (at least 5 per class) or set validation to 0 %".
    pub fn check_sizes(&self, config: &SplitConfig, unit: &str) -> Result<(), Msg> {
        let n = self.train.len() + self.validation.len() + self.test.len();
        let pct = |f: f64| format!("{:.0} %", f * 100.0);
        let unit = unit.to_string();
        // round(k · f) ≥ 1 needs k ≥ 0.5 / f examples of a class.
        let per_class = |f: f64| (0.5 / f).ceil() as usize;
        if self.train.is_empty() {
            return Err(Msg::new("error-data-train-empty")
                .arg("n", n)
                .arg("unit", &unit)
                .arg("pct", pct(config.train)));
        }
        for (name, e, f) in [("validation", &self.validation, config.validation), ("test", &self.test, config.test)] {
            if f > 0.0 && e.is_empty() {
                return Err(Msg::new("error-data-split-empty")
                    .arg("split", name)
                    .arg("n", n)
                    .arg("unit", &unit)
                    .arg("pct", pct(f))
                    .arg("per_class", per_class(f)));
            }
        }
        let counts = |e: &Examples| -> Vec<usize> {
            let mut c = vec![0usize; self.class_names.len()];
            if let Targets::Binary { labels } | Targets::Classes { labels, .. } = &e.targets {
                for &l in labels {
                    if let Some(k) = c.get_mut(l as usize) {
                        *k += 1;
                    }
                }
            }
            c
        };
        if self.class_names.len() >= 2 {
            let train = counts(&self.train);
            if let Some(c) = train.iter().position(|&k| k == 0) {
                let total: usize = [&self.validation, &self.test].iter().map(|e| counts(e)[c]).sum();
                let name = &self.class_names[c];
                return Err(Msg::new("error-data-class-not-in-train")
                    .arg("class", name)
                    .arg("total", total)
                    .arg("n", n)
                    .arg("unit", &unit));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_checks() {
        let ok = Examples {
            inputs: Inputs::Features { values: vec![1.0, 2.0, 3.0, 4.0], width: 2 },
            targets: Targets::Classes { labels: vec![0, 2], classes: 3 },
        };
        assert_eq!(ok.inputs.rows(), 2);
        assert_eq!(ok.check(), Ok(()));
        let bad = Examples { targets: Targets::Classes { labels: vec![0, 3], classes: 3 }, ..ok.clone() };
        assert_eq!(
            bad.check().map_err(|e| kiln_i18n::english(&e)),
            Err("row 2 has class id 3 but there are 3 classes".into())
        );
        let nan = Examples { inputs: Inputs::Features { values: vec![1.0, 2.0, f32::NAN, 4.0], width: 2 }, ..ok };
        assert_eq!(
            nan.check().map_err(|e| kiln_i18n::english(&e)),
            Err("row 2 column 1 is not a finite number".into())
        );
    }

    fn split_of(train: &[u32], validation: &[u32], test: &[u32]) -> Splits {
        let ex = |l: &[u32]| Examples {
            inputs: Inputs::Features { values: vec![0.0; l.len()], width: 1 },
            targets: Targets::Binary { labels: l.to_vec() },
        };
        Splits {
            train: ex(train),
            validation: ex(validation),
            test: ex(test),
            class_names: vec!["a".into(), "b".into()],
            test_raw: Default::default(),
        }
    }

    #[test]
    fn too_small_splits_are_refused_with_counts() {
        let config = SplitConfig::default();
        let err = split_of(&[0, 1, 0, 1, 0, 1], &[], &[0])
            .check_sizes(&config, "rows")
            .map_err(|e| kiln_i18n::english(&e))
            .expect_err("no validation");
        assert!(err.starts_with("the validation split is empty: 7 rows with 10 % for validation"), "{err}");
        assert!(err.contains("at least 5 per class"), "{err}");
        let none = SplitConfig { train: 1.0, validation: 0.0, test: 0.0 };
        assert_eq!(split_of(&[0, 1], &[], &[]).check_sizes(&none, "rows"), Ok(()));
        let half = SplitConfig { train: 0.5, validation: 0.0, test: 0.5 };
        let err = split_of(&[0, 0], &[], &[0, 1])
            .check_sizes(&half, "rows")
            .map_err(|e| kiln_i18n::english(&e))
            .expect_err("b missing");
        assert!(err.starts_with("class `b` has 1 of the 4 rows, none of them in the training split"), "{err}");
        let err = split_of(&[], &[], &[])
            .check_sizes(&config, "images")
            .map_err(|e| kiln_i18n::english(&e))
            .expect_err("nothing");
        assert!(err.starts_with("the training split is empty: 0 images"), "{err}");
    }

    #[test]
    fn image_rows() {
        let x = Inputs::Images { pixels: vec![0.0; 2 * 3 * 4], height: 3, width: 4, channels: 1 };
        assert_eq!(x.rows(), 2);
        assert_eq!(x.row_len(), 12);
    }
}
