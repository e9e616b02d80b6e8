#!/usr/bin/env bash
# ScratchnetClassifier against MLlib's MultilayerPerceptronClassifier on MNIST from Parquet tables
# (MllibComparison.java beside this script): fit time and test accuracy at a few lengths, and each
# model's transform rows/s. Prints a Markdown table for jobs/bench/README.md.
#
#   jobs/bench/mllib_vs_scratchnet.sh [SCRATCHNET_STEPS] [MLPC_ITERS] [PARTITIONS]
#   defaults: 1800,3600,5400 (3, 6 and 9 epochs at batch 100)  50,100,200  2
#
# Overrides: MNIST_DIR (default ~/.cache/scratchnet/mnist), WORK_DIR (the tables and the compiled
# class; default /tmp/scratchnet-mllib-bench), MASTER (default local[2]). Run it alone on the machine.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
steps="${1:-1800,3600,5400}"
iters="${2:-50,100,200}"
partitions="${3:-2}"
mnist="${MNIST_DIR:-$HOME/.cache/scratchnet/mnist}"
work="${WORK_DIR:-/tmp/scratchnet-mllib-bench}"
app_jar="$here/jobs/target/scratchnet-jobs-0.1.0.jar"
cp="$app_jar:$here/jobs/target/spark/jars/*"
[ -f "$app_jar" ] || (cd "$here" && mvn -B -q install -DskipTests)
mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$cp" "$here/jobs/bench/MllibComparison.java"
source "$here/conf/jvm-flags.sh"
echo "machine: $(nproc) cores, $(uptime)" >&2
exec java "${spark_java_flags[@]}" --add-modules=jdk.incubator.vector -Xmx6g -Dspark.master="${MASTER:-local[2]}" \
  -Dspark.ui.enabled=false -cp "$work/classes:$cp" MllibComparison "$mnist" "$work" "$partitions" "$steps" "$iters"
