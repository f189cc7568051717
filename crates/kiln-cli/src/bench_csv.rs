//! `kiln bench-csv`: how fast, and in how much memory, an uploaded table is read, previewed and
//! prepared. Generates a CSV in memory (numeric, categorical, free-text and label columns,
//! some missing values), then times [`read_table`], [`preview_table`] and [`prepare_table`].

use std::fmt::Write as _;
use std::time::Instant;

use kiln_data::{PrepareOptions, PreviewOptions, ReadOptions, prepare_table, preview_table, read_table};

/// What one run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvBench {
    /// Size of the generated file, bytes.
    pub bytes: usize,
    /// Data rows.
    pub rows: usize,
    /// Seconds to decode and parse the file into a table.
    pub parse_s: f64,
    /// Seconds to infer types and build the preview.
    pub preview_s: f64,
    /// Seconds to split, fit statistics and encode features.
    pub prepare_s: f64,
    /// Feature width of the prepared inputs.
    pub width: usize,
    /// Peak resident memory of the process (`VmHWM`), bytes; `None` off Linux.
    pub peak_bytes: Option<u64>,
}

impl CsvBench {
    /// Parse throughput, MB (10^6 bytes) per second.
    pub fn parse_mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.parse_s.max(1e-9)
    }
}

const WORDS: [&str; 16] = [
    "great", "service", "slow", "friendly", "the", "food", "was", "cold", "and", "staff", "really", "would", "return",
    "never", "again", "price",
];
const COLOURS: [&str; 6] = ["red", "green", "blue", "black", "white", "grey"];
const CITIES: [&str; 10] = ["Lyon", "Oslo", "Lima", "Kyiv", "Pune", "Cork", "Bern", "Nice", "Riga", "Faro"];

/// A CSV of about `mb` × 10^6 bytes: `x1,x2,count,colour,city,note,label`, with about 1 % of `x2`
/// missing (`NA`) and quoted notes containing commas. Deterministic (xorshift, fixed seed).
pub fn generate_csv(mb: usize) -> String {
    let target = mb * 1_000_000;
    let mut s = String::with_capacity(target + 256);
    s.push_str("x1,x2,count,colour,city,note,label\n");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    while s.len() < target {
        let r = next();
        let x1 = (r % 100_000) as f64 / 1000.0;
        let count = (r >> 20) % 50;
        let colour = COLOURS[((r >> 30) % 6) as usize];
        let city = CITIES[((r >> 34) % 10) as usize];
        let label = if x1 + (count as f64) > 60.0 { "yes" } else { "no" };
        let _ = write!(s, "{x1:.3},");
        if (r >> 40) % 100 == 0 {
            s.push_str("NA,");
        } else {
            let _ = write!(s, "{:.4},", ((r >> 8) % 1_000_000) as f64 / 7919.0);
        }
        let _ = write!(s, "{count},{colour},{city},\"");
        let w = next();
        for k in 0..10 {
            if k > 0 {
                s.push(if k == 5 { ',' } else { ' ' });
                if k == 5 {
                    s.push(' ');
                }
            }
            s.push_str(WORDS[((w >> (k * 4)) % 16) as usize]);
        }
        let _ = writeln!(s, "\",{label}");
    }
    s
}

/// Peak resident set size of this process (`VmHWM` in `/proc/self/status`), bytes.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Generates a CSV of about `mb` MB, then reads, previews and prepares it (target `label`, the
/// default inputs). The file bytes are dropped once parsed, as the worker can do.
///
/// # Errors
/// The data error's message, should any step fail.
pub fn bench_csv(mb: usize) -> Result<CsvBench, String> {
    let csv = generate_csv(mb);
    let bytes = csv.len();
    let t0 = Instant::now();
    let table = read_table(csv.as_bytes(), &ReadOptions::default()).map_err(|e| e.to_string())?;
    let parse_s = t0.elapsed().as_secs_f64();
    drop(csv);
    let t1 = Instant::now();
    let options = PreviewOptions { target: Some("label".into()), ..PreviewOptions::default() };
    preview_table(&table, &options).map_err(|e| e.to_string())?;
    let preview_s = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let prepared = prepare_table(&table, &PrepareOptions::new("label")).map_err(|e| e.to_string())?;
    let prepare_s = t2.elapsed().as_secs_f64();
    let width = match prepared.splits.train.inputs {
        kiln_data::Inputs::Features { width, .. } => width,
        _ => 0,
    };
    Ok(CsvBench { bytes, rows: table.rows, parse_s, preview_s, prepare_s, width, peak_bytes: peak_memory() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bench_runs() {
        let b = bench_csv(1).expect("runs");
        assert!(b.bytes >= 1_000_000 && b.rows > 5000);
        assert_eq!(b.width, 3 + 6 + 10);
    }
}
