"""A real Airflow for the DAG tests: a fresh AIRFLOW_HOME with a SQLite metadata database, the DAGs folder of
this repository, and the services scripts/services.sh started (AURORA_TEST_* variables)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "airflow" / "dags"
JAR = ROOT / "jobs" / "target" / "aurora-jobs.jar"

# Before anything imports airflow: its configuration is read once, at import.
_HOME = Path(tempfile.mkdtemp(prefix="aurora-airflow-home-"))
os.environ["AIRFLOW_HOME"] = str(_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_HOME}/airflow.db"
# The first retry delay; the DAGs double it at each retry. Short here so that a retried task ends in seconds.
os.environ["AIRFLOW__CORE__DEFAULT_TASK_RETRY_DELAY"] = "1"
for _name in list(os.environ):
    if _name.startswith(("AIRFLOW_CONN_", "AIRFLOW_VAR_")):
        del os.environ[_name]
sys.path.insert(0, str(DAGS))


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def airflow_db():
    """The metadata database, migrated once per session."""
    from airflow.utils.db import initdb

    initdb()
    return _HOME


def require_env(name: str) -> str:
    """A service's variable; a missing one skips the test, or fails it under AURORA_REQUIRE_SERVICES=1."""
    value = os.environ.get(name)
    if value:
        return value
    message = f"{name} is not set: start the services (scripts/services.sh up) and source their env file"
    if os.environ.get("AURORA_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def jar() -> Path:
    if not JAR.is_file():
        message = f"{JAR} is missing: build it with ./mvnw -pl jobs -am package -DskipTests"
        if os.environ.get("AURORA_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return JAR


@pytest.fixture
def unique_id() -> str:
    """A tenant or dataset id no other test (or helper sharing the services) uses."""
    return "af" + uuid.uuid4().hex[:10]
