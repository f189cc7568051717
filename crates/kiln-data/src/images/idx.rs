//! IDX arrays (the MNIST file format, gzip-compressed or not): parsing, writing (the build
//! step's image assets) and loading an images + labels pair as an [`ImageSet`].

use kiln_i18n::Msg;
use std::io::Read;

use super::set::{ImageOptions, ImageSet};
use crate::error::DataError;

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
            .map_err(|e| DataError::Invalid(Msg::new("error-data-gzip").arg("detail", e.to_string())))?;
        unzipped = out;
        unzipped.as_slice()
    } else {
        bytes
    };
    let bad = |why: Msg| DataError::Invalid(Msg::new("error-data-idx").arg("why", why));
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err(bad(Msg::new("error-data-idx-magic")));
    }
    if bytes[2] != 0x08 {
        return Err(bad(Msg::new("error-data-idx-type").arg("code", format!("0x{:02x}", bytes[2]))));
    }
    let ndims = usize::from(bytes[3]);
    let header = 4 + 4 * ndims;
    if ndims == 0 || bytes.len() < header {
        return Err(bad(Msg::new("error-data-idx-header")));
    }
    let dims: Vec<usize> =
        bytes[4..header].chunks_exact(4).map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize).collect();
    let expected = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d)).filter(|&n| n <= MAX_IDX_BYTES);
    let data = &bytes[header..];
    match expected {
        Some(n) if n == data.len() => Ok(Idx { dims, data: data.to_vec() }),
        Some(n) => Err(bad(Msg::new("error-data-idx-size")
            .arg("dims", format!("{dims:?}"))
            .arg("need", n)
            .arg("got", data.len()))),
        None => Err(bad(Msg::new("error-data-idx-too-large").arg("dims", format!("{dims:?}")))),
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
        return Err(DataError::Invalid(Msg::new("error-data-idx-write-dims").arg("dims", format!("{dims:?}"))));
    };
    if n != data.len() {
        return Err(DataError::Invalid(
            Msg::new("error-data-idx-write-size")
                .arg("dims", format!("{dims:?}"))
                .arg("need", n)
                .arg("got", data.len()),
        ));
    }
    let mut out = Vec::with_capacity(4 + 4 * dims.len() + data.len());
    out.extend_from_slice(&[0, 0, 0x08, ndims]);
    for &d in dims {
        let d = u32::try_from(d).map_err(|_| DataError::Invalid(Msg::new("error-data-idx-write-dim").arg("dim", d)))?;
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
        return Err(DataError::Invalid(
            Msg::new("error-data-idx-shapes")
                .arg("images", format!("{:?}", x.dims))
                .arg("labels", format!("{:?}", y.dims)),
        ));
    }
    if x.dims[0] != y.dims[0] {
        return Err(DataError::Invalid(
            Msg::new("error-data-idx-counts").arg("images", x.dims[0]).arg("labels", y.dims[0]),
        ));
    }
    let classes = usize::from(y.data.iter().copied().max().unwrap_or(0)) + 1;
    if classes < 2 {
        return Err(DataError::Invalid(Msg::new("error-data-one-class").arg("class", "0")));
    }
    Ok(ImageSet {
        pixels: x.data.iter().map(|&p| f32::from(p) / 255.0).collect(),
        labels: y.data.iter().map(|&l| u32::from(l)).collect(),
        class_names: (0..classes).map(|c| c.to_string()).collect(),
        options: ImageOptions { height: x.dims[1], width: x.dims[2], channels: 1 },
        notices: Vec::new(),
    })
}
