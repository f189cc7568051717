//! Text classification from the user's own files: the "folder per class, one `.txt` per
//! example" loader and its split and encoding (vocabulary on the training split only, see
//! [`crate::tokenizer::encode_texts`]).

use kiln_i18n::Msg;
use std::collections::BTreeMap;

use kiln_core::{SplitConfig, TextPrepConfig};

use crate::error::DataError;
use crate::examples::{Examples, Inputs, Splits, Targets};
use crate::files::{ClassFile, is_text_name};
use crate::raw::RawExamples;
use crate::split::stratified_split;
use crate::table::decode_text;
use crate::tabular::PreparedTable;
use crate::text::check_text_prep;
use crate::tokenizer::encode_texts;

/// Labelled documents read from one folder per class, before splitting.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFolders {
    /// One document per file.
    pub texts: Vec<String>,
    /// Class id per document, same order.
    pub labels: Vec<u32>,
    /// Class names (the folder names, sorted), index = class id.
    pub class_names: Vec<String>,
    /// Sentences about skipped, empty or non-UTF-8 files.
    pub notices: Vec<Msg>,
}

/// Reads text files in one folder per class, one [`ClassFile`] each. Only `.txt`
/// files are read (others are skipped and counted); each file is one example, decoded as UTF-8
/// or else Windows-1252 (said in a notice). Classes are sorted by name.
///
/// # Errors
/// [`DataError::Invalid`] when fewer than 2 classes have text files or a class has no non-empty
/// text file; [`DataError::NoRows`] for no files at all.
pub fn read_text_folders(files: &[ClassFile]) -> Result<TextFolders, DataError> {
    if files.is_empty() {
        return Err(DataError::NoRows);
    }
    let mut by_class: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let (mut skipped, mut latin1, mut empty) = (Vec::new(), Vec::new(), 0usize);
    for file in files {
        let docs = by_class.entry(file.class.as_str()).or_default();
        if !is_text_name(&file.name) {
            skipped.push(file.label());
            continue;
        }
        match decode_text(&file.bytes) {
            Ok((text, encoding, _)) if !text.trim().is_empty() => {
                if encoding != "UTF-8" {
                    latin1.push(file.label());
                }
                docs.push(text.into_owned());
            }
            Ok(_) | Err(DataError::Empty) => empty += 1,
            Err(_) => skipped.push(file.label()),
        }
    }
    if let Some((class, _)) = by_class.iter().find(|(_, d)| d.is_empty()) {
        return Err(DataError::Invalid(Msg::new("error-data-folder-no-texts").arg("class", *class)));
    }
    if by_class.len() < 2 {
        let only = by_class.keys().next().copied().unwrap_or("");
        return Err(DataError::Invalid(
            Msg::new("error-data-one-class-folder").arg("class", only).arg("unit", "texts"),
        ));
    }
    let mut notices = Vec::new();
    let list = |v: &[String]| v.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if !skipped.is_empty() {
        notices.push(Msg::new("data-notice-not-text-files").arg("files", skipped.len()).arg("list", list(&skipped)));
    }
    if empty > 0 {
        notices.push(Msg::new("data-notice-empty-files").arg("files", empty));
    }
    if !latin1.is_empty() {
        notices.push(Msg::new("data-notice-latin1-files").arg("files", latin1.len()).arg("list", list(&latin1)));
    }
    let class_names: Vec<String> = by_class.keys().map(|k| (*k).to_owned()).collect();
    let (texts, labels): (Vec<String>, Vec<u32>) =
        by_class.into_values().enumerate().flat_map(|(c, docs)| docs.into_iter().map(move |d| (d, c as u32))).unzip();
    Ok(TextFolders { texts, labels, class_names, notices })
}

/// Prepares a text classification set from files in one folder per class (see
/// [`read_text_folders`]): split (seeded, stratified), vocabulary from the training split only,
/// ids `[n, prep.seq_len]`. Two classes give [`Targets::Binary`], more [`Targets::Classes`].
///
/// # Errors
/// As [`read_text_folders`], and [`DataError::Invalid`] for bad settings.
pub fn prepare_text_folders(
    files: &[ClassFile],
    prep: &TextPrepConfig,
    split: &SplitConfig,
    seed: u64,
) -> Result<PreparedTable, DataError> {
    prepare_text_set(&read_text_folders(files)?, prep, split, seed)
}

/// Splits and encodes documents read by [`read_text_folders`].
///
/// # Errors
/// [`DataError::Invalid`] for bad settings or an empty training split.
pub fn prepare_text_set(
    set: &TextFolders,
    prep: &TextPrepConfig,
    split: &SplitConfig,
    seed: u64,
) -> Result<PreparedTable, DataError> {
    check_text_prep(prep)?;
    split.validate().map_err(|e| DataError::Invalid(Msg::verbatim(e)))?;
    let TextFolders { texts, labels, class_names, notices } = set;
    let class_names = class_names.clone();
    let notices = notices.clone();
    let s = stratified_split(labels, split, seed);
    if s.train.is_empty() {
        return Err(DataError::Invalid(Msg::new("error-data-train-split-empty").arg("unit", "texts")));
    }
    let parts = [&s.train, &s.validation, &s.test];
    let docs: Vec<Vec<&str>> = parts.iter().map(|p| p.iter().map(|&i| texts[i].as_str()).collect()).collect();
    let (vocab, encoded) = encode_texts(&docs, prep)?;
    let mut examples = encoded.into_iter().zip(parts).map(|(ids, rows)| {
        let labels: Vec<u32> = rows.iter().map(|&i| labels[i]).collect();
        let targets = if class_names.len() == 2 {
            Targets::Binary { labels }
        } else {
            Targets::Classes { labels, classes: class_names.len() }
        };
        Examples { inputs: Inputs::Tokens { ids, seq_len: prep.seq_len }, targets }
    });
    let (Some(train), Some(validation), Some(test)) = (examples.next(), examples.next(), examples.next()) else {
        return Err(DataError::NoRows);
    };
    Ok(PreparedTable {
        splits: Splits { train, validation, test, class_names, test_raw: RawExamples::texts_of(texts, &s.test) },
        features: Vec::new(),
        vocab: Some(("text".into(), vocab)),
        dropped_rows: 0,
        notices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(class: &str, name: &str, text: &[u8]) -> ClassFile {
        ClassFile::new(class, name, text.to_vec())
    }

    #[test]
    fn folders_become_classes() {
        let files = vec![
            file("pos", "1.txt", b"great fun"),
            file("pos", "2.txt", b"loved it"),
            file("neg", "1.txt", b"boring"),
            file("neg", "2.txt", b"caf\xe9 was awful"),
            file("neg", ".DS_Store", b"\0\0"),
        ];
        let all = SplitConfig { train: 1.0, validation: 0.0, test: 0.0 };
        let p = prepare_text_folders(
            &files,
            &TextPrepConfig { vocab_size: 100, seq_len: 4, ..TextPrepConfig::default() },
            &all,
            1,
        )
        .expect("ok");
        assert_eq!(p.splits.class_names, ["neg", "pos"]);
        assert_eq!(p.splits.train.len(), 4);
        let (_, vocab) = p.vocab.as_ref().expect("vocab");
        assert_ne!(vocab.id("café"), crate::text::OOV);
        assert!(p.notices.iter().map(kiln_i18n::english).any(|n| n.contains("Windows-1252")));
        assert!(p.notices.iter().map(kiln_i18n::english).any(|n| n.contains("neg/.DS_Store")));
    }

    #[test]
    fn one_class_or_empty_class_is_an_error() {
        let prep = TextPrepConfig::default();
        let one = vec![file("pos", "1.txt", b"a"), file("pos", "2.txt", b"b")];
        let err = prepare_text_folders(&one, &prep, &SplitConfig::default(), 1).expect_err("one class");
        assert!(err.to_string().contains("only `pos` found"));
        let empty = vec![file("pos", "1.txt", b"a"), file("neg", "x.png", b"\x89PNG")];
        let err = prepare_text_folders(&empty, &prep, &SplitConfig::default(), 1).expect_err("empty class");
        assert!(err.to_string().contains("`neg` has no non-empty .txt files"), "{err}");
    }
}
