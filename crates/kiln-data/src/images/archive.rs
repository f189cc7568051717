//! `.zip` archives of class folders, read with the `zip` crate under limits on entries and
//! decompressed size (counted on the real bytes, against zip bombs).

use kiln_i18n::Msg;
use std::io::{Cursor, Read};

use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::files::{ClassFile, Placement, placement};

/// Limits on what a `.zip` may expand to (against zip bombs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZipLimits {
    /// Most entries (files and folders).
    pub max_entries: usize,
    /// Most bytes of all files together, uncompressed.
    pub max_total_bytes: u64,
}

impl Default for ZipLimits {
    /// 100,000 entries, 512 MiB.
    fn default() -> Self {
        ZipLimits { max_entries: 100_000, max_total_bytes: 512 * 1024 * 1024 }
    }
}

/// Reads a `.zip` of class folders into [`ClassFile`]s: each file's class is the
/// folder that holds it (`cats/1.png`, or `pets/cats/1.png` inside one top folder). Files at the
/// top level, hidden files and `__MACOSX` entries are ignored. Stored and deflated entries are
/// supported.
///
/// # Errors
/// [`DataError::Invalid`] when the bytes are not a zip, an entry cannot be read (e.g. another
/// compression method or encryption), or the archive exceeds `limits` (entries or total size,
/// counted on the real decompressed bytes, not the declared ones).
pub fn unzip_folders(bytes: &[u8], limits: &ZipLimits) -> Result<Vec<ClassFile>, DataError> {
    let bad = |e: zip::result::ZipError| DataError::Invalid(Msg::new("error-data-zip").arg("detail", e.to_string()));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(bad)?;
    if archive.len() > limits.max_entries {
        return Err(DataError::Invalid(
            Msg::new("error-data-zip-entries").arg("entries", archive.len()).arg("max", limits.max_entries),
        ));
    }
    let too_big = || DataError::Invalid(Msg::new("error-data-zip-size").arg("mb", limits.max_total_bytes / 1_000_000));
    let mut total = 0u64;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(bad)?;
        if entry.is_dir() {
            continue;
        }
        let path = entry.name().map_err(bad)?.to_string();
        let Placement::InClass { class, name } = placement(&path, false) else { continue };
        let (class, name) = (class.to_owned(), name.to_owned());
        if entry.size() > limits.max_total_bytes - total {
            return Err(too_big());
        }
        let mut data = Vec::new();
        let room = limits.max_total_bytes - total;
        (&mut entry).take(room + 1).read_to_end(&mut data).map_err(|e| {
            DataError::Invalid(Msg::new("error-data-zip-entry").arg("path", &path).arg("detail", e.to_string()))
        })?;
        if data.len() as u64 > room {
            return Err(too_big());
        }
        total += data.len() as u64;
        out.push(ClassFile { class, name, bytes: data });
    }
    if out.is_empty() {
        return Err(DataError::invalid("error-data-zip-no-folders"));
    }
    Ok(out)
}
