//! Tests of the 2-D generators, features, splits and grid (by hand and against TF Playground's rules).

use super::generate::{checker_class, multi_gauss_target};
use super::*;
use crate::examples::{Inputs, Targets};

fn make(dataset: Dataset2d, points: usize, noise: f64, seed: u64) -> TeachPoints {
    generate(&Generate { dataset, points, noise, seed, ..Generate::default() }).unwrap()
}

fn labels(d: &TeachPoints) -> Vec<u32> {
    match &d.targets {
        Targets::Binary { labels } | Targets::Classes { labels, .. } => labels.clone(),
        Targets::Regression { .. } => panic!("regression"),
    }
}

fn values(d: &TeachPoints) -> Vec<f32> {
    match &d.targets {
        Targets::Regression { values } => values.clone(),
        _ => panic!("not regression"),
    }
}

fn count(labels: &[u32], class: u32) -> usize {
    labels.iter().filter(|&&l| l == class).count()
}

fn radius(p: [f32; 2]) -> f32 {
    (p[0] * p[0] + p[1] * p[1]).sqrt()
}

fn inside(p: [f32; 2], e: f32) -> bool {
    p[0].abs() <= e && p[1].abs() <= e
}

#[test]
fn circle_radii_and_labels_without_noise() {
    let d = make(Dataset2d::Circle, 500, 0.0, 1);
    let l = labels(&d);
    assert_eq!((count(&l, 1), count(&l, 0)), (250, 250));
    for (p, &c) in d.points.iter().zip(&l) {
        let r = radius(*p);
        if c == 1 {
            assert!(r < 2.5 + 1e-5, "inner point at r = {r}");
        } else {
            assert!((3.5 - 1e-5..5.0 + 1e-5).contains(&r), "outer point at r = {r}");
        }
    }
    // Points come class by class: the first half is the disc.
    assert!(l[..250].iter().all(|&c| c == 1));
}

#[test]
fn circle_and_xor_noise_flips_labels_not_points() {
    // Zero noise: every label is the geometric one. More noise: more flipped labels.
    let flipped = |set: Dataset2d, noise: f64| {
        let d = make(set, 2000, noise, 3);
        let l = labels(&d);
        d.points
            .iter()
            .zip(&l)
            .enumerate()
            .filter(|(i, (p, c))| match set {
                Dataset2d::Circle => u32::from(*i < 1000) != **c,
                _ => u32::from(p[0] * p[1] >= 0.0) != **c,
            })
            .count()
    };
    for set in [Dataset2d::Circle, Dataset2d::Xor] {
        let (a, b, c) = (flipped(set, 0.0), flipped(set, 0.1), flipped(set, 0.5));
        assert_eq!(a, 0, "{set}");
        assert!(0 < b && b < c, "{set}: {a} {b} {c}");
    }
    // Circle points stay in their annuli whatever the noise.
    let d = make(Dataset2d::Circle, 500, 0.5, 3);
    assert!(d.points[..250].iter().all(|&p| radius(p) < 2.5 + 1e-5));
    assert!(d.points[250..].iter().all(|&p| radius(p) >= 3.5 - 1e-5));
}

#[test]
fn xor_padding_and_quadrants() {
    let d = make(Dataset2d::Xor, 1000, 0.0, 5);
    let l = labels(&d);
    for (p, &c) in d.points.iter().zip(&l) {
        assert!(p[0].abs() >= 0.3 - 1e-6 && p[0].abs() <= 5.3 + 1e-5, "{p:?}");
        assert!(p[1].abs() >= 0.3 - 1e-6 && p[1].abs() <= 5.3 + 1e-5, "{p:?}");
        assert_eq!(c, u32::from(p[0] * p[1] >= 0.0));
    }
    let ones = count(&l, 1);
    assert!((450..=550).contains(&ones), "{ones} of 1000 in class 1");
}

#[test]
fn gauss_centres_and_variance_scale_with_noise() {
    let stats = |noise: f64| {
        let d = make(Dataset2d::Gauss, 4000, noise, 7);
        let l = labels(&d);
        assert_eq!((count(&l, 1), count(&l, 0)), (2000, 2000));
        let pos: Vec<f32> = d.points.iter().zip(&l).filter(|(_, c)| **c == 1).map(|(p, _)| p[0]).collect();
        let mean = pos.iter().sum::<f32>() / pos.len() as f32;
        let var = pos.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / pos.len() as f32;
        let neg_mean = d.points.iter().zip(&l).filter(|(_, c)| **c == 0).map(|(p, _)| p[1]).sum::<f32>() / 2000.0;
        (mean, neg_mean, var)
    };
    let (m, nm, v) = stats(0.0);
    assert!((m - 2.0).abs() < 0.1 && (nm + 2.0).abs() < 0.1, "{m} {nm}");
    assert!((v - 0.5).abs() < 0.06, "variance {v} at noise 0");
    let (m, _, v) = stats(0.5);
    assert!((m - 2.0).abs() < 0.2, "{m}");
    assert!((v - 4.0).abs() < 0.4, "variance {v} at noise 0.5");
}

#[test]
fn spiral_follows_its_arms() {
    let d = make(Dataset2d::Spiral, 500, 0.0, 2);
    let l = labels(&d);
    assert_eq!((count(&l, 1), count(&l, 0)), (250, 250));
    for arm in [&d.points[..250], &d.points[250..]] {
        let r: Vec<f32> = arm.iter().map(|&p| radius(p)).collect();
        assert!(r.windows(2).all(|w| w[0] < w[1]), "radius increases with the index");
        assert!(r[0] < 1e-6 && r[249] < 5.0);
        for (i, &ri) in r.iter().enumerate() {
            assert!((ri - 5.0 * i as f32 / 250.0).abs() < 1e-4);
        }
    }
    // Angle: t = 1.75·2π·i/n (+π for the second arm), point (r sin t, r cos t).
    let t = 1.75 * std::f64::consts::TAU * 100.0 / 250.0;
    let (r, p, q) = (2.0, d.points[100], d.points[350]);
    assert!((f64::from(p[0]) - r * t.sin()).abs() < 1e-5 && (f64::from(p[1]) - r * t.cos()).abs() < 1e-5);
    assert!((q[0] + p[0]).abs() < 1e-5 && (q[1] + p[1]).abs() < 1e-5, "second arm is the first turned by π");
    assert!(l[..250].iter().all(|&c| c == 1));
}

#[test]
fn spiral_noise_is_a_bounded_uniform_offset() {
    let clean = make(Dataset2d::Spiral, 500, 0.0, 4);
    let spread = |noise: f64| {
        let d = make(Dataset2d::Spiral, 500, noise, 4);
        let offs: Vec<f32> =
            d.points.iter().zip(&clean.points).flat_map(|(p, c)| [(p[0] - c[0]).abs(), (p[1] - c[1]).abs()]).collect();
        let max = offs.iter().copied().fold(0.0, f32::max);
        assert!(max <= noise as f32 + 1e-5, "offset {max} beyond noise {noise}");
        offs.iter().sum::<f32>() / offs.len() as f32
    };
    assert_eq!(spread(0.0), 0.0);
    let (a, b) = (spread(0.1), spread(0.5));
    // Mean |U(−s, s)| = s/2.
    assert!((a - 0.05).abs() < 0.01 && (b - 0.25).abs() < 0.03 && a < b, "{a} {b}");
}

#[test]
fn spiral_k_has_k_balanced_rotated_arms() {
    for k in 3..=5 {
        let d = make(Dataset2d::SpiralK { classes: k }, 500, 0.0, 9);
        let l = labels(&d);
        assert!(matches!(d.targets, Targets::Classes { classes, .. } if classes == k));
        let counts: Vec<usize> = (0..k as u32).map(|c| count(&l, c)).collect();
        assert!(counts.iter().all(|&c| c == 500 / k || c == 500 / k + 1), "{counts:?}");
        assert_eq!(counts.iter().sum::<usize>(), 500);
        // The last point of each arm sits at phase 2πj/k ahead of the first arm's.
        let m = counts[1];
        let start: usize = counts[..1].iter().sum();
        let p = d.points[start + 1];
        let f = 1.0 / m as f64;
        let t = 1.75 * f * std::f64::consts::TAU + std::f64::consts::TAU / k as f64;
        assert!((f64::from(p[0]) - 5.0 * f * t.sin()).abs() < 1e-5, "k = {k}");
    }
}

#[test]
fn moons_without_noise_lie_on_their_arcs() {
    let d = make(Dataset2d::Moons, 201, 0.0, 0);
    let l = labels(&d);
    assert_eq!((count(&l, 0), count(&l, 1)), (101, 100));
    for (p, &c) in d.points.iter().zip(&l) {
        // Back to make_moons units.
        let (x, y) = (f64::from(p[0]) / 3.0 + 0.5, f64::from(p[1]) / 3.0 + 0.25);
        let (cx, cy) = if c == 0 { (0.0, 0.0) } else { (1.0, 0.5) };
        let r = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        assert!((r - 1.0).abs() < 1e-5, "{p:?}");
        assert!(if c == 0 { y >= cy - 1e-6 } else { y <= cy + 1e-6 });
        assert!(p[0].abs() <= 4.5 + 1e-5 && p[1].abs() <= 2.25 + 1e-5);
    }
    // Even spacing: endpoints of the upper arc at t = 0 and π.
    assert!((d.points[0][0] - 1.5).abs() < 1e-5 && (d.points[100][0] + 4.5).abs() < 1e-5);
    // Noise: normal offsets, spread grows with noise.
    let spread = |noise: f64| {
        let n = make(Dataset2d::Moons, 201, noise, 0);
        n.points.iter().zip(&d.points).map(|(a, b)| (a[0] - b[0]).powi(2)).sum::<f32>() / 201.0
    };
    let (a, b) = (spread(0.1), spread(0.3));
    assert!((a.sqrt() - 0.3).abs() < 0.06 && (b.sqrt() - 0.9).abs() < 0.15, "{a} {b}");
}

#[test]
fn checkerboard_cells() {
    let d = make(Dataset2d::Checkerboard, 2000, 0.0, 11);
    let l = labels(&d);
    for (p, &c) in d.points.iter().zip(&l) {
        assert!(inside(*p, 6.0));
        let cell = |v: f32| ((v + 6.0) / 3.0).floor() as i32;
        assert_eq!(c, u32::from((cell(p[0]) + cell(p[1])) % 2 == 0), "{p:?}");
    }
    assert_eq!(checker_class(4.5, 4.5), 1);
    assert_eq!(checker_class(1.5, 4.5), 0);
    assert_eq!(checker_class(-4.5, -4.5), 1);
    let ones = count(&l, 1);
    assert!((900..=1100).contains(&ones), "{ones}");
    let noisy = labels(&make(Dataset2d::Checkerboard, 2000, 0.3, 11));
    let flips = noisy.iter().zip(&l).filter(|(a, b)| a != b).count();
    assert!(flips > 100, "{flips}");
}

#[test]
fn plane_target_is_sum_over_ten() {
    let d = make(Dataset2d::Plane, 500, 0.0, 13);
    for (p, v) in d.points.iter().zip(values(&d)) {
        assert!(inside(*p, 6.0));
        assert!((v - (p[0] + p[1]) / 10.0).abs() < 1e-5);
    }
    let err = |noise: f64| {
        let d = make(Dataset2d::Plane, 500, noise, 13);
        d.points.iter().zip(values(&d)).map(|(p, v)| (v - (p[0] + p[1]) / 10.0).abs()).sum::<f32>() / 500.0
    };
    assert!(err(0.1) < err(0.5));
}

#[test]
fn multi_gauss_bumps() {
    assert!((multi_gauss_target(-4.0, 2.5) - 1.0).abs() < 1e-12);
    assert!((multi_gauss_target(0.0, 2.5) + 1.0).abs() < 1e-12);
    assert!((multi_gauss_target(4.0, -1.5) + 0.5).abs() < 1e-12);
    assert_eq!(multi_gauss_target(-2.0, 0.0), 0.0);
    let d = make(Dataset2d::MultiGauss, 1200, 0.0, 17);
    for (p, v) in d.points.iter().zip(values(&d)) {
        assert!(inside(*p, 6.0) && (-1.0..=1.0).contains(&v));
        assert!((f64::from(v) - multi_gauss_target(f64::from(p[0]), f64::from(p[1]))).abs() < 1e-5);
    }
}

#[test]
fn blobs_k_balanced_around_their_centres() {
    for k in 3..=5 {
        let d = make(Dataset2d::BlobsK { classes: k }, 600, 0.0, 19);
        let l = labels(&d);
        for j in 0..k {
            let pts: Vec<_> = d.points.iter().zip(&l).filter(|(_, c)| **c == j as u32).map(|(p, _)| *p).collect();
            assert!(pts.len() == 600 / k || pts.len() == 600 / k + 1);
            let a = std::f32::consts::FRAC_PI_4 + std::f32::consts::TAU * j as f32 / k as f32;
            let mx = pts.iter().map(|p| p[0]).sum::<f32>() / pts.len() as f32;
            let my = pts.iter().map(|p| p[1]).sum::<f32>() / pts.len() as f32;
            assert!((mx - 3.5 * a.cos()).abs() < 0.25 && (my - 3.5 * a.sin()).abs() < 0.25, "k {k} class {j}");
        }
    }
}

#[test]
fn ranges_inside_the_plane() {
    for set in [Dataset2d::Circle, Dataset2d::Xor, Dataset2d::Spiral, Dataset2d::SpiralK { classes: 5 }] {
        for noise in [0.0, 0.5] {
            let d = make(set, 500, noise, 23);
            assert!(d.points.iter().all(|&p| inside(p, 6.0)), "{set} at noise {noise}");
        }
    }
    for set in [Dataset2d::Checkerboard, Dataset2d::Plane, Dataset2d::MultiGauss, Dataset2d::Moons] {
        let d = make(set, 500, 0.0, 23);
        assert!(d.points.iter().all(|&p| inside(p, 6.0)), "{set}");
    }
    // Gaussian sets at noise 0 stay inside; only tails at high noise may leave.
    for set in [Dataset2d::Gauss, Dataset2d::BlobsK { classes: 4 }] {
        let d = make(set, 500, 0.0, 23);
        assert!(d.points.iter().all(|&p| inside(p, 6.0)), "{set}");
        let d = make(set, 500, 0.5, 23);
        let out = d.points.iter().filter(|&&p| !inside(p, 6.0)).count();
        assert!(out < 75, "{set}: {out} outside");
    }
}

#[test]
fn deterministic_per_seed() {
    for set in Dataset2d::ALL {
        let a = make(set, 300, 0.2, 42);
        assert_eq!(a, make(set, 300, 0.2, 42), "{set}");
        assert_eq!(a.points.len(), 300);
        assert_ne!(a.points, make(set, 300, 0.2, 43).points, "{set}");
    }
    // Noiseless moons are evenly spaced: the seed has nothing to draw.
    assert_eq!(make(Dataset2d::Moons, 300, 0.0, 1), make(Dataset2d::Moons, 300, 0.0, 2));
}

#[test]
fn odd_counts_and_errors() {
    assert_eq!(make(Dataset2d::Circle, 5, 0.0, 0).points.len(), 5);
    let bad = |g: Generate| generate(&g).unwrap_err();
    let g = Generate::default();
    assert_eq!(bad(Generate { noise: 0.6, ..g.clone() }), TeachError::Noise(0.6));
    assert!(matches!(bad(Generate { noise: f64::NAN, ..g.clone() }), TeachError::Noise(_)));
    assert_eq!(bad(Generate { points: 1, ..g.clone() }), TeachError::Points(1));
    assert_eq!(bad(Generate { train_ratio: 0.001, points: 10, ..g.clone() }), TeachError::TrainRatio(0.001));
    let e = bad(Generate { dataset: Dataset2d::BlobsK { classes: 6 }, ..g });
    assert_eq!(e.to_string(), "blobs-k needs 3 to 5 classes, not 6");
}

#[test]
fn serde_and_url_names() {
    let names = ["circle", "xor", "gauss", "spiral", "moons", "checkerboard", "plane", "multi-gauss"];
    for (set, name) in Dataset2d::ALL.iter().zip(names) {
        assert_eq!(serde_json::to_string(set).unwrap(), format!("\"{name}\""));
        assert_eq!(name.parse::<Dataset2d>().unwrap(), *set);
    }
    let blobs = Dataset2d::BlobsK { classes: 4 };
    assert_eq!(serde_json::to_string(&blobs).unwrap(), r#"{"blobs-k":{"classes":4}}"#);
    assert_eq!(blobs.to_string(), "blobs-k:4");
    assert_eq!("blobs-k:4".parse::<Dataset2d>().unwrap(), blobs);
    assert_eq!("spiral-k:5".parse::<Dataset2d>().unwrap(), Dataset2d::SpiralK { classes: 5 });
    assert_eq!("spiral-k".parse::<Dataset2d>().unwrap(), Dataset2d::SpiralK { classes: 3 });
    assert!("spiral-k:9".parse::<Dataset2d>().is_err());
    assert!("circle:3".parse::<Dataset2d>().is_err());
    assert!("donut".parse::<Dataset2d>().is_err());
    let g: Generate = serde_json::from_str(r#"{"dataset":"spiral","noise":0.25}"#).unwrap();
    assert_eq!((g.dataset, g.points, g.noise, g.train_ratio), (Dataset2d::Spiral, 500, 0.25, 0.5));
    let f: Vec<Feature> = serde_json::from_str(r#"["x1","x2","x1sq","x2sq","x1x2","sinx1","sinx2"]"#).unwrap();
    assert_eq!(f, Feature::ALL);
    assert_eq!("x1x2".parse::<Feature>(), Ok(Feature::X1X2));
}

#[test]
fn feature_values_by_hand() {
    let p = [2.0, -3.0];
    let got: Vec<f32> = Feature::ALL.iter().map(|f| f.apply(p)).collect();
    let want = [2.0, -3.0, 4.0, 9.0, -6.0, 0.909_297_4, -0.141_120_01];
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-6, "{got:?}");
    }
}

#[test]
fn splits_follow_tf_playground() {
    let g = Generate { dataset: Dataset2d::Xor, points: 501, noise: 0.1, train_ratio: 0.5, seed: 8 };
    let feats = [Feature::X1, Feature::X1X2, Feature::SinX2];
    let pg = g.build(&feats).unwrap();
    let s = &pg.splits;
    assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (250, 0, 251));
    for e in [&s.train, &s.validation, &s.test] {
        assert_eq!(e.check(), Ok(()));
        assert_eq!(e.inputs.row_len(), 3);
    }
    assert_eq!(s.class_names, ["negative", "positive"]);
    // Row k of train is data row rows.train[k], features in the given order.
    let Inputs::Features { values, width } = &s.train.inputs else { panic!() };
    let Targets::Binary { labels: all } = &pg.data.targets else { panic!() };
    let Targets::Binary { labels } = &s.train.targets else { panic!() };
    for (k, &r) in pg.rows.train.iter().enumerate().take(20) {
        let p = pg.data.points[r];
        assert_eq!(&values[k * width..(k + 1) * width], &[p[0], p[0] * p[1], p[1].sin()]);
        assert_eq!(labels[k], all[r]);
    }
    // A partition of all rows, repeatable, shuffled.
    let mut all_rows: Vec<usize> = pg.rows.train.iter().chain(&pg.rows.test).copied().collect();
    all_rows.sort_unstable();
    assert_eq!(all_rows, (0..501).collect::<Vec<_>>());
    assert_eq!(pg, g.build(&feats).unwrap());
    assert_ne!(pg.rows.train, (0..250).collect::<Vec<_>>());
    assert_eq!(g.build(&[]), Err(TeachError::NoFeatures));
    // Regression and multi-class targets carry through.
    let r = Generate { dataset: Dataset2d::Plane, train_ratio: 0.8, ..g.clone() }.build(&[Feature::X1]).unwrap();
    assert_eq!((r.splits.train.len(), r.splits.test.len()), (400, 101));
    assert_eq!(r.splits.task(), kiln_core::Task::Regression);
    assert!(r.splits.class_names.is_empty());
    let k = Generate { dataset: Dataset2d::SpiralK { classes: 4 }, ..g }.build(&Feature::ALL).unwrap();
    assert_eq!(k.splits.task(), kiln_core::Task::MultiClass { classes: 4 });
    assert_eq!(k.splits.class_names.len(), 4);
}

#[test]
fn grid_is_row_major_from_the_top_left() {
    let pts = grid_points(3);
    assert_eq!(
        pts,
        [
            [-6.0, 6.0],
            [0.0, 6.0],
            [6.0, 6.0],
            [-6.0, 0.0],
            [0.0, 0.0],
            [6.0, 0.0],
            [-6.0, -6.0],
            [0.0, -6.0],
            [6.0, -6.0]
        ]
    );
    assert_eq!(grid_points(1), [[0.0, 0.0]]);
    assert!(grid_points(0).is_empty());
    let g = grid(100, &[Feature::X2, Feature::X1Sq]);
    assert_eq!((g.rows(), g.row_len()), (10_000, 2));
    let Inputs::Features { values, .. } = &g else { panic!() };
    // Point 1 is top row, second column: x1 = −6 + 12/99, x2 = 6.
    assert_eq!(values[2], 6.0);
    assert!((values[3] - (-6.0f32 + 12.0 / 99.0).powi(2)).abs() < 1e-5);
    // The last point is the bottom-right corner (6, −6).
    assert_eq!(&values[values.len() - 2..], &[-6.0, 36.0]);
}
