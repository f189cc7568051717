//! Tests of reading picked files into a [`Source`] and summarising it.

use std::io::{Cursor, Write};

use super::*;
use kiln_core::{SplitConfig, Task, TextPrepConfig};

use crate::examples::Inputs;
use crate::summary::SourceKind;

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
    assert_eq!(upload_kind(&["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"], false), Ok(UploadKind::Idx));
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
    let src = Source::upload(vec![file("shapes.zip", z.clone())], false, &UploadOptions::default(), &mut |s, d, n| {
        decoded.push((s, d, n));
    })
    .expect("loads");
    assert_eq!(decoded.last(), Some(&(LoadStage::Decoding, 5, 5)));
    let s = src.summary().expect("summary");
    assert_eq!((s.kind, s.rows, s.task), (SourceKind::Images { height: 28, width: 28, channels: 1 }, 5, Task::Binary));
    assert_eq!(s.class_names, ["dark", "light"]);
    assert_eq!(s.thumbnails.len(), 5);
    // 32×32 colour needs the files again; the same size does not.
    let rgb = UploadOptions { image: ImageOptions::rgb32(), ..UploadOptions::default() };
    assert!(src.reconfigure(&rgb).is_none());
    assert!(src.reconfigure(&UploadOptions::default()).is_some());
    let src = load(vec![file("shapes.zip", z)], false, &rgb).expect("loads");
    assert_eq!(src.summary().expect("summary").kind, SourceKind::Images { height: 32, width: 32, channels: 3 });
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
    assert!(
        s.notices.iter().map(kiln_i18n::english).any(|n| n.contains("1 file(s) outside the class folders")),
        "{:?}",
        s.notices
    );
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
    assert!(
        s.notices.iter().map(kiln_i18n::english).any(|n| n.contains("did not decode: a/2.png is not a readable")),
        "{:?}",
        s.notices
    );
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
        (s.kind, s.rows, s.class_names.clone()),
        (SourceKind::Text, 20, vec!["neg".to_owned(), "pos".to_owned()])
    );
    let p = src
        .prepare(&TextPrepConfig { vocab_size: 100, seq_len: 8, ..TextPrepConfig::default() }, &Default::default(), 1)
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
    assert_eq!(src.summary().expect("summary").kind, SourceKind::Table { width: 4 });
    let o = UploadOptions { target: Some("y".into()), task: Some(TaskChoice::Regression), ..UploadOptions::default() };
    let s = src.reconfigure(&o).expect("same table").summary().expect("summary");
    assert_eq!((s.task, s.kind), (Task::Regression, SourceKind::Table { width: 5 }));
    let o = UploadOptions {
        ignore: vec!["note".into()],
        kinds: vec![("x".into(), ColumnKind::Categorical)],
        ..UploadOptions::default()
    };
    let s = src.reconfigure(&o).expect("same table").summary().expect("summary");
    assert_eq!(s.kind, SourceKind::Table { width: 9 }, "x one-hot (8 levels) + y; note left out");
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

#[test]
fn an_uploaded_table_summarises_and_prepares() {
    let csv = b"a,b,label\n1,x,yes\n2,y,no\n3,x,yes\n4,y,no\n5,x,yes\n6,y,no\n7,x,yes\n8,y,no\n9,x,yes\n10,y,no\n";
    let src = Source::upload_table(csv, None).expect("reads");
    let s = src.summary().expect("summary");
    assert_eq!(s.rows, 10);
    assert_eq!(s.task, Task::Binary);
    assert_eq!(s.class_counts.iter().sum::<usize>(), 10);
    assert_eq!(s.kind, SourceKind::Table { width: 3 }, "a numeric column and a one-hot column of two levels");
    assert!(s.preview.is_some());
    let text = b"review,sentiment\n\"a fine film\",pos\n\"a bad film\",neg\n\"so good\",pos\n\"so bad\",neg\n\"great\",pos\n\"awful\",neg\n\"loved it\",pos\n\"hated it\",neg\n\"superb\",pos\n\"dull\",neg\n";
    let t = Source::upload_table(text, None).expect("reads").summary().expect("summary");
    assert_eq!(t.kind, SourceKind::Text, "a text column trains a text model");
    let p = src.prepare(&TextPrepConfig::default(), &SplitConfig::default(), 1).expect("prepares");
    assert_eq!(p.splits.train.len() + p.splits.validation.len() + p.splits.test.len(), 10);
}

#[test]
fn a_very_wide_line_is_refused_at_once() {
    let wide = format!("{}b\n", "a,".repeat(3_000_000));
    let err = Source::upload_table(wide.as_bytes(), None).expect_err("refused before parsing");
    assert!(err.to_string().contains("3,000,001 fields"), "{err}");
}

#[test]
fn bad_uploads_are_messages() {
    assert!(Source::upload_table(b"", None).is_err());
    let err = Source::upload_table(b"a,b\n1,2\n", Some("zzz")).expect_err("no such column");
    assert!(err.to_string().contains("zzz"), "{err}");
    let one_class = Source::upload_table(b"x,y\n1,a\n2,a\n3,a\n", None).expect("reads");
    let err = one_class.summary().expect_err("one class");
    assert!(err.to_string().contains("at least 2 classes"), "{err}");
}

#[test]
fn guesses_are_undone_by_reading_again_or_reconfiguring() {
    use crate::reading::ReadingId;
    let csv = b"sep=;\nname;price;label\na;\"1.200,50\";Yes\nb;3,5;yes\nc;10;no\nd;7;no\ne;1;no\nf;2;yes\ng;4;no\nh;8;yes\ni;9;no\nj;6;yes\n";
    let src = load(vec![file("t.csv", csv.to_vec())], false, &UploadOptions::default()).expect("loads");
    let s = src.summary().expect("summary");
    let p = s.preview.expect("preview");
    let ids: Vec<ReadingId> = p.readings.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        [
            ReadingId::SepLine,
            ReadingId::Numbers { column: "price".into() },
            ReadingId::DecimalComma { column: "price".into() },
            ReadingId::MergedCase { column: "label".into() }
        ]
    );
    assert_eq!(
        p.target_reason.as_ref().map(kiln_i18n::english).as_deref(),
        Some("`label` is named like a column to predict")
    );
    assert_eq!(s.class_names, ["no", "yes"]);
    // A guess about values: the table is kept.
    let case = UploadOptions { undo: vec![ReadingId::MergedCase { column: "label".into() }], ..Default::default() };
    let again = src.reconfigure(&case).expect("same table").summary().expect("summary");
    assert_eq!(again.class_names, ["Yes", "no", "yes"]);
    // A guess made while reading: the file is read again.
    let sep = UploadOptions { undo: vec![ReadingId::SepLine], ..Default::default() };
    assert!(src.reconfigure(&sep).is_none(), "read the file again");
    let err = load(vec![file("t.csv", csv.to_vec())], false, &sep).expect_err("`sep=;` as data is ragged");
    assert!(err.to_string().contains("line 2 has 3 fields but the header has 2"), "{err}");
}

#[test]
fn too_small_for_the_split_is_said_at_load_and_refused_at_train() {
    let csv = b"x,label\n1,a\n2,b\n3,a\n4,b\n5,a\n";
    let src = load(vec![file("tiny.csv", csv.to_vec())], false, &UploadOptions::default()).expect("loads");
    let s = src.summary().expect("summary");
    let said = s
        .notices
        .iter()
        .map(kiln_i18n::english)
        .find(|n| n.starts_with("too small for the split 80 % / 10 % / 10 %"))
        .expect("said");
    assert!(said.contains("the validation split is empty: 5 rows with 10 % for validation give none"), "{said}");
    let err = src.prepare(&TextPrepConfig::default(), &SplitConfig::default(), 1).expect_err("refused");
    assert!(err.to_string().contains("add rows (at least 5 per class) or set validation to 0 %"), "{err}");
    let all = SplitConfig { train: 0.6, validation: 0.0, test: 0.4 };
    let p = src.prepare(&TextPrepConfig::default(), &all, 1).expect("fits");
    assert!(!p.splits.test.is_empty() && !p.splits.train.is_empty());
}

#[test]
fn the_default_target_is_one_that_can_be_predicted() {
    // A trailing delimiter made an empty last column: dropped, and never the target.
    let csv = b"a,b,label,\n1,2,x,\n3,4,y,\n5,6,x,\n7,8,y,\n";
    let s = load(vec![file("t.csv", csv.to_vec())], false, &UploadOptions::default())
        .expect("loads")
        .summary()
        .expect("summary");
    let p = s.preview.expect("preview");
    assert_eq!((p.target.as_deref(), p.names.len()), (Some("label"), 3));
}
