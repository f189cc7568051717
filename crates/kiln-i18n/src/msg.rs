//! [`Msg`]: a message as data — its id in the message files and its arguments — so it can cross
//! the worker boundary as JSON and be put into words by the page in the language chosen there.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A message for a person, not yet in any language: the id of a message in
/// `i18n/<lang>/<area>.ftl` (e.g. `error-data-row`) and its named arguments (`row = 3`).
/// [`crate::format`] puts it into words. Ids may name a message's attribute as `id.attr`
/// (e.g. `train-start.title`).
///
/// Serialised as `{"id":"error-data-row","args":[["row",{"Num":3}]]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    /// The message id (kebab-case, starting with its area, see [`crate::AREAS`]).
    pub id: Cow<'static, str>,
    /// Named arguments, in the order given (Fluent variables `{ $name }`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

/// One argument of a [`Msg`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    /// Text shown as it is, in every language: a file or column name, a value from the data, a
    /// Keras class name, a number already formatted with its unit, a library's own message.
    Text(String),
    /// A number: it chooses plural forms (`{ $rows -> [one] … *[other] … }`), and whole numbers
    /// are shown with thousands separators (`25,000`). Never NaN or infinite (those become
    /// [`Arg::Text`]; a NaN that slipped through travels as `null` and reads back as NaN).
    Num(#[serde(deserialize_with = "nan_from_null")] f64),
    /// Another message, put into words in the same language first (e.g. the hint of a shape
    /// error).
    Msg(Box<Msg>),
    /// Several items, each put into words and joined as the language lists things (`a, b and c`;
    /// `a、b 和 c`).
    List(Vec<Arg>),
}

impl Msg {
    /// A message with no arguments yet.
    pub fn new(id: impl Into<Cow<'static, str>>) -> Self {
        Msg { id: id.into(), args: Vec::new() }
    }

    /// Text from outside Kiln shown as it is in every language (a browser's or a library's own
    /// message): `common-verbatim`. Kiln's own sentences never go through here.
    pub fn verbatim(text: impl Into<String>) -> Self {
        Msg::new("common-verbatim").arg("text", text.into())
    }

    /// Adds the argument `name` (the Fluent variable `$name`).
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// The argument `name`, if given.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }
}

/// Something that can say itself as a [`Msg`]: every error enum of the pure crates, the worker's
/// notices and readings. Pair it with [`crate::english_error!`] for `Display`.
pub trait Localize {
    /// The message, ready for [`crate::format`] in any language.
    fn msg(&self) -> Msg;
}

impl Localize for Msg {
    fn msg(&self) -> Msg {
        self.clone()
    }
}

impl Arg {
    /// A number argument; NaN and infinities become text (`NaN`, `inf`, `-inf`), since JSON has
    /// no such numbers.
    pub fn num(v: f64) -> Self {
        if v.is_finite() { Arg::Num(v) } else { Arg::Text(format!("{v}")) }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(Box::new(m))
    }
}

impl From<Vec<Msg>> for Arg {
    fn from(items: Vec<Msg>) -> Self {
        Arg::List(items.into_iter().map(Arg::from).collect())
    }
}

impl From<Vec<String>> for Arg {
    fn from(items: Vec<String>) -> Self {
        Arg::List(items.into_iter().map(Arg::Text).collect())
    }
}

impl From<f64> for Arg {
    fn from(v: f64) -> Self {
        Arg::num(v)
    }
}

impl From<f32> for Arg {
    fn from(v: f32) -> Self {
        Arg::num(f64::from(v))
    }
}

macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                // Counts, rows and sizes: exact in an f64 up to 2^53.
                Arg::Num(v as f64)
            }
        }
    )*};
}
int_args!(u8, u16, u32, u64, usize, i32, i64);

/// Reads a number written by serde_json, which writes NaN as `null`.
fn nan_from_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}
