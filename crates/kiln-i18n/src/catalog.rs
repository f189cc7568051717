//! The message files, compiled in ([`AREAS`]), one Fluent bundle per language and thread, and the
//! formatter: [`format`] a [`Msg`] or [`text`] an id in a [`Lang`], with a fallback to English
//! and thousands separators for whole numbers.

use std::borrow::Cow;
use std::collections::BTreeSet;

use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast;

use crate::{Arg, Lang, Msg};

/// One area of the page and its message file in each language: `i18n/<lang>/<name>.ftl`. Every
/// message id in an area's files starts with its `prefix`, so two engineers adding panels never
/// write the same id and each can tell from an id which file holds it.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    /// The file name without `.ftl`, e.g. `train`.
    pub name: &'static str,
    /// The prefix of every message id in it, e.g. `train-`.
    pub prefix: &'static str,
    en: &'static str,
    zh: &'static str,
}

impl Area {
    /// The file's text in `lang`.
    pub fn source(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

macro_rules! area {
    ($name:literal, $prefix:literal) => {
        Area {
            name: $name,
            prefix: $prefix,
            en: include_str!(concat!("../i18n/en/", $name, ".ftl")),
            zh: include_str!(concat!("../i18n/zh/", $name, ".ftl")),
        }
    };
}

/// Every message file. `common` also holds the glossary: Fluent terms (`-epoch`, `-learning-rate`)
/// that the other files use, so one field term is translated once.
pub const AREAS: &[Area] = &[
    area!("common", "common-"),
    area!("data", "data-"),
    area!("model", "model-"),
    area!("train", "train-"),
    area!("evaluate", "evaluate-"),
    area!("deploy", "deploy-"),
    area!("lab", "lab-"),
    area!("teach", "teach-"),
    area!("errors", "error-"),
];

/// The text of `area`'s file in `lang` (`None` for an unknown area).
pub fn source(lang: Lang, area: &str) -> Option<&'static str> {
    AREAS.iter().find(|a| a.name == area).map(|a| a.source(lang))
}

thread_local! {
    /// One bundle per language (index = position in `Lang::ALL`), built on first use.
    static BUNDLES: [FluentBundle<FluentResource>; 2] = Lang::ALL.map(bundle);
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let mut b = FluentBundle::new(vec![lang.locale()]);
    // No Unicode isolation marks around arguments: the page is left-to-right in both languages,
    // and invisible characters would end up in copied text and in tests.
    b.set_use_isolating(false);
    b.set_formatter(Some(number_format));
    for area in AREAS {
        // A file with a syntax error keeps its good entries; `tests/coverage.rs` reports the rest.
        let res = FluentResource::try_new(area.source(lang).to_string()).unwrap_or_else(|(res, _)| res);
        let _ = b.add_resource(res);
    }
    b
}

fn index(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

/// `msg` in words in `lang`. A message the language lacks is taken from English; an id English
/// lacks too comes out as the id itself (the coverage test keeps both from happening). Nested
/// [`Arg::Msg`] arguments are put into words in the same language first.
pub fn format(lang: Lang, msg: &Msg) -> String {
    let mut args = FluentArgs::new();
    for (name, arg) in &msg.args {
        args.set(name.as_ref(), value(lang, arg));
    }
    let (id, attr) = split_id(&msg.id);
    let out = BUNDLES.with(|bundles| {
        [lang, Lang::En].into_iter().find_map(|l| {
            let b = &bundles[index(l)];
            let m = b.get_message(id)?;
            let pattern = match attr {
                None => m.value()?,
                Some(a) => m.get_attribute(a)?.value(),
            };
            let mut errors = Vec::new();
            let s = b.format_pattern(pattern, Some(&args), &mut errors).into_owned();
            #[cfg(all(debug_assertions, not(target_arch = "wasm32")))]
            assert!(errors.is_empty() || l != Lang::En, "message {} in English: {errors:?}", msg.id);
            Some(s)
        })
    });
    match out {
        Some(s) => s,
        None => {
            #[cfg(all(debug_assertions, not(target_arch = "wasm32")))]
            panic!("no English message {:?}: add it to crates/kiln-i18n/i18n/en/", msg.id);
            #[allow(unreachable_code)]
            msg.id.to_string()
        }
    }
}

fn value(lang: Lang, arg: &Arg) -> FluentValue<'_> {
    match arg {
        Arg::Text(s) => FluentValue::String(Cow::Borrowed(s.as_str())),
        Arg::Num(v) if v.is_finite() => FluentValue::Number(FluentNumber::new(*v, Default::default())),
        Arg::Num(v) => FluentValue::String(Cow::Owned(format!("{v}"))),
        Arg::Msg(m) => FluentValue::String(Cow::Owned(format(lang, m))),
        Arg::List(items) => FluentValue::String(Cow::Owned(list(lang, items))),
    }
}

/// `items` joined as `lang` lists things: `common-list-comma` between all but the last two,
/// `common-list-and` before the last.
fn list(lang: Lang, items: &[Arg]) -> String {
    let words: Vec<String> = items
        .iter()
        .map(|a| match value(lang, a) {
            FluentValue::Number(n) => number_format::<()>(&FluentValue::Number(n), &()).unwrap_or_default(),
            FluentValue::String(s) => s.into_owned(),
            _ => String::new(),
        })
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            format!("{}{}{last}", rest.join(&text(lang, "common-list-comma")), text(lang, "common-list-and"))
        }
    }
}

/// The message `id` (no arguments) in `lang`: `text(Lang::Zh, "train-start")`.
pub fn text(lang: Lang, id: &str) -> String {
    format(lang, &Msg::new(id.to_string()))
}

/// `msg` in English: what `Display` of an error enum writes (see [`crate::english_error!`]).
pub fn english(msg: &Msg) -> String {
    format(Lang::En, msg)
}

/// True when `lang`'s files have a message (or `id.attr` attribute) with this id.
pub fn has(lang: Lang, id: &str) -> bool {
    let (id, attr) = split_id(id);
    BUNDLES.with(|bundles| {
        bundles[index(lang)].get_message(id).is_some_and(|m| match attr {
            None => m.value().is_some(),
            Some(a) => m.get_attribute(a).is_some(),
        })
    })
}

fn split_id(id: &str) -> (&str, Option<&str>) {
    match id.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (id, None),
    }
}

fn messages(lang: Lang) -> impl Iterator<Item = (&'static Area, ast::Message<&'static str>)> {
    AREAS.iter().flat_map(move |area| {
        let res = fluent_syntax::parser::parse(area.source(lang)).unwrap_or_else(|(res, _)| res);
        res.body.into_iter().filter_map(move |e| match e {
            ast::Entry::Message(m) => Some((area, m)),
            _ => None,
        })
    })
}

/// Every message id in `lang`'s files, with the area whose file holds it (duplicates included,
/// so a test can find them).
pub fn message_ids(lang: Lang) -> Vec<(&'static str, String)> {
    messages(lang).map(|(area, m)| (area.name, m.id.name.to_string())).collect()
}

/// Every `id.attr` attribute id in `lang`'s files.
pub fn attribute_ids(lang: Lang) -> Vec<String> {
    messages(lang)
        .flat_map(|(_, m)| m.attributes.iter().map(|a| format!("{}.{}", m.id.name, a.id.name)).collect::<Vec<_>>())
        .collect()
}

/// The variables (`$row` → `row`) that message `id` (or `id.attr`) uses in `lang`, in its value
/// and every variant; `None` when there is no such message.
pub fn variables(lang: Lang, id: &str) -> Option<BTreeSet<String>> {
    let (id, attr) = split_id(id);
    let (_, m) = messages(lang).find(|(_, m)| m.id.name == id)?;
    let pattern = match attr {
        None => m.value?,
        Some(a) => m.attributes.into_iter().find(|x| x.id.name == a)?.value,
    };
    let mut out = BTreeSet::new();
    pattern_variables(&pattern, &mut out);
    Some(out)
}

fn pattern_variables(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_variables(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                pattern_variables(&v.value, out);
            }
        }
    }
}

fn inline_variables(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, out);
            }
            for a in &arguments.named {
                inline_variables(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

/// Numbers as people read them in both languages: whole numbers with thousands separators
/// (`25,000`; mainland Chinese groups digits the same way), others as Rust writes them unless the
/// message asks for `NUMBER($x, maximumFractionDigits: 2)`.
fn number_format<M>(v: &FluentValue, _: &M) -> Option<String> {
    let FluentValue::Number(n) = v else { return None };
    let o = &n.options;
    let mut s = match o.maximum_fraction_digits {
        Some(max) => {
            let s = format!("{:.*}", max, n.value);
            let min = o.minimum_fraction_digits.unwrap_or(0);
            trim_fraction(s, min)
        }
        None if n.value.fract() == 0.0 && n.value.abs() < 1e15 && o.minimum_fraction_digits.is_none() => {
            format!("{}", n.value as i64)
        }
        None => n.as_string().into_owned(),
    };
    if o.use_grouping {
        s = group(&s);
    }
    Some(s)
}

/// Drops trailing fraction zeros down to `min` digits (`0.5000` → `0.5`, `2.00` → `2`).
fn trim_fraction(mut s: String, min: usize) -> String {
    if let Some(dot) = s.find('.') {
        while s.len() > dot + 1 + min && s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// Thousands separators in the whole part of a plain decimal: `-1234567.5` → `-1,234,567.5`.
fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (whole, frac) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    if whole.len() <= 3 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_same_in_both_languages() {
        assert_eq!(group("25000"), "25,000");
        assert_eq!(group("-1234567.5"), "-1,234,567.5");
        assert_eq!(group("999"), "999");
        assert_eq!(trim_fraction("0.5000".into(), 0), "0.5");
        assert_eq!(trim_fraction("2.00".into(), 0), "2");
        assert_eq!(trim_fraction("2.00".into(), 1), "2.0");
    }
}
