//! Helpers for Kiln's end-to-end tests: reading the generated data set assets.

use std::path::PathBuf;

/// Reads a generated asset from `assets/`.
///
/// # Panics
/// When the asset is missing, with the command that makes it.
pub fn asset(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/fetch-datasets.sh first", path.display()))
}

/// Reads a generated asset from `assets/` as bytes (the gzip IDX image sets).
///
/// # Panics
/// When the asset is missing, with the command that makes it.
pub fn asset_bytes(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run scripts/fetch-datasets.sh first", path.display()))
}
