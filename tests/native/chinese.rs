//! The Chinese review set end to end: asset → jieba words or character tokens → vocabulary from
//! the training split → the seed's model at its real scale (Embedding(10000, 16) →
//! GlobalAveragePooling1D → Dense(16, relu) → Dense(1, sigmoid), Adam, batch 32) on burn's CPU
//! backend.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use kiln_cli::{RunSpec, train_reviews};
use kiln_core::{SplitConfig, TextPrepConfig, Tokenizer, TrainConfig};
use kiln_data::chinese_reviews::CHINESE_REVIEWS_PREP;
use kiln_data::reviews::parse_tsv;
use kiln_data::segment::DICTIONARY_ASSET;
use kiln_data::split::stratified_split;
use kiln_data::text::{OOV, PAD};
use kiln_data::{
    CHINESE_REVIEWS, ClassFile, Review, Segmenter, Source, TextTokenizer, TokenLengths, install_dictionary,
    prepare_text, prepare_text_folders,
};
use kiln_protocol::Event;
use kiln_tests::{asset, asset_bytes};

/// The dictionary, installed for this test process (every test here may need it).
fn dictionary() -> Arc<Segmenter> {
    install_dictionary(&asset_bytes(DICTIONARY_ASSET)).expect("the dictionary asset reads")
}

fn reviews() -> Vec<Review> {
    parse_tsv(&asset(CHINESE_REVIEWS.asset)).expect("the asset parses")
}

/// Held by every test here that trains: burn's CPU device has one random generator per process.
static TRAINING: Mutex<()> = Mutex::new(());

#[test]
fn length_distribution_gives_the_default_sequence_length() {
    let rows = reviews();
    // Lengths of the training split only: the setting is chosen before the test set is seen.
    let labels: Vec<u32> = rows.iter().map(|r| r.label).collect();
    let train = stratified_split(&labels, &SplitConfig::default(), TrainConfig::default().seed).train;
    let texts = || train.iter().map(|&i| rows[i].text.as_str());
    let keras = TokenLengths::of(texts(), &TextTokenizer::keras());
    let jieba = TokenLengths::of(texts(), &TextTokenizer::jieba(dictionary()));
    for l in [&keras, &jieba] {
        println!(
            "{:?}: {} reviews, mean {:.1} tokens, max {}, percentiles {:?}, suggested {}",
            l.tokenizer,
            l.documents,
            l.mean,
            l.max,
            l.percentiles,
            l.suggested_seq_len()
        );
        println!("  histogram {:?}\n  truncated at 16…500: {:?}", l.histogram, l.truncated);
        assert_eq!(l.documents, train.len());
    }
    assert!(jieba.mean < keras.mean, "words are fewer than characters");
    let chosen = if CHINESE_REVIEWS_PREP.tokenizer == Tokenizer::Jieba { &jieba } else { &keras };
    assert_eq!(CHINESE_REVIEWS_PREP.seq_len, chosen.suggested_seq_len());
}

#[test]
fn chinese_vocabulary_and_encoding() {
    let _dictionary = dictionary();
    let rows = reviews();
    let split = SplitConfig::default();
    let p = prepare_text(&rows, &CHINESE_REVIEWS_PREP, &split, 42).expect("prepares");
    assert_eq!((p.vocab.len(), p.vocab.capacity()), (10_000, 10_000));
    let top: Vec<&str> = (2..22).filter_map(|id| p.vocab.word(id)).collect();
    println!("most frequent training words: {top:?}");
    // Hand-checked: the commonest words of Chinese reviews.
    assert_eq!(&top[..3], ["的", "了", "是"]);
    let words = ["质量", "很", "好", "非常", "满意"];
    let ids = p.encode("质量很好，非常满意");
    let expected: Vec<u32> = words.iter().map(|w| p.vocab.id(w)).collect();
    assert!(expected.iter().all(|&id| id > OOV), "{expected:?}");
    assert_eq!(ids[..5], expected[..]);
    assert!(ids[5..].iter().all(|&id| id == PAD) && ids.len() == CHINESE_REVIEWS_PREP.seq_len);
    // Vocabulary from the training split only: a word seen only in test reviews is unknown.
    let labels: Vec<u32> = rows.iter().map(|r| r.label).collect();
    let s = stratified_split(&labels, &split, 42);
    let tokenizer = &p.tokenizer;
    let train_words: HashSet<String> = s.train.iter().flat_map(|&i| tokenizer.tokenize(&rows[i].text)).collect();
    let unseen = s
        .test
        .iter()
        .flat_map(|&i| tokenizer.tokenize(&rows[i].text))
        .find(|w| !train_words.contains(w))
        .expect("some test word is not in the training split");
    assert_eq!(p.vocab.id(&unseen), OOV, "{unseen}");
    // Character tokens: one id per character.
    let chars = TextPrepConfig { tokenizer: Tokenizer::Keras, ..CHINESE_REVIEWS_PREP };
    let c = prepare_text(&rows, &chars, &split, 42).expect("prepares");
    let expected: Vec<u32> = ["质", "量", "很", "好"].iter().map(|w| c.vocab.id(w)).collect();
    assert!(expected.iter().all(|&id| id > OOV));
    assert_eq!(c.encode("质量很好!")[..5], [expected[0], expected[1], expected[2], expected[3], PAD]);
    assert_eq!(p.tokenizer.state().tokenizer, Tokenizer::Jieba);
    assert_eq!(c.tokenizer.state().dictionary, None);
}

#[test]
fn uploaded_chinese_text_uses_the_same_tokenizer() {
    let _dictionary = dictionary();
    let jieba = TextPrepConfig { vocab_size: 100, seq_len: 8, tokenizer: Tokenizer::Jieba };
    let chars = TextPrepConfig { tokenizer: Tokenizer::Keras, ..jieba };
    let all = SplitConfig { train: 1.0, validation: 0.0, test: 0.0 };
    let good = ["质量很好，非常满意", "物流很快，质量很好", "非常满意，包装也不错"];
    let bad = ["太差了，完全是浪费钱", "质量太差了", "完全是浪费钱，不满意"];
    // A CSV text column.
    let mut csv = String::from("评论,标签\n");
    for t in good {
        csv += &format!("{t},好评\n");
    }
    for t in bad {
        csv += &format!("{t},差评\n");
    }
    let table = Source::upload_table(csv.as_bytes(), None).expect("reads");
    // Text folders, one per class.
    let files: Vec<ClassFile> = good
        .iter()
        .map(|t| ("好评", t))
        .chain(bad.iter().map(|t| ("差评", t)))
        .enumerate()
        .map(|(i, (class, t))| ClassFile::new(class, format!("{i}.txt"), t.as_bytes().to_vec()))
        .collect();
    let folders = prepare_text_folders(&files, &jieba, &all, 1).expect("prepares");
    let (_, vocab) = folders.vocab.as_ref().expect("a vocabulary");
    assert!(vocab.id("质量") > OOV && vocab.id("浪费") > OOV, "jieba words");
    assert_eq!(vocab.id("质"), OOV, "no single characters of those words");
    // The same CSV with each tokenizer: jieba's vocabulary has 质量 and not 质, characters the reverse.
    for (prep, word, other) in [(jieba, "质量", "质"), (chars, "质", "质量")] {
        let p = table.prepare(&prep, &all, 1).expect("prepares");
        let text = p.text.expect("two classes: Try it works");
        assert!(text.vocab.id(word) > OOV && text.vocab.id(other) == OOV, "{:?}", prep.tokenizer);
        assert_eq!(text.encode("质量很好")[0], text.vocab.id(word), "Try it tokenizes as training did");
    }
}

/// Trains the reference model with `prep` and `config`; prints the epochs and the wall time.
fn train(prep: TextPrepConfig, config: TrainConfig) -> (f64, Vec<kiln_protocol::EpochMetrics>) {
    let _only_us = TRAINING.lock().unwrap_or_else(PoisonError::into_inner);
    let _dictionary = dictionary();
    let run = RunSpec { prep, split: SplitConfig::default(), config };
    let start = Instant::now();
    let mut epochs = Vec::new();
    let outcome = train_reviews(&asset(CHINESE_REVIEWS.asset), &run, |e| {
        if let Event::Epoch(m) = e {
            epochs.push(*m);
        }
    })
    .expect("trains");
    for m in &epochs {
        println!(
            "epoch {} loss {:.4} acc {:.4} val_loss {:.4} val_acc {:.4} ({:.0} samples/s)",
            m.epoch, m.train_loss, m.train_accuracy, m.val_loss, m.val_accuracy, m.samples_per_s
        );
    }
    println!(
        "{prep:?}: test accuracy {:.4}, loss {:.4} on {} reviews; {:.1} s",
        outcome.test.accuracy,
        outcome.test.loss,
        outcome.test.examples,
        start.elapsed().as_secs_f64()
    );
    (outcome.test.accuracy, epochs)
}

#[test]
fn one_epoch_learns() {
    let (accuracy, epochs) = train(CHINESE_REVIEWS_PREP, TrainConfig { epochs: 1, ..TrainConfig::default() });
    assert_eq!(epochs.len(), 1);
    assert!(epochs[0].train_loss.is_finite() && epochs[0].train_loss < 0.69, "{:?}", epochs[0]);
    assert!(accuracy > 0.75, "test accuracy {accuracy:.3} after one epoch");
}

/// The seed's model at its real scale with the Chinese set's default settings (the page's
/// too): [`kiln_data::recommended_train`] — the reference's Adam 0.001, batch 32, up to 10 epochs,
/// seed 42, with early stopping on the validation loss (patience 3, best weights restored) — on
/// [`CHINESE_REVIEWS_PREP`] (jieba words, 10,000 ids, 200 tokens). Measured here: validation
/// loss is lowest after epoch 2 (validation accuracy 85.0 %), the run stops after epoch 5 and
/// the restored epoch-2 weights score 85.1 % on the test split (1,477 of 1,736 reviews). Without
/// early stopping the same run over-fits to 81.5 % after 10 epochs (training accuracy 97 %).
/// Other seeds (each its own split) land at 82.4–85.0 % (seeds 1, 2, 3, 5, 7, 8, 11, 13, 21: mean
/// 83.6 %), so 85 % holds for this seed with a margin of about one review: a change to training
/// that moves it is worth a look, not a looser bound. A few seconds natively (`cargo test --release
/// -p kiln-tests --test chinese -- --ignored`).
#[test]
#[ignore = "trains up to 10 epochs on 13,883 reviews (seconds in release mode, minutes in debug): run with --ignored"]
fn reference_model_at_real_scale() {
    let config = kiln_data::recommended_train(CHINESE_REVIEWS.id);
    assert!(config.early_stopping.is_some_and(|e| e.restore_best_weights));
    let (accuracy, epochs) = train(CHINESE_REVIEWS_PREP, config);
    let best = epochs.iter().map(|m| m.val_loss).fold(f64::INFINITY, f64::min);
    let best_epoch = epochs.iter().position(|m| m.val_loss == best).map_or(0, |i| i + 1);
    println!("best validation loss {best:.4} after epoch {best_epoch} of {}", epochs.len());
    assert!(epochs.len() < TrainConfig::default().epochs, "early stopping ended the run");
    assert_eq!(epochs.len(), best_epoch + 3, "patience 3 after the best epoch");
    assert!(accuracy >= 0.85, "test accuracy {accuracy:.4} < 0.85");
}
