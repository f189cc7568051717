//! Bring your own data: the files a person picked (one table, a `.zip` of class folders, a folder
//! of class folders, or a pair of IDX files) and the choices made in the preview become one
//! [`Source`]. Everything here takes names and bytes; reading files is the caller's business.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::images::{ImageOptions, ZipLimits, load_idx, load_image_folders_with_progress, parse_idx, unzip_folders};
use crate::preview::{ColumnKind, TaskChoice};
use crate::reviews::DataError;
use crate::source::{MAX_COLUMNS, MAX_UPLOAD_BYTES, Source};
use crate::table::{ReadOptions, read_table_with_progress};
use crate::tabular::PrepareOptions;
use crate::textset::read_text_folders;

/// The person's choices for an uploaded data set. Defaults: the last column is the target, the
/// suggested task, inferred column kinds, every column used, images 28×28 grey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadOptions {
    /// Column to predict (tables); `None`: the last column.
    pub target: Option<String>,
    /// Classification or regression (tables); `None`: the suggestion for the target.
    pub task: Option<TaskChoice>,
    /// Column kind overrides, by column name (tables).
    pub kinds: Vec<(String, ColumnKind)>,
    /// Columns left out of the inputs, by name (tables).
    pub ignore: Vec<String>,
    /// Size and colour images are converted to (image folders).
    pub image: ImageOptions,
}

impl UploadOptions {
    fn prepare_options(&self, target: &str) -> PrepareOptions {
        PrepareOptions {
            task: self.task,
            kinds: self.kinds.clone(),
            ignore: self.ignore.clone(),
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

/// One picked file: its path as the browser gives it (`name.csv` for a picked file,
/// `root/class/file.png` for a file in a picked folder) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// Path with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

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

fn lower_ext(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_lowercase()
}

fn is_idx_name(path: &str) -> bool {
    let n = lower_ext(path);
    let n = n.strip_suffix(".gz").unwrap_or(&n);
    n.ends_with(".idx") || n.contains("-ubyte") || n.contains("idx1") || n.contains("idx3")
}

fn is_image_name(path: &str) -> bool {
    let n = lower_ext(path);
    [".png", ".jpg", ".jpeg"].iter().any(|e| n.ends_with(e))
}

/// How the picked files will be read: `from_folder` is true for a folder picker (paths start
/// with the picked folder's name).
///
/// # Errors
/// [`DataError::Invalid`] saying what to pick instead: no files, one image alone, several files
/// that are not a folder or an IDX pair.
pub fn upload_kind(paths: &[&str], from_folder: bool) -> Result<UploadKind, DataError> {
    match paths {
        [] => Err(DataError::Invalid("no file was chosen".into())),
        _ if from_folder => Ok(UploadKind::Folders),
        [one] if lower_ext(one).ends_with(".zip") => Ok(UploadKind::Zip),
        [one] if is_image_name(one) => Err(DataError::Invalid(format!(
            "`{one}` is one image: to train on images, put them in one folder per class (e.g. `cats/`, `dogs/`) \
             and choose the folder that holds those folders, or a .zip of it"
        ))),
        [_] => Ok(UploadKind::Table),
        [a, b] if is_idx_name(a) && is_idx_name(b) => Ok(UploadKind::Idx),
        many => Err(DataError::Invalid(format!(
            "{} files were chosen: choose one table file, one .zip, two IDX files (images and labels), or use \
             \"Choose a folder\" for a folder of class folders",
            many.len()
        ))),
    }
}

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

/// Splits picked files into `(class, file name, bytes)`: the class is the folder that holds each
/// file. From a folder picker the picked folder itself is dropped first, so files lying directly
/// in it (not in a class folder) are skipped; hidden files and `__MACOSX` entries too.
fn class_files(files: Vec<UploadedFile>, from_folder: bool) -> (Vec<(String, String, Vec<u8>)>, usize) {
    let mut out = Vec::new();
    let mut loose = 0usize;
    for f in files {
        let path = f.path.replace('\\', "/");
        let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if from_folder && parts.len() > 1 {
            parts.remove(0);
        }
        if parts.iter().any(|p| p.starts_with('.') || *p == "__MACOSX") {
            continue;
        }
        if parts.len() < 2 {
            loose += 1;
            continue;
        }
        let (class, name) = (parts[parts.len() - 2], parts[parts.len() - 1]);
        out.push((class.to_owned(), name.to_owned(), f.bytes));
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
            return Err(DataError::Invalid(format!(
                "the files are {} MB, more than the {} MB this page reads: use fewer files or a sample",
                total >> 20,
                MAX_UPLOAD_BYTES >> 20
            )));
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
                let (inner, loose) = class_files(files, true);
                if inner.is_empty() {
                    return Err(DataError::Invalid(
                        "the chosen folder has no folders inside: choose the folder that holds one folder per class \
                         (e.g. `pets/` holding `cats/` and `dogs/`)"
                            .into(),
                    ));
                }
                Source::class_folders(inner, loose, options, progress)
            }
        }
    }

    /// Images or text documents in one folder per class; `loose` files lay outside any class
    /// folder and were skipped.
    fn class_folders(
        files: Vec<(String, String, Vec<u8>)>,
        loose: usize,
        options: &UploadOptions,
        progress: Progress<'_>,
    ) -> Result<Self, DataError> {
        let images = files.iter().filter(|(_, n, _)| is_image_name(n)).count();
        let texts = files.iter().filter(|(_, n, _)| lower_ext(n).ends_with(".txt")).count();
        let said = |mut notices: Vec<String>| {
            if loose > 0 {
                notices.push(format!("skipped {loose} file(s) outside the class folders"));
            }
            notices
        };
        if texts > images {
            let mut set = read_text_folders(&files)?;
            set.notices = said(set.notices);
            return Ok(Source::TextFolders(Arc::new(set)));
        }
        if images == 0 {
            return Err(DataError::Invalid(
                "no PNG or JPEG images (and no .txt files) were found in the class folders".into(),
            ));
        }
        let mut set = load_image_folders_with_progress(&files, &options.image, &mut |d, n| {
            progress(LoadStage::Decoding, d, n);
        })?;
        set.notices = said(set.notices);
        Ok(Source::Images(set))
    }

    /// Reads one table file with the person's choices (see [`Source::upload_table`]).
    ///
    /// # Errors
    /// As [`Source::upload_table`].
    pub fn upload_table_with(bytes: &[u8], options: &UploadOptions, progress: Progress<'_>) -> Result<Self, DataError> {
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(DataError::Invalid(format!(
                "the file is {} MB, more than the {} MB this page reads: load a sample of its rows instead",
                bytes.len() >> 20,
                MAX_UPLOAD_BYTES >> 20
            )));
        }
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let widest = [b',', b';', b'\t', b'|'].map(|d| first_line.iter().filter(|&&b| b == d).count());
        if let Some(&n) = widest.iter().max()
            && n >= MAX_COLUMNS
        {
            return Err(DataError::Invalid(format!(
                "the first line has {} fields, more than the {MAX_COLUMNS} columns this page reads: is it a table with one row per line? Save it as CSV with a header row and load it again",
                n + 1
            )));
        }
        let table = read_table_with_progress(bytes, &ReadOptions::default(), &mut |d, n| {
            progress(LoadStage::Parsing, d, n);
        })
        .map_err(|e| match e {
            // The page has no "skip malformed rows" switch: say what to fix instead.
            DataError::Ragged { line, fields, expected, count } => DataError::Invalid(format!(
                "line {line} has {fields} fields but the header has {expected} ({count} such row(s) in all): fix that row (a missing quote or an extra delimiter) and load the file again"
            )),
            other => other,
        })?;
        let target = match &options.target {
            Some(t) => t.clone(),
            None => table.columns.last().map(|c| c.name.clone()).ok_or(DataError::Empty)?,
        };
        table.column(&target)?;
        progress(LoadStage::Checking, 0, 0);
        Ok(Source::Table(Arc::new(table), options.prepare_options(&target)))
    }

    /// The same data with other choices (target, task, column kinds, left-out columns), without
    /// reading the files again; `None` when the files must be read again (another image size).
    /// The result is checked only when summarised ([`Source::summary`]).
    pub fn reconfigure(&self, options: &UploadOptions) -> Option<Self> {
        match self {
            Source::Table(table, old) => {
                let target = options.target.clone().unwrap_or_else(|| old.target.clone());
                Some(Source::Table(table.clone(), options.prepare_options(&target)))
            }
            Source::Images(set) if set.options == options.image => Some(self.clone()),
            Source::Images(_) => None,
            Source::TextFolders(_) | Source::Reviews(_) => Some(self.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;
    use crate::examples::{Inputs, Task};

    fn png(value: u8) -> Vec<u8> {
        let img = image::GrayImage::from_fn(6, 5, |x, _| image::Luma([value.wrapping_add(x as u8)]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).expect("encodes");
        out.into_inner()
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in entries {
            w.start_file(*name, opts).expect("starts");
            w.write_all(data).expect("writes");
        }
        w.finish().expect("finishes").into_inner()
    }

    fn file(path: &str, bytes: Vec<u8>) -> UploadedFile {
        UploadedFile { path: path.into(), bytes }
    }

    fn load(files: Vec<UploadedFile>, from_folder: bool, options: &UploadOptions) -> Result<Source, DataError> {
        Source::upload(files, from_folder, options, &mut |_, _, _| {})
    }

    #[test]
    fn kinds_from_names() {
        assert_eq!(upload_kind(&["a.csv"], false), Ok(UploadKind::Table));
        assert_eq!(upload_kind(&["Pets.ZIP"], false), Ok(UploadKind::Zip));
        assert_eq!(upload_kind(&["p/a/1.png", "p/b/2.png"], true), Ok(UploadKind::Folders));
        assert_eq!(
            upload_kind(&["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"], false),
            Ok(UploadKind::Idx)
        );
        assert!(upload_kind(&["cat.png"], false).expect_err("one image").to_string().contains("one folder per class"));
        assert!(upload_kind(&["a.csv", "b.csv"], false).expect_err("two tables").to_string().contains("2 files"));
        assert!(upload_kind(&[], false).is_err());
    }

    #[test]
    fn a_zip_of_class_folders_becomes_an_image_set() {
        let (a, b) = (png(10), png(200));
        let z = zip_of(&[
            ("shapes/dark/1.png", &a),
            ("shapes/dark/2.png", &a),
            ("shapes/light/3.png", &b),
            ("shapes/light/4.png", &b),
            ("shapes/light/5.png", &b),
        ]);
        let mut decoded = Vec::new();
        let src =
            Source::upload(vec![file("shapes.zip", z.clone())], false, &UploadOptions::default(), &mut |s, d, n| {
                decoded.push((s, d, n));
            })
            .expect("loads");
        assert_eq!(decoded.last(), Some(&(LoadStage::Decoding, 5, 5)));
        let s = src.summary().expect("summary");
        assert_eq!((s.kind.as_str(), s.rows, s.task), ("images", 5, Task::Binary));
        assert_eq!(s.class_names, ["dark", "light"]);
        assert_eq!(s.input_dims, [28, 28, 1]);
        assert_eq!(s.thumbnails.len(), 5);
        // 32×32 colour needs the files again; the same size does not.
        let rgb = UploadOptions { image: ImageOptions::rgb32(), ..UploadOptions::default() };
        assert!(src.reconfigure(&rgb).is_none());
        assert!(src.reconfigure(&UploadOptions::default()).is_some());
        let src = load(vec![file("shapes.zip", z)], false, &rgb).expect("loads");
        assert_eq!(src.summary().expect("summary").input_dims, [32, 32, 3]);
    }

    #[test]
    fn a_picked_folder_drops_its_own_name_and_loose_files() {
        let files = vec![
            file("pets/cats/1.png", png(1)),
            file("pets/cats/2.png", png(2)),
            file("pets/dogs/3.png", png(250)),
            file("pets/readme.md", b"hi".to_vec()),
            file("pets/.DS_Store", b"\0".to_vec()),
        ];
        let s = load(files, true, &UploadOptions::default()).expect("loads").summary().expect("summary");
        assert_eq!(s.class_names, ["cats", "dogs"]);
        assert!(s.notices.iter().any(|n| n.contains("1 file(s) outside the class folders")), "{:?}", s.notices);
        // A class folder picked by mistake: nothing inside it is in a folder.
        let err = load(vec![file("cats/1.png", png(1))], true, &UploadOptions::default()).expect_err("no folders");
        assert!(err.to_string().contains("has no folders inside"), "{err}");
    }

    #[test]
    fn image_errors_surface() {
        let bad = load(
            vec![file("p/cats/1.png", png(1)), file("p/dogs/2.png", b"not a png".to_vec())],
            true,
            &UploadOptions::default(),
        )
        .expect_err("dogs has nothing readable");
        assert!(bad.to_string().contains("class folder `dogs` has no images that could be read"), "{bad}");
        let flat = zip_of(&[("1.png", &png(1)), ("2.png", &png(2))]);
        let err = load(vec![file("flat.zip", flat)], false, &UploadOptions::default()).expect_err("no folders");
        assert!(err.to_string().contains("no files inside folders"), "{err}");
        let skipped = load(
            vec![file("p/a/1.png", png(1)), file("p/a/2.png", b"junk".to_vec()), file("p/b/3.png", png(9))],
            true,
            &UploadOptions::default(),
        )
        .expect("loads");
        let s = skipped.summary().expect("summary");
        assert!(s.notices.iter().any(|n| n.contains("did not decode: `a/2.png`")), "{:?}", s.notices);
    }

    #[test]
    fn text_folders_by_picker_or_zip() {
        let mut files = Vec::new();
        for i in 0..10 {
            files.push(file(&format!("reviews/pos/{i}.txt"), format!("great fun {i}").into_bytes()));
            files.push(file(&format!("reviews/neg/{i}.txt"), format!("dull and slow {i}").into_bytes()));
        }
        let src = load(files, true, &UploadOptions::default()).expect("loads");
        let s = src.summary().expect("summary");
        assert_eq!(
            (s.kind.as_str(), s.rows, s.class_names.clone()),
            ("text", 20, vec!["neg".to_owned(), "pos".to_owned()])
        );
        let p = src
            .prepare(&kiln_core::TextPrepConfig { vocab_size: 100, seq_len: 8 }, &Default::default(), 1)
            .expect("prepares");
        assert!(matches!(p.splits.train.inputs, Inputs::Tokens { seq_len: 8, .. }));
        assert!(p.text.is_some(), "a two-class text set can be tried");
        assert_eq!(s.examples.len(), 6, "3 per class");
        assert_eq!(s.examples[0], (0, "dull and slow 0".to_owned()));
    }

    #[test]
    fn tables_reconfigure_without_reading_again() {
        let csv = b"x,y,note,label\n1,0.5,a,yes\n2,1.5,b,no\n3,2.5,a,yes\n4,3.5,b,no\n5,4.5,a,yes\n6,5.5,b,no\n7,6.5,a,yes\n8,7.5,b,no\n";
        let src = load(vec![file("t.csv", csv.to_vec())], false, &UploadOptions::default()).expect("loads");
        assert_eq!(src.summary().expect("summary").input_dims, [4]);
        let o =
            UploadOptions { target: Some("y".into()), task: Some(TaskChoice::Regression), ..UploadOptions::default() };
        let s = src.reconfigure(&o).expect("same table").summary().expect("summary");
        assert_eq!((s.task, s.input_dims.clone()), (Task::Regression, vec![5]));
        let o = UploadOptions {
            ignore: vec!["note".into()],
            kinds: vec![("x".into(), ColumnKind::Categorical)],
            ..UploadOptions::default()
        };
        let s = src.reconfigure(&o).expect("same table").summary().expect("summary");
        assert_eq!(s.input_dims, [9], "x one-hot (8 levels) + y; note left out");
        let p = s.preview.expect("preview");
        assert_eq!(p.columns[0].kind, ColumnKind::Categorical);
        let o = UploadOptions { kinds: vec![("note".into(), ColumnKind::Numeric)], ..UploadOptions::default() };
        let err = src.reconfigure(&o).expect("same table").summary().expect_err("not numbers");
        assert!(err.to_string().contains("`note` cannot be numeric"), "{err}");
    }

    #[test]
    fn samples_end_at_a_whole_row() {
        assert_eq!(cut_at_last_row(b"a,b\n1,2\n3,"), b"a,b\n1,2\n");
        assert_eq!(cut_at_last_row(b"a,b\n1,\"x\ny\"\n3,\"p\nq"), b"a,b\n1,\"x\ny\"\n");
        assert_eq!(cut_at_last_row(b"no newline"), b"no newline");
    }

    #[test]
    fn utf16_tables_say_save_as_utf8() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,b\n1,x\n2,y\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let err = load(vec![file("excel.csv", bytes)], false, &UploadOptions::default()).expect_err("utf-16");
        assert!(err.to_string().contains("save it as UTF-8"), "{err}");
    }
}
