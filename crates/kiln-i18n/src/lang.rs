//! [`Lang`]: the languages Kiln speaks, their codes (`en`, `zh`: the page's `?lang=` and its
//! language menu) and the choice from a browser's preferred languages.

use serde::{Deserialize, Serialize};

/// A language of the page. English is the default and the fallback for a message a translation
/// lacks (the completeness test keeps that from happening).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (简体中文, mainland terminology).
    Zh,
}

impl Lang {
    /// Every language, in the order of the language menu.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The short code used in URLs (`?lang=zh`), storage and the menu's option values.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>`: `zh-CN` makes browsers pick Simplified Chinese glyphs
    /// and fonts.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, shown in the menu whatever the current language
    /// (`English`, `简体中文`).
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// The language of a code or BCP 47 tag, case-insensitive: `en`, `en-GB` → English; `zh`,
    /// `zh-CN`, `zh-Hans`, `ZH-tw` → Chinese (the only Chinese Kiln has). `None` for others.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The first of a browser's preferred languages (`navigator.languages`, best first) that
    /// Kiln speaks; English when none is.
    pub fn negotiate<S: AsRef<str>>(preferred: &[S]) -> Lang {
        preferred.iter().find_map(|t| Lang::from_tag(t.as_ref())).unwrap_or_default()
    }

    /// The Fluent locale of the message files (plural rules: English one/other, Chinese other).
    pub(crate) fn locale(self) -> unic_langid::LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_preferences() {
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("ZH_tw"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::negotiate(&["fr-FR", "zh-CN", "en"]), Lang::Zh);
        assert_eq!(Lang::negotiate(&["de"]), Lang::En);
        assert_eq!(Lang::negotiate::<&str>(&[]), Lang::En);
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.code()), Some(l));
            assert_eq!(Lang::from_tag(l.html_tag()), Some(l));
            assert_eq!(l.locale().language.as_str(), l.code());
        }
        assert_eq!(serde_json::to_string(&Lang::Zh).ok().as_deref(), Some("\"zh\""));
    }
}
