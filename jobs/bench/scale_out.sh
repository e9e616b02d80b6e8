#!/usr/bin/env bash
# Scale-out of evaluate on a standalone cluster on this machine: 1 Worker against 2 Workers of one
# core each, on a tiled set (default 1,000,000 images: the test set 100 times, made once with
# ../shared/bench/tile_mnist.py under the cache, never in the repository). The two layouts run
# alternately, each on a cluster of its own (conf/standalone-cluster.sh, stopped by PID after each
# layout), and the job waits until all its cores have registered, so both measure the job alone.
#
#   jobs/bench/scale_out.sh [RUNS] [REPEATS]      e.g.  jobs/bench/scale_out.sh 3 100
#   SCALE_DATA=DIR takes a tiled set made elsewhere (e.g. by scale.py) instead
#
# Prints, per run, the job time evaluate reports and its images/s, then the medians, the speed-up
# (1-worker time / 2-worker time) and the scaling efficiency (speed-up / 2).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-3}
repeats=${2:-100}
mnist=${SCRATCHNET_DATA:-$HOME/.cache/scratchnet/mnist}
weights=${WEIGHTS:-$here/../shared/data/sample_weight.pkl}
data=${SCALE_DATA:-$HOME/.cache/scratchnet/tiles/x$repeats}
if [ ! -f "$data/t10k-labels-idx1-ubyte" ]; then
  mkdir -p "$data"
  python3 "$here/../shared/bench/tile_mnist.py" "$mnist" "$data" "$repeats" >&2
fi
work=$(mktemp -d)
trap 'for d in "$work"/cluster-*; do [ -d "$d" ] && "$here/conf/standalone-cluster.sh" stop "$d" >/dev/null 2>&1; done; rm -rf "$work"' EXIT

# One evaluate on a cluster of W one-core Workers: prints its job seconds and images/s.
run_on() {
  local workers=$1 dir="$work/cluster-$1-$2" master line
  master=$("$here/conf/standalone-cluster.sh" start --workers "$workers" --cores 1 --memory 3g "$dir")
  line=$("$here/submit.sh" --master "$master" --total-executor-cores "$workers" --executor-memory 2g \
      --conf spark.scheduler.minRegisteredResourcesRatio=1.0 --conf spark.scheduler.maxRegisteredResourcesWaitingTime=60s \
      evaluate --data "$data" --weights "$weights" --partitions $((4 * workers)) 2>"$dir.err" | grep ' batches of ')
  "$here/conf/standalone-cluster.sh" stop "$dir" >/dev/null
  # "N batches of B on P partitions, S s (R images/s), master URL"
  sed -E 's/.* partitions, ([0-9.]+) s \(([0-9]+) images\/s\).*/\1 \2/' <<<"$line"
}

declare -A times
for ((r = 1; r <= runs; r++)); do
  for w in 1 2; do
    read -r s rate < <(run_on "$w" "$r")
    times[$w]+="$s "
    printf 'run %d, %d worker(s): job %.2f s, %s images/s\n' "$r" "$w" "$s" "$rate"
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
t1=$(median "${times[1]}")
t2=$(median "${times[2]}")
awk -v t1="$t1" -v t2="$t2" 'BEGIN { printf "median job: 1 worker %.2f s, 2 workers %.2f s; speed-up %.2f, scaling efficiency %.2f\n", t1, t2, t1 / t2, t1 / t2 / 2 }'
