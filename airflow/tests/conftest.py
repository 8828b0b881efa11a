"""A real Airflow for the DAG tests: a fresh AIRFLOW_HOME with a SQLite metadata database, the DAGs folder of
this repository, and the services scripts/services.sh started (AURORA_TEST_* variables)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

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


# ---- running the DAGs with dag.test() against the jar and the services

@pytest.fixture(scope="module")
def spark(jar, airflow_db):
    """spark-submit of the cluster's Spark on the PATH; the Spark connections and the jar as Airflow sees them."""
    master = require_env("AURORA_TEST_SPARK_MASTER")
    home = require_env("AURORA_TEST_SPARK_HOME")
    host, port = urlsplit(master).hostname, urlsplit(master).port
    mp = pytest.MonkeyPatch()
    mp.setenv("PATH", f"{home}/bin{os.pathsep}{os.environ['PATH']}")
    mp.setenv("SPARK_HOME", home)
    mp.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    mp.delenv("PYSPARK_PYTHON", raising=False)
    mp.setenv("AIRFLOW_VAR_AURORA_JAR", str(jar))
    mp.setenv("AIRFLOW_CONN_AURORA_SPARK", json.dumps({"conn_type": "spark", "host": host, "port": port}))
    mp.setenv("AIRFLOW_CONN_AURORA_SPARK_LOCAL", json.dumps({"conn_type": "spark", "host": "local[1]"}))
    yield master
    mp.undo()


@pytest.fixture(scope="session")
def dagbag(airflow_db):
    """The DAGs folder parsed as Airflow's DAG processor parses a bundle (the folder on sys.path)."""
    from airflow.dag_processing.dagbag import BundleDagBag

    bag = BundleDagBag(dag_folder=DAGS, bundle_path=DAGS, bundle_name="dags-folder")
    assert bag.import_errors == {}
    return bag


@pytest.fixture
def pushgateway(monkeypatch):
    url = require_env("AURORA_TEST_PUSHGATEWAY_URL").rstrip("/")
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_PUSHGATEWAY_URL", url)
    return url


def spark_conf(monkeypatch, warehouse: Path, **extra: str) -> None:
    conf = {
        "spark.driver.host": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.driver.memory": "1g",
        "spark.executor.memory": "768m",
        "spark.cores.max": "1",
        "spark.aurora.warehouse": str(warehouse),
        **extra,
    }
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_SPARK_CONF", json.dumps(conf))


def postgres_connection(monkeypatch, port: int | None = None) -> None:
    """The aurora_postgres connection to the test PostgreSQL (or to a port where nothing listens)."""
    url = urlsplit(require_env("AURORA_TEST_POSTGRES_URL").removeprefix("jdbc:"))
    monkeypatch.setenv("AIRFLOW_CONN_AURORA_POSTGRES", json.dumps({
        "conn_type": "postgres", "host": url.hostname, "port": port or url.port, "schema": url.path.lstrip("/"),
        "login": require_env("AURORA_TEST_POSTGRES_USER"), "password": require_env("AURORA_TEST_POSTGRES_PASSWORD"),
    }))


def run(dag, logical_date: datetime, **conf) -> dict[str, tuple[str, int]]:
    """One dag.test() run; task id -> (state, try number)."""
    dr = dag.test(logical_date=logical_date, run_conf=conf)
    return {ti.task_id: (ti.state, ti.try_number) for ti in dr.get_task_instances()}


def pushed(url: str, tenant: str, dag_id: str, task_id: str) -> dict[str, float]:
    """The task's samples on the Pushgateway."""
    text = requests.get(url + "/metrics", timeout=10).text
    found = {}
    for line in text.splitlines():
        if (line.startswith("aurora_airflow_task_") and f'tenant="{tenant}"' in line
                and f'task_id="{task_id}"' in line and f'dag_id="{dag_id}"' in line):
            found[line.split("{", 1)[0]] = float(line.rsplit(" ", 1)[1])
    return found


def delta(path: Path):
    from deltalake import DeltaTable

    return DeltaTable(str(path)).to_pandas()
