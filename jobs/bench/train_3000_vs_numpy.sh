#!/usr/bin/env bash
# The book's 3,000 steps: scratchnet's train (synchronous rounds, local[2]) against the NumPy
# reference (../shared/bench/numpy_train.py), alternating, each pair only once the machine is quiet.
#
#   jobs/bench/train_3000_vs_numpy.sh [PAIRS] [ITERS]        # defaults 5 and 3000
#   PROFILE=1 jobs/bench/train_3000_vs_numpy.sh 1            # also a JFR recording of each train run
#   BUSY=1 jobs/bench/train_3000_vs_numpy.sh 3               # with one core kept busy by another process
#
# Before each pair it waits (at most $MAX_WAIT seconds, default 900) for the 1-minute load average
# to fall below $MAX_LOAD (default 1.5); a pair taken above it is marked "busy". With BUSY=1 a
# process spinning on one core runs during each pair (started once the machine is quiet). Both
# sides do the same work: NumPy's reference measures the test accuracy at every epoch, so train
# runs with --train-accuracy off. NumPy's time excludes Python's start and the data's loading;
# train's is its "trained … in S s" (from the first step to the last, the epochs' accuracies
# included); the rounds: line gives where a step's time went.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pairs=${1:-5}
iters=${2:-3000}
max_load=${MAX_LOAD:-1.5}
max_wait=${MAX_WAIT:-900}
data=${SCRATCHNET_DATA:-$HOME/.cache/scratchnet/mnist}
out=$(mktemp -d)
spinner=""
stop_spinner() { if [ -n "$spinner" ]; then kill "$spinner" 2>/dev/null || true; wait "$spinner" 2>/dev/null || true; spinner=""; fi; }
trap 'stop_spinner; rm -rf "$out"' EXIT

load() { cut -d' ' -f1 /proc/loadavg; }
quiet() { awk -v l="$(load)" -v m="$max_load" 'BEGIN{exit !(l < m)}'; }
wait_quiet() {
  local waited=0
  until quiet || [ "$waited" -ge "$max_wait" ]; do sleep 10; waited=$((waited + 10)); done
  quiet && echo quiet || echo busy
}

(cd "$here" && mvn -q -B -o package -DskipTests -pl jobs -am >&2)
# a first run records the class-data archive (submit.sh); the measured runs follow it
"$here/submit.sh" --master 'local[2]' train --iters 10 --overwrite --out "$out/prime" >/dev/null 2>&1
echo "machine: $(nproc) cores, $(uname -sr), commit $(cd "$here" && git rev-parse --short HEAD), $(date -u +%FT%TZ)"
echo "| pair | NumPy s | train s | train / NumPy | load before | state | rounds: line (train) |"
echo "|---|---|---|---|---|---|---|"
for i in $(seq 1 "$pairs"); do
  state=$(wait_quiet)
  before=$(load)
  if [ "${BUSY:-0}" = 1 ]; then
    python3 -c 'while True: pass' &
    spinner=$!
    state="$state, one core busy"
  fi
  numpy_s=$(python3 "${NUMPY_SCRIPT:-$here/../shared/bench/numpy_train.py}" "$data" --iters "$iters" | sed -n 's/^RESULT.* seconds=\([0-9.]*\).*/\1/p')
  opts=""
  if [ "${PROFILE:-0}" = 1 ]; then
    opts="-XX:StartFlightRecording=filename=$here/jobs/target/train-$i.jfr,settings=profile"
  fi
  SCRATCHNET_JAVA_OPTS="$opts" "$here/submit.sh" --master 'local[2]' train --iters "$iters" --train-accuracy off --overwrite \
    --out "$out/train" >"$out/stdout" 2>"$out/stderr"
  stop_spinner
  train_s=$(sed -n 's/^trained .* in \([0-9.]*\) s;.*/\1/p' "$out/stdout")
  rounds=$(grep '^rounds:' "$out/stderr" | sed 's/|/\\|/g' || true)
  printf '| %s | %s | %s | %.2f | %s | %s | %s |\n' "$i" "$numpy_s" "$train_s" \
    "$(awk -v a="$train_s" -v b="$numpy_s" 'BEGIN{print a/b}')" "$before" "$state" "$rounds"
done
