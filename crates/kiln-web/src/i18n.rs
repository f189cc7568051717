//! The page's language: which one a visit starts in (the URL's `?lang=`, then the choice
//! remembered in `localStorage`, then the browser's `navigator.languages`, then English), the
//! language menu in the header ([`LangSelect`], `data-testid="lang-select"`), `<html lang>`, and
//! the `lang=` key every query the page writes carries (teaching mode's shareable link).
//!
//! Components read the language from yew's context ([`use_lang`]) and put text into words with
//! [`t`] (a message id) or [`tr`] (a [`Msg`] from the worker or the pure crates); the words live
//! in `crates/kiln-i18n/i18n/<lang>/<area>.ftl`, never in Rust.

use std::cell::Cell;

pub use kiln_i18n::{Lang, Msg};
use yew::prelude::*;

/// The `localStorage` key holding the last chosen language code.
const STORAGE_KEY: &str = "kiln.lang";

thread_local! {
    /// The language the page shows now (for code outside components, e.g. the URL writer).
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The message `id` (or `id.attr`) in `lang`.
pub fn t(lang: Lang, id: &str) -> String {
    kiln_i18n::text(lang, id)
}

/// `msg` in `lang`.
pub fn tr(lang: Lang, msg: &Msg) -> String {
    kiln_i18n::format(lang, msg)
}

/// `kind`'s name in `lang` (`model-opt-<id>`), e.g. "SGD with momentum" / "带动量的 SGD".
pub fn optimizer_label(lang: Lang, kind: kiln_core::OptimizerKind) -> String {
    t(lang, &format!("model-opt-{}", kind.id()))
}

/// One line on what optimizer `kind` does (`model-opt-<id>.help`).
pub fn optimizer_help(lang: Lang, kind: kiln_core::OptimizerKind) -> String {
    t(lang, &format!("model-opt-{}.help", kind.id()))
}

/// One line on what a layer of `kind` does (`model-layer-<Keras name>`).
pub fn layer_help(lang: Lang, kind: kiln_core::LayerKind) -> String {
    t(lang, &format!("model-layer-{}", kind.id()))
}

/// One line on what activation `a` does (`model-act-<Keras name>`).
pub fn activation_help(lang: Lang, a: kiln_core::Activation) -> String {
    t(lang, &format!("model-act-{}", a.id()))
}

/// Loss `loss` as people say it (`model-loss-<id>`), e.g. "binary cross-entropy" / "二元交叉熵".
pub fn loss_label(lang: Lang, loss: kiln_core::LossSpec) -> String {
    t(lang, &format!("model-loss-{}", loss.id()))
}

/// One line on what loss `loss` suits (`model-loss-<id>.help`).
pub fn loss_help(lang: Lang, loss: kiln_core::LossSpec) -> String {
    t(lang, &format!("model-loss-{}.help", loss.id()))
}

/// Tokenizer `tok`'s name (`data-tokenizer-<id>`).
pub fn tokenizer_label(lang: Lang, tok: kiln_core::Tokenizer) -> String {
    t(lang, &format!("data-tokenizer-{}", tok.as_str()))
}

/// The language of the page, from the [`ContextProvider`] the App puts around everything.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The language the page shows now.
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// The `lang` a URL query asks for (`?lang=zh`, `mode=teach&lang=en`), if any Kiln speaks.
pub fn from_query(query: &str) -> Option<Lang> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::from_tag(&v))
}

/// `query` (without `?`) with its `lang` key set to `lang` (last, replacing any other), so a
/// shared link opens in the language it was made in.
pub fn query_with_lang(query: &str, lang: Lang) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        if k != "lang" {
            out.append_pair(&k, &v);
        }
    }
    out.append_pair("lang", lang.code());
    out.finish()
}

/// The language a visit starts in: the URL's `?lang=`, else the one chosen before on this
/// computer, else the first of the browser's languages Kiln speaks, else English.
pub fn initial() -> Lang {
    let window = web_sys::window();
    let query = window.as_ref().and_then(|w| w.location().search().ok()).unwrap_or_default();
    if let Some(lang) = from_query(&query) {
        return lang;
    }
    if let Some(lang) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).and_then(|c| Lang::from_tag(&c))
    {
        return lang;
    }
    let preferred: Vec<String> =
        window.map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default();
    Lang::negotiate(&preferred)
}

/// Shows the page in `lang` from now on: `<html lang>`, the language code kept for later visits
/// (when `remember`: a choice in the menu or the URL, not a guess from the browser).
pub fn apply(lang: Lang, remember: bool) {
    CURRENT.with(|c| c.set(lang));
    let Some(window) = web_sys::window() else { return };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.html_tag());
    }
    if remember && let Some(s) = storage() {
        // Private windows may refuse storage; the page still works, it just forgets.
        let _ = s.set_item(STORAGE_KEY, lang.code());
    }
}

/// True when the page's URL names a language (then the choice is kept, like one made in the menu).
pub fn url_names_lang() -> bool {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    from_query(&query).is_some()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Props of [`LangSelect`].
#[derive(Properties, PartialEq)]
pub struct LangSelectProps {
    /// The language shown now.
    pub lang: Lang,
    /// Called with the language the person picks.
    pub on_change: Callback<Lang>,
}

/// The language menu of the header: each language by its own name (`English`, `简体中文`).
#[component]
pub fn LangSelect(props: &LangSelectProps) -> Html {
    let lang = props.lang;
    let onchange = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = Lang::from_tag(&select.value()) {
                cb.emit(l);
            }
        })
    };
    html! {
        <select class="lang-select" data-testid="lang-select" aria-label={t(lang, "common-language")}
            title={t(lang, "common-language.title")} {onchange}>
            { for Lang::ALL.iter().map(|l| html! {
                <option value={l.code()} lang={l.html_tag()} selected={*l == lang}>{ l.autonym() }</option>
            }) }
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_language() {
        assert_eq!(from_query("?mode=teach&lang=zh&data=spiral"), Some(Lang::Zh));
        assert_eq!(from_query("lang=en"), Some(Lang::En));
        assert_eq!(from_query("?lang=fr"), None);
        assert_eq!(from_query(""), None);
        assert_eq!(query_with_lang("mode=teach&lang=en&data=spiral", Lang::Zh), "mode=teach&data=spiral&lang=zh");
        assert_eq!(query_with_lang("", Lang::En), "lang=en");
        assert_eq!(from_query(&query_with_lang("?mode=teach", Lang::Zh)), Some(Lang::Zh));
    }
}
