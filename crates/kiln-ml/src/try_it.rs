//! "Try it" for every data kind, on the host side of the worker: a [`TryInput`] (a drawing, an
//! image file, a table row) made into model input with the model's own [`Encoder`] — the same
//! path `kiln predict` scores files with — and the prediction named as the protocol sends it
//! ([`TryOutcome`]), with the image the model saw and the row form's fields.
//!
//! Drawings and image files of the digit sets are made the way their training images were
//! ([`kiln_data::draw`]: MNIST's 20×20 box centred by centre of mass, the 8×8 digits' block
//! counts); other image models take files resized as their training images were.

use kiln_data::draw::{self, DigitStyle, Polarity};
use kiln_data::images::ImageOptions;
use kiln_data::tabular::Feature;
use kiln_data::{DataError, Encoder, InputPrep, Inputs};
use kiln_i18n::Msg;
use kiln_protocol::try_it::{FieldKind, SeenImage, TryField};
use kiln_protocol::{Scored, TryOutcome};
use serde_json::{Map, Value};

use crate::Prediction;

/// A [`kiln_protocol::TryInput`] as model input: one row of [`Inputs`], and what the page shows
/// beside the prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct TryEncoded {
    /// One row: `[1, height, width, channels]` pixels, `[1, width]` features or `[1, seq_len]` ids.
    pub inputs: Inputs,
    /// The image the model sees (drawings and image files).
    pub seen: Option<SeenImage>,
    /// The form's fields with the values used (table rows).
    pub fields: Vec<TryField>,
}

/// The image size `encoder` makes, and the digit style of `dataset` (a built-in id) if any.
fn image_options(encoder: &Encoder) -> Option<ImageOptions> {
    match encoder.preprocess().input {
        InputPrep::Images { height, width, channels } => Some(ImageOptions { height, width, channels }),
        _ => None,
    }
}

/// One image row from `[0, 1]` pixels `[height, width, channels]`.
fn image_row(pixels: Vec<f32>, o: ImageOptions) -> TryEncoded {
    let seen = SeenImage {
        height: o.height,
        width: o.width,
        channels: o.channels,
        pixels: pixels.iter().map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8).collect(),
    };
    TryEncoded {
        inputs: Inputs::Images { pixels, height: o.height, width: o.width, channels: o.channels },
        seen: Some(seen),
        fields: Vec::new(),
    }
}

/// A canvas drawing (RGBA `[height, width, 4]` bytes) as the input of a digit model trained on
/// `dataset` (`mnist-10k` → 28×28, `digits-8x8` → 8×8; ink found from the border).
///
/// # Errors
/// [`DataError::Invalid`] when the model does not take images, was not trained on a digit set
/// (other image models take files only), the bytes do not fit the size, or nothing is drawn.
pub fn drawing(
    encoder: &Encoder,
    dataset: &str,
    width: u32,
    height: u32,
    rgba: &[u8],
) -> Result<TryEncoded, DataError> {
    let Some(options) = image_options(encoder) else { return Err(DataError::invalid("error-try-not-images")) };
    let (w, h) = (width as usize, height as usize);
    let pixels = match DigitStyle::of_dataset(dataset) {
        Some(DigitStyle::Mnist) if (options.height, options.width, options.channels) == (28, 28, 1) => {
            draw::mnist_input(rgba, w, h, 4, Polarity::Auto)?
        }
        Some(DigitStyle::Optdigits) if (options.height, options.width, options.channels) == (8, 8, 1) => {
            draw::optdigits_input(rgba, w, h, 4, Polarity::Auto)?
        }
        _ => return Err(DataError::invalid("error-try-not-digits")),
    };
    Ok(image_row(pixels, options))
}

/// A PNG or JPEG file as the input of an image model trained on `dataset`: for a digit set,
/// made like a drawing; otherwise resized as the training images were
/// ([`draw::image_file_input`]).
///
/// # Errors
/// [`DataError::Invalid`] when the model does not take images or the file does not decode (or,
/// for a digit set, shows no ink).
pub fn image_file(encoder: &Encoder, dataset: &str, name: &str, bytes: &[u8]) -> Result<TryEncoded, DataError> {
    let Some(options) = image_options(encoder) else { return Err(DataError::invalid("error-try-not-images")) };
    let pixels = draw::image_file_input(name, bytes, &options, DigitStyle::of_dataset(dataset))?;
    Ok(image_row(pixels, options))
}

/// A table row `(column, cell)` as the input of a table model, through [`Encoder::rows`] (cells
/// as text, as a CSV file writes them; a model column absent or empty is `null`: filled as in
/// training). Its fields list every input column with the value used.
///
/// # Errors
/// [`DataError::Invalid`] when the model does not take table rows.
pub fn row(encoder: &Encoder, cells: &[(String, String)]) -> Result<TryEncoded, DataError> {
    let InputPrep::Table { features, .. } = &encoder.preprocess().input else {
        return Err(DataError::invalid("error-try-not-table"));
    };
    let cell = |column: &str| cells.iter().find(|(c, _)| c == column).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    let mut map = Map::new();
    let mut fields = Vec::with_capacity(features.len());
    for f in features {
        let (column, kind, fill) = match f {
            Feature::Numeric { column, mean, scale, range, .. } => {
                (column, FieldKind::Number { mean: *mean, scale: *scale, range: *range }, format_number(*mean))
            }
            Feature::OneHot { column, levels, mode } => {
                (column, FieldKind::Category { levels: levels.clone() }, mode.clone())
            }
        };
        let given = cell(column);
        map.insert(column.clone(), given.map_or(Value::Null, |v| Value::String(v.to_owned())));
        fields.push(TryField { column: column.clone(), kind, value: given.map_or(fill, str::to_owned) });
    }
    let inputs = encoder.rows(&[map])?;
    Ok(TryEncoded { inputs, seen: None, fields })
}

/// A training mean as a form shows it: at most 4 decimals, no trailing zeros.
fn format_number(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

impl From<Prediction> for Scored {
    fn from(p: Prediction) -> Self {
        Scored { class: p.class, probabilities: p.probabilities, probability: p.probability, value: p.value }
    }
}

impl TryEncoded {
    /// The answer the page gets: `prediction` (of this input) with the image seen and the fields.
    pub fn outcome(self, prediction: Prediction) -> TryOutcome {
        TryOutcome { text: None, prediction: prediction.into(), seen: self.seen, fields: self.fields }
    }
}

/// The message of a prediction that came back empty (no row scored).
pub fn no_prediction() -> Msg {
    Msg::new("error-try-no-prediction")
}

#[cfg(test)]
#[path = "try_it_tests.rs"]
mod tests;
