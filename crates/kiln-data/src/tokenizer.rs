//! The text tokenizer a run uses, chosen by [`TextPrepConfig::tokenizer`]: Keras-style words
//! ([`crate::text::tokenize`], Chinese one token per character) or the same with each run of
//! Chinese characters cut into words by jieba ([`crate::segment`]). Every text path — the
//! built-in sentence sets, CSV text columns, text folders and "Try it" — tokenizes through one
//! [`TextTokenizer`], so the choice applies everywhere.

use std::sync::Arc;

use kiln_core::{TextPrepConfig, Tokenizer};
use serde::{Deserialize, Serialize};

use kiln_i18n::Msg;

use crate::error::DataError;
use crate::segment::{DICTIONARY_ASSET, DictionaryInfo, Segmenter, installed_dictionary};
use crate::text::{Vocabulary, tokenize};

/// A tokenizer ready to use: the choice, and the segmenter when the choice needs one.
#[derive(Debug, Clone)]
pub struct TextTokenizer {
    kind: Tokenizer,
    segmenter: Option<Arc<Segmenter>>,
}

/// What a trained model must record to tokenize new text as in training (serialisable; the
/// model file's preprocessing section holds it beside the vocabulary and sequence length).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenizerState {
    /// Which tokenizer.
    pub tokenizer: Tokenizer,
    /// For [`Tokenizer::Jieba`]: the dictionary it segmented with (load the same asset to use
    /// the model); `None` for [`Tokenizer::Keras`].
    pub dictionary: Option<DictionaryInfo>,
}

impl TextTokenizer {
    /// Keras-style tokens (no dictionary).
    pub fn keras() -> Self {
        TextTokenizer { kind: Tokenizer::Keras, segmenter: None }
    }

    /// jieba word segmentation with this segmenter.
    pub fn jieba(segmenter: Arc<Segmenter>) -> Self {
        TextTokenizer { kind: Tokenizer::Jieba, segmenter: Some(segmenter) }
    }

    /// The tokenizer `prep` asks for, with the dictionary installed by
    /// [`crate::segment::install_dictionary`] when it needs one.
    ///
    /// # Errors
    /// [`DataError::Invalid`] when `prep` asks for jieba and no dictionary is installed.
    pub fn for_prep(prep: &TextPrepConfig) -> Result<Self, DataError> {
        match prep.tokenizer {
            Tokenizer::Keras => Ok(TextTokenizer::keras()),
            Tokenizer::Jieba => installed_dictionary().map(TextTokenizer::jieba).ok_or_else(|| {
                DataError::Invalid(Msg::new("error-data-dictionary-missing").arg("asset", DICTIONARY_ASSET))
            }),
        }
    }

    /// Which tokenizer this is.
    pub fn kind(&self) -> Tokenizer {
        self.kind
    }

    /// What a model file records about this tokenizer.
    pub fn state(&self) -> TokenizerState {
        TokenizerState { tokenizer: self.kind, dictionary: self.segmenter.as_ref().map(|s| s.info().clone()) }
    }

    /// Cuts `text` into tokens. Outside Chinese (Han) characters both tokenizers give exactly
    /// [`crate::text::tokenize`]'s tokens; a run of Han characters gives one token per character
    /// (Keras) or jieba's words (Jieba), in text order.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        match &self.segmenter {
            None => tokenize(text),
            Some(segmenter) => {
                let mut out = Vec::new();
                for (run, han) in han_runs(text) {
                    if han {
                        out.extend(segmenter.cut(run));
                    } else {
                        out.extend(tokenize(run));
                    }
                }
                out
            }
        }
    }
}

/// Tokenizes the documents of each split (`docs[0]` is the training split) with the tokenizer
/// `prep` chooses, builds the vocabulary from the training split only and encodes every split to
/// row-major `[n, prep.seq_len]` ids.
///
/// # Errors
/// [`DataError::Invalid`] when `prep` asks for jieba before its dictionary is installed.
pub fn encode_texts(docs: &[Vec<&str>], prep: &TextPrepConfig) -> Result<(Vocabulary, Vec<Vec<u32>>), DataError> {
    let tokenizer = TextTokenizer::for_prep(prep)?;
    let tokens: Vec<Vec<Vec<String>>> =
        docs.iter().map(|d| d.iter().map(|t| tokenizer.tokenize(t)).collect()).collect();
    let train = tokens.first().map(Vec::as_slice).unwrap_or_default();
    let vocab = Vocabulary::build(train.iter().map(Vec::as_slice), prep.vocab_size);
    let encoded = tokens
        .iter()
        .map(|split| split.iter().flat_map(|t| vocab.encode(t, prep.seq_len)).collect::<Vec<u32>>())
        .collect();
    Ok((vocab, encoded))
}

/// Splits text into maximal runs of Han characters and of everything else, in order, each with
/// whether it is Han.
fn han_runs(text: &str) -> Vec<(&str, bool)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (i, c) in text.char_indices() {
        let han = is_han(c);
        if current != Some(han) {
            if let Some(h) = current {
                runs.push((&text[start..i], h));
            }
            start = i;
            current = Some(han);
        }
    }
    if let Some(h) = current {
        runs.push((&text[start..], h));
    }
    runs
}

/// CJK ideographs (Unified, Extension A, Compatibility, Extensions B–G): the characters jieba
/// segments. Kana and punctuation are not.
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_at_han_boundaries() {
        assert_eq!(
            han_runs("iPhone手机，很好!"),
            [("iPhone", false), ("手机", true), ("，", false), ("很好", true), ("!", false)]
        );
        assert!(han_runs("").is_empty());
        assert_eq!(han_runs("好"), [("好", true)]);
    }

    #[test]
    fn keras_is_the_plain_tokenizer() {
        let t = TextTokenizer::keras();
        assert_eq!(t.tokenize("Great 手机!"), tokenize("Great 手机!"));
        assert_eq!(t.state(), TokenizerState { tokenizer: Tokenizer::Keras, dictionary: None });
    }

    #[test]
    fn chinese_typed_into_an_english_model_is_out_of_vocabulary() {
        // What "Try it" marks "not in the vocabulary": an English vocabulary gives every Han
        // character (and any unknown word) the unknown id, never padding, never a known id.
        let t = TextTokenizer::keras();
        let train: Vec<Vec<String>> = ["a great phone", "the food was bad"].iter().map(|s| t.tokenize(s)).collect();
        let vocab = crate::text::Vocabulary::build(train.iter().map(Vec::as_slice), 100);
        let tokens = t.tokenize("great 手机 zzzq");
        assert_eq!(tokens, ["great", "手", "机", "zzzq"]);
        let ids = vocab.encode(&tokens, 6);
        assert!(ids[0] >= 2, "a known word has its own id");
        assert_eq!(ids[1..4], [crate::text::OOV; 3]);
        assert_eq!(ids[4..], [0, 0], "padding after the text");
    }

    #[test]
    fn jieba_without_a_dictionary_is_a_message() {
        // Nothing in this crate's unit tests installs the dictionary (the asset tests build
        // their own `Segmenter`), so the slot is empty here.
        if installed_dictionary().is_none() {
            let prep = TextPrepConfig { tokenizer: Tokenizer::Jieba, ..TextPrepConfig::default() };
            let err = TextTokenizer::for_prep(&prep).expect_err("no dictionary");
            assert!(err.to_string().contains("jieba-dict.txt.gz"), "{err}");
        }
        assert_eq!(TextTokenizer::for_prep(&TextPrepConfig::default()).map(|t| t.kind()).ok(), Some(Tokenizer::Keras));
    }
}
