//! Every word Kiln shows a person, in every language it speaks (English and 简体中文).
//!
//! This crate owns the message files (`i18n/<lang>/<area>.ftl`, [Project Fluent] syntax, one file
//! per area of the page per language, plain text a translator edits), the typed message [`Msg`]
//! (an id in those files and its arguments) that errors, notices and worker events carry instead
//! of English sentences, the languages ([`Lang`]) and the one formatter ([`format`], [`text`])
//! that the page, the worker and the CLI use. Error enums in the pure crates give their
//! message with a `msg()` method ([`Localize`]) and format their `Display` through English with
//! [`english_error!`], so the English text lives once, in `i18n/en/`.
//!
//! It sits below every other Kiln crate (`i18n ← core ← data ← …`) and must never know about
//! them, burn or the browser.
//!
//! [Project Fluent]: https://projectfluent.org/

mod catalog;
mod lang;
mod msg;

pub use catalog::{AREAS, Area, attribute_ids, english, format, has, message_ids, source, text, variables};
pub use lang::Lang;
pub use msg::{Arg, Localize, Msg};

/// Implements `Display` (through the English message files) and `std::error::Error` for a type
/// that implements [`Localize`], so an error enum's English text is written once, in
/// `i18n/en/errors.ftl`, and `to_string()` in the CLI and tests reads exactly what the page shows
/// in English.
///
/// ```
/// use kiln_i18n::{Localize, Msg};
/// #[derive(Debug)]
/// struct Empty;
/// impl Localize for Empty {
///     fn msg(&self) -> Msg {
///         Msg::new("error-data-empty")
///     }
/// }
/// kiln_i18n::english_error!(Empty);
/// assert_eq!(Empty.to_string(), "the file is empty");
/// ```
#[macro_export]
macro_rules! english_error {
    ($t:ty) => {
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&$crate::english(&$crate::Localize::msg(self)))
            }
        }
        impl ::std::error::Error for $t {}
    };
}
