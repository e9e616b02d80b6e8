# Sourced by submit.sh: the spark-submit settings that Spark would reject with a stack trace, or
# with which the driver's JVM would not start, are named in one line and exit 2 before anything
# starts. Only the form is checked here; whether a cluster can give what is asked is for Spark,
# within spark.scratchnet.startTimeout and spark.scratchnet.executorWait.

bad_setting() {
  echo "scratchnet: $1" >&2
  exit 2
}

# A master URL spark-submit and this launcher can run.
check_master() {
  local m=$1
  case "$m" in
    local|local\[[1-9]*\]|local\[\*\]|local\[\*,[0-9]*\]|local-cluster\[*\]) ;;
    spark://?*) ;;
    yarn)
      # the YARN client finds the ResourceManager only in these files: without them it retries
      # 0.0.0.0:8032 for ever
      [ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ] || bad_setting "--master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR: the directory of the cluster's yarn-site.xml and core-site.xml"
      local var
      for var in HADOOP_CONF_DIR YARN_CONF_DIR; do
        [ -z "${!var:-}" ] || [ -d "${!var}" ] || bad_setting "--master yarn: $var=${!var} is not a directory"
      done ;;
    k8s://?*) ;;
    local\[0\]|local\[0,*) ;; # Spark names this one itself, in one line
    *) bad_setting "--master '$m' is not a Spark master URL (local, local[N], local[*], spark://HOST:PORT, yarn, k8s://URL)" ;;
  esac
}

# A memory size as Spark reads it (a number, MiB without a unit); the driver's against this machine.
check_memory() {
  local name=$1 value=$2
  [[ "$value" =~ ^([0-9]{1,12})([kKmMgGtT]?)[bB]?$ ]] || bad_setting "$name '$value' is not a memory size (a number with k, m, g or t, e.g. 2g)"
  [ "${BASH_REMATCH[1]}" -gt 0 ] || bad_setting "$name must be more than 0, got '$value'"
  if [ "$name" = --driver-memory ] && [ -r /proc/meminfo ]; then
    local n=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2],,} kib total
    case "$unit" in
      k) kib=$n ;; ''|m) kib=$((n * 1024)) ;; g) kib=$((n * 1024 * 1024)) ;; t) kib=$((n * 1024 * 1024 * 1024)) ;;
    esac
    total=$(sed -n 's/^MemTotal:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/meminfo)
    if [ -n "$total" ] && [ "$kib" -gt "$total" ]; then
      bad_setting "--driver-memory $value is more than this machine's memory ($((total / 1024 / 1024)) GiB)"
    fi
  fi
}

# A memory size as the JVM's -Xmx reads it: spark-submit's size with its unit (MiB when it has none),
# so that --driver-memory 2048 is 2048m, as spark-submit would make it, and 2gb is 2g.
jvm_size() {
  [[ "$1" =~ ^([0-9]{1,12})([kKmMgGtT]?)[bB]?$ ]] || return 1
  local unit=${BASH_REMATCH[2],,}
  echo "${BASH_REMATCH[1]}${unit:-m}"
}

# A count of at least 1 (cores, executors).
check_count() {
  [[ "$2" =~ ^[1-9][0-9]{0,5}$ ]] || bad_setting "$1 '$2' is not a count (a whole number from 1 to 999999)"
}

# A file spark-submit reads its settings from.
check_properties_file() {
  [ -e "$1" ] || bad_setting "--properties-file $1: no such file"
  [ -f "$1" ] || bad_setting "--properties-file $1: not a regular file"
  [ -r "$1" ] || bad_setting "--properties-file $1: cannot read it (permission denied)"
}

# spark-submit's options as this launcher collected them: their master, memory sizes, counts and
# files, and the --conf settings' form (key=value).
check_settings() {
  local args=("$@") i a v
  for ((i = 0; i < ${#args[@]}; i++)); do
    a=${args[$i]}
    v=${args[$((i + 1))]:-}
    case "$a" in
      --master) check_master "$v" ;;
      --master=*) check_master "${a#--master=}" ;;
      --deploy-mode|--deploy-mode=*)
        [ "$a" = --deploy-mode ] || v=${a#--deploy-mode=}
        [[ "$v" =~ ^(client|cluster)$ ]] || bad_setting "--deploy-mode '$v' is neither client nor cluster" ;;
      --driver-memory|--executor-memory) check_memory "$a" "$v" ;;
      --driver-memory=*|--executor-memory=*) check_memory "${a%%=*}" "${a#*=}" ;;
      --driver-cores|--executor-cores|--num-executors|--total-executor-cores) check_count "$a" "$v" ;;
      --driver-cores=*|--executor-cores=*|--num-executors=*|--total-executor-cores=*) check_count "${a%%=*}" "${a#*=}" ;;
      --properties-file) check_properties_file "$v" ;;
      --properties-file=*) check_properties_file "${a#--properties-file=}" ;;
      --conf|-c)
        [[ "$v" == ?*=* ]] || bad_setting "$a '$v' is not a setting (key=value, e.g. --conf spark.executor.cores=2)"
        case "$v" in
          spark.master=*) check_master "${v#spark.master=}" ;;
          spark.driver.memory=*) check_memory --driver-memory "${v#spark.driver.memory=}" ;;
          spark.executor.memory=*) check_memory --executor-memory "${v#spark.executor.memory=}" ;;
        esac ;;
    esac
  done
}
