//! "Try it" for image models: a drawing from the page's canvas, or an image file someone drops,
//! made into one model input the way the training images were made.
//!
//! * **MNIST** (LeCun, Cortes, Burges, <http://yann.lecun.com/exdb/mnist/>): "the original black
//!   and white images were size normalized to fit in a 20×20 pixel box while preserving their
//!   aspect ratio … the images were centered in a 28×28 image by computing the center of mass of
//!   the pixels, and translating the image so as to position this point at the center of the
//!   28×28 field." [`mnist_input`] does exactly that: the ink's bounding box is scaled (triangle
//!   filter, which anti-aliases as the original normalisation did) so its longer side is 20
//!   pixels, then placed so its centre of mass lands on pixel (14, 14) — the centre of pixel
//!   14, `(14.5, 14.5)` with pixel `i` covering `[i, i + 1)`, where MNIST's own digits have it —
//!   to the nearest whole pixel. Light ink on black, `[0, 1]`.
//! * **8×8 digits** (UCI "Optical Recognition of Handwritten Digits", Alpaydin & Kaynak 1998, as
//!   scikit-learn's `load_digits` describes it): NIST's programs extracted *normalized 32×32
//!   bitmaps*; "32×32 bitmaps are divided into nonoverlapping blocks of 4×4 and the number of on
//!   pixels are counted in each block", giving 0–16 per pixel. [`optdigits_input`] scales the
//!   ink's bounding box to fit 32×32 (aspect ratio kept, centred by the box: the NIST
//!   normalisation is not described further), makes it bilevel (on = ink ≥ ½), counts each 4×4
//!   block, and scales 0–16 as Kiln's asset does (`round(count × 255 / 16) / 255`).
//!
//! A drawing is grey (1 byte a pixel), RGB (3) or RGBA (4, a canvas' `ImageData`) of any size.
//! Which pixels are ink is decided by [`Polarity`]: by default from the border (the paper),
//! so dark-on-light pencil, light-on-dark chalk and strokes on a transparent canvas all work.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{ImageBuffer, Luma};

use kiln_i18n::Msg;

use crate::error::DataError;
use crate::images::{ImageOptions, decode_image};

/// Side of an MNIST image and of the box its digit is scaled into.
pub const MNIST_SIDE: usize = 28;
const MNIST_BOX: usize = 20;
/// Side of the bitmap the 8×8 digits were counted from, and of one counting block.
const OPT_BITMAP: usize = 32;
const OPT_BLOCK: usize = 4;
/// Ink at or below this (after stretching to the paper's level) is background when finding the
/// digit's bounding box.
const INK_FLOOR: f32 = 0.1;

/// Which way round the drawing's ink is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Polarity {
    /// From the border, taken as paper: a mostly transparent border means the strokes are where
    /// alpha is (whatever their colour); a light border means dark ink; a dark border light ink.
    #[default]
    Auto,
    /// Dark strokes on light paper (pencil; a photo of handwriting).
    DarkOnLight,
    /// Light strokes on a dark ground (MNIST's own look).
    LightOnDark,
}

/// How a data set's images were made, so a drawing can be made the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitStyle {
    /// MNIST: 28×28, digit fitted to 20×20 and centred by centre of mass ([`mnist_input`]).
    Mnist,
    /// UCI optdigits as in scikit-learn: 8×8 counts of a 32×32 bitmap ([`optdigits_input`]).
    Optdigits,
}

impl DigitStyle {
    /// The style of a built-in data set (`mnist-10k`, `digits-8x8`); `None` for other sets,
    /// whose images are simply resized ([`crate::images::decode_image`]).
    pub fn of_dataset(id: &str) -> Option<Self> {
        match id {
            "mnist-10k" => Some(DigitStyle::Mnist),
            "digits-8x8" => Some(DigitStyle::Optdigits),
            _ => None,
        }
    }
}

/// Ink per pixel in `[0, 1]`, `[height, width]` row-major: 1 is the darkest stroke of a
/// dark-on-light drawing (or the lightest of a light-on-dark one, or the most opaque on a
/// transparent canvas); the paper's own level (the border's median) is taken as 0.
///
/// # Errors
/// [`DataError::Invalid`] when `channels` is not 1, 3 or 4, a side is 0 or above 8192, or
/// `pixels` has not `width × height × channels` bytes.
pub fn ink(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    polarity: Polarity,
) -> Result<Vec<f32>, DataError> {
    if ![1, 3, 4].contains(&channels) {
        return Err(DataError::Invalid(Msg::new("error-data-draw-channels").arg("channels", channels)));
    }
    if width == 0 || height == 0 || width > 8192 || height > 8192 {
        return Err(DataError::Invalid(Msg::new("error-data-draw-side").arg("width", width).arg("height", height)));
    }
    if pixels.len() != width * height * channels {
        return Err(DataError::Invalid(
            Msg::new("error-data-draw-bytes")
                .arg("width", width)
                .arg("height", height)
                .arg("channels", channels)
                .arg("expected", width * height * channels)
                .arg("got", pixels.len()),
        ));
    }
    let luma = |p: &[u8]| match p.len() {
        1 => f32::from(p[0]) / 255.0,
        // The image crate's sRGB luma weights (Rec. 709), as `to_luma8` uses for uploads.
        _ => (0.2126 * f32::from(p[0]) + 0.7152 * f32::from(p[1]) + 0.0722 * f32::from(p[2])) / 255.0,
    };
    let alpha = |p: &[u8]| if p.len() == 4 { f32::from(p[3]) / 255.0 } else { 1.0 };
    let px: Vec<&[u8]> = pixels.chunks_exact(channels).collect();
    let border: Vec<usize> = (0..width * height)
        .filter(|i| {
            let (y, x) = (i / width, i % width);
            y == 0 || x == 0 || y + 1 == height || x + 1 == width
        })
        .collect();
    let border_alpha = border.iter().map(|&i| alpha(px[i])).sum::<f32>() / border.len() as f32;
    let raw: Vec<f32> = if polarity == Polarity::Auto && border_alpha < 0.5 {
        px.iter().map(|p| alpha(p)).collect()
    } else {
        // Composite over white paper, then darkness.
        let dark: Vec<f32> = px.iter().map(|p| 1.0 - (alpha(p) * luma(p) + 1.0 - alpha(p))).collect();
        let light_ink = match polarity {
            Polarity::LightOnDark => true,
            Polarity::DarkOnLight => false,
            Polarity::Auto => median(border.iter().map(|&i| dark[i]).collect()) > 0.5,
        };
        if light_ink { dark.into_iter().map(|d| 1.0 - d).collect() } else { dark }
    };
    // Stretch so the paper is 0 and the strongest ink 1.
    let paper = median(border.iter().map(|&i| raw[i]).collect());
    let top = raw.iter().copied().fold(paper, f32::max);
    let span = top - paper;
    if span <= 0.0 {
        return Ok(vec![0.0; width * height]);
    }
    Ok(raw.into_iter().map(|v| ((v - paper) / span).clamp(0.0, 1.0)).collect())
}

/// A drawing as one MNIST input: 28×28 grey values in `[0, 1]`, row-major (`[28, 28, 1]`,
/// light digit on black), made as MNIST was (module comment).
///
/// # Errors
/// As [`ink`], and [`DataError::Invalid`] ("draw a digit first") when there is no ink.
pub fn mnist_input(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    polarity: Polarity,
) -> Result<Vec<f32>, DataError> {
    let ink = ink(pixels, width, height, channels, polarity)?;
    let digit = fit_box(&ink, width, height, MNIST_BOX)?;
    let w = digit.width() as usize;
    let values = digit.into_raw();
    let mass: f32 = values.iter().sum();
    let (mut cx, mut cy) = (0.0f32, 0.0f32);
    for (i, &v) in values.iter().enumerate() {
        cx += v * ((i % w) as f32 + 0.5);
        cy += v * ((i / w) as f32 + 0.5);
    }
    // MNIST's own digits have their centre of mass at pixel index (14, 14), i.e. (14.5, 14.5)
    // with pixel i covering [i, i + 1) (measured on the asset: 14.53, 14.48 over 500 digits).
    let centre = MNIST_SIDE as f32 / 2.0 + 0.5;
    let (left, top) = ((centre - cx / mass).round() as isize, (centre - cy / mass).round() as isize);
    let mut out = vec![0.0f32; MNIST_SIDE * MNIST_SIDE];
    for (i, &v) in values.iter().enumerate() {
        let (x, y) = (left + (i % w) as isize, top + (i / w) as isize);
        if (0..MNIST_SIDE as isize).contains(&x) && (0..MNIST_SIDE as isize).contains(&y) {
            out[y as usize * MNIST_SIDE + x as usize] = v.clamp(0.0, 1.0);
        }
    }
    Ok(out)
}

/// A drawing as one 8×8 digits input: 64 values in `[0, 1]`, row-major (`[8, 8, 1]`), each the
/// count (0–16) of on pixels in a 4×4 block of a 32×32 bitmap, stored as
/// `round(count × 255 / 16) / 255` like the asset (module comment).
///
/// # Errors
/// As [`mnist_input`].
pub fn optdigits_input(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    polarity: Polarity,
) -> Result<Vec<f32>, DataError> {
    let ink = ink(pixels, width, height, channels, polarity)?;
    let digit = fit_box(&ink, width, height, OPT_BITMAP)?;
    let (w, h) = (digit.width() as usize, digit.height() as usize);
    let (left, top) = ((OPT_BITMAP - w) / 2, (OPT_BITMAP - h) / 2);
    let side = OPT_BITMAP / OPT_BLOCK;
    let mut counts = vec![0u32; side * side];
    for (i, &v) in digit.into_raw().iter().enumerate() {
        if v >= 0.5 {
            let (x, y) = (left + i % w, top + i / w);
            counts[(y / OPT_BLOCK) * side + x / OPT_BLOCK] += 1;
        }
    }
    Ok(counts.into_iter().map(|c| (c as f32 * 255.0 / 16.0).round() / 255.0).collect())
}

/// An image file (PNG or JPEG) as one model input of `options` (`height × width × channels`
/// values in `[0, 1]`): for a digit set, made like a drawing ([`mnist_input`],
/// [`optdigits_input`], ink found automatically); otherwise resized exactly as uploaded training
/// images are ([`decode_image`]).
///
/// # Errors
/// [`DataError::Invalid`] when the file does not decode, has no ink (digit sets), or `options`
/// does not match the style's size.
pub fn image_file_input(
    name: &str,
    bytes: &[u8],
    options: &ImageOptions,
    style: Option<DigitStyle>,
) -> Result<Vec<f32>, DataError> {
    let Some(style) = style else { return decode_image(name, bytes, options) };
    let side = match style {
        DigitStyle::Mnist => MNIST_SIDE,
        DigitStyle::Optdigits => OPT_BITMAP / OPT_BLOCK,
    };
    if (options.height, options.width, options.channels) != (side, side, 1) {
        return Err(DataError::Invalid(
            Msg::new("error-data-draw-style")
                .arg("takes", format!("{}×{}×{}", options.height, options.width, options.channels))
                .arg("side", side),
        ));
    }
    let img = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| {
            let reason = crate::images::decode::image_reason(&e.into());
            DataError::Invalid(Msg::new("error-data-image-read").arg("name", name).arg("detail", reason))
        })?
        .decode()
        .map_err(|e| {
            let reason = crate::images::decode::image_reason(&e);
            DataError::Invalid(Msg::new("error-data-image").arg("file", name).arg("detail", reason))
        })?
        .to_rgba8();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let rgba = img.into_raw();
    match style {
        DigitStyle::Mnist => mnist_input(&rgba, w, h, 4, Polarity::Auto),
        DigitStyle::Optdigits => optdigits_input(&rgba, w, h, 4, Polarity::Auto),
    }
}

/// Crops `ink` (`[height, width]`) to the bounding box of pixels above [`INK_FLOOR`] and scales
/// it (triangle filter, aspect ratio kept) so its longer side is `side` pixels.
fn fit_box(
    ink: &[f32],
    width: usize,
    height: usize,
    side: usize,
) -> Result<ImageBuffer<Luma<f32>, Vec<f32>>, DataError> {
    let on: Vec<usize> = (0..ink.len()).filter(|&i| ink[i] > INK_FLOOR).collect();
    let (Some(x0), Some(x1)) = (on.iter().map(|i| i % width).min(), on.iter().map(|i| i % width).max()) else {
        return Err(DataError::invalid("error-data-draw-empty"));
    };
    let (y0, y1) = (on[0] / width, on[on.len() - 1] / width);
    let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
    let mut crop = Vec::with_capacity(bw * bh);
    for y in y0..=y1.min(height - 1) {
        crop.extend_from_slice(&ink[y * width + x0..y * width + x1 + 1]);
    }
    let scale = side as f32 / bw.max(bh) as f32;
    let nw = ((bw as f32 * scale).round() as u32).clamp(1, side as u32);
    let nh = ((bh as f32 * scale).round() as u32).clamp(1, side as u32);
    let img = ImageBuffer::<Luma<f32>, Vec<f32>>::from_raw(bw as u32, bh as u32, crop)
        .ok_or_else(|| DataError::invalid("error-data-draw-size"))?;
    Ok(image::imageops::resize(&img, nw, nh, FilterType::Triangle))
}

/// The median of `v` (0 when empty).
fn median(mut v: Vec<f32>) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

#[cfg(test)]
#[path = "draw_tests.rs"]
mod tests;
