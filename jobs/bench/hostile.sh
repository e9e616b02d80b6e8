#!/usr/bin/env bash
# The hostile user's probe (issue 22), kept: every class of fault it found, tried again.
#
#   jobs/bench/hostile.sh
#
# Runs the end-to-end suites that hold the probe's cases (jobs/README.md, "The hostile probe"):
# HostileIT (about a hundred command lines in one JVM with the product's logging: bad and tampered
# inputs, FIFOs, a tmpfs that fills up, stalling servers, URLs with secrets, outputs that are not
# outputs; the racy ones 20 times each), HostileProcessesIT (a stalling mirror with and without
# SIGTERM, predict --overwrite signalled, submit.sh's own options, the event log),
# ReplaceSignalsIT (SIGTERM and SIGKILL at many moments of an output's replacement) and SparkFailuresIT
# (settings the launcher and Spark cannot take, in one line before anything starts). Prints
# "hostile: N cases, B breaks" with each break, and the time; exits non-zero unless every case
# keeps the contract. The full-disk cases mount a tmpfs: run as root (CI does), else they are
# skipped, saying why. The application jar is built first (mvn package); MNIST must be in the cache.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
start=$(date +%s)
code=0
mvn -B -q install -DskipTests
mvn -B verify -Pe2e -pl jobs -Dit.test='HostileIT,HostileProcessesIT,ReplaceSignalsIT,SparkFailuresIT' >jobs/target/hostile-mvn.log 2>&1 || code=$?
cat jobs/target/e2e/hostile.txt 2>/dev/null || echo "hostile: no result (see jobs/target/hostile-mvn.log)"
grep -E "Tests run:|FAIL" jobs/target/hostile-mvn.log | grep -v "^\[INFO\] *$" | tail -n 6 || true
echo "hostile: $(( $(date +%s) - start )) s in all ($(uptime | sed 's/.*load average/load average/'))"
exit "$code"
