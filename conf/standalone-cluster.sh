#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the project's own Maven-resolved Spark jars:
# one Master and N Workers, each a separate JVM bound to 127.0.0.1 on ports the OS picks.
#
#   conf/standalone-cluster.sh start [--workers N] [--cores N] [--memory SIZE] [DIR]
#       starts the cluster, waits until every Worker has registered, prints the master URL
#       (spark://127.0.0.1:PORT) on stdout; writes DIR/master-url, DIR/master-webui, DIR/*.pid
#       and the daemons' logs to DIR/logs
#   conf/standalone-cluster.sh stop [DIR]
#       stops every process whose PID is in DIR/*.pid (TERM, then KILL after 10 s)
#
# DIR defaults to ${TMPDIR:-/tmp}/scratchnet-cluster. Then:
#   ./submit.sh --master "$(cat DIR/master-url)" evaluate --weights book
# The Workers use jobs/target/spark (Spark's jars, collected by `mvn package`) as SPARK_HOME to
# launch executors. A start that fails half-way stops what it started.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spark_home="$here/jobs/target/spark"
wait_seconds=${SCRATCHNET_CLUSTER_WAIT:-90}

# Spark's own Java 17 flags (conf/jvm-flags.sh, shared with submit.sh); the daemons start faster
# with the client compiler and the serial collector.
source "$here/conf/jvm-flags.sh"
java_flags=("${spark_java_flags[@]}" -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dspark.master.rest.enabled=false)

usage() {
  echo "usage: $0 start [--workers N] [--cores N] [--memory SIZE] [DIR] | stop [DIR]" >&2
  exit 2
}

# Waits until a log file holds a line matching a pattern while its process lives; prints the line.
await_line() {
  local log=$1 pattern=$2 pid=$3 deadline=$((SECONDS + wait_seconds)) line
  while [ $SECONDS -lt $deadline ]; do
    line=$(grep -m 1 -E "$pattern" "$log" 2>/dev/null || true)
    [ -n "$line" ] && { echo "$line"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "cluster: process $pid exited; see $log" >&2; return 1; }
    sleep 0.3
  done
  echo "cluster: no '$pattern' in $log after $wait_seconds s" >&2
  return 1
}

stop() {
  local dir=$1 pidfile pid
  for pidfile in "$dir"/worker-*.pid "$dir"/master.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
  rm -f "$dir/master-url" "$dir/master-webui"
}

start() {
  local workers=2 cores=1 memory=1g dir=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) workers=${2:?}; shift 2 ;;
      --cores) cores=${2:?}; shift 2 ;;
      --memory) memory=${2:?}; shift 2 ;;
      -*) usage ;;
      *) dir=$1; shift ;;
    esac
  done
  dir=${dir:-${TMPDIR:-/tmp}/scratchnet-cluster}
  if [ -f "$dir/master.pid" ] && kill -0 "$(cat "$dir/master.pid")" 2>/dev/null; then
    echo "cluster: already running in $dir (stop it first)" >&2
    exit 2
  fi
  if [ ! -d "$spark_home/jars" ]; then
    echo "cluster: collecting Spark's jars (mvn package)..." >&2
    (cd "$here" && mvn -q -B -DskipTests package >&2)
  fi
  mkdir -p "$dir/logs"
  local began=$SECONDS
  started=false cluster_dir=$dir
  trap '$started || stop "$cluster_dir"' EXIT

  export SPARK_LOCAL_IP=127.0.0.1 SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13
  java "${java_flags[@]}" -cp "$spark_home/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 0 --webui-port 0 </dev/null >"$dir/logs/master.log" 2>&1 &
  echo $! >"$dir/master.pid"
  local url webui
  url=$(await_line "$dir/logs/master.log" 'Starting Spark master at spark://' $!) || exit 1
  url=$(grep -oE 'spark://[0-9.]+:[0-9]+' <<<"$url")
  webui=$(await_line "$dir/logs/master.log" 'MasterWebUI.*started at http://' "$(cat "$dir/master.pid")") || exit 1
  webui="http://127.0.0.1:${webui##*:}"

  local i pids=()
  for i in $(seq 1 "$workers"); do
    mkdir -p "$dir/work-$i"
    java "${java_flags[@]}" -cp "$spark_home/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "$memory" \
      --work-dir "$dir/work-$i" "$url" </dev/null >"$dir/logs/worker-$i.log" 2>&1 &
    echo $! >"$dir/worker-$i.pid"
    pids+=($!)
  done
  for i in $(seq 1 "$workers"); do
    await_line "$dir/logs/worker-$i.log" 'Successfully registered with master' "${pids[$((i - 1))]}" >/dev/null || exit 1
  done
  echo "$url" >"$dir/master-url"
  echo "$webui" >"$dir/master-webui"
  started=true
  echo "cluster: master $url (web UI $webui), $workers workers x $cores cores, up in $((SECONDS - began)) s; logs in $dir/logs" >&2
  echo "$url"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) [ $# -le 2 ] || usage; stop "${2:-${TMPDIR:-/tmp}/scratchnet-cluster}" ;;
  *) usage ;;
esac
