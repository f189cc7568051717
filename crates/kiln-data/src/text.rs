//! Text preparation: Keras-style tokenizer, a frequency-ranked vocabulary, the checks on the
//! text settings and the encoding of split documents to padded id rows (vocabulary from the
//! training split only), shared by sentence sets, text tables and text folders.

use kiln_i18n::Msg;
use std::collections::HashMap;

use kiln_core::TextPrepConfig;

use crate::error::DataError;

/// Id of the padding token (Keras convention): never a word, masked out of pooling.
pub const PAD: u32 = 0;
/// Id of every word not in the vocabulary ("out of vocabulary").
pub const OOV: u32 = 1;

/// Splits text into lower-case word tokens, like Keras' `Tokenizer` defaults.
///
/// Steps: HTML line breaks such as `<br />` (common in scraped reviews) become spaces; text is
/// lower-cased (Unicode-aware); every character that is not alphanumeric or an apostrophe inside
/// a word separates tokens (Keras' default `filters` remove the same punctuation). Leading and
/// trailing apostrophes are trimmed, so `'great'` gives `great` but `don't` stays whole.
///
/// Scripts written without spaces (Chinese, Japanese kana) give one token per character, since
/// there is no word boundary to find without a dictionary. Emoji (pictographs such as 😀 👍 ❤)
/// are kept, one token each, because they carry sentiment; their skin-tone, joiner and
/// variation-selector parts are dropped.
pub fn tokenize(text: &str) -> Vec<String> {
    let cleaned = strip_html_breaks(text).to_lowercase();
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        let t = word.trim_matches('\'');
        if !t.is_empty() {
            out.push(t.to_owned());
        }
        word.clear();
    };
    for c in cleaned.chars() {
        if is_unspaced_script(c) || is_emoji(c) {
            flush(&mut word, &mut out);
            out.push(c.to_string());
        } else if c.is_alphanumeric() || c == '\'' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Han ideographs, Hiragana and Katakana: written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F  // CJK Extensions B–G
    )
}

/// Emoji and pictographs (not their modifiers, joiners or variation selectors).
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F300..=0x1F3FA    // Misc Symbols and Pictographs (before skin tones)
        | 0x1F400..=0x1F64F  // … and Emoticons
        | 0x1F680..=0x1F6FF  // Transport and Map
        | 0x1F900..=0x1FAFF  // Supplemental Symbols and Pictographs, Extended-A
        | 0x2600..=0x27BF    // Misc Symbols, Dingbats (☀ ❤ ✨)
    )
}

/// Replaces `<br>`, `<br/>` and `<br />` (any case) with a space.
fn strip_html_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let end = tail.find('>').map(|e| e + 1);
        match end {
            Some(e) if tail[1..e - 1].trim().trim_end_matches('/').trim().eq_ignore_ascii_case("br") => {
                out.push(' ');
                rest = &tail[e..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Word → id mapping built from the training split only (so validation and test words the model
/// never saw are out-of-vocabulary, as they would be for a new sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    size: usize,
}

impl Vocabulary {
    /// Builds a vocabulary of at most `size` ids (including [`PAD`] and [`OOV`]): the
    /// `size − 2` most frequent tokens of `docs`, ties broken alphabetically so the result does
    /// not depend on hash order. `size` below 2 is treated as 2 (every word out-of-vocabulary).
    pub fn build<'a>(docs: impl IntoIterator<Item = &'a [String]>, size: usize) -> Self {
        let size = size.max(2);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for doc in docs {
            for token in doc {
                *counts.entry(token.as_str()).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        ranked.truncate(size - 2);
        let words: Vec<String> = ranked.into_iter().map(|(w, _)| w.to_owned()).collect();
        let ids = words.iter().enumerate().map(|(i, w)| (w.clone(), i as u32 + 2)).collect();
        Vocabulary { ids, words, size }
    }

    /// Rebuilds a vocabulary from its words in id order (word `i` has id `i + 2`, as
    /// [`Vocabulary::words`] gives them) and its [`Vocabulary::capacity`]: a saved model's. Words
    /// beyond `size − 2` are dropped; a repeated word keeps its first id (callers validating a
    /// file should refuse repeats first, see `preprocess`).
    pub fn from_words(words: Vec<String>, size: usize) -> Self {
        let size = size.max(2);
        let mut words = words;
        words.truncate(size - 2);
        let mut ids = HashMap::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            ids.entry(w.clone()).or_insert(i as u32 + 2);
        }
        Vocabulary { ids, words, size }
    }

    /// The words in id order: `words()[i]` has id `i + 2` (ids 0 and 1 are padding and
    /// out-of-vocabulary). Saved in model files.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Ids in use: words + 2 (never more than the requested size).
    pub fn len(&self) -> usize {
        self.words.len() + 2
    }

    /// Always false: padding and out-of-vocabulary ids always exist.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The size that was asked for; every id is below it, so it is the Embedding's `input_dim`.
    pub fn capacity(&self) -> usize {
        self.size
    }

    /// The id of one token ([`OOV`] when unknown).
    pub fn id(&self, token: &str) -> u32 {
        self.ids.get(token).copied().unwrap_or(OOV)
    }

    /// The word behind an id, if it is a word id.
    pub fn word(&self, id: u32) -> Option<&str> {
        (id as usize).checked_sub(2).and_then(|i| self.words.get(i)).map(String::as_str)
    }

    /// Encodes tokens to exactly `seq_len` ids: the first `seq_len` tokens are kept (post
    /// truncation) and the rest is filled with [`PAD`] (post padding).
    pub fn encode(&self, tokens: &[String], seq_len: usize) -> Vec<u32> {
        let mut ids: Vec<u32> = tokens.iter().take(seq_len).map(|t| self.id(t)).collect();
        ids.resize(seq_len, PAD);
        ids
    }
}

/// Checks vocabulary size (3 to 1,000,000) and sequence length (1 to 4096).
///
/// # Errors
/// [`DataError::Invalid`] naming the setting.
pub fn check_text_prep(prep: &TextPrepConfig) -> Result<(), DataError> {
    if prep.seq_len == 0 || prep.seq_len > 4096 {
        return Err(DataError::Invalid(
            Msg::new("error-data-seq-len").arg("min", 1).arg("max", 4096).arg("value", prep.seq_len),
        ));
    }
    if prep.vocab_size < 3 || prep.vocab_size > 1_000_000 {
        return Err(DataError::Invalid(
            Msg::new("error-data-vocab-size").arg("min", 3).arg("max", 1_000_000).arg("value", prep.vocab_size),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(tokenize(input), expected, "tokenize({input:?})");
    }

    #[test]
    fn tokenizer_matches_hand_checked_values() {
        check("Great product!", &["great", "product"]);
        check("I don't like it.", &["i", "don't", "like", "it"]);
        check("'Quoted' words, and--dashes", &["quoted", "words", "and", "dashes"]);
        check("Line one.<br />Line TWO<BR>three<br/>", &["line", "one", "line", "two", "three"]);
        check("a < b > c", &["a", "b", "c"]);
        check("ÉTÉ café naïve", &["été", "café", "naïve"]);
        check("10/10 would buy", &["10", "10", "would", "buy"]);
        check("", &[]);
        check("!!! ...", &[]);
        check("这部电影太好看了，强烈推荐", &["这", "部", "电", "影", "太", "好", "看", "了", "强", "烈", "推", "荐"]);
        check("映画は最高", &["映", "画", "は", "最", "高"]);
        check("great 😀👍🏽 movie❤️!", &["great", "😀", "👍", "movie", "❤"]);
        check("한국어 문장", &["한국어", "문장"]);
    }

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts.iter().map(|t| tokenize(t)).collect()
    }

    #[test]
    fn vocabulary_ranks_by_frequency_then_alphabet() {
        let d = docs(&["b a a", "c b a", "d"]);
        let v = Vocabulary::build(d.iter().map(Vec::as_slice), 10);
        // a:3, b:2, c:1, d:1 → ids 2, 3, 4, 5.
        assert_eq!([v.id("a"), v.id("b"), v.id("c"), v.id("d")], [2, 3, 4, 5]);
        assert_eq!(v.id("zebra"), OOV);
        assert_eq!(v.len(), 6);
        assert_eq!(v.word(2), Some("a"));
        assert_eq!(v.word(1), None);
    }

    #[test]
    fn vocabulary_is_capped_at_size_including_pad_and_oov() {
        let d = docs(&["b a a", "c b a", "d"]);
        let v = Vocabulary::build(d.iter().map(Vec::as_slice), 4);
        assert_eq!(v.len(), 4);
        assert_eq!([v.id("a"), v.id("b"), v.id("c")], [2, 3, OOV]);
        assert_eq!(v.capacity(), 4);
    }

    #[test]
    fn encode_pads_and_truncates_at_the_end() {
        let d = docs(&["good good bad"]);
        let v = Vocabulary::build(d.iter().map(Vec::as_slice), 10);
        assert_eq!(v.encode(&tokenize("good bad unknown"), 5), [2, 3, OOV, PAD, PAD]);
        assert_eq!(v.encode(&tokenize("bad good bad good"), 2), [3, 2]);
        assert_eq!(v.encode(&[], 3), [PAD, PAD, PAD]);
    }
}
