//! Image classification from the user's own files: PNG / JPEG in one folder per class (given as
//! `(class, file_name, bytes)`, or as a `.zip` of such folders), or MNIST-style IDX files.
//! Images are decoded with the `image` crate, resized to a chosen size, converted to grey or RGB
//! and scaled to `[0, 1]`, channels-last (`[n, height, width, channels]`, as in Keras).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use kiln_core::SplitConfig;
use serde::{Deserialize, Serialize};

use crate::examples::{Examples, Inputs, Splits, Targets};
use crate::reviews::DataError;
use crate::split::stratified_split;

/// Size and colour images are converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageOptions {
    /// Rows of pixels (1 to 512).
    pub height: usize,
    /// Columns of pixels (1 to 512).
    pub width: usize,
    /// 1 (grey) or 3 (RGB).
    pub channels: usize,
}

impl Default for ImageOptions {
    /// 28 × 28 grey, like MNIST.
    fn default() -> Self {
        ImageOptions { height: 28, width: 28, channels: 1 }
    }
}

impl ImageOptions {
    /// 32 × 32 RGB, like CIFAR-10.
    pub fn rgb32() -> Self {
        ImageOptions { height: 32, width: 32, channels: 3 }
    }

    fn check(&self) -> Result<(), DataError> {
        if !(1..=512).contains(&self.height) || !(1..=512).contains(&self.width) || ![1, 3].contains(&self.channels) {
            return Err(DataError::Invalid(format!(
                "image size must be 1 to 512 pixels a side with 1 (grey) or 3 (RGB) channels, got {}×{}×{}",
                self.height, self.width, self.channels
            )));
        }
        Ok(())
    }

    fn row_len(&self) -> usize {
        self.height * self.width * self.channels
    }
}

/// Labelled images, all the same size, before splitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageSet {
    /// Row-major pixels in `[0, 1]`, `[n, height, width, channels]`.
    pub pixels: Vec<f32>,
    /// Class id per image, `[n]`.
    pub labels: Vec<u32>,
    /// Class names, index = class id.
    pub class_names: Vec<String>,
    /// Image size and colour.
    pub options: ImageOptions,
    /// Sentences about skipped files.
    pub notices: Vec<String>,
}

impl ImageSet {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Largest decoded image side accepted (pixels) and decoder memory cap (bytes).
const MAX_SIDE: u32 = 8192;
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

fn is_image_name(name: &str) -> bool {
    let n = name.to_lowercase();
    [".png", ".jpg", ".jpeg"].iter().any(|e| n.ends_with(e))
}

/// Decodes one PNG or JPEG and converts it to `options`: resized (triangle filter, aspect ratio
/// not kept), grey or RGB, scaled to `[0, 1]`; `height × width × channels` values.
///
/// # Errors
/// [`DataError::Invalid`] naming the file when it does not decode (not PNG/JPEG, damaged, or
/// larger than 8192 pixels a side).
pub fn decode_image(name: &str, bytes: &[u8], options: &ImageOptions) -> Result<Vec<f32>, DataError> {
    let fail = |e: image::ImageError| DataError::Invalid(format!("`{name}` is not a readable PNG or JPEG image ({e})"));
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| fail(e.into()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let img = reader.decode().map_err(fail)?;
    let (w, h) = (options.width as u32, options.height as u32);
    let img = if img.width() == w && img.height() == h {
        img
    } else {
        img.resize_exact(w, h, image::imageops::FilterType::Triangle)
    };
    let raw = if options.channels == 1 { img.to_luma8().into_raw() } else { img.to_rgb8().into_raw() };
    Ok(raw.into_iter().map(|p| f32::from(p) / 255.0).collect())
}

/// Decodes images given as `(class, file_name, bytes)`, one folder per class. Files that are not
/// `.png` / `.jpg` / `.jpeg` are skipped and counted; an image file that does not decode is
/// skipped and named in a notice (the first five). Classes are sorted by name.
///
/// # Errors
/// [`DataError::Invalid`] when a class folder has no image that decodes, or fewer than 2 classes
/// remain; bad options; [`DataError::NoRows`] for no files.
pub fn load_image_folders(files: &[(String, String, Vec<u8>)], options: &ImageOptions) -> Result<ImageSet, DataError> {
    load_image_folders_with_progress(files, options, &mut |_, _| {})
}

/// [`load_image_folders`], calling `progress(done, total)` (files looked at) after every 64 files
/// and once at the end.
///
/// # Errors
/// As [`load_image_folders`].
pub fn load_image_folders_with_progress(
    files: &[(String, String, Vec<u8>)],
    options: &ImageOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImageSet, DataError> {
    options.check()?;
    let total = files.len() as u64;
    let mut done = 0u64;
    if files.is_empty() {
        return Err(DataError::NoRows);
    }
    let mut by_class: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (class, _, _)) in files.iter().enumerate() {
        by_class.entry(class.as_str()).or_default().push(i);
    }
    let class_names: Vec<String> = by_class.keys().map(|k| (*k).to_owned()).collect();
    let mut set =
        ImageSet { pixels: Vec::new(), labels: Vec::new(), class_names, options: *options, notices: Vec::new() };
    let (mut other, mut broken) = (0usize, Vec::new());
    for (label, rows) in by_class.values().enumerate() {
        let before = set.labels.len();
        for &i in rows {
            let (class, name, bytes) = &files[i];
            done += 1;
            if done.is_multiple_of(64) {
                progress(done, total);
            }
            if !is_image_name(name) {
                other += 1;
                continue;
            }
            match decode_image(&format!("{class}/{name}"), bytes, options) {
                Ok(px) => {
                    set.pixels.extend(px);
                    set.labels.push(label as u32);
                }
                Err(e) => broken.push(e.to_string()),
            }
        }
        if set.labels.len() == before {
            return Err(DataError::Invalid(format!(
                "class folder `{}` has no images that could be read (PNG or JPEG): add some or remove the folder",
                set.class_names[label]
            )));
        }
    }
    if set.class_names.len() < 2 {
        return Err(DataError::Invalid(format!(
            "classification needs at least 2 classes; only `{}` found: put each class's images in its own folder",
            set.class_names.first().map_or("", String::as_str)
        )));
    }
    progress(total, total);
    if other > 0 {
        set.notices.push(format!("skipped {other} file(s) that are not .png / .jpg images"));
    }
    if !broken.is_empty() {
        let first: Vec<&str> = broken.iter().take(5).map(String::as_str).collect();
        set.notices.push(format!("skipped {} image(s) that did not decode: {}", broken.len(), first.join("; ")));
    }
    Ok(set)
}

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

/// Reads a `.zip` of class folders into `(class, file_name, bytes)`: each file's class is the
/// folder that holds it (`cats/1.png`, or `pets/cats/1.png` inside one top folder). Files at the
/// top level, hidden files and `__MACOSX` entries are ignored. Stored and deflated entries are
/// supported.
///
/// # Errors
/// [`DataError::Invalid`] when the bytes are not a zip, an entry cannot be read (e.g. another
/// compression method or encryption), or the archive exceeds `limits` (entries or total size,
/// counted on the real decompressed bytes, not the declared ones).
pub fn unzip_folders(bytes: &[u8], limits: &ZipLimits) -> Result<Vec<(String, String, Vec<u8>)>, DataError> {
    let bad = |e: zip::result::ZipError| DataError::Invalid(format!("not a readable .zip file ({e})"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(bad)?;
    if archive.len() > limits.max_entries {
        return Err(DataError::Invalid(format!(
            "the .zip has {} entries, more than the {} allowed: use fewer images",
            archive.len(),
            limits.max_entries
        )));
    }
    let too_big = || {
        DataError::Invalid(format!(
            "the .zip expands to more than {} MB: use fewer or smaller images",
            limits.max_total_bytes / 1_000_000
        ))
    };
    let mut total = 0u64;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(bad)?;
        if entry.is_dir() {
            continue;
        }
        let path = entry.name().map_err(bad)?.replace('\\', "/");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.len() < 2 || parts.iter().any(|p| p.starts_with('.') || *p == "__MACOSX") {
            continue;
        }
        let (class, name) = (parts[parts.len() - 2], parts[parts.len() - 1]);
        if entry.size() > limits.max_total_bytes - total {
            return Err(too_big());
        }
        let mut data = Vec::new();
        let room = limits.max_total_bytes - total;
        (&mut entry)
            .take(room + 1)
            .read_to_end(&mut data)
            .map_err(|e| DataError::Invalid(format!("`{path}` in the .zip could not be read ({e})")))?;
        if data.len() as u64 > room {
            return Err(too_big());
        }
        total += data.len() as u64;
        out.push((class.to_owned(), name.to_owned(), data));
    }
    if out.is_empty() {
        return Err(DataError::Invalid(
            "the .zip has no files inside folders: put each class's images in a folder named after the class".into(),
        ));
    }
    Ok(out)
}

/// An IDX array (the MNIST file format): unsigned bytes with their dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idx {
    /// Dimensions, outermost first (`[n, 28, 28]` for MNIST images, `[n]` for labels).
    pub dims: Vec<usize>,
    /// Row-major values.
    pub data: Vec<u8>,
}

/// Largest IDX payload accepted (bytes).
const MAX_IDX_BYTES: usize = 512 * 1024 * 1024;

/// Parses an IDX file of unsigned bytes (type code `0x08`), gzip-compressed or not: two zero
/// bytes, the type, the number of dimensions, each dimension as a big-endian `u32`, then data.
///
/// # Errors
/// [`DataError::Invalid`] for a wrong magic number, an element type other than unsigned byte, or
/// a length that does not match the dimensions.
pub fn parse_idx(bytes: &[u8]) -> Result<Idx, DataError> {
    let unzipped;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_IDX_BYTES as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| DataError::Invalid(format!("the .gz file could not be decompressed ({e})")))?;
        unzipped = out;
        unzipped.as_slice()
    } else {
        bytes
    };
    let bad = |why: String| DataError::Invalid(format!("not an IDX (MNIST-format) file: {why}"));
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err(bad("it must start with two zero bytes".into()));
    }
    if bytes[2] != 0x08 {
        return Err(bad(format!("element type 0x{:02x} is not supported (only unsigned bytes, 0x08)", bytes[2])));
    }
    let ndims = usize::from(bytes[3]);
    let header = 4 + 4 * ndims;
    if ndims == 0 || bytes.len() < header {
        return Err(bad("the header is cut short".into()));
    }
    let dims: Vec<usize> =
        bytes[4..header].chunks_exact(4).map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize).collect();
    let expected = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d)).filter(|&n| n <= MAX_IDX_BYTES);
    let data = &bytes[header..];
    match expected {
        Some(n) if n == data.len() => Ok(Idx { dims, data: data.to_vec() }),
        Some(n) => Err(bad(format!("dimensions {dims:?} need {n} bytes but the file has {}", data.len()))),
        None => Err(bad(format!("dimensions {dims:?} are too large"))),
    }
}

/// Writes an IDX array of unsigned bytes (type code `0x08`, uncompressed), the inverse of
/// [`parse_idx`]: used by the build step to write the built-in image sets.
///
/// # Errors
/// [`DataError::Invalid`] when there are no dimensions, more than 255, a dimension above
/// `u32::MAX`, or `data.len()` is not their product.
pub fn write_idx(dims: &[usize], data: &[u8]) -> Result<Vec<u8>, DataError> {
    let ndims = u8::try_from(dims.len()).ok().filter(|&n| n > 0);
    let expected = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    let (Some(ndims), Some(n)) = (ndims, expected) else {
        return Err(DataError::Invalid(format!("cannot write IDX dimensions {dims:?}")));
    };
    if n != data.len() {
        return Err(DataError::Invalid(format!("IDX dimensions {dims:?} need {n} bytes, got {}", data.len())));
    }
    let mut out = Vec::with_capacity(4 + 4 * dims.len() + data.len());
    out.extend_from_slice(&[0, 0, 0x08, ndims]);
    for &d in dims {
        let d = u32::try_from(d).map_err(|_| DataError::Invalid(format!("IDX dimension {d} is too large")))?;
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(data);
    Ok(out)
}

/// Loads MNIST-style images (`[n, height, width]` IDX) and labels (`[n]` IDX) as grey images in
/// `[0, 1]`; class names are the label values (`0`…`9`).
///
/// # Errors
/// [`DataError::Invalid`] when a file is not IDX, the shapes are wrong, the counts differ, or
/// fewer than 2 classes appear.
pub fn load_idx(images: &[u8], labels: &[u8]) -> Result<ImageSet, DataError> {
    let x = parse_idx(images)?;
    let y = parse_idx(labels)?;
    if x.dims.len() != 3 || y.dims.len() != 1 {
        return Err(DataError::Invalid(format!(
            "expected images of shape [n, height, width] and labels of shape [n], got {:?} and {:?}: check which file is which",
            x.dims, y.dims
        )));
    }
    if x.dims[0] != y.dims[0] {
        return Err(DataError::Invalid(format!("{} images but {} labels: use matching files", x.dims[0], y.dims[0])));
    }
    let classes = usize::from(y.data.iter().copied().max().unwrap_or(0)) + 1;
    if classes < 2 {
        return Err(DataError::Invalid("classification needs at least 2 classes; only `0` found".into()));
    }
    Ok(ImageSet {
        pixels: x.data.iter().map(|&p| f32::from(p) / 255.0).collect(),
        labels: y.data.iter().map(|&l| u32::from(l)).collect(),
        class_names: (0..classes).map(|c| c.to_string()).collect(),
        options: ImageOptions { height: x.dims[1], width: x.dims[2], channels: 1 },
        notices: Vec::new(),
    })
}

/// Splits an image set (seeded, stratified by class) into [`Splits`] of `Inputs::Images`.
///
/// # Errors
/// [`DataError::Invalid`] for bad fractions or an empty training split.
pub fn prepare_images(set: &ImageSet, split: &SplitConfig, seed: u64) -> Result<Splits, DataError> {
    split.validate().map_err(DataError::Invalid)?;
    let s = stratified_split(&set.labels, split, seed);
    if s.train.is_empty() {
        return Err(DataError::Invalid(
            "the training split is empty: add images or raise the training fraction".into(),
        ));
    }
    let o = set.options;
    let len = o.row_len();
    let take = |rows: &[usize]| {
        let mut pixels = Vec::with_capacity(rows.len() * len);
        for &r in rows {
            pixels.extend_from_slice(set.pixels.get(r * len..(r + 1) * len).unwrap_or(&[]));
        }
        let labels: Vec<u32> = rows.iter().map(|&r| set.labels[r]).collect();
        let targets = if set.class_names.len() == 2 {
            Targets::Binary { labels }
        } else {
            Targets::Classes { labels, classes: set.class_names.len() }
        };
        Examples { inputs: Inputs::Images { pixels, height: o.height, width: o.width, channels: o.channels }, targets }
    };
    Ok(Splits {
        train: take(&s.train),
        validation: take(&s.validation),
        test: take(&s.test),
        class_names: set.class_names.clone(),
        test_raw: crate::raw::RawExamples::None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn png(w: u32, h: u32, value: u8) -> Vec<u8> {
        let img = image::GrayImage::from_pixel(w, h, image::Luma([value]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).expect("encodes");
        out.into_inner()
    }

    fn file(class: &str, name: &str, bytes: Vec<u8>) -> (String, String, Vec<u8>) {
        (class.into(), name.into(), bytes)
    }

    #[test]
    fn folders_decode_resize_and_split() {
        let files = vec![
            file("dark", "a.png", png(40, 30, 0)),
            file("dark", "b.png", png(10, 10, 0)),
            file("light", "c.PNG", png(28, 28, 255)),
            file("light", "d.png", png(5, 7, 255)),
            file("light", "broken.png", b"not an image".to_vec()),
            file("light", "notes.txt", b"hi".to_vec()),
        ];
        let set = load_image_folders(&files, &ImageOptions::default()).expect("loads");
        assert_eq!(set.len(), 4);
        assert_eq!(set.pixels.len(), 4 * 28 * 28);
        assert_eq!(set.class_names, ["dark", "light"]);
        assert!(set.pixels[..28 * 28].iter().all(|&p| p == 0.0));
        assert!(set.pixels[3 * 28 * 28..].iter().all(|&p| (p - 1.0).abs() < 1e-6));
        assert!(set.notices.iter().any(|n| n.contains("light/broken.png")), "{:?}", set.notices);
        let rgb = load_image_folders(&files, &ImageOptions::rgb32()).expect("loads");
        assert_eq!(rgb.pixels.len(), 4 * 32 * 32 * 3);
        let all = SplitConfig { train: 0.5, validation: 0.0, test: 0.5 };
        let s = prepare_images(&set, &all, 1).expect("splits");
        assert_eq!((s.train.len(), s.test.len()), (2, 2));
        assert_eq!(s.train.check(), Ok(()));
    }

    #[test]
    fn image_errors_name_the_problem() {
        let one = vec![file("cats", "a.png", png(4, 4, 9))];
        let err = load_image_folders(&one, &ImageOptions::default()).expect_err("one class").to_string();
        assert!(err.contains("only `cats` found"), "{err}");
        let empty = vec![file("cats", "a.png", png(4, 4, 9)), file("dogs", "x.png", b"junk".to_vec())];
        let err = load_image_folders(&empty, &ImageOptions::default()).expect_err("empty class").to_string();
        assert!(err.contains("class folder `dogs` has no images"), "{err}");
        let err = decode_image("x.jpg", b"\xff\xd8\xff garbage", &ImageOptions::default()).expect_err("bad");
        assert!(err.to_string().contains("`x.jpg` is not a readable"));
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).expect("starts");
            w.write_all(data).expect("writes");
        }
        w.finish().expect("finishes").into_inner()
    }

    #[test]
    fn zip_of_folders_and_bomb_guard() {
        let a = png(3, 3, 1);
        let z = zip_of(&[
            ("pets/cats/1.png", &a),
            ("pets/dogs/2.png", &a),
            ("__MACOSX/pets/cats/._1.png", b"x"),
            ("top.png", &a),
        ]);
        let files = unzip_folders(&z, &ZipLimits::default()).expect("unzips");
        let names: Vec<(&str, &str)> = files.iter().map(|(c, n, _)| (c.as_str(), n.as_str())).collect();
        assert_eq!(names, [("cats", "1.png"), ("dogs", "2.png")]);
        // 1 MB of zeros compresses to about 1 KB; a 100 KB cap must stop it.
        let bomb = zip_of(&[("a/zeros.png", &vec![0u8; 1_000_000])]);
        assert!(bomb.len() < 10_000);
        let err = unzip_folders(&bomb, &ZipLimits { max_entries: 10, max_total_bytes: 100_000 }).expect_err("bomb");
        assert!(err.to_string().contains("expands to more than"));
        let err = unzip_folders(&z, &ZipLimits { max_entries: 2, max_total_bytes: 1 << 20 }).expect_err("entries");
        assert!(err.to_string().contains("entries"));
        assert!(unzip_folders(b"PK nonsense", &ZipLimits::default()).is_err());
    }

    #[test]
    fn idx_round_trip_and_errors() {
        let mut images = vec![0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2];
        images.extend([0, 255, 255, 0, 10, 20, 30, 40]);
        let labels = vec![0, 0, 8, 1, 0, 0, 0, 2, 1, 0];
        let set = load_idx(&images, &labels).expect("loads");
        assert_eq!((set.len(), set.options.height, set.options.width), (2, 2, 2));
        assert_eq!(set.class_names, ["0", "1"]);
        assert!((set.pixels[1] - 1.0).abs() < 1e-6);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&images).expect("writes");
        assert_eq!(parse_idx(&gz.finish().expect("gz")).expect("gz idx").dims, [2, 2, 2]);
        assert_eq!(write_idx(&[2, 2, 2], &images[16..]).expect("writes"), images);
        assert_eq!(write_idx(&[2], &[1, 0]).expect("writes"), labels);
        assert!(write_idx(&[3], &[1, 0]).is_err());
        assert!(write_idx(&[], &[]).is_err());
        assert!(parse_idx(&images[..10]).is_err());
        assert!(parse_idx(b"\x00\x00\x0d\x01\x00\x00\x00\x01abcd").expect_err("float").to_string().contains("0x0d"));
        assert!(
            load_idx(&images, &[0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 1])
                .expect_err("count")
                .to_string()
                .contains("2 images but 3")
        );
    }
}
