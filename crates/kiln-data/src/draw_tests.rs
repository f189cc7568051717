//! Drawings and dropped files become inputs the way MNIST and the 8×8 digits were made.

use super::*;

/// A `w × h` grey canvas of `paper` with `ink` in the rectangle `x0..x1 × y0..y1`.
fn canvas(w: usize, h: usize, paper: u8, ink: u8, rect: [usize; 4]) -> Vec<u8> {
    let [x0, x1, y0, y1] = rect;
    (0..w * h).map(|i| if (x0..x1).contains(&(i % w)) && (y0..y1).contains(&(i / w)) { ink } else { paper }).collect()
}

/// Centre of mass `(x, y)` of a 28×28 image, pixel `i` covering `[i, i + 1)`.
fn centre_of_mass(img: &[f32]) -> (f32, f32) {
    let m: f32 = img.iter().sum();
    let x = img.iter().enumerate().map(|(i, v)| v * ((i % 28) as f32 + 0.5)).sum::<f32>() / m;
    let y = img.iter().enumerate().map(|(i, v)| v * ((i / 28) as f32 + 0.5)).sum::<f32>() / m;
    (x, y)
}

/// Bounding box `(width, height)` of values above 0.05.
fn extent(img: &[f32], side: usize) -> (usize, usize) {
    let on: Vec<usize> = (0..img.len()).filter(|&i| img[i] > 0.05).collect();
    let xs = on.iter().map(|i| i % side);
    let ys = on.iter().map(|i| i / side);
    (xs.clone().max().unwrap() - xs.min().unwrap() + 1, ys.clone().max().unwrap() - ys.min().unwrap() + 1)
}

#[test]
fn a_drawn_one_is_fitted_to_20_pixels_and_centred() {
    // A 20-px-wide black stroke, 200 px tall, on a 280×280 white canvas (the page's size).
    let grey = canvas(280, 280, 255, 0, [130, 150, 40, 240]);
    let img = mnist_input(&grey, 280, 280, 1, Polarity::Auto).expect("ink found");
    assert_eq!(img.len(), 28 * 28);
    assert!(img.iter().all(|v| (0.0..=1.0).contains(v)));
    // 20 × 200 → 2 × 20 with its centre of mass (1, 10) moved to (14.5, 14.5), rounded: columns
    // 14–15 (13.5 → 14, half away from zero), rows 5–24.
    assert_eq!(extent(&img, 28), (2, 20));
    for y in 5..25 {
        assert!((img[y * 28 + 14] - 1.0).abs() < 1e-5 && (img[y * 28 + 15] - 1.0).abs() < 1e-5, "row {y}");
    }
    let (cx, cy) = centre_of_mass(&img);
    assert!((cx - 14.5).abs() <= 0.5 && (cy - 14.5).abs() <= 0.5, "centre of mass ({cx}, {cy})");
}

#[test]
fn polarity_and_channels_do_not_change_the_input() {
    let grey = canvas(280, 280, 255, 0, [130, 150, 40, 240]);
    let expected = mnist_input(&grey, 280, 280, 1, Polarity::Auto).expect("ink");
    // Chalk on a blackboard.
    let chalk = canvas(280, 280, 0, 255, [130, 150, 40, 240]);
    assert_eq!(mnist_input(&chalk, 280, 280, 1, Polarity::Auto).expect("ink"), expected);
    assert_eq!(mnist_input(&chalk, 280, 280, 1, Polarity::LightOnDark).expect("ink"), expected);
    // White strokes on a transparent canvas (RGBA `ImageData`).
    let rgba: Vec<u8> = chalk.iter().flat_map(|&v| [255, 255, 255, v]).collect();
    assert_eq!(mnist_input(&rgba, 280, 280, 4, Polarity::Auto).expect("ink"), expected);
    // Black strokes on an opaque white canvas, RGB.
    let rgb: Vec<u8> = grey.iter().flat_map(|&v| [v, v, v]).collect();
    assert_eq!(mnist_input(&rgb, 280, 280, 3, Polarity::DarkOnLight).expect("ink"), expected);
}

#[test]
fn a_small_digit_in_a_corner_is_scaled_up_and_centred() {
    let grey = canvas(100, 60, 255, 0, [2, 12, 3, 8]); // 10 × 5 in the top-left corner
    let img = mnist_input(&grey, 100, 60, 1, Polarity::Auto).expect("ink");
    assert_eq!(extent(&img, 28), (20, 10));
    let (cx, cy) = centre_of_mass(&img);
    assert!((cx - 14.5).abs() <= 0.5 && (cy - 14.5).abs() <= 0.5, "({cx}, {cy})");
}

#[test]
fn empty_or_malformed_drawings_are_messages() {
    let blank = vec![255u8; 50 * 50];
    let e = mnist_input(&blank, 50, 50, 1, Polarity::Auto).expect_err("nothing drawn");
    assert_eq!(e.to_string(), DataError::invalid("error-data-draw-empty").to_string());
    assert!(mnist_input(&blank, 50, 49, 1, Polarity::Auto).is_err(), "wrong byte count");
    assert!(mnist_input(&blank, 25, 50, 2, Polarity::Auto).is_err(), "two channels");
    assert!(optdigits_input(&[], 0, 0, 1, Polarity::Auto).is_err());
}

#[test]
fn eight_by_eight_counts_blocks_of_a_32_bitmap() {
    // A full-height bar 16 px wide on a 64×64 canvas → 8 × 32 in the 32×32 bitmap, columns
    // 12–19 → blocks 3 and 4 fully on (16 of 16) in every row, the rest empty.
    let grey = canvas(64, 64, 255, 0, [24, 40, 0, 64]);
    let img = optdigits_input(&grey, 64, 64, 1, Polarity::DarkOnLight).expect("ink");
    assert_eq!(img.len(), 64);
    for (i, v) in img.iter().enumerate() {
        let expected = if [3, 4].contains(&(i % 8)) { 1.0 } else { 0.0 };
        assert_eq!(*v, expected, "pixel {i}");
    }
    // Half a block of ink (8 of 16 on) is stored as round(8 × 255 / 16) / 255 = 128 / 255.
    let grey = canvas(64, 64, 255, 0, [0, 64, 0, 8]); // a 64 × 8 line → 32 × 4 at rows 14–17
    let img = optdigits_input(&grey, 64, 64, 1, Polarity::DarkOnLight).expect("ink");
    assert!(img[3 * 8..4 * 8].iter().chain(&img[4 * 8..5 * 8]).all(|&v| v == 128.0 / 255.0), "{img:?}");
}

#[test]
fn a_dropped_file_goes_through_the_same_steps() {
    let grey = canvas(120, 90, 250, 10, [50, 62, 10, 80]);
    let mut png = Vec::new();
    image::GrayImage::from_raw(120, 90, grey.clone())
        .expect("size")
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encodes");
    let mnist = ImageOptions::default();
    assert_eq!(
        image_file_input("digit.png", &png, &mnist, Some(DigitStyle::Mnist)).expect("reads"),
        mnist_input(&grey, 120, 90, 1, Polarity::Auto).expect("ink")
    );
    let eight = ImageOptions { height: 8, width: 8, channels: 1 };
    assert_eq!(image_file_input("digit.png", &png, &eight, Some(DigitStyle::Optdigits)).expect("reads").len(), 64);
    assert!(image_file_input("digit.png", &png, &eight, Some(DigitStyle::Mnist)).is_err(), "size mismatch");
    // Other sets: resized like their training images.
    assert_eq!(image_file_input("digit.png", &png, &ImageOptions::rgb32(), None).expect("reads").len(), 32 * 32 * 3);
    assert!(image_file_input("x.png", b"not an image", &mnist, Some(DigitStyle::Mnist)).is_err());
    assert_eq!(DigitStyle::of_dataset("mnist-10k"), Some(DigitStyle::Mnist));
    assert_eq!(DigitStyle::of_dataset("iris"), None);
}

/// Real MNIST digits, blown up ×10 and turned into pencil on paper, come back as themselves:
/// the procedure is the one that made them (same box size, same centre of mass, same strokes).
#[test]
fn real_mnist_digits_survive_the_round_trip() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    let (Ok(x), Ok(y)) =
        (std::fs::read(dir.join("mnist-10k-images.idx.gz")), std::fs::read(dir.join("mnist-10k-labels.idx.gz")))
    else {
        println!("note: skipped, the MNIST asset is absent (run scripts/fetch-datasets.sh)");
        return;
    };
    let set = crate::images::load_idx(&x, &y).expect("loads");
    let n = 500;
    let (mut corr, mut diff, mut com_orig, mut com_back, mut same_side, mut side_orig) =
        (0.0, 0.0, (0.0, 0.0), (0.0, 0.0), 0, 0.0);
    let mut worst = 1.0f32;
    for k in 0..n {
        let digit = &set.pixels[k * 784..(k + 1) * 784];
        let big: Vec<u8> =
            (0..280 * 280).map(|i| 255 - (digit[(i / 280 / 10) * 28 + (i % 280) / 10] * 255.0).round() as u8).collect();
        let back = mnist_input(&big, 280, 280, 1, Polarity::Auto).expect("ink");
        let (ma, mb) = (digit.iter().sum::<f32>() / 784.0, back.iter().sum::<f32>() / 784.0);
        let cov: f32 = digit.iter().zip(&back).map(|(a, b)| (a - ma) * (b - mb)).sum();
        let va: f32 = digit.iter().map(|a| (a - ma) * (a - ma)).sum();
        let vb: f32 = back.iter().map(|b| (b - mb) * (b - mb)).sum();
        let r = cov / (va * vb).sqrt();
        worst = worst.min(r);
        corr += r / n as f32;
        diff += digit.iter().zip(&back).map(|(a, b)| (a - b).abs()).sum::<f32>() / 784.0 / n as f32;
        let (ca, cb) = (centre_of_mass(digit), centre_of_mass(&back));
        com_orig = (com_orig.0 + ca.0 / n as f32, com_orig.1 + ca.1 / n as f32);
        com_back = (com_back.0 + cb.0 / n as f32, com_back.1 + cb.1 / n as f32);
        let (sa, sb) = (extent(digit, 28), extent(&back, 28));
        side_orig += sa.0.max(sa.1) as f32 / n as f32;
        same_side += usize::from(sa.0.max(sa.1).abs_diff(sb.0.max(sb.1)) <= 1);
    }
    println!(
        "MNIST round trip over {n} digits: correlation {corr:.3} (worst {worst:.3}), mean |Δ| per pixel {diff:.4}; \
         centre of mass original ({:.2}, {:.2}), recovered ({:.2}, {:.2}); longer side {side_orig:.2} px, within 1 px for {same_side}",
        com_orig.0, com_orig.1, com_back.0, com_back.1
    );
    assert!(corr > 0.95, "correlation {corr}");
    assert!((com_back.0 - com_orig.0).abs() < 0.25 && (com_back.1 - com_orig.1).abs() < 0.25);
    assert_eq!(same_side, n, "the same box size");
}
