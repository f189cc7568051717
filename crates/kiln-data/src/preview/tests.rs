//! Tests of type inference, readings, default targets and the preview.

use super::*;
use crate::table::{ReadOptions, read_table};

fn preview(text: &str, target: Option<&str>) -> TablePreview {
    let t = read_table(text.as_bytes(), &ReadOptions::default()).expect("reads");
    preview_table(&t, &PreviewOptions { target: target.map(str::to_owned), ..PreviewOptions::default() })
        .expect("previews")
}

fn kinds(p: &TablePreview) -> Vec<ColumnKind> {
    p.columns.iter().map(|c| c.kind).collect()
}

#[test]
fn infers_kinds_missing_and_constants() {
    let p = preview(
        "x,c,k,note,label\n1,5,a,the quick brown fox,yes\n?,5,b,jumps over the lazy dog,no\nNA,5,a,and runs far away,yes\n4,5,a,into the woods,no\n",
        None,
    );
    use ColumnKind::*;
    assert_eq!(kinds(&p), [Numeric, Numeric, Categorical, Text, Categorical]);
    assert_eq!(p.columns[0].missing, 2);
    assert!(p.columns[1].constant && !p.columns[0].constant);
    assert_eq!(p.target.as_deref(), Some("label"));
    assert_eq!(p.task, Some(TaskChoice::Classification));
    assert_eq!(p.class_balance, [("no".to_owned(), 2), ("yes".to_owned(), 2)]);
    assert!(p.notices.iter().map(kiln_i18n::english).any(|n| n == "`x` has 2 missing value(s)"));
    assert!(p.notices.iter().map(kiln_i18n::english).any(|n| n.starts_with("`c` has the same value")));
    let json = serde_json::to_string(&p).expect("serialises");
    assert_eq!(serde_json::from_str::<TablePreview>(&json).expect("parses"), p);
}

#[test]
fn numeric_targets_suggest_a_task() {
    assert_eq!(preview("x,y\n1,0\n2,1\n3,0\n", None).task, Some(TaskChoice::Classification));
    assert_eq!(preview("x,y\n1,0.5\n2,1.25\n3,0\n", None).task, Some(TaskChoice::Regression));
}

#[test]
fn decimal_commas_with_semicolons() {
    let p = preview("a;b\n0,5;x\n1,25;y\n", None);
    assert_eq!(p.columns[0].kind, ColumnKind::Numeric);
    assert!(p.columns[0].decimal_comma);
}

#[test]
fn non_finite_values_are_located() {
    let p = preview("x1,x2\n1,inf\n2,-inf\n3,4\n", None);
    assert_eq!(p.columns[1].non_finite, 2);
    assert!(
        p.notices.iter().map(kiln_i18n::english).any(|n| n.contains("line 2 (`inf`) and line 3 (`-inf`)")),
        "{:?}",
        p.notices
    );
}

#[test]
fn overrides_are_checked() {
    let t = read_table(b"a,b\n1,x\n2,y\n", &ReadOptions::default()).expect("reads");
    let opts = |k| PreviewOptions { kinds: vec![("b".into(), k)], ..PreviewOptions::default() };
    let err = preview_table(&t, &opts(ColumnKind::Numeric)).expect_err("b is not numeric").to_string();
    assert!(err.contains("line 2 has `x`"), "{err}");
    assert_eq!(preview_table(&t, &opts(ColumnKind::Text)).expect("ok").columns[1].kind, ColumnKind::Text);
}

fn preview_undo(text: &str, undo: &[ReadingId]) -> TablePreview {
    let t = read_table(text.as_bytes(), &ReadOptions::default()).expect("reads");
    preview_table(&t, &PreviewOptions { undo: undo.to_vec(), ..PreviewOptions::default() }).expect("previews")
}

use crate::reading::ReadingId;

#[test]
fn formatted_numbers_are_read_and_said() {
    let text = "item,price,share,count,label\n\
                a,\"$1,200.50\",45%,\"1,000\",x\n\
                b,$3.50,5.5%,999,y\n\
                c,($20.00),100%,\"12,345\",x\n";
    let p = preview(text, Some("label"));
    use ColumnKind::*;
    assert_eq!(kinds(&p), [Categorical, Numeric, Numeric, Numeric, Categorical]);
    assert!(p.columns[1].formatted && p.columns[2].formatted && p.columns[3].formatted);
    let rules: Vec<String> = p.readings.iter().map(|r| kiln_i18n::english(&r.rule)).collect();
    assert!(
        rules
            .iter()
            .any(|r| r
                .starts_with("`price`: read as numbers after removing thousands separators (`,`) and currency signs")),
        "{rules:?}"
    );
    assert!(rules.iter().any(|r| r.contains("`45%` → 0.45")), "{rules:?}");
    assert!(
        p.notices.iter().map(kiln_i18n::english).any(|n| n.starts_with("`count`: read as numbers")),
        "stated in the notices too"
    );
    // Undone: the column is read as text again.
    let u = preview_undo(text, &[ReadingId::Numbers { column: "price".into() }]);
    assert_eq!(u.columns[1].kind, Categorical);
    assert!(u.readings.iter().any(|r| r.id == ReadingId::Numbers { column: "price".into() } && r.undone));
}

#[test]
fn european_formatted_numbers_with_decimal_commas() {
    let p = preview("item;amount\na;1.234,50 €\nb;999,00 €\nc;\"12.000,00 €\"\n", None);
    assert_eq!(p.columns[1].kind, ColumnKind::Numeric);
    assert!(p.columns[1].decimal_comma && p.columns[1].formatted);
    let t = read_table("item;amount\na;1.234,50 €\nb;999,00 €\n".as_bytes(), &ReadOptions::default()).expect("reads");
    let scans = crate::preview::scan_table(&t, &[]);
    assert_eq!(scans[1].style.parse("1.234,50 €"), Some(1234.5));
    // Decimal commas are a reading too, undoable.
    let u = preview_undo("a;b\n0,5;x\n1,25;y\n", &[ReadingId::DecimalComma { column: "a".into() }]);
    assert_eq!(u.columns[0].kind, ColumnKind::Categorical);
}

#[test]
fn numbers_that_are_not_formatted_stay_text() {
    // Phone-like groups, dates and codes are not numbers in any style.
    let p = preview("a,b,c,label\n555-1234,2024-01-02,1.2.3,x\n555-9876,2024-02-03,4.5.6,y\n", Some("label"));
    assert_eq!(kinds(&p)[..3], [ColumnKind::Categorical; 3]);
    assert!(p.readings.is_empty(), "{:?}", p.readings);
}

#[test]
fn default_target_skips_empty_constant_and_id_columns() {
    let p = preview("id,x,species,notes,const\n1,0.5,a,,k\n2,0.7,b,,k\n3,0.1,a,,k\n4,0.2,b,,k\n", None);
    assert_eq!(p.target.as_deref(), Some("species"));
    let why = kiln_i18n::english(&p.target_reason.expect("a reason"));
    assert!(why.starts_with("`species` is the last column that can be predicted"), "{why}");
    assert!(why.contains("`const` has the same value in every row") && why.contains("`notes` is empty"), "{why}");
    // pandas' index column and a name that says "target".
    let p = preview("Unnamed: 0,label,f\n0,yes,1.5\n1,no,2.5\n2,yes,3.5\n", None);
    assert_eq!(p.target.as_deref(), Some("label"));
    assert!(kiln_i18n::english(&p.target_reason.expect("reason")).contains("named like a column to predict"));
    // A float column with a value per row is a fine regression target; a run 1..n is an id.
    let p = preview("n,x,price\n1,a,10.5\n2,b,12.25\n3,a,9.75\n", None);
    assert_eq!(p.target.as_deref(), Some("price"));
    let p = preview("x,row\n0.5,1\n0.7,2\n0.1,3\n", None);
    assert_eq!(p.target.as_deref(), Some("x"));
}

#[test]
fn label_cleaning_is_stated_in_the_class_balance() {
    let p = preview("x,label\n1,positive\n2,Positive \n3,negative\n4,positive\n", None);
    assert_eq!(p.class_balance, [("positive".to_owned(), 3), ("negative".to_owned(), 1)]);
    let ids: Vec<&ReadingId> = p.readings.iter().map(|r| &r.id).collect();
    assert_eq!(
        ids,
        [&ReadingId::TrimmedLabels { column: "label".into() }, &ReadingId::MergedCase { column: "label".into() }]
    );
}
