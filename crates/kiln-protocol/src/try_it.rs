//! "Try it" for every data kind: what the page sends the worker to score ([`TryInput`]: a typed
//! text, a drawing from a canvas, a dropped image file, a table row from a form) and what comes
//! back ([`TryOutcome`]: the prediction by class name, the image the model actually saw, the
//! form's fields). Carried by `Command::Predict` and `Event::Prediction`.

use serde::{Deserialize, Serialize};

use crate::report::base64_bytes;

/// One input to score with a held model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TryInput {
    /// Raw text as typed (text models).
    Text(String),
    /// A canvas drawing: its `ImageData`, RGBA, 4 bytes a pixel, row-major `[height, width, 4]`
    /// (one base64 string in JSON). Made into the model's input the way the training images
    /// were made (`kiln_data::draw`: MNIST's centring, the 8×8 digits' block counts).
    Drawing {
        /// Columns of pixels.
        width: u32,
        /// Rows of pixels.
        height: u32,
        /// `width × height × 4` bytes.
        #[serde(with = "base64_bytes")]
        rgba: Vec<u8>,
    },
    /// A PNG or JPEG file the person dropped or picked. Its bytes travel beside the JSON (the web
    /// crate's codec, under `attachment`), never inside it.
    ImageFile {
        /// The file's name (for messages).
        name: String,
        /// Which attachment holds the `File`.
        attachment: u32,
    },
    /// A table row as `(column, cell text)` pairs, cells written as in a CSV file. Columns the
    /// model does not use are ignored; a model column that is absent (or an empty cell) is
    /// filled as training filled missing values (the training mean, or the most frequent level).
    Row(Vec<(String, String)>),
}

/// A held model's answer for one [`TryInput`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TryOutcome {
    /// The text scored, for a [`TryInput::Text`] (the page shows an answer only for the text
    /// still in the box).
    pub text: Option<String>,
    /// The prediction.
    pub prediction: Scored,
    /// For a drawing or an image file: the input the model saw.
    pub seen: Option<SeenImage>,
    /// For a table row: the model's input columns, in feature order, with the values used.
    pub fields: Vec<TryField>,
}

/// A prediction by class name (`kiln_ml::Prediction`'s shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    /// The most probable class (`None` for regression).
    pub class: Option<String>,
    /// Probability of every class, in class order, summing to 1 (empty for regression).
    pub probabilities: Vec<(String, f64)>,
    /// For two classes: the probability of the second (positive) class, in `[0, 1]`.
    pub probability: Option<f64>,
    /// For regression: the predicted value, in the target's units.
    pub value: Option<f64>,
}

/// The image a model was given: bytes 0–255 (`round(value × 255)` of the `[0, 1]` input),
/// row-major `[height, width, channels]`; one base64 string in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeenImage {
    /// Rows (28 for MNIST, 8 for the 8×8 digits).
    pub height: usize,
    /// Columns.
    pub width: usize,
    /// 1 (grey) or 3 (RGB).
    pub channels: usize,
    /// `height × width × channels` bytes.
    #[serde(with = "base64_bytes")]
    pub pixels: Vec<u8>,
}

/// One input column of a table model, as the row form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TryField {
    /// The column's name.
    pub column: String,
    /// A number, or one of the categories seen in training.
    pub kind: FieldKind,
    /// The cell text the prediction used (the row's, or the training fill for a missing one).
    pub value: String,
}

/// What a table model's input column takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldKind {
    /// A number, standardised with the training split's mean and standard deviation.
    Number {
        /// Training-split mean (what a missing value becomes).
        mean: f64,
        /// Training-split standard deviation (1 when it was 0).
        scale: f64,
        /// Smallest and largest training-split value (`None` for a model file written before
        /// Kiln kept them): outside it the model extrapolates, and the form says so.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        range: Option<[f64; 2]>,
    },
    /// One of the categories seen in the training split (one-hot; any other is all zeros).
    Category {
        /// The categories, most frequent first.
        levels: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Command, Event, Request, RunId};

    fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(v: &T) -> String {
        let json = serde_json::to_string(v).expect("serialises");
        assert_eq!(&serde_json::from_str::<T>(&json).expect("reads back"), v, "{json}");
        json
    }

    #[test]
    fn every_try_input_round_trips() {
        let inputs = [
            TryInput::Text("good".into()),
            TryInput::Drawing { width: 2, height: 1, rgba: vec![0, 0, 0, 255, 10, 20, 30, 0] },
            TryInput::ImageFile { name: "seven.png".into(), attachment: 4 },
            TryInput::Row(vec![("sepal_length".into(), "5.1".into()), ("species".into(), String::new())]),
        ];
        for input in inputs {
            round_trip(&Request { run: RunId(9), command: Command::Predict { model: RunId(3), input } });
        }
        // The drawing's bytes are one base64 string, not an array of numbers.
        let json = round_trip(&TryInput::Drawing { width: 2, height: 1, rgba: vec![0, 0, 0, 255, 10, 20, 30, 0] });
        assert_eq!(json, r#"{"Drawing":{"width":2,"height":1,"rgba":"AAAA/woUHgA="}}"#);
    }

    #[test]
    fn outcomes_round_trip() {
        let outcome = TryOutcome {
            text: None,
            prediction: Scored {
                class: Some("setosa".into()),
                probabilities: vec![("setosa".into(), 0.75), ("versicolor".into(), 0.25)],
                probability: Some(0.25),
                value: None,
            },
            seen: Some(SeenImage { height: 1, width: 2, channels: 1, pixels: vec![0, 255] }),
            fields: vec![
                TryField {
                    column: "x".into(),
                    kind: FieldKind::Number { mean: 1.5, scale: 2.0, range: Some([0.0, 4.0]) },
                    value: "3".into(),
                },
                TryField {
                    column: "c".into(),
                    kind: FieldKind::Category { levels: vec!["a".into()] },
                    value: "a".into(),
                },
            ],
        };
        let json = round_trip(&Event::Prediction(Box::new(outcome)));
        assert!(json.contains(r#""pixels":"AP8=""#), "{json}");
    }
}
