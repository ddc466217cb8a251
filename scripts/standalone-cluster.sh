#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, on loopback only: one master and two workers,
# each its own JVM, run from the Spark jars Maven already has (no Spark download needed).
#
#   scripts/standalone-cluster.sh start     build the minimal Spark home if missing, start the
#                                           master and two workers, wait until both are ALIVE
#   scripts/standalone-cluster.sh status    what runs (from the pid file) and the master's view;
#                                           exit 3 when nothing runs
#   scripts/standalone-cluster.sh stop      stop exactly the processes `start` recorded, with the
#                                           executors they launched
#   scripts/standalone-cluster.sh home      only build the minimal Spark home, print its path
#
# Then: scripts/submit.sh --master spark://127.0.0.1:7077 -- --config conf/quick.conf
#
# The minimal Spark home (default target/spark-standalone) holds jars/ (links to the Spark runtime
# jars in ~/.m2, resolved through scripts/cluster/spark-home-pom.xml), a RELEASE file (Spark's
# launcher looks for jars/ only where RELEASE exists), conf/ and our bin/spark-submit and
# bin/spark-class, which start the JVM directly with the Java 17 flags Spark needs. State lives in
# <home>/run: the pid file, one log per daemon, one work dir per worker.
#
# Environment (all optional):
#   SPARK_STANDALONE_HOME              the minimal Spark home (default: <repo>/target/spark-standalone)
#   LRSWEEP_CLUSTER_RUN_DIR            pid file, logs and work dirs (default: <home>/run)
#   LRSWEEP_CLUSTER_MASTER_PORT        master RPC port (default 7077)
#   LRSWEEP_CLUSTER_MASTER_UI_PORT     master web UI port (default 8080)
#   LRSWEEP_CLUSTER_WORKER_UI_PORTS    the two workers' web UI ports (default "8081 8082")
#   LRSWEEP_CLUSTER_WORKER_CORES       cores per worker (default 1)
#   LRSWEEP_CLUSTER_WORKER_MEMORY      memory per worker for its executors (default 4g)
#   LRSWEEP_CLUSTER_DAEMON_HEAP        heap of the master and worker JVMs (default 512m)
#   LRSWEEP_CLUSTER_START_TIMEOUT      seconds `start` waits for both workers (default 90)
#   LRSWEEP_CLUSTER_REBUILD_HOME=1     rebuild the minimal home even if it exists
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prog="standalone-cluster"
die() { echo "$prog: $*" >&2; exit 2; }
say() { echo "$prog: $*" >&2; }

home=${SPARK_STANDALONE_HOME:-$root/target/spark-standalone}
run_dir=${LRSWEEP_CLUSTER_RUN_DIR:-$home/run}
pid_file=$run_dir/pids
host=127.0.0.1
master_port=${LRSWEEP_CLUSTER_MASTER_PORT:-7077}
master_ui_port=${LRSWEEP_CLUSTER_MASTER_UI_PORT:-8080}
read -r -a worker_ui_ports <<<"${LRSWEEP_CLUSTER_WORKER_UI_PORTS:-8081 8082}"
worker_cores=${LRSWEEP_CLUSTER_WORKER_CORES:-1}
worker_memory=${LRSWEEP_CLUSTER_WORKER_MEMORY:-4g}
daemon_heap=${LRSWEEP_CLUSTER_DAEMON_HEAP:-512m}
start_timeout=${LRSWEEP_CLUSTER_START_TIMEOUT:-90}
master_url="spark://$host:$master_port"
master_ui="http://$host:$master_ui_port"

[ "${#worker_ui_ports[@]}" -eq 2 ] \
  || die "LRSWEEP_CLUSTER_WORKER_UI_PORTS must name 2 ports, found '${worker_ui_ports[*]}'"
for p in "$master_port" "$master_ui_port" "${worker_ui_ports[@]}" "$worker_cores" "$start_timeout"; do
  [[ "$p" =~ ^[0-9]+$ ]] || die "ports, cores and timeout must be whole numbers, found '$p'"
done

# Every Spark JVM binds to loopback only: RPC, block manager and web UIs.
export SPARK_LOCAL_IP=$host
export SPARK_LOCAL_HOSTNAME=$host
export SPARK_PUBLIC_DNS=$host

# Our launcher scripts and logging config, copied on every use so that a home built earlier picks
# up changes to scripts/cluster/ (the jar links are what takes time, and they are kept).
install_files() {
  mkdir -p "$home/bin" "$home/conf"
  cp "$root/scripts/cluster/spark-class" "$root/scripts/cluster/spark-submit" \
    "$root/scripts/cluster/java17-opens" "$home/bin/"
  chmod +x "$home/bin/spark-class" "$home/bin/spark-submit"
  cp "$root/scripts/cluster/log4j2.properties" "$home/conf/log4j2.properties"
}

# Build the minimal Spark home from the Maven artifacts (idempotent; ~3 s when ~/.m2 is filled).
build_home() {
  if [ -f "$home/RELEASE" ] && [ -x "$home/bin/spark-class" ] && [ "${LRSWEEP_CLUSTER_REBUILD_HOME:-0}" != 1 ]; then
    install_files
    return
  fi
  command -v mvn >/dev/null || die "mvn not found: it resolves the Spark jars for $home"
  say "building a minimal Spark home in $home from the Spark jars in ~/.m2 ..."
  mkdir -p "$home/bin" "$home/conf"
  local cp_file="$home/classpath.txt" log
  log=$(mktemp)
  # Offline first: after a normal build every jar is in ~/.m2. Online only if that fails.
  if ! mvn -B -q -o -f "$root/scripts/cluster/spark-home-pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$cp_file" >"$log" 2>&1; then
    if ! mvn -B -q -f "$root/scripts/cluster/spark-home-pom.xml" dependency:build-classpath \
          -Dmdep.outputFile="$cp_file" >"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"
      die "could not resolve the Spark jars (scripts/cluster/spark-home-pom.xml)"
    fi
  fi
  rm -f "$log"
  rm -rf "$home/jars"
  mkdir -p "$home/jars"
  local jar version=""
  while IFS= read -r jar || [ -n "$jar" ]; do
    [ -n "$jar" ] || continue
    ln -s "$jar" "$home/jars/$(basename "$jar")"
    case "$(basename "$jar")" in
      spark-core_*.jar) version=$(basename "$jar" .jar); version=${version#spark-core_*-} ;;
    esac
  done < <(tr ':' '\n' <"$cp_file")
  [ -n "$version" ] || die "spark-core is not on the resolved classpath in $cp_file"
  install_files
  # Spark's launcher (WorkerCommandBuilder, used by workers to start executors) takes jars/ from
  # a home only where this file exists.
  echo "Spark $version (minimal home built by lrsweep scripts/standalone-cluster.sh from Maven artifacts)" \
    >"$home/RELEASE"
}

# Process bookkeeping. Each line of the pid file: "<pid> <role>". A pid counts as ours only while
# its command line still carries our marker, so a recycled pid is never killed.
marker="-Dlrsweep.standalone.run=$run_dir"
is_ours() {
  local pid=$1
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
}
descendants() {
  local pid=$1 child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}
live_pids() {
  [ -f "$pid_file" ] || return 0
  local pid role
  while read -r pid role; do
    if is_ours "$pid"; then echo "$pid $role"; fi
  done <"$pid_file"
}

# GET of a loopback URL (the daemons' /json/ pages): curl, else wget, else bash's /dev/tcp.
http_get() {
  if command -v curl >/dev/null; then
    curl -fsSL --max-time 3 "$1" 2>/dev/null
  elif command -v wget >/dev/null; then
    wget -q -T 3 -O - "$1" 2>/dev/null
  else
    local rest=${1#http://} hostport path
    hostport=${rest%%/*}; path=/${rest#*/}
    (
      exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}" || exit 1
      printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
      timeout 3 cat <&3 | sed '1,/^\r\{0,1\}$/d'
    ) 2>/dev/null
  fi
}

alive_workers() {
  # The master's /json lists every registered worker with "state":"ALIVE" (or DEAD, ...); the
  # master's own state is under "status" and applications' under "state" with other values.
  { http_get "$master_ui/json/" || true; } | { grep -o '"state" *: *"ALIVE"' || true; } | wc -l
}

start_daemon() {
  local role=$1; shift
  local log="$run_dir/logs/$role.log"
  # setsid: the daemon outlives this script and a Ctrl-C of the shell that ran it.
  setsid "$home/bin/spark-class" "-Xmx$daemon_heap" "$marker" "$@" </dev/null >"$log" 2>&1 &
  echo "$! $role" >>"$pid_file"
}

stop_all() {
  local pids=() pid role
  while read -r pid role; do
    [ -n "$pid" ] || continue
    # Executors are children of the worker JVMs: collect them before their parent goes.
    local kids
    kids=$(descendants "$pid")
    say "stopping $role (pid $pid${kids:+, executors/children: $(echo $kids)})"
    pids+=($kids "$pid")
  done < <(live_pids)
  if [ "${#pids[@]}" -eq 0 ]; then
    rm -f "$pid_file"
    return 0
  fi
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 20)) left
  while :; do
    left=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    [ "${#left[@]}" -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "still running after 20 s, killing: ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null || true
      deadline=$((SECONDS + 10))
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
  say "stopped"
}

# A daemon that died during start (a busy port, a bad classpath) fails the start at once, with
# its log.
check_daemons() {
  local pid role
  while read -r pid role; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$role (pid $pid) exited during start; last lines of $run_dir/logs/$role.log:"
      tail -n 30 "$run_dir/logs/$role.log" >&2 || true
      stop_all
      exit 1
    fi
  done <"$pid_file"
}

cmd_start() {
  command -v java >/dev/null || die "java not found: install a Java 17 JDK"
  if [ -n "$(live_pids)" ]; then
    die "already running (pid file $pid_file):
$(live_pids)
stop it first: scripts/standalone-cluster.sh stop"
  fi
  build_home
  export SPARK_HOME=$home
  # The launcher needs the Scala version where no source build is present.
  export SPARK_SCALA_VERSION=2.12
  export SPARK_CONF_DIR=$home/conf
  mkdir -p "$run_dir/logs"
  rm -f "$pid_file"
  : >"$pid_file"

  start_daemon master org.apache.spark.deploy.master.Master \
    --host "$host" --port "$master_port" --webui-port "$master_ui_port"
  # Workers started before the master listens retry only every ~5 s; start them once it answers.
  local deadline=$((SECONDS + start_timeout))
  until http_get "$master_ui/json/" >/dev/null; do
    check_daemons
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "the master's web UI $master_ui did not answer within ${start_timeout} s; log: $run_dir/logs/master.log"
      stop_all
      exit 1
    fi
    sleep 0.3
  done
  local i=1 p
  for p in "${worker_ui_ports[@]}"; do
    mkdir -p "$run_dir/work/worker-$i"
    start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker \
      --host "$host" --cores "$worker_cores" --memory "$worker_memory" \
      --work-dir "$run_dir/work/worker-$i" --webui-port "$p" "$master_url"
    i=$((i + 1))
  done

  # Wait with the same deadline until the master reports both workers ALIVE.
  local n=0
  while :; do
    check_daemons
    n=$(alive_workers)
    [ "$n" -ge 2 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "the master at $master_ui reports $n ALIVE workers after ${start_timeout} s, expected 2; logs in $run_dir/logs"
      stop_all
      exit 1
    fi
    sleep 0.5
  done
  say "up: master $master_url (UI $master_ui), 2 workers ALIVE, ${worker_cores} core(s) and $worker_memory each"
  echo "$master_url"
}

cmd_status() {
  local rows
  rows=$(live_pids)
  if [ -z "$rows" ]; then
    echo "not running (no live processes in $pid_file)"
    return 3
  fi
  echo "master $master_url  UI $master_ui  run dir $run_dir"
  local pid role
  while read -r pid role; do
    echo "  $role pid $pid; children: $(echo $(descendants "$pid"))"
  done <<<"$rows"
  echo "  ALIVE workers reported by the master: $(alive_workers)"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) stop_all ;;
  status) cmd_status ;;
  home) build_home; echo "$home" ;;
  *) die "usage: scripts/standalone-cluster.sh start|stop|status|home (found '${1:-}')" ;;
esac
