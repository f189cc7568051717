//! Tests of image decoding, class folders, zips and IDX files.

use std::io::{Cursor, Write};

use kiln_core::SplitConfig;

use super::*;
use crate::files::ClassFile;

fn png(w: u32, h: u32, value: u8) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(w, h, image::Luma([value]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    out.into_inner()
}

fn file(class: &str, name: &str, bytes: Vec<u8>) -> ClassFile {
    ClassFile::new(class, name, bytes)
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
    assert!(set.notices.iter().map(kiln_i18n::english).any(|n| n.contains("light/broken.png")), "{:?}", set.notices);
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
    assert!(err.to_string().contains("x.jpg is not a readable PNG or JPEG image ("), "{err}");
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
    let names: Vec<(&str, &str)> = files.iter().map(|f| (f.class.as_str(), f.name.as_str())).collect();
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
