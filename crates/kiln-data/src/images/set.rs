//! A decoded image set ([`ImageSet`]: pixels, labels, class names) at one size and colour
//! ([`ImageOptions`]), and its seeded, stratified split into [`Splits`] of `Inputs::Images`.

use kiln_core::SplitConfig;
use kiln_i18n::Msg;
use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::examples::{Examples, Inputs, Splits, Targets};
use crate::split::stratified_split;

/// Size and colour images are converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageOptions {
    /// Rows of pixels (1 to 512).
    pub height: usize,
    /// Columns of pixels (1 to 512).
    pub width: usize,
    /// 1 (grey) or 3 (RGB).
    pub channels: usize,
}

impl Default for ImageOptions {
    /// 28 × 28 grey, like MNIST.
    fn default() -> Self {
        ImageOptions { height: 28, width: 28, channels: 1 }
    }
}

impl ImageOptions {
    /// 32 × 32 RGB, like CIFAR-10.
    pub fn rgb32() -> Self {
        ImageOptions { height: 32, width: 32, channels: 3 }
    }

    /// Checks the size (1 to 512 a side) and channels (1 or 3).
    pub(crate) fn check(&self) -> Result<(), DataError> {
        if !(1..=512).contains(&self.height) || !(1..=512).contains(&self.width) || ![1, 3].contains(&self.channels) {
            return Err(DataError::Invalid(
                Msg::new("error-data-image-size")
                    .arg("size", format!("{}×{}×{}", self.height, self.width, self.channels)),
            ));
        }
        Ok(())
    }

    /// Values per image, `height × width × channels`.
    pub(crate) fn row_len(&self) -> usize {
        self.height * self.width * self.channels
    }
}

/// Labelled images, all the same size, before splitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageSet {
    /// Row-major pixels in `[0, 1]`, `[n, height, width, channels]`.
    pub pixels: Vec<f32>,
    /// Class id per image, `[n]`.
    pub labels: Vec<u32>,
    /// Class names, index = class id.
    pub class_names: Vec<String>,
    /// Image size and colour.
    pub options: ImageOptions,
    /// Sentences about skipped files.
    pub notices: Vec<Msg>,
}

impl ImageSet {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Splits an image set (seeded, stratified by class) into [`Splits`] of `Inputs::Images`.
///
/// # Errors
/// [`DataError::Invalid`] for bad fractions or an empty training split.
pub fn prepare_images(set: &ImageSet, split: &SplitConfig, seed: u64) -> Result<Splits, DataError> {
    split.validate().map_err(|e| DataError::Invalid(Msg::verbatim(e)))?;
    let s = stratified_split(&set.labels, split, seed);
    if s.train.is_empty() {
        return Err(DataError::Invalid(Msg::new("error-data-train-split-empty").arg("unit", "images")));
    }
    let o = set.options;
    let len = o.row_len();
    let take = |rows: &[usize]| {
        let mut pixels = Vec::with_capacity(rows.len() * len);
        for &r in rows {
            pixels.extend_from_slice(set.pixels.get(r * len..(r + 1) * len).unwrap_or(&[]));
        }
        let labels: Vec<u32> = rows.iter().map(|&r| set.labels[r]).collect();
        let targets = if set.class_names.len() == 2 {
            Targets::Binary { labels }
        } else {
            Targets::Classes { labels, classes: set.class_names.len() }
        };
        Examples { inputs: Inputs::Images { pixels, height: o.height, width: o.width, channels: o.channels }, targets }
    };
    Ok(Splits {
        train: take(&s.train),
        validation: take(&s.validation),
        test: take(&s.test),
        class_names: set.class_names.clone(),
        test_raw: crate::raw::RawExamples::None,
    })
}
