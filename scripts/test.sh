#!/usr/bin/env bash
# The test command of the README: installs what is missing, starts the real services
# (scripts/services.sh up), runs the whole Maven build with every test against them
# (AURORA_REQUIRE_SERVICES=1: a test whose service is missing fails instead of skipping), then the
# Airflow DAG tests (scripts/airflow.sh test: a real Airflow in its own virtualenv, submitting the jar
# that 'verify' packaged), always stops the services it started, and exits non-zero if either failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SVC=${AURORA_SERVICES_DIR:-$ROOT/.services}

if ! java -version 2>&1 | grep -q 'version "17'; then
  echo "test: installing OpenJDK 17" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless >/dev/null \
    || { echo "test: ERROR: Java 17 is required" >&2; exit 1; }
fi
if ! python3 -c 'import venv' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
fi

trap 'scripts/services.sh down' EXIT

t0=$SECONDS
if ! scripts/services.sh up; then
  echo "test: ERROR: the services did not start (see above); not running the tests" >&2
  exit 1
fi
t1=$SECONDS
set -a
# shellcheck disable=SC1091
. "$SVC/env"
set +a
export AURORA_REQUIRE_SERVICES=1

# The compose stack and the workflow are not run here, but must stay valid YAML (PyYAML comes
# with MLflow in the services' virtualenv).
VENV_PY=${AURORA_SERVICES_VENV:-$SVC/venv}/bin/python
[ -x "$VENV_PY" ] || VENV_PY=python3
if ! "$VENV_PY" -c 'import sys, yaml
for f in sys.argv[1:]:
    yaml.safe_load(open(f))
print("test: YAML ok:", *sys.argv[1:], file=sys.stderr)' docker-compose.yml .github/workflows/ci.yml; then
  echo "test: ERROR: docker-compose.yml or .github/workflows/ci.yml is not valid YAML" >&2
  exit 1
fi

if ! bash scripts/services-selftest.sh; then
  echo "test: ERROR: scripts/services-selftest.sh failed" >&2
  exit 1
fi

./mvnw -B -ntp verify "$@"
rc=$?
t2=$SECONDS

arc=0
if [ -f jobs/target/aurora-jobs.jar ]; then
  scripts/airflow.sh test || arc=$?
else
  echo "test: ERROR: no jobs/target/aurora-jobs.jar after maven verify: the Airflow DAG tests cannot run" >&2
  arc=1
fi
t3=$SECONDS
echo "test: services up in $((t1 - t0))s, maven verify in $((t2 - t1))s (exit code $rc)," \
  "airflow DAG tests in $((t3 - t2))s (exit code $arc)" >&2
[ "$rc" -ne 0 ] && exit "$rc"
exit $arc
