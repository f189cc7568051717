//! Picked files as the data layer sees them: a path and bytes ([`UploadedFile`]), one file of a
//! class folder ([`ClassFile`]), and what a name says about a file (an image, an IDX array, a
//! text document). Names only: nothing here reads a disk.

/// One picked file: its path as the browser gives it (`name.csv` for a picked file,
/// `root/class/file.png` for a file in a picked folder) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// Path with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// One file of a "folder per class" data set (images or `.txt` documents): the class is the
/// name of the folder that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassFile {
    /// Class name: the folder holding the file (`cats` for `pets/cats/1.png`).
    pub class: String,
    /// File name without folders (`1.png`).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl ClassFile {
    /// A file of class `class` called `name`.
    pub fn new(class: impl Into<String>, name: impl Into<String>, bytes: Vec<u8>) -> Self {
        ClassFile { class: class.into(), name: name.into(), bytes }
    }

    /// `class/name`, as notices name the file.
    pub fn label(&self) -> String {
        format!("{}/{}", self.class, self.name)
    }
}

/// Where a path puts a file in a "folder per class" layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement<'a> {
    /// Hidden (a part starts with `.`) or macOS metadata (`__MACOSX`): ignored without a word.
    Hidden,
    /// Not inside any folder, so it has no class.
    Loose,
    /// In a class folder.
    InClass {
        /// The folder holding the file.
        class: &'a str,
        /// The file name.
        name: &'a str,
    },
}

/// Where `path` (`/` or `\` separators) puts its file: the class is the folder that holds it.
/// With `drop_root` (a folder picker, whose paths start with the picked folder's own name) the
/// first part is dropped first, so files lying directly in the picked folder are loose.
pub fn placement(path: &str, drop_root: bool) -> Placement<'_> {
    let mut parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    if drop_root && parts.len() > 1 {
        parts.remove(0);
    }
    if parts.iter().any(|p| p.starts_with('.') || *p == "__MACOSX") {
        return Placement::Hidden;
    }
    match parts.as_slice() {
        [.., class, name] => Placement::InClass { class, name },
        _ => Placement::Loose,
    }
}

/// The last part of a path, lower-cased (for matching extensions).
pub fn lower_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_lowercase()
}

/// True for a PNG or JPEG by its name (`.png`, `.jpg`, `.jpeg`, any case).
pub fn is_image_name(path: &str) -> bool {
    let n = lower_name(path);
    [".png", ".jpg", ".jpeg"].iter().any(|e| n.ends_with(e))
}

/// True for a text document by its name (`.txt`, any case).
pub fn is_text_name(path: &str) -> bool {
    lower_name(path).ends_with(".txt")
}

/// True for an IDX (MNIST-format) array by its name: `.idx`, `-ubyte`, `idx1` / `idx3`,
/// optionally gzip-compressed (`.gz`).
pub fn is_idx_name(path: &str) -> bool {
    let n = lower_name(path);
    let n = n.strip_suffix(".gz").unwrap_or(&n);
    n.ends_with(".idx") || n.contains("-ubyte") || n.contains("idx1") || n.contains("idx3")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placements() {
        assert_eq!(placement("pets/cats/1.png", false), Placement::InClass { class: "cats", name: "1.png" });
        assert_eq!(placement("pets/cats/1.png", true), Placement::InClass { class: "cats", name: "1.png" });
        assert_eq!(placement("cats\\1.png", false), Placement::InClass { class: "cats", name: "1.png" });
        assert_eq!(placement("pets/readme.md", true), Placement::Loose);
        assert_eq!(placement("top.png", false), Placement::Loose);
        assert_eq!(placement("pets/.DS_Store", true), Placement::Hidden);
        assert_eq!(placement("__MACOSX/pets/cats/._1.png", false), Placement::Hidden);
    }

    #[test]
    fn names() {
        assert!(is_image_name("a/B.JPEG") && is_image_name("c.png") && !is_image_name("png.txt"));
        assert!(is_text_name("x/Y.TXT") && !is_text_name("y.csv"));
        assert!(is_idx_name("train-images-idx3-ubyte.gz") && is_idx_name("labels.idx") && !is_idx_name("a.csv"));
    }
}
