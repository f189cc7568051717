//! Bring your own data: the files a person picked (one table, a `.zip` of class folders, a folder
//! of class folders, or a pair of IDX files) and the choices made in the preview become one
//! [`Source`]. Everything here takes names and bytes; reading files is the caller's business.

use kiln_i18n::Msg;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use kiln_core::format::megabytes;

use crate::error::DataError;
use crate::files::{
    ClassFile, Placement, UploadedFile, is_idx_name, is_image_name, is_text_name, lower_name, placement,
};
use crate::images::{ImageOptions, ZipLimits, load_idx, load_image_folders_with_progress, parse_idx, unzip_folders};
use crate::preview::{ColumnKind, TaskChoice, default_target, scan_table};
use crate::reading::ReadingId;
use crate::source::Source;
use crate::table::{ReadOptions, read_table_with_progress};
use crate::tabular::PrepareOptions;
use crate::textset::read_text_folders;

/// The person's choices for an uploaded data set. Defaults: a column that can be predicted is
/// the target (the reason is in the preview), the suggested task, inferred column kinds, every
/// column used, every guess applied, images 28×28 grey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadOptions {
    /// Column to predict (tables); `None`: the default (the preview says why).
    pub target: Option<String>,
    /// Classification or regression (tables); `None`: the suggestion for the target.
    pub task: Option<TaskChoice>,
    /// Column kind overrides, by column name (tables).
    pub kinds: Vec<(String, ColumnKind)>,
    /// Columns left out of the inputs, by name (tables).
    pub ignore: Vec<String>,
    /// Size and colour images are converted to (image folders).
    pub image: ImageOptions,
    /// Guesses undone (tables): each [`crate::reading::Reading::id`] the person turned off.
    #[serde(default)]
    pub undo: Vec<ReadingId>,
}

impl UploadOptions {
    fn prepare_options(&self, target: &str) -> PrepareOptions {
        PrepareOptions {
            task: self.task,
            kinds: self.kinds.clone(),
            ignore: self.ignore.clone(),
            undo: self.undo.clone(),
            ..PrepareOptions::new(target)
        }
    }
}

/// What a long load is doing, for a progress bar: `done` of `total` units, where the unit is
/// bytes for [`LoadStage::Reading`] and [`LoadStage::Parsing`] and files for
/// [`LoadStage::Decoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoadStage {
    /// Reading the file(s) from disk (bytes).
    Reading,
    /// Reading the rows of a table (bytes of text).
    Parsing,
    /// Decoding images or text files (files).
    Decoding,
    /// Working out column types and preparing a first split (no count).
    Checking,
}

/// A progress callback: `(stage, done, total)`.
pub type Progress<'a> = &'a mut dyn FnMut(LoadStage, u64, u64);

/// How a set of picked files will be read, judged from their names alone (before reading them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadKind {
    /// One table file (CSV / TSV / text).
    Table,
    /// One `.zip` of class folders (images or `.txt` files).
    Zip,
    /// Files from a picked folder: one folder per class inside it.
    Folders,
    /// Two IDX files (MNIST format): images and labels.
    Idx,
}

/// How the picked files will be read: `from_folder` is true for a folder picker (paths start
/// with the picked folder's name).
///
/// # Errors
/// [`DataError::Invalid`] saying what to pick instead: no files, one image alone, several files
/// that are not a folder or an IDX pair.
pub fn upload_kind(paths: &[&str], from_folder: bool) -> Result<UploadKind, DataError> {
    match paths {
        [] => Err(DataError::invalid("error-data-no-file")),
        _ if from_folder => Ok(UploadKind::Folders),
        [one] if lower_name(one).ends_with(".zip") => Ok(UploadKind::Zip),
        [one] if is_image_name(one) => Err(DataError::Invalid(Msg::new("error-data-one-image").arg("file", *one))),
        [_] => Ok(UploadKind::Table),
        [a, b] if is_idx_name(a) && is_idx_name(b) => Ok(UploadKind::Idx),
        many => Err(DataError::Invalid(Msg::new("error-data-many-files").arg("files", many.len()))),
    }
}

/// Largest upload read, bytes (200 MB of 2^20 bytes; a bigger table file gets an offer to read a sample of
/// [`crate::upload::SAMPLE_BYTES`]).
pub const MAX_UPLOAD_BYTES: usize = 200 << 20;
/// Most columns an uploaded table may have (a wider file is almost surely not a table, and
/// would take minutes to infer).
pub const MAX_COLUMNS: usize = 10_000;

/// Bytes read when a person asks for a sample of a file above the limit (50 MiB).
pub const SAMPLE_BYTES: u64 = 50 << 20;

/// The longest prefix of `bytes` that ends with a complete row: up to and including the last
/// line break that is not inside a quoted field (RFC 4180: a line break is inside quotes when an
/// odd number of `"` precede it). Returns all of `bytes` when it has no such line break.
pub fn cut_at_last_row(bytes: &[u8]) -> &[u8] {
    let mut quotes = 0usize;
    let mut last = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quotes += 1,
            b'\n' if quotes.is_multiple_of(2) => last = Some(i),
            _ => {}
        }
    }
    last.map_or(bytes, |i| &bytes[..=i])
}

/// Splits files from a folder picker into [`ClassFile`]s: the class is the folder that holds
/// each file, below the picked folder (whose name starts every path). Files lying directly in the
/// picked folder are counted as loose; hidden files and `__MACOSX` entries are skipped.
fn class_files(files: Vec<UploadedFile>) -> (Vec<ClassFile>, usize) {
    let mut out = Vec::new();
    let mut loose = 0usize;
    for f in files {
        match placement(&f.path, true) {
            Placement::Hidden => {}
            Placement::Loose => loose += 1,
            Placement::InClass { class, name } => out.push(ClassFile::new(class, name, f.bytes)),
        }
    }
    (out, loose)
}

impl Source {
    /// Reads picked files into a data set, following [`upload_kind`]: a table, a `.zip` or a
    /// folder of class folders (images when most files are PNG / JPEG, else `.txt` documents),
    /// or an IDX pair. `progress` is called while parsing a table and while decoding images.
    ///
    /// # Errors
    /// [`DataError`] with what is wrong and what to do: a file over [`MAX_UPLOAD_BYTES`], a table
    /// that does not parse, a zip without folders, a folder without class folders, a class folder
    /// with no images, an image that does not decode is a notice (skipped), a target that is not
    /// a column, UTF-16 text, binary data.
    pub fn upload(
        files: Vec<UploadedFile>,
        from_folder: bool,
        options: &UploadOptions,
        progress: Progress<'_>,
    ) -> Result<Self, DataError> {
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let kind = upload_kind(&paths, from_folder)?;
        let total: usize = files.iter().map(|f| f.bytes.len()).sum();
        if total > MAX_UPLOAD_BYTES {
            return Err(DataError::Invalid(
                Msg::new("error-data-files-too-big")
                    .arg("size", megabytes(total as f64))
                    .arg("max", megabytes(MAX_UPLOAD_BYTES as f64)),
            ));
        }
        match kind {
            UploadKind::Table => {
                let file = files.into_iter().next().ok_or(DataError::NoRows)?;
                Source::upload_table_with(&file.bytes, options, progress)
            }
            UploadKind::Idx => {
                let mut parsed = files.iter().map(|f| parse_idx(&f.bytes).map(|x| (x.dims.len(), f)));
                let (Some(a), Some(b)) = (parsed.next().transpose()?, parsed.next().transpose()?) else {
                    return Err(DataError::NoRows);
                };
                let (images, labels) = if a.0 == 1 { (b.1, a.1) } else { (a.1, b.1) };
                Ok(Source::Images(load_idx(&images.bytes, &labels.bytes)?))
            }
            UploadKind::Zip => {
                let file = files.into_iter().next().ok_or(DataError::NoRows)?;
                let inner = unzip_folders(&file.bytes, &ZipLimits::default())?;
                drop(file);
                Source::class_folders(inner, 0, options, progress)
            }
            UploadKind::Folders => {
                let (inner, loose) = class_files(files);
                if inner.is_empty() {
                    return Err(DataError::invalid("error-data-no-class-folders"));
                }
                Source::class_folders(inner, loose, options, progress)
            }
        }
    }

    /// Images or text documents in one folder per class; `loose` files lay outside any class
    /// folder and were skipped.
    fn class_folders(
        files: Vec<ClassFile>,
        loose: usize,
        options: &UploadOptions,
        progress: Progress<'_>,
    ) -> Result<Self, DataError> {
        let images = files.iter().filter(|f| is_image_name(&f.name)).count();
        let texts = files.iter().filter(|f| is_text_name(&f.name)).count();
        let said = |mut notices: Vec<Msg>| {
            if loose > 0 {
                notices.push(Msg::new("data-notice-loose-files").arg("files", loose));
            }
            notices
        };
        if texts > images {
            let mut set = read_text_folders(&files)?;
            set.notices = said(set.notices);
            return Ok(Source::TextFolders(Arc::new(set)));
        }
        if images == 0 {
            return Err(DataError::invalid("error-data-no-images"));
        }
        let mut set = load_image_folders_with_progress(&files, &options.image, &mut |d, n| {
            progress(LoadStage::Decoding, d, n);
        })?;
        set.notices = said(set.notices);
        Ok(Source::Images(set))
    }

    /// Reads an uploaded table (CSV / TSV / semicolon): the target is the last column unless
    /// `target` names one.
    ///
    /// # Errors
    /// [`DataError`] with the row / column and what to do.
    pub fn upload_table(bytes: &[u8], target: Option<&str>) -> Result<Self, DataError> {
        let options = UploadOptions { target: target.map(str::to_owned), ..UploadOptions::default() };
        Source::upload_table_with(bytes, &options, &mut |_, _, _| {})
    }

    /// Reads one table file with the person's choices (see [`Source::upload_table`]).
    ///
    /// # Errors
    /// As [`Source::upload_table`].
    pub fn upload_table_with(bytes: &[u8], options: &UploadOptions, progress: Progress<'_>) -> Result<Self, DataError> {
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(DataError::Invalid(
                Msg::new("error-data-file-too-big")
                    .arg("size", megabytes(bytes.len() as f64))
                    .arg("max", megabytes(MAX_UPLOAD_BYTES as f64)),
            ));
        }
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let widest = [b',', b';', b'\t', b'|'].map(|d| first_line.iter().filter(|&&b| b == d).count());
        if let Some(&n) = widest.iter().max()
            && n >= MAX_COLUMNS
        {
            return Err(DataError::Invalid(
                Msg::new("error-data-too-many-columns").arg("fields", n + 1).arg("max", MAX_COLUMNS),
            ));
        }
        let read = ReadOptions {
            undo: options.undo.iter().filter(|u| u.when_reading()).cloned().collect(),
            ..ReadOptions::default()
        };
        let table = read_table_with_progress(bytes, &read, &mut |d, n| {
            progress(LoadStage::Parsing, d, n);
        })
        .map_err(|e| match e {
            // The page has no "skip malformed rows" switch: say what to fix instead.
            DataError::Ragged { line, fields, expected, count } => DataError::Invalid(
                Msg::new("error-data-ragged-upload")
                    .arg("line", line)
                    .arg("fields", fields)
                    .arg("expected", expected)
                    .arg("count", count),
            ),
            other => other,
        })?;
        progress(LoadStage::Checking, 0, 0);
        let (target, reason) = match &options.target {
            Some(t) => (t.clone(), None),
            None => {
                let scans = scan_table(&table, &options.undo);
                let (i, why) = default_target(&table, &scans).ok_or(DataError::Empty)?;
                (table.columns[i].name.clone(), Some(why))
            }
        };
        table.column(&target)?;
        let prepare = PrepareOptions { target_reason: reason, ..options.prepare_options(&target) };
        Ok(Source::Table(Arc::new(table), prepare))
    }

    /// The same data with other choices (target, task, column kinds, left-out columns, undone
    /// guesses about values), without reading the files again; `None` when the files must be
    /// read again (another image size, or a guess made while reading undone or applied again).
    /// The result is checked only when summarised ([`Source::summary`]).
    pub fn reconfigure(&self, options: &UploadOptions) -> Option<Self> {
        match self {
            Source::Table(table, old) => {
                let reading = |u: &[ReadingId]| u.iter().filter(|u| u.when_reading()).cloned().collect::<Vec<_>>();
                if reading(&options.undo) != reading(&old.undo) {
                    return None;
                }
                let (target, reason) = match &options.target {
                    Some(t) => (t.clone(), None),
                    None => (old.target.clone(), old.target_reason.clone()),
                };
                let prepare = PrepareOptions { target_reason: reason, ..options.prepare_options(&target) };
                Some(Source::Table(table.clone(), prepare))
            }
            Source::Images(set) if set.options == options.image => Some(self.clone()),
            Source::Images(_) => None,
            Source::TextFolders(_) | Source::Reviews(_) => Some(self.clone()),
        }
    }
}

#[cfg(test)]
mod tests;
