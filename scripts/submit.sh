#!/usr/bin/env bash
# Submits the sweep to a Spark cluster: spark-submit of the shaded application jar with the
# options the sweep needs, then `run` and your sweep arguments.
#
#   scripts/submit.sh [--master URL] [--app-classpath CP] [spark-submit options] -- <sweep run arguments>
#
#   scripts/standalone-cluster.sh start
#   scripts/submit.sh --master spark://127.0.0.1:7077 -- --config conf/quick.conf
#
# Builds sweep-driver/target/lrsweep-app.jar first if it is missing (or LRSWEEP_REBUILD=1).
# --app-classpath CP (or @FILE, a file holding CP): run the application from these class path
# entries instead of the shaded jar: --driver-class-path CP, spark.executor.extraClassPath=CP and
# no application jar (spark-submit's "spark-internal"). Nothing is shipped, so every entry must
# exist at the same path on the driver and on every executor's machine: a shared file system, or
# a cluster on this machine (the tests use it to skip the minute-long shaded build).
# The driver logs through conf/log4j2.properties, as with scripts/sweep (a
# -Dlog4j2.configurationFile of yours in --driver-java-options wins).
# spark-submit: $SPARK_HOME/bin/spark-submit if SPARK_HOME is set, else spark-submit on PATH,
# else the minimal Spark home of scripts/standalone-cluster.sh (built if missing).
# Adds the Java 17 flags for the driver (--driver-java-options) and the executors
# (spark.executor.extraJavaOptions; anything you pass there yourself is kept, after them).
# The master defaults to spark://127.0.0.1:7077 (the local standalone cluster).
# Prints the full command before running it.
#
# Environment: SPARK_HOME, LRSWEEP_REBUILD=1, LRSWEEP_MAVEN_ARGS (e.g. -Pavx512),
# SPARK_STANDALONE_HOME (as in standalone-cluster.sh).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "submit: $*" >&2; exit 2; }

master=spark://127.0.0.1:7077
submit_opts=()
executor_java_opts=""
driver_java_opts=""
sweep_args=()
app_classpath=""
seen_separator=0
while [ $# -gt 0 ]; do
  if [ "$seen_separator" = 1 ]; then sweep_args+=("$1"); shift; continue; fi
  case "$1" in
    --) seen_separator=1 ;;
    --master) [ $# -ge 2 ] || die "--master needs a URL"; master=$2; shift ;;
    --master=*) master=${1#*=} ;;
    --app-classpath) [ $# -ge 2 ] || die "--app-classpath needs a class path or @FILE"; app_classpath=$2; shift ;;
    --app-classpath=*) app_classpath=${1#*=} ;;
    --driver-java-options) [ $# -ge 2 ] || die "--driver-java-options needs a value"; driver_java_opts=$2; shift ;;
    --driver-java-options=*) driver_java_opts=${1#*=} ;;
    --conf)
      [ $# -ge 2 ] || die "--conf needs key=value"
      case "$2" in
        spark.executor.extraJavaOptions=*) executor_java_opts=${2#*=} ;;
        *) submit_opts+=(--conf "$2") ;;
      esac
      shift ;;
    --class|--class=*) die "the main class is fixed (dev.lrsweep.cli.Main); found $1" ;;
    *) submit_opts+=("$1") ;;
  esac
  shift
done
[ "$seen_separator" = 1 ] || die "usage: scripts/submit.sh [--master URL] [spark-submit options] -- <sweep run arguments> (no '--' found)"

# The application: the shaded jar, or class path entries every node sees.
app_opts=()
if [ -n "$app_classpath" ]; then
  if [ "${app_classpath#@}" != "$app_classpath" ]; then
    cp_file=${app_classpath#@}
    [ -f "$cp_file" ] || die "--app-classpath @FILE: no file $cp_file"
    app_classpath=$(tr -d '\n' <"$cp_file")
  fi
  IFS=: read -r -a entries <<<"$app_classpath"
  for entry in "${entries[@]}"; do
    [ -z "$entry" ] || [ -e "$entry" ] || die "--app-classpath: $entry does not exist"
  done
  jar=spark-internal
  app_opts=(--driver-class-path "$app_classpath" --conf "spark.executor.extraClassPath=$app_classpath")
else
  jar=$root/sweep-driver/target/lrsweep-app.jar
fi
if [ -z "$app_classpath" ] && { [ ! -f "$jar" ] || [ "${LRSWEEP_REBUILD:-0}" = 1 ]; }; then
  command -v mvn >/dev/null || die "mvn not found: it builds $jar"
  echo "submit: building $jar (mvn -Pcluster -DskipTests package, about a minute) ..." >&2
  log=$(mktemp)
  # shellcheck disable=SC2086
  if ! (cd "$root" && mvn -B -q -Pcluster -DskipTests ${LRSWEEP_MAVEN_ARGS:-} package) >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; die "build failed"
  fi
  rm -f "$log"
  [ -f "$jar" ] || die "the build finished but $jar is missing"
fi

# spark-submit: the user's Spark first, else our minimal home.
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  submit=$SPARK_HOME/bin/spark-submit
elif command -v spark-submit >/dev/null; then
  submit=$(command -v spark-submit)
else
  home=$("$root/scripts/standalone-cluster.sh" home)
  submit=$home/bin/spark-submit
  export SPARK_HOME=$home
fi

# A master on loopback means the local test cluster: keep the driver on loopback too (Spark would
# otherwise pick the first non-loopback interface and listen there).
case "$master" in
  spark://127.0.0.1:*|spark://localhost:*)
    export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
    submit_opts=(--conf spark.driver.host=127.0.0.1 "${submit_opts[@]}") ;;
esac

opens=()
while IFS= read -r line; do
  case "$line" in ''|'#'*) ;; *) opens+=("$line") ;; esac
done <"$root/scripts/cluster/java17-opens"
java_opts="${opens[*]}"

cmd=("$submit"
  --master "$master"
  --class dev.lrsweep.cli.Main
  --driver-java-options "$java_opts -Dlog4j2.configurationFile=$root/conf/log4j2.properties${driver_java_opts:+ $driver_java_opts}"
  --conf "spark.executor.extraJavaOptions=$java_opts${executor_java_opts:+ $executor_java_opts}"
  "${app_opts[@]}"
  "${submit_opts[@]}"
  "$jar"
  run "${sweep_args[@]}")

printf 'submit: running:' >&2
printf ' %q' "${cmd[@]}" >&2
printf '\n' >&2
exec "${cmd[@]}"
