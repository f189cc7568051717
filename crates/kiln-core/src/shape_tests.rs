//! Tests of `shape` (kept beside it so the module stays short).

use super::*;
use crate::limits::MAX_DIM;

#[test]
fn reference_model_matches_keras_summary() {
    let s = ModelSpec::reference_sentiment(10_000, 500).summary().expect("valid");
    let shapes: Vec<String> = s.layers.iter().map(|l| l.output.to_string()).collect();
    assert_eq!(shapes, ["(None, 500, 16)", "(None, 16)", "(None, 16)", "(None, 1)"]);
    let params: Vec<usize> = s.layers.iter().map(|l| l.params).collect();
    // Keras: 10000*16, 0, 16*16+16, 16*1+1.
    assert_eq!(params, [160_000, 0, 272, 17]);
    assert_eq!(s.total_params, 160_289);
    assert_eq!(s.input.to_string(), "(None, 500)");
}

fn err(spec: ModelSpec) -> String {
    spec.summary().expect_err("should be invalid").to_string()
}

#[test]
fn layer_rows_stop_at_the_first_bad_layer() {
    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers.remove(1);
    let (rows, e) = s.layer_rows();
    assert_eq!(rows.len(), 1, "the Embedding fits, the Dense after it does not");
    assert!(matches!(e, Some(SpecError::ShapeMismatch { index: 1, .. })), "{e:?}");
    let ok = ModelSpec::reference_sentiment(10_000, 100);
    let (rows, e) = ok.layer_rows();
    assert_eq!((rows.len(), e), (4, None));
    assert_eq!(rows, ok.summary().expect("valid").layers);
    // The output/loss check is summary's, not layer_rows'.
    let mut s = ok.clone();
    s.loss = LossSpec::CategoricalCrossEntropy;
    assert_eq!(s.layer_rows().1, None);
    assert!(matches!(s.summary(), Err(SpecError::OutputMismatch(_))));
}

#[test]
fn invalid_specs_say_what_to_fix() {
    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers.remove(1);
    assert!(err(s).contains("add GlobalAveragePooling1D"));

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers[0] = LayerSpec::Embedding { input_dim: 50, output_dim: 16 };
    assert!(err(s).contains("at least 10000"));

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers[3] = LayerSpec::Dense { units: 3, activation: Activation::Sigmoid };
    assert!(err(s).contains("one output unit"));

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers[3] = LayerSpec::Dense { units: 1, activation: Activation::Relu };
    assert!(err(s).contains("sigmoid"));

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers[2] = LayerSpec::Dense { units: 0, activation: Activation::Relu };
    assert!(err(s).contains("units must be between 1"));

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers.clear();
    assert_eq!(err(s), SpecError::Empty.to_string());

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers.remove(0);
    assert!(err(s).contains("GlobalAveragePooling1D averages a sequence"));

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.input = InputSpec::Features { width: 4 };
    assert!(err(s).contains("put it first, on a text data set"));

    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers[2] = LayerSpec::Dense { units: MAX_DIM, activation: Activation::Relu };
    s.layers.insert(3, LayerSpec::Dense { units: MAX_DIM, activation: Activation::Relu });
    assert!(err(s).contains("too many to train"));
}

fn images(h: usize, w: usize, c: usize, layers: Vec<LayerSpec>, loss: LossSpec) -> ModelSpec {
    ModelSpec { input: InputSpec::Images { height: h, width: w, channels: c }, layers, loss }
}

fn features(width: usize, layers: Vec<LayerSpec>, loss: LossSpec) -> ModelSpec {
    ModelSpec { input: InputSpec::Features { width }, layers, loss }
}

fn dense(units: usize, activation: Activation) -> LayerSpec {
    LayerSpec::Dense { units, activation }
}

fn conv2d(filters: usize, k: usize, padding: Padding) -> LayerSpec {
    LayerSpec::Conv2D { filters, kernel_size: [k, k], strides: [1, 1], padding, activation: Activation::Relu }
}

fn text(layers: Vec<LayerSpec>, loss: LossSpec) -> ModelSpec {
    ModelSpec { input: InputSpec::Tokens { seq_len: 500, vocab_size: 1000 }, layers, loss }
}

fn embedding() -> LayerSpec {
    LayerSpec::Embedding { input_dim: 1000, output_dim: 16 }
}

/// Asserts the exact message of an invalid spec.
fn check(spec: ModelSpec, expected: &str) {
    assert_eq!(err(spec), expected);
}

const BCE: LossSpec = LossSpec::BinaryCrossEntropy;
const CCE: LossSpec = LossSpec::CategoricalCrossEntropy;
const MSE: LossSpec = LossSpec::MeanSquaredError;

#[test]
fn conv2d_after_embedding_suggests_conv1d() {
    check(
        text(vec![embedding(), conv2d(8, 3, Padding::Valid)], BCE),
        "layer 1 (Conv2D) cannot take input of shape (None, 500, 16): Conv2D needs an image input (None, h, w, c); use Conv1D for sequences",
    );
}

#[test]
fn kernel_larger_than_input() {
    check(
        images(2, 2, 1, vec![conv2d(4, 3, Padding::Valid)], CCE),
        "layer 0 (Conv2D): kernel_size 3×3 is larger than its input 2×2; use a smaller kernel_size or padding \"same\"",
    );
    check(
        text(
            vec![
                embedding(),
                LayerSpec::Conv1D {
                    filters: 4,
                    kernel_size: 600,
                    strides: 1,
                    padding: Padding::Valid,
                    activation: Activation::Relu,
                },
            ],
            BCE,
        ),
        "layer 1 (Conv1D): kernel_size 600 is longer than its input sequence (500); use a smaller kernel or padding \"same\"",
    );
}

#[test]
fn pool_larger_than_input() {
    let pool = LayerSpec::MaxPool2D { pool_size: [4, 4], strides: None, padding: Padding::Valid };
    check(
        images(3, 3, 1, vec![pool, LayerSpec::Flatten, dense(2, Activation::Softmax)], CCE),
        "layer 0 (MaxPool2D): pool_size 4×4 is larger than its input 3×3; use a smaller pool_size or padding \"same\"",
    );
}

#[test]
fn sigmoid_output_with_three_classes() {
    let spec = features(4, vec![dense(1, Activation::Sigmoid)], BCE);
    assert_eq!(
        spec.summary_for(Task::MultiClass { classes: 3 }).expect_err("3 classes").to_string(),
        "the output does not fit the loss: a 1-unit sigmoid output with binary cross-entropy tells 2 classes apart, but the data has 3; end with Dense(3, softmax) and categorical cross-entropy"
    );
    check(
        features(4, vec![dense(3, Activation::Sigmoid)], BCE),
        "the output does not fit the loss: binary cross-entropy needs one output unit, the model ends with (None, 3); make the last layer Dense(1, sigmoid)",
    );
}

#[test]
fn softmax_with_one_unit() {
    check(
        features(4, vec![dense(1, Activation::Softmax)], CCE),
        "layer 0 (Dense): softmax over a single value always outputs 1.0; use sigmoid for one unit, or at least 2 units for softmax",
    );
}

#[test]
fn bce_without_sigmoid_output() {
    check(
        features(4, vec![dense(1, Activation::Linear)], BCE),
        "the output does not fit the loss: binary cross-entropy needs a probability; give the last Dense layer a sigmoid activation",
    );
}

#[test]
fn cce_units_must_match_classes() {
    let spec = features(4, vec![dense(4, Activation::Softmax)], CCE);
    assert_eq!(
        spec.summary_for(Task::MultiClass { classes: 3 }).expect_err("4 ≠ 3").to_string(),
        "the output does not fit the loss: the output has 4 units but the data has 3 classes; make the last layer Dense(3, softmax)"
    );
    check(
        features(4, vec![dense(4, Activation::Relu)], CCE),
        "the output does not fit the loss: categorical cross-entropy needs class probabilities; give the last Dense layer a softmax activation",
    );
}

#[test]
fn mse_with_squashing_output() {
    check(
        features(4, vec![dense(1, Activation::Sigmoid)], MSE),
        "the output does not fit the loss: mean squared error on a sigmoid output squeezes predictions into (0, 1); use a linear last layer for regression, or a cross-entropy loss for classes",
    );
    let spec = features(4, vec![dense(1, Activation::Sigmoid)], BCE);
    assert_eq!(
        spec.summary_for(Task::Regression).expect_err("regression").to_string(),
        "the output does not fit the loss: the data's target is a number, but binary cross-entropy is for classes; end with a linear Dense(1) and mean squared error"
    );
}

#[test]
fn embedding_smaller_than_vocabulary() {
    let mut s = ModelSpec::reference_sentiment(10_000, 100);
    s.layers[0] = LayerSpec::Embedding { input_dim: 50, output_dim: 16 };
    check(
        s,
        "layer 0 (Embedding): input_dim 50 is smaller than the data's vocabulary (10000 ids); set input_dim to at least 10000",
    );
}

#[test]
fn heads_must_divide_d_model() {
    let attention = LayerSpec::MultiHeadSelfAttention { num_heads: 3, key_dim: None, dropout: 0.0 };
    check(
        text(vec![embedding(), attention], BCE),
        "layer 1 (MultiHeadSelfAttention): num_heads 3 does not divide d_model 16 (the input's last axis); use one of 1, 2, 4, 8, 16, or change the Embedding's output_dim",
    );
    let attention = LayerSpec::MultiHeadSelfAttention { num_heads: 2, key_dim: Some(16), dropout: 0.0 };
    check(
        text(vec![embedding(), attention], BCE),
        "layer 1 (MultiHeadSelfAttention): key_dim 16 must be d_model / num_heads = 16 / 2 = 8 here (burn's attention projects d_model → d_model); leave key_dim out or change num_heads",
    );
}

#[test]
fn dropout_rate_outside_range() {
    for rate in [1.0, -0.1, 7.5] {
        check(
            features(4, vec![LayerSpec::Dropout { rate }, dense(1, Activation::Sigmoid)], BCE),
            &format!(
                "layer 0 (Dropout): rate must be at least 0 and below 1, got {rate}; 0.5 drops half the values, 0 none"
            ),
        );
    }
}

#[test]
fn zero_sizes() {
    check(
        images(28, 28, 1, vec![conv2d(0, 3, Padding::Valid)], CCE),
        "layer 0 (Conv2D): filters must be between 1 and 1048576, got 0",
    );
    check(
        images(0, 28, 1, vec![LayerSpec::Flatten, dense(2, Activation::Softmax)], CCE),
        "layer 0 (Input): image height must be between 1 and 1048576, got 0",
    );
    let pool = LayerSpec::AveragePool2D { pool_size: [2, 2], strides: Some([0, 1]), padding: Padding::Same };
    check(
        images(8, 8, 1, vec![pool], CCE),
        "layer 0 (AveragePool2D): strides height must be between 1 and 1048576, got 0",
    );
}

#[test]
fn absurd_sizes() {
    check(
        images(1024, 1024, 64, vec![LayerSpec::Flatten, dense(2, Activation::Softmax)], CCE),
        "layer 0 (Input): one example (None, 1024, 1024, 64) would hold over 16777216 values; use smaller images",
    );
    check(
        images(512, 512, 3, vec![conv2d(1000, 3, Padding::Same)], CCE),
        "layer 0 (Conv2D): its output (None, 512, 512, 1000) would hold over 16777216 values per example; use fewer filters or units, or pool first",
    );
    check(
        features(MAX_DIM, vec![dense(MAX_DIM, Activation::Relu)], MSE),
        "layer 0 (Dense): the model would have over 67108864 parameters, too many to train in a browser; use fewer units",
    );
}

#[test]
fn dense_directly_on_an_image() {
    check(
        images(28, 28, 1, vec![dense(10, Activation::Softmax)], CCE),
        "layer 0 (Dense) cannot take input of shape (None, 28, 28, 1): Dense takes a flat vector, not an image; add Flatten before it",
    );
}

#[test]
fn global_pooling_on_a_vector() {
    check(
        features(4, vec![LayerSpec::GlobalAveragePooling1D, dense(1, Activation::Sigmoid)], BCE),
        "layer 0 (GlobalAveragePooling1D) cannot take input of shape (None, 4): GlobalAveragePooling1D averages a sequence (None, n, f) but gets a flat vector; put it after an Embedding, Conv1D or attention layer, or remove it",
    );
    check(
        images(8, 8, 1, vec![LayerSpec::GlobalMaxPooling1D], CCE),
        "layer 0 (GlobalMaxPooling1D) cannot take input of shape (None, 8, 8, 1): GlobalMaxPooling1D takes the maximum over a sequence, not an image; use MaxPool2D / AveragePool2D and Flatten for images",
    );
}

#[test]
fn image_output_does_not_fit_cce() {
    check(
        images(8, 8, 1, vec![conv2d(4, 3, Padding::Same)], CCE),
        "the output does not fit the loss: categorical cross-entropy needs one output unit per class, the model ends with (None, 8, 8, 4); end with Flatten (or pooling) and Dense(classes, softmax)",
    );
}

#[test]
fn bad_normalisation_settings() {
    check(
        features(4, vec![LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 1.0 }], MSE),
        "layer 0 (BatchNormalization): momentum must be at least 0 and below 1, got 1; Keras uses 0.99",
    );
    check(
        features(4, vec![LayerSpec::LayerNormalization { epsilon: 0.0 }], MSE),
        "layer 0 (LayerNormalization): epsilon must be above 0 and at most 1, got 0; Keras uses 0.001",
    );
}

#[test]
fn token_ids_need_an_embedding() {
    check(
        text(vec![LayerSpec::Flatten, dense(1, Activation::Sigmoid)], BCE),
        "layer 0 (Flatten) cannot take input of shape (None, 500): token ids are not features; start the model with an Embedding layer",
    );
    check(
        text(vec![LayerSpec::MultiHeadSelfAttention { num_heads: 1, key_dim: None, dropout: 0.0 }], BCE),
        "layer 0 (MultiHeadSelfAttention) cannot take input of shape (None, 500): attention mixes vectors, not token ids; put an Embedding before it",
    );
}

#[test]
fn wrong_task_for_loss() {
    let spec = features(4, vec![dense(3, Activation::Softmax)], CCE);
    assert_eq!(
        spec.summary_for(Task::Binary).expect_err("binary").to_string(),
        "the output does not fit the loss: the data has two classes but the model uses categorical cross-entropy with 3 output units; end with Dense(1, sigmoid) and binary cross-entropy"
    );
    assert_eq!(
        spec.summary_for(Task::MultiClass { classes: 1 }).expect_err("one class").to_string(),
        "the output does not fit the loss: the data has only 1 class; a classifier needs at least 2 classes in the labels"
    );
}

#[test]
fn every_layer_type_counts_like_keras() {
    // (None, 8, 8, 3) → Conv2D(4, 3×3, same) → BN → MaxPool(2) → AvgPool(2, same) → Dropout
    // → Flatten → Dense(5, leaky_relu) → LayerNorm → Activation(gelu) → Dense(3, softmax)
    let spec = images(
        8,
        8,
        3,
        vec![
            conv2d(4, 3, Padding::Same),
            LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.99 },
            LayerSpec::MaxPool2D { pool_size: [2, 2], strides: None, padding: Padding::Valid },
            LayerSpec::AveragePool2D { pool_size: [3, 3], strides: Some([2, 2]), padding: Padding::Same },
            LayerSpec::Dropout { rate: 0.25 },
            LayerSpec::Flatten,
            dense(5, Activation::LeakyRelu),
            LayerSpec::LayerNormalization { epsilon: 1e-3 },
            LayerSpec::Activation { activation: Activation::Gelu },
            dense(3, Activation::Softmax),
        ],
        CCE,
    );
    let s = spec.summary().expect("valid");
    let shapes: Vec<String> = s.layers.iter().map(|l| l.output.to_string()).collect();
    assert_eq!(
        shapes,
        [
            "(None, 8, 8, 4)",
            "(None, 8, 8, 4)",
            "(None, 4, 4, 4)",
            "(None, 2, 2, 4)",
            "(None, 2, 2, 4)",
            "(None, 16)",
            "(None, 5)",
            "(None, 5)",
            "(None, 5)",
            "(None, 3)"
        ]
    );
    let params: Vec<usize> = s.layers.iter().map(|l| l.params).collect();
    // Conv2D 3·3·3·4 + 4; BN 2·4 (+ 2·4 non-trainable); Dense 16·5 + 5; LN 2·5; Dense 5·3 + 3.
    assert_eq!(params, [112, 8, 0, 0, 0, 0, 85, 10, 0, 18]);
    assert_eq!(s.layers[1].non_trainable, 8);
    assert_eq!((s.total_params, s.non_trainable_params), (233, 8));
    assert_eq!(s.layers[6].name, "Dense (leaky_relu)");
    assert_eq!(s.layers[8].name, "Activation (gelu)");

    // Text: Embedding → Conv1D(8, 5, strides 2) → attention → GlobalMaxPooling1D.
    let spec = text(
        vec![
            embedding(),
            LayerSpec::Conv1D {
                filters: 8,
                kernel_size: 5,
                strides: 2,
                padding: Padding::Valid,
                activation: Activation::Tanh,
            },
            LayerSpec::MultiHeadSelfAttention { num_heads: 2, key_dim: Some(4), dropout: 0.1 },
            LayerSpec::GlobalMaxPooling1D,
            dense(1, Activation::Sigmoid),
        ],
        BCE,
    );
    let s = spec.summary().expect("valid");
    let shapes: Vec<String> = s.layers.iter().map(|l| l.output.to_string()).collect();
    // floor((500 - 5) / 2) + 1 = 248.
    assert_eq!(shapes, ["(None, 500, 16)", "(None, 248, 8)", "(None, 248, 8)", "(None, 8)", "(None, 1)"]);
    let params: Vec<usize> = s.layers.iter().map(|l| l.params).collect();
    // Conv1D 5·16·8 + 8; attention 4·(8·8 + 8) + 248·8.
    assert_eq!(params, [16_000, 648, 288 + 1984, 0, 9]);
}

#[test]
fn output_lengths_follow_keras() {
    assert_eq!(output_len(28, 3, 1, Padding::Valid), Some(26));
    assert_eq!(output_len(28, 3, 2, Padding::Valid), Some(13));
    assert_eq!(output_len(7, 2, 2, Padding::Valid), Some(3));
    assert_eq!(output_len(7, 2, 2, Padding::Same), Some(4));
    assert_eq!(output_len(2, 3, 1, Padding::Valid), None);
    assert_eq!(output_len(2, 3, 1, Padding::Same), Some(2));
}

#[test]
fn old_and_keras_style_json_load() {
    // A spec saved before images and new layers existed.
    let old = r#"{"input":{"type":"Tokens","seq_len":500,"vocab_size":10000},"layers":[
        {"type":"Embedding","input_dim":10000,"output_dim":16},{"type":"GlobalAveragePooling1D"},
        {"type":"Dense","units":16,"activation":"relu"},{"type":"Dense","units":1,"activation":"sigmoid"}],
        "loss":"binary_cross_entropy"}"#;
    assert_eq!(ModelSpec::from_json(old).expect("old spec"), ModelSpec::reference_sentiment(10_000, 500));
    let keras = r#"{"input":{"type":"Images","height":28,"width":28,"channels":1},"layers":[
        {"type":"Conv2D","filters":8,"kernel_size":3,"activation":"relu"},{"type":"MaxPooling2D"},
        {"type":"Flatten"},{"type":"Dense","units":10,"activation":"softmax"}],
        "loss":"sparse_categorical_crossentropy"}"#;
    assert_eq!(ModelSpec::from_json(keras).expect("keras-style spec"), crate::presets::small_cnn().spec);
    for preset in [crate::presets::small_cnn(), crate::presets::tiny_transformer(50, 10, Task::Binary)] {
        assert_eq!(ModelSpec::from_json(&preset.spec.to_json()).expect("round trip"), preset.spec);
    }
}

#[test]
fn spec_round_trips_through_json() {
    let spec = ModelSpec::reference_sentiment(10_000, 500);
    let json = spec.to_json();
    assert!(json.contains("\"GlobalAveragePooling1D\""));
    assert_eq!(ModelSpec::from_json(&json).expect("parses"), spec);
}

#[test]
fn hostile_json_is_an_error_not_a_panic() {
    for text in ["", "{", "[]", "{\"input\":1}", "{\"layers\":[{\"type\":\"Nope\"}]}", "\u{0}"] {
        assert!(matches!(ModelSpec::from_json(text), Err(SpecError::Json(_))), "{text:?}");
    }
    let wrap = |layer: &str| {
        format!(
            r#"{{"input":{{"type":"Images","height":8,"width":8,"channels":1}},"layers":[{layer}],"loss":"mean_squared_error"}}"#
        )
    };
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let json_errors = [
        wrap(r#"{"type":"Conv2D","filters":1e40,"kernel_size":3}"#),
        wrap(r#"{"type":"Conv2D","filters":-3,"kernel_size":3}"#),
        wrap(r#"{"type":"Conv2D","filters":"8","kernel_size":3}"#),
        wrap(r#"{"type":"Conv2D","filters":8,"kernel_size":[3,3,3]}"#),
        wrap(r#"{"type":"Dense","units":99999999999999999999999}"#),
        wrap(r#"{"type":"Dense","units":4,"activation":"swish"}"#),
        wrap(r#"{"type":"TransformerXL"}"#),
        wrap(r#"{"type":"Dropout","rate":"half"}"#),
        wrap(&deep),
        deep.clone(),
    ];
    for text in &json_errors {
        assert!(matches!(ModelSpec::from_json(text), Err(SpecError::Json(_))), "{}", &text[..text.len().min(200)]);
    }
    // Parses, but the sizes are refused by validation (never a panic or an allocation).
    let refused = [
        wrap(r#"{"type":"Conv2D","filters":18446744073709551615,"kernel_size":18446744073709551615}"#),
        wrap(r#"{"type":"Dropout","rate":1e308}"#),
        wrap(r#"{"type":"MaxPool2D","pool_size":0}"#),
        wrap(r#"{"type":"BatchNormalization","epsilon":-1}"#),
    ];
    for text in &refused {
        let spec = ModelSpec::from_json(text).expect("parses");
        assert!(matches!(spec.summary(), Err(SpecError::BadSetting { .. })), "{text}");
    }
}
