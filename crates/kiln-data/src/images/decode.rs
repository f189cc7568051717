//! PNG / JPEG decoding with the `image` crate (resized, grey or RGB, scaled to `[0, 1]`) and
//! the "one folder per class" loader that decodes a whole set of [`ClassFile`]s.

use kiln_i18n::Msg;
use std::collections::BTreeMap;
use std::io::Cursor;

use super::set::{ImageOptions, ImageSet};
use crate::error::DataError;
use crate::files::{ClassFile, is_image_name};

/// Largest decoded image side accepted (pixels) and decoder memory cap (bytes).
const MAX_SIDE: u32 = 8192;
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// Why an image did not decode, as a message the page puts into its language (the `image`
/// crate's own text is English): an unknown format, a damaged file, one too large, or a
/// feature the decoder lacks.
pub fn image_reason(e: &image::ImageError) -> Msg {
    use image::error::{ImageFormatHint, UnsupportedErrorKind};
    match e {
        image::ImageError::Unsupported(u) => match u.kind() {
            UnsupportedErrorKind::Format(ImageFormatHint::Unknown) => Msg::new("error-image-format-unknown"),
            _ => Msg::new("error-image-unsupported"),
        },
        image::ImageError::Decoding(_) => Msg::new("error-image-damaged"),
        image::ImageError::Limits(_) => Msg::new("error-image-too-large").arg("side", MAX_SIDE.to_string()),
        image::ImageError::IoError(_) => Msg::new("error-image-io"),
        image::ImageError::Encoding(_) | image::ImageError::Parameter(_) => Msg::new("error-image-other"),
    }
}

/// Decodes one PNG or JPEG and converts it to `options`: resized (triangle filter, aspect ratio
/// not kept), grey or RGB, scaled to `[0, 1]`; `height × width × channels` values.
///
/// # Errors
/// [`DataError::Invalid`] naming the file when it does not decode (not PNG/JPEG, damaged, or
/// larger than 8192 pixels a side).
pub fn decode_image(name: &str, bytes: &[u8], options: &ImageOptions) -> Result<Vec<f32>, DataError> {
    let fail = |e: image::ImageError| {
        DataError::Invalid(Msg::new("error-data-image").arg("file", name).arg("detail", image_reason(&e)))
    };
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

/// Decodes images given as [`ClassFile`]s, one folder per class. Files that are not
/// `.png` / `.jpg` / `.jpeg` are skipped and counted; an image file that does not decode is
/// skipped and named in a notice (the first five). Classes are sorted by name.
///
/// # Errors
/// [`DataError::Invalid`] when a class folder has no image that decodes, or fewer than 2 classes
/// remain; bad options; [`DataError::NoRows`] for no files.
pub fn load_image_folders(files: &[ClassFile], options: &ImageOptions) -> Result<ImageSet, DataError> {
    load_image_folders_with_progress(files, options, &mut |_, _| {})
}

/// [`load_image_folders`], calling `progress(done, total)` (files looked at) after every 64 files
/// and once at the end.
///
/// # Errors
/// As [`load_image_folders`].
pub fn load_image_folders_with_progress(
    files: &[ClassFile],
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
    for (i, f) in files.iter().enumerate() {
        by_class.entry(f.class.as_str()).or_default().push(i);
    }
    let class_names: Vec<String> = by_class.keys().map(|k| (*k).to_owned()).collect();
    let mut set =
        ImageSet { pixels: Vec::new(), labels: Vec::new(), class_names, options: *options, notices: Vec::new() };
    let (mut other, mut broken) = (0usize, Vec::new());
    for (label, rows) in by_class.values().enumerate() {
        let before = set.labels.len();
        for &i in rows {
            let file = &files[i];
            done += 1;
            if done.is_multiple_of(64) {
                progress(done, total);
            }
            if !is_image_name(&file.name) {
                other += 1;
                continue;
            }
            match decode_image(&file.label(), &file.bytes, options) {
                Ok(px) => {
                    set.pixels.extend(px);
                    set.labels.push(label as u32);
                }
                Err(e) => broken.push(e.to_string()),
            }
        }
        if set.labels.len() == before {
            return Err(DataError::Invalid(
                Msg::new("error-data-folder-no-images").arg("class", &set.class_names[label]),
            ));
        }
    }
    if set.class_names.len() < 2 {
        return Err(DataError::Invalid(
            Msg::new("error-data-one-class-folder")
                .arg("class", set.class_names.first().map_or("", String::as_str))
                .arg("unit", "images"),
        ));
    }
    progress(total, total);
    if other > 0 {
        set.notices.push(Msg::new("data-notice-not-images").arg("files", other));
    }
    if !broken.is_empty() {
        let first: Vec<&str> = broken.iter().take(5).map(String::as_str).collect();
        set.notices
            .push(Msg::new("data-notice-broken-images").arg("files", broken.len()).arg("first", first.join("; ")));
    }
    Ok(set)
}
