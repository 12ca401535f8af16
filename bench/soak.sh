#!/usr/bin/env bash
# bench/soak.sh [KILLS] — crash soak: kill -9 `ttx run --pace` at random moments, resume, compare.
#
# KILLS counts kills that landed mid-exercise: after the session was created
# and before the run finished. Kills that land earlier (nothing to resume) or
# later (nothing interrupted) are reported and do not count; the soak goes on
# until KILLS have landed (at most 3 × KILLS attempts). For each kill, one of the bundled scenarios (scenarios/<id>.yaml with
# scenarios/<id>.decisions.yaml, taken in turn) is run with a short pace and
# SIGKILLed after a random delay within the first four fifths of its run time (from the
# session line, so start-up does not decide where kills land); `ttx resume` then
# finishes it. Every kill is checked against an uninterrupted reference run:
#   1. what was acknowledged (lines printed before the kill) is exactly the
#      start of the reference output: nothing printed that did not happen;
#   2. every decision acknowledged before the kill is in the journal (sqlite3
#      on the killed run's database, before resuming): nothing acknowledged lost;
#   3. acknowledged lines + resumed lines = the reference lines, with at most the
#      one command that committed but was not yet printed missing between them:
#      nothing done twice;
#   4. the final journal-sha256 equals the reference, and so does the number of
#      decision.recorded events.
#
# Environment: TTX (the ttx binary; default build/ttx, then build-*/ttx),
# SOAK_SEED (bash RANDOM seed, default 1), SOAK_KEEP=1 keeps the work folder.
# Exit 0 when every check of every kill passed; 1 otherwise (the failing runs
# are kept and named); 2 for a usage error.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KILLS=${1:-200}
[[ "$KILLS" =~ ^[0-9]+$ ]] && [ "$KILLS" -gt 0 ] || { echo "usage: $0 [KILLS]" >&2; exit 2; }
if [ -z "${TTX:-}" ]; then
  for c in "$ROOT/build/ttx" "$ROOT"/build-*/ttx; do [ -x "$c" ] && { TTX=$c; break; }; done
fi
[ -n "${TTX:-}" ] && [ -x "$TTX" ] || { echo "soak: no ttx binary; build it or set TTX=/path/to/ttx" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "soak: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 2; }
RANDOM=${SOAK_SEED:-1}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ttx-soak-XXXXXX")
export XDG_DATA_HOME=$WORK/xdg
cleanup() { [ "${SOAK_KEEP:-0}" = 1 ] || [ "${FAILED:-0}" -gt 0 ] || rm -rf "$WORK"; }
trap cleanup EXIT

# ---- the scenario pairs and their reference runs ---------------------------------------
PAIRS=()
for s in "$ROOT"/scenarios/*.yaml; do
  case "$s" in *.decisions.yaml) continue ;; esac
  d=${s%.yaml}.decisions.yaml
  [ -f "$d" ] && PAIRS+=("$s")
done
[ ${#PAIRS[@]} -gt 0 ] || { echo "soak: no scenarios/<id>.yaml with a <id>.decisions.yaml beside it" >&2; exit 2; }

seed_args() { grep -q '^seed:' "${1%.yaml}.decisions.yaml" && echo "" || echo "--seed 1"; }
decisions_in() { grep -o 'decision recorded: \|decision timed out: ' "$1" | wc -l; }
count_decisions() { sqlite3 "$1" "SELECT COUNT(*) FROM events WHERE kind = 'decision.recorded'" 2>/dev/null || echo -1; }

# Waits until the run writing $1 (process $2) has printed its session line or
# ended. Kill delays count from that line, not from the launch: start-up (the
# catalog, the scenario) is a small share of a plain build's run and a large,
# varying one under the sanitizers, and a kill before the session exists tests
# nothing.
wait_for_session() {
  while kill -0 "$2" 2>/dev/null && ! grep -q '^session: ' "$1" 2>/dev/null; do sleep 0.005; done
}

declare -A REF_DIR REF_MS
for i in "${!PAIRS[@]}"; do
  s=${PAIRS[$i]}; dir=$WORK/ref-$i; mkdir -p "$dir"
  # shellcheck disable=SC2046
  "$TTX" run "$s" --decisions "${s%.yaml}.decisions.yaml" --db "$dir/ttx.db" $(seed_args "$s") >"$dir/out" 2>"$dir/err" \
    || { echo "soak: the reference run of $s failed:"; cat "$dir/err"; exit 1; }
  # shellcheck disable=SC2046
  "$TTX" run "$s" --decisions "${s%.yaml}.decisions.yaml" --db "$dir/paced.db" --pace 5ms $(seed_args "$s") \
    >"$dir/paced" 2>/dev/null &
  pid=$!
  wait_for_session "$dir/paced" "$pid"
  start=$(date +%s%N)
  wait "$pid" || { echo "soak: the paced reference run of $s failed"; exit 1; }
  REF_MS[$i]=$(( ($(date +%s%N) - start) / 1000000 ))
  # Pacing changes nothing in the journal.
  [ "$(tail -n1 "$dir/out")" = "$(tail -n1 "$dir/paced")" ] || { echo "soak: $s: paced run differs from unpaced"; exit 1; }
  REF_DIR[$i]=$dir
done

# ---- the kills -------------------------------------------------------------------------------
FAILED=0 LOST=0 DOUBLED=0 HASH_OK=0 BEFORE_SESSION=0 FINISHED=0 ACKED=0 LANDED=0 RESUMED=0
fail() { echo "FAIL kill $k (${PAIRS[$p]##*/}, after ${delay_ms} ms): $*" >&2; FAILED=$((FAILED + 1)); touch "$dir/FAILED"; }

for ((k = 1; LANDED < KILLS && k <= 3 * KILLS; k++)); do
  p=$(( (k - 1) % ${#PAIRS[@]} )); s=${PAIRS[$p]}; ref=${REF_DIR[$p]}
  dir=$WORK/kill-$k; mkdir -p "$dir"; : >"$dir/killed"   # a kill before the child opens it leaves it empty
  delay_ms=$(( RANDOM % (REF_MS[$p] * 4 / 5 + 1) ))   # not the last fifth: runs vary, a kill aimed there often comes after the end
  # shellcheck disable=SC2046
  "$TTX" run "$s" --decisions "${s%.yaml}.decisions.yaml" --db "$dir/ttx.db" --pace 5ms $(seed_args "$s") \
    >"$dir/killed" 2>"$dir/killed.err" &
  pid=$!
  wait_for_session "$dir/killed" "$pid"
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null

  # Acknowledged = complete lines printed before the kill (a torn last line is not).
  if [ -s "$dir/killed" ] && [ "$(tail -c1 "$dir/killed" | od -An -c | tr -d ' ')" != '\n' ]; then
    sed -i '$d' "$dir/killed"
  fi
  # A run that printed its journal hash finished before the kill landed.
  finished=0
  if grep -q '^journal-sha256: ' "$dir/killed"; then finished=1; FINISHED=$((FINISHED + 1)); sed -i '/^journal-sha256: /d' "$dir/killed"; fi
  acked=$(wc -l <"$dir/killed")
  ACKED=$((ACKED + acked))
  # 1. the acknowledged lines are the reference's first lines (minus the session id).
  if [ "$acked" -gt 1 ]; then
    diff <(tail -n +2 "$dir/killed") <(sed -n "2,${acked}p" "$ref/out") >/dev/null \
      || fail "acknowledged lines differ from the reference run"
  fi
  id=$(sed -n 's/^session: //p' "$dir/killed" | head -n1)
  if [ -z "$id" ]; then
    id=$(sqlite3 "$dir/ttx.db" "SELECT id FROM sessions" 2>/dev/null | head -n1)
    if [ -z "$id" ]; then BEFORE_SESSION=$((BEFORE_SESSION + 1)); rm -rf "$dir"; continue; fi
  fi
  [ "$finished" = 1 ] || LANDED=$((LANDED + 1))
  RESUMED=$((RESUMED + 1))
  # 2. every acknowledged decision is committed.
  committed=$(count_decisions "$dir/ttx.db")
  [ "$committed" -ge "$(decisions_in "$dir/killed")" ] \
    || { fail "decisions acknowledged: $(decisions_in "$dir/killed"), in the journal: $committed"; LOST=$((LOST + 1)); }

  "$TTX" resume "$id" --db "$dir/ttx.db" >"$dir/resumed" 2>"$dir/resumed.err" || { fail "resume exited $?: $(head -n3 "$dir/resumed.err")"; continue; }
  # 3. acknowledged + resumed = reference, with at most one unprinted command at the seam.
  { tail -n +2 "$dir/killed"; sed '1d;$d' "$dir/resumed"; } >"$dir/combined"
  sed '1d;$d' "$ref/out" >"$dir/expected"
  missing=$(diff "$dir/combined" "$dir/expected" | grep -c '^>')
  extra=$(diff "$dir/combined" "$dir/expected" | grep -c '^<')
  if [ "$extra" -gt 0 ]; then fail "$extra line(s) done twice or not in the reference"; DOUBLED=$((DOUBLED + 1)); fi
  [ "$missing" -le 1 ] || fail "$missing reference lines missing after resume"
  # 4. same final journal, each decision exactly once.
  if [ "$(tail -n1 "$dir/resumed")" = "$(tail -n1 "$ref/out")" ] &&
     [ "$(count_decisions "$dir/ttx.db")" = "$(count_decisions "$ref/ttx.db")" ]; then
    HASH_OK=$((HASH_OK + 1))
  else
    fail "final journal differs: $(tail -n1 "$dir/resumed") vs $(tail -n1 "$ref/out")"
  fi
  [ -f "$dir/FAILED" ] || rm -rf "$dir"
done

echo "soak: $LANDED kills mid-exercise over ${#PAIRS[@]} scenarios ($((k - 1)) attempts: $BEFORE_SESSION killed before the" \
     "session existed, $FINISHED finished first; $ACKED lines acknowledged before the kills)"
echo "soak: $LOST acknowledged decisions lost, $DOUBLED runs with a command done twice," \
     "$HASH_OK/$RESUMED final journals identical to the uninterrupted run"
if [ "$LANDED" -lt "$KILLS" ]; then
  echo "soak: only $LANDED of $KILLS kills landed mid-exercise in $((k - 1)) attempts" >&2
  FAILED=$((FAILED + 1))
fi
if [ "$FAILED" -gt 0 ]; then
  echo "soak: $FAILED check(s) FAILED; runs kept in $WORK" >&2
  exit 1
fi
echo "soak: OK"
