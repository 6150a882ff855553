#!/usr/bin/env bash
# Papers of another field than the reference set's machine learning, for the density fit (fit-density.js
# --more-papers / --check-papers): the PDF vignettes that Debian's R and Bioconductor packages ship (statistics,
# econometrics, ecology, spatial statistics, genomics), read by `assay run` as it reads any PDF. Of those it keeps,
# the papers: text with an "Abstract" line and a "References" or "Bibliography" line (33 of 77 in bookworm, most of
# them Journal of Statistical Software articles); the rest are package guides, documentation rather than papers. The
# PDFs and their text stay on this machine: only numbers derived from them (AUC tables) are committed.
#
#   scripts/other-field-papers.sh OUT.jsonl
#
# Installs the packages with apt-get if their vignettes are missing (root; Debian bookworm's archive).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: other-field-papers.sh OUT.jsonl" >&2
  exit 2
fi
out=$1
here=$(cd "$(dirname "$0")/.." && pwd)
packages=(
  r-base-core r-bioc-biobase r-bioc-edger r-bioc-limma r-cran-aer r-cran-ape r-cran-bit r-cran-car r-cran-colorspace
  r-cran-e1071 r-cran-expm r-cran-flexmix r-cran-formula r-cran-gower r-cran-gstat r-cran-intervals r-cran-ipred
  r-cran-iterators r-cran-jsonlite r-cran-knitr r-cran-libcoin r-cran-lme4 r-cran-lmtest r-cran-maptools
  r-cran-matrix r-cran-maxlik r-cran-mcmc r-cran-mvtnorm r-cran-numderiv r-cran-partykit r-cran-proxy r-cran-pscl
  r-cran-quantreg r-cran-rcpp r-cran-rcpparmadillo r-cran-rcppeigen r-cran-rdpack r-cran-rpart r-cran-sandwich
  r-cran-sp r-cran-spacetime r-cran-sparsem r-cran-squarem r-cran-strucchange r-cran-survival r-cran-vcd
  r-cran-vegan r-cran-xts r-cran-zoo
)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" > /dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y --no-install-recommends "${missing[@]}" > /dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pdf"
# One name per vignette, its package first: "zoo__zoo-quickref.pdf".
for pdf in /usr/lib/R/site-library/*/doc/*.pdf /usr/lib/R/library/*/doc/*.pdf; do
  package=$(basename "$(dirname "$(dirname "$pdf")")")
  ln -s "$pdf" "$work/pdf/${package}__$(basename "$pdf")"
done
node "$here/bin/assay.js" run "$work/pdf" --out "$work/run" --no-dedup --no-rank --format jsonl --no-report --quiet
cat "$work"/run/data/*.jsonl |
  grep -E '(^|\\n)Abstract' | grep -E '\\n(References|Bibliography)\\n' > "$out" || true
echo "$(wc -l < "$out") papers of $(find "$work/pdf" -name '*.pdf' | wc -l) PDFs: $out" >&2
