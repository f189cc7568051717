//! What the Keras and PyTorch scripts share: Python literals, the docstring's description of the
//! input and output, the JSON-lines prediction printer, and the safetensors weights file.

use std::collections::HashMap;

use kiln_core::{InputSpec, LossSpec};
use safetensors::tensor::{Dtype, TensorView};

use super::ExportError;
use super::plan::{HostTensor, Plan};

/// A Python string literal (JSON's escaping is valid Python).
pub(crate) fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A Python float literal that reads back as the same f64 (`1e-3`, `0.5`, `1.0`).
pub(crate) fn py_float(v: f64) -> String {
    let s = format!("{v:?}");
    if s.contains(['.', 'e', 'E']) || s.contains("inf") || s.contains("NaN") { s } else { format!("{s}.0") }
}

/// `["a", "b"]`.
pub(crate) fn py_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| py_str(s)).collect::<Vec<_>>().join(", "))
}

/// Python's docstring delimiter.
pub(crate) const QUOTES: &str = "\"\"\"";

/// A growing script, one line at a time.
#[derive(Default)]
pub(crate) struct Script(pub String);

impl Script {
    /// Appends `line` and a newline.
    pub fn line(&mut self, line: impl AsRef<str>) {
        self.0.push_str(line.as_ref());
        self.0.push('\n');
    }

    /// Appends a docstring line: `{indent}"""{text}"""`.
    pub fn doc(&mut self, indent: &str, text: &str) {
        self.line(format!("{indent}{QUOTES}{text}{QUOTES}"));
    }

    /// Appends a block of lines (already indented).
    pub fn block(&mut self, text: &str) {
        for l in text.lines() {
            self.line(l);
        }
    }
}

/// One line saying what one example looks like.
pub(crate) fn input_doc(plan: &Plan) -> String {
    match plan.spec.input {
        InputSpec::Tokens { seq_len, vocab_size } => format!(
            "token ids [batch, {seq_len}] from Kiln's vocabulary of {vocab_size} ids (0 = padding, 1 = out-of-vocabulary)"
        ),
        InputSpec::Features { width } => {
            format!("features [batch, {width}], standardised as Kiln prepared them")
        }
        InputSpec::Images { height, width, channels } => {
            format!("images [batch, {height}, {width}, {channels}], channels-last, values in [0, 1]")
        }
    }
}

/// One line saying what the model outputs.
pub(crate) fn output_doc(plan: &Plan) -> String {
    match plan.spec.loss {
        LossSpec::BinaryCrossEntropy => format!(
            "the probability of {} [batch, 1]",
            plan.classes.last().map_or_else(|| "the positive class".to_string(), |c| py_str(c))
        ),
        LossSpec::CategoricalCrossEntropy => format!("class probabilities [batch, {}]", plan.classes.len()),
        LossSpec::MeanSquaredError => "the predicted value [batch, 1]".into(),
    }
}

/// `print_predictions(outputs)`: one JSON object per example, as `kiln predict` prints them.
pub(crate) fn print_predictions(plan: &Plan) -> &'static str {
    match plan.spec.loss {
        LossSpec::BinaryCrossEntropy => {
            r#"def print_predictions(outputs):
    """One JSON line per example: the class, and the probability of the positive one."""
    for p in np.asarray(outputs, dtype=np.float64).reshape(-1):
        label = CLASS_NAMES[1] if p >= 0.5 else CLASS_NAMES[0]
        print(json.dumps({"class": label, "probability": p,
                          "probabilities": {CLASS_NAMES[0]: 1.0 - p, CLASS_NAMES[1]: p}}))"#
        }
        LossSpec::CategoricalCrossEntropy => {
            r#"def print_predictions(outputs):
    """One JSON line per example: the most probable class and every class's probability."""
    for row in np.asarray(outputs, dtype=np.float64):
        print(json.dumps({"class": CLASS_NAMES[int(np.argmax(row))],
                          "probabilities": dict(zip(CLASS_NAMES, row.tolist()))}))"#
        }
        LossSpec::MeanSquaredError => {
            r#"def print_predictions(outputs):
    """One JSON line per example: the predicted value."""
    for v in np.asarray(outputs, dtype=np.float64).reshape(-1):
        print(json.dumps({"value": v}))"#
        }
    }
}

/// A float32 safetensors file of `tensors` (plus int64 scalars in `counters`, for PyTorch's
/// `num_batches_tracked`), with the spec and class names in its metadata.
pub(crate) fn safetensors(
    plan: &Plan,
    tensors: &[(String, HostTensor)],
    counters: &[String],
) -> Result<Vec<u8>, ExportError> {
    let bytes: Vec<(String, Vec<usize>, Vec<u8>, Dtype)> = tensors
        .iter()
        .map(|(name, t)| (name.clone(), t.shape.clone(), t.le_bytes(), Dtype::F32))
        .chain(counters.iter().map(|name| (name.clone(), Vec::new(), 0i64.to_le_bytes().to_vec(), Dtype::I64)))
        .collect();
    let views = bytes
        .iter()
        .map(|(name, shape, data, dtype)| {
            TensorView::new(*dtype, shape.clone(), data)
                .map(|v| (name.clone(), v))
                .map_err(|e| ExportError::Mismatch(format!("{name}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let classes = serde_json::to_string(&plan.classes).map_err(|e| ExportError::Invalid(e.to_string()))?;
    let metadata =
        HashMap::from([("kiln.spec".to_string(), plan.spec.to_json()), ("kiln.class_names".to_string(), classes)]);
    safetensors::serialize(views, Some(metadata)).map_err(|e| ExportError::Invalid(format!("safetensors: {e}")))
}
