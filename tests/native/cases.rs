//! Hostile uploads: every file in `shared/cases/` gives the outcome `shared/cases/EXPECTED.md`
//! asks for (a parse with the right shape, or a message naming the row/column and what to do).
//! Skipped, with a note, when the folder is absent.

use std::path::PathBuf;

use kiln_core::SplitConfig;
use kiln_data::preview::{ColumnKind, TaskChoice};
use kiln_data::tabular::Feature;
use kiln_data::text::PAD;
use kiln_data::{
    Inputs, PrepareOptions, PreparedTable, PreviewOptions, ReadOptions, Splits, Table, TablePreview, Targets,
    prepare_table, preview_table, read_table, tokenize,
};

fn case(name: &str) -> Option<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/cases");
    let dir = if dir.is_dir() { dir } else { PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/cases") };
    match std::fs::read(dir.join(name)) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            println!("skipped: {} not readable ({e}); the shared cases folder is absent", dir.join(name).display());
            None
        }
    }
}

fn table(bytes: &[u8]) -> Table {
    read_table(bytes, &ReadOptions::default()).expect("reads")
}

fn preview(t: &Table, target: &str) -> TablePreview {
    preview_table(t, &PreviewOptions { target: Some(target.into()), ..PreviewOptions::default() }).expect("previews")
}

fn prepare(t: &Table, target: &str) -> PreparedTable {
    let p = prepare_table(t, &PrepareOptions::new(target)).expect("prepares");
    all_finite(&p.splits);
    p
}

fn error(bytes: &[u8]) -> String {
    read_table(bytes, &ReadOptions::default()).expect_err("is refused").to_string()
}

fn all_finite(s: &Splits) {
    for e in [&s.train, &s.validation, &s.test] {
        assert_eq!(e.check(), Ok(()));
    }
}

fn column<'a>(p: &'a TablePreview, name: &str) -> &'a kiln_data::ColumnSummary {
    p.columns.iter().find(|c| c.name == name).expect("column exists")
}

#[test]
fn bom_crlf() {
    let Some(b) = case("bom_crlf.csv") else { return };
    let t = table(&b);
    assert_eq!(t.rows, 4);
    assert_eq!(t.names(), ["sepal_length", "sepal_width", "species"]);
    assert_eq!(t.columns[2].get(3), "virginica", "no stray \\r");
    let p = prepare(&t, "species");
    assert_eq!(p.splits.class_names, ["setosa", "virginica"]);
}

#[test]
fn quoted_newlines() {
    let Some(b) = case("quoted_newlines.csv") else { return };
    let t = table(&b);
    assert_eq!(t.rows, 4);
    let text = t.column("text").expect("text column");
    assert!(text.get(2).contains('\n'));
    assert!(text.get(1).contains("\"never again\""));
    assert_eq!(t.lines, [2, 3, 4, 6]);
}

#[test]
fn ragged_rows() {
    let Some(b) = case("ragged_rows.csv") else { return };
    let e = error(&b);
    assert!(e.starts_with("line 4 has 4 fields but the header has 3"), "{e}");
    assert!(e.contains("skip malformed rows"), "{e}");
    let t = read_table(&b, &ReadOptions { skip_malformed: true, ..ReadOptions::default() }).expect("skips");
    assert_eq!(t.rows, 3);
    assert!(
        t.notices.iter().map(kiln_i18n::english).any(|n| n.starts_with("skipped 1 row(s)") && n.contains("line 4")),
        "{:?}",
        t.notices
    );
}

#[test]
fn single_class() {
    let Some(b) = case("single_class.csv") else { return };
    let e = prepare_table(&table(&b), &PrepareOptions::new("label")).expect_err("one class").to_string();
    assert!(e.starts_with("classification needs at least 2 classes; only `yes` found"), "{e}");
}

#[test]
fn missing_values() {
    let Some(b) = case("missing_values.csv") else { return };
    let t = table(&b);
    let p = preview(&t, "origin");
    let hp = column(&p, "horsepower");
    assert_eq!((hp.kind, hp.missing), (ColumnKind::Numeric, 3));
    assert!(p.notices.iter().map(kiln_i18n::english).any(|n| n == "`horsepower` has 3 missing value(s)"));
    let prepared = prepare(&t, "origin");
    assert!(
        prepared
            .notices
            .iter()
            .map(kiln_i18n::english)
            .any(|n| n.starts_with("`horsepower`: ") && n.contains("training mean"))
    );
    let o = PrepareOptions { missing: kiln_data::MissingPolicy::DropRows, ..PrepareOptions::new("origin") };
    let dropped = prepare_table(&t, &o).expect("drops");
    assert_eq!(dropped.dropped_rows, 3);
    assert!(dropped.notices.iter().map(kiln_i18n::english).any(|n| n.contains("policy: drop rows")));
}

#[test]
fn empty() {
    let Some(b) = case("empty.csv") else { return };
    assert_eq!(error(&b), "the file is empty");
}

#[test]
fn header_only() {
    let Some(b) = case("header_only.csv") else { return };
    assert_eq!(error(&b), "no data rows");
}

#[test]
fn not_text() {
    let Some(b) = case("not_text.csv") else { return };
    assert!(error(&b).starts_with("not a text/CSV file (looks binary)"));
}

#[test]
fn latin1() {
    let Some(b) = case("latin1.csv") else { return };
    let t = table(&b);
    assert_eq!(t.encoding, "Windows-1252");
    assert_eq!(t.columns[0].get(0), "café was nice");
    assert_eq!(t.columns[0].get(1), "naïve and dull");
    assert!(t.notices.iter().map(kiln_i18n::english).any(|n| n.contains("not UTF-8")));
}

#[test]
fn semicolon() {
    let Some(b) = case("semicolon.csv") else { return };
    let t = table(&b);
    assert_eq!(t.delimiter, b';');
    let p = preview(&t, "target");
    for name in ["x1", "x2"] {
        assert_eq!(column(&p, name).kind, ColumnKind::Numeric);
        assert!(column(&p, name).decimal_comma);
    }
    let o = PrepareOptions {
        split: SplitConfig { train: 1.0, validation: 0.0, test: 0.0 },
        ..PrepareOptions::new("target")
    };
    let prepared = prepare_table(&t, &o).expect("prepares");
    let Feature::Numeric { mean, .. } = &prepared.features[0] else { panic!("x1 numeric") };
    assert!((mean - (0.5 + 1.5 + 2.0 + 3.5) / 4.0).abs() < 1e-9, "{mean}");
    let Feature::Numeric { mean, .. } = &prepared.features[1] else { panic!("x2 numeric") };
    assert!((mean - (1.25 + 0.75 + 0.10 + 2.00) / 4.0).abs() < 1e-9, "{mean}");
}

#[test]
fn numeric_labels() {
    let Some(b) = case("numeric_labels.csv") else { return };
    let t = table(&b);
    assert_eq!(preview(&t, "label").task, Some(TaskChoice::Classification));
    let p = prepare(&t, "label");
    assert!(matches!(p.splits.train.targets, Targets::Binary { .. }));
    assert_eq!(p.splits.class_names, ["0", "1"]);
    let r = prepare_table(&t, &PrepareOptions { task: Some(TaskChoice::Regression), ..PrepareOptions::new("label") })
        .expect("regression is selectable");
    assert!(matches!(r.splits.train.targets, Targets::Regression { .. }));
}

#[test]
fn constant_column() {
    let Some(b) = case("constant_column.csv") else { return };
    let t = table(&b);
    let p = preview(&t, "label");
    assert!(column(&p, "const").constant && !column(&p, "x1").constant);
    let prepared = prepare(&t, "label");
    assert!(prepared.features.iter().any(
        |f| matches!(f, Feature::Numeric { column, scale, constant: true, .. } if column == "const" && *scale == 1.0)
    ));
}

fn tokens(p: &PreparedTable) -> (&[u32], usize) {
    match &p.splits.train.inputs {
        Inputs::Tokens { ids, seq_len } => (ids.as_slice(), *seq_len),
        other => panic!("expected tokens, got {other:?}"),
    }
}

#[test]
fn reviews_html() {
    let Some(b) = case("reviews_html.csv") else { return };
    let t = table(&b);
    assert_eq!(t.rows, 4);
    let o = PrepareOptions {
        split: SplitConfig { train: 1.0, validation: 0.0, test: 0.0 },
        ..PrepareOptions::new("sentiment")
    };
    let p = prepare_table(&t, &o).expect("prepares");
    assert_eq!(p.splits.class_names, ["negative", "positive"]);
    assert_eq!(p.splits.train.len(), 4);
    tokens(&p);
    let (_, vocab) = p.vocab.as_ref().expect("text model");
    assert_eq!(vocab.id("br"), kiln_data::text::OOV, "<br /> is removed before tokenizing");
    assert_ne!(vocab.id("superb"), kiln_data::text::OOV);
}

#[test]
fn cjk_text() {
    let Some(b) = case("cjk_text.csv") else { return };
    let t = table(&b);
    let o = PrepareOptions {
        split: SplitConfig { train: 1.0, validation: 0.0, test: 0.0 },
        ..PrepareOptions::new("label")
    };
    let p = prepare_table(&t, &o).expect("prepares");
    let (ids, seq_len) = tokens(&p);
    assert!(ids.chunks(seq_len).all(|row| row.iter().filter(|&&i| i != PAD).count() >= 5), "every row has tokens");
    let text = t.column("text").expect("text");
    let third = tokenize(text.get(2));
    assert!(third.iter().any(|w| w == "😀"), "emoji kept as a token: {third:?}");
}

#[test]
fn xss_labels() {
    let Some(b) = case("xss_labels.csv") else { return };
    let t = table(&b);
    let p = preview(&t, "label");
    let json = serde_json::to_string(&p).expect("serialises");
    let back: TablePreview = serde_json::from_str(&json).expect("parses");
    assert_eq!(back.rows[0][0], "<script>alert(1)</script> nice");
    let classes: Vec<&str> = back.class_balance.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(classes, ["<b>bold</b>", "<img src=x onerror=alert(1)>"], "ties sorted by name, kept literally");
    let prepared = prepare(&t, "label");
    assert_eq!(prepared.splits.class_names, ["<b>bold</b>", "<img src=x onerror=alert(1)>"]);
}

#[test]
fn nan_inf() {
    let Some(b) = case("nan_inf.csv") else { return };
    let t = table(&b);
    let p = preview(&t, "label");
    assert_eq!((column(&p, "x1").missing, column(&p, "x1").non_finite), (1, 1));
    assert_eq!(column(&p, "x2").non_finite, 2);
    assert!(
        p.notices
            .iter()
            .map(kiln_i18n::english)
            .any(|n| n.contains("`x2` has 2 non-finite") && n.contains("line 2 (`inf`) and line 3 (`-inf`)"))
    );
    assert!(
        p.notices
            .iter()
            .map(kiln_i18n::english)
            .any(|n| n.contains("`x1` has 1 non-finite") && n.contains("line 5 (`1e309`)"))
    );
    let prepared = prepare(&t, "label");
    assert!(
        prepared
            .notices
            .iter()
            .map(kiln_i18n::english)
            .any(|n| n.starts_with("`x2`: 2 missing or non-finite value(s) filled"))
    );
}

#[test]
fn long_line() {
    let Some(b) = case("long_line.csv") else { return };
    let t = table(&b);
    assert_eq!(t.rows, 2);
    let p = preview(&t, "label");
    assert!(p.rows[0][0].chars().count() <= 201, "preview cells are cut");
    let o = PrepareOptions {
        split: SplitConfig { train: 1.0, validation: 0.0, test: 0.0 },
        ..PrepareOptions::new("label")
    };
    let prepared = prepare_table(&t, &o).expect("prepares");
    let (ids, seq_len) = tokens(&prepared);
    assert_eq!(ids.len(), 2 * seq_len, "the long text is truncated to the sequence length");
}

#[test]
fn duplicate_headers() {
    let Some(b) = case("duplicate_headers.csv") else { return };
    let t = table(&b);
    assert_eq!(t.names(), ["x", "x_2", "label"]);
    assert!(t.notices.iter().map(kiln_i18n::english).any(|n| n.contains("`x` → `x_2`")));
    prepare(&t, "label");
}

// ───────────── The project's own corpus: tests/cases (files from real tools and bug reports) ─────────────

/// What one file of `tests/cases/cases.json` must give (see `tests/cases/EXPECTED.md`).
struct Outcome<'a>(&'a serde_json::Value);

impl Outcome<'_> {
    fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(serde_json::Value::as_str)
    }

    fn list(&self, key: &str) -> Vec<String> {
        self.0
            .get(key)
            .and_then(serde_json::Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }
}

/// A reading's id as cases.json writes it: `SepLine`, `Numbers:price`.
fn reading_name(id: &kiln_data::ReadingId) -> String {
    let v = serde_json::to_value(id).expect("serialises");
    let kind = v["type"].as_str().unwrap_or("?").to_owned();
    match v.get("column").and_then(serde_json::Value::as_str) {
        Some(c) => format!("{kind}:{c}"),
        None => kind,
    }
}

#[test]
fn project_cases_give_their_expected_outcomes() {
    use kiln_data::Source;
    use kiln_data::summary::SourceKind;
    use kiln_data::upload::UploadOptions;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("cases");
    let spec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cases.json")).expect("cases.json")).expect("cases.json parses");
    let cases = spec.as_array().expect("a list");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".csv"))
        .collect();
    files.sort();
    let listed: Vec<String> = cases.iter().filter_map(|c| c["file"].as_str().map(str::to_owned)).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, files, "cases.json lists every file of tests/cases");
    let expected_md = std::fs::read_to_string(dir.join("EXPECTED.md")).expect("EXPECTED.md");
    assert!(files.len() >= 25, "{} files", files.len());
    for case in cases {
        let want = Outcome(case);
        let file = want.str("file").expect("file");
        assert!(expected_md.contains(&format!("| {file} |")), "EXPECTED.md has a line for {file}");
        assert!(want.str("source").is_some_and(|s| !s.is_empty()), "{file}: source named");
        let bytes = std::fs::read(dir.join(file)).expect("reads");
        let loaded = Source::upload_table_with(&bytes, &UploadOptions::default(), &mut |_, _, _| {})
            .and_then(|s| s.summary().map(|sum| (s, sum)));
        let (src, sum) = match (loaded, want.str("message")) {
            (Err(e), Some(m)) => {
                assert!(e.to_string().contains(m), "{file}: message {e:?} should contain {m:?}");
                println!("{file}: message: {e}");
                continue;
            }
            (Err(e), None) => panic!("{file}: should parse, got {e}"),
            (Ok(_), Some(m)) => panic!("{file}: should give the message {m:?}, but it parsed"),
            (Ok(ok), None) => ok,
        };
        let p = sum.preview.as_ref().expect("a table preview");
        let readings: Vec<String> = p.readings.iter().map(|r| reading_name(&r.id)).collect();
        let numeric: Vec<String> =
            p.columns.iter().filter(|c| c.kind == ColumnKind::Numeric).map(|c| c.name.clone()).collect();
        println!(
            "{file}: {} rows, delimiter {:?}, columns {:?}, target {:?} ({:?}), task {:?}, classes {:?}, numeric \
             {numeric:?}, readings {readings:?}, notices {:?}",
            sum.rows, p.delimiter, p.names, p.target, p.target_reason, sum.task, sum.class_names, sum.notices
        );
        if let Some(n) = case.get("rows").and_then(serde_json::Value::as_u64) {
            assert_eq!(p.row_count as u64, n, "{file}: rows");
        }
        if let Some(d) = want.str("delimiter") {
            assert_eq!(p.delimiter.to_string(), d, "{file}: delimiter");
        }
        let names = want.list("columns");
        if !names.is_empty() {
            assert_eq!(p.names, names, "{file}: columns");
        }
        if let Some(t) = want.str("target") {
            assert_eq!(p.target.as_deref(), Some(t), "{file}: default target");
            assert!(p.target_reason.is_some(), "{file}: the default target's reason is said");
        }
        if let Some(t) = want.str("task") {
            assert_eq!(format!("{:?}", sum.task).split_whitespace().next(), Some(t), "{file}: task");
        }
        let classes = want.list("classes");
        if !classes.is_empty() {
            assert_eq!(sum.class_names, classes, "{file}: classes");
        }
        for r in want.list("readings") {
            assert!(readings.contains(&r), "{file}: reading {r} stated, got {readings:?}");
        }
        for c in want.list("numeric") {
            assert!(numeric.contains(&c), "{file}: `{c}` numeric, got {numeric:?}");
        }
        if let Some(n) = want.str("notice") {
            let all = p.notices.iter().chain(&sum.notices).map(kiln_i18n::english).any(|x| x.contains(n));
            assert!(all, "{file}: a notice containing {n:?} in {:?} / {:?}", p.notices, sum.notices);
        }
        assert!(!matches!(sum.kind, SourceKind::Images { .. }), "{file}: a table");
        // Training: refused with the counts, or prepared with finite values.
        match (src.prepare(&kiln_core::TextPrepConfig::default(), &SplitConfig::default(), 42), want.str("train_error"))
        {
            (Err(e), Some(m)) => assert!(e.to_string().contains(m), "{file}: train refusal {e:?} should contain {m:?}"),
            (Err(e), None) => panic!("{file}: should prepare for training, got {e}"),
            (Ok(_), Some(m)) => panic!("{file}: training should be refused with {m:?}"),
            (Ok(prepared), None) => all_finite(&prepared.splits),
        }
    }
}
