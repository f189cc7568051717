//! `--data`: a built-in data set by id (read from `assets/`, the files
//! `scripts/fetch-datasets.sh` writes) or the person's own files — a table (`.csv`, `.tsv`…), a
//! `.zip` of class folders, a folder of class folders, or two IDX files — read into the same
//! [`Source`] the page's worker builds, through the same kiln-data code ([`Source::builtin`],
//! [`Source::upload`]). Only this module touches the file system.

use std::path::{Path, PathBuf};

use kiln_data::builtin::{self, asset_files};
use kiln_data::images::ImageOptions;
use kiln_data::source::Source;
use kiln_data::{TaskChoice, UploadOptions, UploadedFile};

/// Where the data comes from and the choices the page's preview offers.
#[derive(Debug, Clone, Default)]
pub struct DataArgs {
    /// A built-in id (`iris`, `review-sentences`…), a file or a folder; two IDX files for images.
    pub data: Vec<String>,
    /// Column to predict (tables); default: a built-in set's own target, else the last column.
    pub target: Option<String>,
    /// Classification or regression (tables); default: the suggestion for the target.
    pub task: Option<TaskChoice>,
    /// Columns to leave out of the inputs (tables).
    pub ignore: Vec<String>,
    /// Size and colour image folders are converted to.
    pub image: ImageOptions,
    /// The assets folder holding the built-in sets.
    pub assets: PathBuf,
}

/// A loaded data set and the name it goes by (the id, or the file / folder name).
pub struct Loaded {
    /// The data.
    pub source: Source,
    /// `iris`, `reviews.csv`, `pets/`…
    pub name: String,
}

/// Reads a whole file, with its path in the message on failure.
///
/// # Errors
/// The path and the I/O error.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every file under `dir` (hidden files and folders skipped), as `dir_name/…/file` paths the
/// way a browser's folder picker gives them.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<UploadedFile>) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let inner = format!("{prefix}/{name}");
        if path.is_dir() {
            walk(&path, &inner, out)?;
        } else {
            out.push(UploadedFile { path: inner, bytes: read(&path)? });
        }
    }
    Ok(())
}

/// Loads `--data` like the page does: a built-in id from the assets folder, else the files.
///
/// # Errors
/// A message: no `--data`, a built-in asset that is missing (with the command that makes it), a
/// path that does not exist, or kiln-data's message for data that does not read.
pub fn load(args: &DataArgs) -> Result<Loaded, String> {
    let upload = UploadOptions {
        target: args.target.clone(),
        task: args.task,
        kinds: Vec::new(),
        ignore: args.ignore.clone(),
        image: args.image,
        undo: Vec::new(),
    };
    let [first, ..] = args.data.as_slice() else {
        return Err("say which data with --data (a built-in id such as iris, or a file or folder)".into());
    };
    if let (Some(info), 1) = (builtin::find(first), args.data.len())
        && !Path::new(first).exists()
    {
        let files = asset_files(info);
        let mut bytes = Vec::new();
        for f in &files {
            let path = args.assets.join(f);
            bytes.push(read(&path).map_err(|e| format!("{e} (run scripts/fetch-datasets.sh first)"))?);
        }
        let source = Source::builtin(info.kind, &bytes[0], bytes.get(1).map(Vec::as_slice))
            .map_err(|e| format!("{first}: {e}"))?;
        // A built-in table takes the same target / task / left-out choices as an upload.
        let chosen = args.target.is_some() || args.task.is_some() || !args.ignore.is_empty();
        let source = match &source {
            Source::Table(_, options) if chosen => {
                let target = args.target.clone().unwrap_or_else(|| options.target.clone());
                let options = UploadOptions { target: Some(target), ..upload };
                source.reconfigure(&options).unwrap_or(source)
            }
            _ => source,
        };
        return Ok(Loaded { source, name: first.clone() });
    }
    let mut files = Vec::new();
    let mut from_folder = false;
    for d in &args.data {
        let path = Path::new(d);
        if !path.exists() {
            let ids: Vec<&str> = builtin::BUILTIN.iter().map(|b| b.id).collect();
            return Err(format!("{d}: no such file or folder, and not a built-in data set ({})", ids.join(", ")));
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| d.clone());
        if path.is_dir() {
            from_folder = true;
            walk(path, &name, &mut files)?;
        } else {
            files.push(UploadedFile { path: name, bytes: read(path)? });
        }
    }
    let name = args.data.join(" + ");
    let source = Source::upload(files, from_folder, &upload, &mut |_, _, _| {}).map_err(|e| format!("{name}: {e}"))?;
    Ok(Loaded { source, name })
}
