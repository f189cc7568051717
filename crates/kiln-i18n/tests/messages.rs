//! The message files themselves: both languages have the same ids, attributes and variables,
//! every id starts with its area's prefix, the files parse, and numbers and fallbacks format as
//! documented.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kiln_i18n::{AREAS, Arg, Lang, Msg, attribute_ids, format, has, message_ids, text, variables};

#[test]
fn every_file_parses_and_is_listed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    for lang in Lang::ALL {
        let mut on_disk: BTreeSet<String> = std::fs::read_dir(dir.join(lang.code()))
            .expect("i18n/<lang> exists")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        for area in AREAS {
            assert!(on_disk.remove(&format!("{}.ftl", area.name)), "{}/{}.ftl is missing", lang.code(), area.name);
            if let Err((_, errors)) = fluent_syntax::parser::parse(area.source(lang)) {
                panic!("{}/{}.ftl does not parse: {errors:?}", lang.code(), area.name);
            }
        }
        assert!(on_disk.is_empty(), "files not in kiln_i18n::AREAS (add them there): {on_disk:?}");
    }
}

#[test]
fn both_languages_have_the_same_messages() {
    let ids = |lang| -> BTreeSet<String> {
        let mut all: BTreeSet<String> = message_ids(lang).into_iter().map(|(_, id)| id).collect();
        all.extend(attribute_ids(lang));
        all
    };
    let (en, zh) = (ids(Lang::En), ids(Lang::Zh));
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(only_en.is_empty(), "in English but not in Chinese (add them to i18n/zh/): {only_en:?}");
    assert!(only_zh.is_empty(), "in Chinese but not in English (add them to i18n/en/): {only_zh:?}");
}

#[test]
fn ids_are_unique_and_start_with_their_area() {
    for lang in Lang::ALL {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (area, id) in message_ids(lang) {
            let prefix = AREAS.iter().find(|a| a.name == area).map(|a| a.prefix).unwrap_or_default();
            assert!(id.starts_with(prefix), "{}/{area}.ftl: `{id}` must start with `{prefix}`", lang.code());
            if let Some(other) = seen.insert(id.clone(), area) {
                panic!("{}: `{id}` is in both {other}.ftl and {area}.ftl", lang.code());
            }
        }
    }
}

#[test]
fn translations_use_the_same_variables() {
    let mut wrong = Vec::new();
    for id in message_ids(Lang::En).into_iter().map(|(_, id)| id).chain(attribute_ids(Lang::En)) {
        let (en, zh) = (variables(Lang::En, &id), variables(Lang::Zh, &id));
        if en != zh {
            wrong.push(format!("{id}: English uses {en:?}, Chinese {zh:?}"));
        }
    }
    assert!(wrong.is_empty(), "a translation lost or invented a variable:\n{}", wrong.join("\n"));
}

#[test]
fn every_message_formats_in_both_languages() {
    // With every variable given, no message may report an error (a reference to a missing
    // message or term, a bad function call).
    for lang in Lang::ALL {
        for id in message_ids(lang).into_iter().map(|(_, id)| id).chain(attribute_ids(lang)) {
            let mut msg = Msg::new(id.clone());
            for v in variables(lang, &id).unwrap_or_default() {
                msg.args.push((v.into(), Arg::Num(2.0)));
            }
            let s = format(lang, &msg);
            assert!(!s.trim().is_empty() && !s.contains("{$") && !s.contains("{-"), "{id} in {lang:?}: {s:?}");
        }
    }
}

#[test]
fn arguments_numbers_and_fallbacks() {
    let m = Msg::new("common-verbatim").arg("text", 25_000usize);
    assert_eq!(format(Lang::En, &m), "25,000");
    assert_eq!(format(Lang::Zh, &m), "25,000");
    assert_eq!(format(Lang::En, &Msg::new("common-verbatim").arg("text", 0.125)), "0.125");
    assert_eq!(format(Lang::En, &Msg::new("common-verbatim").arg("text", f64::NAN)), "NaN");
    let nested = Msg::new("common-verbatim").arg("text", Msg::new("error-data-empty"));
    assert_eq!(format(Lang::Zh, &nested), text(Lang::Zh, "error-data-empty"));
    assert_ne!(text(Lang::Zh, "common-dismiss"), text(Lang::En, "common-dismiss"));
    assert!(has(Lang::Zh, "common-language.title") && !has(Lang::Zh, "common-language.nope"));
    assert_eq!(text(Lang::Zh, "common-language.title"), format(Lang::Zh, &Msg::new("common-language.title")));
    let json = serde_json::to_string(&nested).expect("serialises");
    assert_eq!(serde_json::from_str::<Msg>(&json).expect("reads back"), nested);
    let nan = Msg { id: "common-verbatim".into(), args: vec![("text".into(), Arg::Num(f64::NAN))] };
    let back: Msg = serde_json::from_str(&serde_json::to_string(&nan).expect("json")).expect("null reads as NaN");
    assert!(matches!(back.get("text"), Some(Arg::Num(v)) if v.is_nan()));
}
