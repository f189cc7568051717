//! The page's address: the query that holds teaching mode's set-up (the shareable link) and the
//! absolute URL of the assets folder the worker fetches built-in data sets from.

/// The page URL's query, with its `?` (empty when there is none).
pub fn query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Replaces the page URL's query (no reload, no history entry): the shareable link, which
/// always names the page's language (`lang=zh`, see [`crate::i18n::query_with_lang`]).
pub fn set_query(query: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = format!("?{}", crate::i18n::query_with_lang(query, crate::i18n::current()));
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Absolute URL of the page's `assets/` folder (for the worker, which cannot resolve `./`).
pub fn assets() -> String {
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    web_sys::Url::new_with_base("assets/", &base).map(|u| u.href()).unwrap_or_else(|_| "./assets/".into())
}
