//! [`DataId`]: which data set the page and the worker mean, a built-in one by its id or an
//! upload by its name. The one place that knows how an id is written as text (`iris`,
//! `upload:pets.zip`, the form an HTML `<select>` value takes).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::builtin::{DatasetInfo, find};

/// The text form's prefix of an upload ([`fmt::Display`] / [`FromStr`]).
const UPLOAD_PREFIX: &str = "upload:";

/// Which data set: built-in (by [`DatasetInfo::id`]) or uploaded (by the file's or picked
/// folder's name). Serde form: `{"Builtin":"iris"}`, `{"Upload":"pets.zip"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataId {
    /// A built-in data set, e.g. `review-sentences`, `iris`, `mnist-10k` (see
    /// [`crate::builtin::BUILTIN`]); not checked to exist until looked up ([`DataId::info`]).
    Builtin(String),
    /// Files the person picked: the file's or the picked folder's name.
    Upload(String),
}

impl DataId {
    /// The built-in data set's id, or the upload's name.
    pub fn name(&self) -> &str {
        match self {
            DataId::Builtin(id) | DataId::Upload(id) => id,
        }
    }

    /// True for an upload.
    pub fn is_upload(&self) -> bool {
        matches!(self, DataId::Upload(_))
    }

    /// Source, licence and citation of a built-in data set (`None` for an upload or an unknown id).
    pub fn info(&self) -> Option<&'static DatasetInfo> {
        match self {
            DataId::Builtin(id) => find(id),
            DataId::Upload(_) => None,
        }
    }
}

impl fmt::Display for DataId {
    /// `iris` for a built-in set, `upload:pets.zip` for an upload.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataId::Builtin(id) => f.write_str(id),
            DataId::Upload(name) => write!(f, "{UPLOAD_PREFIX}{name}"),
        }
    }
}

impl FromStr for DataId {
    type Err = std::convert::Infallible;

    /// Reads what [`fmt::Display`] writes: `upload:<name>` is an upload, anything else a built-in id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.strip_prefix(UPLOAD_PREFIX) {
            Some(name) => DataId::Upload(name.to_owned()),
            None => DataId::Builtin(s.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_serde_forms_round_trip() {
        for (id, text) in
            [(DataId::Builtin("iris".into()), "iris"), (DataId::Upload("my data.csv".into()), "upload:my data.csv")]
        {
            assert_eq!(id.to_string(), text);
            assert_eq!(text.parse::<DataId>(), Ok(id.clone()));
            let json = serde_json::to_string(&id).expect("serialises");
            assert_eq!(serde_json::from_str::<DataId>(&json).expect("reads back"), id);
        }
        assert_eq!(serde_json::to_string(&DataId::Upload("a.csv".into())).expect("json"), r#"{"Upload":"a.csv"}"#);
        assert_eq!(DataId::Builtin("iris".into()).info().map(|i| i.name), Some("Iris flowers"));
        assert!(DataId::Upload("iris".into()).info().is_none() && DataId::Upload("x".into()).is_upload());
        assert_eq!(
            DataId::Upload("upload:x".into()).to_string().parse::<DataId>(),
            Ok(DataId::Upload("upload:x".into()))
        );
    }
}
