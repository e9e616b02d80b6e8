#!/usr/bin/env bash
# The one launcher of scratchnet:  ./submit.sh [spark-submit options] COMMAND [options]
#
# Options before the command go to spark-submit untouched (--master, --conf k=v, --executor-memory,
# ...); the default master is local[*]. With $SPARK_HOME set it runs $SPARK_HOME/bin/spark-submit;
# otherwise it runs the same org.apache.spark.deploy.SparkSubmit from the project's own
# Maven-resolved Spark jars, so local[*] works on a machine with nothing but Java and Maven.
# The application jar is built when it is missing or older than the sources.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app_jar="$here/jobs/target/scratchnet-jobs-0.1.0.jar"
# where the image (mvn -Pimage package) holds it, for Kubernetes' cluster deploy mode
image_app_jar="local:///opt/scratchnet/scratchnet-jobs-0.1.0.jar"
spark_jars="$here/jobs/target/spark/jars"

# Spark's own Java 17 flags (conf/jvm-flags.sh, shared with the cluster's daemons) and, for a driver
# we start, the vector module, Kerberos' internals and headless AWT as well.
source "$here/conf/jvm-flags.sh"
java_flags=("${spark_java_flags[@]}" --add-modules=jdk.incubator.vector
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djava.awt.headless=true)

# Split the arguments at the command: the first one that is neither a spark-submit option nor the
# value of one (the application knows its commands; `--name train` is a name, not the command).
# --help, -h and help before any command are the application's help, not spark-submit's.
spark_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h|help) break ;;
    --) shift; break ;;  # the end of spark-submit's options: the command follows
    --master|--deploy-mode|--class|--name|--jars|--packages|--exclude-packages|--repositories|--py-files|\
    --files|--archives|--conf|-c|--properties-file|--driver-memory|--driver-java-options|--driver-library-path|\
    --driver-class-path|--driver-cores|--executor-memory|--proxy-user|--total-executor-cores|--executor-cores|\
    --num-executors|--principal|--keytab|--queue|--kill|--status)
      spark_args+=("$1")
      shift
      if [ $# -gt 0 ]; then
        spark_args+=("$1")
        shift
      fi ;;
    -*) spark_args+=("$1"); shift ;;  # --verbose, -v, --supervise, --version, or --option=value
    *) break ;;
  esac
done
# No command: the application prints its commands (exit code 2).
command="${1:-}"

has_master=false
master='local[*]'
deploy_mode=client
driver_memory=""
driver_java_options=""
properties_file=""
event_dir=""
conf_driver_memory=""
for ((i = 0; i < ${#spark_args[@]}; i++)); do
  case "${spark_args[$i]}" in
    --master) has_master=true; master="${spark_args[$((i + 1))]:-}" ;;
    --master=*) has_master=true; master="${spark_args[$i]#--master=}" ;;
    --deploy-mode) deploy_mode="${spark_args[$((i + 1))]:-}" ;;
    --deploy-mode=*) deploy_mode="${spark_args[$i]#--deploy-mode=}" ;;
    --driver-memory) driver_memory="${spark_args[$((i + 1))]:-}" ;;
    --driver-memory=*) driver_memory="${spark_args[$i]#--driver-memory=}" ;;
    --driver-java-options) driver_java_options="${spark_args[$((i + 1))]:-}" ;;
    --driver-java-options=*) driver_java_options="${spark_args[$i]#--driver-java-options=}" ;;
    --properties-file) properties_file="${spark_args[$((i + 1))]:-}" ;;
    --properties-file=*) properties_file="${spark_args[$i]#--properties-file=}" ;;
    --conf|-c)
      case "${spark_args[$((i + 1))]:-}" in
        spark.eventLog.dir=*) event_dir="${spark_args[$((i + 1))]#spark.eventLog.dir=}" ;;
        spark.driver.memory=*) conf_driver_memory="${spark_args[$((i + 1))]#spark.driver.memory=}" ;;
        spark.master=*) master="${spark_args[$((i + 1))]#spark.master=}" ;;
        spark.submit.deployMode=*) deploy_mode="${spark_args[$((i + 1))]#spark.submit.deployMode=}" ;;
        spark.driver.extraJavaOptions=*) [ -n "$driver_java_options" ] || driver_java_options="${spark_args[$((i + 1))]#spark.driver.extraJavaOptions=}" ;;
      esac ;;
  esac
done
# spark-submit's --driver-memory wins over --conf spark.driver.memory
[ -n "$driver_memory" ] || driver_memory=$conf_driver_memory
$has_master || spark_args=(--master 'local[*]' "${spark_args[@]}")
source "$here/conf/check-settings.sh"
check_settings "${spark_args[@]}"
# A local master needs no network interface; binding to loopback also spares the warning about it.
if ! $has_master || [[ " ${spark_args[*]} " == *" local"* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi
# The progress bar is for people at a terminal, not for the logs of a scheduled run.
[ -t 2 ] || spark_args=(--conf spark.ui.showConsoleProgress=false "${spark_args[@]}")

# Build the jar (and collect Spark's jars) when missing or older than any source.
if [ ! -f "$app_jar" ] || [ ! -d "$spark_jars" ] || \
   [ -n "$(find "$here/pom.xml" "$here/core" "$here/jobs/pom.xml" "$here/jobs/src/main" -newer "$app_jar" -type f -not -path '*/target/*' -print -quit)" ]; then
  echo "scratchnet: building the application jar (mvn package)..." >&2
  (cd "$here" && mvn -q -B -DskipTests package >&2)
fi

export SPARK_CONF_DIR="${SPARK_CONF_DIR:-$here/conf}"
# A local event log directory (--conf spark.eventLog.dir=..., else spark-defaults.conf's) must
# exist before Spark starts; a remote one (hdfs://, s3a://) is the cluster's business.
[ -z "$event_dir" ] && event_dir=$(sed -n 's/^spark.eventLog.dir[[:space:]]*//p' "$SPARK_CONF_DIR/spark-defaults.conf" 2>/dev/null | head -n 1)
case "$event_dir" in
  file:*) event_dir=$(sed 's#^file:/*#/#' <<<"$event_dir"); mkdir -p "$event_dir" ;;
  /*) mkdir -p "$event_dir" ;;
esac

# Whether s3a is named, which needs the AWS SDK bundle and hadoop-aws from Spark's jars. The JVM opens
# every jar on its class path at the first lookup of a resource (SLF4J's, in SparkSubmit): the
# bundle's nearly 400,000 entries cost every start a tenth of a second and 50 MB of heap
# (jobs/bench/README.md), and it is 650 MB to upload to YARN. s3a is named in an argument, in
# SCRATCHNET_JAVA_OPTS, or in the configuration the driver reads (spark-defaults.conf or
# --properties-file, the Hadoop XML files of SPARK_CONF_DIR and HADOOP_CONF_DIR); SCRATCHNET_S3=on
# takes them whatever.
s3_conf=("$SPARK_CONF_DIR/spark-defaults.conf" "$SPARK_CONF_DIR"/*.xml)
[ -n "$properties_file" ] && s3_conf+=("$properties_file")
[ -n "${HADOOP_CONF_DIR:-}" ] && s3_conf+=("$HADOOP_CONF_DIR"/*.xml)
s3_named=false
if [ "${SCRATCHNET_S3:-}" = on ] || grep -qi s3a <<<"${spark_args[*]} $* ${SCRATCHNET_JAVA_OPTS:-}" || \
   grep -qisE '^[^#]*s3a' "${s3_conf[@]}"; then  # a comment naming s3a does not count
  s3_named=true
fi

# Whether a Spark property is set: on the command line, or in the properties file spark-submit reads
# (which any --conf given here would override).
property_given() {
  local key=$1 arg
  for arg in "${spark_args[@]}"; do
    case "$arg" in "$key="*|"--conf=$key="*) return 0 ;; esac
  done
  grep -qsE "^[[:space:]]*${key//./\\.}([[:space:]=]|$)" "${properties_file:-$SPARK_CONF_DIR/spark-defaults.conf}"
}
# A default for a Spark property the user did not set.
default_property() {
  property_given "$1" || spark_args=(--conf "$1=$2" "${spark_args[@]}")
}
with_distribution=false
[ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ] && with_distribution=true
# The Java 17 that runs this launcher: YARN's containers get it when the user names none, since a
# NodeManager's own JAVA_HOME is often unset or an older Java (Spark 4 needs 17). The nodes must
# have it at the same path, or the user sets spark.yarn.appMasterEnv.JAVA_HOME and
# spark.executorEnv.JAVA_HOME.
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
if [ "$master" = yarn ]; then
  default_property spark.yarn.appMasterEnv.JAVA_HOME "$java_home"
  default_property spark.executorEnv.JAVA_HOME "$java_home"
  # A failed run is the command's answer (bad input, a failed gate): a second attempt would give it
  # again, later. spark.yarn.maxAppAttempts=2 has YARN retry a lost ApplicationMaster.
  default_property spark.yarn.maxAppAttempts 1
  # Without a distribution the containers get Spark's jars from here: uploaded with each
  # application (spark.yarn.jars, the AWS SDK bundle only when s3a is named, as on the class path
  # below), unless the user names an archive of them already on the cluster (spark.yarn.archive).
  if ! $with_distribution && ! property_given spark.yarn.archive; then
    yarn_jars=""
    for jar in "$spark_jars"/*.jar; do
      case "${jar##*/}" in bundle-*.jar|hadoop-aws-*.jar) $s3_named || continue ;; esac
      yarn_jars+="${yarn_jars:+,}file://$jar"
    done
    default_property spark.yarn.jars "$yarn_jars"
  fi
fi
# Kubernetes runs the driver and executors from an image, which Spark cannot guess.
if [[ "$master" == k8s://* ]] && ! property_given spark.kubernetes.container.image; then
  echo "scratchnet: --master $master needs the image to run: --conf spark.kubernetes.container.image=REGISTRY/scratchnet:0.1.0 (mvn -Pimage package builds it; jobs/README.md)" >&2
  exit 2
fi

if $with_distribution; then
  exec "$SPARK_HOME/bin/spark-submit" "${spark_args[@]}" --class scratchnet.jobs.cli.Main "$app_jar" "$@"
fi

# No distribution: the same SparkSubmit, in this JVM, from the project's jars.
# The heap as spark-submit sizes a client driver's: a size without a unit is MiB (jvm_size).
heap=()
[ -z "$driver_memory" ] && driver_memory=$(sed -n 's/^spark.driver.memory[[:space:]]*//p' "$SPARK_CONF_DIR/spark-defaults.conf" 2>/dev/null | head -n 1 || true)
if [ -n "$driver_memory" ]; then
  size=$(jvm_size "$driver_memory") || bad_setting "spark.driver.memory '$driver_memory' in $SPARK_CONF_DIR/spark-defaults.conf is not a memory size"
  heap=("-Xmx$size")
fi
# spark-submit gives a client-mode driver the JVM options of --driver-java-options, else of
# --conf spark.driver.extraJavaOptions=..., else of spark-defaults.conf; so does this launcher.
[ -n "$driver_java_options" ] || driver_java_options=$(sed -n 's/^spark.driver.extraJavaOptions[[:space:]]*//p' "$SPARK_CONF_DIR/spark-defaults.conf" 2>/dev/null | head -n 1 || true)
# Split at blanks without expanding patterns (the options hold a method pattern with '*').
read -r -a driver_opts <<<"$driver_java_options"
read -r -a extra_opts <<<"${SCRATCHNET_JAVA_OPTS:-}"
jvm=("${java_flags[@]}" "${heap[@]}" "${driver_opts[@]}" "${extra_opts[@]}")
# In the standalone cluster's cluster deploy mode a Worker starts the driver's JVM with only the
# driver's options (Spark adds its Java 17 flags to executors, not to that driver): ours go with them.
if [ "$deploy_mode" = cluster ] && [[ "$master" == spark://* ]]; then
  spark_args+=(--driver-java-options "${java_flags[*]} $driver_java_options")
fi
# The class path: Spark's jars, but for the AWS SDK bundle and hadoop-aws when nothing names s3a
# (above); then the cluster's Hadoop configuration, as a distribution's launcher has it (the YARN
# client finds its ResourceManager there).
class_path="$spark_jars/*"
if ! $s3_named; then
  class_path=""
  for jar in "$spark_jars"/*.jar; do
    case "${jar##*/}" in bundle-*.jar|hadoop-aws-*.jar) ;; *) class_path+="${class_path:+:}$jar" ;; esac
  done
fi
for conf_dir in "${HADOOP_CONF_DIR:-}" "${YARN_CONF_DIR:-}"; do
  [ -n "$conf_dir" ] && class_path+=":$conf_dir"
done
# The configuration directory comes after the jars: class-data sharing refuses a non-empty
# directory before the jars it archives (none of Spark's jars holds a file of the same name).
main=(-cp "$class_path:$SPARK_CONF_DIR" org.apache.spark.deploy.SparkSubmit "${spark_args[@]}" --class scratchnet.jobs.cli.Main "$app_jar" "$@")
# In cluster deploy mode on YARN or Kubernetes the driver runs in the cluster: this JVM submits and
# waits, then ends as the driver did, with its line and exit code (scratchnet.jobs.submit). On
# Kubernetes the application jar is the one in the image.
if [ "$deploy_mode" = cluster ]; then
  case "$master" in
    yarn) main=(-cp "$class_path:$app_jar:$SPARK_CONF_DIR" scratchnet.jobs.submit.ClusterSubmit "${spark_args[@]}" --class scratchnet.jobs.cli.Main "$app_jar" "$@") ;;
    k8s://*) main=(-cp "$class_path:$app_jar:$SPARK_CONF_DIR" scratchnet.jobs.submit.ClusterSubmit "${spark_args[@]}" --class scratchnet.jobs.cli.Main "$image_app_jar" "$@") ;;
  esac
  command=""  # the driver is elsewhere: this JVM records no class-data archive for the command
fi

# Class-data sharing: a command's first successful run records the classes it loaded (Spark's
# thousands) in an archive in the cache; its later runs map that archive instead of reading and
# verifying the classes again, a second less per start (jobs/bench/README.md). The archive's name holds a
# digest of the JVM, the jars and the flags, so any change to them makes a new one; the three
# archives of a command used last are kept.
# SCRATCHNET_CDS=off turns it off; so does a cache directory that cannot be written (or no HOME).
# Help and the list of commands load few classes: they record no archive, which would otherwise
# stand in for the command's own; neither does an argument that is no command's name.
cds_command=""
if [[ "$command" =~ ^[a-z][a-z0-9-]*$ ]] && [ "$command" != help ]; then
  cds_command=$command
fi
for arg in "$@"; do
  case "$arg" in --help|-h) cds_command="" ;; esac
done
cache_home="${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}"
cds_dir="$cache_home/scratchnet/cds"
key=""
if [ -n "$cache_home" ] && [ "${SCRATCHNET_CDS:-on}" != off ] && mkdir -p "$cds_dir" 2>/dev/null && [ -w "$cds_dir" ]; then
  key=$({ stat -c '%n %s %Y' "$(readlink -f "$(command -v java)")" "$spark_jars"/*; printf '%s\n' "${jvm[@]}" "$class_path" "$SPARK_CONF_DIR"; } 2>/dev/null \
    | sha256sum | cut -c 1-16) || key=""
fi
if [ -z "$key" ] || [ -z "$cds_command" ]; then
  exec java "${jvm[@]}" "${main[@]}"
fi
archive="$cds_dir/$cds_command-$key.jsa"
if [ -f "$archive" ]; then
  touch "$archive" 2>/dev/null || true
  exec java -XX:SharedArchiveFile="$archive" -Xlog:cds*=off "${jvm[@]}" "${main[@]}"
fi
# No archive yet: this run writes one as it exits (a few seconds, once), kept only if the command
# succeeds (and said so only then: a mistyped command records nothing). The JVM is a child here, so
# a signal to this script is passed on to it.
partial="$archive.$$.partial"
java -XX:ArchiveClassesAtExit="$partial" -Xlog:cds*=off "${jvm[@]}" "${main[@]}" <&0 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
code=0
wait "$pid" || code=$?
while kill -0 "$pid" 2>/dev/null; do
  code=0
  wait "$pid" || code=$?
done
if [ "$code" -eq 0 ] && [ -s "$partial" ]; then
  # keep the two archives of this command used last (each use touches its archive) beside the new one
  ls -t "$cds_dir/$cds_command-"*.jsa 2>/dev/null | tail -n +3 | while read -r old; do rm -f "$old"; done || true
  mv -f "$partial" "$archive"
  echo "scratchnet: recorded the classes of this first $cds_command run with these jars and flags, for faster starts ($archive)" >&2
fi
rm -f "$partial"
exit "$code"
