#!/usr/bin/env bash
# Cold start of `evaluate` in local[2] (jobs/bench/README.md, "Cold start"): the whole process of the
# launcher against NumPy's whole process, and where the launcher's time goes.
#
#   jobs/bench/cold_start.sh times [ROUNDS] [LAUNCHER...]
#       ROUNDS (default 5) rounds, each running every LAUNCHER (default: this tree's submit.sh; give
#       another tree's submit.sh to compare before and after) and then numpy_evaluate.py, one after
#       the other: whole-process wall milliseconds, the job's time as evaluate prints it, and the
#       rest (start-up and shutdown); medians at the end. A launcher's first run may record its
#       class-data archive: run each once before timing.
#   jobs/bench/cold_start.sh timeline [LAUNCHER]
#       one evaluate (after one unrecorded run, which records the class-data archive these logging
#       flags need), with the milliseconds of each step from the launcher's start: JVM start,
#       SparkSubmit's main, scratchnet's main, SparkContext's start and end, weights and headers,
#       the broadcast, the job, the first task, the result, the context's stop, the process's end.
#       Marks come from the JVM's class-loading log (-Xlog:class+load with wall-clock
#       milliseconds) and Spark's own log lines (jobs/bench/cold_start_log4j2.properties).
#
# Time it alone on the machine (flock -x /tmp/machine.lock jobs/bench/cold_start.sh ...).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
data=${SCRATCHNET_DATA:-$HOME/.cache/scratchnet/mnist}
shared=${SCRATCHNET_SHARED:-$here/../shared}  # the book's weights and the NumPy references
weights=${WEIGHTS:-$shared/data/sample_weight.pkl}
numpy_script=${NUMPY_SCRIPT:-$shared/bench/numpy_evaluate.py}
mode=${1:-times}

now_ms() { local t=$EPOCHREALTIME; echo $(( ${t%.*} * 1000 + 10#${t#*.} / 1000 )); }
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

# Runs "$@" once; sets ms (whole process), out (stdout and stderr) and code. A run ended by a
# SIGTERM from outside (code 143; tests of other sessions on a shared machine send them) is run again.
run_once() {
  local t0 tries=0
  while :; do
    t0=$(now_ms)
    code=0
    out=$("$@" 2>&1) || code=$?
    ms=$(( $(now_ms) - t0 ))
    [ "$code" -ne 143 ] || [ $((++tries)) -ge 3 ] && break
    echo "  (killed by a SIGTERM from outside: run again)"
  done
}

times() {
  local rounds=${1:-5}
  shift || true
  local launchers=("$@")
  [ ${#launchers[@]} -gt 0 ] || launchers=("$here/submit.sh")
  declare -A whole rest
  local r l job
  for ((r = 1; r <= rounds; r++)); do
    for l in "${launchers[@]}"; do
      run_once "$l" --master 'local[2]' evaluate --weights "$weights"
      job=$(sed -n 's/.* on [0-9]* partitions, \([0-9.]*\) s .*/\1/p' <<<"$out")
      grep -q '^Accuracy:0.9352$' <<<"$out" || { echo "$l: no Accuracy:0.9352 (exit $code):"; tail -n 5 <<<"$out"; exit 1; }
      whole[$l]+="$ms "
      rest[$l]+="$(awk -v m="$ms" -v j="$job" 'BEGIN {printf "%.0f", m - j * 1000}') "
      echo "round $r  $l  ${ms} ms  (job ${job} s)"
    done
    run_once python3 "$numpy_script" "$data" "$weights"
    grep -q 'Accuracy:0.9352' <<<"$out" || { echo "numpy: no Accuracy:0.9352 (exit $code)"; exit 1; }
    whole[numpy]+="$ms "
    echo "round $r  numpy_evaluate.py  ${ms} ms"
  done
  for l in "${launchers[@]}"; do
    echo "median $l: whole $(median "${whole[$l]}") ms (${whole[$l]% }); outside the job $(median "${rest[$l]}") ms (${rest[$l]% })"
  done
  echo "median numpy_evaluate.py: whole $(median "${whole[numpy]}") ms (${whole[numpy]% })"
}

timeline() {
  local launcher=${1:-$here/submit.sh}
  # fixed paths: the flags are part of the class-data archive's name
  local dir=${TMPDIR:-/tmp}/scratchnet-cold-start
  mkdir -p "$dir"
  export SCRATCHNET_JAVA_OPTS="-Xlog:class+load:file=$dir/classes.log:timemillis,uptimemillis -Dlog4j2.configurationFile=$here/jobs/bench/cold_start_log4j2.properties -Dscratchnet.timeline.log=$dir/spark.log"
  run_once "$launcher" --master 'local[2]' evaluate --weights "$weights"  # records the archive if there is none
  local t0=$(now_ms)
  run_once "$launcher" --master 'local[2]' evaluate --weights "$weights"
  local t_end=$((t0 + ms))
  grep -q '^Accuracy:0.9352$' <<<"$out" || { echo "no Accuracy:0.9352 (exit $code):"; tail -n 5 <<<"$out"; exit 1; }
  local classes="$dir/classes.log" spark="$dir/spark.log"
  # [epoch ms][uptime ms] of the first line naming a class
  class_at() { grep -m 1 -F "ms] $1 source:" "$classes" | sed 's/^\[\([0-9]*\)ms\].*/\1/'; }
  log_at() { grep -m 1 -E "$1" "$spark" | cut -d' ' -f1; }
  local jvm_start
  jvm_start=$(head -n 1 "$classes" | sed 's/^\[\([0-9]*\)ms\]\[\([0-9]*\)ms\].*/\1 \2/' | awk '{printf "%.0f", $1 - $2}')
  local steps=(
    "JVM started (java exec'd, its clock's zero)|$jvm_start"
    "SparkSubmit's main class loaded|$(class_at org.apache.spark.deploy.SparkSubmit)"
    "scratchnet's Main loaded (SparkSubmit's arguments, logging, Hadoop configuration before it)|$(class_at scratchnet.jobs.cli.Main)"
    "the command's options parsed (picocli)|$(class_at scratchnet.jobs.io.DataDirs)"
    "the cached MNIST checked, the Spark context's start called|$(class_at scratchnet.jobs.spark.SparkJobs)"
    "SparkContext starting (its first line)|$(log_at 'SparkContext: Running Spark version')"
    "SparkContext up (the weights file is read next)|$(class_at scratchnet.jobs.scoring.NetworkFiles)"
    "weights and data headers read, the job's code starts|$(class_at scratchnet.jobs.evaluation.Evaluation)"
    "first broadcast stored|$(log_at 'SparkContext: Created broadcast 0 ')"
    "job submitted|$(log_at 'SparkContext: Starting job')"
    "first task running|$(log_at 'Executor: Running task ')"
    "result on the driver (job finished)|$(log_at 'DAGScheduler: Job 0 finished')"
    "SparkContext stopping (Accuracy printed)|$(log_at 'SparkContext: SparkContext is stopping')"
    "SparkContext stopped|$(log_at 'SparkContext: Successfully stopped SparkContext')"
    "process ended (shutdown hooks, JVM exit, launcher)|$t_end"
  )
  printf '%-95s %8s %8s\n' "step (evaluate, local[2], book's weights)" "at ms" "took ms"
  local prev=$t0 s name at
  for s in "${steps[@]}"; do
    name=${s%|*}
    at=${s##*|}
    [ -n "$at" ] || { printf '%-95s %8s\n' "$name" "?"; continue; }
    printf '%-95s %8d %8d\n' "$name" $((at - t0)) $((at - prev))
    prev=$at
  done
  echo "whole process: ${ms} ms (with the logging above); $(grep -c . "$classes") classes loaded, $(grep -c 'shared objects file' "$classes") of them from the class-data archive"
}

case "$mode" in
  times) shift; times "$@" ;;
  timeline) shift; timeline "$@" ;;
  *) echo "usage: $0 times [ROUNDS] [LAUNCHER...] | timeline [LAUNCHER]" >&2; exit 2 ;;
esac
