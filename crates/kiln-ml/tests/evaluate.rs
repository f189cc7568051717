//! Word contributions sum as their doc comments state, and the report is built consistently
//! (capped lists keep the worst errors). Synthetic models here; the real review set is in
//! `tests/native/evaluate.rs`.

use futures::executor::block_on;
use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec};
use kiln_data::{Examples, Inputs, RawExamples, Splits, Targets, Vocabulary, tokenize};
use kiln_ml::eval::Evaluator;
use kiln_ml::explain::{default_method, explain_text};
use kiln_ml::report::{MAX_ROWS, build_report};
use kiln_ml::{Device, Network};
use kiln_protocol::report::{ExplainMethod, Explanation, Outcome, ReportMetrics, Shown};

const SEQ: usize = 12;

fn vocab() -> Vocabulary {
    let docs: Vec<Vec<String>> = (0..20).map(|i| tokenize(&format!("w{i} ").repeat(20 - i))).collect();
    Vocabulary::build(docs.iter().map(Vec::as_slice), 30)
}

fn names() -> Vec<String> {
    vec!["negative".into(), "positive".into()]
}

/// Embedding → GlobalAveragePooling1D → Dense(1, sigmoid): linear after pooling.
fn linear_spec() -> ModelSpec {
    ModelSpec {
        input: InputSpec::Tokens { seq_len: SEQ, vocab_size: 30 },
        layers: vec![
            LayerSpec::Embedding { input_dim: 30, output_dim: 4 },
            LayerSpec::GlobalAveragePooling1D,
            LayerSpec::Dense { units: 1, activation: Activation::Sigmoid },
        ],
        loss: LossSpec::BinaryCrossEntropy,
    }
}

/// A network with random (seeded) weights — the identities hold for any weights.
fn evaluator(spec: &ModelSpec, seed: u64) -> Evaluator {
    let device = Device::flex();
    device.seed(seed);
    let net = Network::new(spec, &device).expect("builds");
    Evaluator::new(&net, &device)
}

fn explain(e: &Evaluator, spec: &ModelSpec, text: &str, method: ExplainMethod) -> Explanation {
    block_on(explain_text(e, spec, &vocab(), &kiln_data::TextTokenizer::keras(), &names(), text, Some(method), None))
        .expect("explains")
}

#[test]
fn occlusion_contributions_sum_as_stated() {
    let spec = linear_spec();
    let e = evaluator(&spec, 1);
    let text = "w1 w2 w3 w4 w5";
    let x = explain(&e, &spec, text, ExplainMethod::Occlusion);
    assert_eq!(x.method, ExplainMethod::Occlusion);
    // Linear after average pooling: the contributions sum to 0, and word i's is
    // (s(word i alone) − s(text)) / (n − 1).
    assert!(x.total.abs() < 1e-5, "sum {}", x.total);
    for w in &x.words {
        let alone = explain(&e, &spec, &w.text, ExplainMethod::Occlusion).score;
        let expected = (alone - x.score) / 4.0;
        assert!((w.contribution - expected).abs() < 1e-5, "{}: {} vs {expected}", w.text, w.contribution);
    }
    // One word: its contribution is s(text) − s(∅).
    let one = explain(&e, &spec, "w7", ExplainMethod::Occlusion);
    assert!((one.total - (one.score - one.empty_score)).abs() < 1e-6);
    // Any model: Σ contributions = n·s(text) − Σᵢ s(text without word i), each a separate pass.
    let reference = ModelSpec::reference_sentiment(30, SEQ);
    let r = evaluator(&reference, 2);
    let x = explain(&r, &reference, text, ExplainMethod::Occlusion);
    let words: Vec<&str> = text.split(' ').collect();
    let mut without = 0.0;
    for i in 0..words.len() {
        let rest: Vec<&str> = words.iter().enumerate().filter(|&(k, _)| k != i).map(|(_, w)| *w).collect();
        without += explain(&r, &reference, &rest.join(" "), ExplainMethod::Occlusion).score;
    }
    assert!((x.total - (5.0 * x.score - without)).abs() < 1e-5, "{} vs {}", x.total, 5.0 * x.score - without);
    for w in &x.words {
        let p = w.probability_without.expect("occlusion gives the probability without the word");
        assert!((0.0..=1.0).contains(&p));
    }
}

#[test]
fn integrated_gradients_sum_to_score_minus_empty() {
    let spec = ModelSpec::reference_sentiment(30, SEQ);
    assert_eq!(default_method(&spec), ExplainMethod::IntegratedGradients);
    for seed in [3, 4, 5] {
        let e = evaluator(&spec, seed);
        let x = explain(&e, &spec, "w1 w2 w2 w9 zzz w4", ExplainMethod::IntegratedGradients);
        assert!(
            (x.total - (x.score - x.empty_score)).abs() < 1e-9,
            "seed {seed}: {} vs {}",
            x.total,
            x.score - x.empty_score
        );
        // The host's f64 score is the network's own (device f32) prediction.
        let ids = vocab().encode(&tokenize("w1 w2 w2 w9 zzz w4"), SEQ);
        let device_p = block_on(e.predict(&ids)).expect("predicts");
        assert!((x.probability.expect("binary") - device_p).abs() < 1e-5, "{:?} vs {device_p}", x.probability);
        // The same word twice gets the same contribution; the unknown word is marked.
        assert!((x.words[1].contribution - x.words[2].contribution).abs() < 1e-12);
        assert_eq!(x.words[4].id, Some(1));
        assert!(!x.words[4].in_vocabulary() && x.words[0].in_vocabulary());
    }
    // Linear after pooling: integrated gradients are plain gradient × input, word i's share
    // (s(word i alone) − s(∅)) / n.
    let linear = linear_spec();
    let e = evaluator(&linear, 6);
    let x = explain(&e, &linear, "w1 w2 w3", ExplainMethod::IntegratedGradients);
    for w in &x.words {
        let alone = explain(&e, &linear, &w.text, ExplainMethod::IntegratedGradients);
        assert!((w.contribution - (alone.score - alone.empty_score) / 3.0).abs() < 1e-9);
    }
}

#[test]
fn words_past_the_sequence_length_are_not_seen() {
    let spec = ModelSpec::reference_sentiment(30, 3);
    let e = evaluator(&spec, 7);
    let v = vocab();
    for method in [ExplainMethod::IntegratedGradients, ExplainMethod::Occlusion] {
        let x = block_on(explain_text(
            &e,
            &spec,
            &v,
            &kiln_data::TextTokenizer::keras(),
            &names(),
            "w1 w2 w3 w4 w5",
            Some(method),
            None,
        ))
        .expect("explains");
        assert_eq!(x.words.len(), 5);
        assert_eq!((x.words[3].id, x.words[3].contribution), (None, 0.0));
        assert!(x.words[..3].iter().all(|w| w.id.is_some()));
    }
    let empty = block_on(explain_text(&e, &spec, &v, &kiln_data::TextTokenizer::keras(), &names(), "", None, None))
        .expect("explains");
    assert!(empty.words.is_empty() && (empty.score - empty.empty_score).abs() < 1e-9);
    // Integrated gradients are refused where they are not exact; occlusion is the default there.
    let mut tanh = spec.clone();
    tanh.layers[2] = LayerSpec::Dense { units: 16, activation: Activation::Tanh };
    let e = evaluator(&tanh, 8);
    assert_eq!(default_method(&tanh), ExplainMethod::Occlusion);
    assert!(
        block_on(explain_text(
            &e,
            &tanh,
            &v,
            &kiln_data::TextTokenizer::keras(),
            &names(),
            "w1",
            Some(ExplainMethod::IntegratedGradients),
            None
        ))
        .is_err()
    );
}

fn features(n: usize, labels: Vec<u32>) -> Splits {
    let ex = Examples {
        inputs: Inputs::Features { values: (0..n).map(|i| i as f32).collect(), width: 1 },
        targets: Targets::Binary { labels },
    };
    Splits {
        train: ex.clone(),
        validation: ex.clone(),
        test: ex,
        class_names: vec!["a".into(), "b".into()],
        test_raw: RawExamples::None,
    }
}

#[test]
fn a_capped_report_keeps_every_error_and_exact_metrics() {
    let n = MAX_ROWS + 500;
    let labels: Vec<u32> = (0..n).map(|i| (i % 2) as u32).collect();
    // Every 25th example is wrong, more confidently the later it is.
    let p: Vec<f32> = (0..n)
        .map(|i| {
            let right = if i % 2 == 1 { 0.8 } else { 0.2 };
            if i % 25 == 0 {
                1.0 - right + (i as f32 / n as f32) * 0.19 * if i % 2 == 1 { -1.0 } else { 1.0 }
            } else {
                right
            }
        })
        .collect();
    let r = build_report(&features(n, labels), &p, 1).expect("builds");
    assert_eq!((r.examples, r.rows.len(), r.rows_left_out), (n, MAX_ROWS, 500));
    let ReportMetrics::Binary { at_default, .. } = &r.metrics else { panic!("binary") };
    assert_eq!(at_default.confusion.total(), n as u64, "metrics over all examples, not the listed ones");
    let wrong = n.div_ceil(25);
    assert_eq!(r.most_confidently_wrong(0.5, usize::MAX).len(), wrong, "every error is listed");
    let worst = r.most_confidently_wrong(0.5, 1)[0].index;
    assert_eq!(worst, (0..n).rfind(|i| i % 25 == 0).expect("some"), "the most confident error first");
    assert!(r.rows.windows(2).all(|w| w[0].index < w[1].index), "test order");
    assert!(matches!(r.rows[0].shown, Shown::Features { .. }));
    let Outcome::Class { probabilities, .. } = &r.rows[1].outcome else { panic!("class") };
    assert!((probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    // Outputs that do not fit are messages.
    assert!(build_report(&features(4, vec![0, 1, 0, 1]), &[0.5; 3], 1).is_err());
    assert!(build_report(&features(4, vec![0, 1, 0, 1]), &[0.5; 12], 3).is_err());
}

/// A jieba model's words are explained as jieba cuts them (never one character at a time), and
/// the explanation's probability is the model's own prediction for the text, encoded the way
/// "Try it" encodes it.
#[test]
fn explanations_use_the_models_tokenizer() {
    use kiln_data::{Segmenter, TextTokenizer};
    use std::sync::Arc;
    let segmenter =
        Segmenter::from_text("难吃 40\n好吃 60\n这家 30\n餐厅 30\n很 20\n了 10\n太 10\n").expect("a dictionary");
    let jieba = TextTokenizer::jieba(Arc::new(segmenter));
    let docs: Vec<Vec<String>> =
        ["这家餐厅很好吃", "太难吃了", "这家 餐厅 很 难吃"].iter().map(|t| jieba.tokenize(t)).collect();
    let vocab = Vocabulary::build(docs.iter().map(Vec::as_slice), 30);
    let spec = linear_spec();
    let e = evaluator(&spec, 3);
    let text = "这家餐厅很好吃";
    for method in [ExplainMethod::Occlusion, ExplainMethod::IntegratedGradients] {
        let x =
            block_on(explain_text(&e, &spec, &vocab, &jieba, &names(), text, Some(method), None)).expect("explains");
        let words: Vec<&str> = x.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, jieba.tokenize(text), "{method:?}: jieba's words");
        assert!(words.iter().any(|w| w.chars().count() > 1), "words, not characters: {words:?}");
        let p = block_on(e.predict(&vocab.encode(&jieba.tokenize(text), SEQ))).expect("predicts");
        let shown = x.probability.expect("binary");
        assert!((shown - p).abs() < 1e-5, "{method:?}: explained p {shown} vs predicted {p}");
    }
}
