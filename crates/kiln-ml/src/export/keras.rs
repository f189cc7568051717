//! "Export as Keras code": a Keras 3 script that rebuilds the network from Keras' standard layers,
//! and its weights as safetensors in Keras layouts (keys `<layer name>/<weight name>`, e.g.
//! `dense_1/kernel`).
//!
//! Layouts: Embedding `(input_dim, output_dim)`, Dense `(in, units)` and normalisation vectors are
//! burn's as they are; Conv1D kernels `[filters, c_in, k]` → `(k, c_in, filters)` and Conv2D
//! `[filters, c_in, kh, kw]` → `(kh, kw, c_in, filters)`.
//!
//! Padding: `Embedding(mask_zero=True)` makes Keras' mask, which `GlobalAveragePooling1D` honours
//! (the mean over the real tokens, as Kiln). Where Keras' own layers would drop or ignore the mask
//! but Kiln keeps it, the script defines a two-line subclass: `MaskedGlobalMaxPooling1D` (Keras'
//! GlobalMaxPooling1D ignores masks) and `MaskKeepingConv1D` (a "same", stride-1 Conv1D whose
//! positions line up with the tokens). One difference stays: a sentence of only padding averages
//! to NaN in Keras, to 0 in Kiln.

use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec};

use super::plan::{HostTensor, Plan, Step};
use super::python::{QUOTES, Script, input_doc, output_doc, print_predictions, py_float, py_list, py_str, safetensors};
use super::{ExportError, PythonExport};

const SCRIPT_NAME: &str = "model_keras.py";
const WEIGHTS_NAME: &str = "model_keras.safetensors";

fn act(a: Activation) -> String {
    py_str(a.id())
}

fn pair(p: [usize; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

/// The Keras layer call for one step, and a comment with its output shape.
fn layer_code(s: &Step) -> String {
    let name = py_str(&s.name);
    match &s.layer {
        LayerSpec::Embedding { input_dim, output_dim } => {
            format!("layers.Embedding({input_dim}, {output_dim}, mask_zero=True, name={name})")
        }
        LayerSpec::GlobalAveragePooling1D => format!("layers.GlobalAveragePooling1D(name={name})"),
        LayerSpec::GlobalMaxPooling1D if s.mask_in => format!("MaskedGlobalMaxPooling1D(name={name})"),
        LayerSpec::GlobalMaxPooling1D => format!("layers.GlobalMaxPooling1D(name={name})"),
        LayerSpec::Dense { units, activation } => {
            format!("layers.Dense({units}, activation={}, name={name})", act(*activation))
        }
        LayerSpec::Conv1D { filters, kernel_size, strides, padding, activation } => {
            let class = if s.mask_in && s.mask_out { "MaskKeepingConv1D" } else { "layers.Conv1D" };
            format!(
                "{class}({filters}, {kernel_size}, strides={strides}, padding={}, activation={}, name={name})",
                py_str(padding.id()),
                act(*activation)
            )
        }
        LayerSpec::Conv2D { filters, kernel_size, strides, padding, activation } => format!(
            "layers.Conv2D({filters}, {}, strides={}, padding={}, activation={}, name={name})",
            pair(*kernel_size),
            pair(*strides),
            py_str(padding.id()),
            act(*activation)
        ),
        LayerSpec::MaxPool2D { pool_size, strides, padding } => format!(
            "layers.MaxPooling2D({}, strides={}, padding={}, name={name})",
            pair(*pool_size),
            pair(strides.unwrap_or(*pool_size)),
            py_str(padding.id())
        ),
        LayerSpec::AveragePool2D { pool_size, strides, padding } => format!(
            "layers.AveragePooling2D({}, strides={}, padding={}, name={name})",
            pair(*pool_size),
            pair(strides.unwrap_or(*pool_size)),
            py_str(padding.id())
        ),
        LayerSpec::Flatten => format!("layers.Flatten(name={name})"),
        LayerSpec::Dropout { rate } => format!("layers.Dropout({}, name={name})", py_float(*rate)),
        LayerSpec::BatchNormalization { epsilon, momentum } => format!(
            "layers.BatchNormalization(momentum={}, epsilon={}, name={name})",
            py_float(*momentum),
            py_float(*epsilon)
        ),
        LayerSpec::LayerNormalization { epsilon } => {
            format!("layers.LayerNormalization(epsilon={}, name={name})", py_float(*epsilon))
        }
        LayerSpec::Activation { activation } => format!("layers.Activation({}, name={name})", act(*activation)),
        // Refused by `Plan::refuse_unsupported` before the script is written.
        LayerSpec::MultiHeadSelfAttention { .. } => String::new(),
    }
}

/// Weights in Keras layouts, keyed `<layer>/<weight>`.
fn keras_weights(plan: &Plan) -> Vec<(String, HostTensor)> {
    let mut out = Vec::new();
    for s in &plan.steps {
        for (role, t) in &s.weights {
            let t = match (&s.layer, *role) {
                (LayerSpec::Conv1D { .. }, "kernel") => t.permute(&[2, 1, 0]),
                (LayerSpec::Conv2D { .. }, "kernel") => t.permute(&[2, 3, 1, 0]),
                _ => t.clone(),
            };
            out.push((format!("{}/{role}", s.name), t));
        }
    }
    out
}

const MASKED_MAX: &str = r#"
class MaskedGlobalMaxPooling1D(layers.Layer):
    """GlobalMaxPooling1D over the real tokens only (Keras' own ignores the padding mask)."""

    def call(self, inputs, mask=None):
        if mask is None:
            return ops.max(inputs, axis=1)
        m = ops.expand_dims(ops.cast(mask, inputs.dtype), 2)
        pushed = inputs * m + (m - 1.0) * 1e9
        return ops.max(pushed, axis=1) * ops.minimum(ops.sum(m, axis=1), 1.0)

    def compute_mask(self, inputs, mask=None):
        return None
"#;

const MASK_KEEPING_CONV: &str = r#"
class MaskKeepingConv1D(layers.Conv1D):
    """A Conv1D whose output positions line up with its input ("same", stride 1), so it passes the
    padding mask on (Keras' Conv1D drops it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return mask
"#;

/// Writes the script and the weights for a plan.
pub(crate) fn write(plan: &Plan) -> Result<PythonExport, ExportError> {
    plan.refuse_unsupported("Keras")?;
    let weights = safetensors(plan, &keras_weights(plan), &[])?;
    let mut py = Script::default();
    py.line(QUOTES);
    py.line("Kiln model, exported for Keras 3 (TensorFlow backend).");
    py.line("");
    py.line(format!("Layers: {}", plan.layer_line()));
    py.line(format!("Input: {}.", input_doc(plan)));
    py.line(format!("Output: {}.", output_doc(plan)));
    py.line("");
    py.line("Usage (pip install tensorflow safetensors):");
    py.line(format!("    python {SCRIPT_NAME}                      # rebuild, load the weights, print the summary"));
    py.line(format!("    python {SCRIPT_NAME} --predict x.npy      # one JSON line per example of x (numpy.save)"));
    py.line(format!("    python {SCRIPT_NAME} --fit data.npz       # continue training on arrays x, y"));
    py.line("The model is built inside a tf.distribute strategy (MirroredStrategy: every local GPU, or");
    py.line("the CPU; --strategy multi-worker with TF_CONFIG set for several machines).");
    py.line(format!("Weights: {WEIGHTS_NAME} next to this file (Keras layouts, keys \"<layer>/<weight>\")."));
    py.line(QUOTES);
    py.line("import argparse");
    py.line("import json");
    py.line("import os");
    py.line("");
    py.line("import numpy as np");
    py.line("import keras");
    let needs_max = plan.steps.iter().any(|s| matches!(s.layer, LayerSpec::GlobalMaxPooling1D) && s.mask_in);
    let needs_conv = plan.steps.iter().any(|s| matches!(s.layer, LayerSpec::Conv1D { .. }) && s.mask_in && s.mask_out);
    py.line(if needs_max { "from keras import layers, ops" } else { "from keras import layers" });
    py.line("from safetensors.numpy import load_file");
    py.line("");
    py.line(format!("CLASS_NAMES = {}", py_list(&plan.classes)));
    py.line(r#"WEIGHTS = os.path.splitext(os.path.abspath(__file__))[0] + ".safetensors""#);
    if needs_max {
        py.line("");
        py.block(MASKED_MAX);
    }
    if needs_conv {
        py.line("");
        py.block(MASK_KEEPING_CONV);
    }
    py.line("");
    py.line("");
    py.line("def build_model():");
    py.doc("    ", "The network, layer for layer as Kiln built it.");
    py.line(match plan.spec.input {
        InputSpec::Tokens { seq_len, .. } => {
            format!(r#"    inputs = keras.Input(shape=({seq_len},), dtype="int32", name="input_ids")"#)
        }
        InputSpec::Features { width } => format!(r#"    inputs = keras.Input(shape=({width},), name="features")"#),
        InputSpec::Images { height, width, channels } => {
            format!(r#"    inputs = keras.Input(shape=({height}, {width}, {channels}), name="images")"#)
        }
    });
    let last = plan.steps.len().saturating_sub(1);
    for (i, s) in plan.steps.iter().enumerate() {
        let source = if i == 0 { "inputs" } else { "x" };
        let target = if i == last { "outputs" } else { "x" };
        py.line(format!("    {target} = {}({source})  # {}", layer_code(s), s.output));
    }
    py.line(r#"    return keras.Model(inputs, outputs, name="kiln_model")"#);
    py.line("");
    py.line("");
    py.line("def load_weights(model, path=WEIGHTS):");
    py.doc("    ", "Sets every layer's weights from Kiln's safetensors file (keys \"<layer>/<weight>\").");
    py.line("    tensors = load_file(path)");
    py.line("    for layer in model.layers:");
    py.line("        if layer.weights:");
    py.line(r#"            layer.set_weights([tensors[f"{layer.name}/{w.name}"] for w in layer.weights])"#);
    py.line("");
    py.line("");
    py.line("def compile_model(model, learning_rate=1e-3):");
    py.doc("    ", "Kiln's loss; Adam with Kiln's epsilon.");
    let (loss, metrics) = match plan.spec.loss {
        LossSpec::BinaryCrossEntropy => ("binary_crossentropy", r#"["accuracy"]"#),
        LossSpec::CategoricalCrossEntropy => ("sparse_categorical_crossentropy", r#"["accuracy"]"#),
        LossSpec::MeanSquaredError => ("mse", "[]"),
    };
    py.line(format!(
        "    model.compile(optimizer=keras.optimizers.Adam(learning_rate, epsilon=1e-7), loss={}, metrics={metrics})",
        py_str(loss)
    ));
    py.line("");
    py.line("");
    py.line(r#"def strategy(name="mirrored"):"#);
    py.doc("    ", "A tf.distribute strategy: build (and train) the model inside its scope.");
    py.line("    import tensorflow as tf");
    py.line("");
    py.line(r#"    if name == "multi-worker":"#);
    py.line("        return tf.distribute.MultiWorkerMirroredStrategy()");
    py.line(r#"    if name == "default":"#);
    py.line("        return tf.distribute.get_strategy()");
    py.line("    return tf.distribute.MirroredStrategy()");
    py.line("");
    py.line("");
    py.block(print_predictions(plan));
    py.line("");
    py.line("");
    py.block(MAIN);
    Ok(PythonExport { script: py.0, weights, script_name: SCRIPT_NAME, weights_name: WEIGHTS_NAME })
}

const MAIN: &str = r#"def main(argv=None):
    parser = argparse.ArgumentParser(description="Kiln model in Keras")
    parser.add_argument("--weights", default=WEIGHTS, help="safetensors file exported by Kiln")
    parser.add_argument("--strategy", default="mirrored", choices=["mirrored", "multi-worker", "default"])
    parser.add_argument("--predict", help=".npy file of inputs: print one JSON line per example")
    parser.add_argument("--fit", help=".npz file with arrays x, y: continue training")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32, help="per replica")
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    args = parser.parse_args(argv)

    distribution = strategy(args.strategy)
    with distribution.scope():
        model = build_model()
        load_weights(model, args.weights)
        compile_model(model, args.learning_rate)
    if args.fit:
        data = np.load(args.fit)
        batch = args.batch_size * distribution.num_replicas_in_sync
        model.fit(data["x"], data["y"], epochs=args.epochs, batch_size=batch, validation_split=0.1)
        model.save(os.path.splitext(args.weights)[0] + ".keras")
    if args.predict:
        print_predictions(model.predict(np.load(args.predict), verbose=0))
    if not args.fit and not args.predict:
        model.summary()


if __name__ == "__main__":
    main()"#;
