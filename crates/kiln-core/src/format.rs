//! Numbers for people: the one byte formatter ([`megabytes`]) and digit grouping
//! ([`thousands`]) that the page, the worker's messages and the data layer's errors all use, so
//! a size reads the same everywhere.

/// Bytes in one megabyte as Kiln counts it: 2^20 (1,048,576), as Windows Explorer counts and as
/// the page's limits are set (the 200 MB upload limit is 200 × 2^20 bytes).
pub const MB: f64 = 1_048_576.0;

/// Formats an integer with thousands separators: `160289` → `160,289`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A byte count in megabytes ([`MB`] = 2^20 bytes) for people: one decimal below 10 MB
/// (`0.4 MB`, `2.3 MB`), whole megabytes with thousands separators from 10 MB (`12 MB`,
/// `1,024 MB`). Negative or non-finite counts read as `0.0 MB`.
pub fn megabytes(bytes: f64) -> String {
    let mb = if bytes.is_finite() { bytes.max(0.0) / MB } else { 0.0 };
    if mb < 9.95 { format!("{mb:.1} MB") } else { format!("{} MB", thousands(mb.round() as usize)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(160_289), "160,289");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn megabytes_by_hand() {
        assert_eq!(megabytes(1.5 * MB), "1.5 MB");
        assert_eq!(megabytes(100_000.0), "0.1 MB");
        assert_eq!(megabytes(9.96 * MB), "10 MB");
        assert_eq!(megabytes(200.0 * MB), "200 MB");
        assert_eq!(megabytes(1536.0 * MB), "1,536 MB");
        assert_eq!(megabytes(f64::NAN), "0.0 MB");
        assert_eq!(megabytes(-3.0), "0.0 MB");
    }
}
