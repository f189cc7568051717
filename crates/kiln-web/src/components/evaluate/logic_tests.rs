use super::*;

#[test]
fn formats() {
    assert_eq!(percent(0.8734), "87.3%");
    assert_eq!(percent(f64::NAN), "—");
    assert_eq!(fixed3(0.12345), "0.123");
    assert_eq!(fixed3(f64::INFINITY), "—");
}

#[test]
fn colours_follow_the_sign_and_size() {
    assert!(word_background(0.5, 1.0).starts_with("background:rgba(21,128,61"), "positive is green");
    assert!(word_background(-0.5, 1.0).starts_with("background:rgba(185,28,28"), "negative is red");
    assert_eq!(word_background(0.0, 1.0), "background:transparent");
    assert_eq!(word_background(0.3, 0.0), "background:transparent", "no division by zero");
    assert_eq!(word_background(-1.0, 1.0), "background:rgba(185,28,28,0.85)");
    // Near-zero words alone stay pale: the scale is at least one logit.
    assert_eq!(word_background(-0.005, 0.005), "background:rgba(185,28,28,0.10)");
    assert!(cell_background(1.0, true).contains("21,128,61"));
    assert!(cell_background(0.2, false).contains("185,28,28,0.21"));
    assert!(dark_cell(0.9) && !dark_cell(0.1));
}

#[test]
fn plot_box_maps_the_corners() {
    let b = PlotBox::unit(300.0, 30.0);
    assert_eq!((b.x(0.0), b.y(0.0)), (30.0, 270.0));
    assert_eq!((b.x(1.0), b.y(1.0)), (270.0, 30.0));
    assert_eq!(b.polyline(&[(0.0, 0.0), (0.5, 1.0)]), "30.0,270.0 150.0,30.0 ");
    let f = PlotBox::fitting(300.0, 30.0, [1.0, 3.0, f64::NAN].into_iter());
    assert!((f.range.0 - 0.9).abs() < 1e-12 && (f.range.1 - 3.1).abs() < 1e-12);
    let one = PlotBox::fitting(300.0, 30.0, [2.0].into_iter());
    assert_eq!(one.range, (1.5, 2.5));
    assert_eq!(PlotBox::fitting(300.0, 30.0, std::iter::empty()).range, (0.0, 1.0));
}

#[test]
fn thinning_keeps_both_ends() {
    let pts: Vec<u32> = (0..1000).collect();
    let t = thin(&pts, 11);
    assert_eq!(t.len(), 11);
    assert_eq!((t[0], t[10]), (0, 999));
    assert_eq!(thin(&pts[..5], 11), vec![0, 1, 2, 3, 4]);
}

#[test]
fn word_map_fill_follows_the_sign() {
    assert_eq!(word_fill(Some(1.0), 1.0), "fill:rgb(21,128,61)", "strongest positive is green");
    assert_eq!(word_fill(Some(-2.0), 2.0), "fill:rgb(185,28,28)", "strongest negative is red");
    assert_eq!(word_fill(None, 1.0), "fill:rgb(120,120,120)", "unseen is grey");
    assert_eq!(word_fill(Some(0.5), 0.0), "fill:rgb(120,120,120)", "no scale: grey, no division by zero");
}

#[test]
fn labels_are_thinned_where_they_overlap() {
    // Three words at the same spot and one far away: only the first (most frequent) and the far
    // one get a label; the picked third one is always labelled, and then hides the first.
    let words = [(100.0, 100.0, 40.0), (105.0, 102.0, 40.0), (110.0, 98.0, 30.0), (400.0, 300.0, 50.0)];
    assert_eq!(place_labels(&words, 14.0, None), [true, false, false, true]);
    assert_eq!(place_labels(&words, 14.0, Some(2)), [false, false, true, true]);
    // Side by side without touching: both labelled; one line lower than a label's height: both.
    assert_eq!(place_labels(&[(0.0, 0.0, 40.0), (41.0, 0.0, 40.0)], 14.0, None), [true, true]);
    assert_eq!(place_labels(&[(0.0, 0.0, 40.0), (0.0, 15.0, 40.0)], 14.0, None), [true, true]);
    assert_eq!(place_labels(&[], 14.0, Some(3)), Vec::<bool>::new(), "a picked index past the end is ignored");
    assert!(label_width("好", 13.0) > label_width("a", 13.0));
}
