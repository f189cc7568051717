//! The report views' pure arithmetic, tested on the host: number formats, cell and word colours,
//! and plot coordinates for the SVG curves (a unit square mapped into a plot box).

/// `0.8734` → `"87.3%"`; not a number → `"—"`.
pub fn percent(v: f64) -> String {
    if v.is_finite() { format!("{:.1}%", v * 100.0) } else { "—".into() }
}

/// Three decimals; not a number → `"—"`.
pub fn fixed3(v: f64) -> String {
    if v.is_finite() { format!("{v:.3}") } else { "—".into() }
}

/// A matrix cell's background for a row share `share` in `[0, 1]`: the diagonal in green, other
/// cells in red, stronger for a larger share (so the eye finds where the errors are).
pub fn cell_background(share: f64, diagonal: bool) -> String {
    let a = (share.clamp(0.0, 1.0) * 0.85 + 0.04).min(0.89);
    if diagonal { format!("background:rgba(21,128,61,{a:.2})") } else { format!("background:rgba(185,28,28,{a:.2})") }
}

/// True when text on `cell_background(share, _)` should be white for contrast.
pub fn dark_cell(share: f64) -> bool {
    share > 0.45
}

/// The smallest colour scale of [`word_background`], in logits: a text whose words all move the
/// score by less than this (all unknown words, say) stays pale instead of being painted as
/// strongly as "terrible".
pub const WORD_SCALE_MIN_LOGITS: f64 = 1.0;

/// A word's background for `contribution` (logits) against the largest absolute contribution in
/// its text (but at least [`WORD_SCALE_MIN_LOGITS`]): green pushes towards the explained class,
/// red away; 0 is no colour.
pub fn word_background(contribution: f64, max_abs: f64) -> String {
    if !contribution.is_finite() || max_abs <= 0.0 || contribution == 0.0 {
        return "background:transparent".into();
    }
    let a = (contribution.abs() / max_abs.max(WORD_SCALE_MIN_LOGITS)).clamp(0.0, 1.0) * 0.75 + 0.1;
    if contribution > 0.0 {
        format!("background:rgba(21,128,61,{a:.2})")
    } else {
        format!("background:rgba(185,28,28,{a:.2})")
    }
}

/// A word-map label's text colour for its mean `contribution` (logits) against the largest
/// absolute mean on the map: grey at 0 (or unseen, `None`), towards green for positive and red
/// for negative, as [`word_background`] colours contributions.
pub fn word_fill(contribution: Option<f64>, max_abs: f64) -> String {
    let Some(c) = contribution.filter(|c| c.is_finite() && max_abs > 0.0) else {
        return "fill:rgb(120,120,120)".into();
    };
    let a = (c.abs() / max_abs).clamp(0.0, 1.0).sqrt();
    let to = if c > 0.0 { (21.0, 128.0, 61.0) } else { (185.0, 28.0, 28.0) };
    let mix = |from: f64, to: f64| (from + (to - from) * a).round();
    format!("fill:rgb({},{},{})", mix(120.0, to.0), mix(120.0, to.1), mix(120.0, to.2))
}

/// A plot box inside an SVG: `size` square pixels, with `margin` pixels around for the axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotBox {
    /// Side of the whole SVG, px.
    pub size: f64,
    /// Margin on each side, px.
    pub margin: f64,
    /// Data range shown on both axes, `(lo, hi)`.
    pub range: (f64, f64),
}

impl PlotBox {
    /// The unit square (rates, precision, recall).
    pub fn unit(size: f64, margin: f64) -> Self {
        PlotBox { size, margin, range: (0.0, 1.0) }
    }

    /// A square box holding every value in `values` (a regression's truths and predictions),
    /// with 5 % to spare; a single value gets a range of 1 around it.
    pub fn fitting(size: f64, margin: f64, values: impl Iterator<Item = f64>) -> Self {
        let (lo, hi) =
            values.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        let (lo, hi) = if !lo.is_finite() {
            (0.0, 1.0)
        } else if hi - lo < 1e-12 {
            (lo - 0.5, hi + 0.5)
        } else {
            let pad = (hi - lo) * 0.05;
            (lo - pad, hi + pad)
        };
        PlotBox { size, margin, range: (lo, hi) }
    }

    /// Pixel x of data value `x`.
    pub fn x(&self, x: f64) -> f64 {
        let (lo, hi) = self.range;
        self.margin + (x - lo) / (hi - lo) * (self.size - 2.0 * self.margin)
    }

    /// Pixel y of data value `y` (up is larger).
    pub fn y(&self, y: f64) -> f64 {
        let (lo, hi) = self.range;
        self.size - self.margin - (y - lo) / (hi - lo) * (self.size - 2.0 * self.margin)
    }

    /// An SVG `points` attribute for a polyline through `points`.
    pub fn polyline(&self, points: &[(f64, f64)]) -> String {
        let mut s = String::with_capacity(points.len() * 12);
        for &(x, y) in points {
            s.push_str(&format!("{:.1},{:.1} ", self.x(x), self.y(y)));
        }
        s
    }
}

/// At most `max` points of `points`, evenly picked, always keeping the first and the last (a
/// curve over thousands of thresholds drawn with a few hundred vertices).
pub fn thin<T: Copy>(points: &[T], max: usize) -> Vec<T> {
    if points.len() <= max || max < 2 {
        return points.to_vec();
    }
    let step = (points.len() - 1) as f64 / (max - 1) as f64;
    (0..max).map(|i| points[((i as f64 * step).round() as usize).min(points.len() - 1)]).collect()
}

/// Width of `word` as a label at `font_px`, px: about 0.58 em a Latin letter, 1 em a CJK
/// character (an estimate; SVG text is not measured before it is drawn).
pub fn label_width(word: &str, font_px: f64) -> f64 {
    word.chars().map(|c| if c.is_ascii() { 0.58 } else { 1.0 }).sum::<f64>() * font_px
}

/// Which words get a label: `labels[i] = (x, y, width)` of a label centred on `(x, y)` with
/// `height` px, most frequent first; a label is drawn only where it does not overlap one drawn
/// before it (a more frequent word), greedily, and `forced` (the picked word) always is. The rest
/// are dots. `[i] = true` for a label.
pub fn place_labels(labels: &[(f64, f64, f64)], height: f64, forced: Option<usize>) -> Vec<bool> {
    let overlaps =
        |a: &(f64, f64, f64), b: &(f64, f64, f64)| (a.0 - b.0).abs() * 2.0 < a.2 + b.2 && (a.1 - b.1).abs() < height;
    let mut placed: Vec<usize> = forced.filter(|&f| f < labels.len()).into_iter().collect();
    let mut shown = vec![false; labels.len()];
    for &f in &placed {
        shown[f] = true;
    }
    for (i, l) in labels.iter().enumerate() {
        if !shown[i] && !placed.iter().any(|&j| overlaps(l, &labels[j])) {
            placed.push(i);
            shown[i] = true;
        }
    }
    shown
}

#[cfg(test)]
#[path = "logic_tests.rs"]
mod tests;
