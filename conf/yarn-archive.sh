#!/usr/bin/env bash
# Puts an archive of Spark's jars (jobs/target/spark/jars) on the cluster's file system, for
# spark.yarn.archive: YARN then keeps one copy on each node for every application, instead of
# submit.sh uploading some 300 MB of jars with each one (its default, spark.yarn.jars).
#
#   conf/yarn-archive.sh [--with-s3] hdfs:///apps/scratchnet/spark-jars-4.2.0.zip
#   ./submit.sh --master yarn --conf spark.yarn.archive=hdfs:///apps/scratchnet/spark-jars-4.2.0.zip evaluate ...
#
# The jars lie at the archive's root, stored (they are compressed already). The AWS SDK bundle and
# hadoop-aws (650 MB, for s3a://) are left out unless --with-s3. The upload goes through the Hadoop
# client of those same jars, with the cluster's configuration from HADOOP_CONF_DIR, and makes the
# file readable by all, so that YARN shares it between users (a public resource).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jars="$here/jobs/target/spark/jars"
with_s3=false
[ "${1:-}" = --with-s3 ] && { with_s3=true; shift; }
dest=${1:-}
if [ -z "$dest" ] || [ $# -ne 1 ]; then
  echo "usage: $0 [--with-s3] URI   (e.g. hdfs:///apps/scratchnet/spark-jars-4.2.0.zip)" >&2
  exit 2
fi
[ -n "${HADOOP_CONF_DIR:-}" ] || { echo "yarn-archive: HADOOP_CONF_DIR must name the cluster's configuration" >&2; exit 2; }
[ -d "$jars" ] || (cd "$here" && mvn -q -B -DskipTests package >&2)

members=()
class_path=""
for jar in "$jars"/*.jar; do
  name=${jar##*/}
  case "$name" in bundle-*.jar|hadoop-aws-*.jar) $with_s3 || continue ;; esac
  members+=("$name")
  class_path+="$jar:"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$jars" && jar --create --no-compress --file "$work/spark-jars.zip" "${members[@]}")
source "$here/conf/jvm-flags.sh"
shell=(java "${spark_java_flags[@]}" -cp "$class_path$HADOOP_CONF_DIR" org.apache.hadoop.fs.FsShell)
"${shell[@]}" -mkdir -p "$(dirname "$dest")"
"${shell[@]}" -put -f "$work/spark-jars.zip" "$dest"
"${shell[@]}" -chmod 644 "$dest"
echo "--conf spark.yarn.archive=$dest"
