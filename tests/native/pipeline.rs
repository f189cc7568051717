//! The whole native pipeline on the real review-sentences set: asset → tokenize → split →
//! reference model → Adam / BCE on burn's CPU backend → test metrics.

use kiln_cli::{RunSpec, train_reviews};
use kiln_core::TextPrepConfig;
use kiln_data::reviews::{self, ReviewStats};
use kiln_protocol::Event;
use kiln_tests::asset;

#[test]
fn review_asset_has_the_three_sources_balanced() {
    let rows = reviews::parse_tsv(&asset("review-sentences.tsv")).expect("asset parses");
    let s = ReviewStats::of(&rows);
    // 3 × 1000 sentences minus the duplicates the build step removes.
    assert!((2950..=3000).contains(&s.total), "{} sentences", s.total);
    assert!(s.positive.abs_diff(s.negative) < 30, "balanced: {} / {}", s.positive, s.negative);
    let origins: Vec<&str> = s.by_origin.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(origins, ["amazon", "imdb", "yelp"]);
}

/// Held by every test here that trains (see `same_seed_same_run`).
static SEEDED: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn default_config_reaches_75_percent_test_accuracy() {
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let run = RunSpec::default();
    assert_eq!(run.prep, TextPrepConfig { vocab_size: 10_000, seq_len: 500, ..TextPrepConfig::default() });
    let mut epochs = Vec::new();
    let outcome = train_reviews(&asset("review-sentences.tsv"), &run, |e| {
        if let Event::Epoch(m) = e {
            epochs.push(*m);
        }
    })
    .expect("trains");
    for m in &epochs {
        println!(
            "epoch {} loss {:.4} acc {:.3} val_loss {:.4} val_acc {:.3}",
            m.epoch, m.train_loss, m.train_accuracy, m.val_loss, m.val_accuracy
        );
    }
    println!("test accuracy {:.4}, loss {:.4}", outcome.test.accuracy, outcome.test.loss);
    assert_eq!(epochs.len(), run.config.epochs);
    assert!(epochs.last().map(|m| m.train_loss) < epochs.first().map(|m| m.train_loss), "loss falls");
    assert_eq!(outcome.test.examples, 298);
    assert!(outcome.test.accuracy >= 0.75, "test accuracy {:.3} < 0.75", outcome.test.accuracy);
}

#[test]
fn same_seed_same_run() {
    // burn's CPU device has one random generator per process and initialises weights lazily:
    // another test training at the same time would draw from it between our seed and our init.
    let _only_us = SEEDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut run = RunSpec::default();
    run.config.epochs = 1;
    run.prep.seq_len = 50;
    let first_loss = |run: &RunSpec| {
        let mut loss = None;
        train_reviews(&asset("review-sentences.tsv"), run, |e| {
            if let Event::Epoch(m) = e {
                loss = Some(m.train_loss);
            }
        })
        .expect("trains");
        loss.expect("one epoch")
    };
    let a = first_loss(&run);
    assert_eq!(a, first_loss(&run));
    run.config.seed += 1;
    assert_ne!(a, first_loss(&run));
}
