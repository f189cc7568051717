//! Chinese word segmentation: the jieba segmenter (`jieba-rs`, MIT) with its dictionary read from
//! bytes, never compiled in.
//!
//! The dictionary is the asset `jieba-dict.txt.gz` ([`DICTIONARY_ASSET`]): the build step
//! (`scripts/fetch-datasets.sh` + `kiln-assets jieba-dict`) takes `src/data/dict.txt` from the
//! `jieba-rs` crate that cargo fetched for this build (so it is the dictionary of the segmenter
//! version in `Cargo.lock`), checks its sha256 ([`DICTIONARY_SHA256`]), drops the part-of-speech
//! column segmentation does not use and gzips it: one `word frequency` pair per line.
//!
//! A process reads the dictionary once: the worker (or the CLI, or a test) fetches the asset and
//! calls [`install_dictionary`]; [`crate::tokenizer::TextTokenizer::for_prep`] then finds it for
//! every text set prepared with [`kiln_core::Tokenizer::Jieba`]. This one process-wide slot keeps
//! the 5 MB dictionary out of every `Source::prepare` call and out of the worker protocol.

use std::io::{BufReader, Read};
use std::sync::{Arc, OnceLock};

use flate2::read::GzDecoder;
use jieba_rs::Jieba;
use serde::{Deserialize, Serialize};

use kiln_i18n::Msg;

use crate::error::DataError;

/// File name of the dictionary asset under `assets/` (gzip, UTF-8 `word frequency` lines).
pub const DICTIONARY_ASSET: &str = "jieba-dict.txt.gz";
/// Where the dictionary comes from.
pub const DICTIONARY_SOURCE: &str = "src/data/dict.txt of the crates.io crate jieba-rs 0.11.0 (jieba's dictionary, \
    from the Python jieba project), part-of-speech column dropped";
/// Licence of the dictionary.
pub const DICTIONARY_LICENCE: &str = "MIT (jieba-rs © messense and contributors; jieba © Sun Junyi)";
/// sha256 of the original `dict.txt` (pinned in `scripts/fetch-datasets.sh`).
pub const DICTIONARY_SHA256: &str = "139519822fe8ab9e10d9d07e68ea0451045380aedaf54ecc51e2a28c6b42a13f";
/// Largest decompressed dictionary read, bytes (the real one is about 4.2 MB).
const MAX_DICTIONARY_BYTES: u64 = 64 << 20;

/// What identifies a dictionary: a model trained with jieba tokens segments new text the same
/// way only with the same dictionary, so a model file stores this and a loader compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictionaryInfo {
    /// Asset file name ([`DICTIONARY_ASSET`]).
    pub asset: String,
    /// Words in the dictionary.
    pub entries: usize,
    /// Sum of the words' frequencies (jieba's `total`), a cheap fingerprint of the contents.
    pub total_frequency: u64,
}

/// The jieba segmenter with a loaded dictionary.
#[derive(Debug)]
pub struct Segmenter {
    jieba: Jieba,
    info: DictionaryInfo,
}

impl Segmenter {
    /// Reads the dictionary asset (gzip of `word frequency [tag]` lines).
    ///
    /// # Errors
    /// [`DataError::Invalid`] when the bytes are not gzip, not UTF-8, larger than 64 MB
    /// decompressed, or a line's frequency is not a whole number.
    pub fn from_gzip(bytes: &[u8]) -> Result<Self, DataError> {
        let mut text = String::new();
        GzDecoder::new(bytes)
            .take(MAX_DICTIONARY_BYTES)
            .read_to_string(&mut text)
            .map_err(|e| invalid(format!("not a gzip-compressed UTF-8 text ({e})")))?;
        Segmenter::from_text(&text)
    }

    /// Reads a dictionary in jieba's text format: one `word frequency [tag]` entry per line,
    /// separated by spaces; blank lines are skipped.
    ///
    /// # Errors
    /// [`DataError::Invalid`] naming the first line whose frequency is missing or not a whole
    /// number, or when there is no entry at all.
    pub fn from_text(text: &str) -> Result<Self, DataError> {
        let (mut entries, mut total) = (0usize, 0u64);
        for (i, line) in text.lines().enumerate() {
            let mut fields = line.split_whitespace();
            let Some(word) = fields.next() else { continue };
            let freq = fields
                .next()
                .and_then(|f| f.parse::<u64>().ok())
                .ok_or_else(|| invalid(format!("line {}: `{word}` needs a whole-number frequency after it", i + 1)))?;
            entries += 1;
            total += freq;
        }
        if entries == 0 {
            return Err(invalid("it has no entries".into()));
        }
        let jieba = Jieba::with_dict(&mut BufReader::new(text.as_bytes())).map_err(|e| invalid(e.to_string()))?;
        Ok(Segmenter {
            jieba,
            info: DictionaryInfo { asset: DICTIONARY_ASSET.into(), entries, total_frequency: total },
        })
    }

    /// What dictionary this is.
    pub fn info(&self) -> &DictionaryInfo {
        &self.info
    }

    /// Cuts Chinese text into words (jieba's default mode: the most probable path through the
    /// dictionary's words, and its HMM for runs of characters the dictionary lacks). Pass text
    /// without spaces or punctuation (one run of Han characters); other characters come back as
    /// jieba cuts them.
    pub fn cut(&self, text: &str) -> Vec<String> {
        self.jieba.cut(text, true).into_iter().map(|t| t.word.to_owned()).collect()
    }
}

fn invalid(why: String) -> DataError {
    DataError::Invalid(Msg::new("error-data-dictionary").arg("asset", DICTIONARY_ASSET).arg("why", why))
}

static INSTALLED: OnceLock<Arc<Segmenter>> = OnceLock::new();

/// Reads the dictionary asset once for this process and keeps it for every later preparation
/// with the jieba tokenizer; a second call returns the dictionary already installed without
/// reading `gzip_bytes`.
///
/// # Errors
/// As [`Segmenter::from_gzip`]; nothing is installed then.
pub fn install_dictionary(gzip_bytes: &[u8]) -> Result<Arc<Segmenter>, DataError> {
    if let Some(s) = INSTALLED.get() {
        return Ok(Arc::clone(s));
    }
    let segmenter = Arc::new(Segmenter::from_gzip(gzip_bytes)?);
    Ok(Arc::clone(INSTALLED.get_or_init(|| segmenter)))
}

/// The dictionary installed by [`install_dictionary`], if any.
pub fn installed_dictionary() -> Option<Arc<Segmenter>> {
    INSTALLED.get().cloned()
}

#[cfg(test)]
#[path = "segment_tests.rs"]
mod tests;
