//! The code against the message files: every message id the code names has a message, and the
//! page's components show no English written in Rust (text belongs in `i18n/<lang>/*.ftl`).
//!
//! Both checks read the workspace's sources as Rust tokens (`proc_macro2`), so they also see
//! inside `html!` and `format!`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use kiln_i18n::{Lang, has};
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn tokens(path: &Path) -> Vec<TokenTree> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    TokenStream::from_str(&text).map(|t| t.into_iter().collect()).unwrap_or_default()
}

/// The value of a string literal token (`"…"`, `r"…"`, `r#"…"#`), `None` for other literals.
fn string(t: &TokenTree) -> Option<String> {
    let TokenTree::Literal(l) = t else { return None };
    syn::parse2::<syn::LitStr>(TokenStream::from(t.clone())).ok().map(|s| s.value()).filter(|_| {
        let r = l.to_string();
        r.starts_with('"') || r.starts_with('r')
    })
}

fn is_ident(t: Option<&TokenTree>, name: &str) -> bool {
    matches!(t, Some(TokenTree::Ident(i)) if i == name)
}

fn is_punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Functions whose string-literal arguments are message ids: `Msg::new("id")`,
/// `text(lang, "id")`, `t(lang, "id")`, `has(lang, "id")`, `attr(lang, "id")`.
const ID_CALLS: &[&str] = &["t", "text", "has", "attr"];

/// Collects `(id, file)` for every literal message id in `toks` (recursively).
fn literal_ids(toks: &[TokenTree], file: &Path, out: &mut Vec<(String, PathBuf)>) {
    for (i, t) in toks.iter().enumerate() {
        let TokenTree::Group(g) = t else { continue };
        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
        let prev = i.checked_sub(1).and_then(|j| toks.get(j));
        let is_new = is_ident(prev, "new")
            && is_punct(i.checked_sub(2).and_then(|j| toks.get(j)), ':')
            && is_ident(i.checked_sub(4).and_then(|j| toks.get(j)), "Msg");
        let is_call =
            ID_CALLS.iter().any(|c| is_ident(prev, c)) && !is_punct(i.checked_sub(2).and_then(|j| toks.get(j)), '.');
        if g.delimiter() == Delimiter::Parenthesis && (is_new || is_call) {
            // The first string literal at the top level of the arguments.
            if let Some(id) = inner.iter().find_map(string) {
                out.push((id, file.to_path_buf()));
            }
        }
        // Attributes (`#[doc = "…"]`, `#[error("…")]`) hold no ids.
        if !is_punct(prev, '#') {
            literal_ids(&inner, file, out);
        }
    }
}

#[test]
fn every_message_id_in_the_code_has_a_message() {
    let mut ids = Vec::new();
    for crate_dir in std::fs::read_dir(root().join("crates")).expect("crates/").flatten() {
        // Test files (`tests.rs`, `*_tests.rs`) call their own helpers, not the formatter.
        for file in rust_files(&crate_dir.path().join("src")) {
            if file.file_name().is_some_and(|n| n.to_string_lossy().ends_with("tests.rs")) {
                continue;
            }
            literal_ids(&tokens(&file), &file, &mut ids);
        }
    }
    assert!(ids.len() >= 5, "the scan found only {} ids: is it still reading the code?", ids.len());
    let missing: Vec<String> = ids
        .iter()
        .filter(|(id, _)| !has(Lang::En, id))
        .map(|(id, f)| format!("{id} ({})", f.strip_prefix(root()).unwrap_or(f).display()))
        .collect();
    assert!(
        missing.is_empty(),
        "ids used in the code with no message in crates/kiln-i18n/i18n/en/:\n{}",
        missing.join("\n")
    );
}

/// Words that are the same in every language: proper names, Keras/PyTorch class names, file
/// formats, units and the field's own symbols. Anything else a component writes is English.
const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
    // Names.
    "Kiln",
    "WebGPU",
    "WebGL",
    "GPU",
    "CPU",
    "Keras",
    "PyTorch",
    "TensorFlow",
    "ONNX",
    "burn",
    "Rust",
    "Python",
    "Chromium",
    "SwiftShader",
    "jieba",
    "snownlp",
    "GitHub",
    "wasm",
    "WebAssembly",
    // Optimizers, activations, layers and losses by their library names.
    "Adam",
    "AdamW",
    "SGD",
    "RMSprop",
    "Adagrad",
    "ReLU",
    "relu",
    "GELU",
    "gelu",
    "tanh",
    "sigmoid",
    "softmax",
    "leaky_relu",
    "linear",
    "Dense",
    "Embedding",
    "GlobalAveragePooling1D",
    "GlobalMaxPooling1D",
    "Conv1D",
    "Conv2D",
    "MaxPool2D",
    "AveragePool2D",
    "Flatten",
    "Dropout",
    "BatchNormalization",
    "LayerNormalization",
    "MultiHeadSelfAttention",
    "Activation",
    "MSE",
    "logits",
    // Formats, units and symbols.
    "CSV",
    "TSV",
    "JSON",
    "IDX",
    "MNIST",
    "PNG",
    "JPEG",
    "ZIP",
    "URL",
    "UTF",
    "MB",
    "KB",
    "GB",
    "ms",
    "px",
    "F1",
    "ROC",
    "AUC",
    "PR",
    "L1",
    "L2",
    "x1",
    "x2",
    "sin",
    "id",
    "ids",
];

/// True when `s` reads as English: a word of two or more letters that is not the same in every
/// language. Format placeholders (`{}`, `{n:.2}`) and HTML entities do not count.
fn english_words(s: &str) -> Vec<String> {
    // A message id (`train-pause`, or one built with `format!("data-set-{id}")`) is not text.
    let id_like = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.{}".contains(c));
    if id_like && kiln_i18n::AREAS.iter().any(|a| s.starts_with(a.prefix)) {
        return Vec::new();
    }
    let mut plain = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => plain.push(c),
        }
    }
    plain
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .filter(|w| !SAME_IN_EVERY_LANGUAGE.contains(w))
        .map(str::to_string)
        .collect()
}

/// `html!` attributes whose text a person reads (the rest are ids, classes, styles, types…).
const VISIBLE_ATTRIBUTES: &[&str] = &["title", "placeholder", "alt", "aria-label", "aria-description", "label"];

/// The attribute name ending just before `toks[i]` (`… aria - label =`), if `toks[i - 1]` is `=`.
fn attribute_before(toks: &[TokenTree], i: usize) -> Option<String> {
    if !is_punct(i.checked_sub(1).and_then(|j| toks.get(j)), '=') {
        return None;
    }
    let mut parts = Vec::new();
    let mut j = i.checked_sub(2)?;
    while let Some(TokenTree::Ident(id)) = toks.get(j) {
        parts.push(id.to_string());
        if j >= 2 && is_punct(toks.get(j - 1), '-') {
            j -= 2;
        } else {
            break;
        }
    }
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some(parts.join("-"))
}

/// English shown by the markup `toks` (the inside of one `html!`): text children, visible
/// attributes and what `{ … }` blocks write, except message ids, class lists, event handlers
/// and the contents of `<pre>` and `<code>` (commands and code are not translated).
fn markup_english(toks: &[TokenTree], out: &mut Vec<String>) {
    let mut code = 0usize;
    for (i, t) in toks.iter().enumerate() {
        // `<pre …>` / `</pre>` (and code) open and close a stretch of untranslated code.
        if let TokenTree::Ident(tag) = t
            && (tag == "pre" || tag == "code")
        {
            if is_punct(i.checked_sub(1).and_then(|j| toks.get(j)), '/') {
                code = code.saturating_sub(1);
            } else if is_punct(i.checked_sub(1).and_then(|j| toks.get(j)), '<') {
                code += 1;
            }
        }
        if code > 0 {
            continue;
        }
        let attribute = attribute_before(toks, i);
        let shown = attribute.as_deref().is_none_or(|a| VISIBLE_ATTRIBUTES.contains(&a));
        match t {
            TokenTree::Literal(_) if shown => {
                if let Some(s) = string(t) {
                    let words = english_words(&s);
                    if !words.is_empty() {
                        out.push(format!("{s:?} ({})", words.join(", ")));
                    }
                }
            }
            TokenTree::Group(g) if shown => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                // The body of `if …` / `else` / `if let …` in markup is markup again.
                let markup = g.delimiter() == Delimiter::Brace
                    && attribute.is_none()
                    && (is_punct(inner.first(), '<') || matches!(inner.first(), Some(TokenTree::Group(_))));
                if markup { markup_english(&inner, out) } else { expression_english(&inner, out) }
            }
            _ => {}
        }
    }
}

/// English in Rust code inside markup: string literals, except message ids (arguments of the id
/// calls), class lists (`classes!`) and nested `html!` (checked as markup).
fn expression_english(toks: &[TokenTree], out: &mut Vec<String>) {
    for (i, t) in toks.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| toks.get(j));
        match t {
            TokenTree::Literal(_) => {
                if let Some(s) = string(t) {
                    let words = english_words(&s);
                    if !words.is_empty() {
                        out.push(format!("{s:?} ({})", words.join(", ")));
                    }
                }
            }
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let before_bang = i.checked_sub(2).and_then(|j| toks.get(j));
                if is_punct(prev, '!') && is_ident(before_bang, "html") {
                    markup_english(&inner, out);
                } else if is_punct(prev, '!') && is_ident(before_bang, "classes") {
                } else if ID_CALLS.iter().any(|c| is_ident(prev, c)) || is_ident(prev, "new") || is_ident(prev, "arg") {
                    // Arguments of `t(lang, "id")`, `Msg::new("id")` and `.arg("name", value)`:
                    // ids and variable names, not text; but an
                    // argument may itself be an expression with text (`Msg::new(..).arg(..)`).
                    let rest: Vec<TokenTree> = inner.into_iter().filter(|t| string(t).is_none()).collect();
                    expression_english(&rest, out);
                } else if is_punct(prev, '#') {
                } else {
                    expression_english(&inner, out);
                }
            }
            _ => {}
        }
    }
}

/// Files still written in English, translated in phase 2 of issue 13 (after the page's
/// restructuring lands). New files are checked at once; this list only shrinks.
const NOT_YET_TRANSLATED: &[&str] = &[];

#[test]
fn components_show_no_literal_english() {
    let src = root().join("crates/kiln-web/src");
    let mut found = Vec::new();
    let mut pending = 0;
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        let mut english = Vec::new();
        expression_english_in_markup(&tokens(&file), &mut english);
        if NOT_YET_TRANSLATED.contains(&rel.as_str()) {
            pending += english.len();
            continue;
        }
        found.extend(english.into_iter().map(|e| format!("{rel}: {e}")));
    }
    println!("{pending} English texts in files not yet translated ({NOT_YET_TRANSLATED:?})");
    assert!(
        found.is_empty(),
        "components write English in Rust; put it in crates/kiln-i18n/i18n/{{en,zh}}/<area>.ftl and show it with \
         i18n::t(lang, \"<id>\") (or add a proper name to SAME_IN_EVERY_LANGUAGE):\n{}",
        found.join("\n")
    );
}

/// Only the markup: every `html! { … }` in a file.
fn expression_english_in_markup(toks: &[TokenTree], out: &mut Vec<String>) {
    for (i, t) in toks.iter().enumerate() {
        let TokenTree::Group(g) = t else { continue };
        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
        let prev = i.checked_sub(1).and_then(|j| toks.get(j));
        if is_punct(prev, '!') && is_ident(i.checked_sub(2).and_then(|j| toks.get(j)), "html") {
            markup_english(&inner, out);
        } else if !is_punct(prev, '#') {
            expression_english_in_markup(&inner, out);
        }
    }
}

#[test]
fn the_english_check_can_fail() {
    let markup = r#"<p title="Start training" class="big words">{ "Train" }{ t(lang, "train-start") }<pre>{ "cargo run" }</pre>{ "×" }{ "Adam, ReLU" } if on { <b class="x y">{ "×" }</b> }</p>"#;
    let toks: Vec<TokenTree> = TokenStream::from_str(markup).expect("tokens").into_iter().collect();
    let mut out = Vec::new();
    markup_english(&toks, &mut out);
    assert_eq!(out.len(), 2, "{out:?}");
    assert!(out[0].contains("Start training") && out[1].contains("\"Train\""), "{out:?}");
}
