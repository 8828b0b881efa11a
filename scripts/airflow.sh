#!/usr/bin/env bash
# Apache Airflow for AURORA's DAG tests, in its own virtualenv (Airflow pins many packages).
#
#   scripts/airflow.sh venv          create or update the virtualenv from airflow/requirements-test.txt and
#                                    the pins of airflow/constraints.txt (rebuilt whenever they change)
#   scripts/airflow.sh test [ARGS]   run airflow/tests with pytest (ARGS go to pytest); needs the job jar
#                                    (./mvnw -pl jobs -am package) and, for the Spark tests, the services of
#                                    scripts/services.sh in the environment (AURORA_TEST_SPARK_MASTER, …)
#   scripts/airflow.sh constraints   re-resolve requirements-test.txt in a scratch virtualenv and rewrite
#                                    airflow/constraints.txt (after changing a pin)
#
# The virtualenv is $AURORA_AIRFLOW_VENV, else .services/airflow-venv (CI keeps it under ~/.cache/aurora).
# Each test run gets a fresh AIRFLOW_HOME with a SQLite metadata database (airflow/tests/conftest.py).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SVC=${AURORA_SERVICES_DIR:-$ROOT/.services}
VENV=${AURORA_AIRFLOW_VENV:-$SVC/airflow-venv}
REQ=$ROOT/airflow/requirements-test.txt
CONSTRAINTS=$ROOT/airflow/constraints.txt
PYTHON=${AURORA_AIRFLOW_PYTHON:-python3}

log() { echo "airflow: $*" >&2; }
die() { echo "airflow: ERROR: $*" >&2; exit 1; }

stamp_of() {
  { "$PYTHON" -c 'import sys; print(sys.version_info[:2])'; cat "$ROOT/airflow/requirements.txt" "$REQ" "$CONSTRAINTS"; } \
    | sha256sum | cut -c1-16
}

ensure_python() {
  "$PYTHON" -c 'import sys; assert (3, 10) <= sys.version_info[:2] <= (3, 13)' 2>/dev/null \
    || die "Airflow 3.3 needs Python 3.10-3.13 ($PYTHON)"
  # Debian's python3 has the venv module but not ensurepip until python3-venv is installed
  if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
    command -v apt-get >/dev/null || die "$PYTHON cannot create virtualenvs (install python3-venv)"
    log "apt-get install python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null \
      || die "could not install python3-venv"
  fi
}

cmd_venv() {
  ensure_python
  local stamp; stamp=$VENV/.aurora-airflow-$(stamp_of)
  if [ -f "$stamp" ]; then
    return
  fi
  local t0=$SECONDS
  log "creating $VENV (pins changed or first time; a few minutes)"
  if [ -e "$VENV" ]; then
    [ -f "$VENV/pyvenv.cfg" ] || die "$VENV exists and is not a virtualenv: not replacing it"
    rm -rf "$VENV"
  fi
  "$PYTHON" -m venv "$VENV"
  mkdir -p "$SVC"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQ" -c "$CONSTRAINTS" >"$SVC/airflow-pip.log" 2>&1 \
    || { tail -n 20 "$SVC/airflow-pip.log" >&2; die "pip install failed, see $SVC/airflow-pip.log"; }
  touch "$stamp"
  log "virtualenv ready in $((SECONDS - t0))s"
}

cmd_test() {
  cmd_venv
  [ -f "$ROOT/jobs/target/aurora-jobs.jar" ] || log "no jobs/target/aurora-jobs.jar: the Spark tests need './mvnw -pl jobs -am package'"
  local t0=$SECONDS rc=0
  (cd "$ROOT/airflow" && "$VENV/bin/python" -m pytest "$@") || rc=$?
  log "tests in $((SECONDS - t0))s, exit code $rc"
  return $rc
}

cmd_constraints() {
  ensure_python
  local scratch; scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' RETURN
  "$PYTHON" -m venv "$scratch/venv"
  "$scratch/venv/bin/pip" install -q --disable-pip-version-check -r "$REQ"
  {
    echo "# Every package of the DAGs' test virtualenv, pinned (Airflow's constraints-file approach): the"
    echo "# resolution of requirements-test.txt on Python $("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])'). Regenerate: scripts/airflow.sh constraints"
    "$scratch/venv/bin/pip" freeze --all | grep -v -E '^(pip|setuptools|wheel)=='
  } >"$CONSTRAINTS"
  log "wrote $CONSTRAINTS"
}

case "${1:-}" in
  venv) cmd_venv ;;
  test) shift; cmd_test "$@" ;;
  constraints) cmd_constraints ;;
  *) echo "usage: $0 venv|test [pytest args]|constraints" >&2; exit 2 ;;
esac
