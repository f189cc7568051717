//! Bounded metric history for charts: a series keeps at most `cap` points by averaging
//! neighbouring pairs when full, so a long run never grows memory or slows rendering.

use serde::{Deserialize, Serialize};

/// A downsampled series of `(x, y)` points (x increasing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    points: Vec<(f64, f64)>,
    cap: usize,
    /// Raw points averaged into each stored point.
    stride: usize,
    pending: Vec<(f64, f64)>,
}

impl Series {
    /// An empty series that keeps at most `cap` points (at least 2).
    pub fn new(cap: usize) -> Self {
        Series { points: Vec::new(), cap: cap.max(2), stride: 1, pending: Vec::new() }
    }

    /// Adds a point. Non-finite `y` values are kept out of the chart (they would break its scale).
    pub fn push(&mut self, x: f64, y: f64) {
        if !y.is_finite() || !x.is_finite() {
            return;
        }
        self.pending.push((x, y));
        if self.pending.len() < self.stride {
            return;
        }
        self.points.push(mean(&self.pending));
        self.pending.clear();
        if self.points.len() >= self.cap {
            self.points = self.points.chunks(2).map(mean).collect();
            self.stride *= 2;
        }
    }

    /// Stored points, oldest first.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// Number of stored points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// True when nothing has been stored yet.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

fn mean(chunk: &[(f64, f64)]) -> (f64, f64) {
    let n = chunk.len() as f64;
    let (sx, sy) = chunk.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    (sx / n, sy / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_point_below_cap() {
        let mut s = Series::new(8);
        for i in 0..5 {
            s.push(i as f64, (i * 10) as f64);
        }
        assert_eq!(s.points(), &[(0.0, 0.0), (1.0, 10.0), (2.0, 20.0), (3.0, 30.0), (4.0, 40.0)]);
    }

    #[test]
    fn halves_when_full_and_stays_bounded() {
        let mut s = Series::new(4);
        for i in 0..4 {
            s.push(i as f64, i as f64);
        }
        // Reached cap 4: pairs averaged.
        assert_eq!(s.points(), &[(0.5, 0.5), (2.5, 2.5)]);
        for i in 4..1000 {
            s.push(i as f64, i as f64);
        }
        assert!(s.len() < 4);
        // A linear series stays linear after averaging.
        for (x, y) in s.points() {
            assert_eq!(x, y);
        }
    }

    #[test]
    fn skips_nan() {
        let mut s = Series::new(4);
        s.push(0.0, f64::NAN);
        s.push(1.0, f64::INFINITY);
        assert!(s.is_empty());
    }
}
