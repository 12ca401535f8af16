#!/usr/bin/env bash
# tests/fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/ and runs
# TARGET for SECONDS at the lowest CPU priority. TARGET is one of
#   loader   scenario YAML: load, validate, play and replay
#   script   decision scripts: parse, run against a bundled scenario, replay
#   stix     STIX bundles through the ATT&CK importer
#   journal  a damaged copy of a real journal database: open, resume, report
# Seeds are the project's own inputs, gathered afresh on each run into
# build-fuzz/seeds/TARGET: the bundled scenarios and decision scripts, the test
# fixtures, and tests/fuzz/corpus/TARGET (inputs that exist only for fuzzing:
# journal damage records, a script using every verb). They are read, never
# written; new inputs go to build-fuzz/corpus/TARGET; crashes, leaks and timeouts (60 s: generous, because
# the runs share a busy machine at nice 19) to build-fuzz/findings/TARGET/.
# Exit status: 0 when nothing was found.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
usage() { echo "usage: $0 loader|script|stix|journal SECONDS [libFuzzer options...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
TARGET=$1 SECONDS_TO_RUN=$2; shift 2
case "$TARGET" in loader|script|stix|journal) ;; *) usage ;; esac
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || usage

BUILD=${TTX_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DTTX_FUZZ=ON -DTTX_BUILD_UI=OFF \
    -DTTX_BUILD_TESTS=OFF -DTTX_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
nice -n 19 cmake --build "$BUILD" --target "fuzz_$TARGET" -j2 >/dev/null

SEEDS=$BUILD/seeds/$TARGET
WORK=$BUILD/corpus/$TARGET
FINDINGS=$BUILD/findings/$TARGET
rm -rf "$SEEDS"
mkdir -p "$SEEDS" "$WORK" "$FINDINGS"
seed() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$SEEDS/$(basename "$(dirname "$f")")-$(basename "$f")"; done; return 0; }
shopt -s nullglob globstar
case "$TARGET" in
  loader)  for f in "$ROOT"/scenarios/*.yaml "$ROOT"/tests/fixtures/**/*.yaml; do
             [[ "$f" == *.decisions.yaml ]] || seed "$f"; done ;;
  script)  seed "$ROOT"/scenarios/*.decisions.yaml "$ROOT"/tests/fixtures/**/*.decisions.yaml ;;
  stix)    seed "$ROOT"/tests/fixtures/stix/*.json "$ROOT"/tests/fixtures/regressions/*.json ;;
esac
seed "$ROOT"/tests/fuzz/corpus/"$TARGET"/*
DICT=()
[ -f "$ROOT/tests/fuzz/$TARGET.dict" ] && DICT=(-dict="$ROOT/tests/fuzz/$TARGET.dict")
MAXLEN=65536 EXTRA=()
[ "$TARGET" = stix ] && MAXLEN=262144
# Journal inputs are damage records, not text: let them be long from the start.
# Entropic scheduling is off for it: with ~30,000 features per input its
# bookkeeping (InputCorpus::UpdateFeatureFrequency) took a third of the time.
[ "$TARGET" = journal ] && MAXLEN=600 EXTRA=(-len_control=0 -entropic=0)

cd "$FINDINGS"
exec nice -n 19 "$BUILD/tests/fuzz/fuzz_$TARGET" "$WORK" "$SEEDS" -max_total_time="$SECONDS_TO_RUN" \
  -max_len=$MAXLEN -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 "${DICT[@]}" \
  -artifact_prefix="$FINDINGS/" "${EXTRA[@]}" "$@"
