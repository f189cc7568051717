//! Evaluate in depth on the real data sets, natively: the test report of the reference model on
//! the review sentences (matrix, threshold, errors, word contributions, word map), a drawn "1"
//! on MNIST, and the times of the report (MNIST 10k's test split) and of the word map (a
//! 10,000-word vocabulary). Times are printed, never asserted.

use std::path::PathBuf;
use std::time::Instant;

use kiln_cli::NativeHost;
use kiln_core::curves::mann_whitney_auc;
use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, ModelSpec, SplitConfig, TextPrepConfig, TrainConfig};
use kiln_data::builtin::{MNIST_10K, MOVIE_SNIPPETS, REVIEW_SENTENCES};
use kiln_data::draw::{Polarity, mnist_input};
use kiln_data::source::{Prepared, Source};
use kiln_data::{AssetKind, DatasetInfo, Inputs};
use kiln_ml::explain::explain_text;
use kiln_ml::report::{predict_inputs, test_report};
use kiln_ml::wordmap::{WordMapOptions, contribution_sums, word_map, word_map_from_table};
use kiln_ml::{Device, Trainer};
use kiln_protocol::report::{ExplainMethod, Outcome, ReportMetrics, Shown};
use pollster::block_on;

/// Held by every test here that trains: burn's CPU device has one random generator per process.
static SEEDED: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn bytes(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run scripts/fetch-datasets.sh first", path.display()))
}

fn load(info: &DatasetInfo, prep: &TextPrepConfig, seed: u64) -> Prepared {
    let labels = match info.kind {
        AssetKind::IdxImages { labels } => Some(bytes(labels)),
        _ => None,
    };
    let src = Source::builtin(info.kind, &bytes(info.asset), labels.as_deref()).expect("asset reads");
    src.prepare(prep, &SplitConfig::default(), seed).expect("prepares")
}

fn train(spec: &ModelSpec, config: &TrainConfig, data: &Prepared) -> (Trainer, f64) {
    let mut t = Trainer::from_splits(spec, config, &data.splits, &Device::flex()).expect("builds");
    let outcome = block_on(t.fit(&mut NativeHost::new(|_| {}))).expect("trains");
    (t, outcome.test.accuracy)
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[test]
fn review_set_report_contributions_and_word_map() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let prep = TextPrepConfig::default();
    let config = TrainConfig::default();
    let data = load(&REVIEW_SENTENCES, &prep, config.seed);
    let spec = ModelSpec::reference_sentiment(prep.vocab_size, prep.seq_len);
    let (trainer, accuracy) = train(&spec, &config, &data);
    let ev = trainer.evaluator();

    let start = Instant::now();
    let report = block_on(test_report(&ev, &data.splits)).expect("report");
    println!(
        "review report: {:.1} ms, {} bytes of JSON",
        ms(start),
        serde_json::to_string(&report).expect("json").len()
    );
    let n = data.splits.test.len();
    let ReportMetrics::Binary { at_default, curve, roc_auc, average_precision } = &report.metrics else {
        panic!("two classes")
    };
    println!(
        "review test: {n} sentences, accuracy {:.4} (fit said {accuracy:.4}), ROC AUC {:.4}, AP {:.4}, macro F1 {:.4}",
        at_default.accuracy,
        roc_auc.expect("both classes"),
        average_precision.expect("positives"),
        at_default.macro_avg.f1
    );
    assert_eq!(at_default.confusion.total(), n as u64, "the matrix sums to the test size");
    assert_eq!((report.examples, report.rows.len()), (n, n));
    assert!((at_default.accuracy - accuracy).abs() <= 1.0 / n as f64, "same accuracy as the training loop's");
    // The threshold slider: 0.9 lowers the positives' recall and changes the matrix.
    let (m5, m9) = (report.metrics_at(0.5).expect("cls"), report.metrics_at(0.9).expect("cls"));
    println!(
        "threshold 0.5: matrix {:?}, positive recall {:.3}; 0.9: matrix {:?}, positive recall {:.3}",
        m5.confusion.counts, m5.per_class[1].recall, m9.confusion.counts, m9.per_class[1].recall
    );
    assert!(m9.per_class[1].recall < m5.per_class[1].recall);
    assert_ne!(m9.confusion, m5.confusion);
    // The curve's area is the Mann–Whitney statistic of the listed probabilities.
    let (truth, p): (Vec<u32>, Vec<f32>) = report
        .rows
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Class { truth, probabilities, .. } => (*truth, probabilities[1]),
            Outcome::Value { .. } => panic!("class"),
        })
        .unzip();
    let mw = mann_whitney_auc(&truth, &p).expect("valid").expect("defined");
    assert!((mw - roc_auc.expect("defined")).abs() < 1e-12);
    assert_eq!(curve.positives + curve.negatives, n as u64);
    // A cell lists its examples; the errors come most confident first, with their words.
    assert_eq!(report.cell(1, 0, 0.5).len() as u64, m5.confusion.count(1, 0));
    let errors = report.most_confidently_wrong(0.5, 5);
    assert!(!errors.is_empty());
    for r in &errors {
        let (Outcome::Class { truth, probabilities, .. }, Shown::Text { text, words }) = (&r.outcome, &r.shown) else {
            panic!("text rows")
        };
        assert!(!words.is_empty());
        println!("wrong: truth {truth}, p(positive) {:.3}: {text}", probabilities[1]);
    }

    // Why: typed sentences, with the method the reference model gets (exact integrated gradients).
    let prepared = data.text.as_ref().expect("a text set has its vocabulary");
    let (vocab, tokenizer) = (&prepared.vocab, &prepared.tokenizer);
    let names = &data.splits.class_names;
    for (text, word, sign) in [("the food was terrible", "terrible", -1.0), ("what a wonderful film", "wonderful", 1.0)]
    {
        let start = Instant::now();
        let x = block_on(explain_text(&ev, &spec, vocab, tokenizer, names, text, None, None)).expect("explains");
        let took = ms(start);
        assert_eq!(x.method, ExplainMethod::IntegratedGradients);
        let shown: Vec<String> = x.words.iter().map(|w| format!("{} {:+.3}", w.text, w.contribution)).collect();
        println!(
            "{text:?}: p(positive) {:.3}, score {:+.3} = empty {:+.3} + Σ {:+.3} [{}] ({took:.1} ms)",
            x.probability.expect("binary"),
            x.score,
            x.empty_score,
            x.total,
            shown.join(", ")
        );
        assert!((x.total - (x.score - x.empty_score)).abs() < 1e-6, "contributions sum to score − empty");
        let w = x.words.iter().find(|w| w.text == word).expect("the word");
        assert!(w.in_vocabulary(), "{word} is in the vocabulary");
        assert!(w.contribution * sign > 0.0, "{word}: {}", w.contribution);
        let o = block_on(explain_text(&ev, &spec, vocab, tokenizer, names, text, Some(ExplainMethod::Occlusion), None))
            .expect("explains");
        let ow = o.words.iter().find(|w| w.text == word).expect("the word");
        println!("  occlusion: {word} {:+.3} (Σ {:+.3})", ow.contribution, o.total);
    }
    let x =
        block_on(explain_text(&ev, &spec, vocab, tokenizer, names, "zyxwvut was great", None, None)).expect("explains");
    assert_eq!(x.words[0].id, Some(1), "an unknown word is marked");

    // The word map, after training (the page recomputes it after each epoch).
    let start = Instant::now();
    let map =
        block_on(word_map(&ev, &spec, vocab, &data.splits.train.inputs, &WordMapOptions::default())).expect("map");
    println!(
        "word map: {} words, {:.1} ms, PCA explains {:.1} % + {:.1} % of the variance",
        map.words.len(),
        ms(start),
        map.explained_variance[0] * 100.0,
        map.explained_variance[1] * 100.0
    );
    assert!(map.words.len() >= 200);
    for word in ["great", "bad", "good", "not"] {
        let Some(w) = map.words.iter().find(|w| w.word == word) else { continue };
        let near: Vec<String> = w.neighbours.iter().map(|n| format!("{} {:.2}", n.word, n.similarity)).collect();
        println!(
            "  {word}: ({:+.3}, {:+.3}), mean contribution {:+.3} over {}, nearest {}",
            w.x,
            w.y,
            w.mean_contribution.unwrap_or(f32::NAN),
            w.occurrences,
            near.join(", ")
        );
    }
    let mean = |word: &str| map.words.iter().find(|w| w.word == word).and_then(|w| w.mean_contribution);
    assert!(mean("great").expect("great occurs") > 0.0 && mean("bad").expect("bad occurs") < 0.0);
}

#[test]
fn mnist_report_time_and_a_drawn_one() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = load(&MNIST_10K, &TextPrepConfig::default(), 42);
    let mlp = ModelSpec {
        input: InputSpec::Images { height: 28, width: 28, channels: 1 },
        layers: vec![
            LayerSpec::Flatten,
            LayerSpec::Dense { units: 64, activation: Activation::Relu },
            LayerSpec::Dense { units: 10, activation: Activation::Softmax },
        ],
        loss: LossSpec::CategoricalCrossEntropy,
    };
    let config = TrainConfig { epochs: 3, ..TrainConfig::default() };
    let (trainer, accuracy) = train(&mlp, &config, &data);
    let ev = trainer.evaluator();
    for (name, evaluator) in [
        ("trained MLP", ev),
        ("small CNN (untrained)", {
            let t = Trainer::from_splits(&kiln_core::presets::small_cnn().spec, &config, &data.splits, &Device::flex())
                .expect("builds");
            t.evaluator()
        }),
    ] {
        let start = Instant::now();
        let report = block_on(test_report(&evaluator, &data.splits)).expect("report");
        let took = ms(start);
        let json = serde_json::to_string(&report).expect("json");
        println!(
            "MNIST test report ({name}): {} examples, {} rows listed, {took:.1} ms, {:.2} MB of JSON",
            report.examples,
            report.rows.len(),
            json.len() as f64 / 1e6
        );
        assert_eq!(report.metrics_at(0.5).expect("classes").confusion.total(), data.splits.test.len() as u64);
        assert!(matches!(report.rows[0].shown, Shown::Image { height: 28, width: 28, channels: 1, .. }));
    }
    println!("MNIST MLP test accuracy after 3 epochs: {accuracy:.4}");
    // A "1": a slightly slanted stroke on a 280 × 280 white canvas, black ink.
    let mut canvas = vec![255u8; 280 * 280];
    for y in 40..240 {
        let x0 = 150 - (y - 40) / 20;
        for x in x0..x0 + 18 {
            canvas[y * 280 + x] = 0;
        }
    }
    let pixels = mnist_input(&canvas, 280, 280, 1, Polarity::Auto).expect("ink");
    let inputs = Inputs::Images { pixels, height: 28, width: 28, channels: 1 };
    let (p, k) = block_on(predict_inputs(&trainer.evaluator(), &inputs)).expect("predicts");
    assert_eq!(k, 10);
    let best = kiln_core::metrics::argmax(&p);
    println!("drawn 1: predicted {best} with p {:.3}", p[best as usize]);
    assert_eq!(best, 1);
}

#[test]
fn word_map_for_a_10000_word_vocabulary() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let prep = TextPrepConfig { vocab_size: 10_000, seq_len: 60, ..TextPrepConfig::default() };
    let data = load(&MOVIE_SNIPPETS, &prep, 42);
    let vocab = &data.text.as_ref().expect("vocabulary").vocab;
    assert_eq!(vocab.len(), 10_000, "the snippets have more than 10,000 distinct training words");
    let spec = ModelSpec::reference_sentiment(prep.vocab_size, prep.seq_len);
    let config = TrainConfig { epochs: 2, ..TrainConfig::default() };
    let (trainer, accuracy) = train(&spec, &config, &data);
    let ev = trainer.evaluator();
    let options = WordMapOptions::default();
    let start = Instant::now();
    let table = block_on(kiln_ml::wordmap::embedding_table(&ev)).expect("table");
    let read = ms(start);
    let start = Instant::now();
    let sums =
        block_on(contribution_sums(&ev, &spec, &data.splits.train.inputs, &table.0, table.1, &options)).expect("sums");
    let contrib = ms(start);
    let start = Instant::now();
    let map = word_map_from_table(&table.0, table.1, vocab, &sums, &options);
    let pca = ms(start);
    println!(
        "word map, vocabulary {} (test accuracy {accuracy:.3} after 2 epochs): table read {read:.1} ms, contributions over {} sentences {contrib:.1} ms, PCA + neighbours among {} words {pca:.1} ms",
        vocab.len(),
        data.splits.train.len().min(options.max_sentences),
        map.searched
    );
    assert_eq!(map.words.len(), 300);
    assert_eq!(map.searched, 9_998);
    if let Some(w) = map.words.iter().find(|w| w.word == "good") {
        let near: Vec<&str> = w.neighbours.iter().map(|n| n.word.as_str()).collect();
        println!("  good: mean contribution {:?}, nearest {near:?}", w.mean_contribution);
    }
}
