#!/usr/bin/env bash
# Build step: fetch the built-in data sets from their packages with the ordinary npm client,
# verify each archive's checksum, and convert it into a compact asset under assets/.
# Idempotent: an asset that already exists is left alone. No data set text is committed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/datasets"
mkdir -p "$cache" "$root/assets"

# UCI Sentiment Labelled Sentences, inside npm sentiment@5.0.2 (MIT; Kotzias et al., KDD 2015).
out="$root/assets/review-sentences.tsv"
if [ ! -s "$out" ]; then
  tgz="$cache/sentiment-5.0.2.tgz"
  sha256="89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f"
  if [ ! -s "$tgz" ] || ! echo "$sha256  $tgz" | sha256sum -c --status; then
    (cd "$cache" && npm pack --silent sentiment@5.0.2 >/dev/null)
  fi
  echo "$sha256  $tgz" | sha256sum -c --status || { echo "checksum mismatch for $tgz" >&2; exit 1; }
  rm -rf "$cache/sentiment" && mkdir -p "$cache/sentiment"
  tar -xzf "$tgz" -C "$cache/sentiment" package/test/fixtures/amazon.json package/test/fixtures/imdb.json package/test/fixtures/yelp.json
  cargo run --quiet --release -p kiln-assets -- review-sentences "$cache/sentiment/package" "$out.tmp"
  mv "$out.tmp" "$out"
fi
