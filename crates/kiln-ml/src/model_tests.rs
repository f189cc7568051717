//! Tests of `model` (kept beside it so the module stays short).

use super::*;
use burn::tensor::TensorData;

fn tokens(ids: Vec<i32>, shape: [usize; 2], device: &Device) -> Input {
    Input::Tokens(Tensor::from_data(TensorData::new(ids, shape), device))
}

fn to_vec(t: Tensor<2>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_to_vec().expect("f32")
}

#[test]
fn parameter_count_matches_spec_summary() {
    let device = Device::flex();
    let spec = ModelSpec::reference_sentiment(10_000, 500);
    let net = Network::new(&spec, &device).expect("builds");
    assert_eq!(net.num_params(), 160_289);
    assert_eq!(net.num_params(), spec.summary().expect("valid").total_params);
    assert_eq!(net.head(), Head::Sigmoid);
}

#[test]
fn forward_gives_one_logit_per_example_and_ignores_padding() {
    let device = Device::flex();
    device.seed(1);
    let net = Network::new(&ModelSpec::reference_sentiment(20, 6), &device).expect("builds");
    let ids = vec![5i32, 7, 0, 0, 0, 0, 5, 7, 0, 0, 0, 0, 5, 7, 9, 9, 0, 0];
    let p = net.predict(tokens(ids, [3, 6], &device));
    assert_eq!(p.dims(), [3, 1]);
    let p = to_vec(p);
    assert!(p.iter().all(|v| (0.0..=1.0).contains(v)));
    // Rows 0 and 1 differ only in padding: same prediction.
    assert_eq!(p[0], p[1]);
    assert_ne!(p[0], p[2]);
}

#[test]
fn all_padding_row_is_finite() {
    let device = Device::flex();
    let net = Network::new(&ModelSpec::reference_sentiment(20, 4), &device).expect("builds");
    let p = to_vec(net.predict(tokens(vec![0; 4], [1, 4], &device)));
    assert!(p[0].is_finite());
}

// ---- One test per layer type: spec → burn, shapes and parameter counts against the formula
// and the summary, forward + backward reaching every trainable tensor. ----

use burn::module::ModuleVisitor;
use burn::optim::GradientsParams;
use kiln_core::{InputSpec, Task};

const BATCH: usize = 3;

/// Counts parameter tensors (trainable ones and BatchNorm running statistics).
struct Tensors(usize);
impl ModuleVisitor for Tensors {
    fn visit_float<const D: usize>(&mut self, _: &Param<Tensor<D>>) {
        self.0 += 1;
    }
}

fn random_input(spec: &ModelSpec, device: &Device) -> Input {
    match spec.input {
        InputSpec::Tokens { seq_len, vocab_size } => {
            // Ids 1.. with the last two positions of each row as padding.
            let ids: Vec<i32> =
                (0..BATCH * seq_len)
                    .map(|i| {
                        if i % seq_len >= seq_len.saturating_sub(2) { 0 } else { 1 + (i * 7 % (vocab_size - 1)) as i32 }
                    })
                    .collect();
            tokens(ids, [BATCH, seq_len], device)
        }
        InputSpec::Features { width } => {
            Input::Features(Tensor::random([BATCH, width], burn::tensor::Distribution::Normal(0.0, 1.0), device))
        }
        InputSpec::Images { height, width, channels } => Input::Images(Tensor::random(
            [BATCH, height, width, channels],
            burn::tensor::Distribution::Normal(0.0, 1.0),
            device,
        )),
    }
}

/// Builds `spec` on an autodiff CPU device and checks: layer `index` has `formula`
/// parameters in the summary and `module(&params)` in burn; the network's total equals the
/// summary's; every layer's traced output has the summary's shape; forward gives
/// `[batch, outputs]`; backward yields a gradient for every trainable tensor.
fn check_layer(spec: ModelSpec, index: usize, formula: usize, module: impl Fn(&Params) -> usize) {
    let device = Device::flex().autodiff();
    device.seed(3);
    let summary = spec.summary().expect("valid spec");
    assert_eq!(summary.layers[index].params, formula, "summary vs formula");
    let net = Network::new(&spec, &device).expect("builds");
    assert_eq!(module(&net.params), formula + summary.layers[index].non_trainable, "burn module vs formula");
    assert_eq!(net.num_params(), summary.total_params, "network vs summary");
    let trace = net.forward_trace(random_input(&spec, &device));
    for (t, row) in trace.iter().zip(&summary.layers) {
        assert_eq!(t.dims(), [BATCH, row.output.values()], "{}", row.name);
    }
    let out = net.forward(random_input(&spec, &device));
    let outputs = summary.layers.last().expect("layers").output.values();
    assert_eq!(out.dims(), [BATCH, outputs]);
    let loss = (out.clone() * out).mean();
    let grads = GradientsParams::from_grads(loss.backward(), &net.params);
    let mut tensors = Tensors(0);
    net.params.visit(&mut tensors);
    assert_eq!(grads.len(), tensors.0 - 2 * net.params.batch_norms.len(), "every trainable tensor has a gradient");
}

fn dense(units: usize, activation: Activation) -> LayerSpec {
    LayerSpec::Dense { units, activation }
}

fn text(seq_len: usize, vocab_size: usize, layers: Vec<LayerSpec>) -> ModelSpec {
    ModelSpec { input: InputSpec::Tokens { seq_len, vocab_size }, layers, loss: LossSpec::BinaryCrossEntropy }
}

fn images(h: usize, w: usize, c: usize, layers: Vec<LayerSpec>, loss: LossSpec) -> ModelSpec {
    ModelSpec { input: InputSpec::Images { height: h, width: w, channels: c }, layers, loss }
}

fn features(width: usize, layers: Vec<LayerSpec>, loss: LossSpec) -> ModelSpec {
    ModelSpec { input: InputSpec::Features { width }, layers, loss }
}

fn embedding(vocab: usize, d: usize) -> LayerSpec {
    LayerSpec::Embedding { input_dim: vocab, output_dim: d }
}

fn conv2d(filters: usize, k: usize, strides: usize, padding: Padding, activation: Activation) -> LayerSpec {
    LayerSpec::Conv2D { filters, kernel_size: [k, k], strides: [strides, strides], padding, activation }
}

const OUT: fn() -> LayerSpec = || LayerSpec::Dense { units: 1, activation: Activation::Sigmoid };

#[test]
fn layer_embedding() {
    let spec = text(6, 20, vec![embedding(20, 4), LayerSpec::GlobalAveragePooling1D, OUT()]);
    check_layer(spec, 0, 20 * 4, |p| p.embeddings[0].num_params());
}

#[test]
fn layer_global_average_pooling_1d() {
    let spec = text(6, 20, vec![embedding(20, 4), LayerSpec::GlobalAveragePooling1D, OUT()]);
    check_layer(spec.clone(), 1, 0, |_| 0);
    assert_padding_ignored(&spec);
}

/// Padding is ignored: changing the padding id's embedding vector (row 0) leaves every
/// prediction unchanged, and an all-padding row stays finite.
fn assert_padding_ignored(spec: &ModelSpec) {
    let device = Device::flex();
    device.seed(2);
    let mut net = Network::new(spec, &device).expect("builds");
    let ids = || tokens(vec![5, 7, 3, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [3, 6], &device);
    let before = to_vec(net.predict(ids()));
    let table = net.params.embeddings[0].weight.clone();
    net.params.embeddings[0].weight = table.map(|w| {
        let [_, d] = w.dims();
        w.slice_assign([0..1, 0..d], Tensor::ones([1, d], &device) * 3.0)
    });
    let after = to_vec(net.predict(ids()));
    assert!(before.iter().zip(&after).take(2).all(|(a, b)| (a - b).abs() < 1e-6), "{before:?} vs {after:?}");
    assert!(after.iter().all(|v| v.is_finite()));
}

#[test]
fn layer_global_max_pooling_1d_ignores_padding() {
    let spec = text(6, 20, vec![embedding(20, 4), LayerSpec::GlobalMaxPooling1D, OUT()]);
    check_layer(spec.clone(), 1, 0, |_| 0);
    assert_padding_ignored(&spec);
}

#[test]
fn layer_dense() {
    let spec = features(5, vec![dense(7, Activation::Relu), OUT()], LossSpec::BinaryCrossEntropy);
    check_layer(spec, 0, 5 * 7 + 7, |p| p.linears[0].num_params());
}

#[test]
fn layer_conv1d() {
    let conv = LayerSpec::Conv1D {
        filters: 6,
        kernel_size: 3,
        strides: 2,
        padding: Padding::Valid,
        activation: Activation::Relu,
    };
    let spec = text(9, 20, vec![embedding(20, 4), conv, LayerSpec::GlobalAveragePooling1D, OUT()]);
    check_layer(spec, 1, 3 * 4 * 6 + 6, |p| p.conv1ds[0].num_params());
    let same = LayerSpec::Conv1D {
        filters: 6,
        kernel_size: 3,
        strides: 1,
        padding: Padding::Same,
        activation: Activation::Gelu,
    };
    let spec = text(9, 20, vec![embedding(20, 4), same, LayerSpec::GlobalMaxPooling1D, OUT()]);
    check_layer(spec, 1, 3 * 4 * 6 + 6, |p| p.conv1ds[0].num_params());
}

#[test]
fn layer_conv2d() {
    let spec = images(
        7,
        6,
        2,
        vec![conv2d(5, 3, 2, Padding::Same, Activation::LeakyRelu), LayerSpec::Flatten, dense(3, Activation::Softmax)],
        LossSpec::CategoricalCrossEntropy,
    );
    // Same padding, stride 2: ceil(7/2) × ceil(6/2) = 4 × 3.
    assert_eq!(spec.summary().expect("valid").layers[0].output.to_string(), "(None, 4, 3, 5)");
    check_layer(spec, 0, 3 * 3 * 2 * 5 + 5, |p| p.conv2ds[0].num_params());
}

#[test]
fn layer_max_pool_2d() {
    let pool = LayerSpec::MaxPool2D { pool_size: [2, 2], strides: None, padding: Padding::Valid };
    let spec = images(
        5,
        5,
        2,
        vec![conv2d(3, 1, 1, Padding::Valid, Activation::Relu), pool, LayerSpec::Flatten, OUT()],
        LossSpec::BinaryCrossEntropy,
    );
    check_layer(spec, 1, 0, |_| 0);
}

#[test]
fn layer_average_pool_2d() {
    let pool = LayerSpec::AveragePool2D { pool_size: [2, 2], strides: Some([2, 2]), padding: Padding::Same };
    let spec = images(
        5,
        5,
        2,
        vec![conv2d(3, 3, 1, Padding::Same, Activation::Tanh), pool, LayerSpec::Flatten, OUT()],
        LossSpec::BinaryCrossEntropy,
    );
    check_layer(spec, 1, 0, |_| 0);
}

#[test]
fn layer_flatten_uses_keras_channels_last_order() {
    let spec = images(2, 3, 2, vec![LayerSpec::Flatten, OUT()], LossSpec::BinaryCrossEntropy);
    check_layer(spec, 0, 0, |_| 0);
    // Flatten of an image equals the channels-last input reshaped, value for value.
    let spec = images(2, 3, 2, vec![LayerSpec::Flatten], LossSpec::MeanSquaredError);
    let device = Device::flex();
    let net = Network::new(&spec, &device).expect("builds");
    let values: Vec<f32> = (0..2 * 2 * 3 * 2).map(|v| v as f32).collect();
    let x = Tensor::<4>::from_data(TensorData::new(values.clone(), [2, 2, 3, 2]), &device);
    assert_eq!(to_vec(net.forward(Input::Images(x))), values);
}

#[test]
fn layer_dropout_trains_stochastically_and_infers_as_identity() {
    let spec = features(
        8,
        vec![dense(64, Activation::Relu), LayerSpec::Dropout { rate: 0.5 }, OUT()],
        LossSpec::BinaryCrossEntropy,
    );
    check_layer(spec.clone(), 1, 0, |_| 0);
    let device = Device::flex().autodiff();
    device.seed(5);
    let net = Network::new(&spec, &device).expect("builds");
    let x = Tensor::<2>::ones([1, 8], &device);
    let train_a = to_vec(net.forward_trace(Input::Features(x.clone()))[1].clone());
    assert!(train_a.contains(&0.0) || train_a.iter().all(|v| *v == 0.0), "autodiff device: dropout active");
    let valid = net.with_params(net.params.valid());
    let plain = Tensor::<2>::ones([1, 8], &Device::flex());
    let trace = valid.forward_trace(Input::Features(plain.clone()));
    assert_eq!(to_vec(trace[0].clone()), to_vec(trace[1].clone()), "inference: dropout is the identity");
    assert_eq!(to_vec(valid.forward(Input::Features(plain.clone()))), to_vec(valid.forward(Input::Features(plain))));
}

#[test]
fn layer_batch_normalization() {
    let bn = LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.99 };
    let spec = images(
        4,
        4,
        2,
        vec![conv2d(3, 3, 1, Padding::Same, Activation::Linear), bn.clone(), LayerSpec::Flatten, OUT()],
        LossSpec::BinaryCrossEntropy,
    );
    check_layer(spec, 1, 2 * 3, |p| p.batch_norms[0].num_params());
    let spec = features(4, vec![bn.clone(), OUT()], LossSpec::BinaryCrossEntropy);
    check_layer(spec.clone(), 0, 2 * 4, |p| p.batch_norms[0].num_params());
    let spec = text(6, 20, vec![embedding(20, 4), bn, LayerSpec::GlobalAveragePooling1D, OUT()]);
    check_layer(spec, 1, 2 * 4, |p| p.batch_norms[0].num_params());
}

#[test]
fn layer_layer_normalization() {
    let ln = LayerSpec::LayerNormalization { epsilon: 1e-3 };
    let spec = text(6, 20, vec![embedding(20, 4), ln.clone(), LayerSpec::GlobalAveragePooling1D, OUT()]);
    check_layer(spec, 1, 2 * 4, |p| p.layer_norms[0].num_params());
    let spec = images(3, 3, 2, vec![ln, LayerSpec::Flatten, OUT()], LossSpec::BinaryCrossEntropy);
    check_layer(spec, 0, 2 * 2, |p| p.layer_norms[0].num_params());
}

#[test]
fn layer_multi_head_self_attention_masks_padding() {
    let attention = LayerSpec::MultiHeadSelfAttention { num_heads: 2, key_dim: None, dropout: 0.1 };
    let spec = text(6, 20, vec![embedding(20, 8), attention, LayerSpec::GlobalAveragePooling1D, OUT()]);
    check_layer(spec.clone(), 1, 4 * (8 * 8 + 8) + 6 * 8, |p| p.attentions[0].num_params());
    assert_padding_ignored(&spec);
}

#[test]
fn layer_activation_and_every_activation_function() {
    for &a in Activation::ALL {
        let spec = features(
            4,
            vec![dense(3, Activation::Linear), LayerSpec::Activation { activation: a }, OUT()],
            LossSpec::BinaryCrossEntropy,
        );
        check_layer(spec, 1, 0, |_| 0);
    }
    // Softmax on an image runs over channels (Keras' last axis): each pixel's values sum to 1.
    let spec = images(
        2,
        2,
        1,
        vec![conv2d(3, 1, 1, Padding::Valid, Activation::Softmax), LayerSpec::Flatten],
        LossSpec::MeanSquaredError,
    );
    let device = Device::flex();
    let net = Network::new(&spec, &device).expect("builds");
    let out = to_vec(net.predict(Input::Images(Tensor::ones([1, 2, 2, 1], &device))));
    for pixel in out.chunks(3) {
        assert!((pixel.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}

#[test]
fn heads_fold_the_last_activation() {
    let device = Device::flex();
    let spec = features(4, vec![dense(3, Activation::Softmax)], LossSpec::CategoricalCrossEntropy);
    let net = Network::new(&spec, &device).expect("builds");
    assert_eq!(net.head(), Head::Softmax);
    let x = || Input::Features(Tensor::ones([2, 4], &device));
    let logits = net.forward(x());
    let probs = to_vec(net.predict(x()));
    assert_eq!(probs, to_vec(softmax(logits, 1)));
    assert!((probs[..3].iter().sum::<f32>() - 1.0).abs() < 1e-5);
    let trace = net.forward_trace(x());
    assert_eq!(to_vec(trace[trace.len() - 1].clone()), probs);
    let spec = features(4, vec![dense(1, Activation::Tanh)], LossSpec::MeanSquaredError);
    let net = Network::new(&spec, &device).expect("builds");
    assert_eq!(net.head(), Head::Linear);
    assert_eq!(to_vec(net.forward(x())), to_vec(net.predict(x())));
}

#[test]
fn dense_weights_edit_and_penalty() {
    let device = Device::flex().autodiff();
    let spec = kiln_core::presets::small_mlp(2, Task::Binary).spec;
    let mut net = Network::new(&spec, &device).expect("builds");
    let shapes: Vec<[usize; 2]> = net.dense_weights().iter().map(|(w, _)| w.dims()).collect();
    assert_eq!(shapes, [[2, 16], [16, 16], [16, 1]]);
    net.set_dense_weight(1, 3, 5, 0.75);
    net.set_dense_weight(9, 0, 0, 1.0); // ignored
    net.set_dense_weight(0, 2, 0, 1.0); // ignored: input 2 of 2
    let (w, _) = net.dense_weights()[1].clone();
    assert_eq!(to_vec(w.narrow(0, 3, 1).narrow(1, 5, 1)), [0.75]);
    assert!(net.weight_penalty(0.0, 0.0).is_none());
    let manual: f32 =
        net.dense_weights().iter().map(|(w, _)| to_vec(w.clone()).iter().map(|v| v * v).sum::<f32>()).sum();
    let penalty =
        net.weight_penalty(0.0, 0.01).expect("penalty").into_data().convert::<f32>().try_to_vec::<f32>().expect("f32")
            [0];
    assert!((penalty - 0.01 * manual).abs() < 1e-4, "{penalty} vs {}", 0.01 * manual);
    // The edited weight is still a trainable parameter.
    let out = net.forward(Input::Features(Tensor::ones([2, 2], &device)));
    let loss = out.sum() + net.weight_penalty(0.1, 0.0).expect("penalty");
    let grads = GradientsParams::from_grads(loss.backward(), &net.params);
    assert!(grads.get::<2>(net.params.linears[1].weight.id).is_some());
}

#[test]
fn check_input_reports_wrong_shapes() {
    let device = Device::flex();
    let spec = kiln_core::presets::small_cnn().spec;
    assert!(Network::check_input(&spec, &Input::Images(Tensor::zeros([2, 28, 28, 1], &device))).is_ok());
    let e = Network::check_input(&spec, &Input::Images(Tensor::zeros([2, 1, 28, 28], &device)));
    assert_eq!(e, Err(MlError::Data("the model expects examples of shape [28, 28, 1], got [1, 28, 28]".into())));
}

/// A few Adam steps on fixed random data; returns the first and last loss.
fn train_steps(spec: &ModelSpec, x: impl Fn(&Device) -> Input, labels: Vec<i32>, steps: usize) -> (f32, f32) {
    use burn::nn::loss::CrossEntropyLossConfig;
    use burn::optim::AdamConfig;
    let device = Device::flex().autodiff();
    device.seed(11);
    let mut net = Network::new(spec, &device).expect("builds");
    let mut optim = AdamConfig::new().init();
    let n = labels.len();
    let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [n]), &device);
    let mut losses = Vec::new();
    for _ in 0..steps {
        let logits = net.forward(x(&device));
        let loss = match net.head() {
            Head::Softmax => CrossEntropyLossConfig::new().init(&device).forward(logits, y.clone()),
            _ => burn::nn::loss::BinaryCrossEntropyLossConfig::new()
                .with_logits(true)
                .init(&device)
                .forward(logits.reshape([n]), y.clone()),
        };
        losses.push(loss.clone().into_data().convert::<f32>().try_to_vec::<f32>().expect("f32")[0]);
        let grads = GradientsParams::from_grads(loss.backward(), &net.params);
        let params = std::mem::take(&mut net.params);
        net.params = optim.step(1e-2, params, grads);
    }
    (losses[0], losses[losses.len() - 1])
}

#[test]
fn tiny_cnn_learns_random_data() {
    use rand::{RngExt, SeedableRng};
    let mut spec = kiln_core::presets::small_cnn().spec;
    spec.input = InputSpec::Images { height: 8, width: 8, channels: 1 };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let n = 16;
    let pixels: Vec<f32> = (0..n * 64).map(|_| rng.random_range(-1.0..1.0f32)).collect();
    let labels: Vec<i32> = (0..n).map(|_| rng.random_range(0..10)).collect();
    let x = |d: &Device| Input::Images(Tensor::from_data(TensorData::new(pixels.clone(), [n, 8, 8, 1]), d));
    let (first, last) = train_steps(&spec, x, labels, 30);
    assert!(last < first * 0.8, "loss {first} → {last}");
}

#[test]
fn tiny_transformer_learns_random_data() {
    use rand::{RngExt, SeedableRng};
    let spec = kiln_core::presets::tiny_transformer(30, 8, Task::Binary).spec;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
    let n = 16;
    let ids: Vec<i32> = (0..n * 8).map(|i| if i % 8 >= 6 { 0 } else { rng.random_range(1..30) }).collect();
    let labels: Vec<i32> = (0..n).map(|_| rng.random_range(0..2)).collect();
    let x = |d: &Device| tokens(ids.clone(), [n, 8], d);
    let (first, last) = train_steps(&spec, x, labels, 30);
    assert!(last < first * 0.8, "loss {first} → {last}");
}

#[test]
fn invalid_specs_are_errors_before_burn_sees_them() {
    let device = Device::flex();
    let attention = LayerSpec::MultiHeadSelfAttention { num_heads: 3, key_dim: None, dropout: 0.0 };
    let spec = text(6, 20, vec![embedding(20, 8), attention, LayerSpec::GlobalAveragePooling1D, OUT()]);
    let err = Network::new(&spec, &device).expect_err("3 heads do not divide 8");
    assert!(err.to_string().contains("num_heads 3 does not divide d_model 8"), "{err}");
    let spec = images(2, 2, 1, vec![conv2d(4, 3, 1, Padding::Valid, Activation::Relu)], LossSpec::MeanSquaredError);
    assert!(Network::new(&spec, &device).is_err());
}

#[test]
fn same_padding_with_even_windows_and_odd_strides_matches_the_summary() {
    // Even kernels with "same" need asymmetric padding; pooling strides larger than the window.
    let spec = images(
        7,
        5,
        2,
        vec![
            conv2d(3, 2, 1, Padding::Same, Activation::Relu),
            LayerSpec::MaxPool2D { pool_size: [2, 2], strides: Some([3, 3]), padding: Padding::Same },
            LayerSpec::AveragePool2D { pool_size: [2, 2], strides: None, padding: Padding::Same },
            LayerSpec::Flatten,
            OUT(),
        ],
        LossSpec::BinaryCrossEntropy,
    );
    check_layer(spec, 0, 2 * 2 * 2 * 3 + 3, |p| p.conv2ds[0].num_params());
}

#[test]
fn batch_norm_uses_running_statistics_at_inference() {
    let bn = LayerSpec::BatchNormalization { epsilon: 1e-3, momentum: 0.5 };
    let spec = features(3, vec![bn, OUT()], LossSpec::BinaryCrossEntropy);
    let device = Device::flex().autodiff();
    let net = Network::new(&spec, &device).expect("builds");
    let x = Tensor::<2>::from_data(TensorData::new(vec![1.0f32, 2.0, 3.0, 5.0, 6.0, 9.0], [2, 3]), &device);
    // Training: batch statistics, each feature normalised to mean 0 over the batch.
    let trained = to_vec(net.forward_trace(Input::Features(x))[0].clone());
    assert!((trained[0] + trained[3]).abs() < 1e-4);
    // Running mean after one step with Keras momentum 0.5: 0.5·0 + 0.5·batch mean = [1.5, 2, 3].
    let running: Vec<f32> =
        net.params.batch_norms[0].running_mean.value_sync().into_data().convert::<f32>().try_to_vec().expect("f32");
    assert_eq!(running, [1.5, 2.0, 3.0]);
    // Inference: (x - running_mean) / sqrt(running_var + ε) with γ = 1, β = 0.
    let valid = net.with_params(net.params.valid());
    let plain = Tensor::<2>::from_data(TensorData::new(vec![1.5f32, 2.0, 3.0], [1, 3]), &Device::flex());
    let inferred = to_vec(valid.forward_trace(Input::Features(plain))[0].clone());
    assert!(inferred.iter().all(|v| v.abs() < 1e-5), "{inferred:?}");
}
