#!/usr/bin/env bash
# Time to a test accuracy: scratchnet's train in local[2] against the NumPy reference loop
# (../shared/bench/numpy_time_to_accuracy.py), run alternately in the same session.
#
#   jobs/bench/train_vs_numpy.sh [SEEDS] [OPTIMIZERS] [LOCAL_STEPS] [TARGET] [SAMPLING]
#   jobs/bench/train_vs_numpy.sh "0 1 2" "momentum adam sgd" 600 0.97 shuffle
#
# Both sides: 784-50-100-10 sigmoid/softmax, batch 100, Xavier initialisation, the same learning
# rates (momentum 0.1, adam 0.001, sgd 0.1), the test accuracy after every epoch (600 iterations),
# at most 30 epochs. For each seed, three runs one after the other:
#   - the reference script as it is (its generator seeded with 0, whatever the seed),
#   - the same script with its generator seeded with the seed (a copy made here with sed), for
#     NumPy's own spread of epochs-to-target,
#   - scratchnet's train with --seed SEED.
# NumPy's time excludes Python's start and loading the data; scratchnet's "train" likewise starts at
# the first step (Spark started, training set cached); "job" adds the job that reads and caches
# the data (NumPy's own data loading is in the seeded column); "wall" is the whole submit.sh
# process, JVM start included.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seeds=${1:-"0 1 2"}
optimizers=${2:-"momentum adam sgd"}
local_steps=${3:-600}
target=${4:-0.97}
sampling=${5:-shuffle}
data=${SCRATCHNET_DATA:-$HOME/.cache/scratchnet/mnist}
numpy_script=${NUMPY_SCRIPT:-$here/../shared/bench/numpy_time_to_accuracy.py}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The seeded copy also reports how long its data loading took (the lines before its clock starts).
sed -e 's/default_rng(0)/default_rng(int(os.environ["SEED"]))/' -e '/^import numpy as np/a _t0=time.perf_counter()' \
  -e "/^xte=/a print(f'LOAD seconds={time.perf_counter()-_t0:.2f}', flush=True)" "$numpy_script" >"$out/numpy_seeded.py"

numpy() { # prints "epochs, seconds" (+ " (not reached, acc)") (+ "; load seconds" when reported)
  local all line iters s reached acc load
  all=$("$@")
  line=$(tail -n 1 <<<"$all")
  load=$(sed -n 's/^LOAD seconds=\([0-9.]*\).*/; load \1/p' <<<"$all")
  iters=$(sed -n 's/.*iters=\([0-9]*\).*/\1/p' <<<"$line")
  s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")
  reached=$(sed -n 's/.*reached=\([A-Za-z]*\).*/\1/p' <<<"$line")
  acc=$(sed -n 's/.*acc=\([0-9.]*\).*/\1/p' <<<"$line")
  printf '%s, %s%s%s' "$((iters / 600))" "$s" "$([ "$reached" = True ] || echo " (not reached: $acc)")" "$load"
}

(cd "$here" && mvn -q -B -o package -DskipTests >&2)
# One short run first: a command's first run with new jars or flags records its classes for
# class-data sharing (submit.sh), and the runs measured here are the ones that follow.
"$here/submit.sh" --master 'local[2]' train --epochs 1 --local-steps 600 --overwrite --out "$out/prime" >/dev/null 2>&1
echo "| optimizer | seed | NumPy reference: epochs, s | NumPy, this seed: epochs, s; its data load s | scratchnet: epochs | train s | job s | wall s | test acc | load avg |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for opt in $optimizers; do
  for seed in $seeds; do
    ref=$(numpy python3 "$numpy_script" "$data" "$opt" "$target")
    seeded=$(SEED=$seed numpy python3 "$out/numpy_seeded.py" "$data" "$opt" "$target")
    t0=$(date +%s.%N)
    "$here/submit.sh" --master 'local[2]' train --optimizer "$opt" --init xavier --batch-size 100 --epochs 30 \
      --target-accuracy "$target" --local-steps "$local_steps" --sampling "$sampling" --train-accuracy off --seed "$seed" \
      --overwrite --out "$out/$opt-$seed" >"$out/stdout" 2>"$out/stderr"
    t1=$(date +%s.%N)
    line=$(grep '^trained ' "$out/stdout")
    epochs=$(sed -n 's/.*(\([0-9.]*\) epochs).*/\1/p' <<<"$line")
    train_s=$(sed -n 's/.* in \([0-9.]*\) s;.*/\1/p' <<<"$line")
    load_s=$(sed -n 's/.*read in \([0-9.]*\) s.*/\1/p' "$out/stderr")
    acc=$(sed -n 's/^final train acc [0-9.]*, test acc //p' "$out/stdout")
    reached=""; grep -q 'reached the target' "$out/stdout" || reached=" (not reached)"
    printf '| %s | %s | %s | %s | %.0f%s | %s | %.2f | %.1f | %s | %s |\n' "$opt" "$seed" "$ref" "$seeded" "$epochs" "$reached" \
      "$train_s" "$(awk -v a="$train_s" -v b="$load_s" 'BEGIN{print a+b}')" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" \
      "$acc" "$(cut -d' ' -f1 /proc/loadavg)"
    grep '^rounds:' "$out/stderr" >&2 || true
  done
done
