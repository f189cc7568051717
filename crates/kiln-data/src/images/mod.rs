//! Image classification from the user's own files: PNG / JPEG in one folder per class (given as
//! [`ClassFile`](crate::files::ClassFile)s, or as a `.zip` of such folders), or MNIST-style IDX
//! files. Images are decoded with the `image` crate, resized to a chosen size, converted to grey
//! or RGB and scaled to `[0, 1]`, channels-last (`[n, height, width, channels]`, as in Keras).
//!
//! The set and its split are in `set`, decoding and the folder loader in `decode`, zips in
//! `archive`, IDX files in `idx`; each item has one public path, here.

mod archive;
pub(crate) mod decode;
mod idx;
mod set;
#[cfg(test)]
mod tests;

pub use archive::{ZipLimits, unzip_folders};
pub use decode::{decode_image, load_image_folders, load_image_folders_with_progress};
pub use idx::{Idx, load_idx, parse_idx, write_idx};
pub use set::{ImageOptions, ImageSet, prepare_images};
